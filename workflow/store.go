package workflow

import (
	"context"
	"time"
)

// Store keeps incidents and their timelines. Implementations: storage/sqlite
// (one host), storage/postgres (several replicas on one database).
// storage/storetest is the contract every implementation passes.
//
// Update runs fn in one write transaction and commits only if fn returns nil;
// when Update returns nil the change is durable (a crash afterwards loses
// nothing). Write transactions are serialized: fn sees a state no other writer
// changes under it. View runs fn in a read transaction that sees one snapshot.
// Errors returned by fn are returned unchanged, so errors.Is/As on the result
// work.
//
// fn runs at most once per Update. A store may commit several Updates
// together (group commit: one transaction, one sync to disk); each still
// succeeds or fails alone (a failing or panicking fn undoes only its own
// writes), fn sees the writes of those that ran before it, and each caller
// is answered only after the commit that holds its change. Update fails with
// ErrBusy, having run nothing, when ctx ends before fn could start (the
// writer was busy with others); once fn has started, Update waits for the
// commit whatever ctx does. A store with a server (PostgreSQL) also fails
// with ErrBusy, having applied nothing, when the server cannot be reached or
// ends the transaction itself (a lost connection, a deadlock): fn may then
// have run, once, but none of its writes commits, and the caller answers as
// for any ErrBusy ("busy, try again").
//
// Isolation. Callers never retry an Update: the store makes each one behave
// as if it ran alone. Each method below says, after "Isolation:", what it
// relies on. The SQLite store has all of it from one writer connection whose
// transactions begin IMMEDIATE (an Update holds the file's write lock from
// its first statement to its end) and from WAL snapshots for View. A store
// with concurrent writers (PostgreSQL, several replicas) gets it from row
// locks taken by the methods that read what the transaction will change
// (SELECT … FOR UPDATE on incident rows, or FOR NO KEY UPDATE, which is as
// exclusive between writers; and on a counter per series), from
// unique keys, and from leases for the work queues (outbox, timers), at READ
// COMMITTED or stronger.
type Store interface {
	// Update runs fn in a write transaction. fn must not call Update or View
	// on the same store (SQLite: the writer is one connection).
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction. Isolation: every read of fn
	// sees the same committed snapshot, and View never waits for writers
	// (SQLite: WAL readers; PostgreSQL: REPEATABLE READ, READ ONLY), so
	// export, verify and stats run beside serve.
	View(ctx context.Context, fn func(ReadTx) error) error
}

// ReadTx reads incidents and events. In View the reads take no locks; in
// Update, Incident and Incidents also lock what they return (see there).
type ReadTx interface {
	// Incident returns the incident named by ref (number in its series, or id);
	// ErrNotFound if there is none, with the standard not-found message.
	// Isolation: in Update this read starts a read-modify-write, so it locks
	// the incident against other writers until the transaction ends
	// (PostgreSQL: SELECT … FOR UPDATE). Events appended, payloads redacted
	// and the SaveIncident that follow rely on that lock.
	Incident(ref Ref) (*Incident, error)
	// Incidents returns the incidents the filter selects, ordered by series (real
	// first) then number. Isolation: in Update it locks the incidents it
	// returns as Incident does (the service changes an incident it found by
	// listing: "the only open incident"); locking in this order keeps two
	// listings from deadlocking.
	Incidents(f Filter) ([]*Incident, error)
	// Events returns the incident's whole timeline in seq order, redacted
	// payloads as Tombstone with Redacted set. An unknown id gives no events.
	// Isolation: a plain read; in Update, of an incident the transaction has
	// locked.
	Events(id ID) ([]Event, error)
	// EventPage returns at most limit events of the incident with seq
	// greater than after, in seq order, exactly as Events returns them;
	// with kinds, only events of those kinds (the others are passed over).
	// Reading page by page keeps memory flat however long the timeline is:
	// the report and verify read this way (EachEvent). An unknown id, or
	// after at or past the last event, gives no events. Isolation: a plain
	// read; in View every page comes from the snapshot of the first.
	EventPage(id ID, after, limit int, kinds []EventKind) ([]Event, error)
	// EventHeads is EventPage without the payloads, for a list of the
	// events: each event holds IncidentID, Seq, Kind, OccurredAt,
	// RecordedAt, Actor, Subject and Hash only (no Body, ID, PayloadHash
	// or PrevHash; Redacted is false, as only the payload says it).
	// Isolation: as EventPage.
	EventHeads(id ID, after, limit int) ([]Event, error)
	// Links returns the incident's links to outside objects. Isolation: a
	// plain read.
	Links(id ID) ([]Link, error)
	// Linked returns the incident that holds the link kind=value; ErrNotFound
	// if none does. Isolation: a plain read; the caller then reads the
	// incident with Incident, which locks.
	Linked(kind, value string) (ID, error)
}

// Filter selects incidents for listing.
type Filter struct {
	OpenOnly bool      // phase is not closed
	Drill    *bool     // nil: both series
	Since    time.Time // opened at or after; zero: all
}

// SinceStored is Since rounded up to the next microsecond, the precision
// of stored times, so a store comparing with it keeps "opened at or after"
// exact. Every store uses it rather than rounding on its own.
func (f Filter) SinceStored() time.Time {
	c := f.Since.Truncate(time.Microsecond)
	if c.Before(f.Since) {
		c = c.Add(time.Microsecond)
	}
	return c
}

// Tx is a write transaction.
type Tx interface {
	ReadTx
	// NewID makes a new id (a time-ordered UUIDv7) for an incident, an event,
	// an outbox item or a timer. Isolation: none needed; ids never repeat.
	NewID() (ID, error)
	// NextNumber is the next free number in the real or the drill series.
	// Isolation: the number is this transaction's until it ends: another
	// Update asking for the same series waits (SQLite: the write lock;
	// PostgreSQL: SELECT … FOR UPDATE on the series' counter row, which
	// CreateIncident moves on). A rollback gives the number back, so the
	// numbers of a series have no gaps and none is taken twice.
	NextNumber(drill bool) (int, error)
	// CreateIncident stores a new incident snapshot (Version 1 or more).
	// ErrConflict if its id, or its number in its series, is taken (unique
	// keys: the last defence should NextNumber's lock be missing).
	CreateIncident(inc *Incident) error
	// SaveIncident replaces the snapshot. It fails with ErrConflict unless the
	// stored version is still prevVersion (the version the caller read).
	// Isolation: a conditional update on the version (optimistic); under the
	// lock Incident took it cannot fail for a version read in the same
	// transaction, so ErrConflict means a caller saved a snapshot it read
	// elsewhere.
	SaveIncident(inc *Incident, prevVersion int) error
	// AppendEvents adds sealed events. Events are never updated or deleted.
	// ErrConflict if an event's (incident, seq) or id is taken. Isolation:
	// the incident's lock (Incident) makes one transaction at a time append
	// to a chain; the unique (incident, seq) catches any other.
	AppendEvents(events []Event) error
	// RedactPayload replaces the stored body of event seq with Tombstone and
	// marks it redacted; the event row itself (with its hashes) is untouched.
	// ErrNotFound if there is no such event. Isolation: the incident's lock.
	RedactPayload(id ID, seq int) error
	// Enqueue queues messages for adapters to deliver once this transaction
	// commits (see Outgoing). Isolation: items are invisible to DueOutgoing
	// until the commit; a queue holds them in the order of the transactions
	// that committed them, and one transaction's in the order given.
	Enqueue(items ...Outgoing) error
	// SetLink creates or replaces the incident's link of that kind. ErrConflict
	// if another incident holds the same kind and value. Isolation: a unique
	// (kind, value) decides between concurrent links.
	SetLink(l Link) error
	// Remember records an idempotency key (a Slack event id, an envelope id);
	// it reports false if the key was already recorded, so a redelivered
	// request can be answered without a second effect. Isolation: a unique
	// key with INSERT … ON CONFLICT DO NOTHING: a concurrent Remember of the
	// same key waits for the first transaction and then reports false (true
	// if that one rolled back), so exactly one request has the effect.
	Remember(key string, at time.Time) (bool, error)
	DeliveryTx
	TimerTx
}
