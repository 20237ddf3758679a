package workflow

import (
	"time"
)

// env is what a decision may depend on besides the incident and the command.
type env struct {
	actor Actor
	now   time.Time
	loc   *time.Location
	scale Scale
	auth  Authority // who may do what needs authority (decide_authority.go)
}

// decide turns a command on an existing incident into the events it causes, or
// a Problem: its verb's decision (verbs.go), once the incident may take it. It
// writes nothing.
func (s *Service) decide(tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
	v, ok := verbOf(cmd.Verb)
	if inc.IsClosed() && !(ok && v.closed.allows(inc)) {
		return nil, Problemf(ErrClosed, "err.closed", Args{"ref": inc.Ref()})
	}
	if !ok || v.decide == nil {
		return nil, Problemf(ErrInvalid, "err.not_a_change", Args{"verb": string(cmd.Verb)})
	}
	return v.decide(s, tx, inc, cmd, e)
}

func decideSeverity(inc *Incident, cmd Command, e env) ([]Draft, error) {
	from, to := inc.Severity, cmd.Severity
	if from == to {
		return nil, Problemf(ErrInvalid, "err.sev_same", Args{"level": e.scale.Level(to)})
	}
	if e.scale.Rank(to) < e.scale.Rank(from) {
		if err := e.auth.check(ActLowerSeverity, inc, e.actor); err != nil {
			return nil, err
		}
		if cmd.Reason == "" {
			return nil, Problemf(ErrInvalid, "err.sev_reason", Args{"from": e.scale.Level(from), "to": e.scale.Level(to), "key": string(to)})
		}
	}
	return []Draft{{Payload: SeverityChanged{From: from, To: to, Reason: cmd.Reason}}}, nil
}

func decideAssign(inc *Incident, cmd Command, e env) ([]Draft, error) {
	if err := e.auth.checkHandover(inc, cmd.Role, e.actor); err != nil {
		return nil, err
	}
	to := cmd.Assignee.Person
	if cmd.Assignee.Me {
		to = e.actor.Person()
	}
	from := inc.Holder(cmd.Role)
	if from.ID == to.ID {
		return nil, Problemf(ErrInvalid, "err.assign_same", Args{"person": to, "role": cmd.Role})
	}
	return []Draft{{Subject: to.ID, Payload: RoleAssigned{Role: cmd.Role, From: from, To: to}}}, nil
}

func decidePhase(inc *Incident, to Phase, reason string) ([]Draft, error) {
	if to == inc.Phase {
		return nil, Problemf(ErrInvalid, "err.phase_same", Args{"phase": to})
	}
	return move(inc, to, "", reason)
}

// decideToPhase decides "phase <name>".
func decideToPhase(inc *Incident, cmd Command, _ env) ([]Draft, error) {
	return moveOn(inc, cmd)(decidePhase(inc, cmd.Phase, cmd.Reason))
}

func decideNext(inc *Incident, cmd Command, _ env) ([]Draft, error) {
	to, ok := Next(inc.Phase)
	if !ok {
		return nil, Problemf(ErrTransition, "err.no_next", Args{"phase": inc.Phase, "allowed": allowedMsg(inc.Phase)})
	}
	return moveOn(inc, cmd)(decidePhase(inc, to, cmd.Reason))
}

func decideReopen(inc *Incident, cmd Command, _ env) ([]Draft, error) {
	if !inc.IsClosed() {
		return nil, Problemf(ErrInvalid, "err.not_closed", Args{"ref": inc.Ref()})
	}
	if inc.DrillRun != nil && inc.DrillRun.Ended {
		return nil, Problemf(ErrClosed, "err.drill_over", Args{"ref": inc.Ref()})
	}
	return move(inc, PhaseInvestigate, MoveReopen, cmd.Reason)
}

func decideAmend(inc *Incident, cmd Command, e env) ([]Draft, error) {
	if !inc.HasDecision(cmd.DecisionNumber) {
		return nil, Problemf(ErrNotFound, "err.no_decision", Args{"n": cmd.DecisionNumber, "count": inc.DecisionCount, "ref": inc.Ref()})
	}
	f, err := decidedByAt(cmd.Decision, inc, cmd, e, false)
	if err != nil {
		return nil, err
	}
	return []Draft{{Payload: Amended{Of: cmd.DecisionNumber, DecisionFields: f}}}, nil
}

// decidedByAt fills who decided and when from the command's "by:" and "at:".
// A new decision (fresh) without "by:" was decided by the commander at the
// time; a correction without it leaves the decider as it was.
func decidedByAt(f DecisionFields, inc *Incident, cmd Command, e env, fresh bool) (DecisionFields, error) {
	switch {
	case cmd.DecidedBy.Me:
		f.DecidedBy = e.actor.Person()
	case !cmd.DecidedBy.Person.IsZero():
		f.DecidedBy = cmd.DecidedBy.Person
	case fresh:
		f.DecidedBy = inc.Holder(RoleCommander)
	}
	if cmd.DecidedAt != "" {
		at, err := ParseTime(cmd.DecidedAt, e.now, e.loc)
		if err != nil {
			return f, err
		}
		f.DecidedAt = at.Truncate(time.Microsecond)
	}
	return f, nil
}

func decideNote(_ *Incident, cmd Command, _ env) ([]Draft, error) {
	return []Draft{{Payload: NoteLogged{Text: cmd.Note}}}, nil
}

func decideStatus(_ *Incident, cmd Command, _ env) ([]Draft, error) {
	return []Draft{{Payload: StatusPosted{StatusFields: cmd.Status}}}, nil
}

func decidePostmortem(_ *Incident, cmd Command, _ env) ([]Draft, error) {
	return []Draft{{Payload: PostmortemUpdated{PostmortemFields: cmd.Postmortem}}}, nil
}

func decideClose(inc *Incident, cmd Command, e env) ([]Draft, error) {
	if err := e.auth.check(ActClose, inc, e.actor); err != nil {
		return nil, err
	}
	if cmd.FalseAlarm {
		return move(inc, PhaseClosed, MoveFalseAlarm, cmd.Reason)
	}
	if inc.Phase != PhasePost {
		// Name the way out that fits where the incident is.
		return nil, &TransitionError{From: inc.Phase, To: PhaseClosed, Move: MoveClose, Allowed: AllowedFrom(inc.Phase)}
	}
	if miss := inc.MissingPostmortem(); len(miss) > 0 {
		names := make([]Msg, len(miss))
		for i, f := range miss {
			names[i] = M(MsgKey("field."+f), nil)
		}
		return nil, Problemf(ErrInvalid, "err.postmortem_missing", Args{"missing": joinMsgs(names), "ref": inc.Ref()})
	}
	return moveOn(inc, cmd)(move(inc, PhaseClosed, MoveClose, cmd.Reason))
}

// move runs the state machine and checks the reason rule.
func move(inc *Incident, to Phase, m Move, reason string) ([]Draft, error) {
	taken, err := Step(inc.Phase, to, m)
	if err != nil {
		return nil, err
	}
	if taken.NeedsReason() && reason == "" {
		return nil, Problemf(ErrInvalid, "err.reason_needed", Args{"from": inc.Phase, "to": to, "usage": reasonUsage(taken, to)})
	}
	return []Draft{{Payload: PhaseChanged{From: inc.Phase, To: to, Move: taken, Reason: reason}}}, nil
}

func reasonUsage(m Move, to Phase) Msg {
	switch m {
	case MoveFalseAlarm:
		return UsageMsg(VerbClose)
	case MoveReopen:
		return UsageMsg(VerbReopen)
	}
	return M("usage.phase_back", Args{"phase": string(to)})
}

// allowedMsg lists the moves allowed from p.
func allowedMsg(p Phase) Msg {
	return (&TransitionError{From: p, Allowed: AllowedFrom(p)}).allowed()
}

// open decides the opening of a new incident numbered n.
func decideOpen(cmd Command, n int, e env) (Draft, error) {
	detected, started := e.now, time.Time{}
	var err error
	if cmd.Detected != "" {
		if detected, err = ParseTime(cmd.Detected, e.now, e.loc); err != nil {
			return Draft{}, err
		}
	}
	started = detected
	if cmd.Started != "" {
		if started, err = ParseTime(cmd.Started, e.now, e.loc); err != nil {
			return Draft{}, err
		}
	}
	if started.After(detected) {
		return Draft{}, Problemf(ErrInvalid, "err.started_after_detected", Args{"started": When{started, e.loc}, "detected": When{detected, e.loc}})
	}
	sev := cmd.Severity
	if sev == "" {
		sev = e.scale.Default
	}
	return Draft{OccurredAt: e.now, Payload: Opened{
		Title:      cmd.Title,
		Severity:   sev,
		Private:    cmd.Private,
		Number:     n,
		Opener:     e.actor.Person(),
		StartedAt:  started.UTC().Truncate(time.Microsecond),
		DetectedAt: detected.UTC().Truncate(time.Microsecond),
	}}, nil
}
