// Package tomlpos finds where keys are written in a TOML file, and carries
// those places in errors printed as "FILE:LINE:COL: key x.y: message".
// The configuration and the runbooks are checked with it, so that
// `incidentbot check` points at both alike.
//
// Paths are dotted keys with the entries of arrays (and of arrays of
// tables) counted from 0: "slack.mode", "severity[1]" (the header of the
// second [[severity]] table), "severity[1].notify",
// "severity[1].notify[0]" (its first entry), "severity[1].label.en" (a key
// of an inline table).
package tomlpos

import (
	"fmt"
	"maps"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Pos is a place in a file: line and column, both counted from 1.
type Pos struct{ Line, Col int }

// AtOrBefore reports whether p comes before q in the file, or is q.
func (p Pos) AtOrBefore(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Col <= q.Col)
}

// Layout is where each key of a file is written, so that checks of meaning
// and decode errors can point at a line.
type Layout struct {
	written map[string]Pos // each path written, at its first place
	first   map[string]Pos // each path written and each prefix of one, at its first place
	entries []Entry        // every path, in file order
}

// Entry is one path written in the file.
type Entry struct {
	Path []string // segments, each with its index if it has one: ["severity[1]", "notify"]
	Key  string   // the segments joined with dots: "severity[1].notify"
	Pos  Pos
	Raw  string // the value as written, for a key = value whose value is a single token
}

// Scan reads the layout of data. A syntax error only ends the scan early:
// the decoder reports it, and the layout is then incomplete, which costs a
// line number, nothing more.
func Scan(data []byte) *Layout {
	l := &Layout{written: map[string]Pos{}, first: map[string]Pos{}}
	var p unstable.Parser
	p.Reset(data)
	counts := map[string]int{} // path of an array of tables → its entries so far
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			parts, pos := keyOf(&p, e)
			if len(parts) == 0 {
				continue
			}
			table = make([]string, 0, len(parts))
			for i, seg := range parts {
				path := strings.Join(append(table, seg), ".")
				if n, ok := counts[path]; ok && (i < len(parts)-1 || e.Kind == unstable.Table) {
					seg = fmt.Sprintf("%s[%d]", seg, n-1) // a sub-table of the latest entry
				}
				table = append(table, seg)
			}
			if e.Kind == unstable.ArrayTable {
				path := strings.Join(table, ".")
				n := counts[path]
				counts[path] = n + 1
				table[len(table)-1] = fmt.Sprintf("%s[%d]", table[len(table)-1], n)
			}
			l.add(table, pos)
		case unstable.KeyValue:
			l.keyValue(&p, e, table)
		}
	}
	return l
}

// add records path at pos, and each of its prefixes not seen yet.
func (l *Layout) add(path []string, pos Pos) {
	path = append([]string(nil), path...)
	key := strings.Join(path, ".")
	if _, seen := l.written[key]; !seen {
		l.written[key] = pos
	}
	for i := range len(key) {
		if key[i] == '.' || key[i] == '[' {
			if _, seen := l.first[key[:i]]; !seen {
				l.first[key[:i]] = pos
			}
		}
	}
	if _, seen := l.first[key]; !seen {
		l.first[key] = pos
	}
	l.entries = append(l.entries, Entry{Path: path, Key: key, Pos: pos})
}

// keyValue records a key = value line under table, and what the value holds:
// the entries of arrays and the keys of inline tables.
func (l *Layout) keyValue(p *unstable.Parser, kv *unstable.Node, table []string) {
	parts, pos := keyOf(p, kv)
	if len(parts) == 0 {
		return
	}
	path := append(append([]string(nil), table...), parts...)
	l.add(path, pos)
	if v := kv.Value(); v != nil && v.Kind != unstable.Array && v.Kind != unstable.InlineTable && v.Raw.Length > 0 {
		l.entries[len(l.entries)-1].Raw = string(p.Raw(v.Raw))
	}
	l.value(p, path, kv.Value())
}

func (l *Layout) value(p *unstable.Parser, path []string, v *unstable.Node) {
	if v == nil {
		return
	}
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if n := it.Node(); n.Kind == unstable.KeyValue {
				l.keyValue(p, n, path)
			}
		}
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			n := it.Node()
			elem := append([]string(nil), path...)
			elem[len(elem)-1] = fmt.Sprintf("%s[%d]", elem[len(elem)-1], i)
			if pos, ok := nodePos(p, n); ok {
				l.add(elem, pos)
			}
			l.value(p, elem, n)
		}
	}
}

// nodePos is where a value starts: its own text, or its first part's.
func nodePos(p *unstable.Parser, n *unstable.Node) (Pos, bool) {
	if n.Raw.Length > 0 {
		s := p.Shape(n.Raw)
		return Pos{s.Start.Line, s.Start.Column}, true
	}
	it := n.Children()
	for it.Next() {
		c := it.Node()
		if c.Kind == unstable.KeyValue {
			if _, pos := keyOf(p, c); pos.Line > 0 {
				return pos, true
			}
			continue
		}
		if pos, ok := nodePos(p, c); ok {
			return pos, true
		}
	}
	return Pos{}, false
}

func keyOf(p *unstable.Parser, e *unstable.Node) ([]string, Pos) {
	var parts []string
	var pos Pos
	it := e.Key()
	for it.Next() {
		n := it.Node()
		if len(parts) == 0 && n.Raw.Length > 0 {
			s := p.Shape(n.Raw)
			pos = Pos{s.Start.Line, s.Start.Column}
		}
		parts = append(parts, string(n.Data))
	}
	return parts, pos
}

// Entries is every path written, in file order. The caller must not
// change them.
func (l *Layout) Entries() []Entry {
	if l == nil {
		return nil
	}
	return l.entries
}

// Paths maps each path written to where it is first written.
func (l *Layout) Paths() map[string]Pos {
	if l == nil {
		return map[string]Pos{}
	}
	return maps.Clone(l.written)
}

// Find is where path is written or, when it is not, where the nearest
// enclosing key or table is ("severity[2].notify" not written: the
// [[severity]] header), so that an error about a missing key still has a
// line. A path none of whose parents is written has none; so has every
// path of a nil layout.
func (l *Layout) Find(path string) (Pos, bool) {
	if l == nil {
		return Pos{}, false
	}
	return find(l.written, path)
}

// FindFirst is Find where a path that is not written itself but has keys
// written under it counts as written at the first of them ("phase" at the
// first [phase.…] header).
func (l *Layout) FindFirst(path string) (Pos, bool) {
	if l == nil {
		return Pos{}, false
	}
	return find(l.first, path)
}

func find(at map[string]Pos, path string) (Pos, bool) {
	for path != "" {
		if p, ok := at[path]; ok {
			return p, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return Pos{}, false
}

// StripIndex drops the "[n]" parts of a path or of one of its segments:
// the path as go-toml names keys.
func StripIndex(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
