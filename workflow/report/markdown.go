package report

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Markdown renders the report as a readable post-incident report in language
// lang, with times in r.Location (UTC if nil). Control and bidirectional
// formatting characters are replaced (workflow.Printable).
func (r *Report) Markdown(lang workflow.Lang) []byte {
	w := &mdWriter{l: lang, loc: r.Location, scale: r.Scale}
	if w.loc == nil {
		w.loc = time.UTC
	}
	if len(w.scale.Levels) == 0 {
		w.scale = workflow.DefaultScale()
	}
	s := r.Summary

	w.heading(1, w.t("md.title", workflow.Args{"ref": s.Ref, "title": s.Title}))
	if s.Drill {
		w.para("> " + w.t("md.drill", nil))
	}
	if s.Private {
		w.para("> " + w.t("md.private", nil))
	}
	w.para(w.t("md.as_of", workflow.Args{"at": w.when(r.AsOf), "zone": w.loc.String()}))

	r.mdSummary(w)
	r.mdDrill(w)
	r.mdSeverity(w)
	r.mdRoles(w)
	r.mdEscalation(w)
	r.mdPhases(w)
	r.mdChecklist(w)
	r.mdDecisions(w)
	r.mdStatus(w)
	r.mdNotes(w)
	r.mdPostmortem(w)
	r.mdFindings(w)
	r.mdRedactions(w)
	r.mdEvents(w)
	r.mdChain(w)
	// Read on terminals and in editors: no control or bidi character from
	// what people typed goes out as such.
	return workflow.PrintableBytes(w.b.Bytes())
}

func (r *Report) mdSummary(w *mdWriter) {
	s := r.Summary
	w.heading(2, w.t("sec.summary", nil))
	ttr := w.t("sum.not_yet", nil)
	if s.TimeToRecover != nil {
		ttr = w.span(*s.TimeToRecover)
	}
	rows := [][]string{
		{w.t("sum.ref", nil), s.Ref},
		{w.t("sum.id", nil), s.ID.String()},
		{w.t("sum.title", nil), s.Title},
		{w.t("sum.severity", nil), w.severity(s.Severity)},
		{w.t("sum.phase", nil), s.Phase.Localize(w.l)},
		{w.t("sum.private", nil), w.yesNo(s.Private)},
		{w.t("sum.drill", nil), w.yesNo(s.Drill)},
		{w.t("sum.opener", nil), s.Opener.display()},
		{w.t("sum.started", nil), w.when(s.StartedAt)},
		{w.t("sum.detected", nil), w.when(s.DetectedAt)},
		{w.t("sum.opened", nil), w.when(s.OpenedAt)},
		{w.t("sum.resolved", nil), w.whenPtr(s.ResolvedAt)},
		{w.t("sum.closed", nil), w.whenPtr(s.ClosedAt)},
	}
	if s.FalseAlarm != "" {
		rows = append(rows, []string{w.t("sum.false_alarm", nil), s.FalseAlarm})
	}
	rows = append(rows,
		[]string{w.t("sum.ttd", nil), w.span(s.TimeToDetect)},
		[]string{w.t("sum.ttr", nil), ttr},
		[]string{w.t("sum.counts", nil), w.t("sum.counts_val", workflow.Args{"events": s.EventCount, "decisions": s.DecisionCount})},
	)
	w.table([]string{w.t("sum.item", nil), w.t("sum.value", nil)}, rows)
}

func (r *Report) mdSeverity(w *mdWriter) {
	w.heading(2, w.t("sec.severity", nil))
	var rows [][]string
	for _, c := range r.SeverityHistory {
		from, reason := "—", orDash(c.Reason)
		if c.From == "" {
			reason = w.t("sev.opened", nil)
		} else {
			from = w.severity(c.From)
		}
		rows = append(rows, []string{w.when(c.At), from, w.severity(c.To), reason, c.By.display()})
	}
	w.table(w.cols("col.time", "col.from", "col.to", "col.reason", "col.by"), rows)
}

func (r *Report) mdRoles(w *mdWriter) {
	w.heading(2, w.t("sec.roles", nil))
	w.heading(3, w.t("sec.roles_now", nil))
	var rows [][]string
	for _, h := range r.Roles.Current {
		rows = append(rows, []string{h.Role.Localize(w.l), h.Holder.display()})
	}
	w.table(w.cols("col.role", "col.holder"), rows)
	w.heading(3, w.t("sec.handovers", nil))
	rows = nil
	for _, h := range r.Roles.Handovers {
		rows = append(rows, []string{w.when(h.At), h.Role.Localize(w.l), h.From.display(), h.To.display(), h.By.display()})
	}
	w.table(w.cols("col.time", "col.role", "col.from", "col.to", "col.by"), rows)
}

func (r *Report) mdPhases(w *mdWriter) {
	w.heading(2, w.t("sec.phases", nil))
	var rows [][]string
	for _, st := range r.Phases.Stints {
		left, spent := w.t("phase.ongoing", nil), ""
		switch {
		case st.LeftAt != nil:
			left = w.when(*st.LeftAt)
		case st.Phase == workflow.PhaseClosed:
			left = "—"
		}
		switch {
		case st.Duration == nil:
			spent = "—"
		case st.Current:
			spent = w.t("phase.so_far", workflow.Args{"span": w.span(*st.Duration)})
		default:
			spent = w.span(*st.Duration)
		}
		how := st.Move // a move this version does not know shows as its key
		if key := workflow.MsgKey("move." + st.Move); catalog[key].En != "" {
			how = w.t(key, workflow.Args{"reason": orDash(st.Reason)})
		}
		rows = append(rows, []string{st.Phase.Localize(w.l), how, w.when(st.EnteredAt), left, spent})
	}
	w.table(w.cols("col.phase", "col.how", "col.entered", "col.left", "col.spent"), rows)
	w.heading(3, w.t("sec.phase_totals", nil))
	rows = nil
	for _, t := range r.Phases.Totals {
		rows = append(rows, []string{t.Phase.Localize(w.l), w.span(t.Duration)})
	}
	w.table(w.cols("col.phase", "col.total"), rows)
}

func (r *Report) mdDecisions(w *mdWriter) {
	w.heading(2, w.t("sec.decisions", nil))
	type row struct {
		seq   int
		cells []string
	}
	var rows []row
	red := w.t("md.redacted", nil)
	stops := r.anyStop() // a column for stops only when a decision stops something
	for _, d := range r.Decisions {
		num := w.t("decision.number", workflow.Args{"n": d.Number})
		if d.Redacted {
			rows = append(rows, row{d.Seq, []string{num, w.when(d.At), red, red, red, red, d.Author.display()}})
		} else {
			rows = append(rows, row{d.Seq, append([]string{num, w.when(d.At)}, textCells(d.DecisionText)...)})
			rows[len(rows)-1].cells = append(rows[len(rows)-1].cells, d.Author.display())
		}
		if stops {
			rows[len(rows)-1].cells = append(rows[len(rows)-1].cells, w.stopCell(d))
		}
	}
	for _, c := range r.Corrections {
		if c.Redacted {
			rows = append(rows, row{c.Seq, []string{w.t("decision.unknown", nil), w.when(c.At), red, red, red, red, c.Author.display()}})
		} else {
			cells := append([]string{w.t("decision.corrects", workflow.Args{"n": c.Corrects}), w.when(c.At)}, textCells(c.Result)...)
			rows = append(rows, row{c.Seq, append(cells, c.Author.display())})
		}
		if stops { // a correction cannot change a stop
			rows[len(rows)-1].cells = append(rows[len(rows)-1].cells, "—")
		}
	}
	// One table in timeline order: a correction follows what it corrects.
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.seq, b.seq) })
	cells := make([][]string, len(rows))
	for i, x := range rows {
		cells[i] = x.cells
	}
	header := w.cols("col.number", "col.time", "col.decision", "col.why", "col.action", "col.next", "col.author")
	if stops {
		header = append(header, w.t("col.stop", nil))
	}
	w.table(header, cells)
	if len(r.Corrections) > 0 {
		w.para(w.t("decision.note", nil))
	}
}

func textCells(t DecisionText) []string {
	return []string{t.Decision, t.Why, orDash(t.Action), orDash(t.Next)}
}

func (r *Report) mdStatus(w *mdWriter) {
	w.heading(2, w.t("sec.status", nil))
	var rows [][]string
	red := w.t("md.redacted", nil)
	for _, s := range r.StatusUpdates {
		if s.Redacted {
			rows = append(rows, []string{w.when(s.At), red, red, red, s.Author.display()})
			continue
		}
		rows = append(rows, []string{w.when(s.At), orDash(s.Confirmed), orDash(s.Unconfirmed), orDash(s.Next), s.Author.display()})
	}
	w.table(w.cols("col.time", "col.confirmed", "col.unconfirmed", "col.check_next", "col.author"), rows)
}

func (r *Report) mdNotes(w *mdWriter) {
	w.heading(2, w.t("sec.notes", nil))
	var rows [][]string
	for _, n := range r.Notes {
		text := n.Text
		if n.Redacted {
			text = w.t("md.redacted", nil)
		}
		if n.Pinned {
			text = w.t("md.pinned", nil) + " " + text
			if n.Permalink != "" {
				text += " (" + n.Permalink + ")"
			}
		}
		if n.Retracted {
			text += " " + w.t("md.retracted", nil)
		}
		rows = append(rows, []string{w.when(n.At), text, n.Author.display()})
	}
	w.table(w.cols("col.time", "col.note", "col.author"), rows)
}

func (r *Report) mdPostmortem(w *mdWriter) {
	w.heading(2, w.t("sec.postmortem", nil))
	p := r.Postmortem
	w.table(w.cols("col.field", "col.content"), [][]string{
		{w.t("pm.cause", nil), orDash(p.Cause)},
		{w.t("pm.impact", nil), orDash(p.Impact)},
		{w.t("pm.prevention", nil), orDash(p.Prevention)},
		{w.t("pm.open", nil), orDash(p.Open)},
	})
}

func (r *Report) mdRedactions(w *mdWriter) {
	w.heading(2, w.t("sec.redactions", nil))
	var rows [][]string
	for _, x := range r.Redactions {
		kind := "—"
		if x.RedactedKind != "" {
			kind = x.RedactedKind.Localize(w.l)
		}
		rows = append(rows, []string{strconv.Itoa(x.RedactedSeq), kind, orDash(x.Reason), x.By.display(), w.when(x.At)})
	}
	w.table(w.cols("col.event", "col.kind", "col.reason", "col.by", "col.time"), rows)
}

func (r *Report) mdEvents(w *mdWriter) {
	w.heading(2, w.t("sec.events", nil))
	var rows [][]string
	for _, e := range r.Events {
		kind := e.Kind.Localize(w.l)
		switch {
		case e.Redacted:
			kind = w.t("event.redacted", workflow.Args{"kind": kind})
		case e.Unreadable:
			kind = w.t("event.unreadable", workflow.Args{"kind": kind})
		}
		actor := workflow.Person{ID: e.Actor.User, Name: e.Actor.Name}.Display()
		rows = append(rows, []string{strconv.Itoa(e.Seq), w.when(e.OccurredAt), kind, actor, "`" + e.Hash.Short() + "`"})
	}
	w.table(w.cols("col.event", "col.time", "col.kind", "col.actor", "col.hash"), rows)
}

func (r *Report) mdChain(w *mdWriter) {
	w.heading(2, w.t("sec.chain", nil))
	c := r.Chain
	if c.OK {
		w.para(w.t("chain.ok", workflow.Args{"events": len(r.Events)}))
	} else {
		seq := "?"
		if c.BrokenAt != nil {
			seq = strconv.Itoa(*c.BrokenAt)
		}
		w.para("**" + w.t("chain.broken", workflow.Args{"seq": seq, "reason": c.Reason}) + "**")
	}
	w.para(w.t("chain.head", workflow.Args{"head": "`" + c.Head.String() + "`"}))
}

// mdWriter builds the Markdown text.
type mdWriter struct {
	b     bytes.Buffer
	l     workflow.Lang
	loc   *time.Location
	scale workflow.Scale
}

func (w *mdWriter) t(key workflow.MsgKey, args workflow.Args) string { return render(w.l, key, args) }

func (w *mdWriter) cols(keys ...workflow.MsgKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = w.t(k, nil)
	}
	return out
}

func (w *mdWriter) heading(level int, text string) {
	w.b.WriteString(strings.Repeat("#", level) + " " + inline(text) + "\n\n")
}

// para writes a paragraph of text the report itself composed; user text in it
// has been through inline already or is a fixed message.
func (w *mdWriter) para(text string) { w.b.WriteString(text + "\n\n") }

// table writes a Markdown table, or "None." when there are no rows. Every
// cell is escaped, so user text cannot break the table.
func (w *mdWriter) table(header []string, rows [][]string) {
	if len(rows) == 0 {
		w.para(w.t("md.none", nil))
		return
	}
	line := func(cells []string) {
		w.b.WriteString("|")
		for _, c := range cells {
			w.b.WriteString(" " + cell(c) + " |")
		}
		w.b.WriteString("\n")
	}
	line(header)
	w.b.WriteString("|" + strings.Repeat("---|", len(header)) + "\n")
	for _, r := range rows {
		line(r)
	}
	w.b.WriteString("\n")
}

func (w *mdWriter) when(t time.Time) string { return workflow.When{T: t, Loc: w.loc}.Localize(w.l) }

func (w *mdWriter) whenPtr(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return w.when(*t)
}

func (w *mdWriter) span(sec int64) string {
	return workflow.Span(time.Duration(sec) * time.Second).Localize(w.l)
}

func (w *mdWriter) severity(k workflow.SeverityKey) string { return w.scale.Level(k).Localize(w.l) }

func (w *mdWriter) yesNo(b bool) string {
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

var (
	cellEscaper = strings.NewReplacer(
		"\r\n", "<br>", "\n", "<br>", "\r", "<br>",
		"|", `\|`, "<", "&lt;",
	)
	inlineEscaper = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "<", "&lt;")
)

// cell escapes text for a table cell: "|" would end the cell and a newline the
// row; "<" could open raw HTML in a renderer.
func cell(s string) string { return cellEscaper.Replace(strings.TrimSpace(s)) }

// inline escapes text for a heading or a one-line paragraph.
func inline(s string) string { return inlineEscaper.Replace(s) }
