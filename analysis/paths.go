package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Path is a chain of edges from one entity to another; edges may be walked
// against their direction.
type Path struct {
	Nodes []*Node
	Edges []kg.Edge
}

// maxPathNodes caps the nodes a path search fetches, whatever maxHops is.
const maxPathNodes = 4000

// Paths finds the k shortest loopless paths from one entity to another
// within maxHops, shortest first (ties in a stable order), as of asOf.
//
// It never asks Dgraph for more than one shortest path: Dgraph's
// shortest(numpaths > 1) can take gigabytes when fewer paths exist. Instead
// it fetches the two balls around the ends, level by level, until their
// radii add up to maxHops — every path of at most maxHops hops lies in their
// union — and runs Yen's algorithm in memory. The fetch stops at
// maxPathNodes nodes (then truncated is true), so unconnected pairs answer
// promptly with bounded memory.
func (w *Walker) Paths(ctx context.Context, from, to string, maxHops, k int, types []string, asOf string) ([]Path, bool, error) {
	if maxHops < 1 || maxHops > MaxDepth {
		return nil, false, kg.Errorf(kg.CodeInvalid, "maxHops must be between 1 and %d, got %d", MaxDepth, maxHops)
	}
	if k < 1 || k > MaxK {
		return nil, false, kg.Errorf(kg.CodeInvalid, "k must be between 1 and %d, got %d", MaxK, k)
	}
	if err := checkTypes(types); err != nil {
		return nil, false, err
	}
	ends, err := w.Lookup(ctx, from, to)
	if err != nil {
		return nil, false, err
	}
	if from == to {
		return []Path{{Nodes: []*Node{ends[from]}}}, false, nil
	}
	by := steps(Both, types)
	nodes := map[string]*Node{from: ends[from], to: ends[to]}
	edges := map[kg.EdgeKey]kg.Edge{}
	type side struct {
		frontier []*Node
		radius   int
		seen     map[string]bool
	}
	sides := [2]*side{{frontier: []*Node{ends[from]}, seen: map[string]bool{from: true}}, {frontier: []*Node{ends[to]}, seen: map[string]bool{to: true}}}
	truncated, met := false, false
	var found [][]int
	var m *multigraph
	for sides[0].radius+sides[1].radius < maxHops {
		// Grow the side with the smaller frontier: the cheaper request.
		i := 0
		if len(sides[1].frontier) < len(sides[0].frontier) && len(sides[1].frontier) > 0 || len(sides[0].frontier) == 0 {
			i = 1
		}
		s, o := sides[i], sides[1-i]
		if len(s.frontier) == 0 {
			break
		}
		// No first: lists longer than the cap of 4,000 nodes are rare, and
		// sorting every list to cut the few costs more than it saves
		// (measured at 10^6 edges).
		b := bound{kept: nodes, full: len(nodes) >= maxPathNodes, count: !truncated}
		hops, more, err := w.expand(ctx, s.frontier, by, asOf, b)
		if err != nil {
			return nil, false, err
		}
		truncated = truncated || more
		var next []*Node
		for _, h := range hops {
			if _, ok := nodes[h.to.ID]; !ok {
				if len(nodes) >= maxPathNodes {
					truncated = true
					continue
				}
				nodes[h.to.ID] = h.to
			}
			if !s.seen[h.to.ID] {
				s.seen[h.to.ID] = true
				next = append(next, h.to)
			}
			met = met || o.seen[h.to.ID]
			edges[h.edge.Key()] = h.edge
		}
		s.frontier = next
		s.radius++
		// Every path of at most radius-sum hops lies within the two balls:
		// once they hold k paths, no longer path can be among the k
		// shortest, and the search stops.
		if met {
			m = newMultigraph(edges)
			if found = m.kShortest(from, to, k, sides[0].radius+sides[1].radius); len(found) == k {
				break
			}
		}
	}
	if m == nil {
		m = newMultigraph(edges)
		found = m.kShortest(from, to, k, maxHops)
	}
	var paths []Path
	for _, ids := range found {
		p := Path{Nodes: []*Node{nodes[from]}}
		cur := from
		for _, ei := range ids {
			e := m.edges[ei]
			p.Edges = append(p.Edges, e)
			cur = other(e, cur)
			p.Nodes = append(p.Nodes, nodes[cur])
		}
		paths = append(paths, p)
	}
	return paths, truncated, nil
}

func other(e kg.Edge, id string) string {
	if e.From == id {
		return e.To
	}
	return e.From
}

// multigraph is an undirected view of fetched edges; parallel edges of
// different types between two nodes are different ways.
type multigraph struct {
	edges []kg.Edge
	adj   map[string][]int // node → indexes of its edges, in a stable order
}

func newMultigraph(set map[kg.EdgeKey]kg.Edge) *multigraph {
	m := &multigraph{adj: map[string][]int{}}
	for _, e := range set {
		m.edges = append(m.edges, e)
	}
	slices.SortFunc(m.edges, func(a, b kg.Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Type, b.Type), cmp.Compare(a.To, b.To))
	})
	for i, e := range m.edges {
		m.adj[e.From] = append(m.adj[e.From], i)
		m.adj[e.To] = append(m.adj[e.To], i)
	}
	return m
}

// shortest is a breadth-first search that avoids banned nodes and edges
// and gives up past maxLen hops; it returns edge indexes.
func (m *multigraph) shortest(src, dst string, bannedNodes map[string]bool, bannedEdges map[int]bool, maxLen int) []int {
	type visit struct {
		prevEdge int
		prevNode string
	}
	seen := map[string]visit{src: {-1, ""}}
	frontier := []string{src}
	for depth := 0; depth < maxLen && len(frontier) > 0; depth++ {
		var next []string
		for _, n := range frontier {
			for _, ei := range m.adj[n] {
				if bannedEdges[ei] {
					continue
				}
				o := other(m.edges[ei], n)
				if _, ok := seen[o]; ok || bannedNodes[o] {
					continue
				}
				seen[o] = visit{ei, n}
				if o == dst {
					var path []int
					for cur := dst; cur != src; cur = seen[cur].prevNode {
						path = append(path, seen[cur].prevEdge)
					}
					slices.Reverse(path)
					return path
				}
				next = append(next, o)
			}
		}
		frontier = next
	}
	return nil
}

// nodesOf lists the nodes a path of edge indexes visits from src.
func (m *multigraph) nodesOf(src string, path []int) []string {
	out := []string{src}
	for _, ei := range path {
		out = append(out, other(m.edges[ei], out[len(out)-1]))
	}
	return out
}

// kShortest is Yen's algorithm over loopless paths of at most maxLen hops.
func (m *multigraph) kShortest(src, dst string, k, maxLen int) [][]int {
	first := m.shortest(src, dst, nil, nil, maxLen)
	if first == nil {
		return nil
	}
	found := [][]int{first}
	var candidates [][]int
	key := func(p []int) string {
		var b strings.Builder
		for _, ei := range p {
			b.WriteString(m.edges[ei].From + ">" + m.edges[ei].Type + ">" + m.edges[ei].To + ";")
		}
		return b.String()
	}
	known := map[string]bool{key(first): true}
	for len(found) < k {
		last := found[len(found)-1]
		lastNodes := m.nodesOf(src, last)
		for i := range last {
			spur := lastNodes[i]
			root := last[:i]
			bannedEdges := map[int]bool{}
			for _, p := range found {
				if len(p) > i && slices.Equal(p[:i], root) {
					bannedEdges[p[i]] = true
				}
			}
			bannedNodes := map[string]bool{}
			for _, n := range lastNodes[:i] {
				bannedNodes[n] = true
			}
			spurPath := m.shortest(spur, dst, bannedNodes, bannedEdges, maxLen-i)
			if spurPath == nil {
				continue
			}
			cand := append(slices.Clone(root), spurPath...)
			if !known[key(cand)] {
				known[key(cand)] = true
				candidates = append(candidates, cand)
			}
		}
		if len(candidates) == 0 {
			break
		}
		slices.SortStableFunc(candidates, func(a, b []int) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(key(a), key(b)))
		})
		found = append(found, candidates[0])
		candidates = candidates[1:]
	}
	return found
}
