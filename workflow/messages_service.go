package workflow

// serviceMessages holds the service's replies and refusals.
var serviceMessages = Catalog{
	// Refusals. Each says what was wrong and what to write instead.
	"err.not_found":    {En: "No such incident: {ref}. /incident list shows the open ones.", Ja: "インシデント{ref}は見つかりません。/incident list で対応中の一覧を表示できます。"},
	"err.no_open":      {En: "There is no open incident for {verb}. Open one with /incident open [low|medium|high] <title>, or name one: /incident {verb} #3 …", Ja: "{verb}の対象になる対応中のインシデントがありません。/incident open [低|中|高] <件名> で起票するか、/incident {verb} #3 … のように番号を指定してください。"},
	"err.which":        {En: "Several incidents are open: {incidents}. Say which one right after the subcommand, e.g. /incident {verb} {example} …", Ja: "複数のインシデントが対応中です: {incidents}。サブコマンドの直後で対象を指定してください（例: /incident {verb} {example} …）。"},
	"which.item":       {En: "{ref} {title}", Ja: "{ref} {title}"},
	"err.closed":       {En: "Incident {ref} is closed and cannot change. Reopen it first: /incident reopen {ref} <reason>", Ja: "インシデント{ref}はクローズ済みのため変更できません。先に再開してください: /incident reopen {ref} <理由>"},
	"err.not_closed":   {En: "Incident {ref} is not closed, so there is nothing to reopen. Use /incident phase <name> <reason> to step back.", Ja: "インシデント{ref}はクローズされていないため再開できません。戻す場合は /incident phase <フェーズ> <理由> を使ってください。"},
	"err.not_a_change": {En: "{verb} does not change an incident.", Ja: "{verb}はインシデントを変更するコマンドではありません。"},
	"err.sev_same":     {En: "The severity is already {level}. Name another level: /incident sev <level> [reason]", Ja: "重大度はすでに{level}です。別の重大度を指定してください: /incident sev <重大度> [理由]"},
	"err.sev_reason":   {En: "Lowering the severity from {from} to {to} needs a reason: /incident sev {key} <reason>", Ja: "重大度を{from}から{to}へ下げるには理由が必要です: /incident sev {key} <理由>"},
	"err.assign_same":  {En: "{person} already holds {role}. Name someone else: /incident assign <role> @name", Ja: "{person}はすでに{role}です。別の人を指定してください: /incident assign <役割> @名前"},
	"err.phase_same":   {En: "The incident is already in {phase}. /incident next moves one step forward.", Ja: "すでに{phase}フェーズです。/incident next で次のフェーズへ進みます。"},
	"err.no_next":      {En: "There is no phase after {phase}. From here: {allowed}.", Ja: "{phase}の次のフェーズはありません。可能な操作: {allowed}。"},
	"err.reason_needed": {En: "Moving from {from} back to {to} needs a reason (what was found again). Write: {usage}",
		Ja: "{from}から{to}へ移るには理由（何が再発・判明したか）が必要です。書き方: {usage}"},
	"usage.phase_back":           {En: "/incident phase {phase} <reason>", Ja: "/incident phase {phase} <理由>"},
	"err.postmortem_missing":     {En: "Cannot close {ref} yet: the postmortem still lacks {missing}. Write: /incident postmortem cause: … | impact: … | prevention: … | open: …", Ja: "{ref}はまだクローズできません。事後報告に{missing}がありません。書き方: /incident postmortem 原因: … | 影響: … | 再発防止: … | 残課題: …"},
	"err.no_decision":            {En: "Incident {ref} has no decision {n} (it has {count}). Write: /incident amend <decision number> <corrected fields>", Ja: "インシデント{ref}に意思決定{n}はありません（記録は{count}件）。書き方: /incident amend <意思決定の番号> <訂正する項目>"},
	"err.no_event":               {En: "Incident {ref} has no event {n} (its events are 1 to {count}; the report lists them).", Ja: "インシデント{ref}にイベント{n}はありません（イベントは1〜{count}。報告書に一覧があります）。"},
	"err.not_redactable":         {En: "Event {n} is a {kind} event; only decisions, amendments, status updates, notes and postmortem entries can be redacted.", Ja: "イベント{n}は「{kind}」です。墨消しできるのは意思決定・訂正・状況共有・メモ・事後報告だけです。"},
	"err.already_redacted":       {En: "Event {n} is already redacted.", Ja: "イベント{n}はすでに墨消しされています。"},
	"err.redact_forbidden":       {En: "Only the commander or the approver of {ref} may redact. Ask them, or have the role assigned: /incident assign commander @name", Ja: "{ref}の墨消しができるのは指揮者か最終責任者だけです。依頼するか、役割の割り当てを受けてください: /incident assign 指揮者 @名前"},
	"err.time_format":            {En: "{text} is not a time I can read. Write 09:12, 2026-11-20 08:50 or an RFC 3339 time.", Ja: "{text}は時刻として読めません。09:12、2026-11-20 08:50、またはRFC 3339形式で書いてください。"},
	"err.time_future":            {En: "{text} is in the future. Times given with started:, detected: and at: record what has already happened.", Ja: "{text}は未来の時刻です。「発生:」「検知:」「時刻:」には、すでに起きた時刻を書いてください。"},
	"time.rolled_back":           {En: "Note: the {field} {typed} is later than the time now ({now}), so it was read as yesterday's: {when}. If you meant another day, give the date as well, e.g. {example}.", Ja: "注意: {field}の {typed} は現在時刻（{now}）より後のため、昨日の時刻として読みました: {when}。別の日のことなら日付も書いてください（例: {example}）。"},
	"err.started_after_detected": {En: "The start ({started}) is after the detection ({detected}). A problem starts before anyone notices it: check started: and detected:.", Ja: "発生時刻（{started}）が検知時刻（{detected}）より後になっています。問題は気づく前に始まっています。「発生:」と「検知:」を確認してください。"},

	"field.cause":      {En: "cause", Ja: "原因"},
	"field.impact":     {En: "impact", Ja: "影響"},
	"field.prevention": {En: "prevention", Ja: "再発防止"},

	// Confirmations.
	"open.done":          {En: "Opened {ref} ({severity}): {title}. Commander: {commander}.", Ja: "{ref}を起票しました（重大度 {severity}）: {title}。指揮者: {commander}。"},
	"open.times":         {En: "Started {started} · Detected {detected}", Ja: "発生 {started} · 検知 {detected}"},
	"open.private":       {En: "This incident is private: only its people can see it.", Ja: "このインシデントは非公開です。関係者だけが閲覧できます。"},
	"open.next":          {En: "Next: assign roles (/incident assign tech @name) and share what is known (/incident status confirmed: … | unconfirmed: … | next: …).", Ja: "次に: 役割を割り当て（/incident assign 技術担当 @名前）、状況を共有してください（/incident status 確定: … | 未確定: … | 次に確認: …）。"},
	"sev.done":           {En: "{ref}: severity {from} → {to} (event {seq}).", Ja: "{ref}: 重大度を{from}→{to}に変更しました（イベント{seq}）。"},
	"assign.done":        {En: "{ref}: {person} is now {role} (event {seq}).", Ja: "{ref}: {person}を{role}に割り当てました（イベント{seq}）。"},
	"assign.handover":    {En: "{ref}: {role} handed over from {from} to {person} (event {seq}).", Ja: "{ref}: {role}を{from}から{person}へ引き継ぎました（イベント{seq}）。"},
	"phase.done":         {En: "{ref}: {from} → {to} (event {seq}).", Ja: "{ref}: {from}→{to}に移行しました（イベント{seq}）。"},
	"close.done":         {En: "{ref} is closed. Time to recover: {ttr}. The report: incidentbot export {number} --format md", Ja: "{ref}をクローズしました。復旧までの時間: {ttr}。報告書: incidentbot export {number} --format md"},
	"close.false_alarm":  {En: "{ref} is closed as a false alarm (event {seq}).", Ja: "{ref}を誤検知としてクローズしました（イベント{seq}）。"},
	"reopen.done":        {En: "{ref} is reopened in {to} (event {seq}).", Ja: "{ref}を再開し、{to}フェーズに戻しました（イベント{seq}）。"},
	"decision.done":      {En: "{ref}: decision {n} recorded (event {seq}).", Ja: "{ref}: 意思決定{n}を記録しました（イベント{seq}）。"},
	"decision.by":        {En: "Decided by {by}.", Ja: "決定者: {by}"},
	"decision.at":        {En: "Decided at {at}.", Ja: "決定時刻: {at}"},
	"amend.done":         {En: "{ref}: decision {n} amended (event {seq}); the original stays in the log.", Ja: "{ref}: 意思決定{n}を訂正しました（イベント{seq}）。元の記録はログに残ります。"},
	"note.done":          {En: "{ref}: note recorded (event {seq}).", Ja: "{ref}: メモを記録しました（イベント{seq}）。"},
	"status.done":        {En: "{ref}: status shared (event {seq}).", Ja: "{ref}: 状況を共有しました（イベント{seq}）。"},
	"postmortem.done":    {En: "{ref}: postmortem updated (event {seq}).", Ja: "{ref}: 事後報告を更新しました（イベント{seq}）。"},
	"postmortem.missing": {En: "Still needed before close: {missing}.", Ja: "クローズ前に必要な項目: {missing}。"},
	"redact.done":        {En: "{ref}: event {n} redacted (event {seq}); the hash chain still verifies, head hash {head}.", Ja: "{ref}: イベント{n}を墨消ししました（イベント{seq}）。ハッシュチェーンは引き続き検証できます。最新ハッシュ: {head}。"},
	"done":               {En: "{ref}: done (event {seq}).", Ja: "{ref}: 完了しました（イベント{seq}）。"},

	// show
	"show.title":             {En: "{ref} {title}", Ja: "{ref} {title}"},
	"show.private":           {En: "Private: visible only to its people.", Ja: "非公開: 関係者のみ閲覧できます。"},
	"show.state":             {En: "Severity: {severity} · Phase: {phase}", Ja: "重大度: {severity} · フェーズ: {phase}"},
	"show.role":              {En: "{role} {person}", Ja: "{role} {person}"},
	"show.roles":             {En: "Roles: {roles}", Ja: "役割: {roles}"},
	"show.times":             {En: "Started {started} · Detected {detected} · Opened {opened}", Ja: "発生 {started} · 検知 {detected} · 起票 {opened}"},
	"show.kpi":               {En: "Time to detect: {ttd} · Time to recover: {ttr}", Ja: "検知までの時間: {ttd} · 復旧までの時間: {ttr}"},
	"show.not_yet":           {En: "not yet", Ja: "未復旧"},
	"span":                   {En: "{span}", Ja: "{span}"},
	"show.ends":              {En: "Resolved {resolved} · Closed {closed}", Ja: "復旧 {resolved} · クローズ {closed}"},
	"show.false_alarm":       {En: "Closed as a false alarm: {reason}", Ja: "誤検知としてクローズ: {reason}"},
	"show.no_status":         {En: "No status shared yet: /incident status confirmed: … | unconfirmed: … | next: …", Ja: "状況共有はまだありません: /incident status 確定: … | 未確定: … | 次に確認: …"},
	"show.status":            {En: "Status ({at}, {author}) — confirmed: {confirmed} / unconfirmed: {unconfirmed} / next to check: {next}", Ja: "状況（{at}、{author}） — 確定事項: {confirmed} / 未確定事項: {unconfirmed} / 次に確認する事項: {next}"},
	"show.status_redacted":   {En: "Status ({at}, {author}) — [redacted]", Ja: "状況（{at}、{author}） — [墨消し済み]"},
	"show.no_decision":       {En: "No decision logged yet: /incident decision <decision> | why: <rationale> | action: … | next: …", Ja: "意思決定の記録はまだありません: /incident decision <決定内容> | 根拠: … | 対策: … | 次: …"},
	"show.decision":          {En: "Last decision {n} ({at}, {author}): {decision} — why: {why} · action: {action} · next: {next}", Ja: "最新の意思決定{n}（{at}、{author}）: {decision} — 根拠: {why} · 対策: {action} · 次: {next}"},
	"show.decision_redacted": {En: "Last decision {n} ({at}, {author}): [redacted]", Ja: "最新の意思決定{n}（{at}、{author}）: [墨消し済み]"},
	"show.postmortem":        {En: "Postmortem — cause: {cause} / impact: {impact} / prevention: {prevention} / open: {open}", Ja: "事後報告 — 原因: {cause} / 影響: {impact} / 再発防止: {prevention} / 残課題: {open}"},
	"show.problem":           {En: "Delivery problem ({at}, event {seq}): {what} failed with {error}", Ja: "配信の問題（{at}、イベント{seq}）: {what} が {error} で失敗しました"},
	"show.chain":             {En: "Decisions: {decisions} · Events: {events} · Head hash: {head}", Ja: "意思決定: {decisions}件 · イベント: {events}件 · 最新ハッシュ: {head}"},

	// list
	"list.head_open": {En: "{count} open:", Ja: "対応中 {count}件:"},
	"list.head_all":  {En: "{count} incidents:", Ja: "インシデント {count}件:"},
	"list.item":      {En: "{ref} [{severity} · {phase}] {title} — commander {commander}, opened {opened}", Ja: "{ref} [{severity} · {phase}] {title} — 指揮者 {commander}、起票 {opened}"},
	"list.none_open": {En: "No open incidents. /incident list all includes closed ones.", Ja: "対応中のインシデントはありません。/incident list all でクローズ済みも表示します。"},
	"list.none":      {En: "No incidents yet. Open one with /incident open <title>.", Ja: "インシデントはまだありません。/incident open <件名> で起票できます。"},

	// A failure on our side, in every adapter (see ErrorReply).
	"err.internal": {En: "Something went wrong on our side (internal error id {id}). Nothing was changed unless a confirmation was shown. Please tell your administrator the id.", Ja: "内部エラーが発生しました（エラー ID {id}）。確認メッセージが表示されていない変更は行われていません。この ID を管理者に伝えてください。"},

	// The store could not take the change before the deadline of the ack
	// (ErrBusy); nothing was applied (see ErrorReply).
	"err.busy": {En: "The bot is busy right now, so nothing was changed. Please try again in a moment.", Ja: "ただいま混み合っているため、何も変更していません。少し待ってからもう一度お試しください。"},
}
