package slackbot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"incidentbot/bot/slackbot"
	"incidentbot/internal/clocktest"
	"incidentbot/workflow"
)

// leakRunbook has one deadline for personal data, an hour after
// detection, and sets the flag when attached.
var leakRunbook = workflow.Runbook{
	Name: "leak", Title: workflow.Text{En: "Leak", Ja: "漏えい"}, PersonalData: true,
	Phases: map[workflow.Phase][]workflow.ChecklistItem{
		workflow.PhaseDetect: {{Key: "report", Text: workflow.Text{En: "Preliminary report to the Commission. Soon.", Ja: "委員会への速報。"},
			Owner: workflow.RoleApprover, When: workflow.WhenPersonalData, Due: time.Hour}},
	},
}

func newLeakFlow(t *testing.T) (*flow, *clocktest.Clock) {
	t.Helper()
	f := newFlow(t)
	f.halt()
	clock := clocktest.New(time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC))
	f.configure = func(o *workflow.Options) { o.Library, o.Now = oneRunbook{leakRunbook}, clock.Now }
	f.start()
	f.svc.AddNotifier(f.bot) // as serve does
	return f, clock
}

// A statement's post in the incident channel: who is mentioned is markup
// the adapter builds; the typed text is escaped, so it pings nobody; the
// buttons name the version.
func TestStatementPost(t *testing.T) {
	f, _ := newLeakFlow(t)
	f.command(opener, "C0GENERAL", "open high Applicants' data --runbook leak")
	ch := f.channelOf("inc-1-applicants-data")
	f.command(opener, ch.ID, "assign comms <@"+tech+">")
	if ack := f.command(tech, ch.ID, "statement customers <!channel> Our form & its data: see <https://x|here>"); !strings.Contains(ack, "statement 1 to customers drafted") {
		t.Fatalf("draft: %q", ack)
	}
	var post string
	var blocks json.RawMessage
	f.wait("the statement's post", func() bool {
		for _, m := range f.fake.Messages(ch.ID) {
			if strings.Contains(string(m.Blocks), slackbot.ActionStatementApprove) {
				post, blocks = m.Text, m.Blocks
				return true
			}
		}
		return false
	})
	if !strings.HasPrefix(post, "<@"+tech+"> Approver (unassigned): Incident #1: statement 1 to customers (version 1) waits for approval") {
		t.Errorf("post: %q", post)
	}
	var v any
	if err := json.Unmarshal(blocks, &v); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	b := buf.String()
	for _, want := range []string{`&lt;!channel&gt; Our form &amp; its data: see &lt;https://x|here&gt;`, slackbot.ActionStatementApprove,
		`"value":"` + f.incident("#1").ID.String() + ` 1 1"`} {
		if !strings.Contains(b, want) {
			t.Errorf("blocks lack %s:\n%s", want, b)
		}
	}
	if strings.Contains(b, "<!channel>") {
		t.Errorf("the typed mention is live:\n%s", b)
	}
}

// A deadline of a closed incident is reminded in the announce channel,
// mentioning the commander.
func TestDeadlineOfAClosedIncident(t *testing.T) {
	f, clock := newLeakFlow(t)
	f.command(opener, "C0GENERAL", "open low Applicants' data --runbook leak")
	f.channelOf("inc-1-applicants-data")
	if ack := f.command(opener, "C0GENERAL", "close #1 --false-alarm not ours after all"); !strings.Contains(ack, "false alarm") {
		t.Fatalf("close: %q", ack)
	}
	clock.Advance(time.Hour)
	if n, err := f.svc.FireDue(context.Background()); err != nil || n == 0 {
		t.Fatal(n, err)
	}
	f.wait("the reminder in the announce channel", func() bool {
		for _, m := range f.fake.Messages(announce) {
			if strings.Contains(m.Text, "Closed incident #1: the deadline of “Preliminary report to the Commission” came") &&
				strings.HasPrefix(m.Text, "<@"+opener+">") {
				return true
			}
		}
		return false
	})
}
