package workflow

import "time"

// NoticeKind is what a notice asks an adapter to do.
type NoticeKind string

const (
	// NoticePage asks someone on an on-call chain to respond: a direct
	// message with an acknowledge button, a mention in the incident channel,
	// and a page when the level pages.
	NoticePage NoticeKind = "page"
	// NoticeInform tells a policy target that is not a chain (a user, a
	// group, a channel) about the incident; nobody is chased.
	NoticeInform NoticeKind = "inform"
	// NoticeAcknowledged: someone acknowledged (paging systems close the page).
	NoticeAcknowledged NoticeKind = "acknowledged"
	// NoticeExhausted: a chain ran out of people and rounds; the approver is
	// mentioned.
	NoticeExhausted NoticeKind = "exhausted"
	// NoticeReminder reminds someone of a duty (a status update is due, a
	// role is unassigned), in the incident channel.
	NoticeReminder NoticeKind = "reminder"
	// NoticeApproval asks the people who may approve a stop to approve or
	// refuse a decision.
	NoticeApproval NoticeKind = "approval"
	// NoticeResolved: the incident closed (paging systems resolve).
	NoticeResolved NoticeKind = "resolved"
	// NoticeVendorRequest posts a request to a vendor in its shared
	// channel (Target), mentioning its contacts (Vendor).
	NoticeVendorRequest NoticeKind = "vendor_request"
	// NoticeStatement tells the incident channel about a statement
	// (Statement): a version waits for approval (the comms role, Target,
	// and the people who may approve are named; adapters offer approve and
	// refuse), was approved (comms may send it) or was refused.
	NoticeStatement NoticeKind = "statement"
	// NoticeDeadline reminds the people of a deadline (Deadline) that came
	// with its item not done: in the incident channel, or in the announce
	// channel once the incident is closed.
	NoticeDeadline NoticeKind = "deadline"
	// NoticeFindingDue reminds a finding's owner (Target) that it is past
	// its due date, by direct message; again every week until it is done.
	NoticeFindingDue NoticeKind = "finding_due"
)

// Notice is something the workflow wants people told, outside the reply to
// whoever typed the command. The service hands notices to its Notifiers
// inside the transaction of the change that caused them, so an adapter
// queues its deliveries (Tx.Enqueue) with the change or not at all.
//
// Drill incidents never produce notices: their escalation steps are
// recorded as "would notify" events instead (see Notified.Simulated).
type Notice struct {
	Kind     NoticeKind
	Incident *Incident
	Target   Target        // who: a role's person is resolved into a user target
	Role     Role          // the chain, for page, acknowledged and exhausted
	Link     int           // position on the chain: 0 primary, 1 secondary, 2 final
	Round    int           // 0 the first pass over the chain, then each repeat
	Page     bool          // also page outside the chat (PagerDuty, webhook)
	Text     Msg           // what to say
	Decision int           // approval: the decision's number
	Vendor   *VendorNotice // vendor_request: the request

	Statement *StatementNotice // statement: which, and where it stands
	Deadline  *DeadlineNotice  // deadline: which, and whom to mention
}

// StatementNotice is a statement as an adapter shows it in the incident
// channel: which version, for whom, its text (empty once redacted), where
// it stands, and who may approve it (targets as configured, a role its
// holder's user when someone holds it).
type StatementNotice struct {
	Number    int
	Version   int
	Audience  Audience
	Text      string
	State     StatementState
	Approvers []Target
}

// DeadlineNotice is a deadline reminder as an adapter posts it: the item,
// the people to mention, and whether the incident is closed (then the post
// goes to the announce channel).
type DeadlineNotice struct {
	Key    string
	People []Person
	Closed bool
}

// VendorNotice is a request to a vendor as an adapter posts it: the six
// parts of the template, whom to mention, and the agreed times.
type VendorNotice struct {
	Key      string
	Name     Text
	Channel  string
	Contacts []string // user ids to mention
	Fields   VendorRequestFields
	FollowUp bool
	// RespondWithin and ReportWithin are the agreed times, from Requested
	// (the first request); 0: none.
	RespondWithin, ReportWithin time.Duration
	Requested                   time.Time
}

// Notifier delivers notices; adapters (Slack, paging) implement it.
type Notifier interface {
	Notify(tx Tx, n Notice) error
}
