package report

import (
	"time"

	"incidentbot/workflow"
)

// Scope is the scope in numbers as it stands (every update merged, redacted
// ones left out) and every update as recorded.
type Scope struct {
	Affected string        `json:"affected"` // who is affected, and how many
	Records  *int          `json:"records"`  // how many records; null when not given
	Data     string        `json:"data"`     // which data items
	Systems  string        `json:"systems"`  // which systems
	Updates  []ScopeUpdate `json:"updates"`
}

// ScopeUpdate is one /incident scope, with only the fields it gave.
type ScopeUpdate struct {
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	By       *Person   `json:"by"`
	Redacted bool      `json:"redacted"`
	Affected string    `json:"affected"`
	Records  *int      `json:"records"`
	Data     string    `json:"data"`
	Systems  string    `json:"systems"`
}

// IsZero reports whether no field of the scope is known.
func (s Scope) IsZero() bool {
	return s.Affected == "" && s.Records == nil && s.Data == "" && s.Systems == ""
}

// scope folds an update; a redacted one is listed but changes nothing.
func (r *Report) scope(x entry, p workflow.ScopeSet) {
	r.Scope.Updates = append(r.Scope.Updates, ScopeUpdate{Seq: x.seq, At: x.at, By: x.by, Redacted: x.redacted,
		Affected: p.Affected, Records: p.Records, Data: p.Data, Systems: p.Systems})
	s := workflow.MergeScope(workflow.ScopeFields{Affected: r.Scope.Affected, Records: r.Scope.Records, Data: r.Scope.Data, Systems: r.Scope.Systems}, p.ScopeFields)
	r.Scope.Affected, r.Scope.Records, r.Scope.Data, r.Scope.Systems = s.Affected, s.Records, s.Data, s.Systems
}

var scopeMessages = workflow.Catalog{
	"sec.scope":      {En: "Scope updates", Ja: "影響範囲の更新"},
	"sum.scope":      {En: "Scope", Ja: "影響範囲"},
	"sum.scope_none": {En: "not recorded yet (/incident scope affected: … | records: … | data: … | systems: …)", Ja: "未記録（/incident scope 対象者: … | 件数: … | データ項目: … | 対象システム: …）"},
	"sum.affected":   {En: "Affected", Ja: "対象者"},
	"sum.records":    {En: "Records", Ja: "件数"},
	"sum.data":       {En: "Data", Ja: "データ項目"},
	"sum.systems":    {En: "Systems", Ja: "対象システム"},
	"records":        {En: "{n}", Ja: "{n}件"},
	"scope.note":     {En: "Each update sets only the fields it gives; the summary shows the scope as it stands after the last.", Ja: "各更新は書かれた項目だけを変更します。概要には最後の更新後の範囲を載せています。"},
}

// mdScope lists every scope update, as given.
func (r *Report) mdScope(w *doc, src workflow.EventSource) error {
	if r.count(listScope) == 0 {
		return nil
	}
	w.heading(2, w.t("sec.scope", nil))
	red := w.t("md.redacted", nil)
	err := r.listRows(w, src, listScope, w.cols("col.time", "sum.affected", "sum.records", "sum.data", "sum.systems", "col.author"), func(x *Report) (rows [][]string) {
		for _, u := range x.Scope.Updates {
			if u.Redacted {
				rows = append(rows, []string{w.when(u.At), red, red, red, red, u.By.display()})
				continue
			}
			records := "—"
			if u.Records != nil {
				records = w.t("records", workflow.Args{"n": workflow.GroupDigits(*u.Records)})
			}
			rows = append(rows, []string{w.when(u.At), orDash(u.Affected), records, orDash(u.Data), orDash(u.Systems), u.By.display()})
		}
		return rows
	})
	w.para(w.t("scope.note", nil))
	return err
}
