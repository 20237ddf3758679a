// Package storetest is the contract every workflow.Store must keep, as a
// test suite: a store package runs it from one test of its own,
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) workflow.Store { return openFresh(t) })
//	}
//
// The suite speaks only through the workflow interfaces (Store, Tx, ReadTx,
// TimerTx, DeliveryTx), so it holds a SQLite store and a PostgreSQL one to the
// same rules: transactions commit whole or not at all and return fn's error
// unchanged; writes to one incident are serialized (no lost update, gap-free
// numbers per series); SaveIncident's version check; the hash chain and
// redaction; listing filters; links and idempotency keys; the outbox's order
// per queue and its parallel queues; timers claimed once, with or without an
// incident. What only one store can check (file pragmas, triggers, bytes left
// on disk, two processes on one file) stays in that store's own tests.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// Open opens a fresh, empty store for one test and closes it when the test
// ends (t.Cleanup).
type Open func(t *testing.T) workflow.Store

// test is one rule of the contract.
type test struct {
	name string
	run  func(t *testing.T, s workflow.Store)
}

// tests lists the rules, in the order of the files that hold them.
func tests() []test {
	return []test{
		// incidents.go: transactions
		{"UpdateCommits", testUpdateCommits},
		{"UpdateRollsBack", testUpdateRollsBack},
		{"ViewReturnsErrorsUnchanged", testViewReturnsErrorsUnchanged},
		{"ViewSeesOneSnapshot", testViewSeesOneSnapshot},
		{"NewID", testNewID},
		// serialized writes and numbers
		{"ConcurrentUpdatesOfOneIncident", testConcurrentUpdatesOfOneIncident},
		{"GapFreeNumbers", testGapFreeNumbers},
		{"NextNumber", testNextNumber},
		{"SaveIncidentConflict", testSaveIncidentConflict},
		{"CreateIncidentConflict", testCreateIncidentConflict},
		// snapshots and listing
		{"IncidentRoundTrip", testIncidentRoundTrip},
		{"IncidentNotFound", testIncidentNotFound},
		{"IncidentsFilter", testIncidentsFilter},
		// the hash chain
		{"EventsRoundTrip", testEventsRoundTrip},
		{"EventPages", testEventPages},
		{"AppendEventsConflict", testAppendEventsConflict},
		{"Redaction", testRedaction},
		// links and idempotency keys
		{"Links", testLinks},
		{"Remember", testRemember},
		{"RememberConcurrently", testRememberConcurrently},
		// queues.go: the outbox
		{"OutboxOrderPerQueue", testOutboxOrderPerQueue},
		{"OutboxPrefixes", testOutboxPrefixes},
		{"OutboxParallelQueues", testOutboxParallelQueues},
		// timers
		{"TimersClaimedOnce", testTimersClaimedOnce},
		{"TimersClaimedOnceConcurrently", testTimersClaimedOnceConcurrently},
		{"TimerClaimRollsBack", testTimerClaimRollsBack},
		{"TimersWithoutIncident", testTimersWithoutIncident},
	}
}

// Run runs the whole contract against the stores open makes, each rule as a
// subtest on a fresh store.
func Run(t *testing.T, open Open) {
	for _, tc := range tests() {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

var (
	ctx = context.Background()
	// t0 has sub-microsecond digits on purpose: Seal truncates them, and the
	// stored times must come back exactly as hashed.
	t0   = time.Date(2026, 11, 20, 0, 12, 0, 123456789, time.UTC)
	sato = workflow.ConsoleActor("sato")
	// far is a time every pending timer and queued item is due by.
	far = time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// randomID is an id no store made: an unknown incident, or a timer id the
// caller picks.
func randomID() workflow.ID {
	var id workflow.ID
	_, _ = rand.Read(id[:])
	return id
}

// The fixtures below build incidents through a store as the service does;
// a store's own tests (what only that store can check) use them too.

// OpenIncident opens a new incident in the real or drill series at time at,
// in a transaction of its own.
func OpenIncident(t testing.TB, s workflow.Store, drill bool, at time.Time, title string) *workflow.Incident {
	t.Helper()
	var inc *workflow.Incident
	err := s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		inc, err = OpenIn(tx, drill, at, title)
		return err
	})
	if err != nil {
		t.Fatalf("open %q: %v", title, err)
	}
	return inc
}

// OpenIn opens an incident in tx: it takes the series' next number, seals the
// opening event and stores snapshot and event.
func OpenIn(tx workflow.Tx, drill bool, at time.Time, title string) (*workflow.Incident, error) {
	n, err := tx.NextNumber(drill)
	if err != nil {
		return nil, err
	}
	id, err := tx.NewID()
	if err != nil {
		return nil, err
	}
	events, err := workflow.Seal(tx.NewID, id, 0, workflow.Hash{}, sato, at, []workflow.Draft{{Payload: workflow.Opened{
		Title: title, Severity: "high", Drill: drill, Number: n, Opener: sato.Person(),
		StartedAt: at.Add(-time.Hour).UTC().Truncate(time.Microsecond), DetectedAt: at.Add(-10 * time.Minute).UTC().Truncate(time.Microsecond),
	}}})
	if err != nil {
		return nil, err
	}
	inc := &workflow.Incident{}
	if err := inc.Apply(events[0]); err != nil {
		return nil, err
	}
	if err := tx.CreateIncident(inc); err != nil {
		return nil, err
	}
	return inc, tx.AppendEvents(events)
}

// Change appends drafts to the incident named by ref in a transaction of its
// own (see ChangeIn).
func Change(t testing.TB, s workflow.Store, ref workflow.Ref, at time.Time, drafts ...workflow.Draft) (*workflow.Incident, []workflow.Event) {
	t.Helper()
	var inc *workflow.Incident
	var events []workflow.Event
	err := s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		inc, events, err = ChangeIn(tx, ref, at, drafts...)
		return err
	})
	if err != nil {
		t.Fatalf("change %s: %v", ref, err)
	}
	return inc, events
}

// ChangeIn appends drafts to the incident named by ref in tx, as the service
// does: read, seal, fold, append, save.
func ChangeIn(tx workflow.Tx, ref workflow.Ref, at time.Time, drafts ...workflow.Draft) (*workflow.Incident, []workflow.Event, error) {
	inc, err := tx.Incident(ref)
	if err != nil {
		return nil, nil, err
	}
	prev := inc.Version
	events, err := workflow.Seal(tx.NewID, inc.ID, inc.Seq, inc.Head, sato, at, drafts)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range events {
		if err := inc.Apply(e); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.AppendEvents(events); err != nil {
		return nil, nil, err
	}
	return inc, events, tx.SaveIncident(inc, prev)
}

// Read returns an incident and its timeline, from one read transaction.
func Read(t testing.TB, s workflow.Store, ref workflow.Ref) (*workflow.Incident, []workflow.Event) {
	t.Helper()
	var inc *workflow.Incident
	var events []workflow.Event
	err := s.View(ctx, func(tx workflow.ReadTx) error {
		var err error
		if inc, err = tx.Incident(ref); err != nil {
			return err
		}
		events, err = tx.Events(inc.ID)
		return err
	})
	if err != nil {
		t.Fatalf("read %s: %v", ref, err)
	}
	return inc, events
}

// Note is a draft of a logged note.
func Note(text string) workflow.Draft {
	return workflow.Draft{Payload: workflow.NoteLogged{Text: text}}
}

// BusyWrite is the i-th transaction of a busy server: every fifth opens an
// incident, the others log a note on ref.
func BusyWrite(tx workflow.Tx, ref workflow.Ref, i int) error {
	if i%5 == 0 {
		_, err := OpenIn(tx, false, t0.Add(time.Duration(i)*time.Second), "more")
		return err
	}
	_, _, err := ChangeIn(tx, ref, t0, Note(fmt.Sprintf("note %d", i)))
	return err
}

// ConsistentView reads, in one read transaction, the incidents opened since
// since and the timeline of each, and fails unless every snapshot agrees with
// its timeline: what export and stats read beside a writer.
func ConsistentView(s workflow.Store, since time.Time) error {
	return s.View(ctx, func(tx workflow.ReadTx) error {
		incs, err := tx.Incidents(workflow.Filter{Since: since})
		if err != nil {
			return err
		}
		for _, in := range incs {
			ev, err := tx.Events(in.ID)
			if err != nil {
				return err
			}
			if len(ev) != in.Seq {
				return fmt.Errorf("%s: snapshot at %d, %d events", in.Ref(), in.Seq, len(ev))
			}
		}
		return nil
	})
}

// errLook ends the transaction contents reads in, so the look changes nothing.
var errLook = errors.New("storetest: only looking")

// contents is everything the interfaces show of a store, as text: every
// incident's snapshot, timeline, links and pending timers, the pending timers
// of no incident, the due timers, and the head and count of the outbox.
// Equal contents before and after an operation mean it changed nothing a
// caller can see. It reads in a write transaction (the outbox and timers are
// read there) that it rolls back.
func contents(t testing.TB, s workflow.Store) string {
	t.Helper()
	var l listing
	err := s.Update(ctx, func(tx workflow.Tx) error {
		incs, err := tx.Incidents(workflow.Filter{})
		l.add("incidents")(len(incs), err)
		for _, inc := range incs {
			ref := inc.Ref().String()
			l.add(ref+" incident")(inc, nil)
			l.add(ref + " events")(tx.Events(inc.ID))
			l.add(ref + " links")(tx.Links(inc.ID))
			l.add(ref + " timers")(tx.PendingTimers(inc.ID))
		}
		l.add("timers without incident")(tx.PendingTimers(workflow.NilID))
		l.add("due timers")(tx.DueTimers(far, 1000))
		l.add("outbox heads")(tx.DueOutgoing("", far, 1000))
		l.add("outbox pending")(tx.PendingOutgoing(""))
		if l.err != nil {
			return l.err
		}
		return errLook
	})
	if err != errLook {
		t.Fatalf("read the store's contents: %v", err)
	}
	return l.b.String()
}

// listing collects what contents reads, one line per read, and the first
// error.
type listing struct {
	b   strings.Builder
	err error
}

// add returns the func that takes one read's result: add(what)(tx.Read(…)).
func (l *listing) add(what string) func(v any, err error) {
	return func(v any, err error) {
		if err == nil {
			var j []byte
			if j, err = json.Marshal(v); err == nil {
				fmt.Fprintf(&l.b, "%s: %s\n", what, j)
			}
		}
		if err != nil && l.err == nil {
			l.err = fmt.Errorf("%s: %w", what, err)
		}
	}
}
