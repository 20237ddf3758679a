package paging

import (
	"net/http"
	"testing"
	"time"

	"incidentbot/workflow"
)

type nopStore struct{ workflow.Store }

func TestDefaults(t *testing.T) {
	p, err := New(Options{Store: nopStore{}, PagerDuty: &PagerDutyConfig{RoutingKey: "k"}, Webhook: &WebhookConfig{URL: "http://h.test/", Secret: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	// Retries 0 means none, as config's retries = 0 does.
	if p.pd.URL != DefaultPagerDutyURL || p.wh.Timeout != DefaultWebhookTimeout || p.wh.Retries != 0 {
		t.Errorf("defaults: %v %v", p.pd, p.wh)
	}
}

func TestSeverityMapping(t *testing.T) {
	p := &Pager{scale: workflow.DefaultScale()}
	for k, want := range map[workflow.SeverityKey]string{"high": "critical", "medium": "error", "low": "warning", "gone": "error"} {
		if got := p.severity(k); got != want {
			t.Errorf("%s → %s, want %s", k, got, want)
		}
	}
	p.scale = workflow.Scale{Levels: []workflow.Level{{Key: "only"}}}
	if got := p.severity("only"); got != "critical" {
		t.Errorf("a single level → %s, want critical", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30", 30 * time.Second, true},
		{" 0 ", 0, true},
		{"-5", 0, true},
		{"999999", maxRetryAfter, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"soon", 0, false},
	}
	for _, c := range cases {
		got, ok := parseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
