package report

import (
	"strconv"

	"incidentbot/workflow"
)

// The readable timeline: one line per event, in words, in the order the
// events were recorded, grouped by day. Each kind says how it reads
// (workflow.KindInfo.Say); the line adds when, on the drill's clock too for
// a drill, who recorded it, and the event's number, which the appendix
// lists with its hash.

// lineLimit is the most characters of a line's sentence; the sections below
// show every text in full.
const lineLimit = 400

// timeline writes the lines as the events come.
type readableTimeline struct {
	w    *doc
	r    *Report // the report being folded: what the line needs to know so far
	day  int     // the day of the last line (year*10000 + month*100 + day)
	open bool
}

func (t *readableTimeline) begin() { t.w.heading(2, t.w.t("sec.timeline", nil)) }

// line writes the line of one event, once add has folded it; said is its
// sentence (sentence).
func (t *readableTimeline) line(e workflow.Event, said string) {
	w := t.w
	local := e.OccurredAt.In(w.loc)
	y, m, dd := local.Date()
	if day := y*10000 + int(m)*100 + dd; day != t.day { // no real date is the zero day
		if t.open {
			w.endTable()
		}
		w.heading(3, local.Format("2006-01-02"))
		w.beginTable(w.cols("col.time", "col.by", "col.happened", "col.event"), -1)
		t.day, t.open = day, true
	}
	at := local.Format("15:04") + t.r.drillTime(w, e.OccurredAt)
	who := workflow.Person{ID: e.Actor.User, Name: e.Actor.Name}.Display()
	w.row([]string{at, who, said, strconv.Itoa(e.Seq)})
}

// sentence is what happened, in words, as the line shows it. It reads
// nothing add changes (the snapshot's asks, the doc's language, zone and
// scale), so the decoder's goroutine makes it while the fold goes on.
func (t *readableTimeline) sentence(e workflow.Event, d decoded) string {
	return clip(t.say(e, d), lineLimit)
}

// say is what happened, in words.
func (t *readableTimeline) say(e workflow.Event, d decoded) string {
	w := t.w
	kind := e.Kind.Localize(w.l)
	switch {
	case d.unreadable:
		return w.t("tl.unreadable", workflow.Args{"kind": kind})
	case d.redacted:
		return w.t("tl.redacted", workflow.Args{"kind": kind})
	}
	info, _ := e.Kind.Info()
	return workflow.Render(w.l, info.Say(d.p, workflow.SayContext{Scale: w.scale, Loc: w.loc, Decision: d.decision, Asks: t.r.inc.Asks}))
}

func (t *readableTimeline) end() {
	if t.open {
		t.w.endTable()
	} else {
		t.w.para(t.w.t("md.none", nil))
	}
}
