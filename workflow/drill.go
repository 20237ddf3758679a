package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Tabletop drills (PRACTICE.md, "Tabletop drills"): a scenario walks a team
// through one runbook; the point is whether contacts connect and whether
// decisions stall, not the technical answer.
//
// A drill is an incident of the D-series (Opened.Drill), sandboxed by
// construction: the escalation engine runs its policies but records every
// step as Simulated ("would notify") and hands no notice to any notifier
// (escalate.go), so nothing pages, DMs or posts outside the drill. What the
// drill's clock does on its own — an inject, a deadline passing, a
// simulated escalation step or reminder, the scenario's end — is shown to
// the participants through DrillPoster, which only the chat adapter
// implements, and only for the drill's own channel.
//
// The drill's definition is copied into its DrillStarted event, so the
// timeline replays (and exports) without the scenario files.

// Drill event kinds. Never rename one.
const (
	EventDrillStarted      EventKind = "drill_started"
	EventInjectPosted      EventKind = "inject_posted"
	EventExpectationMet    EventKind = "expectation_met"
	EventExpectationMissed EventKind = "expectation_missed"
	EventFinding           EventKind = "finding"
	EventDrillEnded        EventKind = "drill_ended"
)

// Drill timers. Their due times follow the drill clock (drill_clock.go).
const (
	TimerInject   TimerKind = "drill_inject" // key: the inject's number: post it
	TimerExpect   TimerKind = "drill_expect" // key: the inject's number, or "x" and the place among the scenario's own: check that expectation
	TimerDrillEnd TimerKind = "drill_end"    // the scenario is over: end the drill
)

// Why a drill ended (DrillEnded.Reason).
const (
	DrillEndCommand  = "command"  // /incident drill end
	DrillEndScenario = "scenario" // the scenario's end came
	DrillEndClosed   = "closed"   // the incident was closed (close, close --false-alarm)
)

// drillGrace is how long a drill goes on after its last inject or deadline
// when the scenario names no end (drill time).
const drillGrace = 10 * time.Minute

// DrillStarted records the start of a drill with everything needed to run
// and score it: the scenario as it was, and the speed of its clock. It
// follows the Opened event of the drill incident.
type DrillStarted struct {
	Scenario string        `json:"scenario"`
	Title    Text          `json:"title"`
	Runbook  string        `json:"runbook,omitempty"`
	Speed    int           `json:"speed"`
	Injects  []DrillInject `json:"injects"`
	End      time.Duration `json:"end_ns"` // drill time after the start when it ends on its own
	// DeadlineScale shrinks the runbook's deadlines in the drill; 0: as
	// written (Scenario.DeadlineScale).
	DeadlineScale float64 `json:"deadline_scale,omitempty"`
	// Expects are the scenario's expectations tied to no inject; Stalls
	// its limits (zero: the defaults). Drills started before either
	// existed have neither.
	Expects []DrillExpect `json:"expects,omitempty"`
	Stalls  Stalls        `json:"stalls,omitzero"`
}

// InjectPosted records that inject Index (from 1) came due and was shown
// to the participants.
type InjectPosted struct {
	Index int           `json:"index"`
	At    time.Duration `json:"at_ns"`
	Text  Text          `json:"text"`
	Raise SeverityKey   `json:"raise,omitempty"` // the severity it raises to; a SeverityChanged follows
}

// ExpectationMet records that expectation Number (of the inject Index, 0
// for one of the scenario's own) held at its deadline; After is the drill
// time (from the start) when it became true. Events recorded before
// expectations were numbered have no Number: theirs is the inject's.
type ExpectationMet struct {
	Index  int `json:"index"`
	Number int `json:"number,omitempty"`
	DrillExpect
	After time.Duration `json:"after_ns"`
}

// ExpectationMissed records that expectation Number (of the inject Index)
// did not hold at its deadline.
type ExpectationMissed struct {
	Index  int `json:"index"`
	Number int `json:"number,omitempty"`
	DrillExpect
}

// FindingRecorded is a gap the drill (or an incident) revealed in the
// procedures (手順書の穴): contacts, authority, steps. Owner and Due say who
// fixes it by when.
type FindingRecorded struct {
	FindingFields
}

// DrillEnded records the end of a drill and its scorecard. It closes the
// incident: a drill is not walked to post-incident; its end is its close.
type DrillEnded struct {
	Reason    string    `json:"reason"` // DrillEndCommand, DrillEndScenario or DrillEndClosed
	Scorecard Scorecard `json:"scorecard"`
}

func (DrillStarted) Kind() EventKind      { return EventDrillStarted }
func (InjectPosted) Kind() EventKind      { return EventInjectPosted }
func (ExpectationMet) Kind() EventKind    { return EventExpectationMet }
func (ExpectationMissed) Kind() EventKind { return EventExpectationMissed }
func (FindingRecorded) Kind() EventKind   { return EventFinding }
func (DrillEnded) Kind() EventKind        { return EventDrillEnded }

// DrillRun is a drill's part of the incident's state, folded from its
// drill events.
type DrillRun struct {
	Scenario  string        `json:"scenario"`
	Title     Text          `json:"title"`
	Runbook   string        `json:"runbook,omitempty"`
	Speed     int           `json:"speed"`
	StartedAt time.Time     `json:"started_at"`
	Injects   []DrillInject `json:"injects"`
	End       time.Duration `json:"end_ns"`
	Posted    int           `json:"posted"`               // injects posted so far
	Latest    int           `json:"latest,omitempty"`     // number of the latest inject posted
	Ended     bool          `json:"ended,omitempty"`      //
	EndedAt   time.Time     `json:"ended_at,omitzero"`    //
	EndReason string        `json:"end_reason,omitempty"` // DrillEnded.Reason
	// DeadlineScale shrinks the runbook's deadlines (DrillStarted).
	DeadlineScale float64       `json:"deadline_scale,omitempty"`
	Expects       []DrillExpect `json:"expects,omitempty"` // DrillStarted.Expects
	Stalls        Stalls        `json:"stalls,omitzero"`   // DrillStarted.Stalls
	// ContactCheck is the drill's contact check (contact_check.go); nil
	// without --contact-check.
	ContactCheck *ContactCheckRun `json:"contact_check,omitempty"`
}

// applyDrill folds a drill event into the state (called by Apply).
func (inc *Incident) applyDrill(p Payload, e Event) {
	switch x := p.(type) {
	case DrillStarted:
		inc.DrillRun = &DrillRun{Scenario: x.Scenario, Title: x.Title, Runbook: x.Runbook, Speed: x.Speed,
			StartedAt: e.OccurredAt, Injects: x.Injects, End: x.End, DeadlineScale: x.DeadlineScale,
			Expects: x.Expects, Stalls: x.Stalls}
	case InjectPosted:
		if r := inc.DrillRun; r != nil {
			r.Posted++
			r.Latest = x.Index
		}
	case FindingRecorded:
		inc.Findings++
	case DrillEnded:
		if r := inc.DrillRun; r != nil {
			r.Ended, r.EndedAt, r.EndReason = true, e.OccurredAt, x.Reason
		}
		if inc.Phase != PhaseClosed {
			inc.Phase, inc.ClosedAt = PhaseClosed, e.OccurredAt
		}
	case ExpectationMet, ExpectationMissed:
	default:
		inc.applyContactCheck(p, e) // contact_check.go
	}
}

// DrillPoster is implemented by a chat adapter that shows participants
// what a drill's clock did (an inject, a deadline, a simulated escalation
// step, the scorecard at the scenario's end). It is called inside the
// transaction that recorded it, only for drill incidents, and must post
// only in the drill's own channel: never a direct message, never another
// channel. The service finds posters among its notifiers (a notifier that
// also implements DrillPoster); one that does not (a pager) never hears of
// a drill. Replies to commands need no poster: they go back to whoever
// typed the command, as for any incident.
type DrillPoster interface {
	PostDrill(tx Tx, inc *Incident, lines []Msg) error
}

// postDrill hands lines about drill inc to every DrillPoster.
func (s *Service) postDrill(tx Tx, inc *Incident, lines []Msg) error {
	if !inc.Drill || len(lines) == 0 {
		return nil
	}
	for _, n := range s.notifiers {
		if p, ok := n.(DrillPoster); ok {
			if err := p.PostDrill(tx, inc, lines); err != nil {
				return fmt.Errorf("post drill lines of %s: %w", inc.Ref(), err)
			}
		}
	}
	return nil
}

// drill runs "drill start <scenario> [--speed N] [--contact-check]",
// "drill end" and "drill ack [@person]" (contact_check.go).
func (s *Service) drill(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	switch cmd.DrillAction {
	case "end":
		return s.endDrill(ctx, req, e)
	case "ack":
		return s.contactAck(ctx, req, cmd, e)
	}
	return s.startDrill(ctx, req, cmd, e)
}

// sandboxed refuses a drill start outside the sandbox channels. The console
// (no chat channel, a console actor) is not checked; a chat request that
// names no channel is refused, so an adapter that forgot Place cannot start
// a drill anywhere.
func (s *Service) sandboxed(req Request) error {
	if req.Place == "" && req.Actor.Team == ConsoleTeam {
		return nil
	}
	if req.Place != "" && slices.Contains(s.sandboxes, req.Place) {
		return nil
	}
	if len(s.sandboxes) == 0 {
		return Problemf(ErrForbidden, "err.drill_no_sandbox", nil)
	}
	names := make(Channels, len(s.sandboxes))
	for i, c := range s.sandboxes {
		names[i] = Channel(c)
	}
	return Problemf(ErrForbidden, "err.drill_sandbox", Args{"channels": names})
}

// scenario finds a scenario by name, or says which there are.
func (s *Service) scenario(name string) (Scenario, error) {
	if s.library != nil {
		if sc, ok := s.library.Scenario(name); ok {
			return sc, nil
		}
	}
	var names []string
	if s.library != nil {
		names = s.library.ScenarioNames()
	}
	if len(names) == 0 {
		return Scenario{}, Problemf(ErrNotFound, "err.drill_no_scenarios", Args{"name": name})
	}
	return Scenario{}, Problemf(ErrNotFound, "err.drill_unknown", Args{"name": name, "names": strings.Join(names, ", ")})
}

// drillRunbook finds the runbook a scenario rehearses.
func (s *Service) drillRunbook(name string) (Runbook, bool) {
	if name == "" || s.library == nil {
		return Runbook{}, false
	}
	return s.library.Runbook(name)
}

// drillDefinition copies a scenario into the DrillStarted event. chain is
// a role's on-call chain in force at the start: role_from_chain keeps it,
// so the drill is judged against the chain it started with.
func drillDefinition(sc Scenario, speed int, chain func(Role) []string) DrillStarted {
	d := DrillStarted{Scenario: sc.Name, Title: sc.Title, Runbook: sc.Runbook, Speed: max(speed, 1), End: sc.End,
		DeadlineScale: sc.DeadlineScale, Stalls: sc.Stalls}
	own := func(x Expectation) Expectation {
		x.Chain = nil // the event's own copy, not the library's
		if x.Kind == ExpectRoleFromChain {
			x.Chain = slices.Clone(chain(x.Role))
		}
		return x
	}
	last := time.Duration(0)
	for _, in := range sc.Injects {
		last = max(last, in.At)
		if x := in.Expect; x != nil {
			c := own(*x)
			in.Expect = &c
			last = max(last, x.Deadline)
		}
		d.Injects = append(d.Injects, in)
	}
	for _, x := range sc.Expects {
		d.Expects = append(d.Expects, own(x))
		last = max(last, x.Deadline)
	}
	if d.End <= 0 {
		d.End = last + drillGrace
	}
	return d
}

// startDrill opens drill incident D-n at the scenario's title and severity
// and starts its clock: the escalation policy of the level runs in
// simulation, and the injects, deadlines and end are scheduled.
func (s *Service) startDrill(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	if err := s.sandboxed(req); err != nil {
		return Reply{}, err
	}
	sc, err := s.scenario(cmd.Scenario)
	if err != nil {
		return Reply{}, err
	}
	var check *ContactCheckStarted
	if cmd.ContactCheck {
		c, err := s.contactCheckStart(req, e.now)
		if err != nil {
			return Reply{}, err
		}
		check = &c
	}
	lang := req.Lang
	if lang == "" {
		lang = English
	}
	def := drillDefinition(sc, cmd.Speed, func(r Role) []string { return s.rules().chainFor(r, e.now) })
	sev := sc.Severity
	if s.scale.Rank(sev) < 0 {
		sev = s.scale.Default
	}
	title := def.Title.Localize(lang)
	if strings.TrimSpace(title) == "" {
		title = sc.Name
	}
	var reply Reply
	err = s.store.Update(ctx, func(tx Tx) error {
		if dup, err := seen(tx, req, e); dup || err != nil {
			reply.Duplicate = dup
			return err
		}
		n, err := tx.NextNumber(true)
		if err != nil {
			return fmt.Errorf("next drill number: %w", err)
		}
		drafts := []Draft{
			{OccurredAt: e.now, Payload: Opened{Title: title, Severity: sev, Drill: true, Number: n,
				Opener: e.actor.Person(), StartedAt: e.now, DetectedAt: e.now}},
			{OccurredAt: e.now, Payload: def},
		}
		// The scenario's runbook is attached as --runbook would (checklist.go);
		// one the library lacks stays named in DrillStarted only.
		if rb, ok := s.drillRunbook(def.Runbook); ok {
			drafts = append(drafts, Draft{OccurredAt: e.now, Payload: NewRunbookAttached(rb, false)})
		}
		if check != nil {
			drafts = append(drafts, Draft{OccurredAt: e.now, Payload: *check})
		}
		inc, events, more, err := s.create(tx, req, drafts, e)
		if err != nil {
			return err
		}
		var checked []Msg
		if check != nil {
			if checked, err = s.sendContactCheck(tx, inc); err != nil {
				return err
			}
		}
		lines := []Msg{M("drill.started", Args{"ref": inc.Ref(), "title": inc.Title, "scenario": def.Scenario,
			"severity": s.scale.Level(inc.Severity), "injects": len(def.Injects), "length": Span(def.End)})}
		if def.Speed > 1 {
			lines = append(lines, M("drill.speed", Args{"speed": def.Speed, "real": Span(inc.RealSpan(def.End))}))
		}
		switch {
		case inc.Runbook != nil:
			lines = append(lines, M("drill.runbook", Args{"runbook": def.Runbook, "title": inc.Runbook.Title, "ref": inc.Ref()}))
		case def.Runbook != "":
			lines = append(lines, M("drill.runbook_missing", Args{"runbook": def.Runbook}))
		}
		lines = append(lines, checked...)
		lines = append(lines, M("drill.next", Args{"ref": inc.Ref()}))
		lines = append(lines, toldLines(more)...)
		reply = Reply{Incident: inc, Events: append(events, more...), Lines: lines}
		return nil
	})
	if err != nil {
		return Reply{}, err
	}
	if reply.Duplicate {
		return reply, nil
	}
	s.log.Info("drill started", "incident", reply.Incident.Ref().String(), "id", reply.Incident.ID.String(),
		"scenario", def.Scenario, "speed", def.Speed, "contact_check", check != nil)
	return reply, nil
}

// endDrill runs "drill end": the drill of this channel, else the only
// running drill the actor can see, ends with its scorecard.
func (s *Service) endDrill(ctx context.Context, req Request, e env) (Reply, error) {
	var reply Reply
	err := s.store.Update(ctx, func(tx Tx) error {
		if dup, err := seen(tx, req, e); dup || err != nil {
			reply.Duplicate = dup
			return err
		}
		inc, err := s.runningDrill(tx, req)
		if err != nil {
			return err
		}
		prev := inc.Version
		drafts, err := s.drillEnd(tx, inc, e.now, DrillEndCommand)
		if err != nil {
			return err
		}
		events, err := s.commit(tx, inc, e, drafts)
		if err != nil {
			return err
		}
		more, err := s.react(tx, inc, events, e)
		if err != nil {
			return err
		}
		if err := tx.SaveIncident(inc, prev); err != nil {
			return fmt.Errorf("save drill %s: %w", inc.Ref(), err)
		}
		all := append(events, more...)
		lines, err := s.drillLines(tx, inc, all)
		if err != nil {
			return err
		}
		reply = Reply{Incident: inc, Events: all, Lines: lines}
		return within(tx, req, reply)
	})
	if err != nil {
		return Reply{}, err
	}
	if !reply.Duplicate {
		s.log.Info("drill ended", "incident", reply.Incident.Ref().String(), "reason", DrillEndCommand)
	}
	return reply, nil
}

// runningDrill is the drill "drill end" acts on.
func (s *Service) runningDrill(tx ReadTx, req Request) (*Incident, error) {
	if !req.Channel.IsZero() {
		inc, err := tx.Incident(req.Channel)
		if err != nil {
			return nil, err
		}
		if inc.Drill {
			return checkRunning(inc)
		}
	}
	drill := true
	open, err := tx.Incidents(Filter{OpenOnly: true, Drill: &drill})
	if err != nil {
		return nil, fmt.Errorf("list running drills: %w", err)
	}
	var mine []*Incident
	for _, inc := range open {
		if inc.DrillRun != nil && s.visible(inc, req.Actor) {
			mine = append(mine, inc)
		}
	}
	switch len(mine) {
	case 0:
		return nil, Problemf(ErrNotFound, "err.drill_none", nil)
	case 1:
		return mine[0], nil
	}
	var refs []Msg
	for _, inc := range mine {
		refs = append(refs, M("which.item", Args{"ref": inc.Ref(), "title": clip(inc.Title, 40)}))
	}
	return nil, Problemf(ErrAmbiguous, "err.drill_which", Args{"drills": joinMsgs(refs)})
}

func checkRunning(inc *Incident) (*Incident, error) {
	if inc.DrillRun == nil || inc.DrillRun.Ended || inc.IsClosed() {
		return nil, Problemf(ErrClosed, "err.drill_over", Args{"ref": inc.Ref()})
	}
	return inc, nil
}

// ---- the drill clock's reactions ----

// drillTimer is the body of every drill timer: the start it belongs to.
type drillTimer struct {
	Started time.Time `json:"started"`
}

// drill reacts to a committed event of a drill incident (called by react).
func (r *reaction) drill(p Payload) {
	run := r.inc.DrillRun
	switch x := p.(type) {
	case DrillStarted:
		if run == nil {
			return
		}
		body := drillTimer{Started: run.StartedAt}
		for i, in := range run.Injects {
			r.schedule(TimerInject, strconv.Itoa(i+1), r.atDrill(in.At), body)
		}
		for _, x := range run.expectations() {
			r.schedule(TimerExpect, x.timerKey(), r.atDrill(x.Deadline), body)
		}
		r.schedule(TimerDrillEnd, "", r.atDrill(run.End), body)
	case ContactCheckStarted:
		// Real time, whatever the drill's speed; it outlives the drill.
		if run != nil && run.ContactCheck != nil {
			r.schedule(TimerContactWindow, "", run.ContactCheck.Until(), drillTimer{Started: run.StartedAt})
		}
	case DrillEnded:
		// The drill is over: its chains stop, its clock stops.
		for _, role := range r.inc.PendingChases() {
			r.add("", EscalationCancelled{Role: role, Reason: CancelClosed})
		}
		r.cancelTimers("", "")
	case PhaseChanged:
		if x.To == PhaseClosed && run != nil && !run.Ended {
			// Closed by hand: the drill ends with it (react's phaseChanged
			// stops the chains and timers).
			r.endDrill(DrillEndClosed)
		}
	}
}

// endDrill adds the drafts that end the drill.
func (r *reaction) endDrill(reason string) {
	if r.err != nil {
		return
	}
	r.drafts = append(r.drafts, drillEndDrafts(r.inc, r.timeline, r.now, reason)...)
}

// drillEnd decides the end of drill inc at now: the expectations whose
// deadline passed without their timer having fired are checked, then the
// scorecard is drawn up from the timeline.
func (s *Service) drillEnd(tx ReadTx, inc *Incident, now time.Time, reason string) ([]Draft, error) {
	if run := inc.DrillRun; run == nil || run.Ended {
		return nil, nil
	}
	events, err := tx.Events(inc.ID)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", inc.Ref(), err)
	}
	return drillEndDrafts(inc, events, now, reason), nil
}

// drillEndDrafts are the drafts that end drill inc at now, given its
// timeline (events); none if it is not running.
func drillEndDrafts(inc *Incident, events []Event, now time.Time, reason string) []Draft {
	run := inc.DrillRun
	if run == nil || run.Ended {
		return nil
	}
	var drafts []Draft
	for _, p := range settleDue(run, events, now) {
		drafts = append(drafts, Draft{Payload: p})
	}
	sc := Score(inc, events, now)
	return append(drafts, Draft{Payload: DrillEnded{Reason: reason, Scorecard: sc}})
}

// drillDue does what a drill timer asks.
func (r *reaction) drillDue(t Timer) {
	run := r.inc.DrillRun
	if run == nil || run.Ended {
		return
	}
	var b drillTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("drill timer body: %w", err)
		return
	}
	if !b.Started.Equal(run.StartedAt) {
		return // stale
	}
	switch t.Kind {
	case TimerDrillEnd:
		r.endDrill(DrillEndScenario)
		return
	case TimerExpect:
		x, ok := run.expectationByKey(t.Key)
		if !ok {
			r.rules.log.Warn("drill timer for no expectation", "key", t.Key, "incident", r.inc.Ref().String())
			return
		}
		if _, done := recordedResult(r.timeline, x); done {
			return
		}
		r.add("", judgeResult(run, x, r.timeline))
		return
	}
	n, err := strconv.Atoi(t.Key)
	if err != nil || n < 1 || n > len(run.Injects) {
		r.rules.log.Warn("drill timer for no inject", "key", t.Key, "incident", r.inc.Ref().String())
		return
	}
	in := run.Injects[n-1]
	post := InjectPosted{Index: n, At: in.At, Text: in.Text}
	raise := in.Raise != "" && r.rules.scale.Rank(in.Raise) > r.rules.scale.Rank(r.inc.Severity)
	if raise {
		post.Raise = in.Raise
	}
	r.add("", post)
	if raise {
		r.add("", SeverityChanged{From: r.inc.Severity, To: in.Raise,
			Reason: fmt.Sprintf("scenario %s, inject %d / シナリオ %s・状況付与%d", run.Scenario, n, run.Scenario, n)})
	}
}

// fireDrill finishes a drill timer's transaction: the escalation reacts to
// what the timer recorded (a raised severity runs the new level's policy in
// simulation; an end stops the chains and timers), and the participants are
// shown all of it.
func (s *Service) fireDrill(tx Tx, inc *Incident, events []Event, now time.Time) ([]Event, error) {
	more, err := s.react(tx, inc, events, env{actor: SystemActor, now: now, loc: s.loc, scale: s.scale, auth: s.authority})
	if err != nil {
		return nil, err
	}
	all := append(events, more...)
	lines, err := s.drillLines(tx, inc, all)
	if err != nil {
		return nil, err
	}
	if err := s.postDrill(tx, inc, lines); err != nil {
		return nil, err
	}
	return all, nil
}

// ---- what participants are shown ----

// drillLines are the lines that show participants what events of drill inc
// did: injects, severity raised by the scenario, simulated notifications
// and reminders, deadlines, and the scorecard at the end.
func (s *Service) drillLines(tx ReadTx, inc *Incident, events []Event) ([]Msg, error) {
	var lines []Msg
	for _, e := range events {
		p, err := e.Payload()
		if err != nil || p == nil {
			continue
		}
		switch x := p.(type) {
		case InjectPosted:
			lines = append(lines, M("drill.inject", Args{"ref": inc.Ref(), "n": x.Index, "at": Span(x.At), "text": x.Text}))
		case SeverityChanged:
			if e.Actor == SystemActor {
				lines = append(lines, M("drill.raised", Args{"from": s.scale.Level(x.From), "to": s.scale.Level(x.To)}))
			}
		case Reminded:
			if x.Duty == ReminderStatus {
				lines = append(lines, M("drill.would_remind_status", Args{"person": x.Person}))
			} else {
				lines = append(lines, M("drill.would_remind_role", Args{"person": x.Person, "role": x.Role}))
			}
		case VendorClockMissed:
			lines = append(lines, M(MsgKey("drill.would_remind_vendor_"+string(x.Clock)), Args{"person": x.Person, "vendor": vendorName(inc, x.Vendor)}))
		case VendorReminded:
			lines = append(lines, M(MsgKey("drill.would_remind_vendor_"+string(x.Clock)), Args{"person": x.Person, "vendor": vendorName(inc, x.Vendor)}))
		case DeadlineMissed:
			lines = append(lines, M("drill.would_remind_deadline", Args{"people": personList(x.People), "text": headline(x.Text), "key": x.Key, "ref": inc.Ref()}))
		case DeadlineReminded:
			lines = append(lines, M("drill.would_remind_deadline_again", Args{"people": personList(x.People), "text": headline(x.Text), "key": x.Key,
				"late": Span(x.Late), "ref": inc.Ref()}))
		case ExpectationMet:
			a := Args{"n": x.Index, "number": x.Number, "what": expectMsg(x.DrillExpect), "after": Span(x.After)}
			if x.Index == 0 {
				lines = append(lines, M("drill.expect_met_own", a))
			} else {
				lines = append(lines, M("drill.expect_met", a))
			}
		case ExpectationMissed:
			a := Args{"n": x.Index, "number": x.Number, "what": expectMsg(x.DrillExpect)}
			if x.Index == 0 {
				lines = append(lines, M("drill.expect_missed_own", a))
			} else {
				lines = append(lines, M("drill.expect_missed", a))
			}
		case ContactCheckClosed:
			if c := inc.DrillRun.ContactCheck; c != nil {
				lines = append(lines, contactCheckLines(scoreContactCheck(c, e.OccurredAt), s.loc)...)
			}
		case FindingReminded:
			lines = append(lines, M("finding.reminded_drill", Args{"ref": inc.Ref(), "n": x.Finding, "person": x.Person, "due": x.Due}))
		case DrillEnded:
			all, err := tx.Events(inc.ID)
			if err != nil {
				return nil, fmt.Errorf("events of %s: %w", inc.Ref(), err)
			}
			lines = append(lines, M(MsgKey("drill.ended_"+x.Reason), Args{"ref": inc.Ref()}))
			lines = append(lines, ScorecardLines(inc.Ref(), x.Scorecard, all, s.scale, s.loc)...)
		}
	}
	return append(lines, toldLines(events)...), nil
}

// reactionLines sum up for a command's reply what its reaction did: who
// was notified (toldLines), and for a drill what else the drill did (a
// close ends the drill: its scorecard).
func (s *Service) reactionLines(tx ReadTx, inc *Incident, more []Event) ([]Msg, error) {
	if !inc.Drill {
		return toldLines(more), nil
	}
	return s.drillLines(tx, inc, more)
}

// drillShowLines are the drill lines of "show".
func (s *Service) drillShowLines(inc *Incident) []Msg {
	run := inc.DrillRun
	if run == nil {
		return nil
	}
	out := []Msg{M("show.drill", Args{"scenario": run.Scenario, "speed": run.Speed,
		"posted": run.Posted, "injects": len(run.Injects), "length": Span(run.End)})}
	if run.Latest > 0 && run.Latest <= len(run.Injects) {
		in := run.Injects[run.Latest-1]
		out = append(out, M("show.drill_latest", Args{"n": run.Latest, "at": Span(in.At), "text": in.Text}))
	}
	if run.Ended {
		out = append(out, M("show.drill_ended", Args{"at": When{run.EndedAt, s.loc}, "ref": inc.Ref()}))
	}
	if c := run.ContactCheck; c != nil {
		out = append(out, contactCheckLines(scoreContactCheck(c, s.now()), s.loc)...)
	}
	return out
}
