package workflow

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// The expectations of a drill scenario: what participants should have
// decided or done by a time (PRACTICE.md, "Tabletop drills": do contacts
// connect, does decision-making stall). Each kind is one entry of
// expectKinds: what its value names in a scenario file (the runbooks
// package checks it by that), and how it is judged from the timeline. A
// new kind is an entry here, its text "expect.<kind>" in messages_drill.go
// and, if its value is of a new sort, a case in the runbooks loader
// (runbooks/expect.go); the scorecard, the deadlines and check follow.

// The kinds added after the first four (runbook.go).
const (
	ExpectItemDone        ExpectKind = "item_done"            // Item (a checklist item key) done
	ExpectStopDecided     ExpectKind = "stop_decided"         // a decision with "| stop:" naming Stop
	ExpectApprovalPending ExpectKind = "approval_pending_max" // no stop waited longer than Max for approval
	ExpectStatusFull      ExpectKind = "status_full"          // a status update with all three boxes filled
	ExpectRoleFromChain   ExpectKind = "role_from_chain"      // Role held by someone on its on-call chain
	ExpectVendorRequest   ExpectKind = "vendor_request"       // a request sent to Vendor
	ExpectFinding         ExpectKind = "finding"              // a finding recorded
	ExpectStatement       ExpectKind = "statement_approved"   // a statement to Audience approved
)

// ExpectValue is what the value of an expectation names in a scenario
// file (`item_done = "isolate"`), so the loader knows how to check it.
type ExpectValue string

const (
	ExpectTrue    ExpectValue = "true"    // kind = true
	ExpectRole    ExpectValue = "role"    // a role: Role
	ExpectPhaseOf ExpectValue = "phase"   // a phase: Phase
	ExpectItem    ExpectValue = "item"    // a checklist item key of the scenario's runbook: Item
	ExpectStop    ExpectValue = "stop"    // a stop target, "…" or { en, ja }: Stop
	ExpectVendor  ExpectValue = "vendor"  // a vendor key: Vendor
	ExpectMinutes ExpectValue = "minutes" // whole minutes: Max
	// An audience of statements, its key or another word for it
	// (ParseAudience): Audience.
	ExpectAudience ExpectValue = "audience"
)

// ExpectKindInfo is what the bot knows about one expectation kind.
type ExpectKindInfo struct {
	Kind  ExpectKind
	Value ExpectValue
	// FromInject: written on an inject, only what happened at or after
	// the inject counts (a decision after the news it answers); otherwise
	// everything since the start of the drill counts.
	FromInject bool
	// judge reports whether the expectation held by j.until, and the
	// moment (on the service clock) it became true.
	judge func(j judging) (time.Time, bool)
}

// expectKinds is the registry, in the order runbooks/README.md lists it.
var expectKinds = []ExpectKindInfo{
	{Kind: ExpectRoleAssigned, Value: ExpectRole, judge: judgeRole},
	{Kind: ExpectDecision, Value: ExpectTrue, FromInject: true, judge: judgeDecision},
	{Kind: ExpectPhase, Value: ExpectPhaseOf, judge: judgePhase},
	{Kind: ExpectStatus, Value: ExpectTrue, FromInject: true, judge: judgeStatus},
	{Kind: ExpectItemDone, Value: ExpectItem, judge: judgeItem},
	{Kind: ExpectStopDecided, Value: ExpectStop, FromInject: true, judge: judgeStop},
	{Kind: ExpectApprovalPending, Value: ExpectMinutes, judge: judgeApprovals},
	{Kind: ExpectStatusFull, Value: ExpectTrue, FromInject: true, judge: judgeStatusFull},
	{Kind: ExpectRoleFromChain, Value: ExpectRole, judge: judgeRole},
	{Kind: ExpectVendorRequest, Value: ExpectVendor, FromInject: true, judge: judgeVendor},
	{Kind: ExpectFinding, Value: ExpectTrue, FromInject: true, judge: judgeFinding},
	{Kind: ExpectStatement, Value: ExpectAudience, judge: judgeStatement},
}

func expectKindNames() []ExpectKind {
	out := make([]ExpectKind, len(expectKinds))
	for i, k := range expectKinds {
		out[i] = k.Kind
	}
	return out
}

// Info is what the registry says about kind k; false for a kind this
// version does not know.
func (k ExpectKind) Info() (ExpectKindInfo, bool) {
	i := slices.IndexFunc(expectKinds, func(x ExpectKindInfo) bool { return x.Kind == k })
	if i < 0 {
		return ExpectKindInfo{}, false
	}
	return expectKinds[i], true
}

// judging is one expectation judged against a drill's timeline.
type judging struct {
	run    *DrillRun
	x      Expectation
	from   time.Time // what happened before does not count (FromInject), else the start
	until  time.Time // the deadline, or the end if the drill ended before it
	events []Event   // the whole timeline; judges skip what came after until
}

// each calls f with the payload of every event of kind k between from and
// until (until only, when all), in order, until f returns true; it returns
// that event's time. Redacted events have a nil payload.
func (j judging) each(k EventKind, all bool, f func(e Event, p Payload) bool) (time.Time, bool) {
	for _, e := range j.events {
		if e.Kind != k || e.OccurredAt.After(j.until) || (!all && e.OccurredAt.Before(j.from)) {
			continue
		}
		p, err := e.Payload()
		if err != nil {
			continue
		}
		if f(e, p) {
			return e.OccurredAt, true
		}
	}
	return time.Time{}, false
}

func judgeRole(j judging) (time.Time, bool) {
	return j.each(EventRoleAssigned, true, func(_ Event, p Payload) bool {
		y, ok := p.(RoleAssigned)
		if !ok || y.Role != j.x.Role || y.To.IsZero() {
			return false
		}
		return j.x.Kind != ExpectRoleFromChain || len(j.x.Chain) == 0 || slices.Contains(j.x.Chain, y.To.ID)
	})
}

func judgeDecision(j judging) (time.Time, bool) {
	return j.each(EventDecision, false, func(Event, Payload) bool { return true })
}

func judgePhase(j judging) (time.Time, bool) {
	if phaseIndex(j.x.Phase) <= phaseIndex(PhaseDetect) {
		return j.run.StartedAt, true
	}
	return j.each(EventPhaseChanged, true, func(_ Event, p Payload) bool {
		y, ok := p.(PhaseChanged)
		return ok && y.To != PhaseClosed && phaseIndex(y.To) >= phaseIndex(j.x.Phase)
	})
}

func judgeStatus(j judging) (time.Time, bool) {
	return j.each(EventStatus, false, func(Event, Payload) bool { return true })
}

// judgeStatusFull: a status update with something in each of the three
// boxes. A redacted one is not known to have had them.
func judgeStatusFull(j judging) (time.Time, bool) {
	return j.each(EventStatus, false, func(_ Event, p Payload) bool {
		y, ok := p.(StatusPosted)
		return ok && strings.TrimSpace(y.Confirmed) != "" && strings.TrimSpace(y.Unconfirmed) != "" && strings.TrimSpace(y.Next) != ""
	})
}

// judgeItem: the item is done at until, as the checklist stood then (the
// timeline up to until, folded); its time is when it was ticked.
func judgeItem(j judging) (time.Time, bool) {
	n := 0
	for n < len(j.events) && !j.events[n].OccurredAt.After(j.until) {
		n++
	}
	inc, err := Replay(j.events[:n])
	if err != nil || inc.Runbook == nil {
		return time.Time{}, false
	}
	for _, pc := range inc.Runbook.Phases {
		for _, it := range pc.Items {
			if it.Key == j.x.Item && it.State == ItemDone {
				return it.At, true
			}
		}
	}
	return time.Time{}, false
}

func judgeStop(j judging) (time.Time, bool) {
	return j.each(EventDecision, false, func(_ Event, p Payload) bool {
		y, ok := p.(DecisionRecorded)
		return ok && StopNames(j.x.Stop, y.Stop)
	})
}

// judgeApprovals: no stop waited longer than Max (drill time) for an
// approval or a refusal by until; one still waiting at until counts what
// it waited so far. It holds, if it holds, at until.
func judgeApprovals(j judging) (time.Time, bool) {
	for _, w := range approvalWaits(j.run, j.events, j.until) {
		if w.Waited > j.x.Max {
			return time.Time{}, false
		}
	}
	return j.until, true
}

func judgeVendor(j judging) (time.Time, bool) {
	return j.each(EventVendorRequested, false, func(e Event, p Payload) bool {
		if y, ok := p.(VendorRequested); ok {
			return y.Vendor == j.x.Vendor
		}
		return e.Subject == j.x.Vendor // redacted: the subject is the vendor key
	})
}

func judgeFinding(j judging) (time.Time, bool) {
	return j.each(EventFinding, false, func(Event, Payload) bool { return true })
}

// judgeStatement: a version of a statement to Audience approved (a later
// edit, waiting for approval again, does not undo that it was). Which
// audience a statement is for is its draft's; a redacted draft keeps it in
// its subject. A statement drafted before an inject counts too: what
// matters is that nothing went out unapproved in time.
func judgeStatement(j judging) (time.Time, bool) {
	audience := map[int]Audience{}
	j.each(EventStatementDrafted, true, func(e Event, p Payload) bool {
		n, a := statementOf(e.Subject)
		if y, ok := p.(StatementDrafted); ok {
			n, a = y.Number, y.Audience
		}
		audience[n] = a
		return false
	})
	return j.each(EventStatementApproved, false, func(_ Event, p Payload) bool {
		y, ok := p.(StatementApproved)
		return ok && audience[y.Number] == j.x.Audience
	})
}

// ApprovalWait is how long one stop waited for approval.
type ApprovalWait struct {
	Decision int           `json:"decision"`
	Waited   time.Duration `json:"waited_ns"` // drill time from the request to its answer, or to the end
	Answered bool          `json:"answered"`  // approved or refused; false: still waiting at the end
}

// approvalWaits lists every stop requested by until, with how long it
// waited (drill time) for an answer until then.
func approvalWaits(run *DrillRun, events []Event, until time.Time) []ApprovalWait {
	var out []ApprovalWait
	asked := map[int]int{} // decision → index in out
	at := map[int]time.Time{}
	for _, e := range events {
		if e.OccurredAt.After(until) {
			break
		}
		switch e.Kind {
		case EventStopRequested, EventStopApproved, EventStopRefused:
		default:
			continue
		}
		p, err := e.Payload()
		if err != nil || p == nil {
			continue
		}
		switch y := p.(type) {
		case StopRequested:
			asked[y.Decision], at[y.Decision] = len(out), e.OccurredAt
			out = append(out, ApprovalWait{Decision: y.Decision})
		case StopApproved:
			settle(out, asked, at, y.Decision, e.OccurredAt, run)
		case StopRefused:
			settle(out, asked, at, y.Decision, e.OccurredAt, run)
		}
	}
	for d, i := range asked {
		if !out[i].Answered {
			out[i].Waited = run.drillSpan(until.Sub(at[d]))
		}
	}
	return out
}

func settle(out []ApprovalWait, asked map[int]int, at map[int]time.Time, d int, t time.Time, run *DrillRun) {
	if i, ok := asked[d]; ok && !out[i].Answered {
		out[i].Answered, out[i].Waited = true, run.drillSpan(t.Sub(at[d]))
	}
}

// StopNames reports whether a decision's typed "| stop:" names target:
// it contains the target's English or Japanese form, ignoring case, width
// and spaces ("停止: 感染 PC（経理の端末）" names 感染PC).
func StopNames(target Text, typed string) bool {
	t := StopKey(typed)
	if t == "" {
		return false
	}
	for _, f := range []string{target.En, target.Ja} {
		if k := StopKey(f); k != "" && strings.Contains(t, k) {
			return true
		}
	}
	return false
}

// SameStop reports whether a typed stop target is exactly one of the
// forms of a may_stop entry, ignoring case, width and spaces.
func SameStop(entry Text, typed string) bool {
	t := StopKey(typed)
	return t != "" && (t == StopKey(entry.En) || t == StopKey(entry.Ja))
}

// StopKey is how stop targets compare: full-width letters and digits as
// ASCII, lowercase, without spaces.
func StopKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFF01 - 0x21
		case unicode.IsSpace(r):
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
