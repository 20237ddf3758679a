package workflow

import (
	"strings"
	"time"
)

// How each kind of event reads as one line of the report's readable
// timeline: what happened, in words ("raised the severity from Medium to
// High: form data may be exposed"). The report puts the time and who
// recorded it before the sentence. The registry (kinds.go) gives every kind
// its sentence, so a new kind cannot reach the report without one.

// SayContext is what a sentence may need besides its payload.
type SayContext struct {
	Scale Scale          // names the levels, and tells a raise from a lowering
	Loc   *time.Location // the zone a time in the sentence is shown in
	// Decision is, for a decision event, its number among the incident's
	// decisions (the payload does not carry it).
	Decision int
	// Asks are the vendors the incident asked (Incident.Asks): a vendor's
	// answer or clock names the vendor and weighs the time against the
	// agreed one.
	Asks []VendorAsk
}

// ask is the vendor asked under key; a vendor not found is named by its key.
func (c SayContext) ask(key string) VendorAsk {
	for _, a := range c.Asks {
		if a.Vendor == key {
			return a
		}
	}
	return VendorAsk{Vendor: key, Name: Text{En: key}}
}

func (c SayContext) when(t time.Time) When {
	loc := c.Loc
	if loc == nil {
		loc = time.UTC
	}
	return When{T: t, Loc: loc}
}

// tail is an optional ending: ": reason", or nothing when the text is empty.
type tail string

func (t tail) Localize(Lang) string {
	if strings.TrimSpace(string(t)) == "" {
		return ""
	}
	return ": " + string(t)
}

// pairs is "label: value" for each value given, one after the other: the
// fields a correction or an update changed.
type pairs []pair

type pair struct {
	label MsgKey
	value Localizer
}

func (ps pairs) Localize(l Lang) string {
	sep := "; "
	if l == Japanese {
		sep = "、"
	}
	var out []string
	for _, p := range ps {
		out = append(out, Render(l, M(p.label, nil))+": "+p.value.Localize(l))
	}
	return strings.Join(out, sep)
}

// add appends label: value when value is not empty.
func (ps pairs) add(label MsgKey, value string) pairs {
	if strings.TrimSpace(value) == "" {
		return ps
	}
	return append(ps, pair{label, text(value)})
}

// details is a list of short clauses in parentheses, or nothing when empty.
type details []Msg

func (d details) Localize(l Lang) string {
	if len(d) == 0 {
		return ""
	}
	if l == Japanese {
		return "（" + joined(d).Localize(l) + "）"
	}
	return " (" + joined(d).Localize(l) + ")"
}

func sayOpened(p Opened, c SayContext) Msg {
	key := MsgKey("say.opened")
	if p.Drill {
		key = "say.opened_drill"
	}
	return M(key, Args{"severity": c.Scale.Level(p.Severity), "title": p.Title})
}

func saySeverity(p SeverityChanged, c SayContext) Msg {
	key := MsgKey("say.sev_raised")
	if c.Scale.Rank(p.To) < c.Scale.Rank(p.From) {
		key = "say.sev_lowered"
	}
	return M(key, Args{"from": c.Scale.Level(p.From), "to": c.Scale.Level(p.To), "reason": tail(p.Reason)})
}

func sayRole(p RoleAssigned, _ SayContext) Msg {
	if p.From.IsZero() {
		return M("say.assigned", Args{"role": p.Role, "to": p.To})
	}
	return M("say.handover", Args{"role": p.Role, "from": p.From, "to": p.To})
}

func sayPhase(p PhaseChanged, _ SayContext) Msg {
	args := Args{"from": p.From, "to": p.To, "reason": tail(p.Reason)}
	switch p.Move {
	case MoveForward, MoveBack, MoveClose, MoveFalseAlarm, MoveReopen:
		return M(MsgKey("say.move."+string(p.Move)), args)
	}
	return M("say.move.other", args) // a move this version does not know
}

// decided is who decided a decision and when, when it was said.
func decided(f DecisionFields, c SayContext) details {
	var d details
	if !f.DecidedBy.IsZero() {
		d = append(d, M("say.decided_by", Args{"by": f.DecidedBy}))
	}
	if !f.DecidedAt.IsZero() {
		d = append(d, M("say.decided_at", Args{"at": c.when(f.DecidedAt)}))
	}
	return d
}

func sayDecision(p DecisionRecorded, c SayContext) Msg {
	d := decided(p.DecisionFields, c)
	if p.Stop != "" {
		d = append(d, M("say.stops", Args{"stop": p.Stop}))
	}
	return M("say.decision", Args{"n": c.Decision, "decision": p.Decision, "why": p.Why, "details": d})
}

func sayAmendment(p Amended, c SayContext) Msg {
	ps := pairs{}.add("say.f.decision", p.Decision).add("say.f.why", p.Why).add("say.f.action", p.Action).add("say.f.next", p.Next)
	if !p.DecidedBy.IsZero() {
		ps = append(ps, pair{"say.f.by", p.DecidedBy})
	}
	if !p.DecidedAt.IsZero() {
		ps = append(ps, pair{"say.f.at", c.when(p.DecidedAt)})
	}
	return M("say.amendment", Args{"n": p.Of, "changes": ps})
}

func sayStatus(p StatusPosted, _ SayContext) Msg {
	return M("say.status", Args{"confirmed": text(p.Confirmed), "unconfirmed": text(p.Unconfirmed), "next": text(p.Next)})
}

func sayNote(p NoteLogged, _ SayContext) Msg { return M("say.note", Args{"text": p.Text}) }

func sayPostmortem(p PostmortemUpdated, _ SayContext) Msg {
	ps := pairs{}.add("say.f.cause", p.Cause).add("say.f.impact", p.Impact).add("say.f.prevention", p.Prevention).add("say.f.open", p.Open)
	return M("say.postmortem", Args{"changes": ps})
}

func sayScope(p ScopeSet, _ SayContext) Msg {
	ps := pairs{}.add("say.f.affected", p.Affected)
	if p.Records != nil {
		ps = append(ps, pair{"say.f.records", count(*p.Records)})
	}
	ps = ps.add("say.f.data", p.Data).add("say.f.systems", p.Systems)
	return M("say.scope", Args{"changes": ps})
}

func sayRedaction(p Redaction, _ SayContext) Msg {
	return M("say.redaction", Args{"seq": p.Seq, "reason": tail(p.Reason)})
}

func sayStopRequested(p StopRequested, _ SayContext) Msg {
	return M("say.stop_requested", Args{"n": p.Decision})
}

func sayStopApproved(p StopApproved, c SayContext) Msg {
	switch p.Basis {
	case StopByPolicy:
		return M("say.stop_may_stop", Args{"n": p.Decision, "level": c.Scale.Level(p.Level)})
	case StopByAuthority:
		return M("say.stop_by_author", Args{"n": p.Decision})
	}
	return M("say.stop_approved", Args{"n": p.Decision})
}

func sayStopRefused(p StopRefused, _ SayContext) Msg {
	return M("say.stop_refused", Args{"n": p.Decision, "reason": tail(p.Reason)})
}

// chainPosition is where a chain stood: primary, secondary, final, round n.
func chainPosition(link, round int) Msg {
	pos := M("say.link.n", Args{"n": link + 1})
	if link >= 0 && link <= 2 {
		pos = M(MsgKey("say.link."+string(rune('0'+link))), nil)
	}
	if round > 0 {
		return M("say.link_round", Args{"position": pos, "round": round + 1})
	}
	return pos
}

func sayNotified(p Notified, _ SayContext) Msg {
	who := Localizer(p.Person)
	if p.Person.IsZero() {
		who = text(p.Target)
	}
	var d details
	if p.Role != "" {
		d = append(d, M("say.on_call", Args{"role": p.Role}))
	}
	if p.Chase {
		d = append(d, chainPosition(p.Link, p.Round))
	}
	switch p.Reason {
	case "opened", "raised", "timer", "escalated":
		d = append(d, M(MsgKey("say.why."+p.Reason), nil))
	}
	if p.Page {
		d = append(d, M("say.paged", nil))
	}
	key := MsgKey("say.notified")
	if p.Simulated {
		key = "say.notified_drill"
		d = append(notSent(true), d...)
	}
	return M(key, Args{"who": who, "details": d})
}

func sayAcknowledged(p Acknowledged, _ SayContext) Msg {
	return M("say.acknowledged", Args{"role": p.Role, "after": Span(p.After)})
}

func sayEscalated(p Escalated, _ SayContext) Msg {
	return M("say.escalated", Args{"reason": tail(p.Reason)})
}

func sayEscalationCancelled(p EscalationCancelled, _ SayContext) Msg {
	why := M("say.cancel.other", nil)
	switch p.Reason {
	case CancelLowered, CancelClosed:
		why = M(MsgKey("say.cancel."+p.Reason), nil)
	}
	return M("say.escalation_cancelled", Args{"role": p.Role, "why": why})
}

func sayEscalationExhausted(p EscalationExhausted, _ SayContext) Msg {
	key := MsgKey("say.escalation_exhausted")
	if p.Simulated {
		key = "say.escalation_exhausted_drill"
	}
	return M(key, Args{"role": p.Role, "rounds": max(p.Rounds, 1), "who": p.Mention})
}

func sayReminded(p Reminded, _ SayContext) Msg {
	key := MsgKey("say.reminded_status")
	if p.Duty == ReminderUnassigned {
		key = "say.reminded_unassigned"
	}
	d := notSent(p.Simulated)
	return M(key, Args{"who": p.Person, "role": p.Role, "details": d})
}

func sayPinned(p MessagePinned, _ SayContext) Msg {
	return M("say.pinned", Args{"author": p.Author, "text": p.Text})
}

func sayPinRetracted(p PinRetracted, _ SayContext) Msg {
	return M("say.pin_retracted", Args{"seq": p.Of})
}

func sayDeliveryFailed(p DeliveryFailed, _ SayContext) Msg {
	return M("say.delivery_failed", Args{"what": p.What, "error": p.Error})
}

func sayDelivered(p Delivered, _ SayContext) Msg { return M("say.delivered", Args{"what": p.What}) }

func sayRunbook(p RunbookAttached, _ SayContext) Msg {
	key := MsgKey("say.runbook")
	if p.Suggested {
		key = "say.runbook_suggested"
	}
	return M(key, Args{"title": p.Title, "name": p.Name})
}

func sayTicked(p ChecklistTicked, _ SayContext) Msg {
	return M("say.ticked", Args{"phase": p.Phase, "n": p.Item, "text": p.Text})
}

func sayUnticked(p ChecklistUnticked, _ SayContext) Msg {
	return M("say.unticked", Args{"phase": p.Phase, "n": p.Item, "text": p.Text})
}

func saySkipped(p ChecklistSkipped, _ SayContext) Msg {
	return M("say.skipped", Args{"phase": p.Phase, "count": len(p.Items)})
}

func sayDrillStarted(p DrillStarted, _ SayContext) Msg {
	return M("say.drill_started", Args{"title": p.Title, "scenario": p.Scenario, "speed": max(p.Speed, 1)})
}

func sayInject(p InjectPosted, _ SayContext) Msg {
	return M("say.inject", Args{"n": p.Index, "text": p.Text})
}

func sayExpectationMet(p ExpectationMet, _ SayContext) Msg {
	return M("say.expectation_met", Args{"n": p.Index})
}

func sayExpectationMissed(p ExpectationMissed, _ SayContext) Msg {
	return M("say.expectation_missed", Args{"n": p.Index})
}

func sayFinding(p FindingRecorded, _ SayContext) Msg {
	var d details
	if !p.Owner.IsZero() {
		d = append(d, M("say.owner", Args{"owner": p.Owner}))
	}
	if p.Due != "" {
		d = append(d, M("say.due", Args{"due": p.Due}))
	}
	return M("say.finding", Args{"text": p.Text, "details": d})
}

func sayDrillEnded(p DrillEnded, _ SayContext) Msg {
	why := M("say.drill_end.other", nil)
	switch p.Reason {
	case DrillEndCommand, DrillEndScenario, DrillEndClosed:
		why = M(MsgKey("say.drill_end."+p.Reason), nil)
	}
	return M("say.drill_ended", Args{"why": why})
}

func sayAffects(p AffectsChanged, _ SayContext) Msg {
	var ps pairs
	if len(p.Added) > 0 {
		ps = append(ps, pair{"say.f.added", keyWords(p.Added)})
	}
	if len(p.Removed) > 0 {
		ps = append(ps, pair{"say.f.removed", keyWords(p.Removed)})
	}
	return M("say.affects", Args{"changes": ps})
}

// keyWords are keys (of assets, components) listed in a sentence.
type keyWords []string

func (w keyWords) Localize(l Lang) string {
	if l == Japanese {
		return strings.Join(w, "、")
	}
	return strings.Join(w, ", ")
}

// agreed is a request's agreed times, as details of its line.
func agreed(respond, report time.Duration) details {
	var d details
	if respond > 0 {
		d = append(d, M("say.respond_within", Args{"within": Span(respond)}))
	}
	if report > 0 {
		d = append(d, M("say.report_within", Args{"within": Span(report)}))
	}
	return d
}

func sayVendorRequested(p VendorRequested, _ SayContext) Msg {
	how := M("say.via_email", nil)
	if p.Channel != "" {
		how = M("say.via_channel", nil)
	}
	d := details{how}
	if p.Simulated {
		d = notSent(true)
	}
	key := MsgKey("say.vendor_request")
	switch {
	case p.FollowUp:
		key = "say.vendor_followup"
	case p.Simulated:
		key = "say.vendor_request_drill"
	}
	if !p.FollowUp {
		d = append(d, agreed(p.RespondWithin, p.ReportWithin)...)
	}
	return M(key, Args{"vendor": p.Name, "details": d, "symptom": tail(p.Symptom)})
}

func sayVendorReplied(p VendorReplied, c SayContext) Msg {
	a := c.ask(p.Vendor)
	return M("say.vendor_replied", Args{"vendor": a.Name, "after": Span(p.After), "verdict": verdict(p.After, a.RespondWithin), "note": tail(p.Note)})
}

func sayVendorReported(p VendorReported, c SayContext) Msg {
	a := c.ask(p.Vendor)
	return M("say.vendor_reported", Args{"vendor": a.Name, "after": Span(p.After), "verdict": verdict(p.After, a.ReportWithin), "note": tail(p.Note)})
}

func sayVendorClockMissed(p VendorClockMissed, c SayContext) Msg {
	key := MsgKey("say.vendor_missed_respond")
	if p.Clock == ClockReport {
		key = "say.vendor_missed_report"
	}
	d := notSent(p.Simulated)
	return M(key, Args{"vendor": c.ask(p.Vendor).Name, "within": Span(p.Within), "who": p.Person, "details": d})
}

func sayVendorReminded(p VendorReminded, c SayContext) Msg {
	key := MsgKey("say.vendor_still_respond")
	if p.Clock == ClockReport {
		key = "say.vendor_still_report"
	}
	d := notSent(p.Simulated)
	return M(key, Args{"vendor": c.ask(p.Vendor).Name, "waiting": Span(p.Waiting), "who": p.Person, "details": d})
}

// notSent is the "drill, not sent" detail a simulated send carries, or
// nothing for a real one: every line that may have been held back by a
// drill says it the same way.
func notSent(simulated bool) details {
	if !simulated {
		return nil
	}
	return details{M("say.not_sent", nil)}
}
