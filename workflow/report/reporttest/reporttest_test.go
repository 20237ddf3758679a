package reporttest

import (
	"testing"

	"incidentbot/workflow"
)

// The long incident is a valid timeline of exactly n events, the same on
// every call.
func TestLong(t *testing.T) {
	for _, n := range []int{30, 257, 1000} {
		inc, events, err := Long(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != n || inc.Seq != n {
			t.Fatalf("%d: %d events, snapshot at %d", n, len(events), inc.Seq)
		}
		if _, err := workflow.VerifyChain(events); err != nil {
			t.Errorf("%d: %v", n, err)
		}
		_, again, _ := Long(n)
		if again[n-1].Hash != events[n-1].Hash {
			t.Errorf("%d: another call gave another chain", n)
		}
	}
}
