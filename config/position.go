package config

import (
	"strings"

	"incidentbot/tomlpos"
)

// locate finds the written path of a decode error: go-toml gives the key
// without array indexes (and, inside an inline table, without the table's
// own key), and the position of the key or of the value. The path is the
// nearest key written at or before that position whose name is the error's
// last name.
func locate(l *tomlpos.Layout, key []string, line, col int) (string, bool) {
	if l == nil || len(key) == 0 {
		return "", false
	}
	at := tomlpos.Pos{Line: line, Col: col}
	name := key[len(key)-1]
	var best *tomlpos.Entry
	entries := l.Entries()
	for i := range entries {
		e := &entries[i]
		if !e.Pos.AtOrBefore(at) || tomlpos.StripIndex(e.Path[len(e.Path)-1]) != name {
			continue
		}
		if tomlpos.StripIndex(e.Path[0]) != key[0] {
			continue
		}
		if best == nil || best.Pos.AtOrBefore(e.Pos) {
			best = e
		}
	}
	if best == nil {
		return "", false
	}
	return best.Key, true
}

// firstUnquoted is the first key written with a bare value (a number, a
// boolean) where is says a string belongs.
func firstUnquoted(l *tomlpos.Layout, is func(path []string) bool) (tomlpos.Entry, bool) {
	for _, e := range l.Entries() {
		if e.Raw != "" && e.Raw[0] != '"' && e.Raw[0] != '\'' && is(splitPath(e.Key)) {
			return e, true
		}
	}
	return tomlpos.Entry{}, false
}

// splitPath is a written path as go-toml names keys: segments without indexes.
func splitPath(path string) []string {
	return strings.Split(tomlpos.StripIndex(path), ".")
}
