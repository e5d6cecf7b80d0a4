package dql_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// control57 is Dgraph's answer for a control fetched with its attributes,
// StatusFields, sources, the restricts edge with facets and a count, as the
// engine returns it for a graph written by the loaders.
const control57 = `{
  "uid": "0x4",
  "xid": "control:c57",
  "dgraph.type": ["Control"],
  "name": "No. 57",
  "aliases": ["MOFCOM 57"],
  "folded": ["no. 57", "mofcom 57"],
  "description": "Export control on five heavy rare earths.",
  "code": "57",
  "issued": "2025-10-09T00:00:00Z",
  "effective": "2025-11-08T00:00:00Z",
  "suspensions": [
    {"uid": "0x5", "suspensions|since": "2025-11-07T00:00:00Z", "suspensions|until": "2026-11-10T00:00:00Z"},
    {"uid": "0x6", "suspensions|since": "2027-01-01T00:00:00Z", "suspensions|until": "9999-12-31T00:00:00Z"}
  ],
  "sources": [{"xid": "source:a", "url": "https://a.example", "published": "2025-10-09T00:00:00Z"}],
  "restricts": [
    {
      "xid": "material:ho", "dgraph.type": ["Material"], "name": "Holmium", "symbol": "Ho", "atomicNumber": 67,
      "restricts|confidence": "medium", "restricts|note": "n", "restricts|quantity": 12, "restricts|share": 0.5,
      "restricts|since": "1000-01-01T00:00:00Z", "restricts|sources": "source:a|source:b",
      "restricts|unit": "t", "restricts|until": "9999-12-31T00:00:00Z",
      "needed": [{"xid": "product:magnet", "dgraph.type": ["Product"], "name": "Magnet", "needed|since": "2024-02-29T00:00:00Z"}]
    },
    {"xid": "material:er", "dgraph.type": ["Material"], "name": "Erbium", "restricts|sources": "source:a",
     "restricts|since": "2025-11-08T00:00:00Z", "restricts|until": "2026-11-10T00:00:00Z"}
  ],
  "c": 2,
  "label": "not a count"
}`

func decodeNode(t *testing.T, data string) dql.Node {
	t.Helper()
	var n dql.Node
	if err := json.Unmarshal([]byte(data), &n); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return n
}

func TestNodeUnmarshal(t *testing.T) {
	n := decodeNode(t, control57)
	checks := []struct {
		name      string
		got, want any
	}{
		{"uid", n.UID, "0x4"},
		{"xid is the id", n.ID, "control:c57"},
		{"dgraph.type is the kind", n.Kind, kg.Control},
		{"name", n.Name, "No. 57"},
		{"aliases", n.Aliases, []string{"MOFCOM 57"}},
		{"folded", n.Folded, []string{"no. 57", "mofcom 57"}},
		{"description", n.Description, "Export control on five heavy rare earths."},
		{"attributes: text kept, datetimes cut to the day", n.Attrs,
			map[kg.Attr]string{kg.AttrCode: "57", kg.AttrIssued: "2025-10-09", kg.AttrEffective: "2025-11-08"}},
		{"suspensions from their facets, open end read as empty", n.Suspensions,
			[]kg.Interval{{Since: "2025-11-07", Until: "2026-11-10"}, {Since: "2027-01-01"}}},
		{"sources are nodes", len(n.Sources), 1},
		{"source id", n.Sources[0].ID, "source:a"},
		{"source attributes", n.Sources[0].Attrs, map[kg.Attr]string{kg.AttrURL: "https://a.example", kg.AttrPublished: "2025-10-09"}},
		{"nested list by alias", slices.Sorted(maps.Keys(n.Lists)), []string{"restricts"}},
		{"nested nodes in order", []string{n.Lists["restricts"][0].ID, n.Lists["restricts"][1].ID}, []string{"material:ho", "material:er"}},
		{"int attribute as text", n.Lists["restricts"][0].Attrs, map[kg.Attr]string{kg.AttrSymbol: "Ho", kg.AttrAtomicNumber: "67"}},
		{"nested kind", n.Lists["restricts"][0].Kind, kg.Material},
		{"list two levels down", n.Lists["restricts"][0].Lists["needed"][0].ID, "product:magnet"},
		{"facets two levels down", n.Lists["restricts"][0].Lists["needed"][0].Edge("needed").Since, "2024-02-29"},
		{"counts by alias; other scalars ignored", n.Counts, map[string]int{"c": 2}},
		{"the node's own edge facets are not its suspensions", n.Lists["restricts"][0].Suspensions, []kg.Interval(nil)},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Fatalf("got %#v, want %#v", c.got, c.want)
			}
		})
	}
}

func TestNodeEdge(t *testing.T) {
	n := decodeNode(t, control57)
	ho, er := n.Lists["restricts"][0], n.Lists["restricts"][1]
	half, twelve := 0.5, 12.0
	cases := []struct {
		name  string
		node  dql.Node
		alias string
		want  kg.Edge
	}{
		{"every facet; open bounds read as empty; sources split", ho, "restricts", kg.Edge{
			Sources: []string{"source:a", "source:b"}, Share: &half, Quantity: &twelve, Unit: "t",
			Confidence: "medium", Note: "n"}},
		{"closed bounds cut to the day", er, "restricts", kg.Edge{
			Sources: []string{"source:a"}, Since: "2025-11-08", Until: "2026-11-10"}},
		{"facets of another alias are not this edge's", ho, "needs", kg.Edge{}},
		{"a node reached by no edge", n, "restricts", kg.Edge{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.node.Edge(c.alias); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("Edge(%q) = %+v, want %+v", c.alias, got, c.want)
			}
		})
	}
}

func TestNodeEdgeFacetForms(t *testing.T) {
	cases := []struct {
		name string
		json string
		want kg.Edge
	}{
		{"role, supplier", `{"x|role": "Minister", "x|supplier": "country:cn", "x|sources": "source:a"}`,
			kg.Edge{Role: "Minister", Supplier: "country:cn", Sources: []string{"source:a"}}},
		{"dates already a day", `{"x|since": "2025-01-01", "x|until": "2025-12-31"}`,
			kg.Edge{Since: "2025-01-01", Until: "2025-12-31"}},
		{"stored open bounds as days", `{"x|since": "1000-01-01", "x|until": "9999-12-31"}`, kg.Edge{}},
		{"zero share is a share", `{"x|share": 0}`, kg.Edge{Share: new(float64)}},
		{"a number of the wrong type is dropped", `{"x|share": "0.5", "x|quantity": true}`, kg.Edge{}},
		{"empty sources", `{"x|sources": ""}`, kg.Edge{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := decodeNode(t, c.json)
			if got := n.Edge("x"); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("Edge = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestNodeKind(t *testing.T) {
	cases := []struct {
		name, types string
		want        kg.Kind
	}{
		{"one type", `["Product"]`, kg.Product},
		{"other types are skipped", `["dgraph.graphql", "Official"]`, kg.Official},
		{"no entity type", `["dgraph.graphql"]`, ""},
		{"empty", `[]`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := decodeNode(t, `{"dgraph.type": `+c.types+`}`).Kind; got != c.want {
				t.Fatalf("Kind = %q, want %q", got, c.want)
			}
		})
	}
}

func TestNodeStatus(t *testing.T) {
	n := decodeNode(t, control57)
	ho := n.Lists["restricts"][0]
	cases := []struct {
		day     string
		status  kg.ControlStatus
		inForce bool
	}{
		{"2025-10-20", kg.StatusPending, false},
		{"2025-11-07", kg.StatusPending, false},
		{"2025-11-20", kg.StatusSuspended, false},
		{"2026-11-11", kg.StatusInForce, true},
		{"2027-01-01", kg.StatusSuspended, false},
	}
	for _, c := range cases {
		t.Run(c.day, func(t *testing.T) {
			if got := n.Status(c.day); got != c.status {
				t.Errorf("Status = %s, want %s", got, c.status)
			}
			if got := n.InForce(c.day); got != c.inForce {
				t.Errorf("InForce = %v, want %v", got, c.inForce)
			}
			if !ho.InForce(c.day) {
				t.Error("a material is not always in force")
			}
		})
	}
}

func TestNodeUnmarshalRefusesBadValues(t *testing.T) {
	cases := []struct{ name, json, field string }{
		{"not an object", `["control:c57"]`, ""},
		{"int attribute as text", `{"atomicNumber": "sixty-seven"}`, "atomicNumber"},
		{"int attribute as a fraction", `{"atomicNumber": 67.5}`, "atomicNumber"},
		{"date attribute as a number", `{"issued": 20251009}`, "issued"},
		{"name as a list", `{"name": ["a"]}`, "name"},
		{"dgraph.type as a string", `{"dgraph.type": "Control"}`, "dgraph.type"},
		{"suspensions as an object", `{"suspensions": {"uid": "0x1"}}`, "suspensions"},
		{"a bad node in a nested list", `{"restricts": [{"xid": 7}]}`, "restricts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var n dql.Node
			err := json.Unmarshal([]byte(c.json), &n)
			if err == nil || c.field != "" && !strings.Contains(err.Error(), "decode "+c.field) {
				t.Fatalf("err = %v, want one naming %q", err, c.field)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	out, err := dql.Decode([]byte(`{"a": [` + control57 + `], "b": [], "c": [{"xid": "material:er"}, {"xid": "material:ho"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for k, ns := range out {
		got[k] = []string{}
		for _, n := range ns {
			got[k] = append(got[k], n.ID)
		}
	}
	want := map[string][]string{"a": {"control:c57"}, "b": {}, "c": {"material:er", "material:ho"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Decode = %v, want %v", got, want)
	}
	if s := out["a"][0].Suspensions; len(s) != 2 {
		t.Fatalf("nodes are decoded in full: suspensions %v", s)
	}
	for _, bad := range []string{`{"a": {"xid": "x"}}`, `[]`, `{"a": [1]}`, `not json`} {
		t.Run(bad, func(t *testing.T) {
			if _, err := dql.Decode([]byte(bad)); err == nil || !strings.Contains(err.Error(), "decode dgraph answer") {
				t.Fatalf("Decode(%s) err = %v", bad, err)
			}
		})
	}
}
