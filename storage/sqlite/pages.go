package sqlite

import (
	"encoding/json"
	"fmt"
	"time"

	"incidentbot/workflow"
)

// A page of a timeline: the events after a seq, in order, as many as asked.
// The primary key (incident_id, seq) serves both the seek and the order, so
// a page costs its own rows, wherever in the timeline it starts. The kinds
// arrive as one JSON array, so one prepared statement serves every list.
const (
	pageColumns = `
	SELECT e.seq, e.id, e.kind, e.occurred_at, e.recorded_at,
	       e.actor_team, e.actor_user, e.actor_name, e.subject,
	       e.payload_hash, e.prev_hash, e.hash,
	       p.body, COALESCE(p.redacted, 0)
	FROM events e
	LEFT JOIN payloads p ON p.incident_id = e.incident_id AND p.seq = e.seq`
	qEventPage      = pageColumns + ` WHERE e.incident_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`
	qEventPageKinds = pageColumns + ` WHERE e.incident_id = ? AND e.seq > ? AND e.kind IN (SELECT value FROM json_each(?)) ORDER BY e.seq LIMIT ?`
)

// qEventHeads is a page without the payloads and the columns only the
// chain needs: a list of events reads a third of the columns.
const qEventHeads = `
	SELECT seq, kind, occurred_at, recorded_at, actor_team, actor_user, actor_name, subject, hash
	FROM events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?`

// pageQueries are prepared on both pools, with the others.
var pageQueries = []string{qEventPage, qEventPageKinds, qEventHeads}

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
	for rows.Next() {
		e := workflow.Event{IncidentID: id}
		var kind, occurred, recorded, hash string
		if err := rows.Scan(&e.Seq, &kind, &occurred, &recorded, &e.Actor.Team, &e.Actor.User, &e.Actor.Name, &e.Subject, &hash); err != nil {
			return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
		}
		e.Kind = workflow.EventKind(kind)
		if e.OccurredAt, err = parseTime(occurred); err == nil {
			if e.RecordedAt, err = parseTime(recorded); err == nil {
				e.Hash, err = workflow.ParseHash(hash)
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
	q, args := qEventPage, []any{id.String(), after, limit}
	if len(kinds) > 0 {
		list, err := json.Marshal(kinds)
		if err != nil {
			return nil, fmt.Errorf("read events of %s: %w", id, err)
		}
		q, args = qEventPageKinds, []any{id.String(), after, string(list), limit}
	}
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
	}
	defer rows.Close()
	out := make([]workflow.Event, 0, min(limit, workflow.PageSize))
	for rows.Next() {
		e, err := scanEvent(id, rows)
		if err != nil {
			return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events of %s after %d: %w", id, after, err)
	}
	return out, nil
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
