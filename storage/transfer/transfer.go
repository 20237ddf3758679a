// Package transfer copies a SQLite store into an empty PostgreSQL database:
// the move from one host to several replicas (`incidentbot migrate`).
//
// The copy is of rows, not of commands: every table of the schema
// (incidents, events with their hashes, payloads with their redaction
// tombstones, links, timers fired, cancelled and pending, the outbox
// delivered and pending, the idempotency keys) goes across as it is, so the
// hash chains and the heads published from them stay what they were. The
// SQLite file is opened read-only and read in one snapshot; the PostgreSQL
// database is first brought to the current schema by its migrations, then
// filled in one transaction that holds its tables locked, so a failed copy
// leaves it empty and a replica started meanwhile waits for the end.
package transfer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"

	"incidentbot/storage/postgres"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// Errors callers branch on (wrapped; the typed errors below carry detail).
var (
	// ErrNotEmpty: the target database already holds a store.
	ErrNotEmpty = errors.New("the target database is not empty")
	// ErrSourceBroken: an incident's chain does not verify in the SQLite
	// file; nothing was copied.
	ErrSourceBroken = errors.New("a timeline in the SQLite file does not verify")
	// ErrMismatch: after the copy, a chain on PostgreSQL does not verify or
	// its head differs from the SQLite file's. The copy is in the target.
	ErrMismatch = errors.New("the copy does not match the SQLite file")
	// ErrNoFile: there is no SQLite file at the path given.
	ErrNoFile = errors.New("no SQLite file")
)

// NotEmptyError names a table of the target that holds rows.
type NotEmptyError struct {
	Table string
	Rows  int64
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("the target database is not empty: table %s holds %d rows", e.Table, e.Rows)
}

func (e *NotEmptyError) Unwrap() error { return ErrNotEmpty }

// ChainError is an incident whose chain does not verify, in the SQLite file
// (ErrSourceBroken) or in the copy (ErrMismatch).
type ChainError struct {
	Ref   workflow.Ref
	Chain *workflow.ChainError // nil: the chain verifies, but to another head
	Want  workflow.Hash        // the SQLite file's head (ErrMismatch)
	Got   workflow.Hash        // the copy's head (ErrMismatch)
	kind  error
}

func (e *ChainError) Error() string {
	if e.Chain != nil {
		return fmt.Sprintf("%v: incident %s: %v", e.kind, e.Ref, e.Chain)
	}
	return fmt.Sprintf("%v: incident %s: head %s, the SQLite file's is %s", e.kind, e.Ref, e.Got, e.Want)
}

func (e *ChainError) Unwrap() error { return e.kind }

// Head is one incident's chain as copied: the head a card or an export
// published.
type Head struct {
	Ref    workflow.Ref
	Events int
	Head   workflow.Hash
}

// Report says what was copied.
type Report struct {
	Incidents, Drills int
	Events, Redacted  int // events; payloads redacted (tombstones)
	Timers, Pending   int // timers; of them, neither fired nor cancelled
	Outbox, Undone    int // outbox rows; of them, not yet delivered
	Links, Keys       int
	Heads             []Head // every incident, verified on PostgreSQL, by series and number
}

// Options tune Copy.
type Options struct {
	// Log receives progress (nil: slog.Default()).
	Log *slog.Logger
}

// Copy copies the SQLite store at from into the empty PostgreSQL database
// the DSN to names, then verifies every chain there against the heads it
// had in the file. Errors name the database with its password hidden.
func Copy(ctx context.Context, from, to string, opt Options) (*Report, error) {
	log := opt.Log
	if log == nil {
		log = slog.Default()
	}
	if _, err := os.Stat(from); err != nil {
		return nil, fmt.Errorf("%w at %s: %v", ErrNoFile, from, err)
	}
	// A writer running on the file would append after the snapshot: those
	// commands would be acknowledged and not copied.
	if err := sqlite.InUse(from); err != nil {
		return nil, err
	}
	src, err := sqlite.OpenReadOnly(ctx, from)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	heads, err := verifyAll(ctx, src, ErrSourceBroken)
	if err != nil {
		return nil, err
	}
	// Open brings the schema up to date (goose, under its session lock).
	dst, err := postgres.Open(ctx, to, postgres.Options{MaxConns: 2, Log: log})
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	rep, err := copyRows(ctx, src, to)
	if err != nil {
		return nil, err
	}
	log.Info("migrate: rows copied", "to", dst.Name(), "incidents", rep.Incidents, "events", rep.Events)
	got, err := verifyAll(ctx, dst, ErrMismatch)
	if err != nil {
		return nil, err
	}
	if err := sameHeads(heads, got); err != nil {
		return nil, err
	}
	rep.Heads = got
	return rep, nil
}

// verifyAll verifies every incident's chain as `incidentbot verify` does
// and returns the heads, by series and number; a chain that fails is a
// *ChainError of kind.
func verifyAll(ctx context.Context, store workflow.Store, kind error) ([]Head, error) {
	var refs []workflow.Ref
	err := store.View(ctx, func(tx workflow.ReadTx) error {
		incs, err := tx.Incidents(workflow.Filter{})
		for _, inc := range incs {
			refs = append(refs, inc.Ref())
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	svc := workflow.NewService(workflow.Options{Store: store})
	heads := make([]Head, 0, len(refs))
	for _, ref := range refs {
		_, n, head, err := svc.Verify(ctx, ref)
		var ce *workflow.ChainError
		if errors.As(err, &ce) {
			return nil, &ChainError{Ref: ref, Chain: ce, kind: kind}
		}
		if err != nil {
			return nil, fmt.Errorf("verify %s: %w", ref, err)
		}
		heads = append(heads, Head{Ref: ref, Events: n, Head: head})
	}
	return heads, nil
}

// sameHeads checks that the copy has every incident of the file, each with
// the same number of events and the same head.
func sameHeads(want, got []Head) error {
	byRef := make(map[workflow.Ref]Head, len(got))
	for _, h := range got {
		byRef[h.Ref] = h
	}
	for _, w := range want {
		g, ok := byRef[w.Ref]
		switch {
		case !ok:
			return fmt.Errorf("%w: incident %s is missing from the copy", ErrMismatch, w.Ref)
		case g.Head != w.Head || g.Events != w.Events:
			return &ChainError{Ref: w.Ref, Want: w.Head, Got: g.Head, kind: ErrMismatch}
		}
	}
	if len(got) != len(want) {
		return fmt.Errorf("%w: the copy has %d incidents, the file %d", ErrMismatch, len(got), len(want))
	}
	return nil
}

// copyRows copies every table in one PostgreSQL transaction from one
// snapshot of the file.
func copyRows(ctx context.Context, src *sqlite.DB, to string) (*Report, error) {
	name := postgres.Redact(to)
	conn, err := pgx.Connect(ctx, to)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", name, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin the copy on %s: %w", name, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// Replicas started meanwhile wait for the copy rather than write
	// beside it, and nothing slips in between the check and the copy: every
	// table copied, and the series counters set after it.
	locked := []string{"series"}
	for _, t := range tables {
		locked = append(locked, t.name)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(locked, ", ")+` IN ACCESS EXCLUSIVE MODE`); err != nil {
		return nil, fmt.Errorf("lock the tables of %s: %w", name, err)
	}
	if err := empty(ctx, tx); err != nil {
		return nil, err
	}
	rep := &Report{}
	err = src.RawView(ctx, func(stx *sql.Tx) error {
		for _, t := range tables {
			n, err := copyTable(ctx, stx, tx, t, rep)
			if err != nil {
				return fmt.Errorf("copy table %s: %w", t.name, err)
			}
			if t.count != nil {
				*t.count(rep) = n
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The numbers continue where the file's stopped, and new outbox rows
	// queue behind the copied ones.
	if _, err := tx.Exec(ctx, `UPDATE series SET last = COALESCE((SELECT max(number) FROM incidents WHERE drill = series.drill), 0)`); err != nil {
		return nil, fmt.Errorf("set the series counters: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('outbox', 'pos'), max(pos)) FROM outbox HAVING max(pos) IS NOT NULL`); err != nil {
		return nil, fmt.Errorf("move the outbox positions on: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit the copy on %s: %w", name, err)
	}
	return rep, nil
}

// empty refuses a target that holds anything a store writes.
func empty(ctx context.Context, tx pgx.Tx) error {
	for _, t := range tables {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+t.name).Scan(&n); err != nil {
			return fmt.Errorf("count the rows of %s: %w", t.name, err)
		}
		if n > 0 {
			return &NotEmptyError{Table: t.name, Rows: n}
		}
	}
	var last int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(last), 0) FROM series`).Scan(&last); err != nil {
		return fmt.Errorf("read the series counters: %w", err)
	}
	if last > 0 {
		return &NotEmptyError{Table: "series", Rows: last}
	}
	return nil
}
