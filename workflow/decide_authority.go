package workflow

import (
	"slices"
	"strings"
)

// Act is something that needs authority (PRACTICE.md, "Authority"): the
// [authority] section of the config says who may do it.
type Act string

const (
	ActLowerSeverity Act = "lower_severity"
	ActClose         Act = "close"
	ActRedact        Act = "redact"
	ActApproveStop   Act = "approve_stop"
	// ActApproveStatement approves (or refuses) a statement to an outside
	// audience (statement.go).
	ActApproveStatement Act = "approve_statement"
)

// Acts lists every act in config order.
var Acts = []Act{ActLowerSeverity, ActClose, ActRedact, ActApproveStop, ActApproveStatement}

// Who is the list in force for act: the configured one, or the default when
// nothing is configured. nil means anyone may.
//
// The defaults keep an unconfigured bot working as the Core issue describes
// it: anyone in the incident may lower the severity or close (the documented
// session is typed by one console user after commander was handed over);
// redacting stays with the commander or the approver, as it always was; a
// stop and a statement are approved by the approver.
func (a Authority) Who(act Act) []Target {
	var list []Target
	switch act {
	case ActLowerSeverity:
		list = a.LowerSeverity
	case ActClose:
		list = a.Close
	case ActRedact:
		list = a.Redact
	case ActApproveStop:
		list = a.ApproveStop
	case ActApproveStatement:
		list = a.ApproveStatement
	}
	if len(list) > 0 {
		return list
	}
	switch act {
	case ActRedact:
		return []Target{{Kind: TargetRole, ID: string(RoleCommander)}, {Kind: TargetRole, ID: string(RoleApprover)}}
	case ActApproveStop, ActApproveStatement:
		return []Target{{Kind: TargetRole, ID: string(RoleApprover)}}
	}
	return nil
}

// May reports whether the actor may do act on inc.
func (a Authority) May(act Act, inc *Incident, actor Actor) bool {
	who := a.Who(act)
	return who == nil || Allows(who, inc, actor)
}

// check refuses an act the actor may not do, naming who may. It changes
// nothing, so the caller's command stops there.
func (a Authority) check(act Act, inc *Incident, actor Actor) error {
	if a.May(act, inc, actor) {
		return nil
	}
	if act == ActRedact && len(a.Redact) == 0 {
		// The Core issue's wording, kept for the unconfigured default.
		return Problemf(ErrForbidden, "err.redact_forbidden", Args{"ref": inc.Ref()})
	}
	return Problemf(ErrForbidden, "err.forbidden", Args{
		"who":     whoList(a.Who(act)),
		"action":  M(MsgKey("act."+string(act)), Args{"ref": inc.Ref()}),
		"setting": string(act),
	})
}

// whoList names the targets readably: "the commander, the approver or @U0CTO".
func whoList(list []Target) orList {
	out := make(orList, 0, len(list))
	for _, t := range list {
		var m Msg
		switch t.Kind {
		case TargetRole:
			m = M("who.role", Args{"role": Role(t.ID)})
		case TargetUser:
			m = M("who.user", Args{"person": Person{ID: t.ID}})
		case TargetGroup:
			m = M("who.group", Args{"id": t.ID})
		default:
			m = M("who.channel", Args{"id": t.ID})
		}
		out = append(out, m)
	}
	return out
}

// orList renders messages as "a, b or c" (Japanese "a、bまたはc").
type orList []Msg

func (o orList) Localize(l Lang) string {
	parts := make([]string, len(o))
	for i, m := range o {
		parts[i] = Render(l, m)
	}
	sep, last := ", ", " or "
	if l == Japanese {
		sep, last = "、", "または"
	}
	switch n := len(parts); n {
	case 0:
		return ""
	case 1:
		return parts[0]
	default:
		return strings.Join(parts[:n-1], sep) + last + parts[n-1]
	}
}

// mayStop reports whether the policy lets service be stopped without asking:
// it is the English or the Japanese form of an entry, ignoring case, width
// and spaces (SameStop).
func mayStop(p Policy, service string) bool {
	return slices.ContainsFunc(p.MayStop, func(t Text) bool { return SameStop(t, service) })
}

// decideDecision records a decision. One tagged "| stop: <service>" is
// approved at once when the incident's current level may stop that service
// or its author may approve stops; otherwise it waits for approval, and the
// approve_stop targets are asked (see Service.askApprovals).
func decideDecision(inc *Incident, cmd Command, e env) ([]Draft, error) {
	f, err := decidedByAt(cmd.Decision, inc, cmd, e, true)
	if err != nil {
		return nil, err
	}
	drafts := []Draft{{Payload: DecisionRecorded{DecisionFields: f, Stop: cmd.Stop}}}
	if cmd.Stop == "" {
		return drafts, nil
	}
	n := inc.DecisionCount + 1
	lv := e.scale.Level(inc.Severity)
	var stop Payload
	switch {
	case mayStop(lv.Policy, cmd.Stop):
		stop = StopApproved{Decision: n, Basis: StopByPolicy, Level: lv.Key}
	case e.auth.May(ActApproveStop, inc, e.actor):
		stop = StopApproved{Decision: n, Basis: StopByAuthority}
	default:
		stop = StopRequested{Decision: n, Ask: askList(e.auth.Who(ActApproveStop), inc)}
	}
	return append(drafts, Draft{Payload: stop}), nil
}

// askList resolves approve_stop targets for a request: a role someone holds
// becomes that person; an unassigned role stays a role target, which is
// recorded and announced in the incident channel but reaches no one
// directly until someone holds the role. Duplicates are dropped.
func askList(list []Target, inc *Incident) []string {
	var out []string
	for _, t := range list {
		if t.Kind == TargetRole {
			if p := inc.Holder(Role(t.ID)); !p.IsZero() {
				t = Target{Kind: TargetUser, ID: p.ID}
			}
		}
		if s := t.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// decideApproval answers a stop waiting for approval: approve <n> or
// refuse <n> [reason], by someone the approve_stop list allows.
func decideApproval(inc *Incident, cmd Command, e env) ([]Draft, error) {
	if err := e.auth.check(ActApproveStop, inc, e.actor); err != nil {
		return nil, err
	}
	n := cmd.DecisionNumber
	p, ok := inc.PendingStop(n)
	if !ok {
		return nil, notPending(inc, cmd)
	}
	if cmd.Verb == VerbApprove {
		return []Draft{{Subject: p.By.ID, Payload: StopApproved{Decision: n}}}, nil
	}
	return []Draft{{Subject: p.By.ID, Payload: StopRefused{Decision: n, Reason: cmd.Reason}}}, nil
}

func notPending(inc *Incident, cmd Command) error {
	a := Args{"n": cmd.DecisionNumber, "ref": inc.Ref(), "usage": UsageMsg(cmd.Verb)}
	if len(inc.PendingStops) == 0 {
		return Problemf(ErrNotFound, "err.stop_none_pending", a)
	}
	items := make([]Msg, len(inc.PendingStops))
	for i, p := range inc.PendingStops {
		items[i] = M("stop.pending_item", Args{"n": p.Decision, "stop": stopText(p.Stop)})
	}
	a["pending"] = joinMsgs(items)
	return Problemf(ErrNotFound, "err.stop_not_pending", a)
}

// stopText shows what a stop names, or that it was redacted.
type stopText string

func (s stopText) Localize(l Lang) string {
	if s == "" {
		return Render(l, M("stop.redacted", nil))
	}
	return string(s)
}

// checkHandover guards the roles that carry authority. A role a configured
// [authority] list names (role:approver in approve_stop, say) would be a way
// round that list if anyone could take it with assign, so it is handed over
// only by its current holder or by someone a list naming it allows; while
// nobody holds it, the commander may give it (anyone, while there is no
// commander either: a drill starts without one). Roles no configured list names,
// and every role when nothing is configured, are assigned freely, as the
// Core issue describes.
func (a Authority) checkHandover(inc *Incident, role Role, actor Actor) error {
	var naming []Target
	guarded := false
	for _, list := range a.lists() {
		if slices.Contains(list, Target{Kind: TargetRole, ID: string(role)}) {
			guarded = true
			naming = append(naming, list...)
		}
	}
	if !guarded || inc.Holds(actor.User, role) || Allows(naming, inc, actor) {
		return nil
	}
	if inc.Holder(role).IsZero() && (inc.Holds(actor.User, RoleCommander) || inc.Holder(RoleCommander).IsZero()) {
		return nil // nobody holds it yet: the commander gives it (anyone, before there is one)
	}
	return Problemf(ErrForbidden, "err.handover_forbidden", Args{"ref": inc.Ref(), "role": role, "who": whoList(naming)})
}

// lists are the configured lists of every act.
func (a Authority) lists() [][]Target {
	return [][]Target{a.LowerSeverity, a.Close, a.Redact, a.ApproveStop, a.ApproveStatement}
}
