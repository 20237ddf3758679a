package slackbot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"incidentbot/workflow"
)

func TestMessagesCatalog(t *testing.T) {
	if bad := Messages().Check(); len(bad) > 0 {
		t.Errorf("catalog problems:\n%s", strings.Join(bad, "\n"))
	}
	wf := workflow.Messages()
	for k := range Messages() {
		if !strings.HasPrefix(string(k), "slack.") {
			t.Errorf("key %s lacks the slack. prefix", k)
		}
		if _, dup := wf[k]; dup {
			t.Errorf("key %s is also a workflow key", k)
		}
	}
	for _, r := range workflow.Roles {
		if _, ok := Messages()[workflow.MsgKey("slack.role."+string(r))]; !ok {
			t.Errorf("no label for role %s", r)
		}
	}
}

// View titles and submit/close buttons hold at most 24 characters.
func TestModalTextsFit(t *testing.T) {
	for k, text := range Messages() {
		if !strings.HasSuffix(string(k), ".title") && !strings.HasSuffix(string(k), ".submit") && k != "slack.modal.cancel" {
			continue
		}
		if !strings.HasPrefix(string(k), "slack.modal.") {
			continue
		}
		for _, s := range []string{text.En, text.Ja} {
			if utf8.RuneCountInString(s) > viewTitleLimit {
				t.Errorf("%s: %q is over %d characters", k, s, viewTitleLimit)
			}
		}
	}
}
