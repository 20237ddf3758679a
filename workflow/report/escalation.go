package report

import (
	"strconv"
	"time"

	"incidentbot/workflow"
)

// Escalation is who was told what and when, how each on-call chain moved,
// and who acknowledged and how long it took.
type Escalation struct {
	Steps            []EscalationStep  `json:"steps"`
	Acknowledgements []Acknowledgement `json:"acknowledgements"`
}

// EscalationStep is one escalation event, in timeline order: a
// notification, a manual escalation, a chain stopped or exhausted, a
// reminder. Fields a kind does not use are empty.
type EscalationStep struct {
	Seq  int                `json:"seq"`
	At   time.Time          `json:"at"`
	Kind workflow.EventKind `json:"kind"`
	// Role is the chain (or role) concerned; empty for a notification of a
	// user, group or channel target and for a manual escalation.
	Role workflow.Role `json:"role"`
	// Target is who was notified, as "user:U0123", "group:S0123" or
	// "channel:C0123" (notified only).
	Target string `json:"target"`
	// Person is who was notified or reminded, or who was asked to step in
	// when a chain was exhausted; nil if nobody in particular.
	Person *Person              `json:"person"`
	Level  workflow.SeverityKey `json:"level"`
	Link   int                  `json:"link"`  // chain position: 0 primary, 1 secondary, 2 final
	Round  int                  `json:"round"` // 0 the first pass; for exhausted, the last pass
	Page   bool                 `json:"page"`  // also paged outside the chat
	Chase  bool                 `json:"chase"` // a chain step: an acknowledgement was expected
	// Simulated: a drill, nobody was told ("would notify").
	Simulated bool `json:"simulated"`
	// Reason: why a notification was sent (opened, raised, timer,
	// escalated); the reason typed with /incident escalate; why a chain
	// stopped (severity_lowered, closed); the duty reminded of (status,
	// unassigned).
	Reason   string  `json:"reason"`
	Redacted bool    `json:"redacted"` // a manual escalation whose reason was redacted
	By       *Person `json:"by"`       // who recorded it: the bot, or who typed escalate
}

// Acknowledgement is someone answering a chain, and how long after the
// chain's first notification.
type Acknowledgement struct {
	Seq   int                  `json:"seq"`
	At    time.Time            `json:"at"`
	Role  workflow.Role        `json:"role"`
	By    *Person              `json:"by"`
	Level workflow.SeverityKey `json:"level"` // the level the chain ran for
	Link  int                  `json:"link"`  // where the chain was when acknowledged
	Round int                  `json:"round"`
	// After is the time from the chain's first notification, in seconds.
	After int64 `json:"after_seconds"`
}

// escalation folds one escalation event into the report. A manual
// escalation that was redacted keeps its step, marked, without its reason.
func (r *Report) escalation(x entry) bool {
	seq, at := x.seq, x.at
	step := EscalationStep{Seq: seq, At: at, Kind: x.p.Kind(), By: x.by, Redacted: x.redacted}
	switch p := x.p.(type) {
	case workflow.Notified:
		step.Role, step.Target, step.Person, step.Level = p.Role, p.Target, person(p.Person), p.Level
		step.Link, step.Round, step.Page, step.Chase = p.Link, p.Round, p.Page, p.Chase
		step.Simulated, step.Reason = p.Simulated, p.Reason
	case workflow.Acknowledged:
		r.Escalation.Acknowledgements = append(r.Escalation.Acknowledgements, Acknowledgement{Seq: seq, At: at, Role: p.Role,
			By: person(p.By), Level: p.Level, Link: p.Link, Round: p.Round, After: seconds(p.After)})
		return true
	case workflow.Escalated:
		step.Reason = p.Reason
	case workflow.EscalationCancelled:
		step.Role, step.Reason = p.Role, p.Reason
	case workflow.EscalationExhausted:
		step.Role, step.Person, step.Level, step.Simulated = p.Role, person(p.Mention), p.Level, p.Simulated
		step.Round = max(p.Rounds-1, 0)
	case workflow.Reminded:
		step.Role, step.Person, step.Reason, step.Simulated = p.Role, person(p.Person), p.Duty, p.Simulated
	default:
		return false
	}
	r.Escalation.Steps = append(r.Escalation.Steps, step)
	return true
}

func (r *Report) mdEscalation(w *doc, src workflow.EventSource) error {
	w.heading(2, w.t("sec.escalation", nil))
	err := r.listRows(w, src, listSteps, w.cols("col.time", "col.what", "col.role", "col.who", "col.detail"), func(x *Report) (rows [][]string) {
		for _, s := range x.Escalation.Steps {
			who := s.Person.display()
			switch {
			case s.Kind == workflow.EventEscalated:
				who = s.By.display() // who escalated
			case s.Person == nil && s.Target != "":
				who = s.Target
			}
			role := "—"
			if s.Role != "" {
				role = s.Role.Localize(w.l)
			}
			rows = append(rows, []string{w.when(s.At), w.escWhat(s), role, who, w.escDetail(s)})
		}
		return rows
	})
	if err != nil {
		return err
	}
	w.heading(3, w.t("sec.acks", nil))
	return r.listRows(w, src, listAcks, w.cols("col.time", "col.role", "col.by", "col.time_to_ack", "col.position"), func(x *Report) (rows [][]string) {
		for _, a := range x.Escalation.Acknowledgements {
			rows = append(rows, []string{w.when(a.At), a.Role.Localize(w.l), a.By.display(), w.span(a.After), w.position(a.Link, a.Round)})
		}
		return rows
	})
}

func (w *doc) escWhat(s EscalationStep) string {
	key := workflow.MsgKey("esc." + string(s.Kind))
	if s.Simulated {
		key += "_drill"
	}
	if catalog[key].En == "" { // a kind this version does not know
		return string(s.Kind)
	}
	return w.t(key, nil)
}

// escDetail is the rest of a step: chain position, paging, why.
func (w *doc) escDetail(s EscalationStep) string {
	switch s.Kind {
	case workflow.EventNotified:
		d := w.t(workflow.MsgKey("esc.why."+s.Reason), nil)
		if s.Chase {
			d = w.position(s.Link, s.Round) + " · " + d
		}
		if s.Page {
			d += " · " + w.t("esc.paged", nil)
		}
		return d
	case workflow.EventEscalated:
		if s.Redacted {
			return w.t("md.redacted", nil)
		}
		return orDash(s.Reason)
	case workflow.EventEscalationCancelled:
		return w.t(workflow.MsgKey("esc.cancel."+s.Reason), nil)
	case workflow.EventEscalationExhausted:
		return w.t("esc.rounds", workflow.Args{"rounds": s.Round + 1})
	case workflow.EventReminded:
		return w.t(workflow.MsgKey("esc.duty."+s.Reason), nil)
	}
	return "—"
}

// position names a chain position and pass: "secondary, round 2".
func (w *doc) position(link, round int) string {
	var p string
	switch link {
	case 0, 1, 2:
		p = w.t(workflow.MsgKey("esc.link."+strconv.Itoa(link)), nil)
	default:
		p = w.t("esc.link.n", workflow.Args{"n": link + 1})
	}
	return w.t("esc.position", workflow.Args{"position": p, "round": round + 1})
}

var escalationMessages = workflow.Catalog{
	"sec.escalation":                 {En: "Escalation and notifications", Ja: "エスカレーションと通知"},
	"sec.acks":                       {En: "Acknowledgements", Ja: "応答"},
	"col.what":                       {En: "What", Ja: "内容"},
	"col.who":                        {En: "Who", Ja: "対象"},
	"col.detail":                     {En: "Detail", Ja: "詳細"},
	"col.time_to_ack":                {En: "Time to acknowledge", Ja: "応答までの時間"},
	"col.position":                   {En: "Chain position", Ja: "通知順"},
	"esc.notified":                   {En: "notified", Ja: "通知"},
	"esc.notified_drill":             {En: "would notify (drill)", Ja: "通知（演習のため未送信）"},
	"esc.escalated":                  {En: "escalated by hand", Ja: "手動エスカレーション"},
	"esc.escalation_cancelled":       {En: "escalation stopped", Ja: "エスカレーション停止"},
	"esc.escalation_exhausted":       {En: "nobody acknowledged", Ja: "応答なし"},
	"esc.escalation_exhausted_drill": {En: "nobody acknowledged (drill)", Ja: "応答なし（演習）"},
	"esc.reminded":                   {En: "reminder", Ja: "リマインド"},
	"esc.reminded_drill":             {En: "reminder (drill, not sent)", Ja: "リマインド（演習のため未送信）"},
	"esc.why.opened":                 {En: "on opening", Ja: "起票時"},
	"esc.why.raised":                 {En: "severity raised", Ja: "重大度の引き上げ"},
	"esc.why.timer":                  {En: "no acknowledgement in time", Ja: "期限内に応答なし"},
	"esc.why.escalated":              {En: "escalated by hand", Ja: "手動エスカレーション"},
	"esc.paged":                      {En: "paged", Ja: "呼び出し"},
	"esc.cancel.severity_lowered":    {En: "severity lowered", Ja: "重大度の引き下げ"},
	"esc.cancel.closed":              {En: "incident closed", Ja: "インシデントのクローズ"},
	"esc.rounds":                     {En: "no answer after {rounds} round(s); asked to step in", Ja: "{rounds}巡しても応答なし。対応を依頼"},
	"esc.duty.status":                {En: "status update due", Ja: "状況共有の期限"},
	"esc.duty.unassigned":            {En: "role still unassigned", Ja: "役割が未割り当て"},
	"esc.link.0":                     {En: "primary", Ja: "一次"},
	"esc.link.1":                     {En: "secondary", Ja: "二次"},
	"esc.link.2":                     {En: "final", Ja: "最終"},
	"esc.link.n":                     {En: "number {n}", Ja: "{n}番目"},
	"esc.position":                   {En: "{position}, round {round}", Ja: "{position}・{round}巡目"},
}
