package workflow

import (
	"errors"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 9, 15, 0, 0, tokyo)
	tests := []struct {
		in   string
		want time.Time // zero: an error
	}{
		{"09:12", time.Date(2026, 11, 20, 9, 12, 0, 0, tokyo)},
		{"08:50:30", time.Date(2026, 11, 20, 8, 50, 30, 0, tokyo)},
		{"２３：４０", time.Date(2026, 11, 19, 23, 40, 0, 0, tokyo)}, // full-width; later than now today → yesterday
		{"09:16", time.Date(2026, 11, 19, 9, 16, 0, 0, tokyo)},  // one minute ahead → yesterday
		{"2026-11-18 22:05", time.Date(2026, 11, 18, 22, 5, 0, 0, tokyo)},
		{"2026-11-18T22:05", time.Date(2026, 11, 18, 22, 5, 0, 0, tokyo)},
		{"2026-11-19T13:00:00Z", time.Date(2026, 11, 19, 13, 0, 0, 0, time.UTC)},
		{"2026-11-21 08:00", time.Time{}}, // future
		{"25:99", time.Time{}},
		{"yesterday", time.Time{}},
	}
	for _, tc := range tests {
		got, err := ParseTime(tc.in, now, tokyo)
		if tc.want.IsZero() {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%q: want ErrInvalid, got %v %v", tc.in, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("%q = %v, %v; want %v in UTC", tc.in, got, err, tc.want)
		}
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		d      time.Duration
		en, ja string
	}{
		{22 * time.Minute, "22m", "22分"},
		{83 * time.Minute, "1h 23m", "1時間23分"},
		{50*time.Hour + 5*time.Minute, "2d 2h 5m", "2日2時間5分"},
		{40 * time.Second, "40s", "40秒"},
	} {
		if got := Span(tc.d).Localize(English); got != tc.en {
			t.Errorf("%s en = %q", tc.d, got)
		}
		if got := Span(tc.d).Localize(Japanese); got != tc.ja {
			t.Errorf("%s ja = %q", tc.d, got)
		}
	}
}
