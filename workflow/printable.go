package workflow

import (
	"strings"
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
	// Every character of a report passes here: find the first character to
	// replace, and copy nothing when there is none (the usual case).
	i := -1
	for j, r := range s {
		if unprintable(r) {
			i = j
			break
		}
	}
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
	// unicode.IsControl and unicode.Bidi_Control spelled out: every
	// character of every report passes here (TestUnsafeIsUnicodes holds
	// the two to the same answer for every rune).
	switch {
	case r < 0:
		return false
	case r < 0x20:
		return r != '\n' && r != '\t'
	case r < 0x7f:
		return false
	case r <= 0x9f: // DEL and the C1 controls
		return true
	case r < 0x061c:
		return false
	}
	return r == 0x061c || r == 0x200e || r == 0x200f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// unprintable reports a character Printable replaces: an unsafe one, or
// utf8.RuneError, which ranging over a string yields for an invalid byte (a
// real U+FFFD stays U+FFFD).
func unprintable(r rune) bool { return r == utf8.RuneError || Unsafe(r) }
