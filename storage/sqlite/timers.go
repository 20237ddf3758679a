package sqlite

import (
	"fmt"
	"time"

	"incidentbot/workflow"
)

const (
	qTimerReplace = `
	UPDATE timers SET cancelled_at = ?
	WHERE incident_id = ? AND kind = ? AND key = ? AND fired_at IS NULL AND cancelled_at IS NULL`
	qTimerInsert = `
	INSERT INTO timers (id, incident_id, kind, key, due_at, body) VALUES (?, ?, ?, ?, ?, ?)`
	qTimerCancel = `
	UPDATE timers SET cancelled_at = ?4
	WHERE incident_id = ?1 AND (?2 = '' OR kind = ?2) AND (?3 = '' OR key = ?3)
	  AND fired_at IS NULL AND cancelled_at IS NULL`
	timerColumns = `id, incident_id, kind, key, due_at, body`
	qTimersDue   = `SELECT ` + timerColumns + ` FROM timers
	WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?`
	qTimerFire   = `UPDATE timers SET fired_at = ? WHERE id = ? AND fired_at IS NULL AND cancelled_at IS NULL`
	qTimersOfOne = `SELECT ` + timerColumns + ` FROM timers
	WHERE incident_id = ? AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY due_at, id`
)

// ScheduleTimer implements workflow.TimerTx.
func (t *writeTx) ScheduleTimer(tm workflow.Timer) error {
	now := formatTime(time.Now())
	if _, err := t.exec(qTimerReplace, now, tm.IncidentID.String(), string(tm.Kind), tm.Key); err != nil {
		return fmt.Errorf("replace %s timer: %w", tm.Kind, err)
	}
	body := string(tm.Body)
	if body == "" {
		body = "{}"
	}
	if _, err := t.exec(qTimerInsert, tm.ID.String(), tm.IncidentID.String(), string(tm.Kind), tm.Key, formatTime(tm.Due), body); err != nil {
		return fmt.Errorf("schedule %s timer: %w", tm.Kind, err)
	}
	return nil
}

// CancelTimers implements workflow.TimerTx.
func (t *writeTx) CancelTimers(incident workflow.ID, kind workflow.TimerKind, key string) error {
	if _, err := t.exec(qTimerCancel, incident.String(), string(kind), key, formatTime(time.Now())); err != nil {
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
	return t.timers(qTimersOfOne, incident.String())
}

func (t *writeTx) timers(q string, args ...any) ([]workflow.Timer, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("read timers: %w", err)
	}
	defer rows.Close()
	var out []workflow.Timer
	for rows.Next() {
		var id, incident, kind, key, due, body string
		if err := rows.Scan(&id, &incident, &kind, &key, &due, &body); err != nil {
			return nil, fmt.Errorf("read timers: %w", err)
		}
		tm := workflow.Timer{Kind: workflow.TimerKind(kind), Key: key, Body: []byte(body)}
		if tm.ID, err = workflow.ParseID(id); err != nil {
			return nil, fmt.Errorf("timer %q: %w", id, err)
		}
		if tm.IncidentID, err = workflow.ParseID(incident); err != nil {
			return nil, fmt.Errorf("timer %q: %w", id, err)
		}
		if tm.Due, err = parseTime(due); err != nil {
			return nil, err
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
