package graph_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// syncBuffer collects the handler's logs, to show with a failure.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

// curatedEnv is a handler over the curated graph on the embedded engine,
// with every DQL request recorded. It is built once per process: fuzz
// targets and benchmarks cannot use storetest.Seeded's subtests.
type curatedEnv struct {
	h    http.Handler
	rec  *storetest.Recorder
	logs *syncBuffer
}

var (
	seedOnce  sync.Once
	seedErr   error
	envOnce   sync.Once
	curated   *curatedEnv
	curatedOK bool
)

// curatedStore is the shared embedded store holding the curated graph. The
// load reconciles by id, so seeding again after the package's tests have
// seeded is harmless.
func curatedStore(tb testing.TB) store.Store {
	tb.Helper()
	s := storetest.Open(tb, "embedded")
	seedOnce.Do(func() { seedErr = storetest.SeedCurated(s) })
	if seedErr != nil {
		tb.Fatalf("seed the curated graph: %v", seedErr)
	}
	return s
}

func curatedHandler(tb testing.TB) *curatedEnv {
	tb.Helper()
	s := curatedStore(tb)
	envOnce.Do(func() {
		logs := &syncBuffer{}
		h, rec := newHandler(tb, s, graph.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
		curated, curatedOK = &curatedEnv{h: h, rec: rec, logs: logs}, true
	})
	if !curatedOK {
		tb.Fatal("no handler over the curated graph")
	}
	return curated
}

// requestTimeout bounds one fuzzed request.
const requestTimeout = 5 * time.Second

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// post sends one operation as a client does, values in variables.
func (e *curatedEnv) post(tb testing.TB, q string, vars map[string]any) (gqlResponse, []byte) {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	// A value must not make a request slow either: it would end as TIMEOUT.
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		tb.Fatalf("answer is not JSON (%v): %s", err, rec.Body)
	}
	return resp, rec.Body.Bytes()
}

// fuzzInput is one set of user values.
type fuzzInput struct {
	text, id, issuer, group, symbol, category, role, asOf, after string
	first                                                        int
	pos                                                          int64
}

// strs lists the string values by name.
func (in fuzzInput) strs() map[string]string {
	return map[string]string{
		"text": in.text, "id": in.id, "issuer": in.issuer, "group": in.group, "symbol": in.symbol,
		"category": in.category, "role": in.role, "asOf": in.asOf, "after": in.after,
	}
}

// cursorAt is the opaque cursor of a position, as the server writes it.
func cursorAt(pos int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.FormatInt(pos, 10)))
}

// vars are the GraphQL variables of every operation. An empty `after`
// is sent as null (no cursor); every other value is sent as it is.
func (in fuzzInput) vars() map[string]any {
	v := map[string]any{
		"text": in.text, "id": in.id, "issuer": in.issuer, "group": in.group, "symbol": in.symbol,
		"category": in.category, "role": in.role, "asOf": in.asOf, "first": in.first,
		"after": nil, "cursor": cursorAt(in.pos), "ids": []string{in.id, in.issuer, in.group},
	}
	if in.after != "" {
		v["after"] = in.after
	}
	return v
}

// ordinary is the input the reference DQL texts are computed from.
var ordinary = fuzzInput{
	text: "dysprosium", id: "material:dysprosium", issuer: "institution:mofcom", group: "group:rare-earth-elements",
	symbol: "Dy", category: "export control", role: "minister", asOf: "2025-11-20", after: cursorAt(0), first: 5, pos: 1,
}

// skeleton is the ordinary input with the same empty strings as in: an
// empty filter value legitimately counts as absent and changes the DQL.
func skeleton(in fuzzInput) fuzzInput {
	s := ordinary
	for _, f := range []struct{ got, skel *string }{
		{&in.text, &s.text}, {&in.id, &s.id}, {&in.issuer, &s.issuer}, {&in.group, &s.group}, {&in.symbol, &s.symbol},
		{&in.category, &s.category}, {&in.role, &s.role}, {&in.asOf, &s.asOf}, {&in.after, &s.after},
	} {
		if *f.got == "" {
			*f.skel = ""
		}
	}
	return s
}

// fuzzOps are the operation shapes fuzzed; every list has a fixed length.
var fuzzOps = map[string]string{
	"entity": `query($id: ID!, $asOf: Date!, $first: Int, $after: String, $cursor: String) {
	  entity(id: $id) {
	    id kind name sources { id }
	    ... on Material {
	      controls(asOf: $asOf, first: $first, after: $after) {
	        totalCount pageInfo { hasNextPage endCursor }
	        edges { cursor since until sources { id } node { id name ... on Control { status(asOf: $asOf) } } }
	      }
	    }
	    relations(types: [needs, in_group, restricts], asOf: $asOf, first: $first, after: $cursor) {
	      totalCount edges { type direction node { id name } }
	    }
	  }
	}`,
	"entities": `query($ids: [ID!]!) { entities(ids: $ids) { id kind name } }`,
	"search":   `query($text: String!, $first: Int) { search(text: $text, first: $first) { score entity { id kind name } } }`,
	"searchKinds": `query($text: String!) {
	  search(text: $text, kinds: [MATERIAL, CONTROL, OFFICIAL], first: 5) { score entity { id } }
	}`,
	"controls": `query($issuer: ID, $group: ID, $category: String, $asOf: Date, $first: Int, $cursor: String) {
	  controls(filter: {issuer: $issuer, restricts: $group, category: $category, status: IN_FORCE, asOf: $asOf, issuedFrom: $asOf},
	           orderBy: {field: ISSUED, direction: DESC}, first: $first, after: $cursor) {
	    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name status(asOf: $asOf) } }
	  }
	}`,
	"materials": `query($group: ID, $issuer: ID, $symbol: String, $category: String, $first: Int, $after: String) {
	  materials(filter: {group: $group, restrictedBy: $issuer, symbol: $symbol, category: $category},
	            orderBy: {field: ATOMIC_NUMBER}, first: $first, after: $after) {
	    totalCount edges { cursor node { id symbol atomicNumber } }
	  }
	}`,
	"officials": `query($issuer: ID, $role: String, $asOf: Date) {
	  officials(filter: {institution: $issuer, role: $role, asOf: $asOf}, first: 10) {
	    totalCount edges { node { id name roles(asOf: $asOf) { edges { role since node { id } } } } }
	  }
	}`,
	"institutionsProducts": `query($id: ID, $category: String, $first: Int) {
	  institutions(filter: {partOf: $id, category: $category}, first: $first) { totalCount edges { node { id } } }
	  products(filter: {needs: $id, category: $category}, first: $first) { totalCount edges { node { id } } }
	}`,
	// Every root field at once: one that fails to plan must not spoil the
	// request the others share, even when a later field reuses a relation
	// walk the failed one planned (e2 shares e's groups walk).
	"combined": `query($id: ID!, $ids: [ID!]!, $text: String!, $issuer: ID, $group: ID, $symbol: String, $category: String,
	                  $role: String, $asOf: Date!, $first: Int, $after: String, $cursor: String) {
	  e: entity(id: $id) { id ... on Material { groups(first: 3) { totalCount } controls(asOf: $asOf, first: $first, after: $after) { totalCount edges { node { id } } } } }
	  e2: entity(id: $id) { ... on Material { groups(first: 3) { totalCount edges { node { id } } } } }
	  es: entities(ids: $ids) { id }
	  s: search(text: $text, first: 3) { score entity { id } }
	  c: controls(filter: {issuer: $issuer, category: $category, status: SUSPENDED, asOf: $asOf}, first: $first, after: $cursor) { totalCount edges { node { id } } }
	  m: materials(filter: {group: $group, symbol: $symbol}, first: $first, after: $after) { totalCount edges { node { id } } }
	  o: officials(filter: {institution: $issuer, role: $role, asOf: $asOf}) { totalCount }
	}`,
}

// allowedCodes are the codes a bad input may get.
var allowedCodes = []string{
	string(kg.CodeInvalid), "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED",
	graph.CodeDepthLimit, graph.CodeComplexityLimit,
}

// leaks are fragments of backend internals that no error message may show.
var leaks = []string{"dgraph", "rpc error", "line ", "got error", "goroutine ", ".go:", "panic", "uid(", "func:", "$v"}

type refKey struct {
	op   string
	skel fuzzInput
}

var (
	refMu   sync.Mutex
	refText = map[refKey][]string{}
)

// reference returns the DQL texts that op sends for the skeleton of in, or
// nil when the skeleton is refused too.
func (e *curatedEnv) reference(t *testing.T, op string, in fuzzInput) []string {
	skel := skeleton(in)
	key := refKey{op: op, skel: skel}
	refMu.Lock()
	defer refMu.Unlock()
	if texts, ok := refText[key]; ok {
		return texts
	}
	e.rec.Take()
	resp, body := e.post(t, fuzzOps[op], skel.vars())
	reqs := e.rec.Take()
	var texts []string
	if len(resp.Errors) == 0 {
		for _, r := range reqs {
			texts = append(texts, r.Query)
		}
		if len(texts) != 1 {
			t.Fatalf("%s: the ordinary input %+v took %d DQL requests, want 1", op, skel, len(texts))
		}
	} else if in == skel {
		t.Errorf("%s: the ordinary input %+v is refused, so nothing is compared: %s", op, skel, body)
	}
	refText[key] = texts
	return texts
}

// checkInput runs every operation with in and checks the three promises.
func checkInput(t *testing.T, e *curatedEnv, in fuzzInput) {
	ops := make([]string, 0, len(fuzzOps))
	for op := range fuzzOps {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	// The values as the server receives them: JSON turns invalid UTF-8
	// into U+FFFD.
	values := map[string]string{}
	for name, v := range in.strs() {
		values[name] = strings.ToValidUTF8(v, "\uFFFD")
	}
	values["text (folded)"] = kg.Fold(values["text"])
	for _, op := range ops {
		ref := e.reference(t, op, in)
		e.logs.take()
		e.rec.Take()
		resp, body := e.post(t, fuzzOps[op], in.vars())
		reqs := e.rec.Take()
		logs := e.logs.take()
		show := func() string {
			var causes []string
			for _, r := range reqs {
				if r.Err != nil {
					causes = append(causes, fmt.Sprintf("%v", errors.Unwrap(r.Err)))
				}
			}
			return fmt.Sprintf("input %#v\nanswer %s\nlogs %s\nbackend errors %s", in, truncate(string(body), 2000), truncate(logs, 4000), truncate(strings.Join(causes, "\n"), 4000))
		}
		var problems []string
		fail := func(format string, args ...any) {
			if p := fmt.Sprintf(format, args...); !slices.Contains(problems, p) {
				problems = append(problems, p)
			}
		}

		// (c) no INTERNAL, no internals in any message.
		for _, er := range resp.Errors {
			code, _ := er.Extensions["code"].(string)
			if !slices.Contains(allowedCodes, code) {
				fail("error code %q (%s)", code, er.Message)
			}
			msg := strings.ToLower(er.Message)
			for _, v := range values {
				if len(v) > 0 {
					msg = strings.ReplaceAll(msg, strings.ToLower(strconv.Quote(v)), `"…"`)
					msg = strings.ReplaceAll(msg, strings.ToLower(v), "…")
				}
			}
			for _, l := range leaks {
				if strings.Contains(msg, l) {
					fail("error message shows internals (%q): %s", l, er.Message)
				}
			}
		}

		// (b) no value in any DQL text. Variable names are numbered by
		// position, so they are compared without their numbers.
		for _, r := range reqs {
			text := varName.ReplaceAllString(r.Query, "$$v#")
			for name, v := range values {
				nv := varName.ReplaceAllString(v, "$$v#")
				if len(v) >= 4 && !strings.Contains(fuzzOps[op], v) && !strings.Contains(refJoined(ref), nv) && strings.Contains(text, nv) {
					fail("value of %s (%q) is in the DQL text:\n%s", name, truncate(v, 80), r.Query)
				}
			}
		}

		// (a) an accepted input sends exactly the reference text.
		if len(resp.Errors) == 0 && ref != nil {
			if len(reqs) != 1 {
				fail("%d DQL requests, want 1", len(reqs))
			} else if reqs[0].Query != ref[0] {
				fail("the input changed the DQL text\nwant:\n%s\ngot:\n%s", ref[0], reqs[0].Query)
			}
		}
		if len(problems) > 0 {
			t.Errorf("%s:\n%s\n%s", op, strings.Join(problems, "\n"), show())
		}
	}
}

// varName matches the DQL variables that store.Vars names.
var varName = regexp.MustCompile(`\$v[0-9]+`)

func refJoined(ref []string) string { return varName.ReplaceAllString(strings.Join(ref, "\n"), "$$v#") }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d bytes)", len(s))
}

// FuzzUserValuesStayVariables checks that user values reach Dgraph only as
// DQL variables: no value changes the DQL text or shows in it, and no value
// makes the server fail with INTERNAL or show backend internals.
//
// Each input runs about ten operations against the embedded engine, so
// fuzz with a short minimization, or the default 60 s spent minimizing every
// input with new coverage stalls the run:
//
//	go test ./graph/ -run XXX -fuzz FuzzUserValuesStayVariables -fuzztime 120s -fuzzminimizetime 2s
func FuzzUserValuesStayVariables(f *testing.F) {
	type seed = fuzzInput
	same := func(s string, first int, pos int64) seed {
		return seed{s, s, s, s, s, s, s, s, s, first, pos}
	}
	add := func(in seed) {
		f.Add(in.text, in.id, in.issuer, in.group, in.symbol, in.category, in.role, in.asOf, in.after, in.first, in.pos)
	}
	hostile := []string{
		`"}) { uid } q2(func: has(xid)) {`,
		`$v0`, `$v1, $v2`, `") @filter(has(xid)) #`, "uid(0x1)", "*", `\"`, `\\`, "a\nb\r\nc", "{ } ( ) [ ] @ # $",
		"稀土 ☢ 𝔇𝔶 Šefčovič", "\u202eevil\u202c", "e\u0301e\u0301", "\uFFFF\uFFFE",
		strings.Repeat("a", 10000), strings.Repeat("ab cd ", 2000), strings.Repeat("é", 300),
		"2025-02-30", "2025-13-45", "0000-01-01", "9999-12-31", "1969-12-31", "2025-11-20T00:00:00Z", " 2025-11-20",
		"../../etc/passwd", "a\x00b", "\x00", "\xff\xfe\xfd", "dy\xc3", "nope",
		cursorAt(-1), cursorAt(math.MaxInt64), cursorAt(math.MaxInt32), cursorAt(1 << 40), cursorAt(100000),
		"material:dysprosium\x00", "MATERIAL:DYSPROSIUM", " material:dysprosium ",
	}
	f.Add("dysprosium", "material:dysprosium", "institution:mofcom", "group:rare-earth-elements", "Dy", "export control", "minister", "2025-11-20", "", 5, int64(1))
	f.Add("sefcovic", "official:maros-sefcovic", "institution:mofcom", "group:usgs-heavy-ree", "Ga", "battery material", "Minister of Commerce", "2024-01-01", cursorAt(2), 2, int64(0))
	f.Add("Šefčovič", "control:mofcom-2025-18", "institution:european-commission", "group:eu-crma-strategic", "Ge", "export ban", "president", "2025-11-20", cursorAt(0), 100, int64(3))
	f.Add("dysprosim", "product:electric-vehicle", "", "", "", "", "", "2025-11-20", "", 0, int64(0))
	f.Add("x", "", "", "", "", "", "", "", "", 20, int64(0))
	for _, h := range hostile {
		add(same(h, 5, 1))
		// The same with a valid date and no cursor, so that the operations
		// are accepted and reach Dgraph with the value.
		in := same(h, 5, 1)
		in.asOf, in.after = "2025-11-20", ""
		add(in)
	}
	for _, first := range []int{-1, 0, 1, 50, 100, 101, 1000, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64} {
		f.Add("gallium", "material:gallium", "institution:mofcom", "group:rare-earth-elements", "Ga", "export control", "minister", "2025-11-20", "", first, int64(1))
	}
	for _, pos := range []int64{-1, 0, 99, 1 << 31, 1<<31 - 1, 1 << 40, math.MaxInt64, math.MaxInt64 - 1, math.MinInt64} {
		f.Add("gallium", "material:gallium", "institution:mofcom", "group:rare-earth-elements", "Ga", "export control", "minister", "2025-11-20", cursorAt(pos), 5, pos)
	}
	e := curatedHandler(f)
	f.Fuzz(func(t *testing.T, text, id, issuer, group, symbol, category, role, asOf, after string, first int, pos int64) {
		checkInput(t, e, fuzzInput{text, id, issuer, group, symbol, category, role, asOf, after, first, pos})
	})
}
