package workflow

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// Runbook checklists (issue 5).
//
// A runbook is attached when an incident is opened with --runbook NAME, or
// later with "runbook NAME" (open offers the one its title suggests; it is
// not attached unasked, since a checklist holds up phase moves). Its content
// at that moment is
// copied into the RunbookAttached event and folded into the snapshot
// (Incident.Runbook), so the incident's checklist never changes under it
// when runbook files change later, and deciding a tick or a move reads the
// incident alone. done/undo tick items of the current phase; a step forward
// with items of the phase being left still open is refused (UntickedError)
// unless the command says --skip, and then ChecklistSkipped logs what was
// skipped. Back-steps, false alarms and reopening are never held up.

// Checklist events; never rename a kind.
const (
	EventRunbookAttached   EventKind = "runbook_attached"
	EventChecklistTicked   EventKind = "checklist_ticked"
	EventChecklistUnticked EventKind = "checklist_unticked"
	EventChecklistSkipped  EventKind = "checklist_skipped"
)

// RunbookAttached records the runbook attached to the incident, as it was
// at that moment: its checklist per phase (flow order, phases with neither
// items nor guidance left out), and its stop conditions, fallbacks and
// outside contacts, the runbook's own here and each phase's in its phase.
// Events recorded before phases kept their own guidance hold it all here,
// each text already led by its phase's name.
type RunbookAttached struct {
	Name      string         `json:"name"`
	Title     Text           `json:"title"`
	Suggested bool           `json:"suggested,omitempty"` // suggested by the title, not named with --runbook
	Phases    []RunbookPhase `json:"phases"`
	Stop      []Text         `json:"stop,omitempty"`
	Fallback  []Text         `json:"fallback,omitempty"`
	Contacts  []Contact      `json:"contacts,omitempty"`
	// PersonalData: the runbook sets the personal-data flag when attached.
	PersonalData bool `json:"personal_data,omitempty"`
}

// RunbookPhase is one phase's checklist, items in the runbook's order
// (item n of the phase is Items[n-1]), and what the runbook says for this
// phase only.
type RunbookPhase struct {
	Phase Phase         `json:"phase"`
	Items []RunbookItem `json:"items"`
	Guidance
}

// ChecklistTicked records item Item (from 1) of Phase's checklist as done.
// Who and when are the event's actor and time.
type ChecklistTicked struct {
	Phase Phase  `json:"phase"`
	Item  int    `json:"item"`
	Text  Text   `json:"text"`
	Key   string `json:"key,omitempty"` // the item's key; events before keys lack it
}

// ChecklistUnticked makes item Item of Phase's checklist open again.
type ChecklistUnticked struct {
	Phase Phase  `json:"phase"`
	Item  int    `json:"item"`
	Text  Text   `json:"text"`
	Key   string `json:"key,omitempty"`
}

// ChecklistSkipped records the items of Phase that were still open when
// the incident moved on with --skip. It comes right before the move.
type ChecklistSkipped struct {
	Phase Phase         `json:"phase"`
	Items []SkippedItem `json:"items"`
}

// SkippedItem is an item left open: its number in the phase and its text.
type SkippedItem struct {
	Item int  `json:"item"`
	Text Text `json:"text"`
}

func (RunbookAttached) Kind() EventKind   { return EventRunbookAttached }
func (ChecklistTicked) Kind() EventKind   { return EventChecklistTicked }
func (ChecklistUnticked) Kind() EventKind { return EventChecklistUnticked }
func (ChecklistSkipped) Kind() EventKind  { return EventChecklistSkipped }

// NewRunbookAttached is the event that attaches rb, copying its content.
func NewRunbookAttached(rb Runbook, suggested bool) RunbookAttached {
	own := rb.Guidance().clone()
	a := RunbookAttached{Name: rb.Name, Title: rb.Title, Suggested: suggested, Phases: []RunbookPhase{},
		Stop: own.Stop, Fallback: own.Fallback, Contacts: own.Contacts, PersonalData: rb.PersonalData}
	for _, p := range Phases {
		items, g := rb.Phases[p], rb.PhaseGuidance[p]
		if p == PhaseClosed || (len(items) == 0 && g.IsZero()) {
			continue
		}
		a.Phases = append(a.Phases, RunbookPhase{Phase: p, Items: append([]RunbookItem{}, items...), Guidance: g.clone()})
	}
	return a
}

// ---- the snapshot ----

// ItemState is where a checklist item stands.
type ItemState string

const (
	ItemOpen    ItemState = ""        // not done
	ItemDone    ItemState = "done"    // ticked
	ItemSkipped ItemState = "skipped" // left open when the incident moved on with --skip
)

// AttachedRunbook is the runbook of an incident in its state: the attached
// content and where each item stands.
type AttachedRunbook struct {
	Name      string           `json:"name"`
	Title     Text             `json:"title"`
	Seq       int              `json:"seq"` // the event that attached it
	Suggested bool             `json:"suggested,omitempty"`
	Phases    []PhaseChecklist `json:"phases"`
	Stop      []Text           `json:"stop,omitempty"`
	Fallback  []Text           `json:"fallback,omitempty"`
	Contacts  []Contact        `json:"contacts,omitempty"`
}

// PhaseChecklist is one phase's items and their state, and what the
// runbook says for this phase only.
type PhaseChecklist struct {
	Phase Phase       `json:"phase"`
	Items []CheckItem `json:"items"`
	Guidance
}

// CheckItem is an item and its state; By and At are who ticked or skipped
// it and when (zero while open).
type CheckItem struct {
	RunbookItem
	State ItemState `json:"state,omitempty"`
	By    Person    `json:"by,omitzero"`
	At    time.Time `json:"at,omitzero"`
	// Missed is the due time whose passing was recorded (DeadlineMissed):
	// its owner and the commander were reminded of it once.
	Missed time.Time `json:"missed,omitzero"`
}

// Items returns phase p's checklist (nil if the runbook has none for it).
func (rb *AttachedRunbook) Items(p Phase) []CheckItem {
	if rb == nil {
		return nil
	}
	for _, pc := range rb.Phases {
		if pc.Phase == p {
			return pc.Items
		}
	}
	return nil
}

// Progress counts phase p's items: how many are done, of how many.
func (rb *AttachedRunbook) Progress(p Phase) (done, total int) {
	items := rb.Items(p)
	for _, it := range items {
		if it.State == ItemDone {
			done++
		}
	}
	return done, len(items)
}

// item returns item n (from 1) of phase p, or nil.
func (rb *AttachedRunbook) item(p Phase, n int) *CheckItem {
	for i := range rb.Phases {
		if rb.Phases[i].Phase == p && n >= 1 && n <= len(rb.Phases[i].Items) {
			return &rb.Phases[i].Items[n-1]
		}
	}
	return nil
}

// applyChecklist folds a checklist event into the state (called by Apply).
func (inc *Incident) applyChecklist(p Payload, e Event) {
	by, at := e.Actor.Person(), e.OccurredAt
	switch x := p.(type) {
	case RunbookAttached:
		rb := &AttachedRunbook{Name: x.Name, Title: x.Title, Seq: e.Seq, Suggested: x.Suggested,
			Phases: make([]PhaseChecklist, len(x.Phases)), Stop: x.Stop, Fallback: x.Fallback, Contacts: x.Contacts}
		for i, rp := range x.Phases {
			pc := PhaseChecklist{Phase: rp.Phase, Items: make([]CheckItem, len(rp.Items)), Guidance: rp.Guidance}
			for j, it := range rp.Items {
				pc.Items[j] = CheckItem{RunbookItem: it}
			}
			rb.Phases[i] = pc
		}
		inc.Runbook = rb
	case ChecklistTicked:
		if it := inc.Runbook.item(x.Phase, x.Item); it != nil {
			it.State, it.By, it.At = ItemDone, by, at
		}
	case ChecklistUnticked:
		if it := inc.Runbook.item(x.Phase, x.Item); it != nil {
			it.State, it.By, it.At = ItemOpen, Person{}, time.Time{}
		}
	case ChecklistSkipped:
		for _, s := range x.Items {
			if it := inc.Runbook.item(x.Phase, s.Item); it != nil && it.State != ItemDone {
				it.State, it.By, it.At = ItemSkipped, by, at
			}
		}
	}
}

// ---- deciding ----

// attachOnOpen picks the runbook an opening attaches: the one named with
// --runbook (an unknown name is refused, listing the names), else none. A
// runbook the title suggests is offered in the reply, not attached: its
// checklist holds up phase moves, which must not surprise someone who did
// not ask for it (see suggestion).
func (s *Service) attachOnOpen(cmd Command) (*RunbookAttached, error) {
	if cmd.Runbook == "" {
		return nil, nil
	}
	rb, err := s.lookupRunbook(cmd.Runbook)
	if err != nil {
		return nil, err
	}
	a := NewRunbookAttached(rb, false)
	return &a, nil
}

func (s *Service) lookupRunbook(name string) (Runbook, error) {
	if s.library != nil {
		if rb, ok := s.library.Runbook(name); ok {
			return rb, nil
		}
	}
	return Runbook{}, Problemf(ErrInvalid, "err.runbook_unknown", Args{"name": name, "names": s.runbookNames()})
}

// suggestion is the runbook the title suggests for an incident without one.
func (s *Service) suggestion(inc *Incident) (Runbook, bool) {
	if s.library == nil || inc.Runbook != nil {
		return Runbook{}, false
	}
	return s.library.Suggest(inc.Title)
}

// decideRunbook attaches a runbook to an incident that has none: the
// "runbook <name>" command, typically after open suggested it.
func (s *Service) decideRunbook(inc *Incident, cmd Command) ([]Draft, error) {
	if inc.IsClosed() {
		return nil, Problemf(ErrClosed, "err.closed", Args{"ref": inc.Ref()})
	}
	if inc.Runbook != nil {
		return nil, Problemf(ErrConflict, "err.runbook_attached", Args{"ref": inc.Ref(), "name": inc.Runbook.Name})
	}
	rb, err := s.lookupRunbook(cmd.Runbook)
	if err != nil {
		return nil, err
	}
	return []Draft{{Payload: NewRunbookAttached(rb, false)}}, nil
}

// runbookNames lists the library's runbooks for a message.
func (s *Service) runbookNames() Msg {
	var names []string
	if s.library != nil {
		names = slices.Sorted(slices.Values(s.library.RunbookNames()))
	}
	if len(names) == 0 {
		return M("runbook.names_none", nil)
	}
	return M("runbook.names", Args{"names": strings.Join(names, ", ")})
}

// decideTick decides done and undo: item n of the current phase, item n of
// a phase named <phase>.<n>, or the item with a key, of any phase. A closed
// incident takes them for its deadline items only (they outlive the close).
func decideTick(inc *Incident, cmd Command, e env) ([]Draft, error) {
	rb := inc.Runbook
	closed := Problemf(ErrClosed, "err.closed", Args{"ref": inc.Ref()})
	if rb == nil {
		if inc.IsClosed() {
			return nil, closed
		}
		return nil, Problemf(ErrInvalid, "err.checklist_none", Args{"ref": inc.Ref()})
	}
	p, n := inc.Phase, cmd.Item
	switch {
	case cmd.ItemKey != "":
		var ok bool
		if p, n, ok = rb.find(cmd.ItemKey); !ok {
			return nil, Problemf(ErrInvalid, "err.checklist_key", Args{"key": cmd.ItemKey, "name": rb.Name, "ref": inc.Ref(), "verb": string(cmd.Verb)})
		}
	case cmd.ItemPhase != "":
		p = cmd.ItemPhase
	case inc.IsClosed():
		return nil, closed
	}
	items := rb.Items(p)
	if len(items) == 0 {
		return nil, Problemf(ErrInvalid, "err.checklist_phase_empty", Args{"ref": inc.Ref(), "phase": p, "name": rb.Name})
	}
	if n < 1 || n > len(items) {
		return nil, Problemf(ErrInvalid, "err.checklist_range", Args{"n": n, "count": len(items), "phase": p, "verb": string(cmd.Verb)})
	}
	it := items[n-1]
	if inc.IsClosed() && it.Due == 0 {
		return nil, closed
	}
	if cmd.Verb == VerbUndo {
		if it.State != ItemDone {
			return nil, Problemf(ErrInvalid, "err.checklist_not_done", Args{"n": n, "text": it.Text})
		}
		return []Draft{{Payload: ChecklistUnticked{Phase: p, Item: n, Text: it.Text, Key: it.Key}}}, nil
	}
	if it.State == ItemDone {
		return nil, Problemf(ErrInvalid, "err.checklist_already_done", Args{"n": n, "text": it.Text, "by": it.By, "at": When{it.At, e.loc}})
	}
	return []Draft{{Payload: ChecklistTicked{Phase: p, Item: n, Text: it.Text, Key: it.Key}}}, nil
}

// moveOn gates a phase move decided for next, phase or close: a step forward
// (closing included: the post-incident items are the ones most easily
// forgotten) that leaves checklist items of the current phase open is
// refused with an *UntickedError, unless the command says --skip; then a
// ChecklistSkipped event, before the move, logs what was skipped. Back-steps,
// false alarms and reopening pass.
//
//	return moveOn(inc, cmd)(decidePhase(inc, to, cmd.Reason))
func moveOn(inc *Incident, cmd Command) func([]Draft, error) ([]Draft, error) {
	return func(drafts []Draft, err error) ([]Draft, error) {
		if err != nil || inc.Runbook == nil {
			return drafts, err
		}
		for _, d := range drafts {
			pc, ok := d.Payload.(PhaseChanged)
			if !ok || (pc.Move != MoveForward && pc.Move != MoveClose) {
				continue
			}
			open := inc.holding(pc.From) // deadline.go
			if len(open) == 0 {
				return drafts, nil
			}
			if !cmd.Skip {
				return nil, &UntickedError{Incident: inc.ID, Ref: inc.Ref(), From: pc.From, To: pc.To,
					Verb: cmd.Verb, Items: open, owners: ownersOf(inc, pc.From, open)}
			}
			skipped := Draft{Payload: ChecklistSkipped{Phase: pc.From, Items: open}}
			return append([]Draft{skipped}, drafts...), nil
		}
		return drafts, nil
	}
}

func ownersOf(inc *Incident, p Phase, open []SkippedItem) []Msg {
	items := inc.Runbook.Items(p)
	out := make([]Msg, len(open))
	for i, o := range open {
		out[i] = itemLine(inc, o.Item, items[o.Item-1], nil)
	}
	return out
}

// ErrUnticked is the kind of a move refused because checklist items of the
// phase being left are not done; see *UntickedError.
var ErrUnticked = errors.New("checklist items not done")

// UntickedError refuses a step forward while checklist items of the phase
// being left are not done. Adapters offer to move on anyway: SkipCommand is
// the command that does (the incident passed apart, as a channel's would be).
type UntickedError struct {
	Incident ID
	Ref      Ref
	From, To Phase
	Verb     Verb // the command refused: next, phase or close
	Items    []SkippedItem
	owners   []Msg // the items' lines, with owners, for the message
}

func (e *UntickedError) Error() string { return Render(English, e.Message()) }

// Unwrap makes the refusal both ErrUnticked and ErrInvalid (the user's to
// settle; nothing changed).
func (e *UntickedError) Unwrap() []error { return []error{ErrUnticked, ErrInvalid} }

// SkipCommand is the command, without "/incident" and the incident, that
// moves on anyway: "next --skip", "close --skip" or "phase contain --skip".
func (e *UntickedError) SkipCommand() string {
	if e.Verb == VerbNext || e.Verb == VerbClose {
		return string(e.Verb) + " --skip"
	}
	return "phase " + string(e.To) + " --skip"
}

// Message lists the open items and says how to move on anyway.
func (e *UntickedError) Message() Msg {
	verb, rest, _ := strings.Cut(e.SkipCommand(), " ")
	skip := "/incident " + verb + " " + e.Ref.String() + " " + rest
	lines := e.owners
	if len(lines) == 0 {
		for _, it := range e.Items {
			lines = append(lines, M("checklist.open_item", Args{"n": it.Item, "text": it.Text}))
		}
	}
	return M("err.unticked", Args{"ref": e.Ref, "count": len(e.Items), "from": e.From, "to": e.To, "items": lines, "skip": skip})
}

// ---- showing ----

// checklistLines answer "checklist": the current phase's items, numbered,
// with owners, evidence markers and who ticked them when, then the
// runbook's stop conditions, fallbacks and outside contacts: its own, then
// each phase's led by the phase's name ("[contain] …").
func (s *Service) checklistLines(inc *Incident) []Msg {
	rb := inc.Runbook
	if rb == nil {
		return []Msg{M("checklist.none", Args{"ref": inc.Ref(), "names": s.runbookNames()})}
	}
	items := rb.Items(inc.Phase)
	done, total := rb.Progress(inc.Phase)
	head := Args{"ref": inc.Ref(), "name": rb.Name, "title": rb.Title, "phase": inc.Phase, "done": done, "total": total}
	var lines []Msg
	if total == 0 {
		lines = append(lines, M("checklist.head_empty", head))
	} else {
		lines = append(lines, M("checklist.head", head))
		for i, it := range items {
			lines = append(lines, itemLine(inc, i+1, it, s.loc))
		}
		lines = append(lines, M("checklist.how", Args{"ref": inc.Ref()}))
	}
	if dl := s.deadlineLines(inc); len(dl) > 0 {
		lines = append(lines, M("checklist.deadlines", Args{"ref": inc.Ref()}))
		lines = append(lines, dl...)
	}
	if inc.Phase == PhaseInitial {
		// The first-hour material: contacts by role, vendors, recovery memo.
		lines = append(lines, M("checklist.kit", Args{"ref": inc.Ref()}))
	}
	var stop, fallback textList
	var contacts []Msg
	add := func(p Phase, g Guidance) {
		for _, t := range g.Stop {
			stop = append(stop, phaseNote{p, t})
		}
		for _, t := range g.Fallback {
			fallback = append(fallback, phaseNote{p, t})
		}
		for _, c := range g.Contacts {
			name, reach := c.Who(), Localizer(clause(c.Reach))
			if n, r, ok := s.contactName(c); ok {
				name, reach = n, r
				if c.Reach != (Text{}) {
					reach = textList{r, clause(c.Reach)}
				}
			}
			a := Args{"name": name, "reach": phaseNote{p, reach}}
			if c.Ask == (Text{}) {
				contacts = append(contacts, M("checklist.contact", a))
				continue
			}
			a["ask"] = c.Ask
			contacts = append(contacts, M("checklist.contact_ask", a))
		}
	}
	add("", Guidance{Stop: rb.Stop, Fallback: rb.Fallback, Contacts: rb.Contacts})
	for _, pc := range rb.Phases {
		add(pc.Phase, pc.Guidance)
	}
	if len(stop) > 0 {
		lines = append(lines, M("checklist.stop", Args{"items": stop}))
	}
	if len(fallback) > 0 {
		lines = append(lines, M("checklist.fallback", Args{"items": fallback}))
	}
	if len(contacts) > 0 {
		lines = append(lines, M("checklist.contacts", Args{"items": joinMsgs(contacts)}))
	}
	return lines
}

// itemLine is "n. ☐ text — owner tech (@suzuki) · keep evidence · done by
// @sato at …". With loc nil the state is left out (an error's list).
func itemLine(inc *Incident, n int, it CheckItem, loc *time.Location) Msg {
	var details []Msg
	if it.Owner != "" {
		holder := Msg(M("checklist.unassigned", nil))
		if p := inc.Holder(it.Owner); !p.IsZero() {
			holder = M("checklist.person", Args{"person": p})
		}
		details = append(details, M("checklist.owner", Args{"role": it.Owner, "holder": holder}))
	}
	if it.Evidence {
		details = append(details, M("checklist.evidence", nil))
	}
	if it.Due > 0 {
		details = append(details, M("checklist.deadline", nil))
	}
	if it.When == WhenPersonalData {
		details = append(details, M("checklist.when_personal_data", nil))
	}
	mark := "☐"
	if loc != nil {
		switch it.State {
		case ItemDone:
			mark = "✓"
			details = append(details, M("checklist.done_by", Args{"by": it.By, "at": When{it.At, loc}}))
		case ItemSkipped:
			details = append(details, M("checklist.skipped_by", Args{"by": it.By, "at": When{it.At, loc}}))
		}
	}
	a := Args{"n": n, "mark": mark, "text": it.Text}
	if len(details) == 0 {
		return M("checklist.item_plain", a)
	}
	a["details"] = dotted(details)
	return M("checklist.item", a)
}

// showChecklist is show's line about the runbook: its name and the current
// phase's progress.
func showChecklist(inc *Incident) []Msg {
	rb := inc.Runbook
	if rb == nil {
		return nil
	}
	done, total := rb.Progress(inc.Phase)
	a := Args{"name": rb.Name, "title": rb.Title, "phase": inc.Phase, "done": done, "total": total}
	if total == 0 {
		return []Msg{M("show.runbook_empty", a)}
	}
	return []Msg{M("show.runbook", a)}
}

// confirmOpenRunbook is the open reply's line about the runbook attached.
func confirmOpenRunbook(inc *Incident) []Msg {
	rb := inc.Runbook
	if rb == nil {
		return nil
	}
	a := Args{"name": rb.Name, "title": rb.Title, "ref": inc.Ref()}
	return []Msg{M("open.runbook", a)}
}

// confirmTick is the reply to done and undo: the item, its phase's
// progress, and for a deadline item whether it was in time.
func confirmTick(inc *Incident, cmd Command, events []Event, a Args, loc *time.Location) []Msg {
	var p Phase
	var n int
	switch x, _ := events[0].Payload(); x := x.(type) {
	case ChecklistTicked:
		p, n = x.Phase, x.Item
	case ChecklistUnticked:
		p, n = x.Phase, x.Item
	}
	done, total := inc.Runbook.Progress(p)
	it := inc.Runbook.item(p, n)
	a["n"], a["phase"], a["done"], a["total"] = n, p, done, total
	if it != nil {
		a["text"] = it.Text
	}
	if cmd.Verb == VerbUndo {
		return []Msg{M("checklist.unticked", a)}
	}
	lines := []Msg{M("checklist.ticked", a)}
	if it != nil && it.Due > 0 {
		if d, ok := inc.deadline(it.Key); ok && d.Applies && !d.Due.IsZero() {
			lines = append(lines, deadlineVerdict(inc, d, loc))
		}
	}
	if done == total && p == inc.Phase {
		lines = append(lines, M("checklist.phase_complete", Args{"phase": inc.Phase, "ref": inc.Ref()}))
	}
	return lines
}

// confirmMove adds to a phase move's reply what was skipped, and the
// checklist waiting in the phase entered.
func confirmMove(inc *Incident, events []Event) []Msg {
	var lines []Msg
	for _, e := range events {
		p, _ := e.Payload()
		if sk, ok := p.(ChecklistSkipped); ok {
			var items []Msg
			for _, it := range sk.Items {
				items = append(items, M("checklist.open_item", Args{"n": it.Item, "text": it.Text}))
			}
			lines = append(lines, M("checklist.skipped", Args{"phase": sk.Phase, "count": len(sk.Items), "items": items, "seq": e.Seq}))
		}
	}
	if inc.Runbook == nil || inc.IsClosed() {
		return lines
	}
	if done, total := inc.Runbook.Progress(inc.Phase); total > 0 {
		lines = append(lines, M("checklist.waiting", Args{"phase": inc.Phase, "done": done, "total": total, "ref": inc.Ref()}))
	}
	return lines
}

// textList shows configured texts one after another.
type textList []Localizer

func (t textList) Localize(l Lang) string {
	sep := "; "
	if l == Japanese {
		sep = "／"
	}
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = x.Localize(l)
	}
	return strings.Join(parts, sep)
}

// dotted shows messages on one line separated by " · ".
type dotted []Msg

func (d dotted) Localize(l Lang) string {
	parts := make([]string, len(d))
	for i, m := range d {
		parts[i] = Render(l, m)
	}
	return strings.Join(parts, " · ")
}

// phaseNote is guidance written for one phase, shown among the whole
// runbook's: led by the phase's name, "[contain] …" or "[封じ込め] …".
type phaseNote struct {
	phase Phase // "": the runbook's own, shown as it is
	text  Localizer
}

func (n phaseNote) Localize(l Lang) string {
	if n.phase == "" {
		return n.text.Localize(l)
	}
	return "[" + n.phase.Localize(l) + "] " + n.text.Localize(l)
}

// clause is a configured text used inside a longer sentence: its own closing
// full stop is dropped, so "(… ledger; ask: …)" does not read "ledger.;".
type clause Text

func (c clause) Localize(l Lang) string {
	return strings.TrimRight(Text(c).Localize(l), ".。 ")
}
