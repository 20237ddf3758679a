package runbooks

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// pos is a place in a file, both counted from 1.
type pos struct{ line, col int }

func (p pos) atOrBefore(q pos) bool {
	return p.line < q.line || (p.line == q.line && p.col <= q.col)
}

// layout is where each key of a file is written, so that checks of meaning
// can name a line. Paths are dotted, with the entries of arrays (and of
// arrays of tables) counted from 0: "inject[2].expect.deadline",
// "keywords[1]". Every prefix of a written path is recorded too, at the
// place it is first written ("phase" at the first [phase.…] header).
type layout struct {
	at   map[string]pos
	keys []placed // every written path, in file order
}

type placed struct {
	path string
	at   pos
}

// scan reads the layout of data. A syntax error ends the scan early; the
// decoder reports it, and the layout is only ever used for line numbers.
func scan(data []byte) *layout {
	l := &layout{at: map[string]pos{}}
	var p unstable.Parser
	p.Reset(data)
	counts := map[string]int{} // path of an array of tables → entries so far
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			parts, at := keyOf(&p, e)
			if len(parts) == 0 {
				continue
			}
			path := ""
			for i, seg := range parts {
				path = join(path, seg)
				last := i == len(parts)-1
				if last && e.Kind == unstable.ArrayTable {
					n := counts[path]
					counts[path] = n + 1
					path = fmt.Sprintf("%s[%d]", path, n)
				} else if n, ok := counts[path]; ok {
					path = fmt.Sprintf("%s[%d]", path, n-1) // inside the latest entry
				}
			}
			table = path
			l.add(path, at)
		case unstable.KeyValue:
			l.keyValue(&p, e, table)
		}
	}
	return l
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// add records path at p, and each of its prefixes not seen yet.
func (l *layout) add(path string, p pos) {
	for i := range len(path) {
		if path[i] == '.' || path[i] == '[' {
			if _, ok := l.at[path[:i]]; !ok {
				l.at[path[:i]] = p
			}
		}
	}
	if _, ok := l.at[path]; !ok {
		l.at[path] = p
	}
	l.keys = append(l.keys, placed{path, p})
}

func (l *layout) keyValue(p *unstable.Parser, kv *unstable.Node, table string) {
	parts, at := keyOf(p, kv)
	if len(parts) == 0 {
		return
	}
	path := table
	for _, seg := range parts {
		path = join(path, seg)
	}
	l.add(path, at)
	l.value(p, path, kv.Value())
}

func (l *layout) value(p *unstable.Parser, path string, v *unstable.Node) {
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
			elem := fmt.Sprintf("%s[%d]", path, i)
			if at, ok := nodePos(p, n); ok {
				l.add(elem, at)
			}
			l.value(p, elem, n)
		}
	}
}

// nodePos is where a value starts: its own text, or its first part's.
func nodePos(p *unstable.Parser, n *unstable.Node) (pos, bool) {
	if n.Raw.Length > 0 {
		s := p.Shape(n.Raw)
		return pos{s.Start.Line, s.Start.Column}, true
	}
	it := n.Children()
	for it.Next() {
		c := it.Node()
		if c.Kind == unstable.KeyValue {
			if _, at := keyOf(p, c); at.line > 0 {
				return at, true
			}
			continue
		}
		if at, ok := nodePos(p, c); ok {
			return at, true
		}
	}
	return pos{}, false
}

func keyOf(p *unstable.Parser, e *unstable.Node) ([]string, pos) {
	var parts []string
	var at pos
	it := e.Key()
	for it.Next() {
		n := it.Node()
		if len(parts) == 0 && n.Raw.Length > 0 {
			s := p.Shape(n.Raw)
			at = pos{s.Start.Line, s.Start.Column}
		}
		parts = append(parts, string(n.Data))
	}
	return parts, at
}

// find is where path is written or, when it is not, where the nearest
// enclosing key or table is (an item without an owner: the item's
// [[…item]] header), so that an error about a missing key still has a
// line. A file that writes none of the path's parents gives line 1.
func (l *layout) find(path string) pos {
	for path != "" {
		if p, ok := l.at[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return pos{1, 1}
}

// locate names the written path of a decoder error. go-toml gives the key
// without array indexes (and, inside an inline table, without the keys
// that lead to the table), and the position of the key. The path is the
// key written at that very position with that name; else the nearest key
// written at or before it whose path, indexes aside, is or ends with the
// error's key.
func (l *layout) locate(key []string, at pos) string {
	if len(key) == 0 {
		return ""
	}
	want := strings.Join(key, ".")
	name := key[len(key)-1]
	for _, k := range l.keys {
		if k.at == at && lastName(k.path) == name {
			return k.path
		}
	}
	best := ""
	var bestAt pos
	for _, k := range l.keys {
		p := stripIndex(k.path)
		if !k.at.atOrBefore(at) || (p != want && !strings.HasSuffix(p, "."+want)) {
			continue
		}
		if best == "" || bestAt.atOrBefore(k.at) {
			best, bestAt = k.path, k.at
		}
	}
	if best == "" {
		return want
	}
	return best
}

// stripIndex drops the "[n]" parts of a path.
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
