package outbox_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"incidentbot/outbox"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// t0 is the fixed clock of these tests: items queued at t0 are due.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func now() time.Time { return t0 }

// bound is how long a test waits for something that should happen at once;
// running out of it is a failure, never a pass.
const bound = 10 * time.Second

// enqueue queues one item per kind on queue, in that order.
func enqueue(t *testing.T, store workflow.Store, queue string, kinds ...string) {
	t.Helper()
	err := store.Update(context.Background(), func(tx workflow.Tx) error {
		for _, k := range kinds {
			o, err := workflow.NewOutgoing(tx.NewID, workflow.NilID, queue, k, []byte("{}"), t0)
			if err != nil {
				return err
			}
			if err := tx.Enqueue(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mark(store workflow.Store, o workflow.Outgoing) error {
	return store.Update(context.Background(), func(tx workflow.Tx) error { return tx.Delivered(o.ID, t0) })
}

func pending(t *testing.T, store workflow.Store, prefix string) int {
	t.Helper()
	var n int
	err := store.Update(context.Background(), func(tx workflow.Tx) error {
		var err error
		n, err = tx.PendingOutgoing(prefix)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// start runs Run in the background; the returned func cancels it and
// returns what Run returned.
func start(t *testing.T, o outbox.Options) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- outbox.Run(ctx, o) }()
	stopped := false
	var err error
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			select {
			case err = <-errc:
			case <-time.After(bound):
				t.Fatal("Run did not return after its context ended")
			}
		}
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

func wait(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(bound):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// TestOrderPerQueue: each queue's items go in the order they were queued, one
// at a time, a retried item stays at the head of its queue, no more than
// Parallel are in flight, and queues of another prefix are left alone.
func TestOrderPerQueue(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	queues := map[string][]string{
		"t:a": {"a1", "a2", "a3", "a4", "a5"},
		"t:b": {"b1", "b2", "b3"},
		"t:c": {"c1", "c2"},
		"t:d": {"d1", "d2", "d3", "d4"},
	}
	total := 0
	for q, kinds := range queues {
		enqueue(t, store, q, kinds...)
		total += len(kinds)
	}
	enqueue(t, store, "other:x", "x1")

	const parallel = 2
	var (
		mu       sync.Mutex
		got      = map[string][]string{}
		busy     = map[string]bool{}
		inflight int
		retried  bool
		finished = make(chan struct{})
		count    int
	)
	deliver := func(ctx context.Context, o workflow.Outgoing) {
		mu.Lock()
		if busy[o.Queue] {
			t.Errorf("two items of %s in flight", o.Queue)
		}
		busy[o.Queue] = true
		if inflight++; inflight > parallel {
			t.Errorf("%d deliveries in flight, want at most %d", inflight, parallel)
		}
		got[o.Queue] = append(got[o.Queue], o.Kind)
		retry := o.Kind == "a2" && !retried
		retried = retried || retry
		mu.Unlock()

		var err error
		if retry {
			err = store.Update(context.Background(), func(tx workflow.Tx) error { return tx.Postpone(o.ID, t0, "try again") })
		} else {
			err = mark(store, o)
		}
		if err != nil {
			t.Error(err)
		}

		mu.Lock()
		busy[o.Queue] = false
		inflight--
		if !retry {
			if count++; count == total {
				close(finished)
			}
		}
		mu.Unlock()
	}
	start(t, outbox.Options{Store: store, Prefix: "t:", Parallel: parallel, Poll: time.Hour, Now: now, Deliver: deliver})
	wait(t, finished, "every item to be delivered")

	mu.Lock()
	defer mu.Unlock()
	for q, kinds := range queues {
		want := kinds
		if q == "t:a" {
			want = []string{"a1", "a2", "a2", "a3", "a4", "a5"}
		}
		if len(got[q]) != len(want) {
			t.Errorf("%s: delivered %v, want %v", q, got[q], want)
			continue
		}
		for i := range want {
			if got[q][i] != want[i] {
				t.Errorf("%s: delivered %v, want %v", q, got[q], want)
				break
			}
		}
	}
	if len(got["other:x"]) != 0 {
		t.Errorf("delivered a queue outside the prefix: %v", got["other:x"])
	}
	if n := pending(t, store, "other:"); n != 1 {
		t.Errorf("other queue holds %d items, want 1", n)
	}
}

// TestSlowQueueHoldsOnlyItself: while one queue's delivery is stuck, another
// queue's items are all delivered.
func TestSlowQueueHoldsOnlyItself(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	enqueue(t, store, "t:slow", "s1", "s2")
	enqueue(t, store, "t:fast", "f1", "f2", "f3")

	slowStarted := make(chan struct{})
	release := make(chan struct{})
	fastDone := make(chan struct{})
	slowDone := make(chan struct{})
	var fast, slow atomic.Int32
	deliver := func(ctx context.Context, o workflow.Outgoing) {
		if o.Kind == "s1" {
			close(slowStarted)
			<-release
		}
		if err := mark(store, o); err != nil {
			t.Error(err)
		}
		switch o.Queue {
		case "t:fast":
			if fast.Add(1) == 3 {
				close(fastDone)
			}
		case "t:slow":
			if slow.Add(1) == 2 {
				close(slowDone)
			}
		}
	}
	start(t, outbox.Options{Store: store, Prefix: "t:", Parallel: 2, Poll: time.Hour, Now: now, Deliver: deliver})

	wait(t, slowStarted, "the slow queue's first delivery")
	wait(t, fastDone, "the fast queue while the slow one is stuck")
	if n := slow.Load(); n != 0 {
		t.Fatalf("slow queue delivered %d items while its head was stuck", n)
	}
	if n := pending(t, store, "t:slow"); n != 2 {
		t.Errorf("slow queue holds %d items, want 2", n)
	}
	close(release)
	wait(t, slowDone, "the slow queue once released")
}

// TestWake: with polling out of the picture, a wake makes Run deliver what
// was queued after it last looked; Pending counts the queues' items.
func TestWake(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	enqueue(t, store, "other:x", "x1") // not counted
	wake := make(chan struct{}, 1)
	reads := make(chan int, 100)
	delivered := make(chan string, 10)
	deliver := func(ctx context.Context, o workflow.Outgoing) {
		if err := mark(store, o); err != nil {
			t.Error(err)
		}
		delivered <- o.Kind
	}
	start(t, outbox.Options{
		Store: store, Prefix: "t:", Parallel: 4, Poll: time.Hour, Now: now, Wake: wake,
		Deliver: deliver, Pending: func(n int) { reads <- n },
	})
	select {
	case n := <-reads:
		if n != 0 {
			t.Errorf("first read: %d pending, want 0", n)
		}
	case <-time.After(bound):
		t.Fatal("Run did not read the outbox")
	}

	enqueue(t, store, "t:a", "a1")
	wake <- struct{}{}
	select {
	case k := <-delivered:
		if k != "a1" {
			t.Errorf("delivered %s, want a1", k)
		}
	case <-time.After(bound):
		t.Fatal("a wake did not deliver the queued item")
	}
	// The read that found a1 counted it.
	for counted := false; !counted; {
		select {
		case n := <-reads:
			counted = n == 1
		case <-time.After(bound):
			t.Fatal("no read counted the queued item")
		}
	}
}

// TestPoll: without a wake, Run finds new items at its next poll.
func TestPoll(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	reads := make(chan struct{}, 1)
	delivered := make(chan struct{})
	deliver := func(ctx context.Context, o workflow.Outgoing) {
		if err := mark(store, o); err != nil {
			t.Error(err)
		}
		close(delivered)
	}
	start(t, outbox.Options{
		Store: store, Prefix: "t:", Poll: time.Millisecond, Now: now, Deliver: deliver,
		Pending: func(int) {
			select {
			case reads <- struct{}{}:
			default:
			}
		},
	})
	wait(t, reads, "the first read")
	enqueue(t, store, "t:a", "a1")
	wait(t, delivered, "a poll to deliver the queued item")
}

// TestShutdownWaits: Run returns only after the deliveries in flight have
// returned, and what they recorded is kept.
func TestShutdownWaits(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	enqueue(t, store, "t:a", "a1", "a2")
	enqueue(t, store, "t:b", "b1")

	var started sync.WaitGroup
	started.Add(2)
	var finished atomic.Int32
	deliver := func(ctx context.Context, o workflow.Outgoing) {
		started.Done()
		<-ctx.Done() // shutting down
		// Finish the call anyway, as a delivery does with its outcome.
		if err := mark(store, o); err != nil {
			t.Error(err)
		}
		finished.Add(1)
	}
	stop := start(t, outbox.Options{Store: store, Prefix: "t:", Parallel: 4, Poll: time.Hour, Now: now, Deliver: deliver})
	both := make(chan struct{})
	go func() { started.Wait(); close(both) }()
	wait(t, both, "both queues' deliveries to start")

	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := finished.Load(); n != 2 {
		t.Fatalf("Run returned with %d of 2 deliveries finished", n)
	}
	// a1 and b1 were marked; a2 stays queued for the next run.
	if n := pending(t, store, "t:"); n != 1 {
		t.Errorf("%d items pending after shutdown, want 1", n)
	}
}

// TestReadFailed: a failing store is reported and retried, not fatal.
func TestReadFailed(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	enqueue(t, store, "t:a", "a1")
	delivered := make(chan struct{})
	failed := make(chan error, 1)
	fs := &flaky{Store: store, fail: 1}
	start(t, outbox.Options{
		Store: fs, Prefix: "t:", Poll: time.Millisecond, Now: now,
		Deliver: func(ctx context.Context, o workflow.Outgoing) {
			if err := mark(store, o); err != nil {
				t.Error(err)
			}
			close(delivered)
		},
		ReadFailed: func(err error) { failed <- err },
	})
	select {
	case err := <-failed:
		if !errors.Is(err, errFlaky) {
			t.Errorf("ReadFailed got %v, want %v", err, errFlaky)
		}
	case <-time.After(bound):
		t.Fatal("the failed read was not reported")
	}
	wait(t, delivered, "the item after the store recovered")
}

var errFlaky = errors.New("store unavailable")

// flaky fails its first fail updates.
type flaky struct {
	workflow.Store
	mu   sync.Mutex
	fail int
}

func (f *flaky) Update(ctx context.Context, fn func(workflow.Tx) error) error {
	f.mu.Lock()
	fail := f.fail > 0
	f.fail--
	f.mu.Unlock()
	if fail {
		return errFlaky
	}
	return f.Store.Update(ctx, fn)
}

func TestNeedsStoreAndDeliver(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	if err := outbox.Run(context.Background(), outbox.Options{Store: store}); err == nil {
		t.Error("Run without Deliver: no error")
	}
	if err := outbox.Run(context.Background(), outbox.Options{Deliver: func(context.Context, workflow.Outgoing) {}}); err == nil {
		t.Error("Run without Store: no error")
	}
}

// TestYield: while Yield reports true, Run starts deliveries at its pace
// (here: one an hour, so one only) though it looks again and again; once
// Yield reports false it fills up to Parallel; everything is delivered.
func TestYield(t *testing.T) {
	store, _ := sqlitetest.Open(t)
	for _, q := range []string{"t:a", "t:b", "t:c", "t:d", "t:e", "t:f"} {
		enqueue(t, store, q, q+"1", q+"2")
	}
	var yield atomic.Bool
	yield.Store(true)
	var looks atomic.Int64
	release := make(chan struct{})
	started := make(chan string, 12)
	var delivered atomic.Int64
	deliver := func(ctx context.Context, o workflow.Outgoing) {
		started <- o.Kind
		<-release
		if err := mark(store, o); err != nil {
			t.Error(err)
		}
		delivered.Add(1)
	}
	wake := make(chan struct{}, 1)
	start(t, outbox.Options{
		Store: store, Prefix: "t:", Parallel: 4, Poll: time.Millisecond, Now: now, Deliver: deliver, Wake: wake,
		Yield:      func() bool { looks.Add(1); return yield.Load() },
		YieldEvery: time.Hour,
	})
	select {
	case <-started:
	case <-time.After(bound):
		t.Fatal("the first delivery did not start")
	}
	// Run looks again at every poll; after many looks, still only the
	// first has started.
	seen := looks.Load()
	for deadline := time.Now().Add(bound); looks.Load() < seen+20; {
		if time.Now().After(deadline) {
			t.Fatal("Run stopped looking")
		}
		time.Sleep(time.Millisecond)
	}
	if n := len(started); n != 0 {
		t.Fatalf("%d more deliveries started while Yield reported true", n)
	}
	yield.Store(false)
	wake <- struct{}{}
	for range 3 {
		select {
		case <-started:
		case <-time.After(bound):
			t.Fatal("deliveries did not fill up to Parallel once Yield reported false")
		}
	}
	close(release)
	for deadline := time.Now().Add(bound); delivered.Load() < 12; {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 12 delivered", delivered.Load())
		}
		time.Sleep(time.Millisecond)
	}
}
