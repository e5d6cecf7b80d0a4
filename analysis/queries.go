package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

func checkDepth(name string, d int) error {
	if d < 0 || d > MaxDepth {
		return kg.Errorf(kg.CodeInvalid, "%s must be between 0 and %d, got %d", name, MaxDepth, d)
	}
	return nil
}

func checkTypes(types []string) error {
	for _, t := range types {
		if _, ok := kg.LookupEdgeType(t); !ok {
			return kg.Errorf(kg.CodeInvalid, "unknown edge type %s (want one of %s)", kg.Quote(t), strings.Join(kg.EdgeTypeNames(), ", "))
		}
	}
	return nil
}

func checkLimit(limit int) (int, error) {
	if limit == 0 {
		return DefaultMaxNodes, nil
	}
	if limit < 1 || limit > HardMaxNodes {
		return 0, kg.Errorf(kg.CodeInvalid, "limit must be between 1 and %d, got %d", HardMaxNodes, limit)
	}
	return limit, nil
}

func checkDirection(d Direction) error {
	switch d {
	case Downstream, Upstream, Both:
		return nil
	}
	return kg.Errorf(kg.CodeInvalid, "unknown direction %s", kg.Quote(string(d)))
}

// Neighborhood is everything within depth hops of id, by the given edge
// types (all when none) in the given direction, as of asOf.
func (w *Walker) Neighborhood(ctx context.Context, id string, depth int, dir Direction, types []string, asOf string, limit int) (*Subgraph, error) {
	if err := checkTypes(types); err != nil {
		return nil, err
	}
	root, limit, err := w.start(ctx, id, "depth", depth, dir, limit)
	if err != nil {
		return nil, err
	}
	return w.walk(ctx, root, steps(dir, types), depth, limit, asOf, false, nil)
}

// start checks a walk's bounds and finds its root.
func (w *Walker) start(ctx context.Context, id, depthName string, depth int, dir Direction, limit int) (*Node, int, error) {
	if err := checkDepth(depthName, depth); err != nil {
		return nil, 0, err
	}
	if err := checkDirection(dir); err != nil {
		return nil, 0, err
	}
	limit, err := checkLimit(limit)
	if err != nil {
		return nil, 0, err
	}
	roots, err := w.Lookup(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	return roots[id], limit, nil
}

// DependencyChain follows dependency edges only: DOWNSTREAM what depends on
// id (a control → what it restricts, and the members of a group it
// restricts → products that need those → …),
// UPSTREAM what id depends on (a product → its parts and materials →
// controls restricting them → their issuers), BOTH either way.
func (w *Walker) DependencyChain(ctx context.Context, id string, dir Direction, maxDepth int, asOf string, limit int) (*Subgraph, error) {
	return w.chain(ctx, id, dir, maxDepth, asOf, limit, nil)
}

// chain is DependencyChain returning, besides the edges that reached each
// node, the edges among them of the types among allows (all when nil).
func (w *Walker) chain(ctx context.Context, id string, dir Direction, maxDepth int, asOf string, limit int, among func(string) bool) (*Subgraph, error) {
	root, limit, err := w.start(ctx, id, "maxDepth", maxDepth, dir, limit)
	if err != nil {
		return nil, err
	}
	by := steps(dir, nil)
	if dir == Both {
		by = append(steps(Downstream, nil), steps(Upstream, nil)...)
	}
	return w.walk(ctx, root, by, maxDepth, limit, asOf, dir != Upstream, among)
}

// Reach is an entity an exposure reaches, with the path that explains it.
type Reach struct {
	Node     *Node
	Distance int
	Path     []kg.Edge
	// Via is the edge that ties the entity in (for parties: the dependency
	// with the largest share).
	Via kg.Edge
	// Causes are, for a product, facility or company, the restricted items
	// that reach it, each with the shortest path from the subject through
	// that item; nearest first, at most as many as asked for
	// (ExposureCauses), and CauseCount says how many there are.
	Causes     []Cause
	CauseCount int
}

// Cause is a restricted item that reaches an entity, and the path from the
// exposure's subject through the item to the entity.
type Cause struct {
	Item *Node
	Path []kg.Edge
}

// Exposure is what a control, material or institution reaches downstream.
type Exposure struct {
	Subject *Node
	// Restricted are items restricted by a control in force on the way.
	Restricted []Reach
	// Products that need, directly or not, a reached item.
	Products []Reach
	// Facilities and Companies reached: plants that need a reached item or
	// are supplied by one that does, the firms that operate or own them,
	// and firms licensed under the control; nearest first.
	Facilities []Reach
	Companies  []Reach
	// Parties are countries and institutions exposed through dependency,
	// supply-share and targeting edges, largest share first.
	Parties []Reach
	// Graph is the walk behind it: every node reached, and of the edges
	// among them those that reached a node or tie a party in.
	Graph     *Subgraph
	Truncated bool
}

// partyEdges tie a country or institution to what it depends on or is
// targeted by.
var partyEdges = map[string]bool{"depends_on": true, "imports_from": true, "applies_to": true}

// Exposure walks downstream from id as of asOf.
func (w *Walker) Exposure(ctx context.Context, id, asOf string, maxDepth int) (*Exposure, error) {
	return w.ExposureCauses(ctx, id, asOf, maxDepth, NoCauses)
}

// NoCauses asks ExposureCauses for no causes and no count of them.
const NoCauses = -1

// ExposureCauses is Exposure that also counts, for each product, facility
// and company, the restricted items that reach it, and gives the nearest
// causes of them (none with 0, and no count with NoCauses).
func (w *Walker) ExposureCauses(ctx context.Context, id, asOf string, maxDepth, causes int) (*Exposure, error) {
	// Of the edges among the nodes reached, those that tie a party in
	// (strongestTie) count here, and those that carry dependency when
	// causes are asked for: the others are not fetched.
	g, err := w.chain(ctx, id, Downstream, maxDepth, asOf, HardMaxNodes, func(t string) bool {
		et, _ := kg.LookupEdgeType(t)
		return partyEdges[t] || causes != NoCauses && et.Downstream != kg.NoFlow
	})
	if err != nil {
		return nil, err
	}
	ex := &Exposure{Subject: g.Nodes[0], Graph: g, Truncated: g.Truncated}
	ties := strongestTies(g)
	restricted := map[string]bool{}
	for _, n := range g.Nodes[1:] {
		r := Reach{Node: n, Distance: g.Distance[n.ID], Path: g.PathTo(n.ID)}
		r.Via = r.Path[len(r.Path)-1]
		// Restricted directly, or as a member of a restricted group.
		if r.Via.Type == "restricts" || r.Via.Type == "in_group" && r.Via.From == n.ID && restricted[r.Via.To] {
			restricted[n.ID] = true
			ex.Restricted = append(ex.Restricted, r)
		}
		switch n.Kind {
		case kg.Product:
			ex.Products = append(ex.Products, r)
		case kg.Facility:
			ex.Facilities = append(ex.Facilities, r)
		case kg.Company:
			ex.Companies = append(ex.Companies, r)
		}
		if n.Kind == kg.Country || n.Kind == kg.Institution {
			if via, ok := ties[n.ID]; ok {
				r.Via = via
				ex.Parties = append(ex.Parties, r)
			}
		}
	}
	if causes != NoCauses {
		findCauses(g, ex.Restricted, causes, ex.Products, ex.Facilities, ex.Companies)
	}
	slices.SortStableFunc(ex.Parties, func(a, b Reach) int {
		return cmp.Or(cmpShare(a.Via.Share, b.Via.Share), cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.Node.Name, b.Node.Name))
	})
	return ex, nil
}

// strongestTies is, for every party, its dependency edge in the walk with
// the largest share (an edge without a share ranks below any with one; the
// first in edge order wins a tie). One pass over the edges: an exposure
// can reach thousands of parties and tens of thousands of edges.
func strongestTies(g *Subgraph) map[string]kg.Edge {
	best := map[string]kg.Edge{}
	for _, e := range g.Edges {
		if !partyEdges[e.Type] {
			continue
		}
		dependent := e.From
		if e.Type == "applies_to" {
			dependent = e.To
		}
		if cur, ok := best[dependent]; !ok || cmpShare(e.Share, cur.Share) < 0 {
			best[dependent] = e
		}
	}
	return best
}

// cmpShare orders larger shares first, absent shares last.
func cmpShare(a, b *float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*b, *a)
}

// findCauses fills the Causes of every reach in the lists, keeping the
// nearest keep of each: a breadth-first walk downstream from each
// restricted item over the edges of g gives the shortest path from the item
// to everything it reaches. The work is the number of restricted items
// times the size of g, which the node cap bounds; nodes are numbered so
// that a walk costs no allocation.
func findCauses(g *Subgraph, restricted []Reach, keep int, lists ...[]Reach) {
	index := make(map[string]int32, len(g.Nodes))
	for i, n := range g.Nodes {
		index[n.ID] = int32(i)
	}
	target := make([]*Reach, len(g.Nodes))
	for _, l := range lists {
		for i := range l {
			target[index[l[i].Node.ID]] = &l[i]
		}
	}
	// out[n] are the edges (by position in g.Edges) a dependency walk
	// leaves node n by; next[e] is the node edge e leads to.
	out := make([][]int32, len(g.Nodes))
	next := make([]int32, len(g.Edges))
	for i, e := range g.Edges {
		t, _ := kg.LookupEdgeType(e.Type)
		from, to := index[e.From], index[e.To]
		switch t.Downstream {
		case kg.Forward:
			out[from] = append(out[from], int32(i))
			next[i] = to
		case kg.Reverse:
			out[to] = append(out[to], int32(i))
			next[i] = from
		}
	}
	type found struct {
		item, dist int32
		via        []int32 // the item's walk: the edge that reached each node
	}
	byTarget := make([][]found, len(g.Nodes))
	seen := make([]int32, len(g.Nodes)) // the walk (item+1) that saw a node last
	dist := make([]int32, len(g.Nodes))
	var queue []int32
	for k, item := range restricted {
		start := index[item.Node.ID]
		via := make([]int32, len(g.Nodes))
		stamp := int32(k + 1)
		seen[start], dist[start], via[start] = stamp, 0, -1
		queue = append(queue[:0], start)
		for len(queue) > 0 {
			at := queue[0]
			queue = queue[1:]
			if target[at] != nil {
				byTarget[at] = append(byTarget[at], found{item: int32(k), dist: dist[at], via: via})
			}
			for _, e := range out[at] {
				if n := next[e]; seen[n] != stamp {
					seen[n], dist[n], via[n] = stamp, dist[at]+1, e
					queue = append(queue, n)
				}
			}
		}
	}
	for n, fs := range byTarget {
		r := target[n]
		if r == nil {
			continue
		}
		slices.SortStableFunc(fs, func(a, b found) int {
			x, y := restricted[a.item], restricted[b.item]
			return cmp.Or(cmp.Compare(len(x.Path)+int(a.dist), len(y.Path)+int(b.dist)),
				cmp.Compare(x.Node.Name, y.Node.Name), cmp.Compare(x.Node.ID, y.Node.ID))
		})
		r.CauseCount = len(fs)
		for _, f := range fs[:min(keep, len(fs))] {
			item := restricted[f.item]
			path := slices.Clone(item.Path)
			var tail []kg.Edge
			for at := int32(n); f.via[at] >= 0; {
				e := f.via[at]
				tail = append(tail, g.Edges[e])
				at = otherEnd(index, g.Edges[e], at)
			}
			slices.Reverse(tail)
			r.Causes = append(r.Causes, Cause{Item: item.Node, Path: append(path, tail...)})
		}
	}
}

// otherEnd is the end of e that is not node at.
func otherEnd(index map[string]int32, e kg.Edge, at int32) int32 {
	if index[e.From] == at {
		return index[e.To]
	}
	return index[e.From]
}
