package sqlite_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

func TestEventsAreAppendOnly(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	change(t, db, inc.Ref(), t0, note("first"), note("second"))
	if err := db.Update(ctx, func(tx workflow.Tx) error { return tx.RedactPayload(inc.ID, 3) }); err != nil {
		t.Fatal(err)
	}
	before := sqlitetest.Dump(t, path)
	conn := raw(t, path)
	id := inc.ID.String()
	for _, tc := range []struct{ name, sql, want string }{
		{"update event", `UPDATE events SET kind = 'note' WHERE incident_id = ? AND seq = 1`, "append-only"},
		{"update event hash", `UPDATE events SET hash = prev_hash WHERE incident_id = ?`, "append-only"},
		{"delete event", `DELETE FROM events WHERE incident_id = ? AND seq = 2`, "append-only"},
		{"delete all events", `DELETE FROM events WHERE incident_id = ?`, "append-only"},
		{"delete payload", `DELETE FROM payloads WHERE incident_id = ? AND seq = 2`, "never deleted"},
		{"move payload", `UPDATE payloads SET seq = 9 WHERE incident_id = ? AND seq = 2`, "stays with its event"},
		{"unredact", `UPDATE payloads SET redacted = 0 WHERE incident_id = ? AND seq = 3`, "stays redacted"},
		{"delete incident", `DELETE FROM incidents WHERE id = ?`, "FOREIGN KEY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := conn.ExecContext(ctx, tc.sql, id)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want an error containing %q", tc.sql, err, tc.want)
			}
		})
	}
	if after := sqlitetest.Dump(t, path); after != before {
		t.Errorf("refused statements changed the store:\n%s", after)
	}
}

// TestRedactedTextIsGone: after a redaction no row of the file holds the
// text. (What redaction does through the interfaces is in the contract suite,
// storage/storetest.)
func TestRedactedTextIsGone(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	_, evs := change(t, db, inc.Ref(), t0.Add(time.Minute), note("password is hunter2"), note("kept"))
	target := evs[0].Seq
	err := db.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.RedactPayload(inc.ID, target); err != nil {
			return err
		}
		_, _, err := changeIn(tx, inc.Ref(), t0.Add(2*time.Minute), workflow.Draft{Payload: workflow.Redaction{Seq: target, Reason: "a password"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if dump := sqlitetest.Dump(t, path); strings.Contains(dump, "hunter2") {
		t.Errorf("the redacted text is still stored:\n%s", dump)
	}
}

func TestTamperedPayloadIsNamed(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	change(t, db, inc.Ref(), t0, note("a"), note("b"), note("c"))
	if _, err := raw(t, path).ExecContext(ctx, `UPDATE payloads SET body = '{"text":"B"}' WHERE incident_id = ? AND seq = 3`, inc.ID.String()); err != nil {
		t.Fatal(err)
	}
	_, events := read(t, db, inc.Ref())
	var ce *workflow.ChainError
	if _, err := workflow.VerifyChain(events); !errors.As(err, &ce) || ce.Seq != 3 {
		t.Errorf("VerifyChain on a tampered payload: %v, want a ChainError at event 3", err)
	}
}

// TestReadWhileAnotherHandleWrites is export/verify/stats running beside serve:
// two handles on one file, one writing in a loop, the other reading.
func TestReadWhileAnotherHandleWrites(t *testing.T) {
	server, path := sqlitetest.Open(t)
	inc := openIncident(t, server, false, t0, "busy")

	reader, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	var writes atomic.Int64
	go func() {
		defer close(writerDone)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			err := server.Update(ctx, func(tx workflow.Tx) error { return storetest.BusyWrite(tx, inc.Ref(), i) })
			if err != nil {
				writerDone <- err
				return
			}
			writes.Add(1)
		}
	}()

	// Read for a second, 20 rounds, and until the writer has committed: on a
	// loaded machine it may not have run yet when the second is over. (The
	// guard only keeps a writer that never commits from hanging the test.)
	deadline := time.Now().Add(time.Second)
	guard := time.Now().Add(20 * time.Second)
	var reads int
	for time.Now().Before(deadline) || reads < 20 || (writes.Load() == 0 && time.Now().Before(guard)) {
		// verify: one incident's chain.
		_, events := read(t, reader, inc.Ref())
		if _, err := workflow.VerifyChain(events); err != nil {
			t.Fatalf("VerifyChain while writing: %v", err)
		}
		// stats/export: a consistent listing plus each incident's timeline.
		if err := storetest.ConsistentView(reader, t0); err != nil {
			t.Fatalf("read while writing: %v", err)
		}
		// A third process starting up (migrations check) and a dump.
		if reads%10 == 0 {
			other, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Fatalf("open while writing: %v", err)
			}
			if err := other.Close(); err != nil {
				t.Fatal(err)
			}
			sqlitetest.Dump(t, path)
		}
		reads++
	}
	close(stop)
	if err := <-writerDone; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if writes.Load() == 0 {
		t.Fatal("the writer made no progress")
	}
	t.Logf("%d writes, %d read rounds", writes.Load(), reads)
	// The reader handle sees everything the writer committed.
	_, a := read(t, server, inc.Ref())
	_, b := read(t, reader, inc.Ref())
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the two handles disagree: %d vs %d events", len(a), len(b))
	}
}

func TestOpenRejectsBadPaths(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"", filepath.Join(dir, "a?b.db"), filepath.Join(dir, "missing", "x.db")} {
		if db, err := sqlite.Open(ctx, p); err == nil {
			db.Close()
			t.Errorf("Open(%q): no error", p)
		}
	}
	// Spaces, '#' and '%' are plain file-name characters.
	p := filepath.Join(dir, "my incidents #1 100%.db")
	db, err := sqlite.Open(ctx, p)
	if err != nil {
		t.Fatalf("Open(%q): %v", p, err)
	}
	openIncident(t, db, false, t0, "x")
	db.Close()
	if dump := sqlitetest.Dump(t, p); !strings.Contains(dump, `\"title\":\"x\"`) {
		t.Errorf("dump of %q:\n%s", p, dump)
	}
}

func TestDump(t *testing.T) {
	db, path := sqlitetest.Open(t)
	empty := sqlitetest.Dump(t, path)
	want := "== events (incident_id, seq, id, kind, occurred_at, recorded_at, actor_team, actor_user, actor_name, subject, payload_hash, prev_hash, hash)\n" +
		"== incidents (id, drill, number, phase, severity, private, opened_at, closed_at, version, state)\n" +
		"== links (incident_id, kind, value)\n" +
		"== outbox (pos, id, incident_id, queue, kind, body, created_at, not_before, attempts, last_error, done_at, abandoned)\n" +
		"== payloads (incident_id, seq, body, redacted)\n" +
		"== seen_keys (key, at)\n" +
		"== timers (id, incident_id, kind, key, due_at, body, fired_at, cancelled_at)\n"
	if empty != want {
		t.Errorf("dump of an empty store:\n%s\nwant\n%s", empty, want)
	}
	inc := openIncident(t, db, false, t0, "one")
	change(t, db, inc.Ref(), t0, note("n"))
	d1 := sqlitetest.Dump(t, path)
	if d1 == empty || d1 != sqlitetest.Dump(t, path) {
		t.Errorf("dump not deterministic or empty:\n%s", d1)
	}
	for _, s := range []string{`seq=2`, `kind="note"`, `closed_at=NULL`, `body="{\"text\":\"n\"}"`, `redacted=0`} {
		if !strings.Contains(d1, s) {
			t.Errorf("dump lacks %s:\n%s", s, d1)
		}
	}
	if strings.Contains(d1, "goose") {
		t.Errorf("dump includes goose's table:\n%s", d1)
	}
	change(t, db, inc.Ref(), t0, note("m"))
	if sqlitetest.Dump(t, path) == d1 {
		t.Error("dump did not change with the data")
	}
	if _, err := sqlitetestDumpMissing(t, filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Error("dump of a missing file did not fail")
	}
}

// sqlitetestDumpMissing runs Dump on a recorder so its Fatal can be observed.
func sqlitetestDumpMissing(t *testing.T, path string) (string, error) {
	r := &recorder{TB: t}
	var out string
	done := make(chan struct{})
	go func() {
		defer close(done)
		out = sqlitetest.Dump(r, path)
	}()
	<-done
	if r.failed {
		return "", errors.New(r.msg)
	}
	return out, nil
}

type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
