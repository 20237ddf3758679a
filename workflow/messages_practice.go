package workflow

// practiceMessages holds the texts of drills that test the practice: the
// expectation kinds beyond the first four, stalls, the contact check,
// findings followed to closure and the reminder that a drill is due.
var practiceMessages = Catalog{
	// What an expectation asks for (expect.go).
	"expect.item_done":            {En: "checklist item “{item}” done by T+{deadline}", Ja: "T+{deadline}までにチェックリスト項目「{item}」を完了"},
	"expect.stop_decided":         {En: "a decision to stop “{stop}” by T+{deadline}", Ja: "T+{deadline}までに「{stop}」の停止を意思決定"},
	"expect.approval_pending_max": {En: "no stop left waiting over {max} for approval, up to T+{deadline}", Ja: "T+{deadline}まで、承認を{max}を超えて待つ停止がない"},
	"expect.status_full":          {En: "a status update with all three boxes by T+{deadline}", Ja: "T+{deadline}までに3項目（確定事項・未確定事項・次に確認する事項）がそろった状況共有"},
	"expect.role_from_chain":      {En: "{role} held by someone on its on-call chain by T+{deadline}", Ja: "T+{deadline}までに{role}を連絡網の人が担当"},
	"expect.role_from_chain_any":  {En: "{role} assigned by T+{deadline} (no on-call chain was configured to hold it to)", Ja: "T+{deadline}までに{role}を割り当て（照らし合わせる連絡網の設定なし）"},
	"expect.vendor_request":       {En: "a request to the vendor “{vendor}” by T+{deadline}", Ja: "T+{deadline}までに委託先「{vendor}」へ依頼"},
	"expect.finding":              {En: "a finding recorded by T+{deadline}", Ja: "T+{deadline}までに発見事項を記録"},
	"expect.statement_approved":   {En: "a statement to {audience} approved by T+{deadline}", Ja: "T+{deadline}までに{audience}宛ての発信文を承認"},
	"drill.expect_met_own":        {En: "Expectation {number}: {what} — met (at T+{after}).", Ja: "期待される対応{number}: {what} — 達成（T+{after}）。"},
	"drill.expect_missed_own":     {En: "Expectation {number}: {what} — missed.", Ja: "期待される対応{number}: {what} — 未達。"},

	// One clock per drill (drill_clock.go).
	"clock.drill_at": {En: "T+{at} ({real})", Ja: "T+{at}（{real}）"},

	// The scorecard: one clock, and the stalls (stall.go).
	"scorecard.head_fast":              {En: "Scorecard of drill {ref} (scenario {scenario}, drill time {length} = {real} of real time at clock ×{speed}, injects posted {posted} of {injects}):", Ja: "演習{ref}の評価結果（シナリオ {scenario}、演習時間 {length}＝実時間 {real}（時計 ×{speed}）、状況付与 {injects}件中{posted}件）:"},
	"scorecard.latency_line":           {En: "Decision after each inject (limit {limit}): {items}.", Ja: "状況付与から次の意思決定まで（上限 {limit}）: {items}。"},
	"scorecard.latency":                {En: "{n}: {after}", Ja: "{n}: {after}"},
	"scorecard.latency_over":           {En: "{n}: {after} ✗", Ja: "{n}: {after} ✗"},
	"scorecard.latency_none":           {En: "{n}: none ✗", Ja: "{n}: なし ✗"},
	"scorecard.quiet":                  {En: "Longest time without a decision or status update: {span} (T+{from} to T+{to}; limit {limit}).", Ja: "意思決定も状況共有もなかった最長の時間: {span}（T+{from}〜T+{to}、上限 {limit}）。"},
	"scorecard.quiet_over":             {En: "Longest time without a decision or status update: {span} (T+{from} to T+{to}) — STALLED, over the limit of {limit}.", Ja: "意思決定も状況共有もなかった最長の時間: {span}（T+{from}〜T+{to}） — 停滞（上限 {limit} を超過）。"},
	"scorecard.approval_answered":      {En: "Stop of decision {n}: answered after {waited} (limit {limit}).", Ja: "意思決定{n}の停止: {waited}後に承認または却下（上限 {limit}）。"},
	"scorecard.approval_answered_over": {En: "Stop of decision {n}: answered after {waited} — STALLED, over the limit of {limit}.", Ja: "意思決定{n}の停止: {waited}後に承認または却下 — 停滞（上限 {limit} を超過）。"},
	"scorecard.approval_pending":       {En: "Stop of decision {n}: still waiting for approval at the end, after {waited} (limit {limit}).", Ja: "意思決定{n}の停止: 終了時も承認待ち（{waited}経過、上限 {limit}）。"},
	"scorecard.approval_pending_over":  {En: "Stop of decision {n}: still waiting for approval at the end, after {waited} — STALLED, over the limit of {limit}.", Ja: "意思決定{n}の停止: 終了時も承認待ち（{waited}経過） — 停滞（上限 {limit} を超過）。"},

	// The contact check (contact_check.go).
	"err.contact_sandbox":        {En: "A contact check sends real direct messages to the people on the on-call chains, so it starts only from a sandbox channel in the chat: start the drill there with --contact-check.", Ja: "連絡確認はオンコールの連絡網の人に実際にダイレクトメッセージを送るため、チャットの演習用チャンネルからだけ開始できます。そちらで --contact-check を付けて演習を開始してください。"},
	"err.contact_no_chat":        {En: "A contact check needs the chat adapter to send its messages, and none is connected: start the drill without --contact-check.", Ja: "連絡確認のメッセージを送るチャットの接続がありません。--contact-check を付けずに演習を開始してください。"},
	"err.contact_nobody":         {En: "A contact check asks the people on the on-call chains, and no chain has anyone: add [[oncall]] tables to the config, or start the drill without --contact-check.", Ja: "連絡確認はオンコールの連絡網の人に確認しますが、連絡網に誰も設定されていません。設定ファイルに [[oncall]] を書くか、--contact-check を付けずに演習を開始してください。"},
	"err.contact_closed":         {En: "The contact check of drill {ref} closed at {at}; answers after that are not counted. Thank you all the same.", Ja: "演習{ref}の連絡確認は{at}に締め切りました。それ以降の応答は記録しません。ご協力ありがとうございました。"},
	"err.contact_none":           {En: "No contact check is waiting for your answer.", Ja: "応答を待っている連絡確認はありません。"},
	"err.contact_which":          {En: "Several contact checks are waiting for your answer: {drills}. Press Acknowledge in the message of the one to answer.", Ja: "応答を待っている連絡確認が複数あります: {drills}。応答する連絡確認のメッセージで「応答」を押してください。"},
	"contact.dm":                 {En: "Contact check of drill {ref} — please press Acknowledge. You are on an on-call chain, and this checks that it reaches you. It is a drill: nothing else needs doing. Answers count until {until} ({window}).", Ja: "演習{ref}の連絡確認です。「応答」を押してください。オンコールの連絡網に載っている方に連絡が届くかを確かめています。演習なので、ほかに対応は不要です。{until}まで（{window}）の応答を記録します。"},
	"contact.person":             {En: "{person} ({roles})", Ja: "{person}（{roles}）"},
	"contact.role":               {En: "{role}", Ja: "{role}"},
	"contact.started":            {En: "Contact check: a message marked as a drill, with an Acknowledge button, went to {count} people on the on-call chains: {people}. Answers count for {window} of real time, until {until}, whatever the drill's speed.", Ja: "連絡確認: 演習と明記し「応答」ボタンを付けたメッセージを、オンコールの連絡網の{count}人に送りました: {people}。演習の速さにかかわらず、実時間で{window}（{until}まで）の応答を記録します。"},
	"contact.acked":              {En: "Thank you: your answer to the contact check of drill {ref} is recorded (after {after}). It was a drill; nothing else needs doing.", Ja: "ありがとうございます。演習{ref}の連絡確認への応答を記録しました（{after}後）。演習なので、ほかに対応は不要です。"},
	"contact.acked_for":          {En: "Recorded: you answered the contact check of drill {ref} in place of {person}, to whom it was sent (after {after}). The scorecard shows it as answered by the wrong person.", Ja: "記録しました: 演習{ref}の連絡確認に、送り先の{person}に代わって応答しました（{after}後）。評価結果には本人以外の応答として示します。"},
	"contact.acked_unasked":      {En: "Recorded: you answered the contact check of drill {ref} without being asked (after {after}); the scorecard shows it.", Ja: "記録しました: 演習{ref}の連絡確認に、送り先ではない方として応答しました（{after}後）。評価結果に示します。"},
	"contact.again":              {En: "Your answer to the contact check of drill {ref} is already recorded.", Ja: "演習{ref}の連絡確認への応答は記録済みです。"},
	"contact.acked_post":         {En: "Contact check: {person} acknowledged after {after}.", Ja: "連絡確認: {person}が{after}後に応答しました。"},
	"contact.acked_for_post":     {En: "Contact check: {by} answered in place of {person} after {after} (wrong person).", Ja: "連絡確認: {by}が{person}に代わって{after}後に応答しました（本人以外の応答）。"},
	"contact.acked_unasked_post": {En: "Contact check: {person} answered without being asked, after {after}.", Ja: "連絡確認: 送り先ではない{person}が{after}後に応答しました。"},
	"contact.head_closed":        {En: "Contact check (real time, apart from the tabletop): {acked} of {asked} acknowledged within {window}.", Ja: "連絡確認（実時間。机上演習とは別）: {window}以内に{asked}人中{acked}人が応答。"},
	"contact.head_open":          {En: "Contact check (real time, apart from the tabletop): still open until {until}; {acked} of {asked} acknowledged so far. The result is posted here when it closes.", Ja: "連絡確認（実時間。机上演習とは別）: {until}まで受付中。これまでに{asked}人中{acked}人が応答。締め切ったらここに結果を投稿します。"},
	"contact.line_acked":         {En: "  ✓ {person} ({roles}) acknowledged after {after}", Ja: "  ✓ {person}（{roles}） {after}後に応答"},
	"contact.line_none":          {En: "  ✗ {person} ({roles}) — no answer", Ja: "  ✗ {person}（{roles}） — 応答なし"},
	"contact.line_waiting":       {En: "  – {person} ({roles}) — no answer yet", Ja: "  – {person}（{roles}） — まだ応答なし"},
	"contact.line_wrong":         {En: "  ✗ {person} ({roles}) — no answer from them; {others} answered in their place (wrong person)", Ja: "  ✗ {person}（{roles}） — 本人の応答なし。{others}が代わりに応答（本人以外の応答）"},
	"contact.line_also":          {En: "    also answered in their place: {others} (wrong person)", Ja: "    ほかに代わって応答: {others}（本人以外の応答）"},
	"contact.line_unasked":       {En: "  ! {person} answered without being asked", Ja: "  ! {person}が送り先ではないのに応答"},

	// Findings to closure (finding.go).
	"finding.closed":             {En: "{ref}: finding {n} is done (event {seq}).", Ja: "{ref}: 発見事項{n}を完了にしました（イベント{seq}）。"},
	"finding.reminder":           {En: "{person}: finding {n} of {ref} was due {due} and is not done yet. When it is: /incident finding {ref} done {n} <note>", Ja: "{person}さん: {ref}の発見事項{n}は期限（{due}）を過ぎていて、まだ完了していません。完了したら: /incident finding {ref} done {n} <メモ>"},
	"finding.reminded_drill":     {En: "{person}: finding {n} of drill {ref} was due {due} and is not done yet. When it is: /incident finding {ref} done {n} <note>", Ja: "{person}さん: 演習{ref}の発見事項{n}は期限（{due}）を過ぎていて、まだ完了していません。完了したら: /incident finding {ref} done {n} <メモ>"},
	"err.finding_number":         {En: "“{word}” is not a finding's number; write finding done <n> [note], with n as the scorecard or /incident findings shows it. Usage: {usage}", Ja: "「{word}」は発見事項の番号ではありません。finding done <番号> [メモ] の形で、評価結果か /incident findings に出る番号を書いてください。書き方: {usage}"},
	"err.finding_number_missing": {En: "Write the number of the finding that is done, as the scorecard or /incident findings shows it: finding done <n> [note]. Usage: {usage}", Ja: "完了した発見事項の番号を、評価結果か /incident findings に出る番号で書いてください: finding done <番号> [メモ]。書き方: {usage}"},
	"err.finding_none":           {En: "{ref} has no findings.", Ja: "{ref}には発見事項がありません。"},
	"err.finding_unknown":        {En: "{ref} has no finding {n}: it has {count}. /incident findings lists them.", Ja: "{ref}に発見事項{n}はありません（{count}件です）。/incident findings で一覧できます。"},
	"err.finding_closed":         {En: "Finding {n} of {ref} is already done ({by}, {at}).", Ja: "{ref}の発見事項{n}は完了済みです（{by}、{at}）。"},
	"findings.none_open":         {En: "No open findings ({total} in all; /incident findings all lists them).", Ja: "未完了の発見事項はありません（全{total}件。/incident findings all で一覧できます）。"},
	"findings.none":              {En: "No findings recorded.", Ja: "発見事項は記録されていません。"},
	"findings.head_open":         {En: "Open findings: {count} (of {total}).", Ja: "未完了の発見事項: {count}件（全{total}件）。"},
	"findings.head_all":          {En: "Findings: {count}, {closed} done.", Ja: "発見事項: {count}件（うち完了{closed}件）。"},
	"findings.incident":          {En: "{ref} {title}", Ja: "{ref} {title}"},
	"findings.item":              {En: "  {n}. {text} — owner {owner}, due {due}", Ja: "  {n}. {text} — 担当 {owner}、期限 {due}"},
	"findings.item_overdue":      {En: "  {n}. {text} — owner {owner}, due {due} — OVERDUE", Ja: "  {n}. {text} — 担当 {owner}、期限 {due} — 期限切れ"},
	"findings.item_closed":       {En: "  {n}. {text} — done {at} by {by}: {note}", Ja: "  {n}. {text} — {at}に{by}が完了: {note}"},
	"findings.redacted":          {En: "(redacted)", Ja: "（墨消し済み）"},
	"usage.findings":             {En: "/incident findings [open|all]", Ja: "/incident findings [open|all]"},
	"help.findings":              {En: "Lists the findings of every incident and drill you may see: the open ones, or all with the done ones and their notes. A private incident's findings show only to its people.", Ja: "見ることのできるすべてのインシデントと演習の発見事項を一覧します。既定は未完了のもの、all を付けると完了済みとそのメモも含めます。非公開インシデントの発見事項は、その関係者にだけ表示します。"},
	"example.findings":           {En: "Example: /incident findings all", Ja: "例: /incident findings all"},

	// The rhythm of drills (rhythm.go).
	"rhythm.due_quarter":   {En: "No drill was run last quarter ({from} to {to}). Rehearse at least once a quarter: whether contacts connect, whether deciding stalls.", Ja: "前の四半期（{from}〜{to}）は演習が行われませんでした。連絡がつながるか、判断が滞らないかを、少なくとも四半期に一度は演習で確かめましょう。"},
	"rhythm.due_month":     {En: "No drill was run last month ({from} to {to}). Rehearse regularly: whether contacts connect, whether deciding stalls.", Ja: "前の月（{from}〜{to}）は演習が行われませんでした。連絡がつながるか、判断が滞らないかを、定期的に演習で確かめましょう。"},
	"rhythm.due_span":      {En: "No drill was run for {span} ({from} to {to}). Rehearse regularly: whether contacts connect, whether deciding stalls.", Ja: "{span}のあいだ（{from}〜{to}）演習が行われませんでした。連絡がつながるか、判断が滞らないかを、定期的に演習で確かめましょう。"},
	"rhythm.suggest":       {En: "The scenario run least recently: /incident drill start {scenario} (last run {last}).", Ja: "最も長く行っていないシナリオ: /incident drill start {scenario}（前回 {last}）"},
	"rhythm.suggest_never": {En: "A scenario never run yet: /incident drill start {scenario}", Ja: "まだ一度も行っていないシナリオ: /incident drill start {scenario}"},

	// Event kinds.
	"event.contact_check_started": {En: "contact check started", Ja: "連絡確認開始"},
	"event.contact_check_acked":   {En: "contact check acknowledged", Ja: "連絡確認への応答"},
	"event.contact_check_closed":  {En: "contact check closed", Ja: "連絡確認締め切り"},
	"event.finding_closed":        {En: "finding done", Ja: "発見事項の完了"},
	"event.finding_reminded":      {En: "overdue finding reminded", Ja: "期限切れの発見事項のリマインド"},
}
