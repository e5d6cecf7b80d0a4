package export_test

import (
	"bytes"
	"encoding/xml"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/export"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// graphmlDoc is the part of a GraphML document a graph tool reads.
type graphmlDoc struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string        `xml:"id,attr"`
			Data []graphmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string        `xml:"id,attr"`
			Source string        `xml:"source,attr"`
			Target string        `xml:"target,attr"`
			Data   []graphmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func exportGraphML(t *testing.T, s store.Store, pageSize int) []byte {
	t.Helper()
	return exportFiles(t, s, "graphml", pageSize)["graph.graphml"].Data
}

// readGraphML decodes a GraphML export back into records the way a graph
// tool would: through the declared keys' names and types.
func readGraphML(t *testing.T, doc []byte) kg.Graph {
	t.Helper()
	var d graphmlDoc
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("graphml is not well-formed XML: %v", err)
	}
	if d.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault = %q", d.Graph.EdgeDefault)
	}
	type key struct{ elem, name, typ string }
	keys := map[string]key{}
	for _, k := range d.Keys {
		keys[k.ID] = key{k.For, k.Name, k.Type}
	}
	for _, want := range []key{{"node", "atomicNumber", "int"}, {"node", "issued", "string"}, {"edge", "share", "double"}, {"edge", "quantity", "double"}} {
		if !slices.Contains(slices.Collect(maps.Values(keys)), want) {
			t.Errorf("no key %+v", want)
		}
	}
	// field resolves a data element to its attribute name, checking that
	// its key is declared for the element that uses it.
	field := func(elem string, dt graphmlData) string {
		k, ok := keys[dt.Key]
		if !ok || k.elem != elem {
			t.Fatalf("%s data uses key %q, declared as %+v", elem, dt.Key, k)
		}
		return k.name
	}
	list := func(v string) []string { return strings.Split(v, "|") }
	var g kg.Graph
	for _, n := range d.Graph.Nodes {
		e := kg.Entity{ID: n.ID}
		for _, dt := range n.Data {
			switch name := field("node", dt); name {
			case "kind":
				e.Kind = kg.Kind(dt.Value)
			case "name":
				e.Name = dt.Value
			case "aliases":
				e.Aliases = list(dt.Value)
			case "description":
				e.Description = dt.Value
			case "sources":
				e.Sources = list(dt.Value)
			default:
				if _, ok := kg.LookupAttr(name); !ok {
					t.Fatalf("node %s: unknown attribute %q", n.ID, name)
				}
				if e.Attrs == nil {
					e.Attrs = map[kg.Attr]string{}
				}
				e.Attrs[kg.Attr(name)] = dt.Value
			}
		}
		g.Entities = append(g.Entities, e)
	}
	for _, x := range d.Graph.Edges {
		e := kg.Edge{From: x.Source, To: x.Target}
		number := func(v string) *float64 {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("edge %s: %v", x.ID, err)
			}
			return &f
		}
		for _, dt := range x.Data {
			v := dt.Value
			switch name := field("edge", dt); name {
			case "type":
				e.Type = v
			case "sources":
				e.Sources = list(v)
			case "since":
				e.Since = v
			case "until":
				e.Until = v
			case "role":
				e.Role = v
			case "share":
				e.Share = number(v)
			case "quantity":
				e.Quantity = number(v)
			case "unit":
				e.Unit = v
			case "confidence":
				e.Confidence = v
			case "basis":
				e.Basis = v
			case "supplier":
				e.Supplier = v
			case "note":
				e.Note = v
			default:
				t.Fatalf("edge %s: unknown property %q", x.ID, name)
			}
		}
		if want := e.From + "|" + e.Type + "|" + e.To; x.ID != want {
			t.Errorf("edge id %q, want %q", x.ID, want)
		}
		g.Edges = append(g.Edges, e)
	}
	return g
}

// The GraphML export of the curated graph holds the same records as its
// JSON export, read back by the loaders, in the same order.
func TestGraphMLHoldsTheGraph(t *testing.T) {
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		want := parse(t, exportFiles(t, s, "json", 0))
		got := readGraphML(t, exportGraphML(t, s, 7))
		if len(want.Entities) == 0 || len(want.Edges) == 0 {
			t.Fatalf("the curated graph exported %d entities and %d edges", len(want.Entities), len(want.Edges))
		}
		requireSameGraph(t, want, got)
		// requireSameGraph sorts both; the order itself must match too.
		for i := range want.Entities {
			if want.Entities[i].ID != got.Entities[i].ID {
				t.Fatalf("node %d is %s, JSON has %s", i, got.Entities[i].ID, want.Entities[i].ID)
			}
		}
		for i := range want.Edges {
			if a, b := want.Edges[i], got.Edges[i]; a.From != b.From || a.Type != b.Type || a.To != b.To {
				t.Fatalf("edge %d is %s|%s|%s, JSON has %s|%s|%s", i, b.From, b.Type, b.To, a.From, a.Type, a.To)
			}
		}
	})
}

// Text that XML gives a meaning to, or that is not ASCII, comes back as it
// was written, in every field.
func TestGraphMLEscapes(t *testing.T) {
	g := everyField(t)
	tricky := `<b>"Ø & ő" 'rare' > 稀土</b> &amp;`
	for i := range g.Entities {
		g.Entities[i].Name += " " + tricky
	}
	for i := range g.Edges {
		g.Edges[i].Note += tricky
		g.Edges[i].Role += tricky
	}
	g.Entities[0].Aliases = append(g.Entities[0].Aliases, tricky)
	g = canonical(g) // the order and the sorted lists an export writes
	var b bytes.Buffer
	enc := export.NewGraphMLEncoder(&b)
	for i := range g.Entities {
		if err := enc.Entity(&g.Entities[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range g.Edges {
		if err := enc.Edge(&g.Edges[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("<b>")) {
		t.Error("markup in a name was written unescaped")
	}
	requireSameGraph(t, g, readGraphML(t, b.Bytes()))
}

func TestEmptyGraphIsAGraphMLDocument(t *testing.T) {
	var b bytes.Buffer
	if err := export.NewGraphMLEncoder(&b).Close(); err != nil {
		t.Fatal(err)
	}
	if g := readGraphML(t, b.Bytes()); len(g.Entities)+len(g.Edges) != 0 {
		t.Errorf("no records gave %d nodes and %d edges", len(g.Entities), len(g.Edges))
	}
}

// The same graph gives the same bytes, however it is paged.
func TestGraphMLIsDeterministic(t *testing.T) {
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		first, again := exportGraphML(t, s, 0), exportGraphML(t, s, 3)
		if !bytes.Equal(first, again) {
			t.Error("two GraphML exports of the same graph differ")
		}
	})
}
