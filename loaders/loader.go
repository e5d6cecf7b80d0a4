// Package loaders reads entity and edge records from files (native JSON, CSV,
// RDF N-Quads), validates a whole input, and writes it to the store by
// stable id in batches.
package loaders

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// Format reads one file of its kind into records. Parse reports every problem
// it finds as Problems; a Format never writes anything.
type Format interface {
	// Name is the flag value that selects the format ("json", "csv", "nquads").
	Name() string
	// Parse reads a file; name is used for positions in errors.
	Parse(name string, r io.Reader) (kg.Graph, error)
}

// Formats lists the supported formats.
var Formats = []Format{JSON{}, CSV{}, NQuads{}}

// FormatByName finds a format by its flag value.
func FormatByName(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name() == name {
			return f, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q (want json, csv or nquads)", name)
}

// FormatForFile picks a format from a file's extension.
func FormatForFile(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return JSON{}, nil
	case ".csv":
		return CSV{}, nil
	case ".nq", ".nquads", ".rdf":
		return NQuads{}, nil
	}
	return nil, fmt.Errorf("%s: cannot tell the format from the extension (want .json, .csv, .nq or .rdf; or pass --format)", name)
}

// Problem is one thing wrong with an input, at a file and line.
type Problem struct {
	Pos   kg.Pos
	Field string
	Msg   string
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s: %s", p.Pos, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", p.Pos, p.Field, p.Msg)
}

// Problems is the error an invalid input produces: every problem found, in
// file and line order.
type Problems []Problem

// maxShown caps how many problems an error message lists.
const maxShown = 20

func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid input: %d problem(s); nothing was written", len(ps))
	for i, p := range ps {
		if i == maxShown {
			fmt.Fprintf(&b, "\n  … and %d more", len(ps)-maxShown)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Sort orders problems by file, then line, then column.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	return ps
}

// add records a problem.
func (ps *Problems) add(pos kg.Pos, field, format string, args ...any) {
	*ps = append(*ps, Problem{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// unknownHint completes "unknown field" (or column, predicate, facet) for a
// name that is not among known: the known name it most likely means, else
// the list of known names.
func unknownHint(name string, known []string) string {
	if k := closest(name, known); k != "" {
		return fmt.Sprintf("; did you mean %q?", k)
	}
	return " (want one of " + strings.Join(known, ", ") + ")"
}

// closest returns the known name that name spells in another letter case,
// or that is one edit away (two for long names), or "".
func closest(name string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	if len(name) < 3 || len(name) > maxHinted {
		return ""
	}
	limit := 1
	if len(name) >= 8 {
		limit = 2
	}
	best, bestDist := "", limit+1
	for _, k := range known {
		if len(k) <= maxHinted && abs(len(k)-len(name)) <= limit {
			if d := editDistance(name, k); d < bestDist {
				best, bestDist = k, d
			}
		}
	}
	return best
}

// maxHinted is the longest name closest compares.
const maxHinted = 64

func abs(n int) int { return max(n, -n) }

// editDistance is the Levenshtein distance between a and b, in bytes,
// ignoring ASCII letter case; both are at most maxHinted bytes long.
func editDistance(a, b string) int {
	var rows [2][maxHinted + 1]int
	prev, cur := &rows[0], &rows[1]
	for j := range len(b) + 1 {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// fieldName shows a name found in the input (a key, column, predicate or
// facet) as the field of a problem: quoted when it is empty or holds a
// colon, which would blur the file:line: field: message form.
func fieldName(s string) string {
	if s == "" || strings.ContainsRune(s, ':') {
		return strconv.Quote(clip(s))
	}
	return shown(s)
}

// shown is a piece of the input as a message shows it: as it is when it is
// printable UTF-8, else quoted; clipped either way.
func shown(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return clip(s)
	}
	return strconv.Quote(clip(s))
}

// clip shortens a value for a message: problems quote what they found, and
// a 64 KB value would bury the message.
func clip(s string) string {
	const limit = 64
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// chunked collects records in blocks of a fixed size, then copies them out
// once: a slice that grows by doubling would copy and clear a large input's
// records about three times over.
type chunked[T any] struct {
	full [][]T
	cur  []T
	n    int
}

// next adds a zero record and returns it to be filled in.
func (c *chunked[T]) next() *T {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, 4096)
	}
	var zero T
	c.cur = append(c.cur, zero)
	c.n++
	return &c.cur[len(c.cur)-1]
}

// drop removes the record next returned last.
func (c *chunked[T]) drop() {
	var zero T
	c.cur[len(c.cur)-1] = zero
	c.cur = c.cur[:len(c.cur)-1]
	c.n--
}

// each calls f with every record in order.
func (c *chunked[T]) each(f func(*T)) {
	for _, b := range c.full {
		for i := range b {
			f(&b[i])
		}
	}
	for i := range c.cur {
		f(&c.cur[i])
	}
}

// add appends v.
func (c *chunked[T]) add(v T) { *c.next() = v }

// appendTo appends the records to out, which it grows once.
func (c *chunked[T]) appendTo(out []T) []T {
	out = slices.Grow(out, c.n)
	for _, b := range c.full {
		out = append(out, b...)
	}
	return append(out, c.cur...)
}
