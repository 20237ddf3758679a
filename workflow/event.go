package workflow

import (
	"fmt"
	"time"
)

// EventKind names what a timeline event records. Kinds are stored; never rename one.
type EventKind string

const (
	EventOpened          EventKind = "opened"
	EventSeverityChanged EventKind = "severity_changed"
	EventRoleAssigned    EventKind = "role_assigned"
	EventPhaseChanged    EventKind = "phase_changed"
	EventDecision        EventKind = "decision"
	EventAmendment       EventKind = "amendment"
	EventStatus          EventKind = "status"
	EventNote            EventKind = "note"
	EventPostmortem      EventKind = "postmortem"
	EventRedaction       EventKind = "redaction"
	EventMessagePinned   EventKind = "message_pinned"
	EventPinRetracted    EventKind = "pin_retracted"
	EventDeliveryFailed  EventKind = "delivery_failed"
	EventDelivered       EventKind = "delivered"
)

// Payload is the content of an event of one kind.
type Payload interface {
	Kind() EventKind
}

// Opened records the opening of an incident.
type Opened struct {
	Title      string      `json:"title"`
	Severity   SeverityKey `json:"severity"`
	Private    bool        `json:"private,omitempty"`
	Drill      bool        `json:"drill,omitempty"`
	Number     int         `json:"number"`
	Opener     Person      `json:"opener"`
	StartedAt  time.Time   `json:"started_at"`  // when the problem began
	DetectedAt time.Time   `json:"detected_at"` // when someone noticed it
}

// SeverityChanged records a raise or a lowering (which needs a reason).
type SeverityChanged struct {
	From   SeverityKey `json:"from"`
	To     SeverityKey `json:"to"`
	Reason string      `json:"reason,omitempty"`
}

// RoleAssigned records a handover of a role; From is empty on a first assignment.
type RoleAssigned struct {
	Role Role   `json:"role"`
	From Person `json:"from"`
	To   Person `json:"to"`
}

// PhaseChanged records a move of the phase machine.
type PhaseChanged struct {
	From   Phase  `json:"from"`
	To     Phase  `json:"to"`
	Move   Move   `json:"move"`
	Reason string `json:"reason,omitempty"`
}

// DecisionFields are the fields of a decision-log entry. Decision and Why are
// required; Action and Next may be empty. DecidedBy and DecidedAt came later:
// events recorded before them lack them, and in a correction a zero value
// means "unchanged".
type DecisionFields struct {
	Decision string `json:"decision"`
	Why      string `json:"why"`
	Action   string `json:"action,omitempty"`
	Next     string `json:"next,omitempty"`
	// DecidedBy is who decided ("| by:"); on a new decision it is the
	// commander at the time unless given (zero only if there was none).
	DecidedBy Person `json:"decided_by,omitzero"`
	// DecidedAt is when it was decided, given with "| at:" when the
	// decision is logged later than it was taken; zero: when recorded.
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// DecisionRecorded is a new decision-log entry. Its number is its position among
// the incident's decisions, so it is not stored.
type DecisionRecorded struct {
	DecisionFields
	// Stop is what the decision stops (its "| stop:" tag), if anything.
	Stop string `json:"stop,omitempty"`
}

// Amended corrects decision number Of. Empty fields keep the corrected entry's.
type Amended struct {
	Of int `json:"of"`
	DecisionFields
}

// StatusFields are the three boxes of a status update.
type StatusFields struct {
	Confirmed   string `json:"confirmed,omitempty"`
	Unconfirmed string `json:"unconfirmed,omitempty"`
	Next        string `json:"next,omitempty"`
}

// StatusPosted is a 3-box status update.
type StatusPosted struct {
	StatusFields
}

// NoteLogged is a free note in the timeline.
type NoteLogged struct {
	Text string `json:"text"`
}

// PostmortemFields are the post-incident report's fields. In an update, empty
// fields are left as they were.
type PostmortemFields struct {
	Cause      string `json:"cause,omitempty"`
	Impact     string `json:"impact,omitempty"`
	Prevention string `json:"prevention,omitempty"`
	Open       string `json:"open,omitempty"`
}

// PostmortemUpdated sets some postmortem fields.
type PostmortemUpdated struct {
	PostmortemFields
}

// Redaction replaces the payload of event Seq with a tombstone.
type Redaction struct {
	Seq    int    `json:"seq"`
	Reason string `json:"reason"`
}

// MessagePinned is a chat message added to the timeline (a 📌 reaction in
// Slack), kept with its own time and author; the event's OccurredAt is the
// message's time.
type MessagePinned struct {
	Author    Person `json:"author"`
	Text      string `json:"text"`
	Channel   string `json:"channel"`
	TS        string `json:"ts"` // the message's id in its channel
	Permalink string `json:"permalink,omitempty"`
}

// PinRetracted withdraws an earlier MessagePinned (the reaction was removed).
// Nothing is deleted: both stay in the timeline.
type PinRetracted struct {
	Of      int    `json:"of"` // seq of the MessagePinned event
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// DeliveryFailed records a notification that could not be delivered and will
// not be retried (a permanent error such as a missing channel).
type DeliveryFailed struct {
	What  string `json:"what"`  // the kind of delivery, e.g. "slack.pin"
	Error string `json:"error"` // the error the platform gave
}

func (MessagePinned) Kind() EventKind  { return EventMessagePinned }
func (PinRetracted) Kind() EventKind   { return EventPinRetracted }
func (DeliveryFailed) Kind() EventKind { return EventDeliveryFailed }

// Delivered records a page that reached the system outside the chat
// (PagerDuty, the webhook), so the timeline shows when people were paged, not
// only when the bot decided to page them.
type Delivered struct {
	What string `json:"what"` // e.g. "pagerduty.trigger"
}

func (Delivered) Kind() EventKind { return EventDelivered }

func (Opened) Kind() EventKind            { return EventOpened }
func (SeverityChanged) Kind() EventKind   { return EventSeverityChanged }
func (RoleAssigned) Kind() EventKind      { return EventRoleAssigned }
func (PhaseChanged) Kind() EventKind      { return EventPhaseChanged }
func (DecisionRecorded) Kind() EventKind  { return EventDecision }
func (Amended) Kind() EventKind           { return EventAmendment }
func (StatusPosted) Kind() EventKind      { return EventStatus }
func (NoteLogged) Kind() EventKind        { return EventNote }
func (PostmortemUpdated) Kind() EventKind { return EventPostmortem }
func (Redaction) Kind() EventKind         { return EventRedaction }

// Redactable reports whether events of kind k may have their payload redacted:
// those that carry free text someone may have pasted by mistake (kinds.go).
func (k EventKind) Redactable() bool {
	info, _ := k.Info()
	return info.Redactable
}

// Localize names the kind in language l.
func (k EventKind) Localize(l Lang) string { return Render(l, M(MsgKey("event."+string(k)), nil)) }

// Tombstone is the payload stored in place of a redacted one.
var Tombstone = []byte(`{"redacted":true}`)

// Event is one entry of an incident's timeline, as stored.
type Event struct {
	IncidentID  ID
	Seq         int // 1, 2, … within the incident; the "event number" users see
	ID          ID
	Kind        EventKind
	OccurredAt  time.Time // when it happened
	RecordedAt  time.Time // when the bot recorded it
	Actor       Actor     // who recorded it
	Subject     string    // who or what it is about (a person's id), may be empty
	Body        []byte    // the payload as canonical JSON, or Tombstone when Redacted
	Redacted    bool
	PayloadHash Hash // SHA-256 of the original Body; kept when redacted
	PrevHash    Hash // Hash of event Seq-1; zero for the first
	Hash        Hash // see chain.go
}

// Payload decodes the event's body into the payload type the registry names
// for its kind (kinds.go). A redacted event yields (nil, nil).
func (e Event) Payload() (Payload, error) {
	if e.Redacted {
		return nil, nil
	}
	info, ok := e.Kind.Info()
	if !ok {
		return nil, fmt.Errorf("event %d: unknown kind %q", e.Seq, e.Kind)
	}
	p, err := info.Decode(e.Body)
	if err != nil {
		return nil, fmt.Errorf("event %d (%s): decode payload: %w", e.Seq, e.Kind, err)
	}
	return p, nil
}

// Draft is an event before it is sealed into the chain.
type Draft struct {
	OccurredAt time.Time
	Subject    string
	Payload    Payload
}
