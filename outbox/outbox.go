// Package outbox delivers a store's outbox queues: in order per queue, in
// parallel across queues.
//
// Adapters queue workflow.Outgoing items with the changes that cause them;
// Run takes the queues under one prefix and hands each due item to the
// adapter's Deliver func, which sends it and records the outcome (Delivered,
// Postpone, Abandon). Run only decides what to send when.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"incidentbot/workflow"
)

// DefaultPoll is how often Run looks for due items it was not woken for when
// Options.Poll is zero.
const DefaultPoll = 250 * time.Millisecond

// Options configure Run.
type Options struct {
	// Store holds the outbox. Required.
	Store workflow.Store
	// Prefix selects the queues to deliver ("slack:", "paging:").
	Prefix string
	// Parallel bounds the deliveries in flight; each queue has at most one,
	// so its items stay in order. Zero or less: 1.
	Parallel int
	// Poll is how often to look for due items nobody woke Run for (retries
	// coming due, items queued by another process). Zero: DefaultPoll.
	Poll time.Duration
	// Now is the clock that decides what is due; nil: time.Now.
	Now func() time.Time
	// Wake, when it receives, makes Run look for due items at once (after a
	// transaction queued some). Nil: Run polls only.
	Wake <-chan struct{}
	// Deliver sends one item and records its outcome in the store. Until it
	// returns, its queue's next item waits. It is called with Run's ctx; when
	// that ends it should return soon, leaving the item queued. Required.
	Deliver func(ctx context.Context, o workflow.Outgoing)
	// Pending, if set, is told how many items the queues hold, counted in the
	// transaction that reads the due ones.
	Pending func(n int)
	// ReadFailed, if set, is told that reading the outbox failed (not when
	// ctx ended); Run tries again at the next wake or poll. Nil: the error is
	// logged to Log.
	ReadFailed func(err error)
	// Log receives read failures when ReadFailed is nil; nil: slog.Default().
	Log *slog.Logger
	// Yield, if set, reports whether people are waiting for answers now
	// (commands being acknowledged). While it reports true, Run starts a
	// delivery only if fewer than YieldParallel are in flight, so that on
	// a busy machine the outbox takes a small share of the CPU from the
	// acks rather than an equal one. A due item is never held back longer
	// than YieldAtMost, so the outbox is never starved.
	Yield func() bool
	// YieldAtMost bounds how long Yield may hold a delivery back; zero:
	// DefaultYieldAtMost.
	YieldAtMost time.Duration
}

// While Options.Yield reports true, Run keeps at most YieldParallel
// deliveries in flight, and looks again every yieldEvery.
const (
	YieldParallel      = 2
	DefaultYieldAtMost = 50 * time.Millisecond
	yieldEvery         = time.Millisecond
)

// Run delivers the queues until ctx ends, then returns nil once the
// deliveries in flight have returned. It fails at once if Store or Deliver is
// missing.
func Run(ctx context.Context, o Options) error {
	if o.Store == nil || o.Deliver == nil {
		return errors.New("outbox: Run needs a Store and a Deliver func")
	}
	if o.Parallel <= 0 {
		o.Parallel = 1
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.YieldAtMost <= 0 {
		o.YieldAtMost = DefaultYieldAtMost
	}
	if o.ReadFailed == nil {
		log := o.Log
		if log == nil {
			log = slog.Default()
		}
		o.ReadFailed = func(err error) { log.Error("read the outbox", "err", err) }
	}

	tick := time.NewTicker(o.Poll)
	defer tick.Stop()
	inflight := map[string]bool{}
	done := make(chan string, o.Parallel)
	var wg sync.WaitGroup
	defer wg.Wait()
	var held time.Time // since when Yield has held deliveries back; zero: not
	// another reports, below Parallel, whether Yield lets one more delivery
	// start now.
	another := func() bool {
		switch {
		case o.Yield == nil || len(inflight) < YieldParallel || !o.Yield():
			held = time.Time{}
			return true
		case held.IsZero():
			held = time.Now()
		}
		return time.Since(held) >= o.YieldAtMost
	}
	for {
		holding := false
		if ctx.Err() == nil && len(inflight) < o.Parallel {
			if holding = !another(); !holding {
				// Ask for enough heads that busy queues cannot crowd out
				// idle ones.
				items, err := o.due(ctx, o.Parallel)
				if err != nil && ctx.Err() == nil {
					o.ReadFailed(err)
				}
				for _, it := range items {
					if inflight[it.Queue] {
						continue
					}
					if len(inflight) >= o.Parallel {
						break
					}
					if holding = !another(); holding {
						break
					}
					held = time.Time{}
					inflight[it.Queue] = true
					wg.Add(1)
					go func() {
						defer wg.Done()
						o.Deliver(ctx, it)
						done <- it.Queue
					}()
				}
			}
		}
		var again <-chan time.Time
		if holding {
			again = time.After(yieldEvery)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-again:
		case q := <-done:
			delete(inflight, q)
			// Every delivery that finished meanwhile frees its queue before
			// the next read, so a burst of them costs one read, not one each.
			for more := true; more; {
				select {
				case q := <-done:
					delete(inflight, q)
				default:
					more = false
				}
			}
		case <-o.Wake:
		case <-tick.C:
		}
	}
}

// due reads the due heads of the queues, and counts what they hold for
// Pending.
func (o *Options) due(ctx context.Context, limit int) ([]workflow.Outgoing, error) {
	var items []workflow.Outgoing
	err := o.Store.Update(ctx, func(tx workflow.Tx) error {
		var err error
		if items, err = tx.DueOutgoing(o.Prefix, o.Now(), limit); err != nil {
			return err
		}
		if o.Pending != nil {
			n, err := tx.PendingOutgoing(o.Prefix)
			if err != nil {
				return err
			}
			o.Pending(n)
		}
		return nil
	})
	return items, err
}
