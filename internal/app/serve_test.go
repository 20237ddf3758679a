package app

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"incidentbot/config"
	"incidentbot/workflow"
)

// serveWith runs the wired bot in HTTP mode with timeouts to on a free port
// until the test ends, and returns its address.
func serveWith(t *testing.T, to Timeouts) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config.Default()
	cfg.Storage.Path = filepath.Join(t.TempDir(), "x.db")
	cfg.Slack.Mode, cfg.Slack.SigningSecret, cfg.Slack.BotToken = "http", "secret", "xoxb-unused"
	cfg.Slack.APIURL = "http://127.0.0.1:9/api/"
	db, err := OpenStore(ctx, cfg.Storage, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(cfg, workflow.English, db, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	a.Timeouts = to
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = a.Serve(ctx, ln, h) }()
	t.Cleanup(func() { cancel(); <-done; db.Close() })
	return ln.Addr().String()
}

// closed waits until the server ends the connection (reading what it
// answers first); the deadline only guards against a hang.
func closed(t *testing.T, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	b, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server kept the connection open; it sent %q", b)
	}
	return string(b)
}

// The HTTP server lets go of a connection that is idle between requests, and
// of a request whose body does not arrive; each is refused or closed, never
// held.
func TestServeTimeouts(t *testing.T) {
	to := Timeouts{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, Write: 2 * time.Second, Idle: 300 * time.Millisecond}
	addr := serveWith(t, to)

	t.Run("idle keep-alive", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("first request: %v %v", resp, err)
		}
		resp.Body.Close()
		closed(t, c)
	})
	t.Run("slow body", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "POST /slack/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
			"X-Slack-Request-Timestamp: "+strconv.FormatInt(time.Now().Unix(), 10)+"\r\nX-Slack-Signature: v0="+strings.Repeat("0", 64)+"\r\n"+
			"Content-Length: 1000\r\n\r\ntext=open")
		if got := closed(t, c); got != "" && !strings.HasPrefix(got, "HTTP/1.1 4") {
			t.Errorf("answer to a body that never came: %q", got)
		}
	})
	t.Run("slow headers", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "POST /slack/commands HTTP/1.1\r\nHost: x\r\n")
		closed(t, c)
	})
}

// The defaults bound every phase, within Slack's budget for reading.
func TestDefaultTimeouts(t *testing.T) {
	d := DefaultTimeouts
	if d.ReadHeader <= 0 || d.Read <= 0 || d.Write <= 0 || d.Idle <= 0 {
		t.Fatalf("a timeout is not set: %+v", d)
	}
	if d.ReadHeader > 3*time.Second || d.Read > 5*time.Second {
		t.Errorf("reading a request may take longer than Slack waits: %+v", d)
	}
}
