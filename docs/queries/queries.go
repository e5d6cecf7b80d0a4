// Package queries holds the example operations of docs/queries for the
// playground: one named GraphQL operation per file, runnable as it is
// against the curated graph, and titled by its first comment line.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// FS holds the example operations.
//
//go:embed *.graphql
var FS embed.FS

// Example is one example operation.
type Example struct {
	// Name is the file name without its extension, e.g. "01-material-profile".
	Name string
	// Title is the first comment line without its "# ".
	Title string
	// Query is the whole file: the comments, the operation and its fragments.
	Query string
}

// All returns every example, sorted by name. A file without a title comment
// is an error.
func All() ([]Example, error) {
	paths, err := fs.Glob(FS, "*.graphql")
	if err != nil {
		return nil, err
	}
	out := make([]Example, 0, len(paths))
	for _, p := range paths {
		b, err := fs.ReadFile(FS, p)
		if err != nil {
			return nil, err
		}
		src := string(b)
		t := title(src)
		if t == "" {
			return nil, fmt.Errorf("%s: no title: start the file with a # comment line", p)
		}
		out = append(out, Example{Name: strings.TrimSuffix(p, ".graphql"), Title: t, Query: src})
	}
	slices.SortFunc(out, func(a, b Example) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// title is the text of the first comment line of src, "" when there is none.
func title(src string) string {
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if text, ok := strings.CutPrefix(line, "#"); ok {
			return strings.TrimSpace(text)
		}
	}
	return ""
}
