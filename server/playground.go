package server

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/chokepoint/chokepoint/docs/queries"
)

//go:embed playground.html
var playgroundHTML string

// assets are the playground's and the explorer's built scripts and styles
// (GraphiQL 4.1.2, its explorer plugin and React 18.2.0 bundled from npm in
// assets/playground, licences beside them), so both pages work without
// network. See assets/README.md.
//
//go:embed assets
var assets embed.FS

var playgroundPage = template.Must(template.New("playground").Parse(playgroundHTML))

// playgroundPolicy allows exactly what the playground needs: its script
// and style sheet from /assets (also checked by their integrity hashes),
// its own inline script and style by a nonce fresh for every page (the
// nonce also admits the style element GraphiQL's dialogs add to lock
// scrolling), the data: images and fonts of GraphiQL's styles,
// requests to this origin only (/query), and no framing. CodeMirror's
// jump-to-line dialog writes two style attributes, allowed by their hashes.
func playgroundPolicy(nonce string) string {
	return "default-src 'none'; " +
		"script-src 'self' 'nonce-" + nonce + "'; " +
		"style-src 'self' 'nonce-" + nonce + "' 'unsafe-hashes'" + dialogStyleHashes + "; " +
		"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// dialogStyleHashes are the CSP hashes of the style attributes CodeMirror's
// jump-to-line dialog writes into the page.
var dialogStyleHashes = func() string {
	var b strings.Builder
	for _, style := range []string{"width: 10em", "color: #888"} {
		sum := sha256.Sum256([]byte(style))
		b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
	}
	return b.String()
}()

// playground serves GraphiQL with the examples as tabs and in its Examples
// menu, and a plain console over the same endpoint when the editor's script
// cannot run.
func playground(examples []queries.Example) (http.Handler, error) {
	script, err := readBuiltAsset("assets/playground/playground.js")
	if err != nil {
		return nil, err
	}
	style, err := readBuiltAsset("assets/playground/playground.css")
	if err != nil {
		return nil, err
	}
	type tab struct {
		Name  string `json:"name"`
		Title string `json:"title"`
		Query string `json:"query"`
	}
	tabs := make([]tab, len(examples))
	for i, e := range examples {
		tabs[i] = tab{e.Name, e.Title, e.Query}
	}
	// json.Marshal escapes <, > and &, so the JSON cannot close the script
	// element it sits in.
	raw, _ := json.Marshal(tabs)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [16]byte
		_, _ = rand.Read(b[:])
		nonce := base64.StdEncoding.EncodeToString(b[:])
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", playgroundPolicy(nonce))
		w.Header().Set("Cache-Control", "no-store") // a nonce serves one page
		_ = playgroundPage.Execute(w, struct {
			Examples      template.JS
			Nonce         string
			Script, Style builtAsset
		}{template.JS(raw), nonce, script, style})
	}), nil
}

// assetHandler serves the playground's and the explorer's scripts and
// styles; they change only with the binary. A directory is not listed.
// Scripts and style sheets go gzipped to clients that accept it, each
// compressed once, on its first request.
func assetHandler() http.Handler {
	files := http.FileServerFS(assets)
	var gzipped sync.Map // path → *gzipAsset
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Add("Vary", "Accept-Encoding")
		name := strings.TrimPrefix(r.URL.Path, "/")
		ext := path.Ext(name)
		if (ext == ".js" || ext == ".css") && acceptsGzip(r.Header.Get("Accept-Encoding")) && isFile(name) {
			v, _ := gzipped.LoadOrStore(name, &gzipAsset{}) // bounded: embedded files only
			if body, ok := v.(*gzipAsset).get(name); ok {
				w.Header().Set("Content-Type", mime.TypeByExtension(ext))
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				if r.Method != http.MethodHead {
					_, _ = w.Write(body)
				}
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// isFile says whether name is an embedded file (not a directory, not missing).
func isFile(name string) bool {
	info, err := fs.Stat(assets, name)
	return err == nil && !info.IsDir()
}

// gzipAsset is an embedded file, gzipped once.
type gzipAsset struct {
	once sync.Once
	body []byte
	ok   bool
}

func (g *gzipAsset) get(name string) ([]byte, bool) {
	g.once.Do(func() {
		raw, err := fs.ReadFile(assets, name)
		if err != nil {
			return // served as it is
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(raw)
		_ = zw.Close()
		g.body, g.ok = b.Bytes(), true
	})
	return g.body, g.ok
}

// acceptsGzip reads an Accept-Encoding header: gzip listed, and not with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
