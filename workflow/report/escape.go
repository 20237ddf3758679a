package report

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"incidentbot/workflow"
)

// Everything a person typed reaches a report through these functions, so
// nothing from an incident can break a table, start a code span, link
// somewhere or inject markup: titles, decisions, notes, names, reasons.

// clean makes text printable (workflow.Printable: control characters a
// terminal would act on, the invisible characters that reorder text and
// bytes that are not UTF-8 become U+FFFD, so what is shown is what was
// stored, visibly). Tabs and line breaks stay, a carriage return as a line
// break; each format decides what a line break becomes.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = crlf.Replace(s)
	}
	return workflow.Printable(s)
}

var crlf = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// needsClean is a quick look for what clean changes: false for text that is
// printable ASCII, tabs and line breaks; true when anything else might need
// a closer look.
func needsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f {
			return true
		}
	}
	return false
}

var (
	// mdCellEscaper: in a Markdown table cell a | ends the cell and a line
	// break the row; < and & could start HTML; the rest would start
	// emphasis, a code span or a link.
	mdCellEscaper = strings.NewReplacer(
		"\r\n", "<br>", "\n", "<br>", "\r", "<br>",
		`\`, `\\`, "|", `\|`, "<", "&lt;", "&", "&amp;",
		"`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "~", `\~`,
	)
	// mdInlineEscaper: a heading, a list item or a paragraph is one line; a
	// | there cannot make a table, so it stays as typed.
	mdInlineEscaper = strings.NewReplacer(
		"\r\n", " ", "\n", " ", "\r", " ",
		`\`, `\\`, "<", "&lt;", "&", "&amp;",
		"`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "~", `\~`,
	)
)

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = clean(strings.TrimSpace(s))
	if !hasAny(s, &mdSpecial) {
		return s // most cells: nothing to escape, nothing to copy
	}
	return mdCellEscaper.Replace(s)
}

// inline escapes text for one line of Markdown.
func inline(s string) string {
	s = clean(s)
	if !hasAny(s, &mdSpecial) {
		return s
	}
	return mdInlineEscaper.Replace(s)
}

// htmlText escapes text for HTML; with breaks, line breaks become <br>.
func htmlText(s string, breaks bool) string {
	s = clean(s)
	if !hasAny(s, &htmlSpecial) {
		return s
	}
	s = html.EscapeString(s)
	if breaks {
		s = strings.ReplaceAll(s, "\n", "<br>") // clean made every line break a \n
	}
	return s
}

// The bytes the escapers replace.
var (
	mdSpecial   = byteSet("\r\n\\|<&`*_[]~")
	htmlSpecial = byteSet("\r\n<>&'\"")
)

type bytes256 [256]bool

func byteSet(chars string) bytes256 {
	var set bytes256
	for i := 0; i < len(chars); i++ {
		set[chars[i]] = true
	}
	return set
}

func hasAny(s string, set *bytes256) bool {
	for i := 0; i < len(s); i++ {
		if set[s[i]] {
			return true
		}
	}
	return false
}

// clip shortens s to at most n characters, ending it with … when cut: a
// line of the readable timeline stays a line; the sections below it hold
// every text in full.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
}
