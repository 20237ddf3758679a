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
