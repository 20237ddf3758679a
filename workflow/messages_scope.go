package workflow

// scopeMessages are the texts of /incident scope: its usage, help, replies
// and the names of its fields.
var scopeMessages = Catalog{
	"usage.scope":   {En: "/incident scope affected: <who and how many> | records: <n> | data: <data items> | systems: <systems>", Ja: "/incident scope 対象者: <誰が何人> | 件数: <件数> | データ項目: <項目> | 対象システム: <システム>"},
	"help.scope":    {En: "Records the scope in numbers: who is affected and how many (affected:), how many records (records:, a number), which data items (data:) and which systems (systems:). Give any of them; later updates change only the fields they give, and every update stays in the timeline. The report's summary shows the scope as it stands. Japanese labels: 対象者, 件数, データ項目, 対象システム.", Ja: "影響範囲を数字で記録します。対象者（誰が何人。「対象者:」）、件数（数字。「件数:」）、データ項目（「データ項目:」）、対象システム（「対象システム:」）のうち分かったものを書いてください。後から書いた項目だけが更新され、更新はすべてタイムラインに残ります。報告書の概要には最新の範囲が載ります。"},
	"example.scope": {En: "Example: /incident scope affected: applicants 340, customers 12 | records: 352 | data: name, email, phone | systems: entry form", Ja: "例: /incident scope 対象者: 応募者340名、顧客12名 | 件数: 352 | データ項目: 氏名、メールアドレス、電話番号 | 対象システム: 応募フォーム"},

	"part.affected": {En: "affected (affected:)", Ja: "「対象者:」の項目"},
	"part.records":  {En: "records (records:)", Ja: "「件数:」の項目"},
	"part.data":     {En: "data items (data:)", Ja: "「データ項目:」の項目"},
	"part.systems":  {En: "systems (systems:)", Ja: "「対象システム:」の項目"},

	"err.scope_records": {En: "records: takes a number, like records: 340 (not “{word}”). Write who is affected in affected:. Usage: {usage}", Ja: "件数には数字を書いてください（例: 件数: 340。「{word}」は使えません）。対象者の説明は「対象者:」に書きます。書き方: {usage}"},

	"scope.done": {En: "{ref}: scope updated (event {seq}).", Ja: "{ref}: 影響範囲を更新しました（イベント{seq}）。"},
	"show.scope": {En: "Scope — affected: {affected} / records: {records} / data: {data} / systems: {systems}", Ja: "影響範囲 — 対象者: {affected} / 件数: {records} / データ項目: {data} / 対象システム: {systems}"},

	"event.scope": {En: "scope updated", Ja: "影響範囲の更新"},
}
