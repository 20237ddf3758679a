package storetest

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// testIncidentRoundTrip: the snapshot comes back as saved, by number and by
// id, and agrees with its timeline.
func testIncidentRoundTrip(t *testing.T, s workflow.Store) {
	inc := openIncident(t, s, false, t0, "不審な送信が続いている")
	ref := inc.Ref()
	want, _ := change(t, s, ref, t0.Add(time.Minute),
		workflow.Draft{Subject: "suzuki", Payload: workflow.RoleAssigned{Role: workflow.RoleTech, To: workflow.Person{ID: "suzuki", Name: "Suzuki"}}},
		workflow.Draft{Subject: "tanaka", Payload: workflow.RoleAssigned{Role: workflow.RoleApprover, To: workflow.Person{ID: "tanaka", Name: "田中"}}},
		workflow.Draft{Payload: workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "管理画面を遮断", Why: "改ざんが継続中", Action: "WAF", Next: "30分後"}}},
		workflow.Draft{Payload: workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: "500件", Unconfirmed: "流出", Next: "WAFログ"}}},
		workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward}},
	)
	if len(want.Roles) != 3 || want.DecisionCount != 1 || want.Status == nil || want.Seq != 6 || want.Version != 6 {
		t.Fatalf("test setup: unexpected incident %+v", want)
	}

	for _, r := range []workflow.Ref{ref, {ID: inc.ID}} {
		got, events := read(t, s, r)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Incident(%s):\n got %+v\nwant %+v", r, got, want)
		}
		head, err := workflow.VerifyChain(events)
		if err != nil || head != got.Head {
			t.Errorf("Incident(%s): chain head %s, %v; snapshot head %s", r, head, err, got.Head)
		}
	}
}

// testIncidentNotFound: a missing incident is ErrNotFound with the standard
// message naming the ref, which the adapters show as it is.
func testIncidentNotFound(t *testing.T, s workflow.Store) {
	openIncident(t, s, false, t0, "one")
	for _, ref := range []workflow.Ref{
		{Number: 2},
		{Drill: true, Number: 1},
		{ID: randomID()},
	} {
		err := s.View(ctx, func(tx workflow.ReadTx) error {
			_, err := tx.Incident(ref)
			return err
		})
		if !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Incident(%s) = %v, want ErrNotFound", ref, err)
			continue
		}
		msg, ok := workflow.UserMessageOf(err)
		if !ok || !strings.Contains(workflow.Render(workflow.English, msg), ref.String()) {
			t.Errorf("Incident(%s): message %v, %v; want the standard not-found message naming the ref", ref, msg, ok)
		}
	}
}

// testIncidentsFilter: listing by open, series and opening time, real
// incidents first, then by number.
func testIncidentsFilter(t *testing.T, s workflow.Store) {
	// Opened in an order that differs from the listing order.
	openIncident(t, s, true, t0, "drill one")                    // D-1
	openIncident(t, s, false, t0.Add(1*time.Hour), "real one")   // #1
	openIncident(t, s, false, t0.Add(2*time.Hour), "real two")   // #2
	openIncident(t, s, true, t0.Add(3*time.Hour), "drill two")   // D-2
	openIncident(t, s, false, t0.Add(4*time.Hour), "real three") // #3
	change(t, s, workflow.Ref{Number: 2}, t0.Add(5*time.Hour), workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseClosed, Move: workflow.MoveFalseAlarm, Reason: "test"}})
	change(t, s, workflow.Ref{Drill: true, Number: 1}, t0.Add(5*time.Hour), workflow.Draft{Payload: workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseClosed, Move: workflow.MoveFalseAlarm, Reason: "test"}})

	yes, no := true, false
	since := t0.Add(2 * time.Hour).Truncate(time.Microsecond) // exactly #2's opening
	for _, tc := range []struct {
		name string
		f    workflow.Filter
		want string
	}{
		{"all", workflow.Filter{}, "#1 #2 #3 #D-1 #D-2"},
		{"open", workflow.Filter{OpenOnly: true}, "#1 #3 #D-2"},
		{"real", workflow.Filter{Drill: &no}, "#1 #2 #3"},
		{"drills", workflow.Filter{Drill: &yes}, "#D-1 #D-2"},
		{"open drills", workflow.Filter{OpenOnly: true, Drill: &yes}, "#D-2"},
		{"since, inclusive", workflow.Filter{Since: since}, "#2 #3 #D-2"},
		{"since, a nanosecond later", workflow.Filter{Since: since.Add(time.Nanosecond)}, "#3 #D-2"},
		{"since in another zone", workflow.Filter{Since: since.In(time.FixedZone("JST", 9*3600))}, "#2 #3 #D-2"},
		{"open real since", workflow.Filter{OpenOnly: true, Drill: &no, Since: since}, "#3"},
		{"none", workflow.Filter{Since: t0.Add(100 * time.Hour)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := s.View(ctx, func(tx workflow.ReadTx) error {
				incs, err := tx.Incidents(tc.f)
				for _, inc := range incs {
					got = append(got, inc.Ref().String())
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("Incidents(%+v) = %q, want %q", tc.f, s, tc.want)
			}
		})
	}
}
