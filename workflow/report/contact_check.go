package report

import (
	"time"

	"incidentbot/workflow"
)

// A drill's contact check, apart from the tabletop: the people on the
// on-call chains were sent a message marked as a drill, and the check
// measures, in real time whatever the drill's speed, who acknowledged and
// how fast, and who did not (no answer, or the wrong person answered). Its
// window may close after the drill ended, so the report scores it from its
// own events as of the report, not from the scorecard kept at the end.

// ContactCheck is the result of a drill's contact check. Times are real
// time.
type ContactCheck struct {
	Seq       int       `json:"seq"` // contact_check_started
	StartedAt time.Time `json:"started_at"`
	Window    int64     `json:"window_seconds"` // how long answers count, real time
	Until     time.Time `json:"until"`
	// Closed: the window is over as of the report; ClosedSeq is the
	// contact_check_closed event (0 while none was recorded).
	Closed    bool `json:"closed"`
	ClosedSeq int  `json:"closed_seq"`
	// Acked counts the people asked who acknowledged themselves in time.
	Acked int                  `json:"acked"`
	Asked []ContactCheckAnswer `json:"asked"`
	// Unasked acknowledged without being asked.
	Unasked []*Person `json:"unasked"`
}

// ContactCheckAnswer is how one person asked answered.
type ContactCheckAnswer struct {
	Person *Person         `json:"person"`
	Roles  []workflow.Role `json:"roles"` // the on-call chains they are on
	// After is the real time from the start to their own acknowledgement;
	// null: none within the window.
	After *int64 `json:"after_seconds"`
	// Others pressed the button of the message sent to them (the wrong
	// person answered).
	Others []*Person `json:"others"`
}

// contactCheck folds a contact check event into the drill.
func (r *Report) contactCheck(x entry) {
	d := r.Drill
	if d == nil {
		return
	}
	switch p := x.p.(type) {
	case workflow.ContactCheckStarted:
		d.contact = &workflow.ContactCheckRun{Started: x.at, Window: p.Window, Asked: p.Asked}
		d.ContactCheck = &ContactCheck{Seq: x.seq, StartedAt: x.at, Window: seconds(p.Window), Until: x.at.Add(p.Window)}
	case workflow.ContactCheckAcked:
		if d.contact != nil {
			d.contact.Acks = append(d.contact.Acks, p)
		}
	case workflow.ContactCheckClosed:
		if d.contact != nil {
			d.contact.Closed = true
			d.ContactCheck.ClosedSeq = x.seq
		}
	}
}

// finishDrill scores the drill's contact check as of the report.
func (r *Report) finishDrill() {
	d := r.Drill
	if d == nil || d.contact == nil {
		return
	}
	sc := d.contact.Score(r.AsOf)
	c := d.ContactCheck
	c.Closed, c.Acked, c.Asked, c.Unasked = sc.Closed, sc.Acked(), []ContactCheckAnswer{}, people(sc.Unasked)
	for _, a := range sc.Asked {
		x := ContactCheckAnswer{Person: person(a.Person), Roles: append([]workflow.Role{}, a.Roles...), After: optSeconds(a.After), Others: people(a.Others)}
		c.Asked = append(c.Asked, x)
	}
}

// mdContactCheck writes the contact check, apart from the tabletop.
func (r *Report) mdContactCheck(w *doc) {
	c := r.Drill.ContactCheck
	if c == nil {
		return
	}
	w.heading(3, w.t("sec.contact_check", nil))
	a := workflow.Args{"at": w.when(c.StartedAt), "count": len(c.Asked), "window": w.span(c.Window), "until": w.when(c.Until), "acked": c.Acked}
	key := workflow.MsgKey("cc.about")
	if !c.Closed {
		key = "cc.about_open"
	}
	w.para(w.t(key, a))
	var rows [][]string
	for _, x := range c.Asked {
		roles := make([]string, len(x.Roles))
		for i, role := range x.Roles {
			roles[i] = role.Localize(w.l)
		}
		others := make([]string, len(x.Others))
		for i, p := range x.Others {
			others[i] = p.display()
		}
		b := workflow.Args{"others": w.join(others)}
		var answer string
		after := "—"
		switch {
		case x.After != nil:
			answer, after = w.t("cc.acked", nil), w.span(*x.After)
			if len(x.Others) > 0 {
				answer += "\n" + w.t("cc.also", b)
			}
		case len(x.Others) > 0:
			answer = w.t("cc.wrong", b)
		case c.Closed:
			answer = w.t("cc.none", nil)
		default:
			answer = w.t("cc.waiting", nil)
		}
		rows = append(rows, []string{x.Person.display(), w.join(roles), answer, after})
	}
	w.table(w.cols("col.person", "col.chains", "col.answer", "col.ack_after"), rows)
	if len(c.Unasked) > 0 {
		names := make([]string, len(c.Unasked))
		for i, p := range c.Unasked {
			names[i] = p.display()
		}
		w.para(w.t("cc.unasked", workflow.Args{"people": w.join(names)}))
	}
}

var contactCheckMessages = workflow.Catalog{
	"sec.contact_check": {En: "Contact check (real time, apart from the tabletop)", Ja: "連絡確認（実時間。机上演習とは別）"},
	"cc.about": {
		En: "Started {at}: a message marked as a drill, with an Acknowledge button, went to the {count} people on the on-call chains; answers counted for {window} of real time, until {until}. {acked} of {count} acknowledged themselves in time.",
		Ja: "{at}開始: 演習と明記し「応答」ボタンを付けたメッセージを、オンコールの連絡網の{count}人に送りました。実時間で{window}（{until}まで）の応答を記録し、{count}人中{acked}人が本人で応答しました。",
	},
	"cc.about_open": {
		En: "Started {at}: a message marked as a drill, with an Acknowledge button, went to the {count} people on the on-call chains; answers count for {window} of real time, until {until}, which is after this report: {acked} of {count} acknowledged so far.",
		Ja: "{at}開始: 演習と明記し「応答」ボタンを付けたメッセージを、オンコールの連絡網の{count}人に送りました。実時間で{window}（{until}まで）の応答を記録します。この報告書の時点では受付中で、{count}人中{acked}人が応答済みです。",
	},
	"col.person":    {En: "Person", Ja: "送り先"},
	"col.chains":    {En: "On-call chains", Ja: "連絡網"},
	"col.answer":    {En: "Answer", Ja: "応答"},
	"col.ack_after": {En: "Time to acknowledge (real time)", Ja: "応答までの時間（実時間）"},
	"cc.acked":      {En: "acknowledged", Ja: "応答あり"},
	"cc.also":       {En: "also answered in their place: {others} (wrong person)", Ja: "ほかに代わって応答: {others}（本人以外の応答）"},
	"cc.wrong":      {En: "no answer from them; {others} answered in their place (wrong person)", Ja: "本人の応答なし。{others}が代わりに応答（本人以外の応答）"},
	"cc.none":       {En: "NO ANSWER", Ja: "応答なし"},
	"cc.waiting":    {En: "no answer yet", Ja: "まだ応答なし"},
	"cc.unasked":    {En: "Answered without being asked: {people}.", Ja: "送り先ではないのに応答: {people}。"},
}
