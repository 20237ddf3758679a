// Package report renders one incident as a post-incident report (Markdown in
// English or Japanese, and JSON) and computes the KPI statistics shown by
// `incidentbot stats`. Everything here is a pure function of stored data: the
// incident snapshot and its timeline events. There is no clock: "now" for a
// phase that is still running is the time of the last event.
//
// Free text (decisions, status boxes, notes, postmortem fields) is read from
// the events, never from the snapshot, so a redacted payload cannot reach a
// report through a stale snapshot. A redacted event appears as a row marked
// redacted, with no content at all.
package report

import (
	"errors"
	"fmt"
	"time"

	"incidentbot/workflow"
)

// FormatVersion identifies the JSON layout documented in docs/export.md. It
// changes only when a field is renamed or removed or changes meaning.
const FormatVersion = "incidentbot.report/v1"

// Report is the model of a post-incident report. Build fills it; Markdown and
// JSON render it. The JSON names of the fields are documented in docs/export.md.
type Report struct {
	// Location is the time zone times are shown in by Markdown (default UTC).
	// JSON always writes UTC.
	Location *time.Location `json:"-"`
	// Scale names the severity levels in Markdown (default workflow.DefaultScale()).
	Scale workflow.Scale `json:"-"`

	Format string    `json:"format"` // FormatVersion
	AsOf   time.Time `json:"as_of"`  // time of the last event: the report's "now"

	Summary         Summary          `json:"summary"`
	SeverityHistory []SeverityChange `json:"severity_history"`
	Roles           Roles            `json:"roles"`
	Escalation      Escalation       `json:"escalation"` // escalation.go
	Phases          Phases           `json:"phases"`
	Checklist       *Checklist       `json:"checklist"` // checklist.go; null without a runbook
	Drill           *Drill           `json:"drill"`     // scorecard.go; null for a real incident
	Findings        []Finding        `json:"findings"`  // scorecard.go
	Decisions       []Decision       `json:"decisions"`
	Corrections     []Correction     `json:"corrections"`
	StatusUpdates   []StatusUpdate   `json:"status_updates"`
	Notes           []Note           `json:"notes"`
	Postmortem      Postmortem       `json:"postmortem"`
	Redactions      []Redaction      `json:"redactions"`
	Events          []Event          `json:"events"`
	Chain           Chain            `json:"chain"`
}

// Person is someone named in the report. A nil *Person means nobody.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func person(p workflow.Person) *Person {
	if p.IsZero() {
		return nil
	}
	return &Person{ID: p.ID, Name: p.Name}
}

func actorPerson(a workflow.Actor) *Person { return person(a.Person()) }

// display is how Markdown shows a person: "@name", or "—" for nobody.
func (p *Person) display() string {
	if p == nil {
		return "—"
	}
	return workflow.Person{ID: p.ID, Name: p.Name}.Display()
}

// Summary is the incident at a glance.
type Summary struct {
	Ref        string               `json:"ref"` // "#3" or "#D-2"
	ID         workflow.ID          `json:"id"`
	Number     int                  `json:"number"`
	Drill      bool                 `json:"drill"`
	Private    bool                 `json:"private"`
	Title      string               `json:"title"`
	Severity   workflow.SeverityKey `json:"severity"`
	Phase      workflow.Phase       `json:"phase"`
	Opener     *Person              `json:"opener"`
	StartedAt  time.Time            `json:"started_at"`
	DetectedAt time.Time            `json:"detected_at"`
	OpenedAt   time.Time            `json:"opened_at"`
	ResolvedAt *time.Time           `json:"resolved_at"` // null until recover → post
	ClosedAt   *time.Time           `json:"closed_at"`   // null while open
	FalseAlarm string               `json:"false_alarm_reason"`
	// TimeToDetect is detected − started, in seconds.
	TimeToDetect int64 `json:"time_to_detect_seconds"`
	// TimeToRecover is resolved − started, in seconds; null until resolved.
	TimeToRecover *int64 `json:"time_to_recover_seconds"`
	EventCount    int    `json:"event_count"`
	DecisionCount int    `json:"decision_count"`
}

// SeverityChange is one row of the severity history; the opening severity
// comes first, with an empty From.
type SeverityChange struct {
	Seq    int                  `json:"seq"`
	At     time.Time            `json:"at"`
	From   workflow.SeverityKey `json:"from"`
	To     workflow.SeverityKey `json:"to"`
	Reason string               `json:"reason"`
	By     *Person              `json:"by"`
}

// Roles are the current holders and every handover.
type Roles struct {
	Current   []RoleHolder `json:"current"`
	Handovers []Handover   `json:"handovers"`
}

// RoleHolder is who holds one role now (nil: nobody).
type RoleHolder struct {
	Role   workflow.Role `json:"role"`
	Holder *Person       `json:"holder"`
}

// Handover is one role assignment: From is nil on a first assignment.
type Handover struct {
	Seq  int           `json:"seq"`
	At   time.Time     `json:"at"`
	Role workflow.Role `json:"role"`
	From *Person       `json:"from"`
	To   *Person       `json:"to"`
	By   *Person       `json:"by"`
}

// Phases is the phase timeline.
type Phases struct {
	Stints []Stint      `json:"stints"`
	Totals []PhaseTotal `json:"totals"`
}

// Stint is one stay in a phase. The first begins when the incident is opened
// (phase detect); each phase move ends one and begins the next. The stint the
// incident is in now has no LeftAt; if it is a working phase its duration runs
// to the report's AsOf, if it is the closed phase it has no duration.
type Stint struct {
	Phase     workflow.Phase `json:"phase"`
	Seq       int            `json:"seq"`    // the event that entered it
	Move      string         `json:"move"`   // "opened", or the workflow.Move that entered it
	Reason    string         `json:"reason"` // given with a back-step, false alarm or reopen
	EnteredAt time.Time      `json:"entered_at"`
	LeftAt    *time.Time     `json:"left_at"`
	Duration  *int64         `json:"duration_seconds"`
	Current   bool           `json:"current"`
}

// PhaseTotal is the time spent in one working phase over all its stints.
type PhaseTotal struct {
	Phase    workflow.Phase `json:"phase"`
	Duration int64          `json:"duration_seconds"`
}

// DecisionText is the four free-text fields of a decision-log entry.
type DecisionText struct {
	Decision string `json:"decision"`
	Why      string `json:"why"`
	Action   string `json:"action"`
	Next     string `json:"next"`
}

func decisionText(f workflow.DecisionFields) DecisionText {
	return DecisionText{Decision: f.Decision, Why: f.Why, Action: f.Action, Next: f.Next}
}

func (d DecisionText) fields() workflow.DecisionFields {
	return workflow.DecisionFields{Decision: d.Decision, Why: d.Why, Action: d.Action, Next: d.Next}
}

// Decision is a decision-log entry exactly as recorded. Corrections never
// change it; Current is the entry as amended by them.
type Decision struct {
	Number   int       `json:"number"`
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	Author   *Person   `json:"author"`
	Redacted bool      `json:"redacted"`
	DecisionText
	CorrectedBy []int        `json:"corrected_by"` // seqs of the corrections to it
	Current     DecisionText `json:"current"`
	// Stop is what the decision stops (its "| stop:" tag); Approval how that
	// was settled, nil when it stops nothing (see approval.go).
	Stop     string    `json:"stop"`
	Approval *Approval `json:"approval"`
}

// Correction is an amendment: a new entry pointing at the decision it
// corrects. Its own fields are as typed (empty: unchanged); Result is the
// corrected decision after it.
type Correction struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	Author   *Person   `json:"author"`
	Corrects int       `json:"corrects"` // the decision number
	Redacted bool      `json:"redacted"`
	DecisionText
	Result DecisionText `json:"result"`
}

// StatusUpdate is a 3-box status update.
type StatusUpdate struct {
	Seq         int       `json:"seq"`
	At          time.Time `json:"at"`
	Author      *Person   `json:"author"`
	Redacted    bool      `json:"redacted"`
	Confirmed   string    `json:"confirmed"`
	Unconfirmed string    `json:"unconfirmed"`
	Next        string    `json:"next"`
}

// Note is a free note from the timeline.
type Note struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	Author   *Person   `json:"author"`
	Redacted bool      `json:"redacted"`
	Text     string    `json:"text"`
	// Pinned notes are chat messages added to the timeline (a 📌 reaction):
	// Author wrote the message at At; Permalink points at it.
	Pinned    bool   `json:"pinned"`
	Permalink string `json:"permalink"`
	Retracted bool   `json:"retracted"` // the pin was withdrawn later
}

// Postmortem is the report's one-page ending, merged from every update that
// was not redacted.
type Postmortem struct {
	Cause      string `json:"cause"`
	Impact     string `json:"impact"`
	Prevention string `json:"prevention"`
	Open       string `json:"open_items"`
	Updates    []int  `json:"updates"` // seqs of the postmortem events, redacted ones included
}

// Redaction says which event's payload was removed, why and by whom.
type Redaction struct {
	Seq          int                `json:"seq"` // the redaction event
	At           time.Time          `json:"at"`
	By           *Person            `json:"by"`
	RedactedSeq  int                `json:"redacted_seq"`
	RedactedKind workflow.EventKind `json:"redacted_kind"`
	Reason       string             `json:"reason"`
}

// Event is one row of the full event list.
type Event struct {
	Seq        int                `json:"seq"`
	Kind       workflow.EventKind `json:"kind"`
	OccurredAt time.Time          `json:"occurred_at"`
	RecordedAt time.Time          `json:"recorded_at"`
	Actor      Actor              `json:"actor"`
	Subject    string             `json:"subject"`
	Redacted   bool               `json:"redacted"`
	Unreadable bool               `json:"unreadable"` // the stored payload does not decode
	Hash       workflow.Hash      `json:"hash"`
}

// Actor is who recorded an event.
type Actor struct {
	Team string `json:"team"`
	User string `json:"user"`
	Name string `json:"name"`
}

// Chain is the result of verifying the hash chain.
type Chain struct {
	OK bool `json:"ok"`
	// Head is the stored hash of the last event, in full: a copy of the report
	// published elsewhere anchors the chain.
	Head workflow.Hash `json:"head"`
	// BrokenAt is the first event that does not verify (null when OK).
	BrokenAt *int   `json:"broken_at"`
	Reason   string `json:"reason"`
}

// Build makes the report of inc from its events (all of them, in seq order).
// With inc nil the incident is rebuilt from the events. Build does not fail
// on a broken chain or an unreadable payload: the chain result says so.
func Build(inc *workflow.Incident, events []workflow.Event) (*Report, error) {
	if len(events) == 0 {
		return nil, errors.New("report: the incident has no events")
	}
	if inc == nil {
		var err error
		if inc, err = workflow.Replay(events); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if inc.Seq != len(events) {
		return nil, fmt.Errorf("report: %s has %d events but the snapshot is at event %d", inc.Ref(), len(events), inc.Seq)
	}
	for _, e := range events {
		if e.IncidentID != inc.ID {
			return nil, fmt.Errorf("report: event %d belongs to incident %s, not %s", e.Seq, e.IncidentID, inc.ID)
		}
	}

	r := &Report{
		Location:        time.UTC,
		Scale:           workflow.DefaultScale(),
		Format:          FormatVersion,
		SeverityHistory: []SeverityChange{},
		Roles:           Roles{Current: []RoleHolder{}, Handovers: []Handover{}},
		Escalation:      Escalation{Steps: []EscalationStep{}, Acknowledgements: []Acknowledgement{}},
		Phases:          Phases{Stints: []Stint{}, Totals: []PhaseTotal{}},
		Decisions:       []Decision{},
		Corrections:     []Correction{},
		StatusUpdates:   []StatusUpdate{},
		Notes:           []Note{},
		Postmortem:      Postmortem{Updates: []int{}},
		Redactions:      []Redaction{},
		Findings:        []Finding{},
		Events:          []Event{},
	}
	for _, e := range events {
		if e.OccurredAt.After(r.AsOf) {
			r.AsOf = e.OccurredAt.UTC()
		}
	}
	r.summary(inc, len(events))
	for _, role := range workflow.Roles {
		r.Roles.Current = append(r.Roles.Current, RoleHolder{Role: role, Holder: person(inc.Holder(role))})
	}

	var pm workflow.PostmortemFields
	for _, e := range events {
		at, by := e.OccurredAt.UTC(), actorPerson(e.Actor)
		row := Event{
			Seq: e.Seq, Kind: e.Kind, OccurredAt: at, RecordedAt: e.RecordedAt.UTC(),
			Actor:   Actor{Team: e.Actor.Team, User: e.Actor.User, Name: e.Actor.Name},
			Subject: e.Subject, Redacted: e.Redacted, Hash: e.Hash,
		}
		p, err := e.Payload()
		if err != nil {
			row.Unreadable = true
			r.Events = append(r.Events, row)
			continue
		}
		r.Events = append(r.Events, row)
		if p == nil { // redacted: the structure stays, the text is gone
			r.redacted(e, at, by)
			continue
		}
		switch x := p.(type) {
		case workflow.Opened:
			r.SeverityHistory = append(r.SeverityHistory, SeverityChange{Seq: e.Seq, At: at, To: x.Severity, By: by})
			r.enter(workflow.PhaseDetect, e.Seq, "opened", "", at)
		case workflow.SeverityChanged:
			r.SeverityHistory = append(r.SeverityHistory, SeverityChange{Seq: e.Seq, At: at, From: x.From, To: x.To, Reason: x.Reason, By: by})
		case workflow.Notified, workflow.Acknowledged, workflow.Escalated, workflow.EscalationCancelled,
			workflow.EscalationExhausted, workflow.Reminded:
			r.escalation(p, e.Seq, at, by)
		case workflow.RunbookAttached, workflow.ChecklistTicked, workflow.ChecklistUnticked, workflow.ChecklistSkipped:
			r.checklist(p, e.Seq, at, by)
		case workflow.DrillStarted, workflow.InjectPosted, workflow.ExpectationMet, workflow.ExpectationMissed,
			workflow.FindingRecorded, workflow.DrillEnded:
			r.drillEvent(p, e.Seq, at, by)
		case workflow.RoleAssigned:
			r.Roles.Handovers = append(r.Roles.Handovers, Handover{Seq: e.Seq, At: at, Role: x.Role, From: person(x.From), To: person(x.To), By: by})
		case workflow.PhaseChanged:
			r.enter(x.To, e.Seq, string(x.Move), x.Reason, at)
		case workflow.DecisionRecorded:
			t := decisionText(x.DecisionFields)
			r.Decisions = append(r.Decisions, Decision{Number: len(r.Decisions) + 1, Seq: e.Seq, At: at, Author: by,
				DecisionText: t, CorrectedBy: []int{}, Current: t, Stop: x.Stop})
		case workflow.StopRequested, workflow.StopApproved, workflow.StopRefused:
			r.approval(p, e.Seq, at, by)
		case workflow.Amended:
			c := Correction{Seq: e.Seq, At: at, Author: by, Corrects: x.Of, DecisionText: decisionText(x.DecisionFields)}
			if x.Of >= 1 && x.Of <= len(r.Decisions) {
				d := &r.Decisions[x.Of-1]
				d.Current = decisionText(workflow.MergeDecision(d.Current.fields(), x.DecisionFields))
				d.CorrectedBy = append(d.CorrectedBy, e.Seq)
				c.Result = d.Current
			}
			r.Corrections = append(r.Corrections, c)
		case workflow.StatusPosted:
			r.StatusUpdates = append(r.StatusUpdates, StatusUpdate{Seq: e.Seq, At: at, Author: by,
				Confirmed: x.Confirmed, Unconfirmed: x.Unconfirmed, Next: x.Next})
		case workflow.NoteLogged:
			r.Notes = append(r.Notes, Note{Seq: e.Seq, At: at, Author: by, Text: x.Text})
		case workflow.MessagePinned:
			r.Notes = append(r.Notes, Note{Seq: e.Seq, At: at, Author: person(x.Author), Text: x.Text, Pinned: true, Permalink: x.Permalink})
		case workflow.PinRetracted:
			for i := range r.Notes {
				if r.Notes[i].Seq == x.Of {
					r.Notes[i].Retracted = true
				}
			}
		case workflow.PostmortemUpdated:
			pm = workflow.MergePostmortem(pm, x.PostmortemFields)
			r.Postmortem.Updates = append(r.Postmortem.Updates, e.Seq)
		case workflow.Redaction:
			red := Redaction{Seq: e.Seq, At: at, By: by, RedactedSeq: x.Seq, Reason: x.Reason}
			if x.Seq >= 1 && x.Seq <= len(events) {
				red.RedactedKind = events[x.Seq-1].Kind
			}
			r.Redactions = append(r.Redactions, red)
		}
	}
	r.Postmortem.Cause, r.Postmortem.Impact = pm.Cause, pm.Impact
	r.Postmortem.Prevention, r.Postmortem.Open = pm.Prevention, pm.Open
	r.finishPhases()
	r.finishChecklist()
	r.chain(events)
	return r, nil
}

func (r *Report) summary(inc *workflow.Incident, n int) {
	s := Summary{
		Ref: inc.Ref().String(), ID: inc.ID, Number: inc.Number, Drill: inc.Drill, Private: inc.Private,
		Title: inc.Title, Severity: inc.Severity, Phase: inc.Phase, Opener: person(inc.Opener),
		StartedAt: inc.StartedAt.UTC(), DetectedAt: inc.DetectedAt.UTC(), OpenedAt: inc.OpenedAt.UTC(),
		ResolvedAt: optTime(inc.ResolvedAt), ClosedAt: optTime(inc.ClosedAt), FalseAlarm: inc.FalseAlarm,
		TimeToDetect: seconds(inc.TimeToDetect()), EventCount: n, DecisionCount: inc.DecisionCount,
	}
	if d, ok := inc.TimeToRecover(); ok {
		v := seconds(d)
		s.TimeToRecover = &v
	}
	r.Summary = s
}

// redacted records the structure of a redacted event: its row in its section,
// marked redacted, with every text field empty.
func (r *Report) redacted(e workflow.Event, at time.Time, by *Person) {
	switch e.Kind {
	case workflow.EventDecision:
		r.Decisions = append(r.Decisions, Decision{Number: len(r.Decisions) + 1, Seq: e.Seq, At: at, Author: by,
			Redacted: true, CorrectedBy: []int{}})
	case workflow.EventAmendment:
		// Which decision it corrected was part of the payload, so it is gone too.
		r.Corrections = append(r.Corrections, Correction{Seq: e.Seq, At: at, Author: by, Redacted: true})
	case workflow.EventStatus:
		r.StatusUpdates = append(r.StatusUpdates, StatusUpdate{Seq: e.Seq, At: at, Author: by, Redacted: true})
	case workflow.EventNote:
		r.Notes = append(r.Notes, Note{Seq: e.Seq, At: at, Author: by, Redacted: true})
	case workflow.EventMessagePinned:
		r.Notes = append(r.Notes, Note{Seq: e.Seq, At: at, Author: by, Redacted: true, Pinned: true})
	case workflow.EventEscalated:
		r.Escalation.Steps = append(r.Escalation.Steps, EscalationStep{Seq: e.Seq, At: at, Kind: e.Kind, By: by, Redacted: true})
	case workflow.EventPostmortem:
		r.Postmortem.Updates = append(r.Postmortem.Updates, e.Seq)
	case workflow.EventFinding:
		r.Findings = append(r.Findings, Finding{Seq: e.Seq, At: at, By: by, Redacted: true})
	}
}

// enter ends the current stint (if any) at at and begins one in phase p.
func (r *Report) enter(p workflow.Phase, seq int, move, reason string, at time.Time) {
	if n := len(r.Phases.Stints); n > 0 {
		prev := &r.Phases.Stints[n-1]
		left := at
		d := seconds(left.Sub(prev.EnteredAt))
		prev.LeftAt, prev.Duration, prev.Current = &left, &d, false
	}
	r.Phases.Stints = append(r.Phases.Stints, Stint{Phase: p, Seq: seq, Move: move, Reason: reason, EnteredAt: at, Current: true})
}

// finishPhases runs the current working phase to AsOf and sums the time spent
// per working phase, in flow order.
func (r *Report) finishPhases() {
	n := len(r.Phases.Stints)
	if n == 0 {
		return
	}
	if last := &r.Phases.Stints[n-1]; last.Phase != workflow.PhaseClosed {
		d := seconds(r.AsOf.Sub(last.EnteredAt))
		last.Duration = &d
	}
	total := map[workflow.Phase]int64{}
	seen := map[workflow.Phase]bool{}
	for _, s := range r.Phases.Stints {
		if s.Duration != nil {
			total[s.Phase] += *s.Duration
		}
		seen[s.Phase] = true
	}
	for _, p := range workflow.Phases {
		if p != workflow.PhaseClosed && seen[p] {
			r.Phases.Totals = append(r.Phases.Totals, PhaseTotal{Phase: p, Duration: total[p]})
		}
	}
}

func (r *Report) chain(events []workflow.Event) {
	r.Chain = Chain{OK: true, Head: events[len(events)-1].Hash}
	if _, err := workflow.VerifyChain(events); err != nil {
		r.Chain.OK = false
		r.Chain.Reason = err.Error()
		var ce *workflow.ChainError
		if errors.As(err, &ce) {
			seq := ce.Seq
			r.Chain.BrokenAt, r.Chain.Reason = &seq, ce.Reason
		}
	}
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// seconds is d in whole seconds, truncated toward zero.
func seconds(d time.Duration) int64 { return int64(d / time.Second) }
