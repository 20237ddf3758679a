package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"incidentbot/workflow"
)

const (
	qEnqueue = `
	INSERT INTO outbox (id, incident_id, queue, kind, body, created_at, not_before)
	VALUES (?, ?, ?, ?, ?, ?, ?)`
	// The head of each queue (its oldest pending row), if it is due. The
	// queues whose name is in [?1, ?2) are found one index seek each (a skip
	// scan over outbox_pending), and each head with one more, so the cost
	// grows with the number of queues, not with the items they hold: the
	// worker reads the heads after every delivery.
	qDue = `
	WITH RECURSIVE q(queue) AS (
		SELECT (SELECT MIN(queue) FROM outbox WHERE done_at IS NULL AND queue >= ?1 AND queue < ?2)
		UNION ALL
		SELECT (SELECT MIN(h.queue) FROM outbox h WHERE h.done_at IS NULL AND h.queue > q.queue AND h.queue < ?2)
		FROM q WHERE q.queue IS NOT NULL
	)
	SELECT o.id, o.incident_id, o.queue, o.kind, o.body, o.created_at, o.not_before, o.attempts, o.last_error
	FROM q JOIN outbox o ON o.pos = (SELECT MIN(h.pos) FROM outbox h WHERE h.queue = q.queue AND h.done_at IS NULL)
	WHERE o.not_before <= ?3
	ORDER BY o.pos
	LIMIT ?4`
	qPending   = `SELECT count(*) FROM outbox WHERE done_at IS NULL AND substr(queue, 1, length(?1)) = ?1`
	qDelivered = `UPDATE outbox SET done_at = ? WHERE id = ? AND done_at IS NULL`
	qPostpone  = `UPDATE outbox SET not_before = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND done_at IS NULL`
	qAbandon   = `UPDATE outbox SET done_at = ?, abandoned = 1, attempts = attempts + 1, last_error = ? WHERE id = ? AND done_at IS NULL`
	qSetLink   = `
	INSERT INTO links (incident_id, kind, value) VALUES (?, ?, ?)
	ON CONFLICT (incident_id, kind) DO UPDATE SET value = excluded.value`
	qLinks    = `SELECT kind, value FROM links WHERE incident_id = ? ORDER BY kind`
	qLinked   = `SELECT incident_id FROM links WHERE kind = ? AND value = ?`
	qRemember = `INSERT INTO seen_keys (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
)

func nullID(id workflow.ID) any {
	if id == workflow.NilID {
		return nil
	}
	return id.String()
}

// parseNullID reads what nullID stored: NULL is NilID.
func parseNullID(s *string) (workflow.ID, error) {
	if s == nil {
		return workflow.NilID, nil
	}
	return workflow.ParseID(*s)
}

// Enqueue implements workflow.Tx.
func (t *writeTx) Enqueue(items ...workflow.Outgoing) error {
	for _, o := range items {
		if _, err := t.exec(qEnqueue, o.ID.String(), nullID(o.IncidentID), o.Queue, o.Kind, string(o.Body),
			formatTime(o.CreatedAt), formatTime(o.NotBefore)); err != nil {
			return fmt.Errorf("queue %s on %s: %w", o.Kind, o.Queue, err)
		}
	}
	return nil
}

// DueOutgoing implements workflow.DeliveryTx.
func (t *writeTx) DueOutgoing(prefix string, now time.Time, limit int) ([]workflow.Outgoing, error) {
	rows, err := t.query(qDue, prefix, prefixEnd(prefix), formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []workflow.Outgoing
	for rows.Next() {
		var id, queue, kind, body, created, notBefore, lastErr string
		var incident *string
		var o workflow.Outgoing
		if err := rows.Scan(&id, &incident, &queue, &kind, &body, &created, &notBefore, &o.Attempts, &lastErr); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		if o.ID, err = workflow.ParseID(id); err != nil {
			return nil, fmt.Errorf("outbox row %q: %w", id, err)
		}
		if o.IncidentID, err = parseNullID(incident); err != nil {
			return nil, fmt.Errorf("outbox row %q: %w", id, err)
		}
		if o.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if o.NotBefore, err = parseTime(notBefore); err != nil {
			return nil, err
		}
		o.Queue, o.Kind, o.Body, o.LastError = queue, kind, []byte(body), lastErr
		out = append(out, o)
	}
	return out, rows.Err()
}

// prefixEnd is the least string above every string that starts with prefix,
// in SQLite's BINARY order (bytes, as Go compares strings): prefix with its
// last byte that is not 0xff incremented and what follows dropped. A prefix
// of nothing but 0xff bytes (the empty one, say) has no such bound; a string
// of 0xff bytes longer than any queue name stands in for it.
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return strings.Repeat("\xff", 1024)
}

// PendingOutgoing implements workflow.DeliveryTx.
func (t *writeTx) PendingOutgoing(prefix string) (int, error) {
	var n int
	if err := t.queryRow(qPending, prefix).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the outbox: %w", err)
	}
	return n, nil
}

// Delivered implements workflow.DeliveryTx.
func (t *writeTx) Delivered(id workflow.ID, at time.Time) error {
	return t.outboxUpdate("mark delivered", id, qDelivered, formatTime(at), id.String())
}

// Postpone implements workflow.DeliveryTx.
func (t *writeTx) Postpone(id workflow.ID, notBefore time.Time, lastErr string) error {
	return t.outboxUpdate("postpone", id, qPostpone, formatTime(notBefore), lastErr, id.String())
}

// Abandon implements workflow.DeliveryTx.
func (t *writeTx) Abandon(id workflow.ID, at time.Time, lastErr string) error {
	return t.outboxUpdate("abandon", id, qAbandon, formatTime(at), lastErr, id.String())
}

func (t *writeTx) outboxUpdate(what string, id workflow.ID, q string, args ...any) error {
	res, err := t.exec(q, args...)
	if err != nil {
		return fmt.Errorf("%s outbox item %s: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("%s outbox item %s: %w", what, id, err)
	} else if n == 0 {
		return fmt.Errorf("%s outbox item %s: no pending item: %w", what, id, workflow.ErrNotFound)
	}
	return nil
}

// SetLink implements workflow.Tx.
func (t *writeTx) SetLink(l workflow.Link) error {
	if _, err := t.exec(qSetLink, l.IncidentID.String(), l.Kind, l.Value); err != nil {
		if isConstraint(err) {
			return fmt.Errorf("link %s %s: held by another incident: %w", l.Kind, l.Value, workflow.ErrConflict)
		}
		return fmt.Errorf("link %s %s: %w", l.Kind, l.Value, err)
	}
	return nil
}

// Remember implements workflow.Tx.
func (t *writeTx) Remember(key string, at time.Time) (bool, error) {
	res, err := t.exec(qRemember, key, formatTime(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Links implements workflow.ReadTx.
func (t *readTx) Links(id workflow.ID) ([]workflow.Link, error) {
	rows, err := t.query(qLinks, id.String())
	if err != nil {
		return nil, fmt.Errorf("read links: %w", err)
	}
	defer rows.Close()
	var out []workflow.Link
	for rows.Next() {
		l := workflow.Link{IncidentID: id}
		if err := rows.Scan(&l.Kind, &l.Value); err != nil {
			return nil, fmt.Errorf("read links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Linked implements workflow.ReadTx.
func (t *readTx) Linked(kind, value string) (workflow.ID, error) {
	var s string
	err := t.queryRow(qLinked, kind, value).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return workflow.NilID, fmt.Errorf("no incident linked to %s %s: %w", kind, value, workflow.ErrNotFound)
	}
	if err != nil {
		return workflow.NilID, fmt.Errorf("read link %s %s: %w", kind, value, err)
	}
	return workflow.ParseID(s)
}

// QueueBacklog is what one outbox queue holds undelivered.
type QueueBacklog struct {
	Queue  string
	Items  int
	Oldest time.Time // when its oldest undelivered item was queued
}

// qBacklog reads the pending items queue by queue, through outbox_pending.
const qBacklog = `
	SELECT queue, count(*), MIN(created_at) FROM outbox
	WHERE done_at IS NULL GROUP BY queue ORDER BY queue`

// OutboxBacklog lists the queues that hold undelivered items, for operators'
// metrics. It reads on the query-only pool (the writer never waits for it).
func (db *DB) OutboxBacklog(ctx context.Context) ([]QueueBacklog, error) {
	rows, err := db.r.QueryContext(ctx, qBacklog)
	if err != nil {
		return nil, fmt.Errorf("read the outbox backlog: %w", err)
	}
	defer rows.Close()
	var out []QueueBacklog
	for rows.Next() {
		var b QueueBacklog
		var oldest string
		if err := rows.Scan(&b.Queue, &b.Items, &oldest); err != nil {
			return nil, fmt.Errorf("read the outbox backlog: %w", err)
		}
		if b.Oldest, err = parseTime(oldest); err != nil {
			return nil, fmt.Errorf("outbox queue %s: %w", b.Queue, err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
