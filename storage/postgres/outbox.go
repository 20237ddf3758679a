package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"incidentbot/workflow"
)

// The outbox on several replicas.
//
// Order per queue: a queue's items are delivered by position, so positions
// must grow in the order the transactions that queued them commit. Enqueue
// takes a transaction-level advisory lock per queue (keys sorted, so two
// Enqueues of one transaction order their locks alike): a second
// transaction queueing on the same queue waits until the first has ended,
// and takes its positions after it.
//
// One item in flight per queue: DueOutgoing reads the head of each queue
// (its oldest pending item) and takes the due ones with FOR UPDATE SKIP
// LOCKED, then leases them to this store (lease_owner, lease_until on the
// database's clock, so replicas' clocks need not agree). Another store
// passes over a queue whose head is leased to someone else until the lease
// runs out; the store that holds it sees it again, and each look renews the
// lease, as the worker of one process keeps its own queues apart already.
// Delivered, Postpone and Abandon end the lease. A replica that dies in the
// middle of a delivery leaves its lease to run out, and then another
// replica delivers the item (at least once, as ever).

const (
	qDue = `
	WITH RECURSIVE q(queue) AS (
		SELECT (SELECT min(queue) FROM outbox WHERE done_at IS NULL AND queue >= $1 AND queue < $2)
		UNION ALL
		SELECT (SELECT min(h.queue) FROM outbox h WHERE h.done_at IS NULL AND h.queue > q.queue AND h.queue < $2)
		FROM q WHERE q.queue IS NOT NULL
	), heads AS (
		SELECT (SELECT h.pos FROM outbox h WHERE h.queue = q.queue AND h.done_at IS NULL ORDER BY h.pos LIMIT 1) AS pos
		FROM q WHERE q.queue IS NOT NULL
	)
	SELECT o.pos, o.id, o.incident_id, o.queue, o.kind, o.body, o.created_at, o.not_before, o.attempts, o.last_error
	FROM outbox o JOIN heads ON o.pos = heads.pos
	WHERE o.done_at IS NULL AND o.not_before <= $3
	  AND (o.lease_owner IS NULL OR o.lease_owner = $5 OR o.lease_until <= clock_timestamp())
	ORDER BY o.pos
	LIMIT $4
	FOR UPDATE OF o SKIP LOCKED`
	qLease = `
	UPDATE outbox SET lease_owner = $1, lease_until = clock_timestamp() + $2::interval
	WHERE pos = ANY($3)`
	qEnqueue = `
	INSERT INTO outbox (id, incident_id, queue, kind, body, created_at, not_before)
	VALUES ($1, $2, $3, $4, $5, $6, $7)`
	qQueueLocks = `SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::bigint[]) AS k`
	qPending    = `SELECT count(*) FROM outbox WHERE done_at IS NULL AND queue >= $1 AND queue < $2`
	qDelivered  = `UPDATE outbox SET done_at = $1, lease_owner = NULL, lease_until = NULL WHERE id = $2 AND done_at IS NULL`
	qPostpone   = `
	UPDATE outbox SET not_before = $1, attempts = attempts + 1, last_error = $2, lease_owner = NULL, lease_until = NULL
	WHERE id = $3 AND done_at IS NULL`
	qAbandon = `
	UPDATE outbox SET done_at = $1, abandoned = true, attempts = attempts + 1, last_error = $2, lease_owner = NULL, lease_until = NULL
	WHERE id = $3 AND done_at IS NULL`
)

// queueLock is the advisory lock key of a queue.
func queueLock(queue string) int64 {
	h := fnv.New64a()
	h.Write([]byte("incidentbot.outbox\x00"))
	h.Write([]byte(queue))
	return int64(h.Sum64())
}

// Enqueue implements workflow.Tx: it locks each queue it writes to until
// the transaction ends, then queues the items in the order given.
func (t *writeTx) Enqueue(items ...workflow.Outgoing) error {
	if len(items) == 0 {
		return nil
	}
	keys := make([]int64, 0, len(items))
	for _, o := range items {
		keys = append(keys, queueLock(o.Queue))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	b := &pgx.Batch{}
	b.Queue(qQueueLocks, keys)
	for _, o := range items {
		b.Queue(qEnqueue, pgID(o.ID), nullID(o.IncidentID), o.Queue, o.Kind, string(o.Body), o.CreatedAt, o.NotBefore)
	}
	br := t.tx.SendBatch(t.ctx, b)
	var first error
	if _, err := br.Exec(); err != nil {
		first = fail("lock the outbox queues", err)
	}
	for _, o := range items {
		if _, err := br.Exec(); err != nil && first == nil {
			first = fail(fmt.Sprintf("queue %s on %s", o.Kind, o.Queue), err)
		}
	}
	if err := br.Close(); err != nil && first == nil {
		first = fail("queue outbox items", err)
	}
	return first
}

// DueOutgoing implements workflow.DeliveryTx: the due heads not leased to
// another store, leased to this one.
func (t *writeTx) DueOutgoing(prefix string, now time.Time, limit int) ([]workflow.Outgoing, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := t.tx.Query(t.ctx, qDue, prefix, prefixEnd(prefix), now, limit, pgID(workflow.ID(t.db.owner)))
	if err != nil {
		return nil, fail("read outbox", err)
	}
	out, positions, err := scanOutgoing(rows)
	if err != nil {
		return nil, fail("read outbox", err)
	}
	if len(positions) > 0 {
		lease := pgtype.Interval{Microseconds: t.db.lease.Microseconds(), Valid: true}
		if _, err := t.tx.Exec(t.ctx, qLease, pgID(workflow.ID(t.db.owner)), lease, positions); err != nil {
			return nil, fail("lease outbox items", err)
		}
	}
	return out, nil
}

func scanOutgoing(rows pgx.Rows) ([]workflow.Outgoing, []int64, error) {
	defer rows.Close()
	var out []workflow.Outgoing
	var positions []int64
	for rows.Next() {
		var (
			o        workflow.Outgoing
			pos      int64
			id       [16]byte
			incident pgtype.UUID
			body     string
		)
		if err := rows.Scan(&pos, &id, &incident, &o.Queue, &o.Kind, &body, &o.CreatedAt, &o.NotBefore, &o.Attempts, &o.LastError); err != nil {
			return nil, nil, err
		}
		o.ID = workflow.ID(id)
		if incident.Valid {
			o.IncidentID = workflow.ID(incident.Bytes)
		}
		o.Body = []byte(body)
		o.CreatedAt, o.NotBefore = utc(o.CreatedAt), utc(o.NotBefore)
		out = append(out, o)
		positions = append(positions, pos)
	}
	return out, positions, rows.Err()
}

// maxQueueName stands in for "no upper bound": a string of the greatest
// code point longer than any queue name.
var maxQueueName = strings.Repeat(string(utf8.MaxRune), 256)

// prefixEnd is the least string above every string that starts with prefix,
// in byte order (COLLATE "C"; for UTF-8 that is code point order): prefix
// with its last code point below the greatest incremented and what follows
// dropped. Unlike SQLite's, it must stay valid UTF-8, so it steps over the
// surrogates. A prefix of nothing but greatest code points (the empty one,
// say) has no bound but maxQueueName.
func prefixEnd(prefix string) string {
	r := []rune(prefix)
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] < utf8.MaxRune {
			r[i]++
			if r[i] == 0xD800 {
				r[i] = 0xE000
			}
			return string(r[:i+1])
		}
	}
	return maxQueueName
}

// PendingOutgoing implements workflow.DeliveryTx.
func (t *writeTx) PendingOutgoing(prefix string) (int, error) {
	var n int
	if err := t.tx.QueryRow(t.ctx, qPending, prefix, prefixEnd(prefix)).Scan(&n); err != nil {
		return 0, fail("count the outbox", err)
	}
	return n, nil
}

// Delivered implements workflow.DeliveryTx.
func (t *writeTx) Delivered(id workflow.ID, at time.Time) error {
	return t.outboxUpdate("mark delivered", id, qDelivered, at, pgID(id))
}

// Postpone implements workflow.DeliveryTx.
func (t *writeTx) Postpone(id workflow.ID, notBefore time.Time, lastErr string) error {
	return t.outboxUpdate("postpone", id, qPostpone, notBefore, lastErr, pgID(id))
}

// Abandon implements workflow.DeliveryTx.
func (t *writeTx) Abandon(id workflow.ID, at time.Time, lastErr string) error {
	return t.outboxUpdate("abandon", id, qAbandon, at, lastErr, pgID(id))
}

func (t *writeTx) outboxUpdate(what string, id workflow.ID, q string, args ...any) error {
	tag, err := t.tx.Exec(t.ctx, q, args...)
	if err != nil {
		return fail(fmt.Sprintf("%s outbox item %s", what, id), err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s outbox item %s: no pending item: %w", what, id, workflow.ErrNotFound)
	}
	return nil
}

// SetLink implements workflow.Tx. A clash with another incident's link is
// ErrConflict and leaves the transaction usable (the statement runs in a
// savepoint of its own).
func (t *writeTx) SetLink(l workflow.Link) error {
	what := fmt.Sprintf("link %s %s", l.Kind, l.Value)
	sp, err := t.tx.Begin(t.ctx)
	if err != nil {
		return fail(what, err)
	}
	_, err = sp.Exec(t.ctx, `
	INSERT INTO links (incident_id, kind, value) VALUES ($1, $2, $3)
	ON CONFLICT (incident_id, kind) DO UPDATE SET value = excluded.value`, pgID(l.IncidentID), l.Kind, l.Value)
	if err != nil {
		if rerr := sp.Rollback(t.ctx); rerr != nil {
			return fail(what, errors.Join(err, rerr))
		}
		if isUnique(err) {
			return fmt.Errorf("%s: held by another incident: %w", what, workflow.ErrConflict)
		}
		return fail(what, err)
	}
	if err := sp.Commit(t.ctx); err != nil {
		return fail(what, err)
	}
	return nil
}

// Remember implements workflow.Tx: a concurrent Remember of the same key
// waits for the first transaction, then finds the key taken (or free, if
// that one rolled back).
func (t *writeTx) Remember(key string, at time.Time) (bool, error) {
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO seen_keys (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, at)
	if err != nil {
		return false, fail("remember "+key, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Links implements workflow.ReadTx.
func (t *readTx) Links(id workflow.ID) ([]workflow.Link, error) {
	rows, err := t.tx.Query(t.ctx, `SELECT kind, value FROM links WHERE incident_id = $1 ORDER BY kind`, pgID(id))
	if err != nil {
		return nil, fail("read links", err)
	}
	defer rows.Close()
	var out []workflow.Link
	for rows.Next() {
		l := workflow.Link{IncidentID: id}
		if err := rows.Scan(&l.Kind, &l.Value); err != nil {
			return nil, fail("read links", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fail("read links", err)
	}
	return out, nil
}

// Linked implements workflow.ReadTx.
func (t *readTx) Linked(kind, value string) (workflow.ID, error) {
	var id [16]byte
	err := t.tx.QueryRow(t.ctx, `SELECT incident_id FROM links WHERE kind = $1 AND value = $2`, kind, value).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return workflow.NilID, fmt.Errorf("no incident linked to %s %s: %w", kind, value, workflow.ErrNotFound)
	}
	if err != nil {
		return workflow.NilID, fail(fmt.Sprintf("read link %s %s", kind, value), err)
	}
	return workflow.ID(id), nil
}

// QueueBacklog is what one outbox queue holds undelivered.
type QueueBacklog struct {
	Queue  string
	Items  int
	Oldest time.Time // when its oldest undelivered item was queued
}

// OutboxBacklog lists the queues that hold undelivered items, for operators'
// metrics, outside any write transaction.
func (db *DB) OutboxBacklog(ctx context.Context) ([]QueueBacklog, error) {
	rows, err := db.pool.Query(ctx, `
	SELECT queue, count(*), min(created_at) FROM outbox
	WHERE done_at IS NULL GROUP BY queue ORDER BY queue`)
	if err != nil {
		return nil, fmt.Errorf("read the outbox backlog: %w", err)
	}
	defer rows.Close()
	var out []QueueBacklog
	for rows.Next() {
		var b QueueBacklog
		if err := rows.Scan(&b.Queue, &b.Items, &b.Oldest); err != nil {
			return nil, fmt.Errorf("read the outbox backlog: %w", err)
		}
		b.Oldest = utc(b.Oldest)
		out = append(out, b)
	}
	return out, rows.Err()
}
