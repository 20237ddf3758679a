package workflow

import "time"

// Runbook is a procedure for one type of incident: for each phase a
// checklist, plus what may be stopped, the fallbacks while it is stopped, and
// whom to contact outside. Runbooks are data (the runbooks package loads
// them); the workflow attaches one to an incident and tracks its checklist.
type Runbook struct {
	Name     string // what users type: --runbook defacement
	Title    Text
	Keywords []string    // for suggesting it from an incident title
	Severity SeverityKey // suggested level; empty: none
	Phases   map[Phase][]ChecklistItem
	Stop     []Text    // stop conditions: what may be stopped, and when
	Fallback []Text    // 代替手段: how work goes on while something is stopped
	Contacts []Contact // outside help
}

// ChecklistItem is one step of a phase's checklist.
type ChecklistItem struct {
	Text     Text
	Owner    Role
	Evidence bool // keep evidence of this step
}

// Contact is someone outside to call (a vendor), as text for now.
type Contact struct {
	Name  string
	Reach Text // how to reach them
	Ask   Text // what to ask for
}

// Scenario is a tabletop drill: a runbook to rehearse, a starting severity,
// and injects that arrive at set times after the start.
type Scenario struct {
	Name     string
	Title    Text
	Runbook  string
	Severity SeverityKey
	Injects  []Inject
	// End is when the drill ends on its own (drill time after the start);
	// 0: a grace period after the last inject or deadline.
	End time.Duration
}

// Inject is one timed event of a drill: at At after the start, post Text,
// optionally raise severity, optionally expect something by a deadline.
type Inject struct {
	At     time.Duration
	Text   Text
	Raise  SeverityKey  // empty: no change
	Expect *Expectation // nil: nothing expected
}

// ExpectKind is what a drill expects participants to have done.
type ExpectKind string

const (
	ExpectRoleAssigned ExpectKind = "role_assigned" // Role has a holder
	ExpectDecision     ExpectKind = "decision_logged"
	ExpectPhase        ExpectKind = "phase_reached" // Phase reached (or passed)
	ExpectStatus       ExpectKind = "status_posted"
)

// Expectation is checked at its deadline (drill time after the start).
type Expectation struct {
	Kind     ExpectKind
	Role     Role
	Phase    Phase
	Deadline time.Duration
}

// Library is where the service finds runbooks and drill scenarios.
type Library interface {
	Runbook(name string) (Runbook, bool)
	// Suggest picks a runbook from an incident title's keywords.
	Suggest(title string) (Runbook, bool)
	Scenario(name string) (Scenario, bool)
	// Names lists runbook and scenario names, for error messages.
	RunbookNames() []string
	ScenarioNames() []string
}
