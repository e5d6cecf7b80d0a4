package graph

import (
	"cmp"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// decoder reads decoded DQL nodes into models, following the plans that
// asked for them.
type decoder struct {
	sources func(ids []string) []*model.Source
}

// nodes decodes a list of entities, skipping nodes that are not entities.
func (d *decoder) nodes(ns []dql.Node, np *nodePlan) []model.Entity {
	out := make([]model.Entity, 0, len(ns))
	for i := range ns {
		if e := d.node(&ns[i], np); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// node decodes one entity; it returns nil for a node that is not an entity
// (no type), which a walk can meet only in a damaged graph.
func (d *decoder) node(raw *dql.Node, np *nodePlan) model.Entity {
	if raw.Kind == "" {
		return nil
	}
	e := model.NewEntity(raw.Kind)
	n := e.Base()
	n.ID = raw.ID
	n.Kind = model.EntityKind(strings.ToUpper(string(raw.Kind)))
	n.Name = raw.Name
	n.Aliases = slices.Sorted(slices.Values(raw.Aliases))
	if n.Aliases == nil {
		n.Aliases = []string{}
	}
	if raw.Description != "" {
		n.Description = &raw.Description
	}
	for a, v := range raw.Attrs {
		n.SetAttr(a, v)
	}
	n.Sources = []*model.Source{}
	if np == nil {
		return e
	}
	if np.sources != nil {
		for i := range raw.Sources {
			if src, ok := d.node(&raw.Sources[i], np.sources).(*model.Source); ok {
				n.Sources = append(n.Sources, src)
			}
		}
		slices.SortFunc(n.Sources, func(a, b *model.Source) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
	}
	if np.status {
		n.Suspensions = raw.Suspensions
	}
	if rels := np.rels[string(raw.Kind)]; len(rels) > 0 {
		n.Relations = make(map[string]*model.RelationConnection, len(rels))
		for key, rp := range rels {
			n.Relations[key] = d.relations(raw, rp)
		}
	}
	return e
}

// relations decodes one relation list, merging its walks.
func (d *decoder) relations(raw *dql.Node, rp *relPlan) *model.RelationConnection {
	var edges []*model.Relation
	total := 0
	for _, part := range rp.parts {
		items := raw.Lists[part.alias]
		for i := range items {
			if r := d.relation(&items[i], rp, part); r != nil {
				edges = append(edges, r)
			}
		}
		total += raw.Counts[part.alias+"_n"]
	}
	start := 0
	if len(rp.parts) > 1 {
		slices.SortStableFunc(edges, func(a, b *model.Relation) int {
			return cmp.Or(cmp.Compare(a.Node.Base().Name, b.Node.Base().Name),
				cmp.Compare(a.Node.Base().ID, b.Node.Base().ID), cmp.Compare(a.Type, b.Type))
		})
		start = min(rp.off, len(edges))
	}
	edges, info := pageOf(edges[start:], rp.first, rp.off)
	for i, e := range edges {
		e.Cursor = encodeCursor(rp.off + i)
	}
	return &model.RelationConnection{Edges: edges, PageInfo: info, TotalCount: total}
}

// pageOf cuts one page from items fetched from position off with one extra
// item, which tells whether a next page exists.
func pageOf[T any](items []T, first, off int) ([]T, *model.PageInfo) {
	info := &model.PageInfo{HasNextPage: len(items) > first, HasPreviousPage: off > 0}
	if len(items) > first {
		items = items[:first]
	}
	if len(items) > 0 {
		start, end := encodeCursor(off), encodeCursor(off+len(items)-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	if items == nil {
		items = []T{}
	}
	return items, info
}

// relation decodes one edge seen from the walking end; the edge's
// properties are the facets Dgraph returns on the far node.
func (d *decoder) relation(item *dql.Node, rp *relPlan, part relPart) *model.Relation {
	node := d.node(item, rp.child)
	if node == nil {
		return nil
	}
	dir := model.RelationDirectionOut
	if part.step.Reverse {
		dir = model.RelationDirectionIn
	}
	e := d.edge(item.Edge(part.alias))
	return &model.Relation{Type: part.step.Type, Direction: dir, Node: node, Sources: e.Sources,
		Since: e.Since, Until: e.Until, Role: e.Role, Share: e.Share, Quantity: e.Quantity, Unit: e.Unit,
		Confidence: e.Confidence, Supplier: e.Supplier, Note: e.Note}
}

// edge converts an edge's properties to the API's form.
func (d *decoder) edge(e kg.Edge) *model.Edge {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	date := func(s string) *model.Date {
		if s == "" {
			return nil
		}
		dt := model.Date(s)
		return &dt
	}
	out := &model.Edge{From: e.From, To: e.To, Type: e.Type, Since: date(e.Since), Until: date(e.Until),
		Role: opt(e.Role), Share: e.Share, Quantity: e.Quantity, Unit: opt(e.Unit), Supplier: opt(e.Supplier),
		Note: opt(e.Note), Sources: []*model.Source{}}
	if e.Confidence != "" {
		c := model.Confidence(strings.ToUpper(e.Confidence))
		out.Confidence = &c
	}
	if len(e.Sources) > 0 && d.sources != nil {
		out.Sources = d.sources(e.Sources)
	}
	return out
}
