package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

const drillSecret = "vpn password is correct-horse-battery"

// drillSession is drill D-2 at speed 1: three injects (the first expects a
// commander by T+5m, which comes at T+3m; the second raises the severity
// and expects a decision by T+20m, which never comes), a simulated tech
// chain acknowledged by a participant, two findings (the second redacted),
// and the end by command with its scorecard.
func drillSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000009")}
	system := workflow.SystemActor
	t1 := workflow.Person{ID: "t1"}
	tl.add(t, kato, at(10, 0), workflow.Opened{Title: "Drill: ransomware at a vendor", Severity: "medium", Drill: true, Number: 2,
		Opener: kato.Person(), StartedAt: at(10, 0), DetectedAt: at(10, 0)}) // 1
	tl.add(t, kato, at(10, 0), workflow.DrillStarted{Scenario: "vendor-ransomware", Title: txt("Ransomware at a vendor", "委託先のランサムウェア"),
		Runbook: "ransomware", Speed: 1, End: 30 * time.Minute, Injects: []workflow.DrillInject{
			{At: 0, Text: txt("The vendor's PC shows a ransom note.", "委託先のPCに脅迫文"),
				Expect: &workflow.DrillExpect{Kind: workflow.ExpectRoleAssigned, Role: workflow.RoleCommander, Deadline: 5 * time.Minute}},
			{At: 10 * time.Minute, Text: txt("Backups on the file server are encrypted too.", "ファイルサーバーのバックアップも暗号化"), Raise: "high",
				Expect: &workflow.DrillExpect{Kind: workflow.ExpectDecision, Deadline: 20 * time.Minute}},
			{At: 20 * time.Minute, Text: txt("A customer asks whether their data is safe.", "顧客から問い合わせ")},
		}}) // 2
	tl.add(t, kato, at(10, 0), workflow.RunbookAttached{Name: "ransomware", Title: txt("Ransomware", "ランサムウェア"),
		Phases: []workflow.RunbookPhase{{Phase: workflow.PhaseDetect, Items: []workflow.RunbookItem{
			{Text: txt("Unplug the PC from the network", "PCをネットワークから外す"), Owner: workflow.RoleTech},
			{Text: txt("Photograph the ransom note", "脅迫文を撮影する"), Evidence: true},
		}}}}) // 3
	tl.add(t, system, at(10, 0), workflow.Notified{Target: "user:t1", Role: workflow.RoleTech, Person: t1, Level: "medium", Chase: true,
		Reason: workflow.NotifyOpened, Simulated: true}) // 4
	tl.add(t, system, at(10, 0), workflow.InjectPosted{Index: 1, Text: txt("The vendor's PC shows a ransom note.", "委託先のPCに脅迫文")})                // 5
	tl.add(t, suzuki, at(10, 2), workflow.ChecklistTicked{Phase: workflow.PhaseDetect, Item: 1, Text: txt("Unplug the PC from the network", "")}) // 6
	tl.add(t, sato, at(10, 3), workflow.RoleAssigned{Role: workflow.RoleCommander, To: sato.Person()})                                            // 7
	tl.add(t, suzuki, at(10, 4), workflow.Acknowledged{Role: workflow.RoleTech, By: suzuki.Person(), After: 4 * time.Minute, Level: "medium"})    // 8
	tl.add(t, system, at(10, 5), workflow.ExpectationMet{Index: 1, DrillExpect: workflow.DrillExpect{Kind: workflow.ExpectRoleAssigned,
		Role: workflow.RoleCommander, Deadline: 5 * time.Minute}, After: 3 * time.Minute}) // 9
	tl.add(t, system, at(10, 10), workflow.InjectPosted{Index: 2, At: 10 * time.Minute, Text: txt("Backups on the file server are encrypted too.", ""), Raise: "high"}) // 10
	tl.add(t, system, at(10, 10), workflow.SeverityChanged{From: "medium", To: "high", Reason: "scenario vendor-ransomware, inject 2"})                                 // 11
	tl.add(t, system, at(10, 10), workflow.Notified{Target: "user:t1", Role: workflow.RoleTech, Person: t1, Level: "high", Chase: true, Page: true,
		Reason: workflow.NotifyRaised, Simulated: true}) // 12
	tl.add(t, system, at(10, 10), workflow.Notified{Target: "channel:C0ALERTS", Level: "high", Reason: workflow.NotifyRaised, Simulated: true}) // 13
	tl.add(t, sato, at(10, 15), workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: "the vendor's emergency number is out of date",
		Owner: workflow.Person{ID: "tanaka"}, Due: "2026-12-15"}}) // 14
	tl.add(t, suzuki, at(10, 16), workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: drillSecret}}) // 15
	tl.add(t, sato, at(10, 17), workflow.Redaction{Seq: 15, Reason: "pasted a password"})                             // 16
	tl.redact(15)
	tl.add(t, system, at(10, 20), workflow.ExpectationMissed{Index: 2, DrillExpect: workflow.DrillExpect{Kind: workflow.ExpectDecision, Deadline: 20 * time.Minute}}) // 17
	tl.add(t, system, at(10, 20), workflow.InjectPosted{Index: 3, At: 20 * time.Minute, Text: txt("A customer asks whether their data is safe.", "")})                // 18
	sc := workflow.Score(fold(t, tl.events), tl.events, at(10, 25))
	tl.add(t, kato, at(10, 25), workflow.DrillEnded{Reason: workflow.DrillEndCommand, Scorecard: sc})                   // 19
	tl.add(t, system, at(10, 25), workflow.EscalationCancelled{Role: workflow.RoleTech, Reason: workflow.CancelClosed}) // 20
	return tl
}

func TestDrillScorecardSection(t *testing.T) {
	tl := drillSession(t)
	r := build(t, tl.events)
	d := r.Drill
	if d == nil || d.Scenario != "vendor-ransomware" || d.Speed != 1 || len(d.Injects) != 3 || d.Injects[1].PostedSeq != 10 ||
		d.EndReason != workflow.DrillEndCommand || d.EndedAt == nil || d.Scorecard == nil {
		t.Fatalf("drill %+v", d)
	}
	sc := d.Scorecard
	if sc.Seq != 19 || sc.Length != 25*60 || sc.FirstDecision != nil || len(sc.Expectations) != 2 ||
		sc.Expectations[1].Result != workflow.ExpectationResultMissed || *sc.Expectations[0].MetAt != 180 ||
		len(sc.Contacts) != 2 || sc.Contacts[0].AckedBy.ID != "suzuki" || *sc.Contacts[0].After != 240 ||
		sc.Contacts[1].Outcome != workflow.ContactUnanswered || !sc.ChecklistTracked || sc.Checklist[0].Done != 1 ||
		len(sc.Findings) != 2 {
		t.Errorf("scorecard %+v", sc)
	}
	if len(r.Findings) != 2 || r.Findings[0].Owner.ID != "tanaka" || !r.Findings[1].Redacted || r.Findings[1].Text != "" {
		t.Errorf("findings %+v", r.Findings)
	}
	if inc := fold(t, tl.events); !inc.IsClosed() || r.Summary.ClosedAt == nil {
		t.Errorf("an ended drill is closed: %s", inc.Phase)
	}

	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"> This is a tabletop drill, not a real incident.",
		"## Drill scorecard",
		"Scenario vendor-ransomware (Ransomware at a vendor), rehearsing runbook ransomware; clock ×1;",
		"Ended with /incident drill end at 2026-11-20 10:25 UTC.",
		"| 2 | T+10m | Backups on the file server are encrypted too. | High | a decision logged by T+20m | 2026-11-20 10:10 UTC |",
		"| 3 | T+20m | A customer asks whether their data is safe. | — | — | 2026-11-20 10:20 UTC |",
		"| Drill time | 25m |",
		"| Injects posted | 3 of 3 |",
		"| First decision | none logged |",
		"| Expectations | 1 of 2 met, 1 missed |",
		"| Checklist | detect 1/2 |",
		"| Findings | 2 (events 14, 15) |",
		"| commander | T+3m | @sato |",
		"| tech | never | — |",
		"| tech | Medium | @t1 | acknowledged | @suzuki | 4m |",
		"| tech | High | @t1 | no answer by the end | — | — |",
		"Would also inform: channel:C0ALERTS.",
		"| 1 | inject 1 | commander assigned by T+5m | met | T+3m (10:03) |",
		"| 2 | inject 2 | a decision logged by T+20m | MISSED | not by T+20m (10:20) |",
		"## Findings",
		"| 1 | the vendor's emergency number is out of date | @tanaka | 2026-12-15 | open | — | — | 2026-11-20 10:15 UTC (T+15m) by @sato (event 14) |",
		"| 2 | (redacted) | — | — | open | — | — | 2026-11-20 10:16 UTC (T+16m) by @suzuki (event 15) |",
		"| closed | drill ended | 2026-11-20 10:25 UTC | — | — |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	checkNoKeys(t, md)
	ja := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{"## 演習の評価結果", "| 2 | 状況付与2 | T+20分までに意思決定を記録 | 未達 | T+20分（10:20）までに未達 |", "| 技術担当 | 中 | @t1 | 応答あり | @suzuki | 4分 |", "## 発見事項"} {
		if !strings.Contains(ja, want) {
			t.Errorf("markdown (ja) lacks %q", want)
		}
	}
	checkNoKeys(t, ja)
	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md+ja+string(j), "correct-horse") {
		t.Error("the redacted finding reached the report")
	}
	var v struct {
		Drill struct {
			Scorecard struct {
				Expectations []struct {
					Inject int    `json:"inject"`
					Kind   string `json:"kind"`
					Result string `json:"result"`
				} `json:"expectations"`
			} `json:"scorecard"`
		} `json:"drill"`
	}
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	if e := v.Drill.Scorecard.Expectations; len(e) != 2 || e[1].Inject != 2 || e[1].Kind != "decision_logged" || e[1].Result != "missed" {
		t.Errorf("json expectations %+v", e)
	}
}

// A drill still running has its injects and no scorecard yet; a real
// incident has no drill section, and no findings section without findings.
func TestDrillRunningAndRealIncident(t *testing.T) {
	tl := drillSession(t)
	r := build(t, tl.events[:18])
	if r.Drill == nil || r.Drill.Scorecard != nil || r.Drill.EndedAt != nil {
		t.Fatalf("running drill %+v", r.Drill)
	}
	md := string(r.Markdown(workflow.English))
	if !strings.Contains(md, "The drill has not ended.") || !strings.Contains(md, "The scorecard is drawn up when the drill ends.") {
		t.Errorf("running drill markdown:\n%s", md)
	}
	real := build(t, session(t).events)
	if real.Drill != nil || len(real.Findings) != 0 {
		t.Errorf("real incident: drill %+v, findings %+v", real.Drill, real.Findings)
	}
	if md := string(real.Markdown(workflow.English)); strings.Contains(md, "## Drill scorecard") || strings.Contains(md, "## Findings") {
		t.Error("a real incident without findings shows drill sections")
	}
}
