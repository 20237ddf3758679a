package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"incidentbot/workflow"
)

// testEventsRoundTrip: events come back exactly as sealed (times in UTC to
// the microsecond, text byte for byte), in seq order, and the chain verifies
// to the last event's hash. An unknown incident has no events.
func testEventsRoundTrip(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "one")
	opened, _ := read(t, s, inc.Ref())
	_, sealed := change(t, s, inc.Ref(), t0.Add(90*time.Second),
		workflow.Draft{OccurredAt: time.Date(2026, 11, 20, 8, 50, 0, 999, time.FixedZone("JST", 9*3600)), Payload: workflow.NoteLogged{Text: "typed with a zone"}},
		workflow.Draft{Subject: "U0456", Payload: workflow.RoleAssigned{Role: workflow.RoleComms, To: workflow.Person{ID: "U0456", Name: "Ｔａｎａｋａ"}}},
		note("quotes \" and \\ and <html> & emoji 🚨 and a tab\tend"),
		workflow.Draft{Payload: workflow.SeverityChanged{From: "high", To: "medium", Reason: "vendor logs"}},
	)
	_, events := read(t, s, inc.Ref())
	if len(events) != 5 {
		t.Fatalf("got %d events, want 5", len(events))
	}
	if events[0].Hash != opened.Head {
		t.Errorf("first event hash %s, snapshot head after open %s", events[0].Hash, opened.Head)
	}
	if !reflect.DeepEqual(events[1:], sealed) {
		for i := range sealed {
			if !reflect.DeepEqual(events[i+1], sealed[i]) {
				t.Errorf("event %d:\n got %+v\nwant %+v", i+2, events[i+1], sealed[i])
			}
		}
	}
	head, err := workflow.VerifyChain(events)
	if err != nil {
		t.Fatalf("VerifyChain: %v", err)
	}
	if head != sealed[len(sealed)-1].Hash {
		t.Errorf("head %s, want %s", head, sealed[len(sealed)-1].Hash)
	}
	err = s.View(ctx, func(tx workflow.ReadTx) error {
		ev, err := tx.Events(randomID())
		if len(ev) != 0 {
			t.Errorf("unknown incident: %d events", len(ev))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testAppendEventsConflict: an event number already taken is ErrConflict;
// events of an incident that is not stored are refused; neither changes
// anything.
func testAppendEventsConflict(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "one")
	before := contents(t, s)
	err := s.Update(ctx, func(tx workflow.Tx) error {
		// Sealed after seq 0 again: event 1 exists.
		dup, err := workflow.Seal(tx.NewID, inc.ID, 0, workflow.Hash{}, sato, t0, []workflow.Draft{note("again")})
		if err != nil {
			return err
		}
		return tx.AppendEvents(dup)
	})
	if !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("append at a taken seq: %v, want ErrConflict", err)
	}
	err = s.Update(ctx, func(tx workflow.Tx) error {
		orphan, err := workflow.Seal(tx.NewID, randomID(), 0, workflow.Hash{}, sato, t0, []workflow.Draft{note("orphan")})
		if err != nil {
			return err
		}
		return tx.AppendEvents(orphan)
	})
	if err == nil {
		t.Errorf("append to an unknown incident: no error")
	}
	if after := contents(t, s); after != before {
		t.Errorf("a refused append changed the store:\n%s", after)
	}
}

// testRedaction: RedactPayload replaces the body with the tombstone and keeps
// the event's hashes, so the chain verifies while a redaction event names the
// seq, and names the event when none does. A missing event is ErrNotFound.
func testRedaction(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "one")
	_, evs := change(t, s, inc.Ref(), t0.Add(time.Minute), note("password is hunter2"), note("kept"))
	target := evs[0].Seq

	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.RedactPayload(inc.ID, target); err != nil {
			return err
		}
		_, _, err := changeIn(tx, inc.Ref(), t0.Add(2*time.Minute), workflow.Draft{Payload: workflow.Redaction{Seq: target, Reason: "a password"}})
		return err
	}))
	_, events := read(t, s, inc.Ref())
	if len(events) != 4 {
		t.Fatalf("%d events, want 4", len(events))
	}
	red := events[target-1]
	if !red.Redacted || string(red.Body) != string(workflow.Tombstone) || red.PayloadHash != evs[0].PayloadHash || red.Hash != evs[0].Hash {
		t.Errorf("redacted event: %+v", red)
	}
	if events[2].Redacted || string(events[2].Body) != string(evs[1].Body) {
		t.Errorf("other event changed: %+v", events[2])
	}
	if _, err := workflow.VerifyChain(events); err != nil {
		t.Errorf("VerifyChain after redaction: %v", err)
	}

	// A redaction without its redaction event is caught by the chain.
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.RedactPayload(inc.ID, 3) }))
	_, events = read(t, s, inc.Ref())
	var ce *workflow.ChainError
	if _, err := workflow.VerifyChain(events); !errors.As(err, &ce) || ce.Seq != 3 {
		t.Errorf("VerifyChain after a bare redaction: %v, want a ChainError at event 3", err)
	}

	for _, tc := range []struct {
		id  workflow.ID
		seq int
	}{{inc.ID, 99}, {inc.ID, 0}, {randomID(), 1}} {
		err := s.Update(ctx, func(tx workflow.Tx) error { return tx.RedactPayload(tc.id, tc.seq) })
		if !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("RedactPayload(%s, %d) = %v, want ErrNotFound", tc.id, tc.seq, err)
		}
	}
}
