package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Execute parses and applies one command. A command that changes an incident
// runs in one store transaction (state, events) and its reply is returned only
// after the commit. Errors carrying a user message (see UserMessageOf) are the
// user's to fix and changed nothing; any other error is internal.
func (s *Service) Execute(ctx context.Context, req Request) (r Reply, err error) {
	if len(s.observers) > 0 {
		start := time.Now()
		defer func() { s.executed(req, time.Since(start), r, err) }()
	}
	cmd, err := Parse(req.Text, s.scale)
	if err != nil {
		return Reply{}, err
	}
	e := env{actor: req.Actor, now: s.now().UTC().Truncate(time.Microsecond), loc: s.loc, scale: s.scale, auth: s.authority}
	v, _ := verbOf(cmd.Verb) // Parse returns only verbs of the table (verbs.go)
	switch {
	case v.run != nil:
		return v.run(s, ctx, req, cmd, e)
	case v.view != nil:
		var inc *Incident
		err := s.store.View(ctx, func(tx ReadTx) error {
			var err error
			inc, err = s.resolve(tx, req, cmd)
			return err
		})
		if err != nil {
			return Reply{}, err
		}
		return v.view(s, inc, cmd), nil
	}
	return s.change(ctx, req, cmd, e)
}

// change applies a command that changes an existing incident.
func (s *Service) change(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	var reply Reply
	err := s.store.Update(ctx, func(tx Tx) error {
		if dup, err := seen(tx, req, e); dup || err != nil {
			reply.Duplicate = dup
			return err
		}
		inc, err := s.resolve(tx, req, cmd)
		if err != nil {
			return err
		}
		prev := inc.Version
		drafts, err := s.decide(tx, inc, cmd, e)
		if err != nil {
			return err
		}
		target := redactedSeq(drafts)
		events, err := s.commit(tx, inc, e, drafts)
		if err != nil {
			return err
		}
		if target > 0 {
			// Swap the payload for a tombstone and rebuild the snapshot from the
			// timeline, so no copy of the redacted text survives in the state.
			if err := tx.RedactPayload(inc.ID, target); err != nil {
				return fmt.Errorf("redact event %d: %w", target, err)
			}
			all, err := tx.Events(inc.ID)
			if err != nil {
				return err
			}
			rebuilt, err := Replay(all)
			if err != nil {
				return err
			}
			rebuilt.Version = inc.Version
			inc = rebuilt
		}
		// Escalation reacts to what was committed (escalate.go).
		more, err := s.react(tx, inc, events, e)
		if err != nil {
			return err
		}
		if err := tx.SaveIncident(inc, prev); err != nil {
			return fmt.Errorf("save incident %s: %w", inc.Ref(), err)
		}
		if err := s.askApprovals(tx, inc, events); err != nil {
			return err
		}
		told, err := s.reactionLines(tx, inc, more)
		if err != nil {
			return err
		}
		lines := append(s.confirm(inc, cmd, events), told...)
		reply = Reply{Incident: inc, Events: append(events, more...), Lines: lines}
		return within(tx, req, reply)
	})
	if err != nil {
		return Reply{}, err
	}
	if reply.Duplicate {
		return reply, nil
	}
	s.log.Info("command applied", "verb", string(cmd.Verb), "incident", inc(reply).String(), "actor", req.Actor.String(), "events", len(reply.Events))
	return reply, nil
}

// create stores a new incident from its first drafts (Opened first) in one
// transaction: seal and fold them, store the incident and its timeline, let
// the adapter queue its part (its channel, before anyone is paged into it),
// then let escalation react. It returns the incident, the opening events and
// the reaction's.
func (s *Service) create(tx Tx, req Request, drafts []Draft, e env) (*Incident, []Event, []Event, error) {
	id, err := tx.NewID()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("new incident id: %w", err)
	}
	inc := &Incident{ID: id}
	events, err := Seal(tx.NewID, id, 0, Hash{}, e.actor, e.now, drafts)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, ev := range events {
		if err := inc.Apply(ev); err != nil {
			return nil, nil, nil, err
		}
	}
	if err := tx.CreateIncident(inc); err != nil {
		return nil, nil, nil, fmt.Errorf("create incident %s: %w", inc.Ref(), err)
	}
	if err := tx.AppendEvents(events); err != nil {
		return nil, nil, nil, fmt.Errorf("append events to %s: %w", inc.Ref(), err)
	}
	if err := within(tx, req, Reply{Incident: inc, Events: events}); err != nil {
		return nil, nil, nil, err
	}
	prev := inc.Version
	more, err := s.react(tx, inc, events, e)
	if err != nil {
		return nil, nil, nil, err
	}
	if inc.Version != prev {
		if err := tx.SaveIncident(inc, prev); err != nil {
			return nil, nil, nil, fmt.Errorf("save incident %s: %w", inc.Ref(), err)
		}
	}
	return inc, events, more, nil
}

// seen records the request's idempotency key and reports whether it had been
// recorded before.
func seen(tx Tx, req Request, e env) (bool, error) {
	if req.Key == "" {
		return false, nil
	}
	first, err := tx.Remember(req.Key, e.now)
	if err != nil {
		return false, fmt.Errorf("remember request %q: %w", req.Key, err)
	}
	return !first, nil
}

// within runs the adapter's part of the transaction.
func within(tx Tx, req Request, r Reply) error {
	if req.InTx == nil {
		return nil
	}
	return req.InTx(tx, r)
}

func inc(r Reply) Ref {
	if r.Incident == nil {
		return Ref{}
	}
	return r.Incident.Ref()
}

// commit seals drafts after the incident's head, folds them into inc and
// appends them.
func (s *Service) commit(tx Tx, inc *Incident, e env, drafts []Draft) ([]Event, error) {
	events, err := Seal(tx.NewID, inc.ID, inc.Seq, inc.Head, e.actor, e.now, drafts)
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		if err := inc.Apply(ev); err != nil {
			return nil, err
		}
	}
	if err := tx.AppendEvents(events); err != nil {
		return nil, fmt.Errorf("append events to %s: %w", inc.Ref(), err)
	}
	return events, nil
}

func (s *Service) open(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	var reply Reply
	err := s.store.Update(ctx, func(tx Tx) error {
		if dup, err := seen(tx, req, e); dup || err != nil {
			reply.Duplicate = dup
			return err
		}
		n, err := tx.NextNumber(false)
		if err != nil {
			return fmt.Errorf("next incident number: %w", err)
		}
		d, err := decideOpen(cmd, n, e)
		if err != nil {
			return err
		}
		drafts := []Draft{d}
		// The runbook named or suggested is copied into the timeline (checklist.go).
		attached, err := s.attachOnOpen(cmd)
		if err != nil {
			return err
		}
		if attached != nil {
			drafts = append(drafts, Draft{OccurredAt: e.now, Payload: *attached})
		}
		// What it touches, from the open form or --affects (vendor_verbs.go).
		if len(cmd.Affects) > 0 {
			p, err := s.affectsChange(Ref{Number: n}, nil, cmd.Affects, nil)
			if err != nil {
				return err
			}
			drafts = append(drafts, Draft{OccurredAt: e.now, Payload: p})
		}
		inc, events, more, err := s.create(tx, req, drafts, e)
		if err != nil {
			return err
		}
		lines := append(s.confirm(inc, cmd, events), toldLines(more)...)
		reply = Reply{Incident: inc, Events: append(events, more...), Lines: lines}
		return nil
	})
	if err != nil {
		return Reply{}, err
	}
	if reply.Duplicate {
		return reply, nil
	}
	if rb, ok := s.suggestion(reply.Incident); ok {
		reply.Suggested = rb.Name
	}
	s.log.Info("incident opened", "incident", reply.Incident.Ref().String(), "id", reply.Incident.ID.String(), "severity", string(reply.Incident.Severity), "private", reply.Incident.Private)
	return reply, nil
}

// resolve finds the incident a command acts on: the one it names, else the
// channel's, else the only open one the actor can see.
func (s *Service) resolve(tx ReadTx, req Request, cmd Command) (*Incident, error) {
	ref := cmd.Ref
	if ref.IsZero() {
		ref = req.Channel
	}
	if !ref.IsZero() {
		inc, err := tx.Incident(ref)
		if err != nil {
			return nil, err
		}
		// A command typed in the incident's own (private) channel comes from a
		// member of it: the adapter binds Channel only there.
		if !s.visible(inc, req.Actor) && !(cmd.Ref.IsZero() && sameIncident(inc, req.Channel)) {
			return nil, notFound(ref)
		}
		return inc, nil
	}
	open, err := tx.Incidents(Filter{OpenOnly: true})
	if err != nil {
		return nil, fmt.Errorf("list open incidents: %w", err)
	}
	var mine []*Incident
	for _, inc := range open {
		if s.visible(inc, req.Actor) {
			mine = append(mine, inc)
		}
	}
	switch len(mine) {
	case 1:
		return mine[0], nil
	case 0:
		return nil, Problemf(ErrNotFound, "err.no_open", Args{"verb": string(cmd.Verb)})
	}
	var refs []Msg
	for _, inc := range mine {
		refs = append(refs, M("which.item", Args{"ref": inc.Ref(), "title": clip(inc.Title, 40)}))
	}
	return nil, Problemf(ErrAmbiguous, "err.which", Args{"verb": string(cmd.Verb), "incidents": joinMsgs(refs), "example": mine[0].Ref()})
}

func (s *Service) list(ctx context.Context, req Request, cmd Command) (Reply, error) {
	var incs []*Incident
	err := s.store.View(ctx, func(tx ReadTx) error {
		var err error
		incs, err = tx.Incidents(Filter{OpenOnly: !cmd.All})
		return err
	})
	if err != nil {
		return Reply{}, fmt.Errorf("list incidents: %w", err)
	}
	var lines []Msg
	for _, inc := range incs {
		if !s.visible(inc, req.Actor) {
			continue
		}
		lines = append(lines, M("list.item", Args{
			"ref": inc.Ref(), "title": inc.Title, "severity": s.scale.Level(inc.Severity),
			"phase": inc.Phase, "commander": inc.Holder(RoleCommander), "opened": When{inc.OpenedAt, s.loc},
		}))
	}
	if len(lines) == 0 {
		key := MsgKey("list.none_open")
		if cmd.All {
			key = "list.none"
		}
		return Reply{Lines: []Msg{M(key, nil)}}, nil
	}
	head := MsgKey("list.head_open")
	if cmd.All {
		head = "list.head_all"
	}
	return Reply{Lines: append([]Msg{M(head, Args{"count": len(lines)})}, lines...)}, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// sameIncident reports whether ref names inc.
func sameIncident(inc *Incident, ref Ref) bool {
	if ref.Number == 0 {
		return ref.ID == inc.ID
	}
	return ref.Drill == inc.Drill && ref.Number == inc.Number
}
