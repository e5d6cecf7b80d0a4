package limits

import (
	"context"
	"math"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/chokepoint/chokepoint/kg"
)

// PageSize tells how many items a list field asks for, from its arguments
// (schema defaults included); paged is false when the field is no list.
type PageSize func(args map[string]any) (n int, paged bool)

// Costs saturate at costCeiling, far above any limit, so that no document
// can overflow them into a small number.
const costCeiling = math.MaxInt64 / 2

// contextEvery is how many selections are measured between looks at the
// request's context.
const contextEvery = 1024

// size is what a selection set asks for: its deepest nesting and its cost.
type size struct{ depth, cost int }

// measurer walks one validated operation. Each fragment is measured once
// and remembered, so spreading a fragment costs one lookup.
type measurer struct {
	ctx           context.Context
	vars          map[string]any
	fragments     ast.FragmentDefinitionList
	pageSize      PageSize
	introspection bool

	known   map[string]size
	pending map[string]bool // fragments being measured: a cycle ends here
	seen    int
	err     *gqlerror.Error
}

// Measure returns the depth and cost of a validated operation: time linear
// in the document, stopped when ctx ends. Without introspection, an
// operation that asks for __schema or __type is refused here, before it
// runs.
func Measure(ctx context.Context, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any, pageSize PageSize, introspection bool) (depth, cost int, err *gqlerror.Error) {
	m := &measurer{
		ctx: ctx, vars: vars, fragments: doc.Fragments, pageSize: pageSize, introspection: introspection,
		known: map[string]size{}, pending: map[string]bool{},
	}
	s := m.selections(op.SelectionSet)
	return s.depth, s.cost, m.err
}

func (m *measurer) selections(set ast.SelectionSet) size {
	var total size
	for _, sel := range set {
		if m.err != nil {
			return total
		}
		var s size
		switch sel := sel.(type) {
		case *ast.Field:
			s = m.field(sel)
		case *ast.InlineFragment:
			s = m.selections(sel.SelectionSet)
		case *ast.FragmentSpread:
			s = m.fragment(sel.Name)
		}
		total.depth = max(total.depth, s.depth)
		total.cost = add(total.cost, s.cost)
	}
	return total
}

func (m *measurer) field(f *ast.Field) size {
	m.seen++
	if m.seen%contextEvery == 0 && m.ctx.Err() != nil {
		m.err = refuse(string(kg.CodeTimeout), "the request took too long")
		return size{}
	}
	introspective := strings.HasPrefix(f.Name, "__")
	if !m.introspection && (f.Name == "__schema" || f.Name == "__type") {
		m.err = refuse(CodeIntrospection, "introspection is disabled on this server")
		return size{}
	}
	if f.Name == "__schema" {
		return size{} // the schema is free to read
	}
	children := m.selections(f.SelectionSet)
	// The cost counts the objects an answer can hold — entities, edges,
	// pages — which is what the store reads. A leaf (a scalar or an enum)
	// comes with the object it belongs to and costs nothing of its own.
	s := size{cost: add(1, children.cost)}
	if len(f.SelectionSet) == 0 {
		s.cost = 0
	}
	if f.Definition != nil && m.pageSize != nil {
		if n, paged := m.pageSize(f.ArgumentMap(m.vars)); paged {
			item := children.cost // a page object: its edges count the items
			if f.Definition.Type.Elem != nil {
				item = add(1, children.cost) // a list: each item is an object
			}
			s.cost = add(1, mul(item, n))
		}
	}
	if !introspective {
		s.depth = 1 + children.depth
	}
	return s
}

func (m *measurer) fragment(name string) size {
	if s, ok := m.known[name]; ok {
		return s
	}
	def := m.fragments.ForName(name)
	if def == nil || m.pending[name] {
		return size{} // validation refuses unknown fragments and cycles
	}
	m.pending[name] = true
	s := m.selections(def.SelectionSet)
	delete(m.pending, name)
	m.known[name] = s
	return s
}

func add(a, b int) int { return min(a+b, costCeiling) } // both ≤ costCeiling: no overflow

func mul(a, n int) int {
	if a != 0 && n > costCeiling/a {
		return costCeiling
	}
	return a * n
}
