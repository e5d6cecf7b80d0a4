package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// readHTML reads an HTML page: its metadata (Open Graph and article: meta
// tags, the canonical link, JSON-LD, <time>, <title>) and the text of its
// article — the <article> element, else <main>, else the body — without
// scripts, styles, navigation, headers, footers, asides and forms. Block
// elements make paragraphs.
func readHTML(name string, data []byte) (*Article, error) {
	text, err := decodeHTML(name, data)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%s: malformed HTML: %w", name, err)
	}
	a := &Article{}
	m := pageMeta{}
	m.walk(doc)
	a.URL = first(m.ogURL, m.canonical, m.ldURL)
	a.Publisher = first(m.siteName, m.ldPublisher, m.publisher)
	a.Title = first(m.ogTitle, m.ldHeadline, siteless(m.title, a.Publisher), m.h1)
	a.Published = first(m.published, m.ldDate, m.metaDate, m.timeDate)
	a.Language = language(first(m.ldLanguage, m.lang))
	root := articleRoot(doc)
	var b textBuilder
	b.block(root)
	if b.words < minWords && root != doc {
		b = textBuilder{}
		b.block(doc)
	}
	a.Text = b.out.String()
	a.paras = b.paras
	return a, nil
}

// siteless drops the site's name from the end of a page title
// ("Story | Site", "Story - Site").
func siteless(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — "} {
		if t, ok := strings.CutSuffix(title, sep+site); ok {
			return t
		}
	}
	return title
}

// decodeHTML returns the page as UTF-8: as it is when it is UTF-8, else in
// the encoding its <meta charset> or http-equiv declares. An undeclared
// encoding that is not UTF-8, or a declared one that is unknown, is an
// error.
func decodeHTML(name string, data []byte) (string, error) {
	if utf16BOM(data) {
		return decodeText(name, data)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	label := declaredCharset(data)
	if label != "" {
		enc, canonical := charset.Lookup(label)
		if enc == nil {
			return "", fmt.Errorf("%s: unknown encoding %q declared in the page", name, clip(label, 40))
		}
		if canonical != "utf-8" {
			out, err := enc.NewDecoder().Bytes(data)
			if err != nil {
				return "", fmt.Errorf("%s: the page is not in its declared encoding %s: %v", name, canonical, err)
			}
			return string(out), nil
		}
	}
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		if label != "" {
			return "", fmt.Errorf("%s: byte 0x%02x at offset %d is not UTF-8, the encoding the page declares", name, data[off], off)
		}
		return "", fmt.Errorf("%s: unknown encoding: byte 0x%02x at offset %d is not UTF-8 and the page declares no charset", name, data[off], off)
	}
	return string(data), nil
}

// declaredCharset finds the charset a page declares in its first 4 KiB:
// <meta charset=…> or <meta http-equiv="Content-Type" content="…; charset=…">.
func declaredCharset(data []byte) string {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tn, hasAttr := z.TagName()
		if string(tn) == "body" {
			return ""
		}
		if string(tn) != "meta" || !hasAttr {
			continue
		}
		var cs, content string
		equiv := false
		for {
			k, v, more := z.TagAttr()
			switch strings.ToLower(string(k)) {
			case "charset":
				cs = string(v)
			case "http-equiv":
				equiv = strings.EqualFold(string(v), "content-type")
			case "content":
				content = string(v)
			}
			if !more {
				break
			}
		}
		if cs != "" {
			return strings.TrimSpace(cs)
		}
		if equiv {
			if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
				return strings.Trim(strings.TrimSpace(content[i+len("charset="):]), `"';`)
			}
		}
	}
}

// pageMeta collects the metadata of a page in one walk.
type pageMeta struct {
	ogTitle, title, h1, ldHeadline        string
	ogURL, canonical, ldURL               string
	siteName, publisher, ldPublisher      string
	published, metaDate, ldDate, timeDate string
	lang, ldLanguage                      string
}

func (m *pageMeta) walk(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Html:
			m.lang = attr(n, "lang")
		case atom.Title:
			if m.title == "" {
				m.title = nodeText(n)
			}
		case atom.H1:
			if m.h1 == "" {
				m.h1 = nodeText(n)
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
				m.canonical = attr(n, "href")
			}
		case atom.Time:
			if m.timeDate == "" {
				m.timeDate = attr(n, "datetime")
			}
		case atom.Meta:
			m.meta(n)
		case atom.Script:
			if strings.EqualFold(attr(n, "type"), "application/ld+json") {
				m.jsonLD(nodeText(n))
			}
			return
		}
		if prop := attr(n, "itemprop"); prop == "datePublished" && m.metaDate == "" {
			m.metaDate = first(attr(n, "content"), attr(n, "datetime"))
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.walk(c)
	}
}

func (m *pageMeta) meta(n *html.Node) {
	key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
	val := strings.TrimSpace(attr(n, "content"))
	if val == "" {
		return
	}
	set := func(p *string) {
		if *p == "" {
			*p = val
		}
	}
	switch key {
	case "og:title", "twitter:title":
		set(&m.ogTitle)
	case "og:url":
		set(&m.ogURL)
	case "og:site_name":
		set(&m.siteName)
	case "publisher", "dc.publisher", "citation_publisher":
		set(&m.publisher)
	case "article:published_time", "og:article:published_time":
		set(&m.published)
	case "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
		"datepublished", "parsely-pub-date", "sailthru.date", "citation_publication_date":
		set(&m.metaDate)
	case "og:locale", "language", "content-language", "dc.language":
		set(&m.ldLanguage)
	}
}

// jsonLD reads the first article object of a JSON-LD block: headline, url,
// datePublished, publisher's name, inLanguage.
func (m *pageMeta) jsonLD(src string) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(v any) bool
	visit = func(v any) bool {
		switch x := v.(type) {
		case []any:
			for _, it := range x {
				if visit(it) {
					return true
				}
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok && visit(g) {
				return true
			}
			if !articleType(x["@type"]) {
				return false
			}
			str := func(k string) string { s, _ := x[k].(string); return strings.TrimSpace(s) }
			set := func(p *string, v string) {
				if *p == "" {
					*p = v
				}
			}
			set(&m.ldHeadline, str("headline"))
			set(&m.ldURL, str("url"))
			set(&m.ldDate, str("datePublished"))
			set(&m.ldLanguage, str("inLanguage"))
			switch p := x["publisher"].(type) {
			case map[string]any:
				s, _ := p["name"].(string)
				set(&m.ldPublisher, strings.TrimSpace(s))
			case string:
				set(&m.ldPublisher, strings.TrimSpace(p))
			}
			if m.ldURL == "" {
				switch e := x["mainEntityOfPage"].(type) {
				case string:
					m.ldURL = e
				case map[string]any:
					s, _ := e["@id"].(string)
					m.ldURL = s
				}
			}
			return true
		}
		return false
	}
	visit(v)
}

func articleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "Report"
	case []any:
		for _, it := range x {
			if articleType(it) {
				return true
			}
		}
	}
	return false
}

// articleRoot is the element that holds the article: the <article> with
// the most text, else an element marked articleBody, else <main>, else the
// document.
func articleRoot(doc *html.Node) *html.Node {
	var best, main, body *html.Node
	bestLen := 0
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Article:
				if l := len(nodeText(n)); l > bestLen {
					best, bestLen = n, l
				}
			case n.DataAtom == atom.Main && main == nil:
				main = n
			case attr(n, "itemprop") == "articleBody" && body == nil:
				body = n
			}
			if skipped(n) {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	switch {
	case best != nil:
		return best
	case body != nil:
		return body
	case main != nil:
		return main
	}
	return doc
}

// skipped reports whether an element holds no article text.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form,
		atom.Button, atom.Svg, atom.Iframe, atom.Template, atom.Select, atom.Head, atom.Figure, atom.Menu:
		return true
	}
	if n.DataAtom == 0 && n.Data == "svg" {
		return true
	}
	if attr(n, "hidden") != "" || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "role"))
	for _, w := range []string{"navigation", "menu", "related", "share", "social", "comment", "newsletter", "advert", "promo", "cookie", "footer", "sidebar"} {
		if strings.Contains(cls, w) {
			return true
		}
	}
	return false
}

// blockElements start a new paragraph.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Body: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Dd: true, atom.Dt: true, atom.Dl: true,
	atom.Figcaption: true, atom.Br: true, atom.Hr: true, atom.Address: true,
}

// textBuilder writes the text of elements, one paragraph per block, white
// space collapsed.
type textBuilder struct {
	out   strings.Builder
	cur   strings.Builder
	paras []span
	words int
}

func (b *textBuilder) block(n *html.Node) {
	b.walk(n)
	b.flush()
}

func (b *textBuilder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped(n) {
			return
		}
		if blockElements[n.DataAtom] {
			b.flush()
			defer b.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c)
	}
}

// flush ends the current paragraph.
func (b *textBuilder) flush() {
	p := strings.Join(strings.Fields(b.cur.String()), " ")
	b.cur.Reset()
	if p == "" {
		return
	}
	if b.out.Len() > 0 {
		b.out.WriteString("\n\n")
	}
	start := b.out.Len()
	b.out.WriteString(p)
	b.paras = append(b.paras, span{start, b.out.Len()})
	b.words += strings.Count(p, " ") + 1
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// nodeText is the text under n, white space collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
