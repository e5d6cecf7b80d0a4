package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/extract"
)

// benchArticles are articles of about 800 words, as wire reports run: the
// evaluation texts' bodies put together until each has 800 words, in
// plain text with front matter, Markdown and HTML.
func benchArticles(b *testing.B) [][2]string {
	b.Helper()
	var bodies []string
	for _, set := range []string{"dev", "heldout", "fresh"} {
		files, _ := filepath.Glob(filepath.Join("testdata/eval", set, "*.md"))
		txt, _ := filepath.Glob(filepath.Join("testdata/eval", set, "*.txt"))
		for _, f := range append(files, txt...) {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			s := string(raw)
			if i := strings.Index(s[3:], "\n---\n"); strings.HasPrefix(s, "---\n") && i >= 0 {
				s = s[3+i+5:]
			}
			bodies = append(bodies, s)
		}
	}
	var out [][2]string
	for i := range bodies {
		var body strings.Builder
		for k := i; len(strings.Fields(body.String())) < 800; k++ {
			body.WriteString(bodies[k%len(bodies)])
			body.WriteString("\n\n")
		}
		front := "---\ntitle: A long report\nurl: https://example.org/bench/" + string(rune('a'+i)) + "\npublisher: Chokepoint evaluation set\ndate: 2025-11-20\n---\n"
		switch i % 3 {
		case 0:
			out = append(out, [2]string{"a.md", front + body.String()})
		case 1:
			out = append(out, [2]string{"a.txt", front + body.String()})
		default:
			var h strings.Builder
			h.WriteString(`<html><head><meta property="og:url" content="https://example.org/bench/h"><meta property="article:published_time" content="2025-11-20"><title>A long report</title></head><body><nav>Home</nav><article>`)
			for _, p := range strings.Split(body.String(), "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					h.WriteString("<p>" + strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(p) + "</p>\n")
				}
			}
			h.WriteString("</article><footer>©</footer></body></html>")
			out = append(out, [2]string{"a.html", h.String()})
		}
	}
	return out
}

// BenchmarkExtract reads and extracts one article of about 800 words per
// iteration; it reports articles per second of wall time and per second
// of CPU time. Run it on one core:
//
//	go test ./extract -run '^$' -bench Extract -cpu 1
func BenchmarkExtract(b *testing.B) {
	x := curatedExtractor(b)
	arts := benchArticles(b)
	words := 0
	for _, a := range arts {
		words += len(strings.Fields(a[1]))
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuSeconds()
	for i := 0; i < b.N; i++ {
		a := arts[i%len(arts)]
		art, err := extract.Read(a[0], []byte(a[1]), extract.Meta{})
		if err != nil {
			b.Fatal(err)
		}
		r := x.Extract(art)
		if len(r.Mentions) == 0 {
			b.Fatal("no mention found")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuSeconds()-cpu), "articles/cpu-s")
	b.ReportMetric(float64(words)/float64(len(arts)), "words/article")
}

// BenchmarkBuild turns the candidates of one article into records and
// evidence and writes the review file.
func BenchmarkBuild(b *testing.B) {
	x := curatedExtractor(b)
	arts := benchArticles(b)
	var results []*extract.Result
	for _, a := range arts {
		art, err := extract.Read(a[0], []byte(a[1]), extract.Meta{})
		if err != nil {
			b.Fatal(err)
		}
		results = append(results, x.Extract(art))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var w strings.Builder
		if err := extract.Build(results[i%len(results) : i%len(results)+1]).Write(&w); err != nil {
			b.Fatal(err)
		}
	}
}
