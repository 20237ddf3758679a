package main

// Hardening (issue 10): the head of an incident's timeline is published
// where a rewrite of the database cannot reach it, and verify checks a copy
// against it.

import (
	"database/sql"
	"regexp"
	"strings"
	"testing"
)

var publishedHeadRE = regexp.MustCompile("Head hash of the timeline after event ([0-9]+): `([0-9a-f]{64})`")

// publishedHeads reads the heads the bot posted in a channel: event number →
// hash.
func (e *slackEnv) publishedHeads(channel string) map[string]string {
	out := map[string]string{}
	for _, m := range e.fake.Messages(channel) {
		for _, s := range publishedHeadRE.FindAllStringSubmatch(m.Text, -1) {
			out[s[1]] = s[2]
		}
	}
	return out
}

// TestPublishedHead: every phase change and the close post the timeline's
// head in the incident's channel; verify --head passes for each and names
// its event. Cut the last events off the file and give it back an earlier
// state and head, and plain verify passes, but not with the head published
// at the close.
func TestPublishedHead(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	var at3 incidentRow
	for _, c := range []string{"open high Database down", "log #1 failover started", "next #1", "log #1 replica promoted", "close #1 --false-alarm the monitor was wrong"} {
		if got := e.command(p, seGeneral, c); strings.Contains(got, "internal error") || got == "" {
			t.Fatalf("%q: %q", c, got)
		}
		if c == "next #1" {
			at3 = readIncidentRow(t, e.db)
		}
	}
	inc := e.channelNamed("inc-1-database-down")
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	heads := e.publishedHeads(inc.ID)
	if len(heads) != 2 || heads["3"] == "" || heads["5"] == "" {
		t.Fatalf("heads posted %v, want after event 3 (next) and 5 (close)", heads)
	}
	p.stop()
	if _, head := verify(t, e.dir, "1", "--db", e.db); head != heads["5"] {
		t.Errorf("verify's head %s, published %s", head, heads["5"])
	}
	for seq, h := range map[string]string{"3": heads["3"], "5": heads["5"][:12]} {
		r := ib(t, e.dir, "", "verify", "1", "--db", e.db, "--head", h)
		if r.code != 0 || !strings.Contains(r.stdout, "published head: event "+seq+", ") {
			t.Errorf("verify --head %s: exit %d\n%s%s", h, r.code, r.stdout, r.stderr)
		}
	}
	if r := ib(t, e.dir, "", "verify", "1", "--db", e.db, "--head", "abc"); r.code != 2 {
		t.Errorf("verify --head abc: exit %d, want 2 (usage)\n%s", r.code, r.stderr)
	}

	// Cut events 4 and 5 off, and give the incident back its row as of
	// event 3, as someone who owns the file could.
	db := sqlFile(t, e.db)
	for _, q := range []string{
		`DROP TRIGGER events_no_delete`, `DROP TRIGGER payloads_no_delete`,
		`DELETE FROM payloads WHERE seq > 3`, `DELETE FROM events WHERE seq > 3`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Exec(`UPDATE incidents SET state = ?, phase = ?, severity = ?, version = ?, closed_at = ?`,
		at3.state, at3.phase, at3.severity, at3.version, at3.closedAt); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if n, head := verify(t, e.dir, "1", "--db", e.db); n != 3 || head != heads["3"] {
		t.Fatalf("plain verify of the cut file: %d events, head %s; want it to pass with 3 events and head %s", n, head, heads["3"])
	}
	r := ib(t, e.dir, "", "verify", "1", "--db", e.db, "--head", heads["5"])
	if r.code != 1 || !strings.Contains(r.stdout, "no event has the published head") {
		t.Errorf("verify --head (the close's) of the cut file: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := ib(t, e.dir, "", "verify", "1", "--db", e.db, "--head", heads["3"]); r.code != 0 {
		t.Errorf("verify --head (event 3's) of the cut file: exit %d\n%s", r.code, r.stdout)
	}
}

// incidentRow is the stored row of an incident, as someone restoring an
// earlier one would copy it.
type incidentRow struct {
	state, phase, severity string
	version                int
	closedAt               sql.NullString
}

func readIncidentRow(t *testing.T, path string) incidentRow {
	t.Helper()
	db := sqlFile(t, path)
	defer db.Close()
	var r incidentRow
	if err := db.QueryRow(`SELECT state, phase, severity, version, closed_at FROM incidents`).Scan(&r.state, &r.phase, &r.severity, &r.version, &r.closedAt); err != nil {
		t.Fatal(err)
	}
	return r
}
