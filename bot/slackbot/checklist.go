package slackbot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// Runbook checklists in Slack: a "Checklist" button on the card answers
// with the current phase's checklist (ephemeral, through the response_url),
// and a move refused because checklist items are not done answers with a
// "Move on anyway" button that runs the same move with --skip.

// Action ids of the checklist's buttons.
const (
	// ActionSkip: "<uuid> next" runs "next --skip"; "<uuid> <phase>" runs
	// "phase <phase> --skip".
	ActionSkip = "incident_skip"
	// ActionChecklist: "<uuid>" shows the checklist (runs "checklist").
	ActionChecklist = "incident_checklist"
	// ActionRunbook: "<uuid> <name>" attaches the runbook the title
	// suggested (runs "runbook <name>").
	ActionRunbook = "incident_runbook"
)

// BlockRunbookActions is the block id of the open reply's "Use runbook" button.
const BlockRunbookActions = "incident_runbook_actions"

// suggestionBlocks is the open reply (text, mrkdwn) with a button that
// attaches the runbook the title suggested.
func (b *Bot) suggestionBlocks(text string, incident workflow.ID, runbook string) []slack.Block {
	use := slack.NewButtonBlockElement(ActionRunbook, incident.String()+roleValueSep+runbook,
		plain(trPlain(b.lang, "slack.runbook.button", workflow.Args{"name": runbook}), buttonTextLimit)).WithStyle(slack.StylePrimary)
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn(text, sectionLimit), nil, nil),
		slack.NewActionBlock(BlockRunbookActions, use),
	}
}

// BlockSkipActions is the block id of the refusal's "Move on anyway" button.
const BlockSkipActions = "incident_skip_actions"

// SkipValue is the skip button's value for a refused move.
func SkipValue(e *workflow.UntickedError) string {
	word := string(e.Verb) // next or close
	if e.Verb == workflow.VerbPhase {
		word = string(e.To)
	}
	return e.Incident.String() + roleValueSep + word
}

// skipCommand reads a skip button's value back into its command.
func skipCommand(v string) (text, incident string, ok bool) {
	id, word, found := strings.Cut(v, roleValueSep)
	if !found {
		return "", "", false
	}
	if word == string(workflow.VerbNext) || word == string(workflow.VerbClose) {
		return word + " --skip", id, true
	}
	for _, p := range workflow.Phases {
		if p != workflow.PhaseClosed && string(p) == word {
			return "phase " + word + " --skip", id, true
		}
	}
	return "", "", false
}

// refused is the ack of a slash command the workflow refused: its message,
// and for a move held up by the checklist, the button to move on anyway.
func (b *Bot) refused(err error, actor workflow.Actor) *slack.Msg {
	msg := b.ephemeral(b.problem(err, actor))
	if blocks := b.refusalBlocks(err, msg.Text); len(blocks) > 0 {
		msg.Blocks = slack.Blocks{BlockSet: blocks}
	}
	return msg
}

// refusalBlocks shows a refusal (text, mrkdwn) as blocks when it offers a way on: for a
// move held up by checklist items that are not done, the message and a
// "Move on anyway" button. nil for any other error.
func (b *Bot) refusalBlocks(err error, text string) []slack.Block {
	var ue *workflow.UntickedError
	if !errors.As(err, &ue) || ue.Incident == workflow.NilID {
		return nil
	}
	skip := slack.NewButtonBlockElement(ActionSkip, SkipValue(ue), plain(trPlain(b.lang, "slack.skip.button", nil), buttonTextLimit)).WithStyle(slack.StyleDanger)
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn(text, sectionLimit), nil, nil),
		slack.NewActionBlock(BlockSkipActions, skip),
		slack.NewContextBlock("", mrkdwn(b.text("slack.skip.hint", workflow.Args{"phase": ue.From}), contextLimit)),
	}
}

// blocksOf wraps blocks for a job; nil when there are none.
func blocksOf(blocks []slack.Block) *slack.Blocks {
	if len(blocks) == 0 {
		return nil
	}
	return &slack.Blocks{BlockSet: blocks}
}

// checklistButton is the card's "Checklist" button, with the current
// phase's progress; nil when no runbook is attached.
func checklistButton(inc *workflow.Incident, lang workflow.Lang) *slack.ButtonBlockElement {
	if inc.Runbook == nil {
		return nil
	}
	label := trPlain(lang, "slack.card.checklist_plain", nil)
	if done, total := inc.Runbook.Progress(inc.Phase); total > 0 {
		label = trPlain(lang, "slack.card.checklist", workflow.Args{"done": done, "total": total})
	}
	return slack.NewButtonBlockElement(ActionChecklist, inc.ID.String(), plain(label, buttonTextLimit))
}

// showChecklist answers the card's Checklist button: the checklist of the
// incident, to the person who pressed it only.
func (b *Bot) showChecklist(ctx context.Context, cb slack.InteractionCallback, actor workflow.Actor, value string) {
	id, err := workflow.ParseID(value)
	if err != nil || id == workflow.NilID {
		return
	}
	r, err := b.svc.Execute(ctx, workflow.Request{Actor: actor, Lang: b.lang, Text: "checklist", Channel: workflow.Ref{ID: id}})
	text := renderLines(b.lang, r.Lines)
	if err != nil {
		text = b.problem(err, actor) // an internal error is logged with an id
	}
	responseURL := b.responseURL(cb.ResponseURL)
	qerr := b.store.Update(ctx, func(tx workflow.Tx) error {
		q := &queue{tx: tx, now: b.now(), incident: id}
		switch {
		case responseURL != "":
			q.add(respondQueue(), jobRespond{URL: responseURL, Text: text})
		case cb.Channel.ID != "":
			q.add(channelQueue(cb.Channel.ID), jobEphemeral{Channel: cb.Channel.ID, User: cb.User.ID, Text: text})
		}
		return q.err
	})
	if qerr != nil {
		b.log.Error("queue the checklist", "err", qerr)
		return
	}
	b.Wake()
}

var checklistMessages = workflow.Catalog{
	"slack.skip.button":          {En: "Move on anyway", Ja: "未完了のまま進める"},
	"slack.runbook.button":       {En: "Use runbook {name}", Ja: "手順書 {name} を使う"},
	"slack.skip.hint":            {En: "Moving on logs the open items of {phase} as skipped.", Ja: "進めると、{phase}の未完了の項目はスキップとして記録されます。"},
	"slack.card.checklist":       {En: "Checklist {done}/{total}", Ja: "チェックリスト {done}/{total}"},
	"slack.card.checklist_plain": {En: "Checklist", Ja: "チェックリスト"},
}
