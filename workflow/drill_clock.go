package workflow

import "time"

// The drill clock.
//
// A drill started with --speed N runs N times faster than the service
// clock: something the scenario (or the escalation policy, or a reminder)
// puts d after a moment happens d/N of real time after it. Every timer of a
// drill incident goes through due, so injects, expectation deadlines, the
// scenario's end, escalation steps and status and unassigned reminders all
// follow the same clock. Times recorded on the timeline stay real (the
// service clock); the scorecard converts them back to drill time.

// DrillSpeed is how many times faster than real time the incident's clock
// runs: the drill's --speed, 1 for anything else.
func (inc *Incident) DrillSpeed() int {
	if inc.DrillRun == nil || inc.DrillRun.Speed < 1 {
		return 1
	}
	return inc.DrillRun.Speed
}

// RealSpan is how much real time drill time d takes on the incident's clock.
func (inc *Incident) RealSpan(d time.Duration) time.Duration {
	return d / time.Duration(inc.DrillSpeed())
}

// DrillSpan is how much drill time real span d stands for on the
// incident's clock (d itself for anything but a drill).
func (inc *Incident) DrillSpan(d time.Duration) time.Duration {
	return d * time.Duration(inc.DrillSpeed())
}

// due is when something d after from (in the incident's time) comes due on
// the service clock. For a real incident that is from + d.
func (r *reaction) due(from time.Time, d time.Duration) time.Time {
	return from.Add(r.inc.RealSpan(d))
}

// atDrill is when drill time d after the drill's start comes due.
func (r *reaction) atDrill(d time.Duration) time.Time {
	return r.due(r.inc.DrillRun.StartedAt, d)
}

// One clock per drill: a drill's moments are shown in drill time from its
// start, with the real time beside it ("T+12m (2026-11-20 10:02 JST)"),
// wherever a moment of the drill is shown (show, the card, the
// scorecard); spans of a drill are drill time.

// DrillTime is real moment t as drill time from the start of drill inc;
// false for anything but a drill.
func (inc *Incident) DrillTime(t time.Time) (time.Duration, bool) {
	run := inc.DrillRun
	if run == nil {
		return 0, false
	}
	return max(run.drillSpan(t.Sub(run.StartedAt)), 0), true
}

// DrillAt is a moment of a drill on its one clock, with the real time
// beside it.
type DrillAt struct {
	D    time.Duration // drill time from the start
	Real When
}

// Localize renders "T+12m (2026-11-20 10:02 JST)".
func (d DrillAt) Localize(l Lang) string {
	return Render(l, M("clock.drill_at", Args{"at": Span(d.D), "real": d.Real}))
}

// ClockAt is how inc shows moment t: on the drill's clock for a drill,
// else the time in loc.
func (inc *Incident) ClockAt(t time.Time, loc *time.Location) Localizer {
	if d, ok := inc.DrillTime(t); ok && !t.IsZero() {
		return DrillAt{D: d, Real: When{t, loc}}
	}
	return When{t, loc}
}
