package report

import (
	"strings"
	"time"

	"incidentbot/workflow"
)

// The deadlines table: each checklist item with a due time (the notice to
// the people affected, the reports to the Commission …), who owns it, when
// it was due and when it was done and by whom, and the verdict — met, late
// by how much, overdue as of the report, not due yet, or not applying —
// with the reminders it caused. Where each item stands is the workflow's
// own reckoning from the incident's state (workflow.Incident.Deadlines:
// the flag in force, a drill's scaled clock, an item counted from
// another's completion), so the report and the bot never disagree; the
// reminders are folded from the timeline.

// Deadline is one checklist item with a due time.
type Deadline struct {
	Key   string         `json:"key"`
	Phase workflow.Phase `json:"phase"`
	Item  int            `json:"item"` // its number in its phase
	Text  LangText       `json:"text"`
	Owner workflow.Role  `json:"owner"`
	// When is the condition under which it applies ("personal_data"), or
	// empty: always. Applies: the condition holds.
	When    workflow.ItemCondition `json:"when"`
	Applies bool                   `json:"applies"`
	// Within is the time allowed, as in force (the unlawful-purpose time
	// when the flag says so), in seconds: drill time in a drill, scaled by
	// the scenario. DueAfter is the item whose completion starts it; empty:
	// the detection does.
	Within   int64  `json:"within_seconds"`
	DueAfter string `json:"due_after"`
	// From is when its time started, DueAt when it was due; null while it
	// does not apply or waits for the item it counts from.
	From   *time.Time `json:"from"`
	DueAt  *time.Time `json:"due_at"`
	DoneAt *time.Time `json:"done_at"`
	DoneBy *Person    `json:"done_by"`
	// State is the verdict as of the report (a drill's: as of its end):
	// met, late (done after its due time), overdue (not done, past it),
	// open (not done, not due yet), waiting (counts from an item not done)
	// or not_applying.
	State string `json:"state"`
	// Late is how far past the due time, in seconds (drill time in a
	// drill): it was done late, or it is overdue as of as_of; null
	// otherwise.
	Late *int64 `json:"late_seconds"`
	// Missed is the reminder when it came due undone (deadline_missed);
	// Reminders counts the reminders after that (deadline_reminded: with
	// each status reminder, daily once closed), LastReminder the last.
	Missed       *DeadlineReminder `json:"missed"`
	Reminders    int               `json:"reminders"`
	LastReminder *DeadlineReminder `json:"last_reminder"`
}

// DeadlineReminder is a reminder of a deadline that passed undone.
type DeadlineReminder struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	People []*Person `json:"people"` // its owner role's holder and the commander
	// Closed: the incident was closed, so it went to the announce channel.
	Closed bool `json:"closed"`
	// Simulated: a drill; nobody was reminded.
	Simulated bool `json:"simulated"`
}

// Deadline verdicts (Deadline.State).
const (
	deadlineMet         = "met"
	deadlineLate        = "late"
	deadlineOverdue     = "overdue"
	deadlineOpen        = "open"
	deadlineWaiting     = "waiting"
	deadlineNotApplying = "not_applying"
)

// deadlineReminders are the reminders of one item, as folded.
type deadlineReminders struct {
	missed *DeadlineReminder
	count  int
	last   *DeadlineReminder
}

// deadlineEvent folds a reminder of a deadline.
func (r *Report) deadlineEvent(x entry) bool {
	var key string
	rem := &DeadlineReminder{Seq: x.seq, At: x.at, People: []*Person{}}
	switch p := x.p.(type) {
	case workflow.DeadlineMissed:
		key, rem.Closed, rem.Simulated = p.Key, p.Closed, p.Simulated
		rem.People = people(p.People)
	case workflow.DeadlineReminded:
		key, rem.Closed, rem.Simulated = p.Key, p.Closed, p.Simulated
		rem.People = people(p.People)
	default:
		return false
	}
	if r.reminded == nil {
		r.reminded = map[string]*deadlineReminders{}
	}
	d := r.reminded[key]
	if d == nil {
		d = &deadlineReminders{}
		r.reminded[key] = d
	}
	if _, first := x.p.(workflow.DeadlineMissed); first && d.missed == nil {
		d.missed = rem
	} else {
		d.count++
		d.last = rem
	}
	return true
}

func people(ps []workflow.Person) []*Person {
	out := []*Person{}
	for _, p := range ps {
		if pp := person(p); pp != nil {
			out = append(out, pp)
		}
	}
	return out
}

// finishDeadlines lists the deadlines as the incident stands at the
// report's as_of, with the reminders folded. A drill's clock stops at its
// end, and its deadlines with it.
func (r *Report) finishDeadlines() {
	r.Deadlines = []Deadline{}
	inc, now := r.inc, r.AsOf
	if d := r.Drill; d != nil && d.EndedAt != nil && d.EndedAt.Before(now) {
		now = *d.EndedAt
	}
	span := func(d time.Duration) int64 { return seconds(inc.DrillSpan(d)) }
	for _, d := range inc.Deadlines() {
		it := d.Item
		x := Deadline{Key: it.Key, Phase: d.Phase, Item: d.N, Text: langText(it.Text), Owner: it.Owner, When: it.When, Applies: d.Applies,
			Within: seconds(d.Within), DueAfter: it.DueAfter, From: optTime(d.From), DueAt: optTime(d.Due)}
		if d.Done() {
			x.DoneAt, x.DoneBy = optTime(it.At), person(it.By)
		}
		var late *int64
		switch {
		case !d.Applies:
			x.State = deadlineNotApplying
		case d.Done() && (d.Due.IsZero() || d.Met()):
			x.State = deadlineMet
		case d.Done():
			x.State, late = deadlineLate, ptr(span(it.At.Sub(d.Due)))
		case d.Waiting:
			x.State = deadlineWaiting
		case d.Overdue(now):
			x.State, late = deadlineOverdue, ptr(span(now.Sub(d.Due)))
		default:
			x.State = deadlineOpen
		}
		x.Late = late
		if rem := r.reminded[it.Key]; rem != nil {
			x.Missed, x.Reminders, x.LastReminder = rem.missed, rem.count, rem.last
		}
		r.Deadlines = append(r.Deadlines, x)
	}
}

func ptr[T any](v T) *T { return &v }

// ---- rendering ----

// verdict says in a few words where a deadline stands: met, late by how
// much, overdue, when it is due (in the table, whose column says when:
// that it is not due yet), what it waits for, or that it does not apply.
func (r *Report) verdict(w *doc, d Deadline, table bool) string {
	switch {
	case table && d.State == deadlineOpen:
		return w.t("dl.not_due", nil)
	case table && d.State == deadlineWaiting:
		return w.t("dl.waits", workflow.Args{"after": d.DueAfter})
	}
	a := workflow.Args{"after": d.DueAfter, "within": w.span(d.Within)}
	if d.Late != nil {
		a["late"] = w.span(*d.Late)
	}
	if d.DueAt != nil {
		a["due"] = r.moment(w, *d.DueAt)
	}
	return w.t(workflow.MsgKey("dl.verdict."+d.State), a)
}

// mdDeadlines writes the deadlines table, when the runbook has any.
func (r *Report) mdDeadlines(w *doc) {
	if len(r.Deadlines) == 0 {
		return
	}
	w.heading(2, w.t("sec.deadlines", nil))
	var rows [][]string
	for _, d := range r.Deadlines {
		text := workflow.Headline(workflow.Text{En: d.Text.En, Ja: d.Text.Ja}).Localize(w.l)
		owner := "—"
		if d.Owner != "" {
			owner = d.Owner.Localize(w.l)
		}
		due := "—"
		switch {
		case d.DueAt != nil:
			due = r.moment(w, *d.DueAt)
		case d.Applies && d.DueAfter != "":
			due = w.t("dl.due_after", workflow.Args{"within": w.span(d.Within), "after": d.DueAfter})
		}
		done := "—"
		if d.DoneAt != nil {
			done = w.t("st.by_at", workflow.Args{"at": r.moment(w, *d.DoneAt), "by": d.DoneBy.display()})
		}
		rows = append(rows, []string{d.Key, text, owner, due, done, r.verdict(w, d, true), r.reminders(w, d)})
	}
	w.table(w.cols("col.key", "col.item", "col.owner", "col.due", "col.done", "col.verdict", "col.reminders"), rows)
	w.para(w.t("dl.note", nil))
}

// reminders says who was reminded when the deadline passed, and how often
// after that.
func (r *Report) reminders(w *doc, d Deadline) string {
	if d.Missed == nil && d.Reminders == 0 {
		return "—"
	}
	var lines []string
	if m := d.Missed; m != nil {
		lines = append(lines, r.reminderLine(w, "dl.missed", m))
	}
	if d.Reminders > 0 {
		lines = append(lines, w.t("dl.again", workflow.Args{"count": d.Reminders, "at": r.moment(w, d.LastReminder.At)}))
	}
	return strings.Join(lines, "\n")
}

func (r *Report) reminderLine(w *doc, key workflow.MsgKey, m *DeadlineReminder) string {
	names := make([]string, len(m.People))
	for i, p := range m.People {
		names[i] = p.display()
	}
	who := orDash(w.join(names))
	switch {
	case m.Simulated:
		key += "_drill"
	case m.Closed:
		key += "_closed"
	}
	return w.t(key, workflow.Args{"at": r.moment(w, m.At), "who": who})
}

var deadlineMessages = workflow.Catalog{
	"sec.deadlines":           {En: "Deadlines", Ja: "期限"},
	"col.key":                 {En: "Key", Ja: "キー"},
	"col.done":                {En: "Done", Ja: "完了"},
	"col.verdict":             {En: "Verdict", Ja: "判定"},
	"col.reminders":           {En: "Reminders", Ja: "リマインド"},
	"dl.due_after":            {En: "{within} after {after} is done", Ja: "{after}の完了から{within}以内"},
	"dl.verdict.met":          {En: "met", Ja: "期限内"},
	"dl.verdict.late":         {En: "late by {late}", Ja: "{late}遅れ"},
	"dl.verdict.overdue":      {En: "OVERDUE by {late}", Ja: "期限超過（{late}）"},
	"dl.verdict.open":         {En: "not done; due {due}", Ja: "未完了（期限 {due}）"},
	"dl.verdict.waiting":      {En: "not due yet: {within} after {after} is done", Ja: "未開始（{after}の完了から{within}以内）"},
	"dl.verdict.not_applying": {En: "did not apply (no personal data)", Ja: "対象外（個人情報なし）"},
	"dl.not_due":              {En: "not done, not due yet", Ja: "未完了（期限前）"},
	"dl.waits":                {En: "waits for {after}", Ja: "{after}の完了待ち"},
	"dl.missed":               {En: "{at}: due and not done; reminded {who}", Ja: "{at}: 期限切れ、{who}にリマインド"},
	"dl.missed_closed":        {En: "{at}: due and not done; reminded {who} in the announce channel", Ja: "{at}: 期限切れ、告知チャンネルで{who}にリマインド"},
	"dl.missed_drill":         {En: "{at}: due and not done (drill: {who} not reminded)", Ja: "{at}: 期限切れ（演習のため{who}へのリマインドは未送信）"},
	"dl.again":                {En: "reminded again {count} time(s), last {at}", Ja: "再リマインド{count}回（最終 {at}）"},
	"dl.note": {
		En: "Due times count from the detection, or from the completion of the item named; late and overdue are as of this report. These deadlines are reminders, not legal advice: confirm the duties and dates with your counsel.",
		Ja: "期限は検知時刻から、または指定した項目の完了から数えます。遅れと期限超過はこの報告書の時点のものです。これらの期限はリマインドであり、法的助言ではありません。義務と期日は顧問弁護士に確認してください。",
	},
}
