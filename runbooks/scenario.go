package runbooks

import (
	"time"

	"incidentbot/workflow"
)

// Scenario is the checked form of one drill scenario file: a rehearsal of
// one runbook, with injects posted on the drill's clock.
type Scenario struct {
	// Name is the scenario's id, as in `/incident drill start NAME`.
	Name  string
	Title workflow.Text
	// Runbook is the name of the runbook the drill attaches; it exists in
	// the Set.
	Runbook string
	// Severity is the level the drill incident opens at.
	Severity workflow.SeverityKey
	// Injects are in the order of their times (equal times keep the order
	// written).
	Injects []Inject
	// End is when the drill ends on its own, from its start, as written;
	// 0 when the file leaves it out (the drill then ends a while after its
	// last inject or deadline). It is never before either.
	End time.Duration
	// File is where the scenario was read from.
	File string
}

// Inject is one event of a drill: at At from the start, post Text, raise
// the severity if Raise is set, and start waiting for Expect if set.
type Inject struct {
	At     time.Duration
	Text   workflow.Text
	Raise  workflow.SeverityKey // "": the severity stays
	Expect *Expectation         // nil: nothing expected
}

// Expectation is what the participants should have done by Deadline
// (from the start of the drill, like At). The scorecard says whether it
// was met.
type Expectation struct {
	Kind     ExpectKind
	Role     workflow.Role  // for ExpectRoleAssigned: the role to be filled
	Phase    workflow.Phase // for ExpectPhaseReached: the phase to reach (or pass)
	Deadline time.Duration
}

// ExpectKind is what an expectation waits for.
type ExpectKind string

const (
	ExpectRoleAssigned   ExpectKind = "role_assigned"   // someone holds Role
	ExpectDecisionLogged ExpectKind = "decision_logged" // a decision is logged after the inject
	ExpectPhaseReached   ExpectKind = "phase_reached"   // the incident is at Phase or beyond
	ExpectStatusPosted   ExpectKind = "status_posted"   // a status update is shared after the inject
)

// ExpectKinds lists the kinds an expectation may have.
var ExpectKinds = []ExpectKind{ExpectRoleAssigned, ExpectDecisionLogged, ExpectPhaseReached, ExpectStatusPosted}
