package sqlite_test

import (
	"testing"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

// TestContract holds the SQLite store to the contract every store keeps.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) workflow.Store {
		db, _ := sqlitetest.Open(t)
		return db
	})
}
