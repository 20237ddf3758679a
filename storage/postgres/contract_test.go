package postgres_test

import (
	"testing"

	"incidentbot/storage/postgres"
	"incidentbot/storage/postgres/postgrestest"
	"incidentbot/storage/storetest"
	"incidentbot/workflow"
)

// TestContract holds the PostgreSQL store to the contract every store keeps,
// each rule on a database of its own.
func TestContract(t *testing.T) {
	postgrestest.Server(t)
	storetest.Run(t, func(t *testing.T) workflow.Store {
		db, _ := postgrestest.Open(t, postgres.Options{})
		return db
	})
}
