package workflow_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
	"incidentbot/workflow/report"
)

// recorder is a Notifier that keeps every notice it is handed; fail makes it
// refuse, to show notices are part of the command's transaction.
type recorder struct {
	notices []workflow.Notice
	fail    error
}

func (r *recorder) Notify(_ workflow.Tx, n workflow.Notice) error {
	if r.fail != nil {
		return r.fail
	}
	r.notices = append(r.notices, n)
	return nil
}

// stopScale is the default scale where high may stop the admin screen and
// medium the entry form without asking.
func stopScale() workflow.Scale {
	s := workflow.DefaultScale()
	s.Levels[1].Policy.MayStop = []workflow.Text{{En: "entry form", Ja: "応募フォーム"}}
	s.Levels[2].Policy.MayStop = []workflow.Text{{En: "Admin Screen", Ja: "管理画面"}, {En: "WAF rule", Ja: "WAFルール"}}
	return s
}

func targets(t *testing.T, specs ...string) []workflow.Target {
	t.Helper()
	out := make([]workflow.Target, len(specs))
	for i, s := range specs {
		tg, err := workflow.ParseTarget(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = tg
	}
	return out
}

// newAuthHarness is newHarness with an authority configuration, the stop
// scale and a recording notifier.
func newAuthHarness(t *testing.T, auth workflow.Authority) (*harness, *recorder) {
	t.Helper()
	h := newHarness(t)
	rec := &recorder{}
	h.svc = workflow.NewService(workflow.Options{Store: h.db, Now: h.clock.Now, Location: h.tokyo, Scale: stopScale(),
		Authority: auth, Notifiers: []workflow.Notifier{rec}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return h, rec
}

// setupTeam opens #1 at high as sato (commander) with kato as approver and
// suzuki as tech, logs a note (event 4) and has suzuki log a decision that
// stops the entry form, which high does not allow without asking (decision
// 1, events 5 and 6).
func setupTeam(h *harness) {
	h.run("sato", "open high Entry form defaced")
	h.run("sato", "assign approver @kato")
	h.run("sato", "assign tech @suzuki")
	h.run("suzuki", "log applicant mail hanako@example.com")
	h.run("suzuki", "decision Take the entry form offline | why: spam continues | stop: entry form")
}

// configured is an [authority] section with every list set.
func configured(t *testing.T) workflow.Authority {
	return workflow.Authority{
		LowerSeverity: targets(t, "role:approver", "user:cto"),
		Close:         targets(t, "role:commander", "role:scribe", "user:cto"),
		Redact:        targets(t, "role:approver"),
		ApproveStop:   targets(t, "role:approver", "user:cto"),
	}
}

// TestAuthority: who may lower the severity, close, redact and approve a
// stop, with nothing configured (the defaults) and with configured lists. A
// refusal names who may, and changes nothing.
func TestAuthority(t *testing.T) {
	cmds := map[workflow.Act]string{
		workflow.ActLowerSeverity: "sev low outflow ruled out",
		workflow.ActClose:         "close --false-alarm load test",
		workflow.ActRedact:        "redact 4 personal data",
		workflow.ActApproveStop:   "approve 1",
	}
	cases := []struct {
		config string
		act    workflow.Act
		as     string
		ok     bool
		who    string // the refusal names these, in English
	}{
		// Defaults: anyone lowers and closes (the Core session: the console
		// user keeps typing after commander was handed over); commander or
		// approver redacts; the approver approves stops.
		{"default", workflow.ActLowerSeverity, "suzuki", true, ""},
		{"default", workflow.ActLowerSeverity, "mallory", true, ""},
		{"default", workflow.ActClose, "mallory", true, ""},
		{"default", workflow.ActRedact, "sato", true, ""},
		{"default", workflow.ActRedact, "kato", true, ""},
		{"default", workflow.ActRedact, "suzuki", false, "Only the commander or the approver of #1 may redact"},
		{"default", workflow.ActApproveStop, "kato", true, ""},
		{"default", workflow.ActApproveStop, "sato", false, "Only the approver may approve or refuse stopping a service on #1"},
		{"default", workflow.ActApproveStop, "cto", false, "Only the approver may"},
		// Configured lists replace the defaults.
		{"configured", workflow.ActLowerSeverity, "sato", false, "Only the approver or @cto may lower the severity of #1 ([authority] lower_severity"},
		{"configured", workflow.ActLowerSeverity, "kato", true, ""},
		{"configured", workflow.ActLowerSeverity, "cto", true, ""},
		{"configured", workflow.ActClose, "kato", false, "Only the commander, the scribe or @cto may close #1"},
		{"configured", workflow.ActClose, "sato", true, ""},
		{"configured", workflow.ActClose, "cto", true, ""},
		{"configured", workflow.ActRedact, "sato", false, "Only the approver may redact events of #1"},
		{"configured", workflow.ActRedact, "kato", true, ""},
		{"configured", workflow.ActApproveStop, "cto", true, ""},
		{"configured", workflow.ActApproveStop, "kato", true, ""},
		{"configured", workflow.ActApproveStop, "suzuki", false, "Only the approver or @cto may approve"},
	}
	for _, tc := range cases {
		t.Run(tc.config+"/"+string(tc.act)+"/"+tc.as, func(t *testing.T) {
			auth := workflow.Authority{}
			if tc.config == "configured" {
				auth = configured(t)
			}
			h, _ := newAuthHarness(t, auth)
			setupTeam(h)
			before := sqlitetest.Dump(t, h.path)
			if tc.ok {
				r := h.run(tc.as, cmds[tc.act])
				if len(r.Events) == 0 {
					t.Fatal("no events")
				}
				return
			}
			err := h.fail(tc.as, cmds[tc.act])
			if !errors.Is(err, workflow.ErrForbidden) {
				t.Fatalf("got %v, want ErrForbidden", err)
			}
			if !strings.Contains(err.Error(), tc.who) {
				t.Errorf("refusal %q does not say %q", err.Error(), tc.who)
			}
			if sqlitetest.Dump(t, h.path) != before {
				t.Error("a refused command changed the store")
			}
		})
	}
}

// The refusal lists the targets in Japanese too.
func TestAuthorityRefusalInJapanese(t *testing.T) {
	h, _ := newAuthHarness(t, configured(t))
	setupTeam(h)
	msg, _ := workflow.UserMessageOf(h.fail("kato", "close --false-alarm test"))
	if s := workflow.Render(workflow.Japanese, msg); !strings.Contains(s, "#1をクローズすることができるのは指揮者、記録担当または@ctoだけです") {
		t.Errorf("Japanese refusal: %q", s)
	}
}

func payloads(t *testing.T, events []workflow.Event) []workflow.Payload {
	t.Helper()
	out := make([]workflow.Payload, len(events))
	for i, e := range events {
		p, err := e.Payload()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = p
	}
	return out
}

// A stop the current level may make without asking, or by someone who may
// approve stops, is approved as it is logged: nobody is asked.
func TestStopApprovedAtOnce(t *testing.T) {
	h, rec := newAuthHarness(t, workflow.Authority{})
	h.run("sato", "open high Admin screen tampered")
	h.run("sato", "assign approver @kato")

	// high may stop "Admin Screen": case and spacing do not matter.
	r := h.run("suzuki", "decision Cut off the admin screen | why: tampering | stop: admin  SCREEN")
	p := payloads(t, r.Events)
	if len(p) != 2 || p[0].(workflow.DecisionRecorded).Stop != "admin  SCREEN" ||
		p[1] != (workflow.StopApproved{Decision: 1, Basis: workflow.StopByPolicy, Level: "high"}) {
		t.Fatalf("events %+v", p)
	}
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "decision 1 recorded (event 3)") || !strings.Contains(s, "allowed at severity High without asking") {
		t.Errorf("reply %q", s)
	}

	// The entry form is not in high's may_stop, but the approver may approve.
	r = h.run("kato", "decision Take the entry form offline | why: spam | stop: entry form")
	if p := payloads(t, r.Events); len(p) != 2 || p[1] != (workflow.StopApproved{Decision: 2, Basis: workflow.StopByAuthority}) {
		t.Fatalf("events %+v", p)
	}
	// A decision without a stop is one event, as before.
	if r := h.run("suzuki", "decision Ask the vendor for logs | why: scope"); len(r.Events) != 1 {
		t.Errorf("%d events for a plain decision", len(r.Events))
	}
	// Either form of an entry, in any width and spacing: "ＷＡＦ ルール"
	// is the Japanese form of "WAF rule".
	for i, typed := range []string{"管理 画面", "ＷＡＦ ルール", "waf RULE"} {
		r := h.run("suzuki", "decision Block the attacker | why: tampering | stop: "+typed)
		if p := payloads(t, r.Events); len(p) != 2 || p[1] != (workflow.StopApproved{Decision: 4 + i, Basis: workflow.StopByPolicy, Level: "high"}) {
			t.Errorf("stop: %s: events %+v", typed, p)
		}
	}
	if inc := h.show("sato", "#1"); len(inc.PendingStops) != 0 || inc.DecisionCount != 6 {
		t.Errorf("pending %+v, decisions %d", inc.PendingStops, inc.DecisionCount)
	}
	if len(rec.notices) != 0 {
		t.Errorf("notices %+v", rec.notices)
	}
}

// A stop by someone without authority waits, and each approve_stop target is
// asked once: a role someone holds as that person, an unassigned role as the
// role.
func TestStopPendingAsksEachTarget(t *testing.T) {
	h, rec := newAuthHarness(t, workflow.Authority{ApproveStop: targets(t, "role:approver", "user:cto", "role:scribe", "user:kato")})
	h.run("sato", "open high Entry form defaced")
	h.run("sato", "assign approver @kato")
	r := h.run("suzuki", "decision Take the entry form offline | why: spam continues | stop: entry form")
	p := payloads(t, r.Events)
	req, ok := p[1].(workflow.StopRequested)
	if len(p) != 2 || p[0].(workflow.DecisionRecorded).Stop != "entry form" || !ok || req.Decision != 1 ||
		!slices.Equal(req.Ask, []string{"user:kato", "user:cto", "role:scribe"}) {
		t.Fatalf("events %+v", p)
	}
	var got []string
	for _, n := range rec.notices {
		if n.Kind != workflow.NoticeApproval || n.Decision != 1 || n.Incident == nil || n.Incident.Number != 1 {
			t.Errorf("notice %+v", n)
		}
		got = append(got, n.Target.String())
		text := workflow.Render(workflow.English, n.Text)
		if !strings.Contains(text, "@suzuki logged decision 1 on #1, which stops entry form") || !strings.Contains(text, "/incident approve #1 1") {
			t.Errorf("notice text %q", text)
		}
		if ja := workflow.Render(workflow.Japanese, n.Text); !strings.Contains(ja, "承認をお願いします") {
			t.Errorf("Japanese notice text %q", ja)
		}
	}
	if !slices.Equal(got, []string{"user:kato", "user:cto", "role:scribe"}) {
		t.Errorf("notices to %v", got)
	}
	if n := rec.notices[2]; n.Role != workflow.RoleScribe {
		t.Errorf("role notice %+v", n)
	}
	reply := workflow.RenderAll(workflow.English, r.Lines)
	if !strings.Contains(reply, "decision 1 recorded (event 3)") || !strings.Contains(reply, "decision 1 waits for the approver, @cto, the scribe or @kato (event 4)") {
		t.Errorf("reply %q", reply)
	}
	inc := h.show("sato", "#1")
	if ps, ok := inc.PendingStop(1); !ok || ps.Stop != "entry form" || ps.By.ID != "suzuki" || ps.Seq != 4 {
		t.Errorf("pending %+v", inc.PendingStops)
	}
	show := workflow.RenderAll(workflow.English, h.run("sato", "show").Lines)
	if !strings.Contains(show, "Waiting for approval: decision 1 stops entry form (logged by @suzuki") {
		t.Errorf("show:\n%s", show)
	}
}

// approve and refuse settle pending stops; both are logged, the decisions
// stay, and the report's decision table shows the outcome.
func TestApproveAndRefuse(t *testing.T) {
	h, rec := newAuthHarness(t, workflow.Authority{})
	setupTeam(h) // decision 1 waits
	h.run("suzuki", "decision Stop mail delivery | why: spam relay | stop: mail delivery")
	h.run("suzuki", "decision Freeze the CMS | why: tampering | stop: CMS")
	if inc := h.show("sato", "#1"); len(inc.PendingStops) != 3 || len(rec.notices) != 3 {
		t.Fatalf("pending %+v, %d notices", inc.PendingStops, len(rec.notices))
	}

	r := h.run("kato", "approve 1")
	if p := payloads(t, r.Events); len(p) != 1 || p[0] != (workflow.StopApproved{Decision: 1}) || r.Events[0].Actor.User != "kato" || r.Events[0].Subject != "suzuki" {
		t.Fatalf("approve: %+v by %v", p, r.Events[0].Actor)
	}
	if s := workflow.RenderAll(workflow.English, r.Lines); s != "#1: the stop in decision 1 is approved (event "+strconv.Itoa(r.Events[0].Seq)+")." {
		t.Errorf("approve reply %q", s)
	}
	r = h.run("kato", "refuse 2 customers need the mail")
	if p := payloads(t, r.Events); len(p) != 1 || p[0] != (workflow.StopRefused{Decision: 2, Reason: "customers need the mail"}) {
		t.Fatalf("refuse: %+v", p)
	}
	if s := workflow.RenderAll(workflow.Japanese, r.Lines); !strings.Contains(s, "意思決定2の停止を却下しました: customers need the mail") {
		t.Errorf("refuse reply %q", s)
	}
	h.run("kato", "refuse 3")

	inc := h.show("sato", "#1")
	if len(inc.PendingStops) != 0 || inc.DecisionCount != 3 {
		t.Errorf("pending %+v, decisions %d", inc.PendingStops, inc.DecisionCount)
	}
	// The snapshot is the fold of the timeline, and the chain verifies.
	if _, _, _, err := h.svc.Verify(context.Background(), inc.Ref()); err != nil {
		t.Errorf("verify: %v", err)
	}
	var out strings.Builder
	err := h.svc.ReadTimeline(context.Background(), workflow.ConsoleActor("sato"), inc.Ref(), func(inc *workflow.Incident, events workflow.EventSource) error {
		return report.Write(&out, report.FormatMarkdown, inc, events, report.Options{})
	})
	if err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, want := range []string{
		"| @suzuki | entry form: approved by @kato at ",
		"| @suzuki | mail delivery: refused by @kato at ",
		": customers need the mail |",
		"| @suzuki | CMS: refused by @kato at ",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if len(rec.notices) != 3 {
		t.Errorf("approve/refuse sent notices: %d", len(rec.notices))
	}
}

// approve/refuse of a decision that is not waiting is refused with the list
// of those that are, and changes nothing.
func TestApproveNotPending(t *testing.T) {
	h, _ := newAuthHarness(t, workflow.Authority{})
	h.run("sato", "open high Entry form defaced")
	h.run("sato", "assign approver @kato")
	h.run("suzuki", "decision Ask the vendor | why: scope")                                    // 1: no stop
	h.run("suzuki", "decision Cut off the admin screen | why: tampering | stop: admin screen") // 2: allowed at once
	before := sqlitetest.Dump(t, h.path)
	for _, text := range []string{"approve 1", "refuse 2 no", "approve 7"} {
		err := h.fail("kato", text)
		if !errors.Is(err, workflow.ErrNotFound) || !strings.Contains(err.Error(), "not waiting for approval; no decision is") {
			t.Errorf("%s: %v", text, err)
		}
	}
	h.run("suzuki", "decision Freeze the CMS | why: tampering | stop: CMS") // 3: waits
	h.run("kato", "approve 3")
	h.run("suzuki", "decision Stop mail | why: relay | stop: mail delivery") // 4: waits
	before = sqlitetest.Dump(t, h.path)
	for _, text := range []string{"approve 1", "approve 3", "refuse 2", "approve #1 9"} {
		err := h.fail("kato", text)
		if !errors.Is(err, workflow.ErrNotFound) || !strings.Contains(err.Error(), "Waiting: decision 4 (stop mail delivery)") {
			t.Errorf("%s: %v", text, err)
		}
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%s changed the store", text)
		}
	}
	// Without authority, even a pending one is refused.
	if err := h.fail("suzuki", "approve 4"); !errors.Is(err, workflow.ErrForbidden) {
		t.Errorf("approve by tech: %v", err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("refused approval changed the store")
	}
}

// A notifier's error aborts the command: the notices belong to its
// transaction.
func TestApprovalNoticeInTransaction(t *testing.T) {
	h, rec := newAuthHarness(t, workflow.Authority{})
	h.run("sato", "open high Entry form defaced")
	before := sqlitetest.Dump(t, h.path)
	rec.fail = errors.New("queue full")
	_, err := h.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("suzuki"), Lang: workflow.English,
		Text: "decision Take the form offline | why: spam | stop: entry form"})
	if err == nil || !strings.Contains(err.Error(), "queue full") {
		t.Fatalf("got %v", err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("the decision was stored although its notice failed")
	}
}

// Redacting a decision whose stop waits removes the stop's text from the
// snapshot too; the approval still works.
func TestRedactPendingStop(t *testing.T) {
	h, _ := newAuthHarness(t, workflow.Authority{})
	setupTeam(h)
	h.run("sato", "redact 5 names an applicant")
	inc := h.show("sato", "#1")
	if ps, ok := inc.PendingStop(1); !ok || ps.Stop != "" || (inc.LastDecision != nil && inc.LastDecision.Stop != "") {
		t.Errorf("pending %+v, last %+v", inc.PendingStops, inc.LastDecision)
	}
	if show := workflow.RenderAll(workflow.English, h.run("sato", "show").Lines); !strings.Contains(show, "decision 1 stops [redacted]") || strings.Contains(show, "entry form") {
		t.Errorf("show:\n%s", show)
	}
	if _, _, _, err := h.svc.Verify(context.Background(), inc.Ref()); err != nil {
		t.Errorf("verify: %v", err)
	}
	h.run("kato", "approve 1")
}

// Drills never notify anyone: a stop in a drill still waits for approval and
// records who would be asked, but no notice goes out.
func TestDrillStopNotifiesNobody(t *testing.T) {
	h, rec := newAuthHarness(t, workflow.Authority{ApproveStop: targets(t, "role:approver", "user:cto")})
	openDrill(t, h, "sato")
	h.run("sato", "assign #D-1 approver @kato")
	r := h.run("suzuki", "decision #D-1 Take the entry form offline | why: scenario step 2 | stop: entry form")
	p := payloads(t, r.Events)
	if req, ok := p[1].(workflow.StopRequested); !ok || !slices.Equal(req.Ask, []string{"user:kato", "user:cto"}) {
		t.Fatalf("events %+v", p)
	}
	if s := workflow.RenderAll(workflow.English, r.Lines); !strings.Contains(s, "This is a drill: nobody was notified.") {
		t.Errorf("reply %q", s)
	}
	h.run("kato", "approve #D-1 1")
	if len(rec.notices) != 0 {
		t.Errorf("a drill sent notices: %+v", rec.notices)
	}
}

// openDrill stores a drill incident D-1 the way the service opens incidents
// (the drill command belongs to another issue).
func openDrill(t *testing.T, h *harness, as string) {
	t.Helper()
	err := h.db.Update(context.Background(), func(tx workflow.Tx) error {
		n, err := tx.NextNumber(true)
		if err != nil {
			return err
		}
		now := h.clock.Now().UTC().Truncate(time.Microsecond)
		id := workflow.MustParseID("0193a5b2-0000-7000-8000-0000000000d1")
		actor := workflow.ConsoleActor(as)
		events, err := workflow.Seal(tx.NewID, id, 0, workflow.Hash{}, actor, now, []workflow.Draft{{OccurredAt: now, Payload: workflow.Opened{
			Title: "Tabletop: defaced entry form", Severity: "high", Drill: true, Number: n, Opener: actor.Person(), StartedAt: now, DetectedAt: now}}})
		if err != nil {
			return err
		}
		inc := &workflow.Incident{}
		if err := inc.Apply(events[0]); err != nil {
			return err
		}
		if err := tx.CreateIncident(inc); err != nil {
			return err
		}
		return tx.AppendEvents(events)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A person the authority config names sees private incidents, as the
// architecture promises; someone else still gets "no such incident".
func TestAuthoritySeesPrivateIncidents(t *testing.T) {
	h := newHarness(t)
	svc := workflow.NewService(workflow.Options{Store: h.db, Now: h.clock.Now, Location: h.tokyo, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Authority: workflow.Authority{ApproveStop: []workflow.Target{{Kind: workflow.TargetUser, ID: "cto"}}}})
	ctx := context.Background()
	if _, err := svc.Execute(ctx, workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: workflow.English, Text: "open Leak suspected --private"}); err != nil {
		t.Fatal(err)
	}
	if r, err := svc.Execute(ctx, workflow.Request{Actor: workflow.ConsoleActor("cto"), Lang: workflow.English, Text: "show #1"}); err != nil || r.Incident == nil {
		t.Errorf("the configured authority cannot see the private incident: %v", err)
	}
	if _, err := svc.Execute(ctx, workflow.Request{Actor: workflow.ConsoleActor("kato"), Lang: workflow.English, Text: "show #1"}); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("someone else: %v, want not found", err)
	}
}

// A role a configured authority list names cannot be taken with assign to
// get round that list: only its holder, someone the list allows, or (while
// nobody holds it) the commander may hand it over.
func TestHandoverOfAuthorityRoles(t *testing.T) {
	auth := workflow.Authority{
		ApproveStop:   []workflow.Target{{Kind: workflow.TargetRole, ID: "approver"}, {Kind: workflow.TargetUser, ID: "cto"}},
		LowerSeverity: []workflow.Target{{Kind: workflow.TargetRole, ID: "approver"}},
		Close:         []workflow.Target{{Kind: workflow.TargetRole, ID: "commander"}},
	}
	h, _ := newAuthHarness(t, auth)
	h.run("sato", "open high Entry form defaced") // sato: commander
	h.run("sato", "assign tech @suzuki")          // tech carries no authority: free
	h.run("sato", "assign approver @kato")        // nobody holds approver: the commander gives it
	for _, tc := range []struct{ as, cmd string }{
		{"suzuki", "assign approver me"},  // the way round approve_stop
		{"suzuki", "assign commander me"}, // the way round close
		{"sato", "assign approver me"},    // even the commander, once kato holds it
	} {
		before := sqlitetest.Dump(t, h.path)
		err := h.fail(tc.as, tc.cmd)
		if !errors.Is(err, workflow.ErrForbidden) {
			t.Errorf("%s: %s: %v, want forbidden", tc.as, tc.cmd, err)
		}
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%s: %s changed the store", tc.as, tc.cmd)
		}
	}
	h.run("kato", "assign approver @tanaka")  // the holder hands it over
	h.run("cto", "assign approver @kato")     // someone approve_stop allows
	h.run("sato", "assign commander @yamada") // the commander hands over
	if inc := h.show("kato", "#1"); inc.Holder(workflow.RoleApprover).ID != "kato" || inc.Holder(workflow.RoleCommander).ID != "yamada" {
		t.Errorf("roles %v", inc.Roles)
	}
	// Without configured lists, anyone assigns any role (the Core session).
	h2, _ := newAuthHarness(t, workflow.Authority{})
	h2.run("sato", "open high Entry form defaced")
	h2.run("suzuki", "assign approver me")
}
