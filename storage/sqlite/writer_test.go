package sqlite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"incidentbot/workflow"
)

// guard is how long a test waits for something that must happen; running
// out of it is a failure (a deadlock), never a timing assertion.
const guard = 10 * time.Second

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// hold starts an Update that keeps the writer until release is called, and
// returns once it is running, so that Updates started afterwards queue up.
func hold(t *testing.T, db *DB) (release func()) {
	t.Helper()
	running, released := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Update(context.Background(), func(workflow.Tx) error {
			close(running)
			<-released
			return nil
		})
	}()
	select {
	case <-running:
	case <-time.After(guard):
		t.Fatal("the holding Update never ran")
	}
	return sync.OnceFunc(func() {
		close(released)
		if err := <-done; err != nil {
			t.Errorf("holding Update: %v", err)
		}
	})
}

// waitQueued waits until n Updates wait for the writer.
func waitQueued(t *testing.T, db *DB, n int) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for db.WriteQueue() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d Updates queued, want %d", db.WriteQueue(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// remembered reports whether key is stored (seen_keys).
func remembered(t *testing.T, db *DB, key string) bool {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(context.Background(), `SELECT count(*) FROM seen_keys WHERE key = ?`, key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// TestBatchNeighbours: Updates that share one transaction succeed or fail
// alone. In one batch, a fn that writes and then fails, a fn that writes and
// then panics, and fns that succeed: each caller gets its own result, only
// the failed ones' writes are gone, later fns see earlier ones' writes, and
// the batch commits once for all of them.
func TestBatchNeighbours(t *testing.T) {
	db := openTemp(t)
	var sizes []int
	var mu sync.Mutex
	db.ObserveBatches(func(n int, _ time.Duration) {
		mu.Lock()
		sizes = append(sizes, n)
		mu.Unlock()
	})
	release := hold(t, db)

	boom := errors.New("refused")
	type outcome struct {
		name     string
		err      error
		panicked any
	}
	results := make(chan outcome, 5)
	update := func(name string, fn func(tx workflow.Tx) error) {
		go func() {
			o := outcome{name: name}
			defer func() {
				o.panicked = recover()
				results <- o
			}()
			o.err = db.Update(context.Background(), fn)
		}()
	}
	remember := func(tx workflow.Tx, key string) error {
		ok, err := tx.Remember(key, time.Now())
		if err == nil && !ok {
			err = fmt.Errorf("%s was already remembered", key)
		}
		return err
	}
	// Queued one at a time, so the batch runs them in this order.
	steps := []struct {
		name string
		fn   func(tx workflow.Tx) error
	}{
		{"first", func(tx workflow.Tx) error { return remember(tx, "first") }},
		{"fails", func(tx workflow.Tx) error {
			if err := remember(tx, "fails"); err != nil {
				return err
			}
			return boom
		}},
		{"panics", func(tx workflow.Tx) error {
			if err := remember(tx, "panics"); err != nil {
				return err
			}
			panic("fn panicked")
		}},
		{"sees first", func(tx workflow.Tx) error {
			// The write of an earlier fn of the batch is there to see; the
			// failed ones' are not.
			if again, err := tx.Remember("first", time.Now()); err != nil || again {
				return fmt.Errorf("first not seen: %v, %v", again, err)
			}
			if fresh, err := tx.Remember("fails", time.Now()); err != nil || !fresh {
				return fmt.Errorf("the failed fn's write is seen: %v, %v", fresh, err)
			}
			return remember(tx, "last")
		}},
	}
	for i, s := range steps {
		update(s.name, s.fn)
		waitQueued(t, db, i+1)
	}
	release()

	got := map[string]outcome{}
	for range steps {
		select {
		case o := <-results:
			got[o.name] = o
		case <-time.After(guard):
			t.Fatalf("only %d Updates returned", len(got))
		}
	}
	if o := got["first"]; o.err != nil || o.panicked != nil {
		t.Errorf("first: %+v", o)
	}
	if o := got["fails"]; o.err != boom {
		t.Errorf("fails: %+v, want its own error unchanged", o)
	}
	if o := got["panics"]; o.panicked != "fn panicked" {
		t.Errorf("panics: %+v, want the panic in its own goroutine", o)
	}
	if o := got["sees first"]; o.err != nil || o.panicked != nil {
		t.Errorf("sees first: %+v", o)
	}
	for key, want := range map[string]bool{"first": true, "fails": true, "panics": false, "last": true} {
		// "fails" is stored: the fn after it remembered it afresh.
		if remembered(t, db, key) != want {
			t.Errorf("%s stored: %v, want %v", key, !want, want)
		}
	}
	// The writer tells the observer after it has answered the batch's
	// Updates: wait for the second call, and do not hold mu past the read
	// (the writer would block in the observer, and the Update below behind it).
	observed := func() []int {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(sizes)
	}
	for deadline := time.Now().Add(guard); len(observed()) < 2 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if got := observed(); len(got) != 2 || got[0] != 1 || got[1] != len(steps) {
		t.Errorf("batch sizes %v, want [1 %d]: the holder alone, then the queued ones together", got, len(steps))
	}
	// The store takes writes afterwards.
	if err := db.Update(context.Background(), func(tx workflow.Tx) error { return remember(tx, "after") }); err != nil {
		t.Fatal(err)
	}
}

// TestBusyWhileQueued: an Update whose ctx ends while it waits for the
// writer fails with workflow.ErrBusy (and the ctx's error) and never runs;
// one whose ctx ends after it began runs to the end and is committed.
func TestBusyWhileQueued(t *testing.T) {
	db := openTemp(t)
	release := hold(t, db)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ran := false
	err := db.Update(ctx, func(tx workflow.Tx) error {
		ran = true
		_, err := tx.Remember("late", time.Now())
		return err
	})
	if !errors.Is(err, workflow.ErrBusy) || !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Errorf("queued past its deadline: %v (ran: %v), want ErrBusy and DeadlineExceeded, not run", err, ran)
	}
	if db.WriteQueue() != 0 {
		t.Errorf("the busy Update is still queued: %d", db.WriteQueue())
	}
	release()
	if remembered(t, db, "late") {
		t.Error("the busy Update's write is stored")
	}

	// Cancelled once running: it finishes and commits.
	ctx, cancel = context.WithCancel(context.Background())
	err = db.Update(ctx, func(tx workflow.Tx) error {
		cancel()
		_, err := tx.Remember("started", time.Now())
		return err
	})
	if err != nil || !remembered(t, db, "started") {
		t.Errorf("cancelled while running: %v, stored %v; want committed", err, remembered(t, db, "started"))
	}
	// Already ended: busy at once.
	if err := db.Update(ctx, func(workflow.Tx) error { return nil }); !errors.Is(err, workflow.ErrBusy) {
		t.Errorf("ended ctx: %v, want ErrBusy", err)
	}
}

// TestAfterCommit: what an Update asks to do after its commit runs once the
// batch committed, and not for an Update that failed.
func TestAfterCommit(t *testing.T) {
	db := openTemp(t)
	var calls []string
	var mu sync.Mutex
	note := func(s string) func() {
		return func() { mu.Lock(); calls = append(calls, s); mu.Unlock() }
	}
	ac := func(tx workflow.Tx) interface{ AfterCommit(func()) } {
		return tx.(interface{ AfterCommit(func()) })
	}
	if err := db.Update(context.Background(), func(tx workflow.Tx) error { ac(tx).AfterCommit(note("kept")); return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := db.Update(context.Background(), func(tx workflow.Tx) error { ac(tx).AfterCommit(note("failed")); return boom }); err != boom {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(calls, ",") != "kept" {
		t.Errorf("after-commit calls %v, want [kept]", calls)
	}
}

// TestClosedWhileQueued: Close answers the Updates still waiting with an
// error (they never run), lets the running one commit, and later Updates
// fail at once.
func TestClosedWhileQueued(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	release := hold(t, db)
	queued := make(chan error, 1)
	go func() {
		queued <- db.Update(context.Background(), func(workflow.Tx) error {
			t.Error("an Update queued at Close ran")
			return nil
		})
	}()
	waitQueued(t, db, 1)
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case err := <-queued:
		if !errors.Is(err, errClosed) {
			t.Errorf("queued at Close: %v", err)
		}
	case <-time.After(guard):
		t.Fatal("the queued Update was not answered")
	}
	release()
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := db.Update(context.Background(), func(workflow.Tx) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("Update after Close: %v", err)
	}
}

// crashEnv names the database a TestCrashBeforeCommit child works on.
const crashEnv = "INCIDENTBOT_TEST_CRASH_DB"

// TestCrashBeforeCommit kills a process with SIGKILL between a batch's fns
// and its COMMIT, then reopens the file: every Update that had returned nil
// (printed "acked") is stored, and none of the batch being committed is.
// The child is this test binary running TestCrashChild.
func TestCrashBeforeCommit(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in the child")
	}
	for _, target := range []int{3, 8, 20} {
		t.Run(fmt.Sprintf("batch%d", target), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashEnv+"="+path, fmt.Sprintf("INCIDENTBOT_TEST_CRASH_AT=%d", target))
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			acked := map[string]bool{}
			var inBatch []string // ran since the last commit line
			killedBatch := 0
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				switch {
				case len(f) == 2 && f[0] == "ran":
					inBatch = append(inBatch, f[1])
				case len(f) == 2 && f[0] == "acked":
					acked[f[1]] = true
				case len(f) == 3 && f[0] == "commit":
					inBatch = nil // the lines before belong to a batch now committing
				case len(f) == 3 && f[0] == "killing":
					fmt.Sscan(f[2], &killedBatch)
				}
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child ended with %v, want SIGKILL\n%s", err, stderr.String())
			}
			if killedBatch < 2 || len(inBatch) != killedBatch || len(acked) == 0 {
				t.Fatalf("killed a batch of %d with %d fns run in it, after %d acks: the kill did not land inside a batch", killedBatch, len(inBatch), len(acked))
			}

			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for key := range acked {
				if !remembered(t, db, key) {
					t.Errorf("%s was acked but is not stored", key)
				}
			}
			for _, key := range inBatch {
				if acked[key] {
					t.Errorf("%s was acked before its batch committed", key)
				}
				if remembered(t, db, key) {
					t.Errorf("%s of the uncommitted batch is stored", key)
				}
			}
		})
	}
}

// TestCrashChild is the child of TestCrashBeforeCommit: writers remember
// keys as fast as they can, printing each key when its fn ran and when its
// Update returned; the writer prints each batch before committing it, and
// kills the process before committing the first batch of two or more at or
// after batch INCIDENTBOT_TEST_CRASH_AT.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("runs only as the child of TestCrashBeforeCommit")
	}
	var at int
	fmt.Sscan(os.Getenv("INCIDENTBOT_TEST_CRASH_AT"), &at)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, format+"\n", args...) // unbuffered: written before the kill
	}
	batches := 0
	db.wr.beforeCommit = func(size int) {
		batches++
		if batches >= at && size >= 2 {
			say("killing batch %d", size)
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
		say("commit batch %d", size)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				key := fmt.Sprintf("w%d.%d", w, i)
				err := db.Update(context.Background(), func(tx workflow.Tx) error {
					_, err := tx.Remember(key, time.Now())
					if err == nil {
						say("ran %s", key)
					}
					return err
				})
				if err != nil {
					t.Errorf("%s: %v", key, err)
					return
				}
				say("acked %s", key)
			}
		}()
	}
	wg.Wait()
}
