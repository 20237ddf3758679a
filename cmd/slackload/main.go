// Command slackload measures how fast the Slack HTTP endpoint acknowledges
// slash commands while Slack's Web API is slow.
//
// For each rate it starts, in this process, a fake Slack Web API (package
// fakeslack) that delays every call by -delay, a fresh SQLite store in a
// temporary directory, and the bot as `incidentbot serve` runs it in HTTP mode
// (package internal/app: the HTTP handler, the outbox worker, the timer loop). It opens -incidents
// incidents, then sends -n signed /incident commands at the rate, open loop
// (each request in its own goroutine, so slow answers do not slow the
// sending), and records each request's ack latency: from sending the request
// to having read the whole answer.
//
// In the same run, the same load goes to a baseline: a minimal handler that
// only verifies the signature (the same checks, in the same order) and commits
// one row to a SQLite file opened with the store's pragmas. The table shows
// both, and the ratio of their p99s.
//
// It reports; it asserts nothing.
//
//	go run ./cmd/slackload                       # 100, 200 and 500 per second
//	go run ./cmd/slackload -rate 200 -n 2000 -delay 1s
package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	ibconfig "incidentbot/config"
	"incidentbot/internal/app"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "slackload:", err)
		}
		os.Exit(2)
	}
}

// config is what the flags set.
type config struct {
	rates     []int
	n         int
	delay     time.Duration
	incidents int
	verbose   bool
}

// Fixed parts of the simulated workspace.
const (
	secret    = "slackload-signing-secret"
	userID    = "U0LOAD"
	userName  = "load"
	channelID = "C0GENERAL"
	// requestTimeout bounds one request; a request that takes longer is an
	// error (Slack gives up after 3 s).
	requestTimeout = 10 * time.Second
	// openEvery: one measured command in openEvery opens a new incident.
	openEvery = 50
)

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("slackload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rate := fs.Int("rate", 0, "commands per second (0: 100, 200 and 500 in sequence)")
	n := fs.Int("n", 1000, "commands sent at each rate")
	delay := fs.Duration("delay", 2*time.Second, "delay of every fake Web API call")
	incidents := fs.Int("incidents", 10, "incidents the commands are spread over")
	verbose := fs.Bool("v", false, "send the bot's JSON log (info and up) to standard error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c := config{rates: []int{100, 200, 500}, n: *n, delay: *delay, incidents: *incidents, verbose: *verbose}
	if *rate != 0 {
		c.rates = []int{*rate}
	}
	switch {
	case *rate < 0:
		return errors.New("-rate must be positive")
	case c.n < 1:
		return errors.New("-n must be at least 1")
	case c.incidents < 1:
		return errors.New("-incidents must be at least 1")
	case c.delay < 0:
		return errors.New("-delay must not be negative")
	}
	logTo := io.Discard
	if c.verbose {
		logTo = stderr
	}
	log := slog.New(slog.NewJSONHandler(logTo, app.LogOptions(slog.LevelInfo)))

	fmt.Fprintf(stdout, "slackload: %d signed /incident commands per rate over %d incidents; fake Web API delay %v; %s, %d CPUs, GOMAXPROCS %d\n",
		c.n, c.incidents, c.delay, runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	var rows []row
	for _, r := range c.rates {
		bot, err := measureReal(ctx, c, r, log)
		if err != nil {
			return fmt.Errorf("real handler at %d/s: %w", r, err)
		}
		base, err := measureBaseline(ctx, c, r, log)
		if err != nil {
			return fmt.Errorf("baseline at %d/s: %w", r, err)
		}
		rows = append(rows, row{rate: r, real: bot, base: base})
	}
	printTable(stdout, rows)
	return nil
}

// result is one handler's figures at one rate.
type result struct {
	sent       int
	sendRate   float64 // achieved sending rate
	latencies  []time.Duration
	errors     int // transport errors, timeouts, non-200 answers
	notApplied int // real handler only: 200, but the reply is not a success
	over3s     int
	webAPI     int // real handler only: Web API calls answered during the run
	pending    int // real handler only: outbox rows left at the end
}

type row struct {
	rate       int
	real, base result
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func (r result) stats() (p50, p99, mx time.Duration) {
	s := slices.Clone(r.latencies)
	slices.Sort(s)
	if len(s) == 0 {
		return 0, 0, 0
	}
	return quantile(s, 0.50), quantile(s, 0.99), s[len(s)-1]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64)
}

func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rate/s\thandler\tsent/s\tp50 ms\tp99 ms\tmax ms\t>3s\terrors\tnot applied\t")
	for _, r := range rows {
		for _, h := range []struct {
			name string
			res  result
		}{{"real", r.real}, {"baseline", r.base}} {
			p50, p99, mx := h.res.stats()
			na := "-"
			if h.name == "real" {
				na = strconv.Itoa(h.res.notApplied)
			}
			fmt.Fprintf(tw, "%d\t%s\t%.1f\t%s\t%s\t%s\t%d\t%d\t%s\t\n", r.rate, h.name, h.res.sendRate, ms(p50), ms(p99), ms(mx), h.res.over3s, h.res.errors, na)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rate/s\tp99 real / p99 baseline\tWeb API calls answered during the run\toutbox left at the end\t")
	for _, r := range rows {
		_, p99r, _ := r.real.stats()
		_, p99b, _ := r.base.stats()
		ratio := "-"
		if p99b > 0 {
			ratio = strconv.FormatFloat(float64(p99r)/float64(p99b), 'f', 2, 64)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t\n", r.rate, ratio, r.real.webAPI, r.real.pending)
	}
	tw.Flush()
}

// ---- the real handler ----

// measureReal runs the load against the bot's HTTP endpoint, wired as serve
// wires it in HTTP mode (internal/app: the service, the Slack adapter, the
// outbox worker and the timer loop), on a fresh store and a fresh fake Web
// API whose every call takes c.delay.
func measureReal(ctx context.Context, c config, rate int, log *slog.Logger) (result, error) {
	dir, err := os.MkdirTemp("", "slackload-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)

	fake, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		return result{}, err
	}
	defer fake.Close()
	fake.AddUser(userID, userName, "Load Tester", "UTC", "en-US")
	if err := fake.AddChannel(channelID, "general", false, fake.BotUserID(), userID); err != nil {
		return result{}, err
	}
	fake.Delay(fakeslack.AllMethods, c.delay)

	cfg := botConfig(fake, filepath.Join(dir, "incidentbot.db"))
	db, err := app.OpenStore(ctx, cfg.Storage, app.ReadWrite)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	a, err := app.New(cfg, workflow.English, db, log, time.Now)
	if err != nil {
		return result{}, err
	}
	h, err := a.Handler()
	if err != nil {
		return result{}, err
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return result{}, err
	}
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- a.Serve(sctx, ln, h) }()
	defer func() { stop(); <-served }()
	target := "http://" + ln.Addr().String() + slackbot.PathCommands

	client := newClient()
	defer client.CloseIdleConnections()
	// The incidents the commands work on exist before the clock starts.
	for i := 1; i <= c.incidents; i++ {
		ans := send(client, target, commandBody(fmt.Sprintf("open high Load test incident %d", i), fmt.Sprintf("setup.%d", i)))
		if ans.err != nil || !applied(ans) {
			return result{}, fmt.Errorf("open incident %d: %v %s", i, ans.err, ans.body)
		}
	}
	before := succeeded(fake)
	res := load(client, target, c, rate, true)
	res.webAPI = succeeded(fake) - before
	if res.pending, err = a.Backlog(ctx); err != nil {
		return result{}, err
	}
	return res, nil
}

// botConfig is the configuration of the bot under load: the defaults, in
// HTTP mode on a free local port, against the fake Web API, in UTC, with the
// store at path.
func botConfig(fake *fakeslack.Server, path string) *ibconfig.Config {
	cfg := ibconfig.Default()
	cfg.Timezone, cfg.Location = "UTC", time.UTC
	cfg.Slack.Mode = "http"
	cfg.Slack.BotToken = ibconfig.Secret(fake.BotToken())
	cfg.Slack.SigningSecret = secret
	cfg.Slack.APIURL = fake.URL()
	cfg.HTTP.Listen = "127.0.0.1:0"
	cfg.Storage.Path = path
	return cfg
}

// succeeded counts the Web API calls the fake answered with success.
func succeeded(fake *fakeslack.Server) int {
	n := 0
	for _, c := range fake.Calls() {
		if c.Succeeded() {
			n++
		}
	}
	return n
}

// ---- the baseline ----

// measureBaseline runs the same load against a handler that verifies the
// signature and commits one row, one transaction per request, on a SQLite
// file with the store's pragmas and its single writer connection.
func measureBaseline(ctx context.Context, c config, rate int, log *slog.Logger) (result, error) {
	dir, err := os.MkdirTemp("", "slackload-baseline-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", sqlite.WriterDSN(filepath.Join(dir, "baseline.db")))
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if _, err := db.ExecContext(ctx, `CREATE TABLE acks (id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, team TEXT NOT NULL, user TEXT NOT NULL, text TEXT NOT NULL)`); err != nil {
		return result{}, err
	}
	srv := httptest.NewServer(baselineHandler(db, log))
	defer srv.Close()
	client := newClient()
	defer client.CloseIdleConnections()
	return load(client, srv.URL+slackbot.PathCommands, c, rate, false), nil
}

func baselineHandler(db *sql.DB, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, status := verified(w, r, []byte(secret), time.Now)
		if status != http.StatusOK {
			w.WriteHeader(status)
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		tx, err := db.BeginTx(r.Context(), nil)
		if err == nil {
			_, err = tx.ExecContext(r.Context(), `INSERT INTO acks (received_at, team, user, text) VALUES (?, ?, ?, ?)`,
				time.Now().UTC().Format(time.RFC3339Nano), form.Get("team_id"), form.Get("user_id"), form.Get("text"))
			if err == nil {
				err = tx.Commit()
			} else {
				_ = tx.Rollback()
			}
		}
		if err != nil {
			log.Error("baseline commit", "err", err)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		b, _ := json.Marshal(map[string]string{"response_type": "ephemeral", "text": "ok"})
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b)
	})
}

// verified makes the checks the bot's endpoint makes, in the same order: a
// declared body over slackbot.MaxBodyBytes is refused (413); missing,
// malformed or stale (slackbot.SigningWindow) signature headers are refused
// (401) before the body is read; the body is read up to the limit (413 beyond
// it); the v0 HMAC must match, compared in constant time (401). It returns
// the body and 200 when the request is genuine.
func verified(w http.ResponseWriter, r *http.Request, key []byte, now func() time.Time) ([]byte, int) {
	if r.ContentLength > slackbot.MaxBodyBytes {
		return nil, http.StatusRequestEntityTooLarge
	}
	sig, ts := r.Header.Get("X-Slack-Signature"), r.Header.Get("X-Slack-Request-Timestamp")
	hexMAC, ok := strings.CutPrefix(sig, "v0=")
	if !ok || ts == "" {
		return nil, http.StatusUnauthorized
	}
	mac, err := hex.DecodeString(hexMAC)
	if err != nil || len(mac) != sha256.Size {
		return nil, http.StatusUnauthorized
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now().Sub(time.Unix(sec, 0)).Abs() > slackbot.SigningWindow {
		return nil, http.StatusUnauthorized
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, slackbot.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge
		}
		return nil, http.StatusBadRequest
	}
	if !hmac.Equal(sign(key, ts, body), mac) {
		return nil, http.StatusUnauthorized
	}
	return body, http.StatusOK
}

// sign is the v0 HMAC of body sent at timestamp ts.
func sign(key []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return m.Sum(nil)
}

// ---- the load ----

func newClient() *http.Client {
	return &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			MaxIdleConns:        0, // no limit
			MaxIdleConnsPerHost: 2048,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// commandText is the i-th measured command: one in openEvery opens an
// incident, the others log a note, record a decision or share a status on the
// incidents opened before the run, in turn.
func commandText(i, incidents int) string {
	if i%openEvery == openEvery-1 {
		return fmt.Sprintf("open medium Load spike %d", i)
	}
	inc := i%incidents + 1
	switch (i / incidents) % 3 {
	case 0:
		return fmt.Sprintf("log #%d note %d from the load test", inc, i)
	case 1:
		return fmt.Sprintf("decision #%d scale out web tier step %d | why: load test %d", inc, i, i)
	default:
		return fmt.Sprintf("status #%d confirmed: load step %d | unconfirmed: root cause | next: measure again", inc, i)
	}
}

// commandBody is a slash command as Slack posts it.
func commandBody(text, trigger string) []byte {
	return []byte(url.Values{
		"token": {"legacy"}, "team_id": {fakeslack.DefaultTeamID}, "team_domain": {fakeslack.DefaultTeamDomain},
		"channel_id": {channelID}, "channel_name": {"general"},
		"user_id": {userID}, "user_name": {userName}, "command": {"/incident"}, "text": {text},
		"api_app_id": {fakeslack.DefaultAppID}, "response_url": {"http://127.0.0.1:1/unused"}, "trigger_id": {trigger},
	}.Encode())
}

type answer struct {
	status  int
	body    []byte
	err     error
	latency time.Duration
}

// send posts body signed as Slack signs it, now, and reads the whole answer.
func send(client *http.Client, target string, body []byte) answer {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	start := time.Now()
	ts := strconv.FormatInt(start.Unix(), 10)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(sign([]byte(secret), ts, body)))
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err, latency: time.Since(start)}
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return answer{status: resp.StatusCode, body: b, err: err, latency: time.Since(start)}
}

// applied reports whether a real ack says the command was carried out.
func applied(a answer) bool {
	var m struct {
		Text string `json:"text"`
	}
	if a.status != http.StatusOK || json.Unmarshal(a.body, &m) != nil {
		return false
	}
	return strings.HasPrefix(m.Text, "Opened #") || strings.Contains(m.Text, "(event ")
}

// load sends c.n commands at rate per second, open loop: a ticker releases
// the requests due so far (catching up if a tick came late), each in its own
// goroutine.
func load(client *http.Client, target string, c config, rate int, checkReplies bool) result {
	bodies := make([][]byte, c.n)
	for i := range bodies {
		bodies[i] = commandBody(commandText(i, c.incidents), fmt.Sprintf("load.%d.%d", rate, i))
	}
	answers := make([]answer, c.n)
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(rate)
	tick := time.NewTicker(min(interval, time.Millisecond))
	defer tick.Stop()
	start := time.Now()
	sent := 0
	var lastSend time.Time
	for sent < c.n {
		due := min(c.n, int(time.Since(start)/interval)+1)
		for ; sent < due; sent++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				answers[i] = send(client, target, bodies[i])
			}(sent)
		}
		lastSend = time.Now()
		if sent < c.n {
			<-tick.C
		}
	}
	elapsed := lastSend.Sub(start)
	wg.Wait()

	res := result{sent: c.n}
	if c.n > 1 && elapsed > 0 {
		res.sendRate = float64(c.n-1) / elapsed.Seconds()
	}
	for _, a := range answers {
		if a.err != nil || a.status != http.StatusOK {
			res.errors++
			continue
		}
		res.latencies = append(res.latencies, a.latency)
		if a.latency > 3*time.Second {
			res.over3s++
		}
		if checkReplies && !applied(a) {
			res.notApplied++
		}
	}
	return res
}
