package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// Analyst fields walk the graph with package analysis, then fetch what the
// operation selects of every entity they reached in one more request.

func init() {
	rootWalkers["neighborhood"] = walkNeighborhood
	rootWalkers["dependencyChain"] = walkDependencyChain
	rootWalkers["paths"] = walkPaths
	rootWalkers["exposure"] = walkExposure
	rootPlanners["controlsInForce"] = planControlsInForce
}

// walkInput is what the walks read of their arguments; asOf defaults to
// today.
type walkInput struct {
	args  map[string]any
	asOf  string
	id    string
	dir   analysis.Direction
	types []string
}

func readWalk(ctx context.Context, r *Resolver, f graphql.CollectedField) (walkInput, error) {
	in := walkInput{args: f.ArgumentMap(graphql.GetOperationContext(ctx).Variables)}
	var err error
	if in.asOf, err = dateArg(in.args["asOf"]); err != nil {
		return in, err
	}
	if in.asOf == "" {
		in.asOf = r.today()
	}
	if in.types, err = stringList(in.args["edgeTypes"]); err != nil {
		return in, err
	}
	in.id, _ = in.args["id"].(string)
	dir, _ := in.args["direction"].(string)
	in.dir = analysis.Direction(dir)
	return in, nil
}

func (in walkInput) int(name string, def int) int {
	if n, ok := toInt(in.args[name]); ok {
		return n
	}
	return def
}

func (in walkInput) str(name string) string {
	s, _ := in.args[name].(string)
	return s
}

// subgraphWalker makes a root field of a walk that returns a subgraph.
func subgraphWalker(walk func(context.Context, *analysis.Walker, walkInput) (*analysis.Subgraph, error)) func(context.Context, *Resolver, graphql.CollectedField) (any, error) {
	return func(ctx context.Context, r *Resolver, f graphql.CollectedField) (any, error) {
		in, err := readWalk(ctx, r, f)
		if err != nil {
			return nil, err
		}
		g, err := walk(ctx, &analysis.Walker{Store: r.Store}, in)
		if err != nil {
			return nil, err
		}
		return r.subgraph(ctx, g, selectionOf(ctx, f.Selections, "Subgraph", "nodes"))
	}
}

var (
	walkNeighborhood = subgraphWalker(func(ctx context.Context, w *analysis.Walker, in walkInput) (*analysis.Subgraph, error) {
		return w.Neighborhood(ctx, in.id, in.int("depth", 1), in.dir, in.types, in.asOf, in.int("limit", 200))
	})
	walkDependencyChain = subgraphWalker(func(ctx context.Context, w *analysis.Walker, in walkInput) (*analysis.Subgraph, error) {
		return w.DependencyChain(ctx, in.id, in.dir, in.int("maxDepth", 6), in.asOf, in.int("limit", 500))
	})
)

// selectionOf is childSelection outside a planner.
func selectionOf(ctx context.Context, sel ast.SelectionSet, parentType, child string) ast.SelectionSet {
	return childSelection(&planner{op: graphql.GetOperationContext(ctx)}, sel, parentType, child)
}

func walkPaths(ctx context.Context, r *Resolver, f graphql.CollectedField) (any, error) {
	in, err := readWalk(ctx, r, f)
	if err != nil {
		return nil, err
	}
	w := &analysis.Walker{Store: r.Store}
	paths, truncated, err := w.Paths(ctx, in.str("from"), in.str("to"), in.int("maxHops", 6), in.int("k", 3), in.types, in.asOf)
	if err != nil {
		return nil, err
	}
	if truncated {
		graphql.RegisterExtension(ctx, "pathsTruncated", true)
	}
	var ids []string
	for _, p := range paths {
		for _, n := range p.Nodes {
			ids = append(ids, n.ID)
		}
	}
	entities, err := r.fetchEntities(ctx, ids, selectionOf(ctx, f.Selections, "Path", "nodes"))
	if err != nil {
		return nil, err
	}
	d := r.decoder(ctx)
	out := make([]*model.Path, len(paths))
	for i, p := range paths {
		out[i] = d.path(p, entities)
	}
	return out, nil
}

func walkExposure(ctx context.Context, r *Resolver, f graphql.CollectedField) (any, error) {
	in, err := readWalk(ctx, r, f)
	if err != nil {
		return nil, err
	}
	asOf := in.asOf
	w := &analysis.Walker{Store: r.Store}
	ex, err := w.Exposure(ctx, in.id, asOf, in.int("maxDepth", 6))
	if err != nil {
		return nil, err
	}
	reach := selectionOf(ctx, f.Selections, "Exposure", "restricted")
	reach = append(reach, selectionOf(ctx, f.Selections, "Exposure", "products")...)
	reach = append(reach, selectionOf(ctx, f.Selections, "Exposure", "parties")...)
	sel := selectionOf(ctx, f.Selections, "Exposure", "subject")
	sel = append(sel, selectionOf(ctx, reach, "Reach", "entity")...)
	sel = append(sel, selectionOf(ctx, selectionOf(ctx, reach, "Reach", "path"), "Path", "nodes")...)
	ids := []string{ex.Subject.ID}
	for _, n := range ex.Graph.Nodes {
		ids = append(ids, n.ID)
	}
	entities, err := r.fetchEntities(ctx, ids, sel)
	if err != nil {
		return nil, err
	}
	d := r.decoder(ctx)
	out := &model.Exposure{Subject: entities[ex.Subject.ID], AsOf: model.Date(asOf), Truncated: ex.Truncated,
		Restricted: d.reaches(ex.Restricted, ex.Subject, entities), Products: d.reaches(ex.Products, ex.Subject, entities),
		Parties: d.reaches(ex.Parties, ex.Subject, entities)}
	if ex.Subject.Kind == kg.Control {
		s := model.ControlStatus(kg.StatusOn(ex.Subject.Issued, ex.Subject.Effective, ex.Subject.Until, ex.Subject.Suspensions, asOf))
		out.Status = &s
	}
	return out, nil
}

// subgraph fetches the selected fields of a walk's nodes and converts it.
func (r *Resolver) subgraph(ctx context.Context, g *analysis.Subgraph, sel ast.SelectionSet) (*model.Subgraph, error) {
	ids := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		ids[i] = n.ID
	}
	entities, err := r.fetchEntities(ctx, ids, sel)
	if err != nil {
		return nil, err
	}
	d := r.decoder(ctx)
	out := &model.Subgraph{Nodes: make([]model.Entity, 0, len(ids)), Edges: make([]*model.Edge, len(g.Edges)), Truncated: g.Truncated}
	for _, id := range ids {
		if e := entities[id]; e != nil {
			out.Nodes = append(out.Nodes, e)
		}
	}
	for i, e := range g.Edges {
		out.Edges[i] = d.edge(e)
	}
	return out, nil
}

// fetchEntities reads the selected fields of entities by id in one request.
func (r *Resolver) fetchEntities(ctx context.Context, ids []string, sel ast.SelectionSet) (map[string]model.Entity, error) {
	out := map[string]model.Entity{}
	if len(ids) == 0 {
		return out, nil
	}
	p := newPlanner(graphql.GetOperationContext(ctx), r.today())
	np, err := p.node(sel, entityTypes)
	if err != nil {
		return nil, err
	}
	p.block(fmt.Sprintf("n(func: eq(xid, %s)) { %s }", p.vars.List(sortedUnique(ids)), np.body))
	var resp map[string]json.RawMessage
	if err := store.QueryInto(ctx, r.Store, p.query(), p.vars.Map(), &resp); err != nil {
		return nil, err
	}
	raws, err := nodes(resp, "n")
	if err != nil {
		return nil, err
	}
	d := r.decoder(ctx)
	for _, raw := range raws {
		if e := d.node(raw, np); e != nil {
			out[e.Base().ID] = e
		}
	}
	return out, nil
}

func sortedUnique(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (d *decoder) path(p analysis.Path, entities map[string]model.Entity) *model.Path {
	out := &model.Path{Length: len(p.Edges), Nodes: make([]model.Entity, 0, len(p.Nodes)), Edges: make([]*model.Edge, len(p.Edges))}
	for _, n := range p.Nodes {
		if e := entities[n.ID]; e != nil {
			out.Nodes = append(out.Nodes, e)
		}
	}
	for i, e := range p.Edges {
		out.Edges[i] = d.edge(e)
	}
	return out
}

func (d *decoder) reaches(rs []analysis.Reach, subject *analysis.Node, entities map[string]model.Entity) []*model.Reach {
	out := make([]*model.Reach, 0, len(rs))
	for _, r := range rs {
		nodes := []*analysis.Node{subject}
		cur := subject.ID
		for _, e := range r.Path {
			next := e.To
			if e.To == cur {
				next = e.From
			}
			nodes = append(nodes, &analysis.Node{ID: next})
			cur = next
		}
		out = append(out, &model.Reach{Entity: entities[r.Node.ID], Distance: r.Distance, Via: d.edge(r.Via),
			Path: d.path(analysis.Path{Nodes: nodes, Edges: r.Path}, entities)})
	}
	return out
}

// planControlsInForce is one DQL block: the IN_FORCE status condition, and
// the material (directly or through its groups) and issuer filters.
func planControlsInForce(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	args := f.ArgumentMap(p.op.Variables)
	asOf, err := dateArg(args["asOf"])
	if err != nil {
		return nil, err
	}
	conds := []string{p.statusCond(kg.StatusInForce, asOf)}
	if id, ok := args["issuer"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"issued_by", false}, id, ""))
	}
	if id, ok := args["material"].(string); ok {
		item, groups, restrictors := p.name("f"), p.name("f"), p.name("f")
		p.block(fmt.Sprintf("%s as var(func: eq(xid, %s)) { %s as in_group }", item, p.vars.Add("string", id), groups))
		p.block(fmt.Sprintf("var(func: uid(%s, %s)) { %s as ~restricts%s }", item, groups, restrictors, p.facetFilter(asOf)))
		conds = append(conds, fmt.Sprintf("uid(%s)", restrictors))
	}
	np, err := p.node(f.Selections, []string{string(kg.Control)})
	if err != nil {
		return nil, err
	}
	a := p.name("inforce")
	p.block(fmt.Sprintf("%s(func: type(Control), orderasc: issued, orderasc: name) @filter(%s) { %s }", a, strings.Join(conds, " AND "), np.body))
	return func(resp map[string]json.RawMessage, d *decoder) (any, error) {
		ns, err := nodes(resp, a)
		if err != nil {
			return nil, err
		}
		out := make([]*model.Control, 0, len(ns))
		for _, raw := range ns {
			if c, ok := d.node(raw, np).(*model.Control); ok {
				out = append(out, c)
			}
		}
		return out, nil
	}, nil
}
