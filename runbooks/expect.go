package runbooks

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Expectations and stall limits of drill scenarios. An expectation is
// written in one of two forms, on an inject (expect = { … }) or on its own
// ([[expect]], counting from the start of the drill):
//
//	{ item_done = "isolate", by = "T+20" }          one kind, its value, and by
//	{ kind = "role_assigned", role = "commander", deadline = 5 }   the first form
//
// The kinds and what their values name are workflow's registry
// (workflow/expect.go); a value of a new sort needs a case in value.
// Problems are written in English and Japanese.

// scenarioRefs is what a scenario's expectations are checked against
// besides its own file: the checklist item keys of each runbook, and the
// configured vendors.
type scenarioRefs struct {
	items   map[string][]string // runbook name → its items' keys
	vendors []workflow.Vendor
}

// itemKeys lists the item keys of every runbook of books, by name.
func itemKeys(books map[string]Runbook) map[string][]string {
	out := map[string][]string{}
	for name, rb := range books {
		for _, items := range rb.Phases {
			for _, it := range items {
				out[name] = append(out[name], it.Key)
			}
		}
		sort.Strings(out[name])
	}
	return out
}

// badJa records a problem written in both languages.
func (c *checker) badJa(key, en, ja string) {
	at := find(c.l, key)
	c.errs = append(c.errs, &Error{File: c.file, Line: at.Line, Col: at.Col, Key: key, Msg: en, Ja: ja})
}

// byRE is how a deadline is written: "T+20" (minutes from the start).
var byRE = regexp.MustCompile(`^[Tt]\s*\+\s*([0-9]+)$`)

// stallsFile is [stalls]: the limits, whole minutes.
type stallsFile struct {
	DecisionWithin *int `toml:"decision_within"`
	QuietMax       *int `toml:"quiet_max"`
	ApprovalWithin *int `toml:"approval_within"`
}

// stalls checks [stalls].
func (c *checker) stalls(f *stallsFile) workflow.Stalls {
	var out workflow.Stalls
	if f == nil {
		return out
	}
	for _, s := range []struct {
		key string
		v   *int
		to  *time.Duration
	}{{"decision_within", f.DecisionWithin, &out.DecisionWithin}, {"quiet_max", f.QuietMax, &out.QuietMax},
		{"approval_within", f.ApprovalWithin, &out.ApprovalWithin}} {
		if s.v == nil {
			continue
		}
		if *s.v < 1 || *s.v > MaxMinutes {
			c.badJa("stalls."+s.key, fmt.Sprintf("%d is not a limit; write whole minutes, 1 to %d", *s.v, MaxMinutes),
				fmt.Sprintf("%d は上限として使えません。1〜%d の分で書いてください", *s.v, MaxMinutes))
			continue
		}
		*s.to = time.Duration(*s.v) * time.Minute
	}
	return out
}

// expectation checks the expectation written at k: on the inject at
// minute at, or (at < 0 with own) one of the scenario's own. runbook is
// the scenario's runbook ("" if unknown). It returns nil when the
// expectation is unusable, or when a built-in file's expectation was left
// out with a note.
func (c *checker) expectation(k string, e map[string]any, at int, own bool, runbook string, refs scenarioRefs) *workflow.Expectation {
	if _, old := e["kind"]; old {
		if own {
			c.badJa(k+".kind", "[[expect]] takes the form { <kind> = <value>, by = \"T+n\" }, such as item_done = \"isolate\", by = \"T+20\"",
				"[[expect]] は { <種類> = <値>, by = \"T+n\" } の形で書きます（例: item_done = \"isolate\", by = \"T+20\"）")
			return nil
		}
		return c.oldExpectation(k, e, at)
	}
	var kinds []string
	for name := range e {
		if name != "by" {
			kinds = append(kinds, name)
		}
	}
	sort.Strings(kinds)
	names := kindNames()
	for _, name := range kinds {
		if _, ok := workflow.ExpectKind(name).Info(); !ok {
			c.badJa(k+"."+name, fmt.Sprintf("unknown expectation %q; write one of %s, with by = \"T+n\"", name, names),
				fmt.Sprintf("%q という期待される対応はありません。%s のいずれかを by = \"T+n\" とともに書いてください", name, names))
			return nil
		}
	}
	switch len(kinds) {
	case 0:
		c.badJa(k, fmt.Sprintf("the expectation says nothing to expect; write one of %s, with by = \"T+n\"", names),
			fmt.Sprintf("期待される対応が書かれていません。%s のいずれかを by = \"T+n\" とともに書いてください", names))
		return nil
	case 1:
	default:
		c.badJa(k+"."+kinds[1], fmt.Sprintf("one expectation per table: %s and %s are two; write each in its own [[expect]]", kinds[0], kinds[1]),
			fmt.Sprintf("一つの表に書ける期待される対応は一つです（%s と %s）。それぞれ別の [[expect]] に書いてください", kinds[0], kinds[1]))
		return nil
	}
	info, _ := workflow.ExpectKind(kinds[0]).Info()
	x := &workflow.Expectation{Kind: info.Kind}
	ok := c.by(k, e["by"], at, x)
	if !c.value(k+"."+kinds[0], info, e[kinds[0]], runbook, refs, x) {
		return nil
	}
	if !ok {
		return nil
	}
	return x
}

func kindNames() string {
	names := make([]string, len(workflow.ExpectKinds))
	for i, kd := range workflow.ExpectKinds {
		names[i] = string(kd)
	}
	return strings.Join(names, ", ")
}

// by reads by = "T+n" into x's deadline: after the inject's minute at.
func (c *checker) by(k string, v any, at int, x *workflow.Expectation) bool {
	s, isString := v.(string)
	m := byRE.FindStringSubmatch(strings.TrimSpace(s))
	switch {
	case v == nil:
		c.badJa(k+".by", "missing; write by when it should be met, in minutes from the start of the drill: by = \"T+20\"",
			"ありません。いつまでに達成すべきかを演習開始からの分で書いてください: by = \"T+20\"")
		return false
	case !isString || m == nil:
		c.badJa(k+".by", fmt.Sprintf("%v is not a deadline; write minutes from the start of the drill as by = \"T+20\"", v),
			fmt.Sprintf("%v は期限として読めません。演習開始からの分を by = \"T+20\" の形で書いてください", v))
		return false
	}
	n, err := strconv.Atoi(m[1])
	switch {
	case err != nil || n > MaxMinutes:
		c.badJa(k+".by", fmt.Sprintf("%s is not a time in the drill; write T+0 to T+%d", s, MaxMinutes),
			fmt.Sprintf("%s は演習中の時刻ではありません。T+0〜T+%d で書いてください", s, MaxMinutes))
		return false
	case at >= 0 && n <= at:
		c.badJa(k+".by", fmt.Sprintf("the deadline T+%d is not after its inject at T+%d; by counts from the start of the drill, like at", n, at),
			fmt.Sprintf("期限 T+%d が状況付与の時刻 T+%d より後ではありません。by も at と同じく演習開始から数えます", n, at))
		return false
	case n == 0:
		c.badJa(k+".by", "T+0 leaves no time to meet it; write a later deadline", "T+0 では達成する時間がありません。もっと後の期限を書いてください")
		return false
	}
	x.Deadline = time.Duration(n) * time.Minute
	return true
}

// value checks the value of an expectation of kind info at k into x.
func (c *checker) value(k string, info workflow.ExpectKindInfo, v any, runbook string, refs scenarioRefs, x *workflow.Expectation) bool {
	name := string(info.Kind)
	str, isString := v.(string)
	str = strings.TrimSpace(str)
	switch info.Value {
	case workflow.ExpectTrue:
		if b, ok := v.(bool); !ok || !b {
			c.badJa(k, fmt.Sprintf("write %s = true (or leave the expectation out)", name),
				fmt.Sprintf("%s = true と書いてください（不要なら期待される対応ごと消します）", name))
			return false
		}
	case workflow.ExpectRole:
		r, ok := workflow.ParseRole(str)
		if !isString || !ok {
			c.badJa(k, fmt.Sprintf("%v is not a role; write one of %s", v, roleNames()),
				fmt.Sprintf("%v は役割ではありません。%s のいずれかを書いてください", v, roleNames()))
			return false
		}
		x.Role = r
	case workflow.ExpectPhaseOf:
		p, ok := workflow.ParsePhase(str)
		if !isString || !ok || p == workflow.PhaseClosed {
			c.badJa(k, fmt.Sprintf("%v is not a phase; write one of %s", v, phaseNames()),
				fmt.Sprintf("%v はフェーズではありません。%s のいずれかを書いてください", v, phaseNames()))
			return false
		}
		x.Phase = p
	case workflow.ExpectItem:
		if !isString || str == "" {
			c.badJa(k, "write the key of a checklist item of the scenario's runbook, such as item_done = \"isolate\"",
				"シナリオの手順書にあるチェックリスト項目のキーを書いてください（例: item_done = \"isolate\"）")
			return false
		}
		keys, known := refs.items[runbook]
		if known && !slices.Contains(keys, str) {
			if c.builtin {
				at := find(c.l, k)
				c.notes = append(c.notes, Note{Kind: NoteDrillItem, File: c.file, Line: at.Line, Col: at.Col, Key: k, Item: str, Runbook: runbook})
				return false
			}
			c.badJa(k, fmt.Sprintf("the runbook %s has no item with the key %q; its keys are %s", runbook, str, strings.Join(keys, ", ")),
				fmt.Sprintf("手順書 %s にキー %q の項目はありません。キー: %s", runbook, str, strings.Join(keys, ", ")))
			return false
		}
		x.Item = str
	case workflow.ExpectStop:
		t, ok := stopTarget(v)
		if !ok {
			c.badJa(k, fmt.Sprintf("write what the decision stops, as people write it after stop:, in both languages: %s = { en = \"infected PC\", ja = \"感染PC\" } (or one word for both)", name),
				fmt.Sprintf("意思決定で停止するものを stop: の後に書く言葉で、日英両方書いてください: %s = { en = \"infected PC\", ja = \"感染PC\" }（一語で両方を兼ねても可）", name))
			return false
		}
		x.Stop = t
	case workflow.ExpectVendor:
		if !isString || str == "" {
			c.badJa(k, "write the key of a vendor of the configuration ([[vendor]]), such as vendor_request = \"hosting\"",
				"設定ファイルの委託先（[[vendor]]）のキーを書いてください（例: vendor_request = \"hosting\"）")
			return false
		}
		if _, ok := c.vendorIn(refs.vendors, str); !ok {
			switch {
			case c.builtin && len(refs.vendors) > 0:
				at := find(c.l, k)
				c.notes = append(c.notes, Note{Kind: NoteDrillVendor, File: c.file, Line: at.Line, Col: at.Col, Key: k,
					Vendor: str, Vendors: vendorKeys(refs.vendors)})
			case !c.builtin:
				c.badJa(k, fmt.Sprintf("unknown vendor %q; the configured vendors are %s", str, strings.Join(vendorKeys(refs.vendors), ", ")),
					fmt.Sprintf("委託先 %q は設定されていません。設定済みの委託先: %s", str, strings.Join(vendorKeys(refs.vendors), ", ")))
				return false
			}
		}
		x.Vendor = str
	case workflow.ExpectAudience:
		aud, ok := workflow.ParseAudience(str)
		if !isString || !ok {
			c.badJa(k, fmt.Sprintf("%v is not an audience of statements; write one of %s, such as %s = \"affected\"", v, audienceNames(), name),
				fmt.Sprintf("%v は発信の宛先ではありません。%s のいずれかを書いてください（例: %s = \"affected\"。本人 などの日本語でも可）", v, audienceNames(), name))
			return false
		}
		x.Audience = aud
	case workflow.ExpectMinutes:
		n, ok := v.(int64)
		if !ok || n < 1 || n > MaxMinutes {
			c.badJa(k, fmt.Sprintf("write whole minutes, 1 to %d, such as %s = 10", MaxMinutes, name),
				fmt.Sprintf("1〜%d の分で書いてください（例: %s = 10）", MaxMinutes, name))
			return false
		}
		x.Max = time.Duration(n) * time.Minute
	default:
		c.badJa(k, fmt.Sprintf("this version cannot check %s yet", name), fmt.Sprintf("このバージョンは %s をまだ検査できません", name))
		return false
	}
	return true
}

// audienceNames lists the audiences' keys: "customers, partners, …".
func audienceNames() string {
	names := make([]string, len(workflow.Audiences))
	for i, a := range workflow.Audiences {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}

func (c *checker) vendorIn(vs []workflow.Vendor, key string) (workflow.Vendor, bool) {
	for _, v := range vs {
		if v.Key == key {
			return v, true
		}
	}
	return workflow.Vendor{}, false
}

// stopTarget reads a stop target: "…" (both languages) or { en, ja }.
func stopTarget(v any) (workflow.Text, bool) {
	switch t := v.(type) {
	case string:
		s := strings.TrimSpace(t)
		return workflow.Text{En: s, Ja: s}, s != ""
	case map[string]any:
		en, _ := t["en"].(string)
		ja, _ := t["ja"].(string)
		en, ja = strings.TrimSpace(en), strings.TrimSpace(ja)
		return workflow.Text{En: en, Ja: ja}, len(t) == 2 && en != "" && ja != ""
	}
	return workflow.Text{}, false
}

// oldExpectation checks the first form: { kind, role | phase, deadline }.
func (c *checker) oldExpectation(k string, e map[string]any, at int) *workflow.Expectation {
	f := expectFile{}
	ok := true
	for name, v := range e {
		s, isString := v.(string)
		switch name {
		case "kind", "role", "phase":
			if !isString {
				c.bad(k+"."+name, "wrong type; write a string in double quotes, like %s = \"…\"", name)
				ok = false
				continue
			}
			switch name {
			case "kind":
				f.Kind = s
			case "role":
				f.Role = s
			default:
				f.Phase = s
			}
		case "deadline":
			n, isInt := v.(int64)
			if !isInt {
				c.bad(k+".deadline", "wrong type; write a whole number of minutes, like deadline = 10")
				ok = false
				continue
			}
			d := int(n)
			f.Deadline = &d
		default:
			c.bad(k+"."+name, "unknown key (keys in %s: kind, role, phase, deadline; or write the expectation as { <kind> = <value>, by = \"T+n\" })", k)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	switch kd := workflow.ExpectKind(strings.TrimSpace(f.Kind)); kd {
	case workflow.ExpectRoleAssigned, workflow.ExpectDecision, workflow.ExpectPhase, workflow.ExpectStatus:
	default:
		if _, known := kd.Info(); known {
			c.badJa(k+".kind", fmt.Sprintf("write %s as { %s = <value>, by = \"T+n\" }", kd, kd),
				fmt.Sprintf("%s は { %s = <値>, by = \"T+n\" } の形で書いてください", kd, kd))
			return nil
		}
	}
	minutes := func(key string, v int) bool {
		if v < 0 || v > MaxMinutes {
			c.bad(key, "%d is not a time in the drill; write whole minutes from the start, 0 to %d", v, MaxMinutes)
			return false
		}
		return true
	}
	return c.expect(k, &f, at, minutes)
}
