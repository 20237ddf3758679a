package workflow

// PersonRef is a user named in a command: "@sato", "<@U123|sato>", "<@U123>", or
// "me". Adapters may resolve display names; the console takes the name as id.
type PersonRef struct {
	Me     bool
	Person Person
}

// Command is one parsed /incident command. Only the fields of its Verb are set.
// The parser checks form (labels, required fields, limits, known words); the
// service checks meaning against the incident (allowed moves, permissions).
type Command struct {
	Verb Verb
	Ref  Ref // the incident named right after the subcommand; zero if none

	// open
	Title    string
	Severity SeverityKey // open (empty: the scale's default) and sev
	Started  string      // open: raw "started:" time text, resolved by the service
	Detected string      // open: raw "detected:" time text
	Private  bool        // open --private
	Runbook  string      // open --runbook NAME; runbook NAME

	// sev, phase (back-steps), close --false-alarm, reopen, redact
	Reason     string
	FalseAlarm bool // close --false-alarm <reason>

	// assign; ack (optional: which role's chain)
	Role     Role
	Assignee PersonRef

	// phase
	Phase Phase
	// Skip moves on (next, phase, close) although checklist items of the
	// phase being left are not ticked; they are logged as skipped.
	Skip bool

	// done, undo: the checklist item's number in the current phase, or
	// in ItemPhase when the item was written <phase>.<n>; or its key
	// (ItemKey), of any phase.
	Item      int
	ItemPhase Phase
	ItemKey   string

	// drill start <scenario> [--speed N] [--contact-check] | drill end |
	// drill ack [@person] (the person in Assignee)
	DrillAction  string // "start", "end" or "ack"
	Scenario     string
	Speed        int  // 1 when not given
	ContactCheck bool // --contact-check

	// finding <text> | owner: @x | due: 2026-12-01
	Finding FindingFields
	// finding done <n> [note]: the finding's number (0: not done), the
	// note in Note
	FindingNumber int

	// decision, amend
	Decision       DecisionFields
	DecisionNumber int // amend, approve, refuse: which decision
	// DecidedBy is a decision's "| by:" (who decided; zero: not given, the
	// commander at the time); DecidedAt its raw "| at:" time text (when it
	// was decided, if logged later), resolved by the service.
	DecidedBy PersonRef
	DecidedAt string
	// Stop is a decision's "| stop: <service>" tag: what it stops. Stopping
	// needs authority; without it the decision waits for approval.
	Stop string

	// log
	Note string

	// status
	Status StatusFields

	// postmortem
	Postmortem PostmortemFields

	// scope: the fields given (the others unchanged)
	Scope ScopeFields

	// redact
	EventNumber int

	// report: "md", "html" or "json"
	Format string

	// list: include closed incidents
	All bool

	// help: the subcommand asked about; empty for the overview
	Topic Verb

	// Key is the word who, kit and vendor name: a component, item, vendor
	// or asset (who), an asset (kit), the vendor (vendor); as typed.
	Key string
	// VendorAction is vendor's "request", "replied" or "reported";
	// VendorRequest the request's parts (none typed: the incident fills them).
	VendorAction  string
	VendorRequest VendorRequestFields
	// Affects are the asset or component keys affects (and open --affects)
	// adds; Unaffects those written -key, which affects takes off.
	Affects   []string
	Unaffects []string

	// statement: StatementAction is what it does (StatementDraft, …);
	// Audience whom a draft is for; StatementNumber the statement edit,
	// approve, refuse and sent name, StatementVersion the version approve
	// and refuse name (0: the current one); StatementText a draft's or a
	// version's text; How how a statement was sent.
	StatementAction  string
	Audience         Audience
	StatementNumber  int
	StatementVersion int
	StatementText    string
	How              string

	// personal-data yes|no [--unlawful] [reason]
	PersonalData bool
	Unlawful     bool
}

// FieldLimit is the most characters (runes, not bytes) a free-text field holds.
const FieldLimit = 3000

// FindingFields is a gap a drill (or an incident) revealed in the procedures:
// what, who will fix it and by when. Owner and Due may be empty.
type FindingFields struct {
	Text  string `json:"text"`
	Owner Person `json:"owner,omitzero"`
	Due   string `json:"due,omitempty"` // YYYY-MM-DD
}
