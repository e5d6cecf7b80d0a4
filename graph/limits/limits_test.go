package limits_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/graph/limits"
)

var schema = gqlparser.MustLoadSchema(&ast.Source{Input: `
type Query { node: Node, list(first: Int = 10): [Node!]! }
type Node { id: ID!, name: String, child: Node, list(first: Int = 10): [Node!]! }
`})

func pages(args map[string]any) (int, bool) {
	if n, ok := args["first"].(int64); ok {
		return int(n), true
	}
	return 0, false
}

// bomb is n fragments, each spreading the next twice.
func bomb(n int) string {
	var b strings.Builder
	b.WriteString("{ node { ...F0 } }")
	for i := range n - 1 {
		fmt.Fprintf(&b, " fragment F%d on Node { ...F%d ...F%d }", i, i+1, i+1)
	}
	fmt.Fprintf(&b, " fragment F%d on Node { child { list(first: 3) { name } } }", n-1)
	return b.String()
}

func measure(t *testing.T, ctx context.Context, q string) (int, int, string) {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, q)
	if errs != nil {
		t.Fatal(errs)
	}
	depth, cost, err := limits.Measure(ctx, doc, doc.Operations[0], nil, pages, false)
	if err != nil {
		return depth, cost, err.Extensions["code"].(string)
	}
	return depth, cost, ""
}

func TestMeasure(t *testing.T) {
	cases := []struct {
		name        string
		query       string
		depth, cost int
		code        string
	}{
		{"an object costs one, its leaves nothing", `{ node { id name } }`, 2, 1, ""},
		{"a page of a list: each item and its objects", `{ list(first: 4) { id child { id } } }`, 3, 1 + 4*2, ""},
		{"a schema default page size", `{ list { id } }`, 2, 1 + 10, ""},
		{"inline fragments add", `{ node { ... on Node { child { id } } ... { name } } }`, 3, 2, ""},
		{"__typename is a free leaf and not deep", `{ __typename node { __typename } }`, 1, 1, ""},
		{"without introspection __type is refused", `{ __type(name: "Node") { name } }`, 0, 0, limits.CodeIntrospection},
		{"a 40-level bomb is measured once per fragment", bomb(40), 4, 1 + (1<<39)*(1+1+3), ""},
		{"a 200-level bomb saturates instead of overflowing", bomb(200), 4, 1<<62 - 1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			depth, cost, code := measure(t, context.Background(), c.query)
			if depth != c.depth || cost != c.cost || code != c.code {
				t.Fatalf("depth %d, cost %d, code %q; want %d, %d, %q", depth, cost, code, c.depth, c.cost, c.code)
			}
		})
	}
}

func TestMeasureStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q := "{" + strings.Repeat(" node { id }", 2000) + " }"
	if _, _, code := measure(t, ctx, q); code != "TIMEOUT" {
		t.Fatalf("code %q, want TIMEOUT", code)
	}
}

func TestCheckDocument(t *testing.T) {
	l := limits.Limits{QueryBytes: 200, Fields: 5, Aliases: 1, Fragments: 1, Variables: 1}.WithDefaults()
	cases := []struct{ name, query, code string }{
		{"within every limit", `query($a: Int) { node { id x: name } ...F } fragment F on Query { list { id } }`, ""},
		{"too many bytes", "{ node { id } }" + strings.Repeat(" ", 200), limits.CodeQueryTooLarge},
		{"too many fields, fragments counted once", `{ node { ...F ...F ...F } } fragment F on Node { id name child { id name } }`, limits.CodeFieldLimit},
		{"too many aliases", `{ a: node { b: id } }`, limits.CodeAliasLimit},
		{"too many fragments", `{ ...A } fragment A on Query { node { id } } fragment B on Query { node { id } }`, limits.CodeFragmentLimit},
		{"too many variables", `query($a: Int, $b: Int) { node { id } }`, limits.CodeVariableLimit},
		{"a parse error is left to gqlgen", `{ node {`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := l.CheckDocument(c.query)
			code := ""
			if err != nil {
				code = err.Extensions["code"].(string)
			}
			if code != c.code {
				t.Fatalf("code %q (%v), want %q", code, err, c.code)
			}
		})
	}
	if err := (limits.Limits{QueryBytes: -1, Fields: -1}).CheckDocument("{" + strings.Repeat(" node { id }", 1000) + "}"); err != nil {
		t.Fatalf("negative limits still refuse: %v", err)
	}
}
