package runbooks

import (
	"sort"

	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// Error is one problem in a runbook or scenario file, printed
// "FILE:LINE:COL: key x.y: what is wrong, how to fix", the form config
// errors take, so `incidentbot check` prints both alike. File is as given
// to Load ("dir/x.toml"), or runbooks/defaults/… for the embedded files;
// Line and Col are 0 only when the file could not be read at all; Key is
// dotted, entries counted from 0: "phase.initial.item[2].owner".
type Error = tomlpos.Error

// Errors is every problem found, file by file, in line order.
type Errors = tomlpos.Errors

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

// Every error of this package is made by problem, from the catalog, in
// English and Japanese: an error cannot be written in one language only.

// problem is the problem at key of file, the catalog's message m with args;
// at is its place (zero: the file could not be read).
func problem(file string, at tomlpos.Pos, key string, m workflow.MsgKey, args workflow.Args) *Error {
	e := tomlpos.Problem(messages, key, workflow.M(m, args))
	e.File, e.Line, e.Col = file, at.Line, at.Col
	return e
}

// say records a problem at key, where the key (or the nearest table
// around it) is written.
func (c *checker) say(key string, m workflow.MsgKey, args workflow.Args) {
	c.errs = append(c.errs, problem(c.file, find(c.l, key), key, m, args))
}

// quoted is a value as the file writes it: "x" in English, 「x」 in Japanese.
func quoted(s string) workflow.Text { return tomlpos.Quoted(s) }
