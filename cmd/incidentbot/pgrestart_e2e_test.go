package main

// The PostgreSQL server restarted under load (issue 17): two replicas of the
// real binary on a throwaway cluster of the test's own, the server stopped
// and started again while responders keep typing.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/workflow"
)

// cluster is a throwaway PostgreSQL cluster of one test (.ci/postgres), so
// stopping its server disturbs no other test.
type cluster struct {
	t   *testing.T
	dir string
	dsn string
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	postgrestest.Server(t) // skips, with the reason, where there is no PostgreSQL
	parent, err := os.MkdirTemp("", "incidentbot-pgrestart-")
	if err != nil {
		t.Fatal(err)
	}
	// The server runs as the postgres user when the tests run as root.
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, dir: filepath.Join(parent, "pg")}
	t.Cleanup(func() {
		c.run("stop")
		os.RemoveAll(parent)
	})
	out := c.run("start")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	c.dsn = lines[len(lines)-1]
	if !strings.HasPrefix(c.dsn, "postgres://") {
		t.Fatalf(".ci/postgres start: %s", out)
	}
	return c
}

func (c *cluster) run(cmd string) string {
	c.t.Helper()
	script, err := filepath.Abs("../../.ci/postgres")
	if err != nil {
		c.t.Fatal(err)
	}
	out, err := exec.Command(script, cmd, c.dir).Output()
	if err != nil {
		c.t.Fatalf(".ci/postgres %s: %v", cmd, err)
	}
	return string(out)
}

// TestReplicasRideOutPostgresRestart: while responders type notes through
// two replicas, the PostgreSQL server is stopped (fast shutdown: every
// session ended) and, after the replicas have answered "busy, try again"
// for a while, started again. Every answer is an ack or "busy, try again",
// never an internal error or a failed request; a command answered busy
// changed nothing; every acked note is in the timeline once; both replicas
// ack again by themselves once the server is back, with nobody restarting
// them; the outbox drains and the chain verifies.
func TestReplicasRideOutPostgresRestart(t *testing.T) {
	c := startCluster(t)
	e := newSlackEnv(t)
	e.dsn = c.dsn
	e.slackConfig = replicaConfig
	for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
		e.fake.AddUser(u, strings.ToLower(u[3:]), u, "Asia/Tokyo", "ja-JP")
	}
	procs := []*serveProc{e.serve(), e.serve()}
	if got := e.command(procs[0], seGeneral, "open low Database maintenance"); !strings.Contains(got, "Opened #1") {
		t.Fatalf("open: %q", got)
	}
	busyText := workflow.Render(workflow.English, workflow.M("err.busy", nil))
	client := &http.Client{Timeout: 10 * time.Second}

	type reply struct {
		text, answer string
		replica      int
		after        bool // sent once the server was back
	}
	var (
		mu      sync.Mutex
		replies []reply
		wrong   []string
		busy    atomic.Int32
		back    atomic.Bool
		stop    atomic.Bool
		wg      sync.WaitGroup
		sentN   atomic.Int32
		ackedBy [2]atomic.Int32 // acks after the server came back, by replica
	)
	send := func(replica int, text string) {
		body := e.commandBody(seGeneral, text)
		req, err := e.commandRequest(procs[replica], body)
		if err != nil {
			t.Error(err)
			return
		}
		after := back.Load()
		resp, err := client.Do(req)
		if err != nil {
			mu.Lock()
			wrong = append(wrong, fmt.Sprintf("%q to replica %d: %v", text, replica, err))
			mu.Unlock()
			return
		}
		var msg struct {
			Text string `json:"text"`
		}
		derr := json.NewDecoder(resp.Body).Decode(&msg)
		resp.Body.Close()
		mu.Lock()
		defer mu.Unlock()
		switch {
		case resp.StatusCode != http.StatusOK || derr != nil:
			wrong = append(wrong, fmt.Sprintf("%q to replica %d: HTTP %d %v", text, replica, resp.StatusCode, derr))
		case msg.Text == busyText:
			busy.Add(1)
		case ackedNoteRE.MatchString(msg.Text):
			if after {
				ackedBy[replica].Add(1)
			}
		default:
			wrong = append(wrong, fmt.Sprintf("%q to replica %d: %q", text, replica, msg.Text))
		}
		replies = append(replies, reply{text, msg.Text, replica, after})
	}
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				n := sentN.Add(1)
				send(int(n)%2, fmt.Sprintf("log #1 responder %d note %d", r, i))
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()

	time.Sleep(300 * time.Millisecond)
	c.run("down")
	e.waitFor("busy answers while the server is down", func() bool { return busy.Load() >= 6 })
	c.run("up")
	back.Store(true)
	e.waitFor("both replicas to ack again on their own", func() bool {
		return ackedBy[0].Load() >= 3 && ackedBy[1].Load() >= 3
	})
	stop.Store(true)
	wg.Wait()

	for _, w := range wrong {
		t.Errorf("neither an ack nor busy: %s", w)
	}
	e.waitUpTo(drainWait, "the outbox to drain", func() bool {
		return pgCount(t, c.dsn, `SELECT count(*) FROM outbox WHERE done_at IS NULL`) == 0
	}, func() string { return pgPending(t, c.dsn) })
	env := []string{"DATABASE_URL=" + c.dsn}
	if v := ibPG(t, e.dir, "", env, "verify", "1"); v.code != 0 || !verifyOK.MatchString(v.stdout) {
		t.Fatalf("verify: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	rep := exportPG(t, e.dir, c.dsn, "1", "--as", seUser)
	inTimeline := map[string]int{}
	for _, n := range rep.Notes {
		inTimeline[n.Text]++
	}
	acked := 0
	for _, rp := range replies {
		note := strings.TrimPrefix(rp.text, "log #1 ")
		switch rp.answer {
		case busyText:
			if inTimeline[note] != 0 {
				t.Errorf("%q was answered busy, yet is in the timeline", note)
			}
		default:
			acked++
			if inTimeline[note] != 1 {
				t.Errorf("acked %q (%s) is in the timeline %d times", note, rp.answer, inTimeline[note])
			}
		}
	}
	if len(rep.Notes) != acked {
		t.Errorf("%d notes in the timeline, %d acked", len(rep.Notes), acked)
	}
	for i, p := range procs {
		if a := e.get(p, "/readyz"); a.status != http.StatusOK {
			t.Errorf("replica %d /readyz after the restart: %d %s", i, a.status, a.body)
		}
	}
	t.Logf("%d commands: %d acked, %d busy while the server was down", len(replies), acked, busy.Load())
}
