package report

import (
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Findings followed to closure: every finding of a drill or a real
// incident (a follow-up action), with its owner and due date, whether it is
// open, overdue or done (when, by whom, with what note), and the reminders
// it caused while overdue. The findings list may be let go when the
// timeline is long (lists.go); what closes a finding, and the reminders,
// are kept apart by the finding's number, so a finding read again comes
// out complete.

// FindingClosure is how a finding was closed (finding done).
type FindingClosure struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	By       *Person   `json:"by"`
	Note     string    `json:"note"`
	Redacted bool      `json:"redacted"` // the closing was redacted: its note is gone
}

// FindingReminder is a reminder of an overdue finding.
type FindingReminder struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	Person *Person   `json:"person"` // its owner, else the commander, else the opener
}

// Finding states.
const (
	findingOpen    = "open"
	findingOverdue = "overdue"
	findingDone    = "done"
)

// findingFollowUp is what came after a finding: its closing and reminders.
type findingFollowUp struct {
	closed    *FindingClosure
	reminders int
	last      *FindingReminder
}

// findingEvent folds a finding, its closing or a reminder of it. A
// redacted finding keeps its row, marked, with no text, owner or due date;
// a redacted closing still says which finding (its subject).
func (r *Report) findingEvent(x entry) bool {
	switch p := x.p.(type) {
	case workflow.FindingRecorded:
		r.findings++
		f := Finding{Seq: x.seq, At: x.at, By: x.by, Redacted: x.redacted, Text: p.Text, Owner: person(p.Owner), Due: p.Due, Number: r.findings}
		r.completeFinding(&f)
		r.Findings = append(r.Findings, f)
	case workflow.FindingClosed:
		n := p.Finding
		if x.redacted {
			n = workflow.FindingOf(x.subject)
		}
		if u := r.followUp(n); u != nil && u.closed == nil {
			u.closed = &FindingClosure{Seq: x.seq, At: x.at, By: x.by, Note: p.Note, Redacted: x.redacted}
		}
		r.completeHeld(n)
	case workflow.FindingReminded:
		if u := r.followUp(p.Finding); u != nil {
			u.reminders++
			u.last = &FindingReminder{Seq: x.seq, At: x.at, Person: person(p.Person)}
		}
		r.completeHeld(p.Finding)
	default:
		return false
	}
	return true
}

// followUp is what came after finding n so far; nil for no finding.
func (r *Report) followUp(n int) *findingFollowUp {
	if n < 1 {
		return nil
	}
	if r.followUps == nil {
		r.followUps = map[int]*findingFollowUp{}
	}
	u := r.followUps[n]
	if u == nil {
		u = &findingFollowUp{}
		r.followUps[n] = u
	}
	return u
}

// completeHeld completes finding n if the list still holds it.
func (r *Report) completeHeld(n int) {
	for i := range r.Findings {
		if r.Findings[i].Number == n {
			r.completeFinding(&r.Findings[i])
		}
	}
}

// completeFinding fills in what came after f, and where it stands as of
// the report: done, overdue past the end of its due day (in the report's
// zone), or open.
func (r *Report) completeFinding(f *Finding) {
	f.Closed, f.Reminders, f.LastReminder = nil, 0, nil
	if u := r.followUps[f.Number]; u != nil {
		f.Closed, f.Reminders, f.LastReminder = u.closed, u.reminders, u.last
	}
	f.State = findingOpen
	if f.Closed != nil {
		f.State = findingDone
	} else if end, ok := workflow.FindingDueEnd(f.Due, r.opts.Location); ok && !r.AsOf.Before(end) {
		f.State = findingOverdue
	}
}

// finishFindings completes the findings held, now that as_of is known and
// every closing has been folded.
func (r *Report) finishFindings() {
	for i := range r.Findings {
		r.completeFinding(&r.Findings[i])
	}
}

// mdFindings writes every finding with its owner, due date and where it
// stands.
func (r *Report) mdFindings(w *doc, src workflow.EventSource) error {
	if r.count(listFindings) == 0 && r.Drill == nil {
		return nil
	}
	w.heading(2, w.t("sec.findings", nil))
	red := w.t("md.redacted", nil)
	header := w.cols("col.number", "col.finding", "col.finding_owner", "col.due", "col.state", "col.closed", "col.reminders", "col.recorded")
	return r.listRows(w, src, listFindings, header, func(x *Report) (rows [][]string) {
		for _, f := range x.Findings {
			text := f.Text
			if f.Redacted {
				text = red
			}
			state := w.t(workflow.MsgKey("fd.state."+f.State), nil)
			closed := "—"
			if c := f.Closed; c != nil {
				state = w.t("fd.state.done_on", workflow.Args{"date": c.At.In(w.loc).Format(time.DateOnly)})
				closed = w.t("st.by_at", workflow.Args{"at": r.moment(w, c.At), "by": c.By.display()})
				switch {
				case c.Redacted:
					closed += "\n" + w.t("fd.note", workflow.Args{"note": red})
				case strings.TrimSpace(c.Note) != "":
					closed += "\n" + w.t("fd.note", workflow.Args{"note": c.Note})
				}
			}
			reminders := "—"
			if f.Reminders > 0 {
				reminders = w.t("fd.reminders", workflow.Args{"count": f.Reminders, "at": w.when(f.LastReminder.At), "who": f.LastReminder.Person.display()})
			}
			recorded := w.t("fd.recorded", workflow.Args{"at": r.moment(w, f.At), "by": f.By.display(), "seq": strconv.Itoa(f.Seq)})
			rows = append(rows, []string{strconv.Itoa(f.Number), text, f.Owner.display(), orDash(f.Due), state, closed, reminders, recorded})
		}
		return rows
	})
}

var findingMessages = workflow.Catalog{
	"col.closed":       {En: "Closed", Ja: "完了の記録"},
	"col.recorded":     {En: "Recorded", Ja: "記録"},
	"fd.state.open":    {En: "open", Ja: "未完了"},
	"fd.state.overdue": {En: "OVERDUE", Ja: "期限切れ"},
	"fd.state.done":    {En: "done", Ja: "完了"},
	"fd.state.done_on": {En: "done {date}", Ja: "完了 {date}"},
	"fd.note":          {En: "note: {note}", Ja: "メモ: {note}"},
	"fd.reminders":     {En: "{count}, last {at} to {who}", Ja: "{count}回（最終 {at}、{who}）"},
	"fd.recorded":      {En: "{at} by {by} (event {seq})", Ja: "{by}、{at}、イベント{seq}"},
}
