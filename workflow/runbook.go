package workflow

import (
	"slices"
	"time"
)

// Runbook is a procedure for one type of incident: for each phase a
// checklist, plus what may be stopped, the fallbacks while it is stopped, and
// whom to contact outside, for the whole runbook and for single phases.
// Runbooks are data (the runbooks package loads and checks them into this
// form); the workflow attaches one to an incident and tracks its checklist.
// Nothing here is display text: the places that show a runbook render it in
// the reader's language.
type Runbook struct {
	Name     string // what users type: --runbook defacement
	Title    Text
	Keywords []string    // for suggesting it from an incident title
	Severity SeverityKey // suggested level; empty: none
	// Phases holds each phase's checklist in order: item n of phase p is
	// Phases[p][n-1].
	Phases map[Phase][]ChecklistItem
	// Stop, Fallback and Contacts hold whatever the phase.
	Stop     []Text    // stop conditions: what may be stopped, and when
	Fallback []Text    // 代替手段: how work goes on while something is stopped
	Contacts []Contact // outside help
	// PhaseGuidance holds what was written for one phase only, in addition
	// to the runbook's own (stop conditions of the contain phase, say).
	PhaseGuidance map[Phase]Guidance
	// PersonalData: attaching the runbook sets the incident's personal-data
	// flag, unless someone set it already (a leak of personal data).
	PersonalData bool
}

// Guidance is the advice around a checklist, for a whole runbook or for
// one phase.
type Guidance struct {
	Stop     []Text    `json:"stop,omitempty"`     // what may be stopped, and when
	Fallback []Text    `json:"fallback,omitempty"` // 代替手段: what to do instead while it is stopped
	Contacts []Contact `json:"contacts,omitempty"` // outside parties to reach
}

// Guidance is what the runbook says whatever the phase.
func (rb Runbook) Guidance() Guidance {
	return Guidance{Stop: rb.Stop, Fallback: rb.Fallback, Contacts: rb.Contacts}
}

// IsZero reports whether g says nothing.
func (g Guidance) IsZero() bool {
	return len(g.Stop) == 0 && len(g.Fallback) == 0 && len(g.Contacts) == 0
}

// clone copies g's slices, so a copy outlives changes to the original.
func (g Guidance) clone() Guidance {
	return Guidance{Stop: slices.Clone(g.Stop), Fallback: slices.Clone(g.Fallback), Contacts: slices.Clone(g.Contacts)}
}

// ChecklistItem is one step of a phase's checklist. It is copied as it is
// into the timeline when a runbook is attached (RunbookAttached).
type ChecklistItem struct {
	// Key names the item for good: a short kebab-case word, unique within
	// its runbook ("isolate", "preserve-evidence"). Runbooks attached before
	// items had keys have none.
	Key      string `json:"key,omitempty"`
	Text     Text   `json:"text"`
	Owner    Role   `json:"owner,omitempty"`
	Evidence bool   `json:"evidence,omitempty"` // keep evidence of this step (証跡)
	// Step is the first-hour step the item carries out, in the initial
	// phase; "" for other items.
	Step FirstHourStep `json:"step,omitempty"`
	// Due makes the item a deadline (deadline.go): it is due this long
	// after detection, or after the completion of item DueAfter (a key of
	// the runbook); DueUnlawful replaces Due when the personal-data flag
	// says unlawful purpose. A deadline item holds no phase move.
	Due         time.Duration `json:"due_ns,omitempty"`
	DueAfter    string        `json:"due_after,omitempty"`
	DueUnlawful time.Duration `json:"due_unlawful_ns,omitempty"`
	// When is the condition under which the item applies; "" always.
	When ItemCondition `json:"when,omitempty"`
}

// RunbookItem is a checklist item as the timeline records it: the same
// thing, by the name the timeline's types use.
type RunbookItem = ChecklistItem

// FirstHourStep is one of the four steps of the first hour (PRACTICE.md,
// "The first one to two hours").
type FirstHourStep string

const (
	StepIsolate  FirstHourStep = "isolate"  // 隔離: restrict access, freeze, stop exposure
	StepImpact   FirstHourStep = "impact"   // 影響確認: known and unknown, since when, what data
	StepEvidence FirstHourStep = "evidence" // 証跡確保: logs, backups, copies, who did what when
	StepChannel  FirstHourStep = "channel"  // 社内連絡: one commander, one channel
)

// FirstHourSteps lists the first-hour steps in their order.
var FirstHourSteps = []FirstHourStep{StepIsolate, StepImpact, StepEvidence, StepChannel}

// Contact is an outside party to reach: a vendor, the hosting company, a
// specialist.
type Contact struct {
	// Vendor is who they are, in each language; a reader sees the name in
	// their own language only.
	Vendor Text `json:"vendor,omitzero"`
	// Name is who they are when Vendor is empty: a name written once for
	// both languages. Timelines recorded before names were kept per
	// language hold here the English and Japanese names joined.
	Name  string `json:"name,omitempty"`
	Reach Text   `json:"reach"`        // how to reach them
	Ask   Text   `json:"ask,omitzero"` // what to ask or tell them
	// VendorKey names a vendor of the registry ([[vendor]]): its name and
	// how to reach it come from there when shown; Vendor keeps the name
	// for a reader of the timeline.
	VendorKey string `json:"vendor_key,omitempty"`
}

// Who is the contact's name in the reader's language.
func (c Contact) Who() Localizer {
	if c.Vendor == (Text{}) {
		return Text{En: c.Name}
	}
	return c.Vendor
}

// Scenario is a tabletop drill: a runbook to rehearse, a starting severity,
// and injects that arrive at set times after the start.
type Scenario struct {
	Name     string // what users type: drill start web-defacement
	Title    Text
	Runbook  string      // the runbook the drill attaches; "" none
	Severity SeverityKey // the level the drill incident opens at
	// Injects are in the order of their times (equal times keep the order
	// written).
	Injects []Inject
	// End is when the drill ends on its own (drill time after the start);
	// 0: a grace period after the last inject or deadline.
	End time.Duration
	// DeadlineScale shrinks the runbook's deadlines in the drill (0.01: a
	// duty of 72 hours falls due after 43 minutes of drill time); 0: as
	// written.
	DeadlineScale float64
	// Expects are the scenario's expectations tied to no inject ([[expect]]
	// in its file): each counts from the start of the drill.
	Expects []Expectation
	// Stalls are the limits the scorecard holds decision-making to; a zero
	// field takes DefaultStalls' (stall.go).
	Stalls Stalls
}

// Inject is one timed event of a drill: at At after the start, post Text,
// optionally raise severity, optionally expect something by a deadline. It
// is copied as it is into the timeline when the drill starts (DrillStarted).
type Inject struct {
	At     time.Duration `json:"at_ns"` // drill time after the start
	Text   Text          `json:"text"`
	Raise  SeverityKey   `json:"raise,omitempty"`  // empty: no change
	Expect *Expectation  `json:"expect,omitempty"` // nil: nothing expected
}

// DrillInject is an inject as the timeline records it: the same thing, by
// the name the timeline's types use.
type DrillInject = Inject

// ExpectKind is what a drill expects participants to have done.
type ExpectKind string

const (
	ExpectRoleAssigned ExpectKind = "role_assigned"   // Role has a holder
	ExpectDecision     ExpectKind = "decision_logged" // a decision is logged after the inject
	ExpectPhase        ExpectKind = "phase_reached"   // Phase reached (or passed)
	ExpectStatus       ExpectKind = "status_posted"   // a status update is shared after the inject
)

// ExpectKinds lists the kinds an expectation may have (the registry of
// expect.go, in its order).
var ExpectKinds = expectKindNames()

// Expectation is checked at its deadline (drill time after the start);
// the scorecard says whether it was met. Which of the fields beside Kind
// and Deadline it sets depends on its kind (expect.go).
type Expectation struct {
	Kind     ExpectKind    `json:"kind"`
	Role     Role          `json:"role,omitempty"`  // role_assigned, role_from_chain: the role to be filled
	Phase    Phase         `json:"phase,omitempty"` // phase_reached: the phase to reach (or pass)
	Deadline time.Duration `json:"deadline_ns"`     // drill time after the start
	// Item is item_done's checklist item, by its key.
	Item string `json:"item,omitempty"`
	// Stop is stop_decided's target: a decision whose "| stop:" names it
	// (in either language, case and spacing ignored) meets it.
	Stop Text `json:"stop,omitzero"`
	// Vendor is vendor_request's vendor, by its key.
	Vendor string `json:"vendor,omitempty"`
	// Audience is statement_approved's audience: a statement to it
	// approved meets it.
	Audience Audience `json:"audience,omitempty"`
	// Max is approval_pending_max's limit (drill time): no stop waits
	// longer than this for approval.
	Max time.Duration `json:"max_ns,omitempty"`
	// Chain is role_from_chain's on-call chain for Role as it stood when
	// the drill started (person ids); empty: no chain was configured, and
	// any holder meets it.
	Chain []string `json:"chain,omitempty"`
}

// DrillExpect is an expectation as the timeline records it: the same
// thing, by the name the timeline's types use.
type DrillExpect = Expectation

// Library is where the service finds runbooks and drill scenarios. What it
// returns may be shared with other callers: the service only reads it, and
// copies what it keeps into the timeline.
type Library interface {
	Runbook(name string) (Runbook, bool)
	// Suggest picks a runbook from an incident title's keywords.
	Suggest(title string) (Runbook, bool)
	Scenario(name string) (Scenario, bool)
	// Names lists runbook and scenario names, for error messages.
	RunbookNames() []string
	ScenarioNames() []string
}
