package postgres_test

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"incidentbot/storage/postgres"
	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

// TestMigrations: replicas opening a fresh database at once apply every
// embedded migration once; the migrations go down to nothing and up again.
func TestMigrations(t *testing.T) {
	t.Parallel()
	dsn := postgrestest.Database(t)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { postgrestest.OpenDSN(t, dsn, postgres.Options{MaxConns: 2}) })
	}
	wg.Wait()
	files, err := fs.Glob(postgres.Migrations(), "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("embedded migrations: %v, %v", files, err)
	}
	conn := connect(t, dsn)
	var applied, rows int
	if err := conn.QueryRow(ctx, `SELECT count(DISTINCT version_id), count(*) FROM goose_db_version WHERE version_id > 0`).Scan(&applied, &rows); err != nil {
		t.Fatal(err)
	}
	if applied != len(files) || rows != len(files) {
		t.Errorf("goose recorded %d versions in %d rows, want each of %d once", applied, rows, len(files))
	}

	db, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	sqldb := stdlib.OpenDB(*db)
	defer sqldb.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down to 0: %v", err)
	}
	var tables int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("after down: %d tables, %v", tables, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	s := postgrestest.OpenDSN(t, dsn, postgres.Options{MaxConns: 2})
	inc := storetest.OpenIncident(t, s, false, t0, "after the round trip")
	if inc.Number != 1 {
		t.Errorf("first incident after up again: #%d", inc.Number)
	}
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestEventsAreAppendOnly: the schema itself refuses to change or delete a
// timeline, whoever connects.
func TestEventsAreAppendOnly(t *testing.T) {
	t.Parallel()
	s, dsn := postgrestest.Open(t, postgres.Options{})
	inc := storetest.OpenIncident(t, s, false, t0, "one")
	storetest.Change(t, s, inc.Ref(), t0, storetest.Note("first"), storetest.Note("second"))
	must(t, s.Update(ctx, func(tx workflow.Tx) error { return tx.RedactPayload(inc.ID, 3) }))
	conn := connect(t, dsn)
	for _, tc := range []struct{ name, sql, want string }{
		{"update event", `UPDATE events SET kind = 'note' WHERE incident_id = $1 AND seq = 1`, "append-only"},
		{"delete event", `DELETE FROM events WHERE incident_id = $1 AND seq = 2`, "append-only"},
		{"truncate events", `TRUNCATE events CASCADE`, "append-only"},
		{"delete payload", `DELETE FROM payloads WHERE incident_id = $1 AND seq = 2`, "never deleted"},
		{"move payload", `UPDATE payloads SET seq = 9 WHERE incident_id = $1 AND seq = 2`, "stays with its event"},
		{"unredact", `UPDATE payloads SET redacted = false WHERE incident_id = $1 AND seq = 3`, "stays redacted"},
		{"delete incident", `DELETE FROM incidents WHERE id = $1`, "foreign key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if strings.Contains(tc.sql, "$1") {
				_, err = conn.Exec(ctx, tc.sql, inc.ID.String())
			} else {
				_, err = conn.Exec(ctx, tc.sql)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want an error containing %q", tc.sql, err, tc.want)
			}
		})
	}
	_, events := storetest.Read(t, s, inc.Ref())
	if len(events) != 3 || !events[2].Redacted {
		t.Errorf("after the refused statements: %d events", len(events))
	}
}
