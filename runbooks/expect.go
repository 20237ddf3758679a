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
			c.say("stalls."+s.key, "runbooks.err.stall_limit", workflow.Args{"value": *s.v, "max": MaxMinutes})
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
			c.say(k+".kind", "runbooks.err.expect_form", nil)
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
			c.say(k+"."+name, "runbooks.err.expect_unknown", workflow.Args{"value": quoted(name), "kinds": names})
			return nil
		}
	}
	switch len(kinds) {
	case 0:
		c.say(k, "runbooks.err.expect_nothing", workflow.Args{"kinds": names})
		return nil
	case 1:
	default:
		c.say(k+"."+kinds[1], "runbooks.err.expect_two", workflow.Args{"a": kinds[0], "b": kinds[1]})
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
		c.say(k+".by", "runbooks.err.by_missing", nil)
		return false
	case !isString || m == nil:
		c.say(k+".by", "runbooks.err.by_form", workflow.Args{"value": fmt.Sprint(v)})
		return false
	}
	n, err := strconv.Atoi(m[1])
	switch {
	case err != nil || n > MaxMinutes:
		c.say(k+".by", "runbooks.err.by_range", workflow.Args{"value": s, "max": MaxMinutes})
		return false
	case at >= 0 && n <= at:
		c.say(k+".by", "runbooks.err.by_early", workflow.Args{"n": n, "at": at})
		return false
	case n == 0:
		c.say(k+".by", "runbooks.err.by_zero", nil)
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
			c.say(k, "runbooks.err.value_true", workflow.Args{"name": name})
			return false
		}
	case workflow.ExpectRole:
		r, ok := workflow.ParseRole(str)
		if !isString || !ok {
			c.say(k, "runbooks.err.value_role", workflow.Args{"value": fmt.Sprint(v), "roles": roleNames()})
			return false
		}
		x.Role = r
	case workflow.ExpectPhaseOf:
		p, ok := workflow.ParsePhase(str)
		if !isString || !ok || p == workflow.PhaseClosed {
			c.say(k, "runbooks.err.value_phase", workflow.Args{"value": fmt.Sprint(v), "phases": phaseNames()})
			return false
		}
		x.Phase = p
	case workflow.ExpectItem:
		if !isString || str == "" {
			c.say(k, "runbooks.err.value_item", nil)
			return false
		}
		keys, known := refs.items[runbook]
		if known && !slices.Contains(keys, str) {
			if c.builtin {
				at := find(c.l, k)
				c.notes = append(c.notes, Note{Kind: NoteDrillItem, File: c.file, Line: at.Line, Col: at.Col, Key: k, Item: str, Runbook: runbook})
				return false
			}
			c.say(k, "runbooks.err.value_item_unknown", workflow.Args{"runbook": runbook, "value": quoted(str), "keys": strings.Join(keys, ", ")})
			return false
		}
		x.Item = str
	case workflow.ExpectStop:
		t, ok := stopTarget(v)
		if !ok {
			c.say(k, "runbooks.err.value_stop", workflow.Args{"name": name})
			return false
		}
		x.Stop = t
	case workflow.ExpectVendor:
		if !isString || str == "" {
			c.say(k, "runbooks.err.value_vendor", nil)
			return false
		}
		if _, ok := c.vendorIn(refs.vendors, str); !ok {
			switch {
			case c.builtin && len(refs.vendors) > 0:
				at := find(c.l, k)
				c.notes = append(c.notes, Note{Kind: NoteDrillVendor, File: c.file, Line: at.Line, Col: at.Col, Key: k,
					Vendor: str, Vendors: vendorKeys(refs.vendors)})
			case !c.builtin:
				c.say(k, "runbooks.err.vendor_unknown", workflow.Args{"value": quoted(str), "vendors": strings.Join(vendorKeys(refs.vendors), ", ")})
				return false
			}
		}
		x.Vendor = str
	case workflow.ExpectAudience:
		aud, ok := workflow.ParseAudience(str)
		if !isString || !ok {
			c.say(k, "runbooks.err.value_audience", workflow.Args{"value": fmt.Sprint(v), "audiences": audienceNames(), "name": name})
			return false
		}
		x.Audience = aud
	case workflow.ExpectMinutes:
		n, ok := v.(int64)
		if !ok || n < 1 || n > MaxMinutes {
			c.say(k, "runbooks.err.value_minutes", workflow.Args{"max": MaxMinutes, "name": name})
			return false
		}
		x.Max = time.Duration(n) * time.Minute
	default:
		c.say(k, "runbooks.err.value_unchecked", workflow.Args{"name": name})
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
				c.say(k+"."+name, "runbooks.err.first_form_string", workflow.Args{"name": name})
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
				c.say(k+".deadline", "runbooks.err.first_form_deadline", nil)
				ok = false
				continue
			}
			d := int(n)
			f.Deadline = &d
		default:
			c.say(k+"."+name, "runbooks.err.first_form_key", workflow.Args{"path": k})
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
			c.say(k+".kind", "runbooks.err.first_form_kind", workflow.Args{"kind": string(kd)})
			return nil
		}
	}
	minutes := func(key string, v int) bool {
		if v < 0 || v > MaxMinutes {
			c.say(key, "runbooks.err.minutes", workflow.Args{"value": v, "max": MaxMinutes})
			return false
		}
		return true
	}
	return c.expect(k, &f, at, minutes)
}
