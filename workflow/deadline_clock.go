package workflow

import (
	"encoding/json"
	"fmt"
	"time"
)

// The clock of deadline items, a pure step like escalation's (escalate.go):
// it reads the incident's state (its checklist, the personal-data flag) and
// returns drafts, timer operations and notices. Each open deadline has a
// timer row keyed by its item, due at its due time; whatever moves a due
// time (a runbook attached, the flag set, an item ticked or unticked, the
// close) sets the timers again, and a timer whose due time is no longer the
// item's is stale. When one comes due with its item not done, its owner
// role's holder and the commander are reminded, once (DeadlineMissed), and
// again with every status reminder after that (DeadlineReminded). A closed
// incident keeps its deadline timers and gets a daily one instead of status
// reminders: its reminders go to the announce channel. A drill's deadlines
// run on the drill's clock, scaled by its scenario, and tell nobody.

const (
	TimerDeadline      TimerKind = "deadline"       // key: the item's key: its due time came
	TimerDeadlineDaily TimerKind = "deadline_daily" // a closed incident's missed deadlines: remind again
)

// DeadlineDaily is how often a closed incident's missed deadlines are
// reminded again.
const DeadlineDaily = 24 * time.Hour

// deadlineTimer is the body of a TimerDeadline: the due time it was set
// for. A timer for another due time (the flag or a tick moved it) is stale.
type deadlineTimer struct {
	Due time.Time `json:"due"`
}

// dailyTimer is the body of a TimerDeadlineDaily: when it was set.
type dailyTimer struct {
	Set time.Time `json:"set"`
}

// flag is the personal-data flag the step decides with: the one a draft of
// this step sets (a runbook or a level set it just now), else the
// incident's.
func (r *reaction) flag() *PersonalData {
	if r.pendingFlag != nil {
		return r.pendingFlag
	}
	return r.inc.PersonalData
}

// setFlag drafts the flag as set by a runbook or a level, unless someone
// has set it already.
func (r *reaction) setFlag(p PersonalDataSet) {
	if r.flag() != nil {
		return
	}
	r.add("", p)
	r.pendingFlag = &PersonalData{Involved: p.Involved, Unlawful: p.Unlawful, Source: p.Source, Runbook: p.Runbook, Level: p.Level, At: r.now}
	r.deadlinesMoved = true
}

// deadlineView is the incident as the deadlines see it in this step: with
// the flag a draft of the step sets.
func (r *reaction) deadlineView() *Incident {
	if r.pendingFlag == nil {
		return r.inc
	}
	view := *r.inc
	view.PersonalData = r.pendingFlag
	return &view
}

// levelReached: a level with personal_data = true sets the flag.
func (r *reaction) levelReached(key SeverityKey) {
	if lv := r.rules.scale.Level(key); lv.PersonalData {
		r.setFlag(PersonalDataSet{Involved: true, Source: PersonalDataBySeverity, Level: lv.Key})
	}
}

// syncDeadlines sets a timer for every open deadline at its due time, and
// cancels those of items done, waiting, not applying or already reminded.
// A drill that is over keeps none.
func (r *reaction) syncDeadlines() {
	inc := r.deadlineView()
	if inc.Runbook == nil || inc.Drill && (inc.IsClosed() || inc.DrillRun == nil || inc.DrillRun.Ended) {
		return
	}
	for _, d := range inc.Deadlines() {
		key := d.Item.Key
		if key == "" {
			continue // a runbook attached before items had keys
		}
		if !d.Open() || d.Waiting || d.Reminded() {
			r.cancelTimers(TimerDeadline, key)
			continue
		}
		r.schedule(TimerDeadline, key, d.Due, deadlineTimer{Due: d.Due})
	}
}

// closedDeadlines: a closed incident that still has deadlines to meet is
// reminded of the missed ones daily (status reminders stopped).
func (r *reaction) closedDeadlines() {
	if r.inc.Drill {
		return
	}
	if r.comingDeadlines(r.deadlineView()) {
		r.schedule(TimerDeadlineDaily, "", r.now.Add(DeadlineDaily), dailyTimer{Set: r.now})
	}
}

// comingDeadlines reports whether inc has a deadline still to meet that has
// a due time.
func (r *reaction) comingDeadlines(inc *Incident) bool {
	for _, d := range inc.Deadlines() {
		if d.Open() && !d.Waiting {
			return true
		}
	}
	return false
}

// deadlinePeople are who is reminded of a deadline: the holder of its
// owner role and the commander (else the opener), each once.
func (r *reaction) deadlinePeople(owner Role) []Person {
	var out []Person
	add := func(p Person) {
		if p.IsZero() {
			return
		}
		for _, q := range out {
			if q.ID == p.ID {
				return
			}
		}
		out = append(out, p)
	}
	if owner != "" {
		add(r.inc.Holder(owner))
	}
	add(r.commander())
	return out
}

// deadlineDue: an item's due time came. Unless it was done, stopped
// applying, moved to another due time or was reminded already, the miss is
// recorded and its people are reminded.
func (r *reaction) deadlineDue(t Timer) {
	var b deadlineTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("deadline timer body: %w", err)
		return
	}
	d, ok := r.inc.deadline(t.Key)
	if !ok || !d.Open() || d.Waiting || !d.Due.Equal(b.Due) || d.Reminded() {
		return
	}
	people := r.deadlinePeople(d.Item.Owner)
	closed := r.inc.IsClosed()
	r.add(subjectOf(people), DeadlineMissed{Key: d.Item.Key, Phase: d.Phase, Item: d.N, Text: d.Item.Text, Owner: d.Item.Owner,
		Due: d.Due, People: people, Simulated: r.inc.Drill, Closed: closed})
	r.deadlineNotice(d, people, closed, "notice.deadline_missed", 0)
}

// deadlineReminders go with a status reminder: every missed deadline whose
// item is still not done is reminded again.
func (r *reaction) deadlineReminders() { r.remindMissed(false) }

// deadlineDaily: a closed incident's missed deadlines are reminded again;
// the next daily reminder is set while any deadline is still to be met.
func (r *reaction) deadlineDaily() {
	if !r.inc.IsClosed() || r.inc.Drill {
		return // reopened: status reminders took over
	}
	r.remindMissed(true)
	if r.comingDeadlines(r.inc) {
		r.schedule(TimerDeadlineDaily, "", r.now.Add(DeadlineDaily), dailyTimer{Set: r.now})
	}
}

func (r *reaction) remindMissed(closed bool) {
	for _, d := range r.inc.Deadlines() {
		if !d.Overdue(r.now) || !d.Reminded() {
			continue
		}
		people := r.deadlinePeople(d.Item.Owner)
		late := r.inc.DrillSpan(r.now.Sub(d.Due))
		r.add(subjectOf(people), DeadlineReminded{Key: d.Item.Key, Text: d.Item.Text, Owner: d.Item.Owner, Due: d.Due, Late: late,
			People: people, Simulated: r.inc.Drill, Closed: closed})
		r.deadlineNotice(d, people, closed, "notice.deadline_still", late)
	}
}

// deadlineNotice reminds people of deadline d: in the incident channel, or
// in the announce channel once the incident is closed.
func (r *reaction) deadlineNotice(d Deadline, people []Person, closed bool, key MsgKey, late time.Duration) {
	owner := Msg(M("deadline.owner_none", nil))
	if d.Item.Owner != "" {
		owner = M("deadline.owner", Args{"role": d.Item.Owner})
	}
	if closed {
		key += "_closed"
	}
	var target Target
	if len(people) > 0 {
		target = userTarget(people[0].ID)
	}
	r.notice(Notice{Kind: NoticeDeadline, Target: target, Role: d.Item.Owner,
		Deadline: &DeadlineNotice{Key: d.Item.Key, People: people, Closed: closed},
		Text: M(key, Args{"ref": r.inc.Ref(), "text": headline(d.Item.Text), "key": d.Item.Key, "due": When{d.Due, r.rules.loc},
			"late": Span(late), "owner": owner, "people": personList(people)})})
}

// subjectOf is the subject of a reminder's event: the first person told.
func subjectOf(people []Person) string {
	if len(people) == 0 {
		return ""
	}
	return people[0].ID
}

// personList shows people as "@sato, @suzuki".
type personList []Person

func (p personList) Localize(l Lang) string {
	if len(p) == 0 {
		return "—"
	}
	parts := make([]Msg, len(p))
	for i, x := range p {
		parts[i] = M("told.person", Args{"person": x})
	}
	return joinMsgs(parts).Localize(l)
}
