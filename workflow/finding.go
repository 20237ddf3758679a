package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Findings followed to closure (PRACTICE.md, "Tabletop drills": findings
// feed updates to contacts, authority and procedures). A finding — of a
// drill, or a follow-up action after a real incident ("followup" is the
// same command) — has an owner and a due date; "finding done <n> [note]"
// closes it, whenever that is: after the incident closed too. A finding
// past its due date reminds its owner every week until it is closed (a
// drill's in the drill's channel, as everything about a drill). "findings
// [open|all]" lists them across incidents, a private incident's only to
// those who may see it.
//
// The state of the findings is read from the timeline (Findings), not
// kept in the incident's snapshot.

// Finding event kinds. Never rename one.
const (
	EventFindingClosed   EventKind = "finding_closed"
	EventFindingReminded EventKind = "finding_reminded"
)

// TimerFindingDue reminds the owner of an overdue finding; key: the
// finding's event number. It outlives the incident's close.
const TimerFindingDue TimerKind = "finding_due"

// findingReminderEvery is how often an overdue finding reminds its owner.
const findingReminderEvery = 7 * 24 * time.Hour

// FindingClosed records that finding Finding (its number in the incident,
// from 1; Seq its event) is done, with a note. The event's actor closed
// it; its subject is "finding:<n>", so a redacted one still says which.
type FindingClosed struct {
	Finding int    `json:"finding"`
	Seq     int    `json:"seq"`
	Note    string `json:"note,omitempty"`
}

// FindingReminded records a reminder of an overdue finding to Person (its
// owner; else the commander, else the opener).
type FindingReminded struct {
	Finding int    `json:"finding"`
	Seq     int    `json:"seq"`
	Person  Person `json:"person"`
	Due     string `json:"due"` // YYYY-MM-DD
}

func (FindingClosed) Kind() EventKind   { return EventFindingClosed }
func (FindingReminded) Kind() EventKind { return EventFindingReminded }

// findingSubject is the subject of a FindingClosed.
func findingSubject(n int) string { return "finding:" + strconv.Itoa(n) }

// FindingOf reads the finding's number back from the subject of a
// FindingClosed, which a redaction keeps; 0 for another subject.
func FindingOf(subject string) int {
	s, ok := strings.CutPrefix(subject, "finding:")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// Finding is one finding as its incident's timeline stands.
type Finding struct {
	Number   int       `json:"number"` // from 1, in the order recorded
	Seq      int       `json:"seq"`    // the finding event
	At       time.Time `json:"at"`
	By       Person    `json:"by"` // who recorded it
	Redacted bool      `json:"redacted,omitempty"`
	FindingFields
	Closed    bool      `json:"closed,omitempty"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	ClosedBy  Person    `json:"closed_by,omitzero"`
	ClosedSeq int       `json:"closed_seq,omitempty"`
	Note      string    `json:"note,omitempty"`
}

// Findings lists the findings of a timeline, in the order recorded, with
// whether and how each was closed.
func Findings(events []Event) []Finding {
	var out []Finding
	for _, e := range events {
		switch e.Kind {
		case EventFinding, EventFindingClosed:
		default:
			continue
		}
		p, err := e.Payload()
		if err != nil {
			continue
		}
		if e.Kind == EventFinding {
			f := Finding{Number: len(out) + 1, Seq: e.Seq, At: e.OccurredAt, By: e.Actor.Person(), Redacted: p == nil}
			if x, ok := p.(FindingRecorded); ok {
				f.FindingFields = x.FindingFields
			}
			out = append(out, f)
			continue
		}
		n, note := 0, ""
		if x, ok := p.(FindingClosed); ok {
			n, note = x.Finding, x.Note
		} else {
			n = FindingOf(e.Subject)
		}
		if n >= 1 && n <= len(out) && !out[n-1].Closed {
			f := &out[n-1]
			f.Closed, f.ClosedAt, f.ClosedBy, f.ClosedSeq, f.Note = true, e.OccurredAt, e.Actor.Person(), e.Seq, note
		}
	}
	return out
}

// FindingDueEnd is when a finding due on date (YYYY-MM-DD, in loc) is
// overdue: the end of that day; false for no date.
func FindingDueEnd(date string, loc *time.Location) (time.Time, bool) { return dueEnd(date, loc) }

// dueEnd is when a finding due on date (YYYY-MM-DD, in loc) is overdue:
// the end of that day.
func dueEnd(date string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	d, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, 1), true
}

// decideFinding records a finding, or closes one (finding done <n>). A new
// finding is taken on any open incident, and on a drill after it ended
// (the debrief is where many come up); one is closed whenever it is done,
// after the incident closed too.
func decideFinding(tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
	if cmd.FindingNumber > 0 {
		return decideFindingDone(tx, inc, cmd, e)
	}
	if inc.IsClosed() && !inc.Drill {
		return nil, Problemf(ErrClosed, "err.closed", Args{"ref": inc.Ref()})
	}
	f := cmd.Finding
	if cmd.Assignee.Me {
		f.Owner = e.actor.Person()
	} else if !cmd.Assignee.Person.IsZero() {
		f.Owner = cmd.Assignee.Person
	}
	return []Draft{{Subject: f.Owner.ID, Payload: FindingRecorded{FindingFields: f}}}, nil
}

func decideFindingDone(tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
	events, err := tx.Events(inc.ID)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", inc.Ref(), err)
	}
	fs := Findings(events)
	n := cmd.FindingNumber
	a := Args{"ref": inc.Ref(), "n": n, "count": len(fs)}
	switch {
	case len(fs) == 0:
		return nil, Problemf(ErrNotFound, "err.finding_none", a)
	case n > len(fs):
		return nil, Problemf(ErrNotFound, "err.finding_unknown", a)
	case fs[n-1].Closed:
		a["at"], a["by"] = When{fs[n-1].ClosedAt, e.loc}, fs[n-1].ClosedBy
		return nil, Problemf(ErrInvalid, "err.finding_closed", a)
	}
	return []Draft{{Subject: findingSubject(n), Payload: FindingClosed{Finding: n, Seq: fs[n-1].Seq, Note: cmd.Note}}}, nil
}

// findingTimer is the body of a TimerFindingDue.
type findingTimer struct {
	Finding int    `json:"finding"`
	Owner   Person `json:"owner,omitzero"`
	Due     string `json:"due"`
}

// findingRecorded sets the reminder of a finding with a due date, for the
// end of that day. n is the finding's number, seq its event.
func (r *reaction) findingRecorded(x FindingRecorded, n, seq int) {
	end, ok := dueEnd(x.Due, r.rules.loc)
	if !ok {
		return
	}
	r.schedule(TimerFindingDue, strconv.Itoa(seq), end, findingTimer{Finding: n, Owner: x.Owner, Due: x.Due})
}

// findingDue: the finding is overdue and still open (closing it cancels
// the timer). Its owner is reminded, and again a week later.
func (r *reaction) findingDue(t Timer) {
	var b findingTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("finding timer body: %w", err)
		return
	}
	seq, err := strconv.Atoi(t.Key)
	if err != nil {
		r.rules.log.Warn("finding timer for no finding", "key", t.Key, "incident", r.inc.Ref().String())
		return
	}
	who := b.Owner
	if who.IsZero() {
		who = r.inc.Holder(RoleCommander)
	}
	if who.IsZero() {
		who = r.inc.Opener
	}
	r.add(who.ID, FindingReminded{Finding: b.Finding, Seq: seq, Person: who, Due: b.Due})
	r.notice(Notice{Kind: NoticeFindingDue, Target: userTarget(who.ID),
		Text: M("finding.reminder", Args{"ref": r.inc.Ref(), "n": b.Finding, "due": b.Due, "person": who})})
	next := t.Due.Add(findingReminderEvery)
	for !next.After(r.now) {
		next = next.Add(findingReminderEvery)
	}
	r.schedule(TimerFindingDue, t.Key, next, b)
}

// confirmFinding is the reply to finding and finding done.
func (s *Service) confirmFinding(_ *Incident, cmd Command, events []Event, a Args) []Msg {
	if cmd.FindingNumber > 0 {
		a["n"] = cmd.FindingNumber
		return []Msg{M("finding.closed", a)}
	}
	lines := []Msg{M("finding.done", a)}
	if due, err := time.ParseInLocation(time.DateOnly, cmd.Finding.Due, s.loc); err == nil {
		lines = append(lines, M("finding.due", Args{"due": Echo{T: due, Now: events[0].RecordedAt, Loc: s.loc, DateOnly: true}}))
	}
	return lines
}

// findings runs "findings [open|all]": the findings of every incident the
// actor may see, open ones only unless all.
func (s *Service) findings(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	type group struct {
		inc *Incident
		fs  []Finding
	}
	var groups []group
	total, closed := 0, 0
	err := s.store.View(ctx, func(tx ReadTx) error {
		incs, err := tx.Incidents(Filter{})
		if err != nil {
			return fmt.Errorf("list incidents: %w", err)
		}
		for _, inc := range incs {
			if inc.Findings == 0 || !s.visible(inc, req.Actor) {
				continue
			}
			events, err := tx.Events(inc.ID)
			if err != nil {
				return fmt.Errorf("events of %s: %w", inc.Ref(), err)
			}
			var keep []Finding
			for _, f := range Findings(events) {
				total++
				if f.Closed {
					closed++
				}
				if cmd.All || !f.Closed {
					keep = append(keep, f)
				}
			}
			if len(keep) > 0 {
				groups = append(groups, group{inc, keep})
			}
		}
		return nil
	})
	if err != nil {
		return Reply{}, err
	}
	if len(groups) == 0 {
		key := MsgKey("findings.none_open")
		if cmd.All {
			key = "findings.none"
		}
		return Reply{Lines: []Msg{M(key, Args{"total": total})}}, nil
	}
	head := M("findings.head_open", Args{"count": total - closed, "total": total})
	if cmd.All {
		head = M("findings.head_all", Args{"count": total, "closed": closed})
	}
	lines := []Msg{head}
	today := e.now.In(s.loc).Format(time.DateOnly)
	for _, g := range groups {
		lines = append(lines, M("findings.incident", Args{"ref": g.inc.Ref(), "title": g.inc.Title}))
		for _, f := range g.fs {
			lines = append(lines, s.findingItem(g.inc, f, today))
		}
	}
	return Reply{Lines: lines}, nil
}

// findingItem is one finding of the findings list.
func (s *Service) findingItem(inc *Incident, f Finding, today string) Msg {
	a := Args{"n": f.Number, "text": f.Text, "owner": f.Owner, "due": text(f.Due), "ref": inc.Ref()}
	if f.Redacted {
		a["text"] = M("findings.redacted", nil)
	}
	switch {
	case f.Closed:
		a["at"], a["by"], a["note"] = When{f.ClosedAt, s.loc}, f.ClosedBy, text(f.Note)
		return M("findings.item_closed", a)
	case f.Due != "" && f.Due < today:
		return M("findings.item_overdue", a)
	}
	return M("findings.item", a)
}
