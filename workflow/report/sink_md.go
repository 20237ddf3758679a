package report

import (
	"bufio"
	"io"
	"strings"
)

// mdSink writes GitHub-flavoured Markdown.
type mdSink struct {
	out     errWriter
	none    string // "None." in the report's language
	header  []string
	codeCol int
	rows    int
}

func newMDSink(w io.Writer, none string) *mdSink {
	return &mdSink{out: errWriter{w: bufio.NewWriterSize(w, 64<<10)}, none: none}
}

func (m *mdSink) title(text string) { m.heading(1, text) }

func (m *mdSink) heading(level int, text string) {
	m.out.str(strings.Repeat("#", level) + " " + inline(text) + "\n\n")
}

func (m *mdSink) para(text string)  { m.out.str(inline(text) + "\n\n") }
func (m *mdSink) quote(text string) { m.out.str("> " + inline(text) + "\n\n") }
func (m *mdSink) alert(text string) { m.out.str("**" + inline(text) + "**\n\n") }

func (m *mdSink) code(label, value string) {
	m.out.str(inline(label) + " `" + strings.ReplaceAll(clean(value), "`", "") + "`\n\n")
}

func (m *mdSink) side(bool) {}

func (m *mdSink) list(items []string) {
	if len(items) == 0 {
		m.para(m.none)
		return
	}
	for _, it := range items {
		m.out.str("- " + inline(it) + "\n")
	}
	m.out.str("\n")
}

func (m *mdSink) table(header []string, rows [][]string) {
	m.beginTable(header, -1)
	for _, r := range rows {
		m.row(r)
	}
	m.endTable()
}

// beginTable keeps the header until the first row: a table without rows is
// "None." alone.
func (m *mdSink) beginTable(header []string, codeCol int) {
	m.header, m.codeCol, m.rows = header, codeCol, 0
}

func (m *mdSink) row(cells []string) {
	if m.rows == 0 {
		m.line(m.header, -1)
		m.out.str("|" + strings.Repeat("---|", len(m.header)) + "\n")
	}
	m.rows++
	m.line(cells, m.codeCol)
}

func (m *mdSink) line(cells []string, codeCol int) {
	m.out.str("|")
	for i, c := range cells {
		m.out.str(" ")
		if i == codeCol && c != "" {
			m.out.str("`")
			m.out.str(strings.ReplaceAll(clean(c), "`", ""))
			m.out.str("`")
		} else {
			m.out.str(cell(c))
		}
		m.out.str(" |")
	}
	m.out.str("\n")
}

func (m *mdSink) endTable() {
	if m.rows == 0 {
		m.para(m.none)
		return
	}
	m.out.str("\n")
}

func (m *mdSink) endPart() error           { return m.out.flush() }
func (m *mdSink) divert(w io.Writer) error { return m.out.divert(w) }
func (m *mdSink) flush() error             { return m.out.flush() }
