-- What adapters deliver after a commit, what ties incidents to outside
-- objects, and which requests were already applied.

-- +goose Up
-- The outbox. Rows are queued in the transaction of the change that caused
-- them; a worker delivers the oldest pending row of each queue and marks it
-- done. pos orders rows within a queue (SQLite assigns it; PostgreSQL would
-- use an identity column).
CREATE TABLE outbox (
    pos         INTEGER NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    incident_id TEXT,                                 -- NULL: not about one incident
    queue       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    not_before  TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    done_at     TEXT,                                 -- NULL while pending
    abandoned   INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1))
);
CREATE INDEX outbox_pending ON outbox (queue, pos) WHERE done_at IS NULL;

-- Links from incidents to outside objects (the Slack channel, the card).
CREATE TABLE links (
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (incident_id, kind),
    UNIQUE (kind, value)
);

-- Idempotency keys of applied requests (Slack event ids, envelope ids).
CREATE TABLE seen_keys (
    key TEXT NOT NULL PRIMARY KEY,
    at  TEXT NOT NULL
) WITHOUT ROWID;

-- +goose Down
DROP TABLE seen_keys;
DROP TABLE links;
DROP INDEX outbox_pending;
DROP TABLE outbox;
