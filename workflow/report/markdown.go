package report

import (
	"cmp"
	"slices"
	"strconv"

	"incidentbot/workflow"
)

// The sections of the report, in the order they are written. The same
// code writes the Markdown and the HTML report: a section says what to show
// and the doc's sink writes it in its format (doc.go).

// head is the report's title, what kind of record it is, and when it was
// built.
func (r *Report) head(w *doc, draft bool) {
	s := r.Summary
	key := workflow.MsgKey("md.title")
	if draft {
		key = "md.title_draft"
	}
	w.title(w.t(key, workflow.Args{"ref": s.Ref, "title": s.Title}))
	if draft {
		w.quote(w.t("md.draft", nil))
	}
	if s.Drill {
		w.quote(w.t("md.drill", nil))
	}
	if s.Private {
		w.quote(w.t("md.private", nil))
	}
	w.para(w.t("md.as_of", workflow.Args{"at": w.when(r.AsOf), "zone": w.loc.String()}))
}

// details are the sections below the readable timeline: everything the
// report knows, kind by kind.
// The lists among them are read again from src when they were too long to
// hold (lists.go).
func (r *Report) details(w *doc, src workflow.EventSource) error {
	r.mdDrill(w)
	for _, section := range []func(*doc, workflow.EventSource) error{r.mdSeverity, r.mdRoles, r.mdEscalation} {
		if err := section(w, src); err != nil {
			return err
		}
	}
	r.mdPhases(w)
	r.mdChecklist(w)
	r.mdDecisions(w)
	for _, section := range []func(*doc, workflow.EventSource) error{r.mdStatus, r.mdNotes} {
		if err := section(w, src); err != nil {
			return err
		}
	}
	r.mdPostmortem(w)
	if err := r.mdScope(w, src); err != nil {
		return err
	}
	r.mdStatements(w)
	r.mdDeadlines(w)
	r.mdVendors(w)
	for _, section := range []func(*doc, workflow.EventSource) error{r.mdFindings, r.mdRedactions} {
		if err := section(w, src); err != nil {
			return err
		}
	}
	return nil
}

func (r *Report) mdSeverity(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.severity", nil))
	return r.listRows(w, src, listSeverity, w.cols("col.time", "col.from", "col.to", "col.reason", "col.by"), func(x *Report) (rows [][]string) {
		for _, c := range x.SeverityHistory {
			from, reason := "—", orDash(c.Reason)
			if c.From == "" {
				reason = w.t("sev.opened", nil)
			} else {
				from = w.severity(c.From)
			}
			rows = append(rows, []string{w.when(c.At), from, w.severity(c.To), reason, c.By.display()})
		}
		return rows
	})
}

func (r *Report) mdRoles(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.roles", nil))
	w.heading(3, w.t("sec.roles_now", nil))
	var rows [][]string
	for _, h := range r.Roles.Current {
		rows = append(rows, []string{h.Role.Localize(w.l), h.Holder.display()})
	}
	w.table(w.cols("col.role", "col.holder"), rows)
	w.heading(3, w.t("sec.handovers", nil))
	return r.listRows(w, src, listHandovers, w.cols("col.time", "col.role", "col.from", "col.to", "col.by"), func(x *Report) (rows [][]string) {
		for _, h := range x.Roles.Handovers {
			rows = append(rows, []string{w.when(h.At), h.Role.Localize(w.l), h.From.display(), h.To.display(), h.By.display()})
		}
		return rows
	})
}

func (r *Report) mdPhases(w *doc) {
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

func (r *Report) mdDecisions(w *doc) {
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
			rows = append(rows, row{d.Seq, []string{num, w.when(d.At), red, red, red, red, red, red, d.Author.display()}})
		} else {
			cells := append([]string{num, w.when(d.At)}, textCells(d.DecisionText)...)
			rows = append(rows, row{d.Seq, append(cells, w.decider(d.DecisionText), w.decidedAt(d.DecisionText), d.Author.display())})
		}
		if stops {
			rows[len(rows)-1].cells = append(rows[len(rows)-1].cells, w.stopCell(d))
		}
	}
	for _, c := range r.Corrections {
		if c.Redacted {
			rows = append(rows, row{c.Seq, []string{w.t("decision.unknown", nil), w.when(c.At), red, red, red, red, red, red, c.Author.display()}})
		} else {
			cells := append([]string{w.t("decision.corrects", workflow.Args{"n": c.Corrects}), w.when(c.At)}, textCells(c.Result)...)
			rows = append(rows, row{c.Seq, append(cells, w.decider(c.Result), w.decidedAt(c.Result), c.Author.display())})
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
	header := w.cols("col.number", "col.time", "col.decision", "col.why", "col.action", "col.next", "col.decided_by", "col.decided_at", "col.author")
	if stops {
		header = append(header, w.t("col.stop", nil))
	}
	w.table(header, cells)
	if len(r.Decisions) > 0 {
		w.para(w.t("decision.who_note", nil))
	}
	if len(r.Corrections) > 0 {
		w.para(w.t("decision.note", nil))
	}
}

// decider is who decided, as the decision log shows it.
func (w *doc) decider(t DecisionText) string { return t.DecidedBy.display() }

// decidedAt is when it was decided, if that was given apart from when it
// was recorded.
func (w *doc) decidedAt(t DecisionText) string { return w.whenPtr(t.DecidedAt) }

func textCells(t DecisionText) []string {
	return []string{t.Decision, t.Why, orDash(t.Action), orDash(t.Next)}
}

func (r *Report) mdStatus(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.status", nil))
	red := w.t("md.redacted", nil)
	return r.listRows(w, src, listStatus, w.cols("col.time", "col.confirmed", "col.unconfirmed", "col.check_next", "col.author"), func(x *Report) (rows [][]string) {
		for _, s := range x.StatusUpdates {
			if s.Redacted {
				rows = append(rows, []string{w.when(s.At), red, red, red, s.Author.display()})
				continue
			}
			rows = append(rows, []string{w.when(s.At), orDash(s.Confirmed), orDash(s.Unconfirmed), orDash(s.Next), s.Author.display()})
		}
		return rows
	})
}

func (r *Report) mdNotes(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.notes", nil))
	return r.listRows(w, src, listNotes, w.cols("col.time", "col.note", "col.author"), func(x *Report) (rows [][]string) {
		for _, n := range x.Notes {
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
		return rows
	})
}

func (r *Report) mdPostmortem(w *doc) {
	w.heading(2, w.t("sec.postmortem", nil))
	p := r.Postmortem
	w.table(w.cols("col.field", "col.content"), [][]string{
		{w.t("pm.cause", nil), orDash(p.Cause)},
		{w.t("pm.impact", nil), orDash(p.Impact)},
		{w.t("pm.prevention", nil), orDash(p.Prevention)},
		{w.t("pm.open", nil), orDash(p.Open)},
	})
}

func (r *Report) mdRedactions(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.redactions", nil))
	return r.listRows(w, src, listRedactions, w.cols("col.event", "col.kind", "col.reason", "col.by", "col.time"), func(x *Report) (rows [][]string) {
		for _, red := range x.Redactions {
			kind := "—"
			if red.RedactedKind != "" {
				kind = red.RedactedKind.Localize(w.l)
			}
			rows = append(rows, []string{strconv.Itoa(red.RedactedSeq), kind, orDash(red.Reason), red.By.display(), w.when(red.At)})
		}
		return rows
	})
}

// appendix is every event with its hash, written row by row from the heads
// the full pass kept (and those read again past heldHeads).
func (r *Report) appendix(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.events", nil))
	w.beginTable(w.cols("col.event", "col.time", "col.kind", "col.actor", "col.hash"), 4)
	err := r.eachHead(src, func(e workflow.Event) error {
		kind := e.Kind.Localize(w.l)
		_, redacted := r.redactedKinds[e.Seq] // the heads do not say
		switch {
		case redacted:
			kind = w.t("event.redacted", workflow.Args{"kind": kind})
		case r.unreadable[e.Seq]:
			kind = w.t("event.unreadable", workflow.Args{"kind": kind})
		}
		actor := workflow.Person{ID: e.Actor.User, Name: e.Actor.Name}.Display()
		w.row([]string{strconv.Itoa(e.Seq), w.when(e.OccurredAt), kind, actor, e.Hash.Short()})
		return nil
	})
	w.endTable()
	return err
}

func (r *Report) mdChain(w *doc) {
	w.heading(2, w.t("sec.chain", nil))
	c := r.Chain
	if c.OK {
		w.para(w.t("chain.ok", workflow.Args{"events": r.Summary.EventCount}))
	} else {
		seq := "?"
		if c.BrokenAt != nil {
			seq = strconv.Itoa(*c.BrokenAt)
		}
		w.alert(w.t("chain.broken", workflow.Args{"seq": seq, "reason": c.Reason}))
	}
	w.code(w.t("chain.head", nil), c.Head.String())
}
