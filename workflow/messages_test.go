package workflow

import (
	"strings"
	"testing"
	"time"
)

func TestCatalogCheck(t *testing.T) {
	// Every message in the package (all catalogs are merged into one) has both
	// languages and the same placeholders in each.
	for _, bad := range Messages().Check() {
		t.Error(bad)
	}
}

func TestCatalogEveryVerb(t *testing.T) {
	c := Messages()
	for _, v := range Verbs {
		for _, prefix := range []string{"usage.", "help.", "example."} {
			k := MsgKey(prefix + string(v))
			if _, ok := c[k]; !ok {
				t.Errorf("missing %s", k)
			}
		}
		for _, l := range Langs {
			if u := Render(l, UsageMsg(v)); !strings.HasPrefix(u, "/incident "+string(v)) {
				t.Errorf("usage of %s in %s does not start with the command: %q", v, l, u)
			}
		}
	}
}

func TestCatalogGrammarKeysUsed(t *testing.T) {
	// Every key the grammar source names exists in the catalog.
	c := Messages()
	for _, k := range grammarKeysInSource {
		if _, ok := c[k]; !ok {
			t.Errorf("grammar uses %s, which has no text", k)
		}
	}
	for _, part := range []string{"title", "decision", "why", "action", "next", "confirmed", "unconfirmed",
		"check_next", "cause", "impact", "prevention", "open", "note", "reason", "started", "detected",
		"decision_number", "event_number"} {
		if _, ok := c[MsgKey("part."+part)]; !ok {
			t.Errorf("missing part.%s", part)
		}
	}
}

// grammarKeysInSource are the literal keys in grammar.go and help.go.
var grammarKeysInSource = []MsgKey{
	"err.invalid_utf8", "err.nul", "err.unknown_verb", "err.bad_ref", "err.required", "err.too_long",
	"err.unknown_flag", "err.label_twice", "err.label_empty", "err.level_missing", "err.unknown_level",
	"err.role_missing", "err.unknown_role", "err.person_missing", "err.bad_person", "err.extra",
	"err.phase_missing", "err.unknown_phase", "err.phase_closed", "err.decision_empty", "err.why_missing",
	"err.amend_empty", "err.number_missing", "err.number_bad", "err.fields_empty", "err.fields_start",
	"err.close_extra", "err.report_format", "err.help_unknown",
	"help.overview", "help.refs", "help.more", "help.levels", "help.roles", "help.phases", "help.limit",
}

// Render fills placeholders exactly as the pattern placeholderRE describes
// them: a name of a-z, 0-9 and _ in braces; anything else is text.
func TestRenderPlaceholders(t *testing.T) {
	c := Catalog{"k": {En: "{a}{b} {} {A} {a-b} {{a}} {missing} x{a", Ja: "{a}"}}
	got := c.Render(English, M("k", Args{"a": "1", "b": Span(90 * time.Second)}))
	want := placeholderRE.ReplaceAllStringFunc(c["k"].En, func(ph string) string {
		switch ph {
		case "{a}":
			return "1"
		case "{b}":
			return Span(90 * time.Second).Localize(English)
		}
		return ph
	})
	if got != want || got != "11m {} {A} {a-b} {1} {missing} x{a" {
		t.Errorf("Render = %q, the pattern gives %q", got, want)
	}
}
