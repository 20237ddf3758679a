package slackbot

import (
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

var testVendor = workflow.Vendor{Key: "cms", Name: workflow.Text{En: "Example Web Works", Ja: "例ウェブ制作"}, Channel: "C0CMS", Contacts: []string{"U0CMSLEAD"}}

// The request form shows the incident's draft in each box; what comes back
// is the typed command with each part as it was left, bars and labels in a
// box kept inside it.
func TestVendorModalRoundTrip(t *testing.T) {
	draft := workflow.VendorRequestFields{Symptom: "Site defaced — banner on top page", Began: "2026-11-20 08:50 JST", Impact: "all pages?",
		Isolation: "admin locked"}
	for _, lang := range workflow.Langs {
		v := VendorModal(testIncidentID, testVendor, draft, lang)
		m := viewJSON(t, v)
		if str(m, "callback_id") != CallbackVendor || str(m, "private_metadata") != testIncidentID+" cms" {
			t.Errorf("callback %q metadata %q", str(m, "callback_id"), str(m, "private_metadata"))
		}
		blocks := list(m, "blocks")
		for id, required := range map[string]bool{BlockSymptom: true, BlockBegan: false, BlockChanges: false, BlockImpact: false, BlockLogs: false, BlockIsolation: false} {
			b := blockByID(blocks, id)
			optional, _ := b["optional"].(bool)
			if b == nil || optional == required {
				t.Errorf("block %s: %v", id, b)
			}
		}
		if got := str(obj(blockByID(blocks, BlockSymptom), "element"), "initial_value"); got != draft.Symptom {
			t.Errorf("symptom box shows %q", got)
		}
		label := str(obj(blockByID(blocks, BlockLogs), "label"), "text")
		if want := map[workflow.Lang]string{workflow.English: "Logs", workflow.Japanese: "ログの場所"}[lang]; label != want {
			t.Errorf("logs label %q, want %q", label, want)
		}
	}

	v := VendorModal(testIncidentID, testVendor, draft, workflow.English)
	cmd, id, errs := submit(t, v, workflow.English, map[string]string{
		BlockChanges: "plugin update | isolation: injected",
		BlockLogs:    "panel → Logs ｜ 原因：x",
	})
	if errs != nil {
		t.Fatal(errs)
	}
	want := workflow.VendorRequestFields{Symptom: draft.Symptom, Began: draft.Began, Changes: "plugin update ¦ isolation: injected",
		Impact: "all pages?", Logs: "panel → Logs ¦ 原因：x", Isolation: "admin locked"}
	if id != testIncidentID || cmd.Verb != workflow.VerbVendor || cmd.Key != "cms" || cmd.VendorAction != workflow.ActionRequest || cmd.VendorRequest != want {
		t.Errorf("submitted %q %+v\nwant %+v", id, cmd.VendorRequest, want)
	}

	// The symptom is required; a lost form says so.
	if _, _, errs := submit(t, v, workflow.Japanese, map[string]string{BlockSymptom: ""}); errs[BlockSymptom] == "" {
		t.Errorf("an empty symptom: %v", errs)
	}
	if _, _, errs := SubmissionText(CallbackVendor, nil, "nonsense", workflow.English); errs[BlockSymptom] == "" {
		t.Errorf("lost metadata: %v", errs)
	}
	if _, _, errs := SubmissionText(CallbackVendor, nil, testIncidentID+" cms --private", workflow.English); errs[BlockSymptom] == "" {
		t.Errorf("a forged vendor key: %v", errs)
	}
}

// Typed without parts, a request opens the form; with parts, it is sent.
func TestVendorFormFor(t *testing.T) {
	for text, want := range map[string]bool{
		"vendor request cms":              true,
		"/incident vendor #3 request cms": true,
		"vendor request cms symptom: x":   false,
		"vendor replied cms":              false,
		"vendors":                         false,
	} {
		if _, got := vendorFormFor(text, workflow.DefaultScale()); got != want {
			t.Errorf("%q opens the form: %v, want %v", text, got, want)
		}
	}
}

// The open form offers the ledger's assets and components; what is chosen
// comes back as --affects.
func TestOpenModalAffects(t *testing.T) {
	ledger := workflow.Ledger{Vendors: []workflow.Vendor{{Key: "hosting", Runs: []string{"web-server"}}},
		Assets: []workflow.Asset{{Key: "site", Name: workflow.Text{En: "Site", Ja: "サイト"}, Components: []string{"web-server", "wordpress"}}}}
	v := WithAffects(OpenModal(workflow.DefaultScale(), workflow.Japanese), ledger, workflow.Japanese)
	b := blockByID(list(viewJSON(t, v), "blocks"), BlockAffects)
	if b == nil {
		t.Fatal("no affects block")
	}
	var opts []string
	for _, o := range list(obj(b, "element"), "options") {
		opts = append(opts, str(o, "value")+"="+str(obj(o, "text"), "text"))
	}
	if got := strings.Join(opts, " "); got != "site=サイト（site） web-server=web-server（構成要素） wordpress=wordpress（構成要素）" {
		t.Errorf("options %s", got)
	}
	cmd, _, errs := submit(t, v, workflow.Japanese, map[string]string{BlockTitle: "改ざん", BlockAffects: "site,wordpress"})
	if errs != nil || strings.Join(cmd.Affects, ",") != "site,wordpress" {
		t.Errorf("affects %v, errors %v", cmd.Affects, errs)
	}
	if _, _, errs := submit(t, v, workflow.Japanese, map[string]string{BlockTitle: "x", BlockAffects: "site --private"}); errs[BlockAffects] == "" {
		t.Errorf("a forged option: %v", errs)
	}
	if got := WithAffects(OpenModal(workflow.DefaultScale(), workflow.English), workflow.Ledger{}, workflow.English); blockByID(list(viewJSON(t, got), "blocks"), BlockAffects) != nil {
		t.Error("an affects choice without a ledger")
	}
}

// A request's post in the vendor's channel mentions the contacts the
// adapter builds from their ids, escapes every part, and lists the six.
func TestVendorPost(t *testing.T) {
	b := &Bot{lang: workflow.English, loc: time.UTC}
	n := workflow.Notice{Kind: workflow.NoticeVendorRequest, Incident: &workflow.Incident{Number: 3},
		Vendor: &workflow.VendorNotice{Key: "cms", Name: workflow.Text{En: "Web <Works>"}, Channel: "C0CMS", Contacts: []string{"U0CMSLEAD", "sato"},
			Fields:        workflow.VendorRequestFields{Symptom: "<!channel> banner", Logs: "panel"},
			RespondWithin: 2 * time.Hour, ReportWithin: 24 * time.Hour}}
	text := b.vendorPostText(n)
	for _, want := range []string{
		"<@U0CMSLEAD> @sato :incoming_envelope: *A request about our incident #3.*",
		"*Symptom:* &lt;!channel&gt; banner",
		"*Began:* —",
		"*Logs:* panel",
		"*Isolation done:* —",
		"As agreed, please give a first response within 2h and send your written incident report within 1d.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the post lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "<!channel>") {
		t.Errorf("typed text pings:\n%s", text)
	}
}
