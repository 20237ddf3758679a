package workflow

import (
	"strconv"
	"strings"
)

// Scope in numbers (範囲): who is affected and how many, how many records,
// which data items, which systems. It is set with
//
//	/incident scope affected: applicants 340, customers 12 | records: 352 | data: name, email, phone | systems: entry form
//
// and may be updated field by field later; every update is a timeline event,
// so the history is kept. The report's one-page summary shows the scope as it
// stands and the details list every update.

// EventScope records an update of the incident's scope.
const EventScope EventKind = "scope"

// ScopeFields are the scope's fields. In an update, empty fields (nil
// Records) are left as they were.
type ScopeFields struct {
	Affected string `json:"affected,omitempty"` // who, and how many of each: "applicants 340, customers 12"
	Records  *int   `json:"records,omitempty"`  // how many records (rows, entries, mails) are affected
	Data     string `json:"data,omitempty"`     // which data items: "name, email, phone"
	Systems  string `json:"systems,omitempty"`  // which systems: "entry form, CRM"
}

// IsZero reports whether no field is set.
func (f ScopeFields) IsZero() bool {
	return f.Affected == "" && f.Records == nil && f.Data == "" && f.Systems == ""
}

// MergeScope applies an update: the fields upd sets replace old's.
func MergeScope(old, upd ScopeFields) ScopeFields {
	if upd.Affected != "" {
		old.Affected = upd.Affected
	}
	if upd.Records != nil {
		n := *upd.Records
		old.Records = &n
	}
	if upd.Data != "" {
		old.Data = upd.Data
	}
	if upd.Systems != "" {
		old.Systems = upd.Systems
	}
	return old
}

// ScopeSet is an update of the scope.
type ScopeSet struct {
	ScopeFields
}

func (ScopeSet) Kind() EventKind { return EventScope }

// applyScope folds a scope update into the state.
func (inc *Incident) applyScope(p Payload) {
	if x, ok := p.(ScopeSet); ok {
		inc.Scope = MergeScope(inc.Scope, x.ScopeFields)
	}
}

// scopeFieldSet is scope's labels: every field is labelled, and the words
// the report and show print for them are labels too.
var scopeFieldSet = newFieldSet("", true,
	fieldDef{"affected", "affected", "対象者", []string{"affected people", "対象"}},
	fieldDef{"records", "records", "件数", []string{"record count", "対象件数"}},
	fieldDef{"data", "data", "データ項目", []string{"data items", "対象データ"}},
	fieldDef{"systems", "systems", "対象システム", []string{"system", "システム"}},
)

// scope: scope affected: … | records: <n> | data: … | systems: …
func (p *parser) scope(rest string) error {
	v, err := p.labelled(rest)
	if err != nil {
		return err
	}
	f := ScopeFields{Affected: v["affected"], Data: v["data"], Systems: v["systems"]}
	if r, ok := v["records"]; ok {
		n, ok := parseCount(r)
		if !ok {
			return p.fail("err.scope_records", Args{"word": r})
		}
		f.Records = &n
	}
	p.cmd.Scope = f
	return nil
}

// parseCount reads a count of records: digits (full-width too), with , or ，
// between thousands and an optional 件 after it: "340", "1,234", "３４０件".
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "件")
	s = strings.NewReplacer(",", "", "，", "").Replace(strings.TrimSpace(s))
	if s == "" || len(s) > 30 {
		return 0, false
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		default:
			return 0, false
		}
	}
	n, err := strconv.Atoi(b.String())
	return n, err == nil
}

func decideScope(_ *Incident, cmd Command, _ env) ([]Draft, error) {
	return []Draft{{Payload: ScopeSet{ScopeFields: cmd.Scope}}}, nil
}

func (s *Service) confirmScope(inc *Incident, _ Command, _ []Event, a Args) []Msg {
	return []Msg{M("scope.done", a), scopeLine(inc.Scope)}
}

// scopeLine is the scope as it stands, one line: what show and the reply to
// scope print.
func scopeLine(f ScopeFields) Msg {
	records := Localizer(text(""))
	if f.Records != nil {
		records = count(*f.Records)
	}
	return M("show.scope", Args{"affected": text(f.Affected), "records": records, "data": text(f.Data), "systems": text(f.Systems)})
}

// count is a number of records as people read it: 1,234.
type count int

func (c count) Localize(l Lang) string {
	if l == Japanese {
		return GroupDigits(int(c)) + "件"
	}
	return GroupDigits(int(c))
}

// GroupDigits writes n with a comma between thousands: 1234567 → 1,234,567.
func GroupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
