package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/loaders"
)

// maxLoadDiffLines caps the diff a real load prints: a bulk load creates
// thousands of records, and --dry-run or --json show them all.
const maxLoadDiffLines = 50

// printDiff writes a report's diff, one line per field changed:
//
//	~ material:dysprosium  description: "old…" → "new…"
//
// A limit of 0 prints every line.
func printDiff(w io.Writer, d *loaders.Diff, limit int) {
	if d == nil {
		return
	}
	lines, total := 0, 0
	for _, r := range d.Records {
		total += len(r.Changes)
	}
	for _, r := range d.Records {
		for _, c := range r.Changes {
			if limit > 0 && lines == limit {
				fmt.Fprintf(w, "… and %d more (load --dry-run or --json lists them all)\n", total-lines)
				return
			}
			lines++
			fmt.Fprintf(w, "%s %s  %s\n", c.Op(), r.Record(), changeText(c))
		}
	}
	if d.LeftOut > 0 {
		fmt.Fprintf(w, "… and %d more records\n", d.LeftOut)
	}
}

// changeText is a change as "field: value", "field: old → new".
func changeText(c loaders.FieldChange) string {
	switch c.Op() {
	case "+":
		return c.Field + ": " + cutQuote(c.New)
	case "-":
		return c.Field + ": " + cutQuote(c.Old)
	}
	return c.Field + ": " + cutQuote(c.Old) + " → " + cutQuote(c.New)
}

// cutQuote quotes a value, cut at about 80 characters so that a
// description fits on a terminal line.
func cutQuote(s string) string {
	const limit = 80
	if utf8.RuneCountInString(s) <= limit {
		return strconv.Quote(s)
	}
	runes := []rune(s)
	return strconv.Quote(string(runes[:limit])) + "…"
}

// printReportJSON writes the report, diff included, for tools.
func printReportJSON(w io.Writer, rep loaders.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
