package slackbot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"incidentbot/workflow"
)

// Event handles an Events API callback. Reactions in an incident channel are
// queued for capture (reading the message needs the Web API, so it waits until
// after the ack). eventID is remembered in the same transaction, so a
// redelivery, even after a restart, has no second effect.
func (b *Bot) Event(ctx context.Context, teamID, eventID string, ev slackevents.EventsAPIInnerEvent) error {
	if !b.TeamAllowed(teamID) {
		return nil
	}
	var r reaction
	switch x := ev.Data.(type) {
	case *slackevents.ReactionAddedEvent:
		r = reaction{reactionFields(*x), false}
	case slackevents.ReactionAddedEvent:
		r = reaction{reactionFields(x), false}
	case *slackevents.ReactionRemovedEvent:
		r = reaction{reactionFields(*x), true}
	case slackevents.ReactionRemovedEvent:
		r = reaction{reactionFields(x), true}
	default:
		return nil // not an event this bot acts on
	}
	if r.Reaction != b.pin || r.Item.Type != "message" || r.Item.Channel == "" || r.Item.Timestamp == "" {
		return nil
	}
	key := "slack:event:" + eventID
	if eventID == "" {
		// Without an id, the reaction itself names the event.
		key = fmt.Sprintf("slack:reaction:%s:%s:%s:%s:%t", r.User, r.Item.Channel, r.Item.Timestamp, r.EventTimestamp, r.removed)
	}
	queued := false
	err := b.store.Update(ctx, func(tx workflow.Tx) error {
		id, err := tx.Linked(LinkChannel, r.Item.Channel)
		if errors.Is(err, workflow.ErrNotFound) {
			return nil // not an incident channel
		}
		if err != nil {
			return err
		}
		first, err := tx.Remember(key, b.now())
		if err != nil || !first {
			return err
		}
		q := &queue{tx: tx, now: b.now(), incident: id}
		q.add(captureQueue(r.Item.Channel), jobCapture{Channel: r.Item.Channel, TS: r.Item.Timestamp,
			Actor: b.actor(teamID, r.User, ""), EventID: key, Retract: r.removed})
		queued = q.err == nil
		return q.err
	})
	if err != nil {
		return fmt.Errorf("queue reaction %s: %w", key, err)
	}
	if queued {
		b.Wake()
	}
	return nil
}

// reactionFields is the shape both reaction events share.
type reactionFields struct {
	Type           string           `json:"type"`
	User           string           `json:"user"`
	Reaction       string           `json:"reaction"`
	ItemUser       string           `json:"item_user"`
	Item           slackevents.Item `json:"item"`
	EventTimestamp string           `json:"event_ts"`
}

type reaction struct {
	reactionFields
	removed bool
}

// capture reads the reacted-to message and adds it to the timeline with its
// own time, author and permalink; a removed reaction withdraws it.
func (b *Bot) capture(ctx context.Context, j *jobCapture) error {
	var incident workflow.Ref
	err := b.store.View(ctx, func(tx workflow.ReadTx) error {
		id, err := tx.Linked(LinkChannel, j.Channel)
		incident = workflow.Ref{ID: id}
		return err
	})
	if errors.Is(err, workflow.ErrNotFound) {
		return &permanentError{"the channel is no longer an incident channel"}
	}
	if err != nil {
		return err
	}
	c := workflow.Capture{Actor: j.Actor, Key: "capture:" + j.EventID, IncidentID: incident.ID, Retract: j.Retract,
		Message: workflow.MessagePinned{Channel: j.Channel, TS: j.TS}}
	if !j.Retract {
		msg, err := b.message(ctx, j.Channel, j.TS)
		if err != nil {
			return err
		}
		link, err := b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: j.Channel, Ts: j.TS})
		if err != nil {
			return err
		}
		c.Message.Author = workflow.Person{ID: msg.User, Name: b.nameOf(msg.User, msg.Username)}
		c.Message.Text, c.Message.Permalink = msg.Text, link
		c.At = tsTime(j.TS)
		if len([]rune(c.Message.Text)) > workflow.FieldLimit {
			c.Message.Text = string([]rune(c.Message.Text)[:workflow.FieldLimit]) + "…"
		}
	}
	r, err := b.svc.Capture(ctx, c)
	var p *workflow.Problem
	if errors.As(err, &p) {
		// The incident was closed in the meantime: nothing to capture into.
		return &permanentError{workflow.Render(workflow.English, p.Msg)}
	}
	if err == nil && len(r.Events) > 0 {
		err = b.store.Update(ctx, func(tx workflow.Tx) error {
			q := &queue{tx: tx, now: b.now(), incident: incident.ID}
			key := "slack.pinned"
			if j.Retract {
				key = "slack.unpinned"
			}
			q.add(incidentQueue(incident.ID), jobPost{Text: b.text(workflow.MsgKey(key), workflow.Args{"who": mention(j.Actor.User), "seq": r.Events[0].Seq})})
			return q.err
		})
	}
	return err
}

// message fetches one message by its ts: from the channel's history, or, for
// a reply in a thread, from the thread.
func (b *Bot) message(ctx context.Context, channel, ts string) (slack.Message, error) {
	h, err := b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: channel, Latest: ts, Oldest: ts, Inclusive: true, Limit: 1})
	if err != nil {
		return slack.Message{}, err
	}
	for _, m := range h.Messages {
		if m.Timestamp == ts {
			return m, nil
		}
	}
	msgs, _, _, err := b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: channel, Timestamp: ts, Latest: ts, Oldest: ts, Inclusive: true, Limit: 1})
	if err != nil {
		return slack.Message{}, err
	}
	for _, m := range msgs {
		if m.Timestamp == ts {
			return m, nil
		}
	}
	return slack.Message{}, &permanentError{"the message is gone"}
}

func (b *Bot) nameOf(user, fallback string) string {
	if n, ok := b.names.Load(user); ok {
		return n.(string)
	}
	if fallback == "" && user != "" {
		b.lookupName(user)
		if n, ok := b.names.Load(user); ok {
			return n.(string)
		}
	}
	return fallback
}

// tsTime reads a Slack message ts ("1700000000.000100") as the time it was
// written.
func tsTime(ts string) time.Time {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return time.Time{}
	}
	us, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return time.Unix(s, us*1000).UTC()
}
