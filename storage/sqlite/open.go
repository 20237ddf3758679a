package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// OpenExclusive opens the database at path as Open does, for the one process
// that writes to it (serve, the console): it first takes the file's lock (a
// *LockedError, naming the holder, when another process has it), then refuses
// a database that fails SQLite's integrity check (ErrCorrupt), so nothing is
// appended to a damaged file. Close releases the lock.
func OpenExclusive(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	l, err := acquire(path, time.Now())
	if err != nil {
		return nil, err
	}
	if err := checkIntegrity(ctx, path); err != nil {
		l.release()
		return nil, err
	}
	db, err := Open(ctx, path)
	if err != nil {
		l.release()
		return nil, err
	}
	db.lock = l
	return db, nil
}

// ErrCorrupt is the error (wrapped) of opening a database that fails SQLite's
// integrity check.
var ErrCorrupt = errors.New("the database fails SQLite's integrity check")

// integrityLines bounds what the check reports: the first problems say
// enough.
const integrityLines = 5

// checkIntegrity runs PRAGMA integrity_check on an existing file (a new one
// has nothing to check).
func checkIntegrity(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_query_only=1")
	if err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`PRAGMA integrity_check(%d)`, integrityLines))
	if err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %w: %s; restore it from a backup (export, verify and stats can still read it)",
			path, ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// OpenReadOnly opens an existing database at path for reading only (export,
// verify, stats): it writes nothing, not even a migration, so it reads a copy
// kept read-only (an archived evidence file, in a read-only directory) as
// well as a file a server is writing to. SQLite first opens it read-only
// (mode=ro), seeing what a running server has committed; where that is not
// possible (a database in WAL mode needs its -shm file, which cannot be made
// in a read-only directory), it opens it as immutable: nobody can be writing
// to a file there. Update fails on the store.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db, err := openRead(ctx, path, "mode=ro")
	if err != nil {
		var err2 error
		if db, err2 = openRead(ctx, path, "mode=ro&immutable=1"); err2 != nil {
			return nil, fmt.Errorf("open store %s read-only: %w", path, err)
		}
	}
	if err := db.schemaCurrent(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	return db, nil
}

// readOnlyDSN is the URI that opens path with SQLite's own parameters
// (mode=ro, immutable=1) and the store's read-only settings.
//
// A read-only store maps the file into memory (mmap_size, up to
// readMmapSize): export and verify read a whole timeline, and through
// SQLite's page cache every page read is a read call and a copy into a page
// buffer from the C allocator, which a fresh process pays for in page
// faults. The store never shrinks the file (no VACUUM), so the mapping never
// points past its end.
func readOnlyDSN(path, params string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	return u.String() + "?" + params + "&_pragma=busy_timeout(5000)&_query_only=1" +
		"&_pragma=mmap_size(" + strconv.Itoa(readMmapSize) + ")"
}

// readMmapSize bounds the mapping of a read-only store; past it SQLite reads
// the rest as usual.
const readMmapSize = 1 << 30

func openRead(ctx context.Context, path, params string) (*DB, error) {
	dsn := readOnlyDSN(path, params)
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	// A read-only database is found out at its first read, not at open.
	var n int
	if err := w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		w.Close()
		return nil, err
	}
	ws, err := prepare(ctx, w, writeQueries)
	if err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		ws.close()
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	rs, err := prepare(ctx, r, slices.Concat(readQueries, pageQueries))
	if err != nil {
		r.Close()
		ws.close()
		w.Close()
		return nil, err
	}
	return &DB{path: path, w: w, r: r, ws: ws, rs: rs, wr: newWriter(w, ws)}, nil
}

// schemaCurrent checks that every embedded migration has been applied: a
// read-only store cannot bring an older file up to date.
func (db *DB) schemaCurrent(ctx context.Context) error {
	entries, err := fs.Glob(migrations(), "*.sql")
	if err != nil {
		return err
	}
	var applied int
	err = db.r.QueryRowContext(ctx, `SELECT count(DISTINCT version_id) FROM goose_db_version WHERE is_applied = 1 AND version_id > 0`).Scan(&applied)
	if err != nil {
		return fmt.Errorf("no incidentbot schema: %w", err)
	}
	if applied < len(entries) {
		return fmt.Errorf("the file has %d of this version's %d schema migrations: open it once with serve or console (read-write) to bring it up to date", applied, len(entries))
	}
	return nil
}
