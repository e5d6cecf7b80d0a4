package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/server"
)

func TestSecurityHeaders(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	for _, path := range []string{"/healthz", "/query?query=%7B__typename%7D", "/", "/assets/playground/playground.js", "/nowhere"} {
		resp, _ := get(t, srv.URL+path)
		h := resp.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	if resp, _ := get(t, srv.URL+"/healthz"); resp.Header.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'none'" {
		t.Errorf("API policy: %s", resp.Header.Get("Content-Security-Policy"))
	}
}

// TestPlaygroundPolicyAllowsThePage checks that the playground's content
// security policy allows every inline script and style of the page by the
// page's nonce, fresh on every load, and every style attribute the editor's
// scripts write by its hash.
func TestPlaygroundPolicyAllowsThePage(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	resp, page := get(t, srv.URL+"/")
	policy := resp.Header.Get("Content-Security-Policy")
	m := regexp.MustCompile(`script-src 'self' 'nonce-([A-Za-z0-9+/=]{22,})'`).FindStringSubmatch(policy)
	if m == nil || strings.Contains(policy, "unsafe-inline") || strings.Contains(policy, "unsafe-eval") {
		t.Fatalf("policy %q", policy)
	}
	nonce := m[1]
	if !strings.Contains(policy, "style-src 'self' 'nonce-"+nonce+"'") {
		t.Errorf("styles are not allowed by the page's nonce: %q", policy)
	}
	inline := regexp.MustCompile(`<(script|style)([^>]*)>`).FindAllStringSubmatch(page, -1)
	for _, tag := range inline {
		attrs := html.UnescapeString(tag[2]) // as a browser reads it: "+" may come as &#43;
		if strings.Contains(attrs, "src=") || strings.Contains(attrs, `type="application/json"`) {
			continue
		}
		if !strings.Contains(attrs, `nonce="`+nonce+`"`) {
			t.Errorf("<%s%s> runs without the page's nonce", tag[1], attrs)
		}
	}
	if again, _ := get(t, srv.URL+"/"); again.Header.Get("Content-Security-Policy") == policy {
		t.Errorf("two pages share a nonce")
	}
	js, err := os.ReadFile("assets/playground/playground.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, attr := range regexp.MustCompile(`style="([^"\\]*)`).FindAllSubmatch(js, -1) {
		sum := sha256.Sum256(attr[1])
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(policy, h) {
			t.Errorf("the style attribute %q that GraphiQL writes is not allowed (%s)", attr[1], h)
		}
	}
}

func TestAssetsAreNotListed(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	for path, want := range map[string]int{"/assets/": 404, "/assets": 404, "/assets/playground/playground.css": 200, "/assets/playground/": 404} {
		resp, err := http.Get(srv.URL + path) // follows the redirect of /assets to /assets/
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestBearerToken(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{Token: "s3cret", AllowedOrigins: []string{"https://app.example"}})
	query := srv.URL + "/query?query=%7B__typename%7D"
	cases := []struct {
		name, url, auth string
		status          int
	}{
		{"a query without a token", query, "", 401},
		{"a query with the wrong token", query, "Bearer s3cre", 401},
		{"a query with another scheme", query, "Basic s3cret", 401},
		{"a query with the token", query, "Bearer s3cret", 200},
		{"the scheme in lower case", query, "bearer s3cret", 200},
		{"metrics without a token", srv.URL + "/metrics", "", 401},
		{"metrics with the token", srv.URL + "/metrics", "Bearer s3cret", 200},
		{"liveness stays open", srv.URL + "/healthz", "", 200},
		{"readiness stays open", srv.URL + "/readyz", "", 200},
		{"the playground page stays open", srv.URL + "/", "", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var header []string
			if c.auth != "" {
				header = []string{"Authorization", c.auth}
			}
			resp, body := get(t, c.url, header...)
			if resp.StatusCode != c.status {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if c.status == 401 && (resp.Header.Get("WWW-Authenticate") != `Bearer realm="chokepoint"` || !strings.Contains(body, `"code":"UNAUTHENTICATED"`)) {
				t.Fatalf("refusal: %v %s", resp.Header, body)
			}
		})
	}
	if resp := preflight(t, srv.URL+"/query", "https://app.example"); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("a preflight, which carries no token: %d", resp.StatusCode)
	}
}

// TestOperationLabelsAreBounded sends 10,000 distinct operation names: the
// metrics keep the examples' names, the first few others, and "other".
func TestOperationLabelsAreBounded(t *testing.T) {
	examples, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.New(t.Context(), storetest.Open(t, "embedded"), server.Config{Examples: examples, OperationLabels: 5,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	run := func(name string) {
		req := httptest.NewRequest(http.MethodGet, "/query?query="+fmt.Sprintf("query%%20%s%%7B__typename%%7D", name), nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", name, rec.Code, rec.Body)
		}
	}
	for i := range 10000 {
		run(fmt.Sprintf("Op%d", i))
	}
	run("MaterialProfile") // an example's name, after every slot is taken
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	metrics := rec.Body.String()
	labels := map[string]bool{}
	for _, m := range regexp.MustCompile(`chokepoint_graphql_requests_total\{operation="([^"]*)"`).FindAllStringSubmatch(metrics, -1) {
		labels[m[1]] = true
	}
	if len(labels) != 7 || !labels["Op4"] || labels["Op5"] || !labels["other"] || !labels["MaterialProfile"] {
		t.Fatalf("operation labels: %v", labels)
	}
	if !strings.Contains(metrics, `chokepoint_graphql_requests_total{operation="other",outcome="ok"} 9995`) {
		t.Fatalf("the other names are not counted as other")
	}
	t.Logf("metrics after 10,000 operation names: %d bytes", len(metrics))
}
