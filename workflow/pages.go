package workflow

import "fmt"

// PageSize is how many events a paged read of a timeline takes at a time:
// enough that a page costs one query among many rows, few enough that a
// page of long texts stays small.
const PageSize = 256

// EachEvent calls fn for each event of incident id with seq greater than
// after, in seq order, reading the timeline a page at a time (ReadTx.EventPage);
// with kinds, only events of those kinds. An error from fn stops the reading
// and is returned unchanged. The next page is read while fn goes through
// this one, so reading and what fn does overlap; at most two pages are in
// hand at a time. fn must not use tx itself: another goroutine reads
// through it meanwhile.
func EachEvent(tx ReadTx, id ID, after int, kinds []EventKind, fn func(Event) error) error {
	return eachPage(id, after, func(after int) ([]Event, error) { return tx.EventPage(id, after, PageSize, kinds) }, fn)
}

// EachHead is EachEvent without the payloads (ReadTx.EventHeads).
func EachHead(tx ReadTx, id ID, after int, fn func(Event) error) error {
	return eachPage(id, after, func(after int) ([]Event, error) { return tx.EventHeads(id, after, PageSize) }, fn)
}

// page is one page as the reader hands it over.
type page struct {
	events []Event
	err    error
}

// eachPage reads pages with read in a goroutine of its own, one ahead of
// fn. The transaction is used by that goroutine alone, and it has stopped
// when eachPage returns.
func eachPage(id ID, after int, read func(after int) ([]Event, error), fn func(Event) error) error {
	pages := make(chan page, 1)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func(after int) { // its own after: the loop below keeps the caller's
		defer close(done)
		defer close(pages)
		for {
			events, err := read(after)
			if err != nil {
				err = fmt.Errorf("read the events of %s after %d: %w", id, after, err)
			}
			select {
			case pages <- page{events, err}:
			case <-stop:
				return
			}
			if err != nil || len(events) < PageSize {
				return
			}
			after = events[len(events)-1].Seq
		}
	}(after)
	finish := func(err error) error {
		close(stop)
		<-done
		return err
	}
	last := after
	for p := range pages {
		if p.err != nil {
			return finish(p.err)
		}
		for _, e := range p.events {
			if e.Seq <= last {
				return finish(fmt.Errorf("read the events of %s: event %d came after %d", id, e.Seq, last))
			}
			if err := fn(e); err != nil {
				return finish(err)
			}
			last = e.Seq
		}
	}
	return finish(nil)
}

// EventSource is one incident's timeline as a reader goes through it, more
// than once if it needs to: each Scan is a pass over the events with seq
// greater than after, in seq order, with kinds only those kinds; ScanHeads
// passes over their heads alone (what ReadTx.EventHeads gives), for a list
// of the events. A store source reads it page by page inside one read
// transaction, so every pass sees the same timeline and none holds all of
// it. An error from fn stops the pass and is returned unchanged.
type EventSource interface {
	Scan(after int, kinds []EventKind, fn func(Event) error) error
	ScanHeads(after int, fn func(Event) error) error
}

// TxEvents is the timeline of incident ID read through Tx, page by page.
type TxEvents struct {
	Tx ReadTx
	ID ID
}

// Scan implements EventSource.
func (s TxEvents) Scan(after int, kinds []EventKind, fn func(Event) error) error {
	return EachEvent(s.Tx, s.ID, after, kinds, fn)
}

// ScanHeads implements EventSource.
func (s TxEvents) ScanHeads(after int, fn func(Event) error) error {
	return EachHead(s.Tx, s.ID, after, fn)
}

// EventList is a timeline held in memory (all of one incident, in seq
// order), as an EventSource.
type EventList []Event

// Scan implements EventSource.
func (l EventList) Scan(after int, kinds []EventKind, fn func(Event) error) error {
	for _, e := range l {
		if e.Seq <= after || len(kinds) > 0 && !hasKind(kinds, e.Kind) {
			continue
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func hasKind(kinds []EventKind, k EventKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// ScanHeads implements EventSource: the events as EventHeads gives them.
func (l EventList) ScanHeads(after int, fn func(Event) error) error {
	for _, e := range l {
		if e.Seq <= after {
			continue
		}
		if err := fn(Head(e)); err != nil {
			return err
		}
	}
	return nil
}

// Head is the part of an event EventHeads gives.
func Head(e Event) Event {
	return Event{IncidentID: e.IncidentID, Seq: e.Seq, Kind: e.Kind, OccurredAt: e.OccurredAt, RecordedAt: e.RecordedAt,
		Actor: e.Actor, Subject: e.Subject, Hash: e.Hash}
}
