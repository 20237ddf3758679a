package report

import (
	"errors"
	"strings"
	"time"

	"incidentbot/workflow"
)

// The one-page summary at the top of the report: what happened, when, how
// bad and how far, the decisions that mattered, cause, prevention and what
// is still open, with owners. Everything it shows comes from the incident
// snapshot (no free text but the title) and from the sections folded from
// the whole timeline: writeDoc writes it once the pass is over, with the
// readable timeline held aside meanwhile (spill.go).

// keyDecisions is how many decisions the summary shows at most.
const keyDecisions = 5

// finishSummary fills the summary's parts that need the sections: the
// highest severity, when the incident was contained, the key decisions.
func (r *Report) finishSummary() {
	s := &r.Summary
	r.raise(s.Severity)
	s.HighestSeverity = r.highest
	s.ContainedAt = nil
	for i, st := range r.Phases.Stints {
		if i > 0 && st.Phase == workflow.PhaseRecover && r.Phases.Stints[i-1].Phase == workflow.PhaseContain {
			at := st.EnteredAt
			s.ContainedAt = &at
		}
	}
	s.KeyDecisions = keyDecisionNumbers(r.Decisions)
}

// keyDecisionNumbers picks the decisions the summary shows: those that stop
// something first, then the latest, five at most, each group in the order
// they were taken. A redacted decision has nothing to show.
func keyDecisionNumbers(ds []Decision) []int {
	var stops, rest []int
	for _, d := range ds {
		switch {
		case d.Redacted:
		case d.Stop != "":
			stops = append(stops, d.Number)
		default:
			rest = append(rest, d.Number)
		}
	}
	out := append([]int{}, stops[:min(len(stops), keyDecisions)]...)
	if room := keyDecisions - len(out); room > 0 {
		out = append(out, rest[max(0, len(rest)-room):]...)
	}
	return out
}

// openItemsShown is how many findings the summary lists; the Findings
// section lists them all.
const openItemsShown = 10

// errEnough stops a pass that has read what it needs.
var errEnough = errors.New("report: enough")

// onePage writes the summary.
func (r *Report) onePage(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.summary", nil))
	what, when := r.summaryRows(w)
	w.side(true)
	w.table([]string{w.t("sum.item", nil), w.t("sum.value", nil)}, what)
	w.table([]string{w.t("sum.time", nil), w.t("sum.value", nil)}, when)
	w.side(false)

	// The four boxes management reads first (経営報告): impact, cause,
	// prevention and what is still open.
	pm := r.Postmortem
	w.heading(3, w.t("sec.management", nil))
	w.table(w.cols("col.field", "col.content"), [][]string{
		{w.t("pm.impact", nil), orDash(pm.Impact)},
		{w.t("pm.cause", nil), orDash(pm.Cause)},
		{w.t("pm.prevention", nil), orDash(pm.Prevention)},
		{w.t("pm.open", nil), orDash(pm.Open)},
	})

	w.heading(3, w.t("sec.key_decisions", nil))
	var items []string
	for _, n := range r.Summary.KeyDecisions {
		if n >= 1 && n <= len(r.Decisions) {
			items = append(items, r.keyDecision(w, r.Decisions[n-1]))
		}
	}
	w.list(items)

	w.heading(3, w.t("sec.open_items", nil))
	items = nil
	more, done := 0, 0
	err := r.eachItem(src, listFindings, func(x *Report) error {
		for _, f := range x.Findings {
			switch {
			case f.Redacted:
			case f.Closed != nil:
				done++
			case len(items) < openItemsShown:
				key := workflow.MsgKey("sum.finding")
				if f.State == findingOverdue {
					key = "sum.finding_overdue"
				}
				items = append(items, w.t(key, workflow.Args{"text": f.Text, "owner": f.Owner.display(), "due": orDash(f.Due)}))
			default:
				more++
			}
		}
		return nil
	})
	if more > 0 {
		items = append(items, w.t("sum.more_findings", workflow.Args{"count": more}))
	}
	if done > 0 {
		items = append(items, w.t("sum.findings_done", workflow.Args{"count": done}))
	}
	w.list(items)
	return err
}

// summaryRows are the facts at a glance, in two tables: what (how bad,
// who led, how far) and when (and how long).
func (r *Report) summaryRows(w *doc) (what, when [][]string) {
	s := r.Summary
	at := func(t time.Time) string { return w.when(t) + r.drillTime(w, t) }
	atPtr := func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return at(*t)
	}
	ttr := w.t("sum.not_yet", nil)
	if s.TimeToRecover != nil {
		ttr = w.span(*s.TimeToRecover)
	}
	commander := (*Person)(nil)
	for _, h := range r.Roles.Current {
		if h.Role == workflow.RoleCommander {
			commander = h.Holder
		}
	}
	what = [][]string{
		{w.t("sum.ref", nil), s.Ref},
		{w.t("sum.id", nil), s.ID.String()},
		{w.t("sum.title", nil), s.Title},
		{w.t("sum.severity", nil), w.severity(s.Severity)},
		{w.t("sum.highest", nil), w.severity(s.HighestSeverity)},
		{w.t("sum.phase", nil), s.Phase.Localize(w.l)},
		{w.t("sum.private", nil), w.yesNo(s.Private)},
		{w.t("sum.drill", nil), w.yesNo(s.Drill)},
		{w.t("sum.opener", nil), s.Opener.display()},
		{w.t("sum.commander", nil), commander.display()},
	}
	what = append(what, r.scopeRows(w)...)
	what = append(what, []string{w.t("sum.counts", nil), w.t("sum.counts_val", workflow.Args{"events": s.EventCount, "decisions": s.DecisionCount})})

	if d := r.Drill; d != nil {
		when = append(when, []string{w.t("sum.drill_clock", nil), w.t("sum.drill_clock_val", workflow.Args{"speed": d.Speed, "started": w.when(d.StartedAt)})})
	}
	when = append(when,
		[]string{w.t("sum.started", nil), at(s.StartedAt)},
		[]string{w.t("sum.detected", nil), at(s.DetectedAt)},
		[]string{w.t("sum.opened", nil), at(s.OpenedAt)},
		[]string{w.t("sum.contained", nil), atPtr(s.ContainedAt)},
		[]string{w.t("sum.resolved", nil), atPtr(s.ResolvedAt)},
		[]string{w.t("sum.closed", nil), atPtr(s.ClosedAt)},
	)
	if s.FalseAlarm != "" {
		when = append(when, []string{w.t("sum.false_alarm", nil), s.FalseAlarm})
	}
	when = append(when,
		[]string{w.t("sum.ttd", nil), w.span(s.TimeToDetect)},
		[]string{w.t("sum.ttr", nil), ttr},
	)
	when = append(when, r.deadlineRows(w)...)
	return what, when
}

// scopeRows are the summary's rows on how far the incident reaches: who is
// affected and how many, records, data items, systems; then whether
// personal data is involved (the incident's flag) and whether the duty to
// notify follows (each deadline's verdict is among the times,
// deadlineRows).
func (r *Report) scopeRows(w *doc) [][]string {
	sc := r.Scope
	var rows [][]string
	if sc.IsZero() {
		rows = [][]string{{w.t("sum.scope", nil), w.t("sum.scope_none", nil)}}
	} else {
		records := "—"
		if sc.Records != nil {
			records = w.t("records", workflow.Args{"n": workflow.GroupDigits(*sc.Records)})
		}
		rows = [][]string{
			{w.t("sum.affected", nil), orDash(sc.Affected)},
			{w.t("sum.records", nil), records},
			{w.t("sum.data", nil), orDash(sc.Data)},
			{w.t("sum.systems", nil), orDash(sc.Systems)},
		}
	}
	rows = append(rows, []string{w.t("sum.personal_data", nil), r.personalData(w)})
	if sc.NotificationDuty != dutyUnknown { // the row above says it is not stated
		rows = append(rows, []string{w.t("sum.duty", nil), w.t(workflow.MsgKey("sum.duty."+sc.NotificationDuty), workflow.Args{"count": r.dutyDeadlines()})})
	}
	return rows
}

// deadlineRows is the summary's row on the deadlines that apply, beside
// the other times: each, a line, with whether it was met.
func (r *Report) deadlineRows(w *doc) [][]string {
	var lines []string
	for _, d := range r.Deadlines {
		if d.Applies {
			text := workflow.Headline(workflow.Text{En: d.Text.En, Ja: d.Text.Ja}).Localize(w.l)
			lines = append(lines, w.t("sum.deadline", workflow.Args{"text": text, "verdict": r.verdict(w, d, false)}))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return [][]string{{w.t("sum.deadlines", nil), strings.Join(lines, "\n")}}
}

// dutyDeadlines counts the deadlines tied to personal data that apply.
func (r *Report) dutyDeadlines() int {
	n := 0
	for _, d := range r.Deadlines {
		if d.Applies && d.When == workflow.WhenPersonalData {
			n++
		}
	}
	return n
}

// personalData says what the flag says and who set it, when.
func (r *Report) personalData(w *doc) string {
	pd := r.Scope.PersonalData
	if pd == nil {
		return w.t("sum.pd.unknown", nil)
	}
	state := "sum.pd.not_involved"
	switch {
	case pd.Unlawful:
		state = "sum.pd.unlawful"
	case pd.Involved:
		state = "sum.pd.involved"
	}
	var source string
	switch pd.Source {
	case workflow.PersonalDataByRunbook:
		source = w.t("sum.pd.by_runbook", workflow.Args{"runbook": pd.Runbook})
	case workflow.PersonalDataBySeverity:
		source = w.t("sum.pd.by_severity", workflow.Args{"level": w.severity(pd.Level)})
	default:
		source = w.t("sum.pd.by_person", workflow.Args{"by": pd.By.display()})
	}
	return w.t(workflow.MsgKey(state), nil) + w.t("sum.pd.source", workflow.Args{"source": source, "at": r.moment(w, pd.At)})
}

// keyDecision is one decision of the summary: what, why, who decided and
// when, who recorded it and when, and what it stops.
func (r *Report) keyDecision(w *doc, d Decision) string {
	c := d.Current
	at := d.At
	if c.DecidedAt != nil {
		at = *c.DecidedAt
	}
	stop := ""
	if d.Stop != "" {
		stop = w.t("sum.decision_stop", workflow.Args{"stop": w.stopCell(d)})
	}
	key := workflow.MsgKey("sum.decision")
	if c.DecidedBy == nil { // logged before the bot kept who decided
		key = "sum.decision_undecided"
	}
	return w.t(key, workflow.Args{"n": d.Number, "decision": c.Decision, "why": c.Why,
		"by": c.DecidedBy.display(), "at": w.when(at), "author": d.Author.display(), "recorded": w.when(d.At), "stop": stop})
}

// drillTime is " (T+12m)" for a time of a drill, on the drill's clock; empty
// for a real incident or a time before the drill started.
// A time after the drill ended is not on its clock.
func (r *Report) drillTime(w *doc, t time.Time) string {
	d := r.Drill
	if d == nil || t.Before(d.StartedAt) || d.EndedAt != nil && t.After(*d.EndedAt) {
		return ""
	}
	return w.t("sum.drill_time", workflow.Args{"t": w.tplus(drillSeconds(d, t))})
}

// drillSeconds is the drill time of t: real time since the start, times the
// drill's speed, in seconds.
func drillSeconds(d *Drill, t time.Time) int64 {
	return seconds(t.Sub(d.StartedAt)) * int64(max(d.Speed, 1))
}

var summaryMessages = workflow.Catalog{
	"sec.management":         {En: "Impact, cause, prevention and open items", Ja: "経営報告（影響・原因・再発防止・残課題）"},
	"sec.key_decisions":      {En: "Decisions that mattered", Ja: "主な意思決定"},
	"sec.open_items":         {En: "Open items with owners", Ja: "残課題と担当"},
	"sum.highest":            {En: "Highest severity", Ja: "最高重大度"},
	"sum.commander":          {En: "Commander", Ja: "指揮者"},
	"sum.contained":          {En: "Contained", Ja: "封じ込め"},
	"sum.drill_clock":        {En: "Drill clock", Ja: "演習の時計"},
	"sum.drill_clock_val":    {En: "×{speed}, started {started}; (T+…) is drill time from the start", Ja: "×{speed}、{started}開始。（T+…）は開始からの演習時間"},
	"sum.drill_time":         {En: " ({t})", Ja: "（{t}）"},
	"sum.time":               {En: "When", Ja: "時点"},
	"sum.more_findings":      {En: "and {count} more: see Findings", Ja: "ほか{count}件（発見事項を参照）"},
	"sum.finding":            {En: "{text} — owner {owner}, due {due}", Ja: "{text} — 担当 {owner}、期限 {due}"},
	"sum.finding_overdue":    {En: "{text} — owner {owner}, due {due}: OVERDUE", Ja: "{text} — 担当 {owner}、期限 {due}（期限切れ）"},
	"sum.findings_done":      {En: "{count} finding(s) done: see Findings", Ja: "完了した発見事項{count}件（発見事項を参照）"},
	"sum.personal_data":      {En: "Personal data", Ja: "個人情報"},
	"sum.pd.unknown":         {En: "not stated (/incident personal-data yes|no)", Ja: "未記録（/incident personal-data yes|no）"},
	"sum.pd.involved":        {En: "involved", Ja: "関わる"},
	"sum.pd.unlawful":        {En: "involved, possibly taken for an unlawful purpose", Ja: "関わる（不正の目的のおそれあり）"},
	"sum.pd.not_involved":    {En: "not involved", Ja: "関わらない"},
	"sum.pd.source":          {En: " — {source}, {at}", Ja: "（{source}、{at}）"},
	"sum.pd.by_person":       {En: "recorded by {by}", Ja: "記録: {by}"},
	"sum.pd.by_runbook":      {En: "set by runbook {runbook}", Ja: "手順書 {runbook} の適用による"},
	"sum.pd.by_severity":     {En: "set by severity {level}", Ja: "重大度 {level} による"},
	"sum.duty":               {En: "Duty to notify", Ja: "報告・通知の義務"},
	"sum.duty.not_applying":  {En: "none (no personal data involved)", Ja: "なし（個人情報は関わらない）"},
	"sum.duty.applies":       {En: "applies: {count} deadline(s) to report and to tell the people affected — see Deadlines", Ja: "あり（当局への報告と本人への通知の期限{count}件。「期限」を参照）"},
	"sum.duty.check":         {En: "to be checked: personal data is involved, but no runbook deadline tracks the reports", Ja: "要確認（個人情報が関わるが、報告の期限を手順書で管理していない）"},
	"sum.deadlines":          {En: "Deadlines", Ja: "期限"},
	"sum.deadline":           {En: "{text}: {verdict}", Ja: "{text}: {verdict}"},
	"sum.decision":           {En: "Decision {n}: {decision} — why: {why}. Decided by {by} at {at}; recorded by {author} at {recorded}.{stop}", Ja: "意思決定{n}: {decision} — 根拠: {why}。決定者 {by}（{at}）、記録者 {author}（{recorded}）。{stop}"},
	"sum.decision_undecided": {En: "Decision {n}: {decision} — why: {why}. Recorded by {author} at {recorded}.{stop}", Ja: "意思決定{n}: {decision} — 根拠: {why}。記録者 {author}（{recorded}）。{stop}"},
	"sum.decision_stop":      {En: " Stop: {stop}.", Ja: "停止: {stop}。"},
}
