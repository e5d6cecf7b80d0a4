// Package analysis answers analysts' questions that walk the graph: the
// neighbourhood of an entity, paths between two, dependency chains and the
// exposure to a control — all as of a date, every edge with its sources.
//
// Walks run level by level: each level is one DQL request that fetches the
// frontier's edges (facet-filtered to the date) and what the walk needs to
// know of the nodes at the far end. DQL's @recurse would answer in one
// request, but it drops edges to nodes it has already visited (the edges
// that close cycles and diamonds), cannot stop at a node cap, and cannot
// tell whether a control is suspended on the date; a level costs ~1 ms on
// the embedded engine and depth is capped at 10.
package analysis

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// A level's frontier of up to wholeFrontier nodes takes one request; a
// larger one goes firstChunk nodes in the first request, each next request
// taking twice as many.
var (
	wholeFrontier = 64
	firstChunk    = 8
)

// Bounds on every walk.
const (
	MaxDepth        = 10
	MaxK            = 10
	DefaultMaxNodes = 500
	HardMaxNodes    = 5000
)

// Direction is a walk's direction in the dependency sense.
type Direction string

// The directions: DOWNSTREAM follows what depends on an entity, UPSTREAM
// what it depends on, BOTH every edge either way.
const (
	Downstream Direction = "DOWNSTREAM"
	Upstream   Direction = "UPSTREAM"
	Both       Direction = "BOTH"
)

// Node is what a walk knows of an entity: its identity, name, and for a
// control what tells its status.
type Node = dql.Node

// Subgraph is what a walk reached: nodes in walk order (distance, then
// name), edges sorted, and whether a bound cut the walk short.
type Subgraph struct {
	Nodes     []*Node
	Edges     []kg.Edge
	Distance  map[string]int // by id
	Truncated bool
	// parent is the edge that first reached each node, for explanations.
	parent map[string]kg.Edge
}

// steps lists the ways a walk may leave a node: in the dependency sense
// for DOWNSTREAM and UPSTREAM (edges that carry no dependency are not
// walked), every edge both ways for BOTH; only the given types when any.
func steps(dir Direction, types []string) []dql.Step {
	var out []dql.Step
	for _, t := range kg.EdgeTypes {
		if len(types) > 0 && !slices.Contains(types, t.Name) {
			continue
		}
		switch {
		case dir == Both:
			out = append(out, dql.Step{Type: t.Name}, dql.Step{Type: t.Name, Reverse: true})
		case t.Downstream == kg.NoFlow:
		case (t.Downstream == kg.Forward) == (dir == Downstream):
			out = append(out, dql.Step{Type: t.Name})
		default:
			out = append(out, dql.Step{Type: t.Name, Reverse: true})
		}
	}
	return out
}

// controlAt lists the edges through which a control acts, with the end the
// control is at: they count only while the control is in force. A
// control's issuer, suspensions and statements about it stay facts
// whatever its status.
var controlAt = map[string]edgeEnd{"restricts": fromEnd, "applies_to": fromEnd, "licensed_under": toEnd}

// edgeEnd is one end of an edge.
type edgeEnd bool

const (
	fromEnd edgeEnd = false
	toEnd   edgeEnd = true
)

// Walker walks one store.
type Walker struct {
	Store store.Store
}

// nodeFields is what a walk reads of every node it meets; statusFields
// what it reads more of a control, to tell whether it is in force.
var (
	nodeFields   = "uid xid dgraph.type name"
	statusFields = nodeFields + " " + strings.Join(dql.StatusFields, " ")
)

// fieldsAt is what a step reads of the node at its far end: status fields
// only where that node can be a control.
func fieldsAt(s dql.Step) string {
	t, _ := kg.LookupEdgeType(s.Type)
	far := t.To
	if s.Reverse {
		far = t.From
	}
	if slices.Contains(far, kg.Control) {
		return statusFields
	}
	return nodeFields
}

// Lookup finds entities by id, for a walk's start and end.
func (w *Walker) Lookup(ctx context.Context, ids ...string) (map[string]*Node, error) {
	var vars dql.Vars
	q := vars.Query(fmt.Sprintf("n(func: eq(xid, %s)) { %s }", vars.List(ids), statusFields))
	var out struct{ N []Node }
	if err := store.QueryInto(ctx, w.Store, q, vars.Map(), &out); err != nil {
		return nil, err
	}
	found := map[string]*Node{}
	for i, n := range out.N {
		if n.Kind != "" {
			found[n.ID] = &out.N[i]
		}
	}
	for _, id := range ids {
		if found[id] == nil {
			return nil, kg.Errorf(kg.CodeNotFound, "no entity with id %s", kg.Quote(id))
		}
	}
	return found, nil
}

// hop is one edge met while expanding a node.
type hop struct {
	from *Node // the expanded node
	to   *Node // the node at the far end
	edge kg.Edge
}

// bound says how much of the frontier's edges expand fetches, for a walk
// that keeps at most a number of nodes.
type bound struct {
	// kept are the nodes the walk holds already.
	kept map[string]*Node
	// full: the walk holds all the nodes it may, so it fetches only the
	// edges among kept, and with count, counts the others to tell that the
	// walk was cut (a walk known to be cut needs no count).
	full, count bool
	// among, when set, says which edge types the walk needs between nodes
	// it keeps beyond the edges that reached them (nil: every type).
	among func(edgeType string) bool
	// room, when not full and above zero, is how many more nodes the walk
	// may keep. Of each list (a frontier node's edges of one type) expand
	// then fetches every edge to a kept node and the first room+1 others in
	// the far ends' order by name and id: a list cut there holds more new
	// nodes than there is room for, whatever earlier lists took, so the
	// walk keeps the same nodes as if it had fetched every edge. A hub's
	// thousands of edges then cost a sort of its list, not the reading of
	// every far end.
	room int
}

// expand fetches, in one request, the edges that leave the frontier by the
// given steps and are valid on asOf, as far as b bounds them. Edges through
// which a control acts are dropped while the control is out of force. more
// says, for a full bound, whether valid edges lead outside kept (it may say
// so of an edge from a control out of force, which the walk would not
// follow).
func (w *Walker) expand(ctx context.Context, frontier []*Node, by []dql.Step, asOf string, b bound) (hops []hop, more bool, err error) {
	if len(frontier) == 0 || len(by) == 0 {
		return nil, false, nil
	}
	// A backend may not stop a request whose context has ended: send none.
	if err := ctx.Err(); err != nil {
		return nil, false, kg.Stopped(err)
	}
	var vars dql.Vars
	// One block per kind, asking only for the steps that can leave a node
	// of that kind: Dgraph reads a posting list per node and predicate.
	byUID := map[string]*Node{}
	byKind := map[kg.Kind]map[string]*Node{}
	for _, n := range frontier {
		byUID[n.UID] = n
		if byKind[n.Kind] == nil {
			byKind[n.Kind] = map[string]*Node{}
		}
		byKind[n.Kind][n.UID] = n
	}
	kept := ""
	if b.full || b.room > 0 {
		kept = uidList(&vars, b.kept)
	}
	valid := dql.ValidOn(&vars, asOf)
	var blocks []string
	for _, k := range slices.Sorted(maps.Keys(byKind)) {
		var parts []string
		for i, s := range by {
			if !leaves(s, k) {
				continue
			}
			edge, fields := s.Predicate()+valid, fieldsAt(s)
			among := b.among == nil || b.among(s.Type)
			switch {
			case b.full:
				if among {
					parts = append(parts, fmt.Sprintf("s%d: %s @filter(uid(%s)) @facets { %s }", i, edge, kept, fields))
				}
				if b.count {
					parts = append(parts, fmt.Sprintf("s%d_out: count(%s @filter(NOT uid(%s)))", i, edge, kept))
				}
			case b.room > 0 && !dropsByFarEnd(s):
				parts = append(parts, fmt.Sprintf("s%d: %s @filter(NOT uid(%s)) (orderasc: sortkey, first: %s) @facets { %s }", i, edge, kept, vars.Int(b.room+1), fields))
				if among {
					parts = append(parts, fmt.Sprintf("s%d_k: %s @filter(uid(%s)) @facets { %s }", i, edge, kept, fields))
				}
			default:
				parts = append(parts, fmt.Sprintf("s%d: %s @facets { %s }", i, edge, fields))
			}
		}
		if len(parts) > 0 {
			blocks = append(blocks, fmt.Sprintf("n%d(func: uid(%s)) { uid %s }", len(blocks), uidList(&vars, byKind[k]), strings.Join(parts, " ")))
		}
	}
	if len(blocks) == 0 {
		return nil, false, nil
	}
	var answer map[string][]Node
	data, err := w.Store.Query(ctx, vars.Query(strings.Join(blocks, "\n")), vars.Map())
	if err == nil {
		answer, err = dql.Decode(data)
	}
	if err != nil {
		return nil, false, err
	}
	var out struct{ N []Node }
	for _, ns := range answer {
		out.N = append(out.N, ns...)
	}
	for _, raw := range out.N {
		from := byUID[raw.UID]
		if from == nil {
			continue
		}
		for i, s := range by {
			alias := fmt.Sprintf("s%d", i)
			more = more || raw.Counts[alias+"_out"] > 0
			for _, at := range []string{alias, alias + "_k"} {
				hops = appendHops(hops, raw.Lists[at], at, from, s, asOf)
			}
		}
	}
	// Deterministic order whatever the backend returns.
	slices.SortFunc(hops, func(a, b hop) int {
		return cmp.Or(cmp.Compare(a.from.ID, b.from.ID), cmp.Compare(a.to.Name, b.to.Name), cmp.Compare(a.to.ID, b.to.ID), cmp.Compare(a.edge.Type, b.edge.Type))
	})
	return hops, more, nil
}

// appendHops adds the hops of one list of a frontier node, fetched under
// alias by step s, leaving out edges through which a control out of force
// would act.
func appendHops(hops []hop, list []Node, alias string, from *Node, s dql.Step, asOf string) []hop {
	for j := range list {
		to := &list[j]
		if to.Kind == "" {
			continue
		}
		e := to.Edge(alias)
		e.Type = s.Type
		head, tail := from, to // the edge's from and to ends
		if s.Reverse {
			head, tail = to, from
		}
		e.From, e.To = head.ID, tail.ID
		if end, ok := controlAt[s.Type]; ok {
			control := head
			if end == toEnd {
				control = tail
			}
			if !control.InForce(asOf) {
				continue
			}
		}
		hops = append(hops, hop{from: from, to: to, edge: e})
	}
	return hops
}

// dropsByFarEnd reports whether a step's edges may be dropped for the
// status of the node at their far end (a control out of force, reached
// against its restricts edge): such lists cannot be cut at a length, since
// the walk does not know in advance how many of them count.
func dropsByFarEnd(s dql.Step) bool {
	end, ok := controlAt[s.Type]
	return ok && s.Reverse == (end == fromEnd)
}

// leaves reports whether a step can leave a node of kind k.
func leaves(s dql.Step, k kg.Kind) bool {
	t, _ := kg.LookupEdgeType(s.Type)
	near := t.From
	if s.Reverse {
		near = t.To
	}
	return slices.Contains(near, k)
}

// uidList passes the uids of nodes (keyed by anything) as one variable.
func uidList(vars *dql.Vars, nodes map[string]*Node) string {
	uids := make([]string, 0, len(nodes))
	for _, n := range nodes {
		uids = append(uids, n.UID)
	}
	slices.Sort(uids)
	return vars.Add("string", "["+strings.Join(uids, ", ")+"]")
}

// walk runs a breadth-first walk from root to depth, by the given steps,
// keeping at most maxNodes nodes. It returns the edges that reached them and
// every other edge among them of the types among allows (all when nil),
// each once. A control that is out of force on asOf is kept (it was
// reached) but not walked through. With intoGroups, a group that a control
// restricts leads on to its members, which that control restricts too.
func (w *Walker) walk(ctx context.Context, root *Node, by []dql.Step, depth, maxNodes int, asOf string, intoGroups bool, among func(string) bool) (*Subgraph, error) {
	g := &Subgraph{Distance: map[string]int{root.ID: 0}, parent: map[string]kg.Edge{}, Nodes: []*Node{root}}
	seenEdge := map[kg.EdgeKey]bool{}
	kept := map[string]*Node{root.ID: root}
	frontier := []*Node{root}
	for level := 1; level <= depth && len(frontier) > 0; level++ {
		walkable := frontier[:0:0]
		for _, n := range frontier {
			if n.InForce(asOf) || n == root {
				walkable = append(walkable, n)
			}
		}
		var next []*Node
		// keep takes hops in order: new nodes while there is room, and
		// every edge between nodes kept.
		keep := func(hops []hop) {
			for _, h := range hops {
				if _, known := g.Distance[h.to.ID]; !known {
					if len(g.Nodes) >= maxNodes {
						g.Truncated = true
						continue
					}
					g.Distance[h.to.ID] = level
					g.parent[h.to.ID] = h.edge
					g.Nodes = append(g.Nodes, h.to)
					kept[h.to.ID] = h.to
					next = append(next, h.to)
				}
				if !seenEdge[h.edge.Key()] {
					seenEdge[h.edge.Key()] = true
					g.Edges = append(g.Edges, h.edge)
				}
			}
		}
		expand := func(from []*Node, by []dql.Step) error {
			full := len(g.Nodes) >= maxNodes
			b := bound{kept: kept, full: full, count: !g.Truncated, among: among, room: maxNodes - len(g.Nodes)}
			hops, more, err := w.expand(ctx, from, by, asOf, b)
			if err != nil {
				return err
			}
			g.Truncated = g.Truncated || more
			keep(hops)
			if !full && len(g.Nodes) >= maxNodes {
				// The cap filled in this request, and lists cut at room+1
				// may hide edges to nodes it kept: fetch those.
				hops, _, err = w.expand(ctx, from, by, asOf, bound{kept: kept, full: true, among: among})
				keep(hops)
			}
			return err
		}
		// The frontier goes in chunks, in the order its hops are taken
		// (by id), growing while there is room: once the walk holds all it
		// may, the rest of the frontier only needs its edges among the
		// nodes kept. A frontier of hundreds of hubs then costs what fills
		// the cap, not every first cap+1 edges of each.
		slices.SortFunc(walkable, func(a, b *Node) int { return cmp.Compare(a.ID, b.ID) })
		chunk := firstChunk
		if len(walkable) <= wholeFrontier {
			chunk = len(walkable)
		}
		for start := 0; start < len(walkable); chunk *= 2 {
			end := len(walkable)
			if len(g.Nodes) < maxNodes {
				end = min(start+chunk, end)
			}
			if err := expand(walkable[start:end], by); err != nil {
				return nil, err
			}
			start = end
		}
		if intoGroups {
			var restricted []*Node
			for _, n := range walkable {
				if n.Kind == kg.Group && g.parent[n.ID].Type == "restricts" {
					restricted = append(restricted, n)
				}
			}
			if err := expand(restricted, []dql.Step{{Type: "in_group", Reverse: true}}); err != nil {
				return nil, err
			}
		}
		frontier = next
	}
	g.sort()
	return g, nil
}

func (g *Subgraph) sort() {
	slices.SortStableFunc(g.Nodes, func(a, b *Node) int {
		return cmp.Or(cmp.Compare(g.Distance[a.ID], g.Distance[b.ID]), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(g.Edges, func(a, b kg.Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Type, b.Type), cmp.Compare(a.To, b.To))
	})
}

// PathTo explains how the walk first reached id: the edges from the root.
func (g *Subgraph) PathTo(id string) []kg.Edge {
	var path []kg.Edge
	for cur := id; ; {
		e, ok := g.parent[cur]
		if !ok {
			break
		}
		path = append(path, e)
		if e.To == cur {
			cur = e.From
		} else {
			cur = e.To
		}
	}
	slices.Reverse(path)
	return path
}
