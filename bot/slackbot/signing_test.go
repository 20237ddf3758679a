package slackbot

import (
	"bytes"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/slack-go/slack"
)

// Slack's worked example from its docs on verifying requests from Slack: a
// slash command signed with this secret at this time has this signature.
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = 1531420618
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

// testSecret signs the tests' own requests.
const testSecret = exampleSecret

// testNow is the tests' fixed clock.
var testNow = time.Date(2026, 11, 23, 9, 12, 0, 0, time.UTC)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// signatureFor returns the X-Slack-Signature value for body sent at ts.
func signatureFor(secret string, ts int64, body []byte) string {
	return "v0=" + hex.EncodeToString(sign([]byte(secret), strconv.FormatInt(ts, 10), body))
}

// signedRequest builds a request to path signed with secret at time at.
func signedRequest(secret string, at time.Time, path string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	setContentType(r, path)
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(at.Unix(), 10))
	r.Header.Set("X-Slack-Signature", signatureFor(secret, at.Unix(), body))
	return r
}

func setContentType(r *http.Request, path string) {
	if path == PathEvents {
		r.Header.Set("Content-Type", "application/json")
	} else {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
}

// validBody is a well-formed request body for each endpoint, from team.
func validBody(path, team string) []byte {
	switch path {
	case PathCommands:
		return []byte(url.Values{
			"token": {"legacy-token-ignored"}, "team_id": {team}, "team_domain": {"example"},
			"channel_id": {"C0GENERAL"}, "channel_name": {"general"},
			"user_id": {"U0SATO"}, "user_name": {"sato"}, "command": {"/incident"},
			"text":         {"open high Website defaced"},
			"response_url": {"https://example.invalid/response"}, "trigger_id": {"1.2.3"},
		}.Encode())
	case PathInteractions:
		payload := `{"type":"block_actions","team":{"id":"` + team + `"},"user":{"id":"U0SATO","name":"sato"},` +
			`"trigger_id":"1.2.4","actions":[{"type":"button","action_id":"incident_next","block_id":"incident_actions","value":"x"}]}`
		return []byte(url.Values{"payload": {payload}}.Encode())
	case PathEvents:
		return []byte(`{"token":"t","team_id":"` + team + `","api_app_id":"A0APP","type":"event_callback","event_id":"Ev0PIN1","event_time":1700000000,` +
			`"event":{"type":"reaction_added","user":"U0SATO","reaction":"pushpin","item_user":"U0TANAKA",` +
			`"item":{"type":"message","channel":"C0INC","ts":"1700000000.000100"},"event_ts":"1700000001.000200"}}`)
	}
	panic("unknown path " + path)
}

func TestSlackPublishedSigningExample(t *testing.T) {
	body := []byte(exampleBody)
	if got := signatureFor(exampleSecret, exampleTimestamp, body); got != exampleSignature {
		t.Fatalf("signature of Slack's example = %s, want %s", got, exampleSignature)
	}

	v := verifier{secret: []byte(exampleSecret), now: fixedClock(time.Unix(exampleTimestamp, 0))}
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", strconv.Itoa(exampleTimestamp))
	h.Set("X-Slack-Signature", exampleSignature)
	sig, reason := v.parse(h)
	if reason != "" {
		t.Fatalf("headers of Slack's example refused: %s", reason)
	}
	if !v.matches(sig, body) {
		t.Fatal("Slack's example did not verify")
	}

	// And through the whole endpoint, with the clock at the example's time:
	// it reaches the bot, parsed.
	rec := &recorder{}
	hh := newTestHandler(t, rec, HTTPOptions{Now: fixedClock(time.Unix(exampleTimestamp+30, 0))})
	r := httptest.NewRequest(http.MethodPost, PathCommands, strings.NewReader(exampleBody))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", strconv.Itoa(exampleTimestamp))
	r.Header.Set("X-Slack-Signature", exampleSignature)
	w := serve(hh, r)
	if w.Code != http.StatusOK {
		t.Fatalf("Slack's example request = %d, want 200", w.Code)
	}
	cmds := rec.commandsSeen()
	if len(cmds) != 1 || cmds[0].Command != "/webhook-collect" || cmds[0].UserName != "roadrunner" || cmds[0].TeamID != "T1DC2JH3J" {
		t.Fatalf("bot saw %+v, want the example's /webhook-collect by roadrunner", cmds)
	}

	// The same request ten minutes later is stale.
	hh = newTestHandler(t, &recorder{}, HTTPOptions{Now: fixedClock(time.Unix(exampleTimestamp, 0).Add(10 * time.Minute))})
	r = httptest.NewRequest(http.MethodPost, PathCommands, strings.NewReader(exampleBody))
	r.Header.Set("X-Slack-Request-Timestamp", strconv.Itoa(exampleTimestamp))
	r.Header.Set("X-Slack-Signature", exampleSignature)
	if w := serve(hh, r); w.Code != http.StatusUnauthorized {
		t.Fatalf("Slack's example 10 minutes later = %d, want 401", w.Code)
	}
}

// TestVerifierAgreesWithSlackGo checks our verifier against slack-go's
// SecretsVerifier on requests made now (slack-go's only clock): both accept
// and refuse the same requests.
func TestVerifierAgreesWithSlackGo(t *testing.T) {
	now := time.Now()
	body := validBody(PathCommands, "T0ONE")
	type tc struct {
		name    string
		header  func(h http.Header)
		body    []byte
		wantErr bool
	}
	good := func(ts time.Time, secret string) func(h http.Header) {
		return func(h http.Header) {
			h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
			h.Set("X-Slack-Signature", signatureFor(secret, ts.Unix(), body))
		}
	}
	cases := []tc{
		{"valid", good(now, testSecret), body, false},
		{"valid, 4 minutes old", good(now.Add(-4*time.Minute), testSecret), body, false},
		{"wrong secret", good(now, "another-secret"), body, true},
		{"body altered", good(now, testSecret), append(append([]byte{}, body...), '&', 'x', '=', '1'), true},
		{"stale", good(now.Add(-6*time.Minute), testSecret), body, true},
		{"from the future", good(now.Add(6*time.Minute), testSecret), body, true},
		{"no headers", func(http.Header) {}, body, true},
		{"not v0", func(h http.Header) {
			good(now, testSecret)(h)
			h.Set("X-Slack-Signature", "v1="+strings.TrimPrefix(h.Get("X-Slack-Signature"), "v0="))
		}, body, true},
		{"short signature", func(h http.Header) {
			good(now, testSecret)(h)
			h.Set("X-Slack-Signature", h.Get("X-Slack-Signature")[:20])
		}, body, true},
	}
	ours := verifier{secret: []byte(testSecret), now: time.Now}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			c.header(h)
			sig, reason := ours.parse(h)
			oursOK := reason == "" && ours.matches(sig, c.body)

			theirsOK := false
			if sv, err := slack.NewSecretsVerifier(h, testSecret); err == nil {
				_, _ = sv.Write(c.body)
				theirsOK = sv.Ensure() == nil
			}
			if oursOK != theirsOK || oursOK == c.wantErr {
				t.Fatalf("ours accepted=%v (reason %q), slack-go accepted=%v, want accepted=%v", oursOK, reason, theirsOK, !c.wantErr)
			}
		})
	}
}

func TestSigningWindowEdges(t *testing.T) {
	v := verifier{secret: []byte(testSecret), now: fixedClock(testNow)}
	for _, c := range []struct {
		offset time.Duration
		ok     bool
	}{
		{0, true},
		{-SigningWindow, true},
		{SigningWindow, true},
		{-SigningWindow - time.Second, false},
		{SigningWindow + time.Second, false},
		{-6 * time.Minute, false},
	} {
		h := http.Header{}
		ts := testNow.Add(c.offset).Unix()
		h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		h.Set("X-Slack-Signature", signatureFor(testSecret, ts, nil))
		_, reason := v.parse(h)
		if (reason == "") != c.ok {
			t.Errorf("timestamp %v from now: reason %q, want accepted=%v", c.offset, reason, c.ok)
		}
		if !c.ok && reason != ReasonStale {
			t.Errorf("timestamp %v from now: reason %q, want %q", c.offset, reason, ReasonStale)
		}
	}
}

// refusal is one way a request can fail the checks before the bot.
type refusal struct {
	name    string
	status  int
	reason  string // verification failure counted; "" for none
	request func(path string) *http.Request
}

// refusals are the requests every endpoint must refuse before anything is
// parsed or reaches the bot. Requests are signed for testNow.
func refusals() []refusal {
	build := func(path string, body []byte, ts int64, sig string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		setContentType(r, path)
		if ts != 0 {
			r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		}
		if sig != "" {
			r.Header.Set("X-Slack-Signature", sig)
		}
		return r
	}
	now := testNow.Unix()
	big := func(path string) []byte {
		b := validBody(path, "T0ONE")
		pad := bytes.Repeat([]byte(" "), MaxBodyBytes+1-len(b))
		if path == PathEvents {
			return append(b, pad...) // trailing spaces keep it valid JSON
		}
		return append(b, []byte("&pad="+string(pad[len("&pad="):]))...)
	}
	return []refusal{
		{"unsigned", http.StatusUnauthorized, ReasonMissingHeaders, func(p string) *http.Request {
			return build(p, validBody(p, "T0ONE"), 0, "")
		}},
		{"no timestamp", http.StatusUnauthorized, ReasonMissingHeaders, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			return build(p, b, 0, signatureFor(testSecret, now, b))
		}},
		{"no signature", http.StatusUnauthorized, ReasonMissingHeaders, func(p string) *http.Request {
			return build(p, validBody(p, "T0ONE"), now, "")
		}},
		{"wrong signature", http.StatusUnauthorized, ReasonMismatch, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			return build(p, b, now, signatureFor("not-the-signing-secret", now, b))
		}},
		{"not a v0 signature", http.StatusUnauthorized, ReasonMalformed, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			return build(p, b, now, "v1="+strings.TrimPrefix(signatureFor(testSecret, now, b), "v0="))
		}},
		{"signature not hex", http.StatusUnauthorized, ReasonMalformed, func(p string) *http.Request {
			return build(p, validBody(p, "T0ONE"), now, "v0="+strings.Repeat("zz", 32))
		}},
		{"stale (6 minutes)", http.StatusUnauthorized, ReasonStale, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			ts := testNow.Add(-6 * time.Minute).Unix()
			return build(p, b, ts, signatureFor(testSecret, ts, b))
		}},
		{"from the future (6 minutes)", http.StatusUnauthorized, ReasonStale, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			ts := testNow.Add(6 * time.Minute).Unix()
			return build(p, b, ts, signatureFor(testSecret, ts, b))
		}},
		{"body altered after signing", http.StatusUnauthorized, ReasonMismatch, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			sig := signatureFor(testSecret, now, b)
			altered := bytes.Replace(b, []byte("T0ONE"), []byte("T0TWO"), 1)
			if bytes.Equal(altered, b) {
				panic("body not altered")
			}
			return build(p, altered, now, sig)
		}},
		{"timestamp altered after signing", http.StatusUnauthorized, ReasonMismatch, func(p string) *http.Request {
			b := validBody(p, "T0ONE")
			return build(p, b, now+1, signatureFor(testSecret, now, b))
		}},
		{"oversize body, signed", http.StatusRequestEntityTooLarge, "", func(p string) *http.Request {
			b := big(p)
			return build(p, b, now, signatureFor(testSecret, now, b))
		}},
		{"oversize body, no length given", http.StatusRequestEntityTooLarge, "", func(p string) *http.Request {
			b := big(p)
			r := build(p, b, now, signatureFor(testSecret, now, b))
			r.ContentLength = -1
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b))) // hides the length
			return r
		}},
	}
}

// TestRefusedRequestsReachNothing: every failed check is answered 401 or 413
// with an empty body, counted, and nothing reaches the bot.
func TestRefusedRequestsReachNothing(t *testing.T) {
	for _, c := range refusals() {
		for _, path := range []string{PathCommands, PathInteractions, PathEvents} {
			t.Run(c.name+" "+path, func(t *testing.T) {
				rec := &recorder{}
				reg := prometheus.NewRegistry()
				m := NewMetrics(reg)
				h := newTestHandler(t, rec, HTTPOptions{Metrics: m})
				w := serve(h, c.request(path))
				if w.Code != c.status {
					t.Fatalf("status %d, want %d", w.Code, c.status)
				}
				if w.Body.Len() != 0 {
					t.Errorf("refusal has a body: %q", w.Body.String())
				}
				if n := rec.calls(); n != 0 {
					t.Fatalf("%d calls reached the bot", n)
				}
				outcome := OutcomeUnauthorized
				if c.status == http.StatusRequestEntityTooLarge {
					outcome = OutcomeTooLarge
				}
				if got := testutil.ToFloat64(m.requests.WithLabelValues(path, outcome)); got != 1 {
					t.Errorf("slack_requests_total{%s,%s} = %v, want 1", path, outcome, got)
				}
				if c.reason != "" {
					if got := testutil.ToFloat64(m.verifyFailures.WithLabelValues(c.reason)); got != 1 {
						t.Errorf("slack_verification_failures_total{%s} = %v, want 1", c.reason, got)
					}
				}
			})
		}
	}
}

// TestSignedRequestsPass is the control for TestRefusedRequestsReachNothing:
// the same bodies, signed correctly, reach the bot.
func TestSignedRequestsPass(t *testing.T) {
	for _, path := range []string{PathCommands, PathInteractions, PathEvents} {
		rec := &recorder{}
		h := newTestHandler(t, rec, HTTPOptions{})
		w := serve(h, signedRequest(testSecret, testNow, path, validBody(path, "T0ONE")))
		if w.Code != http.StatusOK || rec.calls() != 1 {
			t.Errorf("%s: status %d, %d calls; want 200 and 1 call", path, w.Code, rec.calls())
		}
	}
}
