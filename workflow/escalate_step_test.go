package workflow

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

// The escalation rules as a pure step, without a store: committed events,
// or a timer come due, go in; drafts, timer operations and notices come
// out. stepHarness carries each step out in memory the way Service.flush
// does in a transaction, so a case walks its incident to where the rule
// under test applies.

// stepT0 is when every test incident opens.
var stepT0 = time.Date(2026, 11, 20, 0, 15, 0, 0, time.UTC)

// stepRules is the configuration of escOptions (escalate_test.go):
//   - low notifies nobody;
//   - medium chases tech, 10 minutes to acknowledge, no repeat;
//   - high chases tech and informs a channel, 5 minutes, one repeat, pages.
func stepRules() rules {
	scale := DefaultScale()
	tech := Target{Kind: TargetRole, ID: "tech"}
	scale.Levels[1].Policy = Policy{Notify: []Target{tech}, AckWithin: 10 * time.Minute}
	scale.Levels[2].Policy = Policy{Notify: []Target{tech, {Kind: TargetChannel, ID: "C0ALERTS"}},
		AckWithin: 5 * time.Minute, Repeat: 1, Page: true}
	return rules{
		scale: scale,
		esc: Escalation{OnCall: map[Role]OnCall{
			RoleTech:      {Role: RoleTech, Chain: []string{"t1", "t2", "t3"}},
			RoleCommander: {Role: RoleCommander, Chain: []string{"c1", "c2"}},
		}},
		loc: time.UTC,
		log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// Configurations the cases add to stepRules.
func withHighNotifying(t Target) func(*rules) {
	return func(ru *rules) {
		high := &ru.scale.Levels[2].Policy
		high.Notify = append(slices.Clone(high.Notify), t)
	}
}

func withStatusEvery(level int, d time.Duration) func(*rules) {
	return func(ru *rules) { ru.scale.Levels[level].Policy.StatusEvery = d }
}

func withUnassignedAfter(d time.Duration) func(*rules) {
	return func(ru *rules) { ru.esc.UnassignedReminder = d }
}

type stepHarness struct {
	t      *testing.T
	rules  rules
	inc    *Incident
	events []Event          // the timeline
	timers map[string]Timer // pending timers by kind and key, as ScheduleTimer replaces them
	then   step             // the reaction that followed the last drill timer (fireDrill)
}

func newStepHarness(t *testing.T, configure ...func(*rules)) *stepHarness {
	t.Helper()
	ru := stepRules()
	for _, c := range configure {
		c(&ru)
	}
	return &stepHarness{t: t, rules: ru, timers: map[string]Timer{}}
}

// commit seals drafts after the head as actor at now and folds them in.
func (h *stepHarness) commit(actor Actor, now time.Time, drafts []Draft) []Event {
	h.t.Helper()
	if h.inc == nil {
		id, _ := testIDs()
		h.inc = &Incident{ID: id}
	}
	evs, err := Seal(testIDs, h.inc.ID, h.inc.Seq, h.inc.Head, actor, now, drafts)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, e := range evs {
		if err := h.inc.Apply(e); err != nil {
			h.t.Fatal(err)
		}
	}
	h.events = append(h.events, evs...)
	return evs
}

// timeline is what the Service reads for a step (drillTimeline).
func (h *stepHarness) timeline() []Event {
	if !h.inc.Drill {
		return nil
	}
	return slices.Clone(h.events)
}

// carry does what Service.flush does: the timer operations in order (a
// cancel of every kind keeps those that outlive the close, as
// cancelAtClose does), then the drafts sealed as the system. It returns the events.
func (h *stepHarness) carry(st step, now time.Time) []Event {
	h.t.Helper()
	for _, op := range st.timers {
		if op.cancel {
			for k, tm := range h.timers {
				if op.kind == "" && op.key == "" && outlivesClose(h.inc, tm.Kind) {
					continue // cancelAtClose keeps it
				}
				if (op.kind == "" || tm.Kind == op.kind) && (op.key == "" || tm.Key == op.key) {
					delete(h.timers, k)
				}
			}
			continue
		}
		id, _ := testIDs()
		h.timers[string(op.kind)+"/"+op.key] = Timer{ID: id, IncidentID: h.inc.ID, Kind: op.kind, Key: op.key, Due: op.due, Body: op.body}
	}
	if len(st.drafts) == 0 {
		return nil
	}
	return h.commit(SystemActor, now, st.drafts)
}

// react commits drafts as console user as, at after the opening, and
// returns (and carries out) the step that reacts to them.
func (h *stepHarness) react(as string, at time.Duration, drafts ...Draft) step {
	h.t.Helper()
	now, actor := stepT0.Add(at), ConsoleActor(as)
	evs := h.commit(actor, now, drafts)
	st, err := h.rules.react(h.inc, evs, now, actor, h.timeline())
	if err != nil {
		h.t.Fatal(err)
	}
	h.carry(st, now)
	return st
}

// pending is the pending timer of kind and key.
func (h *stepHarness) pending(kind TimerKind, key string) Timer {
	h.t.Helper()
	tm, ok := h.timers[string(kind)+"/"+key]
	if !ok {
		h.t.Fatalf("no pending %s timer %q among %v", kind, key, h.timers)
	}
	return tm
}

// fire claims the pending timer of kind and key at its due time.
func (h *stepHarness) fire(kind TimerKind, key string) step {
	h.t.Helper()
	return h.fireTimer(h.pending(kind, key))
}

// fireTimer claims tm at its due time, whether or not it is still pending
// (a stale timer), and returns (and carries out) the step it asks for. A
// drill's clock then reacts to what it did, as fireDrill does (h.then).
func (h *stepHarness) fireTimer(tm Timer) step {
	h.t.Helper()
	delete(h.timers, string(tm.Kind)+"/"+tm.Key)
	st, err := h.rules.timerDue(h.inc, tm, tm.Due, h.timeline())
	if err != nil {
		h.t.Fatal(err)
	}
	h.then = step{}
	if evs := h.carry(st, tm.Due); h.inc.Drill && len(evs) > 0 {
		if h.then, err = h.rules.react(h.inc, evs, tm.Due, SystemActor, h.timeline()); err != nil {
			h.t.Fatal(err)
		}
		h.carry(h.then, tm.Due)
	}
	return st
}

// ---- the incidents the cases start from ----

var stepOpener = Person{ID: "opener", Name: "opener"}

func stepOpen(sev SeverityKey) Draft {
	return Draft{Payload: Opened{Title: "Entry form leaking", Severity: sev, Number: 1, Opener: stepOpener, StartedAt: stepT0, DetectedAt: stepT0}}
}

func stepRaise(from, to SeverityKey) Draft {
	return Draft{Payload: SeverityChanged{From: from, To: to, Reason: "test"}}
}

func stepAssign(role Role, id string) Draft {
	return Draft{Payload: RoleAssigned{Role: role, To: Person{ID: id, Name: id}}}
}

func stepAck(role Role, by string, after time.Duration, link, round int, level SeverityKey) Draft {
	return Draft{Payload: Acknowledged{Role: role, By: Person{ID: by, Name: by}, After: after, Link: link, Round: round, Level: level}}
}

func stepClose() Draft {
	return Draft{Payload: PhaseChanged{From: PhaseDetect, To: PhaseClosed, Move: MoveFalseAlarm, Reason: "test"}}
}

// stepScenario: inject 1 at 10m raises to high; inject 2 at 20m expects a
// scribe by 30m; the drill ends at 40m (drill time), at speed 2.
func stepScenario() DrillStarted {
	return DrillStarted{Scenario: "defaced", Title: Text{En: "Defaced"}, Speed: 2, End: 40 * time.Minute, Injects: []DrillInject{
		{At: 10 * time.Minute, Text: Text{En: "The top page shows a stranger's banner"}, Raise: "high"},
		{At: 20 * time.Minute, Text: Text{En: "Press asks"}, Expect: &DrillExpect{Kind: ExpectRoleAssigned, Role: RoleScribe, Deadline: 30 * time.Minute}},
	}}
}

// openDrill opens drill D-1 at sev with stepScenario.
func (h *stepHarness) openDrill(sev SeverityKey) step {
	h.t.Helper()
	o := stepOpen(sev)
	op := o.Payload.(Opened)
	op.Drill = true
	return h.react("opener", 0, Draft{Payload: op}, Draft{Payload: stepScenario()})
}

// ---- what a step is, as lines to compare ----

func stepDrafts(st step) []string {
	var out []string
	for _, d := range st.drafts {
		var s string
		switch x := d.Payload.(type) {
		case Notified:
			s = "notified " + x.Target
			if x.Role != "" {
				s += fmt.Sprintf(" %s %d/%d", x.Role, x.Link, x.Round)
			}
			s += fmt.Sprintf(" %s %s", x.Level, x.Reason)
			s += stepFlags(x.Page, "page", x.Chase, "chase", x.Simulated, "simulated")
		case RoleAssigned:
			s = fmt.Sprintf("assigned %s %s→%s", x.Role, x.From.ID, x.To.ID)
		case EscalationCancelled:
			s = fmt.Sprintf("cancelled %s %s", x.Role, x.Reason)
		case EscalationExhausted:
			s = fmt.Sprintf("exhausted %s rounds=%d %s mention=%s", x.Role, x.Rounds, x.Level, stepWho(x.Mention)) + stepFlags(x.Simulated, "simulated")
		case Reminded:
			s = fmt.Sprintf("reminded %s", x.Duty)
			if x.Role != "" {
				s += " " + string(x.Role)
			}
			s += " " + stepWho(x.Person) + stepFlags(x.Simulated, "simulated")
		case SeverityChanged:
			s = fmt.Sprintf("severity %s→%s", x.From, x.To)
		case InjectPosted:
			s = fmt.Sprintf("inject %d", x.Index)
			if x.Raise != "" {
				s += " raise=" + string(x.Raise)
			}
		case ExpectationMet:
			s = fmt.Sprintf("expectation met %d after=%s", x.Index, x.After)
		case ExpectationMissed:
			s = fmt.Sprintf("expectation missed %d", x.Index)
		case DrillEnded:
			s = "drill ended " + x.Reason
		case VendorClockMissed:
			s = fmt.Sprintf("vendor missed %s %s within=%s %s", x.Vendor, x.Clock, x.Within, stepWho(x.Person)) + stepFlags(x.Simulated, "simulated")
		case VendorReminded:
			s = fmt.Sprintf("vendor reminded %s %s waiting=%s %s", x.Vendor, x.Clock, x.Waiting, stepWho(x.Person)) + stepFlags(x.Simulated, "simulated")
		case PersonalDataSet:
			s = fmt.Sprintf("personal data involved=%t unlawful=%t by %s", x.Involved, x.Unlawful, x.Source)
		case DeadlineMissed:
			s = fmt.Sprintf("deadline missed %s due=+%s %s", x.Key, x.Due.Sub(stepT0), stepPeople(x.People)) + stepFlags(x.Simulated, "simulated", x.Closed, "closed")
		case DeadlineReminded:
			s = fmt.Sprintf("deadline reminded %s late=%s %s", x.Key, x.Late, stepPeople(x.People)) + stepFlags(x.Simulated, "simulated", x.Closed, "closed")
		default:
			s = string(d.Payload.Kind())
		}
		out = append(out, s)
	}
	return out
}

func stepPeople(ps []Person) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return strings.Join(ids, ",")
}

func stepWho(p Person) string {
	if p.IsZero() {
		return "nobody"
	}
	return p.ID
}

// stepFlags names the set ones of (bool, name) pairs, each after a space.
func stepFlags(pairs ...any) string {
	var s string
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i].(bool) {
			s += " " + pairs[i+1].(string)
		}
	}
	return s
}

// stepTimers shows times from stepT0 and the body as the kind reads it.
func stepTimers(t *testing.T, st step) []string {
	t.Helper()
	rel := func(at time.Time) string { return "+" + at.Sub(stepT0).String() }
	var out []string
	for _, op := range st.timers {
		if op.cancel {
			s := "cancel"
			if op.kind == "" && op.key == "" {
				s += " all"
			}
			if op.kind != "" {
				s += " " + string(op.kind)
			}
			if op.key != "" {
				s += " " + op.key
			}
			out = append(out, s)
			continue
		}
		s := string(op.kind)
		if op.key != "" {
			s += " " + op.key
		}
		s += " " + rel(op.due)
		var err error
		switch op.kind {
		case TimerAck:
			var b ackTimer
			err = json.Unmarshal(op.body, &b)
			s += fmt.Sprintf(" link=%d round=%d started=%s", b.Link, b.Round, rel(b.Started))
		case TimerStatus:
			var b statusTimer
			err = json.Unmarshal(op.body, &b)
			s += " set=" + rel(b.Set)
		case TimerUnassigned:
			var b unassignedTimer
			err = json.Unmarshal(op.body, &b)
			s += " opened=" + rel(b.Opened)
		case TimerInject, TimerExpect, TimerDrillEnd:
			var b drillTimer
			err = json.Unmarshal(op.body, &b)
			s += " started=" + rel(b.Started)
		case TimerVendorRespond, TimerVendorReport:
			var b vendorTimer
			err = json.Unmarshal(op.body, &b)
			s += " requested=" + rel(b.Requested) + " within=" + b.Within.String()
		case TimerDeadline:
			var b deadlineTimer
			err = json.Unmarshal(op.body, &b)
			s += " due=" + rel(b.Due)
		case TimerDeadlineDaily:
			var b dailyTimer
			err = json.Unmarshal(op.body, &b)
			s += " set=" + rel(b.Set)
		default:
			t.Errorf("timer of unknown kind %q", op.kind)
		}
		if err != nil {
			t.Errorf("%s timer body %s: %v", op.kind, op.body, err)
		}
		out = append(out, s)
	}
	return out
}

func stepNotices(st step) []string {
	var out []string
	for _, n := range st.notices {
		s := string(n.Kind)
		if n.Target != (Target{}) {
			s += " " + n.Target.String()
		}
		if n.Role != "" {
			s += fmt.Sprintf(" %s %d/%d", n.Role, n.Link, n.Round)
		}
		out = append(out, s+stepFlags(n.Page, "page"))
	}
	return out
}

// stepText is every notice of st rendered in both languages.
func stepText(st step) string {
	var b strings.Builder
	for _, n := range st.notices {
		for _, l := range Langs {
			b.WriteString(Render(l, n.Text) + "\n")
		}
	}
	return b.String()
}

type stepCase struct {
	name      string
	configure []func(*rules)
	given     func(h *stepHarness)      // the incident so far; nil: nothing yet
	when      func(h *stepHarness) step // the occasion
	drafts    []string
	timers    []string
	notices   []string
	says      []string // in the notices' text
}

func runStepCases(t *testing.T, cases []stepCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newStepHarness(t, tc.configure...)
			if tc.given != nil {
				tc.given(h)
			}
			st := tc.when(h)
			check := func(what string, got, want []string) {
				t.Helper()
				if !slices.Equal(got, want) {
					t.Errorf("%s:\n got  %q\n want %q", what, got, want)
				}
			}
			check("drafts", stepDrafts(st), tc.drafts)
			check("timers", stepTimers(t, st), tc.timers)
			check("notices", stepNotices(st), tc.notices)
			text := stepText(st)
			for _, s := range tc.says {
				if !strings.Contains(text, s) {
					t.Errorf("notices do not say %q:\n%s", s, text)
				}
			}
			if strings.Contains(text, "{") {
				t.Errorf("a notice has an unfilled placeholder:\n%s", text)
			}
		})
	}
}

// Reactions to a command's events.
func TestStepReact(t *testing.T) {
	openHigh := func(h *stepHarness) { h.react("opener", 0, stepOpen("high")) }
	commander := Target{Kind: TargetRole, ID: "commander"}
	runStepCases(t, []stepCase{{
		name:    "open at a level that pages: the primary, the channel, the ack timer",
		when:    func(h *stepHarness) step { return h.react("opener", 0, stepOpen("high")) },
		drafts:  []string{"notified user:t1 tech 0/0 high opened page chase", "notified channel:C0ALERTS high opened"},
		timers:  []string{"ack tech +5m0s link=0 round=0 started=+0s", "cancel status"},
		notices: []string{"page user:t1 tech 0/0 page", "inform channel:C0ALERTS"},
		says:    []string{"Acknowledge within 5m, or the next person is notified: /incident ack #1 tech", "New incident #1 [High]: Entry form leaking"},
	}, {
		name:   "open at a level that notifies nobody",
		when:   func(h *stepHarness) step { return h.react("opener", 0, stepOpen("low")) },
		timers: []string{"cancel status"},
	}, {
		name:      "open with status and unassigned reminders",
		configure: []func(*rules){withStatusEvery(2, 30*time.Minute), withUnassignedAfter(10 * time.Minute)},
		when:      func(h *stepHarness) step { return h.react("opener", 0, stepOpen("high")) },
		drafts:    []string{"notified user:t1 tech 0/0 high opened page chase", "notified channel:C0ALERTS high opened"},
		timers:    []string{"ack tech +5m0s link=0 round=0 started=+0s", "status +30m0s set=+0s", "unassigned +10m0s opened=+0s"},
		notices:   []string{"page user:t1 tech 0/0 page", "inform channel:C0ALERTS"},
	}, {
		name:      "open with assign_commander: the commander chain's primary takes command",
		configure: []func(*rules){func(ru *rules) { ru.esc.AssignCommander = true }},
		when:      func(h *stepHarness) step { return h.react("opener", 0, stepOpen("medium")) },
		drafts:    []string{"assigned commander opener→c1", "notified user:t1 tech 0/0 medium opened chase"},
		timers:    []string{"ack tech +10m0s link=0 round=0 started=+0s", "cancel status"},
		notices:   []string{"page user:t1 tech 0/0"},
	}, {
		name: "a private incident's title goes to people, not to channels",
		when: func(h *stepHarness) step {
			o := stepOpen("high")
			op := o.Payload.(Opened)
			op.Private = true
			return h.react("opener", 0, Draft{Payload: op})
		},
		drafts:  []string{"notified user:t1 tech 0/0 high opened page chase", "notified channel:C0ALERTS high opened"},
		timers:  []string{"ack tech +5m0s link=0 round=0 started=+0s", "cancel status"},
		notices: []string{"page user:t1 tech 0/0 page", "inform channel:C0ALERTS"},
		says:    []string{"New incident #1 [High]: (private incident)"},
	}, {
		name:  "ack stops the chain's timer; paging systems acknowledge",
		given: openHigh,
		when: func(h *stepHarness) step {
			return h.react("t1", 2*time.Minute, stepAck(RoleTech, "t1", 2*time.Minute, 0, 0, "high"))
		},
		timers:  []string{"cancel ack tech"},
		notices: []string{"acknowledged user:t1 tech 0/0 page"},
		says:    []string{"#1: @t1 acknowledged for tech, 2m after the first notification."},
	}, {
		name:  "escalate moves the pending chain on now",
		given: openHigh,
		when: func(h *stepHarness) step {
			return h.react("opener", 2*time.Minute, Draft{Payload: Escalated{Reason: "on a plane", Roles: []Role{RoleTech}}})
		},
		drafts:  []string{"notified user:t2 tech 1/0 high escalated page chase"},
		timers:  []string{"ack tech +7m0s link=1 round=0 started=+0s"},
		notices: []string{"page user:t2 tech 1/0 page"},
		says:    []string{"you are the secondary on call for tech"},
	}, {
		name: "a raise starts again a chain acknowledged at a lower level",
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("medium"))
			h.react("t1", time.Minute, stepAck(RoleTech, "t1", time.Minute, 0, 0, "medium"))
		},
		when:    func(h *stepHarness) step { return h.react("opener", 3*time.Minute, stepRaise("medium", "high")) },
		drafts:  []string{"notified user:t1 tech 0/0 high raised page chase", "notified channel:C0ALERTS high raised"},
		timers:  []string{"ack tech +8m0s link=0 round=0 started=+3m0s", "cancel status"},
		notices: []string{"page user:t1 tech 0/0 page", "inform channel:C0ALERTS"},
		says:    []string{"Incident #1 raised to High: Entry form leaking"},
	}, {
		name:      "a raise leaves alone a chain pending at that level",
		configure: []func(*rules){withHighNotifying(commander)},
		given: func(h *stepHarness) {
			openHigh(h)
			h.react("opener", time.Minute, stepRaise("high", "medium"))
		},
		when:    func(h *stepHarness) step { return h.react("opener", 2*time.Minute, stepRaise("medium", "high")) },
		drafts:  []string{"notified channel:C0ALERTS high raised", "notified user:c1 commander 0/0 high raised page chase"},
		timers:  []string{"ack commander +7m0s link=0 round=0 started=+2m0s", "cancel status"},
		notices: []string{"inform channel:C0ALERTS", "page user:c1 commander 0/0 page"},
	}, {
		name:      "a lowering stops the chains the new level does not notify",
		configure: []func(*rules){withHighNotifying(commander)},
		given:     openHigh,
		when:      func(h *stepHarness) step { return h.react("opener", time.Minute, stepRaise("high", "medium")) },
		drafts:    []string{"cancelled commander severity_lowered"},
		timers:    []string{"cancel ack commander", "cancel status"},
	}, {
		name:   "lowering to a level that notifies nobody stops every chain",
		given:  openHigh,
		when:   func(h *stepHarness) step { return h.react("opener", time.Minute, stepRaise("high", "low")) },
		drafts: []string{"cancelled tech severity_lowered"},
		timers: []string{"cancel ack tech", "cancel status"},
	}, {
		name:      "a role with no chain: its holder is told",
		configure: []func(*rules){withHighNotifying(Target{Kind: TargetRole, ID: "approver"})},
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("low"))
			h.react("opener", time.Minute, stepAssign(RoleApprover, "boss"))
		},
		when:    func(h *stepHarness) step { return h.react("opener", 2*time.Minute, stepRaise("low", "high")) },
		drafts:  []string{"notified user:t1 tech 0/0 high raised page chase", "notified channel:C0ALERTS high raised", "notified user:boss approver 0/0 high raised page"},
		timers:  []string{"ack tech +7m0s link=0 round=0 started=+2m0s", "cancel status"},
		notices: []string{"page user:t1 tech 0/0 page", "inform channel:C0ALERTS", "page user:boss approver 0/0 page"},
		says:    []string{"you hold approver on this incident"},
	}, {
		name:      "…unless the holder caused it",
		configure: []func(*rules){withHighNotifying(Target{Kind: TargetRole, ID: "approver"})},
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("low"))
			h.react("opener", time.Minute, stepAssign(RoleApprover, "boss"))
		},
		when:    func(h *stepHarness) step { return h.react("boss", 2*time.Minute, stepRaise("low", "high")) },
		drafts:  []string{"notified user:t1 tech 0/0 high raised page chase", "notified channel:C0ALERTS high raised"},
		timers:  []string{"ack tech +7m0s link=0 round=0 started=+2m0s", "cancel status"},
		notices: []string{"page user:t1 tech 0/0 page", "inform channel:C0ALERTS"},
	}, {
		name:    "close stops every chain and timer; paging systems resolve",
		given:   openHigh,
		when:    func(h *stepHarness) step { return h.react("opener", 3*time.Minute, stepClose()) },
		drafts:  []string{"cancelled tech closed"},
		timers:  []string{"cancel all"},
		notices: []string{"resolved page"},
		says:    []string{"#1 is closed."},
	}, {
		name:      "reopen restarts the status reminder, nothing else",
		configure: []func(*rules){withStatusEvery(2, 30*time.Minute)},
		given: func(h *stepHarness) {
			openHigh(h)
			h.react("opener", 3*time.Minute, stepClose())
		},
		when: func(h *stepHarness) step {
			return h.react("opener", 10*time.Minute, Draft{Payload: PhaseChanged{From: PhaseClosed, To: PhaseInvestigate, Move: MoveReopen, Reason: "back"}})
		},
		timers: []string{"status +40m0s set=+10m0s"},
	}, {
		name:      "a status update sets the reminder again from now",
		configure: []func(*rules){withStatusEvery(1, 30*time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("medium")) },
		when: func(h *stepHarness) step {
			return h.react("opener", 20*time.Minute, Draft{Payload: StatusPosted{StatusFields{Confirmed: "40 spam entries"}}})
		},
		timers: []string{"status +50m0s set=+20m0s"},
	}, {
		name:      "commander and scribe both held: the unassigned reminder is cancelled",
		configure: []func(*rules){withUnassignedAfter(10 * time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("low")) },
		when:      func(h *stepHarness) step { return h.react("opener", 2*time.Minute, stepAssign(RoleScribe, "yamada")) },
		timers:    []string{"cancel unassigned"},
	}, {
		name:      "another role assigned: the unassigned reminder stays",
		configure: []func(*rules){withUnassignedAfter(10 * time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("low")) },
		when:      func(h *stepHarness) step { return h.react("opener", 2*time.Minute, stepAssign(RoleComms, "tanaka")) },
	}})
}

// Timers coming due.
func TestStepTimerDue(t *testing.T) {
	openHigh := func(h *stepHarness) { h.react("opener", 0, stepOpen("high")) }
	runStepCases(t, []stepCase{{
		name:    "nobody acknowledged in time: the next person",
		given:   openHigh,
		when:    func(h *stepHarness) step { return h.fire(TimerAck, "tech") },
		drafts:  []string{"notified user:t2 tech 1/0 high timer page chase"},
		timers:  []string{"ack tech +10m0s link=1 round=0 started=+0s"},
		notices: []string{"page user:t2 tech 1/0 page"},
	}, {
		name: "after the final link: the chain again, as a repeat",
		given: func(h *stepHarness) {
			openHigh(h)
			h.fire(TimerAck, "tech") // t2
			h.fire(TimerAck, "tech") // t3
		},
		when:    func(h *stepHarness) step { return h.fire(TimerAck, "tech") },
		drafts:  []string{"notified user:t1 tech 0/1 high timer page chase"},
		timers:  []string{"ack tech +20m0s link=0 round=1 started=+0s"},
		notices: []string{"page user:t1 tech 0/1 page"},
		says:    []string{"(repeat 1: nobody acknowledged on the last pass)"},
	}, {
		name: "after the last round: exhausted, the approver is asked",
		given: func(h *stepHarness) {
			openHigh(h)
			h.react("opener", time.Minute, stepAssign(RoleApprover, "boss"))
			for range 5 { // t2, t3, t1, t2, t3
				h.fire(TimerAck, "tech")
			}
		},
		when:    func(h *stepHarness) step { return h.fire(TimerAck, "tech") },
		drafts:  []string{"exhausted tech rounds=2 high mention=boss"},
		timers:  []string{"cancel ack tech"},
		notices: []string{"exhausted user:boss tech 2/1 page"},
		says:    []string{"nobody on the tech on-call chain acknowledged (2 rounds). @boss, please find someone"},
	}, {
		name: "exhausted without an approver: the commander is asked",
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("medium"))
			h.fire(TimerAck, "tech") // t2
			h.fire(TimerAck, "tech") // t3
		},
		when:    func(h *stepHarness) step { return h.fire(TimerAck, "tech") },
		drafts:  []string{"exhausted tech rounds=1 medium mention=opener"},
		timers:  []string{"cancel ack tech"},
		notices: []string{"exhausted user:opener tech 2/0"},
	}, {
		name: "a stale ack timer (the chain moved since) does nothing",
		given: func(h *stepHarness) {
			openHigh(h)
		},
		when: func(h *stepHarness) step {
			stale := h.pending(TimerAck, "tech")
			h.react("opener", 2*time.Minute, Draft{Payload: Escalated{Roles: []Role{RoleTech}}})
			return h.fireTimer(stale)
		},
	}, {
		name:  "an ack timer of an acknowledged chain does nothing",
		given: openHigh,
		when: func(h *stepHarness) step {
			stale := h.pending(TimerAck, "tech")
			h.react("t1", time.Minute, stepAck(RoleTech, "t1", time.Minute, 0, 0, "high"))
			return h.fireTimer(stale)
		},
	}, {
		name:      "no status update: the comms holder is reminded, and the reminder set again",
		configure: []func(*rules){withStatusEvery(1, 30*time.Minute)},
		given: func(h *stepHarness) {
			h.react("opener", 0, stepOpen("medium"))
			h.react("t1", time.Minute, stepAck(RoleTech, "t1", time.Minute, 0, 0, "medium"))
			h.react("opener", 2*time.Minute, stepAssign(RoleComms, "tanaka"))
		},
		when:    func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		drafts:  []string{"reminded status tanaka"},
		timers:  []string{"status +1h0m0s set=+30m0s"},
		notices: []string{"reminder user:tanaka comms 0/0"},
		says:    []string{"#1: no status update for 30m. @tanaka, please share one"},
	}, {
		name:      "no status update and no comms: the commander is reminded",
		configure: []func(*rules){withStatusEvery(1, 30*time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("medium")) },
		when:      func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		drafts:    []string{"reminded status opener"},
		timers:    []string{"status +1h0m0s set=+30m0s"},
		notices:   []string{"reminder user:opener comms 0/0"},
	}, {
		name:      "a status since the timer was set: the reminder moves, nobody is reminded",
		configure: []func(*rules){withStatusEvery(1, 30*time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("medium")) },
		when: func(h *stepHarness) step {
			stale := h.pending(TimerStatus, "")
			h.react("opener", 20*time.Minute, Draft{Payload: StatusPosted{StatusFields{Confirmed: "40 spam entries"}}})
			return h.fireTimer(stale)
		},
		timers: []string{"status +50m0s set=+20m0s"},
	}, {
		name:      "the level has no status interval any more: nothing",
		configure: []func(*rules){withStatusEvery(1, 30*time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("medium")) },
		when: func(h *stepHarness) step {
			stale := h.pending(TimerStatus, "")
			h.react("opener", 5*time.Minute, stepRaise("medium", "low"))
			return h.fireTimer(stale)
		},
	}, {
		name:      "scribe unassigned: the commander is reminded",
		configure: []func(*rules){withUnassignedAfter(10 * time.Minute)},
		given:     func(h *stepHarness) { h.react("opener", 0, stepOpen("low")) },
		when:      func(h *stepHarness) step { return h.fire(TimerUnassigned, "") },
		drafts:    []string{"reminded unassigned scribe opener"},
		notices:   []string{"reminder user:opener scribe 0/0"},
		says:      []string{"#1: nobody holds scribe yet, 10m after opening. @opener: /incident assign scribe @name"},
	}, {
		name:      "a closed incident's timers do nothing",
		configure: []func(*rules){withStatusEvery(2, 30*time.Minute)},
		given:     openHigh,
		when: func(h *stepHarness) step {
			stale := h.pending(TimerStatus, "")
			h.react("opener", 3*time.Minute, stepClose())
			return h.fireTimer(stale)
		},
	}})
}

// Drills run the same rules and notify nobody: every step is recorded as
// "would notify", and the drill's clock (speed 2 here) sets the times.
func TestStepDrill(t *testing.T) {
	drillMedium := func(h *stepHarness) { h.openDrill("medium") }
	runStepCases(t, []stepCase{{
		name: "a drill opens: simulated escalation on the drill clock, and the scenario's timers",
		configure: []func(*rules){withStatusEvery(2, 30*time.Minute), withUnassignedAfter(10 * time.Minute),
			func(ru *rules) { ru.esc.AssignCommander = true }},
		when:   func(h *stepHarness) step { return h.openDrill("high") },
		drafts: []string{"notified user:t1 tech 0/0 high opened page chase simulated", "notified channel:C0ALERTS high opened simulated"},
		timers: []string{"ack tech +2m30s link=0 round=0 started=+0s", "status +15m0s set=+0s", "unassigned +5m0s opened=+0s",
			"drill_inject 1 +5m0s started=+0s", "drill_inject 2 +10m0s started=+0s", "drill_expect 2 +15m0s started=+0s", "drill_end +20m0s started=+0s"},
	}, {
		name:   "nobody acknowledged: would notify the next person",
		given:  drillMedium,
		when:   func(h *stepHarness) step { return h.fire(TimerAck, "tech") },
		drafts: []string{"notified user:t2 tech 1/0 medium timer chase simulated"},
		timers: []string{"ack tech +10m0s link=1 round=0 started=+0s"},
	}, {
		name: "the chain runs out: a simulated exhaustion",
		given: func(h *stepHarness) {
			drillMedium(h)
			h.fire(TimerAck, "tech")
			h.fire(TimerAck, "tech")
		},
		when:   func(h *stepHarness) step { return h.fire(TimerAck, "tech") },
		drafts: []string{"exhausted tech rounds=1 medium mention=nobody simulated"},
		timers: []string{"cancel ack tech"},
	}, {
		name:      "nobody took command or the scribe's role: the starter would be reminded of both",
		configure: []func(*rules){withUnassignedAfter(10 * time.Minute)},
		given:     drillMedium,
		when:      func(h *stepHarness) step { return h.fire(TimerUnassigned, "") },
		drafts:    []string{"reminded unassigned commander opener simulated", "reminded unassigned scribe opener simulated"},
	}, {
		name:      "no status update: would remind (in a drill nobody holds a role until given it)",
		configure: []func(*rules){withStatusEvery(1, 30*time.Minute)},
		given:     drillMedium,
		when:      func(h *stepHarness) step { return h.fire(TimerStatus, "") },
		drafts:    []string{"reminded status nobody simulated"},
		timers:    []string{"status +30m0s set=+15m0s"},
	}, {
		name:   "an inject raises the severity",
		given:  drillMedium,
		when:   func(h *stepHarness) step { return h.fire(TimerInject, "1") },
		drafts: []string{"inject 1 raise=high", "severity medium→high"},
	}, {
		name:  "…and the raise runs the new level in simulation",
		given: drillMedium,
		when: func(h *stepHarness) step {
			h.fire(TimerInject, "1")
			return h.then
		},
		drafts: []string{"notified user:t1 tech 0/0 high raised page chase simulated", "notified channel:C0ALERTS high raised simulated"},
		timers: []string{"ack tech +7m30s link=0 round=0 started=+5m0s", "cancel status"},
	}, {
		name: "an expectation met by its deadline, judged against the timeline",
		given: func(h *stepHarness) {
			drillMedium(h)
			h.react("opener", 3*time.Minute, stepAssign(RoleScribe, "yamada"))
		},
		when:   func(h *stepHarness) step { return h.fire(TimerExpect, "2") },
		drafts: []string{"expectation met 2 after=6m0s"},
	}, {
		name:   "an expectation missed",
		given:  drillMedium,
		when:   func(h *stepHarness) step { return h.fire(TimerExpect, "2") },
		drafts: []string{"expectation missed 2"},
	}, {
		name:   "the scenario's end: the expectations due are settled, the drill ends",
		given:  drillMedium,
		when:   func(h *stepHarness) step { return h.fire(TimerDrillEnd, "") },
		drafts: []string{"expectation missed 2", "drill ended scenario"},
	}, {
		name:  "…and the end stops its chains and its clock",
		given: drillMedium,
		when: func(h *stepHarness) step {
			h.fire(TimerDrillEnd, "")
			return h.then
		},
		drafts: []string{"cancelled tech closed"},
		timers: []string{"cancel all"},
	}, {
		name:   "closed by hand: the drill ends with it, and nobody hears of the close",
		given:  drillMedium,
		when:   func(h *stepHarness) step { return h.react("opener", 5*time.Minute, stepClose()) },
		drafts: []string{"drill ended closed", "cancelled tech closed"},
		timers: []string{"cancel all"},
	}, {
		name: "a timer of an earlier run of the clock does nothing",
		given: func(h *stepHarness) {
			drillMedium(h)
		},
		when: func(h *stepHarness) step {
			tm := h.pending(TimerInject, "1")
			tm.Body = []byte(`{"started":"2026-01-01T00:00:00Z"}`)
			return h.fireTimer(tm)
		},
	}})
}

// A step only reads the incident: what it decides changes nothing until
// it is carried out.
func TestStepLeavesIncidentAlone(t *testing.T) {
	h := newStepHarness(t)
	h.react("opener", 0, stepOpen("high"))
	snapshot := func() string {
		b, err := json.Marshal(h.inc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := snapshot()
	st, err := h.rules.timerDue(h.inc, h.pending(TimerAck, "tech"), stepT0.Add(5*time.Minute), nil)
	if err != nil || len(st.drafts) == 0 {
		t.Fatalf("the ack timer decided nothing (%v)", err)
	}
	if snapshot() != before {
		t.Error("deciding a timer's step changed the incident")
	}
	now := stepT0.Add(6 * time.Minute)
	evs := h.commit(ConsoleActor("opener"), now, []Draft{stepClose()})
	before = snapshot()
	if st, err = h.rules.react(h.inc, evs, now, ConsoleActor("opener"), nil); err != nil || len(st.drafts) == 0 {
		t.Fatalf("closing decided nothing (%v)", err)
	}
	if snapshot() != before {
		t.Error("deciding a reaction changed the incident")
	}
}
