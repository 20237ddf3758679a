package workflow

// Labelled fields, one mechanism for every subcommand that takes them
// (decision, amend, status, postmortem, finding; open's time labels). A verb
// declares its fieldSet in the verb table (verbs.go); the parser, help and
// the refusals all read it from there, so a new verb gets the rules below by
// declaring its labels.
//
//   - A field starts at | or ｜ followed by one of the verb's labels (spaces
//     around it allowed, ASCII case ignored) and : or ：.
//   - A | followed by what looks like a label — 1 to 20 letters of any
//     script, then : or ： not followed by // — that is not one of the verb's
//     is refused, naming it and the labels allowed. It is never merged into
//     the field before it. A URL (https://…) is text.
//   - \| (and \｜) is a literal bar, anywhere in a labelled command.
//   - The text before the first label fills the verb's lead field (the
//     decision, the finding); the lead's own labels may also start the text
//     ("決定事項：…"). A verb without a lead (status, postmortem), and amend,
//     may begin with any of its labels, and one that begins with an unknown
//     label is refused as above.
//   - Every label the bot prints for a field, in either language, is one of
//     its labels (cmd/incidentbot's TestPrintedLabelsAreAccepted feeds each
//     back through Parse).

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fieldDef is one labelled field: its name and every label that writes it.
type fieldDef struct {
	name   string   // canonical name; also its part.<name> message
	en, ja string   // the label messages show in each language
	also   []string // every other label accepted: synonyms, and the bot's printed names for it
}

// words is every label of the field, the shown ones first.
func (d fieldDef) words() []string { return append([]string{d.en, d.ja}, d.also...) }

// labelWord is one word a user may type for a field, mapped to the field.
type labelWord struct {
	word  string // as typed, ASCII case ignored
	field string // canonical field name, also the part.<field> message
}

// fieldSet is the labels of one subcommand.
type fieldSet struct {
	// lead is the field the text before the first label fills; "" when
	// the text must start with a label.
	lead string
	// anyStart: the text may begin with any of the labels, and beginning
	// with an unknown one is refused. Without it only the lead's labels
	// may begin the text, and anything else there is the lead's text.
	anyStart bool
	defs     []fieldDef
	// words is every label, longest first, so that 次のアクション wins
	// over 次 and unconfirmed is never read as confirmed.
	words []labelWord
}

func newFieldSet(lead string, anyStart bool, defs ...fieldDef) *fieldSet {
	fs := &fieldSet{lead: lead, anyStart: anyStart, defs: defs}
	for _, d := range defs {
		for _, w := range d.words() {
			fs.words = append(fs.words, labelWord{w, d.name})
		}
	}
	// insertion sort by byte length, descending: stable and tiny
	ws := fs.words
	for i := 1; i < len(ws); i++ {
		for j := i; j > 0 && len(ws[j].word) > len(ws[j-1].word); j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
	return fs
}

// The fields of the labelled verbs. The synonyms are the words people in
// Japanese companies write in these places, and the names the bot itself
// prints for the field in show, the report, the Slack card and the forms.
var (
	decisionTextDef = fieldDef{"decision", "decision", "決定内容", []string{"決定", "決定事項"}}
	decisionDefs    = []fieldDef{
		decisionTextDef,
		{"why", "why", "根拠", []string{"rationale", "reason", "理由"}},
		{"action", "action", "対策", []string{"実施", "実施した対策", "実施内容", "対応"}},
		{"next", "next", "次", []string{"next step", "次のアクション", "次の対応"}},
		{"by", "by", "決定者", []string{"decider", "decided by", "判断者"}},
		{"at", "at", "時刻", []string{"decided at", "決定時刻"}},
		{"stop", "stop", "停止", []string{"停止対象"}},
	}
	decisionFields = newFieldSet("decision", false, decisionDefs...)
	// amend takes the fields of decision (stop is refused with its own
	// message) and usually begins with one of them.
	amendFields = newFieldSet("decision", true, decisionDefs...)

	statusFields = newFieldSet("", true,
		fieldDef{"confirmed", "confirmed", "確定事項", []string{"確定"}},
		fieldDef{"unconfirmed", "unconfirmed", "未確定事項", []string{"未確定"}},
		fieldDef{"check_next", "next", "次に確認する事項", []string{"next to check", "次に確認", "次に確認すること"}},
	)
	postmortemFields = newFieldSet("", true,
		fieldDef{"cause", "cause", "原因", nil},
		fieldDef{"impact", "impact", "影響", nil},
		fieldDef{"prevention", "prevention", "再発防止策", []string{"再発防止"}},
		fieldDef{"open", "open", "残課題", []string{"open items", "未解決事項"}},
	)
	findingFields = newFieldSet("finding", false,
		fieldDef{"finding", "finding", "発見事項", nil},
		fieldDef{"owner", "owner", "担当", []string{"担当者"}},
		fieldDef{"due", "due", "期限", nil},
	)
	// vendorRequestFields are the six parts of a request to a vendor
	// (vendor request <vendor> symptom: … | began: … | …).
	vendorRequestFields = newFieldSet("", true,
		fieldDef{"symptom", "symptom", "症状", []string{"symptoms", "現象"}},
		fieldDef{"began", "began", "発生", []string{"started", "開始", "発生時刻"}},
		fieldDef{"changes", "changes", "直近の変更", []string{"recent changes", "変更"}},
		fieldDef{"suspected_impact", "impact", "影響の見立て", []string{"impact hypothesis", "影響"}},
		fieldDef{"logs", "logs", "ログの場所", []string{"ログ"}},
		fieldDef{"isolation", "isolation", "実施済みの隔離", []string{"isolation done", "隔離"}},
	)
	// openFields are open's time labels. The title is free text, never
	// labelled or split; open reads a label only at the start of a word,
	// with : or ： right after it (see parser.open).
	openFields = newFieldSet("title", false,
		fieldDef{"started", "started", "発生", []string{"start", "開始", "発生時刻"}},
		fieldDef{"detected", "detected", "検知", []string{"検知時刻"}},
	)
)

// def returns the field called name.
func (fs *fieldSet) def(name string) (fieldDef, bool) {
	for _, d := range fs.defs {
		if d.name == name {
			return d, true
		}
	}
	return fieldDef{}, false
}

// match reads a label at the start of s: optional spaces, a label, optional
// spaces, then : or ：. It returns the label, the label as typed and how many
// bytes it took. With only set, just that field's labels count.
func (fs *fieldSet) match(s, only string) (labelWord, string, int, bool) {
	i := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	for _, lw := range fs.words {
		if only != "" && lw.field != only {
			continue
		}
		rest, ok := cutPrefixASCIIFold(s[i:], lw.word)
		if !ok {
			continue
		}
		after, ok := cutColon(strings.TrimLeftFunc(rest, unicode.IsSpace))
		if ok {
			return lw, s[i : i+len(lw.word)], len(s) - len(after), true
		}
	}
	return labelWord{}, "", 0, false
}

// maxLabelLetters is the longest run of letters read as a label.
const maxLabelLetters = 20

// labelLike reports whether s begins like a label: optional spaces, 1 to 20
// letters of any script, optional spaces, then : or ： not followed by //
// (so a URL is text). It returns the letters.
func labelLike(s string) (string, bool) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	n, end := 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(r) {
			break
		}
		n++
		end += size
	}
	if n == 0 || n > maxLabelLetters {
		return "", false
	}
	after, ok := cutColon(strings.TrimLeftFunc(s[end:], unicode.IsSpace))
	if !ok || strings.HasPrefix(after, "//") {
		return "", false
	}
	return s[:end], true
}

// field is one labelled value as typed, not yet unescaped, trimmed or decoded.
type field struct {
	lw    labelWord
	typed string // the label as the user wrote it
	raw   string
}

// unknownLabel is a label-like segment that is none of the verb's labels.
type unknownLabel struct{ typed string }

// split cuts s into the text before the first label (lead) and the labelled
// fields, by the rules at the top of this file. An unknown label is
// returned as *unknownLabel.
func (fs *fieldSet) split(s string) (lead string, fields []field, bad *unknownLabel) {
	start := 0
	var cur *field
	only := fs.lead
	if fs.anyStart {
		only = ""
	}
	if lw, typed, n, ok := fs.match(s, only); ok {
		fields = append(fields, field{lw: lw, typed: typed})
		cur, start = &fields[0], n
	} else if fs.anyStart {
		if w, ok := labelLike(s); ok {
			return "", nil, &unknownLabel{w}
		}
	}
	closeSeg := func(end int) {
		if cur == nil {
			lead = s[start:end]
		} else {
			cur.raw = s[start:end]
		}
	}
	for i := start; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\\' {
			if next, nsize := utf8.DecodeRuneInString(s[i+size:]); next == '|' || next == '｜' {
				i += size + nsize // an escaped bar is text
				continue
			}
		}
		if r != '|' && r != '｜' {
			i += size
			continue
		}
		lw, typed, n, ok := fs.match(s[i+size:], "")
		if !ok {
			if w, ok := labelLike(s[i+size:]); ok {
				return "", nil, &unknownLabel{w}
			}
			i += size
			continue
		}
		closeSeg(i)
		fields = append(fields, field{lw: lw, typed: typed})
		cur = &fields[len(fields)-1]
		start = i + size + n
		i = start
	}
	closeSeg(len(s))
	return lead, fields, nil
}

// unescapeBars turns \| and \｜ into the bars they stand for.
var unescapeBars = strings.NewReplacer(`\|`, "|", `\｜`, "｜")

// BarStartsField reports whether a | or ｜ right before s would end the
// text it stands in, in some labelled command: a label of any verb follows,
// or something label-like the verb would refuse. Adapters that write a
// person's text into a labelled field neutralize such bars.
func BarStartsField(s string) bool {
	if _, ok := labelLike(s); ok {
		return true
	}
	for _, v := range verbs {
		if v.fields != nil {
			if _, _, _, ok := v.fields.match(s, ""); ok {
				return true
			}
		}
	}
	return false
}

// OpenTimeLabels lists the words open reads as the start of a time field
// when : or ： follows them at once (in any ASCII case).
func OpenTimeLabels() []string {
	out := make([]string, len(openFields.words))
	for i, lw := range openFields.words {
		out[i] = lw.word
	}
	return out
}

// labelled reads the body of a labelled verb by its fieldSet: the values by
// canonical field name, the lead's under its name; none empty, none twice,
// each within the limit.
func (p *parser) labelled(rest string) (map[string]string, error) {
	fs := p.fields
	if fs.lead == "" && rest == "" {
		return nil, p.fail("err.fields_empty", Args{"labels": fieldList{fs, false}})
	}
	lead, fields, bad := fs.split(rest)
	if bad != nil {
		return nil, p.fail("err.unknown_label", Args{"label": bad.typed, "labels": fieldList{fs, false}, "verb": string(p.verb)})
	}
	if fs.lead == "" && strings.TrimSpace(lead) != "" {
		return nil, p.fail("err.fields_start", Args{"labels": fieldList{fs, false}})
	}
	vals := map[string]string{}
	for _, f := range fields {
		if _, dup := vals[f.lw.field]; dup {
			return nil, p.fail("err.label_twice", Args{"field": partMsg(f.lw.field)})
		}
		if strings.TrimSpace(f.raw) == "" {
			return nil, p.fail("err.label_empty", Args{"label": f.typed})
		}
		v, err := p.text(unescapeBars.Replace(f.raw), f.lw.field, true)
		if err != nil {
			return nil, err
		}
		vals[f.lw.field] = v
	}
	if fs.lead != "" && strings.TrimSpace(lead) != "" {
		if _, dup := vals[fs.lead]; dup {
			return nil, p.fail("err.label_twice", Args{"field": partMsg(fs.lead)})
		}
		v, err := p.text(unescapeBars.Replace(lead), fs.lead, false)
		if err != nil {
			return nil, err
		}
		vals[fs.lead] = v
	}
	return vals, nil
}

// fieldList names a verb's labels in a message: "why:, action:, next:" in
// English; in Japanese the Japanese label with the English one after it.
// With all, every other spelling follows each (help).
type fieldList struct {
	fs  *fieldSet
	all bool
}

func (f fieldList) Localize(l Lang) string {
	var parts []string
	for _, d := range f.fs.defs {
		if d.name == f.fs.lead && !f.all {
			continue // the lead is written without a label
		}
		if l == Japanese {
			parts = append(parts, d.ja+":（"+d.en+":）")
		} else {
			parts = append(parts, d.en+":")
		}
	}
	if l == Japanese {
		return strings.Join(parts, "、")
	}
	return strings.Join(parts, ", ")
}

// helpFields is help's word on a verb's labels: one line per field with
// every label it accepts, the language's own first.
func helpFields(fs *fieldSet) []Msg {
	lines := []Msg{M("help.labels", nil)}
	for _, d := range fs.defs {
		lines = append(lines, M("help.label", Args{"label": labelName{d}, "also": labelAlso{d}}))
	}
	return lines
}

// labelName is the label shown for a field in each language.
type labelName struct{ d fieldDef }

func (n labelName) Localize(l Lang) string {
	if l == Japanese {
		return n.d.ja + ":"
	}
	return n.d.en + ":"
}

// labelAlso is every other label of a field.
type labelAlso struct{ d fieldDef }

func (a labelAlso) Localize(l Lang) string {
	shown := a.d.en
	if l == Japanese {
		shown = a.d.ja
	}
	var out []string
	for _, w := range a.d.words() {
		if w != shown {
			out = append(out, w+":")
		}
	}
	if l == Japanese {
		return strings.Join(out, "、")
	}
	return strings.Join(out, ", ")
}
