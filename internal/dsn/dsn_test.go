package dsn

import "testing"

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://h/db":                     true,
		"POSTGRESQL://bot@h:5432/db":          true,
		"postgres:///db?host=/run/postgresql": true,
		"postgres:///db":                      false, // no host: the driver's defaults would pick one
		"postgres:/h":                         false,
		"mysql://bot@h/db":                    false,
		"incidentbot.db":                      false,
		"/var/lib/x.db":                       false,
		"postgres://bot:pw@%zz/x":             false,
		"":                                    false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}
