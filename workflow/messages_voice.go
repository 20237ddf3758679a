package workflow

// voiceMessages holds the texts of statements to outside audiences, the
// personal-data flag and deadlines: statement, statements, personal-data,
// their refusals, the deadlines in checklist and show, the reminders, the
// drill scorecard's lines and the event kinds.
var voiceMessages = Catalog{
	// ---- usage, help, examples ----
	"usage.statement": {
		En: "/incident statement <audience> <text> · /incident statement edit <n> <text> · /incident statement approve <n> · /incident statement refuse <n> [reason] · /incident statement sent <n> [how]",
		Ja: "/incident statement <宛先> <本文> · /incident statement edit <番号> <本文> · /incident statement approve <番号> · /incident statement refuse <番号> [理由] · /incident statement sent <番号> [送付方法]",
	},
	"usage.statements":    {En: "/incident statements", Ja: "/incident statements"},
	"usage.personal-data": {En: "/incident personal-data yes|no [--unlawful] [reason]", Ja: "/incident personal-data yes|no [--unlawful] [理由]"},
	"help.statement": {
		En: "Drafts a statement to an outside audience, numbered in the incident: what the company says goes out from one place. Every version waits for approval by the approver ([authority] approve_statement): approve or refuse it (in Slack, the buttons on the draft's post). Record it as sent, and how (email, website, phone, the regulator's form), once approved; edit makes a new version, which needs approval again. Every draft, version, approval, refusal and sending is on the timeline; the comms role is told when a draft waits. The bot sends no statement itself. In Slack, statement without text opens a form.",
		Ja: "社外の宛先への発信文を下書きし、インシデント内で番号を付けます（発信の窓口を一つにするため）。どの版も最終責任者（[authority] approve_statement）の承認を待ちます。承認か却下を記録してください（Slack では下書きの投稿のボタン）。承認後に、送付したことと送付方法（メール、Webサイト、電話、当局の報告フォームなど）を記録します。edit で新しい版を作ると、改めて承認が必要です。下書き・版・承認・却下・送付はすべてタイムラインに残り、下書きが承認を待つと窓口担当に知らせます。ボット自身は発信文を送りません。Slack では本文なしの statement でフォームが開きます。",
	},
	"help.statements": {En: "Lists the incident's statements: audience, version, and whether each waits for approval, was approved, refused or sent (by whom, when, how).", Ja: "インシデントの発信文を一覧します。宛先、版、承認待ち・承認済み・却下・送付済みのいずれか（誰が、いつ、どの方法で）を示します。"},
	"help.personal-data": {
		En: "Records whether personal data is involved (the data-leak runbook and a level with personal_data = true set it too, while nobody has). Yes makes the runbook's deadlines for personal data apply (the notice to the people concerned, the reports to the Personal Information Protection Commission); --unlawful says the data may have been taken for an unlawful purpose (unauthorised access, theft by an insider), which gives the final report 60 days instead of 30. The deadlines are reminders, not legal advice.",
		Ja: "個人情報が関わるかどうかを記録します（手順書 data-leak の適用や personal_data = true の重大度への引き上げでも、未設定のときは記録されます）。yes にすると、手順書の個人情報に関する期限（本人への通知、個人情報保護委員会への速報と確報）が有効になります。--unlawful は不正の目的（不正アクセス、内部者による持ち出しなど）による可能性があることを示し、確報の期限が30日から60日になります。期限はリマインドであり、法的助言ではありません。",
	},
	"help.audiences":        {En: "Audiences: {audiences}.", Ja: "宛先: {audiences}。"},
	"example.statement":     {En: "Example: /incident statement customers Our enquiry form was unavailable from 9:00 to 11:30; no data was lost. We apologise for the trouble.", Ja: "例: /incident statement 顧客 9時から11時半まで問い合わせフォームが使えない状態でした。データの消失はありません。ご迷惑をおかけしました。"},
	"example.statements":    {En: "Example: /incident statements", Ja: "例: /incident statements"},
	"example.personal-data": {En: "Example: /incident personal-data yes --unlawful access from an outside address to the applicants' folder", Ja: "例: /incident personal-data yes --unlawful 外部のアドレスから応募者フォルダへのアクセスあり"},

	// ---- audiences ----
	"audience.customers": {En: "customers", Ja: "顧客"},
	"audience.partners":  {En: "partners", Ja: "取引先"},
	"audience.staff":     {En: "staff", Ja: "社員"},
	"audience.regulator": {En: "the regulator", Ja: "当局"},
	"audience.press":     {En: "the press", Ja: "報道"},
	"audience.affected":  {En: "the people affected", Ja: "本人"},
	"audience.unknown":   {En: "(audience redacted)", Ja: "（宛先は墨消し済み）"},

	// ---- names of the parts, for error messages ----
	"part.statement_text":   {En: "statement text", Ja: "発信文の本文"},
	"part.statement_number": {En: "statement number", Ja: "発信文の番号"},
	"part.how":              {En: "how it was sent", Ja: "送付方法"},

	// ---- refusals ----
	"err.statement_missing":          {En: "Name the audience, then the text: {audiences}. Usage: {usage}", Ja: "宛先と本文を書いてください。宛先: {audiences}。書き方: {usage}"},
	"err.audience_unknown":           {En: "“{word}” is not an audience. Audiences: {audiences}. Nothing was recorded.", Ja: "「{word}」は宛先として使えません。宛先: {audiences}。何も記録していません。"},
	"err.item_word":                  {En: "“{word}” names no checklist item: write its number in the current phase (2), its phase and number (contain.2), or its key (see /incident checklist). Usage: {usage}", Ja: "「{word}」はチェックリスト項目として読めません。現在のフェーズの番号（2）、フェーズと番号（contain.2）、または項目のキー（/incident checklist で確認できます）を書いてください。書き方: {usage}"},
	"err.checklist_key":              {En: "Runbook {name} has no item “{key}”; /incident checklist {ref} shows the items and the deadlines' keys.", Ja: "手順書 {name} に「{key}」という項目はありません。/incident checklist {ref} で項目と期限のキーを確認してください。"},
	"err.statement_none":             {En: "{ref} has no statement {n}: none is drafted yet. Draft one: /incident statement <audience> <text>", Ja: "{ref}に発信文{n}はありません（まだ一つも下書きされていません）。下書きするには: /incident statement <宛先> <本文>"},
	"err.statement_unknown":          {En: "{ref} has no statement {n}; its statements are 1 to {count} (/incident statements {ref}).", Ja: "{ref}に発信文{n}はありません。発信文は1〜{count}です（/incident statements {ref}）。"},
	"err.statement_version":          {En: "Version {old} of statement {n} is no longer the current one: version {version} replaced it. Nothing was changed; read the current version with /incident statements {ref}.", Ja: "発信文{n}の第{old}版は最新ではありません（第{version}版に置き換わっています）。何も変更していません。/incident statements {ref} で最新の版を確認してください。"},
	"err.statement_sent_edit":        {En: "Statement {n} to {audience} was sent ({sent_at}); what went out stays as it was. For a correction, draft a new statement: /incident statement {audience_key} <text>", Ja: "発信文{n}（{audience}宛て）は送付済みです（{sent_at}）。送付した内容はそのまま残ります。訂正するには新しい発信文を下書きしてください: /incident statement {audience_key} <本文>"},
	"err.statement_sent_approve":     {En: "Statement {n} to {audience} was already sent ({sent_at}); there is nothing left to approve. Nothing was changed.", Ja: "発信文{n}（{audience}宛て）は送付済みです（{sent_at}）。承認するものはありません。何も変更していません。"},
	"err.statement_sent_refuse":      {En: "Statement {n} to {audience} was already sent ({sent_at}); it cannot be refused now. Nothing was changed.", Ja: "発信文{n}（{audience}宛て）は送付済みです（{sent_at}）。今から却下はできません。何も変更していません。"},
	"err.statement_sent_sent":        {En: "Statement {n} to {audience} is already recorded as sent ({sent_at}). Nothing was changed.", Ja: "発信文{n}（{audience}宛て）は送付済みとして記録されています（{sent_at}）。何も変更していません。"},
	"err.statement_approved_already": {En: "Version {version} of statement {n} is already approved ({by}, {at}). Nothing was changed.", Ja: "発信文{n}の第{version}版は承認済みです（{at} {by}）。何も変更していません。"},
	"err.statement_refused_already":  {En: "Version {version} of statement {n} was refused ({by}, {at}). Nothing was changed; a new version needs approval again: /incident statement edit {n} <text>", Ja: "発信文{n}の第{version}版は却下されています（{at} {by}）。何も変更していません。新しい版を作ると改めて承認を求めます: /incident statement edit {n} <本文>"},
	"err.statement_not_approved":     {En: "Statement {n} (version {version}) is not approved yet, so it may not be recorded as sent. It may be approved by {who}: /incident statement approve {n}", Ja: "発信文{n}（第{version}版）はまだ承認されていないため、送付済みにできません。承認できるのは{who}です: /incident statement approve {n}"},
	"err.statement_sent_refused":     {En: "Version {version} of statement {n} was refused ({by}), so it may not be sent. Make a new version for approval: /incident statement edit {n} <text>", Ja: "発信文{n}の第{version}版は却下されたため（{by}）、送付済みにできません。新しい版を作って承認を求めてください: /incident statement edit {n} <本文>"},
	"err.personal_data_missing":      {En: "Say yes or no: is personal data involved? Usage: {usage}", Ja: "個人情報が関わるかどうかを yes か no で書いてください。書き方: {usage}"},
	"err.personal_data_word":         {En: "“{word}” is not yes or no. Usage: {usage}", Ja: "「{word}」は yes・no のどちらでもありません。書き方: {usage}"},
	"err.personal_data_unlawful_no":  {En: "--unlawful goes with yes: an unlawful purpose means personal data is involved. Usage: {usage}", Ja: "--unlawful は yes と一緒に使います（不正の目的があるなら個人情報が関わっています）。書き方: {usage}"},
	"err.personal_data_same":         {En: "{ref} already records that: {state} ({source}, {at}). Nothing was changed.", Ja: "{ref}には記録済みです: {state}（{source}、{at}）。何も変更していません。"},
	"act.approve_statement":          {En: "approve or refuse a statement of {ref}", Ja: "{ref}の発信文を承認・却下する"},

	// ---- replies ----
	"statement.drafted":        {En: "{ref}: statement {n} to {audience} drafted (version 1, event {seq}). It waits for approval by {who}: /incident statement approve {n}; the comms role is told.", Ja: "{ref}: {audience}宛ての発信文{n}を下書きしました（第1版、イベント{seq}）。{who}の承認を待ちます: /incident statement approve {n}。窓口担当に知らせます。"},
	"statement.edited":         {En: "{ref}: statement {n} version {version} (event {seq}). It waits for approval again, by {who}.", Ja: "{ref}: 発信文{n}の第{version}版を記録しました（イベント{seq}）。改めて{who}の承認を待ちます。"},
	"statement.approved":       {En: "{ref}: statement {n} to {audience}, version {version}, approved (event {seq}). Send it, then record how: /incident statement sent {n} <how>", Ja: "{ref}: {audience}宛ての発信文{n}（第{version}版）を承認しました（イベント{seq}）。送付したら方法を記録してください: /incident statement sent {n} <送付方法>"},
	"statement.refused":        {En: "{ref}: statement {n} to {audience}, version {version}, refused (event {seq}): {reason}. A new version: /incident statement edit {n} <text>", Ja: "{ref}: {audience}宛ての発信文{n}（第{version}版）を却下しました（イベント{seq}）: {reason}。新しい版は: /incident statement edit {n} <本文>"},
	"statement.sent":           {En: "{ref}: statement {n} to {audience}, version {version}, recorded as sent: {how} (event {seq}); approved by {by} at {at}.", Ja: "{ref}: {audience}宛ての発信文{n}（第{version}版）を送付済みとして記録しました: {how}（イベント{seq}）。承認: {at} {by}。"},
	"statement.drill":          {En: "Drill — nothing goes outside; statements are drafted, approved and recorded here only.", Ja: "演習のため社外には何も出ません。発信文の下書き・承認・送付の記録はここでのみ行います。"},
	"statements.none":          {En: "{ref}: no statements yet. Draft one: /incident statement <audience> <text>", Ja: "{ref}: 発信文はまだありません。下書きするには: /incident statement <宛先> <本文>"},
	"statements.head":          {En: "{ref}: statements ({count}, {waiting} waiting for approval):", Ja: "{ref}: 発信文（{count}件、うち承認待ち{waiting}件）:"},
	"statements.item_waiting":  {En: "{n}. to {audience} · version {version} · waiting for approval since {since} (drafted by {drafted_by})", Ja: "{n}. {audience}宛て · 第{version}版 · {since}から承認待ち（下書き: {drafted_by}）"},
	"statements.item_approved": {En: "{n}. to {audience} · version {version} · approved by {by} at {at}, not recorded as sent yet", Ja: "{n}. {audience}宛て · 第{version}版 · {at} {by}が承認、送付の記録はまだ"},
	"statements.item_refused":  {En: "{n}. to {audience} · version {version} · refused by {by} at {at}: {reason}", Ja: "{n}. {audience}宛て · 第{version}版 · {at} {by}が却下: {reason}"},
	"statements.item_sent":     {En: "{n}. to {audience} · version {version} · sent at {sent_at} ({how}), recorded by {sent_by}; approved by {by} at {at}", Ja: "{n}. {audience}宛て · 第{version}版 · {sent_at}に送付（{how}、記録: {sent_by}）。承認: {at} {by}"},
	"statements.text":          {En: "   “{text}”", Ja: "   「{text}」"},
	"statements.text_redacted": {En: "   (text redacted)", Ja: "   （本文は墨消し済み）"},

	// ---- notices ----
	"notice.statement_waiting":  {En: "Incident {ref}: statement {n} to {audience} (version {version}) waits for approval by {who}.", Ja: "インシデント{ref}: {audience}宛ての発信文{n}（第{version}版）が{who}の承認を待っています。"},
	"notice.statement_approved": {En: "Incident {ref}: statement {n} to {audience} (version {version}) was approved by {by}. Send it, then record how: /incident statement sent {n} <how>", Ja: "インシデント{ref}: {audience}宛ての発信文{n}（第{version}版）を{by}が承認しました。送付したら方法を記録してください: /incident statement sent {n} <送付方法>"},
	"notice.statement_refused":  {En: "Incident {ref}: statement {n} to {audience} (version {version}) was refused by {by}: {reason}. A new version: /incident statement edit {n} <text>", Ja: "インシデント{ref}: {audience}宛ての発信文{n}（第{version}版）を{by}が却下しました: {reason}。新しい版は: /incident statement edit {n} <本文>"},

	// ---- the personal-data flag ----
	"personal_data.unknown":      {En: "personal data: not stated", Ja: "個人情報: 未記録"},
	"personal_data.involved":     {En: "personal data involved", Ja: "個人情報が関わる"},
	"personal_data.unlawful":     {En: "personal data involved, possibly for an unlawful purpose", Ja: "個人情報が関わる（不正の目的の可能性あり）"},
	"personal_data.not_involved": {En: "no personal data involved", Ja: "個人情報は関わらない"},
	"personal_data.by_person":    {En: "recorded by {person}", Ja: "記録: {person}"},
	"personal_data.by_runbook":   {En: "set by runbook {name}", Ja: "手順書 {name} の適用による"},
	"personal_data.by_severity":  {En: "set by severity {level}", Ja: "重大度 {level} による"},
	"personal_data.done":         {En: "{ref}: {state} (event {seq}).", Ja: "{ref}: {state}（イベント{seq}）。"},
	"personal_data.deadlines":    {En: "Deadlines that apply ({count}):", Ja: "有効になった期限（{count}件）:"},
	"personal_data.set_aside":    {En: "{count} deadline(s) that apply only to personal data are set aside.", Ja: "個人情報に関する期限{count}件は対象外になりました。"},
	"deadline.not_advice":        {En: "These deadlines are reminders, not legal advice: confirm the duties and dates with your counsel.", Ja: "これらの期限はリマインドであり、法的助言ではありません。義務と期日は顧問弁護士に確認してください。"},
	"told.personal_data":         {En: "Personal data: {state} ({source}).", Ja: "個人情報: {state}（{source}）。"},
	"show.personal_data":         {En: "Personal data: {state} ({source}, {at})", Ja: "個人情報: {state}（{source}、{at}）"},

	// ---- deadlines ----
	"deadline.owner":                    {En: "owner {role}", Ja: "担当 {role}"},
	"deadline.owner_none":               {En: "no owner", Ja: "担当なし"},
	"checklist.deadlines":               {En: "Deadlines (tick one with /incident done {ref} <key>):", Ja: "期限（完了にするには /incident done {ref} <キー>）:"},
	"checklist.deadline":                {En: "⏰ deadline", Ja: "⏰ 期限あり"},
	"checklist.when_personal_data":      {En: "only when personal data is involved", Ja: "個人情報が関わる場合のみ"},
	"deadline.item_due":                 {En: "⏰ {key} — {text} — due {due} (in {left}) · {owner}", Ja: "⏰ {key} — {text} — 期限 {due}（あと{left}）· {owner}"},
	"deadline.item_overdue":             {En: "⏰ {key} — {text} — OVERDUE since {due} ({late}) · {owner}", Ja: "⏰ {key} — {text} — 期限超過 {due}から{late} · {owner}"},
	"deadline.item_waiting":             {En: "⏰ {key} — {text} — due {within} after {after} is done · {owner}", Ja: "⏰ {key} — {text} — {after} の完了から{within}以内 · {owner}"},
	"deadline.item_done":                {En: "✓ {key} — {text} — done by {by} at {at}, {verdict}", Ja: "✓ {key} — {text} — {at} {by}が完了、{verdict}"},
	"deadline.item_done_plain":          {En: "✓ {key} — {text} — done by {by} at {at}", Ja: "✓ {key} — {text} — {at} {by}が完了"},
	"deadline.item_not_applying":        {En: "· {key} — {text} — applies only when personal data is involved (/incident personal-data {ref} yes)", Ja: "· {key} — {text} — 個人情報が関わる場合のみ対象（/incident personal-data {ref} yes）"},
	"deadline.in_time":                  {En: "in time (due {due})", Ja: "期限内（期限 {due}）"},
	"deadline.late":                     {En: "{late} after its deadline ({due})", Ja: "期限（{due}）から{late}遅れ"},
	"show.deadlines":                    {En: "Deadlines: {open} open, {overdue} overdue; next due {next} — /incident checklist {ref}", Ja: "期限: 未完了{open}件（うち期限超過{overdue}件）、次の期限 {next} — /incident checklist {ref}"},
	"show.statements":                   {En: "Statements: {count} ({waiting} waiting for approval) — /incident statements {ref}", Ja: "発信文: {count}件（うち承認待ち{waiting}件）— /incident statements {ref}"},
	"notice.deadline_missed":            {En: "Incident {ref}: the deadline of “{text}” came at {due} and it is not done ({owner}; {people}). When it is: /incident done {ref} {key}", Ja: "インシデント{ref}: 「{text}」の期限（{due}）が来ましたが未完了です（{owner}。{people}）。完了したら: /incident done {ref} {key}"},
	"notice.deadline_missed_closed":     {En: "Closed incident {ref}: the deadline of “{text}” came at {due} and it is not done ({owner}; {people}). When it is: /incident done {ref} {key}", Ja: "クローズ済みのインシデント{ref}: 「{text}」の期限（{due}）が来ましたが未完了です（{owner}。{people}）。完了したら: /incident done {ref} {key}"},
	"notice.deadline_still":             {En: "Incident {ref}: “{text}” is still not done, {late} after its deadline ({due}; {owner}; {people}). When it is: /incident done {ref} {key}", Ja: "インシデント{ref}: 「{text}」は期限（{due}）から{late}過ぎてもまだ未完了です（{owner}。{people}）。完了したら: /incident done {ref} {key}"},
	"notice.deadline_still_closed":      {En: "Closed incident {ref}: “{text}” is still not done, {late} after its deadline ({due}; {owner}; {people}). When it is: /incident done {ref} {key}", Ja: "クローズ済みのインシデント{ref}: 「{text}」は期限（{due}）から{late}過ぎてもまだ未完了です（{owner}。{people}）。完了したら: /incident done {ref} {key}"},
	"drill.would_remind_deadline":       {En: "Drill — the deadline of “{text}” came: {people} would be reminded. /incident done {ref} {key}", Ja: "演習: 「{text}」の期限が来ました。本番なら{people}にリマインドします。/incident done {ref} {key}"},
	"drill.would_remind_deadline_again": {En: "Drill — “{text}” is still not done, {late} after its deadline: {people} would be reminded again.", Ja: "演習: 「{text}」は期限から{late}過ぎても未完了です。本番なら{people}に再度リマインドします。"},

	// ---- the drill scorecard ----
	"scorecard.statements":            {En: "Statements: {count}, {approved} approved.", Ja: "発信文: {count}件（承認{approved}件）。"},
	"scorecard.statement_sent":        {En: "  {n}. to {audience} — approved at T+{approved} after waiting {waited} ({versions} version(s)), sent at T+{sent}", Ja: "  {n}. {audience}宛て — {waited}待って T+{approved} に承認（{versions}版）、T+{sent} に送付"},
	"scorecard.statement_approved":    {En: "  {n}. to {audience} — approved at T+{approved} after waiting {waited} ({versions} version(s)); not sent", Ja: "  {n}. {audience}宛て — {waited}待って T+{approved} に承認（{versions}版）、送付なし"},
	"scorecard.statement_refused":     {En: "  {n}. to {audience} — refused after {waited} ({versions} version(s))", Ja: "  {n}. {audience}宛て — {waited}後に却下（{versions}版）"},
	"scorecard.statement_waiting":     {En: "  {n}. to {audience} — the approval never came (waited {waited}, {versions} version(s))", Ja: "  {n}. {audience}宛て — 承認されないまま終了（{waited}待機、{versions}版）"},
	"scorecard.deadlines":             {En: "Deadlines: {met} met, {missed} missed, of {count}.", Ja: "期限: {count}件中、達成{met}件・未達{missed}件。"},
	"scorecard.deadline_met":          {En: "  ✓ {key} — {text}: done at T+{done} (due T+{due})", Ja: "  ✓ {key} — {text}: T+{done} に完了（期限 T+{due}）"},
	"scorecard.deadline_missed":       {En: "  ✗ {key} — {text}: due at T+{due}, not done in time", Ja: "  ✗ {key} — {text}: 期限 T+{due} までに完了せず"},
	"scorecard.deadline_open":         {En: "  · {key} — {text}: due at T+{due}, after the drill", Ja: "  · {key} — {text}: 期限 T+{due} は演習の後"},
	"scorecard.deadline_waiting":      {En: "  · {key} — {text}: due {within} after an item that was not done", Ja: "  · {key} — {text}: 未完了の項目の完了から{within}以内"},
	"scorecard.deadline_not_applying": {En: "  · {key} — {text}: did not apply (no personal data)", Ja: "  · {key} — {text}: 対象外（個人情報なし）"},

	// ---- event kinds ----
	"event.statement_drafted":  {En: "statement drafted", Ja: "発信文の下書き"},
	"event.statement_edited":   {En: "statement version", Ja: "発信文の新しい版"},
	"event.statement_approved": {En: "statement approved", Ja: "発信文の承認"},
	"event.statement_refused":  {En: "statement refused", Ja: "発信文の却下"},
	"event.statement_sent":     {En: "statement sent", Ja: "発信文の送付"},
	"event.personal_data_set":  {En: "personal data flag", Ja: "個人情報の有無"},
	"event.deadline_missed":    {En: "deadline missed", Ja: "期限の超過"},
	"event.deadline_reminded":  {En: "deadline reminded", Ja: "期限のリマインド"},
}
