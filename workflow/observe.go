package workflow

import (
	"strings"
	"time"
)

// CommandObserver is told about every command Execute handled, once it has
// its answer: the verb the text names ("" when it names none), how long
// Execute took (the real clock, not the service's), and what Execute
// returned. Adapters count commands with it (their metrics); it must be
// quick and must not call the service.
type CommandObserver interface {
	Executed(verb Verb, took time.Duration, r Reply, err error)
}

// Observe adds an observer of commands; call it before the service is used.
func (s *Service) Observe(o CommandObserver) { s.observers = append(s.observers, o) }

// executed tells the observers about one command.
func (s *Service) executed(req Request, took time.Duration, r Reply, err error) {
	v := VerbIn(req.Text)
	for _, o := range s.observers {
		o.Executed(v, took, r, err)
	}
}

// VerbIn is the subcommand text names, as Parse reads it (an alias gives its
// verb; no text at all is help), or "" when its first word is no subcommand.
// It reads nothing past that word, so a command refused for its arguments
// still counts under its verb.
func VerbIn(text string) Verb {
	s := strings.TrimSpace(text)
	if rest, ok := cutPrefixASCIIFold(s, "/incident"); ok && (rest == "" || startsWithSpace(rest)) {
		s = strings.TrimSpace(rest)
	}
	if s == "" {
		return VerbHelp
	}
	word, _ := cutWord(s, false)
	if v, ok := lookupVerb(word); ok {
		return v.name
	}
	return ""
}
