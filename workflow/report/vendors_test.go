package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// vendorSession is an incident two vendors were asked about. The corporate
// site is recorded as affected (with dns, then dns taken off): its
// components, who runs each and the matrix as configured then, one
// component with no row. The hosting company is asked in its shared
// channel, misses its hour for a first response, is followed up (the
// follow-up redacted: a password), reminded again, replies 40 minutes late,
// and never sends its written report: its day runs out, two reminders
// follow. The CMS builder is asked by email, answers within its two hours
// and sends its written report within the day.
func vendorSession(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000013")}
	p := func(a workflow.Actor) workflow.Person { return a.Person() }
	day2 := func(hh, mm int) time.Time { return at(hh, mm).AddDate(0, 0, 1) }
	hosting := workflow.Text{En: "Example Hosting", Ja: "例ホスティング"}
	cms := workflow.Text{En: "Example Web Works", Ja: "例ウェブ制作"}
	row := func(item workflow.Item, owner []string, shared ...string) workflow.MatrixRow {
		return workflow.MatrixRow{Item: item, Owner: owner, Shared: shared}
	}
	webServer := workflow.Owners{Component: "web-server", RunBy: []string{"hosting"}, Rows: []workflow.MatrixRow{
		row(workflow.ItemAvailability, []string{"hosting"}),
		row(workflow.ItemPatching, []string{"hosting"}),
		row(workflow.ItemBackup, []string{"hosting"}, "company"),
		row(workflow.ItemLogging, []string{"hosting"}, "company"),
		row(workflow.ItemSecurity, []string{"hosting"}, "cms", "company"),
	}}
	wordpress := workflow.Owners{Component: "wordpress", RunBy: []string{"cms"}, Rows: []workflow.MatrixRow{
		row(workflow.ItemPatching, []string{"cms"}),
		row(workflow.ItemApplication, []string{"cms"}, "company"),
		row(workflow.ItemAccess, []string{"company"}, "cms"),
		row(workflow.ItemSecurity, []string{"cms"}, "company"),
	}}
	form := workflow.Owners{Component: "contact-form", RunBy: []string{"formsaas"}}
	dns := workflow.Owners{Component: "dns", RunBy: []string{"hosting"}, Rows: []workflow.MatrixRow{row(workflow.ItemAvailability, []string{"hosting"})}}

	tl.add(t, sato, at(9, 0), workflow.Opened{Title: "A stranger's banner on the corporate site", Severity: "high", Number: 7,
		Opener: p(sato), StartedAt: at(8, 40), DetectedAt: at(8, 55)}) // 1
	tl.add(t, sato, at(9, 2), workflow.AffectsChanged{Added: []string{"corporate-site", "dns"}, Now: []workflow.Owners{webServer, wordpress, form, dns}}) // 2
	tl.add(t, sato, at(9, 4), workflow.AffectsChanged{Removed: []string{"dns"}, Now: []workflow.Owners{webServer, wordpress, form}})                      // 3
	tl.addAbout(t, sato, at(9, 10), "hosting", workflow.VendorRequested{Vendor: "hosting", Name: hosting, Channel: "C0HOSTING",
		Contacts: []string{"U0HOSTLEAD"}, RespondWithin: time.Hour, ReportWithin: 24 * time.Hour,
		VendorRequestFields: workflow.VendorRequestFields{Symptom: "the top page shows a stranger's banner", Began: "08:40", Logs: "hosting panel, access logs"}}) // 4
	tl.addAbout(t, sato, at(9, 15), "cms", workflow.VendorRequested{Vendor: "cms", Name: cms, Email: "support@webworks.example",
		RespondWithin: 2 * time.Hour, ReportWithin: 24 * time.Hour,
		VendorRequestFields: workflow.VendorRequestFields{Symptom: "the top page shows a stranger's banner", Changes: "plugin update yesterday"}}) // 5
	tl.addAbout(t, bot, at(10, 10), "sato", workflow.VendorClockMissed{Vendor: "hosting", Clock: workflow.ClockRespond, Within: time.Hour, Person: p(sato)}) // 6
	tl.addAbout(t, sato, at(10, 20), "hosting", workflow.VendorRequested{Vendor: "hosting", Name: hosting, FollowUp: true, Channel: "C0HOSTING",
		VendorRequestFields: workflow.VendorRequestFields{Symptom: "still waiting; the panel password is hunter2"}}) // 7
	tl.add(t, sato, at(10, 25), workflow.Redaction{Seq: 7, Reason: "a password in the follow-up"}) // 8
	tl.redact(7)
	tl.addAbout(t, bot, at(10, 40), "sato", workflow.VendorReminded{Vendor: "hosting", Clock: workflow.ClockRespond, Waiting: 90 * time.Minute, Person: p(sato)})              // 9
	tl.addAbout(t, sato, at(10, 50), "hosting", workflow.VendorReplied{Vendor: "hosting", Note: "looking into it; access logs attached", After: 100 * time.Minute})            // 10
	tl.addAbout(t, suzuki, at(11, 0), "cms", workflow.VendorReplied{Vendor: "cms", Note: "a plugin file was altered", After: 105 * time.Minute})                               // 11
	tl.add(t, sato, at(11, 5), workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward})                                       // 12
	tl.addAbout(t, suzuki, day2(8, 0), "cms", workflow.VendorReported{Vendor: "cms", Note: "written report received by email", After: 22*time.Hour + 45*time.Minute})          // 13
	tl.addAbout(t, bot, day2(9, 10), "sato", workflow.VendorClockMissed{Vendor: "hosting", Clock: workflow.ClockReport, Within: 24 * time.Hour, Person: p(sato)})              // 14
	tl.addAbout(t, bot, day2(9, 40), "sato", workflow.VendorReminded{Vendor: "hosting", Clock: workflow.ClockReport, Waiting: 24*time.Hour + 30*time.Minute, Person: p(sato)}) // 15
	tl.addAbout(t, bot, day2(10, 10), "sato", workflow.VendorReminded{Vendor: "hosting", Clock: workflow.ClockReport, Waiting: 25 * time.Hour, Person: p(sato)})               // 16
	tl.add(t, sato, day2(12, 0), workflow.NoteLogged{Text: "hosting promises the written report tomorrow"})                                                                    // 17
	return tl
}

// The Vendors section of the report: a request, a reply late, a report
// missed — what was asked, how and when, the follow-up, each clock against
// its agreed time, the clocks that ran out and the reminders, and who owned
// each component the incident affected per the matrix of the time.
func TestVendorsSection(t *testing.T) {
	tl := vendorSession(t)
	r := build(t, tl.events)
	v := r.Vendors

	if got := strings.Join(v.Affects, ","); got != "corporate-site" || v.OwnersSeq != 3 || len(v.Components) != 3 {
		t.Fatalf("affects %q, owners from event %d, %d components", got, v.OwnersSeq, len(v.Components))
	}
	if c := v.Components[0]; c.Component != "web-server" || c.RunBy[0] != "hosting" || len(c.Rows) != 5 ||
		c.Rows[4].Item != workflow.ItemSecurity || strings.Join(c.Rows[4].Shared, ",") != "cms,company" {
		t.Errorf("web-server: %+v", c)
	}
	if c := v.Components[2]; c.Component != "contact-form" || len(c.Rows) != 0 || c.Rows == nil {
		t.Errorf("a component with no matrix row: %+v", c)
	}

	if len(v.Requests) != 2 {
		t.Fatalf("%d vendors asked, want 2: %+v", len(v.Requests), v.Requests)
	}
	h, c := v.Requests[0], v.Requests[1]
	if h.Vendor != "hosting" || h.Seq != 4 || !h.At.Equal(at(9, 10)) || h.Via != "channel" || h.Channel != "C0HOSTING" || h.By.ID != "sato" ||
		h.Name.Ja != "例ホスティング" || len(h.FollowUps) != 1 || h.FollowUps[0].Seq != 7 || !h.FollowUps[0].Redacted || h.FollowUps[0].Via != "" {
		t.Errorf("hosting's request: %+v", h)
	}
	if c.Vendor != "cms" || c.Via != "email" || c.Channel != "" || len(c.FollowUps) != 0 {
		t.Errorf("the CMS builder's request: %+v", c)
	}

	// Hosting: replied 1h40m after the request, 40m past its hour; the hour
	// ran out at 10:10 and sato was reminded then and once more.
	resp := h.Response
	if resp.State != clockLate || resp.Seq != 10 || *resp.After != 100*60 || resp.Late == nil || *resp.Late != 40*60 || *resp.Within != 3600 ||
		resp.Note != "looking into it; access logs attached" || resp.Missed == nil || resp.Missed.Seq != 6 || resp.Missed.Person.ID != "sato" ||
		resp.Reminders != 1 || resp.LastReminder.Seq != 9 || resp.LastReminder.Waiting != 90*60 {
		t.Errorf("hosting's first response: %s", jsonOf(t, resp))
	}
	// Its written report never came: overdue at the report's end, 26h50m
	// after the request, so 2h50m past the day; two reminders after the miss.
	rep := h.Report
	if rep.State != clockOverdue || rep.Seq != 0 || rep.At != nil || rep.After != nil || rep.Late == nil || *rep.Late != (2*60+50)*60 ||
		rep.Missed == nil || rep.Missed.Seq != 14 || rep.Reminders != 2 || rep.LastReminder.Seq != 16 {
		t.Errorf("hosting's written report: %s", jsonOf(t, rep))
	}
	// The CMS builder: both within their times.
	if c.Response.State != clockWithin || c.Response.Late != nil || c.Response.Missed != nil || c.Response.By.ID != "suzuki" ||
		c.Report.State != clockWithin || c.Report.Seq != 13 || *c.Report.After != (22*60+45)*60 {
		t.Errorf("the CMS builder's clocks: %s\n%s", jsonOf(t, c.Response), jsonOf(t, c.Report))
	}

	b := build(t, tl.events)
	b.Location = jst
	for lang, wants := range map[workflow.Lang][]string{
		workflow.English: {"## Vendors", "### Who owned what the incident affected", "### Requests to vendors",
			"Affects: corporate-site. The responsibility matrix as configured when this was last recorded (event 3)",
			"| web-server | Example Hosting | Security settings", "| Example Hosting | Example Web Works, company (us) |",
			"| contact-form | formsaas | no row in the responsibility matrix",
			"| 4 | Example Hosting (hosting) | 2026-11-20 18:10 JST by @sato<br>posted in its shared channel | 2026-11-20 19:20 JST by @sato, (redacted) |",
			"agreed: within 1h<br>the agreed time ran out 2026-11-20 19:10 JST; @sato was reminded<br>reminded again 1 time(s), last 2026-11-20 19:40 JST<br>received 2026-11-20 19:50 JST, 1h 40m after the request<br>late by 40m<br>note: looking into it; access logs attached",
			"agreed: within 1d<br>the agreed time ran out 2026-11-21 18:10 JST; @sato was reminded<br>reminded again 2 time(s), last 2026-11-21 19:10 JST<br>not received: overdue by 2h 50m",
			"text shown to send by email", "within the agreed time",
		},
		workflow.Japanese: {"## 委託先", "### 影響対象の担当（責任分界表）", "### 委託先への依頼",
			"| イベント | 委託先 | 依頼 | 追加依頼 | 一次回答 | 書面報告 |", "| contact-form | formsaas | 責任分界表に行がありません",
			"| 4 | 例ホスティング（hosting） |", "1時間40分", "40分超過", "未受領: 期限を2時間50分超過", "再リマインド2回",
		},
	} {
		md := string(b.Markdown(lang))
		for _, want := range wants {
			if !strings.Contains(md, want) {
				t.Errorf("the %s Markdown lacks %q", lang, want)
			}
		}
		// The readable timeline tells each vendor event in words.
		for _, e := range []string{"sent a request to Example Hosting (posted in its shared channel, first response within 1h, written report within 1d): the top page shows a stranger's banner",
			"Example Hosting did not respond within the agreed 1h; reminded @sato",
			"recorded Example Hosting's first response, 1h 40m after the request: 40m later than the agreed 1h: looking into it; access logs attached",
			"recorded Example Web Works's written report, 22h 45m after the request: within the agreed 1d",
			"reminded @sato that Example Hosting has still sent no written report, 1d 1h after the request"} {
			if lang == workflow.English && !strings.Contains(md, e) {
				t.Errorf("the readable timeline lacks %q", e)
			}
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The Vendors section is left out of a report that touched no vendor; the
// JSON has it, empty.
func TestVendorsSectionOnlyWhenUsed(t *testing.T) {
	b := build(t, session(t).events)
	if md := string(b.Markdown(workflow.English)); strings.Contains(md, "## Vendors") {
		t.Errorf("the Markdown of an incident without vendors has a Vendors section")
	}
	j, _ := b.JSON()
	if !strings.Contains(string(j), `"vendors": {
    "affects": [],
    "owners_seq": 0,
    "components": [],
    "requests": []
  }`) {
		t.Errorf("the JSON's vendors: %s", j)
	}
}

// In a drill the request reached nobody, and the clocks run on the drill's
// clock: two real minutes at ×60 are two hours, so an hour's first response
// is an hour overdue while the day's written report is still awaited.
func TestVendorsInADrill(t *testing.T) {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000014")}
	tl.add(t, kato, at(10, 0), workflow.Opened{Title: "Drill: a vendor's panel defaced", Severity: "medium", Drill: true, Number: 3,
		Opener: kato.Person(), StartedAt: at(10, 0), DetectedAt: at(10, 0)})
	tl.add(t, kato, at(10, 0), workflow.DrillStarted{Scenario: "web-defacement", Title: txt("Defacement", "改ざん"), Speed: 60, End: time.Hour})
	tl.addAbout(t, kato, at(10, 1), "hosting", workflow.VendorRequested{Vendor: "hosting", Name: workflow.Text{En: "Example Hosting"}, Channel: "C0HOSTING",
		RespondWithin: time.Hour, ReportWithin: 24 * time.Hour, Simulated: true})
	tl.add(t, kato, at(10, 3), workflow.NoteLogged{Text: "no answer yet"})
	b := build(t, tl.events)
	q := b.Vendors.Requests[0]
	if !q.Simulated || q.Response.State != clockOverdue || *q.Response.Late != 3600 || q.Report.State != clockWaiting || q.Report.Late != nil {
		t.Errorf("a drill's request: %s", jsonOf(t, q))
	}
	md := string(b.Markdown(workflow.English))
	for _, want := range []string{"would send a request to Example Hosting (drill, not sent, first response within 1h, written report within 1d)",
		"drill: nothing was sent", "not received: overdue by 1h", "not received yet, within the agreed time"} {
		if !strings.Contains(md, want) {
			t.Errorf("the drill's report lacks %q", want)
		}
	}
}
