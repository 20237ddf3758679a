package main

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"incidentbot/bot/console"
	"incidentbot/bot/slackbot"
	"incidentbot/config"
	"incidentbot/runbooks"
	"incidentbot/tomlpos"
	"incidentbot/workflow"
	"incidentbot/workflow/matrix"
	"incidentbot/workflow/report"
)

// glossaryFile is the glossary the screens keep to; TestGlossary reads its
// two tables.
const glossaryFile = "../../docs/glossary.md"

// screenText is one text a person may see, in one language.
type screenText struct {
	where string // "workflow usage.open", "runbooks defacement"
	lang  workflow.Lang
	text  string
}

// screenTexts is every catalog text in both languages, and the texts of the
// shipped runbooks and drill scenarios.
func screenTexts(t *testing.T) []screenText {
	t.Helper()
	var out []screenText
	for _, c := range []struct {
		name string
		cat  workflow.Catalog
	}{
		{"workflow", workflow.Messages()},
		{"report", report.Messages()},
		{"slackbot", slackbot.Messages()},
		{"console", console.Messages()},
		{"check", checkMessages},
		{"migrate", migrateMessages},
		{"usage", usageMessages},
		{"store", storeMessages},
		{"wrote", wroteMessages},
		{"config", config.Messages()},
		{"runbooks", runbooks.Messages()},
		{"tomlpos", tomlpos.Messages()},
		{"matrix", matrix.Messages()},
	} {
		for k, v := range c.cat {
			where := c.name + " " + string(k)
			out = append(out, screenText{where, workflow.English, v.En}, screenText{where, workflow.Japanese, v.Ja})
		}
	}
	set, err := runbooks.Load("", workflow.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	for _, rb := range set.Runbooks() {
		for _, tx := range texts(reflect.ValueOf(rb)) {
			out = append(out, screenText{"runbook " + rb.Name, workflow.English, tx.En}, screenText{"runbook " + rb.Name, workflow.Japanese, tx.Ja})
		}
	}
	for _, sc := range set.Scenarios() {
		for _, tx := range texts(reflect.ValueOf(sc)) {
			out = append(out, screenText{"scenario " + sc.Name, workflow.English, tx.En}, screenText{"scenario " + sc.Name, workflow.Japanese, tx.Ja})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return out
}

// texts collects every workflow.Text inside v.
func texts(v reflect.Value) []workflow.Text {
	if v.Type() == reflect.TypeFor[workflow.Text]() {
		return []workflow.Text{v.Interface().(workflow.Text)}
	}
	var out []workflow.Text
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = append(out, texts(v.Elem())...)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, texts(v.Field(i))...)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			out = append(out, texts(v.Index(i))...)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			out = append(out, texts(v.MapIndex(k))...)
		}
	}
	return out
}

// glossary is docs/glossary.md: the terms, and the words not to use.
type glossary struct {
	terms []glossaryTerm
	avoid []avoidWord
}

type glossaryTerm struct{ concept, en, ja string }

type avoidWord struct {
	concept string
	lang    workflow.Lang
	word    string
	re      *regexp.Regexp // English words: whole words, any case
}

func (a avoidWord) in(s string) bool {
	if a.re != nil {
		return a.re.MatchString(s)
	}
	return strings.Contains(s, a.word)
}

// readGlossary parses the glossary's two tables: "| concept | English |
// Japanese | notes |" and "| concept | not in English | not in Japanese |".
func readGlossary(t *testing.T) glossary {
	t.Helper()
	data, err := os.ReadFile(glossaryFile)
	if err != nil {
		t.Fatal(err)
	}
	var g glossary
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
			continue
		}
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| concept ") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch section {
		case "Terms":
			if len(cells) != 4 || cells[0] == "" || cells[2] == "" {
				t.Fatalf("%s: a term row has concept, English, Japanese, notes: %q", glossaryFile, line)
			}
			g.terms = append(g.terms, glossaryTerm{cells[0], cells[1], cells[2]})
		case "Words not to use":
			if len(cells) != 3 {
				t.Fatalf("%s: a row of words not to use has concept, English, Japanese: %q", glossaryFile, line)
			}
			for i, lang := range []workflow.Lang{workflow.English, workflow.Japanese} {
				for _, w := range strings.Split(cells[i+1], ",") {
					if w = strings.TrimSpace(w); w == "" {
						continue
					}
					a := avoidWord{concept: cells[0], lang: lang, word: w}
					if lang == workflow.English {
						a.re = regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(w) + `\b`)
					}
					g.avoid = append(g.avoid, a)
				}
			}
		}
	}
	if len(g.terms) == 0 || len(g.avoid) == 0 {
		t.Fatalf("%s: no terms or no words to avoid found", glossaryFile)
	}
	return g
}

// The screens use one word per concept: no catalog text (nor a shipped
// runbook or scenario) uses a word the glossary lists as not to use, every
// such word belongs to a concept of the glossary, and every Japanese term of
// the glossary is on some screen (so the glossary describes the screens).
func TestGlossary(t *testing.T) {
	g := readGlossary(t)
	concepts := map[string]glossaryTerm{}
	for _, term := range g.terms {
		if _, dup := concepts[term.concept]; dup {
			t.Errorf("%s: concept %q is listed twice", glossaryFile, term.concept)
		}
		concepts[term.concept] = term
	}
	all := screenTexts(t)
	for _, a := range g.avoid {
		term, ok := concepts[a.concept]
		if !ok {
			t.Errorf("%s: %q is to be avoided for %q, which is not a concept of the glossary", glossaryFile, a.word, a.concept)
			continue
		}
		if a.lang == workflow.Japanese && strings.Contains(term.ja, a.word) {
			t.Errorf("%s: %q is both the term and a word to avoid", glossaryFile, a.word)
		}
		for _, s := range all {
			if s.lang == a.lang && a.in(s.text) {
				want := term.ja
				if a.lang == workflow.English {
					want = term.en
				}
				t.Errorf("%s (%s) says %q for %s; the glossary's word is %q:\n  %s", s.where, s.lang, a.word, a.concept, want, s.text)
			}
		}
	}
	for _, term := range g.terms {
		found := false
		for _, s := range all {
			if s.lang == workflow.Japanese && strings.Contains(s.text, term.ja) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: the Japanese term %q (%s) is on no screen; use it or drop the row", glossaryFile, term.ja, term.concept)
		}
	}
}

// Japanese texts write parentheses full-width, （ and ）, and square
// brackets half-width, [ and ] (the syntax of usage lines, [演習], config
// sections), so that no line mixes the two widths, even one that puts a
// runbook's title or a nested message inside another text.
func TestJapaneseBracketWidths(t *testing.T) {
	for _, s := range screenTexts(t) {
		if s.lang != workflow.Japanese {
			continue
		}
		for _, line := range strings.Split(s.text, "\n") {
			if strings.ContainsAny(line, "()［］") {
				t.Errorf("%s: write （） and [] in Japanese text:\n  %s", s.where, line)
			}
		}
	}
}

// englishLabelRE finds an English field label ("why:", "| next:") in a text.
var englishLabelRE = regexp.MustCompile(`(?i)(^|[\s|｜(（「])(why|rationale|reason|action|next|confirmed|unconfirmed|cause|impact|prevention|open|owner|due|started|detected|stop|by|at)\s*[:：]`)

// Japanese help, usage lines and replies show the Japanese labels (根拠:,
// 確定:, 発生: …), which the parser accepts like the English ones.
func TestJapaneseTextsShowJapaneseLabels(t *testing.T) {
	for _, s := range screenTexts(t) {
		if s.lang != workflow.Japanese {
			continue
		}
		if m := englishLabelRE.FindString(s.text); m != "" {
			t.Errorf("%s: the Japanese text shows the English label %q:\n  %s", s.where, strings.TrimSpace(m), s.text)
		}
	}
}

// The catalogs of this package exist in both languages with the same
// placeholders (usage errors: TestUsageMessages).
func TestCommandCatalogs(t *testing.T) {
	for name, cat := range map[string]workflow.Catalog{
		"check": checkMessages, "migrate": migrateMessages, "store": storeMessages, "wrote": wroteMessages,
	} {
		for _, bad := range cat.Check() {
			t.Errorf("%s: %s", name, bad)
		}
	}
}
