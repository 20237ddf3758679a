package runbooks

import (
	"incidentbot/workflow"
)

// Library is the Set as the workflow service reads it (workflow.Library):
// runbooks and scenarios in the workflow's types.
func (s *Set) Library() workflow.Library { return library{s} }

// RunbookNames lists the runbook names, sorted.
func (s *Set) RunbookNames() []string {
	out := make([]string, len(s.runbooks))
	for i, r := range s.runbooks {
		out[i] = r.Name
	}
	return out
}

// ScenarioNames lists the scenario names, sorted.
func (s *Set) ScenarioNames() []string {
	out := make([]string, len(s.scenarios))
	for i, sc := range s.scenarios {
		out[i] = sc.Name
	}
	return out
}

type library struct{ s *Set }

func (l library) Runbook(name string) (workflow.Runbook, bool) {
	r, ok := l.s.Runbook(name)
	return r.Workflow(), ok
}

func (l library) Suggest(title string) (workflow.Runbook, bool) {
	r, ok := l.s.Suggest(title)
	return r.Workflow(), ok
}

func (l library) Scenario(name string) (workflow.Scenario, bool) {
	sc, ok := l.s.Scenario(name)
	return sc.Workflow(), ok
}

func (l library) RunbookNames() []string  { return l.s.RunbookNames() }
func (l library) ScenarioNames() []string { return l.s.ScenarioNames() }

// Workflow is the runbook in the workflow's form. The workflow keeps stop
// conditions, fallbacks and contacts for the whole runbook only, so those
// written for one phase follow the runbook's own, each text led by the
// phase's name ("[contain] …", "[封じ込め] …"; for a contact, how to reach
// them); a contact's name is its English and Japanese names together when
// they differ.
func (r Runbook) Workflow() workflow.Runbook {
	if r.Name == "" {
		return workflow.Runbook{}
	}
	w := workflow.Runbook{
		Name:     r.Name,
		Title:    r.Title,
		Keywords: append([]string(nil), r.Keywords...),
		Severity: r.Severity,
		Phases:   map[workflow.Phase][]workflow.ChecklistItem{},
	}
	add := func(p workflow.Phase, g Guidance) {
		label := func(t workflow.Text) workflow.Text {
			if p == "" {
				return t
			}
			return workflow.Text{
				En: "[" + p.Localize(workflow.English) + "] " + t.En,
				Ja: "[" + p.Localize(workflow.Japanese) + "] " + t.Ja,
			}
		}
		for _, t := range g.Stop {
			w.Stop = append(w.Stop, label(t))
		}
		for _, t := range g.Fallbacks {
			w.Fallback = append(w.Fallback, label(t))
		}
		for _, c := range g.Contacts {
			name := c.Vendor.En
			if c.Vendor.Ja != "" && c.Vendor.Ja != c.Vendor.En {
				name += " / " + c.Vendor.Ja
			}
			w.Contacts = append(w.Contacts, workflow.Contact{Name: name, Reach: label(c.Reach), Ask: c.Ask})
		}
	}
	add("", r.Guidance)
	for _, p := range ChecklistPhases {
		cl, ok := r.Phases[p]
		if !ok {
			continue
		}
		items := make([]workflow.ChecklistItem, len(cl.Items))
		for i, it := range cl.Items {
			items[i] = workflow.ChecklistItem{Text: it.Text, Owner: it.Owner, Evidence: it.Evidence}
		}
		w.Phases[p] = items
		add(p, cl.Guidance)
	}
	return w
}

// Workflow is the scenario in the workflow's form.
func (sc Scenario) Workflow() workflow.Scenario {
	if sc.Name == "" {
		return workflow.Scenario{}
	}
	w := workflow.Scenario{Name: sc.Name, Title: sc.Title, Runbook: sc.Runbook, Severity: sc.Severity, End: sc.End}
	for _, in := range sc.Injects {
		wi := workflow.Inject{At: in.At, Text: in.Text, Raise: in.Raise}
		if x := in.Expect; x != nil {
			wi.Expect = &workflow.Expectation{Kind: workflow.ExpectKind(x.Kind), Role: x.Role, Phase: x.Phase, Deadline: x.Deadline}
		}
		w.Injects = append(w.Injects, wi)
	}
	return w
}
