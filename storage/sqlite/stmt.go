package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// stmtCache holds a pool's statements, prepared once at Open instead of
// compiled on every call: a command runs about five statements, and compiling
// them costs a good part of what the commit itself costs. It is filled before
// the pool is used and only read afterwards. Statements are never prepared
// lazily: inside a transaction the writer's only connection is taken, so
// preparing on the pool would wait for itself.
type stmtCache struct {
	m map[string]*sql.Stmt
}

func prepare(ctx context.Context, db *sql.DB, queries []string) (*stmtCache, error) {
	c := &stmtCache{m: map[string]*sql.Stmt{}}
	for _, q := range queries {
		s, err := db.PrepareContext(ctx, q)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("prepare %q: %w", q, err)
		}
		c.m[q] = s
	}
	return c, nil
}

func (c *stmtCache) close() error {
	var errs []error
	for _, s := range c.m {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// exec, query and queryRow run query in the transaction, through its prepared
// statement when there is one.
func (t *readTx) exec(query string, args ...any) (sql.Result, error) {
	if s, ok := t.cache.m[query]; ok {
		return t.tx.StmtContext(t.ctx, s).ExecContext(t.ctx, args...)
	}
	return t.tx.ExecContext(t.ctx, query, args...)
}

func (t *readTx) query(query string, args ...any) (*sql.Rows, error) {
	if s, ok := t.cache.m[query]; ok {
		return t.tx.StmtContext(t.ctx, s).QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

func (t *readTx) queryRow(query string, args ...any) rowScanner {
	if s, ok := t.cache.m[query]; ok {
		return t.tx.StmtContext(t.ctx, s).QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

type rowScanner interface{ Scan(...any) error }
