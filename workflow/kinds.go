package workflow

import (
	"encoding/json"
	"fmt"
	"slices"
)

// The registry of event kinds: for every kind the bot stores, the payload
// type its body decodes into, whether it may be redacted, and what the
// post-incident report (workflow/report) and a drill's scorecard (Score) do
// with it, and how an event of the kind reads as a sentence in the report's
// readable timeline (timeline.go). Event.Payload, EventKind.Redactable, the
// report and the scorecard read it, so it is the one list of kinds. A new
// kind is a payload type with its Kind method, a line here with its
// sentence, its name in the message catalog ("event.<kind>") and its row in
// docs/export.md; the report's registry test holds every kind to all of
// them.

// ReportSection is the part of the post-incident report that shows events of
// a kind, named as in the report's JSON. Every event is also a row of the
// report's full event list.
type ReportSection string

const (
	// ReportEventList: deliberately in no section; the event's row in the
	// event list is all the report shows of it.
	ReportEventList   ReportSection = "events"
	ReportSeverity    ReportSection = "severity_history" // the opening also begins the phase timeline
	ReportRoles       ReportSection = "roles"
	ReportEscalation  ReportSection = "escalation"
	ReportPhases      ReportSection = "phases"
	ReportChecklist   ReportSection = "checklist"
	ReportDrill       ReportSection = "drill" // a drill's end also closes the phase timeline
	ReportFindings    ReportSection = "findings"
	ReportDecisions   ReportSection = "decisions" // decisions, and how their stops were settled
	ReportCorrections ReportSection = "corrections"
	ReportStatus      ReportSection = "status_updates"
	ReportNotes       ReportSection = "notes" // notes, and chat messages pinned to the timeline
	ReportPostmortem  ReportSection = "postmortem"
	ReportRedactions  ReportSection = "redactions"
	ReportScope       ReportSection = "scope"
	ReportVendors     ReportSection = "vendors"    // what the incident affects, who owned it, the requests to vendors
	ReportStatements  ReportSection = "statements" // what was said, to whom, when: every version, its approval, the sending
	ReportDeadlines   ReportSection = "deadlines"  // the reminders of the checklist's deadlines (the table reads the snapshot)
)

// ScorecardUse is what a drill's scorecard (Score) reads from events of a
// kind, named as the scorecard field it feeds in the report's JSON
// (drill.scorecard.*). Most kinds it does not count (the zero value).
type ScorecardUse string

const (
	ScoreNotCounted    ScorecardUse = ""
	ScoreFirstDecision ScorecardUse = "first_decision_seconds" // the time of the first, redacted or not
	ScoreInjects       ScorecardUse = "injects_posted"         // counted as posted
	ScoreFindings      ScorecardUse = "findings"               // listed by event number, redacted or not
	ScoreRoles         ScorecardUse = "roles"                  // when each role was first filled
	ScoreContacts      ScorecardUse = "contacts"               // the on-call chains, who answered, who was informed
	ScoreExpectations  ScorecardUse = "expectations"           // the result recorded at an expectation's deadline
	ScoreStatements    ScorecardUse = "statements"             // each statement: approved, refused or waiting, and sent
	ScoreDeadlines     ScorecardUse = "deadlines"              // each deadline: met, missed or still open
	ScoreContactCheck  ScorecardUse = "contact_check"          // who was asked, who acknowledged and how fast (real time)
)

// KindInfo is what the bot knows about one event kind.
type KindInfo struct {
	Kind EventKind
	// Redactable: the payload carries free text someone may have pasted by
	// mistake, so it may be replaced with a tombstone.
	Redactable bool
	Report     ReportSection
	Scorecard  ScorecardUse

	zero   Payload
	decode func(body []byte) (Payload, error)
	say    func(Payload, SayContext) Msg
}

// Say is how an event of the kind with payload p reads in the report's
// readable timeline: what happened, in words (the line adds when and who).
func (k KindInfo) Say(p Payload, c SayContext) Msg { return k.say(p, c) }

// Decode decodes a stored body of the kind into its payload value. Only a
// registered kind (from EventKinds or Info) has a decoder.
func (k KindInfo) Decode(body []byte) (Payload, error) { return k.decode(body) }

// Zero is the kind's payload with every field empty.
func (k KindInfo) Zero() Payload { return k.zero }

// kind completes info with what payload type T gives: the kind's name and
// its decoder; say is its timeline sentence.
func kind[T Payload](info KindInfo, say func(T, SayContext) Msg) KindInfo {
	var zero T
	info.Kind, info.zero = zero.Kind(), zero
	info.say = func(p Payload, c SayContext) Msg { return say(p.(T), c) }
	info.decode = func(body []byte) (Payload, error) {
		var p T
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		return p, nil
	}
	return info
}

// eventKinds is the registry, in the order docs/export.md lists the kinds.
var eventKinds = []KindInfo{
	kind(KindInfo{Report: ReportSeverity}, sayOpened),
	kind(KindInfo{Report: ReportSeverity}, saySeverity),
	kind(KindInfo{Report: ReportRoles, Scorecard: ScoreRoles}, sayRole),
	kind(KindInfo{Report: ReportPhases}, sayPhase),
	kind(KindInfo{Redactable: true, Report: ReportDecisions, Scorecard: ScoreFirstDecision}, sayDecision),
	kind(KindInfo{Redactable: true, Report: ReportCorrections}, sayAmendment),
	kind(KindInfo{Redactable: true, Report: ReportStatus}, sayStatus),
	kind(KindInfo{Redactable: true, Report: ReportNotes}, sayNote),
	kind(KindInfo{Redactable: true, Report: ReportPostmortem}, sayPostmortem),
	kind(KindInfo{Report: ReportRedactions}, sayRedaction),
	kind(KindInfo{Report: ReportDecisions}, sayStopRequested),
	kind(KindInfo{Report: ReportDecisions}, sayStopApproved),
	kind(KindInfo{Report: ReportDecisions}, sayStopRefused),
	kind(KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}, sayNotified),
	kind(KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}, sayAcknowledged),
	kind(KindInfo{Redactable: true, Report: ReportEscalation}, sayEscalated),
	kind(KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}, sayEscalationCancelled),
	kind(KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}, sayEscalationExhausted),
	kind(KindInfo{Report: ReportEscalation}, sayReminded),
	kind(KindInfo{Redactable: true, Report: ReportNotes}, sayPinned),
	kind(KindInfo{Report: ReportNotes}, sayPinRetracted),
	kind(KindInfo{Report: ReportEventList}, sayDeliveryFailed),
	kind(KindInfo{Report: ReportEventList}, sayDelivered),
	kind(KindInfo{Report: ReportChecklist}, sayRunbook),
	kind(KindInfo{Report: ReportChecklist}, sayTicked),
	kind(KindInfo{Report: ReportChecklist}, sayUnticked),
	kind(KindInfo{Report: ReportChecklist}, saySkipped),
	kind(KindInfo{Report: ReportDrill}, sayDrillStarted),
	kind(KindInfo{Report: ReportDrill, Scorecard: ScoreInjects}, sayInject),
	// An expectation's result is kept in the scorecard; the event list shows
	// when it was checked.
	kind(KindInfo{Report: ReportEventList, Scorecard: ScoreExpectations}, sayExpectationMet),
	kind(KindInfo{Report: ReportEventList, Scorecard: ScoreExpectations}, sayExpectationMissed),
	kind(KindInfo{Redactable: true, Report: ReportFindings, Scorecard: ScoreFindings}, sayFinding),
	kind(KindInfo{Report: ReportDrill}, sayDrillEnded),
	kind(KindInfo{Redactable: true, Report: ReportScope}, sayScope),
	// Vendors (vendor_events.go).
	kind(KindInfo{Report: ReportVendors}, sayAffects),
	kind(KindInfo{Redactable: true, Report: ReportVendors}, sayVendorRequested),
	kind(KindInfo{Redactable: true, Report: ReportVendors}, sayVendorReplied),
	kind(KindInfo{Redactable: true, Report: ReportVendors}, sayVendorReported),
	kind(KindInfo{Report: ReportVendors}, sayVendorClockMissed),
	kind(KindInfo{Report: ReportVendors}, sayVendorReminded),
	// Statements, the personal-data flag and deadlines (statement.go,
	// deadline.go): what was said, the scope's flag, the deadlines table.
	kind(KindInfo{Redactable: true, Report: ReportStatements, Scorecard: ScoreStatements}, sayStatementDrafted),
	kind(KindInfo{Redactable: true, Report: ReportStatements, Scorecard: ScoreStatements}, sayStatementEdited),
	kind(KindInfo{Report: ReportStatements, Scorecard: ScoreStatements}, sayStatementApproved),
	kind(KindInfo{Report: ReportStatements, Scorecard: ScoreStatements}, sayStatementRefused),
	kind(KindInfo{Report: ReportStatements, Scorecard: ScoreStatements}, sayStatementSent),
	kind(KindInfo{Report: ReportScope}, sayPersonalData),
	kind(KindInfo{Report: ReportDeadlines, Scorecard: ScoreDeadlines}, sayDeadlineMissed),
	kind(KindInfo{Report: ReportDeadlines}, sayDeadlineReminded),
	// Drills that test the practice (contact_check.go, finding.go): the
	// contact check in the drill's section, apart from the tabletop; the
	// closing of findings, which the summary's open items read.
	kind(KindInfo{Report: ReportDrill, Scorecard: ScoreContactCheck}, sayContactCheckStarted),
	kind(KindInfo{Report: ReportDrill, Scorecard: ScoreContactCheck}, sayContactCheckAcked),
	kind(KindInfo{Report: ReportDrill, Scorecard: ScoreContactCheck}, sayContactCheckClosed),
	kind(KindInfo{Redactable: true, Report: ReportFindings}, sayFindingClosed),
	kind(KindInfo{Report: ReportFindings}, sayFindingReminded),
}

var kindIndex = indexKinds(eventKinds)

func indexKinds(list []KindInfo) map[EventKind]KindInfo {
	m := make(map[EventKind]KindInfo, len(list))
	for _, k := range list {
		if _, dup := m[k.Kind]; dup {
			panic(fmt.Sprintf("workflow: event kind %q registered twice", k.Kind))
		}
		m[k.Kind] = k
	}
	return m
}

// EventKinds lists every kind this version stores, in the order
// docs/export.md lists them.
func EventKinds() []KindInfo { return slices.Clone(eventKinds) }

// Info is what the registry says about kind k; false for a kind this
// version does not know.
func (k EventKind) Info() (KindInfo, bool) {
	info, ok := kindIndex[k]
	return info, ok
}
