package tomlpos

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"incidentbot/workflow"
)

func TestScan(t *testing.T) {
	data := []byte("[[severity]]\nname = \"a\"\n[[severity]]\nnotify = [\"x\",\n  \"y\"]\nlabel = { en = \"E\" }\n[paging.pagerduty]\nurl = 3\n")
	l := Scan(data)
	for path, want := range map[string]Pos{
		"severity[0]":           {1, 3},
		"severity[0].name":      {2, 1},
		"severity[1]":           {3, 3},
		"severity[1].notify":    {4, 1},
		"severity[1].notify[1]": {5, 3},
		"severity[1].label.en":  {6, 11},
		"paging.pagerduty.url":  {8, 1},
	} {
		if got := l.Paths()[path]; got != want {
			t.Errorf("%s at %v, want %v", path, got, want)
		}
	}
	if p, ok := l.Find("severity[1].ack_within"); !ok || p != (Pos{3, 3}) {
		t.Errorf("Find of a missing key: %v %v, want the [[severity]] header", p, ok)
	}
	if _, ok := l.Find("paging.mode"); ok {
		t.Error("Find: paging is not written itself")
	}
	if p, ok := l.FindFirst("paging.mode"); !ok || p != (Pos{7, 2}) {
		t.Errorf("FindFirst: %v %v, want the [paging.pagerduty] header", p, ok)
	}
	if _, ok := (*Layout)(nil).Find("x"); ok {
		t.Error("a nil layout has no places")
	}
	if got := entryOf(l, "severity[1].notify[0]").Raw; got != "" {
		t.Errorf("an array entry has no raw value, got %q", got)
	}
	if got := entryOf(l, "paging.pagerduty.url").Raw; got != "3" {
		t.Errorf("raw %q, want 3", got)
	}
	if got := StripIndex("severity[1].notify[0]"); got != "severity.notify" {
		t.Errorf("StripIndex = %q", got)
	}
}

// entryOf is the entry of path, for the test.
func entryOf(l *Layout, path string) Entry {
	for _, e := range l.Entries() {
		if e.Key == path {
			return e
		}
	}
	return Entry{}
}

func TestError(t *testing.T) {
	errs := Errors{
		{File: "x.toml", Line: 3, Col: 5, Key: "slack.mode", Msg: "bad"},
		{File: "x.toml", Key: "slack.bot_token", Msg: "missing"},
		{Msg: "no file"},
	}
	want := "x.toml:3:5: key slack.mode: bad\nx.toml: key slack.bot_token: missing\nno file"
	if got := errs.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var e *Error
	if err := fmt.Errorf("wrapped: %w", errs); !errors.As(err, &e) || e != errs[0] {
		t.Errorf("errors.As found %v", e)
	}
	// A message written in Japanese too shows in Japanese when asked;
	// one written in English only stays English.
	errs[0].Ja = "不正"
	if got, want := errs.In(true), "x.toml:3:5: key slack.mode: 不正\nx.toml: key slack.bot_token: missing\nno file"; got != want {
		t.Errorf("in Japanese: got\n%s\nwant\n%s", got, want)
	}
	if got := errs.Error(); got != want {
		t.Errorf("Error() is not English: %s", got)
	}
}

func TestKeys(t *testing.T) {
	type s struct {
		Mode   string `toml:"mode"`
		Token  string `toml:"bot_token,omitempty"`
		Hidden string `toml:"-"`
		Plain  string
	}
	if got := StructKeys(reflect.TypeFor[s]()); !reflect.DeepEqual(got, []string{"mode", "bot_token"}) {
		t.Errorf("StructKeys = %v", got)
	}
	if got := Closest("Mdoe", []string{"mode", "bot_token"}); got != "mode" {
		t.Errorf("Closest = %q", got)
	}
	if got := Closest("colour", []string{"mode"}); got != "" {
		t.Errorf("Closest = %q, want none", got)
	}
}

// A problem from a catalog carries both languages; a type mismatch says
// what was found in the reader's words, and passes on what it cannot read.
func TestProblem(t *testing.T) {
	if bad := Messages().Check(); len(bad) > 0 {
		t.Errorf("catalog: %v", bad)
	}
	cat := workflow.Catalog{"x.bad": {En: "{value} is bad ({found})", Ja: "{value}は使えません（{found}）"}}
	for _, tc := range []struct{ detail, en, ja string }{
		{"cannot decode TOML integer into struct field x.Y of type string", `"v" is bad (found a TOML integer)`, "「v」は使えません（整数が書かれています）"},
		{"cannot decode TOML inline table into struct field x.Y of type string", `"v" is bad (found a TOML inline table)`, "「v」は使えません（{ … } の表が書かれています）"},
		{"cannot decode TOML odd thing into x", `"v" is bad (found a TOML odd thing)`, "「v」は使えません（odd thingが書かれています）"},
		{"something else", `"v" is bad (something else)`, "「v」は使えません（詳細: something else）"},
	} {
		e := Problem(cat, "a.b", workflow.M("x.bad", workflow.Args{"value": Quoted("v"), "found": Found(tc.detail)}))
		if e.Key != "a.b" || e.Msg != tc.en || e.Ja != tc.ja {
			t.Errorf("%s: got %q / %q", tc.detail, e.Msg, e.Ja)
		}
	}
}

// A template matches its text with any arguments, and nothing else.
func TestTemplate(t *testing.T) {
	re := Template("{value} is bad (a.b*); fix {key}")
	for s, want := range map[string]bool{
		`"x" is bad (a.b*); fix y.z`:      true,
		"two\nlines is bad (a.b*); fix k": true,
		`"x" is bad (aXb*); fix y`:        false,
		`"x" is fine`:                     false,
	} {
		if got := re.MatchString(s); got != want {
			t.Errorf("%q: match %v, want %v", s, got, want)
		}
	}
}
