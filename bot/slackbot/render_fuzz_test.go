package slackbot

import (
	"html"
	"slices"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// renderKeys are every message key the adapter renders: its own and the
// workflow's, in a fixed order.
var renderKeys = func() []workflow.MsgKey {
	var keys []workflow.MsgKey
	for k := range allMessages {
		keys = append(keys, k)
	}
	for k := range workflow.Messages() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}()

// placeholderNames are the names of every placeholder of every message.
var placeholderNames = func() []string {
	seen := map[string]bool{}
	for _, c := range []workflow.Catalog{allMessages, workflow.Messages()} {
		for _, t := range c {
			for _, s := range []string{t.En, t.Ja} {
				for _, m := range strings.Split(s, "{")[1:] {
					if name, _, ok := strings.Cut(m, "}"); ok {
						seen[name] = true
					}
				}
			}
		}
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}()

// FuzzMrkdwnRender renders any message with any text a person could type in
// its placeholders, nested in a second message, next to a mention the
// adapter built: the only entity left in the mrkdwn is that mention, every
// &, < and > is escaped, and Slack shows the same text as the console.
func FuzzMrkdwnRender(f *testing.F) {
	f.Add(uint16(0), "<!channel>", "&lt;@U0EVIL&gt;", false)
	f.Add(uint16(42), "<https://evil.example|click>", "a & b < c > d", true)
	f.Add(uint16(7), "{title}", "<#C0EVIL|x> 障害 🔥 \x1b[31m", false)
	f.Fuzz(func(t *testing.T, key uint16, a, b string, ja bool) {
		lang := workflow.English
		if ja {
			lang = workflow.Japanese
		}
		k := renderKeys[int(key)%len(renderKeys)]
		args := workflow.Args{}
		for i, name := range placeholderNames {
			if i%2 == 0 {
				args[name] = a
			} else {
				args[name] = b
			}
		}
		inner := workflow.M(k, args)
		plain := workflow.Args{"who": "@sato", "what": []workflow.Msg{inner}}
		live := workflow.Args{"who": mention("U0SATO"), "what": []workflow.Msg{inner}}
		s := tr(lang, "slack.changed", live)
		rest, ok := strings.CutPrefix(s, "<@U0SATO>")
		if !ok {
			t.Fatalf("the adapter's mention is gone: %q", s)
		}
		if strings.ContainsAny(strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(rest), "&<>") {
			t.Fatalf("%s with %q, %q: a raw &, < or > in %q", k, a, b, s)
		}
		if got, want := html.UnescapeString(tr(lang, "slack.changed", plain)), allMessages.Render(lang, workflow.M("slack.changed", plain)); got != want {
			t.Fatalf("%s with %q, %q: Slack shows %q, the console %q", k, a, b, got, want)
		}
	})
}
