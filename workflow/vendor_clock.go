package workflow

import (
	"encoding/json"
	"fmt"
	"time"
)

// The clocks on a request to a vendor, as escalation's are (escalate.go): a
// pure step that reads the incident's state (Incident.Asks) and returns
// drafts, timer operations and notices. The first request to a vendor
// starts two clocks, each a timer row keyed by the vendor: the first
// response (the vendor's respond_within; none without it) and the written
// incident report (report_within). A reply stops the first, a written
// report both; a follow-up request moves neither. A clock that runs out is
// recorded and reminds the commander in the incident channel, once; every
// status reminder after it reminds again while the vendor has not answered.
// A drill's clock drives them like every timer of a drill; nothing is sent.

const (
	TimerVendorRespond TimerKind = "vendor_respond" // the vendor's first response is due
	TimerVendorReport  TimerKind = "vendor_report"  // the vendor's written report is due
)

// vendorTimer is the body of a vendor clock: the request it belongs to (a
// timer of an older ask is stale) and the agreed time, which a redacted
// request no longer tells.
type vendorTimer struct {
	Requested time.Time     `json:"requested"`
	Within    time.Duration `json:"within_ns"`
}

// vendorRequested: the first request starts the clocks; every request with
// a channel is posted there (a drill's is not: notices are dropped).
func (r *reaction) vendorRequested(x VendorRequested) {
	a, ok := r.inc.Ask(x.Vendor)
	if !ok {
		return
	}
	if !x.FollowUp {
		if x.RespondWithin > 0 {
			r.schedule(TimerVendorRespond, x.Vendor, r.due(a.Requested, x.RespondWithin), vendorTimer{Requested: a.Requested, Within: x.RespondWithin})
		}
		if x.ReportWithin > 0 {
			r.schedule(TimerVendorReport, x.Vendor, r.due(a.Requested, x.ReportWithin), vendorTimer{Requested: a.Requested, Within: x.ReportWithin})
		}
	}
	if x.Channel == "" {
		return
	}
	r.notice(Notice{Kind: NoticeVendorRequest, Target: Target{Kind: TargetChannel, ID: x.Channel},
		Vendor: &VendorNotice{Key: x.Vendor, Name: x.Name, Channel: x.Channel, Contacts: x.Contacts, Fields: x.VendorRequestFields,
			FollowUp: x.FollowUp, RespondWithin: a.RespondWithin, ReportWithin: a.ReportWithin, Requested: a.Requested},
		Text: M("notice.vendor_request", Args{"ref": r.inc.Ref(), "vendor": x.Name})})
}

// vendorAnswered: a reply stops the first-response clock; a written report
// stops both.
func (r *reaction) vendorAnswered(key string, report bool) {
	r.cancelTimers(TimerVendorRespond, key)
	if report {
		r.cancelTimers(TimerVendorReport, key)
	}
}

// vendorDue: a vendor's clock ran out, unless the vendor answered since,
// the miss is recorded already, or the timer belongs to another request.
func (r *reaction) vendorDue(t Timer) {
	var b vendorTimer
	if err := json.Unmarshal(t.Body, &b); err != nil {
		r.err = fmt.Errorf("vendor timer body: %w", err)
		return
	}
	a, ok := r.inc.Ask(t.Key)
	if !ok || !a.Requested.Equal(b.Requested) {
		return
	}
	clock := ClockRespond
	if t.Kind == TimerVendorReport {
		clock = ClockReport
	}
	if !a.open(clock) {
		return
	}
	who := r.commander()
	r.add(who.ID, VendorClockMissed{Vendor: a.Vendor, Clock: clock, Within: b.Within, Person: who, Simulated: r.inc.Drill})
	r.notice(Notice{Kind: NoticeReminder, Target: userTarget(who.ID), Role: RoleCommander,
		Text: M(MsgKey("notice.vendor_missed_"+string(clock)), Args{"ref": r.inc.Ref(), "vendor": a.Name, "key": a.Vendor,
			"within": Span(b.Within), "since": When{a.Requested, r.rules.loc}, "person": who, "reach": r.reach(a.Vendor)})})
}

// open reports whether clock still waits for the vendor: not answered (a
// written report answers both), whether or not it ran out.
func (a VendorAsk) open(clock VendorClock) bool {
	if clock == ClockReport {
		return a.Reported.IsZero() && !a.ReportMissed
	}
	return !a.Answered() && !a.RespondMissed
}

// overdue reports whether clock ran out and the vendor has still not
// answered it.
func (a VendorAsk) overdue(clock VendorClock) bool {
	if clock == ClockReport {
		return a.ReportMissed && a.Reported.IsZero()
	}
	return a.RespondMissed && !a.Answered()
}

// vendorReminders go with a status reminder: the commander is reminded
// again of every clock that ran out and is still unanswered.
func (r *reaction) vendorReminders() {
	for _, a := range r.inc.Asks {
		for _, clock := range []VendorClock{ClockRespond, ClockReport} {
			if !a.overdue(clock) {
				continue
			}
			who := r.commander()
			waiting := r.inc.DrillSpan(r.now.Sub(a.Requested))
			r.add(who.ID, VendorReminded{Vendor: a.Vendor, Clock: clock, Waiting: waiting, Person: who, Simulated: r.inc.Drill})
			r.notice(Notice{Kind: NoticeReminder, Target: userTarget(who.ID), Role: RoleCommander,
				Text: M(MsgKey("notice.vendor_still_"+string(clock)), Args{"ref": r.inc.Ref(), "vendor": a.Name, "key": a.Vendor,
					"waiting": Span(waiting), "person": who, "reach": r.reach(a.Vendor)})})
		}
	}
}

// commander is who is reminded of a vendor's clock: the commander, else
// the opener.
func (r *reaction) commander() Person {
	if p := r.inc.Holder(RoleCommander); !p.IsZero() {
		return p
	}
	return r.inc.Opener
}

// reach is how to chase the vendor, from the registry: phone, email.
func (r *reaction) reach(key string) Localizer {
	v, ok := r.rules.ledger.Vendor(key)
	if !ok {
		return M("vendor.reach_none", nil)
	}
	return reachOf(v)
}

// reachOf names a vendor's phone and email, the ways people chase them.
func reachOf(v Vendor) Msg {
	switch {
	case v.Phone != "" && v.Email != "":
		return M("vendor.reach_both", Args{"phone": v.Phone, "email": v.Email})
	case v.Phone != "":
		return M("vendor.reach_phone", Args{"phone": v.Phone})
	case v.Email != "":
		return M("vendor.reach_email", Args{"email": v.Email})
	}
	return M("vendor.reach_none", nil)
}
