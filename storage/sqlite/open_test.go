package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// One writer per file: a second exclusive open is refused, naming the
// holder, until the first is closed; plain and read-only opens are not held
// up.
func TestOpenExclusive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	first, err := sqlite.OpenExclusive(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sqlite.OpenExclusive(ctx, path)
	var le *sqlite.LockedError
	if !errors.As(err, &le) || !errors.Is(err, sqlite.ErrLocked) {
		t.Fatalf("second exclusive open: %v, want a *LockedError", err)
	}
	host, _ := os.Hostname()
	if le.Holder.PID != os.Getpid() || le.Holder.Host != host || le.Holder.Since.IsZero() {
		t.Errorf("holder %+v, want this process on %s", le.Holder, host)
	}
	for _, want := range []string{"pid " + strconv.Itoa(os.Getpid()), "host " + host, path + ".lock"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %q", err, want)
		}
	}
	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("read-only open while held: %v", err)
	}
	ro.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := sqlite.OpenExclusive(ctx, path)
	if err != nil {
		t.Fatalf("exclusive open after the holder closed: %v", err)
	}
	again.Close()
}

// corrupt makes the file fail SQLite's integrity check while every query the
// store runs still works: an index is told it indexes a column it does not.
func corrupt(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE extra (a TEXT, b TEXT)`,
		`INSERT INTO extra VALUES ('1', '2'), ('3', '4')`,
		`CREATE INDEX extra_a ON extra (a)`,
		`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = 'CREATE INDEX extra_a ON extra (b)' WHERE name = 'extra_a'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// A file that fails the integrity check is not opened for writing; it can
// still be read.
func TestOpenExclusiveRefusesCorrupt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	corrupt(t, path)
	if _, err := sqlite.OpenExclusive(ctx, path); !errors.Is(err, sqlite.ErrCorrupt) || !strings.Contains(err.Error(), "extra_a") {
		t.Fatalf("exclusive open of a corrupt file: %v, want ErrCorrupt naming the index", err)
	}
	if _, err := sqlite.OpenExclusive(ctx, path); errors.Is(err, sqlite.ErrLocked) {
		t.Fatalf("the refused open kept the lock: %v", err)
	}
	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("read-only open of a corrupt file: %v", err)
	}
	ro.Close()
}

// A read-only store reads and never writes: an update fails and the file is
// unchanged.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := sqlite.OpenReadOnly(ctx, path); err == nil {
		t.Fatal("read-only open of a missing file succeeded")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a read-only open created the file: %v", err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	err = ro.View(ctx, func(tx workflow.ReadTx) error {
		_, err := tx.Incidents(workflow.Filter{})
		return err
	})
	if err != nil {
		t.Errorf("view: %v", err)
	}
	if err := ro.Update(ctx, func(tx workflow.Tx) error { _, err := tx.NextNumber(false); return err }); err == nil {
		t.Error("update on a read-only store succeeded")
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("the read-only store changed the file")
	}
}
