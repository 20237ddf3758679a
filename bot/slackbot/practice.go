package slackbot

import (
	"strings"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// What Slack carries for drills that test the practice: a drill's contact
// check (direct messages marked as a drill, with an Acknowledge button;
// the one thing a drill sends outside its sandbox, and only when it was
// started with --contact-check from a sandbox channel), the reminder that a
// drill is due (in the first sandbox channel), and the weekly reminder of
// an overdue finding (a DM to its owner; a drill's is posted in the drill's
// channel by the workflow instead).

// ActionContactAck is the Acknowledge button of a contact check's DM:
// "<uuid> <user id>", the user the message went to (runs "drill ack
// <@user>" on the drill).
const ActionContactAck = "incident_contact_ack"

// BlockContactActions holds the contact check's button.
const BlockContactActions = "incident_contact_actions"

var (
	_ workflow.ContactChecker = (*Bot)(nil)
	_ workflow.SandboxPoster  = (*Bot)(nil)
)

// ContactCheck queues one direct message per person asked, inside the
// transaction that starts the drill. Every message and its first block
// carry the drill marker.
func (b *Bot) ContactCheck(tx workflow.Tx, inc *workflow.Incident, asked []workflow.ContactCheckPerson, text workflow.Msg) error {
	if inc == nil || !inc.Drill {
		return nil
	}
	q := &queue{tx: tx, now: b.now(), incident: inc.ID}
	body := b.marked(inc, renderLines(b.lang, []workflow.Msg{text}))
	for _, p := range asked {
		if !isSlackUser(p.Person.ID) {
			b.log.Warn("contact check: not a Slack user, no message", "person", p.Person.ID, "incident", inc.ID.String())
			continue
		}
		ack := slack.NewButtonBlockElement(ActionContactAck, inc.ID.String()+roleValueSep+p.Person.ID,
			plain(trPlain(b.lang, "slack.notify.page.ack", nil), buttonTextLimit)).WithStyle(slack.StylePrimary)
		blocks := []slack.Block{
			slack.NewSectionBlock(mrkdwn(body, sectionLimit), nil, nil, slack.SectionBlockOptionBlockID(BlockNoticeHeader)),
			slack.NewActionBlock(BlockContactActions, ack),
			slack.NewContextBlock("", mrkdwn(b.text("slack.contact.hint", workflow.Args{"ref": inc.Ref()}), contextLimit)),
		}
		q.dm(p.Person.ID, body, blocks)
	}
	return q.err
}

// dm queues a direct message in the person's DM queue.
func (q *queue) dm(user, text string, blocks []slack.Block) {
	j := jobDM{User: user, Text: text}
	if len(blocks) > 0 {
		j.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	q.add(dmQueue(user), j)
}

// contactAckCommand is the command the contact check's button stands for.
func contactAckCommand(value string) (string, string, bool) {
	id, user, found := strings.Cut(value, roleValueSep)
	if !found || !isSlackUser(user) {
		return "", "", false
	}
	return "drill ack <@" + user + ">", id, true
}

// PostSandbox posts lines in a sandbox channel (the reminder that a drill
// is due), inside the timer's transaction.
func (b *Bot) PostSandbox(tx workflow.Tx, channel string, lines []workflow.Msg) error {
	q := &queue{tx: tx, now: b.now()}
	q.add(channelQueue(channel), jobPost{Channel: channel, Text: renderLines(b.lang, lines)})
	b.Wake()
	return q.err
}

// notifyFindingDue reminds a finding's owner by direct message.
func (b *Bot) notifyFindingDue(q *noticeQueue, n workflow.Notice) {
	user, ok := targetUser(n.Incident, n.Target)
	if !ok {
		b.log.Debug("slack notify: nobody to remind of a finding", "target", n.Target.String(), "incident", n.Incident.ID.String())
		return
	}
	text := b.say(n, "", "slack.notify.reminder", workflow.Args{"who": "", "ref": n.Incident.Ref()})
	if q.channel != "" {
		text += " <#" + q.channel + ">"
	}
	q.dm(user, text, nil)
}
