package analysis_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// The walks are checked against a plain reference over the same random
// graphs: breadth-first distances for neighbourhoods and dependency
// chains, and every loopless path enumerated for k shortest paths.

// randomGraph is a supply graph of products, materials, groups,
// countries, companies and facilities with random edges of the types that link them; a third of the
// edges hold only over an interval, and some lapse before the walk's day.
func randomGraph(seed uint64, n int) kg.Graph {
	rng := rand.New(rand.NewPCG(seed, 1))
	src := []string{"source:p"}
	g := kg.Graph{Entities: []kg.Entity{{ID: "source:p", Kind: kg.Source, Name: "P", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org/p"}}}}
	kinds := []kg.Kind{kg.Product, kg.Product, kg.Product, kg.Material, kg.Material, kg.Group, kg.Country, kg.Company, kg.Facility}
	byKind := map[kg.Kind][]string{}
	for i := range n {
		k := kinds[rng.IntN(len(kinds))]
		id := fmt.Sprintf("%s%02d", k.IDPrefix(), i)
		byKind[k] = append(byKind[k], id)
		// Few distinct names, so that ties in name order matter.
		e := kg.Entity{ID: id, Kind: k, Name: fmt.Sprintf("N%d", rng.IntN(6)), Sources: src}
		if k == kg.Facility {
			e.Attrs = map[kg.Attr]string{kg.AttrStage: kg.Stages[rng.IntN(len(kg.Stages))]}
		}
		g.Entities = append(g.Entities, e)
	}
	types := []string{"needs", "in_group", "produces", "depends_on", "imports_from", "operates", "owns", "supplies", "located_in"}
	seen := map[kg.EdgeKey]bool{}
	for range 3 * n {
		t, _ := kg.LookupEdgeType(types[rng.IntN(len(types))])
		from, to := pick(rng, byKind, t.From), pick(rng, byKind, t.To)
		key := kg.EdgeKey{From: from, Type: t.Name, To: to}
		if from == "" || to == "" || from == to || seen[key] {
			continue
		}
		seen[key] = true
		e := kg.Edge{From: from, Type: t.Name, To: to, Sources: src}
		switch rng.IntN(6) {
		case 0:
			e.Since, e.Until = "2020-01-01", "2022-12-31" // over before the walk's day
		case 1:
			e.Since = "2024-06-01"
		}
		g.Edges = append(g.Edges, e)
	}
	return g
}

func pick(rng *rand.Rand, byKind map[kg.Kind][]string, kinds []kg.Kind) string {
	var all []string
	for _, k := range kinds {
		all = append(all, byKind[k]...)
	}
	if len(all) == 0 {
		return ""
	}
	return all[rng.IntN(len(all))]
}

const walkDay = "2025-01-01"

// refEdges are the edges valid on walkDay.
func refEdges(g kg.Graph) []kg.Edge {
	var out []kg.Edge
	for _, e := range g.Edges {
		if (kg.Interval{Since: e.Since, Until: e.Until}).Contains(walkDay) {
			out = append(out, e)
		}
	}
	return out
}

// refDistances is a breadth-first search from root along edges walked as
// follow says (returning the far end, or "" when the edge is not walked).
func refDistances(root string, es []kg.Edge, depth int, follow func(e kg.Edge, at string) string) map[string]int {
	dist := map[string]int{root: 0}
	frontier := []string{root}
	for level := 1; level <= depth && len(frontier) > 0; level++ {
		var next []string
		for _, at := range frontier {
			for _, e := range es {
				if far := follow(e, at); far != "" {
					if _, ok := dist[far]; !ok {
						dist[far] = level
						next = append(next, far)
					}
				}
			}
		}
		frontier = next
	}
	return dist
}

// refPathLengths enumerates every loopless path of at most maxHops hops
// between two entities, edges walked either way, and returns the lengths
// of the k shortest.
func refPathLengths(from, to string, es []kg.Edge, maxHops, k int) []int {
	var lengths []int
	onPath := map[string]bool{from: true}
	var dfs func(at string, hops int)
	dfs = func(at string, hops int) {
		if at == to {
			lengths = append(lengths, hops)
			return
		}
		if hops == maxHops {
			return
		}
		for _, e := range es {
			far := ""
			switch at {
			case e.From:
				far = e.To
			case e.To:
				far = e.From
			}
			if far != "" && !onPath[far] {
				onPath[far] = true
				dfs(far, hops+1)
				delete(onPath, far)
			}
		}
	}
	dfs(from, 0)
	slices.Sort(lengths)
	return lengths[:min(k, len(lengths))]
}

// followEither walks an edge either way from at; "" when at is neither end.
func followEither(e kg.Edge, at string) string {
	switch at {
	case e.From:
		return e.To
	case e.To:
		return e.From
	}
	return ""
}

// followDownstream walks an edge in its dependency sense from at.
func followDownstream(e kg.Edge, at string) string {
	t, _ := kg.LookupEdgeType(e.Type)
	switch {
	case t.Downstream == kg.Forward && e.From == at:
		return e.To
	case t.Downstream == kg.Reverse && e.To == at:
		return e.From
	}
	return ""
}

// eachRandomGraph loads the random graphs of the given seeds (n entities
// each) into every backend in turn and runs fn on each, with the ids of
// the graph's entities other than its source.
func eachRandomGraph(t *testing.T, seeds []uint64, n int, fn func(t *testing.T, w *analysis.Walker, g kg.Graph, seed uint64, ids []string)) {
	t.Helper()
	for _, seed := range seeds {
		g := randomGraph(seed, n)
		var ids []string
		for _, e := range g.Entities[1:] {
			ids = append(ids, e.ID)
		}
		storetest.Each(t, func(t *testing.T, s store.Store) {
			if _, err := loaders.Load(context.Background(), s, g, loaders.Options{}); err != nil {
				t.Fatal(err)
			}
			fn(t, &analysis.Walker{Store: s}, g, seed, ids)
		})
	}
}

func TestWalksAgreeWithReference(t *testing.T) {
	eachRandomGraph(t, []uint64{0, 1, 2}, 28, func(t *testing.T, w *analysis.Walker, g kg.Graph, seed uint64, ids []string) {
		ctx := context.Background()
		es := refEdges(g)
		rng := rand.New(rand.NewPCG(seed, 2))
		for range 6 {
			root := ids[rng.IntN(len(ids))]
			depth := 1 + rng.IntN(4)
			t.Run(fmt.Sprintf("seed %d neighborhood %s depth %d", seed, root, depth), func(t *testing.T) {
				got, err := w.Neighborhood(ctx, root, depth, analysis.Both, nil, walkDay, analysis.HardMaxNodes)
				if err != nil {
					t.Fatal(err)
				}
				checkDistances(t, got, refDistances(root, es, depth, followEither))
			})
			t.Run(fmt.Sprintf("seed %d downstream %s", seed, root), func(t *testing.T) {
				got, err := w.DependencyChain(ctx, root, analysis.Downstream, 6, walkDay, analysis.HardMaxNodes)
				if err != nil {
					t.Fatal(err)
				}
				checkDistances(t, got, refDistances(root, es, 6, followDownstream))
			})
			to := ids[rng.IntN(len(ids))]
			k, hops := 1+rng.IntN(4), 2+rng.IntN(4)
			t.Run(fmt.Sprintf("seed %d paths %s %s k %d hops %d", seed, root, to, k, hops), func(t *testing.T) {
				paths, truncated, err := w.Paths(ctx, root, to, hops, k, nil, walkDay)
				if err != nil || truncated {
					t.Fatalf("err %v, truncated %v", err, truncated)
				}
				var got []int
				for _, p := range paths {
					got = append(got, len(p.Edges))
					checkPath(t, p, root, to, es)
				}
				want := refPathLengths(root, to, es, hops, k)
				if root == to {
					want = []int{0}
				}
				if !slices.Equal(got, want) {
					t.Errorf("path lengths %v, want %v", got, want)
				}
			})
		}
	})
}

func checkDistances(t *testing.T, got *analysis.Subgraph, want map[string]int) {
	t.Helper()
	if got.Truncated {
		t.Fatal("truncated")
	}
	have := map[string]int{}
	for _, n := range got.Nodes {
		have[n.ID] = got.Distance[n.ID]
	}
	if fmt.Sprint(have) != fmt.Sprint(want) {
		t.Errorf("distances\n got %v\nwant %v", have, want)
	}
	for _, e := range got.Edges {
		if _, ok := have[e.From]; !ok {
			t.Errorf("edge %v leaves the subgraph", e)
		}
		if _, ok := have[e.To]; !ok {
			t.Errorf("edge %v leaves the subgraph", e)
		}
	}
}

// checkPath checks that a path runs from one end to the other over valid
// edges, never visiting a node twice.
func checkPath(t *testing.T, p analysis.Path, from, to string, es []kg.Edge) {
	t.Helper()
	at, seen := from, map[string]bool{from: true}
	for _, e := range p.Edges {
		if !slices.ContainsFunc(es, func(x kg.Edge) bool { return x.Key() == e.Key() }) {
			t.Fatalf("path uses %v, not valid on %s", e.Key(), walkDay)
		}
		switch at {
		case e.From:
			at = e.To
		case e.To:
			at = e.From
		default:
			t.Fatalf("path breaks at %s with %v", at, e.Key())
		}
		if seen[at] {
			t.Fatalf("path visits %s twice", at)
		}
		seen[at] = true
	}
	if at != to {
		t.Fatalf("path ends at %s, want %s", at, to)
	}
}

// refCapped is the reference of a walk that keeps at most maxNodes nodes:
// breadth-first, each level's edges taken in the order of the node they
// leave, then of the far end's name and id, then of their type; a new node
// is kept while there is room, and an edge is kept when both its ends are.
func refCapped(root string, es []kg.Edge, names map[string]string, depth, maxNodes int, follow func(e kg.Edge, at string) string) (map[string]int, map[kg.EdgeKey]bool, bool) {
	dist, edges, truncated := map[string]int{root: 0}, map[kg.EdgeKey]bool{}, false
	frontier := []string{root}
	for level := 1; level <= depth && len(frontier) > 0; level++ {
		type hop struct {
			at, far string
			e       kg.Edge
		}
		var hops []hop
		for _, at := range frontier {
			for _, e := range es {
				if far := follow(e, at); far != "" {
					hops = append(hops, hop{at, far, e})
				}
			}
		}
		slices.SortFunc(hops, func(a, b hop) int {
			return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(names[a.far], names[b.far]), cmp.Compare(a.far, b.far), cmp.Compare(a.e.Type, b.e.Type))
		})
		var next []string
		for _, h := range hops {
			if _, ok := dist[h.far]; !ok {
				if len(dist) >= maxNodes {
					truncated = true
					continue
				}
				dist[h.far] = level
				next = append(next, h.far)
			}
			edges[h.e.Key()] = true
		}
		frontier = next
	}
	return dist, edges, truncated
}

// Walks cut at a node cap keep exactly the nodes and edges the reference
// keeps, though they fetch only the first room+1 edges of each list and
// expand a level's frontier a few nodes at a time.
func TestCappedWalksAgreeWithReference(t *testing.T) {
	defer analysis.SetChunks(2, 2)()
	eachRandomGraph(t, []uint64{10, 11, 12, 13}, 40, func(t *testing.T, w *analysis.Walker, g kg.Graph, seed uint64, ids []string) {
		ctx := context.Background()
		es, names := refEdges(g), entityNames(g)
		rng := rand.New(rand.NewPCG(seed, 3))
		for range 12 {
			root, depth, maxNodes := ids[rng.IntN(len(ids))], 1+rng.IntN(4), 2+rng.IntN(10)
			t.Run(fmt.Sprintf("seed %d neighborhood %s depth %d cap %d", seed, root, depth, maxNodes), func(t *testing.T) {
				got, err := w.Neighborhood(ctx, root, depth, analysis.Both, nil, walkDay, maxNodes)
				if err != nil {
					t.Fatal(err)
				}
				checkCapped(t, got, root, es, names, depth, maxNodes, followEither)
			})
			t.Run(fmt.Sprintf("seed %d downstream %s cap %d", seed, root, maxNodes), func(t *testing.T) {
				got, err := w.DependencyChain(ctx, root, analysis.Downstream, 6, walkDay, maxNodes)
				if err != nil {
					t.Fatal(err)
				}
				checkCapped(t, got, root, es, names, 6, maxNodes, followDownstream)
			})
		}
	})
}

// entityNames maps every entity's id to its name.
func entityNames(g kg.Graph) map[string]string {
	names := map[string]string{}
	for _, e := range g.Entities {
		names[e.ID] = e.Name
	}
	return names
}

func checkCapped(t *testing.T, got *analysis.Subgraph, root string, es []kg.Edge, names map[string]string, depth, maxNodes int, follow func(kg.Edge, string) string) {
	t.Helper()
	dist, edges, truncated := refCapped(root, es, names, depth, maxNodes, follow)
	have := map[string]int{}
	for _, n := range got.Nodes {
		have[n.ID] = got.Distance[n.ID]
	}
	if fmt.Sprint(have) != fmt.Sprint(dist) {
		t.Errorf("distances\n got %v\nwant %v", have, dist)
	}
	haveEdges := map[kg.EdgeKey]bool{}
	for _, e := range got.Edges {
		haveEdges[e.Key()] = true
		if len(e.Sources) == 0 {
			t.Errorf("edge %v without its sources", e.Key())
		}
	}
	if fmt.Sprint(haveEdges) != fmt.Sprint(edges) {
		t.Errorf("edges\n got %v\nwant %v", haveEdges, edges)
	}
	if got.Truncated != truncated {
		t.Errorf("truncated %v, want %v", got.Truncated, truncated)
	}
}

// A list cut at the room left can hide an edge to a node that an earlier
// list of the same request kept: the walk must still return it.
func TestCappedWalkKeepsEdgesToNodesKeptInTheSameRequest(t *testing.T) {
	defer analysis.SetChunks(2, 2)()
	src := []string{"source:p"}
	ent := func(id string, k kg.Kind, name string) kg.Entity {
		return kg.Entity{ID: id, Kind: k, Name: name, Sources: src}
	}
	needs := func(from, to string) kg.Edge { return kg.Edge{From: from, Type: "needs", To: to, Sources: src} }
	g := kg.Graph{
		Entities: []kg.Entity{
			{ID: "source:p", Kind: kg.Source, Name: "P", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org/p"}},
			ent("material:r", kg.Material, "Root"), ent("product:w", kg.Product, "W"), ent("product:x", kg.Product, "X"),
			ent("material:y", kg.Material, "Zeta"), ent("material:a1", kg.Material, "Alpha 1"),
			ent("material:a2", kg.Material, "Alpha 2"), ent("material:a3", kg.Material, "Alpha 3"),
		},
		Edges: []kg.Edge{
			needs("product:w", "material:r"), needs("product:x", "material:r"), needs("product:w", "material:y"),
			needs("product:x", "material:a1"), needs("product:x", "material:a2"), needs("product:x", "material:a3"),
			needs("product:x", "material:y"),
		},
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
			t.Fatal(err)
		}
		w := &analysis.Walker{Store: s}
		// Level 1 keeps w and x; level 2 expands both in one request: w
		// keeps Zeta and fills the cap of 4, and x's list, cut after
		// Alpha 2, holds its edge to Zeta further on.
		got, err := w.Neighborhood(ctx, "material:r", 2, analysis.Both, nil, walkDay, 4)
		if err != nil {
			t.Fatal(err)
		}
		checkCapped(t, got, "material:r", g.Edges, entityNames(g), 2, 4, followEither)
	})
}

// Exposure fetches, of the edges among the nodes it reaches, only those
// that tie a party in: its answer must be the one the whole walk gives.
func TestExposureAgreesWithTheWholeWalk(t *testing.T) {
	eachRandomGraph(t, []uint64{20, 21, 22}, 40, func(t *testing.T, w *analysis.Walker, g kg.Graph, seed uint64, ids []string) {
		ctx := context.Background()
		parties := 0
		for _, root := range ids[:12] {
			ex, err := w.Exposure(ctx, root, walkDay, 6)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := w.DependencyChain(ctx, root, analysis.Downstream, 6, walkDay, analysis.HardMaxNodes)
			if err != nil {
				t.Fatal(err)
			}
			if len(ex.Graph.Nodes) != len(whole.Nodes) {
				t.Fatalf("%s: %d nodes, the whole walk %d", root, len(ex.Graph.Nodes), len(whole.Nodes))
			}
			want := map[string]kg.EdgeKey{}
			for _, e := range whole.Edges { // sorted: the first of the largest share wins
				party := e.From
				if e.Type == "applies_to" {
					party = e.To
				}
				if e.Type != "depends_on" && e.Type != "imports_from" && e.Type != "applies_to" || party == root {
					continue
				}
				if best, ok := want[party]; !ok || shareOf(e) > shareOf(edgeByKey(whole, best)) {
					want[party] = e.Key()
				}
			}
			got := map[string]kg.EdgeKey{}
			for _, p := range ex.Parties {
				got[p.Node.ID] = p.Via.Key()
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: parties\n got %v\nwant %v", root, got, want)
			}
			parties += len(got)
		}
		if parties == 0 {
			t.Fatal("no walk reached a party: the graph tests nothing")
		}
	})
}

func edgeByKey(g *analysis.Subgraph, k kg.EdgeKey) kg.Edge {
	for _, e := range g.Edges {
		if e.Key() == k {
			return e
		}
	}
	return kg.Edge{}
}

// shareOf ranks an edge's share, an absent share below any.
func shareOf(e kg.Edge) float64 {
	if e.Share == nil {
		return -1
	}
	return *e.Share
}
