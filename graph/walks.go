package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Walk fields are resolvers of their own: they walk the graph with package
// analysis, then fetch what the operation selects of every entity they
// reached in one more request.

func (r *Resolver) walker() *analysis.Walker { return &analysis.Walker{Store: r.Store} }

// enterWalk takes a walk slot for the resolver's whole work (the walk and
// the fetch of what it reached); leave gives it back. A walk costs as much
// as thousands of lookups: without the gate, a few analysts' walks take
// every core and every lookup waits behind them.
//
// The walk fields of one operation take turns and hold one slot at a time:
// an operation that asks for a walk under a hundred aliases neither takes
// every slot nor is refused because of its own walks.
func (r *Resolver) enterWalk(ctx context.Context) (leave func(), err error) {
	if r.Walks == nil {
		return func() {}, nil
	}
	endTurn := func() {}
	if b, _ := ctx.Value(batchKey{}).(*batch); b != nil {
		select {
		case b.walkTurn <- struct{}{}:
			endTurn = func() { <-b.walkTurn }
		case <-ctx.Done():
			return nil, kg.Stopped(ctx.Err())
		}
	}
	leaveGate, err := r.Walks.Enter(ctx)
	if err != nil {
		endTurn()
		return nil, err
	}
	return func() { leaveGate(); endTurn() }, nil
}

// asOf is a walk's date: the argument, or today.
func (r *Resolver) asOf(d *model.Date) string {
	if d == nil {
		return r.today()
	}
	return string(*d)
}

// selection is the merged selection of a child field of the field being
// resolved, or of a selection set sel when given.
func selection(ctx context.Context, sel ast.SelectionSet, parentType, child string) ast.SelectionSet {
	return childSelection(graphql.GetOperationContext(ctx), sel, parentType, child)
}

// subgraph fetches the selected fields of a walk's nodes and converts it.
func (r *Resolver) subgraph(ctx context.Context, g *analysis.Subgraph) (*model.Subgraph, error) {
	ids := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		ids[i] = n.ID
	}
	entities, err := r.fetchEntities(ctx, ids, selection(ctx, graphql.GetFieldContext(ctx).Field.Selections, "Subgraph", "nodes"))
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

// paths converts k shortest paths, with the selected fields of their nodes.
func (r *Resolver) paths(ctx context.Context, paths []analysis.Path) ([]*model.Path, error) {
	var ids []string
	for _, p := range paths {
		for _, n := range p.Nodes {
			ids = append(ids, n.ID)
		}
	}
	entities, err := r.fetchEntities(ctx, ids, selection(ctx, graphql.GetFieldContext(ctx).Field.Selections, "Path", "nodes"))
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

// maxCauses bounds Reach.causes(first:).
const maxCauses = 50

// causesAsked is how many causes the exposure's selection asks of any
// reach: the largest causes(first:) it holds, 0 when it asks only
// causeCount, analysis.NoCauses when neither, so that an exposure that
// shows no causes does not look for them.
func (r *Resolver) causesAsked(ctx context.Context) (int, error) {
	op := graphql.GetOperationContext(ctx)
	most := analysis.NoCauses
	sel := graphql.GetFieldContext(ctx).Field.Selections
	for _, f := range r.schema.Types["Exposure"].Fields {
		if f.Type.Name() != "Reach" {
			continue
		}
		for _, c := range graphql.CollectFields(op, selection(ctx, sel, "Exposure", f.Name), []string{"Reach"}) {
			if c.Name == "causeCount" {
				most = max(most, 0)
			}
			if c.Name != "causes" {
				continue
			}
			args, err := argsOf[struct {
				First int `json:"first"`
			}](r.schema, op, c)
			if err != nil {
				return 0, err
			}
			if args.First < 0 || args.First > maxCauses {
				return 0, kg.Errorf(kg.CodeInvalid, "causes: first must be between 0 and %d, got %d", maxCauses, args.First)
			}
			most = max(most, args.First)
		}
	}
	return most, nil
}

// exposure converts an exposure, with the selected fields of the subject
// and of every entity it reaches.
func (r *Resolver) exposure(ctx context.Context, ex *analysis.Exposure, asOf string) (*model.Exposure, error) {
	sel := graphql.GetFieldContext(ctx).Field.Selections
	var reach ast.SelectionSet
	for _, f := range r.schema.Types["Exposure"].Fields {
		if f.Type.Name() == "Reach" { // restricted, products, facilities…
			reach = append(reach, selection(ctx, sel, "Exposure", f.Name)...)
		}
	}
	want := selection(ctx, sel, "Exposure", "subject")
	want = append(want, selection(ctx, reach, "Reach", "entity")...)
	want = append(want, selection(ctx, selection(ctx, reach, "Reach", "path"), "Path", "nodes")...)
	cause := selection(ctx, reach, "Reach", "causes")
	want = append(want, selection(ctx, cause, "Cause", "item")...)
	want = append(want, selection(ctx, selection(ctx, cause, "Cause", "path"), "Path", "nodes")...)
	ids := []string{ex.Subject.ID}
	for _, n := range ex.Graph.Nodes {
		ids = append(ids, n.ID)
	}
	entities, err := r.fetchEntities(ctx, ids, want)
	if err != nil {
		return nil, err
	}
	d := r.decoder(ctx)
	out := &model.Exposure{Subject: entities[ex.Subject.ID], AsOf: model.Date(asOf), Truncated: ex.Truncated,
		Restricted: d.reaches(ex.Restricted, ex.Subject, entities), Products: d.reaches(ex.Products, ex.Subject, entities),
		Parties: d.reaches(ex.Parties, ex.Subject, entities), Facilities: d.reaches(ex.Facilities, ex.Subject, entities),
		Companies: d.reaches(ex.Companies, ex.Subject, entities)}
	if ex.Subject.Kind == kg.Control {
		s := model.ControlStatus(ex.Subject.Status(asOf))
		out.Status = &s
	}
	return out, nil
}

// fetchEntities reads the selected fields of entities by id in one request.
func (r *Resolver) fetchEntities(ctx context.Context, ids []string, sel ast.SelectionSet) (map[string]model.Entity, error) {
	out := map[string]model.Entity{}
	if len(ids) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, kg.Stopped(err) // the walk ran out of time: fetch nothing
	}
	p := r.newPlanner(graphql.GetOperationContext(ctx))
	np, err := p.node(sel, entityTypes)
	if err != nil {
		return nil, err
	}
	p.block(fmt.Sprintf("n(func: eq(xid, %s)) { %s }", p.vars.List(unique(ids)), np.body))
	var resp struct{ N []dql.Node }
	if err := store.QueryInto(ctx, r.Store, p.query(), p.vars.Map(), &resp); err != nil {
		return nil, err
	}
	for _, e := range r.decoder(ctx).nodes(resp.N, np) {
		out[e.Base().ID] = e
	}
	return out, nil
}

// unique drops repeated ids, keeping the first of each.
func unique(ids []string) []string {
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
		causes := make([]*model.Cause, len(r.Causes))
		for i, c := range r.Causes {
			causes[i] = &model.Cause{Item: entities[c.Item.ID], Path: d.pathFrom(subject, c.Path, entities)}
		}
		out = append(out, &model.Reach{Entity: entities[r.Node.ID], Distance: r.Distance, Via: d.edge(r.Via),
			Path: d.pathFrom(subject, r.Path, entities), Causes: causes, CauseCount: r.CauseCount})
	}
	return out
}

// pathFrom converts a chain of edges that starts at the subject.
func (d *decoder) pathFrom(subject *analysis.Node, edges []kg.Edge, entities map[string]model.Entity) *model.Path {
	nodes := []*analysis.Node{subject}
	cur := subject.ID
	for _, e := range edges {
		next := e.To
		if e.To == cur {
			next = e.From
		}
		nodes = append(nodes, &analysis.Node{ID: next})
		cur = next
	}
	return d.path(analysis.Path{Nodes: nodes, Edges: edges}, entities)
}

// itemAndGroups adds the var blocks of an item and the groups it belongs to
// at any depth, and of the controls whose restricts edges valid on asOf
// reach them; it returns the variable of the item and its groups, and of
// those controls.
func (p *planner) itemAndGroups(id, asOf string) (targets, restrictors string) {
	item, groups, restrictors := p.varName(), p.varName(), p.varName()
	p.block(fmt.Sprintf("%s as var(func: eq(xid, %s)) @recurse(depth: %d, loop: false) { %s as in_group }", item, p.vars.Add("string", id), groupDepth, groups),
		fmt.Sprintf("var(func: uid(%s, %s)) { %s as ~restricts%s }", item, groups, restrictors, dql.ValidOn(&p.vars, asOf)))
	return item + ", " + groups, restrictors
}

// planRestrictionsOn is one request: the item's groups at any depth, the
// controls in force that restrict them or the item, and of each control
// its restricts edges to those.
func planRestrictionsOn(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	args, err := argsOf[struct {
		Item string      `json:"item"`
		AsOf *model.Date `json:"asOf"`
	}](r.schema, p.op, f)
	if err != nil {
		return nil, err
	}
	asOf := day(args.AsOf)
	if asOf == "" {
		asOf = p.today
	}
	targets, restrictors := p.itemAndGroups(args.Item, asOf)
	cp, err := p.node(childSelection(p.op, f.Selections, "Restriction", "control"), []string{string(kg.Control)})
	if err != nil {
		return nil, err
	}
	gp, err := p.node(childSelection(p.op, f.Selections, "Restriction", "via"), []string{string(kg.Group)})
	if err != nil {
		return nil, err
	}
	a := p.name("restrictions")
	p.block(fmt.Sprintf("%s(func: uid(%s), orderasc: issued, orderasc: name, orderasc: xid) @filter(%s) { %s r: restricts%s @filter(uid(%s)) @facets { %s } }",
		a, restrictors, p.statusCond(kg.StatusInForce, asOf), cp.body, dql.ValidOn(&p.vars, asOf), targets, gp.body))
	return func(resp answer, d *decoder) (any, error) {
		out := []*model.Restriction{}
		for i := range resp[a] {
			raw := &resp[a][i]
			c, ok := d.node(raw, cp).(*model.Control)
			if !ok {
				continue
			}
			for j := range raw.Lists["r"] {
				t := &raw.Lists["r"][j]
				e := t.Edge("r")
				e.From, e.To, e.Type = raw.ID, t.ID, "restricts"
				res := &model.Restriction{Control: c, Direct: t.ID == args.Item, Edge: d.edge(e)}
				if !res.Direct {
					res.Via, _ = d.node(t, gp).(*model.Group)
				}
				out = append(out, res)
			}
		}
		return out, nil
	}, nil
}

// planControlsInForce is one DQL block: the IN_FORCE status condition, and
// the material (directly or through its groups) and issuer filters.
func planControlsInForce(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	args, err := argsOf[struct {
		AsOf     model.Date `json:"asOf"`
		Material *string    `json:"material"`
		Issuer   *string    `json:"issuer"`
	}](r.schema, p.op, f)
	if err != nil {
		return nil, err
	}
	asOf := string(args.AsOf)
	conds := []string{p.statusCond(kg.StatusInForce, asOf)}
	conds = optional(conds, args.Issuer, p.linkedTo(dql.Step{Type: "issued_by"}))
	if args.Material != nil {
		_, restrictors := p.itemAndGroups(*args.Material, asOf)
		conds = append(conds, fmt.Sprintf("uid(%s)", restrictors))
	}
	np, err := p.node(f.Selections, []string{string(kg.Control)})
	if err != nil {
		return nil, err
	}
	a := p.name("inforce")
	p.block(fmt.Sprintf("%s(func: type(Control), orderasc: issued, orderasc: name, orderasc: xid) @filter(%s) { %s }", a, strings.Join(conds, " AND "), np.body))
	return func(resp answer, d *decoder) (any, error) {
		var out []*model.Control
		for _, e := range d.nodes(resp[a], np) {
			if c, ok := e.(*model.Control); ok {
				out = append(out, c)
			}
		}
		if out == nil {
			out = []*model.Control{}
		}
		return out, nil
	}, nil
}
