package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// A graph written before relation lists were ordered by sortkey gets its
// keys when opened, and so does one whose backfill was cut off.
func TestBackfillSortKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		const n = 300 // more than the sample at either end
		var set strings.Builder
		for i := range n {
			fmt.Fprintf(&set, "_:e%d <xid> \"material:m%03d\" .\n_:e%d <name> \"Metal \\\"%d\\\"\" .\n_:e%d <dgraph.type> \"Material\" .\n", i, i, i, n-i, i)
		}
		if err := s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
			_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(set.String())})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		check := func() {
			t.Helper()
			if err := store.BackfillSortKeys(ctx, s); err != nil {
				t.Fatalf("backfill: %v", err)
			}
			for _, e := range entities(t, s) {
				if e.SortKey != kg.SortKey(e.Name, e.ID) {
					t.Fatalf("%s: sort key %q, want %q", e.ID, e.SortKey, kg.SortKey(e.Name, e.ID))
				}
			}
		}
		check()

		// A cut-off backfill leaves the entities with the lowest uids
		// without a key: the sample sees them.
		all := entities(t, s)
		var del strings.Builder
		for _, e := range all[:10] {
			fmt.Fprintf(&del, "<%s> <sortkey> * .\n", e.UID)
		}
		if err := s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
			_, err := tx.Mutate(ctx, store.Mutation{Del: []byte(del.String())})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		check()

		// With every key in place the check is one small query.
		rec := &storetest.Recorder{Store: s}
		if err := store.BackfillSortKeys(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if got := rec.Count(); got != 1 {
			t.Fatalf("%d queries on a graph with every key, want 1", got)
		}
	})
}

type keyed struct {
	UID     string `json:"uid"`
	ID      string `json:"xid"`
	Name    string `json:"name"`
	SortKey string `json:"sortkey"`
}

// entities reads every entity with its sort key, by uid.
func entities(t *testing.T, s store.Store) []keyed {
	t.Helper()
	raw, err := s.Query(context.Background(), `{ q(func: has(xid)) { uid xid name sortkey } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	var resp struct{ Q []keyed }
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	return resp.Q
}
