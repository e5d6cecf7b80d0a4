package graph

import (
	"cmp"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// decoder reads Dgraph's JSON answer into models, following the plans that
// asked for it.
type decoder struct {
	sources func(ids []string) []*model.Source
}

func str(raw map[string]any, key string) string {
	s, _ := raw[key].(string)
	return s
}

func strPtr(raw map[string]any, key string) *string {
	if s, ok := raw[key].(string); ok {
		return &s
	}
	return nil
}

func datePtr(raw map[string]any, key string) *model.Date {
	s, ok := raw[key].(string)
	if !ok || len(s) < 10 {
		return nil
	}
	d := model.Date(s[:10])
	return &d
}

func list(raw map[string]any, key string) []map[string]any {
	items, _ := raw[key].([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// strList reads a list of strings, empty when absent.
func strList(raw map[string]any, key string) []string {
	items, _ := raw[key].([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// kindOf reads the entity kind from dgraph.type.
func kindOf(raw map[string]any) (kg.Kind, bool) {
	types, _ := raw["dgraph.type"].([]any)
	for _, t := range types {
		if s, ok := t.(string); ok {
			if k, ok := kg.ParseKind(s); ok {
				return k, true
			}
		}
	}
	return "", false
}

// node decodes one entity; it returns nil for a node that is not an entity
// (no type), which a walk can meet only in a damaged graph.
func (d *decoder) node(raw map[string]any, np *nodePlan) model.Entity {
	k, ok := kindOf(raw)
	if !ok {
		return nil
	}
	e := model.NewEntity(k)
	n := e.Base()
	n.ID = str(raw, "xid")
	n.Kind = model.EntityKind(strings.ToUpper(string(k)))
	n.Name = str(raw, "name")
	n.Aliases = strList(raw, "aliases")
	slices.Sort(n.Aliases)
	n.Description = strPtr(raw, "description")
	n.Symbol = strPtr(raw, "symbol")
	if f, ok := raw["atomicNumber"].(float64); ok {
		i := int(f)
		n.AtomicNumber = &i
	}
	n.Code = strPtr(raw, "code")
	n.Category = strPtr(raw, "category")
	n.URL = strPtr(raw, "url")
	n.Publisher = strPtr(raw, "publisher")
	n.Text = strPtr(raw, "text")
	n.Issued = datePtr(raw, "issued")
	n.Effective = datePtr(raw, "effective")
	n.Until = datePtr(raw, "until")
	n.Occurred = datePtr(raw, "occurred")
	n.Ended = datePtr(raw, "ended")
	n.Published = datePtr(raw, "published")
	n.Retrieved = datePtr(raw, "retrieved")
	n.Sources = []*model.Source{}
	if np == nil {
		return e
	}
	if np.sources != nil {
		for _, s := range list(raw, "sources") {
			if src, ok := d.node(s, np.sources).(*model.Source); ok {
				n.Sources = append(n.Sources, src)
			}
		}
		slices.SortFunc(n.Sources, func(a, b *model.Source) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
	}
	if np.status {
		for _, s := range list(raw, suspensionsAlias) {
			f := store.EdgeFacets(s, suspensionsAlias)
			n.Suspensions = append(n.Suspensions, kg.Interval{Since: f.Since, Until: f.Until})
		}
	}
	if rels := np.rels[string(k)]; len(rels) > 0 {
		n.Relations = make(map[string]*model.RelationConnection, len(rels))
		for key, rp := range rels {
			n.Relations[key] = d.relations(raw, rp)
		}
	}
	return e
}

// relations decodes one relation list, merging its walks.
func (d *decoder) relations(raw map[string]any, rp *relPlan) *model.RelationConnection {
	var edges []*model.Relation
	total := 0
	for _, part := range rp.parts {
		for _, item := range list(raw, part.alias) {
			if r := d.relation(item, rp, part); r != nil {
				edges = append(edges, r)
			}
		}
		if n, ok := raw[part.alias+"_n"].(float64); ok {
			total += int(n)
		}
	}
	start := 0
	if len(rp.parts) > 1 || rp.memSort {
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
func (d *decoder) relation(item map[string]any, rp *relPlan, part relPart) *model.Relation {
	node := d.node(item, rp.child)
	if node == nil {
		return nil
	}
	dir := model.RelationDirectionOut
	if part.spec.In {
		dir = model.RelationDirectionIn
	}
	e := d.edge(store.EdgeFacets(item, part.alias))
	return &model.Relation{Type: part.spec.Type, Direction: dir, Node: node, Sources: e.Sources,
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
