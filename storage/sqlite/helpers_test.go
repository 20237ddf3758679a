package sqlite_test

import (
	"context"
	"database/sql"
	"incidentbot/storage/sqlite/sqlitetest"
	"testing"
	"time"

	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

var (
	ctx = context.Background()
	// t0 has sub-microsecond digits on purpose: Seal truncates them, and the
	// stored times must come back exactly as hashed.
	t0   = time.Date(2026, 11, 20, 0, 12, 0, 123456789, time.UTC)
	sato = workflow.ConsoleActor("sato")
)

// openIncident opens a new incident in the real or drill series at time at,
// through the store, as the service does.
func openIncident(t testing.TB, db *sqlite.DB, drill bool, at time.Time, title string) *workflow.Incident {
	t.Helper()
	var inc *workflow.Incident
	err := db.Update(ctx, func(tx workflow.Tx) error {
		var err error
		inc, err = openIn(tx, drill, at, title)
		return err
	})
	if err != nil {
		t.Fatalf("open %q: %v", title, err)
	}
	return inc
}

func openIn(tx workflow.Tx, drill bool, at time.Time, title string) (*workflow.Incident, error) {
	n, err := tx.NextNumber(drill)
	if err != nil {
		return nil, err
	}
	id, err := sqlitetest.NewID()
	if err != nil {
		return nil, err
	}
	events, err := workflow.Seal(sqlitetest.NewID, id, 0, workflow.Hash{}, sato, at, []workflow.Draft{{Payload: workflow.Opened{
		Title: title, Severity: "high", Drill: drill, Number: n, Opener: sato.Person(),
		StartedAt: at.Add(-time.Hour).UTC().Truncate(time.Microsecond), DetectedAt: at.Add(-10 * time.Minute).UTC().Truncate(time.Microsecond),
	}}})
	if err != nil {
		return nil, err
	}
	inc := &workflow.Incident{}
	if err := inc.Apply(events[0]); err != nil {
		return nil, err
	}
	if err := tx.CreateIncident(inc); err != nil {
		return nil, err
	}
	return inc, tx.AppendEvents(events)
}

// change appends drafts to the incident named by ref in one transaction, as
// the service does: read, seal, fold, append, save.
func change(t testing.TB, db *sqlite.DB, ref workflow.Ref, at time.Time, drafts ...workflow.Draft) (*workflow.Incident, []workflow.Event) {
	t.Helper()
	var inc *workflow.Incident
	var events []workflow.Event
	err := db.Update(ctx, func(tx workflow.Tx) error {
		var err error
		inc, events, err = changeIn(tx, ref, at, drafts...)
		return err
	})
	if err != nil {
		t.Fatalf("change %s: %v", ref, err)
	}
	return inc, events
}

func changeIn(tx workflow.Tx, ref workflow.Ref, at time.Time, drafts ...workflow.Draft) (*workflow.Incident, []workflow.Event, error) {
	inc, err := tx.Incident(ref)
	if err != nil {
		return nil, nil, err
	}
	prev := inc.Version
	events, err := workflow.Seal(sqlitetest.NewID, inc.ID, inc.Seq, inc.Head, sato, at, drafts)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range events {
		if err := inc.Apply(e); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.AppendEvents(events); err != nil {
		return nil, nil, err
	}
	return inc, events, tx.SaveIncident(inc, prev)
}

func read(t testing.TB, db *sqlite.DB, ref workflow.Ref) (*workflow.Incident, []workflow.Event) {
	t.Helper()
	var inc *workflow.Incident
	var events []workflow.Event
	err := db.View(ctx, func(tx workflow.ReadTx) error {
		var err error
		if inc, err = tx.Incident(ref); err != nil {
			return err
		}
		events, err = tx.Events(inc.ID)
		return err
	})
	if err != nil {
		t.Fatalf("read %s: %v", ref, err)
	}
	return inc, events
}

func note(text string) workflow.Draft {
	return workflow.Draft{Payload: workflow.NoteLogged{Text: text}}
}

// raw opens a plain connection to the file, for what the store never does.
func raw(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqlite.WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}
