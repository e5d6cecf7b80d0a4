package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence of the article: its bytes and paragraph.
type sentence struct {
	start, end int
	para       int
}

// abbreviations end with a dot that does not end a sentence (folded, without
// the dot).
var abbreviations = map[string]bool{
	"no": true, "nos": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "vs": true, "co": true, "corp": true, "inc": true, "ltd": true, "gov": true, "gen": true,
	"sen": true, "rep": true, "prof": true, "jr": true, "sr": true, "fig": true, "approx": true, "e.g": true, "i.e": true,
	"art": true, "para": true, "vol": true, "op": true, "cf": true,
}

// sentenceStarters are words that start a sentence after an acronym with
// dots (… to the U.S. The …), where a capital alone does not tell.
var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "it": true, "he": true, "she": true,
	"they": true, "we": true, "but": true, "and": true, "this": true, "that": true, "its": true, "their": true,
	"china": true, "beijing": true, "washington": true, "brussels": true,
}

// splitSentences splits each paragraph into sentences. A sentence ends at
// ., ! or ? (and closing quotes or brackets after it) followed by a capital,
// a digit or an opening quote, unless the word before the dot is an
// abbreviation (No. 61, Nov. 8, Mr.) or an initial. Text inside quotation
// marks is never split, so a quotation of several sentences stays with its
// attribution ("… system," Gill said.).
func splitSentences(text string, paras []span) []sentence {
	var out []sentence
	for pi, p := range paras {
		start := p.start
		inQuote := false
		for i := p.start; i < p.end; {
			r, size := utf8.DecodeRuneInString(text[i:p.end])
			switch r {
			case '“':
				inQuote = true
			case '”', '"':
				closing := r == '”' || inQuote
				inQuote = r == '"' && !inQuote
				// a quotation that ends a sentence: “It is done.” Then …
				if closing && i > start {
					prev, _ := utf8.DecodeLastRuneInString(text[start:i])
					if (prev == '.' || prev == '!' || prev == '?') && sentenceEnds(text, p, start, i-1, prev, i+size) {
						out = appendSentence(out, text, start, i+size, pi)
						start = i + size
					}
				}
			case '.', '!', '?', '…':
				if inQuote {
					break
				}
				end := i + size
				// closing quotes and brackets stay with the sentence
				for end < p.end {
					c, csize := utf8.DecodeRuneInString(text[end:p.end])
					if c != '"' && c != '”' && c != '’' && c != ')' && c != ']' && c != '\'' {
						break
					}
					end += csize
				}
				if sentenceEnds(text, p, start, i, r, end) {
					out = appendSentence(out, text, start, end, pi)
					start = end
					i = end
					continue
				}
			}
			i += size
		}
		out = appendSentence(out, text, start, p.end, pi)
	}
	return out
}

func appendSentence(out []sentence, text string, start, end, para int) []sentence {
	for start < end && isSpaceByte(text[start]) {
		start++
	}
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if end > start {
		out = append(out, sentence{start, end, para})
	}
	return out
}

// sentenceEnds decides whether the mark r at i ends the sentence that
// started at start; after is just past the mark and what closes with it.
func sentenceEnds(text string, p span, start, i int, r rune, after int) bool {
	j := after
	for j < p.end && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
		j++
	}
	if j >= p.end {
		return true
	}
	if j == after { // no space after the mark: 3.5, U.S.-China, a URL
		return false
	}
	next, _ := utf8.DecodeRuneInString(text[j:p.end])
	if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '“' || next == '‘' || next == '(' || next == '[') {
		return false
	}
	if r != '.' {
		return true
	}
	// The word before the dot.
	k := i
	for k > start && !isSpaceByte(text[k-1]) && text[k-1] != '(' && text[k-1] != '"' {
		k--
	}
	word := text[k:i]
	folded := strings.ToLower(strings.TrimLeft(word, "(\"“‘'"))
	if abbreviations[folded] {
		return false
	}
	if len(word) == 1 && word[0] >= 'A' && word[0] <= 'Z' { // an initial: J. Smith
		return false
	}
	if strings.Count(word, ".") >= 1 && acronymWithDots(word+".") {
		// U.S. or E.U.: the sentence ends only if a usual first word follows
		w := j
		for w < p.end && (unicode.IsLetter(rune(text[w])) || text[w] >= 0x80) {
			w++
		}
		return sentenceStarters[strings.ToLower(text[j:w])]
	}
	return true
}

// acronymWithDots reports whether w is like U.S. or E.U.: single capitals
// each followed by a dot.
func acronymWithDots(w string) bool {
	if len(w) < 4 || len(w)%2 != 0 {
		return false
	}
	for i := 0; i < len(w); i += 2 {
		if w[i] < 'A' || w[i] > 'Z' || w[i+1] != '.' {
			return false
		}
	}
	return true
}
