package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/pressly/goose/v3"

	"incidentbot/workflow"
)

// TestPragmasInForce checks every connection of both pools, not just one: a
// PRAGMA run through db.Exec would reach only one pooled connection.
func TestPragmasInForce(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	check := func(name string, pool *sql.DB, n int, queryOnly string) {
		t.Helper()
		eachConn(t, pool, n, func(i int, c *sql.Conn) {
			for _, p := range []struct{ pragma, want string }{
				{"journal_mode", "wal"},
				{"synchronous", "2"}, // FULL
				{"foreign_keys", "1"},
				{"busy_timeout", "5000"},
				{"query_only", queryOnly},
				{"secure_delete", "1"},
			} {
				var got string
				if err := c.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
					t.Fatalf("%s conn %d: PRAGMA %s: %v", name, i, p.pragma, err)
				}
				if got != p.want {
					t.Errorf("%s conn %d: PRAGMA %s = %s, want %s", name, i, p.pragma, got, p.want)
				}
			}
		})
	}
	check("writer", db.w, 1, "0")
	check("reader", db.r, readers, "1")

	if got := db.w.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer pool allows %d connections, want 1", got)
	}
	// The read pool cannot write.
	if _, err := db.r.ExecContext(ctx, `INSERT INTO incidents (id, drill, number, phase, severity, private, opened_at, version, state) VALUES ('x', 0, 1, 'detect', 'low', 0, '', 1, '{}')`); err == nil {
		t.Error("the read pool wrote")
	}
	// Writes begin IMMEDIATE: a second handle's write waits for the first's
	// transaction instead of failing on a lock upgrade.
	var mode string
	if err := db.Update(ctx, func(workflow.Tx) error {
		// Inside an immediate transaction this connection already holds the
		// RESERVED lock; another connection's BEGIN IMMEDIATE must be busy.
		other, err := sql.Open("sqlite", db.path+"?_pragma=busy_timeout(0)&_txlock=immediate")
		if err != nil {
			return err
		}
		defer other.Close()
		tx, err := other.BeginTx(ctx, nil)
		if err == nil {
			tx.Rollback()
			mode = "not locked"
		} else {
			mode = "locked"
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if mode != "locked" {
		t.Errorf("Update does not hold the write lock from BEGIN: %s", mode)
	}
}

// openAtVersion makes a database at path with the migrations up to version
// only, and returns a plain writer connection to it (closed by the caller).
func openAtVersion(t *testing.T, path string, version int64) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != version {
		t.Fatalf("version %d, %v; want %d", v, err, version)
	}
	return db
}

// TestMigrateDatabaseWithData builds a database at schema version 1 only,
// stores an incident with events in it, then lets Open apply the rest.
func TestMigrateDatabaseWithData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")

	old := openAtVersion(t, path, 1)

	// Data written by this package's own transaction code, at version 1.
	at := time.Date(2026, 11, 20, 0, 12, 0, 0, time.UTC)
	actor := workflow.ConsoleActor("sato")
	id := workflow.ID(uuid.Must(uuid.NewV7()))
	events, err := workflow.Seal(func() (workflow.ID, error) { return workflow.ID(uuid.New()), nil }, id, 0, workflow.Hash{}, actor, at, []workflow.Draft{
		{Payload: workflow.Opened{Title: "old", Severity: "low", Number: 1, Opener: actor.Person(), StartedAt: at, DetectedAt: at}},
		{Payload: workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "d", Why: "w"}}},
		{Payload: workflow.NoteLogged{Text: "secret"}},
		{Payload: workflow.Redaction{Seq: 3, Reason: "r"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	inc, err := workflow.Replay(events)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := old.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &writeTx{readTx: readTx{ctx: ctx, tx: tx, cache: &stmtCache{}}}
	if err := w.CreateIncident(inc); err != nil {
		t.Fatal(err)
	}
	if err := w.AppendEvents(events); err != nil {
		t.Fatal(err)
	}
	if err := w.RedactPayload(id, 3); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open on a version-1 database: %v", err)
	}
	defer db.Close()

	var versions []int64
	rows, err := db.r.QueryContext(ctx, `SELECT version_id FROM goose_db_version WHERE is_applied = 1 ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	rows.Close()
	if want := []int64{0, 1, 2, 3, 4, 5}; !reflect.DeepEqual(versions, want) {
		t.Errorf("applied versions %v, want %v", versions, want)
	}
	var indexes int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('incidents_by_phase', 'incidents_by_opened_at')`).Scan(&indexes); err != nil || indexes != 2 {
		t.Errorf("indexes of migration 2: %d, %v", indexes, err)
	}

	err = db.View(ctx, func(tx workflow.ReadTx) error {
		got, err := tx.Incident(workflow.Ref{Number: 1})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, inc) {
			t.Errorf("incident after migration:\n got %+v\nwant %+v", got, inc)
		}
		evs, err := tx.Events(id)
		if err != nil {
			return err
		}
		if len(evs) != 4 || !evs[2].Redacted {
			t.Errorf("events after migration: %+v", evs)
		}
		if head, err := workflow.VerifyChain(evs); err != nil || head != inc.Head {
			t.Errorf("VerifyChain after migration: %s, %v; want %s", head, err, inc.Head)
		}
		open, err := tx.Incidents(workflow.Filter{OpenOnly: true, Since: at})
		if len(open) != 1 {
			t.Errorf("listing after migration: %d incidents", len(open))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Reopening applies nothing and keeps the data.
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}

// TestMigrationsDownAndUp keeps every Down section honest.
func TestMigrationsDownAndUp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.w, migrations())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	var n int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("after down: %d schema objects left, %v", n, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	db.Close()
}

// TestMigrateTimersFromVersion4: pending, fired and cancelled timers of a
// database at version 4 (incident_id NOT NULL) come through migration 5 as
// they were, and the pending-key rule still holds for them.
func TestMigrateTimersFromVersion4(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v4.db")
	old := openAtVersion(t, path, 4)
	inc := workflow.ID(uuid.Must(uuid.NewV7()))
	pending, fired, cancelled := workflow.ID(uuid.New()), workflow.ID(uuid.New()), workflow.ID(uuid.New())
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO incidents (id, drill, number, phase, severity, private, opened_at, version, state) VALUES (?, 0, 1, 'detect', 'high', 0, '2026-11-20T00:12:00.000000Z', 1, '{}')`, []any{inc.String()}},
		{`INSERT INTO timers (id, incident_id, kind, key, due_at, body) VALUES (?, ?, 'ack', 'tech', '2026-11-20T00:17:00.000000Z', '{"link":1}')`, []any{pending.String(), inc.String()}},
		{`INSERT INTO timers (id, incident_id, kind, key, due_at, body, fired_at) VALUES (?, ?, 'ack', 'tech', '2026-11-20T00:13:00.000000Z', '{"link":0}', '2026-11-20T00:13:00.000000Z')`, []any{fired.String(), inc.String()}},
		{`INSERT INTO timers (id, incident_id, kind, key, due_at, body, cancelled_at) VALUES (?, ?, 'status', '', '2026-11-20T00:42:00.000000Z', '{}', '2026-11-20T00:14:00.000000Z')`, []any{cancelled.String(), inc.String()}},
	} {
		if _, err := old.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open on a version-4 database: %v", err)
	}
	defer db.Close()
	// Every row, columns joined with "|", rows by due time.
	var rows string
	err = db.r.QueryRowContext(ctx, `SELECT group_concat(
		concat_ws('|', id, incident_id, kind, key, due_at, body, COALESCE(fired_at, '-'), COALESCE(cancelled_at, '-')),
		char(10) ORDER BY due_at) FROM timers`).Scan(&rows)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		fired.String() + "|" + inc.String() + `|ack|tech|2026-11-20T00:13:00.000000Z|{"link":0}|2026-11-20T00:13:00.000000Z|-`,
		pending.String() + "|" + inc.String() + `|ack|tech|2026-11-20T00:17:00.000000Z|{"link":1}|-|-`,
		cancelled.String() + "|" + inc.String() + `|status||2026-11-20T00:42:00.000000Z|{}|-|2026-11-20T00:14:00.000000Z`,
	}, "\n")
	if rows != want {
		t.Errorf("timers after migration:\n%s\nwant\n%s", rows, want)
	}

	// The migrated pending timer is the incident's, and scheduling the same
	// kind and key replaces it.
	err = db.Update(ctx, func(tx workflow.Tx) error {
		got, err := tx.PendingTimers(inc)
		if err != nil {
			return err
		}
		if len(got) != 1 || got[0].ID != pending || got[0].IncidentID != inc {
			t.Errorf("pending after migration: %+v", got)
		}
		next := workflow.Timer{ID: workflow.ID(uuid.New()), IncidentID: inc, Kind: workflow.TimerAck, Key: "tech", Due: time.Date(2026, 11, 20, 0, 22, 0, 0, time.UTC)}
		if err := tx.ScheduleTimer(next); err != nil {
			return err
		}
		if got, err = tx.PendingTimers(inc); err != nil || len(got) != 1 || got[0].ID != next.ID {
			t.Errorf("pending after rescheduling: %+v, %v", got, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Two pending timers of no incident with one kind and key are refused
	// by the index, as two of one incident are.
	for _, owner := range []any{nil, inc.String()} {
		_, err := db.w.ExecContext(ctx, `INSERT INTO timers (id, incident_id, kind, key, due_at, body) VALUES (?, ?, 'x', 'y', '2026-11-20T00:00:00.000000Z', '{}'), (?, ?, 'x', 'y', '2026-11-20T00:00:00.000000Z', '{}')`,
			uuid.NewString(), owner, uuid.NewString(), owner)
		if !isConstraint(err) {
			t.Errorf("two pending timers of %v with one kind and key: %v, want a UNIQUE violation", owner, err)
		}
	}
}

// fastTime reads exactly what time.Parse reads in workflow.TimeLayout, and
// leaves anything else to it.
func TestFastTime(t *testing.T) {
	for _, s := range []string{
		"2026-11-20T00:12:00.123456Z", "1999-12-31T23:59:59.999999Z", "2024-02-29T12:00:00.000000Z",
		"2026-02-31T00:00:00.000000Z", "2026-13-01T00:00:00.000000Z", "2026-11-20 00:12:00.123456Z",
		"2026-11-20T00:12:00.123Z", "2026-11-20T24:00:00.000000Z", "2026-1x-20T00:12:00.123456Z", "",
	} {
		want, err := time.Parse(workflow.TimeLayout, s)
		got, ok := fastTime(s)
		switch {
		case ok && (err != nil || !got.Equal(want) || got.Location() != time.UTC):
			t.Errorf("fastTime(%q) = %v; time.Parse: %v, %v", s, got, want, err)
		case !ok && err == nil && len(s) == 27:
			t.Errorf("fastTime(%q) refused what time.Parse reads", s)
		}
	}
}

// A read-only store reads through a mapping of the file on every
// connection of its read pool; a store that writes does not map it.
func TestReadOnlyMapsTheFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	rw, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mmapOf := func(pool *sql.DB, n int) []int64 {
		t.Helper()
		var out []int64
		eachConn(t, pool, n, func(_ int, c *sql.Conn) {
			var size int64
			if err := c.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&size); err != nil {
				t.Fatal(err)
			}
			out = append(out, size)
		})
		return out
	}
	for i, size := range mmapOf(rw.r, readers) {
		if size != 0 {
			t.Errorf("read-write store, reader %d: mmap_size %d, want 0", i, size)
		}
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for i, size := range mmapOf(ro.r, readers) {
		if size != readMmapSize {
			t.Errorf("read-only store, reader %d: mmap_size %d, want %d", i, size, readMmapSize)
		}
	}
}

// eachConn runs fn on n distinct connections of pool: all n are held until
// fn has seen each, so the pool cannot hand the same one out twice.
func eachConn(t *testing.T, pool *sql.DB, n int, fn func(i int, c *sql.Conn)) {
	t.Helper()
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := pool.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		fn(i, c)
	}
}
