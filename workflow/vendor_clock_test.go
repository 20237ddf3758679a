package workflow

import (
	"testing"
	"time"
)

// The clocks on requests to vendors, as a pure step: a request, a reply or
// a report go in, or a vendor's timer comes due; drafts, timer operations
// and notices come out.

func vendorRequest(key string, respond, report time.Duration, followUp bool) Draft {
	return Draft{Subject: key, Payload: VendorRequested{Vendor: key, Name: Text{En: "Example Hosting", Ja: "例ホスティング"},
		VendorRequestFields: VendorRequestFields{Symptom: "site down"}, Channel: "C0HOSTING", Contacts: []string{"U0VENDOR"},
		RespondWithin: respond, ReportWithin: report, FollowUp: followUp}}
}

func vendorRules(ru *rules) {
	ru.ledger = Ledger{Vendors: []Vendor{{Key: "hosting", Name: Text{En: "Example Hosting"}, Phone: "03-0000-0001"}}}
}

// asked: incident #1 opened at low by opener, commander sato, hosting asked
// at +10m with a first response due within 1h and a report within 24h.
func asked(h *stepHarness) {
	h.react("opener", 0, stepOpen("low"), stepAssign(RoleCommander, "sato"))
	h.react("sato", 10*time.Minute, vendorRequest("hosting", time.Hour, 24*time.Hour, false))
}

func TestStepVendorClocks(t *testing.T) {
	runStepCases(t, []stepCase{{
		name: "the first request starts both clocks and is posted to the vendor's channel",
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("low"))
		},
		when: func(h *stepHarness) step {
			return h.react("opener", 10*time.Minute, vendorRequest("hosting", time.Hour, 24*time.Hour, false))
		},
		timers:  []string{"vendor_respond hosting +1h10m0s requested=+10m0s within=1h0m0s", "vendor_report hosting +24h10m0s requested=+10m0s within=24h0m0s"},
		notices: []string{"vendor_request channel:C0HOSTING"},
		says:    []string{"#1: a request to Example Hosting, for their shared channel."},
	}, {
		name: "without an agreed first response, only the report clock",
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("low"))
		},
		when: func(h *stepHarness) step {
			return h.react("opener", 0, vendorRequest("hosting", 0, 24*time.Hour, false))
		},
		timers:  []string{"vendor_report hosting +24h0m0s requested=+0s within=24h0m0s"},
		notices: []string{"vendor_request channel:C0HOSTING"},
	}, {
		name:  "a follow-up is posted and moves no clock",
		given: asked,
		when: func(h *stepHarness) step {
			return h.react("sato", 30*time.Minute, vendorRequest("hosting", 0, 0, true))
		},
		notices: []string{"vendor_request channel:C0HOSTING"},
	}, {
		name:      "the first response is overdue: recorded, the commander reminded with the vendor's phone",
		configure: []func(*rules){vendorRules},
		given:     asked,
		when:      func(h *stepHarness) step { return h.fire(TimerVendorRespond, "hosting") },
		drafts:    []string{"vendor missed hosting respond within=1h0m0s sato"},
		notices:   []string{"reminder user:sato commander 0/0"},
		says: []string{"#1: Example Hosting has not responded to the request of 2026-11-20 00:25 UTC: the agreed 1h for a first response has passed. @sato, chase them (phone 03-0000-0001)",
			"/incident vendor #1 replied hosting", "例ホスティングから"},
	}, {
		name:  "a reply stops the first-response clock",
		given: asked,
		when: func(h *stepHarness) step {
			return h.react("sato", 40*time.Minute, Draft{Subject: "hosting", Payload: VendorReplied{Vendor: "hosting", After: 30 * time.Minute}})
		},
		timers: []string{"cancel vendor_respond hosting"},
	}, {
		name:  "a written report stops both",
		given: asked,
		when: func(h *stepHarness) step {
			return h.react("sato", 2*time.Hour, Draft{Subject: "hosting", Payload: VendorReported{Vendor: "hosting", After: 110 * time.Minute}})
		},
		timers: []string{"cancel vendor_respond hosting", "cancel vendor_report hosting"},
	}, {
		name: "a clock that comes due after the answer does nothing",
		given: func(h *stepHarness) {
			asked(h)
			h.commit(ConsoleActor("sato"), stepT0.Add(20*time.Minute), []Draft{{Subject: "hosting", Payload: VendorReplied{Vendor: "hosting"}}})
		},
		when: func(h *stepHarness) step { return h.fire(TimerVendorRespond, "hosting") },
	}, {
		name:  "a timer of another request is stale",
		given: asked,
		when: func(h *stepHarness) step {
			tm := h.pending(TimerVendorRespond, "hosting")
			tm.Body = []byte(`{"requested":"2026-11-19T00:00:00Z","within_ns":3600000000000}`)
			return h.fireTimer(tm)
		},
	}, {
		name: "the written report is overdue after the reply",
		given: func(h *stepHarness) {
			asked(h)
			h.react("sato", time.Hour, Draft{Payload: VendorReplied{Vendor: "hosting"}})
		},
		when:    func(h *stepHarness) step { return h.fire(TimerVendorReport, "hosting") },
		drafts:  []string{"vendor missed hosting report within=24h0m0s sato"},
		notices: []string{"reminder user:sato commander 0/0"},
		says:    []string{"Example Hosting's written report on the request of 2026-11-20 00:25 UTC is overdue", "no phone or email on record"},
	}, {
		name:      "each status reminder reminds again of a missed clock not yet answered",
		configure: []func(*rules){withStatusEvery(0, 2*time.Hour), vendorRules},
		given: func(h *stepHarness) {
			asked(h)
			h.fire(TimerVendorRespond, "hosting")
		},
		when:    func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		drafts:  []string{"reminded status sato", "vendor reminded hosting respond waiting=1h50m0s sato"},
		timers:  []string{"status +4h0m0s set=+2h0m0s"},
		notices: []string{"reminder user:sato comms 0/0", "reminder user:sato commander 0/0"},
		says:    []string{"#1: still no first response from Example Hosting, 1h 50m after the request. @sato: phone 03-0000-0001; /incident vendor #1 replied hosting"},
	}, {
		name:      "once answered, status reminders say nothing of the vendor",
		configure: []func(*rules){withStatusEvery(0, 2*time.Hour)},
		given: func(h *stepHarness) {
			asked(h)
			h.fire(TimerVendorRespond, "hosting")
			h.react("sato", 100*time.Minute, Draft{Payload: VendorReplied{Vendor: "hosting"}})
		},
		when:    func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		drafts:  []string{"reminded status sato"},
		timers:  []string{"status +4h0m0s set=+2h0m0s"},
		notices: []string{"reminder user:sato comms 0/0"},
	}, {
		name:    "a closed incident's clocks stop",
		given:   asked,
		when:    func(h *stepHarness) step { return h.react("sato", time.Minute*15, stepClose()) },
		timers:  []string{"cancel all"},
		notices: []string{"resolved"},
	}})
}

// A drill's clock drives the vendor clocks; nothing leaves the bot.
func TestStepVendorClocksInADrill(t *testing.T) {
	h := newStepHarness(t)
	h.openDrill("low")
	st := h.react("opener", 10*time.Minute, Draft{Subject: "hosting", Payload: VendorRequested{Vendor: "hosting", Name: Text{En: "Example Hosting"},
		Channel: "C0HOSTING", RespondWithin: time.Hour, ReportWithin: 24 * time.Hour, Simulated: true}})
	if n := stepNotices(st); len(n) != 0 {
		t.Errorf("a drill's request notified: %q", n)
	}
	// Speed 2: an hour of drill time is 30 minutes.
	if due := h.pending(TimerVendorRespond, "hosting").Due; !due.Equal(stepT0.Add(40 * time.Minute)) {
		t.Errorf("respond clock due %s, want +40m", due.Sub(stepT0))
	}
	st = h.fire(TimerVendorRespond, "hosting")
	if got := stepDrafts(st); len(got) != 1 || got[0] != "vendor missed hosting respond within=1h0m0s opener simulated" {
		t.Errorf("drafts %q", got)
	}
	if n := stepNotices(st); len(n) != 0 {
		t.Errorf("a drill's clock notified: %q", n)
	}
}
