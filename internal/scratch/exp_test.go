package scratch

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestOrderExperiment(t *testing.T) {
	s := storetest.Open(t, os.Getenv("BACKEND"))
	ctx := context.Background()
	s.DropAll(ctx)
	g := kg.Graph{Entities: []kg.Entity{{ID: "source:b", Kind: kg.Source, Name: "B", Attrs: map[kg.Attr]string{kg.AttrURL: "https://e.org/x"}},
		{ID: "material:hub", Kind: kg.Material, Name: "Hub", Sources: []string{"source:b"}}}}
	N, M := 10000, 50000
	for i := range N + M {
		id := fmt.Sprintf("product:p%d", i)
		g.Entities = append(g.Entities, kg.Entity{ID: id, Kind: kg.Product, Name: fmt.Sprintf("Prod %07d zz", (i*7919)%1000003), Sources: []string{"source:b"}})
		if i < N {
			g.Edges = append(g.Edges, kg.Edge{From: id, Type: "needs", To: "material:hub", Sources: []string{"source:b"}})
		}
	}
	st := time.Now()
	if _, err := loaders.Load(ctx, s, g, loaders.Options{BatchSize: 5000}); err != nil {
		t.Fatal(err)
	}
	t.Logf("load %v", time.Since(st))
	qs := map[string]string{
		"index":   `{ q(func: eq(xid, "material:hub")) { r: ~needs (orderasc: name, first: 21) @facets { xid name } } }`,
		"valvar":  `{ var(func: eq(xid, "material:hub")) { ~needs { nm as name } } q(func: eq(xid, "material:hub")) { r: ~needs (orderasc: val(nm), first: 21) @facets { xid name } } }`,
		"all":     `{ q(func: eq(xid, "material:hub")) { r: ~needs (first: 10001) @facets { xid name } } }`,
		"allname": `{ q(func: eq(xid, "material:hub")) { r: ~needs (first: 10001) { name } } }`,
		"first21": `{ q(func: eq(xid, "material:hub")) { r: ~needs (first: 21) @facets { xid name } } }`,
		"count":   `{ q(func: eq(xid, "material:hub")) { c: count(~needs) } }`,
	}
	for round := 0; round < 3; round++ {
		for name, q := range qs {
			st := time.Now()
			n := 20
			var size int
			for range n {
				out, err := s.Query(ctx, q, nil)
				if err != nil {
					t.Fatal(name, err)
				}
				size = len(out)
			}
			t.Logf("%-8s %8v  %d bytes", name, time.Since(st)/time.Duration(n), size)
		}
	}
	out, _ := s.Query(ctx, qs["index"], nil)
	out2, _ := s.Query(ctx, qs["valvar"], nil)
	t.Logf("%s\n%s", out[:300], out2[:300])
}
