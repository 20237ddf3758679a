package main

// Two replicas of the real binary on one PostgreSQL database (issue 17),
// behind the test acting as the load balancer, with one replica killed
// (SIGKILL) at random moments and started again.

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

	"incidentbot/storage/postgres/postgrestest"
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

// balancer is the load balancer in front of the replicas: it sends each
// request to the next replica in turn and, when one cannot be reached or
// does not answer 200, the same request (same trigger id, signed again) to
// the next, as a balancer that retries on another backend does.
type balancer struct {
	e      *slackEnv
	mu     sync.Mutex
	procs  []*serveProc
	next   atomic.Uint64
	client *http.Client
}

func (b *balancer) backend(i int) *serveProc {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.procs[i%len(b.procs)]
}

func (b *balancer) replace(i int, p *serveProc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.procs[i] = p
}

// command sends a slash command typed by user until a replica acks it (at
// most tries attempts); it returns the ack's text, or an error when none
// did.
func (b *balancer) command(user, text string) (string, error) {
	body := []byte(strings.Replace(string(b.e.commandBody(seGeneral, text)), "user_id="+seUser, "user_id="+user, 1))
	var last error
	for try := 0; try < 40; try++ {
		p := b.backend(int(b.next.Add(1)))
		req, err := http.NewRequest(http.MethodPost, p.base+"/slack/commands", bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		req.Header = b.e.signed(b.e.secret, time.Now(), body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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

var ackedNoteRE = regexp.MustCompile(`^#1: note recorded \(event ([0-9]+)\)`)

// TestTwoReplicasKilled: two serves on one PostgreSQL database behind the
// test's load balancer; responders write notes on one incident through
// both at once while one replica or the other is killed with SIGKILL at
// random moments and started again, and high incidents opened through
// both escalate along the chain by their timers meanwhile. Afterwards:
// every acknowledged command is in the timeline once (and none twice);
// the numbers are gap-free; every chain verifies; each escalation step
// happened once; the outbox is empty, nothing abandoned; every
// acknowledged note was posted to the incident's channel, in event order,
// a post twice only for a delivery in flight at a kill.
func TestTwoReplicasKilled(t *testing.T) {
	dsn := postgrestest.Database(t)
	kills, perResponder := 3, 12
	if os.Getenv(LongEnv) != "" {
		kills, perResponder = 12, 40
	}
	e := newSlackEnv(t)
	e.dsn = dsn
	e.slackConfig = replicaConfig
	responders := []string{seUser, seOther, "U0THIRD", "U0FOURTH"}
	e.fake.AddUser("U0THIRD", "tanaka", "Tanaka Jiro", "Asia/Tokyo", "ja-JP")
	e.fake.AddUser("U0FOURTH", "yamada", "Yamada Hana", "Asia/Tokyo", "ja-JP")
	for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
		e.fake.AddUser(u, strings.ToLower(u[3:]), u, "Asia/Tokyo", "ja-JP")
	}
	b := &balancer{e: e, procs: []*serveProc{e.serve(), e.serve()}, client: &http.Client{Timeout: 5 * time.Second}}

	// Incidents opened at once through both replicas take the numbers
	// 1, 2, … one each.
	var wg sync.WaitGroup
	opened := make([]string, len(responders))
	errs := make([]error, len(responders))
	for i, u := range responders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opened[i], errs[i] = b.command(u, fmt.Sprintf("open high Outage seen by %s", u))
		}()
	}
	wg.Wait()
	var numbers []int
	for i, a := range opened {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		m := regexp.MustCompile(`^Opened #([0-9]+) `).FindStringSubmatch(a)
		if m == nil {
			t.Fatalf("open: %q", a)
		}
		n, _ := strconv.Atoi(m[1])
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	if !slices.Equal(numbers, []int{1, 2, 3, 4}) {
		t.Fatalf("incidents opened at once through two replicas got numbers %v, want 1 to 4", numbers)
	}
	for n := 1; n <= 4; n++ {
		e.waitFor(fmt.Sprintf("incident %d's channel", n), func() bool {
			for _, c := range e.fake.Channels() {
				if strings.HasPrefix(c.Name, fmt.Sprintf("inc-%d-", n)) {
					return true
				}
			}
			return false
		})
	}

	// The responders write notes on #1 through the balancer while the
	// replicas are killed and started again.
	type sent struct {
		text, ack string
		err       error
	}
	results := make([][]sent, len(responders))
	var running atomic.Int32
	running.Store(int32(len(responders)))
	for i, u := range responders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer running.Add(-1)
			for k := range perResponder {
				text := fmt.Sprintf("log #1 %s step %d", u, k)
				ack, err := b.command(u, text)
				results[i] = append(results[i], sent{text, ack, err})
				time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
			}
		}()
	}
	killed := 0
	for killed < kills {
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		i := rand.IntN(2)
		b.backend(i).kill9()
		killed++
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		b.replace(i, e.serve())
	}
	wg.Wait()

	// Everything due has happened: no outbox row waits, no timer due a
	// second ago is still pending.
	e.waitFor("the outbox to drain and every due timer to fire", func() bool {
		return pgCount(t, dsn, `SELECT count(*) FROM outbox WHERE done_at IS NULL`) == 0 &&
			pgCount(t, dsn, `SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at < now() - interval '1 second'`) == 0
	})

	// Every acknowledged note is in the timeline once; no note twice.
	env := []string{"DATABASE_URL=" + dsn}
	r := ibPG(t, e.dir, "", env, "export", "1", "--format", "json", "--as", seUser)
	if r.code != 0 {
		t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
	}
	var rep struct {
		Notes []struct {
			Text string `json:"text"`
		} `json:"notes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	inTimeline := map[string]int{}
	for _, n := range rep.Notes {
		inTimeline[n.Text]++
	}
	acked := map[int]string{} // event number → note
	for _, rs := range results {
		for _, s := range rs {
			note := strings.TrimPrefix(s.text, "log #1 ")
			if inTimeline[note] > 1 {
				t.Errorf("%q is in the timeline %d times", note, inTimeline[note])
			}
			if s.err != nil {
				t.Errorf("never acked: %v", s.err)
				continue
			}
			if strings.HasPrefix(s.ack, "Already done:") {
				// A replica committed the note and was killed before it
				// answered; the balancer's retry on the other replica is
				// recognised as the same request and answered so. The note
				// must be there once.
				if inTimeline[note] != 1 {
					t.Errorf("%q answered as already done is in the timeline %d times", note, inTimeline[note])
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
	}

	// Every chain verifies; the numbers have no gaps.
	for n := 1; n <= 4; n++ {
		v := ibPG(t, e.dir, "", env, "verify", strconv.Itoa(n))
		if v.code != 0 || !verifyOK.MatchString(v.stdout) {
			t.Errorf("verify %d: exit %d\n%s%s", n, v.code, v.stdout, v.stderr)
		}
	}
	if got := pgCount(t, dsn, `SELECT count(*) FROM incidents WHERE NOT drill`); got != 4 {
		t.Errorf("%d incidents, want 4", got)
	}

	// Each escalation step happened once per incident: one "notified"
	// event for each link of the chain, and each link got its DM (twice at
	// most, if a kill fell between Slack taking it and our record).
	for n := 1; n <= 4; n++ {
		for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
			got := pgCount(t, dsn, `SELECT count(*) FROM events e JOIN payloads p USING (incident_id, seq) JOIN incidents i ON i.id = e.incident_id
				WHERE i.number = $1 AND NOT i.drill AND e.kind = 'notified' AND p.body LIKE '%' || $2 || '%'`, n, u)
			if got != 1 {
				t.Errorf("#%d: %s notified %d times, want once", n, u, got)
			}
		}
	}
	for _, u := range []string{rpPrimary, rpSecond, rpFinal} {
		if dms := len(e.fake.DMs(u)); dms < 4 || dms > 4+kills*2 {
			t.Errorf("%s got %d DMs for 4 incidents", u, dms)
		}
	}
	if got := pgCount(t, dsn, `SELECT count(*) FROM outbox WHERE abandoned`); got != 0 {
		t.Errorf("%d outbox rows abandoned", got)
	}

	// The incident's channel has every acknowledged note, in event order;
	// a note twice only where a kill fell on its delivery.
	var ch string
	for _, c := range e.fake.Channels() {
		if strings.HasPrefix(c.Name, "inc-1-") {
			ch = c.ID
		}
	}
	posted := e.notesIn(ch)
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
	t.Logf("%d kills; %d notes acked; %d posted, %d of them again", kills, len(acked), len(posted), dups)
}
