package workflow

import (
	"strconv"
	"strings"
	"time"
)

// widthFold turns full-width digits and punctuation that Japanese input methods
// type into their ASCII forms, for time values.
var widthFold = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"：", ":", "－", "-", "／", "/", "　", " ",
)

// clockLayouts are the forms a typed time may take. Those without a date mean
// the most recent such time; those without a zone are read in the configured one.
var clockLayouts = []struct {
	layout string
	date   bool
	zone   bool
}{
	{time.RFC3339, true, true},
	{"2006-01-02T15:04:05", true, false},
	{"2006-01-02T15:04", true, false},
	{"2006-01-02 15:04:05", true, false},
	{"2006-01-02 15:04", true, false},
	{"2006/01/02 15:04", true, false},
	{"15:04:05", false, false},
	{"15:04", false, false},
}

// ParseTime reads a time a user typed ("09:12", "2026-11-20 08:50",
// RFC 3339). A time without a date is the most recent such time at or before
// now in loc; a time without a zone is in loc. The result is UTC. A time after
// now is refused: incidents record what has happened.
func ParseTime(text string, now time.Time, loc *time.Location) (time.Time, error) {
	s := strings.TrimSpace(widthFold.Replace(text))
	for _, f := range clockLayouts {
		var t time.Time
		var err error
		if f.zone {
			t, err = time.Parse(f.layout, s)
		} else {
			t, err = time.ParseInLocation(f.layout, s, loc)
		}
		if err != nil {
			continue
		}
		if !f.date {
			n := now.In(loc)
			t = time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
			if t.After(n) {
				t = t.AddDate(0, 0, -1)
			}
		}
		if t.After(now) {
			return time.Time{}, Problemf(ErrInvalid, "err.time_future", Args{"text": text})
		}
		return t.UTC(), nil
	}
	return time.Time{}, Problemf(ErrInvalid, "err.time_format", Args{"text": text})
}

// clockOnly reports whether text is a time of day without a date ("09:12").
func clockOnly(text string) bool {
	s := strings.TrimSpace(widthFold.Replace(text))
	for _, f := range clockLayouts {
		if !f.date {
			if _, err := time.Parse(f.layout, s); err == nil {
				return true
			}
		}
	}
	return false
}

// Span is a duration shown to people: "1h 23m" / "1時間23分".
type Span time.Duration

// Localize renders the span in language l, to the minute (seconds under one minute).
func (d Span) Localize(l Lang) string {
	v := time.Duration(d)
	neg := v < 0
	if neg {
		v = -v
	}
	var parts []string
	add := func(n int64, en, ja string) {
		if l == Japanese {
			parts = append(parts, itoa(n)+ja)
		} else {
			parts = append(parts, itoa(n)+en)
		}
	}
	days, hours, mins := int64(v/(24*time.Hour)), int64(v/time.Hour)%24, int64(v/time.Minute)%60
	switch {
	case v < time.Minute:
		add(int64(v/time.Second), "s", "秒")
	default:
		if days > 0 {
			add(days, "d", "日")
		}
		if hours > 0 {
			add(hours, "h", "時間")
		}
		if mins > 0 {
			add(mins, "m", "分")
		}
	}
	sep := " "
	if l == Japanese {
		sep = ""
	}
	out := strings.Join(parts, sep)
	if neg {
		out = "-" + out
	}
	return out
}

// When is a moment shown to people in the configured zone.
type When struct {
	T   time.Time
	Loc *time.Location
}

// Localize renders the time as "2006-01-02 15:04 MST", or "—" if zero.
func (w When) Localize(Lang) string {
	if w.T.IsZero() {
		return "—"
	}
	loc := w.Loc
	if loc == nil {
		loc = time.UTC
	}
	return w.T.In(loc).Format("2006-01-02 15:04 MST")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
