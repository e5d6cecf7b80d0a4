package graph

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
)

// A list query: every entity of a kind that passes the filter, ordered, one
// page of it, and the total count, all in the operation's one request.

func init() {
	rootPlanners["officials"] = listPlanner(kg.Official, officialFilter, func(p page) any {
		return &model.OfficialConnection{Edges: edgesOf(p, func(c string, n *model.Official) *model.OfficialEdge { return &model.OfficialEdge{Cursor: c, Node: n} }), PageInfo: p.info, TotalCount: p.total}
	})
	rootPlanners["institutions"] = listPlanner(kg.Institution, institutionFilter, func(p page) any {
		return &model.InstitutionConnection{Edges: edgesOf(p, func(c string, n *model.Institution) *model.InstitutionEdge {
			return &model.InstitutionEdge{Cursor: c, Node: n}
		}), PageInfo: p.info, TotalCount: p.total}
	})
	rootPlanners["materials"] = listPlanner(kg.Material, materialFilter, func(p page) any {
		return &model.MaterialConnection{Edges: edgesOf(p, func(c string, n *model.Material) *model.MaterialEdge { return &model.MaterialEdge{Cursor: c, Node: n} }), PageInfo: p.info, TotalCount: p.total}
	})
	rootPlanners["controls"] = listPlanner(kg.Control, controlFilter, func(p page) any {
		return &model.ControlConnection{Edges: edgesOf(p, func(c string, n *model.Control) *model.ControlEdge { return &model.ControlEdge{Cursor: c, Node: n} }), PageInfo: p.info, TotalCount: p.total}
	})
	rootPlanners["products"] = listPlanner(kg.Product, productFilter, func(p page) any {
		return &model.ProductConnection{Edges: edgesOf(p, func(c string, n *model.Product) *model.ProductEdge { return &model.ProductEdge{Cursor: c, Node: n} }), PageInfo: p.info, TotalCount: p.total}
	})
}

// page is one page of a list, before it takes its kind's connection type.
type page struct {
	items   []model.Entity
	cursors []string
	info    *model.PageInfo
	total   int
}

// edgesOf builds a kind's connection edges from a page.
func edgesOf[N model.Entity, E any](p page, edge func(cursor string, node N) E) []E {
	out := make([]E, 0, len(p.items))
	for i, e := range p.items {
		if n, ok := e.(N); ok {
			out = append(out, edge(p.cursors[i], n))
		}
	}
	return out
}

// filterFunc turns a kind's filter argument into DQL @filter conditions,
// adding var blocks as it needs them.
type filterFunc func(p *planner, filter map[string]any) ([]string, error)

// orderFields maps OrderField to the predicate, and which kinds have it.
var orderFields = map[string]struct {
	pred  string
	kinds []kg.Kind
}{
	"NAME":          {"name", nil},
	"ISSUED":        {"issued", []kg.Kind{kg.Control}},
	"EFFECTIVE":     {"effective", []kg.Kind{kg.Control}},
	"ATOMIC_NUMBER": {"atomicNumber", []kg.Kind{kg.Material}},
}

func listPlanner(kind kg.Kind, filter filterFunc, build func(page) any) func(*Resolver, *planner, graphql.CollectedField) (finisher, error) {
	return func(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
		args := f.ArgumentMap(p.op.Variables)
		first, off, err := pageArgs(args)
		if err != nil {
			return nil, err
		}
		order, pred, err := orderClause(kind, args["orderBy"])
		if err != nil {
			return nil, err
		}
		fm, _ := args["filter"].(map[string]any)
		conds, err := filter(p, fm)
		if err != nil {
			return nil, err
		}
		wantTotal := selects(p, f.Selections, string(kind)+"Connection", "totalCount")
		np, err := p.node(connectionNodes(p, f.Selections, string(kind)+"Connection", string(kind)+"Edge"), []string{string(kind)})
		if err != nil {
			return nil, err
		}
		where := filterOf(conds)
		a := p.name("list")
		// Dgraph pages an order by two keys inconsistently over nodes that
		// lack the first (a material without an atomic number), so those
		// are listed apart, after the others, by name: block a_l holds them
		// from the start, and a_h counts the others to tell where the page
		// falls among them.
		split := pred != "name"
		ordered := where
		if split {
			ordered = filterOf(append([]string{"has(" + pred + ")"}, conds...))
		}
		p.block(fmt.Sprintf("%s(func: type(%s), %s, first: %s, offset: %s)%s { %s }",
			a, kind, order, p.vars.Add("int", fmt.Sprint(first+1)), p.vars.Add("int", fmt.Sprint(off)), ordered, np.body))
		if split {
			p.block(fmt.Sprintf("%s_h(func: type(%s))%s { n: count(uid) }", a, kind, ordered))
			p.block(fmt.Sprintf("%s_l(func: type(%s), orderasc: name, first: %s)%s { %s }",
				a, kind, p.vars.Add("int", fmt.Sprint(off+first+1)), filterOf(append([]string{"NOT has(" + pred + ")"}, conds...)), np.body))
		}
		if wantTotal {
			p.block(fmt.Sprintf("%s_n(func: type(%s))%s { n: count(uid) }", a, kind, where))
		}
		return func(resp map[string]json.RawMessage, d *decoder) (any, error) {
			ns, err := nodes(resp, a)
			if err != nil {
				return nil, err
			}
			if split {
				lacking, err := nodes(resp, a+"_l")
				if err != nil {
					return nil, err
				}
				if start := max(0, off-count(resp, a+"_h")); start < len(lacking) {
					ns = append(ns, lacking[start:]...)
				}
			}
			items := make([]model.Entity, 0, len(ns))
			for _, raw := range ns {
				if e := d.node(raw, np); e != nil {
					items = append(items, e)
				}
			}
			items, info := pageOf(items, first, off)
			cursors := make([]string, len(items))
			for i := range items {
				cursors[i] = encodeCursor(off + i)
			}
			return build(page{items: items, cursors: cursors, info: info, total: count(resp, a+"_n")}), nil
		}, nil
	}
}

// filterOf renders conditions as a @filter directive, "" for none.
func filterOf(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " @filter(" + strings.Join(conds, " AND ") + ")"
}

// orderClause renders orderBy, and names the predicate it orders by; name
// breaks ties so pages are stable.
func orderClause(kind kg.Kind, v any) (string, string, error) {
	field, dir := "NAME", "ASC"
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["field"].(string); ok {
			field = s
		}
		if s, ok := m["direction"].(string); ok {
			dir = s
		}
	}
	of, ok := orderFields[field]
	if !ok {
		return "", "", kg.Errorf(kg.CodeInvalid, "unknown order field %q", field)
	}
	if of.kinds != nil && !containsKind(of.kinds, kind) {
		return "", "", kg.Errorf(kg.CodeInvalid, "%s cannot be ordered by %s", kind, field)
	}
	key := "orderasc"
	if dir == "DESC" {
		key = "orderdesc"
	}
	if of.pred == "name" {
		return key + ": name", of.pred, nil
	}
	return fmt.Sprintf("%s: %s, orderasc: name", key, of.pred), of.pred, nil
}

func containsKind(ks []kg.Kind, k kg.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// linked adds a var block with the entities that have an edge (spec, seen
// from the listed entity) to the entity with id target, valid on asOf when
// given, and returns the condition that keeps them.
func (p *planner) linked(spec edgeSpec, target, asOf string) string {
	v := p.name("f")
	back := edgeSpec{Type: spec.Type, In: !spec.In}
	p.block(fmt.Sprintf("var(func: eq(xid, %s)) { %s as %s%s }", p.vars.Add("string", target), v, back.predicate(), p.facetFilter(asOf)))
	return fmt.Sprintf("uid(%s)", v)
}

// eqCond is a condition on an indexed scalar predicate.
func (p *planner) eqCond(pred string, v any) string {
	return fmt.Sprintf("eq(%s, %s)", pred, p.vars.Add("string", fmt.Sprint(v)))
}

func officialFilter(p *planner, f map[string]any) ([]string, error) {
	asOf, err := dateArg(f["asOf"])
	if err != nil {
		return nil, err
	}
	inst, _ := f["institution"].(string)
	role, _ := f["role"].(string)
	if inst == "" && role == "" {
		if asOf != "" {
			return []string{p.cascadeRole("", "", asOf)}, nil
		}
		return nil, nil
	}
	return []string{p.cascadeRole(inst, role, asOf)}, nil
}

// cascadeRole keeps officials with a role (at inst, with words of role,
// held on asOf — each only when given).
func (p *planner) cascadeRole(inst, role, asOf string) string {
	var facets []string
	if asOf != "" {
		v := p.vars.Add("string", asOf)
		facets = append(facets, fmt.Sprintf("le(since, %s) AND ge(until, %s)", v, v))
	}
	if role != "" {
		facets = append(facets, fmt.Sprintf("anyofterms(role, %s)", p.vars.Add("string", role)))
	}
	facetDir := ""
	if len(facets) > 0 {
		facetDir = " @facets(" + strings.Join(facets, " AND ") + ")"
	}
	target := ""
	if inst != "" {
		iv := p.name("f")
		p.block(fmt.Sprintf("%s as var(func: eq(xid, %s))", iv, p.vars.Add("string", inst)))
		target = fmt.Sprintf(" @filter(uid(%s))", iv)
	}
	v := p.name("f")
	p.block(fmt.Sprintf("%s as var(func: type(Official)) @cascade { holds_role%s%s { uid } }", v, facetDir, target))
	return fmt.Sprintf("uid(%s)", v)
}

func institutionFilter(p *planner, f map[string]any) ([]string, error) {
	var conds []string
	if id, ok := f["partOf"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"part_of", false}, id, ""))
	}
	if c, ok := f["category"].(string); ok {
		conds = append(conds, p.eqCond("category", c))
	}
	return conds, nil
}

func materialFilter(p *planner, f map[string]any) ([]string, error) {
	var conds []string
	if id, ok := f["group"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"in_group", false}, id, ""))
	}
	if id, ok := f["restrictedBy"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"restricts", true}, id, ""))
	}
	if s, ok := f["symbol"].(string); ok {
		conds = append(conds, p.eqCond("symbol", s))
	}
	if c, ok := f["category"].(string); ok {
		conds = append(conds, p.eqCond("category", c))
	}
	return conds, nil
}

func productFilter(p *planner, f map[string]any) ([]string, error) {
	var conds []string
	if id, ok := f["needs"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"needs", false}, id, ""))
	}
	if c, ok := f["category"].(string); ok {
		conds = append(conds, p.eqCond("category", c))
	}
	return conds, nil
}

func controlFilter(p *planner, f map[string]any) ([]string, error) {
	var conds []string
	if id, ok := f["issuer"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"issued_by", false}, id, ""))
	}
	if id, ok := f["restricts"].(string); ok {
		conds = append(conds, p.linked(edgeSpec{"restricts", false}, id, ""))
	}
	for _, b := range []struct{ arg, fn string }{{"issuedFrom", "ge"}, {"issuedTo", "le"}} {
		d, err := dateArg(f[b.arg])
		if err != nil {
			return nil, err
		}
		if d != "" {
			conds = append(conds, fmt.Sprintf("%s(issued, %s)", b.fn, p.vars.Add("string", d)))
		}
	}
	if c, ok := f["category"].(string); ok {
		conds = append(conds, p.eqCond("category", c))
	}
	if s, ok := f["status"].(string); ok {
		asOf, err := dateArg(f["asOf"])
		if err != nil {
			return nil, err
		}
		if asOf == "" {
			asOf = p.today
		}
		conds = append(conds, p.statusCond(kg.ControlStatus(s), asOf))
	}
	return conds, nil
}

// statusCond keeps controls in a status on day d, by the rules of
// kg.StatusOn: started (effective, or issued when no effective date), not
// past until, and suspended while a suspends edge is valid on d.
// Only the var blocks the status uses are added: Dgraph refuses a request
// that defines a variable it never uses.
func (p *planner) statusCond(s kg.ControlStatus, d string) string {
	v := p.vars.Add("string", d)
	started := p.name("f")
	p.block(fmt.Sprintf("%s as var(func: type(Control)) @filter(le(effective, %s) OR (NOT has(effective) AND le(issued, %s)))", started, v, v))
	if s == kg.StatusPending {
		return fmt.Sprintf("NOT uid(%s)", started)
	}
	live := p.name("f")
	p.block(fmt.Sprintf("%s as var(func: uid(%s)) @filter(NOT has(until) OR ge(until, %s))", live, started, v))
	if s == kg.StatusLapsed {
		return fmt.Sprintf("uid(%s) AND NOT uid(%s)", started, live)
	}
	susp := p.name("f")
	p.block(fmt.Sprintf("%s as var(func: uid(%s)) @cascade { ~suspends @facets(le(since, %s) AND ge(until, %s)) { uid } }", susp, live, v, v))
	if s == kg.StatusSuspended {
		return fmt.Sprintf("uid(%s)", susp)
	}
	return fmt.Sprintf("uid(%s) AND NOT uid(%s)", live, susp)
}
