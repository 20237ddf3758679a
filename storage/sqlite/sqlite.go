// Package sqlite is the embedded store: workflow.Store on one SQLite file
// (modernc.org/sqlite, no cgo).
//
// Every connection runs with busy_timeout=5000, journal_mode=WAL,
// foreign_keys=ON and synchronous=FULL (set in the DSN, so every pooled
// connection has them). Writes go through a single writer connection and begin
// with BEGIN IMMEDIATE, so write transactions are serialized in this process and
// against other processes on the same file, and never fail with SQLITE_BUSY on a
// lock upgrade. One goroutine owns that connection and commits the Updates
// that arrive together in one transaction, each in a savepoint of its own
// (group commit: writer.go). Reads go through a small pool of query-only
// connections; in WAL mode they see a consistent snapshot and never wait for
// the writer, so export, verify and stats can run while a server writes to the
// same file.
//
// The schema is a set of numbered SQL migrations (migrations/*.sql), embedded
// and applied with goose when the store is opened; goose records the applied
// versions in the database (table goose_db_version).
//
// Times are stored as text in workflow.TimeLayout and hashes as lowercase hex,
// so events come back exactly as they were hashed. The incident snapshot is the
// JSON of workflow.Incident; a few of its fields are copied into columns for
// listing.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"incidentbot/workflow"
)

//go:embed migrations/*.sql
var embedded embed.FS

// migrations returns the embedded migration files at the root of an fs.FS.
func migrations() fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// pragmas are the connection settings every connection gets, reader or writer.
const pragmas = "_pragma=busy_timeout(5000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(FULL)" +
	// A redacted payload must not survive in free pages of the file.
	"&_pragma=secure_delete(1)"

// WriterDSN is the data source name of the writer connection for path:
// the pragmas plus BEGIN IMMEDIATE for every transaction. The path is used as
// a plain file name (no "file:" URI), so it needs no escaping; it must not
// contain '?'.
func WriterDSN(path string) string { return path + "?" + pragmas + "&_txlock=immediate" }

// ReaderDSN is the data source name of the read pool's connections for path:
// the same pragmas, and query_only so nothing can write through them.
func ReaderDSN(path string) string { return path + "?" + pragmas + "&_query_only=1" }

// readers is the size of the read pool.
const readers = 4

// DB is the SQLite store. It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // one connection: all writes
	r    *sql.DB // query-only pool: View
	ws   *stmtCache
	rs   *stmtCache
	lock *lock   // held from OpenExclusive until Close
	wr   *writer // the goroutine that owns w
}

var _ workflow.Store = (*DB)(nil)

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. It takes no lock: see OpenExclusive.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", WriterDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	ws, err := prepare(ctx, w, slices.Concat(writeQueries, pageQueries))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", ReaderDSN(path))
	if err != nil {
		ws.close()
		w.Close()
		return nil, fmt.Errorf("open store %s: read pool: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	rs, err := prepare(ctx, r, slices.Concat(readQueries, pageQueries))
	if err != nil {
		r.Close()
		ws.close()
		w.Close()
		return nil, fmt.Errorf("open store %s: read pool: %w", path, err)
	}
	return &DB{path: path, w: w, r: r, ws: ws, rs: rs, wr: newWriter(w, ws)}, nil
}

// migrate applies the pending embedded migrations. Two processes opening a
// fresh file at once can race on the same migration; the loser's transaction
// fails and rolls back, and the retry finds the work done.
func migrate(ctx context.Context, db *sql.DB) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations())
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	for attempt := 0; ; attempt++ {
		_, err = p.Up(ctx)
		if err == nil || attempt == 2 || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close stops the writer (Updates still queued fail; a batch in progress
// finishes), closes both pools, then releases the lock if the store holds it.
func (db *DB) Close() error {
	db.wr.close()
	err := errors.Join(db.rs.close(), db.ws.close(), db.r.Close(), db.w.Close())
	return errors.Join(err, db.lock.release())
}

func checkPath(path string) error {
	if path == "" {
		return errors.New("open store: empty database path")
	}
	if strings.ContainsRune(path, '?') {
		return fmt.Errorf("open store %s: the path may not contain '?'", path)
	}
	return nil
}

// Update runs fn in a write transaction on the writer connection, as part of
// a batch that commits once for every Update in it (group commit, see
// writer.go), and returns only after that COMMIT has succeeded: a nil result
// means the change is durable (WAL, synchronous FULL). An error from fn rolls
// back fn's own writes only and is returned unchanged. If ctx ends before fn
// could start, Update fails with workflow.ErrBusy and nothing is applied.
// fn must not call Update on the same DB: the writer waits for fn.
func (db *DB) Update(ctx context.Context, fn func(workflow.Tx) error) error {
	return db.wr.update(ctx, fn)
}

// View runs fn in a read transaction on the query-only pool; fn sees one
// snapshot of the database. Errors from fn are returned unchanged.
func (db *DB) View(ctx context.Context, fn func(workflow.ReadTx) error) error {
	t, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer t.Rollback()
	return fn(&readTx{ctx: ctx, tx: t, cache: db.rs})
}

// RawView runs fn in one read transaction on the store's tables as SQL sees
// them (text times, 0/1 flags), for a tool that copies the whole store
// (storage/transfer): every table comes from the same snapshot. On a store
// opened with OpenReadOnly nothing can write through it. Errors from fn are
// returned unchanged.
func (db *DB) RawView(ctx context.Context, fn func(*sql.Tx) error) error {
	t, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer t.Rollback()
	return fn(t)
}
