package extract

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// readText reads a plain-text or Markdown article. An optional front
// matter block (lines between two lines of ---) gives title, url,
// publisher and date (or published); it is blanked out of the text, and so
// is Markdown markup, with spaces, so that offsets count characters of the
// file as it is.
func readText(name string, data []byte, format string) (*Article, error) {
	text, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	buf := []byte(text)
	a := &Article{}
	if n := frontMatter(buf, a); n > 0 {
		blank(buf[:n])
	}
	if format == "md" {
		blankMarkdown(buf)
	}
	a.Text = string(bytes.ReplaceAll(buf, []byte{0}, nil))
	a.paras = paragraphs(a.Text)
	return a, nil
}

// decodeText returns data as UTF-8 text: UTF-8 as it is (a byte order mark
// dropped), UTF-16 with a byte order mark decoded; anything else is an
// unknown encoding.
func decodeText(name string, data []byte) (string, error) {
	switch {
	case utf16BOM(data):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil || !utf8.Valid(out) {
			return "", fmt.Errorf("%s: malformed UTF-16 text", name)
		}
		return string(out), nil
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	}
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		return "", fmt.Errorf("%s: unknown encoding: byte 0x%02x at offset %d is not UTF-8; convert the file to UTF-8", name, data[off], off)
	}
	return string(data), nil
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// frontMatter reads a block of "key: value" lines between two lines of
// --- at the start of buf into a, and returns its length (0 when there is
// none).
func frontMatter(buf []byte, a *Article) int {
	if !bytes.HasPrefix(buf, []byte("---\n")) && !bytes.HasPrefix(buf, []byte("---\r\n")) {
		return 0
	}
	i := bytes.IndexByte(buf, '\n') + 1
	for i < len(buf) {
		j := bytes.IndexByte(buf[i:], '\n')
		end := len(buf)
		if j >= 0 {
			end = i + j + 1
		}
		line := strings.TrimRight(string(buf[i:end]), "\r\n")
		if strings.TrimSpace(line) == "---" {
			return end
		}
		if key, val, ok := strings.Cut(line, ":"); ok {
			val = strings.TrimSpace(val)
			if len(val) >= 2 && (val[0] == '"' && val[len(val)-1] == '"' || val[0] == '\'' && val[len(val)-1] == '\'') {
				val = val[1 : len(val)-1]
			}
			switch strings.ToLower(strings.TrimSpace(key)) {
			case "title":
				a.Title = val
			case "url", "link", "canonical":
				a.URL = val
			case "publisher", "source", "site":
				a.Publisher = val
			case "date", "published", "published_at", "datepublished":
				a.Published = val
			case "lang", "language":
				a.Language = language(val)
			}
		}
		i = end
	}
	return 0 // no closing line: not front matter
}

// blank replaces every character but line breaks with one space, so that
// the characters after it keep their character offsets: the first byte of
// a character becomes a space, its other bytes a NUL that readText drops
// (the input holds no NUL: it is not binary).
func blank(b []byte) {
	for i, c := range b {
		switch {
		case c == '\n' || c == '\r':
		case utf8.RuneStart(c):
			b[i] = ' '
		default:
			b[i] = 0
		}
	}
}

// blankMarkdown blanks the markup of Markdown in place: heading marks,
// list bullets, block quotes, emphasis, code ticks, link and image syntax
// and HTML comments, keeping the words.
func blankMarkdown(b []byte) {
	// HTML comments.
	for i := 0; i+4 <= len(b); i++ {
		if string(b[i:i+4]) == "<!--" {
			end := bytes.Index(b[i:], []byte("-->"))
			if end < 0 {
				end = len(b) - i - 3
			}
			blank(b[i : i+end+3])
		}
	}
	lineStart := true
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\n' {
			lineStart = true
			continue
		}
		if lineStart {
			// Leading marks: #, >, -, *, + and numbered-list dots are
			// markup when followed by a space.
			j := i
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			k := j
			for k < len(b) && (b[k] == '#' || b[k] == '>') {
				k++
			}
			if k == j && k+1 < len(b) && (b[k] == '-' || b[k] == '*' || b[k] == '+') && b[k+1] == ' ' {
				k++
			}
			if k > j && (k == len(b) || b[k] == ' ' || b[k] == '\n') {
				blank(b[j:k])
			}
			lineStart = false
		}
		switch c {
		case '*', '_', '`':
			// Emphasis and code marks at a word's edge; an underscore
			// inside a word (snake_case) stays.
			prevWord := i > 0 && wordByte(b[i-1])
			nextWord := i+1 < len(b) && wordByte(b[i+1])
			if c != '_' || !(prevWord && nextWord) {
				if prevWord != nextWord || c != '_' {
					b[i] = ' '
				}
			}
		case '!':
			if i+1 < len(b) && b[i+1] == '[' {
				if end := linkEnd(b, i+1); end > 0 {
					blank(b[i:end])
					i = end - 1
				}
			}
		case '[':
			if end := linkEnd(b, i); end > 0 {
				// keep the link text, blank the brackets and the target
				close := bytes.IndexByte(b[i:end], ']') + i
				b[i] = ' '
				blank(b[close:end])
				i = close
			}
		}
	}
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// linkEnd returns the end of a Markdown link [text](target) that starts at
// i, or 0 when there is none on the line.
func linkEnd(b []byte, i int) int {
	j := i + 1
	for j < len(b) && b[j] != ']' && b[j] != '\n' {
		j++
	}
	if j+1 >= len(b) || b[j] != ']' || b[j+1] != '(' {
		return 0
	}
	k := j + 2
	for k < len(b) && b[k] != ')' && b[k] != '\n' {
		k++
	}
	if k >= len(b) || b[k] != ')' {
		return 0
	}
	return k + 1
}

// paragraphs splits text at blank lines.
func paragraphs(text string) []span {
	var out []span
	start := -1
	lineStart := 0
	flush := func(end int) {
		if start >= 0 {
			s, e := start, end
			for e > s && isSpaceByte(text[e-1]) {
				e--
			}
			if e > s {
				out = append(out, span{s, e})
			}
			start = -1
		}
	}
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' {
			continue
		}
		line := text[lineStart:i]
		if strings.TrimSpace(line) == "" {
			flush(lineStart)
		} else if start < 0 {
			off := 0
			for off < len(line) && isSpaceByte(line[off]) {
				off++
			}
			start = lineStart + off
		}
		lineStart = i + 1
	}
	flush(len(text))
	return out
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// language keeps a two-letter ISO 639-1 code from a declared language
// (en, en-GB, EN).
func language(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) >= 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z' && (len(s) == 2 || s[2] == '-' || s[2] == '_') {
		return s[:2]
	}
	return ""
}
