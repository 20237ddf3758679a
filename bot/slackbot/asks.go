package slackbot

import (
	"sync/atomic"
	"time"
)

// asksWindow is how long after a command or interaction began the outbox
// still yields to the people asking: during a burst the next one is a few
// milliseconds away, and a delivery started in between would take the CPU
// its ack needs.
const asksWindow = 100 * time.Millisecond

// asks tracks the requests people wait on (slash commands, interactions),
// so the outbox worker can yield to them (outbox.Options.Yield): while one
// is being answered, or began within asksWindow, deliveries are paced (one
// every outbox.DefaultYieldEvery), since a Slack that answers at once would
// otherwise take half the CPU from the acks. The outbox catches up once the
// burst is over; Slack's own rate limits allow far fewer calls than the
// pace anyway. Safe for concurrent use; the zero value is ready.
type asks struct {
	inflight atomic.Int64
	last     atomic.Int64 // when the last one began, Unix nanoseconds
}

// begin records a request being answered; call the returned func when its
// answer is written.
func (a *asks) begin() (end func()) {
	a.inflight.Add(1)
	a.last.Store(time.Now().UnixNano())
	return func() { a.inflight.Add(-1) }
}

// active reports whether a request is being answered or began within
// asksWindow.
func (a *asks) active() bool {
	if a.inflight.Load() > 0 {
		return true
	}
	last := a.last.Load()
	return last != 0 && time.Since(time.Unix(0, last)) < asksWindow
}
