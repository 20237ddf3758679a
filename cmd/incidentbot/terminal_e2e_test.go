package main

// Hardening (issue 10): what people typed reaches terminals and exports
// without control or bidi characters.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// actsOnTerminal: a control character but newline and tab, or a
// bidirectional formatting character.
func actsOnTerminal(r rune) bool {
	return r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r))
}

// TestTerminalOutputPrintable types escape sequences, a carriage return and
// a right-to-left override into the console; neither the console's output
// nor export (to standard output or a file, Markdown or JSON) carries them,
// and the JSON keeps the text exactly, escaped.
func TestTerminalOutputPrintable(t *testing.T) {
	dir := t.TempDir()
	title := "DB down \x1b[2J\x1b]0;owned\x07 \u202Etxt.exe \u009b31m"
	r := ib(t, dir, "open high "+title+"\nlog note\r with \x1b[31mred\x1b[0m\nshow #1\n", "console", "--db", "x.db", "--as", "sato")
	if r.code != 0 || !strings.Contains(r.stdout, "Opened #1") {
		t.Fatalf("console: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	check := func(what, out string) {
		t.Helper()
		if i := strings.IndexFunc(out, actsOnTerminal); i >= 0 {
			t.Errorf("%s holds %U: %q", what, []rune(out[i:])[0], out[max(0, i-20):min(len(out), i+20)])
		}
	}
	check("the console's output", r.stdout+r.stderr)
	for _, format := range []string{"md", "json"} {
		r := ib(t, dir, "", "export", "1", "--db", "x.db", "--format", format)
		if r.code != 0 {
			t.Fatalf("export %s: exit %d\n%s", format, r.code, r.stderr)
		}
		check("export --format "+format, r.stdout)
		out := filepath.Join(dir, "report."+format)
		if r := ib(t, dir, "", "export", "1", "--db", "x.db", "--format", format, "-o", out); r.code != 0 {
			t.Fatalf("export -o: exit %d\n%s", r.code, r.stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		check("the exported file ("+format+")", string(b))
	}
	if got := exportJSON(t, dir, "1", "--db", "x.db").Summary.Title; got != title {
		t.Errorf("JSON title %q, want exactly %q", got, title)
	}
}
