package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"incidentbot/workflow"
)

// testLinks: one link per incident and kind, replaceable; a kind's value
// belongs to one incident (ErrConflict for a second); Linked finds the
// holder, ErrNotFound when there is none.
func testLinks(t *testing.T, s workflow.Store) {
	one := openIncident(t, s, false, t0, "one")
	two := openIncident(t, s, false, t0, "two")
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.SetLink(workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C1"}); err != nil {
			return err
		}
		// Replacing the value of a kind is allowed.
		return tx.SetLink(workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C2"})
	}))
	err := s.Update(ctx, func(tx workflow.Tx) error {
		return tx.SetLink(workflow.Link{IncidentID: two.ID, Kind: "slack.channel", Value: "C2"})
	})
	if !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("a second incident on C2: %v, want ErrConflict", err)
	}
	// The same value under another kind is no clash.
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		return tx.SetLink(workflow.Link{IncidentID: two.ID, Kind: "slack.card", Value: "C2"})
	}))
	must(t, s.View(ctx, func(tx workflow.ReadTx) error {
		id, err := tx.Linked("slack.channel", "C2")
		if err != nil || id != one.ID {
			t.Errorf("Linked(C2) = %v, %v", id, err)
		}
		if _, err := tx.Linked("slack.channel", "C1"); !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Linked(C1) after replace: %v", err)
		}
		links, err := tx.Links(one.ID)
		if err != nil || len(links) != 1 || links[0] != (workflow.Link{IncidentID: one.ID, Kind: "slack.channel", Value: "C2"}) {
			t.Errorf("Links = %+v, %v", links, err)
		}
		if links, _ := tx.Links(randomID()); len(links) != 0 {
			t.Errorf("links of an unknown incident: %+v", links)
		}
		return nil
	}))
}

// testRemember: a key is new once.
func testRemember(t *testing.T, s workflow.Store) {
	for i, want := range []bool{true, false, false} {
		var first bool
		must(t, s.Update(ctx, func(tx workflow.Tx) error {
			var err error
			first, err = tx.Remember("Ev123", t0)
			return err
		}))
		if first != want {
			t.Errorf("Remember call %d = %v, want %v", i+1, first, want)
		}
	}
}

// testRememberConcurrently: the same request delivered at once to several
// handlers (Slack retries, several connections) is new to exactly one.
func testRememberConcurrently(t *testing.T, s workflow.Store) {
	const handlers, keys = 8, 20
	var mu sync.Mutex
	firsts := map[string]int{}
	var wg sync.WaitGroup
	for range handlers {
		wg.Go(func() {
			for k := range keys {
				key := fmt.Sprintf("Ev%03d", k)
				var first bool
				err := s.Update(ctx, func(tx workflow.Tx) error {
					var err error
					first, err = tx.Remember(key, t0)
					return err
				})
				if err != nil {
					t.Errorf("Remember(%s): %v", key, err)
					return
				}
				if first {
					mu.Lock()
					firsts[key]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for k := range keys {
		if key := fmt.Sprintf("Ev%03d", k); firsts[key] != 1 {
			t.Errorf("%s was new to %d handlers, want 1", key, firsts[key])
		}
	}
}
