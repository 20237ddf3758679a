package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"incidentbot/workflow"
)

// marshalIndent is json.MarshalIndent(v, prefix, "  ") with the characters
// a terminal would act on escaped (appendPrintable). encoding/json
// indents by running its validating scanner over every byte of the
// marshalled value once more, which cost a JSON report more than the
// marshalling; Marshal's compact output needs no checking, so this only
// places the line breaks and copies each string whole.
func marshalIndent(v any, prefix string) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return appendIndented(make([]byte, 0, len(js)+len(js)/2), js, prefix), nil
}

// appendIndented appends js, compact JSON as json.Marshal writes it,
// indented as json.Indent(dst, js, prefix, "  ") would, with its strings
// passed through appendPrintable.
func appendIndented(dst, js []byte, prefix string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, "  "...)
		}
	}
	for i := 0; i < len(js); i++ {
		switch c := js[i]; c {
		case '"':
			end := stringEnd(js, i)
			dst = appendPrintable(dst, js[i:end])
			i = end - 1
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(js) && (js[i+1] == '}' || js[i+1] == ']') { // empty stays on its line
				dst = append(dst, js[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd is the index just past the JSON string that starts at js[start],
// a quote: its closing quote is the first one not escaped by a backslash.
// An unclosed string (never from Marshal) runs to the end.
func stringEnd(js []byte, start int) int {
	for i := start + 1; ; {
		k := bytes.IndexByte(js[i:], '"')
		if k < 0 {
			return len(js)
		}
		i += k
		backslashes := 0
		for js[i-1-backslashes] == '\\' {
			backslashes++
		}
		if backslashes%2 == 0 {
			return i + 1
		}
		i++
	}
}

// appendPrintable appends js, part of a JSON text, with the characters a
// terminal would act on (workflow.Unsafe) written as \u escapes. They can
// stand only inside strings, where an escape means the same character.
// ASCII below DEL, most of any report, is copied without decoding.
func appendPrintable(dst, js []byte) []byte {
	start := 0
	for i := 0; i < len(js); {
		if js[i] < utf8.RuneSelf-1 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(js[i:])
		if workflow.Unsafe(r) {
			dst = append(dst, js[start:i]...)
			dst = fmt.Appendf(dst, "\\u%04x", r)
			start = i + n
		}
		i += n
	}
	return append(dst, js[start:]...)
}
