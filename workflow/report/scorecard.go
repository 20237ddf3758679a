package report

import (
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Drill is a tabletop drill's scenario as it was run (copied into the
// timeline when it started), when each inject was posted, and the
// scorecard kept when it ended. Durations of the drill are drill time:
// at --speed 60, 30 real seconds are 30 minutes.
type Drill struct {
	Scenario  string        `json:"scenario"`
	Title     LangText      `json:"title"`
	Runbook   string        `json:"runbook"`
	Speed     int           `json:"speed"`
	StartedAt time.Time     `json:"started_at"`
	End       int64         `json:"end_seconds"` // when it ends on its own, drill seconds after the start
	Injects   []DrillInject `json:"injects"`
	EndedAt   *time.Time    `json:"ended_at"`
	EndReason string        `json:"end_reason"` // command, scenario, closed; empty while running
	Scorecard *Scorecard    `json:"scorecard"`  // null until the drill ended
	// DeadlineScale is how the scenario shrank the runbook's deadlines (0:
	// as written); Expects are its expectations tied to no inject.
	DeadlineScale float64       `json:"deadline_scale"`
	Expects       []DrillExpect `json:"expects"`
	// ContactCheck is the drill's contact check (contact_check.go), scored
	// as of the report; null without one.
	ContactCheck *ContactCheck `json:"contact_check"`

	contact *workflow.ContactCheckRun // the check as folded
}

// DrillInject is one inject of the scenario.
type DrillInject struct {
	Number    int                  `json:"number"`
	At        int64                `json:"at_seconds"`
	Text      LangText             `json:"text"`
	Raise     workflow.SeverityKey `json:"raise"`
	Expect    *DrillExpect         `json:"expect"`
	PostedAt  *time.Time           `json:"posted_at"`
	PostedSeq int                  `json:"posted_seq"` // 0 while not posted
}

// DrillExpect is what the scenario expects participants to have done by a
// deadline: each kind fills the fields it names (workflow/expect.go).
type DrillExpect struct {
	Kind     workflow.ExpectKind `json:"kind"`
	Role     workflow.Role       `json:"role"`
	Phase    workflow.Phase      `json:"phase"`
	Deadline int64               `json:"deadline_seconds"`
	Item     string              `json:"item"`        // item_done: a checklist item's key
	Stop     LangText            `json:"stop"`        // stop_decided: the target
	Vendor   string              `json:"vendor"`      // vendor_request: the vendor's key
	Audience workflow.Audience   `json:"audience"`    // statement_approved
	Max      int64               `json:"max_seconds"` // approval_pending_max: the limit, drill seconds
	Chain    []string            `json:"chain"`       // role_from_chain: the chain's people as the drill started
}

func drillExpect(x workflow.DrillExpect) DrillExpect {
	return DrillExpect{Kind: x.Kind, Role: x.Role, Phase: x.Phase, Deadline: seconds(x.Deadline), Item: x.Item, Stop: langText(x.Stop),
		Vendor: x.Vendor, Audience: x.Audience, Max: seconds(x.Max), Chain: nonNil(x.Chain)}
}

// workflow is the expectation as the workflow words it.
func (x DrillExpect) workflow() workflow.DrillExpect {
	return workflow.DrillExpect{Kind: x.Kind, Role: x.Role, Phase: x.Phase, Deadline: time.Duration(x.Deadline) * time.Second, Item: x.Item,
		Stop: workflow.Text{En: x.Stop.En, Ja: x.Stop.Ja}, Vendor: x.Vendor, Audience: x.Audience, Max: time.Duration(x.Max) * time.Second, Chain: x.Chain}
}

// Scorecard is the drill's scorecard (workflow.Scorecard) as kept in its
// drill_ended event.
type Scorecard struct {
	Seq              int                  `json:"seq"` // the drill_ended event
	Length           int64                `json:"length_seconds"`
	InjectsPosted    int                  `json:"injects_posted"`
	InjectsTotal     int                  `json:"injects_total"`
	FirstDecision    *int64               `json:"first_decision_seconds"`
	Roles            []DrillRole          `json:"roles"`
	Contacts         []DrillContact       `json:"contacts"`
	Informed         []string             `json:"informed"`
	Expectations     []DrillResult        `json:"expectations"`
	ChecklistTracked bool                 `json:"checklist_tracked"`
	Checklist        []DrillChecklistStep `json:"checklist"`
	Findings         []int                `json:"findings"`
	// Stalls is where decision-making stalled (stalls.go); null in
	// scorecards drawn up before stalls were measured.
	Stalls *DrillStalls `json:"stalls"`
	// Statements and Deadlines are how the drill's statements and the
	// runbook's deadlines went, on the drill's clock.
	Statements []DrillStatement `json:"statements"`
	Deadlines  []DrillDeadline  `json:"deadlines"`
}

// DrillStatement is how one statement went in a drill: its last version,
// when it was approved and sent (drill seconds from the start).
type DrillStatement struct {
	Number   int               `json:"number"`
	Audience workflow.Audience `json:"audience"`
	Versions int               `json:"versions"`
	Result   string            `json:"result"` // sent, approved, refused, waiting
	Approved *int64            `json:"approved_seconds"`
	Waited   int64             `json:"waited_seconds"` // the last version's wait for approval
	Sent     *int64            `json:"sent_seconds"`
}

// DrillDeadline is how one deadline went in a drill (drill seconds from
// the start).
type DrillDeadline struct {
	Key    string   `json:"key"`
	Text   LangText `json:"text"`
	Within int64    `json:"within_seconds"` // as scaled for the drill
	Result string   `json:"result"`         // met, missed, open, waiting, not_applying
	Due    *int64   `json:"due_seconds"`
	Done   *int64   `json:"done_seconds"`
}

// DrillRole is when a role was first filled, and by whom.
type DrillRole struct {
	Role   workflow.Role `json:"role"`
	Person *Person       `json:"person"`
	After  *int64        `json:"after_seconds"`
}

// DrillContact is one on-call chain the drill would have run.
type DrillContact struct {
	Role     workflow.Role        `json:"role"`
	Level    workflow.SeverityKey `json:"level"`
	Notified []*Person            `json:"notified"`
	Outcome  string               `json:"outcome"`
	AckedBy  *Person              `json:"acked_by"`
	After    *int64               `json:"after_seconds"`
}

// DrillResult is how one expectation went.
type DrillResult struct {
	// Number is its number in the scorecard (by deadline); Inject the
	// inject it is written on, 0 for one of the scenario's own.
	Number int `json:"number"`
	Inject int `json:"inject"`
	DrillExpect
	Result string `json:"result"`
	MetAt  *int64 `json:"met_after_seconds"`
}

// DrillChecklistStep is a phase's checklist completion at the end.
type DrillChecklistStep struct {
	Phase   workflow.Phase `json:"phase"`
	Done    int            `json:"done"`
	Skipped int            `json:"skipped"`
	Total   int            `json:"total"`
}

// Finding is a gap recorded with /incident finding, and how it was
// followed to closure (findings.go).
type Finding struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	By       *Person   `json:"by"`
	Redacted bool      `json:"redacted"`
	Text     string    `json:"text"`
	Owner    *Person   `json:"owner"`
	Due      string    `json:"due"` // YYYY-MM-DD; empty if none
	// Number is its number in the incident, from 1, as finding done
	// names it.
	Number int `json:"number"`
	// State is open, overdue (past the end of its due day as of as_of)
	// or done.
	State string `json:"state"`
	// Closed is its closing (finding done); null while open.
	Closed *FindingClosure `json:"closed"`
	// Reminders counts the reminders of it while overdue (weekly), to its
	// owner; LastReminder is the last of them.
	Reminders    int              `json:"reminders"`
	LastReminder *FindingReminder `json:"last_reminder"`
}

func optSeconds(d *time.Duration) *int64 {
	if d == nil {
		return nil
	}
	v := seconds(*d)
	return &v
}

// drillEvent folds one drill event into the report.
func (r *Report) drillEvent(ev entry) bool {
	seq, at := ev.seq, ev.at
	switch x := ev.p.(type) {
	case workflow.DrillStarted:
		d := &Drill{Scenario: x.Scenario, Title: langText(x.Title), Runbook: x.Runbook, Speed: max(x.Speed, 1),
			StartedAt: at, End: seconds(x.End), Injects: []DrillInject{}, DeadlineScale: x.DeadlineScale, Expects: []DrillExpect{}}
		for _, e := range x.Expects {
			d.Expects = append(d.Expects, drillExpect(e))
		}
		for i, in := range x.Injects {
			di := DrillInject{Number: i + 1, At: seconds(in.At), Text: langText(in.Text), Raise: in.Raise}
			if in.Expect != nil {
				e := drillExpect(*in.Expect)
				di.Expect = &e
			}
			d.Injects = append(d.Injects, di)
		}
		r.Drill = d
	case workflow.InjectPosted:
		if r.Drill != nil && x.Index >= 1 && x.Index <= len(r.Drill.Injects) {
			in := &r.Drill.Injects[x.Index-1]
			in.PostedAt, in.PostedSeq = &at, seq
		}
	case workflow.DrillEnded:
		if n := len(r.Phases.Stints); n == 0 || r.Phases.Stints[n-1].Phase != workflow.PhaseClosed {
			r.enter(workflow.PhaseClosed, seq, "drill_end", "", at)
		}
		if r.Drill == nil {
			return true
		}
		r.Drill.EndedAt, r.Drill.EndReason = &at, x.Reason
		r.Drill.Scorecard = scorecard(seq, x.Scorecard)
	case workflow.ContactCheckStarted, workflow.ContactCheckAcked, workflow.ContactCheckClosed:
		r.contactCheck(ev)
	default:
		return false
	}
	return true
}

func scorecard(seq int, sc workflow.Scorecard) *Scorecard {
	out := &Scorecard{Seq: seq, Length: seconds(sc.Length), InjectsPosted: sc.InjectsPosted, InjectsTotal: sc.InjectsTotal,
		FirstDecision: optSeconds(sc.FirstDecision), Roles: []DrillRole{}, Contacts: []DrillContact{}, Informed: []string{},
		Expectations: []DrillResult{}, ChecklistTracked: sc.ChecklistTracked, Checklist: []DrillChecklistStep{}, Findings: []int{}}
	for _, f := range sc.Roles {
		out.Roles = append(out.Roles, DrillRole{Role: f.Role, Person: person(f.Person), After: optSeconds(f.After)})
	}
	for _, c := range sc.Contacts {
		dc := DrillContact{Role: c.Role, Level: c.Level, Notified: []*Person{}, Outcome: c.Outcome, AckedBy: person(c.AckedBy), After: optSeconds(c.After)}
		for _, p := range c.Notified {
			if pp := person(p); pp != nil {
				dc.Notified = append(dc.Notified, pp)
			}
		}
		out.Contacts = append(out.Contacts, dc)
	}
	out.Informed = append(out.Informed, sc.Informed...)
	for _, x := range sc.Expectations {
		n := x.Number
		if n == 0 { // drawn up before expectations were numbered: the inject's
			n = x.Index
		}
		out.Expectations = append(out.Expectations, DrillResult{Number: n, Inject: x.Index, DrillExpect: drillExpect(x.DrillExpect), Result: x.Result, MetAt: optSeconds(x.After)})
	}
	out.Stalls = drillStalls(sc.Stalls)
	out.Statements, out.Deadlines = []DrillStatement{}, []DrillDeadline{}
	for _, x := range sc.Statements {
		out.Statements = append(out.Statements, DrillStatement{Number: x.Number, Audience: x.Audience, Versions: x.Versions, Result: x.Result,
			Approved: optSeconds(x.Approved), Waited: seconds(x.Waited), Sent: optSeconds(x.Sent)})
	}
	for _, x := range sc.Deadlines {
		out.Deadlines = append(out.Deadlines, DrillDeadline{Key: x.Key, Text: langText(x.Text), Within: seconds(x.Within), Result: x.Result,
			Due: optSeconds(x.Due), Done: optSeconds(x.Done)})
	}
	for _, c := range sc.Checklist {
		out.Checklist = append(out.Checklist, DrillChecklistStep{Phase: c.Phase, Done: c.Done, Skipped: c.Skipped, Total: c.Total})
	}
	out.Findings = append(out.Findings, sc.Findings...)
	return out
}

// ---- Markdown ----

// tplus is a drill time as "T+12m".
func (w *doc) tplus(sec int64) string { return "T+" + w.span(sec) }

func (w *doc) tplusPtr(sec *int64) string {
	if sec == nil {
		return w.t("dr.never", nil)
	}
	return w.tplus(*sec)
}

// expectation says what x asks for, as the workflow words it.
func (w *doc) expectation(x DrillExpect) string {
	return workflow.Render(w.l, workflow.ExpectMsg(x.workflow()))
}

func (r *Report) mdDrill(w *doc) {
	d := r.Drill
	if d == nil {
		return
	}
	w.heading(2, w.t("sec.drill", nil))
	title := workflow.Text{En: d.Title.En, Ja: d.Title.Ja}.Localize(w.l)
	w.para(w.t("dr.about", workflow.Args{"scenario": d.Scenario, "title": title, "runbook": orDash(d.Runbook),
		"speed": d.Speed, "started": w.when(d.StartedAt), "length": w.span(d.End)}))
	if d.EndedAt != nil {
		w.para(w.t(workflow.MsgKey("dr.ended_"+d.EndReason), workflow.Args{"at": w.when(*d.EndedAt)}))
	} else {
		w.para(w.t("dr.running", nil))
	}

	w.heading(3, w.t("sec.injects", nil))
	var rows [][]string
	for _, in := range d.Injects {
		raise, expect := "—", "—"
		if in.Raise != "" {
			raise = w.severity(in.Raise)
		}
		if in.Expect != nil {
			expect = w.expectation(*in.Expect)
		}
		rows = append(rows, []string{strconv.Itoa(in.Number), w.tplus(in.At), workflow.Text{En: in.Text.En, Ja: in.Text.Ja}.Localize(w.l),
			raise, expect, w.whenPtr(in.PostedAt)})
	}
	w.table(w.cols("col.number", "col.drill_time", "col.inject", "col.raise", "col.expects", "col.posted"), rows)

	if len(d.Expects) > 0 {
		var items []string
		for _, x := range d.Expects {
			items = append(items, w.expectation(x))
		}
		w.para(w.t("dr.expects", nil))
		w.list(items)
	}

	sc := d.Scorecard
	w.heading(3, w.t("sec.scorecard", nil))
	if sc == nil {
		w.para(w.t("dr.no_scorecard", nil))
		r.mdContactCheck(w)
		return
	}
	met, missed := 0, 0
	for _, x := range sc.Expectations {
		switch x.Result {
		case workflow.ExpectationResultMet:
			met++
		case workflow.ExpectationResultMissed:
			missed++
		}
	}
	checklist := w.t("dr.checklist_none", nil)
	if sc.ChecklistTracked {
		var parts []string
		for _, c := range sc.Checklist {
			key := workflow.MsgKey("dr.checklist_phase")
			if c.Skipped > 0 {
				key = "dr.checklist_phase_skipped"
			}
			parts = append(parts, w.t(key, workflow.Args{"phase": c.Phase, "done": c.Done, "total": c.Total, "skipped": c.Skipped}))
		}
		checklist = strings.Join(parts, ", ")
	}
	findings := w.t("md.none", nil)
	if len(sc.Findings) > 0 {
		nums := make([]string, len(sc.Findings))
		for i, s := range sc.Findings {
			nums[i] = strconv.Itoa(s)
		}
		key := workflow.MsgKey("dr.findings")
		if len(nums) == 1 {
			key = "dr.findings_one"
		}
		findings = w.t(key, workflow.Args{"count": len(sc.Findings), "events": strings.Join(nums, ", ")})
	}
	first := w.t("dr.no_decision", nil)
	if sc.FirstDecision != nil {
		first = r.drillAt(w, *sc.FirstDecision)
	}
	rows = [][]string{
		{w.t("dr.length", nil), w.span(sc.Length)},
		{w.t("dr.injects", nil), w.t("dr.of", workflow.Args{"n": sc.InjectsPosted, "total": sc.InjectsTotal})},
		{w.t("dr.first_decision", nil), first},
		{w.t("dr.expectations", nil), w.t("dr.expect_count", workflow.Args{"met": met, "missed": missed, "count": len(sc.Expectations)})},
	}
	if st := sc.Stalls; st != nil {
		over := 0
		for _, l := range st.Latency {
			if l.Over {
				over++
			}
		}
		for _, a := range st.Approvals {
			if a.Over {
				over++
			}
		}
		if st.Quiet.Over {
			over++
		}
		key := workflow.MsgKey("dr.stalls_none")
		if over > 0 {
			key = "dr.stalls_over"
		}
		rows = append(rows, []string{w.t("dr.stalls", nil), w.t(key, workflow.Args{"count": over})})
	}
	rows = append(rows, []string{w.t("dr.checklist", nil), checklist})
	if len(sc.Statements) > 0 {
		approved, sent := 0, 0
		for _, x := range sc.Statements {
			if x.Approved != nil {
				approved++
			}
			if x.Sent != nil {
				sent++
			}
		}
		rows = append(rows, []string{w.t("dr.statements", nil), w.t("dr.statements_val", workflow.Args{"count": len(sc.Statements), "approved": approved, "sent": sent})})
	}
	if len(sc.Deadlines) > 0 {
		count := map[string]int{}
		for _, x := range sc.Deadlines {
			count[x.Result]++
		}
		rows = append(rows, []string{w.t("dr.deadlines", nil), w.t("dr.deadlines_val", workflow.Args{"count": len(sc.Deadlines),
			"met": count[workflow.DeadlineResultMet], "missed": count[workflow.DeadlineResultMissed]})})
	}
	if c := d.ContactCheck; c != nil {
		rows = append(rows, []string{w.t("dr.contact_check", nil), w.t("dr.contact_check_val", workflow.Args{"acked": c.Acked, "count": len(c.Asked), "window": w.span(c.Window)})})
	}
	rows = append(rows, []string{w.t("dr.findings_row", nil), findings})
	w.table([]string{w.t("sum.item", nil), w.t("sum.value", nil)}, rows)

	w.heading(4, w.t("sec.drill_roles", nil))
	rows = nil
	for _, f := range sc.Roles {
		rows = append(rows, []string{f.Role.Localize(w.l), w.tplusPtr(f.After), f.Person.display()})
	}
	w.table(w.cols("col.role", "col.filled", "col.holder"), rows)

	w.heading(4, w.t("sec.drill_contacts", nil))
	rows = nil
	for _, c := range sc.Contacts {
		names := make([]string, len(c.Notified))
		for i, p := range c.Notified {
			names[i] = p.display()
		}
		after := "—"
		if c.After != nil {
			after = w.span(*c.After)
		}
		rows = append(rows, []string{c.Role.Localize(w.l), w.severity(c.Level), strings.Join(names, ", "),
			w.t(workflow.MsgKey("dr.outcome."+c.Outcome), nil), c.AckedBy.display(), after})
	}
	w.table(w.cols("col.role", "col.level", "col.would_notify", "col.outcome", "col.by", "col.time_to_ack"), rows)
	if len(sc.Informed) > 0 {
		w.para(w.t("dr.informed", workflow.Args{"targets": strings.Join(sc.Informed, ", ")}))
	}

	w.heading(4, w.t("sec.drill_expectations", nil))
	rows = nil
	for _, x := range sc.Expectations {
		from := w.t("dr.from_scenario", nil)
		if x.Inject > 0 {
			from = w.t("dr.from_inject", workflow.Args{"n": x.Inject})
		}
		when := "—"
		switch {
		case x.MetAt != nil:
			when = r.drillAt(w, *x.MetAt)
		case x.Result == workflow.ExpectationResultMissed:
			when = w.t("dr.missed_at", workflow.Args{"at": r.drillAt(w, x.Deadline)})
		}
		rows = append(rows, []string{strconv.Itoa(x.Number), from, w.expectation(x.DrillExpect), w.t(workflow.MsgKey("dr.result."+x.Result), nil), when})
	}
	w.table(w.cols("col.number", "col.set_by", "col.expectation", "col.result", "col.when"), rows)

	r.mdStalls(w, sc.Stalls)
	r.mdContactCheck(w)
}

var drillCatalog = workflow.Catalog{
	"sec.drill":                  {En: "Drill scorecard", Ja: "演習の評価結果"},
	"sec.injects":                {En: "Injects", Ja: "状況付与"},
	"sec.scorecard":              {En: "Scorecard", Ja: "評価結果"},
	"sec.drill_roles":            {En: "Time until each role was filled", Ja: "役割が決まるまでの時間"},
	"sec.drill_contacts":         {En: "Contacts (would notify) and acknowledgements", Ja: "連絡（本番なら通知）と応答"},
	"sec.drill_expectations":     {En: "Expectations", Ja: "期待される対応"},
	"sec.findings":               {En: "Findings", Ja: "発見事項"},
	"dr.about":                   {En: "Scenario {scenario} ({title}), rehearsing runbook {runbook}; clock ×{speed}; started {started}; the scenario lasts {length} of drill time. Times below are drill time from the start (T+), with the real time of day beside where it helps; the contact check runs on real time.", Ja: "シナリオ {scenario}（{title}）、対象の手順書 {runbook}。時計 ×{speed}。{started}開始、シナリオの長さは演習時間で{length}。以下の時間は開始からの演習時間（T+）で、必要に応じて実際の時刻を添えています。連絡確認は実時間です。"},
	"dr.ended_command":           {En: "Ended with /incident drill end at {at}.", Ja: "{at}に /incident drill end で終了。"},
	"dr.ended_scenario":          {En: "Ended at the scenario's end, {at}.", Ja: "{at}にシナリオの終了により終了。"},
	"dr.ended_closed":            {En: "Ended when it was closed, {at}.", Ja: "{at}にクローズにより終了。"},
	"dr.running":                 {En: "The drill has not ended.", Ja: "演習はまだ終了していません。"},
	"dr.no_scorecard":            {En: "The scorecard is drawn up when the drill ends.", Ja: "評価結果は演習の終了時に作成されます。"},
	"dr.never":                   {En: "never", Ja: "なし"},
	"dr.length":                  {En: "Drill time", Ja: "演習時間"},
	"dr.injects":                 {En: "Injects posted", Ja: "状況付与"},
	"dr.of":                      {En: "{n} of {total}", Ja: "{total}件中{n}件"},
	"dr.first_decision":          {En: "First decision", Ja: "最初の意思決定"},
	"dr.no_decision":             {En: "none logged", Ja: "記録なし"},
	"dr.expectations":            {En: "Expectations", Ja: "期待される対応"},
	"dr.expect_count":            {En: "{met} of {count} met, {missed} missed", Ja: "{count}件中{met}件達成、{missed}件未達"},
	"dr.checklist":               {En: "Checklist", Ja: "チェックリスト"},
	"dr.checklist_none":          {En: "not tracked (no runbook attached)", Ja: "記録なし（手順書なし）"},
	"dr.checklist_phase":         {En: "{phase} {done}/{total}", Ja: "{phase} {done}/{total}"},
	"dr.checklist_phase_skipped": {En: "{phase} {done}/{total} ({skipped} skipped)", Ja: "{phase} {done}/{total}（スキップ{skipped}件）"},
	"dr.findings_row":            {En: "Findings", Ja: "発見事項"},
	"dr.findings":                {En: "{count} (events {events})", Ja: "{count}件（イベント{events}）"},
	"dr.findings_one":            {En: "{count} (event {events})", Ja: "{count}件（イベント{events}）"},
	"dr.informed":                {En: "Would also inform: {targets}.", Ja: "そのほかの通知先: {targets}。"},
	"dr.outcome.acknowledged":    {En: "acknowledged", Ja: "応答あり"},
	"dr.outcome.unanswered":      {En: "no answer by the end", Ja: "終了まで応答なし"},
	"dr.outcome.exhausted":       {En: "nobody answered (chain ran out)", Ja: "応答なし（連絡網が尽きた）"},
	"dr.outcome.cancelled":       {En: "stopped before an answer", Ja: "応答前に停止"},
	"dr.result.met":              {En: "met", Ja: "達成"},
	"dr.result.missed":           {En: "MISSED", Ja: "未達"},
	"dr.result.unchecked":        {En: "not checked (ended before the deadline)", Ja: "未判定（期限前に終了）"},
	"move.drill_end":             {En: "drill ended", Ja: "演習終了"},
	"col.drill_time":             {En: "At", Ja: "時点"},
	"col.inject":                 {En: "Inject", Ja: "状況付与"},
	"col.raise":                  {En: "Raises to", Ja: "重大度の引き上げ"},
	"col.expects":                {En: "Expects", Ja: "期待される対応"},
	"col.posted":                 {En: "Posted", Ja: "投稿"},
	"col.filled":                 {En: "Filled", Ja: "割り当て"},
	"col.level":                  {En: "Level", Ja: "重大度"},
	"col.would_notify":           {En: "Would notify", Ja: "通知先（本番）"},
	"col.outcome":                {En: "Outcome", Ja: "結果"},
	"col.set_by":                 {En: "Set by", Ja: "設定"},
	"col.when":                   {En: "When", Ja: "時点"},
	"dr.from_scenario":           {En: "scenario", Ja: "シナリオ全体"},
	"dr.from_inject":             {En: "inject {n}", Ja: "状況付与{n}"},
	"dr.missed_at":               {En: "not by {at}", Ja: "{at}までに未達"},
	"dr.expects":                 {En: "Expected over the whole scenario:", Ja: "シナリオ全体で期待される対応:"},
	"dr.stalls":                  {En: "Stalls", Ja: "停滞"},
	"dr.stalls_none":             {En: "none over the limits", Ja: "上限を超えた停滞なし"},
	"dr.stalls_over":             {En: "{count} over the limits (see Stalls)", Ja: "上限超過{count}件（「停滞」を参照）"},
	"dr.statements":              {En: "Statements", Ja: "発信文"},
	"dr.statements_val":          {En: "{count} drafted, {approved} approved, {sent} recorded as sent (nothing went anywhere)", Ja: "下書き{count}件、承認{approved}件、送付の記録{sent}件（演習のため実際の送付なし）"},
	"dr.deadlines":               {En: "Deadlines", Ja: "期限"},
	"dr.deadlines_val":           {En: "{met} met, {missed} missed, of {count} (see Deadlines)", Ja: "{count}件中、期限内{met}件・未達{missed}件（「期限」を参照）"},
	"dr.contact_check":           {En: "Contact check", Ja: "連絡確認"},
	"dr.contact_check_val":       {En: "{acked} of {count} acknowledged within {window} of real time (see Contact check)", Ja: "実時間{window}以内に{count}人中{acked}人が応答（「連絡確認」を参照）"},
	"col.expectation":            {En: "Expectation", Ja: "期待される対応"},
	"col.result":                 {En: "Result", Ja: "結果"},
	"col.met_at":                 {En: "Met at", Ja: "達成時点"},
	"col.finding":                {En: "Finding", Ja: "発見事項"},
	"col.finding_owner":          {En: "Owner", Ja: "担当"},
	"col.due":                    {En: "Due", Ja: "期限"},
}
