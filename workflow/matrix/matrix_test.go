package matrix

import (
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// ledger: a vendor whose name tries markup, a component with a full row
// and a gap, and one the company runs alone.
func ledger() workflow.Ledger {
	return workflow.Ledger{
		Vendors: []workflow.Vendor{
			{Key: "hosting", Name: workflow.Text{En: "Host <b>|</b> & Co", Ja: "ホスト<script>"}, Runs: []string{"web-server"},
				RespondWithin: time.Hour, ReportWithin: 24 * time.Hour, Phone: "03-0000-0001", Notes: workflow.Text{En: "line one\nline two"}},
		},
		Matrix: []workflow.Responsibility{
			{Component: "web-server", Item: workflow.ItemAvailability, Owner: []string{"hosting"}, Shared: []string{workflow.PartyCompany}},
			{Component: "web-server", Item: workflow.ItemAccess, Owner: []string{workflow.PartyCompany}},
			{Component: "mail", Item: workflow.ItemBackup, Owner: []string{workflow.PartyCompany}},
		},
		Assets: []workflow.Asset{{Key: "site", Components: []string{"web-server", "mail"}}},
	}
}

func TestMarkdown(t *testing.T) {
	md := string(Build(ledger(), workflow.English).Markdown())
	for _, want := range []string{
		"# Responsibility matrix\n",
		"## web-server — run by Host &lt;b>|&lt;/b> &amp; Co (hosting)\n",
		"| Item | Host &lt;b>\\|&lt;/b> &amp; Co (hosting) | Company (us) |\n|---|:---:|:---:|\n",
		"| Infrastructure availability (availability) | ○ | △ |\n",
		"| OS and middleware patching (patching) | - | - |\n",
		"| IDs, permissions and authentication (access) | - | ○ |\n",
		"No owner (settle it in the contract): OS and middleware patching, Application bugs and performance, Backup and restore,",
		"## mail — run by the company itself\n",
		"| Backup and restore (backup) | ○ |\n",
		"| Host &lt;b>\\|&lt;/b> &amp; Co (hosting) | web-server | — | 1h | 1d | no | — | 03-0000-0001 | line one<br>line two |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	// A component the company runs alone has no gap to settle with a vendor.
	if strings.Count(md, "No owner") != 1 {
		t.Errorf("gaps:\n%s", md)
	}
	ja := string(Build(ledger(), workflow.Japanese).Markdown())
	for _, want := range []string{"# 責任分界表\n", "○ 主担当 · △ 共同 · - 対象外", "| インフラの稼働（availability） | ○ | △ |", "## mail — 運用: 自社"} {
		if !strings.Contains(ja, want) {
			t.Errorf("the Japanese Markdown lacks %q:\n%s", want, ja)
		}
	}
}

// The HTML page is self-contained (no script, no outside resource) and
// escapes every configured text.
func TestHTML(t *testing.T) {
	page, err := Build(ledger(), workflow.Japanese).HTML()
	if err != nil {
		t.Fatal(err)
	}
	h := string(page)
	for _, want := range []string{`<html lang="ja">`, "<title>責任分界表</title>", "ホスト&lt;script&gt;（hosting）", `<td class="mark">○</td>`} {
		if !strings.Contains(h, want) {
			t.Errorf("the page lacks %q:\n%s", want, h)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import"} {
		if strings.Contains(h, bad) {
			t.Errorf("the page holds %q:\n%s", bad, h)
		}
	}
	empty, err := Build(workflow.Ledger{}, workflow.English).HTML()
	if err != nil || !strings.Contains(string(empty), "No vendors or responsibility matrix are configured") {
		t.Errorf("empty: %v\n%s", err, empty)
	}
	if md := string(Build(workflow.Ledger{}, workflow.English).Markdown()); !strings.Contains(md, "No vendors or responsibility matrix") {
		t.Errorf("empty Markdown:\n%s", md)
	}
}

func TestCatalog(t *testing.T) {
	if bad := Messages().Check(); len(bad) > 0 {
		t.Error(bad)
	}
}
