package workflow

import (
	"strconv"
	"time"
)

// Every command that takes a time (open's started: and detected:, a
// decision's at:, a finding's due:) says in its reply how it read it, in
// full — "2026-12-01 08:50 JST (yesterday)", never an ambiguous 12/01 — and
// warns when a time typed without a date was taken as yesterday's because
// today's is still ahead: the sign of a wrong time zone, or of a typo.

// Echo is a typed time as the bot read it, with its date, zone and the day
// it falls on relative to now: "2026-12-01 08:50 JST (yesterday)".
type Echo struct {
	T, Now time.Time
	Loc    *time.Location
	// DateOnly shows the date alone (a due date).
	DateOnly bool
}

// Localize renders the echo in language l.
func (e Echo) Localize(l Lang) string {
	loc := e.Loc
	if loc == nil {
		loc = time.UTC
	}
	t := e.T.In(loc)
	s := t.Format("2006-01-02 15:04 MST")
	if e.DateOnly {
		s = t.Format(time.DateOnly)
	}
	return s + relativeDay(l, daysFrom(e.Now.In(loc), t))
}

// daysFrom counts calendar days from now's date to t's (both in the same
// zone): 0 today, -1 yesterday, 1 tomorrow.
func daysFrom(now, t time.Time) int {
	a := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// relativeDay is " (today)", " (yesterday)", " (3 days ago)", " (in 14
// days)", or in Japanese "（今日）", "（昨日）", "（3日前）", "（14日後）".
func relativeDay(l Lang, days int) string {
	n := strconv.Itoa(max(days, -days))
	if l == Japanese {
		switch {
		case days == 0:
			return "（今日）"
		case days == -1:
			return "（昨日）"
		case days == 1:
			return "（明日）"
		case days < 0:
			return "（" + n + "日前）"
		}
		return "（" + n + "日後）"
	}
	switch {
	case days == 0:
		return " (today)"
	case days == -1:
		return " (yesterday)"
	case days == 1:
		return " (tomorrow)"
	case days < 0:
		return " (" + n + " days ago)"
	}
	return " (in " + n + " days)"
}

// rolledBack reports whether the typed text was a time without a date that
// was read as an earlier day's because today's is still ahead.
func rolledBack(typed string, t, now time.Time, loc *time.Location) bool {
	if typed == "" || !clockOnly(typed) {
		return false
	}
	if loc == nil {
		loc = time.UTC
	}
	return daysFrom(now.In(loc), t.In(loc)) < 0
}

// timeEcho is the reply's word on one typed time: how it was read, and a
// warning when it rolled back a day. part names the field (part.<part>).
func timeEcho(part, typed string, t, now time.Time, loc *time.Location) []Msg {
	if typed == "" || !rolledBack(typed, t, now, loc) {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	return []Msg{M("time.rolled_back", Args{"field": partMsg(part), "typed": typed,
		"now": now.In(loc).Format("15:04 MST"), "when": Echo{T: t, Now: now, Loc: loc},
		"example": t.In(loc).Format("2006-01-02 15:04")})}
}
