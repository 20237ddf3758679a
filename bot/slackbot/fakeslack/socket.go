package fakeslack

// Socket Mode: apps.connections.open (with the app-level token) hands out a
// one-time WebSocket URL on this server; every connection opened with it is
// kept, greeted with hello and pinged; Deliver hands an envelope to one open
// connection, waits for its ack and hands it to another one when the ack
// does not come, as Slack does.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Envelope types, as Slack names them on a Socket Mode connection.
const (
	EnvelopeSlashCommands = "slash_commands"
	EnvelopeInteractive   = "interactive"
	EnvelopeEventsAPI     = "events_api"
)

// ConnectionsOpenMethod is the Web API method that opens a Socket Mode
// connection; it takes the app-level token, not the bot token.
const ConnectionsOpenMethod = "apps.connections.open"

// Defaults of the Socket Mode options.
const (
	DefaultAppToken     = "xapp-1-A0FAKEAPP-1-fakeslack"
	DefaultAckTimeout   = 3 * time.Second // Slack's deadline for an ack
	DefaultPingInterval = 10 * time.Second
)

// verificationToken is the legacy verification token Slack still puts in
// every payload it hands over.
const verificationToken = "fakeslack-verification-token"

// socketPath is where the WebSocket URLs handed out by apps.connections.open
// point.
const socketPath = "/socket-mode"

// writeWait bounds one write to a connection, so that a peer that stopped
// reading cannot hold a delivery.
const writeWait = 5 * time.Second

// ErrNoAck: no connection acknowledged an envelope before the context ended
// or the fake was closed.
var ErrNoAck = errors.New("fakeslack: envelope not acknowledged")

// Envelope is what Slack hands a Socket Mode connection: a slash command, an
// interaction or an Events API event. Build one with CommandEnvelope,
// InteractionEnvelope or EventEnvelope.
type Envelope struct {
	// ID is the envelope id; empty: Deliver assigns a fresh one. Every
	// delivery of the envelope, retries included, carries the same id.
	ID string
	// Type is one of the Envelope* types.
	Type string
	// Payload is the envelope's payload (for events_api, the outer event).
	Payload json.RawMessage
	// AcceptsResponsePayload tells the client that its ack may carry the
	// answer (slash commands and interactions).
	AcceptsResponsePayload bool
}

// Ack is a connection's acknowledgement of an envelope.
type Ack struct {
	EnvelopeID string
	// Payload is the ack's payload: for a slash command, the answer shown to
	// the person who typed it. Empty when the ack had none.
	Payload json.RawMessage
	// Conn is the number of the connection that acked (1 for the first
	// connection opened, …).
	Conn int
	// Attempts is how many deliveries it took (1: the first was acked).
	Attempts int
}

// sockState is the Socket Mode side of a Server; guarded by Server.mu.
type sockState struct {
	tickets map[string]bool // issued by apps.connections.open, not used yet
	conns   []*wsConn       // open, oldest first
	next    int             // round robin over conns
	nextID  int             // numbers connections: also how many were ever opened
	nextEnv int             // numbers envelopes
	waiters map[string][]chan Ack
}

// wsConn is one open WebSocket connection.
type wsConn struct {
	id   int
	ws   *websocket.Conn
	wmu  sync.Mutex    // gorilla/websocket allows one writer at a time
	gone chan struct{} // closed when the connection ends
	once sync.Once
}

func (c *wsConn) write(kind int, data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeWait))
	return c.ws.WriteMessage(kind, data)
}

// end closes the connection; with closeFrame, politely first.
func (c *wsConn) end(closeFrame bool) {
	c.once.Do(func() {
		if closeFrame {
			msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "fakeslack closing")
			c.wmu.Lock()
			_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
			c.wmu.Unlock()
		}
		close(c.gone)
		_ = c.ws.Close()
	})
}

// AppToken returns the accepted app-level token (for apps.connections.open).
func (s *Server) AppToken() string { return s.opts.AppToken }

// appsConnectionsOpen issues a one-time WebSocket URL.
func (s *Server) appsConnectionsOpen(*request) result {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	ticket := hex.EncodeToString(b)
	if s.sock.tickets == nil {
		s.sock.tickets = map[string]bool{}
	}
	s.sock.tickets[ticket] = true
	ws := "ws" + strings.TrimPrefix(s.base, "http") + socketPath + "?ticket=" + ticket + "&app_id=" + s.opts.AppID
	return okRes(map[string]any{"url": ws})
}

// serveSocket runs one WebSocket connection until it ends.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.sock.tickets[ticket]
	delete(s.sock.tickets, ticket) // a URL opens one connection
	s.mu.Unlock()
	if !valid {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade answered the client
	}
	c := &wsConn{ws: ws, gone: make(chan struct{})}

	s.mu.Lock()
	if s.isClosed {
		s.mu.Unlock()
		c.end(true)
		return
	}
	s.sock.nextID++
	c.id = s.sock.nextID
	n := len(s.sock.conns) + 1
	s.mu.Unlock()

	hello, _ := json.Marshal(map[string]any{
		"type": "hello", "num_connections": n,
		"debug_info":      map[string]any{"host": "fakeslack", "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": s.opts.AppID},
	})
	if err := c.write(websocket.TextMessage, hello); err != nil {
		c.end(false)
		return
	}
	// Only now may envelopes go to it: Slack sends nothing before hello.
	s.mu.Lock()
	if s.isClosed {
		s.mu.Unlock()
		c.end(true)
		return
	}
	s.sock.conns = append(s.sock.conns, c)
	s.notifyLocked()
	s.mu.Unlock()
	defer s.dropConn(c)

	pinged := make(chan struct{})
	go func() { // Slack pings; slack-go drops a connection that is not pinged.
		defer close(pinged)
		t := time.NewTicker(s.opts.PingInterval)
		defer t.Stop()
		for {
			if c.write(websocket.PingMessage, []byte("fakeslack")) != nil {
				return
			}
			select {
			case <-t.C:
			case <-c.gone:
				return
			}
		}
	}()
	defer func() { <-pinged }()
	defer c.end(false)

	for {
		_, b, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(b, &a) != nil || a.EnvelopeID == "" {
			continue // not an ack: Slack ignores it too
		}
		s.acked(Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, Conn: c.id})
	}
}

// dropConn forgets a connection that ended.
func (s *Server) dropConn(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.sock.conns {
		if x == c {
			s.sock.conns = append(s.sock.conns[:i], s.sock.conns[i+1:]...)
			break
		}
	}
	s.notifyLocked()
}

// acked hands an ack to whoever waits for its envelope.
func (s *Server) acked(a Ack) {
	if len(a.Payload) == 0 || string(a.Payload) == "null" {
		a.Payload = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ch := range s.sock.waiters[a.EnvelopeID] {
		select {
		case ch <- a:
		default: // the waiter has what it needs
		}
	}
}

// wait registers a channel for the acks of envelope id.
func (s *Server) wait(id string, size int) (ch chan Ack, done func()) {
	ch = make(chan Ack, size)
	s.mu.Lock()
	if s.sock.waiters == nil {
		s.sock.waiters = map[string][]chan Ack{}
	}
	s.sock.waiters[id] = append(s.sock.waiters[id], ch)
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		ws := s.sock.waiters[id]
		for i, x := range ws {
			if x == ch {
				ws = append(ws[:i], ws[i+1:]...)
				break
			}
		}
		if len(ws) == 0 {
			delete(s.sock.waiters, id)
		} else {
			s.sock.waiters[id] = ws
		}
	}
}

// SocketConnections returns the number of open Socket Mode connections.
func (s *Server) SocketConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sock.conns)
}

// SocketConnectionsOpened returns the number of Socket Mode connections
// ever opened.
func (s *Server) SocketConnectionsOpened() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.nextID
}

// WaitSocketConnections waits until at least n Socket Mode connections are
// open, or ctx ends.
func (s *Server) WaitSocketConnections(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		have, ch := len(s.sock.conns), s.changed
		s.mu.Unlock()
		if have >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakeslack: waiting for %d Socket Mode connections, have %d: %w", n, have, ctx.Err())
		}
	}
}

// pick returns the next open connection in turn, waiting for one if none is
// open.
func (s *Server) pick(ctx context.Context) (*wsConn, error) {
	for {
		s.mu.Lock()
		if s.isClosed {
			s.mu.Unlock()
			return nil, errors.New("fakeslack closed")
		}
		if n := len(s.sock.conns); n > 0 {
			c := s.sock.conns[s.sock.next%n]
			s.sock.next++
			s.mu.Unlock()
			return c, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("no open connection: %w", ctx.Err())
		}
	}
}

// frame renders the envelope as sent on attempt (1 = the first delivery).
func (env Envelope) frame(attempt int, reason string) []byte {
	m := map[string]any{
		"envelope_id": env.ID, "type": env.Type, "payload": env.Payload,
		"accepts_response_payload": env.AcceptsResponsePayload,
	}
	if attempt > 1 {
		m["retry_attempt"] = attempt - 1
		m["retry_reason"] = reason
	}
	b, _ := json.Marshal(m)
	return b
}

func (s *Server) envelopeID(env Envelope) Envelope {
	if env.ID == "" {
		s.mu.Lock()
		s.sock.nextEnv++
		env.ID = fmt.Sprintf("fake-envelope-%06d", s.sock.nextEnv)
		s.mu.Unlock()
	}
	if len(env.Payload) == 0 {
		env.Payload = json.RawMessage("{}")
	}
	return env
}

// Deliver hands env to one open Socket Mode connection (round robin over
// the open ones, waiting for one if none is), and returns its ack. When the
// ack does not come within Options.AckTimeout, or the connection ends or
// cannot be written to first, it delivers the envelope again (same id,
// retry_attempt and retry_reason set) to the next connection, as Slack
// retries; an ack of any delivery, a late one included, ends the wait.
// It fails with ErrNoAck when ctx ends or the fake is closed first.
//
// Slack itself redelivers Events API envelopes; the fake redelivers every
// type, so that a test can also model a person who repeats a command no one
// answered (a client that keys commands by trigger id applies it once).
func (s *Server) Deliver(ctx context.Context, env Envelope) (Ack, error) {
	env = s.envelopeID(env)
	acks, done := s.wait(env.ID, 1)
	defer done()
	reason := ""
	for attempt := 1; ; attempt++ {
		c, err := s.pick(ctx)
		if err != nil {
			return Ack{}, fmt.Errorf("%w: %s after %d deliveries: %v", ErrNoAck, env.ID, attempt-1, err)
		}
		if err := c.write(websocket.TextMessage, env.frame(attempt, reason)); err != nil {
			c.end(false)
			reason = "connection_closed"
			continue
		}
		t := time.NewTimer(s.opts.AckTimeout)
		select {
		case a := <-acks:
			t.Stop()
			a.Attempts = attempt
			return a, nil
		case <-c.gone:
			reason = "connection_closed"
		case <-t.C:
			reason = "timeout"
		case <-ctx.Done():
			t.Stop()
			return Ack{}, fmt.Errorf("%w: %s after %d deliveries: %w", ErrNoAck, env.ID, attempt, ctx.Err())
		case <-s.closed:
			t.Stop()
			return Ack{}, fmt.Errorf("%w: %s: fakeslack closed", ErrNoAck, env.ID)
		}
		t.Stop()
	}
}

// DeliverToAll hands the same envelope (same id) to every open connection at
// once, as an at-least-once delivery can at worst, and returns the ack of
// each, in the order they came. A connection that ends before it acks is
// left out; it fails with ErrNoAck when ctx ends first or none was open.
func (s *Server) DeliverToAll(ctx context.Context, env Envelope) ([]Ack, error) {
	env = s.envelopeID(env)
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.mu.Unlock()
	if len(conns) == 0 {
		return nil, fmt.Errorf("%w: %s: no open connection", ErrNoAck, env.ID)
	}
	acks, done := s.wait(env.ID, len(conns))
	defer done()
	pending := map[int]*wsConn{}
	for _, c := range conns {
		if err := c.write(websocket.TextMessage, env.frame(1, "")); err != nil {
			c.end(false)
			continue
		}
		pending[c.id] = c
	}
	var got []Ack
	for len(pending) > 0 {
		s.mu.Lock()
		changed := s.changed // notified when a connection ends, among others
		s.mu.Unlock()
		for id, c := range pending {
			select {
			case <-c.gone: // a connection that ended stops counting
				delete(pending, id)
			default:
			}
		}
		if len(pending) == 0 {
			break
		}
		select {
		case a := <-acks:
			if _, ok := pending[a.Conn]; ok {
				a.Attempts = 1
				got = append(got, a)
				delete(pending, a.Conn)
			}
		case <-changed:
		case <-ctx.Done():
			return got, fmt.Errorf("%w: %s: %d of %d connections acked: %w", ErrNoAck, env.ID, len(got), len(conns), ctx.Err())
		case <-s.closed:
			return got, fmt.Errorf("%w: %s: fakeslack closed", ErrNoAck, env.ID)
		}
	}
	if len(got) == 0 {
		return nil, fmt.Errorf("%w: %s: every connection ended first", ErrNoAck, env.ID)
	}
	return got, nil
}

// closeSockets ends every connection with a close frame (Close calls it).
func (s *Server) closeSockets() {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		c.end(true)
	}
}

// SlashCommand is a slash command a person typed, for CommandEnvelope.
type SlashCommand struct {
	Command     string // "/incident"
	Text        string
	UserID      string
	UserName    string
	ChannelID   string
	ChannelName string
	// TriggerID: empty takes a fresh one (NewTriggerID), as Slack issues
	// one per invocation.
	TriggerID string
	// ResponseURL: empty takes ResponseURL("cmd").
	ResponseURL string
}

// CommandEnvelope is a slash command as Slack hands it over Socket Mode.
func (s *Server) CommandEnvelope(c SlashCommand) Envelope {
	if c.TriggerID == "" {
		c.TriggerID = s.NewTriggerID()
	}
	if c.ResponseURL == "" {
		c.ResponseURL = s.ResponseURL("cmd")
	}
	p, _ := json.Marshal(map[string]any{
		"token": verificationToken, "team_id": s.opts.TeamID, "team_domain": s.opts.TeamDomain,
		"channel_id": c.ChannelID, "channel_name": c.ChannelName, "user_id": c.UserID, "user_name": c.UserName,
		"command": c.Command, "text": c.Text, "api_app_id": s.opts.AppID, "is_enterprise_install": false,
		"response_url": c.ResponseURL, "trigger_id": c.TriggerID,
	})
	return Envelope{Type: EnvelopeSlashCommands, Payload: p, AcceptsResponsePayload: true}
}

// InteractionEnvelope is an interaction (a button, a form submitted) as
// Slack hands it over Socket Mode; payload is the interaction's JSON.
func (s *Server) InteractionEnvelope(payload json.RawMessage) Envelope {
	return Envelope{Type: EnvelopeInteractive, Payload: payload, AcceptsResponsePayload: true}
}

// EventEnvelope wraps an Events API event (the inner "event" object) in
// its event_callback, with eventID (the id every redelivery keeps).
func (s *Server) EventEnvelope(eventID string, event json.RawMessage) Envelope {
	p, _ := json.Marshal(map[string]any{
		"token": verificationToken, "team_id": s.opts.TeamID, "api_app_id": s.opts.AppID,
		"type": "event_callback", "event_id": eventID, "event_time": s.opts.Now().Unix(), "event": event,
	})
	return Envelope{Type: EnvelopeEventsAPI, Payload: p}
}
