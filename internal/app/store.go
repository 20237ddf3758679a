package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"incidentbot/config"
	"incidentbot/storage/postgres"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// Store is an open store: what the workflow needs, and Close.
type Store interface {
	workflow.Store
	Close() error
}

var (
	_ Store = (*sqlite.DB)(nil)
	_ Store = (*postgres.DB)(nil)
)

// Access is how a subcommand uses its store.
type Access int

const (
	// ReadWrite creates the file and brings its schema up to date if needed
	// (tools and tests). On PostgreSQL: the database, brought up to date.
	ReadWrite Access = iota
	// Exclusive is ReadWrite as the one process that writes to the file
	// (serve, the console): a file another process holds is refused, naming
	// the holder (sqlite.ErrLocked), and so is one that fails SQLite's
	// integrity check (sqlite.ErrCorrupt). On PostgreSQL several processes
	// share the database (replicas), so Exclusive is ReadWrite there.
	Exclusive
	// ReadOnly reads an existing file and never writes to it (export,
	// verify, stats): it works beside a running serve and on a read-only
	// copy. On PostgreSQL: no migration, and Update fails.
	ReadOnly
)

// OpenStore opens the store s names: the PostgreSQL database at s.DSN when
// there is one, else the SQLite file at s.Path, as access says. A missing
// file is an error for ReadOnly rather than a new empty database. Every
// subcommand opens its store here, so the kind of store is chosen here and
// nowhere else (the precedence of --db, DATABASE_URL, dsn and path is the
// configuration's: config.Storage).
func OpenStore(ctx context.Context, s config.Storage, access Access) (Store, error) {
	return OpenStoreLog(ctx, s, access, nil)
}

// OpenStoreLog is OpenStore with the logger the store reports to (nil:
// slog.Default()).
func OpenStoreLog(ctx context.Context, s config.Storage, access Access, log *slog.Logger) (Store, error) {
	if s.Postgres() {
		opt := postgres.Options{Log: log, Lease: s.OutboxLease.Duration} // zero: the default
		if access == ReadOnly {
			return postgres.OpenReadOnly(ctx, string(s.DSN), opt) // errors name the database, password hidden
		}
		return postgres.Open(ctx, string(s.DSN), opt)
	}
	var db *sqlite.DB
	var err error
	switch access {
	case ReadOnly:
		if _, serr := os.Stat(s.Path); serr != nil {
			return nil, &NoDatabaseError{Path: s.Path}
		}
		db, err = sqlite.OpenReadOnly(ctx, s.Path)
	case Exclusive:
		db, err = sqlite.OpenExclusive(ctx, s.Path)
		if errors.Is(err, sqlite.ErrLocked) || errors.Is(err, sqlite.ErrCorrupt) {
			return nil, err // says what and where
		}
	default:
		db, err = sqlite.Open(ctx, s.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", s.Path, err)
	}
	return db, nil
}

// NoDatabaseError is the error of reading a SQLite store whose file does
// not exist (export, verify and stats never create one).
type NoDatabaseError struct{ Path string }

func (e *NoDatabaseError) Error() string {
	return fmt.Sprintf("no database at %s (name one with --db FILE or the config's [storage] path)", e.Path)
}
