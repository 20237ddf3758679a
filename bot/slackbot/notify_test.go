package slackbot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/workflow"
)

// oncall is a person on an on-call chain, not otherwise in the incident.
const oncall = "U0TAKAHASHI"

// notify hands the bot a notice inside a transaction, as the service does
// with the change that caused it, and wakes the worker.
func (f *flow) notify(n workflow.Notice) {
	f.t.Helper()
	if err := f.db.Update(context.Background(), func(tx workflow.Tx) error { return f.bot.Notify(tx, n) }); err != nil {
		f.t.Fatalf("Notify(%s): %v", n.Kind, err)
	}
	f.bot.Wake()
}

// openIncident opens the first incident from #general and waits for its
// channel and card.
func (f *flow) openIncident(text, channelName string) (*workflow.Incident, string) {
	f.t.Helper()
	f.command(opener, "C0GENERAL", text)
	ch := f.channelOf(channelName)
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	return f.incident("#1"), ch.ID
}

// posted waits for a message in channel whose text contains want, and
// returns its text.
func (f *flow) posted(channel, want string) string {
	f.t.Helper()
	var text string
	f.wait("a post with "+want, func() bool {
		for _, m := range f.fake.Messages(channel) {
			if strings.Contains(m.Text, want) {
				text = m.Text
				return true
			}
		}
		return false
	})
	return text
}

// buttons are the buttons in a message's blocks, in order.
func buttons(t *testing.T, raw json.RawMessage) []*slack.ButtonBlockElement {
	t.Helper()
	if len(raw) == 0 {
		return nil
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatalf("blocks: %v\n%s", err, raw)
	}
	var out []*slack.ButtonBlockElement
	for _, b := range blocks.BlockSet {
		if a, ok := b.(*slack.ActionBlock); ok && a.Elements != nil {
			for _, e := range a.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out = append(out, btn)
				}
			}
		}
	}
	return out
}

// blocksText is every text in a message's blocks, one per line, as Slack
// shows it (the JSON escapes < and > in mentions).
func blocksText(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return strings.Join(out, "\n")
}

func userTarget(id string) workflow.Target { return workflow.Target{Kind: workflow.TargetUser, ID: id} }

func TestPageDMsThePersonWithAnAckButtonAndMentionsThemInTheChannel(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(oncall, "takahashi", "Takahashi Ken", "Asia/Tokyo", "ja-JP")
	inc, ch := f.openIncident("open high Website defaced", "inc-1-website-defaced")

	f.notify(workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(oncall), Role: workflow.RoleTech, Link: 1})
	f.wait("the page's DM", func() bool { return len(f.fake.DMs(oncall)) == 1 })

	opens := f.fake.CallsTo("conversations.open")
	if len(opens) != 1 || opens[0].Param("users") != oncall {
		t.Fatalf("conversations.open calls: %+v", opens)
	}
	dm := f.fake.DMs(oncall)[0]
	if !strings.HasPrefix(dm.Channel, "D") {
		t.Errorf("the page went to %s, not a DM", dm.Channel)
	}
	for _, want := range []string{"#1", "Website defaced", "High", "secondary", "Tech", "/incident ack tech"} {
		if !strings.Contains(dm.Text, want) {
			t.Errorf("DM text %q lacks %q", dm.Text, want)
		}
	}
	for _, want := range []string{"Website defaced", "*secondary*", "<#" + ch + ">"} {
		if !strings.Contains(blocksText(t, dm.Blocks), want) {
			t.Errorf("DM blocks lack %q:\n%s", want, dm.Blocks)
		}
	}
	btns := buttons(t, dm.Blocks)
	if len(btns) != 1 || btns[0].ActionID != slackbot.ActionAck || btns[0].Value != inc.ID.String()+" tech" {
		t.Fatalf("DM buttons: %+v", btns)
	}
	// The button stands for exactly "ack tech" on this incident.
	text, id, ok := slackbot.ButtonCommand(&slack.BlockAction{ActionID: btns[0].ActionID, Value: btns[0].Value})
	if !ok || text != "ack tech" || id != inc.ID {
		t.Errorf("the ack button runs %q on %s (%v)", text, id, ok)
	}

	// In the incident channel: who is paged, for which role, at which link.
	if got, want := f.posted(ch, "Paging <@"+oncall+">"), "Paging <@"+oncall+"> for Tech (secondary)."; got != want {
		t.Errorf("channel mention %q, want %q", got, want)
	}

	// The next round, at the end of the chain: the DM channel is not opened
	// a second time.
	f.notify(workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(oncall), Role: workflow.RoleTech, Link: 2, Round: 1})
	f.wait("the second DM", func() bool { return len(f.fake.DMs(oncall)) == 2 })
	if n := len(f.fake.CallsTo("conversations.open")); n != 1 {
		t.Errorf("conversations.open called %d times, want 1 (cached)", n)
	}
	if dm := f.fake.DMs(oncall)[1]; !strings.Contains(dm.Text, "final") || !strings.Contains(dm.Text, "(round 2)") {
		t.Errorf("second DM %q lacks the link and the round", dm.Text)
	}
	f.posted(ch, "for Tech (final) (round 2).")

	// With the workflow's words (the time left to acknowledge, say), they
	// are the DM's preview and say where the person stands.
	f.notify(workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(oncall), Role: workflow.RoleTech,
		Text: workflow.M("usage.log", nil)})
	f.wait("the third DM", func() bool { return len(f.fake.DMs(oncall)) == 3 })
	dm = f.fake.DMs(oncall)[2]
	if dm.Text != "/incident log &lt;note&gt;" {
		t.Errorf("DM preview %q, want the workflow's words, escaped", dm.Text)
	}
	if bt := blocksText(t, dm.Blocks); !strings.Contains(bt, "/incident log &lt;note&gt;") || strings.Contains(bt, "on-call for") || !strings.Contains(bt, "Website defaced") {
		t.Errorf("DM blocks:\n%s", bt)
	}
	if btns := buttons(t, dm.Blocks); len(btns) != 1 || btns[0].ActionID != slackbot.ActionAck {
		t.Errorf("DM buttons: %+v", btns)
	}
	f.posted(ch, "Paging <@"+oncall+"> for Tech (primary).")
}

func TestPageOfPrivateIncidentShowsItsTitleToThePerson(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(oncall, "takahashi", "Takahashi Ken", "Asia/Tokyo", "ja-JP")
	inc, ch := f.openIncident("open high Applicant data exposed --private", "inc-1-applicant-data-exposed")
	f.notify(workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(oncall), Role: workflow.RoleCommander})
	f.wait("the page's DM", func() bool { return len(f.fake.DMs(oncall)) == 1 })
	dm := f.fake.DMs(oncall)[0]
	if !strings.Contains(dm.Text, "Applicant data exposed") || !strings.Contains(dm.Text, "primary") {
		t.Errorf("DM %q lacks the title or the link", dm.Text)
	}
	if !strings.Contains(blocksText(t, dm.Blocks), "Private") {
		t.Errorf("the DM does not say the incident is private:\n%s", dm.Blocks)
	}
	f.posted(ch, "Paging <@"+oncall+"> for Commander (primary).")
}

// A page queued before the incident's channel exists (in the transaction that
// opens it) waits for the channel instead of failing.
func TestPageWaitsForTheChannel(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(oncall, "takahashi", "Takahashi Ken", "Asia/Tokyo", "ja-JP")
	release := f.fake.Block("conversations.create")
	defer release()
	f.command(opener, "C0GENERAL", "open high Website defaced")
	inc := f.incident("#1")
	f.notify(workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(oncall), Role: workflow.RoleTech})
	f.wait("the page's DM", func() bool { return len(f.fake.DMs(oncall)) == 1 })
	if strings.Contains(blocksText(t, f.fake.DMs(oncall)[0].Blocks), "<#") {
		t.Error("the DM links a channel that did not exist yet")
	}
	release()
	ch := f.channelOf("inc-1-website-defaced")
	f.posted(ch.ID, "Paging <@"+oncall+"> for Tech (primary).")
	if inc := f.incident("#1"); len(inc.Problems) > 0 {
		t.Errorf("delivery problems: %+v", inc.Problems)
	}
}

func TestApprovalDMsTheApproverWithTwoButtons(t *testing.T) {
	f := newFlow(t)
	_, ch := f.openIncident("open high Spam through the contact form", "inc-1-spam-through-the-contact-form")
	f.command(opener, ch, "assign approver <@"+tech+"|suzuki>")
	f.command(opener, ch, "decision Take the contact form offline | why: 500 spam mails an hour")
	inc := f.incident("#1")

	// The workflow names the approver by role; the bot DMs its holder.
	f.notify(workflow.Notice{Kind: workflow.NoticeApproval, Incident: inc,
		Target: workflow.Target{Kind: workflow.TargetRole, ID: string(workflow.RoleApprover)}, Decision: 1})
	f.wait("the approval DM", func() bool { return len(f.fake.DMs(tech)) == 1 })
	dm := f.fake.DMs(tech)[0]
	for _, want := range []string{"decision 1", "#1", "/incident approve 1", "/incident refuse 1"} {
		if !strings.Contains(dm.Text, want) {
			t.Errorf("DM text %q lacks %q", dm.Text, want)
		}
	}
	for _, want := range []string{"Take the contact form offline", "500 spam mails an hour", "stops a service"} {
		if !strings.Contains(blocksText(t, dm.Blocks), want) {
			t.Errorf("DM blocks lack %q:\n%s", want, dm.Blocks)
		}
	}
	btns := buttons(t, dm.Blocks)
	if len(btns) != 2 {
		t.Fatalf("DM buttons: %+v", btns)
	}
	value := inc.ID.String() + " 1"
	for i, want := range []struct{ action, command string }{{slackbot.ActionApprove, "approve 1"}, {slackbot.ActionRefuse, "refuse 1"}} {
		if btns[i].ActionID != want.action || btns[i].Value != value {
			t.Errorf("button %d: %s %q, want %s %q", i, btns[i].ActionID, btns[i].Value, want.action, value)
		}
		text, id, ok := slackbot.ButtonCommand(&slack.BlockAction{ActionID: btns[i].ActionID, Value: btns[i].Value})
		if !ok || text != want.command || id != inc.ID {
			t.Errorf("button %s runs %q on %s (%v), want %q", btns[i].ActionID, text, id, ok, want.command)
		}
	}
	f.posted(ch, "Decision 1 waits for approval; asked <@"+tech+">.")

	// Nobody holds the role: no DM, and the channel says so.
	f.notify(workflow.Notice{Kind: workflow.NoticeApproval, Incident: inc,
		Target: workflow.Target{Kind: workflow.TargetRole, ID: string(workflow.RoleComms)}, Decision: 1,
		Text: workflow.M("slack.notify.approval.default", workflow.Args{"n": 1})})
	f.posted(ch, "asked Comms (unassigned).")
	if n := len(f.fake.DMs(tech)); n != 1 {
		t.Errorf("%d DMs to the approver, want 1", n)
	}
}

func TestInformTellsChannelsUsersAndGroups(t *testing.T) {
	f := newFlow(t)
	const security = "C0SECURITY"
	if err := f.fake.AddChannel(security, "security", false, f.fake.BotUserID()); err != nil {
		t.Fatal(err)
	}
	inc, ch := f.openIncident("open high Website defaced", "inc-1-website-defaced")

	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: workflow.Target{Kind: workflow.TargetChannel, ID: security}})
	if got := f.posted(security, "#1"); !strings.Contains(got, "Website defaced") || !strings.Contains(got, "High") {
		t.Errorf("post in #security: %q", got)
	}
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: workflow.Target{Kind: workflow.TargetGroup, ID: "S0ONCALL"}})
	f.posted(ch, "<!subteam^S0ONCALL>: for your information, #1 is High.")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: userTarget(tech)})
	f.wait("the DM", func() bool { return len(f.fake.DMs(tech)) == 1 })
	if dm := f.fake.DMs(tech)[0]; !strings.Contains(dm.Text, "Website defaced") || !strings.Contains(dm.Text, "<#"+ch+">") || len(buttons(t, dm.Blocks)) != 0 {
		t.Errorf("inform DM: %+v", dm)
	}

	// A private incident's title stays out of other channels.
	f.command(opener, "C0GENERAL", "open high Applicant data exposed --private")
	priv := f.incident("#2")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: priv, Target: workflow.Target{Kind: workflow.TargetChannel, ID: security}})
	if got := f.posted(security, "#2"); strings.Contains(got, "Applicant") || !strings.Contains(got, "Private incident") {
		t.Errorf("post about a private incident in #security: %q", got)
	}
}

func TestChannelNotices(t *testing.T) {
	f := newFlow(t)
	inc, ch := f.openIncident("open high Website defaced", "inc-1-website-defaced")

	// No approver yet: the commander hears that the chain is exhausted.
	f.notify(workflow.Notice{Kind: workflow.NoticeExhausted, Incident: inc, Role: workflow.RoleTech, Round: 2})
	f.posted(ch, "<@"+opener+">: escalation for Tech is exhausted; nobody on its on-call chain acknowledged in 3 rounds.")
	f.command(opener, ch, "assign approver <@"+tech+"|suzuki>")
	inc = f.incident("#1")
	f.notify(workflow.Notice{Kind: workflow.NoticeExhausted, Incident: inc, Role: workflow.RoleComms})
	f.posted(ch, "<@"+tech+">: escalation for Comms is exhausted; nobody on its on-call chain acknowledged.")

	// With words from the workflow, the post is those words (escaped), after
	// a mention of who is meant: the workflow writes @name, which pings
	// nobody.
	words := workflow.M("usage.log", nil) // "/incident log <note>"
	f.notify(workflow.Notice{Kind: workflow.NoticeReminder, Incident: inc, Target: userTarget(tech), Text: words})
	f.notify(workflow.Notice{Kind: workflow.NoticeExhausted, Incident: inc, Role: workflow.RoleComms, Text: words})
	f.wait("reminder and exhausted in the workflow's words", func() bool {
		n := 0
		for _, m := range f.fake.Messages(ch) {
			if m.Text == "<@"+tech+">: /incident log &lt;note&gt;" {
				n++
			}
		}
		return n == 2
	})
	f.notify(workflow.Notice{Kind: workflow.NoticeAcknowledged, Incident: inc, Target: userTarget(tech), Role: workflow.RoleTech, Text: workflow.M("usage.status", nil)})
	f.posted(ch, "/incident status confirmed: &lt;")
	// Without them, the adapter's own sentence.
	f.notify(workflow.Notice{Kind: workflow.NoticeReminder, Incident: inc, Target: workflow.Target{Kind: workflow.TargetRole, ID: "scribe"}})
	f.posted(ch, "Scribe (unassigned): a reminder for #1.")

	f.notify(workflow.Notice{Kind: workflow.NoticeAcknowledged, Incident: inc, Target: userTarget(tech), Role: workflow.RoleTech})
	f.posted(ch, "<@"+tech+"> acknowledged for Tech; its escalation stopped.")
	f.notify(workflow.Notice{Kind: workflow.NoticeResolved, Incident: inc})
	f.posted(ch, "#1 is closed")

	if n := len(f.fake.CallsTo("conversations.open")); n != 0 {
		t.Errorf("channel notices opened %d DMs", n)
	}
}

// Drills tell nobody outside the incident: a drill's notice queues nothing.
func TestDrillNoticesQueueNothing(t *testing.T) {
	f := newFlow(t)
	inc, _ := f.openIncident("open high Website defaced", "inc-1-website-defaced")
	drill := *inc
	drill.Drill = true
	ctx := context.Background()
	kinds := []workflow.NoticeKind{workflow.NoticePage, workflow.NoticeInform, workflow.NoticeAcknowledged, workflow.NoticeExhausted,
		workflow.NoticeReminder, workflow.NoticeApproval, workflow.NoticeResolved}
	targets := []workflow.Target{userTarget(tech), {Kind: workflow.TargetChannel, ID: announce}, {Kind: workflow.TargetGroup, ID: "S0ONCALL"},
		{Kind: workflow.TargetRole, ID: string(workflow.RoleCommander)}}
	pending := func(tx workflow.Tx) int {
		n, err := tx.PendingOutgoing("")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	err := f.db.Update(ctx, func(tx workflow.Tx) error {
		before := pending(tx)
		for _, k := range kinds {
			for _, tg := range targets {
				if err := f.bot.Notify(tx, workflow.Notice{Kind: k, Incident: &drill, Target: tg, Role: workflow.RoleTech, Decision: 1, Page: true}); err != nil {
					return err
				}
				if n := pending(tx); n != before {
					t.Errorf("a drill's %s notice to %s queued %d items", k, tg, n-before)
					before = n
				}
			}
		}
		// The same notice for the real incident does queue (so the check
		// above cannot pass for want of a working Notify).
		if err := f.bot.Notify(tx, workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(tech), Role: workflow.RoleTech}); err != nil {
			return err
		}
		if pending(tx) == before {
			t.Error("a real incident's page queued nothing")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.Update(ctx, func(tx workflow.Tx) error { return f.bot.Notify(tx, workflow.Notice{Kind: workflow.NoticePage}) }); err == nil {
		t.Error("a notice without an incident was accepted")
	}
}

// Pressing Acknowledge in the DM runs "ack tech" on the incident, and the
// answer (the confirmation, or why not) comes back through response_url.
func TestAckButtonAnswersThroughResponseURL(t *testing.T) {
	f := newFlow(t)
	inc, _ := f.openIncident("open high Website defaced", "inc-1-website-defaced")
	f.notify(workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Target: userTarget(tech), Role: workflow.RoleTech})
	f.wait("the page's DM", func() bool { return len(f.fake.DMs(tech)) == 1 })
	dm := f.fake.DMs(tech)[0]
	btns := buttons(t, dm.Blocks)
	if len(btns) != 1 {
		t.Fatalf("DM buttons: %+v", btns)
	}
	payload, err := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": team}, "user": map[string]any{"id": tech, "name": "suzuki"},
		"channel": map[string]any{"id": dm.Channel}, "trigger_id": f.fake.NewTriggerID(), "response_url": f.fake.ResponseURL("ack"),
		"actions": []any{map[string]any{"type": "button", "action_id": btns[0].ActionID, "block_id": slackbot.BlockNoticeActions,
			"value": btns[0].Value, "action_ts": "1700000900.000100"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		t.Fatal(err)
	}
	if ack := f.bot.Interaction(context.Background(), cb); ack != nil {
		t.Errorf("the button's ack body is %+v, want empty", ack)
	}
	f.wait("the answer", func() bool { return len(f.fake.Responses("ack")) == 1 })
	var answer struct {
		Text         string `json:"text"`
		ResponseType string `json:"response_type"`
	}
	if err := json.Unmarshal(f.fake.Responses("ack")[0].Body, &answer); err != nil {
		t.Fatal(err)
	}
	t.Logf("answer: %q", answer.Text)
	if answer.Text == "" || strings.Contains(answer.Text, "error id") || answer.ResponseType != slack.ResponseTypeEphemeral {
		t.Errorf("answer to the ack button: %+v", answer)
	}
}

func TestButtonCommand(t *testing.T) {
	id := workflow.MustParseID("0190e7a4-5b6c-7d8e-9f00-112233445566")
	s := id.String()
	for _, tc := range []struct {
		action, value, option string
		want                  string // "" for not a command
	}{
		{slackbot.ActionAck, s + " tech", "", "ack tech"},
		{slackbot.ActionAck, s + " commander", "", "ack commander"},
		{slackbot.ActionAck, s, "", "ack"},
		{slackbot.ActionAck, s + " wizard", "", ""},
		{slackbot.ActionAck, s + " tech extra", "", ""},
		{slackbot.ActionAck, "not-a-uuid tech", "", ""},
		{slackbot.ActionAck, "", "", ""},
		{slackbot.ActionApprove, s + " 2", "", "approve 2"},
		{slackbot.ActionRefuse, s + " 12", "", "refuse 12"},
		{slackbot.ActionApprove, s + " 0", "", ""},
		{slackbot.ActionApprove, s + " -1", "", ""},
		{slackbot.ActionApprove, s + " 02", "", ""},
		{slackbot.ActionRefuse, s + " two", "", ""},
		{slackbot.ActionRefuse, s, "", ""},
		{slackbot.ActionApprove, workflow.NilID.String() + " 1", "", ""},
		{slackbot.ActionContactAck, s + " U0TANAKA", "", "drill ack <@U0TANAKA>"},
		{slackbot.ActionContactAck, s + " tanaka", "", ""},
		{slackbot.ActionContactAck, s + " U0TANAKA>", "", ""},
		{slackbot.ActionContactAck, s, "", ""},
		{slackbot.ActionNext, s, "", "next"},
		{slackbot.ActionTakeRole, "", s + " comms", "assign comms me"},
		{slackbot.ActionDecision, s, "", ""}, // opens a modal, no command
		{slackbot.ActionStatus, s, "", ""},
		{"something_else", s, "", ""},
	} {
		a := &slack.BlockAction{ActionID: tc.action, Value: tc.value}
		a.SelectedOption.Value = tc.option
		text, got, ok := slackbot.ButtonCommand(a)
		switch {
		case tc.want == "" && ok:
			t.Errorf("%s %q: runs %q, want nothing", tc.action, tc.value, text)
		case tc.want != "" && (!ok || text != tc.want || got != id):
			t.Errorf("%s %q: %q on %s (%v), want %q on %s", tc.action, tc.value+tc.option, text, got, ok, tc.want, id)
		}
	}
}

// A DM whose kept channel id stops working is opened again.
func TestDMReopensAChannelThatStoppedWorking(t *testing.T) {
	f := newFlow(t)
	inc, _ := f.openIncident("open high Website defaced", "inc-1-website-defaced")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: userTarget(tech)})
	f.wait("the first DM", func() bool { return len(f.fake.DMs(tech)) == 1 })
	// The announcement has its own queue and may still be on its way: it
	// must not be the post that gets the error.
	f.settle()
	f.fake.Error("chat.postMessage", 1, "channel_not_found")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: userTarget(tech)})
	f.wait("the second DM", func() bool { return len(f.fake.DMs(tech)) == 2 })
	if n := len(f.fake.CallsTo("conversations.open")); n != 2 {
		t.Errorf("conversations.open called %d times, want 2", n)
	}
	if inc := f.incident("#1"); len(inc.Problems) > 0 {
		t.Errorf("delivery problems: %+v", inc.Problems)
	}
}

// A user group a level informs is mentioned in the incident channel, where
// few of its members are at first, and each member gets the DM a person
// named by the policy gets, in their own DM queue.
func TestInformGroupDMsEachMember(t *testing.T) {
	f := newFlow(t)
	const other = "U0WATANABE"
	f.fake.AddUser(oncall, "takahashi", "Takahashi Ken", "Asia/Tokyo", "ja-JP")
	f.fake.AddUserGroup("S0ONCALL", oncall, other)
	group := workflow.Target{Kind: workflow.TargetGroup, ID: "S0ONCALL"}
	inc, ch := f.openIncident("open high Website defaced", "inc-1-website-defaced")

	// The first ask fails for a while: the retry lists the members again and
	// still queues one DM each.
	f.fake.Error("usergroups.users.list", 1, "internal_error")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: group})
	f.posted(ch, "<!subteam^S0ONCALL>: for your information, #1 is High.")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: userTarget(tech)})
	f.wait("both members' DMs", func() bool { return len(f.fake.DMs(oncall)) == 1 && len(f.fake.DMs(other)) == 1 })
	f.settle()
	lists := f.fake.CallsTo("usergroups.users.list")
	if len(lists) != 2 || lists[0].Param("usergroup") != "S0ONCALL" || lists[0].Succeeded() || !lists[1].Succeeded() {
		t.Errorf("usergroups.users.list calls: %+v", lists)
	}
	want := f.fake.DMs(tech)[0].Text // what a person named by the policy is sent
	if !strings.Contains(want, "Website defaced") || !strings.Contains(want, "<#"+ch+">") {
		t.Fatalf("the user's inform DM: %q", want)
	}
	for _, u := range []string{oncall, other} {
		dms := f.fake.DMs(u)
		if len(dms) != 1 || dms[0].Text != want || len(dms[0].Blocks) != 0 {
			t.Errorf("DMs to %s: %+v, want one saying %q", u, dms, want)
		}
	}

	// With the workflow's words, the members get those, as a person would.
	words := workflow.M("notice.inform_raised", workflow.Args{"ref": "#1", "severity": "High", "title": "Website defaced"})
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: group, Text: words})
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: userTarget(tech), Text: words})
	f.wait("the second DMs", func() bool {
		return len(f.fake.DMs(oncall)) == 2 && len(f.fake.DMs(other)) == 2 && len(f.fake.DMs(tech)) == 2
	})
	want = f.fake.DMs(tech)[1].Text
	if !strings.HasPrefix(want, "Incident #1 raised to High: Website defaced") {
		t.Errorf("the user's DM in the workflow's words: %q", want)
	}
	for _, u := range []string{oncall, other} {
		if got := f.fake.DMs(u)[1].Text; got != want {
			t.Errorf("second DM to %s: %q, want %q", u, got, want)
		}
	}
	f.settle()
	if inc := f.incident("#1"); len(inc.Problems) > 0 {
		t.Errorf("delivery problems: %+v", inc.Problems)
	}
}

// A private incident's DM to a group's members follows the rules of the DM
// to a person named by the policy: the same text, title and channel link
// included (the channel posts outside the incident are what leave it out).
func TestInformGroupOfPrivateIncident(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(oncall, "takahashi", "Takahashi Ken", "Asia/Tokyo", "ja-JP")
	f.fake.AddUserGroup("S0LEGAL", oncall)
	inc, ch := f.openIncident("open high Applicant data exposed --private", "inc-1-applicant-data-exposed")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: workflow.Target{Kind: workflow.TargetGroup, ID: "S0LEGAL"}})
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: userTarget(tech)})
	f.wait("both DMs", func() bool { return len(f.fake.DMs(oncall)) == 1 && len(f.fake.DMs(tech)) == 1 })
	want := f.fake.DMs(tech)[0].Text
	if got := f.fake.DMs(oncall)[0].Text; got != want {
		t.Errorf("the member's DM %q, the person's %q", got, want)
	}
	f.posted(ch, "<!subteam^S0LEGAL>: for your information, #1 is High.")
}

// An unknown group is Slack's refusal: given up at once, and recorded on
// the incident. The channel mention is still posted.
func TestInformUnknownGroupIsADeliveryProblem(t *testing.T) {
	f := newFlow(t)
	inc, ch := f.openIncident("open high Website defaced", "inc-1-website-defaced")
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: workflow.Target{Kind: workflow.TargetGroup, ID: "S0NOBODY"}})
	f.wait("problem recorded", func() bool { return len(f.incident("#1").Problems) == 1 })
	if p := f.incident("#1").Problems[0]; p.What != "slack.group_dm" || p.Error != "no_such_subteam" {
		t.Errorf("problem: %+v", p)
	}
	f.posted(ch, "<!subteam^S0NOBODY>: for your information, #1 is High.")
	f.settle()
	if n := len(f.fake.CallsTo("usergroups.users.list")); n != 1 {
		t.Errorf("usergroups.users.list called %d times, want 1 (no retry)", n)
	}
	if n := len(f.fake.CallsTo("conversations.open")); n != 0 {
		t.Errorf("%d DMs opened for an unknown group", n)
	}
	// A group written by name (not an S… id) has no members to ask for.
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: workflow.Target{Kind: workflow.TargetGroup, ID: "oncall-team"}})
	f.posted(ch, "@oncall-team: for your information, #1 is High.")
	f.settle()
	if n := len(f.fake.CallsTo("usergroups.users.list")); n != 1 {
		t.Errorf("usergroups.users.list called %d times for a group name", n)
	}
}

// A drill's group notice queues nothing: no member is asked for or told.
func TestInformGroupOfDrillTellsNobody(t *testing.T) {
	f := newFlow(t)
	f.fake.AddUser(oncall, "takahashi", "Takahashi Ken", "Asia/Tokyo", "ja-JP")
	f.fake.AddUserGroup("S0ONCALL", oncall)
	inc, ch := f.openIncident("open high Website defaced", "inc-1-website-defaced")
	posts := len(f.fake.Messages(ch))
	drill := *inc
	drill.Drill = true
	f.notify(workflow.Notice{Kind: workflow.NoticeInform, Incident: &drill, Target: workflow.Target{Kind: workflow.TargetGroup, ID: "S0ONCALL"}})
	f.settle()
	if n := len(f.fake.CallsTo("usergroups.users.list")); n != 0 {
		t.Errorf("a drill asked for a group's members %d times", n)
	}
	if dms := f.fake.DMs(oncall); len(dms) != 0 {
		t.Errorf("a drill DMed a group member: %+v", dms)
	}
	if n := len(f.fake.Messages(ch)); n != posts {
		t.Errorf("a drill's group notice posted %d messages", n-posts)
	}
}
