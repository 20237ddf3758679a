-- Timers: escalation steps and reminders, due at a time. A timer is claimed
-- once (fired_at set in the transaction that acts on it) or cancelled.

-- +goose Up
CREATE TABLE timers (
    id           TEXT NOT NULL PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents (id),
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    body         TEXT NOT NULL,
    fired_at     TEXT,            -- claimed and acted on
    cancelled_at TEXT             -- no longer wanted
) WITHOUT ROWID;
-- At most one pending timer per incident, kind and key.
CREATE UNIQUE INDEX timers_pending_key ON timers (incident_id, kind, key)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_pending_due ON timers (due_at)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- +goose Down
DROP INDEX timers_pending_due;
DROP INDEX timers_pending_key;
DROP TABLE timers;
