package loaders_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// entitiesJSON is a JSON input: a source on line 2, then one record per line.
func entitiesJSON(records ...string) string {
	return "{\"entities\": [\n" + `{"id": "source:s", "kind": "Source", "name": "S", "url": "https://example.org"}` +
		",\n" + strings.Join(records, ",\n") + "\n]}"
}

// edgesJSON is a JSON input: a source on line 2, products x, y and z on
// lines 3 to 5, then one edge per line from line 7.
func edgesJSON(edges ...string) string {
	return "{\"entities\": [\n" + `{"id": "source:s", "kind": "Source", "name": "S", "url": "https://example.org"},` + "\n" +
		`{"id": "product:x", "kind": "Product", "name": "X", "sources": ["source:s"]},` + "\n" +
		`{"id": "product:y", "kind": "Product", "name": "Y", "sources": ["source:s"]},` + "\n" +
		`{"id": "product:z", "kind": "Product", "name": "Z", "sources": ["source:s"]}` + "\n" +
		"], \"edges\": [\n" + strings.Join(edges, ",\n") + "\n]}"
}

// product is an entity record of a product with extra JSON fields, which
// name it.
func product(id, fields string) string {
	return fmt.Sprintf(`{"id": "product:%s", "kind": "Product", "sources": ["source:s"]%s}`, id, fields)
}

// needs is an edge record of a product that needs another, with extra fields.
func needs(from, to, fields string) string {
	return fmt.Sprintf(`{"from": "product:%s", "type": "needs", "to": "product:%s", "sources": ["source:s"]%s}`, from, to, fields)
}

// readInput parses files named by their format's extension.
func readInput(t *testing.T, files map[string]string) (kg.Graph, error) {
	t.Helper()
	var g kg.Graph
	var all loaders.Problems
	for name, text := range files {
		f, err := loaders.FormatForFile(name)
		if err != nil {
			t.Fatal(err)
		}
		part, err := f.Parse(name, strings.NewReader(text))
		if ps, ok := err.(loaders.Problems); ok {
			all = append(all, ps...)
		} else if err != nil {
			t.Fatal(err)
		}
		g.Append(part)
	}
	return g, all.Err()
}

// TestValidationRefusesBeforeWriting loads inputs with one kind of bad value
// each: every problem is reported as file:line: field: message, and the
// graph is left as it was.
func TestValidationRefusesBeforeWriting(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"a name too long for an index key", map[string]string{"in.json": entitiesJSON(
			fmt.Sprintf(`{"id": "product:x", "kind": "Product", "name": %q, "aliases": ["ok", %q], "sources": ["source:s"]}`, long(65536), long(1001)))},
			[]string{"in.json:3: name: 65536 bytes long; at most 1000 allowed", "in.json:3: aliases: 1001 bytes long; at most 1000 allowed"}},
		{"ids too long", map[string]string{"in.json": entitiesJSON(
			fmt.Sprintf(`{"id": "product:%s", "kind": "Product", "name": "P", "sources": ["source:s"]}`, long(249)),
			fmt.Sprintf(`{"id": "product:b", "kind": "Product", "name": "P", "sources": ["source:%s"]}`, long(250)))},
			[]string{"in.json:3: id: id of 257 bytes; at most 256 allowed", "in.json:4: sources: id of 257 bytes; at most 256 allowed"}},
		{"indexed attributes and long text too long", map[string]string{"in.json": entitiesJSON(
			fmt.Sprintf(`{"id": "institution:x", "kind": "Institution", "name": "I", "code": %q, "category": "ok", "description": %q, "sources": ["source:s"]}`, long(4097), long(32769)),
			fmt.Sprintf(`{"id": "statement:x", "kind": "Statement", "name": "St", "text": %q, "sources": ["source:s"]}`, long(32769)))},
			[]string{
				"in.json:3: description: 32769 bytes long; at most 32768 allowed",
				"in.json:3: code: 4097 bytes long; at most 4096 allowed",
				"in.json:4: text: 32769 bytes long; at most 32768 allowed",
			}},
		{"edge values too long", map[string]string{"in.json": edgesJSON(
			fmt.Sprintf(`{"from": "product:x", "type": "needs", "to": "product:y", "sources": ["source:s"], "quantity": 1, "unit": %q, "note": %q}`, long(4097), long(32769)))},
			[]string{"in.json:7: unit: 4097 bytes long; at most 4096 allowed", "in.json:7: note: 32769 bytes long; at most 32768 allowed"}},
		{"invalid UTF-8 in every format", map[string]string{
			"in.json":          entitiesJSON(product("a", ", \"name\": \"P\", \"description\": \"caf\xe9\""), product("b", `, "name": "P", "aliases": ["\ud800"]`)),
			"in-entities.csv":  "id,kind,name,sources\nproduct:c,Product,caf\xe9,source:s\n",
			"in.nq":            "<product:d> <dgraph.type> \"Product\" .\n<product:d> <name> \"caf\xe9\" .\n<product:d> <sources> <source:s> .\n",
			"in-relations.csv": "from,type,to,sources,note\nproduct:a,needs,product:b,source:s,\"\xff\"\n",
		}, []string{
			"in-entities.csv:2: name: invalid UTF-8 at byte 4",
			"in-relations.csv:2: note: invalid UTF-8 at byte 1",
			"in.json:3: description: invalid UTF-8 at byte 4",
			"in.json:4: aliases: invalid UTF-8 at byte 1",
			"in.nq:1: name: invalid UTF-8 at byte 4",
		}},
		{"control and bidirectional characters in ids, names and labels", map[string]string{"in.json": entitiesJSON(
			product("a", `, "name": "bell\u0007"`),
			product("b", `, "name": "two\nlines"`),
			product("c", `, "name": "P", "aliases": ["tab\there"]`),
			product("d", `, "name": "abc\u202edcba"`),
			product("e", `, "name": "P", "aliases": ["x\u2066y"]`),
			product("f", `, "name": "x\u200fy"`),
			product("g", `, "name": "C1 \u0085"`),
			product("h", `, "name": "P", "description": "two\nlines\tand a tab, x\u202ey"`),
			product("i", `, "name": "P", "description": "nul \u0000"`),
			`{"id": "source:t", "kind": "Source", "name": "T", "url": "https://example.org", "publisher": "x\u202ey"}`,
			`{"id": "product:\u202ej", "kind": "Product", "name": "P", "sources": ["source:s"]}`,
		)}, []string{
			"in.json:3: name: control character U+0007 at byte 5",
			"in.json:4: name: control character U+000A at byte 4",
			"in.json:5: aliases: control character U+0009 at byte 4",
			"in.json:6: name: bidirectional formatting character U+202E at byte 4",
			"in.json:7: aliases: bidirectional formatting character U+2066 at byte 2",
			"in.json:8: name: bidirectional formatting character U+200F at byte 2",
			"in.json:9: name: control character U+0085 at byte 4",
			"in.json:11: description: control character U+0000 at byte 5",
			"in.json:12: publisher: bidirectional formatting character U+202E at byte 2",
			`in.json:13: id: invalid id "product:\u202ej" (want kind:slug, e.g. material:dysprosium)`,
		}},
		{"dates out of order", map[string]string{"in.json": entitiesJSON(
			`{"id": "control:a", "kind": "Control", "name": "A", "issued": "2025-04-04", "until": "2025-04-03", "sources": ["source:s"]}`,
			`{"id": "control:b", "kind": "Control", "name": "B", "issued": "2025-04-04", "effective": "2025-05-01", "until": "2025-04-30", "sources": ["source:s"]}`,
			`{"id": "control:c", "kind": "Control", "name": "C", "issued": "2025-04-04", "effective": "2025-04-01", "until": "2025-04-01", "sources": ["source:s"]}`,
			`{"id": "event:d", "kind": "Event", "name": "D", "occurred": "2025-10-30", "ended": "2025-10-29", "sources": ["source:s"]}`,
			`{"id": "event:e", "kind": "Event", "name": "E", "occurred": "2025-10-30", "ended": "2025-10-30", "sources": ["source:s"]}`,
			// In force from its signature, published two days later: allowed.
			`{"id": "control:f", "kind": "Control", "name": "F", "issued": "2025-10-01", "effective": "2025-09-29", "until": "2026-09-29", "sources": ["source:s"]}`,
		)}, []string{
			"in.json:3: until: until 2025-04-03 is before issued 2025-04-04",
			"in.json:4: until: until 2025-04-30 is before effective 2025-05-01",
			"in.json:5: until: until 2025-04-01 is before issued 2025-04-04",
			"in.json:6: ended: ended 2025-10-29 is before occurred 2025-10-30",
		}},
		{"years out of range and reserved days", map[string]string{"in.json": edgesJSON(
			needs("x", "y", `, "since": "0000-01-01"`),
			needs("y", "x", `, "until": "9999-12-31"`),
			needs("x", "z", `, "since": "1000-01-01", "until": "0999-12-31"`),
			needs("z", "x", `, "since": "1000-01-02", "until": "9998-12-31"`),
			needs("y", "z", `, "since": "2025-01-02", "until": "2025-01-01"`),
		)}, []string{
			"in.json:7: since: date 0000-01-01 out of range (want a year from 1000 to 9998)",
			"in.json:8: until: date 9999-12-31 out of range (want a year from 1000 to 9998)",
			"in.json:9: since: date 1000-01-01 is reserved: it stands for an open start; leave the date out",
			"in.json:9: until: date 0999-12-31 out of range (want a year from 1000 to 9998)",
			"in.json:11: until: until 2025-01-01 is before since 2025-01-02",
		}},
		{"entity dates out of range", map[string]string{"in.json": entitiesJSON(
			`{"id": "event:a", "kind": "Event", "name": "A", "occurred": "0000-12-31", "sources": ["source:s"]}`)},
			[]string{"in.json:3: occurred: date 0000-12-31 out of range (want a year from 1000 to 9998)"}},
		{"negative quantities and shares outside [0, 1]", map[string]string{"in.json": edgesJSON(
			needs("x", "y", `, "quantity": -1, "unit": "t"`),
			needs("y", "x", `, "share": -0.1`),
			needs("x", "z", `, "share": 1.01`),
			needs("z", "x", `, "share": 0, "quantity": 0, "unit": "t"`),
			needs("y", "z", `, "share": 1, "quantity": -0, "unit": "t"`),
		)}, []string{
			"in.json:7: quantity: want an amount of 0 or more, got -1",
			"in.json:8: share: want a fraction from 0 to 1, got -0.1",
			"in.json:9: share: want a fraction from 0 to 1, got 1.01",
		}},
		{"NaN and infinities in every format that can carry them", map[string]string{
			"in-relations.csv": "from,type,to,sources,share,quantity,unit\nproduct:x,needs,product:y,source:s,NaN,+Inf,t\n",
			"in.nq":            `<product:x> <needs> <product:y> (sources="source:s", share=Inf, quantity=-inf, unit="t") .` + "\n",
		}, []string{
			`in-relations.csv:2: share: not a number: "NaN"`,
			`in-relations.csv:2: quantity: not a number: "+Inf"`,
			`in.nq:1: share: not a number: "Inf"`,
			`in.nq:1: quantity: not a number: "-inf"`,
		}},
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		before := stats(t, s)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				g, err := readInput(t, c.files)
				if err == nil {
					_, err = loaders.Load(context.Background(), s, g, loaders.Options{BatchSize: 1})
				}
				assertProblems(t, err, c.want)
				if after := stats(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Fatalf("invalid input changed the graph: %v → %v", before, after)
				}
			})
		}
	})
}

// TestValidationRefusesNonFiniteNumbers: a graph built in Go can carry what
// no file can.
func TestValidationRefusesNonFiniteNumbers(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	g := readSmall(t)
	g.Edges[0].Share = f(math.NaN())
	g.Edges[1].Share = f(math.Inf(1))
	g.Edges[2].Quantity, g.Edges[2].Unit = f(math.Inf(-1)), "t"
	g.Edges[3].Quantity = f(math.NaN())
	storetest.Each(t, func(t *testing.T, s store.Store) {
		_, err := loaders.Load(context.Background(), s, g, loaders.Options{})
		assertProblems(t, err, []string{
			"testdata/json/small.json:14: share: want a fraction from 0 to 1, got NaN",
			"testdata/json/small.json:15: share: want a fraction from 0 to 1, got +Inf",
			"testdata/json/small.json:16: quantity: want a finite number, got -Inf",
			"testdata/json/small.json:17: quantity: want a finite number, got NaN",
		})
		if st := stats(t, s); st.TotalEntities() != 0 {
			t.Fatalf("invalid input wrote %v", st)
		}
	})
}

// TestValuesAtTheLimitsLoad writes a value of the longest length allowed in
// every field that Dgraph indexes, one word long so that a term or fulltext
// token is as long as the value: the engine takes them, and a reload
// changes nothing.
func TestValuesAtTheLimitsLoad(t *testing.T) {
	word := func(n int) string { return strings.Repeat("é", n/2) + strings.Repeat("x", n%2) }
	ascii := func(n int) string { return strings.Repeat("x", n) } // a fulltext token as long as the value
	id := "product:" + strings.Repeat("p", 256-len("product:"))
	input := edgesJSON(
		fmt.Sprintf(`{"from": %q, "type": "needs", "to": "product:y", "sources": ["source:s"], "role": %q, "quantity": 0, "unit": %q, "note": %q}`,
			id, word(4096), word(4096), word(32768)),
	)
	input = strings.Replace(input, `{"id": "product:x", "kind": "Product", "name": "X", "sources": ["source:s"]}`,
		fmt.Sprintf(`{"id": %q, "kind": "Product", "name": %q, "aliases": [%q, %q], "description": %q, "category": %q, "sources": ["source:s"]},`+"\n"+
			`{"id": "statement:s", "kind": "Statement", "name": "S", "text": %q, "sources": ["source:s"]},`+"\n"+
			`{"id": "institution:i", "kind": "Institution", "name": "I", "code": %q, "url": %q, "sources": ["source:s"]},`+"\n"+
			`{"id": "source:p", "kind": "Source", "name": "P", "url": "https://example.org", "publisher": %q, "published": "1000-01-02", "retrieved": "9998-12-31"}`,
			id, word(1000), word(1000), word(999), ascii(32768), word(4096), ascii(32768), word(4096), "https://"+word(4088), ascii(4096)), 1)
	g, err := loaders.JSON{}.Parse("limits.json", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		if rep := mustLoad(t, s, g, loaders.Options{}); rep.Entities.Created != 7 || rep.Edges.Created != 1 {
			t.Fatalf("report %v", rep)
		}
		if rep := mustLoad(t, s, g, loaders.Options{}); rep.Entities.Unchanged != 7 || rep.Edges.Unchanged != 1 {
			t.Fatalf("reload: %v", rep)
		}
	})
}
