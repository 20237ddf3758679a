package sqlite_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

func TestOutboxOrderPerQueue(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "outbox")
	item := func(queue, kind string) workflow.Outgoing {
		o, err := workflow.NewOutgoing(sqlitetest.NewID, inc.ID, queue, kind, []byte(`{"k":"`+kind+`"}`), t0)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	a1, a2, b1 := item("a", "a1"), item("a", "a2"), item("b", "b1")
	must(t, db.Update(ctx, func(tx workflow.Tx) error { return tx.Enqueue(a1, b1, a2) }))

	due := func(at time.Time) []string {
		var kinds []string
		must(t, db.Update(ctx, func(tx workflow.Tx) error {
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
	must(t, db.Update(ctx, func(tx workflow.Tx) error { return tx.Postpone(a1.ID, t0.Add(time.Minute), "ratelimited") }))
	if got := due(t0); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("after postpone: due = %v, want [b1]", got)
	}
	if got := due(t0.Add(time.Minute)); !slices.Equal(got, []string{"a1", "b1"}) {
		t.Fatalf("after backoff: due = %v, want [a1 b1]", got)
	}
	must(t, db.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.Delivered(a1.ID, t0); err != nil {
			return err
		}
		return tx.Abandon(b1.ID, t0, "channel_not_found")
	}))
	if got := due(t0.Add(time.Minute)); !slices.Equal(got, []string{"a2"}) {
		t.Fatalf("after delivery: due = %v, want [a2]", got)
	}
	// Marking twice is an error the worker can see, not a silent success.
	err := db.Update(ctx, func(tx workflow.Tx) error { return tx.Delivered(a1.ID, t0) })
	if !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("second Delivered: %v, want ErrNotFound", err)
	}
	var got workflow.Outgoing
	must(t, db.Update(ctx, func(tx workflow.Tx) error {
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
	must(t, db.Update(ctx, func(tx workflow.Tx) error {
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
	// A rolled-back transaction queues nothing.
	boom := errors.New("boom")
	before := sqlitetest.Dump(t, path)
	err = db.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.Enqueue(item("c", "c1")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || sqlitetest.Dump(t, path) != before {
		t.Errorf("rollback: %v, store changed: %v", err, sqlitetest.Dump(t, path) != before)
	}
}

func TestLinksAndRemember(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	one := openIncident(t, db, false, t0, "one")
	two := openIncident(t, db, false, t0, "two")
	must(t, db.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.SetLink(workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C1"}); err != nil {
			return err
		}
		// Replacing the value of a kind is allowed.
		return tx.SetLink(workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C2"})
	}))
	err := db.Update(ctx, func(tx workflow.Tx) error {
		return tx.SetLink(workflow.Link{IncidentID: two.ID, Kind: "slack.channel", Value: "C2"})
	})
	if !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("a second incident on C2: %v, want ErrConflict", err)
	}
	must(t, db.View(ctx, func(tx workflow.ReadTx) error {
		id, err := tx.Linked("slack.channel", "C2")
		if err != nil || id != one.ID {
			t.Errorf("Linked(C2) = %v, %v", id, err)
		}
		if _, err := tx.Linked("slack.channel", "C1"); !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Linked(C1) after replace: %v", err)
		}
		links, err := tx.Links(one.ID)
		if err != nil || len(links) != 1 || links[0].Value != "C2" {
			t.Errorf("Links = %+v, %v", links, err)
		}
		if links, _ := tx.Links(workflow.ID(uuid.New())); len(links) != 0 {
			t.Errorf("links of an unknown incident: %+v", links)
		}
		return nil
	}))
	for i, want := range []bool{true, false} {
		var first bool
		must(t, db.Update(ctx, func(tx workflow.Tx) error {
			var err error
			first, err = tx.Remember("Ev123", t0)
			return err
		}))
		if first != want {
			t.Errorf("Remember call %d = %v, want %v", i+1, first, want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
