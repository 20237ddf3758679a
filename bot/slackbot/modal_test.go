package slackbot

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

const testIncidentID = "0192d6a4-7c1e-7b3a-9f00-123456789abc"

// viewJSON marshals a modal as sent to views.open and checks it against
// Slack's limits for views.
func viewJSON(t *testing.T, v slack.ModalViewRequest) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if str(m, "type") != "modal" {
		t.Errorf("view type %q", str(m, "type"))
	}
	for _, k := range []string{"title", "submit", "close"} {
		checkText(t, "view "+k, obj(m, k), viewTitleLimit)
		if str(obj(m, k), "type") != "plain_text" {
			t.Errorf("view %s must be plain_text", k)
		}
	}
	if len(str(m, "private_metadata")) > 3000 {
		t.Error("private_metadata over 3000 characters")
	}
	checkBlocks(t, list(m, "blocks"), 100)
	return m
}

// submission builds the view_submission payload Slack would send for view
// after the user filled it with values (by block id: the text typed, the
// option value chosen, or PrivateOptionValue for the checkbox), decodes it as
// the adapter does and returns the submitted view.
func submission(t *testing.T, v slack.ModalViewRequest, values map[string]string) *slack.View {
	t.Helper()
	m := viewJSON(t, v)
	state := map[string]map[string]any{}
	for _, b := range list(m, "blocks") {
		if str(b, "type") != "input" {
			continue
		}
		e := obj(b, "element")
		typ, action := str(e, "type"), str(e, "action_id")
		val, filled := values[str(b, "block_id")]
		entry := map[string]any{"type": typ}
		switch typ {
		case "plain_text_input":
			// Slack's state holds what the box shows: its initial value
			// unless the person typed over it.
			entry["value"] = e["initial_value"]
			if filled {
				entry["value"] = val
			}
		case "multi_static_select":
			entry["selected_options"] = []any{}
			if filled {
				var chosen []any
				for _, v := range strings.Split(val, ",") {
					chosen = append(chosen, map[string]any{"text": map[string]any{"type": "plain_text", "text": v}, "value": v})
				}
				entry["selected_options"] = chosen
			}
		case "static_select":
			entry["selected_option"] = e["initial_option"]
			if filled {
				entry["selected_option"] = nil
				for _, o := range list(e, "options") {
					if str(o, "value") == val {
						entry["selected_option"] = o
					}
				}
				if entry["selected_option"] == nil { // a forged value
					entry["selected_option"] = map[string]any{"text": map[string]any{"type": "plain_text", "text": val}, "value": val}
				}
			}
		case "users_select":
			entry["selected_user"] = nil
			if filled {
				entry["selected_user"] = val
			}
		case "checkboxes":
			entry["selected_options"] = []any{}
			if filled {
				for _, o := range list(e, "options") {
					if str(o, "value") == val {
						entry["selected_options"] = []any{o}
					}
				}
			}
		default:
			t.Fatalf("no filler for element type %s", typ)
		}
		state[str(b, "block_id")] = map[string]any{action: entry}
	}
	m["id"] = "V0123"
	m["state"] = map[string]any{"values": state}
	payload, err := json.Marshal(map[string]any{"type": "view_submission", "user": map[string]any{"id": "U0COMMAND"}, "view": m})
	if err != nil {
		t.Fatal(err)
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		t.Fatal(err)
	}
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.State == nil {
		t.Fatalf("payload decoded as %s with state %v", cb.Type, cb.View.State)
	}
	return &cb.View
}

// submit fills v, turns the submission into text and parses it with the
// default scale.
func submit(t *testing.T, v slack.ModalViewRequest, lang workflow.Lang, values map[string]string) (workflow.Command, string, map[string]string) {
	t.Helper()
	view := submission(t, v, values)
	text, id, errs := SubmissionText(view.CallbackID, view.State, view.PrivateMetadata, lang)
	if len(errs) > 0 {
		if text != "" || id != "" {
			t.Errorf("errors %v with text %q and id %q", errs, text, id)
		}
		return workflow.Command{}, "", errs
	}
	cmd, err := workflow.Parse(text, workflow.DefaultScale())
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	if !cmd.Ref.IsZero() {
		t.Errorf("text %q names incident %v", text, cmd.Ref)
	}
	return cmd, id, nil
}

func TestOpenModal(t *testing.T) {
	for _, lang := range workflow.Langs {
		m := viewJSON(t, OpenModal(workflow.DefaultScale(), lang))
		if str(m, "callback_id") != CallbackOpen {
			t.Errorf("callback id %q", str(m, "callback_id"))
		}
		sev := blockByID(list(m, "blocks"), BlockSeverity)
		el := obj(sev, "element")
		var labels []string
		for _, o := range list(el, "options") {
			labels = append(labels, str(o, "value")+"="+str(obj(o, "text"), "text"))
		}
		want := "low=Low medium=Medium high=High"
		if lang == workflow.Japanese {
			want = "low=低 medium=中 high=高"
		}
		if strings.Join(labels, " ") != want {
			t.Errorf("%s severity options %v", lang, labels)
		}
		if v := str(obj(el, "initial_option"), "value"); v != "low" {
			t.Errorf("initial severity %q, want the default", v)
		}
		for _, id := range []string{BlockTitle, BlockSeverity, BlockStarted, BlockDetected, BlockPrivate} {
			b := blockByID(list(m, "blocks"), id)
			if b == nil {
				t.Errorf("no block %s", id)
				continue
			}
			optional, _ := b["optional"].(bool)
			if required := id == BlockTitle || id == BlockSeverity; optional == required {
				t.Errorf("%s: optional = %v", id, optional)
			}
		}
	}
}

func TestOpenRoundTrip(t *testing.T) {
	v := OpenModal(workflow.DefaultScale(), workflow.English)
	cmd, id, errs := submit(t, v, workflow.English, map[string]string{
		BlockTitle:    "Website defaced & <b>shown</b> | 本番",
		BlockSeverity: "high",
		BlockStarted:  "08:50",
		BlockDetected: "２０２６-11-18 22:05",
		BlockPrivate:  PrivateOptionValue,
	})
	if errs != nil {
		t.Fatal(errs)
	}
	if id != "" {
		t.Errorf("open returned incident id %q", id)
	}
	if cmd.Verb != workflow.VerbOpen || cmd.Severity != "high" || cmd.Title != "Website defaced & <b>shown</b> | 本番" ||
		cmd.Started != "08:50" || cmd.Detected != "２０２６-11-18 22:05" || !cmd.Private {
		t.Errorf("open parsed as %+v", cmd)
	}

	// only the title: the default level is preselected, nothing else is set
	cmd, _, errs = submit(t, v, workflow.English, map[string]string{BlockTitle: "high CPU on db"})
	if errs != nil {
		t.Fatal(errs)
	}
	if cmd.Severity != "low" || cmd.Title != "high CPU on db" || cmd.Started != "" || cmd.Detected != "" || cmd.Private {
		t.Errorf("minimal open parsed as %+v", cmd)
	}
}

func TestOpenInjection(t *testing.T) {
	v := OpenModal(workflow.DefaultScale(), workflow.English)
	tests := []struct{ title, want string }{
		{"db --private restart", "db ‐-private restart"},
		{"run --force now", "run ‐-force now"},
		{"—private ops", "–private ops"},
		{"Started: at night detected:09:00", "Started∶ at night detected∶09:00"},
		{"検知：朝 開始:夜", "検知∶朝 開始∶夜"},
		{"発生：朝 検知時刻：夜 Start:now", "発生∶朝 検知時刻∶夜 Start∶now"},
		{"trailing bars ||", "trailing bars ¦¦"},
		{"em—dash and -- double", "em—dash and -- double"},
		{"time 09:12 stays", "time 09:12 stays"},
	}
	for _, tc := range tests {
		cmd, _, errs := submit(t, v, workflow.English, map[string]string{BlockTitle: tc.title, BlockSeverity: "medium", BlockStarted: "08:00 detected: 09:00 --private"})
		if errs != nil {
			t.Errorf("%q: %v", tc.title, errs)
			continue
		}
		if cmd.Title != tc.want || cmd.Severity != "medium" || cmd.Private || cmd.Detected != "" || cmd.Started != "08:00 detected∶ 09:00 ‐-private" {
			t.Errorf("%q parsed as title %q, severity %q, started %q, detected %q, private %v",
				tc.title, cmd.Title, cmd.Severity, cmd.Started, cmd.Detected, cmd.Private)
		}
		if utf8.RuneCountInString(cmd.Title) != utf8.RuneCountInString(tc.title) {
			t.Errorf("%q: neutralizing changed the length", tc.title)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	v := OpenModal(workflow.DefaultScale(), workflow.Japanese)
	_, _, errs := submit(t, v, workflow.Japanese, map[string]string{BlockTitle: "  \u3000 ", BlockStarted: strings.Repeat("9", workflow.FieldLimit+1)})
	if errs[BlockTitle] != "入力してください。" {
		t.Errorf("title error %q", errs[BlockTitle])
	}
	if !strings.Contains(errs[BlockStarted], "3001") || !strings.Contains(errs[BlockStarted], "3000") {
		t.Errorf("started error %q", errs[BlockStarted])
	}
	_, _, errs = submit(t, v, workflow.English, map[string]string{BlockTitle: "x", BlockSeverity: "high --private"})
	if errs[BlockSeverity] == "" {
		t.Errorf("forged severity accepted: %v", errs)
	}
	text, id, errs := SubmissionText(CallbackOpen, nil, "", workflow.English)
	if text != "" || id != "" || errs[BlockTitle] == "" || errs[BlockSeverity] == "" {
		t.Errorf("nil state: %q %q %v", text, id, errs)
	}
}

func TestDecisionModal(t *testing.T) {
	for _, lang := range workflow.Langs {
		m := viewJSON(t, DecisionModal(testIncidentID, lang))
		if str(m, "callback_id") != CallbackDecision || str(m, "private_metadata") != testIncidentID {
			t.Errorf("callback %q metadata %q", str(m, "callback_id"), str(m, "private_metadata"))
		}
		for id, required := range map[string]bool{BlockDecision: true, BlockWhy: true, BlockAction: false, BlockNext: false, BlockDecidedBy: false, BlockDecidedAt: false} {
			b := blockByID(list(m, "blocks"), id)
			optional, _ := b["optional"].(bool)
			if b == nil || optional == required {
				t.Errorf("block %s: %v", id, b)
			}
		}
	}
}

func TestDecisionRoundTrip(t *testing.T) {
	v := DecisionModal(testIncidentID, workflow.English)
	cmd, id, errs := submit(t, v, workflow.English, map[string]string{
		BlockDecision: "Take the admin screen offline",
		BlockWhy:      "Defacement spreads; a &lt; b & <c>",
		BlockAction:   "Stop the web server\nand rotate keys",
		BlockNext:     "Check logs | at 10:00",
	})
	if errs != nil {
		t.Fatal(errs)
	}
	if id != testIncidentID {
		t.Errorf("incident id %q", id)
	}
	want := workflow.DecisionFields{Decision: "Take the admin screen offline", Why: "Defacement spreads; a &lt; b & <c>",
		Action: "Stop the web server\nand rotate keys", Next: "Check logs | at 10:00"}
	if cmd.Verb != workflow.VerbDecision || cmd.Decision != want {
		t.Errorf("decision parsed as %+v", cmd.Decision)
	}

	cmd, _, errs = submit(t, v, workflow.Japanese, map[string]string{BlockDecision: "管理画面を停止する", BlockWhy: "改ざんが拡大している"})
	if errs != nil {
		t.Fatal(errs)
	}
	if cmd.Decision != (workflow.DecisionFields{Decision: "管理画面を停止する", Why: "改ざんが拡大している"}) || !cmd.DecidedBy.Person.IsZero() || cmd.DecidedAt != "" {
		t.Errorf("decision parsed as %+v, by %+v at %q", cmd.Decision, cmd.DecidedBy, cmd.DecidedAt)
	}

	// Who decided, chosen from the workspace, and when, typed: the same
	// by: and at: as the typed command.
	cmd, _, errs = submit(t, v, workflow.English, map[string]string{BlockDecision: "Cut the admin screen", BlockWhy: "spreading",
		BlockDecidedBy: "U0KATO", BlockDecidedAt: "２０２６-11-18 22:05"})
	if errs != nil {
		t.Fatal(errs)
	}
	if cmd.DecidedBy.Person.ID != "U0KATO" || cmd.DecidedAt != "２０２６-11-18 22:05" {
		t.Errorf("decided by %+v at %q", cmd.DecidedBy, cmd.DecidedAt)
	}
	// A time box cannot smuggle another field in.
	cmd, _, errs = submit(t, v, workflow.English, map[string]string{BlockDecision: "d", BlockWhy: "w", BlockDecidedAt: "10:40 | stop: payments"})
	if errs == nil && (cmd.Stop != "" || cmd.DecidedAt != "10:40 ¦ stop: payments") {
		t.Errorf("at box read as stop %q, at %q", cmd.Stop, cmd.DecidedAt)
	}
	if _, _, errs = submit(t, v, workflow.English, map[string]string{BlockDecision: "d", BlockWhy: "w", BlockDecidedBy: "UKATO> | stop: x"}); errs[BlockDecidedBy] == "" {
		t.Errorf("a forged user was accepted: %v", errs)
	}
}

func TestDecisionInjection(t *testing.T) {
	v := DecisionModal(testIncidentID, workflow.English)
	cmd, _, errs := submit(t, v, workflow.English, map[string]string{
		BlockDecision: "#3 rolled back | why: injected | next: injected",
		BlockWhy:      "real reason ｜ action：injected | Next : too",
		BlockAction:   "a | 次のアクション： b",
		BlockNext:     "n | 根拠: c | not a label",
	})
	if errs != nil {
		t.Fatal(errs)
	}
	want := workflow.DecisionFields{
		Decision: "﹟3 rolled back ¦ why: injected ¦ next: injected",
		Why:      "real reason ¦ action：injected ¦ Next : too",
		Action:   "a ¦ 次のアクション： b",
		Next:     "n ¦ 根拠: c | not a label",
	}
	if cmd.Decision != want {
		t.Errorf("injection not contained:\n got %+v\nwant %+v", cmd.Decision, want)
	}
	// Labels the grammar would refuse, and a box that begins with a label of
	// its own field, come back as typed too.
	cmd, _, errs = submit(t, v, workflow.English, map[string]string{
		BlockDecision: "決定事項：フォーム停止",
		BlockWhy:      "a | memo: b ｜原因：c | https://x",
		BlockNext:     `C:\| path \｜`,
	})
	if errs != nil {
		t.Fatal(errs)
	}
	if want := (workflow.DecisionFields{Decision: "決定事項：フォーム停止", Why: "a ¦ memo: b ¦原因：c | https://x", Next: `C:\¦ path \¦`}); cmd.Decision != want {
		t.Errorf("labels in boxes:\n got %+v\nwant %+v", cmd.Decision, want)
	}
	cmd, _, errs = submit(t, v, workflow.English, map[string]string{BlockDecision: "＃D-2 is the drill", BlockWhy: "#1 first"})
	if errs != nil {
		t.Fatal(errs)
	}
	if cmd.Decision.Decision != "﹟D-2 is the drill" || cmd.Decision.Why != "#1 first" {
		t.Errorf("leading hash: %+v", cmd.Decision)
	}
}

func TestDecisionErrors(t *testing.T) {
	v := DecisionModal(testIncidentID, workflow.English)
	_, _, errs := submit(t, v, workflow.English, map[string]string{BlockDecision: "x", BlockWhy: " \n "})
	if len(errs) != 1 || errs[BlockWhy] != "Please fill this in." {
		t.Errorf("missing why: %v", errs)
	}
	_, _, errs = submit(t, v, workflow.English, map[string]string{BlockWhy: "y"})
	if len(errs) != 1 || errs[BlockDecision] == "" {
		t.Errorf("missing decision: %v", errs)
	}
	long := strings.Repeat("長", workflow.FieldLimit)
	cmd, _, errs := submit(t, v, workflow.English, map[string]string{BlockDecision: long, BlockWhy: long, BlockAction: long, BlockNext: long})
	if errs != nil || cmd.Decision.Decision != long || cmd.Decision.Next != long {
		t.Errorf("3000 characters refused: %v", errs)
	}
	_, _, errs = submit(t, v, workflow.English, map[string]string{BlockDecision: "x", BlockWhy: "y", BlockAction: long + "!"})
	if len(errs) != 1 || errs[BlockAction] != "This is 3001 characters long; the limit is 3000." {
		t.Errorf("too long: %v", errs)
	}
	_, _, errs = submit(t, v, workflow.English, map[string]string{BlockDecision: "x\x00y", BlockWhy: "y"})
	if errs[BlockDecision] == "" {
		t.Errorf("NUL accepted: %v", errs)
	}
	for _, meta := range []string{"", "#3", "not-a-uuid", workflow.NilID.String()} {
		view := submission(t, DecisionModal(meta, workflow.English), map[string]string{BlockDecision: "x", BlockWhy: "y"})
		text, id, errs := SubmissionText(view.CallbackID, view.State, view.PrivateMetadata, workflow.English)
		if text != "" || id != "" || errs[BlockDecision] == "" {
			t.Errorf("metadata %q: %q %q %v", meta, text, id, errs)
		}
	}
	if text, id, errs := SubmissionText("something_else", nil, testIncidentID, workflow.English); text != "" || id != "" || errs != nil {
		t.Errorf("unknown callback: %q %q %v", text, id, errs)
	}
}

func TestStatusModal(t *testing.T) {
	for _, lang := range workflow.Langs {
		m := viewJSON(t, StatusModal(testIncidentID, lang))
		if str(m, "callback_id") != CallbackStatus || str(m, "private_metadata") != testIncidentID {
			t.Errorf("callback %q metadata %q", str(m, "callback_id"), str(m, "private_metadata"))
		}
		for _, id := range []string{BlockConfirmed, BlockUnconfirmed, BlockCheckNext} {
			if blockByID(list(m, "blocks"), id) == nil {
				t.Errorf("no block %s", id)
			}
		}
	}
}

func TestStatusRoundTrip(t *testing.T) {
	v := StatusModal(testIncidentID, workflow.Japanese)
	cmd, id, errs := submit(t, v, workflow.Japanese, map[string]string{
		BlockConfirmed:   "トップページが改ざん | unconfirmed: injected",
		BlockUnconfirmed: "個人情報の流出 ｜未確定：x",
		BlockCheckNext:   "アクセスログ | 次に確認: y | next:z | 状況: w",
	})
	if errs != nil {
		t.Fatal(errs)
	}
	want := workflow.StatusFields{
		Confirmed:   "トップページが改ざん ¦ unconfirmed: injected",
		Unconfirmed: "個人情報の流出 ¦未確定：x",
		Next:        "アクセスログ ¦ 次に確認: y ¦ next:z ¦ 状況: w",
	}
	if id != testIncidentID || cmd.Verb != workflow.VerbStatus || cmd.Status != want {
		t.Errorf("status parsed as %q %+v", id, cmd.Status)
	}
	// any one box is enough
	for _, block := range []string{BlockConfirmed, BlockUnconfirmed, BlockCheckNext} {
		cmd, _, errs := submit(t, v, workflow.English, map[string]string{block: "only this"})
		if errs != nil {
			t.Fatal(errs)
		}
		got := map[string]string{BlockConfirmed: cmd.Status.Confirmed, BlockUnconfirmed: cmd.Status.Unconfirmed, BlockCheckNext: cmd.Status.Next}
		for b, s := range got {
			if (b == block) != (s == "only this") || b != block && s != "" {
				t.Errorf("only %s filled: %+v", block, cmd.Status)
			}
		}
	}
	_, _, errs = submit(t, v, workflow.English, map[string]string{BlockUnconfirmed: "  "})
	if len(errs) != 1 || errs[BlockConfirmed] != "Fill at least one of the three boxes." {
		t.Errorf("empty status: %v", errs)
	}
	_, _, errs = submit(t, v, workflow.English, map[string]string{BlockCheckNext: strings.Repeat("x", workflow.FieldLimit+5)})
	if len(errs) != 1 || errs[BlockCheckNext] == "" {
		t.Errorf("too long: %v", errs)
	}
}

// TestSubmissionNeverMisreads throws mixtures of grammar fragments at every
// box and checks that each box comes back as its own field, unchanged apart
// from neutralized characters (the same number of characters), and that the
// read-back safety net never has to refuse.
func TestSubmissionNeverMisreads(t *testing.T) {
	pieces := []string{
		"|", "｜", " ", "\u3000", "\n", ":", "：", "#", "＃", "3", "D-2", "why", "WHY", "next", "action", "次", "次のアクション",
		"confirmed", "unconfirmed", "未確定", "次に確認", "根拠", "cause", "open", "started", "detected", "開始", "検知",
		"--private", "—private", "--x", "—", "-", "&lt;", "&amp;", "<", ">", "&", "<@U1>", "<!channel>", "high", "sev1", "本番",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func() string {
		var b strings.Builder
		for n := rng.IntN(12) + 1; n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	decision := DecisionModal(testIncidentID, workflow.English)
	status := StatusModal(testIncidentID, workflow.English)
	open := OpenModal(workflow.DefaultScale(), workflow.English)
	sameLength := func(got, typed string) bool {
		return utf8.RuneCountInString(got) == utf8.RuneCountInString(strings.TrimSpace(typed))
	}
	for i := 0; i < 1500; i++ {
		d := map[string]string{BlockDecision: "d" + gen(), BlockWhy: "w" + gen(), BlockAction: "a" + gen(), BlockNext: "n" + gen()}
		if rng.IntN(3) == 0 {
			d[BlockDecision] = gen() + "d"
		}
		cmd, _, errs := submit(t, decision, workflow.English, d)
		if errs != nil {
			t.Fatalf("decision %q: %v", d, errs)
		}
		got := cmd.Decision
		if !sameLength(got.Decision, d[BlockDecision]) || !sameLength(got.Why, d[BlockWhy]) ||
			!sameLength(got.Action, d[BlockAction]) || !sameLength(got.Next, d[BlockNext]) {
			t.Fatalf("decision %q read as %+v", d, got)
		}

		s := map[string]string{BlockConfirmed: "c" + gen(), BlockUnconfirmed: "u" + gen(), BlockCheckNext: "n" + gen()}
		cmd, _, errs = submit(t, status, workflow.English, s)
		if errs != nil {
			t.Fatalf("status %q: %v", s, errs)
		}
		if st := cmd.Status; !sameLength(st.Confirmed, s[BlockConfirmed]) || !sameLength(st.Unconfirmed, s[BlockUnconfirmed]) || !sameLength(st.Next, s[BlockCheckNext]) {
			t.Fatalf("status %q read as %+v", s, st)
		}

		o := map[string]string{BlockTitle: "t" + gen(), BlockStarted: "s" + gen(), BlockDetected: gen() + "d"}
		if rng.IntN(2) == 0 {
			o[BlockTitle] = gen() + "t"
		}
		cmd, _, errs = submit(t, open, workflow.English, o)
		if errs != nil {
			t.Fatalf("open %q: %v", o, errs)
		}
		if cmd.Private || cmd.Severity != "low" || !sameLength(cmd.Title, o[BlockTitle]) ||
			!sameLength(cmd.Started, o[BlockStarted]) || !sameLength(cmd.Detected, o[BlockDetected]) {
			t.Fatalf("open %q read as %+v", o, cmd)
		}
	}
}

func FuzzDecisionSubmission(f *testing.F) {
	f.Add("rolled back | why: x", "because ｜ next： y", "", "#3")
	f.Add("#D-1", "&amp;lt;", "a | action: b", "n")
	f.Fuzz(func(t *testing.T, decision, why, action, next string) {
		state := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
			BlockDecision: {InputDecision: {Value: decision}},
			BlockWhy:      {InputWhy: {Value: why}},
			BlockAction:   {InputAction: {Value: action}},
			BlockNext:     {InputNext: {Value: next}},
		}}
		text, id, errs := SubmissionText(CallbackDecision, state, testIncidentID, workflow.English)
		if len(errs) > 0 {
			valid := true
			for _, v := range []string{decision, why, action, next} {
				valid = valid && utf8.ValidString(v) && !strings.ContainsRune(v, 0)
			}
			for block, msg := range errs {
				if valid && msg == tr(workflow.English, "slack.modal.err.unreadable", nil) {
					t.Fatalf("safety net refused valid text in %s: %q %q %q %q", block, decision, why, action, next)
				}
			}
			return
		}
		cmd, err := workflow.Parse(text, workflow.DefaultScale())
		if err != nil || id != testIncidentID || !cmd.Ref.IsZero() {
			t.Fatalf("%q: %v %q %v", text, err, id, cmd.Ref)
		}
		if utf8.RuneCountInString(cmd.Decision.Why) != utf8.RuneCountInString(strings.TrimSpace(why)) {
			t.Fatalf("why %q read as %q", why, cmd.Decision.Why)
		}
	})
}

// The read-back check refuses a box that would not come back unchanged: with
// neutralizing switched off, a | before a label is left as it is, and the
// submission must be refused rather than recorded with a forged field.
func TestSubmissionSafetyNet(t *testing.T) {
	saved := followedByLabel
	followedByLabel = func(string) bool { return false }
	defer func() { followedByLabel = saved }()
	v := DecisionModal(testIncidentID, workflow.English)
	_, _, errs := submit(t, v, workflow.English, map[string]string{BlockDecision: "a | why: forged", BlockWhy: "real"})
	if errs[BlockDecision] != "This text could not be recorded as typed. Please rephrase it." {
		t.Errorf("forged field accepted: %v", errs)
	}
	s := StatusModal(testIncidentID, workflow.English)
	_, _, errs = submit(t, s, workflow.English, map[string]string{BlockConfirmed: "a | next: forged"})
	if errs[BlockConfirmed] == "" {
		t.Errorf("forged status field accepted: %v", errs)
	}
}

// The open form says what each level means, from the configured criteria.
func TestOpenModalShowsCriteria(t *testing.T) {
	scale := workflow.DefaultScale()
	scale.Levels[2].Criteria = workflow.Text{En: "personal data or payments involved", Ja: "個人情報や決済が関わる"}
	for _, tc := range []struct {
		lang workflow.Lang
		want string
	}{{workflow.English, "High: personal data or payments involved"}, {workflow.Japanese, "高: 個人情報や決済が関わる"}} {
		b, err := json.Marshal(OpenModal(scale, tc.lang).Blocks)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.want) || !strings.Contains(string(b), BlockSeverityGuide) {
			t.Errorf("%s open modal lacks the criteria %q:\n%s", tc.lang, tc.want, b)
		}
	}
	// Without criteria there is no empty guide block.
	b, _ := json.Marshal(OpenModal(workflow.DefaultScale(), workflow.English).Blocks)
	if strings.Contains(string(b), BlockSeverityGuide) {
		t.Error("a guide block without criteria")
	}
}

// The open form offers the runbooks; the one chosen becomes --runbook, and a
// forged value is refused on its field.
func TestOpenModalRunbook(t *testing.T) {
	rbs := []workflow.Runbook{
		{Name: "defacement", Title: workflow.Text{En: "Website defacement", Ja: "Webサイトの改ざん"}},
		{Name: "data-leak", Title: workflow.Text{En: "Suspected data leak", Ja: "情報漏えい疑い"}},
	}
	v := OpenModal(workflow.DefaultScale(), workflow.Japanese, rbs...)
	m := viewJSON(t, v)
	var labels []string
	for _, o := range list(obj(blockByID(list(m, "blocks"), BlockRunbook), "element"), "options") {
		labels = append(labels, str(o, "value")+"="+str(obj(o, "text"), "text"))
	}
	if strings.Join(labels, ",") != "defacement=Webサイトの改ざん (defacement),data-leak=情報漏えい疑い (data-leak)" {
		t.Errorf("runbook options %v", labels)
	}
	cmd, _, errs := submit(t, v, workflow.Japanese, map[string]string{BlockTitle: "トップページ改ざん", BlockRunbook: "data-leak"})
	if errs != nil || cmd.Runbook != "data-leak" || cmd.Title != "トップページ改ざん" {
		t.Errorf("with a runbook: %+v %v", cmd, errs)
	}
	cmd, _, errs = submit(t, v, workflow.Japanese, map[string]string{BlockTitle: "x"})
	if errs != nil || cmd.Runbook != "" {
		t.Errorf("without a runbook: %+v %v", cmd, errs)
	}
	if _, _, errs = submit(t, v, workflow.Japanese, map[string]string{BlockTitle: "x", BlockRunbook: "x --private"}); errs[BlockRunbook] == "" {
		t.Errorf("a forged runbook value: %v", errs)
	}
	// Without runbooks there is no select.
	if b := blockByID(list(viewJSON(t, OpenModal(workflow.DefaultScale(), workflow.English)), "blocks"), BlockRunbook); b != nil {
		t.Errorf("a runbook select without runbooks: %v", b)
	}
}
