package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/config"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// guard bounds the waits of these tests; running out of it is a failure.
const guard = 10 * time.Second

const (
	mUser    = "U0SATO"
	mOther   = "U0SUZUKI"
	mChannel = "C0GENERAL"
)

// metricsApp is the bot wired as serve wires it (HTTP mode), on a fresh store
// and a fake Slack, with a high level that pages the commander's chain.
func metricsApp(t *testing.T) (*App, *sqlite.DB, *fakeslack.Server) {
	t.Helper()
	fake := fakeslack.NewServer(t)
	fake.AddUser(mUser, "sato", "Sato Hanako", "UTC", "en-US")
	fake.AddUser(mOther, "suzuki", "Suzuki Ichiro", "UTC", "en-US")
	if err := fake.AddChannel(mChannel, "general", false, fake.BotUserID(), mUser, mOther); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("incidentbot.toml", []byte(`
language = "en"
timezone = "UTC"
[slack]
mode = "http"
bot_token = "`+fake.BotToken()+`"
signing_secret = "metrics-test"
api_url = "`+fake.URL()+`"
[[severity]]
key = "low"
label = { en = "Low", ja = "低" }
[[severity]]
key = "high"
label = { en = "High", ja = "高" }
notify = ["role:commander"]
ack_within = "10m"
[[oncall]]
role = "commander"
chain = ["`+mUser+`", "`+mOther+`"]
`), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.Storage.Path = filepath.Join(t.TempDir(), "incidentbot.db")
	store, err := OpenStore(context.Background(), cfg.Storage, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a, err := New(cfg, workflow.English, store, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return a, store.(*sqlite.DB), fake
}

func scrape(t *testing.T, a *App) string {
	t.Helper()
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// value is the value of the sample series (name and labels as exposed), or
// -1 if it is not exposed.
func value(text, series string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return f
			}
		}
	}
	return -1
}

// TestMetricsAfterCommands: after a few commands (applied, refused, unknown,
// one answered "busy" while the writer was held) and their deliveries,
// /metrics exposes the operators' metrics with the counts those commands
// make, and only bounded label values.
func TestMetricsAfterCommands(t *testing.T) {
	a, db, fake := metricsApp(t)
	command := func(ctx context.Context, text string) string {
		msg := a.Bot.Command(ctx, slack.SlashCommand{TeamID: fake.TeamID(), UserID: mUser, UserName: "sato",
			ChannelID: mChannel, Command: "/incident", Text: text, TriggerID: fake.NewTriggerID()})
		if msg == nil {
			t.Fatalf("%q: no reply", text)
		}
		return msg.Text
	}
	fake.Error("conversations.setTopic", 1, "too_long")
	for _, c := range []struct{ text, want string }{
		{"open high Pump down", "Opened #1"},
		{"log #1 pump restarted", "note recorded"},
		{"log #1 pressure normal", "note recorded"},
		{"decision #1 no rationale given", "why"},
		{"frobnicate", "frobnicate"},
	} {
		if got := command(context.Background(), c.text); !strings.Contains(got, c.want) {
			t.Fatalf("%q: reply %q, want %q in it", c.text, got, c.want)
		}
	}

	// With the writer held, a command whose ack deadline passes while it
	// waits is answered "busy" and applies nothing.
	running, release := make(chan struct{}), make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- db.Update(context.Background(), func(workflow.Tx) error { close(running); <-release; return nil })
	}()
	<-running
	before := scrape(t, a)
	if v := value(before, "incidentbot_store_write_queue"); v != 0 {
		t.Errorf("write queue %v before the late command", v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	busy := command(ctx, "log #1 too late")
	cancel()
	close(release)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if want := workflow.Render(workflow.English, workflow.M("err.busy", nil)); busy != want {
		t.Errorf("late command: %q, want %q", busy, want)
	}

	// Deliver everything queued (the channel, card, topic, posts, the page).
	ctx, stop := context.WithCancel(context.Background())
	workers := make(chan struct{})
	go func() { defer close(workers); a.RunWorkers(ctx) }()
	deadline := time.Now().Add(guard)
	for {
		n, err := a.Backlog(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d outbox items still pending", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	<-workers

	m := scrape(t, a)
	for series, want := range map[string]float64{
		`incidentbot_commands_total{outcome="ok",verb="open"}`:                       1,
		`incidentbot_commands_total{outcome="ok",verb="log"}`:                        2,
		`incidentbot_commands_total{outcome="busy",verb="log"}`:                      1,
		`incidentbot_commands_total{outcome="refused",verb="decision"}`:              1,
		`incidentbot_commands_total{outcome="refused",verb="unknown"}`:               1,
		`incidentbot_commands_total{outcome="busy",verb="open"}`:                     0, // pre-created
		`incidentbot_command_seconds_count`:                                          6,
		`incidentbot_store_write_queue`:                                              0,
		`incidentbot_outbox_pending{queue="slack"}`:                                  0,
		`incidentbot_outbox_pending{queue="dm"}`:                                     0,
		`incidentbot_outbox_pending{queue="pagerduty"}`:                              0,
		`incidentbot_outbox_pending{queue="webhook"}`:                                0,
		`incidentbot_outbox_oldest_seconds{queue="slack"}`:                           0,
		`incidentbot_open_incidents{drill="false",severity="high"}`:                  1,
		`incidentbot_open_incidents{drill="false",severity="low"}`:                   0,
		`incidentbot_open_incidents{drill="true",severity="high"}`:                   0,
		`incidentbot_escalation_steps_total{kind="page"}`:                            1,
		`incidentbot_escalation_steps_total{kind="exhausted"}`:                       0,
		`slack_api_errors_total{method="conversations.setTopic",reason="api_error"}`: 1,
	} {
		if got := value(m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if n := value(m, "incidentbot_store_batch_size_count"); n < 1 {
		t.Errorf("no batch observed: %v", n)
	}
	if n := value(m, `incidentbot_store_batch_size_bucket{le="+Inf"}`); n != value(m, "incidentbot_store_batch_size_count") {
		t.Errorf("batch size histogram: +Inf bucket %v", n)
	}
	// No label carries an incident, a channel or a user.
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, "incidentbot_") || strings.HasPrefix(line, "slack_") {
			for _, id := range []string{mUser, mChannel, "inc-1", "#1"} {
				if strings.Contains(line, id) {
					t.Errorf("a label names %s: %s", id, line)
				}
			}
		}
	}
}

// TestOutboxBacklogByKind: what waits is counted by the kind of its queue,
// with the age of the oldest item of each kind.
func TestOutboxBacklogByKind(t *testing.T) {
	a, db, _ := metricsApp(t)
	queued := time.Now().Add(-90 * time.Second)
	err := db.Update(context.Background(), func(tx workflow.Tx) error {
		for i, q := range []string{"slack:incident:x", "slack:channel:C1", "slack:dm:U1", "slack:dm:U2", "paging:pagerduty:x", "elsewhere"} {
			o, err := workflow.NewOutgoing(tx.NewID, workflow.NilID, q, "k", []byte(`{}`), queued.Add(time.Duration(i)*time.Second))
			if err != nil {
				return err
			}
			if err := tx.Enqueue(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := scrape(t, a)
	for q, want := range map[string]float64{"slack": 2, "dm": 2, "pagerduty": 1, "webhook": 0, "other": 1} {
		if got := value(m, `incidentbot_outbox_pending{queue="`+q+`"}`); got != want {
			t.Errorf("pending %s = %v, want %v", q, got, want)
		}
	}
	if age := value(m, `incidentbot_outbox_oldest_seconds{queue="slack"}`); age < 90 || age > 90+guard.Seconds() {
		t.Errorf("oldest slack item %v s old, want 90 s and a little", age)
	}
	if age := value(m, `incidentbot_outbox_oldest_seconds{queue="webhook"}`); age != 0 {
		t.Errorf("oldest webhook item %v s old with none queued", age)
	}
}
