package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/internal/storetest"
)

// benchEnv is a handler over the curated graph on the embedded engine that
// counts DQL round trips.
type benchEnv struct {
	h   http.Handler
	rec *storetest.Recorder
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	h, rec := newHandler(b, curatedStore(b), graph.Options{})
	rec.CountOnly = true
	return &benchEnv{h: h, rec: rec}
}

// request is one operation, encoded once.
type request []byte

func newRequest(b *testing.B, q string, vars map[string]any) request {
	b.Helper()
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// serve runs one request through the handler and returns the answer.
func (e *benchEnv) serve(body request) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// run benchmarks the requests, taken in turn, after checking that each
// succeeds with the fragments wanted; it reports DQL round trips per op.
func (e *benchEnv) run(b *testing.B, reqs []request, want ...string) {
	b.Helper()
	for _, r := range reqs {
		rec := e.serve(r)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("request failed (%d): %s\n%s", rec.Code, truncate(body, 2000), r)
		}
		for _, w := range want {
			if !bytes.Contains(rec.Body.Bytes(), []byte(w)) {
				b.Fatalf("answer lacks %s: %s", w, truncate(body, 2000))
			}
		}
	}
	b.ReportAllocs()
	e.rec.Take()
	n := 0
	for b.Loop() {
		rec := e.serve(reqs[n%len(reqs)])
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		n++
	}
	b.ReportMetric(float64(e.rec.Count())/float64(n), "dql/op")
}

func BenchmarkEntityWithRelations(b *testing.B) {
	e := newBenchEnv(b)
	q := newRequest(b, `query($id: ID!) {
	  entity(id: $id) {
	    id kind name aliases
	    sources { id url }
	    ... on Material {
	      symbol atomicNumber
	      controls { totalCount edges { type direction since sources { id publisher } node { id name ... on Control { issued status } } } }
	      groups(first: 50) { totalCount edges { node { id name } } }
	      neededBy { totalCount edges { quantity unit confidence note sources { id } node { id name } } }
	    }
	  }
	}`, map[string]any{"id": "material:dysprosium"})
	e.run(b, []request{q}, `"id":"control:mofcom-2025-18"`, `"id":"group:usgs-heavy-ree"`)
}

func BenchmarkSearch(b *testing.B) {
	const q = `query($t: String!) { search(text: $t, first: 10) { score entity { id kind name } } }`
	for _, text := range []string{"dysprosium", "sefcovic", "dysprosim", "rare earth", "MOFCOM"} {
		b.Run(text, func(b *testing.B) {
			e := newBenchEnv(b)
			e.run(b, []request{newRequest(b, q, map[string]any{"t": text})}, `"score"`)
		})
	}
}

func BenchmarkListPage(b *testing.B) {
	b.Run("controls", func(b *testing.B) {
		e := newBenchEnv(b)
		q := newRequest(b, `query($issuer: ID, $asOf: Date) {
		  controls(filter: {issuer: $issuer, status: IN_FORCE, asOf: $asOf}, orderBy: {field: ISSUED, direction: DESC}, first: 20) {
		    totalCount pageInfo { hasNextPage endCursor }
		    edges { cursor node { id name code issued effective status(asOf: $asOf) issuers { edges { node { id name } } } } }
		  }
		}`, map[string]any{"issuer": "institution:mofcom", "asOf": "2025-11-20"})
		e.run(b, []request{q}, `"totalCount"`, `"status":"IN_FORCE"`)
	})
	b.Run("materials-by-atomic-number", func(b *testing.B) {
		e := newBenchEnv(b)
		q := newRequest(b, `query($group: ID) {
		  materials(filter: {group: $group}, orderBy: {field: ATOMIC_NUMBER}, first: 20) {
		    totalCount pageInfo { hasNextPage endCursor }
		    edges { cursor node { id name symbol atomicNumber category } }
		  }
		}`, map[string]any{"group": "group:rare-earth-elements"})
		e.run(b, []request{q}, `"totalCount":17`, `"id":"material:scandium"`)
	})
}

func BenchmarkEntityDeep(b *testing.B) {
	e := newBenchEnv(b)
	// material → controls that restrict it → everything those restrict →
	// products that need each of those.
	q := newRequest(b, `query($id: ID!) {
	  entity(id: $id) {
	    name
	    ... on Material {
	      controls(first: 10) { edges { node { name
	        ... on Control { restricts(first: 20) { edges { node { name
	          ... on Material { neededBy(first: 10) { edges { node { name } } } }
	        } } } }
	      } } }
	    }
	  }
	}`, map[string]any{"id": "material:dysprosium"})
	e.run(b, []request{q}, `"neededBy"`)
}

// BenchmarkDQLSort measures what one ordered level costs the embedded
// engine, below the GraphQL layer: Dgraph's processSort races an index sort
// against a sort without index that starts only after 3 ms
// (worker/sort.go), and on this graph the index sort seldom wins, so every
// level with orderasc/orderdesc waits about that long.
func BenchmarkDQLSort(b *testing.B) {
	s := curatedStore(b)
	for _, c := range []struct{ name, q string }{
		{"list-unordered", `{ q(func: type(Material), first: 21) { uid name } }`},
		{"list-by-name", `{ q(func: type(Material), orderasc: name, first: 21) { uid name } }`},
		{"walk-unordered", `{ q(func: eq(xid, "material:dysprosium")) { ~restricts (first: 21) { uid name } } }`},
		{"walk-by-name", `{ q(func: eq(xid, "material:dysprosium")) { ~restricts (orderasc: name, first: 21) { uid name } } }`},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Query(context.Background(), c.q, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
