package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"incidentbot/workflow"
)

// readTx implements workflow.ReadTx on a transaction.
type readTx struct {
	ctx  context.Context
	tx   pgx.Tx
	lock bool // in Update: Incident and Incidents lock what they return
}

// writeTx implements workflow.Tx.
type writeTx struct {
	readTx
	db       *DB
	redacted bool     // a payload was redacted: vacuum after commit
	after    []func() // AfterCommit's functions
}

var (
	_ workflow.ReadTx = (*readTx)(nil)
	_ workflow.Tx     = (*writeTx)(nil)
)

// AfterCommit lets code running in an Update act once its change is durable
// (metrics counting what committed): f runs after the commit, and not at all
// if the transaction rolls back.
func (t *writeTx) AfterCommit(f func()) { t.after = append(t.after, f) }

// NewID implements workflow.Tx: a time-ordered UUIDv7.
func (t *writeTx) NewID() (workflow.ID, error) {
	id, err := uuid.NewV7()
	return workflow.ID(id), err
}

// fail wraps a statement's error with what it was doing, as ErrBusy when the
// database went away (see transient).
func fail(what string, err error) error { return classify(what, err) }

func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// isUnique reports whether err is a unique or primary key violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// pgID is an id as a uuid parameter; nullID is NilID as NULL.
func pgID(id workflow.ID) pgtype.UUID { return pgtype.UUID{Bytes: [16]byte(id), Valid: true} }

func nullID(id workflow.ID) pgtype.UUID {
	return pgtype.UUID{Bytes: [16]byte(id), Valid: !id.IsZero()}
}

// utc is a time as the store hands it back: UTC, to the microsecond, as
// workflow.TimeLayout reads it.
func utc(t time.Time) time.Time { return t.UTC() }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: t, Valid: !t.IsZero()}
}

func notFound(ref workflow.Ref) error {
	return &workflow.Problem{Kind: workflow.ErrNotFound, Msg: workflow.M("err.not_found", workflow.Args{"ref": ref})}
}

// forUpdate is what a read that starts a read-modify-write adds in Update:
// exclusive between writers, yet it lets rows that only reference the
// incident be inserted meanwhile.
const forUpdate = ` FOR NO KEY UPDATE`

const incidentColumns = `state, version`

func scanIncident(row pgx.Row) (*workflow.Incident, error) {
	var state string
	var version int
	if err := row.Scan(&state, &version); err != nil {
		return nil, err
	}
	inc := &workflow.Incident{}
	if err := json.Unmarshal([]byte(state), inc); err != nil {
		return nil, fmt.Errorf("decode incident snapshot: %w", err)
	}
	inc.Version = version // the column is what SaveIncident checks
	return inc, nil
}

// Incident implements workflow.ReadTx; in Update it locks the row.
func (t *readTx) Incident(ref workflow.Ref) (*workflow.Incident, error) {
	var row pgx.Row
	if ref.ID != workflow.NilID {
		q := `SELECT ` + incidentColumns + ` FROM incidents WHERE id = $1`
		if t.lock {
			q += forUpdate
		}
		row = t.tx.QueryRow(t.ctx, q, pgID(ref.ID))
	} else {
		q := `SELECT ` + incidentColumns + ` FROM incidents WHERE drill = $1 AND number = $2`
		if t.lock {
			q += forUpdate
		}
		row = t.tx.QueryRow(t.ctx, q, ref.Drill, ref.Number)
	}
	inc, err := scanIncident(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(ref)
	}
	if err != nil {
		return nil, fail("read incident "+ref.String(), err)
	}
	return inc, nil
}

// Incidents implements workflow.ReadTx; in Update it locks the rows, in the
// order it lists them.
func (t *readTx) Incidents(f workflow.Filter) ([]*workflow.Incident, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.OpenOnly {
		where = append(where, `phase <> `+arg(string(workflow.PhaseClosed)))
	}
	if f.Drill != nil {
		where = append(where, `drill = `+arg(*f.Drill))
	}
	if !f.Since.IsZero() {
		where = append(where, `opened_at >= `+arg(f.SinceStored()))
	}
	q := `SELECT ` + incidentColumns + ` FROM incidents`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY drill, number`
	if t.lock {
		q += forUpdate
	}
	rows, err := t.tx.Query(t.ctx, q, args...)
	if err != nil {
		return nil, fail("list incidents", err)
	}
	defer rows.Close()
	var out []*workflow.Incident
	for rows.Next() {
		inc, err := scanIncident(rows)
		if err != nil {
			return nil, fail("list incidents", err)
		}
		out = append(out, inc)
	}
	if err := rows.Err(); err != nil {
		return nil, fail("list incidents", err)
	}
	return out, nil
}

// The columns of a page of events, with its payloads.
const eventColumns = `
	SELECT e.seq, e.id, e.kind, e.occurred_at, e.recorded_at,
	       e.actor_team, e.actor_user, e.actor_name, e.subject,
	       e.payload_hash, e.prev_hash, e.hash,
	       p.body, COALESCE(p.redacted, false)
	FROM events e
	LEFT JOIN payloads p ON p.incident_id = e.incident_id AND p.seq = e.seq`

const (
	qEvents         = eventColumns + ` WHERE e.incident_id = $1 ORDER BY e.seq`
	qEventPage      = eventColumns + ` WHERE e.incident_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`
	qEventPageKinds = eventColumns + ` WHERE e.incident_id = $1 AND e.seq > $2 AND e.kind = ANY($4) ORDER BY e.seq LIMIT $3`
	qEventHeads     = `
	SELECT seq, kind, occurred_at, recorded_at, actor_team, actor_user, actor_name, subject, hash
	FROM events WHERE incident_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`
)

// Events implements workflow.ReadTx. A missing payload row comes back as an
// empty body, so VerifyChain names the event instead of the event vanishing.
func (t *readTx) Events(id workflow.ID) ([]workflow.Event, error) {
	return t.events(id, 0, qEvents, pgID(id))
}

// EventPage implements workflow.ReadTx.
func (t *readTx) EventPage(id workflow.ID, after, limit int, kinds []workflow.EventKind) ([]workflow.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	if len(kinds) > 0 {
		list := make([]string, len(kinds))
		for i, k := range kinds {
			list[i] = string(k)
		}
		return t.events(id, min(limit, workflow.PageSize), qEventPageKinds, pgID(id), after, limit, list)
	}
	return t.events(id, min(limit, workflow.PageSize), qEventPage, pgID(id), after, limit)
}

func (t *readTx) events(id workflow.ID, capacity int, q string, args ...any) ([]workflow.Event, error) {
	rows, err := t.tx.Query(t.ctx, q, args...)
	if err != nil {
		return nil, fail(fmt.Sprintf("read events of %s", id), err)
	}
	defer rows.Close()
	out := make([]workflow.Event, 0, capacity)
	for rows.Next() {
		e, err := scanEvent(id, rows)
		if err != nil {
			return nil, fail(fmt.Sprintf("read events of %s", id), err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(fmt.Sprintf("read events of %s", id), err)
	}
	return out, nil
}

func scanEvent(incident workflow.ID, rows pgx.Rows) (workflow.Event, error) {
	var (
		e                           workflow.Event
		id                          [16]byte
		kind                        string
		occurred, recorded          time.Time
		payloadHash, prevHash, hash string
		body                        pgtype.Text
		redacted                    bool
	)
	if err := rows.Scan(&e.Seq, &id, &kind, &occurred, &recorded,
		&e.Actor.Team, &e.Actor.User, &e.Actor.Name, &e.Subject,
		&payloadHash, &prevHash, &hash, &body, &redacted); err != nil {
		return e, err
	}
	e.IncidentID = incident
	e.ID = workflow.ID(id)
	e.Kind = workflow.EventKind(kind)
	e.OccurredAt, e.RecordedAt = utc(occurred), utc(recorded)
	var err error
	for _, h := range []struct {
		dst *workflow.Hash
		src string
	}{{&e.PayloadHash, payloadHash}, {&e.PrevHash, prevHash}, {&e.Hash, hash}} {
		if *h.dst, err = workflow.ParseHash(h.src); err != nil {
			return e, fmt.Errorf("event %d: %w", e.Seq, err)
		}
	}
	e.Redacted = redacted
	switch {
	case e.Redacted:
		e.Body = bytes.Clone(workflow.Tombstone)
	case body.Valid:
		e.Body = []byte(body.String)
	default:
		e.Body = []byte{}
	}
	return e, nil
}

// EventHeads implements workflow.ReadTx.
func (t *readTx) EventHeads(id workflow.ID, after, limit int) ([]workflow.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	what := fmt.Sprintf("read events of %s after %d", id, after)
	rows, err := t.tx.Query(t.ctx, qEventHeads, pgID(id), after, limit)
	if err != nil {
		return nil, fail(what, err)
	}
	defer rows.Close()
	out := make([]workflow.Event, 0, min(limit, workflow.PageSize))
	for rows.Next() {
		e := workflow.Event{IncidentID: id}
		var kind, hash string
		if err := rows.Scan(&e.Seq, &kind, &e.OccurredAt, &e.RecordedAt, &e.Actor.Team, &e.Actor.User, &e.Actor.Name, &e.Subject, &hash); err != nil {
			return nil, fail(what, err)
		}
		e.Kind = workflow.EventKind(kind)
		e.OccurredAt, e.RecordedAt = utc(e.OccurredAt), utc(e.RecordedAt)
		if e.Hash, err = workflow.ParseHash(hash); err != nil {
			return nil, fmt.Errorf("read events of %s: event %d: %w", id, e.Seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(what, err)
	}
	return out, nil
}

// NextNumber implements workflow.Tx: it locks the series' counter row until
// the transaction ends.
func (t *writeTx) NextNumber(drill bool) (int, error) {
	var last int
	err := t.tx.QueryRow(t.ctx, `SELECT last FROM series WHERE drill = $1 FOR UPDATE`, drill).Scan(&last)
	if err != nil {
		return 0, fail("next incident number", err)
	}
	return last + 1, nil
}

// CreateIncident implements workflow.Tx. A clash on the id or the number is
// wrapped in workflow.ErrConflict, and leaves the transaction usable; the
// series' counter moves on to the number.
func (t *writeTx) CreateIncident(inc *workflow.Incident) error {
	if inc.ID == workflow.NilID || inc.Number < 1 || inc.Version < 1 {
		return fmt.Errorf("create incident %s: needs an id, a number and a version (have %s, %d, %d)", inc.Ref(), inc.ID, inc.Number, inc.Version)
	}
	state, err := json.Marshal(inc)
	if err != nil {
		return fmt.Errorf("create incident %s: encode snapshot: %w", inc.Ref(), err)
	}
	tag, err := t.tx.Exec(t.ctx, `
	INSERT INTO incidents (id, drill, number, phase, severity, private, opened_at, closed_at, version, state)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
	ON CONFLICT DO NOTHING`,
		pgID(inc.ID), inc.Drill, inc.Number, string(inc.Phase), string(inc.Severity),
		inc.Private, inc.OpenedAt, nullTime(inc.ClosedAt), inc.Version, string(state))
	if err != nil {
		return fail("create incident "+inc.Ref().String(), err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("create incident %s: its id or number is taken: %w", inc.Ref(), workflow.ErrConflict)
	}
	if _, err := t.tx.Exec(t.ctx, `UPDATE series SET last = $2 WHERE drill = $1 AND last < $2`, inc.Drill, inc.Number); err != nil {
		return fail("create incident "+inc.Ref().String(), err)
	}
	return nil
}

// SaveIncident implements workflow.Tx.
func (t *writeTx) SaveIncident(inc *workflow.Incident, prevVersion int) error {
	state, err := json.Marshal(inc)
	if err != nil {
		return fmt.Errorf("save incident %s: encode snapshot: %w", inc.Ref(), err)
	}
	tag, err := t.tx.Exec(t.ctx, `
	UPDATE incidents
	SET phase = $1, severity = $2, private = $3, closed_at = $4, version = $5, state = $6
	WHERE id = $7 AND version = $8`,
		string(inc.Phase), string(inc.Severity), inc.Private, nullTime(inc.ClosedAt), inc.Version, string(state),
		pgID(inc.ID), prevVersion)
	if err != nil {
		return fail("save incident "+inc.Ref().String(), err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("save incident %s: stored version is not %d: %w", inc.Ref(), prevVersion, workflow.ErrConflict)
	}
	return nil
}

// AppendEvents implements workflow.Tx. An event number or id already taken
// is wrapped in workflow.ErrConflict; an event of an incident that is not
// stored is refused by the foreign key.
func (t *writeTx) AppendEvents(events []workflow.Event) error {
	if len(events) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, e := range events {
		body := e.Body
		if e.Redacted {
			body = workflow.Tombstone
		}
		// One statement per event, its payload with it: the payload is
		// written only if the event was.
		b.Queue(`
		WITH e AS (
			INSERT INTO events (incident_id, seq, id, kind, occurred_at, recorded_at,
			                    actor_team, actor_user, actor_name, subject,
			                    payload_hash, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT DO NOTHING
			RETURNING incident_id, seq
		)
		INSERT INTO payloads (incident_id, seq, body, redacted) SELECT incident_id, seq, $14, $15 FROM e`,
			pgID(e.IncidentID), e.Seq, pgID(e.ID), string(e.Kind), e.OccurredAt, e.RecordedAt,
			e.Actor.Team, e.Actor.User, e.Actor.Name, e.Subject,
			e.PayloadHash.String(), e.PrevHash.String(), e.Hash.String(), string(body), e.Redacted)
	}
	br := t.tx.SendBatch(t.ctx, b)
	var first error
	for _, e := range events {
		tag, err := br.Exec()
		if first != nil {
			continue
		}
		if err != nil {
			first = fail(fmt.Sprintf("append event %d to %s", e.Seq, e.IncidentID), err)
		} else if tag.RowsAffected() == 0 {
			first = fmt.Errorf("append event %d to %s: its seq or id is taken: %w", e.Seq, e.IncidentID, workflow.ErrConflict)
		}
	}
	if err := br.Close(); err != nil && first == nil {
		first = fail("append events", err)
	}
	return first
}

// RedactPayload implements workflow.Tx.
func (t *writeTx) RedactPayload(id workflow.ID, seq int) error {
	tag, err := t.tx.Exec(t.ctx, `UPDATE payloads SET body = $1, redacted = true WHERE incident_id = $2 AND seq = $3`,
		string(workflow.Tombstone), pgID(id), seq)
	if err != nil {
		return fail(fmt.Sprintf("redact event %d of %s", seq, id), err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("redact event %d of %s: no such event: %w", seq, id, workflow.ErrNotFound)
	}
	t.redacted = true
	return nil
}
