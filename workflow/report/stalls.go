package report

import (
	"strconv"
	"time"

	"incidentbot/workflow"
)

// Where a drill's decision-making stalled, as its scorecard measured it
// (workflow.StallScore): how long each inject waited for the next
// decision, the longest stretch without a decision or a status update, and
// how long each stop waited for approval, each against the scenario's
// limit. Times are drill time from the start.

// DrillStalls is the stalls of a drill.
type DrillStalls struct {
	Limits    StallLimits       `json:"limits"`
	Latency   []DecisionLatency `json:"decision_latency"` // one per inject posted
	Quiet     QuietStretch      `json:"quiet"`
	Approvals []StallApproval   `json:"approvals"` // one per stop that waited for approval
	Stalled   bool              `json:"stalled"`   // anything went over its limit
}

// StallLimits are the scenario's limits, in drill seconds.
type StallLimits struct {
	DecisionWithin int64 `json:"decision_within_seconds"`
	QuietMax       int64 `json:"quiet_max_seconds"`
	ApprovalWithin int64 `json:"approval_within_seconds"`
}

// DecisionLatency is how long an inject waited for the next decision.
type DecisionLatency struct {
	Inject int    `json:"inject"`
	At     int64  `json:"at_seconds"`    // when the inject came, drill seconds
	After  *int64 `json:"after_seconds"` // null: no decision followed by the end
	Over   bool   `json:"over"`
}

// QuietStretch is the longest time without a decision or a status update.
type QuietStretch struct {
	From    int64 `json:"from_seconds"`
	To      int64 `json:"to_seconds"`
	Seconds int64 `json:"seconds"`
	Over    bool  `json:"over"`
}

// StallApproval is how long the stop of a decision waited for approval.
type StallApproval struct {
	Decision int   `json:"decision"`
	Waited   int64 `json:"waited_seconds"`
	Answered bool  `json:"answered"` // approved or refused; false: still waiting at the end
	Over     bool  `json:"over"`
}

func drillStalls(st *workflow.StallScore) *DrillStalls {
	if st == nil {
		return nil
	}
	lim := StallLimits{DecisionWithin: seconds(st.Limits.DecisionWithin), QuietMax: seconds(st.Limits.QuietMax), ApprovalWithin: seconds(st.Limits.ApprovalWithin)}
	out := &DrillStalls{Limits: lim, Latency: []DecisionLatency{}, Approvals: []StallApproval{}, Stalled: st.Stalled(),
		Quiet: QuietStretch{From: seconds(st.Quiet.From), To: seconds(st.Quiet.To), Seconds: seconds(st.Quiet.Span())}}
	out.Quiet.Over = out.Quiet.Seconds > lim.QuietMax
	for _, l := range st.Latency {
		x := DecisionLatency{Inject: l.Index, At: seconds(l.At), After: optSeconds(l.After)}
		x.Over = x.After == nil || *x.After > lim.DecisionWithin
		out.Latency = append(out.Latency, x)
	}
	for _, a := range st.Approvals {
		x := StallApproval{Decision: a.Decision, Waited: seconds(a.Waited), Answered: a.Answered}
		x.Over = x.Waited > lim.ApprovalWithin
		out.Approvals = append(out.Approvals, x)
	}
	return out
}

// mdStalls writes the stalls: each measure, its limit, and whether it
// stalled.
func (r *Report) mdStalls(w *doc, st *DrillStalls) {
	w.heading(4, w.t("sec.drill_stalls", nil))
	if st == nil {
		w.para(w.t("stall.none", nil))
		return
	}
	result := func(over bool) string {
		if over {
			return w.t("stall.over", nil)
		}
		return w.t("stall.within", nil)
	}
	var rows [][]string
	for _, l := range st.Latency {
		after := w.t("stall.no_decision", nil)
		if l.After != nil {
			after = w.span(*l.After)
		}
		rows = append(rows, []string{w.t("stall.latency", workflow.Args{"n": strconv.Itoa(l.Inject), "at": r.drillAt(w, l.At)}), after,
			w.span(st.Limits.DecisionWithin), result(l.Over)})
	}
	q := st.Quiet
	rows = append(rows, []string{w.t("stall.quiet", workflow.Args{"from": r.drillAt(w, q.From), "to": r.drillAt(w, q.To)}), w.span(q.Seconds),
		w.span(st.Limits.QuietMax), result(q.Over)})
	for _, a := range st.Approvals {
		key := workflow.MsgKey("stall.approval")
		if !a.Answered {
			key = "stall.approval_pending"
		}
		rows = append(rows, []string{w.t(key, workflow.Args{"n": a.Decision}), w.span(a.Waited), w.span(st.Limits.ApprovalWithin), result(a.Over)})
	}
	w.table(w.cols("col.measure", "col.took", "col.limit", "col.result"), rows)
}

// drillAt is a drill time with the real time beside it: "T+12m (10:06)".
func (r *Report) drillAt(w *doc, sec int64) string {
	d := r.Drill
	if d == nil {
		return w.tplus(sec)
	}
	real := d.StartedAt.Add(time.Duration(sec) * time.Second / time.Duration(max(d.Speed, 1)))
	return w.t("dr.at", workflow.Args{"t": w.tplus(sec), "clock": real.In(w.loc).Format("15:04")})
}

var stallMessages = workflow.Catalog{
	"sec.drill_stalls":       {En: "Stalls", Ja: "停滞"},
	"stall.none":             {En: "Not measured: the drill ended before the scorecard measured stalls.", Ja: "計測なし（停滞を計測する前の評価結果です）。"},
	"stall.latency":          {En: "Decision after inject {n} at {at}", Ja: "状況付与{n}（{at}）から次の意思決定まで"},
	"stall.no_decision":      {En: "none by the end", Ja: "終了までなし"},
	"stall.quiet":            {En: "Longest time without a decision or status update, {from} to {to}", Ja: "意思決定も状況共有もなかった最長の時間（{from}〜{to}）"},
	"stall.approval":         {En: "Stop of decision {n}: approval or refusal", Ja: "意思決定{n}の停止: 承認または却下まで"},
	"stall.approval_pending": {En: "Stop of decision {n}: still waiting for approval at the end", Ja: "意思決定{n}の停止: 終了時も承認待ち"},
	"stall.over":             {En: "STALLED", Ja: "停滞"},
	"stall.within":           {En: "within the limit", Ja: "上限内"},
	"col.measure":            {En: "Measure", Ja: "計測"},
	"col.took":               {En: "Took", Ja: "時間"},
	"col.limit":              {En: "Limit", Ja: "上限"},
	"dr.at":                  {En: "{t} ({clock})", Ja: "{t}（{clock}）"},
}
