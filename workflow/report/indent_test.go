package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// sameAsIndent checks appendIndented against encoding/json's own indenting
// of the same compact JSON (and appendPrintable after it).
func sameAsIndent(t *testing.T, compact []byte, prefix string) {
	t.Helper()
	var want bytes.Buffer
	if err := json.Indent(&want, compact, prefix, "  "); err != nil {
		t.Fatalf("%s: %v", compact, err)
	}
	if got := appendIndented(nil, compact, prefix); !bytes.Equal(got, appendPrintable(nil, want.Bytes())) {
		t.Errorf("%s at %q:\n got %s\nwant %s", compact, prefix, got, want.Bytes())
	}
}

func TestIndentedAsEncodingJSON(t *testing.T) {
	for _, v := range []any{
		nil, true, 3.5, "", `a "quoted" \ back\\slash \\" and <b>`,
		[]any{}, map[string]any{}, []any{[]any{}, map[string]any{}},
		map[string]any{"a": []any{1, "x,y", map[string]any{"b:c": nil}}, "d": map[string]any{}},
		[]string{"\u202e reversed", "del \x7f", "c1 \u0085", "日本語, [text]: {x}"},
		struct {
			A []int           `json:"a"`
			B map[string]bool `json:"b"`
		}{A: []int{1, 2}, B: map[string]bool{"z": true}},
	} {
		compact, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, prefix := range []string{"", "    "} {
			sameAsIndent(t, compact, prefix)
		}
	}
	// Unsafe characters are escaped inside strings, and nothing else.
	got := appendIndented(nil, []byte(`{"a\u202e":"\u0085x\u007f"}`), "")
	if want := "{\n  \"a\\u202e\": \"\\u0085x\\u007f\"\n}"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzIndented(f *testing.F) {
	for _, s := range []string{`{}`, `[1,{"a":[]}]`, `"\\\""`, `{"k\"":"v\\"}`, `[null,true,-1.5e3]`, "\"\u202e\u0085\x7f\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(s)) != nil {
			return
		}
		sameAsIndent(t, compact.Bytes(), "  ")
	})
}
