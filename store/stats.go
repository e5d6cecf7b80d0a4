package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Stats counts entities per kind and edges per type.
type Stats struct {
	Entities map[kg.Kind]int `json:"entities"`
	Edges    map[string]int  `json:"edges"`
	// UndatedSources are Sources without a publication date, and
	// UndatedEdges the edges whose every source is one of them: facts a
	// reader cannot place in time.
	UndatedSources int `json:"undatedSources"`
	UndatedEdges   int `json:"undatedEdges"`
}

// TotalEntities and TotalEdges add the counts up.
func (s Stats) TotalEntities() int { return sum(s.Entities) }
func (s Stats) TotalEdges() int    { return sum(s.Edges) }

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// statsQuery counts in one request: a block per kind, and a count variable
// summed per edge predicate.
var statsQuery = func() string {
	var b strings.Builder
	b.WriteString("{\n")
	for _, k := range kg.Kinds {
		fmt.Fprintf(&b, "  k_%s(func: type(%s)) { n: count(uid) }\n", k, k)
	}
	for _, t := range kg.EdgeTypes {
		fmt.Fprintf(&b, "  var(func: has(%s)) { c_%s as count(%s) }\n", t.Name, t.Name, t.Name)
		fmt.Fprintf(&b, "  e_%s() { n: sum(val(c_%s)) }\n", t.Name, t.Name)
	}
	b.WriteString("}")
	return b.String()
}()

// GetStats counts the graph's entities and edges.
func GetStats(ctx context.Context, s Store) (Stats, error) {
	var out map[string][]struct {
		N float64 `json:"n"`
	}
	if err := QueryInto(ctx, s, statsQuery, nil, &out); err != nil {
		return Stats{}, err
	}
	st := Stats{Entities: map[kg.Kind]int{}, Edges: map[string]int{}}
	first := func(key string) int {
		if rows := out[key]; len(rows) > 0 {
			return int(rows[0].N)
		}
		return 0
	}
	for _, k := range kg.Kinds {
		st.Entities[k] = first("k_" + string(k))
	}
	for _, t := range kg.EdgeTypes {
		st.Edges[t.Name] = first("e_" + t.Name)
	}
	undated, err := undatedSources(ctx, s)
	if err != nil {
		return Stats{}, err
	}
	st.UndatedSources = len(undated)
	if len(undated) > 0 {
		if st.UndatedEdges, err = countEdgesCitingOnly(ctx, s, undated); err != nil {
			return Stats{}, err
		}
	}
	return st, nil
}

// undatedSources are the ids of Sources without a publication date; a
// graph that cites documents has few.
func undatedSources(ctx context.Context, s Store) (map[string]bool, error) {
	var out struct {
		U []struct {
			XID string `json:"xid"`
		} `json:"u"`
	}
	if err := QueryInto(ctx, s, `{ u(func: type(Source)) @filter(NOT has(published)) { xid } }`, nil, &out); err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(out.U))
	for _, u := range out.U {
		ids[u.XID] = true
	}
	return ids, nil
}

// statsPage is how many nodes countEdgesCitingOnly reads at a time.
const statsPage = 1000

// countEdgesCitingOnly counts the edges whose every source is in ids.
// Edges name their sources in a facet, which no index reaches, so this
// reads every edge's sources, a page of nodes at a time; GetStats calls it
// only when some source is undated.
func countEdgesCitingOnly(ctx context.Context, s Store, ids map[string]bool) (int, error) {
	n := 0
	for _, t := range kg.EdgeTypes {
		after := "0x0"
		for {
			q := fmt.Sprintf(`query q($after: string) { p(func: has(%s), first: %d, after: $after) { uid e: %s @facets(sources) { uid } } }`,
				t.Name, statsPage, t.Name)
			var out struct {
				P []struct {
					UID string `json:"uid"`
					E   []struct {
						Sources string `json:"e|sources"`
					} `json:"e"`
				} `json:"p"`
			}
			if err := QueryInto(ctx, s, q, map[string]string{"$after": after}, &out); err != nil {
				return 0, err
			}
			for _, p := range out.P {
				for _, e := range p.E {
					if citesOnly(e.Sources, ids) {
						n++
					}
				}
			}
			if len(out.P) < statsPage {
				break
			}
			after = out.P[len(out.P)-1].UID
		}
	}
	return n, nil
}

// citesOnly reports whether a sources facet names only ids in the set.
func citesOnly(facet string, ids map[string]bool) bool {
	if facet == "" {
		return false
	}
	for src := range strings.SplitSeq(facet, dql.SourceSep) {
		if !ids[src] {
			return false
		}
	}
	return true
}

// IsEmpty reports whether the graph holds no entity, reading one index key
// rather than counting.
func IsEmpty(ctx context.Context, s Store) (bool, error) {
	var out struct {
		Q []struct {
			UID string `json:"uid"`
		} `json:"q"`
	}
	if err := QueryInto(ctx, s, `{ q(func: has(xid), first: 1) { uid } }`, nil, &out); err != nil {
		return false, err
	}
	return len(out.Q) == 0, nil
}
