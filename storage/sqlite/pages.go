package sqlite

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"incidentbot/workflow"
)

// A page of a timeline: the events after a seq, in order, as many as asked.
// The primary key (incident_id, seq) serves both the seek and the order, so
// a page costs its own rows, wherever in the timeline it starts.
//
// The columns no person typed (the id, kind, times and hashes) come packed
// in one, separated by a unit separator (U+001F), which none of them can
// hold: the driver costs a few calls and allocations per column of every
// row, and a report reads every row more than once. A field that did hold
// one would shift the others and fail to parse, never pass as another.
//
// A whole page reads its events, then its payloads as one range of the
// payloads table: two ordered scans, where a join would look each payload
// up on its own. A page of some kinds only joins them: its events are few
// and far apart. The kinds arrive as one JSON array, so one prepared
// statement serves every list.
const (
	eventColumns = `e.seq,
	       e.id || char(31) || e.kind || char(31) || e.occurred_at || char(31) || e.recorded_at || char(31) ||
	       e.payload_hash || e.prev_hash || e.hash,
	       e.actor_team, e.actor_user, e.actor_name, e.subject`
	qEventPage      = `SELECT ` + eventColumns + ` FROM events e WHERE e.incident_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`
	qPayloadRange   = `SELECT seq, body, redacted FROM payloads WHERE incident_id = ? AND seq > ? AND seq <= ? ORDER BY seq`
	qEventPageKinds = `SELECT ` + eventColumns + `, p.body, COALESCE(p.redacted, 0)
	FROM events e
	LEFT JOIN payloads p ON p.incident_id = e.incident_id AND p.seq = e.seq
	WHERE e.incident_id = ? AND e.seq > ? AND e.kind IN (SELECT value FROM json_each(?)) ORDER BY e.seq LIMIT ?`
)

// qEventHeads is a page without the payloads and the columns only the
// chain needs: a list of events reads a third of the columns.
const qEventHeads = `
	SELECT seq, kind || char(31) || occurred_at || char(31) || recorded_at || char(31) || hash,
	       actor_team, actor_user, actor_name, subject
	FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?`

// unpack splits a packed column into n fields; false when it does not hold
// n.
func unpack(s string, fields []string) bool {
	for i := range len(fields) - 1 {
		var ok bool
		if fields[i], s, ok = strings.Cut(s, "\x1f"); !ok {
			return false
		}
	}
	fields[len(fields)-1] = s
	return true
}

// pageQueries are prepared on both pools, with the others.
var pageQueries = []string{qEventPage, qPayloadRange, qEventPageKinds, qEventHeads}

// EventHeads implements workflow.ReadTx.
func (t *readTx) EventHeads(id workflow.ID, after, limit int) ([]workflow.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := t.query(qEventHeads, id.String(), after, limit)
	if err != nil {
		return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
	}
	defer rows.Close()
	out := make([]workflow.Event, 0, min(limit, workflow.PageSize))
	var packed string
	var f [4]string // kind, occurred at, recorded at, hash
	for rows.Next() {
		e := workflow.Event{IncidentID: id}
		if err := rows.Scan(&e.Seq, &packed, &e.Actor.Team, &e.Actor.User, &e.Actor.Name, &e.Subject); err != nil {
			return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
		}
		if !unpack(packed, f[:]) {
			return nil, fmt.Errorf("read events of %s: event %d: bad row %q", id, e.Seq, packed)
		}
		e.Kind = kindOf(f[0])
		if e.OccurredAt, err = parseTime(f[1]); err == nil {
			if e.RecordedAt, err = parseTime(f[2]); err == nil {
				e.Hash, err = workflow.ParseHash(f[3])
			}
		}
		if err != nil {
			return nil, fmt.Errorf("read events of %s: event %d: %w", id, e.Seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
	}
	return out, nil
}

// EventPage implements workflow.ReadTx.
func (t *readTx) EventPage(id workflow.ID, after, limit int, kinds []workflow.EventKind) ([]workflow.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []workflow.Event
	var err error
	if len(kinds) > 0 {
		out, err = t.eventPageOf(id, after, limit, kinds)
	} else {
		out, err = t.eventPage(id, after, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
	}
	return out, nil
}

// eventPage reads the events, then their payloads.
func (t *readTx) eventPage(id workflow.ID, after, limit int) ([]workflow.Event, error) {
	rows, err := t.query(qEventPage, id.String(), after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]workflow.Event, 0, min(limit, workflow.PageSize))
	var row eventRow
	for rows.Next() {
		if err := rows.Scan(row.dest()...); err != nil {
			return nil, err
		}
		e, err := row.event(id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	return out, t.payloads(id, out)
}

// payloads fills in the bodies of events, a page in seq order, from one
// range of the payloads table. An event without a payload row (which the
// schema should make impossible) keeps an empty body, so VerifyChain names
// it instead of the event vanishing.
func (t *readTx) payloads(id workflow.ID, events []workflow.Event) error {
	rows, err := t.query(qPayloadRange, id.String(), events[0].Seq-1, events[len(events)-1].Seq)
	if err != nil {
		return fmt.Errorf("payloads: %w", err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var seq, redacted int
		var body string
		if err := rows.Scan(&seq, &body, &redacted); err != nil {
			return fmt.Errorf("payloads: %w", err)
		}
		for i < len(events) && events[i].Seq < seq {
			i++
		}
		if i == len(events) {
			break
		}
		if events[i].Seq == seq {
			setBody(&events[i], body, true, redacted != 0)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("payloads: %w", err)
	}
	return nil
}

// eventPageOf reads the events of some kinds with their payloads joined.
func (t *readTx) eventPageOf(id workflow.ID, after, limit int, kinds []workflow.EventKind) ([]workflow.Event, error) {
	list, err := json.Marshal(kinds)
	if err != nil {
		return nil, err
	}
	rows, err := t.query(qEventPageKinds, id.String(), after, string(list), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]workflow.Event, 0, min(limit, workflow.PageSize))
	var row eventRow
	var body sql.NullString
	var redacted int
	for rows.Next() {
		if err := rows.Scan(append(row.dest(), &body, &redacted)...); err != nil {
			return nil, err
		}
		e, err := row.event(id)
		if err != nil {
			return nil, err
		}
		setBody(&e, body.String, body.Valid, redacted != 0)
		out = append(out, e)
	}
	return out, rows.Err()
}

// kindOf is the kind named s, as the registry spells it when it knows it:
// s is part of a packed column, which an event kept (a report keeps the
// heads) would otherwise keep whole.
func kindOf(s string) workflow.EventKind {
	if info, ok := workflow.EventKind(s).Info(); ok {
		return info.Kind
	}
	return workflow.EventKind(strings.Clone(s))
}

// eventRow is an event's row as the page queries give it.
type eventRow struct {
	seq                                int
	packed                             string // id, kind, occurred at, recorded at, the three hashes
	actorTeam, actorUser, actorName, s string
}

func (r *eventRow) dest() []any {
	return []any{&r.seq, &r.packed, &r.actorTeam, &r.actorUser, &r.actorName, &r.s}
}

// event is the row as an event, without its body (an empty one).
func (r *eventRow) event(incident workflow.ID) (workflow.Event, error) {
	e := workflow.Event{IncidentID: incident, Seq: r.seq,
		Actor: workflow.Actor{Team: r.actorTeam, User: r.actorUser, Name: r.actorName}, Subject: r.s, Body: []byte{}}
	var f [5]string
	if !unpack(r.packed, f[:]) {
		return e, fmt.Errorf("event %d: bad row %q", e.Seq, r.packed)
	}
	id, kind, occurred, recorded, hashes := f[0], f[1], f[2], f[3], f[4]
	e.Kind = kindOf(kind)
	var err error
	if e.ID, err = workflow.ParseID(id); err != nil {
		return e, fmt.Errorf("event %d: bad id %q: %w", e.Seq, id, err)
	}
	if e.OccurredAt, err = parseTime(occurred); err != nil {
		return e, fmt.Errorf("event %d: %w", e.Seq, err)
	}
	if e.RecordedAt, err = parseTime(recorded); err != nil {
		return e, fmt.Errorf("event %d: %w", e.Seq, err)
	}
	const n = 2 * len(workflow.Hash{})
	if len(hashes) != 3*n {
		return e, fmt.Errorf("event %d: bad hashes %q", e.Seq, hashes)
	}
	for i, dst := range []*workflow.Hash{&e.PayloadHash, &e.PrevHash, &e.Hash} {
		if *dst, err = workflow.ParseHash(hashes[i*n : (i+1)*n]); err != nil {
			return e, fmt.Errorf("event %d: %w", e.Seq, err)
		}
	}
	return e, nil
}

// setBody gives e its stored body: the tombstone when it was redacted,
// empty when there is no payload row.
func setBody(e *workflow.Event, body string, valid, redacted bool) {
	e.Redacted = redacted
	switch {
	case redacted:
		e.Body = bytes.Clone(workflow.Tombstone)
	case valid:
		e.Body = []byte(body)
	default:
		e.Body = []byte{}
	}
}

// fastTime reads a time stored in exactly workflow.TimeLayout
// ("2006-01-02T15:04:05.000000Z") without time.Parse: a timeline page reads
// two per event. Anything else is left to time.Parse (ok false).
func fastTime(s string) (time.Time, bool) {
	if len(s) != 27 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[26] != 'Z' {
		return time.Time{}, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 7)
	day, ok3 := num(8, 10)
	hour, ok4 := num(11, 13)
	minute, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	micro, ok7 := num(20, 26)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC)
	if t.Day() != day { // 31 February: let time.Parse refuse it
		return time.Time{}, false
	}
	return t, true
}
