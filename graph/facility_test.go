package graph_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// The facilities list's status filter (DQL) and a facility's status field
// (Go) must say the same as kg.FacilityStatusIn, the rule both encode, for
// every mix of opened and closed years and reported status.
func TestFacilityStatusAgreesWithTheRule(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	src := []string{"source:f"}
	g := kg.Graph{Entities: []kg.Entity{{ID: "source:f", Kind: kg.Source, Name: "F", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org/f"}}}}
	type facility struct{ id, opened, closed, reported string }
	var all []facility
	years := []string{"", "2018", "2020", "2022", "2024"}
	for i := range 90 {
		f := facility{id: fmt.Sprintf("facility:f%03d", i), opened: years[rng.IntN(len(years))], closed: years[rng.IntN(len(years))],
			reported: []string{"", "planned", "operating", "closed"}[rng.IntN(4)]}
		if f.opened != "" && f.closed != "" && f.closed < f.opened {
			f.opened, f.closed = f.closed, f.opened
		}
		attrs := map[kg.Attr]string{kg.AttrStage: kg.Stages[i%len(kg.Stages)]}
		for a, v := range map[kg.Attr]string{kg.AttrOpenedYear: f.opened, kg.AttrClosedYear: f.closed, kg.AttrStatus: f.reported} {
			if v != "" {
				attrs[a] = v
			}
		}
		all = append(all, f)
		g.Entities = append(g.Entities, kg.Entity{ID: f.id, Kind: kg.Facility, Name: "F", Sources: src, Attrs: attrs})
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		if _, err := loaders.Load(context.Background(), s, g, loaders.Options{}); err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, s, graph.Options{})
		for _, year := range []int{2017, 2019, 2020, 2023, 2025} {
			asOf := fmt.Sprintf("%d-06-30", year)
			want := map[string][]string{}
			for _, f := range all {
				if st := kg.FacilityStatusIn(f.opened, f.closed, f.reported, year); st != "" {
					want[strings.ToUpper(st)] = append(want[strings.ToUpper(st)], f.id)
				}
			}
			for _, status := range []string{"PLANNED", "OPERATING", "CLOSED"} {
				var out struct {
					Facilities struct {
						TotalCount int
						Edges      []struct {
							Node struct {
								ID              string
								OperatingStatus *string
							}
						}
					}
				}
				e.post(t, `query($s: FacilityStatus, $d: Date) { facilities(filter: {status: $s, asOf: $d}, first: 100) {
				  totalCount edges { node { id operatingStatus(asOf: $d) } } } }`, map[string]any{"s": status, "d": asOf}, &out)
				var got []string
				for _, ed := range out.Facilities.Edges {
					got = append(got, ed.Node.ID)
					if ed.Node.OperatingStatus == nil || *ed.Node.OperatingStatus != status {
						t.Errorf("%d: %s is listed as %s but its operatingStatus says %v", year, ed.Node.ID, status, ed.Node.OperatingStatus)
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want[status]) || out.Facilities.TotalCount != len(want[status]) {
					t.Errorf("%d %s: got %d %v, want %d %v", year, status, out.Facilities.TotalCount, got, len(want[status]), want[status])
				}
			}
		}
	})
}

// The list filters on a small chain: a company operating a magnet plant in
// one country and owning a mine in another, which another company runs.
func TestFacilityAndCompanyFilters(t *testing.T) {
	src := []string{"source:f"}
	ent := func(id string, k kg.Kind, attrs map[kg.Attr]string) kg.Entity {
		return kg.Entity{ID: id, Kind: k, Name: strings.ToUpper(id[strings.Index(id, ":")+1:]), Sources: src, Attrs: attrs}
	}
	edge := func(from, typ, to string) kg.Edge { return kg.Edge{From: from, Type: typ, To: to, Sources: src} }
	g := kg.Graph{Entities: []kg.Entity{
		{ID: "source:f", Kind: kg.Source, Name: "F", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org/f", kg.AttrPublished: "2025-01-01"}},
		ent("country:a", kg.Country, nil), ent("country:b", kg.Country, nil),
		ent("company:magnets", kg.Company, nil), ent("company:miner", kg.Company, nil),
		ent("facility:plant", kg.Facility, map[kg.Attr]string{kg.AttrStage: "magnet", kg.AttrCapacity: "1000", kg.AttrCapacityUnit: "t"}),
		ent("facility:mine", kg.Facility, map[kg.Attr]string{kg.AttrStage: "mining", kg.AttrCapacity: "40000", kg.AttrCapacityUnit: "t"}),
		ent("facility:lab", kg.Facility, map[kg.Attr]string{kg.AttrStage: "magnet"}),
	}, Edges: []kg.Edge{
		edge("company:magnets", "operates", "facility:plant"), edge("company:miner", "operates", "facility:mine"),
		edge("company:magnets", "owns", "facility:mine"),
		edge("facility:plant", "located_in", "country:a"), edge("facility:mine", "located_in", "country:b"),
		edge("company:magnets", "located_in", "country:a"), edge("company:miner", "located_in", "country:b"),
	}}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		if _, err := loaders.Load(context.Background(), s, g, loaders.Options{}); err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, s, graph.Options{})
		for _, c := range []struct{ query, want string }{
			{`facilities(filter: {stage: MAGNET})`, "facility:lab facility:plant"},
			{`facilities(filter: {country: "country:b"})`, "facility:mine"},
			{`facilities(filter: {operator: "company:magnets"})`, "facility:plant"},
			{`facilities(filter: {owner: "company:magnets"})`, "facility:mine"},
			{`facilities(orderBy: {field: CAPACITY, direction: DESC})`, "facility:mine facility:plant facility:lab"},
			{`companies(filter: {stage: MINING})`, "company:miner"},
			{`companies(filter: {country: "country:a"})`, "company:magnets"},
		} {
			out := e.do(t, `{ l: `+c.query+` { edges { node { id } } } }`)
			var ids []string
			for _, ed := range out["l"].(map[string]any)["edges"].([]any) {
				ids = append(ids, ed.(map[string]any)["node"].(map[string]any)["id"].(string))
			}
			if got := strings.Join(ids, " "); got != c.want {
				t.Errorf("%s = %s, want %s", c.query, got, c.want)
			}
		}
	})
}
