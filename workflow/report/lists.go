package report

import (
	"reflect"

	"incidentbot/workflow"
)

// The lists a report keeps an item per event for — notes, status updates,
// escalation steps and acknowledgements, the severity history, handovers,
// findings, scope updates, redactions — grow with the timeline. Build holds
// them while they have heldItems items together; past that it lets go of
// the longest, and the renderers read its kinds of events again, a page at
// a time, writing each item as it comes (listRows, jsonList). So a report
// needs the same memory for a hundred thousand notes as for twenty
// thousand, and an incident of ten thousand events is read no more often
// than it must be. Decisions and their corrections are held whole:
// a correction and an approval change decisions logged before them.

// heldItems is how many items the list sections hold together while the
// timeline is folded (a few hundred bytes each). A variable so a test can
// make every list overflow.
var heldItems = 20000

// listID names a list section.
type listID int

const (
	listSeverity listID = iota
	listHandovers
	listSteps
	listAcks
	listStatus
	listNotes
	listFindings
	listScope
	listRedactions
	listCount
)

// listInfo is where a list lives in the report and what feeds it.
type listInfo struct {
	path  string               // its JSON path
	kinds []workflow.EventKind // the events that add to it
	ptr   func(r *Report) any  // a pointer to its slice
}

var lists = [listCount]listInfo{
	listSeverity:   {"severity_history", []workflow.EventKind{workflow.EventOpened, workflow.EventSeverityChanged}, func(r *Report) any { return &r.SeverityHistory }},
	listHandovers:  {"roles.handovers", []workflow.EventKind{workflow.EventRoleAssigned}, func(r *Report) any { return &r.Roles.Handovers }},
	listSteps:      {"escalation.steps", []workflow.EventKind{workflow.EventNotified, workflow.EventEscalated, workflow.EventEscalationCancelled, workflow.EventEscalationExhausted, workflow.EventReminded}, func(r *Report) any { return &r.Escalation.Steps }},
	listAcks:       {"escalation.acknowledgements", []workflow.EventKind{workflow.EventAcknowledged}, func(r *Report) any { return &r.Escalation.Acknowledgements }},
	listStatus:     {"status_updates", []workflow.EventKind{workflow.EventStatus}, func(r *Report) any { return &r.StatusUpdates }},
	listNotes:      {"notes", []workflow.EventKind{workflow.EventNote, workflow.EventMessagePinned}, func(r *Report) any { return &r.Notes }},
	listFindings:   {"findings", []workflow.EventKind{workflow.EventFinding}, func(r *Report) any { return &r.Findings }},
	listScope:      {"scope.updates", []workflow.EventKind{workflow.EventScope}, func(r *Report) any { return &r.Scope.Updates }},
	listRedactions: {"redactions", []workflow.EventKind{workflow.EventRedaction}, func(r *Report) any { return &r.Redactions }},
}

// slice is the list's slice as a reflect.Value (settable).
func (id listID) slice(r *Report) reflect.Value { return reflect.ValueOf(lists[id].ptr(r)).Elem() }

// count is how many items the list has had: held or let go.
func (r *Report) count(id listID) int {
	if r.over[id] {
		return r.counted[id]
	}
	return id.slice(r).Len()
}

// capLists keeps the lists within heldItems together, letting go of the
// longest while they are over it; a list let go keeps only its count
// (called after each event is folded).
func (r *Report) capLists() {
	held := 0
	for id := range listCount {
		v := id.slice(r)
		if r.over[id] {
			if n := v.Len(); n > 0 {
				r.counted[id] += n
				v.SetLen(0)
			}
			continue
		}
		held += v.Len()
	}
	for held > heldItems {
		longest := listID(-1)
		for id := range listCount {
			if !r.over[id] && (longest < 0 || id.slice(r).Len() > longest.slice(r).Len()) {
				longest = id
			}
		}
		v := longest.slice(r)
		held -= v.Len()
		r.over[longest], r.counted[longest] = true, v.Len()
		v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // its memory goes too
	}
}

// eachItem calls fn with the items of list id: those held, or, for a list
// let go, those of its events read again from src, one at a time, each
// folded into a scratch report (fn reads the list's slice of it).
func (r *Report) eachItem(src workflow.EventSource, id listID, fn func(x *Report) error) error {
	if !r.over[id] {
		return fn(r)
	}
	scratch := &Report{opts: r.opts, inc: r.inc, redactedKinds: r.redactedKinds, unreadable: r.unreadable, retracted: r.retracted}
	return src.Scan(0, lists[id].kinds, func(e workflow.Event) error {
		p, err := e.Payload()
		if err != nil {
			return nil // unreadable: it has no item (the chain names it)
		}
		info, _ := e.Kind.Info()
		x := entry{seq: e.Seq, at: e.OccurredAt.UTC(), by: actorPerson(e.Actor), p: p}
		if p == nil {
			if !info.Redactable {
				return nil
			}
			x.p, x.redacted = info.Zero(), true
		}
		folds[info.Report](scratch, x)
		if id.slice(scratch).Len() == 0 {
			return nil
		}
		if id == listNotes {
			for i := range scratch.Notes {
				scratch.Notes[i].Retracted = r.retracted[scratch.Notes[i].Seq]
			}
		}
		if id == listFindings { // closed and reminded after it was recorded
			for i := range scratch.Findings {
				r.completeFinding(&scratch.Findings[i])
			}
		}
		err = fn(scratch)
		id.slice(scratch).SetLen(0)
		return err
	})
}

// listRows writes a list section's table: its rows come from rows, which
// turns the list's items (held, or read again) into table rows.
func (r *Report) listRows(w *doc, src workflow.EventSource, id listID, header []string, rows func(x *Report) [][]string) error {
	w.beginTable(header, -1)
	err := r.eachItem(src, id, func(x *Report) error {
		for _, row := range rows(x) {
			w.row(row)
		}
		return nil
	})
	w.endTable()
	return err
}

// overAt reports whether a list under path was let go (and so JSON must
// write that path field by field).
func (r *Report) overAt(path string) bool {
	for id := range listCount {
		if r.over[id] && (lists[id].path == path || len(lists[id].path) > len(path) && lists[id].path[:len(path)+1] == path+".") {
			return true
		}
	}
	return false
}

// jsonList writes a list let go as a JSON array, an item at a time, indented
// as json.MarshalIndent would indent it at prefix.
func (r *Report) jsonList(out *errWriter, src workflow.EventSource, id listID, prefix string) error {
	n := 0
	err := r.eachItem(src, id, func(x *Report) error {
		v := id.slice(x)
		for i := range v.Len() {
			if n == 0 {
				out.str("[\n" + prefix + "  ")
			} else {
				out.str(",\n" + prefix + "  ")
			}
			n++
			b, err := marshalIndent(v.Index(i).Interface(), prefix+"  ")
			if err != nil {
				return err
			}
			out.bytes(b)
		}
		return out.err
	})
	if n == 0 {
		out.str("[]")
	} else {
		out.str("\n" + prefix + "]")
	}
	return err
}
