package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// explorerQueries is where the explorer's GraphQL documents live; the
// bundle carries them as they are.
const explorerQueries = "../web/explore/src/queries"

// TestExplorerPage checks the explorer's page: served open even with a
// token (its requests carry the token), under a policy that allows no
// inline script or style and requires Trusted Types, its script and style
// sheet embedded and linked with the integrity hashes of what /assets serves.
func TestExplorerPage(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{Token: "s3cret"})
	resp, page := get(t, srv.URL+"/explore")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /explore: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	policy := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "style-src 'self';", "connect-src 'self';",
		"frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("policy %q lacks %q", policy, want)
		}
	}
	if strings.Contains(policy, "unsafe") || strings.Contains(policy, "nonce") || strings.Contains(policy, "*") {
		t.Errorf("policy %q is looser than the page needs", policy)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers %v", resp.Header)
	}
	if strings.Contains(page, "<style") || strings.Contains(page, " style=") {
		t.Errorf("the page has inline style")
	}
	tags := regexp.MustCompile(`<(script|link)\b([^>]*)>`).FindAllStringSubmatch(page, -1)
	if len(tags) != 2 {
		t.Fatalf("want one script and one style sheet, got %q", tags)
	}
	for _, tag := range tags {
		attr := func(name string) string {
			m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(tag[2])
			if m == nil {
				return ""
			}
			return strings.ReplaceAll(m[1], "&#43;", "+")
		}
		ref := attr("src") + attr("href")
		if !strings.HasPrefix(ref, "assets/explore/") || !strings.Contains(ref, "?v=") {
			t.Errorf("<%s%s> is not an embedded, versioned asset", tag[1], tag[2])
			continue
		}
		r, body := get(t, srv.URL+"/"+ref)
		if r.StatusCode != 200 || len(body) < 1000 {
			t.Errorf("GET /%s: %d, %d bytes", ref, r.StatusCode, len(body))
		}
		sum := sha512.Sum384([]byte(body))
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); attr("integrity") != want {
			t.Errorf("%s: integrity %q, want %q", ref, attr("integrity"), want)
		}
	}
	// The page's own address without its slash, so that its relative links hold.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := noRedirect.Get(srv.URL + "/explore/?view=paths")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/explore?view=paths" {
		t.Errorf("GET /explore/: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
}

// TestPlaygroundLinksToTheExplorer: the playground shows a link to /explore.
func TestPlaygroundLinksToTheExplorer(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	_, page := get(t, srv.URL+"/")
	if !regexp.MustCompile(`<a [^>]*href="explore"[^>]*>[^<]*[Ee]xplorer`).MatchString(page) {
		t.Errorf("the playground has no link to the explorer")
	}
}

// explorerDocument is a query file with the shared fragments it spreads
// appended, as the explorer sends it (withFragments in src/api.js).
func explorerDocument(t *testing.T, name string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(explorerQueries, name))
	if err != nil {
		t.Fatal(err)
	}
	frags, err := os.ReadFile(filepath.Join(explorerQueries, "fragments.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSpace(string(doc))
	for _, part := range regexp.MustCompile(`\n(?:fragment )`).Split("\n"+string(frags), -1)[1:] {
		name, _, _ := strings.Cut(part, " ")
		if strings.Contains(string(doc), "..."+name) {
			out += "\n\nfragment " + strings.TrimSpace(part)
		}
	}
	return out
}

// TestExplorerQueries runs every document the explorer sends against the
// curated graph, within the default limits, with the arguments its views
// use, and checks that the built bundle carries each of them.
func TestExplorerQueries(t *testing.T) {
	sdl, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	bundle, err := os.ReadFile("assets/explore/explore.js")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(explorerQueries, "*.graphql"))
	runs := map[string][]map[string]any{
		"ExploreSearch": {{"text": "dyspro"}, {"text": "No. 57"}},
		"ExploreEntity": {
			{"id": "control:mofcom-2025-57", "asOf": "2025-12-01", "relationsAsOf": "2025-12-01"},
			{"id": "group:rare-earth-elements", "asOf": "2025-12-01", "relationsAsOf": nil},
			{"id": "facility:jl-mag-baotou", "asOf": "2025-12-01", "relationsAsOf": nil},
			{"id": "source:gvw-china-export-control-update", "asOf": "2025-12-01", "relationsAsOf": nil},
		},
		"ExploreNames":        {{"ids": []string{"material:dysprosium", "product:f-35"}}},
		"ExploreNeighborhood": {{"id": "control:mofcom-2025-70", "depth": 2, "asOf": "2025-12-01"}},
		"ExploreChain": {
			{"id": "control:mofcom-2025-18", "direction": "DOWNSTREAM", "depth": 6, "asOf": "2025-12-01"},
			{"id": "product:f-35", "direction": "UPSTREAM", "depth": 10, "asOf": "2025-12-01"},
		},
		"ExploreExposure":     {{"id": "control:mofcom-2025-18", "depth": 10, "asOf": "2025-12-01"}},
		"ExplorePaths":        {{"from": "control:mofcom-2025-57", "to": "product:f-35", "k": 10, "maxHops": 10, "asOf": "2026-12-01"}},
		"ExploreControlReach": {{"id": "control:mofcom-2025-57", "asOf": "2025-12-01"}},
	}
	docs := map[string]string{}
	for _, f := range files {
		base := filepath.Base(f)
		if base == "fragments.graphql" {
			continue
		}
		doc := explorerDocument(t, base)
		parsed, errs := gqlparser.LoadQuery(schema, doc)
		if len(errs) > 0 {
			t.Errorf("%s: %v", base, errs)
			continue
		}
		if len(parsed.Operations) != 1 || parsed.Operations[0].Name == "" {
			t.Errorf("%s: want one named operation", base)
			continue
		}
		name := parsed.Operations[0].Name
		docs[name] = doc
		if !strings.Contains(string(bundle), "query "+name+"(") {
			t.Errorf("the bundle lacks %s: rebuild it (cd web/explore && npm ci && npm run build)", name)
		}
		if len(runs[name]) == 0 {
			t.Errorf("%s: no test run; add its arguments here", name)
		}
	}
	// On a graph of its own: the other tests of the package expect an empty one.
	storetest.Each(t, func(t *testing.T, s store.Store) {
		if err := storetest.SeedCurated(s); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.DropAll(context.Background()); err != nil {
				t.Errorf("drop all: %v", err)
			}
		})
		srv := newServer(t, s, server.Config{})
		for name, doc := range docs {
			for _, vars := range runs[name] {
				body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
				resp, err := http.Post(srv.URL+"/query", "application/json", strings.NewReader(string(body)))
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var a struct {
					Data   map[string]any    `json:"data"`
					Errors []json.RawMessage `json:"errors"`
				}
				if err := json.Unmarshal(data, &a); err != nil || resp.StatusCode != 200 || len(a.Errors) > 0 || len(a.Data) == 0 {
					t.Errorf("%s %v: %d %.400s", name, vars, resp.StatusCode, data)
				}
			}
		}
	})
}

// TestAssetsAreGzipped: scripts and style sheets go gzipped to clients that
// accept it, the same bytes once inflated, and as they are to others.
func TestAssetsAreGzipped(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	for _, path := range []string{"/assets/explore/explore.js", "/assets/explore/explore.css", "/assets/playground/playground.js", "/assets/playground/playground.css"} {
		plain, want := fetch(path, "")
		if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" || len(want) < 1000 {
			t.Fatalf("%s without gzip: %d %q, %d bytes", path, plain.StatusCode, plain.Header.Get("Content-Encoding"), len(want))
		}
		for i := range 2 { // compressed once, served twice
			resp, body := fetch(path, "br, gzip;q=0.8")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Type") != plain.Header.Get("Content-Type") ||
				!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Fatalf("%s #%d with gzip: %d %v", path, i, resp.StatusCode, resp.Header)
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(zr)
			if !bytes.Equal(got, want) || len(body) >= len(want) {
				t.Errorf("%s: %d bytes gzipped to %d, inflated to %d", path, len(want), len(body), len(got))
			}
		}
		if resp, _ := fetch(path, "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: gzip sent to a client that refuses it", path)
		}
	}
	if resp, _ := fetch("/assets/nowhere.js", "gzip"); resp.StatusCode != 404 {
		t.Errorf("a missing script: %d", resp.StatusCode)
	}
}
