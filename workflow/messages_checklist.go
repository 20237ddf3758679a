package workflow

// checklistMessages holds the texts of runbook checklists: attaching a
// runbook, the checklist, ticking, moving on with items open, event kinds.
var checklistMessages = Catalog{
	// Refusals.
	"err.runbook_unknown":        {En: "There is no runbook “{name}”; {names}. Nothing was changed.", Ja: "「{name}」という手順書はありません。{names}。何も変更していません。"},
	"runbook.names":              {En: "runbooks: {names}", Ja: "使える手順書: {names}"},
	"runbook.names_none":         {En: "no runbooks are configured", Ja: "手順書は設定されていません"},
	"err.checklist_none":         {En: "{ref} has no runbook, so it has no checklist. Attach one: /incident runbook {ref} NAME", Ja: "{ref}には手順書が付いていないため、チェックリストがありません。手順書を適用するには: /incident runbook {ref} 名前"},
	"err.checklist_phase_empty":  {En: "Runbook {name} has no checklist for {phase}; there is nothing to tick in {ref} now.", Ja: "手順書 {name} には{phase}フェーズのチェックリストがありません。{ref}で今チェックできる項目はありません。"},
	"err.checklist_range":        {En: "The checklist of {phase} has items 1 to {count}, not {n}. /incident checklist shows them; write: /incident {verb} <item number>", Ja: "{phase}のチェックリストの項目は1〜{count}です（{n}はありません）。/incident checklist で確認し、/incident {verb} <項目番号> と書いてください。"},
	"err.checklist_already_done": {En: "Item {n} ({text}) is already done: {by} at {at}. To open it again: /incident undo {n}", Ja: "項目{n}（{text}）は完了済みです（{at} {by}）。未完了に戻すには: /incident undo {n}"},
	"err.checklist_not_done":     {En: "Item {n} ({text}) is not done, so there is nothing to undo.", Ja: "項目{n}（{text}）は未完了のため、取り消すものはありません。"},
	"err.unticked": {
		En: "{ref} stays in {from}: {count} checklist item(s) are not done:\n{items}\nTick them first (/incident done <n>), or move on to {to} anyway and log them as skipped: {skip}",
		Ja: "{ref}は{from}フェーズのままです。未完了のチェックリスト項目が{count}件あります:\n{items}\n先に完了にするか（/incident done <番号>）、スキップとして記録して{to}へ進めてください: {skip}",
	},

	// The checklist.
	"checklist.none":        {En: "No runbook is attached to {ref}. Attach one: /incident runbook {ref} NAME ({names}).", Ja: "{ref}には手順書が付いていません。手順書を適用するには: /incident runbook {ref} 名前（{names}）。"},
	"checklist.head":        {En: "{ref} runbook {name} ({title}) — {phase}: {done}/{total} done", Ja: "{ref} 手順書 {name}（{title}）— {phase}: {total}件中{done}件完了"},
	"checklist.head_empty":  {En: "{ref} runbook {name} ({title}) — no checklist for {phase}.", Ja: "{ref} 手順書 {name}（{title}）— {phase}フェーズのチェックリストはありません。"},
	"checklist.item":        {En: "{n}. {mark} {text} — {details}", Ja: "{n}. {mark} {text} — {details}"},
	"checklist.item_plain":  {En: "{n}. {mark} {text}", Ja: "{n}. {mark} {text}"},
	"checklist.owner":       {En: "owner {role} ({holder})", Ja: "担当 {role}（{holder}）"},
	"checklist.person":      {En: "{person}", Ja: "{person}"},
	"checklist.unassigned":  {En: "unassigned", Ja: "未割り当て"},
	"checklist.evidence":    {En: "📎 keep evidence", Ja: "📎 証跡を保全"},
	"checklist.done_by":     {En: "✓ done by {by} at {at}", Ja: "✓ {at} {by}が完了"},
	"checklist.skipped_by":  {En: "skipped by {by} at {at}", Ja: "{at} {by}がスキップ"},
	"checklist.how":         {En: "Tick: /incident done <n> · untick: /incident undo <n> · then: /incident next", Ja: "完了: /incident done <番号> · 取り消し: /incident undo <番号> · 次へ: /incident next"},
	"checklist.stop":        {En: "Stop conditions: {items}", Ja: "停止の判断基準: {items}"},
	"checklist.fallback":    {En: "Fallbacks: {items}", Ja: "代替手段: {items}"},
	"checklist.contacts":    {En: "Outside contacts: {items}", Ja: "外部の連絡先: {items}"},
	"checklist.contact":     {En: "{name} ({reach})", Ja: "{name}（{reach}）"},
	"checklist.contact_ask": {En: "{name} ({reach}; ask: {ask})", Ja: "{name}（{reach}。依頼内容: {ask}）"},
	"checklist.open_item":   {En: "{n}. {text}", Ja: "{n}. {text}"},

	// Replies.
	"open.runbook":             {En: "Runbook {name} attached ({title}): /incident checklist", Ja: "手順書 {name}（{title}）を適用しました: /incident checklist"},
	"open.runbook_hint":        {En: "This looks like runbook {name} ({title}). To follow its checklist: /incident runbook {ref} {name}", Ja: "件名から手順書 {name}（{title}）が該当しそうです。チェックリストを使うには: /incident runbook {ref} {name}"},
	"runbook.done":             {En: "{ref} now follows runbook {name} ({title}) (event {seq}); /incident checklist", Ja: "{ref} に手順書 {name}（{title}）を適用しました（イベント{seq}）。/incident checklist"},
	"err.runbook_attached":     {En: "{ref} already follows runbook {name}; an incident keeps the runbook it started with.", Ja: "{ref} には手順書 {name} が適用済みです。途中で手順書は変更できません。"},
	"checklist.ticked":         {En: "{ref}: ✓ {n}. {text} (event {seq}). {phase}: {done}/{total} done.", Ja: "{ref}: ✓ {n}. {text}（イベント{seq}）。{phase}: {total}件中{done}件完了。"},
	"checklist.unticked":       {En: "{ref}: item {n} ({text}) is open again (event {seq}). {phase}: {done}/{total} done.", Ja: "{ref}: 項目{n}（{text}）を未完了に戻しました（イベント{seq}）。{phase}: {total}件中{done}件完了。"},
	"checklist.phase_complete": {En: "Every item of {phase} is done. Next: /incident next", Ja: "{phase}の項目はすべて完了しました。次へ: /incident next"},
	"checklist.skipped":        {En: "Logged as skipped in {phase} (event {seq}), {count} item(s):\n{items}", Ja: "{phase}でスキップした項目として記録しました（イベント{seq}、{count}件）:\n{items}"},
	"checklist.waiting":        {En: "Checklist for {phase}: {done}/{total} done — /incident checklist", Ja: "{phase}のチェックリスト: {total}件中{done}件完了 — /incident checklist"},

	// show
	"show.runbook":       {En: "Runbook {name} ({title}) · {phase}: {done}/{total} done — /incident checklist", Ja: "手順書 {name}（{title}）· {phase}: {total}件中{done}件完了 — /incident checklist"},
	"show.runbook_empty": {En: "Runbook {name} ({title}) · no checklist for {phase}", Ja: "手順書 {name}（{title}）· {phase}フェーズのチェックリストなし"},

	// Event kinds.
	"event.runbook_attached":   {En: "runbook attached", Ja: "手順書の適用"},
	"event.checklist_ticked":   {En: "checklist item done", Ja: "チェックリスト項目の完了"},
	"event.checklist_unticked": {En: "checklist item reopened", Ja: "チェックリスト項目の完了取り消し"},
	"event.checklist_skipped":  {En: "checklist items skipped", Ja: "チェックリスト項目のスキップ"},
}
