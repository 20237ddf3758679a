package report

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// on is day days after 2026-11-20, at hh:mm UTC.
func on(day, hh, mm int) time.Time { return at(hh, mm).AddDate(0, 0, day) }

const statementSecret = "staff notice: the admin password is hunter2-staff"

// The data-leak runbook's deadline items as a fixture attaches them:
// vendor-logs due a day after detection (no condition), the notice to the
// people affected and the preliminary report due 72 hours after it when
// personal data is involved, the final report 30 days (60 with an
// unlawful purpose) after the preliminary one is done.
func leakRunbook() workflow.RunbookAttached {
	pd := workflow.WhenPersonalData
	return workflow.RunbookAttached{Name: "data-leak", Title: txt("Personal data leak", "個人情報の漏えい"), PersonalData: true,
		Phases: []workflow.RunbookPhase{
			{Phase: workflow.PhaseInitial, Items: []workflow.RunbookItem{
				{Key: "isolate-form", Text: txt("Take the form offline", "フォームを停止する"), Owner: workflow.RoleTech},
				{Key: "vendor-logs", Text: txt("Ask the form vendor for the access logs: the last 90 days.", "フォームの提供元にアクセスログを依頼する：直近90日分。"),
					Owner: workflow.RoleTech, Due: 24 * time.Hour},
			}},
			{Phase: workflow.PhaseInvestigate, Items: []workflow.RunbookItem{
				{Key: "notify-affected", Text: txt("Tell the people whose data is involved. A reminder, not legal advice.", "影響を受けた本人に知らせる。法的助言ではない。"),
					Owner: workflow.RoleComms, When: pd, Due: 72 * time.Hour},
				{Key: "ppc-preliminary", Text: txt("Preliminary report to the Personal Information Protection Commission. Promptly, about 3 to 5 days.", "個人情報保護委員会への速報。速やかに（目安3〜5日）。"),
					Owner: workflow.RoleApprover, When: pd, Due: 72 * time.Hour},
			}},
			{Phase: workflow.PhasePost, Items: []workflow.RunbookItem{
				{Key: "ppc-final", Text: txt("Final report to the Commission: the nine items.", "個人情報保護委員会への確報。九項目。"),
					Owner: workflow.RoleApprover, When: pd, Due: 30 * 24 * time.Hour, DueUnlawful: 60 * 24 * time.Hour},
			}},
		}}
}

// voiceSession is a real personal-data incident over six days: the
// data-leak runbook sets the flag, the commander adds an unlawful purpose;
// statements to the people affected (sent by email), to the regulator
// (refused, edited, approved, sent on the Commission's form), to the press
// (refused), to customers (approved, never sent) and to staff (waiting,
// its text redacted); the deadlines: the notice met, the preliminary
// report late by seven hours, the vendor's logs overdue and reminded
// after the close, the final report not due yet; two follow-ups, one done
// and one overdue and reminded.
func voiceSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000013")}
	tanaka := workflow.ConsoleActor("tanaka")
	p := func(a workflow.Actor) workflow.Person { return a.Person() }
	rb := leakRunbook()
	item := func(ph workflow.Phase, n int) workflow.RunbookItem {
		for _, rp := range rb.Phases {
			if rp.Phase == ph {
				return rp.Items[n-1]
			}
		}
		t.Fatalf("no item %s.%d", ph, n)
		return workflow.RunbookItem{}
	}
	tick := func(a workflow.Actor, when time.Time, ph workflow.Phase, n int) {
		it := item(ph, n)
		tl.add(t, a, when, workflow.ChecklistTicked{Phase: ph, Item: n, Text: it.Text, Key: it.Key})
	}
	move := func(a workflow.Actor, when time.Time, from, to workflow.Phase, m workflow.Move) {
		tl.add(t, a, when, workflow.PhaseChanged{From: from, To: to, Move: m})
	}
	statement := func(a workflow.Actor, when time.Time, n int, aud workflow.Audience, pl workflow.Payload) {
		tl.addAbout(t, a, when, "statement:"+strconv.Itoa(n)+":"+string(aud), pl)
	}
	records := 340
	vendorLogs, preliminary := item(workflow.PhaseInitial, 2), item(workflow.PhaseInvestigate, 2)

	tl.add(t, sato, on(0, 9, 10), workflow.Opened{Title: "Applicant data exposed through the entry form", Severity: "high", Number: 7,
		Opener: p(sato), StartedAt: on(0, 8, 30), DetectedAt: on(0, 9, 0)}) // 1
	tl.add(t, sato, on(0, 9, 12), rb)                                                                                                    // 2
	tl.add(t, bot, on(0, 9, 12), workflow.PersonalDataSet{Involved: true, Source: workflow.PersonalDataByRunbook, Runbook: "data-leak"}) // 3
	tl.add(t, sato, on(0, 9, 14), workflow.RoleAssigned{Role: workflow.RoleComms, To: p(tanaka)})                                        // 4
	tl.add(t, sato, on(0, 9, 15), workflow.RoleAssigned{Role: workflow.RoleApprover, To: p(kato)})                                       // 5
	move(sato, on(0, 9, 20), workflow.PhaseDetect, workflow.PhaseInitial, workflow.MoveForward)                                          // 6
	tick(suzuki, on(0, 9, 30), workflow.PhaseInitial, 1)                                                                                 // 7
	tl.add(t, tanaka, on(0, 10, 0), workflow.ScopeSet{ScopeFields: workflow.ScopeFields{Affected: "applicants 340", Records: &records,
		Data: "name, email, phone, CV", Systems: "entry form (recruiting site)"}}) // 8
	tl.add(t, sato, on(0, 10, 30), workflow.PersonalDataSet{Involved: true, Unlawful: true, Reason: "logins to the form's admin screen from an outside address",
		Source: workflow.PersonalDataByCommand}) // 9
	move(sato, on(0, 11, 0), workflow.PhaseInitial, workflow.PhaseInvestigate, workflow.MoveForward) // 10
	tl.add(t, bot, on(1, 9, 0), workflow.DeadlineMissed{Key: "vendor-logs", Phase: workflow.PhaseInitial, Item: 2, Text: vendorLogs.Text,
		Owner: workflow.RoleTech, Due: on(1, 9, 0), People: []workflow.Person{p(sato)}}) // 11
	statement(tanaka, on(1, 10, 0), 1, workflow.AudienceAffected, workflow.StatementDrafted{Number: 1, Audience: workflow.AudienceAffected,
		Text: "Your application data (name, email, phone, CV) may have been seen by someone outside the company. Please watch for unexpected email."}) // 12
	statement(kato, on(1, 11, 0), 1, workflow.AudienceAffected, workflow.StatementApproved{Number: 1, Version: 1})                                // 13
	statement(tanaka, on(1, 11, 30), 1, workflow.AudienceAffected, workflow.StatementSent{Number: 1, Version: 1, How: "email to each applicant"}) // 14
	tick(tanaka, on(1, 12, 0), workflow.PhaseInvestigate, 1)                                                                                      // 15
	tl.add(t, bot, on(2, 9, 0), workflow.DeadlineReminded{Key: "vendor-logs", Text: vendorLogs.Text, Owner: workflow.RoleTech, Due: on(1, 9, 0),
		Late: 24 * time.Hour, People: []workflow.Person{p(sato)}}) // 16
	statement(tanaka, on(2, 10, 0), 2, workflow.AudienceRegulator, workflow.StatementDrafted{Number: 2, Audience: workflow.AudienceRegulator,
		Text: "Preliminary report: a leak of applicants' data from the entry form is possible."}) // 17
	statement(kato, on(2, 14, 0), 2, workflow.AudienceRegulator, workflow.StatementRefused{Number: 2, Version: 1, Reason: "add how many people and which data"}) // 18
	statement(tanaka, on(2, 16, 0), 2, workflow.AudienceRegulator, workflow.StatementEdited{Number: 2, Version: 2,
		Text: "Preliminary report: 340 applicants; name, email, phone and CV; access from an outside address."}) // 19
	statement(tanaka, on(2, 17, 0), 3, workflow.AudiencePress, workflow.StatementDrafted{Number: 3, Audience: workflow.AudiencePress,
		Text: "Press release: we are investigating a possible leak."}) // 20
	tl.add(t, bot, on(3, 9, 0), workflow.DeadlineMissed{Key: "ppc-preliminary", Phase: workflow.PhaseInvestigate, Item: 2, Text: preliminary.Text,
		Owner: workflow.RoleApprover, Due: on(3, 9, 0), People: []workflow.Person{p(kato), p(sato)}}) // 21
	statement(kato, on(3, 15, 0), 2, workflow.AudienceRegulator, workflow.StatementApproved{Number: 2, Version: 2})                                                   // 22
	statement(kato, on(3, 15, 30), 2, workflow.AudienceRegulator, workflow.StatementSent{Number: 2, Version: 2, How: "the Commission's online form"})                 // 23
	tick(kato, on(3, 16, 0), workflow.PhaseInvestigate, 2)                                                                                                            // 24
	statement(kato, on(3, 17, 0), 3, workflow.AudiencePress, workflow.StatementRefused{Number: 3, Version: 1, Reason: "no public statement before the final report"}) // 25
	statement(tanaka, on(3, 18, 0), 4, workflow.AudienceCustomers, workflow.StatementDrafted{Number: 4, Audience: workflow.AudienceCustomers,
		Text: "Notice on the website: what happened and whom to ask."}) // 26
	statement(kato, on(4, 9, 0), 4, workflow.AudienceCustomers, workflow.StatementApproved{Number: 4, Version: 1})                                            // 27
	statement(tanaka, on(4, 9, 30), 5, workflow.AudienceStaff, workflow.StatementDrafted{Number: 5, Audience: workflow.AudienceStaff, Text: statementSecret}) // 28
	tl.add(t, sato, on(4, 9, 40), workflow.Redaction{Seq: 28, Reason: "a password in the text"})                                                              // 29
	tl.redact(28)
	move(sato, on(4, 10, 0), workflow.PhaseInvestigate, workflow.PhaseContain, workflow.MoveForward) // 30
	move(sato, on(4, 12, 0), workflow.PhaseContain, workflow.PhaseRecover, workflow.MoveForward)     // 31
	move(sato, on(4, 15, 0), workflow.PhaseRecover, workflow.PhasePost, workflow.MoveForward)        // 32
	tl.addAbout(t, kato, on(4, 16, 0), "suzuki", workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: "Update the form plugin every month",
		Owner: p(suzuki), Due: "2026-11-30"}}) // 33
	tl.addAbout(t, kato, on(4, 16, 5), "kato", workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: "Put the Commission's report form in the first-hour kit",
		Owner: p(kato), Due: "2026-11-25"}}) // 34
	tl.add(t, sato, on(4, 17, 0), workflow.PostmortemUpdated{PostmortemFields: workflow.PostmortemFields{Cause: "a stolen admin password of the form plugin",
		Impact: "340 applicants' data could be read from outside", Prevention: "two-factor login for the admin screen", Open: "the final report to the Commission"}}) // 35
	move(sato, on(5, 10, 0), workflow.PhasePost, workflow.PhaseClosed, workflow.MoveClose)                                                                   // 36
	tl.addAbout(t, suzuki, on(5, 11, 0), "finding:1", workflow.FindingClosed{Finding: 1, Seq: 33, Note: "monthly update added to the maintenance calendar"}) // 37
	tl.addAbout(t, bot, on(6, 0, 0), "kato", workflow.FindingReminded{Finding: 2, Seq: 34, Person: p(kato), Due: "2026-11-25"})                              // 38
	tl.add(t, bot, on(6, 9, 0), workflow.DeadlineReminded{Key: "vendor-logs", Text: vendorLogs.Text, Owner: workflow.RoleTech, Due: on(1, 9, 0),
		Late: 5 * 24 * time.Hour, People: []workflow.Person{p(sato)}, Closed: true}) // 39
	return tl
}

func TestStatementsAndDeadlines(t *testing.T) {
	tl := voiceSession(t)
	r := build(t, tl.events)

	// Statements: every version, its settling, the sending.
	st := r.Statements
	if len(st) != 5 {
		t.Fatalf("statements %+v", st)
	}
	if s := st[0]; s.State != workflow.DraftSent || s.Sent == nil || s.Sent.How != "email to each applicant" || s.Sent.By.ID != "tanaka" ||
		s.Versions[0].Settled == nil || s.Versions[0].Settled.By.ID != "kato" || s.Sent.Simulated {
		t.Errorf("statement 1 %+v", s)
	}
	if s := st[1]; s.Audience != workflow.AudienceRegulator || len(s.Versions) != 2 || s.Versions[0].State != workflow.DraftRefused ||
		s.Versions[0].Settled.Reason != "add how many people and which data" || s.Versions[1].State != workflow.DraftApproved || s.Sent.Version != 2 {
		t.Errorf("statement 2 %+v", s)
	}
	if st[2].State != workflow.DraftRefused || st[3].State != workflow.DraftApproved || st[3].Sent != nil {
		t.Errorf("statements 3, 4: %+v, %+v", st[2], st[3])
	}
	if s := st[4]; s.Audience != workflow.AudienceStaff || !s.Versions[0].Redacted || s.Versions[0].Text != "" || s.State != workflow.DraftWaiting {
		t.Errorf("the redacted statement %+v", s)
	}

	// Deadlines: met, late, overdue as of the report, not due yet.
	want := map[string]struct {
		state string
		late  int64
	}{
		"vendor-logs":     {deadlineOverdue, 5 * 24 * 3600},
		"notify-affected": {deadlineMet, -1},
		"ppc-preliminary": {deadlineLate, 7 * 3600},
		"ppc-final":       {deadlineOpen, -1},
	}
	if len(r.Deadlines) != 4 {
		t.Fatalf("deadlines %+v", r.Deadlines)
	}
	for _, d := range r.Deadlines {
		w := want[d.Key]
		if d.State != w.state || (w.late < 0) != (d.Late == nil) || d.Late != nil && *d.Late != w.late {
			t.Errorf("%s: %s late %v, want %s %d", d.Key, d.State, d.Late, w.state, w.late)
		}
	}
	final := r.Deadlines[3]
	if final.Within != 60*24*3600 || final.DueAt == nil || !final.DueAt.Equal(on(60, 9, 0)) {
		t.Errorf("the final report counts 60 days from the detection with an unlawful purpose: %+v", final)
	}
	logs := r.Deadlines[0]
	if logs.Missed == nil || logs.Missed.Seq != 11 || logs.Reminders != 2 || !logs.LastReminder.Closed || logs.Missed.People[0].ID != "sato" {
		t.Errorf("vendor-logs reminders %+v", logs)
	}
	if pre := r.Deadlines[2]; pre.DoneBy.ID != "kato" || !pre.DoneAt.Equal(on(3, 16, 0)) || len(pre.Missed.People) != 2 {
		t.Errorf("ppc-preliminary %+v", pre)
	}

	// The flag, one field of the scope, and the duty it brings.
	pd := r.Scope.PersonalData
	if pd == nil || !pd.Involved || !pd.Unlawful || pd.Source != workflow.PersonalDataByCommand || pd.By.ID != "sato" ||
		len(pd.Updates) != 2 || r.Scope.NotificationDuty != dutyApplies {
		t.Errorf("personal data %+v, duty %q", pd, r.Scope.NotificationDuty)
	}

	// Findings: one done with its note, one overdue and reminded.
	f := r.Findings
	if len(f) != 2 || f[0].State != findingDone || f[0].Closed.Note != "monthly update added to the maintenance calendar" || f[0].Closed.By.ID != "suzuki" ||
		f[1].State != findingOverdue || f[1].Reminders != 1 || f[1].LastReminder.Person.ID != "kato" || f[1].Number != 2 {
		t.Errorf("findings %+v", f)
	}

	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"| Personal data | involved, possibly taken for an unlawful purpose — recorded by @sato, 2026-11-20 10:30 UTC |",
		"| Duty to notify | applies: 3 deadline(s) to report and to tell the people affected — see Deadlines |",
		"| Time to recover | 4d 6h 30m |\n| Deadlines | Ask the form vendor for the access logs: OVERDUE by 5d<br>Tell the people whose data is involved: met<br>" +
			"Preliminary report to the Personal Information Protection Commission: late by 7h<br>Final report to the Commission: not done; due 2027-01-19 09:00 UTC |",
		"## What we said, to whom, when",
		"| 1 | the people affected | 1 of 1 | Your application data (name, email, phone, CV) may have been seen by someone outside the company. Please watch for unexpected email. | email to each applicant | 2026-11-21 11:30 UTC by @tanaka | 2026-11-21 11:00 UTC by @kato |",
		"| 2 | the regulator | 2 of 2 | Preliminary report: 340 applicants; name, email, phone and CV; access from an outside address. | the Commission's online form | 2026-11-23 15:30 UTC by @kato | 2026-11-23 15:00 UTC by @kato |",
		"- Statement 3 to the press: version 1 refused 2026-11-23 17:00 UTC by @kato: no public statement before the final report.",
		"- Statement 4 to customers: version 1 approved 2026-11-24 09:00 UTC by @kato, never recorded as sent.",
		"- Statement 5 to staff: version 1 waiting for approval since 2026-11-24 09:30 UTC.",
		"## Deadlines",
		"| ppc-preliminary | Preliminary report to the Personal Information Protection Commission | approver | 2026-11-23 09:00 UTC | 2026-11-23 16:00 UTC by @kato | late by 7h | 2026-11-23 09:00 UTC: due and not done; reminded @kato, @sato |",
		"| vendor-logs | Ask the form vendor for the access logs | tech | 2026-11-21 09:00 UTC | — | OVERDUE by 5d | 2026-11-21 09:00 UTC: due and not done; reminded @sato<br>reminded again 2 time(s), last 2026-11-26 09:00 UTC |",
		"Personal data: involved, possibly taken for an unlawful purpose — recorded by @sato, 2026-11-20 10:30 UTC. Recorded in events 3, 9.",
		"Reason given: logins to the form's admin screen from an outside address",
		"| 1 | Update the form plugin every month | @suzuki | 2026-11-30 | done 2026-11-25 | 2026-11-25 11:00 UTC by @suzuki<br>note: monthly update added to the maintenance calendar | — | 2026-11-24 16:00 UTC by @kato (event 33) |",
		"| 2 | Put the Commission's report form in the first-hour kit | @kato | 2026-11-25 | OVERDUE | — | 1, last 2026-11-26 00:00 UTC to @kato | 2026-11-24 16:05 UTC by @kato (event 34) |",
		"- Put the Commission's report form in the first-hour kit — owner @kato, due 2026-11-25: OVERDUE",
		"- 1 finding(s) done: see Findings",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "- Update the form plugin every month") {
		t.Error("the summary's open items list a finding that is done")
	}
	checkNoKeys(t, md)
	ja := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{
		"| 個人情報 | 関わる（不正の目的のおそれあり）（記録: @sato、2026-11-20 10:30 UTC） |",
		"## 何を・誰に・いつ発信したか",
		"| 2 | 当局 | 第2版（全2版） |",
		"## 期限",
		"| 2 | Put the Commission's report form in the first-hour kit | @kato | 2026-11-25 | 期限切れ |",
	} {
		if !strings.Contains(ja, want) {
			t.Errorf("markdown (ja) lacks %q", want)
		}
	}
	checkNoKeys(t, ja)

	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md+ja+string(j), "hunter2-staff") {
		t.Error("the redacted statement reached the report")
	}
	var v struct {
		Scope struct {
			PersonalData *struct {
				Unlawful bool   `json:"unlawful"`
				Source   string `json:"source"`
			} `json:"personal_data"`
			Duty string `json:"notification_duty"`
		} `json:"scope"`
		Deadlines []struct {
			Key   string `json:"key"`
			State string `json:"state"`
			Late  *int64 `json:"late_seconds"`
		} `json:"deadlines"`
		Statements []struct {
			State string `json:"state"`
			Sent  *struct {
				How string `json:"how"`
			} `json:"sent"`
		} `json:"statements"`
	}
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	if v.Scope.PersonalData == nil || !v.Scope.PersonalData.Unlawful || v.Scope.Duty != "applies" || len(v.Deadlines) != 4 ||
		v.Deadlines[2].State != "late" || *v.Deadlines[2].Late != 7*3600 || v.Statements[1].Sent.How != "the Commission's online form" || v.Statements[2].State != "refused" {
		t.Errorf("json %+v", v)
	}
}

// The duty to notify follows the flag: unknown while nobody said, none
// without personal data, "to be checked" when no deadline tracks it.
func TestNotificationDuty(t *testing.T) {
	open := func(tl *timeline) {
		tl.add(t, sato, at(9, 0), workflow.Opened{Title: "t", Severity: "medium", Number: 9, Opener: sato.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 0)})
	}
	for _, tc := range []struct {
		name string
		set  []workflow.Payload
		duty string
		row  string
	}{
		{"unknown", nil, dutyUnknown, "| Personal data | not stated (/incident personal-data yes\\|no) |"},
		{"no", []workflow.Payload{workflow.PersonalDataSet{Involved: false, Source: workflow.PersonalDataByCommand}}, dutyNotApplying, "| Duty to notify | none (no personal data involved) |"},
		{"by severity", []workflow.Payload{workflow.PersonalDataSet{Involved: true, Source: workflow.PersonalDataBySeverity, Level: "high"}}, dutyCheck,
			"| Personal data | involved — set by severity High, 2026-11-20 09:05 UTC |"},
		{"yes then no", []workflow.Payload{workflow.PersonalDataSet{Involved: true, Source: workflow.PersonalDataByCommand},
			workflow.PersonalDataSet{Involved: false, Reason: "only test data", Source: workflow.PersonalDataByCommand}}, dutyNotApplying,
			"| Personal data | not involved — recorded by @sato, 2026-11-20 09:05 UTC |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000014")}
			open(tl)
			for _, p := range tc.set {
				tl.add(t, sato, at(9, 5), p)
			}
			r := build(t, tl.events)
			md := string(r.Markdown(workflow.English))
			if r.Scope.NotificationDuty != tc.duty || !strings.Contains(md, tc.row) {
				t.Errorf("duty %q, want %q; markdown lacks %q\n%s", r.Scope.NotificationDuty, tc.duty, tc.row, md)
			}
			if tc.duty == dutyUnknown && (strings.Contains(md, "## What we said") || strings.Contains(md, "## Deadlines") || strings.Contains(md, "Duty to notify")) {
				t.Error("an incident with no flag, no statement and no deadline shows what it does not know")
			}
		})
	}
}
