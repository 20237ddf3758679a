// Command slackload measures how fast the Slack HTTP endpoint acknowledges
// slash commands, with Slack's Web API slow or answering at once.
//
// For each rate it starts, in this process, a fake Slack Web API (package
// fakeslack) that delays every call by -delay, a fresh SQLite store in a
// temporary directory, and the bot as `incidentbot serve` runs it in HTTP mode
// (package internal/app: the HTTP handler, the outbox worker, the timer loop). It opens -incidents
// incidents, then sends -n signed /incident commands at the rate, open loop
// (each request in its own goroutine, so slow answers do not slow the
// sending), and records each request's ack latency: from sending the request
// to having read the whole answer. The commands are notes (`log`) by default,
// or a mix of notes, decisions, status updates and new incidents
// (-profile mixed).
//
// In the same run, the same load goes to a baseline: a minimal handler that
// only verifies the signature (the same checks, in the same order) and commits
// one row to a SQLite file opened with the store's pragmas. The table shows
// both, and the ratio of their p99s.
//
// With -knee it searches instead, for the bot and the baseline step by step
// in turn, the rate at which p99 passes 100 ms (-knee-p99): doubling from
// -knee-start, then halving the interval, each step a fresh store with
// -knee-seconds of load, a step past the limit tried twice. With -repeat N
// every figure is measured N times: the tables show medians, and the best
// of a knee step's runs decides it (on a shared machine noise only ever adds
// latency).
//
// With -dsn (a PostgreSQL server the tool may create databases on) the bot
// is measured on PostgreSQL too, beside SQLite, a fresh database each run;
// -replicas N runs N instances of the bot on that one database, each with
// its own connection pool, workers and listener, and the load tool spreads
// the commands over them round-robin, as a load balancer in front of
// several serve processes would (a comma-separated list measures each
// number). Every table and knee is followed by the machine's load average.
//
// Everything goes to 127.0.0.1 only (and to the -dsn server); each step sends a bounded number of
// requests, each bounded by a timeout, and the whole run stops after
// -timeout. It reports; it asserts nothing.
//
//	go run ./cmd/slackload                              # 100, 200 and 500 per second, Slack delayed 2 s
//	go run ./cmd/slackload -rate 100,200,500,1000,2000 -delay 2s,0 -n 3000
//	go run ./cmd/slackload -knee -delay 2s,0
//	go run ./cmd/slackload -serve bin/incidentbot -rate 500 -n 5000   # start time and memory of the binary
//	go run ./cmd/slackload -knee -delay 0 -repeat 2 -dsn postgres://postgres@127.0.0.1:5432/postgres -replicas 1,2
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
	stdlog "log"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	ibconfig "incidentbot/config"
	"incidentbot/internal/app"
	"incidentbot/internal/dsn"
	"incidentbot/storage/postgres"
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
	delays    []time.Duration
	incidents int
	profile   string // "log" or "mixed"
	repeat    int    // runs of each measurement, bot and baseline in turn
	verbose   bool
	knee      kneeConfig
	dsn       string // a PostgreSQL server: the bot also runs on a fresh database of it
	replicas  []int  // on PostgreSQL: how many instances share the database, each a setup
}

// setup is one thing measured: the bot on a store with some instances, or
// the baseline.
type setup struct {
	name     string
	baseline bool
	dsn      string // "": SQLite
	replicas int
}

// setups are what a run measures, in the order the tables show them: the
// bot on SQLite ("real"), then, with -dsn, on PostgreSQL with each number
// of -replicas ("real-pgN"), and the baseline last.
func (c config) setups() []setup {
	out := []setup{{name: "real", replicas: 1}}
	if c.dsn != "" {
		for _, r := range c.replicas {
			out = append(out, setup{name: fmt.Sprintf("real-pg%d", r), dsn: c.dsn, replicas: r})
		}
	}
	return append(out, setup{name: "baseline", baseline: true})
}

// kneeConfig is the knee search: the rate at which p99 passes a limit.
type kneeConfig struct {
	on      bool
	start   int           // first rate tried
	max     int           // no rate above it is tried
	seconds float64       // each step sends rate × seconds commands
	p99     time.Duration // the limit
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
	// openEvery: in the mixed profile, one measured command in openEvery
	// opens a new incident.
	openEvery = 50
	// maxCommands bounds one step of the knee search.
	maxCommands = 40000
)

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("slackload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rates := intList{100, 200, 500}
	fs.Var(&rates, "rate", "commands per second, one rate or a comma-separated list")
	n := fs.Int("n", 1000, "commands sent at each rate")
	seconds := fs.Float64("seconds", 0, "if set, send rate × seconds commands at each rate instead of -n (at most 40000)")
	delays := durationList{2 * time.Second}
	fs.Var(&delays, "delay", "delay of every fake Web API call, one or a comma-separated list (0: Slack answers at once)")
	incidents := fs.Int("incidents", 10, "incidents the commands are spread over")
	profile := fs.String("profile", "log", `what is sent: "log" (a note on an open incident, each time) or "mixed" (notes, decisions, status updates and now and then an incident opened)`)
	knee := fs.Bool("knee", false, "search, for the bot and the baseline in turn, the rate at which p99 passes -knee-p99 (instead of the fixed rates); with -repeat, the best run of each step decides")
	kneeStart := fs.Int("knee-start", 250, "knee search: the first rate tried")
	kneeMax := fs.Int("knee-max", 8000, "knee search: the highest rate tried")
	kneeSeconds := fs.Float64("knee-seconds", 3, "knee search: seconds of load at each step")
	kneeP99 := fs.Duration("knee-p99", 100*time.Millisecond, "knee search: the p99 that marks the knee")
	serveBinary := fs.String("serve", "", "measure this built incidentbot binary in its own process instead: start to /healthz, resident memory idle and under -n commands at the first -rate (first -delay), restart on the filled database")
	repeat := fs.Int("repeat", 1, "run each measurement this many times, bot and baseline in turn, and report medians (a shared machine's noise comes and goes)")
	limit := fs.Duration("timeout", 30*time.Minute, "stop the whole run after this long")
	verbose := fs.Bool("v", false, "send the bot's JSON log (info and up) to standard error")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	server := fs.String("dsn", "", "a PostgreSQL server (postgres://USER@HOST:PORT/DB, a user who may CREATE DATABASE; default $SLACKLOAD_DSN): the bot is measured on it too, beside SQLite, on a fresh database each run (dropped after)")
	replicas := intList{1}
	fs.Var(&replicas, "replicas", "with -dsn: instances of the bot on one database behind the load tool, which spreads the commands over them round-robin as a load balancer does; a comma-separated list measures each (1,2)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *server == "" {
		*server = os.Getenv("SLACKLOAD_DSN")
	}
	c := config{rates: rates, n: *n, delays: delays, incidents: *incidents, profile: *profile, repeat: *repeat, verbose: *verbose,
		knee: kneeConfig{on: *knee, start: *kneeStart, max: *kneeMax, seconds: *kneeSeconds, p99: *kneeP99},
		dsn:  *server, replicas: replicas}
	switch {
	case c.n < 1:
		return errors.New("-n must be at least 1")
	case c.incidents < 1:
		return errors.New("-incidents must be at least 1")
	case *seconds < 0:
		return errors.New("-seconds must not be negative")
	case c.repeat < 1:
		return errors.New("-repeat must be at least 1")
	case c.profile != "log" && c.profile != "mixed":
		return fmt.Errorf(`-profile must be "log" or "mixed", not %q`, c.profile)
	case c.knee.on && (c.knee.start < 1 || c.knee.max < c.knee.start || c.knee.seconds <= 0 || c.knee.p99 <= 0):
		return errors.New("-knee-start, -knee-max, -knee-seconds and -knee-p99 must be positive, and -knee-max at least -knee-start")
	case *limit <= 0:
		return errors.New("-timeout must be positive")
	case c.dsn != "" && !dsn.Valid(c.dsn):
		return fmt.Errorf("-dsn %s: write a postgres:// or postgresql:// URL with its host", postgres.Redact(c.dsn))
	case c.dsn == "" && slices.ContainsFunc(c.replicas, func(r int) bool { return r > 1 }):
		return errors.New("-replicas above 1 needs -dsn: one SQLite file has one writer")
	}
	ctx, cancel := context.WithTimeout(ctx, *limit)
	defer cancel()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	logTo := io.Discard
	if c.verbose {
		logTo = stderr
	}
	// net/http's servers report accept errors through the standard logger.
	stdlog.SetOutput(logTo)
	log := slog.New(slog.NewJSONHandler(logTo, app.LogOptions(slog.LevelInfo)))

	if *serveBinary != "" {
		var runs []serveFigures
		for range c.repeat {
			f, err := measureServe(ctx, c, *serveBinary, c.delays[0], c.rates[0], c.n)
			if err != nil {
				return err
			}
			runs = append(runs, f)
		}
		printServe(stdout, *serveBinary, c.rates[0], runs)
		return nil
	}
	what := fmt.Sprintf("%d signed /incident commands per rate", c.n)
	if *seconds > 0 {
		what = fmt.Sprintf("%.3g s of signed /incident commands at each rate", *seconds)
	}
	if c.knee.on {
		what = fmt.Sprintf("knee search (p99 over %v), %.3g s of load per step", c.knee.p99, c.knee.seconds)
	}
	fmt.Fprintf(stdout, "slackload: %s, profile %s, over %d incidents, %d run(s) of each (tables: medians; knee: the best run); %s, %d CPUs, GOMAXPROCS %d\n",
		what, c.profile, c.incidents, c.repeat, runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	if c.dsn != "" {
		fmt.Fprintf(stdout, "PostgreSQL: %s (a fresh database each run); real-pgN: N instances of the bot on it, commands spread round-robin\n", postgres.Redact(c.dsn))
	}
	fmt.Fprintf(stdout, "load average at the start: %s\n", loadAverage())
	for _, d := range c.delays {
		fmt.Fprintf(stdout, "\nfake Web API delay %v\n", d)
		if c.knee.on {
			k, err := searchKnees(ctx, c, d, log, stdout)
			if err != nil {
				return err
			}
			printKnees(stdout, k)
			fmt.Fprintf(stdout, "load average: %s\n", loadAverage())
			continue
		}
		var rows []row
		for _, r := range c.rates {
			n := c.n
			if *seconds > 0 {
				n = min(maxCommands, max(1, int(float64(r)**seconds)))
			}
			m, err := measureBoth(ctx, c, d, r, n, log)
			if err != nil {
				return err
			}
			rows = append(rows, m)
		}
		printTable(stdout, c.setups(), rows)
		fmt.Fprintf(stdout, "load average: %s\n", loadAverage())
	}
	return nil
}

// loadAverage is the machine's 1, 5 and 15 minute load averages, printed
// beside the figures: on a shared machine they say how much else ran.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// measureBoth runs n commands at rate against every setup in turn (the bot
// on each store, then the baseline), c.repeat times.
func measureBoth(ctx context.Context, c config, delay time.Duration, rate, n int, log *slog.Logger) (row, error) {
	setups := c.setups()
	r := row{rate: rate, res: make([][]result, len(setups))}
	for range c.repeat {
		for i, s := range setups {
			if err := ctx.Err(); err != nil {
				return row{}, fmt.Errorf("stopped at %d/s: %w", rate, err)
			}
			res, err := measure(ctx, c, s, delay, rate, n, log)
			if err != nil {
				return row{}, fmt.Errorf("%s at %d/s: %w", s.name, rate, err)
			}
			r.res[i] = append(r.res[i], res)
		}
	}
	return r, nil
}

// measure runs one setup once.
func measure(ctx context.Context, c config, s setup, delay time.Duration, rate, n int, log *slog.Logger) (result, error) {
	if s.baseline {
		return measureBaseline(ctx, c, rate, n, log)
	}
	return measureReal(ctx, c, s, delay, rate, n, log)
}

// intList is a flag of comma-separated positive integers.
type intList []int

func (l *intList) String() string {
	var s []string
	for _, v := range *l {
		s = append(s, strconv.Itoa(v))
	}
	return strings.Join(s, ",")
}

func (l *intList) Set(v string) error {
	var out intList
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	*l = out
	return nil
}

// durationList is a flag of comma-separated durations, none negative.
type durationList []time.Duration

func (l *durationList) String() string {
	var s []string
	for _, v := range *l {
		s = append(s, v.String())
	}
	return strings.Join(s, ",")
}

func (l *durationList) Set(v string) error {
	var out durationList
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "0" {
			out = append(out, 0)
			continue
		}
		d, err := time.ParseDuration(f)
		if err != nil || d < 0 {
			return fmt.Errorf("%q is not a duration of zero or more", f)
		}
		out = append(out, d)
	}
	*l = out
	return nil
}

// result is one handler's figures at one rate.
type result struct {
	sent       int
	sendRate   float64 // achieved sending rate
	latencies  []time.Duration
	errors     int // transport errors, timeouts, non-200 answers
	busy       int // real handler only: answered "busy, try again"
	notApplied int // real handler only: 200, but the reply is neither a success nor busy
	over3s     int
	cpu        time.Duration // CPU time of this whole process (user and system) while the load ran
	webAPI     int           // real handler only: Web API calls answered during the run
	pending    int           // real handler only: outbox rows left at the end
}

// row is one rate: for each setup (c.setups()), a result per run.
type row struct {
	rate int
	res  [][]result
}

// median of the figure f of results.
func median(rs []result, f func(result) time.Duration) time.Duration {
	var d []time.Duration
	for _, r := range rs {
		d = append(d, f(r))
	}
	slices.Sort(d)
	if len(d) == 0 {
		return 0
	}
	return d[(len(d)-1)/2]
}

func p50Of(r result) time.Duration { p, _, _ := r.stats(); return p }
func p99Of(r result) time.Duration { _, p, _ := r.stats(); return p }
func maxOf(r result) time.Duration { _, _, m := r.stats(); return m }

// sum adds up the counts of results.
func sum(rs []result) (out result) {
	for _, r := range rs {
		out.sendRate += r.sendRate / float64(len(rs))
		out.errors += r.errors
		out.busy += r.busy
		out.notApplied += r.notApplied
		out.over3s += r.over3s
		out.webAPI += r.webAPI
		out.pending += r.pending
	}
	return out
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

// p99 counts a request that failed as one that took requestTimeout, so a
// handler cannot pass a rate by failing its slow requests.
func (r result) p99() time.Duration {
	s := slices.Clone(r.latencies)
	for range r.errors {
		s = append(s, requestTimeout)
	}
	slices.Sort(s)
	return quantile(s, 0.99)
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64)
}

func printTable(w io.Writer, setups []setup, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rate/s\thandler\tsent/s\tp50 ms\tp99 ms\tmax ms\t>3s\terrors\tbusy\tnot applied\tCPU ms/cmd\tp99 of each run\t")
	for _, r := range rows {
		for si, s := range setups {
			res := r.res[si]
			t := sum(res)
			busy, na := "-", "-"
			if !s.baseline {
				busy, na = strconv.Itoa(t.busy), strconv.Itoa(t.notApplied)
			}
			var each []string
			for _, x := range res {
				each = append(each, ms(p99Of(x)))
			}
			fmt.Fprintf(tw, "%d\t%s\t%.1f\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t\n", r.rate, s.name, t.sendRate,
				ms(median(res, p50Of)), ms(median(res, p99Of)), ms(median(res, maxOf)), t.over3s, t.errors, busy, na,
				strconv.FormatFloat(float64(median(res, cpuPer))/float64(time.Millisecond), 'f', 3, 64), strings.Join(each, ","))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	base := len(setups) - 1 // the baseline is last
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rate/s\thandler\tp99 real / p99 baseline (median of runs)\tCPU real / CPU baseline\tWeb API calls answered during the runs\toutbox left at the ends\t")
	for _, r := range rows {
		for si, s := range setups[:base] {
			var ratios []float64
			for i := range r.res[si] {
				if b := p99Of(r.res[base][i]); b > 0 {
					ratios = append(ratios, float64(p99Of(r.res[si][i]))/float64(b))
				}
			}
			slices.Sort(ratios)
			ratio := "-"
			if len(ratios) > 0 {
				ratio = strconv.FormatFloat(ratios[(len(ratios)-1)/2], 'f', 2, 64)
			}
			cpu := "-"
			if b := median(r.res[base], cpuPer); b > 0 {
				cpu = strconv.FormatFloat(float64(median(r.res[si], cpuPer))/float64(b), 'f', 2, 64)
			}
			t := sum(r.res[si])
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t\n", r.rate, s.name, ratio, cpu, t.webAPI, t.pending)
		}
	}
	tw.Flush()
}

// ---- the knee ----

// knee is one handler's knee: the highest rate tried whose p99 stayed within
// the limit, and the lowest whose p99 passed it (0 if none did up to max).
type knee struct {
	handler      string
	below, above int
	steps        []step
}

type step struct {
	rate     int
	sendRate float64
	p99      time.Duration
	errors   int
	busy     int
}

// searchKnees finds the knee of the bot and of the baseline at one delay:
// the rate doubles from knee.start until p99 (failed requests counted as
// requestTimeout) passes knee.p99, then the interval is halved until it is
// within a tenth of its lower end. The two searches go step by step in
// turn, so a spell of noise on a shared machine falls on both; a step runs
// c.repeat times and its best run decides (noise only ever adds latency),
// and a step past the limit is tried once more, after the other handler's
// step, before it counts as past.
// Every run starts a fresh store and fake Slack. Each step is printed as it
// ends.
func searchKnees(ctx context.Context, c config, delay time.Duration, log *slog.Logger, w io.Writer) ([]knee, error) {
	var searches []*kneeSearch
	for _, s := range c.setups() {
		searches = append(searches, &kneeSearch{knee: knee{handler: s.name}, setup: s, rate: c.knee.start})
	}
	for {
		busy := false
		for _, ks := range searches {
			if ks.done {
				continue
			}
			busy = true
			st, err := kneeStep(ctx, c, delay, ks.setup, ks.rate, log)
			if err != nil {
				return nil, err
			}
			ks.steps = append(ks.steps, st)
			ok := st.p99 <= c.knee.p99
			verdict := map[bool]string{true: "within", false: "past"}[ok]
			if !ok && !ks.confirming {
				// Tried again after the other handler's step: a rate is
				// past only if two tries apart in time say so.
				ks.confirming = true
				verdict = "past, to be confirmed"
			} else {
				ks.confirming = false
				ks.next(ok, c.knee.max)
			}
			fmt.Fprintf(w, "  %-8s %6d/s (sent %7.1f/s): p99 %8s ms, %d errors, %d busy: %s\n", ks.handler, st.rate, st.sendRate, ms(st.p99), st.errors, st.busy, verdict)
		}
		if !busy {
			break
		}
	}
	out := make([]knee, len(searches))
	for i, ks := range searches {
		out[i] = ks.knee
	}
	return out, nil
}

// kneeSearch is one handler's search in progress.
type kneeSearch struct {
	knee
	setup      setup
	rate       int  // the rate to try next
	confirming bool // rate was past once: try it again
	done       bool
}

// next moves the search on after its rate was tried: doubling while within
// (up to max), then halving the interval between the last rate within and
// the first past.
func (s *kneeSearch) next(ok bool, maxRate int) {
	if ok {
		s.below = s.rate
	} else {
		s.above = s.rate
	}
	switch {
	case s.above == 0 && s.rate == maxRate:
		s.done = true
	case s.above == 0:
		s.rate = min(2*s.rate, maxRate)
	case s.above-s.below <= max(1, s.below/10):
		s.done = true
	default:
		s.rate = (s.below + s.above) / 2
	}
}

// kneeStep measures handler at rate c.repeat times and returns its best run.
func kneeStep(ctx context.Context, c config, delay time.Duration, s setup, rate int, log *slog.Logger) (step, error) {
	handler := s.name
	n := min(maxCommands, max(1, int(float64(rate)*c.knee.seconds)))
	var best step
	for i := range c.repeat {
		if err := ctx.Err(); err != nil {
			return step{}, fmt.Errorf("stopped before %s at %d/s: %w", handler, rate, err)
		}
		res, err := measure(ctx, c, s, delay, rate, n, log)
		if err != nil {
			return step{}, fmt.Errorf("%s at %d/s: %w", handler, rate, err)
		}
		st := step{rate: rate, sendRate: res.sendRate, p99: res.p99(), errors: res.errors, busy: res.busy}
		if i == 0 || st.p99 < best.p99 {
			best = st
		}
	}
	return best, nil
}

func printKnees(w io.Writer, ks []knee) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "handler\tknee: last rate within\tfirst rate past\t")
	for _, k := range ks {
		above := "none tried"
		if k.above > 0 {
			above = strconv.Itoa(k.above)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", k.handler, k.below, above)
	}
	tw.Flush()
	if base := ks[len(ks)-1]; base.below > 0 {
		for _, k := range ks[:len(ks)-1] {
			fmt.Fprintf(w, "knee %s / knee baseline: %.2f\n", k.handler, float64(k.below)/float64(base.below))
		}
	}
}

// ---- the real handler ----

// measureReal runs the load against the bot's HTTP endpoint, wired as serve
// wires it in HTTP mode (internal/app: the service, the Slack adapter, the
// outbox worker and the timer loop), on a fresh store and a fresh fake Web
// API whose every call takes delay. On PostgreSQL (s.dsn) the store is a
// fresh database of that server, and s.replicas instances of the bot, each
// with its own store (connection pool), workers and listener, share it as
// serve processes on several hosts would; the commands go to them in turn.
func measureReal(ctx context.Context, c config, s setup, delay time.Duration, rate, n int, log *slog.Logger) (result, error) {
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
	fake.Delay(fakeslack.AllMethods, delay)

	cfg := botConfig(fake, filepath.Join(dir, "incidentbot.db"))
	if s.dsn != "" {
		db, drop, err := freshDatabase(ctx, s.dsn)
		if err != nil {
			return result{}, err
		}
		defer drop()
		cfg.Storage.DSN = ibconfig.DSN(db)
	}
	var targets []string
	var first *app.App
	for range max(1, s.replicas) {
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
		targets = append(targets, "http://"+ln.Addr().String()+slackbot.PathCommands)
		if first == nil {
			first = a
		}
	}

	client := newClient()
	defer client.CloseIdleConnections()
	// The incidents the commands work on exist before the clock starts.
	for i := 1; i <= c.incidents; i++ {
		ans := send(client, targets[0], commandBody(fmt.Sprintf("open high Load test incident %d", i), fmt.Sprintf("setup.%d", i)))
		if ans.err != nil || !applied(ans) {
			return result{}, fmt.Errorf("open incident %d: %v %s", i, ans.err, ans.body)
		}
	}
	before := succeeded(fake)
	cpu := cpuTime()
	res := load(client, targets, c, rate, n, true)
	res.cpu = cpuTime() - cpu
	res.webAPI = succeeded(fake) - before
	// The outbox is the database's: one replica counts it for all.
	if res.pending, err = first.Backlog(ctx); err != nil {
		return result{}, err
	}
	return res, nil
}

// freshDatabase creates an empty database on the server dsn names and
// returns its DSN, and the function that drops it.
func freshDatabase(ctx context.Context, dsn string) (string, func(), error) {
	// Parsed before the database exists, so that a bad URL leaves none behind.
	u, err := url.Parse(dsn)
	if err != nil {
		// url.Error repeats the URL, password included: name it redacted.
		return "", nil, fmt.Errorf("-dsn %s: %w", postgres.Redact(dsn), errors.Unwrap(err))
	}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("connect to %s: %w", postgres.Redact(dsn), err)
	}
	defer admin.Close(context.WithoutCancel(ctx))
	name := "slackload_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u.Path = "/" + name
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return
		}
		defer admin.Close(ctx)
		_, _ = admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	}
	return u.String(), drop, nil
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
func measureBaseline(ctx context.Context, c config, rate, n int, log *slog.Logger) (result, error) {
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
	cpu := cpuTime()
	res := load(client, []string{srv.URL + slackbot.PathCommands}, c, rate, n, false)
	res.cpu = cpuTime() - cpu
	return res, nil
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
			// Past the knee answers take seconds and connections pile up;
			// beyond this many, requests wait for one (and their latency
			// says so) rather than run the process out of file descriptors.
			MaxConnsPerHost: 4000,
			IdleConnTimeout: time.Minute,
		},
	}
}

// commandText is the i-th measured command. In the log profile it logs a
// note on one of the incidents opened before the run, in turn. In the mixed
// profile one in openEvery opens an incident, the others log a note, record a
// decision or share a status on the incidents opened before the run, in turn.
func commandText(profile string, i, incidents int) string {
	if profile == "log" {
		return fmt.Sprintf("log #%d note %d from the load test", i%incidents+1, i)
	}
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

// cpuTime is the CPU time this process has used, user and system. The load
// generator, the handler and (for the bot) the fake Slack all run in it, so
// the CPU a run took, per command, compares the handlers' costs in a way
// other tenants of a shared machine hardly disturb.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuPer is the CPU time per command of a run, in milliseconds.
func cpuPer(r result) time.Duration {
	if r.sent == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.sent)
}

// busyText is the bot's answer when it was too busy to take a command.
var busyText = workflow.Render(workflow.English, workflow.M("err.busy", nil))

// isBusy reports whether a real ack says "busy, try again".
func isBusy(a answer) bool {
	var m struct {
		Text string `json:"text"`
	}
	return a.status == http.StatusOK && json.Unmarshal(a.body, &m) == nil && m.Text == busyText
}

// load sends n commands at rate per second, open loop: a ticker releases
// the requests due so far (catching up if a tick came late), each in its own
// goroutine. Command i goes to targets[i mod len(targets)]: round-robin, as
// a load balancer in front of several replicas spreads them.
func load(client *http.Client, targets []string, c config, rate, n int, checkReplies bool) result {
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = commandBody(commandText(c.profile, i, c.incidents), fmt.Sprintf("load.%d.%d", rate, i))
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	interval := time.Second / time.Duration(rate)
	tick := time.NewTicker(min(interval, time.Millisecond))
	defer tick.Stop()
	start := time.Now()
	sent := 0
	var lastSend time.Time
	for sent < n {
		due := min(n, int(time.Since(start)/interval)+1)
		for ; sent < due; sent++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				answers[i] = send(client, targets[i%len(targets)], bodies[i])
			}(sent)
		}
		lastSend = time.Now()
		if sent < n {
			<-tick.C
		}
	}
	elapsed := lastSend.Sub(start)
	wg.Wait()

	res := result{sent: n}
	if n > 1 && elapsed > 0 {
		res.sendRate = float64(n-1) / elapsed.Seconds()
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
		switch {
		case !checkReplies || applied(a):
		case isBusy(a):
			res.busy++
		default:
			res.notApplied++
		}
	}
	return res
}
