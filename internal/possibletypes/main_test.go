package main

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestCommittedFileMatchesSchema checks that clients/possible-types.json is
// what the schema gives, so that a new Entity type reaches clients' caches.
func TestCommittedFileMatchesSchema(t *testing.T) {
	src, err := os.ReadFile("../../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate("schema.graphqls", string(src))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../clients/possible-types.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("clients/possible-types.json is not what schema.graphqls gives: run go generate ./clients\ngot:\n%s\nwant:\n%s", got, want)
	}
	var types map[string][]string
	if err := json.Unmarshal(got, &types); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Material", "Control", "Company", "Facility", "Source"} {
		if !slices.Contains(types["Entity"], name) {
			t.Errorf("Entity's possible types %v lack %s", types["Entity"], name)
		}
	}
}

func TestUnionsAndInterfaces(t *testing.T) {
	const src = `
type Query { a: A }
interface A { id: ID! }
interface B implements A { id: ID! }
type Y implements A & B { id: ID! }
type X implements A { id: ID! }
union U = Y | X
`
	got, err := generate("test.graphqls", src)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{
  "A": [
    "X",
    "Y"
  ],
  "B": [
    "Y"
  ],
  "U": [
    "X",
    "Y"
  ]
}
`
	if string(got) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestInvalidSchema(t *testing.T) {
	if _, err := generate("bad.graphqls", "type Query { a: Missing }"); err == nil {
		t.Fatal("a schema naming an unknown type was accepted")
	}
}
