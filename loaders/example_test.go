package loaders_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// magnets is a small input in the native JSON format: entities, then
// edges, each edge with a source.
const magnets = `{
  "entities": [
    {"id": "source:example", "kind": "Source", "name": "Example source", "url": "https://example.org/magnets"},
    {"id": "material:dysprosium", "kind": "Material", "name": "Dysprosium", "symbol": "Dy", "atomicNumber": 66, "sources": ["source:example"]},
    {"id": "product:ndfeb-magnet", "kind": "Product", "name": "NdFeB permanent magnet", "sources": ["source:example"]}
  ],
  "edges": [
    {"from": "product:ndfeb-magnet", "type": "needs", "to": "material:dysprosium", "sources": ["source:example"]}
  ]
}`

// Load an input: a dry run first, which validates and counts without
// writing, then for real, then again, which changes nothing.
func ExampleLoad() {
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

	// loaders.ReadFiles reads files by extension; a Format reads any reader.
	g, err := loaders.JSON{}.Parse("magnets.json", strings.NewReader(magnets))
	if err != nil {
		log.Fatal(err)
	}
	for _, opt := range []loaders.Options{{DryRun: true}, {}, {}} {
		rep, err := loaders.Load(ctx, s, g, opt)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rep)
	}
	// Output:
	// dry run, nothing written; would load: entities 3 created, 0 updated, 0 unchanged; edges 1 created, 0 updated, 0 unchanged
	// loaded: entities 3 created, 0 updated, 0 unchanged; edges 1 created, 0 updated, 0 unchanged
	// loaded: entities 0 created, 0 updated, 3 unchanged; edges 0 created, 0 updated, 1 unchanged
}

// An invalid input is reported whole, by file and line, and nothing is
// written.
func ExampleLoad_problems() {
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

	g, err := loaders.JSON{}.Parse("bad.json", strings.NewReader(`{
  "entities": [
    {"id": "material:dysprosium", "kind": "Material", "name": "Dysprosium", "sources": ["source:missing"]},
    {"id": "control:x", "kind": "Control", "name": "Control without an issue date", "sources": ["source:missing"]}
  ],
  "edges": [
    {"from": "control:x", "type": "restricts", "to": "material:dysprosium", "since": "2025-13-01"}
  ]
}`))
	if err != nil {
		log.Fatal(err)
	}
	_, err = loaders.Load(ctx, s, g, loaders.Options{})
	fmt.Println(err)
	// Output:
	// invalid input: 4 problem(s); nothing was written
	//   bad.json:3: sources: source:missing is not defined in the input nor in the graph
	//   bad.json:4: issued: missing (required for a Control)
	//   bad.json:7: sources: missing: every edge needs at least one source
	//   bad.json:7: since: invalid date "2025-13-01" (want YYYY-MM-DD)
}
