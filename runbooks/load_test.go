package runbooks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"incidentbot/config"
	"incidentbot/workflow"
)

// bookLines is a small valid runbook, one line per entry, so a case can
// change a line and know its number (line n is bookLines[n-1]).
var bookLines = []string{
	`name = "test-book"`,                   // 1
	`title = { en = "Test", ja = "テスト" }`,  // 2
	`keywords = ["widget", "ウィジェット"]`,      // 3
	`severity = "low"`,                     // 4
	`[[phase.detect.item]]`,                // 5
	`text = { en = "look", ja = "見る" }`,    // 6
	`owner = "tech"`,                       // 7
	`key = "look"`,                         // 8
	`[[phase.initial.item]]`,               // 9
	`text = { en = "cut off", ja = "切る" }`, // 10
	`owner = "commander"`,                  // 11
	`step = "isolate"`,                     // 12
	`key = "cut-off"`,                      // 13
	`[[phase.investigate.item]]`,           // 14
	`text = { en = "read", ja = "読む" }`,    // 15
	`owner = "tech"`,                       // 16
	`key = "read"`,                         // 17
	`[[phase.contain.item]]`,               // 18
	`text = { en = "close", ja = "閉じる" }`,  // 19
	`owner = "tech"`,                       // 20
	`key = "close"`,                        // 21
	`[[phase.recover.item]]`,               // 22
	`text = { en = "restore", ja = "戻す" }`, // 23
	`owner = "tech"`,                       // 24
	`key = "restore"`,                      // 25
	`[[phase.post.item]]`,                  // 26
	`text = { en = "report", ja = "報告" }`,  // 27
	`owner = "scribe"`,                     // 28
	`key = "report"`,                       // 29
}

// book is bookLines with line n replaced by with[n] ("" deletes it; a
// value may hold several lines). Line numbers of the result: as written.
func book(with map[int]string) string {
	var out []string
	for i, l := range bookLines {
		if w, ok := with[i+1]; ok {
			if w != "" {
				out = append(out, w)
			}
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

// scenarioLines is a small valid scenario on the test book.
var scenarioLines = []string{
	`name = "test-drill"`,                 // 1
	`title = { en = "Drill", ja = "訓練" }`, // 2
	`runbook = "test-book"`,               // 3
	`severity = "low"`,                    // 4
	`[[inject]]`,                          // 5
	`at = 0`,                              // 6
	`text = { en = "go", ja = "開始" }`,     // 7
	`expect = { kind = "role_assigned", role = "commander", deadline = 5 }`, // 8
	`[[inject]]`,                         // 9
	`at = 10`,                            // 10
	`raise = "medium"`,                   // 11
	`text = { en = "worse", ja = "悪化" }`, // 12
	`expect = { kind = "phase_reached", phase = "initial", deadline = 20 }`, // 13
}

func scenario(with map[int]string) string {
	var out []string
	for i, l := range scenarioLines {
		if w, ok := with[i+1]; ok {
			if w != "" {
				out = append(out, w)
			}
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

// dirWith writes files (name → content; "drills/x.toml" for scenarios)
// into a new directory.
func dirWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestValidationErrors(t *testing.T) {
	manyItems := "[[phase.detect.item]]\n" + strings.Repeat("text = { en = \"x\", ja = \"エックス\" }\nowner = \"tech\"\n[[phase.detect.item]]\n", MaxItems) +
		"text = { en = \"x\", ja = \"エックス\" }\nowner = \"tech\""
	cases := []struct {
		name string
		file string // "book.toml" or "drills/x.toml"
		text string
		line int
		key  string
		msg  string
	}{
		{"unknown key", "book.toml", book(map[int]string{4: "severty = \"low\""}), 4, "severty", `unknown key; did you mean "severity"?`},
		{"unknown key in an item", "book.toml", book(map[int]string{20: "ownr = \"tech\""}), 20, "phase.contain.item[0].ownr", `did you mean "owner"?`},
		{"unknown key in a text", "book.toml", book(map[int]string{2: `title = { en = "Test", jp = "テスト" }`}), 2, "title.jp", `did you mean "ja"?`},
		{"missing Japanese title", "book.toml", book(map[int]string{2: `title = { en = "Test" }`}), 2, "title.ja", "the Japanese text is missing"},
		{"missing English item text", "book.toml", book(map[int]string{19: `text.ja = "閉じる"`}), 19, "phase.contain.item[0].text.en", "the English text is missing"},
		{"missing text", "book.toml", book(map[int]string{23: ""}), 22, "phase.recover.item[0].text", "missing; write it in both languages"},
		{"blank text", "book.toml", book(map[int]string{27: `text = { en = " ", ja = "報告" }`}), 27, "phase.post.item[0].text.en", "the English text is missing"},
		{"empty phase", "book.toml", book(map[int]string{22: "[phase.recover]", 23: "", 24: "", 25: ""}), 22, "phase.recover", "the checklist is empty"},
		{"missing phase", "book.toml", book(map[int]string{18: "", 19: "", 20: "", 21: ""}), 5, "phase.contain", "missing; every runbook has a checklist for each of the six phases"},
		{"unknown phase", "book.toml", book(map[int]string{29: "key = \"report\"\n[[phase.triage.item]]\ntext = { en = \"t\", ja = \"て\" }\nowner = \"tech\""}), 30, "phase.triage", `unknown phase "triage"`},
		{"phase alias as a key", "book.toml", book(map[int]string{29: "key = \"report\"\n[[phase.recovery.item]]\ntext = { en = \"t\", ja = \"て\" }\nowner = \"tech\""}), 30, "phase.recovery", "write the phase as [phase.recover]"},
		{"closed has no checklist", "book.toml", book(map[int]string{29: "key = \"report\"\n[[phase.closed.item]]\ntext = { en = \"t\", ja = \"て\" }\nowner = \"tech\""}), 30, "phase.closed", "closed has no checklist"},
		{"unknown role", "book.toml", book(map[int]string{7: `owner = "janitor"`}), 7, "phase.detect.item[0].owner", `unknown role "janitor"`},
		{"missing owner", "book.toml", book(map[int]string{16: ""}), 14, "phase.investigate.item[0].owner", "missing; every item has an owner role"},
		{"unknown step", "book.toml", book(map[int]string{12: `step = "panic"`}), 12, "phase.initial.item[0].step", `unknown step "panic"`},
		{"step outside the initial phase", "book.toml", book(map[int]string{7: "owner = \"tech\"\nstep = \"evidence\""}), 8, "phase.detect.item[0].step", "belong to the initial phase"},
		{"severity not in the scale", "book.toml", book(map[int]string{4: `severity = "critical"`}), 4, "severity", `"critical" is not a level of the configured scale; write one of low, medium, high`},
		{"missing severity", "book.toml", book(map[int]string{4: ""}), 1, "severity", "missing; write a level"},
		{"bad name", "book.toml", book(map[int]string{1: `name = "Test Book"`}), 1, "name", `"Test Book" is not a name`},
		{"missing name", "book.toml", book(map[int]string{1: ""}), 1, "name", "missing; every runbook has a name"},
		{"no Japanese keyword", "book.toml", book(map[int]string{3: `keywords = ["widget"]`}), 3, "keywords", "no Japanese keyword"},
		{"duplicate keyword", "book.toml", book(map[int]string{3: `keywords = ["widget", "ウィジェット", "Widget"]`}), 3, "keywords[2]", `"Widget" is listed twice`},
		{"too many items", "book.toml", book(map[int]string{5: manyItems, 6: "", 7: "", 8: ""}), 5 + 3*MaxItems, fmt.Sprintf("phase.detect.item[%d]", MaxItems), "more than 30 in one phase"},
		{"text too long", "book.toml", book(map[int]string{15: `text = { en = "read", ja = "` + strings.Repeat("読", MaxText+1) + `" }`}), 15, "phase.investigate.item[0].text.ja", "more than 1000"},
		{"wrong type", "book.toml", book(map[int]string{24: `owner = 3`}), 24, "phase.recover.item[0].owner", `write a string in double quotes, like owner = "…"`},
		{"text as a string", "book.toml", book(map[int]string{2: `title = "Test"`}), 2, "title", `write a text in both languages, like title = { en = "…", ja = "…" }`},
		{"syntax", "book.toml", book(map[int]string{11: `owner = "commander`}), 11, "", "TOML syntax"},
		{"contact without how to reach", "book.toml", book(map[int]string{29: "key = \"report\"\n[[contact]]\nvendor = { en = \"Host\", ja = \"ホスト\" }\nask = { en = \"logs\", ja = \"ログ\" }"}), 30, "contact[0].reach", "missing"},
		{"stop without Japanese", "book.toml", book(map[int]string{29: "key = \"report\"\n[[phase.contain.stop]]\ntext.en = \"the site\""}), 31, "phase.contain.stop[0].text.ja", "the Japanese text is missing"},
		{"missing item key", "book.toml", book(map[int]string{8: ""}), 5, "phase.detect.item[0].key", `missing; give every item a key of its own in the runbook, a short word in lowercase letters, digits and hyphens, such as key = "preserve-evidence"`},
		{"item key not a name", "book.toml", book(map[int]string{8: `key = "Look here"`}), 8, "phase.detect.item[0].key", `"Look here" is not a key; write lowercase letters, digits and single hyphens`},
		{"duplicate item key", "book.toml", book(map[int]string{25: `key = "look"`}), 25, "phase.recover.item[0].key", `"look" is already the key of phase.detect.item[0] (line 8); give each item of the runbook its own key`},

		{"unknown runbook", "drills/x.toml", scenario(map[int]string{3: `runbook = "nope"`}), 3, "runbook", `unknown runbook "nope"; the runbooks are account-takeover, data-leak, defacement`},
		{"injects out of order", "drills/x.toml", scenario(map[int]string{10: "at = 0\n[[inject]]\nat = 20\ntext = { en = \"a\", ja = \"あ\" }\n[[inject]]\nat = 15"}), 15, "inject[3].at", "injects out of order: T+15 comes after T+20 (inject[2])"},
		{"deadline before its inject", "drills/x.toml", scenario(map[int]string{13: `expect = { kind = "decision_logged", deadline = 5 }`}), 13, "inject[1].expect.deadline", "the deadline T+5 is not after its inject at T+10"},
		{"deadline at its inject", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "decision_logged", deadline = 0 }`}), 8, "inject[0].expect.deadline", "not after its inject at T+0"},
		{"unknown phase in an expectation", "drills/x.toml", scenario(map[int]string{13: `expect = { kind = "phase_reached", phase = "party", deadline = 20 }`}), 13, "inject[1].expect.phase", `unknown phase "party"`},
		{"unknown role in an expectation", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "role_assigned", role = "mascot", deadline = 5 }`}), 8, "inject[0].expect.role", `unknown role "mascot"`},
		{"role_assigned without a role", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "role_assigned", deadline = 5 }`}), 8, "inject[0].expect.role", "missing; role_assigned names the role"},
		{"a role where none belongs", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "status_posted", role = "comms", deadline = 5 }`}), 8, "inject[0].expect.role", "only role_assigned takes a role"},
		{"unknown kind", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "coffee_made", deadline = 5 }`}), 8, "inject[0].expect.kind", `unknown kind "coffee_made"`},
		{"missing deadline", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "decision_logged" }`}), 8, "inject[0].expect.deadline", "missing"},
		{"unknown starting level", "drills/x.toml", scenario(map[int]string{4: `severity = "sev9"`}), 4, "severity", `"sev9" is not a level`},
		{"unknown raise level", "drills/x.toml", scenario(map[int]string{11: `raise = "extreme"`}), 11, "inject[1].raise", `"extreme" is not a level`},
		{"raise that lowers", "drills/x.toml", scenario(map[int]string{4: `severity = "high"`}), 11, "inject[1].raise", `"medium" does not raise the severity: it is "high" since the start`},
		{"missing time", "drills/x.toml", scenario(map[int]string{10: ""}), 9, "inject[1].at", "missing"},
		{"time out of range", "drills/x.toml", scenario(map[int]string{10: "at = 2000"}), 10, "inject[1].at", "2000 is not a time in the drill"},
		{"missing Japanese inject", "drills/x.toml", scenario(map[int]string{12: `text = { en = "worse" }`}), 12, "inject[1].text.ja", "the Japanese text is missing"},
		{"end before the last deadline", "drills/x.toml", scenario(map[int]string{4: "severity = \"low\"\nend = 15"}), 5, "end", "before its last inject or deadline at T+20"},
		{"no injects", "drills/x.toml", strings.Join(scenarioLines[:4], "\n"), 1, "inject", "no injects"},
		{"unknown key in a scenario", "drills/x.toml", scenario(map[int]string{6: "at = 0\nwhen = 3"}), 7, "inject[0].when", "unknown key"},
		{"unknown key in an expectation", "drills/x.toml", scenario(map[int]string{8: `expect = { kind = "decision_logged", deadline = 5, within = 3 }`}), 8, "inject[0].expect.within", "unknown key"},
		{"minutes as a string", "drills/x.toml", scenario(map[int]string{10: `at = "10m"`}), 10, "inject[1].at", "a whole number of minutes, like at = 10"},
		// Deadlines (due, due_after, due_unlawful, when) and the drill's deadline_scale.
		{"malformed due", "book.toml", book(map[int]string{17: "key = \"read\"\ndue = \"3 days\""}), 18, "phase.investigate.item[0].due", `"3 days" is not a duration`},
		{"a due of nothing", "book.toml", book(map[int]string{17: "key = \"read\"\ndue = \"0h\""}), 18, "phase.investigate.item[0].due", "is not a deadline"},
		{"unknown key in due_after", "book.toml", book(map[int]string{21: "key = \"close\"\ndue = \"24h\"\ndue_after = \"reed\""}), 23, "phase.contain.item[0].due_after", `unknown item key "reed"; write the key of another item of this runbook: close, cut-off, look, read, report, restore`},
		{"due_after without due", "book.toml", book(map[int]string{21: "key = \"close\"\ndue_after = \"read\""}), 22, "phase.contain.item[0].due_after", "due_after needs due"},
		{"due_after of itself", "book.toml", book(map[int]string{21: "key = \"close\"\ndue = \"1h\"\ndue_after = \"close\""}), 23, "phase.contain.item[0].due_after", "counts from itself"},
		{"due_after in a circle", "book.toml", book(map[int]string{17: "key = \"read\"\ndue = \"1h\"\ndue_after = \"close\"", 21: "key = \"close\"\ndue = \"1h\"\ndue_after = \"read\""}), 19, "phase.investigate.item[0].due_after", `the due_after of "read" goes round in a circle (read → close → read)`},
		{"unknown condition", "book.toml", book(map[int]string{17: "key = \"read\"\nwhen = \"always\""}), 18, "phase.investigate.item[0].when", `unknown condition "always"`},
		{"due_unlawful without due", "book.toml", book(map[int]string{17: "key = \"read\"\ndue_unlawful = \"60d\""}), 18, "phase.investigate.item[0].due_unlawful", "write due too"},
		{"deadline_scale above one", "drills/x.toml", scenario(map[int]string{4: "severity = \"low\"\ndeadline_scale = 2.0"}), 5, "deadline_scale", "2 is not a scale"},
		{"deadline_scale as a string", "drills/x.toml", scenario(map[int]string{4: "severity = \"low\"\ndeadline_scale = \"0.01\""}), 5, "deadline_scale", "a number, like deadline_scale = 0.01"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{tc.file: tc.text}
			if strings.HasPrefix(tc.file, "drills/") {
				files["book.toml"] = book(nil)
			}
			dir := dirWith(t, files)
			_, err := Load(dir, workflow.DefaultScale())
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want Errors, got %v", err)
			}
			path := filepath.Join(dir, filepath.FromSlash(tc.file))
			for _, e := range errs {
				if e.File == path && e.Line == tc.line && e.Key == tc.key && strings.Contains(e.Msg, tc.msg) {
					prefix := fmt.Sprintf("%s:%d:%d: ", path, tc.line, e.Col)
					if !strings.HasPrefix(e.Error(), prefix) || e.Col < 1 {
						t.Errorf("message %q does not start with %q", e.Error(), prefix)
					}
					return
				}
			}
			t.Errorf("want %s:%d key %q: …%s…, got\n%v", tc.file, tc.line, tc.key, tc.msg, err)
		})
	}
}

// The valid test files load, and what they say comes through.
func TestValidFiles(t *testing.T) {
	dir := dirWith(t, map[string]string{
		"book.toml":         book(map[int]string{11: `owner = "指揮者"`}),
		"drills/drill.toml": scenario(nil),
		"notes.md":          "not a runbook",
	})
	set, err := Load(dir, workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	rb, ok := set.Runbook("Test-Book")
	if !ok {
		t.Fatal("test-book not found")
	}
	init := rb.Phases[workflow.PhaseInitial]
	if rb.File != filepath.Join(dir, "book.toml") || rb.Severity != "low" || len(init) != 1 || init[0].Key != "cut-off" ||
		init[0].Owner != workflow.RoleCommander || init[0].Step != workflow.StepIsolate || init[0].Text != (workflow.Text{En: "cut off", Ja: "切る"}) {
		t.Errorf("runbook %+v", rb)
	}
	sc, ok := set.Scenario("test-drill")
	if !ok {
		t.Fatal("test-drill not found")
	}
	want := []workflow.Inject{
		{At: 0, Text: workflow.Text{En: "go", Ja: "開始"}, Expect: &workflow.Expectation{Kind: workflow.ExpectRoleAssigned, Role: workflow.RoleCommander, Deadline: 5 * time.Minute}},
		{At: 10 * time.Minute, Text: workflow.Text{En: "worse", Ja: "悪化"}, Raise: "medium", Expect: &workflow.Expectation{Kind: workflow.ExpectPhase, Phase: workflow.PhaseInitial, Deadline: 20 * time.Minute}},
	}
	if sc.Runbook != "test-book" || sc.Severity != "low" || sc.End != 0 || len(sc.Injects) != len(want) {
		t.Fatalf("scenario %+v", sc)
	}
	for i, w := range want {
		g := sc.Injects[i]
		if g.At != w.At || g.Text != w.Text || g.Raise != w.Raise || !reflect.DeepEqual(*g.Expect, *w.Expect) {
			t.Errorf("inject %d: got %+v %+v, want %+v %+v", i, g, g.Expect, w, w.Expect)
		}
	}
	// Levels may be written as aliases; the set holds keys.
	dir = dirWith(t, map[string]string{"book.toml": book(map[int]string{4: `severity = "sev1"`})})
	if set, err := Load(dir, workflow.Scale{}); err != nil {
		t.Fatal(err)
	} else if rb, _ := set.Runbook("test-book"); rb.Severity != "high" {
		t.Errorf("sev1 → %q, want high", rb.Severity)
	}
}

func TestDuplicateNames(t *testing.T) {
	dir := dirWith(t, map[string]string{
		"a.toml":          book(nil),
		"b.toml":          book(nil),
		"drills/a.toml":   scenario(nil),
		"drills/b.toml":   scenario(nil),
		"drills/c.toml":   scenario(map[int]string{1: `name = "web-defacement"`}), // replaces the embedded one
		"defacement.toml": book(map[int]string{1: `name = "defacement"`}),
	})
	_, err := Load(dir, workflow.DefaultScale())
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("want two errors, got\n%v", err)
	}
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	if e := errs[0]; e.File != b || e.Line != 1 || e.Key != "name" || !strings.Contains(e.Msg, `runbook "test-book" is already defined in `+a+":1") {
		t.Errorf("runbook: %v", e)
	}
	da, db := filepath.Join(dir, "drills", "a.toml"), filepath.Join(dir, "drills", "b.toml")
	if e := errs[1]; e.File != db || e.Line != 1 || !strings.Contains(e.Msg, `scenario "test-drill" is already defined in `+da+":1") {
		t.Errorf("scenario: %v", e)
	}
}

// A file of [runbooks] dir adds a runbook or replaces one by name; its
// scenarios may use runbooks of either kind.
func TestOverride(t *testing.T) {
	embedded, err := Load("", workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	dir := dirWith(t, map[string]string{
		"defacement.toml":        book(map[int]string{1: `name = "defacement"`, 2: `title = { en = "Our own defacement steps", ja = "自社版の改ざん対応" }`}),
		"widget.toml":            book(nil),
		"drills/widget.toml":     scenario(nil),
		"drills/on-shipped.toml": scenario(map[int]string{1: `name = "on-shipped"`, 3: `runbook = "vendor-outage"`}),
	})
	set, err := Load(dir, workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(set.Runbooks()), len(embedded.Runbooks())+1; got != want {
		t.Errorf("%d runbooks, want %d", got, want)
	}
	rb, _ := set.Runbook("defacement")
	if rb.Title.En != "Our own defacement steps" || rb.File != filepath.Join(dir, "defacement.toml") {
		t.Errorf("defacement not replaced: %+v", rb)
	}
	if orig, _ := embedded.Runbook("defacement"); orig.File != "runbooks/defaults/defacement.toml" || orig.Title.En == rb.Title.En {
		t.Errorf("embedded defacement: %q %q", orig.File, orig.Title.En)
	}
	if _, ok := set.Scenario("test-drill"); !ok {
		t.Error("scenario on an added runbook missing")
	}
	if sc, ok := set.Scenario("on-shipped"); !ok || sc.Runbook != "vendor-outage" {
		t.Errorf("scenario on a shipped runbook: %+v", sc)
	}
	if got, want := len(set.Scenarios()), len(embedded.Scenarios())+2; got != want {
		t.Errorf("%d scenarios, want %d", got, want)
	}
	names := set.RunbookNames()
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("names not sorted: %v", names)
		}
	}
}

func TestMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nowhere")
	_, err := Load(dir, workflow.Scale{})
	if err == nil || !strings.HasPrefix(err.Error(), dir+": cannot read the runbooks directory") || !strings.Contains(err.Error(), "[runbooks] dir") {
		t.Fatalf("got %v", err)
	}
	// No drills subdirectory is fine.
	if _, err := Load(dirWith(t, map[string]string{"book.toml": book(nil)}), workflow.Scale{}); err != nil {
		t.Fatal(err)
	}
}

// The shipped runbooks and scenarios load clean, against the workflow's
// default scale and against the one the default configuration builds.
func TestEmbeddedLoadsClean(t *testing.T) {
	for name, scale := range map[string]workflow.Scale{"workflow": workflow.DefaultScale(), "config": config.Default().Scale()} {
		set, err := Load("", scale)
		if err != nil {
			t.Fatalf("%s scale:\n%v", name, err)
		}
		if got := set.RunbookNames(); strings.Join(got, " ") != "account-takeover data-leak defacement vendor-outage vendor-ransomware" {
			t.Errorf("runbooks %v", got)
		}
		if n := len(set.Scenarios()); n < 3 {
			t.Errorf("%d scenarios, want at least 3", n)
		}
		if notes := set.Notes(); len(notes) != 0 {
			t.Errorf("%s scale: notes %v", name, notes)
		}
	}
}

// Every shipped runbook has all six phases and, in initial response, the
// four first-hour steps; every scenario expects something and covers a
// shipped runbook.
func TestShippedContent(t *testing.T) {
	set, err := Load("", workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	for _, rb := range set.Runbooks() {
		if len(rb.Phases) != len(ChecklistPhases) {
			t.Errorf("%s: %d phases", rb.Name, len(rb.Phases))
		}
		for _, p := range ChecklistPhases {
			if len(rb.Phases[p]) == 0 {
				t.Errorf("%s: phase %s has no items", rb.Name, p)
			}
		}
		steps := map[workflow.FirstHourStep]int{}
		evidence := false
		for _, it := range rb.Phases[workflow.PhaseInitial] {
			if it.Step != "" {
				steps[it.Step]++
			}
			evidence = evidence || (it.Step == workflow.StepEvidence && it.Evidence)
		}
		for _, s := range workflow.FirstHourSteps {
			if steps[s] != 1 {
				t.Errorf("%s: initial response has step %s %d times, want once", rb.Name, s, steps[s])
			}
		}
		if !evidence {
			t.Errorf("%s: the evidence step is not marked evidence = true", rb.Name)
		}
		if len(rb.Stop) == 0 || len(rb.Fallback) == 0 || len(rb.Contacts) == 0 {
			t.Errorf("%s: stop %d, fallbacks %d, contacts %d; want some of each", rb.Name, len(rb.Stop), len(rb.Fallback), len(rb.Contacts))
		}
		if rb.Severity == "" || !strings.HasPrefix(rb.File, "runbooks/defaults/") {
			t.Errorf("%s: severity %q file %q", rb.Name, rb.Severity, rb.File)
		}
	}
	covered := map[string]bool{}
	for _, sc := range set.Scenarios() {
		covered[sc.Runbook] = true
		expects := 0
		for i, in := range sc.Injects {
			if i > 0 && in.At < sc.Injects[i-1].At {
				t.Errorf("%s: injects out of order", sc.Name)
			}
			if in.Expect != nil {
				expects++
			}
		}
		if expects == 0 || sc.End == 0 || sc.End < sc.Injects[len(sc.Injects)-1].At {
			t.Errorf("%s: %d expectations, end %v", sc.Name, expects, sc.End)
		}
	}
	if len(covered) < 3 {
		t.Errorf("scenarios cover %d runbooks, want at least 3", len(covered))
	}
	if _, ok := set.Scenario("web-defacement"); !ok {
		t.Error("web-defacement (the README's example) is missing")
	}
}

// A custom scale without the shipped levels still loads: the shipped files'
// levels are dropped (no suggested level, drills start at the default), and
// a level a team's own file names wrongly is still an error. Aliases make the
// shipped files fit again.
func TestCustomScale(t *testing.T) {
	scale := workflow.Scale{Levels: []workflow.Level{{Key: "minor"}, {Key: "major"}}, Default: "minor"}
	set, err := Load("", scale)
	if err != nil {
		t.Fatalf("shipped files under a custom scale: %v", err)
	}
	if rb, _ := set.Runbook("defacement"); rb.Severity != "" {
		t.Errorf("defacement suggests %q under a scale without it", rb.Severity)
	}
	if sc, _ := set.Scenario("web-defacement"); sc.Severity != "minor" {
		t.Errorf("web-defacement starts at %q, want the default minor", sc.Severity)
	}
	// Nothing is dropped silently: a note names each level left out, with its
	// place and what was done instead.
	notes := map[string]Note{}
	for _, n := range set.Notes() {
		notes[n.File+" "+n.Key] = n
	}
	for key, want := range map[string]struct {
		kind  NoteKind
		level string
	}{
		"runbooks/defaults/defacement.toml severity":          {NoteRunbookLevel, "medium"},
		"runbooks/drills/web-defacement.toml severity":        {NoteDrillLevel, "medium"},
		"runbooks/drills/web-defacement.toml inject[2].raise": {NoteDrillRaise, "high"},
	} {
		n, ok := notes[key]
		if !ok || n.Kind != want.kind || n.Level != want.level || n.Line == 0 || n.Default != "minor" {
			t.Errorf("note of %s: %+v, want kind %s, level %s, a line and the default", key, n, want.kind, want.level)
		}
	}
	if n := notes["runbooks/drills/web-defacement.toml inject[2].raise"]; !strings.Contains(n.String(), `raises the severity to “high”, which the configured scale (minor, major) lacks; the drill runs without that raise`) ||
		!strings.Contains(Messages().Render(workflow.Japanese, n.Msg()), "この引き上げは行わずに演習します") {
		t.Errorf("the raise note reads:\n%s\n%s", n, Messages().Render(workflow.Japanese, n.Msg()))
	}
	dir := t.TempDir()
	own := strings.Replace(mustRead(t, "defaults/defacement.toml"), `name = "defacement"`, `name = "our-defacement"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "ours.toml"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	// A copy of a built-in runbook names its vendors by key: the
	// configuration has them here.
	_, err = LoadWith(Options{Dir: dir, Scale: scale, Vendors: shippedVendors})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("our own file with an unknown level: want Errors, got %v", err)
	}
	found := false
	for _, e := range errs {
		if strings.HasSuffix(e.File, "ours.toml") && e.Key == "severity" && e.Line > 0 &&
			strings.Contains(e.Msg, `"medium" is not a level of the configured scale; write one of minor, major`) {
			found = true
		}
	}
	if !found {
		t.Errorf("got\n%v", err)
	}
	scale.Levels[0].Aliases = []string{"low", "medium"}
	scale.Levels[1].Aliases = []string{"high"}
	set, err = Load("", scale)
	if err != nil {
		t.Fatal(err)
	}
	if rb, _ := set.Runbook("data-leak"); rb.Severity != "major" {
		t.Errorf("data-leak severity %q, want major", rb.Severity)
	}
	if notes := set.Notes(); len(notes) != 0 {
		t.Errorf("with aliases for every shipped level: notes %v", notes)
	}
	// A built-in file replaced by one's own takes its notes with it.
	scale.Levels[0].Aliases, scale.Levels[1].Aliases = nil, nil
	own = strings.Replace(mustRead(t, "defaults/defacement.toml"), `severity = "medium"`, `severity = "minor"`, 1)
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "defacement.toml"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	if set, err = LoadWith(Options{Dir: dir, Scale: scale, Vendors: shippedVendors}); err != nil {
		t.Fatal(err)
	}
	for _, n := range set.Notes() {
		if strings.Contains(n.File, "defacement.toml") && n.Kind == NoteRunbookLevel {
			t.Errorf("a note about the replaced runbook: %v", n)
		}
	}
}

func TestNotesCatalog(t *testing.T) {
	if bad := Messages().Check(); len(bad) > 0 {
		t.Error(bad)
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := embedded.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSuggest(t *testing.T) {
	set, err := Load("", workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ title, want string }{
		{"Top page defaced overnight", "defacement"},
		{"DEFACEMENT of the recruiting site", "defacement"},
		{"Suspicious login to the CMS admin account", "account-takeover"},
		{"Applicant data exposed through the entry form", "data-leak"},
		{"Hosting outage: site down", "vendor-outage"},
		{"Ransomware on a contractor laptop", "vendor-ransomware"},
		{"トップページが改ざんされている", "defacement"},
		{"管理画面に不正ログイン", "account-takeover"},
		{"応募フォームから個人情報が流出した疑い", "data-leak"},
		{"レンタルサーバーの障害でサイトが表示されない", "vendor-outage"},
		{"委託先PCがランサムウェアに感染", "vendor-ransomware"},
		{"", ""},
		{"Coffee machine broken", ""},
		{"Fixing a typo in the newsletter", ""},
	}
	for _, tc := range cases {
		rb, ok := set.Suggest(tc.title)
		if ok != (tc.want != "") || rb.Name != tc.want {
			t.Errorf("Suggest(%q) = %q, %v; want %q", tc.title, rb.Name, ok, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		title, keyword string
		want           bool
	}{
		{"vendor pc infected", "pc", true},
		{"an epic failure", "pc", false},               // ASCII: at the start of a word
		{"ransomware", "ransom", true},                 // … and may go on
		{"site-down", "down", true},                    // punctuation starts a word
		{"サイトの改ざんを確認", "改ざん", true},                    // Japanese: anywhere
		{"Ａｃｃｏｕｎｔ Takeover", "account takeover", true}, // full-width letters, case
		{"委託先ＰＣ　感染", "委託先pc 感染", true},
	} {
		got := match(fold(tc.title), fold(tc.keyword)) > 0
		if got != tc.want {
			t.Errorf("match(%q, %q) = %v", tc.title, tc.keyword, got)
		}
	}
}

// The Set through the workflow's eyes.
func TestLibrary(t *testing.T) {
	dir := dirWith(t, map[string]string{
		"book.toml": book(map[int]string{29: "key = \"report\"\n[[phase.contain.stop]]\ntext = { en = \"the form\", ja = \"フォーム\" }"}),
	})
	set, err := Load(dir, workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	var lib workflow.Library = set.Library()
	rb, ok := lib.Runbook("test-book")
	if !ok || len(rb.Phases) != 6 || len(rb.Phases[workflow.PhaseInitial]) != 1 || rb.Phases[workflow.PhaseInitial][0].Owner != workflow.RoleCommander {
		t.Fatalf("runbook %+v", rb)
	}
	if g := rb.PhaseGuidance[workflow.PhaseContain]; len(rb.Stop) != 0 || len(g.Stop) != 1 || g.Stop[0] != (workflow.Text{En: "the form", Ja: "フォーム"}) {
		t.Errorf("phase stop conditions: %+v, the runbook's %+v", rb.PhaseGuidance, rb.Stop)
	}
	shipped, _ := lib.Runbook("defacement")
	if len(shipped.Contacts) == 0 || shipped.Contacts[0].Vendor != (workflow.Text{En: "Hosting company", Ja: "ホスティング会社"}) || shipped.Contacts[0].Name != "" || shipped.Contacts[0].Reach.En == "" {
		t.Errorf("contacts %+v", shipped.Contacts)
	}
	if got, ok := lib.Suggest("改ざんされた"); !ok || got.Name != "defacement" {
		t.Errorf("suggest %q %v", got.Name, ok)
	}
	sc, ok := lib.Scenario("web-defacement")
	if !ok || sc.Runbook != "defacement" || sc.End != time.Hour || len(sc.Injects) == 0 || sc.Injects[0].Expect == nil || sc.Injects[0].Expect.Kind != workflow.ExpectRoleFromChain || len(sc.Expects) == 0 {
		t.Errorf("scenario %+v", sc)
	}
	if _, ok := lib.Runbook("nope"); ok {
		t.Error("unknown runbook found")
	}
	if len(lib.ScenarioNames()) != len(set.Scenarios()) || len(lib.RunbookNames()) != len(set.Runbooks()) {
		t.Error("names")
	}
}

// The examples in README.md are written in the format the loader reads.
func TestReadmeExamples(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(data), "```toml\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks = append(blocks, block)
	}
	if len(blocks) != 2 {
		t.Fatalf("%d toml blocks in README.md, want 2", len(blocks))
	}
	c := &checker{file: "README.md"}
	if !c.decode([]byte(blocks[0]), &runbookFile{}) || !c.decode([]byte(blocks[1]), &scenarioFile{}) {
		t.Fatalf("README.md examples:\n%v", c.errs)
	}
	// The scenario example is valid as it stands, on the shipped runbook.
	dir := dirWith(t, map[string]string{"drills/example.toml": blocks[1]})
	if _, err := Load(dir, workflow.DefaultScale()); err != nil {
		t.Fatal(err)
	}
}

// Each shipped text is in the language it claims: Japanese in ja, none in en.
func TestShippedLanguages(t *testing.T) {
	set, err := Load("", workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	check := func(where string, tx workflow.Text) {
		if isJapanese(tx.En) || !isJapanese(tx.Ja) {
			t.Errorf("%s: en %q / ja %q", where, tx.En, tx.Ja)
		}
	}
	guidance := func(where string, g workflow.Guidance) {
		for _, x := range append(append([]workflow.Text(nil), g.Stop...), g.Fallback...) {
			check(where, x)
		}
		for _, c := range g.Contacts {
			check(where+" contact", c.Vendor)
			check(where+" contact", c.Reach)
			check(where+" contact", c.Ask)
		}
	}
	for _, rb := range set.Runbooks() {
		check(rb.Name, rb.Title)
		guidance(rb.Name, rb.Guidance())
		for p, items := range rb.Phases {
			guidance(rb.Name+" "+string(p), rb.PhaseGuidance[p])
			for i, it := range items {
				check(fmt.Sprintf("%s %s item %d", rb.Name, p, i+1), it.Text)
			}
		}
	}
	for _, sc := range set.Scenarios() {
		check(sc.Name, sc.Title)
		for i, in := range sc.Injects {
			check(fmt.Sprintf("%s inject %d", sc.Name, i), in.Text)
		}
	}
}

// shippedVendors are the vendor keys the shipped runbooks name, as
// config.example.toml configures them.
var shippedVendors = []workflow.Vendor{
	{Key: "hosting", Name: workflow.Text{En: "Example Hosting", Ja: "例ホスティング"}, Phone: "03-0000-0001"},
	{Key: "cms", Name: workflow.Text{En: "Example Web Works", Ja: "例ウェブ制作"}, Channel: "C0CMSVENDOR"},
	{Key: "forms", Name: workflow.Text{En: "Example Forms", Ja: "例フォーム"}},
	{Key: "cloud", Name: workflow.Text{En: "Example Cloud", Ja: "例クラウド"}},
}

// A contact names a vendor of the configuration by key, or another party by
// name. In a file of one's own an unknown key is an error with its line; a
// built-in file's unknown key shows the general name it carries, with one
// note per key when the configuration has vendors at all (none: no note).
func TestContactVendors(t *testing.T) {
	set, err := LoadWith(Options{Vendors: shippedVendors})
	if err != nil {
		t.Fatal(err)
	}
	if n := set.Notes(); len(n) != 0 {
		t.Errorf("every shipped key configured: notes %v", n)
	}
	rb, _ := set.Runbook("defacement")
	if c := rb.Contacts[0]; c.VendorKey != "hosting" || c.Vendor.En != "Example Hosting" || c.Ask == (workflow.Text{}) {
		t.Errorf("defacement's first contact: %+v", c)
	}
	leak, _ := set.Runbook("data-leak")
	if c := leak.Contacts[1]; c.VendorKey != "" || c.Vendor.En != "Digital forensics specialist" {
		t.Errorf("a party that is no vendor: %+v", c)
	}

	// Without vendors: general names, no notes.
	set, err = Load("", workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	rb, _ = set.Runbook("defacement")
	if c := rb.Contacts[0]; c.VendorKey != "" || c.Vendor.En != "Hosting company" {
		t.Errorf("defacement's first contact without vendors: %+v", c)
	}
	if n := set.Notes(); len(n) != 0 {
		t.Errorf("no vendors configured: notes %v", n)
	}

	// Some vendors, not the shipped keys: one note per key.
	set, err = LoadWith(Options{Vendors: []workflow.Vendor{{Key: "rental-server", Name: workflow.Text{En: "Rental"}}}})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]Note{}
	for _, n := range set.Notes() {
		if n.Kind == NoteRunbookVendor {
			if _, dup := byKey[n.Vendor]; dup {
				t.Errorf("two notes for %s", n.Vendor)
			}
			byKey[n.Vendor] = n
		}
	}
	if len(byKey) != 3 || byKey["cms"].Others != 2 || byKey["hosting"].Line == 0 {
		t.Errorf("vendor notes: %+v", byKey)
	}
	if s := byKey["hosting"].String(); !strings.Contains(s, `the built-in runbooks name the vendor “hosting” (in 1 more place(s) too), and the configuration has no [[vendor]] with that key (configured: rental-server)`) {
		t.Errorf("note: %s", s)
	}

	// A file of one's own: unknown keys are errors with their line; a
	// contact names someone; a vendor of the registry needs no reach.
	own := strings.Replace(book(nil), "[[phase.detect.item]]", `[[contact]]
vendor = "hostng"
ask = { en = "Logs", ja = "ログ" }

[[contact]]
reach = { en = "Phone", ja = "電話" }
ask = { en = "Logs", ja = "ログ" }

[[contact]]
vendor = "hosting"
ask = { en = "Access logs", ja = "アクセスログ" }

[[phase.detect.item]]`, 1)
	dir := dirWith(t, map[string]string{"book.toml": own})
	_, err = LoadWith(Options{Dir: dir, Vendors: shippedVendors})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 2 {
		t.Fatalf("got %v", err)
	}
	if e := errs[0]; e.Key != "contact[0].vendor" || e.Line == 0 || !strings.Contains(e.Msg, `unknown vendor "hostng"; the configured vendors are hosting, cms, forms, cloud`) {
		t.Errorf("first error: %v", e)
	}
	if e := errs[1]; e.Key != "contact[1]" || !strings.Contains(e.Msg, "the contact names nobody") {
		t.Errorf("second error: %v", e)
	}
}

// Deadlines come through as written: days or hours, the item they count
// from, the unlawful-purpose time and the condition; a scenario's scale.
func TestDeadlineKeys(t *testing.T) {
	dir := dirWith(t, map[string]string{
		"book.toml": book(map[int]string{
			4:  "severity = \"low\"\npersonal_data = true",
			17: "key = \"read\"\nwhen = \"personal_data\"\ndue = \"72h\"",
			29: "key = \"report\"\ndue = \"30d\"\ndue_unlawful = \"60d\"\ndue_after = \"read\"",
		}),
		"drills/x.toml": scenario(map[int]string{4: "severity = \"low\"\ndeadline_scale = 0.01"}),
	})
	set, err := Load(dir, workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := set.Runbook("test-book")
	read, report := rb.Phases[workflow.PhaseInvestigate][0], rb.Phases[workflow.PhasePost][0]
	if !rb.PersonalData || read.Due != 72*time.Hour || read.When != workflow.WhenPersonalData ||
		report.Due != 30*24*time.Hour || report.DueUnlawful != 60*24*time.Hour || report.DueAfter != "read" {
		t.Errorf("runbook %v, read %+v, report %+v", rb.PersonalData, read, report)
	}
	if sc, _ := set.Scenario("test-drill"); sc.DeadlineScale != 0.01 {
		t.Errorf("deadline_scale %v", sc.DeadlineScale)
	}
}
