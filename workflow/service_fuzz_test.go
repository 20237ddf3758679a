package workflow_test

import (
	"context"
	"testing"

	"incidentbot/workflow"
)

// FuzzExecute feeds arbitrary text to the whole service on a real database:
// it never panics, never fails with an internal error on input, and every
// chain still verifies afterwards. The seed corpus runs on every go test.
func FuzzExecute(f *testing.F) {
	for _, s := range session {
		f.Add(s)
	}
	for _, s := range []string{
		"", " ", "|", "｜", "：", "#", "#1", "show #0", "show #D-1", "show #-1", "decision #1",
		"decision | why:", "decision a |why:b|action:|next:c", "status next: x", "status 確定：a｜未確定：b｜次に確認：c",
		"postmortem 原因: a | 影響: b | 再発防止: c | 残課題: d", "assign commander <@U123|sato>", "assign tech <@U1>",
		"assign scribe me", "sev sev1", "sev 低 quiet now", "phase 調査 again", "close --false-alarm noise",
		"reopen #1 again", "redact 2 oops", "amend 1 | why: better", "open --private", "open 高 --private 漏えい疑い",
		"open x started: 08:50 detected: 08:40", "log &lt;script&gt; &amp;", "log \x00", "log \xff",
		"help", "help decision", "help nope", "list all", "report json", "report pdf", "next",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fh := newHarness(t)
		fh.run("sato", "open high Fuzzed incident")
		_, err := fh.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.Japanese, Text: text})
		if err != nil {
			if _, ok := workflow.UserMessageOf(err); !ok {
				t.Fatalf("%q: internal error on input: %v", text, err)
			}
		}
		if _, _, _, err := fh.svc.Verify(context.Background(), workflow.Ref{Number: 1}); err != nil {
			t.Fatalf("%q: chain broken: %v", text, err)
		}
	})
}
