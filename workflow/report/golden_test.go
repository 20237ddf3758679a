package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"incidentbot/workflow"
)

// update rewrites the golden files from the renderers:
//
//	go test ./workflow/report -run TestGolden -update
//
// Read the diff before committing it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldens are the files each fixture is compared with: its formats in the
// languages that matter for it.
var goldens = []struct {
	fixture string
	format  Format
	lang    workflow.Lang
	loc     *time.Location
}{
	{"session", FormatMarkdown, workflow.English, time.UTC},
	{"session", FormatHTML, workflow.English, time.UTC},
	{"session", FormatJSON, workflow.English, time.UTC},
	{"ja", FormatMarkdown, workflow.Japanese, jst},
	{"ja", FormatHTML, workflow.Japanese, jst},
	{"ja", FormatMarkdown, workflow.English, time.UTC},
	{"ja", FormatJSON, workflow.Japanese, jst},
	{"drill", FormatMarkdown, workflow.English, time.UTC},
	{"drill", FormatHTML, workflow.Japanese, jst},
	{"drill", FormatJSON, workflow.English, time.UTC},
	{"hostile", FormatMarkdown, workflow.English, time.UTC},
	{"hostile", FormatHTML, workflow.English, time.UTC},
	{"hostile", FormatJSON, workflow.English, time.UTC},
	{"vendors", FormatMarkdown, workflow.English, time.UTC},
	{"vendors", FormatMarkdown, workflow.Japanese, jst},
	{"vendors", FormatHTML, workflow.Japanese, jst},
	{"vendors", FormatJSON, workflow.English, time.UTC},
	{"voice", FormatMarkdown, workflow.English, time.UTC},
	{"voice", FormatMarkdown, workflow.Japanese, jst},
	{"voice", FormatHTML, workflow.English, time.UTC},
	{"voice", FormatJSON, workflow.English, time.UTC},
	{"practice", FormatMarkdown, workflow.English, time.UTC},
	{"practice", FormatMarkdown, workflow.Japanese, jst},
	{"practice", FormatHTML, workflow.Japanese, jst},
	{"practice", FormatJSON, workflow.English, time.UTC},
}

// TestGolden renders the fixture incidents (English and Japanese content,
// back-steps, corrections, handovers, redaction, the scope, a drill, text
// that tries to break out, vendors asked, a personal-data incident with
// statements and deadlines, a drill with a contact check, stalls and
// findings closed) and compares each with its golden file, byte for
// byte. A change of the report shows in the diff of testdata.
func TestGolden(t *testing.T) {
	all := fixtures(t)
	for _, g := range goldens {
		name := g.fixture + "." + string(g.lang) + g.format.Ext()
		if g.format == FormatJSON {
			name = g.fixture + g.format.Ext() // the same in every language
		}
		t.Run(name, func(t *testing.T) {
			tl := all[g.fixture]
			var got bytes.Buffer
			o := Options{Lang: g.lang, Location: g.loc}
			if err := Write(&got, g.format, fold(t, tl.events), workflow.EventList(tl.events), o); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (write it with -update)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from %s; if the change is meant, rerun with -update and read the diff\n%s", name, path, firstDiff(want, got.Bytes()))
			}
		})
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got []byte) string {
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b []byte
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if !bytes.Equal(a, b) {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + string(a) + "\n  got  " + string(b)
		}
	}
	return ""
}

// writeReport is the report of fixture tl in format f and language l, in
// Japan's zone.
func writeReport(t *testing.T, tl *timeline, f Format, l workflow.Lang) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Write(&out, f, fold(t, tl.events), workflow.EventList(tl.events), Options{Lang: l, Location: jst}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A list too long to hold is read again when it is written: with room for
// two items only, so that every list of every fixture overflows, each
// report comes out byte for byte as when everything is held.
func TestListsReadAgainGiveTheSameReport(t *testing.T) {
	all := fixtures(t)
	heldItems = 2
	r := build(t, all["escalation"].events)
	heldItems = 1000
	if !r.over[listSteps] || !r.over[listSeverity] || r.count(listSteps) != 11 || len(r.Escalation.Steps) != 0 {
		t.Fatalf("the escalation fixture's lists did not overflow: over %v, %d steps held of %d", r.over, len(r.Escalation.Steps), r.count(listSteps))
	}
	for name := range all {
		for _, f := range Formats {
			for _, l := range workflow.Langs {
				held := writeReport(t, all[name], f, l)
				heldItems = 2
				readAgain := writeReport(t, all[name], f, l)
				heldItems = 1000
				if !bytes.Equal(held, readAgain) {
					t.Errorf("%s %s %s: the lists read again give another report\n%s", name, f, l, firstDiff(held, readAgain))
				}
			}
		}
	}
}

// The event list a report ends with comes from the heads the full pass
// kept; past heldHeads the rest are read again. With room for three heads
// only, every fixture's list is read again after its third event, and each
// report comes out byte for byte as when every head is kept.
func TestHeadsReadAgainGiveTheSameReport(t *testing.T) {
	all := fixtures(t)
	defer func(n int) { heldHeads = n }(heldHeads)
	for name := range all {
		if len(all[name].events) <= 3 {
			t.Fatalf("fixture %s has %d events: too few to overflow three heads", name, len(all[name].events))
		}
		for _, f := range Formats {
			for _, l := range workflow.Langs {
				heldHeads = 20000
				held := writeReport(t, all[name], f, l)
				heldHeads = 3
				readAgain := writeReport(t, all[name], f, l)
				if !bytes.Equal(held, readAgain) {
					t.Errorf("%s %s %s: the heads read again give another report\n%s", name, f, l, firstDiff(held, readAgain))
				}
			}
		}
	}
	heldHeads = 3
	r := build(t, all["escalation"].events)
	if !r.headsOver || len(r.heads) != 3 {
		t.Errorf("the escalation fixture kept %d heads (over: %v), want 3 and the rest read again", len(r.heads), r.headsOver)
	}
}
