package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// The contact check of a drill (drill start <scenario> --contact-check):
// for a drill whose question is "do contacts connect", the bot sends the
// people on the on-call chains a direct message clearly marked as a drill
// with an Acknowledge button, and measures who answers, and how fast,
// within [drills] contact_window of real time, whatever the drill's speed.
// It is the one thing a drill sends outside its sandbox, opt-in per drill
// and allowed only from a sandbox channel; it never pages (no PagerDuty, no
// webhook): only a ContactChecker (the chat adapter) carries it. The
// window outlives the drill's end: the result is posted in the drill's
// channel when it closes, and the scorecard keeps it apart from the
// tabletop part.

// Contact check event kinds. Never rename one.
const (
	EventContactCheckStarted EventKind = "contact_check_started"
	EventContactCheckAcked   EventKind = "contact_check_acked"
	EventContactCheckClosed  EventKind = "contact_check_closed"
)

// TimerContactWindow closes a drill's contact check (real time, not the
// drill clock). It outlives the drill's end.
const TimerContactWindow TimerKind = "contact_window"

// DefaultContactWindow is [drills] contact_window when it is not set.
const DefaultContactWindow = 10 * time.Minute

// ContactCheckPerson is one person asked, and the chains they are on.
type ContactCheckPerson struct {
	Person Person `json:"person"`
	Roles  []Role `json:"roles"`
}

// ContactCheckStarted records the people asked (everyone on an on-call
// chain as it stood at the start) and the window, real time.
type ContactCheckStarted struct {
	Window time.Duration        `json:"window_ns"`
	Asked  []ContactCheckPerson `json:"asked"`
}

// ContactCheckAcked records an acknowledgement: By pressed the button of
// the message sent to For (By ≠ For: the wrong person answered; For not
// asked: someone answered who was not asked). After is real time since
// the check started.
type ContactCheckAcked struct {
	For   Person        `json:"for"`
	By    Person        `json:"by"`
	After time.Duration `json:"after_ns"`
}

// ContactCheckClosed records the end of the window: how many were asked
// and how many of them acknowledged themselves within it.
type ContactCheckClosed struct {
	Asked int `json:"asked"`
	Acked int `json:"acked"`
}

func (ContactCheckStarted) Kind() EventKind { return EventContactCheckStarted }
func (ContactCheckAcked) Kind() EventKind   { return EventContactCheckAcked }
func (ContactCheckClosed) Kind() EventKind  { return EventContactCheckClosed }

// ContactCheckRun is a drill's contact check in its state.
type ContactCheckRun struct {
	Started time.Time            `json:"started"`
	Window  time.Duration        `json:"window_ns"`
	Asked   []ContactCheckPerson `json:"asked"`
	Acks    []ContactCheckAcked  `json:"acks,omitempty"`
	Closed  bool                 `json:"closed,omitempty"`
}

// Until is when the window closes.
func (c *ContactCheckRun) Until() time.Time { return c.Started.Add(c.Window) }

// Open reports whether answers still count at now.
func (c *ContactCheckRun) Open(now time.Time) bool { return !c.Closed && now.Before(c.Until()) }

func (c *ContactCheckRun) asked(id string) bool {
	return slices.ContainsFunc(c.Asked, func(p ContactCheckPerson) bool { return p.Person.ID == id })
}

// applyContactCheck folds a contact check event (called by applyDrill).
func (inc *Incident) applyContactCheck(p Payload, e Event) {
	run := inc.DrillRun
	if run == nil {
		return
	}
	switch x := p.(type) {
	case ContactCheckStarted:
		run.ContactCheck = &ContactCheckRun{Started: e.OccurredAt, Window: x.Window, Asked: x.Asked}
	case ContactCheckAcked:
		if c := run.ContactCheck; c != nil {
			c.Acks = append(c.Acks, x)
		}
	case ContactCheckClosed:
		if c := run.ContactCheck; c != nil {
			c.Closed = true
		}
	}
}

// ContactChecker is implemented by a chat adapter that can carry a
// drill's contact check: one direct message to each person asked, marked
// as a drill, with a button that acknowledges it (the command "drill ack
// <person>" on the drill, for the person the message went to). It is
// called inside the transaction that starts the drill.
type ContactChecker interface {
	ContactCheck(tx Tx, inc *Incident, asked []ContactCheckPerson, text Msg) error
}

func (s *Service) contactCheckers() []ContactChecker {
	var out []ContactChecker
	for _, n := range s.notifiers {
		if c, ok := n.(ContactChecker); ok {
			out = append(out, c)
		}
	}
	return out
}

// contactAsked lists the people on the on-call chains in force at now,
// each once, in role order.
func (s *Service) contactAsked(now time.Time) []ContactCheckPerson {
	var out []ContactCheckPerson
	for _, role := range Roles {
		for _, id := range s.rules().chainFor(role, now) {
			i := slices.IndexFunc(out, func(p ContactCheckPerson) bool { return p.Person.ID == id })
			if i < 0 {
				out = append(out, ContactCheckPerson{Person: Person{ID: id}})
				i = len(out) - 1
			}
			if !slices.Contains(out[i].Roles, role) {
				out[i].Roles = append(out[i].Roles, role)
			}
		}
	}
	return out
}

// contactCheckStart checks that a drill may run a contact check from req,
// and returns the event that starts it.
func (s *Service) contactCheckStart(req Request, now time.Time) (ContactCheckStarted, error) {
	if req.Place == "" || !slices.Contains(s.sandboxes, req.Place) {
		return ContactCheckStarted{}, Problemf(ErrForbidden, "err.contact_sandbox", nil)
	}
	if len(s.contactCheckers()) == 0 {
		return ContactCheckStarted{}, Problemf(ErrForbidden, "err.contact_no_chat", nil)
	}
	asked := s.contactAsked(now)
	if len(asked) == 0 {
		return ContactCheckStarted{}, Problemf(ErrInvalid, "err.contact_nobody", nil)
	}
	return ContactCheckStarted{Window: s.contactWindow, Asked: asked}, nil
}

// sendContactCheck hands the messages of drill inc's contact check to the
// chat adapters, and says in the reply who was asked.
func (s *Service) sendContactCheck(tx Tx, inc *Incident) ([]Msg, error) {
	c := inc.DrillRun.ContactCheck
	text := M("contact.dm", Args{"ref": inc.Ref(), "until": When{c.Until(), s.loc}, "window": Span(c.Window)})
	for _, ck := range s.contactCheckers() {
		if err := ck.ContactCheck(tx, inc, c.Asked, text); err != nil {
			return nil, fmt.Errorf("contact check of %s: %w", inc.Ref(), err)
		}
	}
	people := make([]Msg, len(c.Asked))
	for i, p := range c.Asked {
		people[i] = M("contact.person", Args{"person": p.Person, "roles": chainRoles(p.Roles)})
	}
	return []Msg{M("contact.started", Args{"count": len(c.Asked), "people": joinMsgs(people),
		"window": Span(c.Window), "until": When{c.Until(), s.loc}})}, nil
}

// chainRoles names the chains a person is on: "commander, tech".
type chainRoles []Role

func (r chainRoles) Localize(l Lang) string {
	items := make([]Msg, len(r))
	for i, role := range r {
		items[i] = M("contact.role", Args{"role": role})
	}
	return joinMsgs(items).Localize(l)
}

// contactAck runs "drill ack [@person]": the actor acknowledges the
// contact check message sent to person (themselves when none is named).
// The drill is the one the request names (the button's), else the only
// one whose open check asked the actor.
func (s *Service) contactAck(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	var reply Reply
	err := s.store.Update(ctx, func(tx Tx) error {
		if dup, err := seen(tx, req, e); dup || err != nil {
			reply.Duplicate = dup
			return err
		}
		inc, err := s.contactDrill(tx, req, e)
		if err != nil {
			return err
		}
		c := inc.DrillRun.ContactCheck
		if !c.Open(e.now) {
			return Problemf(ErrClosed, "err.contact_closed", Args{"ref": inc.Ref(), "at": When{c.Until(), s.loc}})
		}
		by := e.actor.Person()
		to := by
		if cmd.Assignee.Person.ID != "" {
			to = cmd.Assignee.Person
		}
		a := Args{"ref": inc.Ref(), "person": to, "by": by, "after": Span(e.now.Sub(c.Started))}
		if slices.ContainsFunc(c.Acks, func(x ContactCheckAcked) bool { return x.For.ID == to.ID && x.By.ID == by.ID }) {
			reply = Reply{Incident: inc, Lines: []Msg{M("contact.again", a)}}
			return nil
		}
		prev := inc.Version
		ack := ContactCheckAcked{For: to, By: by, After: e.now.Sub(c.Started)}
		events, err := s.commit(tx, inc, e, []Draft{{Subject: by.ID, Payload: ack}})
		if err != nil {
			return err
		}
		if err := tx.SaveIncident(inc, prev); err != nil {
			return fmt.Errorf("save drill %s: %w", inc.Ref(), err)
		}
		key := MsgKey("contact.acked")
		switch {
		case to.ID != by.ID:
			key = "contact.acked_for"
		case !c.asked(by.ID):
			key = "contact.acked_unasked"
		}
		if err := s.postDrill(tx, inc, []Msg{M(key+"_post", a)}); err != nil {
			return err
		}
		reply = Reply{Incident: inc, Events: events, Lines: []Msg{M(key, a)}}
		return within(tx, req, reply)
	})
	if err != nil {
		return Reply{}, err
	}
	if !reply.Duplicate && len(reply.Events) > 0 {
		s.log.Info("contact check acknowledged", "incident", reply.Incident.Ref().String())
	}
	return reply, nil
}

// contactDrill is the drill "drill ack" acts on.
func (s *Service) contactDrill(tx ReadTx, req Request, e env) (*Incident, error) {
	if !req.Channel.IsZero() {
		inc, err := tx.Incident(req.Channel)
		if err != nil {
			return nil, err
		}
		if inc.DrillRun == nil || inc.DrillRun.ContactCheck == nil {
			return nil, Problemf(ErrNotFound, "err.contact_none", nil)
		}
		return inc, nil
	}
	drill := true
	all, err := tx.Incidents(Filter{Drill: &drill})
	if err != nil {
		return nil, fmt.Errorf("list drills: %w", err)
	}
	var mine []*Incident
	for _, inc := range all {
		if r := inc.DrillRun; r != nil && r.ContactCheck != nil && r.ContactCheck.Open(e.now) && r.ContactCheck.asked(e.actor.User) {
			mine = append(mine, inc)
		}
	}
	switch len(mine) {
	case 0:
		return nil, Problemf(ErrNotFound, "err.contact_none", nil)
	case 1:
		return mine[0], nil
	}
	var refs []Msg
	for _, inc := range mine {
		refs = append(refs, M("which.item", Args{"ref": inc.Ref(), "title": clip(inc.Title, 40)}))
	}
	return nil, Problemf(ErrAmbiguous, "err.contact_which", Args{"drills": joinMsgs(refs)})
}

// contactWindowDue closes the contact check when its window ends.
func (r *reaction) contactWindowDue(t Timer) {
	run := r.inc.DrillRun
	if run == nil || run.ContactCheck == nil || run.ContactCheck.Closed {
		return
	}
	var b drillTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("contact window timer body: %w", err)
		return
	}
	if !b.Started.Equal(run.StartedAt) {
		return // stale
	}
	sc := scoreContactCheck(run.ContactCheck, r.now)
	r.add("", ContactCheckClosed{Asked: len(sc.Asked), Acked: sc.Acked()})
}

// ContactCheckScore is the contact check as the scorecard shows it, apart
// from the tabletop part. Times are real time.
type ContactCheckScore struct {
	Window time.Duration `json:"window_ns"`
	Until  time.Time     `json:"until"`
	Closed bool          `json:"closed"` // false: the window was still open when the scorecard was drawn up
	// Asked has one entry per person asked, in the order they were asked.
	Asked []ContactAnswer `json:"asked"`
	// Unasked are people who acknowledged for themselves without being
	// asked.
	Unasked []Person `json:"unasked"`
}

// ContactAnswer is how one person asked answered. After is nil if they
// did not acknowledge themselves within the window; Others are whoever
// else pressed their message's button (the wrong person answered).
type ContactAnswer struct {
	Person Person         `json:"person"`
	Roles  []Role         `json:"roles"`
	After  *time.Duration `json:"after_ns"`
	Others []Person       `json:"others"`
}

// Acked counts the people asked who acknowledged themselves.
func (c ContactCheckScore) Acked() int {
	n := 0
	for _, a := range c.Asked {
		if a.After != nil {
			n++
		}
	}
	return n
}

// Score is the result of the contact check at now: who acknowledged,
// how fast, who answered in someone else's place. The report scores the
// check as of its last event this way, since the window may close after
// the drill's scorecard was drawn up.
func (c *ContactCheckRun) Score(now time.Time) ContactCheckScore { return scoreContactCheck(c, now) }

// scoreContactCheck is the result of contact check c at now.
func scoreContactCheck(c *ContactCheckRun, now time.Time) ContactCheckScore {
	sc := ContactCheckScore{Window: c.Window, Until: c.Until(), Closed: c.Closed || !now.Before(c.Until()),
		Asked: []ContactAnswer{}, Unasked: []Person{}}
	for _, p := range c.Asked {
		sc.Asked = append(sc.Asked, ContactAnswer{Person: p.Person, Roles: p.Roles, Others: []Person{}})
	}
	for _, a := range c.Acks {
		if a.After > c.Window {
			continue
		}
		i := slices.IndexFunc(sc.Asked, func(x ContactAnswer) bool { return x.Person.ID == a.For.ID })
		switch {
		case i < 0:
			if !slices.ContainsFunc(sc.Unasked, func(p Person) bool { return p.ID == a.By.ID }) {
				sc.Unasked = append(sc.Unasked, a.By)
			}
		case a.By.ID == a.For.ID:
			if sc.Asked[i].After == nil {
				sc.Asked[i].After = durPtr(a.After)
			}
		case !slices.ContainsFunc(sc.Asked[i].Others, func(p Person) bool { return p.ID == a.By.ID }):
			sc.Asked[i].Others = append(sc.Asked[i].Others, a.By)
		}
	}
	return sc
}

// contactCheckLines show a contact check's result.
func contactCheckLines(sc ContactCheckScore, loc *time.Location) []Msg {
	a := Args{"acked": sc.Acked(), "asked": len(sc.Asked), "window": Span(sc.Window), "until": When{sc.Until, loc}}
	head := MsgKey("contact.head_closed")
	if !sc.Closed {
		head = "contact.head_open"
	}
	lines := []Msg{M(head, a)}
	for _, x := range sc.Asked {
		b := Args{"person": x.Person, "roles": chainRoles(x.Roles), "others": personList(x.Others)}
		switch {
		case x.After != nil:
			b["after"] = Span(*x.After)
			lines = append(lines, M("contact.line_acked", b))
		case len(x.Others) > 0:
			lines = append(lines, M("contact.line_wrong", b))
		case sc.Closed:
			lines = append(lines, M("contact.line_none", b))
		default:
			lines = append(lines, M("contact.line_waiting", b))
		}
		if x.After != nil && len(x.Others) > 0 {
			lines = append(lines, M("contact.line_also", b))
		}
	}
	for _, p := range sc.Unasked {
		lines = append(lines, M("contact.line_unasked", Args{"person": p}))
	}
	return lines
}
