package sqlite_test

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// BenchmarkExecuteDecision is "apply one decision command and commit" through
// the real service and store: parse, resolve, decide, seal, fold, append,
// save the snapshot, commit, and render nothing (the reply's messages are
// built, not rendered). Like BenchmarkAppendEvent it moves to a fresh incident
// every perIncident decisions (opened off the clock), so it measures an
// incident of ordinary size. Compare with BenchmarkRawInsert.
func BenchmarkExecuteDecision(b *testing.B) { benchExecute(b, 0) }

// BenchmarkExecuteDecisionBigIncident is the same on an incident that already
// holds 500 decisions.
func BenchmarkExecuteDecisionBigIncident(b *testing.B) { benchExecute(b, 500) }

func benchExecute(b *testing.B, prefill int) {
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "store.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := workflow.NewService(workflow.Options{
		Store:    db,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Location: time.UTC,
	})
	do := func(text string) workflow.Reply {
		r, err := svc.Execute(ctx, workflow.Request{Actor: sato, Lang: workflow.English, Text: text})
		if err != nil {
			b.Fatalf("%s: %v", text, err)
		}
		return r
	}
	var cmd string // the decision command for the current incident
	fresh := func() {
		r := do("open high bench")
		cmd = fmt.Sprintf("decision #%d Take the form offline | why: data may leak | action: maintenance page | next: ask vendor", r.Incident.Number)
		for range prefill {
			do(cmd)
		}
	}
	fresh()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%perIncident == 0 {
			b.StopTimer()
			fresh()
			b.StartTimer()
		}
		if r := do(cmd); len(r.Events) != 1 || r.Events[0].Kind != workflow.EventDecision {
			b.Fatalf("%s: appended %v", cmd, r.Events)
		}
	}
}
