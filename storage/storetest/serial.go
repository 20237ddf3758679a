package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"incidentbot/workflow"
)

// testConcurrentUpdatesOfOneIncident: read-modify-write transactions on one
// incident from many goroutines each see the last committed version, so no
// update is lost, none fails, and the chain stays whole.
func testConcurrentUpdatesOfOneIncident(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "shared")
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := s.Update(ctx, func(tx workflow.Tx) error {
					_, _, err := changeIn(tx, inc.Ref(), t0, note(fmt.Sprintf("writer %d note %d", w, i)))
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
	got, events := read(t, s, inc.Ref())
	if want := 1 + writers*each; got.Seq != want || got.Version != want || len(events) != want {
		t.Errorf("seq %d, version %d, %d events; want %d of each", got.Seq, got.Version, len(events), want)
	}
	if _, err := workflow.VerifyChain(events); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
}

// testGapFreeNumbers: incidents opened at once in both series get the
// numbers 1, 2, 3, … of their series with none taken twice and none skipped,
// also when some of the opens roll back after taking a number.
func testGapFreeNumbers(t *testing.T, s workflow.Store) {
	const openers, each = 8, 20
	errAbandon := errors.New("abandoned open")
	var wg sync.WaitGroup
	var mu sync.Mutex
	committed := map[bool]int{}
	errs := make(chan error, openers*each)
	for o := range openers {
		wg.Go(func() {
			for i := range each {
				drill := (o+i)%2 == 0
				abandon := i%5 == 4
				err := s.Update(ctx, func(tx workflow.Tx) error {
					if _, err := openIn(tx, drill, t0, fmt.Sprintf("opener %d #%d", o, i)); err != nil {
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
			t.Errorf("drill=%v: numbers %v, want 1…%d without gaps", drill, numbers, committed[drill])
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
	openIncident(t, s, false, t0, "a")
	openIncident(t, s, false, t0, "b")
	openIncident(t, s, true, t0, "c")
	if r, d := next(); r != 3 || d != 2 {
		t.Fatalf("next %d, D-%d; want 3, D-2", r, d)
	}
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx workflow.Tx) error {
		if _, err := openIn(tx, false, t0, "rolled back"); err != nil {
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
	inc := openIncident(t, s, false, t0, "one")
	change(t, s, inc.Ref(), t0, note("moves the version to 2"))
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
	inc := openIncident(t, s, false, t0, "one")
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
