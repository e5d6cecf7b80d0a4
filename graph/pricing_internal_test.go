package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/graph/limits"
)

// gqlgenPriced is the pricing of limits.Measure written over gqlgen's
// complexity walk, which expands every fragment spread: leaves free, an
// object 1 and its children, a page its items times its size.
type gqlgenPriced struct{ graphql.ExecutableSchema }

func (p gqlgenPriced) Complexity(_ context.Context, typeName, field string, children int, args map[string]any) (int, bool) {
	def := p.Schema().Types[typeName].Fields.ForName(field)
	switch {
	case field == "__typename":
		return 0, false
	case def == nil: // introspection
		return 1 + children, true
	}
	if kind := p.Schema().Types[def.Type.Name()].Kind; kind == ast.Scalar || kind == ast.Enum {
		return 0, false // gqlgen takes 0 from WithFixedScalarValue only
	}
	if n, paged := pageSize(args); paged {
		if def.Type.Elem != nil {
			return 1 + (1+children)*n, true
		}
		return 1 + children*n, true
	}
	return 1 + children, true
}

// TestPricingIsGqlgens checks that the one-pass measure prices every
// example operation, and a few shapes besides, as gqlgen's walk did.
func TestPricingIsGqlgens(t *testing.T) {
	es := NewExecutableSchema(Config{Resolvers: &Resolver{}})
	examples, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"interface fields":  `{ entity(id: "x") { id ... on Material { groups(first: 7) { edges { node { id name } } } } ... on Control { restricts { totalCount } } } }`,
		"spread fragments":  `{ a: entity(id: "x") { ...E } b: entities(ids: ["a", "b"]) { ...E } } fragment E on Entity { id relations(first: 3) { edges { node { id } } } }`,
		"nested fragments":  `{ materials(first: 5) { ...C } } fragment C on MaterialConnection { edges { node { ...M } } } fragment M on Material { id controls(first: 4) { totalCount } }`,
		"introspection":     `{ __schema { types { name } } __type(name: "Material") { name fields { name } } __typename }`,
		"variables as page": `query($n: Int = 9) { products(first: $n) { edges { node { id } } } }`,
	}
	for _, e := range examples {
		docs[e.Name] = e.Query
	}
	for name, q := range docs {
		t.Run(name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(es.Schema(), q)
			if errs != nil {
				t.Fatal(errs)
			}
			op := doc.Operations[0]
			vars, err := validator.VariableValues(es.Schema(), op, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := complexity.Calculate(context.Background(), gqlgenPriced{es}, op, vars, complexity.WithFixedScalarValue(0))
			_, got, gerr := limits.Measure(context.Background(), doc, op, vars, pageSize, true)
			if gerr != nil || got != want {
				t.Fatalf("cost %d (%v), gqlgen's %d", got, gerr, want)
			}
		})
	}
}
