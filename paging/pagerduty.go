package paging

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"

	"incidentbot/workflow"
)

// PagerDuty event actions.
const (
	actionTrigger     = "trigger"
	actionAcknowledge = "acknowledge"
	actionResolve     = "resolve"
)

// PagerDuty severities (payload.severity).
const (
	severityCritical = "critical"
	severityError    = "error"
	severityWarning  = "warning"
)

// pdEvent is an Events API v2 event. It is queued without the routing key,
// which is added when it is sent, so the key is never written to the store.
type pdEvent struct {
	RoutingKey  string     `json:"routing_key,omitempty"`
	EventAction string     `json:"event_action"`
	DedupKey    string     `json:"dedup_key"`
	Payload     *pdPayload `json:"payload,omitempty"` // trigger only
}

type pdPayload struct {
	Summary       string    `json:"summary"`
	Source        string    `json:"source"`
	Severity      string    `json:"severity"`
	CustomDetails pdDetails `json:"custom_details"`
}

// pdDetails tell the person paged which incident, chain and step this is.
type pdDetails struct {
	Incident string `json:"incident"` // #N
	Severity string `json:"severity"` // the level's key
	Role     string `json:"role,omitempty"`
	Link     int    `json:"link"`  // position on the chain: 0 primary, 1 secondary, 2 final
	Round    int    `json:"round"` // 0 the first pass over the chain
	Person   string `json:"person,omitempty"`
}

// pagerDutyEvent builds the event for a notice. The dedup_key is the incident
// id: however many steps an escalation takes, PagerDuty holds one alert per
// incident, and acknowledge and resolve find it.
func (p *Pager) pagerDutyEvent(action string, n workflow.Notice) pdEvent {
	inc := n.Incident
	ev := pdEvent{EventAction: action, DedupKey: inc.ID.String()}
	if action != actionTrigger {
		return ev
	}
	ev.Payload = &pdPayload{
		Summary:  p.summary(inc),
		Source:   defaultSource,
		Severity: p.severity(inc.Severity),
		CustomDetails: pdDetails{
			Incident: inc.Ref().String(),
			Severity: string(inc.Severity),
			Role:     string(n.Role),
			Link:     n.Link,
			Round:    n.Round,
			Person:   person(n),
		},
	}
	return ev
}

// summary is "#N title — severity"; a private incident's title stays out.
func (p *Pager) summary(inc *workflow.Incident) string {
	s := inc.Ref().String()
	if !inc.Private && inc.Title != "" {
		s += " " + inc.Title
	}
	s += " — " + p.scale.Level(inc.Severity).Localize(p.lang)
	if utf8.RuneCountInString(s) > maxSummaryRunes {
		r := []rune(s)
		s = string(r[:maxSummaryRunes-1]) + "…"
	}
	return s
}

// severity maps a level to PagerDuty's: the top level is critical, the
// lowest (of several) a warning, anything between (or unknown) an error.
func (p *Pager) severity(k workflow.SeverityKey) string {
	rank, top := p.scale.Rank(k), len(p.scale.Levels)-1
	switch {
	case rank == top:
		return severityCritical
	case rank == 0:
		return severityWarning
	}
	return severityError
}

// storedBody is the event as queued (no routing key).
func (ev pdEvent) storedBody() ([]byte, error) {
	ev.RoutingKey = ""
	return json.Marshal(ev)
}

// sendPagerDuty posts a queued event with the routing key. PagerDuty answers
// 202 when it accepted the event; any 2xx counts.
func (p *Pager) sendPagerDuty(ctx context.Context, body []byte) error {
	if p.pd == nil {
		return &permanentError{"pagerduty is not configured"}
	}
	var ev pdEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return &permanentError{"unreadable queued event: " + err.Error()}
	}
	ev.RoutingKey = p.pd.RoutingKey
	out, err := json.Marshal(ev)
	if err != nil {
		return &permanentError{fmt.Sprintf("encode event: %v", err)}
	}
	ctx, cancel := context.WithTimeout(ctx, pagerDutyTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.pd.URL, bytes.NewReader(out))
	if err != nil {
		return &permanentError{"build request: bad url"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	return p.do(req, "pagerduty")
}
