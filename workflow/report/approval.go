package report

import (
	"time"

	"incidentbot/workflow"
)

// Approval is how the stop a decision carries was settled: approved as it
// was logged (the level's may_stop, or an author who may approve stops),
// approved or refused later with /incident approve|refuse, or still pending.
type Approval struct {
	State string `json:"state"` // pending, approved, refused
	// Basis is set when the stop was approved as it was logged: may_stop or
	// authority. Empty otherwise.
	Basis workflow.StopBasis `json:"basis"`
	// Level is the severity whose may_stop allowed it (basis may_stop).
	Level workflow.SeverityKey `json:"level"`
	// RequestedAt is when approval was asked for; null if it was not.
	RequestedAt *time.Time `json:"requested_at"`
	// Asked lists who was asked ("user:U0123", "role:approver").
	Asked []string `json:"asked"`
	// Seq, At and By are the event that settled it, when and who; while
	// pending, the request, and By is null.
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	By     *Person   `json:"by"`
	Reason string    `json:"reason"` // given with a refusal
}

// Approval states.
const (
	ApprovalPending  = "pending"
	ApprovalApproved = "approved"
	ApprovalRefused  = "refused"
)

// approval folds a stop event into the decision it names.
func (r *Report) approval(p workflow.Payload, seq int, at time.Time, by *Person) {
	var n int
	switch x := p.(type) {
	case workflow.StopRequested:
		n = x.Decision
	case workflow.StopApproved:
		n = x.Decision
	case workflow.StopRefused:
		n = x.Decision
	}
	if n < 1 || n > len(r.Decisions) {
		return
	}
	d := &r.Decisions[n-1]
	if d.Approval == nil {
		d.Approval = &Approval{Asked: []string{}}
	}
	a := d.Approval
	a.Seq, a.At = seq, at
	switch x := p.(type) {
	case workflow.StopRequested:
		t := at
		a.State, a.RequestedAt, a.By = ApprovalPending, &t, nil
		a.Asked = append(a.Asked, x.Ask...)
	case workflow.StopApproved:
		a.State, a.Basis, a.Level, a.By = ApprovalApproved, x.Basis, x.Level, by
	case workflow.StopRefused:
		a.State, a.By, a.Reason = ApprovalRefused, by, x.Reason
	}
}

// stopCell is the Markdown cell for a decision's stop: what it stops and how
// that was settled.
func (w *doc) stopCell(d Decision) string {
	a := d.Approval
	if d.Stop == "" && a == nil {
		return "—"
	}
	what := d.Stop
	if d.Redacted || what == "" {
		what = w.t("md.redacted", nil)
	}
	if a == nil {
		return what
	}
	args := workflow.Args{"stop": what, "by": a.By.display(), "at": w.when(a.At), "reason": a.Reason}
	switch {
	case a.State == ApprovalPending:
		return w.t("stop.pending", args)
	case a.State == ApprovalRefused && a.Reason != "":
		return w.t("stop.refused_reason", args)
	case a.State == ApprovalRefused:
		return w.t("stop.refused", args)
	case a.Basis == workflow.StopByPolicy:
		args["level"] = w.severity(a.Level)
		return w.t("stop.may_stop", args)
	case a.Basis == workflow.StopByAuthority:
		return w.t("stop.by_author", args)
	}
	return w.t("stop.approved", args)
}

// anyStop reports whether some decision stops something, so the decision
// table needs its stop column.
func (r *Report) anyStop() bool {
	for _, d := range r.Decisions {
		if d.Stop != "" || d.Approval != nil {
			return true
		}
	}
	return false
}

var approvalMessages = workflow.Catalog{
	"col.stop":            {En: "Stop (approval)", Ja: "停止（承認）"},
	"stop.pending":        {En: "{stop}: waiting for approval", Ja: "{stop}: 承認待ち"},
	"stop.approved":       {En: "{stop}: approved by {by} at {at}", Ja: "{stop}: {by}が承認（{at}）"},
	"stop.by_author":      {En: "{stop}: approved as logged by {by}, who may approve stops", Ja: "{stop}: 承認権限のある{by}が記録時に承認"},
	"stop.may_stop":       {En: "{stop}: allowed without asking at {level} (may_stop)", Ja: "{stop}: 重大度{level}では承認不要（may_stop）"},
	"stop.refused":        {En: "{stop}: refused by {by} at {at}", Ja: "{stop}: {by}が却下（{at}）"},
	"stop.refused_reason": {En: "{stop}: refused by {by} at {at}: {reason}", Ja: "{stop}: {by}が却下（{at}）: {reason}"},
}
