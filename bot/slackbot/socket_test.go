package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/internal/clocktest"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

const (
	sockTeam     = "T0TEAM"
	sockUser     = "U0SATO"
	sockAppToken = "xapp-1-A0FAKE-1234-sockettestsecret"
	sockTicket   = "sockticket-do-not-log"
	sockWait     = 20 * time.Second // guards against hangs only
)

// ---- the fake Socket Mode endpoint -----------------------------------------

// sockFake is Slack's side of Socket Mode on slacktest's server:
// apps.connections.open (checking the app-level token, with injectable
// failures) and a WebSocket the test drives connection by connection.
type sockFake struct {
	srv   *slacktest.Server
	conns chan *sockConn

	mu        sync.Mutex
	opens     []time.Time
	rejectAs  string                        // answer every open with this error while set
	faults    []func(w http.ResponseWriter) // answers for the next opens
	wsOpened  int
	wrongAuth int // opens that carried another token
}

func newSockFake(t *testing.T) *sockFake {
	t.Helper()
	f := &sockFake{conns: make(chan *sockConn, 8)}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/apps.connections.open", f.open)
		c.Handle("/ws", slacktest.Websocket(f.serve))
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *sockFake) open(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.opens = append(f.opens, time.Now())
	reject := f.rejectAs
	var fault func(http.ResponseWriter)
	if len(f.faults) > 0 {
		fault, f.faults = f.faults[0], f.faults[1:]
	}
	if r.Header.Get("Authorization") != "Bearer "+sockAppToken {
		f.wrongAuth++
		reject = "not_authed"
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case reject != "":
		fmt.Fprintf(w, `{"ok":false,"error":%q}`, reject)
	case fault != nil:
		fault(w)
	default:
		fmt.Fprintf(w, `{"ok":true,"url":%q}`, f.srv.GetWSURL()+"?ticket="+sockTicket+"&app_id=A0FAKE")
	}
}

func (f *sockFake) serve(c *websocket.Conn) {
	sc := &sockConn{c: c, in: make(chan []byte, 64), acks: map[string]sockAck{}}
	f.mu.Lock()
	f.wsOpened++
	f.mu.Unlock()
	f.conns <- sc
	for {
		_, b, err := c.ReadMessage()
		if err != nil {
			return
		}
		sc.in <- b
	}
}

func (f *sockFake) reject(code string) {
	f.mu.Lock()
	f.rejectAs = code
	f.mu.Unlock()
}

func (f *sockFake) addFault(fault func(w http.ResponseWriter)) {
	f.mu.Lock()
	f.faults = append(f.faults, fault)
	f.mu.Unlock()
}

func (f *sockFake) openTimes() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.opens...)
}

// accept waits for the client's next WebSocket connection.
func (f *sockFake) accept(t *testing.T) *sockConn {
	t.Helper()
	select {
	case c := <-f.conns:
		t.Cleanup(func() { _ = c.c.Close() })
		return c
	case <-time.After(sockWait):
		t.Fatal("timed out waiting for a Socket Mode connection")
		return nil
	}
}

// helloAll answers hello on every later connection, from its own goroutine,
// for when the test does not care which connection the client keeps.
func (f *sockFake) helloAll(t *testing.T) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var conns []*sockConn
		defer func() {
			for _, c := range conns {
				_ = c.c.Close()
			}
		}()
		for {
			select {
			case c := <-f.conns:
				conns = append(conns, c)
				_ = c.c.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello","num_connections":1}`))
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() { close(stop); <-done })
}

func (f *sockFake) api() *slack.Client {
	return slack.New("xoxb-unused", slack.OptionAppLevelToken(sockAppToken), slack.OptionAPIURL(f.srv.GetAPIURL()))
}

// sockConn is one WebSocket connection; only the test goroutine writes.
type sockConn struct {
	c    *websocket.Conn
	in   chan []byte        // what the client sent: acks
	acks map[string]sockAck // read from in, not yet asked for
}

func (c *sockConn) send(t *testing.T, msg string) {
	t.Helper()
	if err := c.c.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		t.Fatalf("send: %v", err)
	}
}

func (c *sockConn) hello(t *testing.T) {
	t.Helper()
	c.send(t, `{"type":"hello","num_connections":1,"debug_info":{"host":"fake-1"},"connection_info":{"app_id":"A0FAKE"}}`)
}

// drop closes the TCP connection without a close frame, as a network failure
// would.
func (c *sockConn) drop() { _ = c.c.Close() }

// sockAck is an ack as it arrived on the wire.
type sockAck struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// ack waits for the ack of envelope id (acks of concurrent handlers arrive
// in any order).
func (c *sockConn) ack(t *testing.T, id string) sockAck {
	t.Helper()
	deadline := time.After(sockWait)
	for {
		if a, ok := c.acks[id]; ok {
			delete(c.acks, id)
			return a
		}
		select {
		case b := <-c.in:
			var a sockAck
			if err := json.Unmarshal(b, &a); err != nil {
				t.Fatalf("client sent %q: %v", b, err)
			}
			if _, dup := c.acks[a.EnvelopeID]; dup {
				t.Errorf("envelope %s acked twice", a.EnvelopeID)
			}
			c.acks[a.EnvelopeID] = a
		case <-deadline:
			t.Fatalf("timed out waiting for the ack of %s", id)
		}
	}
}

// ---- the bot under the socket ----------------------------------------------

// sockEnv is a real Bot on a real SQLite store, talking to the fake Web API,
// with its outbox worker running.
type sockEnv struct {
	fake *fakeslack.Server
	svc  *workflow.Service
	bot  *Bot
}

var sockQuiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newSockEnv(t *testing.T) *sockEnv {
	t.Helper()
	fake := fakeslack.NewServer(t)
	fake.AddUser(sockUser, "sato", "Sato Hanako", "Asia/Tokyo", "ja-JP")
	if err := fake.AddChannel("C0GENERAL", "general", false, fake.BotUserID(), sockUser); err != nil {
		t.Fatal(err)
	}
	db, _ := sqlitetest.Open(t)
	svc := workflow.NewService(workflow.Options{Store: db, Location: time.UTC, Logger: sockQuiet})
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	b, err := New(Options{Service: svc, Store: db, API: api, APIURL: fake.URL(), Lang: workflow.English, Loc: time.UTC, Logger: sockQuiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = b.Deliver(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &sockEnv{fake: fake, svc: svc, bot: b}
}

func (e *sockEnv) incident(t *testing.T, ref string) (*workflow.Incident, []workflow.Event) {
	t.Helper()
	actor := workflow.Actor{Team: sockTeam, User: sockUser}
	r, err := e.svc.Execute(context.Background(), workflow.Request{Actor: actor, Lang: workflow.English, Text: "show " + ref})
	if err != nil {
		t.Fatal(err)
	}
	_, events, err := e.svc.Timeline(context.Background(), actor, workflow.Ref{ID: r.Incident.ID})
	if err != nil {
		t.Fatal(err)
	}
	return r.Incident, events
}

// sockRecorder passes everything to a real Bot and records the Event calls.
type sockRecorder struct {
	*Bot
	mu     sync.Mutex
	events []string // "team event_id inner_type"
}

func (r *sockRecorder) Event(ctx context.Context, team, id string, ev slackevents.EventsAPIInnerEvent) error {
	err := r.Bot.Event(ctx, team, id, ev)
	r.mu.Lock()
	r.events = append(r.events, team+" "+id+" "+ev.Type)
	r.mu.Unlock()
	return err
}

func (r *sockRecorder) calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

// sockLog is a slog handler's output that tests can read while handlers
// write.
type sockLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *sockLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *sockLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *sockLog) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// waitFor polls cond; the deadline only guards against a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(sockWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameJSON(t *testing.T, what string, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: payload %q: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if jsonOf(t, g) != jsonOf(t, w) {
		t.Errorf("%s: ack payload\n%s\nwant\n%s", what, got, want)
	}
}

// connectedClient is a socketmode.Client connected to f, its Events drained
// (the test dispatches by hand), and the server side of its connection.
func connectedClient(t *testing.T, f *sockFake) (context.Context, *socketmode.Client, *sockConn) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sm := socketmode.New(f.api(), socketmode.OptionPingInterval(time.Hour),
		socketmode.OptionLog(slog.NewLogLogger(sockQuiet.Handler(), slog.LevelDebug)))
	done := make(chan struct{})
	go func() { defer close(done); _ = sm.RunContext(ctx) }()
	go func() {
		for {
			select {
			case <-sm.Events:
			case <-ctx.Done():
				return
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ctx, sm, f.accept(t)
}

// ---- handler logic through SocketmodeHandler.DispatchEvent ----------------

// TestSocketHandlersDispatch routes hand-made events through the handlers
// registered on a SocketmodeHandler, with a real Bot behind them, and reads
// the acks where Slack would: on the WebSocket.
func TestSocketHandlersDispatch(t *testing.T) {
	env := newSockEnv(t)
	f := newSockFake(t)
	rec := &sockRecorder{Bot: env.bot}
	s := newSocket(rec, f.api(), noReadiness{}, sockQuiet, SocketOptions{})
	ctx, sm, conn := connectedClient(t, f)
	h := socketmode.NewSocketmodeHandler(sm)
	s.register(ctx, h)
	t.Cleanup(s.busy.closeAndWait)

	command := func(env string, text string) slack.SlashCommand {
		return slack.SlashCommand{Command: "/incident", Text: text, TeamID: sockTeam, UserID: sockUser, UserName: "sato",
			ChannelID: "C0GENERAL", TriggerID: env, ResponseURL: "http://127.0.0.1:1/unused"}
	}
	dispatch := func(typ socketmode.EventType, data any, req socketmode.Request) {
		req.Type = string(typ)
		h.DispatchEvent(socketmode.Event{Type: typ, Data: data, Request: &req})
	}

	// A slash command reaches b.Command and its result is the ack payload.
	help := command("trig-help", "help")
	dispatch(socketmode.EventTypeSlashCommand, help, socketmode.Request{EnvelopeID: "env-help"})
	sameJSON(t, "help", conn.ack(t, "env-help").Payload, jsonOf(t, env.bot.Command(context.Background(), help)))

	// A command with effects: committed before the ack, whose text is the
	// reply for the person who typed it.
	dispatch(socketmode.EventTypeSlashCommand, command("trig-open", "open high Website defaced"), socketmode.Request{EnvelopeID: "env-open"})
	var reply slack.Msg
	if err := json.Unmarshal(conn.ack(t, "env-open").Payload, &reply); err != nil {
		t.Fatal(err)
	}
	inc, _ := env.incident(t, "#1")
	if inc.Title != "Website defaced" || reply.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(reply.Text, "#1") {
		t.Fatalf("after open: incident %q, ack %+v", inc.Title, reply)
	}

	// A view submission missing its required fields: the ack carries the
	// field errors b.Interaction returned.
	sub := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, Team: slack.Team{ID: sockTeam},
		User: slack.User{ID: sockUser}, View: slack.View{ID: "V1", CallbackID: CallbackOpen, State: &slack.ViewState{}}}
	want := env.bot.Interaction(context.Background(), sub)
	if isNil(want) {
		t.Fatal("an empty open form was accepted; the test needs one that is refused")
	}
	dispatch(socketmode.EventTypeInteractive, sub, socketmode.Request{EnvelopeID: "env-view"})
	sameJSON(t, "view submission", conn.ack(t, "env-view").Payload, jsonOf(t, want))

	// A block action answers with an empty ack (no "payload" at all, not
	// null).
	click := slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, Team: slack.Team{ID: sockTeam}, User: slack.User{ID: sockUser},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: "unknown_action", Value: "x"}}}}
	dispatch(socketmode.EventTypeInteractive, click, socketmode.Request{EnvelopeID: "env-click"})
	if a := conn.ack(t, "env-click"); a.Payload != nil {
		t.Errorf("block action ack payload %s, want none", a.Payload)
	}

	// A reaction in the incident channel: b.Event gets the team and the
	// event_id and commits, then the envelope is acked.
	var ch fakeslack.Channel
	waitFor(t, "the incident channel", func() bool {
		var ok bool
		ch, ok = env.fake.ChannelByName("inc-1-website-defaced")
		return ok
	})
	// The card is pinned after the channel is linked to the incident.
	waitFor(t, "the card pinned", func() bool { return len(env.fake.Pins(ch.ID)) == 1 })
	ts, err := env.fake.AddMessage(ch.ID, sockUser, "WAF log shows 500 hits from 203.0.113.9", "")
	if err != nil {
		t.Fatal(err)
	}
	reaction := func(typ, eventID string) slackevents.EventsAPIEvent {
		item := slackevents.Item{Type: "message", Channel: ch.ID, Timestamp: ts}
		var data any = &slackevents.ReactionAddedEvent{Type: typ, User: sockUser, Reaction: "pushpin", Item: item, EventTimestamp: "1700000100.000100"}
		if typ == string(slackevents.ReactionRemoved) {
			data = &slackevents.ReactionRemovedEvent{Type: typ, User: sockUser, Reaction: "pushpin", Item: item, EventTimestamp: "1700000200.000100"}
		}
		return slackevents.EventsAPIEvent{TeamID: sockTeam, Type: slackevents.CallbackEvent,
			Data:       &slackevents.EventsAPICallbackEvent{Type: slackevents.CallbackEvent, TeamID: sockTeam, EventID: eventID},
			InnerEvent: slackevents.EventsAPIInnerEvent{Type: typ, Data: data}}
	}
	dispatch(socketmode.EventTypeEventsAPI, reaction("reaction_added", "Ev1"), socketmode.Request{EnvelopeID: "env-ev1"})
	if a := conn.ack(t, "env-ev1"); a.Payload != nil {
		t.Errorf("event ack payload %s, want none", a.Payload)
	}
	// The ack comes after b.Event has committed (as in HTTP mode), so by the
	// time it arrives the recorder has the call.
	if got := rec.calls(); len(got) != 1 || got[0] != sockTeam+" Ev1 reaction_added" {
		t.Fatalf("at the ack, b.Event calls are %v", got)
	}
	waitFor(t, "the capture", func() bool { inc, _ := env.incident(t, "#1"); return inc.Seq == 2 })

	// Slack's redelivery (new envelope, retry_attempt 1, same event_id) is
	// acked and reaches b.Event with the same id, which makes it a no-op.
	dispatch(socketmode.EventTypeEventsAPI, reaction("reaction_added", "Ev1"),
		socketmode.Request{EnvelopeID: "env-ev1-retry", RetryAttempt: 1, RetryReason: "timeout"})
	conn.ack(t, "env-ev1-retry")
	waitFor(t, "b.Event of the retry", func() bool { return len(rec.calls()) == 2 })
	if got := rec.calls()[1]; got != sockTeam+" Ev1 reaction_added" {
		t.Errorf("b.Event got %q for the retry", got)
	}
	// Captures of a channel are delivered in order, so once the removal
	// below is on the timeline, a second capture of the retry would be too.
	dispatch(socketmode.EventTypeEventsAPI, reaction("reaction_removed", "Ev2"), socketmode.Request{EnvelopeID: "env-ev2"})
	conn.ack(t, "env-ev2")
	var events []workflow.Event
	waitFor(t, "the retraction", func() bool {
		_, events = env.incident(t, "#1")
		return events[len(events)-1].Kind != workflow.EventMessagePinned
	})
	if len(events) != 3 {
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, string(e.Kind))
		}
		t.Errorf("timeline %v, want opened, pinned, retracted: the redelivery had an effect", kinds)
	}

	// Anything else is acked and ignored: an event type without a handler,
	// another interaction type, another slash command.
	dispatch(socketmode.EventTypeEventsAPI, slackevents.EventsAPIEvent{TeamID: sockTeam, Type: slackevents.CallbackEvent,
		Data:       &slackevents.EventsAPICallbackEvent{EventID: "Ev3"},
		InnerEvent: slackevents.EventsAPIInnerEvent{Type: "app_mention", Data: &slackevents.AppMentionEvent{Type: "app_mention"}}},
		socketmode.Request{EnvelopeID: "env-mention"})
	dispatch(socketmode.EventTypeInteractive, slack.InteractionCallback{Type: slack.InteractionTypeShortcut, CallbackID: "x"},
		socketmode.Request{EnvelopeID: "env-shortcut"})
	dispatch(socketmode.EventTypeSlashCommand, slack.SlashCommand{Command: "/other"}, socketmode.Request{EnvelopeID: "env-other"})
	for _, id := range []string{"env-mention", "env-shortcut", "env-other"} {
		if a := conn.ack(t, id); a.Payload != nil {
			t.Errorf("%s: ack payload %s, want none", id, a.Payload)
		}
	}
	if n := len(rec.calls()); n != 3 {
		t.Errorf("b.Event called %d times, want 3 (the app_mention must not reach it)", n)
	}
}

// panicBot panics in every method.
type panicBot struct{}

func (panicBot) Command(context.Context, slack.SlashCommand) *slack.Msg     { panic("boom") }
func (panicBot) Interaction(context.Context, slack.InteractionCallback) any { panic("boom") }
func (panicBot) Event(context.Context, string, string, slackevents.EventsAPIInnerEvent) error {
	panic("boom")
}
func (panicBot) TeamAllowed(string) bool { return true }

// TestSocketHandlerPanicIsContained: a bug in one handler is logged and does
// not take the process (and every other incident's traffic) down.
func TestSocketHandlerPanicIsContained(t *testing.T) {
	var logs sockLog
	s := newSocket(panicBot{}, slack.New("x"), noReadiness{}, logs.logger(), SocketOptions{})
	h := socketmode.NewSocketmodeHandler(socketmode.New(slack.New("x")))
	s.register(context.Background(), h)
	h.DispatchEvent(socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: slack.SlashCommand{Command: "/incident"},
		Request: &socketmode.Request{EnvelopeID: "e1"}})
	waitFor(t, "the panic to be logged", func() bool { return strings.Contains(logs.String(), "handler panicked") })
	s.busy.closeAndWait()
}

// ---- the supervisor against a fake Socket Mode endpoint -------------------

func startSocket(t *testing.T, s *Socket) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(sockWait):
			t.Fatal("Run did not return after its context ended")
		}
	}
	t.Cleanup(stop)
	return stop
}

func waitReady(t *testing.T, r *Readiness, want bool) string {
	t.Helper()
	var reason string
	waitFor(t, fmt.Sprintf("ready=%t", want), func() bool {
		var ok bool
		ok, reason = r.Ready()
		return ok == want
	})
	return reason
}

func checkNoSecrets(t *testing.T, logs string) {
	t.Helper()
	for _, secret := range []string{sockAppToken, sockTicket, "xoxb-"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}

// TestSocketReconnects: the supervisor is ready only after Slack's hello;
// traffic arriving over the real WebSocket is parsed, routed and acked; when
// a connection that lasted is closed by Slack's disconnect request, the
// client reconnects by itself and readiness goes false until the new
// connection's hello; when a fresh connection drops, the supervisor starts
// a new client after its backoff and readiness comes back; Run stops when
// its context ends.
func TestSocketReconnects(t *testing.T) {
	env := newSockEnv(t)
	f := newSockFake(t)
	var logs sockLog
	var ready Readiness
	clock := clocktest.New(time.Now())
	rec := &sockRecorder{Bot: env.bot}
	s := newSocket(rec, f.api(), &ready, logs.logger(), SocketOptions{MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
		ClientOptions: []socketmode.Option{socketmode.OptionPingInterval(time.Hour)}})
	s.now = clock.Now
	stop := startSocket(t, s)

	c1 := f.accept(t)
	if ok, reason := ready.Ready(); ok {
		t.Fatalf("ready before hello (%s)", reason)
	}
	c1.hello(t)
	waitReady(t, &ready, true)

	// A slash command and a reaction, as Slack sends them.
	c1.send(t, `{"envelope_id":"w-cmd","type":"slash_commands","accepts_response_payload":true,"payload":{`+
		`"token":"verification-token","team_id":"`+sockTeam+`","channel_id":"C0GENERAL","user_id":"`+sockUser+`",`+
		`"command":"/incident","text":"help","trigger_id":"trig-w","response_url":"http://127.0.0.1:1/unused"}}`)
	want := env.bot.Command(context.Background(), slack.SlashCommand{Command: "/incident", Text: "help", TeamID: sockTeam, UserID: sockUser, ChannelID: "C0GENERAL"})
	sameJSON(t, "help over the wire", c1.ack(t, "w-cmd").Payload, jsonOf(t, want))
	c1.send(t, `{"envelope_id":"w-ev","type":"events_api","accepts_response_payload":false,"retry_attempt":0,"payload":{`+
		`"token":"verification-token","team_id":"`+sockTeam+`","api_app_id":"A0FAKE","type":"event_callback","event_id":"Ev9","event_time":1700000000,`+
		`"event":{"type":"reaction_added","user":"`+sockUser+`","reaction":"pushpin","item":{"type":"message","channel":"C0GENERAL","ts":"1700000000.000100"},"event_ts":"1700000001.000100"}}}`)
	c1.ack(t, "w-ev")
	waitFor(t, "b.Event", func() bool { return len(rec.calls()) == 1 })
	if got := rec.calls()[0]; got != sockTeam+" Ev9 reaction_added" {
		t.Errorf("b.Event got %q", got)
	}

	// An envelope slack-go cannot parse (an event type it does not know) is
	// acked all the same: every redelivery would fail alike.
	c1.send(t, `{"envelope_id":"w-bad","type":"events_api","payload":{"type":"event_callback","event_id":"Ev10","event":{"type":"no_such_event"}}}`)
	c1.ack(t, "w-bad")

	// Two hours later Slack asks the client to reconnect (its routine
	// refresh): the same client opens a new connection at once.
	clock.Advance(2 * time.Hour)
	c1.send(t, `{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"fake-1"}}`)
	waitReady(t, &ready, false)
	c2 := f.accept(t)
	if ok, reason := ready.Ready(); ok {
		t.Fatalf("ready on a new connection before its hello (%s)", reason)
	}
	c2.hello(t)
	waitReady(t, &ready, true)
	if n := len(f.openTimes()); n != 2 {
		t.Errorf("apps.connections.open called %d times for two connections", n)
	}

	// The network drops the new connection at once: the supervisor backs
	// off and starts again.
	c2.drop()
	reason := waitReady(t, &ready, false)
	if !strings.Contains(reason, "socket mode") {
		t.Errorf("not-ready reason %q", reason)
	}
	f.helloAll(t)
	waitReady(t, &ready, true)

	stop()
	if ok, reason := ready.Ready(); ok || !strings.Contains(reason, "stopped") {
		t.Errorf("after Run returned: ready=%t %q", ok, reason)
	}
	out := logs.String()
	for _, want := range []string{"state=ready", "connection ended, reconnecting", "state=retrying", "connection lost after", "state=stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %q:\n%s", want, out)
		}
	}
	checkNoSecrets(t, out)
}

// TestSocketAuthFailureKeepsRetrying: Slack refusing the app-level token is
// logged as an error and leaves the bot not ready, but the supervisor keeps
// trying (at MaxBackoff), so once the token is accepted again it connects
// without a restart.
func TestSocketAuthFailureKeepsRetrying(t *testing.T) {
	f := newSockFake(t)
	f.reject("invalid_auth")
	var logs sockLog
	var ready Readiness
	s := newSocket(panicBot{}, f.api(), &ready, logs.logger(), SocketOptions{MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond,
		ClientOptions: []socketmode.Option{socketmode.OptionPingInterval(time.Hour)}})
	startSocket(t, s)

	waitFor(t, "three refused opens", func() bool { return len(f.openTimes()) >= 3 })
	waitFor(t, "the reason on /readyz", func() bool {
		ok, reason := ready.Ready()
		if ok {
			t.Fatal("ready while the token is refused")
		}
		return strings.Contains(reason, "invalid_auth") && strings.Contains(reason, "SLACK_APP_TOKEN")
	})
	f.mu.Lock()
	dialed := f.wsOpened
	f.mu.Unlock()
	if dialed != 0 {
		t.Errorf("%d WebSocket connections while the token was refused", dialed)
	}
	if !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("no error logged:\n%s", logs.String())
	}

	f.reject("")
	f.accept(t).hello(t)
	waitReady(t, &ready, true)
	f.mu.Lock()
	wrong := f.wrongAuth
	f.mu.Unlock()
	if wrong != 0 {
		t.Errorf("%d opens without the app-level token", wrong)
	}
	checkNoSecrets(t, logs.String())
}

// TestSocketBacksOffOnOpenFailures: a rate limit and a 5xx from
// apps.connections.open are retried by the supervisor, the rate limit not
// before its Retry-After.
func TestSocketBacksOffOnOpenFailures(t *testing.T) {
	f := newSockFake(t)
	// The 429 comes first: the client itself also waits out its Retry-After
	// before it opens again, so the next open is a second later whoever
	// makes it. (After a 500 the client retries by itself in 100 ms; a
	// supervisor slower than that ends the attempt on the 500 and never sees
	// the 429 the client's retry got.)
	f.addFault(func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
	})
	f.addFault(func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "<html>oops</html>")
	})
	var ready Readiness
	s := newSocket(panicBot{}, f.api(), &ready, sockQuiet, SocketOptions{MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond,
		ClientOptions: []socketmode.Option{socketmode.OptionPingInterval(time.Hour)}})
	startSocket(t, s)

	// Hello on every connection: one the client opened by itself before the
	// supervisor ended its attempt is closed again, and the next one is
	// the one that must become ready.
	f.helloAll(t)
	waitReady(t, &ready, true)
	// opens[0] got the 429 and opens[1] the 500.
	opens := f.openTimes()
	if len(opens) < 3 {
		t.Fatalf("apps.connections.open called %d times, want 429, 500, ok", len(opens))
	}
	if gap := opens[1].Sub(opens[0]); gap < time.Second {
		t.Errorf("reconnected %v after a 429 with Retry-After: 1", gap)
	}
}

// ---- the supervisor's decisions -------------------------------------------

func TestSocketPlan(t *testing.T) {
	s := newSocket(panicBot{}, nil, noReadiness{}, sockQuiet, SocketOptions{MinBackoff: time.Second, MaxBackoff: 8 * time.Second, StableAfter: time.Minute})
	lost := attemptResult{err: errConnectionLost, readyFor: time.Second}
	failures := 0
	var waits []time.Duration
	for range 6 {
		var p plan
		p, failures = s.plan(lost, failures)
		if p.state != stateRetrying {
			t.Errorf("state %s after a lost connection", p.state)
		}
		waits = append(waits, p.wait)
	}
	// Doubling from 1s, capped at 8s, each drawn in [half, full].
	for i, full := range []time.Duration{1, 2, 4, 8, 8, 8} {
		full *= time.Second
		if waits[i] < full/2 || waits[i] > full {
			t.Errorf("wait %d = %v, want in [%v, %v]", i, waits[i], full/2, full)
		}
	}

	// A connection that lasted resets the count and reconnects at once.
	p, n := s.plan(attemptResult{err: errConnectionLost, readyFor: 2 * time.Hour}, failures)
	if p.wait != 0 || n != 0 {
		t.Errorf("after a stable connection: wait %v, failures %d", p.wait, n)
	}

	// A refused token: the longest wait, an error state, the count unchanged.
	p, n = s.plan(attemptResult{err: slack.SlackErrorResponse{Err: "token_revoked"}}, 3)
	if p.wait != 8*time.Second || p.state != stateAuthFailed || n != 3 || !strings.Contains(p.reason, "token_revoked") {
		t.Errorf("after token_revoked: %+v, failures %d", p, n)
	}

	// A rate limit is waited out.
	p, _ = s.plan(attemptResult{err: &slack.RateLimitedError{RetryAfter: 30 * time.Second}}, 0)
	if p.wait != 30*time.Second {
		t.Errorf("after a rate limit: wait %v", p.wait)
	}
}

func TestSocketIsAuthError(t *testing.T) {
	for _, c := range []struct {
		err  error
		auth bool
	}{
		{slack.SlackErrorResponse{Err: "invalid_auth"}, true},
		{fmt.Errorf("open: %w", slack.SlackErrorResponse{Err: "not_allowed_token_type"}), true},
		{errors.New("account_inactive"), true}, // as slack-go compares: by text
		{slack.StatusCodeError{Code: http.StatusNotFound, Status: "404 Not Found"}, true},
		{errInvalidAuth, true},
		{slack.StatusCodeError{Code: http.StatusInternalServerError, Status: "500"}, false},
		{slack.SlackErrorResponse{Err: "internal_error"}, false},
		{&slack.RateLimitedError{RetryAfter: time.Second}, false},
		{errConnectionLost, false},
		{nil, false},
	} {
		if got := isAuthError(c.err); got != c.auth {
			t.Errorf("isAuthError(%v) = %t", c.err, got)
		}
	}
}

func TestSocketScrub(t *testing.T) {
	err := errors.New(`dial "wss://wss-primary.slack.com/link/?ticket=abc-123&app_id=A1": token xapp-1-A1-2-zz and xoxb-12-34-ab refused`)
	got := scrub(err)
	for _, secret := range []string{"abc-123", "xapp-1", "xoxb-12"} {
		if strings.Contains(got, secret) {
			t.Errorf("scrub left %q in %q", secret, got)
		}
	}
	if !strings.Contains(got, "app_id=A1") {
		t.Errorf("scrub removed too much: %q", got)
	}
}
