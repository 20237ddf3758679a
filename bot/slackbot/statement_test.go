package slackbot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

func statementState(audience, text string) *slack.ViewState {
	return &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
		BlockAudience:      {InputAudience: {SelectedOption: slack.OptionBlockObject{Value: audience}}},
		BlockStatementText: {InputStatementText: {Value: text}},
	}}
}

// The statement form writes the one-line command, and the grammar reads the
// text back exactly as typed: bars, labels, entities and a leading # are
// text, never fields, an incident or a mention.
func TestStatementSubmission(t *testing.T) {
	for _, body := range []string{
		"Our form was closed | why: maintenance",
		"#3 was not us",
		"&lt;b&gt; <!channel> & \\| done",
		"お詫び\n二行目",
	} {
		text, id, errs := SubmissionText(CallbackStatement, statementState("customers", body), testIncidentID, workflow.English)
		if len(errs) > 0 || id != testIncidentID {
			t.Fatalf("%q: %v %q", body, errs, id)
		}
		cmd, err := workflow.Parse(text, workflow.DefaultScale())
		if err != nil || cmd.Audience != workflow.AudienceCustomers || cmd.StatementText != body || !cmd.Ref.IsZero() {
			t.Errorf("%q written as %q, read as %+v, %v", body, text, cmd, err)
		}
	}
	if _, _, errs := SubmissionText(CallbackStatement, statementState("investors", "x"), testIncidentID, workflow.English); errs[BlockAudience] == "" {
		t.Errorf("an unknown audience: %v", errs)
	}
	if _, _, errs := SubmissionText(CallbackStatement, statementState("press", " "), testIncidentID, workflow.Japanese); errs[BlockStatementText] == "" {
		t.Errorf("no text: %v", errs)
	}
	if _, _, errs := SubmissionText(CallbackStatement, statementState("press", "x"), "not-an-id", workflow.English); errs[BlockStatementText] == "" {
		t.Errorf("lost incident: %v", errs)
	}
	view := StatementModal(testIncidentID, workflow.AudienceAffected, workflow.Japanese)
	if view.CallbackID != CallbackStatement || view.PrivateMetadata != testIncidentID || len(view.Blocks.BlockSet) != 3 {
		t.Errorf("modal: %+v", view)
	}
}

// A statement post's buttons stand for one version of one statement.
func TestStatementButtons(t *testing.T) {
	tests := []struct {
		action, value, text string
		ok                  bool
	}{
		{ActionStatementApprove, testIncidentID + " 2 3", "statement approve 2 v3", true},
		{ActionStatementRefuse, testIncidentID + " 1 1", "statement refuse 1 v1", true},
		{ActionStatementApprove, testIncidentID + " 2", "", false},
		{ActionStatementApprove, testIncidentID + " 02 1", "", false},
		{ActionStatementApprove, testIncidentID + " 2 -1", "", false},
		{ActionStatementApprove, "nonsense 2 1", "", false},
	}
	for _, tc := range tests {
		text, id, ok := ButtonCommand(&slack.BlockAction{ActionID: tc.action, Value: tc.value})
		if ok != tc.ok || text != tc.text || ok && id.String() != testIncidentID {
			t.Errorf("%s %q: %q %v %v", tc.action, tc.value, text, id, ok)
		}
	}
}

// The quote of a statement's text escapes what was typed.
func TestStatementQuoted(t *testing.T) {
	got := quoted("<!channel> hi\n<@U0X> & more")
	if got != "> &lt;!channel&gt; hi\n> &lt;@U0X&gt; &amp; more" {
		t.Errorf("quoted: %q", got)
	}
	if !strings.HasPrefix(quoted(strings.Repeat("x", 5000)), "> xxx") {
		t.Error("a long text")
	}
}
