package runbooks

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a runbook or scenario file.
type Error struct {
	File      string // as given to Load ("dir/x.toml"), or runbooks/defaults/… for the embedded files
	Line, Col int    // 0 only when the file could not be read at all
	Key       string // dotted, entries counted from 0: "phase.initial.item[2].owner"
	Msg       string // what is wrong and how to fix it
}

// Error is "FILE:LINE:COL: key x.y: what is wrong, how to fix", the form
// config errors take, so `incidentbot check` prints both alike.
func (e *Error) Error() string {
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
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found, file by file, in line order.
type Errors []*Error

// Error puts one problem on each line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
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

// sortErrors keeps the files in the order they were read and puts each
// file's errors in line order.
func sortErrors(es Errors) {
	order := map[string]int{}
	for _, e := range es {
		if _, ok := order[e.File]; !ok {
			order[e.File] = len(order)
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if order[a.File] != order[b.File] {
			return order[a.File] < order[b.File]
		}
		return a.Line < b.Line || (a.Line == b.Line && a.Col < b.Col)
	})
}
