package storetest

// The contract on the work queues: the outbox and timers.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"incidentbot/workflow"
)

// outgoing builds an item for queue with an id of the transaction's store.
func outgoing(tx workflow.Tx, incident workflow.ID, queue, kind string) (workflow.Outgoing, error) {
	return workflow.NewOutgoing(tx.NewID, incident, queue, kind, []byte(`{"k":"`+kind+`"}`), t0)
}

// testOutboxOrderPerQueue: DueOutgoing gives each queue's oldest pending
// item, if due, oldest queue head first; a postponed head holds its queue
// back and no other; delivered and abandoned items leave their queue; marks
// on an item no longer pending are ErrNotFound; prefixes select queues; a
// rolled-back transaction queues nothing.
func testOutboxOrderPerQueue(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "outbox")
	var a1, a2, b1 workflow.Outgoing
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		for _, x := range []struct {
			o           *workflow.Outgoing
			queue, kind string
		}{{&a1, "a", "a1"}, {&b1, "b", "b1"}, {&a2, "a", "a2"}} {
			if *x.o, err = outgoing(tx, inc.ID, x.queue, x.kind); err != nil {
				return err
			}
		}
		return tx.Enqueue(a1, b1, a2)
	}))

	due := func(at time.Time) []string {
		var kinds []string
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			items, err := tx.DueOutgoing("", at, 10)
			for _, o := range items {
				kinds = append(kinds, o.Kind)
			}
			return err
		}))
		return kinds
	}
	// One head per queue, oldest first.
	if got := due(t0); !slices.Equal(got, []string{"a1", "b1"}) {
		t.Fatalf("due = %v, want [a1 b1]", got)
	}
	// A postponed head holds its queue back; the other queue goes on.
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.Postpone(a1.ID, t0.Add(time.Minute), "ratelimited") }))
	if got := due(t0); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("after postpone: due = %v, want [b1]", got)
	}
	if got := due(t0.Add(time.Minute)); !slices.Equal(got, []string{"a1", "b1"}) {
		t.Fatalf("after backoff: due = %v, want [a1 b1]", got)
	}
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing("a", t0.Add(time.Minute), 1)
		if err == nil && (len(items) != 1 || items[0].Attempts != 1 || items[0].LastError != "ratelimited") {
			t.Errorf("a postponed item: %+v, want one attempt and its error", items)
		}
		return err
	}))
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.Delivered(a1.ID, t0); err != nil {
			return err
		}
		return tx.Abandon(b1.ID, t0, "channel_not_found")
	}))
	if got := due(t0.Add(time.Minute)); !slices.Equal(got, []string{"a2"}) {
		t.Fatalf("after delivery: due = %v, want [a2]", got)
	}
	// Marking twice is an error the worker can see, not a silent success.
	for name, mark := range map[string]func(workflow.Tx) error{
		"Delivered": func(tx workflow.Tx) error { return tx.Delivered(a1.ID, t0) },
		"Postpone":  func(tx workflow.Tx) error { return tx.Postpone(b1.ID, t0, "again") },
		"Abandon":   func(tx workflow.Tx) error { return tx.Abandon(a1.ID, t0, "again") },
	} {
		if err := s.Update(ctx, mark); !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("%s on an item no longer pending: %v, want ErrNotFound", name, err)
		}
	}
	var got workflow.Outgoing
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing("", t0.Add(time.Hour), 1)
		if len(items) == 1 {
			got = items[0]
		}
		return err
	}))
	if got.ID != a2.ID || got.IncidentID != inc.ID || string(got.Body) != `{"k":"a2"}` || got.Queue != "a" || !got.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
		t.Errorf("round trip: %+v", got)
	}
	// Each adapter sees only its own queues.
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if items, err := tx.DueOutgoing("b", t0.Add(time.Hour), 10); err != nil || len(items) != 0 {
			t.Errorf("queues under b: %+v, %v", items, err)
		}
		if items, err := tx.DueOutgoing("a", t0.Add(time.Hour), 10); err != nil || len(items) != 1 || items[0].ID != a2.ID {
			t.Errorf("queues under a: %+v, %v", items, err)
		}
		for prefix, want := range map[string]int{"": 1, "a": 1, "b": 0, "slack:": 0} {
			if n, err := tx.PendingOutgoing(prefix); err != nil || n != want {
				t.Errorf("PendingOutgoing(%q) = %d, %v; want %d", prefix, n, err, want)
			}
		}
		return nil
	}))
	// An item about no incident.
	var loose workflow.Outgoing
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		if loose, err = outgoing(tx, workflow.NilID, "c", "c0"); err != nil {
			return err
		}
		return tx.Enqueue(loose)
	}))
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing("c", t0, 10)
		if err == nil && (len(items) != 1 || items[0].ID != loose.ID || !items[0].IncidentID.IsZero()) {
			t.Errorf("an item about no incident: %+v", items)
		}
		return err
	}))
	// A rolled-back transaction queues nothing.
	boom := errors.New("boom")
	before := contents(t, s)
	err := s.Update(ctx, func(tx workflow.Tx) error {
		o, err := outgoing(tx, inc.ID, "d", "d1")
		if err != nil {
			return err
		}
		if err := tx.Enqueue(o); err != nil {
			return err
		}
		return boom
	})
	if after := contents(t, s); err != boom || after != before {
		t.Errorf("rollback: %v, store changed: %v", err, after != before)
	}
}

// testOutboxPrefixes: a prefix selects exactly the queues whose names start
// with it, whatever the bytes around its end (names that sort just after it,
// non-ASCII names, a name equal to the prefix), and the empty prefix selects
// every queue.
func testOutboxPrefixes(t *testing.T, s workflow.Store) {
	names := []string{"p", "p:1", "p:2", "p;", "p\u00ff", "pa", "q:1", "\u00e9:1", "\U0010FFFF"}
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		for _, q := range names {
			o, err := outgoing(tx, workflow.NilID, q, q)
			if err != nil {
				return err
			}
			if err := tx.Enqueue(o); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", names},
		{"p", []string{"p", "p:1", "p:2", "p;", "p\u00ff", "pa"}},
		{"p:", []string{"p:1", "p:2"}},
		{"p:1", []string{"p:1"}},
		{"\u00e9", []string{"\u00e9:1"}},
		{"\U0010FFFF", []string{"\U0010FFFF"}},
		{"r", nil},
	} {
		var got []string
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			heads, err := tx.DueOutgoing(tc.prefix, t0, 100)
			for _, h := range heads {
				got = append(got, h.Queue)
			}
			return err
		}))
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("DueOutgoing(%q): queues %q, want %q", tc.prefix, got, tc.want)
		}
	}
}

// testOutboxParallelQueues: items queued by concurrent transactions, one
// queue per writer, are delivered as the outbox worker delivers them (every
// queue's head at once, each in its own transaction) in the order each
// writer queued them, and every queue is drained.
func testOutboxParallelQueues(t *testing.T, s workflow.Store) {
	const queues, each = 6, 15
	var wg sync.WaitGroup
	for q := range queues {
		wg.Go(func() {
			for i := range each {
				err := s.Update(ctx, func(tx workflow.Tx) error {
					o, err := outgoing(tx, workflow.NilID, fmt.Sprintf("load:%d", q), fmt.Sprintf("%d", i))
					if err != nil {
						return err
					}
					return tx.Enqueue(o)
				})
				if err != nil {
					t.Errorf("queue %d item %d: %v", q, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	delivered := map[string][]string{}
	sent := 0
	var mu sync.Mutex
	for round := 0; ; round++ {
		if round > queues*each {
			t.Fatalf("the outbox does not drain: %v", delivered)
		}
		var heads []workflow.Outgoing
		var pending int
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			var err error
			if heads, err = tx.DueOutgoing("load:", t0, queues*each); err != nil {
				return err
			}
			pending, err = tx.PendingOutgoing("load:")
			return err
		}))
		if want := queues*each - sent; pending != want {
			t.Fatalf("round %d: %d pending, want %d", round, pending, want)
		}
		if len(heads) == 0 {
			break
		}
		if len(heads) != queues && round < each {
			t.Fatalf("round %d: %d heads, want one for each of %d queues", round, len(heads), queues)
		}
		var dw sync.WaitGroup
		for _, o := range heads {
			dw.Go(func() {
				err := s.Update(ctx, func(tx workflow.Tx) error { return tx.Delivered(o.ID, t0) })
				if err != nil {
					t.Errorf("deliver %s: %v", o.ID, err)
					return
				}
				mu.Lock()
				delivered[o.Queue] = append(delivered[o.Queue], o.Kind)
				mu.Unlock()
			})
		}
		dw.Wait()
		if t.Failed() {
			return
		}
		sent += len(heads)
	}
	for q := range queues {
		want := make([]string, each)
		for i := range want {
			want[i] = fmt.Sprintf("%d", i)
		}
		if got := delivered[fmt.Sprintf("load:%d", q)]; !slices.Equal(got, want) {
			t.Errorf("queue %d delivered %v, want %v", q, got, want)
		}
	}
}

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
	inc := OpenIncident(t, s, false, t0, "timers")
	other := OpenIncident(t, s, false, t0, "other")
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

func testTimersClaimedOnceConcurrently(t *testing.T, s workflow.Store) {
	TimersClaimedOnce(t, s)
}

// TimersClaimedOnce: several timer loops (replicas, or one before and after
// a restart) racing over the same due timers claim each exactly once. The
// loops take turns over stores (replicas on one database, or one store).
func TimersClaimedOnce(t *testing.T, stores ...workflow.Store) {
	t.Helper()
	s := stores[0]
	inc := OpenIncident(t, s, false, t0, "timers")
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
	for l := range loops {
		s := stores[l%len(stores)]
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
	inc := OpenIncident(t, s, false, t0, "timers")
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
	inc := OpenIncident(t, s, false, t0, "timers")
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
