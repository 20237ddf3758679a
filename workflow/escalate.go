package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"
)

// Escalation by severity (PRACTICE.md, "Severity and escalation").
//
// Escalation is a reaction to committed events, inside the same transaction:
// a command's events are sealed first, then the rules look at them and
// decide a step: more events (Notified, EscalationCancelled, …), timers to
// schedule or cancel, and notices for the notifiers. A timer coming due does
// the same in a transaction of its own (FireDue), claiming the timer in it,
// so a step happens once even across a crash or a restart. Deciding a step
// is pure: it reads the incident's state (Incident.Chases, folded from the
// events), the configuration, now and, for a drill, its timeline, and
// touches no store; the Service then carries the step out in the
// transaction (flush). The timers carry only what tells a stale one apart.
//
// Drills never produce notices: their steps are recorded with Simulated set
// ("would notify …") and nothing leaves the bot.

// ackTimer is the body of a TimerAck (key: the role). A timer whose
// position or start does not match the chain any more is stale and does
// nothing.
type ackTimer struct {
	Link    int       `json:"link"`
	Round   int       `json:"round"`
	Started time.Time `json:"started"`
}

// statusTimer is the body of a TimerStatus: when it was set.
type statusTimer struct {
	Set time.Time `json:"set"`
}

// unassignedTimer is the body of a TimerUnassigned.
type unassignedTimer struct {
	Opened time.Time `json:"opened"`
}

// step is what the escalation rules decide on one occasion, as data for
// the Service to carry out in its transaction (flush): drafts to seal after
// the incident's head, timer changes in the order they were decided, and
// notices to hand to the notifiers once the drafts are sealed.
type step struct {
	drafts  []Draft
	timers  []timerOp
	notices []Notice
}

// timerOp is a change to the incident's timers: schedule one (it replaces
// the pending timer of the same kind and key), or cancel the pending ones of
// kind and key (empty: every kind, every key, but the kinds that outlive a
// close: see outlivesClose). The id of a new timer is made where the
// operation is carried out.
type timerOp struct {
	cancel bool
	kind   TimerKind
	key    string
	due    time.Time // schedule only
	body   []byte    // schedule only: the kind's body as JSON
}

// rules is what the escalation rules read besides the incident and now: the
// severity scale with each level's policy, the on-call configuration, and
// the zone weekly rotations turn in. The logger hears of timers that name
// nothing the incident has.
type rules struct {
	scale  Scale
	esc    Escalation
	loc    *time.Location
	log    *slog.Logger
	ledger Ledger    // vendors' phones and emails for the reminders of their clocks
	auth   Authority // who approves statements, for the notice that one waits
}

func (s *Service) rules() rules {
	return rules{scale: s.scale, esc: s.esc, loc: s.loc, log: s.log, ledger: s.ledger, auth: s.authority}
}

// decideAck decides "ack [role]": the actor acknowledges the chains that
// notified them, or the named role's chain, or the only pending one.
func decideAck(inc *Incident, cmd Command, e env) ([]Draft, error) {
	pending := inc.PendingChases()
	if len(pending) == 0 {
		return nil, Problemf(ErrInvalid, "err.ack_nothing", Args{"ref": inc.Ref()})
	}
	var roles []Role
	switch {
	case cmd.Role != "":
		if c, ok := inc.Chases[cmd.Role]; !ok || !c.Pending() {
			return nil, Problemf(ErrInvalid, "err.ack_not_pending", Args{"ref": inc.Ref(), "role": cmd.Role, "pending": pendingList(inc, pending)})
		}
		roles = []Role{cmd.Role}
	default:
		for _, r := range pending {
			for _, id := range inc.Chases[r].Tried {
				if id == e.actor.User {
					roles = append(roles, r)
					break
				}
			}
		}
		if len(roles) == 0 && len(pending) == 1 {
			roles = pending
		}
		if len(roles) == 0 {
			return nil, Problemf(ErrInvalid, "err.ack_which", Args{"ref": inc.Ref(), "pending": pendingList(inc, pending), "example": string(pending[0])})
		}
	}
	by := e.actor.Person()
	drafts := make([]Draft, 0, len(roles))
	for _, r := range roles {
		c := inc.Chases[r]
		drafts = append(drafts, Draft{Subject: by.ID, Payload: Acknowledged{
			Role: r, By: by, After: e.now.Sub(c.Started), Link: c.Link, Round: c.Round, Level: c.Level,
		}})
		// A role given to a chain member before they answered (assign_commander
		// makes the primary commander on open) passes to whoever answers the
		// page instead: reminders and the card then name the person who is
		// actually there. An unheld role stays for the team to assign.
		holder := inc.Holder(r)
		if !holder.IsZero() && holder.ID != by.ID && slices.Contains(c.Tried, holder.ID) {
			drafts = append(drafts, Draft{Subject: by.ID, Payload: RoleAssigned{Role: r, From: holder, To: by}})
		}
	}
	return drafts, nil
}

// decideEscalate decides "escalate [reason]": every pending chain moves to
// its next person now (the reaction to Escalated does the moving).
func decideEscalate(inc *Incident, cmd Command) ([]Draft, error) {
	pending := inc.PendingChases()
	if len(pending) == 0 {
		return nil, Problemf(ErrInvalid, "err.escalate_nothing", Args{"ref": inc.Ref()})
	}
	return []Draft{{Payload: Escalated{Reason: cmd.Reason, Roles: pending}}}, nil
}

// pendingList names the pending chains for an error message.
func pendingList(inc *Incident, roles []Role) joined {
	items := make([]Msg, len(roles))
	for i, r := range roles {
		c := inc.Chases[r]
		items[i] = M("chase.item", Args{"role": r, "person": c.Person})
	}
	return joinMsgs(items)
}

// reaction is the escalation rules at work on one occasion (events just
// committed, or a timer come due): a pure step. It reads the incident, the
// configuration, now and, for a drill, the timeline; it writes nothing, and
// collects what it decides into its step for the Service to carry out
// (flush).
type reaction struct {
	step
	rules    rules
	inc      *Incident
	now      time.Time
	actor    Actor   // who caused it: a command's actor, or SystemActor for a timer
	timeline []Event // a drill's timeline before this step (ending and judging read it); nil for a real incident
	err      error

	// Deadlines (deadline_clock.go): the personal-data flag a draft of
	// this step sets; whether due times may have moved; whether the
	// incident closed.
	pendingFlag    *PersonalData
	deadlinesMoved bool
	closing        bool
}

func (ru rules) newReaction(inc *Incident, now time.Time, actor Actor, timeline []Event) *reaction {
	return &reaction{rules: ru, inc: inc, now: now, actor: actor, timeline: timeline}
}

// react decides the escalation reactions to events just committed to inc.
// inc is the state after them; it is only read.
func (ru rules) react(inc *Incident, events []Event, now time.Time, actor Actor, timeline []Event) (step, error) {
	r := ru.newReaction(inc, now, actor, timeline)
	finding := inc.Findings - countKind(events, EventFinding) // findings before these events
	for _, ev := range events {
		p, err := ev.Payload()
		if err != nil {
			return step{}, err
		}
		if inc.Drill {
			r.drill(p) // drill.go
		}
		switch x := p.(type) {
		case Opened:
			r.opened()
		case SeverityChanged:
			r.severityChanged(x)
		case PhaseChanged:
			r.phaseChanged(x)
		case StatusPosted:
			r.scheduleStatus()
		case RoleAssigned:
			if !inc.Holder(RoleCommander).IsZero() && !inc.Holder(RoleScribe).IsZero() {
				r.cancelTimers(TimerUnassigned, "")
			}
		case Acknowledged:
			r.acknowledged(x)
		case Escalated:
			for _, role := range x.Roles {
				if c, ok := inc.Chases[role]; ok && c.Pending() {
					r.advance(role, c, NotifyEscalated)
				}
			}
		case VendorRequested:
			r.vendorRequested(x) // vendor_clock.go
		case VendorReplied:
			r.vendorAnswered(x.Vendor, false)
		case VendorReported:
			r.vendorAnswered(x.Vendor, true)
		case RunbookAttached:
			if x.PersonalData {
				r.setFlag(PersonalDataSet{Involved: true, Source: PersonalDataByRunbook, Runbook: x.Name})
			}
			r.deadlinesMoved = true
		case PersonalDataSet, ChecklistTicked, ChecklistUnticked, DrillStarted:
			r.deadlinesMoved = true
		case StatementDrafted, StatementEdited, StatementApproved, StatementRefused:
			r.statementNotice(p, ev) // statement_verbs.go
		case FindingRecorded:
			finding++
			r.findingRecorded(x, finding, ev.Seq) // finding.go
		case FindingClosed:
			r.cancelTimers(TimerFindingDue, strconv.Itoa(x.Seq))
		}
	}
	if r.deadlinesMoved {
		r.syncDeadlines() // deadline_clock.go
	}
	if r.closing {
		r.closedDeadlines()
	}
	return r.result()
}

// countKind counts the events of kind k.
func countKind(events []Event, k EventKind) int {
	n := 0
	for _, e := range events {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// react runs the escalation reactions to events just committed to inc in
// tx, and returns the events it appended. The caller saves inc afterwards.
func (s *Service) react(tx Tx, inc *Incident, events []Event, e env) ([]Event, error) {
	timeline, err := drillTimeline(tx, inc)
	if err != nil {
		return nil, err
	}
	st, err := s.rules().react(inc, events, e.now, e.actor, timeline)
	if err != nil {
		return nil, err
	}
	return s.flush(tx, inc, st, e.now)
}

// drillTimeline is what a step on inc reads of its timeline: a drill's
// whole timeline (its end is scored, its expectations judged, against it);
// nothing for a real incident.
func drillTimeline(tx ReadTx, inc *Incident) ([]Event, error) {
	if !inc.Drill {
		return nil, nil
	}
	events, err := tx.Events(inc.ID)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", inc.Ref(), err)
	}
	return events, nil
}

// flush carries out step st on inc in tx: the timer changes in order (a
// new timer gets its id here), then the drafts sealed after the incident's
// head, then the notices to every notifier. Drills hand out nothing.
func (s *Service) flush(tx Tx, inc *Incident, st step, now time.Time) ([]Event, error) {
	for _, op := range st.timers {
		if op.cancel && op.kind == "" && op.key == "" {
			if err := cancelAtClose(tx, inc); err != nil {
				return nil, fmt.Errorf("cancel timers of %s: %w", inc.Ref(), err)
			}
			continue
		}
		if op.cancel {
			if err := tx.CancelTimers(inc.ID, op.kind, op.key); err != nil {
				return nil, fmt.Errorf("cancel timers of %s: %w", inc.Ref(), err)
			}
			continue
		}
		id, err := tx.NewID()
		if err != nil {
			return nil, fmt.Errorf("new timer id: %w", err)
		}
		if err := tx.ScheduleTimer(Timer{ID: id, IncidentID: inc.ID, Kind: op.kind, Key: op.key, Due: op.due, Body: op.body}); err != nil {
			return nil, fmt.Errorf("schedule %s timer of %s: %w", op.kind, inc.Ref(), err)
		}
	}
	var events []Event
	if len(st.drafts) > 0 {
		var err error
		e := env{actor: SystemActor, now: now, loc: s.loc, scale: s.scale}
		if events, err = s.commit(tx, inc, e, st.drafts); err != nil {
			return nil, err
		}
	}
	for _, n := range st.notices {
		n.Incident = inc
		if err := s.notify(tx, n); err != nil { // drills notify nobody
			return nil, err
		}
	}
	return events, nil
}

// result is what the reaction decided, or the first error it met.
func (r *reaction) result() (step, error) {
	if r.err != nil {
		return step{}, r.err
	}
	return r.step, nil
}

func (r *reaction) add(subject string, p Payload) {
	r.drafts = append(r.drafts, Draft{Subject: subject, Payload: p})
}

func (r *reaction) notice(n Notice) {
	if !r.inc.Drill {
		r.notices = append(r.notices, n)
	}
}

func (r *reaction) level() Level { return r.rules.scale.Level(r.inc.Severity) }

func (r *reaction) schedule(kind TimerKind, key string, due time.Time, body any) {
	if r.err != nil {
		return
	}
	b, err := json.Marshal(body)
	if err != nil {
		r.err = fmt.Errorf("encode %s timer: %w", kind, err)
		return
	}
	r.timers = append(r.timers, timerOp{kind: kind, key: key, due: due, body: b})
}

func (r *reaction) cancelTimers(kind TimerKind, key string) {
	r.timers = append(r.timers, timerOp{cancel: true, kind: kind, key: key})
}

// opened: the level's policy runs; the status and unassigned reminders are set.
func (r *reaction) opened() {
	esc := r.rules.esc
	// A drill does not pull the real on-call commander in.
	if esc.AssignCommander && !r.inc.Drill {
		if chain := r.rules.chainFor(RoleCommander, r.now); len(chain) > 0 {
			from, to := r.inc.Holder(RoleCommander), Person{ID: chain[0]}
			if from.ID != to.ID {
				r.add(to.ID, RoleAssigned{Role: RoleCommander, From: from, To: to})
			}
		}
	}
	r.runPolicy(r.level(), NotifyOpened)
	r.levelReached(r.inc.Severity) // deadline_clock.go
	r.scheduleStatus()
	if esc.UnassignedReminder > 0 {
		r.schedule(TimerUnassigned, "", r.due(r.now, esc.UnassignedReminder), unassignedTimer{Opened: r.inc.OpenedAt})
	}
}

// severityChanged: a raise runs the new level's policy for the roles not
// already chased or acknowledged at that level (or a higher one); a lowering
// stops the pending chains of roles the new level does not notify. Either
// way the status reminder follows the new level's interval.
func (r *reaction) severityChanged(x SeverityChanged) {
	lv := r.rules.scale.Level(x.To)
	if r.rules.scale.Rank(x.To) > r.rules.scale.Rank(x.From) {
		r.runPolicy(lv, NotifyRaised)
		r.levelReached(x.To)
	} else {
		for _, role := range r.inc.PendingChases() {
			if !lv.Policy.NotifiesRole(role) {
				r.cancelChase(role, CancelLowered)
			}
		}
	}
	r.scheduleStatus()
}

// phaseChanged: closing stops every chain and timer (paging systems resolve)
// but those that outlive the close (outlivesClose: a real incident's
// deadlines among them); reopening restarts the status reminder.
func (r *reaction) phaseChanged(x PhaseChanged) {
	switch {
	case x.To == PhaseClosed:
		for _, role := range r.inc.PendingChases() {
			r.add("", EscalationCancelled{Role: role, Reason: CancelClosed})
		}
		r.cancelTimers("", "")
		r.closing = true
		r.notice(Notice{Kind: NoticeResolved, Page: r.inc.Paged, Text: M("notice.resolved", Args{"ref": r.inc.Ref()})})
	case x.Move == MoveReopen:
		r.scheduleStatus()
	}
}

// acknowledged: the chain's timer stops; paging systems acknowledge.
func (r *reaction) acknowledged(x Acknowledged) {
	r.cancelTimers(TimerAck, string(x.Role))
	c := r.inc.Chases[x.Role]
	r.notice(Notice{Kind: NoticeAcknowledged, Target: userTarget(x.By.ID), Role: x.Role, Link: x.Link, Round: x.Round, Page: c.Page,
		Text: M("notice.acknowledged", Args{"ref": r.inc.Ref(), "person": x.By, "role": x.Role, "after": Span(x.After)})})
}

func (r *reaction) cancelChase(role Role, reason string) {
	r.add("", EscalationCancelled{Role: role, Reason: reason})
	r.cancelTimers(TimerAck, string(role))
}

// scheduleStatus (re)sets the status reminder to the current level's
// interval from now, or cancels it if the level has none.
func (r *reaction) scheduleStatus() {
	lv := r.level()
	if every := lv.Policy.StatusEvery; every > 0 {
		r.schedule(TimerStatus, "", r.due(r.now, every), statusTimer{Set: r.now})
		return
	}
	r.cancelTimers(TimerStatus, "")
}

// runPolicy tells the level's notify targets: each role's on-call chain
// starts at its primary (or, for a role with no chain, its holder is told
// once); users, groups and channels are informed. On a raise, a role whose
// chain is pending or acknowledged at this level or a higher one is left be.
func (r *reaction) runPolicy(lv Level, why string) {
	pol := lv.Policy
	seen := map[Role]bool{}
	for _, t := range pol.Notify {
		switch t.Kind {
		case TargetRole:
			role := Role(t.ID)
			if seen[role] {
				continue
			}
			seen[role] = true
			if c, ok := r.inc.Chases[role]; ok && why == NotifyRaised && (c.Pending() || c.State == ChaseAcked) &&
				r.rules.scale.Rank(c.Level) >= r.rules.scale.Rank(lv.Key) {
				continue
			}
			if chain := r.rules.chainFor(role, r.now); len(chain) > 0 {
				r.page(role, chain, 0, 0, lv, why, r.now)
				continue
			}
			// No chain: the holder is told once, unless it is who caused this.
			if h := r.inc.Holder(role); !h.IsZero() && h.ID != r.actor.User {
				r.add(h.ID, Notified{Target: userTarget(h.ID).String(), Role: role, Person: h, Level: lv.Key, Page: pol.Page,
					Reason: why, Simulated: r.inc.Drill})
				r.notice(Notice{Kind: NoticePage, Target: userTarget(h.ID), Role: role, Page: pol.Page,
					Text: M("notice.holder", r.headArgs(lv, Args{"role": role}))})
			}
		case TargetUser, TargetGroup, TargetChannel:
			var who Person
			if t.Kind == TargetUser {
				who = Person{ID: t.ID}
			}
			r.add(who.ID, Notified{Target: t.String(), Person: who, Level: lv.Key, Reason: why, Simulated: r.inc.Drill})
			key := MsgKey("notice.inform_" + why)
			r.notice(Notice{Kind: NoticeInform, Target: t, Text: M(key, r.headArgs(lv, nil))})
		}
	}
}

// page notifies the person at link of role's chain, in round, and sets the
// ack timer when the level asks for an acknowledgement within a time.
func (r *reaction) page(role Role, chain []string, link, round int, lv Level, why string, started time.Time) {
	pol := lv.Policy
	who := Person{ID: chain[link]}
	r.add(who.ID, Notified{Target: userTarget(who.ID).String(), Role: role, Person: who, Link: link, Round: round,
		Level: lv.Key, Page: pol.Page, Chase: true, Reason: why, Simulated: r.inc.Drill})
	args := r.headArgs(lv, Args{"role": role, "role_key": string(role), "position": position(link, 0), "again": ""})
	if round > 0 {
		args["again"] = M("chain.again", Args{"round": round})
	}
	key := MsgKey("notice.page")
	if pol.AckWithin > 0 {
		key, args["within"] = "notice.page_timed", Span(pol.AckWithin)
	}
	r.notice(Notice{Kind: NoticePage, Target: userTarget(who.ID), Role: role, Link: link, Round: round, Page: pol.Page, Text: M(key, args)})
	if pol.AckWithin > 0 {
		r.schedule(TimerAck, string(role), r.due(r.now, pol.AckWithin), ackTimer{Link: link, Round: round, Started: started})
	} else {
		r.cancelTimers(TimerAck, string(role))
	}
}

// advance moves role's pending chain one step: the next link, else the
// first link of the next round (up to Repeat extra rounds), else the chain
// is exhausted and the approver (or the commander) is asked to step in.
func (r *reaction) advance(role Role, c Chase, why string) {
	// The current level's policy, if it still notifies the role; else the
	// policy of the level that started the chain.
	lv := r.level()
	if !lv.Policy.NotifiesRole(role) {
		lv = r.rules.scale.Level(c.Level)
	}
	// The chain in force when it started: a weekly rotation does not shift
	// the people under a running chain.
	chain := r.rules.chainFor(role, c.Started)
	switch {
	case c.Link+1 < len(chain):
		r.page(role, chain, c.Link+1, c.Round, lv, why, c.Started)
	case len(chain) > 0 && c.Round < lv.Policy.Repeat:
		r.page(role, chain, 0, c.Round+1, lv, why, c.Started)
	default:
		mention := r.inc.Holder(RoleApprover)
		if mention.IsZero() {
			mention = r.inc.Holder(RoleCommander)
		}
		r.add("", EscalationExhausted{Role: role, Rounds: c.Round + 1, Level: lv.Key, Mention: mention, Simulated: r.inc.Drill})
		r.cancelTimers(TimerAck, string(role))
		n := Notice{Kind: NoticeExhausted, Role: role, Link: c.Link, Round: c.Round, Page: c.Page,
			Text: M("notice.exhausted", r.headArgs(lv, Args{"role": role, "role_key": string(role), "rounds": c.Round + 1, "mention": mention}))}
		if !mention.IsZero() {
			n.Target = userTarget(mention.ID)
		}
		r.notice(n)
	}
}

// headArgs are the arguments every notice starts with. A private incident's
// title is not sent to groups and channels (inform notices); people told
// directly may see the incident anyway.
func (r *reaction) headArgs(lv Level, more Args) Args {
	a := Args{"ref": r.inc.Ref(), "severity": lv, "title": r.inc.Title}
	if r.inc.Private {
		a["title"] = M("notice.private_title", nil)
	}
	for k, v := range more {
		a[k] = v
	}
	return a
}

func userTarget(id string) Target { return Target{Kind: TargetUser, ID: id} }

// chainFor is role's on-call chain in force at t; nil if it has none.
func (ru rules) chainFor(role Role, t time.Time) []string {
	oc, ok := ru.esc.OnCall[role]
	if !ok {
		return nil
	}
	var out []string
	for _, id := range oc.ChainAt(t, ru.loc) {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

// position names a chain position: primary, secondary, final, with the
// round when it is a repeat.
func position(link, round int) Msg {
	var p Msg
	switch link {
	case 0:
		p = M("chain.primary", nil)
	case 1:
		p = M("chain.secondary", nil)
	case 2:
		p = M("chain.final", nil)
	default:
		p = M("chain.link", Args{"n": link + 1})
	}
	if round > 0 {
		return M("chain.repeat", Args{"position": p, "round": round})
	}
	return p
}

// timerBatch is how many due timers FireDue reads at a time.
const timerBatch = 100

// FireDue does every timer due at the service clock's now: each is claimed
// and acted on in a transaction of its own, so a timer fires once even when
// several workers (or a worker before and after a restart) see it. It
// returns how many timers it claimed. A timer whose action fails is left
// pending (its claim rolls back with the action) and is tried again on the
// next call; the errors are returned together after the others were done.
func (s *Service) FireDue(ctx context.Context) (int, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	fired := 0
	var errs []error
	for {
		var due []Timer
		err := s.store.Update(ctx, func(tx Tx) error {
			var err error
			due, err = tx.DueTimers(now, timerBatch)
			return err
		})
		if err != nil {
			return fired, errors.Join(append(errs, fmt.Errorf("read due timers: %w", err))...)
		}
		progress := 0
		for _, t := range due {
			ok, err := s.fire(ctx, t, now)
			if err != nil {
				s.log.Error("timer failed", "timer", t.ID.String(), "kind", string(t.Kind), "key", t.Key, "incident", t.IncidentID.String(), "err", err)
				errs = append(errs, fmt.Errorf("%s timer %s: %w", t.Kind, t.ID, err))
				continue
			}
			progress++
			if ok {
				fired++
			}
		}
		if len(due) < timerBatch || progress == 0 || ctx.Err() != nil {
			break
		}
	}
	return fired, errors.Join(errs...)
}

// fire claims timer t and does what it asks, in one transaction. It reports
// whether this call claimed it.
func (s *Service) fire(ctx context.Context, t Timer, now time.Time) (bool, error) {
	claimed := false
	var events []Event
	err := s.store.Update(ctx, func(tx Tx) error {
		claimed, events = false, nil
		ok, err := tx.FireTimer(t.ID, now)
		if err != nil || !ok {
			return err
		}
		claimed = true
		if t.IncidentID.IsZero() {
			return s.fireUnbound(tx, t, now) // rhythm.go
		}
		inc, err := tx.Incident(Ref{ID: t.IncidentID})
		if err != nil {
			return fmt.Errorf("incident of timer: %w", err)
		}
		prev := inc.Version
		timeline, err := drillTimeline(tx, inc)
		if err != nil {
			return err
		}
		st, err := s.rules().timerDue(inc, t, now, timeline)
		if err != nil {
			return err
		}
		if events, err = s.flush(tx, inc, st, now); err != nil {
			return err
		}
		if inc.Drill && len(events) > 0 {
			// What a drill's clock did is reacted to (a raise, the end) and
			// shown in the drill's channel (drill.go).
			if events, err = s.fireDrill(tx, inc, events, now); err != nil {
				return err
			}
		}
		if len(events) > 0 {
			if err := tx.SaveIncident(inc, prev); err != nil {
				return fmt.Errorf("save incident %s: %w", inc.Ref(), err)
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if claimed {
		s.log.Info("timer fired", "kind", string(t.Kind), "key", t.Key, "incident", t.IncidentID.String(), "events", len(events))
	}
	return claimed, nil
}

// timerDue decides what timer t of inc asks, come due at now. A closed
// incident's timers do nothing, but those of the kinds that outlive its
// close (outlivesClose: a finding's due date, a contact check's window, a
// real incident's deadlines).
func (ru rules) timerDue(inc *Incident, t Timer, now time.Time, timeline []Event) (step, error) {
	if inc.IsClosed() && !outlivesClose(inc, t.Kind) {
		return step{}, nil
	}
	r := ru.newReaction(inc, now, SystemActor, timeline)
	switch t.Kind {
	case TimerAck:
		r.ackDue(t)
	case TimerStatus:
		r.statusDue(t)
	case TimerUnassigned:
		r.unassignedDue()
	case TimerInject, TimerExpect, TimerDrillEnd:
		r.drillDue(t) // drill.go
	case TimerVendorRespond, TimerVendorReport:
		r.vendorDue(t) // vendor_clock.go
	case TimerDeadline:
		r.deadlineDue(t) // deadline_clock.go
	case TimerDeadlineDaily:
		r.deadlineDaily()
	case TimerContactWindow:
		r.contactWindowDue(t) // contact_check.go
	case TimerFindingDue:
		r.findingDue(t) // finding.go
	default:
		ru.log.Warn("unknown timer kind", "kind", string(t.Kind), "timer", t.ID.String())
	}
	return r.result()
}

// ackDue: nobody acknowledged in time; the chain moves on, unless the timer
// is stale (the chain was acknowledged, cancelled or moved since).
func (r *reaction) ackDue(t Timer) {
	var b ackTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("ack timer body: %w", err)
		return
	}
	role := Role(t.Key)
	c, ok := r.inc.Chases[role]
	if !ok || !c.Pending() || c.Link != b.Link || c.Round != b.Round || !c.Started.Equal(b.Started) {
		return
	}
	r.advance(role, c, NotifyTimer)
}

// statusDue: no status update since the timer was set; the comms holder (or
// the commander) is reminded, and the reminder is set again.
func (r *reaction) statusDue(t Timer) {
	var b statusTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("status timer body: %w", err)
		return
	}
	every := r.level().Policy.StatusEvery
	if every <= 0 {
		return
	}
	last := r.inc.OpenedAt
	if st := r.inc.Status; st != nil {
		last = st.At
	}
	if last.After(b.Set) { // a status came after the timer was set
		r.schedule(TimerStatus, "", r.due(last, every), statusTimer{Set: last})
		return
	}
	who := r.inc.Holder(RoleComms)
	if who.IsZero() {
		who = r.inc.Holder(RoleCommander)
	}
	r.add(who.ID, Reminded{Duty: ReminderStatus, Person: who, Simulated: r.inc.Drill})
	r.notice(Notice{Kind: NoticeReminder, Target: userTarget(who.ID), Role: RoleComms,
		Text: M("notice.reminder_status", Args{"ref": r.inc.Ref(), "person": who, "span": Span(r.now.Sub(last))})})
	r.vendorReminders()   // vendor_clock.go
	r.deadlineReminders() // deadline_clock.go
	r.schedule(TimerStatus, "", r.due(r.now, every), statusTimer{Set: r.now})
}

// unassignedDue: the commander (or the opener) is reminded of each of
// commander and scribe that nobody holds yet.
func (r *reaction) unassignedDue() {
	who := r.inc.Holder(RoleCommander)
	if who.IsZero() {
		who = r.inc.Opener
	}
	for _, role := range []Role{RoleCommander, RoleScribe} {
		if !r.inc.Holder(role).IsZero() {
			continue
		}
		r.add(who.ID, Reminded{Duty: ReminderUnassigned, Role: role, Person: who, Simulated: r.inc.Drill})
		r.notice(Notice{Kind: NoticeReminder, Target: userTarget(who.ID), Role: role,
			Text: M("notice.reminder_unassigned", Args{"ref": r.inc.Ref(), "person": who, "role": role, "role_key": string(role),
				"span": Span(r.now.Sub(r.inc.OpenedAt))})})
	}
}

// RunTimers calls FireDue now and then every interval until ctx ends, and
// returns nil then. Failures are logged and tried again on the next tick:
// a timer stays pending until its action commits.
func (s *Service) RunTimers(ctx context.Context, every time.Duration) error {
	if every <= 0 {
		return fmt.Errorf("run timers: interval %s must be positive", every)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := s.FireDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("timers", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// toldLines sum up, for the reply to a command, who its reaction notified
// (or, in a drill, would have), which chains ran out and which stopped.
func toldLines(events []Event) []Msg {
	var told, would []Msg
	var lines []Msg
	for _, e := range events {
		p, err := e.Payload()
		if err != nil || p == nil {
			continue
		}
		switch x := p.(type) {
		case Notified:
			var item Msg
			switch {
			case x.Role != "" && x.Chase:
				item = M("told.chain", Args{"person": x.Person, "role": x.Role, "position": position(x.Link, x.Round)})
			case x.Role != "":
				item = M("told.holder", Args{"person": x.Person, "role": x.Role})
			case !x.Person.IsZero():
				item = M("told.person", Args{"person": x.Person})
			default:
				item = M("told.target", Args{"target": x.Target})
			}
			if x.Simulated {
				would = append(would, item)
			} else {
				told = append(told, item)
			}
		case EscalationExhausted:
			lines = append(lines, M("told.exhausted", Args{"role": x.Role, "mention": x.Mention}))
		case EscalationCancelled:
			lines = append(lines, M("told.cancelled", Args{"role": x.Role, "reason": M(MsgKey("cancel."+x.Reason), nil)}))
		case PersonalDataSet:
			pd := &PersonalData{Involved: x.Involved, Unlawful: x.Unlawful, Source: x.Source, Runbook: x.Runbook, Level: x.Level}
			lines = append(lines, M("told.personal_data", Args{"state": flagState(pd), "source": flagSource(pd)}))
		}
	}
	var out []Msg
	if len(told) > 0 {
		out = append(out, M("told.line", Args{"items": joinMsgs(told)}))
	}
	if len(would) > 0 {
		out = append(out, M("told.line_drill", Args{"items": joinMsgs(would)}))
	}
	return append(out, lines...)
}

// chaseLines are the escalation lines of "show": pending chains and
// acknowledgements, then chains that ran out.
func (s *Service) chaseLines(inc *Incident) []Msg {
	var out []Msg
	for _, role := range Roles {
		c, ok := inc.Chases[role]
		if !ok {
			continue
		}
		switch c.State {
		case ChasePending:
			out = append(out, M("show.chase_pending", Args{"role": role, "role_key": string(role), "ref": inc.Ref(),
				"person": c.Person, "position": position(c.Link, c.Round), "since": inc.ClockAt(c.Since, s.loc), "started": inc.ClockAt(c.Started, s.loc)}))
		case ChaseAcked:
			out = append(out, M("show.chase_acked", Args{"role": role, "person": c.AckedBy, "at": inc.ClockAt(c.AckedAt, s.loc),
				"after": Span(inc.DrillSpan(c.AckedAt.Sub(c.Started)))}))
		case ChaseExhausted:
			out = append(out, M("show.chase_exhausted", Args{"role": role, "count": len(c.Tried)}))
		}
	}
	return out
}
