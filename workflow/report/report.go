// Package report renders one incident as a post-incident report (Markdown and
// HTML in English or Japanese, and JSON) and computes the KPI statistics shown
// by `incidentbot stats`. Everything here is a pure function of stored data:
// the incident snapshot and its timeline events. There is no clock: "now" for
// a phase that is still running is the time of the last event.
//
// The timeline is read, never held: Build folds it event by event into the
// model (the sections a report shows), and the renderers write the readable
// timeline as they read it (write.go). The event list a report ends with
// comes from the heads (no payload) the full pass kept, up to heldHeads;
// past that the rest is read again. Memory depends on what the sections
// hold and stops growing at heldHeads, not with the number of events.
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

// Report is the model of a post-incident report. Build fills it; Write
// renders it. The JSON names of the fields are documented in docs/export.md;
// the event list ("events") is no field: the JSON writer reads it from the
// timeline as it writes it.
type Report struct {
	Format string    `json:"format"` // FormatVersion
	AsOf   time.Time `json:"as_of"`  // when the last event was recorded: the report's "now"

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
	Scope           Scope            `json:"scope"`      // scope.go
	Vendors         Vendors          `json:"vendors"`    // vendors.go
	Statements      []Statement      `json:"statements"` // statements.go
	Deadlines       []Deadline       `json:"deadlines"`  // deadlines.go
	Redactions      []Redaction      `json:"redactions"`
	Chain           Chain            `json:"chain"`

	opts Options
	inc  *workflow.Incident
	// What a later pass over the timeline needs from this one, kept small:
	// the kinds of the redacted events (a redaction names the kind of what
	// it removed) and the events whose payload does not decode.
	redactedKinds map[int]workflow.EventKind
	unreadable    map[int]bool
	// retracted are the pinned messages whose pin was withdrawn (a note
	// let go with its list is marked when it is read again).
	retracted map[int]bool
	// The lists let go for growing past heldItems, and how many items each
	// had (lists.go).
	over    [listCount]bool
	counted [listCount]int
	// highest is the highest severity so far.
	highest workflow.SeverityKey
	// reminded are the reminders of each deadline, by item key; findings
	// counts the findings so far, to number them, and followUps is what
	// closed each or reminded of it, by number (findings.go).
	reminded  map[string]*deadlineReminders
	findings  int
	followUps map[int]*findingFollowUp
	// heads are the events' heads (workflow.Head) as the full pass read
	// them, for the event list written last (eachHead); headsOver: there
	// were more than heldHeads, and the rest are read again.
	heads     []head
	headsKept bool
	headsOver bool
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
	// HighestSeverity is the highest level the incident was ever at.
	HighestSeverity workflow.SeverityKey `json:"highest_severity"`
	// ContainedAt is the last move from contain to recover; null before.
	ContainedAt *time.Time `json:"contained_at"`
	// KeyDecisions are the numbers of the decisions the one-page summary
	// shows: those that stop something first, then the latest, five at
	// most, none redacted (summary.go).
	KeyDecisions []int `json:"key_decisions"`
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

// DecisionText is the fields of a decision-log entry: the four free-text
// ones, who decided and when (by: and at:).
type DecisionText struct {
	Decision string `json:"decision"`
	Why      string `json:"why"`
	Action   string `json:"action"`
	Next     string `json:"next"`
	// DecidedBy is who decided; nil for a decision recorded before the
	// bot kept it (and, in a correction, when it is unchanged).
	DecidedBy *Person `json:"decided_by"`
	// DecidedAt is when it was decided, when given with at: (logged
	// later); nil: when it was recorded (in a correction: unchanged).
	DecidedAt *time.Time `json:"decided_at"`
}

func decisionText(f workflow.DecisionFields) DecisionText {
	d := DecisionText{Decision: f.Decision, Why: f.Why, Action: f.Action, Next: f.Next, DecidedBy: person(f.DecidedBy)}
	if !f.DecidedAt.IsZero() {
		at := f.DecidedAt.UTC()
		d.DecidedAt = &at
	}
	return d
}

func (d DecisionText) fields() workflow.DecisionFields {
	f := workflow.DecisionFields{Decision: d.Decision, Why: d.Why, Action: d.Action, Next: d.Next}
	if d.DecidedBy != nil {
		f.DecidedBy = workflow.Person{ID: d.DecidedBy.ID, Name: d.DecidedBy.Name}
	}
	if d.DecidedAt != nil {
		f.DecidedAt = *d.DecidedAt
	}
	return f
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

// Options are how a report is built and shown. The zero value shows it in
// English, in UTC, with the default severity scale.
type Options struct {
	Lang     workflow.Lang
	Location *time.Location // times are shown in it (JSON: always UTC)
	Scale    workflow.Scale // names and orders the severity levels
	// Draft titles the report as a draft: the one posted when the incident
	// enters post-incident, before it is closed.
	Draft bool
}

func (o Options) withDefaults() Options {
	if o.Lang == "" {
		o.Lang = workflow.English
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if len(o.Scale.Levels) == 0 {
		o.Scale = workflow.DefaultScale()
	}
	return o
}

// Build makes the report of inc from its timeline, read once from src. With
// inc nil the incident is rebuilt from the events first (one more pass).
// Build does not fail on a broken chain or an unreadable payload: the chain
// result says so.
func Build(inc *workflow.Incident, src workflow.EventSource, o Options) (*Report, error) {
	b, err := newBuilder(inc, src, o)
	if err != nil {
		return nil, err
	}
	if err := scanDecoded(src, 0, nil, func(x payloadEvent) error {
		return b.add(x)
	}); err != nil {
		return nil, err
	}
	return b.finish()
}

// builder folds every event of one incident into a report, one at a time,
// counting them and verifying the chain as they come.
type builder struct {
	r    *Report
	n    int
	last workflow.Event
	// chain checks the hash chain as the events come.
	chain workflow.ChainVerifier
	// decisions counts the decisions so far, to number them.
	decisions int
}

// newBuilder starts the report of inc (rebuilt from src when nil). Its "now"
// is when the last event was recorded, so the last event is read first.
func newBuilder(inc *workflow.Incident, src workflow.EventSource, o Options) (*builder, error) {
	o = o.withDefaults()
	if inc == nil {
		var fold []workflow.Event
		// Replaying needs every event in hand only for this convenience
		// (tests); stores always pass the snapshot.
		if err := src.Scan(0, nil, func(e workflow.Event) error { fold = append(fold, e); return nil }); err != nil {
			return nil, err
		}
		if len(fold) == 0 {
			return nil, errors.New("report: the incident has no events")
		}
		var err error
		if inc, err = workflow.Replay(fold); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if inc.Seq < 1 {
		return nil, errors.New("report: the incident has no events")
	}
	r := &Report{
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
		Scope:           Scope{Updates: []ScopeUpdate{}},
		Vendors:         Vendors{Affects: []string{}, Components: []ComponentOwner{}, Requests: []VendorRequest{}},
		Statements:      []Statement{},
		Deadlines:       []Deadline{},
		Redactions:      []Redaction{},
		Findings:        []Finding{},
		opts:            o,
		inc:             inc,
		redactedKinds:   map[int]workflow.EventKind{},
		unreadable:      map[int]bool{},
		retracted:       map[int]bool{},
	}
	var last *workflow.Event
	if err := src.Scan(inc.Seq-1, nil, func(e workflow.Event) error {
		if last == nil {
			last = &e
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if last == nil || last.Seq != inc.Seq {
		return nil, fmt.Errorf("report: %s is at event %d, which its timeline does not hold", inc.Ref(), inc.Seq)
	}
	r.AsOf = lastTime(*last)
	r.summary(inc)
	for _, role := range workflow.Roles {
		r.Roles.Current = append(r.Roles.Current, RoleHolder{Role: role, Holder: person(inc.Holder(role))})
	}
	r.heads, r.headsKept = make([]head, 0, min(inc.Seq, heldHeads)), true
	return &builder{r: r}, nil
}

// heldHeads is how many events' heads the full pass keeps for the event
// list a report ends with (the appendix, JSON's "events"), so the list
// needs no pass over the timeline of its own: reading a row costs more
// than keeping it. Past that many it keeps no more, and the list reads the
// heads after the last one kept: a head is 168 bytes and its texts (a few
// MB at most), so memory stops growing there. A variable so a test can
// make it overflow.
var heldHeads = 20000

// keepHead keeps the head of e, the next event of the full pass.
func (r *Report) keepHead(e workflow.Event) {
	if r.headsOver {
		return
	}
	if len(r.heads) == heldHeads {
		r.headsOver = true
		return
	}
	r.heads = append(r.heads, head{seq: e.Seq, kind: e.Kind, occurred: e.OccurredAt, recorded: e.RecordedAt,
		actor: e.Actor, subject: e.Subject, hash: e.Hash})
}

// head is what workflow.Head keeps of an event, less the incident's id,
// which every event of the report shares.
type head struct {
	seq                int
	kind               workflow.EventKind
	occurred, recorded time.Time
	actor              workflow.Actor
	subject            string
	hash               workflow.Hash
}

// eachHead calls fn with the head of every event, in order, as
// src.ScanHeads would: those kept by the full pass, then those read again.
func (r *Report) eachHead(src workflow.EventSource, fn func(workflow.Event) error) error {
	if !r.headsKept {
		return src.ScanHeads(0, fn)
	}
	for _, h := range r.heads {
		e := workflow.Event{IncidentID: r.inc.ID, Seq: h.seq, Kind: h.kind, OccurredAt: h.occurred, RecordedAt: h.recorded,
			Actor: h.actor, Subject: h.subject, Hash: h.hash}
		if err := fn(e); err != nil {
			return err
		}
	}
	if !r.headsOver {
		return nil
	}
	after := 0
	if n := len(r.heads); n > 0 {
		after = r.heads[n-1].seq
	}
	return src.ScanHeads(after, fn)
}

// lastTime is the report's "now": when its last event was recorded (a
// chat message pinned last happened earlier than that).
func lastTime(e workflow.Event) time.Time {
	t := e.RecordedAt
	if e.OccurredAt.After(t) {
		t = e.OccurredAt
	}
	return t.UTC()
}

// add folds one event into the report, the next of a pass.
func (b *builder) add(pe payloadEvent) error {
	e, r := pe.e, b.r
	if e.IncidentID != r.inc.ID {
		return fmt.Errorf("report: event %d belongs to incident %s, not %s", e.Seq, e.IncidentID, r.inc.ID)
	}
	b.n++
	b.chain.Add(e)
	b.last = e
	r.keepHead(e)
	if e.Redacted {
		r.redactedKinds[e.Seq] = e.Kind
	}
	d := pe.decoded(&b.decisions)
	if d.unreadable {
		r.unreadable[e.Seq] = true
		return nil
	}
	info, _ := e.Kind.Info()
	x := entry{seq: e.Seq, at: e.OccurredAt.UTC(), by: actorPerson(e.Actor), subject: e.Subject, p: d.p}
	if d.redacted { // the structure stays, the text is gone
		if !info.Redactable {
			return nil
		}
		x.p, x.redacted = info.Zero(), true
	}
	if fold, ok := folds[info.Report]; ok {
		fold(r, x)
		r.capLists()
	}
	return nil
}

// decoded is an event's payload as add and the readable timeline read it
// (payloadEvent.decoded).
type decoded struct {
	p          workflow.Payload // nil when redacted or unreadable
	redacted   bool
	unreadable bool
	decision   int // a decision's number
}

// decoded is what the fold and the readable timeline read of x, the next
// event of a pass; decisions counts the decisions so far, to number them
// (an unreadable one has no number).
func (x payloadEvent) decoded(decisions *int) decoded {
	if x.err != nil {
		return decoded{unreadable: true}
	}
	d := decoded{p: x.p, redacted: x.p == nil}
	if x.e.Kind == workflow.EventDecision {
		*decisions++
		d.decision = *decisions
	}
	return d
}

// finish completes the sections once every event has been added.
func (b *builder) finish() (*Report, error) {
	r := b.r
	if b.n != r.inc.Seq {
		return nil, fmt.Errorf("report: %s has %d events but the snapshot is at event %d", r.inc.Ref(), b.n, r.inc.Seq)
	}
	r.Chain = Chain{OK: true, Head: b.last.Hash}
	if _, err := b.chain.Result(); err != nil {
		r.Chain.OK = false
		r.Chain.Reason = err.Error()
		var ce *workflow.ChainError
		if errors.As(err, &ce) {
			seq := ce.Seq
			r.Chain.BrokenAt, r.Chain.Reason = &seq, ce.Reason
		}
	}
	r.finishPhases()
	r.finishChecklist()
	r.finishVendors()
	r.finishDeadlines()
	r.finishScope()
	r.finishFindings()
	r.finishDrill()
	r.finishSummary()
	return r, nil
}

// entry is one event as Build hands it to the fold of its kind's section.
type entry struct {
	seq int
	at  time.Time // when it happened, in UTC
	by  *Person   // who recorded it
	// subject is who or what the event is about; a redacted vendor event
	// still names its vendor there.
	subject string
	p       workflow.Payload
	// redacted: p is the kind's empty payload (workflow.KindInfo.Zero), so
	// the event keeps its row, marked redacted, with no content.
	redacted bool
}

// folds put an event into the section of the report its kind belongs to
// (workflow.KindInfo.Report); a kind of workflow.ReportEventList has only its
// row in the event list. Each fold reports whether it knew the payload: the
// registry test holds every kind to it.
var folds = map[workflow.ReportSection]func(*Report, entry) bool{
	workflow.ReportSeverity:    (*Report).severity,
	workflow.ReportRoles:       only((*Report).handover),
	workflow.ReportEscalation:  (*Report).escalation,
	workflow.ReportPhases:      only((*Report).phase),
	workflow.ReportChecklist:   (*Report).checklist,
	workflow.ReportDrill:       (*Report).drillEvent,
	workflow.ReportFindings:    (*Report).findingEvent,
	workflow.ReportDecisions:   (*Report).decision,
	workflow.ReportCorrections: only((*Report).correction),
	workflow.ReportStatus:      only((*Report).statusUpdate),
	workflow.ReportNotes:       (*Report).note,
	workflow.ReportPostmortem:  only((*Report).postmortem),
	workflow.ReportRedactions:  only((*Report).redaction),
	workflow.ReportScope:       (*Report).scopeEvent,
	workflow.ReportVendors:     (*Report).vendorEvent,
	workflow.ReportStatements:  (*Report).statementEvent,
	workflow.ReportDeadlines:   (*Report).deadlineEvent,
}

// only is the fold of a section that shows one kind, whose payload is a T.
func only[T workflow.Payload](fold func(*Report, entry, T)) func(*Report, entry) bool {
	return func(r *Report, x entry) bool {
		p, ok := x.p.(T)
		if ok {
			fold(r, x, p)
		}
		return ok
	}
}

// severity folds the opening severity (which also begins the phase
// timeline) and every change.
func (r *Report) severity(x entry) bool {
	switch p := x.p.(type) {
	case workflow.Opened:
		r.SeverityHistory = append(r.SeverityHistory, SeverityChange{Seq: x.seq, At: x.at, To: p.Severity, By: x.by})
		r.enter(workflow.PhaseDetect, x.seq, "opened", "", x.at)
		r.raise(p.Severity)
	case workflow.SeverityChanged:
		r.SeverityHistory = append(r.SeverityHistory, SeverityChange{Seq: x.seq, At: x.at, From: p.From, To: p.To, Reason: p.Reason, By: x.by})
		r.raise(p.To)
	default:
		return false
	}
	return true
}

// raise keeps the highest severity seen.
func (r *Report) raise(k workflow.SeverityKey) {
	if r.highest == "" || r.opts.Scale.Rank(k) > r.opts.Scale.Rank(r.highest) {
		r.highest = k
	}
}

func (r *Report) handover(x entry, p workflow.RoleAssigned) {
	r.Roles.Handovers = append(r.Roles.Handovers, Handover{Seq: x.seq, At: x.at, Role: p.Role, From: person(p.From), To: person(p.To), By: x.by})
}

func (r *Report) phase(x entry, p workflow.PhaseChanged) {
	r.enter(p.To, x.seq, string(p.Move), p.Reason, x.at)
}

// decision folds a decision, or how its stop was settled (approval.go).
func (r *Report) decision(x entry) bool {
	switch p := x.p.(type) {
	case workflow.DecisionRecorded:
		t := decisionText(p.DecisionFields)
		r.Decisions = append(r.Decisions, Decision{Number: len(r.Decisions) + 1, Seq: x.seq, At: x.at, Author: x.by,
			Redacted: x.redacted, DecisionText: t, CorrectedBy: []int{}, Current: t, Stop: p.Stop})
	case workflow.StopRequested, workflow.StopApproved, workflow.StopRefused:
		r.approval(p, x.seq, x.at, x.by)
	default:
		return false
	}
	return true
}

// correction folds an amendment. A redacted one corrects no decision: which
// one it corrected was part of the payload, so it is gone too.
func (r *Report) correction(x entry, p workflow.Amended) {
	c := Correction{Seq: x.seq, At: x.at, Author: x.by, Corrects: p.Of, Redacted: x.redacted, DecisionText: decisionText(p.DecisionFields)}
	if p.Of >= 1 && p.Of <= len(r.Decisions) {
		d := &r.Decisions[p.Of-1]
		d.Current = decisionText(workflow.MergeDecision(d.Current.fields(), p.DecisionFields))
		d.CorrectedBy = append(d.CorrectedBy, x.seq)
		c.Result = d.Current
	}
	r.Corrections = append(r.Corrections, c)
}

func (r *Report) statusUpdate(x entry, p workflow.StatusPosted) {
	r.StatusUpdates = append(r.StatusUpdates, StatusUpdate{Seq: x.seq, At: x.at, Author: x.by, Redacted: x.redacted,
		Confirmed: p.Confirmed, Unconfirmed: p.Unconfirmed, Next: p.Next})
}

// note folds typed notes and pinned chat messages, and the withdrawal of a
// pin.
func (r *Report) note(x entry) bool {
	switch p := x.p.(type) {
	case workflow.NoteLogged:
		r.Notes = append(r.Notes, Note{Seq: x.seq, At: x.at, Author: x.by, Redacted: x.redacted, Text: p.Text})
	case workflow.MessagePinned:
		author := person(p.Author)
		if x.redacted { // the message's author went with the payload
			author = x.by
		}
		r.Notes = append(r.Notes, Note{Seq: x.seq, At: x.at, Author: author, Redacted: x.redacted, Text: p.Text, Pinned: true, Permalink: p.Permalink})
	case workflow.PinRetracted:
		if r.retracted != nil {
			r.retracted[p.Of] = true
		}
		for i := range r.Notes {
			if r.Notes[i].Seq == p.Of {
				r.Notes[i].Retracted = true
			}
		}
	default:
		return false
	}
	return true
}

// postmortem merges an update; a redacted one is listed but changes nothing.
func (r *Report) postmortem(x entry, p workflow.PostmortemUpdated) {
	pm := &r.Postmortem
	f := workflow.MergePostmortem(workflow.PostmortemFields{Cause: pm.Cause, Impact: pm.Impact, Prevention: pm.Prevention, Open: pm.Open}, p.PostmortemFields)
	pm.Cause, pm.Impact, pm.Prevention, pm.Open = f.Cause, f.Impact, f.Prevention, f.Open
	pm.Updates = append(pm.Updates, x.seq)
}

func (r *Report) redaction(x entry, p workflow.Redaction) {
	// The redacted event came before its redaction, and was marked when it
	// passed.
	r.Redactions = append(r.Redactions, Redaction{Seq: x.seq, At: x.at, By: x.by, RedactedSeq: p.Seq, Reason: p.Reason, RedactedKind: r.redactedKinds[p.Seq]})
}

func (r *Report) summary(inc *workflow.Incident) {
	n := inc.Seq
	s := Summary{
		Ref: inc.Ref().String(), ID: inc.ID, Number: inc.Number, Drill: inc.Drill, Private: inc.Private,
		Title: inc.Title, Severity: inc.Severity, Phase: inc.Phase, Opener: person(inc.Opener),
		StartedAt: inc.StartedAt.UTC(), DetectedAt: inc.DetectedAt.UTC(), OpenedAt: inc.OpenedAt.UTC(),
		ResolvedAt: optTime(inc.ResolvedAt), ClosedAt: optTime(inc.ClosedAt), FalseAlarm: inc.FalseAlarm,
		TimeToDetect: seconds(inc.TimeToDetect()), EventCount: n, DecisionCount: inc.DecisionCount, KeyDecisions: []int{},
	}
	if d, ok := inc.TimeToRecover(); ok {
		v := seconds(d)
		s.TimeToRecover = &v
	}
	r.Summary = s
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

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// seconds is d in whole seconds, truncated toward zero.
func seconds(d time.Duration) int64 { return int64(d / time.Second) }
