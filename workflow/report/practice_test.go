package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// practiceStart is when drill D-3 starts.
var practiceStart = at(14, 0)

// dt is drill time d of D-3 (clock ×10) on the real clock.
func dt(d time.Duration) time.Time { return practiceStart.Add(d / 10) }

// practiceSession is drill D-3 of the entry-form scenario at ×10, played
// to show what a drill tests: an inject that waits 21 minutes for a
// decision (over its limit, and its expectation missed), a stop left
// waiting 12 minutes for approval, the scenario's own expectations (a
// stop decided, a statement to the people affected approved, no approval
// left waiting over 10 minutes, the notice ticked), a statement sent in
// the drill (nothing goes anywhere), the runbook's deadlines scaled by
// 0.01 (the notice met, the preliminary report missed, the final report
// waiting for it), and a contact check of three people on real time:
// sato acknowledges, kato answers in suzuki's place, kato's own goes
// unanswered, yamada answers unasked; the window closes after the drill
// ended. Three findings: one closed after the end, one reminded and then
// closed, one open.
func practiceSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000015")}
	tanaka := workflow.ConsoleActor("tanaka")
	system := workflow.SystemActor
	p := func(a workflow.Actor) workflow.Person { return a.Person() }
	pd := workflow.WhenPersonalData
	injects := []workflow.DrillInject{
		{At: 0, Text: txt("Applicants report seeing other people's entries.", "応募者から他人の応募内容が見えるとの連絡"),
			Expect: &workflow.DrillExpect{Kind: workflow.ExpectDecision, Deadline: 15 * time.Minute}},
		{At: 25 * time.Minute, Text: txt("A journalist asks whether data leaked.", "記者から漏えいの有無について問い合わせ"), Raise: "high",
			Expect: &workflow.DrillExpect{Kind: workflow.ExpectStatusFull, Deadline: 35 * time.Minute}},
	}
	rb := workflow.RunbookAttached{Name: "data-leak", Title: txt("Personal data leak", "個人情報の漏えい"), PersonalData: true,
		Phases: []workflow.RunbookPhase{
			{Phase: workflow.PhaseInvestigate, Items: []workflow.RunbookItem{
				{Key: "notify-affected", Text: txt("Tell the people whose data is involved.", "影響を受けた本人に知らせる。"), Owner: workflow.RoleComms, When: pd, Due: 72 * time.Hour},
				{Key: "ppc-preliminary", Text: txt("Preliminary report to the Commission.", "個人情報保護委員会への速報。"), Owner: workflow.RoleApprover, When: pd, Due: 72 * time.Hour},
			}},
			{Phase: workflow.PhasePost, Items: []workflow.RunbookItem{
				{Key: "ppc-final", Text: txt("Final report to the Commission.", "個人情報保護委員会への確報。"), Owner: workflow.RoleApprover, When: pd,
					Due: 30 * 24 * time.Hour, DueUnlawful: 60 * 24 * time.Hour, DueAfter: "ppc-preliminary"},
			}},
		}}
	statement := func(a workflow.Actor, when time.Time, pl workflow.Payload) {
		tl.addAbout(t, a, when, "statement:1:affected", pl)
	}
	tl.add(t, kato, dt(0), workflow.Opened{Title: "Drill: applicant data on the entry form", Severity: "medium", Drill: true, Number: 3,
		Opener: p(kato), StartedAt: dt(0), DetectedAt: dt(0)}) // 1
	tl.add(t, kato, dt(0), workflow.DrillStarted{Scenario: "entry-form-leak", Title: txt("Applicant data on the entry form", "応募フォームの個人情報"),
		Runbook: "data-leak", Speed: 10, End: 50 * time.Minute, DeadlineScale: 0.01, Injects: injects,
		Expects: []workflow.DrillExpect{
			{Kind: workflow.ExpectStopDecided, Stop: txt("entry form", "応募フォーム"), Deadline: 30 * time.Minute},
			{Kind: workflow.ExpectStatement, Audience: workflow.AudienceAffected, Deadline: 40 * time.Minute},
			{Kind: workflow.ExpectApprovalPending, Max: 10 * time.Minute, Deadline: 45 * time.Minute},
			{Kind: workflow.ExpectItemDone, Item: "notify-affected", Deadline: 45 * time.Minute},
		},
		Stalls: workflow.Stalls{DecisionWithin: 15 * time.Minute, QuietMax: 20 * time.Minute, ApprovalWithin: 10 * time.Minute}}) // 2
	tl.add(t, kato, dt(0), rb)                                                                                                       // 3
	tl.add(t, system, dt(0), workflow.PersonalDataSet{Involved: true, Source: workflow.PersonalDataByRunbook, Runbook: "data-leak"}) // 4
	tl.add(t, kato, dt(0), workflow.ContactCheckStarted{Window: 10 * time.Minute, Asked: []workflow.ContactCheckPerson{
		{Person: p(sato), Roles: []workflow.Role{workflow.RoleCommander}},
		{Person: p(suzuki), Roles: []workflow.Role{workflow.RoleTech}},
		{Person: p(kato), Roles: []workflow.Role{workflow.RoleApprover, workflow.RoleCommander}},
	}}) // 5
	tl.add(t, system, dt(0), workflow.InjectPosted{Index: 1, Text: injects[0].Text})                                                    // 6
	tl.add(t, kato, dt(2*time.Minute), workflow.RoleAssigned{Role: workflow.RoleCommander, To: p(sato)})                                // 7
	tl.addAbout(t, sato, dt(5*time.Minute), "sato", workflow.ContactCheckAcked{For: p(sato), By: p(sato), After: 30 * time.Second})     // 8
	tl.add(t, sato, dt(6*time.Minute), workflow.RoleAssigned{Role: workflow.RoleComms, To: p(tanaka)})                                  // 9
	tl.add(t, sato, dt(7*time.Minute), workflow.RoleAssigned{Role: workflow.RoleApprover, To: p(kato)})                                 // 10
	tl.addAbout(t, yamada, dt(10*time.Minute), "yamada", workflow.ContactCheckAcked{For: p(yamada), By: p(yamada), After: time.Minute}) // 11
	tl.add(t, sato, dt(21*time.Minute), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "Take the entry form offline",
		Why: "other people's entries are visible", DecidedBy: p(sato)}, Stop: "entry form"}) // 12
	tl.add(t, system, dt(21*time.Minute), workflow.StopRequested{Decision: 1, Ask: []string{"user:kato"}})                                    // 13
	tl.addAbout(t, kato, dt(25*time.Minute), "kato", workflow.ContactCheckAcked{For: p(suzuki), By: p(kato), After: 150 * time.Second})       // 14
	tl.add(t, system, dt(25*time.Minute), workflow.InjectPosted{Index: 2, At: 25 * time.Minute, Text: injects[1].Text, Raise: "high"})        // 15
	tl.add(t, system, dt(25*time.Minute), workflow.SeverityChanged{From: "medium", To: "high", Reason: "scenario entry-form-leak, inject 2"}) // 16
	statement(tanaka, dt(26*time.Minute), workflow.StatementDrafted{Number: 1, Audience: workflow.AudienceAffected,
		Text: "Your application may have been visible to other applicants; we have taken the form offline."}) // 17
	tl.add(t, kato, dt(33*time.Minute), workflow.StopApproved{Decision: 1}) // 18
	tl.add(t, suzuki, dt(33*time.Minute), workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: "the form showed other entries",
		Unconfirmed: "whether anyone copied them", Next: "the form vendor's access logs"}}) // 19
	statement(kato, dt(34*time.Minute), workflow.StatementApproved{Number: 1, Version: 1})                                             // 20
	statement(tanaka, dt(36*time.Minute), workflow.StatementSent{Number: 1, Version: 1, How: "email", Simulated: true})                // 21
	tl.add(t, tanaka, dt(40*time.Minute), workflow.ChecklistTicked{Phase: workflow.PhaseInvestigate, Item: 1, Key: "notify-affected"}) // 22
	due := dt(43*time.Minute + 12*time.Second)
	tl.add(t, system, due, workflow.DeadlineMissed{Key: "ppc-preliminary", Phase: workflow.PhaseInvestigate, Item: 2, Text: rb.Phases[0].Items[1].Text,
		Owner: workflow.RoleApprover, Due: due, People: []workflow.Person{p(kato), p(sato)}, Simulated: true}) // 23
	tl.addAbout(t, sato, dt(45*time.Minute), "kato", workflow.FindingRecorded{FindingFields: workflow.FindingFields{
		Text: "The approver's deputy is not named", Owner: p(kato), Due: "2026-11-27"}}) // 24
	tl.addAbout(t, sato, dt(46*time.Minute), "tanaka", workflow.FindingRecorded{FindingFields: workflow.FindingFields{
		Text: "The on-call list has an old number for suzuki", Owner: p(tanaka), Due: "2026-11-21"}}) // 25
	tl.addAbout(t, sato, dt(47*time.Minute), "tanaka", workflow.FindingRecorded{FindingFields: workflow.FindingFields{
		Text: "No template for a statement to the people affected", Owner: p(tanaka), Due: "2027-01-15"}}) // 26
	end := dt(50 * time.Minute)
	tl.add(t, kato, end, workflow.DrillEnded{Reason: workflow.DrillEndCommand, Scorecard: workflow.Score(fold(t, tl.events), tl.events, end)})                           // 27
	tl.addAbout(t, kato, practiceStart.Add(8*time.Minute), "finding:1", workflow.FindingClosed{Finding: 1, Seq: 24, Note: "deputy named in the authority table"})        // 28
	tl.add(t, system, practiceStart.Add(10*time.Minute), workflow.ContactCheckClosed{Asked: 3, Acked: 1})                                                                // 29
	tl.addAbout(t, system, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), "tanaka", workflow.FindingReminded{Finding: 2, Seq: 25, Person: p(tanaka), Due: "2026-11-21"}) // 30
	tl.addAbout(t, tanaka, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), "finding:2", workflow.FindingClosed{Finding: 2, Seq: 25, Note: "number corrected"})            // 31
	return tl
}

func TestPracticeScorecard(t *testing.T) {
	tl := practiceSession(t)
	r := build(t, tl.events)
	d := r.Drill
	if d == nil || d.Scorecard == nil || len(d.Expects) != 4 || d.DeadlineScale != 0.01 {
		t.Fatalf("drill %+v", d)
	}
	sc := d.Scorecard

	// The expectations, numbered by deadline: the injects' and the
	// scenario's own.
	type want struct {
		number, inject int
		kind           workflow.ExpectKind
		result         string
		met            int64
	}
	wants := []want{
		{1, 1, workflow.ExpectDecision, workflow.ExpectationResultMissed, -1},
		{2, 0, workflow.ExpectStopDecided, workflow.ExpectationResultMet, 21 * 60},
		{3, 2, workflow.ExpectStatusFull, workflow.ExpectationResultMet, 33 * 60},
		{4, 0, workflow.ExpectStatement, workflow.ExpectationResultMet, 34 * 60},
		{5, 0, workflow.ExpectApprovalPending, workflow.ExpectationResultMissed, -1},
		{6, 0, workflow.ExpectItemDone, workflow.ExpectationResultMet, 40 * 60},
	}
	if len(sc.Expectations) != len(wants) {
		t.Fatalf("expectations %+v", sc.Expectations)
	}
	for i, w := range wants {
		x := sc.Expectations[i]
		if x.Number != w.number || x.Inject != w.inject || x.Kind != w.kind || x.Result != w.result || (w.met < 0) != (x.MetAt == nil) || x.MetAt != nil && *x.MetAt != w.met {
			t.Errorf("expectation %d: %+v, want %+v", i+1, x, w)
		}
	}

	// The stalls: inject 1 waited 21 minutes, inject 2 for a decision that
	// never came, the quiet from T+0 to T+21, the stop 12 minutes.
	st := sc.Stalls
	if st == nil || !st.Stalled || len(st.Latency) != 2 || *st.Latency[0].After != 21*60 || !st.Latency[0].Over || st.Latency[1].After != nil || !st.Latency[1].Over ||
		st.Quiet.From != 0 || st.Quiet.To != 21*60 || !st.Quiet.Over || len(st.Approvals) != 1 || st.Approvals[0].Waited != 12*60 || !st.Approvals[0].Over {
		t.Errorf("stalls %+v", st)
	}

	// The contact check, scored as of the report: closed after the drill.
	c := d.ContactCheck
	if c == nil || !c.Closed || c.ClosedSeq != 29 || c.Acked != 1 || len(c.Asked) != 3 || *c.Asked[0].After != 30 ||
		c.Asked[1].After != nil || c.Asked[1].Others[0].ID != "kato" || c.Asked[2].After != nil || len(c.Unasked) != 1 || c.Unasked[0].ID != "yamada" {
		t.Errorf("contact check %+v", c)
	}

	// The statement sent in the drill, marked; the deadlines on the
	// drill's clock, as of its end.
	if s := r.Statements; len(s) != 1 || s[0].Sent == nil || !s[0].Sent.Simulated {
		t.Errorf("statements %+v", s)
	}
	states := map[string]string{}
	for _, x := range r.Deadlines {
		states[x.Key] = x.State
	}
	if states["notify-affected"] != deadlineMet || states["ppc-preliminary"] != deadlineOverdue || states["ppc-final"] != deadlineWaiting {
		t.Errorf("deadlines %v", states)
	}
	if late := r.Deadlines[1].Late; late == nil || *late != 408 { // T+50m − T+43m12s
		t.Errorf("ppc-preliminary late %v: a drill's deadlines stop at its end", late)
	}
	if len(sc.Statements) != 1 || sc.Statements[0].Result != workflow.StatementResultSent || len(sc.Deadlines) != 3 {
		t.Errorf("scorecard statements %+v, deadlines %+v", sc.Statements, sc.Deadlines)
	}
	// Findings to closure: two done after the drill, one open.
	if f := r.Findings; len(f) != 3 || f[0].State != findingDone || f[1].State != findingDone || f[1].Reminders != 1 || f[2].State != findingOpen {
		t.Errorf("findings %+v", f)
	}

	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"| First decision | T+21m (14:02) |",
		"| Stalls | 4 over the limits (see Stalls) |",
		"| Statements | 1 drafted, 1 approved, 1 recorded as sent (nothing went anywhere) |",
		"| Deadlines | 1 met, 1 missed, of 3 (see Deadlines) |",
		"| Contact check | 1 of 3 acknowledged within 10m of real time (see Contact check) |",
		"- a decision to stop “entry form” by T+30m",
		"| 1 | inject 1 | a decision logged by T+15m | MISSED | not by T+15m (14:01) |",
		"| 2 | scenario | a decision to stop “entry form” by T+30m | met | T+21m (14:02) |",
		"| 5 | scenario | no stop left waiting over 10m for approval, up to T+45m | MISSED | not by T+45m (14:04) |",
		"#### Stalls",
		"| Decision after inject 1 at T+0s (14:00) | 21m | 15m | STALLED |",
		"| Decision after inject 2 at T+25m (14:02) | none by the end | 15m | STALLED |",
		"| Longest time without a decision or status update, T+0s (14:00) to T+21m (14:02) | 21m | 20m | STALLED |",
		"| Stop of decision 1: approval or refusal | 12m | 10m | STALLED |",
		"### Contact check (real time, apart from the tabletop)",
		"1 of 3 acknowledged themselves in time.",
		"| @sato | commander | acknowledged | 30s |",
		"| @suzuki | tech | no answer from them; @kato answered in their place (wrong person) | — |",
		"| @kato | approver, commander | NO ANSWER | — |",
		"Answered without being asked: @yamada.",
		"| 1 | the people affected | 1 of 1 | Your application may have been visible to other applicants; we have taken the form offline. | email (drill: nothing was sent) | 2026-11-20 14:03 UTC (T+36m) by @tanaka | 2026-11-20 14:03 UTC (T+34m) by @kato |",
		"| ppc-preliminary | Preliminary report to the Commission | approver | 2026-11-20 14:04 UTC (T+43m) | — | OVERDUE by 6m | 2026-11-20 14:04 UTC (T+43m): due and not done (drill: @kato, @sato not reminded) |",
		"| ppc-final | Final report to the Commission | approver | 7h 12m after ppc-preliminary is done | — | waits for ppc-preliminary | — |",
		"| 1 | The approver's deputy is not named | @kato | 2026-11-27 | done 2026-11-20 | 2026-11-20 14:08 UTC by @kato<br>note: deputy named in the authority table | — |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// The scorecard keeps the tabletop and the contact check apart.
	if i, j := strings.Index(md, "#### Stalls"), strings.Index(md, "### Contact check"); i < 0 || j < i {
		t.Error("the contact check does not follow the tabletop part")
	}
	checkNoKeys(t, md)
	ja := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{
		"### 連絡確認（実時間。机上演習とは別）",
		"| 1 | 状況付与1 | T+15分までに意思決定を記録 | 未達 | T+15分（14:01）までに未達 |",
		"#### 停滞",
		"| @suzuki | 技術担当 | 本人の応答なし。@katoが代わりに応答（本人以外の応答） | — |",
		"email（演習のため送付なし）",
	} {
		if !strings.Contains(ja, want) {
			t.Errorf("markdown (ja) lacks %q", want)
		}
	}
	checkNoKeys(t, ja)

	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Drill struct {
			ContactCheck struct {
				Closed bool `json:"closed"`
				Asked  []struct {
					Others []Person `json:"others"`
				} `json:"asked"`
			} `json:"contact_check"`
			Scorecard struct {
				Expectations []struct {
					Number int    `json:"number"`
					Inject int    `json:"inject"`
					Kind   string `json:"kind"`
					Stop   struct {
						Ja string `json:"ja"`
					} `json:"stop"`
				} `json:"expectations"`
				Stalls struct {
					Stalled bool `json:"stalled"`
				} `json:"stalls"`
			} `json:"scorecard"`
		} `json:"drill"`
	}
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	x := v.Drill.Scorecard.Expectations
	if !v.Drill.ContactCheck.Closed || v.Drill.ContactCheck.Asked[1].Others[0].ID != "kato" || len(x) != 6 || x[1].Number != 2 || x[1].Inject != 0 ||
		x[1].Kind != "stop_decided" || x[1].Stop.Ja != "応募フォーム" || !v.Drill.Scorecard.Stalls.Stalled {
		t.Errorf("json %+v", v)
	}
}
