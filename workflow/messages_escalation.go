package workflow

// escalationMessages holds the texts of escalation: refusals of ack and
// escalate, the notices adapters deliver, reply and show lines, event kinds.
var escalationMessages = Catalog{
	// Refusals.
	"err.ack_nothing":      {En: "Nothing on {ref} is waiting for an acknowledgement: no escalation is running.", Ja: "{ref}で応答を待っているエスカレーションはありません。"},
	"err.ack_not_pending":  {En: "The {role} escalation of {ref} is not waiting for an acknowledgement. Waiting: {pending}. Write: /incident ack {ref} <role>", Ja: "{ref}の{role}のエスカレーションは応答待ちではありません。応答待ち: {pending}。書き方: /incident ack {ref} <役割>"},
	"err.ack_which":        {En: "Several escalations of {ref} are waiting and none of them notified you: {pending}. Say which role: /incident ack {ref} {example}", Ja: "{ref}では複数のエスカレーションが応答待ちで、どれもあなた宛てではありません: {pending}。役割を指定してください: /incident ack {ref} {example}"},
	"err.escalate_nothing": {En: "Nothing on {ref} to escalate: no escalation is waiting for an acknowledgement.", Ja: "{ref}には応答待ちのエスカレーションがないため、エスカレーションできません。"},
	"chase.item":           {En: "{role} ({person})", Ja: "{role}（{person}）"},

	// Chain positions.
	"chain.primary":   {En: "primary", Ja: "一次"},
	"chain.secondary": {En: "secondary", Ja: "二次"},
	"chain.final":     {En: "final", Ja: "最終"},
	"chain.link":      {En: "number {n}", Ja: "{n}番目"},
	"chain.repeat":    {En: "{position}, repeat {round}", Ja: "{position}・再通知{round}回目"},
	"chain.again":     {En: " (repeat {round}: nobody acknowledged on the last pass)", Ja: "（再通知{round}回目: 前回は誰からも応答がありませんでした）"},

	// Notices: what adapters say to the people told.
	"notice.page":                {En: "{ref} [{severity}] {title} — you are the {position} on call for {role}{again}. Acknowledge: /incident ack {ref} {role_key}", Ja: "{ref} [{severity}] {title} — {role}のオンコール（{position}）としてお知らせします{again}。応答してください: /incident ack {ref} {role_key}"},
	"notice.page_timed":          {En: "{ref} [{severity}] {title} — you are the {position} on call for {role}{again}. Acknowledge within {within}, or the next person is notified: /incident ack {ref} {role_key}", Ja: "{ref} [{severity}] {title} — {role}のオンコール（{position}）としてお知らせします{again}。{within}以内に応答がなければ次の担当者に通知します: /incident ack {ref} {role_key}"},
	"notice.holder":              {En: "{ref} [{severity}] {title} — you hold {role} on this incident.", Ja: "{ref} [{severity}] {title} — あなたはこのインシデントの{role}です。"},
	"notice.inform_opened":       {En: "New incident {ref} [{severity}]: {title}", Ja: "新しいインシデント {ref} [{severity}]: {title}"},
	"notice.inform_raised":       {En: "Incident {ref} raised to {severity}: {title}", Ja: "インシデント {ref} の重大度が{severity}に上がりました: {title}"},
	"notice.private_title":       {En: "(private incident)", Ja: "（非公開インシデント）"},
	"notice.acknowledged":        {En: "{ref}: {person} acknowledged for {role}, {after} after the first notification.", Ja: "{ref}: {person}が{role}として応答しました（最初の通知から{after}）。"},
	"notice.exhausted":           {En: "{ref} [{severity}] {title} — nobody on the {role} on-call chain acknowledged ({rounds} rounds). {mention}, please find someone: /incident assign {role_key} @name", Ja: "{ref} [{severity}] {title} — {role}のオンコール担当から応答がありません（{rounds}巡）。{mention}さん、担当者を決めてください: /incident assign {role_key} @名前"},
	"notice.reminder_status":     {En: "{ref}: no status update for {span}. {person}, please share one: /incident status confirmed: … | unconfirmed: … | next: …", Ja: "{ref}: {span}の間、状況共有がありません。{person}さん、共有してください: /incident status 確定: … | 未確定: … | 次に確認: …"},
	"notice.reminder_unassigned": {En: "{ref}: nobody holds {role} yet, {span} after opening. {person}: /incident assign {role_key} @name", Ja: "{ref}: 起票から{span}経ちましたが、{role}が未割り当てです。{person}さん: /incident assign {role_key} @名前"},
	"notice.resolved":            {En: "{ref} is closed.", Ja: "{ref}はクローズされました。"},

	// Reply lines: who a command's reaction told.
	"told.line":               {En: "Notified: {items}.", Ja: "通知しました: {items}。"},
	"told.line_drill":         {En: "Drill — nobody was told; would notify: {items}.", Ja: "演習のため通知していません。本番なら通知する相手: {items}。"},
	"told.chain":              {En: "{person} ({role}, {position})", Ja: "{person}（{role}・{position}）"},
	"told.holder":             {En: "{person} ({role})", Ja: "{person}（{role}）"},
	"told.person":             {En: "{person}", Ja: "{person}"},
	"told.target":             {En: "{target}", Ja: "{target}"},
	"told.exhausted":          {En: "Nobody on the {role} chain acknowledged; {mention} was asked to step in.", Ja: "{role}のオンコール担当から応答がないため、{mention}に対応を依頼しました。"},
	"told.cancelled":          {En: "The {role} escalation stopped: {reason}.", Ja: "{role}のエスカレーションを停止しました: {reason}。"},
	"cancel.severity_lowered": {En: "the new level does not notify it", Ja: "新しい重大度では通知対象外"},
	"cancel.closed":           {En: "the incident is closed", Ja: "インシデントのクローズ"},
	"ack.done":                {En: "{ref}: acknowledged {roles} (event {seq}); the escalation stops there.", Ja: "{ref}: {roles}の応答を記録しました（イベント{seq}）。エスカレーションはここで止まります。"},
	"ack.role":                {En: "{role} after {after}", Ja: "{role}（最初の通知から{after}）"},
	"escalate.done":           {En: "{ref}: escalated (event {seq}).", Ja: "{ref}: エスカレーションしました（イベント{seq}）。"},

	// show
	"show.chase_pending":   {En: "Escalation {role}: waiting for {person} ({position}) since {since}, started {started}. Acknowledge: /incident ack {ref} {role_key}", Ja: "エスカレーション {role}: {person}（{position}）の応答待ち（{since}から、開始 {started}）。応答: /incident ack {ref} {role_key}"},
	"show.chase_acked":     {En: "Escalation {role}: acknowledged by {person} at {at}, {after} after the first notification.", Ja: "エスカレーション {role}: {person}が{at}に応答（最初の通知から{after}）。"},
	"show.chase_exhausted": {En: "Escalation {role}: nobody acknowledged ({count} people notified).", Ja: "エスカレーション {role}: 応答なし（{count}人に通知）。"},

	// Event kinds.
	"event.notified":             {En: "notified", Ja: "通知"},
	"event.acknowledged":         {En: "acknowledged", Ja: "応答"},
	"event.escalated":            {En: "escalated", Ja: "エスカレーション"},
	"event.escalation_cancelled": {En: "escalation stopped", Ja: "エスカレーション停止"},
	"event.escalation_exhausted": {En: "escalation exhausted", Ja: "エスカレーション先なし"},
	"event.reminded":             {En: "reminder", Ja: "リマインド"},
}
