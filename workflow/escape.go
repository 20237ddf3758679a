package workflow

import "strings"

// RenderEscaped renders m as Render does, for a medium whose text carries
// markup (Slack's mrkdwn): the words of every template and every argument
// pass through escape, except the arguments verbatim accepts, which go in as
// verbatim writes them (a mention the adapter built from a user id, say).
// Nested messages are rendered the same way, so each piece of text is escaped
// exactly once. A key missing from c is looked up in the workflow's catalog.
// verbatim may be nil.
func (c Catalog) RenderEscaped(l Lang, m Msg, escape func(string) string, verbatim func(v any) (string, bool)) string {
	t, ok := c[m.Key]
	if !ok {
		if t, ok = messages[m.Key]; !ok {
			return escape(string(m.Key))
		}
	}
	tmpl := t.in(l)
	var b strings.Builder
	last := 0
	for _, loc := range placeholderRE.FindAllStringSubmatchIndex(tmpl, -1) {
		b.WriteString(escape(tmpl[last:loc[0]]))
		last = loc[1]
		v, ok := m.Args[tmpl[loc[2]:loc[3]]]
		if !ok {
			b.WriteString(escape(tmpl[loc[0]:loc[1]]))
			continue
		}
		b.WriteString(c.escapedArg(l, v, escape, verbatim))
	}
	b.WriteString(escape(tmpl[last:]))
	return b.String()
}

func (c Catalog) escapedArg(l Lang, v any, escape func(string) string, verbatim func(any) (string, bool)) string {
	if verbatim != nil {
		if s, ok := verbatim(v); ok {
			return s
		}
	}
	switch x := v.(type) {
	case Msg:
		return c.RenderEscaped(l, x, escape, verbatim)
	case []Msg:
		parts := make([]string, len(x))
		for i, m := range x {
			parts[i] = c.RenderEscaped(l, m, escape, verbatim)
		}
		return strings.Join(parts, "\n")
	}
	return escape(formatArg(c, l, v))
}

// Channel is a chat channel named by its id (a drill sandbox). Rendered as
// text it is written <#id>, the form Slack links; an escaping render leaves
// it to the adapter's verbatim func.
type Channel string

// Localize writes the channel as <#id>.
func (c Channel) Localize(Lang) string { return "<#" + string(c) + ">" }

// Channels is a list of channels, shown comma-separated.
type Channels []Channel

// Localize writes the channels as "<#C1>, <#C2>".
func (cs Channels) Localize(l Lang) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Localize(l)
	}
	return strings.Join(parts, ", ")
}
