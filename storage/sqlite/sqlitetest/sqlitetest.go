// Package sqlitetest helps tests in other packages use the SQLite store: a
// fresh database in a temporary directory, and a deterministic dump of every
// row for "this changed nothing" comparisons.
package sqlitetest

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/google/uuid"
	"incidentbot/workflow"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"incidentbot/storage/sqlite"
)

// Open opens a fresh store in t.TempDir(), closed when the test ends. It
// returns the store and the path of its file.
func Open(t testing.TB) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "incidentbot.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return db, path
}

// versionTable is goose's record of applied migrations, left out of dumps.
const versionTable = "goose_db_version"

// Dump opens the database file at path read-only and returns every committed
// row of every table (except goose's version table and SQLite's own), tables
// by name and rows by primary key, as text. Two dumps are equal exactly when
// the stored data is. It may be called while a store has the file open.
func Dump(t testing.TB, path string) string {
	t.Helper()
	s, err := dump(path)
	if err != nil {
		t.Fatalf("dump %s: %v", path, err)
	}
	return s
}

func dump(path string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", err // do not create it
	}
	// query_only: nothing can be written; no journal_mode pragma, which would
	// convert a file that is not yet in WAL mode.
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_query_only=1")
	if err != nil {
		return "", err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // one snapshot for all tables
	if err != nil {
		return "", err
	}
	defer tx.Rollback()

	var tables []string
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> ? ORDER BY name`, versionTable)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return "", err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}

	var b strings.Builder
	for _, table := range tables {
		cols, order, err := columns(ctx, tx, table)
		if err != nil {
			return "", fmt.Errorf("table %s: %w", table, err)
		}
		fmt.Fprintf(&b, "== %s (%s)\n", table, strings.Join(cols, ", "))
		if err := dumpRows(ctx, tx, &b, table, cols, order); err != nil {
			return "", fmt.Errorf("table %s: %w", table, err)
		}
	}
	return b.String(), nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// columns returns the table's columns in declaration order and the ORDER BY
// list: the primary key columns, or every column when there is no key.
func columns(ctx context.Context, tx *sql.Tx, table string) (cols, order []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	pk := map[int]string{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, nil, err
		}
		cols = append(cols, name)
		if n > 0 {
			pk[n] = name
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for i := 1; i <= len(pk); i++ {
		order = append(order, quoteIdent(pk[i]))
	}
	if len(order) == 0 {
		for _, c := range cols {
			order = append(order, quoteIdent(c))
		}
	}
	return cols, order, nil
}

func dumpRows(ctx context.Context, tx *sql.Tx, b *strings.Builder, table string, cols, order []string) error {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+quoteIdent(table)+` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		b.WriteString("  ")
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(cols[i])
			b.WriteByte('=')
			b.WriteString(format(v))
		}
		b.WriteByte('\n')
	}
	return rows.Err()
}

func format(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return "x" + strconv.Quote(string(x))
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return fmt.Sprintf("%T(%v)", v, v)
	}
}

// NewID makes an id as the store does (a UUIDv7), for tests that build
// incidents or events outside a transaction (workflow.Seal, fixtures).
func NewID() (workflow.ID, error) {
	id, err := uuid.NewV7()
	return workflow.ID(id), err
}
