package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// Every command that takes a time repeats it as read, in full, and warns
// when a time without a date was taken as yesterday's. The harness clock
// stands at 2026-11-20 09:15 in Tokyo.
func TestTimesAreEchoed(t *testing.T) {
	tests := []struct {
		name  string
		setup []string // run first, as sato
		in    string
		lang  workflow.Lang
		want  []string // reply lines, in order (a line may be a prefix)
	}{
		{"open, both times earlier today", nil,
			"open high spam started: 08:50 detected: 09:12", workflow.English,
			[]string{"Opened #1 (High): spam. Commander: @sato.",
				"Started 2026-11-20 08:50 JST (today) · Detected 2026-11-20 09:12 JST (today)"}},
		{"open, no times: both now", nil,
			"open spam", workflow.English,
			[]string{"Opened #1 (Low): spam. Commander: @sato.",
				"Started 2026-11-20 09:15 JST (today) · Detected 2026-11-20 09:15 JST (today)"}},
		{"open, a bare time still ahead today rolls back a day, with a warning", nil,
			"open spam 発生：23:50", workflow.English,
			[]string{"Opened #1 (Low): spam. Commander: @sato.",
				"Started 2026-11-19 23:50 JST (yesterday) · Detected 2026-11-20 09:15 JST (today)",
				"Note: the start time (started:) 23:50 is later than the time now (09:15 JST), so it was read as yesterday's: 2026-11-19 23:50 JST (yesterday). If you meant another day, give the date as well, e.g. 2026-11-19 23:50."}},
		{"open in Japanese", nil,
			"open spam 発生：23:50 検知：9:00", workflow.Japanese,
			[]string{"#1を起票しました（重大度 低）: spam。指揮者: @sato。",
				"発生 2026-11-19 23:50 JST（昨日） · 検知 2026-11-20 09:00 JST（今日）",
				"注意: 発生時刻（発生:）の 23:50 は現在時刻（09:15 JST）より後のため、昨日の時刻として読みました: 2026-11-19 23:50 JST（昨日）。別の日のことなら日付も書いてください（例: 2026-11-19 23:50）。"}},
		{"open, a date given: no warning", nil,
			"open spam started: 2026-11-18 23:50", workflow.English,
			[]string{"Opened #1 (Low): spam. Commander: @sato.",
				"Started 2026-11-18 23:50 JST (2 days ago) · Detected 2026-11-20 09:15 JST (today)",
				"Next: "}},
		{"decision at:, today", []string{"open spam"},
			"decision stop the form | why: leak | at: 08:40", workflow.English,
			[]string{"#1: decision 1 recorded (event 2).", "Decided at 2026-11-20 08:40 JST (today)."}},
		{"decision at: rolled back, by: given", []string{"open spam"},
			"decision stop the form | why: leak | 時刻：10:40 | 決定者：@tanaka", workflow.English,
			[]string{"#1: decision 1 recorded (event 2).", "Decided by @tanaka.", "Decided at 2026-11-19 10:40 JST (yesterday).",
				"Note: the time of the decision (at:) 10:40 is later than the time now (09:16 JST)"}},
		{"amend at:", []string{"open spam", "decision x | why: y"},
			"amend 1 at: 2026-11-20 07:00", workflow.Japanese,
			[]string{"#1: 意思決定1を訂正しました（イベント3）。元の記録はログに残ります。", "決定時刻: 2026-11-20 07:00 JST（今日）"}},
		{"finding due:", []string{"open spam"},
			"finding no night number | due: 2026-12-15", workflow.English,
			[]string{"#1: finding recorded (event 2).", "Due 2026-12-15 (in 25 days)."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tc.setup {
				h.run("sato", s)
			}
			if len(tc.setup) > 0 {
				h.clock.Set(time.Date(2026, 11, 20, 9, 16, 0, 0, h.tokyo))
			}
			r, err := h.svc.Execute(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("sato"), Lang: tc.lang, Text: tc.in})
			if err != nil {
				t.Fatalf("%s: %v", tc.in, err)
			}
			got := strings.Split(workflow.RenderAll(tc.lang, r.Lines), "\n")
			for i, w := range tc.want {
				if i >= len(got) || !strings.HasPrefix(got[i], w) {
					t.Fatalf("reply line %d: want %q\nreply:\n%s", i+1, w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// by: and at: are stored on the decision: by defaults to the commander at
// the time, me is the one typing, amend corrects either.
func TestDecidedByAndAt(t *testing.T) {
	h := newHarness(t)
	h.run("operator", "open spam")
	h.run("operator", "assign commander @sato")
	h.run("operator", "decision a | why: b")
	h.run("operator", "decision c | why: d | by: me | at: 08:30")
	h.run("operator", "decision e | why: f | 判断者: <@U9|tanaka>")
	inc := h.run("operator", "amend 1 決定者: @suzuki | 決定時刻: 2026-11-20 07:45").Incident
	if inc.LastDecision.DecidedBy != (workflow.Person{ID: "U9", Name: "tanaka"}) {
		t.Errorf("last decision: %+v", inc.LastDecision)
	}
	_, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("operator"), workflow.Ref{Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []workflow.DecisionFields
	for _, e := range events {
		p, _ := e.Payload()
		switch x := p.(type) {
		case workflow.DecisionRecorded:
			got = append(got, x.DecisionFields)
		case workflow.Amended:
			got = append(got, x.DecisionFields)
		}
	}
	at := func(hh, mm int) time.Time { return time.Date(2026, 11, 20, hh, mm, 0, 0, h.tokyo).UTC() }
	want := []workflow.DecisionFields{
		{Decision: "a", Why: "b", DecidedBy: workflow.Person{ID: "sato", Name: "sato"}},
		{Decision: "c", Why: "d", DecidedBy: workflow.Person{ID: "operator", Name: "operator"}, DecidedAt: at(8, 30)},
		{Decision: "e", Why: "f", DecidedBy: workflow.Person{ID: "U9", Name: "tanaka"}},
		{DecidedBy: workflow.Person{ID: "suzuki", Name: "suzuki"}, DecidedAt: at(7, 45)},
	}
	if len(got) != len(want) {
		t.Fatalf("decision events: %+v", got)
	}
	for i := range want {
		if got[i].Decision != want[i].Decision || got[i].Why != want[i].Why || got[i].DecidedBy != want[i].DecidedBy || !got[i].DecidedAt.Equal(want[i].DecidedAt) {
			t.Errorf("event %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	merged := workflow.MergeDecision(got[0], got[3])
	if merged.DecidedBy.ID != "suzuki" || !merged.DecidedAt.Equal(at(7, 45)) || merged.Decision != "a" {
		t.Errorf("amended decision 1: %+v", merged)
	}
	if err := h.fail("operator", "decision g | why: h | at: 23:59 2026-11-21"); err == nil {
		t.Error("a time that is not a time was accepted")
	}
	if err := h.fail("operator", "decision g | why: h | at: 2026-11-21 10:00"); !strings.Contains(err.Error(), "future") {
		t.Errorf("a future at: %v", err)
	}
}

// Decisions recorded before by: and at: existed still load.
func TestOldDecisionPayloadLoads(t *testing.T) {
	info, ok := workflow.EventDecision.Info()
	if !ok {
		t.Fatal("no decision kind")
	}
	p, err := info.Decode([]byte(`{"decision":"a","why":"b","action":"c"}`))
	if err != nil {
		t.Fatal(err)
	}
	d := p.(workflow.DecisionRecorded)
	if d.Decision != "a" || d.Action != "c" || !d.DecidedBy.IsZero() || !d.DecidedAt.IsZero() {
		t.Errorf("old payload read as %+v", d)
	}
}
