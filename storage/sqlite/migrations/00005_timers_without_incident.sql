-- Timers that belong to no incident (reminders about drills and findings):
-- incident_id may be NULL. SQLite cannot drop a NOT NULL constraint in place,
-- so the table is copied into a new one and renamed (PostgreSQL: ALTER TABLE
-- timers ALTER COLUMN incident_id DROP NOT NULL). The pending-key index reads
-- NULL as '', so at most one pending timer without an incident has a given
-- kind and key, as for each incident.

-- +goose Up
CREATE TABLE timers_new (
    id           TEXT NOT NULL PRIMARY KEY,
    incident_id  TEXT REFERENCES incidents (id),  -- NULL: about no incident
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    body         TEXT NOT NULL,
    fired_at     TEXT,            -- claimed and acted on
    cancelled_at TEXT             -- no longer wanted
) WITHOUT ROWID;
INSERT INTO timers_new (id, incident_id, kind, key, due_at, body, fired_at, cancelled_at)
    SELECT id, incident_id, kind, key, due_at, body, fired_at, cancelled_at FROM timers;
DROP TABLE timers; -- and its indexes
ALTER TABLE timers_new RENAME TO timers;
CREATE UNIQUE INDEX timers_pending_key ON timers (COALESCE(incident_id, ''), kind, key)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_pending_due ON timers (due_at)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- +goose Down
-- Timers without an incident have no place in the old table: they go.
DELETE FROM timers WHERE incident_id IS NULL;
CREATE TABLE timers_old (
    id           TEXT NOT NULL PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents (id),
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    body         TEXT NOT NULL,
    fired_at     TEXT,
    cancelled_at TEXT
) WITHOUT ROWID;
INSERT INTO timers_old (id, incident_id, kind, key, due_at, body, fired_at, cancelled_at)
    SELECT id, incident_id, kind, key, due_at, body, fired_at, cancelled_at FROM timers;
DROP TABLE timers; -- and its indexes
ALTER TABLE timers_old RENAME TO timers;
CREATE UNIQUE INDEX timers_pending_key ON timers (incident_id, kind, key)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_pending_due ON timers (due_at)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;
