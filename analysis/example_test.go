package analysis_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// reach is a tiny supply chain: a control restricts dysprosium from
// 2025-11-08 and another suspends it from 2025-12-01 to 2026-11-30; a magnet
// needs dysprosium, a motor needs the magnet, and a country depends on
// dysprosium for 90% of its supply.
const reach = `{
  "entities": [
    {"id": "source:example", "kind": "Source", "name": "Example source", "url": "https://example.org/reach"},
    {"id": "institution:ministry", "kind": "Institution", "name": "Trade ministry", "sources": ["source:example"]},
    {"id": "control:export-control", "kind": "Control", "name": "Export control", "issued": "2025-10-09", "effective": "2025-11-08", "sources": ["source:example"]},
    {"id": "control:suspension", "kind": "Control", "name": "Suspension", "issued": "2025-11-07", "sources": ["source:example"]},
    {"id": "material:dysprosium", "kind": "Material", "name": "Dysprosium", "sources": ["source:example"]},
    {"id": "product:magnet", "kind": "Product", "name": "Permanent magnet", "sources": ["source:example"]},
    {"id": "product:motor", "kind": "Product", "name": "Traction motor", "sources": ["source:example"]},
    {"id": "country:importer", "kind": "Country", "name": "Importing country", "sources": ["source:example"]}
  ],
  "edges": [
    {"from": "control:export-control", "type": "issued_by", "to": "institution:ministry", "sources": ["source:example"]},
    {"from": "control:export-control", "type": "restricts", "to": "material:dysprosium", "sources": ["source:example"]},
    {"from": "control:suspension", "type": "suspends", "to": "control:export-control", "since": "2025-12-01", "until": "2026-11-30", "sources": ["source:example"]},
    {"from": "product:magnet", "type": "needs", "to": "material:dysprosium", "sources": ["source:example"]},
    {"from": "product:motor", "type": "needs", "to": "product:magnet", "sources": ["source:example"]},
    {"from": "country:importer", "type": "depends_on", "to": "material:dysprosium", "share": 0.9, "sources": ["source:example"]}
  ]
}`

// What a control reaches, and why, on a day it is in force and on a day it
// is suspended.
func ExampleWalker_Exposure() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "chokepoint-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := store.Open(ctx, "file://"+dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	g, err := loaders.JSON{}.Parse("reach.json", strings.NewReader(reach))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
		log.Fatal(err)
	}

	w := &analysis.Walker{Store: s}
	for _, day := range []string{"2025-11-20", "2025-12-10"} {
		ex, err := w.Exposure(ctx, "control:export-control", day, analysis.MaxDepth)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s on %s: %s\n", ex.Subject.Name, day, ex.Subject.Status(day))
		for _, r := range ex.Restricted {
			fmt.Println("  restricts", r.Node.Name)
		}
		for _, r := range ex.Products {
			var why []string // the path from the control, each edge with its sources
			for _, e := range r.Path {
				why = append(why, e.From+" "+e.Type+" "+e.To)
			}
			fmt.Printf("  reaches %s at %d: %s\n", r.Node.Name, r.Distance, strings.Join(why, "; "))
		}
		for _, r := range ex.Parties {
			fmt.Printf("  exposes %s: %s %s, share %.0f%%\n", r.Node.Name, r.Via.Type, r.Via.To, 100**r.Via.Share)
		}
	}
	// Output:
	// Export control on 2025-11-20: IN_FORCE
	//   restricts Dysprosium
	//   reaches Permanent magnet at 2: control:export-control restricts material:dysprosium; product:magnet needs material:dysprosium
	//   reaches Traction motor at 3: control:export-control restricts material:dysprosium; product:magnet needs material:dysprosium; product:motor needs product:magnet
	//   exposes Importing country: depends_on material:dysprosium, share 90%
	// Export control on 2025-12-10: SUSPENDED
}
