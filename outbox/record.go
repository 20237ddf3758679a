package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"incidentbot/workflow"
)

// Waits between attempts to record an outcome while the store fails.
const (
	DefaultRecordMin = 250 * time.Millisecond
	DefaultRecordMax = 10 * time.Second
)

// Recorder records delivery outcomes (Delivered, Postpone, Abandon) for a
// Deliver func. When the store fails (a full disk, say), the outcome is tried
// again after a wait that doubles up to Max, and the delivery is not: the
// item stays with its worker until its outcome is recorded, so its queue
// waits, nothing is sent again while the store is down, and nothing runs hot.
// Only if the process stops before the store recovers is the item sent once
// more, after the restart (at least once). Health hears when recording
// starts failing and when it works again. A Recorder is safe for concurrent
// use; its zero value (with Store set) is usable.
type Recorder struct {
	Store workflow.Store
	// Health, if set, is told the error when recording starts failing, and
	// nil once an outcome is recorded again.
	Health func(err error)
	// Log receives the failures (one line per failing attempt, with the
	// wait); nil: slog.Default().
	Log *slog.Logger
	// Min and Max bound the wait between attempts; zero: DefaultRecordMin,
	// DefaultRecordMax.
	Min, Max time.Duration

	mu      sync.Mutex
	failing bool
}

// Record commits fn in a write transaction, trying again while the store
// fails, until it commits (nil) or ctx ends (ctx's error: the outcome is not
// recorded, and the item will be delivered again). An error that says the
// item is gone (workflow.ErrNotFound) is returned at once: trying again
// cannot help.
func (r *Recorder) Record(ctx context.Context, fn func(workflow.Tx) error) error {
	wait := r.Min
	if wait <= 0 {
		wait = DefaultRecordMin
	}
	limit := r.Max
	if limit <= 0 {
		limit = DefaultRecordMax
	}
	for {
		// Not cancelled with ctx: a shutdown must not lose an outcome that
		// can still be recorded.
		err := r.Store.Update(context.WithoutCancel(ctx), fn)
		if err == nil {
			r.set(nil)
			return nil
		}
		if errors.Is(err, workflow.ErrNotFound) {
			return err
		}
		r.set(err)
		r.log().Error("record a delivery outcome: the store fails; trying again, not sending again", "err", err, "retry_in", wait.String())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, limit)
	}
}

// set records the store's state and tells Health when it changes.
func (r *Recorder) set(err error) {
	r.mu.Lock()
	changed := r.failing != (err != nil)
	r.failing = err != nil
	r.mu.Unlock()
	if changed && r.Health != nil {
		if err == nil {
			r.log().Info("record delivery outcomes: the store works again")
		}
		r.Health(err)
	}
}

func (r *Recorder) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}
