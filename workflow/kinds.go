package workflow

import (
	"encoding/json"
	"fmt"
	"slices"
)

// The registry of event kinds: for every kind the bot stores, the payload
// type its body decodes into, whether it may be redacted, and what the
// post-incident report (workflow/report) and a drill's scorecard (Score) do
// with it. Event.Payload, EventKind.Redactable, the report and the scorecard
// read it, so it is the one list of kinds. A new kind is a payload type with
// its Kind method, a line here, its name in the message catalog
// ("event.<kind>") and its row in docs/export.md; the report's registry test
// holds every kind to all of them.

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
}

// Decode decodes a stored body of the kind into its payload value. Only a
// registered kind (from EventKinds or Info) has a decoder.
func (k KindInfo) Decode(body []byte) (Payload, error) { return k.decode(body) }

// Zero is the kind's payload with every field empty.
func (k KindInfo) Zero() Payload { return k.zero }

// kind completes info with what payload type T gives: the kind's name and
// its decoder.
func kind[T Payload](info KindInfo) KindInfo {
	var zero T
	info.Kind, info.zero = zero.Kind(), zero
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
	kind[Opened](KindInfo{Report: ReportSeverity}),
	kind[SeverityChanged](KindInfo{Report: ReportSeverity}),
	kind[RoleAssigned](KindInfo{Report: ReportRoles, Scorecard: ScoreRoles}),
	kind[PhaseChanged](KindInfo{Report: ReportPhases}),
	kind[DecisionRecorded](KindInfo{Redactable: true, Report: ReportDecisions, Scorecard: ScoreFirstDecision}),
	kind[Amended](KindInfo{Redactable: true, Report: ReportCorrections}),
	kind[StatusPosted](KindInfo{Redactable: true, Report: ReportStatus}),
	kind[NoteLogged](KindInfo{Redactable: true, Report: ReportNotes}),
	kind[PostmortemUpdated](KindInfo{Redactable: true, Report: ReportPostmortem}),
	kind[Redaction](KindInfo{Report: ReportRedactions}),
	kind[StopRequested](KindInfo{Report: ReportDecisions}),
	kind[StopApproved](KindInfo{Report: ReportDecisions}),
	kind[StopRefused](KindInfo{Report: ReportDecisions}),
	kind[Notified](KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}),
	kind[Acknowledged](KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}),
	kind[Escalated](KindInfo{Redactable: true, Report: ReportEscalation}),
	kind[EscalationCancelled](KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}),
	kind[EscalationExhausted](KindInfo{Report: ReportEscalation, Scorecard: ScoreContacts}),
	kind[Reminded](KindInfo{Report: ReportEscalation}),
	kind[MessagePinned](KindInfo{Redactable: true, Report: ReportNotes}),
	kind[PinRetracted](KindInfo{Report: ReportNotes}),
	kind[DeliveryFailed](KindInfo{Report: ReportEventList}),
	kind[Delivered](KindInfo{Report: ReportEventList}),
	kind[RunbookAttached](KindInfo{Report: ReportChecklist}),
	kind[ChecklistTicked](KindInfo{Report: ReportChecklist}),
	kind[ChecklistUnticked](KindInfo{Report: ReportChecklist}),
	kind[ChecklistSkipped](KindInfo{Report: ReportChecklist}),
	kind[DrillStarted](KindInfo{Report: ReportDrill}),
	kind[InjectPosted](KindInfo{Report: ReportDrill, Scorecard: ScoreInjects}),
	// An expectation's result is kept in the scorecard; the event list shows
	// when it was checked.
	kind[ExpectationMet](KindInfo{Report: ReportEventList, Scorecard: ScoreExpectations}),
	kind[ExpectationMissed](KindInfo{Report: ReportEventList, Scorecard: ScoreExpectations}),
	kind[FindingRecorded](KindInfo{Redactable: true, Report: ReportFindings, Scorecard: ScoreFindings}),
	kind[DrillEnded](KindInfo{Report: ReportDrill}),
	// Vendors (vendor_events.go): the report's Vendors section is to come;
	// until then each is a row of the event list.
	kind[AffectsChanged](KindInfo{Report: ReportEventList}),
	kind[VendorRequested](KindInfo{Redactable: true, Report: ReportEventList}),
	kind[VendorReplied](KindInfo{Redactable: true, Report: ReportEventList}),
	kind[VendorReported](KindInfo{Redactable: true, Report: ReportEventList}),
	kind[VendorClockMissed](KindInfo{Report: ReportEventList}),
	kind[VendorReminded](KindInfo{Report: ReportEventList}),
	// Statements, the personal-data flag and deadlines (statement.go,
	// deadline.go): the report's sections on what was said and the
	// deadlines are to come; until then each is a row of the event list.
	kind[StatementDrafted](KindInfo{Redactable: true, Report: ReportEventList, Scorecard: ScoreStatements}),
	kind[StatementEdited](KindInfo{Redactable: true, Report: ReportEventList, Scorecard: ScoreStatements}),
	kind[StatementApproved](KindInfo{Report: ReportEventList, Scorecard: ScoreStatements}),
	kind[StatementRefused](KindInfo{Report: ReportEventList, Scorecard: ScoreStatements}),
	kind[StatementSent](KindInfo{Report: ReportEventList, Scorecard: ScoreStatements}),
	kind[PersonalDataSet](KindInfo{Report: ReportEventList}),
	kind[DeadlineMissed](KindInfo{Report: ReportEventList, Scorecard: ScoreDeadlines}),
	kind[DeadlineReminded](KindInfo{Report: ReportEventList}),
	// Drills that test the practice (contact_check.go, finding.go): rows
	// of the event list until the report shows them in its sections.
	kind[ContactCheckStarted](KindInfo{Report: ReportEventList, Scorecard: ScoreContactCheck}),
	kind[ContactCheckAcked](KindInfo{Report: ReportEventList, Scorecard: ScoreContactCheck}),
	kind[ContactCheckClosed](KindInfo{Report: ReportEventList, Scorecard: ScoreContactCheck}),
	kind[FindingClosed](KindInfo{Redactable: true, Report: ReportEventList}),
	kind[FindingReminded](KindInfo{Report: ReportEventList}),
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
