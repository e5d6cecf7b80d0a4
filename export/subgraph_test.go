package export_test

import (
	"bytes"
	"context"
	"testing"
	"testing/fstest"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/export"
	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// The walk the subgraph tests export: what the April 2025 rare-earth
// controls reach downstream a week after the November suspension.
const (
	walkFrom = "control:mofcom-2025-18"
	walkAsOf = "2025-11-20"
)

func downstream(t *testing.T, s store.Store, depth int) *analysis.Subgraph {
	t.Helper()
	return walk(t, s, walkFrom, depth)
}

// walk is the dependency chain downstream of from, as of walkAsOf.
func walk(t *testing.T, s store.Store, from string, depth int) *analysis.Subgraph {
	t.Helper()
	w := analysis.Walker{Store: s}
	sub, err := w.DependencyChain(context.Background(), from, analysis.Downstream, depth, walkAsOf, 0)
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return sub
}

// subgraphOf exports what sub reached.
func subgraphOf(sub *analysis.Subgraph) writer {
	return func(ctx context.Context, s store.Store, enc loaders.Encoder, opt export.Options) (export.Counts, error) {
		return export.WriteSubgraph(ctx, s, sub, enc, opt)
	}
}

// expectedSubgraph is, from the input graph g, the records a subgraph
// export of sub must hold: its entities, its edges, and the entities those
// refer to (sources, suppliers), with what these refer to in turn.
func expectedSubgraph(g kg.Graph, sub *analysis.Subgraph) kg.Graph {
	byID := map[string]kg.Entity{}
	for _, e := range g.Entities {
		byID[e.ID] = e
	}
	keep := map[string]bool{}
	var refer func(id string)
	refer = func(id string) {
		if !keep[id] {
			keep[id] = true
			for _, s := range byID[id].Sources {
				refer(s)
			}
		}
	}
	for _, n := range sub.Nodes {
		refer(n.ID)
	}
	walked := map[kg.EdgeKey]bool{}
	for _, e := range sub.Edges {
		walked[e.Key()] = true
	}
	var out kg.Graph
	for _, e := range g.Edges {
		if walked[e.Key()] {
			out.Edges = append(out.Edges, e)
			for _, s := range e.Sources {
				refer(s)
			}
			if e.Supplier != "" {
				refer(e.Supplier)
			}
		}
	}
	for _, e := range g.Entities {
		if keep[e.ID] {
			out.Entities = append(out.Entities, e)
		}
	}
	return out
}

func TestSubgraphExportLoadsOnItsOwn(t *testing.T) {
	g, err := loaders.ReadFS(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s store.Store) { subgraphRoundTrip(t, s, g, walkFrom, 3) })
}

func TestGeneratedSubgraphExportLoadsOnItsOwn(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a generated graph several times")
	}
	g, err := gen.Graph(context.Background(), gen.Config{Entities: gen.MinEntities, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	// The walk starts at the control that restricts the most items, so
	// that it reaches far.
	restricts := map[string]int{}
	for _, e := range g.Edges {
		if e.Type == "restricts" {
			restricts[e.From]++
		}
	}
	from := ""
	for id, n := range restricts {
		if n > restricts[from] || n == restricts[from] && id < from {
			from = id
		}
	}
	if from == "" {
		t.Fatal("the generated graph has no control that restricts anything")
	}
	storetest.Each(t, func(t *testing.T, s store.Store) { subgraphRoundTrip(t, s, g, from, 2) })
}

// subgraphRoundTrip loads g, exports the chain downstream of from in each
// format, checks the export holds exactly the walked records and what they
// cite, loads it into an empty graph and exports the same walk again: the
// files must be identical.
func subgraphRoundTrip(t *testing.T, s store.Store, g kg.Graph, from string, depth int) {
	ctx := context.Background()
	defer storetest.Forget(s.Backend())
	for _, format := range formats {
		if err := s.DropAll(ctx); err != nil {
			t.Fatal(err)
		}
		load(t, s, g)
		sub := walk(t, s, from, depth)
		if len(sub.Edges) < 10 || sub.Truncated {
			t.Fatalf("the walk from %s reached %d edges, truncated %v: the test needs a whole walk with edges", from, len(sub.Edges), sub.Truncated)
		}
		first := exportWith(t, s, format, 5, subgraphOf(sub))
		exported := parse(t, first)
		requireSameGraph(t, expectedSubgraph(g, sub), exported)
		requireEndsIn(t, exported)

		requireSameAfterReload(t, s, format, exported, first, func() fstest.MapFS {
			return exportWith(t, s, format, 5, subgraphOf(walk(t, s, from, depth)))
		})
	}
}

// requireEndsIn fails when an edge of g has an end g does not hold.
func requireEndsIn(t *testing.T, g kg.Graph) {
	t.Helper()
	held := map[string]bool{}
	for _, e := range g.Entities {
		held[e.ID] = true
	}
	for _, e := range g.Edges {
		if !held[e.From] || !held[e.To] {
			t.Errorf("edge %s has an end outside the export", showEdge(e))
		}
	}
}

func TestSubgraphDepthBoundsTheExport(t *testing.T) {
	g, err := loaders.ReadFS(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		load(t, s, g)
		near := parse(t, exportWith(t, s, "json", 0, subgraphOf(downstream(t, s, 1))))
		far := parse(t, exportWith(t, s, "json", 0, subgraphOf(downstream(t, s, 3))))
		if len(near.Entities) >= len(far.Entities) {
			t.Errorf("depth 1 exported %d entities, depth 3 %d: want fewer", len(near.Entities), len(far.Entities))
		}
	})
}

func TestSubgraphOfAMissingEntityFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		load(t, s, everyField(t))
		sub := &analysis.Subgraph{Nodes: []*analysis.Node{{ID: "country:cn"}, {ID: "country:nowhere"}}}
		_, err := export.WriteSubgraph(context.Background(), s, sub, loaders.NewJSONEncoder(&bytes.Buffer{}), export.Options{})
		if kg.CodeOf(err) != kg.CodeNotFound {
			t.Errorf("err = %v, want NOT_FOUND", err)
		}
	})
}
