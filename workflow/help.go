package workflow

import "strings"

// HelpLines is the answer to "help": with an empty topic an overview (every
// subcommand's usage and how incidents and fields are written); with a
// subcommand its usage, what it does, every label it accepts and an example.
// Help for open and sev lists the scale's levels.
func HelpLines(topic Verb, scale Scale) []Msg {
	v, known := lookupVerb(string(topic))
	if !known {
		lines := []Msg{M("help.overview", nil)}
		for _, v := range verbs {
			lines = append(lines, M(v.usage, nil))
		}
		return append(lines, M("help.refs", Args{"limit": FieldLimit}), M("help.more", nil))
	}
	lines := []Msg{M(v.usage, nil), M(v.help, nil)}
	if v.helpMore != nil {
		lines = append(lines, v.helpMore(scale)...)
	}
	if v.fields != nil {
		lines = append(lines, helpFields(v.fields)...)
	}
	return append(lines, M(v.example, nil))
}

// helpLevels is help's word on severity (open, sev): the levels, and when
// each fits.
func helpLevels(scale Scale) []Msg {
	lines := []Msg{M("help.levels", Args{"levels": levelList(scale), "default": string(scale.Default)})}
	return append(lines, levelGuide(scale)...)
}

func helpRoles(Scale) []Msg { return []Msg{M("help.roles", Args{"roles": roleList()})} }

func helpPhases(Scale) []Msg { return []Msg{M("help.phases", Args{"phases": phaseList()})} }

// helpLimit is for the verbs that take long free text.
func helpLimit(Scale) []Msg { return []Msg{M("help.limit", Args{"limit": FieldLimit})} }

// levelList names a scale's levels with their aliases, lowest first:
// "low (sev3, 低), medium (sev2, 中), high (sev1, 高)", in Japanese
// "low（sev3、低）、medium（sev2、中）、high（sev1、高）". Keys and aliases are
// what users type, so the words are the same in every language.
func levelList(s Scale) Localizer { return levelWords(s.Levels) }

type levelWords []Level

func (ls levelWords) Localize(l Lang) string {
	open, sep, end := " (", ", ", ")"
	if l == Japanese {
		open, sep, end = "（", "、", "）"
	}
	parts := make([]string, len(ls))
	for i, lv := range ls {
		parts[i] = string(lv.Key)
		if len(lv.Aliases) > 0 {
			parts[i] += open + strings.Join(lv.Aliases, sep) + end
		}
	}
	return strings.Join(parts, sep)
}

// levelGuide says, per level, when to pick it (its criteria), what may be
// stopped without asking and when to call outside support, as configured.
func levelGuide(s Scale) []Msg {
	var lines []Msg
	for _, lv := range s.Levels {
		if lv.Criteria != (Text{}) {
			lines = append(lines, M("help.criteria", Args{"level": lv, "key": string(lv.Key), "criteria": lv.Criteria}))
		}
		if len(lv.Policy.MayStop) > 0 {
			lines = append(lines, M("help.may_stop", Args{"level": lv, "what": stopList(lv.Policy.MayStop)}))
		}
		if lv.Policy.OutsideSupportWhen != (Text{}) {
			lines = append(lines, M("help.outside", Args{"level": lv, "when": lv.Policy.OutsideSupportWhen}))
		}
	}
	return lines
}

// Localize lets a configured Text fill a placeholder; a text written in one
// language only is shown in both.
func (t Text) Localize(l Lang) string {
	if s := t.in(l); s != "" {
		return s
	}
	if t.En != "" {
		return t.En
	}
	return t.Ja
}

// wordList is a list of words a user types, each with its localized name; in
// Japanese the name follows the word: "commander（指揮者）".
type wordList []struct {
	word string
	name Localizer
}

func (w wordList) Localize(l Lang) string {
	parts := make([]string, len(w))
	for i, e := range w {
		parts[i] = e.word
		if l == Japanese {
			parts[i] += "（" + e.name.Localize(l) + "）"
		}
	}
	if l == Japanese {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}

func roleList() wordList {
	out := make(wordList, len(Roles))
	for i, r := range Roles {
		out[i].word, out[i].name = string(r), r
	}
	return out
}

// phaseList names the phases one may move to by name (closed is reached with
// close, not phase).
func phaseList() wordList {
	var out wordList
	for _, p := range Phases {
		if p == PhaseClosed {
			continue
		}
		out = append(out, struct {
			word string
			name Localizer
		}{string(p), p})
	}
	return out
}

// stopList names what may be stopped, each in the reader's language:
// "infected PC, hijacked account" / "感染PC、乗っ取られたアカウント".
type stopList []Text

func (l stopList) Localize(lang Lang) string {
	parts := make([]string, len(l))
	for i, t := range l {
		parts[i] = t.Localize(lang)
	}
	if lang == Japanese {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}
