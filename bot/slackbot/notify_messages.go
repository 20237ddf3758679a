package slackbot

import "incidentbot/workflow"

// notifyMessages are the texts of notices: pages, approvals and the posts
// that tell the incident channel about them (notify.go). Like every text of
// the adapter they are plain words, escaped when rendered (render.go).
var notifyMessages = workflow.Catalog{
	// a place on an on-call chain
	"slack.notify.link.0":          {En: "primary", Ja: "一次"},
	"slack.notify.link.1":          {En: "secondary", Ja: "二次"},
	"slack.notify.link.2":          {En: "final", Ja: "最終"},
	"slack.notify.link.n":          {En: "no. {n}", Ja: "{n}番目の"},
	"slack.notify.round":           {En: " (round {n})", Ja: "（{n}巡目）"},
	"slack.notify.rounds":          {En: " in {n} rounds", Ja: "（{n}巡）"},
	"slack.notify.role_unassigned": {En: "{role} (unassigned)", Ja: "{role}（未割り当て）"},
	"slack.notify.mention":         {En: "{who}: {text}", Ja: "{who}: {text}"},
	"slack.notify.field.role":      {En: "Role asked for", Ja: "依頼する役割"},
	"slack.notify.field.channel":   {En: "Channel", Ja: "チャンネル"},
	"slack.notify.private":         {En: "🔒 Private: keep the title to the people involved.", Ja: "🔒 非公開: 件名は関係者の外に出さないでください。"},

	// page: the direct message, and the mention in the incident channel
	"slack.notify.page.header": {En: ":rotating_light: *You are paged for {ref} {title}*", Ja: ":rotating_light: *{ref} {title} の呼び出しです*"},
	"slack.notify.page.place":  {En: "You are *{link}* on-call for *{role}*{round}.", Ja: "あなたは *{role}* の *{link}* オンコール担当です{round}。"},
	"slack.notify.page.text": {
		En: "Paged for {ref} {title} ({severity}): you are {link} on-call for {role}{round}. Acknowledge with the button or /incident ack {role_word}.",
		Ja: "{ref} {title}（{severity}）の呼び出しです。あなたは {role} の{link}オンコール担当です{round}。ボタンまたは /incident ack {role_word} で応答してください。",
	},
	"slack.notify.page.ack":     {En: "Acknowledge", Ja: "応答する"},
	"slack.notify.page.hint":    {En: "Or type `/incident ack {ref} {role_word}`. Acknowledging stops the escalation for {role}.", Ja: "または `/incident ack {ref} {role_word}` と入力してください。応答すると {role} のエスカレーションは止まります。"},
	"slack.notify.page.channel": {En: "Paging {who} for {role} ({link}){round}.", Ja: "{who} を {role}（{link}）として呼び出しています{round}。"},

	// inform: a policy target told about the incident, nobody chased
	"slack.notify.inform.channel": {
		En: "Incident {ref} ({severity}): {title}",
		Ja: "インシデント {ref}（{severity}）: {title}",
	},
	"slack.notify.inform.channel_private": {
		En: "Private incident {ref} ({severity}) is open. Its title and channel are shared only with the people involved.",
		Ja: "非公開インシデント {ref}（{severity}）が発生しています。件名とチャンネルは関係者にのみ共有されます。",
	},
	"slack.notify.inform.group": {En: "{who}: for your information, {ref} is {severity}.", Ja: "{who}: お知らせです。{ref} の重大度は {severity} です。"},
	"slack.notify.inform.dm":    {En: "For your information: incident {ref} {title} ({severity}).", Ja: "お知らせ: インシデント {ref} {title}（{severity}）。"},

	// exhausted, reminder, acknowledged, resolved: posts in the incident channel
	"slack.notify.exhausted": {
		En: "{who}: escalation for {role} is exhausted; nobody on its on-call chain acknowledged{rounds}. Please find someone for {role}.",
		Ja: "{who}: {role} のエスカレーションが尽きました。オンコールの担当者から応答がありませんでした{rounds}。{role} の担当者を手配してください。",
	},
	"slack.notify.reminder":     {En: "{who}: a reminder for {ref}.", Ja: "{who}: {ref} のリマインドです。"},
	"slack.notify.acknowledged": {En: "{who} acknowledged for {role}; its escalation stopped.", Ja: "{who} が {role} の呼び出しに応答しました。エスカレーションは止まりました。"},
	"slack.notify.resolved":     {En: "{ref} is closed; its escalations and pages are stopped.", Ja: "{ref} はクローズされました。エスカレーションと呼び出しは止まります。"},
	"slack.notify.nobody":       {En: "(nobody to mention)", Ja: "（通知先なし）"},

	// approval: the direct message to an approver, and the channel post
	"slack.notify.approval.header":  {En: ":raised_hand: *Approval requested: decision {n} of {ref} {title}*", Ja: ":raised_hand: *承認依頼: {ref} {title} の意思決定 {n}*"},
	"slack.notify.approval.default": {En: "Decision {n} stops a service and needs approval before it is carried out.", Ja: "意思決定 {n} はサービスの停止を含むため、実施の前に承認が必要です。"},
	"slack.notify.approval.text": {
		En: "Approval requested: decision {n} of {ref} {title}. Approve or refuse with the buttons, or /incident approve {n} or /incident refuse {n} <reason>.",
		Ja: "承認依頼: {ref} {title} の意思決定 {n}。ボタン、または /incident approve {n} か /incident refuse {n} <理由> で回答してください。",
	},
	"slack.notify.approval.approve": {En: "Approve", Ja: "承認する"},
	"slack.notify.approval.refuse":  {En: "Refuse", Ja: "却下する"},
	"slack.notify.approval.hint":    {En: "To give a reason for a refusal, type `/incident refuse {n} <reason>`.", Ja: "却下の理由を残すには `/incident refuse {n} <理由>` と入力してください。"},
	"slack.notify.approval.channel": {En: "Decision {n} waits for approval; asked {who}.", Ja: "意思決定 {n} は承認待ちです。{who} に依頼しました。"},

	// a drill's contact check (practice.go)
	"slack.contact.hint": {En: "Or type `/incident drill ack`. This is a drill ({ref}): nobody is paged and nothing else needs doing.", Ja: "または `/incident drill ack` と入力してください。これは演習（{ref}）です。誰も呼び出していません。ほかに対応は不要です。"},
}
