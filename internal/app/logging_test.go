package app

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"incidentbot/config"
)

// Durations are logged as text in JSON and in text, at the top level, in
// groups and inside a value that logs itself (the configuration).
func TestLogDurationsAsText(t *testing.T) {
	cfg := config.Default()
	for name, mk := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, LogOptions(slog.LevelInfo)) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, LogOptions(slog.LevelInfo)) },
	} {
		var b bytes.Buffer
		log := slog.New(mk(&b))
		log.Info("x", "after", 10*time.Minute, slog.Group("g", slog.Duration("wait", 90*time.Second)), "config", cfg)
		out := b.String()
		for _, want := range []string{"10m0s", "1m30s", "unassigned_reminder", "10s"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: lacks %q:\n%s", name, want, out)
			}
		}
		for _, ns := range []string{"600000000000", "90000000000", "10000000000"} {
			if strings.Contains(out, ns) {
				t.Errorf("%s: a duration in nanoseconds (%s):\n%s", name, ns, out)
			}
		}
	}
}
