package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runEnv runs the program in process with the environment env.
func runEnv(env map[string]string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	m := &Main{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:          func(k string) string { return env[k] },
		StdinIsTerminal: func() bool { return false },
	}
	code = m.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

// check speaks the configured language, shows whether each secret is set
// (never its value), and notes what the built-in drills and runbooks lose to
// a severity scale without their levels, without failing.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	scale := "[slack]\napp_token = \"xapp-f1levalue\"\n[[severity]]\nkey = \"minor\"\n[[severity]]\nkey = \"major\"\n"
	ja := write(t, filepath.Join(dir, "ja.toml"), "language = \"ja\"\n"+scale)
	en := write(t, filepath.Join(dir, "en.toml"), "language = \"en\"\n"+scale)
	broken := write(t, filepath.Join(dir, "broken.toml"), "language = \"ja\"\n[slack]\nmode = \"sockt\"\n")
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-3nvvalue"}

	cases := []struct {
		name     string
		args     []string
		code     int
		out, err []string // substrings of standard output and error
	}{
		{"Japanese", []string{"check", "--config", ja}, 0, []string{
			ja + ": 問題ありません（言語 ja、",
			"重大度 minor/major、手順書 5件、演習シナリオ 4件）",
			"秘密情報（値は表示せず、設定されているかどうかだけを示します）:\n",
			"  slack.bot_token（環境変数 SLACK_BOT_TOKEN）: 設定済み（環境変数から）\n",
			"  slack.app_token（環境変数 SLACK_APP_TOKEN）: 設定済み\n",
			"  slack.signing_secret（環境変数 SLACK_SIGNING_SECRET）: 未設定\n",
			"注意: runbooks/drills/web-defacement.toml:26:1: key inject[2].raise: 組み込みの演習シナリオは重大度を「high」に上げますが、設定の重大度（minor, major）にはないため、この引き上げは行わずに演習します。",
			"注意: runbooks/drills/web-defacement.toml:9:1: key severity: 組み込みの演習シナリオは重大度「medium」で始まりますが、",
		}, nil},
		{"English by the file", []string{"check", "--config", en}, 0, []string{
			en + ": ok (language en, ",
			"Secrets (never shown, only whether each is set):\n",
			"  slack.bot_token (SLACK_BOT_TOKEN): set, from the environment\n",
			"  slack.signing_secret (SLACK_SIGNING_SECRET): not set\n",
			"note: runbooks/drills/web-defacement.toml:26:1: key inject[2].raise: the built-in drill scenario raises the severity to “high”, which the configured scale (minor, major) lacks; the drill runs without that raise.",
		}, nil},
		{"English by --lang", []string{"check", "--config", ja, "--lang", "en"}, 0, []string{ja + ": ok (language ja, "}, nil},
		{"problems, in Japanese", []string{"check", "--config", broken}, 1, nil, []string{
			broken + ": 設定に1件の問題があります。何も起動していません。",
			broken + `:3:1: key slack.mode: 「sockt」は接続方式ではありません。mode = "socket"（Socket Mode。公開 URL は不要）か mode = "http"`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runEnv(env, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			for _, want := range tc.out {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tc.err {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs)
				}
			}
			if strings.Contains(out+errs, "value") {
				t.Errorf("a secret's value is shown:\n%s%s", out, errs)
			}
		})
	}
}
