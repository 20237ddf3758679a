package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"incidentbot/bot/console"
	"incidentbot/workflow"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from this run")

// The golden Japanese console transcript: the real binary answers a scripted
// Japanese session (testdata/console-ja.txt: open, runbook, assign, status,
// decision, next, checklist, sev, amend, show, list, postmortem, close,
// redact, report, help) and its output, with times, durations, hashes and
// ids masked, must equal testdata/console-ja.golden. After a deliberate
// change of wording, regenerate it with
//
//	go test ./cmd/incidentbot -run TestGoldenJapaneseConsole -update
//
// and read the diff.
func TestGoldenJapaneseConsole(t *testing.T) {
	session, err := os.ReadFile("testdata/console-ja.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := write(t, filepath.Join(dir, "ja.toml"), "language = \"ja\"\ntimezone = \"Asia/Tokyo\"\n")
	r := ib(t, dir, string(session), "console", "--config", cfg, "--db", filepath.Join(dir, "ja.db"), "--as", "operator")
	if r.code != 0 {
		t.Fatalf("console: exit %d\n%s", r.code, r.stderr)
	}
	got := maskTranscript(r.stdout)
	const golden = "testdata/console-ja.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if want := string(data); got != want {
		g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < len(g) || i < len(w); i++ {
			var gl, wl string
			if i < len(g) {
				gl = g[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			if gl != wl {
				t.Fatalf("the transcript differs from %s at line %d:\n got: %s\nwant: %s\n(after a deliberate change: go test ./cmd/incidentbot -run TestGoldenJapaneseConsole -update)", golden, i+1, gl, wl)
			}
		}
	}

	// What the bot printed keeps to the glossary and to one width of
	// parentheses per line, nested texts included.
	// Help's list of the spellings each label accepts is exempt from the
	// words to avoid: it names them on purpose (a user may type 承認者).
	g := readGlossary(t)
	labelsHead := workflow.Render(workflow.Japanese, workflow.M("help.labels", nil))
	inLabels := false
	for i, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, console.Prompt) {
			continue
		}
		if inLabels = line == labelsHead || inLabels && strings.HasPrefix(line, "  "); inLabels {
			continue
		}
		if strings.ContainsAny(line, "()") && strings.ContainsAny(line, "（）") {
			t.Errorf("line %d mixes the widths of parentheses: %s", i+1, line)
		}
		for _, a := range g.avoid {
			if a.lang == workflow.Japanese && a.in(line) {
				t.Errorf("line %d says %q (glossary: %s): %s", i+1, a.word, a.concept, line)
			}
		}
	}
}

// Masks for what changes from run to run; the order matters (a UUID holds
// hex digits).
var transcriptMasks = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "‹uuid›"},
	{regexp.MustCompile(`\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b`), "‹hash›"},
	{regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`), "YYYY-MM-DD hh:mm"},
	// The readable timeline's day headings and times of day.
	{regexp.MustCompile(`(?m)^### \d{4}-\d{2}-\d{2}$`), "### YYYY-MM-DD"},
	{regexp.MustCompile(`(?m)^\| \d{2}:\d{2} \|`), "| hh:mm |"},
	{regexp.MustCompile(`(\d+時間)?(\d+分)?\d+秒`), "‹時間›"},
}

// maskTranscript replaces the times, durations, hashes and ids of a
// transcript with fixed marks.
func maskTranscript(s string) string {
	for _, m := range transcriptMasks {
		s = m.re.ReplaceAllString(s, m.with)
	}
	return s
}
