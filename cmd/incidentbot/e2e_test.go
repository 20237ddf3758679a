package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the incidentbot built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "incidentbot-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "incidentbot")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build incidentbot:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary produced.
type result struct {
	stdout, stderr string
	code           int
}

// ib runs the binary with stdin (not a terminal) in dir.
func ib(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "USER=operator")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run incidentbot %s: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errb.String(), code}
}

// afternoonConfig writes a config whose time zone puts the clock in the
// afternoon, so "started: 08:50 detected: 09:12" are both earlier today
// whatever the hour the test runs at (between them, 09:12 would be
// yesterday's and the open would be refused, as it should).
func afternoonConfig(t *testing.T, dir string) string {
	t.Helper()
	off := (15 - time.Now().UTC().Hour() + 24) % 24
	if off > 12 {
		off -= 24
	}
	// Etc/GMT-9 is UTC+9: the sign is inverted in these names.
	zone := "UTC"
	switch {
	case off > 0:
		zone = fmt.Sprintf("Etc/GMT-%d", off)
	case off < 0:
		zone = fmt.Sprintf("Etc/GMT+%d", -off)
	}
	path := filepath.Join(dir, "incidentbot.toml")
	if err := os.WriteFile(path, []byte("language = \"en\"\ntimezone = \""+zone+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// issueSession is the walk-through of the Core issue, verbatim.
const issueSession = `/incident open high 採用エントリーフォームから不審な送信が続いている started: 08:50 detected: 09:12
/incident assign commander @sato
/incident assign tech @suzuki
/incident assign comms @tanaka
/incident assign scribe @yamada
/incident status confirmed: フォーム経由で500件の不審送信 | unconfirmed: 個人情報の流出有無 | next: WAFログの確認
/incident phase initial
/incident decision 管理画面を社外IPから遮断 | why: 改ざんが継続中 | action: WAFで接続元制限 | next: 30分後にログ再確認
/incident phase investigate
/incident decision Take the entry form offline | why: applicant data may be exposed | action: maintenance page on /entry | next: ask the form vendor for logs
/incident sev medium outflow ruled out by vendor logs
/incident phase contain
/incident phase recover
/incident phase post
/incident postmortem cause: plugin vulnerability | impact: 500 spam entries, no data leaked | prevention: monthly plugin updates | open: WAF rule review
/incident close
/incident show #1
`

// block is one answered line of a piped console session.
type block struct {
	line  string // the input line, as echoed
	reply []string
}

// blocks splits a piped console transcript into answered lines.
func blocks(out string) []block {
	var bs []block
	var cur *block
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "incident> "):
			bs = append(bs, block{line: strings.TrimPrefix(l, "incident> ")})
			cur = &bs[len(bs)-1]
		case l == "":
			cur = nil
		case cur != nil:
			cur.reply = append(cur.reply, l)
		}
	}
	return bs
}

// exported is the part of the JSON export the tests read.
type exported struct {
	Summary struct {
		Title        string `json:"title"`
		Severity     string `json:"severity"`
		Phase        string `json:"phase"`
		TimeToDetect int64  `json:"time_to_detect_seconds"`
		EventCount   int    `json:"event_count"`
	} `json:"summary"`
	SeverityHistory []struct {
		From, To, Reason string
	} `json:"severity_history"`
	Roles struct {
		Handovers []struct {
			Role     string
			From, To *struct{ Name string }
		} `json:"handovers"`
	} `json:"roles"`
	Decisions []struct {
		Number   int    `json:"number"`
		Decision string `json:"decision"`
		Why      string `json:"why"`
		Action   string `json:"action"`
		Next     string `json:"next"`
	} `json:"decisions"`
	StatusUpdates []struct {
		Confirmed, Unconfirmed, Next string
	} `json:"status_updates"`
	Notes []struct {
		Text string `json:"text"`
	} `json:"notes"`
	Postmortem struct {
		Cause, Impact, Prevention string
		Open                      string `json:"open_items"`
	} `json:"postmortem"`
	Chain struct {
		OK   bool   `json:"ok"`
		Head string `json:"head"`
	} `json:"chain"`
}

func exportJSON(t *testing.T, dir string, args ...string) exported {
	t.Helper()
	return decodeExport(t, ib(t, dir, "", append([]string{"export", "--format", "json"}, args...)...))
}

// exportPG is exportJSON on the PostgreSQL database dsn (DATABASE_URL).
func exportPG(t *testing.T, dir, dsn string, args ...string) exported {
	t.Helper()
	return decodeExport(t, ibPG(t, dir, "", []string{"DATABASE_URL=" + dsn}, append([]string{"export", "--format", "json"}, args...)...))
}

// decodeExport is the report of a run of `export --format json`.
func decodeExport(t *testing.T, r result) exported {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("export --format json: exit %d\n%s", r.code, r.stderr)
	}
	var rep exported
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("export JSON: %v\n%s", err, r.stdout)
	}
	return rep
}

var verifyOK = regexp.MustCompile(`^ok: (\d+) events, head ([0-9a-f]{64})\n$`)

func verify(t *testing.T, dir string, args ...string) (events int, head string) {
	t.Helper()
	r := ib(t, dir, "", append([]string{"verify"}, args...)...)
	m := verifyOK.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil {
		t.Fatalf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	fmt.Sscan(m[1], &events)
	return events, m[2]
}

func TestIssueSession(t *testing.T) {
	dir := t.TempDir()
	cfg := afternoonConfig(t, dir)
	r := ib(t, dir, issueSession, "console", "--config", cfg, "--db", "x.db", "--as", "operator")
	if r.code != 0 {
		t.Fatalf("console: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "internal error") {
		t.Fatalf("internal error:\n%s\n%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "database x.db, language en") {
		t.Errorf("the banner should name the database and language:\n%s", r.stderr)
	}

	// Every line is answered, and each answer is the confirmation of that
	// command (a refusal would say something else).
	input := strings.Split(strings.TrimSuffix(issueSession, "\n"), "\n")
	bs := blocks(r.stdout)
	if len(bs) != len(input) {
		t.Fatalf("%d lines answered, want %d:\n%s", len(bs), len(input), r.stdout)
	}
	for i, b := range bs {
		if b.line != input[i] || len(b.reply) == 0 {
			t.Fatalf("line %d: echoed %q with %d reply lines, want %q answered", i+1, b.line, len(b.reply), input[i])
		}
		reply := strings.Join(b.reply, "\n")
		var want string
		switch {
		case i == 0:
			want = "Opened #1 (High): 採用エントリーフォームから不審な送信が続いている"
		case i == len(input)-2:
			want = "#1 is closed."
		case i == len(input)-1:
			want = "Phase: closed"
		default:
			want = fmt.Sprintf("(event %d)", i+1)
		}
		if !strings.Contains(reply, want) {
			t.Errorf("line %d %q: reply %q does not contain %q", i+1, input[i], reply, want)
		}
	}

	// verify, then the Markdown export shows the same head.
	n, head := verify(t, dir, "1", "--db", "x.db")
	if n != 16 {
		t.Errorf("verify: %d events, want 16", n)
	}
	md := ib(t, dir, "", "export", "1", "--format", "md", "--db", "x.db", "--config", cfg)
	if md.code != 0 {
		t.Fatalf("export md: exit %d\n%s", md.code, md.stderr)
	}
	for _, want := range []string{
		"# Incident report #1: 採用エントリーフォームから不審な送信が続いている",
		"| Phase | closed |",
		"| Time to detect | 22m |",
		"| High | Medium | outflow ruled out by vendor logs |",
		"| commander | @operator | @sato |",
		"| 管理画面を社外IPから遮断 | 改ざんが継続中 | WAFで接続元制限 | 30分後にログ再確認 |",
		"| Take the entry form offline | applicant data may be exposed | maintenance page on /entry | ask the form vendor for logs |",
		"| フォーム経由で500件の不審送信 | 個人情報の流出有無 | WAFログの確認 |",
		"| Cause | plugin vulnerability |",
		"| Impact | 500 spam entries, no data leaked |",
		"Head hash: `" + head + "`",
	} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("Markdown export lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("Markdown export:\n%s", md.stdout)
	}

	// The JSON export, flags before the id.
	rep := exportJSON(t, dir, "1", "--db", "x.db")
	s := rep.Summary
	if s.Title != "採用エントリーフォームから不審な送信が続いている" || s.Phase != "closed" || s.Severity != "medium" || s.TimeToDetect != 22*60 || s.EventCount != 16 {
		t.Errorf("summary: %+v", s)
	}
	if h := rep.SeverityHistory; len(h) != 2 || h[1].From != "high" || h[1].To != "medium" || h[1].Reason != "outflow ruled out by vendor logs" {
		t.Errorf("severity history: %+v", h)
	}
	if h := rep.Roles.Handovers; len(h) == 0 || h[0].Role != "commander" || h[0].From == nil || h[0].From.Name != "operator" || h[0].To == nil || h[0].To.Name != "sato" {
		t.Errorf("handovers: %+v", h)
	}
	if d := rep.Decisions; len(d) != 2 ||
		d[0].Decision != "管理画面を社外IPから遮断" || d[0].Why != "改ざんが継続中" || d[0].Action != "WAFで接続元制限" || d[0].Next != "30分後にログ再確認" ||
		d[1].Decision != "Take the entry form offline" || d[1].Why != "applicant data may be exposed" || d[1].Action != "maintenance page on /entry" || d[1].Next != "ask the form vendor for logs" {
		t.Errorf("decisions: %+v", d)
	}
	if st := rep.StatusUpdates; len(st) != 1 || st[0].Confirmed != "フォーム経由で500件の不審送信" || st[0].Unconfirmed != "個人情報の流出有無" || st[0].Next != "WAFログの確認" {
		t.Errorf("status: %+v", st)
	}
	if p := rep.Postmortem; p.Cause != "plugin vulnerability" || p.Impact != "500 spam entries, no data leaked" || p.Prevention != "monthly plugin updates" || p.Open != "WAF rule review" {
		t.Errorf("postmortem: %+v", p)
	}
	if !rep.Chain.OK || rep.Chain.Head != head {
		t.Errorf("chain: %+v, verify said head %s", rep.Chain, head)
	}

	// In Japanese.
	ja := ib(t, dir, "", "export", "--lang", "ja", "#1", "--db", "x.db")
	for _, want := range []string{"# インシデント報告書 #1:", "## 概要", "## 重大度の履歴", "## 意思決定ログ", "## 事後報告", "## ハッシュチェーン", head} {
		if ja.code != 0 || !strings.Contains(ja.stdout, want) {
			t.Errorf("Japanese export (exit %d) lacks %q", ja.code, want)
		}
	}

	// -o writes the file.
	r = ib(t, dir, "", "export", "1", "-o", "report.md", "--db", "x.db")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("export -o: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "report.md")); err != nil || !bytes.Contains(b, []byte(head)) {
		t.Errorf("report.md: %v", err)
	}
	if want := "wrote the report of #1 to report.md\n"; r.stderr != want {
		t.Errorf("export -o said %q, want %q", r.stderr, want)
	}

	// stats counts it.
	st := ib(t, dir, "", "stats", "--db", "x.db")
	if st.code != 0 || !strings.Contains(st.stdout, "Real incidents: 1 (0 open, 1 closed)") || !strings.Contains(st.stdout, "mean 22m") {
		t.Errorf("stats: exit %d\n%s%s", st.code, st.stdout, st.stderr)
	}
}

// Private incidents are exported only for their people, like show.
func TestExportPrivate(t *testing.T) {
	dir := t.TempDir()
	r := ib(t, dir, "open secret thing --private\nassign tech @suzuki\n\\as mallory\nshow #1\n", "console", "--db", "x.db", "--as", "sato")
	if r.code != 0 || !strings.Contains(r.stdout, "No such incident: #1") {
		t.Fatalf("console: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		as   string
		code int
	}{{"sato", 0}, {"suzuki", 0}, {"mallory", 1}} {
		r := ib(t, dir, "", "export", "1", "--db", "x.db", "--as", tc.as)
		if r.code != tc.code {
			t.Errorf("export as %s: exit %d, want %d\n%s", tc.as, r.code, tc.code, r.stderr)
		}
		if tc.code != 0 && (strings.Contains(r.stdout+r.stderr, "secret thing") || !strings.Contains(r.stderr, "No such incident")) {
			t.Errorf("export as %s: %q %q", tc.as, r.stdout, r.stderr)
		}
	}
}

// crashSession is a long session: open, then notes with a decision every
// seventh line.
func crashSession(n int) []string {
	lines := []string{"/incident open medium crash test"}
	for i := 1; i <= n; i++ {
		if i%7 == 0 {
			lines = append(lines, fmt.Sprintf("decision dec-%d | why: because-%d", i, i))
		} else {
			lines = append(lines, fmt.Sprintf("log note-%d", i))
		}
	}
	return lines
}

// TestCrash kills the console with SIGKILL at seeded points while it works
// through a long session, then reopens the database: every line whose reply
// had been printed is stored, nothing is stored twice or out of order, and
// the chain verifies.
func TestCrash(t *testing.T) {
	const n = 300
	lines := crashSession(n)
	cases := []struct {
		seed     uint64
		lockstep bool // write one line at a time and kill with a line half written
	}{{1, false}, {2, false}, {3, false}, {4, false}, {5, true}}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("seed%d", tc.seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(tc.seed, 42))
			k := 1 + rng.IntN(n-1) // kill after k answered lines
			dir := t.TempDir()

			cmd := exec.Command(binary, "console", "--db", "x.db", "--as", "operator")
			cmd.Dir = dir
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}

			answered := make(chan string, n+1)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // read blocks: an echo line, reply lines, an empty line
				defer wg.Done()
				defer close(answered)
				sc := bufio.NewScanner(stdout)
				echo := ""
				for sc.Scan() {
					l := sc.Text()
					switch {
					case strings.HasPrefix(l, "incident> "):
						echo = strings.TrimPrefix(l, "incident> ")
					case l == "" && echo != "":
						answered <- echo
						echo = ""
					}
				}
			}()

			var acked []string
			if tc.lockstep {
				for i := 0; i < k; i++ {
					io.WriteString(stdin, lines[i]+"\n")
					a, ok := <-answered
					if !ok {
						t.Fatalf("console ended early:\n%s", stderr.String())
					}
					acked = append(acked, a)
				}
				half := lines[k][:len(lines[k])/2]
				io.WriteString(stdin, half) // torn: never a whole line
				time.Sleep(5 * time.Millisecond)
			} else {
				go func() {
					io.WriteString(stdin, strings.Join(lines, "\n")+"\n")
				}()
				for len(acked) < k {
					a, ok := <-answered
					if !ok {
						t.Fatalf("console ended early:\n%s", stderr.String())
					}
					acked = append(acked, a)
				}
			}
			cmd.Process.Kill()        // SIGKILL
			for a := range answered { // printed before the kill landed
				acked = append(acked, a)
			}
			wg.Wait() // stdout is read to EOF before Wait closes it
			cmd.Wait()
			for i, a := range acked {
				if a != lines[i] {
					t.Fatalf("answer %d is for %q, want %q", i, a, lines[i])
				}
			}
			if strings.Contains(stderr.String(), "internal error") {
				t.Fatalf("internal error before the kill:\n%s", stderr.String())
			}

			rep := exportJSON(t, dir, "1", "--db", "x.db")
			var stored []string
			for _, note := range rep.Notes {
				stored = append(stored, "log "+note.Text)
			}
			for _, d := range rep.Decisions {
				stored = append(stored, fmt.Sprintf("decision %s | why: %s", d.Decision, d.Why))
			}
			// Stored lines, in input order, must be exactly the first m lines
			// after open, m being the answered ones plus at most the one in
			// flight at the kill.
			want := map[string]int{}
			for i, l := range lines[1:] {
				want[l] = i + 1
			}
			seen := map[string]bool{}
			maxIdx := 0
			for _, s := range stored {
				if seen[s] {
					t.Errorf("stored twice: %q", s)
				}
				seen[s] = true
				idx, ok := want[s]
				if !ok {
					t.Errorf("stored but never sent: %q", s)
				}
				maxIdx = max(maxIdx, idx)
			}
			if len(seen) != maxIdx {
				t.Errorf("%d lines stored but the last is line %d: a gap", len(seen), maxIdx)
			}
			for _, a := range acked[1:] {
				if !seen[a] {
					t.Errorf("answered but not stored: %q", a)
				}
			}
			if m := len(seen); m < len(acked)-1 || m > len(acked) {
				t.Errorf("%d lines stored, %d answered after open: want the answered ones plus at most one", m, len(acked)-1)
			}
			events, head := verify(t, dir, "1", "--db", "x.db")
			if events != len(seen)+1 || head != rep.Chain.Head {
				t.Errorf("verify: %d events head %s; export: %d stored lines head %s", events, head, len(seen), rep.Chain.Head)
			}
			t.Logf("killed after %d answered lines (k=%d); %d stored", len(acked), k, len(seen)+1)
		})
	}
}

// export, verify and stats work while a console holds the database open.
func TestReadWhileConsoleRuns(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "console", "--db", "x.db", "--as", "operator")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	say := func(line string) string {
		io.WriteString(stdin, line+"\n")
		var reply []string
		for sc.Scan() && sc.Text() != "" {
			reply = append(reply, sc.Text())
		}
		return strings.Join(reply, "\n")
	}
	if r := say("open low still running"); !strings.Contains(r, "Opened #1") {
		t.Fatalf("open: %s", r)
	}
	for _, args := range [][]string{
		{"export", "1", "--db", "x.db"},
		{"verify", "1", "--db", "x.db"},
		{"stats", "--db", "x.db"},
	} {
		if r := ib(t, dir, "", args...); r.code != 0 {
			t.Errorf("%s while the console runs: exit %d\n%s", args[0], r.code, r.stderr)
		}
	}
	if r := say("log after the readers"); !strings.Contains(r, "(event 2)") {
		t.Errorf("log: %s", r)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("console: %v", err)
	}
}
