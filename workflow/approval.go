package workflow

import (
	"fmt"
	"slices"
	"time"
)

// Stopping a service (taking a form offline, cutting off the admin screen) is
// a decision with authority behind it (PRACTICE.md, "Authority"). A decision
// tagged "| stop: <service>" is followed in the same command by one of:
//
//   - StopApproved with a Basis: approved at once, because the current
//     level's policy lists the service in may_stop, or because the author may
//     approve stops;
//   - StopRequested: it waits; the people in approve_stop are asked, and
//     later approve (StopApproved, no Basis) or refuse (StopRefused).
//
// The text of the stop lives only in the decision's payload, so redacting the
// decision removes it everywhere; these events carry the decision's number.

// Stop events; stored like every other event, never rename a kind.
const (
	EventStopRequested EventKind = "stop_requested"
	EventStopApproved  EventKind = "stop_approved"
	EventStopRefused   EventKind = "stop_refused"
)

// StopBasis says why a stop needed no separate approval.
type StopBasis string

const (
	StopByPolicy    StopBasis = "may_stop"  // the level's policy allows stopping it without asking
	StopByAuthority StopBasis = "authority" // its author may approve stops
)

// StopRequested puts the stop of decision Decision on hold until someone
// with approve_stop authority answers. Ask records who was asked, as targets
// ("user:U0CTO", or "role:approver" while nobody holds the role); in a drill
// nobody is told, and Ask is who would have been.
type StopRequested struct {
	Decision int      `json:"decision"`
	Ask      []string `json:"ask,omitempty"`
}

// StopApproved approves the stop of decision Decision. The event's actor is
// who approved. Basis is empty for an approval given with /incident approve;
// otherwise the stop was approved as it was logged, and Level is the
// severity whose may_stop allowed it.
type StopApproved struct {
	Decision int         `json:"decision"`
	Basis    StopBasis   `json:"basis,omitempty"`
	Level    SeverityKey `json:"level,omitempty"`
}

// StopRefused refuses the stop of decision Decision; the decision stays in
// the log. The event's actor is who refused.
type StopRefused struct {
	Decision int    `json:"decision"`
	Reason   string `json:"reason,omitempty"`
}

func (StopRequested) Kind() EventKind { return EventStopRequested }
func (StopApproved) Kind() EventKind  { return EventStopApproved }
func (StopRefused) Kind() EventKind   { return EventStopRefused }

// PendingStop is a stop waiting for approval, as the snapshot keeps it so
// approve and refuse are decided from the incident alone.
type PendingStop struct {
	Decision int       `json:"decision"`
	Seq      int       `json:"seq"` // the StopRequested event
	At       time.Time `json:"at"`
	By       Person    `json:"by"`             // who logged the decision
	Stop     string    `json:"stop,omitempty"` // empty once the decision is redacted
}

// PendingStop returns the stop of decision n if it is waiting for approval.
func (inc *Incident) PendingStop(n int) (PendingStop, bool) {
	i := slices.IndexFunc(inc.PendingStops, func(p PendingStop) bool { return p.Decision == n })
	if i < 0 {
		return PendingStop{}, false
	}
	return inc.PendingStops[i], true
}

// requestStop folds a StopRequested: the request follows its decision in the
// same command, so the latest decision names what is stopped.
func (inc *Incident) requestStop(e Event, x StopRequested) {
	p := PendingStop{Decision: x.Decision, Seq: e.Seq, At: e.OccurredAt, By: e.Actor.Person()}
	if d := inc.LastDecision; d != nil && d.Number == x.Decision {
		p.Stop, p.By = d.Stop, d.Author
	}
	inc.PendingStops = append(inc.PendingStops, p)
}

// settleStop folds an approval or a refusal.
func (inc *Incident) settleStop(n int) {
	inc.PendingStops = slices.DeleteFunc(inc.PendingStops, func(p PendingStop) bool { return p.Decision == n })
	if len(inc.PendingStops) == 0 {
		inc.PendingStops = nil
	}
}

// notify hands a notice to every notifier, inside the command's transaction.
// Drills never notify anyone.
func (s *Service) notify(tx Tx, n Notice) error {
	if n.Incident != nil && n.Incident.Drill {
		return nil
	}
	for _, nf := range s.notifiers {
		if err := nf.Notify(tx, n); err != nil {
			return fmt.Errorf("notify %s %s of %s: %w", n.Target, n.Kind, n.Incident.Ref(), err)
		}
	}
	return nil
}

// askApprovals sends one approval notice per target asked by each
// StopRequested among events.
func (s *Service) askApprovals(tx Tx, inc *Incident, events []Event) error {
	for _, ev := range events {
		if ev.Kind != EventStopRequested {
			continue
		}
		p, err := ev.Payload()
		if err != nil {
			return err
		}
		req := p.(StopRequested)
		pending, _ := inc.PendingStop(req.Decision)
		text := M("stop.ask", Args{"ref": inc.Ref(), "n": req.Decision, "by": pending.By, "stop": stopText(pending.Stop)})
		for _, a := range req.Ask {
			t, err := ParseTarget(a)
			if err != nil {
				return fmt.Errorf("event %d: %w", ev.Seq, err)
			}
			n := Notice{Kind: NoticeApproval, Incident: inc, Target: t, Text: text, Decision: req.Decision}
			if t.Kind == TargetRole {
				n.Role = Role(t.ID)
			}
			if err := s.notify(tx, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// confirmDecision is the reply to a decision, and to its stop if it has one.
func (s *Service) confirmDecision(inc *Incident, cmd Command, events []Event, a Args) []Msg {
	a["n"], a["seq"] = inc.DecisionCount, events[0].Seq
	d, _ := events[0].Payload()
	dr, _ := d.(DecisionRecorded)
	lines := append([]Msg{M("decision.done", a)}, s.decidedEcho(cmd, dr.DecisionFields, events[0].RecordedAt)...)
	if len(events) < 2 {
		return lines
	}
	b := Args{"ref": inc.Ref(), "n": inc.DecisionCount, "stop": stopText(dr.Stop)}
	for _, ev := range events[1:] {
		p, _ := ev.Payload()
		b["seq"] = ev.Seq
		switch x := p.(type) {
		case StopApproved:
			if x.Basis == StopByPolicy {
				b["level"] = s.scale.Level(x.Level)
				return append(lines, M("stop.auto_policy", b))
			}
			return append(lines, M("stop.auto_authority", b))
		case StopRequested:
			b["who"] = whoList(s.authority.Who(ActApproveStop))
			lines = append(lines, M("stop.waiting", b))
			if inc.Drill {
				lines = append(lines, M("stop.drill", nil))
			}
			return lines
		}
	}
	return lines
}

// confirmStop is the reply to approve and refuse.
func (s *Service) confirmStop(_ *Incident, cmd Command, _ []Event, a Args) []Msg {
	a["n"] = cmd.DecisionNumber
	switch {
	case cmd.Verb == VerbApprove:
		return []Msg{M("stop.approved", a)}
	case cmd.Reason == "":
		return []Msg{M("stop.refused", a)}
	}
	a["reason"] = cmd.Reason
	return []Msg{M("stop.refused_reason", a)}
}

// pendingLines lists the stops waiting for approval, for show.
func (s *Service) pendingLines(inc *Incident) []Msg {
	var lines []Msg
	for _, p := range inc.PendingStops {
		lines = append(lines, M("show.stop_pending", Args{"n": p.Decision, "stop": stopText(p.Stop),
			"by": p.By, "at": inc.ClockAt(p.At, s.loc), "ref": inc.Ref()}))
	}
	return lines
}
