package sqlite_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

func TestTimersClaimedOnce(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "timers")
	other := openIncident(t, db, false, t0, "other")
	timer := func(inc workflow.ID, kind workflow.TimerKind, key string, due time.Duration) workflow.Timer {
		return workflow.Timer{ID: workflow.ID(uuid.New()), IncidentID: inc, Kind: kind, Key: key, Due: t0.Add(due), Body: []byte(`{"link":0}`)}
	}
	techAck := timer(inc.ID, workflow.TimerAck, "tech", 5*time.Minute)
	commanderAck := timer(inc.ID, workflow.TimerAck, "commander", 10*time.Minute)
	status := timer(inc.ID, workflow.TimerStatus, "", 30*time.Minute)
	otherAck := timer(other.ID, workflow.TimerAck, "tech", time.Minute)
	must(t, db.Update(ctx, func(tx workflow.Tx) error {
		for _, tm := range []workflow.Timer{techAck, commanderAck, status, otherAck} {
			if err := tx.ScheduleTimer(tm); err != nil {
				return err
			}
		}
		return nil
	}))
	due := func(at time.Duration) (ids []workflow.ID) {
		must(t, db.Update(ctx, func(tx workflow.Tx) error {
			ts, err := tx.DueTimers(t0.Add(at), 10)
			for _, tm := range ts {
				ids = append(ids, tm.ID)
			}
			return err
		}))
		return ids
	}
	if got := due(5 * time.Minute); len(got) != 2 || got[0] != otherAck.ID || got[1] != techAck.ID {
		t.Fatalf("due at +5m: %v, want other's then tech's", got)
	}
	// Rescheduling the same kind and key replaces the pending one.
	later := timer(inc.ID, workflow.TimerAck, "tech", 20*time.Minute)
	must(t, db.Update(ctx, func(tx workflow.Tx) error { return tx.ScheduleTimer(later) }))
	if got := due(5 * time.Minute); len(got) != 1 || got[0] != otherAck.ID {
		t.Fatalf("after reschedule: %v", got)
	}
	// A timer is claimed once.
	for i, want := range []bool{true, false} {
		must(t, db.Update(ctx, func(tx workflow.Tx) error {
			ok, err := tx.FireTimer(otherAck.ID, t0)
			if ok != want {
				t.Errorf("FireTimer call %d = %v, want %v", i+1, ok, want)
			}
			return err
		}))
	}
	// Cancelling by kind and key, then all of an incident's.
	must(t, db.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.CancelTimers(inc.ID, workflow.TimerAck, "commander"); err != nil {
			return err
		}
		pending, err := tx.PendingTimers(inc.ID)
		if err != nil {
			return err
		}
		if len(pending) != 2 || pending[0].ID != later.ID || pending[1].ID != status.ID || string(pending[0].Body) != `{"link":0}` {
			t.Errorf("pending after cancelling commander's: %+v", pending)
		}
		if ok, _ := tx.FireTimer(commanderAck.ID, t0); ok {
			t.Error("a cancelled timer fired")
		}
		return tx.CancelTimers(inc.ID, "", "")
	}))
	if got := due(24 * time.Hour); len(got) != 0 {
		t.Errorf("due after cancelling all: %v", got)
	}
}
