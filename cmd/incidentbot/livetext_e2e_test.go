package main

// The rule "text a person typed never pings or links" checked on everything
// the bot sent to Slack: the fake's recorded Web API calls and response_url
// posts, and the acks.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"incidentbot/bot/slackbot/fakeslack"
)

// entityRE finds what Slack parses in mrkdwn: <…> (a mention, a channel, a
// special mention, a link).
var entityRE = regexp.MustCompile(`<[^<>]*>`)

// liveChecker knows the entities the bot may build: mentions of the
// workspace's users, links to its channels.
type liveChecker struct {
	users    map[string]bool
	channels func() map[string]bool
}

func newLiveChecker(fake *fakeslack.Server, users ...string) *liveChecker {
	c := &liveChecker{users: map[string]bool{}}
	for _, u := range users {
		c.users[u] = true
	}
	c.channels = func() map[string]bool {
		out := map[string]bool{}
		for _, ch := range fake.Channels() {
			out[ch.ID] = true
		}
		return out
	}
	return c
}

// mrkdwn returns what is wrong with one mrkdwn text: an entity the bot did
// not build, or a raw &, < or > (text that was not escaped).
func (c *liveChecker) mrkdwn(s string, channels map[string]bool) []string {
	var bad []string
	rest := entityRE.ReplaceAllStringFunc(s, func(ent string) string {
		inner := ent[1 : len(ent)-1]
		switch {
		case strings.HasPrefix(inner, "@") && c.users[inner[1:]]:
		case strings.HasPrefix(inner, "#") && channels[inner[1:]]:
		default:
			bad = append(bad, "live "+ent)
		}
		return ""
	})
	rest = strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(rest)
	if strings.ContainsAny(rest, "&<>") {
		bad = append(bad, "unescaped &, < or >")
	}
	return bad
}

// message checks a message-shaped JSON value: its text fields that Slack
// parses (a message's text, mrkdwn text objects) are checked, plain_text
// objects are not (Slack parses nothing there), nor are ids and values.
func (c *liveChecker) message(v any, channels map[string]bool) []string {
	var bad []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["type"] == "plain_text" {
				return
			}
			for k, sub := range x {
				if s, ok := sub.(string); ok {
					if k == "text" || k == "topic" || k == "fallback" || k == "pretext" {
						bad = append(bad, c.mrkdwn(s, channels)...)
					}
					continue
				}
				walk(sub)
			}
		case []any:
			for _, sub := range x {
				walk(sub)
			}
		}
	}
	walk(v)
	return bad
}

// call checks one recorded request to the fake.
func (c *liveChecker) call(call fakeslack.Call, channels map[string]bool) []string {
	var bad []string
	// initial_comment: the comment of an uploaded file (the report's).
	for _, k := range []string{"text", "topic", "purpose", "initial_comment"} {
		for _, s := range call.Form[k] {
			bad = append(bad, c.mrkdwn(s, channels)...)
		}
	}
	for _, k := range []string{"blocks", "attachments", "view"} {
		for _, s := range call.Form[k] {
			var v any
			if json.Unmarshal([]byte(s), &v) == nil {
				bad = append(bad, c.message(v, channels)...)
			}
		}
	}
	if len(call.JSON) > 0 {
		var v any
		if json.Unmarshal(call.JSON, &v) == nil {
			bad = append(bad, c.message(v, channels)...)
		}
	}
	return bad
}

// check reports every recorded call and ack that carries something live the
// bot did not build.
func (c *liveChecker) check(t *testing.T, fake *fakeslack.Server, acks []ackRecord) {
	t.Helper()
	channels := c.channels()
	n := 0
	for _, call := range fake.Calls() {
		if bad := c.call(call, channels); len(bad) > 0 {
			n++
			if n <= 10 {
				t.Errorf("%s %s: %v\n%s", call.Method, call.Param("channel"), bad, callText(call))
			}
		}
	}
	for _, a := range acks {
		var v any
		if err := json.Unmarshal(a.body, &v); err != nil {
			continue // an empty ack
		}
		if bad := c.message(v, channels); len(bad) > 0 {
			n++
			if n <= 10 {
				t.Errorf("ack of %q: %v\n%s", a.what, bad, a.body)
			}
		}
	}
	if n > 10 {
		t.Errorf("… %d in all", n)
	}
}

// callText is the start of what a call sent, for a failure message.
func callText(c fakeslack.Call) string {
	s := url.Values(c.Form).Encode()
	if len(c.JSON) > 0 {
		s = string(c.JSON)
	}
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// ackRecord is one answer of the bot to a request.
type ackRecord struct {
	what string
	body []byte
}

// hostile is random text a person could type: mentions and links in Slack's
// syntax (as Slack sends them, and as the entities Slack sends for a typed
// <), &, < and >, emoji, CJK, control and bidi characters.
func hostile(rng *rand.Rand) string {
	pieces := []string{
		"<!channel>", "<!here>", "<!everyone>", "<@U0EVIL1>", "<@U0EVIL2|boss>", "<#C0EVIL>", "<#C0EVIL|secret>",
		"<!subteam^S0EVIL>", "<https://evil.example/login|Click to verify>", "<mailto:a@evil.example|mail>",
		"&lt;!channel&gt;", "&lt;@U0EVIL1&gt;", "&amp;", "&", "<", ">", "<<>>", "a<b>c", "x > y & z < w",
		"🔥", "👩‍💻", "障害対応", "データベース停止", "\x1b[31mred\x1b[0m", "\u202Egnp.exe", "tab\there",
		"*bold*", "_it_", "`code`", "~strike~", "database", "down", "since", "09:12", "#12", "@sato",
	}
	n := 1 + rng.IntN(6)
	words := make([]string, n)
	for i := range words {
		words[i] = pieces[rng.IntN(len(pieces))]
	}
	return strings.Join(words, " ")
}

func TestLiveCheckerFindsLiveText(t *testing.T) {
	c := &liveChecker{users: map[string]bool{"U0SATO": true}}
	channels := map[string]bool{"C0GENERAL": true}
	for _, tc := range []struct {
		text string
		bad  bool
	}{
		{"<@U0SATO>: note recorded", false},
		{"see <#C0GENERAL> &lt;n&gt; &amp;", false},
		{"<!channel> down", true},
		{"<@U0EVIL1>", true},
		{"<https://evil.example|x>", true},
		{"a & b", true},
		{"a > b", true},
	} {
		if got := len(c.mrkdwn(tc.text, channels)) > 0; got != tc.bad {
			t.Errorf("%q: flagged %v, want %v", tc.text, got, tc.bad)
		}
	}
	msg := map[string]any{"blocks": []any{
		map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": "<!channel> shown as typed"}},
		map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "<!here>"}},
	}}
	if bad := c.message(msg, channels); fmt.Sprint(bad) != "[live <!here>]" {
		t.Errorf("message: %v", bad)
	}
}
