package config

import (
	"fmt"
	"strings"
	"time"

	"incidentbot/workflow"
)

// [drills] every and contact_window, and the may_stop entries of
// [[severity]], which name what may be stopped in English and Japanese.

// checkDrills checks [drills] every and contact_window.
func (c *Config) checkDrills(say sayFunc) {
	if _, err := workflow.ParseRhythm(c.Drills.Every); err != nil {
		say("drills.every", "config.err.drills_every", workflow.Args{"value": c.Drills.Every})
	}
	if d := c.Drills.ContactWindow.Duration; d < 0 || d > 24*time.Hour {
		say("drills.contact_window", "config.err.contact_window", workflow.Args{"value": d.String()})
	}
}

// StopName is one may_stop entry: "admin screen" (one name for both
// languages) or { en = "infected PC", ja = "感染PC" }.
type StopName = any

// defaultMayStop is what every built-in level lets anyone stop at once:
// cutting an infected PC off the network and freezing a hijacked account
// cannot wait for an approver (the runbooks say so).
func defaultMayStop() []StopName {
	return []StopName{
		map[string]any{"en": "infected PC", "ja": "感染PC"},
		map[string]any{"en": "hijacked account", "ja": "乗っ取られたアカウント"},
	}
}

// stopName reads a may_stop entry; ok is false for one of another form.
func stopName(v StopName) (workflow.Text, bool) {
	switch t := v.(type) {
	case string:
		s := strings.TrimSpace(t)
		return workflow.Text{En: s, Ja: s}, true
	case map[string]any:
		en, okEn := t["en"].(string)
		ja, okJa := t["ja"].(string)
		return workflow.Text{En: strings.TrimSpace(en), Ja: strings.TrimSpace(ja)}, okEn && okJa && len(t) == 2
	}
	return workflow.Text{}, false
}

// stopNames is a level's may_stop as the workflow takes it.
func stopNames(list []StopName) []workflow.Text {
	var out []workflow.Text
	for _, v := range list {
		if t, ok := stopName(v); ok && t.En != "" && t.Ja != "" {
			out = append(out, t)
		}
	}
	return out
}

// checkMayStop checks the may_stop entries of level p ("severity[1]"):
// each a name or { en, ja }, none empty, no form listed twice (case,
// width and spaces ignored).
func checkMayStop(p string, list []StopName, say sayFunc) {
	seen := map[string]int{}
	for j, v := range list {
		mp := fmt.Sprintf("%s.may_stop[%d]", p, j)
		t, ok := stopName(v)
		switch {
		case !ok:
			say(mp, "config.err.may_stop_form", nil)
			continue
		case t.En == "" || t.Ja == "":
			say(mp, "config.err.may_stop_empty", nil)
			continue
		}
		for _, form := range []string{t.En, t.Ja} {
			norm := workflow.StopKey(form)
			if k, dup := seen[norm]; dup && k != j {
				say(mp, "config.err.may_stop_twice", workflow.Args{"value": quoted(form), "first": fmt.Sprintf("%s.may_stop[%d]", p, k)})
				break
			}
			seen[norm] = j
		}
	}
}
