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
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
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

// Node is what a walk knows of an entity.
type Node struct {
	UID, ID string
	Kind    kg.Kind
	Name    string
	// Control dates and suspensions, to tell whether a control is in force.
	Issued, Effective, Until string
	Suspensions              []kg.Interval
}

// InForce reports whether a control is in force on day d; other kinds
// always are.
func (n *Node) InForce(d string) bool {
	return n.Kind != kg.Control || kg.StatusOn(n.Issued, n.Effective, n.Until, n.Suspensions, d) == kg.StatusInForce
}

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

// step is one way to leave a node: an edge type walked forward or back.
type step struct {
	Type string
	Back bool // walk from the edge's `to` to its `from`
}

func (s step) predicate() string {
	if s.Back {
		return "~" + s.Type
	}
	return s.Type
}

// steps lists the ways a walk may leave a node: in the dependency sense
// for DOWNSTREAM and UPSTREAM (edges that carry no dependency are not
// walked), every edge both ways for BOTH; only the given types when any.
func steps(dir Direction, types []string) []step {
	var out []step
	for _, t := range kg.EdgeTypes {
		if len(types) > 0 && !slices.Contains(types, t.Name) {
			continue
		}
		switch {
		case dir == Both:
			out = append(out, step{t.Name, false}, step{t.Name, true})
		case t.Downstream == kg.NoFlow:
		case (t.Downstream == kg.Forward) == (dir == Downstream):
			out = append(out, step{t.Name, false})
		default:
			out = append(out, step{t.Name, true})
		}
	}
	return out
}

// carriesForce lists the edges through which a control acts; they count
// only while the control is in force. A control's issuer, suspensions and
// statements about it stay facts whatever its status.
var carriesForce = map[string]bool{"restricts": true, "applies_to": true}

// Walker walks one store.
type Walker struct {
	Store store.Store
}

// nodeFields is what a walk reads of every node it meets.
const nodeFields = "uid xid dgraph.type name issued effective until suspensions: ~suspends @facets(since, until) { uid }"

func decodeNode(raw map[string]any) *Node {
	n := &Node{}
	n.UID, _ = raw["uid"].(string)
	n.ID, _ = raw["xid"].(string)
	n.Name, _ = raw["name"].(string)
	types, _ := raw["dgraph.type"].([]any)
	for _, t := range types {
		if k, ok := kg.ParseKind(fmt.Sprint(t)); ok {
			n.Kind = k
		}
	}
	day := func(key string) string {
		s, _ := raw[key].(string)
		return s[:min(10, len(s))]
	}
	n.Issued, n.Effective, n.Until = day("issued"), day("effective"), day("until")
	susp, _ := raw["suspensions"].([]any)
	for _, it := range susp {
		if m, ok := it.(map[string]any); ok {
			f := store.EdgeFacets(m, "suspensions")
			n.Suspensions = append(n.Suspensions, kg.Interval{Since: f.Since, Until: f.Until})
		}
	}
	return n
}

// Lookup finds entities by id, for a walk's start and end.
func (w *Walker) Lookup(ctx context.Context, ids ...string) (map[string]*Node, error) {
	var vars store.Vars
	q := vars.Query(fmt.Sprintf("n(func: eq(xid, %s)) { %s }", vars.List(ids), nodeFields))
	var out struct {
		N []map[string]any `json:"n"`
	}
	if err := store.QueryInto(ctx, w.Store, q, vars.Map(), &out); err != nil {
		return nil, err
	}
	found := map[string]*Node{}
	for _, raw := range out.N {
		if n := decodeNode(raw); n.Kind != "" {
			found[n.ID] = n
		}
	}
	for _, id := range ids {
		if found[id] == nil {
			return nil, kg.Errorf(kg.CodeNotFound, "no entity with id %q", id)
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

// expand fetches, in one request, every edge that leaves the frontier by
// the given steps and is valid on asOf. Edges through which a control acts
// are dropped while the control is out of force.
func (w *Walker) expand(ctx context.Context, frontier []*Node, by []step, asOf string) ([]hop, error) {
	if len(frontier) == 0 || len(by) == 0 {
		return nil, nil
	}
	var vars store.Vars
	uids := make([]string, len(frontier))
	byUID := map[string]*Node{}
	for i, n := range frontier {
		uids[i] = n.UID
		byUID[n.UID] = n
	}
	d := vars.Add("string", asOf)
	var parts []string
	for i, s := range by {
		parts = append(parts, fmt.Sprintf("s%d: %s @facets(le(since, %s) AND ge(until, %s)) @facets { %s }", i, s.predicate(), d, d, nodeFields))
	}
	q := vars.Query(fmt.Sprintf("n(func: uid(%s)) { uid %s }", vars.Add("string", "["+strings.Join(uids, ", ")+"]"), strings.Join(parts, " ")))
	var out struct {
		N []map[string]any `json:"n"`
	}
	if err := store.QueryInto(ctx, w.Store, q, vars.Map(), &out); err != nil {
		return nil, err
	}
	var hops []hop
	for _, raw := range out.N {
		uid, _ := raw["uid"].(string)
		from := byUID[uid]
		if from == nil {
			continue
		}
		for i, s := range by {
			alias := fmt.Sprintf("s%d", i)
			items, _ := raw[alias].([]any)
			for _, it := range items {
				m, ok := it.(map[string]any)
				if !ok {
					continue
				}
				to := decodeNode(m)
				if to.Kind == "" {
					continue
				}
				e := store.EdgeFacets(m, alias)
				e.Type = s.Type
				e.From, e.To = from.ID, to.ID
				control := from
				if s.Back {
					e.From, e.To = to.ID, from.ID
					control = to
				}
				if carriesForce[s.Type] && !control.InForce(asOf) {
					continue
				}
				hops = append(hops, hop{from: from, to: to, edge: e})
			}
		}
	}
	// Deterministic order whatever the backend returns.
	slices.SortFunc(hops, func(a, b hop) int {
		return cmp.Or(cmp.Compare(a.from.ID, b.from.ID), cmp.Compare(a.to.Name, b.to.Name), cmp.Compare(a.to.ID, b.to.ID), cmp.Compare(a.edge.Type, b.edge.Type))
	})
	return hops, nil
}

// walk runs a breadth-first walk from root to depth, by the given steps,
// keeping at most maxNodes nodes. It returns every edge among the nodes it
// keeps, each once. A control that is out of force on asOf is kept (it was
// reached) but not walked through. With intoGroups, a group that a control
// restricts leads on to its members, which that control restricts too.
func (w *Walker) walk(ctx context.Context, root *Node, by []step, depth, maxNodes int, asOf string, intoGroups bool) (*Subgraph, error) {
	g := &Subgraph{Distance: map[string]int{root.ID: 0}, parent: map[string]kg.Edge{}, Nodes: []*Node{root}}
	seenEdge := map[kg.EdgeKey]bool{}
	frontier := []*Node{root}
	for level := 1; level <= depth && len(frontier) > 0; level++ {
		walkable := frontier[:0:0]
		for _, n := range frontier {
			if n.InForce(asOf) || n == root {
				walkable = append(walkable, n)
			}
		}
		hops, err := w.expand(ctx, walkable, by, asOf)
		if err != nil {
			return nil, err
		}
		if intoGroups {
			var restricted []*Node
			for _, n := range walkable {
				if n.Kind == kg.Group && g.parent[n.ID].Type == "restricts" {
					restricted = append(restricted, n)
				}
			}
			members, err := w.expand(ctx, restricted, []step{{Type: "in_group", Back: true}}, asOf)
			if err != nil {
				return nil, err
			}
			hops = append(hops, members...)
		}
		var next []*Node
		for _, h := range hops {
			if _, known := g.Distance[h.to.ID]; !known {
				if len(g.Nodes) >= maxNodes {
					g.Truncated = true
					continue
				}
				g.Distance[h.to.ID] = level
				g.parent[h.to.ID] = h.edge
				g.Nodes = append(g.Nodes, h.to)
				next = append(next, h.to)
			}
			if !seenEdge[h.edge.Key()] {
				seenEdge[h.edge.Key()] = true
				g.Edges = append(g.Edges, h.edge)
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
