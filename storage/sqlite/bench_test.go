package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// BenchmarkRawInsert is the baseline for "one command = one transaction": a
// single-row INSERT into a one-table database, committed on its own, with
// exactly the store's DSN (WAL, synchronous FULL, foreign keys, busy timeout,
// BEGIN IMMEDIATE) and a single writer connection.
func BenchmarkRawInsert(b *testing.B) {
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sql.Open("sqlite", sqlite.WriterDSN(path))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (id, v) VALUES (?, ?)`, i, "a decision and its rationale"); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendEvent is one decision through the store: one Update that
// reads the incident, seals a decision event, appends it and saves the
// snapshot, committed. The snapshot holds every decision, so its cost grows
// with the incident; the benchmark moves to a fresh incident every
// perIncident decisions (opening it off the clock) so it measures an incident
// of ordinary size, not one with b.N decisions.
func BenchmarkAppendEvent(b *testing.B) { benchAppend(b, 0) }

// BenchmarkAppendEventBigIncident is the same on an incident that already
// holds 500 decisions.
func BenchmarkAppendEventBigIncident(b *testing.B) { benchAppend(b, 500) }

const perIncident = 50

func benchAppend(b *testing.B, prefill int) {
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "store.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	d := workflow.Draft{Payload: workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{
		Decision: "Take the entry form offline", Why: "applicant data may be exposed",
		Action: "maintenance page on /entry", Next: "ask the form vendor for logs",
	}}}
	at := t0
	fresh := func() workflow.Ref {
		ref := openIncident(b, db, false, at, "benchmark").Ref()
		for range prefill {
			change(b, db, ref, at, d)
		}
		return ref
	}
	ref := fresh()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%perIncident == 0 {
			b.StopTimer()
			ref = fresh()
			b.StartTimer()
		}
		at = at.Add(time.Second)
		err := db.Update(ctx, func(tx workflow.Tx) error {
			_, _, err := changeIn(tx, ref, at, d)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// writers is how many goroutines the parallel benchmarks run per
// GOMAXPROCS: commands arriving together, as on a busy day.
const writers = 8

// BenchmarkRawInsertParallel is BenchmarkRawInsert from writers×GOMAXPROCS
// goroutines at once: each insert still commits alone on the one connection,
// so it costs a sync to disk each.
func BenchmarkRawInsertParallel(b *testing.B) {
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sql.Open("sqlite", sqlite.WriterDSN(path))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(writers)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO t (v) VALUES (?)`, "a decision and its rationale"); err != nil {
				b.Error(err)
				return
			}
			if err := tx.Commit(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkAppendEventParallel is BenchmarkAppendEvent from
// writers×GOMAXPROCS goroutines at once, each on an incident of its own: the
// store commits the decisions that arrive together in one transaction (group
// commit), each still alone in its outcome.
func BenchmarkAppendEventParallel(b *testing.B) {
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "store.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	d := workflow.Draft{Payload: workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{
		Decision: "Take the entry form offline", Why: "applicant data may be exposed",
		Action: "maintenance page on /entry", Next: "ask the form vendor for logs",
	}}}
	refs := make(chan workflow.Ref, 64*writers*runtime.GOMAXPROCS(0))
	for range cap(refs) {
		refs <- openIncident(b, db, false, t0, "benchmark").Ref()
	}
	b.SetParallelism(writers)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ref := <-refs
		at := t0
		for i := 0; pb.Next(); i++ {
			if i > 0 && i%perIncident == 0 {
				select { // a fresh incident now and then, as benchAppend does
				case ref = <-refs:
				default:
				}
			}
			at = at.Add(time.Second)
			err := db.Update(ctx, func(tx workflow.Tx) error {
				_, _, err := changeIn(tx, ref, at, d)
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
