package slackbot

// Modals for the three commands that, typed without arguments, open a form:
// open, decision and status. A submitted form is turned back into the one-line
// grammar (workflow.Parse), so the form and the typed command go through the
// same parser, the same checks and the same service call.
//
// The grammar names an incident only as #N or #D-N, never by its UUID, so the
// decision and status texts carry no reference: SubmissionText returns the
// incident's id (from the view's private metadata) beside the text, and the
// caller passes it to the service as the request's incident (Request.Channel =
// workflow.Ref{ID: id}).

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// Callback ids of the modals.
const (
	CallbackOpen     = "incident_open"
	CallbackDecision = "incident_decision"
	CallbackStatus   = "incident_status"
)

// Block ids of the modals' inputs: the keys of SubmissionText's field errors
// (and so of slack.NewErrorsViewSubmissionResponse).
const (
	BlockTitle         = "open_title"
	BlockSeverity      = "open_severity"
	BlockStarted       = "open_started"
	BlockDetected      = "open_detected"
	BlockPrivate       = "open_private"
	BlockDecision      = "decision_decision"
	BlockWhy           = "decision_why"
	BlockAction        = "decision_action"
	BlockNext          = "decision_next"
	BlockDecidedBy     = "decision_by"
	BlockDecidedAt     = "decision_at"
	BlockConfirmed     = "status_confirmed"
	BlockUnconfirmed   = "status_unconfirmed"
	BlockCheckNext     = "status_check_next"
	BlockIntro         = "modal_intro"
	BlockSeverityGuide = "open_severity_guide"
	BlockRunbook       = "open_runbook"
)

// Action ids of the modals' input elements (one per block above).
const (
	InputTitle       = "open_title_input"
	InputSeverity    = "open_severity_select"
	InputStarted     = "open_started_input"
	InputDetected    = "open_detected_input"
	InputPrivate     = "open_private_checkbox"
	InputDecision    = "decision_decision_input"
	InputWhy         = "decision_why_input"
	InputAction      = "decision_action_input"
	InputNext        = "decision_next_input"
	InputDecidedBy   = "decision_by_select"
	InputDecidedAt   = "decision_at_input"
	InputConfirmed   = "status_confirmed_input"
	InputUnconfirmed = "status_unconfirmed_input"
	InputCheckNext   = "status_check_next_input"
	InputRunbook     = "open_runbook_select"
)

// PrivateOptionValue is the value of the open modal's "private" checkbox.
const PrivateOptionValue = "private"

// Slack's limits for view parts, in characters.
const (
	viewTitleLimit   = 24
	placeholderLimit = 150
	labelLimit       = 2000
	hintLimit        = 2000
	timeInputLimit   = 100 // a time is short; the grammar's 3,000 still applies
)

// OpenModal is the form for /incident open: title, severity (the scale's
// levels, its default chosen), started, detected and private.
//
// With runbooks, an optional select attaches one (open --runbook NAME).
func OpenModal(scale workflow.Scale, lang workflow.Lang, runbooks ...workflow.Runbook) slack.ModalViewRequest {
	blocks := []slack.Block{
		intro(lang, "slack.modal.open.intro"),
		slack.NewInputBlock(BlockTitle, plain(trPlain(lang, "slack.modal.title", nil), labelLimit), nil,
			textInput(lang, InputTitle, "slack.modal.title_ph", false, workflow.FieldLimit)),
	}
	if len(scale.Levels) > 0 {
		var opts []*slack.OptionBlockObject
		var initial *slack.OptionBlockObject
		for _, lv := range scale.Levels {
			o := slack.NewOptionBlockObject(string(lv.Key), plain(lv.Localize(lang), optionTextLimit), nil)
			opts = append(opts, o)
			if lv.Key == scale.Default || initial == nil && scale.Default == "" {
				initial = o
			}
		}
		if initial == nil {
			initial = opts[0]
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(trPlain(lang, "slack.modal.severity", nil), placeholderLimit), InputSeverity, opts...).
			WithInitialOption(initial)
		blocks = append(blocks, slack.NewInputBlock(BlockSeverity, plain(trPlain(lang, "slack.modal.severity", nil), labelLimit), nil, sel))
		// What each level means, so responders pick the right one.
		var guide []slack.MixedElement
		for _, lv := range scale.Levels {
			if lv.Criteria != (workflow.Text{}) && len(guide) < 10 {
				guide = append(guide, plain(lv.Localize(lang)+": "+lv.Criteria.Localize(lang), 2000))
			}
		}
		if len(guide) > 0 {
			blocks = append(blocks, slack.NewContextBlock(BlockSeverityGuide, guide...))
		}
	}
	blocks = append(blocks,
		slack.NewInputBlock(BlockStarted, plain(trPlain(lang, "slack.modal.started", nil), labelLimit), plain(trPlain(lang, "slack.modal.started_hint", nil), hintLimit),
			textInput(lang, InputStarted, "slack.modal.time_ph", false, timeInputLimit)).WithOptional(true),
		slack.NewInputBlock(BlockDetected, plain(trPlain(lang, "slack.modal.detected", nil), labelLimit), plain(trPlain(lang, "slack.modal.detected_hint", nil), hintLimit),
			textInput(lang, InputDetected, "slack.modal.time_ph", false, timeInputLimit)).WithOptional(true),
		slack.NewInputBlock(BlockPrivate, plain(trPlain(lang, "slack.modal.private", nil), labelLimit), nil,
			slack.NewCheckboxGroupsBlockElement(InputPrivate, slack.NewOptionBlockObject(PrivateOptionValue,
				plain(trPlain(lang, "slack.modal.private_option", nil), optionTextLimit),
				plain(trPlain(lang, "slack.modal.private_desc", nil), optionTextLimit)))).WithOptional(true),
	)
	if len(runbooks) > 0 {
		var opts []*slack.OptionBlockObject
		for _, rb := range runbooks {
			if len(opts) == 100 { // Slack's limit for a static select
				break
			}
			opts = append(opts, slack.NewOptionBlockObject(rb.Name, plain(rb.Title.Localize(lang)+" ("+rb.Name+")", optionTextLimit), nil))
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(trPlain(lang, "slack.modal.runbook_ph", nil), placeholderLimit), InputRunbook, opts...)
		blocks = append(blocks, slack.NewInputBlock(BlockRunbook, plain(trPlain(lang, "slack.modal.runbook", nil), labelLimit),
			plain(trPlain(lang, "slack.modal.runbook_hint", nil), hintLimit), sel).WithOptional(true))
	}
	return modal(lang, CallbackOpen, "slack.modal.open.title", "slack.modal.open.submit", "", blocks)
}

// DecisionModal is the form for /incident decision on incident incidentID
// (a UUID, kept in the view's private metadata): decision and why required,
// action and next optional; who decided (a person chosen from the
// workspace; empty: the commander) and when (empty: now, as recorded) for a
// decision logged after it was taken.
func DecisionModal(incidentID string, lang workflow.Lang) slack.ModalViewRequest {
	blocks := []slack.Block{
		intro(lang, "slack.modal.decision.intro"),
		slack.NewInputBlock(BlockDecision, plain(trPlain(lang, "slack.modal.decision", nil), labelLimit), nil,
			textInput(lang, InputDecision, "slack.modal.decision_ph", true, workflow.FieldLimit)),
		slack.NewInputBlock(BlockWhy, plain(trPlain(lang, "slack.modal.why", nil), labelLimit), nil,
			textInput(lang, InputWhy, "slack.modal.why_ph", true, workflow.FieldLimit)),
		slack.NewInputBlock(BlockAction, plain(trPlain(lang, "slack.modal.action", nil), labelLimit), nil,
			textInput(lang, InputAction, "slack.modal.action_ph", true, workflow.FieldLimit)).WithOptional(true),
		slack.NewInputBlock(BlockNext, plain(trPlain(lang, "slack.modal.next", nil), labelLimit), nil,
			textInput(lang, InputNext, "slack.modal.next_ph", true, workflow.FieldLimit)).WithOptional(true),
		slack.NewInputBlock(BlockDecidedBy, plain(trPlain(lang, "slack.modal.decided_by", nil), labelLimit), plain(trPlain(lang, "slack.modal.decided_by_hint", nil), hintLimit),
			slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain(trPlain(lang, "slack.modal.decided_by_ph", nil), placeholderLimit), InputDecidedBy)).WithOptional(true),
		slack.NewInputBlock(BlockDecidedAt, plain(trPlain(lang, "slack.modal.decided_at", nil), labelLimit), plain(trPlain(lang, "slack.modal.decided_at_hint", nil), hintLimit),
			textInput(lang, InputDecidedAt, "slack.modal.time_ph", false, timeInputLimit)).WithOptional(true),
	}
	return modal(lang, CallbackDecision, "slack.modal.decision.title", "slack.modal.decision.submit", incidentID, blocks)
}

// StatusModal is the form for /incident status on incident incidentID: the
// three boxes, each optional, at least one needed.
func StatusModal(incidentID string, lang workflow.Lang) slack.ModalViewRequest {
	blocks := []slack.Block{
		intro(lang, "slack.modal.status.intro"),
		slack.NewInputBlock(BlockConfirmed, plain(trPlain(lang, "slack.modal.confirmed", nil), labelLimit), nil,
			textInput(lang, InputConfirmed, "slack.modal.confirmed_ph", true, workflow.FieldLimit)).WithOptional(true),
		slack.NewInputBlock(BlockUnconfirmed, plain(trPlain(lang, "slack.modal.unconfirmed", nil), labelLimit), nil,
			textInput(lang, InputUnconfirmed, "slack.modal.unconfirmed_ph", true, workflow.FieldLimit)).WithOptional(true),
		slack.NewInputBlock(BlockCheckNext, plain(trPlain(lang, "slack.modal.check_next", nil), labelLimit), nil,
			textInput(lang, InputCheckNext, "slack.modal.check_next_ph", true, workflow.FieldLimit)).WithOptional(true),
	}
	return modal(lang, CallbackStatus, "slack.modal.status.title", "slack.modal.status.submit", incidentID, blocks)
}

func modal(lang workflow.Lang, callbackID string, title, submit workflow.MsgKey, metadata string, blocks []slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plain(trPlain(lang, title, nil), viewTitleLimit),
		Submit:          plain(trPlain(lang, submit, nil), viewTitleLimit),
		Close:           plain(trPlain(lang, "slack.modal.cancel", nil), viewTitleLimit),
		PrivateMetadata: metadata,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func intro(lang workflow.Lang, key workflow.MsgKey) slack.Block {
	return slack.NewContextBlock(BlockIntro, mrkdwn(tr(lang, key, nil), contextLimit))
}

func textInput(lang workflow.Lang, actionID string, placeholder workflow.MsgKey, multiline bool, maxLen int) *slack.PlainTextInputBlockElement {
	return slack.NewPlainTextInputBlockElement(plain(trPlain(lang, placeholder, nil), placeholderLimit), actionID).
		WithMultiline(multiline).WithMaxLength(maxLen)
}

// SubmissionText turns a submitted modal back into the text of the one-line
// command, as typed after /incident: "open high Title started: 08:50 --private",
// "decision <decision> | why: <why> | action: … | next: …", "status confirmed: …
// | unconfirmed: … | next: …". For decision and status, incidentID is the
// incident from the view's private metadata (the text cannot name it; see the
// file comment); for open it is empty.
//
// fieldErrors, keyed by block id and written in lang, lists what must be fixed
// (a missing required field, a field over workflow.FieldLimit characters); when
// it is not empty, text is empty and the caller answers the submission with
// slack.NewErrorsViewSubmissionResponse(fieldErrors). An unknown callback id
// gives an empty text and no errors.
//
// The values are written so the grammar reads back exactly what was typed in
// each box, apart from the few characters that would otherwise be read as
// grammar (see neutralizeBars, neutralizeLeadingHash, neutralizeOpenWords).
// Every text is parsed once more here, and a box whose value would not come
// back unchanged is refused with a field error rather than recorded wrongly.
func SubmissionText(callbackID string, state *slack.ViewState, privateMetadata string, lang workflow.Lang) (text string, incidentID string, fieldErrors map[string]string) {
	f := form{state: state, lang: lang, errs: map[string]string{}}
	switch callbackID {
	case CallbackOpen:
		text = f.open()
	case CallbackVendor:
		idText, key, _ := strings.Cut(strings.TrimSpace(privateMetadata), " ")
		id, err := workflow.ParseID(idText)
		if err != nil || id == workflow.NilID || !keyWordRE.MatchString(key) {
			return "", "", map[string]string{BlockSymptom: trPlain(lang, "slack.modal.err.lost", nil)}
		}
		incidentID, text = id.String(), f.vendor(key)
	case CallbackStatement:
		id, err := workflow.ParseID(strings.TrimSpace(privateMetadata))
		if err != nil || id == workflow.NilID {
			return "", "", map[string]string{BlockStatementText: trPlain(lang, "slack.modal.err.lost", nil)}
		}
		incidentID, text = id.String(), f.statement() // statement.go
	case CallbackDecision, CallbackStatus:
		id, err := workflow.ParseID(strings.TrimSpace(privateMetadata))
		if err != nil || id == workflow.NilID {
			first := BlockDecision
			if callbackID == CallbackStatus {
				first = BlockConfirmed
			}
			return "", "", map[string]string{first: trPlain(lang, "slack.modal.err.lost", nil)}
		}
		incidentID = id.String()
		if callbackID == CallbackDecision {
			text = f.decision()
		} else {
			text = f.status()
		}
	default:
		return "", "", nil
	}
	if len(f.errs) > 0 {
		return "", "", f.errs
	}
	return text, incidentID, nil
}

// form reads one submitted view and collects its field errors.
type form struct {
	state *slack.ViewState
	lang  workflow.Lang
	errs  map[string]string
}

// action is the submitted element of block/action, if any.
func (f *form) action(block, action string) (slack.BlockAction, bool) {
	if f.state == nil || f.state.Values == nil {
		return slack.BlockAction{}, false
	}
	a, ok := f.state.Values[block][action]
	return a, ok
}

// text reads a text input, trimmed, and checks it: present when required,
// within workflow.FieldLimit characters, and text the grammar can carry.
func (f *form) text(block, action string, required bool) string {
	a, _ := f.action(block, action)
	v := strings.TrimSpace(a.Value)
	switch {
	case v == "":
		if required {
			f.errs[block] = trPlain(f.lang, "slack.modal.err.required", nil)
		}
	case utf8.RuneCountInString(v) > workflow.FieldLimit:
		f.errs[block] = trPlain(f.lang, "slack.modal.err.too_long", workflow.Args{"length": utf8.RuneCountInString(v), "limit": workflow.FieldLimit})
	case !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0:
		f.errs[block] = trPlain(f.lang, "slack.modal.err.unreadable", nil)
	}
	return v
}

// unreadable marks block as not carried through the grammar unchanged.
func (f *form) unreadable(block string) {
	if _, ok := f.errs[block]; !ok {
		f.errs[block] = trPlain(f.lang, "slack.modal.err.unreadable", nil)
	}
}

func (f *form) open() string {
	title := f.text(BlockTitle, InputTitle, true)
	started := f.text(BlockStarted, InputStarted, false)
	detected := f.text(BlockDetected, InputDetected, false)
	sel, _ := f.action(BlockSeverity, InputSeverity)
	sev := strings.TrimSpace(sel.SelectedOption.Value)
	if sev == "" || len(sev) > optionValueLimit || strings.IndexFunc(sev, func(r rune) bool {
		return unicode.IsSpace(r) || r == '|' || r == '｜' || r == 0 || r == utf8.RuneError
	}) >= 0 {
		f.errs[BlockSeverity] = trPlain(f.lang, "slack.modal.err.severity", nil)
	}
	private := false
	if cb, ok := f.action(BlockPrivate, InputPrivate); ok {
		for _, o := range cb.SelectedOptions {
			if o.Value == PrivateOptionValue {
				private = true
			}
		}
	}
	if len(f.errs) > 0 {
		return ""
	}
	title, started, detected = neutralizeOpenWords(title), neutralizeOpenWords(started), neutralizeOpenWords(detected)
	var b strings.Builder
	b.WriteString("open " + sev + " " + grammarEscape(title))
	if started != "" {
		b.WriteString(" started: " + grammarEscape(started))
	}
	if detected != "" {
		b.WriteString(" detected: " + grammarEscape(detected))
	}
	if private {
		b.WriteString(" --private")
	}
	affects := f.affects() // vendor.go
	if len(f.errs) > 0 {
		return ""
	}
	if len(affects) > 0 {
		b.WriteString(" --affects " + strings.Join(affects, ","))
	}
	runbook := ""
	if rs, ok := f.action(BlockRunbook, InputRunbook); ok {
		runbook = strings.TrimSpace(rs.SelectedOption.Value)
	}
	if runbook != "" {
		if strings.IndexFunc(runbook, func(r rune) bool { return !(r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) >= 0 {
			f.errs[BlockRunbook] = trPlain(f.lang, "slack.modal.err.runbook", nil)
			return ""
		}
		b.WriteString(" --runbook " + runbook)
	}
	text := b.String()

	// Read it back with a scale that knows just the chosen level.
	scale := workflow.Scale{Levels: []workflow.Level{{Key: workflow.SeverityKey(sev)}}}
	cmd, err := workflow.Parse(text, scale)
	switch {
	case err != nil || cmd.Verb != workflow.VerbOpen:
		f.unreadable(BlockTitle)
	default:
		if cmd.Severity != workflow.SeverityKey(sev) {
			f.unreadable(BlockSeverity)
		}
		if cmd.Title != title {
			f.unreadable(BlockTitle)
		}
		if cmd.Started != started {
			f.unreadable(BlockStarted)
		}
		if cmd.Detected != detected {
			f.unreadable(BlockDetected)
		}
		if cmd.Private != private {
			f.unreadable(BlockPrivate)
		}
		if cmd.Runbook != runbook {
			f.unreadable(BlockRunbook)
		}
		if strings.Join(cmd.Affects, ",") != strings.Join(affects, ",") {
			f.unreadable(BlockAffects)
		}
	}
	return text
}

func (f *form) decision() string {
	want := workflow.DecisionFields{
		Decision: f.text(BlockDecision, InputDecision, true),
		Why:      f.text(BlockWhy, InputWhy, true),
		Action:   f.text(BlockAction, InputAction, false),
		Next:     f.text(BlockNext, InputNext, false),
	}
	at := f.text(BlockDecidedAt, InputDecidedAt, false)
	by := ""
	if sel, ok := f.action(BlockDecidedBy, InputDecidedBy); ok {
		by = strings.TrimSpace(sel.SelectedUser)
		if by != "" && !isSlackUser(by) {
			f.errs[BlockDecidedBy] = trPlain(f.lang, "slack.modal.err.decided_by", nil)
		}
	}
	if len(f.errs) > 0 {
		return ""
	}
	want.Decision = neutralizeLeadingHash(neutralizeBars(want.Decision))
	want.Why, want.Action, want.Next = neutralizeBars(want.Why), neutralizeBars(want.Action), neutralizeBars(want.Next)
	// The decision box goes after its own label, so a box beginning with one
	// (決定事項：…, the report's heading) is text, not a label.
	text := "decision decision: " + grammarEscape(want.Decision) + " | why: " + grammarEscape(want.Why)
	if want.Action != "" {
		text += " | action: " + grammarEscape(want.Action)
	}
	if want.Next != "" {
		text += " | next: " + grammarEscape(want.Next)
	}
	if by != "" {
		text += " | by: <@" + by + ">"
	}
	at = neutralizeBars(at)
	if at != "" {
		text += " | at: " + grammarEscape(at)
	}

	cmd, err := workflow.Parse(text, workflow.DefaultScale())
	switch {
	case err != nil || cmd.Verb != workflow.VerbDecision || !cmd.Ref.IsZero():
		f.unreadable(BlockDecision)
	default:
		got := cmd.Decision
		if got.Decision != want.Decision {
			f.unreadable(BlockDecision)
		}
		if got.Why != want.Why {
			f.unreadable(BlockWhy)
		}
		if got.Action != want.Action {
			f.unreadable(BlockAction)
		}
		if got.Next != want.Next {
			f.unreadable(BlockNext)
		}
		if cmd.DecidedBy.Person.ID != by {
			f.unreadable(BlockDecidedBy)
		}
		if cmd.DecidedAt != at {
			f.unreadable(BlockDecidedAt)
		}
	}
	return text
}

func (f *form) status() string {
	want := workflow.StatusFields{
		Confirmed:   f.text(BlockConfirmed, InputConfirmed, false),
		Unconfirmed: f.text(BlockUnconfirmed, InputUnconfirmed, false),
		Next:        f.text(BlockCheckNext, InputCheckNext, false),
	}
	if len(f.errs) > 0 {
		return ""
	}
	if want == (workflow.StatusFields{}) {
		f.errs[BlockConfirmed] = trPlain(f.lang, "slack.modal.err.status_empty", nil)
		return ""
	}
	want.Confirmed, want.Unconfirmed, want.Next = neutralizeBars(want.Confirmed), neutralizeBars(want.Unconfirmed), neutralizeBars(want.Next)
	var parts []string
	if want.Confirmed != "" {
		parts = append(parts, "confirmed: "+grammarEscape(want.Confirmed))
	}
	if want.Unconfirmed != "" {
		parts = append(parts, "unconfirmed: "+grammarEscape(want.Unconfirmed))
	}
	if want.Next != "" {
		parts = append(parts, "next: "+grammarEscape(want.Next))
	}
	text := "status " + strings.Join(parts, " | ")

	cmd, err := workflow.Parse(text, workflow.DefaultScale())
	switch {
	case err != nil || cmd.Verb != workflow.VerbStatus || !cmd.Ref.IsZero():
		f.unreadable(BlockConfirmed)
	default:
		if cmd.Status.Confirmed != want.Confirmed {
			f.unreadable(BlockConfirmed)
		}
		if cmd.Status.Unconfirmed != want.Unconfirmed {
			f.unreadable(BlockUnconfirmed)
		}
		if cmd.Status.Next != want.Next {
			f.unreadable(BlockCheckNext)
		}
	}
	return text
}

// ---- keeping each box's text inside its field ----

// grammarEscape writes &, < and > as Slack escapes them in typed commands.
// The parser decodes &lt; &gt; &amp; in one left-to-right pass, so a value
// that itself contains "&lt;" comes back as typed instead of as "<". Modal
// values arrive unescaped, unlike slash-command text.
func grammarEscape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return grammarEscaper.Replace(s)
}

var grammarEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// brokenBar stands in for a | (or ｜) typed in a box right before a label.
const brokenBar = "¦"

// neutralizeBars keeps a box's text from starting another field. The grammar
// splits labelled fields at | or ｜ where a label follows, and refuses a bar
// before an unknown label, so "a | why: b" typed in the decision box would
// otherwise fill why, and "a | memo: b" be refused; \| it reads as a
// literal bar, dropping the backslash. Exactly those bars become ¦
// (U+00A6 BROKEN BAR, which looks alike and means nothing to the grammar);
// every other | is kept, since a bar not followed by a label is plain text to
// the parser already.
func neutralizeBars(v string) string {
	if !strings.ContainsAny(v, "|｜") {
		return v
	}
	var b strings.Builder
	for i, r := range v {
		// A bar after a backslash too: the grammar would read \| as an
		// escaped bar and drop the backslash.
		if (r == '|' || r == '｜') && (followedByLabel(v[i+utf8.RuneLen(r):]) || strings.HasSuffix(v[:i], `\`)) {
			b.WriteString(brokenBar)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// followedByLabel reports whether a bar right before s would start another
// field, or be refused as an unknown label (workflow.BarStartsField). A
// variable so a test can switch neutralizing off.
var followedByLabel = workflow.BarStartsField

// smallHash stands in for a # or ＃ that begins the decision box.
const smallHash = "﹟"

// neutralizeLeadingHash keeps the decision box from naming an incident. Right
// after the subcommand the grammar reads #N / #D-N as the incident to act on
// (and refuses any other #word), so a decision beginning "#3 rolled back"
// would be recorded on incident 3 as "rolled back". A leading # or ＃ becomes
// ﹟ (U+FE5F SMALL NUMBER SIGN); a # anywhere else is plain text already.
func neutralizeLeadingHash(v string) string {
	if rest, ok := strings.CutPrefix(v, "#"); ok {
		return smallHash + rest
	}
	if rest, ok := strings.CutPrefix(v, "＃"); ok {
		return smallHash + rest
	}
	return v
}

// openTimeLabels are the words open reads, wherever they stand, as the start
// of a time field when : or ： follows at once.
var openTimeLabels = workflow.OpenTimeLabels()

// neutralizeOpenWords keeps the open form's boxes from being read as other
// parts of the command. The open grammar works word by word: a word
// "--name" is a flag (—private and —false-alarm too), a word beginning
// "started:" or "detected:" (発生：, 検知：, …) starts a time field, and bars at
// the end of a part are dropped. So, in such words only:
//   - the first "-" of "--name" becomes "‐" (U+2010 HYPHEN);
//   - the "—" of "—private" / "—false-alarm" becomes "–" (U+2013 EN DASH);
//   - the colon after a time label becomes "∶" (U+2236 RATIO);
//   - bars at the very end become ¦.
//
// The replacements look alike and keep the character count.
func neutralizeOpenWords(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		if unicode.IsSpace(r) {
			b.WriteString(v[i : i+size])
			i += size
			continue
		}
		j := i
		for j < len(v) {
			r, size := utf8.DecodeRuneInString(v[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		b.WriteString(neutralizeOpenWord(v[i:j]))
		i = j
	}
	out := b.String()
	// bars in the trailing run of spaces and bars
	end := len(out)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(out[:end])
		if !unicode.IsSpace(r) && r != '|' && r != '｜' {
			break
		}
		end -= size
	}
	if end < len(out) {
		tail := strings.NewReplacer("|", brokenBar, "｜", brokenBar).Replace(out[end:])
		out = out[:end] + tail
	}
	return out
}

func neutralizeOpenWord(w string) string {
	if len(w) > 2 && strings.HasPrefix(w, "--") && w[2] < utf8.RuneSelf && unicode.IsLetter(rune(w[2])) {
		return "‐" + w[1:]
	}
	if rest, ok := strings.CutPrefix(w, "—"); ok {
		if l := strings.ToLower(rest); l == "private" || l == "false-alarm" {
			return "–" + rest
		}
	}
	for _, l := range openTimeLabels {
		rest, ok := cutPrefixASCIIFold(w, l)
		if !ok {
			continue
		}
		if after, ok := strings.CutPrefix(rest, ":"); ok {
			return w[:len(l)] + "∶" + after
		}
		if after, ok := strings.CutPrefix(rest, "："); ok {
			return w[:len(l)] + "∶" + after
		}
	}
	return w
}

// cutPrefixASCIIFold removes prefix from s, ignoring ASCII case only (as the
// grammar does).
func cutPrefixASCIIFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) {
		return s, false
	}
	for i := 0; i < len(prefix); i++ {
		x, y := s[i], prefix[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return s, false
		}
	}
	return s[len(prefix):], true
}
