package workflow

import (
	"time"
)

// Deadlines and the personal-data flag.
//
// A personal-data incident in Japan carries legal duties with deadlines: a
// preliminary report to the Personal Information Protection Commission
// promptly, a final one within 30 days (60 when the leak may have been done
// for an unlawful purpose), and a notice to the people concerned. A runbook
// writes them as checklist items with a due time: Due after detection, or
// after the completion of another item (DueAfter), DueUnlawful in place of
// Due when the flag says unlawful purpose, and When = personal_data for
// items that apply only when personal data is involved. Such items outlive
// the close and hold no phase move; their clock (deadline_clock.go) reminds
// the owner role and the commander when one comes due undone.
//
// The personal-data flag is one field of the incident (PersonalData), set
// by /incident personal-data, by a runbook that says so when it is
// attached, or by a severity level that says so when the incident reaches
// it; the last two only while nobody has set it.

// Event kinds of the flag and of deadlines; never rename one.
const (
	EventPersonalDataSet  EventKind = "personal_data_set"
	EventDeadlineMissed   EventKind = "deadline_missed"
	EventDeadlineReminded EventKind = "deadline_reminded"
)

// ItemCondition is when a checklist item applies (ChecklistItem.When).
type ItemCondition string

// WhenPersonalData: the item applies only when personal data is involved.
const WhenPersonalData ItemCondition = "personal_data"

// ItemConditions lists the conditions a runbook may write.
var ItemConditions = []ItemCondition{WhenPersonalData}

// Who set the personal-data flag (PersonalDataSet.Source).
const (
	PersonalDataByCommand  = "command"  // /incident personal-data
	PersonalDataByRunbook  = "runbook"  // a runbook with personal_data = true was attached
	PersonalDataBySeverity = "severity" // the incident reached a level with personal_data = true
)

// PersonalDataSet records whether personal data is involved, and whether
// it may have been taken for an unlawful purpose (unauthorised access,
// theft by an insider), which lengthens the final report's deadline.
type PersonalDataSet struct {
	Involved bool        `json:"involved"`
	Unlawful bool        `json:"unlawful,omitempty"`
	Reason   string      `json:"reason,omitempty"`
	Source   string      `json:"source"`
	Runbook  string      `json:"runbook,omitempty"` // the runbook that set it
	Level    SeverityKey `json:"level,omitempty"`   // the level that set it
}

// DeadlineMissed records that a checklist item's deadline came while the
// item was not done: its owner role's holder and the commander (People)
// were reminded, once; in a drill, Simulated: nobody was. Closed: the
// incident was closed by then, so the reminder went to the announce channel.
type DeadlineMissed struct {
	Key       string    `json:"key"`
	Phase     Phase     `json:"phase"`
	Item      int       `json:"item"`
	Text      Text      `json:"text"`
	Owner     Role      `json:"owner,omitempty"`
	Due       time.Time `json:"due"`
	People    []Person  `json:"people,omitempty"`
	Simulated bool      `json:"simulated,omitempty"`
	Closed    bool      `json:"closed,omitempty"`
}

// DeadlineReminded records a later reminder of a missed deadline: with a
// status reminder while the incident is open, daily once it is closed.
// Late is the time since the deadline (drill time in a drill).
type DeadlineReminded struct {
	Key       string        `json:"key"`
	Text      Text          `json:"text"`
	Owner     Role          `json:"owner,omitempty"`
	Due       time.Time     `json:"due"`
	Late      time.Duration `json:"late_ns"`
	People    []Person      `json:"people,omitempty"`
	Simulated bool          `json:"simulated,omitempty"`
	Closed    bool          `json:"closed,omitempty"`
}

func (PersonalDataSet) Kind() EventKind  { return EventPersonalDataSet }
func (DeadlineMissed) Kind() EventKind   { return EventDeadlineMissed }
func (DeadlineReminded) Kind() EventKind { return EventDeadlineReminded }

// PersonalData is the incident's personal-data flag: the latest
// PersonalDataSet, with when and by whom.
type PersonalData struct {
	Involved bool        `json:"involved"`
	Unlawful bool        `json:"unlawful,omitempty"`
	Reason   string      `json:"reason,omitempty"`
	Source   string      `json:"source"`
	Runbook  string      `json:"runbook,omitempty"`
	Level    SeverityKey `json:"level,omitempty"`
	At       time.Time   `json:"at"`
	By       Person      `json:"by"`
	Seq      int         `json:"seq"`
}

// PersonalDataInvolved reports whether the flag says personal data is
// involved.
func (inc *Incident) PersonalDataInvolved() bool {
	return inc.PersonalData != nil && inc.PersonalData.Involved
}

// applyDeadlines folds the flag and the deadline events into the state
// (called by Apply).
func (inc *Incident) applyDeadlines(p Payload, e Event) {
	switch x := p.(type) {
	case PersonalDataSet:
		inc.PersonalData = &PersonalData{Involved: x.Involved, Unlawful: x.Involved && x.Unlawful, Reason: x.Reason, Source: x.Source,
			Runbook: x.Runbook, Level: x.Level, At: e.OccurredAt, By: e.Actor.Person(), Seq: e.Seq}
	case DeadlineMissed:
		if it := inc.Runbook.byKey(x.Key); it != nil {
			it.Missed = x.Due
		}
	case DeadlineReminded:
	}
}

// applies reports whether item it applies to the incident now: its When
// condition holds.
func (inc *Incident) applies(it RunbookItem) bool {
	switch it.When {
	case "":
		return true
	case WhenPersonalData:
		return inc.PersonalDataInvolved()
	}
	return false
}

// Deadline is where a checklist item with a due time stands.
type Deadline struct {
	Phase Phase
	N     int // the item's number in its phase
	Item  CheckItem
	// Applies: the item's When holds (an item that does not apply has no
	// due time and holds nothing).
	Applies bool
	// Waiting: it counts from another item's completion (DueAfter), which
	// is not done yet, so it has no due time yet.
	Waiting bool
	// Within is the time allowed, as the runbook writes it for the flag in
	// force (DueUnlawful when it says unlawful purpose): drill time in a
	// drill, scaled by the scenario's deadline_scale.
	Within time.Duration
	// From is when the time starts (detection, or the other item's
	// completion); Due is From + Within on the incident's clock. Both zero
	// while it does not apply or waits.
	From, Due time.Time
}

// Done reports whether the item is ticked.
func (d Deadline) Done() bool { return d.Item.State == ItemDone }

// Open reports whether the deadline still asks for something: it applies
// and its item is not done.
func (d Deadline) Open() bool { return d.Applies && !d.Done() }

// Overdue reports whether its due time has come at now with the item not
// done.
func (d Deadline) Overdue(now time.Time) bool {
	return d.Open() && !d.Due.IsZero() && !now.Before(d.Due)
}

// Reminded reports whether its coming due was recorded (DeadlineMissed)
// for the due time in force.
func (d Deadline) Reminded() bool { return !d.Due.IsZero() && d.Item.Missed.Equal(d.Due) }

// Met reports whether the item was done by its due time.
func (d Deadline) Met() bool {
	return d.Done() && !d.Due.IsZero() && !d.Item.At.After(d.Due)
}

// Deadlines lists the items of the attached runbook that carry a due time,
// in the runbook's order, with where each stands.
func (inc *Incident) Deadlines() []Deadline {
	rb := inc.Runbook
	if rb == nil {
		return nil
	}
	var out []Deadline
	for _, pc := range rb.Phases {
		for i, it := range pc.Items {
			if it.Due > 0 {
				out = append(out, inc.deadlineOf(pc.Phase, i+1, it))
			}
		}
	}
	return out
}

// deadline is the deadline of the item with key, if it has one.
func (inc *Incident) deadline(key string) (Deadline, bool) {
	for _, d := range inc.Deadlines() {
		if d.Item.Key == key {
			return d, true
		}
	}
	return Deadline{}, false
}

// deadlineOf works out item it's deadline (item n of phase p).
func (inc *Incident) deadlineOf(p Phase, n int, it CheckItem) Deadline {
	d := Deadline{Phase: p, N: n, Item: it, Applies: inc.applies(it.RunbookItem)}
	within := it.Due
	if pd := inc.PersonalData; pd != nil && pd.Unlawful && it.DueUnlawful > 0 {
		within = it.DueUnlawful
	}
	d.Within = inc.scaleDeadline(within)
	if !d.Applies {
		return d
	}
	d.From = inc.DetectedAt
	if it.DueAfter != "" {
		after := inc.Runbook.byKey(it.DueAfter)
		if after == nil || after.State != ItemDone {
			d.Waiting, d.From = true, time.Time{}
			return d
		}
		d.From = after.At
	}
	d.Due = d.From.Add(inc.RealSpan(d.Within))
	return d
}

// scaleDeadline is the time a runbook allows, in the incident's time: a
// drill's scenario may shrink it (deadline_scale) so that a duty of days
// falls due within the drill.
func (inc *Incident) scaleDeadline(d time.Duration) time.Duration {
	if run := inc.DrillRun; run != nil && run.DeadlineScale > 0 {
		return time.Duration(float64(d) * run.DeadlineScale)
	}
	return d
}

// byKey is the item with key, of any phase; nil if none.
func (rb *AttachedRunbook) byKey(key string) *CheckItem {
	if rb == nil || key == "" {
		return nil
	}
	for i := range rb.Phases {
		for j := range rb.Phases[i].Items {
			if rb.Phases[i].Items[j].Key == key {
				return &rb.Phases[i].Items[j]
			}
		}
	}
	return nil
}

// find is the phase and number of the item with key.
func (rb *AttachedRunbook) find(key string) (Phase, int, bool) {
	if rb == nil {
		return "", 0, false
	}
	for _, pc := range rb.Phases {
		for i, it := range pc.Items {
			if it.Key == key {
				return pc.Phase, i + 1, true
			}
		}
	}
	return "", 0, false
}

// holding lists the items of phase p that hold a step forward: not done,
// applying to the incident, and without a deadline of their own (those
// are tracked by their clock and outlive the close).
func (inc *Incident) holding(p Phase) []SkippedItem {
	var out []SkippedItem
	for i, it := range inc.Runbook.Items(p) {
		if it.State != ItemDone && it.Due == 0 && inc.applies(it.RunbookItem) {
			out = append(out, SkippedItem{Item: i + 1, Text: it.Text})
		}
	}
	return out
}
