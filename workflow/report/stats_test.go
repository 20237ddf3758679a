package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// facts makes the facts of incidents without a timeline.
func facts(incs ...*workflow.Incident) []Facts {
	out := make([]Facts, len(incs))
	for i, inc := range incs {
		out[i] = Facts{Incident: inc}
	}
	return out
}

func TestComputeStats(t *testing.T) {
	// incident builds a real incident opened at 09:00 on day d of month mo
	// 2026, detected ttd after it began and resolved ttr after it began (0:
	// not yet).
	incident := func(mo time.Month, d int, sev workflow.SeverityKey, ttd, ttr time.Duration, phase workflow.Phase) *workflow.Incident {
		opened := time.Date(2026, mo, d, 9, 0, 0, 0, time.UTC)
		started := opened.Add(-ttd)
		inc := &workflow.Incident{Severity: sev, Phase: phase, StartedAt: started, DetectedAt: opened, OpenedAt: opened}
		if ttr > 0 {
			inc.ResolvedAt = started.Add(ttr)
		}
		if phase == workflow.PhaseClosed {
			inc.ClosedAt = opened.Add(5 * time.Hour)
		}
		return inc
	}
	falseAlarm := incident(11, 12, "low", 5*time.Minute, 0, workflow.PhaseClosed)
	falseAlarm.FalseAlarm = "a test alert"
	drill := incident(11, 13, "high", time.Minute, time.Hour, workflow.PhaseClosed)
	drill.Drill, drill.Findings = true, 3
	oldDrill := incident(11, 1, "high", time.Minute, time.Hour, workflow.PhaseClosed)
	oldDrill.Drill = true
	lateDrill := incident(12, 20, "low", time.Minute, time.Hour, workflow.PhaseClosed)
	lateDrill.Drill = true
	a := incident(11, 10, "high", 10*time.Minute, time.Hour, workflow.PhaseClosed)
	a.Findings = 1
	fs := facts(
		a, // A
		incident(11, 11, "medium", 30*time.Minute, 2*time.Hour, workflow.PhaseClosed), // B
		incident(11, 12, "low", 20*time.Minute, 0, workflow.PhaseInvestigate),         // C: open, not resolved
		falseAlarm, // D: no times
		incident(12, 14, "medium", time.Hour, 4*time.Hour+30*time.Minute, workflow.PhasePost), // H: resolved, still open, December
		drill, lateDrill, // counted apart
		incident(11, 2, "high", 3*time.Hour, 9*time.Hour, workflow.PhaseClosed), // before since
		oldDrill, // before since
		incident(2027, 1, "high", time.Minute, time.Hour, workflow.PhaseClosed), // after until (month 2027 wraps to 2194: far out)
		nil,
	)
	// A was acknowledged 4m after detection and decided 10m after; B
	// decided at a time logged later, 2m after detection; A and B contained.
	fs[0].FirstAck, fs[0].FirstDecision, fs[0].Contained = a.DetectedAt.Add(4*time.Minute), a.DetectedAt.Add(10*time.Minute), a.StartedAt.Add(40*time.Minute)
	b := fs[1].Incident
	fs[1].FirstDecision, fs[1].Contained = b.DetectedAt.Add(2*time.Minute), b.StartedAt.Add(90*time.Minute)
	// A's follow-up is open; two of the drill's three findings are done.
	fs[0].Findings = []workflow.Finding{{Number: 1}}
	fs[5].Findings = []workflow.Finding{{Number: 1, Closed: true}, {Number: 2}, {Number: 3, Closed: true}}
	// The late drill ran scenario entry-form-leak, started after it was opened.
	lateDrill.Number, lateDrill.DrillRun = 4, &workflow.DrillRun{Scenario: "entry-form-leak", StartedAt: lateDrill.OpenedAt.Add(time.Minute)}
	since, until := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	s := ComputeStats(fs, since, until, time.UTC)

	// By hand: TTD over A, B, C, H = 10m, 30m, 20m, 60m → mean 30m; sorted
	// 10, 20, 30, 60 → nearest-rank median the 2nd (20m), 90th the 4th
	// (60m). TTR over A, B, H = 1h, 2h, 4h30m → mean 2h30m, median 2h, 90th
	// 4h30m.
	want := map[string]Measure{
		"detect":      {Count: 4, Mean: 30 * time.Minute, P50: 20 * time.Minute, P90: time.Hour},
		"acknowledge": {Count: 1, Mean: 4 * time.Minute, P50: 4 * time.Minute, P90: 4 * time.Minute},
		"decision":    {Count: 2, Mean: 6 * time.Minute, P50: 2 * time.Minute, P90: 10 * time.Minute},
		"contain":     {Count: 2, Mean: 65 * time.Minute, P50: 40 * time.Minute, P90: 90 * time.Minute},
		"recover":     {Count: 3, Mean: 2*time.Hour + 30*time.Minute, P50: 2 * time.Hour, P90: 4*time.Hour + 30*time.Minute},
	}
	got := map[string]Measure{"detect": s.Detect, "acknowledge": s.Acknowledge, "decision": s.FirstDecision, "contain": s.Contain, "recover": s.Recover}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %+v, want %+v", k, got[k], w)
		}
	}
	if s.Incidents != 5 || s.Open != 2 || s.Closed != 3 || s.FalseAlarms != 1 || s.Drills != 2 || s.DrillFindings != 3 || s.Findings != 1 {
		t.Errorf("stats = %+v", s)
	}
	if s.BySeverity["high"] != 1 || s.BySeverity["medium"] != 2 || s.BySeverity["low"] != 2 {
		t.Errorf("by severity = %v", s.BySeverity)
	}
	if len(s.Months) != 2 || s.Months[0].Month != "2026-11" || s.Months[0].Incidents != 4 || s.Months[1].Month != "2026-12" ||
		s.Months[1].Incidents != 1 || s.Months[0].Recover.P50 != time.Hour || s.Months[1].Recover.P50 != 4*time.Hour+30*time.Minute {
		t.Errorf("months = %+v", s.Months)
	}
	if len(s.Quarters) != 1 || s.Quarters[0] != (Quarter{"2026-Q4", 2}) {
		t.Errorf("quarters = %+v", s.Quarters)
	}
	if d := s.LastDrill; d == nil || d.Ref != "#D-4" || d.Scenario != "entry-form-leak" || !d.At.Equal(lateDrill.OpenedAt.Add(time.Minute)) ||
		s.OpenFindings != 2 || s.ClosedFindings != 2 {
		t.Errorf("last drill %+v, findings %d open, %d closed", d, s.OpenFindings, s.ClosedFindings)
	}

	en := s.Text(workflow.English)
	for _, line := range []string{
		"Incident statistics from 2026-11-10 to 2026-12-31 (UTC)",
		"Real incidents: 5 (2 open, 3 closed)",
		"By severity: High 1, Medium 2, Low 2",
		"False alarms: 1",
		"Time to detect: median 20m, 90th percentile 1h, mean 30m (over 4)",
		"Time to acknowledge: median 4m, 90th percentile 4m, mean 4m (over 1)",
		"Time to first decision: median 2m, 90th percentile 10m, mean 6m (over 2)",
		"Time to contain: median 40m, 90th percentile 1h 30m, mean 1h 5m (over 2)",
		"Time to recover: median 2h, 90th percentile 4h 30m, mean 2h 30m (over 3)",
		"2026-11: 4 (High 1, Medium 1, Low 2); time to recover, median 1h",
		"Drills (counted apart): 2",
		"  2026-Q4: 2 drill(s)",
		"Last drill: 2026-12-20 (#D-4, scenario entry-form-leak)",
		"Findings recorded: 3 in drills, 1 in incidents; 2 open, 2 closed.",
	} {
		if !strings.Contains(en, line+"\n") {
			t.Errorf("text lacks %q:\n%s", line, en)
		}
	}
	ja := s.Text(workflow.Japanese)
	for _, line := range []string{
		"インシデント統計（2026-11-10から2026-12-31まで、UTC）",
		"実インシデント: 5件（対応中2件、クローズ3件）",
		"重大度別: 高 1件、中 2件、低 2件",
		"検知までの時間: 中央値20分、90パーセンタイル1時間、平均30分（4件）",
		"復旧までの時間: 中央値2時間、90パーセンタイル4時間30分、平均2時間30分（3件）",
		"演習（別集計）: 2件",
		"最後の演習: 2026-12-20（#D-4、シナリオ entry-form-leak）",
		"記録された発見事項: 演習で3件、インシデントで1件（未完了2件、完了2件）。",
	} {
		if !strings.Contains(ja, line+"\n") {
			t.Errorf("text (ja) lacks %q:\n%s", line, ja)
		}
	}

	// JSON: seconds, months, quarters; null where nothing was measured.
	var buf bytes.Buffer
	if err := s.Write(&buf, StatsJSON, workflow.English); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Format    string `json:"format"`
		Since     string `json:"since"`
		Until     string `json:"until"`
		Incidents int    `json:"incidents"`
		Recover   struct {
			Count int    `json:"count"`
			P50   *int64 `json:"p50_seconds"`
			P90   *int64 `json:"p90_seconds"`
		} `json:"time_to_recover"`
		Months []struct {
			Month      string         `json:"month"`
			BySeverity map[string]int `json:"by_severity"`
		} `json:"months"`
		Quarters []struct {
			Quarter string `json:"quarter"`
			Drills  int    `json:"drills"`
		} `json:"drills_by_quarter"`
		Findings struct {
			Drills int `json:"in_drills"`
			Open   int `json:"open"`
			Closed int `json:"closed"`
		} `json:"findings"`
		LastDrill *struct {
			Date string `json:"date"`
			Ref  string `json:"ref"`
		} `json:"last_drill"`
	}
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Format != StatsFormatVersion || j.Since != "2026-11-10" || j.Until != "2026-12-31" || j.Incidents != 5 || j.Recover.Count != 3 ||
		*j.Recover.P50 != 7200 || *j.Recover.P90 != 16200 || len(j.Months) != 2 || j.Months[0].BySeverity["low"] != 2 ||
		len(j.Quarters) != 1 || j.Quarters[0].Drills != 2 || j.Findings.Drills != 3 || j.Findings.Open != 2 || j.Findings.Closed != 2 ||
		j.LastDrill == nil || j.LastDrill.Date != "2026-12-20" || j.LastDrill.Ref != "#D-4" {
		t.Errorf("json = %s", buf.Bytes())
	}
	statsFieldsDocumented(t, buf.Bytes())

	// Markdown and HTML: the same figures; HTML draws the months.
	for _, f := range []StatsFormat{StatsMarkdown, StatsHTML} {
		buf.Reset()
		if err := s.Write(&buf, f, workflow.Japanese); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{"90パーセンタイル", "2026-11", "2026-Q4", "復旧までの時間", "最後の演習: 2026-12-20", "未完了"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
		if f == StatsHTML && (!strings.Contains(out, `<g data-chart="ttr">`) || !strings.Contains(out, "<svg")) {
			t.Error("the HTML statistics have no chart of the months")
		}
	}
}

// Nearest rank: the p-th percentile is a value the data has, the smallest
// with at least p% of the values at or below it.
func TestNearestRank(t *testing.T) {
	m := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x)
		}
		return out
	}
	for _, tc := range []struct {
		data     []time.Duration
		p50, p90 time.Duration
	}{
		{m(7), 7, 7},
		{m(1, 2), 1, 2},
		{m(1, 2, 3), 2, 3},
		{m(10, 20, 30, 40, 50, 60, 70, 80, 90, 100), 50, 90},
		{m(100, 1, 50, 2, 3, 4, 5, 6, 7, 8, 9), 6, 50},
	} {
		got := measure(tc.data)
		if got.P50 != tc.p50 || got.P90 != tc.p90 {
			t.Errorf("%v: p50 %d p90 %d, want %d %d", tc.data, got.P50, got.P90, tc.p50, tc.p90)
		}
	}
}

// --since is a date in the configured zone; the title shows it as given,
// with the zone, not as the UTC date it begins on.
func TestStatsSinceInItsZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	s := ComputeStats(nil, time.Date(2026, 1, 1, 0, 0, 0, 0, tokyo), time.Time{}, tokyo)
	if en := s.Text(workflow.English); !strings.HasPrefix(en, "Incident statistics since 2026-01-01 (Asia/Tokyo)\n") {
		t.Errorf("title:\n%s", en)
	}
	if ja := s.Text(workflow.Japanese); !strings.HasPrefix(ja, "インシデント統計（2026-01-01以降、Asia/Tokyo）\n") {
		t.Errorf("title (ja):\n%s", ja)
	}
}

func TestComputeStatsEmptyAndAllTime(t *testing.T) {
	s := ComputeStats(nil, time.Time{}, time.Time{}, nil)
	en := s.Text(workflow.English)
	for _, line := range []string{
		"Incident statistics (all time)", "Real incidents: 0 (0 open, 0 closed)", "By severity: High 0, Medium 0, Low 0",
		"Time to detect: none yet", "Time to recover: none yet", "Drills (counted apart): 0",
	} {
		if !strings.Contains(en, line+"\n") {
			t.Errorf("text lacks %q:\n%s", line, en)
		}
	}
	// A key the scale no longer has is still counted, after the known ones.
	old := &workflow.Incident{Severity: "critical", Phase: workflow.PhaseDetect}
	if got := ComputeStats(facts(old), time.Time{}, time.Time{}, nil).Text(workflow.English); !strings.Contains(got, "By severity: High 0, Medium 0, Low 0, critical 1\n") {
		t.Errorf("unknown severity:\n%s", got)
	}
	for _, f := range []StatsFormat{StatsMarkdown, StatsHTML, StatsJSON} {
		var buf bytes.Buffer
		if err := s.Write(&buf, f, workflow.English); err != nil || buf.Len() == 0 {
			t.Errorf("%s of nothing: %v", f, err)
		}
	}
}

// ReadFacts reads the first acknowledgement, the first decision (when it
// was taken, if logged later) and the containment from the timeline.
func TestReadFacts(t *testing.T) {
	tl := jaSession(t)
	f, err := ReadFacts(fold(t, tl.events), workflow.EventList(tl.events))
	if err != nil {
		t.Fatal(err)
	}
	if !f.FirstAck.Equal(at(0, 14)) || !f.FirstDecision.Equal(at(0, 18)) || !f.Contained.Equal(at(3, 30)) {
		t.Errorf("facts = ack %v, decision %v, contained %v", f.FirstAck, f.FirstDecision, f.Contained)
	}
	if len(f.Findings) != 1 || f.Findings[0].Closed {
		t.Errorf("findings of the Japanese session: %+v", f.Findings)
	}
	// The findings with their closing: one done, one open.
	v := voiceSession(t)
	if f, err = ReadFacts(fold(t, v.events), workflow.EventList(v.events)); err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 2 || !f.Findings[0].Closed || f.Findings[0].Note != "monthly update added to the maintenance calendar" || f.Findings[1].Closed {
		t.Errorf("findings %+v", f.Findings)
	}
}

// statsFieldsDocumented checks the statistics' JSON against the tables of
// "Statistics" in docs/export.md: every measure's fields are documented once
// ("Each measure is an object"), a severity map's keys are data.
func statsFieldsDocumented(t *testing.T, j []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	paths("", v, all)
	found := map[string]bool{}
	for p := range all {
		parts := strings.Split(p, ".")
		switch n := len(parts); {
		case n > 1 && strings.HasSuffix(parts[n-2], "by_severity"):
			continue
		case n > 1 && strings.HasPrefix(parts[n-2], "time_to_"):
			p = parts[n-1]
		}
		found[p] = true
	}
	compareFields(t, found, documentedFields(t, "## Statistics", "## 概要（日本語）"))
}
