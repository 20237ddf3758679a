package slackbot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// modalFor reports whether a command is one that opens a modal: open,
// decision or status with nothing after it.
func (b *Bot) modalFor(text string) (string, bool) {
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "/incident"))
	switch strings.ToLower(t) {
	case "open", "decision", "status":
		return strings.ToLower(t), true
	}
	return "", false
}

// openModal opens the form for verb with the command's trigger id. This is
// the one Web API call made before the ack (a trigger id lives about three
// seconds), bounded by ViewTimeout; if it fails, the person gets the one-line
// form instead.
func (b *Bot) openModal(ctx context.Context, cmd slack.SlashCommand, verb string, channel workflow.Ref) *slack.Msg {
	var view slack.ModalViewRequest
	switch verb {
	case "open":
		view = WithAffects(OpenModal(b.scale, b.lang, b.runbooks()...), b.svc.Ledger(), b.lang)
		view.PrivateMetadata = cmd.ChannelID
	default:
		// The form records on one incident: find it now, as the one-line
		// command would (this channel's, or the only open one).
		r, err := b.svc.Execute(ctx, workflow.Request{Actor: b.actor(cmd.TeamID, cmd.UserID, cmd.UserName), Lang: b.lang, Text: "show", Channel: channel})
		if err != nil {
			return b.ephemeral(b.problem(err, b.actor(cmd.TeamID, cmd.UserID, cmd.UserName)))
		}
		if verb == "decision" {
			view = DecisionModal(r.Incident.ID.String(), b.lang)
		} else {
			view = StatusModal(r.Incident.ID.String(), b.lang)
		}
	}
	if err := b.openView(ctx, cmd.TriggerID, view); err != nil {
		return b.ephemeral(b.text("slack.modal_failed", workflow.Args{"usage": workflow.UsageMsg(workflow.Verb(verb))}))
	}
	return nil
}

func (b *Bot) openView(ctx context.Context, trigger string, view slack.ModalViewRequest) error {
	ctx, cancel := context.WithTimeout(ctx, b.viewTO)
	defer cancel()
	_, err := b.api.OpenViewContext(ctx, trigger, view)
	if err != nil {
		b.log.Warn("open modal", "callback", view.CallbackID, "err", slackError(err))
	}
	return err
}

// Interaction handles a button, a menu choice or a modal submission. The
// result is the ack body: nil for an empty 200, or a
// *slack.ViewSubmissionResponse that shows errors on the form's fields.
func (b *Bot) Interaction(ctx context.Context, cb slack.InteractionCallback) any {
	defer b.asks.begin()()
	if !b.TeamAllowed(cb.Team.ID) {
		return nil
	}
	b.learn(cb.User.ID, cb.User.Name)
	actor := b.actor(cb.Team.ID, cb.User.ID, cb.User.Name)
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			b.blockAction(ctx, cb, actor, a)
		}
		return nil
	case slack.InteractionTypeViewSubmission:
		return b.submit(ctx, cb, actor)
	}
	return nil
}

// blockAction runs one button or menu choice: on the card, or in a notice's
// direct message (acknowledge a page, approve or refuse a decision). The
// reply goes back through the response_url.
func (b *Bot) blockAction(ctx context.Context, cb slack.InteractionCallback, actor workflow.Actor, a *slack.BlockAction) {
	switch a.ActionID {
	case ActionDecision, ActionStatus:
		if _, err := workflow.ParseID(a.Value); err != nil {
			return
		}
		view := DecisionModal(a.Value, b.lang)
		if a.ActionID == ActionStatus {
			view = StatusModal(a.Value, b.lang)
		}
		_ = b.openView(ctx, cb.TriggerID, view)
		return
	case ActionChecklist:
		b.showChecklist(ctx, cb, actor, a.Value)
		return
	}
	text, id, ok := ButtonCommand(a)
	if !ok {
		return
	}
	req := workflow.Request{Actor: actor, Lang: b.lang, Text: text, Channel: workflow.Ref{ID: id}, Key: actionKey(cb, a)}
	b.apply(ctx, req, cb.Channel.ID, cb.User.ID, b.responseURL(cb.ResponseURL))
}

// actionKey makes a click idempotent: Slack's action_ts is unique to it. A
// click without one (a replayed or crafted request) is keyed by what it
// says, so the same request twice is applied once.
func actionKey(cb slack.InteractionCallback, a *slack.BlockAction) string {
	if a.ActionTs != "" {
		return "slack:action:" + cb.Channel.ID + ":" + a.ActionTs
	}
	return "slack:action:" + contentKey(cb.Team.ID, cb.User.ID, cb.Channel.ID, cb.Container.MessageTs, cb.TriggerID,
		cb.ResponseURL, a.ActionID, a.BlockID, a.Value, a.SelectedOption.Value)
}

// viewKey makes a form's submission idempotent: a view id and its hash name
// one submission of one form. A submission without a view id (a crafted
// request) is keyed by what it says, so a second, different decision is not
// taken for the first.
func viewKey(cb slack.InteractionCallback, text, incident string) string {
	if cb.View.ID != "" {
		return "slack:view:" + cb.View.ID + ":" + cb.View.Hash
	}
	return "slack:view:" + contentKey(cb.Team.ID, cb.User.ID, cb.View.CallbackID, cb.View.PrivateMetadata, incident, text)
}

// ButtonCommand is the one-line command a button or menu choice stands for,
// and the incident it applies to (which is passed to the service apart, as
// the incident of the channel would be):
//
//	incident_next       "<uuid>"         → next
//	incident_take_role  "<uuid> <role>"  → assign <role> me
//	incident_ack        "<uuid> <role>"  → ack <role>   ("<uuid>" alone: ack)
//	incident_approve    "<uuid> <n>"     → approve <n>
//	incident_refuse     "<uuid> <n>"     → refuse <n>   (a reason can follow with the command)
//	incident_skip       "<uuid> next"    → next --skip  ("<uuid> <phase>": phase <phase> --skip)
//	incident_statement_approve "<uuid> <n> <v>" → statement approve <n> v<v>
//	incident_statement_refuse  "<uuid> <n> <v>" → statement refuse <n> v<v>
//	incident_contact_ack "<uuid> <user>" → drill ack <@user>  (a drill's contact check)
//
// ok is false for other actions (the modal buttons among them) and for
// values that do not parse.
func ButtonCommand(a *slack.BlockAction) (text string, incident workflow.ID, ok bool) {
	var value string
	switch a.ActionID {
	case ActionNext:
		text, value = "next", a.Value
	case ActionTakeRole:
		id, role, found := ParseRoleOptionValue(a.SelectedOption.Value)
		if !found {
			return "", workflow.NilID, false
		}
		text, value = TakeRoleText(role), id
	case ActionAck:
		text, value = "ack", a.Value
		if strings.Contains(a.Value, roleValueSep) {
			id, role, found := ParseRoleOptionValue(a.Value)
			if !found {
				return "", workflow.NilID, false
			}
			text, value = "ack "+string(role), id
		}
	case ActionRunbook:
		id, name, found := strings.Cut(a.Value, roleValueSep)
		if !found || name == "" || strings.ContainsAny(name, " \t") {
			return "", workflow.NilID, false
		}
		text, value = "runbook "+name, id
	case ActionSkip:
		var found bool
		if text, value, found = skipCommand(a.Value); !found {
			return "", workflow.NilID, false
		}
	case ActionContactAck:
		var found bool
		if text, value, found = contactAckCommand(a.Value); !found {
			return "", workflow.NilID, false
		}
	case ActionApprove, ActionRefuse:
		id, num, found := strings.Cut(a.Value, roleValueSep)
		n, err := strconv.Atoi(num)
		if !found || err != nil || n < 1 || strconv.Itoa(n) != num {
			return "", workflow.NilID, false
		}
		verb := "approve"
		if a.ActionID == ActionRefuse {
			verb = "refuse"
		}
		text, value = verb+" "+num, id
	case ActionStatementApprove, ActionStatementRefuse:
		var found bool
		if text, value, found = statementButton(a); !found { // statement.go
			return "", workflow.NilID, false
		}
	default:
		return "", workflow.NilID, false
	}
	id, err := workflow.ParseID(value)
	if err != nil || id == workflow.NilID {
		return "", workflow.NilID, false
	}
	return text, id, true
}

// submit runs a modal's form as the one-line command it stands for.
func (b *Bot) submit(ctx context.Context, cb slack.InteractionCallback, actor workflow.Actor) any {
	text, incident, fieldErrs := SubmissionText(cb.View.CallbackID, cb.View.State, cb.View.PrivateMetadata, b.lang)
	if len(fieldErrs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(fieldErrs)
	}
	if text == "" {
		return nil
	}
	// A person chosen in the form arrives as <@U…>: give it its name. The
	// key is of what was submitted, the name being looked up meanwhile.
	req := workflow.Request{Actor: actor, Lang: b.lang, Text: b.withNames(text), Key: viewKey(cb, text, incident)}
	replyChannel := ""
	if cb.View.CallbackID == CallbackOpen {
		replyChannel = cb.View.PrivateMetadata
	}
	if id, err := workflow.ParseID(incident); err == nil {
		req.Channel = workflow.Ref{ID: id}
	}
	err := b.apply(ctx, req, replyChannel, cb.User.ID, "")
	if m, ok := workflow.UserMessageOf(err); ok {
		// Shown on the form's first field (plain text): the person fixes it there.
		first := map[string]string{CallbackOpen: BlockTitle, CallbackDecision: BlockDecision, CallbackStatus: BlockConfirmed,
			CallbackVendor: BlockSymptom, CallbackStatement: BlockStatementText}[cb.View.CallbackID]
		return slack.NewErrorsViewSubmissionResponse(map[string]string{first: clipRunes(workflow.Render(b.lang, m), 2000)})
	}
	return nil
}

// apply executes req with its Slack effects queued in the same transaction,
// and the person's reply queued too: through responseURL if there is one,
// else as an ephemeral message in channel (the incident's when empty).
func (b *Bot) apply(ctx context.Context, req workflow.Request, channel, user, responseURL string) error {
	reply := func(q *queue, inc *workflow.Incident, text string, blocks ...slack.Block) {
		switch {
		case responseURL != "":
			q.add(respondQueue(), jobRespond{URL: responseURL, Text: text, Blocks: blocksOf(blocks)})
		case channel != "":
			q.add(channelQueue(channel), jobEphemeral{Channel: channel, User: user, Text: text, Blocks: blocksOf(blocks)})
		case inc != nil:
			q.add(incidentQueue(inc.ID), jobEphemeral{User: user, Text: text, Blocks: blocksOf(blocks)})
		}
	}
	replied := false
	req.InTx = func(tx workflow.Tx, r workflow.Reply) error {
		if err := b.queueEffects(tx, req, r, channel); err != nil {
			return err
		}
		if len(r.Lines) == 0 {
			// An opening calls in before its reply is written (the channel
			// comes first); the reply is queued after the commit below.
			return nil
		}
		q := &queue{tx: tx, now: b.now(), incident: r.Incident.ID}
		reply(q, r.Incident, renderLines(b.lang, r.Lines))
		replied = q.err == nil
		return q.err
	}
	r, err := b.svc.Execute(ctx, req)
	if err == nil {
		if !replied && len(r.Lines) > 0 && r.Incident != nil {
			qerr := b.store.Update(ctx, func(tx workflow.Tx) error {
				q := &queue{tx: tx, now: b.now(), incident: r.Incident.ID}
				reply(q, r.Incident, renderLines(b.lang, r.Lines))
				return q.err
			})
			if qerr != nil {
				b.log.Error("queue a reply", "err", qerr)
			}
		}
		b.Wake()
		return nil
	}
	if _, ok := workflow.UserMessageOf(err); !ok {
		b.problem(err, req.Actor) // logs it with an id
		return err
	}
	// Refused: nothing changed; tell the person why.
	text := b.problem(err, req.Actor)
	qerr := b.store.Update(ctx, func(tx workflow.Tx) error {
		q := &queue{tx: tx, now: b.now(), incident: req.Channel.ID}
		var inc *workflow.Incident
		if req.Channel.ID != workflow.NilID {
			inc = &workflow.Incident{ID: req.Channel.ID}
		}
		reply(q, inc, text, b.refusalBlocks(err, text)...) // checklist.go: "Move on anyway"
		return q.err
	})
	if qerr != nil {
		b.log.Error("queue a refusal", "err", qerr)
	}
	b.Wake()
	return err
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// runbooks lists the library's runbooks for the open form, by name.
func (b *Bot) runbooks() []workflow.Runbook {
	lib := b.svc.Library()
	if lib == nil {
		return nil
	}
	var out []workflow.Runbook
	for _, n := range lib.RunbookNames() {
		if rb, ok := lib.Runbook(n); ok {
			out = append(out, rb)
		}
	}
	return out
}
