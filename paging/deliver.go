package paging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"incidentbot/outbox"
	"incidentbot/workflow"
)

const (
	// deliverParallel bounds concurrent requests; each queue has at most one
	// in flight, so an incident's events stay in order.
	deliverParallel = 8
	// pollEvery is how often the worker looks for due items it was not woken
	// for (retries coming due, items queued by another process).
	pollEvery = 250 * time.Millisecond
	// pagerDutyTimeout bounds one Events API call.
	pagerDutyTimeout = 15 * time.Second
	// maxBackoff caps the wait between retries of a failing item.
	maxBackoff = 5 * time.Minute
	// maxRetryAfter caps how long a Retry-After header may hold an item.
	maxRetryAfter = time.Hour
	// errorBodyLimit is how much of a refusal's body goes into the error.
	errorBodyLimit = 300
)

// Deliver runs the delivery worker until ctx ends, then returns nil once the
// requests in flight have finished. It takes the queues starting with
// QueuePrefix from the outbox: each queue's items in order, one at a time,
// different queues side by side.
//
// PagerDuty: 429 (after Retry-After when given), 408, 5xx and network errors
// are retried with exponential backoff for as long as it takes; any other
// refusal (400: an invalid event) is permanent. Webhook: the same, but after
// 1+Retries failed attempts the event is abandoned. Abandoned items are
// logged and reported to OnFailure. An item is marked delivered only after
// the far end accepted it, so a crash may send it again but never loses it.
func (p *Pager) Deliver(ctx context.Context) error {
	return outbox.Run(ctx, outbox.Options{
		Store: p.store, Prefix: QueuePrefix, Parallel: deliverParallel, Poll: pollEvery,
		Now: p.now, Wake: p.wake, Deliver: p.deliverOne,
		ReadFailed: func(err error) { p.log.Error("paging: read the outbox", "err", p.scrub(err.Error())) },
	})
}

// deliverOne sends one item and records the outcome.
func (p *Pager) deliverOne(ctx context.Context, o workflow.Outgoing) {
	log := p.log.With("item", o.ID.String(), "kind", o.Kind, "incident", o.IncidentID.String(), "attempt", o.Attempts+1)
	err := p.send(ctx, o)
	if ctx.Err() != nil {
		return // shutting down: the item stays queued
	}
	now := p.now()
	var mark func(tx workflow.Tx) error
	wait, permanent, exhausted := p.classify(o, err)
	msg := ""
	if err != nil {
		msg = p.scrub(err.Error())
	}
	if exhausted {
		msg = fmt.Sprintf("%s (gave up after %d attempts)", msg, o.Attempts+1)
	}
	switch {
	case err == nil:
		log.Info("paging: delivered")
		mark = func(tx workflow.Tx) error { return tx.Delivered(o.ID, now) }
	case permanent:
		log.Warn("paging: delivery failed for good", "err", msg)
		mark = func(tx workflow.Tx) error { return tx.Abandon(o.ID, now, msg) }
	default:
		log.Info("paging: delivery postponed", "err", msg, "retry_in", wait.String())
		mark = func(tx workflow.Tx) error { return tx.Postpone(o.ID, now.Add(wait), msg) }
	}
	if err := p.recorder.Record(ctx, mark); err != nil {
		log.Error("paging: record delivery outcome", "err", p.scrub(err.Error()))
		return
	}
	if permanent && p.onFailure != nil && o.IncidentID != workflow.NilID {
		p.onFailure(context.WithoutCancel(ctx), o.IncidentID, o.Kind, msg)
	}
	if err == nil && p.onDone != nil && o.IncidentID != workflow.NilID {
		p.onDone(context.WithoutCancel(ctx), o.IncidentID, o.Kind)
	}
}

// send performs one attempt.
func (p *Pager) send(ctx context.Context, o workflow.Outgoing) error {
	switch {
	case strings.HasPrefix(o.Kind, kindPagerDuty):
		return p.sendPagerDuty(ctx, o.Body)
	case strings.HasPrefix(o.Kind, kindWebhook):
		return p.sendWebhook(ctx, o)
	}
	return &permanentError{fmt.Sprintf("no delivery for kind %q", o.Kind)}
}

// do sends req and turns anything but a 2xx answer into an error that names
// the destination (never the URL, which may carry a token).
func (p *Pager) do(req *http.Request, dest string) error {
	resp, err := p.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return &transportError{dest: dest, err: errors.New("timed out")}
		}
		return &transportError{dest: dest, err: err}
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	se := &statusError{dest: dest, code: resp.StatusCode, body: strings.TrimSpace(string(head))}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		se.retryAfter, se.hasRetryAfter = parseRetryAfter(ra, p.now())
	}
	return se
}

// statusError is an answer other than 2xx.
type statusError struct {
	dest          string
	code          int
	body          string
	retryAfter    time.Duration
	hasRetryAfter bool
}

func (e *statusError) Error() string {
	s := fmt.Sprintf("%s: %d %s", e.dest, e.code, http.StatusText(e.code))
	if e.body != "" {
		s += ": " + e.body
	}
	return s
}

// transportError is a request that got no answer.
type transportError struct {
	dest string
	err  error
}

func (e *transportError) Error() string { return e.dest + ": " + e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// permanentError is a delivery that cannot succeed.
type permanentError struct{ reason string }

func (e *permanentError) Error() string { return e.reason }

// classify decides what a failed attempt leads to: wait and retry, or give up
// (permanent); exhausted says a webhook event that could have been retried
// ran out of retries.
func (p *Pager) classify(o workflow.Outgoing, err error) (wait time.Duration, permanent, exhausted bool) {
	if err == nil {
		return 0, false, false
	}
	wait = min(time.Second<<min(o.Attempts, 9), maxBackoff)
	var se *statusError
	var perm *permanentError
	switch {
	case errors.As(err, &perm):
		return 0, true, false
	case errors.As(err, &se):
		switch {
		case se.code == http.StatusTooManyRequests || se.code == http.StatusRequestTimeout || se.code >= 500:
			if se.hasRetryAfter {
				wait = se.retryAfter
			}
		default:
			return 0, true, false // the far end refused this event; sending it again will not help
		}
	}
	// Network errors, timeouts and our own store failing are retried too.
	if strings.HasPrefix(o.Kind, kindWebhook) && p.wh != nil && o.Attempts >= p.wh.Retries {
		return 0, true, true
	}
	return wait, false, false
}

// parseRetryAfter reads a Retry-After value: seconds, or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	var d time.Duration
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	return min(max(d, 0), maxRetryAfter), true
}
