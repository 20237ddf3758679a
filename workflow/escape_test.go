package workflow

import (
	"strings"
	"testing"
)

// brackets escapes like Slack's mrkdwn, so the tests see what was escaped.
var brackets = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// live marks the values a test's medium writes itself.
type live string

func verbatimLive(v any) (string, bool) {
	s, ok := v.(live)
	return string(s), ok
}

func TestRenderEscaped(t *testing.T) {
	c := Catalog{
		"t.usage":  {En: "/incident refuse <n> [reason] & more", Ja: "/incident refuse <n> [理由]"},
		"t.who":    {En: "{who} wrote {what}", Ja: "{who} が {what}"},
		"t.nested": {En: "<{inner}>", Ja: "<{inner}>"},
		"t.list":   {En: "{lines}", Ja: "{lines}"},
		"t.left":   {En: "{missing} <x>", Ja: "{missing}"},
	}
	cases := []struct {
		name string
		m    Msg
		want string
	}{
		{"the template's words are escaped", M("t.usage", nil), "/incident refuse &lt;n&gt; [reason] &amp; more"},
		{"user text is escaped", M("t.who", Args{"who": "@sato", "what": "<!channel> & <https://x|y>"}),
			"@sato wrote &lt;!channel&gt; &amp; &lt;https://x|y&gt;"},
		{"verbatim values go in as they are", M("t.who", Args{"who": live("<@U0SATO>"), "what": "<@U0EVIL>"}),
			"<@U0SATO> wrote &lt;@U0EVIL&gt;"},
		{"a nested message is escaped once", M("t.nested", Args{"inner": M("t.who", Args{"who": live("<@U1>"), "what": "a&b"})}),
			"&lt;<@U1> wrote a&amp;b&gt;"},
		{"lines are escaped once each", M("t.list", Args{"lines": []Msg{M("t.usage", nil), M("t.who", Args{"who": "<a>", "what": "b"})}}),
			"/incident refuse &lt;n&gt; [reason] &amp; more\n&lt;a&gt; wrote b"},
		{"a Localizer is escaped as a whole", M("t.who", Args{"who": Person{ID: "U1", Name: "<!here>"}, "what": Channels{"C1"}}),
			"@&lt;!here&gt; wrote &lt;#C1&gt;"},
		{"an unfilled placeholder stays, escaped", M("t.left", nil), "{missing} &lt;x&gt;"},
		{"a workflow key is found in the workflow's catalog", M("err.internal", Args{"id": "<x>"}),
			brackets(Render(English, M("err.internal", Args{"id": "<x>"})))},
		{"an unknown key shows as itself", M("t.<nope>", nil), "t.&lt;nope&gt;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.RenderEscaped(English, tc.m, brackets, verbatimLive); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Rendered without any verbatim value, an escaping render is the plain render
// escaped as a whole: every message of the catalog, in both languages.
func TestRenderEscapedMatchesRender(t *testing.T) {
	args := Args{}
	for _, name := range []string{"ref", "title", "n", "seq", "reason", "who", "what", "id", "head", "usage", "name"} {
		args[name] = "<" + name + "> & <!channel>"
	}
	for k := range Messages() {
		for _, l := range Langs {
			m := M(k, args)
			if got, want := Messages().RenderEscaped(l, m, brackets, nil), brackets(Render(l, m)); got != want {
				t.Errorf("%s (%s):\ngot  %q\nwant %q", k, l, got, want)
			}
		}
	}
}
