package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/kg"
)

// sleeper answers after the delay its path names, e.g. /sleep/10ms, or
// with 500 under /fail. Requests still sleeping end with the test.
func sleeper(t *testing.T) *httptest.Server {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/fail") {
			http.Error(w, "broken", http.StatusInternalServerError)
			return
		}
		d, _ := time.ParseDuration(strings.TrimPrefix(r.URL.Path, "/sleep/"))
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		case <-stop:
		}
		fmt.Fprint(w, `{"data":{}}`)
	}))
	t.Cleanup(func() { close(stop); srv.Close() })
	return srv
}

func httpCase(c *client, op, target, u string) Case {
	p := &plan{op: op, target: target, url: u, ctype: "application/json", variants: []variant{{body: []byte(`{}`)}}}
	return Case{Op: op, Target: target, Do: p.do(c, new(atomic.Uint64))}
}

func TestRunInterleavesBoundsAndCompares(t *testing.T) {
	srv := sleeper(t)
	c := newClient(4)
	cases := []Case{
		httpCase(c, "op", "fast", srv.URL+"/sleep/1ms"),
		httpCase(c, "op", "slow", srv.URL+"/sleep/25ms"),
		httpCase(c, "op", "broken", srv.URL+"/fail"),
	}
	var mu sync.Mutex
	var order []string
	cfg := Config{
		Concurrency: 4, Rounds: 3, PerRound: 150 * time.Millisecond, Timeout: time.Second,
		Procs: []Proc{selfProc()}, Baseline: "fast", Pairs: [][2]string{{"slow", "broken"}},
		Progress: func(r int, op, target string, s Slot) {
			mu.Lock()
			order = append(order, target)
			mu.Unlock()
		},
	}
	start := time.Now()
	results, ratios, procs, err := Run(context.Background(), cfg, cases)
	if err != nil {
		t.Fatal(err)
	}
	// 9 slots of 150 ms, each at most one request timeout longer.
	if took := time.Since(start); took > 9*(cfg.PerRound+cfg.Timeout) {
		t.Errorf("run took %s", took)
	}
	want := []string{"fast", "slow", "broken", "slow", "broken", "fast", "broken", "fast", "slow"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want targets rotated every round: %v", order, want)
	}
	byTarget := map[string]Result{}
	for _, r := range results {
		byTarget[r.Target] = r
	}
	fast, slow, broken := byTarget["fast"], byTarget["slow"], byTarget["broken"]
	if fast.Errors != 0 || slow.Errors != 0 || fast.Requests == 0 || slow.Requests == 0 {
		t.Fatalf("fast %+v, slow %+v", fast, slow)
	}
	if broken.Errors != broken.Requests || broken.RPS != 0 || !strings.Contains(broken.FirstError, "HTTP 500") {
		t.Errorf("broken: %d errors of %d, %.1f req/s, first error %q", broken.Errors, broken.Requests, broken.RPS, broken.FirstError)
	}
	if slow.P50ms < 25 || slow.P99ms < slow.P50ms || fast.P50ms >= slow.P50ms {
		t.Errorf("p50 fast %.2f ms, slow %.2f ms, p99 slow %.2f ms", fast.P50ms, slow.P50ms, slow.P99ms)
	}
	var slowVsFast *Ratio
	for i, r := range ratios {
		if r.Target == "slow" && r.Versus == "fast" {
			slowVsFast = &ratios[i]
		}
		if r.Target == "slow" && r.Versus == "broken" && r.RPS != 0 {
			t.Errorf("a ratio against a target with no successes: %+v", r)
		}
	}
	if slowVsFast == nil {
		t.Fatalf("no slow/fast ratio in %+v", ratios)
	}
	// 25 ms against about 1 ms: well under the throughput, well over the
	// latency, even on a busy machine.
	if slowVsFast.RPS <= 0 || slowVsFast.RPS > 0.6 || slowVsFast.P50 < 1.5 {
		t.Errorf("slow vs fast: %+v", *slowVsFast)
	}
	if len(procs) != 1 || procs[0].RSSMax <= 0 || procs[0].CPUSecond <= 0 {
		t.Errorf("process stats %+v", procs)
	}
	if _, ok := fast.CPUms["bench"]; !ok {
		t.Errorf("no CPU per request of the measured process: %+v", fast.CPUms)
	}
}

func TestRunStopsSlowRequestsAndCountsAtMost(t *testing.T) {
	srv := sleeper(t)
	c := newClient(2)
	cfg := Config{Concurrency: 2, Rounds: 1, PerRound: 50 * time.Millisecond, Timeout: 200 * time.Millisecond, MaxRequests: 5}
	start := time.Now()
	results, _, _, err := Run(context.Background(), cfg, []Case{
		httpCase(c, "hang", "x", srv.URL+"/sleep/1h"),
		httpCase(c, "capped", "x", srv.URL+"/sleep/0s"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a hanging target held the run for %s", took)
	}
	if r := results[0]; r.Errors == 0 || r.Errors != r.Requests {
		t.Errorf("hanging target: %d errors of %d", r.Errors, r.Requests)
	}
	if r := results[1]; r.Requests > 5 || r.Requests == 0 {
		t.Errorf("capped at 5 requests, made %d", r.Requests)
	}
}

func TestRatiosAreMediansOfRounds(t *testing.T) {
	slot := func(reqs int, p50 time.Duration, cpu time.Duration) Slot {
		return Slot{Requests: reqs, Elapsed: time.Second, P50: p50, CPU: map[string]time.Duration{"p": cpu}}
	}
	results := []Result{
		{Op: "op", Target: "base", procs: []string{"p"}, slots: []Slot{slot(100, 10*time.Millisecond, time.Second), slot(100, 10*time.Millisecond, time.Second), slot(50, 20*time.Millisecond, time.Second)}},
		// Round 3 is a noisy moment for both: the per-round ratio stays 2.
		{Op: "op", Target: "other", procs: []string{"p"}, slots: []Slot{slot(200, 5*time.Millisecond, time.Second), slot(300, 4*time.Millisecond, 3*time.Second), slot(100, 10*time.Millisecond, time.Second)}},
	}
	got := ratios(Config{Baseline: "base"}, results)
	if len(got) != 1 {
		t.Fatalf("ratios %+v", got)
	}
	r := got[0]
	// req/s 2, 3, 2 → 2; p50 0.5, 0.4, 0.5 → 0.5; CPU/req 0.5, 1, 0.5 → 0.5.
	if r.Target != "other" || r.Versus != "base" || r.RPS != 2 || r.P50 != 0.5 || r.CPU != 0.5 {
		t.Errorf("ratio %+v", r)
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("p%v = %s, want %s", c.p, got, c.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %s", got)
	}
	if got := median([]float64{3, 1, 2, 10}); got != 2.5 {
		t.Errorf("median = %v", got)
	}
}

func TestProcReadsThisProcess(t *testing.T) {
	before, err := cpuTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); {
		x++
	}
	after, _ := cpuTime(os.Getpid())
	if after <= before {
		t.Errorf("CPU time did not grow over 100 ms of work: %s → %s (%d)", before, after, x)
	}
	if rss, err := rssKB(os.Getpid()); err != nil || rss <= 0 {
		t.Errorf("rss %d, %v", rss, err)
	}
	if _, err := ParseProcs("alpha=notapid"); err == nil {
		t.Error("ParseProcs took a bad pid")
	}
}

func TestCheckLoopback(t *testing.T) {
	for u, ok := range map[string]bool{
		"http://127.0.0.1:8080/query": true, "http://localhost:1/x": true, "http://[::1]:8080/": true,
		"http://10.0.0.1:8080/query": false, "http://example.com/": false, "https://127.0.0.1/": false,
	} {
		if err := CheckLoopback(u); (err == nil) != ok {
			t.Errorf("CheckLoopback(%s) = %v", u, err)
		}
	}
}

func TestMirrorSchema(t *testing.T) {
	s, err := MirrorSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, perr := parser.ParseSchema(&ast.Source{Name: "mirror", Input: s})
	if perr != nil {
		t.Fatalf("%v\n%s", perr, s)
	}
	if len(doc.Definitions) != 1+len(kg.Kinds) { // Entity and one type per kind
		t.Errorf("%d definitions", len(doc.Definitions))
	}
	for _, want := range []string{
		`xid: String! @id @search(by: [exact, regexp]) @dgraph(pred: "xid")`,
		`name: String! @search(by: [exact, term, regexp, fulltext]) @dgraph(pred: "name")`,
		`issued: DateTime @search(by: [day]) @dgraph(pred: "issued")`,
		`atomicNumber: Int @search @dgraph(pred: "atomicNumber")`,
		`needs: [Entity] @dgraph(pred: "needs")`,
		`type Material implements Entity @dgraph(type: "Material") {`,
		`needs_reverse: [Entity] @dgraph(pred: "~needs")`,
		`sources_reverse: [Entity] @dgraph(pred: "~sources")`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("mirror schema lacks %s", want)
		}
	}
}

// fakeTargets answers the operations as the four targets would, with the
// lookups' pages from ids; embedded lists pages from embeddedIDs.
func fakeTargets(t *testing.T, p Picks, ids, embeddedIDs []string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query     string            `json:"query"`
			Variables map[string]string `json:"variables"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("request: %v", err)
		}
		page := func(key string, ids []string) []map[string]any {
			var out []map[string]any
			for _, id := range ids {
				out = append(out, map[string]any{key: id})
			}
			return out
		}
		var data any
		v := req.Variables
		switch q := req.Query; {
		case strings.Contains(q, "entity2("):
			data = map[string]any{"entity2": []any{map[string]any{"xid": v["$v2"], "r1": page("xid", ids)}}}
		case strings.Contains(q, "getMaterial"):
			data = map[string]any{"getMaterial": map[string]any{"xid": v["id"], "needs_reverse": page("xid", ids)}}
		case strings.Contains(q, "entity(id"):
			pg := ids
			if r.URL.Path == "/embedded" {
				pg = embeddedIDs
			}
			var edges []any
			for _, n := range page("id", pg) {
				edges = append(edges, map[string]any{"node": n})
			}
			data = map[string]any{"entity": map[string]any{"id": v["id"], "neededBy": map[string]any{"edges": edges}}}
		case strings.Contains(q, "search5("):
			data = map[string]any{"search5": page("xid", []string{wantOf(p, v["$v0"])})}
		case strings.Contains(q, "queryMaterial("):
			data = map[string]any{"queryMaterial": page("xid", []string{"material:x"})}
		case strings.Contains(q, "search("):
			data = map[string]any{"search": []any{map[string]any{"entity": map[string]any{"id": wantOf(p, v["t"])}}}}
		case strings.Contains(q, "dependencyChain"):
			data = map[string]any{"dependencyChain": map[string]any{"nodes": page("id", []string{"a", "b"})}}
		case strings.Contains(q, "neighborhood("):
			data = map[string]any{"neighborhood": map[string]any{"nodes": page("id", []string{"a", "b"})}}
		case strings.Contains(q, "paths("):
			data = map[string]any{"paths": []any{map[string]any{"length": 2}}}
		case strings.Contains(q, "exposure("):
			data = map[string]any{"exposure": map[string]any{"status": "IN_FORCE", "restricted": page("id", []string{"a"})}}
		default:
			t.Errorf("unexpected query %s", q)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
	}))
}

// wantOf is the id a search text must find.
func wantOf(p Picks, text string) string {
	for _, s := range p.Searches {
		if s.Text == text || kg.Fold(s.Text) == text {
			return s.Want
		}
	}
	return p.Searches[0].Want
}

func TestBenchChecksAnswersAcrossTargets(t *testing.T) {
	ctx := context.Background()
	cfg := gen.Config{Entities: gen.MinEntities, Seed: 3}
	picks, err := Pick(ctx, cfg, "2025-11-20")
	if err != nil {
		t.Fatal(err)
	}
	if picks.HubMaterial == "" || len(picks.Materials) == 0 || picks.HubControl == "" || picks.PathFrom == "" || picks.PathTo == picks.PathFrom {
		t.Fatalf("picks %+v", picks)
	}
	again, _ := Pick(ctx, cfg, "2025-11-20")
	if fmt.Sprint(again) != fmt.Sprint(picks) {
		t.Errorf("picks differ between runs of the same config")
	}
	ids := []string{"product:a", "product:b"}
	for _, tc := range []struct {
		name     string
		embedded []string
		failed   bool
	}{{"agree", ids, false}, {"embedded differs", []string{"product:b", "product:a"}, true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeTargets(t, picks, ids, tc.embedded)
			defer srv.Close()
			rep, err := Bench(ctx, Options{
				Graph: cfg, AsOf: "2025-11-20",
				Endpoints: Endpoints{DQL: srv.URL + "/dql", DgraphGraphQL: srv.URL + "/graphql", Cluster: srv.URL + "/cluster", Embedded: srv.URL + "/embedded"},
				Run:       Config{Concurrency: 2, Rounds: 1, PerRound: 20 * time.Millisecond, Timeout: time.Second},
				Loads:     []Load{{Name: "live", Seconds: 2}, {Name: "ours", Seconds: 4}},
			})
			if tc.failed != (err != nil) {
				t.Fatalf("err = %v, failed checks %v", err, rep.Failed)
			}
			// 4 targets × (lookup, lookup-hub, search) + 2 × (chain, paths, exposure, neighborhood)
			want := 20
			if tc.failed {
				want -= 2 // embedded's two lookups
				if len(rep.Failed) != 2 || !strings.Contains(rep.Failed[0], "different ids") {
					t.Errorf("failed %v", rep.Failed)
				}
			}
			if len(rep.Results) != want {
				t.Errorf("%d results, want %d", len(rep.Results), want)
			}
			for _, r := range rep.Results {
				if r.Errors > 0 || r.Requests == 0 {
					t.Errorf("%s on %s: %d errors of %d: %s", r.Op, r.Target, r.Errors, r.Requests, r.FirstError)
				}
			}
			if l := rep.Loads[1]; l.VsBaseline != 0.5 || l.RecordsPerSec != float64(picks.Entities+picks.Edges)/4 {
				t.Errorf("load %+v", l)
			}
			var table strings.Builder
			if err := rep.WriteTable(&table); err != nil || !strings.Contains(table.String(), "chokepoint-cluster") {
				t.Errorf("table (%v):\n%s", err, table.String())
			}
		})
	}
	if _, err := Bench(ctx, Options{Graph: cfg, Endpoints: Endpoints{DQL: "http://192.168.1.1:8080/query"}}); err == nil {
		t.Error("Bench accepted a non-loopback target")
	}
}

func TestMixCountsOutcomesPerOperation(t *testing.T) {
	ctx := context.Background()
	cfg := gen.Config{Entities: gen.MinEntities, Seed: 3}
	picks, err := Pick(ctx, cfg, "2025-11-20")
	if err != nil {
		t.Fatal(err)
	}
	// Past their first request to a target (the check before the run),
	// exposures are refused with 503 and paths time out.
	type counts struct{ exposures, paths atomic.Int32 }
	seen := map[string]*counts{"/a": {}, "/b": {}}
	answers := fakeTargets(t, picks, []string{"product:a"}, []string{"product:a"})
	defer answers.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		n := seen[r.URL.Path]
		switch {
		case bytes.Contains(body, []byte("exposure(")) && n.exposures.Add(1) > 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"errors":[{"message":"busy","extensions":{"code":"RETRY_LATER"}}],"data":null}`)
		case bytes.Contains(body, []byte("paths(")) && n.paths.Add(1) > 1:
			fmt.Fprint(w, `{"errors":[{"message":"slow","extensions":{"code":"TIMEOUT"}}],"data":null}`)
		default:
			resp, err := http.Post(answers.URL+"/embedded", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			_, _ = io.Copy(w, resp.Body)
		}
	}))
	defer srv.Close()

	rep, err := Mix(ctx, MixOptions{
		Graph: cfg, AsOf: "2025-11-20", Targets: []MixTarget{{Name: "a", URL: srv.URL + "/a"}, {Name: "b", URL: srv.URL + "/b"}},
		Lookups: 3, Analysts: len(WalkOps), Think: time.Millisecond, Rounds: 2, PerRound: 100 * time.Millisecond, Timeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]MixResult{}
	for _, r := range rep.Results {
		got[r.Target+" "+r.Op] = r
	}
	if len(rep.Results) != 2*(2+len(WalkOps)) {
		t.Errorf("%d results, want lookup, %d walks and all walks for each of 2 targets", len(rep.Results), len(WalkOps))
	}
	for _, target := range []string{"a", "b"} {
		if r := got[target+" lookup"]; r.OK == 0 || r.OK != r.Requests || r.P99ms <= 0 || r.MaxMs < r.P99ms {
			t.Errorf("%s lookups: %+v", target, r)
		}
		if r := got[target+" chain"]; r.OK == 0 {
			t.Errorf("%s chains: %+v", target, r)
		}
		ex := got[target+" exposure"]
		if ex.Outcomes[RetryLater] == 0 || ex.OK != 0 || ex.RefusedP50ms <= 0 {
			t.Errorf("%s exposures: %+v, want only RETRY_LATER", target, ex)
		}
		ps := got[target+" paths"]
		if ps.Outcomes["TIMEOUT"] == 0 || ps.OK != 0 || !strings.Contains(ps.FirstError, "TIMEOUT") {
			t.Errorf("%s paths: %+v, want only TIMEOUT", target, ps)
		}
		all := got[target+" "+OpAllWalks]
		sum := 0
		for _, op := range WalkOps {
			sum += got[target+" "+op].Requests
		}
		if all.Requests != sum || all.Outcomes[RetryLater] != ex.Outcomes[RetryLater] {
			t.Errorf("%s all walks: %+v, want the sum of %d requests", target, all, sum)
		}
	}
	if len(rep.Procs) != 1 || rep.Procs[0].Name != "bench" {
		t.Errorf("processes %+v, want the bench itself", rep.Procs)
	}
	var table strings.Builder
	if err := rep.WriteTable(&table); err != nil || !strings.Contains(table.String(), "RETRY_LATER") || !strings.Contains(table.String(), "TIMEOUT ") {
		t.Errorf("table (%v):\n%s", err, table.String())
	}
	if _, err := Mix(ctx, MixOptions{Graph: cfg, Targets: []MixTarget{{Name: "x", URL: "http://192.168.1.1:8080/query"}}, Lookups: 1, Rounds: 1, PerRound: time.Millisecond, Timeout: time.Second}); err == nil {
		t.Error("Mix accepted a non-loopback target")
	}
}

func TestOutcomeNamesCodesStatusesAndTimeouts(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, OutcomeOK},
		{&statusError{status: 503, body: []byte(`{"errors":[{"extensions":{"code":"RETRY_LATER"}}]}`)}, RetryLater},
		{&statusError{status: 502, body: []byte(`bad gateway`)}, "HTTP 502"},
		{&answerError{body: []byte(`{"errors":[{"message":"x","extensions":{"code":"TIMEOUT"}}],"data":null}`)}, "TIMEOUT"},
		{&answerError{body: []byte(`{"errors":[{"message":"x"}]}`)}, "errors"},
		{fmt.Errorf("post: %w", context.DeadlineExceeded), OutcomeClientTimeout},
		{io.ErrUnexpectedEOF, OutcomeTransport},
	} {
		if got := outcome(c.err); got != c.want {
			t.Errorf("outcome(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
