package report

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"incidentbot/workflow"
)

// Text from the incident — titles, names, decisions, notes, reasons, the
// scope, findings — holding bars, backticks, HTML, line breaks, control
// characters and characters that reorder text cannot break a Markdown
// table, start a code span or a link, or inject markup into the HTML.
func TestHostileTextCannotBreakOut(t *testing.T) {
	r := build(t, hostileSession(t).events)
	for _, l := range workflow.Langs {
		md := string(r.Markdown(l))
		checkNoControls(t, "markdown", md)
		tables := 0
		var cols int
		for i, line := range strings.Split(md, "\n") {
			if !strings.HasPrefix(line, "|") {
				cols = 0
				if strings.Contains(line, "<script") || strings.Contains(line, "<img") || strings.Contains(line, "<iframe") {
					t.Errorf("markdown line %d carries raw HTML: %q", i+1, line)
				}
				continue
			}
			n := len(unescapedBars.FindAllString(line, -1))
			if cols == 0 {
				cols, tables = n, tables+1
			} else if n != cols {
				t.Errorf("markdown line %d has %d cells, its table %d: %q", i+1, n-1, cols-1, line)
			}
			if strings.Contains(line, "<script") || strings.Contains(line, "<img") || strings.Contains(line, "`code`") {
				t.Errorf("markdown line %d lets markup through: %q", i+1, line)
			}
		}
		if tables < 10 {
			t.Errorf("only %d tables in the markdown", tables)
		}

		page := string(r.HTML(l))
		checkNoControls(t, "html", page)
		for _, bad := range []string{"<script", "<img", "<iframe", "onerror=alert(1)>", "</td></tr></table><h1>x", "<b>name"} {
			if strings.Contains(page, bad) {
				t.Errorf("the HTML (%s) holds %q unescaped", l, bad)
			}
		}
		for _, tag := range []string{"table", "tr", "td", "section", "ul", "li", "svg", "g"} {
			open := len(regexp.MustCompile(`<`+tag+`[ >]`).FindAllString(page, -1))
			closed := strings.Count(page, "</"+tag+">")
			if open != closed {
				t.Errorf("the HTML (%s) opens <%s> %d times and closes it %d times", l, tag, open, closed)
			}
		}
		if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("the HTML (%s) does not show the typed <script> as text", l)
		}
	}
	j, _ := r.JSON()
	var v map[string]any
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatalf("the JSON does not parse: %v", err)
	}
	// JSON is for tools: the text stays exactly as typed.
	if got, want := v["summary"].(map[string]any)["title"], fold(t, hostileSession(t).events).Title; got != want {
		t.Errorf("the JSON title is %q, typed %q", got, want)
	}
}

// unescapedBars are the cell separators of a Markdown table row: a | not
// after a backslash.
var unescapedBars = regexp.MustCompile(`(^|[^\\])\|`)

func checkNoControls(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) || r == '\u202e' || r == '\u202c' {
			t.Errorf("%s holds %U at byte %d", what, r, i)
			return
		}
	}
}

// A row of the event list is written as json.MarshalIndent writes it.
func TestEventRowIsMarshalIndent(t *testing.T) {
	for _, tl := range fixtures(t) {
		for _, e := range tl.events {
			row := Event{Seq: e.Seq, Kind: e.Kind, OccurredAt: e.OccurredAt.UTC(), RecordedAt: e.RecordedAt.Add(123456 * time.Microsecond).UTC(),
				Actor: Actor{Team: e.Actor.Team, User: e.Actor.User, Name: e.Actor.Name + " <&> \"x\" \u2028 é"}, Subject: e.Subject,
				Redacted: e.Redacted, Unreadable: e.Seq%2 == 0, Hash: e.Hash}
			want, err := json.MarshalIndent(row, "    ", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if got := appendEventJSON(nil, row); string(got) != string(want) {
				t.Fatalf("row\n%s\nwant\n%s", got, want)
			}
		}
	}
}
