package graph_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// Pages of a long list, walked to the end, must be exactly the list sorted
// by name then id, whatever its length and however names tie.
func TestLongListsPageExactly(t *testing.T) {
	const products, names = 730, 97 // many ties, a list longer than any fetch cap
	rng := rand.New(rand.NewPCG(7, 11))
	g := kg.Graph{Entities: []kg.Entity{
		{ID: "source:order", Kind: kg.Source, Name: "Order test", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org/order"}},
		{ID: "material:hub", Kind: kg.Material, Name: "Hub", Sources: []string{"source:order"}},
	}}
	type item struct{ id, name string }
	var want []item
	for i := range products {
		it := item{id: fmt.Sprintf("product:p%04d", rng.IntN(100000)*1000+i), name: fmt.Sprintf("Part %02d", rng.IntN(names))}
		want = append(want, it)
		g.Entities = append(g.Entities, kg.Entity{ID: it.id, Kind: kg.Product, Name: it.name, Sources: []string{"source:order"}})
		g.Edges = append(g.Edges, kg.Edge{From: it.id, Type: "needs", To: "material:hub", Sources: []string{"source:order"}})
	}
	slices.SortFunc(want, func(a, b item) int { return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id)) })

	storetest.Each(t, func(t *testing.T, s store.Store) {
		if _, err := loaders.Load(context.Background(), s, g, loaders.Options{}); err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, s, graph.Options{})
		for _, page := range []int{1, 33, 100} {
			t.Run(fmt.Sprintf("relation pages of %d", page), func(t *testing.T) {
				checkPages(t, want, func(after string) (string, []item, bool) {
					var out struct {
						Entity struct {
							NeededBy struct {
								TotalCount int
								PageInfo   struct {
									HasNextPage bool
									EndCursor   string
								}
								Edges []struct{ Node struct{ ID, Name string } }
							}
						}
					}
					e.post(t, `query($after: String, $n: Int) { entity(id: "material:hub") { ... on Material {
					  neededBy(first: $n, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } } } }`,
						map[string]any{"after": nullable(after), "n": page}, &out)
					c := out.Entity.NeededBy
					if c.TotalCount != products {
						t.Fatalf("totalCount = %d, want %d", c.TotalCount, products)
					}
					items := make([]item, len(c.Edges))
					for i, ed := range c.Edges {
						items[i] = item{ed.Node.ID, ed.Node.Name}
					}
					return c.PageInfo.EndCursor, items, c.PageInfo.HasNextPage
				})
			})
		}
		t.Run("root list pages", func(t *testing.T) {
			checkPages(t, want, func(after string) (string, []item, bool) {
				var out struct {
					Products struct {
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
						Edges []struct{ Node struct{ ID, Name string } }
					}
				}
				e.post(t, `query($after: String) { products(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name } } } }`,
					map[string]any{"after": nullable(after)}, &out)
				items := make([]item, len(out.Products.Edges))
				for i, ed := range out.Products.Edges {
					items[i] = item{ed.Node.ID, ed.Node.Name}
				}
				return out.Products.PageInfo.EndCursor, items, out.Products.PageInfo.HasNextPage
			})
		})
	})
}

// checkPages walks pages until the last and compares them, joined, with want.
func checkPages[T comparable](t *testing.T, want []T, next func(after string) (string, []T, bool)) {
	t.Helper()
	var got []T
	after := ""
	for range len(want) + 1 {
		end, items, more := next(after)
		got = append(got, items...)
		if !more {
			break
		}
		after = end
	}
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("item %d = %v, want %v (got %d items, want %d)", i, got[i], want[i], len(got), len(want))
			}
		}
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
