package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// Limits on what one request may ask for.
const (
	maxFirst = 100 // items per page
)

// planner turns GraphQL selection sets into the blocks of one DQL request.
// Every user value becomes a variable; the text depends only on the shape
// of the operation.
type planner struct {
	// level is how deep in entity positions the planner is; memSortLevel
	// is the one whose relation lists are sorted in memory (0: none).
	level, memSortLevel int
	op                  *graphql.OperationContext
	vars                store.Vars
	blocks              []string
	seq                 int
	today               string
	// rels dedupes relation walks that different fragments ask for alike.
	rels map[string]*relPlan
}

func newPlanner(op *graphql.OperationContext, today string) *planner {
	return &planner{op: op, today: today, rels: map[string]*relPlan{}}
}

// name returns a fresh DQL alias.
func (p *planner) name(prefix string) string {
	p.seq++
	return fmt.Sprintf("%s%d", prefix, p.seq)
}

// block adds a top-level DQL block.
func (p *planner) block(b string) { p.blocks = append(p.blocks, b) }

// query is the whole DQL request.
func (p *planner) query() string { return p.vars.Query(strings.Join(p.blocks, "\n")) }

// nodePlan says what to fetch for an entity position and how to read it.
type nodePlan struct {
	preds   []string
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
	memSort    bool // fetched unordered and sorted here (see sortHereCap)
	child      *nodePlan
	// dql is the rendered walks (and counts), added to the parent's body.
	dql []string
}

type relPart struct {
	alias string
	spec  edgeSpec
}

// suspensionsAlias fetches the suspensions of a control for its status.
const suspensionsAlias = "suspensions"

// node plans the selection of an entity position whose concrete type is one
// of possible.
func (p *planner) node(sel ast.SelectionSet, possible []string) (*nodePlan, error) {
	p.level++
	defer func() { p.level-- }()
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
			case scalarPredicates[f.Name] != "":
				add(scalarPredicates[f.Name])
			case f.Name == "sources":
				wantSources = true
				sourcesSel = append(sourcesSel, f.Selections...)
			case f.Name == "status" && typ == string(kg.Control):
				np.status = true
				// The status is computed from the dates and the suspensions.
				add("issued")
				add("effective")
				add("until")
				add(suspensionsAlias + ": ~suspends @facets(since, until) { uid }")
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
	args := f.ArgumentMap(p.op.Variables)
	var specs []edgeSpec
	if f.Name == "relations" {
		types, err := stringList(args["types"])
		if err != nil {
			return nil, err
		}
		for _, t := range types {
			if _, ok := kg.LookupEdgeType(t); !ok {
				return nil, kg.Errorf(kg.CodeInvalid, "unknown relation type %q (want one of %s)", t, strings.Join(kg.EdgeTypeNames(), ", "))
			}
		}
		dir, _ := args["direction"].(string)
		specs = allEdgeSpecs(types, dir)
	} else if spec, ok := relationFields[typ+"."+f.Name]; ok {
		specs = []edgeSpec{spec}
	} else {
		return nil, nil
	}
	first, off, err := pageArgs(args)
	if err != nil {
		return nil, err
	}
	asOf, err := dateArg(args["asOf"])
	if err != nil {
		return nil, err
	}
	rp := &relPlan{asOf: asOf, first: first, off: off, count: selects(p, f.Selections, "RelationConnection", "totalCount"),
		memSort: p.level == p.memSortLevel && off+first+1 <= sortHereCap}
	child, err := p.node(connectionNodes(p, f.Selections, "RelationConnection", "Relation"), entityTypes)
	if err != nil {
		return nil, err
	}
	rp.child = child
	key := fmt.Sprint(specs, asOf, first, off, rp.count, rp.memSort, child.body, child.sig())
	if same, ok := p.rels[key]; ok {
		return same, nil
	}
	for _, s := range specs {
		rp.parts = append(rp.parts, relPart{alias: p.name("r"), spec: s})
	}
	for _, part := range rp.parts {
		rp.dql = append(rp.dql, p.renderPart(rp, part))
		if rp.count {
			rp.dql = append(rp.dql, fmt.Sprintf("%s_n: count(%s%s)", part.alias, part.spec.predicate(), p.facetFilter(rp.asOf)))
		}
	}
	p.rels[key] = rp
	return rp, nil
}

// renderPart writes one edge walk: filtered by validity on asOf, ordered by
// name, one item past the page to tell whether another page follows. A list
// merged from several walks fetches each from the start.
func (p *planner) renderPart(rp *relPlan, part relPart) string {
	if rp.memSort {
		return fmt.Sprintf("%s: %s%s (first: %s) @facets { %s }",
			part.alias, part.spec.predicate(), p.facetFilter(rp.asOf), p.vars.Add("int", fmt.Sprint(sortHereCap)), rp.child.body)
	}
	first, off := rp.first+1, rp.off
	if len(rp.parts) > 1 {
		first, off = rp.off+rp.first+1, 0
	}
	return fmt.Sprintf("%s: %s%s (orderasc: name, first: %s, offset: %s) @facets { %s }",
		part.alias, part.spec.predicate(), p.facetFilter(rp.asOf),
		p.vars.Add("int", fmt.Sprint(first)), p.vars.Add("int", fmt.Sprint(off)), rp.child.body)
}

// sortHereCap is how many edges of one list are fetched unordered and
// sorted by name here. Dgraph spends at least 3 ms on every ordered block
// (its sort waits out a fixed timer even when the index answers first), so
// the relation lists of an entity looked up by id are sorted in memory when
// the page lies within the cap; a list longer than the cap is ordered among
// the edges fetched. Deeper lists, and lists under list or search results,
// are ordered by Dgraph: fetching up to the cap there would multiply.
const sortHereCap = 500

// facetFilter keeps edges valid on day d; open bounds are stored as
// kg.OpenSince and kg.OpenUntil, so one comparison per end suffices.
func (p *planner) facetFilter(d string) string {
	if d == "" {
		return ""
	}
	v := p.vars.Add("string", d)
	return fmt.Sprintf(" @facets(le(since, %s) AND ge(until, %s))", v, v)
}

// pageArgs reads first and after.
func pageArgs(args map[string]any) (first, off int, err error) {
	first = 20
	if v, ok := args["first"]; ok && v != nil {
		n, ok := toInt(v)
		if !ok || n < 0 || n > maxFirst {
			return 0, 0, kg.Errorf(kg.CodeInvalid, "first must be between 0 and %d, got %v", maxFirst, v)
		}
		first = n
	}
	if s, ok := args["after"].(string); ok {
		off, err = decodeCursor(s)
		if err != nil {
			return 0, 0, err
		}
		off++
	}
	return first, off, nil
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case float64:
		return int(n), n == float64(int(n))
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

func dateArg(v any) (string, error) {
	switch d := v.(type) {
	case nil:
		return "", nil
	case string:
		if _, err := kg.ParseDate(d); err != nil {
			return "", kg.Errorf(kg.CodeInvalid, "invalid date %q: want YYYY-MM-DD, e.g. 2025-11-20", d)
		}
		return d, nil
	case interface{ String() string }:
		return dateArg(d.String())
	}
	return "", kg.Errorf(kg.CodeInvalid, "invalid date %v: want YYYY-MM-DD", v)
}

func stringList(v any) ([]string, error) {
	switch l := v.(type) {
	case nil:
		return nil, nil
	case []any:
		out := make([]string, 0, len(l))
		for _, it := range l {
			s, ok := it.(string)
			if !ok {
				return nil, kg.Errorf(kg.CodeInvalid, "want a list of strings, got %v", v)
			}
			out = append(out, s)
		}
		return out, nil
	case []string:
		return l, nil
	}
	return nil, kg.Errorf(kg.CodeInvalid, "want a list of strings, got %v", v)
}

// childSelection merges the selections of every field named child (under
// any alias) of a parent type.
func childSelection(p *planner, sel ast.SelectionSet, parentType, child string) ast.SelectionSet {
	var out ast.SelectionSet
	for _, f := range graphql.CollectFields(p.op, sel, []string{parentType}) {
		if f.Name == child {
			out = append(out, f.Selections...)
		}
	}
	return out
}

// connectionNodes is the merged selection of edges { node { … } } in a
// Relay connection.
func connectionNodes(p *planner, sel ast.SelectionSet, connType, edgeType string) ast.SelectionSet {
	return childSelection(p, childSelection(p, sel, connType, "edges"), edgeType, "node")
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
