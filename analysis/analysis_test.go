package analysis_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func seedFixture(s store.Store) error {
	g, err := loaders.ReadFiles([]string{"testdata/fixture.json"}, "")
	if err != nil {
		return err
	}
	_, err = loaders.Load(context.Background(), s, g, loaders.Options{})
	return err
}

func each(t *testing.T, fn func(t *testing.T, w *analysis.Walker)) {
	storetest.Seeded(t, seedFixture, func(t *testing.T, s store.Store) {
		fn(t, &analysis.Walker{Store: s})
	})
}

func ids(g *analysis.Subgraph) string {
	var out []string
	for _, n := range g.Nodes {
		out = append(out, n.ID)
	}
	return strings.Join(out, " ")
}

func edges(es []kg.Edge) string {
	var out []string
	for _, e := range es {
		out = append(out, e.From+" -"+e.Type+"-> "+e.To)
	}
	return strings.Join(out, "; ")
}

func TestDependencyChainFollowsTimeAndCycles(t *testing.T) {
	cases := []struct {
		name, id string
		dir      analysis.Direction
		asOf     string
		want     string
	}{
		{"in force, cycle visited once, expired edge left out", "control:c1", analysis.Downstream, "2025-03-01",
			"control:c1 material:m1 country:k1 product:p1 product:p2 country:k3 product:p3"},
		{"suspended: the control acts on nothing", "control:c1", analysis.Downstream, "2025-07-01", "control:c1"},
		{"suspension lapsed: the control is back", "control:c1", analysis.Downstream, "2026-02-01",
			"control:c1 material:m1 country:k1 product:p1 product:p2 country:k3 product:p3"},
		{"expired edge counts inside its validity", "material:m1", analysis.Downstream, "2020-06-01",
			"material:m1 country:k1 product:p1 product:p4 product:p2 country:k3 product:p3"},
		{"upstream reaches the issuer", "product:p2", analysis.Upstream, "2025-03-01",
			"product:p2 product:p1 material:m1 product:p3 control:c1 institution:i1"},
		{"upstream skips a suspended control", "product:p2", analysis.Upstream, "2025-07-01",
			"product:p2 product:p1 material:m1 product:p3"},
	}
	each(t, func(t *testing.T, w *analysis.Walker) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				g, err := w.DependencyChain(context.Background(), c.id, c.dir, 6, c.asOf, 0)
				if err != nil {
					t.Fatal(err)
				}
				if got := ids(g); got != c.want || g.Truncated {
					t.Fatalf("nodes = %s (truncated %v)\nwant    %s", got, g.Truncated, c.want)
				}
				for _, e := range g.Edges {
					if len(e.Sources) == 0 {
						t.Errorf("edge without source: %+v", e)
					}
				}
			})
		}
	})
}

func TestPathsTiedShortestAndUnreachable(t *testing.T) {
	each(t, func(t *testing.T, w *analysis.Walker) {
		ctx := context.Background()
		paths, truncated, err := w.Paths(ctx, "product:a", "product:b", 6, 3, nil, "2025-03-01")
		if err != nil || truncated {
			t.Fatal(err, truncated)
		}
		var got []string
		for _, p := range paths {
			got = append(got, edges(p.Edges))
		}
		want := []string{
			"product:a -needs-> material:x; product:b -needs-> material:x",
			"product:a -needs-> material:y; product:b -needs-> material:y",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("paths =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if paths[0].Nodes[1].ID != "material:x" {
			t.Fatalf("path nodes: %+v", paths[0].Nodes)
		}
		none, _, err := w.Paths(ctx, "material:m1", "material:island", 10, 10, nil, "2025-03-01")
		if err != nil || len(none) != 0 {
			t.Fatalf("paths to an island = %v, %v", none, err)
		}
		// The cycle p1 → p3 → p2 → p1 gives two ways between p1 and p2.
		cyc, _, err := w.Paths(ctx, "product:p1", "product:p2", 6, 5, []string{"needs"}, "2025-03-01")
		if err != nil || len(cyc) != 2 || len(cyc[0].Edges) != 1 || len(cyc[1].Edges) != 2 {
			t.Fatalf("paths around the cycle: %v, %v", cyc, err)
		}
	})
}

func TestNeighborhoodRolesAndLimits(t *testing.T) {
	each(t, func(t *testing.T, w *analysis.Walker) {
		ctx := context.Background()
		g, err := w.Neighborhood(ctx, "institution:i1", 1, analysis.Both, []string{"holds_role"}, "2025-03-01", 0)
		if err != nil || ids(g) != "institution:i1 official:o2" {
			t.Fatalf("current officials = %s, %v", ids(g), err)
		}
		g, err = w.Neighborhood(ctx, "institution:i1", 1, analysis.Both, []string{"holds_role"}, "2023-03-01", 0)
		if err != nil || ids(g) != "institution:i1 official:o1" {
			t.Fatalf("officials in 2023 = %s, %v", ids(g), err)
		}
		g, err = w.Neighborhood(ctx, "institution:i1", 3, analysis.Both, nil, "2025-03-01", 3)
		if err != nil || len(g.Nodes) != 3 || !g.Truncated {
			t.Fatalf("capped neighbourhood: %s truncated=%v, %v", ids(g), g.Truncated, err)
		}
	})
}

func TestExposureRanksParties(t *testing.T) {
	each(t, func(t *testing.T, w *analysis.Walker) {
		ex, err := w.Exposure(context.Background(), "control:c1", "2025-03-01", 6)
		if err != nil {
			t.Fatal(err)
		}
		var restricted, products, parties []string
		for _, r := range ex.Restricted {
			restricted = append(restricted, r.Node.ID)
		}
		for _, r := range ex.Products {
			products = append(products, fmt.Sprintf("%s@%d", r.Node.ID, r.Distance))
		}
		for _, r := range ex.Parties {
			parties = append(parties, fmt.Sprintf("%s:%v", r.Node.ID, *r.Via.Share))
		}
		got := fmt.Sprint(restricted, products, parties)
		want := "[material:m1] [product:p1@2 product:p2@3 product:p3@4] [country:k1:0.8 country:k3:0.3]"
		if got != want {
			t.Fatalf("exposure = %s\nwant       %s", got, want)
		}
		if path := edges(ex.Products[1].Path); path != "control:c1 -restricts-> material:m1; product:p1 -needs-> material:m1; product:p2 -needs-> product:p1" {
			t.Fatalf("explaining path of p2: %s", path)
		}
	})
}

func TestBadArguments(t *testing.T) {
	each(t, func(t *testing.T, w *analysis.Walker) {
		ctx := context.Background()
		for name, err := range map[string]error{
			"depth": func() error {
				_, err := w.Neighborhood(ctx, "material:m1", 11, analysis.Both, nil, "2025-01-01", 0)
				return err
			}(),
			"k": func() error {
				_, _, err := w.Paths(ctx, "material:m1", "material:x", 3, 11, nil, "2025-01-01")
				return err
			}(),
			"type": func() error {
				_, err := w.Neighborhood(ctx, "material:m1", 1, analysis.Both, []string{"likes"}, "2025-01-01", 0)
				return err
			}(),
			"missing": func() error {
				_, err := w.DependencyChain(ctx, "material:nothing", analysis.Downstream, 3, "2025-01-01", 0)
				return err
			}(),
		} {
			want := kg.CodeInvalid
			if name == "missing" {
				want = kg.CodeNotFound
			}
			if kg.CodeOf(err) != want {
				t.Errorf("%s: %v, want %s", name, err, want)
			}
		}
	})
}

// TestPathsStayBoundedWithoutEnoughPaths asks for 10 paths between two
// components of a synthetic supply graph that no path joins, and between
// two entities with fewer than 10 paths: both answer within the request's
// deadline and a bounded amount of memory.
func TestPathsStayBoundedWithoutEnoughPaths(t *testing.T) {
	s := storetest.Open(t, "embedded")
	ctx := context.Background()
	if err := s.DropAll(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Forget("embedded")
	g := kg.Graph{Entities: []kg.Entity{{ID: "source:s", Kind: kg.Source, Name: "S", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org"}}}}
	src := []string{"source:s"}
	const perSide = 1500
	for side := range 2 {
		for i := range perSide {
			g.Entities = append(g.Entities, kg.Entity{ID: fmt.Sprintf("product:s%d-%d", side, i), Kind: kg.Product, Name: fmt.Sprintf("P %d %d", side, i), Sources: src})
			if i > 0 {
				for _, j := range []int{i / 2, (i * 7) % i, i - 1} {
					g.Edges = append(g.Edges, kg.Edge{From: fmt.Sprintf("product:s%d-%d", side, i), Type: "needs", To: fmt.Sprintf("product:s%d-%d", side, j), Sources: src})
				}
			}
		}
	}
	g.Edges = dedupe(g.Edges)
	if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
		t.Fatal(err)
	}
	w := &analysis.Walker{Store: s}
	for _, c := range []struct{ from, to string }{
		{"product:s0-1499", "product:s1-1499"}, // unconnected
		{"product:s0-1", "product:s0-2"},       // connected, few paths
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		dctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		_, _, err := w.Paths(dctx, c.from, c.to, 10, 10, nil, "2025-01-01")
		cancel()
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatalf("paths %s → %s: %v", c.from, c.to, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 {
			t.Fatalf("paths %s → %s allocated %d MiB", c.from, c.to, alloc>>20)
		}
	}
}

func dedupe(es []kg.Edge) []kg.Edge {
	seen := map[kg.EdgeKey]bool{}
	var out []kg.Edge
	for _, e := range es {
		if e.From != e.To && !seen[e.Key()] {
			seen[e.Key()] = true
			out = append(out, e)
		}
	}
	return out
}

// TestRestrictedGroupReachesMembers: a control on a group restricts each
// member, and so reaches what needs a member.
func TestRestrictedGroupReachesMembers(t *testing.T) {
	each(t, func(t *testing.T, w *analysis.Walker) {
		ex, err := w.Exposure(context.Background(), "control:c2", "2025-03-01", 6)
		if err != nil {
			t.Fatal(err)
		}
		var restricted, products []string
		for _, r := range ex.Restricted {
			restricted = append(restricted, r.Node.ID)
		}
		for _, r := range ex.Products {
			products = append(products, fmt.Sprintf("%s@%d", r.Node.ID, r.Distance))
		}
		if got := fmt.Sprint(restricted, products); got != "[group:g1 material:m2] [product:p5@3]" {
			t.Fatalf("exposure of a control on a group = %s", got)
		}
		if path := edges(ex.Products[0].Path); path != "control:c2 -restricts-> group:g1; material:m2 -in_group-> group:g1; product:p5 -needs-> material:m2" {
			t.Fatalf("path: %s", path)
		}
	})
}
