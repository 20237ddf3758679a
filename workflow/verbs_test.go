package workflow

import (
	"slices"
	"strings"
	"testing"
)

func TestVerbTableEntries(t *testing.T) {
	// Every entry is complete: its messages exist in both languages, it parses,
	// and Execute knows how to run it.
	c := Messages()
	for _, v := range verbs {
		for _, k := range []MsgKey{v.usage, v.help, v.example} {
			txt, ok := c[k]
			if !ok {
				t.Errorf("%s: no message %q", v.name, k)
				continue
			}
			if strings.TrimSpace(txt.En) == "" || strings.TrimSpace(txt.Ja) == "" {
				t.Errorf("%s: %s lacks a language", v.name, k)
			}
		}
		for _, l := range Langs {
			if u := Render(l, M(v.usage, nil)); !strings.HasPrefix(u, "/incident "+string(v.name)) {
				t.Errorf("%s: usage in %s does not start with the command: %q", v.name, l, u)
			}
		}
		if v.parse == nil {
			t.Errorf("%s: no parse func", v.name)
		}
		ways := 0
		for _, set := range []bool{v.run != nil, v.view != nil, v.decide != nil} {
			if set {
				ways++
			}
		}
		if ways != 1 {
			t.Errorf("%s: %d ways to run it, want exactly one of run, view, decide", v.name, ways)
		}
		switch {
		case v.decide != nil:
			if !v.incident || !v.mutates || v.confirm == nil {
				t.Errorf("%s: a change acts on an incident, mutates and confirms", v.name)
			}
		case v.view != nil:
			if !v.incident || v.mutates {
				t.Errorf("%s: a view reads one incident and changes nothing", v.name)
			}
		}
		if v.closed != refuseClosed && v.decide == nil {
			t.Errorf("%s: a closed rule without a decision", v.name)
		}
	}
}

func TestVerbTableWordsUnique(t *testing.T) {
	// A typed word names one verb at most: no name or alias twice, ASCII case
	// ignored as the parser ignores it.
	seen := map[string]Verb{}
	for _, v := range verbs {
		for _, w := range append([]string{string(v.name)}, v.aliases...) {
			k := asciiLower(w)
			if other, dup := seen[k]; dup {
				t.Errorf("%q names both %s and %s", w, other, v.name)
			}
			seen[k] = v.name
		}
	}
}

func TestVerbsInHelpOrder(t *testing.T) {
	// The help overview lists the verbs in this order; the table sets it.
	want := []Verb{VerbOpen, VerbSev, VerbAssign, VerbPhase, VerbNext, VerbDecision, VerbAmend,
		VerbLog, VerbStatus, VerbScope, VerbPostmortem, VerbRedact, VerbClose, VerbReopen,
		VerbAck, VerbEscalate, VerbApprove, VerbRefuse,
		VerbRunbook, VerbChecklist, VerbDone, VerbUndo, VerbDrill, VerbFinding, VerbReport,
		VerbList, VerbShow, VerbHelp, VerbWho, VerbKit, VerbVendor, VerbVendors, VerbAffects,
		VerbStatement, VerbStatements, VerbPersonalData, VerbFindings}
	if !slices.Equal(Verbs, want) {
		t.Errorf("Verbs = %v, want %v", Verbs, want)
	}
	over := HelpLines("", DefaultScale())
	for i, v := range want {
		if got := over[1+i].Key; got != UsageMsg(v).Key {
			t.Errorf("overview line %d is %s, want the usage of %s", 1+i, got, v)
		}
	}
}

func TestVerbWords(t *testing.T) {
	// A verb is found by its name or an alias, ASCII case ignored, and by
	// nothing else.
	v := verbSpec{name: "vendor", aliases: []string{"vendors", "ベンダー"}}
	tests := []struct {
		word string
		want bool
	}{
		{"vendor", true},
		{"VENDOR", true},
		{"Vendors", true},
		{"ベンダー", true},
		{"vendo", false},
		{"vendor ", false},
		{"ｖｅｎｄｏｒ", false}, // full-width letters are not folded
		{"", false},
	}
	for _, tc := range tests {
		if got := v.is(tc.word); got != tc.want {
			t.Errorf("is(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
	for _, name := range Verbs {
		for _, w := range []string{string(name), strings.ToUpper(string(name))} {
			if got, ok := lookupVerb(w); !ok || got.name != name {
				t.Errorf("lookupVerb(%q) = %v, %v", w, got, ok)
			}
		}
	}
	if got, ok := lookupVerb("frobnicate"); ok {
		t.Errorf("lookupVerb(frobnicate) = %v", got.name)
	}
}

func TestClosedRule(t *testing.T) {
	incident, drill := &Incident{}, &Incident{Drill: true}
	tests := []struct {
		rule            closedRule
		incident, drill bool
	}{
		{refuseClosed, false, false},
		{allowClosed, true, true},
		{allowEndDrill, false, true},
	}
	for _, tc := range tests {
		if got := tc.rule.allows(incident); got != tc.incident {
			t.Errorf("rule %d on a real incident: %v", tc.rule, got)
		}
		if got := tc.rule.allows(drill); got != tc.drill {
			t.Errorf("rule %d on a drill: %v", tc.rule, got)
		}
	}
}
