package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// maxSlug bounds an article's slug; a longer one ends with a hash of the
// whole URL so that two long URLs never share it.
const maxSlug = 96

// dashed is s folded (lower case, no diacritics) with its runs of letters
// and digits — and dots, with dots — joined by dashes; a limit above 0
// stops it once it holds that many bytes.
func dashed(s string, dots bool, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range kg.Fold(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || dots && r == '.' && b.Len() > 0:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if limit > 0 && b.Len() >= limit {
			break
		}
	}
	return b.String()
}

// articleSlug is the part of the ids of an article's records that comes
// from its URL: host and path, lower case, other characters as dashes
// (https://www.example.org/a/b.html → example.org-a-b.html).
func articleSlug(raw string) string {
	u, err := url.Parse(normalURL(raw))
	s := raw
	if err == nil {
		s = strings.TrimPrefix(strings.ToLower(u.Host), "www.") + "/" + u.Path
		if u.RawQuery != "" {
			s += "?" + u.RawQuery
		}
	}
	out := strings.Trim(dashed(s, true, 0), ".-")
	if len(out) > maxSlug {
		sum := sha256.Sum256([]byte(raw))
		out = strings.TrimRight(out[:maxSlug-9], ".-") + "-" + hex.EncodeToString(sum[:4])
	}
	if out == "" {
		out = "article"
	}
	return out
}

// source sets the article's Source record: the graph's own when it holds
// one with the article's URL, else a new one named by the title.
func (d *doc) source() {
	a := d.a
	if id, ok := d.x.ix.sourceByURL[normalURL(a.URL)]; ok {
		d.res.Source = kg.Entity{ID: id, Kind: kg.Source}
		d.res.SourceKnown = true
		return
	}
	attrs := map[kg.Attr]string{kg.AttrURL: a.URL, kg.AttrPublished: a.Published}
	if a.Publisher != "" {
		attrs[kg.AttrPublisher] = a.Publisher
	}
	if a.Language != "" {
		attrs[kg.AttrLanguage] = a.Language
	}
	name := a.Title
	if name == "" {
		name = a.URL
	}
	d.res.Source = kg.Entity{ID: "source:" + d.slug, Kind: kg.Source, Name: clip(name, 900), Attrs: attrs}
}
