package workflow

import "fmt"

// PageSize is how many events a paged read of a timeline takes at a time:
// enough that a page costs one query among many rows, few enough that a
// page of long texts stays small.
const PageSize = 256

// EachEvent calls fn for each event of incident id with seq greater than
// after, in seq order, reading the timeline a page at a time (ReadTx.EventPage);
// with kinds, only events of those kinds. An error from fn stops the reading
// and is returned unchanged.
func EachEvent(tx ReadTx, id ID, after int, kinds []EventKind, fn func(Event) error) error {
	for {
		page, err := tx.EventPage(id, after, PageSize, kinds)
		if err != nil {
			return fmt.Errorf("read the events of %s after %d: %w", id, after, err)
		}
		for _, e := range page {
			if e.Seq <= after {
				return fmt.Errorf("read the events of %s: event %d came after %d", id, e.Seq, after)
			}
			if err := fn(e); err != nil {
				return err
			}
			after = e.Seq
		}
		if len(page) < PageSize {
			return nil
		}
	}
}

// EventSource is one incident's timeline as a reader goes through it, more
// than once if it needs to: each Scan is a pass over the events with seq
// greater than after, in seq order, with kinds only those kinds. A store
// source reads it page by page inside one read transaction, so every pass
// sees the same timeline and none holds all of it. An error from fn stops
// the pass and is returned unchanged.
type EventSource interface {
	Scan(after int, kinds []EventKind, fn func(Event) error) error
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
