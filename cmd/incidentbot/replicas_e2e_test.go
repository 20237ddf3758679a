package main

// Two replicas of the real binary on one PostgreSQL database (issue 17), in
// both Slack modes: HTTP behind the test acting as the load balancer, and
// Socket Mode with the fake Slack handing each envelope to one of the open
// connections; one replica is killed (SIGKILL) at random moments and started
// again.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"incidentbot/bot/slackbot"
	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/workflow"
)

// LongEnv, when set (.ci/run sets it), makes the replica tests run longer:
// more kills, more commands.
const LongEnv = "INCIDENTBOT_TEST_LONG"

// The on-call chain of the replica tests: "high" tells the tech role and
// chases it link by link every second, once round.
const (
	rpPrimary = "U0PRIMARY"
	rpSecond  = "U0SECOND"
	rpFinal   = "U0FINAL"
)

// replicaConfig is added to every serve's config: escalation timers that
// come due within the test, no reminders that would keep coming, and an
// outbox lease short enough that a queue a killed replica held is taken
// over within the test.
const replicaConfig = `
[storage]
outbox_lease = "2s"
[escalation]
unassigned_reminder = "0s"
[[severity]]
key = "low"
notify = ["role:commander"]
[[severity]]
key = "high"
notify = ["role:tech"]
ack_within = "1s"
repeat = 0
[[oncall]]
role = "tech"
chain = ["U0PRIMARY", "U0SECOND", "U0FINAL"]
`

// replicaSet is the serves of a replica test, by slot: a killed serve's
// slot gets the serve started after it.
type replicaSet struct {
	e     *slackEnv
	mu    sync.Mutex
	procs []*serveProc
}

func (r *replicaSet) backend(i int) *serveProc {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.procs[i%len(r.procs)]
}

func (r *replicaSet) replace(i int, p *serveProc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.procs[i] = p
}

// killAtRandom kills one serve or the other with SIGKILL at random moments,
// kills times, starting a new one in its slot after each.
func (r *replicaSet) killAtRandom(kills int) {
	for range kills {
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		i := rand.IntN(len(r.procs))
		r.backend(i).kill9()
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		r.replace(i, r.e.serve())
	}
}

// balancer is the load balancer in front of HTTP replicas: it sends each
// request to the next replica in turn and, when one cannot be reached or
// does not answer 200, the same request (same trigger id, signed again) to
// the next, as a balancer that retries on another backend does.
type balancer struct {
	*replicaSet
	next   atomic.Uint64
	client *http.Client
}

// command sends a slash command typed by user until a replica acks it (at
// most tries attempts); it returns the ack's text, or an error when none
// did.
func (b *balancer) command(user, text string) (string, error) {
	body := []byte(strings.Replace(string(b.e.commandBody(seGeneral, text)), "user_id="+seUser, "user_id="+user, 1))
	var last error
	for try := 0; try < 40; try++ {
		req, err := b.e.commandRequest(b.backend(int(b.next.Add(1))), body)
		if err != nil {
			return "", err
		}
		resp, err := b.client.Do(req)
		if err != nil {
			last = err
			time.Sleep(25 * time.Millisecond)
			continue
		}
		var msg struct {
			Text string `json:"text"`
		}
		err = json.NewDecoder(resp.Body).Decode(&msg)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			last = fmt.Errorf("HTTP %d: %v", resp.StatusCode, err)
			continue
		}
		return msg.Text, nil
	}
	return "", fmt.Errorf("%q: no replica acked it: %v", text, last)
}

// commandRequest is a slash command's body to post to p, signed as Slack
// signs it now; unlike e.post it leaves sending to the caller, which may be
// one of many goroutines and must not stop the test.
func (e *slackEnv) commandRequest(p *serveProc, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, p.base+"/slack/commands", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("command request: %w", err)
	}
	req.Header = e.signed(e.secret, time.Now(), body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// pgCount runs a count on the database.
func pgCount(t *testing.T, dsn, q string, args ...any) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// pgPending says what a database still has waiting: its pending outbox
// items (queue, kind, attempts, when due, the last error, the lease) and
// its timers due a second ago and not fired, a line each.
func pgPending(t *testing.T, dsn string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Sprintf("(cannot connect to read what waits: %v)", err)
	}
	defer conn.Close(ctx)
	var b strings.Builder
	for _, q := range []string{
		`SELECT 'outbox ' || queue || ' ' || kind || ' attempts ' || attempts || ' due ' || not_before || ' lease ' || coalesce(lease_owner::text, '-') || ' until ' || coalesce(lease_until::text, '-') || ' last error: ' || coalesce(last_error, '') FROM outbox WHERE done_at IS NULL ORDER BY pos LIMIT 20`,
		`SELECT 'timer ' || kind || ' ' || key || ' of ' || coalesce(incident_id::text, 'no incident') || ' due ' || due_at FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at < now() - interval '1 second' ORDER BY due_at LIMIT 20`,
	} {
		rows, err := conn.Query(ctx, q)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n", q, err)
			continue
		}
		for rows.Next() {
			var line string
			if rows.Scan(&line) == nil {
				b.WriteString(line + "\n")
			}
		}
		rows.Close()
	}
	return b.String()
}

var (
	ackedNoteRE = regexp.MustCompile(`^#1: note recorded \(event ([0-9]+)\)`)
	openedRE    = regexp.MustCompile(`^Opened #([0-9]+) `)
)

// sentCommand is a command a responder sent and what came back.
type sentCommand struct {
	text, ack string
	err       error
}

// replicaRun is one replica test: responders typing commands through
// send, on incidents that escalate by their timers.
type replicaRun struct {
	t          *testing.T
	e          *slackEnv
	dsn        string
	responders []string
	send       func(user, text string) (string, error)
	results    [][]sentCommand // by responder
	extra      []sentCommand   // sent otherwise, checked alike
}

// newReplicaRun prepares the workspace and the database of a replica test;
// the test starts the serves and sets send.
func newReplicaRun(t *testing.T, socket bool) *replicaRun {
	t.Helper()
	dsn := postgrestest.Database(t)
	e := newSlackEnv(t)
	e.dsn = dsn
	e.slackConfig = replicaConfig
	e.socket = socket
	e.fake.AddUser("U0THIRD", "tanaka", "Tanaka Jiro", "Asia/Tokyo", "ja-JP")
	e.fake.AddUser("U0FOURTH", "yamada", "Yamada Hana", "Asia/Tokyo", "ja-JP")
	for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
		e.fake.AddUser(u, strings.ToLower(u[3:]), u, "Asia/Tokyo", "ja-JP")
	}
	return &replicaRun{t: t, e: e, dsn: dsn, responders: []string{seUser, seOther, "U0THIRD", "U0FOURTH"}}
}

// replicaCounts is how long a replica test runs: kills and notes per
// responder, more under LongEnv.
func replicaCounts() (kills, perResponder int) {
	if os.Getenv(LongEnv) != "" {
		return 12, 40
	}
	return 3, 12
}

// openIncidents opens a high incident per responder, all at once: they take
// the numbers 1, 2, … one each, and each gets its channel.
func (r *replicaRun) openIncidents() {
	t := r.t
	t.Helper()
	var wg sync.WaitGroup
	opened := make([]string, len(r.responders))
	errs := make([]error, len(r.responders))
	for i, u := range r.responders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opened[i], errs[i] = r.send(u, fmt.Sprintf("open high Outage seen by %s", u))
		}()
	}
	wg.Wait()
	var numbers []int
	for i, a := range opened {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		m := openedRE.FindStringSubmatch(a)
		if m == nil {
			t.Fatalf("open: %q", a)
		}
		n, _ := strconv.Atoi(m[1])
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	if want := len(r.responders); !slices.Equal(numbers, []int{1, 2, 3, 4}[:want]) {
		t.Fatalf("incidents opened at once through two replicas got numbers %v, want 1 to %d", numbers, want)
	}
	for n := 1; n <= len(r.responders); n++ {
		r.channel(n)
	}
}

// channel waits for incident n's channel and returns its id.
func (r *replicaRun) channel(n int) string {
	var id string
	r.e.waitFor(fmt.Sprintf("incident %d's channel", n), func() bool {
		for _, c := range r.e.fake.Channels() {
			if strings.HasPrefix(c.Name, fmt.Sprintf("inc-%d-", n)) {
				id = c.ID
				return true
			}
		}
		return false
	})
	return id
}

// writeNotes has every responder write notes on #1 at once, at least
// perResponder each and on until meanwhile (the kills) has returned, so that
// every kill falls while commands are being answered.
func (r *replicaRun) writeNotes(perResponder int, meanwhile func()) {
	r.results = make([][]sentCommand, len(r.responders))
	var wg sync.WaitGroup
	var done atomic.Bool
	for i, u := range r.responders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < perResponder || !done.Load(); k++ {
				text := fmt.Sprintf("log #1 %s step %d", u, k)
				ack, err := r.send(u, text)
				r.results[i] = append(r.results[i], sentCommand{text, ack, err})
				time.Sleep(time.Duration(20+rand.IntN(60)) * time.Millisecond)
			}
		}()
	}
	meanwhile()
	done.Store(true)
	wg.Wait()
}

// check asserts what must hold after the run: every acknowledged command is
// in the timeline once (and none twice); an answer "already done" (a
// redelivery of a command an earlier delivery had applied without its ack
// getting through) names a note that is there once; the numbers are
// gap-free; every chain verifies; each escalation step happened once; the
// outbox is empty, nothing abandoned; every acknowledged note was posted to
// the incident's channel, in event order, a post twice only for a delivery
// in flight at a kill.
func (r *replicaRun) check(kills int) {
	t, e, dsn := r.t, r.e, r.dsn
	t.Helper()
	incidents := len(r.responders)
	// Everything due has happened: no outbox row waits, no timer due a
	// second ago is still pending.
	e.waitUpTo(drainWait, "the outbox to drain and every due timer to fire", func() bool {
		return pgCount(t, dsn, `SELECT count(*) FROM outbox WHERE done_at IS NULL`) == 0 &&
			pgCount(t, dsn, `SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at < now() - interval '1 second'`) == 0
	}, func() string { return pgPending(t, dsn) })

	env := []string{"DATABASE_URL=" + dsn}
	rep := exportPG(t, e.dir, dsn, "1", "--as", seUser)
	inTimeline := map[string]int{}
	for _, n := range rep.Notes {
		inTimeline[n.Text]++
	}
	duplicate := slackbot.Messages().Render(workflow.English, workflow.M("slack.duplicate", nil))
	acked := map[int]string{} // event number → note
	already := 0
	for _, s := range slices.Concat(append(r.results, r.extra)...) {
		note := strings.TrimPrefix(s.text, "log #1 ")
		if inTimeline[note] > 1 {
			t.Errorf("%q is in the timeline %d times", note, inTimeline[note])
		}
		if s.err != nil {
			t.Errorf("never acked: %v", s.err)
			continue
		}
		if s.ack == duplicate {
			already++
			if inTimeline[note] != 1 {
				t.Errorf("%q answered %q but is in the timeline %d times", note, s.ack, inTimeline[note])
			}
			continue
		}
		m := ackedNoteRE.FindStringSubmatch(s.ack)
		if m == nil {
			t.Errorf("%q: ack %q", s.text, s.ack)
			continue
		}
		if inTimeline[note] != 1 {
			t.Errorf("acked %q (%s) is in the timeline %d times", note, s.ack, inTimeline[note])
		}
		n, _ := strconv.Atoi(m[1])
		if prev, dup := acked[n]; dup {
			t.Errorf("event %d acked for %q and %q", n, prev, note)
		}
		acked[n] = note
	}

	// Every chain verifies; the numbers have no gaps.
	for n := 1; n <= incidents; n++ {
		v := ibPG(t, e.dir, "", env, "verify", strconv.Itoa(n))
		if v.code != 0 || !verifyOK.MatchString(v.stdout) {
			t.Errorf("verify %d: exit %d\n%s%s", n, v.code, v.stdout, v.stderr)
		}
	}
	if got := pgCount(t, dsn, `SELECT count(*) FROM incidents WHERE NOT drill`); got != incidents {
		t.Errorf("%d incidents, want %d", got, incidents)
	}

	// Each escalation step happened once per incident: one "notified"
	// event for each link of the chain, and each link got its DM (twice at
	// most, if a kill fell between Slack taking it and our record).
	for n := 1; n <= incidents; n++ {
		for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
			got := pgCount(t, dsn, `SELECT count(*) FROM events e JOIN payloads p USING (incident_id, seq) JOIN incidents i ON i.id = e.incident_id
				WHERE i.number = $1 AND NOT i.drill AND e.kind = 'notified' AND p.body LIKE '%' || $2 || '%'`, n, u)
			if got != 1 {
				t.Errorf("#%d: %s notified %d times, want once", n, u, got)
			}
		}
	}
	for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
		if dms := len(e.fake.DMs(u)); dms < incidents || dms > incidents+kills*2 {
			t.Errorf("%s got %d DMs for %d incidents", u, dms, incidents)
		}
	}
	if got := pgCount(t, dsn, `SELECT count(*) FROM outbox WHERE abandoned`); got != 0 {
		t.Errorf("%d outbox rows abandoned", got)
	}

	// The incident's channel has every acknowledged note, in event order;
	// a note twice only where a kill fell on its delivery.
	posted := e.notesIn(r.channel(1))
	times := map[int]int{}
	var order []int
	dups := 0
	for _, n := range posted {
		if times[n]++; times[n] == 1 {
			order = append(order, n)
		} else {
			dups++
		}
	}
	for n, note := range acked {
		if times[n] == 0 {
			t.Errorf("acked note %q (event %d) was never posted", note, n)
		}
		if times[n] > 2 {
			t.Errorf("event %d posted %d times", n, times[n])
		}
	}
	if !slices.IsSorted(order) {
		t.Errorf("notes posted out of order: %v", posted)
	}
	if dups > kills {
		t.Errorf("%d posts repeated after %d kills: more than one in flight per kill on one queue", dups, kills)
	}
	t.Logf("%d kills; %d notes acked, %d answered already done; %d posted, %d of them again", kills, len(acked), already, len(posted), dups)
}

// TestTwoReplicasKilled: two serves in HTTP mode on one PostgreSQL database
// behind the test's load balancer; responders write notes on one incident
// through both at once while one replica or the other is killed with
// SIGKILL at random moments and started again, and high incidents opened
// through both escalate along the chain by their timers meanwhile. Then
// replicaRun.check.
func TestTwoReplicasKilled(t *testing.T) {
	r := newReplicaRun(t, false)
	kills, perResponder := replicaCounts()
	set := &replicaSet{e: r.e, procs: []*serveProc{r.e.serve(), r.e.serve()}}
	b := &balancer{replicaSet: set, client: &http.Client{Timeout: 5 * time.Second}}
	r.send = b.command
	r.openIncidents()
	r.writeNotes(perResponder, func() { set.killAtRandom(kills) })
	r.check(kills)
}
