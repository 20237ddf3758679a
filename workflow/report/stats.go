package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"incidentbot/workflow"
)

// The KPIs of real incidents over time (PRACTICE.md "Measuring": monthly
// figures, a tabletop each quarter): incidents by severity and by month; how
// long it took to detect, acknowledge, decide, contain and recover, as the
// median and the 90th percentile (nearest rank, so every figure is one an
// incident really had) and the mean; drills per quarter, counted apart and
// in no other figure; the findings recorded.
//
// The clocks: detection runs from when the problem began to when someone
// noticed (detected − started); acknowledgement and the first decision from
// detection (the response); containment and recovery from when the problem
// began (how long it lasted).

// Facts are what the statistics read of one incident: its snapshot, and
// from its timeline the first acknowledgement, the first decision (when it
// was taken, if logged later), the containment and the findings.
type Facts struct {
	Incident      *workflow.Incident
	FirstAck      time.Time // zero: never acknowledged
	FirstDecision time.Time // zero: no decision
	Contained     time.Time // the last move from contain to recover; zero: not yet
	// Findings are its findings, each closed or not (workflow.Findings).
	Findings []workflow.Finding
}

// factKinds are the kinds ReadFacts reads.
var factKinds = []workflow.EventKind{workflow.EventAcknowledged, workflow.EventDecision, workflow.EventPhaseChanged,
	workflow.EventFinding, workflow.EventFindingClosed}

// ReadFacts reads the facts of inc from its timeline (only the kinds they
// need). A redacted decision still counts, at the time it was recorded.
func ReadFacts(inc *workflow.Incident, src workflow.EventSource) (Facts, error) {
	f := Facts{Incident: inc}
	var findings []workflow.Event // a few: the findings and their closing
	err := src.Scan(0, factKinds, func(e workflow.Event) error {
		if e.Kind == workflow.EventFinding || e.Kind == workflow.EventFindingClosed {
			findings = append(findings, e)
			return nil
		}
		p, err := e.Payload()
		if err != nil {
			return nil // an unreadable payload proves nothing; verify names it
		}
		at := e.OccurredAt.UTC()
		switch x := p.(type) {
		case workflow.Acknowledged:
			if f.FirstAck.IsZero() {
				f.FirstAck = at
			}
		case workflow.DecisionRecorded:
			if !x.DecidedAt.IsZero() {
				at = x.DecidedAt.UTC()
			}
			if f.FirstDecision.IsZero() || at.Before(f.FirstDecision) {
				f.FirstDecision = at
			}
		case workflow.PhaseChanged:
			if x.From == workflow.PhaseContain && x.To == workflow.PhaseRecover {
				f.Contained = at
			}
		case nil: // redacted
			if e.Kind == workflow.EventDecision && (f.FirstDecision.IsZero() || at.Before(f.FirstDecision)) {
				f.FirstDecision = at
			}
		}
		return nil
	})
	f.Findings = workflow.Findings(findings)
	return f, err
}

// Stats are the KPIs of the incidents opened in [Since, Until).
type Stats struct {
	Since time.Time // zero: from the first
	Until time.Time // exclusive; zero: to now
	Loc   *time.Location
	Scale workflow.Scale

	Incidents   int                          // real incidents, false alarms included
	BySeverity  map[workflow.SeverityKey]int // by current severity
	Open        int
	Closed      int // false alarms included
	FalseAlarms int

	// The durations, over the real incidents that were not false alarms and
	// have the end of the clock.
	Detect        Measure
	Acknowledge   Measure
	FirstDecision Measure
	Contain       Measure
	Recover       Measure

	Months []Month // by month of opening, oldest first, every month in between included

	Drills   int       // drills opened in the window
	Quarters []Quarter // drills per calendar quarter (workflow.Rhythm), by when each started
	// LastDrill is the drill that started last; nil without drills.
	LastDrill *LastDrill
	// Findings recorded, in drills and in real incidents, and of them how
	// many are still open and how many were closed (finding done).
	DrillFindings  int
	Findings       int
	OpenFindings   int
	ClosedFindings int
}

// LastDrill is the drill that started last.
type LastDrill struct {
	Ref      string
	Scenario string
	At       time.Time // when it started
}

// Measure is one duration over several incidents.
type Measure struct {
	Count int
	Mean  time.Duration
	P50   time.Duration // median, nearest rank
	P90   time.Duration // 90th percentile, nearest rank
}

// Month is one month's incidents.
type Month struct {
	Month      string // "2026-11", in the report's zone
	Incidents  int
	BySeverity map[workflow.SeverityKey]int
	Recover    Measure // time to recover of those opened in the month
}

// Quarter is one quarter's drills.
type Quarter struct {
	Quarter string // "2026-Q4"
	Drills  int
}

// ComputeStats computes the statistics of the incidents opened at or after
// since and before until (zero: unbounded), with months and quarters in loc.
func ComputeStats(facts []Facts, since, until time.Time, loc *time.Location) Stats {
	if loc == nil {
		loc = time.UTC
	}
	s := Stats{Since: since, Until: until, Loc: loc, Scale: workflow.DefaultScale(), BySeverity: map[workflow.SeverityKey]int{}}
	var ttd, tta, ttfd, ttc, ttr []time.Duration
	months := map[string]*Month{}
	recoverBy := map[string][]time.Duration{}
	quarters := map[string]int{}
	for _, f := range facts {
		inc := f.Incident
		if inc == nil || !since.IsZero() && inc.OpenedAt.Before(since) || !until.IsZero() && !inc.OpenedAt.Before(until) {
			continue
		}
		local := inc.OpenedAt.In(loc)
		for _, x := range f.Findings {
			if x.Closed {
				s.ClosedFindings++
			} else {
				s.OpenFindings++
			}
		}
		if inc.Drill {
			s.Drills++
			s.DrillFindings += inc.Findings
			started, scenario := inc.OpenedAt, ""
			if run := inc.DrillRun; run != nil {
				started, scenario = run.StartedAt, run.Scenario
			}
			// The quarters the drill rhythm watches ([drills] every).
			from, _ := workflow.Rhythm{Calendar: workflow.RhythmQuarter}.Period(started, loc)
			quarters[fmt.Sprintf("%d-Q%d", from.Year(), (int(from.Month())+2)/3)]++
			if s.LastDrill == nil || started.After(s.LastDrill.At) {
				s.LastDrill = &LastDrill{Ref: inc.Ref().String(), Scenario: scenario, At: started}
			}
			continue
		}
		s.Incidents++
		s.Findings += inc.Findings
		s.BySeverity[inc.Severity]++
		key := local.Format("2006-01")
		m := months[key]
		if m == nil {
			m = &Month{Month: key, BySeverity: map[workflow.SeverityKey]int{}}
			months[key] = m
		}
		m.Incidents++
		m.BySeverity[inc.Severity]++
		if inc.IsClosed() {
			s.Closed++
		} else {
			s.Open++
		}
		if inc.FalseAlarm != "" {
			s.FalseAlarms++
			continue
		}
		since := func(from, to time.Time) time.Duration { return max(to.Sub(from), 0) }
		ttd = append(ttd, inc.TimeToDetect())
		if !f.FirstAck.IsZero() {
			tta = append(tta, since(inc.DetectedAt, f.FirstAck))
		}
		if !f.FirstDecision.IsZero() {
			ttfd = append(ttfd, since(inc.DetectedAt, f.FirstDecision))
		}
		if !f.Contained.IsZero() {
			ttc = append(ttc, since(inc.StartedAt, f.Contained))
		}
		if d, ok := inc.TimeToRecover(); ok {
			ttr = append(ttr, d)
			recoverBy[key] = append(recoverBy[key], d)
		}
	}
	s.Detect, s.Acknowledge, s.FirstDecision, s.Contain, s.Recover = measure(ttd), measure(tta), measure(ttfd), measure(ttc), measure(ttr)
	s.Months = fillMonths(months, since, until, loc)
	for i := range s.Months {
		s.Months[i].Recover = measure(recoverBy[s.Months[i].Month])
	}
	for q, n := range quarters {
		s.Quarters = append(s.Quarters, Quarter{Quarter: q, Drills: n})
	}
	slices.SortFunc(s.Quarters, func(a, b Quarter) int { return cmp.Compare(a.Quarter, b.Quarter) })
	return s
}

// fillMonths lists the months from the first with an incident (or since) to
// the last (or until), those without incidents too, so a chart has no gaps.
func fillMonths(months map[string]*Month, since, until time.Time, loc *time.Location) []Month {
	if len(months) == 0 {
		return []Month{}
	}
	keys := make([]string, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	first, _ := time.ParseInLocation("2006-01", keys[0], loc)
	last, _ := time.ParseInLocation("2006-01", keys[len(keys)-1], loc)
	var out []Month
	for t := first; !t.After(last) && len(out) < 1200; t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		if m, ok := months[k]; ok {
			out = append(out, *m)
		} else {
			out = append(out, Month{Month: k, BySeverity: map[workflow.SeverityKey]int{}})
		}
	}
	return out
}

// measure is the mean and the nearest-rank median and 90th percentile.
func measure(ds []time.Duration) Measure {
	m := Measure{Count: len(ds)}
	if len(ds) == 0 {
		return m
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	m.Mean = sum / time.Duration(len(s))
	m.P50, m.P90 = nearestRank(s, 50), nearestRank(s, 90)
	return m
}

// nearestRank is the p-th percentile of sorted: the smallest value with at
// least p% of the values at or below it.
func nearestRank(sorted []time.Duration, p float64) time.Duration {
	n := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(n, 1), len(sorted))-1]
}

// levels are the severity keys shown: every configured level, highest
// first, then any stored key the scale no longer knows.
func (s Stats) levels() []workflow.SeverityKey {
	keys := s.Scale.Keys()
	slices.Reverse(keys)
	var out []workflow.SeverityKey
	for _, k := range keys {
		out = append(out, workflow.SeverityKey(k))
	}
	var unknown []string
	for k := range s.BySeverity {
		if s.Scale.Rank(k) < 0 {
			unknown = append(unknown, string(k))
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		out = append(out, workflow.SeverityKey(k))
	}
	return out
}

// measures are the five durations with their names.
func (s Stats) measures() []struct {
	key workflow.MsgKey
	m   Measure
} {
	return []struct {
		key workflow.MsgKey
		m   Measure
	}{
		{"stats.m.detect", s.Detect}, {"stats.m.acknowledge", s.Acknowledge}, {"stats.m.decision", s.FirstDecision},
		{"stats.m.contain", s.Contain}, {"stats.m.recover", s.Recover},
	}
}

// StatsFormat is how the statistics are written.
type StatsFormat string

const (
	StatsText     StatsFormat = "text"
	StatsMarkdown StatsFormat = "md"
	StatsJSON     StatsFormat = "json"
	StatsHTML     StatsFormat = "html"
)

// ParseStatsFormat reads text, md, json or html.
func ParseStatsFormat(s string) (StatsFormat, bool) {
	switch f := StatsFormat(strings.ToLower(strings.TrimSpace(s))); f {
	case StatsText, StatsMarkdown, StatsJSON, StatsHTML:
		return f, true
	case "markdown":
		return StatsMarkdown, true
	}
	return "", false
}

// Write writes the statistics in format f and language lang.
func (s Stats) Write(w io.Writer, f StatsFormat, lang workflow.Lang) error {
	if len(s.Scale.Levels) == 0 {
		s.Scale = workflow.DefaultScale()
	}
	if s.Loc == nil {
		s.Loc = time.UTC
	}
	switch f {
	case StatsJSON:
		b, err := marshalIndent(s.jsonView(), "") // as the report's JSON: terminal-safe
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	case StatsText:
		_, err := io.WriteString(w, s.Text(lang))
		return err
	case StatsMarkdown:
		d := newDoc(newMDSink(w, render(lang, "md.none", nil)), Options{Lang: lang, Location: s.Loc, Scale: s.Scale})
		s.doc(d, false)
		return d.flush()
	case StatsHTML:
		d := newDoc(newHTMLSink(w, lang, render(lang, "md.none", nil)), Options{Lang: lang, Location: s.Loc, Scale: s.Scale})
		s.doc(d, true)
		return d.flush()
	}
	return fmt.Errorf("stats: unknown format %q", f)
}

func (s Stats) t(lang workflow.Lang, key workflow.MsgKey, args workflow.Args) string {
	return render(lang, key, args)
}

// title names the window: all time, since, until, or both, with the zone.
func (s Stats) title(lang workflow.Lang) string {
	args := workflow.Args{"zone": s.Loc.String()}
	if !s.Since.IsZero() {
		args["since"] = s.Since.In(s.Loc).Format(time.DateOnly)
	}
	if !s.Until.IsZero() {
		args["until"] = s.Until.In(s.Loc).AddDate(0, 0, -1).Format(time.DateOnly)
	}
	switch {
	case s.Since.IsZero() && s.Until.IsZero():
		return s.t(lang, "stats.title_all", nil)
	case s.Until.IsZero():
		return s.t(lang, "stats.title_since", args)
	case s.Since.IsZero():
		return s.t(lang, "stats.title_until", args)
	}
	return s.t(lang, "stats.title_between", args)
}

func (s Stats) severityList(lang workflow.Lang, by map[workflow.SeverityKey]int) string {
	var items []string
	for _, k := range s.levels() {
		items = append(items, s.t(lang, "stats.sev_item", workflow.Args{"severity": s.Scale.Level(k), "count": by[k]}))
	}
	sep := ", "
	if lang == workflow.Japanese {
		sep = "、"
	}
	return strings.Join(items, sep)
}

// measureText is "median 25m, 90th percentile 1h, mean 30m (4 incidents)".
func (s Stats) measureText(lang workflow.Lang, m Measure) string {
	if m.Count == 0 {
		return s.t(lang, "stats.none", nil)
	}
	span := func(d time.Duration) workflow.Span { return workflow.Span(d) }
	return s.t(lang, "stats.measure", workflow.Args{"p50": span(m.P50), "p90": span(m.P90), "mean": span(m.Mean), "count": m.Count})
}

// Text renders the statistics for the terminal, one figure a line.
func (s Stats) Text(lang workflow.Lang) string {
	if len(s.Scale.Levels) == 0 {
		s.Scale = workflow.DefaultScale()
	}
	if s.Loc == nil {
		s.Loc = time.UTC
	}
	lines := []string{
		s.title(lang),
		s.t(lang, "stats.total", workflow.Args{"count": s.Incidents, "open": s.Open, "closed": s.Closed}),
		s.t(lang, "stats.by_severity", workflow.Args{"list": s.severityList(lang, s.BySeverity)}),
		s.t(lang, "stats.false_alarm", workflow.Args{"count": s.FalseAlarms}),
	}
	for _, m := range s.measures() {
		lines = append(lines, s.t(lang, "stats.line", workflow.Args{"what": s.t(lang, m.key, nil), "figures": s.measureText(lang, m.m)}))
	}
	for _, m := range s.Months {
		lines = append(lines, s.t(lang, "stats.month", workflow.Args{"month": m.Month, "count": m.Incidents,
			"list": s.severityList(lang, m.BySeverity), "ttr": s.p50Text(lang, m.Recover)}))
	}
	lines = append(lines, s.t(lang, "stats.drills", workflow.Args{"count": s.Drills}))
	for _, q := range s.Quarters {
		lines = append(lines, s.t(lang, "stats.quarter", workflow.Args{"quarter": q.Quarter, "count": q.Drills}))
	}
	lines = append(lines, s.lastDrill(lang), s.findings(lang))
	return strings.Join(lines, "\n") + "\n"
}

// lastDrill says when the last drill started, and which.
func (s Stats) lastDrill(lang workflow.Lang) string {
	d := s.LastDrill
	if d == nil {
		return s.t(lang, "stats.last_drill_none", nil)
	}
	key := workflow.MsgKey("stats.last_drill")
	if d.Scenario == "" {
		key = "stats.last_drill_plain"
	}
	return s.t(lang, key, workflow.Args{"date": d.At.In(s.Loc).Format(time.DateOnly), "ref": d.Ref, "scenario": d.Scenario})
}

// findings says how many findings were recorded, and how many are open
// and closed.
func (s Stats) findings(lang workflow.Lang) string {
	return s.t(lang, "stats.findings", workflow.Args{"drill": s.DrillFindings, "real": s.Findings, "open": s.OpenFindings, "closed": s.ClosedFindings})
}

func (s Stats) p50Text(lang workflow.Lang, m Measure) string {
	if m.Count == 0 {
		return "—"
	}
	return workflow.Span(m.P50).Localize(lang)
}

// doc writes the statistics as a document (Markdown, HTML); with charts,
// the HTML's bars of incidents and median time to recover by month.
func (s Stats) doc(w *doc, charts bool) {
	l := w.l
	w.title(s.title(l))
	w.para(s.t(l, "stats.about", nil))
	w.heading(2, s.t(l, "stats.sec.incidents", nil))
	w.table(w.cols("sum.item", "sum.value"), [][]string{
		{s.t(l, "stats.c.total", nil), s.t(l, "stats.c.total_val", workflow.Args{"count": s.Incidents, "open": s.Open, "closed": s.Closed})},
		{s.t(l, "stats.c.severity", nil), s.severityList(l, s.BySeverity)},
		{s.t(l, "stats.c.false_alarms", nil), fmt.Sprint(s.FalseAlarms)},
	})
	w.heading(2, s.t(l, "stats.sec.times", nil))
	var rows [][]string
	for _, m := range s.measures() {
		if m.m.Count == 0 {
			rows = append(rows, []string{s.t(l, m.key, nil), "—", "—", "—", "0"})
			continue
		}
		rows = append(rows, []string{s.t(l, m.key, nil), w.span(seconds(m.m.P50)), w.span(seconds(m.m.P90)), w.span(seconds(m.m.Mean)), fmt.Sprint(m.m.Count)})
	}
	w.table(w.cols("stats.col.measure", "stats.col.p50", "stats.col.p90", "stats.col.mean", "stats.col.count"), rows)
	w.para(s.t(l, "stats.clocks", nil))

	w.heading(2, s.t(l, "stats.sec.months", nil))
	if c, ok := w.sink.(charter); ok && charts && len(s.Months) > 0 {
		c.chart(s.monthChart(w))
	}
	rows = nil
	for _, m := range s.Months {
		rows = append(rows, []string{m.Month, fmt.Sprint(m.Incidents), s.severityList(l, m.BySeverity), s.p50Text(l, m.Recover)})
	}
	w.table(w.cols("stats.col.month", "stats.col.incidents", "stats.c.severity", "stats.col.ttr"), rows)

	w.heading(2, s.t(l, "stats.sec.drills", nil))
	rows = nil
	for _, q := range s.Quarters {
		rows = append(rows, []string{q.Quarter, fmt.Sprint(q.Drills)})
	}
	w.table(w.cols("stats.col.quarter", "stats.col.drills"), rows)
	w.para(s.lastDrill(l))
	w.heading(2, s.t(l, "stats.sec.findings", nil))
	w.table(w.cols("sum.item", "sum.value"), [][]string{
		{s.t(l, "stats.c.recorded", nil), s.t(l, "stats.c.recorded_val", workflow.Args{"drill": s.DrillFindings, "real": s.Findings})},
		{s.t(l, "stats.c.open", nil), fmt.Sprint(s.OpenFindings)},
		{s.t(l, "stats.c.closed", nil), fmt.Sprint(s.ClosedFindings)},
	})
}

// monthChart draws two rows of bars per month: how many incidents were
// opened, and their median time to recover.
func (s Stats) monthChart(w *doc) string {
	const width, left, barH, gap = 1000.0, 150.0, 60.0, 34.0
	n := float64(len(s.Months))
	slot := (width - left - 10) / n
	maxCount, maxTTR := 1, time.Duration(1)
	for _, m := range s.Months {
		maxCount = max(maxCount, m.Incidents)
		if m.Recover.Count > 0 {
			maxTTR = max(maxTTR, m.Recover.P50)
		}
	}
	height := 2*barH + 2*gap + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" font-size="11">`+"\n",
		width, height, htmlText(s.t(w.l, "stats.chart.aria", nil), false))
	row := func(top float64, label string, kind string, value func(Month) (float64, string)) {
		fmt.Fprintf(&b, `<text x="4" y="%.1f" fill="#333">%s</text>`+"\n", top+barH/2, htmlText(label, false))
		fmt.Fprintf(&b, `<g data-chart="%s">`+"\n", kind)
		for i, m := range s.Months {
			f, text := value(m)
			h := math.Max(f*barH, 0)
			x := left + float64(i)*slot + slot*0.15
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`+"\n",
				x, top+barH-h, slot*0.7, h, map[string]string{"count": "#1f4e79", "ttr": "#2471a3"}[kind], htmlText(m.Month+": "+text, false))
			if text != "" {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333" font-size="10">%s</text>`+"\n", x+slot*0.35, top+barH-h-2, htmlText(text, false))
			}
		}
		b.WriteString("</g>\n")
	}
	row(14, s.t(w.l, "stats.col.incidents", nil), "count", func(m Month) (float64, string) {
		return float64(m.Incidents) / float64(maxCount), fmt.Sprint(m.Incidents)
	})
	row(14+barH+gap, s.t(w.l, "stats.chart.ttr", nil), "ttr", func(m Month) (float64, string) {
		if m.Recover.Count == 0 {
			return 0, ""
		}
		return float64(m.Recover.P50) / float64(maxTTR), w.span(seconds(m.Recover.P50))
	})
	axis := 14 + 2*barH + gap + 4
	for i, m := range s.Months {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%s</text>`+"\n", left+float64(i)*slot+slot/2, axis+14, htmlText(m.Month, false))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// statsJSON is the JSON of the statistics: snake_case, seconds, dates.
type statsJSON struct {
	Format        string         `json:"format"`
	Since         *string        `json:"since"` // YYYY-MM-DD in zone; null: from the first
	Until         *string        `json:"until"` // the last day counted; null: to now
	Zone          string         `json:"zone"`
	Incidents     int            `json:"incidents"`
	Open          int            `json:"open"`
	Closed        int            `json:"closed"`
	FalseAlarms   int            `json:"false_alarms"`
	BySeverity    map[string]int `json:"by_severity"`
	Detect        measureJSON    `json:"time_to_detect"`
	Acknowledge   measureJSON    `json:"time_to_acknowledge"`
	FirstDecision measureJSON    `json:"time_to_first_decision"`
	Contain       measureJSON    `json:"time_to_contain"`
	Recover       measureJSON    `json:"time_to_recover"`
	Months        []monthJSON    `json:"months"`
	Drills        int            `json:"drills"`
	Quarters      []Quarter      `json:"drills_by_quarter"`
	LastDrill     *lastDrillJSON `json:"last_drill"`
	Findings      findingsJSON   `json:"findings"`
}

type lastDrillJSON struct {
	Date     string `json:"date"` // YYYY-MM-DD in zone
	Ref      string `json:"ref"`
	Scenario string `json:"scenario"`
}

type measureJSON struct {
	Count int    `json:"count"`
	P50   *int64 `json:"p50_seconds"`
	P90   *int64 `json:"p90_seconds"`
	Mean  *int64 `json:"mean_seconds"`
}

type monthJSON struct {
	Month      string         `json:"month"`
	Incidents  int            `json:"incidents"`
	BySeverity map[string]int `json:"by_severity"`
	Recover    measureJSON    `json:"time_to_recover"`
}

type findingsJSON struct {
	Drills    int `json:"in_drills"`
	Incidents int `json:"in_incidents"`
	Open      int `json:"open"`
	Closed    int `json:"closed"`
}

// StatsFormatVersion names the layout of the statistics' JSON.
const StatsFormatVersion = "incidentbot.stats/v1"

func (s Stats) jsonView() statsJSON {
	sec := func(d time.Duration) *int64 { v := seconds(d); return &v }
	m := func(x Measure) measureJSON {
		if x.Count == 0 {
			return measureJSON{}
		}
		return measureJSON{Count: x.Count, P50: sec(x.P50), P90: sec(x.P90), Mean: sec(x.Mean)}
	}
	bySev := func(by map[workflow.SeverityKey]int) map[string]int {
		out := map[string]int{}
		for _, k := range s.levels() {
			out[string(k)] = by[k]
		}
		return out
	}
	v := statsJSON{Format: StatsFormatVersion, Zone: s.Loc.String(), Incidents: s.Incidents, Open: s.Open, Closed: s.Closed,
		FalseAlarms: s.FalseAlarms, BySeverity: bySev(s.BySeverity), Detect: m(s.Detect), Acknowledge: m(s.Acknowledge),
		FirstDecision: m(s.FirstDecision), Contain: m(s.Contain), Recover: m(s.Recover), Months: []monthJSON{},
		Drills: s.Drills, Quarters: append([]Quarter{}, s.Quarters...), Findings: findingsJSON{Drills: s.DrillFindings, Incidents: s.Findings, Open: s.OpenFindings, Closed: s.ClosedFindings}}
	if d := s.LastDrill; d != nil {
		v.LastDrill = &lastDrillJSON{Date: d.At.In(s.Loc).Format(time.DateOnly), Ref: d.Ref, Scenario: d.Scenario}
	}
	if !s.Since.IsZero() {
		d := s.Since.In(s.Loc).Format(time.DateOnly)
		v.Since = &d
	}
	if !s.Until.IsZero() {
		d := s.Until.In(s.Loc).AddDate(0, 0, -1).Format(time.DateOnly)
		v.Until = &d
	}
	for _, mo := range s.Months {
		v.Months = append(v.Months, monthJSON{Month: mo.Month, Incidents: mo.Incidents, BySeverity: bySev(mo.BySeverity), Recover: m(mo.Recover)})
	}
	return v
}

// MarshalJSON of a Quarter: {"quarter": "2026-Q4", "drills": 1}.
func (q Quarter) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Quarter string `json:"quarter"`
		Drills  int    `json:"drills"`
	}{q.Quarter, q.Drills})
}

var statsMessages = workflow.Catalog{
	"stats.title_all":        {En: "Incident statistics (all time)", Ja: "インシデント統計（全期間）"},
	"stats.title_since":      {En: "Incident statistics since {since} ({zone})", Ja: "インシデント統計（{since}以降、{zone}）"},
	"stats.title_until":      {En: "Incident statistics until {until} ({zone})", Ja: "インシデント統計（{until}まで、{zone}）"},
	"stats.title_between":    {En: "Incident statistics from {since} to {until} ({zone})", Ja: "インシデント統計（{since}から{until}まで、{zone}）"},
	"stats.total":            {En: "Real incidents: {count} ({open} open, {closed} closed)", Ja: "実インシデント: {count}件（対応中{open}件、クローズ{closed}件）"},
	"stats.by_severity":      {En: "By severity: {list}", Ja: "重大度別: {list}"},
	"stats.sev_item":         {En: "{severity} {count}", Ja: "{severity} {count}件"},
	"stats.false_alarm":      {En: "False alarms: {count}", Ja: "誤検知: {count}件"},
	"stats.line":             {En: "{what}: {figures}", Ja: "{what}: {figures}"},
	"stats.measure":          {En: "median {p50}, 90th percentile {p90}, mean {mean} (over {count})", Ja: "中央値{p50}、90パーセンタイル{p90}、平均{mean}（{count}件）"},
	"stats.none":             {En: "none yet", Ja: "対象なし"},
	"stats.m.detect":         {En: "Time to detect", Ja: "検知までの時間"},
	"stats.m.acknowledge":    {En: "Time to acknowledge", Ja: "応答までの時間"},
	"stats.m.decision":       {En: "Time to first decision", Ja: "最初の意思決定までの時間"},
	"stats.m.contain":        {En: "Time to contain", Ja: "封じ込めまでの時間"},
	"stats.m.recover":        {En: "Time to recover", Ja: "復旧までの時間"},
	"stats.month":            {En: "{month}: {count} ({list}); time to recover, median {ttr}", Ja: "{month}: {count}件（{list}）。復旧までの時間の中央値 {ttr}"},
	"stats.drills":           {En: "Drills (counted apart): {count}", Ja: "演習（別集計）: {count}件"},
	"stats.quarter":          {En: "  {quarter}: {count} drill(s)", Ja: "  {quarter}: 演習{count}件"},
	"stats.findings":         {En: "Findings recorded: {drill} in drills, {real} in incidents; {open} open, {closed} closed.", Ja: "記録された発見事項: 演習で{drill}件、インシデントで{real}件（未完了{open}件、完了{closed}件）。"},
	"stats.last_drill":       {En: "Last drill: {date} ({ref}, scenario {scenario})", Ja: "最後の演習: {date}（{ref}、シナリオ {scenario}）"},
	"stats.last_drill_plain": {En: "Last drill: {date} ({ref})", Ja: "最後の演習: {date}（{ref}）"},
	"stats.last_drill_none":  {En: "Last drill: none in this period", Ja: "最後の演習: この期間にはなし"},
	"stats.sec.findings":     {En: "Findings", Ja: "発見事項"},
	"stats.c.recorded":       {En: "Recorded", Ja: "記録"},
	"stats.c.recorded_val":   {En: "{drill} in drills, {real} in incidents", Ja: "演習で{drill}件、インシデントで{real}件"},
	"stats.c.open":           {En: "Open", Ja: "未完了"},
	"stats.c.closed":         {En: "Closed", Ja: "完了"},
	"stats.about":            {En: "Real incidents only; drills are counted apart and enter no other figure. Medians and 90th percentiles are nearest-rank: each is a time some incident really took.", Ja: "実インシデントのみを集計し、演習は別に数えてほかの数字には含めません。中央値と90パーセンタイルは最近順位法によるため、いずれも実際のインシデントの値です。"},
	"stats.clocks":           {En: "Time to detect runs from when the problem began to its detection; to acknowledge and to the first decision, from the detection; to contain and to recover, from when the problem began. False alarms are left out.", Ja: "検知までの時間は発生から検知まで、応答と最初の意思決定までの時間は検知から、封じ込めと復旧までの時間は発生から数えます。誤検知は含めません。"},
	"stats.sec.incidents":    {En: "Incidents", Ja: "インシデント"},
	"stats.sec.times":        {En: "Times", Ja: "所要時間"},
	"stats.sec.months":       {En: "By month", Ja: "月別"},
	"stats.sec.drills":       {En: "Drills by quarter", Ja: "四半期ごとの演習"},
	"stats.c.total":          {En: "Real incidents", Ja: "実インシデント"},
	"stats.c.total_val":      {En: "{count} ({open} open, {closed} closed)", Ja: "{count}件（対応中{open}件、クローズ{closed}件）"},
	"stats.c.severity":       {En: "By severity", Ja: "重大度別"},
	"stats.c.false_alarms":   {En: "False alarms", Ja: "誤検知"},
	"stats.col.measure":      {En: "Measure", Ja: "指標"},
	"stats.col.p50":          {En: "Median", Ja: "中央値"},
	"stats.col.p90":          {En: "90th percentile", Ja: "90パーセンタイル"},
	"stats.col.mean":         {En: "Mean", Ja: "平均"},
	"stats.col.count":        {En: "Incidents", Ja: "件数"},
	"stats.col.month":        {En: "Month", Ja: "月"},
	"stats.col.incidents":    {En: "Incidents", Ja: "件数"},
	"stats.col.ttr":          {En: "Time to recover (median)", Ja: "復旧までの時間（中央値）"},
	"stats.col.quarter":      {En: "Quarter", Ja: "四半期"},
	"stats.col.drills":       {En: "Drills", Ja: "演習"},
	"stats.chart.aria":       {En: "Incidents and median time to recover, by month", Ja: "月別のインシデント件数と復旧までの時間の中央値"},
	"stats.chart.ttr":        {En: "Time to recover (median)", Ja: "復旧までの時間（中央値）"},
}
