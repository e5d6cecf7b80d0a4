package server

import (
	"crypto/sha256"
	"crypto/sha512"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
)

//go:embed explore.html
var exploreHTML string

var explorePage = template.Must(template.New("explore").Parse(exploreHTML))

// builtAsset is one built file under assets as a page links it: a version
// taken from its content, so that a new binary's file is not served from an
// old cache, and its Subresource Integrity hash.
type builtAsset struct {
	Path      string
	Integrity string
}

// readBuiltAsset describes the embedded file at name (e.g.
// "assets/explore/explore.js").
func readBuiltAsset(name string) (builtAsset, error) {
	b, err := fs.ReadFile(assets, name)
	if err != nil {
		return builtAsset{}, err
	}
	version := sha256.Sum256(b)
	sri := sha512.Sum384(b)
	return builtAsset{
		Path:      name + "?v=" + hex.EncodeToString(version[:6]),
		Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]),
	}, nil
}

// explorerAssets reads the explorer's script and style sheet, built from
// web/explore into assets/explore (see web/explore/README.md).
func explorerAssets() (script, style builtAsset, err error) {
	if script, err = readBuiltAsset("assets/explore/explore.js"); err != nil {
		return
	}
	style, err = readBuiltAsset("assets/explore/explore.css")
	return
}

// explorer serves the analyst explorer's page. Everything it shows it asks
// of /query, as any client does; the page itself holds no data.
func explorer() (http.Handler, error) {
	script, style, err := explorerAssets()
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", explorerPolicy)
		w.Header().Set("Cache-Control", "no-cache")
		_ = explorePage.Execute(w, struct{ Script, Style builtAsset }{script, style})
	}), nil
}
