package paging

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"incidentbot/workflow"
)

// Webhook request headers.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body,
	// keyed with the webhook secret.
	SignatureHeader = "X-Incidentbot-Signature"
	// TimestampHeader carries the Unix time (seconds) of the attempt.
	TimestampHeader = "X-Incidentbot-Timestamp"
	// DeliveryHeader carries the event's id, as in the body.
	DeliveryHeader = "X-Incidentbot-Delivery"
	userAgent      = "incidentbot"
)

// WebhookEvent is the JSON body of a webhook request.
type WebhookEvent struct {
	// ID is the same on every attempt of one event: receivers drop repeats
	// by it (delivery is at least once).
	ID       workflow.ID     `json:"id"`
	Event    string          `json:"event"` // the notice kind: page, acknowledged, resolved, …
	Incident WebhookIncident `json:"incident"`
	Role     string          `json:"role,omitempty"`
	Link     *int            `json:"link,omitempty"`  // set with Role: 0 primary, 1 secondary, 2 final
	Round    *int            `json:"round,omitempty"` // set with Role: 0 the first pass
	Person   string          `json:"person,omitempty"`
	Target   string          `json:"target,omitempty"`   // a group or channel told (inform)
	Decision int             `json:"decision,omitempty"` // approval: the decision's number
	At       time.Time       `json:"at"`                 // when the change happened
}

// WebhookIncident describes the incident in a webhook event.
type WebhookIncident struct {
	ID       workflow.ID `json:"id"`
	Ref      string      `json:"ref"`             // #N
	Title    string      `json:"title,omitempty"` // omitted when private
	Private  bool        `json:"private,omitempty"`
	Severity string      `json:"severity"`
	Phase    string      `json:"phase"`
}

// Sign is the value of SignatureHeader for body: "sha256=" and the hex
// HMAC-SHA256 of the body keyed with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func webhookEvent(id workflow.ID, n workflow.Notice, at time.Time) WebhookEvent {
	inc := n.Incident
	ev := WebhookEvent{
		ID:    id,
		Event: string(n.Kind),
		Incident: WebhookIncident{
			ID:       inc.ID,
			Ref:      inc.Ref().String(),
			Private:  inc.Private,
			Severity: string(inc.Severity),
			Phase:    string(inc.Phase),
		},
		Role:     string(n.Role),
		Person:   person(n),
		Decision: n.Decision,
		At:       at,
	}
	if !inc.Private {
		ev.Incident.Title = inc.Title
	}
	if n.Role != "" {
		link, round := n.Link, n.Round
		ev.Link, ev.Round = &link, &round
	}
	if n.Target.Kind != "" && n.Target.Kind != workflow.TargetUser {
		ev.Target = n.Target.String()
	}
	return ev
}

func (ev WebhookEvent) encode() ([]byte, error) { return json.Marshal(ev) }

// sendWebhook posts a queued body as it is (so every attempt is byte for
// byte the same), signed.
func (p *Pager) sendWebhook(ctx context.Context, o workflow.Outgoing) error {
	if p.wh == nil {
		return &permanentError{"the webhook is not configured"}
	}
	ctx, cancel := context.WithTimeout(ctx, p.wh.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.wh.URL, bytes.NewReader(o.Body))
	if err != nil {
		return &permanentError{"build request: bad url"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(SignatureHeader, Sign(p.wh.Secret, o.Body))
	req.Header.Set(TimestampHeader, strconv.FormatInt(p.now().Unix(), 10))
	req.Header.Set(DeliveryHeader, o.ID.String())
	return p.do(req, "webhook")
}
