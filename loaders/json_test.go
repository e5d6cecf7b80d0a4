package loaders_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

// TestJSONOneLineFile reads a 10 MB file that is one line: a record's
// problems are placed by its byte column, and the syntax error at the end
// by its own.
func TestJSONOneLineFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"entities": [{"id": "source:s", "kind": "Source", "name": "S", "url": "https://example.org"}`)
	for i := 0; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, `, {"id": "material:m%d", "kind": "Material", "name": "Material %d", "sources": ["source:s"]}`, i, i)
	}
	b.WriteString(", ")
	badCol := b.Len() + 1
	b.WriteString(`{"id": "material:x", "kind": "Material", "Name": "X", "sources": ["source:s"]}`)
	b.WriteString(`, {"id": "material:y", "kind": "Material", "name": "Y", "sources": ["source:s"]} ]`)
	endCol := b.Len() + 1
	b.WriteString(`x`)

	_, err := loaders.JSON{}.Parse("big.json", bytes.NewReader(b.Bytes()))
	assertProblems(t, err, []string{
		fmt.Sprintf(`big.json:1:col %d: Name: unknown field; did you mean "name"?`, badCol),
		fmt.Sprintf(`big.json:1:col %d: malformed JSON: invalid character 'x' after object key:value pair`, endCol),
	})
}

// TestJSONPositions: a record that starts its line is placed by the line;
// one that shares its line with what comes before also by its column.
func TestJSONPositions(t *testing.T) {
	input := "{\"entities\": [{\"id\": \"source:a\", \"kind\": \"Source\", \"name\": \"A\", \"url\": \"https://a\"},\n" +
		"  {\"id\": \"source:b\", \"kind\": \"Source\", \"name\": \"B\", \"url\": \"https://b\"}, {\"id\": \"source:c\",\n" +
		"   \"kind\": \"Source\", \"name\": \"C\", \"url\": \"https://c\"}\n" +
		"], \"edges\": [\n" +
		"\t{\"from\": \"source:a\", \"type\": \"about\", \"to\": \"source:b\", \"sources\": [\"source:c\"]}\n" +
		"]}"
	g, err := loaders.JSON{}.Parse("p.json", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range g.Entities {
		got = append(got, e.Pos.String())
	}
	for _, e := range g.Edges {
		got = append(got, e.Pos.String())
	}
	want := []string{"p.json:1:col 15", "p.json:2", "p.json:2:col 74", "p.json:5"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("positions = %v, want %v", got, want)
	}
}

func TestJSONValid(t *testing.T) {
	input := "\ufeff" + `{"edges": [], "entities": [
	  {"id": "source:s", "kind": "source", "na\u006de": "S\u00e9\ud83d\ude00\/", "url": "https://example.org",
	   "language": "zh", "published": "2025-01-31"},
	  {"id": "material:dy", "kind": "Material", "name": "Dy", "atomicNumber": -0, "aliases": [], "sources": ["source:s"]},
	  {"id": "material:tb", "kind": "Material", "name": "Tb", "atomicNumber": 65, "symbol": "", "description": "", "sources": ["source:s"]}
	]}`
	g, err := loaders.JSON{}.Parse("ok.json", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	pos := func(line int) kg.Pos { return kg.Pos{File: "ok.json", Line: line} }
	assertGraph(t, g, kg.Graph{Entities: []kg.Entity{
		{ID: "source:s", Kind: kg.Source, Name: "Sé😀/", Pos: pos(2), Attrs: map[kg.Attr]string{
			kg.AttrURL: "https://example.org", kg.AttrLanguage: "zh", kg.AttrPublished: "2025-01-31"}},
		{ID: "material:dy", Kind: kg.Material, Name: "Dy", Sources: []string{"source:s"}, Pos: pos(4),
			Attrs: map[kg.Attr]string{kg.AttrAtomicNumber: "0"}},
		{ID: "material:tb", Kind: kg.Material, Name: "Tb", Sources: []string{"source:s"}, Pos: pos(5),
			Attrs: map[kg.Attr]string{kg.AttrAtomicNumber: "65"}},
	}})
}

func TestJSONProblems(t *testing.T) {
	const head = "{\"entities\": [\n"
	tests := []struct {
		name, input string
		want        []string
	}{
		{
			name: "keys in the wrong case, unknown keys, keys given twice",
			input: head + `{"id": "material:x", "kind": "Material", "Name": "X", "atomicnumber": 66, "foo": 1, "kind": "Material"}],` + "\n" +
				`"Edges": [], "entities": []}`,
			want: []string{
				`j.json:2: Name: unknown field; did you mean "name"?`,
				`j.json:2: atomicnumber: unknown field; did you mean "atomicNumber"?`,
				"j.json:2: foo: unknown field (want one of id, kind, name, aliases, description, sources, " +
					strings.Join(kg.AttrNames(), ", ") + ")",
				"j.json:2: kind: given twice",
				`j.json:3: Edges: unknown top-level field; did you mean "edges"?`,
				"j.json:3:col 14: entities: given twice",
			},
		},
		{
			name: "unknown edge keys",
			input: `{"edges": [` + "\n" +
				`{"from": "country:cn", "type": "produces", "to": "material:dy", "Sources": ["source:s"], "weight": 1}]}`,
			want: []string{
				`j.json:2: Sources: unknown field; did you mean "sources"?`,
				"j.json:2: weight: unknown field (want one of from, type, to, " + strings.Join(loaders.FacetNames, ", ") + ")",
			},
		},
		{
			name: "values of the wrong type",
			input: head + `{"id": "material:x", "kind": null, "name": 1, "aliases": "X", "sources": ["source:s", 2],` +
				` "atomicNumber": 66.5, "symbol": {"x": [1]}}` + "\n]}",
			want: []string{
				"j.json:2: kind: wrong type: got null, want string",
				"j.json:2: name: wrong type: got number, want string",
				"j.json:2: aliases: wrong type: got string, want array of strings",
				"j.json:2: sources: wrong type: got array, want array of strings",
				`j.json:2: atomicNumber: not an integer: "66.5"`,
				"j.json:2: symbol: wrong type: got object, want string",
			},
		},
		{
			name:  "a record that is no object",
			input: head + `"material:x", [1]` + "\n]}",
			want:  []string{"j.json:2: expected a record object", "j.json:2:col 15: expected a record object"},
		},
		{
			name:  "not an object",
			input: `[{"id": "source:s"}]`,
			want:  []string{`j.json:1: expected an object {"entities": [...], "edges": [...]}`},
		},
		{
			name:  "entities not an array",
			input: `{"entities": {}}`,
			want:  []string{`j.json:1:col 14: expected "entities" to be an array`},
		},
		{
			name:  "control character in a string",
			input: head + "{\"id\": \"material:x\", \"name\": \"a\tb\"}]}",
			want:  []string{`j.json:2:col 32: malformed JSON: invalid character '\t' in string literal`},
		},
		{
			name:  "bad escape",
			input: head + `{"id": "material:x", "name": "a\x"}]}`,
			want:  []string{`j.json:2:col 33: malformed JSON: invalid character 'x' in string escape code`},
		},
		{
			name:  "bad unicode escape",
			input: head + `{"id": "material:x", "name": "a\u12g4"}]}`,
			want:  []string{`j.json:2:col 36: malformed JSON: invalid character 'g' in \u hexadecimal character escape`},
		},
		{
			name:  "bad number",
			input: head + `{"id": "material:x", "atomicNumber": 01}]}`,
			want:  []string{`j.json:2:col 39: malformed JSON: invalid character '1' after object key:value pair`},
		},
		{
			name:  "bad literal",
			input: head + `{"id": "material:x", "aliases": nul}]}`,
			want:  []string{`j.json:2:col 36: malformed JSON: invalid character '}' in literal null`},
		},
		{
			name:  "invalid byte outside a string",
			input: head + "{\"id\": \"material:x\", \xff}]}",
			want:  []string{`j.json:2:col 22: malformed JSON: invalid byte 0xff looking for beginning of object key string`},
		},
		{
			name:  "trailing comma",
			input: head + `{"id": "material:x"},]}`,
			want:  []string{`j.json:2:col 22: malformed JSON: invalid character ']' looking for beginning of value`},
		},
		{
			name:  "unterminated string",
			input: head + `{"id": "material:x`,
			want:  []string{`j.json:2: malformed JSON: unexpected end of file`},
		},
		{
			name:  "empty file",
			input: "",
			want:  []string{`j.json:1: malformed JSON: unexpected end of file`},
		},
		{
			name:  "data after the object",
			input: "{}\n{}",
			want:  []string{`j.json:2:col 1: unexpected data after the top-level object`},
		},
		{
			name:  "deep nesting in a skipped value",
			input: `{"x": ` + strings.Repeat("[", 10002) + strings.Repeat("]", 10002) + "}",
			want: []string{
				`j.json:1:col 2: x: unknown top-level field (want one of entities, edges, evidence)`,
				`j.json:1:col 10008: malformed JSON: exceeded max depth`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loaders.JSON{}.Parse("j.json", strings.NewReader(tt.input))
			assertProblems(t, err, tt.want)
		})
	}
}
