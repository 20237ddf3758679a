// Package runbooks loads and checks runbooks and drill scenarios.
//
// A runbook is a TOML file that says, for one type of incident, what to do
// in each of the six phases (a checklist of items, each with an owner
// role), what may be stopped and when, what to fall back on while
// something is stopped, and which outside parties to call. A drill scenario
// is a TOML file that walks a team through one runbook with timed injects
// and expectations. README.md beside this file describes both formats.
//
// The shipped runbooks (defaults/) and scenarios (drills/) are embedded in
// the binary. Load reads them, then the files of a directory ([runbooks]
// dir) that add runbooks or scenarios or replace them by name, and checks
// everything: a problem is an Error naming the file, the line and the key.
package runbooks

import (
	"strings"
	"unicode"

	"incidentbot/workflow"
)

// Runbook is a checked runbook file: the runbook, in the workflow's form,
// and where it was read from. Treat it as read-only: the Set hands out the
// same maps and slices to every caller.
type Runbook struct {
	workflow.Runbook
	// File is where the runbook was read from.
	File string
}

// Scenario is a checked drill scenario file: the scenario, in the
// workflow's form, and where it was read from. Its runbook exists in the
// Set, its injects are in the order of their times, and its End, when the
// file gives one, is never before its last inject or deadline.
type Scenario struct {
	workflow.Scenario
	// File is where the scenario was read from.
	File string
}

// ChecklistPhases are the phases every runbook has a checklist for, in
// flow order (every phase but closed).
var ChecklistPhases = []workflow.Phase{
	workflow.PhaseDetect, workflow.PhaseInitial, workflow.PhaseInvestigate,
	workflow.PhaseContain, workflow.PhaseRecover, workflow.PhasePost,
}

// Set is the runbooks and scenarios in force: the embedded ones, with
// those of the configured directory added or put in their place.
type Set struct {
	runbooks  []Runbook // by name
	scenarios []Scenario
	notes     []Note
}

// Notes says what the built-in files lost to the configured scale: levels
// they name that the scale lacks (see Note). Files of one's own never have
// notes: such a level is an error there.
func (s *Set) Notes() []Note { return append([]Note(nil), s.notes...) }

// Runbooks lists the runbooks by name.
func (s *Set) Runbooks() []Runbook { return append([]Runbook(nil), s.runbooks...) }

// Runbook finds a runbook by name (case ignored).
func (s *Set) Runbook(name string) (Runbook, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, r := range s.runbooks {
		if r.Name == name {
			return r, true
		}
	}
	return Runbook{}, false
}

// Scenarios lists the drill scenarios by name.
func (s *Set) Scenarios() []Scenario { return append([]Scenario(nil), s.scenarios...) }

// Scenario finds a drill scenario by name (case ignored).
func (s *Set) Scenario(name string) (Scenario, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, sc := range s.scenarios {
		if sc.Name == name {
			return sc, true
		}
	}
	return Scenario{}, false
}

// Suggest picks the runbook whose keywords best match an incident title:
// the one with the most keywords found in it, then the longest match, then
// the first by name. Case is ignored, and full-width letters and digits
// (ＰＣ, typed with a Japanese input method) count as their ASCII forms. A
// keyword written in Japanese (or any keyword with a letter outside ASCII)
// matches anywhere in the title; an ASCII keyword matches at the start of
// a word, so "ransom" finds "Ransomware on a contractor's laptop" but "pc"
// does not find "epic".
func (s *Set) Suggest(title string) (Runbook, bool) {
	t := fold(title)
	best, bestHits, bestLen := -1, 0, 0
	for i, r := range s.runbooks {
		hits, length := 0, 0
		for _, k := range r.Keywords {
			if n := match(t, fold(k)); n > 0 {
				hits++
				length += n
			}
		}
		if hits > bestHits || (hits == bestHits && hits > 0 && length > bestLen) {
			best, bestHits, bestLen = i, hits, length
		}
	}
	if best < 0 {
		return Runbook{}, false
	}
	return s.runbooks[best], true
}

// fold lowercases s and turns full-width ASCII forms (U+FF01–U+FF5E) and
// the ideographic space into their ASCII counterparts.
func fold(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFF01 - 0x21
		case r == 0x3000:
			r = ' '
		}
		rs[i] = unicode.ToLower(r)
	}
	return rs
}

// match is the length of keyword k when it occurs in title t (both
// lowercased), else 0.
func match(t, k []rune) int {
	if len(k) == 0 || len(k) > len(t) {
		return 0
	}
	wordStart := isASCII(k)
	for i := 0; i+len(k) <= len(t); i++ {
		if wordStart && i > 0 && isWordRune(t[i-1]) && isWordRune(k[0]) {
			continue
		}
		if string(t[i:i+len(k)]) == string(k) {
			return len(k)
		}
	}
	return 0
}

func isASCII(rs []rune) bool {
	for _, r := range rs {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isJapanese reports whether s holds a kana or kanji.
func isJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// hasLatin reports whether s holds an ASCII letter.
func hasLatin(s string) bool {
	for _, r := range s {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
