package workflow

import "time"

// confirm is the reply to a command that changed an incident: its verb's
// confirmation (verbs.go).
func (s *Service) confirm(inc *Incident, cmd Command, events []Event) []Msg {
	last := events[len(events)-1]
	a := Args{"ref": inc.Ref(), "seq": last.Seq}
	if v, ok := verbOf(cmd.Verb); ok && v.confirm != nil {
		return v.confirm(s, inc, cmd, events, a)
	}
	return []Msg{M("done", a)}
}

func (s *Service) confirmOpen(inc *Incident, cmd Command, events []Event, a Args) []Msg {
	a["title"], a["severity"], a["commander"] = inc.Title, s.scale.Level(inc.Severity), inc.Holder(RoleCommander)
	now := events[0].RecordedAt
	lines := []Msg{M("open.done", a), M("open.times", Args{
		"started":  Echo{T: inc.StartedAt, Now: now, Loc: s.loc},
		"detected": Echo{T: inc.DetectedAt, Now: now, Loc: s.loc},
	})}
	lines = append(lines, timeEcho("started", cmd.Started, inc.StartedAt, now, s.loc)...)
	lines = append(lines, timeEcho("detected", cmd.Detected, inc.DetectedAt, now, s.loc)...)
	if inc.Private {
		lines = append(lines, M("open.private", nil))
	}
	if len(inc.Affects) > 0 {
		lines = append(lines, M("open.affects", Args{"keys": keyList(inc.Affects)}))
	}
	lines = append(lines, confirmOpenRunbook(inc)...)
	if rb, ok := s.suggestion(inc); ok {
		lines = append(lines, M("open.runbook_hint", Args{"ref": inc.Ref(), "name": rb.Name, "title": rb.Title}))
	}
	return append(lines, M("open.next", Args{"ref": inc.Ref()}))
}

func (s *Service) confirmRunbook(inc *Incident, _ Command, _ []Event, a Args) []Msg {
	if rb := inc.Runbook; rb != nil {
		a["name"], a["title"] = rb.Name, rb.Title
		return []Msg{M("runbook.done", a)}
	}
	return []Msg{M("done", a)}
}

func (s *Service) confirmSev(_ *Incident, _ Command, events []Event, a Args) []Msg {
	p, _ := events[len(events)-1].Payload()
	sc := p.(SeverityChanged)
	a["from"], a["to"] = s.scale.Level(sc.From), s.scale.Level(sc.To)
	return []Msg{M("sev.done", a)}
}

func (s *Service) confirmAssign(_ *Incident, _ Command, events []Event, a Args) []Msg {
	p, _ := events[len(events)-1].Payload()
	ra := p.(RoleAssigned)
	a["role"], a["person"], a["from"] = ra.Role, ra.To, ra.From
	if ra.From.IsZero() {
		return []Msg{M("assign.done", a)}
	}
	return []Msg{M("assign.handover", a)}
}

// confirmPhase is the reply to phase, next, close and reopen.
func (s *Service) confirmPhase(inc *Incident, _ Command, events []Event, a Args) []Msg {
	p, _ := events[len(events)-1].Payload()
	pc := p.(PhaseChanged)
	a["from"], a["to"] = pc.From, pc.To
	switch pc.Move {
	case MoveClose:
		ttr, _ := inc.TimeToRecover()
		a["ttr"], a["number"] = Span(ttr), inc.Number
		return []Msg{M("close.done", a)}
	case MoveFalseAlarm:
		return []Msg{M("close.false_alarm", a)}
	case MoveReopen:
		return append([]Msg{M("reopen.done", a)}, confirmMove(inc, events)...)
	}
	return append([]Msg{M("phase.done", a)}, confirmMove(inc, events)...)
}

func (s *Service) confirmAmend(_ *Incident, cmd Command, events []Event, a Args) []Msg {
	a["n"] = cmd.DecisionNumber
	p, _ := events[0].Payload()
	am, _ := p.(Amended)
	return append([]Msg{M("amend.done", a)}, s.decidedEcho(cmd, am.DecisionFields, events[0].RecordedAt)...)
}

// decidedEcho repeats a decision's "by:" and "at:" as read, when given.
func (s *Service) decidedEcho(cmd Command, f DecisionFields, now time.Time) []Msg {
	var lines []Msg
	if cmd.DecidedBy != (PersonRef{}) {
		lines = append(lines, M("decision.by", Args{"by": f.DecidedBy}))
	}
	if cmd.DecidedAt != "" {
		lines = append(lines, M("decision.at", Args{"at": Echo{T: f.DecidedAt, Now: now, Loc: s.loc}}))
		lines = append(lines, timeEcho("at", cmd.DecidedAt, f.DecidedAt, now, s.loc)...)
	}
	return lines
}

func (s *Service) confirmNote(_ *Incident, _ Command, _ []Event, a Args) []Msg {
	return []Msg{M("note.done", a)}
}

func (s *Service) confirmStatus(_ *Incident, _ Command, _ []Event, a Args) []Msg {
	return []Msg{M("status.done", a)}
}

func (s *Service) confirmPostmortem(inc *Incident, _ Command, _ []Event, a Args) []Msg {
	lines := []Msg{M("postmortem.done", a)}
	if miss := inc.MissingPostmortem(); len(miss) > 0 {
		lines = append(lines, M("postmortem.missing", Args{"missing": fieldNames(miss)}))
	}
	return lines
}

func (s *Service) confirmRedact(inc *Incident, cmd Command, _ []Event, a Args) []Msg {
	a["n"], a["head"] = cmd.EventNumber, inc.Head
	return []Msg{M("redact.done", a)}
}

func (s *Service) confirmAck(inc *Incident, _ Command, events []Event, a Args) []Msg {
	var roles []Msg
	for _, e := range events {
		if p, _ := e.Payload(); p != nil {
			if ack, ok := p.(Acknowledged); ok {
				// In a drill, how long it took on the drill's clock.
				roles = append(roles, M("ack.role", Args{"role": ack.Role, "after": Span(inc.DrillSpan(ack.After))}))
			}
		}
	}
	a["roles"] = joinMsgs(roles)
	return []Msg{M("ack.done", a)}
}

func (s *Service) confirmEscalate(_ *Incident, _ Command, _ []Event, a Args) []Msg {
	return []Msg{M("escalate.done", a)}
}

// confirmTicks is the reply to done and undo (checklist.go).
func (s *Service) confirmTicks(inc *Incident, cmd Command, events []Event, a Args) []Msg {
	return confirmTick(inc, cmd, events, a, s.loc)
}

func fieldNames(fields []string) joined {
	names := make([]Msg, len(fields))
	for i, f := range fields {
		names[i] = M(MsgKey("field."+f), nil)
	}
	return joinMsgs(names)
}

// text is a field value for display: "—" when empty.
type text string

func (t text) Localize(Lang) string {
	if t == "" {
		return "—"
	}
	return string(t)
}

// showLines is the summary of an incident shown by "show".
func (s *Service) showLines(inc *Incident) []Msg {
	at := func(t time.Time) Localizer { return inc.ClockAt(t, s.loc) } // a drill's on its clock
	lines := []Msg{M("show.title", Args{"ref": inc.Ref(), "title": inc.Title})}
	if inc.Private {
		lines = append(lines, M("show.private", nil))
	}
	lines = append(lines, M("show.state", Args{"severity": s.scale.Level(inc.Severity), "phase": inc.Phase}))
	var roles []Msg
	for _, r := range Roles {
		roles = append(roles, M("show.role", Args{"role": r, "person": inc.Holder(r)}))
	}
	lines = append(lines, M("show.roles", Args{"roles": joinMsgs(roles)}))
	lines = append(lines, M("show.times", Args{"started": at(inc.StartedAt), "detected": at(inc.DetectedAt), "opened": at(inc.OpenedAt)}))
	ttr := Msg(M("show.not_yet", nil))
	if d, ok := inc.TimeToRecover(); ok {
		ttr = M("span", Args{"span": Span(d)})
	}
	lines = append(lines, M("show.kpi", Args{"ttd": Span(inc.TimeToDetect()), "ttr": ttr}))
	if !inc.ResolvedAt.IsZero() || !inc.ClosedAt.IsZero() {
		lines = append(lines, M("show.ends", Args{"resolved": at(inc.ResolvedAt), "closed": at(inc.ClosedAt)}))
	}
	if inc.FalseAlarm != "" {
		lines = append(lines, M("show.false_alarm", Args{"reason": inc.FalseAlarm}))
	}
	switch st := inc.Status; {
	case st == nil:
		lines = append(lines, M("show.no_status", nil))
	case st.Redacted:
		lines = append(lines, M("show.status_redacted", Args{"at": at(st.At), "author": st.Author}))
	default:
		lines = append(lines, M("show.status", Args{"at": at(st.At), "author": st.Author,
			"confirmed": text(st.Confirmed), "unconfirmed": text(st.Unconfirmed), "next": text(st.Next)}))
	}
	if !inc.Scope.IsZero() {
		lines = append(lines, scopeLine(inc.Scope))
	}
	if d := inc.LastDecision; d == nil {
		lines = append(lines, M("show.no_decision", nil))
	} else if d.Redacted {
		lines = append(lines, M("show.decision_redacted", Args{"n": d.Number, "at": at(d.At), "author": d.Author}))
	} else {
		lines = append(lines, M("show.decision", Args{"n": d.Number, "at": at(d.At), "author": d.Author,
			"decision": d.Decision, "why": d.Why, "action": text(d.Action), "next": text(d.Next)}))
	}
	pm := inc.Postmortem
	if pm != (PostmortemFields{}) || inc.Phase == PhasePost {
		lines = append(lines, M("show.postmortem", Args{"cause": text(pm.Cause), "impact": text(pm.Impact),
			"prevention": text(pm.Prevention), "open": text(pm.Open)}))
	}
	for _, p := range inc.Problems {
		lines = append(lines, M("show.problem", Args{"at": at(p.At), "what": p.What, "error": p.Error, "seq": p.Seq}))
	}
	if len(inc.Affects) > 0 {
		lines = append(lines, M("show.affects", Args{"keys": keyList(inc.Affects), "ref": inc.Ref()}))
	}
	if len(inc.Asks) > 0 {
		lines = append(lines, M("show.vendors", Args{"count": len(inc.Asks), "ref": inc.Ref()}))
	}
	lines = append(lines, s.voiceShowLines(inc)...) // deadline_verbs.go
	lines = append(lines, s.pendingLines(inc)...)
	lines = append(lines, s.chaseLines(inc)...)
	lines = append(lines, showChecklist(inc)...)
	lines = append(lines, s.drillShowLines(inc)...)
	lines = append(lines, M("show.chain", Args{"decisions": inc.DecisionCount, "events": inc.Seq, "head": inc.Head}))
	return lines
}
