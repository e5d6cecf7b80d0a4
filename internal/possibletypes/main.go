// Command possibletypes writes the possible types of the GraphQL schema —
// each interface and union with the object types that belong to it — as
// the JSON object Apollo Client's possibleTypes option takes, so that
// fragments on an interface or an implementation match in a client's cache.
// Run by go generate in package clients.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	schema := flag.String("schema", "schema.graphqls", "GraphQL schema to read")
	out := flag.String("out", "possible-types.json", "file to write")
	flag.Parse()
	src, err := os.ReadFile(*schema)
	if err != nil {
		log.Fatal(err)
	}
	b, err := generate(*schema, string(src))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// generate returns the possible types of the schema in src as indented
// JSON: abstract type → its object types, both sorted by name.
func generate(name, src string) ([]byte, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: name, Input: src})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	types := map[string][]string{}
	for n, def := range s.Types {
		if strings.HasPrefix(n, "__") || (def.Kind != ast.Interface && def.Kind != ast.Union) {
			continue // introspection's own types are no client's business
		}
		var impl []string
		for _, t := range s.GetPossibleTypes(def) {
			if t.Kind == ast.Object { // as introspection's possibleTypes: an interface is no answer's __typename
				impl = append(impl, t.Name)
			}
		}
		slices.Sort(impl)
		types[n] = impl
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // map keys are sorted
	enc.SetIndent("", "  ")
	if err := enc.Encode(types); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
