package workflow

import (
	"context"
	"errors"
	"strings"
	"time"
)

// The verbs of vendors, the responsibility matrix and the first-hour kit:
//
//	who [component|item|vendor|asset]   the matrix rows and whom to call
//	kit [asset]                         contacts by role, vendors, recovery memo
//	vendor request <vendor> [fields]    a request in the agreed template
//	vendor replied|reported <vendor> [note]
//	vendors                             the vendors asked, with their clocks
//	affects <asset|component>… [-key]   what the incident touches

// ---- parsing ----

// optionalKey: who [key], kit [asset]
func (p *parser) optionalKey(rest string) error {
	w, err := p.lone(rest)
	p.cmd.Key = w
	return err
}

// What vendor does (Command.VendorAction).
const (
	ActionRequest  = "request"
	ActionReplied  = "replied"
	ActionReported = "reported"
)

// vendor: vendor request <vendor> [symptom: … | began: … | …] | vendor replied|reported <vendor> [note]
func (p *parser) vendor(rest string) error {
	w, after := cutWord(rest, false)
	switch a := asciiLower(w); a {
	case ActionRequest, ActionReplied, ActionReported:
		p.cmd.VendorAction = a
	case "":
		return p.fail("err.vendor_action_missing", nil)
	default:
		return p.fail("err.vendor_action", Args{"word": w})
	}
	key, after := cutWord(after, true)
	if key == "" {
		return p.fail("err.vendor_missing", nil)
	}
	p.cmd.Key = key
	if p.cmd.VendorAction != ActionRequest {
		var err error
		p.cmd.Note, err = p.text(after, "note", false)
		return err
	}
	if strings.TrimSpace(after) == "" {
		return nil // the service fills the request from the incident
	}
	vals, err := p.labelled(after)
	if err != nil {
		return err
	}
	p.cmd.VendorRequest = VendorRequestFields{Symptom: vals["symptom"], Began: vals["began"], Changes: vals["changes"],
		Impact: vals["suspected_impact"], Logs: vals["logs"], Isolation: vals["isolation"]}
	return nil
}

// affects: affects <key> [<key> …], -key takes one off; commas separate too.
func (p *parser) affects(rest string) error {
	for _, w := range words(rest) {
		for _, k := range splitKeys(w.s) {
			if r, ok := strings.CutPrefix(k, "-"); ok {
				if r != "" {
					p.cmd.Unaffects = append(p.cmd.Unaffects, r)
				}
				continue
			}
			p.cmd.Affects = append(p.cmd.Affects, k)
		}
	}
	if len(p.cmd.Affects)+len(p.cmd.Unaffects) == 0 {
		return p.fail("err.affects_missing", nil)
	}
	return nil
}

// splitKeys splits a word at commas (, ， 、).
func splitKeys(w string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(w, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// ---- what the incident touches ----

func (s *Service) decideAffects(inc *Incident, cmd Command) ([]Draft, error) {
	p, err := s.affectsChange(inc.Ref(), inc.Affects, cmd.Affects, cmd.Unaffects)
	if err != nil {
		return nil, err
	}
	return []Draft{{Payload: p}}, nil
}

// affectsChange checks keys to add and take off against the ledger and
// what is recorded (current), and returns the change with the matrix's
// word on every component touched afterwards.
func (s *Service) affectsChange(ref Ref, current, add, remove []string) (AffectsChanged, error) {
	l := s.ledger
	known := l.knownKeys()
	if len(known) == 0 {
		return AffectsChanged{}, Problemf(ErrInvalid, "err.ledger_empty", nil)
	}
	var p AffectsChanged
	now := append([]string(nil), current...)
	for _, w := range add {
		k, ok := l.assetOrComponent(w)
		if !ok {
			return AffectsChanged{}, Problemf(ErrInvalid, "err.affects_unknown", Args{"word": w, "keys": strings.Join(known, ", ")})
		}
		if !containsKey(now, k) {
			now = append(now, k)
			p.Added = append(p.Added, k)
		}
	}
	for _, w := range remove {
		i := indexKey(now, w)
		if i < 0 {
			return AffectsChanged{}, Problemf(ErrInvalid, "err.affects_not_recorded", Args{"word": w, "recorded": keyList(current)})
		}
		p.Removed = append(p.Removed, now[i])
		now = append(now[:i], now[i+1:]...)
	}
	if len(p.Added)+len(p.Removed) == 0 {
		return AffectsChanged{}, Problemf(ErrInvalid, "err.affects_unchanged", Args{"ref": ref, "recorded": keyList(current)})
	}
	p.Now = l.OwnersOf(l.Expand(now))
	return p, nil
}

// assetOrComponent is the key w names, as configured.
func (l Ledger) assetOrComponent(w string) (string, bool) {
	if a, ok := l.Asset(w); ok {
		return a.Key, true
	}
	return l.Component(w)
}

// knownKeys lists the assets, then the components.
func (l Ledger) knownKeys() []string {
	var out []string
	for _, a := range l.Assets {
		out = append(out, a.Key)
	}
	return append(out, l.Components()...)
}

func indexKey(list []string, k string) int {
	for i, x := range list {
		if asciiEqualFold(x, k) {
			return i
		}
	}
	return -1
}

func containsKey(list []string, k string) bool { return indexKey(list, k) >= 0 }

// keyList shows keys for people; "—" when there are none.
func keyList(keys []string) text { return text(strings.Join(keys, ", ")) }

func (s *Service) confirmAffects(inc *Incident, _ Command, events []Event, a Args) []Msg {
	p, _ := events[len(events)-1].Payload()
	x, _ := p.(AffectsChanged)
	a["keys"], a["components"] = keyList(inc.Affects), keyList(componentsOf(x.Now))
	lines := []Msg{M("affects.done", a)}
	for _, o := range x.Now {
		if len(o.Rows) == 0 {
			lines = append(lines, M("affects.no_rows", Args{"component": o.Component}))
		}
	}
	return append(lines, M("affects.next", Args{"ref": inc.Ref()}))
}

func componentsOf(os []Owners) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Component
	}
	return out
}

// ---- requests to vendors ----

func (s *Service) decideVendor(tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
	v, err := s.vendor(cmd.Key)
	if err != nil {
		return nil, err
	}
	a, asked := inc.Ask(v.Key)
	switch cmd.VendorAction {
	case ActionRequest:
		f := cmd.VendorRequest
		if f.IsZero() {
			events, err := tx.Events(inc.ID)
			if err != nil {
				return nil, err
			}
			f = RequestDraft(inc, events, s.loc)
		}
		p := VendorRequested{Vendor: v.Key, Name: v.Name, VendorRequestFields: f, FollowUp: asked,
			Channel: v.Channel, Contacts: v.Contacts, Email: v.Email, Simulated: inc.Drill}
		if !asked {
			p.RespondWithin, p.ReportWithin = v.RespondWithin, v.ReportWithin
		}
		return []Draft{{Subject: v.Key, Payload: p}}, nil
	case ActionReplied, ActionReported:
		if !asked {
			return nil, Problemf(ErrInvalid, "err.vendor_not_asked", Args{"ref": inc.Ref(), "vendor": v.Name, "key": v.Key})
		}
		after := inc.DrillSpan(e.now.Sub(a.Requested))
		if cmd.VendorAction == ActionReported {
			if !a.Reported.IsZero() {
				return nil, Problemf(ErrInvalid, "err.vendor_reported_already", Args{"ref": inc.Ref(), "vendor": v.Name, "at": When{a.Reported, e.loc}})
			}
			return []Draft{{Subject: v.Key, Payload: VendorReported{Vendor: v.Key, Note: cmd.Note, After: after}}}, nil
		}
		if a.Answered() {
			return nil, Problemf(ErrInvalid, "err.vendor_replied_already", Args{"ref": inc.Ref(), "vendor": v.Name,
				"at": When{firstOf(a.Replied, a.Reported), e.loc}, "key": v.Key})
		}
		return []Draft{{Subject: v.Key, Payload: VendorReplied{Vendor: v.Key, Note: cmd.Note, After: after}}}, nil
	}
	return nil, Problemf(ErrInvalid, "err.vendor_action", Args{"word": cmd.VendorAction, "usage": UsageMsg(VerbVendor)})
}

func firstOf(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// vendor finds a vendor of the registry by the key typed.
func (s *Service) vendor(key string) (Vendor, error) {
	if v, ok := s.ledger.Vendor(key); ok {
		return v, nil
	}
	if len(s.ledger.Vendors) == 0 {
		return Vendor{}, Problemf(ErrInvalid, "err.vendor_none", Args{"word": key})
	}
	return Vendor{}, Problemf(ErrInvalid, "err.vendor_unknown", Args{"word": key, "vendors": s.ledger.vendorKeys()})
}

func (l Ledger) vendorKeys() string {
	keys := make([]string, len(l.Vendors))
	for i, v := range l.Vendors {
		keys[i] = v.Key
	}
	return strings.Join(keys, ", ")
}

// RequestDraft fills a request to a vendor from the incident: the symptom
// from the title and the latest confirmed status, when it began from the
// start time, the impact hypothesis from the unconfirmed box, and the
// isolation done from the decisions' actions (or, where a decision has no
// action, what it stops). Recent changes and where the logs are have no
// place in the record: the responder writes them.
func RequestDraft(inc *Incident, events []Event, loc *time.Location) VendorRequestFields {
	f := VendorRequestFields{Symptom: inc.Title, Began: When{inc.StartedAt, loc}.Localize(English)}
	if st := inc.Status; st != nil && !st.Redacted {
		if st.Confirmed != "" {
			f.Symptom += " — " + st.Confirmed
		}
		f.Impact = st.Unconfirmed
	}
	type entry struct {
		fields DecisionFields
		stop   string
		gone   bool
	}
	var decisions []entry
	for _, e := range events {
		if e.Kind == EventDecision && e.Redacted {
			decisions = append(decisions, entry{gone: true})
			continue
		}
		p, err := e.Payload()
		if err != nil || p == nil {
			continue
		}
		switch x := p.(type) {
		case DecisionRecorded:
			decisions = append(decisions, entry{fields: x.DecisionFields, stop: x.Stop})
		case Amended:
			if x.Of >= 1 && x.Of <= len(decisions) && !decisions[x.Of-1].gone {
				decisions[x.Of-1].fields = MergeDecision(decisions[x.Of-1].fields, x.DecisionFields)
			}
		}
	}
	var done []string
	for _, d := range decisions {
		switch {
		case d.gone:
		case d.fields.Action != "":
			done = append(done, d.fields.Action)
		case d.stop != "":
			done = append(done, d.fields.Decision)
		}
	}
	f.Isolation = strings.Join(done, "; ")
	for _, p := range []*string{&f.Symptom, &f.Isolation} {
		if r := []rune(*p); len(r) > FieldLimit {
			*p = string(r[:FieldLimit-1]) + "…"
		}
	}
	return f
}

// VendorDraft is what a request form shows before it is sent.
type VendorDraft struct {
	Incident *Incident
	Vendor   Vendor
	Fields   VendorRequestFields
}

// VendorRequestDraft resolves the incident of req (ref, else the
// request's channel, else the only open one) and the vendor key names, and
// fills the request from the incident (RequestDraft), for a form to edit.
func (s *Service) VendorRequestDraft(ctx context.Context, req Request, ref Ref, key string) (VendorDraft, error) {
	v, err := s.vendor(key)
	if err != nil {
		return VendorDraft{}, err
	}
	var d VendorDraft
	err = s.store.View(ctx, func(tx ReadTx) error {
		inc, err := s.resolve(tx, req, Command{Verb: VerbVendor, Ref: ref})
		if err != nil {
			return err
		}
		if inc.IsClosed() {
			return Problemf(ErrClosed, "err.closed", Args{"ref": inc.Ref()})
		}
		events, err := tx.Events(inc.ID)
		if err != nil {
			return err
		}
		d = VendorDraft{Incident: inc, Vendor: v, Fields: RequestDraft(inc, events, s.loc)}
		return nil
	})
	return d, err
}

func (s *Service) confirmVendor(inc *Incident, cmd Command, events []Event, a Args) []Msg {
	p, _ := events[0].Payload()
	switch x := p.(type) {
	case VendorRequested:
		return s.requestLines(inc, x, events[0], cmd.VendorRequest.IsZero(), a)
	case VendorReplied:
		ask, _ := inc.Ask(x.Vendor)
		a["vendor"], a["after"], a["verdict"] = ask.Name, Span(x.After), verdict(x.After, ask.RespondWithin)
		return []Msg{M("vendor.replied", a)}
	case VendorReported:
		ask, _ := inc.Ask(x.Vendor)
		a["vendor"], a["after"], a["verdict"] = ask.Name, Span(x.After), verdict(x.After, ask.ReportWithin)
		return []Msg{M("vendor.reported", a)}
	}
	return []Msg{M("done", a)}
}

// requestLines answer a request: what was recorded, where it went (or, in a
// drill, would have gone), the clocks, and without a channel the text to
// send by email.
func (s *Service) requestLines(inc *Incident, x VendorRequested, ev Event, filled bool, a Args) []Msg {
	ask, _ := inc.Ask(x.Vendor)
	a["vendor"], a["key"] = x.Name, x.Vendor
	a["seq"] = ev.Seq
	var lines []Msg
	if x.FollowUp {
		a["at"] = When{ask.Requested, s.loc}
		lines = append(lines, M("vendor.followup", a))
	} else {
		lines = append(lines, M("vendor.requested", a))
	}
	switch {
	case x.Simulated && x.Channel != "":
		lines = append(lines, M("vendor.drill_channel", nil))
	case x.Simulated:
		lines = append(lines, M("vendor.drill_email", nil))
	case x.Channel != "":
		lines = append(lines, M("vendor.posted", Args{"contacts": len(x.Contacts)}))
	}
	if !x.FollowUp {
		lines = append(lines, s.clockLines(inc, ask)...)
	}
	if filled {
		lines = append(lines, M("vendor.filled", Args{"ref": inc.Ref(), "key": x.Vendor}))
	}
	if x.Channel == "" {
		v, _ := s.ledger.Vendor(x.Vendor)
		to := Msg(M("vendor.email_to", Args{"email": x.Email}))
		if x.Email == "" {
			to = M("vendor.email_to_none", nil)
		}
		lines = append(lines, M("vendor.email_head", Args{"vendor": x.Name, "to": to, "reach": reachOf(v)}))
		lines = append(lines, RequestText(inc.Ref(), x.Name, x.VendorRequestFields, ask.RespondWithin, ask.ReportWithin)...)
	}
	return lines
}

// clockLines say when the vendor's answers are due.
func (s *Service) clockLines(inc *Incident, a VendorAsk) []Msg {
	var out []Msg
	if a.RespondWithin > 0 {
		out = append(out, M("vendor.clock_respond", Args{"by": When{a.Requested.Add(inc.RealSpan(a.RespondWithin)), s.loc}, "within": Span(a.RespondWithin)}))
	} else {
		out = append(out, M("vendor.clock_respond_none", nil))
	}
	if a.ReportWithin > 0 {
		out = append(out, M("vendor.clock_report", Args{"by": When{a.Requested.Add(inc.RealSpan(a.ReportWithin)), s.loc}, "within": Span(a.ReportWithin)}))
	}
	return out
}

// RequestText is a request to a vendor as text to send: a subject line,
// the six parts of the template, and the agreed times.
func RequestText(ref Ref, vendor Text, f VendorRequestFields, respond, report time.Duration) []Msg {
	lines := []Msg{M("vendor.email_subject", Args{"ref": ref, "vendor": vendor})}
	for _, p := range f.Parts() {
		lines = append(lines, M("vendor.email_field", Args{"label": M(MsgKey("vendor.field."+p.Name), nil), "value": text(p.Value)}))
	}
	switch {
	case respond > 0 && report > 0:
		lines = append(lines, M("vendor.email_ask_both", Args{"respond": Span(respond), "report": Span(report)}))
	case report > 0:
		lines = append(lines, M("vendor.email_ask_report", Args{"report": Span(report)}))
	case respond > 0:
		lines = append(lines, M("vendor.email_ask_respond", Args{"respond": Span(respond)}))
	}
	return lines
}

// RequestPart is one part of a request: its field name (the part.<name>
// and vendor.field.<name> messages) and its value.
type RequestPart struct {
	Name, Value string
}

// Parts lists the six parts in the template's order.
func (f VendorRequestFields) Parts() []RequestPart {
	return []RequestPart{{"symptom", f.Symptom}, {"began", f.Began}, {"changes", f.Changes},
		{"suspected_impact", f.Impact}, {"logs", f.Logs}, {"isolation", f.Isolation}}
}

// verdict compares a time to an answer with the agreed one.
func verdict(after, within time.Duration) Msg {
	switch {
	case within <= 0:
		return M("vendor.verdict_none", nil)
	case after <= within:
		return M("vendor.verdict_within", Args{"within": Span(within)})
	}
	return M("vendor.verdict_late", Args{"within": Span(within), "late": Span(after - within)})
}

// ---- vendors: the vendors asked and their clocks ----

func (s *Service) vendorsView(inc *Incident, _ Command) Reply {
	if len(inc.Asks) == 0 {
		return Reply{Incident: inc, Lines: []Msg{M("vendors.none", Args{"ref": inc.Ref()})}, InChannel: !inc.Private}
	}
	now := s.now().UTC()
	if !inc.ClosedAt.IsZero() {
		now = inc.ClosedAt // the clocks stopped at the close
	}
	lines := []Msg{M("vendors.head", Args{"ref": inc.Ref(), "count": len(inc.Asks)})}
	for _, a := range inc.Asks {
		waited := inc.DrillSpan(now.Sub(a.Requested))
		lines = append(lines, M("vendors.item", Args{"vendor": a.Name, "key": a.Vendor, "at": When{a.Requested, s.loc},
			"ago": Span(waited), "followups": followUps(a.FollowUps)}))
		lines = append(lines, M("vendors.respond", Args{"state": clockState(a.Replied, a.Reported, a.Requested, a.RespondWithin, waited, inc)}))
		lines = append(lines, M("vendors.report", Args{"state": clockState(a.Reported, time.Time{}, a.Requested, a.ReportWithin, waited, inc)}))
	}
	return Reply{Incident: inc, Lines: lines, InChannel: !inc.Private}
}

func followUps(n int) Msg {
	if n == 0 {
		return M("vendors.no_followups", nil)
	}
	return M("vendors.followups", Args{"count": n})
}

// clockState says where a clock stands: answered (at, or also, the written
// report for the first response) and how that compares with within, or
// waiting for waited so far.
func clockState(at, also, requested time.Time, within, waited time.Duration, inc *Incident) Msg {
	answered := at
	if answered.IsZero() {
		answered = also
	}
	if !answered.IsZero() {
		after := inc.DrillSpan(answered.Sub(requested))
		return M("vendors.answered", Args{"after": Span(after), "verdict": verdict(after, within)})
	}
	switch {
	case within <= 0:
		return M("vendors.waiting_none", Args{"waited": Span(waited)})
	case waited > within:
		return M("vendors.overdue", Args{"waited": Span(waited), "within": Span(within), "late": Span(waited - within)})
	}
	return M("vendors.waiting", Args{"waited": Span(waited), "within": Span(within), "left": Span(within - waited)})
}

// ---- who: the matrix and whom to call ----

// helpItems is who's help on the eight items: their keys and names.
func helpItems(Scale) []Msg {
	var items []Msg
	for _, it := range Items {
		items = append(items, M("who.item_word", Args{"key": string(it), "item": it}))
	}
	return []Msg{M("help.items", Args{"items": joinMsgs(items)})}
}

func (s *Service) who(ctx context.Context, req Request, cmd Command, _ env) (Reply, error) {
	l := s.ledger
	if l.IsZero() {
		return Reply{}, Problemf(ErrInvalid, "err.ledger_empty", nil)
	}
	if cmd.Key == "" {
		inc, err := s.viewIncident(ctx, req, cmd)
		if err != nil {
			return Reply{}, err
		}
		comps := l.Expand(inc.Affects)
		if len(comps) == 0 {
			return Reply{}, Problemf(ErrInvalid, "err.who_nothing", Args{"ref": inc.Ref(), "keys": strings.Join(l.knownKeys(), ", ")})
		}
		lines := []Msg{M("who.affects", Args{"ref": inc.Ref(), "keys": keyList(inc.Affects)})}
		for _, c := range comps {
			lines = append(lines, s.componentLines(c)...)
		}
		return Reply{Incident: inc, Lines: lines, InChannel: !inc.Private}, nil
	}
	var lines []Msg
	if v, ok := l.Vendor(cmd.Key); ok {
		lines = s.vendorLines(v)
	} else if it, ok := ParseItem(cmd.Key); ok {
		lines = s.itemLines(it)
	} else if a, ok := l.Asset(cmd.Key); ok {
		lines = []Msg{M("who.asset", Args{"asset": a.Name, "key": a.Key, "components": keyList(a.Components)})}
		for _, c := range a.Components {
			lines = append(lines, s.componentLines(c)...)
		}
	} else if c, ok := l.Component(cmd.Key); ok {
		lines = s.componentLines(c)
	} else {
		return Reply{}, Problemf(ErrInvalid, "err.who_unknown", Args{"word": cmd.Key, "components": keyList(l.Components()),
			"vendors": text(l.vendorKeys()), "items": itemKeys()})
	}
	return Reply{Lines: lines, InChannel: true}, nil
}

// viewIncident resolves the incident a command that only reads names or
// is typed in.
func (s *Service) viewIncident(ctx context.Context, req Request, cmd Command) (*Incident, error) {
	var inc *Incident
	err := s.store.View(ctx, func(tx ReadTx) error {
		var err error
		inc, err = s.resolve(tx, req, cmd)
		return err
	})
	return inc, err
}

func itemKeys() string {
	keys := make([]string, len(Items))
	for i, it := range Items {
		keys[i] = string(it)
	}
	return strings.Join(keys, ", ")
}

// componentLines are who's answer for one component: who runs it, its row
// for each item, and how to reach every vendor named. A component without
// rows says so and points at check.
func (s *Service) componentLines(c string) []Msg {
	l := s.ledger
	run := l.RunBy(c)
	var runBy []Msg
	for _, v := range run {
		runBy = append(runBy, M("who.name", Args{"name": v.Name, "key": v.Key}))
	}
	by := Msg(M("who.run_by", Args{"vendors": joinMsgs(runBy)}))
	if len(run) == 0 {
		by = M("who.run_by_company", nil)
	}
	rows := l.Rows(c)
	if len(rows) == 0 {
		lines := []Msg{M("who.no_rows", Args{"component": c, "run_by": by})}
		return append(lines, s.callLines(c, run)...)
	}
	lines := []Msg{M("who.component", Args{"component": c, "run_by": by})}
	for _, it := range Items {
		r, ok := l.Row(c, it)
		if !ok {
			lines = append(lines, M("who.row_none", Args{"item": it}))
			continue
		}
		lines = append(lines, M("who.row", Args{"item": it, "owner": l.parties(r.Owner), "shared": l.parties(r.Shared)}))
	}
	return append(lines, s.callLines(c, run)...)
}

// callLines list how to reach each vendor that runs c or is named in its
// rows.
func (s *Service) callLines(c string, run []Vendor) []Msg {
	l := s.ledger
	var lines []Msg
	for _, p := range l.Parties(c) {
		if v, ok := l.Vendor(p); ok {
			lines = append(lines, vendorContact(v))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return append([]Msg{M("who.call", nil)}, lines...)
}

// parties names parties of a row; "—" for none.
func (l Ledger) parties(ps []string) Localizer {
	if len(ps) == 0 {
		return text("")
	}
	var out []Msg
	for _, p := range ps {
		out = append(out, M("who.party", Args{"name": l.partyName(p)}))
	}
	return joinMsgs(out)
}

// vendorContact is one line on how to reach a vendor.
func vendorContact(v Vendor) Msg {
	var parts []Msg
	if v.Channel != "" {
		parts = append(parts, M("contact.channel", Args{"channel": v.Channel}))
	}
	if len(v.Contacts) > 0 {
		var people []string
		for _, id := range v.Contacts {
			people = append(people, Person{ID: id}.Display())
		}
		parts = append(parts, M("contact.people", Args{"people": strings.Join(people, " ")}))
	}
	if v.Phone != "" {
		parts = append(parts, M("contact.phone", Args{"phone": v.Phone}))
	}
	if v.Email != "" {
		parts = append(parts, M("contact.email", Args{"email": v.Email}))
	}
	if v.Hours != (Text{}) {
		parts = append(parts, M("contact.hours", Args{"hours": v.Hours}))
	}
	if len(parts) == 0 {
		parts = append(parts, M("contact.none", nil))
	}
	return M("who.contact", Args{"name": v.Name, "key": v.Key, "details": dotted(parts)})
}

// vendorLines are who's answer for a vendor: what it runs, how to reach
// it, the agreed times, and its rows in the matrix.
func (s *Service) vendorLines(v Vendor) []Msg {
	l := s.ledger
	lines := []Msg{M("who.vendor", Args{"name": v.Name, "key": v.Key, "runs": keyList(v.Runs)}), vendorContact(v)}
	lines = append(lines, vendorTerms(v)...)
	for _, c := range l.Components() {
		var owns, shares []Msg
		for _, r := range l.Rows(c) {
			if containsKey(r.Owner, v.Key) {
				owns = append(owns, M("who.item", Args{"item": r.Item}))
			}
			if containsKey(r.Shared, v.Key) {
				shares = append(shares, M("who.item", Args{"item": r.Item}))
			}
		}
		if len(owns)+len(shares) == 0 {
			continue
		}
		lines = append(lines, M("who.vendor_row", Args{"component": c, "owner": orDash(owns), "shared": orDash(shares)}))
	}
	return lines
}

// vendorTerms are a vendor's agreed times, personal data and contract notes.
func vendorTerms(v Vendor) []Msg {
	respond := Msg(M("vendor.no_time", nil))
	if v.RespondWithin > 0 {
		respond = M("span", Args{"span": Span(v.RespondWithin)})
	}
	report := Msg(M("vendor.no_time", nil))
	if v.ReportWithin > 0 {
		report = M("span", Args{"span": Span(v.ReportWithin)})
	}
	lines := []Msg{M("who.terms", Args{"respond": respond, "report": report})}
	if v.PersonalData {
		lines = append(lines, M("who.personal_data", nil))
	}
	if v.Notes != (Text{}) {
		lines = append(lines, M("who.notes", Args{"notes": v.Notes}))
	}
	return lines
}

func orDash(ms []Msg) Localizer {
	if len(ms) == 0 {
		return text("")
	}
	return joinMsgs(ms)
}

// itemLines are who's answer for an item: each component's row.
func (s *Service) itemLines(it Item) []Msg {
	l := s.ledger
	lines := []Msg{M("who.item_head", Args{"item": it, "key": string(it)})}
	found := false
	for _, c := range l.Components() {
		r, ok := l.Row(c, it)
		if !ok {
			continue
		}
		found = true
		lines = append(lines, M("who.item_row", Args{"component": c, "owner": l.parties(r.Owner), "shared": l.parties(r.Shared)}))
	}
	if !found {
		lines = append(lines, M("who.item_none", Args{"item": it}))
	}
	return lines
}

// ---- kit: the first-hour kit ----

func (s *Service) kit(ctx context.Context, req Request, cmd Command, e env) (Reply, error) {
	l := s.ledger
	// The incident is optional: the kit is for the first minutes, before
	// anything may be open.
	inc, err := s.viewIncident(ctx, req, cmd)
	if err != nil {
		if !cmd.Ref.IsZero() || !(errors.Is(err, ErrNotFound) || errors.Is(err, ErrAmbiguous)) {
			return Reply{}, err
		}
		inc = nil
	}
	var assets []Asset
	var comps []string
	switch {
	case cmd.Key != "":
		a, ok := l.Asset(cmd.Key)
		if !ok {
			return Reply{}, Problemf(ErrInvalid, "err.kit_unknown", Args{"word": cmd.Key, "assets": keyList(assetKeys(l))})
		}
		assets, comps = []Asset{a}, a.Components
	case inc != nil && len(inc.Affects) > 0:
		assets, comps = l.AssetsOf(inc.Affects), l.Expand(inc.Affects)
		for _, a := range assets {
			for _, c := range a.Components {
				if !containsKey(comps, c) {
					comps = append(comps, c)
				}
			}
		}
	default:
		assets = l.Assets
		for _, a := range assets {
			comps = append(comps, a.Components...)
		}
	}
	var lines []Msg
	if inc != nil {
		lines = append(lines, M("kit.head_incident", Args{"ref": inc.Ref()}))
	} else {
		lines = append(lines, M("kit.head", nil))
	}
	lines = append(lines, M("kit.roles", nil))
	for _, r := range Roles {
		holder := Msg(M("kit.nobody", nil))
		if inc != nil && !inc.Holder(r).IsZero() {
			holder = M("checklist.person", Args{"person": inc.Holder(r)})
		}
		chain := s.rules().chainFor(r, e.now)
		var links []Msg
		for i, id := range chain {
			links = append(links, M("kit.link", Args{"position": position(i, 0), "person": Person{ID: id}}))
		}
		on := Msg(M("kit.no_chain", nil))
		if len(links) > 0 {
			on = M("list", Args{"items": arrows(links)})
		}
		lines = append(lines, M("kit.role", Args{"role": r, "holder": holder, "chain": on}))
	}
	// A private incident's people are shown to whoever typed it only.
	public := inc == nil || !inc.Private
	if l.IsZero() {
		return Reply{Incident: inc, Lines: append(lines, M("kit.no_ledger", nil)), InChannel: public}, nil
	}
	if vs := l.VendorsOf(comps); len(vs) > 0 {
		lines = append(lines, M("kit.vendors", nil))
		for _, v := range vs {
			lines = append(lines, M("who.vendor", Args{"name": v.Name, "key": v.Key, "runs": keyList(v.Runs)}), vendorContact(v))
			lines = append(lines, vendorTerms(v)...)
		}
	}
	if len(assets) > 0 {
		lines = append(lines, M("kit.memo", nil))
		for _, a := range assets {
			lines = append(lines, assetLines(a)...)
		}
	}
	if cmd.Key == "" && (inc == nil || len(inc.Affects) == 0) && len(l.Assets) > 0 {
		lines = append(lines, M("kit.all_assets", nil))
	}
	return Reply{Incident: inc, Lines: lines, InChannel: public}, nil
}

func assetKeys(l Ledger) []string {
	out := make([]string, len(l.Assets))
	for i, a := range l.Assets {
		out[i] = a.Key
	}
	return out
}

// assetLines are an asset's recovery memo.
func assetLines(a Asset) []Msg {
	lines := []Msg{M("kit.asset", Args{"name": a.Name, "key": a.Key, "components": keyList(a.Components)})}
	for _, p := range []struct {
		key MsgKey
		t   Text
	}{{"kit.admin", a.AdminAccounts}, {"kit.backup", a.Backup}, {"kit.restore", a.Restore}, {"kit.verify", a.Verify}} {
		if p.t != (Text{}) {
			lines = append(lines, M(p.key, Args{"text": p.t}))
		}
	}
	if a.RTO > 0 || a.RPO > 0 {
		lines = append(lines, M("kit.targets", Args{"rto": optSpan(a.RTO), "rpo": optSpan(a.RPO)}))
	}
	if a.PersonalData {
		lines = append(lines, M("kit.personal_data", nil))
	}
	return lines
}

func optSpan(d time.Duration) Localizer {
	if d <= 0 {
		return text("")
	}
	return Span(d)
}

// arrows joins messages with →, the contact order.
type arrows []Msg

func (a arrows) Localize(l Lang) string {
	parts := make([]string, len(a))
	for i, m := range a {
		parts[i] = Render(l, m)
	}
	return strings.Join(parts, " → ")
}

// ---- runbook contacts that name a vendor ----

// contactName shows a runbook's contact that names a vendor of the
// registry: its registered name and how to reach it (ok false when the
// contact names none, or one the registry no longer has).
func (s *Service) contactName(c Contact) (Localizer, Localizer, bool) {
	if c.VendorKey == "" {
		return c.Who(), nil, false
	}
	v, ok := s.ledger.Vendor(c.VendorKey)
	if !ok {
		return c.Who(), nil, false
	}
	var parts []Msg
	if v.Channel != "" {
		parts = append(parts, M("contact.channel", Args{"channel": v.Channel}))
	}
	parts = append(parts, reachOf(v))
	return v.Name, dotted(parts), true
}
