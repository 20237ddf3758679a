package postgres

import (
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"incidentbot/workflow"
)

// Timers on several replicas. A timer is claimed (FireTimer) in the
// transaction that acts on it, so its claim needs no lease: a replica that
// dies while acting loses its connection, PostgreSQL rolls the transaction
// back, and the timer is pending again for the next loop. DueTimers takes
// what it returns with FOR UPDATE SKIP LOCKED, so a loop passes over the
// timers another replica is firing just now (nothing depends on it:
// FireTimer decides).
//
// A timer's incident_id is NULL when it belongs to no incident; the queries
// that select one incident's timers compare COALESCE(incident_id, nil uuid),
// the pending-key index's expression, with the owner's id (NilID for none).

const (
	ownerExpr    = `COALESCE(incident_id, '00000000-0000-0000-0000-000000000000'::uuid)`
	timerColumns = `id, incident_id, kind, key, due_at, body`
	qTimerCancel = `
	UPDATE timers SET cancelled_at = clock_timestamp()
	WHERE ` + ownerExpr + ` = $1 AND ($2::text = '' OR kind = $2::text) AND ($3::text = '' OR key = $3::text)
	  AND fired_at IS NULL AND cancelled_at IS NULL`
	// The conflict target is the pending-key index: a pending timer of the
	// same owner, kind and key that another transaction committed meanwhile
	// makes it insert nothing, and ScheduleTimer cancels that one and
	// tries again.
	qTimerInsert = `
	INSERT INTO timers (id, incident_id, kind, key, due_at, body) VALUES ($1, $2, $3, $4, $5, $6)
	ON CONFLICT ((` + ownerExpr + `), kind, key) WHERE fired_at IS NULL AND cancelled_at IS NULL DO NOTHING`
	qTimersDue = `SELECT ` + timerColumns + ` FROM timers
	WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2
	FOR UPDATE SKIP LOCKED`
	qTimerLock   = `SELECT pg_advisory_xact_lock($1)`
	qTimerOwner  = `SELECT incident_id FROM timers WHERE id = $1`
	qTimerLockOf = `SELECT 1 FROM incidents WHERE id = $1` + forUpdate
	qTimerFire   = `UPDATE timers SET fired_at = $1 WHERE id = $2 AND fired_at IS NULL AND cancelled_at IS NULL`
	qTimersOfOne = `SELECT ` + timerColumns + ` FROM timers
	WHERE ` + ownerExpr + ` = $1 AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at, id`
)

// scheduleTries bounds ScheduleTimer's rounds. Schedulers of one timer are
// kept apart by a lock (the incident's, or timerLock's), so the first round
// inserts; the rounds after it only guard against a writer that bypasses
// the lock.
const scheduleTries = 4

// timerLock is the advisory lock key of a timer of no incident.
func timerLock(kind workflow.TimerKind, key string) int64 {
	h := fnv.New64a()
	h.Write([]byte("incidentbot.timer\x00"))
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return int64(h.Sum64())
}

// ScheduleTimer implements workflow.TimerTx: it cancels the pending timer of
// the same owner, kind and key and inserts t. A timer of an incident is
// scheduled under the incident's lock; a timer of no incident under a
// transaction-level advisory lock of its kind and key, so two replicas
// scheduling it at once take turns: the later one's cancel sees the earlier
// one's committed timer and replaces it. (Without the lock the two met only
// at the pending-key index, and a busy timer could lose every round.)
func (t *writeTx) ScheduleTimer(tm workflow.Timer) error {
	body := string(tm.Body)
	if body == "" {
		body = "{}"
	}
	if tm.IncidentID == workflow.NilID {
		if _, err := t.tx.Exec(t.ctx, qTimerLock, timerLock(tm.Kind, tm.Key)); err != nil {
			return fail(fmt.Sprintf("lock %s timer", tm.Kind), err)
		}
	}
	for range scheduleTries {
		if err := t.cancelTimers(tm.IncidentID, tm.Kind, tm.Key); err != nil {
			return fmt.Errorf("replace %s timer: %w", tm.Kind, err)
		}
		tag, err := t.tx.Exec(t.ctx, qTimerInsert, pgID(tm.ID), nullID(tm.IncidentID), string(tm.Kind), tm.Key, tm.Due, body)
		if err != nil {
			return fail(fmt.Sprintf("schedule %s timer", tm.Kind), err)
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
	}
	return fmt.Errorf("schedule %s timer %q: others kept scheduling it: %w", tm.Kind, tm.Key, workflow.ErrBusy)
}

// CancelTimers implements workflow.TimerTx.
func (t *writeTx) CancelTimers(incident workflow.ID, kind workflow.TimerKind, key string) error {
	if err := t.cancelTimers(incident, kind, key); err != nil {
		return fmt.Errorf("cancel timers: %w", err)
	}
	return nil
}

func (t *writeTx) cancelTimers(incident workflow.ID, kind workflow.TimerKind, key string) error {
	if _, err := t.tx.Exec(t.ctx, qTimerCancel, pgID(incident), string(kind), key); err != nil {
		return fail("cancel", err)
	}
	return nil
}

// DueTimers implements workflow.TimerTx.
func (t *writeTx) DueTimers(now time.Time, limit int) ([]workflow.Timer, error) {
	return t.timers(qTimersDue, now, limit)
}

// PendingTimers implements workflow.TimerTx.
func (t *writeTx) PendingTimers(incident workflow.ID) ([]workflow.Timer, error) {
	return t.timers(qTimersOfOne, pgID(incident))
}

func (t *writeTx) timers(q string, args ...any) ([]workflow.Timer, error) {
	rows, err := t.tx.Query(t.ctx, q, args...)
	if err != nil {
		return nil, fail("read timers", err)
	}
	defer rows.Close()
	var out []workflow.Timer
	for rows.Next() {
		var (
			id        [16]byte
			incident  pgtype.UUID
			kind, key string
			body      string
			tm        workflow.Timer
		)
		if err := rows.Scan(&id, &incident, &kind, &key, &tm.Due, &body); err != nil {
			return nil, fail("read timers", err)
		}
		tm.ID, tm.Kind, tm.Key, tm.Body, tm.Due = workflow.ID(id), workflow.TimerKind(kind), key, []byte(body), utc(tm.Due)
		if incident.Valid {
			tm.IncidentID = workflow.ID(incident.Bytes)
		}
		out = append(out, tm)
	}
	if err := rows.Err(); err != nil {
		return nil, fail("read timers", err)
	}
	return out, nil
}

// FireTimer implements workflow.TimerTx. It locks the timer's incident
// first, as a command that reschedules the timer does, so the two never
// deadlock; then claims the timer with a conditional update, which a
// concurrent claim waits for and, re-checking the condition, finds done.
func (t *writeTx) FireTimer(id workflow.ID, at time.Time) (bool, error) {
	what := fmt.Sprintf("fire timer %s", id)
	var incident pgtype.UUID
	err := t.tx.QueryRow(t.ctx, qTimerOwner, pgID(id)).Scan(&incident)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fail(what, err)
	}
	if incident.Valid {
		if _, err := t.tx.Exec(t.ctx, qTimerLockOf, incident); err != nil {
			return false, fail(what, err)
		}
	}
	tag, err := t.tx.Exec(t.ctx, qTimerFire, at, pgID(id))
	if err != nil {
		return false, fail(what, err)
	}
	return tag.RowsAffected() == 1, nil
}
