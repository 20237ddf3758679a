package app

import (
	"context"
	"fmt"
	"os"

	"incidentbot/config"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// Store is an open store: what the workflow needs, and Close.
type Store interface {
	workflow.Store
	Close() error
}

var _ Store = (*sqlite.DB)(nil)

// OpenStore opens the store s names: the SQLite file at s.Path, created and
// brought up to date if needed. With mustExist, a missing file is an error
// rather than a new empty database (export, verify and stats read what is
// there). Every subcommand opens its store here, so a second kind of store is
// chosen here and nowhere else.
func OpenStore(ctx context.Context, s config.Storage, mustExist bool) (Store, error) {
	if mustExist {
		if _, err := os.Stat(s.Path); err != nil {
			return nil, fmt.Errorf("no database at %s (name one with --db FILE or the config's [storage] path)", s.Path)
		}
	}
	db, err := sqlite.Open(ctx, s.Path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", s.Path, err)
	}
	return db, nil
}
