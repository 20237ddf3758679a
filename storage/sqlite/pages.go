package sqlite

import (
	"encoding/json"
	"fmt"

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

// pageQueries are prepared on both pools, with the others.
var pageQueries = []string{qEventPage, qEventPageKinds}

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
