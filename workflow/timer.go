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
	IncidentID ID
	Kind       TimerKind
	Key        string // distinguishes timers of one kind, e.g. the role of an ack chain
	Due        time.Time
	Body       []byte // the kind's state as JSON (chain position, level, …)
}

// TimerTx is what timers need from a store; every method runs inside
// Store.Update.
type TimerTx interface {
	// ScheduleTimer adds t, replacing a pending timer of the same incident,
	// kind and key.
	ScheduleTimer(t Timer) error
	// CancelTimers cancels the incident's pending timers of kind (all kinds
	// if empty) and key (all keys if empty).
	CancelTimers(incident ID, kind TimerKind, key string) error
	// DueTimers returns pending timers due at now, earliest first.
	DueTimers(now time.Time, limit int) ([]Timer, error)
	// FireTimer claims a pending timer; false if it was fired or cancelled
	// already (by another worker, or before a restart).
	FireTimer(id ID, at time.Time) (bool, error)
	// PendingTimers lists the incident's pending timers, earliest first.
	PendingTimers(incident ID) ([]Timer, error)
}
