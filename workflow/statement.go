package workflow

import (
	"strconv"
	"strings"
	"time"
)

// Statements: what the company says outside (発信の一元管理, PRACTICE.md
// "The first one to two hours": PR, legal and customer contact are brought
// in early, and nothing goes out without the final approver). A statement
// is drafted for one audience and numbered per incident; every version of
// it needs an approval before it may be recorded as sent, and an edit makes
// a new version that needs approval again. The bot sends no statement
// itself: people send it (by mail, on the website, on the regulator's form)
// and record that they did, so the timeline says what was said, to whom,
// approved by whom and when.

// Statement event kinds; stored like every other event, never rename one.
const (
	EventStatementDrafted  EventKind = "statement_drafted"
	EventStatementEdited   EventKind = "statement_edited"
	EventStatementApproved EventKind = "statement_approved"
	EventStatementRefused  EventKind = "statement_refused"
	EventStatementSent     EventKind = "statement_sent"
)

// Audience is who a statement is for.
type Audience string

const (
	AudienceCustomers Audience = "customers"
	AudiencePartners  Audience = "partners"
	AudienceStaff     Audience = "staff"
	AudienceRegulator Audience = "regulator" // the Personal Information Protection Commission, the police, a ministry
	AudiencePress     Audience = "press"
	AudienceAffected  Audience = "affected" // the people whose data is involved (本人)
)

// Audiences lists every audience in the order help shows them.
var Audiences = []Audience{AudienceCustomers, AudiencePartners, AudienceStaff, AudienceRegulator, AudiencePress, AudienceAffected}

// audienceWords are the other words typed for each audience: the glossary's
// Japanese term first, then synonyms people write.
var audienceWords = map[Audience][]string{
	AudienceCustomers: {"顧客", "customer", "お客様", "お客さま"},
	AudiencePartners:  {"取引先", "partner"},
	AudienceStaff:     {"社員", "employees", "従業員", "社内"},
	AudienceRegulator: {"当局", "regulators", "authority", "authorities", "個人情報保護委員会", "ppc"},
	AudiencePress:     {"報道", "media", "報道機関"},
	AudienceAffected:  {"本人", "affected-people", "data-subjects"},
}

// ParseAudience reads an audience as typed: its key or another word for it
// (ASCII case ignored).
func ParseAudience(w string) (Audience, bool) {
	for _, a := range Audiences {
		if asciiEqualFold(w, string(a)) {
			return a, true
		}
		for _, x := range audienceWords[a] {
			if asciiEqualFold(w, x) {
				return a, true
			}
		}
	}
	return "", false
}

// Localize names the audience in language l.
func (a Audience) Localize(l Lang) string { return Render(l, M(MsgKey("audience."+string(a)), nil)) }

// audienceList names the audiences as typed, with their names in Japanese:
// "customers, partners, …" / "customers（顧客）、…".
func audienceList() wordList {
	out := make(wordList, len(Audiences))
	for i, a := range Audiences {
		out[i].word, out[i].name = string(a), a
	}
	return out
}

// StatementDrafted is a new statement (its version 1), numbered after the
// incident's others. The event's actor drafted it.
type StatementDrafted struct {
	Number   int      `json:"number"`
	Audience Audience `json:"audience"`
	Text     string   `json:"text"`
}

// StatementEdited is a new version of statement Number: its text replaces
// the last one's, and it waits for approval again.
type StatementEdited struct {
	Number  int    `json:"number"`
	Version int    `json:"version"`
	Text    string `json:"text"`
}

// StatementApproved approves version Version of statement Number; the
// event's actor approved it.
type StatementApproved struct {
	Number  int `json:"number"`
	Version int `json:"version"`
}

// StatementRefused refuses version Version of statement Number; the
// event's actor refused it. An edit makes a new version to approve.
type StatementRefused struct {
	Number  int    `json:"number"`
	Version int    `json:"version"`
	Reason  string `json:"reason,omitempty"`
}

// StatementSent records that the approved version Version of statement
// Number went out, and how (email, the website, phone, the regulator's
// form). In a drill nothing goes anywhere: Simulated is set.
type StatementSent struct {
	Number    int    `json:"number"`
	Version   int    `json:"version"`
	How       string `json:"how,omitempty"`
	Simulated bool   `json:"simulated,omitempty"`
}

func (StatementDrafted) Kind() EventKind  { return EventStatementDrafted }
func (StatementEdited) Kind() EventKind   { return EventStatementEdited }
func (StatementApproved) Kind() EventKind { return EventStatementApproved }
func (StatementRefused) Kind() EventKind  { return EventStatementRefused }
func (StatementSent) Kind() EventKind     { return EventStatementSent }

// StatementState is where a statement's current version stands.
type StatementState string

const (
	DraftWaiting  StatementState = "waiting"  // drafted or edited; waits for approval
	DraftApproved StatementState = "approved" // may be sent
	DraftRefused  StatementState = "refused"  // an edit makes a new version
	DraftSent     StatementState = "sent"     // it went out
)

// Statement is one statement as the snapshot keeps it: its current
// version and where that stands. The versions before it live in the
// timeline.
type Statement struct {
	Number   int            `json:"number"`
	Audience Audience       `json:"audience"`
	Version  int            `json:"version"`
	State    StatementState `json:"state"`
	// Text is the current version's; empty once that version is redacted.
	Text     string `json:"text,omitempty"`
	Redacted bool   `json:"redacted,omitempty"`
	// Seq is the event of the current version; DraftedAt and DraftedBy
	// are the first draft's, VersionAt and VersionBy the current one's.
	Seq       int       `json:"seq"`
	DraftedAt time.Time `json:"drafted_at"`
	DraftedBy Person    `json:"drafted_by"`
	VersionAt time.Time `json:"version_at"`
	VersionBy Person    `json:"version_by"`
	// Settled: who approved or refused the current version, and when.
	SettledAt time.Time `json:"settled_at,omitzero"`
	SettledBy Person    `json:"settled_by,omitzero"`
	Reason    string    `json:"reason,omitempty"` // a refusal's
	// Sent: when it was recorded as sent, by whom, and how.
	SentAt    time.Time `json:"sent_at,omitzero"`
	SentBy    Person    `json:"sent_by,omitzero"`
	How       string    `json:"how,omitempty"`
	Simulated bool      `json:"simulated,omitempty"`
}

// Statement returns statement n, if there is one.
func (inc *Incident) Statement(n int) (Statement, bool) {
	if s := inc.statement(n); s != nil {
		return *s, true
	}
	return Statement{}, false
}

func (inc *Incident) statement(n int) *Statement {
	if n >= 1 && n <= len(inc.Statements) {
		return &inc.Statements[n-1]
	}
	return nil
}

// statementSubject is the subject of a statement's events: a redacted
// draft keeps it, so the fold still knows which statement it was and for
// whom.
func statementSubject(n int, a Audience) string {
	return "statement:" + strconv.Itoa(n) + ":" + string(a)
}

// StatementOf reads the number and the audience of a statement event from
// its subject, which a redaction keeps (0 and "" for another subject).
func StatementOf(subject string) (int, Audience) { return statementOf(subject) }

// statementOf reads the number and the audience back from a subject.
func statementOf(subject string) (int, Audience) {
	rest, ok := strings.CutPrefix(subject, "statement:")
	if !ok {
		return 0, ""
	}
	num, aud, _ := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, ""
	}
	return n, Audience(aud)
}

// applyStatements folds a statement event into the state (called by Apply).
func (inc *Incident) applyStatements(p Payload, e Event) {
	by, at := e.Actor.Person(), e.OccurredAt
	switch x := p.(type) {
	case StatementDrafted:
		inc.Statements = append(inc.Statements, Statement{Number: len(inc.Statements) + 1, Audience: x.Audience, Version: 1,
			State: DraftWaiting, Text: x.Text, Seq: e.Seq, DraftedAt: at, DraftedBy: by, VersionAt: at, VersionBy: by})
	case StatementEdited:
		if s := inc.statement(x.Number); s != nil {
			s.newVersion(e, x.Text, false)
		}
	case StatementApproved:
		if s := inc.statement(x.Number); s != nil && s.Version == x.Version {
			s.State, s.SettledAt, s.SettledBy, s.Reason = DraftApproved, at, by, ""
		}
	case StatementRefused:
		if s := inc.statement(x.Number); s != nil && s.Version == x.Version {
			s.State, s.SettledAt, s.SettledBy, s.Reason = DraftRefused, at, by, x.Reason
		}
	case StatementSent:
		if s := inc.statement(x.Number); s != nil && s.Version == x.Version {
			s.State, s.SentAt, s.SentBy, s.How, s.Simulated = DraftSent, at, by, x.How, x.Simulated
		}
	}
}

// newVersion makes text (empty and redacted: a version whose event was
// redacted) the statement's current version, waiting for approval.
func (s *Statement) newVersion(e Event, text string, redacted bool) {
	s.Version++
	s.State, s.Text, s.Redacted, s.Seq = DraftWaiting, text, redacted, e.Seq
	s.VersionAt, s.VersionBy = e.OccurredAt, e.Actor.Person()
	s.SettledAt, s.SettledBy, s.Reason = time.Time{}, Person{}, ""
}

// applyStatementRedacted folds a redacted draft or version: its subject
// names the statement and its audience, so the numbering and the versions
// stay as they were, without the text.
func (inc *Incident) applyStatementRedacted(e Event) {
	n, aud := statementOf(e.Subject)
	switch e.Kind {
	case EventStatementDrafted:
		by := e.Actor.Person()
		inc.Statements = append(inc.Statements, Statement{Number: len(inc.Statements) + 1, Audience: aud, Version: 1, State: DraftWaiting,
			Redacted: true, Seq: e.Seq, DraftedAt: e.OccurredAt, DraftedBy: by, VersionAt: e.OccurredAt, VersionBy: by})
	case EventStatementEdited:
		if s := inc.statement(n); s != nil {
			s.newVersion(e, "", true)
		}
	}
}

// StatementsWaiting counts the statements whose current version waits for
// approval.
func (inc *Incident) StatementsWaiting() int {
	n := 0
	for _, s := range inc.Statements {
		if s.State == DraftWaiting {
			n++
		}
	}
	return n
}
