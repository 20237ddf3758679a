package config

import "incidentbot/workflow"

// MsgKey is workflow's message key, for this package's catalog.
type MsgKey = workflow.MsgKey

// messages are every text of the configuration's errors and notes, in both
// languages; `incidentbot check` prints them.
var messages = workflow.MergeCatalogs(sectionMessages, settingMessages, decodeMessages, escalationMessages)

// sectionMessages are the texts of [drills], the vendor registry, the
// responsibility matrix, the asset ledger and [authority]
// approve_statement, and of the notes.
var sectionMessages = workflow.Catalog{
	// [drills]: errors of `check`.
	"config.err.drills_every": {
		En: "“{value}” is not how often a drill is due; write every = \"quarter\" or \"month\" (calendar periods in the configured timezone), a duration of an hour or more such as \"720h\", or leave the key out for no reminders",
		Ja: "「{value}」は演習の周期として読めません。every = \"quarter\"（四半期）か \"month\"（月。設定した timezone の暦で数えます）、\"720h\" のような1時間以上の期間を書くか、リマインドが不要ならキーを消してください",
	},
	"config.err.contact_window": {
		En: "{value} is not a window for a contact check; write a duration up to 24h, such as \"10m\" (real time, whatever the drill's speed), or leave the key out for 10m",
		Ja: "{value} は連絡確認の受付時間として使えません。\"10m\" のように24時間までの期間を書くか（演習の速さにかかわらず実時間）、キーを消して既定の10分にしてください",
	},
	// The vendor registry, the responsibility matrix and the asset ledger
	// ([[vendor]], [[responsibility]], [[asset]]): errors of `check`.
	"config.err.key_twice": {
		En: "“{key}” is already {what}{first}; one key names one thing (a component, a vendor, an asset or one of the eight items), so give this one another key",
		Ja: "「{key}」はすでに{what}として使われています{first}。一つのキーが指すのは一つだけ（構成要素・委託先・資産・八つの分担項目のいずれか）なので、別のキーにしてください",
	},
	"config.what.item":      {En: "one of the eight items of the responsibility matrix", Ja: "責任分界表の分担項目"},
	"config.what.company":   {En: "the company itself in the responsibility matrix", Ja: "責任分界表での自社"},
	"config.what.vendor":    {En: "a vendor", Ja: "委託先"},
	"config.what.asset":     {En: "an asset", Ja: "資産"},
	"config.what.component": {En: "a component", Ja: "構成要素"},
	"config.err.key_form": {
		En: "“{key}” is not a key: write lowercase letters and digits, words joined by - or _, such as \"web-server\" (people type it in commands)",
		Ja: "「{key}」はキーとして使えません。小文字の英字と数字で、語は - か _ でつないでください（例: \"web-server\"。コマンドで入力します）",
	},
	"config.err.vendor_key": {
		En: "the vendor has no key; write key = \"hosting\", the word commands use (/incident vendor request hosting)",
		Ja: "委託先にキーがありません。key = \"hosting\" のように、コマンドで使う語を書いてください（/incident vendor request hosting）",
	},
	"config.err.asset_key": {
		En: "the asset has no key; write key = \"corporate-site\", the word commands use (/incident kit corporate-site)",
		Ja: "資産にキーがありません。key = \"corporate-site\" のように、コマンドで使う語を書いてください（/incident kit corporate-site）",
	},
	"config.err.component_empty": {
		En: "the entry is empty; name a component, such as \"web-server\"",
		Ja: "空の項目です。\"web-server\" のように構成要素を書いてください",
	},
	"config.err.vendor_name": {
		En: "the vendor has no name; write name = { en = \"…\", ja = \"…\" }",
		Ja: "委託先に名前がありません。name = { en = \"…\", ja = \"…\" } と書いてください",
	},
	"config.err.asset_name": {
		En: "the asset has no name; write name = { en = \"…\", ja = \"…\" }",
		Ja: "資産に名前がありません。name = { en = \"…\", ja = \"…\" } と書いてください",
	},
	"config.err.channel": {
		En: "“{value}” is not a channel id; write the id of the shared channel (C… or G…, at the bottom of the channel's details in Slack), or leave the key out to send requests by email",
		Ja: "「{value}」はチャンネル ID ではありません。共有チャンネルの ID（C… または G…。Slack のチャンネル詳細の下部にあります）を書くか、メールで依頼するならこのキーを省いてください",
	},
	"config.err.contact": {
		En: "“{value}” is not a Slack user id; write the id alone, such as \"U0123ABCD\" (shown in the person's profile)",
		Ja: "「{value}」は Slack のユーザー ID ではありません。\"U0123ABCD\" のように ID だけを書いてください（プロフィールに表示されます）",
	},
	"config.err.email": {
		En: "“{value}” is not an email address; write one such as \"support@hosting.example\", or leave the key out",
		Ja: "「{value}」はメールアドレスではありません。\"support@hosting.example\" のように書くか、このキーを省いてください",
	},
	"config.err.duration_negative": {
		En: "{value} is negative; write a duration such as \"1h\" or \"24h\"",
		Ja: "{value} は負の値です。\"1h\" や \"24h\" のような時間を書いてください",
	},
	"config.err.row_component": {
		En: "the row names no component; write component = \"web-server\" (a component some [[vendor]] runs or some [[asset]] lists)",
		Ja: "行に構成要素がありません。component = \"web-server\" のように書いてください（[[vendor]] の runs か [[asset]] の components にある構成要素）",
	},
	"config.err.unknown_component": {
		En: "“{word}” is not a component: no [[vendor]] runs it and no [[asset]] lists it. Components: {known}",
		Ja: "「{word}」は構成要素ではありません（どの [[vendor]] の runs にも、どの [[asset]] の components にもありません）。構成要素: {known}",
	},
	"config.err.row_item": {
		En: "the row names no item; write item = one of {items}",
		Ja: "行に分担項目がありません。item には次のいずれかを書いてください: {items}",
	},
	"config.err.unknown_item": {
		En: "“{word}” is not one of the eight items of the responsibility matrix: {items}",
		Ja: "「{word}」は責任分界表の八つの分担項目のいずれでもありません: {items}",
	},
	"config.err.row_twice": {
		En: "{component} × {item} already has a row ({first}); write one row per component and item, with every party in it",
		Ja: "{component} × {item} の行はすでにあります（{first}）。構成要素と分担項目の組ごとに行は一つにし、関係する全員をその行に書いてください",
	},
	"config.err.row_empty": {
		En: "the row names nobody; write owner = [\"…\"] (○ owner) and/or shared = [\"…\"] (△ shared): vendor keys or \"company\"",
		Ja: "行に誰も書かれていません。owner = [\"…\"]（○ 主担当）か shared = [\"…\"]（△ 共同）に、委託先のキーまたは \"company\"（自社）を書いてください",
	},
	"config.err.unknown_party": {
		En: "“{word}” is neither a vendor key nor \"company\". Vendors: {vendors}",
		Ja: "「{word}」は委託先のキーでも \"company\"（自社）でもありません。委託先: {vendors}",
	},
	"config.err.party_twice": {
		En: "“{word}” is already in this row ({first}); a party is either owner (○) or shared (△), once",
		Ja: "「{word}」はこの行にすでにあります（{first}）。主担当（○）か共同（△）のどちらか一方に一度だけ書いてください",
	},
	// [authority] approve_statement: errors of `check`.
	"config.err.target": {
		En: "“{value}” is not a target; write role:approver or user:U0123",
		Ja: "「{value}」は対象の書き方になっていません。role:approver や user:U0123 のように書いてください",
	},
	"config.err.target_role": {
		En: "“{value}”: unknown role “{role}”; roles: {roles}",
		Ja: "「{value}」: 「{role}」という役割はありません。役割: {roles}",
	},
	"config.err.target_id": {
		En: "“{value}”: an id has no spaces; write the id alone, such as user:U0123",
		Ja: "「{value}」: ID に空白は入りません。user:U0123 のように ID だけを書いてください",
	},
	"config.err.target_kind": {
		En: "“{value}”: unknown kind “{kind}”; write role: or user:",
		Ja: "「{value}」: 「{kind}」という種類はありません。role: か user: を書いてください",
	},
	"config.err.authority_holder": {
		En: "“{value}”: approving a statement is for roles and people; write role:approver or user:U0123 (a {kind} cannot be checked against who approves)",
		Ja: "「{value}」: 発信文を承認できるのは役割か個人です。role:approver や user:U0123 と書いてください（{kind} では承認した人を確かめられません）",
	},
	"config.note.matrix_gap": {
		En: "responsibility matrix: {component} (run by {vendors}) has no owner for {items}; settle who owns them in the contract and add [[responsibility]] rows with owner",
		Ja: "責任分界表: {component}（運用: {vendors}）は {items} の主担当が決まっていません。契約で担当を決め、owner を書いた [[responsibility]] の行を加えてください",
	},
	"config.note.page_without_pager": {
		En: "{key}: level “{level}” pages, but no pager is configured, so nothing is sent outside Slack (people are still told in Slack, and each page is on the timeline). To page, set [paging.pagerduty] routing_key (or {env}), or [paging.webhook] url and secret.",
		Ja: "{key}: 重大度「{level}」は呼び出しを行う設定ですが、呼び出しの送り先が設定されていないため、Slack の外へは何も送りません（Slack での通知は行い、呼び出しはタイムラインに記録します）。送るには [paging.pagerduty] の routing_key（または環境変数 {env}）か、[paging.webhook] の url と secret を設定してください。",
	},
}

// Messages returns the package's catalog.
func Messages() workflow.Catalog { return messages }
