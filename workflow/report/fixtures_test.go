package report

import (
	"testing"
	"time"

	"incidentbot/workflow"
)

// The fixture incidents of the golden files, beside the ones the other
// tests build (session, stopSession, escalationSession, checklistSession,
// drillSession).

// jst is Japan's zone, as a Japanese setup shows times.
var jst = time.FixedZone("JST", 9*60*60)

// jaSession is a Japanese incident typed in Japanese: handovers, a decision
// logged later with who decided and when (and a stop allowed by the level),
// a step back from containment, a correction, the scope in numbers given and
// corrected, an escalation acknowledged, a note redacted, the severity
// lowered, a finding, the postmortem, and the close.
func jaSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000011")}
	satoJ := workflow.Actor{Team: "T0001", User: "U0SATO", Name: "佐藤"}
	suzukiJ := workflow.Actor{Team: "T0001", User: "U0SUZUKI", Name: "鈴木"}
	katoJ := workflow.Actor{Team: "T0001", User: "U0KATO", Name: "加藤"}
	p := func(a workflow.Actor) workflow.Person { return a.Person() }
	move := func(a workflow.Actor, hh, mm int, from, to workflow.Phase, m workflow.Move, reason string) {
		tl.add(t, a, at(hh, mm), workflow.PhaseChanged{From: from, To: to, Move: m, Reason: reason})
	}
	records := func(n int) *int { return &n }
	tl.add(t, satoJ, at(0, 10), workflow.Opened{Title: "採用サイトの応募フォームから個人情報が流出した可能性", Severity: "high", Number: 5,
		Opener: p(satoJ), StartedAt: at(23, 40).AddDate(0, 0, -1), DetectedAt: at(0, 5)}) // 1
	tl.add(t, satoJ, at(0, 12), workflow.RoleAssigned{Role: workflow.RoleTech, To: p(suzukiJ)})                                                                                   // 2
	tl.add(t, bot, at(0, 12), workflow.Notified{Target: "user:U0SUZUKI", Role: workflow.RoleTech, Person: p(suzukiJ), Level: "high", Chase: true, Reason: workflow.NotifyOpened}) // 3
	tl.add(t, suzukiJ, at(0, 14), workflow.Acknowledged{Role: workflow.RoleTech, By: p(suzukiJ), After: 2 * time.Minute, Level: "high"})                                          // 4
	tl.add(t, suzukiJ, at(0, 15), workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: "応募フォームから不審な送信が500件", Unconfirmed: "個人情報の流出の有無", Next: "WAFのログ"}})         // 5
	move(satoJ, 0, 16, workflow.PhaseDetect, workflow.PhaseInitial, workflow.MoveForward, "")                                                                                     // 6
	tl.add(t, satoJ, at(0, 25), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "応募フォームを停止する", Why: "外部からの不審な送信が続いている",
		Action: "メンテナンス画面に切り替え", Next: "ベンダーにログを依頼", DecidedBy: p(satoJ), DecidedAt: at(0, 18)}, Stop: "応募フォーム"}) // 7
	tl.add(t, satoJ, at(0, 25), workflow.StopApproved{Decision: 1, Basis: workflow.StopByPolicy, Level: "high"}) // 8
	tl.add(t, suzukiJ, at(0, 40), workflow.ScopeSet{ScopeFields: workflow.ScopeFields{Affected: "応募者340名、顧客12名", Records: records(352),
		Data: "氏名、メールアドレス、電話番号", Systems: "採用サイトの応募フォーム"}}) // 9
	move(satoJ, 0, 45, workflow.PhaseInitial, workflow.PhaseInvestigate, workflow.MoveForward, "")                            // 10
	move(satoJ, 1, 30, workflow.PhaseInvestigate, workflow.PhaseContain, workflow.MoveForward, "")                            // 11
	move(suzukiJ, 1, 50, workflow.PhaseContain, workflow.PhaseInvestigate, workflow.MoveBack, "同じIPアドレスから管理画面へのログイン試行を再検知")   // 12
	tl.add(t, katoJ, at(2, 0), workflow.Amended{Of: 1, DecisionFields: workflow.DecisionFields{Next: "ベンダーに3か月分のアクセスログを依頼"}}) // 13
	tl.add(t, satoJ, at(2, 5), workflow.RoleAssigned{Role: workflow.RoleCommander, From: p(satoJ), To: p(katoJ)})             // 14
	tl.add(t, suzukiJ, at(2, 10), workflow.NoteLogged{Text: "管理画面のパスワードは hunter2-himitsu"})                                   // 15
	tl.add(t, katoJ, at(2, 12), workflow.Redaction{Seq: 15, Reason: "パスワードを貼り付けたため"})                                         // 16
	tl.redact(15)
	move(katoJ, 2, 40, workflow.PhaseInvestigate, workflow.PhaseContain, workflow.MoveForward, "")                     // 17
	tl.add(t, katoJ, at(3, 0), workflow.SeverityChanged{From: "high", To: "medium", Reason: "ベンダーのログで外部への送信がないことを確認"}) // 18
	move(katoJ, 3, 30, workflow.PhaseContain, workflow.PhaseRecover, workflow.MoveForward, "")                         // 19
	tl.add(t, suzukiJ, at(4, 0), workflow.ScopeSet{ScopeFields: workflow.ScopeFields{Records: records(340)}})          // 20
	move(katoJ, 5, 0, workflow.PhaseRecover, workflow.PhasePost, workflow.MoveForward, "")                             // 21
	tl.add(t, katoJ, at(5, 30), workflow.PostmortemUpdated{PostmortemFields: workflow.PostmortemFields{Cause: "フォーム用プラグインの脆弱性",
		Impact: "応募者340名の氏名・連絡先が閲覧可能な状態だった（外部への送信は確認されず）", Prevention: "プラグインを毎月更新し、WAFのルールを見直す", Open: "対象者への連絡文の確定"}}) // 22
	tl.add(t, katoJ, at(5, 40), workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: "ベンダーの夜間連絡先が古かった", Owner: p(satoJ), Due: "2026-12-15"}}) // 23
	move(katoJ, 6, 0, workflow.PhasePost, workflow.PhaseClosed, workflow.MoveClose, "")                                                                       // 24
	return tl
}

// hostileSession is an incident whose every free text tries to break the
// report: bars, backticks, HTML, line breaks, control characters and
// characters that reorder text, in the title, a name, a decision, a note, a
// reason, the scope, a finding and its closing note, what it affects, a
// vendor's name and answer, the personal-data flag's reason, statements,
// how one was sent and why one was refused.
func hostileSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000012")}
	const nasty = "a | b `code` <script>alert(1)</script> *bold* [link](javascript:x) \x1b[31mred\x1b[0m \u202eevil\u202c end\nsecond line"
	evil := workflow.Actor{Team: "T0001", User: "U0EVIL", Name: "<img src=x onerror=alert(1)>|`x`"}
	tl.add(t, evil, at(9, 0), workflow.Opened{Title: nasty, Severity: "medium", Number: 6, Opener: evil.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 0)})
	tl.add(t, evil, at(9, 1), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: nasty, Why: nasty, Action: "| x |\n|---|", Next: "</td></tr></table><h1>x</h1>", DecidedBy: evil.Person()}})
	tl.add(t, evil, at(9, 2), workflow.NoteLogged{Text: nasty})
	tl.add(t, evil, at(9, 3), workflow.ScopeSet{ScopeFields: workflow.ScopeFields{Affected: nasty, Data: "<b>name</b>", Systems: "`sys`|x"}})
	tl.add(t, evil, at(9, 4), workflow.SeverityChanged{From: "medium", To: "high", Reason: nasty})
	tl.add(t, evil, at(9, 5), workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: nasty, Owner: evil.Person()}})
	tl.add(t, evil, at(9, 6), workflow.PostmortemUpdated{PostmortemFields: workflow.PostmortemFields{Cause: nasty, Impact: "<iframe src=//x>", Prevention: "\x07bell", Open: "]]>"}})
	tl.add(t, evil, at(9, 7), workflow.AffectsChanged{Added: []string{"<b>site</b>|x"}, Now: []workflow.Owners{{Component: "`web`|<i>x</i>", RunBy: []string{"v|x"},
		Rows: []workflow.MatrixRow{{Item: workflow.ItemBackup, Owner: []string{"<script>o</script>"}, Shared: []string{"company"}}}}}})
	tl.addAbout(t, evil, at(9, 8), "v|x", workflow.VendorRequested{Vendor: "v|x", Name: workflow.Text{En: nasty}, Channel: "C0X",
		VendorRequestFields: workflow.VendorRequestFields{Symptom: nasty}, RespondWithin: time.Minute})
	tl.addAbout(t, evil, at(9, 9), "v|x", workflow.VendorReplied{Vendor: "v|x", Note: nasty, After: time.Minute})
	tl.add(t, evil, at(9, 10), workflow.PersonalDataSet{Involved: true, Reason: nasty, Source: workflow.PersonalDataByCommand})
	tl.addAbout(t, evil, at(9, 11), "statement:1:press", workflow.StatementDrafted{Number: 1, Audience: workflow.AudiencePress, Text: nasty})
	tl.addAbout(t, evil, at(9, 12), "statement:1:press", workflow.StatementApproved{Number: 1, Version: 1})
	tl.addAbout(t, evil, at(9, 13), "statement:1:press", workflow.StatementSent{Number: 1, Version: 1, How: nasty})
	tl.addAbout(t, evil, at(9, 14), "statement:2:staff", workflow.StatementDrafted{Number: 2, Audience: workflow.AudienceStaff, Text: nasty})
	tl.addAbout(t, evil, at(9, 15), "statement:2:staff", workflow.StatementRefused{Number: 2, Version: 1, Reason: nasty})
	tl.add(t, evil, at(9, 16), workflow.FindingRecorded{FindingFields: workflow.FindingFields{Text: nasty, Owner: evil.Person(), Due: "2026-11-30"}})
	tl.addAbout(t, evil, at(9, 17), "finding:2", workflow.FindingClosed{Finding: 2, Seq: 17, Note: nasty})
	return tl
}

// fixtures are every fixture incident, by name.
func fixtures(t *testing.T) map[string]*timeline {
	return map[string]*timeline{
		"session": session(t), "stops": stopSession(t), "escalation": escalationSession(t), "checklist": checklistSession(t),
		"drill": drillSession(t), "ja": jaSession(t), "hostile": hostileSession(t), "vendors": vendorSession(t),
		"voice": voiceSession(t), "practice": practiceSession(t),
	}
}
