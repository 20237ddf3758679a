package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"incidentbot/internal/jatext"
)

// problemPrefix is the place a problem line starts with: "FILE:LINE:COL: key
// x.y: ", each part there when known; it stays as it is in every language.
var problemPrefix = regexp.MustCompile(`^(incidentbot serve: )?\S+?:(\d+:\d+: )?(key \S+: )?`)

// runIn runs the binary in dir with env as its whole environment.
func runIn(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir, cmd.Env = dir, env
	return runCmd(t, cmd)
}

// runCmd runs cmd, set up by the caller, to its end: its output and exit
// code (a failure to start at all ends the test).
func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run incidentbot %s: %v", strings.Join(cmd.Args[1:], " "), err)
	}
	return result{out.String(), errb.String(), code}
}

// A Japanese team reads every problem of its configuration, runbooks and
// scenarios in Japanese: `check` lists them, serve refuses with them (the
// same lines), through the real binary. Each line keeps its file:line:col
// and key path, and no English sentence is left after them. English is
// one --lang away, word for word as before.
func TestProblemsInJapanese(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "books")
	if err := os.MkdirAll(filepath.Join(books, "drills"), 0o755); err != nil {
		t.Fatal(err)
	}
	book := strings.Replace(mustReadFile(t, "../../runbooks/defaults/defacement.toml"), `name = "defacement"`, `name = "our-defacement"`, 1)
	book = strings.Replace(book, `severity = "medium"`, `severity = "critical"`, 1)
	book = strings.Replace(book, `keywords = [`, `keywrods = [`, 1)
	write(t, filepath.Join(books, "ours.toml"), book)
	write(t, filepath.Join(books, "drills", "ours.toml"), `name = "our-drill"
title = { en = "Drill" }
runbook = "defacment"
severity = "low"
[[inject]]
at = 10
text = { en = "Go", ja = "開始" }
expect = { item_done = "isolate", by = "T+5" }
[[inject]]
at = 5
text = { en = "Later", ja = "その後" }
[stalls]
quiet_max = 0
`)
	const ja = "language = \"ja\"\n"
	cases := []struct {
		name, toml string
		lines      int      // problems
		want       []string // substrings of the Japanese
		en         string   // a substring of the English (--lang en)
	}{
		{"unknown key", ja + "[slack]\nmdoe = \"socket\"\n", 1,
			[]string{`:3:1: key slack.mdoe: 不明なキーです。「mode」の書き間違いではありませんか（[slack] のキー: mode, bot_token,`},
			`key slack.mdoe: unknown key; did you mean "mode"? (keys in [slack]: mode, bot_token,`},
		{"wrong type", ja + "[slack]\nmode = 3\n", 1,
			[]string{`:3:8: key slack.mode: 値の種類が違います（整数が書かれています）。mode = "…" のように、文字列を二重引用符で囲んで書いてください`},
			`key slack.mode: wrong type (found a TOML integer); write a string in double quotes, like mode = "…"`},
		{"malformed duration", ja + "[[severity]]\nkey = \"high\"\nack_within = \"5 minutes\"\n", 1,
			[]string{`:4:14: key severity[0].ack_within: 「5 minutes」は期間として読めません。`},
			`key severity[0].ack_within: "5 minutes" is not a duration; write it as Go does`},
		{"syntax", ja + "[slack\n", 1,
			[]string{`:2:7: TOML の書き方に誤りがあります（詳細: expected ']' to close table name）。`},
			`TOML syntax: expected ']' to close table name; see config.example.toml`},
		{"meaning", ja + "timezone = \"Asia/Tokio\"\n[slack]\nmode = \"sockt\"\n[[severity]]\nkey = \"high\"\nrepeat = 2\nnotify = [\"role:boss\"]\n" +
			"[[oncall]]\nrole = \"commander\"\nchain = [\"U1\", \"U1\"]\n[paging.webhook]\nurl = \"https://example.com/hook\"\n[drills]\nsandbox_channels = [\"#drills\"]\n", 7,
			[]string{
				`:2:1: key timezone: 「Asia/Tokio」はタイムゾーンの名前ではありません。`,
				`:4:1: key slack.mode: 「sockt」は接続方式ではありません。mode = "socket"（Socket Mode。公開 URL は不要）か mode = "http"`,
				`:7:1: key severity[0].repeat: ack_within がないため repeat = 2 は働きません`,
				`key severity[0].notify[0]: 「role:boss」: 「boss」という役割はありません。`,
				`key oncall[0].chain[1]: 「U1」はこの連絡網の1番目にすでにあります。`,
				`key paging.webhook.secret: Webhook に url はありますが、送信内容に署名する secret がありません。`,
				`key drills.sandbox_channels[0]: 「#drills」はチャンネル ID ではありません。`,
			},
			`key slack.mode: "sockt" is not a mode; write mode = "socket" (Socket Mode, no public URL)`},
		{"runbooks and scenarios", ja + "[runbooks]\ndir = " + quote(books) + "\n", 6,
			[]string{
				`ours.toml:6:1: key keywrods: 不明なキーです。「keywords」の書き間違いではありませんか`,
				`ours.toml:2:1: key title.ja: 日本語の文がありません。`,
				`ours.toml:3:1: key runbook: 「defacment」という手順書はありません。`,
				`ours.toml:8:35: key inject[0].expect.by: 期限 T+5 が状況付与の時刻 T+10 より後ではありません。`,
				`ours.toml:10:1: key inject[1].at: 状況付与の順番が違います。`,
				`ours.toml:13:1: key stalls.quiet_max: 0 は上限として使えません。`,
			},
			`key runbook: unknown runbook "defacment"; the runbooks are`},
	}
	env := []string{"SLACK_BOT_TOKEN=xoxb-test", "SLACK_APP_TOKEN=xapp-test", "HOME=" + dir}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := write(t, filepath.Join(dir, "incidentbot.toml"), tc.toml)
			check := runIn(t, dir, env, "check", "--config", cfg)
			if check.code != exitFailure {
				t.Fatalf("check: exit %d\n%s%s", check.code, check.stdout, check.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(check.stderr, "\n"), "\n")
			if !strings.HasPrefix(lines[0], cfg+": 設定に") || len(lines) != 1+tc.lines {
				t.Errorf("check: want the header and %d problems:\n%s", tc.lines, check.stderr)
			}
			for _, want := range tc.want {
				if !strings.Contains(check.stderr, want) {
					t.Errorf("check lacks %q:\n%s", want, check.stderr)
				}
			}
			serve := runIn(t, dir, env, "serve", "--config", cfg, "--db", filepath.Join(dir, "x.db"))
			if serve.code != exitFailure || !strings.HasPrefix(serve.stderr, "incidentbot serve: ") ||
				strings.TrimPrefix(serve.stderr, "incidentbot serve: ") != strings.Join(lines[1:], "\n")+"\n" {
				t.Errorf("serve refuses with other words than check: exit %d\n%s\ncheck:\n%s", serve.code, serve.stderr, check.stderr)
			}
			for _, line := range append(lines[1:], strings.Split(strings.TrimSpace(serve.stderr), "\n")...) {
				if p := jatext.Problem(problemPrefix.ReplaceAllString(line, "")); p != "" {
					t.Errorf("%s:\n  %s", p, line)
				}
			}
			if en := runIn(t, dir, env, "check", "--config", cfg, "--lang", "en"); !strings.Contains(en.stderr, tc.en) {
				t.Errorf("check --lang en lacks %q:\n%s", tc.en, en.stderr)
			}
		})
	}

	// serve refuses in Japanese what Slack would need, too.
	cfg := write(t, filepath.Join(dir, "incidentbot.toml"), ja)
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{nil, "incidentbot serve: ボットのトークンがありません。環境変数 SLACK_BOT_TOKEN（または [slack] の bot_token）を設定してください。"},
		{[]string{"SLACK_BOT_TOKEN=xoxb-test"}, "incidentbot serve: Socket Mode には xapp- で始まるアプリのトークンが必要です。"},
	} {
		r := runIn(t, dir, append(tc.env, "HOME="+dir), "serve", "--config", cfg, "--db", filepath.Join(dir, "y.db"))
		if r.code != exitFailure || !strings.HasPrefix(r.stderr, tc.want) || jatext.Problem(strings.TrimPrefix(r.stderr, "incidentbot serve: ")) != "" {
			t.Errorf("serve: exit %d\n%s", r.code, r.stderr)
		}
	}
	http := write(t, filepath.Join(dir, "http.toml"), ja+"[slack]\nmode = \"http\"\n")
	if r := runIn(t, dir, []string{"SLACK_BOT_TOKEN=xoxb-test"}, "serve", "--config", http, "--db", filepath.Join(dir, "y.db")); !strings.HasPrefix(r.stderr, "incidentbot serve: HTTP モードには署名用の秘密情報が必要です。") {
		t.Errorf("serve in HTTP mode without the signing secret:\n%s", r.stderr)
	}
}

// The errors of config and runbooks are made only from their catalogs, in
// both languages (tomlpos.Problem): no code there writes an error's
// message itself, so a new error cannot be added in English alone.
func TestErrorsComeFromCatalogs(t *testing.T) {
	for _, dir := range []string{"../../config", "../../runbooks"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			bad := func(at token.Pos) {
				t.Errorf("%s: an error's message written in code, not from the catalog (use problem, or tomlpos.Problem)", fset.Position(at))
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.KeyValueExpr: // Error{Msg: …} (the catalogs write En and Ja)
					if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Msg" {
						bad(k.Pos())
					}
				case *ast.AssignStmt: // e.Msg = …
					for _, l := range n.Lhs {
						if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Msg" {
							bad(sel.Pos())
						}
					}
				}
				return true
			})
		}
	}
}
