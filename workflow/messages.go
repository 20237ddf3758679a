package workflow

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Lang is a language the bot answers in.
type Lang string

const (
	English  Lang = "en"
	Japanese Lang = "ja"
)

// Langs lists every supported language; every message exists in each.
var Langs = []Lang{English, Japanese}

// ParseLang accepts "en" or "ja".
func ParseLang(s string) (Lang, error) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case English:
		return English, nil
	case Japanese:
		return Japanese, nil
	}
	return "", fmt.Errorf("unknown language %q: use en or ja", s)
}

// MsgKey names a message in a Catalog.
type MsgKey string

// Text is one message in both languages. Placeholders are written {name}.
type Text struct {
	En string
	Ja string
}

func (t Text) in(l Lang) string {
	if l == Japanese {
		return t.Ja
	}
	return t.En
}

// Localizer is a value that renders itself differently per language
// (phases, roles, severity levels, nested messages).
type Localizer interface {
	Localize(l Lang) string
}

// Args fills a message's placeholders. Values may be strings, numbers,
// Localizers (rendered in the message's language) or anything fmt can print.
type Args map[string]any

// Msg is a message to show a user: a key and its arguments. It is rendered
// only at the edge, in the user's language.
type Msg struct {
	Key  MsgKey
	Args Args
}

// M builds a Msg.
func M(key MsgKey, args Args) Msg { return Msg{Key: key, Args: args} }

// Localize renders m with the workflow catalog.
func (m Msg) Localize(l Lang) string { return messages.Render(l, m) }

// Catalog maps keys to texts in both languages.
type Catalog map[MsgKey]Text

var placeholderRE = regexp.MustCompile(`\{([a-z_0-9]+)\}`)

// Render fills m's placeholders in language l. An unknown key renders as the
// key itself so a missing text is visible rather than silent.
func (c Catalog) Render(l Lang, m Msg) string {
	t, ok := c[m.Key]
	if !ok {
		return string(m.Key)
	}
	// By hand rather than with placeholderRE: reports render a message
	// for every event of a timeline.
	text := t.in(l)
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		n := placeholderLen(text[i+1:])
		if n == 0 || i+1+n >= len(text) || text[i+1+n] != '}' {
			b.WriteString(text[:i+1])
			text = text[i+1:]
			continue
		}
		b.WriteString(text[:i])
		name := text[i+1 : i+1+n]
		if v, ok := m.Args[name]; ok {
			b.WriteString(formatArg(c, l, v))
		} else {
			b.WriteString(text[i : i+2+n])
		}
		text = text[i+2+n:]
	}
	if b.Len() == 0 {
		return text
	}
	b.WriteString(text)
	return b.String()
}

// placeholderLen is how many bytes at the start of s make a placeholder's
// name ([a-z_0-9]+, as placeholderRE reads it).
func placeholderLen(s string) int {
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= '0' && s[n] <= '9' || s[n] == '_') {
		n++
	}
	return n
}

func formatArg(c Catalog, l Lang, v any) string {
	switch x := v.(type) {
	case Msg:
		if _, ok := c[x.Key]; ok {
			return c.Render(l, x)
		}
		return x.Localize(l)
	case Localizer:
		return x.Localize(l)
	case []Msg:
		parts := make([]string, len(x))
		for i, m := range x {
			parts[i] = formatArg(c, l, m)
		}
		return strings.Join(parts, "\n")
	case string:
		return x
	default:
		return fmt.Sprint(v)
	}
}

// Check reports every key whose English or Japanese text is missing or whose
// two texts use different placeholders.
func (c Catalog) Check() []string {
	var bad []string
	for k, t := range c {
		if strings.TrimSpace(t.En) == "" || strings.TrimSpace(t.Ja) == "" {
			bad = append(bad, fmt.Sprintf("%s: missing a language", k))
			continue
		}
		if a, b := placeholders(t.En), placeholders(t.Ja); a != b {
			bad = append(bad, fmt.Sprintf("%s: placeholders differ: en %s, ja %s", k, a, b))
		}
	}
	sort.Strings(bad)
	return bad
}

func placeholders(s string) string {
	seen := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		seen[m[1]] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// mergeCatalogs joins the per-area catalogs; a key defined twice is a
// programming error caught by the catalog test.
func mergeCatalogs(parts ...Catalog) Catalog {
	out := Catalog{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := out[k]; dup {
				panic("workflow: message key defined twice: " + string(k))
			}
			out[k] = v
		}
	}
	return out
}

// messages is every text the workflow shows. Each area keeps its own file:
// messages_grammar.go (parser, usage, help), messages_service.go (replies),
// messages_escalation.go (escalation notices and replies), messages_checklist.go
// (runbook checklists), messages_drill.go (drills and their scorecard),
// messages_practice.go (expectations, stalls, the contact check, findings
// to closure, the rhythm of drills), messages_voice.go (statements, the
// personal-data flag, deadlines).
var messages = mergeCatalogs(grammarMessages, serviceMessages, domainMessages, authorityMessages, escalationMessages,
	checklistMessages, drillMessages, vendorMessages, voiceMessages, practiceMessages,
	scopeMessages, timelineMessages, voiceTimelineMessages, practiceTimelineMessages)

// MergeCatalogs joins the catalogs of several areas, as adapters keep theirs;
// a key defined twice panics (the catalog tests catch it at once).
func MergeCatalogs(parts ...Catalog) Catalog { return mergeCatalogs(parts...) }

// Messages returns the workflow's catalog (for tests and adapters).
func Messages() Catalog { return messages }

// Render renders m in language l with the workflow's catalog.
func Render(l Lang, m Msg) string { return messages.Render(l, m) }

// RenderAll renders several messages, one per line.
func RenderAll(l Lang, ms []Msg) string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = Render(l, m)
	}
	return strings.Join(lines, "\n")
}
