package report

import (
	"slices"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Stats are the KPIs of real incidents (PRACTICE.md "Measuring"): counts,
// time to detect and time to recover. Drills are counted apart and never enter
// the other figures.
type Stats struct {
	// Since is the lower bound given to ComputeStats (zero: all time). An
	// incident counts when it was opened at or after Since.
	Since time.Time
	// Scale orders and names the severity levels in Text (default
	// workflow.DefaultScale()).
	Scale workflow.Scale

	Incidents   int                          // real incidents, false alarms included
	BySeverity  map[workflow.SeverityKey]int // real incidents by current severity
	Open        int                          // not closed
	Closed      int                          // closed, false alarms included
	FalseAlarms int                          // closed as false alarms

	// Time to detect (detected − started) over real incidents that were not
	// false alarms.
	Detected  int
	MeanTTD   time.Duration
	MedianTTD time.Duration

	// Time to recover (resolved − started) over real incidents that have been
	// resolved (reached post-incident); false alarms are never resolved.
	Recovered int
	MeanTTR   time.Duration
	MedianTTR time.Duration

	Drills int // tabletop drills opened since Since
}

// ComputeStats computes the statistics of the incidents opened at or after
// since (zero since: all). Incidents are taken as given, closed or open.
func ComputeStats(incs []*workflow.Incident, since time.Time) Stats {
	s := Stats{Since: since, Scale: workflow.DefaultScale(), BySeverity: map[workflow.SeverityKey]int{}}
	var ttd, ttr []time.Duration
	for _, inc := range incs {
		if inc == nil || (!since.IsZero() && inc.OpenedAt.Before(since)) {
			continue
		}
		if inc.Drill {
			s.Drills++
			continue
		}
		s.Incidents++
		s.BySeverity[inc.Severity]++
		if inc.IsClosed() {
			s.Closed++
		} else {
			s.Open++
		}
		if inc.FalseAlarm != "" {
			s.FalseAlarms++
			continue
		}
		ttd = append(ttd, inc.TimeToDetect())
		if d, ok := inc.TimeToRecover(); ok {
			ttr = append(ttr, d)
		}
	}
	s.Detected, s.MeanTTD, s.MedianTTD = len(ttd), mean(ttd), median(ttd)
	s.Recovered, s.MeanTTR, s.MedianTTR = len(ttr), mean(ttr), median(ttr)
	return s
}

func mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

// median is the middle value, or the mean of the two middle values.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Text renders the statistics for the terminal in language lang, one figure a
// line. Since is shown as the date it was given as, with its time zone.
func (s Stats) Text(lang workflow.Lang) string {
	scale := s.Scale
	if len(scale.Levels) == 0 {
		scale = workflow.DefaultScale()
	}
	t := func(key workflow.MsgKey, args workflow.Args) string { return render(lang, key, args) }
	span := func(d time.Duration) workflow.Span { return workflow.Span(d) }
	var lines []string
	if s.Since.IsZero() {
		lines = append(lines, t("stats.title_all", nil))
	} else {
		lines = append(lines, t("stats.title_since", workflow.Args{"since": s.Since.Format(time.DateOnly), "zone": s.Since.Location().String()}))
	}
	lines = append(lines, t("stats.total", workflow.Args{"count": s.Incidents, "open": s.Open, "closed": s.Closed}))

	// Every configured level is listed (0 where there were none), highest
	// first, then any stored key the scale no longer knows.
	keys := scale.Keys()
	slices.Reverse(keys)
	var unknown []string
	for k := range s.BySeverity {
		if scale.Rank(k) < 0 {
			unknown = append(unknown, string(k))
		}
	}
	slices.Sort(unknown)
	keys = append(keys, unknown...)
	items := make([]string, len(keys))
	for i, k := range keys {
		key := workflow.SeverityKey(k)
		items[i] = t("stats.sev_item", workflow.Args{"severity": scale.Level(key), "count": s.BySeverity[key]})
	}
	sep := ", "
	if lang == workflow.Japanese {
		sep = "、"
	}
	lines = append(lines, t("stats.by_severity", workflow.Args{"list": strings.Join(items, sep)}))
	lines = append(lines, t("stats.false_alarm", workflow.Args{"count": s.FalseAlarms}))
	if s.Detected > 0 {
		lines = append(lines, t("stats.ttd", workflow.Args{"mean": span(s.MeanTTD), "median": span(s.MedianTTD), "count": s.Detected}))
	} else {
		lines = append(lines, t("stats.ttd_none", nil))
	}
	if s.Recovered > 0 {
		lines = append(lines, t("stats.ttr", workflow.Args{"mean": span(s.MeanTTR), "median": span(s.MedianTTR), "count": s.Recovered}))
	} else {
		lines = append(lines, t("stats.ttr_none", nil))
	}
	lines = append(lines, t("stats.drills", workflow.Args{"count": s.Drills}))
	return strings.Join(lines, "\n") + "\n"
}
