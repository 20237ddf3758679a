package postgres_test

// What only several writers on one database can show: two stores (two
// pools, as two replicas) on one database, each with its own leases.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"incidentbot/outbox"
	"incidentbot/storage/postgres"
	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 20, 0, 12, 0, 0, time.UTC)
)

// replicas opens n stores on one fresh database.
func replicas(t *testing.T, n int, opt postgres.Options) []*postgres.DB {
	t.Helper()
	first, dsn := postgrestest.Open(t, opt)
	out := []*postgres.DB{first}
	for len(out) < n {
		out = append(out, postgrestest.OpenDSN(t, dsn, opt))
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestReplicasAppendToOneChain: writers on two stores appending to one
// incident at once never fork its chain: every append lands, the seqs run
// 1…n without a gap, the chain verifies, and the snapshot agrees.
func TestReplicasAppendToOneChain(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	inc := storetest.OpenIncident(t, rs[0], false, t0, "shared")
	const writers, each = 6, 15
	var wg sync.WaitGroup
	for w := range writers {
		s := rs[w%2]
		wg.Go(func() {
			for i := range each {
				err := s.Update(ctx, func(tx workflow.Tx) error {
					_, _, err := storetest.ChangeIn(tx, inc.Ref(), t0, storetest.Note(fmt.Sprintf("writer %d note %d", w, i)))
					return err
				})
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for i, s := range rs {
		got, events := storetest.Read(t, s, inc.Ref())
		want := 1 + writers*each
		if got.Seq != want || got.Version != want || len(events) != want {
			t.Errorf("replica %d: seq %d, version %d, %d events; want %d", i, got.Seq, got.Version, len(events), want)
		}
		for j, e := range events {
			if e.Seq != j+1 {
				t.Fatalf("replica %d: event %d has seq %d", i, j+1, e.Seq)
			}
		}
		if head, err := workflow.VerifyChain(events); err != nil || head != got.Head {
			t.Errorf("replica %d: VerifyChain = %s, %v; snapshot head %s", i, head, err, got.Head)
		}
	}
}

// TestReplicasNumberGapFree: opens from two stores at once, in both series,
// some rolled back after taking a number, leave each series numbered 1…n,
// none taken twice and none skipped (the shared test, over two replicas).
func TestReplicasNumberGapFree(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	storetest.GapFreeNumbers(t, rs[0], rs[1])
}

// enqueue queues one item on queue through s, in a transaction of its own.
func enqueue(t *testing.T, s workflow.Store, queue, kind string) workflow.Outgoing {
	t.Helper()
	var o workflow.Outgoing
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		var err error
		if o, err = workflow.NewOutgoing(tx.NewID, workflow.NilID, queue, kind, []byte(`{}`), t0); err != nil {
			return err
		}
		return tx.Enqueue(o)
	}))
	return o
}

// heads is DueOutgoing through s, as kinds.
func heads(t *testing.T, s workflow.Store, prefix string) []string {
	t.Helper()
	var kinds []string
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing(prefix, t0, 10)
		for _, o := range items {
			kinds = append(kinds, o.Kind)
		}
		return err
	}))
	return kinds
}

// TestOutboxLeaseAcrossReplicas: a head one store took is not another's
// until the first marks it or its lease runs out; the holder sees it again;
// a postponed head is free for anyone when it comes due; a lease that ran
// out (a replica that died mid-delivery) lets another store take the head.
func TestOutboxLeaseAcrossReplicas(t *testing.T) {
	t.Parallel()
	a, dsn := postgrestest.Open(t, postgres.Options{Lease: time.Hour})
	b := postgrestest.OpenDSN(t, dsn, postgres.Options{Lease: time.Hour})
	short := postgrestest.OpenDSN(t, dsn, postgres.Options{Lease: time.Millisecond})

	enqueue(t, a, "q:1", "one")
	enqueue(t, a, "q:1", "two")
	enqueue(t, a, "q:2", "other")
	if got := heads(t, a, "q:1"); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("a takes %v, want [one]", got)
	}
	// b passes over q:1 (its head is a's), not over q:2.
	if got := heads(t, b, "q:"); !slices.Equal(got, []string{"other"}) {
		t.Errorf("b takes %v while a holds q:1, want [other]", got)
	}
	if got := heads(t, a, "q:1"); !slices.Equal(got, []string{"one"}) {
		t.Errorf("a looks again: %v, want its own head [one]", got)
	}
	// A rolled-back look leases nothing.
	enqueue(t, a, "q:3", "rolled")
	boom := errors.New("boom")
	if err := b.Update(ctx, func(tx workflow.Tx) error {
		if _, err := tx.DueOutgoing("q:3", t0, 10); err != nil {
			return err
		}
		return boom
	}); err != boom {
		t.Fatalf("rolled-back look: %v", err)
	}
	if got := heads(t, a, "q:3"); !slices.Equal(got, []string{"rolled"}) {
		t.Errorf("after b's rolled-back look, a takes %v, want [rolled]", got)
	}

	// Postponing ends the lease: due again, anyone may take it.
	var one workflow.Outgoing
	must(t, a.Update(ctx, func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing("q:1", t0, 1)
		if err != nil || len(items) != 1 {
			return fmt.Errorf("a's head: %v, %v", items, err)
		}
		one = items[0]
		return tx.Postpone(one.ID, t0, "ratelimited")
	}))
	if got := heads(t, b, "q:1"); !slices.Equal(got, []string{"one"}) {
		t.Errorf("after a postponed it, b takes %v, want [one]", got)
	}
	// b delivers it; q:1 moves on, and the next head is free for a.
	must(t, b.Update(ctx, func(tx workflow.Tx) error { return tx.Delivered(one.ID, t0) }))
	if got := heads(t, a, "q:1"); !slices.Equal(got, []string{"two"}) {
		t.Errorf("after b delivered one, a takes %v, want [two]", got)
	}

	// A store whose lease runs out at once (a replica that died just after
	// taking the head): the head is free for b.
	enqueue(t, a, "r:1", "orphan")
	if got := heads(t, short, "r:"); !slices.Equal(got, []string{"orphan"}) {
		t.Fatalf("the short-lease store takes %v", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for got := heads(t, b, "r:"); !slices.Equal(got, []string{"orphan"}); got = heads(t, b, "r:") {
		if time.Now().After(deadline) {
			t.Fatalf("the orphaned head never came to b: %v", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestOutboxOrderAcrossReplicas: the delivery workers of two stores
// (outbox.Run, as serve runs it) drain queues filled from both stores: each
// item is delivered once, each queue in the order it was filled, and never
// two items of one queue at once.
func TestOutboxOrderAcrossReplicas(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	const queues, each = 5, 12
	var wg sync.WaitGroup
	for q := range queues {
		wg.Go(func() {
			for i := range each {
				// Alternate the stores: commit order is the queue's order.
				enqueue(t, rs[(q+i)%2], fmt.Sprintf("load:%d", q), fmt.Sprint(i))
			}
		})
	}
	wg.Wait()

	var mu sync.Mutex
	inflight := map[string]bool{}
	delivered := map[string][]string{}
	total := 0
	all := make(chan struct{})
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var workers sync.WaitGroup
	for i, s := range rs {
		workers.Go(func() {
			err := outbox.Run(runCtx, outbox.Options{
				Store: s, Prefix: "load:", Parallel: 3, Poll: 5 * time.Millisecond, Now: func() time.Time { return t0 },
				Deliver: func(ctx context.Context, o workflow.Outgoing) {
					mu.Lock()
					if inflight[o.Queue] {
						t.Errorf("worker %d: %s while another item of %s is in flight", i, o.Kind, o.Queue)
					}
					inflight[o.Queue] = true
					mu.Unlock()
					time.Sleep(time.Millisecond) // a delivery takes a while
					// Marked before it is counted: the last count stops the
					// workers, and with them this ctx.
					if err := s.Update(ctx, func(tx workflow.Tx) error { return tx.Delivered(o.ID, t0) }); err != nil {
						t.Errorf("worker %d: mark %s delivered: %v", i, o.Kind, err)
					}
					mu.Lock()
					inflight[o.Queue] = false
					delivered[o.Queue] = append(delivered[o.Queue], o.Kind)
					total++
					if total == queues*each {
						close(all)
					}
					mu.Unlock()
				},
			})
			if err != nil {
				t.Errorf("worker %d: %v", i, err)
			}
		})
	}
	select {
	case <-all:
	case <-time.After(60 * time.Second):
		t.Errorf("the workers did not drain the queues: %d of %d delivered", total, queues*each)
	}
	stop()
	workers.Wait()
	want := make([]string, each)
	for i := range want {
		want[i] = fmt.Sprint(i)
	}
	for q := range queues {
		if got := delivered[fmt.Sprintf("load:%d", q)]; !slices.Equal(got, want) {
			t.Errorf("queue %d delivered %v, want %v", q, got, want)
		}
	}
}

// TestTimersFireOnceAcrossReplicas: timer loops on two stores racing over
// the same due timers claim each exactly once (the shared test, over two
// replicas).
func TestTimersFireOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	storetest.TimersClaimedOnce(t, rs[0], rs[1])
}

// TestScheduleUnboundTimerAcrossReplicas: two stores scheduling the same
// timer of no incident at once leave exactly one pending.
func TestScheduleUnboundTimerAcrossReplicas(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	var wg sync.WaitGroup
	for w := range 6 {
		s := rs[w%2]
		wg.Go(func() {
			for i := range 10 {
				err := s.Update(ctx, func(tx workflow.Tx) error {
					id, err := tx.NewID()
					if err != nil {
						return err
					}
					return tx.ScheduleTimer(workflow.Timer{ID: id, Kind: "rhythm", Key: "quarter", Due: t0.Add(time.Duration(i) * time.Minute)})
				})
				if err != nil {
					t.Errorf("schedule: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	must(t, rs[0].Update(ctx, func(tx workflow.Tx) error {
		pending, err := tx.PendingTimers(workflow.NilID)
		if err == nil && len(pending) != 1 {
			t.Errorf("%d pending timers of no incident, want 1: %+v", len(pending), pending)
		}
		return err
	}))
}

// TestRememberAcrossReplicas: a key one store remembered is known to the
// other, and of concurrent Remembers of one key from both stores exactly
// one reports it new.
func TestRememberAcrossReplicas(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	remember := func(s workflow.Store, key string) bool {
		var first bool
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			var err error
			first, err = tx.Remember(key, t0)
			return err
		}))
		return first
	}
	if !remember(rs[0], "Ev1") || remember(rs[1], "Ev1") {
		t.Error("a key remembered by one store is new to the other")
	}
	const keys, racers = 20, 4
	var mu sync.Mutex
	firsts := map[string]int{}
	var wg sync.WaitGroup
	for r := range racers {
		wg.Go(func() {
			for k := range keys {
				key := fmt.Sprintf("Ev-race-%d", k)
				if remember(rs[r%2], key) {
					mu.Lock()
					firsts[key]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for k := range keys {
		if n := firsts[fmt.Sprintf("Ev-race-%d", k)]; n != 1 {
			t.Errorf("key %d new to %d stores, want 1", k, n)
		}
	}
}

// TestDeadlockIsBusy: two transactions that lock two incidents in opposite
// orders deadlock; PostgreSQL ends one, whose Update reports ErrBusy with
// nothing applied, and the other commits.
func TestDeadlockIsBusy(t *testing.T) {
	t.Parallel()
	rs := replicas(t, 2, postgres.Options{})
	a := storetest.OpenIncident(t, rs[0], false, t0, "a")
	b := storetest.OpenIncident(t, rs[0], false, t0, "b")
	var locked sync.WaitGroup
	locked.Add(2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, order := range [][]workflow.Ref{{a.Ref(), b.Ref()}, {b.Ref(), a.Ref()}} {
		wg.Go(func() {
			errs[i] = rs[i].Update(ctx, func(tx workflow.Tx) error {
				if _, _, err := storetest.ChangeIn(tx, order[0], t0, storetest.Note(fmt.Sprintf("tx %d first", i))); err != nil {
					locked.Done()
					return err
				}
				locked.Done()
				locked.Wait() // both hold their first incident
				_, _, err := storetest.ChangeIn(tx, order[1], t0, storetest.Note(fmt.Sprintf("tx %d second", i)))
				return err
			})
		})
	}
	wg.Wait()
	busy, ok := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, workflow.ErrBusy):
			busy++
		default:
			t.Errorf("deadlocked Update: %v, want ErrBusy or success", err)
		}
	}
	if busy != 1 || ok != 1 {
		t.Fatalf("%d busy, %d committed; want one of each", busy, ok)
	}
	// The committed one appended to both, the other to neither.
	for _, inc := range []*workflow.Incident{a, b} {
		got, events := storetest.Read(t, rs[0], inc.Ref())
		if got.Seq != 2 || len(events) != 2 {
			t.Errorf("%s: seq %d, %d events; want the opening and one note", inc.Ref(), got.Seq, len(events))
		}
	}
}

// TestLostConnectionIsBusy: when the server ends the store's connection
// in the middle of an Update (a restart, a failover), the Update reports
// ErrBusy with nothing applied, and the store recovers by itself.
func TestLostConnectionIsBusy(t *testing.T) {
	t.Parallel()
	s, dsn := postgrestest.Open(t, postgres.Options{})
	inc := storetest.OpenIncident(t, s, false, t0, "one")
	err := s.Update(ctx, func(tx workflow.Tx) error {
		if _, _, err := storetest.ChangeIn(tx, inc.Ref(), t0, storetest.Note("lost")); err != nil {
			return err
		}
		if err := postgrestest.Terminate(t, dsn); err != nil {
			return err
		}
		_, _, err := storetest.ChangeIn(tx, inc.Ref(), t0, storetest.Note("lost too"))
		return err
	})
	if !errors.Is(err, workflow.ErrBusy) {
		t.Errorf("Update on a lost connection: %v, want ErrBusy", err)
	}
	// The pool connects again by itself.
	storetest.Change(t, s, inc.Ref(), t0, storetest.Note("after"))
	if got, _ := storetest.Read(t, s, inc.Ref()); got.Seq != 2 {
		t.Errorf("seq %d after the lost connection, want 2 (the lost notes applied nowhere)", got.Seq)
	}
}

// TestStuckTransactionIsBusy: an Update that outlasts TxTimeout (here it
// waits for a lock another replica holds; a server that stopped answering
// looks the same) ends as ErrBusy with nothing applied, whatever its
// caller's ctx says, and the holder goes on.
func TestStuckTransactionIsBusy(t *testing.T) {
	t.Parallel()
	holder, dsn := postgrestest.Open(t, postgres.Options{})
	stuck := postgrestest.OpenDSN(t, dsn, postgres.Options{TxTimeout: 200 * time.Millisecond})
	inc := storetest.OpenIncident(t, holder, false, t0, "held")
	locked, release := make(chan struct{}), make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- holder.Update(ctx, func(tx workflow.Tx) error {
			_, _, err := storetest.ChangeIn(tx, inc.Ref(), t0, storetest.Note("the holder's"))
			close(locked)
			if err != nil {
				return err
			}
			<-release
			return nil
		})
	}()
	<-locked
	err := stuck.Update(ctx, func(tx workflow.Tx) error {
		_, _, err := storetest.ChangeIn(tx, inc.Ref(), t0, storetest.Note("stuck"))
		return err
	})
	close(release)
	if !errors.Is(err, workflow.ErrBusy) {
		t.Errorf("an Update past its TxTimeout: %v, want ErrBusy", err)
	}
	must(t, <-held)
	if got, events := storetest.Read(t, holder, inc.Ref()); got.Seq != 2 || len(events) != 2 {
		t.Errorf("seq %d, %d events; want the opening and the holder's note", got.Seq, len(events))
	}
}
