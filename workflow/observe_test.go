package workflow_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"incidentbot/workflow"
)

func TestVerbIn(t *testing.T) {
	for _, tc := range []struct {
		text string
		want workflow.Verb
	}{
		{"", workflow.VerbHelp},
		{"/incident", workflow.VerbHelp},
		{"  log the pump is back", workflow.VerbLog},
		{"LOG shouting", workflow.VerbLog},
		{"/incident decision #3 stop | why: leak", workflow.VerbDecision},
		{"decision", workflow.VerbDecision}, // refused for its arguments, counted as decision
		{"frobnicate now", ""},              // no such subcommand
		{"/incidentlog x", ""},              // not the /incident prefix
		{"#3 log misplaced reference", ""},  // the reference comes after the subcommand
		{"open high pump down --private", workflow.VerbOpen},
	} {
		if got := workflow.VerbIn(tc.text); got != tc.want {
			t.Errorf("VerbIn(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

type observed struct {
	verb workflow.Verb
	r    workflow.Reply
	err  error
}

type commandLog []observed

func (r *commandLog) Executed(v workflow.Verb, _ time.Duration, rep workflow.Reply, err error) {
	*r = append(*r, observed{v, rep, err})
}

// Every command Execute answers reaches the observers once, with its verb
// and what Execute returned.
func TestObserverSeesEveryCommand(t *testing.T) {
	h := newHarness(t)
	var rec commandLog
	h.svc.Observe(&rec)
	h.run("sato", "open high pump down")
	h.fail("sato", "decision #1 no rationale")
	h.fail("sato", "frobnicate")
	h.run("sato", "log #1 pump restarted")
	if len(rec) != 4 {
		t.Fatalf("observed %d commands, want 4: %+v", len(rec), rec)
	}
	for i, want := range []workflow.Verb{workflow.VerbOpen, workflow.VerbDecision, "", workflow.VerbLog} {
		if rec[i].verb != want {
			t.Errorf("command %d: verb %q, want %q", i, rec[i].verb, want)
		}
	}
	if rec[0].err != nil || rec[0].r.Incident == nil || !errors.Is(rec[1].err, workflow.ErrInvalid) || rec[3].err != nil {
		t.Errorf("outcomes: %+v", rec)
	}
	// A command the store was too busy to take is observed with ErrBusy.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.svc.Execute(ctx, workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.English, Text: "log #1 late"})
	if !errors.Is(err, workflow.ErrBusy) || len(rec) != 5 || !errors.Is(rec[4].err, workflow.ErrBusy) {
		t.Errorf("busy command: %v, observed %+v", err, rec[len(rec)-1])
	}
}
