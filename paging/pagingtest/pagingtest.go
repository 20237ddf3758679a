// Package pagingtest provides fake PagerDuty and webhook servers for tests:
// local httptest servers that parse and record every request, check it the
// way the real receiver would (an Events API v2 event; an HMAC-SHA256
// signature), and can be told to refuse the next requests (429 with
// Retry-After, 500, 400, a slow answer).
package pagingtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Answer scripts the fake's answer to one request.
type Answer struct {
	Status     int           // 0: the normal answer (after Delay)
	RetryAfter string        // the Retry-After header, if not empty
	Body       string        // the response body; empty: a default for the status
	Delay      time.Duration // wait this long before answering; a request the client gives up on meanwhile is recorded as refused, with Status 0
}

// recorder keeps what a fake received and the answers it was told to give.
type recorder[R any] struct {
	mu       sync.Mutex
	answers  []Answer
	requests []R
	accepted []bool
	changed  chan struct{} // closed (and replaced) whenever a request is recorded
}

func newRecorder[R any]() *recorder[R] { return &recorder[R]{changed: make(chan struct{})} }

func (r *recorder[R]) next(n int, a Answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for range n {
		r.answers = append(r.answers, a)
	}
}

// scripted pops the next scripted answer, if any.
func (r *recorder[R]) scripted() (Answer, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.answers) == 0 {
		return Answer{}, false
	}
	a := r.answers[0]
	r.answers = r.answers[1:]
	return a, true
}

func (r *recorder[R]) record(req R, accepted bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, req)
	r.accepted = append(r.accepted, accepted)
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recorder[R]) all() []R {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]R(nil), r.requests...)
}

func (r *recorder[R]) ok() []R {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []R
	for i, req := range r.requests {
		if r.accepted[i] {
			out = append(out, req)
		}
	}
	return out
}

// wait blocks until count() reaches n or ctx ends.
func (r *recorder[R]) wait(ctx context.Context, n int, accepted bool) ([]R, error) {
	for {
		r.mu.Lock()
		var got []R
		for i, req := range r.requests {
			if !accepted || r.accepted[i] {
				got = append(got, req)
			}
		}
		ch := r.changed
		r.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-ctx.Done():
			return got, fmt.Errorf("waited for %d, got %d: %w", n, len(got), ctx.Err())
		case <-ch:
		}
	}
}

// delay waits a.Delay; it reports false if the client gave up first.
func delay(r *http.Request, a Answer) bool {
	if a.Delay <= 0 {
		return true
	}
	t := time.NewTimer(a.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// answer writes an answer.
func answer(w http.ResponseWriter, a Answer, body string) {
	if a.Body != "" {
		body = a.Body
	}
	if a.RetryAfter != "" {
		w.Header().Set("Retry-After", a.RetryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.Status)
	_, _ = io.WriteString(w, body)
}

func readBody(r *http.Request) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, 1<<20))
}

// ---------------------------------------------------------------- PagerDuty

// PagerDutyEvent is one request the fake PagerDuty received.
type PagerDutyEvent struct {
	RoutingKey  string            `json:"routing_key"`
	EventAction string            `json:"event_action"`
	DedupKey    string            `json:"dedup_key"`
	Payload     *PagerDutyPayload `json:"payload,omitempty"`

	Raw    []byte `json:"-"` // the body as received
	Status int    `json:"-"` // what the fake answered
	Err    string `json:"-"` // why the fake found the event invalid, if it did
}

// PagerDutyPayload is a trigger's payload.
type PagerDutyPayload struct {
	Summary       string         `json:"summary"`
	Source        string         `json:"source"`
	Severity      string         `json:"severity"`
	Timestamp     string         `json:"timestamp,omitempty"`
	Component     string         `json:"component,omitempty"`
	Group         string         `json:"group,omitempty"`
	Class         string         `json:"class,omitempty"`
	CustomDetails map[string]any `json:"custom_details,omitempty"`
}

// PagerDuty is a fake Events API v2 endpoint. Point PagerDutyConfig.URL at
// its URL.
type PagerDuty struct {
	URL string
	rec *recorder[PagerDutyEvent]
}

// NewPagerDuty starts a fake PagerDuty, closed when the test ends. It
// answers 202 to a valid event and 400 to an invalid one, as PagerDuty does,
// unless told otherwise with Next.
func NewPagerDuty(t testing.TB) *PagerDuty {
	t.Helper()
	f := &PagerDuty{rec: newRecorder[PagerDutyEvent]()}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL + "/v2/enqueue"
	return f
}

// Next makes the next n requests get answer a (after any answers already
// scripted); the requests are recorded as refused.
func (f *PagerDuty) Next(n int, a Answer) { f.rec.next(n, a) }

// Requests returns every request received, refused ones included, in order.
func (f *PagerDuty) Requests() []PagerDutyEvent { return f.rec.all() }

// Events returns the events accepted (answered 202), in order.
func (f *PagerDuty) Events() []PagerDutyEvent { return f.rec.ok() }

// DedupKeys returns the distinct dedup_keys of the accepted events, in order
// of first appearance.
func (f *PagerDuty) DedupKeys() []string {
	var keys []string
	seen := map[string]bool{}
	for _, e := range f.Events() {
		if !seen[e.DedupKey] {
			seen[e.DedupKey] = true
			keys = append(keys, e.DedupKey)
		}
	}
	return keys
}

// WaitFor waits until n events have been accepted and returns them (all of
// them, possibly more than n); on ctx's end it returns those so far and an
// error.
func (f *PagerDuty) WaitFor(ctx context.Context, n int) ([]PagerDutyEvent, error) {
	return f.rec.wait(ctx, n, true)
}

// WaitRequests waits until n requests of any outcome have arrived.
func (f *PagerDuty) WaitRequests(ctx context.Context, n int) ([]PagerDutyEvent, error) {
	return f.rec.wait(ctx, n, false)
}

var pagerDutySeverities = map[string]bool{"critical": true, "error": true, "warning": true, "info": true}

func (f *PagerDuty) serve(w http.ResponseWriter, r *http.Request) {
	raw, err := readBody(r)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	ev := PagerDutyEvent{Raw: raw}
	if problem := checkPagerDuty(r, raw, &ev); problem != "" {
		ev.Err = problem
	}
	if a, ok := f.rec.scripted(); ok {
		if !delay(r, a) {
			f.rec.record(ev, false)
			return
		}
		if a.Status != 0 {
			ev.Status = a.Status
			f.rec.record(ev, false)
			answer(w, a, `{"status":"error","message":"scripted answer"}`)
			return
		}
	}
	if ev.Err != "" {
		ev.Status = http.StatusBadRequest
		f.rec.record(ev, false)
		body, _ := json.Marshal(map[string]any{"status": "invalid event", "message": "Event object is invalid", "errors": []string{ev.Err}})
		answer(w, Answer{Status: http.StatusBadRequest}, string(body))
		return
	}
	ev.Status = http.StatusAccepted
	f.rec.record(ev, true)
	body, _ := json.Marshal(map[string]string{"status": "success", "message": "Event processed", "dedup_key": ev.DedupKey})
	answer(w, Answer{Status: http.StatusAccepted}, string(body))
}

// checkPagerDuty parses the event into ev and says what is wrong with it.
func checkPagerDuty(r *http.Request, raw []byte, ev *PagerDutyEvent) string {
	if r.Method != http.MethodPost {
		return "method " + r.Method
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return "content type " + ct
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(ev); err != nil {
		return "decode: " + err.Error()
	}
	switch {
	case ev.RoutingKey == "":
		return "routing_key missing"
	case len(ev.DedupKey) > 255:
		return "dedup_key too long"
	}
	switch ev.EventAction {
	case "trigger":
		p := ev.Payload
		switch {
		case p == nil:
			return "payload missing"
		case p.Summary == "" || len(p.Summary) > 1024*4:
			return "payload.summary missing or too long"
		case p.Source == "":
			return "payload.source missing"
		case !pagerDutySeverities[p.Severity]:
			return "payload.severity invalid: " + p.Severity
		}
	case "acknowledge", "resolve":
		if ev.DedupKey == "" {
			return "dedup_key missing"
		}
	default:
		return "event_action invalid: " + ev.EventAction
	}
	return ""
}

// ----------------------------------------------------------------- Webhook

// WebhookRequest is one request the fake webhook received.
type WebhookRequest struct {
	Event     WebhookEvent
	Fields    map[string]any // the body as generic JSON, to see which keys are present
	Raw       []byte
	Signature string // the signature header as received
	Timestamp string // the timestamp header as received
	Delivery  string // the delivery header as received
	Verified  bool   // the signature matched the secret
	Status    int    // what the fake answered
	Err       string // why the fake refused it, if it did on its own
}

// WebhookEvent is the documented body of a webhook event.
type WebhookEvent struct {
	ID       string          `json:"id"`
	Event    string          `json:"event"`
	Incident WebhookIncident `json:"incident"`
	Role     string          `json:"role,omitempty"`
	Link     *int            `json:"link,omitempty"`
	Round    *int            `json:"round,omitempty"`
	Person   string          `json:"person,omitempty"`
	Target   string          `json:"target,omitempty"`
	Decision int             `json:"decision,omitempty"`
	At       time.Time       `json:"at"`
}

// WebhookIncident is the incident of a webhook event.
type WebhookIncident struct {
	ID       string `json:"id"`
	Ref      string `json:"ref"`
	Title    string `json:"title,omitempty"`
	Private  bool   `json:"private,omitempty"`
	Severity string `json:"severity"`
	Phase    string `json:"phase"`
}

// Webhook is a fake webhook receiver. Point WebhookConfig.URL at its URL.
type Webhook struct {
	URL    string
	secret string
	rec    *recorder[WebhookRequest]
}

// NewWebhook starts a fake webhook receiver that checks signatures with
// secret, closed when the test ends. It answers 200 to a signed, well-formed
// event, 401 to a bad signature and 400 to a malformed body, unless told
// otherwise with Next.
func NewWebhook(t testing.TB, secret string) *Webhook {
	t.Helper()
	f := &Webhook{secret: secret, rec: newRecorder[WebhookRequest]()}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL + "/hooks/incident"
	return f
}

// Next makes the next n requests get answer a; they are recorded as refused.
func (f *Webhook) Next(n int, a Answer) { f.rec.next(n, a) }

// Requests returns every request received, refused ones included.
func (f *Webhook) Requests() []WebhookRequest { return f.rec.all() }

// Events returns the requests accepted (answered 200), in order.
func (f *Webhook) Events() []WebhookRequest { return f.rec.ok() }

// WaitFor waits until n requests have been accepted and returns them.
func (f *Webhook) WaitFor(ctx context.Context, n int) ([]WebhookRequest, error) {
	return f.rec.wait(ctx, n, true)
}

// WaitRequests waits until n requests of any outcome have arrived.
func (f *Webhook) WaitRequests(ctx context.Context, n int) ([]WebhookRequest, error) {
	return f.rec.wait(ctx, n, false)
}

// Verify reports whether signature is the HMAC-SHA256 of body under secret,
// written "sha256=<hex>".
func Verify(secret string, body []byte, signature string) bool {
	hexSum, ok := strings.CutPrefix(signature, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

func (f *Webhook) serve(w http.ResponseWriter, r *http.Request) {
	raw, err := readBody(r)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	req := WebhookRequest{
		Raw:       raw,
		Signature: r.Header.Get("X-Incidentbot-Signature"),
		Timestamp: r.Header.Get("X-Incidentbot-Timestamp"),
		Delivery:  r.Header.Get("X-Incidentbot-Delivery"),
	}
	req.Verified = Verify(f.secret, raw, req.Signature)
	status := http.StatusOK
	switch err := checkWebhook(r, raw, &req); {
	case !req.Verified:
		status, req.Err = http.StatusUnauthorized, "bad signature"
	case err != nil:
		status, req.Err = http.StatusBadRequest, err.Error()
	}
	if a, ok := f.rec.scripted(); ok {
		if !delay(r, a) {
			f.rec.record(req, false)
			return
		}
		if a.Status != 0 {
			req.Status = a.Status
			f.rec.record(req, false)
			answer(w, a, `{"error":"scripted answer"}`)
			return
		}
	}
	req.Status = status
	f.rec.record(req, status == http.StatusOK)
	answer(w, Answer{Status: status}, `{"ok":`+strconv.FormatBool(status == http.StatusOK)+`}`)
}

func checkWebhook(r *http.Request, raw []byte, req *WebhookRequest) error {
	if r.Method != http.MethodPost {
		return errors.New("method " + r.Method)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return errors.New("content type " + ct)
	}
	if _, err := strconv.ParseInt(req.Timestamp, 10, 64); err != nil {
		return errors.New("timestamp header missing or not a number")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req.Event); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if err := json.Unmarshal(raw, &req.Fields); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	switch {
	case req.Event.ID == "" || req.Event.Event == "":
		return errors.New("id or event missing")
	case req.Event.Incident.ID == "" || req.Event.Incident.Ref == "":
		return errors.New("incident id or ref missing")
	case req.Event.At.IsZero():
		return errors.New("at missing")
	}
	return nil
}
