package runbooks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"incidentbot/internal/jatext"
	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// badFile is a bad runbook or scenario for each problem `check` reports
// (and `serve` refuses), with a piece of the English message it must give.
type badFile struct {
	name  string
	files map[string]string // "book.toml", "drills/x.toml"; a scenario gets book(nil) beside it
	en    string            // a substring of one English message
}

// withOwnExpect is a scenario whose own [[expect]] holds lines.
func withOwnExpect(lines string) string {
	return scenario(map[int]string{13: scenarioLines[12] + "\n[[expect]]\n" + lines})
}

func bookWith(with map[int]string) map[string]string {
	return map[string]string{"book.toml": book(with)}
}

func drillWith(text string) map[string]string { return map[string]string{"drills/x.toml": text} }

var badFiles = []badFile{
	// Decoding: unknown keys, wrong types, syntax.
	{"unknown key", bookWith(map[int]string{4: "severty = \"low\""}), `unknown key; did you mean "severity"? (keys at the top level:`},
	{"unknown key, no guess", bookWith(map[int]string{4: "severity = \"low\"\ncolour = \"red\""}), `unknown key; remove it or fix its spelling (keys at the top level:`},
	{"unknown key in a text", bookWith(map[int]string{2: `title = { en = "Test", jp = "テスト" }`}), `(keys in title: en, ja)`},
	{"syntax", bookWith(map[int]string{11: `owner = "commander`}), `TOML syntax: `},
	{"a text as a string", bookWith(map[int]string{2: `title = "Test"`}), `write a text in both languages, like title = { en = "…", ja = "…" }`},
	{"a number as a string", bookWith(map[int]string{24: `owner = 3`}), `wrong type (cannot decode TOML integer into struct field runbooks.itemFile.Owner of type string); write a string in double quotes, like owner = "…"`},
	{"true or false", bookWith(map[int]string{4: "severity = \"low\"\npersonal_data = \"yes\""}), `write true or false, like personal_data = true`},
	{"minutes as a string", drillWith(scenario(map[int]string{10: `at = "10m"`})), `a whole number of minutes, like at = 10`},
	{"a number", drillWith(scenario(map[int]string{4: "severity = \"low\"\ndeadline_scale = \"0.01\""})), `a number, like deadline_scale = 0.01`},
	{"a list of strings", bookWith(map[int]string{3: `keywords = "widget"`}), `write a list of strings, like keywords = ["a", "b"]`},
	{"tables", drillWith(scenario(map[int]string{4: "severity = \"low\"\nexpect = 3"})), `write one table per entry, each headed [[expect]]`},
	{"a table", drillWith(scenario(map[int]string{4: "severity = \"low\"\nstalls = 3"})), `write a table`},

	// Runbooks.
	{"missing text", bookWith(map[int]string{23: ""}), `missing; write it in both languages: text = { en = "…", ja = "…" }`},
	{"missing English", bookWith(map[int]string{19: `text.ja = "閉じる"`}), `the English text is missing`},
	{"missing Japanese", bookWith(map[int]string{2: `title = { en = "Test" }`}), `the Japanese text is missing`},
	{"text too long", bookWith(map[int]string{15: `text = { en = "read", ja = "` + strings.Repeat("読", MaxText+1) + `" }`}), `1001 characters, more than 1000`},
	{"missing name", bookWith(map[int]string{1: ""}), `missing; every runbook has a name`},
	{"bad name", bookWith(map[int]string{1: `name = "Test Book"`}), `"Test Book" is not a name`},
	{"missing severity", bookWith(map[int]string{4: ""}), `missing; write a level of the configured scale (low, medium, high)`},
	{"unknown severity", bookWith(map[int]string{4: `severity = "critical"`}), `"critical" is not a level of the configured scale`},
	{"no keywords", bookWith(map[int]string{3: ""}), `missing; list words of incident titles`},
	{"too many keywords", bookWith(map[int]string{3: "keywords = [\"あ\"" + manyWords(MaxKeywords) + "]"}), `more than 40 keywords`},
	{"an empty keyword", bookWith(map[int]string{3: `keywords = ["widget", "ウィジェット", " "]`}), `an empty keyword; remove it`},
	{"a keyword twice", bookWith(map[int]string{3: `keywords = ["widget", "ウィジェット", "Widget"]`}), `"Widget" is listed twice; remove one`},
	{"no English keyword", bookWith(map[int]string{3: `keywords = ["ウィジェット"]`}), `no English keyword`},
	{"no Japanese keyword", bookWith(map[int]string{3: `keywords = ["widget"]`}), `no Japanese keyword`},
	{"closed has no checklist", bookWith(map[int]string{29: "key = \"report\"\n[[phase.closed.item]]\ntext = { en = \"t\", ja = \"て\" }\nowner = \"tech\""}), `closed has no checklist`},
	{"a phase alias", bookWith(map[int]string{29: "key = \"report\"\n[[phase.recovery.item]]\ntext = { en = \"t\", ja = \"て\" }\nowner = \"tech\""}), `write the phase as [phase.recover]`},
	{"unknown phase", bookWith(map[int]string{29: "key = \"report\"\n[[phase.triage.item]]\ntext = { en = \"t\", ja = \"て\" }\nowner = \"tech\""}), `unknown phase "triage"; the phases are`},
	{"missing phase", bookWith(map[int]string{18: "", 19: "", 20: "", 21: ""}), `missing; every runbook has a checklist for each of the six phases`},
	{"empty phase", bookWith(map[int]string{22: "[phase.recover]", 23: "", 24: "", 25: ""}), `the checklist is empty`},
	{"too many items", bookWith(map[int]string{5: manyItems(MaxItems + 1), 6: "", 7: "", 8: ""}), `31 items, more than 30 in one phase`},
	{"missing owner", bookWith(map[int]string{16: ""}), `missing; every item has an owner role`},
	{"unknown owner", bookWith(map[int]string{7: `owner = "janitor"`}), `unknown role "janitor"; write one of`},
	{"unknown step", bookWith(map[int]string{12: `step = "panic"`}), `unknown step "panic"`},
	{"a step outside the initial phase", bookWith(map[int]string{7: "owner = \"tech\"\nstep = \"evidence\""}), `the first-hour steps belong to the initial phase`},
	{"missing item key", bookWith(map[int]string{8: ""}), `missing; give every item a key of its own`},
	{"item key not a name", bookWith(map[int]string{8: `key = "Look here"`}), `"Look here" is not a key`},
	{"item key twice", bookWith(map[int]string{25: `key = "look"`}), `"look" is already the key of phase.detect.item[0] (line 8)`},
	{"due_unlawful without due", bookWith(map[int]string{17: "key = \"read\"\ndue_unlawful = \"60d\""}), `write due too`},
	{"due_after without due", bookWith(map[int]string{21: "key = \"close\"\ndue_after = \"read\""}), `due_after needs due`},
	{"unknown condition", bookWith(map[int]string{17: "key = \"read\"\nwhen = \"always\""}), `unknown condition "always"`},
	{"malformed due", bookWith(map[int]string{17: "key = \"read\"\ndue = \"3 days\""}), `"3 days" is not a duration`},
	{"a due of nothing", bookWith(map[int]string{17: "key = \"read\"\ndue = \"0h\""}), `0h is not a deadline; write a time above zero and at most 366 days`},
	{"due_after of an unknown item", bookWith(map[int]string{21: "key = \"close\"\ndue = \"24h\"\ndue_after = \"reed\""}), `unknown item key "reed"`},
	{"due_after of itself", bookWith(map[int]string{21: "key = \"close\"\ndue = \"1h\"\ndue_after = \"close\""}), `the item counts from itself`},
	{"due_after in a circle", bookWith(map[int]string{17: "key = \"read\"\ndue = \"1h\"\ndue_after = \"close\"", 21: "key = \"close\"\ndue = \"1h\"\ndue_after = \"read\""}), `goes round in a circle (read → close → read)`},
	{"a contact of nobody", bookWith(map[int]string{4: "severity = \"low\"\n[[contact]]\nask = { en = \"Logs\", ja = \"ログ\" }"}), `the contact names nobody`},
	{"a contact of an unknown vendor", bookWith(map[int]string{4: "severity = \"low\"\n[[contact]]\nvendor = \"hostng\"\nask = { en = \"Logs\", ja = \"ログ\" }"}), `unknown vendor "hostng": the configuration has no [[vendor]] tables`},
	{"a contact of an empty vendor", bookWith(map[int]string{4: "severity = \"low\"\n[[contact]]\nvendor = \" \"\nask = { en = \"Logs\", ja = \"ログ\" }"}), `an empty vendor key`},
	{"a vendor in another language", bookWith(map[int]string{4: "severity = \"low\"\n[[contact]]\nvendor = { en = \"Host\", fr = \"Hôte\" }\nreach = { en = \"Phone\", ja = \"電話\" }\nask = { en = \"Logs\", ja = \"ログ\" }"}), `write vendor = "key" for a vendor of the configuration, or name = `},
	{"a contact named twice", bookWith(map[int]string{4: "severity = \"low\"\n[[contact]]\nvendor = { en = \"Host\", ja = \"ホスト\" }\nname = { en = \"Host\", ja = \"ホスト\" }\nreach = { en = \"Phone\", ja = \"電話\" }\nask = { en = \"Logs\", ja = \"ログ\" }"}), `the contact has a name twice`},
	{"a vendor of another type", bookWith(map[int]string{4: "severity = \"low\"\n[[contact]]\nvendor = 3\nask = { en = \"Logs\", ja = \"ログ\" }"}), `wrong type; write vendor = "key"`},
	{"a runbook twice", map[string]string{"book.toml": book(nil), "other.toml": book(nil)}, `runbook "test-book" is already defined in `},

	// Scenarios.
	{"a scenario twice", map[string]string{"drills/x.toml": scenario(nil), "drills/y.toml": scenario(nil)}, `scenario "test-drill" is already defined in `},
	{"no runbook", drillWith(scenario(map[int]string{3: ""})), `missing; name the runbook the drill rehearses`},
	{"unknown runbook", drillWith(scenario(map[int]string{3: `runbook = "nope"`})), `unknown runbook "nope"; the runbooks are`},
	{"time out of range", drillWith(scenario(map[int]string{10: "at = 2000"})), `2000 is not a time in the drill; write whole minutes from the start, 0 to 1440`},
	{"no injects", drillWith(strings.Join(scenarioLines[:4], "\n")), `no injects`},
	{"too many injects", drillWith(scenario(map[int]string{12: scenarioLines[11] + strings.Repeat("\n[[inject]]\nat = 30\ntext = { en = \"x\", ja = \"エ\" }", MaxInjects)})), `62 injects, more than 60`},
	{"missing time", drillWith(scenario(map[int]string{10: ""})), `missing; write when the inject is posted`},
	{"injects out of order", drillWith(scenario(map[int]string{10: "at = 0\n[[inject]]\nat = 20\ntext = { en = \"a\", ja = \"あ\" }\n[[inject]]\nat = 15"})), `injects out of order: T+15 comes after T+20 (inject[2])`},
	{"a raise that lowers", drillWith(scenario(map[int]string{4: `severity = "high"`})), `"medium" does not raise the severity: it is "high" since the start`},
	{"a scale above one", drillWith(scenario(map[int]string{4: "severity = \"low\"\ndeadline_scale = 2.0"})), `2 is not a scale`},
	{"an end before the last deadline", drillWith(scenario(map[int]string{4: "severity = \"low\"\nend = 15"})), `the drill ends at T+15, before its last inject or deadline at T+20`},
	{"first form: no kind", drillWith(scenario(map[int]string{8: `expect = { kind = "", deadline = 5 }`})), `missing; write one of role_assigned`},
	{"first form: unknown kind", drillWith(scenario(map[int]string{8: `expect = { kind = "coffee_made", deadline = 5 }`})), `unknown kind "coffee_made"`},
	{"first form: no role", drillWith(scenario(map[int]string{8: `expect = { kind = "role_assigned", deadline = 5 }`})), `missing; role_assigned names the role to be filled`},
	{"first form: unknown role", drillWith(scenario(map[int]string{8: `expect = { kind = "role_assigned", role = "mascot", deadline = 5 }`})), `unknown role "mascot"; write one of`},
	{"first form: a role where none belongs", drillWith(scenario(map[int]string{8: `expect = { kind = "status_posted", role = "comms", deadline = 5 }`})), `only role_assigned takes a role`},
	{"first form: no phase", drillWith(scenario(map[int]string{13: `expect = { kind = "phase_reached", deadline = 20 }`})), `missing; phase_reached names the phase to reach`},
	{"first form: unknown phase", drillWith(scenario(map[int]string{13: `expect = { kind = "phase_reached", phase = "party", deadline = 20 }`})), `unknown phase "party"; write one of`},
	{"first form: a phase where none belongs", drillWith(scenario(map[int]string{13: `expect = { kind = "decision_logged", phase = "contain", deadline = 20 }`})), `only phase_reached takes a phase`},
	{"first form: no deadline", drillWith(scenario(map[int]string{8: `expect = { kind = "decision_logged" }`})), `missing; write by when the expectation should be met`},
	{"first form: deadline before its inject", drillWith(scenario(map[int]string{13: `expect = { kind = "decision_logged", deadline = 5 }`})), `the deadline T+5 is not after its inject at T+10; deadlines count from`},
	{"first form: deadline out of range", drillWith(scenario(map[int]string{13: `expect = { kind = "decision_logged", deadline = 5000 }`})), `5000 is not a time in the drill`},
	{"first form: kind of another type", drillWith(scenario(map[int]string{8: `expect = { kind = 3, deadline = 5 }`})), `wrong type; write a string in double quotes, like kind = "…"`},
	{"first form: deadline of another type", drillWith(scenario(map[int]string{8: `expect = { kind = "decision_logged", deadline = "5" }`})), `wrong type; write a whole number of minutes, like deadline = 10`},
	{"first form: unknown key", drillWith(scenario(map[int]string{8: `expect = { kind = "decision_logged", deadline = 5, within = 3 }`})), `unknown key (keys in inject[0].expect: kind, role, phase, deadline;`},
	{"first form: a new kind", drillWith(scenario(map[int]string{8: `expect = { kind = "item_done", deadline = 5 }`})), `write item_done as { item_done = <value>, by = "T+n" }`},
	{"the first form in [[expect]]", drillWith(withOwnExpect("kind = \"decision_logged\"\ndeadline = 5")), `[[expect]] takes the form`},
	{"unknown expectation", drillWith(withOwnExpect("coffee_made = true\nby = \"T+5\"")), `unknown expectation "coffee_made"`},
	{"nothing to expect", drillWith(withOwnExpect(`by = "T+5"`)), `the expectation says nothing to expect`},
	{"two kinds in one", drillWith(scenario(map[int]string{8: `expect = { item_done = "look", finding = true, by = "T+5" }`})), `one expectation per table: finding and item_done are two`},
	{"no by", drillWith(withOwnExpect("finding = true")), `missing; write by when it should be met`},
	{"by in minutes", drillWith(withOwnExpect("finding = true\nby = 5")), `5 is not a deadline; write minutes from the start of the drill`},
	{"by out of the drill", drillWith(withOwnExpect("finding = true\nby = \"T+5000\"")), `T+5000 is not a time in the drill; write T+0 to T+1440`},
	{"by before its inject", drillWith(scenario(map[int]string{13: `expect = { finding = true, by = "T+5" }`})), `the deadline T+5 is not after its inject at T+10; by counts from`},
	{"by at T+0", drillWith(withOwnExpect("finding = true\nby = \"T+0\"")), `T+0 leaves no time to meet it`},
	{"not true", drillWith(withOwnExpect("finding = false\nby = \"T+5\"")), `write finding = true (or leave the expectation out)`},
	{"an unknown role", drillWith(withOwnExpect("role_from_chain = \"mascot\"\nby = \"T+5\"")), `mascot is not a role; write one of`},
	{"no phase", drillWith(withOwnExpect("phase_reached = \"closed\"\nby = \"T+5\"")), `closed is not a phase; write one of`},
	{"no item", drillWith(withOwnExpect("item_done = \"\"\nby = \"T+5\"")), `write the key of a checklist item of the scenario's runbook`},
	{"an item the runbook lacks", drillWith(withOwnExpect("item_done = \"isolate\"\nby = \"T+5\"")), `the runbook test-book has no item with the key "isolate"`},
	{"a stop in one language", drillWith(withOwnExpect("stop_decided = { en = \"PC\" }\nby = \"T+5\"")), `write what the decision stops`},
	{"no vendor", drillWith(withOwnExpect("vendor_request = 3\nby = \"T+5\"")), `write the key of a vendor of the configuration ([[vendor]])`},
	{"an unknown vendor", drillWith(withOwnExpect("vendor_request = \"hostng\"\nby = \"T+5\"")), `unknown vendor "hostng"; the configured vendors are`},
	{"an unknown audience", drillWith(withOwnExpect("statement_approved = \"investors\"\nby = \"T+5\"")), `investors is not an audience of statements`},
	{"no minutes", drillWith(withOwnExpect("approval_pending_max = 0\nby = \"T+5\"")), `write whole minutes, 1 to 1440, such as approval_pending_max = 10`},
	{"a limit of nothing", drillWith(scenario(map[int]string{13: scenarioLines[12] + "\n[stalls]\nquiet_max = 0"})), `0 is not a limit; write whole minutes, 1 to 1440`},
}

// manyWords is n distinct English keywords, each after a comma.
func manyWords(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, ", \"word%d\"", i)
	}
	return b.String()
}

// manyItems is n items of the detect phase, each with its own key.
func manyItems(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[phase.detect.item]]\nkey = \"item-%d\"\ntext = { en = \"x\", ja = \"エックス\" }\nowner = \"tech\"\n", i)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// loadBad loads the files of a bad case.
func loadBad(t *testing.T, files map[string]string) (string, Errors) {
	t.Helper()
	all := map[string]string{"book.toml": book(nil)}
	for k, v := range files {
		all[k] = v
	}
	dir := dirWith(t, all)
	_, err := LoadWith(Options{Dir: dir, Scale: workflow.DefaultScale()})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want Errors, got %v", err)
	}
	return dir, errs
}

// unreachable are the catalog's error texts no file can bring about, each
// with the reason; their Japanese is still checked as text.
var unreachable = map[workflow.MsgKey]string{
	"runbooks.err.unknown_key_anywhere": "go-toml reports an unknown table itself, never a key under it",
	"runbooks.err.wrong_type_detail":    "go-toml names only keys of the file types, which fieldType follows",
	"runbooks.err.as_is":                "go-toml returns its decode errors as DecodeError or StrictMissingError",
	"runbooks.err.value_unchecked":      "every kind of workflow.ExpectKinds has a case in value (TestExpectationForms)",
}

// Every problem of a runbook or scenario file is reported in Japanese too:
// each bad file gives its English message (as before) and, for each
// problem, a Japanese text with no English sentence left in it. Every error
// text of the catalog is brought about by some case, but the unreachable
// ones.
func TestErrorsInJapanese(t *testing.T) {
	var english []string
	look := func(name, en string, errs Errors) {
		t.Helper()
		found := false
		for _, e := range errs {
			english = append(english, e.Msg)
			found = found || strings.Contains(e.Msg, en)
			if p := jatext.Problem(e.Ja); p != "" || e.Ja == e.Msg {
				t.Errorf("%s: %s: the Japanese of %q: %s\n  %s", name, e.Key, e.Msg, p, e.Ja)
			}
		}
		if !found {
			t.Errorf("%s: no message has %q:\n%v", name, en, errs)
		}
	}
	for _, tc := range badFiles {
		_, errs := loadBad(t, tc.files)
		look(tc.name, tc.en, errs)
	}

	// What only a directory, or the configured vendors, bring about.
	errsOf := func(err error) Errors {
		var errs Errors
		if !errors.As(err, &errs) {
			t.Fatalf("want Errors, got %v", err)
		}
		return errs
	}
	dir := t.TempDir()
	_, err := Load(filepath.Join(dir, "nowhere"), workflow.Scale{})
	look("no directory", "cannot read the runbooks directory: ", errsOf(err))
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "x.toml")); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir, workflow.Scale{})
	look("a file that cannot be read", "cannot read: ", errsOf(err))
	own := book(map[int]string{4: "severity = \"low\"\n[[contact]]\nvendor = \"hostng\"\nask = { en = \"Logs\", ja = \"ログ\" }"})
	_, err = LoadWith(Options{Dir: dirWith(t, map[string]string{"book.toml": own}), Vendors: shippedVendors})
	look("a contact of an unknown vendor", `unknown vendor "hostng"; the configured vendors are hosting,`, errsOf(err))

	for key, text := range messages {
		if strings.HasPrefix(string(key), "runbooks.note.") {
			continue
		}
		if s := jatext.EnglishLeft(text.Ja); s != "" {
			t.Errorf("%s: English left in the Japanese: %s\n  %s", key, s, text.Ja)
		}
		if _, ok := unreachable[key]; ok {
			continue
		}
		re := tomlpos.Template(text.En)
		used := false
		for _, m := range english {
			if re.MatchString(m) {
				used = true
				break
			}
		}
		if !used {
			t.Errorf("%s: no case of badFiles brings it about (add one, or say in unreachable why none can):\n  %s", key, text.En)
		}
	}
}
