package report

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"incidentbot/workflow"
)

// The phase chart of the HTML report, drawn by the bot as SVG: a band of the
// phases over time (each stay with its duration; a step back marked), below
// it a lane each for decisions, severity changes, escalations and
// acknowledgements, and a time axis. Each phase is one <g data-phase="…">
// group holding all its stays. Every text in it is escaped.

const (
	chartW      = 1000.0
	chartLeft   = 130.0 // lane labels to the left of this
	chartRight  = 985.0
	bandTop     = 12.0
	bandHeight  = 40.0
	laneTop     = 66.0
	laneStep    = 20.0
	axisTop     = laneTop + 4*laneStep + 6
	chartHeight = axisTop + 34
)

// phaseColors are the band's colours, from alarm to calm.
var phaseColors = map[workflow.Phase]string{
	workflow.PhaseDetect:      "#c0392b",
	workflow.PhaseInitial:     "#d35400",
	workflow.PhaseInvestigate: "#b7950b",
	workflow.PhaseContain:     "#7d3c98",
	workflow.PhaseRecover:     "#2471a3",
	workflow.PhasePost:        "#1e8449",
}

// chartMarks is how many marks a lane shows at most: the first, in order.
// Beyond it a lane would be solid.
const chartMarks = 1000

// chart draws the SVG of the report, once the whole timeline is folded.
// Lanes of lists too long to hold are read again from src.
func (r *Report) chart(w *doc, src workflow.EventSource) (string, error) {
	from, to := r.chartSpan()
	x := func(t time.Time) float64 {
		if !to.After(from) {
			return chartLeft
		}
		f := float64(t.Sub(from)) / float64(to.Sub(from))
		return chartLeft + min(max(f, 0), 1)*(chartRight-chartLeft)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" font-size="11">`+"\n",
		chartW, chartHeight, htmlText(w.t("chart.aria", workflow.Args{"ref": r.Summary.Ref}), false))
	b.WriteString(`<defs><pattern id="back" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" fill-opacity="0.45"/></pattern></defs>` + "\n")

	// Before the opening: the problem had begun, nobody had opened it.
	if s := r.Summary; s.StartedAt.Before(s.OpenedAt) {
		x0, x1 := x(s.StartedAt), x(s.OpenedAt)
		tip := w.t("chart.before", workflow.Args{"started": w.when(s.StartedAt), "detected": w.when(s.DetectedAt), "opened": w.when(s.OpenedAt)})
		fmt.Fprintf(&b, `<g data-before="opening"><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#d5d5d5"><title>%s</title></rect>`,
			x0, bandTop+bandHeight/4, max(x1-x0, 1), bandHeight/2, htmlText(tip, false))
		if dx := x(s.DetectedAt); s.DetectedAt.After(s.StartedAt) {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555" stroke-dasharray="2 2"/>`, dx, bandTop, dx, bandTop+bandHeight)
		}
		b.WriteString("</g>\n")
	}

	// The band: one group per phase, each stay a bar with its duration.
	fmt.Fprintf(&b, `<text x="4" y="%.1f" fill="#333">%s</text>`+"\n", bandTop+bandHeight/2+4, htmlText(w.t("chart.phases", nil), false))
	for _, p := range workflow.Phases {
		if p == workflow.PhaseClosed {
			continue
		}
		var g strings.Builder
		for _, st := range r.Phases.Stints {
			if st.Phase != p {
				continue
			}
			end := r.AsOf
			if st.LeftAt != nil {
				end = *st.LeftAt
			}
			x0, x1 := x(st.EnteredAt), x(end)
			width := max(x1-x0, 1.5)
			span := ""
			if st.Duration != nil {
				span = w.span(*st.Duration)
			}
			tip := w.t("chart.stint", workflow.Args{"phase": p, "from": w.when(st.EnteredAt), "span": orDash(span)})
			if st.Move == string(workflow.MoveBack) {
				tip += " — " + w.t("move.back", workflow.Args{"reason": orDash(st.Reason)})
			}
			fmt.Fprintf(&g, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`+"\n",
				x0, bandTop, width, bandHeight, phaseColors[p], htmlText(tip, false))
			if st.Move == string(workflow.MoveBack) {
				fmt.Fprintf(&g, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="url(#back)" data-back="true"/>`+"\n", x0, bandTop, width, bandHeight)
				fmt.Fprintf(&g, `<text x="%.1f" y="%.1f" fill="#b00020" font-weight="bold">↩</text>`+"\n", x0+1, bandTop-2)
			}
			if width > 46 {
				label := p.Localize(w.l)
				if width > 90 && span != "" {
					label += " " + span
				}
				fmt.Fprintf(&g, `<text x="%.1f" y="%.1f" fill="#fff" font-weight="600">%s</text>`+"\n", x0+4, bandTop+bandHeight/2+4, htmlText(clip(label, int(width/7)), false))
			}
		}
		if g.Len() > 0 {
			fmt.Fprintf(&b, `<g data-phase="%s">`+"\n%s</g>\n", p, g.String())
		}
	}

	// The lanes of markers.
	var lanes [4]struct {
		key   workflow.MsgKey
		marks []chartMark
	}
	lanes[0].key, lanes[0].marks = "chart.decisions", r.decisionMarks(w)
	for i, l := range []struct {
		key  workflow.MsgKey
		list listID
		mark func(*doc, *Report) []chartMark
	}{
		{"chart.severity", listSeverity, severityMarks},
		{"chart.escalations", listSteps, escalationMarks},
		{"chart.acks", listAcks, ackMarks},
	} {
		lanes[i+1].key = l.key
		err := r.eachItem(src, l.list, func(x *Report) error {
			lanes[i+1].marks = append(lanes[i+1].marks, l.mark(w, x)...)
			if len(lanes[i+1].marks) >= chartMarks {
				lanes[i+1].marks = lanes[i+1].marks[:chartMarks]
				return errEnough
			}
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			return "", err
		}
	}
	for i, lane := range lanes {
		y := laneTop + float64(i)*laneStep
		fmt.Fprintf(&b, `<g data-lane="%s">`+"\n", strings.TrimPrefix(string(lane.key), "chart."))
		fmt.Fprintf(&b, `<text x="4" y="%.1f" fill="#333">%s</text>`+"\n", y+4, htmlText(w.t(lane.key, nil), false))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e3e3e3"/>`+"\n", chartLeft, y, chartRight, y)
		for _, m := range lane.marks {
			cx := x(m.at)
			fmt.Fprintf(&b, `<g data-marker="%s"><title>%s</title>%s</g>`+"\n", m.kind, htmlText(m.tip, false), m.shape(cx, y))
		}
		b.WriteString("</g>\n")
	}

	// The time axis.
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555"/>`+"\n", chartLeft, axisTop, chartRight, axisTop)
	for _, t := range ticks(from, to, w.loc) {
		tx := x(t.at)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555"/>`+"\n", tx, axisTop, tx, axisTop+5)
		label := t.label
		if d := r.Drill; d != nil {
			label = "T+" + w.span(drillSeconds(d, t.at))
		}
		anchor := "middle" // the ticks at the ends keep their labels inside
		switch {
		case tx > chartW-45:
			anchor = "end"
		case tx < chartLeft+30:
			anchor = "start"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" fill="#333">%s</text>`+"\n", tx, axisTop+18, anchor, htmlText(label, false))
	}
	zone := w.loc.String()
	if r.Drill != nil {
		zone = w.t("chart.drill_time", nil)
	}
	fmt.Fprintf(&b, `<text x="4" y="%.1f" fill="#666">%s</text>`+"\n", axisTop+18, htmlText(zone, false))
	b.WriteString("</svg>\n")
	return b.String(), nil
}

// chartSpan is the time the chart covers: from the opening (or the start of
// the problem, if it began before) to the report's "now", or the close.
func (r *Report) chartSpan() (time.Time, time.Time) {
	from := r.Summary.OpenedAt
	if s := r.Summary.StartedAt; !s.IsZero() && s.Before(from) {
		from = s
	}
	to := r.AsOf
	if c := r.Summary.ClosedAt; c != nil && c.After(from) {
		to = *c
	}
	if !to.After(from) {
		to = from.Add(time.Minute)
	}
	return from, to
}

// chartMark is one marker of a lane.
type chartMark struct {
	kind string // decision, raised, lowered, escalated, acknowledged
	at   time.Time
	tip  string
}

// shape is the marker at (x, y): a diamond for a decision, a triangle up or
// down for a severity change, a square for an escalation, a circle for an
// acknowledgement.
func (m chartMark) shape(x, y float64) string {
	switch m.kind {
	case "decision":
		return fmt.Sprintf(`<path d="M%.1f %.1fl6 6l-6 6l-6 -6z" fill="#1f4e79"/>`, x, y-6)
	case "raised":
		return fmt.Sprintf(`<path d="M%.1f %.1fl6 11h-12z" fill="#b00020"/>`, x, y-6)
	case "lowered":
		return fmt.Sprintf(`<path d="M%.1f %.1fl6 -11h-12z" fill="#1e8449"/>`, x, y+6)
	case "escalated":
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="10" height="10" fill="#d35400"/>`, x-5, y-5)
	}
	return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="5" fill="#117a65"/>`, x, y)
}

func (r *Report) decisionMarks(w *doc) []chartMark {
	var out []chartMark
	for _, d := range r.Decisions {
		at, tip := d.At, w.t("chart.decision_redacted", workflow.Args{"n": d.Number})
		if c := d.Current; !d.Redacted {
			if c.DecidedAt != nil {
				at = *c.DecidedAt
			}
			tip = w.t("chart.decision", workflow.Args{"n": d.Number, "at": w.when(at), "decision": clip(c.Decision, 120)})
		}
		out = append(out, chartMark{kind: "decision", at: at, tip: tip})
	}
	return out
}

func severityMarks(w *doc, r *Report) []chartMark {
	var out []chartMark
	for _, c := range r.SeverityHistory {
		if c.From == "" {
			continue // the opening severity
		}
		kind := "raised"
		if w.scale.Rank(c.To) < w.scale.Rank(c.From) {
			kind = "lowered"
		}
		out = append(out, chartMark{kind: kind, at: c.At, tip: w.t("chart.severity_change", workflow.Args{"at": w.when(c.At), "from": w.severity(c.From), "to": w.severity(c.To)})})
	}
	return out
}

// escalationMarks are the steps that moved a chain on or asked for help:
// an escalation by hand, a link that did not answer in time, a chain that
// ran out. The first notifications on opening are no escalation.
func escalationMarks(w *doc, r *Report) []chartMark {
	var out []chartMark
	for _, s := range r.Escalation.Steps {
		switch {
		case s.Kind == workflow.EventEscalated,
			s.Kind == workflow.EventNotified && (s.Reason == workflow.NotifyTimer || s.Reason == workflow.NotifyEscalated || s.Reason == workflow.NotifyRaised),
			s.Kind == workflow.EventEscalationExhausted:
			out = append(out, chartMark{kind: "escalated", at: s.At, tip: w.when(s.At) + " " + w.escWhat(s) + " " + w.escDetail(s)})
		}
	}
	return out
}

func ackMarks(w *doc, r *Report) []chartMark {
	var out []chartMark
	for _, a := range r.Escalation.Acknowledgements {
		out = append(out, chartMark{kind: "acknowledged", at: a.At, tip: w.t("chart.ack", workflow.Args{"at": w.when(a.At), "role": a.Role, "by": a.By.display(), "after": w.span(a.After)})})
	}
	return out
}

// tick is a mark of the time axis.
type tick struct {
	at    time.Time
	label string
}

// ticks are at most about eight round times between from and to, in loc;
// the date is written on the first and whenever it changes.
func ticks(from, to time.Time, loc *time.Location) []tick {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour}
	span := to.Sub(from)
	step := steps[len(steps)-1]
	for _, s := range steps {
		if span/s <= 8 {
			step = s
			break
		}
	}
	start := from.In(loc)
	// Round up to the step, counted from local midnight.
	midnight := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	t := midnight.Add(((start.Sub(midnight) + step - 1) / step) * step)
	var out []tick
	lastDay := ""
	for ; !t.After(to) && len(out) < 20; t = t.Add(step) {
		day := t.Format("01-02")
		label := t.Format("15:04")
		if day != lastDay {
			label = day + " " + label
			lastDay = day
		}
		out = append(out, tick{at: t, label: label})
	}
	return out
}

var htmlMessages = workflow.Catalog{
	"sec.chart":               {En: "Phase chart", Ja: "フェーズの推移（図）"},
	"chart.aria":              {En: "Phases of {ref} over time, with decisions, severity changes, escalations and acknowledgements", Ja: "{ref}のフェーズの推移と、意思決定・重大度の変更・エスカレーション・応答"},
	"chart.phases":            {En: "Phases", Ja: "フェーズ"},
	"chart.decisions":         {En: "Decisions", Ja: "意思決定"},
	"chart.severity":          {En: "Severity", Ja: "重大度"},
	"chart.escalations":       {En: "Escalations", Ja: "エスカレーション"},
	"chart.acks":              {En: "Acknowledged", Ja: "応答"},
	"chart.stint":             {En: "{phase} from {from}: {span}", Ja: "{phase}（{from}から）: {span}"},
	"chart.decision":          {En: "Decision {n}, {at}: {decision}", Ja: "意思決定{n}（{at}）: {decision}"},
	"chart.decision_redacted": {En: "Decision {n} (redacted)", Ja: "意思決定{n}（墨消し済み）"},
	"chart.severity_change":   {En: "{at}: severity {from} → {to}", Ja: "{at}: 重大度 {from} → {to}"},
	"chart.ack":               {En: "{at}: {by} acknowledged for {role} after {after}", Ja: "{at}: {by}が{role}として応答（{after}後）"},
	"chart.before":            {En: "Before the opening: started {started}, detected {detected}, opened {opened}", Ja: "起票前: 発生 {started}、検知 {detected}、起票 {opened}"},
	"chart.drill_time":        {En: "drill time", Ja: "演習時間"},
}
