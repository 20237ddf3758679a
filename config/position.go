package config

import (
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

type position struct{ line, col int }

// keyPositions maps each dotted key written in data ("slack.mode") to where
// it is written, so checks of meaning can point at the line. Only called on
// data that already decoded, so parse errors are not expected; on one the
// map is simply incomplete.
func keyPositions(data []byte) map[string]position {
	out := map[string]position{}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table, _ = keyOf(&p, e)
		case unstable.KeyValue:
			parts, pos := keyOf(&p, e)
			full := strings.Join(append(append([]string{}, table...), parts...), ".")
			if _, seen := out[full]; !seen {
				out[full] = pos
			}
		}
	}
	return out
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
