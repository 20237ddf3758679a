package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"incidentbot/bot/slackbot/fakeslack"
)

// sockClient is a bot on a Socket Mode connection: slack-go's client,
// answering every slash command with "<name>: <text>" and acking everything
// else, recording what it was handed.
type sockClient struct {
	name string
	mu   sync.Mutex
	got  []socketmode.Request
}

func (c *sockClient) requests() []socketmode.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]socketmode.Request(nil), c.got...)
}

// connect starts a client and waits until the fake has one more connection;
// the client stops when the test ends.
func connect(t *testing.T, s *fakeslack.Server, name string) *sockClient {
	t.Helper()
	before := s.SocketConnections()
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken(s.AppToken()))
	sm := socketmode.New(api)
	c := &sockClient{name: name}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _ = sm.RunContext(ctx) }()
	go func() {
		defer wg.Done()
		for {
			select {
			case evt := <-sm.Events:
				if evt.Request == nil || evt.Request.EnvelopeID == "" {
					continue
				}
				c.mu.Lock()
				c.got = append(c.got, *evt.Request)
				c.mu.Unlock()
				var payload any
				if cmd, ok := evt.Data.(slack.SlashCommand); ok {
					payload = map[string]string{"text": c.name + ": " + cmd.Text}
				}
				_ = sm.AckCtx(ctx, evt.Request.EnvelopeID, payload)
			case <-ctx.Done():
				return
			}
		}
	}()
	t.Cleanup(func() { cancel(); wg.Wait() })
	if err := s.WaitSocketConnections(ctx2(t), before+1); err != nil {
		t.Fatal(err)
	}
	return c
}

// ctx2 bounds a wait (a hang guard, not a timing assertion).
func ctx2(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// rawClient is a Socket Mode connection opened by hand, for a client that
// misbehaves: it reads what it is sent and never acks.
type rawClient struct {
	ws   *websocket.Conn
	msgs chan map[string]any // closed when reading fails
	err  error               // why reading failed, once msgs is closed
}

func rawConn(t *testing.T, s *fakeslack.Server) *rawClient {
	t.Helper()
	before := s.SocketConnections()
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken(s.AppToken()))
	_, url, err := api.StartSocketModeContext(ctx2(t))
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := websocket.DefaultDialer.DialContext(ctx2(t), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &rawClient{ws: ws, msgs: make(chan map[string]any, 64)}
	go func() {
		defer close(c.msgs)
		for {
			var m map[string]any
			if c.err = ws.ReadJSON(&m); c.err != nil {
				return
			}
			c.msgs <- m
		}
	}()
	t.Cleanup(func() {
		_ = ws.Close()
		for range c.msgs {
		}
	})
	if err := s.WaitSocketConnections(ctx2(t), before+1); err != nil {
		t.Fatal(err)
	}
	return c
}

// next returns the next message that is not hello.
func (c *rawClient) next(t *testing.T) map[string]any {
	t.Helper()
	for m := range c.msgs {
		if m["type"] != "hello" {
			return m
		}
	}
	t.Fatalf("connection ended: %v", c.err)
	return nil
}

func command(s *fakeslack.Server, text string) fakeslack.Envelope {
	return s.CommandEnvelope(fakeslack.SlashCommand{Command: "/incident", Text: text, UserID: "U0ALICE", UserName: "alice", ChannelID: "C0OPS", ChannelName: "ops"})
}

func answer(t *testing.T, a fakeslack.Ack) string {
	t.Helper()
	var m struct{ Text string }
	if err := json.Unmarshal(a.Payload, &m); err != nil {
		t.Fatalf("ack payload %s: %v", a.Payload, err)
	}
	return m.Text
}

// TestSocketModeRoundRobin: each envelope goes to one of the open
// connections, in turn; the ack's payload is the client's answer; hello,
// pings and acks keep slack-go's client content.
func TestSocketModeRoundRobin(t *testing.T) {
	s := fakeslack.NewServer(t)
	a := connect(t, s, "a")
	b := connect(t, s, "b")
	answers := map[string]int{}
	conns := map[int]bool{}
	for i := range 6 {
		ack, err := s.Deliver(ctx2(t), command(s, "help"))
		if err != nil {
			t.Fatal(err)
		}
		if ack.Attempts != 1 {
			t.Errorf("delivery %d took %d attempts", i, ack.Attempts)
		}
		answers[answer(t, ack)]++
		conns[ack.Conn] = true
	}
	if answers["a: help"] != 3 || answers["b: help"] != 3 || len(conns) != 2 {
		t.Errorf("answers %v from connections %v, want three from each of two", answers, conns)
	}
	if na, nb := len(a.requests()), len(b.requests()); na != 3 || nb != 3 {
		t.Errorf("clients were handed %d and %d envelopes, want 3 each (one connection per envelope)", na, nb)
	}
	for _, r := range a.requests() {
		if r.Type != fakeslack.EnvelopeSlashCommands || !r.AcceptsResponsePayload || r.RetryAttempt != 0 {
			t.Errorf("envelope %+v", r)
		}
	}

	// Events and interactions arrive parsed as slack-go parses Slack's.
	ev := s.EventEnvelope("Ev0001", json.RawMessage(`{"type":"reaction_added","user":"U0ALICE","reaction":"pushpin","item":{"type":"message","channel":"C0OPS","ts":"1700000000.000100"},"event_ts":"1700000001.000100"}`))
	if ack, err := s.Deliver(ctx2(t), ev); err != nil || ack.Payload != nil {
		t.Fatalf("event: %+v, %v", ack, err)
	}
	in := s.InteractionEnvelope(json.RawMessage(`{"type":"block_actions","team":{"id":"T0FAKETEAM"},"user":{"id":"U0ALICE"},"actions":[{"action_id":"x","block_id":"b","value":"v","action_ts":"1700000002.000100"}]}`))
	if _, err := s.Deliver(ctx2(t), in); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, r := range append(a.requests(), b.requests()...) {
		types = append(types, r.Type)
	}
	if got := strings.Join(types, " "); !strings.Contains(got, "events_api") || !strings.Contains(got, "interactive") {
		t.Errorf("envelope types handed over: %s", got)
	}
}

// TestSocketModeRedelivers: an envelope whose connection does not ack in
// time, or ends before it acks, is delivered again to another connection
// with retry_attempt and retry_reason, and the envelope id kept.
func TestSocketModeRedelivers(t *testing.T) {
	s := fakeslack.NewServerWith(t, fakeslack.Options{AckTimeout: 200 * time.Millisecond})
	good := connect(t, s, "good")
	silent := rawConn(t, s) // second in turn

	// The first delivery goes to "good"; the second to the silent one,
	// then, after the timeout, to "good" again.
	if ack, err := s.Deliver(ctx2(t), command(s, "one")); err != nil || ack.Attempts != 1 {
		t.Fatalf("one: %+v, %v", ack, err)
	}
	ack, err := s.Deliver(ctx2(t), command(s, "two"))
	if err != nil {
		t.Fatal(err)
	}
	if ack.Attempts != 2 || answer(t, ack) != "good: two" {
		t.Errorf("two: %+v", ack)
	}
	if first := silent.next(t); first["envelope_id"] != ack.EnvelopeID {
		t.Errorf("the silent connection was handed %v, want envelope %s", first["envelope_id"], ack.EnvelopeID)
	}
	last := good.requests()[len(good.requests())-1]
	if last.EnvelopeID != ack.EnvelopeID || last.RetryAttempt != 1 || last.RetryReason != "timeout" {
		t.Errorf("redelivery: %+v", last)
	}

}

// TestSocketModeRedeliversWhenConnectionEnds: a connection that ends with an
// envelope unacked (its process was killed) has it delivered to the next.
func TestSocketModeRedeliversWhenConnectionEnds(t *testing.T) {
	s := fakeslack.NewServerWith(t, fakeslack.Options{AckTimeout: time.Minute})
	good := connect(t, s, "good")
	quitter := rawConn(t, s) // second in turn
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for m := range quitter.msgs {
			if m["type"] == fakeslack.EnvelopeSlashCommands {
				_ = quitter.ws.Close()
				return
			}
		}
	}()
	for _, text := range []string{"one", "two"} {
		ack, err := s.Deliver(ctx2(t), command(s, text))
		if err != nil {
			t.Fatal(err)
		}
		if answer(t, ack) != "good: "+text {
			t.Errorf("%s: %+v", text, ack)
		}
	}
	select {
	case <-ended:
	case <-ctx2(t).Done():
		t.Fatal("the second connection was never handed an envelope")
	}
	got := good.requests()
	if len(got) != 2 || got[1].RetryAttempt != 1 || got[1].RetryReason != "connection_closed" {
		t.Errorf("good was handed %+v, want the second envelope again after the connection ended", got)
	}
	// The connection's reader forgets it on its own goroutine, which may
	// come a moment after the redelivery it caused.
	deadline := time.Now().Add(5 * time.Second)
	for s.SocketConnections() != 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := s.SocketConnections(); n != 1 {
		t.Errorf("%d connections open, want the one left", n)
	}
	if n := s.SocketConnectionsOpened(); n != 2 {
		t.Errorf("%d connections ever opened, want 2 (the one that ended counts)", n)
	}
}

// TestSocketModeDeliverWaitsForAConnection: with no connection open, the
// envelope waits for one; a context that ends first fails with ErrNoAck.
func TestSocketModeDeliverWaitsForAConnection(t *testing.T) {
	s := fakeslack.NewServer(t)
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Deliver(short, command(s, "nobody")); !errors.Is(err, fakeslack.ErrNoAck) {
		t.Errorf("with no connection: %v, want ErrNoAck", err)
	}
	res := make(chan error, 1)
	go func() { _, err := s.Deliver(ctx2(t), command(s, "later")); res <- err }()
	a := connect(t, s, "a")
	if err := <-res; err != nil {
		t.Fatal(err)
	}
	if n := len(a.requests()); n != 1 {
		t.Errorf("%d envelopes handed over", n)
	}
}

// TestSocketModeDeliverToAll: the same envelope (same id) to every open
// connection; each acks it.
func TestSocketModeDeliverToAll(t *testing.T) {
	s := fakeslack.NewServer(t)
	a := connect(t, s, "a")
	b := connect(t, s, "b")
	env := command(s, "twice")
	acks, err := s.DeliverToAll(ctx2(t), env)
	if err != nil {
		t.Fatal(err)
	}
	if len(acks) != 2 || acks[0].Conn == acks[1].Conn || acks[0].EnvelopeID != acks[1].EnvelopeID {
		t.Fatalf("acks %+v", acks)
	}
	ra, rb := a.requests(), b.requests()
	if len(ra) != 1 || len(rb) != 1 || ra[0].EnvelopeID != rb[0].EnvelopeID {
		t.Errorf("handed %v and %v", ra, rb)
	}
}

// TestSocketModeTokens: apps.connections.open takes the app-level token
// only, and the other methods the bot token only; a WebSocket URL opens one
// connection.
func TestSocketModeTokens(t *testing.T) {
	s := fakeslack.NewServer(t)
	for _, c := range []struct {
		token, want string
	}{{s.BotToken(), "not_allowed_token_type"}, {"xapp-1-wrong", "invalid_auth"}} {
		api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken(c.token))
		if _, _, err := api.StartSocketModeContext(ctx2(t)); slackErr(t, err) != c.want {
			t.Errorf("open with %q: %v, want %s", c.token, err, c.want)
		}
	}
	if _, err := slack.New(s.AppToken(), slack.OptionAPIURL(s.URL())).AuthTest(); slackErr(t, err) != "not_allowed_token_type" {
		t.Errorf("auth.test with the app token: %v", err)
	}

	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()), slack.OptionAppLevelToken(s.AppToken()))
	_, url, err := api.StartSocketModeContext(ctx2(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "ws://127.0.0.1:") {
		t.Errorf("url %q", url)
	}
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var hello struct {
		Type           string `json:"type"`
		NumConnections int    `json:"num_connections"`
	}
	if err := ws.ReadJSON(&hello); err != nil || hello.Type != "hello" || hello.NumConnections != 1 {
		t.Errorf("first message %+v, %v", hello, err)
	}
	_, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("second dial of one URL: %v, %v", resp, err)
	}
}

// TestSocketModeClose: closing the fake ends its connections with a close
// frame and returns (no handler is left behind: Close waits for them).
func TestSocketModeClose(t *testing.T) {
	s, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	connect(t, s, "a")
	raw := rawConn(t, s)
	s.Close()
	for range raw.msgs { // hello
	}
	if !websocket.IsCloseError(raw.err, websocket.CloseNormalClosure) {
		t.Errorf("connection ended with %v, want a normal close", raw.err)
	}
	if n := s.SocketConnections(); n != 0 {
		t.Errorf("%d connections after Close", n)
	}
}
