-- Indexes for listing: open incidents (phase <> 'closed') and stats since a date.

-- +goose Up
CREATE INDEX incidents_by_phase ON incidents (phase, drill, number);
CREATE INDEX incidents_by_opened_at ON incidents (opened_at);

-- +goose Down
DROP INDEX incidents_by_opened_at;
DROP INDEX incidents_by_phase;
