package workflow

// drillMessages holds the texts of tabletop drills: refusals of drill
// start and end, what participants are shown as the drill's clock runs,
// show lines, the scorecard and the event kinds.
var drillMessages = Catalog{
	// Refusals.
	"err.drill_sandbox":      {En: "Drills run only in the sandbox channels, so that nothing reaches real people: {channels}. Start it there.", Ja: "演習は演習用チャンネルでのみ開始できます（実際の担当者に届かないようにするため）: {channels}。そちらで開始してください。"},
	"err.drill_no_sandbox":   {En: "No sandbox channel is configured for drills, so none can start in a chat channel. Set [drills] sandbox_channels in the config, or rehearse in the console.", Ja: "演習用チャンネルが設定されていないため、チャットでは演習を開始できません。設定ファイルの [drills] sandbox_channels に演習用チャンネルを書くか、コンソールで演習してください。"},
	"err.drill_unknown":      {En: "There is no drill scenario “{name}”. Scenarios: {names}.", Ja: "「{name}」という演習シナリオはありません。シナリオ: {names}。"},
	"err.drill_no_scenarios": {En: "There is no drill scenario “{name}”: no scenarios are loaded.", Ja: "「{name}」という演習シナリオはありません。シナリオが読み込まれていません。"},
	"err.drill_none":         {En: "No drill is running. Start one: /incident drill start <scenario>", Ja: "実施中の演習はありません。開始するには: /incident drill start <シナリオ>"},
	"err.drill_which":        {En: "Several drills are running: {drills}. Type drill end in the channel of the one to end.", Ja: "複数の演習が実施中です: {drills}。終了する演習のチャンネルで drill end と入力してください。"},
	"err.drill_over":         {En: "Drill {ref} has ended; its scorecard is kept with it (/incident report {ref}). Start a new drill to rehearse again.", Ja: "演習{ref}は終了しています。評価結果は記録に残っています（/incident report {ref}）。もう一度行うには新しい演習を開始してください。"},

	// Start.
	"drill.started":         {En: "Drill {ref} started: {title} (scenario {scenario}, severity {severity}, {injects} injects over {length}). Nobody outside the drill is notified or paged.", Ja: "演習{ref}を開始しました: {title}（シナリオ {scenario}、重大度 {severity}、状況付与{injects}件、全{length}）。演習の外の人には通知も呼び出しもしません。"},
	"drill.speed":           {En: "The drill's clock runs {speed} times faster: it takes {real} of real time.", Ja: "演習の時計は{speed}倍速です（実時間で{real}）。"},
	"drill.runbook":         {En: "Runbook rehearsed: {runbook} ({title}); its checklist: /incident checklist {ref}", Ja: "対象の手順書: {runbook}（{title}）。チェックリスト: /incident checklist {ref}"},
	"drill.runbook_missing": {En: "The scenario names the runbook {runbook}, which is not loaded: no checklist is attached.", Ja: "シナリオが指定する手順書 {runbook} が読み込まれていないため、チェックリストは付いていません。"},
	"drill.next":            {En: "Use the normal commands (assign, decision, status, phase, ack). Record gaps with /incident finding <text>; end with /incident drill end.", Ja: "通常のコマンド（assign、decision、status、phase、ack）で対応してください。手順書の穴は /incident finding <内容> で記録し、/incident drill end で終了します。"},

	// What the drill's clock shows participants.
	"drill.inject":              {En: "Inject {n} (T+{at}): {text}", Ja: "状況付与{n}（T+{at}）: {text}"},
	"drill.raised":              {En: "The scenario raises the severity: {from} → {to}.", Ja: "シナリオにより重大度が上がりました: {from} → {to}。"},
	"drill.would_remind_status": {En: "Drill — would remind {person} to share a status update.", Ja: "演習のため送信していません。本番なら{person}に状況共有を促します。"},
	"drill.would_remind_role":   {En: "Drill — would remind {person} that nobody holds {role}.", Ja: "演習のため送信していません。本番なら{person}に{role}が未割り当てであることを知らせます。"},
	"drill.expect_met":          {En: "Deadline of inject {n}: {what} — met (at T+{after}).", Ja: "状況付与{n}の期限: {what} — 達成（T+{after}）。"},
	"drill.expect_missed":       {En: "Deadline of inject {n}: {what} — missed.", Ja: "状況付与{n}の期限: {what} — 未達。"},
	"drill.ended_command":       {En: "Drill {ref} ended.", Ja: "演習{ref}を終了しました。"},
	"drill.ended_scenario":      {En: "Drill {ref} ended: the scenario is over.", Ja: "シナリオが終わったため、演習{ref}を終了しました。"},
	"drill.ended_closed":        {En: "Drill {ref} ended: it was closed.", Ja: "クローズされたため、演習{ref}を終了しました。"},
	"finding.due":               {En: "Due {due}.", Ja: "期限: {due}"},
	"finding.done":              {En: "{ref}: finding recorded (event {seq}).", Ja: "{ref}: 発見事項を記録しました（イベント{seq}）。"},

	// What an expectation asks for.
	"expect.role_assigned":   {En: "{role} assigned by T+{deadline}", Ja: "T+{deadline}までに{role}を割り当て"},
	"expect.decision_logged": {En: "a decision logged by T+{deadline}", Ja: "T+{deadline}までに意思決定を記録"},
	"expect.phase_reached":   {En: "{phase} reached by T+{deadline}", Ja: "T+{deadline}までに{phase}フェーズへ到達"},
	"expect.status_posted":   {En: "a status update shared by T+{deadline}", Ja: "T+{deadline}までに状況共有"},
	"expect.other":           {En: "“{kind}” by T+{deadline}", Ja: "T+{deadline}までに「{kind}」"},

	// show
	"show.drill":        {En: "Drill: scenario {scenario}, clock ×{speed}; injects posted {posted} of {injects}; lasts {length}.", Ja: "演習: シナリオ {scenario}、時計 ×{speed}。状況付与 {injects}件中{posted}件、全{length}。"},
	"show.drill_latest": {En: "Latest inject {n} (T+{at}): {text}", Ja: "最新の状況付与{n}（T+{at}）: {text}"},
	"show.drill_ended":  {En: "The drill ended at {at}; its scorecard: /incident report {ref}", Ja: "演習は{at}に終了しました。評価結果: /incident report {ref}"},

	// The scorecard.
	"scorecard.head":                    {En: "Scorecard of drill {ref} (scenario {scenario}, drill time {length}, clock ×{speed}, injects posted {posted} of {injects}):", Ja: "演習{ref}の評価結果（シナリオ {scenario}、演習時間 {length}、時計 ×{speed}、状況付与 {injects}件中{posted}件）:"},
	"scorecard.first_decision":          {En: "First decision: T+{after}.", Ja: "最初の意思決定: T+{after}。"},
	"scorecard.no_decision":             {En: "First decision: none was logged.", Ja: "最初の意思決定: 記録されませんでした。"},
	"scorecard.roles":                   {En: "Roles filled: {items}.", Ja: "役割の割り当て: {items}。"},
	"scorecard.role":                    {En: "{role} T+{after} ({person})", Ja: "{role} T+{after}（{person}）"},
	"scorecard.role_never":              {En: "{role} never", Ja: "{role} なし"},
	"scorecard.no_contacts":             {En: "Contacts: no on-call chain ran (the levels notify no role that has one).", Ja: "連絡: オンコールの連絡網は動きませんでした（連絡網のある役割に通知する重大度がありません）。"},
	"scorecard.contact_acknowledged":    {En: "Contacts, {role} ({level}): would notify {people}; acknowledged by {person} after {after}.", Ja: "連絡 {role}（{level}）: 通知先 {people}。{person}が{after}後に応答。"},
	"scorecard.contact_unanswered":      {En: "Contacts, {role} ({level}): would notify {people}; nobody acknowledged by the end.", Ja: "連絡 {role}（{level}）: 通知先 {people}。終了までに応答なし。"},
	"scorecard.contact_exhausted":       {En: "Contacts, {role} ({level}): would notify {people}; nobody acknowledged, the chain ran out.", Ja: "連絡 {role}（{level}）: 通知先 {people}。誰も応答せず、連絡網が尽きました。"},
	"scorecard.contact_cancelled":       {En: "Contacts, {role} ({level}): would notify {people}; stopped before anyone acknowledged.", Ja: "連絡 {role}（{level}）: 通知先 {people}。応答前に停止。"},
	"scorecard.informed":                {En: "Would also inform: {targets}.", Ja: "そのほかの通知先: {targets}。"},
	"scorecard.no_expectations":         {En: "Expectations: the scenario sets none.", Ja: "期待される対応: シナリオに設定はありません。"},
	"scorecard.expectations":            {En: "Expectations: {met} of {count} met, {missed} missed.", Ja: "期待される対応: {count}件中{met}件達成、{missed}件未達。"},
	"scorecard.expect_met":              {En: "  ✓ {n}. {what} — met at T+{after}", Ja: "  ✓ {n}. {what} — T+{after}に達成"},
	"scorecard.expect_missed":           {En: "  ✗ {n}. {what} — MISSED", Ja: "  ✗ {n}. {what} — 未達"},
	"scorecard.expect_unchecked":        {En: "  – {n}. {what} — not checked: the drill ended before its deadline", Ja: "  – {n}. {what} — 期限前に演習が終了したため未判定"},
	"scorecard.no_checklist":            {En: "Checklist: not tracked (no runbook checklist was attached).", Ja: "チェックリスト: 記録なし（手順書のチェックリストが付いていません）。"},
	"scorecard.checklist":               {En: "Checklist: {items}.", Ja: "チェックリスト: {items}。"},
	"scorecard.checklist_phase":         {En: "{phase} {done}/{total}", Ja: "{phase} {done}/{total}"},
	"scorecard.checklist_phase_skipped": {En: "{phase} {done}/{total} ({skipped} skipped)", Ja: "{phase} {done}/{total}（スキップ{skipped}件）"},
	"scorecard.no_findings":             {En: "Findings: none recorded (/incident finding <text> | owner: @name | due: YYYY-MM-DD).", Ja: "発見事項: 記録なし（/incident finding <内容> | 担当: @名前 | 期限: YYYY-MM-DD）。"},
	"scorecard.findings":                {En: "Findings ({count}):", Ja: "発見事項（{count}件）:"},
	"scorecard.finding":                 {En: "  {n}. {text} — owner {owner}, due {due} (event {seq})", Ja: "  {n}. {text} — 担当 {owner}、期限 {due}（イベント{seq}）"},
	"scorecard.finding_redacted":        {En: "  {n}. (redacted, event {seq})", Ja: "  {n}. （墨消し済み、イベント{seq}）"},

	// Event kinds.
	"event.drill_started":      {En: "drill started", Ja: "演習開始"},
	"event.inject_posted":      {En: "drill inject", Ja: "状況付与"},
	"event.expectation_met":    {En: "drill expectation met", Ja: "演習の期待対応を達成"},
	"event.expectation_missed": {En: "drill expectation missed", Ja: "演習の期待対応が未達"},
	"event.finding":            {En: "finding", Ja: "発見事項"},
	"event.drill_ended":        {En: "drill ended", Ja: "演習終了"},
}
