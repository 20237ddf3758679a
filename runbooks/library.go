package runbooks

import (
	"incidentbot/workflow"
)

// Library is the Set as the workflow service reads it (workflow.Library).
// The runbooks and scenarios it hands out share the Set's maps and slices:
// read them, never change them.
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
	return r.Runbook, ok
}

func (l library) Suggest(title string) (workflow.Runbook, bool) {
	r, ok := l.s.Suggest(title)
	return r.Runbook, ok
}

func (l library) Scenario(name string) (workflow.Scenario, bool) {
	sc, ok := l.s.Scenario(name)
	return sc.Scenario, ok
}

func (l library) RunbookNames() []string  { return l.s.RunbookNames() }
func (l library) ScenarioNames() []string { return l.s.ScenarioNames() }
