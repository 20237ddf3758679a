package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"incidentbot/outbox"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

var errDiskFull = errors.New("database or disk is full")

// fullDisk is a store whose disk fills up: while full, a transaction that
// writes fails at its commit and changes nothing; reading still works. It
// wraps a real SQLite store at the process boundary a full disk is.
type fullDisk struct {
	workflow.Store
	full   atomic.Bool
	failed atomic.Int32 // commits that failed
}

type writeWatch struct {
	workflow.Tx
	wrote bool
}

func (w *writeWatch) Delivered(id workflow.ID, at time.Time) error {
	w.wrote = true
	return w.Tx.Delivered(id, at)
}

func (w *writeWatch) Postpone(id workflow.ID, at time.Time, e string) error {
	w.wrote = true
	return w.Tx.Postpone(id, at, e)
}

func (w *writeWatch) Abandon(id workflow.ID, at time.Time, e string) error {
	w.wrote = true
	return w.Tx.Abandon(id, at, e)
}

func (d *fullDisk) Update(ctx context.Context, fn func(workflow.Tx) error) error {
	return d.Store.Update(ctx, func(tx workflow.Tx) error {
		w := &writeWatch{Tx: tx}
		if err := fn(w); err != nil {
			return err
		}
		if w.wrote && d.full.Load() {
			d.failed.Add(1)
			return fmt.Errorf("commit: %w", errDiskFull) // rolled back
		}
		return nil
	})
}

// While the disk is full, a delivered item's outcome is retried, not its
// delivery: each item is sent once, its queue waits, Health hears of the
// failure and of the recovery, and after it everything is recorded.
func TestRecorderFullDisk(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	store := &fullDisk{Store: db}
	enqueue(t, db, "q:a", "a1", "a2")
	enqueue(t, db, "q:b", "b1")

	var mu sync.Mutex
	sends := map[string]int{}
	var health []string
	recorded := make(chan struct{}, 10)
	rec := &outbox.Recorder{Store: store, Min: time.Millisecond, Max: 5 * time.Millisecond}
	store.full.Store(true)
	failing := make(chan struct{})
	var once sync.Once
	rec.Health = func(err error) {
		mu.Lock()
		health = append(health, fmt.Sprint(err))
		mu.Unlock()
		if err != nil {
			once.Do(func() { close(failing) })
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- outbox.Run(ctx, outbox.Options{Store: store, Prefix: "q:", Parallel: 2, Poll: time.Millisecond, Now: now,
			Deliver: func(ctx context.Context, o workflow.Outgoing) {
				mu.Lock()
				sends[o.Kind]++
				mu.Unlock()
				if rec.Record(ctx, func(tx workflow.Tx) error { return tx.Delivered(o.ID, t0) }) == nil {
					recorded <- struct{}{}
				}
			}})
	}()
	select {
	case <-failing:
	case <-time.After(bound):
		t.Fatal("Health never heard of the failure")
	}
	// The workers keep trying to record, while the loop polls every
	// millisecond: a hot loop would send again meanwhile.
	for deadline := time.Now().Add(bound); store.failed.Load() < 20; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the outcomes were not retried")
		}
	}
	mu.Lock()
	for k, n := range sends {
		if n > 1 {
			t.Errorf("%s sent %d times while the disk was full", k, n)
		}
	}
	if sends["a2"] != 0 {
		t.Error("a2 was sent before a1's outcome was recorded")
	}
	mu.Unlock()

	store.full.Store(false)
	for range 3 {
		select {
		case <-recorded:
		case <-time.After(bound):
			t.Fatal("the outcomes were not recorded after the disk had space")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := pending(t, db, "q:"); n != 0 {
		t.Errorf("%d items pending", n)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, k := range []string{"a1", "a2", "b1"} {
		if sends[k] != 1 {
			t.Errorf("%s sent %d times, want 1", k, sends[k])
		}
	}
	if len(health) != 2 || health[0] != "commit: "+errDiskFull.Error() || health[1] != "<nil>" {
		t.Errorf("Health heard %q, want the failure, then nil", health)
	}
}

// Record gives up when the item is gone, or when its context ends.
func TestRecorderGivesUp(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	rec := &outbox.Recorder{Store: db, Min: time.Millisecond}
	err := rec.Record(context.Background(), func(tx workflow.Tx) error { return tx.Delivered(workflow.NilID, t0) })
	if !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("a missing item: %v, want ErrNotFound at once", err)
	}
	store := &fullDisk{Store: db}
	store.full.Store(true)
	enqueue(t, db, "q:a", "a1")
	var item workflow.Outgoing
	db.Update(context.Background(), func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing("q:", t0, 1)
		item = items[0]
		return err
	})
	ctx, cancel := context.WithCancel(context.Background())
	rec = &outbox.Recorder{Store: store, Min: time.Millisecond, Health: func(error) { cancel() }}
	if err := rec.Record(ctx, func(tx workflow.Tx) error { return tx.Delivered(item.ID, t0) }); !errors.Is(err, context.Canceled) {
		t.Errorf("a shutdown while the disk is full: %v, want context.Canceled", err)
	}
}
