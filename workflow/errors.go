package workflow

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
)

// Sentinel errors callers branch on with errors.Is.
var (
	ErrInvalid    = errors.New("invalid input")          // the user wrote something wrong
	ErrNotFound   = errors.New("not found")              // no such incident (or not visible to the actor)
	ErrForbidden  = errors.New("not allowed")            // the actor may not do this
	ErrConflict   = errors.New("conflict")               // state changed under us; retry
	ErrClosed     = errors.New("incident is closed")     // a change to a closed incident
	ErrTransition = errors.New("phase move not allowed") // see *TransitionError
	ErrAmbiguous  = errors.New("which incident?")        // several open incidents, none named
	// ErrBusy: the store could not take the change before the caller's
	// deadline (the writer's queue was too long); nothing was applied, and
	// the same request may be sent again in a moment.
	ErrBusy = errors.New("busy")
)

// Problem is an error caused by the user's input or situation. It carries a
// message for the user, rendered in their language by the adapter, and a sentinel
// kind for callers. Anything that is not a Problem (or another error with a
// Message method) is ours: adapters show "internal error" and log the detail.
type Problem struct {
	Kind error
	Msg  Msg
}

func (p *Problem) Error() string { return Render(English, p.Msg) }

// Unwrap returns the sentinel kind.
func (p *Problem) Unwrap() error { return p.Kind }

// Message is the text for the user.
func (p *Problem) Message() Msg { return p.Msg }

// Problemf builds a Problem of the given kind.
func Problemf(kind error, key MsgKey, args Args) *Problem {
	return &Problem{Kind: kind, Msg: M(key, args)}
}

// UserMessage is implemented by errors that carry text meant for the user.
type UserMessage interface {
	error
	Message() Msg
}

// UserMessageOf returns the user-facing message of err, if it has one.
func UserMessageOf(err error) (Msg, bool) {
	var um UserMessage
	if errors.As(err, &um) {
		return um.Message(), true
	}
	return Msg{}, false
}

// ErrorReply is what every adapter tells the user when a command fails: the
// error's own message when it has one; "busy, try again in a moment" when
// the store was too busy to take the change (ErrBusy: nothing was applied);
// otherwise, since the fault is ours, an apology with a fresh error id, and
// the detail goes to the log under that id only, so a report quoting the id
// finds it.
func ErrorReply(log *slog.Logger, actor Actor, err error) Msg {
	if m, ok := UserMessageOf(err); ok {
		return m
	}
	if errors.Is(err, ErrBusy) {
		log.Warn("busy: command dropped before it was applied", "actor", actor.String(), "err", err)
		return M("err.busy", nil)
	}
	id := newErrorID()
	log.Error("internal error", "id", id, "actor", actor.String(), "err", err)
	return M("err.internal", Args{"id": id})
}

// newErrorID is a short random id: enough to find one log entry, too short
// to mistake for an incident or event id.
func newErrorID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
