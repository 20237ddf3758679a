package workflow

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scorecard is what a drill showed about the procedure: how long until the
// first decision, until each role was filled, which contacts answered and
// how fast, which expectations of the scenario were met, where
// decision-making stalled, how far the checklist got, and the findings.
// Times are drill time from the start (at --speed 60, 30 real seconds are
// 30 minutes), but for the contact check's, which are real time. It is
// drawn up from the timeline when the drill ends and kept in the
// DrillEnded event. Free text stays out of it: findings are referred to by
// their events, so redacting one leaves nothing behind here.
type Scorecard struct {
	Scenario      string        `json:"scenario"`
	Speed         int           `json:"speed"`
	Length        time.Duration `json:"length_ns"` // from the start to the end
	InjectsPosted int           `json:"injects_posted"`
	InjectsTotal  int           `json:"injects_total"`
	// FirstDecision is when the first decision was logged; nil if none was.
	FirstDecision *time.Duration `json:"first_decision_ns"`
	// Roles has one entry per role, in role order.
	Roles []RoleFill `json:"roles"`
	// Contacts has one entry per on-call chain the escalation ran (in a
	// drill: would have run), in the order they started.
	Contacts []ContactScore `json:"contacts"`
	// Informed are the targets the levels would have informed without
	// expecting an answer (users, groups, channels, role holders).
	Informed []string `json:"informed"`
	// Expectations has one entry per expectation, in the order of their
	// numbers (by deadline).
	Expectations []ExpectationScore `json:"expectations"`
	// Stalls is where decision-making stalled; nil in scorecards drawn up
	// before it was measured.
	Stalls *StallScore `json:"stalls,omitempty"`
	// ContactCheck is the drill's contact check (real time), apart from
	// the tabletop; nil without one.
	ContactCheck *ContactCheckScore `json:"contact_check,omitempty"`
	// Checklist is the completion of the runbook's checklist per phase;
	// ChecklistTracked is false when no runbook was attached.
	Checklist        []ChecklistProgress `json:"checklist"`
	ChecklistTracked bool                `json:"checklist_tracked"`
	// Findings are the event numbers of the findings recorded by the end.
	Findings []int `json:"findings"`
	// Statements has one entry per statement drafted, by number: whether
	// its approval came, and whether it was recorded as sent. Deadlines
	// has one entry per deadline of the runbook, in its order: whether it
	// was met. Scorecards of drills before them lack both.
	Statements []StatementScore `json:"statements"`
	Deadlines  []DeadlineScore  `json:"deadlines"`
}

// Results of a statement (StatementScore.Result): where its last version
// stood at the end.
const (
	StatementResultSent     = "sent"
	StatementResultApproved = "approved" // approved, not recorded as sent
	StatementResultRefused  = "refused"
	StatementResultWaiting  = "waiting" // the approval never came
)

// StatementScore is how one statement went: its audience, how many
// versions, and when (drill time from the start) the last version was
// approved and the statement sent.
type StatementScore struct {
	Number   int            `json:"number"`
	Audience Audience       `json:"audience"`
	Versions int            `json:"versions"`
	Result   string         `json:"result"`
	Approved *time.Duration `json:"approved_ns"` // nil: not approved
	// Waited is how long the last version waited for its approval (or
	// refusal; until the end when neither came).
	Waited time.Duration  `json:"waited_ns"`
	Sent   *time.Duration `json:"sent_ns"`
}

// Results of a deadline (DeadlineScore.Result).
const (
	DeadlineResultMet         = "met"
	DeadlineResultMissed      = "missed"       // done late, or not done by the end though due
	DeadlineResultOpen        = "open"         // not due by the end, not done
	DeadlineResultWaiting     = "waiting"      // counts from an item not done
	DeadlineResultNotApplying = "not_applying" // its condition did not hold (no personal data)
)

// DeadlineScore is how one deadline went: its item, when it was due and
// when it was done (drill time from the start).
type DeadlineScore struct {
	Key    string         `json:"key"`
	Text   Text           `json:"text"`
	Within time.Duration  `json:"within_ns"` // as scaled for the drill
	Result string         `json:"result"`
	Due    *time.Duration `json:"due_ns"`
	Done   *time.Duration `json:"done_ns"`
}

// RoleFill is when a role was first filled, and by whom; After is nil if
// nobody held it by the end.
type RoleFill struct {
	Role   Role           `json:"role"`
	Person Person         `json:"person,omitzero"`
	After  *time.Duration `json:"after_ns"`
}

// Outcomes of an on-call chain (ContactScore.Outcome).
const (
	ContactAcknowledged = "acknowledged"
	ContactUnanswered   = "unanswered" // still waiting when the drill ended
	ContactExhausted    = "exhausted"  // every link and round, nobody answered
	ContactCancelled    = "cancelled"  // stopped (severity lowered) before an answer
)

// ContactScore is one on-call chain: who would have been notified, in
// order, and who acknowledged after how long (drill time from the chain's
// first notification).
type ContactScore struct {
	Role     Role           `json:"role"`
	Level    SeverityKey    `json:"level"`
	Notified []Person       `json:"notified"`
	Outcome  string         `json:"outcome"`
	AckedBy  Person         `json:"acked_by,omitzero"`
	After    *time.Duration `json:"after_ns"`
}

// Results of an expectation (ExpectationScore.Result).
const (
	ExpectationResultMet       = "met"
	ExpectationResultMissed    = "missed"
	ExpectationResultUnchecked = "unchecked" // the drill ended before its deadline, and it did not hold yet
)

// ExpectationScore is how one expectation went. After is when it became
// true (met only).
type ExpectationScore struct {
	Index  int `json:"index"`  // the inject that expects it, from 1; 0: one of the scenario's own
	Number int `json:"number"` // its number in the scorecard, from 1 (0 in scorecards before numbering: Index)
	DrillExpect
	Result string         `json:"result"`
	After  *time.Duration `json:"after_ns"`
}

// ChecklistProgress is how many of a phase's checklist items were ticked,
// and how many were skipped (left open when moving on with --skip).
type ChecklistProgress struct {
	Phase   Phase `json:"phase"`
	Done    int   `json:"done"`
	Skipped int   `json:"skipped"`
	Total   int   `json:"total"`
}

// Met counts the expectations met, and Missed those missed.
func (sc Scorecard) Met() int    { return sc.count(ExpectationResultMet) }
func (sc Scorecard) Missed() int { return sc.count(ExpectationResultMissed) }

func (sc Scorecard) count(result string) int {
	n := 0
	for _, x := range sc.Expectations {
		if x.Result == result {
			n++
		}
	}
	return n
}

// drillSpan converts a real span of drill run into drill time.
func (run *DrillRun) drillSpan(d time.Duration) time.Duration {
	return d * time.Duration(max(run.Speed, 1))
}

// realAt is when drill time d after the start falls on the service clock.
func (run *DrillRun) realAt(d time.Duration) time.Time {
	return run.StartedAt.Add(d / time.Duration(max(run.Speed, 1)))
}

// drillExpectation is one expectation of a drill as the scorecard numbers
// them: the injects' and the scenario's own together, by deadline (then
// inject order, then the scenario's order).
type drillExpectation struct {
	Number int // from 1
	Inject int // the inject it is written on, from 1; 0: the scenario's own
	Own    int // its place among the scenario's own, from 1; 0 for an inject's
	Expectation
}

// expectations lists the drill's expectations, numbered.
func (run *DrillRun) expectations() []drillExpectation {
	var out []drillExpectation
	for i, in := range run.Injects {
		if in.Expect != nil {
			out = append(out, drillExpectation{Inject: i + 1, Expectation: *in.Expect})
		}
	}
	for i, x := range run.Expects {
		out = append(out, drillExpectation{Own: i + 1, Expectation: x})
	}
	slices.SortStableFunc(out, func(a, b drillExpectation) int { return cmp.Compare(a.Deadline, b.Deadline) })
	for i := range out {
		out[i].Number = i + 1
	}
	return out
}

// timerKey is the key of the expectation's deadline timer: an inject's
// number, or "x" and its place among the scenario's own.
func (x drillExpectation) timerKey() string {
	if x.Inject > 0 {
		return strconv.Itoa(x.Inject)
	}
	return "x" + strconv.Itoa(x.Own)
}

// expectationByKey finds the expectation of a deadline timer's key.
func (run *DrillRun) expectationByKey(key string) (drillExpectation, bool) {
	for _, x := range run.expectations() {
		if x.timerKey() == key {
			return x, true
		}
	}
	return drillExpectation{}, false
}

// from is when what meets x starts to count: the inject's time for a kind
// that counts from the inject it is written on, else the start.
func (run *DrillRun) from(x drillExpectation) time.Time {
	if info, ok := x.Kind.Info(); ok && info.FromInject && x.Inject > 0 && x.Inject <= len(run.Injects) {
		return run.realAt(run.Injects[x.Inject-1].At)
	}
	return run.StartedAt
}

func durPtr(d time.Duration) *time.Duration { return &d }

// Score draws up the scorecard of drill inc at now from its timeline
// (and, for the checklist, its state, which is the fold of the timeline).
func Score(inc *Incident, events []Event, now time.Time) Scorecard {
	run := inc.DrillRun
	if run == nil {
		run = &DrillRun{Speed: 1, StartedAt: inc.OpenedAt}
	}
	sc := Scorecard{Scenario: run.Scenario, Speed: max(run.Speed, 1), Length: run.drillSpan(now.Sub(run.StartedAt)),
		InjectsTotal: len(run.Injects), Roles: []RoleFill{}, Contacts: []ContactScore{}, Informed: []string{},
		Expectations: []ExpectationScore{}, Checklist: []ChecklistProgress{}, Findings: []int{}}
	filled := map[Role]RoleFill{}
	latest := map[Role]int{} // role → index in sc.Contacts of its latest chain
	for _, e := range events {
		if e.OccurredAt.After(now) {
			continue
		}
		at := run.drillSpan(e.OccurredAt.Sub(run.StartedAt))
		info, _ := e.Kind.Info()
		// The kinds counted by their event alone count when redacted too.
		switch info.Scorecard {
		case ScoreNotCounted, ScoreExpectations, ScoreContactCheck: // expectations and the contact check: below
			continue
		case ScoreStatements, ScoreDeadlines: // from the state they fold into, below
			continue
		case ScoreFirstDecision:
			if sc.FirstDecision == nil && !e.OccurredAt.Before(run.StartedAt) {
				sc.FirstDecision = durPtr(at)
			}
			continue
		case ScoreFindings:
			sc.Findings = append(sc.Findings, e.Seq)
			continue
		case ScoreInjects:
			sc.InjectsPosted++
			continue
		}
		p, err := e.Payload()
		if err != nil || p == nil {
			continue
		}
		switch x := p.(type) {
		case RoleAssigned:
			if _, ok := filled[x.Role]; !ok && !x.To.IsZero() {
				filled[x.Role] = RoleFill{Role: x.Role, Person: x.To, After: durPtr(at)}
			}
		case Notified:
			if !x.Chase || x.Role == "" {
				if t := x.Target; t != "" && !slices.Contains(sc.Informed, t) {
					sc.Informed = append(sc.Informed, t)
				}
				continue
			}
			i, ok := latest[x.Role]
			if !ok || (x.Link == 0 && x.Round == 0) {
				sc.Contacts = append(sc.Contacts, ContactScore{Role: x.Role, Level: x.Level, Notified: []Person{}, Outcome: ContactUnanswered})
				i = len(sc.Contacts) - 1
				latest[x.Role] = i
			}
			c := &sc.Contacts[i]
			if !slices.ContainsFunc(c.Notified, func(p Person) bool { return p.ID == x.Person.ID }) {
				c.Notified = append(c.Notified, x.Person)
			}
		case Acknowledged:
			if i, ok := latest[x.Role]; ok {
				c := &sc.Contacts[i]
				c.Outcome, c.AckedBy, c.After = ContactAcknowledged, x.By, durPtr(run.drillSpan(x.After))
			}
		case EscalationExhausted:
			if i, ok := latest[x.Role]; ok && sc.Contacts[i].Outcome == ContactUnanswered {
				sc.Contacts[i].Outcome = ContactExhausted
			}
		case EscalationCancelled:
			if i, ok := latest[x.Role]; ok && sc.Contacts[i].Outcome == ContactUnanswered {
				sc.Contacts[i].Outcome = ContactCancelled
			}
		}
	}
	for _, r := range Roles {
		if f, ok := filled[r]; ok {
			sc.Roles = append(sc.Roles, f)
		} else {
			sc.Roles = append(sc.Roles, RoleFill{Role: r})
		}
	}
	for _, x := range run.expectations() {
		if got, ok := recordedResult(events, x); ok {
			sc.Expectations = append(sc.Expectations, got)
			continue
		}
		if !run.realAt(x.Deadline).After(now) {
			sc.Expectations = append(sc.Expectations, scoreOf(x, judgeResult(run, x, events)))
			continue
		}
		// Ended before the deadline: met if it already holds, else unchecked.
		got := ExpectationScore{Index: x.Inject, Number: x.Number, DrillExpect: x.Expectation, Result: ExpectationResultUnchecked}
		if met, after := judge(run, x, events, now); met {
			got.Result, got.After = ExpectationResultMet, durPtr(after)
		}
		sc.Expectations = append(sc.Expectations, got)
	}
	st := scoreStalls(run, events, now)
	sc.Stalls = &st
	if c := run.ContactCheck; c != nil {
		cs := scoreContactCheck(c, now)
		sc.ContactCheck = &cs
	}
	sc.Checklist, sc.ChecklistTracked = checklistScore(inc.Runbook)
	sc.Statements, sc.Deadlines = statementScore(inc, run, now), deadlineScore(inc, run, now)
	return sc
}

// statementScore is how each statement went by now.
func statementScore(inc *Incident, run *DrillRun, now time.Time) []StatementScore {
	out := []StatementScore{}
	at := func(t time.Time) *time.Duration { return durPtr(max(run.drillSpan(t.Sub(run.StartedAt)), 0)) }
	for _, st := range inc.Statements {
		x := StatementScore{Number: st.Number, Audience: st.Audience, Versions: st.Version}
		settled := now
		switch st.State {
		case DraftSent:
			x.Result, x.Approved, x.Sent, settled = StatementResultSent, at(st.SettledAt), at(st.SentAt), st.SettledAt
		case DraftApproved:
			x.Result, x.Approved, settled = StatementResultApproved, at(st.SettledAt), st.SettledAt
		case DraftRefused:
			x.Result, settled = StatementResultRefused, st.SettledAt
		default:
			x.Result = StatementResultWaiting
		}
		x.Waited = max(run.drillSpan(settled.Sub(st.VersionAt)), 0)
		out = append(out, x)
	}
	return out
}

// deadlineScore is how each deadline went by now.
func deadlineScore(inc *Incident, run *DrillRun, now time.Time) []DeadlineScore {
	out := []DeadlineScore{}
	at := func(t time.Time) *time.Duration { return durPtr(max(run.drillSpan(t.Sub(run.StartedAt)), 0)) }
	for _, d := range inc.Deadlines() {
		x := DeadlineScore{Key: d.Item.Key, Text: d.Item.Text, Within: d.Within}
		if !d.Due.IsZero() {
			x.Due = at(d.Due)
		}
		if d.Done() {
			x.Done = at(d.Item.At)
		}
		switch {
		case !d.Applies:
			x.Result = DeadlineResultNotApplying
		case d.Done() && d.Due.IsZero():
			x.Result = DeadlineResultMet
		case d.Done() && d.Met():
			x.Result = DeadlineResultMet
		case d.Done(), d.Overdue(now):
			x.Result = DeadlineResultMissed
		case d.Waiting:
			x.Result = DeadlineResultWaiting
		default:
			x.Result = DeadlineResultOpen
		}
		out = append(out, x)
	}
	return out
}

// checklistScore is the completion of the attached runbook's checklist per
// phase (flow order); false when no runbook is attached.
func checklistScore(rb *AttachedRunbook) ([]ChecklistProgress, bool) {
	out := []ChecklistProgress{}
	if rb == nil {
		return out, false
	}
	for _, pc := range rb.Phases {
		c := ChecklistProgress{Phase: pc.Phase, Total: len(pc.Items)}
		for _, it := range pc.Items {
			switch it.State {
			case ItemDone:
				c.Done++
			case ItemSkipped:
				c.Skipped++
			}
		}
		out = append(out, c)
	}
	return out, true
}

// recordedResult is the result recorded for expectation x, if its
// deadline was checked. Results recorded before expectations were
// numbered name the inject alone.
func recordedResult(events []Event, x drillExpectation) (ExpectationScore, bool) {
	is := func(index, number int) bool {
		if number > 0 {
			return number == x.Number
		}
		return x.Inject > 0 && index == x.Inject
	}
	for _, e := range events {
		if info, _ := e.Kind.Info(); info.Scorecard != ScoreExpectations {
			continue
		}
		p, err := e.Payload()
		if err != nil || p == nil {
			continue
		}
		switch y := p.(type) {
		case ExpectationMet:
			if is(y.Index, y.Number) {
				return scoreOf(x, y), true
			}
		case ExpectationMissed:
			if is(y.Index, y.Number) {
				return scoreOf(x, y), true
			}
		}
	}
	return ExpectationScore{}, false
}

func scoreOf(x drillExpectation, p Payload) ExpectationScore {
	switch y := p.(type) {
	case ExpectationMet:
		return ExpectationScore{Index: x.Inject, Number: x.Number, DrillExpect: y.DrillExpect, Result: ExpectationResultMet, After: durPtr(y.After)}
	case ExpectationMissed:
		return ExpectationScore{Index: x.Inject, Number: x.Number, DrillExpect: y.DrillExpect, Result: ExpectationResultMissed}
	}
	return ExpectationScore{Index: x.Inject, Number: x.Number}
}

// settleDue checks the expectations whose deadline passed by now but were
// not checked yet (their timer had not fired).
func settleDue(run *DrillRun, events []Event, now time.Time) []Payload {
	var out []Payload
	for _, x := range run.expectations() {
		if run.realAt(x.Deadline).After(now) {
			continue
		}
		if _, ok := recordedResult(events, x); ok {
			continue
		}
		out = append(out, judgeResult(run, x, events))
	}
	return out
}

// judgeResult checks expectation x at its deadline.
func judgeResult(run *DrillRun, x drillExpectation, events []Event) Payload {
	if met, after := judge(run, x, events, run.realAt(x.Deadline)); met {
		return ExpectationMet{Index: x.Inject, Number: x.Number, DrillExpect: x.Expectation, After: after}
	}
	return ExpectationMissed{Index: x.Inject, Number: x.Number, DrillExpect: x.Expectation}
}

// judge reports whether expectation x held by until, and when (drill time
// from the start) it became true: by its kind's rule (expect.go).
func judge(run *DrillRun, x drillExpectation, events []Event, until time.Time) (bool, time.Duration) {
	info, ok := x.Kind.Info()
	if !ok {
		return false, 0
	}
	at, met := info.judge(judging{run: run, x: x.Expectation, from: run.from(x), until: until, events: events})
	if !met {
		return false, 0
	}
	return true, max(run.drillSpan(at.Sub(run.StartedAt)), 0)
}

// ---- the scorecard as text ----

// ExpectMsg says what an expectation asks for, as the scorecard words it.
func ExpectMsg(x DrillExpect) Msg { return expectMsg(x) }

// expectMsg says what an expectation asks for.
func expectMsg(x DrillExpect) Msg {
	a := Args{"deadline": Span(x.Deadline), "role": x.Role, "phase": x.Phase, "item": x.Item, "stop": x.Stop,
		"vendor": x.Vendor, "max": Span(x.Max), "audience": audienceName(x.Audience)}
	if x.Kind == ExpectRoleFromChain && len(x.Chain) == 0 {
		return M("expect.role_from_chain_any", a)
	}
	if _, ok := x.Kind.Info(); ok {
		return M(MsgKey("expect."+string(x.Kind)), a)
	}
	a["kind"] = string(x.Kind)
	return M("expect.other", a)
}

// number is the expectation's number in the scorecard.
func (x ExpectationScore) number() int {
	if x.Number > 0 {
		return x.Number
	}
	return x.Index
}

// ScorecardLines is the scorecard as text, for the reply to "drill end",
// the drill's channel and the console. events are the drill's timeline,
// for the findings' text (a redacted finding shows as redacted).
func ScorecardLines(ref Ref, sc Scorecard, events []Event, scale Scale, loc *time.Location) []Msg {
	head := Args{"ref": ref, "scenario": sc.Scenario, "length": Span(sc.Length), "speed": sc.Speed,
		"posted": sc.InjectsPosted, "injects": sc.InjectsTotal}
	key := MsgKey("scorecard.head")
	if sc.Speed > 1 {
		// One clock, drill time; real time beside it.
		key, head["real"] = "scorecard.head_fast", Span(sc.Length/time.Duration(sc.Speed))
	}
	lines := []Msg{M(key, head)}
	if sc.FirstDecision == nil {
		lines = append(lines, M("scorecard.no_decision", nil))
	} else {
		lines = append(lines, M("scorecard.first_decision", Args{"after": Span(*sc.FirstDecision)}))
	}
	var roles []Msg
	for _, r := range sc.Roles {
		if r.After == nil {
			roles = append(roles, M("scorecard.role_never", Args{"role": r.Role}))
		} else {
			roles = append(roles, M("scorecard.role", Args{"role": r.Role, "after": Span(*r.After), "person": r.Person}))
		}
	}
	lines = append(lines, M("scorecard.roles", Args{"items": joinMsgs(roles)}))
	if len(sc.Contacts) == 0 {
		lines = append(lines, M("scorecard.no_contacts", nil))
	}
	for _, c := range sc.Contacts {
		people := make([]Msg, len(c.Notified))
		for i, p := range c.Notified {
			people[i] = M("told.person", Args{"person": p})
		}
		a := Args{"role": c.Role, "level": scale.Level(c.Level), "people": joinMsgs(people), "person": c.AckedBy}
		if c.After != nil {
			a["after"] = Span(*c.After)
		}
		lines = append(lines, M(MsgKey("scorecard.contact_"+c.Outcome), a))
	}
	if len(sc.Informed) > 0 {
		targets := make([]Msg, len(sc.Informed))
		for i, t := range sc.Informed {
			targets[i] = M("told.target", Args{"target": targetWord(t)})
		}
		lines = append(lines, M("scorecard.informed", Args{"targets": joinMsgs(targets)}))
	}
	if len(sc.Expectations) == 0 {
		lines = append(lines, M("scorecard.no_expectations", nil))
	} else {
		lines = append(lines, M("scorecard.expectations", Args{"met": sc.Met(), "missed": sc.Missed(), "count": len(sc.Expectations)}))
	}
	for _, x := range sc.Expectations {
		a := Args{"n": x.number(), "what": expectMsg(x.DrillExpect)}
		if x.After != nil {
			a["after"] = Span(*x.After)
		}
		lines = append(lines, M(MsgKey("scorecard.expect_"+x.Result), a))
	}
	if st := sc.Stalls; st != nil {
		lines = append(lines, stallLines(*st)...)
	}
	if !sc.ChecklistTracked {
		lines = append(lines, M("scorecard.no_checklist", nil))
	} else {
		var items []Msg
		for _, c := range sc.Checklist {
			key := MsgKey("scorecard.checklist_phase")
			if c.Skipped > 0 {
				key = "scorecard.checklist_phase_skipped"
			}
			items = append(items, M(key, Args{"phase": c.Phase, "done": c.Done, "total": c.Total, "skipped": c.Skipped}))
		}
		lines = append(lines, M("scorecard.checklist", Args{"items": joinMsgs(items)}))
	}
	lines = append(lines, voiceScoreLines(sc)...)
	if len(sc.Findings) == 0 {
		lines = append(lines, M("scorecard.no_findings", nil))
	} else {
		lines = append(lines, M("scorecard.findings", Args{"count": len(sc.Findings)}))
		for i, seq := range sc.Findings {
			lines = append(lines, findingLine(i+1, seq, events))
		}
	}
	if c := sc.ContactCheck; c != nil {
		lines = append(lines, contactCheckLines(*c, loc)...)
	}
	return lines
}

// voiceScoreLines are the scorecard's lines on statements and deadlines;
// none for a drill that had neither.
func voiceScoreLines(sc Scorecard) []Msg {
	var lines []Msg
	if len(sc.Statements) > 0 {
		approved := 0
		for _, x := range sc.Statements {
			if x.Approved != nil {
				approved++
			}
		}
		lines = append(lines, M("scorecard.statements", Args{"count": len(sc.Statements), "approved": approved}))
	}
	for _, x := range sc.Statements {
		a := Args{"n": x.Number, "audience": audienceName(x.Audience), "versions": x.Versions, "waited": Span(x.Waited)}
		if x.Approved != nil {
			a["approved"] = Span(*x.Approved)
		}
		if x.Sent != nil {
			a["sent"] = Span(*x.Sent)
		}
		lines = append(lines, M(MsgKey("scorecard.statement_"+x.Result), a))
	}
	if len(sc.Deadlines) > 0 {
		count := map[string]int{}
		for _, x := range sc.Deadlines {
			count[x.Result]++
		}
		lines = append(lines, M("scorecard.deadlines", Args{"met": count[DeadlineResultMet], "missed": count[DeadlineResultMissed],
			"count": len(sc.Deadlines)}))
	}
	for _, x := range sc.Deadlines {
		a := Args{"key": x.Key, "text": headline(x.Text), "within": Span(x.Within)}
		if x.Due != nil {
			a["due"] = Span(*x.Due)
		}
		if x.Done != nil {
			a["done"] = Span(*x.Done)
		}
		lines = append(lines, M(MsgKey("scorecard.deadline_"+x.Result), a))
	}
	return lines
}

// findingLine is one finding of the scorecard, read from its event.
func findingLine(n, seq int, events []Event) Msg {
	if seq < 1 || seq > len(events) {
		return M("scorecard.finding_redacted", Args{"n": n, "seq": seq})
	}
	p, err := events[seq-1].Payload()
	f, ok := p.(FindingRecorded)
	if err != nil || !ok {
		return M("scorecard.finding_redacted", Args{"n": n, "seq": seq})
	}
	a := Args{"n": n, "seq": seq, "text": f.Text, "owner": f.Owner, "due": text(f.Due)}
	return M("scorecard.finding", a)
}

// targetWord shows a stored target ("user:U0123") as people read it.
func targetWord(t string) string {
	kind, id, _ := strings.Cut(t, ":")
	switch TargetKind(kind) {
	case TargetUser:
		return "@" + id
	case TargetChannel:
		return "#" + id
	}
	return t
}
