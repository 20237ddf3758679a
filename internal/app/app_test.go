package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"incidentbot/config"
	"incidentbot/workflow"
)

// TestOpenStore: read-only, a missing file is refused and not created;
// read-write, it is created, and then found.
func TestOpenStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := OpenStore(ctx, config.Storage{Path: path}, ReadOnly); err == nil || !strings.Contains(err.Error(), "no database at "+path) {
		t.Errorf("missing file, must exist: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a refused open left a file: %v", err)
	}
	for _, access := range []Access{ReadWrite, ReadOnly, Exclusive} {
		db, err := OpenStore(ctx, config.Storage{Path: path}, access)
		if err != nil {
			t.Fatalf("access %v: %v", access, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := OpenStore(ctx, config.Storage{Path: filepath.Join(path, "under-a-file.db")}, ReadWrite); err == nil || !strings.Contains(err.Error(), "open database") {
		t.Errorf("unopenable path: %v", err)
	}
}

// TestBacklog counts what every queue holds, as the load tool reports it.
func TestBacklog(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Storage.Path = filepath.Join(t.TempDir(), "x.db")
	db, err := OpenStore(ctx, cfg.Storage, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := New(cfg, workflow.English, db, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.Backlog(ctx); err != nil || n != 0 {
		t.Fatalf("empty outbox: %d, %v", n, err)
	}
	now := time.Now()
	err = db.Update(ctx, func(tx workflow.Tx) error {
		var items []workflow.Outgoing
		for _, q := range []string{"slack:a", "slack:a", "paging:b"} {
			id, err := tx.NewID()
			items = append(items, workflow.Outgoing{ID: id, Queue: q, Kind: "k", Body: []byte(`{}`), CreatedAt: now, NotBefore: now})
			if err != nil {
				return err
			}
		}
		return tx.Enqueue(items...)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.Backlog(ctx); err != nil || n != 3 {
		t.Errorf("backlog %d, %v; want 3", n, err)
	}
}
