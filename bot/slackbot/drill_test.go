package slackbot_test

import (
	"context"
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
	svc := workflow.NewService(workflow.Options{Store: db, Now: clock.Now, Location: time.UTC, Logger: quiet, Scale: scale,
		Escalation: workflow.Escalation{UnassignedReminder: 10 * time.Minute, OnCall: map[workflow.Role]workflow.OnCall{
			workflow.RoleTech: {Role: workflow.RoleTech, Chain: []string{oncall, oncall2}}}},
		Library: lib, Sandboxes: []string{sandbox}})
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
