package loaders_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// attrCase is one entity that sets one attribute of kg.Attrs, with the
// attributes its kind requires.
type attrCase struct {
	attr  kg.AttrSpec
	id    string
	kind  kg.Kind
	attrs map[kg.Attr]string
}

// sampleValue is a valid value for an attribute.
func sampleValue(a kg.AttrSpec) string {
	switch {
	case a.Name == kg.AttrOpenedYear || a.Name == kg.AttrClosedYear || a.Name == kg.AttrCapacityYear:
		return "2020"
	case a.Name == kg.AttrStage:
		return "magnet"
	case a.Name == kg.AttrStatus:
		return "operating"
	case a.Type == kg.IntAttr:
		return "66"
	case a.Type == kg.DateAttr:
		return "2025-01-31"
	case a.Name == kg.AttrURL:
		return "https://example.org/x"
	case a.Name == kg.AttrLanguage:
		return "zh"
	}
	return "some text"
}

// attrCases has one case per attribute, on the first kind that allows it.
func attrCases(t *testing.T) []attrCase {
	var cases []attrCase
	for _, a := range kg.Attrs {
		i := slices.IndexFunc(kg.Kinds, func(k kg.Kind) bool { return slices.Contains(kg.KindAttrs[k].Allowed, a.Name) })
		if i < 0 {
			t.Fatalf("no kind allows attribute %s", a.Name)
		}
		c := attrCase{attr: a, kind: kg.Kinds[i], attrs: map[kg.Attr]string{}}
		c.id = c.kind.IDPrefix() + "attr-" + strings.ToLower(string(a.Name))
		for _, r := range kg.KindAttrs[c.kind].Required {
			c.attrs[r] = sampleValue(mustAttr(t, r))
		}
		c.attrs[a.Name] = sampleValue(a)
		if a.Name == kg.AttrCapacity { // a capacity needs its unit
			c.attrs[kg.AttrCapacityUnit] = sampleValue(mustAttr(t, kg.AttrCapacityUnit))
		}
		cases = append(cases, c)
	}
	return cases
}

func mustAttr(t *testing.T, a kg.Attr) kg.AttrSpec {
	spec, ok := kg.LookupAttr(string(a))
	if !ok {
		t.Fatalf("unknown attribute %s", a)
	}
	return spec
}

const attrSource = `source:attrs`

// TestEveryAttributeLoads reads every attribute of kg.Attrs from each
// format, writes it and reads it back: a new attribute needs no loader
// change.
func TestEveryAttributeLoads(t *testing.T) {
	cases := attrCases(t)

	var js strings.Builder
	js.WriteString(`{"entities": [{"id": "` + attrSource + `", "kind": "Source", "name": "S", "url": "https://example.org"}`)
	srcRow := []string{attrSource, "Source", "S", ""}
	for _, a := range kg.Attrs {
		if a.Name == kg.AttrURL {
			srcRow = append(srcRow, "https://example.org")
		} else {
			srcRow = append(srcRow, "")
		}
	}
	csvRows := []string{"id,kind,name,sources," + strings.Join(kg.AttrNames(), ","), strings.Join(srcRow, ",")}
	var nq strings.Builder
	fmt.Fprintf(&nq, "<%s> <dgraph.type> \"Source\" .\n<%s> <name> \"S\" .\n<%s> <url> \"https://example.org\" .\n", attrSource, attrSource, attrSource)
	for _, c := range cases {
		sources := attrSource
		if c.kind == kg.Source {
			sources = ""
		}
		fmt.Fprintf(&js, `, {"id": %q, "kind": %q, "name": "N"`, c.id, c.kind)
		if sources != "" {
			fmt.Fprintf(&js, `, "sources": [%q]`, sources)
		}
		row := []string{c.id, string(c.kind), "N", sources}
		fmt.Fprintf(&nq, "<%s> <dgraph.type> %q .\n<%s> <name> \"N\" .\n", c.id, c.kind, c.id)
		if sources != "" {
			fmt.Fprintf(&nq, "<%s> <sources> <%s> .\n", c.id, sources)
		}
		for _, a := range kg.Attrs {
			v, ok := c.attrs[a.Name]
			row = append(row, v)
			if !ok {
				continue
			}
			if a.Type == kg.IntAttr {
				fmt.Fprintf(&js, `, %q: %s`, a.Name, v)
			} else {
				fmt.Fprintf(&js, `, %q: %q`, a.Name, v)
			}
			fmt.Fprintf(&nq, "<%s> <%s> %q .\n", c.id, a.Name, v)
		}
		js.WriteString("}")
		csvRows = append(csvRows, strings.Join(row, ","))
	}
	js.WriteString("]}")

	fromJSON, err := loaders.JSON{}.Parse("attrs.json", strings.NewReader(js.String()))
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	fromCSV, err := loaders.CSV{}.Parse("attrs-entities.csv", strings.NewReader(strings.Join(csvRows, "\n")+"\n"))
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	fromNQuads, err := loaders.NQuads{}.Parse("attrs.nq", strings.NewReader(nq.String()))
	if err != nil {
		t.Fatalf("N-Quads: %v", err)
	}
	for _, g := range []kg.Graph{fromJSON, fromCSV, fromNQuads} {
		if len(g.Entities) != len(cases)+1 {
			t.Fatalf("%s: %d entities, want %d", g.Entities[0].Pos.File, len(g.Entities), len(cases)+1)
		}
		for i, c := range cases {
			e := g.Entities[i+1]
			if fmt.Sprint(e.Attrs) != fmt.Sprint(c.attrs) {
				t.Errorf("%s: %s attrs = %v, want %v", e.Pos, e.ID, e.Attrs, c.attrs)
			}
		}
	}

	storetest.Each(t, func(t *testing.T, s store.Store) {
		rep := mustLoad(t, s, fromJSON, loaders.Options{})
		if rep.Entities.Created != len(cases)+1 {
			t.Fatalf("first load: %v", rep)
		}
		for _, g := range []kg.Graph{fromJSON, fromCSV, fromNQuads} {
			if rep := mustLoad(t, s, g, loaders.Options{}); rep.Entities.Unchanged != len(cases)+1 {
				t.Errorf("reload from %s: %v", g.Entities[0].Pos.File, rep)
			}
		}
		for _, c := range cases {
			got := query(t, s, fmt.Sprintf(`query q($id: string) { q(func: eq(xid, $id)) { %s } }`, c.attr.Name), map[string]string{"$id": c.id})
			js, _ := json.Marshal(got["q"])
			want := c.attrs[c.attr.Name]
			switch c.attr.Type {
			case kg.TextAttr:
				want = fmt.Sprintf("%q", want)
			case kg.DateAttr:
				want = fmt.Sprintf("%q", want+"T00:00:00Z")
			}
			if wantJS := fmt.Sprintf(`[{%q:%s}]`, c.attr.Name, want); string(js) != wantJS {
				t.Errorf("stored %s = %s, want %s", c.id, js, wantJS)
			}
		}
	})
}

// TestDocsDescribeEveryAttribute checks that the data format and the JSON
// Schema name every attribute of kg.Attrs, with the kinds that allow it.
func TestDocsDescribeEveryAttribute(t *testing.T) {
	doc, err := os.ReadFile("../docs/data-format.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range kg.Attrs {
		if !strings.Contains(string(doc), "`"+string(a.Name)+"`") {
			t.Errorf("docs/data-format.md does not describe attribute %s", a.Name)
		}
	}
	raw, err := os.ReadFile("../docs/chokepoint-data.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Defs map[string]struct {
			Type       string                    `json:"type"`
			Properties map[string]schemaProperty `json:"properties"`
			AllOf      []struct {
				If struct {
					Properties struct {
						Kind struct {
							Const string `json:"const"`
						} `json:"kind"`
					} `json:"properties"`
				} `json:"if"`
				Then struct {
					PropertyNames struct {
						Enum []string `json:"enum"`
					} `json:"propertyNames"`
					RequiredWhenNew []string `json:"x-requiredWhenNew"`
				} `json:"then"`
			} `json:"allOf"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	entity := schema.Defs["entity"]
	for _, a := range kg.Attrs {
		p, ok := entity.Properties[string(a.Name)]
		if !ok || len(p.AnyOf) != 2 || p.AnyOf[1].Type != "null" {
			t.Errorf("schema: entity property %s is not a value or null", a.Name)
			continue
		}
		v := p.AnyOf[0]
		got := v.Type
		switch def, isDef := strings.CutPrefix(v.Ref, "#/$defs/"); {
		case def == "date":
			got = "date"
		case isDef:
			got = schema.Defs[def].Type
		}
		want := map[kg.AttrType]string{kg.TextAttr: "string", kg.IntAttr: "integer", kg.DateAttr: "date"}[a.Type]
		if got != want {
			t.Errorf("schema: entity property %s is %q, want %q", a.Name, got, want)
		}
	}
	for _, rule := range entity.AllOf {
		k := kg.Kind(rule.If.Properties.Kind.Const)
		spec, ok := kg.KindAttrs[k]
		if !ok {
			continue
		}
		want := []string{"id", "kind", "name", "aliases", "description", "sources"}
		for _, a := range spec.Allowed {
			want = append(want, string(a))
		}
		if got := rule.Then.PropertyNames.Enum; !sameSet(got, want) {
			t.Errorf("schema: a %s may have %v, want %v", k, got, want)
		}
		for _, a := range spec.Required {
			if !slices.Contains(rule.Then.RequiredWhenNew, string(a)) {
				t.Errorf("schema: a new %s must have %s", k, a)
			}
		}
	}
}

// schemaProperty is a property of the data schema: a value (its type or
// a reference to a definition) or null.
type schemaProperty struct {
	AnyOf []struct {
		Type string `json:"type"`
		Ref  string `json:"$ref"`
	} `json:"anyOf"`
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
