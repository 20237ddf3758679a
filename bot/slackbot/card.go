package slackbot

import (
	"strings"
	"time"
	"unicode/utf16"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// Action ids of the summary card's interactive elements. Each element's value
// (for the role menu: each option's value, see RoleOptionValue) carries the
// incident's UUID.
const (
	ActionNext     = "incident_next"      // button: one phase forward
	ActionTakeRole = "incident_take_role" // static select of the five roles
	ActionDecision = "incident_decision"  // button: open the decision modal
	ActionStatus   = "incident_status"    // button: open the status modal
)

// Block ids of the card.
const (
	BlockCardHeader   = "incident_header"
	BlockCardFields   = "incident_fields"
	BlockCardStatus   = "incident_latest_status"
	BlockCardDecision = "incident_last_decision"
	BlockCardHead     = "incident_head"
	BlockCardProblems = "incident_problems"
	BlockCardActions  = "incident_actions"
)

// Slack's Block Kit limits, in characters (counted here in UTF-16 code units,
// which is never fewer than characters).
const (
	headerLimit      = 150  // header block text (plain_text)
	sectionLimit     = 3000 // section block text
	fieldLimit       = 2000 // each section field
	fieldsPerSection = 10
	contextLimit     = 2000 // our own cap for a context element's text
	buttonTextLimit  = 75
	optionTextLimit  = 75
	optionValueLimit = 150
	messageBlocks    = 50
	// fallbackLimit caps CardText: it is a notification's preview, not the record.
	fallbackLimit = 500
	// summary budgets for long user text on the card (the full text stays in
	// the timeline and the report): three status boxes, and decision + why,
	// each share one section.
	statusBoxBudget = 900
	decisionBudget  = 1400
)

// timeLayout is how the card shows times (in the configured time zone).
const timeLayout = "2006-01-02 15:04 MST"

// cardTime is how the card shows moment t of inc: a drill's on its one
// clock, drill time with the real time beside it ("T+12m (10:02)").
func cardTime(inc *workflow.Incident, t time.Time, loc *time.Location, lang workflow.Lang) string {
	if d, ok := inc.DrillTime(t); ok {
		return "T+" + workflow.Span(d).Localize(lang) + " (" + t.In(loc).Format("15:04") + ")"
	}
	return t.In(loc).Format(timeLayout)
}

// roleValueSep separates the incident id from the role in a role option's value.
const roleValueSep = " "

// RoleOptionValue is the value of the take-role menu's option for role r on
// incident id: "<uuid> <role>".
func RoleOptionValue(incidentID string, r workflow.Role) string {
	return incidentID + roleValueSep + string(r)
}

// ParseRoleOptionValue reads a take-role option's value back.
func ParseRoleOptionValue(v string) (incidentID string, r workflow.Role, ok bool) {
	id, role, found := strings.Cut(v, roleValueSep)
	if !found || id == "" {
		return "", "", false
	}
	for _, known := range workflow.Roles {
		if string(known) == role {
			return id, known, true
		}
	}
	return "", "", false
}

// TakeRoleText is the command text that makes the person who chose role r in
// the card's menu its holder (the incident is passed to the service apart).
func TakeRoleText(r workflow.Role) string { return "assign " + string(r) + " me" }

// Card is the pinned summary of an incident: a header (#N title, with the
// drill and private markers), severity, phase, the role holders, the latest
// status, the last decision, the timeline's head hash, any delivery problems,
// and the actions (next phase, take a role, log a decision, post a status,
// and the checklist when a runbook is attached).
// Long user text is cut with "…" so every block stays within Slack's limits.
// loc is the time zone times are shown in (UTC when nil).
func Card(inc *workflow.Incident, scale workflow.Scale, lang workflow.Lang, loc *time.Location, problems []string) []slack.Block {
	if loc == nil {
		loc = time.UTC
	}
	id := inc.ID.String()
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(headerText(inc, lang), headerLimit), slack.HeaderBlockOptionBlockID(BlockCardHeader)),
	}

	// severity, phase and the five roles: 7 fields, within the 10 allowed
	fields := []*slack.TextBlockObject{
		cardField(lang, trPlain(lang, "slack.card.severity", nil), escaped(scale.Level(inc.Severity).Localize(lang))),
		cardField(lang, trPlain(lang, "slack.card.phase", nil), escaped(inc.Phase.Localize(lang))),
	}
	for _, r := range workflow.Roles {
		fields = append(fields, cardField(lang, roleLabel(lang, r), holderMrkdwn(inc.Holder(r), lang)))
	}
	blocks = append(blocks, slack.NewSectionBlock(nil, fields[:min(len(fields), fieldsPerSection)], nil, slack.SectionBlockOptionBlockID(BlockCardFields)))

	blocks = append(blocks,
		slack.NewSectionBlock(mrkdwn(statusText(inc, lang, loc), sectionLimit), nil, nil, slack.SectionBlockOptionBlockID(BlockCardStatus)),
		slack.NewSectionBlock(mrkdwn(decisionText(inc, lang, loc), sectionLimit), nil, nil, slack.SectionBlockOptionBlockID(BlockCardDecision)),
		slack.NewContextBlock(BlockCardHead, mrkdwn(headHashText(inc, lang), contextLimit)),
	)
	if len(problems) > 0 {
		text := tr(lang, "slack.card.problems", workflow.Args{"problems": strings.Join(problems, "; ")})
		blocks = append(blocks, slack.NewContextBlock(BlockCardProblems, mrkdwn(text, contextLimit)))
	}

	var elems []slack.BlockElement
	if to, ok := workflow.Next(inc.Phase); ok {
		next := slack.NewButtonBlockElement(ActionNext, id,
			plain(trPlain(lang, "slack.card.next", workflow.Args{"phase": to}), buttonTextLimit)).WithStyle(slack.StylePrimary)
		elems = append(elems, next)
	}
	opts := make([]*slack.OptionBlockObject, 0, len(workflow.Roles))
	for _, r := range workflow.Roles {
		opts = append(opts, slack.NewOptionBlockObject(clipText(RoleOptionValue(id, r), optionValueLimit), plain(roleLabel(lang, r), optionTextLimit), nil))
	}
	elems = append(elems,
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(trPlain(lang, "slack.card.take_role", nil), optionTextLimit), ActionTakeRole, opts...),
		slack.NewButtonBlockElement(ActionDecision, id, plain(trPlain(lang, "slack.card.decide", nil), buttonTextLimit)),
		slack.NewButtonBlockElement(ActionStatus, id, plain(trPlain(lang, "slack.card.status", nil), buttonTextLimit)),
	)
	if cl := checklistButton(inc, lang); cl != nil { // checklist.go
		elems = append(elems, cl)
	}
	blocks = append(blocks, slack.NewActionBlock(BlockCardActions, elems...))
	return blocks[:min(len(blocks), messageBlocks)]
}

// CardText is the card's plain fallback text, shown in notifications and by
// clients that cannot draw blocks: "#N title — severity · phase · commander".
func CardText(inc *workflow.Incident, scale workflow.Scale, lang workflow.Lang) string {
	commander := trPlain(lang, "slack.card.unassigned", nil)
	if p := inc.Holder(workflow.RoleCommander); !p.IsZero() {
		commander = p.Display()
	}
	s := tr(lang, "slack.card.text", workflow.Args{
		"markers":   markers(inc, lang),
		"ref":       inc.Ref().String(),
		"title":     inc.Title,
		"severity":  scale.Level(inc.Severity).Localize(lang),
		"phase":     inc.Phase.Localize(lang),
		"commander": commander,
	})
	// Fallback text is message text, parsed as mrkdwn: tr escaped it.
	return clipEscaped(s, fallbackLimit)
}

// markers is the private, drill and personal-data markers, each followed
// by a space.
func markers(inc *workflow.Incident, lang workflow.Lang) string {
	var b strings.Builder
	if inc.Private {
		b.WriteString(trPlain(lang, "slack.card.private", nil) + " ")
	}
	if inc.Drill {
		b.WriteString(trPlain(lang, "slack.card.drill", nil) + " ")
	}
	switch pd := inc.PersonalData; {
	case pd != nil && pd.Unlawful:
		b.WriteString(trPlain(lang, "slack.card.personal_data_unlawful", nil) + " ")
	case inc.PersonalDataInvolved():
		b.WriteString(trPlain(lang, "slack.card.personal_data", nil) + " ")
	}
	return b.String()
}

// headerText is the header line (plain_text); the title is what gets cut
// when it is long.
func headerText(inc *workflow.Incident, lang workflow.Lang) string {
	empty := trPlain(lang, "slack.card.header", workflow.Args{"markers": markers(inc, lang), "ref": inc.Ref().String(), "title": ""})
	title := clipText(inc.Title, headerLimit-textLen(empty))
	return trPlain(lang, "slack.card.header", workflow.Args{"markers": markers(inc, lang), "ref": inc.Ref().String(), "title": title})
}

// roleLabel is a role's name as plain text.
func roleLabel(lang workflow.Lang, r workflow.Role) string {
	return trPlain(lang, workflow.MsgKey("slack.role."+string(r)), nil)
}

// cardField is one "*label*\nvalue" field: label is plain text, value mrkdwn.
func cardField(lang workflow.Lang, label string, value markup) *slack.TextBlockObject {
	return mrkdwn(tr(lang, "slack.card.field", workflow.Args{"label": label, "value": value}), fieldLimit)
}

// holderMrkdwn shows a role holder: a mention for a Slack user id, else the
// display name; "unassigned" for nobody.
func holderMrkdwn(p workflow.Person, lang workflow.Lang) markup {
	switch {
	case p.IsZero():
		return markup("_" + tr(lang, "slack.card.unassigned", nil) + "_")
	case isSlackUser(p.ID):
		return markup("<@" + p.ID + ">")
	default:
		return markup(clipMrkdwn(p.Display(), 200))
	}
}

// statusText is the latest 3-box status: its time and author, then each box.
func statusText(inc *workflow.Incident, lang workflow.Lang, loc *time.Location) string {
	st := inc.Status
	if st == nil {
		return tr(lang, "slack.card.no_status", nil)
	}
	lines := []string{tr(lang, "slack.card.status_title", workflow.Args{
		"time":   cardTime(inc, st.At, loc, lang),
		"author": holderMrkdwn(st.Author, lang),
	})}
	if st.Redacted {
		return lines[0] + "\n" + tr(lang, "slack.card.redacted", nil)
	}
	boxes := []struct {
		key   workflow.MsgKey
		value string
	}{
		{"slack.card.confirmed", st.Confirmed},
		{"slack.card.unconfirmed", st.Unconfirmed},
		{"slack.card.check_next", st.Next},
	}
	for _, b := range boxes {
		lines = append(lines, cardLine(lang, b.key, b.value, statusBoxBudget))
	}
	return strings.Join(lines, "\n")
}

// decisionText is the last decision: number, time, author, decision and why.
func decisionText(inc *workflow.Incident, lang workflow.Lang, loc *time.Location) string {
	d := inc.LastDecision
	if d == nil {
		return tr(lang, "slack.card.no_decision", nil)
	}
	title := tr(lang, "slack.card.decision_title", workflow.Args{
		"n":      d.Number,
		"time":   cardTime(inc, d.At, loc, lang),
		"author": holderMrkdwn(d.Author, lang),
	})
	if d.Redacted {
		return title + "\n" + tr(lang, "slack.card.redacted", nil)
	}
	text := title + "\n" + cardLine(lang, "slack.card.decision", d.Decision, decisionBudget) +
		"\n" + cardLine(lang, "slack.card.why", d.Why, decisionBudget)
	// Who took it, and when if that was given apart from the recording:
	// beside who recorded it, as the report shows it.
	if !d.DecidedBy.IsZero() || !d.DecidedAt.IsZero() {
		at := markup("")
		if !d.DecidedAt.IsZero() {
			at = markup(tr(lang, "slack.card.decided_at", workflow.Args{"time": d.DecidedAt.In(loc).Format(timeLayout)}))
		}
		by := markup(tr(lang, "slack.card.empty", nil))
		if !d.DecidedBy.IsZero() {
			by = holderMrkdwn(d.DecidedBy, lang)
		}
		text += "\n" + tr(lang, "slack.card.decided", workflow.Args{"by": by, "at": at})
	}
	return text
}

// cardLine is "*label:* value", the value escaped and cut to budget characters.
func cardLine(lang workflow.Lang, label workflow.MsgKey, value string, budget int) string {
	v := strings.TrimSpace(value)
	if v == "" {
		v = tr(lang, "slack.card.empty", nil)
	} else {
		v = clipMrkdwn(v, budget)
	}
	return tr(lang, "slack.card.line", workflow.Args{"label": workflow.M(label, nil), "value": markup(v)})
}

func headHashText(inc *workflow.Incident, lang workflow.Lang) string {
	if inc.Head.IsZero() {
		return tr(lang, "slack.card.head_none", nil)
	}
	return tr(lang, "slack.card.head", workflow.Args{"hash": inc.Head.Short(), "seq": inc.Seq})
}

// ---- text objects within Slack's limits ----

// plain is a plain_text object (emoji shown), cut to limit.
func plain(s string, limit int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, clipText(s, limit), true, false)
}

// mrkdwn is a mrkdwn object of text already escaped, cut to limit as a guard.
func mrkdwn(s string, limit int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, clipEscaped(s, limit), false, false)
}

// mrkdwnEscape escapes the three characters Slack gives meaning in message
// text, so user text can neither mention (<!channel>, <@U…>) nor link.
func mrkdwnEscape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// textLen counts s as Slack's limits do, in UTF-16 code units (a character
// outside the Basic Multilingual Plane, like most emoji, counts twice; that
// errs on the safe side).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

const ellipsis = "…"

// clipText cuts plain text to at most limit characters, ending in "…" when
// cut. It never splits a character.
func clipText(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > limit-1 {
			return strings.TrimRight(s[:i], " \n") + ellipsis
		}
		n += utf16.RuneLen(r)
	}
	return s
}

// clipMrkdwn escapes user text for mrkdwn and cuts it so the escaped result
// holds at most limit characters, never inside an escape.
func clipMrkdwn(s string, limit int) string {
	if e := mrkdwnEscape(s); textLen(e) <= limit {
		return e
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		piece := mrkdwnEscape(string(r))
		if n+textLen(piece) > limit-1 {
			break
		}
		b.WriteString(piece)
		n += textLen(piece)
	}
	return strings.TrimRight(b.String(), " \n") + ellipsis
}

// clipEscaped cuts text that is already escaped mrkdwn without splitting an
// &amp; / &lt; / &gt; escape or a <…> mention we wrote ourselves.
func clipEscaped(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	cut := clipText(s, limit)
	cut = strings.TrimSuffix(cut, ellipsis)
	if i := strings.LastIndexByte(cut, '&'); i >= 0 && !strings.Contains(cut[i:], ";") {
		cut = cut[:i]
	}
	if i := strings.LastIndexByte(cut, '<'); i >= 0 && !strings.Contains(cut[i:], ">") {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " \n") + ellipsis
}
