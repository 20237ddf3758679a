package slackbot

// Statements and deadlines in Slack: a statement's version waiting for
// approval is posted in the incident channel with its text and Approve and
// Refuse buttons, mentioning the comms holder and the people who may
// approve it; its approval and refusal are posted there too. statement
// typed without text opens a form (audience and text). A deadline that
// comes undone is posted in the incident channel, or in the announce
// channel once the incident is closed, mentioning its people.

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// Action ids of the buttons on a statement's post. The value is
// "<uuid> <n> <version>": a click approves (or refuses) that version only,
// so a click on an older version's post approves nothing newer.
const (
	ActionStatementApprove = "incident_statement_approve" // runs "statement approve <n> v<version>"
	ActionStatementRefuse  = "incident_statement_refuse"  // runs "statement refuse <n> v<version>"
)

// CallbackStatement is the statement form's callback id; its blocks are
// the audience and the text.
const (
	CallbackStatement  = "incident_statement"
	BlockAudience      = "statement_audience"
	InputAudience      = "statement_audience_select"
	BlockStatementText = "statement_text"
	InputStatementText = "statement_text_input"
)

// StatementValue is the value of a statement post's buttons.
func StatementValue(incidentID string, n, version int) string {
	return incidentID + roleValueSep + strconv.Itoa(n) + roleValueSep + strconv.Itoa(version)
}

// statementButton reads a statement button's value back into the command
// it stands for.
func statementButton(a *slack.BlockAction) (text, incident string, ok bool) {
	parts := strings.Split(a.Value, roleValueSep)
	if len(parts) != 3 {
		return "", "", false
	}
	for _, p := range parts[1:] {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || strconv.Itoa(n) != p {
			return "", "", false
		}
	}
	verb := "approve"
	if a.ActionID == ActionStatementRefuse {
		verb = "refuse"
	}
	return "statement " + verb + " " + parts[1] + " v" + parts[2], parts[0], true
}

// notifyStatement posts where a statement stands in the incident channel.
func (b *Bot) notifyStatement(q *noticeQueue, n workflow.Notice) {
	s := n.Statement
	if s == nil {
		b.log.Warn("slack notify: a statement notice without its statement", "incident", n.Incident.ID.String())
		return
	}
	inc := n.Incident
	var who []markup
	seen := map[markup]bool{}
	add := func(t workflow.Target) {
		if m := b.targetMention(inc, t); m != "" && !seen[m] {
			seen[m] = true
			who = append(who, m)
		}
	}
	add(n.Target)
	if s.State == workflow.DraftWaiting {
		for _, t := range s.Approvers {
			add(t)
		}
	}
	mentions := markup(strings.Join(markupStrings(who), " "))
	text := b.say(n, mentions, "slack.notify.reminder", workflow.Args{"who": mentions, "ref": inc.Ref()})
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(text, sectionLimit), nil, nil, slack.SectionBlockOptionBlockID(BlockNoticeHeader))}
	if strings.TrimSpace(s.Text) != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(quoted(s.Text), sectionLimit), nil, nil))
	}
	if s.State == workflow.DraftWaiting {
		value := StatementValue(inc.ID.String(), s.Number, s.Version)
		approve := slack.NewButtonBlockElement(ActionStatementApprove, value, plain(trPlain(b.lang, "slack.statement.approve", nil), buttonTextLimit)).WithStyle(slack.StylePrimary)
		refuse := slack.NewButtonBlockElement(ActionStatementRefuse, value, plain(trPlain(b.lang, "slack.statement.refuse", nil), buttonTextLimit)).WithStyle(slack.StyleDanger)
		blocks = append(blocks, slack.NewActionBlock(BlockNoticeActions, approve, refuse),
			slack.NewContextBlock("", mrkdwn(b.text("slack.statement.hint", workflow.Args{"ref": inc.Ref(), "n": s.Number}), contextLimit)))
	}
	q.add(incidentQueue(inc.ID), jobPost{Text: text, Blocks: &slack.Blocks{BlockSet: blocks}})
}

func markupStrings(ms []markup) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

// quoted shows a statement's text as a quote: every line escaped, led by
// the quote mark, cut to fit a section.
func quoted(text string) string {
	lines := strings.Split(clipMrkdwn(text, sectionLimit-200), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// notifyDeadline posts a deadline reminder, mentioning its people: in the
// incident channel, or in the announce channel once the incident is closed
// (its channel is quiet by then).
func (b *Bot) notifyDeadline(q *noticeQueue, n workflow.Notice) {
	d := n.Deadline
	if d == nil {
		b.log.Warn("slack notify: a deadline notice without its deadline", "incident", n.Incident.ID.String())
		return
	}
	var who []string
	for _, p := range d.People {
		who = append(who, string(personMention(p)))
	}
	mentions := markup(strings.Join(who, " "))
	text := b.say(n, mentions, "slack.notify.reminder", workflow.Args{"who": mentions, "ref": n.Incident.Ref()})
	if d.Closed && b.announce != "" {
		q.add(channelQueue(b.announce), jobPost{Channel: b.announce, Text: text})
		return
	}
	q.inChannel(text)
}

// StatementModal is the form for a statement on incident incidentID: the
// audience (aud chosen when given) and the text.
func StatementModal(incidentID string, aud workflow.Audience, lang workflow.Lang) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, a := range workflow.Audiences {
		o := slack.NewOptionBlockObject(string(a), plain(trPlain(lang, "slack.statement.audience_option",
			workflow.Args{"name": a.Localize(lang), "key": string(a)}), optionTextLimit), nil)
		opts = append(opts, o)
		if a == aud {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(trPlain(lang, "slack.statement.audience_ph", nil), placeholderLimit), InputAudience, opts...)
	if initial != nil {
		sel = sel.WithInitialOption(initial)
	}
	blocks := []slack.Block{
		intro(lang, "slack.statement.intro"),
		slack.NewInputBlock(BlockAudience, plain(trPlain(lang, "slack.statement.audience", nil), labelLimit), nil, sel),
		slack.NewInputBlock(BlockStatementText, plain(trPlain(lang, "slack.statement.text", nil), labelLimit),
			plain(trPlain(lang, "slack.statement.text_hint", nil), hintLimit),
			textInput(lang, InputStatementText, "slack.statement.text_ph", true, workflow.FieldLimit)),
	}
	return modal(lang, CallbackStatement, "slack.statement.title", "slack.statement.submit", incidentID, blocks)
}

// statement reads the statement form: "statement <audience> <text>". The
// text is free text to the grammar (never split), so only its escapes need
// care; it is read back to make sure it comes through unchanged.
func (f *form) statement() string {
	sel, _ := f.action(BlockAudience, InputAudience)
	aud, ok := workflow.ParseAudience(strings.TrimSpace(sel.SelectedOption.Value))
	if !ok {
		f.errs[BlockAudience] = trPlain(f.lang, "slack.statement.err_audience", nil)
	}
	body := f.text(BlockStatementText, InputStatementText, true)
	if len(f.errs) > 0 {
		return ""
	}
	text := "statement " + string(aud) + " " + grammarEscape(body)
	cmd, err := workflow.Parse(text, workflow.DefaultScale())
	if err != nil || cmd.Verb != workflow.VerbStatement || cmd.Audience != aud || cmd.StatementText != body || !cmd.Ref.IsZero() {
		f.unreadable(BlockStatementText)
	}
	return text
}

// openStatementModal opens the statement form for the incident named, the
// channel's, or the only open one. Like every form it is the one call
// before the ack; if it fails, the person gets the one-line form.
func (b *Bot) openStatementModal(ctx context.Context, sc slack.SlashCommand, ref workflow.Ref, aud workflow.Audience, channel workflow.Ref) *slack.Msg {
	actor := b.actor(sc.TeamID, sc.UserID, sc.UserName)
	show := "show"
	if !ref.IsZero() {
		show += " " + ref.String()
	}
	r, err := b.svc.Execute(ctx, workflow.Request{Actor: actor, Lang: b.lang, Text: show, Channel: channel})
	if err != nil {
		return b.ephemeral(b.problem(err, actor))
	}
	if err := b.openView(ctx, sc.TriggerID, StatementModal(r.Incident.ID.String(), aud, b.lang)); err != nil {
		return b.ephemeral(b.text("slack.modal_failed", workflow.Args{"usage": workflow.Render(b.lang, workflow.UsageMsg(workflow.VerbStatement))}))
	}
	return nil
}
