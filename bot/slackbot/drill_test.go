package slackbot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/internal/clocktest"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

const (
	sandbox  = "C0SANDBOX"
	alerts   = "C0ALERTS"
	oncall2  = "U0WATANABE"
	drillRef = "#D-1"
)

// oneScenario is a workflow.Library with a single drill scenario and no
// runbooks.
type oneScenario struct{ sc workflow.Scenario }

func (l oneScenario) Runbook(string) (workflow.Runbook, bool)     { return workflow.Runbook{}, false }
func (l oneScenario) Suggest(string) (workflow.Runbook, bool)     { return workflow.Runbook{}, false }
func (l oneScenario) RunbookNames() []string                      { return nil }
func (l oneScenario) ScenarioNames() []string                     { return []string{l.sc.Name} }
func (l oneScenario) Scenario(n string) (workflow.Scenario, bool) { return l.sc, n == l.sc.Name }

// newDrillFlow is the adapter as serve wires it, with drills configured:
// one sandbox channel, an escalation policy that pages and informs a
// channel at high, and on-call people outside the sandbox.
func newDrillFlow(t *testing.T) (*flow, *clocktest.Clock) {
	t.Helper()
	return newDrillFlowWith(t, nil)
}

// newDrillFlowWith is newDrillFlow with the service's options changed by
// configure.
func newDrillFlowWith(t *testing.T, configure func(*workflow.Options)) (*flow, *clocktest.Clock) {
	t.Helper()
	fake := fakeslack.NewServer(t)
	fake.AddUser(opener, "sato", "Sato Hanako", "Asia/Tokyo", "ja-JP")
	fake.AddUser(tech, "suzuki", "Suzuki Ichiro", "Asia/Tokyo", "ja-JP")
	fake.AddUser(oncall, "takahashi", "Takahashi Jiro", "Asia/Tokyo", "ja-JP")
	fake.AddUser(oncall2, "watanabe", "Watanabe Saburo", "Asia/Tokyo", "ja-JP")
	for _, c := range []struct{ id, name string }{{announce, "incidents"}, {"C0GENERAL", "general"}, {sandbox, "drill-sandbox"}, {alerts, "alerts"}} {
		if err := fake.AddChannel(c.id, c.name, false, fake.BotUserID(), opener, tech); err != nil {
			t.Fatal(err)
		}
	}
	clock := clocktest.New(time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC))
	scale := workflow.DefaultScale()
	techRole := workflow.Target{Kind: workflow.TargetRole, ID: "tech"}
	scale.Levels[1].Policy = workflow.Policy{Notify: []workflow.Target{techRole}, AckWithin: 10 * time.Minute}
	scale.Levels[2].Policy = workflow.Policy{Notify: []workflow.Target{techRole, {Kind: workflow.TargetChannel, ID: alerts}},
		AckWithin: 5 * time.Minute, Page: true, StatusEvery: 10 * time.Minute}
	lib := oneScenario{workflow.Scenario{Name: "web-test", Title: workflow.Text{En: "Drill: web test", Ja: "演習: Web"}, Severity: "medium",
		End: 20 * time.Minute, Injects: []workflow.Inject{
			{At: 0, Text: workflow.Text{En: "The top page shows a foreign banner.", Ja: "トップページに見知らぬバナー"}},
			{At: 10 * time.Minute, Text: workflow.Text{En: "Admin logins from abroad.", Ja: "海外から管理者ログイン"}, Raise: "high",
				Expect: &workflow.Expectation{Kind: workflow.ExpectRoleAssigned, Role: workflow.RoleComms, Deadline: 15 * time.Minute}},
		}}}
	db, path := sqlitetest.Open(t)
	opts := workflow.Options{Store: db, Now: clock.Now, Location: time.UTC, Logger: quiet, Scale: scale,
		Escalation: workflow.Escalation{UnassignedReminder: 10 * time.Minute, OnCall: map[workflow.Role]workflow.OnCall{
			workflow.RoleTech: {Role: workflow.RoleTech, Chain: []string{oncall, oncall2}}}},
		Library: lib, Sandboxes: []string{sandbox}}
	if configure != nil {
		configure(&opts)
	}
	svc := workflow.NewService(opts)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	b, err := slackbot.New(slackbot.Options{Service: svc, Store: db, API: api, APIURL: fake.URL(), Lang: workflow.English, Loc: time.UTC,
		AnnounceChannel: announce, Logger: quiet, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	svc.AddNotifier(b) // as serve does: the bot is the service's notifier, and so its drill poster
	f := &flow{t: t, fake: fake, db: db, path: path, svc: svc, bot: b}
	ctx, cancel := context.WithCancel(context.Background())
	f.stop, f.done = cancel, make(chan struct{})
	go func() { defer close(f.done); _ = b.Deliver(ctx) }()
	t.Cleanup(f.halt)
	return f, clock
}

// settle waits until the outbox has delivered everything.
func (f *flow) settle() {
	f.t.Helper()
	f.bot.Wake()
	f.wait("the outbox to drain", func() bool {
		n := -1
		_ = f.db.Update(context.Background(), func(tx workflow.Tx) error {
			var err error
			n, err = tx.PendingOutgoing("slack:")
			return err
		})
		return n == 0
	})
}

// fireAt moves the clock and runs the due timers, as the timer loop would.
func (f *flow) fireAt(c *clocktest.Clock, t time.Time) {
	f.t.Helper()
	c.Set(t)
	if _, err := f.svc.FireDue(context.Background()); err != nil {
		f.t.Fatal(err)
	}
	f.settle()
}

// A drill in Slack: refused outside the sandbox (naming it), started in it;
// with paging configured and on-call people outside the sandbox, it runs
// its clock at --speed 60 through injects, a raise to a paging level and
// escalation steps, and nothing reaches anyone: no DM, no post in the
// alerts or announce channel, nobody invited. Every message about it, in
// its channel and in the sandbox, carries the DRILL marker.
func TestDrillInSlack(t *testing.T) {
	f, clock := newDrillFlow(t)
	ack := f.command(opener, "C0GENERAL", "drill start web-test")
	if !strings.Contains(ack, "<#C0SANDBOX>") || strings.Contains(ack, "[DRILL]") {
		t.Fatalf("drill start outside the sandbox: %q", ack)
	}
	ack = f.command(opener, sandbox, "drill start web-test --speed 60")
	if !strings.HasPrefix(ack, "[DRILL] Drill #D-1 started: Drill: web test") {
		t.Fatalf("drill start in the sandbox: %q", ack)
	}
	start := clock.Now()
	ch := f.channelOf(slackbot.ChannelName(1, true, "Drill: web test"))
	f.posted(sandbox, "[DRILL] <@U0SATO> started drill #D-1")
	f.fireAt(clock, start)
	f.posted(ch.ID, "[DRILL] Inject 1 (T+0s): The top page shows a foreign banner.")

	f.command(tech, ch.ID, "assign commander me")
	f.fireAt(clock, start.Add(10*time.Second)) // T+10m: the medium chain moves on, a reminder, inject 2 raises to high
	f.posted(ch.ID, "[DRILL] Inject 2 (T+10m): Admin logins from abroad.")
	f.fireAt(clock, start.Add(15*time.Second)) // T+15m: the deadline, the high chain moves on
	f.posted(ch.ID, "Deadline of inject 2: comms assigned by T+15m — missed.")
	// The raise came from the drill's clock, not a command: the card and
	// the topic follow it all the same.
	f.wait("topic shows the raise", func() bool { return strings.Contains(f.fake.Topic(ch.ID), "High") })
	f.wait("card shows the raise", func() bool {
		card, ok := f.fake.Message(ch.ID, f.fake.Pins(ch.ID)[0])
		return ok && strings.Contains(string(card.Blocks), "High")
	})
	end := f.command(opener, ch.ID, "drill end")
	if !strings.HasPrefix(end, "[DRILL] Drill #D-1 ended.") || !strings.Contains(end, "✗ 1. comms assigned by T+15m — MISSED") {
		t.Errorf("drill end: %q", end)
	}
	f.settle()
	f.posted(ch.ID, "Expectations: 0 of 1 met, 1 missed.")

	msgs := f.fake.Messages(ch.ID)
	if len(msgs) < 6 {
		t.Fatalf("only %d messages in the drill channel", len(msgs))
	}
	var all []string
	for _, m := range append(msgs, f.fake.Messages(sandbox)...) {
		all = append(all, m.Text)
		if !strings.HasPrefix(m.Text, "[DRILL]") {
			t.Errorf("a message about the drill without the marker: %q", m.Text)
		}
	}
	joined := strings.Join(all, "\n")
	for _, w := range []string{"would notify: @U0TAKAHASHI (tech, primary)", "would notify: @U0WATANABE (tech, secondary)",
		"channel:C0ALERTS", "The scenario raises the severity: Medium → High."} {
		if !strings.Contains(joined, w) {
			t.Errorf("the drill channel was not shown %q", w)
		}
	}
	if topic := f.fake.Topic(ch.ID); !strings.HasPrefix(topic, "[DRILL]") {
		t.Errorf("topic %q", topic)
	}
	for _, c := range []string{announce, alerts, "C0GENERAL"} {
		if m := f.fake.Messages(c); len(m) != 0 {
			t.Errorf("the drill posted in %s: %+v", c, m)
		}
	}
	for _, u := range []string{oncall, oncall2, opener, tech} {
		if dm := f.fake.DMs(u); len(dm) != 0 {
			t.Errorf("the drill sent %s a DM: %+v", u, dm)
		}
	}
	if calls := f.fake.CallsTo("conversations.open"); len(calls) != 0 {
		t.Errorf("the drill opened %d DM conversations", len(calls))
	}
	for _, m := range f.fake.Members(ch.ID) {
		if m == oncall || m == oncall2 {
			t.Errorf("on-call person %s was invited to the drill", m)
		}
	}
	if inc := f.incident(drillRef); !inc.IsClosed() || len(inc.Told) != 0 || inc.Paged {
		t.Errorf("after the drill: %s, told %v, paged %v", inc.Phase, inc.Told, inc.Paged)
	}
}

// pressDM clicks a button of a DM as user, as Slack posts the interaction,
// and returns the answer sent back through the response_url.
func (f *flow) pressDM(user, channel string, btn *slack.ButtonBlockElement, ts string) string {
	f.t.Helper()
	url := f.fake.ResponseURL("press-" + ts)
	payload, err := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": team}, "user": map[string]any{"id": user, "name": strings.ToLower(user)},
		"channel": map[string]any{"id": channel}, "trigger_id": f.fake.NewTriggerID(), "response_url": url,
		"actions": []any{map[string]any{"type": "button", "action_id": btn.ActionID, "block_id": slackbot.BlockContactActions,
			"value": btn.Value, "action_ts": ts}},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		f.t.Fatal(err)
	}
	f.bot.Interaction(context.Background(), cb)
	f.wait("the answer to the button", func() bool { return len(f.fake.Responses("press-"+ts)) == 1 })
	var answer struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(f.fake.Responses("press-" + ts)[0].Body, &answer); err != nil {
		f.t.Fatal(err)
	}
	return answer.Text
}

// A contact check (drill start … --contact-check) sends each person on
// the on-call chains a DM marked as a drill with an Acknowledge button,
// whatever the drill's speed counts answers for [drills] contact_window of
// real time, and when the window closes posts who answered, and how fast,
// in the drill's channel: two of three acknowledge on a moved clock, the
// third is reported. Nothing is paged, and nobody else gets anything.
func TestContactCheckInSlack(t *testing.T) {
	third := "U0KOBAYASHI"
	f, clock := newDrillFlowWith(t, func(o *workflow.Options) {
		o.Escalation.OnCall[workflow.RoleCommander] = workflow.OnCall{Role: workflow.RoleCommander, Chain: []string{third}}
		o.ContactWindow = 10 * time.Minute
	})
	f.fake.AddUser(third, "kobayashi", "Kobayashi Shiro", "Asia/Tokyo", "ja-JP")
	start := clock.Now()
	ack := f.command(opener, sandbox, "drill start web-test --speed 60 --contact-check")
	if !strings.Contains(ack, "Contact check: a message marked as a drill, with an Acknowledge button, went to 3 people on the on-call chains") ||
		!strings.Contains(ack, "Answers count for 10m of real time, until 2026-11-20 01:10 UTC") {
		t.Fatalf("drill start: %q", ack)
	}
	f.settle()
	ch := f.channelOf(slackbot.ChannelName(1, true, "Drill: web test"))
	dms := map[string]fakeslack.Message{}
	for _, u := range []string{third, oncall, oncall2} {
		got := f.fake.DMs(u)
		if len(got) != 1 || !strings.HasPrefix(got[0].Text, "[DRILL] Contact check of drill #D-1 — please press Acknowledge.") {
			t.Fatalf("%s's DMs: %+v", u, got)
		}
		if btns := buttons(t, got[0].Blocks); len(btns) != 1 || btns[0].ActionID != slackbot.ActionContactAck ||
			!strings.HasSuffix(btns[0].Value, " "+u) || !strings.Contains(blocksText(t, got[0].Blocks), "[DRILL]") {
			t.Fatalf("%s's DM buttons: %+v", u, btns)
		}
		dms[u] = got[0]
	}
	for _, u := range []string{opener, tech} {
		if got := f.fake.DMs(u); len(got) != 0 {
			t.Errorf("%s, on no chain, got %+v", u, got)
		}
	}

	// Two answer, 40 and 90 real seconds in; the drill itself ends 20
	// seconds in (20 drill minutes), the check goes on.
	f.fireAt(clock, start.Add(20*time.Second))
	clock.Set(start.Add(40 * time.Second))
	if a := f.pressDM(oncall, dms[oncall].Channel, buttons(t, dms[oncall].Blocks)[0], "1.1"); !strings.Contains(a, "your answer to the contact check of drill #D-1 is recorded (after 40s)") {
		t.Errorf("answer to the first press: %q", a)
	}
	clock.Set(start.Add(90 * time.Second))
	f.pressDM(third, dms[third].Channel, buttons(t, dms[third].Blocks)[0], "1.2")
	f.settle()
	f.posted(ch.ID, "Contact check: @U0KOBAYASHI acknowledged after 1m.")
	// The window closes ten real minutes in: the result in the drill's channel.
	f.fireAt(clock, start.Add(10*time.Minute))
	var last string
	for _, m := range f.fake.Messages(ch.ID) {
		last = m.Text
	}
	for _, want := range []string{
		"[DRILL] Contact check (real time, apart from the tabletop): 2 of 3 acknowledged within 10m.",
		"✓ @U0KOBAYASHI (commander) acknowledged after 1m",
		"✓ @U0TAKAHASHI (tech) acknowledged after 40s",
		"✗ @U0WATANABE (tech) — no answer",
	} {
		if !strings.Contains(last, want) {
			t.Errorf("the result lacks %q:\n%s", want, last)
		}
	}
	// Too late now.
	clock.Set(start.Add(11 * time.Minute))
	if a := f.pressDM(oncall2, dms[oncall2].Channel, buttons(t, dms[oncall2].Blocks)[0], "1.3"); !strings.Contains(a, "closed at 2026-11-20 01:10 UTC") {
		t.Errorf("a late press: %q", a)
	}
	inc := f.incident(drillRef)
	if inc.DrillRun.ContactCheck == nil || !inc.DrillRun.ContactCheck.Closed || len(inc.DrillRun.ContactCheck.Acks) != 2 || len(inc.Told) != 0 || inc.Paged {
		t.Errorf("after the check: %+v, told %v, paged %v", inc.DrillRun.ContactCheck, inc.Told, inc.Paged)
	}
	for _, c := range []string{announce, alerts, "C0GENERAL"} {
		if m := f.fake.Messages(c); len(m) != 0 {
			t.Errorf("the drill posted in %s: %+v", c, m)
		}
	}
}
