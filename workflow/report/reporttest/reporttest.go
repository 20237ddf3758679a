// Package reporttest makes long incidents for the report's benchmarks and
// the tests that a report read page by page is the report read at once: a
// timeline of any length, with the mix of events a long incident has (notes,
// chat messages pinned to the timeline, status updates, escalation steps and
// acknowledgements, reminders, decisions and corrections, checklist ticks,
// severity and phase changes, a redaction, the scope, findings and the
// postmortem). Everything is sealed into a valid chain with ids that follow
// from the position, so the same n gives the same events.
package reporttest

import (
	"fmt"
	"time"

	"incidentbot/workflow"
)

// ID is the incident's id.
var ID = workflow.MustParseID("0193a5b2-0000-7000-8000-00000000b16e")

// Start is when the incident is opened.
var Start = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// Long returns an incident of n events (n ≥ 30): its snapshot, folded from
// the events, and the events.
func Long(n int) (*workflow.Incident, []workflow.Event, error) {
	var events []workflow.Event
	var head workflow.Hash
	at := Start
	seq := 0
	ids := func() (workflow.ID, error) {
		id := ID
		id[10], id[11], id[12], id[13] = byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq)
		return id, nil
	}
	people := []workflow.Actor{
		{Team: "T0001", User: "U0SATO", Name: "sato"}, {Team: "T0001", User: "U0SUZUKI", Name: "suzuki"},
		{Team: "T0001", User: "U0TANAKA", Name: "tanaka"}, {Team: "T0001", User: "U0KATO", Name: "kato"},
	}
	add := func(a workflow.Actor, p workflow.Payload) error {
		evs, err := workflow.Seal(ids, ID, seq, head, a, at, []workflow.Draft{{OccurredAt: at, Payload: p}})
		if err != nil {
			return err
		}
		events = append(events, evs...)
		head, seq = evs[0].Hash, seq+1
		at = at.Add(30 * time.Second)
		return nil
	}
	sato, suzuki := people[0], people[1]
	steps := []workflow.Payload{
		workflow.Opened{Title: "Entry form sending spam: applicant data may be exposed", Severity: "high", Number: 1,
			Opener: sato.Person(), StartedAt: Start.Add(-40 * time.Minute), DetectedAt: Start.Add(-5 * time.Minute)},
		workflow.RunbookAttached{Name: "data-leak", Title: workflow.Text{En: "Personal data leak", Ja: "個人情報漏えい"}, Phases: []workflow.RunbookPhase{
			{Phase: workflow.PhaseInvestigate, Items: []workflow.RunbookItem{
				{Key: "logs", Text: workflow.Text{En: "Save the log range", Ja: "ログの範囲を保存する"}, Owner: workflow.RoleTech, Evidence: true},
				{Key: "scope", Text: workflow.Text{En: "Count who is affected", Ja: "対象者を数える"}, Owner: workflow.RoleCommander},
				{Key: "vendor", Text: workflow.Text{En: "Ask the vendor for its logs", Ja: "ベンダーにログを依頼する"}, Owner: workflow.RoleComms},
				{Key: "approve", Text: workflow.Text{En: "Agree the notice with the approver", Ja: "最終責任者と通知を合意する"}, Owner: workflow.RoleApprover},
			}},
		}},
		workflow.RoleAssigned{Role: workflow.RoleTech, To: suzuki.Person()},
		workflow.RoleAssigned{Role: workflow.RoleScribe, To: people[2].Person()},
		workflow.RoleAssigned{Role: workflow.RoleApprover, To: people[3].Person()},
		workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward},
		workflow.ScopeSet{ScopeFields: workflow.ScopeFields{Affected: "applicants 340, customers 12", Records: ptr(352),
			Data: "name, email, phone", Systems: "entry form"}},
		workflow.PhaseChanged{From: workflow.PhaseInitial, To: workflow.PhaseInvestigate, Move: workflow.MoveForward},
	}
	for i, p := range steps {
		if err := add(people[i%2], p); err != nil {
			return nil, nil, err
		}
	}
	// The long middle: a cycle of twenty events, as a long incident has
	// them (a decision and a correction every hundred); the phases move on
	// at fixed points, once back.
	decisions := 0
	moves := map[int]workflow.PhaseChanged{
		n * 3 / 10: {From: workflow.PhaseInvestigate, To: workflow.PhaseContain, Move: workflow.MoveForward},
		n * 4 / 10: {From: workflow.PhaseContain, To: workflow.PhaseInvestigate, Move: workflow.MoveBack, Reason: "the same address logged in again"},
		n * 5 / 10: {From: workflow.PhaseInvestigate, To: workflow.PhaseContain, Move: workflow.MoveForward},
		n * 7 / 10: {From: workflow.PhaseContain, To: workflow.PhaseRecover, Move: workflow.MoveForward},
	}
	sev := []workflow.SeverityKey{"high", "medium"}
	for i := 0; seq < n-6; i++ {
		a := people[i%len(people)]
		var p workflow.Payload
		if m, ok := moves[seq]; ok {
			p = m
		} else {
			switch i % 20 {
			case 0, 3, 6, 9, 12, 15:
				p = workflow.NoteLogged{Text: fmt.Sprintf("Checked the WAF log range %d: %d more requests from 203.0.113.%d, none to the admin screen.", i, i%97, i%250)}
			case 1, 7, 13, 18:
				p = workflow.MessagePinned{Author: people[(i+1)%4].Person(), Channel: "C0INC", TS: fmt.Sprintf("1700000000.%06d", i),
					Text:      fmt.Sprintf("From the hosting vendor: access log %d attached; the form endpoint took %d posts in the last ten minutes.", i, i%400),
					Permalink: fmt.Sprintf("https://example.slack.com/archives/C0INC/p1700000000%06d", i)}
			case 2, 11:
				p = workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: fmt.Sprintf("%d spam entries through the form", 500+i),
					Unconfirmed: "whether personal data left the form", Next: "the vendor's database audit log"}}
			case 4:
				p = workflow.Notified{Target: "user:U0SUZUKI", Role: workflow.RoleTech, Person: suzuki.Person(), Link: i % 3, Level: "high",
					Chase: true, Page: true, Reason: workflow.NotifyTimer}
			case 5:
				p = workflow.Acknowledged{Role: workflow.RoleTech, By: suzuki.Person(), After: 4 * time.Minute, Level: "high"}
			case 8:
				if i%100 != 8 { // a decision every hundred events, as people take them
					p = workflow.NoteLogged{Text: fmt.Sprintf("Vendor call %d: still looking into the form's database.", i)}
					break
				}
				decisions++
				p = workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: fmt.Sprintf("Keep the entry form offline (review %d)", decisions),
					Why: "the vendor has not ruled out an outflow", Action: "maintenance page stays", Next: "ask the vendor again in an hour",
					DecidedBy: sato.Person()}}
			case 10:
				p = workflow.Reminded{Duty: workflow.ReminderStatus, Person: sato.Person()}
			case 14:
				p = workflow.ChecklistTicked{Phase: workflow.PhaseInvestigate, Item: 1 + i%4, Text: workflow.Text{En: "Save the log range", Ja: "ログの範囲を保存する"}}
			case 16:
				if decisions > 0 && i%100 == 16 {
					p = workflow.Amended{Of: decisions, DecisionFields: workflow.DecisionFields{Next: "call the vendor's night number"}}
				} else {
					p = workflow.NoteLogged{Text: "no decision yet"}
				}
			case 17:
				from, to := sev[(i/20)%2], sev[(i/20+1)%2]
				p = workflow.SeverityChanged{From: from, To: to, Reason: "the vendor's latest word"}
			case 19:
				p = workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: fmt.Sprintf("runbook step %d was unclear", i), Owner: people[2].Person(), Due: "2026-12-15"}}
			}
		}
		if err := add(a, p); err != nil {
			return nil, nil, err
		}
	}
	// The end: a note redacted, the postmortem, post-incident and close.
	pasted := seq + 1
	tail := []workflow.Payload{
		workflow.NoteLogged{Text: "admin password is hunter2"},
		workflow.Redaction{Seq: pasted, Reason: "a password was pasted"},
		workflow.PhaseChanged{From: workflow.PhaseRecover, To: workflow.PhasePost, Move: workflow.MoveForward},
		workflow.PostmortemUpdated{PostmortemFields: workflow.PostmortemFields{Cause: "an outdated form plugin",
			Impact: "352 applicants' entries could be read; no outflow found", Prevention: "monthly plugin updates; a WAF rule for the form", Open: "the letter to applicants"}},
		workflow.ScopeSet{ScopeFields: workflow.ScopeFields{Records: ptr(340)}},
	}
	for _, p := range tail {
		if err := add(sato, p); err != nil {
			return nil, nil, err
		}
	}
	events[pasted-1].Body, events[pasted-1].Redacted = workflow.Tombstone, true
	for seq < n {
		if err := add(sato, workflow.NoteLogged{Text: "wrapping up"}); err != nil {
			return nil, nil, err
		}
	}
	inc, err := workflow.Replay(events)
	return inc, events, err
}

func ptr(n int) *int { return &n }
