package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// The vendors of the end-to-end tests: a CMS builder with a shared channel
// and a contact, a hosting company reached by email.
const vendorTOML = `
[[vendor]]
key = "cms"
name = { en = "Example Web Works", ja = "例ウェブ制作" }
runs = ["wordpress"]
channel = "C0CMSVENDOR"
contacts = ["U0CMSLEAD"]
respond_within = "45m"
report_within = "24h"
[[vendor]]
key = "hosting"
name = { en = "Example Hosting", ja = "例ホスティング" }
runs = ["web-server"]
email = "support@hosting.example"
respond_within = "30m"
[[responsibility]]
component = "web-server"
item = "availability"
owner = ["hosting"]
[[asset]]
key = "site"
name = { en = "Corporate site", ja = "コーポレートサイト" }
components = ["web-server", "wordpress"]
`

const vendorChannel = "C0CMSVENDOR"

func newVendorSmoke(t *testing.T) *smoke {
	t.Helper()
	s := newSmokeWith(t, vendorTOML)
	if err := s.slack.AddChannel(vendorChannel, "shared-webworks", false, s.slack.BotUserID(), "U0CMSLEAD"); err != nil {
		t.Fatal(err)
	}
	return s
}

// said counts the messages in every channel that contain all of parts.
func (s *smoke) said(parts ...string) int {
	n := 0
	for _, ch := range s.slack.Channels() {
		for _, m := range s.slack.Messages(ch.ID) {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(m.Text, p)
			}
			if all {
				n++
			}
		}
	}
	return n
}

// drained waits until Slack's outbox is empty: whatever a step queued has
// been delivered, so what has not arrived never will.
func (s *smoke) drained() {
	s.t.Helper()
	s.wait("Slack's outbox drained", func() bool { return s.pending("slack:") == 0 })
}

// vendorEvents counts the incident's events of each vendor kind.
func (s *smoke) vendorEvents(ref string) map[workflow.EventKind]int {
	s.t.Helper()
	r, err := workflow.ParseRef(ref)
	if err != nil {
		s.t.Fatal(err)
	}
	_, evs, err := s.app.svc.Timeline(context.Background(), workflow.Actor{Team: smokeTeam, User: smokeOpener}, r)
	if err != nil {
		s.t.Fatal(err)
	}
	out := map[workflow.EventKind]int{}
	for _, e := range evs {
		out[e.Kind]++
	}
	return out
}

// A request through Slack: posted in the vendor's shared channel with its
// contact mentioned and the six parts; on a moved clock, a reminder once
// the agreed time passes, none for a vendor that replied in time; the
// written report's clock likewise, stopped by vendor reported.
func TestSmokeVendorRequest(t *testing.T) {
	s := newVendorSmoke(t)
	if ack := s.command(smokeOpener, "open Site defaced --affects site"); !strings.Contains(ack, "Affects: site.") {
		t.Fatalf("open: %q", ack)
	}
	// The matrix has no row for wordpress: who says so and points at check.
	if who := s.command(smokeOpener, "who wordpress"); !strings.Contains(who, "wordpress (run by Example Web Works (cms)) has no row in the responsibility matrix") ||
		!strings.Contains(who, "incidentbot check lists every such gap") {
		t.Errorf("who wordpress: %q", who)
	}
	ack := s.command(smokeOpener, "vendor request cms symptom: banner on the top page | began: 08:50 | changes: plugin update yesterday | "+
		"impact: every page may be altered | logs: hosting panel, access logs | isolation: admin screen limited to the office")
	if !strings.Contains(ack, "Posted to the vendor's shared channel, mentioning 1 contact(s).") || !strings.Contains(ack, "First response due by") {
		t.Fatalf("request: %q", ack)
	}
	s.wait("the request in the vendor's channel", func() bool { return len(s.slack.Messages(vendorChannel)) == 1 })
	post := s.slack.Messages(vendorChannel)[0].Text
	for _, want := range []string{"<@U0CMSLEAD>", "*A request about our incident #1.*",
		"*Symptom:* banner on the top page", "*Began:* 08:50", "*Recent changes:* plugin update yesterday",
		"*Impact (hypothesis):* every page may be altered", "*Logs:* hosting panel, access logs",
		"*Isolation done:* admin screen limited to the office", "first response within 45m", "written incident report within 1d"} {
		if !strings.Contains(post, want) {
			t.Errorf("the vendor's post lacks %q:\n%s", want, post)
		}
	}
	ack = s.command(smokeOpener, "vendor request hosting symptom: site defaced")
	if !strings.Contains(ack, "send this by email to support@hosting.example") || !strings.Contains(ack, "Symptom: site defaced") {
		t.Fatalf("request by email: %q", ack)
	}

	// Hosting replies in time: its clock stops.
	s.fire(20 * time.Minute)
	if ack := s.command(smokeOpener, "vendor replied hosting looking into it"); !strings.Contains(ack, "within the agreed 30m") {
		t.Fatalf("replied: %q", ack)
	}
	s.fire(15 * time.Minute) // hosting's 30m have passed
	s.drained()
	if n := s.said("Example Hosting has not responded"); n != 0 {
		t.Errorf("%d reminders for a vendor that replied", n)
	}
	// The CMS builder does not: at its 45 minutes, the commander is reminded.
	s.fire(9 * time.Minute)
	s.drained()
	if n := s.said("Example Web Works has not responded"); n != 0 {
		t.Fatalf("a reminder before the agreed time")
	}
	s.fire(2 * time.Minute)
	s.wait("the reminder in the incident channel", func() bool {
		return s.said("<@"+smokeOpener+">", "Example Web Works has not responded", "/incident vendor #1 replied cms") == 1
	})
	if ack := s.command(smokeOpener, "vendor replied cms restoring from backup"); !strings.Contains(ack, "1m later than the agreed 45m") {
		t.Fatalf("replied late: %q", ack)
	}
	if ack := s.command(smokeOpener, "vendor reported hosting report received"); !strings.Contains(ack, "Both clocks stop.") {
		t.Fatalf("reported: %q", ack)
	}

	// A day later: the CMS builder's written report is overdue; hosting's
	// came.
	s.fire(23 * time.Hour)
	s.drained()
	if n := s.said("written report on the request"); n != 0 {
		t.Fatalf("a report reminder before the day is up")
	}
	s.fire(30 * time.Minute)
	s.wait("the report reminder", func() bool { return s.said("Example Web Works's written report", "is overdue") == 1 })
	if ack := s.command(smokeOpener, "vendor reported cms received"); !strings.Contains(ack, "Both clocks stop.") {
		t.Fatalf("reported: %q", ack)
	}
	s.fire(48 * time.Hour)
	s.drained()
	if n := s.said("Example Hosting's written report on the request"); n != 0 {
		t.Errorf("%d report reminders for a vendor that reported", n)
	}
	if n := s.said("has not responded"); n != 1 {
		t.Errorf("%d first-response reminders, want 1", n)
	}
	got := s.vendorEvents("#1")
	for kind, want := range map[workflow.EventKind]int{workflow.EventVendorRequested: 2, workflow.EventVendorReplied: 2,
		workflow.EventVendorReported: 2, workflow.EventVendorClockMissed: 2, workflow.EventAffectsChanged: 1} {
		if got[kind] != want {
			t.Errorf("%d %s events, want %d (%v)", got[kind], kind, want, got)
		}
	}
	if ack := s.command(smokeOpener, "vendors"); !strings.Contains(ack, "received after 46m, 1m later than the agreed 45m") {
		t.Errorf("vendors: %q", ack)
	}
	if n := len(s.slack.Messages(vendorChannel)); n != 1 {
		t.Errorf("%d posts in the vendor's channel, want the request only", n)
	}

	// The report's Vendors section, exported by the binary beside the
	// running bot: who owned what the incident affects, each request, and
	// the clocks — the CMS builder's first response a minute late after
	// its clock ran out, its written report late too; hosting's within.
	js := ib(t, t.TempDir(), "", "export", "1", "--format", "json", "--db", s.dbPath)
	type clock struct {
		State  string `json:"state"`
		Within *int64 `json:"within_seconds"`
		After  *int64 `json:"after_seconds"`
		Late   *int64 `json:"late_seconds"`
		Note   string `json:"note"`
		Missed *struct {
			Person struct{ ID string } `json:"person"`
		} `json:"missed"`
	}
	var rep struct {
		Vendors struct {
			Affects    []string `json:"affects"`
			Components []struct {
				Component string   `json:"component"`
				RunBy     []string `json:"run_by"`
				Rows      []struct {
					Item  string   `json:"item"`
					Owner []string `json:"owner"`
				} `json:"rows"`
			} `json:"components"`
			Requests []struct {
				Vendor    string `json:"vendor"`
				Via       string `json:"via"`
				Channel   string `json:"channel"`
				FollowUps []any  `json:"follow_ups"`
				Response  clock  `json:"first_response"`
				Report    clock  `json:"written_report"`
			} `json:"requests"`
		} `json:"vendors"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("export json: %v\n%s%s", err, js.stdout, js.stderr)
	}
	v := rep.Vendors
	if len(v.Affects) != 1 || v.Affects[0] != "site" || len(v.Components) != 2 || v.Components[0].Component != "web-server" ||
		v.Components[0].RunBy[0] != "hosting" || len(v.Components[0].Rows) != 1 || v.Components[0].Rows[0].Owner[0] != "hosting" ||
		v.Components[1].Component != "wordpress" || len(v.Components[1].Rows) != 0 {
		t.Errorf("what the incident affects and who owned it: %+v", v)
	}
	if len(v.Requests) != 2 {
		t.Fatalf("%d vendors in the report, want 2: %s", len(v.Requests), js.stdout)
	}
	cms, hosting := v.Requests[0], v.Requests[1]
	if cms.Vendor != "cms" || cms.Via != "channel" || cms.Channel != vendorChannel || len(cms.FollowUps) != 0 {
		t.Errorf("the CMS builder's request: %+v", cms)
	}
	if r := cms.Response; r.State != "late" || *r.Within != 45*60 || *r.After != 46*60 || *r.Late != 60 || r.Note != "restoring from backup" ||
		r.Missed == nil || r.Missed.Person.ID != smokeOpener {
		t.Errorf("the CMS builder's first response: %+v", r)
	}
	if r := cms.Report; r.State != "late" || r.Missed == nil || r.Late == nil || *r.Late <= 0 {
		t.Errorf("the CMS builder's written report: %+v", r)
	}
	if hosting.Via != "email" || hosting.Response.State != "within" || *hosting.Response.After != 20*60 || hosting.Response.Missed != nil ||
		hosting.Report.State != "within" {
		t.Errorf("hosting: %+v", hosting)
	}
	md := ib(t, t.TempDir(), "", "export", "1", "--format", "md", "--db", s.dbPath)
	for _, want := range []string{"## Vendors", "| web-server | Example Hosting | Infrastructure availability | Example Hosting | — |",
		"| wordpress | Example Web Works | no row in the responsibility matrix", "late by 1m",
		"Example Web Works did not respond within the agreed 45m; reminded"} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("the Markdown report lacks %q", want)
		}
	}
}

// In a drill nothing reaches the vendor's channel; the request and the
// clock the drill's speed drives are recorded as would-be.
func TestSmokeVendorRequestInADrill(t *testing.T) {
	s := newVendorSmoke(t)
	if ack := s.commandIn("C0SANDBOX", smokeOpener, "drill start web-defacement --speed 60"); !strings.Contains(ack, "D-1") {
		t.Fatalf("drill start: %q", ack)
	}
	ack := s.command(smokeOpener, "vendor #D-1 request cms symptom: a drill")
	if !strings.Contains(ack, "Drill — nothing was sent; a real request would be posted to the vendor's shared channel.") {
		t.Fatalf("request in a drill: %q", ack)
	}
	// 45 minutes of drill time are 45 seconds at ×60; the scenario ends at
	// its hour.
	s.fire(50 * time.Second)
	s.drained()
	if n := len(s.slack.Messages(vendorChannel)); n != 0 {
		t.Errorf("%d posts in the vendor's channel during a drill", n)
	}
	_, evs, err := s.app.svc.Timeline(context.Background(), workflow.Actor{Team: smokeTeam, User: smokeOpener}, workflow.Ref{Drill: true, Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	var requested, missed bool
	for _, e := range evs {
		p, _ := e.Payload()
		switch x := p.(type) {
		case workflow.VendorRequested:
			requested = x.Simulated
		case workflow.VendorClockMissed:
			missed = x.Simulated && x.Clock == workflow.ClockRespond
		}
	}
	if !requested || !missed {
		t.Errorf("the drill's timeline: simulated request %v, simulated miss %v", requested, missed)
	}
	// A real request afterwards is posted: the channel works.
	s.command(smokeOpener, "open Real one")
	s.command(smokeOpener, "vendor #1 request cms symptom: real")
	s.wait("the real request", func() bool { return len(s.slack.Messages(vendorChannel)) == 1 })
}

// check reports the configuration's mistakes about vendors with file and
// line, in the configured language; serve refuses such a configuration and
// starts nothing. The matrix prints for a contract review.
func TestVendorConfigChecked(t *testing.T) {
	dir := t.TempDir()
	bad := write(t, filepath.Join(dir, "bad.toml"), "language = \"ja\"\n"+vendorTOML+`[[responsibility]]
component = "dns"
item = "backup"
owner = ["hostng"]
[[responsibility]]
component = "wordpress"
item = "billing"
owner = ["cms"]
[[vendor]]
key = "forms"
name = { en = "Forms" }
respond_within = "4 hours"
`)
	_, errs, code := runEnv(nil, "check", "--config", bad)
	if code != exitFailure {
		t.Fatalf("check exit %d:\n%s", code, errs)
	}
	// A malformed duration stops decoding first: it alone is reported, in
	// the file's language.
	if !strings.Contains(errs, bad+":36:18: key vendor[2].respond_within: 「4 hours」は期間として読めません。") {
		t.Errorf("check:\n%s", errs)
	}
	fixed := strings.Replace(mustReadFile(t, bad), `respond_within = "4 hours"`, `respond_within = "4h"`, 1)
	write(t, bad, fixed)
	_, errs, code = runEnv(nil, "check", "--config", bad)
	if code != exitFailure {
		t.Fatalf("check exit %d:\n%s", code, errs)
	}
	for _, want := range []string{
		bad + ": 設定に3件の問題があります。",
		bad + ":26:1: key responsibility[1].component: 「dns」は構成要素ではありません",
		bad + ":28:10: key responsibility[1].owner[0]: 「hostng」は委託先のキーでも \"company\"（自社）でもありません。委託先: cms, hosting, forms",
		bad + ":31:1: key responsibility[2].item: 「billing」は責任分界表の八つの分担項目のいずれでもありません",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("check lacks %q:\n%s", want, errs)
		}
	}
	_, errs, _ = runEnv(nil, "check", "--config", bad, "--lang", "en")
	if !strings.Contains(errs, bad+`:28:10: key responsibility[1].owner[0]: “hostng” is neither a vendor key nor "company". Vendors: cms, hosting, forms`) {
		t.Errorf("check in English:\n%s", errs)
	}
	_, errs, code = runEnv(map[string]string{"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_APP_TOKEN": "xapp-x"}, "serve", "--config", bad, "--db", filepath.Join(dir, "x.db"))
	if code == exitOK || !strings.Contains(errs, "responsibility[1].component") {
		t.Errorf("serve with a bad configuration: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("serve created a database with a bad configuration")
	}

	// A runbook of one's own naming an unknown vendor: check names its line.
	good := write(t, filepath.Join(dir, "good.toml"), vendorTOML+"[runbooks]\ndir = "+quote(filepath.Join(dir, "books"))+"\n")
	book := strings.Replace(mustReadFile(t, "../../runbooks/defaults/defacement.toml"), `name = "defacement"`, `name = "our-defacement"`, 1)
	book = strings.Replace(book, `vendor = "hosting"`, `vendor = "hostng"`, 1)
	if err := os.MkdirAll(filepath.Join(dir, "books"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "books", "ours.toml"), book)
	_, errs, code = runEnv(nil, "check", "--config", good)
	if code != exitFailure || !strings.Contains(errs, filepath.Join(dir, "books", "ours.toml")+":29:1: key contact[0].vendor: unknown vendor \"hostng\"; the configured vendors are cms, hosting") {
		t.Errorf("check with a runbook naming an unknown vendor: exit %d\n%s", code, errs)
	}

	// The shipped example checks clean and notes no gap.
	out, errs, code := runEnv(map[string]string{"PAGERDUTY_ROUTING_KEY": "x"}, "check", "--config", "../../config.example.toml")
	if code != exitOK || !strings.Contains(out, "vendors 4, responsibility matrix 32 rows over 4 components, asset ledger 3 assets") || strings.Contains(out, "note:") {
		t.Errorf("check of the example: exit %d\n%s%s", code, out, errs)
	}
}

// incidentbot matrix prints the whole matrix, in Markdown or as one HTML
// page, in the configured language or --lang.
func TestMatrixCommand(t *testing.T) {
	out, errs, code := runEnv(nil, "matrix", "--config", "../../config.example.toml")
	if code != exitOK {
		t.Fatalf("matrix: exit %d\n%s", code, errs)
	}
	for _, want := range []string{"# Responsibility matrix", "## booking-server — run by Example Web Works (cms), Example Cloud (cloud)",
		"| Infrastructure availability (availability) | △ | ○ | - |", "## Vendors"} {
		if !strings.Contains(out, want) {
			t.Errorf("matrix lacks %q:\n%s", want, out)
		}
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "matrix.html")
	_, errs, code = runEnv(nil, "matrix", "--format", "html", "--lang", "ja", "-o", page, "--config", "../../config.example.toml")
	if code != exitOK {
		t.Fatalf("matrix html: exit %d\n%s", code, errs)
	}
	if want := "責任分界表を " + page + " に書き出しました\n"; errs != want {
		t.Errorf("matrix -o --lang ja said %q, want %q", errs, want)
	}
	h := mustReadFile(t, page)
	if !strings.Contains(h, `<html lang="ja">`) || !strings.Contains(h, "<h1>責任分界表</h1>") || strings.Contains(h, "<script") {
		t.Errorf("the page:\n%s", h)
	}
	if _, errs, code := runEnv(nil, "matrix", "--format", "pdf"); code != exitUsage || !strings.Contains(errs, "write --format md or --format html") {
		t.Errorf("matrix --format pdf: exit %d\n%s", code, errs)
	}
}

func mustReadFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }
