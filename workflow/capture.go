package workflow

import (
	"context"
	"fmt"
	"time"
)

// Capture adds a chat message to an incident's timeline (a 📌 reaction in
// Slack), or withdraws it (Retract: the reaction was removed). The event keeps
// the message's own time and author; the actor is who reacted. Key makes it
// idempotent (the platform's event id). Capturing a message twice, or
// withdrawing one that is not captured, changes nothing.
type Capture struct {
	Actor      Actor
	Key        string
	IncidentID ID
	Retract    bool
	Message    MessagePinned
	At         time.Time // when the message was written
	InTx       func(tx Tx, r Reply) error
}

// Capture applies c. The Reply's Events are empty when nothing changed.
func (s *Service) Capture(ctx context.Context, c Capture) (Reply, error) {
	e := env{actor: c.Actor, now: s.now().UTC().Truncate(time.Microsecond), loc: s.loc, scale: s.scale}
	req := Request{Actor: c.Actor, Key: c.Key, InTx: c.InTx}
	return s.record(ctx, req, c.IncidentID, e, func(inc *Incident) ([]Draft, error) {
		if inc.IsClosed() {
			return nil, Problemf(ErrClosed, "err.closed", Args{"ref": inc.Ref()})
		}
		seq, pinned := inc.PinnedSeq(c.Message.Channel, c.Message.TS)
		switch {
		case c.Retract && pinned:
			return []Draft{{Subject: c.Message.Author.ID, Payload: PinRetracted{Of: seq, Channel: c.Message.Channel, TS: c.Message.TS}}}, nil
		case !c.Retract && !pinned:
			at := c.At.UTC().Truncate(time.Microsecond)
			if at.IsZero() || at.After(e.now) {
				at = e.now
			}
			return []Draft{{OccurredAt: at, Subject: c.Message.Author.ID, Payload: c.Message}}, nil
		}
		return nil, nil
	})
}

// RecordDelivery logs a delivery that failed for good on the incident's
// timeline; show and the summary card list it.
func (s *Service) RecordDelivery(ctx context.Context, incident ID, failed DeliveryFailed) error {
	e := env{actor: SystemActor, now: s.now().UTC().Truncate(time.Microsecond), loc: s.loc, scale: s.scale}
	_, err := s.record(ctx, Request{Actor: SystemActor}, incident, e, func(*Incident) ([]Draft, error) {
		return []Draft{{Payload: failed}}, nil
	})
	return err
}

// RecordDelivered logs on the incident's timeline that a page reached the
// paging system.
func (s *Service) RecordDelivered(ctx context.Context, incident ID, what string) error {
	e := env{actor: SystemActor, now: s.now().UTC().Truncate(time.Microsecond), loc: s.loc, scale: s.scale, auth: s.authority}
	_, err := s.record(ctx, Request{Actor: SystemActor}, incident, e, func(*Incident) ([]Draft, error) {
		return []Draft{{Payload: Delivered{What: what}}}, nil
	})
	return err
}

// record appends what decide returns to the incident's timeline in one
// transaction, without the command grammar and without a visibility check
// (the caller is the bot itself, or an adapter acting on a platform event).
func (s *Service) record(ctx context.Context, req Request, id ID, e env, decide func(*Incident) ([]Draft, error)) (Reply, error) {
	var reply Reply
	err := s.store.Update(ctx, func(tx Tx) error {
		if dup, err := seen(tx, req, e); dup || err != nil {
			reply.Duplicate = dup
			return err
		}
		inc, err := tx.Incident(Ref{ID: id})
		if err != nil {
			return err
		}
		drafts, err := decide(inc)
		if err != nil || len(drafts) == 0 {
			reply.Incident = inc
			return err
		}
		prev := inc.Version
		events, err := s.commit(tx, inc, e, drafts)
		if err != nil {
			return err
		}
		more, err := s.react(tx, inc, events, e) // escalate.go
		if err != nil {
			return err
		}
		if err := tx.SaveIncident(inc, prev); err != nil {
			return fmt.Errorf("save incident %s: %w", inc.Ref(), err)
		}
		reply = Reply{Incident: inc, Events: append(events, more...)}
		return within(tx, req, reply)
	})
	if err != nil {
		return Reply{}, err
	}
	return reply, nil
}
