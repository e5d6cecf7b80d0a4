package loaders_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// dataSchema compiles docs/chokepoint-data.schema.json, with formats
// asserted as the loader checks them.
func dataSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(ecmaRegexp)
	s, err := c.Compile("../docs/chokepoint-data.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateText(s *jsonschema.Schema, text string) error {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		return err
	}
	return s.Validate(doc)
}

// The published schema admits what the loader takes: the curated data,
// the documented example, partial records and null.
func TestSchemaAdmitsWhatLoadsTake(t *testing.T) {
	s := dataSchema(t)
	files, err := filepath.Glob("../data/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no curated data files (%v)", err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateText(s, string(raw)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for name, text := range map[string]string{
		"partial entity": `{"entities": [{"id": "material:dysprosium", "kind": "Material", "description": "Only this changes."}]}`,
		"nulls": `{"entities": [{"id": "material:dysprosium", "kind": "Material", "description": null, "category": null, "aliases": []}],
			"edges": [{"from": "statement:x", "type": "about", "to": "country:cn", "unit": null, "quantity": null, "sources": ["source:s"]}]}`,
		"partial control":        `{"entities": [{"id": "control:mofcom-2025-70", "kind": "Control", "until": "2026-11-10"}]}`,
		"edge keeps role":        `{"edges": [{"from": "official:wang-wentao", "type": "holds_role", "to": "institution:mofcom", "until": "2030-01-01", "sources": ["source:s"]}]}`,
		"source without sources": `{"entities": [{"id": "source:s", "kind": "Source", "sources": null}]}`,
		"review file":            reviewFile,
	} {
		if err := validateText(s, text); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
}

// The schema refuses what the loader refuses without looking at the graph.
func TestSchemaRefusesWhatLoadsRefuse(t *testing.T) {
	s := dataSchema(t)
	for name, text := range map[string]string{
		"no kind":           `{"entities": [{"id": "material:x", "name": "X"}]}`,
		"unknown key":       `{"entities": [{"id": "material:x", "kind": "Material", "Name": "X"}]}`,
		"bidi in name":      `{"entities": [{"id": "material:x", "kind": "Material", "name": "X\u202eY"}]}`,
		"null name":         `{"entities": [{"id": "material:x", "kind": "Material", "name": null}]}`,
		"wrong attribute":   `{"entities": [{"id": "material:x", "kind": "Material", "issued": "2025-01-01"}]}`,
		"open date":         `{"edges": [{"from": "country:cn", "type": "produces", "to": "material:x", "since": "1000-01-01", "sources": ["source:s"]}]}`,
		"edge sources":      `{"edges": [{"from": "country:cn", "type": "produces", "to": "material:x", "sources": null}]}`,
		"no sources":        `{"edges": [{"from": "country:cn", "type": "produces", "to": "material:x"}]}`,
		"share above one":   `{"edges": [{"from": "country:cn", "type": "produces", "to": "material:x", "share": 1.5, "sources": ["source:s"]}]}`,
		"supplier on needs": `{"edges": [{"from": "product:x", "type": "needs", "to": "material:x", "supplier": "country:cn", "sources": ["source:s"]}]}`,
		"evidence key":      `{"evidence": [{"record": "material:x", "category": "entity", "status": "known", "source": "source:s", "start": 0, "end": 1, "text": "X.", "sentence": "X."}]}`,
		"evidence status":   `{"evidence": [{"record": "material:x", "category": "entity", "status": "maybe", "source": "source:s", "start": 0, "end": 1, "text": "X."}]}`,
		"evidence no start": `{"evidence": [{"record": "material:x", "category": "entity", "status": "known", "source": "source:s", "end": 1, "text": "X."}]}`,
	} {
		if err := validateText(s, text); err == nil {
			t.Errorf("%s: admitted", name)
		}
	}
}

// ecmaRegexp compiles a schema pattern, which is ECMA-262, with Go's
// regexp: the patterns use no more of ECMA-262 than RE2 has, but write a
// code point as \uXXXX, which RE2 writes \x{XXXX}.
func ecmaRegexp(pattern string) (jsonschema.Regexp, error) {
	return regexp.Compile(ecmaEscape.ReplaceAllString(pattern, `\x{$1}`))
}

var ecmaEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})`)
