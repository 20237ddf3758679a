package workflow

// domainMessages names the domain's words: phases, roles, moves, event kinds.
var domainMessages = Catalog{
	"phase.detect":      {En: "detect", Ja: "検知"},
	"phase.initial":     {En: "initial response", Ja: "初動"},
	"phase.investigate": {En: "investigate", Ja: "調査"},
	"phase.contain":     {En: "contain", Ja: "封じ込め"},
	"phase.recover":     {En: "recover", Ja: "復旧"},
	"phase.post":        {En: "post-incident", Ja: "事後対応"},
	"phase.closed":      {En: "closed", Ja: "クローズ"},

	"role.commander": {En: "commander", Ja: "指揮者"},
	"role.tech":      {En: "tech", Ja: "技術担当"},
	"role.comms":     {En: "comms", Ja: "窓口担当"},
	"role.scribe":    {En: "scribe", Ja: "記録担当"},
	"role.approver":  {En: "approver", Ja: "最終責任者"},

	"move.forward":     {En: "{phase} (next)", Ja: "{phase}（次へ）"},
	"move.back":        {En: "back to {phase} with a reason", Ja: "理由を添えて{phase}へ戻す"},
	"move.close":       {En: "{phase}: close (needs cause, impact and prevention)", Ja: "{phase}: close（原因・影響・再発防止が必要）"},
	"move.false_alarm": {En: "{phase} as a false alarm: close --false-alarm <reason>", Ja: "誤検知として{phase}: close --false-alarm <理由>"},
	"move.reopen":      {En: "reopen <reason> (back to {phase})", Ja: "reopen <理由>（{phase}へ戻る）"},
	"move.none":        {En: "nothing", Ja: "なし"},
	"list":             {En: "{items}", Ja: "{items}"},

	"err.transition":        {En: "Cannot move from {from} to {to}. From {from} you can go to: {allowed}.", Ja: "{from}から{to}へは移れません。{from}から移れるのは: {allowed}。"},
	"err.transition_closed": {En: "This incident is closed, so it cannot move to {to}. From here: {allowed}.", Ja: "このインシデントはクローズ済みのため{to}へは移れません。可能な操作: {allowed}。"},

	"event.opened":           {En: "opened", Ja: "起票"},
	"event.severity_changed": {En: "severity changed", Ja: "重大度変更"},
	"event.role_assigned":    {En: "role assigned", Ja: "役割の割り当て"},
	"event.phase_changed":    {En: "phase changed", Ja: "フェーズ移行"},
	"event.decision":         {En: "decision", Ja: "意思決定"},
	"event.amendment":        {En: "decision amended", Ja: "意思決定の訂正"},
	"event.status":           {En: "status update", Ja: "状況共有"},
	"event.note":             {En: "note", Ja: "メモ"},
	"event.postmortem":       {En: "postmortem updated", Ja: "事後報告の更新"},
	"event.redaction":        {En: "redaction", Ja: "墨消し"},
	"event.message_pinned":   {En: "message pinned", Ja: "メッセージの記録"},
	"event.pin_retracted":    {En: "pin withdrawn", Ja: "記録の取り消し"},
	"event.delivery_failed":  {En: "delivery failed", Ja: "配信失敗"},
	"event.delivered":        {En: "page delivered", Ja: "呼び出しの配信"},

	"verify.broken": {En: "The timeline is broken at event {seq}: {reason}.", Ja: "タイムラインがイベント{seq}で壊れています: {reason}。"},
}
