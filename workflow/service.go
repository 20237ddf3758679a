package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Service applies /incident commands: parse, resolve the incident, decide, seal
// the events into the chain, fold them into the state and store both in one
// transaction. The reply is returned only after the commit.
type Service struct {
	store     Store
	now       func() time.Time
	loc       *time.Location
	scale     Scale
	log       *slog.Logger
	esc       Escalation
	authority Authority
	notifiers []Notifier
	observers []CommandObserver
	library   Library
	sandboxes []string
	ledger    Ledger
	// contactWindow and rhythm are [drills] contact_window and every
	// (contact_check.go, rhythm.go).
	contactWindow time.Duration
	rhythm        Rhythm
}

// Options configure a Service. Zero values take defaults: Now = time.Now,
// Location = time.Local, Scale = DefaultScale(), Logger = slog.Default().
type Options struct {
	Store    Store
	Now      func() time.Time
	Location *time.Location // times typed without a zone are read in it
	Scale    Scale          // levels, their criteria and their escalation policies
	Logger   *slog.Logger
	// Escalation is the on-call configuration; Authority who may do what
	// needs authority (empty lists: the built-in defaults).
	Escalation Escalation
	Authority  Authority
	// Notifiers receive the notices of every change, inside its transaction.
	Notifiers []Notifier
	// Library holds the runbooks and drill scenarios; nil: none.
	Library Library
	// Sandboxes are the channel ids where drills may start ([drills]
	// sandbox_channels). The console passes no channel and is not checked.
	Sandboxes []string
	// Ledger is the vendors, the responsibility matrix and the assets
	// ([[vendor]], [[responsibility]], [[asset]]); zero: none configured.
	Ledger Ledger
	// ContactWindow is how long (real time) a drill's contact check takes
	// answers ([drills] contact_window); 0: DefaultContactWindow.
	ContactWindow time.Duration
	// DrillEvery is how often a drill is due ([drills] every); zero: no
	// reminders.
	DrillEvery Rhythm
}

// NewService builds a Service.
func NewService(o Options) *Service {
	s := &Service{store: o.Store, now: o.Now, loc: o.Location, scale: o.Scale, log: o.Logger,
		esc: o.Escalation, authority: o.Authority, notifiers: o.Notifiers, library: o.Library, sandboxes: o.Sandboxes,
		ledger: o.Ledger, contactWindow: o.ContactWindow, rhythm: o.DrillEvery}
	if s.contactWindow <= 0 {
		s.contactWindow = DefaultContactWindow
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc = time.Local
	}
	if len(s.scale.Levels) == 0 {
		s.scale = DefaultScale()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

// AddNotifier adds an adapter that receives notices. Adapters are built with
// the service they serve, so they join after it; call this before the service
// is used.
func (s *Service) AddNotifier(n Notifier) { s.notifiers = append(s.notifiers, n) }

// Library is the service's runbooks and drill scenarios (nil if none).
func (s *Service) Library() Library { return s.library }

// Ledger is the service's vendors, responsibility matrix and assets.
func (s *Service) Ledger() Ledger { return s.ledger }

// Scale is the severity scale the service uses.
func (s *Service) Scale() Scale { return s.scale }

// Request is one command as an adapter received it.
type Request struct {
	Actor Actor
	Lang  Lang
	Text  string // what followed "/incident" (a leading "/incident" is accepted too)
	// Channel is the incident bound to the channel the command came from (a Slack
	// incident channel); zero elsewhere, and then the only open incident is used.
	Channel Ref
	// Place is the chat channel the command was typed in (a Slack channel
	// id), for the drill sandbox check; empty in the console, which is not
	// checked.
	Place string
	// Key, if set, makes the request idempotent: a request whose key was seen
	// before changes nothing and gets a Reply with Duplicate set.
	Key string
	// InTx, if set, runs inside the transaction of a command that changed an
	// incident, after the change; what it writes (Tx.Enqueue, Tx.SetLink)
	// commits with the change or not at all. An error aborts the command.
	InTx func(tx Tx, r Reply) error
}

// Reply is what a command produced.
type Reply struct {
	Lines    []Msg     // the text for the person who typed the command
	Incident *Incident // the incident acted on, after the change; nil for list/help
	Events   []Event   // the events the command appended (empty if it changed nothing)
	// Report is set by "report": the adapter renders the export of Incident in
	// this format ("md" or "json") with the report package.
	Report string
	// Duplicate reports a request whose Key was already applied.
	Duplicate bool
	// Suggested names the runbook an opened incident's title suggests (not
	// attached; "runbook <name>" attaches it); empty if none.
	Suggested string
	// InChannel: the answer is for everyone where the command was typed
	// (who, kit, vendors), not only for whoever typed it; never about a
	// private incident.
	InChannel bool
}

// Timeline returns an incident and its events for the actor, for export. A
// private incident the actor may not see is ErrNotFound, exactly as a missing one.
func (s *Service) Timeline(ctx context.Context, actor Actor, ref Ref) (*Incident, []Event, error) {
	var inc *Incident
	var events []Event
	err := s.store.View(ctx, func(tx ReadTx) error {
		var err error
		inc, err = tx.Incident(ref)
		if err != nil {
			return err
		}
		if !s.visible(inc, actor) {
			return notFound(ref)
		}
		events, err = tx.Events(inc.ID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return inc, events, nil
}

// Timelines runs fn for each incident the filter selects, with its
// timeline, in one read transaction (for statistics: no visibility filter,
// as they show counts and durations, never titles). An error from fn stops
// it and is returned unchanged.
func (s *Service) Timelines(ctx context.Context, f Filter, fn func(*Incident, EventSource) error) error {
	return s.store.View(ctx, func(tx ReadTx) error {
		incs, err := tx.Incidents(f)
		if err != nil {
			return err
		}
		for _, inc := range incs {
			if err := fn(inc, TxEvents{Tx: tx, ID: inc.ID}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Incidents lists incidents for statistics (no visibility filter: stats show
// counts and durations, never titles).
func (s *Service) Incidents(ctx context.Context, f Filter) ([]*Incident, error) {
	var out []*Incident
	err := s.store.View(ctx, func(tx ReadTx) error {
		var err error
		out, err = tx.Incidents(f)
		return err
	})
	return out, err
}

// ReadTimeline runs fn with an incident and its timeline, for the actor, in
// one read transaction: the timeline is read page by page as fn goes through
// it, as often as fn needs, and every pass sees the same events. A private
// incident the actor may not see is ErrNotFound, exactly as a missing one.
// An error from fn is returned unchanged.
func (s *Service) ReadTimeline(ctx context.Context, actor Actor, ref Ref, fn func(*Incident, EventSource) error) error {
	return s.store.View(ctx, func(tx ReadTx) error {
		inc, err := tx.Incident(ref)
		if err != nil {
			return err
		}
		if !s.visible(inc, actor) {
			return notFound(ref)
		}
		return fn(inc, TxEvents{Tx: tx, ID: inc.ID})
	})
}

// Verify checks the incident's hash chain. It returns the incident, the number
// of events and the head hash, or a *ChainError naming the first broken event.
// Verification is an integrity check for operators and ignores visibility.
// The timeline is read a page at a time, so a long one needs no more memory
// than a short one.
func (s *Service) Verify(ctx context.Context, ref Ref) (*Incident, int, Hash, error) {
	inc, n, head, _, err := s.verified(ctx, ref, "")
	return inc, n, head, err
}

// VerifyAnchor verifies the incident's chain as Verify does, and then finds
// the event whose hash is anchor: a head published earlier (posted in the
// incident's channel, copied from a card or an export). anchor is the hash in
// hex, or its first 12 or more digits. Every event up to the one found is
// then the one that was published; a chain cut short and given a new head, or
// rewritten, has no such event: a *ChainError says so. The anchor is looked
// for in the same single pass, so memory stays flat here too.
func (s *Service) VerifyAnchor(ctx context.Context, ref Ref, anchor string) (inc *Incident, n int, head Hash, at Event, err error) {
	want := strings.ToLower(strings.TrimSpace(anchor))
	if want == "" {
		return nil, 0, Hash{}, Event{}, fmt.Errorf("verify: no head to look for")
	}
	inc, n, head, at, err = s.verified(ctx, ref, want)
	if err != nil {
		return inc, n, head, Event{}, err
	}
	if at.Seq == 0 {
		return inc, n, head, Event{}, &ChainError{Seq: n,
			Reason: "no event has the published head " + want + ": the timeline was cut short or rewritten after it was published"}
	}
	return inc, n, head, at, nil
}

// MinAnchor is the fewest hex digits of a hash VerifyAnchor accepts: the
// short form cards and replies show.
const MinAnchor = 12

// ParseAnchor checks an anchor for VerifyAnchor: MinAnchor to 64 hex digits.
func ParseAnchor(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < MinAnchor || len(s) > 2*len(Hash{}) || strings.Trim(s, "0123456789abcdef") != "" {
		return "", fmt.Errorf("head %q: write the hash in hex, at least its first %d digits", s, MinAnchor)
	}
	return s, nil
}

// verified reads the incident and its events one at a time and verifies
// the chain, the recorded head and the stored state against the timeline.
// With an anchor (lower-case hex, a prefix of a hash), at is the first
// event whose hash begins with it (zero when none does).
func (s *Service) verified(ctx context.Context, ref Ref, anchor string) (inc *Incident, n int, head Hash, at Event, err error) {
	var chain ChainVerifier
	var fold replayer
	err = s.store.View(ctx, func(tx ReadTx) error {
		var err error
		if inc, err = tx.Incident(ref); err != nil {
			return err
		}
		return EachEvent(tx, inc.ID, 0, nil, func(e Event) error {
			n++
			chain.Add(e)
			fold.add(e)
			if anchor != "" && at.Seq == 0 && strings.HasPrefix(e.Hash.String(), anchor) {
				at = e
			}
			return nil
		})
	})
	if err != nil {
		return nil, 0, Hash{}, Event{}, err
	}
	head, err = chain.Result()
	if err == nil && head != inc.Head {
		err = &ChainError{Seq: n, Reason: "the incident's recorded head does not match the last event"}
	}
	if err == nil {
		err = sameAsTimeline(inc, &fold, n)
	}
	return inc, n, head, at, err
}

// replayer folds events one at a time, as Replay does.
type replayer struct {
	inc Incident
	err error // the first event that did not fold
}

func (r *replayer) add(e Event) {
	if r.err == nil {
		if err := r.inc.Apply(e); err != nil {
			r.err = fmt.Errorf("replay: %w", err)
		}
	}
}

// result is the incident the events fold into, or Replay's error.
func (r *replayer) result() (*Incident, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.inc.ID == NilID {
		return nil, fmt.Errorf("replay: no opening event")
	}
	return &r.inc, nil
}

func notFound(ref Ref) *Problem {
	return Problemf(ErrNotFound, "err.not_found", Args{"ref": ref})
}

// sameAsTimeline checks the stored snapshot against the state its verified
// timeline of n events folds to: show, the card and exports read the
// snapshot, so an edit to it alone must not pass as verified.
func sameAsTimeline(inc *Incident, fold *replayer, n int) error {
	replayed, err := fold.result()
	if err != nil {
		return &ChainError{Seq: n, Reason: "the timeline does not fold into a state: " + err.Error()}
	}
	replayed.Version = inc.Version
	a, errA := json.Marshal(inc)
	b, errB := json.Marshal(replayed)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		return &ChainError{Seq: n, Reason: "the stored state of the incident does not match its timeline"}
	}
	return nil
}

// visible reports whether actor may see inc: a private incident shows to its
// people (see Incident.VisibleTo) and to the people the configured authority
// names (ARCHITECTURE.md: "only for its members and the configured
// authorities").
func (s *Service) visible(inc *Incident, actor Actor) bool {
	if inc.VisibleTo(actor) {
		return true
	}
	a := s.authority
	for _, list := range a.lists() {
		for _, t := range list {
			if t.Kind == TargetUser && t.ID == actor.User {
				return true
			}
		}
	}
	return false
}
