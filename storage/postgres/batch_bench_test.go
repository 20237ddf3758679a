package postgres

// Does our own group commit help on PostgreSQL? SQLite's store commits the
// Updates that arrive together in one transaction (storage/sqlite's
// writer.go), because each of its commits is an fsync of its own.
// PostgreSQL already groups the WAL flushes of concurrent commits
// (commit_delay aside, backends that commit together share one flush), so
// BenchmarkGroupCommit compares, in one run, many callers appending notes
// through Update (a transaction each, on the pool) with the same callers
// through a batcher as SQLite's: one connection, one transaction per batch,
// a savepoint per fn. Run it with
//
//	INCIDENTBOT_TEST_POSTGRES=… go test -run '^$' -bench GroupCommit ./storage/postgres/
//
// and read the ratio of the two ns/op; batched/direct below 1 would mean the
// batcher helps. The batcher here exists only to be measured: a batch holds
// the row locks of every fn in it until its one commit, so two replicas'
// batches could wait on each other's incidents.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

// batcher runs Updates as storage/sqlite's writer does: one goroutine, one
// connection, the fns queued meanwhile in one transaction.
type batcher struct {
	db   *DB
	reqs chan *batchReq
	stop chan struct{}
	done sync.WaitGroup
}

type batchReq struct {
	fn   func(workflow.Tx) error
	err  chan error
	ferr error
}

const maxBatch = 256

func newBatcher(tb testing.TB, db *DB) *batcher {
	b := &batcher{db: db, reqs: make(chan *batchReq, 1024), stop: make(chan struct{})}
	conn, err := db.pool.Acquire(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	b.done.Go(func() {
		defer conn.Release()
		for {
			var first *batchReq
			select {
			case first = <-b.reqs:
			case <-b.stop:
				return
			}
			batch := []*batchReq{first}
		drain:
			for len(batch) < maxBatch {
				select {
				case r := <-b.reqs:
					batch = append(batch, r)
				default:
					break drain
				}
			}
			b.run(conn.Conn(), batch)
		}
	})
	tb.Cleanup(func() { close(b.stop); b.done.Wait() })
	return b
}

func (b *batcher) run(conn *pgx.Conn, batch []*batchReq) {
	ctx := context.Background()
	answer := func(err error) {
		for _, r := range batch {
			if r.ferr != nil {
				r.err <- r.ferr
			} else {
				r.err <- err
			}
		}
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		answer(err)
		return
	}
	for _, r := range batch {
		sp, err := tx.Begin(ctx)
		if err != nil {
			_ = tx.Rollback(ctx)
			answer(err)
			return
		}
		if r.ferr = r.fn(&writeTx{readTx: readTx{ctx: ctx, tx: sp, lock: true}, db: b.db}); r.ferr != nil {
			err = sp.Rollback(ctx)
		} else {
			err = sp.Commit(ctx)
		}
		if err != nil {
			_ = tx.Rollback(ctx)
			answer(err)
			return
		}
	}
	answer(tx.Commit(ctx))
}

func (b *batcher) Update(ctx context.Context, fn func(workflow.Tx) error) error {
	r := &batchReq{fn: fn, err: make(chan error, 1)}
	b.reqs <- r
	return <-r.err
}

func (b *batcher) View(ctx context.Context, fn func(workflow.ReadTx) error) error {
	return b.db.View(ctx, fn)
}

// BenchmarkGroupCommit: callers each append notes to an incident of their
// own, as responders in separate incidents do, through Update (direct) and
// through the batcher (batched), in the same run on the same database.
func BenchmarkGroupCommit(b *testing.B) {
	db := freshDB(b, Options{MaxConns: 32})
	const callers = 32
	incs := make([]*workflow.Incident, callers)
	for i := range incs {
		incs[i] = storetest.OpenIncident(b, db, false, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), fmt.Sprintf("load %d", i))
	}
	batched := newBatcher(b, db)
	for _, tc := range []struct {
		name  string
		store workflow.Store
	}{{"direct", db}, {"batched", batched}} {
		b.Run(tc.name, func(b *testing.B) {
			var next atomic.Int64
			b.SetParallelism(max(1, callers/runtime.GOMAXPROCS(0))) // callers goroutines in all
			b.RunParallel(func(pb *testing.PB) {
				inc := incs[int(next.Add(1)-1)%callers]
				for pb.Next() {
					err := tc.store.Update(context.Background(), func(tx workflow.Tx) error {
						_, _, err := storetest.ChangeIn(tx, inc.Ref(), time.Now(), storetest.Note("a step taken"))
						return err
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// freshDB opens a store on a database of its own on the test server
// (postgrestest.Open, which this package's own tests cannot import).
func freshDB(tb testing.TB, opt Options) *DB {
	server := os.Getenv("INCIDENTBOT_TEST_POSTGRES")
	if server == "" {
		tb.Skip("PostgreSQL benchmarks skipped: set INCIDENTBOT_TEST_POSTGRES to a server's DSN; .ci/run starts one and sets it")
	}
	ctx := context.Background()
	var r [8]byte
	_, _ = rand.Read(r[:])
	name := "incidentbot_bench_" + hex.EncodeToString(r[:])
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if admin, err := pgx.Connect(ctx, server); err == nil {
			_, _ = admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
			admin.Close(ctx)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	db, err := Open(ctx, u.String(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
