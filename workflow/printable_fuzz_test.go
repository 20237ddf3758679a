package workflow

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPrintable: whatever goes in, what comes out is valid UTF-8 with no
// character a terminal acts on; text that had none comes out unchanged;
// every character (or invalid byte) is kept or replaced by one; and the
// string and byte forms agree.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"", "plain", "a\n\tb", "\x1b[2J", "\u202Eexe.txt", "\xff\xfe", "障害\u2066x\u2069", "\r\x00\x7f\u0085", "\uFFFD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Printable(s)
		if !utf8.ValidString(p) || strings.IndexFunc(p, Unsafe) >= 0 {
			t.Fatalf("Printable(%q) = %q", s, p)
		}
		if utf8.RuneCountInString(p) != utf8.RuneCountInString(s) {
			t.Fatalf("Printable(%q) = %q: %d characters for %d", s, p, utf8.RuneCountInString(p), utf8.RuneCountInString(s))
		}
		if utf8.ValidString(s) && strings.IndexFunc(s, Unsafe) < 0 && p != s {
			t.Fatalf("Printable(%q) changed printable text to %q", s, p)
		}
		if Printable(p) != p {
			t.Fatalf("Printable is not idempotent on %q", s)
		}
		if b := PrintableBytes([]byte(s)); !bytes.Equal(b, []byte(p)) {
			t.Fatalf("PrintableBytes(%q) = %q, Printable %q", s, b, p)
		}
	})
}
