package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// What adapters rely on: idempotency keys, writes inside the command's
// transaction, captured messages, delivery problems, private channels.

func TestRequestKeyAppliesOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	req := workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.English, Text: "open high Site down", Key: "Ev1"}
	r1, err := h.svc.Execute(ctx, req)
	if err != nil || r1.Duplicate || r1.Incident == nil {
		t.Fatalf("first: %+v, %v", r1, err)
	}
	before := sqlitetest.Dump(t, h.path)
	r2, err := h.svc.Execute(ctx, req)
	if err != nil || !r2.Duplicate || len(r2.Events) != 0 {
		t.Fatalf("redelivery: %+v, %v", r2, err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("a redelivered request changed the store")
	}
	req.Text, req.Key = "log first", "Ev2"
	if _, err := h.svc.Execute(ctx, req); err != nil {
		t.Fatal(err)
	}
	if r, _ := h.svc.Execute(ctx, req); !r.Duplicate {
		t.Error("a redelivered change was applied twice")
	}
	if inc := h.show("sato", "#1"); inc.Seq != 2 {
		t.Errorf("events %d, want 2", inc.Seq)
	}
}

func TestInTxCommitsWithTheChange(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var queued workflow.Outgoing
	req := workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.English, Text: "open Site down",
		InTx: func(tx workflow.Tx, r workflow.Reply) error {
			o, err := workflow.NewOutgoing(tx.NewID, r.Incident.ID, "q", "post", []byte(`{}`), h.clock.Now())
			queued = o
			if err != nil {
				return err
			}
			return tx.Enqueue(o)
		}}
	if _, err := h.svc.Execute(ctx, req); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sqlitetest.Dump(t, h.path), queued.ID.String()) {
		t.Error("the queued item is not in the store")
	}
	// An error from the adapter's part undoes the whole command.
	boom := errors.New("boom")
	before := sqlitetest.Dump(t, h.path)
	req.Text = "log lost"
	req.InTx = func(workflow.Tx, workflow.Reply) error { return boom }
	if _, err := h.svc.Execute(ctx, req); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("a failed InTx left the change behind")
	}
}

func TestCapture(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inc := h.run("sato", "open high Site down").Incident
	written := h.clock.Now().Add(-10 * time.Minute)
	msg := workflow.MessagePinned{Author: workflow.Person{ID: "U2", Name: "suzuki"}, Text: "WAF shows 500 hits from one IP",
		Channel: "C1", TS: "1700000000.000100", Permalink: "https://example.slack.com/archives/C1/p1700000000000100"}
	c := workflow.Capture{Actor: workflow.Actor{Team: "T1", User: "U1", Name: "sato"}, Key: "Ev10", IncidentID: inc.ID, Message: msg, At: written}
	r, err := h.svc.Capture(ctx, c)
	if err != nil || len(r.Events) != 1 {
		t.Fatalf("capture: %+v, %v", r, err)
	}
	e := r.Events[0]
	if e.Kind != workflow.EventMessagePinned || !e.OccurredAt.Equal(written.UTC().Truncate(time.Microsecond)) || e.Subject != "U2" || e.Actor.User != "U1" {
		t.Errorf("event %+v", e)
	}
	if r, _ := h.svc.Capture(ctx, c); !r.Duplicate {
		t.Error("the same event id captured twice")
	}
	c.Key = "Ev11" // another reaction on the same message: already in the timeline
	if r, err := h.svc.Capture(ctx, c); err != nil || len(r.Events) != 0 {
		t.Errorf("second pin of one message: %+v, %v", r, err)
	}
	c.Key, c.Retract = "Ev12", true
	r, err = h.svc.Capture(ctx, c)
	if err != nil || len(r.Events) != 1 || r.Events[0].Kind != workflow.EventPinRetracted {
		t.Fatalf("retract: %+v, %v", r, err)
	}
	p, _ := r.Events[0].Payload()
	if p.(workflow.PinRetracted).Of != e.Seq {
		t.Errorf("retraction points at %d, want %d", p.(workflow.PinRetracted).Of, e.Seq)
	}
	c.Key = "Ev13" // nothing left to retract
	if r, err := h.svc.Capture(ctx, c); err != nil || len(r.Events) != 0 {
		t.Errorf("retract twice: %+v, %v", r, err)
	}
	// Nothing was deleted: both events are in the chain, which verifies.
	if _, n, _, err := h.svc.Verify(ctx, inc.Ref()); err != nil || n != 3 {
		t.Errorf("verify: %d events, %v", n, err)
	}
}

func TestRecordDeliveryShowsOnShow(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inc := h.run("sato", "open Site down").Incident
	if err := h.svc.RecordDelivery(ctx, inc.ID, workflow.DeliveryFailed{What: "slack.pin", Error: "not_in_channel"}); err != nil {
		t.Fatal(err)
	}
	r := h.run("sato", "show")
	for _, l := range workflow.Langs {
		text := workflow.RenderAll(l, r.Lines)
		if !strings.Contains(text, "not_in_channel") || !strings.Contains(text, "slack.pin") {
			t.Errorf("%s show lacks the problem:\n%s", l, text)
		}
	}
}

func TestPrivateIncidentVisibleInItsChannel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inc := h.run("sato", "open Leak suspected --private").Incident
	member := workflow.Request{Actor: workflow.ConsoleActor("kato"), Lang: workflow.English, Text: "show"}
	// Elsewhere kato, who holds no role, sees nothing.
	if _, err := h.svc.Execute(ctx, member); !errors.Is(err, workflow.ErrNotFound) {
		t.Fatalf("outside the channel: %v, want not found", err)
	}
	// In the incident's own channel the adapter binds Channel, and a private
	// channel only lets its members type.
	member.Channel = workflow.Ref{ID: inc.ID}
	if r, err := h.svc.Execute(ctx, member); err != nil || r.Incident.ID != inc.ID {
		t.Fatalf("in the channel: %v", err)
	}
	// Naming another private incident from there still hides it.
	other := h.run("sato", "open Other leak --private").Incident
	member.Text = "show " + other.Ref().String()
	if _, err := h.svc.Execute(ctx, member); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("naming another private incident: %v, want not found", err)
	}
}
