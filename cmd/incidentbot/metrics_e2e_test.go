package main

import (
	"strings"
	"testing"
)

// TestSlackMetrics: after a few commands through `serve` in HTTP mode and
// their deliveries, /metrics exposes the operators' metrics: commands by verb
// and outcome, their time, the store's batches and writer queue, the outbox
// by queue kind, Web API errors by method, open incidents by severity and
// the escalation steps.
func TestSlackMetrics(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	e.fake.Error("conversations.setTopic", 1, "too_long")
	for _, c := range []struct{ text, want string }{
		{"open high Database down", "Opened #1 (High): Database down"},
		{"log #1 failover started", "#1: note recorded (event 2)"},
		{"log #1 replica promoted", "#1: note recorded (event 3)"},
		{"decision #1 fail over", "why"},
	} {
		if got := e.command(p, seGeneral, c.text); !strings.Contains(got, c.want) {
			t.Fatalf("%q: ack %q, want %q", c.text, got, c.want)
		}
	}
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })

	m := string(e.get(p, "/metrics").body)
	for series, want := range map[string]float64{
		`incidentbot_commands_total{outcome="ok",verb="open"}`:                       1,
		`incidentbot_commands_total{outcome="ok",verb="log"}`:                        2,
		`incidentbot_commands_total{outcome="refused",verb="decision"}`:              1,
		`incidentbot_commands_total{outcome="busy",verb="log"}`:                      0,
		`incidentbot_command_seconds_count`:                                          4,
		`incidentbot_store_write_queue`:                                              0,
		`incidentbot_outbox_pending{queue="slack"}`:                                  0,
		`incidentbot_outbox_oldest_seconds{queue="dm"}`:                              0,
		`incidentbot_open_incidents{drill="false",severity="high"}`:                  1,
		`incidentbot_escalation_steps_total{kind="page"}`:                            0,
		`slack_api_errors_total{method="conversations.setTopic",reason="api_error"}`: 1,
	} {
		if got := metricValue(m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if n := metricValue(m, "incidentbot_store_batch_size_count"); n < 1 {
		t.Errorf("incidentbot_store_batch_size_count = %v", n)
	}
}
