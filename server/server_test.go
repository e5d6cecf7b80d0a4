package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// downStore answers catalog queries but fails its readiness probe, like a
// cluster whose alphas went away after start.
type downStore struct{ store.Store }

func (downStore) Ping(context.Context) error {
	return kg.Wrap(kg.CodeUnavailable, errors.New("connection refused"), "dgraph is unavailable")
}

func newServer(t *testing.T, st store.Store, cfg server.Config) *httptest.Server {
	t.Helper()
	h, err := server.New(context.Background(), st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestProbesMetricsAndPlayground(t *testing.T) {
	st := storetest.Open(t, "embedded")
	srv := newServer(t, st, server.Config{Examples: []queries.Example{{Name: "01-x", Title: "A </script> title", Query: "{ search(text: \"x\") { score } }"}}})

	if resp, body := get(t, srv.URL+"/healthz"); resp.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	if resp, body := get(t, srv.URL+"/readyz"); resp.StatusCode != 200 || !strings.Contains(body, `"ready"`) {
		t.Fatalf("readyz: %d %s", resp.StatusCode, body)
	}
	resp, body := get(t, srv.URL+"/query?query="+`%7B%20search(text%3A%20%22x%22)%20%7B%20score%20%7D%20%7D`, "X-Request-ID", "abc-123")
	if resp.StatusCode != 200 || resp.Header.Get("X-Request-ID") != "abc-123" || !strings.Contains(body, `"search":[]`) {
		t.Fatalf("GET /query: %d %q %s", resp.StatusCode, resp.Header.Get("X-Request-ID"), body)
	}
	get(t, srv.URL+"/query?query="+`%7B%20search(text%3A%20%22%22)%20%7B%20score%20%7D%20%7D`)
	_, metrics := get(t, srv.URL+"/metrics")
	for _, want := range []string{
		`chokepoint_graphql_requests_total{operation="anonymous",outcome="ok"} 1`,
		`chokepoint_graphql_errors_total{code="INVALID_ARGUMENT"} 1`,
		`chokepoint_graphql_request_duration_seconds_bucket`,
		`chokepoint_dql_duration_seconds_count{kind="query"}`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	resp, page := get(t, srv.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(page, "graphiql") || !strings.Contains(page, `A \u003c/script\u003e title`) {
		t.Fatalf("playground: %d\n%s", resp.StatusCode, page)
	}
	if resp, _ := get(t, srv.URL+"/nowhere"); resp.StatusCode != 404 {
		t.Fatalf("unknown path: %d", resp.StatusCode)
	}
}

func TestReadyzReportsADownBackend(t *testing.T) {
	srv := newServer(t, downStore{storetest.Open(t, "embedded")}, server.Config{})
	resp, body := get(t, srv.URL+"/readyz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"unavailable"`) {
		t.Fatalf("readyz with a down backend: %d %s", resp.StatusCode, body)
	}
}

// preflight sends a browser's CORS preflight for a POST from origin.
func preflight(t *testing.T, url, origin string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodOptions, url, nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestCORS(t *testing.T) {
	var logs syncLog
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{AllowedOrigins: []string{"https://app.example/"},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	send := func(method, origin string, headers ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+"/query", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Origin", origin)
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	// The configured origin had a trailing slash; browsers send none.
	resp := send(http.MethodOptions, "https://app.example", "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "content-type, apollographql-client-name, apollographql-client-version, authorization")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" ||
		resp.Header.Get("Access-Control-Allow-Credentials") != "true" || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "apollographql-client-name") ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "POST") || resp.Header.Get("Vary") != "Origin" {
		t.Fatalf("preflight of an Apollo client: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := send(http.MethodPost, "https://app.example"); resp.StatusCode != http.StatusOK ||
		resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" || resp.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Fatalf("request from the allowed origin: %d %v", resp.StatusCode, resp.Header)
	}
	if strings.Contains(logs.String(), "refused") {
		t.Fatalf("allowed requests logged a refusal: %s", logs.String())
	}
	for _, c := range []struct {
		name    string
		method  string
		origin  string
		headers []string
		status  int
		because string
	}{
		{"another origin", http.MethodPost, "https://evil.example", nil, http.StatusOK, `reason="origin not in --cors-origins"`},
		{"the origin on another port", http.MethodPost, "https://app.example:8443", nil, http.StatusOK, `origin=https://app.example:8443`},
		{"a header not allowed", http.MethodOptions, "https://app.example", []string{"Access-Control-Request-Method", "POST",
			"Access-Control-Request-Headers", "x-secret"}, http.StatusForbidden, `reason="header x-secret not allowed"`},
		{"a method not allowed", http.MethodOptions, "https://app.example", []string{"Access-Control-Request-Method", "DELETE"},
			http.StatusForbidden, `reason="method DELETE not allowed"`},
	} {
		logs.Reset()
		if resp := send(c.method, c.origin, c.headers...); resp.StatusCode != c.status || resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: %d %v", c.name, resp.StatusCode, resp.Header)
		}
		if l := logs.String(); !strings.Contains(l, "cross-origin request refused") || !strings.Contains(l, c.because) {
			t.Errorf("%s: the log does not say why: %s", c.name, l)
		}
		logs.Reset()
	}
	// A same-origin POST carries Origin too: it is not cross-origin.
	host := strings.TrimPrefix(srv.URL, "http://")
	if resp := send(http.MethodPost, "http://"+host); resp.StatusCode != http.StatusOK || strings.Contains(logs.String(), "refused") {
		t.Errorf("same-origin request: %d, log %q", resp.StatusCode, logs.String())
	}
}

func TestCORSOriginsMustBeOrigins(t *testing.T) {
	for _, o := range []string{"app.example", "https://app.example/path", "ftp://app.example", "https://"} {
		if _, err := server.New(context.Background(), storetest.Open(t, "embedded"), server.Config{AllowedOrigins: []string{o}}); err == nil {
			t.Errorf("origin %q was accepted", o)
		}
	}
}

// syncLog is a log buffer safe for the server's goroutines.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *syncLog) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }
func (l *syncLog) Reset()                      { l.mu.Lock(); defer l.mu.Unlock(); l.b.Reset() }

// flakyStore fails every query once down is set, as a backend that went away.
type flakyStore struct {
	store.Store
	down atomic.Bool
}

func (f *flakyStore) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	if f.down.Load() {
		return nil, kg.Wrap(kg.CodeUnavailable, errors.New("rpc error: code = Unavailable desc = connection refused"), "dgraph is unavailable (query)")
	}
	return f.Store.Query(ctx, q, vars)
}

func TestDownBackendIsUnavailableNotInternal(t *testing.T) {
	fs := &flakyStore{Store: storetest.Open(t, "embedded")}
	srv := newServer(t, fs, server.Config{})
	fs.down.Store(true)
	resp, err := http.Post(srv.URL+"/query", "application/json", strings.NewReader(`{"query":"{ entity(id: \"material:dysprosium\") { name } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"code":"UNAVAILABLE"`) || strings.Contains(string(body), "rpc error") {
		t.Fatalf("down backend answered: %s", body)
	}
}

// TestPlaygroundIsSelfContained checks that every script and style the
// playground page loads is served by the binary itself.
func TestPlaygroundIsSelfContained(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	_, page := get(t, srv.URL+"/")
	refs := regexp.MustCompile(`<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 2 {
		t.Fatalf("playground loads %d files: %v", len(refs), refs)
	}
	for _, ref := range refs {
		if strings.Contains(ref[1], "//") {
			t.Errorf("playground loads %s from elsewhere", ref[1])
			continue
		}
		resp, body := get(t, srv.URL+"/"+ref[1])
		if resp.StatusCode != 200 || len(body) < 1000 {
			t.Errorf("%s: %d, %d bytes", ref[1], resp.StatusCode, len(body))
		}
	}
}

// panicStore panics on queries once armed, as a bug below the resolvers would.
type panicStore struct {
	store.Store
	armed atomic.Bool
}

func (p *panicStore) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	if p.armed.Load() {
		panic("boom")
	}
	return p.Store.Query(ctx, q, vars)
}

func TestPanicBecomesInternalAndIsLogged(t *testing.T) {
	var logs bytes.Buffer
	ps := &panicStore{Store: storetest.Open(t, "embedded")}
	srv := newServer(t, ps, server.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	ps.armed.Store(true)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/query", strings.NewReader(`{"query":"{ entity(id: \"material:dysprosium\") { name } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "req-42")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"code":"INTERNAL"`) || strings.Contains(string(body), "boom") {
		t.Fatalf("panic answered: %s", body)
	}
	if !strings.Contains(logs.String(), "panic") || !strings.Contains(logs.String(), "request_id=req-42") || !strings.Contains(logs.String(), "boom") {
		t.Fatalf("panic not logged with its request id:\n%s", logs.String())
	}
}

func TestAutomaticPersistedQueries(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	const query = `{ search(text: "apq") { score } }`
	sum := sha256.Sum256([]byte(query))
	ext := url.QueryEscape(fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%s"}}`, hex.EncodeToString(sum[:])))
	if _, body := get(t, srv.URL+"/query?extensions="+ext); !strings.Contains(body, "PERSISTED_QUERY_NOT_FOUND") {
		t.Fatalf("unknown hash: %s", body)
	}
	if _, body := get(t, srv.URL+"/query?query="+url.QueryEscape(query)+"&extensions="+ext); !strings.Contains(body, `"search":[]`) {
		t.Fatalf("register: %s", body)
	}
	if _, body := get(t, srv.URL+"/query?extensions="+ext); !strings.Contains(body, `"search":[]`) {
		t.Fatalf("by hash: %s", body)
	}
}
