package loaders_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// docsExample is the example input of docs/data-format.md.
func docsExample(t *testing.T) kg.Graph {
	t.Helper()
	doc, err := os.ReadFile("../docs/data-format.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## Native JSON")
	_, rest, ok2 := strings.Cut(rest, "```json\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/data-format.md has no JSON example under Native JSON")
	}
	return parseJSON(t, example)
}

// dysprosium is what the graph holds of material:dysprosium.
type dysprosium struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Category    string   `json:"category"`
	Aliases     []string `json:"aliases"`
	Sources     []struct {
		XID string `json:"xid"`
	} `json:"sources"`
}

func readDysprosium(t *testing.T, s store.Store) dysprosium {
	t.Helper()
	got := query(t, s, `{ q(func: eq(xid, "material:dysprosium")) { name description category aliases sources { xid } } }`, nil)
	js, _ := json.Marshal(got["q"])
	var out []dysprosium
	if err := json.Unmarshal(js, &out); err != nil || len(out) != 1 {
		t.Fatalf("dysprosium: %s (%v)", js, err)
	}
	slices.SortFunc(out[0].Sources, func(a, b struct {
		XID string `json:"xid"`
	}) int {
		return strings.Compare(a.XID, b.XID)
	})
	return out[0]
}

func seedCurated(t *testing.T, s store.Store) {
	t.Helper()
	if err := storetest.SeedCurated(s); err != nil {
		t.Fatal(err)
	}
}

func TestDocsExampleKeepsWhatItDoesNotGive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		before := readDysprosium(t, s)
		if before.Description == "" || before.Category == "" || len(before.Sources) < 2 {
			t.Fatalf("the curated dysprosium no longer has what this test keeps: %+v", before)
		}
		rep := mustLoad(t, s, docsExample(t), loaders.Options{Diff: true})
		if after := readDysprosium(t, s); !reflectEqual(before, after) {
			t.Errorf("loading the docs example changed dysprosium:\n%+v\n→ %+v", before, after)
		}
		for _, r := range rep.Diff.Records {
			if r.ID == "material:dysprosium" {
				t.Errorf("the report lists a change of dysprosium: %+v", r)
			}
		}
	})
}

func reflectEqual(a, b dysprosium) bool {
	aj, _ := json.Marshal(a)
	bj, _ := json.Marshal(b)
	return string(aj) == string(bj)
}

func TestNullRemovesAndAbsentKeeps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		before := readDysprosium(t, s)
		rep := mustLoad(t, s, parseJSON(t, `{"entities": [
			{"id": "material:dysprosium", "kind": "Material", "description": null, "category": null, "aliases": []}]}`),
			loaders.Options{Diff: true})
		after := readDysprosium(t, s)
		if after.Description != "" || after.Category != "" || len(after.Aliases) != 0 {
			t.Errorf("null and [] kept description %q, category %q, aliases %v", after.Description, after.Category, after.Aliases)
		}
		if after.Name != before.Name || len(after.Sources) != len(before.Sources) {
			t.Errorf("absent name and sources changed: %+v → %+v", before, after)
		}
		want := []string{
			"- material:dysprosium description " + before.Description + " ",
			"- material:dysprosium category " + before.Category + " ",
			"- material:dysprosium aliases Dy ",
		}
		if got := diffLines(t, rep); !slices.Equal(got, want) {
			t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestReplaceWritesWholeRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		mustLoad(t, s, docsExample(t), loaders.Options{Replace: true})
		after := readDysprosium(t, s)
		if after.Description != "" || after.Category != "" || len(after.Sources) != 1 || after.Sources[0].XID != "source:usgs-mcs-2025" {
			t.Errorf("--replace kept what the record does not give: %+v", after)
		}
	})
}

func TestPartialRecordsNeedTheEntityInTheGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		_, err := loaders.Load(t.Context(), s, parseJSON(t, `{"entities": [
			{"id": "material:unobtainium", "kind": "Material", "description": "Not in the graph."},
			{"id": "material:dysprosium", "kind": "Material", "description": "Only the description changes."}]}`),
			loaders.Options{})
		assertProblems(t, err, []string{
			"input.json:2: name: missing",
			"input.json:2: sources: missing: every Material needs at least one source",
		})
	})
}

func TestMergeIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		first := mustLoad(t, s, docsExample(t), loaders.Options{Diff: true})
		second := mustLoad(t, s, docsExample(t), loaders.Options{Diff: true})
		if len(second.Diff.Records) != 0 || second.Entities.Created+second.Entities.Updated+second.Edges.Created+second.Edges.Updated != 0 {
			t.Errorf("second load of the same file: %v %+v (first: %v)", second, second.Diff.Records, first)
		}
	})
}

func TestCSVEmptyCellKeeps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		before := readDysprosium(t, s)
		g, err := loaders.CSV{}.Parse("entities.csv", strings.NewReader(
			"id,kind,name,description,category,sources\nmaterial:dysprosium,Material,,New words.,,\n"))
		if err != nil {
			t.Fatal(err)
		}
		mustLoad(t, s, g, loaders.Options{})
		after := readDysprosium(t, s)
		before.Description = "New words."
		if !reflectEqual(before, after) {
			t.Errorf("empty CSV cells changed dysprosium:\n%+v\n→ %+v", before, after)
		}
	})
}

func TestEdgeKeepsOmittedPropertiesAndAddsSources(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		rep := mustLoad(t, s, parseJSON(t, `{"edges": [{"from": "control:mofcom-2025-18", "type": "restricts",
			"to": "material:dysprosium", "since": "2025-04-04", "sources": ["source:usgs-mcs-2025"]}]}`), loaders.Options{Diff: true})
		want := []string{
			"+ control:mofcom-2025-18 -restricts-> material:dysprosium sources  source:usgs-mcs-2025",
			"+ control:mofcom-2025-18 -restricts-> material:dysprosium since  2025-04-04",
		}
		if got := diffLines(t, rep); !slices.Equal(got, want) {
			t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		got := query(t, s, `{ q(func: eq(xid, "control:mofcom-2025-18")) { restricts @filter(eq(xid, "material:dysprosium")) @facets(note, sources) { xid } } }`, nil)
		js, _ := json.Marshal(got)
		for _, w := range []string{"Metals, alloys", "source:hklaw-2025-04", "source:usgs-mcs-2025"} {
			if !strings.Contains(string(js), w) {
				t.Errorf("the edge lost %q: %s", w, js)
			}
		}
	})
}

// A partial record is checked as the load would store it: a date it gives
// against one it keeps, a quantity against the stored unit, a required
// role against the stored edge.
func TestPartialRecordsAreCheckedMerged(t *testing.T) {
	const suffix = " (with the fields the record leaves out as stored)"
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		before := stats(t, s)
		_, err := loaders.Load(t.Context(), s, parseJSON(t, `{"entities": [
			{"id": "control:mofcom-2025-18", "kind": "Control", "until": "2025-04-01"},
			{"id": "control:mofcom-2025-70", "kind": "Control", "issued": "2026-12-01", "effective": "2025-11-07"}
		], "edges": [
			{"from": "official:li-chenggang", "type": "holds_role", "to": "institution:mofcom", "until": "2025-01-01", "sources": ["source:wikiwand-wang-wentao"]},
			{"from": "statement:ap-daily-trade", "type": "about", "to": "country:cn", "unit": null, "sources": ["source:ap-independent-2025-11-04"]},
			{"from": "statement:ap-daily-trade", "type": "about", "to": "country:eu", "quantity": 5, "sources": ["source:ap-independent-2025-11-04"]},
			{"from": "official:olof-gill", "type": "holds_role", "to": "institution:mofcom", "since": "2025-01-01", "sources": ["source:ec-president-elect-2024"]},
			{"from": "official:wang-wentao", "type": "holds_role", "to": "institution:mofcom", "until": "2020-01-01", "sources": ["source:wikiwand-wang-wentao"]}
		]}`), loaders.Options{})
		assertProblems(t, err, []string{
			"input.json:2: until: until 2025-04-01 is before issued 2025-04-04" + suffix,
			"input.json:2: until: until 2025-04-01 is before effective 2025-04-04" + suffix,
			"input.json:3: until: until 2026-11-10 is before issued 2026-12-01" + suffix,
			"input.json:5: until: until 2025-01-01 is before since 2025-04-16" + suffix,
			"input.json:6: unit: missing: a quantity needs a unit" + suffix,
			"input.json:7: unit: missing: a quantity needs a unit",
			"input.json:8: role: missing (required on holds_role)",
			"input.json:9: until: until 2020-01-01 is before since 2020-12-26" + suffix,
		})
		if after := stats(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("a refused load changed the graph: %+v → %+v", before, after)
		}

		// The same records, made consistent with what is stored, load;
		// the edge's role and unit stay.
		mustLoad(t, s, parseJSON(t, `{"entities": [
			{"id": "control:mofcom-2025-70", "kind": "Control", "until": "2026-11-10"}
		], "edges": [
			{"from": "statement:ap-daily-trade", "type": "about", "to": "country:cn", "quantity": 2.4, "sources": ["source:ap-independent-2025-11-04"]},
			{"from": "official:wang-wentao", "type": "holds_role", "to": "institution:mofcom", "until": "2030-01-01", "sources": ["source:wikiwand-wang-wentao"]}
		]}`), loaders.Options{})
		got := query(t, s, `{ q(func: eq(xid, "official:wang-wentao")) { holds_role @facets(role, until) { xid } } }`, nil)
		if js, _ := json.Marshal(got); !strings.Contains(string(js), "Minister of Commerce") || !strings.Contains(string(js), "2030-01-01") {
			t.Errorf("the merged edge lost its role or its new end: %s", js)
		}
	})
}

// Under Replace a record is whole: what it leaves out is not taken from the
// graph, so a required field it omits is missing.
func TestReplaceNeedsWholeRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		seedCurated(t, s)
		_, err := loaders.Load(t.Context(), s, parseJSON(t, `{"entities": [
			{"id": "material:dysprosium", "kind": "Material", "description": "Only this.", "sources": ["source:usgs-mcs-2025"]}
		], "edges": [
			{"from": "official:wang-wentao", "type": "holds_role", "to": "institution:mofcom", "sources": ["source:wikiwand-wang-wentao"]}
		]}`), loaders.Options{Replace: true})
		assertProblems(t, err, []string{
			"input.json:2: name: missing",
			"input.json:4: role: missing (required on holds_role)",
		})
	})
}
