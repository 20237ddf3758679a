// Package fakeslack is a small, stateful fake of Slack's Web API for tests.
//
// It is a real HTTP server on 127.0.0.1 that keeps channels, members,
// messages, pins, topics, users, user groups, opened views and uploaded files
// (files upload v2: the upload URL points back at the fake), answers with
// Slack-shaped JSON that slack-go decodes, records every call, and can inject
// faults (blocking, delays, HTTP 429, HTTP 5xx and Slack error codes).
//
// Start it with [Start] (standalone, e.g. from a load tool or an end-to-end
// harness that runs the bot in another process) or with [NewServer] in a test,
// then point the client at it:
//
//	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()))
//
// It also speaks Socket Mode (socket.go): apps.connections.open with the
// app-level token opens a WebSocket on the same server, and [Server.Deliver]
// hands a slash command, an interaction or an event to one of the open
// connections and returns its ack, retrying on another connection as Slack
// does.
//
// Simplifications: scopes are not modelled (any valid token may call any
// method), system messages such as "set the channel topic" or "joined the
// channel" are not added to history, and message timestamps come from a
// per-server counter rather than the wall clock.
package fakeslack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults used when the corresponding Options field is empty.
const (
	DefaultBotToken   = "xoxb-fakeslack-token"
	DefaultTeamID     = "T0FAKETEAM"
	DefaultTeamName   = "Fake Workspace"
	DefaultTeamDomain = "fake-workspace"
	DefaultBotUserID  = "U0FAKEBOT"
	DefaultBotID      = "B0FAKEBOT"
	DefaultBotName    = "incidentbot"
	DefaultAppID      = "A0FAKEAPP"
	DefaultTriggerTTL = 3 * time.Second
)

// ResponseURLMethod is the method name under which posts to a response URL
// (see [Server.ResponseURL]) are recorded and matched by fault injection.
const ResponseURLMethod = "response_url"

// AllMethods matches every method (including [ResponseURLMethod]) in Block,
// Delay, RateLimit, Fail, Error, WaitFor, WaitForCalls and CallsTo.
const AllMethods = "*"

// maxBody bounds the request bodies the fake reads.
const maxBody = 8 << 20

// Options configures a Server. The zero value is usable.
type Options struct {
	// Addr is the listen address; default "127.0.0.1:0" (a free port).
	Addr string
	// BotToken is the only token accepted; default DefaultBotToken.
	BotToken string
	// TeamID, TeamName and TeamDomain describe the workspace.
	TeamID, TeamName, TeamDomain string
	// BotUserID, BotID and BotName describe the bot user the token belongs to.
	BotUserID, BotID, BotName string
	// AppID is reported in opened views.
	AppID string
	// TSBase is the time of the first message timestamp; default
	// 2023-11-14T22:13:20Z (Unix 1700000000). Timestamps then increase by
	// 100µs per message: "1700000000.000100", "1700000000.000200", …
	TSBase time.Time
	// TriggerTTL is how long a trigger id issued by NewTriggerID stays valid
	// for views.open; default DefaultTriggerTTL (3s). Negative: never expires.
	TriggerTTL time.Duration
	// Now is the clock trigger ids age by; default time.Now. Tests of the
	// expiry set it so that a slow machine cannot expire a trigger early.
	Now func() time.Time
	// Logger, when set, receives one debug line per call.
	Logger *slog.Logger

	// AppToken is the only app-level token apps.connections.open accepts
	// (Socket Mode); default DefaultAppToken.
	AppToken string
	// AckTimeout is how long Deliver waits for a Socket Mode ack before it
	// delivers the envelope again; default DefaultAckTimeout (Slack's 3s).
	AckTimeout time.Duration
	// PingInterval is how often every Socket Mode connection is pinged;
	// default DefaultPingInterval.
	PingInterval time.Duration
}

// Call is one recorded HTTP request.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), ResponseURLMethod for
	// posts to a response URL, or the request path for anything else.
	Method string
	// Time is when the request was received.
	Time time.Time
	// Token is the token the request carried (Authorization header, else the
	// "token" parameter); "" if none.
	Token string
	// Form holds query and form-encoded body parameters.
	Form url.Values
	// JSON is the request body when it was JSON.
	JSON json.RawMessage
	// ResponseURL is the name of the response URL for ResponseURLMethod calls.
	ResponseURL string
	// FileID is the file posted to an upload URL, for UploadMethod calls.
	FileID string
	// Status is the HTTP status answered; 0 while the request is still pending
	// (blocked or delayed), 499 if the client went away first.
	Status int
	// Error is the Slack error code answered ("" when ok).
	Error string
}

// Succeeded reports whether the call was answered with HTTP 200 and ok:true.
func (c Call) Succeeded() bool { return c.Status == http.StatusOK && c.Error == "" }

// Param returns a request parameter: a form or query value, else a top-level
// field of the JSON body (strings unquoted, other values as JSON text).
func (c Call) Param(key string) string {
	if v, ok := c.Form[key]; ok && len(v) > 0 {
		return v[0]
	}
	if len(c.JSON) == 0 {
		return ""
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(c.JSON, &obj) != nil {
		return ""
	}
	return rawString(obj[key])
}

func (c Call) clone() Call {
	if c.Form != nil {
		f := make(url.Values, len(c.Form))
		for k, v := range c.Form {
			f[k] = append([]string(nil), v...)
		}
		c.Form = f
	}
	return c
}

// Server is a running fake. All methods are safe for concurrent use.
type Server struct {
	opts Options
	ln   net.Listener
	srv  *http.Server
	base string // "http://127.0.0.1:port"

	closed    chan struct{}
	closeOnce sync.Once
	inflight  sync.WaitGroup
	connMu    sync.Mutex
	unused    map[net.Conn]time.Time // connections in StateNew

	mu       sync.Mutex
	isClosed bool
	changed  chan struct{} // closed and replaced whenever calls change
	calls    []*Call
	faults   []*fault
	gates    []*gate
	delays   map[string]time.Duration

	channels  map[string]*channel
	chanOrder []string
	users     map[string]*User
	userOrder []string
	groups    map[string][]string // user group id → member ids
	triggers  map[string]*trigger
	views     []*View
	responses map[string][]Response
	fileState fileState         // files.go
	redirects map[string]string // response URL name → Location
	lastTS    int64             // microseconds
	nextChan  int
	nextView  int
	nextTrig  int
	sock      sockState // socket.go
}

// Start starts a fake on opts.Addr (default 127.0.0.1 on a free port).
// Call Close when done.
func Start(opts Options) (*Server, error) {
	opts = withDefaults(opts)
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("fakeslack: listen: %w", err)
	}
	s := newServer(opts)
	s.ln = ln
	s.base = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ConnState: s.trackConn}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func withDefaults(o Options) Options {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&o.Addr, "127.0.0.1:0")
	def(&o.BotToken, DefaultBotToken)
	def(&o.TeamID, DefaultTeamID)
	def(&o.TeamName, DefaultTeamName)
	def(&o.TeamDomain, DefaultTeamDomain)
	def(&o.BotUserID, DefaultBotUserID)
	def(&o.BotID, DefaultBotID)
	def(&o.BotName, DefaultBotName)
	def(&o.AppID, DefaultAppID)
	def(&o.AppToken, DefaultAppToken)
	if o.AckTimeout <= 0 {
		o.AckTimeout = DefaultAckTimeout
	}
	if o.PingInterval <= 0 {
		o.PingInterval = DefaultPingInterval
	}
	if o.TSBase.IsZero() {
		o.TSBase = time.Unix(1700000000, 0)
	}
	if o.TriggerTTL == 0 {
		o.TriggerTTL = DefaultTriggerTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func newServer(opts Options) *Server {
	s := &Server{
		opts:      opts,
		closed:    make(chan struct{}),
		changed:   make(chan struct{}),
		delays:    map[string]time.Duration{},
		channels:  map[string]*channel{},
		users:     map[string]*User{},
		groups:    map[string][]string{},
		triggers:  map[string]*trigger{},
		responses: map[string][]Response{},
		redirects: map[string]string{},
		lastTS:    opts.TSBase.UnixMicro(),
	}
	s.addUserLocked(&User{ID: opts.BotUserID, Name: opts.BotName, RealName: opts.BotName, IsBot: true})
	return s
}

// URL returns the Web API base URL, ending in "/", for slack.OptionAPIURL.
func (s *Server) URL() string { return s.base + "/api/" }

// BaseURL returns the server's root URL without a trailing slash.
func (s *Server) BaseURL() string { return s.base }

// ResponseURL returns a URL on this server that acts as a Slack response_url.
// Posted JSON bodies are recorded under name (see Responses) and answered
// with Content-Type application/json {"ok":true}.
func (s *Server) ResponseURL(name string) string {
	return s.base + "/response/" + url.PathEscape(name)
}

// RedirectResponseURL makes posts to the response URL name answer 307
// Temporary Redirect to location (a client that follows it posts the same
// body there). The posts are recorded as calls, not as responses.
func (s *Server) RedirectResponseURL(name, location string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.redirects[name] = location
}

// BotToken returns the accepted bot token.
func (s *Server) BotToken() string { return s.opts.BotToken }

// BotUserID returns the bot's user id (auth.test user_id).
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// TeamID returns the workspace id.
func (s *Server) TeamID() string { return s.opts.TeamID }

// Close releases blocked and delayed requests (they are answered 503),
// stops the server and waits for in-flight handlers. It is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.isClosed = true
		close(s.closed)
		s.mu.Unlock()
		// Socket Mode connections are hijacked: Shutdown does not wait for
		// them, and their handlers end only once they are closed.
		s.closeSockets()
		if s.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			done := make(chan error, 1)
			go func() { done <- s.srv.Shutdown(ctx) }()
			// Shutdown waits up to 5s for connections a client opened but
			// never used; close those instead of waiting for them.
			tick := time.NewTicker(10 * time.Millisecond)
		wait:
			for {
				select {
				case err := <-done:
					if err != nil {
						_ = s.srv.Close()
					}
					break wait
				case <-tick.C:
					s.closeUnusedConns()
				}
			}
			tick.Stop()
			cancel()
		}
		s.inflight.Wait()
	})
}

// trackConn remembers connections that have not carried a request yet.
func (s *Server) trackConn(c net.Conn, st http.ConnState) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if st == http.StateNew {
		if s.unused == nil {
			s.unused = map[net.Conn]time.Time{}
		}
		s.unused[c] = time.Now()
		return
	}
	delete(s.unused, c)
}

// closeUnusedConns closes connections that have been idle since they were
// accepted for a while (only called while shutting down).
func (s *Server) closeUnusedConns() {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	for c, since := range s.unused {
		if time.Since(since) > 20*time.Millisecond {
			_ = c.Close()
			delete(s.unused, c)
		}
	}
}

// ServeHTTP serves the fake; it is exported so the fake can also be mounted
// in another server. URL and ResponseURL assume it is served by Start.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.isClosed {
		s.mu.Unlock()
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ok": false, "error": "fakeslack_closed"})
		return
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	defer s.inflight.Done()
	if r.URL.Path == socketPath {
		s.serveSocket(w, r)
		return
	}

	rq, call := s.parse(r)
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.notifyLocked()
	gates := s.matchingGatesLocked(call.Method)
	delay := s.delays[call.Method]
	if call.Method != AllMethods {
		delay += s.delays[AllMethods]
	}
	s.mu.Unlock()

	status, body, hdr := s.serve(r.Context(), rq, call, gates, delay)
	for k, v := range hdr {
		w.Header().Set(k, v)
	}
	switch b := body.(type) {
	case []byte:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(b)
	case nil:
		w.WriteHeader(status)
	default:
		writeJSON(w, status, b)
	}
}

// serve runs the pipeline for one request and finishes the recorded call.
func (s *Server) serve(ctx context.Context, rq *request, call *Call, gates []*gate, delay time.Duration) (status int, body any, hdr map[string]string) {
	slackErr := ""
	defer func() {
		s.mu.Lock()
		call.Status = status
		call.Error = slackErr
		s.notifyLocked()
		s.mu.Unlock()
		if l := s.opts.Logger; l != nil {
			l.Debug("fakeslack call", "method", call.Method, "status", status, "error", slackErr)
		}
	}()
	closedBody := map[string]any{"ok": false, "error": "fakeslack_closed"}

	for _, g := range gates {
		select {
		case <-g.ch:
		case <-s.closed:
			slackErr = "fakeslack_closed"
			return http.StatusServiceUnavailable, closedBody, nil
		case <-ctx.Done():
			slackErr = "request_canceled"
			return 499, nil, nil
		}
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-s.closed:
			t.Stop()
			slackErr = "fakeslack_closed"
			return http.StatusServiceUnavailable, closedBody, nil
		case <-ctx.Done():
			t.Stop()
			slackErr = "request_canceled"
			return 499, nil, nil
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.takeFaultLocked(call.Method); f != nil {
		switch f.kind {
		case faultRateLimit:
			slackErr = "ratelimited"
			secs := int64((f.retryAfter + time.Second - 1) / time.Second)
			return http.StatusTooManyRequests,
				map[string]any{"ok": false, "error": "ratelimited"},
				map[string]string{"Retry-After": fmt.Sprint(secs)}
		case faultStatus:
			return f.status, []byte(fmt.Sprintf("<html><body>%d %s</body></html>\n", f.status, http.StatusText(f.status))), nil
		case faultError:
			slackErr = f.code
			return http.StatusOK, map[string]any{"ok": false, "error": f.code}, nil
		}
	}

	if rq.kind == kindUpload {
		status, body := s.receiveUpload(rq, call.FileID)
		if status != http.StatusOK {
			slackErr = "upload_failed"
		}
		return status, body, nil
	}

	if rq.kind == kindResponseURL {
		if rq.httpMethod != http.MethodPost {
			slackErr = "method_not_allowed"
			return http.StatusMethodNotAllowed, map[string]any{"ok": false, "error": slackErr}, nil
		}
		if !json.Valid(rq.body) {
			slackErr = "invalid_payload"
			return http.StatusBadRequest, map[string]any{"ok": false, "error": slackErr}, nil
		}
		if loc, ok := s.redirects[call.ResponseURL]; ok {
			slackErr = "redirected"
			return http.StatusTemporaryRedirect, nil, map[string]string{"Location": loc}
		}
		s.responses[call.ResponseURL] = append(s.responses[call.ResponseURL], Response{
			Name: call.ResponseURL, Time: call.Time, Body: json.RawMessage(bytes.Clone(rq.body)),
		})
		return http.StatusOK, map[string]any{"ok": true}, nil
	}

	h, known := methods[call.Method]
	if rq.kind != kindAPI || !known {
		slackErr = "unknown_method"
		return http.StatusNotFound, map[string]any{"ok": false, "error": slackErr}, nil
	}
	if rq.badJSON {
		slackErr = "invalid_json"
		return http.StatusOK, map[string]any{"ok": false, "error": slackErr}, nil
	}
	// Socket Mode's method takes the app-level token, every other the bot
	// token; the one in the wrong place is refused as Slack refuses it.
	want, other := s.opts.BotToken, s.opts.AppToken
	if call.Method == ConnectionsOpenMethod {
		want, other = other, want
	}
	switch rq.token {
	case want:
	case "":
		slackErr = "not_authed"
	case other:
		slackErr = "not_allowed_token_type"
	default:
		slackErr = "invalid_auth"
	}
	if slackErr != "" {
		return http.StatusOK, map[string]any{"ok": false, "error": slackErr}, nil
	}
	res := h(s, rq)
	slackErr = res.err
	out := map[string]any{"ok": res.err == ""}
	if res.err != "" {
		out["error"] = res.err
	}
	for k, v := range res.fields {
		out[k] = v
	}
	return http.StatusOK, out, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

type requestKind int

const (
	kindAPI requestKind = iota
	kindResponseURL
	kindUpload
	kindOther
)

// request is a parsed incoming request.
type request struct {
	kind       requestKind
	httpMethod string
	form       url.Values
	obj        map[string]json.RawMessage // top-level JSON object body
	body       []byte
	files      map[string][]byte // multipart file fields (uploads)
	token      string
	badJSON    bool
}

func (s *Server) parse(r *http.Request) (*request, *Call) {
	rq := &request{httpMethod: r.Method, form: url.Values{}}
	call := &Call{Time: time.Now()}
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/api/"):
		rq.kind = kindAPI
		call.Method = strings.TrimPrefix(path, "/api/")
	case strings.HasPrefix(path, "/response/"):
		rq.kind = kindResponseURL
		call.Method = ResponseURLMethod
		call.ResponseURL = strings.TrimPrefix(path, "/response/")
	case strings.HasPrefix(path, "/upload/"):
		rq.kind = kindUpload
		call.Method = UploadMethod
		call.FileID = strings.TrimPrefix(path, "/upload/")
	default:
		rq.kind = kindOther
		call.Method = path
	}

	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	rq.body = body
	for k, v := range r.URL.Query() {
		rq.form[k] = append(rq.form[k], v...)
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ctype == "application/json" || (ctype == "" && len(bytes.TrimSpace(body)) > 0 && bytes.TrimSpace(body)[0] == '{'):
		switch {
		case len(bytes.TrimSpace(body)) == 0:
			// No parameters (apps.connections.open is posted so).
		case json.Valid(body):
			call.JSON = json.RawMessage(bytes.Clone(body))
			_ = json.Unmarshal(body, &rq.obj)
		default:
			rq.badJSON = true
		}
	case ctype == "application/x-www-form-urlencoded":
		if vals, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range vals {
				rq.form[k] = append(rq.form[k], v...)
			}
		}
	case strings.HasPrefix(ctype, "multipart/"):
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := r.ParseMultipartForm(maxBody); err == nil && r.MultipartForm != nil {
			for k, v := range r.MultipartForm.Value {
				rq.form[k] = append(rq.form[k], v...)
			}
			for k, fhs := range r.MultipartForm.File {
				if f, err := fhs[0].Open(); err == nil {
					b, _ := io.ReadAll(f)
					f.Close()
					if rq.files == nil {
						rq.files = map[string][]byte{}
					}
					rq.files[k] = b
				}
			}
		}
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		if tok, ok := strings.CutPrefix(auth, "Bearer "); ok {
			rq.token = strings.TrimSpace(tok)
		}
	}
	if rq.token == "" {
		rq.token = rq.form.Get("token")
	}
	call.Token = rq.token
	if len(rq.form) > 0 {
		call.Form = rq.form
	}
	return rq, call
}

// str returns a parameter from the form/query, else from the JSON body.
func (rq *request) str(key string) string {
	if v, ok := rq.form[key]; ok && len(v) > 0 {
		return v[0]
	}
	return rawString(rq.obj[key])
}

// has reports whether the parameter was sent at all.
func (rq *request) has(key string) bool {
	if _, ok := rq.form[key]; ok {
		return true
	}
	_, ok := rq.obj[key]
	return ok
}

// raw returns a JSON-valued parameter: the JSON body field, or the form value
// parsed as JSON. ok is false when absent; err when present but not JSON.
func (rq *request) raw(key string) (v json.RawMessage, ok bool, err error) {
	if vals, present := rq.form[key]; present && len(vals) > 0 {
		s := strings.TrimSpace(vals[0])
		if s == "" {
			return nil, true, nil
		}
		if !json.Valid([]byte(s)) {
			return nil, true, errors.New("not JSON")
		}
		return json.RawMessage(s), true, nil
	}
	if r, present := rq.obj[key]; present {
		// A JSON body may also carry JSON-in-a-string, as the form does.
		var s string
		if json.Unmarshal(r, &s) == nil {
			s = strings.TrimSpace(s)
			if s == "" {
				return nil, true, nil
			}
			if !json.Valid([]byte(s)) {
				return nil, true, errors.New("not JSON")
			}
			return json.RawMessage(s), true, nil
		}
		return bytes.Clone(r), true, nil
	}
	return nil, false, nil
}

func (rq *request) boolean(key string) bool {
	switch strings.ToLower(rq.str(key)) {
	case "1", "true", "yes":
		return true
	}
	return false
}

// rawString renders a JSON value as a parameter string.
func rawString(r json.RawMessage) string {
	if len(r) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	if string(r) == "null" {
		return ""
	}
	return string(r)
}
