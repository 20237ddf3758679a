package slackbot

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Readiness is whether the bot can take Slack traffic now: in Socket Mode
// while connected, in HTTP mode while serving, and in either only while no
// part reports a problem (the store failing to record deliveries, say). The
// zero value is not ready, with the reason "starting". It is safe for
// concurrent use.
type Readiness struct {
	mu       sync.RWMutex
	ready    bool
	reason   string
	problems map[string]error // by the part that reported it
}

// Problem records (err not nil) or clears (nil) a problem of part: while
// any is recorded the bot is not ready, and /readyz says why.
func (r *Readiness) Problem(part string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		delete(r.problems, part)
		return
	}
	if r.problems == nil {
		r.problems = map[string]error{}
	}
	r.problems[part] = err
}

// SetReady records the current state. reason says why the bot is not ready
// (or, when ready, what it is doing); /readyz shows it to operators.
func (r *Readiness) SetReady(ready bool, reason string) {
	r.mu.Lock()
	r.ready, r.reason = ready, reason
	r.mu.Unlock()
}

// Ready reports the current state and its reason.
func (r *Readiness) Ready() (bool, string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.problems) > 0 {
		parts := make([]string, 0, len(r.problems))
		for p := range r.problems {
			parts = append(parts, p)
		}
		sort.Strings(parts)
		reasons := make([]string, len(parts))
		for i, p := range parts {
			reasons[i] = p + ": " + r.problems[p].Error()
		}
		return false, strings.Join(reasons, "; ")
	}
	if !r.ready && r.reason == "" {
		return false, "starting"
	}
	return r.ready, r.reason
}

// Metric outcomes of a Slack request (label "outcome" of
// slack_requests_total).
const (
	OutcomeOK           = "ok"           // handled and answered 200
	OutcomeIgnored      = "ignored"      // verified, answered 200, nothing to do (unknown event type, rate-limit notice)
	OutcomeRefused      = "refused"      // verified, but the workspace is not in allowed_team_ids
	OutcomeUnauthorized = "unauthorized" // signature missing, wrong or stale: 401
	OutcomeTooLarge     = "too_large"    // body over the limit: 413
	OutcomeBadRequest   = "bad_request"  // verified, but not a payload we can read: 400
	OutcomeError        = "error"        // the bot failed; Slack may retry: 500
)

// Reasons a signature check fails (label "reason" of
// slack_verification_failures_total).
const (
	ReasonMissingHeaders = "missing_headers" // no X-Slack-Signature or X-Slack-Request-Timestamp
	ReasonMalformed      = "malformed"       // a header that is not a v0 signature or a Unix time
	ReasonStale          = "stale"           // timestamp more than 5 minutes from our clock
	ReasonMismatch       = "mismatch"        // the HMAC does not match (wrong secret or altered body)
)

// HTTP paths of the Slack endpoints (the "path" label).
const (
	PathCommands     = "/slack/commands"
	PathInteractions = "/slack/interactions"
	PathEvents       = "/slack/events"
)

// Metrics are the Slack adapter's Prometheus metrics: requests, signature
// failures and ack latency of the HTTP endpoints, the outbox worker's
// deliveries, and the Web API calls that failed (Transport). What the outbox
// holds is counted by internal/app at each scrape. A nil *Metrics is valid and records nothing, so the bot and its
// tests run without a registry.
type Metrics struct {
	requests       *prometheus.CounterVec
	verifyFailures *prometheus.CounterVec
	ack            *prometheus.HistogramVec
	delivered      *prometheus.CounterVec
	failed         *prometheus.CounterVec
	retries        *prometheus.CounterVec
	apiErrors      *prometheus.CounterVec
}

// ackBuckets resolve the range that matters for Slack's 3-second deadline:
// milliseconds for a healthy ack, then up to and past 3 s.
var ackBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5}

// NewMetrics creates the metrics and registers them with reg (nil: not
// registered, e.g. in tests). It panics if they are already registered with
// reg, as a second registration is a wiring mistake.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	m := &Metrics{
		requests: f.NewCounterVec(prometheus.CounterOpts{
			Name: "slack_requests_total",
			Help: "Slack HTTP requests (commands, interactions, events) by path and outcome.",
		}, []string{"path", "outcome"}),
		verifyFailures: f.NewCounterVec(prometheus.CounterOpts{
			Name: "slack_verification_failures_total",
			Help: "Slack HTTP requests whose v0 signature was missing, malformed, stale or wrong, by reason.",
		}, []string{"reason"}),
		ack: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "slack_ack_seconds",
			Help:    "Time from receiving a Slack HTTP request to writing its answer (Slack's limit is 3 s).",
			Buckets: ackBuckets,
		}, []string{"path"}),
		delivered: f.NewCounterVec(prometheus.CounterOpts{
			Name: "slack_outbox_delivered_total",
			Help: "Outbox items Slack accepted, by kind.",
		}, []string{"kind"}),
		failed: f.NewCounterVec(prometheus.CounterOpts{
			Name: "slack_outbox_failed_total",
			Help: "Outbox delivery attempts that failed, by kind and whether the failure is permanent.",
		}, []string{"kind", "permanent"}),
		retries: f.NewCounterVec(prometheus.CounterOpts{
			Name: "slack_outbox_retries_total",
			Help: "Outbox deliveries scheduled for another attempt (rate limits, 5xx, network errors), by kind.",
		}, []string{"kind"}),
		apiErrors: f.NewCounterVec(prometheus.CounterOpts{
			Name: "slack_api_errors_total",
			Help: "Slack Web API calls that failed, by method and reason (network, ratelimited, http_4xx, http_5xx, api_error: Slack answered ok=false).",
		}, []string{"method", "reason"}),
	}
	// Series for the fixed label values exist from the start, so dashboards
	// and rate() see zeros rather than gaps.
	for _, p := range []string{PathCommands, PathInteractions, PathEvents} {
		m.ack.WithLabelValues(p)
		m.requests.WithLabelValues(p, OutcomeOK)
		m.requests.WithLabelValues(p, OutcomeUnauthorized)
	}
	for _, r := range []string{ReasonMissingHeaders, ReasonMalformed, ReasonStale, ReasonMismatch} {
		m.verifyFailures.WithLabelValues(r)
	}
	return m
}

// request counts one Slack request and observes its ack latency.
func (m *Metrics) request(path, outcome string, seconds float64) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(path, outcome).Inc()
	m.ack.WithLabelValues(path).Observe(seconds)
}

// verificationFailure counts one failed signature check.
func (m *Metrics) verificationFailure(reason string) {
	if m == nil {
		return
	}
	m.verifyFailures.WithLabelValues(reason).Inc()
}

// OutboxDelivered counts an outbox item of kind that Slack accepted.
func (m *Metrics) OutboxDelivered(kind string) {
	if m == nil {
		return
	}
	m.delivered.WithLabelValues(kind).Inc()
}

// OutboxFailed counts a failed delivery attempt of kind; permanent failures
// (channel_not_found, not_in_channel …) will not be retried.
func (m *Metrics) OutboxFailed(kind string, permanent bool) {
	if m == nil {
		return
	}
	m.failed.WithLabelValues(kind, strconv.FormatBool(permanent)).Inc()
}

// OutboxRetry counts a delivery of kind scheduled for another attempt.
func (m *Metrics) OutboxRetry(kind string) {
	if m == nil {
		return
	}
	m.retries.WithLabelValues(kind).Inc()
}

// Reasons a Web API call failed (label "reason" of slack_api_errors_total).
const (
	APINetwork     = "network"     // no answer: refused, reset, timed out
	APIRateLimited = "ratelimited" // HTTP 429
	APIHTTP4xx     = "http_4xx"    // another 4xx status
	APIHTTP5xx     = "http_5xx"    // a 5xx status
	APIError       = "api_error"   // HTTP 200 with {"ok": false, "error": …}
)

// otherMethod labels calls to anything but a known Web API method (an upload
// URL, a misconfigured api_url), so the label stays bounded.
const otherMethod = "other"

// Transport counts the failed Web API calls made through base (nil:
// http.DefaultTransport) by method (the last element of the URL path; only
// methods this adapter calls, see methodScopes, else "other") and reason. A
// call Slack answered with ok=false is read to tell, so the body is read
// whole and handed on unchanged. A nil *Metrics returns base.
func (m *Metrics) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if m == nil {
		return base
	}
	return &countingTransport{base: base, m: m}
}

type countingTransport struct {
	base http.RoundTripper
	m    *Metrics
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	method := path.Base(r.URL.Path)
	if _, known := methodScopes[method]; !known && method != "apps.connections.open" {
		method = otherMethod
	}
	resp, err := c.base.RoundTrip(r)
	switch {
	case err != nil:
		c.m.apiErrors.WithLabelValues(method, APINetwork).Inc()
	case resp.StatusCode == http.StatusTooManyRequests:
		c.m.apiErrors.WithLabelValues(method, APIRateLimited).Inc()
	case resp.StatusCode >= 500:
		c.m.apiErrors.WithLabelValues(method, APIHTTP5xx).Inc()
	case resp.StatusCode >= 400:
		c.m.apiErrors.WithLabelValues(method, APIHTTP4xx).Inc()
	case strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json"):
		body, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var ok struct {
			OK *bool `json:"ok"`
		}
		if rerr == nil && json.Unmarshal(body, &ok) == nil && ok.OK != nil && !*ok.OK {
			c.m.apiErrors.WithLabelValues(method, APIError).Inc()
		}
		if rerr != nil {
			// The caller would have met the same error reading the body.
			c.m.apiErrors.WithLabelValues(method, APINetwork).Inc()
			return nil, rerr
		}
	}
	return resp, err
}

// HealthHandler serves the operational endpoints, in Socket Mode and HTTP
// mode alike:
//
//   - GET /healthz: 200 "ok" while the process runs (liveness).
//   - GET /readyz: 200 "ready" when r is ready, else 503 with the reason
//     (readiness; a nil r is never ready).
//   - GET /metrics: reg in the Prometheus text format (nil reg: the default
//     gatherer).
//
// The texts are for operators and load balancers, not Slack users, and so are
// not translated.
func HealthHandler(r *Readiness, reg prometheus.Gatherer) http.Handler {
	if reg == nil {
		reg = prometheus.DefaultGatherer
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeText(w, http.StatusOK, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if r == nil {
			writeText(w, http.StatusServiceUnavailable, "not ready: readiness is not tracked\n")
			return
		}
		ok, reason := r.Ready()
		switch {
		case ok && reason == "":
			writeText(w, http.StatusOK, "ready\n")
		case ok:
			writeText(w, http.StatusOK, "ready: "+reason+"\n")
		default:
			writeText(w, http.StatusServiceUnavailable, "not ready: "+reason+"\n")
		}
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}
