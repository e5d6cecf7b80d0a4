package loaders_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

// synthetic builds a supply graph: materials, and products that each need
// four materials or earlier products, all sourced.
func synthetic(materials, products int) kg.Graph {
	g := kg.Graph{Entities: []kg.Entity{{ID: "source:bench", Kind: kg.Source, Name: "Benchmark", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org"}}}}
	src := []string{"source:bench"}
	for i := range materials {
		g.Entities = append(g.Entities, kg.Entity{ID: fmt.Sprintf("material:m%d", i), Kind: kg.Material, Name: fmt.Sprintf("Material %d", i), Sources: src})
	}
	for i := range products {
		g.Entities = append(g.Entities, kg.Entity{ID: fmt.Sprintf("product:p%d", i), Kind: kg.Product, Name: fmt.Sprintf("Product %d", i), Sources: src})
		for j := range 4 {
			q := float64(j + 1)
			to := fmt.Sprintf("material:m%d", (i*7+j)%materials)
			if i >= 4 && j%2 == 1 {
				to = fmt.Sprintf("product:p%d", i-j)
			}
			g.Edges = append(g.Edges, kg.Edge{From: fmt.Sprintf("product:p%d", i), Type: "needs", To: to, Quantity: &q, Unit: "kg", Since: "2024-01-01", Sources: src})
		}
	}
	return g
}

// BenchmarkLoad measures load throughput into an empty embedded graph.
func BenchmarkLoad(b *testing.B) {
	s := storetest.Open(b, "embedded")
	ctx := context.Background()
	g := synthetic(500, 5000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := s.DropAll(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(g.Edges)*b.N)/b.Elapsed().Seconds(), "edges/s")
	b.ReportMetric(float64(len(g.Entities)*b.N)/b.Elapsed().Seconds(), "entities/s")
}

// BenchmarkReload measures a load in which every record is unchanged.
func BenchmarkReload(b *testing.B) {
	s := storetest.Open(b, "embedded")
	ctx := context.Background()
	g := synthetic(500, 5000)
	if err := s.DropAll(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(g.Edges)*b.N)/b.Elapsed().Seconds(), "edges/s")
}
