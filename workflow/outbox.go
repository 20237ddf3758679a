package workflow

import (
	"fmt"
	"time"
)

// Outgoing is a message an adapter must deliver outside the bot (a Slack post,
// a card update, a topic change). It is queued in the same transaction as the
// change that caused it, so a committed change always has its notifications
// queued, and a delivery worker sends them afterwards, at least once.
//
// The workflow does not read Kind or Body: they belong to the adapter that
// queued the item. Items of one Queue are delivered in the order they were
// queued; different queues are independent.
type Outgoing struct {
	ID         ID
	IncidentID ID     // the incident it is about; NilID if none
	Queue      string // ordering key, e.g. "slack:incident:<id>"
	Kind       string // what to do, adapter-defined
	Body       []byte // how, adapter-defined (JSON)
	CreatedAt  time.Time
	NotBefore  time.Time // not delivered before this time (retry backoff)
	Attempts   int       // failed attempts so far
	LastError  string    // the last failure, for operators
}

// NewOutgoing builds an item with a fresh id (from ids: the store's
// Tx.NewID), due at once.
func NewOutgoing(ids IDSource, incident ID, queue, kind string, body []byte, now time.Time) (Outgoing, error) {
	id, err := ids()
	if err != nil {
		return Outgoing{}, fmt.Errorf("new outbox id: %w", err)
	}
	return Outgoing{ID: id, IncidentID: incident, Queue: queue, Kind: kind, Body: body, CreatedAt: now, NotBefore: now}, nil
}

// Link ties an incident to an object outside the bot: the Slack channel it
// runs in, the message of its pinned summary card. One link per incident and
// kind; a kind's value is unique across incidents.
type Link struct {
	IncidentID ID
	Kind       string // adapter-defined, e.g. "slack.channel"
	Value      string // e.g. the channel id
}

// DeliveryTx is what a delivery worker (package outbox) needs from a store,
// beside Store itself. Every method runs inside Store.Update, so marking an
// item delivered, linking what the delivery created and queueing follow-ups
// commit together.
//
// Isolation. The worker reads the due heads in one transaction, delivers
// outside any transaction, and records the outcome in another. With SQLite
// one serve runs per file, so one worker takes each prefix and nothing else
// needs to hold a head while it is delivered. Several workers on one prefix
// (PostgreSQL replicas) need DueOutgoing to lease what it returns: lock the
// heads with SELECT … FOR UPDATE SKIP LOCKED and lease them to this store
// until a lease time from now in the same transaction, so another worker
// skips a queue whose head is out, and a crashed worker's head comes due
// again when the lease runs out. The store that holds a lease sees its head
// again (its worker keeps a queue in flight apart itself) and renews it;
// Delivered, Postpone and Abandon end it.
type DeliveryTx interface {
	// DueOutgoing returns, for each queue whose name starts with prefix, its
	// first undelivered item if it is due at now; at most limit items, oldest
	// first. Each adapter takes its own queues ("slack:", "paging:").
	// Isolation: see above; sees only committed items.
	DueOutgoing(prefix string, now time.Time, limit int) ([]Outgoing, error)
	// PendingOutgoing counts the undelivered items of the queues starting
	// with prefix. Isolation: a plain read.
	PendingOutgoing(prefix string) (int, error)
	// Delivered marks an item sent; it leaves its queue. ErrNotFound if it is
	// no longer pending. Isolation: a conditional update (still pending), so
	// of two workers that delivered one item only the first records it.
	Delivered(id ID, at time.Time) error
	// Postpone records a failed attempt and keeps the item at the head of its
	// queue until notBefore. ErrNotFound if it is no longer pending.
	// Isolation: as Delivered.
	Postpone(id ID, notBefore time.Time, lastErr string) error
	// Abandon gives up on an item (a permanent error); it leaves its queue.
	// ErrNotFound if it is no longer pending. Isolation: as Delivered.
	Abandon(id ID, at time.Time, lastErr string) error
}

// SystemActor records what the bot does on its own (deliveries, timers).
var SystemActor = Actor{Team: "system", User: "incidentbot", Name: "incidentbot"}
