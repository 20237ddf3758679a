package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
)

// goldenEvent is the fixed event of the golden test vector.
func goldenEvent() Event {
	body := []byte(`{"text":"WAF log range 08:00-10:00 saved"}`)
	return Event{
		IncidentID:  MustParseID("0193a5b2-7c00-7000-8000-000000000001"),
		Seq:         2,
		ID:          MustParseID("0193a5b2-7c00-7000-8000-000000000002"),
		Kind:        EventNote,
		OccurredAt:  time.Date(2026, 11, 20, 0, 12, 0, 0, time.UTC),
		RecordedAt:  time.Date(2026, 11, 20, 0, 12, 1, 500000000, time.UTC),
		Actor:       Actor{Team: "T0001", User: "U0002", Name: "sato"},
		Subject:     "",
		Body:        body,
		PayloadHash: sha256.Sum256(body),
		PrevHash:    mustHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
	}
}

func mustHash(s string) Hash {
	h, err := ParseHash(s)
	if err != nil {
		panic(err)
	}
	return h
}

// goldenHash pins the canonical encoding (version 1). If this test fails, the
// encoding changed and every stored chain would stop verifying: don't update
// the constant, restore the encoding (or add a version 2 beside it).
const goldenHash = "c8d5daa77020e105fd6d9f72547ddddff2a80fe3a697119331ff1e128f786404"

func TestChainGoldenVector(t *testing.T) {
	e := goldenEvent()
	// An independent construction of the documented encoding.
	var b []byte
	for _, f := range []string{
		"incidentbot/event/v1",
		"0193a5b2-7c00-7000-8000-000000000001", "2",
		"0193a5b2-7c00-7000-8000-000000000002", "note",
		"2026-11-20T00:12:00.000000Z", "2026-11-20T00:12:01.500000Z",
		"T0001", "U0002", "sato", "",
		hex.EncodeToString(e.PayloadHash[:]),
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	} {
		n := uint64(len(f))
		b = append(b, byte(n>>56), byte(n>>48), byte(n>>40), byte(n>>32), byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
		b = append(b, f...)
	}
	want := sha256.Sum256(b)
	got := chainHash(e)
	if got != Hash(want) {
		t.Fatalf("chainHash = %s, documented encoding gives %s", got, Hash(want))
	}
	if got.String() != goldenHash {
		t.Fatalf("chainHash = %s, golden %s", got, goldenHash)
	}
}

// sealed builds a small valid chain.
func sealed(t *testing.T) []Event {
	t.Helper()
	id := MustParseID("0193a5b2-7c00-7000-8000-00000000000a")
	at := time.Date(2026, 11, 20, 0, 12, 0, 0, time.UTC)
	evs, err := Seal(testIDs, id, 0, Hash{}, ConsoleActor("sato"), at, []Draft{
		{Payload: Opened{Title: "Form spam", Severity: "high", Number: 1, Opener: Person{ID: "sato", Name: "sato"}, StartedAt: at, DetectedAt: at}},
		{Payload: NoteLogged{Text: "applicant mail: a@example.com"}},
		{Payload: DecisionRecorded{DecisionFields: DecisionFields{Decision: "block admin", Why: "ongoing"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestVerifyChain(t *testing.T) {
	redactionOf := func(evs []Event, seq int) []Event {
		more, err := Seal(testIDs, evs[0].IncidentID, len(evs), evs[len(evs)-1].Hash, ConsoleActor("sato"), time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC),
			[]Draft{{Payload: Redaction{Seq: seq, Reason: "personal data"}}})
		if err != nil {
			t.Fatal(err)
		}
		return append(evs, more...)
	}
	tests := []struct {
		name    string
		mutate  func([]Event) []Event
		brokeAt int // 0: verifies
	}{
		{"intact", func(e []Event) []Event { return e }, 0},
		{"payload edited", func(e []Event) []Event { e[1].Body = []byte(`{"text":"nothing"}`); return e }, 2},
		{"payload and its hash edited", func(e []Event) []Event {
			e[1].Body = []byte(`{"text":"x"}`)
			e[1].PayloadHash = sha256.Sum256(e[1].Body)
			return e
		}, 2},
		{"actor edited", func(e []Event) []Event { e[2].Actor.Name = "suzuki"; return e }, 3},
		{"event removed", func(e []Event) []Event { return append(e[:1], e[2:]...) }, 3},
		{"redacted with a redaction event", func(e []Event) []Event {
			e = redactionOf(e, 2)
			e[1].Body, e[1].Redacted = Tombstone, true
			return e
		}, 0},
		{"payload dropped without a redaction event", func(e []Event) []Event {
			e[1].Body, e[1].Redacted = Tombstone, true
			return e
		}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := tc.mutate(sealed(t))
			head, err := VerifyChain(evs)
			if tc.brokeAt == 0 {
				if err != nil {
					t.Fatalf("want ok, got %v", err)
				}
				if head != evs[len(evs)-1].Hash {
					t.Fatalf("head %s, want last hash", head)
				}
				return
			}
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != tc.brokeAt {
				t.Fatalf("want break at %d, got %v", tc.brokeAt, err)
			}
		})
	}
}

func TestReplayMatchesFold(t *testing.T) {
	evs := sealed(t)
	inc, err := Replay(evs)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Seq != 3 || inc.Head != evs[2].Hash || inc.DecisionCount != 1 || inc.Holder(RoleCommander).ID != "sato" {
		t.Fatalf("replayed state wrong: %+v", inc)
	}
}

// testIDs makes event ids as a store would.
func testIDs() (ID, error) { return ID(uuid.New()), nil }

// referenceVerify is VerifyChain as it was written before the chain could be
// checked one event at a time: every event in hand, the redaction events
// gathered first. ChainVerifier must give the same answer.
func referenceVerify(events []Event) (Hash, error) {
	var head Hash
	redactedBy := map[int]bool{}
	for _, e := range events {
		if e.Kind == EventRedaction && !e.Redacted {
			if p, err := e.Payload(); err == nil {
				redactedBy[p.(Redaction).Seq] = true
			}
		}
	}
	for i, e := range events {
		switch {
		case e.Seq != i+1:
			return head, &ChainError{Seq: e.Seq, Reason: fmt.Sprintf("expected event number %d", i+1)}
		case e.PrevHash != head:
			return head, &ChainError{Seq: e.Seq, Reason: "does not link to the event before it"}
		case chainHash(e) != e.Hash:
			return head, &ChainError{Seq: e.Seq, Reason: "header does not match its hash"}
		case e.Redacted && !redactedBy[e.Seq]:
			return head, &ChainError{Seq: e.Seq, Reason: "payload removed without a redaction event"}
		case !e.Redacted && sha256.Sum256(e.Body) != e.PayloadHash:
			return head, &ChainError{Seq: e.Seq, Reason: "payload does not match its hash"}
		}
		head = e.Hash
	}
	return head, nil
}

// The verifier that reads one event at a time names the same first broken
// event, with the same reason and head, as the all-at-once check, also when
// several breaks compete: a bare redaction before or after a bad hash, a
// redaction event that comes after a break.
func TestChainVerifierMatchesAllAtOnce(t *testing.T) {
	long := func(t *testing.T) []Event {
		evs := sealed(t)
		at := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
		var drafts []Draft
		for i := range 6 {
			drafts = append(drafts, Draft{Payload: NoteLogged{Text: fmt.Sprintf("note %d", i)}})
		}
		drafts = append(drafts, Draft{Payload: Redaction{Seq: 5, Reason: "pasted a password"}})
		more, err := Seal(testIDs, evs[0].IncidentID, len(evs), evs[len(evs)-1].Hash, ConsoleActor("sato"), at, drafts)
		if err != nil {
			t.Fatal(err)
		}
		return append(evs, more...) // 10 events; 10 redacts 5
	}
	bare := func(e []Event, seq int) { e[seq-1].Body, e[seq-1].Redacted = Tombstone, true }
	for _, tc := range []struct {
		name   string
		mutate func([]Event) []Event
	}{
		{"intact", func(e []Event) []Event { return e }},
		{"covered redaction", func(e []Event) []Event { bare(e, 5); return e }},
		{"bare redaction, then a bad payload", func(e []Event) []Event { bare(e, 3); e[6].Body = []byte(`{}`); return e }},
		{"bad payload, then a bare redaction", func(e []Event) []Event { e[2].Body = []byte(`{}`); bare(e, 7); return e }},
		{"bad header before its covered redaction", func(e []Event) []Event { bare(e, 5); e[3].Subject = "x"; return e }},
		{"redaction event itself redacted", func(e []Event) []Event { bare(e, 5); bare(e, 10); return e }},
		{"renumbered", func(e []Event) []Event { e[4].Seq = 9; return e }},
		{"truncated", func(e []Event) []Event { return e[:4] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := tc.mutate(long(t))
			wantHead, wantErr := referenceVerify(evs)
			gotHead, gotErr := VerifyChain(evs)
			if gotHead != wantHead || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("got %s, %v; want %s, %v", gotHead.Short(), gotErr, wantHead.Short(), wantErr)
			}
		})
	}
}

// appendTime writes what TimeLayout does, for every kind of time a store
// gives back or a clock makes.
func TestAppendTimeIsTimeLayout(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	times := []time.Time{
		{}, time.Unix(0, 0), time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC),
		time.Date(2025, 1, 1, 8, 30, 0, 123456000, tokyo), time.Date(9999, 12, 31, 23, 59, 59, 1000, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 3, 4, 5, 6, 7, 8000, time.UTC),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		times = append(times, time.Unix(r.Int64N(1<<35)-1<<34, r.Int64N(1e9)).In(tokyo))
	}
	for _, tm := range times {
		if got, want := string(appendTime([]byte("x"), tm)), "x"+tm.UTC().Format(TimeLayout); got != want {
			t.Errorf("appendTime(%v) = %q, want %q", tm, got, want)
		}
	}
}
