package sqlite

import (
	"fmt"
	"time"

	"incidentbot/workflow"
)

// A timer's incident_id is NULL when it belongs to no incident; the queries
// that select one incident's timers compare the pending-key index's
// expression, COALESCE(incident_id, the empty string), with timerOwner's value.
const (
	qTimerReplace = `
	UPDATE timers SET cancelled_at = ?
	WHERE COALESCE(incident_id, '') = ? AND kind = ? AND key = ? AND fired_at IS NULL AND cancelled_at IS NULL`
	qTimerInsert = `
	INSERT INTO timers (id, incident_id, kind, key, due_at, body) VALUES (?, ?, ?, ?, ?, ?)`
	qTimerCancel = `
	UPDATE timers SET cancelled_at = ?4
	WHERE COALESCE(incident_id, '') = ?1 AND (?2 = '' OR kind = ?2) AND (?3 = '' OR key = ?3)
	  AND fired_at IS NULL AND cancelled_at IS NULL`
	timerColumns = `id, incident_id, kind, key, due_at, body`
	qTimersDue   = `SELECT ` + timerColumns + ` FROM timers
	WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?`
	qTimerFire   = `UPDATE timers SET fired_at = ? WHERE id = ? AND fired_at IS NULL AND cancelled_at IS NULL`
	qTimersOfOne = `SELECT ` + timerColumns + ` FROM timers
	WHERE COALESCE(incident_id, '') = ? AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at, id`
)

// timerOwner is how queries name the incident a timer belongs to: its id, or
// the empty string for none.
func timerOwner(incident workflow.ID) string {
	if incident.IsZero() {
		return ""
	}
	return incident.String()
}

// ScheduleTimer implements workflow.TimerTx.
func (t *writeTx) ScheduleTimer(tm workflow.Timer) error {
	now := formatTime(time.Now())
	if _, err := t.exec(qTimerReplace, now, timerOwner(tm.IncidentID), string(tm.Kind), tm.Key); err != nil {
		return fmt.Errorf("replace %s timer: %w", tm.Kind, err)
	}
	body := string(tm.Body)
	if body == "" {
		body = "{}"
	}
	if _, err := t.exec(qTimerInsert, tm.ID.String(), nullID(tm.IncidentID), string(tm.Kind), tm.Key, formatTime(tm.Due), body); err != nil {
		return fmt.Errorf("schedule %s timer: %w", tm.Kind, err)
	}
	return nil
}

// CancelTimers implements workflow.TimerTx.
func (t *writeTx) CancelTimers(incident workflow.ID, kind workflow.TimerKind, key string) error {
	if _, err := t.exec(qTimerCancel, timerOwner(incident), string(kind), key, formatTime(time.Now())); err != nil {
		return fmt.Errorf("cancel timers: %w", err)
	}
	return nil
}

// DueTimers implements workflow.TimerTx.
func (t *writeTx) DueTimers(now time.Time, limit int) ([]workflow.Timer, error) {
	return t.timers(qTimersDue, formatTime(now), limit)
}

// PendingTimers implements workflow.TimerTx.
func (t *writeTx) PendingTimers(incident workflow.ID) ([]workflow.Timer, error) {
	return t.timers(qTimersOfOne, timerOwner(incident))
}

func (t *writeTx) timers(q string, args ...any) ([]workflow.Timer, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("read timers: %w", err)
	}
	defer rows.Close()
	var out []workflow.Timer
	for rows.Next() {
		var id, kind, key, due, body string
		var incident *string // NULL: no incident
		if err := rows.Scan(&id, &incident, &kind, &key, &due, &body); err != nil {
			return nil, fmt.Errorf("read timers: %w", err)
		}
		tm := workflow.Timer{Kind: workflow.TimerKind(kind), Key: key, Body: []byte(body)}
		tm.ID, err = workflow.ParseID(id)
		if err == nil {
			tm.IncidentID, err = parseNullID(incident)
		}
		if err == nil {
			tm.Due, err = parseTime(due)
		}
		if err != nil {
			return nil, fmt.Errorf("timer %q: %w", id, err)
		}
		out = append(out, tm)
	}
	return out, rows.Err()
}

// FireTimer implements workflow.TimerTx.
func (t *writeTx) FireTimer(id workflow.ID, at time.Time) (bool, error) {
	res, err := t.exec(qTimerFire, formatTime(at), id.String())
	if err != nil {
		return false, fmt.Errorf("fire timer %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
