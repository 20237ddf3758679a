// Package postgres is the store for several replicas: workflow.Store on a
// PostgreSQL database (jackc/pgx/v5, a connection pool).
//
// Every Update is a transaction of its own on a pooled connection, at READ
// COMMITTED; concurrent Updates, of this process or of other replicas on the
// same database, run side by side and are kept apart by row locks, as
// workflow.Store's isolation notes ask:
//
//   - Incident and, in Update, Incidents lock the incident rows they read
//     (SELECT … FOR NO KEY UPDATE: as exclusive as FOR UPDATE between
//     writers, but it lets another transaction insert a row that only
//     references the incident, a timer say, without waiting).
//   - NextNumber locks the series' counter row (SELECT … FOR UPDATE) and
//     CreateIncident moves it on, so numbers stay gap-free.
//   - Enqueue holds a lock per queue (a transaction-level advisory lock) so
//     a queue's positions grow in commit order; DueOutgoing takes heads with
//     FOR UPDATE SKIP LOCKED and leases them (outbox.go).
//   - FireTimer locks the timer's incident before the timer, in the order a
//     command takes them, and claims the timer with a conditional update.
//   - Remember, CreateIncident and AppendEvents rely on unique keys, with
//     INSERT … ON CONFLICT DO NOTHING so that a clash leaves the
//     transaction usable (PostgreSQL aborts a transaction on an error).
//
// View runs at REPEATABLE READ, READ ONLY: one snapshot, no locks.
//
// Locks are always taken incident first, then series counter or queue or
// timer; a deadlock the order cannot rule out (a timer of no incident whose
// action lists incidents while a command reschedules it) and a lost
// connection end the transaction with nothing applied, and Update reports
// workflow.ErrBusy, so the caller answers "busy, try again". fn never runs
// twice.
//
// The schema is a set of numbered SQL migrations (migrations/*.sql), embedded
// and applied with goose (dialect postgres) when the store is opened; goose
// takes a session lock, so replicas starting together apply them once.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"incidentbot/internal/dsn"
	"incidentbot/workflow"
)

//go:embed migrations/*.sql
var embedded embed.FS

// Migrations returns the embedded migration files at the root of an fs.FS.
func Migrations() fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// DefaultLease is how long a delivery worker holds an outbox head it took
// (Options.Lease): longer than any one delivery takes, short enough that a
// replica's crash delays its queues by no more than this.
const DefaultLease = 30 * time.Second

// Options tune Open; the zero value is the defaults.
type Options struct {
	// Lease is how long an outbox head taken by DueOutgoing stays this
	// store's; zero: DefaultLease.
	Lease time.Duration
	// MaxConns bounds the pool; zero: pgxpool's default, or the DSN's
	// pool_max_conns.
	MaxConns int32
	// TxTimeout bounds an Update from the moment fn starts: ctx no longer
	// ends it then (as on SQLite), but a server that stops answering
	// without closing the connection must not hold a caller for ever. Zero:
	// DefaultTxTimeout.
	TxTimeout time.Duration
	// Log receives what the store does on its own (nil: slog.Default()).
	Log *slog.Logger
}

// DefaultTxTimeout is Options.TxTimeout's default: far beyond any Update's
// work, so it ends only transactions the server has stopped answering.
const DefaultTxTimeout = 30 * time.Second

// DB is the PostgreSQL store. It is safe for concurrent use, and several DBs
// (replicas) may share one database.
type DB struct {
	name     string // the DSN with its password hidden, for messages
	readOnly bool   // OpenReadOnly: Update refuses
	pool     *pgxpool.Pool
	owner    uuid.UUID // this store's name on the leases it takes
	lease    time.Duration
	txMax    time.Duration // Options.TxTimeout
	log      *slog.Logger
}

var _ workflow.Store = (*DB)(nil)

// Redact returns dsn with its password replaced by "xxxxx": how the
// database is named in logs and errors (see package dsn).
func Redact(d string) string { return dsn.Redact(d) }

// Open connects to the database dsn names, brings its schema up to date and
// returns the store. Errors name the database with its password hidden.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	return open(ctx, dsn, opt, false)
}

// OpenReadOnly connects to the database dsn names for reading only (export,
// verify, stats): it applies no migration, and fails unless the schema is
// this version's; Update fails on the store.
func OpenReadOnly(ctx context.Context, dsn string, opt Options) (*DB, error) {
	return open(ctx, dsn, opt, true)
}

// ErrReadOnly is the error of Update on a store opened with OpenReadOnly.
var ErrReadOnly = errors.New("the store is open for reading only")

func open(ctx context.Context, conn string, opt Options, readOnly bool) (*DB, error) {
	name := Redact(conn)
	if !dsn.Valid(conn) {
		return nil, fmt.Errorf("open store %s: not a postgres:// or postgresql:// URL with a host", name)
	}
	cfg, err := pgxpool.ParseConfig(conn)
	if err != nil {
		// pgx's message may quote the string it could not read.
		return nil, fmt.Errorf("open store %s: the connection string does not parse", name)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	if opt.Lease <= 0 {
		opt.Lease = DefaultLease
	}
	if opt.TxTimeout <= 0 {
		opt.TxTimeout = DefaultTxTimeout
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	if readOnly {
		err = schemaCurrent(ctx, pool)
	} else {
		err = migrate(ctx, pool)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	return &DB{name: name, readOnly: readOnly, pool: pool, owner: uuid.New(), lease: opt.Lease, txMax: opt.TxTimeout, log: opt.Log}, nil
}

// schemaCurrent checks that every embedded migration has been applied: a
// read-only store cannot bring an older database up to date.
func schemaCurrent(ctx context.Context, pool *pgxpool.Pool) error {
	entries, err := fs.Glob(Migrations(), "*.sql")
	if err != nil {
		return err
	}
	var applied int
	err = pool.QueryRow(ctx, `SELECT count(DISTINCT version_id) FROM goose_db_version WHERE is_applied AND version_id > 0`).Scan(&applied)
	if err != nil {
		return fmt.Errorf("no incidentbot schema: %w", err)
	}
	if applied < len(entries) {
		return fmt.Errorf("the database has %d of this version's %d schema migrations: start serve (or the console) on it once to bring it up to date", applied, len(entries))
	}
	return nil
}

// migrate applies the pending embedded migrations under goose's session
// lock, so replicas opening a fresh database at once apply each once.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, Migrations(), goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Name is the database as messages name it: the DSN without its password.
func (db *DB) Name() string { return db.name }

// Close closes the pool; Updates in progress finish first.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Update runs fn in a transaction of its own and commits it if fn returns
// nil; a nil result means the commit succeeded. fn's error is returned
// unchanged (its writes rolled back); a panic in fn rolls back and goes on
// up. Update fails with workflow.ErrBusy, nothing applied, when ctx ends
// before a connection is free, when the database cannot be reached, and
// when PostgreSQL ends the transaction on its own (a deadlock, a server
// shutting down), and when the transaction outlasts Options.TxTimeout (a
// server that stopped answering). Once fn has started, its statements run
// whatever ctx does, as on SQLite.
func (db *DB) Update(ctx context.Context, fn func(workflow.Tx) error) (err error) {
	if db.readOnly {
		return fmt.Errorf("update %s: %w", db.name, ErrReadOnly)
	}
	if err := ctx.Err(); err != nil {
		return busy("wait for a connection", err)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return busy("connect to "+db.name, err)
	}
	defer conn.Release()
	run, cancel := context.WithTimeout(context.WithoutCancel(ctx), db.txMax)
	defer cancel()
	tx, err := conn.BeginTx(run, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return classify("begin write transaction", err)
	}
	t := &writeTx{readTx: readTx{ctx: run, tx: tx, lock: true}, db: db}
	done := false
	defer func() {
		if !done { // fn panicked
			_ = tx.Rollback(run)
		}
	}()
	ferr := fn(t)
	done = true
	if ferr != nil {
		_ = tx.Rollback(run)
		return ferr
	}
	if err := tx.Commit(run); err != nil {
		return commitFailed(err)
	}
	for _, f := range t.after {
		f()
	}
	if t.redacted {
		db.vacuumPayloads(run)
	}
	return nil
}

// View runs fn in a REPEATABLE READ, READ ONLY transaction: one snapshot,
// no locks, never waiting for writers. fn's error is returned unchanged.
func (db *DB) View(ctx context.Context, fn func(workflow.ReadTx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return classify("begin read transaction", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return fn(&readTx{ctx: ctx, tx: tx})
}

// vacuumPayloads lets PostgreSQL reclaim the row versions a redaction left
// behind, so the text is gone from the table as soon as no snapshot can see
// it. Best effort: autovacuum does it later anyway.
func (db *DB) vacuumPayloads(ctx context.Context) {
	if _, err := db.pool.Exec(ctx, `VACUUM payloads`); err != nil {
		db.log.Warn("vacuum after a redaction", "err", err)
	}
}

// busy wraps cause as workflow.ErrBusy: nothing was applied, and the same
// request may be sent again in a moment.
func busy(what string, cause error) error {
	return fmt.Errorf("%s: %w (%w)", what, workflow.ErrBusy, cause)
}

// transient reports whether err means the transaction could not go on
// through no fault of its statements, and PostgreSQL rolled it back (or
// never began it): the server is unreachable or going away, too many
// connections, a deadlock or a serialization failure.
func transient(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "57P"), // operator intervention: shutdown, cannot connect now
			strings.HasPrefix(pe.Code, "53"),  // insufficient resources: too many connections
			pe.Code == "40001", pe.Code == "40P01":
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return true
	}
	// A connection lost during a statement: the server rolls the
	// transaction back when its connection goes.
	return errors.Is(err, context.DeadlineExceeded) || isNetwork(err)
}

// classify wraps err with what was being done, as ErrBusy when it is
// transient.
func classify(what string, err error) error {
	if transient(err) {
		return busy(what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// errCommitUnknown is the error of a commit whose outcome the connection did
// not report: the change may or may not be stored.
var errCommitUnknown = errors.New("the connection was lost during COMMIT; the change may or may not be stored")

// commitFailed is the error of a failed COMMIT. The server's own answer
// means it rolled back; a commit that never left this process did not
// happen; a connection lost while the server had it leaves the outcome
// unknown, which is not "busy": a retry could apply the change twice.
func commitFailed(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) || pgconn.SafeToRetry(err) {
		return classify("commit", err)
	}
	return fmt.Errorf("commit: %w: %w", errCommitUnknown, err)
}
