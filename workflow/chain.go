package workflow

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Hash is a SHA-256 digest.
type Hash [32]byte

// String is the lowercase hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// Short is the first 12 hex digits, for cards and replies.
func (h Hash) Short() string { return hex.EncodeToString(h[:6]) }

// IsZero reports whether h is all zeros (the hash before the first event).
func (h Hash) IsZero() bool { return h == Hash{} }

// Localize lets a Hash fill a message placeholder (short form).
func (h Hash) Localize(Lang) string { return h.Short() }

// ParseHash reads the hex form.
func ParseHash(s string) (Hash, error) {
	var h Hash
	var src [64]byte
	if len(s) != len(src) {
		return h, fmt.Errorf("bad hash %q", s)
	}
	copy(src[:], s)
	if _, err := hex.Decode(h[:], src[:]); err != nil {
		return Hash{}, fmt.Errorf("bad hash %q", s)
	}
	return h, nil
}

// MarshalText / UnmarshalText store hashes as hex in JSON.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }
func (h *Hash) UnmarshalText(b []byte) error {
	v, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// TimeLayout is how times enter the chain: UTC, microseconds, always 6 digits.
// Times are truncated to microseconds when events are made, so every store
// (SQLite text, PostgreSQL timestamptz) gives back exactly what was hashed.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// chainDomain separates this encoding from any other use of SHA-256.
const chainDomain = "incidentbot/event/v1"

// The canonical encoding of an event for its chain hash (version 1):
//
//	hash = SHA-256( field(chainDomain) ‖ field(incident id) ‖ field(seq) ‖
//	                field(event id) ‖ field(kind) ‖ field(occurred at) ‖
//	                field(recorded at) ‖ field(actor team) ‖ field(actor user) ‖
//	                field(actor name) ‖ field(subject) ‖ field(payload hash) ‖
//	                field(prev hash) )
//
// where field(s) is the 8-byte big-endian length of s followed by the UTF-8
// bytes of s; ids are lowercase hyphenated UUIDs; seq is decimal; times use
// TimeLayout; hashes are lowercase hex; payload hash = SHA-256(body) of the
// payload exactly as stored (canonical JSON from encoding/json). The payload is
// hashed apart from the header so a redaction can replace the body while the
// header, and so the chain, still verifies. The golden vector in chain_test.go
// pins this encoding: changing it breaks every stored chain.
func chainHash(e Event) Hash {
	// The header is laid out in one buffer (on the stack for the usual
	// event) and hashed in one call: it is hashed once per event on every
	// verify and export, so it makes no garbage and few digest calls.
	var buf [512]byte
	b := buf[:0]
	// begin leaves room for a field's length; end writes it.
	begin := func() int { b = append(b, 0, 0, 0, 0, 0, 0, 0, 0); return len(b) }
	end := func(at int) { binary.BigEndian.PutUint64(b[at-8:at], uint64(len(b)-at)) }
	str := func(s string) { at := begin(); b = append(b, s...); end(at) }
	id := func(v ID) { at := begin(); b = v.appendText(b); end(at) }
	when := func(t time.Time) { at := begin(); b = appendTime(b, t); end(at) }
	hash := func(v Hash) { at := begin(); b = hex.AppendEncode(b, v[:]); end(at) }
	str(chainDomain)
	id(e.IncidentID)
	at := begin()
	b = strconv.AppendInt(b, int64(e.Seq), 10)
	end(at)
	id(e.ID)
	str(string(e.Kind))
	when(e.OccurredAt)
	when(e.RecordedAt)
	str(e.Actor.Team)
	str(e.Actor.User)
	str(e.Actor.Name)
	str(e.Subject)
	hash(e.PayloadHash)
	hash(e.PrevHash)
	return sha256.Sum256(b)
}

// appendTime appends t in UTC as TimeLayout writes it, without the layout's
// parsing for the years it is made for (0 to 9999): the chain hashes two
// times per event.
func appendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, TimeLayout)
	}
	hour, minute, sec := t.Clock()
	b = append(appendDigits(b, year, 4), '-')
	b = append(appendDigits(b, int(month), 2), '-')
	b = append(appendDigits(b, day, 2), 'T')
	b = append(appendDigits(b, hour, 2), ':')
	b = append(appendDigits(b, minute, 2), ':')
	b = append(appendDigits(b, sec, 2), '.')
	return append(appendDigits(b, t.Nanosecond()/1000, 6), 'Z')
}

// appendDigits appends v (at least 0) in n decimal digits, zeros first.
func appendDigits(b []byte, v, n int) []byte {
	start := len(b)
	for range n {
		b = append(b, '0')
	}
	for i := len(b) - 1; i >= start; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}

// Seal turns drafts into chained events following the incident's current head
// (seq, head). It assigns sequence numbers, ids (from ids: the store's
// Tx.NewID), hashes and the recorded time.
func Seal(ids IDSource, incidentID ID, seq int, head Hash, actor Actor, recordedAt time.Time, drafts []Draft) ([]Event, error) {
	out := make([]Event, 0, len(drafts))
	recordedAt = recordedAt.UTC().Truncate(time.Microsecond)
	for _, d := range drafts {
		body, err := json.Marshal(d.Payload)
		if err != nil {
			return nil, fmt.Errorf("encode %s payload: %w", d.Payload.Kind(), err)
		}
		id, err := ids()
		if err != nil {
			return nil, fmt.Errorf("new event id: %w", err)
		}
		seq++
		occurred := d.OccurredAt
		if occurred.IsZero() {
			occurred = recordedAt
		}
		e := Event{
			IncidentID:  incidentID,
			Seq:         seq,
			ID:          id,
			Kind:        d.Payload.Kind(),
			OccurredAt:  occurred.UTC().Truncate(time.Microsecond),
			RecordedAt:  recordedAt,
			Actor:       actor,
			Subject:     d.Subject,
			Body:        body,
			PayloadHash: sha256.Sum256(body),
			PrevHash:    head,
		}
		e.Hash = chainHash(e)
		head = e.Hash
		out = append(out, e)
	}
	return out, nil
}

// ChainError names the first event at which a chain does not verify.
type ChainError struct {
	Seq    int
	Reason string
}

func (e *ChainError) Error() string { return fmt.Sprintf("event %d: %s", e.Seq, e.Reason) }

// Message is the text for the user.
func (e *ChainError) Message() Msg {
	return M("verify.broken", Args{"seq": e.Seq, "reason": e.Reason})
}

// VerifyChain checks events (in seq order, all of one incident): numbering,
// links, each header hash, each stored payload against its hash, and that every
// redacted payload has a redaction event for it later in the chain. It returns
// the head hash, or a *ChainError naming the first broken event.
func VerifyChain(events []Event) (Hash, error) {
	var v ChainVerifier
	for _, e := range events {
		v.Add(e)
	}
	return v.Result()
}

// ChainVerifier checks a chain one event at a time, so a timeline read in
// pages is verified without holding it: Add each event in seq order, then
// Result. It gives the answer VerifyChain gives for the same events. A
// redacted payload is only known to be covered once its redaction event has
// been seen, later in the chain, so those checks wait for Result; they need
// memory for the redacted events alone.
type ChainVerifier struct {
	n      int  // events added
	head   Hash // hash of the last event that verified
	broken *ChainError
	// redacted are the redacted events before the first broken one whose
	// redaction event has not been seen (yet); covered are the events some
	// redaction event names.
	redacted []redactedLink
	covered  map[int]bool
}

// redactedLink is a redacted event and the head before it.
type redactedLink struct {
	seq    int
	before Hash
}

// Add checks the next event of the chain.
func (v *ChainVerifier) Add(e Event) {
	v.n++
	if e.Kind == EventRedaction && !e.Redacted {
		if p, err := e.Payload(); err == nil {
			if v.covered == nil {
				v.covered = map[int]bool{}
			}
			v.covered[p.(Redaction).Seq] = true
		}
	}
	if v.broken != nil {
		return
	}
	fail := func(reason string) { v.broken = &ChainError{Seq: e.Seq, Reason: reason} }
	switch {
	case e.Seq != v.n:
		fail(fmt.Sprintf("expected event number %d", v.n))
	case e.PrevHash != v.head:
		fail("does not link to the event before it")
	case chainHash(e) != e.Hash:
		fail("header does not match its hash")
	case e.Redacted:
		v.redacted = append(v.redacted, redactedLink{seq: e.Seq, before: e.PrevHash})
		v.head = e.Hash
	case sha256.Sum256(e.Body) != e.PayloadHash:
		fail("payload does not match its hash")
	default:
		v.head = e.Hash
	}
}

// Result is the head hash of the events added, or a *ChainError naming the
// first that does not verify. The head is the hash of the last event before
// the first broken one.
func (v *ChainVerifier) Result() (Hash, error) {
	for _, r := range v.redacted {
		if !v.covered[r.seq] {
			// An uncovered redaction comes before any other break: it was
			// only added while the chain still verified.
			return r.before, &ChainError{Seq: r.seq, Reason: "payload removed without a redaction event"}
		}
	}
	if v.broken != nil {
		return v.head, v.broken
	}
	return v.head, nil
}
