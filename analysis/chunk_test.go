package analysis_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// TestChunkedLevelsFindTheSame walks random graphs with levels fetched a
// few nodes per request and all at once: the walks must be equal, node
// caps and truncation included.
func TestChunkedLevelsFindTheSame(t *testing.T) {
	for seed := range uint64(2) {
		g := randomGraph(seed, 40)
		storetest.Each(t, func(t *testing.T, s store.Store) {
			ctx := context.Background()
			if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
				t.Fatal(err)
			}
			walk := func(w *analysis.Walker, root, to string) string {
				var out string
				for _, limit := range []int{4, analysis.HardMaxNodes} {
					n, err := w.Neighborhood(ctx, root, 4, analysis.Both, nil, walkDay, limit)
					out += fmt.Sprintf("neighborhood %d: %s %v %v %v\n", limit, ids(n), edges(n.Edges), n.Truncated, err)
					c, err := w.DependencyChain(ctx, root, analysis.Downstream, 6, walkDay, limit)
					out += fmt.Sprintf("chain %d: %s %v %v %v\n", limit, ids(c), edges(c.Edges), c.Truncated, err)
				}
				ex, err := w.Exposure(ctx, root, walkDay, 6)
				if err == nil {
					out += fmt.Sprintf("exposure: %s %v %d %d %d\n", ids(ex.Graph), ex.Truncated, len(ex.Restricted), len(ex.Products), len(ex.Parties))
				}
				paths, truncated, err := w.Paths(ctx, root, to, 5, 3, nil, walkDay)
				for _, p := range paths {
					out += "path: " + edges(p.Edges) + "\n"
				}
				return out + fmt.Sprintf("paths truncated %v %v\n", truncated, err)
			}
			for i := 1; i+1 < len(g.Entities); i += 7 {
				root, to := g.Entities[i].ID, g.Entities[len(g.Entities)-i].ID
				whole := walk(&analysis.Walker{Store: s, Chunk: 1000}, root, to)
				for _, chunk := range []int{1, 3} {
					if got := walk(&analysis.Walker{Store: s, Chunk: chunk}, root, to); got != whole {
						t.Errorf("seed %d from %s, chunks of %d:\n%s\nall at once:\n%s", seed, root, chunk, got, whole)
					}
				}
			}
		})
	}
}
