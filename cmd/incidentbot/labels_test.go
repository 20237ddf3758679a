package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"incidentbot/bot/slackbot"
	"incidentbot/workflow"
	"incidentbot/workflow/report"
)

// printed is a place where the bot prints the name of a field a command
// takes: show, the report, the Slack card and forms, the grammar's own field
// names. ph is set for a template: the label is the text right before {ph}.
type printed struct {
	cat   string // workflow, report or slack
	key   workflow.MsgKey
	ph    string
	verb  workflow.Verb
	field string // the canonical field; for assign, the role
}

// printedLabels lists every such place. The grammar's field names (part.*)
// are checked for completeness apart, below.
var printedLabels = []printed{
	// show, and open's reply
	{"workflow", "show.times", "started", workflow.VerbOpen, "started"},
	{"workflow", "show.times", "detected", workflow.VerbOpen, "detected"},
	{"workflow", "open.times", "started", workflow.VerbOpen, "started"},
	{"workflow", "open.times", "detected", workflow.VerbOpen, "detected"},
	{"workflow", "show.status", "confirmed", workflow.VerbStatus, "confirmed"},
	{"workflow", "show.status", "unconfirmed", workflow.VerbStatus, "unconfirmed"},
	{"workflow", "show.status", "next", workflow.VerbStatus, "check_next"},
	{"workflow", "show.decision", "why", workflow.VerbDecision, "why"},
	{"workflow", "show.decision", "action", workflow.VerbDecision, "action"},
	{"workflow", "show.decision", "next", workflow.VerbDecision, "next"},
	{"workflow", "show.postmortem", "cause", workflow.VerbPostmortem, "cause"},
	{"workflow", "show.postmortem", "impact", workflow.VerbPostmortem, "impact"},
	{"workflow", "show.postmortem", "prevention", workflow.VerbPostmortem, "prevention"},
	{"workflow", "show.postmortem", "open", workflow.VerbPostmortem, "open"},
	{"workflow", "decision.by", "by", workflow.VerbDecision, "by"},
	{"workflow", "decision.at", "at", workflow.VerbDecision, "at"},
	{"workflow", "finding.due", "due", workflow.VerbFinding, "due"},
	{"workflow", "show.scope", "affected", workflow.VerbScope, "affected"},
	{"workflow", "show.scope", "records", workflow.VerbScope, "records"},
	{"workflow", "show.scope", "data", workflow.VerbScope, "data"},
	{"workflow", "show.scope", "systems", workflow.VerbScope, "systems"},
	{"workflow", "say.f.affected", "", workflow.VerbScope, "affected"},
	{"workflow", "say.f.records", "", workflow.VerbScope, "records"},
	{"workflow", "say.f.data", "", workflow.VerbScope, "data"},
	{"workflow", "say.f.systems", "", workflow.VerbScope, "systems"},
	{"workflow", "say.f.decision", "", workflow.VerbDecision, "decision"},
	{"workflow", "say.f.why", "", workflow.VerbDecision, "why"},
	{"workflow", "say.f.action", "", workflow.VerbDecision, "action"},
	{"workflow", "say.f.next", "", workflow.VerbDecision, "next"},
	{"workflow", "say.f.by", "", workflow.VerbDecision, "by"},
	{"workflow", "say.f.at", "", workflow.VerbDecision, "at"},
	{"workflow", "say.f.cause", "", workflow.VerbPostmortem, "cause"},
	{"workflow", "say.f.impact", "", workflow.VerbPostmortem, "impact"},
	{"workflow", "say.f.prevention", "", workflow.VerbPostmortem, "prevention"},
	{"workflow", "say.f.open", "", workflow.VerbPostmortem, "open"},
	{"workflow", "field.cause", "", workflow.VerbPostmortem, "cause"},
	{"workflow", "field.impact", "", workflow.VerbPostmortem, "impact"},
	{"workflow", "field.prevention", "", workflow.VerbPostmortem, "prevention"},
	// a request to a vendor, as the email text, the vendor's channel and the form print it
	{"workflow", "vendor.field.symptom", "", workflow.VerbVendor, "symptom"},
	{"workflow", "vendor.field.began", "", workflow.VerbVendor, "began"},
	{"workflow", "vendor.field.changes", "", workflow.VerbVendor, "changes"},
	{"workflow", "vendor.field.suspected_impact", "", workflow.VerbVendor, "suspected_impact"},
	{"workflow", "vendor.field.logs", "", workflow.VerbVendor, "logs"},
	{"workflow", "vendor.field.isolation", "", workflow.VerbVendor, "isolation"},
	// the report
	{"report", "sum.started", "", workflow.VerbOpen, "started"},
	{"report", "sum.detected", "", workflow.VerbOpen, "detected"},
	{"report", "col.decision", "", workflow.VerbDecision, "decision"},
	{"report", "col.why", "", workflow.VerbDecision, "why"},
	{"report", "col.action", "", workflow.VerbDecision, "action"},
	{"report", "col.next", "", workflow.VerbDecision, "next"},
	{"report", "col.confirmed", "", workflow.VerbStatus, "confirmed"},
	{"report", "col.unconfirmed", "", workflow.VerbStatus, "unconfirmed"},
	{"report", "col.check_next", "", workflow.VerbStatus, "check_next"},
	{"report", "pm.cause", "", workflow.VerbPostmortem, "cause"},
	{"report", "pm.impact", "", workflow.VerbPostmortem, "impact"},
	{"report", "pm.prevention", "", workflow.VerbPostmortem, "prevention"},
	{"report", "pm.open", "", workflow.VerbPostmortem, "open"},
	{"report", "col.finding", "", workflow.VerbFinding, "finding"},
	{"report", "col.finding_owner", "", workflow.VerbFinding, "owner"},
	{"report", "col.due", "", workflow.VerbFinding, "due"},
	// the Slack card and forms
	{"slack", "slack.card.confirmed", "", workflow.VerbStatus, "confirmed"},
	{"slack", "slack.card.unconfirmed", "", workflow.VerbStatus, "unconfirmed"},
	{"slack", "slack.card.check_next", "", workflow.VerbStatus, "check_next"},
	{"slack", "slack.card.decision", "", workflow.VerbDecision, "decision"},
	{"slack", "slack.card.why", "", workflow.VerbDecision, "why"},
	{"slack", "slack.modal.started", "", workflow.VerbOpen, "started"},
	{"slack", "slack.modal.detected", "", workflow.VerbOpen, "detected"},
	{"slack", "slack.modal.decision", "", workflow.VerbDecision, "decision"},
	{"slack", "slack.modal.why", "", workflow.VerbDecision, "why"},
	{"slack", "slack.modal.action", "", workflow.VerbDecision, "action"},
	{"slack", "slack.modal.next", "", workflow.VerbDecision, "next"},
	{"slack", "slack.modal.decided_by", "", workflow.VerbDecision, "by"},
	{"slack", "slack.modal.decided_at", "", workflow.VerbDecision, "at"},
	{"report", "col.decided_by", "", workflow.VerbDecision, "by"},
	{"report", "col.decided_at", "", workflow.VerbDecision, "at"},
	{"report", "sum.affected", "", workflow.VerbScope, "affected"},
	{"report", "sum.records", "", workflow.VerbScope, "records"},
	{"report", "sum.data", "", workflow.VerbScope, "data"},
	{"report", "sum.systems", "", workflow.VerbScope, "systems"},
	{"slack", "slack.modal.confirmed", "", workflow.VerbStatus, "confirmed"},
	{"slack", "slack.modal.unconfirmed", "", workflow.VerbStatus, "unconfirmed"},
	{"slack", "slack.modal.check_next", "", workflow.VerbStatus, "check_next"},
}

// partField maps the grammar's field names (part.<name>) to the verb whose
// label they name. The rest name no label: free text after the subcommand,
// or a word read by position.
var partField = map[string]workflow.Verb{
	"decision": workflow.VerbDecision, "why": workflow.VerbDecision, "action": workflow.VerbDecision,
	"next": workflow.VerbDecision, "by": workflow.VerbDecision, "at": workflow.VerbDecision, "stop": workflow.VerbDecision,
	"confirmed": workflow.VerbStatus, "unconfirmed": workflow.VerbStatus, "check_next": workflow.VerbStatus,
	"cause": workflow.VerbPostmortem, "impact": workflow.VerbPostmortem, "prevention": workflow.VerbPostmortem, "open": workflow.VerbPostmortem,
	"started": workflow.VerbOpen, "detected": workflow.VerbOpen,
	"finding": workflow.VerbFinding, "owner": workflow.VerbFinding, "due": workflow.VerbFinding,
	"affected": workflow.VerbScope, "records": workflow.VerbScope, "data": workflow.VerbScope, "systems": workflow.VerbScope,
	"symptom": workflow.VerbVendor, "began": workflow.VerbVendor, "changes": workflow.VerbVendor,
	"suspected_impact": workflow.VerbVendor, "logs": workflow.VerbVendor, "isolation": workflow.VerbVendor,
}

// notLabels are the part names that are no label: the title and notes are
// free text, never split; numbers, reasons and the runbook are read by
// position.
var notLabels = map[string]bool{"title": true, "note": true, "reason": true, "decision_number": true,
	"runbook": true, "item_number": true, "event_number": true,
	"statement_number": true, "statement_text": true, "how": true}

// labelsOf reads the labels a text prints: for a template, the words right
// before {ph} (after the last separator, without the colon); otherwise the
// text before any parenthesis, and a "label:" inside one ("rationale (why:)").
func labelsOf(text, ph string) []string {
	if ph != "" {
		before, _, ok := strings.Cut(text, "{"+ph+"}")
		if !ok {
			return nil
		}
		before = strings.TrimRight(before, " :：")
		if i := strings.LastIndexAny(before, "—·/、,(（"); i >= 0 {
			_, size := utf8.DecodeRuneInString(before[i:])
			before = before[i+size:]
		}
		return []string{strings.TrimSpace(before)}
	}
	// Japanese names a field by its label in quotes: 「根拠:」の項目.
	if q, ok := strings.CutPrefix(text, "「"); ok {
		if label, _, ok := strings.Cut(q, "」"); ok {
			return []string{strings.TrimRight(label, ":：")}
		}
	}
	var out []string
	head, inner, _ := strings.Cut(strings.ReplaceAll(text, "（", "("), "(")
	if h := strings.TrimSpace(head); h != "" {
		out = append(out, h)
	}
	if l, ok := strings.CutSuffix(strings.TrimRight(inner, ")）"), ":"); ok {
		out = append(out, l)
	}
	return out
}

// acceptedAs feeds label back through the parser as a label of verb and
// returns what landed in field.
func acceptedAs(verb workflow.Verb, field, label string) (string, error) {
	val := "value"
	switch field {
	case "by", "owner":
		val = "@sato"
	case "due":
		val = "2026-12-15"
	case "at", "started", "detected":
		val = "09:40"
	case "records":
		val = "340"
	}
	var in string
	switch verb {
	case workflow.VerbOpen:
		in = "open title " + label + ":" + val
	case workflow.VerbDecision:
		switch field {
		case "decision":
			in = "decision " + label + ": " + val + " | why: w"
		case "why":
			in = "decision d | " + label + "：" + val
		default:
			in = "decision d | why: w ｜ " + label + ": " + val
		}
	case workflow.VerbFinding:
		if field == "finding" {
			in = "finding " + label + ": " + val
		} else {
			in = "finding f | " + label + ": " + val
		}
	case workflow.VerbAssign:
		in = "assign " + label + " @sato"
	case workflow.VerbVendor:
		in = "vendor request hosting " + label + ": " + val
	default:
		in = string(verb) + " " + label + ": " + val
	}
	cmd, err := workflow.Parse(in, workflow.DefaultScale())
	if err != nil {
		return "", fmt.Errorf("%q: %v", in, err)
	}
	got := map[string]string{
		"decision": cmd.Decision.Decision, "why": cmd.Decision.Why, "action": cmd.Decision.Action, "next": cmd.Decision.Next,
		"by": cmd.DecidedBy.Person.ID, "at": cmd.DecidedAt, "stop": cmd.Stop,
		"confirmed": cmd.Status.Confirmed, "unconfirmed": cmd.Status.Unconfirmed, "check_next": cmd.Status.Next,
		"cause": cmd.Postmortem.Cause, "impact": cmd.Postmortem.Impact, "prevention": cmd.Postmortem.Prevention, "open": cmd.Postmortem.Open,
		"started": cmd.Started, "detected": cmd.Detected,
		"finding": cmd.Finding.Text, "owner": cmd.Assignee.Person.ID, "due": cmd.Finding.Due,
		"affected": cmd.Scope.Affected, "data": cmd.Scope.Data, "systems": cmd.Scope.Systems,
		"symptom": cmd.VendorRequest.Symptom, "began": cmd.VendorRequest.Began, "changes": cmd.VendorRequest.Changes,
		"suspected_impact": cmd.VendorRequest.Impact, "logs": cmd.VendorRequest.Logs, "isolation": cmd.VendorRequest.Isolation,
	}
	if cmd.Scope.Records != nil {
		got["records"] = fmt.Sprint(*cmd.Scope.Records)
	}
	if verb == workflow.VerbAssign {
		return string(cmd.Role), nil
	}
	if got[field] != strings.TrimPrefix(val, "@") {
		return got[field], fmt.Errorf("%q put %q in %s", in, got[field], field)
	}
	return got[field], nil
}

// TestPrintedLabelsAreAccepted feeds every label the bot prints, in either
// language, back through the parser: each must write the field it names.
func TestPrintedLabelsAreAccepted(t *testing.T) {
	cats := map[string]workflow.Catalog{"workflow": workflow.Messages(), "report": report.Messages(), "slack": slackbot.Messages()}
	check := func(where string, verb workflow.Verb, field, label string) {
		t.Helper()
		if _, err := acceptedAs(verb, field, label); err != nil {
			t.Errorf("%s prints %q for %s %s, which is not accepted: %v", where, label, verb, field, err)
		}
	}
	n := 0
	for _, p := range printedLabels {
		text, ok := cats[p.cat][p.key]
		if !ok {
			t.Errorf("%s has no %s", p.cat, p.key)
			continue
		}
		for _, l := range workflow.Langs {
			labels := labelsOf(text.Localize(l), p.ph)
			if len(labels) == 0 {
				t.Errorf("%s (%s) prints no label for {%s}: %q", p.key, l, p.ph, text.Localize(l))
			}
			for _, label := range labels {
				check(fmt.Sprintf("%s (%s)", p.key, l), p.verb, p.field, label)
				n++
			}
		}
	}
	// The grammar's field names: every part.* names a label, or is listed
	// as none.
	for key, text := range workflow.Messages() {
		name, ok := strings.CutPrefix(string(key), "part.")
		if !ok || notLabels[name] {
			continue
		}
		verb, ok := partField[name]
		if !ok {
			t.Errorf("%s names a field this test does not know: map it to its verb, or list it in notLabels", key)
			continue
		}
		for _, l := range workflow.Langs {
			for _, label := range labelsOf(text.Localize(l), "") {
				if l == workflow.English && !strings.Contains(text.Localize(l), "("+label+":)") {
					continue // an English description; the label is the one in parentheses
				}
				check(fmt.Sprintf("%s (%s)", key, l), verb, name, label)
				n++
			}
		}
	}
	// Role names, as replies and the Slack card print them.
	for _, r := range workflow.Roles {
		for _, l := range workflow.Langs {
			for _, label := range []string{r.Localize(l), slackbot.Messages().Render(l, workflow.M(workflow.MsgKey("slack.role."+string(r)), nil))} {
				if got, err := acceptedAs(workflow.VerbAssign, "", label); err != nil || got != string(r) {
					t.Errorf("the role %s is printed as %q, which assign reads as %q (%v)", r, label, got, err)
				}
				n++
			}
		}
	}
	t.Logf("%d printed labels fed back", n)
}

// labelExport is the part of the JSON export the label table reads.
type labelExport struct {
	Summary struct {
		Title        string    `json:"title"`
		StartedAt    time.Time `json:"started_at"`
		DetectedAt   time.Time `json:"detected_at"`
		TimeToDetect int64     `json:"time_to_detect_seconds"`
	} `json:"summary"`
	Roles struct {
		Current []struct {
			Role   string                 `json:"role"`
			Holder *struct{ Name string } `json:"holder"`
		} `json:"current"`
	} `json:"roles"`
	Decisions []struct {
		Decision  string                     `json:"decision"`
		Why       string                     `json:"why"`
		Action    string                     `json:"action"`
		Next      string                     `json:"next"`
		DecidedBy *struct{ ID, Name string } `json:"decided_by"`
		DecidedAt *time.Time                 `json:"decided_at"`
		Current   struct {
			Why       string                     `json:"why"`
			DecidedBy *struct{ ID, Name string } `json:"decided_by"`
		} `json:"current"`
	} `json:"decisions"`
	StatusUpdates []struct {
		Confirmed, Unconfirmed, Next string
	} `json:"status_updates"`
	Postmortem struct {
		Cause, Impact, Prevention string
		Open                      string `json:"open_items"`
	} `json:"postmortem"`
	Findings []struct {
		Text  string                 `json:"text"`
		Owner *struct{ Name string } `json:"owner"`
		Due   string                 `json:"due"`
	} `json:"findings"`
	Notes []struct {
		Text string `json:"text"`
	} `json:"notes"`
}

// TestLabelsThroughConsole types each form of the issue, and more of the
// same kind, into the console binary and reads the JSON export: every value
// lands in its own field, never merged into the one before; an unknown label
// is refused and nothing is recorded.
func TestLabelsThroughConsole(t *testing.T) {
	type export = labelExport
	person := func(p *struct{ ID, Name string }) string {
		if p == nil {
			return "<nil>"
		}
		return p.Name
	}
	cases := []struct {
		name  string
		setup []string // run before, on the same incident
		in    string   // the line tested; the incident's #N is added after the subcommand
		reply string   // the console's answer has this
		check func(e export) string
	}{
		{"decision: the issue's example", nil,
			"decision フォームを停止｜根拠：漏えいの可能性｜実施した対策：メンテナンス画面", "decision 1 recorded",
			func(e export) string {
				d := e.Decisions[0]
				return fmt.Sprintf("%s / %s / %s / %s", d.Decision, d.Why, d.Action, d.Next)
			}},
		{"decision: 時刻 is the decision's time, not part of why", nil,
			"decision 遮断｜根拠：継続中｜時刻：09:40", "Decided at ",
			func(e export) string {
				d := e.Decisions[0]
				return fmt.Sprintf("%s / %s / at set %v", d.Decision, d.Why, d.DecidedAt != nil)
			}},
		{"decision: English labels in the middle, by: a person", nil,
			"decision Take the form offline | by: @sato | why: leak | next step: tell the vendor", "Decided by @sato.",
			func(e export) string {
				d := e.Decisions[0]
				return fmt.Sprintf("%s / %s / %s / by %s", d.Decision, d.Why, d.Next, person(d.DecidedBy))
			}},
		{"decision: the report's and the forms' words, 判断者 自分", nil,
			"decision 決定事項：フォーム停止｜理由：漏えい｜対応：メンテ画面｜次の対応：ベンダー連絡｜判断者：自分", "decision 1 recorded",
			func(e export) string {
				d := e.Decisions[0]
				return fmt.Sprintf("%s / %s / %s / %s / by %s", d.Decision, d.Why, d.Action, d.Next, person(d.DecidedBy))
			}},
		{"decision: half- and full-width mixed, label at the start of a field", nil,
			"decision x|根拠: y｜ACTION：z | 次のアクション:w", "decision 1 recorded",
			func(e export) string {
				d := e.Decisions[0]
				return fmt.Sprintf("%s / %s / %s / %s", d.Decision, d.Why, d.Action, d.Next)
			}},
		{"decision: by defaults to the commander", []string{"assign commander @kato"},
			"decision y | why: z", "decision 1 recorded",
			func(e export) string { return "by " + person(e.Decisions[0].DecidedBy) }},
		{"decision: an unknown label is refused", nil,
			"decision x | why: y | 原因: z", "“原因:” is not a label of decision",
			func(e export) string { return fmt.Sprintf("%d decisions", len(e.Decisions)) }},
		{"decision: an unknown label at the end, full-width", nil,
			"decision 遮断｜根拠：継続中｜実地：WAF", "“実地:” is not a label of decision",
			func(e export) string { return fmt.Sprintf("%d decisions", len(e.Decisions)) }},
		{"decision: \\| is a literal bar", nil,
			`decision A \| B | why: C \｜ 原因：D`, "decision 1 recorded",
			func(e export) string { return e.Decisions[0].Decision + " / " + e.Decisions[0].Why }},
		{"decision: a URL after a bar is text", nil,
			"decision block | why: see |https://example.com/x", "decision 1 recorded",
			func(e export) string { return e.Decisions[0].Why }},
		{"amend: the decider corrected", []string{"decision x | why: y"},
			"amend 1 決定者：@tanaka｜根拠：新しい証拠", "Decided by @tanaka.",
			func(e export) string {
				c := e.Decisions[0].Current
				return c.Why + " / by " + person(c.DecidedBy)
			}},
		{"amend: an unknown label first is refused", []string{"decision x | why: y"},
			"amend 1 理由書：z", "“理由書:” is not a label of amend",
			func(e export) string { return e.Decisions[0].Current.Why }},
		{"status: the report's own headings", nil,
			"status 確定事項：500件｜未確定事項：流出の有無｜次に確認する事項：WAFログ", "status shared",
			func(e export) string {
				s := e.StatusUpdates[0]
				return s.Confirmed + " / " + s.Unconfirmed + " / " + s.Next
			}},
		{"status: mixed widths and the card's English", nil,
			"status confirmed: a ｜ 未確定：b | Next to check: c", "status shared",
			func(e export) string {
				s := e.StatusUpdates[0]
				return s.Confirmed + " / " + s.Unconfirmed + " / " + s.Next
			}},
		{"status: an unknown label first is refused", nil,
			"status 状況：復旧作業中", "“状況:” is not a label of status",
			func(e export) string { return fmt.Sprintf("%d status updates", len(e.StatusUpdates)) }},
		{"postmortem: the issue's example", nil,
			"postmortem 原因：x｜影響：500通｜再発防止策：月次更新", "postmortem updated",
			func(e export) string {
				p := e.Postmortem
				return p.Cause + " / " + p.Impact + " / " + p.Prevention + " / " + p.Open
			}},
		{"postmortem: a typo in the middle is refused", nil,
			"postmortem cause: a | 未解決事項: b | impacts: c", "“impacts:” is not a label of postmortem",
			func(e export) string { return "cause " + e.Postmortem.Cause }},
		{"finding: 担当者 and 期限", nil,
			"finding 夜間連絡先なし｜担当者：@sato｜期限：2026-12-15", "Due 2026-12-15",
			func(e export) string {
				f := e.Findings[0]
				return fmt.Sprintf("%s / %s / %s", f.Text, f.Owner.Name, f.Due)
			}},
		{"open: 発生 and 検知時刻", nil,
			"open フォームから不審な送信 発生：13:50 検知時刻：14:05", "Started ",
			func(e export) string {
				return fmt.Sprintf("%s / %ds", e.Summary.Title, e.Summary.TimeToDetect)
			}},
		{"open: the title is free text, never split", nil,
			"open a | 原因: b", "Opened ",
			func(e export) string { return e.Summary.Title }},
		{"assign: 承認者", nil,
			"assign 承認者 @社長", "approver",
			func(e export) string {
				for _, r := range e.Roles.Current {
					if r.Role == "approver" && r.Holder != nil {
						return r.Holder.Name
					}
				}
				return "nobody"
			}},
		{"log: free text, never split", nil,
			"log a | 原因: b", "note recorded",
			func(e export) string { return e.Notes[0].Text }},
	}
	want := []string{
		"フォームを停止 / 漏えいの可能性 / メンテナンス画面 / ",
		"遮断 / 継続中 / at set true",
		"Take the form offline / leak / tell the vendor / by sato",
		"フォーム停止 / 漏えい / メンテ画面 / ベンダー連絡 / by operator",
		"x / y / z / w",
		"by kato",
		"0 decisions",
		"0 decisions",
		"A | B / C ｜ 原因：D",
		"see |https://example.com/x",
		"新しい証拠 / by tanaka",
		"y",
		"500件 / 流出の有無 / WAFログ",
		"a / b / c",
		"0 status updates",
		"x / 500通 / 月次更新 / ",
		"cause ",
		"夜間連絡先なし / sato / 2026-12-15",
		"フォームから不審な送信 / 900s",
		"a | 原因: b",
		"社長",
		"a | 原因: b",
	}
	if len(want) != len(cases) {
		t.Fatalf("%d cases, %d wants", len(cases), len(want))
	}

	// One console session: each case on its own incident, #N named after
	// the subcommand.
	withRef := func(line string, n int) string {
		verb, rest, _ := strings.Cut(line, " ")
		return fmt.Sprintf("%s #%d %s", verb, n, rest)
	}
	var lines, tested []string
	for i, tc := range cases {
		n := i + 1
		if !strings.HasPrefix(tc.in, "open ") {
			lines = append(lines, fmt.Sprintf("open case %d", n))
		}
		for _, s := range tc.setup {
			lines = append(lines, withRef(s, n))
		}
		line := tc.in
		if !strings.HasPrefix(tc.in, "open ") {
			line = withRef(tc.in, n)
		}
		lines = append(lines, line)
		tested = append(tested, line)
	}
	dir := t.TempDir()
	cfg := afternoonConfig(t, dir)
	r := ib(t, dir, strings.Join(lines, "\n")+"\n", "console", "--config", cfg, "--db", "x.db", "--as", "operator")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "internal error") {
		t.Fatalf("console: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	replies := map[string]string{}
	for _, b := range blocks(r.stdout) {
		replies[b.line] = strings.Join(b.reply, "\n")
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reply, ok := replies[tested[i]]
			if !ok || !strings.Contains(reply, tc.reply) {
				t.Errorf("%q: reply %q lacks %q", tested[i], reply, tc.reply)
			}
			if strings.Contains(tc.reply, "is not a label") && strings.Contains(reply, "\n") {
				t.Errorf("%q: the refusal is more than one line: %q", tested[i], reply)
			}
			out := ib(t, dir, "", "export", fmt.Sprint(i+1), "--format", "json", "--db", "x.db")
			if out.code != 0 {
				t.Fatalf("export %d: exit %d\n%s", i+1, out.code, out.stderr)
			}
			var e export
			if err := json.Unmarshal([]byte(out.stdout), &e); err != nil {
				t.Fatal(err)
			}
			if got := tc.check(e); got != want[i] {
				t.Errorf("%q: export reads %q, want %q", tested[i], got, want[i])
			}
		})
	}
}

// A Japanese setup without a timezone key, on a server in UTC: typed times
// are Tokyo times, the replies and the report say so, and the README's
// example gives a time to detect of 22 minutes, not a day.
func TestJapaneseMeansTokyoTime(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "incidentbot.toml")
	if err := os.WriteFile(cfg, []byte("language = \"ja\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	// Two times before now in Tokyo, 22 minutes apart, typed without a date.
	now := time.Now().In(tokyo)
	detected := now.Add(-30 * time.Minute)
	started := detected.Add(-22 * time.Minute)
	clock := func(t time.Time) string { return t.Format("15:04") }
	session := fmt.Sprintf("open high フォームから不審な送信 発生：%s 検知：%s\n", clock(started), clock(detected))
	env := []string{"TZ=UTC"}

	r := ibEnv(t, dir, session, env, "console", "--config", cfg, "--db", "x.db", "--as", "operator")
	if r.code != 0 {
		t.Fatalf("console: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	day := func(t time.Time) string {
		if t.Format(time.DateOnly) == now.Format(time.DateOnly) {
			return "（今日）"
		}
		return "（昨日）"
	}
	wantEcho := fmt.Sprintf("発生 %s JST%s · 検知 %s JST%s", started.Format("2006-01-02 15:04"), day(started), detected.Format("2006-01-02 15:04"), day(detected))
	if !strings.Contains(r.stdout, wantEcho) {
		t.Errorf("open does not echo the Tokyo times %q:\n%s", wantEcho, r.stdout)
	}
	// A bare time falls on yesterday only when the hour just after midnight
	// makes it so, and then the reply says it did.
	if rolled := day(started) == "（昨日）"; strings.Contains(r.stdout, "注意: 発生時刻") != rolled {
		t.Errorf("warning about a rolled-back start should be there: %v\n%s", rolled, r.stdout)
	}

	// check names the zone and why; with --lang ja and no config at all,
	// the zone is Tokyo too.
	ck := ibEnv(t, dir, "", env, "check", "--config", cfg)
	if ck.code != 0 || !strings.Contains(ck.stdout, "タイムゾーン Asia/Tokyo（timezone の設定なし。日本語のため Asia/Tokyo）") {
		t.Errorf("check: exit %d\n%s%s", ck.code, ck.stdout, ck.stderr)
	}
	md := ibEnv(t, dir, "", env, "export", "1", "--db", "x.db", "--config", cfg)
	for _, w := range []string{"時刻はAsia/Tokyoで表示しています", "| 発生 | " + started.Format("2006-01-02 15:04") + " JST |", "| 検知までの時間 | 22分 |"} {
		if md.code != 0 || !strings.Contains(md.stdout, w) {
			t.Errorf("Markdown report (exit %d) lacks %q:\n%s", md.code, w, md.stdout)
		}
	}
	js := ibEnv(t, dir, "", env, "export", "1", "--format", "json", "--db", "x.db", "--lang", "ja")
	var e labelExport
	if err := json.Unmarshal([]byte(js.stdout), &e); err != nil {
		t.Fatalf("export json: %v\n%s", err, js.stderr)
	}
	if !e.Summary.StartedAt.Equal(started.Truncate(time.Minute)) || e.Summary.TimeToDetect != 22*60 {
		t.Errorf("summary: started %s (want %s), time to detect %ds", e.Summary.StartedAt, started.Truncate(time.Minute).UTC(), e.Summary.TimeToDetect)
	}
	// Without a config, --lang ja is enough.
	r2 := ibEnv(t, dir, session, env, "console", "--lang", "ja", "--db", "y.db", "--as", "operator")
	if !strings.Contains(r2.stdout, wantEcho) {
		t.Errorf("--lang ja without a config does not read Tokyo times:\n%s%s", r2.stdout, r2.stderr)
	}
	// And in English without a config, the system's zone (UTC here).
	r3 := ibEnv(t, dir, "open x detected: 2026-01-02 03:04\n", env, "console", "--db", "z.db", "--as", "operator")
	if !strings.Contains(r3.stdout, "Detected 2026-01-02 03:04 UTC") {
		t.Errorf("English without a config should read times in the system's zone:\n%s%s", r3.stdout, r3.stderr)
	}
}

// ibEnv is ib with more environment variables.
func ibEnv(t *testing.T, dir, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "USER=operator"), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run incidentbot %s: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errb.String(), code}
}
