// Package paging pages people outside the chat: PagerDuty (Events API v2) and
// a generic webhook signed with HMAC-SHA256.
//
// A Pager is a workflow.Notifier. Notify runs inside the transaction of the
// change that caused the notice and only queues work (workflow.Tx.Enqueue), in
// one queue per incident and destination:
//
//	paging:pagerduty:<incident id>   trigger, acknowledge, resolve
//	paging:webhook:<incident id>     one event per notice
//
// so an incident's events leave in the order they happened. Deliver is the
// worker that sends them, at least once: an item is marked delivered only
// after the far end accepted it. PagerDuty's dedup_key is the incident id, so
// a repeated trigger (a retry, a second escalation step) never opens a second
// page; webhook receivers can drop repeats by the event's "id".
//
// Secrets (the routing key, the webhook secret) are not stored with the queued
// items, and never appear in logs, errors or the timeline.
package paging

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"incidentbot/outbox"
	"incidentbot/workflow"
)

// DefaultPagerDutyURL is the PagerDuty Events API v2 endpoint, used when
// PagerDutyConfig.URL is empty.
const DefaultPagerDutyURL = "https://events.pagerduty.com/v2/enqueue"

// DefaultWebhookTimeout bounds one webhook POST when WebhookConfig.Timeout is
// zero.
const DefaultWebhookTimeout = 10 * time.Second

// Queue names: QueuePrefix is what Deliver takes from the outbox; an incident's
// items sit in QueuePrefix+"pagerduty:"+id and QueuePrefix+"webhook:"+id.
const (
	QueuePrefix     = "paging:"
	pagerDutyQueue  = QueuePrefix + "pagerduty:"
	webhookQueue    = QueuePrefix + "webhook:"
	kindPagerDuty   = "pagerduty."
	kindWebhook     = "webhook."
	redacted        = "[redacted]"
	defaultSource   = "incidentbot"
	maxSummaryRunes = 1024 // PagerDuty's limit on payload.summary
)

// PagerDutyConfig is an Events API v2 integration.
type PagerDutyConfig struct {
	URL        string // empty: DefaultPagerDutyURL
	RoutingKey string // the integration key; secret
}

// String hides the routing key, so printing a config never leaks it.
func (c PagerDutyConfig) String() string {
	return fmt.Sprintf("{URL:%s RoutingKey:%s}", c.URL, hide(c.RoutingKey))
}

// GoString hides the routing key from %#v too.
func (c PagerDutyConfig) GoString() string { return "paging.PagerDutyConfig" + c.String() }

// LogValue hides the routing key from slog.
func (c PagerDutyConfig) LogValue() slog.Value {
	return slog.GroupValue(slog.String("url", c.URL), slog.String("routing_key", hide(c.RoutingKey)))
}

// MarshalJSON hides the routing key from JSON.
func (c PagerDutyConfig) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"url": c.URL, "routing_key": hide(c.RoutingKey)})
}

// WebhookConfig is a generic webhook: a JSON POST per notice, signed with
// HMAC-SHA256 of the body in X-Incidentbot-Signature ("sha256=<hex>").
type WebhookConfig struct {
	URL    string
	Secret string // the HMAC key; secret
	// Timeout bounds each attempt (zero: DefaultWebhookTimeout).
	Timeout time.Duration
	// Retries is how many more attempts follow a failed one before the
	// event is abandoned: 0 gives up after the first failure. (Like config's
	// paging.webhook.retries, whose default of 5 config applies itself.)
	Retries int
}

// String hides the secret.
func (c WebhookConfig) String() string {
	return fmt.Sprintf("{URL:%s Secret:%s Timeout:%s Retries:%d}", SiteOf(c.URL), hide(c.Secret), c.Timeout, c.Retries)
}

// GoString hides the secret from %#v too.
func (c WebhookConfig) GoString() string { return "paging.WebhookConfig" + c.String() }

// LogValue hides the secret from slog.
func (c WebhookConfig) LogValue() slog.Value {
	return slog.GroupValue(slog.String("url", SiteOf(c.URL)), slog.String("secret", hide(c.Secret)),
		slog.Duration("timeout", c.Timeout), slog.Int("retries", c.Retries))
}

// MarshalJSON hides the secret from JSON.
func (c WebhookConfig) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"url": SiteOf(c.URL), "secret": hide(c.Secret), "timeout": c.Timeout.String(), "retries": c.Retries})
}

// SiteOf is what may be shown of a webhook URL: its scheme and host. Its path
// and query may carry a token, so they never reach logs.
func SiteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		if raw == "" {
			return ""
		}
		return "(set)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

func hide(secret string) string {
	if secret == "" {
		return ""
	}
	return redacted
}

// Options configure a Pager. At least one of PagerDuty and Webhook must be
// set. Zero values take defaults: Logger = slog.Default(), Now = time.Now,
// HTTPClient = a client without an overall timeout (each attempt has its
// own), Lang = English, Scale = workflow.DefaultScale().
type Options struct {
	PagerDuty  *PagerDutyConfig
	Webhook    *WebhookConfig
	Store      workflow.Store
	Logger     *slog.Logger
	Now        func() time.Time
	HTTPClient *http.Client
	Lang       workflow.Lang  // the language of the PagerDuty summary
	Scale      workflow.Scale // severity labels, and which level is the top one
	// OnFailure, if set, is called when an item is given up for good (a
	// permanent refusal, or a webhook out of retries), with the incident, the
	// item's kind (e.g. "pagerduty.trigger") and the error, which never holds
	// a secret. cmd wires it to Service.RecordDelivery so the timeline shows
	// the failure.
	OnFailure func(ctx context.Context, incident workflow.ID, what, err string)
	// OnDelivered, if set, is called after an item was accepted by the far
	// end, with the incident and the item's kind; cmd wires it to
	// Service.RecordDelivered so the timeline shows when each page arrived.
	OnDelivered func(ctx context.Context, incident workflow.ID, what string)
	// StoreHealth, if set, hears when recording delivery outcomes starts
	// failing (the error) and when it works again (nil): see
	// outbox.Recorder.
	StoreHealth func(err error)
}

// Pager queues pages in the outbox (Notify) and delivers them (Deliver).
type Pager struct {
	pd        *PagerDutyConfig
	wh        *WebhookConfig
	store     workflow.Store
	log       *slog.Logger
	now       func() time.Time
	client    *http.Client
	lang      workflow.Lang
	scale     workflow.Scale
	onFailure func(ctx context.Context, incident workflow.ID, what, err string)
	onDone    func(ctx context.Context, incident workflow.ID, what string)
	wake      chan struct{}
	recorder  *outbox.Recorder
}

var _ workflow.Notifier = (*Pager)(nil)

// New checks the options and builds a Pager. Its errors never quote a secret
// or a URL (a webhook URL may carry a token).
func New(o Options) (*Pager, error) {
	if o.Store == nil {
		return nil, errors.New("paging: no store")
	}
	if o.PagerDuty == nil && o.Webhook == nil {
		return nil, errors.New("paging: neither pagerduty nor webhook is configured")
	}
	p := &Pager{store: o.Store, log: o.Logger, now: o.Now, client: o.HTTPClient, lang: o.Lang, scale: o.Scale,
		onFailure: o.OnFailure, onDone: o.OnDelivered, wake: make(chan struct{}, 1)}
	if o.PagerDuty != nil {
		pd := *o.PagerDuty
		if pd.URL == "" {
			pd.URL = DefaultPagerDutyURL
		}
		if err := checkURL(pd.URL); err != nil {
			return nil, fmt.Errorf("paging: pagerduty url: %w", err)
		}
		if strings.TrimSpace(pd.RoutingKey) == "" {
			return nil, errors.New("paging: pagerduty routing key is empty")
		}
		p.pd = &pd
	}
	if o.Webhook != nil {
		wh := *o.Webhook
		if wh.URL == "" {
			return nil, errors.New("paging: webhook url is empty")
		}
		if err := checkURL(wh.URL); err != nil {
			return nil, fmt.Errorf("paging: webhook url: %w", err)
		}
		if wh.Secret == "" {
			return nil, errors.New("paging: webhook secret is empty")
		}
		switch {
		case wh.Timeout < 0:
			return nil, errors.New("paging: webhook timeout is negative")
		case wh.Timeout == 0:
			wh.Timeout = DefaultWebhookTimeout
		}
		if wh.Retries < 0 {
			return nil, errors.New("paging: webhook retries is negative")
		}
		p.wh = &wh
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.client == nil {
		p.client = &http.Client{}
	}
	if p.lang == "" {
		p.lang = workflow.English
	}
	if len(p.scale.Levels) == 0 {
		p.scale = workflow.DefaultScale()
	}
	p.recorder = &outbox.Recorder{Store: p.store, Health: o.StoreHealth, Log: p.log}
	return p, nil
}

// checkURL accepts absolute http and https URLs.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("must start with http:// or https://")
	}
	if u.Host == "" {
		return errors.New("has no host")
	}
	return nil
}

// Wake nudges the delivery worker to look for work now.
func (p *Pager) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Notify implements workflow.Notifier. It queues, in the caller's
// transaction:
//   - page (when the notice pages): a PagerDuty trigger and a webhook event;
//   - acknowledged: a PagerDuty acknowledge and a webhook event;
//   - resolved: a PagerDuty resolve and a webhook event;
//   - any other kind: a webhook event named after the kind.
//
// A page notice that does not page (the level has page = false) queues
// nothing. A drill incident queues nothing whatever the notice: drills never
// page anyone, and this is the second guard after the workflow's own.
func (p *Pager) Notify(tx workflow.Tx, n workflow.Notice) error {
	inc := n.Incident
	if inc == nil {
		p.log.Warn("paging: notice without an incident ignored", "kind", string(n.Kind))
		return nil
	}
	if inc.Drill {
		p.log.Debug("paging: drill incident, nothing paged", "incident", inc.ID.String(), "kind", string(n.Kind))
		return nil
	}
	if n.Kind == workflow.NoticePage && !n.Page {
		return nil
	}
	now := p.now().UTC()
	var items []workflow.Outgoing
	if p.pd != nil {
		var action string
		switch n.Kind {
		case workflow.NoticePage:
			action = actionTrigger
		case workflow.NoticeAcknowledged:
			action = actionAcknowledge
		case workflow.NoticeResolved:
			action = actionResolve
		}
		if action != "" {
			body, err := p.pagerDutyEvent(action, n).storedBody()
			if err != nil {
				return fmt.Errorf("paging: %w", err)
			}
			o, err := workflow.NewOutgoing(tx.NewID, inc.ID, pagerDutyQueue+inc.ID.String(), kindPagerDuty+action, body, now)
			if err != nil {
				return fmt.Errorf("paging: %w", err)
			}
			items = append(items, o)
		}
	}
	if p.wh != nil {
		o, err := workflow.NewOutgoing(tx.NewID, inc.ID, webhookQueue+inc.ID.String(), kindWebhook+string(n.Kind), nil, now)
		if err != nil {
			return fmt.Errorf("paging: %w", err)
		}
		if o.Body, err = webhookEvent(o.ID, n, now).encode(); err != nil {
			return fmt.Errorf("paging: %w", err)
		}
		items = append(items, o)
	}
	if len(items) == 0 {
		return nil
	}
	if err := tx.Enqueue(items...); err != nil {
		return fmt.Errorf("paging: %w", err)
	}
	p.Wake()
	return nil
}

// person is who a notice is about, when it is one person.
func person(n workflow.Notice) string {
	if n.Target.Kind == workflow.TargetUser {
		return n.Target.ID
	}
	return ""
}

// scrub removes the secrets from a text bound for a log, an error or the
// timeline.
func (p *Pager) scrub(s string) string {
	if p.pd != nil && p.pd.RoutingKey != "" {
		s = strings.ReplaceAll(s, p.pd.RoutingKey, redacted)
	}
	if p.wh != nil && p.wh.Secret != "" {
		s = strings.ReplaceAll(s, p.wh.Secret, redacted)
	}
	return s
}
