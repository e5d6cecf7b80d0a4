package loaders_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// dumpGraph renders the whole stored graph canonically: every node with its
// predicates and edges (with facets), by xid, without uids; a node that an
// edge reaches but that has no xid shows as "(anonymous)".
func dumpGraph(t *testing.T, s store.Store) string {
	t.Helper()
	fields := append([]string{}, store.NodePredicates...)
	for i, f := range fields {
		if f == "sources" {
			fields[i] = "sources { uid xid }"
		}
	}
	fields = append(fields, "dgraph.type")
	for _, e := range kg.EdgeTypeNames() {
		fields = append(fields, e+" @facets { uid xid }")
	}
	// A cluster keeps a node of its own for its GraphQL schema.
	q := "{ q(func: has(dgraph.type)) @filter(NOT type(dgraph.graphql)) { uid " + strings.Join(fields, " ") + " } }"
	var out any
	if err := json.Unmarshal(queryRaw(t, s, q), &out); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(canonical(out), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func queryRaw(t *testing.T, s store.Store, q string) []byte {
	t.Helper()
	data, err := s.Query(t.Context(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// canonical drops uids (naming nodes without an xid) and sorts lists.
func canonical(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if k != "uid" {
				out[k] = canonical(val)
			}
		}
		if _, ok := x["uid"]; ok {
			if _, ok := x["xid"]; !ok {
				out["xid"] = "(anonymous)"
			}
		}
		return out
	case []any:
		items := make([]string, len(x))
		for i, it := range x {
			js, _ := json.Marshal(canonical(it))
			items[i] = string(js)
		}
		slices.Sort(items)
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = json.RawMessage(it)
		}
		return out
	}
	return v
}

// TestBatchSizeDoesNotChangeTheGraph loads one input in batches of 1, 2, 7
// and 1000 records: the stored graph and the report are the same. The input
// cites Sources from records before them, Sources cite Sources later in the
// input, in a cycle, and themselves.
func TestBatchSizeDoesNotChangeTheGraph(t *testing.T) {
	g, err := loaders.ReadFiles([]string{"testdata/json/batches.json"}, "")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		var want, wantRep string
		for _, size := range []int{1000, 1, 2, 7} {
			if err := s.DropAll(t.Context()); err != nil {
				t.Fatal(err)
			}
			rep := mustLoad(t, s, g, loaders.Options{BatchSize: size}).String()
			got := dumpGraph(t, s)
			if strings.Contains(got, "(anonymous)") {
				t.Errorf("batch %d: the graph has nodes without an xid:\n%s", size, got)
			}
			if want == "" {
				want, wantRep = got, rep
				continue
			}
			if got != want {
				t.Errorf("batch %d: graph differs from batch 1000:\n%s\nwant:\n%s", size, got, want)
			}
			if rep != wantRep {
				t.Errorf("batch %d: report %s, want %s", size, rep, wantRep)
			}
			if again := mustLoad(t, s, g, loaders.Options{BatchSize: size}); again.Entities.Unchanged != len(g.Entities) || again.Edges.Unchanged != len(g.Edges) {
				t.Errorf("batch %d: reload %v", size, again)
			}
		}
	})
}
