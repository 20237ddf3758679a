package report

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

var bot = workflow.SystemActor

// escalationSession has every kind of escalation step: the opening
// notifications (a chain, a channel), the ack timer moving the chain, a
// reminder, a manual escalation, an acknowledgement, a chain stopped by a
// lowering, one exhausted, and a manual escalation whose reason was redacted.
func escalationSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000005")}
	tech, commander := workflow.RoleTech, workflow.RoleCommander
	chase := func(hh, mm int, role workflow.Role, who string, link int, why string) {
		tl.add(t, bot, at(hh, mm), workflow.Notified{Target: "user:" + who, Role: role, Person: workflow.Person{ID: who},
			Link: link, Level: "high", Page: true, Chase: true, Reason: why})
	}
	tl.add(t, sato, at(9, 0), workflow.Opened{Title: "Site down", Severity: "high", Number: 3, Opener: sato.Person(), StartedAt: at(8, 50), DetectedAt: at(9, 0)})     // 1
	chase(9, 0, tech, "t1", 0, workflow.NotifyOpened)                                                                                                                  // 2
	tl.add(t, bot, at(9, 0), workflow.Notified{Target: "channel:C0ALERTS", Level: "high", Reason: workflow.NotifyOpened})                                              // 3
	chase(9, 5, tech, "t2", 1, workflow.NotifyTimer)                                                                                                                   // 4
	tl.add(t, sato, at(9, 7), workflow.Escalated{Reason: "secondary in a meeting", Roles: []workflow.Role{tech}})                                                      // 5
	chase(9, 7, tech, "t3", 2, workflow.NotifyEscalated)                                                                                                               // 6
	tl.add(t, workflow.ConsoleActor("t3"), at(9, 8), workflow.Acknowledged{Role: tech, By: workflow.Person{ID: "t3"}, After: 8 * time.Minute, Link: 2, Level: "high"}) // 7
	tl.add(t, bot, at(9, 10), workflow.Reminded{Duty: workflow.ReminderUnassigned, Role: workflow.RoleScribe, Person: sato.Person()})                                  // 8
	chase(9, 20, commander, "c1", 0, workflow.NotifyRaised)                                                                                                            // 9
	tl.add(t, sato, at(9, 30), workflow.SeverityChanged{From: "high", To: "medium", Reason: "contained"})                                                              // 10
	tl.add(t, bot, at(9, 30), workflow.EscalationCancelled{Role: commander, Reason: workflow.CancelLowered})                                                           // 11
	tl.add(t, sato, at(9, 40), workflow.SeverityChanged{From: "medium", To: "high", Reason: ""})                                                                       // 12
	chase(9, 40, commander, "c1", 0, workflow.NotifyRaised)                                                                                                            // 13
	tl.add(t, bot, at(10, 0), workflow.EscalationExhausted{Role: commander, Rounds: 1, Level: "high", Mention: workflow.Person{ID: "boss"}})                           // 14
	tl.add(t, sato, at(10, 5), workflow.Escalated{Reason: "call c2 at 090-1111-2222", Roles: []workflow.Role{commander}})                                              // 15
	tl.add(t, sato, at(10, 6), workflow.Redaction{Seq: 15, Reason: "phone number"})                                                                                    // 16
	tl.redact(15)
	return tl
}

func TestEscalationSection(t *testing.T) {
	tl := escalationSession(t)
	r := build(t, tl.events)
	steps := r.Escalation.Steps
	if len(steps) != 11 { // every escalation event but the acknowledgement
		t.Fatalf("%d steps: %+v", len(steps), steps)
	}
	if s := steps[0]; s.Kind != workflow.EventNotified || s.Role != workflow.RoleTech || s.Person.ID != "t1" || !s.Page || !s.Chase ||
		s.Reason != "opened" || s.By.ID != bot.User {
		t.Errorf("first step %+v", s)
	}
	if s := steps[1]; s.Target != "channel:C0ALERTS" || s.Person != nil || s.Chase {
		t.Errorf("channel step %+v", s)
	}
	if s := steps[len(steps)-1]; !s.Redacted || s.Reason != "" || s.Kind != workflow.EventEscalated {
		t.Errorf("redacted escalation %+v", s)
	}
	acks := r.Escalation.Acknowledgements
	if len(acks) != 1 || acks[0].By.ID != "t3" || acks[0].After != 480 || acks[0].Link != 2 || acks[0].Seq != 7 {
		t.Errorf("acknowledgements %+v", acks)
	}

	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"## Escalation and notifications",
		"| Time | What | Role | Who | Detail |",
		"| 2026-11-20 09:00 UTC | notified | tech | @t1 | primary, round 1 · on opening · paged |",
		"| 2026-11-20 09:00 UTC | notified | — | channel:C0ALERTS | on opening |",
		"| 2026-11-20 09:05 UTC | notified | tech | @t2 | secondary, round 1 · no acknowledgement in time · paged |",
		"| 2026-11-20 09:07 UTC | escalated by hand | — | @sato | secondary in a meeting |",
		"| 2026-11-20 09:10 UTC | reminder | scribe | @sato | role still unassigned |",
		"| 2026-11-20 09:30 UTC | escalation stopped | commander | — | severity lowered |",
		"| 2026-11-20 10:00 UTC | nobody acknowledged | commander | @boss | no answer after 1 round(s); asked to step in |",
		"| 2026-11-20 10:05 UTC | escalated by hand | — | @sato | (redacted) |",
		"### Acknowledgements",
		"| 2026-11-20 09:08 UTC | tech | @t3 | 8m | final, round 1 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q\n%s", want, md)
		}
	}
	ja := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{"## エスカレーションと通知", "### 応答", "| 2026-11-20 09:08 UTC | 技術担当 | @t3 | 8分 | 最終・1巡目 |"} {
		if !strings.Contains(ja, want) {
			t.Errorf("Japanese markdown lacks %q", want)
		}
	}
	rawKey := regexp.MustCompile(`\besc\.[a-z_.0-9]+`)
	for _, doc := range []string{md, ja} {
		checkNoKeys(t, doc)
		if k := rawKey.FindString(doc); k != "" {
			t.Errorf("markdown shows the raw key %q", k)
		}
	}
	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{md, ja, string(j)} {
		if strings.Contains(doc, "090-1111") {
			t.Error("a redacted escalation reason reached the report")
		}
	}
}

// A drill's steps read "would notify": nobody was told.
func TestEscalationDrillRows(t *testing.T) {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000006")}
	tl.add(t, sato, at(9, 0), workflow.Opened{Title: "Tabletop", Severity: "high", Drill: true, Number: 1, Opener: sato.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 0)})
	tl.add(t, bot, at(9, 0), workflow.Notified{Target: "user:t1", Role: workflow.RoleTech, Person: workflow.Person{ID: "t1"}, Level: "high",
		Page: true, Chase: true, Reason: workflow.NotifyRaised, Simulated: true})
	md := string(build(t, tl.events).Markdown(workflow.English))
	if want := "| 2026-11-20 09:00 UTC | would notify (drill) | tech | @t1 | primary, round 1 · severity raised · paged |"; !strings.Contains(md, want) {
		t.Errorf("markdown lacks %q\n%s", want, md)
	}
}
