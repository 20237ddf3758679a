-- Incidents and their timelines.
--
-- Portable SQL (SQLite now, PostgreSQL later): TEXT and INTEGER columns only,
-- booleans as 0/1 with a CHECK, times as TEXT in workflow.TimeLayout
-- (UTC, microseconds: "2006-01-02T15:04:05.000000Z", so text order is time
-- order and the hash chain gets back exactly what it hashed), hashes as
-- lowercase hex. The triggers are SQLite syntax; a PostgreSQL port writes them
-- as plpgsql trigger functions, and drops WITHOUT ROWID (SQLite: the table is
-- stored in its primary-key b-tree, so an append writes one b-tree fewer;
-- PostgreSQL has no rowid to begin with).

-- +goose Up
CREATE TABLE incidents (
    id        TEXT    NOT NULL PRIMARY KEY,           -- lowercase hyphenated UUID
    drill     INTEGER NOT NULL CHECK (drill IN (0, 1)),
    number    INTEGER NOT NULL CHECK (number > 0),    -- #N, or D-N when drill = 1
    phase     TEXT    NOT NULL,
    severity  TEXT    NOT NULL,
    private   INTEGER NOT NULL CHECK (private IN (0, 1)),
    opened_at TEXT    NOT NULL,
    closed_at TEXT,                                   -- NULL while open
    version   INTEGER NOT NULL CHECK (version > 0),   -- optimistic concurrency
    state     TEXT    NOT NULL,                       -- JSON of workflow.Incident
    UNIQUE (drill, number)
);

-- The timeline. Rows are only ever inserted (see the triggers below).
CREATE TABLE events (
    incident_id  TEXT    NOT NULL REFERENCES incidents (id),
    seq          INTEGER NOT NULL CHECK (seq > 0),
    id           TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    occurred_at  TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    actor_team   TEXT    NOT NULL,
    actor_user   TEXT    NOT NULL,
    actor_name   TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    payload_hash TEXT    NOT NULL,  -- SHA-256 of the original body
    prev_hash    TEXT    NOT NULL,  -- hash of event seq-1; 64 zeros for the first
    hash         TEXT    NOT NULL,
    PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;

-- Payloads live apart from the chain so a redaction can replace the body with
-- a tombstone while the event row, and so the chain, stays intact.
CREATE TABLE payloads (
    incident_id TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    body        TEXT    NOT NULL,  -- canonical JSON exactly as hashed, or the tombstone
    redacted    INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),
    PRIMARY KEY (incident_id, seq),
    FOREIGN KEY (incident_id, seq) REFERENCES events (incident_id, seq)
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER payloads_no_delete BEFORE DELETE ON payloads
BEGIN
    SELECT RAISE(ABORT, 'payloads are never deleted; redact them');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER payloads_keep_key BEFORE UPDATE OF incident_id, seq ON payloads
WHEN NEW.incident_id <> OLD.incident_id OR NEW.seq <> OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'a payload stays with its event');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER payloads_no_unredact BEFORE UPDATE OF redacted ON payloads
WHEN OLD.redacted = 1 AND NEW.redacted = 0
BEGIN
    SELECT RAISE(ABORT, 'a redacted payload stays redacted');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER payloads_no_unredact;
DROP TRIGGER payloads_keep_key;
DROP TRIGGER payloads_no_delete;
DROP TRIGGER events_no_delete;
DROP TRIGGER events_no_update;
DROP TABLE payloads;
DROP TABLE events;
DROP TABLE incidents;
