// Package postgrestest gives tests a PostgreSQL database of their own on the
// server named by INCIDENTBOT_TEST_POSTGRES (set by .ci/run), and skips them
// with a clear message when it is unset, so `go test ./...` passes on a
// machine without PostgreSQL.
package postgrestest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"incidentbot/storage/postgres"
)

// Env names the variable that holds the DSN of the test server.
const Env = "INCIDENTBOT_TEST_POSTGRES"

// Server returns the DSN of the test server, or skips t.
func Server(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a server's DSN (postgres://user@host:port/postgres?sslmode=disable); .ci/run starts one and sets it", Env)
	}
	return dsn
}

// Database creates a fresh, empty database on the test server for t, drops
// it when t ends, and returns its DSN. Each test gets its own, so tests run
// in parallel without seeing each other's rows.
func Database(t testing.TB) string {
	t.Helper()
	server := Server(t)
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := "incidentbot_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server %s: %v", postgres.Redact(server), err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("connect to drop %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open opens a store on a fresh database (see Database), closed when t ends,
// and returns it with the database's DSN, for a second store on it.
func Open(t testing.TB, opt postgres.Options) (*postgres.DB, string) {
	t.Helper()
	dsn := Database(t)
	return OpenDSN(t, dsn, opt), dsn
}

// OpenDSN opens another store (a replica) on the database dsn, closed when t
// ends, before the database is dropped.
func OpenDSN(t testing.TB, dsn string, opt postgres.Options) *postgres.DB {
	t.Helper()
	if opt.MaxConns == 0 {
		opt.MaxConns = 8 // many tests share the server's connections
	}
	db, err := postgres.Open(context.Background(), dsn, opt)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Terminate ends every connection to the database dsn names but its own, as
// a server restart does.
func Terminate(t testing.TB, dsn string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	return err
}
