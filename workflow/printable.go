package workflow

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Replacement stands in for a character Printable removes.
const Replacement = '\uFFFD'

// Printable returns s fit to print on a terminal or in a file read on one:
// newlines and tabs stay; every other control character (C0, DEL, C1: an
// escape sequence starts with one) and every bidirectional formatting
// character (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they
// reorder what is shown) becomes U+FFFD, as does a byte that is not UTF-8.
// Text a person typed reaches terminals and exports through it.
func Printable(s string) string {
	i := strings.IndexFunc(s, unprintable)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteString(s[:i])
	for _, r := range s[i:] { // invalid bytes come as utf8.RuneError
		if unprintable(r) {
			r = Replacement
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PrintableBytes is Printable for a byte slice; p itself is returned when it
// needs no change.
func PrintableBytes(p []byte) []byte {
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		if unprintable(r) || r == utf8.RuneError && n == 1 {
			return []byte(Printable(string(p)))
		}
		i += n
	}
	return p
}

// Unsafe reports whether a terminal would act on r rather than show it: a
// control character other than newline and tab, or a bidirectional
// formatting character. Printable replaces these.
func Unsafe(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// unprintable reports a character Printable replaces: an unsafe one, or
// utf8.RuneError, which ranging over a string yields for an invalid byte (a
// real U+FFFD stays U+FFFD).
func unprintable(r rune) bool { return r == utf8.RuneError || Unsafe(r) }
