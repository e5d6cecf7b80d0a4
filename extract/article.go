package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// Article is one news article as extract reads it: its text and what is
// known of its publication.
type Article struct {
	// Name is the file it came from, for messages.
	Name      string
	URL       string
	Publisher string
	Title     string
	Published string // YYYY-MM-DD
	Language  string // ISO 639-1, when the page declares it
	// Text is what the offsets of the evidence count in: the file itself
	// for plain text and Markdown (front matter and markup blanked out with
	// spaces, so that every character keeps its place), the text of the
	// article's elements for HTML, paragraphs separated by a blank line.
	Text string
	// Format is "txt", "md" or "html".
	Format string
	paras  []span
}

// span is a range of bytes of the article's text.
type span struct{ start, end int }

// Meta is what the command line says about an article; it wins over what
// the file says.
type Meta struct {
	URL, Publisher, Published, Title string
}

// MaxArticleBytes bounds an article file: a news article is tens of
// kilobytes, a page with its scripts a few hundred.
const MaxArticleBytes = 8 << 20

// minWords is the fewest words of text an article may have.
const minWords = 20

// Read reads one article file. Its format comes from the name's extension:
// .txt, .md (or .markdown), .html (or .htm). Bad input is an error that
// says what is wrong: a binary file, an encoding that is not UTF-8 nor
// declared, an empty article, a page without article text, or no URL or
// date from the file or the command line.
func Read(name string, data []byte, over Meta) (*Article, error) {
	format, err := formatOf(name)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxArticleBytes {
		return nil, fmt.Errorf("%s: %d bytes is too large for an article (at most %d)", name, len(data), MaxArticleBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty article", name)
	}
	if !utf16BOM(data) && binaryData(data) {
		return nil, fmt.Errorf("%s: binary data, not an article (want UTF-8 text, Markdown or HTML)", name)
	}
	var a *Article
	if format == "html" {
		a, err = readHTML(name, data)
	} else {
		a, err = readText(name, data, format)
	}
	if err != nil {
		return nil, err
	}
	a.Name, a.Format = name, format
	if err := a.apply(over); err != nil {
		return nil, err
	}
	return a, nil
}

func formatOf(name string) (string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return "txt", nil
	case ".md", ".markdown":
		return "md", nil
	case ".html", ".htm", ".xhtml":
		return "html", nil
	}
	return "", fmt.Errorf("%s: unknown article format %q: want .txt, .md or .html", name, filepath.Ext(name))
}

// binaryData reports whether data looks like a binary file: a NUL byte,
// or more than one control character in a hundred in its first 8 KiB.
func binaryData(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*100 > len(head)
}

func utf16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// apply sets what the command line gives, then checks that the article
// has what a Source needs.
func (a *Article) apply(over Meta) error {
	if over.URL != "" {
		a.URL = over.URL
	}
	if over.Publisher != "" {
		a.Publisher = over.Publisher
	}
	if over.Published != "" {
		a.Published = over.Published
	}
	if over.Title != "" {
		a.Title = over.Title
	}
	a.URL = strings.TrimSpace(a.URL)
	a.Publisher = cleanLine(a.Publisher)
	a.Title = cleanLine(a.Title)
	if a.Title == "" {
		a.Title = a.firstLine()
	}
	switch u, err := url.Parse(a.URL); {
	case a.URL == "":
		return fmt.Errorf("%s: no URL: give --url, a url: line in the front matter, or an og:url or canonical link in the page", a.Name)
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("%s: URL %q is not an http(s) address", a.Name, clip(a.URL, 100))
	}
	if a.Published == "" {
		return fmt.Errorf("%s: no publication date: give --date, a date: line in the front matter, or an article:published_time, JSON-LD datePublished or <time> in the page", a.Name)
	}
	d, ok := isoDay(a.Published)
	if !ok {
		return fmt.Errorf("%s: publication date %q is not a date (want YYYY-MM-DD)", a.Name, clip(a.Published, 40))
	}
	a.Published = d
	if a.words() < minWords {
		if a.Format == "html" {
			return fmt.Errorf("%s: no article text in the page (%d words outside navigation, scripts and page furniture; want at least %d)", a.Name, a.words(), minWords)
		}
		return fmt.Errorf("%s: too little text for an article (%d words; want at least %d)", a.Name, a.words(), minWords)
	}
	return nil
}

// isoDay reads a date, or a timestamp that starts with one, as YYYY-MM-DD.
func isoDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return "", false
	}
	if _, err := time.Parse(kg.DateLayout, s[:10]); err != nil {
		return "", false
	}
	return s[:10], true
}

func (a *Article) words() int {
	n := 0
	for _, p := range a.paras {
		n += len(strings.Fields(a.Text[p.start:p.end]))
	}
	return n
}

func (a *Article) firstLine() string {
	for _, p := range a.paras {
		if line := cleanLine(a.Text[p.start:p.end]); line != "" {
			return clip(line, 200)
		}
	}
	return ""
}

// cleanLine collapses white space and drops control characters, which a
// name may not hold.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || bidiControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func bidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// clip cuts s to at most n bytes on a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// offsets converts byte offsets of the text into character offsets.
type offsets struct {
	text  string
	ascii bool
	runes []int32 // runes[b] = characters before byte b, when not ASCII
}

func newOffsets(text string) *offsets {
	o := &offsets{text: text, ascii: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			o.ascii = false
			break
		}
	}
	if !o.ascii {
		// runes[i] counts the characters that start before byte i.
		o.runes = make([]int32, len(text)+1)
		n := int32(0)
		for i := 0; i < len(text); i++ {
			o.runes[i] = n
			if utf8.RuneStart(text[i]) {
				n++
			}
		}
		o.runes[len(text)] = n
	}
	return o
}

// char is the character offset of byte offset b.
func (o *offsets) char(b int) int {
	if o.ascii {
		return b
	}
	return int(o.runes[b])
}
