package main

import "incidentbot/workflow"

// checkMessages are the texts of `incidentbot check`, in both languages. The
// notes it prints are config's and runbooks' (their Messages catalogs).
var checkMessages = workflow.Catalog{
	"check.ok": {
		En: "{file}: ok (language {lang}, timezone {zone}, slack mode {mode}, database {db}, levels {levels}, {runbooks} runbooks, {scenarios} drill scenarios)",
		Ja: "{file}: 問題ありません（言語 {lang}、タイムゾーン {zone}、Slack の接続方式 {mode}、データベース {db}、重大度 {levels}、手順書 {runbooks}件、演習シナリオ {scenarios}件）",
	},
	"check.failed": {
		En: "{file}: {count} problem(s); nothing was started. Each line below names the file, line and column, and how to fix it:",
		Ja: "{file}: 設定に{count}件の問題があります。何も起動していません。以下の各行が、ファイル・行・列と直し方を示します:",
	},
	"check.secrets": {
		En: "Secrets (never shown, only whether each is set):",
		Ja: "秘密情報（値は表示せず、設定されているかどうかだけを示します）:",
	},
	"check.secret":         {En: "  {key} ({env}): {state}", Ja: "  {key}（環境変数 {env}）: {state}"},
	"check.secret.set":     {En: "set", Ja: "設定済み"},
	"check.secret.set_env": {En: "set, from the environment", Ja: "設定済み（環境変数から）"},
	"check.secret.unset":   {En: "not set", Ja: "未設定"},
	"check.secret.needed":  {En: "not set; serve needs it", Ja: "未設定です。serve に必要です"},
	"check.secret.needed_socket": {
		En: "not set; serve needs it in Socket Mode",
		Ja: "未設定です。Socket Mode の serve に必要です",
	},
	"check.secret.needed_http": {
		En: "not set; serve needs it in HTTP mode",
		Ja: "未設定です。HTTP モードの serve に必要です",
	},
	"check.note": {En: "note: {note}", Ja: "注意: {note}"},
	"check.ledger": {
		En: "vendors {vendors}, responsibility matrix {rows} rows over {components} components, asset ledger {assets} assets",
		Ja: "委託先 {vendors}社、責任分界表 {rows}行（構成要素 {components}件）、資産台帳 {assets}件",
	},
}
