// Package export reads a whole graph, or what a walk reached of it
// (WriteSubgraph), back out of the store as the records the loaders read
// (kg.Entity, kg.Edge) and hands them to a loaders.Encoder, so that loading
// an export gives the same graph again.
//
// Records come in one canonical order — entities by id, then edges by
// (from, type, to), aliases and entity sources sorted — so the same graph
// always exports to the same bytes and two exports can be diffed. Only what
// a record says is read: the predicates the store derives (folded names,
// the sort key, open validity bounds, Dgraph's own) are not exported.
//
// The graph is read in pages of entities in id order, each page starting
// after the last id of the one before (gt(xid, last), exact because ids are
// unique and indexed), so memory is bounded by a page — and, for edges, by
// the out-edges of a page's entities — whatever the size of the graph.
// Entities are read in one pass and edges in a second one: export a graph
// that no load is writing to, or the two passes may see different states.
package export

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// DefaultPageSize is how many entities one query reads: on a generated
// graph a page of 1,000 with its out-edges answers about 1 MB, well under
// the 4 MiB gRPC message limit of a cluster, and larger pages saved little.
const DefaultPageSize = 1000

// Options tune an export.
type Options struct {
	// PageSize is how many entities one query reads (default DefaultPageSize).
	PageSize int
}

// Counts says how many records an export wrote.
type Counts struct {
	Entities int `json:"entities"`
	Edges    int `json:"edges"`
}

// Write reads the whole graph in st and writes it to enc: every entity, then
// every edge. It closes enc when all went well.
func Write(ctx context.Context, st store.Store, enc loaders.Encoder, opt Options) (Counts, error) {
	r := newReader(st, opt)
	var c Counts
	err := r.pages(ctx, entityFields, func(n *dql.Node) error {
		e, err := entityOf(n)
		if err != nil {
			return err
		}
		c.Entities++
		return enc.Entity(&e)
	})
	if err != nil {
		return c, err
	}
	err = r.pages(ctx, edgeFields, func(n *dql.Node) error {
		edges := edgesOf(n)
		for i := range edges {
			if err := enc.Edge(&edges[i]); err != nil {
				return err
			}
		}
		c.Edges += len(edges)
		return nil
	})
	if err != nil {
		return c, err
	}
	return c, enc.Close()
}

// entityFields are the predicates of an entity record: kind, name, aliases,
// description, the typed attributes of kg.Attrs and the sources.
var entityFields = "xid dgraph.type name aliases description " + strings.Join(kg.AttrNames(), " ") + " sources { xid }"

// edgeFields are an entity's out-edges of every type, facets and all.
var edgeFields = func() string {
	var b strings.Builder
	b.WriteString("xid")
	for _, t := range kg.EdgeTypeNames() {
		fmt.Fprintf(&b, " %s @facets { xid }", t)
	}
	return b.String()
}()

type reader struct {
	st       store.Store
	pageSize int
}

func newReader(st store.Store, opt Options) *reader {
	if opt.PageSize <= 0 {
		opt.PageSize = DefaultPageSize
	}
	return &reader{st: st, pageSize: opt.PageSize}
}

// pages reads every entity node with fields, in id order, a page at a time,
// and calls each with every node.
func (r *reader) pages(ctx context.Context, fields string, each func(*dql.Node) error) error {
	after := ""
	for {
		var vars dql.Vars
		root := "has(xid)"
		if after != "" {
			root = fmt.Sprintf("gt(xid, %s)", vars.Add("string", after))
		}
		page, err := r.page(ctx, &vars, root, fields)
		if err != nil {
			return fmt.Errorf("export: read entities after %q: %w", after, err)
		}
		if err := eachNode(page, each); err != nil || len(page) < r.pageSize {
			return err
		}
		after = page[len(page)-1].ID
	}
}

// pagesOf reads the entity nodes of ids with fields, in id order, a page
// at a time, and calls each with every node. An id no entity has is an
// error.
func (r *reader) pagesOf(ctx context.Context, ids []string, fields string, each func(*dql.Node) error) error {
	ids = sortedSet(slices.Clone(ids))
	for chunk := range slices.Chunk(ids, r.pageSize) {
		var vars dql.Vars
		page, err := r.page(ctx, &vars, fmt.Sprintf("eq(xid, %s)", vars.List(chunk)), fields)
		if err != nil {
			return fmt.Errorf("export: read entities from %q: %w", chunk[0], err)
		}
		if len(page) != len(chunk) {
			return kg.Errorf(kg.CodeNotFound, "export: %d of the entities from %s to %s are not in the graph", len(chunk)-len(page), chunk[0], chunk[len(chunk)-1])
		}
		if err := eachNode(page, each); err != nil {
			return err
		}
	}
	return nil
}

// page is one query: the first pageSize entity nodes root selects, in id
// order, with fields.
func (r *reader) page(ctx context.Context, vars *dql.Vars, root, fields string) ([]dql.Node, error) {
	q := vars.Query(fmt.Sprintf("q(func: %s, orderasc: xid, first: %d) { %s }", root, r.pageSize, fields))
	var out struct{ Q []dql.Node }
	err := store.QueryInto(ctx, r.st, q, vars.Map(), &out)
	return out.Q, err
}

func eachNode(nodes []dql.Node, each func(*dql.Node) error) error {
	for i := range nodes {
		if err := each(&nodes[i]); err != nil {
			return err
		}
	}
	return nil
}

// entityOf is a node as the record that would load it, lists sorted.
func entityOf(n *dql.Node) (kg.Entity, error) {
	if n.Kind == "" || n.Name == "" {
		// Only a load cut off part-way leaves a node without them (a Source
		// cited before its own batch); running that load again completes it.
		return kg.Entity{}, kg.Errorf(kg.CodeConflict, "export: %s has no kind or no name: the graph is incomplete; run the load that wrote it again", n.ID)
	}
	e := kg.Entity{ID: n.ID, Kind: n.Kind, Name: n.Name, Description: n.Description, Attrs: n.Attrs,
		Aliases: sortedSet(n.Aliases)}
	for _, s := range n.Sources {
		e.Sources = append(e.Sources, s.ID)
	}
	e.Sources = sortedSet(e.Sources)
	return e, nil
}

// edgesOf lists a node's out-edges, sorted by type, then target.
func edgesOf(n *dql.Node) []kg.Edge {
	var edges []kg.Edge
	for _, t := range kg.EdgeTypeNames() {
		for i := range n.Lists[t] {
			to := &n.Lists[t][i]
			e := to.Edge(t)
			e.From, e.Type, e.To = n.ID, t, to.ID
			edges = append(edges, e)
		}
	}
	slices.SortFunc(edges, func(a, b kg.Edge) int {
		return cmp.Or(strings.Compare(a.Type, b.Type), strings.Compare(a.To, b.To))
	})
	return edges
}

func sortedSet(vs []string) []string {
	slices.Sort(vs)
	return slices.Compact(vs)
}
