package slackbot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/outbox"
	"incidentbot/workflow"
)

// DeliveryMetrics counts what the outbox worker does (see Metrics).
type DeliveryMetrics interface {
	OutboxDelivered(kind string)
	OutboxFailed(kind string, permanent bool)
	OutboxRetry(kind string)
}

const (
	// queuePrefix names the outbox queues this adapter delivers.
	queuePrefix = "slack:"
	// deliverParallel bounds concurrent Web API calls; each queue has at most
	// one in flight, so its items stay in order.
	deliverParallel = 16
	// pollEvery is how often the worker looks for due items it was not woken
	// for (retries coming due, items queued by another process).
	pollEvery = 250 * time.Millisecond
	// callTimeout bounds one Web API call.
	callTimeout = 15 * time.Second
	// maxBackoff caps the wait between retries of a failing item. Items are
	// retried for as long as it takes: a message is never dropped for being
	// slow to deliver.
	maxBackoff = 5 * time.Minute
)

// Deliver runs the outbox worker until ctx ends. It sends each queue's items
// in order, one at a time, and different queues side by side, so a slow call
// holds up only its own queue. An item is marked delivered only after Slack
// accepted it, so after a crash it may be sent again but is never lost.
func (b *Bot) Deliver(ctx context.Context) error {
	// What the queues hold is counted when /metrics is read
	// (internal/app), not in the transaction that reads the heads: a count
	// costs as many rows as are pending, and the heads are read after every
	// delivery. While people wait for acks, deliveries yield to them (see
	// asks).
	o := outbox.Options{
		Store: b.store, Prefix: queuePrefix, Parallel: deliverParallel, Poll: pollEvery,
		Now: b.now, Wake: b.wake, Deliver: b.deliverOne, Log: b.log,
		Yield: b.asks.active,
	}
	return outbox.Run(ctx, o)
}

// deliverOne runs one item and records the outcome.
func (b *Bot) deliverOne(ctx context.Context, o workflow.Outgoing) {
	log := b.log.With("item", o.ID.String(), "kind", o.Kind, "incident", o.IncidentID.String(), "attempt", o.Attempts+1)
	var then []queued
	j, err := decodeJob(o)
	if err == nil {
		then, err = b.run(ctx, o, j)
	}
	if ctx.Err() != nil {
		return // shutting down: the item stays queued
	}
	err = withoutURL(err)
	now := b.now()
	var mark func(tx workflow.Tx) error
	switch wait, permanent := classify(err, o.Attempts); {
	case err == nil:
		// What the job queues commits with its delivery: both or neither.
		mark = func(tx workflow.Tx) error {
			q := &queue{tx: tx, now: now, incident: o.IncidentID}
			for _, f := range then {
				q.add(f.queue, f.job)
			}
			if q.err != nil {
				return q.err
			}
			return tx.Delivered(o.ID, now)
		}
		if b.metrics != nil {
			b.metrics.OutboxDelivered(o.Kind)
		}
	case permanent:
		log.Warn("delivery failed for good", "err", err)
		mark = func(tx workflow.Tx) error { return tx.Abandon(o.ID, now, err.Error()) }
		if b.metrics != nil {
			b.metrics.OutboxFailed(o.Kind, true)
		}
	default:
		log.Info("delivery postponed", "err", err, "retry_in", wait.String())
		mark = func(tx workflow.Tx) error { return tx.Postpone(o.ID, now.Add(wait), err.Error()) }
		if b.metrics != nil {
			b.metrics.OutboxRetry(o.Kind)
		}
	}
	if err := b.recorder.Record(ctx, mark); err != nil {
		log.Error("record delivery outcome", "err", err)
		return
	}
	if err == nil && len(then) > 0 {
		b.Wake()
	}
	if _, permanent := classify(err, o.Attempts); err != nil && permanent && o.IncidentID != workflow.NilID {
		// Logged with the incident, so show and the card tell people.
		if rerr := b.svc.RecordDelivery(context.WithoutCancel(ctx), o.IncidentID, workflow.DeliveryFailed{What: o.Kind, Error: slackError(err)}); rerr != nil {
			log.Error("record delivery problem", "err", rerr)
		}
	}
}

// classify decides what a failed delivery does next: wait and retry, or give
// up (permanent). Rate limits wait as long as Slack says; server and network
// errors back off exponentially; Slack's own refusals (channel_not_found,
// not_in_channel, …) will not change by retrying.
func classify(err error, attempts int) (time.Duration, bool) {
	if err == nil {
		return 0, false
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		if rl.RetryAfter <= 0 {
			return time.Second, false
		}
		return rl.RetryAfter, false
	}
	backoff := time.Second << min(attempts, 9)
	backoff = min(backoff, maxBackoff)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return backoff, false
		}
		return 0, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return backoff, sc.Code < 500 && sc.Code != 408
	}
	var perm *permanentError
	if errors.As(err, &perm) {
		return 0, true
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return backoff, false
	}
	// Anything else (our own store failing, say) is retried too: giving up
	// would lose the message.
	return backoff, false
}

// permanentError is a delivery that cannot succeed (its incident has no
// channel, say).
type permanentError struct{ reason string }

func (e *permanentError) Error() string { return e.reason }

// slackError is the short form of a delivery error for the timeline: Slack's
// error code when there is one.
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return err.Error()
}

// queued is a job a delivery queues in turn (a user group's DMs), with the
// queue it goes in.
type queued struct {
	queue string
	job   job
}

// run performs one job against Slack. Jobs it queues in turn are returned,
// for deliverOne to queue in the transaction that marks the item delivered.
func (b *Bot) run(ctx context.Context, o workflow.Outgoing, j job) ([]queued, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	if err := b.drillMarked(ctx, o, j); err != nil { // drill.go
		return nil, err
	}
	if g, ok := j.(*jobGroupDM); ok {
		return b.groupDMs(ctx, g) // notify.go
	}
	return nil, b.call(ctx, o, j)
}

// call performs a job that is one or a few Web API calls.
func (b *Bot) call(ctx context.Context, o workflow.Outgoing, j job) error {
	switch j := j.(type) {
	case *jobCreateChannel:
		return b.createChannel(ctx, o, j)
	case *jobInvite:
		ch, err := b.incidentChannel(ctx, o)
		if err != nil {
			return err
		}
		return b.invite(ctx, ch, j.Users)
	case *jobCard:
		return b.card(ctx, o)
	case *jobTopic:
		inc, links, err := b.incidentAndLinks(ctx, o)
		if err != nil {
			return err
		}
		if links[LinkChannel] == "" {
			return &permanentError{"the incident has no channel"}
		}
		_, err = b.api.SetTopicOfConversationContext(ctx, links[LinkChannel], Topic(inc, b.scale, b.lang))
		return err
	case *jobPost:
		ch := j.Channel
		if ch == "" {
			var err error
			if ch, err = b.incidentChannel(ctx, o); err != nil {
				return err
			}
		}
		opts := []slack.MsgOption{slack.MsgOptionText(j.Text, false)}
		if j.Blocks != nil && len(j.Blocks.BlockSet) > 0 {
			opts = append(opts, slack.MsgOptionBlocks(j.Blocks.BlockSet...))
		}
		_, _, err := b.api.PostMessageContext(ctx, ch, opts...)
		return err
	case *jobRespond:
		return b.respond(ctx, j.URL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: j.Text, Blocks: j.Blocks})
	case *jobEphemeral:
		ch := j.Channel
		if ch == "" {
			var err error
			if ch, err = b.incidentChannel(ctx, o); err != nil {
				return err
			}
		}
		opts := []slack.MsgOption{slack.MsgOptionText(j.Text, false)}
		if j.Blocks != nil && len(j.Blocks.BlockSet) > 0 {
			opts = append(opts, slack.MsgOptionBlocks(j.Blocks.BlockSet...))
		}
		_, err := b.api.PostEphemeralContext(ctx, ch, j.User, opts...)
		return err
	case *jobReport:
		return b.sendReport(ctx, o, j)
	case *jobCapture:
		return b.capture(ctx, j)
	case *jobDM:
		return b.sendDM(ctx, j)
	case *jobVendorPost:
		_, _, err := b.api.PostMessageContext(ctx, j.Channel, slack.MsgOptionText(j.Text, false))
		return err
	}
	return &permanentError{fmt.Sprintf("no delivery for %T", j)}
}

// incidentAndLinks reads the incident of an item and its links by kind.
func (b *Bot) incidentAndLinks(ctx context.Context, o workflow.Outgoing) (*workflow.Incident, map[string]string, error) {
	var inc *workflow.Incident
	links := map[string]string{}
	err := b.store.View(ctx, func(tx workflow.ReadTx) error {
		var err error
		if inc, err = tx.Incident(workflow.Ref{ID: o.IncidentID}); err != nil {
			return err
		}
		ls, err := tx.Links(o.IncidentID)
		for _, l := range ls {
			links[l.Kind] = l.Value
		}
		return err
	})
	if errors.Is(err, workflow.ErrNotFound) {
		return nil, nil, &permanentError{"no such incident"}
	}
	return inc, links, err
}

func (b *Bot) incidentChannel(ctx context.Context, o workflow.Outgoing) (string, error) {
	_, links, err := b.incidentAndLinks(ctx, o)
	if err != nil {
		return "", err
	}
	if links[LinkChannel] == "" {
		// The channel job comes first in the incident's queue; if there is
		// still no channel, its creation failed for good.
		return "", &permanentError{"the incident has no channel"}
	}
	return links[LinkChannel], nil
}

func (b *Bot) setLink(ctx context.Context, l workflow.Link) error {
	return b.store.Update(context.WithoutCancel(ctx), func(tx workflow.Tx) error { return tx.SetLink(l) })
}

// createChannel creates the incident's channel (or finds the one a previous,
// interrupted attempt created) and invites people.
func (b *Bot) createChannel(ctx context.Context, o workflow.Outgoing, j *jobCreateChannel) error {
	_, links, err := b.incidentAndLinks(ctx, o)
	if err != nil {
		return err
	}
	ch := links[LinkChannel]
	for attempt := 1; ch == "" && attempt <= 20; attempt++ {
		c, err := b.api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: WithSuffix(j.Name, attempt), IsPrivate: j.Private})
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && se.Err == "name_taken" {
			continue
		}
		if err != nil {
			return err
		}
		// Linked at once: if the invite below fails, the retry must not
		// create a second channel.
		if err := b.setLink(ctx, workflow.Link{IncidentID: o.IncidentID, Kind: LinkChannel, Value: c.ID}); err != nil {
			return err
		}
		ch = c.ID
	}
	if ch == "" {
		return &permanentError{"every channel name for the incident is taken"}
	}
	return b.invite(ctx, ch, j.Invite)
}

// invite adds Slack users to the channel; names typed as @name (not Slack
// ids) cannot be invited and are skipped.
func (b *Bot) invite(ctx context.Context, ch string, users []string) error {
	var ids []string
	for _, u := range users {
		if isSlackUser(u) {
			ids = append(ids, u)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := b.api.InviteUsersToConversationContext(ctx, ch, ids...)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "already_in_channel" || se.Err == "cant_invite_self") {
		return nil
	}
	return err
}

// card posts and pins the summary card, or updates it in place, showing the
// incident as it is now.
func (b *Bot) card(ctx context.Context, o workflow.Outgoing) error {
	inc, links, err := b.incidentAndLinks(ctx, o)
	if err != nil {
		return err
	}
	ch := links[LinkChannel]
	if ch == "" {
		return &permanentError{"the incident has no channel"}
	}
	var problems []string
	for _, p := range inc.Problems {
		problems = append(problems, p.What+": "+p.Error)
	}
	blocks := slack.MsgOptionBlocks(Card(inc, b.scale, b.lang, b.loc, problems)...)
	text := slack.MsgOptionText(CardText(inc, b.scale, b.lang), false)
	if ts := links[LinkCard]; ts != "" {
		_, _, _, err := b.api.UpdateMessageContext(ctx, ch, ts, blocks, text)
		return err
	}
	_, ts, err := b.api.PostMessageContext(ctx, ch, blocks, text)
	if err != nil {
		return err
	}
	if err := b.setLink(ctx, workflow.Link{IncidentID: o.IncidentID, Kind: LinkCard, Value: ts}); err != nil {
		return err
	}
	err = b.api.AddPinContext(ctx, ch, slack.NewRefToMessage(ch, ts))
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "already_pinned" {
		return nil
	}
	return err
}

// withoutURL drops the URL from a transport error: a response_url lets anyone
// post to that person for half an hour, so it must not reach the logs or the
// outbox's last error. The error's cause (refused, timed out) is kept.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
