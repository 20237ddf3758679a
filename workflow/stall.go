package workflow

import (
	"time"
)

// Stalls: where a drill's decision-making stalled (PRACTICE.md, "Tabletop
// drills"). The scorecard measures, in drill time, how long each inject
// waited for the next decision, the longest stretch without a decision or
// a status update, and how long each stop waited for approval, and holds
// each to a limit of the scenario ([stalls] in its file).

// Stalls are the limits, in drill time. A zero field takes DefaultStalls'.
type Stalls struct {
	// DecisionWithin: an inject should be followed by a decision within it.
	DecisionWithin time.Duration `json:"decision_within_ns,omitempty"`
	// QuietMax: the longest time without a decision or a status update.
	QuietMax time.Duration `json:"quiet_max_ns,omitempty"`
	// ApprovalWithin: a stop should not wait longer for approval.
	ApprovalWithin time.Duration `json:"approval_within_ns,omitempty"`
}

// DefaultStalls are the limits of a scenario that sets none.
var DefaultStalls = Stalls{DecisionWithin: 15 * time.Minute, QuietMax: 20 * time.Minute, ApprovalWithin: 10 * time.Minute}

// orDefault fills the limits s leaves zero from DefaultStalls.
func (s Stalls) orDefault() Stalls {
	if s.DecisionWithin <= 0 {
		s.DecisionWithin = DefaultStalls.DecisionWithin
	}
	if s.QuietMax <= 0 {
		s.QuietMax = DefaultStalls.QuietMax
	}
	if s.ApprovalWithin <= 0 {
		s.ApprovalWithin = DefaultStalls.ApprovalWithin
	}
	return s
}

// StallScore is what the scorecard says about stalls. Times are drill time
// from the start.
type StallScore struct {
	Limits Stalls `json:"limits"`
	// Latency has one entry per inject posted: how long until the next
	// decision.
	Latency []LatencyScore `json:"decision_latency"`
	// Quiet is the longest stretch without a decision or a status update:
	// from the start, or one of them, to the next, or to the end.
	Quiet QuietScore `json:"quiet"`
	// Approvals has one entry per stop that waited for approval.
	Approvals []ApprovalWait `json:"approvals"`
}

// LatencyScore is how long inject Index waited for a decision; After is
// nil if no decision followed it by the end.
type LatencyScore struct {
	Index int            `json:"index"`
	At    time.Duration  `json:"at_ns"`
	After *time.Duration `json:"after_ns"`
}

// QuietScore is the longest stretch without a decision or a status update.
type QuietScore struct {
	From time.Duration `json:"from_ns"`
	To   time.Duration `json:"to_ns"`
}

// Span is how long the stretch lasted.
func (q QuietScore) Span() time.Duration { return q.To - q.From }

// Stalled reports whether anything went over its limit.
func (s StallScore) Stalled() bool {
	for _, l := range s.Latency {
		if l.After == nil || *l.After > s.Limits.DecisionWithin {
			return true
		}
	}
	for _, a := range s.Approvals {
		if a.Waited > s.Limits.ApprovalWithin {
			return true
		}
	}
	return s.Quiet.Span() > s.Limits.QuietMax
}

// scoreStalls measures the stalls of drill run in its timeline up to now.
func scoreStalls(run *DrillRun, events []Event, now time.Time) StallScore {
	st := StallScore{Limits: run.Stalls.orDefault(), Latency: []LatencyScore{}, Approvals: approvalWaits(run, events, now)}
	if st.Approvals == nil {
		st.Approvals = []ApprovalWait{}
	}
	at := func(t time.Time) time.Duration { return max(run.drillSpan(t.Sub(run.StartedAt)), 0) }
	var decisions []time.Time
	last := run.StartedAt
	for _, e := range events {
		if e.OccurredAt.After(now) {
			break
		}
		switch e.Kind {
		case EventDecision, EventStatus:
		default:
			continue
		}
		if e.Kind == EventDecision {
			decisions = append(decisions, e.OccurredAt)
		}
		if e.OccurredAt.After(last) {
			if gap := (QuietScore{From: at(last), To: at(e.OccurredAt)}); gap.Span() > st.Quiet.Span() {
				st.Quiet = gap
			}
			last = e.OccurredAt
		}
	}
	if gap := (QuietScore{From: at(last), To: at(now)}); gap.Span() > st.Quiet.Span() {
		st.Quiet = gap
	}
	for _, e := range events {
		if e.Kind != EventInjectPosted || e.OccurredAt.After(now) {
			continue
		}
		p, err := e.Payload()
		x, ok := p.(InjectPosted)
		if err != nil || !ok {
			continue
		}
		l := LatencyScore{Index: x.Index, At: x.At}
		for _, d := range decisions {
			if !d.Before(e.OccurredAt) {
				l.After = durPtr(run.drillSpan(d.Sub(e.OccurredAt)))
				break
			}
		}
		st.Latency = append(st.Latency, l)
	}
	return st
}

// stallLines are the scorecard's lines about stalls.
func stallLines(st StallScore) []Msg {
	lim := st.Limits
	var items []Msg
	for _, l := range st.Latency {
		switch {
		case l.After == nil:
			items = append(items, M("scorecard.latency_none", Args{"n": l.Index}))
		case *l.After > lim.DecisionWithin:
			items = append(items, M("scorecard.latency_over", Args{"n": l.Index, "after": Span(*l.After)}))
		default:
			items = append(items, M("scorecard.latency", Args{"n": l.Index, "after": Span(*l.After)}))
		}
	}
	var lines []Msg
	if len(items) > 0 {
		lines = append(lines, M("scorecard.latency_line", Args{"limit": Span(lim.DecisionWithin), "items": joinMsgs(items)}))
	}
	q := Args{"span": Span(st.Quiet.Span()), "from": Span(st.Quiet.From), "to": Span(st.Quiet.To), "limit": Span(lim.QuietMax)}
	if st.Quiet.Span() > lim.QuietMax {
		lines = append(lines, M("scorecard.quiet_over", q))
	} else {
		lines = append(lines, M("scorecard.quiet", q))
	}
	for _, a := range st.Approvals {
		key := MsgKey("scorecard.approval_answered")
		if !a.Answered {
			key = "scorecard.approval_pending"
		}
		if a.Waited > lim.ApprovalWithin {
			key += "_over"
		}
		lines = append(lines, M(key, Args{"n": a.Decision, "waited": Span(a.Waited), "limit": Span(lim.ApprovalWithin)}))
	}
	return lines
}
