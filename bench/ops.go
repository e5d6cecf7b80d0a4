package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/chokepoint/chokepoint/kg"
)

// The targets.
const (
	// DQL is the alpha's HTTP /query, sent the DQL that Chokepoint's planner
	// writes for the same operation, in a read-only transaction as
	// Chokepoint's cluster store runs it.
	DQL = "dql"
	// DgraphGraphQL is the alpha's /graphql over MirrorSchema.
	DgraphGraphQL = "dgraph-graphql"
	// Cluster is Chokepoint's /query over the same alpha.
	Cluster = "chokepoint-cluster"
	// Embedded is Chokepoint's /query over its embedded engine.
	Embedded = "chokepoint-embedded"
)

// Targets lists the targets in report order.
var Targets = []string{DQL, DgraphGraphQL, Cluster, Embedded}

// The operations.
const (
	OpLookup     = "lookup"       // an ordinary material, its name and first 20 neededBy
	OpLookupHub  = "lookup-hub"   // the same of the hub material
	OpSearch     = "search"       // search by a name
	OpChain      = "chain"        // dependencyChain depth 6 downstream of the hub material
	OpPaths      = "paths"        // paths k=3 between far-apart entities
	OpExposure   = "exposure"     // exposure of the hub control
	OpNeighbors  = "neighborhood" // neighborhood depth 2 of the hub material
	pageSize     = 20             // the relation page of the lookups
	searchFirst  = 10             // hits of a search
	searchPerWay = 200            // candidates per way of Chokepoint's search
	chainDepth   = 6              // depth of the dependency chain
	neighborsOf  = 2              // depth of the neighborhood
	pathsK       = 3              // paths asked for
	pathsMaxHops = maxPathHops + 1
)

// Ops lists the operations in report order.
var Ops = []string{OpLookup, OpLookupHub, OpSearch, OpChain, OpPaths, OpExposure, OpNeighbors}

// WalkOps are the analyst queries: walks, which only Chokepoint answers.
var WalkOps = []string{OpChain, OpPaths, OpExposure, OpNeighbors}

// Endpoints are the URLs of the targets; an empty one is left out.
type Endpoints struct {
	DQL           string // alpha HTTP /query
	DgraphGraphQL string // alpha HTTP /graphql
	Cluster       string // chokepoint serve over the alpha, /query
	Embedded      string // chokepoint serve embedded, /query
}

func (e Endpoints) url(target string) string {
	switch target {
	case DQL:
		return e.DQL
	case DgraphGraphQL:
		return e.DgraphGraphQL
	case Cluster:
		return e.Cluster
	case Embedded:
		return e.Embedded
	}
	return ""
}

// CheckLoopback refuses a URL that is not http on a loopback address: the
// harness sends load to this machine only.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" {
		return fmt.Errorf("%s: want an http:// URL", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s: only loopback addresses (127.0.0.1, ::1, localhost) may be benchmarked", raw)
	}
	return nil
}

// variant is one request of an operation and what its answer must hold.
type variant struct {
	body []byte
	// check reads an answer and returns the ids it lists, where targets
	// must agree, or an error when the answer is empty or wrong.
	check func(data map[string]any) ([]string, error)
}

// plan is one operation against one target: requests taken in turn.
type plan struct {
	op, target, url, ctype string
	variants               []variant
	// compare says the ids of every variant must agree across targets.
	compare bool
}

// Procs each target is served by, by process name: the alpha, and the
// chokepoint serve processes.
const (
	ProcAlpha    = "alpha"
	ProcCluster  = "chokepoint-cluster"
	ProcEmbedded = "chokepoint-embedded"
)

func targetProcs(target string) []string {
	switch target {
	case DQL, DgraphGraphQL:
		return []string{ProcAlpha}
	case Cluster:
		return []string{ProcCluster, ProcAlpha}
	case Embedded:
		return []string{ProcEmbedded}
	}
	return nil
}

// plans writes every operation for every target given.
func plans(e Endpoints, p Picks) []plan {
	var out []plan
	add := func(op, target string, compare bool, vs []variant) {
		u := e.url(target)
		if u == "" || len(vs) == 0 {
			return
		}
		ctype := "application/json"
		if target == DQL {
			u = withParam(u, "ro", "true")
		}
		out = append(out, plan{op: op, target: target, url: u, ctype: ctype, variants: vs, compare: compare})
	}
	for _, op := range []struct {
		name string
		ids  []string
	}{{OpLookup, p.Materials}, {OpLookupHub, nonEmpty(p.HubMaterial)}} {
		add(op.name, DQL, true, each(op.ids, dqlLookup))
		add(op.name, DgraphGraphQL, true, each(op.ids, gqlLookup))
		add(op.name, Cluster, true, chokepointVariants(op.name, p))
		add(op.name, Embedded, true, chokepointVariants(op.name, p))
	}
	add(OpSearch, DQL, false, each(p.Searches, dqlSearch))
	add(OpSearch, DgraphGraphQL, false, each(p.Searches, gqlSearch))
	add(OpSearch, Cluster, false, chokepointVariants(OpSearch, p))
	add(OpSearch, Embedded, false, chokepointVariants(OpSearch, p))
	for _, target := range []string{Cluster, Embedded} {
		for _, op := range WalkOps {
			add(op, target, false, chokepointVariants(op, p))
		}
	}
	return out
}

// chokepointVariants are the requests of an operation to a Chokepoint
// server; none when the picks hold nothing to ask it about.
func chokepointVariants(op string, p Picks) []variant {
	switch op {
	case OpLookup:
		return each(p.Materials, cpLookup)
	case OpLookupHub:
		return each(nonEmpty(p.HubMaterial), cpLookup)
	case OpSearch:
		return each(p.Searches, cpSearch)
	case OpChain:
		if p.HubMaterial != "" {
			return []variant{cpChain(p.HubMaterial, p.AsOf)}
		}
	case OpPaths:
		if p.PathFrom != "" && p.PathTo != p.PathFrom {
			return []variant{cpPaths(p.PathFrom, p.PathTo, p.AsOf)}
		}
	case OpExposure:
		if p.HubControl != "" {
			return []variant{cpExposure(p.HubControl, p.AsOf)}
		}
	case OpNeighbors:
		if p.HubMaterial != "" {
			return []variant{cpNeighbors(p.HubMaterial, p.AsOf)}
		}
	}
	return nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func each[T any](xs []T, f func(T) variant) []variant {
	out := make([]variant, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func withParam(raw, k, v string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(k, v)
	u.RawQuery = q.Encode()
	return u.String()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// dqlLookupQuery is the request Chokepoint's planner writes for cpLookup
// (graph/plan.go), byte for byte as recorded from it: the entity by xid,
// first 1; its relation walk ordered by the sort key (name then xid), one past the page,
// with every facet of the edge.
const dqlLookupQuery = `query q($v0: int, $v1: int, $v2: string) {
entity2(func: eq(xid, $v2), first: 1) { uid xid dgraph.type name r1: ~needs (orderasc: sortkey, first: $v0, offset: $v1) @facets { uid xid dgraph.type name } }
}`

func dqlLookup(id string) variant {
	body := mustJSON(map[string]any{"query": dqlLookupQuery, "variables": map[string]string{
		"$v0": fmt.Sprint(pageSize + 1), "$v1": "0", "$v2": id}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		n := first(path(data, "entity2"))
		return lookupIDs(id, str(n["xid"]), list(n["r1"]), "xid", pageSize)
	}}
}

// gqlLookupQuery is the closest Dgraph GraphQL: the material by its @id
// and its reverse needs edge ordered by name then xid, first 20. Dgraph
// GraphQL cannot read facets, so it fetches none.
const gqlLookupQuery = `query($id: String!) { getMaterial(xid: $id) { xid name ` + "needs_reverse" + `(first: 20, order: {asc: name, then: {asc: xid}}) { xid name } } }`

func gqlLookup(id string) variant {
	body := mustJSON(map[string]any{"query": gqlLookupQuery, "variables": map[string]string{"id": id}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		n, _ := path(data, "getMaterial").(map[string]any)
		return lookupIDs(id, str(n["xid"]), list(n[ReverseField("needs")]), "xid", pageSize)
	}}
}

// cpLookupQuery asks Chokepoint for the same: the entity, its name, and
// the first page of neededBy with the edges' properties.
const cpLookupQuery = `query($id: ID!) { entity(id: $id) { id name ... on Material { neededBy(first: 20) { edges { since until share quantity unit node { id name } } } } } }`

func cpLookup(id string) variant {
	body := mustJSON(map[string]any{"query": cpLookupQuery, "variables": map[string]string{"id": id}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		n, _ := path(data, "entity").(map[string]any)
		var nodes []any
		for _, e := range list(path(n, "neededBy", "edges")) {
			nodes = append(nodes, path(e, "node"))
		}
		return lookupIDs(id, str(n["id"]), nodes, "id", pageSize)
	}}
}

func lookupIDs(want, got string, nodes []any, key string, page int) ([]string, error) {
	if got != want {
		return nil, fmt.Errorf("lookup of %s answered %q", want, got)
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("lookup of %s: empty relation page", want)
	}
	var ids []string
	for _, n := range nodes[:min(page, len(nodes))] {
		m, _ := n.(map[string]any)
		ids = append(ids, str(m[key]))
	}
	return ids, nil
}

// dqlSearchQuery is what Chokepoint's planner writes for cpSearch
// (graph/search.go), byte for byte as recorded from it: candidates four ways
// over folded names (all words, any word, a prefix range, typos of a
// one-word text), read with their folded names to be ranked. Ranking is the
// client's here.
const dqlSearchQuery = `query q($v0: string, $v1: string, $v2: int, $v3: string) {
var(func: allofterms(folded, $v0), first: $v2) { s1 as uid }
var(func: anyofterms(folded, $v0), first: $v2) { s2 as uid }
var(func: between(folded, $v0, $v1), first: $v2) { s3 as uid }
var(func: match(folded, $v3, 2), first: $v2) { s4 as uid }
search5(func: uid(s1, s2, s3, s4)) { folded uid xid dgraph.type name }
}`

func dqlSearch(s Search) variant {
	q := kg.Fold(s.Text)
	typo := q // as the planner: typos of one-word texts only
	if len(strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })) != 1 {
		typo = ""
	}
	body := mustJSON(map[string]any{"query": dqlSearchQuery, "variables": map[string]string{
		"$v0": q, "$v1": q + "\uffff", "$v2": fmt.Sprint(searchPerWay), "$v3": typo}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		return wantHit(s, list(path(data, "search5")), "xid")
	}}
}

// gqlSearchQuery is the closest Dgraph GraphQL: one query per kind over
// the folded names with anyofterms. It has no trigram match for typos, no
// prefix range and no ranking.
var gqlSearchQuery = func() string {
	var b strings.Builder
	b.WriteString("query($t: String!) {")
	for _, k := range kg.Kinds {
		fmt.Fprintf(&b, " query%s(filter: {folded: {anyofterms: $t}}, first: %d) { xid name }", k, searchFirst)
	}
	b.WriteString(" }")
	return b.String()
}()

func gqlSearch(s Search) variant {
	body := mustJSON(map[string]any{"query": gqlSearchQuery, "variables": map[string]string{"t": kg.Fold(s.Text)}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		var all []any
		for _, k := range kg.Kinds {
			all = append(all, list(path(data, "query"+string(k)))...)
		}
		if len(all) == 0 {
			return nil, fmt.Errorf("search %q: no hits", s.Text)
		}
		return nil, nil
	}}
}

const cpSearchQuery = `query($t: String!) { search(text: $t, first: 10) { score entity { id kind name } } }`

func cpSearch(s Search) variant {
	body := mustJSON(map[string]any{"query": cpSearchQuery, "variables": map[string]string{"t": s.Text}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		var ents []any
		for _, h := range list(path(data, "search")) {
			ents = append(ents, path(h, "entity"))
		}
		return wantHit(s, ents, "id")
	}}
}

func wantHit(s Search, nodes []any, key string) ([]string, error) {
	for _, n := range nodes {
		if m, _ := n.(map[string]any); str(m[key]) == s.Want {
			return nil, nil
		}
	}
	return nil, fmt.Errorf("search %q: %d hits, %s not among them", s.Text, len(nodes), s.Want)
}

const cpChainQuery = `query($id: ID!, $d: Date) { dependencyChain(id: $id, direction: DOWNSTREAM, maxDepth: 6, asOf: $d) { truncated nodes { id name } edges { from type to } } }`

func cpChain(id, asOf string) variant {
	body := mustJSON(map[string]any{"query": cpChainQuery, "variables": map[string]string{"id": id, "d": asOf}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		if n := len(list(path(data, "dependencyChain", "nodes"))); n < 2 {
			return nil, fmt.Errorf("dependencyChain of %s: %d nodes", id, n)
		}
		return nil, nil
	}}
}

var cpNeighborsQuery = fmt.Sprintf(`query($id: ID!, $d: Date) { neighborhood(id: $id, depth: %d, asOf: $d) { truncated nodes { id name } edges { from type to } } }`, neighborsOf)

func cpNeighbors(id, asOf string) variant {
	body := mustJSON(map[string]any{"query": cpNeighborsQuery, "variables": map[string]string{"id": id, "d": asOf}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		if n := len(list(path(data, "neighborhood", "nodes"))); n < 2 {
			return nil, fmt.Errorf("neighborhood of %s: %d nodes", id, n)
		}
		return nil, nil
	}}
}

var cpPathsQuery = fmt.Sprintf(`query($a: ID!, $b: ID!, $d: Date) { paths(from: $a, to: $b, maxHops: %d, k: %d, asOf: $d) { length nodes { id } edges { from type to } } }`, pathsMaxHops, pathsK)

func cpPaths(from, to, asOf string) variant {
	body := mustJSON(map[string]any{"query": cpPathsQuery, "variables": map[string]string{"a": from, "b": to, "d": asOf}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		if len(list(path(data, "paths"))) == 0 {
			return nil, fmt.Errorf("paths from %s to %s: none", from, to)
		}
		return nil, nil
	}}
}

const cpExposureQuery = `query($id: ID!, $d: Date) { exposure(id: $id, asOf: $d) { status truncated restricted { entity { id } } products { distance entity { id name } } parties { entity { id } via { share } } } }`

func cpExposure(id, asOf string) variant {
	body := mustJSON(map[string]any{"query": cpExposureQuery, "variables": map[string]string{"id": id, "d": asOf}})
	return variant{body: body, check: func(data map[string]any) ([]string, error) {
		if st := str(path(data, "exposure", "status")); st != "IN_FORCE" {
			return nil, fmt.Errorf("exposure of %s: status %q, want IN_FORCE", id, st)
		}
		if len(list(path(data, "exposure", "restricted"))) == 0 {
			return nil, fmt.Errorf("exposure of %s restricts nothing", id)
		}
		return nil, nil
	}}
}

// path walks nested JSON objects by key.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func first(v any) map[string]any {
	if l := list(v); len(l) > 0 {
		m, _ := l[0].(map[string]any)
		return m
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// client posts requests and reads answers whole.
type client struct{ hc *http.Client }

func newClient(concurrency int) *client {
	tr := &http.Transport{
		MaxIdleConns:        4 * concurrency,
		MaxIdleConnsPerHost: 2 * concurrency,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &client{hc: &http.Client{Transport: tr}}
}

// post sends one request; an HTTP status other than 200 is an error.
func (c *client) post(ctx context.Context, u, ctype string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		e := &statusError{status: resp.StatusCode, body: data}
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
			e.retryAfter = time.Duration(secs) * time.Second
		}
		return nil, e
	}
	return data, nil
}

// statusError is an answer with an HTTP status other than 200.
type statusError struct {
	status int
	// retryAfter is the answer's Retry-After, when it gave one in seconds.
	retryAfter time.Duration
	body       []byte
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, clip(e.body, 300)) }

// answerError is an answer with status 200 that carries GraphQL errors.
type answerError struct{ body []byte }

func (e *answerError) Error() string { return "answer with errors: " + clip(e.body, 300) }

// Outcomes of a request other than the error codes a server answers with.
const (
	OutcomeOK            = "ok"
	OutcomeClientTimeout = "client timeout"
	OutcomeTransport     = "transport"
)

// outcome names what became of a request: OutcomeOK, the
// extensions.code of the answer's first error (RETRY_LATER, TIMEOUT…),
// "HTTP <status>" for a failure without one, OutcomeClientTimeout when the
// client stopped waiting, or OutcomeTransport.
func outcome(err error) string {
	var se *statusError
	var ae *answerError
	switch {
	case err == nil:
		return OutcomeOK
	case errors.As(err, &se):
		if code := errorCode(se.body); code != "" {
			return code
		}
		return fmt.Sprintf("HTTP %d", se.status)
	case errors.As(err, &ae):
		if code := errorCode(ae.body); code != "" {
			return code
		}
		return "errors"
	case errors.Is(err, context.DeadlineExceeded):
		return OutcomeClientTimeout
	}
	return OutcomeTransport
}

// errorCode is the extensions.code of an answer's first GraphQL error.
func errorCode(body []byte) string {
	var ans struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &ans) != nil || len(ans.Errors) == 0 {
		return ""
	}
	return ans.Errors[0].Extensions.Code
}

var errorsKey = []byte(`"errors"`)

// do is one timed request: the status and the absence of an errors key
// are checked, the answer is not parsed, so that the client spends little
// CPU on a machine it shares with the servers.
func (p *plan) do(c *client, n *atomic.Uint64) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		v := p.variants[(n.Add(1)-1)%uint64(len(p.variants))]
		data, err := c.post(ctx, p.url, p.ctype, v.body)
		if err != nil {
			return err
		}
		if bytes.Contains(data, errorsKey) {
			return &answerError{body: data}
		}
		return nil
	}
}

// verify sends every variant once, checks its answer and returns the ids
// each lists.
func (p *plan) verify(ctx context.Context, c *client, timeout time.Duration) ([][]string, error) {
	var out [][]string
	for i, v := range p.variants {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		data, err := c.post(rctx, p.url, p.ctype, v.body)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("request %d: %w", i, err)
		}
		var ans struct {
			Data   map[string]any    `json:"data"`
			Errors []json.RawMessage `json:"errors"`
		}
		if err := json.Unmarshal(data, &ans); err != nil {
			return nil, fmt.Errorf("request %d: %w: %s", i, err, clip(data, 300))
		}
		if len(ans.Errors) > 0 {
			return nil, fmt.Errorf("request %d: %w", i, &answerError{body: data})
		}
		ids, err := v.check(ans.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, ids)
	}
	return out, nil
}

func clip(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// sameIDs reports the first variant on which two targets' ids differ.
func sameIDs(a, b [][]string) (int, bool) {
	for i := range min(len(a), len(b)) {
		if !slices.Equal(a[i], b[i]) {
			return i, false
		}
	}
	return -1, len(a) == len(b)
}
