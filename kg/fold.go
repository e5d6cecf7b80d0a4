package kg

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowers s and strips diacritics ("Maroš Šefčovič" → "maros sefcovic"),
// the form that search indexes and search terms share.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(strings.TrimSpace(out))
}

// SortKey is the one value that orders entities by name, then by id: the
// name, a NUL (which no name may contain, so a name sorts before every
// longer name it begins) and the id. Dgraph sorts strings by their bytes, so
// ordering by this key is ordering by (name, id).
func SortKey(name, id string) string {
	return name + "\x00" + id
}
