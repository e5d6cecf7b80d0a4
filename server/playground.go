package server

import (
	"embed"
	"encoding/json"
	"html/template"
	"net/http"

	"github.com/chokepoint/chokepoint/docs/queries"
)

//go:embed playground.html
var playgroundHTML string

// assets are GraphiQL 4.1.2 and React 18.2.0 as their npm packages ship
// them (licences beside them), so the playground works without network.
//
//go:embed assets
var assets embed.FS

var playgroundPage = template.Must(template.New("playground").Parse(playgroundHTML))

// playground serves GraphiQL with the examples as tabs, and a plain console
// over the same endpoint when the editor's scripts cannot be fetched.
func playground(examples []queries.Example) http.Handler {
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
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = playgroundPage.Execute(w, template.JS(raw))
	})
}

// assetHandler serves the playground's scripts and styles; they change
// only with the binary.
func assetHandler() http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
