package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// deadlockGuard is how long a test waits for an ack before it declares the
// handler stuck behind Slack. It is a deadlock guard, not a timing
// assertion: a healthy ack takes milliseconds.
const deadlockGuard = 10 * time.Second

const (
	stackUser    = "U0SATO"
	stackChannel = "C0GENERAL"
)

// httpStack is the HTTP mode wired as serve wires it: a real SQLite store,
// the workflow service, the Bot on the fake Slack Web API, the HTTP handler
// on a real listener, and (optionally) the outbox worker.
type httpStack struct {
	t    *testing.T
	fake *fakeslack.Server
	db   *sqlite.DB
	path string
	bot  *Bot
	srv  *httptest.Server
	// stopWorker stops the outbox worker and waits for it (idempotent; a
	// no-op without a worker).
	stopWorker func()
}

type stackOptions struct {
	worker      bool          // run the outbox worker (b.Deliver)
	viewTimeout time.Duration // the Bot's bound on views.open (default: the Bot's)
}

func newHTTPStack(t *testing.T, o stackOptions) *httpStack {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	fake := fakeslack.NewServer(t)
	fake.AddUser(stackUser, "sato", "Sato Hanako", "Asia/Tokyo", "ja-JP")
	if err := fake.AddChannel(stackChannel, "general", false, fake.BotUserID(), stackUser); err != nil {
		t.Fatal(err)
	}
	db, path := sqlitetest.Open(t)
	svc := workflow.NewService(workflow.Options{Store: db, Location: time.UTC, Logger: log})
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	b, err := New(Options{Service: svc, Store: db, API: api, APIURL: fake.URL(), Lang: workflow.English, Loc: time.UTC,
		ViewTimeout: o.viewTimeout, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	// AckTimeout < 0: no bound from the HTTP layer, so a Bot that waited on
	// Slack before its ack would hang here (and trip the deadlock guard)
	// rather than be cut short and pass unnoticed. views.open stays bounded
	// by the Bot's own ViewTimeout.
	h, err := NewHTTPHandler(b, HTTPOptions{SigningSecret: testSecret, Log: log, Now: fixedClock(testNow),
		Metrics: NewMetrics(prometheus.NewRegistry()), AckTimeout: -1})
	if err != nil {
		t.Fatal(err)
	}
	s := &httpStack{t: t, fake: fake, db: db, path: path, bot: b, srv: httptest.NewServer(h), stopWorker: func() {}}
	t.Cleanup(s.srv.Close)
	if o.worker {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = b.Deliver(ctx) }()
		s.stopWorker = sync.OnceFunc(func() { cancel(); <-done })
		// Cleanups run last-in first-out: the worker stops before the
		// fake and the store close.
		t.Cleanup(s.stopWorker)
	}
	return s
}

// commandBody is a slash command as Slack posts it, from the channel
// #general of the fake's workspace.
func (s *httpStack) commandBody(text string) []byte {
	return []byte(url.Values{
		"token": {"legacy"}, "team_id": {s.fake.TeamID()}, "team_domain": {"fake-workspace"},
		"channel_id": {stackChannel}, "channel_name": {"general"},
		"user_id": {stackUser}, "user_name": {"sato"}, "command": {"/incident"}, "text": {text},
		"response_url": {s.fake.ResponseURL("cmd")}, "trigger_id": {s.fake.NewTriggerID()},
	}.Encode())
}

type ack struct {
	status int
	body   []byte
	err    error
}

// send posts a signed request in the background; the ack arrives on the
// channel.
func (s *httpStack) send(path string, body []byte) <-chan ack {
	return s.sendWith(path, body, nil)
}

// sendWith is send with extra headers.
func (s *httpStack) sendWith(path string, body []byte, extra http.Header) <-chan ack {
	out := make(chan ack, 1)
	go func() {
		req, err := http.NewRequest(http.MethodPost, s.srv.URL+path, bytes.NewReader(body))
		if err != nil {
			out <- ack{err: err}
			return
		}
		setContentType(req, path)
		for k, v := range extra {
			req.Header[k] = v
		}
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(testNow.Unix(), 10))
		req.Header.Set("X-Slack-Signature", signatureFor(testSecret, testNow.Unix(), body))
		resp, err := s.srv.Client().Do(req)
		if err != nil {
			out <- ack{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		out <- ack{status: resp.StatusCode, body: b, err: err}
	}()
	return out
}

// await waits for an ack within the deadlock guard.
func (s *httpStack) await(acks <-chan ack, what string) ack {
	s.t.Helper()
	select {
	case a := <-acks:
		if a.err != nil {
			s.t.Fatalf("%s: %v", what, a.err)
		}
		return a
	case <-time.After(deadlockGuard):
		s.t.Fatalf("%s: no answer within %v while Slack's Web API was blocked: the handler is waiting on Slack before its ack (deadlock)", what, deadlockGuard)
		return ack{}
	}
}

// ackText decodes an ack body as a Slack message.
func ackText(t *testing.T, a ack) string {
	t.Helper()
	if len(a.body) == 0 {
		return ""
	}
	var m slack.Msg
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("ack body %q: %v", a.body, err)
	}
	if m.ResponseType != slack.ResponseTypeEphemeral {
		t.Errorf("ack response_type %q, want ephemeral", m.ResponseType)
	}
	return m.Text
}

// TestAckDoesNotWaitForSlack is the 3-second rule without timers: with every
// Web API method blocked, a signed /incident open still gets its 200 (the
// change committed, the Slack calls queued); once Slack answers again, the
// outbox creates the channel, posts the card and pins it.
func TestAckDoesNotWaitForSlack(t *testing.T) {
	s := newHTTPStack(t, stackOptions{worker: true})
	release := s.fake.Block(fakeslack.AllMethods)
	defer release()

	a := s.await(s.send(PathCommands, s.commandBody("open high Website defaced")), "/incident open")
	if a.status != http.StatusOK {
		t.Fatalf("/incident open: status %d (%s), want 200", a.status, a.body)
	}
	text := ackText(t, a)
	if !strings.Contains(text, "Website defaced") {
		t.Errorf("ack %q does not confirm the incident", text)
	}
	// The ack came while Slack answered nothing at all.
	for _, c := range s.fake.Calls() {
		if c.Status != 0 {
			t.Fatalf("%s was answered (%d) before the release: the test did not block Slack", c.Method, c.Status)
		}
	}

	release()
	ctx, cancel := context.WithTimeout(context.Background(), deadlockGuard)
	defer cancel()
	if err := s.fake.WaitFor(ctx, "pins.add", 1); err != nil {
		t.Fatalf("the card was not pinned after Slack was released: %v (calls: %s)", err, methods(s.fake.Calls()))
	}
	ch, ok := s.fake.ChannelByName(ChannelName(1, false, "Website defaced"))
	if !ok {
		t.Fatalf("no channel %s; channels: %+v", ChannelName(1, false, "Website defaced"), s.fake.Channels())
	}
	if !contains(s.fake.Members(ch.ID), stackUser) {
		t.Errorf("the opener is not in %s: %v", ch.Name, s.fake.Members(ch.ID))
	}
	pins := s.fake.Pins(ch.ID)
	if len(pins) != 1 {
		t.Fatalf("%d pins in %s, want 1 (the card)", len(pins), ch.Name)
	}
	card, ok := s.fake.Message(ch.ID, pins[0])
	if !ok || len(card.Blocks) == 0 || !bytes.Contains(card.Blocks, []byte("Website defaced")) {
		t.Fatalf("the pinned message is not the summary card: %+v", card)
	}
}

// TestModalAckWhenViewsOpenHangs: /incident decision without arguments calls
// views.open before the ack (the one allowed synchronous call); when Slack
// does not answer within the Bot's bound, the ack still arrives and carries
// the one-line form instead.
func TestModalAckWhenViewsOpenHangs(t *testing.T) {
	s := newHTTPStack(t, stackOptions{viewTimeout: 200 * time.Millisecond})
	// An incident to record the decision on (no worker: its Slack calls stay
	// queued, which does not matter here).
	if a := s.await(s.send(PathCommands, s.commandBody("open high Website defaced")), "/incident open"); a.status != http.StatusOK {
		t.Fatalf("/incident open: status %d", a.status)
	}

	release := s.fake.Block(fakeslack.AllMethods)
	defer release()
	a := s.await(s.send(PathCommands, s.commandBody("decision")), "/incident decision")
	if a.status != http.StatusOK {
		t.Fatalf("/incident decision: status %d (%s), want 200", a.status, a.body)
	}
	text := ackText(t, a)
	// Escaped, so that Slack shows the placeholders (<decision>, …) as typed.
	usage := mrkdwnEscape(workflow.Render(workflow.English, workflow.UsageMsg(workflow.Verb("decision"))))
	if !strings.Contains(text, usage) {
		t.Errorf("ack %q does not carry the one-line form %q", text, usage)
	}
	calls := s.fake.CallsTo("views.open")
	if len(calls) != 1 {
		t.Fatalf("views.open called %d times before the ack, want 1", len(calls))
	}
	// Still pending (0), or abandoned when the Bot's bound ran out (499):
	// never answered, so the ack cannot have waited for it.
	if st := calls[0].Status; st != 0 && st != 499 {
		t.Errorf("views.open was answered (%d); it should still be blocked", st)
	}
}

// TestModalOpensBeforeAck is the control: with Slack answering, views.open
// is called before the ack, the modal is the decision form, and the ack is
// empty (the modal is the answer).
func TestModalOpensBeforeAck(t *testing.T) {
	s := newHTTPStack(t, stackOptions{})
	if a := s.await(s.send(PathCommands, s.commandBody("open high Website defaced")), "/incident open"); a.status != http.StatusOK {
		t.Fatalf("/incident open: status %d", a.status)
	}
	a := s.await(s.send(PathCommands, s.commandBody("decision")), "/incident decision")
	if a.status != http.StatusOK || len(a.body) != 0 {
		t.Fatalf("/incident decision: %d %q, want an empty 200", a.status, a.body)
	}
	views := s.fake.Views()
	if len(views) != 1 || !bytes.Contains(views[0].JSON, []byte(CallbackDecision)) {
		t.Fatalf("views opened before the ack: %+v, want the decision modal", views)
	}
}

// TestRefusedRequestsChangeNothing sends every refused request of
// signing_test.go through the real listener to the real Bot: each gets its
// 401 or 413, the database is byte-for-byte as before, and Slack was not
// called.
func TestRefusedRequestsChangeNothing(t *testing.T) {
	s := newHTTPStack(t, stackOptions{}) // no worker: the store only changes if a request changes it
	if a := s.await(s.send(PathCommands, s.commandBody("open high Website defaced")), "/incident open"); a.status != http.StatusOK {
		t.Fatalf("/incident open: status %d", a.status)
	}
	before := sqlitetest.Dump(t, s.path)
	callsBefore := len(s.fake.Calls())

	for _, c := range refusals() {
		for _, path := range []string{PathCommands, PathInteractions, PathEvents} {
			r := c.request(path)
			req, err := http.NewRequest(http.MethodPost, s.srv.URL+path, r.Body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = r.Header.Clone()
			req.ContentLength = r.ContentLength // -1: sent chunked
			resp, err := s.srv.Client().Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", c.name, path, err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Errorf("%s %s: status %d, want %d", c.name, path, resp.StatusCode, c.status)
			}
		}
	}
	if after := sqlitetest.Dump(t, s.path); after != before {
		t.Errorf("refused requests changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if n := len(s.fake.Calls()); n != callsBefore {
		t.Errorf("refused requests made %d Slack calls: %s", n-callsBefore, methods(s.fake.Calls()[callsBefore:]))
	}
}

// TestEventRetryOverHTTPAppliesOnce: a 📌 reaction event in an incident
// channel, delivered and then retried by Slack (same event_id, with
// X-Slack-Retry-Num), gets 200 both times; the first queues the capture, the
// retry changes nothing.
func TestEventRetryOverHTTPAppliesOnce(t *testing.T) {
	s := newHTTPStack(t, stackOptions{worker: true})
	if a := s.await(s.send(PathCommands, s.commandBody("open high Website defaced")), "/incident open"); a.status != http.StatusOK {
		t.Fatalf("/incident open: status %d", a.status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadlockGuard)
	defer cancel()
	for _, m := range []string{"pins.add", "conversations.setTopic"} {
		if err := s.fake.WaitFor(ctx, m, 1); err != nil {
			t.Fatalf("waiting for %s: %v (calls: %s)", m, err, methods(s.fake.Calls()))
		}
	}
	// From here on only requests may change the store.
	s.stopWorker()
	ch, ok := s.fake.ChannelByName(ChannelName(1, false, "Website defaced"))
	if !ok {
		t.Fatal("no incident channel")
	}
	ts, err := s.fake.AddMessage(ch.ID, stackUser, "WAF logs show the defacement began at 08:50", "")
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"token":"t","team_id":"` + s.fake.TeamID() + `","api_app_id":"A0APP","type":"event_callback","event_id":"Ev0RETRY",` +
		`"event_time":1700000000,"event":{"type":"reaction_added","user":"` + stackUser + `","reaction":"pushpin","item_user":"` + stackUser + `",` +
		`"item":{"type":"message","channel":"` + ch.ID + `","ts":"` + ts + `"},"event_ts":"1700000001.000200"}}`)

	before := sqlitetest.Dump(t, s.path)
	if a := s.await(s.send(PathEvents, body), "reaction event"); a.status != http.StatusOK {
		t.Fatalf("reaction event: status %d", a.status)
	}
	first := sqlitetest.Dump(t, s.path)
	if first == before {
		t.Fatal("the reaction event changed nothing: it did not reach the bot")
	}
	retry := http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}
	if a := s.await(s.sendWith(PathEvents, body, retry), "retried reaction event"); a.status != http.StatusOK {
		t.Fatalf("retried reaction event: status %d, want 200", a.status)
	}
	if again := sqlitetest.Dump(t, s.path); again != first {
		t.Errorf("the retry changed the store:\nafter the first delivery:\n%s\nafter the retry:\n%s", first, again)
	}
}

func methods(calls []fakeslack.Call) string {
	var names []string
	for _, c := range calls {
		names = append(names, c.Method+"="+strconv.Itoa(c.Status))
	}
	return strings.Join(names, " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
