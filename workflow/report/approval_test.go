package report

import (
	"encoding/json"
	"strings"
	"testing"

	"incidentbot/workflow"
)

const secretStop = "the applicant database of Hanako"

// stopSession has a decision of every stop outcome: allowed by the level's
// may_stop, approved later, refused with a reason, approved as logged by an
// author who may approve, still pending, and a pending one whose decision was
// redacted; plus a correction of a stopping decision.
func stopSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000009")}
	decide := func(a workflow.Actor, mm int, what, stop string) {
		tl.add(t, a, at(10, mm), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: what, Why: "spreading", DecidedBy: sato.Person()}, Stop: stop})
	}
	tl.add(t, sato, at(10, 0), workflow.Opened{Title: "Defaced", Severity: "high", Number: 2, Opener: sato.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 30)})            // 1
	tl.add(t, sato, at(10, 1), workflow.RoleAssigned{Role: workflow.RoleApprover, To: kato.Person()})                                                                        // 2
	decide(suzuki, 2, "Cut off the admin screen", "admin screen")                                                                                                            // 3: decision 1
	tl.add(t, suzuki, at(10, 2), workflow.StopApproved{Decision: 1, Basis: workflow.StopByPolicy, Level: "high"})                                                            // 4
	decide(suzuki, 3, "Take the entry form offline", "entry form")                                                                                                           // 5: decision 2
	tl.add(t, suzuki, at(10, 3), workflow.StopRequested{Decision: 2, Ask: []string{"user:kato"}})                                                                            // 6
	tl.add(t, kato, at(10, 7), workflow.StopApproved{Decision: 2})                                                                                                           // 7
	decide(suzuki, 8, "Stop mail delivery", "mail delivery")                                                                                                                 // 8: decision 3
	tl.add(t, suzuki, at(10, 8), workflow.StopRequested{Decision: 3, Ask: []string{"user:kato"}})                                                                            // 9
	tl.add(t, kato, at(10, 9), workflow.StopRefused{Decision: 3, Reason: "customers need the mail"})                                                                         // 10
	decide(kato, 10, "Pause payments", "payment")                                                                                                                            // 11: decision 4
	tl.add(t, kato, at(10, 10), workflow.StopApproved{Decision: 4, Basis: workflow.StopByAuthority})                                                                         // 12
	decide(suzuki, 11, "Freeze the CMS", "CMS")                                                                                                                              // 13: decision 5
	tl.add(t, suzuki, at(10, 11), workflow.StopRequested{Decision: 5, Ask: []string{"user:kato"}})                                                                           // 14
	tl.add(t, yamada, at(10, 12), workflow.Amended{Of: 2, DecisionFields: workflow.DecisionFields{Next: "tell applicants", DecidedBy: kato.Person(), DecidedAt: at(10, 1)}}) // 15
	decide(suzuki, 13, "Close "+secretStop, secretStop)                                                                                                                      // 16: decision 6
	tl.add(t, suzuki, at(10, 13), workflow.StopRequested{Decision: 6, Ask: []string{"role:approver"}})                                                                       // 17
	tl.add(t, kato, at(10, 14), workflow.Redaction{Seq: 16, Reason: "personal data"})                                                                                        // 18
	tl.redact(16)
	return tl
}

func TestStopOutcomesInDecisionTable(t *testing.T) {
	r := build(t, stopSession(t).events)
	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"| # | Time | Decision | Why | Action | Next | Decided by | Decided at | Recorded by | Stop (approval) |",
		"| 1 | 2026-11-20 10:02 UTC | Cut off the admin screen | spreading | — | — | @sato | — | @suzuki | admin screen: allowed without asking at High (may\\_stop) |",
		"| 2 | 2026-11-20 10:03 UTC | Take the entry form offline | spreading | — | — | @sato | — | @suzuki | entry form: approved by @kato at 2026-11-20 10:07 UTC |",
		"| 3 | 2026-11-20 10:08 UTC | Stop mail delivery | spreading | — | — | @sato | — | @suzuki | mail delivery: refused by @kato at 2026-11-20 10:09 UTC: customers need the mail |",
		"| 4 | 2026-11-20 10:10 UTC | Pause payments | spreading | — | — | @sato | — | @kato | payment: approved as logged by @kato, who may approve stops |",
		"| 5 | 2026-11-20 10:11 UTC | Freeze the CMS | spreading | — | — | @sato | — | @suzuki | CMS: waiting for approval |",
		"| correction of 2 | 2026-11-20 10:12 UTC | Take the entry form offline | spreading | — | tell applicants | @kato | 2026-11-20 10:01 UTC | @yamada | — |",
		"| 6 | 2026-11-20 10:13 UTC | (redacted) | (redacted) | (redacted) | (redacted) | (redacted) | (redacted) | @suzuki | (redacted): waiting for approval |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q\n%s", want, md)
		}
	}
	ja := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{"停止（承認）", "entry form: @katoが承認（2026-11-20 10:07 UTC）", "CMS: 承認待ち", "重大度高では承認不要"} {
		if !strings.Contains(ja, want) {
			t.Errorf("Japanese markdown lacks %q", want)
		}
	}
	checkNoKeys(t, md)
	checkNoKeys(t, ja)

	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"md en": md, "md ja": ja, "json": string(j)} {
		if strings.Contains(out, secretStop) {
			t.Errorf("%s holds the redacted stop", name)
		}
	}
	var got struct {
		Decisions []struct {
			Stop     string    `json:"stop"`
			Approval *Approval `json:"approval"`
		} `json:"decisions"`
	}
	if err := json.Unmarshal(j, &got); err != nil {
		t.Fatal(err)
	}
	d := got.Decisions
	if len(d) != 6 {
		t.Fatalf("%d decisions", len(d))
	}
	want := []struct {
		stop, state string
		basis       workflow.StopBasis
		by          string
		asked       int
		seq         int
	}{
		{"admin screen", ApprovalApproved, workflow.StopByPolicy, "suzuki", 0, 4},
		{"entry form", ApprovalApproved, "", "kato", 1, 7},
		{"mail delivery", ApprovalRefused, "", "kato", 1, 10},
		{"payment", ApprovalApproved, workflow.StopByAuthority, "kato", 0, 12},
		{"CMS", ApprovalPending, "", "", 1, 14},
		{"", ApprovalPending, "", "", 1, 17},
	}
	for i, w := range want {
		a := d[i].Approval
		if d[i].Stop != w.stop || a == nil || a.State != w.state || a.Basis != w.basis || a.Seq != w.seq || len(a.Asked) != w.asked {
			t.Errorf("decision %d: %q %+v, want %+v", i+1, d[i].Stop, a, w)
			continue
		}
		if (a.By == nil) != (w.by == "") || (a.By != nil && a.By.ID != w.by) {
			t.Errorf("decision %d: by %v, want %q", i+1, a.By, w.by)
		}
		if (a.RequestedAt == nil) != (w.asked == 0) {
			t.Errorf("decision %d: requested_at %v", i+1, a.RequestedAt)
		}
	}
	if d[2].Approval.Reason != "customers need the mail" || d[0].Approval.Level != "high" {
		t.Errorf("refusal %+v, may_stop %+v", d[2].Approval, d[0].Approval)
	}
}

// A report with no stops keeps the decision table as it was.
func TestNoStopColumnWithoutStops(t *testing.T) {
	r := build(t, session(t).events)
	if md := string(r.Markdown(workflow.English)); strings.Contains(md, "Stop (approval)") {
		t.Error("stop column without any stop")
	}
	for _, d := range r.Decisions {
		if d.Approval != nil || d.Stop != "" {
			t.Errorf("decision %d: %q %+v", d.Number, d.Stop, d.Approval)
		}
	}
}

// Who decided and when (by:, at:) are in the JSON: as recorded, as corrected
// and after the correction.
func TestDecidedByAndAtExported(t *testing.T) {
	r := build(t, stopSession(t).events)
	d := r.Decisions[1]
	if d.DecidedBy == nil || d.DecidedBy.ID != sato.User || d.DecidedAt != nil {
		t.Errorf("decision 2 as recorded: by %+v at %v", d.DecidedBy, d.DecidedAt)
	}
	if c := d.Current; c.DecidedBy == nil || c.DecidedBy.ID != kato.User || c.DecidedAt == nil || !c.DecidedAt.Equal(at(10, 1)) || c.Next != "tell applicants" {
		t.Errorf("decision 2 as corrected: %+v", c)
	}
	c := r.Corrections[0]
	if c.DecidedBy == nil || c.DecidedBy.ID != kato.User || c.Decision != "" || c.Result.DecidedBy == nil || c.Result.DecidedBy.ID != kato.User {
		t.Errorf("correction: %+v", c)
	}
	if r.Decisions[0].Current.DecidedAt != nil {
		t.Errorf("decision 1 has no at: %+v", r.Decisions[0].Current)
	}
}
