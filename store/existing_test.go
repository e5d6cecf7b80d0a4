package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

func TestExistingOnlyRefusesADirectoryWithoutAGraph(t *testing.T) {
	ctx := context.Background()
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "typo", "dir")
	for _, dir := range []string{empty, missing} {
		_, err := store.Open(ctx, "file://"+dir, store.ExistingOnly())
		if kg.CodeOf(err) != kg.CodeNotFound || !errors.Is(err, store.ErrNoGraph) {
			t.Fatalf("Open(file://%s, ExistingOnly) = %v, want NOT_FOUND caused by ErrNoGraph", dir, err)
		}
	}
	if entries, err := os.ReadDir(empty); err != nil || len(entries) != 0 {
		t.Fatalf("the empty directory now holds %v (%v)", entries, err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Fatalf("a refused open created %s: %v", filepath.Dir(missing), err)
	}
}

func TestExistingOnlyOpensAGraphMadeBefore(t *testing.T) {
	ctx := context.Background()
	dsn := "file://" + t.TempDir()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(ctx, dsn, store.ExistingOnly())
	if err != nil {
		t.Fatalf("reopen an existing graph: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
