package slackbot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// sampleIncident is an incident in investigation with roles, a status and a
// decision; long makes every user text 3,000 characters of mixed content.
func sampleIncident(t *testing.T, long bool) *workflow.Incident {
	t.Helper()
	id := workflow.MustParseID("0192d6a4-7c1e-7b3a-9f00-123456789abc")
	head, err := workflow.ParseHash(strings.Repeat("ab", 32))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 0, 15, 0, 0, time.UTC)
	text := func(s string) string {
		if !long {
			return s
		}
		// Japanese, an emoji outside the BMP, and characters Slack escapes
		unit := s + " 本番DB停止 🔥 <!channel> & <@U999> "
		var b strings.Builder
		for n := 0; n < workflow.FieldLimit; {
			for _, r := range unit {
				if n == workflow.FieldLimit {
					break
				}
				b.WriteRune(r)
				n++
			}
		}
		return b.String()
	}
	return &workflow.Incident{
		ID:       id,
		Number:   3,
		Title:    text("Website defaced"),
		Severity: "high",
		Phase:    workflow.PhaseInvestigate,
		Roles: map[workflow.Role]workflow.Person{
			workflow.RoleCommander: {ID: "U0COMMAND", Name: "sato"},
			workflow.RoleTech:      {ID: "suzuki", Name: text("suzuki")},
		},
		Status: &workflow.Status{Seq: 5, At: at, Author: workflow.Person{ID: "U0SCRIBE", Name: "tanaka"},
			StatusFields: workflow.StatusFields{Confirmed: text("defaced top page"), Unconfirmed: text("data access"), Next: text("check logs")}},
		DecisionCount: 2,
		LastDecision: &workflow.Decision{Number: 2, Seq: 6, At: at, Author: workflow.Person{ID: "U0COMMAND", Name: "sato"},
			DecisionFields: workflow.DecisionFields{Decision: text("take the site offline"), Why: text("defacement is spreading"),
				DecidedBy: workflow.Person{ID: "U0APPROVER", Name: "kato"}, DecidedAt: at.Add(-10 * time.Minute)}},
		Seq:  7,
		Head: head,
	}
}

// blockJSON marshals blocks as they are sent to Slack and decodes them
// generically.
func blockJSON(t *testing.T, blocks []slack.Block) []map[string]any {
	t.Helper()
	data, err := json.Marshal(slack.Blocks{BlockSet: blocks})
	if err != nil {
		t.Fatal(err)
	}
	var back slack.Blocks // slack-go must be able to read its own output
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("slack-go cannot read the blocks back: %v", err)
	}
	if len(back.BlockSet) != len(blocks) {
		t.Fatalf("read back %d blocks, want %d", len(back.BlockSet), len(blocks))
	}
	var out []map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

func list(m map[string]any, key string) []map[string]any {
	raw, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, x := range raw {
		if o, ok := x.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

// checkText checks a text object against a limit and Slack's rules.
func checkText(t *testing.T, where string, o map[string]any, limit int) {
	t.Helper()
	if o == nil {
		t.Errorf("%s: missing text object", where)
		return
	}
	typ, text := str(o, "type"), str(o, "text")
	if typ != "plain_text" && typ != "mrkdwn" {
		t.Errorf("%s: text type %q", where, typ)
	}
	if text == "" {
		t.Errorf("%s: empty text", where)
	}
	if n := textLen(text); n > limit {
		t.Errorf("%s: %d characters, limit %d", where, n, limit)
	}
	if typ == "mrkdwn" && strings.Contains(text, "<!") {
		t.Errorf("%s: unescaped special mention in %q", where, text)
	}
	for _, key := range []string{"slack.card.", "slack.role.", "slack.modal.", "slack.topic"} {
		if strings.Contains(text, key) {
			t.Errorf("%s: message key without a text: %q", where, text)
		}
	}
}

// checkElement checks an interactive element against Slack's limits.
func checkElement(t *testing.T, where string, e map[string]any) {
	t.Helper()
	if id := str(e, "action_id"); id == "" || len(id) > 255 {
		t.Errorf("%s: action_id %q", where, id)
	}
	switch str(e, "type") {
	case "button":
		checkText(t, where+" text", obj(e, "text"), buttonTextLimit)
		if v := str(e, "value"); len(v) > 2000 {
			t.Errorf("%s: value of %d bytes", where, len(v))
		}
	case "static_select", "multi_static_select", "checkboxes":
		if p := obj(e, "placeholder"); p != nil {
			checkText(t, where+" placeholder", p, placeholderLimit)
		}
		opts := list(e, "options")
		if len(opts) == 0 || len(opts) > 100 {
			t.Errorf("%s: %d options", where, len(opts))
		}
		for i, o := range opts {
			checkText(t, fmt.Sprintf("%s option %d", where, i), obj(o, "text"), optionTextLimit)
			if v := str(o, "value"); v == "" || textLen(v) > optionValueLimit {
				t.Errorf("%s option %d: value %q", where, i, v)
			}
			if d := obj(o, "description"); d != nil {
				checkText(t, fmt.Sprintf("%s option %d description", where, i), d, optionTextLimit)
			}
		}
	case "users_select":
		if p := obj(e, "placeholder"); p != nil {
			checkText(t, where+" placeholder", p, placeholderLimit)
		}
	case "plain_text_input":
		if p := obj(e, "placeholder"); p != nil {
			checkText(t, where+" placeholder", p, placeholderLimit)
		}
		if n, _ := e["max_length"].(float64); n <= 0 || n > 3000 {
			t.Errorf("%s: max_length %v", where, e["max_length"])
		}
	default:
		t.Errorf("%s: unexpected element type %q", where, str(e, "type"))
	}
}

// checkBlocks checks every block against Slack's limits; maxBlocks is 50 for
// messages and 100 for modals.
func checkBlocks(t *testing.T, blocks []map[string]any, maxBlocks int) {
	t.Helper()
	if len(blocks) == 0 || len(blocks) > maxBlocks {
		t.Errorf("%d blocks, limit %d", len(blocks), maxBlocks)
	}
	ids := map[string]bool{}
	for i, b := range blocks {
		where := fmt.Sprintf("block %d (%s)", i, str(b, "type"))
		if id := str(b, "block_id"); id != "" {
			if len(id) > 255 || ids[id] {
				t.Errorf("%s: block_id %q too long or repeated", where, id)
			}
			ids[id] = true
		}
		switch str(b, "type") {
		case "header":
			checkText(t, where, obj(b, "text"), headerLimit)
			if str(obj(b, "text"), "type") != "plain_text" {
				t.Errorf("%s: header text must be plain_text", where)
			}
		case "section":
			if o := obj(b, "text"); o != nil {
				checkText(t, where, o, sectionLimit)
			}
			fields := list(b, "fields")
			if len(fields) > fieldsPerSection {
				t.Errorf("%s: %d fields", where, len(fields))
			}
			for j, f := range fields {
				checkText(t, fmt.Sprintf("%s field %d", where, j), f, fieldLimit)
			}
			if obj(b, "text") == nil && len(fields) == 0 {
				t.Errorf("%s: neither text nor fields", where)
			}
		case "context":
			els := list(b, "elements")
			if len(els) == 0 || len(els) > 10 {
				t.Errorf("%s: %d elements", where, len(els))
			}
			for j, e := range els {
				checkText(t, fmt.Sprintf("%s element %d", where, j), e, contextLimit)
			}
		case "actions":
			els := list(b, "elements")
			if len(els) == 0 || len(els) > 25 {
				t.Errorf("%s: %d elements", where, len(els))
			}
			for j, e := range els {
				checkElement(t, fmt.Sprintf("%s element %d", where, j), e)
			}
		case "input":
			checkText(t, where+" label", obj(b, "label"), labelLimit)
			if h := obj(b, "hint"); h != nil {
				checkText(t, where+" hint", h, hintLimit)
			}
			checkElement(t, where, obj(b, "element"))
		default:
			t.Errorf("%s: unexpected block type", where)
		}
	}
}

// actionElements returns the card's interactive elements by action id.
func actionElements(blocks []map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, b := range blocks {
		if str(b, "type") != "actions" {
			continue
		}
		for _, e := range list(b, "elements") {
			out[str(e, "action_id")] = e
		}
	}
	return out
}

func blockByID(blocks []map[string]any, id string) map[string]any {
	for _, b := range blocks {
		if str(b, "block_id") == id {
			return b
		}
	}
	return nil
}

func TestCardStructure(t *testing.T) {
	inc := sampleIncident(t, false)
	tokyo := time.FixedZone("JST", 9*3600)
	blocks := blockJSON(t, Card(inc, workflow.DefaultScale(), workflow.English, tokyo, []string{"couldn't pin: not_in_channel"}))
	checkBlocks(t, blocks, messageBlocks)

	if got := str(obj(blockByID(blocks, BlockCardHeader), "text"), "text"); got != "#3 Website defaced" {
		t.Errorf("header = %q", got)
	}
	fields := list(blockByID(blocks, BlockCardFields), "fields")
	var texts []string
	for _, f := range fields {
		texts = append(texts, str(f, "text"))
	}
	want := []string{"*Severity*\nHigh", "*Phase*\ninvestigate", "*Commander*\n<@U0COMMAND>", "*Tech*\n@suzuki",
		"*Comms*\n_unassigned_", "*Scribe*\n_unassigned_", "*Approver*\n_unassigned_"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("fields:\n got %q\nwant %q", texts, want)
	}
	status := str(obj(blockByID(blocks, BlockCardStatus), "text"), "text")
	for _, s := range []string{"2026-11-20 09:15 JST", "<@U0SCRIBE>", "*Confirmed:* defaced top page", "*Unconfirmed:* data access", "*Next to check:* check logs"} {
		if !strings.Contains(status, s) {
			t.Errorf("status %q lacks %q", status, s)
		}
	}
	decision := str(obj(blockByID(blocks, BlockCardDecision), "text"), "text")
	// Who decided and when, beside who recorded it and when.
	for _, s := range []string{"*Decision 2* · recorded 2026-11-20 09:15 JST by <@U0COMMAND>", "*Decision:* take the site offline",
		"*Why:* defacement is spreading", "*Decided by:* <@U0APPROVER> at 2026-11-20 09:05 JST"} {
		if !strings.Contains(decision, s) {
			t.Errorf("decision %q lacks %q", decision, s)
		}
	}
	head := str(list(blockByID(blocks, BlockCardHead), "elements")[0], "text")
	if !strings.Contains(head, "`"+strings.Repeat("ab", 6)+"`") || strings.Contains(head, strings.Repeat("ab", 7)) {
		t.Errorf("head = %q, want the 12-digit short hash", head)
	}
	problems := str(list(blockByID(blocks, BlockCardProblems), "elements")[0], "text")
	if !strings.Contains(problems, "couldn't pin: not_in_channel") {
		t.Errorf("problems = %q", problems)
	}

	els := actionElements(blocks)
	for _, id := range []string{ActionNext, ActionTakeRole, ActionDecision, ActionStatus} {
		if els[id] == nil {
			t.Errorf("no element %s", id)
		}
	}
	for _, id := range []string{ActionNext, ActionDecision, ActionStatus} {
		if v := str(els[id], "value"); v != inc.ID.String() {
			t.Errorf("%s value = %q, want the incident id", id, v)
		}
	}
	if got := str(obj(els[ActionNext], "text"), "text"); got != "Next: contain" {
		t.Errorf("next button = %q", got)
	}
	sel := els[ActionTakeRole]
	if str(sel, "type") != "static_select" {
		t.Errorf("take role is a %s", str(sel, "type"))
	}
	var roles []workflow.Role
	for _, o := range list(sel, "options") {
		id, r, ok := ParseRoleOptionValue(str(o, "value"))
		if !ok || id != inc.ID.String() {
			t.Errorf("role option value %q", str(o, "value"))
		}
		roles = append(roles, r)
	}
	if fmt.Sprint(roles) != fmt.Sprint(workflow.Roles) {
		t.Errorf("role options %v, want %v", roles, workflow.Roles)
	}
}

func TestCardLongJapaneseText(t *testing.T) {
	inc := sampleIncident(t, true)
	inc.Drill, inc.Private = true, true
	for _, lang := range workflow.Langs {
		blocks := blockJSON(t, Card(inc, workflow.DefaultScale(), lang, nil, []string{strings.Repeat("<!here> 配信失敗 ", 400)}))
		checkBlocks(t, blocks, messageBlocks)
		header := str(obj(blockByID(blocks, BlockCardHeader), "text"), "text")
		drill := "[DRILL]"
		if lang == workflow.Japanese {
			drill = "[演習]"
		}
		if !strings.HasPrefix(header, "🔒 "+drill+" #D-3 ") || !strings.HasSuffix(header, "…") {
			t.Errorf("%s header = %q", lang, header)
		}
		decision := str(obj(blockByID(blocks, BlockCardDecision), "text"), "text")
		if !strings.Contains(decision, "…") || !strings.Contains(decision, "本番DB停止") {
			t.Errorf("%s: long decision not cut with …: %.200q", lang, decision)
		}
		if !strings.Contains(decision, "&lt;!channel&gt;") {
			t.Errorf("%s: user text not escaped: %.200q", lang, decision)
		}
	}
}

func TestCardJapanese(t *testing.T) {
	inc := sampleIncident(t, false)
	blocks := blockJSON(t, Card(inc, workflow.DefaultScale(), workflow.Japanese, time.UTC, nil))
	checkBlocks(t, blocks, messageBlocks)
	fields := list(blockByID(blocks, BlockCardFields), "fields")
	if got := str(fields[0], "text"); got != "*重大度*\n高" {
		t.Errorf("severity field = %q", got)
	}
	if got := str(fields[1], "text"); got != "*フェーズ*\n調査" {
		t.Errorf("phase field = %q", got)
	}
	if got := str(fields[4], "text"); got != "*窓口担当*\n_未割り当て_" {
		t.Errorf("comms field = %q", got)
	}
	if blockByID(blocks, BlockCardProblems) != nil {
		t.Error("problems block without problems")
	}
	if got := str(obj(actionElements(blocks)[ActionNext], "text"), "text"); got != "次へ: 封じ込め" {
		t.Errorf("next button = %q", got)
	}
}

func TestCardNoNextWhenClosedOrPost(t *testing.T) {
	for _, ph := range []workflow.Phase{workflow.PhaseClosed, workflow.PhasePost} {
		inc := sampleIncident(t, false)
		inc.Phase = ph
		blocks := blockJSON(t, Card(inc, workflow.DefaultScale(), workflow.English, nil, nil))
		checkBlocks(t, blocks, messageBlocks)
		els := actionElements(blocks)
		if els[ActionNext] != nil {
			t.Errorf("%s: the card offers next", ph)
		}
		for _, id := range []string{ActionTakeRole, ActionDecision, ActionStatus} {
			if els[id] == nil {
				t.Errorf("%s: no %s", ph, id)
			}
		}
	}
}

func TestCardEmptyIncident(t *testing.T) {
	inc := &workflow.Incident{ID: workflow.ID(uuid.New()), Number: 1, Title: "x", Severity: "gone", Phase: workflow.PhaseDetect}
	blocks := blockJSON(t, Card(inc, workflow.DefaultScale(), workflow.English, nil, nil))
	checkBlocks(t, blocks, messageBlocks)
	if s := str(obj(blockByID(blocks, BlockCardStatus), "text"), "text"); !strings.Contains(s, "No status posted yet") {
		t.Errorf("status = %q", s)
	}
	if s := str(obj(blockByID(blocks, BlockCardDecision), "text"), "text"); !strings.Contains(s, "No decision logged yet") {
		t.Errorf("decision = %q", s)
	}
	if s := str(list(blockByID(blocks, BlockCardHead), "elements")[0], "text"); !strings.Contains(s, "no events") {
		t.Errorf("head = %q", s)
	}
	// a severity key no longer configured shows as the key
	if s := str(list(blockByID(blocks, BlockCardFields), "fields")[0], "text"); s != "*Severity*\ngone" {
		t.Errorf("severity = %q", s)
	}
}

func TestCardRedacted(t *testing.T) {
	inc := sampleIncident(t, false)
	inc.Status = &workflow.Status{Seq: 5, Redacted: true}
	inc.DecisionCount, inc.LastDecision = 3, &workflow.Decision{Number: 3, Seq: 8, Redacted: true}
	blocks := blockJSON(t, Card(inc, workflow.DefaultScale(), workflow.English, nil, nil))
	for _, id := range []string{BlockCardStatus, BlockCardDecision} {
		s := str(obj(blockByID(blocks, id), "text"), "text")
		if !strings.Contains(s, "(redacted)") || strings.Contains(s, "defaced") || strings.Contains(s, "offline") {
			t.Errorf("%s = %q", id, s)
		}
	}
}

func TestCardText(t *testing.T) {
	inc := sampleIncident(t, false)
	if got, want := CardText(inc, workflow.DefaultScale(), workflow.English), "#3 Website defaced — High · investigate · commander @sato"; got != want {
		t.Errorf("CardText = %q, want %q", got, want)
	}
	inc.Roles = nil
	inc.Drill = true
	if got, want := CardText(inc, workflow.DefaultScale(), workflow.Japanese), "[演習] #D-3 Website defaced — 高 · 調査 · 指揮者 未割り当て"; got != want {
		t.Errorf("CardText = %q, want %q", got, want)
	}
	long := sampleIncident(t, true)
	got := CardText(long, workflow.DefaultScale(), workflow.English)
	if textLen(got) > fallbackLimit || !strings.HasSuffix(got, "…") || strings.Contains(got, "<!") {
		t.Errorf("long CardText: %d chars: %.100q", textLen(got), got)
	}
}

func TestClip(t *testing.T) {
	if got := clipText("abcdef", 4); got != "abc…" {
		t.Errorf("clipText = %q", got)
	}
	if got := clipText("abc", 3); got != "abc" {
		t.Errorf("clipText = %q", got)
	}
	// 🔥 counts as two
	if got := clipText("ab🔥cd", 4); got != "ab…" {
		t.Errorf("clipText emoji = %q", got)
	}
	if got := clipMrkdwn("a<b>c", 6); got != "a&lt;…" {
		t.Errorf("clipMrkdwn = %q", got)
	}
	if got := clipMrkdwn("a<b>c", 5); got != "a…" {
		t.Errorf("clipMrkdwn never splits an escape: %q", got)
	}
	if got := clipEscaped("xx &amp; yy", 6); got != "xx…" {
		t.Errorf("clipEscaped = %q", got)
	}
	if got := clipEscaped("x <@U123> y", 7); got != "x…" {
		t.Errorf("clipEscaped mention = %q", got)
	}
	for _, id := range []string{"U0123ABC", "W12345"} {
		if !isSlackUser(id) {
			t.Errorf("%s is a Slack user id", id)
		}
	}
	for _, id := range []string{"sato", "U1", "u0123", "U01|x", "C0123ABC"} {
		if isSlackUser(id) {
			t.Errorf("%s is not a Slack user id", id)
		}
	}
}

func TestRoleOptionValue(t *testing.T) {
	id := uuid.New().String()
	for _, r := range workflow.Roles {
		gotID, gotRole, ok := ParseRoleOptionValue(RoleOptionValue(id, r))
		if !ok || gotID != id || gotRole != r {
			t.Errorf("%s: %q %q %v", r, gotID, gotRole, ok)
		}
		cmd, err := workflow.Parse(TakeRoleText(r), workflow.DefaultScale())
		if err != nil || cmd.Verb != workflow.VerbAssign || cmd.Role != r || !cmd.Assignee.Me {
			t.Errorf("TakeRoleText(%s) parses to %+v, %v", r, cmd, err)
		}
	}
	for _, bad := range []string{"", id, id + " king", " commander"} {
		if _, _, ok := ParseRoleOptionValue(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}
