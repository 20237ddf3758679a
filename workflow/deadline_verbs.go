package workflow

import (
	"strings"
	"time"
)

// The personal-data flag as a command, and deadlines as people see them:
//
//	personal-data yes|no [--unlawful] [reason]     (個人情報)
//
// The deadlines show in checklist (every one, with its due time or its
// done time) and, summed up, in show.

// ---- parsing ----

var (
	yesWords = []string{"yes", "y", "はい", "あり", "有"}
	noWords  = []string{"no", "n", "いいえ", "なし", "無"}
)

func oneOf(w string, words []string) bool {
	for _, x := range words {
		if asciiEqualFold(w, x) {
			return true
		}
	}
	return false
}

// personalData: personal-data yes|no [--unlawful] [reason]; --unlawful may
// stand anywhere.
func (p *parser) personalData(rest string) error {
	var kept []string
	for _, t := range words(rest) {
		if name, ok := flagName(t.s); ok && name == "unlawful" {
			p.cmd.Unlawful = true
			continue
		}
		kept = append(kept, t.s)
	}
	if p.cmd.Unlawful {
		rest = strings.Join(kept, " ")
	}
	w, after := cutWord(rest, false)
	switch {
	case w == "":
		return p.fail("err.personal_data_missing", nil)
	case oneOf(w, yesWords):
		p.cmd.PersonalData = true
	case oneOf(w, noWords):
		if p.cmd.Unlawful {
			return p.fail("err.personal_data_unlawful_no", nil)
		}
	default:
		return p.fail("err.personal_data_word", Args{"word": w})
	}
	var err error
	p.cmd.Reason, err = p.text(after, "reason", false)
	return err
}

// ---- deciding ----

func decidePersonalData(inc *Incident, cmd Command, e env) ([]Draft, error) {
	if cur := inc.PersonalData; cur != nil && cur.Involved == cmd.PersonalData && cur.Unlawful == cmd.Unlawful {
		return nil, Problemf(ErrInvalid, "err.personal_data_same", Args{"ref": inc.Ref(), "state": flagState(cur),
			"source": flagSource(cur), "at": inc.ClockAt(cur.At, e.loc)})
	}
	return []Draft{{Payload: PersonalDataSet{Involved: cmd.PersonalData, Unlawful: cmd.Unlawful, Reason: cmd.Reason, Source: PersonalDataByCommand}}}, nil
}

// flagState says what the flag says: involved, involved with an unlawful
// purpose, not involved.
func flagState(pd *PersonalData) Msg {
	switch {
	case pd == nil:
		return M("personal_data.unknown", nil)
	case pd.Unlawful:
		return M("personal_data.unlawful", nil)
	case pd.Involved:
		return M("personal_data.involved", nil)
	}
	return M("personal_data.not_involved", nil)
}

// flagSource says who set the flag.
func flagSource(pd *PersonalData) Msg {
	switch pd.Source {
	case PersonalDataByRunbook:
		return M("personal_data.by_runbook", Args{"name": pd.Runbook})
	case PersonalDataBySeverity:
		return M("personal_data.by_severity", Args{"level": string(pd.Level)})
	}
	return M("personal_data.by_person", Args{"person": pd.By})
}

func (s *Service) confirmPersonalData(inc *Incident, _ Command, _ []Event, a Args) []Msg {
	a["state"] = flagState(inc.PersonalData)
	lines := []Msg{M("personal_data.done", a)}
	var applying, aside int
	for _, d := range inc.Deadlines() {
		switch {
		case d.Applies:
			applying++
		case d.Item.When == WhenPersonalData:
			aside++
		}
	}
	if inc.PersonalDataInvolved() && applying > 0 {
		lines = append(lines, M("personal_data.deadlines", Args{"count": applying}))
		lines = append(lines, s.deadlineLines(inc)...)
		return append(lines, M("deadline.not_advice", nil))
	}
	if !inc.PersonalDataInvolved() && aside > 0 {
		lines = append(lines, M("personal_data.set_aside", Args{"count": aside}))
	}
	return lines
}

// ---- showing ----

// deadlineLines are the incident's deadlines, one a line, for checklist.
func (s *Service) deadlineLines(inc *Incident) []Msg {
	now := s.now().UTC()
	var out []Msg
	for _, d := range inc.Deadlines() {
		out = append(out, deadlineLine(inc, d, now, s.loc))
	}
	return out
}

// deadlineLine is one deadline: its item and where it stands.
func deadlineLine(inc *Incident, d Deadline, now time.Time, loc *time.Location) Msg {
	it := d.Item
	owner := Msg(M("deadline.owner_none", nil))
	if it.Owner != "" {
		holder := Msg(M("checklist.unassigned", nil))
		if p := inc.Holder(it.Owner); !p.IsZero() {
			holder = M("checklist.person", Args{"person": p})
		}
		owner = M("checklist.owner", Args{"role": it.Owner, "holder": holder})
	}
	a := Args{"key": it.Key, "phase": d.Phase, "n": d.N, "text": headline(it.Text), "owner": owner, "ref": inc.Ref(),
		"within": Span(d.Within), "after": it.DueAfter, "due": inc.ClockAt(d.Due, loc)}
	switch {
	case !d.Applies:
		return M("deadline.item_not_applying", a)
	case d.Done():
		a["by"], a["at"] = it.By, inc.ClockAt(it.At, loc)
		if d.Due.IsZero() {
			return M("deadline.item_done_plain", a)
		}
		a["verdict"] = deadlineVerdict(inc, d, loc)
		return M("deadline.item_done", a)
	case d.Waiting:
		return M("deadline.item_waiting", a)
	case d.Overdue(now):
		a["late"] = Span(inc.DrillSpan(now.Sub(d.Due)))
		return M("deadline.item_overdue", a)
	}
	a["left"] = Span(inc.DrillSpan(d.Due.Sub(now)))
	return M("deadline.item_due", a)
}

// deadlineVerdict says whether a done deadline item of inc was in time (a
// drill's on its clock).
func deadlineVerdict(inc *Incident, d Deadline, loc *time.Location) Msg {
	a := Args{"due": inc.ClockAt(d.Due, loc)}
	if d.Met() {
		return M("deadline.in_time", a)
	}
	a["late"] = Span(inc.DrillSpan(d.Item.At.Sub(d.Due)))
	return M("deadline.late", a)
}

// voiceShowLines are show's lines about the personal-data flag, the
// deadlines and the statements.
func (s *Service) voiceShowLines(inc *Incident) []Msg {
	var out []Msg
	if pd := inc.PersonalData; pd != nil {
		out = append(out, M("show.personal_data", Args{"state": flagState(pd), "source": flagSource(pd), "at": inc.ClockAt(pd.At, s.loc)}))
	}
	now := s.now().UTC()
	open, overdue := 0, 0
	var next time.Time
	for _, d := range inc.Deadlines() {
		if !d.Open() {
			continue
		}
		open++
		if d.Overdue(now) {
			overdue++
		} else if !d.Due.IsZero() && (next.IsZero() || d.Due.Before(next)) {
			next = d.Due
		}
	}
	if open > 0 {
		out = append(out, M("show.deadlines", Args{"open": open, "overdue": overdue, "next": inc.ClockAt(next, s.loc), "ref": inc.Ref()}))
	}
	if n := len(inc.Statements); n > 0 {
		out = append(out, M("show.statements", Args{"count": n, "waiting": inc.StatementsWaiting(), "ref": inc.Ref()}))
	}
	return out
}

// headline is a checklist item's text cut to its first clause, for lines
// that name an item among others (reminders, the deadlines, the
// scorecard): "Preliminary report to the Personal Information Protection
// Commission".
type headline Text

// Headline is a checklist item's text cut to its first clause, as the
// reminders and the scorecard name it among others.
func Headline(t Text) Localizer { return headline(t) }

func (h headline) Localize(l Lang) string {
	s := Text(h).Localize(l)
	cut := len(s)
	for _, sep := range []string{". ", ": ", "。", "：", "; "} {
		if i := strings.Index(s, sep); i > 0 && i < cut {
			cut = i
		}
	}
	s = strings.TrimRight(s[:cut], ".。 ")
	if r := []rune(s); len(r) > 100 {
		s = string(r[:99]) + "…"
	}
	return s
}
