package report

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"incidentbot/workflow"
)

// JSON renders the report as indented JSON with the stable snake_case field
// names documented in docs/export.md. It is the same in every language:
// phases, roles, severities and event kinds are their keys, times are RFC 3339
// in UTC and durations are whole seconds. Characters a terminal would act on
// (DEL, C1 controls, bidirectional formatting) are written as \u escapes, so
// the text is kept exactly and shows safely.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(escapeUnprintable(b), '\n'), nil
}

// escapeUnprintable writes the characters a terminal would act on
// (workflow.Unsafe) as JSON \u escapes. encoding/json has escaped the C0
// controls already and writes no invalid UTF-8; the rest can stand only
// inside strings, where an escape means the same character.
func escapeUnprintable(js []byte) []byte {
	var out []byte
	for i := 0; i < len(js); {
		r, n := utf8.DecodeRune(js[i:])
		if workflow.Unsafe(r) {
			if out == nil {
				out = append(make([]byte, 0, len(js)+16), js[:i]...)
			}
			out = fmt.Appendf(out, "\\u%04x", r)
		} else if out != nil {
			out = append(out, js[i:i+n]...)
		}
		i += n
	}
	if out == nil {
		return js
	}
	return out
}
