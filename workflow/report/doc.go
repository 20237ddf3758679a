package report

import (
	"bufio"
	"io"
	"strings"
	"time"

	"incidentbot/workflow"
)

// A report is written as a doc: the sections (markdown.go, and each area's
// file) say what to show in words, tables and lists, and a sink writes it in
// its format (sink_md.go, sink_html.go), escaping every text it is given.
// So the Markdown and the HTML report show the same things, and no section
// escapes anything itself.

// sink writes the parts of a report in one format. Texts arrive as plain
// text, unescaped; the sink escapes them.
type sink interface {
	// title is the report's first line.
	title(text string)
	heading(level int, text string)
	para(text string)
	// quote is a remark set apart (a drill, a private incident, a draft).
	quote(text string)
	// alert is a paragraph nobody may miss (a broken chain).
	alert(text string)
	// code is a paragraph ending in a value to copy as it is (a hash).
	code(label, value string)
	// side begins (true) and ends (false) parts shown side by side where
	// there is room (HTML); elsewhere they follow one another.
	side(begin bool)
	// list writes a bulleted list, or "None." when it is empty.
	list(items []string)
	// table writes a table, or "None." when it has no rows.
	table(header []string, rows [][]string)
	// beginTable, row and endTable write a table a row at a time, for the
	// parts with a row per event; codeCol is a column of values to copy
	// (-1: none). endTable writes "None." when no row came.
	beginTable(header []string, codeCol int)
	row(cells []string)
	endTable()
	// endPart ends the part of the document this sink wrote, closing what it
	// holds open, and writes out what it buffered; the document goes on in
	// another sink (writeDoc writes the summary after the timeline that
	// follows it).
	endPart() error
	// divert writes out what is buffered, then sends what comes next to w.
	divert(w io.Writer) error
	// flush writes out what is buffered and reports the first error.
	flush() error
}

// doc is a report being written: its language, zone and scale, and the sink
// of its format.
type doc struct {
	sink
	l     workflow.Lang
	loc   *time.Location
	scale workflow.Scale
}

func newDoc(s sink, o Options) *doc {
	o = o.withDefaults()
	return &doc{sink: s, l: o.Lang, loc: o.Location, scale: o.Scale}
}

func (w *doc) t(key workflow.MsgKey, args workflow.Args) string { return render(w.l, key, args) }

func (w *doc) cols(keys ...workflow.MsgKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = w.t(k, nil)
	}
	return out
}

func (w *doc) when(t time.Time) string { return workflow.When{T: t, Loc: w.loc}.Localize(w.l) }

func (w *doc) whenPtr(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return w.when(*t)
}

func (w *doc) span(sec int64) string {
	return workflow.Span(time.Duration(sec) * time.Second).Localize(w.l)
}

func (w *doc) severity(k workflow.SeverityKey) string { return w.scale.Level(k).Localize(w.l) }

func (w *doc) yesNo(b bool) string {
	if b {
		return w.t("md.yes", nil)
	}
	return w.t("md.no", nil)
}

// orDash shows an empty field as "—".
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// errWriter remembers the first write error, so a sink can write on and
// report it once at the end.
type errWriter struct {
	w   *bufio.Writer
	err error
}

// bytes writes b as it is: no string made of it first.
func (e *errWriter) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *errWriter) str(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *errWriter) flush() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}

func (e *errWriter) divert(w io.Writer) error {
	if e.flush() == nil {
		e.w.Reset(w)
	}
	return e.err
}
