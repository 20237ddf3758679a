package report

import (
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Scope is the scope in numbers as it stands (every update merged, redacted
// ones left out) and every update as recorded; with the personal-data flag,
// the incident's one field for it, and the duty to notify that follows.
type Scope struct {
	Affected string `json:"affected"` // who is affected, and how many
	Records  *int   `json:"records"`  // how many records; null when not given
	Data     string `json:"data"`     // which data items
	Systems  string `json:"systems"`  // which systems
	// PersonalData is the personal-data flag as it stands; null while
	// nobody (and no runbook or severity) has said.
	PersonalData *PersonalDataFlag `json:"personal_data"`
	// NotificationDuty is what the flag and the deadlines say of the duty
	// to report and to tell the people affected: unknown (the flag is not
	// set), not_applying (no personal data), applies (personal data, and
	// the runbook's deadlines for it apply) or check (personal data, and
	// no deadline tracks the duty).
	NotificationDuty string        `json:"notification_duty"`
	Updates          []ScopeUpdate `json:"updates"`
}

// PersonalDataFlag is the personal-data flag: whether personal data is
// involved and whether an unlawful purpose is suspected, who set it (a
// person, a runbook, a severity level) and when.
type PersonalDataFlag struct {
	Involved bool                 `json:"involved"`
	Unlawful bool                 `json:"unlawful"`
	Reason   string               `json:"reason"`
	Source   string               `json:"source"`  // command, runbook or severity
	Runbook  string               `json:"runbook"` // the runbook that set it
	Level    workflow.SeverityKey `json:"level"`   // the severity that set it
	Seq      int                  `json:"seq"`
	At       time.Time            `json:"at"`
	By       *Person              `json:"by"`
	Updates  []int                `json:"updates"` // every time it was set, as event numbers
}

// The duty to notify (Scope.NotificationDuty).
const (
	dutyUnknown     = "unknown"
	dutyNotApplying = "not_applying"
	dutyApplies     = "applies"
	dutyCheck       = "check"
)

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

// scopeEvent folds a scope update or the personal-data flag.
func (r *Report) scopeEvent(x entry) bool {
	switch p := x.p.(type) {
	case workflow.ScopeSet:
		r.scope(x, p)
	case workflow.PersonalDataSet:
		var updates []int
		if pd := r.Scope.PersonalData; pd != nil {
			updates = pd.Updates
		}
		r.Scope.PersonalData = &PersonalDataFlag{Involved: p.Involved, Unlawful: p.Involved && p.Unlawful, Reason: p.Reason, Source: p.Source,
			Runbook: p.Runbook, Level: p.Level, Seq: x.seq, At: x.at, By: x.by, Updates: append(updates, x.seq)}
	default:
		return false
	}
	return true
}

// finishScope weighs the duty to notify: the flag, and whether a deadline
// tied to personal data applies (finishDeadlines comes first).
func (r *Report) finishScope() {
	pd := r.Scope.PersonalData
	switch {
	case pd == nil:
		r.Scope.NotificationDuty = dutyUnknown
	case !pd.Involved:
		r.Scope.NotificationDuty = dutyNotApplying
	default:
		r.Scope.NotificationDuty = dutyCheck
		for _, d := range r.Deadlines {
			if d.When == workflow.WhenPersonalData && d.Applies {
				r.Scope.NotificationDuty = dutyApplies
			}
		}
	}
}

// scope folds an update; a redacted one is listed but changes nothing.
func (r *Report) scope(x entry, p workflow.ScopeSet) {
	r.Scope.Updates = append(r.Scope.Updates, ScopeUpdate{Seq: x.seq, At: x.at, By: x.by, Redacted: x.redacted,
		Affected: p.Affected, Records: p.Records, Data: p.Data, Systems: p.Systems})
	s := workflow.MergeScope(workflow.ScopeFields{Affected: r.Scope.Affected, Records: r.Scope.Records, Data: r.Scope.Data, Systems: r.Scope.Systems}, p.ScopeFields)
	r.Scope.Affected, r.Scope.Records, r.Scope.Data, r.Scope.Systems = s.Affected, s.Records, s.Data, s.Systems
}

var scopeMessages = workflow.Catalog{
	"sec.scope":                  {En: "Scope updates", Ja: "影響範囲の更新"},
	"sum.scope":                  {En: "Scope", Ja: "影響範囲"},
	"sum.scope_none":             {En: "not recorded yet (/incident scope affected: … | records: … | data: … | systems: …)", Ja: "未記録（/incident scope 対象者: … | 件数: … | データ項目: … | 対象システム: …）"},
	"sum.affected":               {En: "Affected", Ja: "対象者"},
	"sum.records":                {En: "Records", Ja: "件数"},
	"sum.data":                   {En: "Data", Ja: "データ項目"},
	"sum.systems":                {En: "Systems", Ja: "対象システム"},
	"records":                    {En: "{n}", Ja: "{n}件"},
	"scope.personal_data":        {En: "Personal data: {flag}. Recorded in events {events}.", Ja: "個人情報: {flag}。記録したイベント: {events}。"},
	"scope.personal_data_reason": {En: "Reason given: {reason}", Ja: "理由: {reason}"},
	"scope.note":                 {En: "Each update sets only the fields it gives; the summary shows the scope as it stands after the last.", Ja: "各更新は書かれた項目だけを変更します。概要には最後の更新後の範囲を載せています。"},
}

// mdScope shows the personal-data flag and lists every scope update, as
// given.
func (r *Report) mdScope(w *doc, src workflow.EventSource) error {
	pd := r.Scope.PersonalData
	if r.count(listScope) == 0 && pd == nil {
		return nil
	}
	w.heading(2, w.t("sec.scope", nil))
	if pd != nil {
		seqs := make([]string, len(pd.Updates))
		for i, s := range pd.Updates {
			seqs[i] = strconv.Itoa(s)
		}
		w.para(w.t("scope.personal_data", workflow.Args{"flag": r.personalData(w), "events": strings.Join(seqs, ", ")}))
		if strings.TrimSpace(pd.Reason) != "" {
			w.para(w.t("scope.personal_data_reason", workflow.Args{"reason": pd.Reason}))
		}
	}
	if r.count(listScope) == 0 {
		return nil
	}
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
