package workflow

import "context"

// Verb is a subcommand of /incident.
type Verb string

const (
	VerbOpen       Verb = "open"
	VerbSev        Verb = "sev"
	VerbAssign     Verb = "assign"
	VerbPhase      Verb = "phase"
	VerbNext       Verb = "next"
	VerbDecision   Verb = "decision"
	VerbAmend      Verb = "amend"
	VerbLog        Verb = "log"
	VerbStatus     Verb = "status"
	VerbPostmortem Verb = "postmortem"
	VerbScope      Verb = "scope"
	VerbRedact     Verb = "redact"
	VerbClose      Verb = "close"
	VerbReopen     Verb = "reopen"
	VerbReport     Verb = "report"
	VerbList       Verb = "list"
	VerbShow       Verb = "show"
	VerbHelp       Verb = "help"
	VerbAck        Verb = "ack"
	VerbEscalate   Verb = "escalate"
	VerbApprove    Verb = "approve"
	VerbRefuse     Verb = "refuse"
	VerbChecklist  Verb = "checklist"
	VerbDone       Verb = "done"
	VerbUndo       Verb = "undo"
	VerbDrill      Verb = "drill"
	VerbFinding    Verb = "finding"
	VerbRunbook    Verb = "runbook"
	VerbWho        Verb = "who"
	VerbKit        Verb = "kit"
	VerbVendor     Verb = "vendor"
	VerbVendors    Verb = "vendors"
	VerbAffects    Verb = "affects"

	VerbStatement    Verb = "statement"
	VerbStatements   Verb = "statements"
	VerbPersonalData Verb = "personal-data"
	VerbFindings     Verb = "findings"
)

// verbSpec is everything the bot knows about one subcommand: the words for
// it, its messages, how it is parsed, decided, run and confirmed. Parse,
// help, Execute and the replies read it; none of them lists verbs.
type verbSpec struct {
	name Verb
	// aliases are other words for the subcommand, in either language; like
	// the name, ASCII case is ignored.
	aliases []string
	// incident: the verb applies to one incident, which may be named right
	// after the subcommand (#3, #D-2) or is inferred.
	incident bool
	mutates  bool // it changes an incident, or makes one

	usage, help, example MsgKey
	helpMore             func(Scale) []Msg // help's lines between what it does and the example

	// fields are the verb's labels (labels.go): its parse reads them with
	// parser.labelled, help lists them and an unknown one is refused.
	fields *fieldSet

	// parse reads what follows the subcommand (and the incident named).
	parse func(p *parser, rest string) error

	// How Execute runs it: exactly one of run, view and decide is set.
	run    runner                                             // its own way: answers without an incident, or creates one
	view   func(s *Service, inc *Incident, cmd Command) Reply // reads one incident
	decide decider                                            // changes one incident in Service.change
	closed closedRule                                         // with decide: whether a closed incident takes it

	// confirm is the reply to a change (decide, or an incident created); a
	// verb without one says "done".
	confirm confirmer
}

// runner runs a verb that neither views nor changes one existing incident.
type runner func(s *Service, ctx context.Context, req Request, cmd Command, e env) (Reply, error)

// decider turns a command on an existing incident into the events it causes,
// or a Problem. It writes nothing; tx reads what the incident does not hold
// (the timeline, for redact).
type decider func(s *Service, tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error)

// confirmer builds the reply to committed events; a holds "ref" and the last
// event's "seq".
type confirmer func(s *Service, inc *Incident, cmd Command, events []Event, a Args) []Msg

// closedRule says whether a change may act on a closed incident.
type closedRule uint8

const (
	refuseClosed  closedRule = iota // err.closed
	allowClosed                     // reopen; redact, since a pasted secret outlives the incident
	allowEndDrill                   // an ended drill still collects findings
)

func (r closedRule) allows(inc *Incident) bool {
	return r == allowClosed || r == allowEndDrill && inc.Drill
}

// pure fits a decision that reads nothing but the incident, the command and
// its env to decider.
func pure(f func(*Incident, Command, env) ([]Draft, error)) decider {
	return func(_ *Service, _ ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) { return f(inc, cmd, e) }
}

// verbs is the table of subcommands, in help order. It is filled in init:
// the entries' functions (help's parse, for one) read the table, and a
// variable's initializer may not refer back to the variable.
var verbs []verbSpec

// Verbs lists the subcommands this version understands, in help order.
var Verbs []Verb

func init() {
	verbs = []verbSpec{
		{
			name: VerbOpen, mutates: true, fields: openFields,
			usage: "usage.open", help: "help.open", example: "example.open", helpMore: helpLevels,
			parse: (*parser).open, run: (*Service).open, confirm: (*Service).confirmOpen,
		},
		{
			name: VerbSev, incident: true, mutates: true,
			usage: "usage.sev", help: "help.sev", example: "example.sev", helpMore: helpLevels,
			parse: (*parser).sev, decide: pure(decideSeverity), confirm: (*Service).confirmSev,
		},
		{
			name: VerbAssign, incident: true, mutates: true,
			usage: "usage.assign", help: "help.assign", example: "example.assign", helpMore: helpRoles,
			parse: (*parser).assign, decide: pure(decideAssign), confirm: (*Service).confirmAssign,
		},
		{
			name: VerbPhase, incident: true, mutates: true,
			usage: "usage.phase", help: "help.phase", example: "example.phase", helpMore: helpPhases,
			parse: (*parser).phase, decide: pure(decideToPhase), confirm: (*Service).confirmPhase,
		},
		{
			name: VerbNext, incident: true, mutates: true,
			usage: "usage.next", help: "help.next", example: "example.next", helpMore: helpPhases,
			parse: (*parser).next, decide: pure(decideNext), confirm: (*Service).confirmPhase,
		},
		{
			name: VerbDecision, incident: true, mutates: true, fields: decisionFields,
			usage: "usage.decision", help: "help.decision", example: "example.decision", helpMore: helpLimit,
			parse: (*parser).decision, decide: pure(decideDecision), confirm: (*Service).confirmDecision,
		},
		{
			name: VerbAmend, incident: true, mutates: true, fields: amendFields,
			usage: "usage.amend", help: "help.amend", example: "example.amend", helpMore: helpLimit,
			parse: (*parser).amend, decide: pure(decideAmend), confirm: (*Service).confirmAmend,
		},
		{
			name: VerbLog, incident: true, mutates: true,
			usage: "usage.log", help: "help.log", example: "example.log", helpMore: helpLimit,
			parse: (*parser).log, decide: pure(decideNote), confirm: (*Service).confirmNote,
		},
		{
			name: VerbStatus, incident: true, mutates: true, fields: statusFields,
			usage: "usage.status", help: "help.status", example: "example.status", helpMore: helpLimit,
			parse: (*parser).status, decide: pure(decideStatus), confirm: (*Service).confirmStatus,
		},
		{
			name: VerbScope, incident: true, mutates: true, fields: scopeFieldSet,
			usage: "usage.scope", help: "help.scope", example: "example.scope", helpMore: helpLimit,
			parse: (*parser).scope, decide: pure(decideScope), confirm: (*Service).confirmScope,
		},
		{
			name: VerbPostmortem, incident: true, mutates: true, fields: postmortemFields,
			usage: "usage.postmortem", help: "help.postmortem", example: "example.postmortem", helpMore: helpLimit,
			parse: (*parser).postmortem, decide: pure(decidePostmortem), confirm: (*Service).confirmPostmortem,
		},
		{
			name: VerbRedact, incident: true, mutates: true,
			usage: "usage.redact", help: "help.redact", example: "example.redact",
			parse: (*parser).redact, closed: allowClosed, confirm: (*Service).confirmRedact,
			decide: func(_ *Service, tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
				return decideRedact(tx, inc, cmd, e)
			},
		},
		{
			name: VerbClose, incident: true, mutates: true,
			usage: "usage.close", help: "help.close", example: "example.close",
			parse: (*parser).close, decide: pure(decideClose), confirm: (*Service).confirmPhase,
		},
		{
			name: VerbReopen, incident: true, mutates: true,
			usage: "usage.reopen", help: "help.reopen", example: "example.reopen",
			parse: (*parser).reopen, decide: pure(decideReopen), closed: allowClosed, confirm: (*Service).confirmPhase,
		},
		{
			name: VerbAck, incident: true, mutates: true,
			usage: "usage.ack", help: "help.ack", example: "example.ack",
			parse: (*parser).ack, decide: pure(decideAck), confirm: (*Service).confirmAck,
		},
		{
			name: VerbEscalate, incident: true, mutates: true,
			usage: "usage.escalate", help: "help.escalate", example: "example.escalate",
			parse: (*parser).escalate, confirm: (*Service).confirmEscalate,
			decide: pure(func(inc *Incident, cmd Command, _ env) ([]Draft, error) { return decideEscalate(inc, cmd) }),
		},
		{
			name: VerbApprove, incident: true, mutates: true,
			usage: "usage.approve", help: "help.approve", example: "example.approve",
			parse: (*parser).approve, decide: pure(decideApproval), confirm: (*Service).confirmStop,
		},
		{
			name: VerbRefuse, incident: true, mutates: true,
			usage: "usage.refuse", help: "help.refuse", example: "example.refuse",
			parse: (*parser).refuse, decide: pure(decideApproval), confirm: (*Service).confirmStop,
		},
		{
			name: VerbRunbook, incident: true, mutates: true,
			usage: "usage.runbook", help: "help.runbook", example: "example.runbook",
			parse: (*parser).runbook, confirm: (*Service).confirmRunbook,
			decide: func(s *Service, _ ReadTx, inc *Incident, cmd Command, _ env) ([]Draft, error) {
				return s.decideRunbook(inc, cmd)
			},
		},
		{
			name: VerbChecklist, incident: true,
			usage: "usage.checklist", help: "help.checklist", example: "example.checklist",
			parse: (*parser).bare,
			view: func(s *Service, inc *Incident, _ Command) Reply {
				return Reply{Incident: inc, Lines: s.checklistLines(inc)}
			},
		},
		{
			name: VerbDone, incident: true, mutates: true,
			usage: "usage.done", help: "help.done", example: "example.done",
			parse: (*parser).item, decide: pure(decideTick), confirm: (*Service).confirmTicks,
			closed: allowClosed, // deadline items only (decideTick)
		},
		{
			name: VerbUndo, incident: true, mutates: true,
			usage: "usage.undo", help: "help.undo", example: "example.undo",
			parse: (*parser).item, decide: pure(decideTick), confirm: (*Service).confirmTicks,
			closed: allowClosed, // deadline items only (decideTick)
		},
		{
			name: VerbDrill, mutates: true,
			usage: "usage.drill", help: "help.drill", example: "example.drill",
			parse: (*parser).drill, run: (*Service).drill, // drill.go
		},
		{
			// Follow-up actions after a real incident are findings too.
			name: VerbFinding, aliases: []string{"followup"}, incident: true, mutates: true, fields: findingFields,
			usage: "usage.finding", help: "help.finding", example: "example.finding",
			parse: (*parser).finding, closed: allowClosed, confirm: (*Service).confirmFinding, // finding.go
			decide: func(_ *Service, tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
				return decideFinding(tx, inc, cmd, e)
			},
		},
		{
			name: VerbReport, incident: true,
			usage: "usage.report", help: "help.report", example: "example.report",
			parse: (*parser).report,
			view: func(_ *Service, inc *Incident, cmd Command) Reply {
				return Reply{Incident: inc, Report: cmd.Format}
			},
		},
		{
			name:  VerbList,
			usage: "usage.list", help: "help.list", example: "example.list",
			parse: (*parser).list,
			run: func(s *Service, ctx context.Context, req Request, cmd Command, _ env) (Reply, error) {
				return s.list(ctx, req, cmd)
			},
		},
		{
			name: VerbShow, incident: true,
			usage: "usage.show", help: "help.show", example: "example.show",
			parse: (*parser).bare,
			view: func(s *Service, inc *Incident, _ Command) Reply {
				return Reply{Incident: inc, Lines: s.showLines(inc)}
			},
		},
		{
			name:  VerbHelp,
			usage: "usage.help", help: "help.help", example: "example.help",
			parse: (*parser).help,
			run: func(s *Service, _ context.Context, _ Request, cmd Command, _ env) (Reply, error) {
				return Reply{Lines: HelpLines(cmd.Topic, s.scale)}, nil
			},
		},
		// Vendors, the responsibility matrix and the first-hour kit
		// (vendor_verbs.go).
		{
			name: VerbWho, incident: true,
			usage: "usage.who", help: "help.who", example: "example.who", helpMore: helpItems,
			parse: (*parser).optionalKey, run: (*Service).who,
		},
		{
			name: VerbKit, incident: true,
			usage: "usage.kit", help: "help.kit", example: "example.kit",
			parse: (*parser).optionalKey, run: (*Service).kit,
		},
		{
			name: VerbVendor, incident: true, mutates: true, fields: vendorRequestFields,
			usage: "usage.vendor", help: "help.vendor", example: "example.vendor", helpMore: helpLimit,
			parse: (*parser).vendor, decide: (*Service).decideVendor, confirm: (*Service).confirmVendor,
		},
		{
			name: VerbVendors, incident: true,
			usage: "usage.vendors", help: "help.vendors", example: "example.vendors",
			parse: (*parser).bare, view: (*Service).vendorsView,
		},
		{
			name: VerbAffects, incident: true, mutates: true,
			usage: "usage.affects", help: "help.affects", example: "example.affects",
			parse: (*parser).affects, confirm: (*Service).confirmAffects,
			decide: func(s *Service, _ ReadTx, inc *Incident, cmd Command, _ env) ([]Draft, error) {
				return s.decideAffects(inc, cmd)
			},
		},
		// Statements to outside audiences and the personal-data flag
		// (statement_verbs.go, deadline_verbs.go). Statements go out after
		// the close too, and the flag decides deadlines that outlive it.
		{
			name: VerbStatement, aliases: []string{"発信"}, incident: true, mutates: true,
			usage: "usage.statement", help: "help.statement", example: "example.statement", helpMore: helpAudiences,
			parse: (*parser).statement, decide: pure(decideStatement), confirm: (*Service).confirmStatement, closed: allowClosed,
		},
		{
			name: VerbStatements, aliases: []string{"発信一覧"}, incident: true,
			usage: "usage.statements", help: "help.statements", example: "example.statements",
			parse: (*parser).bare, view: (*Service).statementsView,
		},
		{
			name: VerbPersonalData, aliases: []string{"個人情報", "personal_data"}, incident: true, mutates: true,
			usage: "usage.personal-data", help: "help.personal-data", example: "example.personal-data",
			parse: (*parser).personalData, decide: pure(decidePersonalData), confirm: (*Service).confirmPersonalData, closed: allowClosed,
		},
		// Findings across incidents (finding.go).
		{
			name: VerbFindings, aliases: []string{"followups"},
			usage: "usage.findings", help: "help.findings", example: "example.findings",
			parse: (*parser).findings, run: (*Service).findings,
		},
	}
	Verbs = make([]Verb, len(verbs))
	for i, v := range verbs {
		Verbs[i] = v.name
	}
}

// verbOf finds the entry of a verb by its name.
func verbOf(v Verb) (*verbSpec, bool) {
	for i := range verbs {
		if verbs[i].name == v {
			return &verbs[i], true
		}
	}
	return nil, false
}

// lookupVerb finds the verb a typed word names: its name or an alias, ASCII
// case ignored.
func lookupVerb(w string) (*verbSpec, bool) {
	for i := range verbs {
		if verbs[i].is(w) {
			return &verbs[i], true
		}
	}
	return nil, false
}

// is reports whether w is the verb's name or one of its aliases.
func (v *verbSpec) is(w string) bool {
	if asciiEqualFold(w, string(v.name)) {
		return true
	}
	for _, a := range v.aliases {
		if asciiEqualFold(w, a) {
			return true
		}
	}
	return false
}

// ActsOnIncident reports whether the verb applies to one incident (and so may
// name it right after the subcommand, or have it inferred).
func (v Verb) ActsOnIncident() bool {
	spec, ok := verbOf(v)
	return !ok || spec.incident
}

// Mutates reports whether the verb changes the incident.
func (v Verb) Mutates() bool {
	spec, ok := verbOf(v)
	return !ok || spec.mutates
}
