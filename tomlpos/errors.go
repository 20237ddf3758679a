package tomlpos

import (
	"fmt"
	"strings"
)

// Error is one problem in a file, at the place it is written.
type Error struct {
	File      string
	Line, Col int    // 0 when the problem has no place in the file
	Key       string // a path: "severity[1].notify"
	Msg       string // what is wrong and how to fix it
	// Ja is Msg in Japanese. Problem makes both; an error made without
	// it prints in English.
	Ja string
	// Err is the cause, for a file that could not be read.
	Err error
}

// Error is "FILE:LINE:COL: key x.y: what is wrong, how to fix".
func (e *Error) Error() string { return e.In(false) }

// In is the error with its message in Japanese when ja is set and there
// is one, else in English.
func (e *Error) In(ja bool) string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString("key " + e.Key + ": ")
	}
	if ja && e.Ja != "" {
		b.WriteString(e.Ja)
	} else {
		b.WriteString(e.Msg)
	}
	return b.String()
}

// Unwrap is the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every problem found.
type Errors []*Error

// Error puts one problem on each line.
func (es Errors) Error() string { return es.In(false) }

// In puts one problem on each line, each in Japanese where it has it when
// ja is set.
func (es Errors) In(ja bool) string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.In(ja)
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
