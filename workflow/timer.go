package workflow

import (
	"time"
)

// TimerKind is what a timer does when it comes due.
type TimerKind string

const (
	TimerAck        TimerKind = "ack"        // the person paged has not acknowledged: next link
	TimerStatus     TimerKind = "status"     // no status update for the level's interval: remind
	TimerUnassigned TimerKind = "unassigned" // commander or scribe still unassigned: remind
)

// Timer is a step due at a time. Timers are rows, not goroutines: they
// survive a restart, and each is claimed once (FireTimer) in the same
// transaction as what it does.
type Timer struct {
	ID         ID
	IncidentID ID // NilID: the timer belongs to no incident (a reminder about drills or findings)
	Kind       TimerKind
	Key        string // distinguishes timers of one kind, e.g. the role of an ack chain
	Due        time.Time
	Body       []byte // the kind's state as JSON (chain position, level, …)
}

// TimerTx is what timers need from a store; every method runs inside
// Store.Update. A timer belongs to an incident or, with IncidentID NilID, to
// none; the methods that take an incident take NilID for the timers of no
// incident, which are apart from every incident's.
type TimerTx interface {
	// ScheduleTimer adds t, replacing a pending timer of the same incident
	// (or none), kind and key. Isolation: at most one timer is pending per
	// incident, kind and key (a unique key over pending timers); an
	// incident's timers are scheduled under its lock (ReadTx.Incident), and
	// two transactions scheduling the same timer of no incident must leave
	// one (PostgreSQL: INSERT … ON CONFLICT on that key, cancelling the old).
	ScheduleTimer(t Timer) error
	// CancelTimers cancels the incident's pending timers (NilID: those of no
	// incident) of kind (all kinds if empty) and key (all keys if empty).
	// Isolation: it cancels what this transaction sees; incident timers
	// change only under the incident's lock, so none is missed.
	CancelTimers(incident ID, kind TimerKind, key string) error
	// DueTimers returns pending timers due at now, earliest first, with or
	// without an incident. Isolation: a plain read that claims nothing: two
	// timer loops may both see a timer, and FireTimer decides. (PostgreSQL may
	// add SKIP LOCKED to spread loops over timers; nothing depends on it.)
	DueTimers(now time.Time, limit int) ([]Timer, error)
	// FireTimer claims a pending timer; false if it was fired or cancelled
	// already (by another worker, or before a restart). Isolation: a
	// conditional update (still pending) whose row lock a concurrent claim
	// waits for and then finds the timer claimed (PostgreSQL at READ
	// COMMITTED re-checks the condition after the wait). The claim is part of
	// the transaction that acts on the timer: a rollback leaves it pending.
	FireTimer(id ID, at time.Time) (bool, error)
	// PendingTimers lists the incident's pending timers (NilID: those of no
	// incident), earliest first. Isolation: a plain read.
	PendingTimers(incident ID) ([]Timer, error)
}

// outlivesClose reports whether inc's timers of kind k stay pending when
// it closes (or its drill ends): a finding's due date, a drill's contact
// check window, and a real incident's deadlines with their daily reminder
// (deadline_clock.go; a drill's run on its clock and stop with it). Every
// other kind is cancelled then, and one of them that comes due on a closed
// incident does nothing (timerDue).
func outlivesClose(inc *Incident, k TimerKind) bool {
	switch k {
	case TimerFindingDue, TimerContactWindow:
		return true
	case TimerDeadline, TimerDeadlineDaily:
		return !inc.Drill
	}
	return false
}

// cancelAtClose cancels inc's pending timers but those that outlive its
// close.
func cancelAtClose(tx Tx, inc *Incident) error {
	pending, err := tx.PendingTimers(inc.ID)
	if err != nil {
		return err
	}
	done := map[TimerKind]bool{}
	for _, t := range pending {
		if outlivesClose(inc, t.Kind) || done[t.Kind] {
			continue
		}
		done[t.Kind] = true
		if err := tx.CancelTimers(inc.ID, t.Kind, ""); err != nil {
			return err
		}
	}
	return nil
}
