package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"incidentbot/workflow"
)

// Group commit. One fsync costs far more than the statements of a command,
// so the writer commits the Updates that arrive together in one transaction:
//
//   - A single writer goroutine owns the writer connection. It takes every
//     Update waiting in its queue, begins one transaction, and gives each its
//     turn in arrival order. Updates that arrive while the batch runs join it
//     until the batch has been open for batchWindow or holds maxBatch.
//   - Each fn runs in its caller's goroutine (so a panic, or t.Fatal in a
//     test, unwinds where it belongs), inside a SAVEPOINT of its own: a fn
//     that fails or panics is rolled back to it and leaves the others alone.
//   - The batch commits once, and then each caller whose fn succeeded gets
//     the commit's result. An ack therefore still follows a durable commit.
//   - An Update whose ctx ends while it waits in the queue leaves the queue
//     and fails with workflow.ErrBusy, with nothing applied. Once taken into
//     a batch it runs and waits for the commit whatever its ctx does: its
//     statements run with the cancellation removed, because SQLite's answer
//     to an interrupted write is to roll back the whole transaction, the
//     other callers' changes with it.
//   - fn runs at most once. If the batch itself fails (the commit, or a
//     savepoint that cannot be rolled back), every caller in it gets the
//     error; nobody retries a fn.
const (
	// batchWindow bounds how long a batch stays open for Updates that arrive
	// while it runs. The writer never waits for them: an Update that finds
	// the writer idle starts a batch at once.
	batchWindow = 500 * time.Microsecond
	// maxBatch bounds the Updates of one transaction, which bounds how long
	// the last of them waits for its commit.
	maxBatch = 256
)

// Statements of the batch around each fn; prepared with the others.
const (
	qSavepoint  = `SAVEPOINT fn`
	qRelease    = `RELEASE fn`
	qRollbackTo = `ROLLBACK TO fn`
)

// errClosed is what an Update on a closed store returns.
var errClosed = errors.New("the store is closed")

// BatchObserver is told about every committed or failed batch: how many
// Updates ran in it and how long it took from BEGIN to the end of COMMIT.
type BatchObserver func(size int, took time.Duration)

// request is one Update waiting for, or taking, its turn.
type request struct {
	ctx   context.Context // the caller's, without its cancellation
	fn    func(workflow.Tx) error
	state int            // queued, joined or withdrawn; under writer.mu
	turn  chan *writeTx  // the writer hands over the transaction: run fn now
	ran   chan ranResult // the caller's fn is done (released or rolled back)
	done  chan error     // the batch's commit
}

const (
	queued = iota
	joined
	withdrawn
)

// ranResult is what the caller tells the writer after its fn.
type ranResult struct {
	ok       bool     // fn succeeded and its savepoint was released
	redacted bool     // it redacted a payload: checkpoint after the commit
	after    []func() // to run once the batch has committed
	broken   error    // the batch cannot go on (a savepoint would not roll back)
}

// writer is the single writer goroutine and its queue.
type writer struct {
	db    *sql.DB
	cache *stmtCache

	mu      sync.Mutex
	queue   []*request
	closed  bool
	wake    chan struct{} // cap 1: the queue is not empty, or the writer is closing
	stopped chan struct{} // the goroutine has returned

	depth    atomic.Int64                  // len(queue), for metrics
	observer atomic.Pointer[BatchObserver] // nil: none

	// beforeCommit, when set (tests only), is called with the number of
	// Updates a batch holds after they all ran and before COMMIT.
	beforeCommit func(size int)
}

func newWriter(db *sql.DB, cache *stmtCache) *writer {
	w := &writer{db: db, cache: cache, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	go w.loop()
	return w
}

// update is DB.Update.
func (w *writer) update(ctx context.Context, fn func(workflow.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return busy(err)
	}
	r := &request{ctx: context.WithoutCancel(ctx), fn: fn,
		turn: make(chan *writeTx, 1), ran: make(chan ranResult, 1), done: make(chan error, 1)}
	if !w.enqueue(r) {
		return errClosed
	}
	var t *writeTx
	select {
	case t = <-r.turn:
	case <-ctx.Done():
		if w.withdraw(r) {
			return busy(ctx.Err())
		}
		t = <-r.turn // taken into a batch just now: it runs
	}
	if t == nil {
		return <-r.done // the batch failed before this fn's turn
	}
	if err := w.run(r, t); err != nil {
		return err // rolled back to its savepoint; nothing of it commits
	}
	return <-r.done
}

func busy(cause error) error {
	return fmt.Errorf("waiting for the writer: %w (%w)", workflow.ErrBusy, cause)
}

// run runs fn in its savepoint and reports to the writer. It returns fn's
// error unchanged; a panic (or runtime.Goexit) in fn rolls its savepoint
// back, lets the batch go on, and continues in the caller.
func (w *writer) run(r *request, t *writeTx) (err error) {
	if _, err := t.exec(qSavepoint); err != nil {
		err = fmt.Errorf("begin savepoint: %w", err)
		r.ran <- ranResult{broken: err}
		return err
	}
	finished := false
	defer func() {
		if finished {
			return
		}
		r.ran <- ranResult{broken: t.rollbackTo()}
	}()
	err = r.fn(t)
	finished = true
	if err != nil {
		r.ran <- ranResult{broken: t.rollbackTo()}
		return err
	}
	if _, rerr := t.exec(qRelease); rerr != nil {
		rerr = fmt.Errorf("release savepoint: %w", rerr)
		r.ran <- ranResult{broken: errors.Join(rerr, t.rollbackTo())}
		return rerr
	}
	r.ran <- ranResult{ok: true, redacted: t.redacted, after: t.after}
	return nil
}

// rollbackTo undoes what the fn of t wrote. An error means the transaction
// is no longer what the batch began (SQLite rolls a whole transaction back
// on some errors, such as a full disk), so the batch must not commit.
func (t *writeTx) rollbackTo() error {
	if _, err := t.exec(qRollbackTo); err != nil {
		return fmt.Errorf("roll back to savepoint: %w", err)
	}
	if _, err := t.exec(qRelease); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

func (w *writer) enqueue(r *request) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false
	}
	w.queue = append(w.queue, r)
	w.depth.Store(int64(len(w.queue)))
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return true
}

// withdraw takes r out of the queue; false if the writer took it first.
func (w *writer) withdraw(r *request) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if r.state != queued {
		return false
	}
	r.state = withdrawn
	for i, q := range w.queue {
		if q == r {
			w.queue = append(w.queue[:i], w.queue[i+1:]...)
			break
		}
	}
	w.depth.Store(int64(len(w.queue)))
	return true
}

// take moves up to n queued requests into the batch.
func (w *writer) take(n int) []*request {
	w.mu.Lock()
	defer w.mu.Unlock()
	n = min(n, len(w.queue))
	got := make([]*request, n)
	copy(got, w.queue)
	for _, r := range got {
		r.state = joined
	}
	w.queue = append(w.queue[:0], w.queue[n:]...)
	w.depth.Store(int64(len(w.queue)))
	return got
}

// giveBack puts requests that did not get their turn at the head of the
// queue, for the next batch (their fn has not run).
func (w *writer) giveBack(rs []*request) {
	if len(rs) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.queue = append(append([]*request(nil), rs...), w.queue...)
	w.depth.Store(int64(len(w.queue)))
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *writer) loop() {
	defer close(w.stopped)
	for {
		w.mu.Lock()
		closed, empty := w.closed, len(w.queue) == 0
		w.mu.Unlock()
		if empty {
			if closed {
				return
			}
			<-w.wake
			continue
		}
		w.batch()
	}
}

// batch runs one transaction of queued Updates.
func (w *writer) batch() {
	start := time.Now()
	rs := w.take(maxBatch)
	if len(rs) == 0 {
		return // withdrawn since the loop looked
	}
	// Begun without a deadline: no single caller's ctx may end it.
	tx, err := w.db.BeginTx(context.Background(), nil)
	if err != nil {
		err = fmt.Errorf("begin write transaction: %w", err)
		for _, r := range rs {
			r.done <- err
			r.turn <- nil
		}
		return
	}
	var (
		members  []*request // fn succeeded: answered after the commit
		after    []func()
		redacted bool
		broken   error
		size     int
	)
	for len(rs) > 0 && broken == nil {
		for i, r := range rs {
			if broken != nil {
				w.giveBack(rs[i:])
				break
			}
			r.turn <- &writeTx{readTx: readTx{ctx: r.ctx, tx: tx, cache: w.cache}}
			res := <-r.ran
			size++
			if res.broken != nil {
				broken = res.broken
			}
			if res.ok {
				members = append(members, r)
				after = append(after, res.after...)
				redacted = redacted || res.redacted
			}
		}
		if broken != nil || size >= maxBatch || time.Since(start) >= batchWindow {
			break
		}
		rs = w.take(maxBatch - size)
	}
	if broken == nil && w.beforeCommit != nil {
		w.beforeCommit(size)
	}
	if broken != nil {
		_ = tx.Rollback()
		err = fmt.Errorf("write batch rolled back: %w", broken)
	} else if err = tx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
	}
	if err == nil && redacted {
		// The redacted text still sits in the write-ahead log until a
		// checkpoint copies the pages back; do it now and empty the log.
		// Best effort: the redaction is committed either way, and a reader
		// holding an old snapshot only delays this to SQLite's next
		// checkpoint. Done before the answers, so that whoever redacted
		// finds the text gone.
		_, _ = w.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	for _, r := range members {
		r.done <- err
	}
	if err == nil {
		for _, f := range after {
			f()
		}
	}
	if o := w.observer.Load(); o != nil {
		(*o)(size, time.Since(start))
	}
}

// close fails what is still queued, waits for the batch in progress and
// stops the goroutine.
func (w *writer) close() {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		<-w.stopped
		return
	}
	w.closed = true
	rest := w.queue
	w.queue = nil
	for _, r := range rest {
		r.state = joined // answered here; it must not withdraw
	}
	w.depth.Store(0)
	select {
	case w.wake <- struct{}{}:
	default:
	}
	w.mu.Unlock()
	for _, r := range rest {
		r.done <- errClosed
		r.turn <- nil
	}
	<-w.stopped
}

// AfterCommit implements the optional hook that lets code running in an
// Update act once its change is durable (metrics counting what committed):
// f runs after the commit that holds this fn's writes, and not at all if fn
// fails or the batch is rolled back.
func (t *writeTx) AfterCommit(f func()) { t.after = append(t.after, f) }

// WriteQueue is the number of Updates waiting for the writer.
func (db *DB) WriteQueue() int { return int(db.wr.depth.Load()) }

// ObserveBatches sets the function told about every batch (nil: none).
func (db *DB) ObserveBatches(f BatchObserver) {
	if f == nil {
		db.wr.observer.Store(nil)
		return
	}
	db.wr.observer.Store(&f)
}
