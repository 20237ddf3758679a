package slackbot

import "incidentbot/workflow"

// messages are the Slack adapter's own texts (card, topic, modals), in both
// languages. Keys start with "slack." so they never collide with the
// workflow's catalog.
var messages = workflow.Catalog{
	// summary card
	"slack.card.drill":        {En: "[DRILL]", Ja: "[演習]"},
	"slack.card.private":      {En: "🔒", Ja: "🔒"},
	"slack.card.header":       {En: "{markers}{ref} {title}", Ja: "{markers}{ref} {title}"},
	"slack.card.severity":     {En: "Severity", Ja: "重大度"},
	"slack.card.phase":        {En: "Phase", Ja: "フェーズ"},
	"slack.card.unassigned":   {En: "unassigned", Ja: "未割り当て"},
	"slack.card.field":        {En: "*{label}*\n{value}", Ja: "*{label}*\n{value}"},
	"slack.card.status_title": {En: "*Latest status* · {time} · {author}", Ja: "*最新の状況* · {time} · {author}"},
	"slack.card.no_status":    {En: "*Latest status*\nNo status posted yet.", Ja: "*最新の状況*\n状況共有はまだありません。"},
	"slack.card.confirmed":    {En: "Confirmed", Ja: "確定事項"},
	"slack.card.unconfirmed":  {En: "Unconfirmed", Ja: "未確定事項"},
	"slack.card.check_next":   {En: "Next to check", Ja: "次に確認する事項"},
	"slack.card.line":         {En: "*{label}:* {value}", Ja: "*{label}:* {value}"},
	"slack.card.decision_title": {
		En: "*Decision {n}* · recorded {time} by {author}",
		Ja: "*意思決定 {n}* · 記録 {time} {author}",
	},
	"slack.card.decided":     {En: "*Decided by:* {by}{at}", Ja: "*決定者:* {by}{at}"},
	"slack.card.decided_at":  {En: " at {time}", Ja: "（決定時刻 {time}）"},
	"slack.card.no_decision": {En: "*Last decision*\nNo decision logged yet.", Ja: "*最新の意思決定*\n意思決定の記録はまだありません。"},
	"slack.card.decision":    {En: "Decision", Ja: "決定内容"},
	"slack.card.why":         {En: "Why", Ja: "根拠"},
	"slack.card.redacted":    {En: "_(redacted)_", Ja: "_（墨消し済み）_"},
	"slack.card.empty":       {En: "—", Ja: "—"},
	"slack.card.head":        {En: "Head hash `{hash}` (event {seq})", Ja: "最新ハッシュ `{hash}`（イベント {seq}）"},
	"slack.card.head_none":   {En: "Head hash: no events yet", Ja: "最新ハッシュ: イベントなし"},
	"slack.card.problems":    {En: ":warning: Delivery problems: {problems}", Ja: ":warning: 配信の問題: {problems}"},
	"slack.card.next":        {En: "Next: {phase}", Ja: "次へ: {phase}"},
	"slack.card.take_role":   {En: "Take a role", Ja: "役割を引き受ける"},
	"slack.card.decide":      {En: "Log decision", Ja: "意思決定を記録"},
	"slack.card.status":      {En: "Post status", Ja: "状況を共有"},
	"slack.card.text": {
		En: "{markers}{ref} {title} — {severity} · {phase} · commander {commander}",
		Ja: "{markers}{ref} {title} — {severity} · {phase} · 指揮者 {commander}",
	},

	// role labels on the card and in the take-role menu
	"slack.role.commander": {En: "Commander", Ja: "指揮者"},
	"slack.role.tech":      {En: "Tech", Ja: "技術担当"},
	"slack.role.comms":     {En: "Comms", Ja: "窓口担当"},
	"slack.role.scribe":    {En: "Scribe", Ja: "記録担当"},
	"slack.role.approver":  {En: "Approver", Ja: "最終責任者"},

	// channel topic
	"slack.topic": {
		En: "{markers}{severity} · {phase} · commander {commander}",
		Ja: "{markers}{severity} · {phase} · 指揮者 {commander}",
	},

	// modals (titles and buttons: at most 24 characters)
	"slack.modal.cancel":          {En: "Cancel", Ja: "キャンセル"},
	"slack.modal.open.title":      {En: "Open an incident", Ja: "インシデントを起票"},
	"slack.modal.open.submit":     {En: "Open", Ja: "起票"},
	"slack.modal.open.intro":      {En: "Same as `/incident open`. Only the title is required.", Ja: "`/incident open` と同じ内容です。必須は件名だけです。"},
	"slack.modal.title":           {En: "Title", Ja: "件名"},
	"slack.modal.title_ph":        {En: "What is happening, in a few words", Ja: "何が起きているかを短く"},
	"slack.modal.severity":        {En: "Severity", Ja: "重大度"},
	"slack.modal.started":         {En: "Started (when the problem began)", Ja: "発生時刻（問題が始まった時刻）"},
	"slack.modal.detected":        {En: "Detected (when someone noticed)", Ja: "検知時刻（誰かが気付いた時刻）"},
	"slack.modal.time_ph":         {En: "09:12 or 2026-11-18 22:05", Ja: "09:12 または 2026-11-18 22:05"},
	"slack.modal.started_hint":    {En: "Leave empty if it began when it was detected. A time without a date is today (yesterday if that is still ahead).", Ja: "空欄なら検知時刻と同じです。日付のない時刻は今日（未来になる場合は昨日）とみなします。"},
	"slack.modal.detected_hint":   {En: "Leave empty for now. A time without a date is today (yesterday if that is still ahead).", Ja: "空欄なら現在時刻です。日付のない時刻は今日（未来になる場合は昨日）とみなします。"},
	"slack.modal.private":         {En: "Visibility", Ja: "公開範囲"},
	"slack.modal.private_option":  {En: "Private incident", Ja: "非公開インシデント"},
	"slack.modal.private_desc":    {En: "A private channel; announcements leave out the title.", Ja: "非公開チャンネルを使い、告知には件名を載せません。"},
	"slack.modal.runbook":         {En: "Runbook", Ja: "手順書"},
	"slack.modal.runbook_ph":      {En: "Choose a runbook", Ja: "手順書を選ぶ"},
	"slack.modal.runbook_hint":    {En: "Optional: a checklist per phase for this type of incident.", Ja: "任意: この種類のインシデント向けの、フェーズごとのチェックリストです。"},
	"slack.modal.err.runbook":     {En: "Choose a runbook from the list.", Ja: "一覧から手順書を選んでください。"},
	"slack.modal.decision.title":  {En: "Log a decision", Ja: "意思決定を記録"},
	"slack.modal.decision.submit": {En: "Record", Ja: "記録"},
	"slack.modal.decision.intro":  {En: "Same as `/incident decision`. The decision and why are required.", Ja: "`/incident decision` と同じ内容です。決定内容と根拠は必須です。"},
	"slack.modal.decision":        {En: "Decision", Ja: "決定内容"},
	"slack.modal.decision_ph":     {En: "What was decided", Ja: "何を決めたか"},
	"slack.modal.why":             {En: "Why", Ja: "根拠"},
	"slack.modal.why_ph":          {En: "The facts and reasoning behind it", Ja: "判断の根拠となった事実と理由"},
	"slack.modal.action":          {En: "Action", Ja: "対策"},
	"slack.modal.action_ph":       {En: "What is being done (optional)", Ja: "実施する対策（任意）"},
	"slack.modal.next":            {En: "Next step", Ja: "次のアクション"},
	"slack.modal.next_ph":         {En: "Who does what next (optional)", Ja: "次に誰が何をするか（任意）"},
	"slack.modal.decided_by":      {En: "Decided by", Ja: "決定者"},
	"slack.modal.decided_by_ph":   {En: "Who took the decision", Ja: "意思決定をした人"},
	"slack.modal.decided_by_hint": {En: "Optional: leave empty when the commander decided.", Ja: "任意: 指揮者が決めた場合は空欄のままにしてください。"},
	"slack.modal.decided_at":      {En: "Decided at", Ja: "決定時刻"},
	"slack.modal.decided_at_hint": {En: "Optional: when it was decided, if you log it later (09:40 or 2026-11-18 22:05). Empty: now.", Ja: "任意: 後から記録する場合の決定時刻（09:40 または 2026-11-18 22:05）。空欄なら今の時刻です。"},
	"slack.modal.status.title":    {En: "Post a status", Ja: "状況を共有"},
	"slack.modal.status.submit":   {En: "Post", Ja: "共有"},
	"slack.modal.status.intro":    {En: "Same as `/incident status`. Fill at least one box.", Ja: "`/incident status` と同じ内容です。少なくとも1つの欄を記入してください。"},
	"slack.modal.confirmed":       {En: "Confirmed", Ja: "確定事項"},
	"slack.modal.confirmed_ph":    {En: "What we know for sure", Ja: "確かに分かっていること"},
	"slack.modal.unconfirmed":     {En: "Unconfirmed", Ja: "未確定事項"},
	"slack.modal.unconfirmed_ph":  {En: "What we suspect but have not confirmed", Ja: "疑いはあるが確認できていないこと"},
	"slack.modal.check_next":      {En: "Next to check", Ja: "次に確認する事項"},
	"slack.modal.check_next_ph":   {En: "What we will look at next", Ja: "次に何を確認するか"},

	// modal field errors (shown under the field)
	"slack.modal.err.required":     {En: "Please fill this in.", Ja: "入力してください。"},
	"slack.modal.err.too_long":     {En: "This is {length} characters long; the limit is {limit}.", Ja: "{length} 文字あります。上限は {limit} 文字です。"},
	"slack.modal.err.status_empty": {En: "Fill at least one of the three boxes.", Ja: "3つの欄のうち少なくとも1つを記入してください。"},
	"slack.modal.err.severity":     {En: "Choose a severity from the list.", Ja: "一覧から重大度を選んでください。"},
	"slack.modal.err.unreadable":   {En: "This text could not be recorded as typed. Please rephrase it.", Ja: "この内容は入力どおりに記録できません。書き方を変えてください。"},
	"slack.modal.err.decided_by":   {En: "Choose a person from the list.", Ja: "一覧から人を選んでください。"},
	"slack.modal.err.lost":         {En: "This form lost track of its incident. Close it and start again from the incident's card.", Ja: "このフォームの対象インシデントが分からなくなりました。閉じてから、インシデントのカードからやり直してください。"},
}

// Messages returns the Slack adapter's catalog (for tests and other adapters'
// files in this package).
func Messages() workflow.Catalog { return allMessages }
