package app

import "log/slog"

// LogOptions are the handler options of every logger the commands make:
// durations print as Go writes them ("10m0s"), not as the nanoseconds the
// JSON handler writes by default, so a log line reads like the config.
func LogOptions(level slog.Leveler) *slog.HandlerOptions {
	return &slog.HandlerOptions{Level: level, ReplaceAttr: durationAsText}
}

// durationAsText is a ReplaceAttr: a duration, at any depth of groups, is
// logged as its String.
func durationAsText(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}
