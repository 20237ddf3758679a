package workflow

import (
	"bytes"
	"testing"
	"unicode"
)

func TestPrintable(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain text is kept", "Database down 🔥 データベース停止", "Database down 🔥 データベース停止"},
		{"newlines and tabs are kept", "a\n\tb", "a\n\tb"},
		{"an escape sequence loses its ESC", "\x1b[2J\x1b]0;pwned\x07", "\uFFFD[2J\uFFFD]0;pwned\uFFFD"},
		{"carriage return and NUL", "ok\rfake\x00", "ok\uFFFDfake\uFFFD"},
		{"DEL and C1 controls", "a\x7fb\u009bc", "a\uFFFDb\uFFFDc"},
		{"bidi overrides and isolates", "x\u202Egnp.exe\u202Cy\u2066z\u2069", "x\uFFFDgnp.exe\uFFFDy\uFFFDz\uFFFD"},
		{"bidi marks", "\u200E\u200F\u061C", "\uFFFD\uFFFD\uFFFD"},
		{"bytes that are not UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"zero-width joiner in an emoji stays", "👩\u200D💻", "👩\u200D💻"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Printable(tc.in); got != tc.want {
				t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got := PrintableBytes([]byte(tc.in)); !bytes.Equal(got, []byte(tc.want)) {
				t.Errorf("PrintableBytes(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Unsafe spells out what the unicode tables say: a control character other
// than newline and tab, or a bidirectional formatting one. It must agree
// with them on every rune, so a newer Unicode in the tables shows here.
func TestUnsafeIsUnicodes(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		want := r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r))
		if got := Unsafe(r); got != want {
			t.Errorf("Unsafe(%U) = %v, the unicode tables say %v", r, got, want)
		}
	}
}
