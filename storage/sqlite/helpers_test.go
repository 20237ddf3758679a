package sqlite_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"incidentbot/storage/sqlite"
	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

var (
	ctx = context.Background()
	// t0 has sub-microsecond digits on purpose: Seal truncates them, and the
	// stored times must come back exactly as hashed.
	t0   = time.Date(2026, 11, 20, 0, 12, 0, 123456789, time.UTC)
	sato = workflow.ConsoleActor("sato")
)

// The contract suite's fixtures, for the tests only SQLite can run.
var (
	openIncident = storetest.OpenIncident
	openIn       = storetest.OpenIn
	change       = storetest.Change
	changeIn     = storetest.ChangeIn
	read         = storetest.Read
	note         = storetest.Note
)

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
