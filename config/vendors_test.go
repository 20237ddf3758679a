package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// twoVendors is a registry of two vendors and an asset, 16 lines; a case
// appends to it, so its first added line is line 17.
const twoVendors = `[[vendor]]
key = "hosting"
name = { en = "Example Hosting", ja = "例ホスティング" }
runs = ["web-server"]
respond_within = "1h"
[[vendor]]
key = "cms"
name = { en = "CMS builder", ja = "制作会社" }
runs = ["wordpress"]
channel = "C0CMS"
contacts = ["U0CMSLEAD"]
[[asset]]
key = "site"
name = { en = "Site", ja = "サイト" }
components = ["web-server", "wordpress"]
rto = "4h"
`

// Each mistake in the registry, the matrix or the ledger is reported with
// its key path and line, in English and in Japanese.
func TestVendorErrors(t *testing.T) {
	cases := []struct {
		name   string
		toml   string
		en, ja []string // substrings of the errors, in order
		n      int      // how many errors (0: any)
	}{
		{
			name: "an unknown vendor in a matrix row",
			toml: twoVendors + "[[responsibility]]\ncomponent = \"web-server\"\nitem = \"backup\"\nowner = [\"hostng\"]\n",
			en:   []string{`x.toml:20:10: key responsibility[0].owner[0]: “hostng” is neither a vendor key nor "company". Vendors: hosting, cms`},
			ja:   []string{`x.toml:20:10: key responsibility[0].owner[0]: 「hostng」は委託先のキーでも "company"（自社）でもありません。委託先: hosting, cms`},
			n:    1,
		},
		{
			name: "an unknown component",
			toml: twoVendors + "[[responsibility]]\ncomponent = \"dns\"\nitem = \"backup\"\nowner = [\"hosting\"]\n",
			en:   []string{`x.toml:18:1: key responsibility[0].component: “dns” is not a component: no [[vendor]] runs it and no [[asset]] lists it. Components: web-server, wordpress`},
			ja:   []string{`x.toml:18:1: key responsibility[0].component: 「dns」は構成要素ではありません`},
			n:    1,
		},
		{
			name: "an item outside the eight",
			toml: twoVendors + "[[responsibility]]\ncomponent = \"web-server\"\nitem = \"billing\"\nowner = [\"hosting\"]\n",
			en:   []string{`x.toml:19:1: key responsibility[0].item: “billing” is not one of the eight items of the responsibility matrix: availability, patching, application, access, backup, logging, security, incident`},
			ja:   []string{`x.toml:19:1: key responsibility[0].item: 「billing」は責任分界表の八つの分担項目のいずれでもありません`},
			n:    1,
		},
		{
			name: "a malformed duration",
			toml: twoVendors + "[[vendor]]\nkey = \"forms\"\nname = { en = \"Forms\" }\nrespond_within = \"4 hours\"\n",
			en:   []string{`x.toml:20:18: key vendor[2].respond_within: "4 hours" is not a duration`},
			n:    1,
		},
		{
			name: "a negative duration",
			toml: twoVendors + "[[vendor]]\nkey = \"forms\"\nname = { en = \"Forms\" }\nreport_within = \"-2h\"\n",
			en:   []string{`x.toml:20:1: key vendor[2].report_within: -2h0m0s is negative`},
			ja:   []string{`x.toml:20:1: key vendor[2].report_within: -2h0m0s は負の値です`},
			n:    1,
		},
		{
			name: "one key as two things",
			toml: twoVendors + "[[asset]]\nkey = \"hosting\"\nname = { en = \"x\" }\n[[vendor]]\nkey = \"backup\"\nname = { en = \"y\" }\n[[vendor]]\nkey = \"web\"\nname = { en = \"z\" }\nruns = [\"site\"]\n",
			en: []string{
				`x.toml:18:1: key asset[1].key: “hosting” is already a vendor (vendor[0].key); one key names one thing`,
				`x.toml:21:1: key vendor[2].key: “backup” is already one of the eight items of the responsibility matrix;`,
				`x.toml:26:9: key vendor[3].runs[0]: “site” is already an asset (asset[0].key);`,
			},
			ja: []string{`x.toml:18:1: key asset[1].key: 「hosting」はすでに委託先として使われています（vendor[0].key）。`},
			n:  3,
		},
		{
			name: "company is no vendor key, and a key is a lowercase word",
			toml: twoVendors + "[[vendor]]\nkey = \"company\"\nname = { en = \"x\" }\n[[vendor]]\nkey = \"Web Team\"\nname = { en = \"y\" }\n",
			en: []string{
				`x.toml:18:1: key vendor[2].key: “company” is already the company itself in the responsibility matrix;`,
				`x.toml:21:1: key vendor[3].key: “Web Team” is not a key: write lowercase letters and digits`,
			},
			n: 2,
		},
		{
			name: "the vendor's channel, contacts and email",
			toml: twoVendors + "[[vendor]]\nkey = \"forms\"\nname = { en = \"Forms\" }\nchannel = \"#forms\"\ncontacts = [\"sato\"]\nemail = \"forms support\"\n",
			en: []string{
				`x.toml:20:1: key vendor[2].channel: “#forms” is not a channel id`,
				`x.toml:21:13: key vendor[2].contacts[0]: “sato” is not a Slack user id`,
				`x.toml:22:1: key vendor[2].email: “forms support” is not an email address`,
			},
			n: 3,
		},
		{
			name: "a row twice, a party twice, a row naming nobody",
			toml: twoVendors + "[[responsibility]]\ncomponent = \"web-server\"\nitem = \"backup\"\nowner = [\"hosting\"]\nshared = [\"hosting\"]\n" +
				"[[responsibility]]\ncomponent = \"web-server\"\nitem = \"backup\"\nowner = [\"company\"]\n[[responsibility]]\ncomponent = \"wordpress\"\nitem = \"access\"\n",
			en: []string{
				`x.toml:21:11: key responsibility[0].shared[0]: “hosting” is already in this row (responsibility[0].owner[0])`,
				`x.toml:22:3: key responsibility[1]: web-server × backup already has a row (responsibility[0])`,
				`x.toml:26:3: key responsibility[2]: the row names nobody`,
			},
			n: 3,
		},
		{
			name: "a vendor without key or name",
			toml: "[[vendor]]\nruns = [\"web-server\"]\n",
			en: []string{
				`x.toml:1:3: key vendor[0].key: the vendor has no key`,
				`x.toml:1:3: key vendor[0].name: the vendor has no name`,
			},
			ja: []string{`x.toml:1:3: key vendor[0].key: 委託先にキーがありません。`},
			n:  2,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseWith(t, tc.toml, nil)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("got %v, want config errors", err)
			}
			if tc.n > 0 && len(errs) != tc.n {
				t.Errorf("%d errors, want %d:\n%v", len(errs), tc.n, err)
			}
			for lang, wants := range map[bool][]string{false: tc.en, true: tc.ja} {
				text := errs.In(lang)
				at := 0
				for _, w := range wants {
					i := strings.Index(text[at:], w)
					if i < 0 {
						t.Errorf("the errors (ja %v) lack, in order, %q:\n%s", lang, w, text)
						break
					}
					at += i + len(w)
				}
			}
		})
	}
}

// A valid registry turns into the workflow's ledger, the report clock at
// 24 hours unless written; the matrix's gaps are notes, one per component a
// vendor runs.
func TestLedger(t *testing.T) {
	src := twoVendors + `[[responsibility]]
component = "web-server"
item = "availability"
owner = ["hosting"]
shared = ["company"]
[[responsibility]]
component = "web-server"
item = "backup"
shared = ["hosting"]
`
	c, err := parseWith(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := c.Ledger()
	h, ok := l.Vendor("hosting")
	if !ok || h.RespondWithin != time.Hour || h.ReportWithin != DefaultReportWithin || h.Name.Ja != "例ホスティング" {
		t.Errorf("hosting: %+v", h)
	}
	cms, _ := l.Vendor("cms")
	if cms.RespondWithin != 0 || cms.Channel != "C0CMS" || len(cms.Contacts) != 1 {
		t.Errorf("cms: %+v", cms)
	}
	if a, ok := l.Asset("site"); !ok || a.RTO != 4*time.Hour || len(a.Components) != 2 {
		t.Errorf("site: %+v", a)
	}
	if m := l.Mark("web-server", workflow.ItemAvailability, workflow.PartyCompany); m != workflow.MarkShared {
		t.Errorf("company on web-server availability: %s", m)
	}
	notes := c.Notes()
	if len(notes) != 2 {
		t.Fatalf("notes: %q", notes)
	}
	want := []string{
		"responsibility matrix: web-server (run by hosting) has no owner for patching, application, access, backup, logging, security, incident;",
		"responsibility matrix: wordpress (run by cms) has no owner for availability, patching, application, access, backup, logging, security, incident;",
	}
	for i, w := range want {
		if !strings.HasPrefix(notes[i].String(), w) {
			t.Errorf("note %d: %q, want %q…", i, notes[i].String(), w)
		}
	}
	if ja := Messages().Render(workflow.Japanese, notes[0].Msg()); !strings.HasPrefix(ja, "責任分界表: web-server（運用: hosting）は ") {
		t.Errorf("Japanese note: %q", ja)
	}
}
