package workflow

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseHappy(t *testing.T) {
	scale := DefaultScale()
	tests := []struct {
		name string
		in   string
		want Command
	}{
		// empty input and the bare prefix are help
		{"empty", "", Command{Verb: VerbHelp}},
		{"only prefix", "  /incident  ", Command{Verb: VerbHelp}},
		{"help topic", "/incident help Decision", Command{Verb: VerbHelp, Topic: VerbDecision}},
		{"verb case ignored", "/incident SHOW", Command{Verb: VerbShow}},
		{"ideographic spaces trimmed", "\u3000show\u3000", Command{Verb: VerbShow}},

		// open: level only when it is exactly a key or alias
		{"open with level and times (issue example)",
			"/incident open high 採用エントリーフォームから不審な送信が続いている started: 08:50 detected: 09:12",
			Command{Verb: VerbOpen, Severity: "high", Title: "採用エントリーフォームから不審な送信が続いている", Started: "08:50", Detected: "09:12"}},
		{"open alias level", "open sev1 DB down", Command{Verb: VerbOpen, Severity: "high", Title: "DB down"}},
		{"open japanese alias level", "open 高 サーバー停止", Command{Verb: VerbOpen, Severity: "high", Title: "サーバー停止"}},
		{"open level-like word is title", "open highway closed", Command{Verb: VerbOpen, Title: "highway closed"}},
		{"open level prefix in japanese is title", "open 高負荷でサーバー停止", Command{Verb: VerbOpen, Title: "高負荷でサーバー停止"}},
		{"open without level", "open Entry form spam", Command{Verb: VerbOpen, Title: "Entry form spam"}},
		{"open private anywhere", "open high DB --private down", Command{Verb: VerbOpen, Severity: "high", Title: "DB down", Private: true}},
		{"open private at end", "open DB down --private", Command{Verb: VerbOpen, Title: "DB down", Private: true}},
		{"open em-dash private (smart punctuation)", "open DB down —private", Command{Verb: VerbOpen, Title: "DB down", Private: true}},
		{"open em dash word stays in title", "open API down —db timeouts", Command{Verb: VerbOpen, Title: "API down —db timeouts"}},
		{"close em-dash false alarm", "close —false-alarm noise", Command{Verb: VerbClose, FalseAlarm: true, Reason: "noise"}},
		{"open japanese time labels full-width colon", "open 不審な送信 開始：8:50 検知：9:12", Command{Verb: VerbOpen, Title: "不審な送信", Started: "8:50", Detected: "9:12"}},
		{"open detected before started, no space after colon", "open x detected:09:12 started:yesterday 23:00", Command{Verb: VerbOpen, Title: "x", Started: "yesterday 23:00", Detected: "09:12"}},
		{"open time value stops at flag", "open x started: 08:50 --private", Command{Verb: VerbOpen, Title: "x", Started: "08:50", Private: true}},
		{"open flag before level", "open --private high Applicant data exposed", Command{Verb: VerbOpen, Severity: "high", Title: "Applicant data exposed", Private: true}},
		{"open runbook before level", "open --runbook data-leak high Form leak", Command{Verb: VerbOpen, Severity: "high", Title: "Form leak", Runbook: "data-leak"}},
		{"open with runbook", "open high Top page defaced --runbook defacement --private", Command{Verb: VerbOpen, Severity: "high", Title: "Top page defaced", Runbook: "defacement", Private: true}},
		{"next skip", "next --skip", Command{Verb: VerbNext, Skip: true}},
		{"phase skip with reason", "phase contain --skip vendor is on it", Command{Verb: VerbPhase, Phase: PhaseContain, Skip: true, Reason: "vendor is on it"}},
		{"checklist", "checklist", Command{Verb: VerbChecklist}},
		{"done", "done ３", Command{Verb: VerbDone, Item: 3}},
		{"undo with ref", "undo #D-2 1", Command{Verb: VerbUndo, Ref: Ref{Drill: true, Number: 2}, Item: 1}},
		{"drill start", "drill start web-defacement --speed 60", Command{Verb: VerbDrill, DrillAction: "start", Scenario: "web-defacement", Speed: 60}},
		{"drill start default speed", "drill start --speed 2 form-leak", Command{Verb: VerbDrill, DrillAction: "start", Scenario: "form-leak", Speed: 2}},
		{"drill end", "drill END", Command{Verb: VerbDrill, DrillAction: "end"}},
		{"drill start with a contact check", "drill start web-defacement --contact-check --speed 60",
			Command{Verb: VerbDrill, DrillAction: "start", Scenario: "web-defacement", Speed: 60, ContactCheck: true}},
		{"drill ack for oneself", "drill ack", Command{Verb: VerbDrill, DrillAction: "ack"}},
		{"drill ack for the person asked", "drill ack <@U0TANAKA>", Command{Verb: VerbDrill, DrillAction: "ack", Assignee: PersonRef{Person: Person{ID: "U0TANAKA"}}}},
		{"finding done", "finding #3 done ２ the contact list is updated", Command{Verb: VerbFinding, Ref: Ref{Number: 3}, FindingNumber: 2, Note: "the contact list is updated"}},
		{"finding done without a note", "finding done 1", Command{Verb: VerbFinding, FindingNumber: 1}},
		{"finding starting with done", "finding done wrong, nobody checked | owner: me",
			Command{Verb: VerbFinding, Finding: FindingFields{Text: "done wrong, nobody checked"}, Assignee: PersonRef{Me: true}}},
		{"followup is finding", "followup put a rate limit on the form", Command{Verb: VerbFinding, Finding: FindingFields{Text: "put a rate limit on the form"}}},
		{"findings", "findings", Command{Verb: VerbFindings}},
		{"findings open", "findings OPEN", Command{Verb: VerbFindings}},
		{"findings all", "followups all", Command{Verb: VerbFindings, All: true}},
		{"finding with owner and due", "finding nobody had the vendor's night number | 担当: <@U1|sato> | due: 2026-12-15",
			Command{Verb: VerbFinding, Finding: FindingFields{Text: "nobody had the vendor's night number", Due: "2026-12-15"}, Assignee: PersonRef{Person: Person{ID: "U1", Name: "sato"}}}},
		{"ack role", "ack tech", Command{Verb: VerbAck, Role: RoleTech}},
		{"escalate reason", "escalate primary is on a plane", Command{Verb: VerbEscalate, Reason: "primary is on a plane"}},
		{"approve", "approve 2", Command{Verb: VerbApprove, DecisionNumber: 2}},
		{"refuse reason", "refuse 2 deadline today", Command{Verb: VerbRefuse, DecisionNumber: 2, Reason: "deadline today"}},
		{"decision stop", "decision Take the form offline | why: data may leak | stop: entry form", Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "Take the form offline", Why: "data may leak"}, Stop: "entry form"}},
		{"open label inside a word is title", "open Restarted:loop forever", Command{Verb: VerbOpen, Title: "Restarted:loop forever"}},
		{"open hash in title is text", "open #123 again broken", Command{Verb: VerbOpen, Title: "#123 again broken"}},
		{"open keeps inner spacing", "open a  b", Command{Verb: VerbOpen, Title: "a  b"}},
		{"open entities decoded once", "open a &amp;lt; b &lt;c&gt; &amp; d", Command{Verb: VerbOpen, Title: "a &lt; b <c> & d"}},

		// sev
		{"sev with reason", "sev medium outflow ruled out by vendor logs", Command{Verb: VerbSev, Severity: "medium", Reason: "outflow ruled out by vendor logs"}},
		{"sev alias, ref", "sev #2 SEV3", Command{Verb: VerbSev, Ref: Ref{Number: 2}, Severity: "low"}},
		{"sev japanese", "sev 中 ベンダーのログで流出なし", Command{Verb: VerbSev, Severity: "medium", Reason: "ベンダーのログで流出なし"}},

		// assign: the person forms
		{"assign @name", "assign commander @sato", Command{Verb: VerbAssign, Role: RoleCommander, Assignee: PersonRef{Person: Person{ID: "sato", Name: "sato"}}}},
		{"assign slack mention with name", "assign tech <@U123|suzuki>", Command{Verb: VerbAssign, Role: RoleTech, Assignee: PersonRef{Person: Person{ID: "U123", Name: "suzuki"}}}},
		{"assign slack mention without name", "assign comms <@U0456>", Command{Verb: VerbAssign, Role: RoleComms, Assignee: PersonRef{Person: Person{ID: "U0456"}}}},
		{"assign me", "assign scribe ME", Command{Verb: VerbAssign, Role: RoleScribe, Assignee: PersonRef{Me: true}}},
		{"assign japanese role and 自分", "assign 最終責任者 自分", Command{Verb: VerbAssign, Role: RoleApprover, Assignee: PersonRef{Me: true}}},
		{"assign full-width at", "assign #D-2 tech ＠yamada", Command{Verb: VerbAssign, Ref: Ref{Drill: true, Number: 2}, Role: RoleTech, Assignee: PersonRef{Person: Person{ID: "yamada", Name: "yamada"}}}},

		// phase, next
		{"phase", "phase initial", Command{Verb: VerbPhase, Phase: PhaseInitial}},
		{"phase back with reason", "phase investigate spam resumed from new IPs", Command{Verb: VerbPhase, Phase: PhaseInvestigate, Reason: "spam resumed from new IPs"}},
		{"phase japanese", "phase 封じ込め", Command{Verb: VerbPhase, Phase: PhaseContain}},
		{"next", "next", Command{Verb: VerbNext}},
		{"next with reason and ref", "next ＃3 logs checked", Command{Verb: VerbNext, Ref: Ref{Number: 3}, Reason: "logs checked"}},

		// decision: labels, languages, full-width
		{"decision english",
			"/incident decision Take the entry form offline | why: applicant data may be exposed | action: maintenance page on /entry | next: ask the form vendor for logs",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "Take the entry form offline", Why: "applicant data may be exposed", Action: "maintenance page on /entry", Next: "ask the form vendor for logs"}}},
		{"decision japanese labels, full-width bar and colon",
			"decision 管理画面を社外IPから遮断 ｜ 根拠：改ざんが継続中 ｜ 対策：WAFで接続元制限 ｜ 次のアクション：30分後にログ再確認",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "管理画面を社外IPから遮断", Why: "改ざんが継続中", Action: "WAFで接続元制限", Next: "30分後にログ再確認"}}},
		{"decision 次 and 理由 and 実施, mixed punctuation",
			"decision 遮断｜理由: 継続中|実施：WAF｜次: 再確認",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "遮断", Why: "継続中", Action: "WAF", Next: "再確認"}}},
		{"decision only why; labels any case, spaces before colon",
			"decision Block IPs |WHY :attack ongoing",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "Block IPs", Why: "attack ongoing"}}},
		{"decision pipe without label stays in text",
			"decision use A | B switch | why: A|B is faster | next week: none",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "use A | B switch", Why: "A|B is faster | next week: none"}}},
		{"decision hash in text is not a ref",
			"decision revert #123 | why: #123 broke login",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "revert #123", Why: "#123 broke login"}}},
		{"decision with ref", "decision #3 stop | why: leak",
			Command{Verb: VerbDecision, Ref: Ref{Number: 3}, Decision: DecisionFields{Decision: "stop", Why: "leak"}}},
		{"decision drill ref lower case", "decision #d-2 stop | why: drill",
			Command{Verb: VerbDecision, Ref: Ref{Drill: true, Number: 2}, Decision: DecisionFields{Decision: "stop", Why: "drill"}}},
		{"decision entities decoded after splitting",
			"decision allow &lt;script&gt; | why: a &amp; b",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "allow <script>", Why: "a & b"}}},
		{"decision multi-line values",
			"decision stop\nthe form | why: leak\nconfirmed",
			Command{Verb: VerbDecision, Decision: DecisionFields{Decision: "stop\nthe form", Why: "leak\nconfirmed"}}},

		// amend: number, then fields; may start with a label
		{"amend with bar", "amend 2 | next: call vendor", Command{Verb: VerbAmend, DecisionNumber: 2, Decision: DecisionFields{Next: "call vendor"}}},
		{"amend starting with label", "amend 2 why: new evidence", Command{Verb: VerbAmend, DecisionNumber: 2, Decision: DecisionFields{Why: "new evidence"}}},
		{"amend number glued to bar", "amend 2| 対策：遮断", Command{Verb: VerbAmend, DecisionNumber: 2, Decision: DecisionFields{Action: "遮断"}}},
		{"amend full form with ref, full-width digit", "amend #1 ２ stop form | why: leak",
			Command{Verb: VerbAmend, Ref: Ref{Number: 1}, DecisionNumber: 2, Decision: DecisionFields{Decision: "stop form", Why: "leak"}}},

		// log
		{"log", "log WAF logs requested", Command{Verb: VerbLog, Note: "WAF logs requested"}},
		{"log hash later is text", "log see #12 and |why: nothing", Command{Verb: VerbLog, Note: "see #12 and |why: nothing"}},

		// status
		{"status english (issue example)",
			"status confirmed: フォーム経由で500件の不審送信 | unconfirmed: 個人情報の流出有無 | next: WAFログの確認",
			Command{Verb: VerbStatus, Status: StatusFields{Confirmed: "フォーム経由で500件の不審送信", Unconfirmed: "個人情報の流出有無", Next: "WAFログの確認"}}},
		{"status japanese labels, full-width",
			"status 確定：500件 ｜ 未確定：流出 ｜ 次に確認：WAF",
			Command{Verb: VerbStatus, Status: StatusFields{Confirmed: "500件", Unconfirmed: "流出", Next: "WAF"}}},
		{"status unconfirmed only (not read as confirmed)",
			"status unconfirmed: scope",
			Command{Verb: VerbStatus, Status: StatusFields{Unconfirmed: "scope"}}},
		{"status leading bar", "status | next: logs", Command{Verb: VerbStatus, Status: StatusFields{Next: "logs"}}},

		// postmortem
		{"postmortem english (issue example)",
			"postmortem cause: plugin vulnerability | impact: 500 spam entries, no data leaked | prevention: monthly plugin updates | open: WAF rule review",
			Command{Verb: VerbPostmortem, Postmortem: PostmortemFields{Cause: "plugin vulnerability", Impact: "500 spam entries, no data leaked", Prevention: "monthly plugin updates", Open: "WAF rule review"}}},
		{"postmortem japanese",
			"postmortem 原因：脆弱性｜影響：500件｜再発防止：毎月更新｜残課題：WAF見直し",
			Command{Verb: VerbPostmortem, Postmortem: PostmortemFields{Cause: "脆弱性", Impact: "500件", Prevention: "毎月更新", Open: "WAF見直し"}}},
		{"postmortem one field", "postmortem open: review", Command{Verb: VerbPostmortem, Postmortem: PostmortemFields{Open: "review"}}},

		// redact, close, reopen, report, list, show
		{"redact", "redact 12 pasted a password", Command{Verb: VerbRedact, EventNumber: 12, Reason: "pasted a password"}},
		{"close", "close", Command{Verb: VerbClose}},
		{"close with ref", "close #4", Command{Verb: VerbClose, Ref: Ref{Number: 4}}},
		{"close skipping", "close #4 --skip", Command{Verb: VerbClose, Ref: Ref{Number: 4}, Skip: true}},
		{"close false alarm", "close --false-alarm load test", Command{Verb: VerbClose, FalseAlarm: true, Reason: "load test"}},
		{"close false alarm flag case", "close --False-Alarm 誤検知", Command{Verb: VerbClose, FalseAlarm: true, Reason: "誤検知"}},
		{"reopen", "reopen spam again", Command{Verb: VerbReopen, Reason: "spam again"}},
		{"report default", "report", Command{Verb: VerbReport, Format: "md"}},
		{"report json", "report #D-1 JSON", Command{Verb: VerbReport, Ref: Ref{Drill: true, Number: 1}, Format: "json"}},
		{"report html", "report HTML", Command{Verb: VerbReport, Format: "html"}},
		{"list", "list", Command{Verb: VerbList}},
		{"list all", "list all", Command{Verb: VerbList, All: true}},
		{"show ref", "show #1", Command{Verb: VerbShow, Ref: Ref{Number: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in, scale)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	scale := DefaultScale()
	tests := []struct {
		name string
		in   string
		key  MsgKey
		verb Verb   // whose usage the message must show; empty: none
		has  string // more text the English message must contain
	}{
		// text-level problems
		{"invalid utf8", "log \xff\xfe", "err.invalid_utf8", "", ""},
		{"nul byte", "log a\x00b", "err.nul", "", ""},
		{"unknown verb lists verbs", "opne x", "err.unknown_verb", "", "open, sev, assign"},
		{"help unknown topic", "help frobnicate", "err.help_unknown", "", "decision"},
		{"help extra", "help open now", "err.extra", VerbHelp, ""},

		// refs
		{"malformed ref", "decision #abc x | why: y", "err.bad_ref", VerbDecision, "#abc"},
		{"lone hash", "log # of errors up", "err.bad_ref", VerbLog, ""},
		{"zero ref", "show #0", "err.bad_ref", VerbShow, ""},
		{"drill ref without number", "show #D-", "err.bad_ref", VerbShow, ""},

		// open
		{"open no title", "open", "err.required", VerbOpen, "title"},
		{"open only level", "open high", "err.required", VerbOpen, "title"},
		{"open only labels", "open high started: 08:50", "err.required", VerbOpen, "title"},
		{"open unknown flag", "open DB down --playbook web", "err.unknown_flag", VerbOpen, "--private"},
		{"open runbook without a name", "open DB down --runbook", "err.runbook_missing", VerbOpen, "--runbook"},
		{"done without a number", "done", "err.number_missing", VerbDone, "item"},
		{"drill without an action", "drill", "err.drill_action", VerbDrill, "drill start"},
		{"drill bad speed", "drill start web-defacement --speed fast", "err.speed", VerbDrill, "fast"},
		{"drill without a scenario", "drill start --speed 60", "err.scenario_missing", VerbDrill, "scenario"},
		{"finding bad due", "finding no night number | due: next week", "err.due", VerbFinding, "next week"},
		{"finding done without a number", "finding done", "err.finding_number_missing", VerbFinding, "finding done <n>"},
		{"finding done 0", "finding done 0 oops", "err.finding_number", VerbFinding, "“0”"},
		{"drill ack for two", "drill ack @a @b", "err.bad_person", VerbDrill, "@a @b"},
		{"drill unknown flag", "drill start web-defacement --contactcheck", "err.unknown_flag", VerbDrill, "--contact-check"},
		{"findings what", "findings mine", "err.extra", VerbFindings, "mine"},
		{"open empty started", "open DB down started: --private", "err.label_empty", VerbOpen, "started:"},
		{"open started twice", "open DB started: 1:00 開始: 2:00", "err.label_twice", VerbOpen, "start time"},

		// sev
		{"sev missing level", "sev", "err.level_missing", VerbSev, "sev3"},
		{"sev unknown level", "sev critical now", "err.unknown_level", VerbSev, "low (sev3, 低)"},

		// assign
		{"assign nothing", "assign", "err.role_missing", VerbAssign, "commander"},
		{"assign unknown role", "assign boss @sato", "err.unknown_role", VerbAssign, "approver"},
		{"assign no person", "assign tech", "err.person_missing", VerbAssign, ""},
		{"assign bare name", "assign tech sato", "err.bad_person", VerbAssign, "sato"},
		{"assign lone at", "assign tech @", "err.bad_person", VerbAssign, ""},
		{"assign broken mention", "assign tech <@U123", "err.bad_person", VerbAssign, ""},
		{"assign extra words", "assign tech @sato and @suzuki", "err.extra", VerbAssign, "and @suzuki"},
		{"assign extra after mention", "assign tech <@U1|a> please", "err.extra", VerbAssign, "please"},

		// phase
		{"phase missing", "phase", "err.phase_missing", VerbPhase, "investigate"},
		{"phase unknown", "phase fix", "err.unknown_phase", VerbPhase, "contain"},
		{"phase closed is close", "phase closed", "err.phase_closed", VerbClose, ""},

		// decision
		{"decision empty", "decision", "err.decision_empty", VerbDecision, ""},
		{"decision empty text", "decision | why: x", "err.decision_empty", VerbDecision, ""},
		{"decision no why", "decision stop form | action: maintenance page", "err.why_missing", VerbDecision, "why:"},
		{"decision why without colon is text", "decision stop | why because", "err.why_missing", VerbDecision, ""},
		{"decision label without value", "decision stop | why: | next: x", "err.label_empty", VerbDecision, "why:"},
		{"decision label at end without value", "decision stop | why: x | 次：", "err.label_empty", VerbDecision, "次:"},
		{"decision label twice", "decision stop | why: a | 理由: b", "err.label_twice", VerbDecision, "rationale"},

		// amend
		{"amend no number", "amend", "err.number_missing", VerbAmend, "decision number"},
		{"amend number not a number", "amend two | why: x", "err.number_bad", VerbAmend, "two"},
		{"amend hash number is a ref, then no number", "amend #2 why: x", "err.number_bad", VerbAmend, "why:"},
		{"amend negative", "amend -1 why: x", "err.number_bad", VerbAmend, ""},
		{"amend zero", "amend 0 why: x", "err.number_bad", VerbAmend, ""},
		{"amend nothing", "amend 2", "err.amend_empty", VerbAmend, ""},
		{"amend empty label", "amend 2 | why:", "err.label_empty", VerbAmend, ""},

		// log, status, postmortem
		{"log empty", "log", "err.required", VerbLog, "note"},
		{"log only ref", "log #2", "err.required", VerbLog, "note"},
		{"status empty", "status", "err.fields_empty", VerbStatus, "confirmed:"},
		{"status not starting with label", "status all good | next: x", "err.fields_start", VerbStatus, "unconfirmed:"},
		{"status empty box", "status confirmed: ｜ next: logs", "err.label_empty", VerbStatus, "confirmed:"},
		{"status twice", "status next: a | 次に確認: b", "err.label_twice", VerbStatus, "next-to-check"},
		{"postmortem empty", "postmortem", "err.fields_empty", VerbPostmortem, "cause:"},
		{"postmortem free text", "postmortem it was the plugin", "err.fields_start", VerbPostmortem, ""},
		{"postmortem only label", "postmortem cause:", "err.label_empty", VerbPostmortem, "cause:"},

		// redact, close, reopen, report, list, show
		{"redact nothing", "redact", "err.number_missing", VerbRedact, "event number"},
		{"redact bad number", "redact x12 oops", "err.number_bad", VerbRedact, "x12"},
		{"redact no reason", "redact 12", "err.required", VerbRedact, "reason"},
		{"close with text", "close all done", "err.close_extra", VerbClose, "all done"},
		{"close unknown flag", "close --force", "err.unknown_flag", VerbClose, "--skip, --false-alarm"},
		{"close skip with text", "close --skip now", "err.close_extra", VerbClose, "now"},
		{"close false alarm without reason", "close --false-alarm", "err.required", VerbClose, "reason"},
		{"reopen without reason", "reopen", "err.required", VerbReopen, "reason"},
		{"report pdf", "report pdf", "err.report_format", VerbReport, "md, html or json"},
		{"report extra", "report md now", "err.extra", VerbReport, ""},
		{"list extra", "list open", "err.extra", VerbList, ""},
		{"show extra", "show #1 please", "err.extra", VerbShow, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in, scale)
			p := mustProblem(t, err)
			if p.Msg.Key != tc.key {
				t.Errorf("Parse(%q): key %s, want %s (%v)", tc.in, p.Msg.Key, tc.key, err)
			}
			en := Render(English, p.Msg)
			if tc.verb != "" {
				if usage := Render(English, UsageMsg(tc.verb)); !strings.Contains(en, usage) {
					t.Errorf("Parse(%q): message %q lacks the usage %q", tc.in, en, usage)
				}
			}
			if !strings.Contains(en, tc.has) {
				t.Errorf("Parse(%q): message %q lacks %q", tc.in, en, tc.has)
			}
			checkRendered(t, p.Msg)
		})
	}
}

// mustProblem asserts err is a *Problem of kind ErrInvalid.
func mustProblem(t *testing.T, err error) *Problem {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var p *Problem
	if !errors.As(err, &p) {
		t.Fatalf("error %T %v is not a *Problem", err, err)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error %v is not ErrInvalid", err)
	}
	return p
}

// checkRendered asserts m renders in both languages with every key known and
// every placeholder filled.
func checkRendered(t *testing.T, m Msg) {
	t.Helper()
	for _, l := range Langs {
		s := Render(l, m)
		if strings.Contains(s, "{") || s == string(m.Key) || strings.Contains(s, "usage.") || strings.Contains(s, "part.") {
			t.Errorf("%s in %s renders badly: %q", m.Key, l, s)
		}
	}
}

func TestParseLimits(t *testing.T) {
	scale := DefaultScale()
	ja := func(n int) string { return strings.Repeat("障", n) } // 3 bytes each: limits count characters
	// Each template takes the field text at %s.
	fields := []struct {
		name string
		tmpl string
		get  func(Command) string
	}{
		{"title", "open high %s", func(c Command) string { return c.Title }},
		{"title with level-less open", "open %s started: 08:50", func(c Command) string { return c.Title }},
		{"started", "open t started: %s", func(c Command) string { return c.Started }},
		{"decision", "decision %s | why: x", func(c Command) string { return c.Decision.Decision }},
		{"why", "decision x | why: %s", func(c Command) string { return c.Decision.Why }},
		{"action", "decision x | why: y | 対策：%s", func(c Command) string { return c.Decision.Action }},
		{"next", "decision x | why: y | next: %s", func(c Command) string { return c.Decision.Next }},
		{"amend why", "amend 1 why: %s", func(c Command) string { return c.Decision.Why }},
		{"note", "log %s", func(c Command) string { return c.Note }},
		{"confirmed", "status confirmed: %s", func(c Command) string { return c.Status.Confirmed }},
		{"unconfirmed", "status 未確定：%s", func(c Command) string { return c.Status.Unconfirmed }},
		{"check next", "status next: %s", func(c Command) string { return c.Status.Next }},
		{"cause", "postmortem cause: %s", func(c Command) string { return c.Postmortem.Cause }},
		{"impact", "postmortem impact: %s", func(c Command) string { return c.Postmortem.Impact }},
		{"prevention", "postmortem prevention: %s", func(c Command) string { return c.Postmortem.Prevention }},
		{"open items", "postmortem open: %s", func(c Command) string { return c.Postmortem.Open }},
		{"sev reason", "sev low %s", func(c Command) string { return c.Reason }},
		{"phase reason", "phase investigate %s", func(c Command) string { return c.Reason }},
		{"next reason", "next %s", func(c Command) string { return c.Reason }},
		{"redact reason", "redact 3 %s", func(c Command) string { return c.Reason }},
		{"false alarm reason", "close --false-alarm %s", func(c Command) string { return c.Reason }},
		{"reopen reason", "reopen %s", func(c Command) string { return c.Reason }},
	}
	for _, f := range fields {
		t.Run(f.name, func(t *testing.T) {
			ok := strings.Replace(f.tmpl, "%s", ja(FieldLimit), 1)
			cmd, err := Parse(ok, scale)
			if err != nil {
				t.Fatalf("%d characters refused: %v", FieldLimit, err)
			}
			if got := f.get(cmd); got != ja(FieldLimit) {
				t.Fatalf("field holds %d bytes, want the %d characters", len(got), FieldLimit)
			}
			_, err = Parse(strings.Replace(f.tmpl, "%s", ja(FieldLimit+1), 1), scale)
			p := mustProblem(t, err)
			if p.Msg.Key != "err.too_long" {
				t.Fatalf("key %s, want err.too_long", p.Msg.Key)
			}
			en := Render(English, p.Msg)
			if !strings.Contains(en, "3001") || !strings.Contains(en, "3000") || !strings.Contains(en, "/incident ") {
				t.Errorf("message %q should name the length, the limit and the usage", en)
			}
			checkRendered(t, p.Msg)
		})
	}
	// Entities count after decoding: 3000 "&amp;" are 3000 characters.
	if _, err := Parse("log "+strings.Repeat("&amp;", FieldLimit), scale); err != nil {
		t.Errorf("decoded 3000 characters refused: %v", err)
	}
}

func TestParseCustomScale(t *testing.T) {
	// A configured scale: the first word is a level only if it is one of its keys or aliases.
	scale := Scale{Levels: []Level{{Key: "p3", Aliases: []string{"minor"}}, {Key: "p1", Aliases: []string{"major", "重大"}}}, Default: "p3"}
	cmd, err := Parse("open MAJOR checkout down", scale)
	if err != nil || cmd.Severity != "p1" || cmd.Title != "checkout down" {
		t.Errorf("got %+v, %v", cmd, err)
	}
	cmd, err = Parse("open high checkout down", scale)
	if err != nil || cmd.Severity != "" || cmd.Title != "high checkout down" {
		t.Errorf("high is no level here: got %+v, %v", cmd, err)
	}
	_, err = Parse("sev high", scale)
	if p := mustProblem(t, err); !strings.Contains(p.Error(), "p1 (major, 重大)") {
		t.Errorf("sev error should list the scale: %v", p)
	}
}

func TestParseErrorsJapanese(t *testing.T) {
	// The Japanese rendering carries the usage line too.
	_, err := Parse("decision 遮断", DefaultScale())
	p := mustProblem(t, err)
	ja := Render(Japanese, p.Msg)
	if !strings.Contains(ja, Render(Japanese, UsageMsg(VerbDecision))) || !strings.Contains(ja, "根拠") {
		t.Errorf("japanese message %q", ja)
	}
}

func TestHelpLines(t *testing.T) {
	scale := DefaultScale()
	all := func(lines []Msg, l Lang) string {
		for _, m := range lines {
			checkRendered(t, m)
		}
		return RenderAll(l, lines)
	}
	over := all(HelpLines("", scale), English)
	for _, v := range Verbs {
		if !strings.Contains(over, Render(English, UsageMsg(v))) {
			t.Errorf("overview lacks the usage of %s", v)
		}
	}
	if !strings.Contains(over, "#D-2") || !strings.Contains(over, "why:") {
		t.Errorf("overview should explain references and fields:\n%s", over)
	}
	for _, v := range Verbs {
		lines := HelpLines(v, scale)
		if len(lines) < 3 || lines[0].Key != UsageMsg(v).Key {
			t.Errorf("help %s: %v", v, lines)
		}
		for _, l := range Langs {
			if s := all(lines, l); !strings.Contains(s, "/incident "+string(v)) {
				t.Errorf("help %s in %s lacks an example:\n%s", v, l, s)
			}
		}
	}
	for _, v := range []Verb{VerbOpen, VerbSev} {
		for _, l := range Langs {
			s := all(HelpLines(v, scale), l)
			for _, w := range []string{"low", "medium", "high", "sev3", "sev2", "sev1", "低", "中", "高"} {
				if !strings.Contains(s, w) {
					t.Errorf("help %s (%s) lacks level %s:\n%s", v, l, w, s)
				}
			}
		}
	}
	// help parsed, then answered: the topic reaches HelpLines.
	cmd, err := Parse("help sev", scale)
	if err != nil || cmd.Topic != VerbSev {
		t.Fatalf("help sev: %+v %v", cmd, err)
	}
}

func TestParseEveryExampleAndUsage(t *testing.T) {
	// Every example in the help parses; it is what users copy.
	scale := DefaultScale()
	for _, v := range Verbs {
		for _, l := range Langs {
			ex := Render(l, M(MsgKey("example."+string(v)), nil))
			_, text, ok := strings.Cut(ex, "/incident ")
			if !ok {
				t.Fatalf("example.%s (%s) has no command: %q", v, l, ex)
			}
			cmd, err := Parse("/incident "+text, scale)
			if err != nil {
				t.Errorf("example.%s (%s) %q: %v", v, l, ex, err)
			} else if cmd.Verb != v {
				t.Errorf("example.%s parses as %s", v, cmd.Verb)
			}
		}
	}
}
