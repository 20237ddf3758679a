package workflow

import (
	"fmt"

	"github.com/google/uuid"
)

// newID is a time-ordered UUID (v7) for a new incident.
func newID() (uuid.UUID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, fmt.Errorf("new incident id: %w", err)
	}
	return id, nil
}
