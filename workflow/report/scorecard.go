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

// DrillExpect is what an inject expects participants to have done.
type DrillExpect struct {
	Kind     workflow.ExpectKind `json:"kind"`
	Role     workflow.Role       `json:"role"`
	Phase    workflow.Phase      `json:"phase"`
	Deadline int64               `json:"deadline_seconds"`
}

func drillExpect(x workflow.DrillExpect) DrillExpect {
	return DrillExpect{Kind: x.Kind, Role: x.Role, Phase: x.Phase, Deadline: seconds(x.Deadline)}
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

// Finding is a gap recorded with /incident finding.
type Finding struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	By       *Person   `json:"by"`
	Redacted bool      `json:"redacted"`
	Text     string    `json:"text"`
	Owner    *Person   `json:"owner"`
	Due      string    `json:"due"` // YYYY-MM-DD; empty if none
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
			StartedAt: at, End: seconds(x.End), Injects: []DrillInject{}}
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
	default:
		return false
	}
	return true
}

// finding folds a finding, of a drill or a real incident. A redacted one
// keeps its row, marked, with no text, owner or due date.
func (r *Report) finding(ev entry, x workflow.FindingRecorded) {
	r.Findings = append(r.Findings, Finding{Seq: ev.seq, At: ev.at, By: ev.by, Redacted: ev.redacted, Text: x.Text, Owner: person(x.Owner), Due: x.Due})
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
		out.Expectations = append(out.Expectations, DrillResult{Inject: x.Index, DrillExpect: drillExpect(x.DrillExpect), Result: x.Result, MetAt: optSeconds(x.After)})
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
	return workflow.M(workflow.MsgKey("expect."+string(x.Kind)), workflow.Args{"role": x.Role, "phase": x.Phase, "kind": string(x.Kind),
		"deadline": workflow.Span(time.Duration(x.Deadline) * time.Second)}).Localize(w.l)
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

	sc := d.Scorecard
	w.heading(3, w.t("sec.scorecard", nil))
	if sc == nil {
		w.para(w.t("dr.no_scorecard", nil))
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
		first = w.tplus(*sc.FirstDecision)
	}
	w.table([]string{w.t("sum.item", nil), w.t("sum.value", nil)}, [][]string{
		{w.t("dr.length", nil), w.span(sc.Length)},
		{w.t("dr.injects", nil), w.t("dr.of", workflow.Args{"n": sc.InjectsPosted, "total": sc.InjectsTotal})},
		{w.t("dr.first_decision", nil), first},
		{w.t("dr.expectations", nil), w.t("dr.expect_count", workflow.Args{"met": met, "missed": missed, "count": len(sc.Expectations)})},
		{w.t("dr.checklist", nil), checklist},
		{w.t("dr.findings_row", nil), findings},
	})

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
		at := "—"
		if x.MetAt != nil {
			at = w.tplus(*x.MetAt)
		}
		rows = append(rows, []string{strconv.Itoa(x.Inject), w.expectation(x.DrillExpect), w.t(workflow.MsgKey("dr.result."+x.Result), nil), at})
	}
	w.table(w.cols("col.inject_number", "col.expectation", "col.result", "col.met_at"), rows)
}

func (r *Report) mdFindings(w *doc, src workflow.EventSource) error {
	if r.count(listFindings) == 0 && r.Drill == nil {
		return nil
	}
	w.heading(2, w.t("sec.findings", nil))
	return r.listRows(w, src, listFindings, w.cols("col.event", "col.time", "col.finding", "col.finding_owner", "col.due", "col.author"), func(x *Report) (rows [][]string) {
		for _, f := range x.Findings {
			text := f.Text
			if f.Redacted {
				text = w.t("md.redacted", nil)
			}
			rows = append(rows, []string{strconv.Itoa(f.Seq), w.when(f.At), text, f.Owner.display(), orDash(f.Due), f.By.display()})
		}
		return rows
	})
}

var drillCatalog = workflow.Catalog{
	"sec.drill":                  {En: "Drill scorecard", Ja: "演習の評価結果"},
	"sec.injects":                {En: "Injects", Ja: "状況付与"},
	"sec.scorecard":              {En: "Scorecard", Ja: "評価結果"},
	"sec.drill_roles":            {En: "Time until each role was filled", Ja: "役割が決まるまでの時間"},
	"sec.drill_contacts":         {En: "Contacts (would notify) and acknowledgements", Ja: "連絡（本番なら通知）と応答"},
	"sec.drill_expectations":     {En: "Expectations", Ja: "期待される対応"},
	"sec.findings":               {En: "Findings", Ja: "発見事項"},
	"dr.about":                   {En: "Scenario {scenario} ({title}), rehearsing runbook {runbook}; clock ×{speed}; started {started}; the scenario lasts {length} of drill time. Times below are drill time from the start (T+).", Ja: "シナリオ {scenario}（{title}）、対象の手順書 {runbook}。時計 ×{speed}。{started}開始、シナリオの長さは演習時間で{length}。以下の時間は開始からの演習時間（T+）です。"},
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
	"col.inject_number":          {En: "Inject", Ja: "状況付与"},
	"col.expectation":            {En: "Expectation", Ja: "期待される対応"},
	"col.result":                 {En: "Result", Ja: "結果"},
	"col.met_at":                 {En: "Met at", Ja: "達成時点"},
	"col.finding":                {En: "Finding", Ja: "発見事項"},
	"col.finding_owner":          {En: "Owner", Ja: "担当"},
	"col.due":                    {En: "Due", Ja: "期限"},
}
