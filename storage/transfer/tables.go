package transfer

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"incidentbot/workflow"
)

// kind is how a column's SQLite value becomes its PostgreSQL value.
type kind int

const (
	text     kind = iota // TEXT → text, as it is
	integer              // INTEGER → integer / bigint
	flag                 // INTEGER 0/1 → boolean
	id                   // TEXT uuid → uuid
	nullID               // TEXT uuid or NULL → uuid or NULL
	when                 // TEXT in workflow.TimeLayout → timestamptz
	nullWhen             // the same, or NULL
)

type column struct {
	name string
	kind kind
}

// table is one table of the schema as both stores have it (the PostgreSQL
// store's own columns, the outbox lease and the series counters, start
// empty). Rows are read in primary-key order; count, if set, is where the
// report keeps the number of rows.
type table struct {
	name    string
	columns []column
	order   string
	count   func(*Report) *int
}

// tables are in the order the foreign keys need: incidents before what
// refers to them. Every table of the SQLite schema but goose's own is here;
// TestEveryTableCopied holds this list to the schema.
var tables = []table{
	{"incidents", []column{{"id", id}, {"drill", flag}, {"number", integer}, {"phase", text}, {"severity", text},
		{"private", flag}, {"opened_at", when}, {"closed_at", nullWhen}, {"version", integer}, {"state", text}},
		"drill, number", func(r *Report) *int { return &r.Incidents }},
	{"events", []column{{"incident_id", id}, {"seq", integer}, {"id", id}, {"kind", text}, {"occurred_at", when},
		{"recorded_at", when}, {"actor_team", text}, {"actor_user", text}, {"actor_name", text}, {"subject", text},
		{"payload_hash", text}, {"prev_hash", text}, {"hash", text}},
		"incident_id, seq", func(r *Report) *int { return &r.Events }},
	{"payloads", []column{{"incident_id", id}, {"seq", integer}, {"body", text}, {"redacted", flag}},
		"incident_id, seq", nil},
	{"links", []column{{"incident_id", id}, {"kind", text}, {"value", text}},
		"incident_id, kind", func(r *Report) *int { return &r.Links }},
	{"timers", []column{{"id", id}, {"incident_id", nullID}, {"kind", text}, {"key", text}, {"due_at", when},
		{"body", text}, {"fired_at", nullWhen}, {"cancelled_at", nullWhen}},
		"id", func(r *Report) *int { return &r.Timers }},
	// pos is copied too (COPY writes identity columns as given), so each
	// queue keeps its order.
	{"outbox", []column{{"pos", integer}, {"id", id}, {"incident_id", nullID}, {"queue", text}, {"kind", text},
		{"body", text}, {"created_at", when}, {"not_before", when}, {"attempts", integer}, {"last_error", text},
		{"done_at", nullWhen}, {"abandoned", flag}},
		"pos", func(r *Report) *int { return &r.Outbox }},
	{"seen_keys", []column{{"key", text}, {"at", when}},
		"key", func(r *Report) *int { return &r.Keys }},
}

// copyTable streams one table from the SQLite snapshot into PostgreSQL
// with COPY, and counts what the report tells beside the rows.
func copyTable(ctx context.Context, from *sql.Tx, to pgx.Tx, t table, rep *Report) (int, error) {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	rows, err := from.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.name+` ORDER BY `+t.order)
	if err != nil {
		return 0, fmt.Errorf("read: %w", err)
	}
	defer rows.Close()
	src := &rowSource{rows: rows, t: t, rep: rep, raw: make([]any, len(t.columns)), row: make([]any, len(t.columns))}
	src.ptrs = make([]any, len(src.raw))
	for i := range src.raw {
		src.ptrs[i] = &src.raw[i]
	}
	n, err := to.CopyFrom(ctx, pgx.Identifier{t.name}, names, src)
	if src.err != nil {
		return 0, src.err
	}
	if err != nil {
		return 0, fmt.Errorf("write: %w", err)
	}
	return int(n), nil
}

// rowSource is a pgx.CopyFromSource over SQLite rows, converting each.
type rowSource struct {
	rows *sql.Rows
	t    table
	rep  *Report
	raw  []any // as scanned
	ptrs []any // to raw, for Scan
	row  []any // as written
	n    int
	err  error
}

func (s *rowSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		return false
	}
	s.n++
	if err := s.rows.Scan(s.ptrs...); err != nil {
		s.err = fmt.Errorf("row %d: %w", s.n, err)
		return false
	}
	for i, c := range s.t.columns {
		v, err := convert(c.kind, s.raw[i])
		if err != nil {
			s.err = fmt.Errorf("row %d, column %s: %w", s.n, c.name, err)
			return false
		}
		s.row[i] = v
	}
	s.tally()
	return true
}

// tally counts the rows the report tells apart: drills, redacted payloads,
// pending timers, undelivered outbox rows.
func (s *rowSource) tally() {
	col := func(name string) any {
		for i, c := range s.t.columns {
			if c.name == name {
				return s.row[i]
			}
		}
		return nil
	}
	switch s.t.name {
	case "incidents":
		if col("drill") == true {
			s.rep.Drills++
		}
	case "payloads":
		if col("redacted") == true {
			s.rep.Redacted++
		}
	case "timers":
		if !col("fired_at").(pgtype.Timestamptz).Valid && !col("cancelled_at").(pgtype.Timestamptz).Valid {
			s.rep.Pending++
		}
	case "outbox":
		if !col("done_at").(pgtype.Timestamptz).Valid {
			s.rep.Undone++
		}
	}
}

func (s *rowSource) Values() ([]any, error) { return s.row, nil }

func (s *rowSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// convert turns a value as SQLite gives it into one pgx writes for kind.
func convert(k kind, v any) (any, error) {
	if v == nil {
		switch k {
		case nullID:
			return pgtype.UUID{}, nil
		case nullWhen:
			return pgtype.Timestamptz{}, nil
		}
		return nil, fmt.Errorf("NULL where the schema allows none")
	}
	switch k {
	case text:
		return asText(v)
	case integer:
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("%T where an integer belongs", v)
		}
		return n, nil
	case flag:
		n, ok := v.(int64)
		if !ok || (n != 0 && n != 1) {
			return nil, fmt.Errorf("%v where 0 or 1 belongs", v)
		}
		return n == 1, nil
	case id, nullID:
		s, err := asText(v)
		if err != nil {
			return nil, err
		}
		u, err := uuid.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("id %q: %w", s, err)
		}
		return pgtype.UUID{Bytes: u, Valid: true}, nil
	case when, nullWhen:
		s, err := asText(v)
		if err != nil {
			return nil, err
		}
		t, err := time.Parse(workflow.TimeLayout, s)
		if err != nil {
			return nil, fmt.Errorf("time %q: %w", s, err)
		}
		return pgtype.Timestamptz{Time: t, Valid: true}, nil
	}
	return nil, fmt.Errorf("unknown column kind %d", k)
}

func asText(v any) (string, error) {
	switch s := v.(type) {
	case string:
		return s, nil
	case []byte:
		return string(s), nil
	}
	return "", fmt.Errorf("%T where text belongs", v)
}
