package postgres_test

import (
	"strings"
	"testing"

	"incidentbot/storage/postgres"
)

// TestRedact: the password never survives, wherever the DSN carries it.
func TestRedact(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://bot:s3cr%21t@db.internal:5432/incidents?sslmode=require", "postgres://bot:xxxxx@db.internal:5432/incidents?sslmode=require"},
		{"postgresql://bot@db/incidents?password=s3cr%21t&sslmode=disable", "postgresql://bot@db/incidents?password=xxxxx&sslmode=disable"},
		{"postgres://db/incidents", "postgres://db/incidents"},
		{"postgres://bot:s3cr!t@%zz/x", "postgres://(unreadable connection string)"},
		{"host=db user=bot password=s3cr3t", "postgres://(unreadable connection string)"},
		{"bot:s3cr3t@db/incidents", "postgres://(unreadable connection string)"},
		{"incidentbot.db", "incidentbot.db"},
	} {
		got := postgres.Redact(tc.dsn)
		if got != tc.want || strings.Contains(got, "s3cr") {
			t.Errorf("Redact(%q) = %q, want %q", tc.dsn, got, tc.want)
		}
	}
}

// TestOpenHidesPassword: a database that cannot be reached, or a DSN that
// does not parse, is named without its password.
func TestOpenHidesPassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://bot:s3cr3t@127.0.0.1:1/incidents?sslmode=disable&connect_timeout=2",
		"postgres://bot:s3cr3t@127.0.0.1:1/incidents?sslmode=bogus",
		"mysql://bot:s3cr3t@127.0.0.1/incidents",
	} {
		_, err := postgres.Open(ctx, dsn, postgres.Options{})
		if err == nil {
			t.Fatalf("Open(%s) succeeded", postgres.Redact(dsn))
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("Open's error shows the password: %v", err)
		}
	}
}
