package console

import "incidentbot/workflow"

// messages are the console's own texts, in both languages.
var messages = workflow.Catalog{
	"console.banner": {
		En: "incidentbot console — database {db}, language {lang}, acting as @{as}.\nType /incident help for the commands (the leading /incident may be left out). \\as NAME switches the acting user (to try private incidents); \\quit or Ctrl-D leaves.",
		Ja: "incidentbot コンソール — データベース {db}、言語 {lang}、操作ユーザー @{as}。\n/incident help でコマンド一覧を表示します（先頭の /incident は書かなくてもかまいません）。\\as 名前 で操作ユーザーを切り替えます（非公開インシデントの確認用）。\\quit または Ctrl-D で終了します。",
	},
	"console.notice":       {En: "[notice {ref}] {what}", Ja: "[通知 {ref}] {what}"},
	"console.notice_plain": {En: "{kind} → {target}", Ja: "{kind} → {target}"},
	"console.drill":        {En: "[DRILL {ref}] {text}", Ja: "[演習 {ref}] {text}"},
	"console.sandbox":      {En: "[for #{channel}] {text}", Ja: "[#{channel} 宛て] {text}"},
	"console.as":           {En: "Now acting as @{name}.", Ja: "操作ユーザーを @{name} に切り替えました。"},
	"console.as_usage":     {En: "Write \\as NAME, for example \\as sato.", Ja: "\\as 名前 の形で書いてください（例: \\as sato）。"},
	"console.unknown":      {En: "Unknown console command {cmd}. The console knows \\as NAME (switch the acting user) and \\quit.", Ja: "コンソールのコマンド {cmd} は不明です。使えるのは \\as 名前（操作ユーザーの切り替え）と \\quit です。"},
	"console.too_long":     {En: "That line is longer than {limit} bytes and was ignored.", Ja: "{limit} バイトを超える行のため無視しました。"},
	"console.no_format":    {En: "The console prints the report as md or json. For the {format} file: incidentbot export {number} --format {format} -o report.{format}", Ja: "コンソールに表示できる報告書は md と json です。{format} 形式のファイルは incidentbot export {number} --format {format} -o report.{format} で出力できます。"},
}

// Messages returns the console's catalog (for tests).
func Messages() workflow.Catalog { return messages }
