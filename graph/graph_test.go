package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/store"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// today pins "today" so that default asOf answers do not drift.
var today = time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)

// newHandler is the GraphQL handler over s, with today pinned and every
// DQL request recorded; it is how every test of this package builds one.
func newHandler(tb testing.TB, s store.Store, o graph.Options) (http.Handler, *storetest.Recorder) {
	tb.Helper()
	rec := &storetest.Recorder{Store: s}
	r, err := graph.NewResolver(context.Background(), rec)
	if err != nil {
		tb.Fatal(err)
	}
	r.Now = func() time.Time { return today }
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	rec.Take()
	return graph.NewHandler(r, o), rec
}

type env struct {
	h   http.Handler
	c   *client.Client
	rec *storetest.Recorder
}

func newEnv(t *testing.T, s store.Store, o graph.Options) *env {
	t.Helper()
	h, rec := newHandler(t, s, o)
	return &env{h: h, c: client.New(h), rec: rec}
}

// trips is how many DQL requests were sent since the last call.
func (e *env) trips() int { return len(e.rec.Take()) }

// each runs fn against the curated graph on every backend.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		fn(t, newEnv(t, s, graph.Options{Introspection: true}))
	})
}

// do runs a query and returns its data as generic JSON.
func (e *env) do(t *testing.T, q string, opts ...client.Option) map[string]any {
	t.Helper()
	var out map[string]any
	if err := e.c.Post(q, &out, opts...); err != nil {
		t.Fatalf("query failed: %v\n%s", err, q)
	}
	return out
}

// post runs a query with variables and decodes its data into out.
func (e *env) post(t *testing.T, q string, vars map[string]any, out any) {
	t.Helper()
	var opts []client.Option
	for k, v := range vars {
		opts = append(opts, client.Var(k, v))
	}
	if err := e.c.Post(q, out, opts...); err != nil {
		t.Fatalf("query failed: %v\n%s", err, q)
	}
}

// errorOf runs a query that must fail and returns its first error's
// message and code.
func (e *env) errorOf(t *testing.T, q string) (string, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	var resp struct {
		Data   any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) == 0 {
		t.Fatalf("query did not fail (%v): %s", err, rec.Body)
	}
	code, _ := resp.Errors[0].Extensions["code"].(string)
	return resp.Errors[0].Message, code
}

// nested repeats a relation hop n times below an entity.
func nested(id, hop string, n int) string {
	q := "name"
	for range n {
		q = fmt.Sprintf("... on Product { %s { edges { node { %s } } } }", hop, q)
	}
	return fmt.Sprintf(`{ entity(id: %q) { %s } }`, id, q)
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func mustContain(t *testing.T, got any, frags ...string) {
	t.Helper()
	s := js(got)
	for _, f := range frags {
		if !strings.Contains(s, f) {
			t.Errorf("answer lacks %s:\n%s", f, s)
		}
	}
}

func TestEntityWithRelationsInOneRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		got := e.do(t, `{
		  entity(id: "material:dysprosium") {
		    id kind name aliases
		    sources { id url }
		    ... on Material {
		      symbol atomicNumber
		      controls { totalCount edges { type direction since sources { id publisher } node { id name ... on Control { issued status } } } }
		      groups(first: 50) { totalCount edges { node { id } } }
		      neededBy { edges { quantity unit confidence note node { id name } } }
		    }
		  }
		}`)
		if n := e.trips(); n != 1 {
			t.Errorf("round trips = %d, want 1", n)
		}
		mustContain(t, got, `"id":"material:dysprosium"`, `"kind":"MATERIAL"`, `"symbol":"Dy"`, `"atomicNumber":66`,
			`"id":"control:mofcom-2025-18"`, `"direction":"IN"`, `"type":"restricts"`, `"status":"IN_FORCE"`,
			`"id":"group:usgs-heavy-ree"`, `"id":"group:eu-crm-hree"`)
	})
}

func TestSeveralRootFieldsShareOneRequest(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		got := e.do(t, `{
		  a: entity(id: "official:maros-sefcovic") { name }
		  b: entity(id: "control:mofcom-2025-70") { name ... on Control { suspends { totalCount } } }
		  s: search(text: "gallium") { entity { id } score }
		  m: materials(filter: {group: "group:rare-earth-elements"}) { totalCount }
		}`)
		if n := e.trips(); n != 1 {
			t.Errorf("round trips = %d, want 1", n)
		}
		mustContain(t, got, `"name":"Maroš Šefčovič"`, `"totalCount":10`, `"id":"material:gallium"`, `"totalCount":17`)
	})
}

func TestSearchIsTolerant(t *testing.T) {
	cases := []struct{ text, want string }{
		{"sefcovic", "official:maros-sefcovic"},
		{"Šefčovič", "official:maros-sefcovic"},
		{"dyspro", "material:dysprosium"},
		{"dysprosim", "material:dysprosium"},
		{"Dy", "material:dysprosium"},
		{"MOFCOM", "institution:mofcom"},
		// Official numbers, as analysts type them.
		{"No. 57", "control:mofcom-2025-57"},
		{"announcement 61", "control:mofcom-2025-61"},
		{"No. 18 [2025]", "control:mofcom-2025-18"},
		// Companies and facilities by the names analysts use.
		{"Lynas", "company:lynas"},
		{"Mountain Pass", "facility:mountain-pass-mine"},
		{"MP Materials", "company:mp-materials"},
		{"Bayan Obo", "facility:bayan-obo"},
	}
	each(t, func(t *testing.T, e *env) {
		for _, c := range cases {
			t.Run(c.text, func(t *testing.T) {
				var out struct {
					Search []struct {
						Entity struct{ ID string }
						Score  float64
					}
				}
				if err := e.c.Post(`query($t: String!) { search(text: $t, first: 3) { entity { id } score } }`, &out, client.Var("t", c.text)); err != nil {
					t.Fatal(err)
				}
				if len(out.Search) == 0 || out.Search[0].Entity.ID != c.want {
					t.Fatalf("search %q = %+v, want %s first", c.text, out.Search, c.want)
				}
			})
		}
	})
}

func TestListsFilterOrderAndPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		got := e.do(t, `{ controls(filter: {issuer: "institution:mofcom", status: SUSPENDED, asOf: "2025-11-20"}, orderBy: {field: ISSUED}) {
		  totalCount edges { node { id status(asOf: "2025-11-20") } } } }`)
		mustContain(t, got, `"id":"control:mofcom-2025-57"`, `"status":"SUSPENDED"`)
		if strings.Contains(js(got), "IN_FORCE") {
			t.Errorf("status filter let an in-force control through: %s", js(got))
		}
		var page1, page2 struct {
			Materials struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node struct{ ID string } }
			}
		}
		q := `query($after: String) { materials(filter: {group: "group:rare-earth-elements"}, orderBy: {field: ATOMIC_NUMBER}, first: 10, after: $after) {
		  totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`
		if err := e.c.Post(q, &page1); err != nil {
			t.Fatal(err)
		}
		if err := e.c.Post(q, &page2, client.Var("after", page1.Materials.PageInfo.EndCursor)); err != nil {
			t.Fatal(err)
		}
		if page1.Materials.TotalCount != 17 || !page1.Materials.PageInfo.HasNextPage || len(page1.Materials.Edges) != 10 ||
			len(page2.Materials.Edges) != 7 || page2.Materials.PageInfo.HasNextPage {
			t.Fatalf("pages: %+v / %+v", page1.Materials, page2.Materials)
		}
		if page1.Materials.Edges[0].Node.ID != "material:scandium" || page2.Materials.Edges[6].Node.ID != "material:lutetium" {
			t.Fatalf("order by atomic number: first %s, last %s", page1.Materials.Edges[0].Node.ID, page2.Materials.Edges[6].Node.ID)
		}
	})
}

func TestBadArgumentsGetCodes(t *testing.T) {
	cases := []struct{ name, q, code string }{
		{"bad date", `{ entity(id: "material:dysprosium") { ... on Material { controls(asOf: "2025-13-45") { totalCount } } } }`, "INVALID_ARGUMENT"},
		{"first too big", `{ materials(first: 1000) { totalCount } }`, "INVALID_ARGUMENT"},
		{"bad cursor", `{ materials(after: "nope") { totalCount } }`, "INVALID_ARGUMENT"},
		{"empty search", `{ search(text: "  ") { score } }`, "INVALID_ARGUMENT"},
		{"unknown relation type", `{ entity(id: "material:dysprosium") { relations(types: [likes]) { totalCount } } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"order not for kind", `{ products(orderBy: {field: ISSUED}) { totalCount } }`, "INVALID_ARGUMENT"},
		{"unknown field", `{ entity(id: "x") { colour } }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	each(t, func(t *testing.T, e *env) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				msg, code := e.errorOf(t, c.q)
				if code != c.code {
					t.Fatalf("code = %q (%s), want %s", code, msg, c.code)
				}
			})
		}
	})
}

func TestLimitsRefuseBombs(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if _, code := e.errorOf(t, nested("product:electric-vehicle", "needs", 4)); code != graph.CodeDepthLimit {
			t.Fatalf("depth bomb: code %s", code)
		}
		wide := `{ materials(first: 100) { edges { node { neededBy(first: 100) { edges { node { relations(first: 100) { edges { node { id } } } } } } } } } }`
		if _, code := e.errorOf(t, wide); code != graph.CodeComplexityLimit {
			t.Fatalf("complexity bomb: code %s", code)
		}
		if e.trips() != 0 {
			t.Fatalf("a refused operation reached the backend")
		}
	})
}
