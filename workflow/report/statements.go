package report

import (
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// What we said, to whom, when (発信の一元管理): every statement drafted for
// an outside audience, each of its versions as written, how each was
// settled (approved or refused, by whom, when) and whether it went out
// (how, when, by whom; in a drill nothing went anywhere). The section lists
// the statements sent; those refused, waiting or never sent have a short
// note below it. A statement has a handful of events, so they are held.

// Statement is one statement to an outside audience.
type Statement struct {
	Number   int               `json:"number"`
	Audience workflow.Audience `json:"audience"`
	Seq      int               `json:"seq"` // the draft
	At       time.Time         `json:"drafted_at"`
	By       *Person           `json:"drafted_by"`
	// State is where its last version stands: waiting, approved, refused
	// or sent.
	State    workflow.StatementState `json:"state"`
	Versions []StatementVersion      `json:"versions"`
	Sent     *StatementSending       `json:"sent"` // null until it was recorded as sent
}

// StatementVersion is one version of a statement: the draft is version 1,
// each edit the next.
type StatementVersion struct {
	Version  int       `json:"version"`
	Seq      int       `json:"seq"`
	At       time.Time `json:"at"`
	By       *Person   `json:"by"` // who wrote it
	Redacted bool      `json:"redacted"`
	Text     string    `json:"text"` // empty when redacted
	// State is how this version was settled: approved, refused, or
	// waiting (no answer came before the next version, or yet).
	State   workflow.StatementState `json:"state"`
	Settled *StatementSettled       `json:"settled"` // null while waiting
}

// StatementSettled is the approval or the refusal of a version.
type StatementSettled struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	By     *Person   `json:"by"`
	Reason string    `json:"reason"` // given with a refusal
}

// StatementSending is the record that a statement went out.
type StatementSending struct {
	Seq     int       `json:"seq"`
	At      time.Time `json:"at"`
	By      *Person   `json:"by"` // who recorded it as sent
	Version int       `json:"version"`
	How     string    `json:"how"` // email, the website, the regulator's form …; empty if not said
	// Simulated: a drill; nothing went anywhere.
	Simulated bool `json:"simulated"`
}

// statementEvent folds the events of a statement. A redacted draft or
// edit keeps its statement's number and audience in its subject.
func (r *Report) statementEvent(x entry) bool {
	n, audience := workflow.StatementOf(x.subject)
	switch p := x.p.(type) {
	case workflow.StatementDrafted:
		if !x.redacted {
			audience = p.Audience
		}
		r.Statements = append(r.Statements, Statement{Number: len(r.Statements) + 1, Audience: audience, Seq: x.seq, At: x.at, By: x.by,
			State: workflow.DraftWaiting, Versions: []StatementVersion{{Version: 1, Seq: x.seq, At: x.at, By: x.by, Redacted: x.redacted,
				Text: p.Text, State: workflow.DraftWaiting}}})
	case workflow.StatementEdited:
		if !x.redacted {
			n = p.Number
		}
		if s := r.statement(n); s != nil {
			s.Versions = append(s.Versions, StatementVersion{Version: len(s.Versions) + 1, Seq: x.seq, At: x.at, By: x.by,
				Redacted: x.redacted, Text: p.Text, State: workflow.DraftWaiting})
			s.State = workflow.DraftWaiting
		}
	case workflow.StatementApproved:
		r.settle(p.Number, p.Version, workflow.DraftApproved, x, "")
	case workflow.StatementRefused:
		r.settle(p.Number, p.Version, workflow.DraftRefused, x, p.Reason)
	case workflow.StatementSent:
		if s := r.statement(p.Number); s != nil {
			s.Sent = &StatementSending{Seq: x.seq, At: x.at, By: x.by, Version: p.Version, How: p.How, Simulated: p.Simulated}
			s.State = workflow.DraftSent
		}
	default:
		return false
	}
	return true
}

// statement is statement n, nil if there is none.
func (r *Report) statement(n int) *Statement {
	if n >= 1 && n <= len(r.Statements) {
		return &r.Statements[n-1]
	}
	return nil
}

// settle records the approval or refusal of version v of statement n.
func (r *Report) settle(n, v int, state workflow.StatementState, x entry, reason string) {
	s := r.statement(n)
	if s == nil || v < 1 || v > len(s.Versions) {
		return
	}
	s.Versions[v-1].State = state
	s.Versions[v-1].Settled = &StatementSettled{Seq: x.seq, At: x.at, By: x.by, Reason: reason}
	if v == len(s.Versions) {
		s.State = state
	}
}

// version is the version of s that went out, or its last.
func (s Statement) version() StatementVersion {
	if s.Sent != nil && s.Sent.Version >= 1 && s.Sent.Version <= len(s.Versions) {
		return s.Versions[s.Sent.Version-1]
	}
	return s.Versions[len(s.Versions)-1]
}

// ---- rendering ----

// mdStatements writes what was said, to whom and when: the statements
// sent, then a note on those that were not. An incident with personal
// data involved has the section even when nothing was said.
func (r *Report) mdStatements(w *doc) {
	pd := r.Scope.PersonalData
	if len(r.Statements) == 0 && (pd == nil || !pd.Involved) {
		return
	}
	w.heading(2, w.t("sec.statements", nil))
	var rows [][]string
	var notSent []string
	for _, s := range r.Statements {
		v := s.version()
		if s.Sent == nil {
			notSent = append(notSent, r.notSent(w, s, v))
			continue
		}
		text := v.Text
		if v.Redacted {
			text = w.t("md.redacted", nil)
		}
		how := orDash(s.Sent.How)
		if s.Sent.Simulated {
			how = w.t("st.simulated", workflow.Args{"how": how})
		}
		approved := "—"
		if v.Settled != nil {
			approved = w.t("st.by_at", workflow.Args{"by": v.Settled.By.display(), "at": r.moment(w, v.Settled.At)})
		}
		rows = append(rows, []string{strconv.Itoa(s.Number), w.audience(s.Audience), w.t("st.version", workflow.Args{"v": v.Version, "count": len(s.Versions)}),
			text, how, w.t("st.by_at", workflow.Args{"by": s.Sent.By.display(), "at": r.moment(w, s.Sent.At)}), approved})
	}
	w.table(w.cols("col.number", "col.audience", "col.version", "col.said", "col.how_sent", "col.sent", "col.approved"), rows)
	if len(notSent) > 0 {
		w.heading(3, w.t("sec.not_sent", nil))
		w.list(notSent)
	}
	w.para(w.t("st.note", nil))
}

// notSent is the note on a statement that did not go out: refused,
// waiting for its approval, or approved and never recorded as sent.
func (r *Report) notSent(w *doc, s Statement, v StatementVersion) string {
	a := workflow.Args{"n": s.Number, "audience": w.audience(s.Audience), "v": v.Version, "since": r.moment(w, v.At)}
	if c := v.Settled; c != nil {
		a["by"], a["at"], a["reason"] = c.By.display(), r.moment(w, c.At), ""
		if strings.TrimSpace(c.Reason) != "" {
			a["reason"] = w.t("st.reason", workflow.Args{"reason": c.Reason})
		}
	}
	switch s.State {
	case workflow.DraftRefused:
		return w.t("st.refused", a)
	case workflow.DraftApproved:
		return w.t("st.approved_unsent", a)
	}
	return w.t("st.waiting", a)
}

// audience names an audience; a statement's always has one, but a stored
// word this version does not know shows as it is.
func (w *doc) audience(a workflow.Audience) string {
	for _, x := range workflow.Audiences {
		if x == a {
			return a.Localize(w.l)
		}
	}
	return orDash(string(a))
}

// join lists names as the report's language does: "a, b" / "a、b".
func (w *doc) join(items []string) string {
	if w.l == workflow.Japanese {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// moment is a time of the incident as the report shows it: on a drill's
// clock too.
func (r *Report) moment(w *doc, t time.Time) string { return w.when(t) + r.drillTime(w, t) }

var statementMessages = workflow.Catalog{
	"sec.statements":     {En: "What we said, to whom, when", Ja: "何を・誰に・いつ発信したか"},
	"sec.not_sent":       {En: "Not sent", Ja: "送付されなかった発信文"},
	"col.audience":       {En: "To", Ja: "宛先"},
	"col.version":        {En: "Version", Ja: "版"},
	"col.said":           {En: "What was said", Ja: "発信した内容"},
	"col.how_sent":       {En: "How", Ja: "送付方法"},
	"col.sent":           {En: "Sent", Ja: "送付"},
	"col.approved":       {En: "Approved", Ja: "承認"},
	"st.version":         {En: "{v} of {count}", Ja: "第{v}版（全{count}版）"},
	"st.by_at":           {En: "{at} by {by}", Ja: "{by}、{at}"},
	"st.simulated":       {En: "{how} (drill: nothing was sent)", Ja: "{how}（演習のため送付なし）"},
	"st.reason":          {En: ": {reason}", Ja: "（理由: {reason}）"},
	"st.refused":         {En: "Statement {n} to {audience}: version {v} refused {at} by {by}{reason}.", Ja: "{audience}宛ての発信文{n}: 第{v}版を{at}に{by}が却下{reason}。"},
	"st.waiting":         {En: "Statement {n} to {audience}: version {v} waiting for approval since {since}.", Ja: "{audience}宛ての発信文{n}: 第{v}版が{since}から承認待ち。"},
	"st.approved_unsent": {En: "Statement {n} to {audience}: version {v} approved {at} by {by}, never recorded as sent.", Ja: "{audience}宛ての発信文{n}: 第{v}版を{at}に{by}が承認、送付の記録なし。"},
	"st.note": {
		En: "A statement goes out only once its current version is approved; people send it and record how, the bot sends nothing. Earlier versions, approvals and refusals are in the timeline.",
		Ja: "発信文は、最新の版が承認されてから送付します。送付するのは人で、ボットは方法を記録するだけで何も送りません。以前の版と承認・却下はタイムラインにあります。",
	},
}
