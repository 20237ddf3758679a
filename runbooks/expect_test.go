package runbooks

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// Expectations written as { <kind> = <value>, by = "T+n" }, on an inject
// or as [[expect]] of the whole drill, and the [stalls] limits, load into
// the workflow's form.
func TestExpectationForms(t *testing.T) {
	own := scenario(map[int]string{
		8: `expect = { item_done = "look", by = "T+5" }`,
		13: "expect = { stop_decided = { en = \"infected PC\", ja = \"感染PC\" }, by = \"T+20\" }" + `
[[expect]]
role_from_chain = "指揮者"
by = "T+15"
[[expect]]
vendor_request = "hosting"
by = "T+25"
[[expect]]
approval_pending_max = 10
by = "T+30"
[[expect]]
status_full = true
by = "t + 12"
[[expect]]
phase_reached = "contain"
by = "T+28"
[[expect]]
statement_approved = "本人"
by = "T+29"
[stalls]
decision_within = 7
approval_within = 4`,
	})
	dir := dirWith(t, map[string]string{"book.toml": book(nil), "drills/x.toml": own})
	set, err := LoadWith(Options{Dir: dir, Scale: workflow.DefaultScale(), Vendors: shippedVendors})
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := set.Scenario("test-drill")
	if got, want := *sc.Injects[0].Expect, (workflow.Expectation{Kind: workflow.ExpectItemDone, Item: "look", Deadline: 5 * time.Minute}); !reflect.DeepEqual(got, want) {
		t.Errorf("inject 0: %+v", got)
	}
	if got := *sc.Injects[1].Expect; got.Kind != workflow.ExpectStopDecided || got.Stop != (workflow.Text{En: "infected PC", Ja: "感染PC"}) || got.Deadline != 20*time.Minute {
		t.Errorf("inject 1: %+v", got)
	}
	want := []workflow.Expectation{
		{Kind: workflow.ExpectRoleFromChain, Role: workflow.RoleCommander, Deadline: 15 * time.Minute},
		{Kind: workflow.ExpectVendorRequest, Vendor: "hosting", Deadline: 25 * time.Minute},
		{Kind: workflow.ExpectApprovalPending, Max: 10 * time.Minute, Deadline: 30 * time.Minute},
		{Kind: workflow.ExpectStatusFull, Deadline: 12 * time.Minute},
		{Kind: workflow.ExpectPhase, Phase: workflow.PhaseContain, Deadline: 28 * time.Minute},
		{Kind: workflow.ExpectStatement, Audience: workflow.AudienceAffected, Deadline: 29 * time.Minute},
	}
	if !reflect.DeepEqual(sc.Expects, want) {
		t.Errorf("the scenario's own:\n got %+v\nwant %+v", sc.Expects, want)
	}
	if sc.Stalls != (workflow.Stalls{DecisionWithin: 7 * time.Minute, ApprovalWithin: 4 * time.Minute}) {
		t.Errorf("stalls %+v", sc.Stalls)
	}
}

// Every mistake in an expectation or a limit is reported with its file,
// line and key, in English and in Japanese.
func TestExpectationErrors(t *testing.T) {
	ownExpect := func(lines string) string {
		return scenario(map[int]string{13: scenarioLines[12] + "\n[[expect]]\n" + lines})
	}
	cases := []struct {
		name, text string
		line       int
		key        string
		en, ja     string
	}{
		{"unknown kind", ownExpect("coffee_made = true\nby = \"T+5\""), 15, "expect[0].coffee_made", `unknown expectation "coffee_made"; write one of role_assigned,`, `「coffee_made」という期待される対応はありません`},
		{"two kinds in one", scenario(map[int]string{8: `expect = { item_done = "look", finding = true, by = "T+5" }`}), 8, "inject[0].expect.item_done", "one expectation per table: finding and item_done are two", "一つの表に書ける期待される対応は一つです"},
		{"nothing to expect", ownExpect(`by = "T+5"`), 14, "expect[0]", "the expectation says nothing to expect", "期待される対応が書かれていません"},
		{"no by", ownExpect("finding = true"), 14, "expect[0].by", "missing; write by when it should be met", "いつまでに達成すべきか"},
		{"by in minutes", ownExpect("finding = true\nby = 5"), 16, "expect[0].by", "5 is not a deadline; write minutes from the start of the drill as by = \"T+20\"", "5 は期限として読めません"},
		{"by before the inject", scenario(map[int]string{13: `expect = { finding = true, by = "T+5" }`}), 13, "inject[1].expect.by", "the deadline T+5 is not after its inject at T+10", "期限 T+5 が状況付与の時刻 T+10 より後ではありません"},
		{"by out of the drill", ownExpect("finding = true\nby = \"T+5000\""), 16, "expect[0].by", "T+5000 is not a time in the drill", "演習中の時刻ではありません"},
		{"an item the runbook lacks", ownExpect("item_done = \"isolate\"\nby = \"T+5\""), 15, "expect[0].item_done", `the runbook test-book has no item with the key "isolate"; its keys are close, cut-off, look, read, report, restore`, `手順書 test-book にキー「isolate」の項目はありません`},
		{"a stop in one language", ownExpect("stop_decided = { en = \"PC\" }\nby = \"T+5\""), 15, "expect[0].stop_decided", "write what the decision stops", "日英両方書いてください"},
		{"an unknown vendor", ownExpect("vendor_request = \"hostng\"\nby = \"T+5\""), 15, "expect[0].vendor_request", `unknown vendor "hostng"`, `委託先「hostng」は設定されていません`},
		{"no minutes", ownExpect("approval_pending_max = 0\nby = \"T+5\""), 15, "expect[0].approval_pending_max", "write whole minutes, 1 to 1440", "1〜1440 の分で書いてください"},
		{"false", ownExpect("finding = false\nby = \"T+5\""), 15, "expect[0].finding", "write finding = true", "finding = true と書いてください"},
		{"an unknown role", ownExpect("role_from_chain = \"mascot\"\nby = \"T+5\""), 15, "expect[0].role_from_chain", "mascot is not a role", "mascot は役割ではありません"},
		{"an unknown audience", ownExpect("statement_approved = \"investors\"\nby = \"T+5\""), 15, "expect[0].statement_approved",
			"investors is not an audience of statements; write one of customers, partners, staff, regulator, press, affected", "investors は発信の宛先ではありません"},
		{"an audience that is no word", ownExpect("statement_approved = true\nby = \"T+5\""), 15, "expect[0].statement_approved",
			"true is not an audience of statements", "true は発信の宛先ではありません"},
		{"closed is no phase to reach", ownExpect("phase_reached = \"closed\"\nby = \"T+5\""), 15, "expect[0].phase_reached", "closed is not a phase", "closed はフェーズではありません"},
		{"a new kind in the first form", scenario(map[int]string{8: `expect = { kind = "item_done", deadline = 5 }`}), 8, "inject[0].expect.kind", `write item_done as { item_done = <value>, by = "T+n" }`, "item_done は { item_done = <値>, by = \"T+n\" } の形で書いてください"},
		{"the first form in [[expect]]", ownExpect("kind = \"decision_logged\"\ndeadline = 5"), 15, "expect[0].kind", "[[expect]] takes the form { <kind> = <value>, by = \"T+n\" }", "[[expect]] は { <種類> = <値>, by = \"T+n\" } の形で書きます"},
		{"a limit of nothing", scenario(map[int]string{13: scenarioLines[12] + "\n[stalls]\nquiet_max = 0"}), 15, "stalls.quiet_max", "0 is not a limit; write whole minutes, 1 to 1440", "0 は上限として使えません"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := dirWith(t, map[string]string{"book.toml": book(nil), "drills/x.toml": tc.text})
			_, err := LoadWith(Options{Dir: dir, Scale: workflow.DefaultScale()})
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want Errors, got %v", err)
			}
			path := filepath.Join(dir, "drills", "x.toml")
			for _, e := range errs {
				if e.File == path && e.Key == tc.key && strings.Contains(e.Msg, tc.en) {
					if e.Line != tc.line || !strings.Contains(e.Ja, tc.ja) || strings.Contains(e.Ja, "(") {
						t.Errorf("line %d (want %d), Japanese %q", e.Line, tc.line, e.Ja)
					}
					return
				}
			}
			t.Errorf("want key %q: …%s…, got\n%v", tc.key, tc.en, err)
		})
	}
}

// A built-in scenario is never an error for a team whose configuration or
// runbooks differ: a vendor key the configuration lacks is noted (the
// expectation stays, and can only be missed); an item the runbook in force
// lacks is noted and left out.
func TestBuiltinExpectationNotes(t *testing.T) {
	replaced := strings.Replace(book(nil), `name = "test-book"`, `name = "defacement"`, 1)
	dir := dirWith(t, map[string]string{"defacement.toml": replaced})
	set, err := LoadWith(Options{Dir: dir, Scale: workflow.DefaultScale(), Vendors: []workflow.Vendor{{Key: "rental-server", Name: workflow.Text{En: "Rental"}}}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[NoteKind][]Note{}
	for _, n := range set.Notes() {
		kinds[n.Kind] = append(kinds[n.Kind], n)
	}
	if n := kinds[NoteDrillItem]; len(n) != 1 || n[0].Item != "isolate" || n[0].Runbook != "defacement" || !strings.HasSuffix(n[0].File, "web-defacement.toml") {
		t.Errorf("item notes %+v", n)
	}
	if n := kinds[NoteDrillVendor]; len(n) != 4 || !strings.Contains(n[0].String(), "expects a request to the vendor") {
		t.Errorf("vendor notes %+v", n)
	}
	sc, _ := set.Scenario("web-defacement")
	for _, x := range sc.Expects {
		if x.Kind == workflow.ExpectItemDone {
			t.Errorf("an item the runbook lacks was kept: %+v", x)
		}
	}
	ja := messages.Render(workflow.Japanese, kinds[NoteDrillItem][0].Msg())
	if !strings.Contains(ja, "チェックリスト項目「isolate」") || strings.Contains(ja, "{") {
		t.Errorf("Japanese note %q", ja)
	}
}
