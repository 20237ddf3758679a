package workflow

// authorityMessages holds the texts of authority checks and of stop approval.
var authorityMessages = Catalog{
	// Refusals.
	"err.handover_forbidden": {En: "The {role} role of {ref} carries authority in the config ([authority]), so only its holder or {who} may hand it over.", Ja: "{ref}の{role}は設定（[authority]）で権限を持つ役割のため、引き継げるのは現在の担当者または{who}だけです。"},
	"err.forbidden": {En: "Only {who} may {action} ([authority] {setting} in the config). Ask one of them, or have the role assigned: /incident assign <role> @name",
		Ja: "{action}ことができるのは{who}だけです（設定 [authority] の {setting}）。該当する人に依頼するか、役割の割り当てを受けてください: /incident assign <役割> @名前"},
	"act.lower_severity": {En: "lower the severity of {ref}", Ja: "{ref}の重大度を下げる"},
	"act.close":          {En: "close {ref}", Ja: "{ref}をクローズする"},
	"act.redact":         {En: "redact events of {ref}", Ja: "{ref}のイベントを墨消しする"},
	"act.approve_stop":   {En: "approve or refuse stopping a service on {ref}", Ja: "{ref}でのサービス停止を承認・却下する"},
	"who.role":           {En: "the {role}", Ja: "{role}"},
	"who.user":           {En: "{person}", Ja: "{person}"},
	"who.group":          {En: "members of group {id}", Ja: "グループ{id}のメンバー"},
	"who.channel":        {En: "members of channel {id}", Ja: "チャンネル{id}のメンバー"},
	"err.stop_none_pending": {En: "Decision {n} of {ref} is not waiting for approval; no decision is. Only a decision tagged | stop: <service> that its author could not approve waits. Usage: {usage}",
		Ja: "{ref}の意思決定{n}は承認待ちではありません（承認待ちの意思決定はありません）。承認待ちになるのは、「| 停止: <サービス>」を付け、記録者に承認の権限がなかった意思決定だけです。書き方: {usage}"},
	"err.stop_not_pending": {En: "Decision {n} of {ref} is not waiting for approval. Waiting: {pending}. Usage: {usage}",
		Ja: "{ref}の意思決定{n}は承認待ちではありません。承認待ち: {pending}。書き方: {usage}"},
	"stop.pending_item": {En: "decision {n} (stop {stop})", Ja: "意思決定{n}（停止対象: {stop}）"},
	"stop.redacted":     {En: "[redacted]", Ja: "[墨消し済み]"},

	// Confirmations.
	"stop.auto_policy": {En: "Stopping {stop} is allowed at severity {level} without asking (may_stop): approved (event {seq}).",
		Ja: "重大度{level}では{stop}を承認なしで停止できます（may_stop）。承認済みとして記録しました（イベント{seq}）。"},
	"stop.auto_authority": {En: "You may approve stops, so stopping {stop} is recorded as approved (event {seq}).",
		Ja: "停止を承認できる権限があるため、{stop}の停止を承認済みとして記録しました（イベント{seq}）。"},
	"stop.waiting": {En: "Stopping {stop} needs approval: decision {n} waits for {who} (event {seq}). They answer with /incident approve {ref} {n} or /incident refuse {ref} {n} [reason].",
		Ja: "{stop}の停止には承認が必要です。意思決定{n}は{who}の承認待ちです（イベント{seq}）。/incident approve {ref} {n} または /incident refuse {ref} {n} [理由] で回答できます。"},
	"stop.drill":          {En: "This is a drill: nobody was notified.", Ja: "演習のため、誰にも通知していません。"},
	"stop.approved":       {En: "{ref}: the stop in decision {n} is approved (event {seq}).", Ja: "{ref}: 意思決定{n}の停止を承認しました（イベント{seq}）。"},
	"stop.refused":        {En: "{ref}: the stop in decision {n} is refused (event {seq}); the decision stays in the log.", Ja: "{ref}: 意思決定{n}の停止を却下しました（イベント{seq}）。意思決定は記録に残ります。"},
	"stop.refused_reason": {En: "{ref}: the stop in decision {n} is refused: {reason} (event {seq}); the decision stays in the log.", Ja: "{ref}: 意思決定{n}の停止を却下しました: {reason}（イベント{seq}）。意思決定は記録に残ります。"},

	// Notices and show.
	"stop.ask": {En: "{by} logged decision {n} on {ref}, which stops {stop}. It waits for your approval: /incident approve {ref} {n} or /incident refuse {ref} {n} [reason]",
		Ja: "{by}が{ref}に記録した意思決定{n}は{stop}を停止します。承認をお願いします: /incident approve {ref} {n} または /incident refuse {ref} {n} [理由]"},
	"show.stop_pending": {En: "Waiting for approval: decision {n} stops {stop} (logged by {by}, {at}). /incident approve {ref} {n} or /incident refuse {ref} {n} [reason]",
		Ja: "承認待ち: 意思決定{n}は{stop}を停止します（{by}、{at}）。/incident approve {ref} {n} または /incident refuse {ref} {n} [理由]"},

	"event.stop_requested": {En: "stop awaiting approval", Ja: "停止の承認依頼"},
	"event.stop_approved":  {En: "stop approved", Ja: "停止の承認"},
	"event.stop_refused":   {En: "stop refused", Ja: "停止の却下"},
}
