package store_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Open a store, write in a transaction and read back with every user value
// in a DQL variable.
func ExampleOpen() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "chokepoint-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// file://DIR runs the embedded engine in this process; dgraph://host:9080
	// would reach a cluster through the same interface.
	s, err := store.Open(ctx, "file://"+dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	fmt.Println("backend:", s.Backend())

	err = s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
		uids, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`
_:dy <xid> "material:dysprosium" .
_:dy <dgraph.type> "Material" .
_:dy <name> "Dysprosium" .
_:dy <symbol> "Dy" .
_:dy <atomicNumber> "66" .
`)})
		fmt.Println("new nodes:", len(uids))
		return err
	})
	if err != nil {
		log.Fatal(err)
	}

	var vars dql.Vars
	q := vars.Query(fmt.Sprintf("q(func: eq(symbol, %s)) { xid name atomicNumber }", vars.Add("string", "Dy")))
	fmt.Println(q)
	out, err := s.Query(ctx, q, vars.Map())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
	// Output:
	// backend: embedded
	// new nodes: 1
	// query q($v0: string) {
	// q(func: eq(symbol, $v0)) { xid name atomicNumber }
	// }
	// {"q":[{"xid":"material:dysprosium","name":"Dysprosium","atomicNumber":66}]}
}

// Decode an answer into dql.Node values: typed attributes come back as
// text, dates as YYYY-MM-DD, the edge's facets through Edge.
func ExampleQueryInto() {
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

	err = s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
		_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`
_:c <xid> "control:example" .
_:c <dgraph.type> "Control" .
_:c <name> "Export control" .
_:c <issued> "2025-10-09T00:00:00Z" .
_:m <xid> "material:holmium" .
_:m <dgraph.type> "Material" .
_:m <name> "Holmium" .
_:c <restricts> _:m (sources="source:a|source:b", since=2025-11-08T00:00:00Z, until=9999-12-31T00:00:00Z) .
`)})
		return err
	})
	if err != nil {
		log.Fatal(err)
	}

	var vars dql.Vars
	q := vars.Query(fmt.Sprintf("c(func: eq(xid, %s)) { xid dgraph.type name issued restricts @facets { xid name } }",
		vars.Add("string", "control:example")))
	var out struct{ C []dql.Node }
	if err := store.QueryInto(ctx, s, q, vars.Map(), &out); err != nil {
		log.Fatal(err)
	}
	c := out.C[0]
	fmt.Println(c.ID, c.Kind, c.Name, "issued", c.Attrs["issued"])
	for _, m := range c.Lists["restricts"] {
		e := m.Edge("restricts")
		fmt.Printf("restricts %s since %s until %q, sources %v\n", m.Name, e.Since, e.Until, e.Sources)
	}
	// Output:
	// control:example Control Export control issued 2025-10-09
	// restricts Holmium since 2025-11-08 until "", sources [source:a source:b]
}
