package storetest

import (
	"errors"
	"fmt"
	"slices"
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
	inc := openIncident(t, s, false, t0, "outbox")
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
