package server

import (
	"regexp"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/chokepoint/chokepoint/docs/queries"
)

// DefaultOperationLabels is how many operation names, besides the
// examples', get a metrics label of their own when Config leaves it zero.
const DefaultOperationLabels = 50

// operationLabels bounds the operation label of the metrics. Clients name
// their operations freely, and every distinct label value is a new series
// (10,000 names made 17 MB of metrics), so a name gets its own label only
// when it is one of the example operations' (the documents the playground
// offers) or among the first names seen after start, up to a fixed number:
// enough for the few applications that call one deployment, bounded
// whatever clients send. Every other name counts as "other".
type operationLabels struct {
	known map[string]bool // the examples' names, always labelled
	max   int             // how many other names may be labelled

	mu   sync.Mutex
	seen map[string]bool
}

// plainName keeps label values to sane operation names.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

func newOperationLabels(examples []queries.Example, max int) *operationLabels {
	l := &operationLabels{known: map[string]bool{}, max: max, seen: map[string]bool{}}
	for _, e := range examples {
		doc, err := parser.ParseQuery(&ast.Source{Input: e.Query})
		if err != nil {
			continue // an example that does not parse names nothing
		}
		for _, op := range doc.Operations {
			if op.Name != "" {
				l.known[op.Name] = true
			}
		}
	}
	return l
}

func (l *operationLabels) label(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !plainName.MatchString(name):
		return "other"
	case l.known[name]:
		return name
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[name] {
		return name
	}
	if len(l.seen) < l.max {
		l.seen[name] = true
		return name
	}
	return "other"
}
