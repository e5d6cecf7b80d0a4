package loaders_test

import (
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

const nquadsGraph = "testdata/nquads/graph.nq"

func TestNQuadsFixture(t *testing.T) {
	got := parseFiles(t, loaders.NQuads{}, nquadsGraph)
	want := placed(t, fixtureGraph(), nquadsGraph, []int{3, 12, 19, 25, 33, 40, 48, 57, 68},
		nquadsGraph, []int{45, 77, 78, 79, 80, 81, 82, 83})
	assertGraph(t, got, want)
}

// TestCSVAndNQuadsAgree checks that the two fixtures carry the same records.
func TestCSVAndNQuadsAgree(t *testing.T) {
	fromCSV := parseFiles(t, loaders.CSV{}, csvEntities, csvRelations)
	fromNQuads := parseFiles(t, loaders.NQuads{}, nquadsGraph)
	assertGraph(t, withoutPos(fromNQuads), withoutPos(fromCSV))
}

func TestNQuadsValid(t *testing.T) {
	pos := func(line int) kg.Pos { return kg.Pos{File: "in.nq", Line: line} }
	tests := []struct {
		name, input string
		want        kg.Graph
	}{
		{
			name: "a subject with only edges is a reference, not an entity",
			input: `<country:cn> <produces> <material:dy> (sources="source:a") .` + "\n" +
				`<material:dy> <name> "Dysprosium" .` + "\n",
			want: kg.Graph{
				Entities: []kg.Entity{{ID: "material:dy", Name: "Dysprosium", Attrs: map[kg.Attr]string{}, Pos: pos(2)}},
				Edges: []kg.Edge{{From: "country:cn", Type: "produces", To: "material:dy",
					Sources: []string{"source:a"}, Pos: pos(1)}},
			},
		},
		{
			name: "an xid later in the file names a blank node; the entity starts at its first triple",
			input: `_:dy <in_group> <group:ree> (sources="source:a") .` + "\n" +
				`_:dy <dgraph.type> "Material" .` + "\n" +
				`# the xid wins over the type` + "\n" +
				`_:dy <xid> "material:dysprosium" .` + "\n",
			want: kg.Graph{
				Entities: []kg.Entity{{ID: "material:dysprosium", Kind: kg.Material, Attrs: map[kg.Attr]string{}, Pos: pos(1)}},
				Edges: []kg.Edge{{From: "material:dysprosium", Type: "in_group", To: "group:ree",
					Sources: []string{"source:a"}, Pos: pos(1)}},
			},
		},
		{
			name: "escapes, a graph label, empty facets, spaces and comments",
			input: "\t<material:dy>   <name> \"Dy\\u0073pro\\\\sium \\\"Dy\\\"\\tx\" <graph> .   # trailing comment\n" +
				`<material:dy> <in_group> <group:ree> () .` + "\n" +
				`<material:dy> <name> "Dy\u0073pro\\sium \"Dy\"` + "\t" + `x"@en .` + "\n",
			want: kg.Graph{
				Entities: []kg.Entity{{ID: "material:dy", Name: "Dyspro\\sium \"Dy\"\tx", Attrs: map[kg.Attr]string{}, Pos: pos(1)}},
				Edges:    []kg.Edge{{From: "material:dy", Type: "in_group", To: "group:ree", Pos: pos(2)}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loaders.NQuads{}.Parse("in.nq", strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			assertGraph(t, got, tt.want)
		})
	}
}

func TestNQuadsProblems(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string
	}{
		{
			name:  "unknown predicate",
			input: `<material:dy> <colour> "grey" .`,
			want: []string{"in.nq:1: colour: unknown predicate (want one of xid, dgraph.type, name, description, aliases, sources, " +
				strings.Join(kg.AttrNames(), ", ") + ", " + strings.Join(kg.EdgeTypeNames(), ", ") + ")"},
		},
		{
			name:  "unknown facet",
			input: `<country:cn> <produces> <material:dy> (sources="source:a", weight=3) .`,
			want:  []string{"in.nq:1: weight: unknown facet (want one of " + strings.Join(loaders.FacetNames, ", ") + ")"},
		},
		{
			name: "predicates and facets in the wrong case or misspelt",
			input: `<material:dy> <Name> "Dysprosium" .` + "\n" +
				`<material:dy> <atomicnumber> "66" .` + "\n" +
				`<country:cn> <Produces> <material:dy> (sources="source:a") .` + "\n" +
				`<country:cn> <produces> <material:dy> (Sources="source:a", shar=0.5) .` + "\n",
			want: []string{
				`in.nq:1: Name: unknown predicate; did you mean "name"?`,
				`in.nq:2: atomicnumber: unknown predicate; did you mean "atomicNumber"?`,
				`in.nq:3: Produces: unknown predicate; did you mean "produces"?`,
				`in.nq:4: Sources: unknown facet; did you mean "sources"?`,
				`in.nq:4: shar: unknown facet; did you mean "share"?`,
			},
		},
		{
			name:  "bad number in a facet",
			input: `<country:cn> <produces> <material:dy> (share="high", quantity=1e400) .`,
			want: []string{
				`in.nq:1: share: not a number: "high"`,
				`in.nq:1: quantity: not a number: "1e400"`,
			},
		},
		{
			name:  "atomic number not an integer",
			input: `<material:dy> <atomicNumber> "66.0"^^<xs:float> .`,
			want:  []string{`in.nq:1: atomicNumber: not an integer: "66.0"`},
		},
		{
			name: "malformed triples, every one reported",
			input: "<material:dy> <name> \"Dysprosium\"\n" +
				"<material:dy> <name> \"Dysprosium .\n" +
				"<material:dy> <name> .\n" +
				"\"dy\" <name> \"Dysprosium\" .\n" +
				"<material:dy> _:name \"Dysprosium\" .\n" +
				"<material:dy <name> \"Dysprosium\" .\n" +
				"<material:dy> <name> \"Dy\\x\" .\n" +
				"<material:dy> <name> \"Dy\\u00\" .\n" +
				"<material:dy> <name> \"Dysprosium\" . extra\n" +
				"<country:cn> <produces> <material:dy> (share) .\n" +
				"<country:cn> <produces> <material:dy> (share=0.5 .\n" +
				"<country:cn> <produces> <material:dy> (share=0.5; unit=\"t\") .\n" +
				"<country:cn> <produces> <material:dy> (share=0.5, unit=) .\n" +
				"_: <name> \"x\" .\n",
			want: []string{
				`in.nq:1: malformed triple: want "." at the end of the triple`,
				`in.nq:2: malformed triple: object: unterminated string`,
				`in.nq:3: malformed triple: want the object: <iri>, _:blank or "literal"`,
				`in.nq:4: malformed triple: the subject must be <iri> or _:blank, not a literal`,
				`in.nq:5: malformed triple: the predicate must be an <iri>`,
				`in.nq:6: malformed triple: subject: bad IRI <material:dy <name>`,
				`in.nq:7: malformed triple: object: bad escape "\\x"`,
				`in.nq:8: malformed triple: object: bad escape "\\u00\" ": want 4 hex digits of a code point`,
				`in.nq:9: malformed triple: unexpected text after "."`,
				`in.nq:10: malformed triple: facet share: want "="`,
				`in.nq:11: malformed triple: facets: want "," or ")"`,
				`in.nq:12: malformed triple: facets: want "," or ")"`,
				`in.nq:13: malformed triple: facet unit: missing value`,
				`in.nq:14: malformed triple: subject: empty blank node label`,
			},
		},
		{
			name: "blank node without an id",
			input: `<country:cn> <produces> _:dy (sources="source:a") .` + "\n" +
				`_:dy <name> "Dysprosium" .` + "\n",
			want: []string{"in.nq:1: blank node _:dy has no xid and no dgraph.type"},
		},
		{
			name:  "a subject that is no id",
			input: `<0x1a> <name> "Dysprosium" .`,
			want:  []string{"in.nq:1: <0x1a> is not a <kind:slug> id"},
		},
		{
			name:  "literal on an edge predicate",
			input: `<country:cn> <produces> "material:dy" (sources="source:a") .`,
			want:  []string{"in.nq:1: produces: want a node object, not a literal"},
		},
		{
			name: "node on a scalar predicate, literal on sources",
			input: `<material:dy> <name> <material:dysprosium> .` + "\n" +
				`<material:dy> <sources> "source:a" .` + "\n",
			want: []string{
				"in.nq:1: name: want a literal, not a node",
				"in.nq:2: sources: want a node such as <source:x>, not a literal",
			},
		},
		{
			name: "single-valued fields given twice",
			input: `<material:dy> <name> "Dysprosium" .` + "\n" +
				`<material:dy> <name> "Dysprosium" .` + "\n" +
				`<material:dy> <name> "Dy" .` + "\n" +
				`<material:dy> <dgraph.type> "Material" .` + "\n" +
				`<material:dy> <dgraph.type> "material" .` + "\n" +
				`<material:dy> <dgraph.type> "Group" .` + "\n" +
				`<material:dy> <symbol> "Dy" .` + "\n" +
				`<material:dy> <symbol> "Dd" .` + "\n" +
				`<material:dy> <xid> "material:dysprosium" .` + "\n",
			want: []string{
				`in.nq:3: name: given twice with different values: "Dysprosium" and "Dy"`,
				`in.nq:6: dgraph.type: given twice with different values: "Material" and "Group"`,
				`in.nq:8: symbol: given twice with different values: "Dy" and "Dd"`,
				`in.nq:9: xid: "material:dysprosium" differs from the node's id "material:dy"`,
			},
		},
		{
			name:  "facets on a scalar predicate",
			input: `<material:dy> <name> "Dysprosium" (since=2024-01-01) .`,
			want:  []string{"in.nq:1: name: facets are only read on edges"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loaders.NQuads{}.Parse("in.nq", strings.NewReader(tt.input))
			assertProblems(t, err, tt.want)
		})
	}
}
