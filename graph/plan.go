package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Limits on what one request may ask for.
const (
	maxFirst = 100 // items per page
)

// planner turns GraphQL selection sets into the blocks of one DQL request.
// Every user value becomes a variable; the text depends only on the shape
// of the operation. Each root field is planned in a child planner, merged
// into its parent only when the field plans without error.
type planner struct {
	op     *graphql.OperationContext
	schema *ast.Schema
	today  string
	vars   dql.Vars
	blocks []string
	// seq numbers names; a planner and its children share it, so names stay
	// unique when they merge.
	seq *int
	// rels dedupes relation walks that different fragments ask for alike.
	rels map[string]*relPlan
}

func (r *Resolver) newPlanner(op *graphql.OperationContext) *planner {
	return &planner{op: op, schema: r.schema, today: r.today(), seq: new(int), rels: map[string]*relPlan{}}
}

// child returns an empty planner whose names and variables continue p's.
func (p *planner) child() *planner {
	return &planner{op: p.op, schema: p.schema, today: p.today, vars: p.vars.Fork(), seq: p.seq, rels: map[string]*relPlan{}}
}

// merge adds what a child planned to p.
func (p *planner) merge(c *planner) {
	p.blocks = append(p.blocks, c.blocks...)
	p.vars.Join(c.vars)
}

// name returns a fresh DQL alias.
func (p *planner) name(prefix string) string {
	*p.seq++
	return fmt.Sprintf("%s%d", prefix, *p.seq)
}

// varName is a fresh name for a DQL variable block.
func (p *planner) varName() string { return p.name("f") }

// block adds a top-level DQL block.
func (p *planner) block(b ...string) { p.blocks = append(p.blocks, b...) }

// query is the whole DQL request.
func (p *planner) query() string { return p.vars.Query(strings.Join(p.blocks, "\n")) }

// nodePlan says what to fetch for an entity position and how to read it.
type nodePlan struct {
	sources *nodePlan
	status  bool
	// rels maps a concrete type and response key to the walk that answers it.
	rels map[string]map[string]*relPlan
	body string
}

// relPlan is one relation list: one or more edge walks merged into a page.
type relPlan struct {
	parts      []relPart
	asOf       string
	first, off int
	count      bool
	child      *nodePlan
	// dql is the rendered walks (and counts), added to the parent's body.
	dql []string
}

type relPart struct {
	alias string
	step  dql.Step
}

// node plans the selection of an entity position whose concrete type is one
// of possible.
func (p *planner) node(sel ast.SelectionSet, possible []string) (*nodePlan, error) {
	np := &nodePlan{rels: map[string]map[string]*relPlan{}}
	var body []string
	add := func(s string) {
		if !slices.Contains(body, s) {
			body = append(body, s)
		}
	}
	add("uid")
	add("xid")
	add("dgraph.type")
	// Lists merged from several walks, and search ties, sort by name here.
	add("name")
	// sources is planned once from what every type asks of it.
	var sourcesSel ast.SelectionSet
	wantSources := false
	for _, typ := range possible {
		for _, f := range graphql.CollectFields(p.op, sel, []string{typ, "Entity"}) {
			switch {
			case f.Name == "id" || f.Name == "kind" || f.Name == "__typename":
			case scalarPredicates[f.Name]:
				add(f.Name)
			case f.Name == "sources":
				wantSources = true
				sourcesSel = append(sourcesSel, f.Selections...)
			case f.Name == "status" && typ == string(kg.Control):
				np.status = true
				for _, s := range dql.StatusFields {
					add(s)
				}
			case f.Name == "operatingStatus" && typ == string(kg.Facility):
				for _, a := range facilityStatusFields {
					add(string(a))
				}
			default:
				rp, err := p.relation(typ, f)
				if err != nil {
					return nil, err
				}
				if rp == nil {
					continue
				}
				if np.rels[typ] == nil {
					np.rels[typ] = map[string]*relPlan{}
				}
				np.rels[typ][f.Alias] = rp
				for _, d := range rp.dql {
					add(d)
				}
			}
		}
	}
	if wantSources {
		sp, err := p.node(sourcesSel, []string{string(kg.Source)})
		if err != nil {
			return nil, err
		}
		np.sources = sp
		add("sources { " + sp.body + " }") // few per entity: sorted by name when decoded
	}
	np.body = strings.Join(body, " ")
	return np, nil
}

// sig names the relation list that answers each response key below this
// plan. Two positions with the same body may share a walk only when their
// signatures agree too: the body does not tell which key reads which walk.
func (np *nodePlan) sig() string {
	var out []string
	for typ, rels := range np.rels {
		for key, rp := range rels {
			out = append(out, typ+"."+key+"="+rp.parts[0].alias)
		}
	}
	slices.Sort(out)
	if np.sources != nil {
		out = append(out, "sources{"+np.sources.sig()+"}")
	}
	return strings.Join(out, " ")
}

// relation plans a relation field, or returns nil for a field that is not one.
func (p *planner) relation(typ string, f graphql.CollectedField) (*relPlan, error) {
	step, typed := relationFields[typ+"."+f.Name]
	if !typed && f.Name != "relations" {
		return nil, nil
	}
	args, err := argsOf[relationArgs](p.schema, p.op, f)
	if err != nil {
		return nil, err
	}
	steps := []dql.Step{step}
	if !typed {
		for _, t := range args.Types {
			if _, ok := kg.LookupEdgeType(t); !ok {
				return nil, kg.Errorf(kg.CodeInvalid, "unknown relation type %s (want one of %s)", kg.Quote(t), strings.Join(kg.EdgeTypeNames(), ", "))
			}
		}
		dir := ""
		if args.Direction != nil {
			dir = string(*args.Direction)
		}
		steps = dql.Steps(args.Types, dir)
	}
	first, off, err := args.page(maxFirst)
	if err != nil {
		return nil, err
	}
	rp := &relPlan{asOf: day(args.AsOf), first: first, off: off, count: selects(p, f.Selections, "RelationConnection", "totalCount")}
	child, err := p.node(connectionNodes(p, f.Selections, "RelationConnection", "Relation"), entityTypes)
	if err != nil {
		return nil, err
	}
	rp.child = child
	key := fmt.Sprint(steps, rp.asOf, first, off, rp.count, child.body, child.sig())
	if same, ok := p.rels[key]; ok {
		return same, nil
	}
	for _, s := range steps {
		rp.parts = append(rp.parts, relPart{alias: p.name("r"), step: s})
	}
	for _, part := range rp.parts {
		rp.dql = append(rp.dql, p.renderPart(rp, part))
		if rp.count {
			rp.dql = append(rp.dql, fmt.Sprintf("%s_n: count(%s%s)", part.alias, part.step.Predicate(), dql.ValidOn(&p.vars, rp.asOf)))
		}
	}
	p.rels[key] = rp
	return rp, nil
}

// renderPart writes one edge walk: filtered by validity on asOf, ordered by
// name then id through the unindexed sort key (the same order at any length,
// stable across loads; see store.Schema for why it has no index), one item
// past the page to tell whether another page follows. A list merged
// from several walks fetches each from the start and merges them here.
func (p *planner) renderPart(rp *relPlan, part relPart) string {
	first, off := rp.first+1, rp.off
	if len(rp.parts) > 1 {
		first, off = rp.off+rp.first+1, 0
	}
	return fmt.Sprintf("%s: %s%s (orderasc: sortkey, first: %s, offset: %s) @facets { %s }",
		part.alias, part.step.Predicate(), dql.ValidOn(&p.vars, rp.asOf), p.vars.Int(first), p.vars.Int(off), rp.child.body)
}

// childSelection merges the selections of every field named child (under
// any alias) of a parent type.
func childSelection(op *graphql.OperationContext, sel ast.SelectionSet, parentType, child string) ast.SelectionSet {
	var out ast.SelectionSet
	for _, f := range graphql.CollectFields(op, sel, []string{parentType}) {
		if f.Name == child {
			out = append(out, f.Selections...)
		}
	}
	return out
}

// connectionNodes is the merged selection of edges { node { … } } in a
// Relay connection.
func connectionNodes(p *planner, sel ast.SelectionSet, connType, edgeType string) ast.SelectionSet {
	return childSelection(p.op, childSelection(p.op, sel, connType, "edges"), edgeType, "node")
}

// selects reports whether a field of a type is selected.
func selects(p *planner, sel ast.SelectionSet, typ, field string) bool {
	for _, f := range graphql.CollectFields(p.op, sel, []string{typ}) {
		if f.Name == field {
			return true
		}
	}
	return false
}
