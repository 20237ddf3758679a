package workflow

import (
	"fmt"
	"slices"
	"time"
)

// Incident is the current state of one incident: the fold of its timeline.
// Stores keep it as a snapshot beside the events; Replay rebuilds it from them.
type Incident struct {
	ID       ID          `json:"id"`
	Drill    bool        `json:"drill"`  // a tabletop drill: numbered D-1, D-2, …
	Number   int         `json:"number"` // #1, #2, … within its series
	Title    string      `json:"title"`
	Severity SeverityKey `json:"severity"`
	Phase    Phase       `json:"phase"`
	Private  bool        `json:"private"` // visible only to its people, see VisibleTo

	Opener Person          `json:"opener"`
	Roles  map[Role]Person `json:"roles"`
	// OfRecord holds the ids of everyone who has held commander or approver, so a
	// handover does not lock them out of a private incident's record.
	OfRecord []string `json:"of_record,omitempty"`

	StartedAt  time.Time `json:"started_at"`            // the problem began
	DetectedAt time.Time `json:"detected_at"`           // someone noticed it
	OpenedAt   time.Time `json:"opened_at"`             // /incident open
	ResolvedAt time.Time `json:"resolved_at,omitzero"`  // last recover → post move
	ClosedAt   time.Time `json:"closed_at,omitzero"`    // closed (zero while open)
	FalseAlarm string    `json:"false_alarm,omitempty"` // reason, when closed as a false alarm

	// DecisionCount is how many decisions were logged; LastDecision is the
	// latest, as amended. The whole log lives in the timeline (the report
	// reads it there): the snapshot, rewritten on every command, stays small
	// however long the incident runs.
	DecisionCount int              `json:"decision_count"`
	LastDecision  *Decision        `json:"last_decision,omitempty"`
	Status        *Status          `json:"status,omitempty"` // the latest 3-box update
	Postmortem    PostmortemFields `json:"postmortem"`
	// Scope is who and what the incident affects, in numbers (scope.go).
	Scope ScopeFields `json:"scope,omitzero"`

	// PendingStops are the decisions whose "| stop:" waits for approval
	// (approval.go), oldest first.
	PendingStops []PendingStop `json:"pending_stops,omitempty"`

	// Pinned maps "channel/ts" of messages pinned to the timeline to the seq
	// of their event, while not retracted.
	Pinned map[string]int `json:"pinned,omitempty"`
	// Problems are the latest deliveries that failed for good, newest last.
	Problems []DeliveryProblem `json:"problems,omitempty"`

	// Chases is each role's escalation chain (escalate_events.go). Told holds
	// the ids of everyone the bot notified directly (not in a drill): they
	// may see a private incident, to acknowledge it. Paged is set once a
	// notification paged outside the chat, so closing resolves the page.
	Chases map[Role]Chase `json:"chases,omitempty"`
	Told   []string       `json:"told,omitempty"`
	Paged  bool           `json:"paged,omitempty"`

	// Runbook is the runbook attached on opening, with each checklist
	// item's state (checklist.go); nil if none.
	Runbook *AttachedRunbook `json:"runbook,omitempty"`

	// DrillRun is a drill's scenario and clock (drill.go); nil for a real
	// incident. Findings counts the findings recorded (either kind).
	DrillRun *DrillRun `json:"drill_run,omitempty"`
	Findings int       `json:"findings,omitempty"`

	// Affects is the asset and component keys the incident touches
	// (affects); Asks the vendors asked, with their clocks (vendor_events.go).
	Affects []string    `json:"affects,omitempty"`
	Asks    []VendorAsk `json:"asks,omitempty"`

	// Statements are the statements drafted for outside audiences, by
	// number (statement.go); PersonalData is the personal-data flag, nil
	// while nobody has said (deadline.go).
	Statements   []Statement   `json:"statements,omitempty"`
	PersonalData *PersonalData `json:"personal_data,omitempty"`

	Seq     int  `json:"seq"`     // number of the last event
	Head    Hash `json:"head"`    // hash of the last event
	Version int  `json:"version"` // bumped on every change, for optimistic checks
}

// Decision is a decision-log entry as currently amended.
type Decision struct {
	Number int       `json:"number"`
	Seq    int       `json:"seq"` // the event that recorded it
	At     time.Time `json:"at"`
	Author Person    `json:"author"`
	DecisionFields
	Amendments []int  `json:"amendments,omitempty"` // seqs of the amendment events
	Redacted   bool   `json:"redacted,omitempty"`
	Stop       string `json:"stop,omitempty"` // its "| stop:" tag
}

// Status is a 3-box status update.
// DeliveryProblem is a notification that could not be delivered.
type DeliveryProblem struct {
	Seq   int       `json:"seq"`
	At    time.Time `json:"at"`
	What  string    `json:"what"`
	Error string    `json:"error"`
}

type Status struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	Author Person    `json:"author"`
	StatusFields
	Redacted bool `json:"redacted,omitempty"`
}

// Ref is the incident's human reference.
func (inc *Incident) Ref() Ref { return Ref{Drill: inc.Drill, Number: inc.Number} }

// IsClosed reports whether the incident is closed.
func (inc *Incident) IsClosed() bool { return inc.Phase == PhaseClosed }

// Holder returns who holds role r (zero Person if nobody).
func (inc *Incident) Holder(r Role) Person { return inc.Roles[r] }

// Holds reports whether the person with id holds role r.
func (inc *Incident) Holds(id string, r Role) bool {
	p, ok := inc.Roles[r]
	return ok && p.ID == id
}

// VisibleTo reports whether the actor may see the incident. Normal incidents are
// visible to everyone; private ones to the opener, current role holders,
// anyone who has been commander or approver, and anyone the bot notified.
func (inc *Incident) VisibleTo(a Actor) bool {
	if !inc.Private {
		return true
	}
	if inc.Opener.ID == a.User {
		return true
	}
	for _, p := range inc.Roles {
		if p.ID == a.User {
			return true
		}
	}
	return slices.Contains(inc.OfRecord, a.User) || slices.Contains(inc.Told, a.User)
}

// TimeToDetect is detected − started.
func (inc *Incident) TimeToDetect() time.Duration { return inc.DetectedAt.Sub(inc.StartedAt) }

// TimeToRecover is resolved − started; ok is false until it has been resolved.
func (inc *Incident) TimeToRecover() (time.Duration, bool) {
	if inc.ResolvedAt.IsZero() {
		return 0, false
	}
	return inc.ResolvedAt.Sub(inc.StartedAt), true
}

// HasDecision reports whether decision number n was logged.
func (inc *Incident) HasDecision(n int) bool { return n >= 1 && n <= inc.DecisionCount }

// MissingPostmortem lists the postmortem fields close still needs.
func (inc *Incident) MissingPostmortem() []string {
	var miss []string
	if inc.Postmortem.Cause == "" {
		miss = append(miss, "cause")
	}
	if inc.Postmortem.Impact == "" {
		miss = append(miss, "impact")
	}
	if inc.Postmortem.Prevention == "" {
		miss = append(miss, "prevention")
	}
	return miss
}

// Apply folds one sealed event into the state. It is the only place state
// changes, so Replay of the stored events gives back the same incident.
func (inc *Incident) Apply(e Event) error {
	if e.Seq != inc.Seq+1 {
		return fmt.Errorf("apply event %d to incident at %d", e.Seq, inc.Seq)
	}
	p, err := e.Payload()
	if err != nil {
		return err
	}
	inc.Seq, inc.Head = e.Seq, e.Hash
	inc.Version++
	author := e.Actor.Person()
	if p == nil { // redacted: keep the structure, drop the text
		switch e.Kind {
		case EventDecision:
			inc.DecisionCount++
			inc.LastDecision = &Decision{Number: inc.DecisionCount, Seq: e.Seq, At: e.OccurredAt, Author: author, Redacted: true}
		case EventStatus:
			inc.Status = &Status{Seq: e.Seq, At: e.OccurredAt, Author: author, Redacted: true}
		case EventFinding:
			inc.Findings++
		case EventVendorRequested, EventVendorReplied, EventVendorReported:
			inc.applyVendorRedacted(e)
		case EventStatementDrafted, EventStatementEdited:
			inc.applyStatementRedacted(e)
		}
		return nil
	}
	switch x := p.(type) {
	case Opened:
		inc.ID = e.IncidentID
		inc.Drill, inc.Number, inc.Title = x.Drill, x.Number, x.Title
		inc.Severity, inc.Phase, inc.Private = x.Severity, PhaseDetect, x.Private
		inc.Opener = x.Opener
		inc.Roles = map[Role]Person{RoleCommander: x.Opener}
		if x.Drill {
			// Whoever starts a drill runs it; taking command is part of
			// the rehearsal (the scorecard times it).
			inc.Roles = map[Role]Person{}
		}
		inc.addOfRecord(x.Opener)
		inc.StartedAt, inc.DetectedAt, inc.OpenedAt = x.StartedAt, x.DetectedAt, e.OccurredAt
	case SeverityChanged:
		inc.Severity = x.To
	case RoleAssigned:
		if inc.Roles == nil {
			inc.Roles = map[Role]Person{}
		}
		inc.Roles[x.Role] = x.To
		if x.Role == RoleCommander || x.Role == RoleApprover {
			inc.addOfRecord(x.To)
		}
	case PhaseChanged:
		inc.Phase = x.To
		switch {
		case x.From == PhaseRecover && x.To == PhasePost:
			inc.ResolvedAt = e.OccurredAt
		case x.From == PhasePost && x.To != PhaseClosed:
			inc.ResolvedAt = time.Time{}
		}
		switch x.Move {
		case MoveClose:
			inc.ClosedAt = e.OccurredAt
		case MoveFalseAlarm:
			inc.ClosedAt, inc.FalseAlarm = e.OccurredAt, x.Reason
		case MoveReopen:
			inc.ClosedAt, inc.ResolvedAt, inc.FalseAlarm = time.Time{}, time.Time{}, ""
		}
	case DecisionRecorded:
		inc.DecisionCount++
		inc.LastDecision = &Decision{Number: inc.DecisionCount, Seq: e.Seq, At: e.OccurredAt, Author: author, DecisionFields: x.DecisionFields, Stop: x.Stop}
	case Amended:
		if d := inc.LastDecision; d != nil && x.Of == d.Number {
			d.DecisionFields = MergeDecision(d.DecisionFields, x.DecisionFields)
			d.Amendments = append(d.Amendments, e.Seq)
			d.Redacted = false
		}
	case StatusPosted:
		inc.Status = &Status{Seq: e.Seq, At: e.OccurredAt, Author: author, StatusFields: x.StatusFields}
	case NoteLogged:
	case PostmortemUpdated:
		inc.Postmortem = MergePostmortem(inc.Postmortem, x.PostmortemFields)
	case Redaction:
	case MessagePinned:
		if inc.Pinned == nil {
			inc.Pinned = map[string]int{}
		}
		inc.Pinned[x.Channel+"/"+x.TS] = e.Seq
	case StopRequested:
		inc.requestStop(e, x)
	case StopApproved:
		inc.settleStop(x.Decision)
	case StopRefused:
		inc.settleStop(x.Decision)
	case PinRetracted:
		delete(inc.Pinned, x.Channel+"/"+x.TS)
	case DeliveryFailed:
		inc.Problems = append(inc.Problems, DeliveryProblem{Seq: e.Seq, At: e.OccurredAt, What: x.What, Error: x.Error})
		if n := len(inc.Problems); n > maxProblems {
			inc.Problems = slices.Clone(inc.Problems[n-maxProblems:])
		}
	default:
		// Escalation, checklist and drill events are folded by their own
		// files; each ignores the payloads of the others.
		inc.applyEscalation(p, e)
		inc.applyChecklist(p, e)
		inc.applyDrill(p, e)
		inc.applyScope(p)
		inc.applyVendors(p, e)
		inc.applyStatements(p, e)
		inc.applyDeadlines(p, e)
	}
	return nil
}

// maxProblems is how many delivery problems the snapshot keeps (the timeline
// keeps them all).
const maxProblems = 5

// PinnedSeq returns the event that pinned the message channel/ts, if it is
// still pinned.
func (inc *Incident) PinnedSeq(channel, ts string) (int, bool) {
	seq, ok := inc.Pinned[channel+"/"+ts]
	return seq, ok
}

func (inc *Incident) addOfRecord(p Person) {
	if p.ID != "" && !slices.Contains(inc.OfRecord, p.ID) {
		inc.OfRecord = append(inc.OfRecord, p.ID)
	}
}

// MergeDecision applies a correction: non-empty fields of fix replace old's.
func MergeDecision(old, fix DecisionFields) DecisionFields {
	if fix.Decision != "" {
		old.Decision = fix.Decision
	}
	if fix.Why != "" {
		old.Why = fix.Why
	}
	if fix.Action != "" {
		old.Action = fix.Action
	}
	if fix.Next != "" {
		old.Next = fix.Next
	}
	if !fix.DecidedBy.IsZero() {
		old.DecidedBy = fix.DecidedBy
	}
	if !fix.DecidedAt.IsZero() {
		old.DecidedAt = fix.DecidedAt
	}
	return old
}

// MergePostmortem applies an update: non-empty fields of upd replace old's.
func MergePostmortem(old, upd PostmortemFields) PostmortemFields {
	if upd.Cause != "" {
		old.Cause = upd.Cause
	}
	if upd.Impact != "" {
		old.Impact = upd.Impact
	}
	if upd.Prevention != "" {
		old.Prevention = upd.Prevention
	}
	if upd.Open != "" {
		old.Open = upd.Open
	}
	return old
}

// Replay rebuilds an incident from its events (seq order, starting at 1).
func Replay(events []Event) (*Incident, error) {
	var r replayer // service.go
	for _, e := range events {
		r.add(e)
	}
	return r.result()
}
