package workflow_test

import (
	"errors"
	"strings"
	"testing"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// TestClosedIncident: a closed incident still answers the views, takes a
// redaction (a secret may be found after the close) and reopen, and refuses
// every other change without touching the store.
func TestClosedIncident(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Form spam")
	h.run("sato", "log pasted token abc123") // event 2
	h.run("sato", "close #1 --false-alarm load test")
	for _, text := range []string{"sev #1 high", "assign #1 tech @suzuki", "next #1", "log #1 late note",
		"status #1 confirmed: x", "decision #1 x | why: y", "escalate #1", "runbook #1 defacement",
		"finding #1 too late", "done #1 1"} {
		before := sqlitetest.Dump(t, h.path)
		if err := h.fail("sato", text); !errors.Is(err, workflow.ErrClosed) {
			t.Errorf("%q on a closed incident: %v, want ErrClosed", text, err)
		}
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%q changed the store", text)
		}
	}
	for _, text := range []string{"show #1", "checklist #1", "report #1"} {
		if r := h.run("sato", text); r.Incident == nil || !r.Incident.IsClosed() {
			t.Errorf("%q: %+v", text, r)
		}
	}
	r := h.run("sato", "redact #1 2 a token")
	if got := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(got, "event 2 redacted") {
		t.Errorf("redact reply: %q", got)
	}
	if strings.Contains(sqlitetest.Dump(t, h.path), "abc123") {
		t.Error("the redacted token is still in the database")
	}
	if inc := h.run("sato", "reopen #1 spam again").Incident; inc.Phase != workflow.PhaseInvestigate {
		t.Errorf("reopened into %s", inc.Phase)
	}
}
