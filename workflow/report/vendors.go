package report

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// The Vendors section: what the incident affected and who owned each of
// its components per the responsibility matrix (as configured when it was
// recorded: the timeline copies it, so a later change of the configuration
// does not rewrite the report), then every vendor asked — when and how the
// first request went, the follow-ups, and the two clocks (first response,
// written report) against the agreed times, with the clocks that ran out
// and the reminders they caused. The events are few per vendor; the
// reminders, which come with every status reminder while a vendor is
// overdue, are counted, not held.

// Vendors is the outside parties of the incident.
type Vendors struct {
	// Affects are the asset and component keys the incident affects, after
	// the last change.
	Affects []string `json:"affects"`
	// OwnersSeq is the last affects_changed event (0: none); Components are
	// the components the incident touched then, each with who ran it and
	// its matrix rows as configured at that time.
	OwnersSeq  int              `json:"owners_seq"`
	Components []ComponentOwner `json:"components"`
	// Requests are the vendors asked, in the order first asked.
	Requests []VendorRequest `json:"requests"`
}

// ComponentOwner is one component the incident touched and the matrix's
// word on it.
type ComponentOwner struct {
	Component string   `json:"component"`
	RunBy     []string `json:"run_by"` // vendor keys
	// Rows are its matrix rows in the order of the eight items; empty:
	// nobody was written down as owning any part of it.
	Rows []OwnerRow `json:"rows"`
}

// OwnerRow is one item of a component: who owns it (○) and who shares it
// (△), as vendor keys or "company".
type OwnerRow struct {
	Item   workflow.Item `json:"item"`
	Owner  []string      `json:"owner"`
	Shared []string      `json:"shared"`
}

// VendorRequest is one vendor asked: the first request, the follow-ups and
// the clocks the first request started.
type VendorRequest struct {
	Vendor string     `json:"vendor"` // its key
	Name   VendorName `json:"name"`   // as configured at the first request; the key when that was redacted
	Seq    int        `json:"seq"`    // the first request
	At     time.Time  `json:"at"`
	By     *Person    `json:"by"`
	// Via is how the first request went: "channel" (posted in the
	// vendor's shared channel, Channel) or "email" (the text was shown to
	// send by email); empty when it was redacted.
	Via     string `json:"via"`
	Channel string `json:"channel"`
	// Simulated: a drill; nothing reached the vendor.
	Simulated bool             `json:"simulated"`
	Redacted  bool             `json:"redacted"`
	FollowUps []VendorFollowUp `json:"follow_ups"`
	Response  VendorClock      `json:"first_response"`
	Report    VendorClock      `json:"written_report"`
}

// VendorName is a vendor's name in both languages.
type VendorName struct {
	En string `json:"en"`
	Ja string `json:"ja"`
}

func (n VendorName) in(l workflow.Lang) string {
	return workflow.Text{En: n.En, Ja: n.Ja}.Localize(l)
}

// VendorFollowUp is a later request to a vendor already asked: it moves no
// clock.
type VendorFollowUp struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	By       *Person   `json:"by"`
	Via      string    `json:"via"` // as VendorRequest.Via
	Redacted bool      `json:"redacted"`
}

// VendorClock is one clock of a request: the vendor's first response, or
// its written incident report, against the agreed time.
type VendorClock struct {
	// Within is the agreed time in seconds; null when none was agreed, or
	// when the request that said it was redacted.
	Within *int64 `json:"within_seconds"`
	// State is where the clock stands as of the report: within or late
	// (answered, in or past the agreed time), waiting or overdue (not
	// answered, before or past it), answered or open (no time agreed).
	State string `json:"state"`
	// Seq is the event that answered (0: none yet): vendor_replied, or
	// vendor_reported, which answers the first response too (Kind).
	Seq  int                `json:"seq"`
	Kind workflow.EventKind `json:"kind"`
	At   *time.Time         `json:"at"`
	// After is the time from the first request to the answer, in seconds
	// (drill time in a drill); null while not answered.
	After *int64 `json:"after_seconds"`
	// Late is how far past the agreed time, in seconds: the answer came
	// late, or it is still awaited at as_of; null when within or no time
	// was agreed.
	Late     *int64  `json:"late_seconds"`
	Note     string  `json:"note"`
	By       *Person `json:"by"`       // who recorded the answer
	Redacted bool    `json:"redacted"` // the answer's event was redacted: no note
	// Missed is when the clock ran out and the commander was reminded
	// (vendor_clock_missed); null when it did not run out.
	Missed *VendorReminder `json:"missed"`
	// Reminders counts the reminders after that (vendor_reminded, one with
	// each status reminder while the vendor is overdue); LastReminder is
	// the last of them.
	Reminders    int             `json:"reminders"`
	LastReminder *VendorReminder `json:"last_reminder"`
}

// VendorReminder is a reminder of a clock that ran out.
type VendorReminder struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	Person *Person   `json:"person"` // who was reminded: the commander, else the opener
	// Waiting is the time since the first request, in seconds (drill time
	// in a drill); when the clock ran out, the agreed time.
	Waiting   int64 `json:"waiting_seconds"`
	Simulated bool  `json:"simulated"` // a drill: nobody was reminded
}

// The states of a vendor clock.
const (
	clockWithin   = "within"
	clockLate     = "late"
	clockWaiting  = "waiting"
	clockOverdue  = "overdue"
	clockAnswered = "answered"
	clockOpen     = "open"
)

// vendorEvent folds the events of the Vendors section.
func (r *Report) vendorEvent(x entry) bool {
	v := &r.Vendors
	switch p := x.p.(type) {
	case workflow.AffectsChanged:
		for _, k := range p.Added {
			if !slices.Contains(v.Affects, k) {
				v.Affects = append(v.Affects, k)
			}
		}
		kept := v.Affects[:0]
		for _, k := range v.Affects {
			if !slices.Contains(p.Removed, k) {
				kept = append(kept, k)
			}
		}
		v.Affects = kept
		v.OwnersSeq, v.Components = x.seq, componentOwners(p.Now)
	case workflow.VendorRequested:
		key := orSubject(p.Vendor, x)
		via := ""
		if !x.redacted {
			via = "email"
			if p.Channel != "" {
				via = "channel"
			}
		}
		if q := v.request(key); q != nil {
			q.FollowUps = append(q.FollowUps, VendorFollowUp{Seq: x.seq, At: x.at, By: x.by, Via: via, Redacted: x.redacted})
			return true
		}
		q := VendorRequest{Vendor: key, Name: VendorName{En: p.Name.En, Ja: p.Name.Ja}, Seq: x.seq, At: x.at, By: x.by,
			Via: via, Channel: p.Channel, Simulated: p.Simulated, Redacted: x.redacted, FollowUps: []VendorFollowUp{}}
		if q.Name == (VendorName{}) {
			q.Name = VendorName{En: key}
		}
		q.Response.Within, q.Report.Within = agreed(p.RespondWithin), agreed(p.ReportWithin)
		v.Requests = append(v.Requests, q)
	case workflow.VendorReplied:
		if q := v.request(orSubject(p.Vendor, x)); q != nil {
			q.Response.answer(x, p.After, p.Note, x.redacted)
		}
	case workflow.VendorReported:
		if q := v.request(orSubject(p.Vendor, x)); q != nil {
			q.Report.answer(x, p.After, p.Note, x.redacted)
			q.Response.answer(x, p.After, "", false) // a written report answers the first response too
		}
	case workflow.VendorClockMissed:
		if q := v.request(p.Vendor); q != nil {
			q.clock(p.Clock).Missed = &VendorReminder{Seq: x.seq, At: x.at, Person: person(p.Person), Waiting: seconds(p.Within), Simulated: p.Simulated}
		}
	case workflow.VendorReminded:
		if q := v.request(p.Vendor); q != nil {
			c := q.clock(p.Clock)
			c.Reminders++
			c.LastReminder = &VendorReminder{Seq: x.seq, At: x.at, Person: person(p.Person), Waiting: seconds(p.Waiting), Simulated: p.Simulated}
		}
	default:
		return false
	}
	return true
}

// orSubject is the vendor's key from the payload, or, for a redacted event,
// from its subject (which the redaction keeps).
func orSubject(key string, x entry) string {
	if key == "" {
		return x.subject
	}
	return key
}

func agreed(d time.Duration) *int64 {
	if d <= 0 {
		return nil
	}
	s := seconds(d)
	return &s
}

func componentOwners(now []workflow.Owners) []ComponentOwner {
	out := make([]ComponentOwner, 0, len(now))
	for _, o := range now {
		c := ComponentOwner{Component: o.Component, RunBy: nonNil(o.RunBy), Rows: make([]OwnerRow, 0, len(o.Rows))}
		for _, row := range o.Rows {
			c.Rows = append(c.Rows, OwnerRow{Item: row.Item, Owner: nonNil(row.Owner), Shared: nonNil(row.Shared)})
		}
		out = append(out, c)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return append([]string{}, s...)
}

// request is the vendor asked under key, nil before the first request.
func (v *Vendors) request(key string) *VendorRequest {
	for i := range v.Requests {
		if v.Requests[i].Vendor == key {
			return &v.Requests[i]
		}
	}
	return nil
}

func (q *VendorRequest) clock(c workflow.VendorClock) *VendorClock {
	if c == workflow.ClockReport {
		return &q.Report
	}
	return &q.Response
}

// answer records the first answer to the clock; a later one changes
// nothing (the workflow refuses a second). A redacted answer keeps its time
// but not its note (redacted says so) nor how long it took, which settle
// counts from the events' times.
func (c *VendorClock) answer(x entry, after time.Duration, note string, redacted bool) {
	if c.Seq != 0 {
		return
	}
	at := x.at
	c.Seq, c.Kind, c.At, c.By, c.Note, c.Redacted = x.seq, x.p.Kind(), &at, x.by, note, redacted
	if !x.redacted {
		s := seconds(after)
		c.After = &s
	}
}

// finishVendors weighs each clock against its agreed time, as of the
// report: a redacted answer's time is counted from the events' times.
func (r *Report) finishVendors() {
	for i := range r.Vendors.Requests {
		q := &r.Vendors.Requests[i]
		for _, c := range []*VendorClock{&q.Response, &q.Report} {
			c.settle(q.At, r.AsOf, r.inc)
		}
	}
}

func (c *VendorClock) settle(requested, asOf time.Time, inc *workflow.Incident) {
	span := func(from, to time.Time) int64 {
		d := to.Sub(from)
		if inc != nil {
			d = inc.DrillSpan(d)
		}
		return seconds(d)
	}
	c.Late = nil
	if c.Seq != 0 {
		if c.After == nil {
			s := span(requested, *c.At)
			c.After = &s
		}
		switch {
		case c.Within == nil:
			c.State = clockAnswered
		case *c.After <= *c.Within:
			c.State = clockWithin
		default:
			c.State = clockLate
			late := *c.After - *c.Within
			c.Late = &late
		}
		return
	}
	waited := span(requested, asOf)
	switch {
	case c.Within == nil:
		c.State = clockOpen
	case c.Missed != nil || waited > *c.Within:
		c.State = clockOverdue
		late := max(waited-*c.Within, 0)
		c.Late = &late
	default:
		c.State = clockWaiting
	}
}

// ---- rendering ----

// mdVendors writes the section when the incident touched the vendors at
// all: what it affected and who owned it, then the requests.
func (r *Report) mdVendors(w *doc) {
	v := r.Vendors
	if len(v.Requests) == 0 && v.OwnersSeq == 0 {
		return
	}
	w.heading(2, w.t("sec.vendors", nil))
	if v.OwnersSeq != 0 {
		w.heading(3, w.t("sec.vendor_owners", nil))
		w.para(w.t("vendor.owners_note", workflow.Args{"affects": orDash(strings.Join(v.Affects, ", ")), "seq": v.OwnersSeq}))
		var rows [][]string
		for _, c := range v.Components {
			runBy := orDash(r.parties(w, c.RunBy))
			if len(c.Rows) == 0 {
				rows = append(rows, []string{c.Component, runBy, w.t("vendor.no_rows", nil), "—", "—"})
				continue
			}
			for _, row := range c.Rows {
				rows = append(rows, []string{c.Component, runBy, row.Item.Localize(w.l), orDash(r.parties(w, row.Owner)), orDash(r.parties(w, row.Shared))})
			}
		}
		w.table(w.cols("col.component", "col.run_by", "col.matrix_item", "col.matrix_owner", "col.matrix_shared"), rows)
	}
	if len(v.Requests) == 0 {
		return
	}
	w.heading(3, w.t("sec.vendor_requests", nil))
	var rows [][]string
	for _, q := range v.Requests {
		rows = append(rows, []string{
			strconv.Itoa(q.Seq),
			w.t("vendor.name", workflow.Args{"name": q.Name.in(w.l), "key": q.Vendor}),
			w.vendorRequested(q),
			w.followUps(q.FollowUps),
			w.vendorClock(q.Response, "respond"),
			w.vendorClock(q.Report, "report"),
		})
	}
	w.table(w.cols("col.event", "col.vendor", "col.requested", "col.follow_ups", "col.first_response", "col.written_report"), rows)
	w.para(w.t("vendor.note", nil))
}

// parties names the parties of a matrix row: the company, a vendor asked by
// its name, any other vendor by its key.
func (r *Report) parties(w *doc, keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		switch q := r.Vendors.request(k); {
		case k == workflow.PartyCompany:
			out[i] = workflow.Render(w.l, workflow.M("party.company", nil))
		case q != nil:
			out[i] = q.Name.in(w.l)
		default:
			out[i] = k
		}
	}
	sep := ", "
	if w.l == workflow.Japanese {
		sep = "、"
	}
	return strings.Join(out, sep)
}

// vendorRequested is when and how the first request went.
func (w *doc) vendorRequested(q VendorRequest) string {
	how := w.via(q.Via, q.Redacted)
	if q.Simulated {
		how = w.t("vendor.via_drill", nil)
	}
	return w.t("vendor.requested_at", workflow.Args{"at": w.when(q.At), "by": q.By.display()}) + "\n" + how
}

func (w *doc) via(via string, redacted bool) string {
	switch {
	case redacted:
		return w.t("md.redacted", nil)
	case via == "channel":
		return w.t("vendor.via_channel", nil)
	}
	return w.t("vendor.via_email", nil)
}

// followUps lists the follow-ups, one a line; "—" when none.
func (w *doc) followUps(fs []VendorFollowUp) string {
	if len(fs) == 0 {
		return "—"
	}
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = w.t("vendor.follow_up", workflow.Args{"at": w.when(f.At), "by": f.By.display(), "how": w.via(f.Via, f.Redacted)})
	}
	return strings.Join(lines, "\n")
}

// vendorClock is a clock in lines: the agreed time, the miss and the
// reminders if it ran out, then the answer and how it stands against the
// agreed time (or the wait), and the note.
func (w *doc) vendorClock(c VendorClock, which string) string {
	var lines []string
	if c.Within != nil {
		lines = append(lines, w.t("vendor.agreed", workflow.Args{"within": w.span(*c.Within)}))
	} else {
		lines = append(lines, w.t("vendor.agreed_none", nil))
	}
	if m := c.Missed; m != nil {
		key := workflow.MsgKey("vendor.missed")
		if m.Simulated {
			key = "vendor.missed_drill"
		}
		lines = append(lines, w.t(key, workflow.Args{"at": w.when(m.At), "who": m.Person.display()}))
	}
	if c.Reminders > 0 {
		lines = append(lines, w.t("vendor.reminders", workflow.Args{"count": c.Reminders, "at": w.when(c.LastReminder.At)}))
	}
	late := ""
	if c.Late != nil {
		late = w.span(*c.Late)
	}
	switch c.State {
	case clockWithin, clockLate, clockAnswered:
		key := workflow.MsgKey("vendor.received")
		if which == "respond" && c.Kind == workflow.EventVendorReported {
			key = "vendor.received_report"
		}
		lines = append(lines, w.t(key, workflow.Args{"at": w.whenPtr(c.At), "after": w.span(*c.After)}))
		switch c.State {
		case clockWithin:
			lines = append(lines, w.t("vendor.state_within", nil))
		case clockLate:
			lines = append(lines, w.t("vendor.state_late", workflow.Args{"late": late}))
		}
		if c.Redacted {
			lines = append(lines, w.t("vendor.note_text", workflow.Args{"note": w.t("md.redacted", nil)}))
		} else if strings.TrimSpace(c.Note) != "" {
			lines = append(lines, w.t("vendor.note_text", workflow.Args{"note": c.Note}))
		}
	case clockOverdue:
		lines = append(lines, w.t("vendor.state_overdue", workflow.Args{"late": late}))
	case clockWaiting:
		lines = append(lines, w.t("vendor.state_waiting", nil))
	default:
		lines = append(lines, w.t("vendor.state_open", nil))
	}
	return strings.Join(lines, "\n")
}

var vendorMessages = workflow.Catalog{
	"sec.vendors":         {En: "Vendors", Ja: "委託先"},
	"sec.vendor_owners":   {En: "Who owned what the incident affected", Ja: "影響対象の担当（責任分界表）"},
	"sec.vendor_requests": {En: "Requests to vendors", Ja: "委託先への依頼"},
	"vendor.owners_note": {
		En: "Affects: {affects}. The responsibility matrix as configured when this was last recorded (event {seq}): ○ owner, △ shared; anyone else is not covered.",
		Ja: "影響対象: {affects}。最後に記録した時点（イベント{seq}）の設定による責任分界表です（○ 主担当、△ 共同。記載のない者は対象外）。",
	},
	"vendor.no_rows":      {En: "no row in the responsibility matrix: nobody is written down as owning it", Ja: "責任分界表に行がありません（担当が決まっていません）"},
	"col.component":       {En: "Component", Ja: "構成要素"},
	"col.run_by":          {En: "Run by", Ja: "運用"},
	"col.matrix_item":     {En: "Item", Ja: "分担項目"},
	"col.matrix_owner":    {En: "○ Owner", Ja: "○ 主担当"},
	"col.matrix_shared":   {En: "△ Shared", Ja: "△ 共同"},
	"col.vendor":          {En: "Vendor", Ja: "委託先"},
	"col.requested":       {En: "Request", Ja: "依頼"},
	"col.follow_ups":      {En: "Follow-ups", Ja: "追加依頼"},
	"col.first_response":  {En: "First response", Ja: "一次回答"},
	"col.written_report":  {En: "Written report", Ja: "書面報告"},
	"vendor.name":         {En: "{name} ({key})", Ja: "{name}（{key}）"},
	"vendor.requested_at": {En: "{at} by {by}", Ja: "{at}（{by}）"},
	"vendor.follow_up":    {En: "{at} by {by}, {how}", Ja: "{at}（{by}）、{how}"},
	"vendor.via_channel":  {En: "posted in its shared channel", Ja: "共有チャンネルに投稿"},
	"vendor.via_email":    {En: "text shown to send by email", Ja: "メールで送る文面を表示"},
	"vendor.via_drill":    {En: "drill: nothing was sent", Ja: "演習のため送信なし"},
	"vendor.agreed":       {En: "agreed: within {within}", Ja: "合意: {within}以内"},
	"vendor.agreed_none":  {En: "agreed: no time", Ja: "合意: 期限なし"},
	"vendor.received":     {En: "received {at}, {after} after the request", Ja: "受領 {at}（依頼から{after}）"},
	"vendor.received_report": {
		En: "received with the written report {at}, {after} after the request",
		Ja: "書面報告で受領 {at}（依頼から{after}）",
	},
	"vendor.state_within":  {En: "within the agreed time", Ja: "期限内"},
	"vendor.state_late":    {En: "late by {late}", Ja: "{late}超過"},
	"vendor.state_overdue": {En: "not received: overdue by {late}", Ja: "未受領: 期限を{late}超過"},
	"vendor.state_waiting": {En: "not received yet, within the agreed time", Ja: "未受領（期限内）"},
	"vendor.state_open":    {En: "not received", Ja: "未受領"},
	"vendor.note_text":     {En: "note: {note}", Ja: "メモ: {note}"},
	"vendor.missed":        {En: "the agreed time ran out {at}; {who} was reminded", Ja: "期限切れ {at}、{who}にリマインド"},
	"vendor.missed_drill":  {En: "the agreed time ran out {at} (drill: {who} was not reminded)", Ja: "期限切れ {at}（演習のため{who}へのリマインドは未送信）"},
	"vendor.reminders":     {En: "reminded again {count} time(s), last {at}", Ja: "再リマインド{count}回（最終 {at}）"},
	"vendor.note": {
		En: "The clocks run from the first request; a follow-up moves neither. A written report answers the first response too. Late and overdue are against the agreed times the first request copied from the configuration, as of this report.",
		Ja: "期限は最初の依頼から数えます。追加依頼では変わりません。書面報告は一次回答も兼ねます。超過は最初の依頼時に設定から写した合意の期限に対するもので、この報告書の時点のものです。",
	},
}
