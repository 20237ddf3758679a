package report

import (
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

func TestComputeStats(t *testing.T) {
	// incident builds a real incident opened at 09:00 on day d of November 2026,
	// detected ttd after it began and resolved ttr after it began (0: not yet).
	incident := func(d int, sev workflow.SeverityKey, ttd, ttr time.Duration, phase workflow.Phase) *workflow.Incident {
		opened := time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC)
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
	falseAlarm := incident(12, "low", 5*time.Minute, 0, workflow.PhaseClosed)
	falseAlarm.FalseAlarm = "a test alert"
	drill := incident(13, "high", time.Minute, time.Hour, workflow.PhaseClosed)
	drill.Drill = true
	oldDrill := incident(1, "high", time.Minute, time.Hour, workflow.PhaseClosed)
	oldDrill.Drill = true
	incs := []*workflow.Incident{
		incident(10, "high", 10*time.Minute, time.Hour, workflow.PhaseClosed),     // A
		incident(11, "medium", 30*time.Minute, 2*time.Hour, workflow.PhaseClosed), // B
		incident(12, "low", 20*time.Minute, 0, workflow.PhaseInvestigate),         // C: open, not resolved
		falseAlarm, // D: no TTD, no TTR
		incident(14, "medium", time.Hour, 4*time.Hour+30*time.Minute, workflow.PhasePost), // H: resolved, still open
		drill, // counted apart
		incident(2, "high", 3*time.Hour, 9*time.Hour, workflow.PhaseClosed), // before since
		oldDrill, // before since
		nil,
	}
	s := ComputeStats(incs, time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC))

	// By hand: TTD over A, B, C, H = 10m, 30m, 20m, 60m → mean 30m; sorted
	// 10, 20, 30, 60 → median (20+30)/2 = 25m. TTR over A, B, H = 1h, 2h, 4h30m
	// → mean 7h30m/3 = 2h30m, median 2h.
	want := Stats{
		Incidents: 5, Open: 2, Closed: 3, FalseAlarms: 1,
		Detected: 4, MeanTTD: 30 * time.Minute, MedianTTD: 25 * time.Minute,
		Recovered: 3, MeanTTR: 2*time.Hour + 30*time.Minute, MedianTTR: 2 * time.Hour,
		Drills: 1,
	}
	if s.Incidents != want.Incidents || s.Open != want.Open || s.Closed != want.Closed || s.FalseAlarms != want.FalseAlarms ||
		s.Detected != want.Detected || s.MeanTTD != want.MeanTTD || s.MedianTTD != want.MedianTTD ||
		s.Recovered != want.Recovered || s.MeanTTR != want.MeanTTR || s.MedianTTR != want.MedianTTR || s.Drills != want.Drills {
		t.Errorf("stats = %+v\nwant    %+v", s, want)
	}
	if s.BySeverity["high"] != 1 || s.BySeverity["medium"] != 2 || s.BySeverity["low"] != 2 {
		t.Errorf("by severity = %v", s.BySeverity)
	}

	en := s.Text(workflow.English)
	for _, line := range []string{
		"Incident statistics since 2026-11-10 (UTC)",
		"Real incidents: 5 (2 open, 3 closed)",
		"By severity: High 1, Medium 2, Low 2",
		"False alarms: 1",
		"Time to detect: mean 30m, median 25m (over 4 incidents)",
		"Time to recover: mean 2h 30m, median 2h (over 3 recovered)",
		"Drills (counted apart): 1",
	} {
		if !strings.Contains(en, line+"\n") {
			t.Errorf("text lacks %q:\n%s", line, en)
		}
	}
	ja := s.Text(workflow.Japanese)
	for _, line := range []string{
		"インシデント統計（2026-11-10以降、UTC）",
		"実インシデント: 5件（対応中2件、クローズ3件）",
		"重大度別: 高 1件、中 2件、低 2件",
		"検知までの時間: 平均30分、中央値25分（4件）",
		"復旧までの時間: 平均2時間30分、中央値2時間（復旧済み3件）",
		"演習（別集計）: 1件",
	} {
		if !strings.Contains(ja, line+"\n") {
			t.Errorf("text (ja) lacks %q:\n%s", line, ja)
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
	s := ComputeStats(nil, time.Date(2026, 1, 1, 0, 0, 0, 0, tokyo))
	if en := s.Text(workflow.English); !strings.HasPrefix(en, "Incident statistics since 2026-01-01 (Asia/Tokyo)\n") {
		t.Errorf("title:\n%s", en)
	}
	if ja := s.Text(workflow.Japanese); !strings.HasPrefix(ja, "インシデント統計（2026-01-01以降、Asia/Tokyo）\n") {
		t.Errorf("title (ja):\n%s", ja)
	}
}

func TestComputeStatsEmptyAndAllTime(t *testing.T) {
	s := ComputeStats(nil, time.Time{})
	en := s.Text(workflow.English)
	for _, line := range []string{
		"Incident statistics (all time)", "Real incidents: 0 (0 open, 0 closed)", "By severity: High 0, Medium 0, Low 0",
		"Time to detect: no incidents yet", "Time to recover: none recovered yet", "Drills (counted apart): 0",
	} {
		if !strings.Contains(en, line+"\n") {
			t.Errorf("text lacks %q:\n%s", line, en)
		}
	}
	// A key the scale no longer has is still counted, after the known ones.
	old := &workflow.Incident{Severity: "critical", Phase: workflow.PhaseDetect}
	if got := ComputeStats([]*workflow.Incident{old}, time.Time{}).Text(workflow.English); !strings.Contains(got, "By severity: High 0, Medium 0, Low 0, critical 1\n") {
		t.Errorf("unknown severity:\n%s", got)
	}
}
