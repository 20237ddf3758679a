package report

import (
	"fmt"
	"io"
	"strings"

	"incidentbot/workflow"
)

// Format is a report's file format.
type Format string

const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatJSON     Format = "json"
)

// Formats lists the formats, in the order help names them.
var Formats = []Format{FormatMarkdown, FormatHTML, FormatJSON}

// ParseFormat reads md (or markdown), html or json, in any ASCII case.
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown":
		return FormatMarkdown, true
	case "html", "htm":
		return FormatHTML, true
	case "json":
		return FormatJSON, true
	}
	return "", false
}

// Ext is the file name extension of the format.
func (f Format) Ext() string { return "." + string(f) }

// Write writes the report of inc in format f to w, reading the timeline from
// src page by page as it goes; nothing holds the whole timeline. Markdown
// and HTML read it twice: the kinds the one-page summary needs, then every
// event for the readable timeline (folding the sections as it goes). JSON
// reads it once, for the sections. The event list both end with comes
// from the heads the full pass kept, up to heldHeads of them; past that,
// the rest of the heads are read again. A list section too long to hold is
// read again too (lists.go).
func Write(w io.Writer, f Format, inc *workflow.Incident, src workflow.EventSource, o Options) error {
	o = o.withDefaults()
	switch f {
	case FormatJSON:
		r, err := Build(inc, src, o)
		if err != nil {
			return err
		}
		return r.writeJSON(w, src)
	case FormatMarkdown:
		return writeDoc(newDoc(newMDSink(w, render(o.Lang, "md.none", nil)), o), inc, src, o)
	case FormatHTML:
		return writeDoc(newDoc(newHTMLSink(w, o.Lang, render(o.Lang, "md.none", nil)), o), inc, src, o)
	}
	return fmt.Errorf("report: unknown format %q", f)
}

// writeDoc writes a report for people: head, summary (and the chart), the
// readable timeline, the sections, the appendix and the chain.
func writeDoc(w *doc, inc *workflow.Incident, src workflow.EventSource, o Options) error {
	sum, err := buildSummary(inc, src, o)
	if err != nil {
		return err
	}
	sum.head(w, o.Draft)
	if err := sum.onePage(w, src); err != nil {
		return err
	}
	if c, ok := w.sink.(charter); ok {
		w.heading(3, w.t("sec.chart", nil))
		svg, err := sum.chart(w, src)
		if err != nil {
			return err
		}
		c.chart(svg)
	}
	if p, ok := w.sink.(pageBreaker); ok {
		p.pageBreak()
	}

	b, err := newBuilder(inc, src, o, true)
	if err != nil {
		return err
	}
	tl := &readableTimeline{w: w, r: b.r}
	tl.begin()
	err = scanDecoded(src, 0, nil, func(x payloadEvent) error {
		d, err := b.add(x)
		if err == nil {
			tl.line(x.e, d)
		}
		return err
	})
	if err != nil {
		return err
	}
	tl.end()
	r, err := b.finish()
	if err != nil {
		return err
	}
	if err := r.details(w, src); err != nil {
		return err
	}
	if err := r.appendix(w, src); err != nil {
		return err
	}
	r.mdChain(w)
	return w.flush()
}
