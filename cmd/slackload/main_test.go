package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// TestRunSmall runs the tool end to end on a small load: both handlers answer
// every command (no errors) and the real one carries every command out. It
// checks that the tool works, not how fast anything is.
func TestRunSmall(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"-rate", "50", "-n", "20", "-delay", "20ms", "-incidents", "2", "-profile", "mixed", "-repeat", "2"}, &out, &errb); err != nil {
		t.Fatalf("run: %v\n%s", err, errb.String())
	}
	t.Logf("\n%s", out.String())
	seen := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 12 || f[0] != "50" {
			continue
		}
		// rate handler sent/s p50 p99 max >3s errors busy not-applied cpu p99-of-each-run
		seen[f[1]] = true
		if f[7] != "0" {
			t.Errorf("%s: %s errors", f[1], f[7])
		}
		if f[1] == "real" && (f[8] != "0" || f[9] != "0") {
			t.Errorf("real: %s commands busy, %s not applied", f[8], f[9])
		}
		for _, v := range append(append(f[3:6], f[10]), strings.Split(f[11], ",")...) {
			if d, err := strconv.ParseFloat(v, 64); err != nil || d <= 0 {
				t.Errorf("%s: latency %q", f[1], v)
			}
		}
		if runs := strings.Split(f[11], ","); len(runs) != 2 {
			t.Errorf("%s: p99 of %d runs, want 2", f[1], len(runs))
		}
	}
	if !seen["real"] || !seen["baseline"] {
		t.Errorf("the table lacks a row:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "p99 real / p99 baseline") {
		t.Errorf("no ratio:\n%s", out.String())
	}
}

// TestKneeSmall runs the knee search on a load so small that no step can
// pass the limit: it tries the start, doubles up to the maximum, and reports
// both handlers within it. It checks the search's steps, not any speed.
func TestKneeSmall(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"-knee", "-knee-start", "20", "-knee-max", "40", "-knee-seconds", "0.25", "-knee-p99", "10s", "-delay", "0", "-incidents", "1"}
	if err := run(context.Background(), args, &out, &errb); err != nil {
		t.Fatalf("run: %v\n%s", err, errb.String())
	}
	t.Logf("\n%s", out.String())
	for _, want := range []string{"real         20/s", "real         40/s", "baseline     20/s", "baseline     40/s", "knee real / knee baseline: 1.00"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), ": past") {
		t.Errorf("a step passed a limit of 10 s:\n%s", out.String())
	}
}

// TestRunPostgresReplicas runs the tool with -dsn and -replicas 1,2: the
// bot on SQLite, on PostgreSQL alone and as two instances on one database,
// each answering every command and carrying it out. It checks that the
// setups run, not how fast.
func TestRunPostgresReplicas(t *testing.T) {
	server := postgrestest.Server(t)
	var out, errb bytes.Buffer
	args := []string{"-rate", "40", "-n", "20", "-delay", "0", "-incidents", "2", "-profile", "mixed", "-dsn", server, "-replicas", "1,2"}
	if err := run(context.Background(), args, &out, &errb); err != nil {
		t.Fatalf("run: %v\n%s", err, errb.String())
	}
	t.Logf("\n%s", out.String())
	seen := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 12 || f[0] != "40" {
			continue
		}
		seen[f[1]] = true
		if f[7] != "0" || (f[1] != "baseline" && (f[8] != "0" || f[9] != "0")) {
			t.Errorf("%s: %s errors, %s busy, %s not applied", f[1], f[7], f[8], f[9])
		}
	}
	for _, h := range []string{"real", "real-pg1", "real-pg2", "baseline"} {
		if !seen[h] {
			t.Errorf("no row for %s:\n%s", h, out.String())
		}
	}
	if !strings.Contains(out.String(), "load average: ") {
		t.Errorf("no load average beside the figures")
	}
}

func TestFlags(t *testing.T) {
	// -dsn defaults to $SLACKLOAD_DSN: with it set, "-replicas 2" would be
	// valid and start a whole run.
	t.Setenv("SLACKLOAD_DSN", "")
	for _, args := range [][]string{{"-n", "0"}, {"-rate", "-1"}, {"-rate", "100,x"}, {"-delay", "-1s"}, {"-incidents", "0"},
		{"-profile", "other"}, {"-repeat", "0"}, {"-knee", "-knee-max", "1"}, {"-timeout", "0"}, {"extra"},
		{"-replicas", "2"}, {"-dsn", "mysql://x"}, {"-replicas", "0"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestQuantile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	if quantile(d, 0.5) != 50 || quantile(d, 0.99) != 99 || quantile(d, 1) != 100 || quantile(d[:1], 0.99) != 1 {
		t.Errorf("quantiles of 1..100: %v %v %v", quantile(d, 0.5), quantile(d, 0.99), quantile(d, 1))
	}
}

// TestBaselineVerifiesLikeTheBot: the baseline's signature check answers
// every request as the bot's endpoint does, so the two handlers refuse and
// accept the same requests.
func TestBaselineVerifiesLikeTheBot(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	fake := fakeslack.NewServer(t)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := workflow.NewService(workflow.Options{Store: db, Location: time.UTC, Logger: log})
	bot, err := slackbot.New(slackbot.Options{Service: svc, Store: db, API: slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL())), APIURL: fake.URL(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	botHandler, err := slackbot.NewHTTPHandler(bot, slackbot.HTTPOptions{SigningSecret: secret, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	base := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, status := verified(w, r, []byte(secret), time.Now)
		w.WriteHeader(status)
	})

	body := commandBody("help", "verify.1")
	big := append(bytes.Clone(body), []byte("&pad="+strings.Repeat("x", slackbot.MaxBodyBytes))...)
	now := time.Now()
	sig := func(key string, at time.Time, b []byte) (string, string) {
		ts := strconv.FormatInt(at.Unix(), 10)
		return ts, "v0=" + hex.EncodeToString(sign([]byte(key), ts, b))
	}
	type tc struct {
		name   string
		body   []byte
		ts, sg string
	}
	var cases []tc
	add := func(name string, b []byte, ts, sg string) { cases = append(cases, tc{name, b, ts, sg}) }
	ts, good := sig(secret, now, body)
	add("signed", body, ts, good)
	add("unsigned", body, "", "")
	add("no timestamp", body, "", good)
	ts2, wrong := sig("other", now, body)
	add("wrong secret", body, ts2, wrong)
	ts3, stale := sig(secret, now.Add(-6*time.Minute), body)
	add("stale", body, ts3, stale)
	add("altered", bytes.Replace(body, []byte("help"), []byte("list"), 1), ts, good)
	add("malformed", body, ts, "v0=zz")
	add("v1", body, ts, "v1="+strings.TrimPrefix(good, "v0="))
	ts4, bigSig := sig(secret, now, big)
	add("too large", big, ts4, bigSig)

	for _, c := range cases {
		status := func(h http.Handler) int {
			req := httptest.NewRequest(http.MethodPost, slackbot.PathCommands, bytes.NewReader(c.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if c.ts != "" {
				req.Header.Set("X-Slack-Request-Timestamp", c.ts)
			}
			if c.sg != "" {
				req.Header.Set("X-Slack-Signature", c.sg)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		if r, b := status(botHandler), status(base); r != b {
			t.Errorf("%s: the bot answers %d, the baseline %d", c.name, r, b)
		}
	}
}

// TestKneeSearchNext: the search doubles while within, then halves the
// interval until it is within a tenth of its lower end.
func TestKneeSearchNext(t *testing.T) {
	for _, tc := range []struct {
		name         string
		max          int          // the highest rate tried
		within       map[int]bool // rate → within the limit
		tried        []int
		below, above int
	}{
		{"knee at 1700", 8000, map[int]bool{250: true, 500: true, 1000: true, 1500: true, 1625: true},
			[]int{250, 500, 1000, 2000, 1500, 1750, 1625}, 1625, 1750},
		{"never past", 800, map[int]bool{250: true, 500: true, 800: true}, []int{250, 500, 800}, 800, 0},
		{"past at once", 8000, map[int]bool{}, []int{250, 125, 62, 31, 15, 7, 3, 1}, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &kneeSearch{rate: 250}
			var tried []int
			for !s.done && len(tried) < 20 {
				tried = append(tried, s.rate)
				s.next(tc.within[s.rate], tc.max)
			}
			if !slices.Equal(tried, tc.tried) || s.below != tc.below || s.above != tc.above {
				t.Errorf("tried %v, knee %d..%d; want %v, %d..%d", tried, s.below, s.above, tc.tried, tc.below, tc.above)
			}
		})
	}
}
