package slackbot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

const (
	team     = "T0TEAM"
	opener   = "U0SATO"
	tech     = "U0SUZUKI"
	announce = "C0ANNOUNCE"
)

// flow is the adapter wired as serve wires it: a real SQLite store, the
// workflow service, the fake Slack Web API, and the outbox worker running.
type flow struct {
	t     *testing.T
	fake  *fakeslack.Server
	db    *sqlite.DB
	path  string
	svc   *workflow.Service
	bot   *slackbot.Bot
	stop  context.CancelFunc
	done  chan struct{}
	trigN int
	// configure, if set, adjusts the service's options before start (a
	// runbook library, say): set it, then halt and start again.
	configure func(*workflow.Options)
}

func newFlow(t *testing.T) *flow {
	t.Helper()
	fake := fakeslack.NewServer(t)
	fake.AddUser(opener, "sato", "Sato Hanako", "Asia/Tokyo", "ja-JP")
	fake.AddUser(tech, "suzuki", "Suzuki Ichiro", "Asia/Tokyo", "ja-JP")
	if err := fake.AddChannel(announce, "incidents", false, fake.BotUserID()); err != nil {
		t.Fatal(err)
	}
	if err := fake.AddChannel("C0GENERAL", "general", false, fake.BotUserID(), opener, tech); err != nil {
		t.Fatal(err)
	}
	db, path := sqlitetest.Open(t)
	f := &flow{t: t, fake: fake, db: db, path: path}
	f.start()
	return f
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// start builds the service and the bot on the database and runs the worker.
func (f *flow) start() {
	opts := workflow.Options{Store: f.db, Location: time.UTC, Logger: quiet}
	if f.configure != nil {
		f.configure(&opts)
	}
	f.svc = workflow.NewService(opts)
	api := slack.New(f.fake.BotToken(), slack.OptionAPIURL(f.fake.URL()))
	b, err := slackbot.New(slackbot.Options{Service: f.svc, Store: f.db, API: api, APIURL: f.fake.URL(), Lang: workflow.English, Loc: time.UTC,
		AnnounceChannel: announce, Logger: quiet})
	if err != nil {
		f.t.Fatal(err)
	}
	f.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	f.stop, f.done = cancel, make(chan struct{})
	go func() { defer close(f.done); _ = b.Deliver(ctx) }()
	f.t.Cleanup(f.halt)
}

// halt stops the worker (as a shutdown would) and waits for it.
func (f *flow) halt() {
	f.stop()
	<-f.done
}

func (f *flow) command(user, channel, text string) string {
	f.t.Helper()
	f.trigN++
	msg := f.bot.Command(context.Background(), slack.SlashCommand{TeamID: team, UserID: user, ChannelID: channel,
		Command: "/incident", Text: text, TriggerID: f.fake.NewTriggerID(), ResponseURL: f.fake.ResponseURL("cmd")})
	if msg == nil {
		return ""
	}
	return msg.Text
}

// wait waits until cond holds; the deadline only guards against a hang.
func (f *flow) wait(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s; calls: %s", what, f.methods())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *flow) methods() string {
	var m []string
	for _, c := range f.fake.Calls() {
		m = append(m, c.Method+"("+c.Error+")")
	}
	return strings.Join(m, " ")
}

func (f *flow) channelOf(name string) fakeslack.Channel {
	f.t.Helper()
	var ch fakeslack.Channel
	f.wait("channel "+name, func() bool {
		var ok bool
		ch, ok = f.fake.ChannelByName(name)
		return ok
	})
	return ch
}

func (f *flow) incident(ref string) *workflow.Incident {
	f.t.Helper()
	r, err := f.svc.Execute(context.Background(), workflow.Request{Actor: workflow.Actor{Team: team, User: opener}, Lang: workflow.English, Text: "show " + ref})
	if err != nil {
		f.t.Fatal(err)
	}
	return r.Incident
}

func TestOpenCreatesChannelCardAndTopic(t *testing.T) {
	f := newFlow(t)
	ack := f.command(opener, "C0GENERAL", "open high Website defaced")
	if !strings.Contains(ack, "#1") {
		t.Fatalf("ack %q does not name #1", ack)
	}
	ch := f.channelOf("inc-1-website-defaced")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	f.wait("topic", func() bool { return f.fake.Topic(ch.ID) != "" })
	if !slices.Contains(f.fake.Members(ch.ID), opener) {
		t.Errorf("opener not invited: %v", f.fake.Members(ch.ID))
	}
	topic := f.fake.Topic(ch.ID)
	for _, want := range []string{"High", "detect", "sato"} {
		if !strings.Contains(strings.ToLower(topic), strings.ToLower(want)) {
			t.Errorf("topic %q lacks %q", topic, want)
		}
	}
	card, ok := f.fake.Message(ch.ID, f.fake.Pins(ch.ID)[0])
	if !ok || !strings.Contains(string(card.Blocks), "Website defaced") || !strings.Contains(string(card.Blocks), slackbot.ActionNext) {
		t.Errorf("pinned card: %+v", card)
	}
	f.wait("announcement", func() bool { return len(f.fake.Messages(announce)) == 1 })
	if a := f.fake.Messages(announce)[0].Text; !strings.Contains(a, "Website defaced") {
		t.Errorf("announcement %q lacks the title", a)
	}

	// In the incident channel, commands apply to its incident, and the card
	// is updated in place.
	f.command(opener, ch.ID, "assign tech <@"+tech+">")
	f.command(opener, ch.ID, "decision Take the site offline | why: defaced pages are public | action: maintenance page")
	f.wait("card updated twice", func() bool {
		m, _ := f.fake.Message(ch.ID, card.TS)
		return m.Edits >= 2 && strings.Contains(string(m.Blocks), "Take the site offline")
	})
	f.wait("tech invited", func() bool { return slices.Contains(f.fake.Members(ch.ID), tech) })
	if inc := f.incident("#1"); inc.DecisionCount != 1 || inc.Holder(workflow.RoleTech).ID != tech {
		t.Errorf("incident after commands: %+v", inc)
	}
	// Everyone in the channel sees what changed.
	var posted []string
	for _, m := range f.fake.Messages(ch.ID) {
		posted = append(posted, m.Text)
	}
	if !strings.Contains(strings.Join(posted, "\n"), "ecision 1") {
		t.Errorf("channel posts lack the decision: %q", posted)
	}
}

func TestChannelNames(t *testing.T) {
	f := newFlow(t)
	if err := f.fake.AddChannel("C0TAKEN", "inc-1-website-defaced", false); err != nil {
		t.Fatal(err)
	}
	f.command(opener, "C0GENERAL", "open high Website defaced")
	f.channelOf("inc-1-website-defaced-2")
	f.command(opener, "C0GENERAL", "open 管理画面への不正ログイン")
	f.channelOf("inc-2")
}

func TestPrivateIncident(t *testing.T) {
	f := newFlow(t)
	f.command(opener, "C0GENERAL", "open high Applicant data exposed --private")
	ch := f.channelOf("inc-1-applicant-data-exposed")
	// The channel is linked to the incident once its creation returned; the
	// pinned card comes after that.
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	if !ch.IsPrivate {
		t.Error("the channel of a private incident is public")
	}
	f.wait("announcement", func() bool { return len(f.fake.Messages(announce)) == 1 })
	if a := f.fake.Messages(announce)[0].Text; strings.Contains(a, "Applicant") {
		t.Errorf("announcement of a private incident shows its title: %q", a)
	}
	// Someone else, outside the channel, learns nothing.
	if got := f.command(tech, "C0GENERAL", "show #1"); strings.Contains(got, "Applicant") {
		t.Errorf("outsider sees the private incident: %q", got)
	}
	// In the private channel (only members can type there) it answers.
	if got := f.command(tech, ch.ID, "show"); !strings.Contains(got, "Applicant") {
		t.Errorf("member in the channel: %q", got)
	}
}

func TestRateLimitStormDeliversInOrder(t *testing.T) {
	f := newFlow(t)
	f.command(opener, "C0GENERAL", "open high Website defaced")
	ch := f.channelOf("inc-1-website-defaced")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	f.fake.RateLimit("chat.postMessage", 3, time.Second)
	for i := 1; i <= 5; i++ {
		f.command(opener, ch.ID, "log note "+string(rune('0'+i)))
	}
	f.wait("five notes posted", func() bool {
		n := 0
		for _, m := range f.fake.Messages(ch.ID) {
			if noteRE.MatchString(m.Text) {
				n++
			}
		}
		return n == 5
	})
	var order []string
	for _, m := range f.fake.Messages(ch.ID) {
		if n := noteRE.FindString(m.Text); n != "" {
			order = append(order, n)
		}
	}
	if !slices.Equal(order, []string{"note recorded (event 2)", "note recorded (event 3)", "note recorded (event 4)", "note recorded (event 5)", "note recorded (event 6)"}) {
		t.Errorf("order %v", order)
	}
	limited := 0
	for _, c := range f.fake.CallsTo("chat.postMessage") {
		if c.Status == 429 {
			limited++
		}
	}
	if limited != 3 {
		t.Errorf("%d calls were rate limited, want 3", limited)
	}
}

var noteRE = regexp.MustCompile(`note recorded \(event [0-9]+\)`)

func TestPermanentErrorShowsOnShow(t *testing.T) {
	f := newFlow(t)
	f.fake.Error("pins.add", 1, "not_in_channel")
	f.command(opener, "C0GENERAL", "open high Website defaced")
	f.wait("problem recorded", func() bool { return len(f.incident("#1").Problems) == 1 })
	if got := f.command(opener, "C0GENERAL", "show #1"); !strings.Contains(got, "not_in_channel") {
		t.Errorf("show does not tell about the failed pin: %q", got)
	}
	// The queue goes on after a permanent error: the topic is still set.
	ch := f.channelOf("inc-1-website-defaced")
	f.wait("topic", func() bool { return f.fake.Topic(ch.ID) != "" })
}

func TestOutboxResumesAfterRestart(t *testing.T) {
	f := newFlow(t)
	f.halt() // the worker is down: commands still commit, their calls wait
	f.command(opener, "C0GENERAL", "open high Website defaced")
	f.command(opener, "C0GENERAL", "log first note")
	if n := len(f.fake.Calls()); n != 0 {
		t.Fatalf("%d Web API calls before the ack's worker ran: %s", n, f.methods())
	}
	f.start()
	ch := f.channelOf("inc-1-website-defaced")
	f.wait("card pinned after restart", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
}

func TestReactionCapturesMessage(t *testing.T) {
	f := newFlow(t)
	f.command(opener, "C0GENERAL", "open high Website defaced")
	ch := f.channelOf("inc-1-website-defaced")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	ts, err := f.fake.AddMessage(ch.ID, tech, "WAF log shows 500 hits from 203.0.113.9", "")
	if err != nil {
		t.Fatal(err)
	}
	react := func(id string, removed bool) {
		item := slackevents.Item{Type: "message", Channel: ch.ID, Timestamp: ts}
		var data any = &slackevents.ReactionAddedEvent{Type: "reaction_added", User: opener, Reaction: "pushpin", Item: item, EventTimestamp: "1"}
		if removed {
			data = &slackevents.ReactionRemovedEvent{Type: "reaction_removed", User: opener, Reaction: "pushpin", Item: item, EventTimestamp: "2"}
		}
		if err := f.bot.Event(context.Background(), team, id, slackevents.EventsAPIInnerEvent{Type: "reaction", Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	react("Ev1", false)
	react("Ev1", false) // Slack's retry of the same event
	f.wait("captured", func() bool { return f.incident("#1").Seq == 2 })
	_, events, err := f.svc.Timeline(context.Background(), workflow.Actor{Team: team, User: opener}, workflow.Ref{Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := events[1]
	p, _ := e.Payload()
	pin, ok := p.(workflow.MessagePinned)
	if !ok || pin.Author.ID != tech || !strings.Contains(pin.Text, "203.0.113.9") || pin.Permalink == "" {
		t.Fatalf("captured %+v", p)
	}
	if want := time.Unix(1700000000, 0); e.OccurredAt.Before(want) || e.OccurredAt.After(want.Add(time.Minute)) {
		t.Errorf("captured at %s, want the message's own time", e.OccurredAt)
	}
	// Removing the reaction withdraws the capture; nothing is deleted.
	react("Ev2", true)
	f.wait("withdrawn", func() bool { return f.incident("#1").Seq == 3 })
	// A reaction of another name, or on a message outside an incident
	// channel, is ignored: nothing is even queued.
	other := slackevents.EventsAPIInnerEvent{Type: "reaction_added", Data: &slackevents.ReactionAddedEvent{Type: "reaction_added", User: opener,
		Reaction: "eyes", Item: slackevents.Item{Type: "message", Channel: ch.ID, Timestamp: ts}}}
	outside := slackevents.EventsAPIInnerEvent{Type: "reaction_added", Data: &slackevents.ReactionAddedEvent{Type: "reaction_added", User: opener,
		Reaction: "pushpin", Item: slackevents.Item{Type: "message", Channel: "C0GENERAL", Timestamp: ts}}}
	f.wait("the outbox drained", func() bool {
		n := -1
		_ = f.db.Update(context.Background(), func(tx workflow.Tx) error {
			var err error
			n, err = tx.PendingOutgoing("")
			return err
		})
		return n == 0
	})
	before := sqlitetest.Dump(t, f.path)
	for i, ev := range []slackevents.EventsAPIInnerEvent{other, outside} {
		if err := f.bot.Event(context.Background(), team, fmt.Sprintf("Ev-ignored-%d", i), ev); err != nil {
			t.Fatal(err)
		}
	}
	if sqlitetest.Dump(t, f.path) != before {
		t.Error("an ignored reaction changed the store")
	}
	time.Sleep(50 * time.Millisecond)
	if n := f.incident("#1").Seq; n != 3 {
		t.Errorf("events %d after retry and withdrawal, want 3", n)
	}
}

// An incident opened from the form: the person gets the confirmation in the
// channel they opened the form from, and nothing fails on the way.
func TestOpenFromTheForm(t *testing.T) {
	f := newFlow(t)
	state := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
		slackbot.BlockTitle:    {slackbot.InputTitle: {Value: "Checkout returns 500"}},
		slackbot.BlockSeverity: {slackbot.InputSeverity: {SelectedOption: slack.OptionBlockObject{Value: "high"}}},
	}}
	resp := f.bot.Interaction(context.Background(), slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission,
		Team: slack.Team{ID: team}, User: slack.User{ID: opener},
		View: slack.View{ID: "V1", Hash: "h1", CallbackID: slackbot.CallbackOpen, PrivateMetadata: "C0GENERAL", State: state}})
	if resp != nil {
		t.Fatalf("submission answered %+v, want the form closed", resp)
	}
	f.wait("the confirmation", func() bool {
		for _, m := range f.fake.Ephemerals("C0GENERAL") {
			if strings.Contains(m.Text, "Opened #1 (High): Checkout returns 500") && m.Recipient == opener {
				return true
			}
		}
		return false
	})
	ch := f.channelOf("inc-1-checkout-returns-500")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	if p := f.incident("#1").Problems; len(p) != 0 {
		t.Errorf("delivery problems: %+v", p)
	}
}
