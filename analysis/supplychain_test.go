package analysis_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// chainGraph is a magnet supply chain: a mine feeds a separation plant,
// which feeds a magnet plant that needs dysprosium (restricted by a
// control from 2025-04-04 until 2025-12-31) and makes magnets for a motor
// plant; a car needs the motors. The control restricts the oxide the
// separation plant makes and the magnet plant needs, too. Two companies run the plants, a holding
// owns the magnet maker, and a firm holds a licence under the control.
func chainGraph() kg.Graph {
	src := []string{"source:s"}
	ent := func(id string, k kg.Kind, attrs map[kg.Attr]string) kg.Entity {
		return kg.Entity{ID: id, Kind: k, Name: id[strings.Index(id, ":")+1:], Sources: src, Attrs: attrs}
	}
	stage := func(s string) map[kg.Attr]string { return map[kg.Attr]string{kg.AttrStage: s} }
	e := func(from, typ, to string) kg.Edge { return kg.Edge{From: from, Type: typ, To: to, Sources: src} }
	return kg.Graph{Entities: []kg.Entity{
		{ID: "source:s", Kind: kg.Source, Name: "S", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org/s", kg.AttrPublished: "2025-01-01"}},
		ent("control:ree", kg.Control, map[kg.Attr]string{kg.AttrIssued: "2025-04-04", kg.AttrUntil: "2025-12-31"}),
		ent("material:dy", kg.Material, nil), ent("material:concentrate", kg.Material, nil), ent("material:oxide", kg.Material, nil),
		ent("product:magnet", kg.Product, nil), ent("product:motor", kg.Product, nil), ent("product:car", kg.Product, nil),
		ent("facility:mine", kg.Facility, stage("mining")), ent("facility:separation", kg.Facility, stage("separation")),
		ent("facility:magnets", kg.Facility, stage("magnet")), ent("facility:motors", kg.Facility, stage("component")),
		ent("company:magnetco", kg.Company, nil), ent("company:holding", kg.Company, nil), ent("company:minerco", kg.Company, nil),
		ent("company:licensee", kg.Company, nil),
	}, Edges: []kg.Edge{
		e("control:ree", "restricts", "material:dy"),
		e("control:ree", "restricts", "material:oxide"),
		e("facility:mine", "produces", "material:concentrate"),
		e("facility:mine", "supplies", "facility:separation"),
		e("facility:separation", "needs", "material:concentrate"),
		e("facility:separation", "produces", "material:oxide"),
		e("facility:separation", "supplies", "facility:magnets"),
		e("facility:magnets", "needs", "material:dy"),
		e("facility:magnets", "needs", "material:oxide"),
		e("facility:magnets", "produces", "product:magnet"),
		e("facility:magnets", "supplies", "facility:motors"),
		e("facility:motors", "produces", "product:motor"),
		e("product:car", "needs", "product:motor"),
		e("company:magnetco", "operates", "facility:magnets"),
		e("company:minerco", "operates", "facility:mine"),
		e("company:holding", "owns", "company:magnetco"),
		e("company:licensee", "licensed_under", "control:ree"),
	}}
}

func eachChain(t *testing.T, fn func(t *testing.T, w *analysis.Walker)) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		if _, err := loaders.Load(context.Background(), s, chainGraph(), loaders.Options{}); err != nil {
			t.Fatal(err)
		}
		fn(t, &analysis.Walker{Store: s})
	})
}

// Walks follow the supply chain in the dependency sense: downstream from a
// control to the plants that need what it restricts, what they make, whom
// they supply and the firms that run, own or hold a licence; upstream from
// a product to the plants and mines behind it and the control on them.
func TestWalksFollowTheSupplyChain(t *testing.T) {
	cases := []struct {
		name, id string
		dir      analysis.Direction
		asOf     string
		want     []string
		absent   []string
	}{
		{"downstream from the control", "control:ree", analysis.Downstream, "2025-06-01",
			[]string{"material:dy", "facility:magnets", "product:magnet", "facility:motors", "product:motor", "product:car",
				"company:magnetco", "company:holding", "company:licensee"},
			[]string{"facility:mine", "facility:separation", "company:minerco"}},
		{"downstream after the control lapsed: nothing, not even the licensee", "control:ree", analysis.Downstream, "2026-01-15",
			nil, []string{"material:dy", "company:licensee"}},
		{"upstream from the car", "product:car", analysis.Upstream, "2025-06-01",
			[]string{"product:motor", "facility:motors", "facility:magnets", "material:dy", "control:ree", "facility:separation",
				"facility:mine", "material:concentrate"},
			[]string{"company:magnetco", "company:licensee"}},
	}
	eachChain(t, func(t *testing.T, w *analysis.Walker) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				g, err := w.DependencyChain(context.Background(), c.id, c.dir, 8, c.asOf, 0)
				if err != nil {
					t.Fatal(err)
				}
				got := " " + ids(g) + " "
				for _, id := range c.want {
					if !strings.Contains(got, " "+id+" ") {
						t.Errorf("%s not reached: %s", id, got)
					}
				}
				for _, id := range c.absent {
					if strings.Contains(got, " "+id+" ") {
						t.Errorf("%s reached: %s", id, got)
					}
				}
			})
		}
	})
}

// Exposure lists the facilities and companies a control reaches, each
// with the path that explains it.
func TestExposureListsFacilitiesAndCompanies(t *testing.T) {
	eachChain(t, func(t *testing.T, w *analysis.Walker) {
		ex, err := w.ExposureCauses(context.Background(), "control:ree", "2025-06-01", 8, 5)
		if err != nil {
			t.Fatal(err)
		}
		reached := func(rs []analysis.Reach) string {
			var out []string
			for _, r := range rs {
				out = append(out, r.Node.ID)
				if first := r.Path[0]; first.From != "control:ree" && first.To != "control:ree" {
					t.Errorf("%s: path starts with %s", r.Node.ID, edges(r.Path[:1]))
				}
			}
			return strings.Join(out, " ")
		}
		if got := reached(ex.Facilities); got != "facility:magnets facility:motors" {
			t.Errorf("facilities = %s", got)
		}
		if got := reached(ex.Companies); got != "company:licensee company:magnetco company:holding" {
			t.Errorf("companies = %s", got)
		}
		if p := ex.Companies[2].Path; edges(p) != "control:ree -restricts-> material:dy; facility:magnets -needs-> material:dy; "+
			"company:magnetco -operates-> facility:magnets; company:holding -owns-> company:magnetco" {
			t.Errorf("path to the holding: %s", edges(p))
		}
		// The car is reached by both restricted materials, each with its
		// own shortest path.
		causes := func(r analysis.Reach) string {
			var out []string
			for _, c := range r.Causes {
				out = append(out, c.Item.ID+": "+edges(c.Path))
			}
			return strings.Join(out, " | ")
		}
		for _, r := range ex.Products {
			if r.Node.ID == "product:car" {
				if got := causes(r); got != "material:dy: control:ree -restricts-> material:dy; facility:magnets -needs-> material:dy; "+
					"facility:magnets -supplies-> facility:motors; facility:motors -produces-> product:motor; product:car -needs-> product:motor | "+
					"material:oxide: control:ree -restricts-> material:oxide; facility:magnets -needs-> material:oxide; "+
					"facility:magnets -supplies-> facility:motors; facility:motors -produces-> product:motor; product:car -needs-> product:motor" {
					t.Errorf("causes of the car: %s", got)
				}
			}
		}
	})
}
