package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"regexp"
	"runtime/debug"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// incidentCommand is the slash command the bot answers (the manifest's).
const incidentCommand = "/incident"

// Defaults of SocketOptions.
const (
	DefaultMinBackoff   = time.Second
	DefaultMaxBackoff   = 2 * time.Minute
	DefaultStableAfter  = time.Minute
	DefaultEventTimeout = 30 * time.Second
)

// ackTimeout bounds the wait to queue an ack on the connection; after Slack's
// 3 seconds an ack is useless anyway.
const ackTimeout = 3 * time.Second

// SocketOptions tune a Socket. Zero values take the defaults above.
type SocketOptions struct {
	// MinBackoff is the first wait before reconnecting after a failed
	// connection; each further failure in a row doubles it, up to MaxBackoff.
	// The actual wait is drawn between half the value and the value (jitter),
	// so that replicas do not reconnect in step.
	MinBackoff time.Duration
	// MaxBackoff caps the wait; it is also the wait after an authentication
	// failure (see Run).
	MaxBackoff time.Duration
	// StableAfter: a connection that was ready at least this long counts as a
	// success; when it ends (Slack refreshes connections every few hours) the
	// client reconnects at once and the backoff starts again from MinBackoff.
	// A connection lost sooner counts as a failure.
	StableAfter time.Duration
	// EventTimeout bounds the work on one Events API event after its ack. That
	// work is detached from Run's context, so an event already acked is still
	// recorded when shutdown begins.
	EventTimeout time.Duration
	// ClientOptions are passed to socketmode.New for every client, after the
	// Socket's own (which route the library's log lines to the Socket's
	// logger at debug level): socketmode.OptionDialer for a proxy,
	// OptionPingInterval (tests raise it, as their fake sends no pings).
	ClientOptions []socketmode.Option
}

func (o SocketOptions) withDefaults() SocketOptions {
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	if o.StableAfter <= 0 {
		o.StableAfter = DefaultStableAfter
	}
	if o.EventTimeout <= 0 {
		o.EventTimeout = DefaultEventTimeout
	}
	return o
}

// socketBot is what the Socket needs of a Bot.
type socketBot interface {
	Command(ctx context.Context, cmd slack.SlashCommand) *slack.Msg
	Interaction(ctx context.Context, cb slack.InteractionCallback) any
	Event(ctx context.Context, teamID, eventID string, ev slackevents.EventsAPIInnerEvent) error
	TeamAllowed(team string) bool
}

// readinessSetter is what the Socket needs of a Readiness.
type readinessSetter interface {
	SetReady(ready bool, reason string)
}

type noReadiness struct{}

func (noReadiness) SetReady(bool, string) {}

// Socket receives Slack traffic over Socket Mode: a supervisor around
// slack-go's socketmode.Client that reconnects with backoff, reports
// readiness (ready only while a connection is open and Slack said hello) and
// logs every change of the connection's state.
type Socket struct {
	bot   socketBot
	api   *slack.Client
	ready readinessSetter
	log   *slog.Logger
	opts  SocketOptions

	now func() time.Time

	mu      sync.Mutex
	running bool
	state   socketState
	reason  string

	busy inflight // handler goroutines, waited for when Run returns
}

// NewSocket builds a Socket. api must carry the app-level token
// (slack.OptionAppLevelToken, an xapp- token with connections:write); b
// handles what arrives; ready (may be nil) follows the connection; log may be
// nil (slog.Default()).
func NewSocket(b *Bot, api *slack.Client, ready *Readiness, log *slog.Logger, opts SocketOptions) *Socket {
	var r readinessSetter = noReadiness{}
	if ready != nil {
		r = ready
	}
	var sb socketBot
	if b != nil {
		sb = b
	}
	return newSocket(sb, api, r, log, opts)
}

func newSocket(b socketBot, api *slack.Client, ready readinessSetter, log *slog.Logger, opts SocketOptions) *Socket {
	if log == nil {
		log = slog.Default()
	}
	return &Socket{bot: b, api: api, ready: ready, log: log, opts: opts.withDefaults(), now: time.Now}
}

// socketState is where the connection is, as logged and reported.
type socketState string

const (
	stateConnecting socketState = "connecting"  // asking Slack for a connection
	stateOpen       socketState = "open"        // WebSocket open, waiting for Slack's hello
	stateReady      socketState = "ready"       // hello received: traffic flows
	stateRetrying   socketState = "retrying"    // connection failed or lost; waiting to reconnect
	stateAuthFailed socketState = "auth_failed" // Slack refused the app-level token
	stateStopped    socketState = "stopped"     // Run returned
)

// setState records a state, tells the readiness and logs the change.
func (s *Socket) setState(st socketState, reason string, attrs ...any) {
	s.mu.Lock()
	changed := st != s.state || reason != s.reason
	s.state, s.reason = st, reason
	s.mu.Unlock()
	s.ready.SetReady(st == stateReady, "socket mode: "+reason)
	if !changed {
		return
	}
	lvl := slog.LevelInfo
	switch st {
	case stateRetrying:
		lvl = slog.LevelWarn
	case stateAuthFailed:
		lvl = slog.LevelError
	}
	s.log.Log(context.Background(), lvl, "slack socket mode: "+reason, append([]any{"state", string(st)}, attrs...)...)
}

// Errors that end a connection attempt.
var (
	errConnectionLost = errors.New("connection lost")
	errInvalidAuth    = errors.New("invalid_auth")
	errClientStopped  = errors.New("socket mode client stopped")
)

// authErrors are the answers of apps.connections.open that no retry with the
// same token will fix soon. slack-go itself gives up on the first four; the
// last three it would retry forever, fast.
var authErrors = map[string]bool{
	"invalid_auth":           true,
	"account_inactive":       true,
	"not_authed":             true,
	"token_revoked":          true,
	"token_expired":          true,
	"not_allowed_token_type": true, // a bot token where the app-level token belongs
	"missing_scope":          true, // the app-level token lacks connections:write
}

// isAuthError reports whether err means Slack refused the app-level token.
func isAuthError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errInvalidAuth) {
		return true
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && authErrors[se.Err] {
		return true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusNotFound {
		return true
	}
	return authErrors[err.Error()]
}

// Run connects to Slack and serves until ctx ends, then waits for the
// handlers still running and returns nil. It returns an error only when the
// Socket cannot run at all.
//
// Each attempt creates a socketmode.Client and runs it. When a connection
// that was ready for StableAfter ends (Slack refreshes connections every few
// hours, or the network drops), the client reconnects at once by itself. The
// attempt ends, readiness goes false, and Run waits before the next one when
// a connection fails to open, or is lost before StableAfter: MinBackoff
// doubling up to MaxBackoff, at least the Retry-After of a rate limit, and
// the count of failures starts again after a connection that lasted. Left to
// itself the client would reconnect at once after every drop and retry failed
// opens from 100 ms, so an endpoint that accepts and then drops connections
// would be hammered.
//
// An authentication failure (invalid_auth, token_revoked, not_allowed_token_type
// …) is logged at error level and retried every MaxBackoff, staying not ready.
// It is not fatal: the process serves more than Socket Mode (/healthz,
// /metrics, the outbox worker, which uses the bot token), some causes clear
// without a restart (an auth outage on Slack's side, a deactivated account
// reactivated), and exiting would turn each of them into a crash loop. A
// replaced token needs a restart anyway; meanwhile /readyz and the log say
// what is wrong, and one call every MaxBackoff costs Slack nothing.
func (s *Socket) Run(ctx context.Context) error {
	if s.api == nil || s.bot == nil {
		return errors.New("slack socket mode: a Bot and an API client are required")
	}
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return errors.New("slack socket mode: already running")
	}
	s.running = true
	s.busy.reset()
	s.mu.Unlock()
	defer func() {
		s.busy.closeAndWait()
		s.setState(stateStopped, "stopped")
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()

	failures := 0
	for {
		res := s.attempt(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var p plan
		p, failures = s.plan(res, failures)
		s.setState(p.state, p.reason, "retry_in", p.wait, "failures", failures)
		if !sleep(ctx, p.wait) {
			return nil
		}
	}
}

// plan is what Run does after an attempt ended.
type plan struct {
	wait   time.Duration
	state  socketState
	reason string
}

// plan decides, from how an attempt ended and the failures in a row before
// it, the wait before the next attempt and the failures counted after it.
func (s *Socket) plan(res attemptResult, failures int) (plan, int) {
	if isAuthError(res.err) {
		return plan{wait: s.opts.MaxBackoff, state: stateAuthFailed,
			reason: "Slack refused the app-level token (" + scrub(res.err) + "); check SLACK_APP_TOKEN: an xapp- token with connections:write"}, failures
	}
	p := plan{state: stateRetrying, reason: "not connected: " + scrub(res.err)}
	if res.stable || res.readyFor >= s.opts.StableAfter {
		failures = 0 // a connection lasted: the count starts again
	}
	if res.readyFor < s.opts.StableAfter { // else a good connection ended: reconnect at once
		p.wait = s.backoff(failures)
		failures++
	}
	var rl *slack.RateLimitedError
	if errors.As(res.err, &rl) && rl.RetryAfter > p.wait {
		p.wait = rl.RetryAfter
	}
	return p, failures
}

// backoff is the wait after n failures in a row (n ≥ 0): MinBackoff·2ⁿ capped
// at MaxBackoff, drawn in [half, full].
func (s *Socket) backoff(n int) time.Duration {
	d := s.opts.MinBackoff
	for i := 0; i < n && d < s.opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.opts.MaxBackoff)
	half := d / 2
	return half + rand.N(d-half+1)
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// attemptResult is how one connection attempt ended.
type attemptResult struct {
	err      error         // why it ended
	readyFor time.Duration // how long its last connection was ready, if it was at the end
	stable   bool          // some connection of the attempt was ready for StableAfter
}

// connTrack follows the connections of one attempt.
type connTrack struct {
	readySince time.Time // hello of the current connection; zero before it
	stable     bool
}

// ended records the end of the current connection and returns how long it
// was ready.
func (c *connTrack) ended(now time.Time, stableAfter time.Duration) time.Duration {
	if c.readySince.IsZero() {
		return 0
	}
	d := now.Sub(c.readySince)
	c.readySince = time.Time{}
	if d >= stableAfter {
		c.stable = true
	}
	return d
}

// attempt runs one socketmode.Client until a connection fails to open or is
// lost before StableAfter, Slack refuses the token, or ctx ends.
//
// The Socket reads the client's Events channel itself rather than through
// SocketmodeHandler.RunEventLoopContext: that loop starts every handler,
// connection-state ones included, in a goroutine of its own, so "connecting"
// could be handled after the "hello" that followed it and readiness would go
// wrong. Here connection-state events are handled in order, in this loop, and
// only Slack's requests (commands, interactions, events) go to the handler,
// which runs each in its own goroutine.
func (s *Socket) attempt(ctx context.Context) attemptResult {
	copts := append([]socketmode.Option{
		socketmode.OptionLog(slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)),
	}, s.opts.ClientOptions...)
	sm := socketmode.New(s.api, copts...)
	h := socketmode.NewSocketmodeHandler(sm)

	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s.register(actx, h)

	done := make(chan error, 1)
	go func() { done <- sm.RunContext(actx) }()

	var track connTrack
	result := func(err error) attemptResult {
		r := attemptResult{err: err}
		r.readyFor = track.ended(s.now(), s.opts.StableAfter)
		r.stable = track.stable
		return r
	}
	var end error // set once the attempt is being ended
	for {
		select {
		case evt := <-sm.Events:
			if end != nil {
				// Requests from a connection being torn down cannot be
				// acked; Slack redelivers events, and a user whose command
				// got no answer can repeat it.
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					s.log.Debug("slack socket mode: dropped request of a closed connection",
						"type", string(evt.Type), "envelope_id", evt.Request.EnvelopeID)
				}
				continue
			}
			if err := s.route(actx, sm, h, evt, &track); err != nil {
				end = err
				cancel(err)
			}
		case err := <-done:
			if end == nil {
				end = err
				if ctx.Err() == nil && end == nil {
					end = errClientStopped
				}
			}
			if errors.Is(end, context.Canceled) {
				if cause := context.Cause(actx); cause != nil && !errors.Is(cause, context.Canceled) {
					end = cause
				}
			}
			return result(end)
		}
	}
}

// route handles one event from the client. It returns non-nil when the
// attempt must end.
func (s *Socket) route(ctx context.Context, sm *socketmode.Client, h *socketmode.SocketmodeHandler, evt socketmode.Event, track *connTrack) error {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		ce, _ := evt.Data.(*slack.ConnectingEvent)
		if ce != nil && ce.ConnectionCount > 0 {
			// The client lost its connection and is opening another one by
			// itself. Fine after a connection that lasted; otherwise the
			// supervisor takes over and backs off. (Its open is usually
			// under way already: cancelling wastes it, one per failure.)
			lasted := track.ended(s.now(), s.opts.StableAfter)
			if lasted < s.opts.StableAfter {
				return fmt.Errorf("%w after %s", errConnectionLost, lasted.Round(time.Millisecond))
			}
			s.setState(stateConnecting, "connection ended, reconnecting", "lasted", lasted.Round(time.Second))
			return nil
		}
		s.setState(stateConnecting, "connecting")
	case socketmode.EventTypeConnectionError:
		var err error = errors.New("connection error")
		if ce, _ := evt.Data.(*slack.ConnectionErrorEvent); ce != nil && ce.ErrorObj != nil {
			err = ce.ErrorObj
		}
		return err
	case socketmode.EventTypeInvalidAuth:
		return errInvalidAuth
	case socketmode.EventTypeConnected:
		// ConnectedEvent.Info holds the WebSocket URL with its one-time
		// ticket: not logged.
		s.setState(stateOpen, "connected, waiting for hello")
	case socketmode.EventTypeHello:
		attrs := []any{}
		if r := evt.Request; r != nil {
			attrs = append(attrs, "connections", r.NumConnections)
			if r.ConnectionInfo.AppID != "" {
				attrs = append(attrs, "app_id", r.ConnectionInfo.AppID)
			}
			if r.DebugInfo.ApproximateConnectionTime > 0 {
				attrs = append(attrs, "approximate_connection_time_s", r.DebugInfo.ApproximateConnectionTime)
			}
		}
		if track.readySince.IsZero() {
			track.readySince = s.now()
		}
		s.setState(stateReady, "connected", attrs...)
	case socketmode.EventTypeDisconnect:
		// slack-go v0.35.0 handles Slack's disconnect request inside the
		// client and never emits this. Should a later version, the
		// "connecting" that follows decides.
		reason := ""
		if evt.Request != nil {
			reason = evt.Request.Reason
		}
		s.log.Info("slack socket mode: Slack asked to reconnect", "reason", reason)
	case socketmode.EventTypeIncomingError:
		// Also sent when the client closes a connection itself (after
		// Slack's disconnect request, at shutdown): debug only. A real loss
		// shows as the next "connecting" event.
		if ie, _ := evt.Data.(*slack.IncomingEventError); ie != nil {
			s.log.Debug("slack socket mode: read error", "err", scrub(ie.ErrorObj))
		}
	case socketmode.EventTypeErrorWriteFailed:
		if we, _ := evt.Data.(*socketmode.ErrorWriteFailed); we != nil {
			id := ""
			if we.Response != nil {
				id = we.Response.EnvelopeID
			}
			s.log.Warn("slack socket mode: could not send ack", "envelope_id", id, "err", scrub(we.Cause))
		}
	case socketmode.EventTypeErrorBadMessage:
		s.badMessage(ctx, sm, evt)
	default:
		h.DispatchEvent(evt)
	}
	return nil
}

// badMessage handles a message the client could not parse (for example an
// event whose inner payload slack-go's stricter decoding rejects). Its
// envelope is acked: every redelivery would fail the same way. The message
// itself is not logged; it may hold user content.
func (s *Socket) badMessage(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	bm, _ := evt.Data.(*socketmode.ErrorBadMessage)
	if bm == nil {
		return
	}
	var env struct {
		Type       string `json:"type"`
		EnvelopeID string `json:"envelope_id"`
	}
	_ = json.Unmarshal(bm.Message, &env)
	s.log.Warn("slack socket mode: unreadable message", "type", env.Type, "envelope_id", env.EnvelopeID, "err", scrub(bm.Cause))
	if env.EnvelopeID == "" {
		return
	}
	req := &socketmode.Request{Type: env.Type, EnvelopeID: env.EnvelopeID}
	if !s.busy.start() {
		return
	}
	go func() {
		defer s.busy.done()
		s.ack(ctx, sm, req, nil)
	}()
}

// register installs the request handlers on h. ctx is the connection's: acks
// are bounded by it, and commands and interactions run under it (if the
// connection is gone, no answer can reach the user, so better no effect).
//
// Every handler runs in its own goroutine (SocketmodeHandler starts one per
// event), so handlers share nothing but the Bot, which is safe for
// concurrent use; its store's transactions order the changes to an incident.
func (s *Socket) register(ctx context.Context, h *socketmode.SocketmodeHandler) {
	h.HandleSlashCommand(incidentCommand, s.tracked(func(evt *socketmode.Event, c *socketmode.Client) {
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			s.ack(ctx, c, evt.Request, nil)
			return
		}
		s.log.Debug("slack socket mode: command", "envelope_id", envelopeID(evt), "team", cmd.TeamID,
			"user", cmd.UserID, "channel", cmd.ChannelID)
		// Bounded as in HTTP mode: a late ack shows an error in Slack even
		// though the change committed.
		actx, cancel := context.WithTimeout(ctx, DefaultAckTimeout)
		defer cancel()
		msg := s.bot.Command(actx, cmd)
		s.ack(ctx, c, evt.Request, msg)
	}))

	interaction := s.tracked(func(evt *socketmode.Event, c *socketmode.Client) {
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			s.ack(ctx, c, evt.Request, nil)
			return
		}
		s.log.Debug("slack socket mode: interaction", "envelope_id", envelopeID(evt), "type", string(cb.Type),
			"team", cb.Team.ID, "user", cb.User.ID, "callback_id", cb.View.CallbackID)
		actx, cancel := context.WithTimeout(ctx, DefaultAckTimeout)
		defer cancel()
		s.ack(ctx, c, evt.Request, s.bot.Interaction(actx, cb))
	})
	h.HandleInteraction(slack.InteractionTypeBlockActions, interaction)
	h.HandleInteraction(slack.InteractionTypeViewSubmission, interaction)

	event := s.tracked(func(evt *socketmode.Event, c *socketmode.Client) {
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			s.ack(ctx, c, evt.Request, nil)
			return
		}
		team, id := eventIDs(ev)
		attrs := []any{"envelope_id", envelopeID(evt), "event_id", id, "team", team, "type", ev.InnerEvent.Type}
		if r := evt.Request; r != nil && r.RetryAttempt > 0 {
			attrs = append(attrs, "retry_attempt", r.RetryAttempt, "retry_reason", r.RetryReason)
		}
		if !s.bot.TeamAllowed(team) {
			s.log.Debug("slack socket mode: event from a workspace not served", attrs...)
			s.ack(ctx, c, evt.Request, nil)
			return
		}
		s.log.Debug("slack socket mode: event", attrs...)
		// Commit, then ack, as in HTTP mode: the work is one short
		// transaction that queues what needs Slack, so the ack stays well
		// inside Slack's deadline; if it fails, no ack, and Slack sends the
		// event again (the stored event id makes a redelivery harmless).
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.EventTimeout)
		defer cancel()
		if err := s.bot.Event(wctx, team, id, ev.InnerEvent); err != nil {
			s.log.Error("slack socket mode: event failed; not acknowledged, so Slack sends it again", append(attrs, "err", err)...)
			return
		}
		s.ack(ctx, c, evt.Request, nil)
	})
	h.HandleEvents(slackevents.ReactionAdded, event)
	h.HandleEvents(slackevents.ReactionRemoved, event)

	h.HandleDefault(s.tracked(func(evt *socketmode.Event, c *socketmode.Client) {
		s.ack(ctx, c, evt.Request, nil)
		attrs := []any{"type", string(evt.Type), "envelope_id", envelopeID(evt)}
		switch d := evt.Data.(type) {
		case slackevents.EventsAPIEvent:
			if d.Type == slackevents.AppRateLimited {
				// Slack drops this app's events for a while.
				s.log.Warn("slack socket mode: Slack rate-limits this app's events", append(attrs, "team", d.TeamID)...)
				return
			}
			attrs = append(attrs, "event_type", d.InnerEvent.Type)
		case slack.InteractionCallback:
			attrs = append(attrs, "interaction_type", string(d.Type))
		case slack.SlashCommand:
			attrs = append(attrs, "command", d.Command)
		}
		s.log.Debug("slack socket mode: acked and ignored", attrs...)
	}))
}

// eventIDs returns the team and the id to deduplicate an Events API event
// by: its event_id, the same on every delivery. The envelope id is not a
// substitute (it names one delivery); without an event_id (Slack always sends
// one) the Bot derives a key from the reaction itself.
func eventIDs(ev slackevents.EventsAPIEvent) (team, id string) {
	team = ev.TeamID
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		id = cb.EventID
		if team == "" {
			team = cb.TeamID
		}
	}
	return team, id
}

func envelopeID(evt *socketmode.Event) string {
	if evt.Request == nil {
		return ""
	}
	return evt.Request.EnvelopeID
}

// ack answers req's envelope with payload (nothing for a nil payload, even
// a typed nil pointer).
func (s *Socket) ack(ctx context.Context, c *socketmode.Client, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" || c == nil {
		return
	}
	if isNil(payload) {
		payload = nil
	}
	actx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	if err := c.AckCtx(actx, req.EnvelopeID, payload); err != nil {
		s.log.Warn("slack socket mode: ack failed", "envelope_id", req.EnvelopeID, "type", req.Type, "err", err)
	}
}

// tracked wraps a handler so Run can wait for it and a panic in it is logged
// instead of ending the process.
func (s *Socket) tracked(f socketmode.SocketmodeHandlerFunc) socketmode.SocketmodeHandlerFunc {
	return func(evt *socketmode.Event, c *socketmode.Client) {
		if !s.busy.start() {
			return // shutting down; not acked, so Slack redelivers what it can
		}
		defer s.busy.done()
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("slack socket mode: handler panicked", "type", string(evt.Type),
					"envelope_id", envelopeID(evt), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		f(evt, c)
	}
}

// inflight counts running handlers; once closed it admits none, so waiting
// cannot race with a late start.
type inflight struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (f *inflight) start() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.wg.Add(1)
	return true
}

func (f *inflight) done() { f.wg.Done() }

func (f *inflight) closeAndWait() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.wg.Wait()
}

func (f *inflight) reset() {
	f.mu.Lock()
	f.closed = false
	f.mu.Unlock()
}

// secretPattern matches what must not reach a log: Slack tokens and the
// one-time ticket in a Socket Mode WebSocket URL.
var secretPattern = regexp.MustCompile(`xox[a-z]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|ticket=[^&\s"]+`)

// scrub renders err for logs and /readyz without secrets.
func scrub(err error) string {
	if err == nil {
		return "unknown error"
	}
	return secretPattern.ReplaceAllString(err.Error(), "[redacted]")
}
