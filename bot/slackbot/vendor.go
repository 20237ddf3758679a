package slackbot

// Vendors in Slack: a request posted in the vendor's shared channel, the
// request form that opens for "/incident vendor request <vendor>" typed
// without its parts (pre-filled from the incident), and the open form's
// choice of what the incident affects.

import (
	"context"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// CallbackVendor is the request form's callback id.
const CallbackVendor = "incident_vendor_request"

// Block ids of the request form's inputs, in the template's order, and of
// the open form's affects choice.
const (
	BlockSymptom   = "vendor_symptom"
	BlockBegan     = "vendor_began"
	BlockChanges   = "vendor_changes"
	BlockImpact    = "vendor_impact"
	BlockLogs      = "vendor_logs"
	BlockIsolation = "vendor_isolation"
	BlockAffects   = "open_affects"
)

// InputAffects is the action id of the open form's affects choice; a
// request form's input is its block id with "_input".
const InputAffects = "open_affects_select"

// vendorBlocks are the request form's blocks by part name (workflow's
// RequestPart names).
var vendorBlocks = map[string]string{
	"symptom": BlockSymptom, "began": BlockBegan, "changes": BlockChanges,
	"suspected_impact": BlockImpact, "logs": BlockLogs, "isolation": BlockIsolation,
}

// keyWordRE is a vendor, asset or component key as configured: what a form
// may write into a command.
var keyWordRE = regexp.MustCompile(`^[a-z0-9]+([-_][a-z0-9]+)*$`)

// VendorModal is the request form for vendor v on incident incidentID,
// each part filled with f (the incident's draft). The symptom is required.
func VendorModal(incidentID string, v workflow.Vendor, f workflow.VendorRequestFields, lang workflow.Lang) slack.ModalViewRequest {
	introKey := workflow.MsgKey("slack.modal.vendor.intro_email")
	if v.Channel != "" {
		introKey = "slack.modal.vendor.intro_channel"
	}
	blocks := []slack.Block{slack.NewContextBlock(BlockIntro, mrkdwn(tr(lang, introKey, workflow.Args{"vendor": v.Name.Localize(lang)}), contextLimit))}
	for _, p := range f.Parts() {
		block := vendorBlocks[p.Name]
		in := textInput(lang, block+"_input", workflow.MsgKey("slack.modal.vendor."+p.Name+"_ph"), p.Name != "began", workflow.FieldLimit).
			WithInitialValue(clipRunes(p.Value, workflow.FieldLimit))
		label := plain(workflow.Render(lang, workflow.M(workflow.MsgKey("vendor.field."+p.Name), nil)), labelLimit)
		ib := slack.NewInputBlock(block, label, nil, in)
		if p.Name != "symptom" {
			ib = ib.WithOptional(true)
		}
		blocks = append(blocks, ib)
	}
	return modal(lang, CallbackVendor, "slack.modal.vendor.title", "slack.modal.vendor.submit", incidentID+" "+v.Key, blocks)
}

// vendor reads the request form: "vendor request <key> symptom: … | …",
// each part neutralized and read back as the decision form is.
func (f *form) vendor(key string) string {
	var want workflow.VendorRequestFields
	vals := map[string]string{}
	for _, p := range want.Parts() {
		block := vendorBlocks[p.Name]
		vals[p.Name] = f.text(block, block+"_input", p.Name == "symptom")
	}
	if len(f.errs) > 0 {
		return ""
	}
	var parts []string
	for _, p := range want.Parts() {
		v := neutralizeBars(vals[p.Name])
		vals[p.Name] = v
		if v != "" {
			parts = append(parts, labelOf(p.Name)+": "+grammarEscape(v))
		}
	}
	text := "vendor request " + key + " " + strings.Join(parts, " | ")
	cmd, err := workflow.Parse(text, workflow.DefaultScale())
	if err != nil || cmd.Verb != workflow.VerbVendor || cmd.Key != key || !cmd.Ref.IsZero() {
		f.unreadable(BlockSymptom)
		return text
	}
	for _, p := range cmd.VendorRequest.Parts() {
		if p.Value != vals[p.Name] {
			f.unreadable(vendorBlocks[p.Name])
		}
	}
	return text
}

// labelOf is the English label the form writes for a part.
func labelOf(part string) string {
	if part == "suspected_impact" {
		return "impact"
	}
	return part
}

// vendorFormFor reports whether text is a request typed without its parts
// ("vendor request hosting", "vendor #3 request hosting"), which opens the
// form instead.
func vendorFormFor(text string, scale workflow.Scale) (workflow.Command, bool) {
	cmd, err := workflow.Parse(text, scale)
	if err != nil || cmd.Verb != workflow.VerbVendor || cmd.VendorAction != workflow.ActionRequest || !cmd.VendorRequest.IsZero() {
		return workflow.Command{}, false
	}
	return cmd, true
}

// openVendorModal opens the request form, pre-filled from the incident.
// Like every form it is the one call before the ack; if it fails, the
// person gets the one-line form.
func (b *Bot) openVendorModal(ctx context.Context, sc slack.SlashCommand, cmd workflow.Command, channel workflow.Ref) *slack.Msg {
	actor := b.actor(sc.TeamID, sc.UserID, sc.UserName)
	d, err := b.svc.VendorRequestDraft(ctx, workflow.Request{Actor: actor, Lang: b.lang, Channel: channel}, cmd.Ref, cmd.Key)
	if err != nil {
		return b.ephemeral(b.problem(err, actor))
	}
	if err := b.openView(ctx, sc.TriggerID, VendorModal(d.Incident.ID.String(), d.Vendor, d.Fields, b.lang)); err != nil {
		return b.ephemeral(b.text("slack.modal_failed", workflow.Args{"usage": workflow.Render(b.lang, workflow.UsageMsg(workflow.VerbVendor))}))
	}
	return nil
}

// WithAffects adds to the open form an optional choice of what the
// incident affects: the ledger's assets, then its components.
func WithAffects(view slack.ModalViewRequest, ledger workflow.Ledger, lang workflow.Lang) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	add := func(key, label string) {
		if len(opts) < 100 && keyWordRE.MatchString(key) { // Slack's limit for a static select
			opts = append(opts, slack.NewOptionBlockObject(key, plain(label, optionTextLimit), nil))
		}
	}
	for _, a := range ledger.Assets {
		add(a.Key, trPlain(lang, "slack.modal.affects_asset", workflow.Args{"name": a.Name.Localize(lang), "key": a.Key}))
	}
	for _, c := range ledger.Components() {
		add(c, trPlain(lang, "slack.modal.affects_component", workflow.Args{"key": c}))
	}
	if len(opts) == 0 {
		return view
	}
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain(trPlain(lang, "slack.modal.affects_ph", nil), placeholderLimit), InputAffects, opts...)
	view.Blocks.BlockSet = append(view.Blocks.BlockSet, slack.NewInputBlock(BlockAffects, plain(trPlain(lang, "slack.modal.affects", nil), labelLimit),
		plain(trPlain(lang, "slack.modal.affects_hint", nil), hintLimit), sel).WithOptional(true))
	return view
}

// affects reads the open form's choice of what the incident affects.
func (f *form) affects() []string {
	a, ok := f.action(BlockAffects, InputAffects)
	if !ok {
		return nil
	}
	var keys []string
	for _, o := range a.SelectedOptions {
		if !keyWordRE.MatchString(o.Value) {
			f.errs[BlockAffects] = trPlain(f.lang, "slack.modal.err.affects", nil)
			return nil
		}
		keys = append(keys, o.Value)
	}
	return keys
}

// notifyVendor posts a request in the vendor's shared channel: its contacts
// mentioned (mentions the adapter builds from their ids), the six parts of
// the template, and the agreed times.
func (b *Bot) notifyVendor(q *noticeQueue, n workflow.Notice) {
	v := n.Vendor
	if v == nil || !isSlackID(v.Channel, "CG") {
		b.log.Warn("slack notify: a vendor request without a channel to post in", "incident", n.Incident.ID.String())
		return
	}
	q.add(channelQueue(v.Channel), jobVendorPost{Channel: v.Channel, Text: b.vendorPostText(n)})
}

// vendorPostText is the request as posted in the vendor's channel.
func (b *Bot) vendorPostText(n workflow.Notice) string {
	v := n.Vendor
	lang := b.lang
	var who []string
	for _, id := range v.Contacts {
		who = append(who, string(personMention(workflow.Person{ID: id})))
	}
	args := workflow.Args{"who": markup(strings.Join(who, " ")), "ref": n.Incident.Ref(), "vendor": v.Name.Localize(lang),
		"at": workflow.When{T: v.Requested, Loc: b.loc}}
	head := "slack.vendor.request"
	if v.FollowUp {
		head = "slack.vendor.followup"
	}
	lines := []string{b.text(workflow.MsgKey(head), args)}
	for _, p := range v.Fields.Parts() {
		value := markup(tr(lang, "slack.card.empty", nil))
		if strings.TrimSpace(p.Value) != "" {
			value = markup(clipMrkdwn(p.Value, sectionLimit))
		}
		label := workflow.Render(lang, workflow.M(workflow.MsgKey("vendor.field."+p.Name), nil))
		lines = append(lines, b.text("slack.vendor.field", workflow.Args{"label": label, "value": value}))
	}
	times := workflow.Args{"respond": workflow.Span(v.RespondWithin).Localize(lang), "report": workflow.Span(v.ReportWithin).Localize(lang)}
	switch {
	case v.RespondWithin > 0 && v.ReportWithin > 0:
		lines = append(lines, b.text("slack.vendor.ask_both", times))
	case v.ReportWithin > 0:
		lines = append(lines, b.text("slack.vendor.ask_report", times))
	case v.RespondWithin > 0:
		lines = append(lines, b.text("slack.vendor.ask_respond", times))
	default:
		lines = append(lines, b.text("slack.vendor.ask_none", nil))
	}
	return strings.Join(lines, "\n")
}

// jobVendorPost posts a request in a vendor's shared channel. It is a post
// like any other, of its own kind so that a failure on the timeline says
// it was the request that did not arrive.
type jobVendorPost struct {
	Channel string `json:"channel"`
	Text    string `json:"text"`
}

func (jobVendorPost) kind() string { return "slack.vendor_request" }
