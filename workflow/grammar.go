package workflow

// The one command grammar every adapter uses. Parse turns the text of an
// /incident command into a Command, or into a *Problem (kind ErrInvalid) whose
// message says what was wrong and how to write it. See ARCHITECTURE.md,
// "Slash command /incident", "Severity:" and "Fields:".
//
// Rules, in the order they are applied:
//   - The text must be valid UTF-8 without NUL bytes. A leading "/incident" is
//     dropped and spaces (Unicode, so the ideographic space too) are trimmed.
//     Empty text is help.
//   - The first word is the subcommand: a name or alias in the verb table
//     (verbs.go), ASCII case ignored.
//   - For subcommands that act on an incident, the next word may name it: #N or
//     #D-N (full-width ＃ and digits accepted). A # anywhere else is plain text.
//   - Free-text values are decoded from Slack's escaping (&lt; &gt; &amp;, one
//     left-to-right pass) after mentions and labels are read, and hold at most
//     FieldLimit characters (runes).
//   - Labelled fields (decision, amend, status, postmortem, finding) follow
//     the rules in labels.go: split at | or ｜ where one of the verb's labels
//     follows, an unknown label refused, \| a literal bar. Free text (titles,
//     notes, reasons) is never split.

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// UsageMsg is the one-line usage of a subcommand.
func UsageMsg(v Verb) Msg {
	if spec, ok := verbOf(v); ok {
		return M(spec.usage, nil)
	}
	return M(MsgKey("usage."+string(v)), nil)
}

// Parse reads one /incident command. It is pure: it looks at nothing but text
// and the severity scale. Every error is a *Problem of kind ErrInvalid.
func Parse(text string, scale Scale) (Command, error) {
	if !utf8.ValidString(text) {
		return Command{}, Problemf(ErrInvalid, "err.invalid_utf8", nil)
	}
	if strings.IndexByte(text, 0) >= 0 {
		return Command{}, Problemf(ErrInvalid, "err.nul", nil)
	}
	s := strings.TrimSpace(text)
	if rest, ok := cutPrefixASCIIFold(s, "/incident"); ok && (rest == "" || startsWithSpace(rest)) {
		s = strings.TrimSpace(rest)
	}
	if s == "" {
		return Command{Verb: VerbHelp}, nil
	}
	word, rest := cutWord(s, false)
	v, ok := lookupVerb(word)
	if !ok {
		return Command{}, Problemf(ErrInvalid, "err.unknown_verb", Args{"word": word, "verbs": verbList()})
	}
	p := parser{verb: v.name, scale: scale, fields: v.fields, cmd: Command{Verb: v.name}}
	if v.incident && startsWithHash(rest) {
		tok, after := cutWord(rest, true)
		ref, ok := parseHashRef(tok)
		if !ok {
			return Command{}, p.fail("err.bad_ref", Args{"word": tok})
		}
		p.cmd.Ref, rest = ref, after
	}
	if err := v.parse(&p, rest); err != nil {
		return Command{}, err
	}
	return p.cmd, nil
}

// parser holds one command being read.
type parser struct {
	verb   Verb
	scale  Scale
	fields *fieldSet // the verb's labels (labels.go); nil for a verb without
	cmd    Command
}

// fail builds the verb's error; every one carries the verb's usage line.
func (p *parser) fail(key MsgKey, args Args) *Problem {
	a := Args{"usage": UsageMsg(p.verb)}
	for k, v := range args {
		a[k] = v
	}
	return Problemf(ErrInvalid, key, a)
}

// text checks and decodes one free-text value; part names it in messages.
func (p *parser) text(raw, part string, required bool) (string, error) {
	v := decodeEntities(strings.TrimSpace(raw))
	if v == "" {
		if required {
			return "", p.fail("err.required", Args{"field": partMsg(part)})
		}
		return "", nil
	}
	if n := utf8.RuneCountInString(v); n > FieldLimit {
		return "", p.fail("err.too_long", Args{"field": partMsg(part), "length": n, "limit": FieldLimit})
	}
	return v, nil
}

func partMsg(part string) Msg { return M(MsgKey("part."+part), nil) }

// ---- open ----

// open: open [level] <title> [started: T] [detected: T] [--private]
func (p *parser) open(rest string) error {
	// The level is the first word that is not a flag (or a flag's value):
	// "open --private high …" is as high as "open high --private …".
	var lead []string
	for {
		w, after := cutWord(rest, false)
		name, isFlag := flagName(w)
		if !isFlag {
			break
		}
		lead = append(lead, w)
		rest = after
		if name == "runbook" || name == "affects" {
			v, after := cutWord(rest, false)
			if _, vIsFlag := flagName(v); v != "" && !vIsFlag {
				lead = append(lead, v)
				rest = after
			}
		}
	}
	if w, after := cutWord(rest, false); w != "" {
		if lv, ok := p.scale.Lookup(w); ok {
			p.cmd.Severity, rest = lv.Key, after
		}
	}
	if len(lead) > 0 {
		rest = strings.Join(lead, " ") + " " + rest
	}
	// Walk the words: flags are taken out wherever they stand; a time label
	// starts a new segment that runs to the next label (or the end).
	type segment struct {
		part, typed string
		b           strings.Builder
	}
	segs := []*segment{{part: "title"}}
	cur := segs[0]
	prevEnd := -1 // end of the previous word kept in cur, to keep the spacing between words
	wantRunbook, wantAffects := false, false
	for _, t := range words(rest) {
		if wantRunbook {
			if _, isFlag := flagName(t.s); isFlag {
				return p.fail("err.runbook_missing", nil)
			}
			p.cmd.Runbook, wantRunbook = t.s, false
			if prevEnd >= 0 {
				prevEnd = t.end
			}
			continue
		}
		if wantAffects {
			if _, isFlag := flagName(t.s); isFlag {
				return p.fail("err.affects_missing", nil)
			}
			p.cmd.Affects, wantAffects = append(p.cmd.Affects, splitKeys(t.s)...), false
			if prevEnd >= 0 {
				prevEnd = t.end
			}
			continue
		}
		if name, ok := flagName(t.s); ok {
			switch name {
			case "private":
				p.cmd.Private = true
			case "runbook":
				if p.cmd.Runbook != "" {
					return p.fail("err.label_twice", Args{"field": partMsg("runbook")})
				}
				wantRunbook = true
			case "affects":
				wantAffects = true
			default:
				return p.fail("err.unknown_flag", Args{"flag": t.s, "flags": "--private, --runbook NAME, --affects KEY,KEY"})
			}
			if prevEnd >= 0 {
				prevEnd = t.end // keep the spacing after the flag, not before it
			}
			continue
		}
		if lw, after, ok := timeLabel(t.s); ok {
			for _, s := range segs {
				if s.part == lw.field {
					return p.fail("err.label_twice", Args{"field": partMsg(lw.field)})
				}
			}
			cur = &segment{part: lw.field, typed: t.s[:len(lw.word)]}
			segs = append(segs, cur)
			prevEnd = -1
			if after != "" {
				cur.b.WriteString(after)
				prevEnd = t.end
			}
			continue
		}
		if prevEnd >= 0 {
			cur.b.WriteString(rest[prevEnd:t.end])
		} else {
			cur.b.WriteString(t.s)
		}
		prevEnd = t.end
	}
	if wantRunbook {
		return p.fail("err.runbook_missing", nil)
	}
	if wantAffects {
		return p.fail("err.affects_missing", nil)
	}
	for _, s := range segs {
		raw := strings.TrimRightFunc(s.b.String(), isSpaceOrBar)
		switch s.part {
		case "title":
			v, err := p.text(raw, "title", true)
			if err != nil {
				return err
			}
			p.cmd.Title = v
		default:
			if strings.TrimSpace(raw) == "" {
				return p.fail("err.label_empty", Args{"label": s.typed})
			}
			v, err := p.text(raw, s.part, true)
			if err != nil {
				return err
			}
			if s.part == "started" {
				p.cmd.Started = v
			} else {
				p.cmd.Detected = v
			}
		}
	}
	return nil
}

// timeLabel reports whether word starts with "started:" (or another open time
// label, with : or ：) and returns the text after the colon.
func timeLabel(word string) (labelWord, string, bool) {
	for _, lw := range openFields.words {
		rest, ok := cutPrefixASCIIFold(word, lw.word)
		if !ok {
			continue
		}
		if after, ok := cutColon(rest); ok {
			return lw, after, true
		}
	}
	return labelWord{}, "", false
}

// ---- sev, assign, phase ----

// sev: sev <level> [reason]
func (p *parser) sev(rest string) error {
	w, after := cutWord(rest, false)
	if w == "" {
		return p.fail("err.level_missing", Args{"levels": levelList(p.scale)})
	}
	lv, ok := p.scale.Lookup(w)
	if !ok {
		return p.fail("err.unknown_level", Args{"word": w, "levels": levelList(p.scale)})
	}
	p.cmd.Severity = lv.Key
	r, err := p.text(after, "reason", false)
	p.cmd.Reason = r
	return err
}

// assign: assign <role> <person>
func (p *parser) assign(rest string) error {
	w, after := cutWord(rest, false)
	if w == "" {
		return p.fail("err.role_missing", Args{"roles": roleList()})
	}
	role, ok := ParseRole(w)
	if !ok {
		return p.fail("err.unknown_role", Args{"word": w, "roles": roleList()})
	}
	p.cmd.Role = role
	if after == "" {
		return p.fail("err.person_missing", nil)
	}
	who, extra, ok := parsePerson(after)
	if !ok {
		return p.fail("err.bad_person", Args{"word": who.name})
	}
	if extra != "" {
		return p.fail("err.extra", Args{"extra": extra})
	}
	p.cmd.Assignee = who2ref(who)
	return nil
}

// person is a parsed mention before it becomes a PersonRef.
type person struct {
	me       bool
	id, name string
}

func who2ref(w person) PersonRef {
	if w.me {
		return PersonRef{Me: true}
	}
	return PersonRef{Person: Person{ID: w.id, Name: w.name}}
}

// parsePerson reads one person at the start of s: <@U123|name>, <@U123>,
// @name (or ＠name), me or 自分. It returns the rest of s after the person. On
// failure the first return's name holds the word that was not understood.
func parsePerson(s string) (person, string, bool) {
	if strings.HasPrefix(s, "<@") {
		end := strings.IndexByte(s, '>')
		if end < 0 {
			w, _ := cutWord(s, false)
			return person{name: w}, "", false
		}
		inner, extra := s[2:end], strings.TrimSpace(s[end+1:])
		id, name, _ := strings.Cut(inner, "|")
		if !validID(id) {
			return person{name: s[:end+1]}, "", false
		}
		return person{id: id, name: decodeEntities(strings.TrimSpace(name))}, extra, true
	}
	w, extra := cutWord(s, false)
	if asciiEqualFold(w, "me") || w == "自分" {
		return person{me: true}, extra, true
	}
	for _, at := range []string{"@", "＠"} {
		if name, ok := strings.CutPrefix(w, at); ok && name != "" && !strings.ContainsAny(name, "<>|@＠") {
			name = decodeEntities(name)
			return person{id: name, name: name}, extra, true
		}
	}
	return person{name: w}, "", false
}

// validID accepts a Slack user id: letters, digits, '_', '.', '-'.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// phase: phase <name> [reason]
func (p *parser) phase(rest string) error {
	w, after := cutWord(rest, false)
	if w == "" {
		return p.fail("err.phase_missing", Args{"phases": phaseList()})
	}
	ph, ok := ParsePhase(w)
	if !ok {
		if lw := strings.ToLower(w); lw == "closed" || lw == "close" || w == "クローズ" || w == "終了" {
			return Problemf(ErrInvalid, "err.phase_closed", Args{"usage": UsageMsg(VerbClose)})
		}
		return p.fail("err.unknown_phase", Args{"word": w, "phases": phaseList()})
	}
	p.cmd.Phase = ph
	r, err := p.text(p.skipFlag(after), "reason", false)
	p.cmd.Reason = r
	return err
}

// next: next [reason] [--skip]
func (p *parser) next(rest string) (err error) {
	p.cmd.Reason, err = p.text(p.skipFlag(rest), "reason", false)
	return err
}

// skipFlag takes a --skip out of rest (wherever it stands) and sets Skip.
func (p *parser) skipFlag(rest string) string {
	var kept []string
	for _, t := range words(rest) {
		if name, ok := flagName(t.s); ok && name == "skip" {
			p.cmd.Skip = true
			continue
		}
		kept = append(kept, t.s)
	}
	if !p.cmd.Skip {
		return rest
	}
	return strings.Join(kept, " ")
}

// item: done <n>, undo <n>; <phase>.<n> or an item's key name an item of
// any phase.
func (p *parser) item(rest string) error {
	w, after := cutWord(rest, false)
	if after != "" {
		if w == "" {
			return p.fail("err.number_missing", Args{"field": partMsg("item_number")})
		}
		return p.fail("err.extra", Args{"extra": after})
	}
	if w == "" || strings.Trim(widthFold.Replace(w), "0123456789") == "" {
		var err error
		p.cmd.Item, err = p.number(w, "item_number")
		return err
	}
	if i := strings.LastIndexAny(w, ".．"); i > 0 {
		_, size := utf8.DecodeRuneInString(w[i:])
		if ph, ok := ParsePhase(w[:i]); ok {
			n, ok := parseNumber(w[i+size:])
			if !ok {
				return p.fail("err.item_word", Args{"word": w})
			}
			p.cmd.ItemPhase, p.cmd.Item = ph, n
			return nil
		}
	}
	if !itemKeyRE(w) {
		return p.fail("err.item_word", Args{"word": w})
	}
	p.cmd.ItemKey = asciiLower(w)
	return nil
}

// itemKeyRE reports whether w has the form of a checklist item's key:
// lowercase letters, digits and single hyphens (ASCII case ignored).
func itemKeyRE(w string) bool {
	if w == "" || len(w) > 40 || w[0] == '-' || w[len(w)-1] == '-' || strings.Contains(w, "--") {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// drill: drill start <scenario> [--speed N] [--contact-check] | drill end
// | drill ack [@person]
func (p *parser) drill(rest string) error {
	w, after := cutWord(rest, false)
	switch asciiLower(w) {
	case "start":
	case "end":
		if after != "" {
			return p.fail("err.extra", Args{"extra": after})
		}
		p.cmd.DrillAction = "end"
		return nil
	case "ack":
		// The contact check's Acknowledge: for oneself, or for the person
		// the message went to (the button names them).
		p.cmd.DrillAction = "ack"
		if after == "" {
			return nil
		}
		who, extra, ok := parsePerson(after)
		if !ok || extra != "" || who.me {
			return p.fail("err.bad_person", Args{"word": after})
		}
		p.cmd.Assignee = who2ref(who)
		return nil
	case "":
		return p.fail("err.drill_action", nil)
	default:
		return p.fail("err.drill_action", Args{"word": w})
	}
	p.cmd.DrillAction, p.cmd.Speed = "start", 1
	ws := words(after)
	for i := 0; i < len(ws); i++ {
		if name, ok := flagName(ws[i].s); ok {
			if name == "contact-check" {
				p.cmd.ContactCheck = true
				continue
			}
			if name != "speed" {
				return p.fail("err.unknown_flag", Args{"flag": ws[i].s, "flags": "--speed N, --contact-check"})
			}
			if i+1 >= len(ws) {
				return p.fail("err.speed", Args{"word": ""})
			}
			n, ok := parseNumber(ws[i+1].s)
			if !ok || n < 1 || n > 3600 {
				return p.fail("err.speed", Args{"word": ws[i+1].s})
			}
			p.cmd.Speed = n
			i++
			continue
		}
		if p.cmd.Scenario != "" {
			return p.fail("err.extra", Args{"extra": ws[i].s})
		}
		p.cmd.Scenario = ws[i].s
	}
	if p.cmd.Scenario == "" {
		return p.fail("err.scenario_missing", nil)
	}
	return nil
}

// finding: finding <text> [| owner: @x] [| due: YYYY-MM-DD]
// | finding done <n> [note]
func (p *parser) finding(rest string) error {
	if w, after := cutWord(rest, false); asciiEqualFold(w, "done") {
		n, note := cutWord(after, false)
		digits := n != "" && strings.Trim(widthFold.Replace(n), "0123456789") == ""
		if digits || after == "" {
			num, ok := parseNumber(n)
			switch {
			case after == "":
				return p.fail("err.finding_number_missing", nil)
			case !ok:
				return p.fail("err.finding_number", Args{"word": n})
			}
			p.cmd.FindingNumber = num
			var err error
			p.cmd.Note, err = p.text(note, "note", false)
			return err
		}
		// "done" followed by words is the start of a finding's text.
	}
	vals, err := p.labelled(rest)
	if err != nil {
		return err
	}
	if vals["finding"] == "" {
		return p.fail("err.required", Args{"field": partMsg("finding")})
	}
	p.cmd.Finding = FindingFields{Text: vals["finding"]}
	if o, ok := vals["owner"]; ok {
		who, extra, ok := parsePerson(o)
		if !ok || extra != "" {
			return p.fail("err.bad_person", Args{"word": o})
		}
		p.cmd.Assignee = who2ref(who)
	}
	if d, ok := vals["due"]; ok {
		due, err := time.Parse(time.DateOnly, widthFold.Replace(d))
		if err != nil {
			return p.fail("err.due", Args{"word": d})
		}
		p.cmd.Finding.Due = due.Format(time.DateOnly)
	}
	return nil
}

// log: log <note>
func (p *parser) log(rest string) (err error) {
	p.cmd.Note, err = p.text(rest, "note", true)
	return err
}

// escalate: escalate [reason]
func (p *parser) escalate(rest string) (err error) {
	p.cmd.Reason, err = p.text(rest, "reason", false)
	return err
}

// approve: approve <decision number>
func (p *parser) approve(rest string) error {
	after, err := p.decisionNumber(rest)
	if err == nil && after != "" {
		err = p.fail("err.extra", Args{"extra": after})
	}
	return err
}

// refuse: refuse <decision number> [reason]
func (p *parser) refuse(rest string) error {
	after, err := p.decisionNumber(rest)
	if err == nil {
		p.cmd.Reason, err = p.text(after, "reason", false)
	}
	return err
}

// decisionNumber reads the decision number rest starts with and returns
// what follows it.
func (p *parser) decisionNumber(rest string) (string, error) {
	w, after := cutWord(rest, false)
	n, err := p.number(w, "decision_number")
	p.cmd.DecisionNumber = n
	return after, err
}

// runbook: runbook <name>
func (p *parser) runbook(rest string) error {
	w, err := p.lone(rest)
	if err == nil && w == "" {
		err = p.fail("err.runbook_missing", nil)
	}
	p.cmd.Runbook = w
	return err
}

// ---- labelled fields: decision, amend, status, postmortem (labels.go) ----

// decision: decision <decision> | why: <rationale> | action: <action> | next: <next step> [| by: @x] [| at: 10:40] [| stop: <service>]
func (p *parser) decision(rest string) error {
	vals, err := p.labelled(rest)
	if err != nil {
		return err
	}
	if vals["decision"] == "" {
		return p.fail("err.decision_empty", nil)
	}
	if vals["why"] == "" {
		return p.fail("err.why_missing", nil)
	}
	p.cmd.Decision = DecisionFields{Decision: vals["decision"], Why: vals["why"], Action: vals["action"], Next: vals["next"]}
	p.cmd.Stop = vals["stop"]
	return p.decider(vals)
}

// decider reads a decision's "by:" (who decided: a person or me) and keeps
// its "at:" (when, if logged later), which the service reads as a time.
func (p *parser) decider(vals map[string]string) error {
	if b, ok := vals["by"]; ok {
		who, extra, ok := parsePerson(b)
		if !ok || extra != "" {
			return p.fail("err.bad_person", Args{"word": b})
		}
		p.cmd.DecidedBy = who2ref(who)
	}
	p.cmd.DecidedAt = vals["at"]
	return nil
}

// lone reads an argument that is one word with nothing after it; "" if rest
// is empty.
func (p *parser) lone(rest string) (string, error) {
	w, after := cutWord(rest, false)
	if after != "" {
		return "", p.fail("err.extra", Args{"extra": after})
	}
	return w, nil
}

// ack: ack [role]
func (p *parser) ack(rest string) error {
	w, err := p.lone(rest)
	if err != nil || w == "" {
		return err
	}
	role, ok := ParseRole(w)
	if !ok {
		return p.fail("err.unknown_role", Args{"word": w, "roles": roleList()})
	}
	p.cmd.Role = role
	return nil
}

// amend: amend <decision number> <fields in the form of decision>
func (p *parser) amend(rest string) error {
	w, after := cutWord(rest, true)
	n, err := p.number(w, "decision_number")
	if err != nil {
		return err
	}
	vals, err := p.labelled(after)
	if err != nil {
		return err
	}
	if _, ok := vals["stop"]; ok {
		return p.fail("err.stop_in_amend", nil)
	}
	if len(vals) == 0 {
		return p.fail("err.amend_empty", nil)
	}
	p.cmd.DecisionNumber = n
	p.cmd.Decision = DecisionFields{Decision: vals["decision"], Why: vals["why"], Action: vals["action"], Next: vals["next"]}
	return p.decider(vals)
}

// number reads a positive whole number (ASCII or full-width digits).
func (p *parser) number(w, part string) (int, error) {
	if w == "" {
		return 0, p.fail("err.number_missing", Args{"field": partMsg(part)})
	}
	n, ok := parseNumber(w)
	if !ok {
		return 0, p.fail("err.number_bad", Args{"field": partMsg(part), "word": w})
	}
	return n, nil
}

// status: status confirmed: <...> | unconfirmed: <...> | next: <...>
func (p *parser) status(rest string) error {
	v, err := p.labelled(rest)
	if err != nil {
		return err
	}
	p.cmd.Status = StatusFields{Confirmed: v["confirmed"], Unconfirmed: v["unconfirmed"], Next: v["check_next"]}
	return nil
}

// postmortem: postmortem cause: <...> | impact: <...> | prevention: <...> | open: <...>
func (p *parser) postmortem(rest string) error {
	v, err := p.labelled(rest)
	if err != nil {
		return err
	}
	p.cmd.Postmortem = PostmortemFields{Cause: v["cause"], Impact: v["impact"], Prevention: v["prevention"], Open: v["open"]}
	return nil
}

// ---- redact, close, reopen, report, list, show, help ----

// redact: redact <event number> <reason>
func (p *parser) redact(rest string) error {
	w, after := cutWord(rest, false)
	n, err := p.number(w, "event_number")
	if err != nil {
		return err
	}
	r, err := p.text(after, "reason", true)
	if err != nil {
		return err
	}
	p.cmd.EventNumber, p.cmd.Reason = n, r
	return nil
}

// close: close [--skip | --false-alarm <reason>]
func (p *parser) close(rest string) error {
	if rest == "" {
		return nil
	}
	w, after := cutWord(rest, false)
	name, ok := flagName(w)
	if !ok {
		return p.fail("err.close_extra", Args{"extra": rest})
	}
	if name == "skip" {
		if after != "" {
			return p.fail("err.close_extra", Args{"extra": after})
		}
		p.cmd.Skip = true
		return nil
	}
	if name != "false-alarm" {
		return p.fail("err.unknown_flag", Args{"flag": w, "flags": "--skip, --false-alarm"})
	}
	r, err := p.text(after, "reason", true)
	if err != nil {
		return err
	}
	p.cmd.FalseAlarm, p.cmd.Reason = true, r
	return nil
}

// reopen: reopen <reason>
func (p *parser) reopen(rest string) (err error) {
	p.cmd.Reason, err = p.text(rest, "reason", true)
	return err
}

// report: report [md|html|json]
func (p *parser) report(rest string) error {
	w, after := cutWord(rest, false)
	switch {
	case w == "":
		p.cmd.Format = "md"
	case asciiEqualFold(w, "md") || asciiEqualFold(w, "markdown"):
		p.cmd.Format = "md"
	case asciiEqualFold(w, "html"):
		p.cmd.Format = "html"
	case asciiEqualFold(w, "json"):
		p.cmd.Format = "json"
	default:
		return p.fail("err.report_format", Args{"word": w})
	}
	if after != "" {
		return p.fail("err.extra", Args{"extra": after})
	}
	return nil
}

// list: list [all]
func (p *parser) list(rest string) error {
	switch {
	case rest == "":
	case asciiEqualFold(rest, "all"):
		p.cmd.All = true
	default:
		return p.fail("err.extra", Args{"extra": rest})
	}
	return nil
}

// findings: findings [open|all]
func (p *parser) findings(rest string) error {
	switch {
	case rest == "" || asciiEqualFold(rest, "open"):
	case asciiEqualFold(rest, "all"):
		p.cmd.All = true
	default:
		return p.fail("err.extra", Args{"extra": rest})
	}
	return nil
}

// bare: a subcommand that takes nothing after it (show, checklist).
func (p *parser) bare(rest string) error {
	if rest != "" {
		return p.fail("err.extra", Args{"extra": rest})
	}
	return nil
}

// help: help [subcommand]
func (p *parser) help(rest string) error {
	w, err := p.lone(rest)
	if err != nil || w == "" {
		return err
	}
	v, ok := lookupVerb(w)
	if !ok {
		return p.fail("err.help_unknown", Args{"word": w, "verbs": verbList()})
	}
	p.cmd.Topic = v.name
	return nil
}

// ---- words, flags, numbers, entities ----

func verbList() string {
	names := make([]string, len(Verbs))
	for i, v := range Verbs {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// word is a run of non-space characters and where it stands in its string.
type word struct {
	s     string
	start int
	end   int
}

// words splits s at Unicode spaces, keeping each word's byte offsets.
func words(s string) []word {
	var out []word
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, word{s[start:i], start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, word{s[start:], start, len(s)})
	}
	return out
}

// cutWord returns the first word of s (s starts with a non-space) and the rest,
// trimmed. With bar, | and ｜ also end the word (and stay in the rest).
func cutWord(s string, bar bool) (string, string) {
	i := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || bar && (r == '|' || r == '｜')
	})
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func startsWithHash(s string) bool {
	return strings.HasPrefix(s, "#") || strings.HasPrefix(s, "＃")
}

func isSpaceOrBar(r rune) bool { return unicode.IsSpace(r) || r == '|' || r == '｜' }

// cutColon removes a leading : or ：.
func cutColon(s string) (string, bool) {
	if rest, ok := strings.CutPrefix(s, ":"); ok {
		return rest, true
	}
	return strings.CutPrefix(s, "：")
}

// flagName reads --name and returns name in lower case. Phones and Macs turn
// "--" into "—", so —private and —false-alarm count too; any other —word is
// left as text (an em dash in a title is common).
func flagName(w string) (string, bool) {
	if name, ok := strings.CutPrefix(w, "--"); ok && name != "" && name[0] < utf8.RuneSelf && unicode.IsLetter(rune(name[0])) {
		return asciiLower(name), true
	}
	if name, ok := strings.CutPrefix(w, "—"); ok {
		switch name = asciiLower(name); name {
		case "private", "false-alarm":
			return name, true
		}
	}
	return "", false
}

// parseHashRef reads #N or #D-N (＃ and full-width digits too).
func parseHashRef(tok string) (Ref, bool) {
	t, ok := strings.CutPrefix(tok, "#")
	if !ok {
		if t, ok = strings.CutPrefix(tok, "＃"); !ok {
			return Ref{}, false
		}
	}
	drill := false
	if rest, ok := cutPrefixASCIIFold(t, "D-"); ok {
		drill, t = true, rest
	}
	n, ok := parseNumber(t)
	if !ok {
		return Ref{}, false
	}
	return Ref{Drill: drill, Number: n}, true
}

// parseNumber reads a positive whole number written in ASCII or full-width digits.
func parseNumber(s string) (int, bool) {
	if s == "" {
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
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// entities undoes Slack's escaping of message text in one left-to-right pass,
// so "&amp;lt;" becomes "&lt;" and not "<".
var entities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entities.Replace(s)
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// asciiEqualFold compares ignoring ASCII case only (strings.EqualFold would
// also fold, say, the Kelvin sign into k).
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// cutPrefixASCIIFold removes prefix from s, ignoring ASCII case.
func cutPrefixASCIIFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
