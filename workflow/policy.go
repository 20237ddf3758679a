package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// TargetKind is what a notification target names.
type TargetKind string

const (
	TargetRole    TargetKind = "role"    // the role's on-call chain if it has one, else its holder
	TargetUser    TargetKind = "user"    // one person, by platform id
	TargetGroup   TargetKind = "group"   // a user group (Slack S…)
	TargetChannel TargetKind = "channel" // a channel (Slack C…)
)

// Target is one entry of a policy's notify list or an authority list, written
// "role:commander", "user:U0123", "group:S0123" or "channel:C0123".
type Target struct {
	Kind TargetKind
	ID   string // a Role for TargetRole
}

// ParseTarget reads "kind:id".
func ParseTarget(s string) (Target, error) {
	kind, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	id = strings.TrimSpace(id)
	if !ok || id == "" {
		return Target{}, fmt.Errorf("%q is not a target: write role:commander, user:U0123, group:S0123 or channel:C0123", s)
	}
	t := Target{Kind: TargetKind(kind), ID: id}
	switch t.Kind {
	case TargetRole:
		r, ok := ParseRole(id)
		if !ok {
			names := make([]string, len(Roles))
			for i, r := range Roles {
				names[i] = string(r)
			}
			return Target{}, fmt.Errorf("%q: unknown role %q; roles: %s", s, id, strings.Join(names, ", "))
		}
		t.ID = string(r)
	case TargetUser, TargetGroup, TargetChannel:
	default:
		return Target{}, fmt.Errorf("%q: unknown kind %q; write role:, user:, group: or channel:", s, kind)
	}
	return t, nil
}

func (t Target) String() string { return string(t.Kind) + ":" + t.ID }

// Policy is what a severity level sets in motion (PRACTICE.md, "Severity and
// escalation"): who is told, what may be stopped without asking, when outside
// support is called, how fast someone must acknowledge, and how often status
// is shared.
type Policy struct {
	Notify []Target
	// MayStop names what may be stopped without asking, each in English
	// and Japanese: a "| stop:" matches either form (SameStop).
	MayStop            []Text
	OutsideSupportWhen Text
	AckWithin          time.Duration // 0: nobody is chased for an acknowledgement
	Repeat             int           // extra rounds over the whole chain before giving up
	StatusEvery        time.Duration // 0: no status reminders
	Page               bool          // page outside Slack (PagerDuty, webhook)
}

// NotifiesRole reports whether the policy tells role r.
func (p Policy) NotifiesRole(r Role) bool {
	return slices.Contains(p.Notify, Target{Kind: TargetRole, ID: string(r)})
}

// OnCall is one role's contact order: primary, secondary, final. With a
// rotation, the chain changes every ISO week, cycling through the list.
type OnCall struct {
	Role     Role
	Chain    []string   // person ids, in order
	Rotation [][]string // optional: one chain per week, cycling
}

// ChainAt is the chain in force at t (weeks counted in loc).
func (o OnCall) ChainAt(t time.Time, loc *time.Location) []string {
	if len(o.Rotation) == 0 {
		return o.Chain
	}
	if loc == nil {
		loc = time.UTC
	}
	year, week := t.In(loc).ISOWeek()
	// Weeks since a fixed Monday, so the cycle does not jump at New Year.
	monday := isoWeekStart(year, week, loc)
	epoch := isoWeekStart(2001, 1, loc) // 2001-01-01 was a Monday
	n := int(monday.Sub(epoch).Hours()/24/7 + 0.5)
	return o.Rotation[((n%len(o.Rotation))+len(o.Rotation))%len(o.Rotation)]
}

func isoWeekStart(year, week int, loc *time.Location) time.Time {
	// January 4th is always in week 1.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, loc)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDate(0, 0, -offset+(week-1)*7)
}

// Authority says who may do what needs authority. An empty list means the
// default (see Authority.Who): anyone in the incident may lower the severity
// or close; the commander or the approver may redact; the approver approves
// a stop and a statement.
type Authority struct {
	LowerSeverity []Target
	Close         []Target
	Redact        []Target
	ApproveStop   []Target
	// ApproveStatement approves statements to outside audiences; empty:
	// the approver.
	ApproveStatement []Target
}

// Allows reports whether the actor is in the list, for this incident: a role
// target matches its current holder.
func Allows(list []Target, inc *Incident, actor Actor) bool {
	for _, t := range list {
		switch t.Kind {
		case TargetRole:
			if inc.Holds(actor.User, Role(t.ID)) {
				return true
			}
		case TargetUser:
			if t.ID == actor.User {
				return true
			}
		}
	}
	return false
}

// Escalation is the on-call configuration.
type Escalation struct {
	OnCall map[Role]OnCall
	// AssignCommander makes the commander chain's current primary the
	// commander on open (the opener is recorded as reporter).
	AssignCommander bool
	// UnassignedReminder: a commander or scribe still unassigned this long
	// after open gets a reminder. 0: none.
	UnassignedReminder time.Duration
}
