package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/config"
	"incidentbot/internal/clocktest"
	"incidentbot/paging/pagingtest"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// The smoke harness runs the bot as serve wires it (newApp), in process, with
// a clock the test moves forward, the fake Slack Web API and fake PagerDuty
// and webhook receivers: the escalation path end to end, the way GoAlert's
// smoke tests drive theirs.

const (
	smokeTeam    = "T0SMOKE"
	smokeOpener  = "U0OPENER"
	smokePrimary = "U0PRIMARY"
	smokeSecond  = "U0SECOND"
	smokeFinal   = "U0FINAL"
	webhookKey   = "whsec-smoke-test"
	routingKey   = "rk-smoke-test"
)

type smoke struct {
	t       *testing.T
	clock   *clocktest.Clock
	slack   *fakeslack.Server
	pd      *pagingtest.PagerDuty
	hook    *pagingtest.Webhook
	cfg     *config.Config
	dbPath  string
	db      *sqlite.DB
	app     *app
	stop    context.CancelFunc
	stopped chan struct{}
}

// smokeConfig: the high level tells the tech role, chases it every 5
// minutes along a three-person chain, once round, and pages.
func smokeConfig(t *testing.T, slackURL, pdURL, hookURL, extra string) *config.Config {
	t.Helper()
	toml := fmt.Sprintf(`
timezone = "UTC"
[slack]
mode = "http"
api_url = %q
[[severity]]
key = "low"
label = { en = "Low", ja = "低" }
notify = ["role:commander"]
[[severity]]
key = "high"
label = { en = "High", ja = "高" }
notify = ["role:tech"]
ack_within = "5m"
repeat = 0
page = true
[[oncall]]
role = "tech"
chain = [%q, %q, %q]
[drills]
sandbox_channels = ["C0SANDBOX"]
[paging.pagerduty]
url = %q
[paging.webhook]
url = %q
timeout = "2s"
retries = 5
`, slackURL, smokePrimary, smokeSecond, smokeFinal, pdURL, hookURL) + extra
	env := map[string]string{"SLACK_BOT_TOKEN": fakeslack.DefaultBotToken, "PAGERDUTY_ROUTING_KEY": routingKey, "INCIDENTBOT_WEBHOOK_SECRET": webhookKey}
	cfg, err := config.Parse("smoke.toml", []byte(toml), func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("smoke config: %v", err)
	}
	return cfg
}

func newSmoke(t *testing.T) *smoke {
	t.Helper()
	return newSmokeWith(t, "")
}

// newSmokeWith is newSmoke with more configuration (TOML appended).
func newSmokeWith(t *testing.T, extra string) *smoke {
	t.Helper()
	s := &smoke{t: t, clock: clocktest.New(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))}
	s.slack = fakeslack.NewServer(t)
	for _, u := range []string{smokeOpener, smokePrimary, smokeSecond, smokeFinal} {
		s.slack.AddUser(u, strings.ToLower(u[3:]), u, "UTC", "en-US")
	}
	for id, name := range map[string]string{"C0GENERAL": "general", "C0SANDBOX": "drills"} {
		if err := s.slack.AddChannel(id, name, false, s.slack.BotUserID(), smokeOpener); err != nil {
			t.Fatal(err)
		}
	}
	s.pd = pagingtest.NewPagerDuty(t)
	s.hook = pagingtest.NewWebhook(t, webhookKey)
	s.cfg = smokeConfig(t, s.slack.URL(), s.pd.URL, s.hook.URL, extra)
	s.dbPath = filepath.Join(t.TempDir(), "smoke.db")
	s.start()
	t.Cleanup(s.halt)
	return s
}

// start builds the app on the database and runs its workers, as serve does.
func (s *smoke) start() {
	s.t.Helper()
	db, err := sqlite.Open(context.Background(), s.dbPath)
	if err != nil {
		s.t.Fatal(err)
	}
	s.db = db
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if s.app, err = newApp(s.cfg, workflow.English, db, log, s.clock.Now); err != nil {
		s.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop, s.stopped = cancel, make(chan struct{})
	go func() { defer close(s.stopped); s.app.runWorkers(ctx) }()
}

// halt stops the workers and closes the database: a restart's first half.
func (s *smoke) halt() {
	if s.stop == nil {
		return
	}
	s.stop()
	<-s.stopped
	s.stop = nil
	if err := s.db.Close(); err != nil {
		s.t.Error(err)
	}
}

func (s *smoke) command(user, text string) string {
	s.t.Helper()
	return s.commandIn("C0GENERAL", user, text)
}

func (s *smoke) commandIn(channel, user, text string) string {
	s.t.Helper()
	msg := s.app.bot.Command(context.Background(), slack.SlashCommand{TeamID: smokeTeam, UserID: user, ChannelID: channel,
		Command: "/incident", Text: text, TriggerID: s.slack.NewTriggerID(), ResponseURL: s.slack.ResponseURL("smoke")})
	if msg == nil {
		return ""
	}
	return msg.Text
}

// fire moves the clock and runs the due timers now, instead of waiting for
// the loop's next tick.
func (s *smoke) fire(d time.Duration) {
	s.t.Helper()
	s.clock.Advance(d)
	if _, err := s.app.svc.FireDue(context.Background()); err != nil {
		s.t.Fatal(err)
	}
}

func (s *smoke) wait(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *smoke) dms(user string) int { return len(s.slack.DMs(user)) }

// pending counts undelivered outbox items under prefix.
func (s *smoke) pending(prefix string) int {
	s.t.Helper()
	n := -1
	if err := s.db.Update(context.Background(), func(tx workflow.Tx) error {
		var err error
		n, err = tx.PendingOutgoing(prefix)
		return err
	}); err != nil {
		s.t.Fatal(err)
	}
	return n
}

func TestSmokeEscalation(t *testing.T) {
	s := newSmoke(t)
	// PagerDuty is rate limited, then fails, before it takes the page; the
	// webhook fails once too.
	s.pd.Next(1, pagingtest.Answer{Status: 429, RetryAfter: "1"})
	s.pd.Next(1, pagingtest.Answer{Status: 500})
	s.hook.Next(1, pagingtest.Answer{Status: 500})

	if ack := s.command(smokeOpener, "open high Checkout pages return 500"); !strings.Contains(ack, "#1") {
		t.Fatalf("open: %q", ack)
	}
	s.wait("DM to the primary", func() bool { return s.dms(smokePrimary) == 1 })
	if s.dms(smokeSecond) != 0 {
		t.Fatal("the secondary was paged before the primary's time was up")
	}

	// Restart before the step: the timer is a row, and the new process takes
	// the step exactly once. (Stop once Slack's queue is empty: a stop in
	// the middle of a call may send that message again, as at-least-once
	// delivery allows, and the DM counts below would see it twice.)
	s.wait("Slack's outbox drained", func() bool { return s.pending("slack:") == 0 })
	s.halt()
	s.start()
	s.fire(4*time.Minute + 59*time.Second)
	if s.dms(smokeSecond) != 0 {
		t.Fatal("the secondary was paged before ack_within")
	}
	s.fire(time.Second)
	s.wait("DM to the secondary", func() bool { return s.dms(smokeSecond) == 1 })
	s.fire(0) // firing again at the same time does nothing more
	time.Sleep(300 * time.Millisecond)
	if n := s.dms(smokeSecond); n != 1 {
		t.Fatalf("the secondary got %d DMs", n)
	}

	// The secondary acknowledges; nobody else is told, however long we wait.
	if ack := s.command(smokeSecond, "ack"); !strings.Contains(strings.ToLower(ack), "ack") {
		t.Fatalf("ack: %q", ack)
	}
	for range 6 {
		s.fire(10 * time.Minute)
	}
	time.Sleep(300 * time.Millisecond)
	if s.dms(smokeFinal) != 0 || s.dms(smokePrimary) != 1 || s.dms(smokeSecond) != 1 {
		t.Fatalf("DMs after ack: primary %d, secondary %d, final %d", s.dms(smokePrimary), s.dms(smokeSecond), s.dms(smokeFinal))
	}

	// PagerDuty got the trigger after its 429 and 500, and the acknowledge,
	// under one dedup_key; the webhook got signed events after its 500.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	events, err := s.pd.WaitFor(ctx, 3)
	if err != nil {
		t.Fatalf("PagerDuty: %v (requests %d)", err, len(s.pd.Requests()))
	}
	inc := s.incident()
	var actions []string
	for _, e := range events {
		actions = append(actions, e.EventAction)
		if e.DedupKey != inc.ID.String() || e.RoutingKey != routingKey {
			t.Errorf("PagerDuty event %+v: want dedup_key %s", e, inc.ID)
		}
	}
	// One trigger per escalation step (the same page, by dedup_key), then
	// the acknowledgement.
	if got := strings.Join(actions, ","); got != "trigger,trigger,acknowledge" {
		t.Errorf("PagerDuty actions %s, want trigger,trigger,acknowledge", got)
	}
	if keys := s.pd.DedupKeys(); len(keys) != 1 {
		t.Errorf("PagerDuty saw dedup keys %v, want one per incident", keys)
	}
	if refused := len(s.pd.Requests()) - len(s.pd.Events()); refused != 2 {
		t.Errorf("PagerDuty refused %d requests, want the 429 and the 500", refused)
	}
	if _, err := s.hook.WaitFor(ctx, 1); err != nil {
		t.Fatalf("webhook: %v", err)
	}

	// The timeline tells who was told what and when, and who acknowledged.
	_, evs, err := s.app.svc.Timeline(context.Background(), workflow.Actor{Team: smokeTeam, User: smokeOpener}, inc.Ref())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, string(e.Kind))
	}
	joined := strings.Join(kinds, " ")
	if strings.Count(joined, "notified") < 2 || !strings.Contains(joined, "acknowledged") {
		t.Errorf("timeline kinds: %s", joined)
	}
	// ... and when each page reached PagerDuty and the webhook.
	s.wait("deliveries on the timeline", func() bool {
		_, evs, _ := s.app.svc.Timeline(context.Background(), workflow.Actor{Team: smokeTeam, User: smokeOpener}, inc.Ref())
		pd, hook := 0, 0
		for _, e := range evs {
			if p, _ := e.Payload(); p != nil {
				if d, ok := p.(workflow.Delivered); ok {
					if strings.HasPrefix(d.What, "pagerduty.") {
						pd++
					} else if strings.HasPrefix(d.What, "webhook.") {
						hook++
					}
				}
			}
		}
		return pd == 3 && hook >= 1
	})
}

func (s *smoke) incident() *workflow.Incident { return s.incidentRef("#1") }

func (s *smoke) incidentRef(ref string) *workflow.Incident {
	s.t.Helper()
	r, err := s.app.svc.Execute(context.Background(), workflow.Request{Actor: workflow.Actor{Team: smokeTeam, User: smokeOpener}, Lang: workflow.English, Text: "show " + ref})
	if err != nil {
		s.t.Fatal(err)
	}
	return r.Incident
}

// A drill with paging configured and on-call people outside any sandbox,
// started by command in the sandbox channel and run on its clock: its
// escalation is recorded as "would notify", and nothing reaches PagerDuty,
// the webhook or anyone's DMs.
func TestSmokeDrillNeverPages(t *testing.T) {
	s := newSmoke(t)
	if ack := s.command(smokeOpener, "drill start web-defacement --speed 60"); !strings.Contains(ack, "<#C0SANDBOX>") {
		t.Fatalf("drill start outside the sandbox: %q", ack)
	}
	if ack := s.commandIn("C0SANDBOX", smokeOpener, "drill start web-defacement --speed 60"); !strings.Contains(ack, "D-1") {
		t.Fatalf("drill start: %q", ack)
	}
	// An hour of drill time at ×60: injects (one raises to high, which
	// pages the tech chain), deadlines and escalation steps all come due.
	for range 8 {
		s.fire(10 * time.Second)
	}
	drill := s.incidentRef("#D-1")
	if !drill.Drill {
		t.Fatalf("#D-1 is not a drill: %+v", drill)
	}
	// A real incident opened afterwards does page: the fakes are listening,
	// so the drill's silence is not an accident of the setup.
	s.command(smokeOpener, "open high Real checkout outage")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := s.pd.WaitFor(ctx, 1); err != nil {
		t.Fatalf("the real incident did not page: %v", err)
	}
	if _, err := s.hook.WaitFor(ctx, 1); err != nil {
		t.Fatalf("the real incident did not reach the webhook: %v", err)
	}
	real := s.incident()
	for _, e := range s.pd.Requests() {
		if e.DedupKey != real.ID.String() {
			t.Errorf("PagerDuty got a request for %s, not the real incident %s", e.DedupKey, real.ID)
		}
	}
	for _, r := range s.hook.Requests() {
		if strings.Contains(string(r.Raw), drill.ID.String()) {
			t.Errorf("the webhook got a drill event: %s", r.Raw)
		}
	}
	s.wait("the real incident's DM to the primary", func() bool { return s.dms(smokePrimary) >= 1 })
	if n := s.dms(smokePrimary) - 1 + s.dms(smokeSecond) + s.dms(smokeFinal); n != 0 {
		t.Errorf("on-call people got %d DMs for the drill (the primary's one is the real incident's)", n)
	}
	_, evs, err := s.app.svc.Timeline(context.Background(), workflow.Actor{Team: smokeTeam, User: smokeOpener}, drill.Ref())
	if err != nil {
		t.Fatal(err)
	}
	simulated := 0
	for _, e := range evs {
		if e.Kind != "notified" {
			continue
		}
		p, _ := e.Payload()
		if n, ok := p.(workflow.Notified); ok && n.Simulated {
			simulated++
		} else {
			t.Errorf("a drill event notified for real: %+v", p)
		}
	}
	if simulated < 3 {
		t.Errorf("%d would-notify events, want the whole chain (3)", simulated)
	}
}
