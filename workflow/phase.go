package workflow

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/looplab/fsm"
)

// Phase is where an incident stands in the response flow.
type Phase string

const (
	PhaseDetect      Phase = "detect"      // real? how urgent?
	PhaseInitial     Phase = "initial"     // is it spreading? isolate, contact
	PhaseInvestigate Phase = "investigate" // how far does it reach?
	PhaseContain     Phase = "contain"     // can they get back in?
	PhaseRecover     Phase = "recover"     // any sign of recurrence?
	PhasePost        Phase = "post"        // report, prevention, procedure updates
	PhaseClosed      Phase = "closed"
)

// Phases lists the phases in flow order, closed last.
var Phases = []Phase{PhaseDetect, PhaseInitial, PhaseInvestigate, PhaseContain, PhaseRecover, PhasePost, PhaseClosed}

var phaseAliases = map[string]Phase{
	"detect": PhaseDetect, "detection": PhaseDetect, "検知": PhaseDetect,
	"initial": PhaseInitial, "initial-response": PhaseInitial, "初動": PhaseInitial,
	"investigate": PhaseInvestigate, "investigation": PhaseInvestigate, "調査": PhaseInvestigate,
	"contain": PhaseContain, "containment": PhaseContain, "封じ込め": PhaseContain,
	"recover": PhaseRecover, "recovery": PhaseRecover, "復旧": PhaseRecover,
	"post": PhasePost, "post-incident": PhasePost, "事後": PhasePost, "事後対応": PhasePost,
}

// ParsePhase reads a phase name typed by a user (English or Japanese). Closed is
// not a phase one moves to by name: that is what close is for.
func ParsePhase(s string) (Phase, bool) {
	p, ok := phaseAliases[strings.ToLower(strings.TrimSpace(s))]
	return p, ok
}

// Localize names the phase in language l.
func (p Phase) Localize(l Lang) string { return Render(l, M(MsgKey("phase."+string(p)), nil)) }

// Move is the kind of a phase transition.
type Move string

const (
	MoveForward    Move = "forward"     // one step along the flow
	MoveBack       Move = "back"        // something was found again; needs a reason
	MoveClose      Move = "close"       // post → closed, once the postmortem is written
	MoveFalseAlarm Move = "false_alarm" // detect|initial → closed; needs a reason
	MoveReopen     Move = "reopen"      // closed → investigate; needs a reason
)

// NeedsReason tells whether a move of this kind must say why.
func (m Move) NeedsReason() bool {
	return m == MoveBack || m == MoveFalseAlarm || m == MoveReopen
}

// Transition is one row of the published transition table.
type Transition struct {
	From Phase
	To   Phase
	Move Move
}

// transitions is the whole table. Nothing else decides which moves are legal:
// the state machine below is built from it.
var transitions = []Transition{
	{PhaseDetect, PhaseInitial, MoveForward},
	{PhaseInitial, PhaseInvestigate, MoveForward},
	{PhaseInvestigate, PhaseContain, MoveForward},
	{PhaseContain, PhaseRecover, MoveForward},
	{PhaseRecover, PhasePost, MoveForward},
	{PhaseContain, PhaseInvestigate, MoveBack},
	{PhaseRecover, PhaseInvestigate, MoveBack},
	{PhaseRecover, PhaseContain, MoveBack},
	{PhasePost, PhaseInvestigate, MoveBack},
	{PhasePost, PhaseContain, MoveBack},
	{PhasePost, PhaseRecover, MoveBack},
	{PhasePost, PhaseClosed, MoveClose},
	{PhaseDetect, PhaseClosed, MoveFalseAlarm},
	{PhaseInitial, PhaseClosed, MoveFalseAlarm},
	{PhaseClosed, PhaseInvestigate, MoveReopen},
}

// Transitions returns a copy of the transition table.
func Transitions() []Transition { return append([]Transition(nil), transitions...) }

// AllowedFrom lists the transitions that leave phase p, in table order.
func AllowedFrom(p Phase) []Transition {
	var out []Transition
	for _, t := range transitions {
		if t.From == p {
			out = append(out, t)
		}
	}
	return out
}

// fsmEvent names the state-machine event for a move to a phase.
func fsmEvent(m Move, to Phase) string { return string(m) + ">" + string(to) }

// fsmEvents builds looplab/fsm's event list from the table.
func fsmEvents() fsm.Events {
	bySrc := map[string][]string{}
	var order []string
	dst := map[string]string{}
	for _, t := range transitions {
		name := fsmEvent(t.Move, t.To)
		if _, ok := bySrc[name]; !ok {
			order = append(order, name)
		}
		bySrc[name] = append(bySrc[name], string(t.From))
		dst[name] = string(t.To)
	}
	evs := make(fsm.Events, 0, len(order))
	for _, name := range order {
		evs = append(evs, fsm.EventDesc{Name: name, Src: bySrc[name], Dst: dst[name]})
	}
	return evs
}

// TransitionError says a move is not allowed from the current phase and which are.
type TransitionError struct {
	From    Phase
	To      Phase
	Move    Move // empty when the user named a phase ("phase X")
	Allowed []Transition
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("cannot move from %s to %s", e.From, e.To)
}

// Unwrap lets callers branch with errors.Is(err, ErrTransition).
func (e *TransitionError) Unwrap() error { return ErrTransition }

// Message explains the refusal and lists what is allowed from here.
func (e *TransitionError) Message() Msg {
	allowed := e.allowed()
	if e.From == PhaseClosed {
		return M("err.transition_closed", Args{"to": e.To, "allowed": allowed})
	}
	return M("err.transition", Args{"from": e.From, "to": e.To, "allowed": allowed})
}

// allowed lists the moves of e.Allowed for a message.
func (e *TransitionError) allowed() Msg {
	var opts []Msg
	for _, t := range e.Allowed {
		opts = append(opts, M(MsgKey("move."+string(t.Move)), Args{"phase": t.To}))
	}
	if len(opts) == 0 {
		return M("move.none", nil)
	}
	return M("list", Args{"items": joinMsgs(opts)})
}

// joined is a list of messages rendered in one line, separated by commas.
type joined []Msg

func (j joined) Localize(l Lang) string {
	sep := ", "
	if l == Japanese {
		sep = "、"
	}
	parts := make([]string, len(j))
	for i, m := range j {
		parts[i] = Render(l, m)
	}
	return strings.Join(parts, sep)
}

func joinMsgs(ms []Msg) joined { return joined(ms) }

// Step asks the state machine to move from phase from to phase to. With move
// empty, the move is whichever the table allows between the two phases (a step
// forward or a step back). It returns the move taken, or a *TransitionError.
func Step(from, to Phase, move Move) (Move, error) {
	machine := fsm.NewFSM(string(from), fsmEvents(), nil)
	candidates := []Move{move}
	if move == "" {
		candidates = []Move{MoveForward, MoveBack}
	}
	for _, m := range candidates {
		ev := fsmEvent(m, to)
		if !machine.Can(ev) {
			continue
		}
		if err := machine.Event(context.Background(), ev); err != nil {
			var ie fsm.InvalidEventError
			if errors.As(err, &ie) {
				continue
			}
			return "", fmt.Errorf("phase %s → %s: %w", from, to, err)
		}
		if Phase(machine.Current()) != to {
			return "", fmt.Errorf("phase %s → %s: machine ended in %s", from, to, machine.Current())
		}
		return m, nil
	}
	return "", &TransitionError{From: from, To: to, Move: move, Allowed: AllowedFrom(from)}
}

// Next is the phase one step forward from p, if any.
func Next(p Phase) (Phase, bool) {
	for _, t := range transitions {
		if t.From == p && t.Move == MoveForward {
			return t.To, true
		}
	}
	return "", false
}

// MermaidDiagram draws the table as a Mermaid state diagram, for the docs.
func MermaidDiagram() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n    [*] --> detect\n")
	rows := Transitions()
	sort.SliceStable(rows, func(i, j int) bool { return phaseIndex(rows[i].From) < phaseIndex(rows[j].From) })
	for _, t := range rows {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", t.From, t.To, t.Move)
	}
	return b.String()
}

func phaseIndex(p Phase) int {
	for i, q := range Phases {
		if q == p {
			return i
		}
	}
	return len(Phases)
}
