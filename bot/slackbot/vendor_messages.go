package slackbot

import "incidentbot/workflow"

// vendorMessages are the texts of requests to vendors in Slack: the post in
// the vendor's shared channel, the request form, and the open form's
// choice of what the incident affects. They are mrkdwn where posted.
var vendorMessages = workflow.Catalog{
	// the post in the vendor's shared channel
	"slack.vendor.request":     {En: "{who} :incoming_envelope: *A request about our incident {ref}.* Please look into the following and answer in this channel.", Ja: "{who} :incoming_envelope: *当社インシデント {ref} についてのご依頼です。* 以下をご確認のうえ、このチャンネルでご回答ください。"},
	"slack.vendor.followup":    {En: "{who} :incoming_envelope: *A follow-up on our incident {ref}* (first request {at}). What we know now:", Ja: "{who} :incoming_envelope: *当社インシデント {ref} についての追加のご依頼です*（最初のご依頼 {at}）。現時点の状況:"},
	"slack.vendor.field":       {En: "*{label}:* {value}", Ja: "*{label}:* {value}"},
	"slack.vendor.ask_both":    {En: "As agreed, please give a first response within {respond} and send your written incident report within {report}.", Ja: "合意のとおり、一次回答を{respond}以内に、書面の事故報告を{report}以内にお願いします。"},
	"slack.vendor.ask_report":  {En: "As agreed, please send your written incident report within {report}.", Ja: "合意のとおり、書面の事故報告を{report}以内にお願いします。"},
	"slack.vendor.ask_respond": {En: "As agreed, please give a first response within {respond}.", Ja: "合意のとおり、一次回答を{respond}以内にお願いします。"},
	"slack.vendor.ask_none":    {En: "Please answer here as soon as you can.", Ja: "できるだけ早くこちらでご回答ください。"},

	// the request form
	"slack.modal.vendor.title":               {En: "Request to a vendor", Ja: "委託先への依頼"},
	"slack.modal.vendor.submit":              {En: "Send", Ja: "送信"},
	"slack.modal.vendor.intro_channel":       {En: "Same as `/incident vendor request`. Filled from the incident; check each part. It is posted to {vendor}'s shared channel, mentioning their contacts.", Ja: "`/incident vendor request` と同じ内容です。インシデントの記録から埋めてあるので、各項目を確認してください。{vendor}の共有チャンネルに担当者をメンションして投稿します。"},
	"slack.modal.vendor.intro_email":         {En: "Same as `/incident vendor request`. Filled from the incident; check each part. {vendor} has no shared channel: the reply gives the text to send by email.", Ja: "`/incident vendor request` と同じ内容です。インシデントの記録から埋めてあるので、各項目を確認してください。{vendor}には共有チャンネルがないため、メールで送る文面を返信で示します。"},
	"slack.modal.vendor.symptom_ph":          {En: "What is seen, in the vendor's terms", Ja: "何が起きているか（委託先に伝わる言葉で）"},
	"slack.modal.vendor.began_ph":            {En: "When it began", Ja: "いつから"},
	"slack.modal.vendor.changes_ph":          {En: "Deployments, settings or plugin updates lately; none known", Ja: "最近のリリース、設定変更、プラグイン更新など（なければ「把握なし」）"},
	"slack.modal.vendor.suspected_impact_ph": {En: "What may be affected, as a hypothesis", Ja: "影響の範囲（仮説として）"},
	"slack.modal.vendor.logs_ph":             {En: "Where the relevant logs are, and the time range", Ja: "関係するログの場所と時間帯"},
	"slack.modal.vendor.isolation_ph":        {En: "What has been isolated or stopped already", Ja: "すでに隔離・停止したもの"},

	// the open form: what the incident affects
	"slack.modal.affects":           {En: "Affects", Ja: "影響対象"},
	"slack.modal.affects_ph":        {En: "Choose assets or components", Ja: "資産または構成要素を選ぶ"},
	"slack.modal.affects_hint":      {En: "Optional: what the incident touches (the asset ledger); who and kit use it.", Ja: "任意: インシデントが関わる資産・構成要素（資産台帳）。who と kit が使います。"},
	"slack.modal.affects_asset":     {En: "{name} ({key})", Ja: "{name}（{key}）"},
	"slack.modal.affects_component": {En: "{key} (component)", Ja: "{key}（構成要素）"},
	"slack.modal.err.affects":       {En: "Choose from the list.", Ja: "一覧から選んでください。"},
}
