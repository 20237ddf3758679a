package workflow

import (
	"slices"
	"time"
)

// Vendor events: what the incident touches, the requests to vendors, their
// answers, and the clocks on them. They are stored like every other event;
// never rename a kind. Each request copies what the registry said of the
// vendor then (name, channel, the agreed times), so the timeline and the
// report stand on their own when the configuration changes later.
const (
	EventAffectsChanged    EventKind = "affects_changed"
	EventVendorRequested   EventKind = "vendor_requested"
	EventVendorReplied     EventKind = "vendor_replied"
	EventVendorReported    EventKind = "vendor_reported"
	EventVendorClockMissed EventKind = "vendor_clock_missed"
	EventVendorReminded    EventKind = "vendor_reminded"
)

// AffectsChanged records what the incident touches: asset or component
// keys added or taken off. Now is every component it touches afterwards,
// each with who runs it and its matrix rows as configured at the time.
type AffectsChanged struct {
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
	Now     []Owners `json:"now,omitempty"`
}

// VendorRequestFields are the six parts of a request to a vendor: the
// template agreed beforehand (PRACTICE.md, "Outside vendors").
type VendorRequestFields struct {
	Symptom   string `json:"symptom,omitempty"`
	Began     string `json:"began,omitempty"`
	Changes   string `json:"changes,omitempty"`   // recent changes
	Impact    string `json:"impact,omitempty"`    // the impact, as a hypothesis
	Logs      string `json:"logs,omitempty"`      // where the logs are
	Isolation string `json:"isolation,omitempty"` // isolation already done
}

// IsZero reports whether no part is filled.
func (f VendorRequestFields) IsZero() bool { return f == VendorRequestFields{} }

// VendorRequested records a request to a vendor. The first request to a
// vendor starts its clocks; a later one is a follow-up and moves nothing.
// Channel is where it was posted ("": shown to be sent by email). In a
// drill nothing is sent: Simulated is set.
type VendorRequested struct {
	Vendor string `json:"vendor"`
	Name   Text   `json:"name"`
	VendorRequestFields
	FollowUp bool     `json:"follow_up,omitempty"`
	Channel  string   `json:"channel,omitempty"`
	Contacts []string `json:"contacts,omitempty"`
	Email    string   `json:"email,omitempty"`
	// RespondWithin and ReportWithin are the vendor's agreed times, as
	// configured at the first request (0: none).
	RespondWithin time.Duration `json:"respond_within_ns,omitempty"`
	ReportWithin  time.Duration `json:"report_within_ns,omitempty"`
	Simulated     bool          `json:"simulated,omitempty"`
}

// VendorReplied records the vendor's first response: its clock stops.
type VendorReplied struct {
	Vendor string        `json:"vendor"`
	Note   string        `json:"note,omitempty"`
	After  time.Duration `json:"after_ns"` // since the first request
}

// VendorReported records the vendor's written incident report: both clocks
// stop.
type VendorReported struct {
	Vendor string        `json:"vendor"`
	Note   string        `json:"note,omitempty"`
	After  time.Duration `json:"after_ns"` // since the first request
}

// VendorClock names a vendor's clock.
type VendorClock string

const (
	ClockRespond VendorClock = "respond" // first response, respond_within
	ClockReport  VendorClock = "report"  // written report, report_within
)

// VendorClockMissed records that a vendor's clock ran out: the commander
// (Person) was reminded. In a drill, Simulated: nobody was.
type VendorClockMissed struct {
	Vendor    string        `json:"vendor"`
	Clock     VendorClock   `json:"clock"`
	Within    time.Duration `json:"within_ns"` // the agreed time
	Person    Person        `json:"person,omitzero"`
	Simulated bool          `json:"simulated,omitempty"`
}

// VendorReminded records a later reminder of a missed clock, sent with a
// status reminder; Waiting is the time since the first request.
type VendorReminded struct {
	Vendor    string        `json:"vendor"`
	Clock     VendorClock   `json:"clock"`
	Waiting   time.Duration `json:"waiting_ns"`
	Person    Person        `json:"person,omitzero"`
	Simulated bool          `json:"simulated,omitempty"`
}

func (AffectsChanged) Kind() EventKind    { return EventAffectsChanged }
func (VendorRequested) Kind() EventKind   { return EventVendorRequested }
func (VendorReplied) Kind() EventKind     { return EventVendorReplied }
func (VendorReported) Kind() EventKind    { return EventVendorReported }
func (VendorClockMissed) Kind() EventKind { return EventVendorClockMissed }
func (VendorReminded) Kind() EventKind    { return EventVendorReminded }

// VendorAsk is a vendor asked in this incident, folded from the vendor
// events: the clocks' decisions and `vendors` read it, never the timers.
type VendorAsk struct {
	Vendor    string    `json:"vendor"`
	Name      Text      `json:"name"`
	Requested time.Time `json:"requested"` // the first request: the clocks run from it
	Seq       int       `json:"seq"`       // its event
	FollowUps int       `json:"follow_ups,omitempty"`
	Channel   string    `json:"channel,omitempty"`
	// RespondWithin, ReportWithin: the agreed times (unknown, 0, when the
	// request was redacted).
	RespondWithin time.Duration `json:"respond_within_ns,omitempty"`
	ReportWithin  time.Duration `json:"report_within_ns,omitempty"`
	Replied       time.Time     `json:"replied,omitzero"`
	Reported      time.Time     `json:"reported,omitzero"`
	RespondMissed bool          `json:"respond_missed,omitempty"`
	ReportMissed  bool          `json:"report_missed,omitempty"`
	Simulated     bool          `json:"simulated,omitempty"`
}

// Answered reports whether the first response came (a written report is
// one too).
func (a VendorAsk) Answered() bool { return !a.Replied.IsZero() || !a.Reported.IsZero() }

// Ask is the vendor asked under key, if any.
func (inc *Incident) Ask(key string) (VendorAsk, bool) {
	for _, a := range inc.Asks {
		if asciiEqualFold(a.Vendor, key) {
			return a, true
		}
	}
	return VendorAsk{}, false
}

func (inc *Incident) ask(key string) *VendorAsk {
	for i := range inc.Asks {
		if inc.Asks[i].Vendor == key {
			return &inc.Asks[i]
		}
	}
	return nil
}

// applyVendors folds a vendor event into the state (called by Apply).
func (inc *Incident) applyVendors(p Payload, e Event) {
	at := e.OccurredAt
	switch x := p.(type) {
	case AffectsChanged:
		keys := slices.Clone(inc.Affects)
		for _, k := range x.Added {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		keys = slices.DeleteFunc(keys, func(k string) bool { return slices.Contains(x.Removed, k) })
		inc.Affects = keys
		if len(keys) == 0 {
			inc.Affects = nil
		}
	case VendorRequested:
		inc.requested(x.Vendor, e, func(a *VendorAsk) {
			a.Name, a.Channel, a.Simulated = x.Name, x.Channel, x.Simulated
			a.RespondWithin, a.ReportWithin = x.RespondWithin, x.ReportWithin
		})
	case VendorReplied:
		if a := inc.ask(x.Vendor); a != nil && a.Replied.IsZero() {
			a.Replied = at
		}
	case VendorReported:
		if a := inc.ask(x.Vendor); a != nil && a.Reported.IsZero() {
			a.Reported = at
		}
	case VendorClockMissed:
		if a := inc.ask(x.Vendor); a != nil {
			switch x.Clock {
			case ClockRespond:
				a.RespondMissed = true
			case ClockReport:
				a.ReportMissed = true
			}
		}
	case VendorReminded:
	}
}

// requested records a request to vendor key: the first one starts an ask
// (filled by first), a later one is counted as a follow-up.
func (inc *Incident) requested(key string, e Event, first func(*VendorAsk)) {
	if a := inc.ask(key); a != nil {
		a.FollowUps++
		return
	}
	a := VendorAsk{Vendor: key, Name: Text{En: key}, Requested: e.OccurredAt, Seq: e.Seq}
	if first != nil {
		first(&a)
	}
	inc.Asks = append(inc.Asks, a)
}

// applyVendorRedacted folds a redacted vendor event: its subject (the
// vendor's key) and its time stay, so the clocks still know a request was
// made and answered.
func (inc *Incident) applyVendorRedacted(e Event) {
	switch e.Kind {
	case EventVendorRequested:
		inc.requested(e.Subject, e, nil)
	case EventVendorReplied:
		if a := inc.ask(e.Subject); a != nil && a.Replied.IsZero() {
			a.Replied = e.OccurredAt
		}
	case EventVendorReported:
		if a := inc.ask(e.Subject); a != nil && a.Reported.IsZero() {
			a.Reported = e.OccurredAt
		}
	}
}

// vendorName is the name of a vendor the incident asked, else its key.
func vendorName(inc *Incident, key string) Localizer {
	if a, ok := inc.Ask(key); ok {
		return a.Name
	}
	return Text{En: key}
}
