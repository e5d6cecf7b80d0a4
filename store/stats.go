package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Stats counts entities per kind and edges per type.
type Stats struct {
	Entities map[kg.Kind]int `json:"entities"`
	Edges    map[string]int  `json:"edges"`
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
	return st, nil
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
