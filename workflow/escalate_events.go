package workflow

import (
	"slices"
	"time"
)

// Escalation events: who was told what and when, who acknowledged, and how a
// chain moved. They are stored like every other event; never rename a kind.
const (
	EventNotified            EventKind = "notified"
	EventAcknowledged        EventKind = "acknowledged"
	EventEscalated           EventKind = "escalated"
	EventEscalationCancelled EventKind = "escalation_cancelled"
	EventEscalationExhausted EventKind = "escalation_exhausted"
	EventReminded            EventKind = "reminded"
)

// Notified records that the bot told someone about the incident: a person on
// a role's on-call chain (Chase set: an acknowledgement is expected), a role's
// holder, or a user, group or channel of the level's notify list. In a drill
// nothing is sent: Simulated is set and the event reads "would notify".
type Notified struct {
	Target string      `json:"target"`           // "user:U0123", "group:S0123" or "channel:C0123"
	Role   Role        `json:"role,omitempty"`   // the role told about (its chain or holder); empty for other targets
	Person Person      `json:"person,omitzero"`  // the person told; zero for a group or channel
	Link   int         `json:"link"`             // chain position: 0 primary, 1 secondary, 2 final
	Round  int         `json:"round"`            // 0 the first pass over the chain, then each repeat
	Level  SeverityKey `json:"level"`            // the level whose policy asked for it
	Page   bool        `json:"page,omitempty"`   // also paged outside the chat
	Chase  bool        `json:"chase,omitempty"`  // a chain step: an acknowledgement is expected
	Reason string      `json:"reason,omitempty"` // why now: "opened", "raised", "timer", "escalated"
	// Simulated: a drill; nobody was told.
	Simulated bool `json:"simulated,omitempty"`
}

// Why a person was notified (Notified.Reason).
const (
	NotifyOpened    = "opened"    // the incident was opened at the level
	NotifyRaised    = "raised"    // the severity was raised to the level
	NotifyTimer     = "timer"     // nobody acknowledged within ack_within
	NotifyEscalated = "escalated" // /incident escalate
)

// Acknowledged records that By acknowledged Role's chain: it stops there.
// After is the time from the chain's first notification to the
// acknowledgement.
type Acknowledged struct {
	Role  Role          `json:"role"`
	By    Person        `json:"by"`
	After time.Duration `json:"after_ns"` // nanoseconds
	Link  int           `json:"link"`     // where the chain was
	Round int           `json:"round"`
	Level SeverityKey   `json:"level"` // the level the chain ran for
}

// Escalated records /incident escalate: every pending chain (Roles) moves
// to its next person now. The Notified events follow it.
type Escalated struct {
	Reason string `json:"reason,omitempty"`
	Roles  []Role `json:"roles"`
}

// EscalationCancelled records that a pending chain stopped without an
// acknowledgement (Reason: CancelLowered or CancelClosed).
type EscalationCancelled struct {
	Role   Role   `json:"role"`
	Reason string `json:"reason"`
}

// Why a chain was cancelled (EscalationCancelled.Reason).
const (
	CancelLowered = "severity_lowered" // the new level does not notify the role
	CancelClosed  = "closed"           // the incident was closed
)

// EscalationExhausted records that nobody on Role's chain acknowledged
// after every link and every repeat; Mention (the approver, else the
// commander) is asked to step in.
type EscalationExhausted struct {
	Role      Role        `json:"role"`
	Rounds    int         `json:"rounds"` // passes over the chain, repeats included
	Level     SeverityKey `json:"level"`
	Mention   Person      `json:"mention,omitzero"`
	Simulated bool        `json:"simulated,omitempty"`
}

// Reminded records a reminder of a duty: a status update is due (Duty
// ReminderStatus), or Role is still unassigned (ReminderUnassigned). Person is
// who was reminded.
type Reminded struct {
	Duty      string `json:"duty"`
	Role      Role   `json:"role,omitempty"`
	Person    Person `json:"person,omitzero"`
	Simulated bool   `json:"simulated,omitempty"`
}

// Duties reminded of (Reminded.Duty).
const (
	ReminderStatus     = "status"
	ReminderUnassigned = "unassigned"
)

func (Notified) Kind() EventKind            { return EventNotified }
func (Acknowledged) Kind() EventKind        { return EventAcknowledged }
func (Escalated) Kind() EventKind           { return EventEscalated }
func (EscalationCancelled) Kind() EventKind { return EventEscalationCancelled }
func (EscalationExhausted) Kind() EventKind { return EventEscalationExhausted }
func (Reminded) Kind() EventKind            { return EventReminded }

// ChaseState is where a role's escalation chain stands.
type ChaseState string

const (
	ChasePending   ChaseState = "pending"   // waiting for an acknowledgement
	ChaseAcked     ChaseState = "acked"     // someone acknowledged
	ChaseExhausted ChaseState = "exhausted" // nobody did, after every link and round
	ChaseCancelled ChaseState = "cancelled" // stopped: severity lowered or incident closed
)

// Chase is one role's escalation chain in the incident's state, folded from
// the escalation events: decisions about acknowledgements and the next step
// read it, never the timers.
type Chase struct {
	Level   SeverityKey `json:"level"`           // the level whose policy started it
	State   ChaseState  `json:"state"`           //
	Link    int         `json:"link"`            // the person notified last: 0 primary, …
	Round   int         `json:"round"`           // 0 the first pass, then each repeat
	Person  Person      `json:"person"`          // who was notified last
	Tried   []string    `json:"tried,omitempty"` // ids of everyone notified on this chain
	Page    bool        `json:"page,omitempty"`  // the chain pages outside the chat
	Started time.Time   `json:"started"`         // first notification of the chain
	Since   time.Time   `json:"since"`           // notification of the current person
	AckedBy Person      `json:"acked_by,omitzero"`
	AckedAt time.Time   `json:"acked_at,omitzero"`
}

// Pending reports whether the chain waits for an acknowledgement.
func (c Chase) Pending() bool { return c.State == ChasePending }

// PendingChases lists the roles whose chain waits for an acknowledgement, in
// role order.
func (inc *Incident) PendingChases() []Role {
	var out []Role
	for _, r := range Roles {
		if c, ok := inc.Chases[r]; ok && c.Pending() {
			out = append(out, r)
		}
	}
	return out
}

// applyEscalation folds an escalation event into the state (called by Apply).
func (inc *Incident) applyEscalation(p Payload, e Event) {
	at := e.OccurredAt
	switch x := p.(type) {
	case Notified:
		if !x.Simulated {
			if x.Person.ID != "" && !slices.Contains(inc.Told, x.Person.ID) {
				inc.Told = append(inc.Told, x.Person.ID)
			}
			inc.Paged = inc.Paged || x.Page
		}
		if !x.Chase || x.Role == "" {
			return
		}
		if inc.Chases == nil {
			inc.Chases = map[Role]Chase{}
		}
		c := inc.Chases[x.Role]
		if x.Link == 0 && x.Round == 0 { // a new chain
			c = Chase{Level: x.Level, Started: at}
		}
		c.State, c.Link, c.Round, c.Person, c.Since = ChasePending, x.Link, x.Round, x.Person, at
		c.Page = c.Page || x.Page
		if !slices.Contains(c.Tried, x.Person.ID) {
			c.Tried = append(slices.Clone(c.Tried), x.Person.ID)
		}
		inc.Chases[x.Role] = c
	case Acknowledged:
		if c, ok := inc.Chases[x.Role]; ok {
			c.State, c.AckedBy, c.AckedAt = ChaseAcked, x.By, at
			inc.Chases[x.Role] = c
		}
	case EscalationCancelled:
		if c, ok := inc.Chases[x.Role]; ok {
			c.State = ChaseCancelled
			inc.Chases[x.Role] = c
		}
	case EscalationExhausted:
		if c, ok := inc.Chases[x.Role]; ok {
			c.State = ChaseExhausted
			inc.Chases[x.Role] = c
		}
	case Escalated, Reminded:
	}
}
