package server_test

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/server"
)

// TestPlaygroundAssets checks the playground's script and style sheet: the
// bundle built from web/playground, linked with a version and the integrity
// hash of what /assets serves, and the licences of what it bundles beside it.
func TestPlaygroundAssets(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	_, page := get(t, srv.URL+"/")
	tags := regexp.MustCompile(`<(script|link)\b([^>]*(?:src|href)="[^"]*"[^>]*)>`).FindAllStringSubmatch(page, -1)
	want := map[string]bool{"assets/playground/playground.js": false, "assets/playground/playground.css": false}
	for _, tag := range tags {
		attr := func(name string) string {
			m := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(tag[2])
			if m == nil {
				return ""
			}
			return html.UnescapeString(m[1])
		}
		ref := attr("src") + attr("href")
		file, version, ok := strings.Cut(ref, "?v=")
		if _, known := want[file]; !known || !ok || len(version) != 12 {
			t.Errorf("<%s%s>: not the playground's bundle, versioned", tag[1], tag[2])
			continue
		}
		want[file] = true
		r, body := get(t, srv.URL+"/"+ref)
		if r.StatusCode != 200 || len(body) < 100_000 {
			t.Errorf("GET /%s: %d, %d bytes", ref, r.StatusCode, len(body))
		}
		sum := sha512.Sum384([]byte(body))
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); attr("integrity") != want {
			t.Errorf("%s: integrity %q, want %q", ref, attr("integrity"), want)
		}
	}
	for file, seen := range want {
		if !seen {
			t.Errorf("the page does not load %s", file)
		}
	}
	r, licences := get(t, srv.URL+"/assets/playground/LICENSES.txt")
	if r.StatusCode != 200 {
		t.Fatalf("LICENSES.txt: %d", r.StatusCode)
	}
	for _, pkg := range []string{"graphiql@4.1.2 (MIT)", "@graphiql/plugin-explorer@4.0.6 (MIT)", "graphiql-explorer@0.9.0 (MIT)",
		"@graphiql/react@0.34.1 (MIT)", "react@18.2.0 (MIT)", "react-dom@18.2.0 (MIT)", "graphql@16.11.0 (MIT)"} {
		if !strings.Contains(licences, "\n"+pkg+"\n") {
			t.Errorf("LICENSES.txt lacks %s", pkg)
		}
	}
	// The bundle is GraphiQL with the explorer plugin and the page's own parts.
	_, js := get(t, srv.URL+"/assets/playground/playground.js")
	for _, s := range []string{"chokepointPlayground", "GraphiQL Explorer", "examples-menu", "explore-links"} {
		if !strings.Contains(js, s) {
			t.Errorf("playground.js lacks %q", s)
		}
	}
}

// TestPlaygroundPolicyIsStrict: the policy allows scripts only from this
// origin and by the page's nonce, nothing evaluated from strings, requests
// to this origin only, and nothing from elsewhere.
func TestPlaygroundPolicyIsStrict(t *testing.T) {
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{})
	resp, _ := get(t, srv.URL+"/")
	policy := resp.Header.Get("Content-Security-Policy")
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "wasm-unsafe-eval", "*", "http:", "https:", "blob:"} {
		if strings.Contains(policy, bad) {
			t.Errorf("policy %q allows %s", policy, bad)
		}
	}
	directives := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{"default-src": "'none'", "connect-src": "'self'", "img-src": "'self' data:",
		"font-src": "'self' data:", "base-uri": "'none'", "form-action": "'none'", "frame-ancestors": "'none'"} {
		if directives[name] != want {
			t.Errorf("%s %q, want %q", name, directives[name], want)
		}
	}
	if !regexp.MustCompile(`^'self' 'nonce-[A-Za-z0-9+/=]{22,}'$`).MatchString(directives["script-src"]) {
		t.Errorf("script-src %q", directives["script-src"])
	}
}

// TestPlaygroundExamples: the page holds every example of docs/queries, in
// order, with its name, title and text, for its tabs and its Examples menu.
func TestPlaygroundExamples(t *testing.T) {
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, storetest.Open(t, "embedded"), server.Config{Examples: all})
	_, page := get(t, srv.URL+"/")
	m := regexp.MustCompile(`(?s)<script id="examples" type="application/json">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page holds no examples")
	}
	var got []struct{ Name, Title, Query string }
	if err := json.Unmarshal([]byte(m[1]), &got); err != nil {
		t.Fatalf("examples JSON: %v", err)
	}
	if len(got) != len(all) {
		t.Fatalf("%d examples in the page, %d in docs/queries", len(got), len(all))
	}
	for i, ex := range all {
		if got[i].Name != ex.Name || got[i].Title != ex.Title || got[i].Query != ex.Query {
			t.Errorf("example %d: %q %q, want %q %q", i, got[i].Name, got[i].Title, ex.Name, ex.Title)
		}
	}
}
