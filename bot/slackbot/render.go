package slackbot

import (
	"strings"

	"incidentbot/workflow"
)

// Text goes to Slack in two forms. mrkdwn (message text, section and context
// blocks, topics, the report through a response_url) is parsed by Slack:
// "<!channel>", "<@U…>" and "<https://x|y>" ping and link, and "&", "<", ">"
// must be written as entities to show as themselves. plain_text (headers,
// buttons, options, modal labels, field errors) is shown as given and parses
// nothing.
//
// So every mrkdwn text is rendered by tr, renderLines and (*Bot).text, which escape
// everything (the catalogs' own words, usage placeholders like "<n>" among
// them, and every argument) except markup: mentions the adapter builds itself
// from a user, group or channel id, and text it has escaped already.
// plain_text is rendered by trPlain and never carries a mention.

// markup is mrkdwn the adapter wrote itself; it goes into a message as it is.
type markup string

// verbatim is what goes into mrkdwn unescaped: markup, and the channels the
// workflow names (a drill's sandboxes), linked when they are Slack ids.
func verbatim(v any) (string, bool) {
	switch x := v.(type) {
	case markup:
		return string(x), true
	case workflow.Channel:
		return channelLink(string(x)), true
	case workflow.Channels:
		parts := make([]string, len(x))
		for i, c := range x {
			parts[i] = channelLink(string(c))
		}
		return strings.Join(parts, ", "), true
	}
	return "", false
}

// channelLink links a channel by its id; anything else is shown as #name.
func channelLink(id string) string {
	if isSlackID(id, "CG") {
		return "<#" + id + ">"
	}
	return mrkdwnEscape("#" + id)
}

// escaped is user or config text made safe for mrkdwn.
func escaped(s string) markup { return markup(mrkdwnEscape(s)) }

// tr renders one of the adapter's messages (or the workflow's) in language l
// as mrkdwn.
func tr(l workflow.Lang, key workflow.MsgKey, args workflow.Args) string {
	return renderMrkdwn(l, workflow.M(key, args))
}

// trPlain renders one of the adapter's messages for a plain_text object.
func trPlain(l workflow.Lang, key workflow.MsgKey, args workflow.Args) string {
	return allMessages.Render(l, workflow.M(key, args))
}

// renderMrkdwn renders m, of the adapter's catalog or the workflow's, as
// mrkdwn.
func renderMrkdwn(l workflow.Lang, m workflow.Msg) string {
	return allMessages.RenderEscaped(l, m, mrkdwnEscape, verbatim)
}

// renderLines renders workflow lines (a reply) as mrkdwn, one a line.
func renderLines(l workflow.Lang, ms []workflow.Msg) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = renderMrkdwn(l, m)
	}
	return strings.Join(out, "\n")
}
