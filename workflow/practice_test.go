package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// practiceLibrary holds one runbook whose items have keys, and the
// scenario "kinds" on it: one inject, the given expectations of its own,
// 40 minutes long.
func practiceLibrary(expects ...workflow.Expectation) drillLibrary {
	item := func(key, s string, owner workflow.Role) workflow.ChecklistItem {
		return workflow.ChecklistItem{Key: key, Text: en(s), Owner: owner}
	}
	rb := workflow.Runbook{Name: "kinds-book", Title: en("Kinds"), Keywords: []string{"kinds"}, Severity: "medium",
		Phases: map[workflow.Phase][]workflow.ChecklistItem{
			workflow.PhaseDetect:  {item("confirm", "Confirm it", workflow.RoleTech)},
			workflow.PhaseInitial: {item("isolate", "Isolate it", workflow.RoleTech), item("tell", "Tell them", workflow.RoleCommander)},
		}}
	sc := workflow.Scenario{Name: "kinds", Title: en("Drill: kinds"), Runbook: rb.Name, Severity: "low", End: 40 * time.Minute,
		Injects: []workflow.Inject{{At: 0, Text: en("Something odd.")}}, Expects: expects}
	return drillLibrary{runbooks: map[string]workflow.Runbook{rb.Name: rb}, scenarios: map[string]workflow.Scenario{sc.Name: sc}}
}

// Each expectation kind, met and missed, judged from the timeline at its
// deadline: the scorecard says which and when.
func TestExpectationKinds(t *testing.T) {
	stop := workflow.Text{En: "infected PC", Ja: "感染PC"}
	notice := workflow.Expectation{Kind: workflow.ExpectStatement, Audience: workflow.AudienceAffected, Deadline: 10 * time.Minute}
	cases := []struct {
		name   string
		expect workflow.Expectation
		script []step
		result string
		after  time.Duration // met: when it became true
	}{
		{"item done", workflow.Expectation{Kind: workflow.ExpectItemDone, Item: "confirm", Deadline: 10 * time.Minute},
			[]step{{3 * time.Minute, "suzuki", "done 1"}}, workflow.ExpectationResultMet, 3 * time.Minute},
		{"item done, then undone", workflow.Expectation{Kind: workflow.ExpectItemDone, Item: "isolate", Deadline: 10 * time.Minute},
			[]step{{2 * time.Minute, "suzuki", "done 1"}, {3 * time.Minute, "suzuki", "next"}, {5 * time.Minute, "suzuki", "done 1"},
				{6 * time.Minute, "suzuki", "undo 1"}}, workflow.ExpectationResultMissed, 0},
		{"item skipped", workflow.Expectation{Kind: workflow.ExpectItemDone, Item: "confirm", Deadline: 10 * time.Minute},
			[]step{{2 * time.Minute, "suzuki", "next --skip"}}, workflow.ExpectationResultMissed, 0},
		{"stop decided, in Japanese, full-width", workflow.Expectation{Kind: workflow.ExpectStopDecided, Stop: stop, Deadline: 10 * time.Minute},
			[]step{{4 * time.Minute, "suzuki", "decision 切り離す | 根拠: 暗号化が広がっている | 停止: 経理の感染 ＰＣ"}}, workflow.ExpectationResultMet, 4 * time.Minute},
		{"stop decided, of something else", workflow.Expectation{Kind: workflow.ExpectStopDecided, Stop: stop, Deadline: 10 * time.Minute},
			[]step{{4 * time.Minute, "suzuki", "decision cut it off | why: spreading | stop: file server"}}, workflow.ExpectationResultMissed, 0},
		{"a decision without a stop", workflow.Expectation{Kind: workflow.ExpectStopDecided, Stop: stop, Deadline: 10 * time.Minute},
			[]step{{4 * time.Minute, "suzuki", "decision wait and see | why: unclear"}}, workflow.ExpectationResultMissed, 0},
		{"approval answered late", workflow.Expectation{Kind: workflow.ExpectApprovalPending, Max: 10 * time.Minute, Deadline: 30 * time.Minute},
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "suzuki", "decision take the form down | why: leak | stop: entry form"},
				{20 * time.Minute, "kato", "approve 1"}}, workflow.ExpectationResultMissed, 0},
		{"approval still waiting", workflow.Expectation{Kind: workflow.ExpectApprovalPending, Max: 10 * time.Minute, Deadline: 30 * time.Minute},
			[]step{{2 * time.Minute, "suzuki", "decision take the form down | why: leak | stop: entry form"}}, workflow.ExpectationResultMissed, 0},
		{"approval answered in time", workflow.Expectation{Kind: workflow.ExpectApprovalPending, Max: 10 * time.Minute, Deadline: 30 * time.Minute},
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "suzuki", "decision take the form down | why: leak | stop: entry form"},
				{8 * time.Minute, "kato", "refuse 1 not yet"}}, workflow.ExpectationResultMet, 30 * time.Minute},
		{"a status of one box", workflow.Expectation{Kind: workflow.ExpectStatusFull, Deadline: 10 * time.Minute},
			[]step{{3 * time.Minute, "suzuki", "status 確定: よく分からない"}}, workflow.ExpectationResultMissed, 0},
		{"a status of three boxes", workflow.Expectation{Kind: workflow.ExpectStatusFull, Deadline: 10 * time.Minute},
			[]step{{3 * time.Minute, "suzuki", "status 確定: よく分からない"}, {5 * time.Minute, "suzuki", "status confirmed: banner | unconfirmed: since when | next: logs"}},
			workflow.ExpectationResultMet, 5 * time.Minute},
		{"commander off the chain", workflow.Expectation{Kind: workflow.ExpectRoleFromChain, Role: workflow.RoleCommander, Deadline: 10 * time.Minute},
			[]step{{2 * time.Minute, "sato", "assign commander me"}}, workflow.ExpectationResultMissed, 0},
		{"commander from the chain", workflow.Expectation{Kind: workflow.ExpectRoleFromChain, Role: workflow.RoleCommander, Deadline: 10 * time.Minute},
			[]step{{2 * time.Minute, "sato", "assign commander me"}, {4 * time.Minute, "sato", "assign commander @c2"}}, workflow.ExpectationResultMet, 4 * time.Minute},
		{"a request to the vendor", workflow.Expectation{Kind: workflow.ExpectVendorRequest, Vendor: "hosting", Deadline: 10 * time.Minute},
			[]step{{6 * time.Minute, "suzuki", "vendor request hosting symptom: a foreign banner | began: 09:05"}}, workflow.ExpectationResultMet, 6 * time.Minute},
		{"no request", workflow.Expectation{Kind: workflow.ExpectVendorRequest, Vendor: "hosting", Deadline: 10 * time.Minute},
			nil, workflow.ExpectationResultMissed, 0},
		{"a finding", workflow.Expectation{Kind: workflow.ExpectFinding, Deadline: 10 * time.Minute},
			[]step{{7 * time.Minute, "sato", "finding nobody had the vendor's night number"}}, workflow.ExpectationResultMet, 7 * time.Minute},
		{"a finding too late", workflow.Expectation{Kind: workflow.ExpectFinding, Deadline: 10 * time.Minute},
			[]step{{12 * time.Minute, "sato", "finding nobody had the vendor's night number"}}, workflow.ExpectationResultMissed, 0},
		{"a statement to the people affected approved", notice,
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "sato", "statement 本人 We found that your CV could be seen"},
				{6 * time.Minute, "kato", "statement approve 1"}}, workflow.ExpectationResultMet, 6 * time.Minute},
		{"approved, then a new version waits: it was approved", notice,
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "sato", "statement affected We found that your CV could be seen"},
				{4 * time.Minute, "kato", "statement approve 1"}, {8 * time.Minute, "sato", "statement edit 1 We found that 212 CVs could be seen"}},
			workflow.ExpectationResultMet, 4 * time.Minute},
		{"a statement approved too late", notice,
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "sato", "statement affected We found that your CV could be seen"},
				{12 * time.Minute, "kato", "statement approve 1"}}, workflow.ExpectationResultMissed, 0},
		{"a statement refused", notice,
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "sato", "statement affected We found that your CV could be seen"},
				{5 * time.Minute, "kato", "statement refuse 1 not the facts yet"}}, workflow.ExpectationResultMissed, 0},
		{"a statement to another audience approved", notice,
			[]step{{time.Minute, "sato", "assign approver @kato"}, {2 * time.Minute, "sato", "statement customers The form is closed for maintenance"},
				{5 * time.Minute, "kato", "statement approve 1"}}, workflow.ExpectationResultMissed, 0},
		{"a statement drafted, never approved", notice,
			[]step{{2 * time.Minute, "sato", "statement affected We found that your CV could be seen"}}, workflow.ExpectationResultMissed, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newDrillHarness(t, func(o *workflow.Options) {
				o.Library = practiceLibrary(tc.expect)
				o.Ledger = workflow.Ledger{Vendors: []workflow.Vendor{{Key: "hosting", Name: workflow.Text{En: "Example Hosting", Ja: "例ホスティング"}}}}
			})
			inc := h.exec("facilitator", "drill start kinds --speed 10").Incident
			for _, s := range tc.script {
				h.until(inc.ID, inc.OpenedAt.Add(s.at/10))
				h.exec(s.as, s.text)
			}
			h.until(inc.ID, inc.OpenedAt.Add(time.Hour))
			ended := escPayloads[workflow.DrillEnded](h.escHarness, inc.Ref())
			if len(ended) != 1 || len(ended[0].Scorecard.Expectations) != 1 {
				t.Fatalf("drill_ended %+v", ended)
			}
			x := ended[0].Scorecard.Expectations[0]
			if x.Result != tc.result || x.Number != 1 || x.Index != 0 {
				t.Errorf("result %s (number %d, inject %d), want %s", x.Result, x.Number, x.Index, tc.result)
			}
			if tc.result == workflow.ExpectationResultMet && (x.After == nil || *x.After != tc.after) {
				t.Errorf("met after %v, want %s", x.After, tc.after)
			}
			// The deadline was checked when it came, and shown in the drill's channel.
			posts := postText(h.posts())
			if !strings.Contains(posts, "Expectation 1: ") {
				t.Errorf("the drill's channel was not shown the deadline:\n%s", posts)
			}
			h.verify(inc.Ref())
		})
	}
}

// A role_from_chain is held to the chain in force when the drill started:
// the chain is copied into the drill's definition.
func TestRoleFromChainKeepsTheChainOfTheStart(t *testing.T) {
	h := newDrillHarness(t, func(o *workflow.Options) {
		o.Library = practiceLibrary(workflow.Expectation{Kind: workflow.ExpectRoleFromChain, Role: workflow.RoleCommander, Deadline: 10 * time.Minute})
	})
	inc := h.exec("facilitator", "drill start kinds").Incident
	started := escPayloads[workflow.DrillStarted](h.escHarness, inc.Ref())
	if len(started) != 1 || len(started[0].Expects) != 1 || strings.Join(started[0].Expects[0].Chain, ",") != "c1,c2" {
		t.Fatalf("drill_started %+v", started)
	}
}

// The stalls of a drill: how long each inject waited for a decision, the
// longest stretch without a decision or status, and the stops left
// waiting for approval, each against the scenario's limits.
func TestStallsInTheScorecard(t *testing.T) {
	lib := drillTestLibrary()
	sc := lib.scenarios["test-defacement"]
	sc.Stalls = workflow.Stalls{DecisionWithin: 5 * time.Minute, QuietMax: 15 * time.Minute, ApprovalWithin: 5 * time.Minute}
	lib.scenarios["test-defacement"] = sc
	h := newDrillHarness(t, func(o *workflow.Options) { o.Library = lib })
	inc := h.exec("facilitator", "drill start test-defacement --speed 10").Incident
	for _, s := range []step{
		{3 * time.Minute, "sato", "decision look into it | why: a banner"},
		{12 * time.Minute, "sato", "decision take the form down | why: logins | stop: entry form"},
		{14 * time.Minute, "sato", "status confirmed: logins | unconfirmed: data | next: logs"},
	} {
		h.until(inc.ID, inc.OpenedAt.Add(s.at/10))
		h.exec(s.as, s.text)
	}
	h.until(inc.ID, inc.OpenedAt.Add(time.Hour))
	ended := escPayloads[workflow.DrillEnded](h.escHarness, inc.Ref())
	if len(ended) != 1 || ended[0].Scorecard.Stalls == nil || !ended[0].Scorecard.Stalls.Stalled() {
		t.Fatalf("drill_ended %+v", ended)
	}
	posts := postText(h.posts())
	for _, want := range []string{
		"Decision after each inject (limit 5m): 1: 3m, 2: 2m, 3: none ✗, 4: none ✗, 5: none ✗.",
		"Longest time without a decision or status update: 36m (T+14m to T+50m) — STALLED, over the limit of 15m.",
		"Stop of decision 2: still waiting for approval at the end, after 38m — STALLED, over the limit of 5m.",
	} {
		if !strings.Contains(posts, want) {
			t.Errorf("the scorecard lacks %q:\n%s", want, posts)
		}
	}
}

// A contact check starts only in a chat sandbox channel, with somebody on
// an on-call chain and a chat adapter to carry it.
func TestContactCheckRefusals(t *testing.T) {
	h := newDrillHarness(t, nil)
	slackUser := workflow.Actor{Team: "T0TEAM", User: "U0SATO", Name: "sato"}
	try := func(actor workflow.Actor, place string) error {
		_, err := h.svc.Execute(context.Background(), workflow.Request{Actor: actor, Lang: workflow.English, Place: place,
			Text: "drill start test-defacement --contact-check"})
		return err
	}
	for _, c := range []struct {
		actor workflow.Actor
		place string
		kind  error
		says  string
	}{
		{workflow.ConsoleActor("facilitator"), "", workflow.ErrForbidden, "only from a sandbox channel in the chat"},
		{slackUser, "C0GENERAL", workflow.ErrForbidden, "sandbox channels"},
		{slackUser, "C0SANDBOX", workflow.ErrForbidden, "needs the chat adapter"}, // the harness has no ContactChecker
	} {
		err := try(c.actor, c.place)
		m, _ := workflow.UserMessageOf(err)
		if !errors.Is(err, c.kind) || !strings.Contains(workflow.Render(workflow.English, m), c.says) {
			t.Errorf("%s in %q: %v", c.actor.Name, c.place, err)
		}
	}
	checker := &recordingChecker{}
	h.opts.Notifiers = append(h.opts.Notifiers, checker)
	h.opts.Escalation = workflow.Escalation{}
	h.svc = workflow.NewService(h.opts)
	err := try(slackUser, "C0SANDBOX")
	if m, _ := workflow.UserMessageOf(err); !errors.Is(err, workflow.ErrInvalid) || !strings.Contains(workflow.Render(workflow.English, m), "no chain has anyone") {
		t.Errorf("with no chains: %v", err)
	}
	if len(checker.asked) != 0 {
		t.Errorf("a refused check asked %v", checker.asked)
	}
	if err := h.fail("sato", "drill ack"); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("drill ack with no check: %v", err)
	}
}

// recordingChecker is a small real ContactChecker: it records who it was
// to ask.
type recordingChecker struct {
	outboxNotifier
	asked []workflow.ContactCheckPerson
	text  workflow.Msg
}

func (r *recordingChecker) ContactCheck(_ workflow.Tx, _ *workflow.Incident, asked []workflow.ContactCheckPerson, text workflow.Msg) error {
	r.asked, r.text = append(r.asked, asked...), text
	return nil
}

// sandboxOutbox is a small real SandboxPoster: it queues what it is given
// in the outbox inside the transaction, so only committed posts count.
type sandboxOutbox struct{ outboxNotifier }

const sandboxQueue = "test-sandbox:"

func (s sandboxOutbox) PostSandbox(tx workflow.Tx, channel string, lines []workflow.Msg) error {
	body := []byte(channel + "\n" + workflow.RenderAll(workflow.English, lines))
	item, err := workflow.NewOutgoing(tx.NewID, workflow.NilID, sandboxQueue+channel, "sandbox", body, s.now())
	if err != nil {
		return err
	}
	return tx.Enqueue(item)
}

// sandboxPosts takes the committed sandbox posts out of the outbox.
func (h *drillHarness) sandboxPosts() []string {
	h.t.Helper()
	var out []string
	err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		for {
			items, err := tx.DueOutgoing(sandboxQueue, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 100)
			if err != nil || len(items) == 0 {
				return err
			}
			for _, it := range items {
				out = append(out, string(it.Body))
				if err := tx.Delivered(it.ID, h.clock.Now()); err != nil {
					return err
				}
			}
		}
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// rhythmTimers lists the pending drill rhythm timers.
func (h *drillHarness) rhythmTimers() []workflow.Timer {
	h.t.Helper()
	var out []workflow.Timer
	for _, tm := range h.timers(workflow.NilID) {
		if tm.Kind == workflow.TimerDrillRhythm {
			out = append(out, tm)
		}
	}
	return out
}

// [drills] every = "quarter": a quarter that passes without a drill
// reminds the first sandbox channel once, with the scenario run least
// recently; the next quarter is watched then. A restart in between keeps
// the watch and repeats nothing; a quarter with a drill reminds nobody.
func TestDrillRhythmQuarterly(t *testing.T) {
	h := newDrillHarness(t, func(o *workflow.Options) { o.DrillEvery = workflow.Rhythm{Calendar: workflow.RhythmQuarter} })
	h.opts.Notifiers = append(h.opts.Notifiers, sandboxOutbox{outboxNotifier{now: h.clock.Now}})
	h.svc = workflow.NewService(h.opts)
	ctx := context.Background()
	jst := h.tokyo
	if err := h.svc.EnsureRhythm(ctx); err != nil {
		t.Fatal(err)
	}
	tm := h.rhythmTimers()
	q4end := time.Date(2027, 1, 1, 0, 0, 0, 0, jst)
	if len(tm) != 1 || !tm[0].Due.Equal(q4end) || tm[0].Key != "quarter" {
		t.Fatalf("rhythm timers %+v, want one due %s", tm, q4end)
	}
	h.clock.Set(q4end.Add(-time.Minute))
	h.fire()
	if p := h.sandboxPosts(); len(p) != 0 {
		t.Fatalf("reminded before the quarter ended: %q", p)
	}
	h.clock.Set(q4end)
	h.fire()
	posts := h.sandboxPosts()
	want := "C0SANDBOX\nNo drill was run last quarter (2026-10-01 to 2026-12-31). Rehearse at least once a quarter: whether contacts connect, whether deciding stalls.\nA scenario never run yet: /incident drill start test-defacement"
	if len(posts) != 1 || posts[0] != want {
		t.Fatalf("reminder %q, want %q", posts, want)
	}
	q1end := time.Date(2027, 4, 1, 0, 0, 0, 0, jst)
	if tm := h.rhythmTimers(); len(tm) != 1 || !tm[0].Due.Equal(q1end) {
		t.Fatalf("after the reminder: %+v, want the next quarter watched", tm)
	}
	// A restart: the watch is kept, nothing is repeated.
	before := h.rhythmTimers()[0].ID
	h.restart()
	if err := h.svc.EnsureRhythm(ctx); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(q4end.Add(time.Hour))
	h.fire()
	if p := h.sandboxPosts(); len(p) != 0 || h.rhythmTimers()[0].ID != before {
		t.Fatalf("after a restart: posts %q, timers %+v", p, h.rhythmTimers())
	}
	// A drill in the first quarter: its end reminds nobody.
	h.clock.Set(time.Date(2027, 2, 10, 14, 0, 0, 0, jst))
	h.exec("facilitator", "drill start test-defacement")
	h.exec("facilitator", "drill end")
	h.clock.Set(q1end)
	h.fire()
	if p := h.sandboxPosts(); len(p) != 0 {
		t.Fatalf("reminded after a quarter with a drill: %q", p)
	}
	// The second quarter passes without one.
	q2end := time.Date(2027, 7, 1, 0, 0, 0, 0, jst)
	h.clock.Set(q2end)
	h.fire()
	posts = h.sandboxPosts()
	if len(posts) != 1 || !strings.Contains(posts[0], "(2027-04-01 to 2027-06-30)") ||
		!strings.Contains(posts[0], "/incident drill start test-defacement (last run 2027-02-10)") {
		t.Fatalf("second reminder %q", posts)
	}
	// Another setting replaces the watch when serve starts again.
	h.opts.DrillEvery = workflow.Rhythm{Calendar: workflow.RhythmMonth}
	h.restart()
	if err := h.svc.EnsureRhythm(ctx); err != nil {
		t.Fatal(err)
	}
	if tm := h.rhythmTimers(); len(tm) != 1 || tm[0].Key != "month" || !tm[0].Due.Equal(time.Date(2027, 8, 1, 0, 0, 0, 0, jst)) {
		t.Fatalf("after a change to month: %+v", tm)
	}
	h.opts.DrillEvery = workflow.Rhythm{}
	h.restart()
	if err := h.svc.EnsureRhythm(ctx); err != nil || len(h.rhythmTimers()) != 0 {
		t.Fatalf("without a rhythm: %v, %+v", err, h.rhythmTimers())
	}
}

func TestParseRhythm(t *testing.T) {
	for _, c := range []struct {
		in   string
		want workflow.Rhythm
		ok   bool
	}{
		{"", workflow.Rhythm{}, true},
		{"quarter", workflow.Rhythm{Calendar: "quarter"}, true},
		{" Month ", workflow.Rhythm{Calendar: "month"}, true},
		{"720h", workflow.Rhythm{Span: 720 * time.Hour}, true},
		{"30m", workflow.Rhythm{}, false},
		{"yearly", workflow.Rhythm{}, false},
	} {
		got, err := workflow.ParseRhythm(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseRhythm(%q) = %+v, %v", c.in, got, err)
		}
	}
	jst, _ := time.LoadLocation("Asia/Tokyo")
	from, to := workflow.Rhythm{Calendar: "quarter"}.Period(time.Date(2026, 12, 31, 23, 0, 0, 0, jst), jst)
	if !from.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, jst)) || !to.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, jst)) {
		t.Errorf("quarter of 2026-12-31 23:00 JST: %s to %s", from, to)
	}
}

// Findings to closure: a finding (or a follow-up of a real incident) has
// an owner and a due date; past it, its owner is reminded every week
// (a drill's in the drill's channel) until "finding done", which works
// after the incident closed. "findings" lists them across incidents, a
// private incident's only to its people.
func TestFindingsToClosure(t *testing.T) {
	h := newDrillHarness(t, nil)
	jst := h.tokyo
	h.exec("sato", "open medium Form spam")
	r := h.exec("sato", "followup #1 put a rate limit on the form | owner: @suzuki | due: 2026-11-25")
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "#1: finding recorded") {
		t.Errorf("followup reply %q", s)
	}
	h.exec("sato", "finding #1 review the WAF rules | owner: @tanaka")
	h.exec("sato", "open high Applicant data in a public folder --private")
	h.exec("sato", "finding #2 the CSV export sits on a shared drive | owner: @sato | due: 2026-12-01")
	h.exec("facilitator", "drill start test-defacement")
	h.exec("kato", "finding #D-1 the night number is nowhere | owner: @kato | due: 2026-11-22")
	h.exec("facilitator", "drill end")
	h.exec("sato", "close #1 --false-alarm a spam filter fixed it")

	list := func(as, text string) string { return workflow.RenderAll(workflow.English, h.exec(as, text).Lines) }
	open := list("sato", "findings")
	for _, want := range []string{"Open findings: 4 (of 4).", "#1 Form spam", "  1. put a rate limit on the form — owner @suzuki, due 2026-11-25",
		"  2. review the WAF rules — owner @tanaka, due —", "#2 Applicant data in a public folder", "#D-1 ", "  1. the night number is nowhere — owner @kato, due 2026-11-22"} {
		if !strings.Contains(open, want) {
			t.Errorf("findings as sato lack %q:\n%s", want, open)
		}
	}
	if other := list("mallory", "findings"); strings.Contains(other, "#2") || strings.Contains(other, "CSV") || !strings.Contains(other, "Open findings: 3 (of 3).") {
		t.Errorf("a private incident's findings shown to mallory:\n%s", other)
	}

	// Overdue: the drill's on 2026-11-23 in its channel, #1's on 11-26 to
	// its owner, though #1 is closed; then again a week later.
	h.posts()
	h.notices()
	// The drill harness hands each notice to two notifiers: one of each.
	reminders := func() []notice {
		var out []notice
		for _, n := range h.notices() {
			if n.Kind == workflow.NoticeFindingDue && (len(out) == 0 || out[len(out)-1] != n) {
				out = append(out, n)
			}
		}
		return out
	}
	h.clock.Set(time.Date(2026, 11, 23, 0, 0, 0, 0, jst))
	h.fire()
	if p := postText(h.posts()); !strings.Contains(p, "@kato: finding 1 of drill #D-1 was due 2026-11-22 and is not done yet.") {
		t.Errorf("the drill's channel was not reminded:\n%s", p)
	}
	h.clock.Set(time.Date(2026, 11, 26, 0, 0, 0, 0, jst))
	h.fire()
	ns := reminders()
	if len(ns) != 1 || ns[0].Kind != workflow.NoticeFindingDue || ns[0].Target != "user:suzuki" || ns[0].Ref != "#1" ||
		!strings.Contains(ns[0].Text, "finding 1 of #1 was due 2026-11-25") {
		t.Fatalf("overdue notices %+v", ns)
	}
	if overdue := list("sato", "findings"); !strings.Contains(overdue, "due 2026-11-25 — OVERDUE") {
		t.Errorf("findings do not say overdue:\n%s", overdue)
	}
	h.clock.Set(time.Date(2026, 12, 3, 0, 0, 0, 0, jst))
	h.fire()
	// A week later: again, and #2's (due 12-01) for the first time.
	if ns := reminders(); len(ns) != 2 || ns[0].Target != "user:sato" || ns[0].Ref != "#2" || ns[1].Target != "user:suzuki" {
		t.Fatalf("a week later: %+v", ns)
	}
	if rm := escPayloads[workflow.FindingReminded](h.escHarness, workflow.Ref{Number: 1}); len(rm) != 2 || rm[1].Finding != 1 || rm[1].Person.ID != "suzuki" {
		t.Errorf("finding_reminded %+v", rm)
	}

	// Done, on the closed incident: the reminders stop.
	r = h.exec("suzuki", "finding #1 done 1 limit of 5 entries a minute per address")
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.HasPrefix(s, "#1: finding 1 is done (event ") {
		t.Errorf("done reply %q", s)
	}
	h.clock.Set(time.Date(2026, 12, 20, 0, 0, 0, 0, jst))
	h.fire()
	for _, n := range reminders() {
		if n.Ref == "#1" {
			t.Errorf("a done finding reminded: %+v", n)
		}
	}
	for _, c := range []struct{ text, says string }{
		{"finding #1 done 1", "Finding 1 of #1 is already done (@suzuki,"},
		{"finding #1 done 3", "#1 has no finding 3: it has 2."},
		{"finding #1 done", "Write the number of the finding that is done"},
		{"finding #1 done 0", "“0” is not a finding's number"},
		{"finding #1 new gap", "#1 is closed"},
	} {
		err := h.fail("sato", c.text)
		if m, _ := workflow.UserMessageOf(err); !strings.Contains(workflow.Render(workflow.English, m), c.says) {
			t.Errorf("%s: %v", c.text, err)
		}
	}
	all := list("sato", "findings all")
	if !strings.Contains(all, "Findings: 4, 1 done.") || !strings.Contains(all, "  1. put a rate limit on the form — done 2026-12-03 ") ||
		!strings.Contains(all, "by @suzuki: limit of 5 entries a minute per address") {
		t.Errorf("findings all:\n%s", all)
	}
	if open := list("sato", "findings open"); strings.Contains(open, "rate limit") || !strings.Contains(open, "Open findings: 3 (of 4).") {
		t.Errorf("findings open after done:\n%s", open)
	}
	// "finding done" followed by words is a finding's text.
	h.exec("sato", "finding #2 done right, the export would be encrypted")
	if open := list("sato", "findings"); !strings.Contains(open, "  2. done right, the export would be encrypted — owner —") {
		t.Errorf("findings of #2:\n%s", open)
	}
	h.verify(workflow.Ref{Number: 1})
	h.verify(workflow.Ref{Drill: true, Number: 1})
}

// The contact check's answers: one's own (how fast), one pressed by
// someone else than the person asked (the wrong person), one by someone
// not asked, and silence; the window is real time whatever the drill's
// speed, and its result is posted in the drill's channel when it closes,
// after the drill itself has ended.
func TestContactCheckAnswers(t *testing.T) {
	checker := &recordingChecker{}
	h := newDrillHarness(t, func(o *workflow.Options) { o.ContactWindow = 5 * time.Minute })
	h.opts.Notifiers = append(h.opts.Notifiers, checker)
	h.svc = workflow.NewService(h.opts)
	slack := func(user string) workflow.Actor { return workflow.Actor{Team: "T0TEAM", User: user, Name: user} }
	run := func(actor workflow.Actor, channel workflow.Ref, text string) (workflow.Reply, error) {
		return h.svc.Execute(context.Background(), workflow.Request{Actor: actor, Lang: workflow.English, Text: text, Channel: channel, Place: "C0SANDBOX"})
	}
	r, err := run(slack("sato"), workflow.Ref{}, "drill start test-defacement --speed 60 --contact-check")
	if err != nil {
		t.Fatal(err)
	}
	inc := r.Incident
	var ids []string
	for _, p := range checker.asked {
		ids = append(ids, p.Person.ID+":"+string(p.Roles[0]))
	}
	if strings.Join(ids, ",") != "c1:commander,c2:commander,t1:tech,t2:tech,t3:tech" {
		t.Fatalf("asked %v", ids)
	}
	if s := workflow.Render(workflow.English, checker.text); !strings.HasPrefix(s, "Contact check of drill #D-1 — please press Acknowledge.") {
		t.Errorf("the message: %q", s)
	}
	t0 := inc.OpenedAt
	steps := []struct {
		after   time.Duration
		actor   string
		channel workflow.Ref
		text    string
		says    string
	}{
		{30 * time.Second, "t1", workflow.Ref{}, "drill ack", "your answer to the contact check of drill #D-1 is recorded (after 30s)"},
		{time.Minute, "t1", workflow.Ref{}, "drill ack", "already recorded"},
		{2 * time.Minute, "kato", workflow.Ref{ID: inc.ID}, "drill ack <@c1>", "in place of @c1"},
		{3 * time.Minute, "mallory", workflow.Ref{ID: inc.ID}, "drill ack", "without being asked"},
	}
	for _, s := range steps {
		h.until(inc.ID, t0.Add(s.after))
		r, err := run(slack(s.actor), s.channel, s.text)
		if err != nil {
			t.Fatalf("%s %s: %v", s.actor, s.text, err)
		}
		if got := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(got, s.says) {
			t.Errorf("%s %s: %q", s.actor, s.text, got)
		}
	}
	// The drill ended at T+50m (50 real seconds); its scorecard shows the
	// check still open, apart from the tabletop.
	ended := escPayloads[workflow.DrillEnded](h.escHarness, inc.Ref())
	if len(ended) != 1 || ended[0].Scorecard.ContactCheck == nil || ended[0].Scorecard.ContactCheck.Closed || ended[0].Scorecard.ContactCheck.Acked() != 1 {
		t.Fatalf("drill_ended %+v", ended)
	}
	h.posts()
	h.until(inc.ID, t0.Add(5*time.Minute))
	posts := postText(h.posts())
	for _, want := range []string{
		"Contact check (real time, apart from the tabletop): 1 of 5 acknowledged within 5m.",
		"  ✗ @c1 (commander) — no answer from them; @kato answered in their place (wrong person)",
		"  ✗ @c2 (commander) — no answer",
		"  ✓ @t1 (tech) acknowledged after 30s",
		"  ! @mallory answered without being asked",
	} {
		if !strings.Contains(posts, want) {
			t.Errorf("the result lacks %q:\n%s", want, posts)
		}
	}
	if closed := escPayloads[workflow.ContactCheckClosed](h.escHarness, inc.Ref()); len(closed) != 1 || closed[0] != (workflow.ContactCheckClosed{Asked: 5, Acked: 1}) {
		t.Errorf("contact_check_closed %+v", closed)
	}
	if _, err := run(slack("t2"), workflow.Ref{ID: inc.ID}, "drill ack"); !errors.Is(err, workflow.ErrClosed) {
		t.Errorf("an answer after the window: %v", err)
	}
	if ns := h.notices(); len(ns) != 0 {
		t.Errorf("the contact check paged: %+v", ns)
	}
	h.verify(inc.Ref())
}
