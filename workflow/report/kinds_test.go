package report

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// Every kind in the registry (workflow/kinds.go), the one list of kinds, has
// what a kind needs: a decoder that gives back its payload, a name in both
// languages, its row in docs/export.md saying what the registry says, and its
// place in the report: a fold that knows its payload, or
// workflow.ReportEventList to leave it out of every section on purpose. A
// kind named in the docs or the messages but not registered fails too.
func TestEventKinds(t *testing.T) {
	docs := kindRows(t)
	names := workflow.Messages()
	for _, info := range workflow.EventKinds() {
		k := info.Kind
		zero := info.Zero()
		if zero == nil || zero.Kind() != k {
			t.Errorf("%s: its payload is %T, of kind %v", k, zero, zero)
			continue
		}
		body, err := json.Marshal(zero)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := (workflow.Event{Seq: 1, Kind: k, Body: body}).Payload(); err != nil || !reflect.DeepEqual(p, zero) {
			t.Errorf("%s: decoding %s gives %#v, %v; want %#v", k, body, p, err, zero)
		}

		if n := names[workflow.MsgKey("event."+string(k))]; n.En == "" || n.Ja == "" {
			t.Errorf("%s: no name event.%s in both languages in the workflow catalog", k, k)
		}

		row, ok := docs[k]
		switch {
		case !ok:
			t.Errorf("%s: docs/export.md has no row for it under \"Event kinds\"", k)
		case row.redactable != info.Redactable:
			t.Errorf("%s: docs/export.md says redactable %v, the registry %v", k, row.redactable, info.Redactable)
		case row.report != string(info.Report):
			t.Errorf("%s: docs/export.md puts it in report section %q, the registry in %q", k, row.report, info.Report)
		case row.scorecard != string(info.Scorecard):
			t.Errorf("%s: docs/export.md says the scorecard reads it as %q, the registry %q", k, row.scorecard, info.Scorecard)
		}

		// Its line in the readable timeline, in both languages: words,
		// every placeholder filled, no message key.
		for _, l := range workflow.Langs {
			line := workflow.Render(l, info.Say(zero, workflow.SayContext{Scale: workflow.DefaultScale(), Decision: 1}))
			if line == "" || strings.Contains(line, "{") || regexp.MustCompile(`\b(say|event)\.[a-z_.]+`).MatchString(line) {
				t.Errorf("%s: its timeline line (%s) reads %q", k, l, line)
			}
		}

		fold, ok := folds[info.Report]
		switch {
		case info.Report == workflow.ReportEventList: // left out on purpose
		case !ok:
			t.Errorf("%s: the report has no section %q; give it one, or workflow.ReportEventList", k, info.Report)
		case !fold(&Report{}, entry{seq: 1, p: zero}):
			t.Errorf("%s: the report's %s section does not know %T", k, info.Report, zero)
		case info.Redactable && !fold(&Report{}, entry{seq: 1, p: zero, redacted: true}):
			t.Errorf("%s: the report's %s section does not know it redacted", k, info.Report)
		}
	}
	for k := range docs {
		if _, ok := k.Info(); !ok {
			t.Errorf("docs/export.md lists the kind %s, which is not registered", k)
		}
	}
	for key := range names {
		if k, ok := strings.CutPrefix(string(key), "event."); ok {
			if _, ok := workflow.EventKind(k).Info(); !ok {
				t.Errorf("message %s names the kind %s, which is not registered", key, k)
			}
		}
	}
}

// kindRow is a row of the "Event kinds" table of docs/export.md.
type kindRow struct {
	redactable        bool
	report, scorecard string // the first `word` of each cell; empty for —
}

// kindRows reads the "Event kinds" table of docs/export.md.
func kindRows(t *testing.T) map[workflow.EventKind]kindRow {
	t.Helper()
	doc, err := os.ReadFile("../../docs/export.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "\n### Event kinds\n")
	if !ok {
		t.Fatal(`docs/export.md has no "### Event kinds" section`)
	}
	rows := map[workflow.EventKind]kindRow{}
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, "#") {
			break
		}
		cells := strings.Split(line, "|")
		name := ""
		if len(cells) == 7 {
			name = strings.TrimSpace(cells[1])
		}
		if name == "" || name == "kind" || strings.HasPrefix(name, "-") {
			continue
		}
		k := workflow.EventKind(name)
		if _, dup := rows[k]; dup {
			t.Errorf("docs/export.md lists the kind %s twice", k)
		}
		rows[k] = kindRow{redactable: strings.TrimSpace(cells[3]) == "yes", report: firstCode(cells[4]),
			scorecard: firstCode(cells[5])}
	}
	if len(rows) == 0 {
		t.Fatal(`docs/export.md: no rows under "Event kinds"`)
	}
	return rows
}

// firstCode is the first `word` in a table cell; empty if there is none.
func firstCode(cell string) string {
	_, rest, ok := strings.Cut(cell, "`")
	if !ok {
		return ""
	}
	code, _, _ := strings.Cut(rest, "`")
	return code
}
