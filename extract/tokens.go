package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// tokKind is what a token is made of.
type tokKind uint8

const (
	tokWord   tokKind = iota // letters, and digits after a letter (G7, F-35's F)
	tokNumber                // digits with thousands commas and a decimal point: 1,234.5
	tokPunct                 // one other character
)

// token is one word, number or punctuation mark of a text, with its place.
type token struct {
	start, end int    // bytes of the article text
	raw        string // as written; an acronym with dots loses them (U.S. → US)
	fold       string // lower case without diacritics
	norm       string // fold, made singular (earths → earth, batteries → battery)
	kind       tokKind
	poss       bool // followed by a possessive 's, ’s or '
	space      bool // white space comes before it
	midName    bool // a word that is a name here though it looks like a function word (He Yadong)
	num        float64
}

// upper reports whether every letter of the token is upper case (and it has
// at least one).
func (t *token) upper() bool {
	has := false
	for _, r := range t.raw {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// title reports whether the token starts with an upper-case letter.
func (t *token) title() bool {
	r, _ := utf8.DecodeRuneInString(t.raw)
	return unicode.IsUpper(r)
}

// is reports whether the token is one of the given folded words.
func (t *token) is(words ...string) bool {
	for _, w := range words {
		if t.fold == w {
			return true
		}
	}
	return false
}

// joiner reports whether a punctuation token only joins two words
// (rare-earth, EU–China) and so counts as a space when names are matched.
func joiner(text string, t *token, prevEnd int) bool {
	if t.kind != tokPunct || t.space || t.start != prevEnd {
		return false
	}
	switch t.raw {
	case "-", "‐", "‑", "–", "/":
		// followed at once by a letter or digit
		r, _ := utf8.DecodeRuneInString(text[t.end:])
		return t.end < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	return false
}

// tokenize splits text[start:end] into tokens.
func tokenize(text string, start, end int) []token {
	toks := make([]token, 0, (end-start)/5)
	space := true
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		case unicode.IsLetter(r):
			t, next := wordToken(text, i, end)
			t.space = space
			toks = append(toks, t)
			i = next
		case r >= '0' && r <= '9':
			t, next := numberToken(text, i, end)
			t.space = space
			toks = append(toks, t)
			i = next
		default:
			s := text[i : i+size]
			toks = append(toks, token{start: i, end: i + size, raw: s, fold: s, norm: s, kind: tokPunct, space: space})
			i += size
		}
		space = false
	}
	return toks
}

// wordToken reads a word from i: letters, marks and digits, an apostrophe
// inside it (O'Brien) but not a possessive one, and the dots of an acronym
// (U.S., E.U.).
func wordToken(text string, i, end int) (token, int) {
	start := i
	// An acronym with dots: single capitals each followed by a dot.
	if j, raw := dottedAcronym(text, i, end); j > i {
		t := token{start: start, end: j, raw: raw, kind: tokWord}
		t.fold = strings.ToLower(raw)
		t.norm = t.fold
		return possessive(text, t, end)
	}
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			i += size
			continue
		}
		if r == '\'' || r == '’' {
			// An apostrophe inside a word is part of it unless it starts a
			// possessive 's.
			n, nsize := utf8.DecodeRuneInString(text[i+size : end])
			if i+size < end && unicode.IsLetter(n) && !(n == 's' && !letterAt(text, i+size+nsize, end)) {
				i += size
				continue
			}
		}
		break
	}
	t := token{start: start, end: i, raw: text[start:i], kind: tokWord}
	t.fold = foldWord(t.raw)
	t.norm = singular(t.fold)
	return possessive(text, t, end)
}

// possessive consumes a possessive ending after t: 's, ’s, or a lone
// apostrophe after a plural in s.
func possessive(text string, t token, end int) (token, int) {
	i := t.end
	if i >= end {
		return t, i
	}
	r, size := utf8.DecodeRuneInString(text[i:end])
	if r != '\'' && r != '’' {
		return t, i
	}
	j := i + size
	if j < end && text[j] == 's' && !letterAt(text, j+1, end) {
		t.poss = true
		return t, j + 1
	}
	if strings.HasSuffix(t.fold, "s") && !letterAt(text, j, end) {
		t.poss = true
		return t, j
	}
	return t, i
}

func letterAt(text string, i, end int) bool {
	if i >= end {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:end])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// dottedAcronym reads U.S. or E.U. at i: two or more single capitals each
// followed by a dot. It returns the end and the letters, or i when there is
// none.
func dottedAcronym(text string, i, end int) (int, string) {
	j, n := i, 0
	var b strings.Builder
	for j+1 < end && text[j] >= 'A' && text[j] <= 'Z' && text[j+1] == '.' {
		b.WriteByte(text[j])
		j += 2
		n++
	}
	if n < 2 {
		return i, ""
	}
	return j, b.String()
}

// numberToken reads digits with thousands separators and a decimal point.
func numberToken(text string, i, end int) (token, int) {
	start := i
	digits := func() {
		for i < end && text[i] >= '0' && text[i] <= '9' {
			i++
		}
	}
	digits()
	for i+4 <= end && text[i] == ',' && isDigits(text[i+1:i+4]) && (i+4 == end || text[i+4] < '0' || text[i+4] > '9') {
		i += 4
	}
	if i+1 < end && text[i] == '.' && text[i+1] >= '0' && text[i+1] <= '9' {
		i++
		digits()
	}
	raw := text[start:i]
	t := token{start: start, end: i, raw: raw, fold: raw, norm: raw, kind: tokNumber, num: parseNumber(raw)}
	return t, i
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// parseNumber reads 1,234.5 as 1234.5.
func parseNumber(s string) float64 {
	var v, scale float64
	frac := false
	scale = 1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ',':
		case c == '.':
			frac = true
		default:
			v = v*10 + float64(c-'0')
			if frac {
				scale *= 10
			}
		}
	}
	return v / scale
}

// foldWord lowers a word and strips its diacritics, quickly for ASCII.
func foldWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return kg.Fold(s)
		}
	}
	return strings.ToLower(s)
}

// singular makes a folded English plural singular, enough for names to
// match their plurals the same way on both sides: earths → earth,
// batteries → battery, magnets → magnet. Words of three letters or fewer
// and those ending in ss, us, is are left alone.
func singular(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

// nameTokens tokenizes a name or alias the way article text is tokenized,
// with joiners (hyphens, dashes and slashes between words) dropped.
func nameTokens(name string) []token {
	toks := tokenize(name, 0, len(name))
	out := toks[:0]
	prevEnd := -1
	for i := range toks {
		t := toks[i]
		if joiner(name, &t, prevEnd) {
			prevEnd = t.end
			continue
		}
		prevEnd = t.end
		out = append(out, t)
	}
	return out
}
