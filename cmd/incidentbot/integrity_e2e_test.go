package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// tamperSession stores four events: 1 open, 2 decision, 3 note, 4 status.
const tamperSession = `open high entry form tamper test
decision Take the form offline | why: data may leak | action: maintenance page
log vendor called back at 10:05
status confirmed: 500 spam entries | next: WAF logs
`

// consoleSession runs a piped console session as sato on dir/x.db and fails
// the test unless every line was answered without an internal error.
func consoleSession(t *testing.T, dir, session string) []block {
	t.Helper()
	r := ib(t, dir, session, "console", "--db", "x.db", "--as", "sato")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "internal error") {
		t.Fatalf("console: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bs := blocks(r.stdout)
	if want := strings.Count(session, "\n"); len(bs) != want {
		t.Fatalf("%d lines answered, want %d:\n%s", len(bs), want, r.stdout)
	}
	return bs
}

// sqlFile opens the store's file directly, as someone with access to the disk
// would, bypassing incidentbot.
func sqlFile(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

var verifyBroken = regexp.MustCompile(`^broken: event (\d+): (.+)\n$`)

// TestTamperDetected edits the stored timeline behind incidentbot's back;
// verify must fail and name the event that was touched.
func TestTamperDetected(t *testing.T) {
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	forged := `{"decision":"Keep the form online","why":"data may leak","action":"maintenance page"}`
	cases := []struct {
		name   string
		sql    []string
		seq    int    // the event verify must name
		reason string // what verify must say is wrong with it
	}{
		{
			name:   "note payload rewritten",
			sql:    []string{`UPDATE payloads SET body = '{"text":"vendor never called"}' WHERE seq = 3`},
			seq:    3,
			reason: "payload does not match its hash",
		},
		{
			name:   "decision payload rewritten",
			sql:    []string{`UPDATE payloads SET body = replace(body, 'Take the form offline', 'Keep the form online') WHERE seq = 2`},
			seq:    2,
			reason: "payload does not match its hash",
		},
		{
			name:   "payload tombstoned without a redaction event",
			sql:    []string{`UPDATE payloads SET body = '{"redacted":true}', redacted = 1 WHERE seq = 4`},
			seq:    4,
			reason: "payload removed without a redaction event",
		},
		{
			// The triggers stop mistakes, not someone who owns the file: the
			// chain is what catches an event rewritten with them dropped.
			name:   "event row rewritten with the trigger dropped",
			sql:    []string{`DROP TRIGGER events_no_update`, `UPDATE events SET actor_name = 'mallory', actor_user = 'mallory' WHERE seq = 2`},
			seq:    2,
			reason: "header does not match its hash",
		},
		{
			name: "payload and its payload hash rewritten together",
			sql: []string{
				`DROP TRIGGER events_no_update`,
				`UPDATE payloads SET body = '` + forged + `' WHERE seq = 2`,
				`UPDATE events SET payload_hash = '` + sum(forged) + `' WHERE seq = 2`,
			},
			seq:    2,
			reason: "header does not match its hash",
		},
		{
			// show, the card and exports read the snapshot: an edit there
			// alone must not pass either.
			name:   "stored state rewritten",
			sql:    []string{`UPDATE incidents SET state = json_set(state, '$.title', 'nothing happened')`},
			seq:    4,
			reason: "the stored state of the incident does not match its timeline",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			consoleSession(t, dir, tamperSession)
			if n, _ := verify(t, dir, "1", "--db", "x.db"); n != 4 {
				t.Fatalf("verify before tampering: %d events, want 4", n)
			}

			db := sqlFile(t, filepath.Join(dir, "x.db"))
			for _, q := range tc.sql {
				res, err := db.Exec(q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if strings.HasPrefix(q, "UPDATE") {
					if n, _ := res.RowsAffected(); n != 1 {
						t.Fatalf("%s: %d rows changed, want 1", q, n)
					}
				}
			}
			db.Close()

			r := ib(t, dir, "", "verify", "1", "--db", "x.db")
			m := verifyBroken.FindStringSubmatch(r.stdout)
			if r.code == 0 || m == nil {
				t.Fatalf("verify after tampering: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if m[1] != fmt.Sprint(tc.seq) || m[2] != tc.reason {
				t.Errorf("verify names event %s (%s), want event %d (%s)", m[1], m[2], tc.seq, tc.reason)
			}
			if r.code != 1 {
				t.Errorf("verify after tampering: exit %d, want 1", r.code)
			}
		})
	}
}

// TestTimelineAppendOnly: the stored timeline refuses to be edited in place,
// and the refused statements leave it verifying with the same head.
func TestTimelineAppendOnly(t *testing.T) {
	dir := t.TempDir()
	consoleSession(t, dir, tamperSession+"redact 3 wrong incident\n")
	n0, head0 := verify(t, dir, "1", "--db", "x.db")
	if n0 != 5 {
		t.Fatalf("verify: %d events, want 5", n0)
	}
	db := sqlFile(t, filepath.Join(dir, "x.db"))
	for _, tc := range []struct {
		sql, refusal string
	}{
		{`UPDATE events SET actor_name = 'mallory' WHERE seq = 2`, "events are append-only: UPDATE refused"},
		{`UPDATE events SET payload_hash = hash WHERE seq = 3`, "events are append-only: UPDATE refused"},
		{`DELETE FROM events WHERE seq = 4`, "events are append-only: DELETE refused"},
		{`DELETE FROM payloads WHERE seq = 2`, "payloads are never deleted; redact them"},
		{`UPDATE payloads SET seq = 9 WHERE seq = 2`, "a payload stays with its event"},
		{`UPDATE payloads SET redacted = 0 WHERE seq = 3`, "a redacted payload stays redacted"},
	} {
		_, err := db.Exec(tc.sql)
		if err == nil || !strings.Contains(err.Error(), tc.refusal) {
			t.Errorf("%s: error %v, want %q", tc.sql, err, tc.refusal)
		}
	}
	db.Close()
	if n, head := verify(t, dir, "1", "--db", "x.db"); n != n0 || head != head0 {
		t.Errorf("after the refused statements: %d events head %s, want %d head %s", n, head, n0, head0)
	}
}

// The personal datum the redaction tests paste, and remove.
const datum = "hanako@example.com"

// redactSession puts the datum into a note (event 3), a status (event 4) and
// a decision (event 5) beside a decision without it (event 2).
const redactSession = `open high entry form leak
decision Take the form offline | why: data may leak
log applicant mail ` + datum + `
status confirmed: mail from ` + datum + ` | next: call the vendor
decision Reply to the applicant | why: ` + datum + ` asked for a copy
show
`

// redactedJSON is the part of the JSON export the redaction test reads.
type redactedJSON struct {
	Decisions []struct {
		Number   int    `json:"number"`
		Redacted bool   `json:"redacted"`
		Decision string `json:"decision"`
	} `json:"decisions"`
	Notes []struct {
		Redacted bool `json:"redacted"`
	} `json:"notes"`
	Redactions []struct {
		Seq         int    `json:"seq"`
		RedactedSeq int    `json:"redacted_seq"`
		Kind        string `json:"redacted_kind"`
		Reason      string `json:"reason"`
		By          struct {
			Name string `json:"name"`
		} `json:"by"`
	} `json:"redactions"`
	Chain struct {
		OK   bool   `json:"ok"`
		Head string `json:"head"`
	} `json:"chain"`
}

// exports returns the three renderings of #1 the redaction must clean.
func exports(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, args := range map[string][]string{
		"md":    {"--format", "md"},
		"json":  {"--format", "json"},
		"ja md": {"--format", "md", "--lang", "ja"},
	} {
		r := ib(t, dir, "", append([]string{"export", "1", "--db", "x.db", "--as", "sato"}, args...)...)
		if r.code != 0 {
			t.Fatalf("export %s: exit %d\n%s", name, r.code, r.stderr)
		}
		out[name] = r.stdout
	}
	return out
}

// storedBytes is everything incidentbot left on disk for the store.
func storedBytes(t *testing.T, dir string) []byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "x.db*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("store files: %v %v", files, err)
	}
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// TestRedaction: the commander redacts the events holding a personal datum;
// the chain still verifies, and no report, show or byte of the store keeps it.
func TestRedaction(t *testing.T) {
	dir := t.TempDir()
	bs := consoleSession(t, dir, redactSession)
	if show := strings.Join(bs[5].reply, "\n"); strings.Count(show, datum) != 2 {
		t.Fatalf("show should display the status and the last decision, both with %s:\n%s", datum, show)
	}
	for name, out := range exports(t, dir) {
		if !strings.Contains(out, datum) {
			t.Fatalf("export %s lacks %s before the redaction: the test would prove nothing", name, datum)
		}
	}

	redactions := []struct {
		seq    int
		kind   string // as stored, and in the JSON export
		en, ja string // as the Markdown reports name it
	}{{3, "note", "note", "メモ"}, {4, "status", "status update", "状況共有"}, {5, "decision", "decision", "意思決定"}}
	var session strings.Builder
	for _, rd := range redactions {
		fmt.Fprintf(&session, "redact %d personal data\n", rd.seq)
	}
	session.WriteString("show\n")
	bs = consoleSession(t, dir, session.String())
	for i, rd := range redactions {
		want := fmt.Sprintf("#1: event %d redacted (event %d)", rd.seq, 6+i)
		if reply := strings.Join(bs[i].reply, "\n"); !strings.Contains(reply, want) {
			t.Errorf("%s: reply %q, want %q", bs[i].line, reply, want)
		}
	}
	show := strings.Join(bs[len(redactions)].reply, "\n")
	if strings.Contains(show, datum) {
		t.Errorf("show after the redaction still shows %s:\n%s", datum, show)
	}
	for _, want := range []string{"Status (", "— [redacted]", "Last decision 2 (", "): [redacted]", "Events: 8"} {
		if !strings.Contains(show, want) {
			t.Errorf("show after the redaction lacks %q:\n%s", want, show)
		}
	}

	n, head := verify(t, dir, "1", "--db", "x.db")
	if n != 8 {
		t.Errorf("verify: %d events, want 8", n)
	}

	out := exports(t, dir)
	for name, text := range out {
		if strings.Contains(text, datum) || strings.Contains(text, "hanako") {
			t.Errorf("export %s still contains the datum:\n%s", name, text)
		}
		if !strings.Contains(text, head) {
			t.Errorf("export %s lacks the head %s that verify reported", name, head)
		}
		if !strings.Contains(text, "Take the form offline") {
			t.Errorf("export %s lost decision 1, which was not redacted", name)
		}
	}
	for _, rd := range redactions {
		for name, kind := range map[string]string{"md": rd.en, "ja md": rd.ja} {
			row := fmt.Sprintf("| %d | %s | personal data | @sato |", rd.seq, kind)
			if !strings.Contains(out[name], row) {
				t.Errorf("export %s lacks the redaction row %q", name, row)
			}
		}
	}
	if t.Failed() {
		t.Logf("Markdown export:\n%s", out["md"])
	}

	var rep redactedJSON
	if err := json.Unmarshal([]byte(out["json"]), &rep); err != nil {
		t.Fatalf("JSON export: %v", err)
	}
	if !rep.Chain.OK || rep.Chain.Head != head {
		t.Errorf("JSON chain %+v, verify said head %s", rep.Chain, head)
	}
	if len(rep.Redactions) != len(redactions) {
		t.Fatalf("JSON redactions: %+v, want %d", rep.Redactions, len(redactions))
	}
	for i, rd := range redactions {
		got := rep.Redactions[i]
		if got.Seq != 6+i || got.RedactedSeq != rd.seq || got.Kind != rd.kind || got.Reason != "personal data" || got.By.Name != "sato" {
			t.Errorf("JSON redaction %d: %+v, want event %d redacting %d (%s) by sato", i, got, 6+i, rd.seq, rd.kind)
		}
	}
	if d := rep.Decisions; len(d) != 2 || d[0].Redacted || d[0].Decision != "Take the form offline" || !d[1].Redacted || d[1].Decision != "" {
		t.Errorf("JSON decisions: %+v", d)
	}
	if nt := rep.Notes; len(nt) != 1 || !nt[0].Redacted {
		t.Errorf("JSON notes: %+v", nt)
	}
}

// TestRedactionErasesStoredBytes: after a redaction, and once the console
// has exited, no byte of the store's files holds the datum. Each text starts
// with it and goes on after it, so a shorter tombstone written over the tail
// of the old record cannot hide stale bytes by luck of the layout.
func TestRedactionErasesStoredBytes(t *testing.T) {
	dir := t.TempDir()
	long := " wrote in twice with a long account of what happened to the application form"
	consoleSession(t, dir, "open high entry form leak\nlog "+datum+long+"\nstatus confirmed: "+datum+long+"\n")
	if !bytes.Contains(storedBytes(t, dir), []byte(datum)) {
		t.Fatalf("the store does not hold %s before the redaction: the test would prove nothing", datum)
	}
	consoleSession(t, dir, "redact 2 personal data\nredact 3 personal data\n")
	if n, _ := verify(t, dir, "1", "--db", "x.db"); n != 5 {
		t.Errorf("verify: %d events, want 5", n)
	}
	if b := storedBytes(t, dir); bytes.Contains(b, []byte(datum)) {
		i := bytes.Index(b, []byte(datum))
		t.Errorf("the database files still hold %s: %q", datum, b[max(0, i-20):min(len(b), i+60)])
	}
}

// TestRedactRefused: someone who is neither commander nor approver cannot
// redact, and the refused command changes nothing.
func TestRedactRefused(t *testing.T) {
	dir := t.TempDir()
	consoleSession(t, dir, "open high entry form leak\nlog applicant mail "+datum+"\nassign tech @suzuki\n")
	n0, head0 := verify(t, dir, "1", "--db", "x.db")
	for _, who := range []string{"mallory", "suzuki"} { // no role; tech
		t.Run(who, func(t *testing.T) {
			bs := consoleSession(t, dir, `\as `+who+"\nredact 2 personal data\n")
			reply := strings.Join(bs[1].reply, "\n")
			if !strings.Contains(reply, "Only the commander or the approver of #1 may redact") || strings.Contains(reply, "redacted (event") {
				t.Errorf("redact as %s: %q, want a refusal", who, reply)
			}
			if n, head := verify(t, dir, "1", "--db", "x.db"); n != n0 || head != head0 {
				t.Errorf("after the refusal: %d events head %s, want %d head %s", n, head, n0, head0)
			}
			if md := exports(t, dir)["md"]; !strings.Contains(md, "| applicant mail "+datum+" |") || strings.Contains(md, "(redacted)") {
				t.Errorf("the note changed after a refused redaction:\n%s", md)
			}
		})
	}
}
