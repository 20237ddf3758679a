package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"incidentbot/internal/jatext"
	"incidentbot/workflow"
)

// Every usage error exists in both languages with the same placeholders,
// and its Japanese holds no English sentence (values and commands aside).
func TestUsageMessages(t *testing.T) {
	for _, bad := range usageMessages.Check() {
		t.Error(bad)
	}
	placeholder := regexp.MustCompile(`\{[a-z_0-9]+\}`)
	for key, text := range usageMessages {
		if key == "usage.flag_other" {
			continue // only a machine's detail, in （詳細: …）
		}
		if p := jatext.Problem(placeholder.ReplaceAllString(text.Ja, "「x」")); p != "" {
			t.Errorf("%s: %s:\n  %s", key, p, text.Ja)
		}
	}
}

// The language of a usage error is the last valid --lang of the line, in
// any of the flag package's spellings, else the --config file's language,
// else English; nothing after "--" is a flag.
func TestUsageLang(t *testing.T) {
	dir := t.TempDir()
	ja := write(t, filepath.Join(dir, "ja.toml"), "language = \"ja\"\n")
	en := write(t, filepath.Join(dir, "en.toml"), "language = \"en\"\n")
	broken := write(t, filepath.Join(dir, "broken.toml"), "language = \"ja\"\n[slack\n")
	cases := []struct {
		args []string
		want workflow.Lang
	}{
		{nil, workflow.English},
		{[]string{"export", "1"}, workflow.English},
		{[]string{"export", "1", "--lang", "ja"}, workflow.Japanese},
		{[]string{"export", "1", "-lang", "ja"}, workflow.Japanese},
		{[]string{"export", "1", "--lang=ja"}, workflow.Japanese},
		{[]string{"export", "1", "-lang=JA"}, workflow.Japanese},
		{[]string{"export", "--fromat", "md", "--lang", "ja"}, workflow.Japanese},
		{[]string{"export", "--lang", "fr"}, workflow.English},
		{[]string{"export", "--lang"}, workflow.English},
		{[]string{"export", "--lang", "ja", "--lang", "fr"}, workflow.Japanese},
		{[]string{"export", "--lang", "ja", "--lang", "en"}, workflow.English},
		{[]string{"export", "--", "--lang", "ja"}, workflow.English},
		{[]string{"export", "--config", ja}, workflow.Japanese},
		{[]string{"export", "--config=" + ja}, workflow.Japanese},
		{[]string{"export", "--config", broken}, workflow.Japanese},
		{[]string{"export", "--config", en}, workflow.English},
		{[]string{"export", "--config", ja, "--lang", "en"}, workflow.English},
		{[]string{"export", "--config", ja, "--lang", "fr"}, workflow.Japanese},
		{[]string{"export", "--config", filepath.Join(dir, "none.toml")}, workflow.English},
	}
	for _, tc := range cases {
		if got := usageLang(tc.args); got != tc.want {
			t.Errorf("usageLang(%q) = %s, want %s", tc.args, got, tc.want)
		}
	}
}

// The flag package's errors become catalog messages: in English as Go
// words them (the wording people search for), in Japanese translated.
func TestFlagMistakes(t *testing.T) {
	cases := []struct {
		args   []string
		key    workflow.MsgKey
		en, ja string
	}{
		{[]string{"--fromat", "md"}, "usage.unknown_flag", "flag provided but not defined: -fromat", "-fromat というフラグはありません。"},
		{[]string{"--db"}, "usage.flag_needs_value", "flag needs an argument: -db", "-db の後に値を書いてください"},
		{[]string{"-v=maybe"}, "usage.bool_value", `-v is a switch: write -v alone, or -v=false; "maybe" is not true or false`, "「maybe」は true でも false でもありません"},
		{[]string{"---v"}, "usage.flag_syntax", `bad flag syntax: "---v"; write -name, -name VALUE or -name=VALUE`, "「---v」はフラグとして読めません。"},
	}
	for _, tc := range cases {
		var o options
		fs := o.flagSet("stats", withStore)
		fs.SetOutput(io.Discard)
		_, err := parse(fs, tc.args)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Fatalf("parse %q: %v, want a usage error", tc.args, err)
		}
		if ue.msg.Key != tc.key || ue.text(workflow.English) != tc.en || !strings.Contains(ue.text(workflow.Japanese), tc.ja) {
			t.Errorf("parse %q: %s\n  en: %s\n  ja: %s\nwant %s, %q and %q", tc.args, ue.msg.Key,
				ue.text(workflow.English), ue.text(workflow.Japanese), tc.key, tc.en, tc.ja)
		}
	}
	if _, err := parse(flag.NewFlagSet("x", flag.ContinueOnError), []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

// A mistake on the command line is told in the language the line asks for
// (--lang anywhere on it, else the config's language), through the real
// binary: exit 2, the message, then the usage (English), and nothing
// changed: no database is made in the working directory.
func TestUsageErrorsInJapanese(t *testing.T) {
	root := t.TempDir()
	jaConfig := write(t, filepath.Join(root, "ja.toml"), "language = \"ja\"\n")
	cases := []struct {
		name string
		args []string
		want string // the first line of standard error
	}{
		{"bad export format", []string{"export", "1", "--format", "pdf", "--lang", "ja"},
			"incidentbot export: --format の値「pdf」は使えません。--format md、--format html、--format json のどれかを書いてください"},
		{"bad date", []string{"stats", "--since", "2026-13-01", "--lang", "ja"},
			"incidentbot stats: --since の値「2026-13-01」は日付として読めません。--since 2026-01-01 のように YYYY-MM-DD の形で書いてください"},
		{"unknown command", []string{"deploy", "--lang", "ja"},
			"incidentbot: 「deploy」というコマンドはありません。使えるコマンドは下のとおりです"},
		{"--lang after the bad flag", []string{"export", "1", "--fromat", "md", "--lang", "ja"},
			"incidentbot export: -fromat というフラグはありません。このコマンドのフラグは下のとおりです"},
		{"--lang=ja", []string{"stats", "--format", "pdf", "--lang=ja"},
			"incidentbot stats: --format の値「pdf」は使えません。--format text、md、json、html のどれかを書いてください"},
		{"the config's language", []string{"stats", "--config", jaConfig, "--format", "pdf"},
			"incidentbot stats: --format の値「pdf」は使えません。"},
		{"a bad --lang, the config's language", []string{"export", "1", "--config", jaConfig, "--lang", "fr"},
			"incidentbot export: --lang の値「fr」は使える言語ではありません。--lang en か --lang ja と書いてください"},
		{"flag without its value", []string{"export", "--lang", "ja", "1", "--db"},
			"incidentbot export: -db の後に値を書いてください"},
		{"no id", []string{"export", "--lang", "ja"},
			"incidentbot export: インシデントを指定してください: N、#N、演習なら D-N、または UUID"},
		{"two ids", []string{"export", "1", "2", "--lang", "ja"},
			"incidentbot export: インシデントは一度に一つだけ指定してください（指定されたもの: 1 2）"},
		{"bad id", []string{"export", "one", "--lang", "ja"},
			"incidentbot export: 「one」はインシデントの指定として読めません。3、#3、演習なら D-2、またはインシデントの ID を書いてください"},
		{"until before since", []string{"stats", "--since", "2026-02-01", "--until", "2026-01-01", "--lang", "ja"},
			"incidentbot stats: --until 2026-01-01 が --since 2026-02-01 より前です。"},
		{"a switch given a value", []string{"stats", "-v=maybe", "--lang", "ja"},
			"incidentbot stats: -v は値を取りません。-v だけを書いてください（-v=false も書けます）。「maybe」は true でも false でもありません"},
		{"stats takes no argument", []string{"stats", "extra", "--lang", "ja"},
			"incidentbot stats: 余分な引数「extra」があります。stats にはフラグだけを書いてください"},
		{"console takes no argument", []string{"console", "extra", "--lang", "ja"},
			"incidentbot console: 余分な引数「extra」があります。コンソールはコマンドを標準入力から読みます"},
		{"serve takes no argument", []string{"serve", "extra", "--config", jaConfig},
			"incidentbot serve: 余分な引数「extra」があります。serve にはフラグだけを書いてください"},
		{"bad head", []string{"verify", "1", "--head", "abc", "--config", jaConfig},
			"incidentbot verify: --head の値「abc」はハッシュとして読めません。ハッシュを16進数で、少なくとも先頭の12桁を書いてください"},
		{"check needs --config", []string{"check", "--lang", "ja"},
			"incidentbot check: 確かめる設定ファイルを指定してください: incidentbot check --config FILE"},
		{"bad matrix format", []string{"matrix", "--format", "pdf", "--lang", "ja"},
			"incidentbot matrix: --format の値「pdf」は使えません。--format md か --format html と書いてください"},
		{"migrate needs --from", []string{"migrate", "--lang", "ja"},
			"incidentbot migrate: コピー元の SQLite ファイルを指定してください: --from FILE"},
		{"help of an unknown command", []string{"help", "deploy", "--lang", "ja"},
			"incidentbot help: 「deploy」というコマンドはありません。使えるコマンドは下のとおりです"},
		{"a typed control character stays harmless", []string{"export", "1\x1b[2J", "--lang", "ja"},
			"incidentbot export: 「1\uFFFD[2J」はインシデントの指定として読めません。"},

		// English is as before.
		{"English by default", []string{"export", "1", "--format", "pdf"},
			`incidentbot export: --format "pdf": write --format md, --format html or --format json`},
		{"--lang en wins over the config", []string{"stats", "--config", jaConfig, "--format", "pdf", "--lang", "en"},
			`incidentbot stats: --format "pdf": write --format text, md, json or html`},
		{"no command", nil, "incidentbot: name a command"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(root, "run", string(rune('a'+i)))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			r := runIn(t, dir, []string{"HOME=" + dir, "USER=operator"}, tc.args...)
			first, rest, _ := strings.Cut(r.stderr, "\n")
			if r.code != exitUsage || r.stdout != "" || !strings.HasPrefix(first, tc.want) || !strings.HasPrefix(rest, "\nUsage: incidentbot ") {
				t.Errorf("incidentbot %q: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant the first line to begin %q, then the usage",
					tc.args, r.code, exitUsage, r.stdout, r.stderr, tc.want)
			}
			if jatext.IsJapanese(tc.want) {
				_, msg, _ := strings.Cut(first, ": ")
				if p := jatext.Problem(msg); p != "" {
					t.Errorf("%s:\n  %s", p, msg)
				}
			}
			if left, err := os.ReadDir(dir); err != nil || len(left) != 0 {
				t.Errorf("incidentbot %q left files in its directory: %v %v", tc.args, left, err)
			}
		})
	}
}
