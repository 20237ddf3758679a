package workflow

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Every label of every labelled verb writes its field, in any ASCII case,
// after | or ｜, with : or ：.
func TestEveryLabelWritesItsField(t *testing.T) {
	scale := DefaultScale()
	// Each verb: a command with the field at %s (label, then value), and
	// how to read a field back by its canonical name.
	type form struct {
		tmpl string
		get  func(Command) map[string]string
	}
	decision := func(c Command) map[string]string {
		return map[string]string{"decision": c.Decision.Decision, "why": c.Decision.Why, "action": c.Decision.Action,
			"next": c.Decision.Next, "by": c.DecidedBy.Person.ID, "at": c.DecidedAt, "stop": c.Stop}
	}
	forms := map[Verb]form{
		VerbDecision: {"decision d | why: w ｜%s", decision},
		VerbAmend:    {"amend 1 | why: w ｜%s", decision},
		VerbStatus: {"status %s", func(c Command) map[string]string {
			return map[string]string{"confirmed": c.Status.Confirmed, "unconfirmed": c.Status.Unconfirmed, "check_next": c.Status.Next}
		}},
		VerbPostmortem: {"postmortem %s", func(c Command) map[string]string {
			return map[string]string{"cause": c.Postmortem.Cause, "impact": c.Postmortem.Impact, "prevention": c.Postmortem.Prevention, "open": c.Postmortem.Open}
		}},
		VerbFinding: {"finding f | %s", func(c Command) map[string]string {
			return map[string]string{"finding": c.Finding.Text, "owner": c.Assignee.Person.ID, "due": c.Finding.Due}
		}},
		VerbScope: {"scope %s", func(c Command) map[string]string {
			records := ""
			if c.Scope.Records != nil {
				records = strconv.Itoa(*c.Scope.Records)
			}
			return map[string]string{"affected": c.Scope.Affected, "records": records, "data": c.Scope.Data, "systems": c.Scope.Systems}
		}},
		VerbVendor: {"vendor request hosting %s", func(c Command) map[string]string {
			f := c.VendorRequest
			return map[string]string{"symptom": f.Symptom, "began": f.Began, "changes": f.Changes, "suspected_impact": f.Impact,
				"logs": f.Logs, "isolation": f.Isolation}
		}},
		VerbOpen: {"open t %s", func(c Command) map[string]string {
			return map[string]string{"title": c.Title, "started": c.Started, "detected": c.Detected}
		}},
	}
	// A value every field takes.
	value := map[string]string{"by": "@sato", "owner": "@sato", "due": "2026-12-15", "at": "09:40", "started": "09:40", "detected": "09:40", "records": "1,234件"}
	want := map[string]string{"by": "sato", "owner": "sato", "due": "2026-12-15", "at": "09:40", "started": "09:40", "detected": "09:40", "records": "1234"}
	for _, v := range verbs {
		if v.fields == nil {
			continue
		}
		f, ok := forms[v.name]
		if !ok {
			t.Fatalf("%s declares labels; add it to this test", v.name)
		}
		for _, lw := range v.fields.words {
			for _, colon := range []string{":", "："} {
				if v.name == VerbAmend && lw.field == "stop" {
					continue // refused in a correction on purpose
				}
				if (v.name == VerbDecision || v.name == VerbAmend) && lw.field == "why" {
					continue // the form already gives why
				}
				val, ok := value[lw.field]
				if !ok {
					val = "値 value"
				}
				exp, ok := want[lw.field]
				if !ok {
					exp = "値 value"
				}
				label := lw.word
				if c := label[0]; 'a' <= c && c <= 'z' {
					label = string(c-'a'+'A') + label[1:] // ASCII case is ignored
				}
				in := strings.Replace(f.tmpl, "%s", label+colon+" "+val, 1)
				if v.name == VerbOpen {
					in = strings.Replace(f.tmpl, "%s", label+colon+val, 1)
				}
				if lw.field == v.fields.lead && v.name != VerbAmend {
					in = string(v.name) + " " + label + colon + " " + val
					if v.name == VerbDecision {
						in += " | why: w"
					}
				}
				cmd, err := Parse(in, scale)
				if err != nil {
					t.Errorf("%s label %q: Parse(%q): %v", v.name, lw.word, in, err)
					continue
				}
				if got := f.get(cmd)[lw.field]; got != exp {
					t.Errorf("%s label %q: Parse(%q) put %q in %s, want %q (%+v)", v.name, lw.word, in, got, lw.field, exp, cmd)
				}
			}
		}
	}
}

// The rules of labelled fields, as the issue found them broken.
func TestLabelRules(t *testing.T) {
	scale := DefaultScale()
	tests := []struct {
		name string
		in   string
		want Command
	}{
		{"decision: the issue's example, every field kept apart",
			"decision フォームを停止｜根拠：漏えいの可能性｜実施した対策：メンテナンス画面",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "フォームを停止", Why: "漏えいの可能性", Action: "メンテナンス画面"}}},
		{"postmortem: prevention is its own field",
			"postmortem 原因：x｜影響：500通｜再発防止策：月次更新",
			Command{Verb: VerbPostmortem, Postmortem: PostmortemFields{Cause: "x", Impact: "500通", Prevention: "月次更新"}}},
		{"decision: 時刻 is when it was decided",
			"decision 遮断｜根拠：継続中｜時刻：09:40",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "遮断", Why: "継続中"}, DecidedAt: "09:40"}},
		{"decision: by and at, English, in the middle",
			"decision stop the form | by: <@U1|sato> | why: leak | at: 2026-12-01 10:40 | next: tell the vendor",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "stop the form", Why: "leak", Next: "tell the vendor"},
				DecidedBy: PersonRef{Person: Person{ID: "U1", Name: "sato"}}, DecidedAt: "2026-12-01 10:40"}},
		{"decision: 決定者 me",
			"decision x | 根拠: y | 決定者: 自分",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "x", Why: "y"}, DecidedBy: PersonRef{Me: true}}},
		{"decision: the report's heading labels the decision itself",
			"decision 決定事項：フォームを停止｜根拠：漏えい",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "フォームを停止", Why: "漏えい"}}},
		{"decision: next step and 次の対応, any case",
			"decision x | Why: y | NEXT STEP: z",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "x", Why: "y", Next: "z"}}},
		{"decision: a label at the start of the text that is not the decision's is text",
			"decision Next: call the vendor | why: no answer",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "Next: call the vendor", Why: "no answer"}}},
		{"decision: escaped bars are text in every field",
			`decision A \| B | why: C \｜ 原因：D | action: \|`,
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "A | B", Why: "C ｜ 原因：D", Action: "|"}}},
		{"decision: a URL after a bar is text",
			"decision block | why: see |https://example.com/x and ｜http://a.example",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "block", Why: "see |https://example.com/x and ｜http://a.example"}}},
		{"decision: a bar before words with spaces or digits is text",
			"decision a | why: b | step 2: c | v1.2: d | next week: e",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "a", Why: "b | step 2: c | v1.2: d | next week: e"}}},
		{"decision: more than 20 letters is not a label",
			"decision a | why: b | " + strings.Repeat("あ", 21) + ": c",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "a", Why: "b | " + strings.Repeat("あ", 21) + ": c"}}},
		{"amend: by and at may be corrected",
			"amend 2 決定者：@tanaka｜決定時刻：10:40",
			Command{Verb: VerbAmend, DecisionNumber: 2, DecidedBy: PersonRef{Person: Person{ID: "tanaka", Name: "tanaka"}}, DecidedAt: "10:40"}},
		{"amend: the decision by its label",
			"amend 2 decision: Block: all IPs",
			Command{Verb: VerbAmend, DecisionNumber: 2, Decision: DecisionFields{Decision: "Block: all IPs"}}},
		{"status: the report's own headings",
			"status 確定事項：500件｜未確定事項：流出の有無｜次に確認する事項：WAFログ",
			Command{Verb: VerbStatus, Status: StatusFields{Confirmed: "500件", Unconfirmed: "流出の有無", Next: "WAFログ"}}},
		{"status: the form's and card's 次に確認すること, next to check",
			"status 次に確認すること: a",
			Command{Verb: VerbStatus, Status: StatusFields{Next: "a"}}},
		{"status: next to check in English",
			"status confirmed: a | Next to check: b",
			Command{Verb: VerbStatus, Status: StatusFields{Confirmed: "a", Next: "b"}}},
		{"postmortem: 未解決事項 and open items",
			"postmortem cause: a | 未解決事項: b",
			Command{Verb: VerbPostmortem, Postmortem: PostmortemFields{Cause: "a", Open: "b"}}},
		{"finding: 担当者, 期限 with full-width digits",
			"finding 夜間連絡先なし｜担当者：＠sato｜期限：２０２６－１２－１５",
			Command{Verb: VerbFinding, Finding: FindingFields{Text: "夜間連絡先なし", Due: "2026-12-15"}, Assignee: PersonRef{Person: Person{ID: "sato", Name: "sato"}}}},
		{"open: 発生 (show's word for the start) and 検知時刻",
			"open フォームから不審な送信 発生：13:50 検知時刻：14:05",
			Command{Verb: VerbOpen, Title: "フォームから不審な送信", Started: "13:50", Detected: "14:05"}},
		{"open: 発生時刻 and start",
			"open x 発生時刻：13:50",
			Command{Verb: VerbOpen, Title: "x", Started: "13:50"}},
		{"open: the title is free text, never split",
			"open a | 原因: b | why: c",
			Command{Verb: VerbOpen, Title: "a | 原因: b | why: c"}},
		{"log is free text, never split",
			`log a | 原因: b \| c`,
			Command{Verb: VerbLog, Note: `a | 原因: b \| c`}},
		{"assign: 承認者 is the approver",
			"assign 承認者 @社長",
			Command{Verb: VerbAssign, Role: RoleApprover, Assignee: PersonRef{Person: Person{ID: "社長", Name: "社長"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in, scale)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
			}
		})
	}
}

// An unknown label is refused with one line naming it and the labels
// allowed; nothing is merged into the field before it.
func TestUnknownLabelRefused(t *testing.T) {
	scale := DefaultScale()
	tests := []struct {
		name  string
		in    string
		label string
		verb  Verb
		en    []string // the English message has these
		ja    []string // and the Japanese one these
	}{
		{"decision, a postmortem label", "decision x | why: y | 原因: z", "原因", VerbDecision,
			[]string{"why:", "action:", "next:", "by:", "at:", "stop:"}, []string{"根拠:", "対策:", "決定者:", "時刻:"}},
		{"decision, a typo, full-width", "decision 遮断｜根拠：継続中｜実地：WAF", "実地", VerbDecision, nil, nil},
		{"decision, at the end without a value", "decision x | why: y | memo:", "memo", VerbDecision, nil, nil},
		{"amend, an unknown label first", "amend 2 reasons: x", "reasons", VerbAmend, nil, nil},
		{"amend, after a bar", "amend 2 | 次回: x", "次回", VerbAmend, nil, nil},
		{"status, begins with an unknown label", "status 状況：復旧作業中", "状況", VerbStatus,
			[]string{"confirmed:", "unconfirmed:", "next:"}, []string{"確定事項:", "未確定事項:", "次に確認する事項:"}},
		{"status, a decision label", "status confirmed: a | why: b", "why", VerbStatus, nil, nil},
		{"postmortem, a typo", "postmortem cause: a | impacts: b", "impacts", VerbPostmortem,
			[]string{"cause:", "impact:", "prevention:", "open:"}, []string{"原因:", "影響:", "再発防止策:", "残課題:"}},
		{"finding, a decision label", "finding no number | 根拠: x", "根拠", VerbFinding, []string{"owner:", "due:"}, []string{"担当:", "期限:"}},
		{"full-width letters", "decision x | why: y | ｎｏｔｅ：z", "ｎｏｔｅ", VerbDecision, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in, scale)
			p := mustProblem(t, err)
			if p.Msg.Key != "err.unknown_label" {
				t.Fatalf("Parse(%q): key %s, want err.unknown_label (%v)", tc.in, p.Msg.Key, err)
			}
			checkRendered(t, p.Msg)
			en, ja := Render(English, p.Msg), Render(Japanese, p.Msg)
			if strings.Contains(en, "\n") || strings.Contains(ja, "\n") {
				t.Errorf("the refusal is not one line:\n%s\n%s", en, ja)
			}
			for _, s := range append([]string{"“" + tc.label + ":”", Render(English, UsageMsg(tc.verb)), `\|`}, tc.en...) {
				if !strings.Contains(en, s) {
					t.Errorf("English %q lacks %q", en, s)
				}
			}
			for _, s := range append([]string{"「" + tc.label + ":」", Render(Japanese, UsageMsg(tc.verb))}, tc.ja...) {
				if !strings.Contains(ja, s) {
					t.Errorf("Japanese %q lacks %q", ja, s)
				}
			}
		})
	}
}

func TestLabelLike(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when not label-like
	}{
		{"note: x", "note"},
		{" 原因：x", "原因"},
		{"ノート : x", "ノート"},
		{"https://example.com", ""},
		{"ｈｔｔｐｓ：//x", ""},
		{"step 2: x", ""},
		{"v1: x", ""},
		{"due-date: x", ""},
		{": x", ""},
		{"word", ""},
		{strings.Repeat("a", 20) + ":", strings.Repeat("a", 20)},
		{strings.Repeat("a", 21) + ":", ""},
	}
	for _, tc := range tests {
		got, _ := labelLike(tc.in)
		if got != tc.want {
			t.Errorf("labelLike(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Escaping every bar keeps a text whole, whatever labels it holds.
func TestEscapedBarsRoundTrip(t *testing.T) {
	escape := strings.NewReplacer("|", `\|`, "｜", `\｜`).Replace
	for _, s := range []string{"a | why: b", "c ｜ 原因：d", `e \ f`, "g |https://x", "||"} {
		cmd, err := Parse("decision "+escape(s)+" | why: "+escape(s), DefaultScale())
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if cmd.Decision.Decision != s || cmd.Decision.Why != s {
			t.Errorf("%q came back as %q and %q", s, cmd.Decision.Decision, cmd.Decision.Why)
		}
	}
}

func TestBarStartsField(t *testing.T) {
	for in, want := range map[string]bool{
		" why: x":            true,
		"次に確認する事項：x":         true,
		" next to check : x": true,
		" note: x":           true, // refused, so neutralized too
		"https://x":          false,
		" plain text":        false,
		" 2 items: x":        false,
	} {
		if got := BarStartsField(in); got != want {
			t.Errorf("BarStartsField(%q) = %v, want %v", in, got, want)
		}
	}
}

// Help lists every label of a labelled verb, in both languages, the
// language's own first.
func TestHelpListsEveryLabel(t *testing.T) {
	for _, v := range verbs {
		if v.fields == nil {
			continue
		}
		for _, l := range Langs {
			help := RenderAll(l, HelpLines(v.name, DefaultScale()))
			for _, lw := range v.fields.words {
				if !strings.Contains(help, lw.word+":") {
					t.Errorf("help %s (%s) lacks the label %s:\n%s", v.name, l, lw.word, help)
				}
			}
		}
		ja := RenderAll(Japanese, HelpLines(v.name, DefaultScale()))
		for _, d := range v.fields.defs {
			if !strings.Contains(ja, "  "+d.ja+": または") {
				t.Errorf("Japanese help %s does not lead with the Japanese label %s:\n%s", v.name, d.ja, ja)
			}
		}
	}
}

// docs/labels.md lists every label of every command, in the row of its field.
func TestLabelsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/labels.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(doc), "\n") {
		if cells := strings.Split(line, " | "); strings.HasPrefix(line, "| `") && len(cells) == 3 {
			rows = append(rows, cells)
		}
	}
	for _, v := range verbs {
		if v.fields == nil {
			continue
		}
	defs:
		for _, d := range v.fields.defs {
			for _, r := range rows {
				if !strings.Contains(r[0], "`"+string(v.name)+"`") || !(r[1] == partName(d) || strings.HasPrefix(r[1], partName(d)+":")) {
					continue
				}
				var words []string
				for _, w := range strings.Split(strings.TrimSuffix(r[2], " |"), ", ") {
					words = append(words, strings.Trim(w, "`"))
				}
				if !reflect.DeepEqual(words, d.words()) {
					t.Errorf("docs/labels.md lists %s %s as %q; the code has %q", v.name, d.name, words, d.words())
				}
				continue defs
			}
			t.Errorf("docs/labels.md has no row for %s %s", v.name, d.name)
		}
	}
}

// partName is how docs/labels.md names a field: its English label, or for
// status's check_next, "next to check"; postmortem's open, "open items".
func partName(d fieldDef) string {
	switch d.name {
	case "check_next":
		return "next to check"
	case "open":
		return "open items"
	}
	return d.en
}
