package workflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// outboxNotifier is a small real notifier: it queues each notice in the
// store's outbox inside the transaction of the change, as the Slack and
// paging adapters do. Only committed notices can be taken out of it.
type outboxNotifier struct{ now func() time.Time }

// notice is what the tests look at of a delivered notice.
type notice struct {
	Kind   workflow.NoticeKind `json:"kind"`
	Ref    string              `json:"ref"`
	Target string              `json:"target"`
	Role   workflow.Role       `json:"role"`
	Link   int                 `json:"link"`
	Round  int                 `json:"round"`
	Page   bool                `json:"page"`
	Text   string              `json:"text"` // rendered in English
	TextJa string              `json:"text_ja"`
}

const noticeQueue = "test-notice:"

func (o outboxNotifier) Notify(tx workflow.Tx, n workflow.Notice) error {
	body, err := json.Marshal(notice{Kind: n.Kind, Ref: n.Incident.Ref().String(), Target: n.Target.String(), Role: n.Role,
		Link: n.Link, Round: n.Round, Page: n.Page,
		Text: workflow.Render(workflow.English, n.Text), TextJa: workflow.Render(workflow.Japanese, n.Text)})
	if err != nil {
		return err
	}
	// One queue per notice: the outbox hands out the head of every queue.
	item, err := workflow.NewOutgoing(tx.NewID, n.Incident.ID, noticeQueue+uuid.NewString(), "notice", body, o.now())
	if err != nil {
		return err
	}
	return tx.Enqueue(item)
}

// escHarness is the service with an escalation configuration, the recording
// notifier and a clock the test moves.
type escHarness struct {
	*harness
	opts workflow.Options
}

// escOptions is the configuration most tests use:
//   - low notifies nobody;
//   - medium chases tech, 10 minutes to acknowledge, no repeat;
//   - high chases tech and informs a channel, 5 minutes, one repeat, pages.
func escOptions() workflow.Options {
	scale := workflow.DefaultScale()
	tech := workflow.Target{Kind: workflow.TargetRole, ID: "tech"}
	scale.Levels[1].Policy = workflow.Policy{Notify: []workflow.Target{tech}, AckWithin: 10 * time.Minute}
	scale.Levels[2].Policy = workflow.Policy{Notify: []workflow.Target{tech, {Kind: workflow.TargetChannel, ID: "C0ALERTS"}},
		AckWithin: 5 * time.Minute, Repeat: 1, Page: true}
	return workflow.Options{
		Scale: scale,
		Escalation: workflow.Escalation{OnCall: map[workflow.Role]workflow.OnCall{
			workflow.RoleTech:      {Role: workflow.RoleTech, Chain: []string{"t1", "t2", "t3"}},
			workflow.RoleCommander: {Role: workflow.RoleCommander, Chain: []string{"c1", "c2"}},
		}},
	}
}

func newEscHarness(t *testing.T, configure func(*workflow.Options)) *escHarness {
	t.Helper()
	h := newHarness(t)
	o := escOptions()
	if configure != nil {
		configure(&o)
	}
	o.Store, o.Now, o.Location = h.db, h.clock.Now, h.tokyo
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	o.Notifiers = []workflow.Notifier{outboxNotifier{now: h.clock.Now}}
	h.svc = workflow.NewService(o)
	return &escHarness{harness: h, opts: o}
}

// restart is a new service on the same database: what a process restart
// leaves.
func (h *escHarness) restart() *workflow.Service {
	h.svc = workflow.NewService(h.opts)
	return h.svc
}

// fire runs the due timers and returns how many were claimed.
func (h *escHarness) fire() int {
	h.t.Helper()
	n, err := h.svc.FireDue(context.Background())
	if err != nil {
		h.t.Fatalf("fire due timers: %v", err)
	}
	return n
}

// notices takes every committed notice out of the outbox, oldest first.
func (h *escHarness) notices() []notice {
	h.t.Helper()
	var out []notice
	err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		items, err := tx.DueOutgoing(noticeQueue, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 1000)
		if err != nil {
			return err
		}
		for _, it := range items {
			var n notice
			if err := json.Unmarshal(it.Body, &n); err != nil {
				return err
			}
			out = append(out, n)
			if err := tx.Delivered(it.ID, h.clock.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// timers lists the incident's pending timers.
func (h *escHarness) timers(id workflow.ID) []workflow.Timer {
	h.t.Helper()
	var out []workflow.Timer
	err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		var err error
		out, err = tx.PendingTimers(id)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// escPayloads returns the incident's events of kind k, decoded.
func escPayloads[P workflow.Payload](h *escHarness, ref workflow.Ref) []P {
	h.t.Helper()
	_, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("opener"), ref)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []P
	for _, e := range events {
		p, err := e.Payload()
		if err != nil {
			h.t.Fatal(err)
		}
		if x, ok := p.(P); ok {
			out = append(out, x)
		}
	}
	return out
}

// verify checks the chain, and that the stored state is the fold of the
// timeline (Verify compares both).
func (h *escHarness) verify(ref workflow.Ref) {
	h.t.Helper()
	if _, _, _, err := h.svc.Verify(context.Background(), ref); err != nil {
		h.t.Errorf("verify %s: %v", ref, err)
	}
}

// at sets the clock to opened + d.
func (h *escHarness) at(opened time.Time, d time.Duration) { h.clock.Set(opened.Add(d)) }

// pages are the page notices among ns, as "role:target".
func pages(ns []notice) []string {
	var out []string
	for _, n := range ns {
		if n.Kind == workflow.NoticePage {
			out = append(out, string(n.Role)+":"+n.Target)
		}
	}
	return out
}

func kinds(ns []notice) []workflow.NoticeKind {
	var out []workflow.NoticeKind
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

var ref1 = workflow.Ref{Number: 1}

// The smoke path: open high → the primary is paged and has
// ack_within to answer; nobody does → the secondary; the secondary
// acknowledges → nothing more, however long we wait.
func TestEscalationPagesThenAckStops(t *testing.T) {
	h := newEscHarness(t, nil)
	inc := h.run("opener", "open high Entry form leaking").Incident
	opened := inc.OpenedAt

	ns := h.notices()
	if got := pages(ns); len(got) != 1 || got[0] != "tech:user:t1" {
		t.Fatalf("pages on open: %v", got)
	}
	if p := ns[0]; !p.Page || p.Link != 0 || p.Round != 0 || !strings.Contains(p.Text, "/incident ack #1 tech") || !strings.Contains(p.TextJa, "#1") {
		t.Errorf("page notice %+v", p)
	}
	if len(ns) != 2 || ns[1].Kind != workflow.NoticeInform || ns[1].Target != "channel:C0ALERTS" {
		t.Errorf("inform notice: %+v", ns)
	}
	tm := h.timers(inc.ID)
	if len(tm) != 1 || tm[0].Kind != workflow.TimerAck || tm[0].Key != "tech" || !tm[0].Due.Equal(opened.Add(5*time.Minute)) {
		t.Fatalf("timers after open: %+v", tm)
	}

	h.at(opened, 5*time.Minute-time.Second)
	if n := h.fire(); n != 0 {
		t.Fatalf("%d timers fired before ack_within", n)
	}
	h.at(opened, 5*time.Minute)
	if n := h.fire(); n != 1 {
		t.Fatalf("%d timers fired at ack_within, want 1", n)
	}
	if got := pages(h.notices()); len(got) != 1 || got[0] != "tech:user:t2" {
		t.Fatalf("after ack_within: %v, want the secondary", got)
	}

	h.at(opened, 7*time.Minute)
	r := h.run("t2", "ack")
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "acknowledged tech after 7m") {
		t.Errorf("ack reply %q", s)
	}
	acks := escPayloads[workflow.Acknowledged](h, ref1)
	if len(acks) != 1 || acks[0].By.ID != "t2" || acks[0].Role != workflow.RoleTech || acks[0].After != 7*time.Minute || acks[0].Link != 1 {
		t.Errorf("acknowledgements %+v", acks)
	}
	if ns := h.notices(); len(ns) != 1 || ns[0].Kind != workflow.NoticeAcknowledged || ns[0].Target != "user:t2" || !ns[0].Page {
		t.Errorf("ack notices %+v", ns)
	}
	if tm := h.timers(inc.ID); len(tm) != 0 {
		t.Errorf("timers after ack: %+v", tm)
	}
	h.at(opened, 24*time.Hour)
	if n := h.fire(); n != 0 {
		t.Errorf("%d timers fired after the ack", n)
	}
	if ns := h.notices(); len(ns) != 0 {
		t.Errorf("notices after the ack: %+v", ns)
	}
	show := workflow.RenderAll(workflow.English, h.run("x", "show").Lines)
	if !strings.Contains(show, "Escalation tech: acknowledged by @t2") || !strings.Contains(show, "7m after the first notification") {
		t.Errorf("show:\n%s", show)
	}
	// Who was told what: primary, channel, secondary, all in the timeline.
	told := escPayloads[workflow.Notified](h, ref1)
	if len(told) != 3 || told[0].Person.ID != "t1" || told[1].Target != "channel:C0ALERTS" || told[2].Person.ID != "t2" ||
		told[2].Reason != workflow.NotifyTimer || told[0].Simulated {
		t.Errorf("notified %+v", told)
	}
	h.verify(ref1)
}

// After the final link the chain starts again, repeat times; then it is
// exhausted and the approver is mentioned.
func TestEscalationRepeatsThenExhausted(t *testing.T) {
	h := newEscHarness(t, nil)
	inc := h.run("opener", "open high Payments failing").Incident
	h.run("opener", "assign approver @boss")
	opened := inc.OpenedAt
	h.notices()
	want := []string{"t2", "t3", "t1", "t2", "t3"} // round 0 after the primary, then round 1
	for i, who := range want {
		h.at(opened, time.Duration(i+1)*5*time.Minute)
		if n := h.fire(); n != 1 {
			t.Fatalf("step %d: %d timers fired", i+1, n)
		}
		ns := h.notices()
		if len(ns) != 1 || ns[0].Target != "user:"+who || ns[0].Round != (i+1)/3 || ns[0].Link != (i+1)%3 {
			t.Fatalf("step %d: %+v, want %s", i+1, ns, who)
		}
	}
	h.at(opened, 30*time.Minute)
	if n := h.fire(); n != 1 {
		t.Fatalf("final timer: %d fired", n)
	}
	ns := h.notices()
	if len(ns) != 1 || ns[0].Kind != workflow.NoticeExhausted || ns[0].Target != "user:boss" || !strings.Contains(ns[0].Text, "2 rounds") {
		t.Fatalf("exhausted notices %+v", ns)
	}
	ex := escPayloads[workflow.EscalationExhausted](h, ref1)
	if len(ex) != 1 || ex[0].Role != workflow.RoleTech || ex[0].Mention.ID != "boss" || ex[0].Rounds != 2 {
		t.Errorf("exhausted %+v", ex)
	}
	h.at(opened, 48*time.Hour)
	if n := h.fire(); n != 0 {
		t.Errorf("%d timers after exhaustion", n)
	}
	if err := h.fail("t1", "ack"); !errors.Is(err, workflow.ErrInvalid) {
		t.Errorf("ack after exhaustion: %v", err)
	}
	if s := workflow.RenderAll(workflow.English, h.run("x", "show").Lines); !strings.Contains(s, "nobody acknowledged (3 people notified)") {
		t.Errorf("show:\n%s", s)
	}
	h.verify(ref1)
}

// Timers are rows: a new service on the same database (a restart) takes the
// next step, once; the old one finds it claimed; two workers firing at once
// notify once.
func TestEscalationSurvivesRestartOnce(t *testing.T) {
	h := newEscHarness(t, nil)
	inc := h.run("opener", "open high Site down").Incident
	opened := inc.OpenedAt
	h.notices()
	old := h.svc
	h.restart()
	h.at(opened, 5*time.Minute)
	if n := h.fire(); n != 1 {
		t.Fatalf("after restart: %d fired", n)
	}
	if n, err := old.FireDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("the old service fired %d (%v)", n, err)
	}
	if got := pages(h.notices()); len(got) != 1 || got[0] != "tech:user:t2" {
		t.Fatalf("after restart: %v", got)
	}

	// Two workers on the next step at once.
	h.at(opened, 10*time.Minute)
	a, b := h.svc, h.restart()
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, svc := range []*workflow.Service{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := svc.FireDue(context.Background())
			if err != nil {
				t.Errorf("worker %d: %v", i, err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != 1 {
		t.Errorf("timers claimed %v, want one in all", counts)
	}
	if got := pages(h.notices()); len(got) != 1 || got[0] != "tech:user:t3" {
		t.Errorf("concurrent step: %v", got)
	}
	if told := escPayloads[workflow.Notified](h, ref1); len(told) != 4 {
		t.Errorf("%d notified events, want 4 (t1, channel, t2, t3)", len(told))
	}
	h.verify(ref1)
}

// Lowering the severity stops the chains the new level does not have; the
// others run on. Raising again does not restart a chain already pending at
// that level.
func TestLoweringSeverityCancels(t *testing.T) {
	h := newEscHarness(t, func(o *workflow.Options) {
		high := &o.Scale.Levels[2].Policy
		high.Notify = append(high.Notify, workflow.Target{Kind: workflow.TargetRole, ID: "commander"})
	})
	inc := h.run("opener", "open high DB corrupted").Incident
	if got := pages(h.notices()); len(got) != 2 || got[0] != "tech:user:t1" || got[1] != "commander:user:c1" {
		t.Fatalf("pages on open: %v", got)
	}
	h.run("opener", "sev medium contained to one table")
	cancelled := escPayloads[workflow.EscalationCancelled](h, ref1)
	if len(cancelled) != 1 || cancelled[0].Role != workflow.RoleCommander || cancelled[0].Reason != workflow.CancelLowered {
		t.Fatalf("cancelled %+v", cancelled)
	}
	if tm := h.timers(inc.ID); len(tm) != 1 || tm[0].Key != "tech" {
		t.Fatalf("timers after lowering: %+v", tm)
	}
	h.run("opener", "sev high worse again")
	// tech is still pending at high: not paged again; commander starts over.
	if got := pages(h.notices()); len(got) != 1 || got[0] != "commander:user:c1" {
		t.Errorf("pages on the second raise: %v", got)
	}
	h.run("opener", "sev low false lead")
	if inc := h.show("x", "#1"); len(inc.PendingChases()) != 0 {
		t.Errorf("pending after lowering to low: %v", inc.PendingChases())
	}
	if tm := h.timers(inc.ID); len(tm) != 0 {
		t.Errorf("timers after lowering to low: %+v", tm)
	}
	h.clock.Advance(time.Hour)
	if n := h.fire(); n != 0 {
		t.Errorf("%d timers fired after cancelling", n)
	}
	h.verify(ref1)
}

// A raise runs the new level's policy: a chain acknowledged at a lower level
// starts again at the higher one.
func TestRaiseRunsNewLevel(t *testing.T) {
	h := newEscHarness(t, nil)
	h.run("opener", "open Odd logins")
	if ns := h.notices(); len(ns) != 0 {
		t.Fatalf("low notified %+v", ns)
	}
	h.run("opener", "sev medium confirmed defacement")
	if got := pages(h.notices()); len(got) != 1 || got[0] != "tech:user:t1" {
		t.Fatalf("raise to medium: %v", got)
	}
	h.run("t1", "ack")
	h.notices()
	r := h.run("opener", "sev high applicant data involved")
	if got := pages(h.notices()); len(got) != 1 || got[0] != "tech:user:t1" {
		t.Errorf("raise to high: %v", got)
	}
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "Notified: @t1 (tech, primary), channel:C0ALERTS.") {
		t.Errorf("reply to the raise: %q", s)
	}
	told := escPayloads[workflow.Notified](h, ref1)
	if last := told[len(told)-2]; last.Reason != workflow.NotifyRaised || last.Level != "high" || !last.Page {
		t.Errorf("notified on raise %+v", last)
	}
	h.verify(ref1)
}

// Closing stops everything: pending chains end, every timer is cancelled,
// paging systems are told to resolve.
func TestClosingCancelsAll(t *testing.T) {
	h := newEscHarness(t, func(o *workflow.Options) {
		o.Scale.Levels[2].Policy.StatusEvery = 30 * time.Minute
		o.Escalation.UnassignedReminder = 10 * time.Minute
	})
	inc := h.run("opener", "open high Spam wave").Incident
	if tm := h.timers(inc.ID); len(tm) != 3 {
		t.Fatalf("timers after open: %+v", tm)
	}
	h.notices()
	h.run("opener", "close --false-alarm load test")
	if tm := h.timers(inc.ID); len(tm) != 0 {
		t.Errorf("timers after close: %+v", tm)
	}
	ns := h.notices()
	if len(ns) != 1 || ns[0].Kind != workflow.NoticeResolved || !ns[0].Page {
		t.Errorf("notices on close %+v", ns)
	}
	if c := escPayloads[workflow.EscalationCancelled](h, ref1); len(c) != 1 || c[0].Reason != workflow.CancelClosed {
		t.Errorf("cancelled %+v", c)
	}
	h.clock.Advance(24 * time.Hour)
	if n := h.fire(); n != 0 {
		t.Errorf("%d timers fired after close", n)
	}
	if err := h.fail("t1", "ack #1"); !errors.Is(err, workflow.ErrClosed) {
		t.Errorf("ack on a closed incident: %v", err)
	}
	if err := h.fail("opener", "escalate #1"); !errors.Is(err, workflow.ErrClosed) {
		t.Errorf("escalate on a closed incident: %v", err)
	}
	// Reopening restarts the status reminder, nothing else.
	h.run("opener", "reopen #1 spam is back")
	if tm := h.timers(inc.ID); len(tm) != 1 || tm[0].Kind != workflow.TimerStatus {
		t.Errorf("timers after reopen: %+v", tm)
	}
	h.verify(ref1)
}

// openEscDrill stores a drill incident at low, the way the drills issue will
// open one (the grammar has no drill command yet).
func openEscDrill(t *testing.T, h *escHarness) *workflow.Incident {
	t.Helper()
	now := h.clock.Now().UTC().Truncate(time.Microsecond)
	var inc *workflow.Incident
	err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		n, err := tx.NextNumber(true)
		if err != nil {
			return err
		}
		id := workflow.ID(uuid.Must(uuid.NewV7()))
		evs, err := workflow.Seal(tx.NewID, id, 0, workflow.Hash{}, workflow.ConsoleActor("opener"), now, []workflow.Draft{{Payload: workflow.Opened{
			Title: "Drill: defaced top page", Severity: "low", Drill: true, Number: n,
			Opener: workflow.Person{ID: "opener"}, StartedAt: now, DetectedAt: now}}})
		if err != nil {
			return err
		}
		inc = &workflow.Incident{}
		if err := inc.Apply(evs[0]); err != nil {
			return err
		}
		if err := tx.CreateIncident(inc); err != nil {
			return err
		}
		return tx.AppendEvents(evs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// A drill runs the same escalation, with paging configured and on-call
// people outside any sandbox, and nothing leaves: every step is a
// simulated event, and there is not one notice.
func TestDrillNeverNotifies(t *testing.T) {
	h := newEscHarness(t, func(o *workflow.Options) {
		o.Scale.Levels[2].Policy.StatusEvery = 30 * time.Minute
		o.Escalation.UnassignedReminder = 10 * time.Minute
	})
	drill := openEscDrill(t, h)
	ref := drill.Ref()
	r := h.run("opener", "sev #D-1 high drill escalation")
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "Drill — nobody was told; would notify: @t1 (tech, primary), channel:C0ALERTS.") {
		t.Errorf("reply: %q", s)
	}
	start := h.clock.Now()
	for i := 1; i <= 7; i++ { // through both rounds to exhaustion, with reminders on the way
		h.at(start, time.Duration(i)*5*time.Minute)
		h.fire()
	}
	if err := h.fail("t3", "ack #D-1"); !errors.Is(err, workflow.ErrInvalid) { // exhausted: nothing pending
		t.Errorf("ack after a simulated exhaustion: %v", err)
	}
	if ex := escPayloads[workflow.EscalationExhausted](h, ref); len(ex) != 1 || !ex[0].Simulated {
		t.Errorf("exhausted %+v", ex)
	}
	h.run("opener", "close #D-1 --false-alarm drill over")
	if ns := h.notices(); len(ns) != 0 {
		t.Fatalf("a drill produced %d notices: %+v", len(ns), ns)
	}
	told := escPayloads[workflow.Notified](h, ref)
	if len(told) != 7 { // t1, channel, t2, t3, t1, t2, t3
		t.Errorf("%d simulated notifications, want 7", len(told))
	}
	for _, n := range told {
		if !n.Simulated {
			t.Errorf("not simulated: %+v", n)
		}
	}
	for _, rm := range escPayloads[workflow.Reminded](h, ref) {
		if !rm.Simulated {
			t.Errorf("reminder not simulated: %+v", rm)
		}
	}
	if inc := h.show("opener", "#D-1"); len(inc.Told) != 0 || inc.Paged {
		t.Errorf("a drill recorded people as told: %v, paged %v", inc.Told, inc.Paged)
	}
	h.verify(ref)
}

// Status reminders: none when a status came within status_every; one to the
// comms holder (else the commander) when none did, and then again.
func TestStatusReminder(t *testing.T) {
	cases := []struct {
		name   string
		status bool   // a status is posted 20 minutes in
		comms  string // comms holder, if any
		want   []string
	}{
		{name: "no status, no comms: the commander", want: []string{"user:opener"}},
		{name: "no status: the comms holder", comms: "tanaka", want: []string{"user:tanaka"}},
		{name: "a status 20m in resets the interval", status: true, want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newEscHarness(t, func(o *workflow.Options) { o.Scale.Levels[1].Policy.StatusEvery = 30 * time.Minute })
			inc := h.run("opener", "open medium Form spam").Incident
			opened := inc.OpenedAt
			h.run("t1", "ack")
			if tc.comms != "" {
				h.run("opener", "assign comms @"+tc.comms)
			}
			if tc.status {
				h.at(opened, 20*time.Minute)
				h.run("opener", "status confirmed: 40 spam entries")
			}
			h.notices()
			h.at(opened, 30*time.Minute)
			h.fire()
			var got []string
			for _, n := range h.notices() {
				if n.Kind == workflow.NoticeReminder {
					got = append(got, n.Target)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("reminders at +30m: %v, want %v", got, tc.want)
			}
			// 30 minutes after the status (or the last reminder), one more.
			if tc.status {
				h.at(opened, 51*time.Minute)
			} else {
				h.at(opened, 60*time.Minute)
			}
			h.fire()
			if ns := h.notices(); len(ns) != 1 || ns[0].Kind != workflow.NoticeReminder || !strings.Contains(ns[0].Text, "no status update for") {
				t.Errorf("second reminder: %+v", ns)
			}
			if rm := escPayloads[workflow.Reminded](h, ref1); len(rm) != len(tc.want)+1 || rm[0].Duty != workflow.ReminderStatus {
				t.Errorf("reminded events %+v", rm)
			}
			h.verify(ref1)
		})
	}
}

// A scribe still unassigned after unassigned_reminder: the commander is
// reminded, once; assigning commander and scribe in time cancels it.
func TestUnassignedReminder(t *testing.T) {
	configure := func(o *workflow.Options) { o.Escalation.UnassignedReminder = 10 * time.Minute }
	t.Run("scribe unassigned", func(t *testing.T) {
		h := newEscHarness(t, configure)
		inc := h.run("opener", "open Odd logins").Incident
		h.at(inc.OpenedAt, 10*time.Minute)
		if n := h.fire(); n != 1 {
			t.Fatalf("%d fired", n)
		}
		ns := h.notices()
		if len(ns) != 1 || ns[0].Kind != workflow.NoticeReminder || ns[0].Role != workflow.RoleScribe || ns[0].Target != "user:opener" ||
			!strings.Contains(ns[0].Text, "nobody holds scribe yet, 10m after opening") {
			t.Fatalf("notices %+v", ns)
		}
		rm := escPayloads[workflow.Reminded](h, ref1)
		if len(rm) != 1 || rm[0].Duty != workflow.ReminderUnassigned || rm[0].Role != workflow.RoleScribe || rm[0].Person.ID != "opener" {
			t.Errorf("reminded %+v", rm)
		}
		h.clock.Advance(time.Hour)
		if n := h.fire(); n != 0 {
			t.Errorf("reminded again: %d", n)
		}
	})
	t.Run("assigned in time", func(t *testing.T) {
		h := newEscHarness(t, configure)
		inc := h.run("opener", "open Odd logins").Incident
		h.run("opener", "assign scribe @yamada")
		if tm := h.timers(inc.ID); len(tm) != 0 {
			t.Errorf("timers after assigning the scribe: %+v", tm)
		}
		h.at(inc.OpenedAt, time.Hour)
		if n := h.fire(); n != 0 || len(h.notices()) != 0 {
			t.Errorf("reminder despite both roles assigned")
		}
	})
}

// assign_commander: the commander chain's primary is commander on open; the
// opener stays recorded as the opener.
func TestAssignCommander(t *testing.T) {
	h := newEscHarness(t, func(o *workflow.Options) {
		o.Escalation.AssignCommander = true
		high := &o.Scale.Levels[2].Policy
		high.Notify = append(high.Notify, workflow.Target{Kind: workflow.TargetRole, ID: "commander"})
	})
	r := h.run("operator", "open high Site defaced")
	inc := r.Incident
	if inc.Holder(workflow.RoleCommander).ID != "c1" || inc.Opener.ID != "operator" {
		t.Fatalf("commander %v, opener %v", inc.Holder(workflow.RoleCommander), inc.Opener)
	}
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "Commander: @c1") {
		t.Errorf("open reply %q", s)
	}
	ra := escPayloads[workflow.RoleAssigned](h, ref1)
	if len(ra) != 1 || ra[0].From.ID != "operator" || ra[0].To.ID != "c1" {
		t.Errorf("role assigned %+v", ra)
	}
	// The commander is still paged on the chain, to acknowledge taking it.
	if got := pages(h.notices()); len(got) != 2 || got[1] != "commander:user:c1" {
		t.Errorf("pages %v", got)
	}
	// c1 never answers; the secondary does and takes command from the
	// primary who was made commander in advance.
	h.run("operator", "escalate c1 does not answer")
	h.run("c2", "ack commander")
	if got := h.show("operator", "#1").Holder(workflow.RoleCommander).ID; got != "c2" {
		t.Errorf("commander after c2's ack: %s, want c2", got)
	}
	h.verify(ref1)
}

// /incident escalate moves every pending chain to its next person now, and
// the ack timer starts again from there.
func TestEscalateCommand(t *testing.T) {
	h := newEscHarness(t, nil)
	inc := h.run("opener", "open high Site down").Incident
	h.notices()
	h.at(inc.OpenedAt, 2*time.Minute)
	r := h.run("opener", "escalate primary is on a plane")
	if r.Events[0].Kind != workflow.EventEscalated || r.Events[1].Kind != workflow.EventNotified {
		t.Errorf("events %v, %v", r.Events[0].Kind, r.Events[1].Kind)
	}
	if got := pages(h.notices()); len(got) != 1 || got[0] != "tech:user:t2" {
		t.Fatalf("pages %v", got)
	}
	if tm := h.timers(inc.ID); len(tm) != 1 || !tm[0].Due.Equal(inc.OpenedAt.Add(7*time.Minute)) {
		t.Errorf("timer %+v", tm)
	}
	if esc := escPayloads[workflow.Escalated](h, ref1); len(esc) != 1 || esc[0].Reason != "primary is on a plane" || esc[0].Roles[0] != workflow.RoleTech {
		t.Errorf("escalated %+v", esc)
	}
	// The primary may still acknowledge, late.
	h.run("t1", "ack")
	if acks := escPayloads[workflow.Acknowledged](h, ref1); len(acks) != 1 || acks[0].By.ID != "t1" {
		t.Errorf("late ack by the primary %+v", acks)
	}
	h.verify(ref1)
}

// Someone paged about a private incident may see it, to acknowledge it.
func TestPagedPersonMaySeePrivateIncident(t *testing.T) {
	h := newEscHarness(t, nil)
	h.run("opener", "open high Applicant data --private")
	if err := h.fail("t2", "show #1"); !errors.Is(err, workflow.ErrNotFound) {
		t.Fatalf("not yet paged: %v", err)
	}
	h.run("t1", "ack #1")
	ns := h.notices()
	for _, n := range ns {
		if n.Kind == workflow.NoticeInform && strings.Contains(n.Text, "Applicant") {
			t.Errorf("a private title went to a channel: %q", n.Text)
		}
	}
}

// Refusals say what is pending, and change nothing.
func TestAckBadInput(t *testing.T) {
	h := newEscHarness(t, func(o *workflow.Options) {
		high := &o.Scale.Levels[2].Policy
		high.Notify = append(high.Notify, workflow.Target{Kind: workflow.TargetRole, ID: "commander"})
	})
	h.run("opener", "open Odd logins")                        // #1: low, nothing pending
	h.run("opener", "open high Site down")                    // #2: tech and commander pending
	h.run("opener", "close #1 --false-alarm scanner traffic") // closed
	h.run("opener", "open medium Form spam")                  // #3: tech pending
	h.run("opener", "sev #3 low spam stopped")                // #3: nothing pending
	cases := []struct {
		text string
		kind error
		says string
	}{
		{"ack #3", workflow.ErrInvalid, "no escalation is running"},
		{"escalate #3", workflow.ErrInvalid, "Nothing on #3 to escalate"},
		{"ack #2 approver", workflow.ErrInvalid, "Waiting: commander (@c1), tech (@t1)"},
		{"ack #2", workflow.ErrInvalid, "/incident ack #2 commander"}, // two pending, neither paged the actor
		{"ack #1", workflow.ErrClosed, "closed"},
		{"ack #2 pilot", workflow.ErrInvalid, "Unknown role"},
	}
	for _, tc := range cases {
		before := sqlitetest.Dump(t, h.path)
		err := h.fail("someone", tc.text)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%q: %v, want %v", tc.text, err, tc.kind)
		}
		if !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: %q does not say %q", tc.text, err.Error(), tc.says)
		}
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%q changed the store", tc.text)
		}
	}
	// Named, any role on the chain may be acknowledged by anyone.
	h.run("someone", "ack #2 commander")
	if inc := h.show("x", "#2"); len(inc.PendingChases()) != 1 || inc.PendingChases()[0] != workflow.RoleTech {
		t.Errorf("pending after acking commander: %v", inc.PendingChases())
	}
}

type failingNotifier struct{}

func (failingNotifier) Notify(workflow.Tx, workflow.Notice) error { return errors.New("queue full") }

// A notifier that fails undoes the command: a change and its notices
// commit together or not at all.
func TestNotifierFailureUndoesCommand(t *testing.T) {
	h := newEscHarness(t, func(o *workflow.Options) {})
	h.opts.Notifiers = []workflow.Notifier{failingNotifier{}}
	h.restart()
	before := sqlitetest.Dump(t, h.path)
	_, err := h.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("opener"), Text: "open high Site down"})
	if err == nil || !strings.Contains(err.Error(), "queue full") {
		t.Fatalf("err = %v", err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("a failed notice left the opening behind")
	}
}

// RunTimers fires due timers until its context ends.
func TestRunTimers(t *testing.T) {
	h := newEscHarness(t, nil)
	inc := h.run("opener", "open high Site down").Incident
	h.notices()
	h.at(inc.OpenedAt, 5*time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.svc.RunTimers(ctx, 10*time.Millisecond) }()
	deadline := time.Now().Add(5 * time.Second)
	var got []string
	for len(got) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		got = pages(h.notices())
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunTimers: %v", err)
	}
	if len(got) != 1 || got[0] != "tech:user:t2" {
		t.Errorf("pages %v", got)
	}
}

var _ workflow.Notifier = outboxNotifier{}

// A timer that belongs to no incident, of a kind this version has no
// handler for, is consumed once and does not fail every later look.
func TestTimerOfNoIncidentIsConsumed(t *testing.T) {
	h := newEscHarness(t, nil)
	now := h.clock.Now()
	err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		id, err := tx.NewID()
		if err != nil {
			return err
		}
		return tx.ScheduleTimer(workflow.Timer{ID: id, Kind: "future_reminder", Due: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := h.fire(); n != 1 {
		t.Fatalf("first look: %d fired, want 1", n)
	}
	if n := h.fire(); n != 0 {
		t.Fatalf("second look: %d fired, want 0", n)
	}
	if left := h.timers(workflow.NilID); len(left) != 0 {
		t.Errorf("timers of no incident left pending: %v", left)
	}
}
