package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"incidentbot/workflow"
)

// recorder stands in for the Bot in tests of the HTTP layer: it records what
// reaches it and answers as configured.
type recorder struct {
	allowed []string // nil: every team
	reply   *slack.Msg
	answer  any
	failed  error

	mu           sync.Mutex
	commands     []slack.SlashCommand
	interactions []slack.InteractionCallback
	events       []seenEvent
	deadlines    []time.Time // of each call's context (zero: none)
}

type seenEvent struct {
	team, id string
	inner    slackevents.EventsAPIInnerEvent
}

func (r *recorder) note(ctx context.Context) {
	dl, _ := ctx.Deadline()
	r.deadlines = append(r.deadlines, dl)
}

func (r *recorder) Command(ctx context.Context, cmd slack.SlashCommand) *slack.Msg {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.note(ctx)
	r.commands = append(r.commands, cmd)
	return r.reply
}

func (r *recorder) Interaction(ctx context.Context, cb slack.InteractionCallback) any {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.note(ctx)
	r.interactions = append(r.interactions, cb)
	return r.answer
}

func (r *recorder) Event(ctx context.Context, team, id string, ev slackevents.EventsAPIInnerEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.note(ctx)
	r.events = append(r.events, seenEvent{team, id, ev})
	return r.failed
}

func (r *recorder) TeamAllowed(team string) bool {
	if r.allowed == nil {
		return true
	}
	for _, t := range r.allowed {
		if t == team {
			return true
		}
	}
	return false
}

func (r *recorder) calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.commands) + len(r.interactions) + len(r.events)
}

func (r *recorder) commandsSeen() []slack.SlashCommand {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]slack.SlashCommand(nil), r.commands...)
}

// newTestHandler serves rec with testSecret and, unless o says otherwise, the
// clock at testNow and English.
func newTestHandler(t *testing.T, rec receiver, o HTTPOptions) http.Handler {
	t.Helper()
	return newTestHandlerLang(t, rec, workflow.English, o)
}

func newTestHandlerLang(t *testing.T, rec receiver, lang workflow.Lang, o HTTPOptions) http.Handler {
	t.Helper()
	if o.SigningSecret == "" {
		o.SigningSecret = testSecret
	}
	if o.Now == nil {
		o.Now = fixedClock(testNow)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	h, err := newHTTPHandler(rec, lang, o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func decodeJSON(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("ack body %q: %v", w.Body.String(), err)
	}
}

func TestNewHTTPHandlerRequiresSecretAndBot(t *testing.T) {
	if _, err := newHTTPHandler(&recorder{}, workflow.English, HTTPOptions{}); err == nil {
		t.Error("an empty signing secret was accepted")
	}
	if _, err := NewHTTPHandler(nil, HTTPOptions{SigningSecret: testSecret}); err == nil {
		t.Error("a nil Bot was accepted")
	}
}

func TestCommandReachesBotAndAckIsItsReply(t *testing.T) {
	rec := &recorder{reply: &slack.Msg{ResponseType: slack.ResponseTypeEphemeral, Text: "Opened #1"}}
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	h := newTestHandler(t, rec, HTTPOptions{Metrics: m})

	w := serve(h, signedRequest(testSecret, testNow, PathCommands, validBody(PathCommands, "T0ONE")))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", w.Code)
	}
	var ack slack.Msg
	decodeJSON(t, w, &ack)
	if ack.ResponseType != slack.ResponseTypeEphemeral || ack.Text != "Opened #1" {
		t.Errorf("ack = %+v, want the bot's ephemeral reply", ack)
	}
	cmds := rec.commandsSeen()
	if len(cmds) != 1 {
		t.Fatalf("bot saw %d commands, want 1", len(cmds))
	}
	c := cmds[0]
	if c.Command != "/incident" || c.Text != "open high Website defaced" || c.TeamID != "T0ONE" ||
		c.UserID != "U0SATO" || c.ChannelID != "C0GENERAL" || c.TriggerID != "1.2.3" || c.ResponseURL == "" {
		t.Errorf("bot saw %+v", c)
	}
	// The bot's work is bounded so the ack can make Slack's 3 seconds.
	if dl := rec.deadlines[0]; dl.IsZero() || time.Until(dl) > DefaultAckTimeout {
		t.Errorf("bot's context deadline %v, want within %v", dl, DefaultAckTimeout)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(PathCommands, OutcomeOK)); got != 1 {
		t.Errorf("requests{commands,ok} = %v, want 1", got)
	}
	if n := testutil.CollectAndCount(m.ack); n != 3 {
		t.Errorf("ack histogram has %d series, want 3 (one per path)", n)
	}
}

func TestAckTimeoutOption(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec, HTTPOptions{AckTimeout: 100 * time.Millisecond})
	serve(h, signedRequest(testSecret, testNow, PathCommands, validBody(PathCommands, "T0ONE")))
	if dl := rec.deadlines[0]; dl.IsZero() || time.Until(dl) > 100*time.Millisecond {
		t.Errorf("deadline %v, want within 100ms", dl)
	}

	rec = &recorder{}
	h = newTestHandler(t, rec, HTTPOptions{AckTimeout: -1})
	serve(h, signedRequest(testSecret, testNow, PathCommands, validBody(PathCommands, "T0ONE")))
	if dl := rec.deadlines[0]; !dl.IsZero() {
		t.Errorf("deadline %v with AckTimeout < 0, want none", dl)
	}
}

func TestCommandWithoutReplyIsEmpty200(t *testing.T) {
	h := newTestHandler(t, &recorder{}, HTTPOptions{})
	w := serve(h, signedRequest(testSecret, testNow, PathCommands, validBody(PathCommands, "T0ONE")))
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("got %d %q, want an empty 200", w.Code, w.Body.String())
	}
}

func TestCommandFromOtherWorkspaceIsRefusedPolitely(t *testing.T) {
	for _, c := range []struct {
		lang workflow.Lang
		want string
	}{
		{workflow.English, "not served by this incident bot"},
		{workflow.Japanese, "対象外"},
	} {
		rec := &recorder{allowed: []string{"T0ONE"}}
		m := NewMetrics(nil)
		h := newTestHandlerLang(t, rec, c.lang, HTTPOptions{Metrics: m})
		w := serve(h, signedRequest(testSecret, testNow, PathCommands, validBody(PathCommands, "T0OTHER")))
		// Slack shows anything but a 200 as a failure of the command: a
		// refusal is a 200 with an ephemeral explanation.
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d, want 200", c.lang, w.Code)
		}
		var ack slack.Msg
		decodeJSON(t, w, &ack)
		if ack.ResponseType != slack.ResponseTypeEphemeral || !strings.Contains(ack.Text, c.want) {
			t.Errorf("%s: ack = %+v, want an ephemeral refusal containing %q", c.lang, ack, c.want)
		}
		if rec.calls() != 0 {
			t.Errorf("%s: the command reached the bot", c.lang)
		}
		if got := testutil.ToFloat64(m.requests.WithLabelValues(PathCommands, OutcomeRefused)); got != 1 {
			t.Errorf("requests{commands,refused} = %v, want 1", got)
		}
	}
}

func TestCommandUnreadableForm(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec, HTTPOptions{})
	body := []byte(url.Values{"team_id": {"T0ONE"}, "text": {"no command field"}}.Encode())
	w := serve(h, signedRequest(testSecret, testNow, PathCommands, body))
	if w.Code != http.StatusBadRequest || rec.calls() != 0 {
		t.Fatalf("status %d, %d calls; want 400 and none", w.Code, rec.calls())
	}
}

func TestInteractionBlockActionReachesBot(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec, HTTPOptions{})
	w := serve(h, signedRequest(testSecret, testNow, PathInteractions, validBody(PathInteractions, "T0ONE")))
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("got %d %q, want an empty 200", w.Code, w.Body.String())
	}
	if len(rec.interactions) != 1 {
		t.Fatalf("bot saw %d interactions", len(rec.interactions))
	}
	cb := rec.interactions[0]
	if cb.Type != slack.InteractionTypeBlockActions || cb.Team.ID != "T0ONE" || cb.User.ID != "U0SATO" ||
		len(cb.ActionCallback.BlockActions) != 1 || cb.ActionCallback.BlockActions[0].ActionID != "incident_next" {
		t.Errorf("bot saw %+v", cb)
	}
}

func TestInteractionAnswers(t *testing.T) {
	var typedNil *slack.ViewSubmissionResponse
	for _, c := range []struct {
		name   string
		answer any
		want   string // JSON; "" for an empty body
	}{
		{"nil", nil, ""},
		{"typed nil", typedNil, ""},
		{"field errors", slack.NewErrorsViewSubmissionResponse(map[string]string{"title": "Please fill this in."}),
			`{"response_action":"errors","errors":{"title":"Please fill this in."}}`},
		{"clear", slack.NewClearViewSubmissionResponse(), `{"response_action":"clear"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newTestHandler(t, &recorder{answer: c.answer}, HTTPOptions{})
			w := serve(h, signedRequest(testSecret, testNow, PathInteractions, validBody(PathInteractions, "T0ONE")))
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			if c.want == "" {
				if w.Body.Len() != 0 {
					t.Fatalf("body %q, want empty", w.Body.String())
				}
				return
			}
			var got, want any
			decodeJSON(t, w, &got)
			_ = json.Unmarshal([]byte(c.want), &want)
			gb, _ := json.Marshal(got)
			wb, _ := json.Marshal(want)
			if !bytes.Equal(gb, wb) {
				t.Fatalf("ack %s, want %s", gb, wb)
			}
		})
	}
}

func TestInteractionFromOtherWorkspaceIgnored(t *testing.T) {
	rec := &recorder{allowed: []string{"T0ONE"}, answer: slack.NewClearViewSubmissionResponse()}
	h := newTestHandler(t, rec, HTTPOptions{})
	w := serve(h, signedRequest(testSecret, testNow, PathInteractions, validBody(PathInteractions, "T0OTHER")))
	if w.Code != http.StatusOK || w.Body.Len() != 0 || rec.calls() != 0 {
		t.Fatalf("got %d %q and %d calls, want an empty 200 and no call", w.Code, w.Body.String(), rec.calls())
	}
}

func TestInteractionWithoutPayload(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec, HTTPOptions{})
	w := serve(h, signedRequest(testSecret, testNow, PathInteractions, []byte("nothing=here")))
	if w.Code != http.StatusBadRequest || rec.calls() != 0 {
		t.Fatalf("status %d, %d calls; want 400 and none", w.Code, rec.calls())
	}
}

func TestEventsURLVerification(t *testing.T) {
	rec := &recorder{allowed: []string{"T0ONE"}}
	h := newTestHandler(t, rec, HTTPOptions{})
	body := []byte(`{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	w := serve(h, signedRequest(testSecret, testNow, PathEvents, body))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	var got struct{ Challenge string }
	decodeJSON(t, w, &got)
	if got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("challenge = %q", got.Challenge)
	}
	if rec.calls() != 0 {
		t.Error("the handshake reached the bot")
	}
}

func TestEventsCallbackAndRetry(t *testing.T) {
	rec := &recorder{}
	m := NewMetrics(nil)
	h := newTestHandler(t, rec, HTTPOptions{Metrics: m})
	body := validBody(PathEvents, "T0ONE")

	w := serve(h, signedRequest(testSecret, testNow, PathEvents, body))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	// Slack's retry of the same event: answered 200 again; deduplication by
	// event id is the bot's (it stores the ids).
	r := signedRequest(testSecret, testNow.Add(time.Minute), PathEvents, body)
	r.Header.Set("X-Slack-Retry-Num", "1")
	r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	if w := serve(h, r); w.Code != http.StatusOK {
		t.Fatalf("retry: status %d, want 200", w.Code)
	}
	if len(rec.events) != 2 {
		t.Fatalf("bot saw %d events, want 2", len(rec.events))
	}
	for _, e := range rec.events {
		if e.team != "T0ONE" || e.id != "Ev0PIN1" || e.inner.Type != string(slackevents.ReactionAdded) {
			t.Errorf("bot saw %+v", e)
		}
		ra, ok := e.inner.Data.(*slackevents.ReactionAddedEvent)
		if !ok || ra.Reaction != "pushpin" || ra.Item.Channel != "C0INC" || ra.Item.Timestamp != "1700000000.000100" {
			t.Errorf("inner event %#v", e.inner.Data)
		}
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(PathEvents, OutcomeOK)); got != 2 {
		t.Errorf("requests{events,ok} = %v, want 2", got)
	}
}

func TestEventsBotFailureAsksForRetry(t *testing.T) {
	rec := &recorder{failed: errors.New("database is locked")}
	h := newTestHandler(t, rec, HTTPOptions{})
	w := serve(h, signedRequest(testSecret, testNow, PathEvents, validBody(PathEvents, "T0ONE")))
	if w.Code != http.StatusInternalServerError || w.Body.Len() != 0 {
		t.Fatalf("got %d %q, want an empty 500 so that Slack retries", w.Code, w.Body.String())
	}
}

func TestEventsIgnored(t *testing.T) {
	for _, c := range []struct {
		name, body string
		outcome    string
	}{
		{"unknown inner type", `{"token":"t","team_id":"T0ONE","type":"event_callback","event_id":"Ev1","event":{"type":"some_future_event","x":1}}`, OutcomeIgnored},
		{"rate limit notice", `{"token":"t","team_id":"T0ONE","type":"app_rate_limited","minute_rate_limited":1518467820,"api_app_id":"A0APP"}`, OutcomeIgnored},
		{"unknown outer type", `{"token":"t","team_id":"T0ONE","type":"something_new"}`, OutcomeIgnored},
		{"other workspace", string(validBody(PathEvents, "T0OTHER")), OutcomeRefused},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{allowed: []string{"T0ONE"}}
			m := NewMetrics(nil)
			h := newTestHandler(t, rec, HTTPOptions{Metrics: m})
			w := serve(h, signedRequest(testSecret, testNow, PathEvents, []byte(c.body)))
			// 200 even so: any other answer makes Slack retry, in vain.
			if w.Code != http.StatusOK || rec.calls() != 0 {
				t.Fatalf("status %d, %d calls; want 200 and none", w.Code, rec.calls())
			}
			if got := testutil.ToFloat64(m.requests.WithLabelValues(PathEvents, c.outcome)); got != 1 {
				t.Errorf("requests{events,%s} = %v, want 1", c.outcome, got)
			}
		})
	}
}

func TestEventsNotJSON(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec, HTTPOptions{})
	w := serve(h, signedRequest(testSecret, testNow, PathEvents, []byte("payload=not-json")))
	if w.Code != http.StatusBadRequest || rec.calls() != 0 {
		t.Fatalf("status %d, %d calls; want 400 and none", w.Code, rec.calls())
	}
}

func TestMethodsAndPaths(t *testing.T) {
	h := newTestHandler(t, &recorder{}, HTTPOptions{})
	if w := serve(h, httptest.NewRequest(http.MethodGet, PathCommands, nil)); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET %s = %d, want 405", PathCommands, w.Code)
	}
	if w := serve(h, signedRequest(testSecret, testNow, "/slack/other", nil)); w.Code != http.StatusNotFound {
		t.Errorf("POST /slack/other = %d, want 404", w.Code)
	}
}

// TestLogsKeepSecretsAndBodiesOut runs accepted and refused requests with a
// debug logger and checks the log holds neither the signing secret, nor a
// signature, nor anything from a request body.
func TestLogsKeepSecretsAndBodiesOut(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := &recorder{allowed: []string{"T0ONE"}, failed: errors.New("boom")}
	h := newTestHandler(t, rec, HTTPOptions{Log: log})

	var sigs []string
	for _, path := range []string{PathCommands, PathInteractions, PathEvents} {
		for _, team := range []string{"T0ONE", "T0OTHER"} {
			r := signedRequest(testSecret, testNow, path, validBody(path, team))
			sigs = append(sigs, r.Header.Get("X-Slack-Signature"))
			serve(h, r)
		}
		r := signedRequest("wrong-secret", testNow, path, validBody(path, "T0ONE"))
		sigs = append(sigs, r.Header.Get("X-Slack-Signature"))
		serve(h, r)
	}
	mu.Lock()
	logged := buf.String()
	mu.Unlock()
	if logged == "" {
		t.Fatal("nothing was logged")
	}
	secrets := append([]string{testSecret, "legacy-token-ignored", "Website defaced", "incident_next", "pushpin", "example.invalid"}, sigs...)
	for _, s := range secrets {
		if strings.Contains(logged, s) {
			t.Errorf("the log contains %q:\n%s", s, logged)
		}
		if hexPart := strings.TrimPrefix(s, "v0="); hexPart != s && strings.Contains(logged, hexPart[:16]) {
			t.Errorf("the log contains part of a signature")
		}
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestHTTPMessagesInBothLanguages(t *testing.T) {
	if bad := httpMessages.Check(); len(bad) != 0 {
		t.Fatalf("catalog problems: %v", bad)
	}
	for k := range httpMessages {
		if _, ok := Messages()[k]; !ok {
			t.Errorf("%s is not in the package catalog", k)
		}
	}
}
