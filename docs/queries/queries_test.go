package queries

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestAllMatchesTheDirectory(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 10 || len(all) != len(files) {
		t.Fatalf("All() = %d examples, directory has %d .graphql files (want at least 10)", len(all), len(files))
	}
	if !slices.IsSortedFunc(all, func(a, b Example) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("All() is not sorted by name")
	}
	for i, ex := range all {
		src, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimSuffix(filepath.Base(files[i]), ".graphql"); ex.Name != want {
			t.Errorf("example %d: name %q, want %q", i, ex.Name, want)
		}
		if ex.Query != string(src) {
			t.Errorf("%s: Query is not the file's text", ex.Name)
		}
		first, _, _ := strings.Cut(string(src), "\n")
		if !strings.HasPrefix(first, "# ") {
			t.Errorf("%s: the file does not start with a # title line: %q", ex.Name, first)
		}
		if want := strings.TrimSpace(strings.TrimPrefix(first, "# ")); ex.Title != want || ex.Title == "" {
			t.Errorf("%s: title %q, want %q", ex.Name, ex.Title, want)
		}
	}
}

// Every example is one named query that is valid against the schema.
func TestExamplesAreValidOperations(t *testing.T) {
	sdl, err := os.ReadFile("../../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, ex := range all {
		doc, errs := gqlparser.LoadQuery(schema, ex.Query)
		if len(errs) > 0 {
			t.Errorf("%s: %v", ex.Name, errs)
			continue
		}
		if len(doc.Operations) != 1 {
			t.Errorf("%s: %d operations, want 1", ex.Name, len(doc.Operations))
			continue
		}
		op := doc.Operations[0]
		if op.Name == "" || op.Operation != ast.Query {
			t.Errorf("%s: want one named query, got %s %q", ex.Name, op.Operation, op.Name)
		}
		for _, v := range op.VariableDefinitions {
			if v.Type.NonNull && v.DefaultValue == nil {
				t.Errorf("%s: $%s is required and has no default: the example would not run as it is", ex.Name, v.Variable)
			}
		}
		if other, ok := names[op.Name]; ok {
			t.Errorf("%s: operation name %s is also used by %s", ex.Name, op.Name, other)
		}
		names[op.Name] = ex.Name
	}
}

func TestTitle(t *testing.T) {
	cases := map[string]string{
		"# Material profile\n# more\nquery A { entity(id: \"x\") { id } }": "Material profile",
		"\n\n  #   Spaced   \r\nquery A { x }":                             "Spaced",
		"query A { x } # trailing":                                         "",
		"":                                                                 "",
	}
	for src, want := range cases {
		if got := title(src); got != want {
			t.Errorf("title(%q) = %q, want %q", src, got, want)
		}
	}
}
