package report

import (
	"errors"
	"reflect"
	"strconv"
	"testing"

	"incidentbot/workflow"
	"incidentbot/workflow/report/reporttest"
)

// failingSource is a timeline whose pass fails after some events, and which
// says whether its last pass has returned.
type failingSource struct {
	workflow.EventList
	failAfter int // events given before the pass fails; -1: never
	returned  bool
}

var errSource = errors.New("the store went away")

func (s *failingSource) Scan(after int, kinds []workflow.EventKind, fn func(workflow.Event) error) error {
	s.returned = false
	defer func() { s.returned = true }()
	n := 0
	return s.EventList.Scan(after, kinds, func(e workflow.Event) error {
		if n == s.failAfter {
			return errSource
		}
		n++
		return fn(e)
	})
}

// scanDecoded gives what Scan and Payload give, event by event, in order;
// it stops at fn's error or the source's, returns it, and has stopped
// reading by then.
func TestScanDecoded(t *testing.T) {
	_, events, err := reporttest.Long(3*decodeBatch + 5)
	if err != nil {
		t.Fatal(err)
	}
	errFn := errors.New("fn had enough")
	cases := []struct {
		name      string
		n         int // events in the timeline
		failAfter int // the source fails after this many; -1 never
		stopAt    int // fn fails at this seq; 0 never
		after     int
		want      error
		wantSeen  int
	}{
		{"empty", 0, -1, 0, 0, nil, 0},
		{"one", 1, -1, 0, 0, nil, 1},
		{"one batch", decodeBatch, -1, 0, 0, nil, decodeBatch},
		{"batches and a part", len(events), -1, 0, 0, nil, len(events)},
		{"after", len(events), -1, 0, decodeBatch + 3, nil, len(events) - decodeBatch - 3},
		{"fn stops in the first batch", len(events), -1, 5, 0, errFn, 4},
		{"fn stops in a later batch", len(events), -1, 2*decodeBatch + 1, 0, errFn, 2 * decodeBatch},
		{"the source fails", len(events), decodeBatch + 7, 0, 0, errSource, decodeBatch + 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := &failingSource{EventList: workflow.EventList(events[:tc.n]), failAfter: tc.failAfter}
			seen, prepared := 0, 0
			// prepare runs on the decoder's goroutine, on each event in
			// order, before fn gets it: in a batch used again its mark is
			// the event's own, not one left from the batch before.
			prepare := func(x *payloadEvent) {
				prepared++
				x.said = strconv.Itoa(prepared) + ":" + strconv.Itoa(x.e.Seq)
			}
			err := scanDecoded(src, tc.after, prepare, func(x payloadEvent) error {
				if x.e.Seq == tc.stopAt {
					return errFn
				}
				want := events[tc.after+seen]
				p, perr := want.Payload()
				if !reflect.DeepEqual(x.e, want) || !reflect.DeepEqual(x.p, p) || (x.err == nil) != (perr == nil) {
					t.Fatalf("event %d came as %d with payload %v (%v), want %v (%v)", want.Seq, x.e.Seq, x.p, x.err, p, perr)
				}
				if mark := strconv.Itoa(seen+1) + ":" + strconv.Itoa(want.Seq); x.said != mark {
					t.Fatalf("event %d came prepared as %q, want %q", want.Seq, x.said, mark)
				}
				seen++
				return nil
			})
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("scanDecoded returned %v, want %v", err, tc.want)
			}
			if seen != tc.wantSeen {
				t.Errorf("fn saw %d events, want %d", seen, tc.wantSeen)
			}
			if !src.returned {
				t.Error("the source's pass was still running when scanDecoded returned")
			}
		})
	}
}
