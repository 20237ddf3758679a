package config

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

type position struct{ line, col int }

// before reports whether p comes before or at q in the file.
func (p position) before(q position) bool {
	return p.line < q.line || (p.line == q.line && p.col <= q.col)
}

// layout is where each key of a file is written, so that checks of meaning
// and decode errors can point at a line.
//
// Paths are dotted keys with the entries of arrays counted from 0:
// "slack.mode", "severity[1]" (the header of the second [[severity]] table),
// "severity[1].notify", "severity[1].notify[0]" (its first entry),
// "severity[1].label.en" (a key of an inline table).
type layout struct {
	pos     map[string]position
	entries []entry // every path, in file order
}

type entry struct {
	path []string // segments, each with its index if it has one: ["severity[1]", "notify"]
	pos  position
	raw  string // the value as written, for a key = value whose value is a single token
}

// keyPositions maps each path written in data to where it is written.
func keyPositions(data []byte) map[string]position { return scan(data).pos }

// scan reads the layout of data. A parse error only ends the scan early:
// the map is then incomplete, which costs a line number, nothing more.
func scan(data []byte) *layout {
	l := &layout{pos: map[string]position{}}
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

func (l *layout) add(path []string, pos position) {
	path = append([]string(nil), path...)
	key := strings.Join(path, ".")
	if _, seen := l.pos[key]; !seen {
		l.pos[key] = pos
	}
	l.entries = append(l.entries, entry{path: path, pos: pos})
}

// keyValue records a key = value line under table, and what the value holds:
// the entries of arrays and the keys of inline tables.
func (l *layout) keyValue(p *unstable.Parser, kv *unstable.Node, table []string) {
	parts, pos := keyOf(p, kv)
	if len(parts) == 0 {
		return
	}
	path := append(append([]string(nil), table...), parts...)
	l.add(path, pos)
	if v := kv.Value(); v != nil && v.Kind != unstable.Array && v.Kind != unstable.InlineTable && v.Raw.Length > 0 {
		l.entries[len(l.entries)-1].raw = string(p.Raw(v.Raw))
	}
	l.value(p, path, kv.Value())
}

func (l *layout) value(p *unstable.Parser, path []string, v *unstable.Node) {
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
func nodePos(p *unstable.Parser, n *unstable.Node) (position, bool) {
	if n.Raw.Length > 0 {
		s := p.Shape(n.Raw)
		return position{s.Start.Line, s.Start.Column}, true
	}
	it := n.Children()
	for it.Next() {
		c := it.Node()
		if c.Kind == unstable.KeyValue {
			if _, pos := keyOf(p, c); pos.line > 0 {
				return pos, true
			}
			continue
		}
		if pos, ok := nodePos(p, c); ok {
			return pos, true
		}
	}
	return position{}, false
}

func keyOf(p *unstable.Parser, e *unstable.Node) ([]string, position) {
	var parts []string
	var pos position
	it := e.Key()
	for it.Next() {
		n := it.Node()
		if len(parts) == 0 && n.Raw.Length > 0 {
			s := p.Shape(n.Raw)
			pos = position{s.Start.Line, s.Start.Column}
		}
		parts = append(parts, string(n.Data))
	}
	return parts, pos
}

// find is where path is written or, when it is not, where the nearest
// enclosing key or table is ("severity[2].notify" not written: the
// [[severity]] header), so an error about a missing key still has a line.
// Top-level keys that are not written have none.
func (l *layout) find(path string) (position, bool) {
	if l == nil {
		return position{}, false
	}
	for path != "" {
		if p, ok := l.pos[path]; ok {
			return p, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return position{}, false
}

// locate finds the written path of a decode error: go-toml gives the key
// without array indexes (and, inside an inline table, without the table's
// own key), and the position of the key or of the value. The path is the
// nearest key written at or before that position whose name is the error's
// last name.
func (l *layout) locate(key []string, line, col int) (string, bool) {
	if l == nil || len(key) == 0 {
		return "", false
	}
	at := position{line, col}
	name := key[len(key)-1]
	var best *entry
	for i := range l.entries {
		e := &l.entries[i]
		if !e.pos.before(at) || stripIndex(e.path[len(e.path)-1]) != name {
			continue
		}
		if stripIndex(e.path[0]) != key[0] {
			continue
		}
		if best == nil || best.pos.before(e.pos) {
			best = e
		}
	}
	if best == nil {
		return "", false
	}
	return strings.Join(best.path, "."), true
}

// firstUnquoted is the first key written with a bare value (a number, a
// boolean) where is says a string belongs.
func (l *layout) firstUnquoted(is func(path []string) bool) (entry, bool) {
	for _, e := range l.entries {
		if e.raw != "" && e.raw[0] != '"' && e.raw[0] != '\'' && is(splitPath(strings.Join(e.path, "."))) {
			return e, true
		}
	}
	return entry{}, false
}

// stripIndex drops the "[n]" parts of a path segment or path.
func stripIndex(s string) string {
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

// splitPath is a written path as go-toml names keys: segments without indexes.
func splitPath(path string) []string {
	return strings.Split(stripIndex(path), ".")
}
