package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The rhythm of drills (PRACTICE.md: "Run a scenario at least
// quarterly"). With [drills] every set, a timer of no incident watches one
// period at a time: a calendar quarter or month in the configured zone, or
// a span since the last drill. When a period passes without a drill, the
// first sandbox channel is reminded once, with the scenario run least
// recently; then the next period is watched. The timer is a row claimed
// once, and rescheduled in the same transaction, so a restart neither
// repeats a reminder nor loses one.

// TimerDrillRhythm watches a period for a drill. It belongs to no
// incident; key: the rhythm (Rhythm.String), so a changed setting
// replaces it.
const TimerDrillRhythm TimerKind = "drill_rhythm"

// Calendar rhythms.
const (
	RhythmQuarter = "quarter"
	RhythmMonth   = "month"
)

// Rhythm is how often a drill is due: every calendar quarter or month, or
// every span of time since the last drill. The zero Rhythm sets none.
type Rhythm struct {
	Calendar string        // RhythmQuarter or RhythmMonth; "" with Span
	Span     time.Duration // without Calendar: the longest time between drills
}

// ParseRhythm reads [drills] every: "quarter", "month" or a Go duration
// ("720h"); "" is no rhythm.
func ParseRhythm(s string) (Rhythm, error) {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "":
		return Rhythm{}, nil
	case RhythmQuarter, RhythmMonth:
		return Rhythm{Calendar: s}, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Hour {
		return Rhythm{}, fmt.Errorf("%q is not a rhythm: write \"quarter\", \"month\" or a duration of an hour or more such as \"720h\"", s)
	}
	return Rhythm{Span: d}, nil
}

// IsZero reports whether no rhythm is set.
func (r Rhythm) IsZero() bool { return r.Calendar == "" && r.Span <= 0 }

// String is the rhythm as written in the config.
func (r Rhythm) String() string {
	if r.Calendar != "" {
		return r.Calendar
	}
	if r.Span > 0 {
		return r.Span.String()
	}
	return ""
}

// Period is the calendar period (quarter or month, in loc) holding t:
// from its first moment to the first moment of the next. For a span
// rhythm it is the span ending at t.
func (r Rhythm) Period(t time.Time, loc *time.Location) (from, to time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	switch r.Calendar {
	case RhythmQuarter:
		m := time.Month((int(lt.Month())-1)/3*3 + 1)
		from = time.Date(lt.Year(), m, 1, 0, 0, 0, 0, loc)
		return from, from.AddDate(0, 3, 0)
	case RhythmMonth:
		from = time.Date(lt.Year(), lt.Month(), 1, 0, 0, 0, 0, loc)
		return from, from.AddDate(0, 1, 0)
	}
	return t.Add(-r.Span), t
}

// rhythmTimer is the body of a TimerDrillRhythm: the start of the period
// it watches (its due time is the end).
type rhythmTimer struct {
	From time.Time `json:"from"`
}

// SandboxPoster is implemented by a chat adapter that posts in a sandbox
// channel ([drills] sandbox_channels): the reminder that a drill is due.
// It is called inside the timer's transaction and posts in that channel
// only.
type SandboxPoster interface {
	PostSandbox(tx Tx, channel string, lines []Msg) error
}

// EnsureRhythm makes sure the period in force is watched: with [drills]
// every set, a drill rhythm timer is pending (one scheduled before, with
// the same setting, is kept, so a restart does not start the period
// again); without it, none is. serve calls it when it starts.
func (s *Service) EnsureRhythm(ctx context.Context) error {
	return s.store.Update(ctx, func(tx Tx) error {
		pending, err := tx.PendingTimers(NilID)
		if err != nil {
			return fmt.Errorf("timers of no incident: %w", err)
		}
		stale := false
		for _, t := range pending {
			if t.Kind != TimerDrillRhythm {
				continue
			}
			if !s.rhythm.IsZero() && t.Key == s.rhythm.String() {
				return nil
			}
			stale = true
		}
		if stale {
			if err := tx.CancelTimers(NilID, TimerDrillRhythm, ""); err != nil {
				return fmt.Errorf("cancel the drill rhythm: %w", err)
			}
		}
		if s.rhythm.IsZero() {
			return nil
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		starts, err := drillStarts(tx)
		if err != nil {
			return err
		}
		return s.watch(tx, now, starts)
	})
}

// watch schedules the timer that watches the next period from now: the
// calendar period holding now, or the span since the last drill (since
// now if that span is already over).
func (s *Service) watch(tx Tx, now time.Time, starts []drillStart) error {
	var from, to time.Time
	if s.rhythm.Calendar != "" {
		from, to = s.rhythm.Period(now, s.loc)
	} else {
		from = now
		if n := len(starts); n > 0 && starts[n-1].at.Add(s.rhythm.Span).After(now) {
			from = starts[n-1].at
		}
		to = from.Add(s.rhythm.Span)
	}
	body, err := json.Marshal(rhythmTimer{From: from.UTC()})
	if err != nil {
		return fmt.Errorf("encode the drill rhythm timer: %w", err)
	}
	id, err := tx.NewID()
	if err != nil {
		return fmt.Errorf("new timer id: %w", err)
	}
	if err := tx.ScheduleTimer(Timer{ID: id, IncidentID: NilID, Kind: TimerDrillRhythm, Key: s.rhythm.String(), Due: to.UTC(), Body: body}); err != nil {
		return fmt.Errorf("schedule the drill rhythm: %w", err)
	}
	return nil
}

// fireUnbound does what a timer of no incident asks, in the transaction
// that claimed it.
func (s *Service) fireUnbound(tx Tx, t Timer, now time.Time) error {
	if t.Kind != TimerDrillRhythm {
		// Consumed and said so, rather than failed again at every look.
		s.log.Warn("timer of no incident has no handler; dropped", "kind", string(t.Kind), "key", t.Key)
		return nil
	}
	if s.rhythm.IsZero() || t.Key != s.rhythm.String() {
		// Scheduled under another setting: EnsureRhythm puts the right
		// one in its place when serve starts.
		s.log.Info("drill rhythm timer of another setting; dropped", "key", t.Key, "every", s.rhythm.String())
		return nil
	}
	var b rhythmTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		return fmt.Errorf("drill rhythm timer body: %w", err)
	}
	starts, err := drillStarts(tx)
	if err != nil {
		return err
	}
	ran := false
	for _, d := range starts {
		if !d.at.Before(b.From) && d.at.Before(t.Due) {
			ran = true
		}
	}
	if !ran {
		if err := s.remindDrill(tx, b.From, t.Due, starts); err != nil {
			return err
		}
	}
	return s.watch(tx, now, starts)
}

// remindDrill tells the first sandbox channel that the period [from, to)
// passed without a drill, and suggests the scenario run least recently.
func (s *Service) remindDrill(tx Tx, from, to time.Time, starts []drillStart) error {
	if len(s.sandboxes) == 0 {
		s.log.Warn("a drill is due, but no sandbox channel is configured to say so", "every", s.rhythm.String())
		return nil
	}
	a := Args{"from": dateOf(from, s.loc), "to": dateOf(to.Add(-time.Nanosecond), s.loc), "span": Span(s.rhythm.Span)}
	key := MsgKey("rhythm.due_span")
	if s.rhythm.Calendar != "" {
		key = MsgKey("rhythm.due_" + s.rhythm.Calendar)
	}
	lines := []Msg{M(key, a)}
	if name, last, ok := s.leastRecent(starts); ok {
		if last.IsZero() {
			lines = append(lines, M("rhythm.suggest_never", Args{"scenario": name}))
		} else {
			lines = append(lines, M("rhythm.suggest", Args{"scenario": name, "last": dateOf(last, s.loc)}))
		}
	}
	posted := false
	for _, n := range s.notifiers {
		if p, ok := n.(SandboxPoster); ok {
			if err := p.PostSandbox(tx, s.sandboxes[0], lines); err != nil {
				return fmt.Errorf("remind %s of a drill: %w", s.sandboxes[0], err)
			}
			posted = true
		}
	}
	if !posted {
		s.log.Warn("a drill is due, but no chat adapter can say so", "channel", s.sandboxes[0])
		return nil
	}
	s.log.Info("drill reminder posted", "channel", s.sandboxes[0], "every", s.rhythm.String())
	return nil
}

// leastRecent is the scenario run least recently: one never run (the
// first by name), else the one whose last run is the oldest. last is zero
// for one never run.
func (s *Service) leastRecent(starts []drillStart) (name string, last time.Time, ok bool) {
	if s.library == nil {
		return "", time.Time{}, false
	}
	lastRun := map[string]time.Time{}
	for _, d := range starts {
		lastRun[d.scenario] = d.at // starts are in time order
	}
	for _, n := range s.library.ScenarioNames() {
		t, run := lastRun[n]
		if !run {
			return n, time.Time{}, true
		}
		if !ok || t.Before(last) {
			name, last, ok = n, t, true
		}
	}
	return name, last, ok
}

// drillStart is when a drill of a scenario started.
type drillStart struct {
	scenario string
	at       time.Time
}

// drillStarts lists every drill's start, earliest first.
func drillStarts(tx ReadTx) ([]drillStart, error) {
	drill := true
	incs, err := tx.Incidents(Filter{Drill: &drill})
	if err != nil {
		return nil, fmt.Errorf("list drills: %w", err)
	}
	var out []drillStart
	for _, inc := range incs {
		d := drillStart{at: inc.OpenedAt}
		if r := inc.DrillRun; r != nil {
			d.scenario, d.at = r.Scenario, r.StartedAt
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out, nil
}

// dateOf is t's date in loc, as people read it.
func dateOf(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}
