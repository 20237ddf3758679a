package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/google/uuid"
	"strings"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"incidentbot/workflow"
)

// readTx implements workflow.ReadTx on a database transaction.
type readTx struct {
	ctx   context.Context
	tx    *sql.Tx
	cache *stmtCache // the pool's prepared statements
}

// writeTx implements workflow.Tx.
type writeTx struct {
	readTx
	redacted bool     // a payload was redacted: checkpoint after commit
	after    []func() // AfterCommit's functions
}

var (
	_ workflow.ReadTx = (*readTx)(nil)
	_ workflow.Tx     = (*writeTx)(nil)
)

// NewID implements workflow.Tx: a time-ordered UUIDv7, so ids sort as they
// were made.
func (t *writeTx) NewID() (workflow.ID, error) {
	id, err := uuid.NewV7()
	return workflow.ID(id), err
}

// formatTime is how times are stored: workflow.TimeLayout, in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(workflow.TimeLayout) }

func parseTime(s string) (time.Time, error) {
	if t, ok := fastTime(s); ok {
		return t, nil
	}
	t, err := time.Parse(workflow.TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// isConstraint reports whether err is a UNIQUE or PRIMARY KEY violation.
func isConstraint(err error) bool {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return false
}

func notFound(ref workflow.Ref) error {
	return &workflow.Problem{Kind: workflow.ErrNotFound, Msg: workflow.M("err.not_found", workflow.Args{"ref": ref})}
}

const incidentColumns = `state, version`

// The statements of the store, prepared once per pool at Open (see stmtCache).
const (
	qIncidentByID     = `SELECT ` + incidentColumns + ` FROM incidents WHERE id = ?`
	qIncidentByNumber = `SELECT ` + incidentColumns + ` FROM incidents WHERE drill = ? AND number = ?`
	qEvents           = `
	SELECT e.seq, e.id, e.kind, e.occurred_at, e.recorded_at,
	       e.actor_team, e.actor_user, e.actor_name, e.subject,
	       e.payload_hash, e.prev_hash, e.hash,
	       p.body, COALESCE(p.redacted, 0)
	FROM events e
	LEFT JOIN payloads p ON p.incident_id = e.incident_id AND p.seq = e.seq
	WHERE e.incident_id = ?
	ORDER BY e.seq`
	qNextNumber     = `SELECT COALESCE(MAX(number), 0) + 1 FROM incidents WHERE drill = ?`
	qCreateIncident = `
	INSERT INTO incidents (id, drill, number, phase, severity, private, opened_at, closed_at, version, state)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qSaveIncident = `
	UPDATE incidents
	SET severity = ?, private = ?, closed_at = ?, version = ?, state = ?
	WHERE id = ? AND version = ?`
	qSavePhase   = `UPDATE incidents SET phase = ? WHERE id = ? AND phase <> ?`
	qInsertEvent = `
	INSERT INTO events (incident_id, seq, id, kind, occurred_at, recorded_at,
	                    actor_team, actor_user, actor_name, subject,
	                    payload_hash, prev_hash, hash)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertPayload = `INSERT INTO payloads (incident_id, seq, body, redacted) VALUES (?, ?, ?, ?)`
	qRedact        = `UPDATE payloads SET body = ?, redacted = 1 WHERE incident_id = ? AND seq = ?`
)

var (
	readQueries  = []string{qIncidentByID, qIncidentByNumber, qEvents, qLinks, qLinked}
	writeQueries = []string{qIncidentByID, qIncidentByNumber, qEvents, qNextNumber, qCreateIncident, qSaveIncident, qSavePhase, qInsertEvent, qInsertPayload, qRedact,
		qLinks, qLinked, qEnqueue, qDue, qPending, qDelivered, qPostpone, qAbandon, qSetLink, qRemember,
		qTimerReplace, qTimerInsert, qTimerCancel, qTimersDue, qTimerFire, qTimersOfOne,
		qSavepoint, qRelease, qRollbackTo}
)

func scanIncident(row rowScanner) (*workflow.Incident, error) {
	var state string
	var version int
	if err := row.Scan(&state, &version); err != nil {
		return nil, err
	}
	inc := &workflow.Incident{}
	if err := json.Unmarshal([]byte(state), inc); err != nil {
		return nil, fmt.Errorf("decode incident snapshot: %w", err)
	}
	// The column is what SaveIncident checks; the snapshot carries the same.
	inc.Version = version
	return inc, nil
}

// Incident implements workflow.ReadTx.
func (t *readTx) Incident(ref workflow.Ref) (*workflow.Incident, error) {
	var row rowScanner
	if ref.ID != workflow.NilID {
		row = t.queryRow(qIncidentByID, ref.ID.String())
	} else {
		row = t.queryRow(qIncidentByNumber, boolInt(ref.Drill), ref.Number)
	}
	inc, err := scanIncident(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read incident %s: %w", ref, err)
	}
	return inc, nil
}

// Incidents implements workflow.ReadTx.
func (t *readTx) Incidents(f workflow.Filter) ([]*workflow.Incident, error) {
	var where []string
	var args []any
	if f.OpenOnly {
		where = append(where, `phase <> ?`)
		args = append(args, string(workflow.PhaseClosed))
	}
	if f.Drill != nil {
		where = append(where, `drill = ?`)
		args = append(args, boolInt(*f.Drill))
	}
	if !f.Since.IsZero() {
		where = append(where, `opened_at >= ?`)
		args = append(args, formatTime(f.SinceStored()))
	}
	q := `SELECT ` + incidentColumns + ` FROM incidents`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY drill, number`
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	var out []*workflow.Incident
	for rows.Next() {
		inc, err := scanIncident(rows)
		if err != nil {
			return nil, fmt.Errorf("list incidents: %w", err)
		}
		out = append(out, inc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	return out, nil
}

// Events implements workflow.ReadTx. A missing payload row (which the schema
// should make impossible) comes back as an empty body, so VerifyChain names
// the event instead of the event vanishing.
func (t *readTx) Events(id workflow.ID) ([]workflow.Event, error) {
	rows, err := t.query(qEvents, id.String())
	if err != nil {
		return nil, fmt.Errorf("read events of %s: %w", id, err)
	}
	defer rows.Close()
	var out []workflow.Event
	for rows.Next() {
		e, err := scanEvent(id, rows)
		if err != nil {
			return nil, fmt.Errorf("read events of %s: %w", id, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events of %s: %w", id, err)
	}
	return out, nil
}

func scanEvent(incident workflow.ID, rows *sql.Rows) (workflow.Event, error) {
	var (
		e                                  workflow.Event
		id, kind, occurred, recorded       string
		payloadHash, prevHash, hash        string
		body                               sql.NullString
		redacted                           int
		actorTeam, actorUser, actorName, s string
	)
	if err := rows.Scan(&e.Seq, &id, &kind, &occurred, &recorded,
		&actorTeam, &actorUser, &actorName, &s,
		&payloadHash, &prevHash, &hash, &body, &redacted); err != nil {
		return e, err
	}
	e.IncidentID = incident
	e.Kind = workflow.EventKind(kind)
	e.Actor = workflow.Actor{Team: actorTeam, User: actorUser, Name: actorName}
	e.Subject = s
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
	for _, h := range []struct {
		dst *workflow.Hash
		src string
	}{{&e.PayloadHash, payloadHash}, {&e.PrevHash, prevHash}, {&e.Hash, hash}} {
		if *h.dst, err = workflow.ParseHash(h.src); err != nil {
			return e, fmt.Errorf("event %d: %w", e.Seq, err)
		}
	}
	setBody(&e, body.String, body.Valid, redacted != 0)
	return e, nil
}

// NextNumber implements workflow.Tx.
func (t *writeTx) NextNumber(drill bool) (int, error) {
	var n int
	err := t.queryRow(qNextNumber, boolInt(drill)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next incident number: %w", err)
	}
	return n, nil
}

// CreateIncident implements workflow.Tx. A clash on the id or the number is
// wrapped in workflow.ErrConflict.
func (t *writeTx) CreateIncident(inc *workflow.Incident) error {
	if inc.ID == workflow.NilID || inc.Number < 1 || inc.Version < 1 {
		return fmt.Errorf("create incident %s: needs an id, a number and a version (have %s, %d, %d)", inc.Ref(), inc.ID, inc.Number, inc.Version)
	}
	state, err := json.Marshal(inc)
	if err != nil {
		return fmt.Errorf("create incident %s: encode snapshot: %w", inc.Ref(), err)
	}
	_, err = t.exec(qCreateIncident,
		inc.ID.String(), boolInt(inc.Drill), inc.Number, string(inc.Phase), string(inc.Severity),
		boolInt(inc.Private), formatTime(inc.OpenedAt), nullTime(inc.ClosedAt), inc.Version, string(state))
	if isConstraint(err) {
		return fmt.Errorf("create incident %s: %w: %w", inc.Ref(), workflow.ErrConflict, err)
	}
	if err != nil {
		return fmt.Errorf("create incident %s: %w", inc.Ref(), err)
	}
	return nil
}

// SaveIncident implements workflow.Tx. The id, series, number and opening
// time are fixed when the incident is created and are not rewritten. The
// indexed phase column is written only when it changed: SQLite rewrites an
// index's pages whenever its column is assigned, even to the same value, and
// every page is one more WAL frame to write before the commit returns.
func (t *writeTx) SaveIncident(inc *workflow.Incident, prevVersion int) error {
	state, err := json.Marshal(inc)
	if err != nil {
		return fmt.Errorf("save incident %s: encode snapshot: %w", inc.Ref(), err)
	}
	id := inc.ID.String()
	res, err := t.exec(qSaveIncident,
		string(inc.Severity), boolInt(inc.Private), nullTime(inc.ClosedAt), inc.Version, string(state),
		id, prevVersion)
	if err != nil {
		return fmt.Errorf("save incident %s: %w", inc.Ref(), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("save incident %s: %w", inc.Ref(), err)
	}
	if n == 0 {
		return fmt.Errorf("save incident %s: stored version is not %d: %w", inc.Ref(), prevVersion, workflow.ErrConflict)
	}
	phase := string(inc.Phase)
	if _, err := t.exec(qSavePhase, phase, id, phase); err != nil {
		return fmt.Errorf("save incident %s: phase: %w", inc.Ref(), err)
	}
	return nil
}

// AppendEvents implements workflow.Tx. An event number or id already taken is
// wrapped in workflow.ErrConflict.
func (t *writeTx) AppendEvents(events []workflow.Event) error {
	for _, e := range events {
		if err := t.appendEvent(e); err != nil {
			if isConstraint(err) {
				return fmt.Errorf("append event %d to %s: %w: %w", e.Seq, e.IncidentID, workflow.ErrConflict, err)
			}
			return fmt.Errorf("append event %d to %s: %w", e.Seq, e.IncidentID, err)
		}
	}
	return nil
}

func (t *writeTx) appendEvent(e workflow.Event) error {
	_, err := t.exec(qInsertEvent,
		e.IncidentID.String(), e.Seq, e.ID.String(), string(e.Kind),
		formatTime(e.OccurredAt), formatTime(e.RecordedAt),
		e.Actor.Team, e.Actor.User, e.Actor.Name, e.Subject,
		e.PayloadHash.String(), e.PrevHash.String(), e.Hash.String())
	if err != nil {
		return err
	}
	body := e.Body
	if e.Redacted {
		body = workflow.Tombstone
	}
	_, err = t.exec(qInsertPayload,
		e.IncidentID.String(), e.Seq, string(body), boolInt(e.Redacted))
	return err
}

// RedactPayload implements workflow.Tx.
func (t *writeTx) RedactPayload(id workflow.ID, seq int) error {
	res, err := t.exec(qRedact,
		string(workflow.Tombstone), id.String(), seq)
	if err != nil {
		return fmt.Errorf("redact event %d of %s: %w", seq, id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("redact event %d of %s: %w", seq, id, err)
	}
	if n == 0 {
		return fmt.Errorf("redact event %d of %s: no such event: %w", seq, id, workflow.ErrNotFound)
	}
	t.redacted = true
	return nil
}
