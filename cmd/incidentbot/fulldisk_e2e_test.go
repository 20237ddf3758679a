//go:build linux

package main

// Hardening (issue 10): a full disk does not make serve send the same thing
// over and over.

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// fileSizeLimit sets serve's limit on the size of the files it writes
// (RLIMIT_FSIZE): at 0, every write to a regular file fails as on a full
// disk, while its log (a pipe) still goes out.
func fileSizeLimit(t *testing.T, p *serveProc, limit uint64) {
	t.Helper()
	var old unix.Rlimit
	if err := unix.Prlimit(p.cmd.Process.Pid, unix.RLIMIT_FSIZE, nil, &old); err != nil {
		t.Skipf("cannot read serve's file size limit: %v", err)
	}
	if err := unix.Prlimit(p.cmd.Process.Pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: min(limit, old.Max), Max: old.Max}, nil); err != nil {
		t.Skipf("cannot set serve's file size limit: %v", err)
	}
}

// TestFullDiskNoHotLoop: Slack accepts a card update, and then the disk is
// full, so its outcome cannot be recorded. serve does not send it again and
// again: it says it is not ready (and why) and logs it, keeps trying to
// record, and once there is space again it is ready, the outbox drains,
// and the update was sent once. Nothing acknowledged is lost.
func TestFullDiskNoHotLoop(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	if got := e.command(p, seGeneral, "open high Disk full"); !strings.Contains(got, "Opened #1") {
		t.Fatalf("open: %q", got)
	}
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	updates := len(e.fake.CallsTo("chat.update"))

	release := e.fake.Block("chat.update")
	if got := e.command(p, seGeneral, "log #1 the disk is filling up"); !strings.Contains(got, "note recorded (event 2)") {
		t.Fatalf("log: %q", got)
	}
	e.waitFor("the card update at Slack", func() bool { return len(e.fake.CallsTo("chat.update")) == updates+1 })
	fileSizeLimit(t, p, 0)
	release() // Slack accepts it; recording that fails

	e.waitFor("/readyz to say the database cannot record", func() bool {
		a := e.get(p, "/readyz")
		return a.status == http.StatusServiceUnavailable && strings.Contains(string(a.body), "cannot record deliveries")
	})
	e.waitFor("the log to say so", func() bool { return strings.Contains(p.stderr.String(), "the store fails") })
	if n := len(e.fake.CallsTo("chat.update")) - updates; n != 1 {
		t.Errorf("while the disk is full: %d card updates sent, want 1", n)
	}

	fileSizeLimit(t, p, unix.RLIM_INFINITY)
	e.waitFor("/readyz ready again", func() bool { return e.get(p, "/readyz").status == http.StatusOK })
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	if n := len(e.fake.CallsTo("chat.update")) - updates; n != 1 {
		t.Errorf("%d card updates sent in all, want 1: its outcome was recorded late, not sent again", n)
	}
	if got := e.command(p, seGeneral, "log #1 space again"); !strings.Contains(got, "note recorded (event 3)") {
		t.Errorf("after the disk has space: %q", got)
	}
	if n := e.eventCount("1"); n != 3 {
		t.Errorf("%d events, want 3: nothing acknowledged is lost", n)
	}
}
