// Package matrix renders the responsibility matrix (責任分界表) for a
// contract review: for each component, the eight items against every party
// (the vendors that run it or share in it, and the company) marked ○ owner,
// △ shared or - not covered; the items nobody owns; and the vendors' terms.
// Markdown for a document, or one self-contained HTML page. Every text from
// the configuration is escaped.
package matrix

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"incidentbot/workflow"
)

// Table is the matrix as both renderings read it.
type Table struct {
	Lang       workflow.Lang
	Title      string
	Legend     string
	Components []Component
	Vendors    []VendorRow
	Heads      Heads
	Empty      string // shown when nothing is configured
}

// Component is one component's block.
type Component struct {
	Key     string
	RunBy   string   // "Example Hosting (hosting)"; or the company
	Parties []string // column heads
	Rows    []Row
	Gaps    string // "No owner: …", or "" when every item has one
}

// Row is one item across the parties.
type Row struct {
	Item  string   // "Backup and restore (backup)"
	Marks []string // ○ △ -
}

// VendorRow is one vendor's terms.
type VendorRow struct {
	Name, Runs, Hours, Respond, Report, PersonalData, Channel, Reach, Notes string
}

// Heads are the column and section names.
type Heads struct {
	Item, Vendors, Vendor, Runs, Hours, Respond, Report, PersonalData, Channel, Reach, Notes string
}

// Build lays out the ledger's matrix in language l.
func Build(ledger workflow.Ledger, l workflow.Lang) Table {
	tr := func(key workflow.MsgKey, args workflow.Args) string { return messages.Render(l, workflow.M(key, args)) }
	t := Table{Lang: l, Title: tr("matrix.title", nil), Legend: tr("matrix.legend", nil), Empty: tr("matrix.empty", nil),
		Heads: Heads{Item: tr("matrix.col.item", nil), Vendors: tr("matrix.vendors", nil), Vendor: tr("matrix.col.vendor", nil),
			Runs: tr("matrix.col.runs", nil), Hours: tr("matrix.col.hours", nil), Respond: tr("matrix.col.respond", nil),
			Report: tr("matrix.col.report", nil), PersonalData: tr("matrix.col.personal_data", nil),
			Channel: tr("matrix.col.channel", nil), Reach: tr("matrix.col.reach", nil), Notes: tr("matrix.col.notes", nil)}}
	// keyed shows a name with its key: "Example Hosting (hosting)",
	// "例ホスティング（hosting）".
	keyed := func(name, key string) string {
		if l == workflow.Japanese {
			return name + "（" + key + "）"
		}
		return name + " (" + key + ")"
	}
	name := func(p string) string {
		if p == workflow.PartyCompany {
			return tr("matrix.company", nil)
		}
		if v, ok := ledger.Vendor(p); ok {
			return keyed(v.Name.Localize(l), v.Key)
		}
		return p
	}
	gaps := map[string][]workflow.Item{}
	for _, g := range ledger.Gaps() {
		gaps[g.Component] = g.Items
	}
	for _, c := range ledger.Components() {
		comp := Component{Key: c, RunBy: tr("matrix.run_by_company", nil)}
		var run []string
		for _, v := range ledger.RunBy(c) {
			run = append(run, name(v.Key))
		}
		if len(run) > 0 {
			comp.RunBy = tr("matrix.run_by", workflow.Args{"vendors": strings.Join(run, ", ")})
		}
		parties := ledger.Parties(c)
		for _, p := range parties {
			comp.Parties = append(comp.Parties, name(p))
		}
		for _, it := range workflow.Items {
			row := Row{Item: keyed(it.Localize(l), string(it))}
			for _, p := range parties {
				row.Marks = append(row.Marks, string(ledger.Mark(c, it, p)))
			}
			comp.Rows = append(comp.Rows, row)
		}
		if items := gaps[c]; len(items) > 0 {
			names := make([]string, len(items))
			for i, it := range items {
				names[i] = it.Localize(l)
			}
			sep := ", "
			if l == workflow.Japanese {
				sep = "、"
			}
			comp.Gaps = tr("matrix.gaps", workflow.Args{"items": strings.Join(names, sep)})
		}
		t.Components = append(t.Components, comp)
	}
	for _, v := range ledger.Vendors {
		none := tr("matrix.none_agreed", nil)
		row := VendorRow{Name: name(v.Key), Runs: strings.Join(v.Runs, ", "), Hours: v.Hours.Localize(l),
			Respond: none, Report: none, PersonalData: tr("matrix.no", nil), Channel: v.Channel, Reach: reach(v), Notes: v.Notes.Localize(l)}
		if v.RespondWithin > 0 {
			row.Respond = workflow.Span(v.RespondWithin).Localize(l)
		}
		if v.ReportWithin > 0 {
			row.Report = workflow.Span(v.ReportWithin).Localize(l)
		}
		if v.PersonalData {
			row.PersonalData = tr("matrix.yes", nil)
		}
		t.Vendors = append(t.Vendors, row)
	}
	return t
}

func reach(v workflow.Vendor) string {
	var parts []string
	for _, p := range []string{v.Phone, v.Email} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// Markdown renders the table as Markdown.
func (t Table) Markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", inline(t.Title))
	if len(t.Components) == 0 && len(t.Vendors) == 0 {
		fmt.Fprintf(&b, "%s\n", inline(t.Empty))
		return b.Bytes()
	}
	fmt.Fprintf(&b, "%s\n", inline(t.Legend))
	for _, c := range t.Components {
		fmt.Fprintf(&b, "\n## %s — %s\n\n", inline(c.Key), inline(c.RunBy))
		fmt.Fprintf(&b, "| %s |", cell(t.Heads.Item))
		for _, p := range c.Parties {
			fmt.Fprintf(&b, " %s |", cell(p))
		}
		b.WriteString("\n|---|")
		for range c.Parties {
			b.WriteString(":---:|")
		}
		b.WriteString("\n")
		for _, r := range c.Rows {
			fmt.Fprintf(&b, "| %s |", cell(r.Item))
			for _, m := range r.Marks {
				fmt.Fprintf(&b, " %s |", m)
			}
			b.WriteString("\n")
		}
		if c.Gaps != "" {
			fmt.Fprintf(&b, "\n%s\n", inline(c.Gaps))
		}
	}
	if len(t.Vendors) > 0 {
		h := t.Heads
		fmt.Fprintf(&b, "\n## %s\n\n", inline(h.Vendors))
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|---|---|\n",
			cell(h.Vendor), cell(h.Runs), cell(h.Hours), cell(h.Respond), cell(h.Report), cell(h.PersonalData), cell(h.Channel), cell(h.Reach), cell(h.Notes))
		for _, v := range t.Vendors {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				cell(v.Name), cell(orDash(v.Runs)), cell(orDash(v.Hours)), cell(v.Respond), cell(v.Report), cell(v.PersonalData),
				cell(orDash(v.Channel)), cell(orDash(v.Reach)), cell(orDash(v.Notes)))
		}
	}
	return b.Bytes()
}

var (
	cellEscaper = strings.NewReplacer(
		"\r\n", "<br>", "\n", "<br>", "\r", "<br>",
		"|", `\|`, "<", "&lt;", "&", "&amp;",
	)
	inlineEscaper = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "<", "&lt;", "&", "&amp;")
)

// cell escapes text for a table cell: a | would end the cell, a newline the
// row, and < could open raw HTML in a renderer.
func cell(s string) string { return cellEscaper.Replace(strings.TrimSpace(s)) }

// inline escapes text for a heading or a paragraph of one line.
func inline(s string) string { return inlineEscaper.Replace(s) }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// HTML renders the table as one self-contained page: no scripts, no
// outside styles or fonts; html/template escapes every text.
func (t Table) HTML() ([]byte, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, t); err != nil {
		return nil, fmt.Errorf("render the matrix: %w", err)
	}
	return b.Bytes(), nil
}

var page = template.Must(template.New("matrix").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #999; padding: 0.3em 0.6em; vertical-align: top; }
th { background: #eee; }
td.mark { text-align: center; font-size: 1.1em; }
p.gaps { color: #a00; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if or .Components .Vendors}}<p>{{.Legend}}</p>
{{range .Components}}<h2>{{.Key}} — {{.RunBy}}</h2>
<table>
<tr><th>{{$.Heads.Item}}</th>{{range .Parties}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Item}}</td>{{range .Marks}}<td class="mark">{{.}}</td>{{end}}</tr>
{{end}}</table>
{{if .Gaps}}<p class="gaps">{{.Gaps}}</p>
{{end}}{{end}}{{if .Vendors}}<h2>{{.Heads.Vendors}}</h2>
<table>
<tr><th>{{.Heads.Vendor}}</th><th>{{.Heads.Runs}}</th><th>{{.Heads.Hours}}</th><th>{{.Heads.Respond}}</th><th>{{.Heads.Report}}</th><th>{{.Heads.PersonalData}}</th><th>{{.Heads.Channel}}</th><th>{{.Heads.Reach}}</th><th>{{.Heads.Notes}}</th></tr>
{{range .Vendors}}<tr><td>{{.Name}}</td><td>{{.Runs}}</td><td>{{.Hours}}</td><td>{{.Respond}}</td><td>{{.Report}}</td><td>{{.PersonalData}}</td><td>{{.Channel}}</td><td>{{.Reach}}</td><td>{{.Notes}}</td></tr>
{{end}}</table>
{{end}}{{else}}<p>{{.Empty}}</p>
{{end}}</body>
</html>
`))

// messages are the matrix's texts in both languages.
var messages = workflow.Catalog{
	"matrix.title":             {En: "Responsibility matrix", Ja: "責任分界表"},
	"matrix.legend":            {En: "○ owner · △ shared · - not covered. Generated from the configuration ([[vendor]], [[responsibility]]) by incidentbot matrix.", Ja: "○ 主担当 · △ 共同 · - 対象外。設定ファイル（[[vendor]]、[[responsibility]]）から incidentbot matrix で作成。"},
	"matrix.empty":             {En: "No vendors or responsibility matrix are configured: add [[vendor]] and [[responsibility]] tables (config.example.toml shows how).", Ja: "委託先も責任分界表も設定されていません。[[vendor]] と [[responsibility]] を設定ファイルに加えてください（config.example.toml に記入例があります）。"},
	"matrix.run_by":            {En: "run by {vendors}", Ja: "運用: {vendors}"},
	"matrix.run_by_company":    {En: "run by the company itself", Ja: "運用: 自社"},
	"matrix.company":           {En: "Company (us)", Ja: "自社"},
	"matrix.gaps":              {En: "No owner (settle it in the contract): {items}.", Ja: "主担当が決まっていない分担項目（契約で決めてください）: {items}。"},
	"matrix.col.item":          {En: "Item", Ja: "分担項目"},
	"matrix.vendors":           {En: "Vendors", Ja: "委託先"},
	"matrix.col.vendor":        {En: "Vendor", Ja: "委託先"},
	"matrix.col.runs":          {En: "Runs", Ja: "運用する構成要素"},
	"matrix.col.hours":         {En: "Hours", Ja: "対応時間"},
	"matrix.col.respond":       {En: "First response within", Ja: "一次回答の期限"},
	"matrix.col.report":        {En: "Written report within", Ja: "書面報告の期限"},
	"matrix.col.personal_data": {En: "Personal data", Ja: "個人情報の取り扱い"},
	"matrix.col.channel":       {En: "Shared channel", Ja: "共有チャンネル"},
	"matrix.col.reach":         {En: "Phone, email", Ja: "電話・メール"},
	"matrix.col.notes":         {En: "Contract notes", Ja: "契約メモ"},
	"matrix.none_agreed":       {En: "none agreed", Ja: "合意なし"},
	"matrix.yes":               {En: "yes", Ja: "あり"},
	"matrix.no":                {En: "no", Ja: "なし"},
}

// Messages returns the package's catalog.
func Messages() workflow.Catalog { return messages }
