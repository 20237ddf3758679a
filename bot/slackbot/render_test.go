package slackbot

import (
	"html"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// Every usage, help and example line shows in Slack as the console shows it:
// escaped, Slack turns it back into the same text, so placeholders like <n>
// are never read as links or mentions.
func TestUsageShowsInSlack(t *testing.T) {
	for k := range workflow.Messages() {
		key := string(k)
		if !strings.HasPrefix(key, "usage.") && !strings.HasPrefix(key, "help.") && !strings.HasPrefix(key, "example.") {
			continue
		}
		for _, l := range workflow.Langs {
			m := workflow.M(k, nil)
			s := renderMrkdwn(l, m)
			if strings.ContainsAny(s, "<>") {
				t.Errorf("%s (%s) reaches Slack with a raw bracket: %q", k, l, s)
			}
			if got, want := html.UnescapeString(s), workflow.Render(l, m); got != want {
				t.Errorf("%s (%s) shows in Slack as %q, want %q", k, l, got, want)
			}
		}
	}
}

// The adapter's own texts are plain words: rendered as mrkdwn, none keeps a
// raw &, < or > (so none can ping or link), and Slack shows each as written.
func TestAdapterTextsEscaped(t *testing.T) {
	args := workflow.Args{}
	for k := range Messages() {
		for _, l := range workflow.Langs {
			s := tr(l, k, args)
			if strings.ContainsAny(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "&amp;", ""), "&lt;", ""), "&gt;", ""), "&<>") {
				t.Errorf("%s (%s): a raw &, < or > in %q", k, l, s)
			}
			if got, want := html.UnescapeString(s), trPlain(l, k, args); got != want {
				t.Errorf("%s (%s) shows in Slack as %q, want %q", k, l, got, want)
			}
		}
	}
}

// Only what the adapter builds goes into mrkdwn live: mentions of Slack ids,
// and the workflow's channels when they are Slack ids.
func TestVerbatim(t *testing.T) {
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"a user mention", mention("U0SATO"), "<@U0SATO>"},
		{"a console name", mention("<!channel>"), "@&lt;!channel&gt;"},
		{"a person with a Slack id", personMention(workflow.Person{ID: "U0SATO", Name: "<!here>"}), "<@U0SATO>"},
		{"a person without one", personMention(workflow.Person{ID: "sato", Name: "<!here>"}), "@&lt;!here&gt;"},
		{"a sandbox channel", workflow.Channel("C0SANDBOX"), "<#C0SANDBOX>"},
		{"a channel that is not an id", workflow.Channel("general|<!channel>"), "#general|&lt;!channel&gt;"},
		{"channels", workflow.Channels{"C0A", "x>"}, "<#C0A>, #x&gt;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := verbatim(tc.v)
			if !ok || got != tc.want {
				t.Errorf("verbatim(%v) = %q, %v; want %q", tc.v, got, ok, tc.want)
			}
		})
	}
	for _, v := range []any{"<@U0SATO>", workflow.Person{ID: "U0SATO"}, workflow.M("slack.duplicate", nil)} {
		if s, ok := verbatim(v); ok {
			t.Errorf("verbatim(%#v) = %q: only markup and channels go in unescaped", v, s)
		}
	}
}
