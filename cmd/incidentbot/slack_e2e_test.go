package main

// End-to-end tests of `incidentbot serve` in HTTP mode: the real binary as a
// child process, a real SQLite file, and the fake Slack Web API in this
// process. Socket Mode is covered in process by bot/slackbot, and through
// the binary by the replica test (replicas_e2e_test.go).

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
)

const (
	seUser    = "U0SATO"
	seOther   = "U0SUZUKI"
	seGeneral = "C0GENERAL"
	// seWait bounds every wait for the server or the fake. It only guards
	// against a hang: healthy steps take milliseconds (seconds under 429s).
	seWait = 20 * time.Second
)

// syncBuffer is a bytes.Buffer safe for the child's stderr copier and the
// test to use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	p := make([]byte, n)
	if _, err := rand.Read(p); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(p)
}

// slackEnv is one workspace: the fake Web API with a user and #general, a
// database file, the secrets, and every serve process started on them.
type slackEnv struct {
	t      *testing.T
	fake   *fakeslack.Server
	dir    string
	db     string
	secret string
	client *http.Client

	// slackConfig, if set, is added to the [slack] table of every serve's
	// config (announce_channel = "…", say).
	slackConfig string
	// dsn, if set, is the PostgreSQL database every serve uses, given in
	// DATABASE_URL instead of --db.
	dsn string
	// socket, if set, runs every serve in Socket Mode against the fake's
	// Socket Mode (the app-level token in SLACK_APP_TOKEN); commands then go
	// through e.fake.Deliver instead of HTTP posts.
	socket bool

	mu   sync.Mutex
	logs []*syncBuffer // stderr of every serve, checked for secrets at the end
	sent []string      // every X-Slack-Signature sent, which must not be logged either
}

func newSlackEnv(t *testing.T) *slackEnv {
	t.Helper()
	e := &slackEnv{t: t, dir: t.TempDir(), secret: "e2e-signing-" + randomHex(t, 16),
		client: &http.Client{Timeout: seWait}}
	e.db = filepath.Join(e.dir, "incidentbot.db")
	// The check runs last (cleanups are last-in first-out), when every
	// server has stopped and its log is complete.
	t.Cleanup(e.checkLogs)
	e.fake = fakeslack.NewServerWith(t, fakeslack.Options{BotToken: "xoxb-e2e-" + randomHex(t, 12), AppToken: "xapp-1-e2e-" + randomHex(t, 12)})
	e.fake.AddUser(seUser, "sato", "Sato Hanako", "Asia/Tokyo", "ja-JP")
	e.fake.AddUser(seOther, "suzuki", "Suzuki Ichiro", "Asia/Tokyo", "ja-JP")
	if err := e.fake.AddChannel(seGeneral, "general", false, e.fake.BotUserID(), seUser, seOther); err != nil {
		t.Fatal(err)
	}
	return e
}

// checkLogs: the logs are JSON lines, and neither secret nor any signature
// sent appears in them.
func (e *slackEnv) checkLogs() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, l := range e.logs {
		text := l.String()
		for _, s := range []struct{ what, v string }{{"the signing secret", e.secret}, {"the bot token", e.fake.BotToken()}, {"the app-level token", e.fake.AppToken()}} {
			if strings.Contains(text, s.v) {
				e.t.Errorf("serve %d logged %s", i+1, s.what)
			}
		}
		for _, sig := range e.sent {
			if strings.Contains(text, strings.TrimPrefix(sig, "v0=")) {
				e.t.Errorf("serve %d logged a request signature", i+1)
				break
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				e.t.Errorf("serve %d: a log line is not JSON: %q", i+1, line)
			}
		}
	}
}

// freeAddr returns a 127.0.0.1 address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// serveProc is one running `incidentbot serve`.
type serveProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	stderr *syncBuffer
	base   string
	done   chan struct{}
	err    error // of Wait, once done is closed
}

// serve starts `incidentbot serve` in HTTP mode (Socket Mode if e.socket)
// with [http] listen on a free port, with the secrets in the environment
// only, and waits until /readyz answers 200 (in Socket Mode: once its
// connection to the fake is open and greeted). It is
// stopped with SIGTERM (and must then exit 0) when the test ends, unless it
// was killed before.
func (e *slackEnv) serve() *serveProc {
	e.t.Helper()
	for attempt := 1; ; attempt++ {
		p, ok := e.tryServe()
		if ok {
			return p
		}
		// Another process took the free port between freeAddr and serve's
		// listen: try another one.
		if attempt == 3 {
			e.t.Fatalf("serve could not listen:\n%s", p.stderr)
		}
	}
}

// tryServe starts serve once; ok is false if it could not listen.
func (e *slackEnv) tryServe() (p *serveProc, ok bool) {
	t := e.t
	t.Helper()
	addr := freeAddr(t)
	cfg := filepath.Join(e.dir, "incidentbot.toml")
	mode := "http"
	if e.socket {
		mode = "socket"
	}
	conf := fmt.Sprintf("language = \"en\"\ntimezone = \"UTC\"\n\n[slack]\nmode = %q\napi_url = %q\n%s\n[http]\nlisten = %q\n", mode, e.fake.URL(), e.slackConfig, addr)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"serve", "--config", cfg, "-v"}
	if e.dsn == "" { // on PostgreSQL, DATABASE_URL names the store
		args = append(args, "--db", e.db)
	}
	cmd := exec.Command(binary, args...)
	cmd.Dir = e.dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SLACK_") && !strings.HasPrefix(kv, "DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "SLACK_BOT_TOKEN="+e.fake.BotToken(), "SLACK_SIGNING_SECRET="+e.secret)
	if e.socket {
		cmd.Env = append(cmd.Env, "SLACK_APP_TOKEN="+e.fake.AppToken())
	}
	if e.dsn != "" {
		cmd.Env = append(cmd.Env, "DATABASE_URL="+e.dsn)
	}
	p = &serveProc{t: t, cmd: cmd, stderr: &syncBuffer{}, base: "http://" + addr, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stderr, p.stderr
	e.mu.Lock()
	e.logs = append(e.logs, p.stderr)
	e.mu.Unlock()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(p.stop)

	deadline := time.Now().Add(seWait)
	for {
		select {
		case <-p.done:
			if strings.Contains(p.stderr.String(), "address already in use") {
				return p, false
			}
			t.Fatalf("serve exited before it was ready: %v\n%s", p.err, p.stderr)
		default:
		}
		// Only once this serve logged that it listens: until it gives up on
		// a taken port, whoever took it would answer /readyz.
		if strings.Contains(p.stderr.String(), `"msg":"serving"`) {
			if resp, err := e.client.Get(p.base + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return p, true
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready within %v:\n%s", seWait, p.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop shuts the server down as an operator would (SIGTERM): it must exit 0
// after logging "stopped".
func (p *serveProc) stop() {
	select {
	case <-p.done:
		return // killed, or already stopped
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(seWait):
		_ = p.cmd.Process.Kill()
		<-p.done
		p.t.Errorf("serve did not stop within %v of SIGTERM", seWait)
		return
	}
	if p.err != nil {
		p.t.Errorf("serve after SIGTERM: %v\n%s", p.err, p.stderr)
	} else if !strings.Contains(p.stderr.String(), `"msg":"stopped"`) {
		p.t.Errorf("serve did not log that it stopped:\n%s", p.stderr)
	}
}

// kill9 kills the server with SIGKILL: no shutdown code runs.
func (p *serveProc) kill9() {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		p.t.Fatal(err)
	}
	<-p.done
	ee, ok := p.err.(*exec.ExitError)
	if !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		p.t.Fatalf("serve was not killed by SIGKILL: %v", p.err)
	}
}

// slackSign is Slack's v0 request signature: "v0=" and the hex of
// HMAC-SHA256(secret, "v0:" + timestamp + ":" + body).
func slackSign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%d:", ts)
	m.Write(body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// signed returns the headers Slack sends with body at ts, signed with secret.
func (e *slackEnv) signed(secret string, ts time.Time, body []byte) http.Header {
	sig := slackSign(secret, ts.Unix(), body)
	e.mu.Lock()
	e.sent = append(e.sent, sig)
	e.mu.Unlock()
	return http.Header{"X-Slack-Request-Timestamp": {strconv.FormatInt(ts.Unix(), 10)}, "X-Slack-Signature": {sig}}
}

// answer is an HTTP answer from serve.
type answer struct {
	status int
	ctype  string
	body   []byte
}

// post sends body to path with the given headers (nil: unsigned).
// unknownLength sends it chunked, without a Content-Length.
func (e *slackEnv) post(p *serveProc, path string, body []byte, hdr http.Header, unknownLength bool) answer {
	e.t.Helper()
	var r io.Reader = bytes.NewReader(body)
	if unknownLength {
		r = io.MultiReader(r) // hides the length from net/http
	}
	req, err := http.NewRequest(http.MethodPost, p.base+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if path == "/slack/events" {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	return answer{resp.StatusCode, resp.Header.Get("Content-Type"), b}
}

// get fetches one of the operational endpoints.
func (e *slackEnv) get(p *serveProc, path string) answer {
	e.t.Helper()
	resp, err := e.client.Get(p.base + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header.Get("Content-Type"), b}
}

// commandBody is a slash command as Slack posts it, typed by seUser in
// channel, with a fresh trigger id.
func (e *slackEnv) commandBody(channel, text string) []byte {
	return []byte(url.Values{
		"token": {"legacy-verification-token"}, "team_id": {e.fake.TeamID()}, "team_domain": {"fake-workspace"},
		"channel_id": {channel}, "channel_name": {"general"},
		"user_id": {seUser}, "user_name": {"sato"}, "command": {"/incident"}, "text": {text},
		"api_app_id": {fakeslack.DefaultAppID}, "response_url": {e.fake.ResponseURL("cmd")}, "trigger_id": {e.fake.NewTriggerID()},
	}.Encode())
}

// command sends a correctly signed slash command and returns the ephemeral
// reply text of its 200 ack.
func (e *slackEnv) command(p *serveProc, channel, text string) string {
	e.t.Helper()
	body := e.commandBody(channel, text)
	a := e.post(p, "/slack/commands", body, e.signed(e.secret, time.Now(), body), false)
	if a.status != http.StatusOK {
		e.t.Fatalf("command %q: HTTP %d %s", text, a.status, a.body)
	}
	if !strings.HasPrefix(a.ctype, "application/json") {
		e.t.Fatalf("command %q: Content-Type %q", text, a.ctype)
	}
	var msg struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(a.body, &msg); err != nil {
		e.t.Fatalf("command %q: ack body %q: %v", text, a.body, err)
	}
	if msg.ResponseType != "ephemeral" {
		e.t.Errorf("command %q: response_type %q, want ephemeral", text, msg.ResponseType)
	}
	return msg.Text
}

// waitFor waits until cond holds (a hang guard, not a timing assertion).
func (e *slackEnv) waitFor(what string, cond func() bool) {
	e.t.Helper()
	e.waitUpTo(seWait, what, cond, nil)
}

// drainWait bounds the wait for an outbox to drain after replicas or the
// database were stopped: an item whose calls failed meanwhile is retried
// after a backoff that doubles (1 s, 2 s, 4 s, …), so on a busy machine
// draining can take longer than anything else the tests wait for.
const drainWait = time.Minute

// waitUpTo is waitFor with its own bound; detail, if not nil, says what
// was still waiting when it times out.
func (e *slackEnv) waitUpTo(wait time.Duration, what string, cond func() bool, detail func() string) {
	e.t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			if detail != nil {
				e.t.Fatalf("timed out waiting for %s:\n%s", what, detail())
			}
			e.t.Fatalf("timed out waiting for %s; Web API calls: %s", what, e.methods())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitOK waits until the fake answered n calls of method with success.
func (e *slackEnv) waitOK(method string, n int) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), seWait)
	defer cancel()
	if err := e.fake.WaitFor(ctx, method, n); err != nil {
		e.t.Fatalf("%v; Web API calls: %s", err, e.methods())
	}
}

func (e *slackEnv) methods() string {
	var m []string
	for _, c := range e.fake.Calls() {
		s := c.Method
		if !c.Succeeded() {
			s += fmt.Sprintf("(%d %s)", c.Status, c.Error)
		}
		m = append(m, s)
	}
	return strings.Join(m, " ")
}

// channelNamed waits for the channel the bot creates.
func (e *slackEnv) channelNamed(name string) fakeslack.Channel {
	e.t.Helper()
	var ch fakeslack.Channel
	e.waitFor("channel "+name, func() bool {
		var ok bool
		ch, ok = e.fake.ChannelByName(name)
		return ok
	})
	return ch
}

// eventCount is the number of events of incident ref, from `incidentbot
// verify`, which also checks the hash chain.
func (e *slackEnv) eventCount(ref string) int {
	e.t.Helper()
	n, _ := verify(e.t, e.dir, ref, "--db", e.db)
	return n
}

// pendingOutbox counts undelivered outbox rows, read from the file as
// another process would.
func (e *slackEnv) pendingOutbox() int {
	e.t.Helper()
	db, err := sql.Open("sqlite", sqlite.ReaderDSN(e.db))
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE done_at IS NULL`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

var noteRE = regexp.MustCompile(`note recorded \(event ([0-9]+)\)`)

// notesIn returns the event numbers of the "note recorded" posts in the
// channel, in the channel's order.
func (e *slackEnv) notesIn(channel string) []int {
	var out []int
	for _, m := range e.fake.Messages(channel) {
		if s := noteRE.FindStringSubmatch(m.Text); s != nil {
			n, _ := strconv.Atoi(s[1])
			out = append(out, n)
		}
	}
	return out
}

// metricValue reads one sample from the Prometheus text exposition; -1 if
// absent.
func metricValue(text, series string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// TestSlackHTTPVerification: requests that are unsigned, signed with another
// secret, stale (either way), altered after signing or malformed get 401 with
// an empty body; bodies over 1 MiB get 413, with or without a Content-Length.
// None of them changes a row of the database or makes a Web API call. Then
// the same command correctly signed is acked 200 with the ephemeral reply, and
// the outbox creates the channel, posts and pins the card and sets the topic.
func TestSlackHTTPVerification(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	before := sqlitetest.Dump(t, e.db)
	callsBefore := len(e.fake.Calls())

	body := e.commandBody(seGeneral, "open high Website defaced")
	now := time.Now()
	altered := bytes.Replace(body, []byte("open+high"), []byte("open+low"), 1)
	if bytes.Equal(altered, body) {
		t.Fatal("the altered body is the same")
	}
	big := append(append([]byte(nil), body...), []byte("&pad="+strings.Repeat("a", 1<<20))...)
	withSig := func(sig string) http.Header {
		return http.Header{"X-Slack-Request-Timestamp": {strconv.FormatInt(now.Unix(), 10)}, "X-Slack-Signature": {sig}}
	}
	for _, tc := range []struct {
		name    string
		body    []byte
		hdr     http.Header
		chunked bool
		want    int
	}{
		{"unsigned", body, nil, false, http.StatusUnauthorized},
		{"no timestamp", body, http.Header{"X-Slack-Signature": {slackSign(e.secret, now.Unix(), body)}}, false, http.StatusUnauthorized},
		{"wrong secret", body, e.signed("not-"+e.secret, now, body), false, http.StatusUnauthorized},
		{"stale, 6 minutes old", body, e.signed(e.secret, now.Add(-6*time.Minute), body), false, http.StatusUnauthorized},
		{"6 minutes ahead", body, e.signed(e.secret, now.Add(6*time.Minute), body), false, http.StatusUnauthorized},
		{"body altered after signing", altered, e.signed(e.secret, now, body), false, http.StatusUnauthorized},
		{"malformed signature", body, withSig("v0=zz"), false, http.StatusUnauthorized},
		{"v1 signature", body, withSig("v1=" + strings.TrimPrefix(slackSign(e.secret, now.Unix(), body), "v0=")), false, http.StatusUnauthorized},
		{"over 1 MiB, signed", big, e.signed(e.secret, now, big), false, http.StatusRequestEntityTooLarge},
		{"over 1 MiB, signed, chunked", big, e.signed(e.secret, now, big), true, http.StatusRequestEntityTooLarge},
	} {
		a := e.post(p, "/slack/commands", tc.body, tc.hdr, tc.chunked)
		if a.status != tc.want {
			t.Errorf("%s: HTTP %d, want %d (%s)", tc.name, a.status, tc.want, a.body)
		}
		if len(a.body) != 0 {
			t.Errorf("%s: the refusal has a body: %q", tc.name, a.body)
		}
	}
	// Events are verified the same way.
	uv := []byte(`{"token":"x","challenge":"refused-challenge","type":"url_verification"}`)
	if a := e.post(p, "/slack/events", uv, e.signed("not-"+e.secret, now, uv), false); a.status != http.StatusUnauthorized || bytes.Contains(a.body, []byte("refused-challenge")) {
		t.Errorf("wrongly signed url_verification: HTTP %d %q", a.status, a.body)
	}

	// Give the outbox worker (it polls every 250 ms) time to act, had
	// anything been queued.
	time.Sleep(600 * time.Millisecond)
	if after := sqlitetest.Dump(t, e.db); after != before {
		t.Errorf("refused requests changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if calls := e.fake.Calls(); len(calls) != callsBefore {
		t.Errorf("refused requests made Web API calls: %s", e.methods())
	}
	m := string(e.get(p, "/metrics").body)
	for series, want := range map[string]float64{
		`slack_verification_failures_total{reason="missing_headers"}`:         2,
		`slack_verification_failures_total{reason="malformed"}`:               2,
		`slack_verification_failures_total{reason="stale"}`:                   2,
		`slack_verification_failures_total{reason="mismatch"}`:                3,
		`slack_requests_total{outcome="unauthorized",path="/slack/commands"}`: 8,
		`slack_requests_total{outcome="too_large",path="/slack/commands"}`:    2,
		`slack_requests_total{outcome="unauthorized",path="/slack/events"}`:   1,
		`slack_requests_total{outcome="ok",path="/slack/commands"}`:           0,
	} {
		if got := metricValue(m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	logs := p.stderr.String()
	// Durations are logged as text, as the config writes them.
	if !strings.Contains(logs, `"unassigned_reminder":"10m0s"`) || !strings.Contains(logs, `"webhook.timeout":"10s"`) {
		t.Errorf("the configuration is not logged with durations as text:\n%s", logs)
	}
	for _, reason := range []string{"missing_headers", "malformed", "stale", "mismatch"} {
		if !strings.Contains(logs, `"reason":"`+reason+`"`) {
			t.Errorf("no refusal logged with reason %s", reason)
		}
	}

	// The same command, correctly signed.
	hdr := e.signed(e.secret, time.Now(), body)
	a := e.post(p, "/slack/commands", body, hdr, false)
	if a.status != http.StatusOK || !strings.HasPrefix(a.ctype, "application/json") {
		t.Fatalf("signed command: HTTP %d %q %s", a.status, a.ctype, a.body)
	}
	var msg struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(a.body, &msg); err != nil || msg.ResponseType != "ephemeral" || !strings.Contains(msg.Text, "Opened #1 (High): Website defaced") {
		t.Fatalf("signed command: ack %s (%v)", a.body, err)
	}
	for _, method := range []string{"conversations.create", "chat.postMessage", "pins.add", "conversations.setTopic"} {
		e.waitOK(method, 1)
	}
	ch := e.channelNamed("inc-1-website-defaced")
	if !slices.Contains(ch.Members, seUser) {
		t.Errorf("the opener was not invited: members %v", ch.Members)
	}
	msgs := e.fake.Messages(ch.ID)
	if len(msgs) == 0 || len(msgs[0].Blocks) == 0 || !slices.Equal(e.fake.Pins(ch.ID), []string{msgs[0].TS}) {
		t.Errorf("the card is not the pinned first message: pins %v, %d messages", e.fake.Pins(ch.ID), len(msgs))
	}
	if topic := e.fake.Topic(ch.ID); !strings.Contains(topic, "High") {
		t.Errorf("topic %q", topic)
	}
	if sqlitetest.Dump(t, e.db) == before {
		t.Error("the signed command changed nothing in the store")
	}

	// A replay of the very same request (same trigger id) within the window
	// is answered and has no second effect.
	if a := e.post(p, "/slack/commands", body, hdr, false); a.status != http.StatusOK || strings.Contains(string(a.body), "Opened") {
		t.Errorf("replayed command: HTTP %d %s", a.status, a.body)
	}
	if r := ib(t, e.dir, "", "verify", "2", "--db", e.db); r.code == 0 {
		t.Errorf("a replayed open made incident #2:\n%s", r.stdout)
	}
	if n := e.eventCount("1"); n != 1 {
		t.Errorf("#1 has %d events, want 1", n)
	}
}

// TestSlackHTTPEvents: the url_verification handshake answers the challenge;
// a 📌 reaction_added delivered, retried by Slack (same event_id,
// X-Slack-Retry-Num) and redelivered again after a restart is answered 200
// every time and captured once.
func TestSlackHTTPEvents(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()

	uv := []byte(`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	a := e.post(p, "/slack/events", uv, e.signed(e.secret, time.Now(), uv), false)
	var ch struct{ Challenge string }
	if a.status != http.StatusOK || json.Unmarshal(a.body, &ch) != nil || ch.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification: HTTP %d %s", a.status, a.body)
	}

	if got := e.command(p, seGeneral, "open high Website defaced"); !strings.Contains(got, "#1") {
		t.Fatalf("open: %q", got)
	}
	e.waitOK("pins.add", 1) // the channel exists and is linked to #1
	inc := e.channelNamed("inc-1-website-defaced")
	ts, err := e.fake.AddMessage(inc.ID, seOther, "WAF log shows 500 hits from 203.0.113.9", "")
	if err != nil {
		t.Fatal(err)
	}
	event, _ := json.Marshal(map[string]any{
		"token": "legacy", "team_id": e.fake.TeamID(), "api_app_id": fakeslack.DefaultAppID,
		"type": "event_callback", "event_id": "Ev0E2EPIN1", "event_time": time.Now().Unix(),
		"event": map[string]any{
			"type": "reaction_added", "user": seUser, "reaction": "pushpin", "item_user": seOther,
			"item":     map[string]any{"type": "message", "channel": inc.ID, "ts": ts},
			"event_ts": fmt.Sprintf("%d.000200", time.Now().Unix()),
		},
	})
	deliver := func(p *serveProc, retry int) {
		t.Helper()
		// Slack signs every delivery anew.
		hdr := e.signed(e.secret, time.Now(), event)
		if retry > 0 {
			hdr.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
			hdr.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		if a := e.post(p, "/slack/events", event, hdr, false); a.status != http.StatusOK {
			t.Fatalf("reaction_added (retry %d): HTTP %d %s", retry, a.status, a.body)
		}
	}
	deliver(p, 0)
	deliver(p, 1)
	pinnedPost := func() int {
		n := 0
		for _, m := range e.fake.Messages(inc.ID) {
			if strings.Contains(m.Text, "added a message to the timeline") {
				n++
			}
		}
		return n
	}
	e.waitFor("the capture's post", func() bool { return pinnedPost() == 1 })
	if n := e.eventCount("1"); n != 2 {
		t.Errorf("after a delivery and a retry: %d events, want 2 (open, captured)", n)
	}

	// After a restart the event id is still known. (Stop once the outbox is
	// empty: the post is seen before its row is marked delivered, and a stop
	// in between sends it again after the restart, as at-least-once
	// delivery allows.)
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	p.stop()
	p = e.serve()
	deliver(p, 2)
	time.Sleep(600 * time.Millisecond) // the worker polls every 250 ms
	if n := e.eventCount("1"); n != 2 {
		t.Errorf("after a redelivery across a restart: %d events, want 2", n)
	}
	if n := len(e.fake.CallsTo("conversations.history")); n != 1 {
		t.Errorf("the message was read %d times, want once", n)
	}
	if n := pinnedPost(); n != 1 {
		t.Errorf("%d capture posts, want 1", n)
	}
	if e.pendingOutbox() != 0 {
		t.Errorf("outbox rows left undelivered")
	}
}

// TestSlackHTTPRateLimitStorm: chat.postMessage answers 429 (Retry-After 1 s)
// several times while ten notes are logged in the incident channel; every
// command is acked at once, and every post is delivered once, in order.
func TestSlackHTTPRateLimitStorm(t *testing.T) {
	const notes, limited = 10, 4
	e := newSlackEnv(t)
	p := e.serve()
	e.command(p, seGeneral, "open high Website defaced")
	e.waitOK("conversations.setTopic", 1) // the incident's queue is idle
	inc := e.channelNamed("inc-1-website-defaced")

	e.fake.RateLimit("chat.postMessage", limited, time.Second)
	for i := 1; i <= notes; i++ {
		want := fmt.Sprintf("#1: note recorded (event %d)", i+1)
		if got := e.command(p, inc.ID, fmt.Sprintf("log note-%d", i)); !strings.Contains(got, want) {
			t.Fatalf("log %d: ack %q, want %q", i, got, want)
		}
	}
	e.waitFor("every note posted", func() bool { return len(e.notesIn(inc.ID)) >= notes })
	var want []int
	for i := 1; i <= notes; i++ {
		want = append(want, i+1)
	}
	if got := e.notesIn(inc.ID); !slices.Equal(got, want) {
		t.Errorf("notes posted as events %v, want %v", got, want)
	}
	n429 := 0
	for _, c := range e.fake.CallsTo("chat.postMessage") {
		if c.Status == http.StatusTooManyRequests {
			n429++
		}
	}
	if n429 != limited {
		t.Errorf("%d posts were rate limited, want %d", n429, limited)
	}
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	// The card shows the last change.
	card, _ := e.fake.Message(inc.ID, e.fake.Pins(inc.ID)[0])
	if card.Edits == 0 {
		t.Error("the card was never updated")
	}
	m := string(e.get(p, "/metrics").body)
	if v := metricValue(m, `slack_outbox_retries_total{kind="slack.post"}`); v != limited {
		t.Logf("metrics:\n%s", m)
		t.Errorf("slack_outbox_retries_total{kind=\"slack.post\"} = %v, want %d", v, limited)
	}
}

// TestSlackHTTPKillAndRestart: while every Web API call fails with 500,
// commands are still acked and committed; the server is killed with SIGKILL
// with its outbox undelivered, and restarted on the same file once Slack is
// back: the channel, the pinned card, the topic and every post arrive, once.
func TestSlackHTTPKillAndRestart(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	e.fake.Fail(fakeslack.AllMethods, -1, http.StatusInternalServerError)
	for _, c := range []struct{ text, want string }{
		{"open high Database down", "Opened #1 (High): Database down"},
		{"log #1 failover started", "#1: note recorded (event 2)"},
		{"decision #1 fail over to the replica | why: primary disk full", "#1: decision 1 recorded (event 3)"},
		{"log #1 replica promoted", "#1: note recorded (event 4)"},
		{"report #1 html", "will be posted to the incident's channel"},
	} {
		if got := e.command(p, seGeneral, c.text); !strings.Contains(got, c.want) {
			t.Fatalf("%q: ack %q, want %q", c.text, got, c.want)
		}
	}
	// The worker tried, and Slack failed it.
	e.waitFor("a failed conversations.create", func() bool {
		for _, c := range e.fake.CallsTo("conversations.create") {
			if c.Status == http.StatusInternalServerError {
				return true
			}
		}
		return false
	})
	p.kill9()
	if len(e.fake.Channels()) != 1 { // #general only
		t.Fatalf("channels exist before the restart: %v", e.fake.Channels())
	}
	if n := e.eventCount("1"); n != 4 {
		t.Errorf("after the kill: %d events, want 4", n)
	}
	pending := e.pendingOutbox()
	if pending < 8 { // create, card, topic; then post+card for each of three changes; the report
		t.Errorf("%d outbox rows pending after the kill, want at least 8", pending)
	}

	e.fake.ClearFaults()
	p = e.serve()
	inc := e.channelNamed("inc-1-database-down")
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	if got := e.notesIn(inc.ID); !slices.Equal(got, []int{2, 4}) {
		t.Errorf("notes posted as events %v, want [2 4]", got)
	}
	var texts []string
	for _, m := range e.fake.Messages(inc.ID) {
		texts = append(texts, m.Text)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"note recorded (event 2)", "decision 1 recorded (event 3)", "note recorded (event 4)"} {
		if strings.Count(all, want) != 1 {
			t.Errorf("%q posted %d times, want once:\n%s", want, strings.Count(all, want), all)
		}
	}
	msgs := e.fake.Messages(inc.ID)
	if pins := e.fake.Pins(inc.ID); len(pins) != 1 || len(msgs) == 0 || pins[0] != msgs[0].TS || len(msgs[0].Blocks) == 0 {
		t.Errorf("pins %v: want the card, the first message", pins)
	}
	if topic := e.fake.Topic(inc.ID); !strings.Contains(topic, "High") {
		t.Errorf("topic %q", topic)
	}
	// The report asked for before the kill was uploaded after the restart,
	// once, with all four events.
	if files := e.fake.Files(inc.ID); len(files) != 1 || files[0].Name != "incident-1-report.html" ||
		!strings.Contains(string(files[0].Content), "fail over to the replica") || !strings.Contains(files[0].Comment, "4 events") {
		t.Errorf("files in the incident channel: %+v", files)
	}
	created := 0
	for _, c := range e.fake.CallsTo("conversations.create") {
		if c.Succeeded() {
			created++
		}
	}
	if created != 1 || len(e.fake.Channels()) != 2 {
		t.Errorf("%d channels created (%d exist), want 1", created, len(e.fake.Channels()))
	}

	// The operational endpoints of the restarted server.
	if a := e.get(p, "/healthz"); a.status != http.StatusOK {
		t.Errorf("/healthz: %d %s", a.status, a.body)
	}
	if a := e.get(p, "/readyz"); a.status != http.StatusOK || !strings.HasPrefix(string(a.body), "ready") {
		t.Errorf("/readyz: %d %s", a.status, a.body)
	}
	a := e.get(p, "/metrics")
	m := string(a.body)
	if a.status != http.StatusOK || !strings.Contains(m, "slack_requests_total") || !strings.Contains(m, "slack_ack_seconds_bucket") {
		t.Errorf("/metrics: %d\n%s", a.status, m)
	}
	if v := metricValue(m, `slack_outbox_delivered_total{kind="slack.post"}`); v != 3 {
		t.Errorf(`slack_outbox_delivered_total{kind="slack.post"} = %v, want 3`, v)
	}
}
