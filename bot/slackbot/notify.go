package slackbot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// Action ids of the buttons in notices sent as direct messages. Each value
// starts with the incident's UUID, then a space and what the button is about.
const (
	ActionAck     = "incident_ack"     // "<uuid> <role>": acknowledge a page (runs "ack <role>")
	ActionApprove = "incident_approve" // "<uuid> <n>": approve decision n (runs "approve <n>")
	ActionRefuse  = "incident_refuse"  // "<uuid> <n>": refuse decision n (runs "refuse <n>")
)

// Block ids of notices.
const (
	BlockNoticeHeader  = "incident_notice_header"
	BlockNoticeActions = "incident_notice_actions"
)

// The Bot delivers the workflow's notices in Slack.
var _ workflow.Notifier = (*Bot)(nil)

// Notify queues, inside the transaction of the change that caused it, what
// Slack must be told about notice n: direct messages (page, approval, a user
// to inform), posts in the incident channel (the mention of who is paged, an
// exhausted chain, a reminder, an acknowledgement, the close) and posts in
// other channels (a channel to inform). Nothing is sent before the commit,
// and nothing is lost after it: the outbox worker delivers the jobs.
//
// Drill incidents tell nobody outside the incident: the workflow records
// their steps as "would notify" events and sends no notices, and a notice
// for a drill that gets here anyway is dropped.
func (b *Bot) Notify(tx workflow.Tx, n workflow.Notice) error {
	inc := n.Incident
	if inc == nil {
		return errors.New("slack notify: a notice without its incident")
	}
	if inc.Drill {
		return nil
	}
	q := &noticeQueue{queue: queue{tx: tx, now: b.now(), incident: inc.ID}}
	links, err := tx.Links(inc.ID)
	if err != nil {
		return fmt.Errorf("slack notify: links of %s: %w", inc.Ref(), err)
	}
	for _, l := range links {
		if l.Kind == LinkChannel {
			q.channel = l.Value
		}
	}
	switch n.Kind {
	case workflow.NoticePage:
		b.notifyPage(q, n)
	case workflow.NoticeInform:
		b.notifyInform(q, n)
	case workflow.NoticeExhausted:
		who := b.approverMention(inc, n.Target)
		q.inChannel(b.say(n, who, "slack.notify.exhausted", workflow.Args{"who": who, "role": b.roleLabel(n.Role), "rounds": b.rounds(n.Round)}))
	case workflow.NoticeReminder:
		who := b.targetMention(inc, n.Target)
		if who == "" {
			who = personMention(inc.Holder(workflow.RoleCommander))
		}
		q.inChannel(b.say(n, who, "slack.notify.reminder", workflow.Args{"who": who, "ref": inc.Ref()}))
	case workflow.NoticeApproval:
		b.notifyApproval(q, n)
	case workflow.NoticeAcknowledged:
		q.inChannel(b.say(n, "", "slack.notify.acknowledged", workflow.Args{"who": b.targetMention(inc, n.Target), "role": b.roleLabel(n.Role)}))
	case workflow.NoticeResolved:
		q.inChannel(b.say(n, "", "slack.notify.resolved", workflow.Args{"ref": inc.Ref()}))
	case workflow.NoticeVendorRequest:
		b.notifyVendor(q, n) // vendor.go
	case workflow.NoticeStatement:
		b.notifyStatement(q, n) // statement.go
	case workflow.NoticeDeadline:
		b.notifyDeadline(q, n) // statement.go
	case workflow.NoticeFindingDue:
		b.notifyFindingDue(q, n) // practice.go
	default:
		b.log.Warn("slack notify: unknown notice kind", "kind", string(n.Kind), "incident", inc.ID.String())
	}
	return q.err
}

// noticeQueue is a queue that knows whether the incident's channel exists.
type noticeQueue struct {
	queue
	channel string // the incident's channel; "" while it is being created
}

// inChannel queues a post in the incident's channel, in the incident's
// queue: in order with everything else said there, and after the channel's
// creation (the workflow lets the adapter queue that before anyone is paged).
func (q *noticeQueue) inChannel(text string) {
	q.add(incidentQueue(q.incident), jobPost{Text: text})
}

// dm (practice.go) queues a direct message; each person's DMs arrive in
// order.

func dmQueue(user string) string { return "slack:dm:" + user }

// notifyPage asks the person on an on-call chain to respond, in a DM with an
// Acknowledge button, and tells the incident channel who is being paged. The
// DM shows a private incident's title too: the person is asked to join it.
func (b *Bot) notifyPage(q *noticeQueue, n workflow.Notice) {
	inc := n.Incident
	args := b.incidentArgs(inc)
	args["role"], args["role_word"] = b.roleLabel(n.Role), string(n.Role)
	args["link"], args["round"] = b.link(n.Link), b.round(n.Round)
	if user, ok := targetUser(inc, n.Target); ok {
		q.dm(user, b.say(n, "", "slack.notify.page.text", args), b.pageBlocks(n, args, q.channel))
		// Whoever is paged is brought into the channel (a private one too:
		// they are asked to respond there).
		q.add(incidentQueue(inc.ID), jobInvite{Users: []string{user}})
	}
	args["who"] = b.targetMention(inc, n.Target)
	q.inChannel(b.text("slack.notify.page.channel", args))
}

func (b *Bot) pageBlocks(n workflow.Notice, args workflow.Args, channel string) []slack.Block {
	inc, lang := n.Incident, b.lang
	fields := []*slack.TextBlockObject{
		cardField(lang, trPlain(lang, "slack.card.severity", nil), escaped(args["severity"].(string))),
		cardField(lang, trPlain(lang, "slack.notify.field.role", nil), escaped(args["role"].(string))),
	}
	where := escaped("#" + ChannelName(inc.Number, inc.Drill, inc.Title)) // being created: its name
	if channel != "" {
		where = markup("<#" + channel + ">")
	}
	fields = append(fields, cardField(lang, trPlain(lang, "slack.notify.field.channel", nil), where))
	// Where the person stands: the workflow's words when it has some (they
	// know a role holder from a chain, and the time left to acknowledge).
	place := string(b.noticeText(n))
	if place == "" {
		place = b.text("slack.notify.page.place", args)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(b.text("slack.notify.page.header", args), sectionLimit), nil, nil, slack.SectionBlockOptionBlockID(BlockNoticeHeader)),
		slack.NewSectionBlock(nil, fields, nil),
		slack.NewSectionBlock(mrkdwn(place, sectionLimit), nil, nil),
	}
	if inc.Private {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(b.text("slack.notify.private", nil), contextLimit)))
	}
	ack := slack.NewButtonBlockElement(ActionAck, RoleOptionValue(inc.ID.String(), n.Role),
		plain(trPlain(b.lang, "slack.notify.page.ack", nil), buttonTextLimit)).WithStyle(slack.StylePrimary)
	return append(blocks,
		slack.NewActionBlock(BlockNoticeActions, ack),
		slack.NewContextBlock("", mrkdwn(b.text("slack.notify.page.hint", args), contextLimit)),
	)
}

// notifyInform tells a policy target about the incident: a channel by a post
// there (a private incident's without its title), a person by DM, a user
// group by a mention in the incident channel and a DM to each of its members
// (the mention alone reaches only who is in the channel, often just whoever
// opened it). A member's DM is the one a person named by the policy gets,
// private incident or not.
func (b *Bot) notifyInform(q *noticeQueue, n workflow.Notice) {
	inc := n.Incident
	args := b.incidentArgs(inc)
	switch n.Target.Kind {
	case workflow.TargetChannel:
		// Outside the incident: a private incident's post is always ours,
		// which names no title.
		text := b.text("slack.notify.inform.channel_private", args)
		if !inc.Private {
			text = b.say(n, "", "slack.notify.inform.channel", args)
		}
		q.add(channelQueue(n.Target.ID), jobPost{Channel: n.Target.ID, Text: text})
	case workflow.TargetGroup:
		who := b.targetMention(inc, n.Target)
		args["who"] = who
		q.inChannel(b.say(n, who, "slack.notify.inform.group", args))
		// Its members are found when the job is delivered; a name that is
		// not a Slack group id (S…) has no members to ask for.
		if isSlackID(n.Target.ID, "S") {
			q.add(groupQueue(n.Target.ID), jobGroupDM{Group: n.Target.ID, Text: b.informDM(q, n, args)})
		}
	case workflow.TargetUser, workflow.TargetRole:
		user, ok := targetUser(inc, n.Target)
		if !ok {
			b.log.Debug("slack notify: nobody to inform", "target", n.Target.String(), "incident", inc.ID.String())
			return
		}
		q.dm(user, b.informDM(q, n, args), nil)
	}
}

// informDM is the DM that tells a person about the incident: the workflow's
// words (else the adapter's), and a link to the incident's channel once it
// exists.
func (b *Bot) informDM(q *noticeQueue, n workflow.Notice, args workflow.Args) string {
	text := b.say(n, "", "slack.notify.inform.dm", args)
	if q.channel != "" {
		text += " <#" + q.channel + ">"
	}
	return text
}

func groupQueue(group string) string { return "slack:group:" + group }

// groupDMs lists the members of a user group and returns a DM to each, with
// the job's text, to be queued in each member's DM queue. The caller queues
// them in the transaction that marks the group's item delivered, so a retry
// never queues them twice and a crash never loses them. An unknown group
// (no_such_subteam) is Slack's refusal: a permanent error.
func (b *Bot) groupDMs(ctx context.Context, j *jobGroupDM) ([]queued, error) {
	if !isSlackID(j.Group, "S") {
		return nil, &permanentError{"not a Slack user group: " + j.Group}
	}
	members, err := b.api.GetUserGroupMembersContext(ctx, j.Group)
	if err != nil {
		return nil, err
	}
	var out []queued
	seen := map[string]bool{}
	for _, u := range members {
		if !isSlackUser(u) || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, queued{queue: dmQueue(u), job: jobDM{User: u, Text: j.Text}})
	}
	return out, nil
}

// notifyApproval asks a person who may approve a stop to approve or refuse
// decision n.Decision, in a DM with two buttons, and tells the incident
// channel that the decision waits.
func (b *Bot) notifyApproval(q *noticeQueue, n workflow.Notice) {
	inc := n.Incident
	args := b.incidentArgs(inc)
	args["n"] = n.Decision
	if user, ok := targetUser(inc, n.Target); ok {
		q.dm(user, b.text("slack.notify.approval.text", args), b.approvalBlocks(n, args))
	}
	args["who"] = b.targetMention(inc, n.Target)
	q.inChannel(b.text("slack.notify.approval.channel", args))
}

func (b *Bot) approvalBlocks(n workflow.Notice, args workflow.Args) []slack.Block {
	inc, lang := n.Incident, b.lang
	what := string(b.noticeText(n))
	if what == "" {
		what = b.text("slack.notify.approval.default", args)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(b.text("slack.notify.approval.header", args), sectionLimit), nil, nil, slack.SectionBlockOptionBlockID(BlockNoticeHeader)),
		slack.NewSectionBlock(mrkdwn(what, sectionLimit), nil, nil),
	}
	if d := inc.LastDecision; d != nil && d.Number == n.Decision && !d.Redacted {
		text := cardLine(lang, "slack.card.decision", d.Decision, decisionBudget) + "\n" + cardLine(lang, "slack.card.why", d.Why, decisionBudget)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text, sectionLimit), nil, nil))
	}
	value := DecisionValue(inc.ID.String(), n.Decision)
	approve := slack.NewButtonBlockElement(ActionApprove, value, plain(trPlain(b.lang, "slack.notify.approval.approve", nil), buttonTextLimit)).WithStyle(slack.StylePrimary)
	refuse := slack.NewButtonBlockElement(ActionRefuse, value, plain(trPlain(b.lang, "slack.notify.approval.refuse", nil), buttonTextLimit)).WithStyle(slack.StyleDanger)
	return append(blocks,
		slack.NewActionBlock(BlockNoticeActions, approve, refuse),
		slack.NewContextBlock("", mrkdwn(b.text("slack.notify.approval.hint", args), contextLimit)),
	)
}

// DecisionValue is the value of the approve and refuse buttons for decision
// n of incident id: "<uuid> <n>".
func DecisionValue(incidentID string, n int) string {
	return incidentID + roleValueSep + strconv.Itoa(n)
}

// incidentArgs are the placeholders every notice uses; the title is cut.
// Values are plain text (the rendering escapes them) or markup.
func (b *Bot) incidentArgs(inc *workflow.Incident) workflow.Args {
	return workflow.Args{
		"ref":      inc.Ref(),
		"title":    markup(clipMrkdwn(inc.Title, headerLimit)),
		"severity": b.scale.Level(inc.Severity).Localize(b.lang),
	}
}

func (b *Bot) roleLabel(r workflow.Role) string {
	if r == "" {
		return ""
	}
	if _, ok := allMessages[workflow.MsgKey("slack.role."+string(r))]; ok {
		return roleLabel(b.lang, r)
	}
	return string(r)
}

// link names a place on an on-call chain: primary, secondary, final.
func (b *Bot) link(i int) workflow.Msg {
	if i >= 0 && i <= 2 {
		return workflow.M(workflow.MsgKey("slack.notify.link."+strconv.Itoa(i)), nil)
	}
	return workflow.M("slack.notify.link.n", workflow.Args{"n": i + 1})
}

// round is " (round 2)" from the second pass over a chain on; "" on the first.
func (b *Bot) round(r int) any {
	if r <= 0 {
		return ""
	}
	return workflow.M("slack.notify.round", workflow.Args{"n": r + 1})
}

// rounds is " in 3 rounds" for a chain given up after several passes.
func (b *Bot) rounds(r int) any {
	if r <= 0 {
		return ""
	}
	return workflow.M("slack.notify.rounds", workflow.Args{"n": r + 1})
}

// noticeText renders what the workflow wants said (a workflow message, or
// one of the adapter's) as mrkdwn, cut to fit; "" if it said nothing.
func (b *Bot) noticeText(n workflow.Notice) markup {
	if n.Text.Key == "" {
		return ""
	}
	return markup(clipEscaped(renderMrkdwn(b.lang, n.Text), contextLimit))
}

// say is what a post says for notice n: the workflow's words when it has
// some, after a mention of who (when not empty) so Slack notifies them (the
// workflow writes people as @name, which pings nobody); else the adapter's
// own message key.
func (b *Bot) say(n workflow.Notice, who markup, key workflow.MsgKey, args workflow.Args) string {
	t := b.noticeText(n)
	switch {
	case t == "":
		return b.text(key, args)
	case who == "":
		return string(t)
	}
	return b.text("slack.notify.mention", workflow.Args{"who": who, "text": t})
}

// targetUser is the Slack user a target names: the user, or the holder of
// the role. Names that are not Slack ids (console users) cannot get a DM.
func targetUser(inc *workflow.Incident, t workflow.Target) (string, bool) {
	switch t.Kind {
	case workflow.TargetUser:
		return t.ID, isSlackUser(t.ID)
	case workflow.TargetRole:
		id := inc.Holder(workflow.Role(t.ID)).ID
		return id, isSlackUser(id)
	}
	return "", false
}

// targetMention is how a post names a target: a user or role holder
// mentioned, a user group mentioned (<!subteam^S…>), a channel linked; an
// unheld role by its name.
func (b *Bot) targetMention(inc *workflow.Incident, t workflow.Target) markup {
	switch t.Kind {
	case workflow.TargetUser:
		return personMention(workflow.Person{ID: t.ID})
	case workflow.TargetRole:
		if p := inc.Holder(workflow.Role(t.ID)); !p.IsZero() {
			return personMention(p)
		}
		return markup(b.text("slack.notify.role_unassigned", workflow.Args{"role": b.roleLabel(workflow.Role(t.ID))}))
	case workflow.TargetGroup:
		if isSlackID(t.ID, "S") {
			return markup("<!subteam^" + t.ID + ">")
		}
		return escaped("@" + t.ID)
	case workflow.TargetChannel:
		if isSlackID(t.ID, "CG") {
			return markup("<#" + t.ID + ">")
		}
		return escaped("#" + t.ID)
	}
	return ""
}

// approverMention is who is told that a chain is exhausted: the notice's
// target if it names someone, else the approver, else the commander.
func (b *Bot) approverMention(inc *workflow.Incident, t workflow.Target) markup {
	if user, ok := targetUser(inc, t); ok {
		return personMention(workflow.Person{ID: user})
	}
	for _, r := range []workflow.Role{workflow.RoleApprover, workflow.RoleCommander} {
		if p := inc.Holder(r); !p.IsZero() {
			return personMention(p)
		}
	}
	return markup(b.text("slack.notify.nobody", nil))
}

// personMention mentions a Slack user; anyone else is shown by name.
func personMention(p workflow.Person) markup {
	if isSlackUser(p.ID) {
		return markup("<@" + p.ID + ">")
	}
	return escaped(p.Display())
}

// isSlackID reports whether id looks like a Slack id starting with one of
// the letters in prefixes (S for a user group, C or G for a channel).
func isSlackID(id, prefixes string) bool {
	if len(id) < 3 || len(id) > 32 {
		return false
	}
	if !strings.ContainsRune(prefixes, rune(id[0])) {
		return false
	}
	for _, c := range id[1:] {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// sendDM delivers a direct message. The DM's id is opened once per user and
// kept in memory (conversations.open is idempotent at Slack, so a restart or
// a second replica just opens it again); if the kept id stops working, it is
// opened afresh.
func (b *Bot) sendDM(ctx context.Context, j *jobDM) error {
	if !isSlackUser(j.User) {
		return &permanentError{"not a Slack user: " + j.User}
	}
	opts := []slack.MsgOption{slack.MsgOptionText(j.Text, false)}
	if j.Blocks != nil && len(j.Blocks.BlockSet) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(j.Blocks.BlockSet...))
	}
	for attempt := 0; ; attempt++ {
		ch, cached, err := b.dmChannel(ctx, j.User)
		if err != nil {
			return err
		}
		_, _, err = b.api.PostMessageContext(ctx, ch, opts...)
		var se slack.SlackErrorResponse
		if cached && attempt == 0 && errors.As(err, &se) && (se.Err == "channel_not_found" || se.Err == "is_archived") {
			b.dms.Delete(j.User)
			continue
		}
		return err
	}
}

// dmChannel is the id of the bot's DM with user; cached reports whether it
// came from memory rather than from Slack just now.
func (b *Bot) dmChannel(ctx context.Context, user string) (id string, cached bool, err error) {
	if v, ok := b.dms.Load(user); ok {
		return v.(string), true, nil
	}
	ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
	if err != nil {
		return "", false, err
	}
	if ch == nil || ch.ID == "" {
		return "", false, errors.New("conversations.open returned no channel")
	}
	b.dms.Store(user, ch.ID)
	return ch.ID, false, nil
}
