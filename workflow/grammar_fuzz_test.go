package workflow

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"/incident",
		"/incident open high 採用エントリーフォームから不審な送信が続いている started: 08:50 detected: 09:12",
		"open sev1 DB down --private",
		"open 高負荷 開始：8:50 検知：9:12",
		"open --runbook web x",
		"sev medium outflow ruled out",
		"assign commander <@U123|sato>",
		"assign tech <@U123",
		"assign 指揮者 自分",
		"phase investigate found again",
		"next #3",
		"decision 管理画面を社外IPから遮断 ｜ 根拠：改ざんが継続中 ｜ 対策：WAF ｜ 次のアクション：再確認",
		"decision a | b | why: | next: c",
		"decision x | why: a | 理由: b",
		"amend 2 | next: call vendor",
		"amend #2 why: x",
		"amend ２ 対策：遮断",
		"log &amp;lt;script&gt; #123",
		"status confirmed: a | unconfirmed: b | next: c",
		"status 確定：｜未確定：",
		"postmortem cause: x | impact: y | prevention: z | open: w",
		"redact 12 pasted a password",
		"close --false-alarm load test",
		"report json",
		"list all",
		"show #D-2",
		"help decision",
		"|",
		"decision |",
		"：",
		"decision ｜：｜:|",
		"log \xff\xfe\xfd",
		"log a\x00b",
		"decision #99999999999999999999999 x",
		"log " + strings.Repeat("障", FieldLimit+1),
		"status next: " + strings.Repeat("|", 5000),
		"open " + strings.Repeat("started: ", 50),
		"assign tech <@>",
		"\u3000open\u3000x\u3000",
		// labels (labels.go): synonyms, printed names, unknown labels, escapes
		"decision フォームを停止｜根拠：漏えいの可能性｜実施した対策：メンテナンス画面",
		"decision x | why: y | 原因: z",
		"decision 決定事項：x｜根拠：y｜決定者：@sato｜時刻：09:40",
		"decision x | by: me | at: 2026-12-01 10:40 | next step: y",
		`decision a \| b | why: c \｜ d | action: \|`,
		"decision a | why: see |https://example.com/x",
		"amend 2 決定者：@tanaka｜決定時刻：10:40",
		"amend 2 reasons: x",
		"status 確定事項：a｜未確定事項：b｜次に確認する事項：c",
		"status 状況：x",
		"postmortem 原因：x｜影響：500通｜再発防止策：月次更新｜未解決事項：y",
		"finding x｜担当者：＠sato｜期限：２０２６－１２－１５",
		"open x 発生：13:50 検知時刻：14:05",
		"open x 発生時刻：13:50 start: 1:00",
		"assign 承認者 @社長",
		"decision x | why: y | " + strings.Repeat("あ", 21) + "：z",
		"decision x | why: y |\\|:",
	} {
		f.Add(s)
	}
	scale := DefaultScale()
	f.Fuzz(func(t *testing.T, in string) {
		cmd, err := Parse(in, scale)
		if err != nil {
			m, ok := UserMessageOf(err)
			if !ok || m.Key == "" {
				t.Fatalf("Parse(%q): error without a user message: %v", in, err)
			}
			if _, known := Messages()[m.Key]; !known {
				t.Fatalf("Parse(%q): message key %s has no text", in, m.Key)
			}
			return
		}
		if !slices.Contains(Verbs, cmd.Verb) {
			t.Fatalf("Parse(%q): verb %q is not in Verbs", in, cmd.Verb)
		}
		for _, s := range []string{cmd.Title, cmd.Reason, cmd.Note, cmd.Started, cmd.Detected,
			cmd.Decision.Decision, cmd.Decision.Why, cmd.Decision.Action, cmd.Decision.Next,
			cmd.Status.Confirmed, cmd.Status.Unconfirmed, cmd.Status.Next,
			cmd.Postmortem.Cause, cmd.Postmortem.Impact, cmd.Postmortem.Prevention, cmd.Postmortem.Open,
			cmd.DecidedAt, cmd.Finding.Text, cmd.Finding.Due} {
			if n := utf8.RuneCountInString(s); n > FieldLimit {
				t.Fatalf("Parse(%q): a field holds %d characters", in, n)
			}
			if !utf8.ValidString(s) || s != strings.TrimSpace(s) {
				t.Fatalf("Parse(%q): field %q is not valid, trimmed text", in, s)
			}
		}
		if cmd.Verb == VerbDecision && (cmd.Decision.Decision == "" || cmd.Decision.Why == "") {
			t.Fatalf("Parse(%q): decision without text or rationale", in)
		}
	})
}
