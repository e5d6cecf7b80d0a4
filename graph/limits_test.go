package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/graph/limits"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/store"
)

// answer is one HTTP answer of the GraphQL handler.
type answer struct {
	status int
	header http.Header
	body   []byte
	resp   gqlResponse
}

// code is the extensions.code of the first error, "" without errors.
func (a answer) code() string {
	if len(a.resp.Errors) == 0 {
		return ""
	}
	code, _ := a.resp.Errors[0].Extensions["code"].(string)
	return code
}

func (a answer) String() string {
	return fmt.Sprintf("%d %s", a.status, truncate(string(a.body), 1000))
}

// serve runs one request through h and decodes its answer, which must be
// GraphQL JSON whatever the request was.
func serve(t *testing.T, h http.Handler, req *http.Request) answer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if err := json.Unmarshal(a.body, &a.resp); err != nil {
		t.Fatalf("answer is not GraphQL JSON (%v): %s", err, a)
	}
	return a
}

// postBody posts a body as a client of GraphQL over HTTP's own media type
// does: refusals answer 4xx (an application/json client gets 200 for a
// well-formed request; TestMediaTypes).
func postBody(t *testing.T, h http.Handler, contentType string, body io.Reader) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/query", body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/graphql-response+json")
	return serve(t, h, req)
}

// postOp posts an operation with its variables.
func postOp(t *testing.T, h http.Handler, q string, vars map[string]any) answer {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return postBody(t, h, "application/json", bytes.NewReader(b))
}

// fragmentBomb is 40 fragments, each spreading the next twice: 2^39
// selections when expanded, 1.6 KB when written.
func fragmentBomb() string {
	var b strings.Builder
	b.WriteString(`{ entity(id: "material:dysprosium") { ...F0 } }`)
	for i := range 39 {
		fmt.Fprintf(&b, "\nfragment F%d on Entity { ...F%d ...F%d }", i, i+1, i+1)
	}
	b.WriteString("\nfragment F39 on Entity { sources { name } }")
	return b.String()
}

// within fails the test when fn does not return in a generous time: a
// liveness check, not a timing assertion.
func within(t *testing.T, d time.Duration, fn func() answer) answer {
	t.Helper()
	done := make(chan answer, 1)
	go func() { done <- fn() }()
	select {
	case a := <-done:
		return a
	case <-time.After(d):
		t.Fatalf("no answer within %s", d)
		return answer{}
	}
}

func TestHostileDocumentsAreRefusedBeforeWork(t *testing.T) {
	var aliased, variables, fragments strings.Builder
	aliased.WriteString("{")
	for i := range 101 {
		fmt.Fprintf(&aliased, " a%d: __typename", i)
	}
	aliased.WriteString(" }")
	variables.WriteString("query(")
	for i := range 101 {
		fmt.Fprintf(&variables, "$v%d: Int ", i)
	}
	variables.WriteString(") { __typename }")
	fragments.WriteString("{ __typename }")
	for i := range 101 {
		fmt.Fprintf(&fragments, " fragment F%d on Query { __typename }", i)
	}
	cases := []struct{ name, query, code string }{
		{"nested fragment spreads", fragmentBomb(), graph.CodeComplexityLimit},
		{"4,000 repeated fields", `{ entity(id: "x") {` + strings.Repeat(" name", 4000) + " } }", limits.CodeFieldLimit},
		{"3,000 inline fragments", "{" + strings.Repeat(" ...{__typename}", 3000) + " }", limits.CodeFieldLimit},
		{"a document over 64 KiB", "{ __typename }" + strings.Repeat(" ", 64<<10), limits.CodeQueryTooLarge},
		{"101 aliases", aliased.String(), limits.CodeAliasLimit},
		{"101 variables", variables.String(), limits.CodeVariableLimit},
		{"101 fragments", fragments.String(), limits.CodeFragmentLimit},
		{"nesting past the depth limit", nested("product:electric-vehicle", "needs", 4), graph.CodeDepthLimit},
	}
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		h, rec := newHandler(t, s, graph.Options{})
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				start := time.Now()
				a := within(t, 5*time.Second, func() answer { return postOp(t, h, c.query, nil) })
				t.Logf("%d bytes refused in %s", len(c.query), time.Since(start).Round(time.Microsecond))
				if a.status != http.StatusBadRequest || a.code() != c.code || len(a.resp.Errors) != 1 {
					t.Fatalf("answer %s, want 400 %s", a, c.code)
				}
				if n := len(rec.Take()); n != 0 {
					t.Fatalf("a refused document sent %d backend requests", n)
				}
			})
		}
	})
}

func TestComplexityMessagesPinThePricing(t *testing.T) {
	cases := []struct {
		name, query string
		cost        int
	}{
		// An object costs 1 and a leaf nothing: node { id } = 1, an edge
		// and its node = 2, a page of 10 = 1 + 2×10.
		{"a page costs its items times its size", `{ materials(first: 10) { edges { node { id } } } }`, 21},
		// Without first, the schema's default page size prices the list.
		{"schema default page size", `{ entity(id: "x") { ... on Material { groups { edges { node { id } } } } } }`, 1 + 1 + 20*2},
		{"a count alone costs its page object", `{ entity(id: "x") { ... on Material { groups { totalCount } } } }`, 1 + 1},
		{"ids price like a list page", `{ entities(ids: ["a", "b", "c"]) { id name } }`, 1 + 1*3},
		{"fragments are priced where they are spread", `{ a: entity(id: "x") { ...N } b: entity(id: "y") { ...N } } fragment N on Entity { id sources { id } }`, 2 * 2},
		{"introspection of the schema is free", `{ __schema { types { name } } __typename t: __typename entity(id: "x") { id sources { id } } }`, 2},
	}
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				h, _ := newHandler(t, s, graph.Options{Introspection: true, Limits: limits.Limits{Complexity: c.cost - 1}})
				a := postOp(t, h, c.query, nil)
				want := fmt.Sprintf("operation has complexity %d, more than the limit of %d", c.cost, c.cost-1)
				if a.code() != graph.CodeComplexityLimit || !strings.HasPrefix(a.resp.Errors[0].Message, want) {
					t.Fatalf("answer %s, want %q", a, want)
				}
				h, _ = newHandler(t, s, graph.Options{Introspection: true, Limits: limits.Limits{Complexity: c.cost}})
				if a := postOp(t, h, c.query, nil); a.code() == graph.CodeComplexityLimit {
					t.Fatalf("at the limit: %s", a)
				}
			})
		}
	})
}

// TestErrorsQuoteValuesBounded sends a 1 MiB value under 100 aliases: every
// error that quotes it quotes its start only.
func TestErrorsQuoteValuesBounded(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	var q strings.Builder
	q.WriteString("query($id: ID!, $cursor: String) {")
	for i := range 50 {
		fmt.Fprintf(&q, " c%d: materials(after: $cursor) { totalCount }", i)
		fmt.Fprintf(&q, " x%d: exposure(id: $id) { status }", i)
	}
	q.WriteString(" }")
	vars := map[string]any{"id": huge, "cursor": huge}
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		h, _ := newHandler(t, s, graph.Options{})
		if a := postOp(t, h, q.String(), vars); a.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("2 MiB of variables over the default body limit: %s", a)
		}
		h, _ = newHandler(t, s, graph.Options{Limits: limits.Limits{BodyBytes: 4 << 20}})
		a := postOp(t, h, q.String(), vars)
		if len(a.resp.Errors) != 100 || len(a.body) > 64<<10 {
			t.Fatalf("%d errors in %d bytes, want 100 in at most 64 KiB: %s", len(a.resp.Errors), len(a.body), a)
		}
		for _, e := range a.resp.Errors {
			if !strings.Contains(e.Message, `xxx…" (1048576 bytes)`) {
				t.Fatalf("message does not show the cut value: %s", e.Message)
			}
		}
		// gqlparser quotes a wrong enum value whole: the presenter cuts it.
		a = postOp(t, h, `query($k: [EntityKind!]) { search(text: "x", kinds: $k) { score } }`, map[string]any{"k": []string{huge}})
		if a.status != 400 || len(a.body) > 4<<10 || !strings.HasSuffix(a.resp.Errors[0].Message, "…") {
			t.Fatalf("a 1 MiB enum value: %s", a)
		}
	})
}

// endlessReader is a body that never ends.
type endlessReader struct{ read int64 }

func (r *endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	r.read += int64(len(p))
	return len(p), nil
}

func TestClientMistakesAre4xxWithACode(t *testing.T) {
	const ok = `{"query":"{ __typename }"}`
	hash := func(q string) string { s := sha256.Sum256([]byte(q)); return hex.EncodeToString(s[:]) }
	get := func(rawQuery string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/query?"+rawQuery, nil)
	}
	post := func(contentType, body string) *http.Request {
		req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Accept", "application/graphql-response+json")
		return req
	}
	var logs syncBuffer
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		// Requests carry their bodies: each backend gets its own.
		chunked, endless := post("application/json", ""), &endlessReader{}
		chunked.Body, chunked.ContentLength = io.NopCloser(io.LimitReader(endless, 200<<20)), -1
		put := post("application/json", ok)
		put.Method = http.MethodPut
		cases := []struct {
			name   string
			req    *http.Request
			status int
			code   string
			says   string
		}{
			{"a batched array body", post("application/json", `[`+ok+`,`+ok+`]`), 400, "BAD_REQUEST", "batched requests are not supported"},
			{"variables that are an array", post("application/json", `{"query":"{ __typename }","variables":[1]}`), 400, "BAD_REQUEST", "variables must be a JSON object, not array"},
			{"variables that are a string", post("application/json", `{"query":"{ __typename }","variables":"{}"}`), 400, "BAD_REQUEST", "variables must be a JSON object, not string"},
			{"a query that is no string", post("application/json", `{"query":{}}`), 400, "BAD_REQUEST", "query must be a string"},
			{"a body that is no object", post("application/json", `"{ __typename }"`), 400, "BAD_REQUEST", "must be a JSON object, not string"},
			{"malformed JSON", post("application/json", `{"query":"{ __typename }"`), 400, "BAD_REQUEST", "not a complete JSON object"},
			{"invalid JSON", post("application/json", `{"query": nope}`), 400, "BAD_REQUEST", "not valid JSON (at byte"},
			{"two JSON objects", post("application/json", ok+ok), 400, "BAD_REQUEST", "more than one JSON value"},
			{"an empty body", post("application/json", ""), 400, "BAD_REQUEST", "not a complete JSON object"},
			{"a body without a query", post("application/json", `{}`), 400, "BAD_REQUEST", "no query"},
			{"a wrong persisted-query hash", post("application/json", `{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}`), 400, "BAD_REQUEST", "APQ hash does not match"},
			{"a malformed persisted-query extension", post("application/json", `{"query":"{ __typename }","extensions":{"persistedQuery":5}}`), 400, "BAD_REQUEST", "invalid APQ"},
			{"an unknown persisted-query hash asks for the query", get("extensions=" + url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"`+hash("{ x }")+`"}}`)), 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound"},
			{"a GET without a query", get(""), 400, "BAD_REQUEST", "no query"},
			{"a GET with variables that are no object", get("query=%7B__typename%7D&variables=%5B1%5D"), 400, "BAD_REQUEST", "variables parameter must be a JSON object"},
			{"a GET with a malformed query string", get("query=%zz"), 400, "BAD_REQUEST", "malformed"},
			{"text/plain", post("text/plain", ok), 415, "UNSUPPORTED_MEDIA_TYPE", "application/json"},
			{"a form", post("application/x-www-form-urlencoded", "query=%7B__typename%7D"), 415, "UNSUPPORTED_MEDIA_TYPE", "application/json"},
			{"no content type", post("", ok), 415, "UNSUPPORTED_MEDIA_TYPE", "application/json"},
			{"PUT", put, 405, "METHOD_NOT_ALLOWED", "use POST"},
			{"a 200 MiB body declared", func() *http.Request { r := post("application/json", ok); r.ContentLength = 200 << 20; return r }(), 413, "REQUEST_TOO_LARGE", "larger than the limit of 1048576 bytes"},
			{"a 200 MiB body streamed", chunked, 413, "REQUEST_TOO_LARGE", "larger than the limit"},
			{"a parse error", post("application/json", `{"query":"{ entity("}`), 400, "GRAPHQL_PARSE_FAILED", ""},
			{"an unknown field", post("application/json", `{"query":"{ colour }"}`), 400, "GRAPHQL_VALIDATION_FAILED", "Cannot query field"},
			{"an unknown operation name", post("application/json", `{"query":"{ __typename }","operationName":"X"}`), 400, "GRAPHQL_VALIDATION_FAILED", "operation X not found"},
			{"variables of the wrong type", post("application/json", `{"query":"query($id: ID!) { entity(id: $id) { name } }","variables":{"id":[1]}}`), 400, "GRAPHQL_VALIDATION_FAILED", ""},
		}
		h, _ := newHandler(t, s, graph.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a := serve(t, h, c.req)
				if a.status != c.status || a.code() != c.code || !strings.Contains(a.resp.Errors[0].Message, c.says) {
					t.Fatalf("answer %s, want %d %s saying %q", a, c.status, c.code, c.says)
				}
			})
		}
		if endless.read > 2<<20 {
			t.Errorf("read %d bytes of a streamed body over the limit", endless.read)
		}
	})
	if l := logs.take(); strings.Contains(l, "__typename") {
		t.Errorf("a refused body reached the log:\n%s", l)
	}
}

func TestWithoutIntrospection(t *testing.T) {
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		h, _ := newHandler(t, s, graph.Options{Introspection: false})
		for _, q := range []string{`{ __schema { types { name } } }`, `{ __type(name: "Material") { name } }`, `{ ...I } fragment I on Query { __typename t: __type(name: "X") { name } }`} {
			if a := postOp(t, h, q, nil); a.status != 400 || a.code() != limits.CodeIntrospection {
				t.Errorf("%s: %s", q, a)
			}
		}
		if a := postOp(t, h, `{ __typename }`, nil); a.status != 200 || len(a.resp.Errors) != 0 {
			t.Errorf("__typename: %s", a)
		}
		a := postOp(t, h, `{ entit(id: "x") { name } }`, nil)
		if a.code() != "GRAPHQL_VALIDATION_FAILED" || strings.Contains(a.resp.Errors[0].Message, "Did you mean") {
			t.Errorf("a misspelt field without introspection: %s", a)
		}
		h, _ = newHandler(t, s, graph.Options{Introspection: true})
		if a := postOp(t, h, `{ entit(id: "x") { name } }`, nil); !strings.Contains(a.resp.Errors[0].Message, `Did you mean "entity"`) {
			t.Errorf("a misspelt field with introspection: %s", a)
		}
	})
}

func TestManyValidationErrorsAreShortened(t *testing.T) {
	storetest.Seeded(t, storetest.SeedCurated, func(t *testing.T, s store.Store) {
		h, _ := newHandler(t, s, graph.Options{})
		a := postOp(t, h, "{ __typename"+strings.Repeat(" @nope", 5000)+" }", nil)
		if n := len(a.resp.Errors); a.status != 400 || n != 21 || !strings.HasSuffix(a.resp.Errors[20].Message, " more errors not shown") {
			t.Fatalf("%d errors, the last %q", n, a.resp.Errors[n-1].Message)
		}
	})
}
