package workflow_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"incidentbot/runbooks"
	"incidentbot/workflow"
)

// guidedRunbook has what a loaded runbook may hold: keyed items (one a
// first-hour step, one keeping evidence), guidance for the whole runbook,
// and a phase's own stop condition and contact.
func guidedRunbook() workflow.Runbook {
	hosting := workflow.Contact{Vendor: tx("Hosting company", "ホスティング会社"),
		Reach: tx("Emergency line in the contract.", "契約書の緊急窓口。"), Ask: tx("access logs", "アクセスログ")}
	return workflow.Runbook{
		Name:     "guided",
		Title:    tx("Guided", "ガイド付き"),
		Keywords: []string{"guided", "ガイド"},
		Phases: map[workflow.Phase][]workflow.ChecklistItem{
			workflow.PhaseDetect: {{Key: "confirm", Text: tx("Confirm it", "確かめる"), Owner: workflow.RoleTech}},
			workflow.PhaseInitial: {
				{Key: "isolate", Text: tx("Cut it off", "遮断する"), Owner: workflow.RoleTech, Step: workflow.StepIsolate},
				{Key: "preserve-evidence", Text: tx("Copy the logs", "ログを複製する"), Owner: workflow.RoleTech, Evidence: true, Step: workflow.StepEvidence},
			},
			workflow.PhaseContain: {{Key: "close-way-in", Text: tx("Close the way in", "侵入口をふさぐ"), Owner: workflow.RoleTech}},
		},
		Stop:     []workflow.Text{tx("the whole site", "サイト全体")},
		Fallback: []workflow.Text{tx("phone intake", "電話受付")},
		Contacts: []workflow.Contact{hosting},
		PhaseGuidance: map[workflow.Phase]workflow.Guidance{
			workflow.PhaseContain: {
				Stop:     []workflow.Text{tx("the entry form", "応募フォーム")},
				Contacts: []workflow.Contact{{Vendor: tx("Form vendor", "フォームの保守会社"), Reach: tx("support desk", "サポート窓口")}},
			},
		},
	}
}

// The runbook attached is the runbook: keys, steps, evidence marks and
// guidance, the runbook's own and each phase's, come through the stored
// RunbookAttached event into the incident as they were.
func TestRunbookAttachedRoundTrip(t *testing.T) {
	rb := guidedRunbook()
	h := newLibHarness(t, &library{runbooks: map[string]workflow.Runbook{"guided": rb}})
	h.run("sato", "open Guided incident --runbook guided")
	inc, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("x"), workflow.Ref{Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	var stored workflow.Payload
	for _, e := range events {
		if e.Kind == workflow.EventRunbookAttached {
			if stored, err = e.Payload(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if want := workflow.NewRunbookAttached(rb, false); !reflect.DeepEqual(stored, want) {
		t.Errorf("stored event\n%+v\nwant\n%+v", stored, want)
	}

	got := inc.Runbook
	if got == nil || got.Name != "guided" || !reflect.DeepEqual(got.Stop, rb.Stop) || !reflect.DeepEqual(got.Fallback, rb.Fallback) || !reflect.DeepEqual(got.Contacts, rb.Contacts) {
		t.Fatalf("attached runbook %+v", got)
	}
	var phases []workflow.Phase
	for _, pc := range got.Phases {
		phases = append(phases, pc.Phase)
		var items []workflow.ChecklistItem
		for _, it := range pc.Items {
			items = append(items, it.RunbookItem)
		}
		if !reflect.DeepEqual(items, rb.Phases[pc.Phase]) {
			t.Errorf("%s items %+v, want %+v", pc.Phase, items, rb.Phases[pc.Phase])
		}
		if !reflect.DeepEqual(pc.Guidance, rb.PhaseGuidance[pc.Phase]) {
			t.Errorf("%s guidance %+v, want %+v", pc.Phase, pc.Guidance, rb.PhaseGuidance[pc.Phase])
		}
	}
	if want := []workflow.Phase{workflow.PhaseDetect, workflow.PhaseInitial, workflow.PhaseContain}; !reflect.DeepEqual(phases, want) {
		t.Errorf("phases %v, want %v", phases, want)
	}
	h.verify(workflow.Ref{Number: 1})
}

// A RunbookAttached written before items had keys and before guidance was
// kept per phase (stop conditions led by their phase's name, a contact's
// names joined) still decodes and replays: the keys are empty and the
// texts show as they were recorded.
func TestRunbookAttachedBeforeKeys(t *testing.T) {
	const old = `{"name":"defacement","title":{"En":"Website defacement","Ja":"Webサイトの改ざん"},"phases":[` +
		`{"phase":"initial","items":[{"text":{"En":"Cut it off","Ja":"遮断する"},"owner":"tech","evidence":true}]}],` +
		`"stop":[{"En":"[contain] the form","Ja":"[封じ込め] フォーム"}],` +
		`"contacts":[{"Name":"Hosting company / ホスティング会社","Reach":{"En":"[contain] support desk","Ja":"[封じ込め] サポート窓口"},"Ask":{"En":"logs","Ja":"ログ"}}]}`
	at := time.Date(2026, 11, 20, 0, 15, 0, 0, time.UTC)
	var n byte
	ids := func() (workflow.ID, error) { n++; return workflow.ID{15: n}, nil } // event ids, as a store makes them
	events, err := workflow.Seal(ids, workflow.ID{0: 1}, 0, workflow.Hash{}, workflow.ConsoleActor("sato"), at, []workflow.Draft{
		{OccurredAt: at, Payload: workflow.Opened{Number: 1, Title: "Top page defaced", Severity: "high", Opener: workflow.Person{ID: "console:sato", Name: "sato"}}},
		{OccurredAt: at, Payload: workflow.RunbookAttached{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	events[1].Body = []byte(old)
	inc, err := workflow.Replay(events)
	if err != nil {
		t.Fatal(err)
	}
	rb := inc.Runbook
	if rb == nil || len(rb.Phases) != 1 || len(rb.Phases[0].Items) != 1 {
		t.Fatalf("replayed runbook %+v", rb)
	}
	if it := rb.Phases[0].Items[0]; it.Key != "" || it.Text.En != "Cut it off" || it.Owner != workflow.RoleTech || !it.Evidence {
		t.Errorf("item %+v", it)
	}
	if len(rb.Stop) != 1 || rb.Stop[0].Ja != "[封じ込め] フォーム" || len(rb.Contacts) != 1 {
		t.Fatalf("guidance %+v %+v", rb.Stop, rb.Contacts)
	}
	c := rb.Contacts[0]
	for _, l := range []workflow.Lang{workflow.English, workflow.Japanese} {
		if got := c.Who().Localize(l); got != "Hosting company / ホスティング会社" {
			t.Errorf("%s: contact %q, want the name as recorded", l, got)
		}
	}
	if c.Reach.En != "[contain] support desk" || c.Ask.Ja != "ログ" {
		t.Errorf("contact %+v", c)
	}
}

// The checklist shows a contact by its name in the reader's language only,
// and guidance written for one phase led by the phase's name.
func TestChecklistGuidanceByLanguage(t *testing.T) {
	h := newLibHarness(t, &library{runbooks: map[string]workflow.Runbook{"guided": guidedRunbook()}})
	h.run("sato", "open Guided incident --runbook guided")
	r := h.run("x", "checklist")
	en, ja := h.lines(r, workflow.English), h.lines(r, workflow.Japanese)
	for _, want := range []string{
		"Stop conditions: the whole site; [contain] the entry form\n",
		"Fallbacks: phone intake\n",
		"Outside contacts: Hosting company (Emergency line in the contract; ask: access logs), Form vendor ([contain] support desk)",
	} {
		if !strings.Contains(en+"\n", want) {
			t.Errorf("en checklist lacks %q:\n%s", want, en)
		}
	}
	for _, want := range []string{
		"停止の判断基準: サイト全体／[封じ込め] 応募フォーム\n",
		"代替手段: 電話受付\n",
		"外部の連絡先: ホスティング会社（契約書の緊急窓口。依頼内容: アクセスログ）、フォームの保守会社（[封じ込め] サポート窓口）",
	} {
		if !strings.Contains(ja+"\n", want) {
			t.Errorf("ja checklist lacks %q:\n%s", want, ja)
		}
	}
	if strings.Contains(ja, "Hosting company") || strings.Contains(ja, "Form vendor") {
		t.Errorf("ja checklist shows English names:\n%s", ja)
	}
	if strings.Contains(en, "ホスティング会社") || strings.Contains(en, "フォームの保守会社") {
		t.Errorf("en checklist shows Japanese names:\n%s", en)
	}
}

// With the shipped runbooks, a Japanese checklist names the hosting
// company in Japanese only (it used to show "Hosting company / ホスティング会社").
func TestShippedChecklistInJapanese(t *testing.T) {
	set, err := runbooks.Load("", workflow.DefaultScale())
	if err != nil {
		t.Fatal(err)
	}
	h := newLibHarness(t, set.Library())
	h.run("sato", "open Top page defaced --runbook defacement")
	r := h.run("x", "checklist")
	ja, en := h.lines(r, workflow.Japanese), h.lines(r, workflow.English)
	if !strings.Contains(ja, "外部の連絡先: ホスティング会社（") || strings.Contains(ja, "Hosting company") {
		t.Errorf("ja checklist:\n%s", ja)
	}
	if !strings.Contains(en, "Outside contacts: Hosting company (") || strings.Contains(en, "ホスティング会社") {
		t.Errorf("en checklist:\n%s", en)
	}
	// The keys of the shipped items are in the incident's checklist.
	inc, _, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("x"), workflow.Ref{Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	if items := inc.Runbook.Items(workflow.PhaseInitial); len(items) == 0 || items[0].Key != "isolate" {
		t.Errorf("initial items %+v", items)
	}
}
