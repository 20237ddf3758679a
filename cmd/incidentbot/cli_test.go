package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the program in process.
func run(stdin string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	m := &Main{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:          func(k string) string { return map[string]string{"USER": "operator"}[k] },
		StdinIsTerminal: func() bool { return false },
	}
	code = m.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

func write(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if out, errs, code := run("open high printer on fire\nlog smoke seen\n", "console", "--db", db); code != 0 || !strings.Contains(out, "Opened #1") {
		t.Fatalf("console: exit %d\n%s%s", code, out, errs)
	}
	good := write(t, filepath.Join(dir, "good.toml"), "language = \"ja\"\ntimezone = \"Asia/Tokyo\"\n[storage]\npath = \""+filepath.Join(dir, "other.db")+"\"\n")
	unknown := write(t, filepath.Join(dir, "unknown.toml"), "language = \"en\"\n[slack]\nmode = \"socket\"\nbot_tokn = \"x\"\n")
	wrongType := write(t, filepath.Join(dir, "type.toml"), "[slack]\n\nmode = 3\n")
	badZone := write(t, filepath.Join(dir, "zone.toml"), "# zone\ntimezone = \"Mars/Olympus\"\n")
	jaNoZone := write(t, filepath.Join(dir, "ja.toml"), "language = \"ja\"\n")

	cases := []struct {
		name string
		args []string
		code int
		// out and err are substrings expected on standard output and error.
		out, err string
	}{
		// Flags before or after the positional argument.
		{"flags after the id", []string{"export", "1", "--format", "json", "--db", db}, 0, `"title": "printer on fire"`, ""},
		{"flags before the id", []string{"export", "--format", "json", "--db", db, "1"}, 0, `"title": "printer on fire"`, ""},
		{"flags around the id", []string{"export", "--db", db, "#1", "--format=md", "--lang", "ja"}, 0, "# インシデント報告書 #1: printer on fire", ""},
		{"verify, flag after", []string{"verify", "1", "--db", db}, 0, "ok: 2 events, head ", ""},
		{"verify, flag before", []string{"verify", "--db", db, "#1"}, 0, "ok: 2 events, head ", ""},
		{"-- ends the flags", []string{"export", "--db", db, "--", "1", "-x"}, 2, "", "one incident at a time"},

		// Mistakes on the command line: exit 2, a message and the usage.
		{"no command", nil, 2, "", "Usage: incidentbot COMMAND"},
		{"unknown command", []string{"deploy"}, 2, "", `unknown command "deploy"`},
		{"serve without a token", []string{"serve"}, 1, "", `no bot token: set SLACK_BOT_TOKEN`},
		{"unknown flag", []string{"export", "1", "--fromat", "md", "--db", db}, 2, "", "flag provided but not defined: -fromat\n\nUsage: incidentbot export ID"},
		{"flag without its value", []string{"export", "1", "--db"}, 2, "", "flag needs an argument: -db"},
		{"bad format", []string{"export", "1", "--format", "pdf", "--db", db}, 2, "", `--format "pdf": write --format md, --format html or --format json`},
		{"no id", []string{"export", "--db", db}, 2, "", "name the incident"},
		{"two ids", []string{"export", "1", "2", "--db", db}, 2, "", "one incident at a time"},
		{"bad id", []string{"export", "one", "--db", db}, 2, "", `"one" is not an incident reference`},
		{"flag of another command", []string{"verify", "1", "--format", "md", "--db", db}, 2, "", "flag provided but not defined: -format"},
		{"console takes no argument", []string{"console", "extra", "--db", db}, 2, "", `unexpected argument "extra"`},
		{"bad language", []string{"export", "1", "--lang", "fr", "--db", db}, 2, "", `unknown language "fr"`},
		{"bad date", []string{"stats", "--since", "2026-13-01", "--db", db}, 2, "", "write a date as YYYY-MM-DD"},
		{"check needs --config", []string{"check"}, 2, "", "incidentbot check --config FILE"},

		// Failures: exit 1 with a message.
		{"no such incident", []string{"verify", "9", "--db", db}, 1, "", "No such incident: #9"},
		{"no such drill", []string{"export", "D-1", "--db", db}, 1, "", "No such incident: #D-1"},
		{"no database", []string{"export", "1", "--db", filepath.Join(dir, "none.db")}, 1, "", "no database at"},
		{"no database, in Japanese", []string{"export", "1", "--lang", "ja", "--db", filepath.Join(dir, "none.db")}, 1, "", filepath.Join(dir, "none.db") + " にデータベースがありません（--db FILE か設定の [storage] の path で指定してください）"},
		{"database from the config", []string{"export", "1", "--config", good, "--lang", "en"}, 1, "", "no database at " + filepath.Join(dir, "other.db")},
		{"--db wins over the config", []string{"export", "1", "--config", good, "--db", db}, 0, "# インシデント報告書 #1", ""},
		{"--lang wins over the config", []string{"export", "1", "--config", good, "--db", db, "--lang", "en"}, 0, "# Incident report #1", ""},

		// check.
		{"check ok, in the configured language", []string{"check", "--config", good}, 0, good + ": 問題ありません（言語 ja、タイムゾーン Asia/Tokyo（timezone の設定）", ""},
		{"check ok, --lang wins", []string{"check", "--config", good, "--lang", "en"}, 0, good + ": ok (language ja, timezone Asia/Tokyo (the timezone key), ", ""},
		{"check: Japanese without a timezone is Tokyo", []string{"check", "--config", jaNoZone, "--lang", "en"}, 0, jaNoZone + ": ok (language ja, timezone Asia/Tokyo (no timezone key; Japanese means Asia/Tokyo), ", ""},
		{"check unknown key", []string{"check", "--config", unknown}, 1, "", unknown + `:4:1: key slack.bot_tokn: unknown key; did you mean "bot_token"?`},
		{"check wrong type", []string{"check", "--config", wrongType}, 1, "", wrongType + ":3:8: key slack.mode: wrong type"},
		{"check bad zone", []string{"check", "--config", badZone}, 1, "", badZone + `:2:1: key timezone: "Mars/Olympus" is not a time zone name`},
		{"a bad config stops other commands too", []string{"verify", "1", "--config", unknown, "--db", db}, 1, "", unknown + ":4:1: key slack.bot_tokn"},

		// stats and help.
		{"stats", []string{"stats", "--config", good, "--db", db, "--since", "2000-01-01", "--lang", "en"}, 0, "Incident statistics since 2000-01-01 (Asia/Tokyo)\nReal incidents: 1 (1 open, 0 closed)", ""},
		{"stats --lang ja means Tokyo time", []string{"stats", "--lang", "ja", "--db", db, "--since", "2000-01-01"}, 0, "インシデント統計（2000-01-01以降、Asia/Tokyo）", ""},
		{"stats in Japanese", []string{"stats", "--lang", "ja", "--db", db}, 0, "インシデント統計", ""},
		{"stats between two days", []string{"stats", "--db", db, "--lang", "en", "--since", "2000-01-01", "--until", "2999-12-31"}, 0, "Incident statistics from 2000-01-01 to 2999-12-31 (", ""},
		{"stats until a day long ago", []string{"stats", "--db", db, "--lang", "en", "--until", "2000-01-01"}, 0, "Real incidents: 0 (0 open, 0 closed)", ""},
		{"stats as json", []string{"stats", "--db", db, "--format", "json"}, 0, `"format": "incidentbot.stats/v1"`, ""},
		{"stats as html", []string{"stats", "--db", db, "--format", "html", "--lang", "en"}, 0, `<g data-chart="ttr">`, ""},
		{"stats as markdown", []string{"stats", "--db", db, "--format", "md", "--lang", "en"}, 0, "| Time to recover | ", ""},
		{"stats -o in Japanese", []string{"stats", "--db", db, "--lang", "ja", "-o", filepath.Join(filepath.Dir(db), "stats.txt")}, 0, "", "インシデント統計を " + filepath.Join(filepath.Dir(db), "stats.txt") + " に書き出しました"},
		{"stats bad format", []string{"stats", "--db", db, "--format", "pdf"}, 2, "", `--format "pdf": write --format text, md, json or html`},
		{"stats until before since", []string{"stats", "--db", db, "--since", "2026-02-01", "--until", "2026-01-01"}, 2, "", "--until 2026-01-01 comes before --since 2026-02-01"},
		{"help", []string{"help"}, 0, "  verify   check the hash chain", ""},
		{"help of a command", []string{"help", "export"}, 0, "Usage: incidentbot export ID --format md|html|json", ""},
		{"-h of a command", []string{"stats", "-h"}, 0, "Usage: incidentbot stats", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := run("", tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
				t.Errorf("incidentbot %s: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant stdout to contain %q and stderr %q",
					strings.Join(tc.args, " "), code, tc.code, out, errs, tc.out, tc.err)
			}
		})
	}
}

func TestHelpListsServe(t *testing.T) {
	out, _, _ := run("", "help")
	if !strings.Contains(out, "serve") {
		t.Errorf("help does not list serve:\n%s", out)
	}
}

func TestParseFlagsAnywhere(t *testing.T) {
	cases := []struct {
		args      []string
		pos       string
		db, as    string
		wantError bool
	}{
		{args: []string{"1", "--db", "a.db"}, pos: "1", db: "a.db"},
		{args: []string{"--db", "a.db", "1"}, pos: "1", db: "a.db"},
		{args: []string{"--db=a.db", "1", "--as", "sato", "2"}, pos: "1 2", db: "a.db", as: "sato"},
		{args: []string{"1", "--", "--db", "x"}, pos: "1 --db x"},
		{args: []string{"1", "--nope"}, wantError: true},
	}
	for _, tc := range cases {
		var o options
		fs := o.flagSet("t", withStore|withAs)
		pos, err := parse(fs, tc.args)
		if (err != nil) != tc.wantError {
			t.Errorf("%q: error %v", tc.args, err)
			continue
		}
		if err == nil && (strings.Join(pos, " ") != tc.pos || o.db != tc.db || o.as != tc.as) {
			t.Errorf("%q: positionals %q db %q as %q", tc.args, pos, o.db, o.as)
		}
	}
}
