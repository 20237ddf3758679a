package slackbot

import (
	"strconv"
	"strings"

	"incidentbot/workflow"
)

// Slack's limits on a channel's name and topic, in characters.
const (
	ChannelNameLimit = 80
	TopicLimit       = 250
)

// ChannelName is the incident channel's name: inc-<number>-<slug> (drills:
// drill-<number>-<slug>), the slug made of the title's ASCII letters and
// digits, lowercased, every other run of characters one hyphen. The slug is
// cut at a hyphen so the name fits Slack's 80 characters (a single word longer
// than that is cut where it must). A title without ASCII letters or digits (a
// Japanese one, say) gives just inc-<number>. Full-width Latin letters and
// digits count as their ASCII forms.
func ChannelName(number int, drill bool, title string) string {
	base := "inc-" + strconv.Itoa(number)
	if drill {
		base = "drill-" + strconv.Itoa(number)
	}
	slug := slugify(title)
	budget := ChannelNameLimit - len(base) - 1
	if slug == "" || budget <= 0 {
		return base
	}
	if slug = cutAtHyphen(slug, budget); slug == "" {
		return base
	}
	return base + "-" + slug
}

// WithSuffix is the name to try when name is taken: name-<attempt>, for
// attempt 2, 3, … (below 2 the name itself). The name is shortened at a hyphen
// after its inc-<number> part so the result still fits in 80 characters.
func WithSuffix(name string, attempt int) string {
	if attempt < 2 {
		return name
	}
	suffix := "-" + strconv.Itoa(attempt)
	budget := ChannelNameLimit - len(suffix)
	if len(name) <= budget {
		return name + suffix
	}
	// Keep inc-<number> (or drill-<number>) whole: cut only within the slug.
	keep := 0
	if i := strings.IndexByte(name, '-'); i >= 0 {
		keep = i + 1
		if j := strings.IndexByte(name[keep:], '-'); j >= 0 {
			keep += j
		} else {
			keep = len(name)
		}
	}
	if keep >= budget {
		return strings.TrimRight(name[:budget], "-") + suffix
	}
	slug := strings.TrimPrefix(name[keep:], "-")
	cut := cutAtHyphen(slug, budget-keep-1)
	if cut == "" {
		return name[:keep] + suffix
	}
	return name[:keep] + "-" + cut + suffix
}

// slugify keeps ASCII letters (lowercased) and digits and turns every other
// run of characters into one hyphen, trimmed at both ends.
func slugify(title string) string {
	var b strings.Builder
	gap := false
	for _, r := range title {
		if r >= '！' && r <= '～' { // full-width ASCII forms
			r -= '！' - '!'
		}
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		default:
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('-')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}

// cutAtHyphen shortens an ASCII slug to at most max bytes, at the last hyphen
// that fits; a first word longer than max is cut at max. No hyphen is left at
// the end.
func cutAtHyphen(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if len(s) <= max {
		return strings.TrimRight(s, "-")
	}
	if s[max] == '-' {
		return strings.TrimRight(s[:max], "-")
	}
	if i := strings.LastIndexByte(s[:max], '-'); i > 0 {
		return strings.TrimRight(s[:i], "-")
	}
	return strings.TrimRight(s[:max], "-")
}

// Topic is the incident channel's topic: severity · phase · commander, in
// language lang, at most 250 characters. Drills carry the drill marker first.
// Slack keeps a topic as message text (mentions and links in it are live), so
// it is escaped like one.
func Topic(inc *workflow.Incident, scale workflow.Scale, lang workflow.Lang) string {
	markers := ""
	if inc.Drill {
		markers = trPlain(lang, "slack.card.drill", nil) + " "
	}
	commander := trPlain(lang, "slack.card.unassigned", nil)
	if p := inc.Holder(workflow.RoleCommander); !p.IsZero() {
		commander = p.Display()
	}
	s := tr(lang, "slack.topic", workflow.Args{
		"markers":   markers,
		"severity":  scale.Level(inc.Severity).Localize(lang),
		"phase":     inc.Phase.Localize(lang),
		"commander": commander,
	})
	return clipEscaped(s, TopicLimit)
}
