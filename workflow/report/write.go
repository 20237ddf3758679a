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
// src page by page as it goes; nothing holds the whole timeline in memory
// (Markdown and HTML hold its readable lines aside until the summary is
// written, past spillMemory in a temporary file). Each format reads it once,
// for the sections (and, in Markdown and HTML, the readable timeline). The
// event list they end with comes from the heads that pass kept, up to
// heldHeads of them; past that, the rest of the heads are read again. A
// list section too long to hold is read again too (lists.go).
func Write(w io.Writer, f Format, inc *workflow.Incident, src workflow.EventSource, o Options) error {
	o = o.withDefaults()
	none := render(o.Lang, "md.none", nil)
	switch f {
	case FormatJSON:
		r, err := Build(inc, src, o)
		if err != nil {
			return err
		}
		return r.writeJSON(w, src)
	case FormatMarkdown:
		return writeDoc(w, func(w io.Writer) sink { return newMDSink(w, none) }, inc, src, o)
	case FormatHTML:
		return writeDoc(w, func(w io.Writer) sink { return newHTMLSink(w, o.Lang, none) }, inc, src, o)
	}
	return fmt.Errorf("report: unknown format %q", f)
}

// writeDoc writes a report for people: head, summary (and the chart), the
// readable timeline, the sections, the appendix and the chain. The summary
// comes first but shows what the whole timeline holds, so one pass folds
// the timeline and writes its lines into a spill, in a sink of their own;
// then the head and the summary are written to out, the timeline copied
// after them, and the sections follow. (Reading the summary's kinds in a
// pass of their own first cost more than holding the lines: the store
// still steps over every event to find them.)
func writeDoc(out io.Writer, newSink func(io.Writer) sink, inc *workflow.Incident, src workflow.EventSource, o Options) error {
	b, err := newBuilder(inc, src, o)
	if err != nil {
		return err
	}
	sp := newSpill()
	defer sp.close()
	body := newDoc(newSink(sp), o)
	tl := &readableTimeline{w: body, r: b.r}
	tl.begin()
	decisions := 0 // the decoder's own count, as add counts them
	say := func(x *payloadEvent) { x.said = tl.sentence(x.e, x.decoded(&decisions)) }
	err = scanDecoded(src, 0, say, func(x payloadEvent) error {
		if err := b.add(x); err != nil {
			return err
		}
		tl.line(x.e, x.said)
		return nil
	})
	if err != nil {
		return err
	}
	tl.end()
	r, err := b.finish()
	if err != nil {
		return err
	}

	top := newDoc(newSink(out), o)
	r.head(top, o.Draft)
	if err := r.onePage(top, src); err != nil {
		return err
	}
	if c, ok := top.sink.(charter); ok {
		top.heading(3, top.t("sec.chart", nil))
		svg, err := r.chart(top, src)
		if err != nil {
			return err
		}
		c.chart(svg)
	}
	if p, ok := top.sink.(pageBreaker); ok {
		p.pageBreak()
	}
	if err := top.endPart(); err != nil {
		return err
	}
	if err := body.divert(out); err != nil {
		return err
	}
	if _, err := sp.WriteTo(out); err != nil {
		return err
	}

	if err := r.details(body, src); err != nil {
		return err
	}
	if err := r.appendix(body, src); err != nil {
		return err
	}
	r.mdChain(body)
	return body.flush()
}
