package workflow_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

func itoa(n int) string { return strconv.Itoa(n) }

// said renders a reply in English.
func said(r workflow.Reply) string { return workflow.RenderAll(workflow.English, r.Lines) }

// refused runs a command that must be refused with one line, changing
// nothing in the store, and returns the line in English.
func (h *harness) refused(as, text string) string {
	h.t.Helper()
	before := sqlitetest.Dump(h.t, h.path)
	err := h.fail(as, text)
	if sqlitetest.Dump(h.t, h.path) != before {
		h.t.Errorf("%q changed the store", text)
	}
	m, _ := workflow.UserMessageOf(err)
	line := workflow.Render(workflow.English, m)
	if strings.Contains(line, "\n") {
		h.t.Errorf("%q: the refusal is more than one line:\n%s", text, line)
	}
	return line
}

// A statement's life: drafted, refused as sent before approval, approved by
// the approver only, sent; approving or editing what was sent changes
// nothing; an edit makes a new version that needs approval again.
func TestStatementLifecycle(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open high Applicants' CVs reachable by link")
	h.run("sato", "assign approver @boss")
	h.run("sato", "assign comms @tanaka")

	// Free text is never split: bars and labels stay in it.
	r := h.run("tanaka", "statement customers Our entry form was closed | why: a link exposed files; no payment data was involved.")
	if got := said(r); !strings.Contains(got, "#1: statement 1 to customers drafted (version 1, event") ||
		!strings.Contains(got, "waits for approval by the approver") {
		t.Errorf("draft reply: %q", got)
	}
	st, _ := r.Incident.Statement(1)
	if st.Text != "Our entry form was closed | why: a link exposed files; no payment data was involved." || st.State != workflow.DraftWaiting || st.Audience != workflow.AudienceCustomers {
		t.Errorf("statement 1: %+v", st)
	}

	if got := h.refused("tanaka", "statement sent 1 email"); !strings.Contains(got, "not approved yet") || !strings.Contains(got, "It may be approved by the approver: /incident statement approve 1") {
		t.Errorf("sent before approval: %q", got)
	}
	if err := h.fail("tanaka", "statement approve 1"); !errors.Is(err, workflow.ErrForbidden) {
		t.Errorf("approve by comms: %v", err)
	}
	if got := said(h.run("boss", "statement approve 1")); !strings.Contains(got, "statement 1 to customers, version 1, approved") {
		t.Errorf("approve: %q", got)
	}
	if got := h.refused("boss", "statement approve 1"); !strings.Contains(got, "already approved") {
		t.Errorf("approve twice: %q", got)
	}
	r = h.run("tanaka", "statement sent 1 email to the 212 applicants")
	if got := said(r); !strings.Contains(got, "recorded as sent: email to the 212 applicants") || !strings.Contains(got, "approved by @boss") {
		t.Errorf("sent: %q", got)
	}
	if got := h.refused("boss", "statement approve 1"); !strings.Contains(got, "already sent") {
		t.Errorf("approve of a sent one: %q", got)
	}
	if got := h.refused("tanaka", "statement edit 1 a better text"); !strings.Contains(got, "was sent") {
		t.Errorf("edit of a sent one: %q", got)
	}

	// A new version resets the approval.
	h.run("tanaka", "statement 本人 お詫びとお知らせ")
	h.run("boss", "statement approve 2")
	r = h.run("tanaka", "statement edit 2 お詫びとお知らせ（第2版）")
	if st, _ := r.Incident.Statement(2); st.Version != 2 || st.State != workflow.DraftWaiting || st.Audience != workflow.AudienceAffected {
		t.Errorf("statement 2 after edit: %+v", st)
	}
	if got := h.refused("tanaka", "statement sent 2 mail"); !strings.Contains(got, "Statement 2 (version 2) is not approved yet") {
		t.Errorf("sent of the new version: %q", got)
	}
	// A click on the first version's post approves nothing newer.
	if got := h.refused("boss", "statement approve 2 v1"); !strings.Contains(got, "Version 1 of statement 2 is no longer the current one") {
		t.Errorf("approve an old version: %q", got)
	}
	h.run("boss", "statement approve 2 v2")

	// A refused draft cannot be sent.
	h.run("tanaka", "statement press We are looking into it.")
	if got := said(h.run("boss", "statement refuse 3 too early to say anything")); !strings.Contains(got, "refused (event") || !strings.Contains(got, "too early") {
		t.Errorf("refuse: %q", got)
	}
	if got := h.refused("tanaka", "statement sent 3 website"); !strings.Contains(got, "was refused (@boss), so it may not be sent") {
		t.Errorf("sent of a refused one: %q", got)
	}
	if got := h.refused("boss", "statement approve 3"); !strings.Contains(got, "was refused") {
		t.Errorf("approve of a refused one: %q", got)
	}
	if got := h.refused("tanaka", "statement sent 9"); !strings.Contains(got, "statements are 1 to 3") {
		t.Errorf("an unknown number: %q", got)
	}

	got := said(h.run("sato", "statements"))
	for _, want := range []string{"#1: statements (3, 0 waiting for approval):", "1. to customers · version 1 · sent at",
		"2. to the people affected · version 2 · approved by @boss", "3. to the press · version 1 · refused by @boss", "“お詫びとお知らせ（第2版）”"} {
		if !strings.Contains(got, want) {
			t.Errorf("statements lacks %q:\n%s", want, got)
		}
	}
	if _, _, _, err := h.svc.Verify(context.Background(), workflow.Ref{Number: 1}); err != nil {
		t.Errorf("verify: %v", err)
	}
	kinds := h.kinds(workflow.Ref{Number: 1})
	count := map[workflow.EventKind]int{}
	for _, k := range kinds {
		count[k]++
	}
	for k, n := range map[workflow.EventKind]int{workflow.EventStatementDrafted: 3, workflow.EventStatementEdited: 1,
		workflow.EventStatementApproved: 3, workflow.EventStatementRefused: 1, workflow.EventStatementSent: 1} {
		if count[k] != n {
			t.Errorf("%d %s events, want %d", count[k], k, n)
		}
	}
}

// Mistakes are one line each and change nothing.
func TestStatementRefusals(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Form spam")
	for _, tc := range []struct{ text, want string }{
		{"statement investors We are fine", "“investors” is not an audience. Audiences: customers, partners, staff, regulator, press, affected."},
		{"statement", "Name the audience, then the text"},
		{"statement customers", "The statement text is missing"},
		{"statement approve 1", "#1 has no statement 1: none is drafted yet."},
		{"statement approve x", "“x” is not a statement number"},
		{"statement edit 1", "The statement text is missing"},
		{"statement edit", "The statement number is missing"},
	} {
		if got := h.refused("sato", tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A redacted draft keeps its number and audience; the text is gone from
// the state and the chain still verifies.
func TestStatementRedacted(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Form spam")
	r := h.run("sato", "statement staff the password is hunter2")
	h.run("sato", "statement edit 1 please do not share passwords")
	h.run("sato", "redact "+itoa(r.Events[0].Seq)+" a pasted password")
	inc := h.show("sato", "#1")
	st, ok := inc.Statement(1)
	if !ok || st.Version != 2 || st.Audience != workflow.AudienceStaff || st.Text != "please do not share passwords" {
		t.Errorf("after redacting the first draft: %+v", st)
	}
	h.run("sato", "redact "+itoa(r.Events[0].Seq+1)+" wrong text")
	st, _ = h.show("sato", "#1").Statement(1)
	if !st.Redacted || st.Text != "" || st.Version != 2 || st.State != workflow.DraftWaiting {
		t.Errorf("after redacting the version: %+v", st)
	}
	if strings.Contains(sqlitetest.Dump(t, h.path), "hunter2") {
		t.Error("the redacted text is still in the database")
	}
	if _, _, _, err := h.svc.Verify(context.Background(), workflow.Ref{Number: 1}); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// personal-data sets the one flag; the same answer twice changes nothing.
func TestPersonalDataFlag(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Form spam")
	r := h.run("sato", "personal-data yes --unlawful access from outside")
	if pd := r.Incident.PersonalData; pd == nil || !pd.Involved || !pd.Unlawful || pd.Source != workflow.PersonalDataByCommand || pd.Reason != "access from outside" {
		t.Errorf("flag: %+v", pd)
	}
	if got := said(r); !strings.Contains(got, "#1: personal data involved, possibly for an unlawful purpose (event") {
		t.Errorf("reply: %q", got)
	}
	if got := h.refused("sato", "個人情報 はい --unlawful"); !strings.Contains(got, "#1 already records that") {
		t.Errorf("the same twice: %q", got)
	}
	if got := h.refused("sato", "personal-data no --unlawful"); !strings.Contains(got, "--unlawful goes with yes") {
		t.Errorf("no --unlawful: %q", got)
	}
	if got := h.refused("sato", "personal-data maybe"); !strings.Contains(got, "“maybe” is not yes or no") {
		t.Errorf("maybe: %q", got)
	}
	r = h.run("sato", "personal-data no vendor confirmed nothing was read")
	if r.Incident.PersonalDataInvolved() {
		t.Errorf("flag after no: %+v", r.Incident.PersonalData)
	}
	if got := said(h.run("sato", "show")); !strings.Contains(got, "Personal data: no personal data involved (recorded by @sato") {
		t.Errorf("show: %q", got)
	}
}

// Deadline items: done <key> ticks an item of any phase, they hold no
// phase move, and after the close they still take done while other items
// do not.
func TestDeadlineItems(t *testing.T) {
	lib := testLibrary()
	lib.runbooks["data-leak"] = workflow.Runbook{
		Name: "data-leak", Title: tx("Leak", "漏えい"), Keywords: []string{"leak"}, PersonalData: true,
		Phases: map[workflow.Phase][]workflow.ChecklistItem{
			workflow.PhaseDetect: {{Key: "confirm", Text: tx("Confirm it", "確かめる"), Owner: workflow.RoleTech}},
			workflow.PhaseInitial: {
				{Key: "isolate", Text: tx("Isolate", "隔離する"), Owner: workflow.RoleTech},
				{Key: "ppc", Text: tx("Preliminary report to the Commission. Soon.", "委員会への速報。"), Owner: workflow.RoleApprover,
					When: workflow.WhenPersonalData, Due: 72 * time.Hour},
			},
			workflow.PhasePost: {{Key: "final", Text: tx("Final report", "確報"), Owner: workflow.RoleApprover,
				When: workflow.WhenPersonalData, Due: 30 * 24 * time.Hour, DueUnlawful: 60 * 24 * time.Hour}},
		},
	}
	h := newLibHarness(t, lib)
	r := h.run("sato", "open high Applicants' data leak --runbook data-leak")
	if !r.Incident.PersonalDataInvolved() || r.Incident.PersonalData.Source != workflow.PersonalDataByRunbook {
		t.Fatalf("the runbook did not set the flag: %+v", r.Incident.PersonalData)
	}
	if got := said(r); !strings.Contains(got, "Personal data: personal data involved (set by runbook data-leak).") {
		t.Errorf("open reply: %q", got)
	}
	got := said(h.run("sato", "checklist"))
	for _, want := range []string{"Deadlines (tick one with /incident done #1 <key>):",
		"⏰ ppc — Preliminary report to the Commission — due 2026-11-23 09:15 JST (in 2d 23h 59m) · owner approver (unassigned)",
		"⏰ final — Final report — due 2026-12-20 09:15 JST"} {
		if !strings.Contains(got, want) {
			t.Errorf("checklist lacks %q:\n%s", want, got)
		}
	}
	h.run("sato", "done confirm")
	h.run("sato", "next")
	// The deadline item of initial holds no move: only isolate does.
	if err := h.fail("sato", "next"); !errors.Is(err, workflow.ErrUnticked) {
		t.Fatalf("next with isolate open: %v", err)
	}
	var ue *workflow.UntickedError
	if err := h.fail("sato", "next"); !errors.As(err, &ue) || len(ue.Items) != 1 || ue.Items[0].Item != 1 {
		t.Errorf("holding: %+v", ue)
	}
	h.run("sato", "done initial.1")
	h.run("sato", "next")
	// A deadline item of another phase, by key; and the verdict.
	if got := said(h.run("sato", "done ppc")); !strings.Contains(got, "in time (due 2026-11-23 09:15 JST)") {
		t.Errorf("done ppc: %q", got)
	}
	if got := h.refused("sato", "done nosuch"); !strings.Contains(got, "Runbook data-leak has no item “nosuch”") {
		t.Errorf("done of an unknown key: %q", got)
	}
	if got := h.refused("sato", "done ppc"); !strings.Contains(got, "already done") {
		t.Errorf("done twice: %q", got)
	}
	for range 3 {
		h.run("sato", "next --skip")
	}
	h.run("sato", "postmortem cause: a shared link | impact: 212 CVs reachable | prevention: no public links")
	h.run("sato", "close")
	if got := said(h.run("sato", "show #1")); !strings.Contains(got, "Deadlines: 1 open, 0 overdue") {
		t.Errorf("show after close: %q", got)
	}
	// The close cancelled the status reminder but kept the open deadline's
	// timer, and set the daily reminder of a closed incident.
	var kinds []string
	if err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		pending, err := tx.PendingTimers(r.Incident.ID)
		for _, tm := range pending {
			kinds = append(kinds, string(tm.Kind)+" "+tm.Key)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(kinds)
	if want := []string{"deadline final", "deadline_daily "}; !slices.Equal(kinds, want) {
		t.Errorf("timers after the close: %q, want %q", kinds, want)
	}
	if err := h.fail("sato", "done #1 isolate"); !errors.Is(err, workflow.ErrClosed) {
		t.Errorf("undo of a plain item after the close: %v", err)
	}
	h.clock.Advance(40 * 24 * time.Hour)
	if got := said(h.run("sato", "done #1 final")); !strings.Contains(got, "after its deadline") {
		t.Errorf("done final late, after the close: %q", got)
	}
}
