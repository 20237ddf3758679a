package slackbot

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"incidentbot/workflow"
)

// MaxBodyBytes is the largest request body the Slack endpoints read (1 MiB);
// larger ones are refused with 413 before their signature is checked.
const MaxBodyBytes = 1 << 20

// SigningWindow is how far a request's X-Slack-Request-Timestamp may be from
// our clock, either way, before the request is refused as stale (Slack's
// published rule, against replays).
const SigningWindow = 5 * time.Minute

// DefaultAckTimeout bounds the bot's work on one request (parsing aside: the
// database commit, and views.open when a command opens a modal), so that the
// answer reaches Slack within its 3-second deadline. A command that runs out
// of time is rolled back and the person is told so: a late ack would show
// them an error in Slack while the change had in fact been made.
const DefaultAckTimeout = 2500 * time.Millisecond

// httpMessages are the HTTP endpoints' own texts. They are rendered from this
// catalog directly, and merged into the package catalog (Messages) when the
// package is initialized, so catalog-wide checks see them.
var httpMessages = workflow.Catalog{
	"slack.http.team_refused": {
		En: "This workspace is not served by this incident bot, so nothing was done. If it should be, ask the bot's administrator to add the workspace to allowed_team_ids.",
		Ja: "このワークスペースはこのインシデントボットの対象外のため、何も実行しませんでした。対象にする場合は、ボットの管理者にワークスペースを allowed_team_ids へ追加するよう依頼してください。",
	},
}

// HTTPOptions configure the Slack HTTP endpoints.
type HTTPOptions struct {
	// SigningSecret is the app's signing secret (required).
	SigningSecret string
	// Log receives one line per refused or failed request (debug for the
	// others). Request bodies and signatures are never logged. Default
	// slog.Default().
	Log *slog.Logger
	// Now is the clock the 5-minute signature window is checked against;
	// default time.Now. Latency metrics always use the real clock.
	Now func() time.Time
	// Metrics, if set, counts requests, verification failures and ack
	// latency.
	Metrics *Metrics
	// AckTimeout bounds the bot's work before the answer (DefaultAckTimeout
	// when zero; negative: no bound beyond the request's own context).
	AckTimeout time.Duration
}

// receiver is what the HTTP endpoints hand verified requests to: the Bot,
// or a recorder in tests of this layer.
type receiver interface {
	Command(ctx context.Context, cmd slack.SlashCommand) *slack.Msg
	Interaction(ctx context.Context, cb slack.InteractionCallback) any
	Event(ctx context.Context, teamID, eventID string, ev slackevents.EventsAPIInnerEvent) error
	TeamAllowed(team string) bool
}

// NewHTTPHandler serves Slack's HTTP mode: POST /slack/commands,
// /slack/interactions and /slack/events.
//
// Every request is, in this order: refused with 413 if its body is over
// MaxBodyBytes; refused with 401 (empty body) unless it carries a valid v0
// signature made within SigningWindow of o.Now; only then parsed and handed to
// b. Nothing reaches b before the signature has been checked. The answer is
// the ack: JSON (Content-Type application/json) or an empty 200.
func NewHTTPHandler(b *Bot, o HTTPOptions) (http.Handler, error) {
	if b == nil {
		return nil, errors.New("slack http: a Bot is required")
	}
	return newHTTPHandler(b, b.lang, o)
}

func newHTTPHandler(app receiver, lang workflow.Lang, o HTTPOptions) (http.Handler, error) {
	if o.SigningSecret == "" {
		// Fail closed: with no secret every request would have to be
		// refused (or, worse, accepted).
		return nil, errors.New("slack http: the signing secret is empty (set [slack] signing_secret or SLACK_SIGNING_SECRET)")
	}
	h := &httpHandler{
		app:     app,
		lang:    lang,
		verify:  verifier{secret: []byte(o.SigningSecret), now: o.Now},
		log:     o.Log,
		metrics: o.Metrics,
		timeout: o.AckTimeout,
	}
	if h.verify.now == nil {
		h.verify.now = time.Now
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.timeout == 0 {
		h.timeout = DefaultAckTimeout
	}
	if h.lang == "" {
		h.lang = workflow.English
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+PathCommands, h.endpoint(PathCommands, h.command))
	mux.Handle("POST "+PathInteractions, h.endpoint(PathInteractions, h.interaction))
	mux.Handle("POST "+PathEvents, h.endpoint(PathEvents, h.event))
	return mux, nil
}

type httpHandler struct {
	app     receiver
	lang    workflow.Lang
	verify  verifier
	log     *slog.Logger
	metrics *Metrics
	timeout time.Duration
}

// serveFunc handles a verified request whose body has been read; it writes the
// answer and returns the outcome for the metrics.
type serveFunc func(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte) string

// endpoint wraps serve with the checks every Slack request passes first, and
// with the metrics.
func (h *httpHandler) endpoint(path string, serve serveFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		outcome := h.receive(path, w, r, serve)
		h.metrics.request(path, outcome, time.Since(start).Seconds())
	})
}

func (h *httpHandler) receive(path string, w http.ResponseWriter, r *http.Request, serve serveFunc) string {
	if r.ContentLength > MaxBodyBytes {
		h.log.Warn("slack request refused: body too large", "path", path, "bytes", r.ContentLength)
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return OutcomeTooLarge
	}
	// The headers alone settle a missing, malformed or stale signature; such
	// a request is refused without reading its body.
	sig, reason := h.verify.parse(r.Header)
	if reason != "" {
		return h.unauthorized(path, w, r, reason)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			h.log.Warn("slack request refused: body too large", "path", path, "limit", MaxBodyBytes)
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return OutcomeTooLarge
		}
		h.log.Warn("slack request: reading the body failed", "path", path, "err", err)
		w.WriteHeader(http.StatusBadRequest)
		return OutcomeBadRequest
	}
	if !h.verify.matches(sig, body) {
		return h.unauthorized(path, w, r, ReasonMismatch)
	}
	ctx := r.Context()
	if h.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.timeout)
		defer cancel()
	}
	return serve(ctx, w, r, body)
}

// unauthorized refuses a request whose signature failed. The answer says
// nothing about why; the log and the metrics do.
func (h *httpHandler) unauthorized(path string, w http.ResponseWriter, r *http.Request, reason string) string {
	h.metrics.verificationFailure(reason)
	h.log.Warn("slack request refused: signature check failed", "path", path, "reason", reason, "remote", r.RemoteAddr)
	w.WriteHeader(http.StatusUnauthorized)
	return OutcomeUnauthorized
}

// command answers a slash command. The ack body is the person's own reply.
func (h *httpHandler) command(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte) string {
	// slack.SlashCommandParse reads the form from r.Body, which was consumed
	// for the signature check: give it the same bytes again.
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	cmd, err := slack.SlashCommandParse(r)
	if err != nil || cmd.Command == "" {
		h.log.Warn("slack command: unreadable form", "err", err)
		w.WriteHeader(http.StatusBadRequest)
		return OutcomeBadRequest
	}
	if !h.app.TeamAllowed(cmd.TeamID) {
		// Slack shows the person an error for anything but a 200 within 3 s,
		// so a refused workspace gets a 200 with a polite ephemeral answer,
		// and nothing is done.
		h.log.Warn("slack command refused: workspace not allowed", "team", cmd.TeamID, "user", cmd.UserID)
		writeJSON(w, h.log, &slack.Msg{
			ResponseType: slack.ResponseTypeEphemeral,
			Text:         httpMessages.Render(h.lang, workflow.M("slack.http.team_refused", nil)),
		})
		return OutcomeRefused
	}
	msg := h.app.Command(ctx, cmd)
	h.log.Debug("slack command answered", "team", cmd.TeamID, "user", cmd.UserID, "channel", cmd.ChannelID)
	if msg == nil {
		w.WriteHeader(http.StatusOK)
		return OutcomeOK
	}
	return writeJSON(w, h.log, msg)
}

// interaction answers a block action or a view submission. The ack body is
// empty (nil) or a view submission response (field errors, update, push).
func (h *httpHandler) interaction(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte) string {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	cb, err := slack.InteractionCallbackParse(r)
	if err != nil {
		h.log.Warn("slack interaction: unreadable payload", "err", err)
		w.WriteHeader(http.StatusBadRequest)
		return OutcomeBadRequest
	}
	if !h.app.TeamAllowed(cb.Team.ID) {
		// There is nowhere to show a refusal for a click (and an empty 200
		// closes a submitted modal), so the click is acknowledged and
		// ignored; an error status would only make Slack show a generic
		// failure.
		h.log.Warn("slack interaction refused: workspace not allowed", "team", cb.Team.ID, "user", cb.User.ID, "type", string(cb.Type))
		w.WriteHeader(http.StatusOK)
		return OutcomeRefused
	}
	res := h.app.Interaction(ctx, cb)
	h.log.Debug("slack interaction answered", "team", cb.Team.ID, "user", cb.User.ID, "type", string(cb.Type))
	if isNil(res) {
		w.WriteHeader(http.StatusOK)
		return OutcomeOK
	}
	return writeJSON(w, h.log, res)
}

// event handles an Events API request: the URL verification handshake, or a
// callback event.
//
// Slack counts any answer but a 2xx within 3 s as a failure, retries the same
// event (same event_id, with X-Slack-Retry-Num) up to three times, and turns
// off an app's event subscriptions when most deliveries fail. So:
//   - a retry is handled like the first delivery and answered 200; the Bot
//     deduplicates by event_id, which it stores, so a retry (or a restart in
//     between) never applies an event twice;
//   - an event from a workspace not in allowed_team_ids is answered 200 and
//     ignored: a 403 would only earn three retries and count against the
//     subscription, and there is no person to tell;
//   - an event type we do not know (or cannot decode) is answered 200 and
//     ignored, since a retry would not make it readable;
//   - only a failure of ours (the Bot's error, e.g. the database) is answered
//     500, so that Slack delivers the event again.
func (h *httpHandler) event(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte) string {
	if !json.Valid(body) {
		h.log.Warn("slack event: body is not JSON")
		w.WriteHeader(http.StatusBadRequest)
		return OutcomeBadRequest
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		h.log.Info("slack event ignored: not readable", "err", err)
		w.WriteHeader(http.StatusOK)
		return OutcomeIgnored
	}
	switch ev.Type {
	case slackevents.URLVerification:
		uv, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			return OutcomeBadRequest
		}
		return writeJSON(w, h.log, struct {
			Challenge string `json:"challenge"`
		}{uv.Challenge})
	case slackevents.CallbackEvent:
		cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			return OutcomeBadRequest
		}
		log := h.log.With("team", cb.TeamID, "event_id", cb.EventID, "type", ev.InnerEvent.Type)
		if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
			log = log.With("retry", n, "retry_reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		if !h.app.TeamAllowed(cb.TeamID) {
			log.Warn("slack event ignored: workspace not allowed")
			w.WriteHeader(http.StatusOK)
			return OutcomeRefused
		}
		if err := h.app.Event(ctx, cb.TeamID, cb.EventID, ev.InnerEvent); err != nil {
			log.Error("slack event failed; Slack will retry", "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			return OutcomeError
		}
		log.Debug("slack event handled")
		w.WriteHeader(http.StatusOK)
		return OutcomeOK
	case slackevents.AppRateLimited:
		h.log.Warn("slack is rate-limiting this app's events", "team", ev.TeamID)
		w.WriteHeader(http.StatusOK)
		return OutcomeIgnored
	default:
		h.log.Info("slack event ignored: unknown type", "type", ev.Type)
		w.WriteHeader(http.StatusOK)
		return OutcomeIgnored
	}
}

// writeJSON writes v as a 200 JSON answer.
func writeJSON(w http.ResponseWriter, log *slog.Logger, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		log.Error("slack answer could not be encoded", "err", err)
		w.WriteHeader(http.StatusInternalServerError)
		return OutcomeError
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return OutcomeOK
}

// isNil reports whether v is nil or a nil pointer (a typed nil in an
// interface, such as a nil *slack.ViewSubmissionResponse).
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// verifier checks Slack's v0 request signatures: X-Slack-Signature is "v0="
// and the hex of HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp
// + ":" + raw body), and the timestamp is within SigningWindow of now.
//
// Why not slack.NewSecretsVerifier: in slack-go v0.35.0 it checks the window
// against the wall clock (time.Since in security.go), and its constructor
// without the window check is unexported, so the clock cannot be injected;
// Slack's published example request (timestamp 1531420618) could never pass
// it in a test. This verifier makes the same checks, in the same order, with
// an injected clock; signing_test.go shows it agrees with slack-go's on
// current requests. The comparison is constant-time (hmac.Equal).
type verifier struct {
	secret []byte
	now    func() time.Time
}

// signature is a request's parsed signature headers.
type signature struct {
	timestamp string // as sent: it is part of the signed text
	mac       []byte
}

// parse reads and checks the signature headers; reason is "" when they are
// well-formed and fresh, otherwise one of the Reason constants.
func (v verifier) parse(h http.Header) (signature, string) {
	sig, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return signature{}, ReasonMissingHeaders
	}
	hexMAC, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return signature{}, ReasonMalformed
	}
	mac, err := hex.DecodeString(hexMAC)
	if err != nil || len(mac) != sha256.Size {
		return signature{}, ReasonMalformed
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return signature{}, ReasonMalformed
	}
	if v.now().Sub(time.Unix(sec, 0)).Abs() > SigningWindow {
		return signature{}, ReasonStale
	}
	return signature{timestamp: ts, mac: mac}, ""
}

// matches reports whether s signs body.
func (v verifier) matches(s signature, body []byte) bool {
	return hmac.Equal(sign(v.secret, s.timestamp, body), s.mac)
}

// sign computes the v0 HMAC of body sent at timestamp.
func sign(secret []byte, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("v0:" + timestamp + ":"))
	m.Write(body)
	return m.Sum(nil)
}
