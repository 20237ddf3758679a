package workflow_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"incidentbot/internal/clocktest"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// library is a small workflow.Library: runbooks by name, a suggestion from
// keywords found in the title (case-insensitive), and no scenarios.
type library struct {
	runbooks map[string]workflow.Runbook
}

func (l *library) Runbook(name string) (workflow.Runbook, bool) {
	rb, ok := l.runbooks[strings.ToLower(name)]
	return rb, ok
}

func (l *library) Suggest(title string) (workflow.Runbook, bool) {
	t := strings.ToLower(title)
	for _, name := range l.RunbookNames() {
		for _, k := range l.runbooks[name].Keywords {
			if strings.Contains(t, strings.ToLower(k)) {
				return l.runbooks[name], true
			}
		}
	}
	return workflow.Runbook{}, false
}

func (l *library) Scenario(string) (workflow.Scenario, bool) { return workflow.Scenario{}, false }
func (l *library) ScenarioNames() []string                   { return nil }

func (l *library) RunbookNames() []string {
	var names []string
	for n := range l.runbooks {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func tx(en, ja string) workflow.Text { return workflow.Text{En: en, Ja: ja} }

// testLibrary holds two hand-written runbooks. defacement has one item in
// detect, four in initial response, one in investigate and none later;
// account-takeover one in initial response and one in post-incident.
func testLibrary() *library {
	return &library{runbooks: map[string]workflow.Runbook{
		"defacement": {
			Name:     "defacement",
			Title:    tx("Website defacement", "Webサイトの改ざん"),
			Keywords: []string{"defaced", "改ざん"},
			Severity: "high",
			Phases: map[workflow.Phase][]workflow.ChecklistItem{
				workflow.PhaseDetect: {
					{Text: tx("Screenshot the altered page", "改ざんされた画面を撮影する"), Owner: workflow.RoleCommander, Evidence: true},
				},
				workflow.PhaseInitial: {
					{Text: tx("Cut the web server off from outside", "Webサーバーを外部から遮断する"), Owner: workflow.RoleTech},
					{Text: tx("Find out which pages changed", "変更されたページを特定する"), Owner: workflow.RoleTech},
					{Text: tx("Copy the access logs before rotation", "ローテーション前にアクセスログを複製する"), Owner: workflow.RoleTech, Evidence: true},
					{Text: tx("Move all talk to the incident channel", "連絡をインシデントチャンネルに集約する"), Owner: workflow.RoleComms},
				},
				workflow.PhaseInvestigate: {
					{Text: tx("List admin logins of the last week", "直近1週間の管理者ログインを洗い出す")},
				},
			},
			Stop:     []workflow.Text{tx("the public site, if the altered page spreads malware", "改ざんページがマルウェアを配布している場合は公開サイト")},
			Fallback: []workflow.Text{tx("a static notice page from the CDN", "CDN から静的なお知らせページを配信")},
			Contacts: []workflow.Contact{{Name: "Hosting Co.", Reach: tx("support desk 24h, contract number on the wiki", "24時間サポート窓口（契約番号は社内Wiki）"), Ask: tx("server snapshots", "サーバーのスナップショット")}},
		},
		"account-takeover": {
			Name:     "account-takeover",
			Title:    tx("Admin account takeover", "管理者アカウントの乗っ取り"),
			Keywords: []string{"takeover", "乗っ取り"},
			Phases: map[workflow.Phase][]workflow.ChecklistItem{
				workflow.PhaseInitial: {{Text: tx("Reset the account's password", "アカウントのパスワードをリセットする"), Owner: workflow.RoleTech}},
				workflow.PhasePost:    {{Text: tx("Turn on two-factor sign-in for every admin", "全管理者に二要素認証を設定する"), Owner: workflow.RoleCommander}},
			},
		},
	}}
}

// newLibHarness is newHarness with a runbook library (nil: none).
func newLibHarness(t *testing.T, lib workflow.Library) *harness {
	t.Helper()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	db, path := sqlitetest.Open(t)
	c := clocktest.New(time.Date(2026, 11, 20, 9, 15, 0, 0, tokyo))
	svc := workflow.NewService(workflow.Options{Store: db, Now: c.Now, Location: tokyo, Library: lib,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return &harness{t: t, svc: svc, db: db, path: path, clock: c, tokyo: tokyo}
}

func (h *harness) lines(r workflow.Reply, l workflow.Lang) string {
	return workflow.RenderAll(l, r.Lines)
}

// kinds lists the kinds of an incident's events.
func (h *harness) kinds(ref workflow.Ref) []workflow.EventKind {
	h.t.Helper()
	_, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("x"), ref)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []workflow.EventKind
	for _, e := range events {
		out = append(out, e.Kind)
	}
	return out
}

// verify checks the chain and that the snapshot is the fold of the timeline.
func (h *harness) verify(ref workflow.Ref) {
	h.t.Helper()
	if _, _, _, err := h.svc.Verify(context.Background(), ref); err != nil {
		h.t.Errorf("verify %s: %v", ref, err)
	}
}

func TestRunbookAttach(t *testing.T) {
	one := workflow.Ref{Number: 1}
	for _, tc := range []struct {
		name      string
		lib       bool
		open      string
		runbook   string // "" none attached
		suggested bool
		reply     string
		kinds     []workflow.EventKind
	}{
		{"by flag", true, "open high Top page shows a banner --runbook defacement", "defacement", false,
			"Runbook defacement attached (Website defacement): /incident checklist",
			[]workflow.EventKind{workflow.EventOpened, workflow.EventRunbookAttached}},
		{"flag wins over the title", true, "open Admin takeover of the CMS --runbook Defacement", "defacement", false, "Runbook defacement attached", nil},
		// A title's suggestion is offered, not attached: a checklist holds up
		// phase moves, which nobody should meet without asking for it.
		{"suggestion offered", true, "open high Top page defaced", "", false,
			"This looks like runbook defacement (Website defacement). To follow its checklist: /incident runbook #1 defacement", []workflow.EventKind{workflow.EventOpened}},
		{"suggestion in Japanese", true, "open 管理画面の乗っ取り", "", false, "This looks like runbook account-takeover", nil},
		{"nothing matches", true, "open Database is slow", "", false, "Opened #1", []workflow.EventKind{workflow.EventOpened}},
		{"no library", false, "open Top page defaced", "", false, "Opened #1", []workflow.EventKind{workflow.EventOpened}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lib workflow.Library
			if tc.lib {
				lib = testLibrary()
			}
			h := newLibHarness(t, lib)
			r := h.run("sato", tc.open)
			if got := h.lines(r, workflow.English); !strings.Contains(got, tc.reply) {
				t.Errorf("reply lacks %q:\n%s", tc.reply, got)
			}
			rb := r.Incident.Runbook
			switch {
			case tc.runbook == "" && rb != nil:
				t.Errorf("attached %s", rb.Name)
			case tc.runbook != "" && (rb == nil || rb.Name != tc.runbook || rb.Suggested != tc.suggested):
				t.Errorf("runbook %+v, want %s suggested=%v", rb, tc.runbook, tc.suggested)
			}
			if tc.kinds != nil && !slices.Equal(h.kinds(one), tc.kinds) {
				t.Errorf("events %v, want %v", h.kinds(one), tc.kinds)
			}
			h.verify(one)
		})
	}
}

func TestRunbookUnknownChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lib   workflow.Library
		names string
	}{
		{"unknown name", testLibrary(), "runbooks: account-takeover, defacement"},
		{"no library", nil, "no runbooks are configured"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newLibHarness(t, tc.lib)
			before := sqlitetest.Dump(t, h.path)
			err := h.fail("sato", "open high Top page defaced --runbook defacment")
			if !errors.Is(err, workflow.ErrInvalid) {
				t.Errorf("kind: %v", err)
			}
			msg, _ := workflow.UserMessageOf(err)
			if got := workflow.Render(workflow.English, msg); !strings.Contains(got, "“defacment”") || !strings.Contains(got, tc.names) {
				t.Errorf("message %q does not name the runbook and the choices", got)
			}
			if ja := workflow.Render(workflow.Japanese, msg); !strings.Contains(ja, "手順書") {
				t.Errorf("ja message %q", ja)
			}
			if sqlitetest.Dump(t, h.path) != before {
				t.Error("a refused open changed the store")
			}
			// The next incident is still #1: nothing was used up.
			if r := h.run("sato", "open Later"); r.Incident.Number != 1 {
				t.Errorf("next incident is #%d", r.Incident.Number)
			}
		})
	}
}

// The runbook is copied when attached: editing the runbook afterwards does
// not change the incident's checklist.
func TestRunbookCopiedOnAttach(t *testing.T) {
	lib := testLibrary()
	h := newLibHarness(t, lib)
	h.run("sato", "open Top page defaced --runbook defacement")
	rb := lib.runbooks["defacement"]
	rb.Phases[workflow.PhaseDetect][0].Text = tx("CHANGED", "変更")
	rb.Phases[workflow.PhaseDetect] = append(rb.Phases[workflow.PhaseDetect], workflow.ChecklistItem{Text: tx("NEW", "追加")})
	got := h.lines(h.run("sato", "checklist"), workflow.English)
	if strings.Contains(got, "CHANGED") || strings.Contains(got, "NEW") || !strings.Contains(got, "1. ☐ Screenshot the altered page") {
		t.Errorf("the checklist follows the edited runbook:\n%s", got)
	}
	h.verify(workflow.Ref{Number: 1})
}

func TestChecklistOutput(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open high Top page defaced --runbook defacement")
	h.run("sato", "assign tech @suzuki") // 09:16
	h.run("sato", "done 1")              // 09:17, the screenshot in detect
	h.run("sato", "next")                // 09:18
	h.run("suzuki", "done 3")            // 09:19
	r := h.run("x", "checklist")
	if len(r.Events) != 0 {
		t.Errorf("checklist appended events: %v", r.Events)
	}
	en := h.lines(r, workflow.English)
	ja := h.lines(r, workflow.Japanese)
	for _, want := range []string{
		"#1 runbook defacement (Website defacement) — initial response: 1/4 done",
		"1. ☐ Cut the web server off from outside — owner tech (@suzuki)\n",
		"2. ☐ Find out which pages changed — owner tech (@suzuki)\n",
		"3. ✓ Copy the access logs before rotation — owner tech (@suzuki) · 📎 keep evidence · ✓ done by @suzuki at 2026-11-20 09:19 JST",
		"4. ☐ Move all talk to the incident channel — owner comms (unassigned)",
		"Tick: /incident done <n>",
		"Stop conditions: the public site, if the altered page spreads malware",
		"Fallbacks: a static notice page from the CDN",
		"Outside contacts: Hosting Co. (support desk 24h, contract number on the wiki; ask: server snapshots)",
	} {
		if !strings.Contains(en+"\n", want) {
			t.Errorf("checklist lacks %q:\n%s", want, en)
		}
	}
	for _, want := range []string{
		"#1 手順書 defacement（Webサイトの改ざん）— 初動: 4件中1件完了",
		"1. ☐ Webサーバーを外部から遮断する — 担当 技術担当（@suzuki）",
		"3. ✓ ローテーション前にアクセスログを複製する — 担当 技術担当（@suzuki） · 📎 証跡を保全 · ✓ 2026-11-20 09:19 JST @suzukiが完了",
		"4. ☐ 連絡をインシデントチャンネルに集約する — 担当 窓口担当（未割り当て）",
		"代替手段: CDN から静的なお知らせページを配信",
		"外部の連絡先: Hosting Co.（24時間サポート窓口（契約番号は社内Wiki）。依頼内容: サーバーのスナップショット）",
	} {
		if !strings.Contains(ja, want) {
			t.Errorf("ja checklist lacks %q:\n%s", want, ja)
		}
	}
	// show names the runbook and the phase's progress.
	if show := h.lines(h.run("x", "show"), workflow.English); !strings.Contains(show, "Runbook defacement (Website defacement) · initial response: 1/4 done — /incident checklist") {
		t.Errorf("show:\n%s", show)
	}
	// An item without an owner; a phase without a checklist.
	h.run("sato", "next --skip")
	if got := h.lines(h.run("x", "checklist"), workflow.English); !strings.Contains(got, "1. ☐ List admin logins of the last week\n") {
		t.Errorf("investigate checklist:\n%s", got)
	}
	h.run("sato", "done 1")
	h.run("sato", "next")
	got := h.lines(h.run("x", "checklist"), workflow.English)
	if !strings.Contains(got, "no checklist for contain") || !strings.Contains(got, "Fallbacks:") {
		t.Errorf("contain checklist:\n%s", got)
	}
	h.verify(workflow.Ref{Number: 1})
}

func TestChecklistWithoutRunbook(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open Database is slow")
	r := h.run("sato", "checklist")
	if got := h.lines(r, workflow.English); !strings.Contains(got, "No runbook is attached to #1") || !strings.Contains(got, "/incident runbook #1 NAME (runbooks: account-takeover, defacement)") {
		t.Errorf("checklist without a runbook:\n%s", got)
	}
	if ja := h.lines(r, workflow.Japanese); !strings.Contains(ja, "手順書が付いていません") {
		t.Errorf("ja: %s", ja)
	}
	// Without a runbook nothing holds up a move.
	h.run("sato", "next")
}

func TestTickAndUntick(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open Top page defaced --runbook defacement") // 09:15
	r := h.run("sato", "done 1")                                // 09:16
	en := h.lines(r, workflow.English)
	if !strings.Contains(en, "#1: ✓ 1. Screenshot the altered page (event 3). detect: 1/1 done.") || !strings.Contains(en, "Every item of detect is done. Next: /incident next") {
		t.Errorf("done reply:\n%s", en)
	}
	if ja := h.lines(r, workflow.Japanese); !strings.Contains(ja, "検知: 1件中1件完了") {
		t.Errorf("ja done reply: %s", ja)
	}
	p, _ := r.Events[0].Payload()
	if tk, ok := p.(workflow.ChecklistTicked); !ok || tk.Phase != workflow.PhaseDetect || tk.Item != 1 || tk.Text.En != "Screenshot the altered page" {
		t.Errorf("event %+v", p)
	}
	it := r.Incident.Runbook.Items(workflow.PhaseDetect)[0]
	if it.State != workflow.ItemDone || it.By.ID != "sato" || !it.At.Equal(time.Date(2026, 11, 20, 0, 16, 0, 0, time.UTC)) {
		t.Errorf("item after done: %+v", it)
	}
	r = h.run("suzuki", "undo 1")
	if en := h.lines(r, workflow.English); !strings.Contains(en, "item 1 (Screenshot the altered page) is open again (event 4). detect: 0/1 done.") {
		t.Errorf("undo reply: %s", en)
	}
	if it := r.Incident.Runbook.Items(workflow.PhaseDetect)[0]; it.State != workflow.ItemOpen || !it.By.IsZero() || !it.At.IsZero() {
		t.Errorf("item after undo: %+v", it)
	}
	if got := h.kinds(workflow.Ref{Number: 1}); !slices.Equal(got, []workflow.EventKind{workflow.EventOpened, workflow.EventRunbookAttached,
		workflow.EventChecklistTicked, workflow.EventChecklistUnticked}) {
		t.Errorf("events %v", got)
	}
	h.verify(workflow.Ref{Number: 1})
}

// Every refused done/undo says why and leaves the store byte for byte.
func TestTickRefusalsChangeNothing(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open Top page defaced --runbook defacement")     // #1, detect: one item
	h.run("sato", "done 1")                                         // ticked
	h.run("sato", "open Database is slow")                          // #2, no runbook
	h.run("sato", "open Admin takeover --runbook account-takeover") // #3, nothing in detect
	h.run("sato", "open Second defaced page --runbook defacement")  // #4, to be closed
	h.run("sato", "close #4 --false-alarm test page")
	for _, tc := range []struct {
		text string
		kind error
		want string
	}{
		{"done #1 2", workflow.ErrInvalid, "The checklist of detect has items 1 to 1, not 2."},
		{"undo #1 0", workflow.ErrInvalid, "“0” is not a checklist item number"},
		{"done #1 1", workflow.ErrInvalid, "Item 1 (Screenshot the altered page) is already done: @sato at 2026-11-20 09:16 JST. To open it again: /incident undo 1"},
		{"done #2 1", workflow.ErrInvalid, "#2 has no runbook, so it has no checklist."},
		{"undo #2 1", workflow.ErrInvalid, "/incident runbook #2 NAME"},
		{"done #3 1", workflow.ErrInvalid, "Runbook account-takeover has no checklist for detect"},
		{"done #4 1", workflow.ErrClosed, "is closed"},
		{"done #9 1", workflow.ErrNotFound, "No such incident"},
	} {
		before := sqlitetest.Dump(t, h.path)
		err := h.fail("sato", tc.text)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%q: %v, want kind %v", tc.text, err, tc.kind)
		}
		if msg, _ := workflow.UserMessageOf(err); !strings.Contains(workflow.Render(workflow.English, msg), tc.want) {
			t.Errorf("%q: message %q lacks %q", tc.text, workflow.Render(workflow.English, msg), tc.want)
		}
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%q changed the store", tc.text)
		}
	}
	// undo of an item that is not done
	h.run("sato", "undo #1 1")
	before := sqlitetest.Dump(t, h.path)
	err := h.fail("sato", "undo #1 1")
	if msg, _ := workflow.UserMessageOf(err); !strings.Contains(workflow.Render(workflow.English, msg), "Item 1 (Screenshot the altered page) is not done") ||
		!strings.Contains(workflow.Render(workflow.Japanese, msg), "未完了のため") {
		t.Errorf("undo of an open item: %v", err)
	}
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("a refused undo changed the store")
	}
}

func TestMoveOnWithUntickedItems(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open high Top page defaced --runbook defacement")
	h.run("sato", "done 1")
	h.run("sato", "next") // detect is done: no question asked
	h.run("sato", "done 1")
	one := workflow.Ref{Number: 1}

	for _, tc := range []struct {
		text, skip string
	}{
		{"next", "/incident next #1 --skip"},
		{"next WAF is in place", "/incident next #1 --skip"},
		{"phase investigate", "/incident phase #1 investigate --skip"},
	} {
		before := sqlitetest.Dump(t, h.path)
		err := h.fail("sato", tc.text)
		if !errors.Is(err, workflow.ErrUnticked) || !errors.Is(err, workflow.ErrInvalid) {
			t.Errorf("%q: %v", tc.text, err)
		}
		var ue *workflow.UntickedError
		if !errors.As(err, &ue) {
			t.Fatalf("%q: not an *UntickedError: %T", tc.text, err)
		}
		if ue.From != workflow.PhaseInitial || ue.To != workflow.PhaseInvestigate || len(ue.Items) != 3 || ue.Items[0].Item != 2 {
			t.Errorf("%q: %+v", tc.text, ue)
		}
		msg, _ := workflow.UserMessageOf(err)
		en := workflow.Render(workflow.English, msg)
		for _, want := range []string{
			"#1 stays in initial response: 3 checklist item(s) are not done:\n",
			"2. ☐ Find out which pages changed — owner tech (unassigned)\n",
			"3. ☐ Copy the access logs before rotation — owner tech (unassigned) · 📎 keep evidence\n",
			"4. ☐ Move all talk to the incident channel — owner comms (unassigned)\n",
			"move on to investigate anyway and log them as skipped: " + tc.skip,
		} {
			if !strings.Contains(en, want) {
				t.Errorf("%q: refusal lacks %q:\n%s", tc.text, want, en)
			}
		}
		if ja := workflow.Render(workflow.Japanese, msg); !strings.Contains(ja, "未完了のチェックリスト項目が3件あります") || !strings.Contains(ja, tc.skip) {
			t.Errorf("%q: ja refusal:\n%s", tc.text, ja)
		}
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%q changed the store", tc.text)
		}
	}
	if cmd := func() string {
		var ue *workflow.UntickedError
		errors.As(h.fail("sato", "phase investigate"), &ue)
		return ue.SkipCommand()
	}(); cmd != "phase investigate --skip" {
		t.Errorf("skip command %q", cmd)
	}

	// --skip moves on and logs what was skipped, before the move.
	r := h.run("suzuki", "next --skip")
	en := h.lines(r, workflow.English)
	for _, want := range []string{
		"#1: initial response → investigate",
		"Logged as skipped in initial response (event 6), 3 item(s):\n2. Find out which pages changed\n3. Copy the access logs before rotation\n4. Move all talk to the incident channel",
		"Checklist for investigate: 0/1 done — /incident checklist",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("skip reply lacks %q:\n%s", want, en)
		}
	}
	if r.Incident.Phase != workflow.PhaseInvestigate || len(r.Events) != 2 {
		t.Fatalf("after skip: phase %s, %d events", r.Incident.Phase, len(r.Events))
	}
	p, _ := r.Events[0].Payload()
	sk, ok := p.(workflow.ChecklistSkipped)
	if !ok || sk.Phase != workflow.PhaseInitial || len(sk.Items) != 3 || sk.Items[2].Item != 4 || sk.Items[2].Text.Ja != "連絡をインシデントチャンネルに集約する" {
		t.Errorf("skipped event %+v", p)
	}
	items := r.Incident.Runbook.Items(workflow.PhaseInitial)
	if items[0].State != workflow.ItemDone || items[1].State != workflow.ItemSkipped || items[1].By.ID != "suzuki" {
		t.Errorf("initial items after skip: %+v", items)
	}
	h.verify(one)

	// A step back is never held up; the way forward again asks again, and
	// lists the items skipped before.
	h.run("sato", "next --skip") // investigate → contain, its item skipped
	h.run("sato", "phase investigate the attacker came back")
	err := h.fail("sato", "next")
	var ue *workflow.UntickedError
	if !errors.As(err, &ue) || len(ue.Items) != 1 {
		t.Errorf("second time forward: %v", err)
	}
	// The checklist shows skipped items with who and when.
	if got := h.lines(h.run("x", "checklist"), workflow.English); !strings.Contains(got, "1. ☐ List admin logins of the last week — skipped by @sato at 2026-11-20") {
		t.Errorf("checklist after skipping:\n%s", got)
	}
	h.run("sato", "done 1")
	if r := h.run("sato", "next"); len(r.Events) != 1 {
		t.Errorf("next with everything done: %d events", len(r.Events))
	}
	h.verify(one)
}

// Closing is the last step forward: the post-incident items hold it like
// any other phase's, and close --skip logs them as skipped.
func TestCloseWithUntickedItems(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	one, two := workflow.Ref{Number: 1}, workflow.Ref{Number: 2}
	toPost := func(ref workflow.Ref) {
		h.run("sato", "open high Admin takeover --runbook account-takeover")
		h.run("sato", "next "+ref.String())
		h.run("sato", "done "+ref.String()+" 1")
		for range 4 {
			h.run("sato", "next "+ref.String())
		}
		h.run("sato", "postmortem "+ref.String()+" cause: reused password | impact: none | prevention: two-factor sign-in")
	}
	toPost(one)

	before := sqlitetest.Dump(t, h.path)
	err := h.fail("sato", "close #1")
	var ue *workflow.UntickedError
	if !errors.As(err, &ue) || !errors.Is(err, workflow.ErrInvalid) {
		t.Fatalf("close with an open item: %v", err)
	}
	if ue.From != workflow.PhasePost || ue.To != workflow.PhaseClosed || ue.Verb != workflow.VerbClose ||
		len(ue.Items) != 1 || ue.SkipCommand() != "close --skip" {
		t.Errorf("refusal %+v, skip command %q", ue, ue.SkipCommand())
	}
	msg, _ := workflow.UserMessageOf(err)
	for _, l := range []workflow.Lang{workflow.English, workflow.Japanese} {
		if got := workflow.Render(l, msg); !strings.Contains(got, "1. ☐ ") || !strings.Contains(got, "/incident close #1 --skip") {
			t.Errorf("%s refusal:\n%s", l, got)
		}
	}
	// Text after --skip is refused: a plain close carries no reason.
	h.fail("sato", "close #1 --skip because")
	if sqlitetest.Dump(t, h.path) != before {
		t.Error("a refused close changed the store")
	}

	r := h.run("sato", "close #1 --skip")
	if r.Incident.Phase != workflow.PhaseClosed || len(r.Events) != 2 ||
		r.Events[0].Kind != workflow.EventChecklistSkipped || r.Events[1].Kind != workflow.EventPhaseChanged {
		t.Fatalf("close --skip: phase %s, events %v", r.Incident.Phase, r.Events)
	}
	if it := r.Incident.Runbook.Items(workflow.PhasePost)[0]; it.State != workflow.ItemSkipped || it.By.ID != "sato" {
		t.Errorf("post item after close --skip: %+v", it)
	}
	h.verify(one)

	// With the item done, a plain close passes and skips nothing.
	toPost(two)
	h.run("sato", "done #2 1")
	if r := h.run("sato", "close #2"); r.Incident.Phase != workflow.PhaseClosed || len(r.Events) != 1 {
		t.Errorf("close with everything done: phase %s, events %v", r.Incident.Phase, r.Events)
	}
	h.verify(two)
}

// A false alarm, a reopen and --skip with nothing open are not held up, and
// log nothing as skipped.
func TestChecklistDoesNotHoldUp(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open Top page defaced --runbook defacement")
	h.run("sato", "close --false-alarm the page was a staging preview")
	h.run("sato", "reopen #1 it was real after all")
	h.run("sato", "done 1") // investigate's only item
	r := h.run("sato", "next --skip")
	if len(r.Events) != 1 || r.Events[0].Kind != workflow.EventPhaseChanged {
		t.Errorf("skip with nothing open: %v", r.Events)
	}
	for _, k := range h.kinds(workflow.Ref{Number: 1}) {
		if k == workflow.EventChecklistSkipped {
			t.Error("something was logged as skipped")
		}
	}
	h.verify(workflow.Ref{Number: 1})
}

// runbook <name> attaches a runbook later (after open suggested it), once.
func TestRunbookCommand(t *testing.T) {
	h := newLibHarness(t, testLibrary())
	h.run("sato", "open high Top page defaced")
	one := workflow.Ref{Number: 1}
	r := h.run("sato", "runbook #1 defacement")
	if rb := r.Incident.Runbook; rb == nil || rb.Name != "defacement" || rb.Suggested {
		t.Fatalf("runbook after the command: %+v", rb)
	}
	if got := h.lines(r, workflow.Japanese); !strings.Contains(got, "手順書 defacement") {
		t.Errorf("ja reply: %s", got)
	}
	if !slices.Equal(h.kinds(one), []workflow.EventKind{workflow.EventOpened, workflow.EventRunbookAttached}) {
		t.Errorf("events %v", h.kinds(one))
	}
	for _, bad := range []string{"runbook #1 account-takeover", "runbook #1 nosuch", "runbook"} {
		before := sqlitetest.Dump(t, h.path)
		h.fail("sato", bad)
		if sqlitetest.Dump(t, h.path) != before {
			t.Errorf("%q changed the store", bad)
		}
	}
	h.verify(one)
}
