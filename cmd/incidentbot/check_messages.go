package main

import "incidentbot/workflow"

// checkMessages are the texts of `incidentbot check` and of serve's refusals,
// in both languages. The problems and notes `check` prints are config's and
// runbooks' (their Messages catalogs).
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
	// serve refuses to start without what Slack needs.
	"serve.no_bot_token": {
		En: "no bot token: set SLACK_BOT_TOKEN (or [slack] bot_token); see the README, \"Running in Slack\"",
		Ja: "ボットのトークンがありません。環境変数 SLACK_BOT_TOKEN（または [slack] の bot_token）を設定してください。README.ja.md の「5. Slack で使う」に手順があります",
	},
	"serve.no_app_token": {
		En: "Socket Mode needs an app-level token: set SLACK_APP_TOKEN (or [slack] app_token), or use [slack] mode = \"http\"",
		Ja: "Socket Mode には xapp- で始まるアプリのトークンが必要です。環境変数 SLACK_APP_TOKEN（または [slack] の app_token）を設定するか、[slack] に mode = \"http\" と書いてください",
	},
	"serve.no_signing_secret": {
		En: "HTTP mode needs the signing secret: set SLACK_SIGNING_SECRET (or [slack] signing_secret)",
		Ja: "HTTP モードには署名用の秘密情報が必要です。環境変数 SLACK_SIGNING_SECRET（または [slack] の signing_secret）を設定してください",
	},
	"serve.listen": {
		En: "listen on {addr} ([http] listen): {detail}",
		Ja: "[http] listen のアドレス {addr} で待ち受けられません（詳細: {detail}）",
	},
	"check.ledger": {
		En: "vendors {vendors}, responsibility matrix {rows} rows over {components} components, asset ledger {assets} assets",
		Ja: "委託先 {vendors}社、責任分界表 {rows}行（構成要素 {components}件）、資産台帳 {assets}件",
	},
}
