package slackbot

import "incidentbot/workflow"

// statementMessages are the texts of statements and deadlines in Slack:
// the buttons and hint of a statement's post, the statement form, and the
// card's personal-data marker (statement.go, card.go).
var statementMessages = workflow.Catalog{
	"slack.statement.approve":           {En: "Approve", Ja: "承認する"},
	"slack.statement.refuse":            {En: "Refuse", Ja: "却下する"},
	"slack.statement.hint":              {En: "Or type /incident statement {ref} approve {n} (or refuse {n} <reason>). Only those who may approve statements can; the bot sends nothing itself.", Ja: "または /incident statement {ref} approve {n}（却下は refuse {n} <理由>）と入力してください。発信文を承認できる人だけが操作できます。ボット自身は何も送りません。"},
	"slack.statement.title":             {En: "Draft a statement", Ja: "発信文の下書き"},
	"slack.statement.submit":            {En: "Draft", Ja: "下書きする"},
	"slack.statement.intro":             {En: "What the company says outside goes out from one place: the draft waits for approval, and only then may it be sent and recorded as sent.", Ja: "社外への発信は一か所から行います。下書きは承認を待ち、承認後に送付して記録します。"},
	"slack.statement.audience":          {En: "Audience", Ja: "宛先"},
	"slack.statement.audience_ph":       {En: "Choose the audience", Ja: "宛先を選ぶ"},
	"slack.statement.audience_option":   {En: "{name} ({key})", Ja: "{name}（{key}）"},
	"slack.statement.text":              {En: "Text", Ja: "本文"},
	"slack.statement.text_ph":           {En: "What the company tells them", Ja: "社外に伝える内容"},
	"slack.statement.text_hint":         {En: "Free text. Nothing is sent from here: once approved, send it yourself and record how.", Ja: "自由記述です。ここからは何も送りません。承認後にご自身で送付し、送付方法を記録してください。"},
	"slack.statement.err_audience":      {En: "Choose an audience.", Ja: "宛先を選んでください。"},
	"slack.card.personal_data":          {En: "[Personal data]", Ja: "[個人情報]"},
	"slack.card.personal_data_unlawful": {En: "[Personal data · unlawful purpose]", Ja: "[個人情報・不正の目的]"},
}
