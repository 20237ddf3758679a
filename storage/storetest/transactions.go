package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"incidentbot/workflow"
)

// testUpdateCommits: what a returned Update wrote, every later transaction
// sees, every kind of write together.
func testUpdateCommits(t *testing.T, s workflow.Store) {
	var inc *workflow.Incident
	var item workflow.Outgoing
	var timer workflow.Timer
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		if inc, err = openIn(tx, false, t0, "committed"); err != nil {
			return err
		}
		if item, err = workflow.NewOutgoing(tx.NewID, inc.ID, "q", "post", []byte(`{}`), t0); err != nil {
			return err
		}
		if err := tx.Enqueue(item); err != nil {
			return err
		}
		if err := tx.SetLink(workflow.Link{IncidentID: inc.ID, Kind: "chat.channel", Value: "C1"}); err != nil {
			return err
		}
		id, err := tx.NewID()
		if err != nil {
			return err
		}
		timer = workflow.Timer{ID: id, IncidentID: inc.ID, Kind: workflow.TimerStatus, Due: t0, Body: []byte(`{}`)}
		if err := tx.ScheduleTimer(timer); err != nil {
			return err
		}
		_, err = tx.Remember("committed-key", t0)
		return err
	}))
	got, events := read(t, s, inc.Ref())
	if got.Title != "committed" || len(events) != 1 {
		t.Errorf("after commit: %+v with %d events", got, len(events))
	}
	must(t, s.View(ctx, func(tx workflow.ReadTx) error {
		if id, err := tx.Linked("chat.channel", "C1"); err != nil || id != inc.ID {
			t.Errorf("link after commit: %v, %v", id, err)
		}
		return nil
	}))
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if heads, err := tx.DueOutgoing("", t0, 10); err != nil || len(heads) != 1 || heads[0].ID != item.ID {
			t.Errorf("outbox after commit: %+v, %v", heads, err)
		}
		if due, err := tx.DueTimers(t0, 10); err != nil || len(due) != 1 || due[0].ID != timer.ID {
			t.Errorf("timers after commit: %+v, %v", due, err)
		}
		if first, err := tx.Remember("committed-key", t0); err != nil || first {
			t.Errorf("Remember after commit = %v, %v; want the key known", first, err)
		}
		return nil
	}))
}

// testUpdateRollsBack: an error from fn, or a panic, undoes every write of the
// transaction, and the error comes back unchanged (errors.Is/As work).
func testUpdateRollsBack(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "one")
	change(t, s, inc.Ref(), t0, note("a"), note("b"))
	due := func(tx workflow.Tx) (workflow.Timer, error) {
		id, err := tx.NewID()
		return workflow.Timer{ID: id, IncidentID: inc.ID, Kind: workflow.TimerAck, Key: "tech", Due: t0, Body: []byte(`{"link":0}`)}, err
	}
	var keep workflow.Timer
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		if keep, err = due(tx); err != nil {
			return err
		}
		return tx.ScheduleTimer(keep)
	}))
	before := contents(t, s)

	// writeAll makes a write of every kind the transaction offers.
	writeAll := func(tx workflow.Tx) error {
		if _, err := openIn(tx, false, t0, "two"); err != nil {
			return err
		}
		if _, _, err := changeIn(tx, inc.Ref(), t0, note("lost")); err != nil {
			return err
		}
		if err := tx.RedactPayload(inc.ID, 2); err != nil {
			return err
		}
		o, err := workflow.NewOutgoing(tx.NewID, inc.ID, "q", "post", []byte(`{}`), t0)
		if err != nil {
			return err
		}
		if err := tx.Enqueue(o); err != nil {
			return err
		}
		if err := tx.SetLink(workflow.Link{IncidentID: inc.ID, Kind: "chat.channel", Value: "C9"}); err != nil {
			return err
		}
		if _, err := tx.Remember("rolled-back-key", t0); err != nil {
			return err
		}
		if ok, err := tx.FireTimer(keep.ID, t0); err != nil || !ok {
			return fmt.Errorf("claim a pending timer: %v, %v", ok, err)
		}
		other, err := due(tx)
		if err != nil {
			return err
		}
		other.Key = "commander"
		if err := tx.ScheduleTimer(other); err != nil {
			return err
		}
		return tx.CancelTimers(inc.ID, "", "")
	}

	sentinel := errors.New("boom")
	problem := &workflow.Problem{Kind: workflow.ErrInvalid, Msg: workflow.M("err.not_found", workflow.Args{"ref": inc.Ref()})}
	for _, want := range []error{sentinel, problem, fmt.Errorf("wrapped: %w", sentinel)} {
		err := s.Update(ctx, func(tx workflow.Tx) error {
			if err := writeAll(tx); err != nil {
				return err
			}
			return want
		})
		if err != want {
			t.Errorf("Update returned %v, want fn's error %v unchanged", err, want)
		}
	}
	var p *workflow.Problem
	err := s.Update(ctx, func(workflow.Tx) error { return problem })
	if !errors.As(err, &p) || !errors.Is(err, workflow.ErrInvalid) {
		t.Errorf("errors.As/Is through Update: %v", err)
	}

	// A panic in fn rolls back too, and the store takes writes afterwards.
	func() {
		defer func() { recover() }()
		s.Update(ctx, func(tx workflow.Tx) error {
			if err := writeAll(tx); err != nil {
				return err
			}
			panic("fn panicked")
		})
	}()

	if after := contents(t, s); after != before {
		t.Errorf("a failed Update changed the store:\n--- before\n%s\n--- after\n%s", before, after)
	}
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if first, err := tx.Remember("rolled-back-key", t0); err != nil || !first {
			t.Errorf("Remember after rollbacks = %v, %v; want the key new", first, err)
		}
		return nil
	}))
	change(t, s, inc.Ref(), t0, note("the store still takes writes"))
}

// testViewReturnsErrorsUnchanged: View passes fn's error through as Update
// does.
func testViewReturnsErrorsUnchanged(t *testing.T, s workflow.Store) {
	sentinel := errors.New("boom")
	if err := s.View(ctx, func(workflow.ReadTx) error { return sentinel }); err != sentinel {
		t.Errorf("View returned %v, want fn's error unchanged", err)
	}
	err := s.View(ctx, func(tx workflow.ReadTx) error {
		_, err := tx.Incident(workflow.Ref{Number: 1})
		return err
	})
	if !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("View of a missing incident: %v, want ErrNotFound", err)
	}
}

// testViewSeesOneSnapshot: while a writer commits changes and new incidents,
// every read transaction sees a listing, snapshots and timelines that agree
// with each other. Export, verify and stats read this way beside serve.
func testViewSeesOneSnapshot(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "busy")
	const writes = 60
	var wg sync.WaitGroup
	writerErr := make(chan error, 1)
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for i := range writes {
			err := s.Update(ctx, func(tx workflow.Tx) error {
				if i%5 == 0 {
					_, err := openIn(tx, false, t0.Add(time.Duration(i)*time.Second), "more")
					return err
				}
				_, _, err := changeIn(tx, inc.Ref(), t0, note(fmt.Sprintf("note %d", i)))
				return err
			})
			if err != nil {
				writerErr <- err
				return
			}
		}
	})
	// Read until the writer is done, and at least a few rounds.
	for rounds := 0; rounds < 5 || !isClosed(done); rounds++ {
		_, events := read(t, s, inc.Ref())
		if _, err := workflow.VerifyChain(events); err != nil {
			t.Fatalf("VerifyChain while writing: %v", err)
		}
		err := s.View(ctx, func(tx workflow.ReadTx) error {
			incs, err := tx.Incidents(workflow.Filter{Since: t0})
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
		if err != nil {
			t.Fatalf("read while writing: %v", err)
		}
	}
	wg.Wait()
	select {
	case err := <-writerErr:
		t.Fatalf("writer: %v", err)
	default:
	}
	got, events := read(t, s, inc.Ref())
	if want := 1 + writes - writes/5; got.Seq != want || len(events) != want {
		t.Errorf("after the writer: seq %d, %d events; want %d", got.Seq, len(events), want)
	}
}

// testNewID: ids are fresh and never the zero id.
func testNewID(t *testing.T, s workflow.Store) {
	seen := map[workflow.ID]bool{}
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		for range 1000 {
			id, err := tx.NewID()
			if err != nil {
				return err
			}
			if id.IsZero() || seen[id] {
				t.Fatalf("NewID gave %s twice or zero", id)
			}
			seen[id] = true
		}
		return nil
	}))
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
