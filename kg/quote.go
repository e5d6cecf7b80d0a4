package kg

import (
	"strconv"
	"unicode/utf8"
)

// QuoteLimit is how many bytes of a user's value an error message quotes.
const QuoteLimit = 100

// Quote quotes a user's value for an error message, cut to its first
// QuoteLimit bytes, so that a message stays small whatever a client sends:
// a 1 MiB id asked for under 100 aliases must not answer 100 MB of errors.
func Quote(s string) string {
	if len(s) <= QuoteLimit {
		return strconv.Quote(s)
	}
	return strconv.Quote(Truncate(s, QuoteLimit)) + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// Truncate cuts s to at most n bytes, on a character boundary, and marks
// the cut with "…".
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
