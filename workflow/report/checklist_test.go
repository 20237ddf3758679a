package report

import (
	"encoding/json"
	"strings"
	"testing"

	"incidentbot/workflow"
)

func txt(en, ja string) workflow.Text { return workflow.Text{En: en, Ja: ja} }

// checklistSession has a runbook suggested by the title: in detect its one
// item is ticked; in initial response one item is ticked, one ticked and
// unticked again, and the rest skipped by moving on with --skip; in
// investigate nothing happens.
func checklistSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000007")}
	tl.add(t, sato, at(9, 0), workflow.Opened{Title: "Top page defaced", Severity: "high", Number: 7, Opener: sato.Person(), StartedAt: at(8, 40), DetectedAt: at(9, 0)}) // 1
	tl.add(t, sato, at(9, 0), workflow.RunbookAttached{Name: "defacement", Title: txt("Website defacement", "Webサイトの改ざん"), Suggested: true,
		Phases: []workflow.RunbookPhase{
			{Phase: workflow.PhaseDetect, Items: []workflow.RunbookItem{{Text: txt("Screenshot the page", "画面を撮影する"), Owner: workflow.RoleCommander, Evidence: true}}},
			{Phase: workflow.PhaseInitial, Items: []workflow.RunbookItem{
				{Text: txt("Cut the server off", "サーバーを遮断する"), Owner: workflow.RoleTech},
				{Text: txt("Find the changed pages", "変更箇所を特定する"), Owner: workflow.RoleTech},
				{Text: txt("Copy the | access logs", "アクセスログを複製する"), Owner: workflow.RoleTech, Evidence: true},
			}},
			{Phase: workflow.PhaseInvestigate, Items: []workflow.RunbookItem{{Text: txt("List admin logins", "管理者ログインを洗い出す")}}},
		},
		Stop: []workflow.Text{txt("the site", "公開サイト")}}) // 2
	tl.add(t, sato, at(9, 5), workflow.ChecklistTicked{Phase: workflow.PhaseDetect, Item: 1, Text: txt("Screenshot the page", "画面を撮影する")})                               // 3
	tl.add(t, sato, at(9, 6), workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward})                                  // 4
	tl.add(t, suzuki, at(9, 10), workflow.ChecklistTicked{Phase: workflow.PhaseInitial, Item: 1, Text: txt("Cut the server off", "サーバーを遮断する")})                          // 5
	tl.add(t, suzuki, at(9, 12), workflow.ChecklistTicked{Phase: workflow.PhaseInitial, Item: 2, Text: txt("Find the changed pages", "変更箇所を特定する")})                      // 6
	tl.add(t, suzuki, at(9, 13), workflow.ChecklistUnticked{Phase: workflow.PhaseInitial, Item: 2, Text: txt("Find the changed pages", "変更箇所を特定する")})                    // 7
	tl.add(t, kato, at(9, 20), workflow.ChecklistSkipped{Phase: workflow.PhaseInitial, Items: []workflow.SkippedItem{{Item: 2, Text: txt("Find the changed pages", "")}, // 8
		{Item: 3, Text: txt("Copy the | access logs", "")}}})
	tl.add(t, kato, at(9, 20), workflow.PhaseChanged{From: workflow.PhaseInitial, To: workflow.PhaseInvestigate, Move: workflow.MoveForward}) // 9
	return tl
}

func TestChecklistSection(t *testing.T) {
	r := build(t, checklistSession(t).events)
	c := r.Checklist
	if c == nil || c.Name != "defacement" || !c.Suggested || c.Seq != 2 || c.Title.Ja != "Webサイトの改ざん" || len(c.Phases) != 3 {
		t.Fatalf("checklist %+v", c)
	}
	type want struct {
		state string
		by    string
		seq   int
	}
	for _, tc := range []struct {
		phase               int
		done, skipped, open int
		items               []want
	}{
		{0, 1, 0, 0, []want{{"done", "sato", 3}}},
		{1, 1, 2, 0, []want{{"done", "suzuki", 5}, {"skipped", "kato", 8}, {"skipped", "kato", 8}}},
		{2, 0, 0, 1, []want{{"open", "", 0}}},
	} {
		ph := c.Phases[tc.phase]
		if ph.Done != tc.done || ph.Skipped != tc.skipped || ph.Open != tc.open {
			t.Errorf("%s: %d done %d skipped %d open", ph.Phase, ph.Done, ph.Skipped, ph.Open)
		}
		for i, w := range tc.items {
			it := ph.Items[i]
			by := ""
			if it.By != nil {
				by = it.By.ID
			}
			if it.Number != i+1 || it.State != w.state || by != w.by || it.Seq != w.seq || (it.At == nil) != (w.state == "open") {
				t.Errorf("%s item %d: %+v", ph.Phase, i+1, it)
			}
		}
	}

	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"## Runbook checklist\n\nRunbook defacement (Website defacement), suggested by the title and attached at 2026-11-20 09:00 UTC (event 2).",
		"### initial response: 1 done, 2 skipped, 0 open",
		"| # | Item | Owner | State | By | Time |",
		"| 1 | Cut the server off | tech | done | @suzuki | 2026-11-20 09:10 UTC |",
		"| 3 | Copy the \\| access logs (keep evidence) | tech | skipped | @kato | 2026-11-20 09:20 UTC |",
		"| 1 | List admin logins | — | open | — | — |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	ja := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{
		"## 手順書のチェックリスト",
		"### 初動: 完了1件、スキップ2件、未完了0件",
		"| 2 | 変更箇所を特定する | 技術担当 | スキップ | @kato | 2026-11-20 09:20 UTC |",
		"| 1 | 画面を撮影する （証跡を保全） | 指揮者 | 完了 | @sato |",
	} {
		if !strings.Contains(ja, want) {
			t.Errorf("ja markdown lacks %q", want)
		}
	}

	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Checklist struct {
			Phases []struct {
				Items []struct {
					State string          `json:"state"`
					At    json.RawMessage `json:"at"`
				} `json:"items"`
			} `json:"phases"`
		} `json:"checklist"`
	}
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	if it := v.Checklist.Phases[2].Items[0]; it.State != "open" || string(it.At) != "null" {
		t.Errorf("open item in JSON: %+v", it)
	}
}

func TestChecklistSectionWithoutRunbook(t *testing.T) {
	r := build(t, session(t).events)
	if r.Checklist != nil {
		t.Errorf("checklist %+v", r.Checklist)
	}
	if md := string(r.Markdown(workflow.English)); !strings.Contains(md, "## Runbook checklist\n\nNo runbook was attached.") {
		t.Error("markdown does not say no runbook was attached")
	}
	j, _ := r.JSON()
	if !strings.Contains(string(j), `"checklist": null`) {
		t.Error("JSON has no checklist: null")
	}
}
