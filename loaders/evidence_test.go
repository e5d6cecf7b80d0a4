package loaders_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// reviewFile is a review file as chokepoint extract writes one: a new
// Source and Statement, an edge, and the evidence of each.
const reviewFile = `{
  "entities": [
    {"id": "source:example.org-a", "kind": "Source", "name": "A report", "url": "https://example.org/a", "published": "2025-11-04"},
    {"id": "statement:example.org-a-10-40", "kind": "Statement", "name": "Gill: we welcome the suspension", "text": "We welcome the suspension", "occurred": "2025-11-04", "sources": ["source:example.org-a"]}
  ],
  "edges": [
    {"from": "statement:example.org-a-10-40", "type": "about", "to": "material:dysprosium", "note": "From chars 0–52.", "sources": ["source:example.org-a"]}
  ],
  "evidence": [
    {"record": "statement:example.org-a-10-40", "category": "statement", "status": "new", "source": "source:example.org-a", "start": 0, "end": 52, "confidence": 0.85, "mention": "Gill said", "text": "\"We welcome the suspension,\" Gill said on Tuesday."},
    {"record": "material:dysprosium", "category": "entity", "status": "known", "source": "source:example.org-a", "start": 60, "end": 90, "confidence": 0.95, "text": "Dysprosium is a rare earth."}
  ]
}
`

func TestEvidenceIsReadAndWrittenBack(t *testing.T) {
	g, err := loaders.JSON{}.Parse("review.json", strings.NewReader(reviewFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Evidence) != 2 {
		t.Fatalf("evidence = %+v", g.Evidence)
	}
	e := g.Evidence[0]
	if e.Record != "statement:example.org-a-10-40" || e.Category != "statement" || e.Status != "new" || e.Start != 0 || e.End != 52 ||
		e.Confidence != 0.85 || e.Mention != "Gill said" || !strings.HasPrefix(e.Text, `"We welcome`) || e.Pos.Line != 10 {
		t.Errorf("first evidence = %+v", e)
	}
	// The encoder writes what the parser reads.
	var out bytes.Buffer
	enc := loaders.NewJSONEncoder(&out).(loaders.EvidenceEncoder)
	for i := range g.Entities {
		if err := enc.Entity(&g.Entities[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range g.Edges {
		if err := enc.Edge(&g.Edges[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range g.Evidence {
		if err := enc.Evidence(&g.Evidence[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := loaders.JSON{}.Parse("again.json", &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for i := range again.Evidence {
		a, b := again.Evidence[i], g.Evidence[i]
		a.Pos, b.Pos = kg.Pos{}, kg.Pos{}
		if a != b {
			t.Errorf("evidence %d: wrote %+v, read back %+v", i, b, a)
		}
	}
	// Evidence alone, without records, is a file too.
	out.Reset()
	enc = loaders.NewJSONEncoder(&out).(loaders.EvidenceEncoder)
	if err := enc.Evidence(&g.Evidence[1]); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if only, err := (loaders.JSON{}).Parse("only.json", &out); err != nil || len(only.Evidence) != 1 || len(only.Entities) != 0 {
		t.Fatalf("evidence only: %+v, %v\n%s", only, err, out.String())
	}
}

func TestEvidenceIsCheckedStrictly(t *testing.T) {
	rec := func(fields string) string {
		return `{"evidence": [
  {` + fields + `}
]}`
	}
	base := `"record": "material:x", "category": "entity", "status": "known", "source": "source:s", "start": 1, "end": 5, "text": "Some text."`
	for name, tc := range map[string]struct{ input, want string }{
		"unknown key":   {rec(base + `, "sentence": "x"`), `e.json:2: sentence: unknown field`},
		"key twice":     {rec(base + `, "start": 2`), `e.json:2: start: given twice`},
		"category":      {rec(strings.Replace(base, `"entity"`, `"opinion"`, 1)), `e.json:2: category: "opinion" is not a category (want entity, role, statement, event, control, figure)`},
		"status":        {rec(strings.Replace(base, `"known"`, `"maybe"`, 1)), `e.json:2: status: "maybe" is not a status (want new, known, incomplete)`},
		"no start":      {rec(strings.Replace(base, `"start": 1, `, ``, 1)), `e.json:2: start: missing`},
		"no text":       {rec(strings.Replace(base, `, "text": "Some text."`, ``, 1)), `e.json:2: text: missing`},
		"span":          {rec(strings.Replace(base, `"end": 5`, `"end": 0`, 1)), `e.json:2: end: 0 is before start 1`},
		"negative":      {rec(strings.Replace(base, `"start": 1`, `"start": -1`, 1)), `e.json:2: start: -1 is not a character offset (want an integer of 0 or more)`},
		"confidence":    {rec(base + `, "confidence": 1.5`), `e.json:2: confidence: 1.5 is not a confidence (want a number from 0 to 1)`},
		"source kind":   {rec(strings.Replace(base, `"source:s"`, `"material:s"`, 1)), `e.json:2: source: material:s is not the id of a Source`},
		"source id":     {rec(strings.Replace(base, `"source:s"`, `"Source S"`, 1)), `e.json:2: source: invalid id "Source S" (want kind:slug, e.g. material:dysprosium)`},
		"wrong type":    {rec(strings.Replace(base, `"start": 1`, `"start": "1"`, 1)), `e.json:2: start: wrong type: got string, want number`},
		"not an array":  {`{"evidence": {}}`, `e.json:1:col 14: expected "evidence" to be an array`},
		"top-level key": {`{"evidnce": []}`, `e.json:1:col 2: evidnce: unknown top-level field; did you mean "evidence"?`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loaders.JSON{}.Parse("e.json", strings.NewReader(tc.input))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant it to say %q", err, tc.want)
			}
		})
	}
}

// A load checks the evidence and stores nothing of it: a review file
// loads as its records alone would.
func TestLoadStoresNoEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		g, err := loaders.JSON{}.Parse("review.json", strings.NewReader(reviewFile))
		if err != nil {
			t.Fatal(err)
		}
		without := g
		without.Evidence = nil
		dry := mustLoad(t, s, without, loaders.Options{DryRun: true})
		rep := mustLoad(t, s, g, loaders.Options{})
		if rep.Entities != dry.Entities || rep.Edges != dry.Edges || rep.Entities.Created != 2 || rep.Edges.Created != 1 {
			t.Fatalf("load with evidence = %+v, without = %+v", rep, dry)
		}
		again := mustLoad(t, s, g, loaders.Options{})
		if again.Entities.Created+again.Entities.Updated+again.Edges.Created+again.Edges.Updated != 0 {
			t.Fatalf("second load changed records: %+v", again)
		}
	})
}
