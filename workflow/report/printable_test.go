package report

import (
	"encoding/json"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// hostileText holds what a terminal acts on: an escape sequence that clears
// the screen and sets the window title, a bell, a carriage return, DEL, a C1
// control, a right-to-left override and isolates.
const hostileText = "ok\x1b[2J\x1b]0;owned\x07\rX\x7f\u009b31m\u202Etxt.exe\u2066i\u2069 障害 🔥"

// The Markdown report carries none of them; the JSON report keeps the text
// exactly, with each of them escaped.
func TestReportPrintable(t *testing.T) {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000004")}
	tl.add(t, sato, at(9, 0), workflow.Opened{Title: hostileText, Severity: "low", Number: 4, Opener: sato.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 0)})
	tl.add(t, sato, at(9, 1), workflow.NoteLogged{Text: "line one\n\tindented " + hostileText})
	r := build(t, tl.events)
	for _, l := range workflow.Langs {
		md := string(r.Markdown(l))
		if i := strings.IndexFunc(md, workflow.Unsafe); i >= 0 {
			t.Errorf("markdown (%s) holds %U at %d", l, []rune(md[i:])[0], i)
		}
		if !strings.Contains(md, "障害 🔥") {
			t.Errorf("markdown (%s) lost the printable text", l)
		}
	}
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.IndexFunc(string(js), workflow.Unsafe); i >= 0 {
		t.Errorf("JSON holds %U at %d", []rune(string(js)[i:])[0], i)
	}
	var back struct {
		Summary struct {
			Title string `json:"title"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(js, &back); err != nil || back.Summary.Title != hostileText {
		t.Errorf("JSON title %q (%v), want the text exactly", back.Summary.Title, err)
	}
}
