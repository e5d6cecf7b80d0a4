package loaders_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// diffLines renders a report's diff as "op record field old new" lines.
func diffLines(t *testing.T, rep loaders.Report) []string {
	t.Helper()
	if rep.Diff == nil {
		t.Fatal("report has no diff; Options.Diff was set")
	}
	var out []string
	for _, r := range rep.Diff.Records {
		for _, c := range r.Changes {
			out = append(out, strings.Join([]string{c.Op(), r.Record(), c.Field, c.Old, c.New}, " "))
		}
	}
	return out
}

func parseJSON(t *testing.T, text string) kg.Graph {
	t.Helper()
	g, err := loaders.JSON{}.Parse("input.json", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// With Replace the record is whole: the source it no longer cites goes.
func TestDryRunDiffListsEveryChangeAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		changed := parseJSON(t, `{"entities": [
			{"id": "material:dysprosium", "kind": "Material", "name": "Dysprosium", "aliases": ["Dy", "dysprosium metal"],
			 "symbol": "Dy", "atomicNumber": 66, "description": "A heavy rare earth element.", "sources": ["source:news"]},
			{"id": "material:terbium", "kind": "Material", "name": "Terbium", "sources": ["source:usgs"]}],
		  "edges": [
			{"from": "institution:mofcom", "type": "part_of", "to": "country:cn", "note": "a ministry", "sources": ["source:news", "source:usgs"]}]}`)
		rep := mustLoad(t, s, changed, loaders.Options{DryRun: true, Replace: true, Diff: true})
		want := []string{
			"~ material:dysprosium description A heavy rare earth. A heavy rare earth element.",
			"+ material:dysprosium aliases  dysprosium metal",
			"- material:dysprosium sources source:usgs ",
			"+ material:dysprosium sources  source:news",
			"+ material:terbium name  Terbium",
			"+ material:terbium sources  source:usgs",
			"+ institution:mofcom -part_of-> country:cn sources  source:usgs",
			"+ institution:mofcom -part_of-> country:cn note  a ministry",
		}
		if got := diffLines(t, rep); !slices.Equal(got, want) {
			t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if c := rep.Diff.Records[1]; c.ID != "material:terbium" || !c.Created {
			t.Errorf("second record %+v, want terbium created", c)
		}
		again := mustLoad(t, s, changed, loaders.Options{DryRun: true, Replace: true, Diff: true})
		if got := diffLines(t, again); !slices.Equal(got, want) {
			t.Errorf("a second dry run differs, so the first wrote something:\n%s", strings.Join(got, "\n"))
		}
	})
}

func TestDiffOfUnchangedRecordsIsEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		rep := mustLoad(t, s, readSmall(t), loaders.Options{Diff: true})
		if rep.Entities.Created+rep.Entities.Updated+rep.Edges.Created+rep.Edges.Updated != 0 || len(rep.Diff.Records) != 0 {
			t.Errorf("second load of the same file: %v, diff %+v", rep, rep.Diff.Records)
		}
	})
}

func TestNoDiffUnlessAsked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		rep, err := loaders.Load(context.Background(), s, readSmall(t), loaders.Options{})
		if err != nil || rep.Diff != nil {
			t.Errorf("Load without Options.Diff: diff %v, err %v", rep.Diff, err)
		}
	})
}
