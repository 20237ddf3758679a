package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"incidentbot/paging/pagingtest"
	"incidentbot/storage/postgres/postgrestest"
)

// TestMigrateThroughTheBinary: a store as serve leaves it (the smoke
// harness: Slack posts delivered, channels linked, pages still failing and
// queued, escalation steps and a drill's injects pending, a redaction, a
// closed incident) is copied by `incidentbot migrate` into an empty
// PostgreSQL database. Afterwards verify through DATABASE_URL gives every
// incident the head it had in the file, each JSON export is the same byte
// for byte, the pending timers and outbox rows are all there, and a second
// migrate into the same database is refused in the reader's language,
// changing nothing.
func TestMigrateThroughTheBinary(t *testing.T) {
	dsn := postgrestest.Database(t)
	s := newSmoke(t)
	s.pd.Next(1000, pagingtest.Answer{Status: 503})
	s.hook.Next(1000, pagingtest.Answer{Status: 503})
	var note string
	for _, c := range []struct{ channel, text, want string }{
		{"C0GENERAL", "open high entry form leak", "Opened #1"},
		{"C0GENERAL", "decision #1 Take the form offline | why: data may leak", "decision 1 recorded"},
		{"C0GENERAL", "log #1 applicant mail " + datum, "note recorded (event "},
		{"C0GENERAL", "open low a false alarm", "Opened #2"},
		{"C0GENERAL", "close #2 --false-alarm monitoring glitch", ""},
		{"C0SANDBOX", "drill start web-defacement --speed 60", "D-1"},
	} {
		got := s.commandIn(c.channel, smokeOpener, c.text)
		if !strings.Contains(got, c.want) {
			t.Fatalf("%s: %q, want %q", c.text, got, c.want)
		}
		if m := noteRE.FindStringSubmatch(got); m != nil {
			note = m[1]
		}
	}
	if got := s.commandIn("C0GENERAL", smokeOpener, "redact #1 "+note+" personal data"); !strings.Contains(got, "redacted") {
		t.Fatalf("redact %s: %q", note, got)
	}
	// Slack has what was posted; the pages have failed at least once and
	// wait for their next try.
	s.wait("the Slack outbox to drain", func() bool { return s.pending("slack") == 0 })
	s.wait("a page to fail", func() bool { return len(s.hook.Requests()) > 0 })
	pendingOutbox := s.pending("")
	if pendingOutbox == 0 {
		t.Fatal("no outbox row is pending: the migration would not be tested on one")
	}
	s.halt()
	file := s.dbPath
	dir := t.TempDir()

	refs := []string{"1", "2", "D-1"}
	type state struct {
		verify string
		export string
	}
	read := func(env []string, args ...string) map[string]state {
		t.Helper()
		out := map[string]state{}
		for _, ref := range refs {
			v := ibPG(t, dir, "", env, append([]string{"verify", ref}, args...)...)
			if v.code != 0 || !verifyOK.MatchString(v.stdout) {
				t.Fatalf("verify %s %v: exit %d\n%s%s", ref, args, v.code, v.stdout, v.stderr)
			}
			x := ibPG(t, dir, "", env, append([]string{"export", ref, "--format", "json", "--as", "U0OPENER"}, args...)...)
			if x.code != 0 {
				t.Fatalf("export %s %v: exit %d\n%s", ref, args, x.code, x.stderr)
			}
			out[ref] = state{v.stdout, x.stdout}
		}
		return out
	}
	before := read(nil, "--db", file)
	if strings.Contains(before["1"].export, datum) {
		t.Fatalf("the redacted datum is in the export before the migration")
	}

	env := []string{"DATABASE_URL=" + dsn}
	r := ibPG(t, dir, "", env, "migrate", "--from", file)
	if r.code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"3 incidents (1 of them drills)", "1 payloads redacted", fmt.Sprintf("(%d not yet delivered)", pendingOutbox), "every chain verifies on PostgreSQL"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("migrate said:\n%s\nwant %q", r.stdout, want)
		}
	}
	// The heads migrate prints are the heads verify gave on the file.
	for _, ref := range refs {
		head := verifyOK.FindStringSubmatch(before[ref].verify)[2]
		if !strings.Contains(r.stdout, ": ok: ") || !strings.Contains(r.stdout, head) {
			t.Errorf("migrate does not show %s's head %s:\n%s", ref, head, r.stdout)
		}
	}
	t.Logf("migrate:\n%s", r.stdout)

	after := read(env)
	for _, ref := range refs {
		if after[ref].verify != before[ref].verify {
			t.Errorf("verify %s: on the file %q, on PostgreSQL %q", ref, before[ref].verify, after[ref].verify)
		}
		if after[ref].export != before[ref].export {
			t.Errorf("export %s differs between the file and PostgreSQL:\nfile:\n%s\npostgres:\n%s", ref, before[ref].export, after[ref].export)
		}
	}

	// Pending timers and messages are all there, still pending.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var timers, outbox int
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL), (SELECT count(*) FROM outbox WHERE done_at IS NULL)`).Scan(&timers, &outbox); err != nil {
		t.Fatal(err)
	}
	fileTimers := countSQLite(t, file, `SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL`)
	if timers == 0 || timers != fileTimers || outbox != pendingOutbox {
		t.Errorf("pending on PostgreSQL: %d timers, %d outbox rows; in the file %d and %d", timers, outbox, fileTimers, pendingOutbox)
	}

	// Again into the same database: refused, in Japanese when asked,
	// and nothing changes.
	r = ibPG(t, dir, "", env, "migrate", "--from", file, "--lang", "ja")
	if r.code != 1 || !strings.Contains(r.stderr, "は空ではありません（テーブル incidents: 3）。何もコピーしていません。") {
		t.Fatalf("second migrate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if again := read(env); fmt.Sprint(again) != fmt.Sprint(after) {
		t.Errorf("the refused migrate changed the database")
	}
	r = ibPG(t, dir, "", env, "migrate", "--from", file+".missing")
	if r.code != 1 || !strings.Contains(r.stderr, "no such SQLite file; nothing was copied") {
		t.Errorf("migrate from a missing file: exit %d\n%s", r.code, r.stderr)
	}
	r = ibPG(t, dir, "", nil, "migrate", "--from", file)
	if r.code != 1 || !strings.Contains(r.stderr, "name the PostgreSQL database to copy into") {
		t.Errorf("migrate without a target: exit %d\n%s", r.code, r.stderr)
	}
}

func countSQLite(t *testing.T, path, q string) int {
	t.Helper()
	db := sqlFile(t, path)
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A target without a host is refused before anything is opened, as the
// config refuses it, in the reader's language and without the password.
func TestMigrateRefusesATargetWithoutAHost(t *testing.T) {
	dir := t.TempDir()
	for lang, want := range map[string]string{
		"en": "is not a PostgreSQL database; write a URL with its host, such as postgres://USER@HOST:PORT/DBNAME",
		"ja": "は PostgreSQL のデータベースではありません。postgres://ユーザー@ホスト:ポート/データベース名 のように、ホストを含む URL を書いてください",
	} {
		r := ib(t, dir, "", "migrate", "--from", "x.db", "--to", "postgres://bot:hunter2@/incidents", "--lang", lang)
		if r.code != 1 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "hunter2") {
			t.Errorf("--lang %s: exit %d\n%s", lang, r.code, r.stderr)
		}
	}
}
