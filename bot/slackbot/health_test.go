package slackbot

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func get(t *testing.T, h http.Handler, method, path string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body), rec.Result().Header
}

func TestReadinessZeroValueIsNotReady(t *testing.T) {
	var r Readiness
	if ok, reason := r.Ready(); ok || reason != "starting" {
		t.Fatalf("zero Readiness = %v %q, want not ready, \"starting\"", ok, reason)
	}
	r.SetReady(true, "")
	if ok, _ := r.Ready(); !ok {
		t.Fatal("SetReady(true) did not make it ready")
	}
	r.SetReady(false, "socket mode: reconnecting")
	if ok, reason := r.Ready(); ok || reason != "socket mode: reconnecting" {
		t.Fatalf("Ready = %v %q after SetReady(false, ...)", ok, reason)
	}
}

// TestReadinessConcurrent is for the race detector: the supervisor sets the
// state while probes read it.
func TestReadinessConcurrent(t *testing.T) {
	var r Readiness
	h := HealthHandler(&r, prometheus.NewRegistry())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				if i%2 == 0 {
					r.SetReady(j%2 == 0, "flapping")
				} else {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
					if rec.Code != http.StatusOK && rec.Code != http.StatusServiceUnavailable {
						t.Errorf("/readyz = %d", rec.Code)
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestHealthz(t *testing.T) {
	var r Readiness // not ready: liveness does not depend on it
	h := HealthHandler(&r, prometheus.NewRegistry())
	code, body, hdr := get(t, h, http.MethodGet, "/healthz")
	if code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz = %d %q, want 200 \"ok\\n\"", code, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q", ct)
	}
	if code, _, _ := get(t, h, http.MethodHead, "/healthz"); code != http.StatusOK {
		t.Errorf("HEAD /healthz = %d, want 200", code)
	}
	if code, _, _ := get(t, h, http.MethodPost, "/healthz"); code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", code)
	}
}

func TestReadyz(t *testing.T) {
	var r Readiness
	h := HealthHandler(&r, prometheus.NewRegistry())

	code, body, _ := get(t, h, http.MethodGet, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "starting") {
		t.Fatalf("/readyz before ready = %d %q, want 503 with the reason", code, body)
	}

	r.SetReady(true, "serving http")
	code, body, _ = get(t, h, http.MethodGet, "/readyz")
	if code != http.StatusOK || !strings.HasPrefix(body, "ready") {
		t.Fatalf("/readyz when ready = %d %q, want 200", code, body)
	}

	r.SetReady(false, "socket mode disconnected: connection reset")
	code, body, _ = get(t, h, http.MethodGet, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "socket mode disconnected: connection reset") {
		t.Fatalf("/readyz after disconnect = %d %q, want 503 with the reason", code, body)
	}

	r.SetReady(true, "")
	if code, body, _ = get(t, h, http.MethodGet, "/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Fatalf("/readyz after reconnect = %d %q, want 200 \"ready\\n\"", code, body)
	}

	// Without a Readiness there is nothing that could say "ready": fail closed.
	if code, _, _ := get(t, HealthHandler(nil, prometheus.NewRegistry()), http.MethodGet, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with nil Readiness = %d, want 503", code)
	}
}

func TestMetricsEndpointExposesAdapterMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	m.request(PathCommands, OutcomeOK, 0.004)
	m.request(PathEvents, OutcomeError, 0.2)
	m.verificationFailure(ReasonStale)
	m.OutboxDelivered("card")
	m.OutboxDelivered("card")
	m.OutboxFailed("post", true)
	m.OutboxFailed("post", false)
	m.OutboxRetry("post")

	code, body, hdr := get(t, HealthHandler(new(Readiness), reg), http.MethodGet, "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics Content-Type = %q, want the text format", ct)
	}
	for _, want := range []string{
		`slack_requests_total{outcome="ok",path="/slack/commands"} 1`,
		`slack_requests_total{outcome="error",path="/slack/events"} 1`,
		`slack_requests_total{outcome="ok",path="/slack/interactions"} 0`, // pre-created series
		`slack_verification_failures_total{reason="stale"} 1`,
		`slack_verification_failures_total{reason="mismatch"} 0`,
		`slack_ack_seconds_bucket{path="/slack/commands",le="0.005"} 1`,
		`slack_ack_seconds_count{path="/slack/events"} 1`,
		`slack_outbox_delivered_total{kind="card"} 2`,
		`slack_outbox_failed_total{kind="post",permanent="true"} 1`,
		`slack_outbox_failed_total{kind="post",permanent="false"} 1`,
		`slack_outbox_retries_total{kind="post"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestMetricsWithoutRegistry(t *testing.T) {
	m := NewMetrics(nil) // unregistered collectors still count
	m.OutboxRetry("topic")
	if got := testutil.ToFloat64(m.retries.WithLabelValues("topic")); got != 1 {
		t.Fatalf("retries = %v, want 1", got)
	}
}

func TestNilMetricsIsANoOp(t *testing.T) {
	var m *Metrics
	m.request(PathCommands, OutcomeOK, 1)
	m.verificationFailure(ReasonMismatch)
	m.OutboxDelivered("card")
	m.OutboxFailed("card", true)
	m.OutboxRetry("card")
}

func TestNewMetricsTwiceOnOneRegistryPanics(t *testing.T) {
	reg := prometheus.NewRegistry()
	NewMetrics(reg)
	defer func() {
		if recover() == nil {
			t.Fatal("registering the metrics twice did not panic")
		}
	}()
	NewMetrics(reg)
}

// A part's problem makes the bot not ready whatever the connection says,
// and /readyz names it; cleared, the connection's state shows again.
func TestReadinessProblem(t *testing.T) {
	var r Readiness
	r.SetReady(true, "connected")
	r.Problem("slack outbox", errors.New("disk full"))
	r.SetReady(true, "reconnected")
	if ok, why := r.Ready(); ok || why != "slack outbox: disk full" {
		t.Errorf("with a problem: %v %q", ok, why)
	}
	r.Problem("paging outbox", errors.New("disk full"))
	if _, why := r.Ready(); why != "paging outbox: disk full; slack outbox: disk full" {
		t.Errorf("two problems: %q", why)
	}
	r.Problem("slack outbox", nil)
	r.Problem("paging outbox", nil)
	if ok, why := r.Ready(); !ok || why != "reconnected" {
		t.Errorf("cleared: %v %q", ok, why)
	}
}

// Transport counts every failed Web API call by method and reason, and
// hands every answer on unchanged; unknown paths share one label.
func TestTransportCountsFailedCalls(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/chat.postMessage":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true,"ts":"1.2"}`)
		case "/api/chat.update":
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			io.WriteString(w, `{"ok":false,"error":"message_not_found"}`)
		case "/api/pins.add":
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/api/conversations.create":
			w.WriteHeader(http.StatusBadGateway)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	client := &http.Client{Transport: m.Transport(nil)}
	for _, tc := range []struct{ path, body string }{
		{"/api/chat.postMessage", `{"ok":true,"ts":"1.2"}`},
		{"/api/chat.update", `{"ok":false,"error":"message_not_found"}`},
		{"/api/chat.update", `{"ok":false,"error":"message_not_found"}`},
		{"/api/pins.add", ""},
		{"/api/conversations.create", ""},
		{"/upload/abc", ""},
	} {
		resp, err := client.Post(srv.URL+tc.path, "application/x-www-form-urlencoded", strings.NewReader("token=x"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != tc.body {
			t.Errorf("%s: body %q, want %q unchanged", tc.path, b, tc.body)
		}
	}
	if _, err := client.Post("http://127.0.0.1:1/api/chat.postMessage", "text/plain", nil); err == nil {
		t.Fatal("a post to a closed port succeeded")
	}
	for _, tc := range []struct {
		method, reason string
		want           float64
	}{
		{"chat.postMessage", APIError, 0},
		{"chat.update", APIError, 2},
		{"pins.add", APIRateLimited, 1},
		{"conversations.create", APIHTTP5xx, 1},
		{"other", APIHTTP4xx, 1},
		{"chat.postMessage", APINetwork, 1},
	} {
		if got := testutil.ToFloat64(m.apiErrors.WithLabelValues(tc.method, tc.reason)); got != tc.want {
			t.Errorf("slack_api_errors_total{method=%q,reason=%q} = %v, want %v", tc.method, tc.reason, got, tc.want)
		}
	}
	if n := testutil.CollectAndCount(m.apiErrors); n != 6 {
		t.Errorf("%d series of slack_api_errors_total, want 6", n)
	}
}
