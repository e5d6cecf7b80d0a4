package extract_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/extract"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const body = "The European Commission said on Tuesday that it welcomed the suspension of the export controls announced in October by China."

func TestReadTakesMetadataFromEachFormat(t *testing.T) {
	for _, tc := range []struct {
		name, input                       string
		url, publisher, date, title, lang string
	}{
		{"front.md", "---\ntitle: \"A title\"\nurl: https://example.org/a\npublisher: Wire\ndate: 2025-11-04\nlanguage: en-GB\n---\n# A title\n\n" + body,
			"https://example.org/a", "Wire", "2025-11-04", "A title", "en"},
		{"front.txt", "---\nurl: https://example.org/t\npublished: 2025-11-04T10:00:00Z\n---\nHeadline here\n\n" + body,
			"https://example.org/t", "", "2025-11-04", "Headline here", ""},
		{"og.html", `<html lang="en"><head><meta property="og:url" content="https://example.org/h"><meta property="og:site_name" content="Site">
			<meta property="og:title" content="OG title"><meta property="article:published_time" content="2025-11-04T08:00:00+01:00"><title>T | Site</title></head>
			<body><article><p>` + body + `</p></article></body></html>`,
			"https://example.org/h", "Site", "2025-11-04", "OG title", "en"},
		{"ld.html", `<html><head><title>Page - Site</title><script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "headline": "LD headline",
			"mainEntityOfPage": {"@id": "https://example.org/ld"}, "datePublished": "2025-11-05", "publisher": {"name": "LD Pub"}, "inLanguage": "fr"}]}</script></head>
			<body><main><p>` + body + `</p></main></body></html>`,
			"https://example.org/ld", "LD Pub", "2025-11-05", "LD headline", "fr"},
		{"time.html", `<html><head><link rel="canonical" href="https://example.org/c"><meta name="publisher" content="P"><title>Plain - P</title></head>
			<body><div itemprop="articleBody"><time datetime="2025-11-06">6 Nov</time><p>` + body + `</p></div></body></html>`,
			"https://example.org/c", "P", "2025-11-06", "Plain", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := extract.Read(tc.name, []byte(tc.input), extract.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != tc.url || a.Publisher != tc.publisher || a.Published != tc.date || a.Title != tc.title || a.Language != tc.lang {
				t.Errorf("got url %q publisher %q date %q title %q lang %q", a.URL, a.Publisher, a.Published, a.Title, a.Language)
			}
		})
	}
	// The command line wins over the file.
	a, err := extract.Read("f.md", []byte("---\nurl: https://example.org/a\ndate: 2025-11-04\n---\n"+body),
		extract.Meta{URL: "https://example.org/flag", Published: "2025-12-01", Publisher: "Flag"})
	if err != nil || a.URL != "https://example.org/flag" || a.Published != "2025-12-01" || a.Publisher != "Flag" {
		t.Fatalf("flags: %+v, %v", a, err)
	}
}

// Offsets count characters of the file for plain text and Markdown: front
// matter and markup are blanked, not removed.
func TestReadKeepsCharacterOffsetsOfMarkdown(t *testing.T) {
	src := "---\ntitle: Šefčovič – talks\nurl: https://example.org/m\ndate: 2025-11-04\n---\n## **Šefčovič** met [Wang](https://example.org/w) _today_\n\n" + body
	a, err := extract.Read("m.md", []byte(src), extract.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if utf8.RuneCountInString(a.Text) != utf8.RuneCountInString(src) {
		t.Fatalf("text has %d characters, the file %d", utf8.RuneCountInString(a.Text), utf8.RuneCountInString(src))
	}
	runes, text := []rune(src), []rune(a.Text)
	for _, w := range []string{"Šefčovič** met", "Wang]", "today", "European Commission"} {
		w = strings.TrimRight(w, "*]")
		w = strings.Split(w, "*")[0]
		i := strings.Index(src[strings.Index(src, "\n---\n")+5:], w) + strings.Index(src, "\n---\n") + 5
		at := utf8.RuneCountInString(src[:i])
		if got := string(text[at : at+utf8.RuneCountInString(w)]); got != w || string(runes[at:at+utf8.RuneCountInString(w)]) != w {
			t.Errorf("%q is %q at character %d of the text", w, got, at)
		}
	}
	for _, markup := range []string{"##", "**", "](", "_today_", "url:"} {
		if strings.Contains(a.Text, markup) {
			t.Errorf("text keeps markup %q", markup)
		}
	}
}

func TestReadHTMLLeavesOutThePageFurniture(t *testing.T) {
	page := `<html><head><meta property="og:url" content="https://example.org/p"><meta name="date" content="2025-11-04">
<style>p { color: red }</style><script>var x = "Olof Gill said";</script></head><body>
<header>Site header</header><nav>Home · Trade</nav>
<article><h1>Headline</h1><p>` + body + `</p><aside>Related: Gallium prices</aside><div class="share-buttons">Share on X</div><p>Second &amp; last paragraph of the story, which has words enough.</p></article>
<footer>© Site</footer></body></html>`
	a, err := extract.Read("p.html", []byte(page), extract.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Headline\n\n" + body + "\n\nSecond & last paragraph of the story, which has words enough."
	if a.Text != want {
		t.Fatalf("text:\n%q\nwant:\n%q", a.Text, want)
	}
}

func TestReadDecodesDeclaredEncodings(t *testing.T) {
	latin, err := charmap.ISO8859_2.NewEncoder().String(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><meta property="og:url" content="https://example.org/l">
<meta name="date" content="2025-11-04"></head><body><p>Maroš Šefčovič said the café talks were useful. ` + body + `</p></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	a, err := extract.Read("l.html", []byte(latin), extract.Meta{})
	if err != nil {
		t.Fatalf("ISO 8859-2 page: %v", err)
	}
	if !strings.Contains(a.Text, "Maroš Šefčovič said the café") {
		t.Fatalf("ISO 8859-2 page: %q", a.Text)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("---\nurl: https://example.org/u\ndate: 2025-11-04\n---\nŠefčovič spoke. " + body)
	if err != nil {
		t.Fatal(err)
	}
	a, err = extract.Read("u.txt", []byte(utf16), extract.Meta{})
	if err != nil {
		t.Fatalf("UTF-16 text: %v", err)
	}
	if !strings.HasSuffix(a.Text, "Šefčovič spoke. "+body) {
		t.Fatalf("UTF-16 text: %q", a.Text)
	}
}

func TestReadRefusesBadInput(t *testing.T) {
	front := "---\nurl: https://example.org/a\ndate: 2025-11-04\n---\n"
	for name, tc := range map[string]struct {
		file, input string
		meta        extract.Meta
		want        string
	}{
		"binary":       {"a.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", extract.Meta{}, "a.txt: binary data"},
		"latin-1":      {"a.txt", front + "Caf\xe9 talks. " + body, extract.Meta{}, "a.txt: unknown encoding: byte 0xe9 at offset 55 is not UTF-8"},
		"html latin-1": {"a.html", "<p>Caf\xe9 " + body + "</p>", extract.Meta{}, "a.html: unknown encoding: byte 0xe9 at offset 6 is not UTF-8 and the page declares no charset"},
		"charset":      {"a.html", `<meta charset="klingon"><p>` + body + `</p>`, extract.Meta{}, `a.html: unknown encoding "klingon" declared in the page`},
		"empty":        {"a.md", " \n\t\n", extract.Meta{}, "a.md: empty article"},
		"short":        {"a.md", front + "Too short.", extract.Meta{}, "a.md: too little text for an article (2 words; want at least 20)"},
		"no text":      {"a.html", `<html><body><nav>` + body + `</nav><script>` + body + `</script><p>Cookies?</p></body></html>`, extract.Meta{URL: "https://e.org/x", Published: "2025-11-04"}, "a.html: no article text in the page (1 words"},
		"no url":       {"a.txt", body, extract.Meta{Published: "2025-11-04"}, "a.txt: no URL"},
		"bad url":      {"a.txt", body, extract.Meta{URL: "ftp://example.org/a", Published: "2025-11-04"}, `a.txt: URL "ftp://example.org/a" is not an http(s) address`},
		"no date":      {"a.txt", body, extract.Meta{URL: "https://example.org/a"}, "a.txt: no publication date"},
		"bad date":     {"a.txt", "---\nurl: https://e.org/a\ndate: Tuesday\n---\n" + body, extract.Meta{}, `a.txt: publication date "Tuesday" is not a date`},
		"extension":    {"a.docx", body, extract.Meta{}, `a.docx: unknown article format ".docx"`},
		"too large":    {"a.txt", strings.Repeat("word ", extract.MaxArticleBytes/5+1), extract.Meta{}, "a.txt: 8388610 bytes is too large"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := extract.Read(tc.file, []byte(tc.input), tc.meta)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

// FuzzRead feeds arbitrary bytes as every format: Read either refuses
// them or gives an article that extraction reads without panicking.
func FuzzRead(f *testing.F) {
	f.Add([]byte("---\nurl: https://example.org/a\ndate: 2025-11-04\n---\n" + body))
	f.Add([]byte(`<html><head><meta property="og:url" content="https://example.org/h"><meta name="date" content="2025-11-04"></head><body><p>"We welcome it," he said on Friday. No. 61 and Nos. 55 to 58; €3bn (about $3.5bn) a day, 99% of 44 million tonnes.</p></body></html>`))
	f.Add([]byte("\xff\xfe---\x00"))
	x := curatedExtractor(f)
	meta := extract.Meta{URL: "https://example.org/f", Published: "2025-11-04"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.txt", "a.md", "a.html"} {
			a, err := extract.Read(name, bytes.Clone(data), meta)
			if err != nil {
				continue
			}
			r := x.Extract(a)
			var out bytes.Buffer
			if err := extract.Build([]*extract.Result{r}).Write(&out); err != nil {
				t.Fatal(err)
			}
		}
	})
}
