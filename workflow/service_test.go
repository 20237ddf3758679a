package workflow_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"incidentbot/internal/clocktest"
	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

type harness struct {
	t     *testing.T
	svc   *workflow.Service
	db    *sqlite.DB
	path  string
	clock *clocktest.Clock
	tokyo *time.Location
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	db, path := sqlitetest.Open(t)
	c := clocktest.New(time.Date(2026, 11, 20, 9, 15, 0, 0, tokyo))
	svc := workflow.NewService(workflow.Options{Store: db, Now: c.Now, Location: tokyo, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return &harness{t: t, svc: svc, db: db, path: path, clock: c, tokyo: tokyo}
}

// run executes a command that must succeed, as the named console user.
func (h *harness) run(as, text string) workflow.Reply {
	h.t.Helper()
	r, err := h.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor(as), Lang: workflow.English, Text: text})
	if err != nil {
		h.t.Fatalf("%s: %v", text, err)
	}
	h.clock.Advance(time.Minute)
	return r
}

// fail executes a command that must be refused with a user message.
func (h *harness) fail(as, text string) error {
	h.t.Helper()
	_, err := h.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor(as), Lang: workflow.English, Text: text})
	if err == nil {
		h.t.Fatalf("%s: want an error", text)
	}
	msg, ok := workflow.UserMessageOf(err)
	if !ok {
		h.t.Fatalf("%s: error without a user message: %v", text, err)
	}
	for _, l := range workflow.Langs {
		if s := workflow.Render(l, msg); strings.Contains(s, "{") || strings.TrimSpace(s) == "" {
			h.t.Fatalf("%s: %s message has an unfilled placeholder: %q", text, l, s)
		}
	}
	return err
}

func (h *harness) show(as, ref string) *workflow.Incident {
	h.t.Helper()
	return h.run(as, "show "+ref).Incident
}

// session is the Core issue's walk-through.
var session = []string{
	"/incident open high 採用エントリーフォームから不審な送信が続いている started: 08:50 detected: 09:12",
	"/incident assign commander @sato",
	"/incident assign tech @suzuki",
	"/incident assign comms @tanaka",
	"/incident assign scribe @yamada",
	"/incident status confirmed: フォーム経由で500件の不審送信 | unconfirmed: 個人情報の流出有無 | next: WAFログの確認",
	"/incident phase initial",
	"/incident decision 管理画面を社外IPから遮断 | why: 改ざんが継続中 | action: WAFで接続元制限 | next: 30分後にログ再確認",
	"/incident phase investigate",
	"/incident decision Take the entry form offline | why: applicant data may be exposed | action: maintenance page on /entry | next: ask the form vendor for logs",
	"/incident sev medium outflow ruled out by vendor logs",
	"/incident phase contain",
	"/incident phase recover",
	"/incident phase post",
	"/incident postmortem cause: plugin vulnerability | impact: 500 spam entries, no data leaked | prevention: monthly plugin updates | open: WAF rule review",
	"/incident close",
}

func TestSession(t *testing.T) {
	h := newHarness(t)
	for _, line := range session {
		h.run("operator", line)
	}
	inc := h.show("someone", "#1")
	switch {
	case inc.Phase != workflow.PhaseClosed:
		t.Errorf("phase %s", inc.Phase)
	case inc.Severity != "medium":
		t.Errorf("severity %s", inc.Severity)
	case inc.Holder(workflow.RoleCommander).ID != "sato" || inc.Holder(workflow.RoleScribe).ID != "yamada":
		t.Errorf("roles %v", inc.Roles)
	case inc.DecisionCount != 2 || inc.LastDecision.Why != "applicant data may be exposed":
		t.Errorf("decisions %d, last %+v", inc.DecisionCount, inc.LastDecision)
	case inc.Status == nil || inc.Status.Unconfirmed != "個人情報の流出有無":
		t.Errorf("status %+v", inc.Status)
	case inc.TimeToDetect() != 22*time.Minute:
		t.Errorf("time to detect %s", inc.TimeToDetect())
	case inc.Title != "採用エントリーフォームから不審な送信が続いている":
		t.Errorf("title %q", inc.Title)
	}
	if d, ok := inc.TimeToRecover(); !ok || d <= 22*time.Minute {
		t.Errorf("time to recover %s %v", d, ok)
	}
	// The snapshot is exactly the fold of the stored timeline, and the chain holds.
	_, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("x"), inc.Ref())
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(session) {
		t.Errorf("%d events for %d commands", len(events), len(session))
	}
	replayed, err := workflow.Replay(events)
	if err != nil {
		t.Fatal(err)
	}
	if replayed.Head != inc.Head || replayed.Phase != inc.Phase || replayed.Version != inc.Version {
		t.Errorf("replay differs from snapshot")
	}
	if _, n, head, err := h.svc.Verify(context.Background(), inc.Ref()); err != nil || n != len(session) || head != inc.Head {
		t.Errorf("verify: %d %s %v", n, head, err)
	}
	// The show reply names the head hash.
	lines := workflow.RenderAll(workflow.English, h.run("x", "show #1").Lines)
	if !strings.Contains(lines, inc.Head.Short()) {
		t.Errorf("show does not name the head hash:\n%s", lines)
	}
}

// TestBadInputChangesNothing: every refusal leaves the database byte-for-byte
// as it was, and says what was wrong.
func TestBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.run("operator", "open high Website defaced started: 08:50")
	h.run("operator", "decision Block admin | why: still changing")
	h.run("operator", "log first note")
	h.run("operator", "open Second incident")
	h.run("operator", "close #2 --false-alarm test alert")
	h.run("operator", "open Third incident --private")
	long := strings.Repeat("長", workflow.FieldLimit+1)
	cases := []struct {
		text string
		kind error
	}{
		{"phase #1 recover", workflow.ErrTransition},             // detect → recover is not a step
		{"phase #1 detect", workflow.ErrInvalid},                 // already there
		{"next #2", workflow.ErrClosed},                          // closed
		{"decision #2 x | why: y", workflow.ErrClosed},           // closed
		{"assign #1 pilot @sato", workflow.ErrInvalid},           // unknown role
		{"sev #1 critical", workflow.ErrInvalid},                 // unknown level
		{"frobnicate", workflow.ErrInvalid},                      // unknown subcommand
		{"decision #1 | why: because", workflow.ErrInvalid},      // empty decision
		{"decision #1 Take it down", workflow.ErrInvalid},        // missing rationale
		{"decision #1 Take it down | why:", workflow.ErrInvalid}, // label without value
		{"status #1 confirmed:", workflow.ErrInvalid},
		{"decision #99 x | why: y", workflow.ErrNotFound},                             // no such incident
		{"log #1 " + long, workflow.ErrInvalid},                                       // over the limit
		{"log #1 \xff\xfe", workflow.ErrInvalid},                                      // invalid UTF-8
		{"sev #1 low", workflow.ErrInvalid},                                           // lowering without reason
		{"close #1", workflow.ErrTransition},                                          // not in post
		{"close #1 --false-alarm", workflow.ErrInvalid},                               // no reason
		{"reopen #1 because", workflow.ErrInvalid},                                    // not closed
		{"amend #1 7 | why: typo", workflow.ErrNotFound},                              // no decision 7
		{"redact #1 99 secret", workflow.ErrNotFound},                                 // no event 99
		{"redact #1 1 secret", workflow.ErrInvalid},                                   // opening is not redactable
		{"decision x | why: y", workflow.ErrAmbiguous},                                // #1 and #3 are open (for operator)
		{"open", workflow.ErrInvalid},                                                 // no title
		{"open high started: 25:99 x", workflow.ErrInvalid},                           // bad time
		{"open Later detected: 23:59 started: 2030-01-01 00:00", workflow.ErrInvalid}, // future
	}
	for _, tc := range cases {
		before := sqlitetest.Dump(t, h.path)
		err := h.fail("operator", tc.text)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%q: got %v, want kind %v", tc.text, err, tc.kind)
		}
		if after := sqlitetest.Dump(t, h.path); after != before {
			t.Errorf("%q changed the store", tc.text)
		}
	}
	// Someone who is not the commander may not redact.
	before := sqlitetest.Dump(t, h.path)
	if err := h.fail("mallory", "redact #1 3 mine"); !errors.Is(err, workflow.ErrForbidden) {
		t.Errorf("redact by outsider: %v", err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("refused redaction changed the store")
	}
}

func TestPrivateIncidentsDoNotLeak(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open high Applicant data exposed --private")
	h.run("sato", "assign #1 tech @suzuki")
	h.run("sato", "assign #1 commander @tanaka") // sato stays of record
	for _, who := range []string{"sato", "suzuki", "tanaka"} {
		h.show(who, "#1")
	}
	outsider := h.fail("mallory", "show #1")
	missing := h.fail("mallory", "show #2")
	if !errors.Is(outsider, workflow.ErrNotFound) {
		t.Fatalf("outsider: %v", outsider)
	}
	// Same words as for an incident that does not exist, but for the number.
	if a, b := strings.ReplaceAll(outsider.Error(), "#1", "#N"), strings.ReplaceAll(missing.Error(), "#2", "#N"); a != b {
		t.Errorf("private incident distinguishable from a missing one:\n%s\n%s", a, b)
	}
	if r := h.run("mallory", "list"); strings.Contains(workflow.RenderAll(workflow.English, r.Lines), "Applicant") {
		t.Error("list shows a private incident to an outsider")
	}
	if _, _, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("mallory"), workflow.Ref{Number: 1}); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("export for outsider: %v", err)
	}
	h.fail("mallory", "log #1 hello")
	h.fail("mallory", "log hello") // the only open incident is not hers to see
}

func TestRedaction(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Form leak")
	h.run("sato", "log applicant phone 090-1234-5678")                      // event 2
	h.run("sato", "status confirmed: leak of 090-1234-5678 | next: vendor") // event 3
	h.run("sato", "redact 2 personal data")
	h.run("sato", "redact 3 personal data")
	inc, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("sato"), workflow.Ref{Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if strings.Contains(string(e.Body), "090-1234") {
			t.Errorf("event %d still holds the redacted text", e.Seq)
		}
	}
	if inc.Status == nil || !inc.Status.Redacted || inc.Status.Confirmed != "" {
		t.Errorf("snapshot keeps redacted status: %+v", inc.Status)
	}
	if strings.Contains(sqlitetest.Dump(t, h.path), "090-1234") {
		t.Error("the redacted text is still somewhere in the database")
	}
	if _, _, _, err := h.svc.Verify(context.Background(), inc.Ref()); err != nil {
		t.Errorf("chain after redaction: %v", err)
	}
	h.fail("sato", "redact 2 again")
}

func TestAmendKeepsOriginal(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Defaced")
	h.run("sato", "decision Restore from backup | why: files changed | next: check logs")
	h.run("sato", "amend 1 | next: ask the hosting vendor")
	inc := h.show("sato", "#1")
	d := inc.LastDecision
	if d.Decision != "Restore from backup" || d.Next != "ask the hosting vendor" || len(d.Amendments) != 1 {
		t.Errorf("amended decision %+v", d)
	}
	_, events, _ := h.svc.Timeline(context.Background(), workflow.ConsoleActor("sato"), inc.Ref())
	if !strings.Contains(string(events[1].Body), "check logs") {
		t.Error("the original decision was changed in place")
	}
}

func TestPhaseBackStepsAndReopen(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Defaced")
	for _, l := range []string{"next", "next", "next", "next"} {
		h.run("sato", l)
	}
	if err := h.fail("sato", "phase investigate"); !errors.Is(err, workflow.ErrInvalid) {
		t.Fatalf("back-step without reason: %v", err)
	}
	h.run("sato", "phase investigate new web shell found")
	h.run("sato", "next")
	h.run("sato", "next")
	h.run("sato", "next") // post
	inc := h.show("sato", "#1")
	if inc.ResolvedAt.IsZero() {
		t.Fatal("resolved time not set on recover → post")
	}
	h.run("sato", "postmortem cause: x | impact: y | prevention: z")
	h.run("sato", "close")
	h.fail("sato", "reopen #1")
	h.run("sato", "reopen #1 recurrence seen")
	inc = h.show("sato", "#1")
	if inc.Phase != workflow.PhaseInvestigate || !inc.ClosedAt.IsZero() || !inc.ResolvedAt.IsZero() {
		t.Errorf("after reopen: %s closed %v resolved %v", inc.Phase, inc.ClosedAt, inc.ResolvedAt)
	}
}

func TestHandoverLogged(t *testing.T) {
	h := newHarness(t)
	h.run("operator", "open Spam")
	r := h.run("operator", "assign commander @sato")
	p, err := r.Events[0].Payload()
	if err != nil {
		t.Fatal(err)
	}
	ra := p.(workflow.RoleAssigned)
	if ra.From.ID != "operator" || ra.To.ID != "sato" || r.Events[0].Actor.User != "operator" {
		t.Errorf("handover %+v by %v", ra, r.Events[0].Actor)
	}
	h.fail("operator", "assign commander @sato")
	h.run("operator", "assign approver me")
	if inc := h.show("operator", "#1"); inc.Holder(workflow.RoleApprover).ID != "operator" {
		t.Errorf("approver %v", inc.Holder(workflow.RoleApprover))
	}
}

func TestRepliesInJapanese(t *testing.T) {
	h := newHarness(t)
	r, err := h.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.Japanese, Text: "open 高 サイト改ざん"})
	if err != nil {
		t.Fatal(err)
	}
	if s := workflow.RenderAll(workflow.Japanese, r.Lines); !strings.Contains(s, "起票しました") || !strings.Contains(s, "重大度 高") {
		t.Errorf("reply %q", s)
	}
}

// Amending an older decision leaves the latest as it was; the report, built
// from the timeline, shows the correction on the decision it names.
func TestAmendOlderDecision(t *testing.T) {
	h := newHarness(t)
	h.run("sato", "open Defaced")
	h.run("sato", "decision Restore from backup | why: files changed")
	h.run("sato", "decision Block the admin screen | why: logins from abroad")
	h.run("sato", "amend 1 | next: ask the hosting vendor")
	inc := h.show("sato", "#1")
	if inc.DecisionCount != 2 || inc.LastDecision.Number != 2 || inc.LastDecision.Next != "" || len(inc.LastDecision.Amendments) != 0 {
		t.Errorf("count %d, last %+v", inc.DecisionCount, inc.LastDecision)
	}
	h.fail("sato", "amend 3 | next: nothing")
}
