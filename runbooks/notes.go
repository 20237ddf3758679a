package runbooks

import (
	"fmt"
	"strings"

	"incidentbot/workflow"
)

// NoteKind is what a built-in file lost to the configured severity scale.
type NoteKind string

// The built-in runbooks and scenarios are written for the default scale
// (low, medium, high). A team whose scale lacks one of their levels is not
// locked out by files it did not write: the level is left out, and a Note
// says so.
const (
	// NoteRunbookLevel: the runbook suggests no level.
	NoteRunbookLevel NoteKind = "runbook_level"
	// NoteDrillLevel: the drill opens at the scale's default level.
	NoteDrillLevel NoteKind = "drill_level"
	// NoteDrillRaise: the inject raises nothing.
	NoteDrillRaise NoteKind = "drill_raise"
	// NoteRunbookVendor: a built-in runbook's contact names a vendor key
	// ([[vendor]]) the configuration lacks; it shows its general name.
	NoteRunbookVendor NoteKind = "runbook_vendor"
	// NoteDrillVendor: a built-in drill expects a request to a vendor key
	// the configuration lacks; that expectation can only be missed.
	NoteDrillVendor NoteKind = "drill_vendor"
	// NoteDrillItem: a built-in drill expects a checklist item the runbook
	// in force (one's own, in [runbooks] dir) lacks; it is left out.
	NoteDrillItem NoteKind = "drill_item"
)

// Note is a level a built-in file names that the configured scale lacks,
// and what was done instead. `incidentbot check` prints it; `serve` logs it.
type Note struct {
	Kind      NoteKind
	File      string // runbooks/drills/x.toml
	Line, Col int
	Key       string               // "inject[3].raise"
	Level     string               // the level written in the file
	Scale     []string             // the configured levels' keys
	Default   workflow.SeverityKey // the level a drill opens at instead
	// A vendor key the configuration lacks (NoteRunbookVendor), the
	// configured keys, and how many more contacts of the built-in files
	// name it.
	Vendor  string
	Vendors []string
	Others  int
	// An item key a built-in drill expects that the runbook lacks
	// (NoteDrillItem), and the runbook.
	Item, Runbook string
}

// Msg is the note for people; render it with Messages().
func (n Note) Msg() workflow.Msg {
	return workflow.M(workflow.MsgKey("runbooks.note."+string(n.Kind)), workflow.Args{
		"at": fmt.Sprintf("%s:%d:%d: key %s", n.File, n.Line, n.Col, n.Key), "level": n.Level,
		"levels": strings.Join(n.Scale, ", "), "default": string(n.Default), "dir": "[runbooks] dir",
		"vendor": n.Vendor, "vendors": strings.Join(n.Vendors, ", "), "also": also(n.Others),
		"item": n.Item, "runbook": n.Runbook,
	})
}

// also says in how many more places a built-in file names the same
// vendor; nothing when there are none.
func also(n int) workflow.Localizer {
	if n == 0 {
		return workflow.Text{}
	}
	return workflow.M("runbooks.note.also", workflow.Args{"count": n})
}

// String is the note in English, for logs.
func (n Note) String() string { return messages.Render(workflow.English, n.Msg()) }

// noteMessages are the texts of the notes, in both languages.
var noteMessages = workflow.Catalog{
	"runbooks.note.runbook_vendor": {
		En: "{at}: the built-in runbooks name the vendor “{vendor}”{also}, and the configuration has no [[vendor]] with that key (configured: {vendors}), so they show a general name for it. To link them, give the vendor it stands for the key “{vendor}”, or put your own copy of the runbook in {dir}.",
		Ja: "{at}: 組み込みの手順書は委託先「{vendor}」を指定しています{also}。設定ファイルにはこのキーの [[vendor]] がない（設定済み: {vendors}）ため、一般的な名前で表示します。結び付けるには、該当する委託先のキーを「{vendor}」にするか、手順書の写しを {dir} に置いてください。",
	},
	"runbooks.note.also": {En: " (in {count} more place(s) too)", Ja: "（ほかに{count}か所）"},
	"runbooks.note.drill_vendor": {
		En: "{at}: the built-in drill scenario expects a request to the vendor “{vendor}”, and the configuration has no [[vendor]] with that key (configured: {vendors}), so that expectation can only be missed. Give the vendor it stands for the key “{vendor}”, or put your own copy of the scenario in {dir}/drills.",
		Ja: "{at}: 組み込みの演習シナリオは委託先「{vendor}」への依頼を期待していますが、設定ファイルにはこのキーの [[vendor]] がない（設定済み: {vendors}）ため、この期待される対応は達成できません。該当する委託先のキーを「{vendor}」にするか、シナリオの写しを {dir}/drills に置いてください。",
	},
	"runbooks.note.drill_item": {
		En: "{at}: the built-in drill scenario expects the checklist item “{item}” of the runbook {runbook}, which the runbook in force lacks; the drill runs without that expectation. Put your own copy of the scenario in {dir}/drills to expect an item of your runbook.",
		Ja: "{at}: 組み込みの演習シナリオは手順書 {runbook} のチェックリスト項目「{item}」を期待していますが、使用中の手順書にはないため、この期待される対応なしで演習します。自分の手順書の項目を期待するには、シナリオの写しを {dir}/drills に置いてください。",
	},
	"runbooks.note.runbook_level": {
		En: "{at}: the built-in runbook suggests level “{level}”, which the configured scale ({levels}) lacks; it suggests no level. To keep one, add “{level}” to the aliases of a level, or put your own copy of the runbook in {dir}.",
		Ja: "{at}: 組み込みの手順書は重大度「{level}」を勧めていますが、設定の重大度（{levels}）にはないため、重大度は勧めません。勧めるには「{level}」をいずれかの重大度の aliases に加えるか、手順書の写しを {dir} に置いてください。",
	},
	"runbooks.note.drill_level": {
		En: "{at}: the built-in drill scenario opens at level “{level}”, which the configured scale ({levels}) lacks; it opens at “{default}” instead. To change that, add “{level}” to the aliases of a level, or put your own copy of the scenario in {dir}/drills.",
		Ja: "{at}: 組み込みの演習シナリオは重大度「{level}」で始まりますが、設定の重大度（{levels}）にはないため、「{default}」で始めます。変えるには「{level}」をいずれかの重大度の aliases に加えるか、シナリオの写しを {dir}/drills に置いてください。",
	},
	"runbooks.note.drill_raise": {
		En: "{at}: the built-in drill scenario raises the severity to “{level}”, which the configured scale ({levels}) lacks; the drill runs without that raise. To keep it, add “{level}” to the aliases of a level, or put your own copy of the scenario in {dir}/drills.",
		Ja: "{at}: 組み込みの演習シナリオは重大度を「{level}」に上げますが、設定の重大度（{levels}）にはないため、この引き上げは行わずに演習します。残すには「{level}」をいずれかの重大度の aliases に加えるか、シナリオの写しを {dir}/drills に置いてください。",
	},
}
