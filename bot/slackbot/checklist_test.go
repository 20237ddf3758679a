package slackbot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/workflow"
)

// oneRunbook is a workflow.Library holding one runbook, suggested for any
// title that mentions "defaced".
type oneRunbook struct{ rb workflow.Runbook }

func (l oneRunbook) Runbook(name string) (workflow.Runbook, bool) { return l.rb, name == l.rb.Name }
func (l oneRunbook) Suggest(title string) (workflow.Runbook, bool) {
	return l.rb, strings.Contains(strings.ToLower(title), "defaced")
}
func (l oneRunbook) Scenario(string) (workflow.Scenario, bool) { return workflow.Scenario{}, false }
func (l oneRunbook) RunbookNames() []string                    { return []string{l.rb.Name} }
func (l oneRunbook) ScenarioNames() []string                   { return nil }

var defacement = workflow.Runbook{
	Name:  "defacement",
	Title: workflow.Text{En: "Website defacement", Ja: "Webサイトの改ざん"},
	Phases: map[workflow.Phase][]workflow.ChecklistItem{
		workflow.PhaseDetect: {
			{Text: workflow.Text{En: "Screenshot the altered page", Ja: "改ざんされた画面を撮影する"}, Owner: workflow.RoleCommander, Evidence: true},
			{Text: workflow.Text{En: "Note when it was first seen", Ja: "最初に気付いた時刻を控える"}, Owner: workflow.RoleScribe},
		},
	},
}

// newRunbookFlow is newFlow with the runbook library.
func newRunbookFlow(t *testing.T) *flow {
	f := newFlow(t)
	f.halt()
	f.configure = func(o *workflow.Options) { o.Library = oneRunbook{defacement} }
	f.start()
	return f
}

// press sends a block action from the incident channel, answered through
// the response URL named name.
func (f *flow) press(channel, actionID, value, name, ts string) {
	f.t.Helper()
	payload, err := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": team}, "user": map[string]any{"id": opener, "name": "sato"},
		"channel": map[string]any{"id": channel}, "trigger_id": f.fake.NewTriggerID(), "response_url": f.fake.ResponseURL(name),
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "b", "value": value, "action_ts": ts}},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		f.t.Fatal(err)
	}
	if ack := f.bot.Interaction(context.Background(), cb); ack != nil {
		f.t.Errorf("%s: ack body %+v, want empty", actionID, ack)
	}
}

// response waits for the one answer posted to the response URL name.
func (f *flow) response(name string) (text string, blocks json.RawMessage) {
	f.t.Helper()
	f.wait("answer on "+name, func() bool { return len(f.fake.Responses(name)) == 1 })
	var answer struct {
		Text         string          `json:"text"`
		ResponseType string          `json:"response_type"`
		Blocks       json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(f.fake.Responses(name)[0].Body, &answer); err != nil {
		f.t.Fatal(err)
	}
	if answer.ResponseType != slack.ResponseTypeEphemeral {
		f.t.Errorf("%s: answer is %q, want ephemeral", name, answer.ResponseType)
	}
	return answer.Text, answer.Blocks
}

func TestChecklistButtonsRoundTrip(t *testing.T) {
	f := newRunbookFlow(t)
	ack := f.command(opener, "C0GENERAL", "open high Top page defaced --runbook defacement")
	if !strings.Contains(ack, "Runbook defacement attached") {
		t.Fatalf("open ack: %q", ack)
	}
	ch := f.channelOf("inc-1-top-page-defaced")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	inc := f.incident("#1")
	id := inc.ID.String()

	// The card carries the Checklist button, with the phase's progress.
	card, _ := f.fake.Message(ch.ID, f.fake.Pins(ch.ID)[0])
	var cl *slack.ButtonBlockElement
	for _, b := range buttons(t, card.Blocks) {
		if b.ActionID == slackbot.ActionChecklist {
			cl = b
		}
	}
	if cl == nil || cl.Value != id || cl.Text.Text != "Checklist 0/2" {
		t.Fatalf("card's checklist button: %+v", cl)
	}

	// It answers with the checklist, to the person who pressed it only.
	f.press(ch.ID, slackbot.ActionChecklist, id, "checklist", "1700000100.000100")
	text, _ := f.response("checklist")
	if !strings.Contains(text, "1. ☐ Screenshot the altered page — owner commander (@") || !strings.Contains(text, "2. ☐ Note when it was first seen") {
		t.Errorf("checklist answer: %q", text)
	}

	// Typed, a move with open items is refused; the ack offers to move on.
	f.command(opener, ch.ID, "done 1")
	msg := f.bot.Command(context.Background(), slack.SlashCommand{TeamID: team, UserID: opener, ChannelID: ch.ID,
		Command: "/incident", Text: "next", TriggerID: f.fake.NewTriggerID(), ResponseURL: f.fake.ResponseURL("cmd")})
	if !strings.Contains(msg.Text, "1 checklist item(s) are not done") || !strings.Contains(msg.Text, "2. ☐ Note when it was first seen") {
		t.Errorf("refusal: %q", msg.Text)
	}
	raw, err := json.Marshal(msg.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if btns := buttons(t, raw); len(btns) != 1 || btns[0].ActionID != slackbot.ActionSkip || btns[0].Value != id+" next" || btns[0].Text.Text != "Move on anyway" {
		t.Fatalf("refusal buttons: %+v", btns)
	}
	if inc := f.incident("#1"); inc.Phase != workflow.PhaseDetect {
		t.Fatalf("refused move moved to %s", inc.Phase)
	}

	// The card's Next button is refused the same way, through the response URL.
	f.press(ch.ID, slackbot.ActionNext, id, "next", "1700000200.000100")
	text, blocks := f.response("next")
	btns := buttons(t, blocks)
	if !strings.Contains(text, "not done") || len(btns) != 1 || btns[0].ActionID != slackbot.ActionSkip || btns[0].Value != id+" next" {
		t.Fatalf("Next refused: %q %+v", text, btns)
	}

	// Move on anyway: the move happens and the open item is logged as skipped.
	f.press(ch.ID, btns[0].ActionID, btns[0].Value, "skip", "1700000300.000100")
	text, _ = f.response("skip")
	if !strings.Contains(text, "detect → initial response") || !strings.Contains(text, "Logged as skipped in detect") {
		t.Errorf("skip answer: %q", text)
	}
	inc = f.incident("#1")
	if inc.Phase != workflow.PhaseInitial {
		t.Fatalf("after skip: %s", inc.Phase)
	}
	if it := inc.Runbook.Items(workflow.PhaseDetect)[1]; it.State != workflow.ItemSkipped || it.By.ID != opener {
		t.Errorf("skipped item %+v", it)
	}
	// The same click delivered twice moves once.
	f.press(ch.ID, btns[0].ActionID, btns[0].Value, "again", "1700000300.000100")
	if again := f.incident("#1"); again.Seq != inc.Seq || again.Phase != workflow.PhaseInitial {
		t.Errorf("a repeated click changed the incident: %d → %d, %s", inc.Seq, again.Seq, again.Phase)
	}
}

func TestSkipButtonCommand(t *testing.T) {
	id := workflow.MustParseID("0190e7a4-5b6c-7d8e-9f00-112233445566")
	s := id.String()
	for _, tc := range []struct{ value, want string }{
		{s + " next", "next --skip"},
		{s + " contain", "phase contain --skip"},
		{s + " close", "close --skip"},
		{s + " closed", ""},
		{s + " 封じ込め", ""},
		{s, ""},
		{"not-a-uuid next", ""},
	} {
		text, got, ok := slackbot.ButtonCommand(&slack.BlockAction{ActionID: slackbot.ActionSkip, Value: tc.value})
		if tc.want == "" {
			if ok {
				t.Errorf("%q: got %q", tc.value, text)
			}
			continue
		}
		if !ok || text != tc.want || got != id {
			t.Errorf("%q: %q %s %v, want %q", tc.value, text, got, ok, tc.want)
		}
	}
	// SkipValue writes what ButtonCommand reads.
	for _, e := range []*workflow.UntickedError{
		{Incident: id, Verb: workflow.VerbNext, To: workflow.PhaseInitial},
		{Incident: id, Verb: workflow.VerbPhase, To: workflow.PhaseInvestigate},
		{Incident: id, Verb: workflow.VerbClose, To: workflow.PhaseClosed},
	} {
		text, got, ok := slackbot.ButtonCommand(&slack.BlockAction{ActionID: slackbot.ActionSkip, Value: slackbot.SkipValue(e)})
		if !ok || got != id || text != e.SkipCommand() {
			t.Errorf("%+v: %q %v", e, text, ok)
		}
	}
}

func TestCardChecklistButton(t *testing.T) {
	inc := &workflow.Incident{ID: workflow.ID(uuid.New()), Number: 1, Title: "x", Severity: "high", Phase: workflow.PhaseDetect}
	find := func(lang workflow.Lang) *slack.ButtonBlockElement {
		raw, err := json.Marshal(slackbot.Card(inc, workflow.DefaultScale(), lang, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range buttons(t, raw) {
			if b.ActionID == slackbot.ActionChecklist {
				return b
			}
		}
		return nil
	}
	if b := find(workflow.English); b != nil {
		t.Errorf("a card without a runbook has %+v", b)
	}
	inc.Runbook = &workflow.AttachedRunbook{Name: "defacement", Phases: []workflow.PhaseChecklist{
		{Phase: workflow.PhaseDetect, Items: []workflow.CheckItem{{State: workflow.ItemDone}, {}, {}}},
	}}
	if b := find(workflow.English); b == nil || b.Text.Text != "Checklist 1/3" || b.Value != inc.ID.String() {
		t.Errorf("button %+v", b)
	}
	if b := find(workflow.Japanese); b == nil || b.Text.Text != "チェックリスト 1/3" {
		t.Errorf("ja button %+v", b)
	}
	inc.Phase = workflow.PhaseContain // no checklist in this phase
	if b := find(workflow.English); b == nil || b.Text.Text != "Checklist" {
		t.Errorf("button without items %+v", b)
	}
}

// open suggests the runbook its title matches, with a button that attaches it.
func TestOpenSuggestsRunbookButton(t *testing.T) {
	f := newRunbookFlow(t)
	msg := f.bot.Command(context.Background(), slack.SlashCommand{TeamID: team, UserID: opener, ChannelID: "C0GENERAL",
		Command: "/incident", Text: "open high Top page defaced", TriggerID: f.fake.NewTriggerID(), ResponseURL: f.fake.ResponseURL("cmd")})
	if msg == nil || !strings.Contains(msg.Text, "runbook defacement") {
		t.Fatalf("ack %+v", msg)
	}
	var button *slack.ButtonBlockElement
	for _, bl := range msg.Blocks.BlockSet {
		if ab, ok := bl.(*slack.ActionBlock); ok {
			for _, el := range ab.Elements.ElementSet {
				if bt, ok := el.(*slack.ButtonBlockElement); ok && bt.ActionID == slackbot.ActionRunbook {
					button = bt
				}
			}
		}
	}
	if button == nil {
		t.Fatalf("no runbook button in %+v", msg.Blocks)
	}
	text, id, ok := slackbot.ButtonCommand(&slack.BlockAction{ActionID: button.ActionID, Value: button.Value})
	if !ok || text != "runbook defacement" || id != f.incident("#1").ID {
		t.Fatalf("button runs %q on %s", text, id)
	}
	f.bot.Interaction(context.Background(), slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, Team: slack.Team{ID: team},
		User: slack.User{ID: opener}, ResponseURL: f.fake.ResponseURL("btn"),
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: button.ActionID, Value: button.Value, ActionTs: "1.1"}}}})
	if rb := f.incident("#1").Runbook; rb == nil || rb.Name != "defacement" {
		t.Errorf("runbook after the button: %+v", rb)
	}
}
