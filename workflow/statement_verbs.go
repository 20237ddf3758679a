package workflow

import (
	"strings"
	"time"
)

// The verbs of statements (statement.go):
//
//	statement <audience> <text>          a draft, numbered per incident
//	statement edit <n> <text>            a new version; approval again
//	statement approve <n> [v<version>]   by the approver ([authority] approve_statement)
//	statement refuse <n> [v<version>] [reason]
//	statement sent <n> [how]             only once approved
//	statements                           every statement and where it stands
//
// The text is free text: never split at labels or bars.

// What statement does (Command.StatementAction).
const (
	StatementDraft   = "draft"
	StatementEdit    = "edit"
	StatementApprove = "approve"
	StatementRefuse  = "refuse"
	StatementSend    = "sent"
)

// statementActions are the words for each action after "statement", in
// either language; an audience is none of them.
var statementActions = map[string][]string{
	StatementEdit:    {"edit", "修正"},
	StatementApprove: {"approve", "承認"},
	StatementRefuse:  {"refuse", "却下"},
	StatementSend:    {"sent", "send", "送付済み", "送付"},
}

func statementAction(w string) (string, bool) {
	for action, words := range statementActions {
		for _, x := range words {
			if asciiEqualFold(w, x) {
				return action, true
			}
		}
	}
	return "", false
}

// ---- parsing ----

// statement: see the file comment.
func (p *parser) statement(rest string) error {
	w, after := cutWord(rest, false)
	if w == "" {
		return p.fail("err.statement_missing", Args{"audiences": audienceList()})
	}
	action, isAction := statementAction(w)
	if !isAction {
		a, ok := ParseAudience(w)
		if !ok {
			return p.fail("err.audience_unknown", Args{"word": w, "audiences": audienceList()})
		}
		p.cmd.StatementAction, p.cmd.Audience = StatementDraft, a
		var err error
		p.cmd.StatementText, err = p.text(after, "statement_text", true)
		return err
	}
	p.cmd.StatementAction = action
	nw, after := cutWord(after, false)
	n, err := p.number(nw, "statement_number")
	if err != nil {
		return err
	}
	p.cmd.StatementNumber = n
	switch action {
	case StatementEdit:
		p.cmd.StatementText, err = p.text(after, "statement_text", true)
	case StatementApprove, StatementRefuse:
		if vw, more := cutWord(after, false); vw != "" {
			if v, ok := versionWord(vw); ok {
				p.cmd.StatementVersion, after = v, more
			}
		}
		if action == StatementApprove {
			if after != "" {
				return p.fail("err.extra", Args{"extra": after})
			}
			return nil
		}
		p.cmd.Reason, err = p.text(after, "reason", false)
	case StatementSend:
		p.cmd.How, err = p.text(after, "how", false)
	}
	return err
}

// versionWord reads "v3" (a version of a statement; ASCII or full-width
// digits).
func versionWord(w string) (int, bool) {
	rest, ok := strings.CutPrefix(w, "v")
	if !ok {
		if rest, ok = strings.CutPrefix(w, "V"); !ok {
			return 0, false
		}
	}
	return parseNumber(rest)
}

// StatementFormRequest reports whether text is a statement typed without
// its text ("statement", "statement #3", "statement customers"), which an
// adapter with forms answers with one: the incident named (zero if none)
// and the audience typed (empty if none).
func StatementFormRequest(text string) (Ref, Audience, bool) {
	s := strings.TrimSpace(text)
	if rest, ok := cutPrefixASCIIFold(s, "/incident"); ok && (rest == "" || startsWithSpace(rest)) {
		s = strings.TrimSpace(rest)
	}
	w, rest := cutWord(s, false)
	if v, ok := lookupVerb(w); !ok || v.name != VerbStatement {
		return Ref{}, "", false
	}
	var ref Ref
	if startsWithHash(rest) {
		tok, after := cutWord(rest, true)
		r, ok := parseHashRef(tok)
		if !ok {
			return Ref{}, "", false
		}
		ref, rest = r, after
	}
	if rest == "" {
		return ref, "", true
	}
	w, rest = cutWord(rest, false)
	a, ok := ParseAudience(w)
	if !ok || rest != "" {
		return Ref{}, "", false
	}
	return ref, a, true
}

// ---- deciding ----

func decideStatement(inc *Incident, cmd Command, e env) ([]Draft, error) {
	if cmd.StatementAction == StatementDraft {
		n := len(inc.Statements) + 1
		return []Draft{{Subject: statementSubject(n, cmd.Audience), Payload: StatementDrafted{Number: n, Audience: cmd.Audience, Text: cmd.StatementText}}}, nil
	}
	n := cmd.StatementNumber
	st, ok := inc.Statement(n)
	if !ok {
		return nil, noStatement(inc, n)
	}
	subject := statementSubject(n, st.Audience)
	a := Args{"ref": inc.Ref(), "n": n, "version": st.Version, "audience": audienceName(st.Audience), "audience_key": string(st.Audience), "by": st.SettledBy,
		"at": inc.ClockAt(st.SettledAt, e.loc), "sent_at": inc.ClockAt(st.SentAt, e.loc), "who": whoList(e.auth.Who(ActApproveStatement))}
	if st.State == DraftSent && cmd.StatementAction != StatementSend {
		key := MsgKey("err.statement_sent_" + cmd.StatementAction)
		return nil, Problemf(ErrInvalid, key, a)
	}
	switch cmd.StatementAction {
	case StatementEdit:
		return []Draft{{Subject: subject, Payload: StatementEdited{Number: n, Version: st.Version + 1, Text: cmd.StatementText}}}, nil
	case StatementApprove, StatementRefuse:
		if err := e.auth.check(ActApproveStatement, inc, e.actor); err != nil {
			return nil, err
		}
		if v := cmd.StatementVersion; v > 0 && v != st.Version {
			a["old"] = v
			return nil, Problemf(ErrInvalid, "err.statement_version", a)
		}
		switch st.State {
		case DraftApproved:
			return nil, Problemf(ErrInvalid, "err.statement_approved_already", a)
		case DraftRefused:
			return nil, Problemf(ErrInvalid, "err.statement_refused_already", a)
		}
		if cmd.StatementAction == StatementApprove {
			return []Draft{{Subject: subject, Payload: StatementApproved{Number: n, Version: st.Version}}}, nil
		}
		return []Draft{{Subject: subject, Payload: StatementRefused{Number: n, Version: st.Version, Reason: cmd.Reason}}}, nil
	case StatementSend:
		switch st.State {
		case DraftWaiting:
			return nil, Problemf(ErrInvalid, "err.statement_not_approved", a)
		case DraftRefused:
			return nil, Problemf(ErrInvalid, "err.statement_sent_refused", a)
		case DraftSent:
			return nil, Problemf(ErrInvalid, "err.statement_sent_sent", a)
		}
		return []Draft{{Subject: subject, Payload: StatementSent{Number: n, Version: st.Version, How: cmd.How, Simulated: inc.Drill}}}, nil
	}
	return nil, Problemf(ErrInvalid, "err.statement_missing", Args{"audiences": audienceList(), "usage": UsageMsg(VerbStatement)})
}

// noStatement refuses a number that names no statement.
func noStatement(inc *Incident, n int) error {
	if len(inc.Statements) == 0 {
		return Problemf(ErrNotFound, "err.statement_none", Args{"ref": inc.Ref(), "n": n})
	}
	return Problemf(ErrNotFound, "err.statement_unknown", Args{"ref": inc.Ref(), "n": n, "count": len(inc.Statements)})
}

// ---- replies ----

func (s *Service) confirmStatement(inc *Incident, _ Command, events []Event, a Args) []Msg {
	p, _ := events[0].Payload()
	who := whoList(s.authority.Who(ActApproveStatement))
	var lines []Msg
	switch x := p.(type) {
	case StatementDrafted:
		a["n"], a["audience"], a["who"] = x.Number, x.Audience, who
		lines = append(lines, M("statement.drafted", a))
	case StatementEdited:
		a["n"], a["version"], a["who"] = x.Number, x.Version, who
		lines = append(lines, M("statement.edited", a))
	case StatementApproved:
		st, _ := inc.Statement(x.Number)
		a["n"], a["version"], a["audience"] = x.Number, x.Version, st.Audience
		lines = append(lines, M("statement.approved", a))
	case StatementRefused:
		st, _ := inc.Statement(x.Number)
		a["n"], a["version"], a["audience"], a["reason"] = x.Number, x.Version, st.Audience, text(x.Reason)
		lines = append(lines, M("statement.refused", a))
	case StatementSent:
		st, _ := inc.Statement(x.Number)
		a["n"], a["version"], a["audience"], a["how"] = x.Number, x.Version, st.Audience, text(x.How)
		a["by"], a["at"] = st.SettledBy, inc.ClockAt(st.SettledAt, s.loc)
		lines = append(lines, M("statement.sent", a))
	default:
		return []Msg{M("done", a)}
	}
	if inc.Drill {
		lines = append(lines, M("statement.drill", nil))
	}
	return lines
}

// statementsView answers "statements": every statement with where its
// current version stands.
func (s *Service) statementsView(inc *Incident, _ Command) Reply {
	if len(inc.Statements) == 0 {
		return Reply{Incident: inc, Lines: []Msg{M("statements.none", Args{"ref": inc.Ref()})}}
	}
	lines := []Msg{M("statements.head", Args{"ref": inc.Ref(), "count": len(inc.Statements), "waiting": inc.StatementsWaiting()})}
	for _, st := range inc.Statements {
		lines = append(lines, s.statementLine(inc, st))
		body := text(st.Text)
		if st.Redacted {
			lines = append(lines, M("statements.text_redacted", nil))
			continue
		}
		lines = append(lines, M("statements.text", Args{"text": body}))
	}
	return Reply{Incident: inc, Lines: lines}
}

// statementLine is one statement of inc: number, audience, version and
// state (a drill's times on its clock).
func (s *Service) statementLine(inc *Incident, st Statement) Msg {
	at := func(t time.Time) Localizer { return inc.ClockAt(t, s.loc) }
	a := Args{"n": st.Number, "audience": audienceName(st.Audience), "version": st.Version, "drafted": at(st.DraftedAt),
		"drafted_by": st.DraftedBy, "since": at(st.VersionAt), "by": st.SettledBy, "at": at(st.SettledAt),
		"reason": text(st.Reason), "sent_by": st.SentBy, "sent_at": at(st.SentAt), "how": text(st.How)}
	return M(MsgKey("statements.item_"+string(st.State)), a)
}

// audienceName names an audience, or says it is unknown (a redacted draft
// of before audiences were kept in the subject).
func audienceName(a Audience) Localizer {
	if a == "" {
		return M("audience.unknown", nil)
	}
	return a
}

// statementNotice: the reaction to a statement event. A version waiting
// for approval is shown in the incident channel to the comms role and the
// people who may approve it; an approval tells comms it may go out; a
// refusal tells the version's author. A drill tells nobody (notice drops
// it).
func (r *reaction) statementNotice(p Payload, ev Event) {
	var n int
	switch x := p.(type) {
	case StatementDrafted:
		n = x.Number
	case StatementEdited:
		n = x.Number
	case StatementApproved:
		n = x.Number
	case StatementRefused:
		n = x.Number
	}
	st, ok := r.inc.Statement(n)
	if !ok {
		return
	}
	approvers := r.approvers()
	a := Args{"ref": r.inc.Ref(), "n": st.Number, "version": st.Version, "audience": audienceName(st.Audience),
		"who": whoList(approvers), "by": ev.Actor.Person(), "reason": text(st.Reason)}
	sn := &StatementNotice{Number: st.Number, Version: st.Version, Audience: st.Audience, Text: st.Text, State: st.State, Approvers: approvers}
	target := Target{Kind: TargetRole, ID: string(RoleComms)}
	switch st.State {
	case DraftWaiting:
		r.notice(Notice{Kind: NoticeStatement, Target: target, Role: RoleComms, Statement: sn, Text: M("notice.statement_waiting", a)})
	case DraftApproved:
		r.notice(Notice{Kind: NoticeStatement, Target: target, Role: RoleComms, Statement: sn, Text: M("notice.statement_approved", a)})
	case DraftRefused:
		r.notice(Notice{Kind: NoticeStatement, Target: userTarget(st.VersionBy.ID), Statement: sn, Text: M("notice.statement_refused", a)})
	}
}

// approvers are the people who may approve a statement, as targets: a role
// someone holds becomes that person.
func (r *reaction) approvers() []Target {
	var out []Target
	for _, s := range askList(r.rules.auth.Who(ActApproveStatement), r.inc) {
		if t, err := ParseTarget(s); err == nil {
			out = append(out, t)
		}
	}
	return out
}

// helpAudiences is statement's help on the audiences: the words to type.
func helpAudiences(Scale) []Msg {
	return []Msg{M("help.audiences", Args{"audiences": audienceList()}), M("help.limit", Args{"limit": FieldLimit})}
}
