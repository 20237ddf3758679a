package workflow_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"incidentbot/internal/clocktest"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// testLedger: a hosting company without a shared channel, a CMS builder
// with one, a matrix for web-server, and two assets; "mail" is a component
// with no row in the matrix.
func testLedger() workflow.Ledger {
	return workflow.Ledger{
		Vendors: []workflow.Vendor{
			{Key: "hosting", Name: workflow.Text{En: "Example Hosting", Ja: "例ホスティング"}, Runs: []string{"web-server", "mail"},
				Email: "support@hosting.example", Phone: "03-0000-0001", Hours: workflow.Text{En: "24/7", Ja: "24時間"},
				RespondWithin: time.Hour, ReportWithin: 24 * time.Hour, PersonalData: true, Notes: workflow.Text{En: "14 generations"}},
			{Key: "cms", Name: workflow.Text{En: "Example Web Works", Ja: "例ウェブ制作"}, Runs: []string{"wordpress"},
				Channel: "C0CMS", Contacts: []string{"U0CMSLEAD"}, ReportWithin: 24 * time.Hour},
		},
		Matrix: []workflow.Responsibility{
			{Component: "web-server", Item: workflow.ItemAvailability, Owner: []string{"hosting"}, Shared: []string{"cms"}},
			{Component: "web-server", Item: workflow.ItemBackup, Owner: []string{"hosting"}, Shared: []string{workflow.PartyCompany}},
			{Component: "wordpress", Item: workflow.ItemBackup, Owner: []string{"cms"}},
		},
		Assets: []workflow.Asset{
			{Key: "site", Name: workflow.Text{En: "Corporate site", Ja: "コーポレートサイト"}, Components: []string{"web-server", "wordpress"},
				AdminAccounts: workflow.Text{En: "3 admins, vault folder Web"}, Backup: workflow.Text{En: "nightly, 14 generations"},
				Restore: workflow.Text{En: "panel, Backup, Restore"}, Verify: workflow.Text{En: "top page, contact form"},
				RTO: 4 * time.Hour, RPO: 24 * time.Hour},
			{Key: "newsletter", Name: workflow.Text{En: "Newsletter"}, Components: []string{"mail"}, PersonalData: true},
		},
	}
}

func newVendorHarness(t *testing.T) *harness {
	t.Helper()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	db, path := sqlitetest.Open(t)
	c := clocktest.New(time.Date(2026, 11, 20, 9, 15, 0, 0, tokyo))
	svc := workflow.NewService(workflow.Options{Store: db, Now: c.Now, Location: tokyo, Ledger: testLedger(),
		Escalation: workflow.Escalation{OnCall: map[workflow.Role]workflow.OnCall{
			workflow.RoleTech: {Role: workflow.RoleTech, Chain: []string{"tanaka", "ito"}}}},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return &harness{t: t, svc: svc, db: db, path: path, clock: c, tokyo: tokyo}
}

func hasAll(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// who answers from the matrix: a component's rows and whom to call, an
// item across components, a vendor's part; a component without rows says
// so and points at check; without a word, what the incident affects.
func TestWho(t *testing.T) {
	h := newVendorHarness(t)
	r := h.run("sato", "who web-server")
	if !r.InChannel {
		t.Error("who answers in the channel")
	}
	hasAll(t, "who web-server", h.lines(r, workflow.English),
		"Responsibility matrix for web-server (run by Example Hosting (hosting)) — ○ owner, △ shared, - not covered:",
		"  Infrastructure availability: ○ Example Hosting · △ Example Web Works",
		"  OS and middleware patching: - not covered (no row)",
		"  Backup and restore: ○ Example Hosting · △ company (us)",
		"To call:",
		"  Example Hosting (hosting): phone 03-0000-0001 · email support@hosting.example · hours 24/7",
		"  Example Web Works (cms): shared channel C0CMS · contacts @U0CMSLEAD")
	hasAll(t, "who web-server (ja)", h.lines(r, workflow.Japanese), "web-serverの責任分界表（運用: 例ホスティング（hosting））— ○ 主担当、△ 共同、- 対象外:",
		"  インフラの稼働: ○ 例ホスティング · △ 例ウェブ制作")

	r = h.run("sato", "who mail")
	hasAll(t, "who mail", h.lines(r, workflow.English),
		"mail (run by Example Hosting (hosting)) has no row in the responsibility matrix", "incidentbot check lists every such gap")
	hasAll(t, "who mail (ja)", h.lines(r, workflow.Japanese), "mail（運用: 例ホスティング（hosting））は責任分界表に行がありません", "incidentbot check")

	hasAll(t, "who backup", h.lines(h.run("sato", "who backup"), workflow.English),
		"Responsibility matrix for Backup and restore (backup)", "  web-server: ○ Example Hosting · △ company (us)", "  wordpress: ○ Example Web Works · △ —")
	hasAll(t, "who バックアップ・復元", h.lines(h.run("sato", "who バックアップ・復元"), workflow.English), "Backup and restore (backup)")
	hasAll(t, "who hosting", h.lines(h.run("sato", "who hosting"), workflow.English),
		"Vendor Example Hosting (hosting), runs web-server, mail:", "Agreed times: first response 1h, written report 1d.",
		"Handles personal data", "Contract notes: 14 generations", "  web-server: ○ Infrastructure availability, Backup and restore · △ —")
	hasAll(t, "who site", h.lines(h.run("sato", "who site"), workflow.English), "Corporate site (site): components web-server, wordpress", "Responsibility matrix for wordpress")

	err := h.fail("sato", "who dns")
	msg, _ := workflow.UserMessageOf(err)
	hasAll(t, "who dns", workflow.Render(workflow.English, msg), "“dns” is not a component, item, vendor or asset", "Components: web-server, mail, wordpress", "Vendors: hosting, cms", "Items: availability, patching")

	h.run("sato", "open Site is down")
	if err := h.fail("sato", "who"); !errors.Is(err, workflow.ErrInvalid) {
		t.Errorf("who without a word or anything affected: %v", err)
	}
	h.run("sato", "affects site")
	hasAll(t, "who", h.lines(h.run("sato", "who"), workflow.English), "#1 affects site:", "Responsibility matrix for web-server", "Responsibility matrix for wordpress")

	// Nothing configured: who says how to configure it.
	plain := newHarness(t)
	msg, _ = workflow.UserMessageOf(plain.fail("sato", "who web-server"))
	hasAll(t, "who with no ledger", workflow.Render(workflow.English, msg), "No vendors, responsibility matrix or assets are configured", "config.example.toml")
}

// affects records asset and component keys with their history, and the
// matrix's word on every component touched at the time.
func TestAffects(t *testing.T) {
	h := newVendorHarness(t)
	r := h.run("sato", "open high Site defaced --affects site,mail")
	hasAll(t, "open", h.lines(r, workflow.English), "Affects: site, mail.")
	if got := strings.Join(r.Incident.Affects, " "); got != "site mail" {
		t.Errorf("affects %q", got)
	}
	r = h.run("sato", "affects WEB-SERVER -mail")
	hasAll(t, "affects", h.lines(r, workflow.English), "#1: affects site, web-server (event", "components: web-server, wordpress.", "/incident who #1")
	_, events, err := h.svc.Timeline(context.Background(), workflow.ConsoleActor("sato"), workflow.Ref{Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := events[len(events)-1].Payload()
	ch := p.(workflow.AffectsChanged)
	if strings.Join(ch.Added, ",") != "web-server" || strings.Join(ch.Removed, ",") != "mail" || len(ch.Now) != 2 ||
		ch.Now[0].Component != "web-server" || ch.Now[0].RunBy[0] != "hosting" || len(ch.Now[0].Rows) != 2 || ch.Now[0].Rows[1].Item != workflow.ItemBackup {
		t.Errorf("the change: %+v", ch)
	}
	hasAll(t, "show", h.lines(h.run("sato", "show"), workflow.English), "Affects: site, web-server (who owns what: /incident who #1)")
	for text, want := range map[string]string{
		"affects dns":   "“dns” is neither an asset nor a component of the configuration. Known: site, newsletter, web-server, mail, wordpress.",
		"affects -mail": "“mail” is not recorded as affected, so it cannot be taken off. Recorded: site, web-server.",
		"affects site":  "Nothing changes: #1 already records those.",
		"affects":       "Name at least one asset or component key",
	} {
		msg, _ := workflow.UserMessageOf(h.fail("sato", text))
		hasAll(t, text, workflow.Render(workflow.English, msg), want)
	}
	r = h.run("sato", "affects mail")
	hasAll(t, "a component without rows", h.lines(r, workflow.English), "mail has no row in the responsibility matrix")
	h.verify(workflow.Ref{Number: 1})
}

// A request to a vendor: typed parts or the incident's; posted to the
// vendor's channel or given as email text; the first starts the clocks,
// a later one is a follow-up; replied and reported are recorded once each,
// against the agreed times.
func TestVendorRequest(t *testing.T) {
	h := newVendorHarness(t)
	h.run("sato", "open high Entry form sending spam started: 08:50")
	h.run("sato", "status confirmed: 500 spam entries | unconfirmed: whether applicant data leaked")
	h.run("sato", "decision Take the form offline | why: data may leak | action: maintenance page on /entry")
	h.run("sato", "decision Keep the site up | why: the site is fine")

	// Without parts: filled from the incident, shown as email text.
	r := h.run("sato", "vendor request hosting")
	en := h.lines(r, workflow.English)
	hasAll(t, "request", en,
		"#1: request to Example Hosting recorded (event",
		"First response due by 2026-11-20 10:19 JST (agreed: within 1h).",
		"Written report due by 2026-11-21 09:19 JST (agreed: within 1d).",
		"The parts were filled from the incident",
		"Example Hosting has no shared channel: send this by email to support@hosting.example. Reach: phone 03-0000-0001, email support@hosting.example.",
		"Subject: Incident #1: request to Example Hosting",
		"Symptom: Entry form sending spam — 500 spam entries",
		"Began: 2026-11-20 08:50 JST",
		"Recent changes: —",
		"Impact (hypothesis): whether applicant data leaked",
		"Logs: —",
		"Isolation done: maintenance page on /entry",
		"Please send your first response within 1h and your written incident report within 1d, as agreed.")
	hasAll(t, "request (ja)", h.lines(r, workflow.Japanese), "件名: インシデント#1について例ホスティングへのご依頼", "症状: Entry form sending spam — 500 spam entries", "実施済みの隔離: maintenance page on /entry")
	p, _ := r.Events[0].Payload()
	req := p.(workflow.VendorRequested)
	if req.Vendor != "hosting" || req.FollowUp || req.RespondWithin != time.Hour || req.Channel != "" || req.Email != "support@hosting.example" || r.Events[0].Subject != "hosting" {
		t.Errorf("the request: %+v", req)
	}

	// Typed parts, to a vendor with a channel: posted.
	r = h.run("sato", "vendor request cms 症状： 改ざん ｜ ログの場所：管理画面 | isolation: admin locked")
	hasAll(t, "request cms", h.lines(r, workflow.English), "Posted to the vendor's shared channel, mentioning 1 contact(s).",
		"No time to a first response is agreed with this vendor", "Written report due by")
	p, _ = r.Events[0].Payload()
	if f := p.(workflow.VendorRequested).VendorRequestFields; f.Symptom != "改ざん" || f.Logs != "管理画面" || f.Isolation != "admin locked" || f.Began != "" {
		t.Errorf("typed parts: %+v", f)
	}
	if strings.Contains(h.lines(r, workflow.English), "Subject:") {
		t.Error("a vendor with a channel gets no email text")
	}

	// A second request is a follow-up.
	h.clock.Advance(20 * time.Minute)
	r = h.run("sato", "vendor request hosting symptom: still down")
	hasAll(t, "follow-up", h.lines(r, workflow.English), "#1: follow-up to Example Hosting recorded (event", "the clocks still run from the first request at 2026-11-20 09:19 JST")

	// vendors: elapsed against the agreed times.
	h.clock.Advance(30 * time.Minute)
	r = h.run("sato", "vendors")
	hasAll(t, "vendors", h.lines(r, workflow.English),
		"#1: vendors asked (2):",
		"Example Hosting (hosting): asked 2026-11-20 09:19 JST, 53m ago; 1 follow-up(s)",
		"  First response: waiting 53m of the agreed 1h (7m left)",
		"Example Web Works (cms): asked 2026-11-20 09:20 JST, 52m ago; no follow-up",
		"  First response: waiting 52m (no time agreed)")
	h.clock.Advance(20 * time.Minute)
	hasAll(t, "vendors overdue", h.lines(h.run("sato", "vendors"), workflow.English), "  First response: OVERDUE: waiting 1h 14m, 14m past the agreed 1h")

	// Answers.
	r = h.run("sato", "vendor replied hosting they are restoring")
	hasAll(t, "replied", h.lines(r, workflow.English), "Example Hosting's first response recorded (event", "1h 15m after the first request: 15m later than the agreed 1h.")
	for text, want := range map[string]string{
		"vendor replied hosting":            "Example Hosting's first response is already recorded (2026-11-20 10:34 JST)",
		"vendor replied nobody":             "There is no vendor “nobody”. Vendors: hosting, cms.",
		"vendor reported x":                 "There is no vendor “x”",
		"vendor shouted hosting":            "“shouted” is not something vendor records",
		"vendor request":                    "Which vendor?",
		"vendor request hosting | cause: x": "“cause:” is not a label of vendor",
	} {
		msg, _ := workflow.UserMessageOf(h.fail("sato", text))
		hasAll(t, text, workflow.Render(workflow.English, msg), want)
	}
	r = h.run("sato", "vendor reported cms report received")
	hasAll(t, "reported", h.lines(r, workflow.English), "Example Web Works's written report recorded", "within the agreed 1d. Both clocks stop.")
	hasAll(t, "vendors answered", h.lines(h.run("sato", "vendors"), workflow.English),
		"  First response: received after 1h 15m, 15m later than the agreed 1h",
		"  First response: received after 1h 15m, no time was agreed")
	h.verify(workflow.Ref{Number: 1})

	// A request on an incident that asked nobody yet.
	h.run("sato", "open other")
	msg, _ := workflow.UserMessageOf(h.fail("sato", "vendor #2 replied hosting"))
	hasAll(t, "not asked", workflow.Render(workflow.English, msg), "Example Hosting has not been asked in #2", "/incident vendor #2 request hosting")
}

// A redacted request keeps the ask and its time: the clocks still know the
// vendor was asked, and the chain verifies.
func TestVendorRequestRedacted(t *testing.T) {
	h := newVendorHarness(t)
	h.run("sato", "open Site down")
	r := h.run("sato", "vendor request hosting symptom: applicant Yamada's file")
	seq := r.Events[0].Seq
	h.run("sato", "redact "+strconv.Itoa(seq)+" personal data")
	inc := h.show("sato", "#1")
	if a, ok := inc.Ask("hosting"); !ok || a.Requested.IsZero() || a.Answered() {
		t.Errorf("the ask after the redaction: %+v", inc.Asks)
	}
	h.run("sato", "vendor replied hosting")
	h.verify(workflow.Ref{Number: 1})
}

// kit: contacts by role with the on-call chains, the vendors of what the
// incident affects, the recovery memo; with nothing affected, every asset.
func TestKit(t *testing.T) {
	h := newVendorHarness(t)
	r := h.run("sato", "kit")
	en := h.lines(r, workflow.English)
	hasAll(t, "kit without an incident", en, "First-hour kit:", "Contacts by role (holder; on-call chain, backups in order):",
		"  tech: unassigned; on call: primary @tanaka → secondary @ito", "  commander: unassigned; on call: no on-call chain",
		"Recovery memo (asset ledger):", "  Corporate site (site), components web-server, wordpress",
		"    Admin accounts: 3 admins, vault folder Web", "    RTO 4h · RPO 1d", "  Newsletter (newsletter)", "every asset is shown")
	h.run("sato", "open Site defaced --affects site")
	en = h.lines(h.run("sato", "kit"), workflow.English)
	hasAll(t, "kit of #1", en, "First-hour kit for #1:", "  commander: @sato;", "Vendors:", "Vendor Example Hosting (hosting), runs web-server, mail:",
		"Vendor Example Web Works (cms), runs wordpress:", "    How to restore: panel, Backup, Restore", "    Verify after restoring: top page, contact form")
	if strings.Contains(en, "Newsletter") || strings.Contains(en, "every asset") {
		t.Errorf("kit of #1 shows assets it does not affect:\n%s", en)
	}
	hasAll(t, "kit newsletter", h.lines(h.run("sato", "kit newsletter"), workflow.English), "Newsletter (newsletter), components mail", "Holds personal data.")
	msg, _ := workflow.UserMessageOf(h.fail("sato", "kit shop"))
	hasAll(t, "kit shop", workflow.Render(workflow.English, msg), "There is no asset “shop”. Assets: site, newsletter.")
	hasAll(t, "kit (ja)", h.lines(h.run("sato", "kit"), workflow.Japanese), "#1の初動資料:", "役割別の連絡先", "復旧メモ（資産台帳）:")
}

// The request form's draft: the incident's parts, for a form to edit.
func TestVendorRequestDraft(t *testing.T) {
	h := newVendorHarness(t)
	h.run("sato", "open high Form spam started: 08:50")
	h.run("sato", "status unconfirmed: leak? | confirmed: 500 entries")
	h.run("sato", "decision Stop the form | why: leak | stop: entry form")
	h.run("sato", "decision Restrict admin | why: tampering | action: WAF rule")
	h.run("sato", "amend 2 | action: WAF rule and password reset")
	d, err := h.svc.VendorRequestDraft(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("sato")}, workflow.Ref{}, "cms")
	if err != nil {
		t.Fatal(err)
	}
	want := workflow.VendorRequestFields{Symptom: "Form spam — 500 entries", Began: "2026-11-20 08:50 JST", Impact: "leak?",
		Isolation: "Stop the form; WAF rule and password reset"}
	if d.Fields != want || d.Vendor.Key != "cms" || d.Incident.Number != 1 {
		t.Errorf("draft %+v, want %+v", d.Fields, want)
	}
	if _, err := h.svc.VendorRequestDraft(context.Background(), workflow.Request{Actor: workflow.ConsoleActor("sato")}, workflow.Ref{}, "nobody"); err == nil {
		t.Error("a draft for an unknown vendor")
	}
}
