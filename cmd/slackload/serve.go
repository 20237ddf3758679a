package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
)

// startTimeout bounds the wait for a started binary to answer /healthz.
const startTimeout = 30 * time.Second

// serveFigures is what measureServe finds for one run of the binary.
type serveFigures struct {
	coldFresh    time.Duration // exec to the first 200 of /healthz, new database
	coldExisting time.Duration // the same, restarted on the database the load filled
	idleRSS      int64         // bytes, a second after it was ready
	loadedRSS    int64         // bytes, the most seen while the load ran
	hwm          int64         // bytes, the kernel's high-water mark at the end (VmHWM)
	load         result
}

// measureServe runs the built binary as `incidentbot serve` in HTTP mode, in
// its own process, against a fake Web API (delayed by delay) started here,
// on a fresh database in a temporary directory: the time from exec to the
// first 200 of /healthz, the resident memory idle and under rate×n
// commands, and the same start again on the filled database. Linux only
// (resident memory is read from /proc).
func measureServe(ctx context.Context, c config, binary string, delay time.Duration, rate, n int) (serveFigures, error) {
	var f serveFigures
	binary, err := filepath.Abs(binary) // it runs in a directory of its own
	if err != nil {
		return f, err
	}
	dir, err := os.MkdirTemp("", "slackload-serve-")
	if err != nil {
		return f, err
	}
	defer os.RemoveAll(dir)
	fake, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		return f, err
	}
	defer fake.Close()
	fake.AddUser(userID, userName, "Load Tester", "UTC", "en-US")
	if err := fake.AddChannel(channelID, "general", false, fake.BotUserID(), userID); err != nil {
		return f, err
	}
	fake.Delay(fakeslack.AllMethods, delay)

	p, cold, err := startServe(ctx, binary, dir, fake)
	if err != nil {
		return f, err
	}
	f.coldFresh = cold
	stopped := false
	defer func() {
		if !stopped {
			p.stop()
		}
	}()
	select {
	case <-time.After(time.Second): // let start-up garbage settle
	case <-ctx.Done():
		return f, ctx.Err()
	}
	if f.idleRSS, _, err = memory(p.cmd.Process.Pid); err != nil {
		return f, err
	}

	client := newClient()
	defer client.CloseIdleConnections()
	target := p.base + slackbot.PathCommands
	for i := 1; i <= c.incidents; i++ {
		ans := send(client, target, commandBody(fmt.Sprintf("open high Load test incident %d", i), fmt.Sprintf("setup.%d", i)))
		if ans.err != nil || !applied(ans) {
			return f, fmt.Errorf("open incident %d: %v %s", i, ans.err, ans.body)
		}
	}
	sampled := make(chan struct{})
	stop := make(chan struct{})
	go func() { // the most resident memory seen while the load runs
		defer close(sampled)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _, err := memory(p.cmd.Process.Pid); err == nil {
				f.loadedRSS = max(f.loadedRSS, rss)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f.load = load(client, []string{target}, c, rate, n, true)
	close(stop)
	<-sampled
	if _, f.hwm, err = memory(p.cmd.Process.Pid); err != nil {
		return f, err
	}
	if err := p.stop(); err != nil {
		return f, err
	}
	stopped = true

	// Restarted on the filled database.
	p, f.coldExisting, err = startServe(ctx, binary, dir, fake)
	if err != nil {
		return f, err
	}
	return f, p.stop()
}

// served is one running binary.
type served struct {
	cmd    *exec.Cmd
	base   string
	output *strings.Builder
	done   chan error
}

// startServe writes a config for dir and fake, execs `binary serve` and
// returns once /healthz answered 200, with the time that took from exec.
func startServe(ctx context.Context, binary, dir string, fake *fakeslack.Server) (*served, time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	conf := fmt.Sprintf("language = \"en\"\ntimezone = \"UTC\"\n\n[slack]\nmode = \"http\"\napi_url = %q\n\n[http]\nlisten = %q\n\n[storage]\npath = %q\n",
		fake.URL(), addr, filepath.Join(dir, "incidentbot.db"))
	cfg := filepath.Join(dir, "incidentbot.toml")
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		return nil, 0, err
	}
	cmd := exec.Command(binary, "serve", "--config", cfg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+fake.BotToken(), "SLACK_SIGNING_SECRET="+secret)
	p := &served{cmd: cmd, base: "http://" + addr, output: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = io.Discard, p.output
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	go func() { p.done <- cmd.Wait() }()
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(p.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, time.Since(start), nil
			}
		}
		select {
		case err := <-p.done:
			return nil, 0, fmt.Errorf("%s serve exited before /healthz answered: %v\n%s", binary, err, p.output)
		case <-ctx.Done():
			p.stop()
			return nil, 0, ctx.Err()
		case <-time.After(time.Millisecond):
		}
		if time.Since(start) > startTimeout {
			p.stop()
			return nil, 0, fmt.Errorf("%s serve did not answer /healthz within %v", binary, startTimeout)
		}
	}
}

// stop ends the binary as an operator would (SIGTERM), or with SIGKILL if
// it does not stop.
func (p *served) stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			return fmt.Errorf("serve after SIGTERM: %v\n%s", err, p.output)
		}
		return nil
	case <-time.After(startTimeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		return errors.New("serve did not stop within 30 s of SIGTERM")
	}
}

// memory reads a process's resident set and its high-water mark, in bytes,
// from /proc/PID/status.
func memory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("resident memory (Linux only): %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmRSS":
			rss = kb << 10
		case "VmHWM":
			hwm = kb << 10
		}
	}
	return rss, hwm, sc.Err()
}

func mib(b int64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) }

// printServe shows the figures of each run.
func printServe(w io.Writer, binary string, rate int, runs []serveFigures) {
	fmt.Fprintf(w, "%s serve, HTTP mode, in its own process:\n", binary)
	fmt.Fprintf(w, "  run  start, new db ms  start, filled db ms  idle RSS MiB  loaded RSS MiB  VmHWM MiB  ack p50 ms at %d/s  p99 ms  errors  busy\n", rate)
	for i, f := range runs {
		p50, p99, _ := f.load.stats()
		fmt.Fprintf(w, "  %3d  %16s  %19s  %12s  %14s  %9s  %18s  %6s  %6d  %4d\n", i+1, ms(f.coldFresh), ms(f.coldExisting),
			mib(f.idleRSS), mib(f.loadedRSS), mib(f.hwm), ms(p50), ms(p99), f.load.errors, f.load.busy)
	}
}
