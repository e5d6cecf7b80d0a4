package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// sortKeyBatch is how many entities one backfill transaction writes.
const sortKeyBatch = 5000

// Entities written before relation lists were ordered by sortkey have none,
// and Dgraph leaves a node without a value out of a list sorted on it.
const (
	// sampleSortKeys looks at the first entities by uid: a graph from before
	// has no keys at all, and the backfill writes the lowest uids last. It
	// costs about a millisecond at any size, where a full check would scan
	// every entity at every start.
	sampleSortKeys = `{
  var(func: has(xid), first: 64) { lo as uid }
  q(func: uid(lo), first: 1) @filter(has(name) AND NOT has(sortkey)) { uid }
}`
	// missingSortKeys reads a page of the entities without a key, by uid.
	missingSortKeys = `{ q(func: has(xid), first: %d, after: %s) @filter(has(name) AND NOT has(sortkey)) { uid xid name } }`
)

// backfillSortKeys gives every entity without one its kg.SortKey, when the
// sample finds one without. It reads them all, then writes them a batch at
// a time from the highest uid down, so that a backfill cut off part-way
// leaves the lowest without, where the next start's sample looks.
func backfillSortKeys(ctx context.Context, s Store) error {
	raw, err := s.Query(ctx, sampleSortKeys, nil)
	if err != nil {
		return err
	}
	if !strings.Contains(string(raw), `"uid"`) {
		return nil
	}
	var missing []dql.Node
	for after := "0x0"; ; {
		raw, err := s.Query(ctx, fmt.Sprintf(missingSortKeys, sortKeyBatch, after), nil)
		if err != nil {
			return err
		}
		var resp struct{ Q []dql.Node }
		if err := json.Unmarshal(raw, &resp); err != nil {
			return kg.Wrap(kg.CodeInternal, err, "read entities without a sort key")
		}
		missing = append(missing, resp.Q...)
		if len(resp.Q) < sortKeyBatch {
			break
		}
		after = resp.Q[len(resp.Q)-1].UID
	}
	for end := len(missing); end > 0; end -= sortKeyBatch {
		var set strings.Builder
		for _, n := range missing[max(0, end-sortKeyBatch):end] {
			fmt.Fprintf(&set, "<%s> <sortkey> %s .\n", n.UID, dql.Literal(kg.SortKey(n.Name, n.ID)))
		}
		err := s.Update(ctx, func(ctx context.Context, tx Txn) error {
			_, err := tx.Mutate(ctx, Mutation{Set: []byte(set.String())})
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
