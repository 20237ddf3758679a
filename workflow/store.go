package workflow

import (
	"context"
	"time"
)

// Store keeps incidents and their timelines. Implementations: storage/sqlite.
//
// Update runs fn in one write transaction and commits only if fn returns nil;
// when Update returns nil the change is durable (a crash afterwards loses
// nothing). Write transactions are serialized: fn sees a state no other writer
// changes under it. View runs fn in a read transaction that sees one snapshot.
// Errors returned by fn are returned unchanged (wrapped at most), so
// errors.Is/As on the result work.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(ReadTx) error) error
}

// ReadTx reads incidents and events.
type ReadTx interface {
	// Incident returns the incident named by ref (number in its series, or id);
	// ErrNotFound if there is none.
	Incident(ref Ref) (*Incident, error)
	// Incidents returns the incidents the filter selects, ordered by series (real
	// first) then number.
	Incidents(f Filter) ([]*Incident, error)
	// Events returns the incident's whole timeline in seq order, redacted
	// payloads as Tombstone with Redacted set. An unknown id gives no events.
	Events(id ID) ([]Event, error)
	// Links returns the incident's links to outside objects.
	Links(id ID) ([]Link, error)
	// Linked returns the incident that holds the link kind=value; ErrNotFound
	// if none does.
	Linked(kind, value string) (ID, error)
}

// Filter selects incidents for listing.
type Filter struct {
	OpenOnly bool      // phase is not closed
	Drill    *bool     // nil: both series
	Since    time.Time // opened at or after; zero: all
}

// Tx is a write transaction.
type Tx interface {
	ReadTx
	// NewID makes a new id (a time-ordered UUIDv7) for an incident, an event,
	// an outbox item or a timer.
	NewID() (ID, error)
	// NextNumber is the next free number in the real or the drill series.
	NextNumber(drill bool) (int, error)
	// CreateIncident stores a new incident snapshot (Version 1 or more).
	CreateIncident(inc *Incident) error
	// SaveIncident replaces the snapshot. It fails with ErrConflict unless the
	// stored version is still prevVersion (the version the caller read).
	SaveIncident(inc *Incident, prevVersion int) error
	// AppendEvents adds sealed events. Events are never updated or deleted.
	AppendEvents(events []Event) error
	// RedactPayload replaces the stored body of event seq with Tombstone and
	// marks it redacted; the event row itself (with its hashes) is untouched.
	// ErrNotFound if there is no such event.
	RedactPayload(id ID, seq int) error
	// Enqueue queues messages for adapters to deliver once this transaction
	// commits (see Outgoing).
	Enqueue(items ...Outgoing) error
	// SetLink creates or replaces the incident's link of that kind. ErrConflict
	// if another incident holds the same kind and value.
	SetLink(l Link) error
	// Remember records an idempotency key (a Slack event id, an envelope id);
	// it reports false if the key was already recorded, so a redelivered
	// request can be answered without a second effect.
	Remember(key string, at time.Time) (bool, error)
	DeliveryTx
	TimerTx
}
