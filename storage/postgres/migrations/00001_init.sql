-- The whole schema of the SQLite store's migrations 1 to 5, in PostgreSQL's
-- own types: uuid ids, boolean flags, timestamptz times (microseconds, as
-- workflow.TimeLayout), text bodies exactly as hashed. Beside it, what
-- several writers need: a counter row per series for gap-free numbers, and
-- a lease on outbox rows for several delivery workers.

-- +goose Up
CREATE TABLE incidents (
    id        uuid        NOT NULL PRIMARY KEY,
    drill     boolean     NOT NULL,
    number    integer     NOT NULL CHECK (number > 0),  -- #N, or D-N when drill
    phase     text        NOT NULL,
    severity  text        NOT NULL,
    private   boolean     NOT NULL,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz,                              -- NULL while open
    version   integer     NOT NULL CHECK (version > 0), -- optimistic concurrency
    state     text        NOT NULL,                     -- JSON of workflow.Incident
    UNIQUE (drill, number)
);
CREATE INDEX incidents_by_phase ON incidents (phase, drill, number);
CREATE INDEX incidents_by_opened_at ON incidents (opened_at);

-- The last number given in each series. NextNumber locks the series' row
-- (SELECT … FOR UPDATE) and CreateIncident moves it on, so concurrent opens
-- take numbers one after the other and a rollback gives the number back.
CREATE TABLE series (
    drill boolean NOT NULL PRIMARY KEY,
    last  integer NOT NULL CHECK (last >= 0)
);
INSERT INTO series (drill, last) VALUES (false, 0), (true, 0);

-- The timeline. Rows are only ever inserted (see the triggers below).
CREATE TABLE events (
    incident_id  uuid        NOT NULL REFERENCES incidents (id),
    seq          integer     NOT NULL CHECK (seq > 0),
    id           uuid        NOT NULL UNIQUE,
    kind         text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL,
    actor_team   text        NOT NULL,
    actor_user   text        NOT NULL,
    actor_name   text        NOT NULL,
    subject      text        NOT NULL,
    payload_hash text        NOT NULL,  -- SHA-256 of the original body
    prev_hash    text        NOT NULL,  -- hash of event seq-1; 64 zeros for the first
    hash         text        NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

-- Payloads live apart from the chain so a redaction can replace the body with
-- a tombstone while the event row, and so the chain, stays intact.
CREATE TABLE payloads (
    incident_id uuid    NOT NULL,
    seq         integer NOT NULL,
    body        text    NOT NULL,  -- canonical JSON exactly as hashed, or the tombstone
    redacted    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (incident_id, seq),
    FOREIGN KEY (incident_id, seq) REFERENCES events (incident_id, seq)
);

-- +goose StatementBegin
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse('events are append-only: UPDATE refused');
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse('events are append-only: DELETE refused');
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse('events are append-only: TRUNCATE refused');
CREATE TRIGGER payloads_no_delete BEFORE DELETE ON payloads
    FOR EACH ROW EXECUTE FUNCTION refuse('payloads are never deleted; redact them');
CREATE TRIGGER payloads_no_truncate BEFORE TRUNCATE ON payloads
    FOR EACH STATEMENT EXECUTE FUNCTION refuse('payloads are never deleted; redact them');
CREATE TRIGGER payloads_keep_key BEFORE UPDATE OF incident_id, seq ON payloads
    FOR EACH ROW WHEN (NEW.incident_id <> OLD.incident_id OR NEW.seq <> OLD.seq)
    EXECUTE FUNCTION refuse('a payload stays with its event');
CREATE TRIGGER payloads_no_unredact BEFORE UPDATE OF redacted ON payloads
    FOR EACH ROW WHEN (OLD.redacted AND NOT NEW.redacted)
    EXECUTE FUNCTION refuse('a redacted payload stays redacted');

-- The outbox. Rows are queued in the transaction of the change that caused
-- them; a worker delivers the oldest pending row of each queue and marks it
-- done. pos orders rows within a queue: Enqueue holds a lock per queue until
-- its transaction ends, so pos grows in the order the transactions commit.
-- Queue names compare as bytes (COLLATE "C"), as in SQLite, so a prefix is a
-- range. A worker that takes a head leases it (lease_owner, lease_until on
-- the database's clock): other workers pass its queue over until the item
-- is marked or the lease runs out.
CREATE TABLE outbox (
    pos         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          uuid        NOT NULL UNIQUE,
    incident_id uuid,                                 -- NULL: not about one incident
    queue       text        COLLATE "C" NOT NULL,
    kind        text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    not_before  timestamptz NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text        NOT NULL DEFAULT '',
    done_at     timestamptz,                          -- NULL while pending
    abandoned   boolean     NOT NULL DEFAULT false,
    lease_owner uuid,                                 -- the store that holds the head
    lease_until timestamptz
);
CREATE INDEX outbox_pending ON outbox (queue, pos) WHERE done_at IS NULL;

-- Links from incidents to outside objects (the Slack channel, the card).
CREATE TABLE links (
    incident_id uuid NOT NULL REFERENCES incidents (id),
    kind        text NOT NULL,
    value       text NOT NULL,
    PRIMARY KEY (incident_id, kind),
    UNIQUE (kind, value)
);

-- Idempotency keys of applied requests (Slack event ids, envelope ids).
CREATE TABLE seen_keys (
    key text        NOT NULL PRIMARY KEY,
    at  timestamptz NOT NULL
);

-- Timers: escalation steps and reminders, due at a time. A timer is claimed
-- once (fired_at set in the transaction that acts on it) or cancelled.
-- incident_id NULL: about no incident; the pending-key index reads it as
-- the nil uuid, so at most one pending timer without an incident has a
-- given kind and key, as for each incident.
CREATE TABLE timers (
    id           uuid        NOT NULL PRIMARY KEY,
    incident_id  uuid        REFERENCES incidents (id),
    kind         text        NOT NULL,
    key          text        NOT NULL,
    due_at       timestamptz NOT NULL,
    body         text        NOT NULL,
    fired_at     timestamptz,  -- claimed and acted on
    cancelled_at timestamptz   -- no longer wanted
);
CREATE UNIQUE INDEX timers_pending_key
    ON timers ((COALESCE(incident_id, '00000000-0000-0000-0000-000000000000'::uuid)), kind, key)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_pending_due ON timers (due_at, id)
    WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- +goose Down
DROP TABLE timers;
DROP TABLE seen_keys;
DROP TABLE links;
DROP TABLE outbox;
DROP TABLE payloads;
DROP TABLE events;
DROP FUNCTION refuse();
DROP TABLE series;
DROP TABLE incidents;
