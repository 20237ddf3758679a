package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// [drills] every and contact_window: read, defaulted, and refused with
// their line in both languages when wrong.
func TestDrillsRhythmAndWindow(t *testing.T) {
	c, err := parseWith(t, "[drills]\nevery = \"quarter\"\ncontact_window = \"15m\"\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Drills.Rhythm() != (workflow.Rhythm{Calendar: "quarter"}) || c.Drills.ContactWindow.Duration != 15*time.Minute {
		t.Errorf("drills %+v", c.Drills)
	}
	if s := c.String(); !strings.Contains(s, `drills.every="quarter" drills.contact_window=15m0s`) {
		t.Errorf("String: %s", s)
	}
	if d := Default(); d.Drills.ContactWindow.Duration != workflow.DefaultContactWindow || !d.Drills.Rhythm().IsZero() {
		t.Errorf("defaults %+v", d.Drills)
	}
	if c, err := parseWith(t, "[drills]\nevery = \"2160h\"\n", nil); err != nil || c.Drills.Rhythm().Span != 2160*time.Hour {
		t.Errorf("a duration: %v %+v", err, c)
	}
	for _, tc := range []struct{ src, en, ja string }{
		{"[drills]\nevery = \"yearly\"\n", `x.toml:2:1: key drills.every: “yearly” is not how often a drill is due`, "「yearly」は演習の周期として読めません"},
		{"[drills]\ncontact_window = \"-5m\"\n", `x.toml:2:1: key drills.contact_window: -5m0s is not a window for a contact check`, "連絡確認の受付時間として使えません"},
	} {
		_, err := parseWith(t, tc.src, nil)
		var errs Errors
		if !errors.As(err, &errs) || !strings.Contains(err.Error(), tc.en) || !strings.Contains(errs.In(true), tc.ja) {
			t.Errorf("%q: want …%s… / …%s…, got %v", tc.src, tc.en, tc.ja, err)
		}
	}
}

// may_stop entries are a name (both languages) or { en, ja }; a form
// listed twice, an empty entry or a table of another form is an error.
func TestMayStopForms(t *testing.T) {
	c, err := parseWith(t, "[[severity]]\nkey = \"low\"\nmay_stop = [\"admin screen\", { en = \"infected PC\", ja = \"感染PC\" }]\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []workflow.Text{{En: "admin screen", Ja: "admin screen"}, {En: "infected PC", Ja: "感染PC"}}
	if got := c.Scale().Levels[0].Policy.MayStop; !reflect.DeepEqual(got, want) {
		t.Errorf("may_stop %+v", got)
	}
	for _, tc := range []struct{ src, want string }{
		{"[[severity]]\nkey = \"low\"\nmay_stop = [{ en = \"infected PC\" }]\n", "key severity[0].may_stop[0]: write a name"},
		{"[[severity]]\nkey = \"low\"\nmay_stop = [\" \"]\n", "key severity[0].may_stop[0]: the entry is empty"},
		{"[[severity]]\nkey = \"low\"\nmay_stop = [{ en = \"infected PC\", ja = \"感染PC\" }, \"感染 ＰＣ\"]\n", `key severity[0].may_stop[1]: "感染 ＰＣ" is listed twice (also severity[0].may_stop[0])`},
		{"[[severity]]\nkey = \"low\"\nmay_stop = [3]\n", "key severity[0].may_stop[0]: write a name"},
	} {
		_, err := parseWith(t, tc.src, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: want …%s…, got %v", tc.src, tc.want, err)
		}
	}
}
