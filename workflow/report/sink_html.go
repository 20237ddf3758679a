package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"incidentbot/workflow"
)

// htmlSink writes one self-contained HTML file: the styles inline, no
// script, no font or image from elsewhere (its Content-Security-Policy
// forbids them, so a browser refuses one if it ever crept in), laid out to
// print on A4 with the one-page summary on the first page.
type htmlSink struct {
	out     errWriter
	lang    workflow.Lang
	none    string
	started bool
	section bool // a <section> is open
	header  []string
	codeCol int
	rows    int
}

// charter is a sink that draws the phase chart (HTML).
type charter interface{ chart(svg string) }

// pageBreaker is a sink that starts a new printed page.
type pageBreaker interface{ pageBreak() }

func newHTMLSink(w io.Writer, lang workflow.Lang, none string) *htmlSink {
	return &htmlSink{out: errWriter{w: bufio.NewWriterSize(w, 64<<10)}, lang: lang, none: none}
}

// title opens the document: what the browser needs, the styles, the <h1>.
func (h *htmlSink) title(text string) {
	h.started = true
	h.out.str(`<!DOCTYPE html>
<html lang="` + string(h.lang) + `">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="incidentbot">
<title>` + htmlText(text, false) + `</title>
<style>` + htmlStyle + `</style>
</head>
<body>
<main>
<header>
<h1>` + htmlText(text, false) + `</h1>
`)
}

func (h *htmlSink) heading(level int, text string) {
	if level == 2 {
		h.closeSection()
		h.out.str("<section>\n")
		h.section = true
	}
	tag := "h" + strconv.Itoa(min(max(level, 2), 6))
	h.out.str("<" + tag + ">" + htmlText(text, false) + "</" + tag + ">\n")
}

func (h *htmlSink) closeSection() {
	if h.section {
		h.out.str("</section>\n")
		h.section = false
	} else if h.started {
		h.out.str("</header>\n")
		h.started = false
	}
}

func (h *htmlSink) para(text string) { h.out.str("<p>" + htmlText(text, true) + "</p>\n") }
func (h *htmlSink) quote(text string) {
	h.out.str(`<p class="remark">` + htmlText(text, true) + "</p>\n")
}
func (h *htmlSink) alert(text string) {
	h.out.str(`<p class="alert"><strong>` + htmlText(text, true) + "</strong></p>\n")
}

func (h *htmlSink) code(label, value string) {
	h.out.str("<p>" + htmlText(label, false) + ` <code class="hash">` + htmlText(value, false) + "</code></p>\n")
}

func (h *htmlSink) side(begin bool) {
	if begin {
		h.out.str(`<div class="side">` + "\n")
	} else {
		h.out.str("</div>\n")
	}
}

func (h *htmlSink) list(items []string) {
	if len(items) == 0 {
		h.para(h.none)
		return
	}
	h.out.str("<ul>\n")
	for _, it := range items {
		h.out.str("<li>" + htmlText(it, true) + "</li>\n")
	}
	h.out.str("</ul>\n")
}

func (h *htmlSink) table(header []string, rows [][]string) {
	h.beginTable(header, -1)
	for _, r := range rows {
		h.row(r)
	}
	h.endTable()
}

// beginTable keeps the header until the first row: a table without rows is
// "None." alone.
func (h *htmlSink) beginTable(header []string, codeCol int) {
	h.header, h.codeCol, h.rows = header, codeCol, 0
}

func (h *htmlSink) row(cells []string) {
	if h.rows == 0 {
		h.out.str("<table>\n<thead><tr>")
		for _, c := range h.header {
			if short(c) {
				h.out.str(`<th class="n">` + htmlText(c, false) + "</th>")
			} else {
				h.out.str("<th>" + htmlText(c, false) + "</th>")
			}
		}
		h.out.str("</tr></thead>\n<tbody>\n")
	}
	h.rows++
	h.out.str("<tr>")
	for i, c := range cells { // a piece at a time: a row per event comes here
		switch {
		case i == h.codeCol:
			h.out.str(`<td class="n"><code>`)
			h.out.str(htmlText(c, false))
			h.out.str("</code></td>")
		case short(c):
			h.out.str(`<td class="n">`)
			h.out.str(htmlText(c, true))
			h.out.str("</td>")
		default:
			h.out.str("<td>")
			h.out.str(htmlText(c, true))
			h.out.str("</td>")
		}
	}
	h.out.str("</tr>\n")
}

// short reports a cell that reads badly broken over lines: a time, a
// number, a duration (short, with a digit), or one short word (a name).
func short(c string) bool {
	if len(c) > 32 || utf8.RuneCountInString(c) > 24 {
		return false
	}
	return strings.ContainsAny(c, "0123456789") || utf8.RuneCountInString(c) <= 16 && !strings.ContainsAny(c, " \n")
}

func (h *htmlSink) endTable() {
	if h.rows == 0 {
		h.para(h.none)
		return
	}
	h.out.str("</tbody>\n</table>\n")
}

// chart writes the SVG the report drew (chart.go), which escaped its texts.
func (h *htmlSink) chart(svg string) {
	h.out.str(`<figure class="chart">` + "\n" + svg + "</figure>\n")
}

// pageBreak ends the printed page: the summary and the chart fill the first.
func (h *htmlSink) pageBreak() { h.out.str(`<div class="page-break"></div>` + "\n") }

// endPart closes the open section: the next part's first heading would
// have, and a sink of its own starts with none open.
func (h *htmlSink) endPart() error {
	h.closeSection()
	return h.out.flush()
}

func (h *htmlSink) divert(w io.Writer) error { return h.out.divert(w) }

func (h *htmlSink) flush() error {
	h.closeSection()
	h.out.str("</main>\n</body>\n</html>\n")
	return h.out.flush()
}

// htmlStyle lays the report out on screen and on A4 paper. The fonts are the
// reader's own: CJK faces are named so Japanese shows without downloading
// anything.
const htmlStyle = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f2; color: #1b1b1b;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif;
  font-size: 14px; line-height: 1.5; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 32px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #8b1e1e; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 14px 0 6px; }
p { margin: 6px 0; }
p.remark { padding: 6px 10px; background: #fff6d6; border-left: 4px solid #c99a00; }
p.alert { padding: 6px 10px; background: #fde2e2; border-left: 4px solid #b00020; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid #c9c9c9; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #efefef; font-weight: 600; }
td.n, th.n { white-space: nowrap; overflow-wrap: normal; }
table:has(th:nth-child(8)) :is(td.n, th.n) { white-space: normal; } /* wide tables: everything may wrap */
th:first-child, td:first-child { width: 1%; white-space: nowrap; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 0 14px; align-items: start; }
.side table { margin-top: 0; }
tbody tr:nth-child(even) td { background: #fafafa; }
ul { margin: 6px 0; padding-left: 22px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK JP", monospace; font-size: 12px; }
code.hash { overflow-wrap: anywhere; word-break: break-all; }
figure.chart { margin: 12px 0; }
figure.chart svg { width: 100%; height: auto; display: block; }
.page-break { height: 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 8.5pt; line-height: 1.35; }
  th, td { padding: 1px 4px; }
  h2 { margin: 14px 0 6px; }
  h3 { margin: 10px 0 4px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  tr, li, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .page-break { break-after: page; }
}
`
