package config

import "incidentbot/workflow"

// MsgKey is workflow's message key, for this package's catalog.
type MsgKey = workflow.MsgKey

// messages are the texts of the configuration's notes and of the secrets'
// states, in both languages; `incidentbot check` prints them.
var messages = workflow.Catalog{
	"config.note.page_without_pager": {
		En: "{key}: level “{level}” pages, but no pager is configured, so nothing is sent outside Slack (people are still told in Slack, and each page is on the timeline). To page, set [paging.pagerduty] routing_key (or {env}), or [paging.webhook] url and secret.",
		Ja: "{key}: 重大度「{level}」は呼び出しを行う設定ですが、呼び出しの送り先が設定されていないため、Slack の外へは何も送りません（Slack での通知は行い、呼び出しはタイムラインに記録します）。送るには [paging.pagerduty] の routing_key（または環境変数 {env}）か、[paging.webhook] の url と secret を設定してください。",
	},
}

// Messages returns the package's catalog.
func Messages() workflow.Catalog { return messages }
