package workflow

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestStepExhaustive tries every phase × every target × every kind of move and
// checks the result against the table written out here by hand (not the one
// the code uses), so a change to either shows up.
func TestStepExhaustive(t *testing.T) {
	type key struct {
		from, to Phase
		move     Move
	}
	legal := map[key]bool{
		{PhaseDetect, PhaseInitial, MoveForward}:      true,
		{PhaseInitial, PhaseInvestigate, MoveForward}: true,
		{PhaseInvestigate, PhaseContain, MoveForward}: true,
		{PhaseContain, PhaseRecover, MoveForward}:     true,
		{PhaseRecover, PhasePost, MoveForward}:        true,
		{PhaseContain, PhaseInvestigate, MoveBack}:    true,
		{PhaseRecover, PhaseInvestigate, MoveBack}:    true,
		{PhaseRecover, PhaseContain, MoveBack}:        true,
		{PhasePost, PhaseInvestigate, MoveBack}:       true,
		{PhasePost, PhaseContain, MoveBack}:           true,
		{PhasePost, PhaseRecover, MoveBack}:           true,
		{PhasePost, PhaseClosed, MoveClose}:           true,
		{PhaseDetect, PhaseClosed, MoveFalseAlarm}:    true,
		{PhaseInitial, PhaseClosed, MoveFalseAlarm}:   true,
		{PhaseClosed, PhaseInvestigate, MoveReopen}:   true,
	}
	moves := []Move{MoveForward, MoveBack, MoveClose, MoveFalseAlarm, MoveReopen}
	checked := 0
	for _, from := range Phases {
		for _, to := range Phases {
			for _, m := range append(moves, "") {
				checked++
				got, err := Step(from, to, m)
				want := legal[key{from, to, m}]
				if m == "" { // "phase <name>": a forward or a back step
					want = legal[key{from, to, MoveForward}] || legal[key{from, to, MoveBack}]
				}
				if want {
					if err != nil {
						t.Errorf("%s → %s (%q): unexpected error %v", from, to, m, err)
					} else if m != "" && got != m {
						t.Errorf("%s → %s: took %s, want %s", from, to, got, m)
					}
					continue
				}
				var te *TransitionError
				if !errors.As(err, &te) || !errors.Is(err, ErrTransition) {
					t.Errorf("%s → %s (%q): want *TransitionError, got %v", from, to, m, err)
					continue
				}
				var wantAllowed []Transition
				for k := range legal {
					if k.from == from {
						wantAllowed = append(wantAllowed, Transition{k.from, k.to, k.move})
					}
				}
				if len(te.Allowed) != len(wantAllowed) {
					t.Errorf("%s → %s: allowed %v, want %v", from, to, te.Allowed, wantAllowed)
				}
				for _, w := range wantAllowed {
					if !slices.Contains(te.Allowed, w) {
						t.Errorf("%s → %s: allowed list misses %v", from, to, w)
					}
				}
				// The message names every allowed destination in both languages.
				for _, l := range Langs {
					text := Render(l, te.Message())
					for _, w := range wantAllowed {
						if !containsStr(text, w.To.Localize(l)) {
							t.Errorf("%s → %s (%s): message %q does not name %s", from, to, l, text, w.To)
						}
					}
				}
			}
		}
	}
	if checked != len(Phases)*len(Phases)*6 {
		t.Fatalf("checked %d combinations", checked)
	}
	if len(Transitions()) != len(legal) {
		t.Errorf("code table has %d rows, hand table %d", len(Transitions()), len(legal))
	}
}

func TestReasonRules(t *testing.T) {
	for _, tc := range []struct {
		m    Move
		want bool
	}{{MoveForward, false}, {MoveBack, true}, {MoveClose, false}, {MoveFalseAlarm, true}, {MoveReopen, true}} {
		if tc.m.NeedsReason() != tc.want {
			t.Errorf("%s.NeedsReason() = %v", tc.m, !tc.want)
		}
	}
}

func TestParsePhase(t *testing.T) {
	for in, want := range map[string]Phase{"detect": PhaseDetect, "Investigate": PhaseInvestigate, "封じ込め": PhaseContain, "post-incident": PhasePost, "事後": PhasePost} {
		if got, ok := ParsePhase(in); !ok || got != want {
			t.Errorf("ParsePhase(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParsePhase("closed"); ok {
		t.Error("closed must not be a phase to move to by name")
	}
}

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }
