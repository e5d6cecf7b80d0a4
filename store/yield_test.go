package store_test

import (
	"context"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// TestIdleSharedStoreYieldsTheEngine: the shared test store keeps the
// engine only while a test has it. Once none does, a store opened elsewhere
// in the process (as an Example does) gets the engine, and the shared store
// comes back afterwards on its own directory with its data.
func TestIdleSharedStoreYieldsTheEngine(t *testing.T) {
	ctx := context.Background()
	t.Run("held", func(t *testing.T) {
		s := storetest.Open(t, "embedded")
		if err := s.DropAll(ctx); err != nil {
			t.Fatal(err)
		}
		storetest.Forget("embedded")
		err := s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
			_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`_:a <xid> "material:kept" .`)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Open(ctx, "file://"+t.TempDir()); kg.CodeOf(err) != kg.CodeConflict {
			t.Fatalf("second engine while a test has the shared one: %v, want CONFLICT", err)
		}
	})
	dir := storetest.EmbeddedDir()
	other, err := store.Open(ctx, "file://"+t.TempDir())
	if err != nil {
		t.Fatalf("the idle shared store kept the engine: %v", err)
	}
	out, err := other.Query(ctx, `{ q(func: has(xid)) { xid } }`, nil)
	if err != nil || string(out) != `{"q":[]}` {
		t.Fatalf("the other store's graph = %s, %v; want it empty", out, err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	s := storetest.Open(t, "embedded")
	if got := storetest.EmbeddedDir(); got != dir {
		t.Fatalf("shared store reopened in %s, want %s", got, dir)
	}
	out, err = s.Query(ctx, `{ q(func: has(xid)) { xid } }`, nil)
	if err != nil || string(out) != `{"q":[{"xid":"material:kept"}]}` {
		t.Fatalf("reopened shared store holds %s, %v", out, err)
	}
}
