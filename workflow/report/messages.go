package report

import "incidentbot/workflow"

// Messages returns every text the report and the statistics show, in English
// and Japanese. Phase, role and event-kind names come from the workflow's own
// catalog; severity names from the configured scale.
func Messages() workflow.Catalog { return catalog }

func render(l workflow.Lang, key workflow.MsgKey, args workflow.Args) string {
	return catalog.Render(l, workflow.M(key, args))
}

// catalog is every text of the package: the report's frame here, each other
// area's beside its code; a key defined twice panics at start.
var catalog = workflow.MergeCatalogs(reportMessages, approvalMessages, checklistMessages, escalationMessages, drillCatalog,
	scopeMessages, vendorMessages, summaryMessages, htmlMessages, statsMessages, statementMessages, deadlineMessages, findingMessages,
	contactCheckMessages, stallMessages)

var reportMessages = workflow.Catalog{
	// Report frame.
	"md.title":       {En: "Incident report {ref}: {title}", Ja: "インシデント報告書 {ref}: {title}"},
	"md.title_draft": {En: "DRAFT incident report {ref}: {title}", Ja: "インシデント報告書（下書き） {ref}: {title}"},
	"md.draft":       {En: "Draft: the incident has entered post-incident and is not closed yet. The final report follows when it is closed.", Ja: "下書き: インシデントは事後対応に入りましたが、まだクローズしていません。クローズ時に最終版を出します。"},
	"md.drill":       {En: "This is a tabletop drill, not a real incident.", Ja: "これは机上演習であり、実際のインシデントではありません。"},
	"md.private":     {En: "Private incident: share this report only with its members and the authorities of record.", Ja: "非公開インシデント: この報告書は関係者と権限者以外に共有しないでください。"},
	"md.as_of":       {En: "Built from the stored timeline as of {at}. Times are shown in {zone}.", Ja: "保存済みタイムライン（{at}時点）から作成。時刻は{zone}で表示しています。"},
	"md.none":        {En: "None.", Ja: "なし。"},
	"md.redacted":    {En: "(redacted)", Ja: "（墨消し済み）"},
	"md.yes":         {En: "yes", Ja: "はい"},
	"md.no":          {En: "no", Ja: "いいえ"},
	"md.pinned":      {En: "📌 pinned from chat:", Ja: "📌 チャットから記録:"},
	"md.retracted":   {En: "(pin withdrawn)", Ja: "（記録取り消し）"},

	// Section headings.
	"sec.summary":      {En: "Summary", Ja: "概要"},
	"sec.severity":     {En: "Severity history", Ja: "重大度の履歴"},
	"sec.roles":        {En: "Roles", Ja: "体制"},
	"sec.roles_now":    {En: "Current holders", Ja: "現在の担当者"},
	"sec.handovers":    {En: "Assignments and handovers", Ja: "割り当てと引き継ぎ"},
	"sec.phases":       {En: "Phase timeline", Ja: "フェーズの推移"},
	"sec.phase_totals": {En: "Time spent per phase", Ja: "フェーズごとの所要時間"},
	"sec.decisions":    {En: "Decision log", Ja: "意思決定ログ"},
	"sec.status":       {En: "Status updates", Ja: "状況共有"},
	"sec.notes":        {En: "Notes", Ja: "メモ"},
	"sec.postmortem":   {En: "Postmortem", Ja: "事後報告"},
	"sec.redactions":   {En: "Redactions", Ja: "墨消し"},
	"sec.timeline":     {En: "Timeline", Ja: "タイムライン"},
	"sec.events":       {En: "Appendix: every event and its hash", Ja: "付録: 全イベントとハッシュ"},
	"sec.chain":        {En: "Hash chain", Ja: "ハッシュチェーン"},

	// Summary rows.
	"sum.item":        {En: "Item", Ja: "項目"},
	"sum.value":       {En: "Value", Ja: "内容"},
	"sum.ref":         {En: "Reference", Ja: "番号"},
	"sum.id":          {En: "ID", Ja: "ID"},
	"sum.title":       {En: "Title", Ja: "件名"},
	"sum.severity":    {En: "Severity", Ja: "重大度"},
	"sum.phase":       {En: "Phase", Ja: "フェーズ"},
	"sum.private":     {En: "Private", Ja: "非公開"},
	"sum.drill":       {En: "Drill", Ja: "演習"},
	"sum.opener":      {En: "Opened by", Ja: "起票者"},
	"sum.started":     {En: "Started", Ja: "発生"},
	"sum.detected":    {En: "Detected", Ja: "検知"},
	"sum.opened":      {En: "Opened", Ja: "起票"},
	"sum.resolved":    {En: "Resolved", Ja: "復旧"},
	"sum.closed":      {En: "Closed", Ja: "クローズ"},
	"sum.false_alarm": {En: "False alarm", Ja: "誤検知"},
	"sum.ttd":         {En: "Time to detect", Ja: "検知までの時間"},
	"sum.ttr":         {En: "Time to recover", Ja: "復旧までの時間"},
	"sum.not_yet":     {En: "not yet", Ja: "未"},
	"sum.counts":      {En: "Record", Ja: "記録"},
	"sum.counts_val":  {En: "{events} events, {decisions} decisions", Ja: "イベント{events}件、意思決定{decisions}件"},

	// Column names.
	"col.time":        {En: "Time", Ja: "時刻"},
	"col.from":        {En: "From", Ja: "変更前"},
	"col.to":          {En: "To", Ja: "変更後"},
	"col.reason":      {En: "Reason", Ja: "理由"},
	"col.by":          {En: "By", Ja: "実施者"},
	"col.role":        {En: "Role", Ja: "役割"},
	"col.holder":      {En: "Holder", Ja: "担当者"},
	"col.phase":       {En: "Phase", Ja: "フェーズ"},
	"col.how":         {En: "How", Ja: "経緯"},
	"col.entered":     {En: "Entered", Ja: "開始"},
	"col.left":        {En: "Left", Ja: "終了"},
	"col.spent":       {En: "Time spent", Ja: "所要時間"},
	"col.total":       {En: "Total", Ja: "合計"},
	"col.number":      {En: "#", Ja: "番号"},
	"col.decision":    {En: "Decision", Ja: "決定内容"},
	"col.why":         {En: "Why", Ja: "根拠"},
	"col.action":      {En: "Action", Ja: "対策"},
	"col.next":        {En: "Next", Ja: "次のアクション"},
	"col.author":      {En: "Recorded by", Ja: "記録者"},
	"col.decided_by":  {En: "Decided by", Ja: "決定者"},
	"col.decided_at":  {En: "Decided at", Ja: "決定時刻"},
	"col.happened":    {En: "What happened", Ja: "出来事"},
	"col.confirmed":   {En: "Confirmed", Ja: "確定事項"},
	"col.unconfirmed": {En: "Unconfirmed", Ja: "未確定事項"},
	"col.check_next":  {En: "Next to check", Ja: "次に確認する事項"},
	"col.note":        {En: "Note", Ja: "メモ"},
	"col.event":       {En: "Event", Ja: "イベント"},
	"col.kind":        {En: "Kind", Ja: "種別"},
	"col.actor":       {En: "Actor", Ja: "記録者"},
	"col.hash":        {En: "Hash", Ja: "ハッシュ"},
	"col.field":       {En: "Field", Ja: "項目"},
	"col.content":     {En: "Content", Ja: "内容"},

	// Cell values.
	"sev.opened":        {En: "at opening", Ja: "起票時"},
	"move.opened":       {En: "opened", Ja: "起票"},
	"move.forward":      {En: "next step", Ja: "次へ"},
	"move.back":         {En: "sent back: {reason}", Ja: "差し戻し: {reason}"},
	"move.close":        {En: "closed", Ja: "クローズ"},
	"move.false_alarm":  {En: "false alarm: {reason}", Ja: "誤検知: {reason}"},
	"move.reopen":       {En: "reopened: {reason}", Ja: "再開: {reason}"},
	"phase.ongoing":     {En: "ongoing", Ja: "継続中"},
	"phase.so_far":      {En: "{span} so far", Ja: "{span}（継続中）"},
	"decision.number":   {En: "{n}", Ja: "{n}"},
	"decision.corrects": {En: "correction of {n}", Ja: "{n}の訂正"},
	"decision.unknown":  {En: "correction", Ja: "訂正"},
	"decision.who_note": {En: "Decided by is who took the decision (by:; the commander at the time unless given); Decided at is when, when it was logged later (at:), else it is the time it was recorded. Recorded by is who logged it.", Ja: "決定者は意思決定をした人（決定者:。指定がなければ記録時の指揮者）、決定時刻は後から記録したときに指定した時刻（時刻:。空欄は記録した時刻と同じ）です。記録者は記録した人です。"},
	"decision.note":     {En: "Corrections are separate entries that point at the decision they correct; the original entry stays as recorded. A correction row shows the decision as it stands after that correction.", Ja: "訂正は訂正対象の意思決定を指す別の記録として残り、元の記録はそのまま保存されています。訂正の行には、その訂正を反映した後の内容を示します。"},
	"pm.cause":          {En: "Cause", Ja: "原因"},
	"pm.impact":         {En: "Impact", Ja: "影響"},
	"pm.prevention":     {En: "Prevention", Ja: "再発防止"},
	"pm.open":           {En: "Open items", Ja: "残課題"},
	"event.redacted":    {En: "{kind} (redacted)", Ja: "{kind}（墨消し済み）"},
	"event.unreadable":  {En: "{kind} (unreadable)", Ja: "{kind}（読み取れません）"},
	"tl.redacted":       {En: "{kind} (redacted)", Ja: "{kind}（墨消し済み）"},
	"tl.unreadable":     {En: "{kind} (its record does not decode)", Ja: "{kind}（記録を読み取れません）"},
	"chain.ok":          {En: "Verified: all {events} events are linked and match their hashes.", Ja: "検証済み: {events}件のイベントがすべて連結し、ハッシュと一致しています。"},
	"chain.broken":      {En: "BROKEN at event {seq}: {reason}.", Ja: "イベント{seq}で破損しています: {reason}。"},
	"chain.head":        {En: "Head hash:", Ja: "最新ハッシュ:"},

	// Statistics (incidentbot stats): stats.go.
}
