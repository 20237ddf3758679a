package workflow_test

import (
	"context"
	"errors"
	"testing"

	"incidentbot/workflow"
)

// VerifyAnchor finds the event a published head names, by its whole hash or
// its first 12 digits or more, and fails when no event has it.
func TestVerifyAnchor(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open high Database down")
	h.run("sato", "log failover started")
	third := h.run("sato", "next").Incident.Head
	h.run("sato", "log replica promoted")
	ref := workflow.Ref{Number: 1}
	ctx := context.Background()

	_, events, err := h.svc.Timeline(ctx, workflow.ConsoleActor("sato"), ref)
	if err != nil {
		t.Fatal(err)
	}
	other := events[0].Hash
	other[0] ^= 0xff
	cases := []struct {
		name   string
		anchor string
		seq    int // 0: not found
	}{
		{"the whole hash", third.String(), 3},
		{"the short form", third.Short(), 3},
		{"upper case", "  " + toUpper(third.String()[:20]) + " ", 3},
		{"the first event", events[0].Hash.String(), 1},
		{"a hash no event has", other.String(), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, n, _, at, err := h.svc.VerifyAnchor(ctx, ref, tc.anchor)
			var ce *workflow.ChainError
			switch {
			case tc.seq == 0 && !errors.As(err, &ce):
				t.Errorf("err %v, want a *ChainError", err)
			case tc.seq != 0 && (err != nil || at.Seq != tc.seq || n != 4):
				t.Errorf("event %d of %d, %v; want event %d of 4", at.Seq, n, err, tc.seq)
			}
		})
	}
	for _, bad := range []string{"", "abc", "0123456789a", third.String() + "0", "xyz123456789abcd"} {
		if _, err := workflow.ParseAnchor(bad); err == nil {
			t.Errorf("ParseAnchor(%q) accepted", bad)
		}
	}
	if a, err := workflow.ParseAnchor(" " + toUpper(third.Short()) + " "); err != nil || a != third.Short() {
		t.Errorf("ParseAnchor of the short form: %q %v", a, err)
	}
}

func toUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
