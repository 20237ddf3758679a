package report

import (
	"strconv"
	"time"

	"incidentbot/workflow"
)

// Checklist is the runbook attached to the incident, as attached, and where
// each item of its checklist stands: done, skipped (left open when the
// incident moved on with --skip) or open, with who and when.
type Checklist struct {
	Name      string           `json:"name"`
	Title     LangText         `json:"title"`
	Seq       int              `json:"seq"` // the event that attached it
	At        time.Time        `json:"attached_at"`
	Suggested bool             `json:"suggested"` // suggested by the title, not named with --runbook
	Phases    []ChecklistPhase `json:"phases"`
}

// LangText is a text of the runbook in both languages.
type LangText struct {
	En string `json:"en"`
	Ja string `json:"ja"`
}

func langText(t workflow.Text) LangText { return LangText{En: t.En, Ja: t.Ja} }

// ChecklistPhase is one phase's items, in the runbook's order, and how many
// of them ended up in each state.
type ChecklistPhase struct {
	Phase   workflow.Phase  `json:"phase"`
	Done    int             `json:"done"`
	Skipped int             `json:"skipped"`
	Open    int             `json:"open"`
	Items   []ChecklistItem `json:"items"`
}

// ChecklistItem is one item. By, At and Seq are who ticked or skipped it,
// when, and the event; null (0) while open.
type ChecklistItem struct {
	Number   int           `json:"number"`
	Text     LangText      `json:"text"`
	Owner    workflow.Role `json:"owner"`
	Evidence bool          `json:"evidence"`
	State    string        `json:"state"` // done, skipped, open
	By       *Person       `json:"by"`
	At       *time.Time    `json:"at"`
	Seq      int           `json:"seq"`
}

// Item states in the report.
const (
	stateDone    = "done"
	stateSkipped = "skipped"
	stateOpen    = "open"
)

// checklist folds one checklist event into the report.
func (r *Report) checklist(ev entry) bool {
	seq, at, by := ev.seq, ev.at, ev.by
	switch x := ev.p.(type) {
	case workflow.RunbookAttached:
		c := &Checklist{Name: x.Name, Title: langText(x.Title), Seq: seq, At: at, Suggested: x.Suggested, Phases: []ChecklistPhase{}}
		for _, rp := range x.Phases {
			cp := ChecklistPhase{Phase: rp.Phase, Items: []ChecklistItem{}}
			for i, it := range rp.Items {
				cp.Items = append(cp.Items, ChecklistItem{Number: i + 1, Text: langText(it.Text), Owner: it.Owner, Evidence: it.Evidence, State: stateOpen})
			}
			c.Phases = append(c.Phases, cp)
		}
		r.Checklist = c
	case workflow.ChecklistTicked:
		if it := r.checkItem(x.Phase, x.Item); it != nil {
			it.State, it.By, it.At, it.Seq = stateDone, by, &at, seq
		}
	case workflow.ChecklistUnticked:
		if it := r.checkItem(x.Phase, x.Item); it != nil {
			it.State, it.By, it.At, it.Seq = stateOpen, nil, nil, 0
		}
	case workflow.ChecklistSkipped:
		for _, s := range x.Items {
			if it := r.checkItem(x.Phase, s.Item); it != nil && it.State != stateDone {
				it.State, it.By, it.At, it.Seq = stateSkipped, by, &at, seq
			}
		}
	default:
		return false
	}
	return true
}

func (r *Report) checkItem(p workflow.Phase, n int) *ChecklistItem {
	if r.Checklist == nil {
		return nil
	}
	for i := range r.Checklist.Phases {
		if ph := &r.Checklist.Phases[i]; ph.Phase == p && n >= 1 && n <= len(ph.Items) {
			return &ph.Items[n-1]
		}
	}
	return nil
}

// finishChecklist counts each phase's items by state.
func (r *Report) finishChecklist() {
	if r.Checklist == nil {
		return
	}
	for i := range r.Checklist.Phases {
		ph := &r.Checklist.Phases[i]
		ph.Done, ph.Skipped, ph.Open = 0, 0, 0
		for _, it := range ph.Items {
			switch it.State {
			case stateDone:
				ph.Done++
			case stateSkipped:
				ph.Skipped++
			default:
				ph.Open++
			}
		}
	}
}

func (r *Report) mdChecklist(w *doc) {
	w.heading(2, w.t("sec.checklist", nil))
	c := r.Checklist
	if c == nil {
		w.para(w.t("cl.none", nil))
		return
	}
	how := "cl.attached"
	if c.Suggested {
		how = "cl.suggested"
	}
	title := workflow.Text{En: c.Title.En, Ja: c.Title.Ja}.Localize(w.l)
	w.para(w.t(workflow.MsgKey(how), workflow.Args{"name": c.Name, "title": title, "at": w.when(c.At), "seq": c.Seq}))
	for _, ph := range c.Phases {
		w.heading(3, w.t("cl.phase", workflow.Args{"phase": ph.Phase, "done": ph.Done, "skipped": ph.Skipped, "open": ph.Open}))
		var rows [][]string
		for _, it := range ph.Items {
			text := workflow.Text{En: it.Text.En, Ja: it.Text.Ja}.Localize(w.l)
			if it.Evidence {
				text += " " + w.t("cl.evidence", nil)
			}
			owner := "—"
			if it.Owner != "" {
				owner = it.Owner.Localize(w.l)
			}
			rows = append(rows, []string{strconv.Itoa(it.Number), text, owner, w.t(workflow.MsgKey("cl.state."+it.State), nil), it.By.display(), w.whenPtr(it.At)})
		}
		w.table(w.cols("col.number", "col.item", "col.owner", "col.state", "col.by", "col.time"), rows)
	}
}

var checklistMessages = workflow.Catalog{
	"sec.checklist":    {En: "Runbook checklist", Ja: "手順書のチェックリスト"},
	"cl.none":          {En: "No runbook was attached.", Ja: "手順書は適用されていません。"},
	"cl.attached":      {En: "Runbook {name} ({title}), attached at {at} (event {seq}).", Ja: "手順書 {name}（{title}）、{at}に適用（イベント{seq}）。"},
	"cl.suggested":     {En: "Runbook {name} ({title}), suggested by the title and attached at {at} (event {seq}).", Ja: "手順書 {name}（{title}）、件名から提案され{at}に適用（イベント{seq}）。"},
	"cl.phase":         {En: "{phase}: {done} done, {skipped} skipped, {open} open", Ja: "{phase}: 完了{done}件、スキップ{skipped}件、未完了{open}件"},
	"cl.evidence":      {En: "(keep evidence)", Ja: "（証跡を保全）"},
	"cl.state.done":    {En: "done", Ja: "完了"},
	"cl.state.skipped": {En: "skipped", Ja: "スキップ"},
	"cl.state.open":    {En: "open", Ja: "未完了"},
	"col.item":         {En: "Item", Ja: "項目"},
	"col.owner":        {En: "Owner", Ja: "担当"},
	"col.state":        {En: "State", Ja: "状態"},
}
