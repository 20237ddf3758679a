package workflow

import (
	"encoding/json"
	"testing"
	"time"
)

// The clock of deadline items, as a pure step: a runbook attached, the
// personal-data flag set, an item ticked, the close, or a deadline's timer
// come due go in; drafts, timer operations and notices come out.

const (
	day  = 24 * time.Hour
	hour = time.Hour
)

// deadlineRunbook has a plain item and three deadlines for personal data in
// investigate and post, and one that counts from the plain item's
// completion. personal: attaching it sets the flag.
func deadlineRunbook(personal bool) Draft {
	pd := WhenPersonalData
	return Draft{Payload: RunbookAttached{Name: "data-leak", Title: Text{En: "Leak"}, PersonalData: personal, Phases: []RunbookPhase{
		{Phase: PhaseInvestigate, Items: []RunbookItem{
			{Key: "draft-notice", Text: Text{En: "Draft the notice. With legal."}, Owner: RoleComms},
			{Key: "notify", Text: Text{En: "Tell the people concerned: what, which data"}, Owner: RoleComms, When: pd, Due: 72 * hour},
			{Key: "ppc", Text: Text{En: "Preliminary report to the Commission. Soon."}, Owner: RoleApprover, When: pd, Due: 72 * hour},
		}},
		{Phase: PhasePost, Items: []RunbookItem{
			{Key: "final", Text: Text{En: "Final report to the Commission"}, Owner: RoleApprover, When: pd, Due: 30 * day, DueUnlawful: 60 * day},
			{Key: "follow-up", Text: Text{En: "Follow up the notice"}, Owner: RoleTech, Due: 24 * hour, DueAfter: "draft-notice"},
		}},
	}}}
}

func flagSet(involved, unlawful bool) Draft {
	return Draft{Payload: PersonalDataSet{Involved: involved, Unlawful: unlawful, Source: PersonalDataByCommand}}
}

func tick(p Phase, n int, key string) Draft {
	return Draft{Payload: ChecklistTicked{Phase: p, Item: n, Key: key}}
}

// leaking: #1 open at low, commander sato, comms tanaka, the runbook that
// sets the flag attached at +10m.
func leaking(h *stepHarness) {
	h.react("opener", 0, stepOpen("low"), stepAssign(RoleCommander, "sato"), stepAssign(RoleComms, "tanaka"))
	h.react("sato", 10*time.Minute, deadlineRunbook(true))
}

func withPersonalLevel(level int) func(*rules) {
	return func(ru *rules) { ru.scale.Levels[level].PersonalData = true }
}

func TestStepDeadlines(t *testing.T) {
	runStepCases(t, []stepCase{{
		name:   "a runbook attached without the flag: the deadlines for personal data do not apply, the one after an item waits",
		given:  func(h *stepHarness) { h.react("opener", 0, stepOpen("low")) },
		when:   func(h *stepHarness) step { return h.react("opener", time.Minute, deadlineRunbook(false)) },
		timers: []string{"cancel deadline notify", "cancel deadline ppc", "cancel deadline final", "cancel deadline follow-up"},
	}, {
		name:   "a runbook that says personal data sets the flag; its deadlines count from detection",
		given:  func(h *stepHarness) { h.react("opener", 0, stepOpen("low")) },
		when:   func(h *stepHarness) step { return h.react("opener", time.Minute, deadlineRunbook(true)) },
		drafts: []string{"personal data involved=true unlawful=false by runbook"},
		timers: []string{"deadline notify +72h0m0s due=+72h0m0s", "deadline ppc +72h0m0s due=+72h0m0s", "deadline final +720h0m0s due=+720h0m0s",
			"cancel deadline follow-up"},
	}, {
		name:  "the flag says unlawful purpose: the final report gets 60 days",
		given: leaking,
		when:  func(h *stepHarness) step { return h.react("sato", hour, flagSet(true, true)) },
		timers: []string{"deadline notify +72h0m0s due=+72h0m0s", "deadline ppc +72h0m0s due=+72h0m0s", "deadline final +1440h0m0s due=+1440h0m0s",
			"cancel deadline follow-up"},
	}, {
		name:   "someone says no: the deadlines for personal data are set aside",
		given:  leaking,
		when:   func(h *stepHarness) step { return h.react("sato", hour, flagSet(false, false)) },
		timers: []string{"cancel deadline notify", "cancel deadline ppc", "cancel deadline final", "cancel deadline follow-up"},
	}, {
		name: "a flag someone set stays when the runbook that says otherwise is attached",
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("low"))
			h.react("opener", time.Minute, flagSet(false, false))
		},
		when:   func(h *stepHarness) step { return h.react("opener", 2*time.Minute, deadlineRunbook(true)) },
		timers: []string{"cancel deadline notify", "cancel deadline ppc", "cancel deadline final", "cancel deadline follow-up"},
	}, {
		name:      "reaching a level with personal_data sets the flag",
		configure: []func(*rules){withPersonalLevel(1)},
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("low"))
			h.react("opener", time.Minute, deadlineRunbook(false))
		},
		when:    func(h *stepHarness) step { return h.react("opener", 2*time.Minute, stepRaise("low", "medium")) },
		drafts:  []string{"notified user:t1 tech 0/0 medium raised chase", "personal data involved=true unlawful=false by severity"},
		timers:  []string{"ack tech +12m0s link=0 round=0 started=+2m0s", "cancel status", "deadline notify +72h0m0s due=+72h0m0s", "deadline ppc +72h0m0s due=+72h0m0s", "deadline final +720h0m0s due=+720h0m0s", "cancel deadline follow-up"},
		notices: []string{"page user:t1 tech 0/0"},
	}, {
		name:  "an item done starts the time of the deadline that counts from it",
		given: leaking,
		when:  func(h *stepHarness) step { return h.react("tanaka", 2*hour, tick(PhaseInvestigate, 1, "draft-notice")) },
		timers: []string{"deadline notify +72h0m0s due=+72h0m0s", "deadline ppc +72h0m0s due=+72h0m0s", "deadline final +720h0m0s due=+720h0m0s",
			"deadline follow-up +26h0m0s due=+26h0m0s"},
	}, {
		name:    "a deadline comes with its item not done: its owner and the commander are reminded, once",
		given:   leaking,
		when:    func(h *stepHarness) step { return h.fire(TimerDeadline, "notify") },
		drafts:  []string{"deadline missed notify due=+72h0m0s tanaka,sato"},
		notices: []string{"deadline user:tanaka comms 0/0"},
		says: []string{"Incident #1: the deadline of “Tell the people concerned” came at 2026-11-23 00:15 UTC and it is not done (owner comms; @tanaka, @sato). When it is: /incident done #1 notify",
			"インシデント#1: 「Tell the people concerned」の期限"},
	}, {
		name:  "a deadline whose item was done before it came: nothing",
		given: leaking,
		when: func(h *stepHarness) step {
			tm := h.pending(TimerDeadline, "ppc")
			h.react("sato", day, tick(PhaseInvestigate, 3, "ppc"))
			return h.fireTimer(tm)
		},
	}, {
		name:  "a timer for a due time that moved is stale",
		given: leaking,
		when: func(h *stepHarness) step {
			tm := h.pending(TimerDeadline, "final")
			h.react("sato", day, flagSet(true, true))
			return h.fireTimer(tm)
		},
	}, {
		name:  "a deadline reminded once is not reminded again by its timer",
		given: leaking,
		when: func(h *stepHarness) step {
			tm := h.pending(TimerDeadline, "notify")
			h.fireTimer(tm)
			return h.fireTimer(tm)
		},
	}, {
		name:      "every status reminder reminds again of a missed deadline",
		configure: []func(*rules){withStatusEvery(0, 100*hour)},
		given: func(h *stepHarness) {
			leaking(h)
			h.fire(TimerDeadline, "notify")
		},
		when: func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		// ppc's own timer has not fired yet: it reminds first, then status
		// reminders do.
		drafts:  []string{"reminded status tanaka", "deadline reminded notify late=28h0m0s tanaka,sato"},
		timers:  []string{"status +200h0m0s set=+100h0m0s"},
		notices: []string{"reminder user:tanaka comms 0/0", "deadline user:tanaka comms 0/0"},
		says:    []string{"Incident #1: “Tell the people concerned” is still not done, 1d 4h after its deadline"},
	}, {
		name:      "a missed deadline done since is not reminded again",
		configure: []func(*rules){withStatusEvery(0, 100*hour)},
		given: func(h *stepHarness) {
			leaking(h)
			h.fire(TimerDeadline, "notify")
			h.fire(TimerDeadline, "ppc")
			h.react("tanaka", 80*hour, tick(PhaseInvestigate, 2, "notify"), tick(PhaseInvestigate, 3, "ppc"))
		},
		when:    func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		drafts:  []string{"reminded status tanaka"},
		timers:  []string{"status +200h0m0s set=+100h0m0s"},
		notices: []string{"reminder user:tanaka comms 0/0"},
	}, {
		name:  "closing keeps the deadlines (they outlive it) and sets a daily reminder instead of the status one",
		given: leaking,
		when: func(h *stepHarness) step {
			st := h.react("sato", hour, stepClose())
			for _, k := range []string{"notify", "ppc", "final"} {
				d, _ := h.inc.deadline(k)
				if tm := h.pending(TimerDeadline, k); d.Due.IsZero() || !tm.Due.Equal(d.Due) {
					h.t.Errorf("deadline %s: timer due %v after the close, the item %v", k, tm.Due, d.Due)
				}
			}
			return st
		},
		timers:  []string{"cancel all", "deadline_daily +25h0m0s set=+1h0m0s"},
		notices: []string{"resolved"},
	}, {
		name: "a deadline of a closed incident comes: reminded for the announce channel",
		given: func(h *stepHarness) {
			leaking(h)
			h.react("sato", hour, stepClose())
		},
		when:    func(h *stepHarness) step { return h.fire(TimerDeadline, "ppc") },
		drafts:  []string{"deadline missed ppc due=+72h0m0s sato closed"},
		notices: []string{"deadline user:sato approver 0/0"},
		says:    []string{"Closed incident #1: the deadline of “Preliminary report to the Commission” came"},
	}, {
		name: "the daily reminder of a closed incident reminds the missed deadlines and sets the next",
		given: func(h *stepHarness) {
			leaking(h)
			h.react("sato", hour, stepClose())
			h.fire(TimerDeadline, "ppc")
		},
		when: func(h *stepHarness) step {
			body, _ := json.Marshal(dailyTimer{Set: stepT0.Add(73 * hour)})
			return h.fireTimer(Timer{Kind: TimerDeadlineDaily, Due: stepT0.Add(97 * hour), Body: body})
		},
		drafts:  []string{"deadline reminded ppc late=25h0m0s sato closed"},
		timers:  []string{"deadline_daily +121h0m0s set=+97h0m0s"},
		notices: []string{"deadline user:sato approver 0/0"},
	}, {
		name: "once every deadline of a closed incident is done, the daily reminder stops",
		given: func(h *stepHarness) {
			leaking(h)
			h.react("sato", hour, stepClose())
			for _, k := range []string{"notify", "ppc", "final"} {
				p, n, _ := h.inc.Runbook.find(k)
				h.react("sato", 2*hour, tick(p, n, k))
			}
		},
		when: func(h *stepHarness) step { return h.fire(TimerDeadlineDaily, "") },
	}, {
		name: "a drill's deadlines follow its clock, scaled by the scenario, and remind nobody",
		given: func(h *stepHarness) {
			o := stepOpen("low")
			op := o.Payload.(Opened)
			op.Drill = true
			sc := stepScenario()
			sc.DeadlineScale = 0.01
			h.react("opener", 0, Draft{Payload: op}, Draft{Payload: sc}, deadlineRunbook(true))
		},
		when:   func(h *stepHarness) step { return h.fire(TimerDeadline, "ppc") },
		drafts: []string{"deadline missed ppc due=+21m36s opener simulated"},
	}})
}

// Where a deadline stands, worked out from the incident alone.
func TestDeadlineOf(t *testing.T) {
	h := newStepHarness(t)
	leaking(h)
	byKey := func() map[string]Deadline {
		out := map[string]Deadline{}
		for _, d := range h.inc.Deadlines() {
			out[d.Item.Key] = d
		}
		return out
	}
	d := byKey()
	if !d["notify"].Applies || !d["notify"].Due.Equal(stepT0.Add(72*hour)) || d["notify"].Overdue(stepT0.Add(71*hour)) || !d["notify"].Overdue(stepT0.Add(72*hour)) {
		t.Errorf("notify: %+v", d["notify"])
	}
	if !d["follow-up"].Waiting || !d["follow-up"].Due.IsZero() || !d["follow-up"].Open() {
		t.Errorf("follow-up before its item is done: %+v", d["follow-up"])
	}
	h.react("tanaka", 70*hour, tick(PhaseInvestigate, 2, "notify"))
	h.react("sato", 75*hour, tick(PhaseInvestigate, 3, "ppc"))
	d = byKey()
	if !d["notify"].Met() || d["ppc"].Met() || d["ppc"].Open() {
		t.Errorf("done in time %+v, done late %+v", d["notify"], d["ppc"])
	}
	// Deadline items hold no phase move; the plain item does.
	if got := h.inc.holding(PhaseInvestigate); len(got) != 1 || got[0].Item != 1 {
		t.Errorf("holding investigate: %+v", got)
	}
	if got := h.inc.holding(PhasePost); len(got) != 0 {
		t.Errorf("holding post: %+v", got)
	}
}
