package slackbot

import "incidentbot/workflow"

// coreMessages are the texts of commands, deliveries and reactions in Slack.
var coreMessages = workflow.Catalog{
	"slack.duplicate": {En: "Already done: Slack sent this request twice, and it was applied once.", Ja: "処理済みです: Slack から同じリクエストが2回届きましたが、適用は1回だけです。"},
	"slack.head": {
		En: "Head hash of the timeline after event {seq}: `{hash}` (a copy of the database is checked against it with incidentbot verify {ref} --head HASH)",
		Ja: "イベント {seq} 時点のタイムラインの最新ハッシュ: `{hash}`（データベースの写しは incidentbot verify {ref} --head ハッシュ で照合できます）",
	},
	"slack.changed":          {En: "{who}: {what}", Ja: "{who}: {what}"},
	"slack.announce":         {En: "New incident {ref} ({severity}) opened by {who}: {title}", Ja: "新しいインシデント {ref}（{severity}）を {who} が起票しました: {title}"},
	"slack.announce_private": {En: "New private incident {ref} ({severity}) opened by {who}. Its title and channel are shared only with the people involved.", Ja: "非公開インシデント {ref}（{severity}）を {who} が起票しました。件名とチャンネルは関係者にのみ共有されます。"},
	"slack.modal_failed":     {En: "The form could not be opened. Type the command on one line instead: {usage}", Ja: "フォームを開けませんでした。1行で入力してください: {usage}"},
	"slack.pinned":           {En: "{who} added a message to the timeline (event {seq}).", Ja: "{who} がメッセージをタイムラインに記録しました（イベント {seq}）。"},
	"slack.drill_started":    {En: "{who} started drill {ref}: {title}. It runs in its own channel; nobody outside it is notified or paged.", Ja: "{who} が演習 {ref} を開始しました: {title}。演習専用のチャンネルで行い、外部の人には通知も呼び出しもしません。"},
	"slack.unpinned":         {En: "{who} withdrew a pinned message (event {seq}); the timeline keeps both entries.", Ja: "{who} がメッセージの記録を取り消しました（イベント {seq}）。タイムラインには両方が残ります。"},
}

// allMessages is every text of the adapter.
var allMessages = workflow.MergeCatalogs(messages, coreMessages, httpMessages, notifyMessages, checklistMessages, reportMessages, vendorMessages, statementMessages)
