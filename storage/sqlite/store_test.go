package sqlite_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

func TestIncidentRoundTrip(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "不審な送信が続いている")
	ref := inc.Ref()
	want, _ := change(t, db, ref, t0.Add(time.Minute),
		workflow.Draft{Subject: "suzuki", Payload: workflow.RoleAssigned{Role: workflow.RoleTech, To: workflow.Person{ID: "suzuki", Name: "Suzuki"}}},
		workflow.Draft{Subject: "tanaka", Payload: workflow.RoleAssigned{Role: workflow.RoleApprover, To: workflow.Person{ID: "tanaka", Name: "田中"}}},
		workflow.Draft{Payload: workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "管理画面を遮断", Why: "改ざんが継続中", Action: "WAF", Next: "30分後"}}},
		workflow.Draft{Payload: workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: "500件", Unconfirmed: "流出", Next: "WAFログ"}}},
		workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward}},
	)
	if len(want.Roles) != 3 || want.DecisionCount != 1 || want.Status == nil || want.Seq != 6 || want.Version != 6 {
		t.Fatalf("test setup: unexpected incident %+v", want)
	}

	for _, r := range []workflow.Ref{ref, {ID: inc.ID}} {
		got, events := read(t, db, r)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Incident(%s):\n got %+v\nwant %+v", r, got, want)
		}
		head, err := workflow.VerifyChain(events)
		if err != nil || head != got.Head {
			t.Errorf("Incident(%s): chain head %s, %v; snapshot head %s", r, head, err, got.Head)
		}
	}
}

func TestIncidentNotFound(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	openIncident(t, db, false, t0, "one")
	for _, ref := range []workflow.Ref{
		{Number: 2},
		{Drill: true, Number: 1},
		{ID: workflow.ID(uuid.New())},
	} {
		err := db.View(ctx, func(tx workflow.ReadTx) error {
			_, err := tx.Incident(ref)
			return err
		})
		if !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Incident(%s) = %v, want ErrNotFound", ref, err)
			continue
		}
		msg, ok := workflow.UserMessageOf(err)
		if !ok || !strings.Contains(workflow.Render(workflow.English, msg), ref.String()) {
			t.Errorf("Incident(%s): message %v, %v; want the standard not-found message naming the ref", ref, msg, ok)
		}
	}
}

func TestIncidentsFilter(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	// Opened in an order that differs from the listing order.
	openIncident(t, db, true, t0, "drill one")                    // D-1
	openIncident(t, db, false, t0.Add(1*time.Hour), "real one")   // #1
	openIncident(t, db, false, t0.Add(2*time.Hour), "real two")   // #2
	openIncident(t, db, true, t0.Add(3*time.Hour), "drill two")   // D-2
	openIncident(t, db, false, t0.Add(4*time.Hour), "real three") // #3
	change(t, db, workflow.Ref{Number: 2}, t0.Add(5*time.Hour), workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseClosed, Move: workflow.MoveFalseAlarm, Reason: "test"}})
	change(t, db, workflow.Ref{Drill: true, Number: 1}, t0.Add(5*time.Hour), workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseClosed, Move: workflow.MoveFalseAlarm, Reason: "test"}})

	yes, no := true, false
	since := t0.Add(2 * time.Hour).Truncate(time.Microsecond) // exactly #2's opening
	for _, tc := range []struct {
		name string
		f    workflow.Filter
		want string
	}{
		{"all", workflow.Filter{}, "#1 #2 #3 #D-1 #D-2"},
		{"open", workflow.Filter{OpenOnly: true}, "#1 #3 #D-2"},
		{"real", workflow.Filter{Drill: &no}, "#1 #2 #3"},
		{"drills", workflow.Filter{Drill: &yes}, "#D-1 #D-2"},
		{"open drills", workflow.Filter{OpenOnly: true, Drill: &yes}, "#D-2"},
		{"since, inclusive", workflow.Filter{Since: since}, "#2 #3 #D-2"},
		{"since, a nanosecond later", workflow.Filter{Since: since.Add(time.Nanosecond)}, "#3 #D-2"},
		{"since in another zone", workflow.Filter{Since: since.In(time.FixedZone("JST", 9*3600))}, "#2 #3 #D-2"},
		{"open real since", workflow.Filter{OpenOnly: true, Drill: &no, Since: since}, "#3"},
		{"none", workflow.Filter{Since: t0.Add(100 * time.Hour)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := db.View(ctx, func(tx workflow.ReadTx) error {
				incs, err := tx.Incidents(tc.f)
				for _, inc := range incs {
					got = append(got, inc.Ref().String())
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("Incidents(%+v) = %q, want %q", tc.f, s, tc.want)
			}
		})
	}
}

func TestNextNumber(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	next := func() (real, drill int) {
		t.Helper()
		err := db.Update(ctx, func(tx workflow.Tx) error {
			var err error
			if real, err = tx.NextNumber(false); err != nil {
				return err
			}
			drill, err = tx.NextNumber(true)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if r, d := next(); r != 1 || d != 1 {
		t.Fatalf("empty store: next %d, D-%d; want 1, D-1", r, d)
	}
	openIncident(t, db, false, t0, "a")
	openIncident(t, db, false, t0, "b")
	openIncident(t, db, true, t0, "c")
	if r, d := next(); r != 3 || d != 2 {
		t.Fatalf("next %d, D-%d; want 3, D-2", r, d)
	}
}

func TestSaveIncidentConflict(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	change(t, db, inc.Ref(), t0, note("moves the version to 2"))
	before := sqlitetest.Dump(t, path)

	stale := *inc // version 1
	stale.Title = "overwritten"
	stale.Version = 2
	err := db.Update(ctx, func(tx workflow.Tx) error { return tx.SaveIncident(&stale, 1) })
	if !errors.Is(err, workflow.ErrConflict) {
		t.Fatalf("save with a stale version: %v, want ErrConflict", err)
	}
	missing := stale
	missing.ID = workflow.ID(uuid.New())
	err = db.Update(ctx, func(tx workflow.Tx) error { return tx.SaveIncident(&missing, 2) })
	if !errors.Is(err, workflow.ErrConflict) {
		t.Fatalf("save of an unknown incident: %v, want ErrConflict", err)
	}
	if after := sqlitetest.Dump(t, path); after != before {
		t.Errorf("a refused save changed the store:\n%s", after)
	}
}

func TestCreateIncidentConflict(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	before := sqlitetest.Dump(t, path)
	sameNumber := *inc
	sameNumber.ID = workflow.ID(uuid.New())
	for name, c := range map[string]*workflow.Incident{"same id": inc, "same number": &sameNumber} {
		err := db.Update(ctx, func(tx workflow.Tx) error { return tx.CreateIncident(c) })
		if !errors.Is(err, workflow.ErrConflict) {
			t.Errorf("%s: %v, want ErrConflict", name, err)
		}
	}
	if after := sqlitetest.Dump(t, path); after != before {
		t.Errorf("a refused create changed the store:\n%s", after)
	}
}

func TestEventsRoundTrip(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	opened, _ := read(t, db, inc.Ref())
	_, sealed := change(t, db, inc.Ref(), t0.Add(90*time.Second),
		workflow.Draft{OccurredAt: time.Date(2026, 11, 20, 8, 50, 0, 999, time.FixedZone("JST", 9*3600)), Payload: workflow.NoteLogged{Text: "typed with a zone"}},
		workflow.Draft{Subject: "U0456", Payload: workflow.RoleAssigned{Role: workflow.RoleComms, To: workflow.Person{ID: "U0456", Name: "Ｔａｎａｋａ"}}},
		note("quotes \" and \\ and <html> & emoji 🚨 and a tab\tend"),
		workflow.Draft{Payload: workflow.SeverityChanged{From: "high", To: "medium", Reason: "vendor logs"}},
	)
	_, events := read(t, db, inc.Ref())
	if len(events) != 5 {
		t.Fatalf("got %d events, want 5", len(events))
	}
	if events[0].Hash != opened.Head {
		t.Errorf("first event hash %s, snapshot head after open %s", events[0].Hash, opened.Head)
	}
	if !reflect.DeepEqual(events[1:], sealed) {
		for i := range sealed {
			if !reflect.DeepEqual(events[i+1], sealed[i]) {
				t.Errorf("event %d:\n got %+v\nwant %+v", i+2, events[i+1], sealed[i])
			}
		}
	}
	head, err := workflow.VerifyChain(events)
	if err != nil {
		t.Fatalf("VerifyChain: %v", err)
	}
	if head != sealed[len(sealed)-1].Hash {
		t.Errorf("head %s, want %s", head, sealed[len(sealed)-1].Hash)
	}
	// An unknown incident has no events.
	err = db.View(ctx, func(tx workflow.ReadTx) error {
		ev, err := tx.Events(workflow.ID(uuid.New()))
		if len(ev) != 0 {
			t.Errorf("unknown incident: %d events", len(ev))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAppendEventsConflict(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	before := sqlitetest.Dump(t, path)
	// Sealed after seq 0 again: event 1 exists.
	dup, err := workflow.Seal(sqlitetest.NewID, inc.ID, 0, workflow.Hash{}, sato, t0, []workflow.Draft{note("again")})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx workflow.Tx) error { return tx.AppendEvents(dup) })
	if !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("append at a taken seq: %v, want ErrConflict", err)
	}
	// Events of an incident that is not stored break the foreign key.
	orphan, err := workflow.Seal(sqlitetest.NewID, workflow.ID(uuid.New()), 0, workflow.Hash{}, sato, t0, []workflow.Draft{note("orphan")})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx workflow.Tx) error { return tx.AppendEvents(orphan) }); err == nil {
		t.Errorf("append to an unknown incident: no error")
	}
	if after := sqlitetest.Dump(t, path); after != before {
		t.Errorf("a refused append changed the store:\n%s", after)
	}
}

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

func TestRedaction(t *testing.T) {
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
	_, events := read(t, db, inc.Ref())
	if len(events) != 4 {
		t.Fatalf("%d events, want 4", len(events))
	}
	red := events[target-1]
	if !red.Redacted || string(red.Body) != string(workflow.Tombstone) || red.PayloadHash != evs[0].PayloadHash || red.Hash != evs[0].Hash {
		t.Errorf("redacted event: %+v", red)
	}
	if events[2].Redacted || string(events[2].Body) != string(evs[1].Body) {
		t.Errorf("other event changed: %+v", events[2])
	}
	if _, err := workflow.VerifyChain(events); err != nil {
		t.Errorf("VerifyChain after redaction: %v", err)
	}
	if dump := sqlitetest.Dump(t, path); strings.Contains(dump, "hunter2") {
		t.Errorf("the redacted text is still stored:\n%s", dump)
	}

	// A redaction without its redaction event is caught by the chain.
	err = db.Update(ctx, func(tx workflow.Tx) error { return tx.RedactPayload(inc.ID, 3) })
	if err != nil {
		t.Fatal(err)
	}
	_, events = read(t, db, inc.Ref())
	var ce *workflow.ChainError
	if _, err := workflow.VerifyChain(events); !errors.As(err, &ce) || ce.Seq != 3 {
		t.Errorf("VerifyChain after a bare redaction: %v, want a ChainError at event 3", err)
	}

	// No such event.
	for _, tc := range []struct {
		id  workflow.ID
		seq int
	}{{inc.ID, 99}, {inc.ID, 0}, {workflow.ID(uuid.New()), 1}} {
		err := db.Update(ctx, func(tx workflow.Tx) error { return tx.RedactPayload(tc.id, tc.seq) })
		if !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("RedactPayload(%s, %d) = %v, want ErrNotFound", tc.id, tc.seq, err)
		}
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

func TestUpdateRollsBack(t *testing.T) {
	db, path := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "one")
	before := sqlitetest.Dump(t, path)

	sentinel := errors.New("boom")
	problem := &workflow.Problem{Kind: workflow.ErrInvalid, Msg: workflow.M("err.not_found", workflow.Args{"ref": inc.Ref()})}
	for _, want := range []error{sentinel, problem, fmt.Errorf("wrapped: %w", sentinel)} {
		err := db.Update(ctx, func(tx workflow.Tx) error {
			if _, err := openIn(tx, false, t0, "two"); err != nil {
				return err
			}
			if _, _, err := changeIn(tx, inc.Ref(), t0, note("lost")); err != nil {
				return err
			}
			if err := tx.RedactPayload(inc.ID, 1); err != nil {
				return err
			}
			return want
		})
		if err != want {
			t.Errorf("Update returned %v, want fn's error %v unchanged", err, want)
		}
	}
	var p *workflow.Problem
	err := db.Update(ctx, func(workflow.Tx) error { return problem })
	if !errors.As(err, &p) || !errors.Is(err, workflow.ErrInvalid) {
		t.Errorf("errors.As/Is through Update: %v", err)
	}

	// A panic in fn rolls back too, and the writer is free afterwards.
	func() {
		defer func() { recover() }()
		db.Update(ctx, func(tx workflow.Tx) error {
			if _, err := openIn(tx, false, t0, "panics"); err != nil {
				return err
			}
			panic("fn panicked")
		})
	}()

	if after := sqlitetest.Dump(t, path); after != before {
		t.Errorf("a failed Update changed the store:\n--- before\n%s\n--- after\n%s", before, after)
	}
	change(t, db, inc.Ref(), t0, note("the writer still works"))
}

func TestConcurrentUpdates(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	inc := openIncident(t, db, false, t0, "shared")
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				// Read-modify-write of one incident: must be serialized.
				err := db.Update(ctx, func(tx workflow.Tx) error {
					_, _, err := changeIn(tx, inc.Ref(), t0, note(fmt.Sprintf("writer %d note %d", w, i)))
					return err
				})
				if err != nil {
					errs <- err
				}
				// And a new incident each: numbers must not collide.
				err = db.Update(ctx, func(tx workflow.Tx) error {
					_, err := openIn(tx, i%2 == 0, t0, "concurrent")
					return err
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Update: %v", err)
	}
	got, events := read(t, db, inc.Ref())
	if got.Seq != 1+writers*each || len(events) != got.Seq {
		t.Errorf("seq %d with %d events, want %d", got.Seq, len(events), 1+writers*each)
	}
	if _, err := workflow.VerifyChain(events); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
	err := db.View(ctx, func(tx workflow.ReadTx) error {
		all, err := tx.Incidents(workflow.Filter{})
		if len(all) != 1+writers*each {
			t.Errorf("%d incidents, want %d", len(all), 1+writers*each)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
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
			err := server.Update(ctx, func(tx workflow.Tx) error {
				if i%5 == 0 {
					_, err := openIn(tx, false, t0.Add(time.Duration(i)*time.Second), "more")
					return err
				}
				_, _, err := changeIn(tx, inc.Ref(), t0, note(fmt.Sprintf("note %d", i)))
				return err
			})
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
		err := reader.View(ctx, func(tx workflow.ReadTx) error {
			incs, err := tx.Incidents(workflow.Filter{Since: t0})
			if err != nil {
				return err
			}
			for _, in := range incs {
				ev, err := tx.Events(in.ID)
				if err != nil {
					return err
				}
				if len(ev) != in.Seq { // snapshot and timeline from one snapshot
					return fmt.Errorf("%s: snapshot at %d, %d events", in.Ref(), in.Seq, len(ev))
				}
			}
			return nil
		})
		if err != nil {
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
