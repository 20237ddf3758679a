package storetest

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"incidentbot/workflow"
)

func newTimer(incident workflow.ID, kind workflow.TimerKind, key string, due time.Duration) workflow.Timer {
	return workflow.Timer{ID: randomID(), IncidentID: incident, Kind: kind, Key: key, Due: t0.Add(due), Body: []byte(`{"link":0}`)}
}

func schedule(t *testing.T, s workflow.Store, timers ...workflow.Timer) {
	t.Helper()
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		for _, tm := range timers {
			if err := tx.ScheduleTimer(tm); err != nil {
				return err
			}
		}
		return nil
	}))
}

// dueIDs is DueTimers at t0+at, as ids.
func dueIDs(t *testing.T, s workflow.Store, at time.Duration) (ids []workflow.ID) {
	t.Helper()
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		ts, err := tx.DueTimers(t0.Add(at), 100)
		for _, tm := range ts {
			ids = append(ids, tm.ID)
		}
		return err
	}))
	return ids
}

// pendingIDs is PendingTimers of incident (NilID: of no incident), as ids.
func pendingIDs(t *testing.T, s workflow.Store, incident workflow.ID) (ids []workflow.ID) {
	t.Helper()
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		ts, err := tx.PendingTimers(incident)
		for _, tm := range ts {
			if tm.IncidentID != incident {
				t.Errorf("PendingTimers(%s) gave a timer of %s", incident, tm.IncidentID)
			}
			ids = append(ids, tm.ID)
		}
		return err
	}))
	return ids
}

func fire(t *testing.T, s workflow.Store, id workflow.ID) bool {
	t.Helper()
	var ok bool
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		ok, err = tx.FireTimer(id, t0)
		return err
	}))
	return ok
}

// testTimersClaimedOnce: timers come due earliest first; scheduling the same
// incident, kind and key replaces the pending one; a timer is claimed once;
// cancelled timers neither come due nor fire.
func testTimersClaimedOnce(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "timers")
	other := openIncident(t, s, false, t0, "other")
	techAck := newTimer(inc.ID, workflow.TimerAck, "tech", 5*time.Minute)
	commanderAck := newTimer(inc.ID, workflow.TimerAck, "commander", 10*time.Minute)
	status := newTimer(inc.ID, workflow.TimerStatus, "", 30*time.Minute)
	otherAck := newTimer(other.ID, workflow.TimerAck, "tech", time.Minute)
	schedule(t, s, techAck, commanderAck, status, otherAck)
	if got := dueIDs(t, s, 5*time.Minute); !slices.Equal(got, []workflow.ID{otherAck.ID, techAck.ID}) {
		t.Fatalf("due at +5m: %v, want other's then tech's", got)
	}
	// Rescheduling the same kind and key replaces the pending one.
	later := newTimer(inc.ID, workflow.TimerAck, "tech", 20*time.Minute)
	schedule(t, s, later)
	if got := dueIDs(t, s, 5*time.Minute); !slices.Equal(got, []workflow.ID{otherAck.ID}) {
		t.Fatalf("after reschedule: %v", got)
	}
	// A timer is claimed once, and a claimed one is no longer due.
	for i, want := range []bool{true, false} {
		if ok := fire(t, s, otherAck.ID); ok != want {
			t.Errorf("FireTimer call %d = %v, want %v", i+1, ok, want)
		}
	}
	if got := dueIDs(t, s, 5*time.Minute); len(got) != 0 {
		t.Errorf("due after firing: %v", got)
	}
	// Cancelling by kind and key, then all of an incident's.
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.CancelTimers(inc.ID, workflow.TimerAck, "commander"); err != nil {
			return err
		}
		pending, err := tx.PendingTimers(inc.ID)
		if err != nil {
			return err
		}
		if len(pending) != 2 || pending[0].ID != later.ID || pending[1].ID != status.ID || string(pending[0].Body) != `{"link":0}` ||
			pending[0].Kind != workflow.TimerAck || pending[0].Key != "tech" || !pending[0].Due.Equal(later.Due.Truncate(time.Microsecond)) || pending[0].IncidentID != inc.ID {
			t.Errorf("pending after cancelling commander's: %+v", pending)
		}
		if ok, _ := tx.FireTimer(commanderAck.ID, t0); ok {
			t.Error("a cancelled timer fired")
		}
		return tx.CancelTimers(inc.ID, "", "")
	}))
	if got := dueIDs(t, s, 24*time.Hour); len(got) != 0 {
		t.Errorf("due after cancelling all: %v", got)
	}
	if ok := fire(t, s, randomID()); ok {
		t.Error("an unknown timer fired")
	}
}

// testTimersClaimedOnceConcurrently: several timer loops (replicas, or one
// before and after a restart) racing over the same due timers claim each
// exactly once.
func testTimersClaimedOnceConcurrently(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "timers")
	var all []workflow.Timer
	for i := range 40 {
		owner := inc.ID
		if i%4 == 0 {
			owner = workflow.NilID
		}
		all = append(all, newTimer(owner, workflow.TimerKind("k"), strconv.Itoa(i), time.Duration(i)*time.Second))
	}
	schedule(t, s, all...)

	const loops = 6
	var mu sync.Mutex
	claims := map[workflow.ID]int{}
	var wg sync.WaitGroup
	for range loops {
		wg.Go(func() {
			for {
				var due []workflow.Timer
				err := s.Update(ctx, func(tx workflow.Tx) error {
					var err error
					due, err = tx.DueTimers(t0.Add(time.Hour), 10)
					return err
				})
				if err != nil {
					t.Errorf("DueTimers: %v", err)
					return
				}
				if len(due) == 0 {
					return
				}
				for _, tm := range due {
					var ok bool
					err := s.Update(ctx, func(tx workflow.Tx) error {
						var err error
						ok, err = tx.FireTimer(tm.ID, t0.Add(time.Hour))
						return err
					})
					if err != nil {
						t.Errorf("FireTimer: %v", err)
						return
					}
					if ok {
						mu.Lock()
						claims[tm.ID]++
						mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
	for _, tm := range all {
		if claims[tm.ID] != 1 {
			t.Errorf("timer %s (incident %s) claimed %d times, want 1", tm.Key, tm.IncidentID, claims[tm.ID])
		}
	}
}

// testTimerClaimRollsBack: a claim whose transaction rolls back (the action
// failed) leaves the timer pending, to be tried again.
func testTimerClaimRollsBack(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "timers")
	tm := newTimer(inc.ID, workflow.TimerStatus, "", 0)
	schedule(t, s, tm)
	boom := errors.New("the action failed")
	err := s.Update(ctx, func(tx workflow.Tx) error {
		ok, err := tx.FireTimer(tm.ID, t0)
		if err != nil || !ok {
			t.Errorf("first claim: %v, %v", ok, err)
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update: %v", err)
	}
	if got := dueIDs(t, s, 0); !slices.Equal(got, []workflow.ID{tm.ID}) {
		t.Errorf("due after a rolled-back claim: %v", got)
	}
	if !fire(t, s, tm.ID) {
		t.Error("the timer could not be claimed again")
	}
}

// testTimersWithoutIncident: a timer with a zero IncidentID (a reminder
// about drills or findings) is scheduled, comes due, is claimed once and is
// cancelled like an incident's, in a namespace of its own: the same kind and
// key on an incident is another timer, and cancelling an incident's timers
// leaves it alone.
func testTimersWithoutIncident(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "timers")
	const reminder workflow.TimerKind = "reminder"
	drill := newTimer(workflow.NilID, reminder, "drill", time.Hour)
	drill.Body = []byte(`{"every":"quarter"}`)
	finding := newTimer(workflow.NilID, reminder, "finding", 2*time.Hour)
	onIncident := newTimer(inc.ID, reminder, "drill", 3*time.Hour)
	schedule(t, s, finding, drill, onIncident)

	if got := pendingIDs(t, s, workflow.NilID); !slices.Equal(got, []workflow.ID{drill.ID, finding.ID}) {
		t.Errorf("pending without incident: %v, want drill's then finding's", got)
	}
	if got := pendingIDs(t, s, inc.ID); !slices.Equal(got, []workflow.ID{onIncident.ID}) {
		t.Errorf("pending of the incident: %v, want only its own", got)
	}
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		due, err := tx.DueTimers(t0.Add(time.Hour), 10)
		if err == nil && (len(due) != 1 || due[0].ID != drill.ID || !due[0].IncidentID.IsZero() ||
			due[0].Kind != reminder || due[0].Key != "drill" || string(due[0].Body) != `{"every":"quarter"}` || !due[0].Due.Equal(drill.Due.Truncate(time.Microsecond))) {
			t.Errorf("due at +1h: %+v, want the drill reminder as scheduled", due)
		}
		return err
	}))

	// Rescheduling replaces the pending timer without an incident only.
	drill2 := newTimer(workflow.NilID, reminder, "drill", 90*time.Minute)
	schedule(t, s, drill2)
	if got := pendingIDs(t, s, workflow.NilID); !slices.Equal(got, []workflow.ID{drill2.ID, finding.ID}) {
		t.Errorf("after rescheduling: %v", got)
	}
	if got := pendingIDs(t, s, inc.ID); !slices.Equal(got, []workflow.ID{onIncident.ID}) {
		t.Errorf("the incident's timer after rescheduling: %v", got)
	}

	// Cancelling the incident's timers leaves the others; cancelling by
	// kind and key without an incident leaves the incident's.
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.CancelTimers(inc.ID, "", "") }))
	if got := pendingIDs(t, s, workflow.NilID); len(got) != 2 {
		t.Errorf("cancelling an incident's timers took others: %v left", got)
	}
	onIncident = newTimer(inc.ID, reminder, "finding", 3*time.Hour)
	schedule(t, s, onIncident)
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.CancelTimers(workflow.NilID, reminder, "finding") }))
	if got := pendingIDs(t, s, workflow.NilID); !slices.Equal(got, []workflow.ID{drill2.ID}) {
		t.Errorf("after cancelling the finding reminder: %v", got)
	}
	if got := pendingIDs(t, s, inc.ID); !slices.Equal(got, []workflow.ID{onIncident.ID}) {
		t.Errorf("cancelling without an incident took the incident's: %v", got)
	}
	if fire(t, s, finding.ID) {
		t.Error("a cancelled timer without an incident fired")
	}

	// Claimed once.
	if got := dueIDs(t, s, 2*time.Hour); !slices.Equal(got, []workflow.ID{drill2.ID}) {
		t.Errorf("due at +2h: %v", got)
	}
	for i, want := range []bool{true, false} {
		if ok := fire(t, s, drill2.ID); ok != want {
			t.Errorf("FireTimer call %d = %v, want %v", i+1, ok, want)
		}
	}
	if got := pendingIDs(t, s, workflow.NilID); len(got) != 0 {
		t.Errorf("pending after firing: %v", got)
	}

	// All of them at once.
	schedule(t, s, newTimer(workflow.NilID, reminder, "a", 0), newTimer(workflow.NilID, "other", "b", 0))
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.CancelTimers(workflow.NilID, "", "") }))
	if got := pendingIDs(t, s, workflow.NilID); len(got) != 0 {
		t.Errorf("after cancelling all without an incident: %v", got)
	}
	if got := pendingIDs(t, s, inc.ID); len(got) != 1 {
		t.Errorf("cancelling all without an incident took the incident's: %v", got)
	}
}
