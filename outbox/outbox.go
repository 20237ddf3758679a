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
	// (commands being acknowledged). While it reports true, Run starts at
	// most one delivery every YieldEvery, so that a Slack that answers at
	// once cannot take the CPU from the acks; the outbox catches up once
	// nobody waits. (Slack's own rate limits allow a workspace far fewer
	// calls than that pace.)
	Yield func() bool
	// YieldEvery is the pace of deliveries while Yield reports true; zero:
	// DefaultYieldEvery.
	YieldEvery time.Duration
}

// DefaultYieldEvery lets 200 deliveries a second start while people wait
// for acks.
const DefaultYieldEvery = 5 * time.Millisecond

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
	if o.YieldEvery <= 0 {
		o.YieldEvery = DefaultYieldEvery
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
	var started time.Time // when the last delivery started
	// wait is how long Yield holds the next delivery back; 0: it may start.
	wait := func() time.Duration {
		if o.Yield == nil || !o.Yield() {
			return 0
		}
		return max(0, o.YieldEvery-time.Since(started))
	}
	for {
		var held time.Duration
		if ctx.Err() == nil && len(inflight) < o.Parallel {
			if held = wait(); held == 0 {
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
					if held = wait(); held > 0 {
						break
					}
					started = time.Now()
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
		if held > 0 {
			again = time.After(held)
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
