package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"incidentbot/workflow"
)

// testEventPages: EventPage gives the timeline as Events does, a page at a
// time from any seq, in seq order, never more than the limit; with kinds
// only those kinds; a redacted payload as its tombstone; nothing for an
// unknown incident or past the end. EachEvent, reading PageSize at a time
// over more than one page, gives back the whole timeline, with the pages of
// one View coming from one snapshot though a writer appends in between.
func testEventPages(t *testing.T, s workflow.Store) {
	inc := OpenIncident(t, s, false, t0, "long")
	other := OpenIncident(t, s, false, t0, "other")
	Change(t, s, other.Ref(), t0, Note("not this incident's"))
	var drafts []workflow.Draft
	for i := range workflow.PageSize + 40 {
		d := Note(fmt.Sprintf("note %d", i))
		if i%50 == 7 {
			d = workflow.Draft{Payload: workflow.SeverityChanged{From: "high", To: "medium", Reason: fmt.Sprint(i)}}
		}
		drafts = append(drafts, d)
	}
	Change(t, s, inc.Ref(), t0.Add(time.Minute), drafts...)
	must(t, s.Update(ctx, func(tx workflow.Tx) error {
		if err := tx.RedactPayload(inc.ID, 3); err != nil {
			return err
		}
		_, _, err := ChangeIn(tx, inc.Ref(), t0.Add(2*time.Minute), workflow.Draft{Payload: workflow.Redaction{Seq: 3, Reason: "a password"}})
		return err
	}))
	_, all := Read(t, s, inc.Ref())
	n := len(all)

	page := func(tx workflow.ReadTx, after, limit int, kinds ...workflow.EventKind) []workflow.Event {
		t.Helper()
		p, err := tx.EventPage(inc.ID, after, limit, kinds)
		if err != nil {
			t.Fatalf("EventPage(after %d, limit %d, %v): %v", after, limit, kinds, err)
		}
		return p
	}
	must(t, s.View(ctx, func(tx workflow.ReadTx) error {
		for _, tc := range []struct {
			after, limit int
			want         []workflow.Event
		}{
			{0, 5, all[:5]},
			{5, 5, all[5:10]},
			{n - 3, 10, all[n-3:]},
			{n, 10, nil},
			{n + 5, 10, nil},
			{0, n + 10, all},
			{2, 1, all[2:3]}, // the redacted one, as its tombstone
		} {
			got := page(tx, tc.after, tc.limit)
			if len(got) != len(tc.want) || len(got) > 0 && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("EventPage(after %d, limit %d): %d events, want %d (%v)", tc.after, tc.limit, len(got), len(tc.want), seqs(got))
			}
		}
		if got := page(tx, 2, 1); len(got) != 1 || !got[0].Redacted || string(got[0].Body) != string(workflow.Tombstone) {
			t.Errorf("redacted event: %+v", got)
		}
		if got := page(tx, 0, 0); len(got) != 0 {
			t.Errorf("limit 0: %d events", len(got))
		}

		// Kinds: only those, in order, the limit counting only them.
		var sev []workflow.Event
		for _, e := range all {
			if e.Kind == workflow.EventSeverityChanged || e.Kind == workflow.EventRedaction {
				sev = append(sev, e)
			}
		}
		if got := page(tx, 0, n, workflow.EventSeverityChanged, workflow.EventRedaction); !reflect.DeepEqual(got, sev) {
			t.Errorf("kinds: %v, want %v", seqs(got), seqs(sev))
		}
		if got := page(tx, sev[1].Seq, 2, workflow.EventSeverityChanged); len(got) != 2 || got[0].Seq != sev[2].Seq || got[1].Seq != sev[3].Seq {
			t.Errorf("kinds after %d: %v", sev[1].Seq, seqs(got))
		}
		if got := page(tx, 0, n, workflow.EventKind("no_such_kind")); len(got) != 0 {
			t.Errorf("unknown kind: %v", seqs(got))
		}
		if got, err := tx.EventPage(randomID(), 0, 10, nil); err != nil || len(got) != 0 {
			t.Errorf("unknown incident: %d events, %v", len(got), err)
		}

		// The heads: the same events, a page at a time, without payloads.
		for _, tc := range []struct{ after, limit int }{{0, 7}, {7, n}, {n - 1, 5}, {n, 5}} {
			got, err := tx.EventHeads(inc.ID, tc.after, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			want := all[min(tc.after, n):min(tc.after+tc.limit, n)]
			if len(got) != len(want) {
				t.Errorf("EventHeads(after %d, limit %d): %v", tc.after, tc.limit, seqs(got))
				continue
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], workflow.Head(want[i])) {
					t.Errorf("EventHeads: event %d is\n%+v\nwant\n%+v", want[i].Seq, got[i], workflow.Head(want[i]))
				}
			}
		}
		if got, err := tx.EventHeads(randomID(), 0, 10); err != nil || len(got) != 0 {
			t.Errorf("unknown incident: %d heads, %v", len(got), err)
		}
		return nil
	}))

	// EachEvent over several pages, while a writer appends: the View sees
	// the timeline as it was when it began.
	var seen []workflow.Event
	must(t, s.View(ctx, func(tx workflow.ReadTx) error {
		return workflow.EachEvent(tx, inc.ID, 0, nil, func(e workflow.Event) error {
			if e.Seq == workflow.PageSize {
				Change(t, s, inc.Ref(), t0.Add(3*time.Minute), Note("appended while reading"))
			}
			seen = append(seen, e)
			return nil
		})
	}))
	if !reflect.DeepEqual(seen, all) {
		t.Errorf("EachEvent: %d events, want the %d there were when the View began", len(seen), n)
	}
	if _, err := workflow.VerifyChain(seen); err != nil {
		t.Errorf("the paged timeline does not verify: %v", err)
	}
}

func seqs(events []workflow.Event) []int {
	out := make([]int, len(events))
	for i, e := range events {
		out[i] = e.Seq
	}
	return out
}
