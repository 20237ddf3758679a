package runbooks

import (
	"strings"

	"incidentbot/tomlpos"
)

// find is where path is written or, when it is not, where the nearest
// enclosing key or table is (an item without an owner: the item's
// [[…item]] header), so that an error about a missing key still has a
// line. A path not written itself counts as written at the first key
// written under it ("phase" at the first [phase.…] header). A file that
// writes none of the path's parents gives line 1.
func find(l *tomlpos.Layout, path string) tomlpos.Pos {
	if p, ok := l.FindFirst(path); ok {
		return p
	}
	return tomlpos.Pos{Line: 1, Col: 1}
}

// locate names the written path of a decoder error. go-toml gives the key
// without array indexes (and, inside an inline table, without the keys
// that lead to the table), and the position of the key. The path is the
// key written at that very position with that name; else the nearest key
// written at or before it whose path, indexes aside, is or ends with the
// error's key.
func locate(l *tomlpos.Layout, key []string, at tomlpos.Pos) string {
	if len(key) == 0 {
		return ""
	}
	want := strings.Join(key, ".")
	name := key[len(key)-1]
	for _, k := range l.Entries() {
		if k.Pos == at && lastName(k.Key) == name {
			return k.Key
		}
	}
	best := ""
	var bestAt tomlpos.Pos
	for _, k := range l.Entries() {
		p := tomlpos.StripIndex(k.Key)
		if !k.Pos.AtOrBefore(at) || (p != want && !strings.HasSuffix(p, "."+want)) {
			continue
		}
		if best == "" || bestAt.AtOrBefore(k.Pos) {
			best, bestAt = k.Key, k.Pos
		}
	}
	if best == "" {
		return want
	}
	return best
}
