package graph

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// A list query: every entity of a kind that passes the filter, ordered, one
// page of it, and the total count, all in the operation's one request.

// listArgs are the arguments of a root list of entities with filter F.
type listArgs[F any] struct {
	pageArgs
	Filter  *F             `json:"filter"`
	OrderBy *model.OrderBy `json:"orderBy"`
}

// page is one page of a list, before it takes its kind's connection type.
type page struct {
	items   []model.Entity
	cursors []string
	info    *model.PageInfo
	total   int
}

// connection builds a kind's connection type from a page, from how the
// kind makes an edge and a connection.
func connection[N model.Entity, E any](edge func(cursor string, node N) E, conn func([]E, *model.PageInfo, int) any) func(page) any {
	return func(p page) any {
		out := make([]E, 0, len(p.items))
		for i, e := range p.items {
			if n, ok := e.(N); ok {
				out = append(out, edge(p.cursors[i], n))
			}
		}
		return conn(out, p.info, p.total)
	}
}

var (
	officialConnection = connection(
		func(c string, n *model.Official) *model.OfficialEdge { return &model.OfficialEdge{Cursor: c, Node: n} },
		func(es []*model.OfficialEdge, pi *model.PageInfo, n int) any {
			return &model.OfficialConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
	institutionConnection = connection(
		func(c string, n *model.Institution) *model.InstitutionEdge {
			return &model.InstitutionEdge{Cursor: c, Node: n}
		},
		func(es []*model.InstitutionEdge, pi *model.PageInfo, n int) any {
			return &model.InstitutionConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
	materialConnection = connection(
		func(c string, n *model.Material) *model.MaterialEdge { return &model.MaterialEdge{Cursor: c, Node: n} },
		func(es []*model.MaterialEdge, pi *model.PageInfo, n int) any {
			return &model.MaterialConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
	controlConnection = connection(
		func(c string, n *model.Control) *model.ControlEdge { return &model.ControlEdge{Cursor: c, Node: n} },
		func(es []*model.ControlEdge, pi *model.PageInfo, n int) any {
			return &model.ControlConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
	productConnection = connection(
		func(c string, n *model.Product) *model.ProductEdge { return &model.ProductEdge{Cursor: c, Node: n} },
		func(es []*model.ProductEdge, pi *model.PageInfo, n int) any {
			return &model.ProductConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
	companyConnection = connection(
		func(c string, n *model.Company) *model.CompanyEdge { return &model.CompanyEdge{Cursor: c, Node: n} },
		func(es []*model.CompanyEdge, pi *model.PageInfo, n int) any {
			return &model.CompanyConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
	facilityConnection = connection(
		func(c string, n *model.Facility) *model.FacilityEdge { return &model.FacilityEdge{Cursor: c, Node: n} },
		func(es []*model.FacilityEdge, pi *model.PageInfo, n int) any {
			return &model.FacilityConnection{Edges: es, PageInfo: pi, TotalCount: n}
		})
)

// orderFields maps OrderField to the predicate, and which kinds have it.
var orderFields = map[model.OrderField]struct {
	pred  string
	kinds []kg.Kind
}{
	model.OrderFieldName:         {"name", nil},
	model.OrderFieldIssued:       {"issued", []kg.Kind{kg.Control}},
	model.OrderFieldEffective:    {"effective", []kg.Kind{kg.Control}},
	model.OrderFieldAtomicNumber: {"atomicNumber", []kg.Kind{kg.Material}},
	model.OrderFieldCapacity:     {"capacity", []kg.Kind{kg.Facility}},
}

// listPlan plans the root list of a kind, whose filter F becomes @filter
// conditions (and the var blocks they need).
func listPlan[F any](kind kg.Kind, filter func(p *planner, f F) []string, build func(page) any) rootPlan {
	return func(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
		args, err := argsOf[listArgs[F]](r.schema, p.op, f)
		if err != nil {
			return nil, err
		}
		first, off, err := args.page(maxFirst)
		if err != nil {
			return nil, err
		}
		order, pred, err := orderClause(kind, args.OrderBy)
		if err != nil {
			return nil, err
		}
		var conds []string
		if args.Filter != nil {
			conds = filter(p, *args.Filter)
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
			a, kind, order, p.vars.Int(first+1), p.vars.Int(off), ordered, np.body))
		if split {
			p.block(fmt.Sprintf("%s_h(func: type(%s))%s { n: count(uid) }", a, kind, ordered),
				fmt.Sprintf("%s_l(func: type(%s), orderasc: name, orderasc: xid, first: %s)%s { %s }",
					a, kind, p.vars.Int(off+first+1), filterOf(append([]string{"NOT has(" + pred + ")"}, conds...)), np.body))
		}
		if wantTotal {
			p.block(fmt.Sprintf("%s_n(func: type(%s))%s { n: count(uid) }", a, kind, where))
		}
		return func(resp answer, d *decoder) (any, error) {
			ns := resp[a]
			if split {
				if start := max(0, off-resp.count(a+"_h")); start < len(resp[a+"_l"]) {
					ns = append(ns, resp[a+"_l"][start:]...)
				}
			}
			items, info := pageOf(d.nodes(ns, np), first, off)
			cursors := make([]string, len(items))
			for i := range items {
				cursors[i] = encodeCursor(off + i)
			}
			return build(page{items: items, cursors: cursors, info: info, total: resp.count(a + "_n")}), nil
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
// then id break ties, so pages are exact and stable across loads. Without
// orderBy, lists are by name.
func orderClause(kind kg.Kind, o *model.OrderBy) (string, string, error) {
	field, dir := model.OrderFieldName, model.SortDirectionAsc
	if o != nil {
		field, dir = o.Field, o.Direction
	}
	of, ok := orderFields[field]
	if !ok {
		return "", "", kg.Errorf(kg.CodeInvalid, "unknown order field %s", kg.Quote(string(field)))
	}
	if of.kinds != nil && !slices.Contains(of.kinds, kind) {
		return "", "", kg.Errorf(kg.CodeInvalid, "%s cannot be ordered by %s", kind, field)
	}
	key := "orderasc"
	if dir == model.SortDirectionDesc {
		key = "orderdesc"
	}
	if of.pred == "name" {
		return key + ": name, " + key + ": xid", of.pred, nil
	}
	return fmt.Sprintf("%s: %s, orderasc: name, orderasc: xid", key, of.pred), of.pred, nil
}

// linked adds a var block with the entities that have an edge (step, seen
// from the listed entity) to the entity with id target, valid on asOf when
// given, and returns the condition that keeps them.
func (p *planner) linked(step dql.Step, target, asOf string) string {
	v := p.varName()
	p.block(fmt.Sprintf("var(func: eq(xid, %s)) { %s as %s%s }", p.vars.Add("string", target), v, step.Back().Predicate(), dql.ValidOn(&p.vars, asOf)))
	return fmt.Sprintf("uid(%s)", v)
}

// eqCond is a condition on an indexed scalar predicate.
func (p *planner) eqCond(pred, v string) string {
	return fmt.Sprintf("eq(%s, %s)", pred, p.vars.Add("string", v))
}

// optional adds the condition cond(v) when v is given.
func optional(conds []string, v *string, cond func(string) string) []string {
	if v == nil {
		return conds
	}
	return append(conds, cond(*v))
}

func officialFilter(p *planner, f model.OfficialFilter) []string {
	if f.Institution == nil && f.Role == nil && f.AsOf == nil {
		return nil
	}
	return []string{p.cascadeRole(f.Institution, f.Role, day(f.AsOf))}
}

// cascadeRole keeps officials with a role (at inst, with words of role,
// held on asOf — each only when given).
func (p *planner) cascadeRole(inst, role *string, asOf string) string {
	var facets []string
	if asOf != "" {
		facets = append(facets, dql.Valid(p.vars.Add("string", asOf)))
	}
	if role != nil {
		facets = append(facets, fmt.Sprintf("anyofterms(role, %s)", p.vars.Add("string", *role)))
	}
	facetDir := ""
	if len(facets) > 0 {
		facetDir = " @facets(" + strings.Join(facets, " AND ") + ")"
	}
	target := ""
	if inst != nil {
		iv := p.varName()
		p.block(fmt.Sprintf("%s as var(func: eq(xid, %s))", iv, p.vars.Add("string", *inst)))
		target = fmt.Sprintf(" @filter(uid(%s))", iv)
	}
	v := p.varName()
	p.block(fmt.Sprintf("%s as var(func: type(Official)) @cascade { holds_role%s%s { uid } }", v, facetDir, target))
	return fmt.Sprintf("uid(%s)", v)
}

// linkedTo is the condition "has an edge by step to the entity id".
func (p *planner) linkedTo(step dql.Step) func(string) string {
	return func(id string) string { return p.linked(step, id, "") }
}

// equals is the condition "pred equals the value".
func (p *planner) equals(pred string) func(string) string {
	return func(v string) string { return p.eqCond(pred, v) }
}

func institutionFilter(p *planner, f model.InstitutionFilter) []string {
	conds := optional(nil, f.PartOf, p.linkedTo(dql.Step{Type: "part_of"}))
	return optional(conds, f.Category, p.equals("category"))
}

func materialFilter(p *planner, f model.MaterialFilter) []string {
	conds := optional(nil, f.Group, p.inGroup)
	if f.Controlled != nil {
		on := day(f.AsOf)
		if on == "" {
			on = p.today
		}
		cond := fmt.Sprintf("uid(%s)", p.restrictedOn(on))
		if !*f.Controlled {
			cond = "NOT " + cond
		}
		conds = append(conds, cond)
	}
	conds = optional(conds, f.RestrictedBy, p.linkedTo(dql.Step{Type: "restricts", Reverse: true}))
	conds = optional(conds, f.Symbol, p.equals("symbol"))
	return optional(conds, f.Category, p.equals("category"))
}

func productFilter(p *planner, f model.ProductFilter) []string {
	conds := optional(nil, f.Needs, p.linkedTo(dql.Step{Type: "needs"}))
	return optional(conds, f.Category, p.equals("category"))
}

func controlFilter(p *planner, f model.ControlFilter) []string {
	conds := optional(nil, f.Issuer, p.linkedTo(dql.Step{Type: "issued_by"}))
	conds = optional(conds, f.Restricts, p.linkedTo(dql.Step{Type: "restricts"}))
	if f.IssuedFrom != nil {
		conds = append(conds, fmt.Sprintf("ge(issued, %s)", p.vars.Add("string", day(f.IssuedFrom))))
	}
	if f.IssuedTo != nil {
		conds = append(conds, fmt.Sprintf("le(issued, %s)", p.vars.Add("string", day(f.IssuedTo))))
	}
	conds = optional(conds, f.Category, p.equals("category"))
	if f.Status != nil {
		on := day(f.AsOf)
		if on == "" {
			on = p.today
		}
		conds = append(conds, p.statusCond(kg.ControlStatus(*f.Status), on))
	}
	return conds
}

func companyFilter(p *planner, f model.CompanyFilter) []string {
	conds := optional(nil, f.Country, p.linkedTo(dql.Step{Type: "located_in"}))
	conds = optional(conds, f.LicensedUnder, p.linkedTo(dql.Step{Type: "licensed_under"}))
	conds = optional(conds, f.Category, p.equals("category"))
	if f.Stage != nil {
		v := p.varName()
		p.block(fmt.Sprintf("var(func: eq(stage, %s)) { %s as ~operates }", p.vars.Add("string", stageValue(*f.Stage)), v))
		conds = append(conds, fmt.Sprintf("uid(%s)", v))
	}
	return conds
}

func facilityFilter(p *planner, f model.FacilityFilter) []string {
	conds := optional(nil, f.Country, p.linkedTo(dql.Step{Type: "located_in"}))
	conds = optional(conds, f.Operator, p.linkedTo(dql.Step{Type: "operates", Reverse: true}))
	conds = optional(conds, f.Owner, p.linkedTo(dql.Step{Type: "owns", Reverse: true}))
	if f.Stage != nil {
		conds = append(conds, p.eqCond("stage", stageValue(*f.Stage)))
	}
	if f.Status != nil {
		on := day(f.AsOf)
		if on == "" {
			on = p.today
		}
		year, _ := strconv.Atoi(on[:4])
		conds = append(conds, facilityStatusCond(&p.vars, *f.Status, year))
	}
	return conds
}

// stageValue is a stage as stored.
func stageValue(s model.FacilityStage) string { return strings.ToLower(string(s)) }

// facilityStatusCond keeps facilities in status s in year y: the rule of
// kg.FacilityStatusIn, which a property test holds it to.
func facilityStatusCond(vars *dql.Vars, s model.FacilityStatus, y int) string {
	year := vars.Int(y)
	notClosed := fmt.Sprintf("NOT le(closedYear, %s)", year)
	reported := func(v string) string {
		return fmt.Sprintf("(NOT has(openedYear) AND eq(reportedStatus, %s))", vars.Add("string", v))
	}
	switch s {
	case model.FacilityStatusClosed:
		return fmt.Sprintf("(le(closedYear, %s) OR (%s AND NOT has(closedYear)))", year, reported("closed"))
	case model.FacilityStatusPlanned:
		return fmt.Sprintf("(%s AND (gt(openedYear, %s) OR %s))", notClosed, year, reported("planned"))
	}
	return fmt.Sprintf("(%s AND (le(openedYear, %s) OR %s))", notClosed, year, reported("operating"))
}

// groupDepth bounds how deep groups nest for the walks through them: a
// list of a list of a list is already rare.
const groupDepth = 10

// inGroup is the condition "a member of group id, or of one of its
// sub-groups at any depth".
func (p *planner) inGroup(id string) string {
	v := p.varName()
	p.block(fmt.Sprintf("var(func: eq(xid, %s)) @recurse(depth: %d, loop: false) { %s as ~in_group }", p.vars.Add("string", id), groupDepth, v))
	return fmt.Sprintf("uid(%s)", v)
}

// restrictedOn adds the var blocks of the items a control in force on day d
// restricts, directly or as members of a restricted group at any depth,
// and returns the variable that holds them.
func (p *planner) restrictedOn(d string) string {
	direct, all := p.varName(), p.varName()
	p.block(fmt.Sprintf("var(func: type(Control)) @filter(%s) { %s as restricts%s }", p.statusCond(kg.StatusInForce, d), direct, dql.ValidOn(&p.vars, d)),
		fmt.Sprintf("%s as var(func: uid(%s)) @recurse(depth: %d, loop: false) { ~in_group }", all, direct, groupDepth))
	return all
}

// statusCond keeps controls in status s on day d (see dql.StatusFilter).
func (p *planner) statusCond(s kg.ControlStatus, d string) string {
	blocks, cond := dql.StatusFilter(&p.vars, p.varName, s, d)
	p.block(blocks...)
	return cond
}
