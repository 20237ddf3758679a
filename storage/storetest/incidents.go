package storetest

// The contract on incidents: transactions, serialized writes and numbers,
// snapshots and listing, the hash chain, links and idempotency keys.

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
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
		if inc, err = OpenIn(tx, false, t0, "committed"); err != nil {
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
	got, events := Read(t, s, inc.Ref())
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
	inc := OpenIncident(t, s, false, t0, "one")
	Change(t, s, inc.Ref(), t0, Note("a"), Note("b"))
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
		if _, err := OpenIn(tx, false, t0, "two"); err != nil {
			return err
		}
		if _, _, err := ChangeIn(tx, inc.Ref(), t0, Note("lost")); err != nil {
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
	Change(t, s, inc.Ref(), t0, Note("the store still takes writes"))
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
	inc := OpenIncident(t, s, false, t0, "busy")
	const writes = 60
	var wg sync.WaitGroup
	writerErr := make(chan error, 1)
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for i := range writes {
			if err := s.Update(ctx, func(tx workflow.Tx) error { return BusyWrite(tx, inc.Ref(), i) }); err != nil {
				writerErr <- err
				return
			}
		}
	})
	// Read until the writer is done, and at least a few rounds.
	for rounds := 0; rounds < 5 || !isClosed(done); rounds++ {
		_, events := Read(t, s, inc.Ref())
		if _, err := workflow.VerifyChain(events); err != nil {
			t.Fatalf("VerifyChain while writing: %v", err)
		}
		if err := ConsistentView(s, t0); err != nil {
			t.Fatalf("read while writing: %v", err)
		}
	}
	wg.Wait()
	select {
	case err := <-writerErr:
		t.Fatalf("writer: %v", err)
	default:
	}
	got, events := Read(t, s, inc.Ref())
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

// testConcurrentUpdatesOfOneIncident: read-modify-write transactions on one
// incident from many goroutines each see the last committed version, so no
// update is lost, none fails, and the chain stays whole.
func testConcurrentUpdatesOfOneIncident(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "shared")
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := s.Update(ctx, func(tx workflow.Tx) error {
					_, _, err := ChangeIn(tx, inc.Ref(), t0, Note(fmt.Sprintf("writer %d note %d", w, i)))
					return err
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Update: %v", err)
	}
	got, events := Read(t, s, inc.Ref())
	if want := 1 + writers*each; got.Seq != want || got.Version != want || len(events) != want {
		t.Errorf("seq %d, version %d, %d events; want %d of each", got.Seq, got.Version, len(events), want)
	}
	if _, err := workflow.VerifyChain(events); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
}

func testGapFreeNumbers(t *testing.T, s workflow.Store) { GapFreeNumbers(t, s) }

// GapFreeNumbers: incidents opened at once in both series get the numbers
// 1, 2, 3, … of their series with none taken twice and none skipped, also
// when some of the opens roll back after taking a number. The openers take
// turns over stores (replicas on one database, or one store), and every
// store reads the same numbers.
func GapFreeNumbers(t *testing.T, stores ...workflow.Store) {
	t.Helper()
	const openers, each = 8, 20
	errAbandon := errors.New("abandoned open")
	var wg sync.WaitGroup
	var mu sync.Mutex
	committed := map[bool]int{}
	errs := make(chan error, openers*each)
	for o := range openers {
		s := stores[o%len(stores)]
		wg.Go(func() {
			for i := range each {
				drill := (o+i)%2 == 0
				abandon := i%5 == 4
				err := s.Update(ctx, func(tx workflow.Tx) error {
					if _, err := OpenIn(tx, drill, t0, fmt.Sprintf("opener %d #%d", o, i)); err != nil {
						return err
					}
					if abandon {
						return errAbandon
					}
					return nil
				})
				switch {
				case abandon && err == errAbandon:
				case err != nil:
					errs <- err
				default:
					mu.Lock()
					committed[drill]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent open: %v", err)
	}
	for r, s := range stores {
		for _, drill := range []bool{false, true} {
			var numbers []int
			must(t, s.View(ctx, func(tx workflow.ReadTx) error {
				incs, err := tx.Incidents(workflow.Filter{Drill: &drill})
				for _, inc := range incs {
					numbers = append(numbers, inc.Number)
				}
				return err
			}))
			want := make([]int, committed[drill])
			for i := range want {
				want[i] = i + 1
			}
			if !slices.Equal(numbers, want) {
				t.Errorf("store %d, drill=%v: numbers %v, want 1…%d without gaps", r, drill, numbers, committed[drill])
			}
		}
	}
}

// testNextNumber: each series counts on its own from 1; a rolled-back open
// leaves no gap.
func testNextNumber(t *testing.T, s workflow.Store) {
	next := func() (real, drill int) {
		t.Helper()
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			var err error
			if real, err = tx.NextNumber(false); err != nil {
				return err
			}
			drill, err = tx.NextNumber(true)
			return err
		}))
		return
	}
	if r, d := next(); r != 1 || d != 1 {
		t.Fatalf("empty store: next %d, D-%d; want 1, D-1", r, d)
	}
	OpenIncident(t, s, false, t0, "a")
	OpenIncident(t, s, false, t0, "b")
	OpenIncident(t, s, true, t0, "c")
	if r, d := next(); r != 3 || d != 2 {
		t.Fatalf("next %d, D-%d; want 3, D-2", r, d)
	}
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx workflow.Tx) error {
		if _, err := OpenIn(tx, false, t0, "rolled back"); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("rolled-back open: %v", err)
	}
	if r, d := next(); r != 3 || d != 2 {
		t.Errorf("after a rolled-back open: next %d, D-%d; want 3, D-2", r, d)
	}
}

// testSaveIncidentConflict: SaveIncident with a version that is no longer the
// stored one, or of an incident that is not stored, is ErrConflict and
// changes nothing.
func testSaveIncidentConflict(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "one")
	Change(t, s, inc.Ref(), t0, Note("moves the version to 2"))
	before := contents(t, s)

	stale := *inc // version 1
	stale.Title = "overwritten"
	stale.Version = 2
	err := s.Update(ctx, func(tx workflow.Tx) error { return tx.SaveIncident(&stale, 1) })
	if !errors.Is(err, workflow.ErrConflict) {
		t.Fatalf("save with a stale version: %v, want ErrConflict", err)
	}
	missing := stale
	missing.ID = randomID()
	err = s.Update(ctx, func(tx workflow.Tx) error { return tx.SaveIncident(&missing, 2) })
	if !errors.Is(err, workflow.ErrConflict) {
		t.Fatalf("save of an unknown incident: %v, want ErrConflict", err)
	}
	if after := contents(t, s); after != before {
		t.Errorf("a refused save changed the store:\n%s", after)
	}
}

// testCreateIncidentConflict: a second incident with a taken id, or a taken
// number in its series, is ErrConflict and changes nothing.
func testCreateIncidentConflict(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "one")
	before := contents(t, s)
	sameNumber := *inc
	sameNumber.ID = randomID()
	for name, c := range map[string]*workflow.Incident{"same id": inc, "same number": &sameNumber} {
		err := s.Update(ctx, func(tx workflow.Tx) error { return tx.CreateIncident(c) })
		if !errors.Is(err, workflow.ErrConflict) {
			t.Errorf("%s: %v, want ErrConflict", name, err)
		}
	}
	if after := contents(t, s); after != before {
		t.Errorf("a refused create changed the store:\n%s", after)
	}
	// The same number in the other series is no clash.
	drill := sameNumber
	drill.Drill = true
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.CreateIncident(&drill) }))
}

// testIncidentRoundTrip: the snapshot comes back as saved, by number and by
// id, and agrees with its timeline.
func testIncidentRoundTrip(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "不審な送信が続いている")
	ref := inc.Ref()
	want, _ := Change(t, s, ref, t0.Add(time.Minute),
		workflow.Draft{Subject: "suzuki", Payload: workflow.RoleAssigned{Role: workflow.RoleTech, To: workflow.Person{ID: "suzuki", Name: "Suzuki"}}},
		workflow.Draft{Subject: "tanaka", Payload: workflow.RoleAssigned{Role: workflow.RoleApprover, To: workflow.Person{ID: "tanaka", Name: "田中"}}},
		workflow.Draft{Payload: workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "管理画面を遮断", Why: "改ざんが継続中", Action: "WAF", Next: "30分後"}}},
		workflow.Draft{Payload: workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: "500件", Unconfirmed: "流出", Next: "WAFログ"}}},
		workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward}},
	)
	if len(want.Roles) != 3 || want.DecisionCount != 1 || want.Status == nil || want.Seq != 6 || want.Version != 6 {
		t.Fatalf("test setup: unexpected incident %+v", want)
	}

	for _, r := range []workflow.Ref{ref, {ID: inc.ID}} {
		got, events := Read(t, s, r)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Incident(%s):\n got %+v\nwant %+v", r, got, want)
		}
		head, err := workflow.VerifyChain(events)
		if err != nil || head != got.Head {
			t.Errorf("Incident(%s): chain head %s, %v; snapshot head %s", r, head, err, got.Head)
		}
	}
}

// testIncidentNotFound: a missing incident is ErrNotFound with the standard
// message naming the ref, which the adapters show as it is.
func testIncidentNotFound(t *testing.T, s workflow.Store) {
	OpenIncident(t, s, false, t0, "one")
	for _, ref := range []workflow.Ref{
		{Number: 2},
		{Drill: true, Number: 1},
		{ID: randomID()},
	} {
		err := s.View(ctx, func(tx workflow.ReadTx) error {
			_, err := tx.Incident(ref)
			return err
		})
		if !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Incident(%s) = %v, want ErrNotFound", ref, err)
			continue
		}
		msg, ok := workflow.UserMessageOf(err)
		if !ok || !strings.Contains(workflow.Render(workflow.English, msg), ref.String()) {
			t.Errorf("Incident(%s): message %v, %v; want the standard not-found message naming the ref", ref, msg, ok)
		}
	}
}

// testIncidentsFilter: listing by open, series and opening time, real
// incidents first, then by number.
func testIncidentsFilter(t *testing.T, s workflow.Store) {
	// Opened in an order that differs from the listing order.
	OpenIncident(t, s, true, t0, "drill one")                    // D-1
	OpenIncident(t, s, false, t0.Add(1*time.Hour), "real one")   // #1
	OpenIncident(t, s, false, t0.Add(2*time.Hour), "real two")   // #2
	OpenIncident(t, s, true, t0.Add(3*time.Hour), "drill two")   // D-2
	OpenIncident(t, s, false, t0.Add(4*time.Hour), "real three") // #3
	Change(t, s, workflow.Ref{Number: 2}, t0.Add(5*time.Hour), workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseClosed, Move: workflow.MoveFalseAlarm, Reason: "test"}})
	Change(t, s, workflow.Ref{Drill: true, Number: 1}, t0.Add(5*time.Hour), workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseClosed, Move: workflow.MoveFalseAlarm, Reason: "test"}})

	yes, no := true, false
	since := t0.Add(2 * time.Hour).Truncate(time.Microsecond) // exactly #2's opening
	for _, tc := range []struct {
		name string
		f    workflow.Filter
		want string
	}{
		{"all", workflow.Filter{}, "#1 #2 #3 #D-1 #D-2"},
		{"open", workflow.Filter{OpenOnly: true}, "#1 #3 #D-2"},
		{"real", workflow.Filter{Drill: &no}, "#1 #2 #3"},
		{"drills", workflow.Filter{Drill: &yes}, "#D-1 #D-2"},
		{"open drills", workflow.Filter{OpenOnly: true, Drill: &yes}, "#D-2"},
		{"since, inclusive", workflow.Filter{Since: since}, "#2 #3 #D-2"},
		{"since, a nanosecond later", workflow.Filter{Since: since.Add(time.Nanosecond)}, "#3 #D-2"},
		{"since in another zone", workflow.Filter{Since: since.In(time.FixedZone("JST", 9*3600))}, "#2 #3 #D-2"},
		{"open real since", workflow.Filter{OpenOnly: true, Drill: &no, Since: since}, "#3"},
		{"none", workflow.Filter{Since: t0.Add(100 * time.Hour)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := s.View(ctx, func(tx workflow.ReadTx) error {
				incs, err := tx.Incidents(tc.f)
				for _, inc := range incs {
					got = append(got, inc.Ref().String())
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("Incidents(%+v) = %q, want %q", tc.f, s, tc.want)
			}
		})
	}
}

// testEventsRoundTrip: events come back exactly as sealed (times in UTC to
// the microsecond, text byte for byte), in seq order, and the chain verifies
// to the last event's hash. An unknown incident has no events.
func testEventsRoundTrip(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "one")
	opened, _ := Read(t, s, inc.Ref())
	_, sealed := Change(t, s, inc.Ref(), t0.Add(90*time.Second),
		workflow.Draft{OccurredAt: time.Date(2026, 11, 20, 8, 50, 0, 999, time.FixedZone("JST", 9*3600)), Payload: workflow.NoteLogged{Text: "typed with a zone"}},
		workflow.Draft{Subject: "U0456", Payload: workflow.RoleAssigned{Role: workflow.RoleComms, To: workflow.Person{ID: "U0456", Name: "Ｔａｎａｋａ"}}},
		Note("quotes \" and \\ and <html> & emoji 🚨 and a tab\tend"),
		workflow.Draft{Payload: workflow.SeverityChanged{From: "high", To: "medium", Reason: "vendor logs"}},
	)
	_, events := Read(t, s, inc.Ref())
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
	inc := OpenIncident(t, s, false, t0, "one")
	before := contents(t, s)
	err := s.Update(ctx, func(tx workflow.Tx) error {
		// Sealed after seq 0 again: event 1 exists.
		dup, err := workflow.Seal(tx.NewID, inc.ID, 0, workflow.Hash{}, sato, t0, []workflow.Draft{Note("again")})
		if err != nil {
			return err
		}
		return tx.AppendEvents(dup)
	})
	if !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("append at a taken seq: %v, want ErrConflict", err)
	}
	err = s.Update(ctx, func(tx workflow.Tx) error {
		orphan, err := workflow.Seal(tx.NewID, randomID(), 0, workflow.Hash{}, sato, t0, []workflow.Draft{Note("orphan")})
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
	inc := OpenIncident(t, s, false, t0, "one")
	_, evs := Change(t, s, inc.Ref(), t0.Add(time.Minute), Note("password is hunter2"), Note("kept"))
	target := evs[0].Seq

	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.RedactPayload(inc.ID, target); err != nil {
			return err
		}
		_, _, err := ChangeIn(tx, inc.Ref(), t0.Add(2*time.Minute), workflow.Draft{Payload: workflow.Redaction{Seq: target, Reason: "a password"}})
		return err
	}))
	_, events := Read(t, s, inc.Ref())
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
	_, events = Read(t, s, inc.Ref())
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

// testLinks: one link per incident and kind, replaceable; a kind's value
// belongs to one incident (ErrConflict for a second); Linked finds the
// holder, ErrNotFound when there is none.
func testLinks(t *testing.T, s workflow.Store) {
	one := OpenIncident(t, s, false, t0, "one")
	two := OpenIncident(t, s, false, t0, "two")
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.SetLink(workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C1"}); err != nil {
			return err
		}
		// Replacing the value of a kind is allowed.
		return tx.SetLink(workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C2"})
	}))
	err := s.Update(ctx, func(tx workflow.Tx) error {
		return tx.SetLink(workflow.Link{IncidentID: two.ID, Kind: "slack.channel", Value: "C2"})
	})
	if !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("a second incident on C2: %v, want ErrConflict", err)
	}
	// The same value under another kind is no clash.
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		return tx.SetLink(workflow.Link{IncidentID: two.ID, Kind: "slack.card", Value: "C2"})
	}))
	must(t, s.View(ctx, func(tx workflow.ReadTx) error {
		id, err := tx.Linked("slack.channel", "C2")
		if err != nil || id != one.ID {
			t.Errorf("Linked(C2) = %v, %v", id, err)
		}
		if _, err := tx.Linked("slack.channel", "C1"); !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Linked(C1) after replace: %v", err)
		}
		links, err := tx.Links(one.ID)
		if err != nil || len(links) != 1 || links[0] != (workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C2"}) {
			t.Errorf("Links = %+v, %v", links, err)
		}
		if links, _ := tx.Links(randomID()); len(links) != 0 {
			t.Errorf("links of an unknown incident: %+v", links)
		}
		return nil
	}))
}

// testRemember: a key is new once.
func testRemember(t *testing.T, s workflow.Store) {
	for i, want := range []bool{true, false, false} {
		var first bool
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			var err error
			first, err = tx.Remember("Ev123", t0)
			return err
		}))
		if first != want {
			t.Errorf("Remember call %d = %v, want %v", i+1, first, want)
		}
	}
}

// testRememberConcurrently: the same request delivered at once to several
// handlers (Slack retries, several connections) is new to exactly one.
func testRememberConcurrently(t *testing.T, s workflow.Store) {
	const handlers, keys = 8, 20
	var mu sync.Mutex
	firsts := map[string]int{}
	var wg sync.WaitGroup
	for range handlers {
		wg.Go(func() {
			for k := range keys {
				key := fmt.Sprintf("Ev%03d", k)
				var first bool
				err := s.Update(ctx, func(tx workflow.Tx) error {
					var err error
					first, err = tx.Remember(key, t0)
					return err
				})
				if err != nil {
					t.Errorf("Remember(%s): %v", key, err)
					return
				}
				if first {
					mu.Lock()
					firsts[key]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for k := range keys {
		if key := fmt.Sprintf("Ev%03d", k); firsts[key] != 1 {
			t.Errorf("%s was new to %d handlers, want 1", key, firsts[key])
		}
	}
}
