package export_test

import (
	"bytes"
	"cmp"
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/export"
	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// formats are the formats load reads back; GraphML is written for graph
// tools only.
var formats = []string{"json", "csv", "nquads"}

// exportFiles exports the graph in one format, as the files the command
// writes, keyed by name.
func exportFiles(t *testing.T, s store.Store, format string, pageSize int) fstest.MapFS {
	t.Helper()
	return exportWith(t, s, format, pageSize, export.Write)
}

// writer is an export of the whole graph or of a part of it.
type writer func(context.Context, store.Store, loaders.Encoder, export.Options) (export.Counts, error)

// exportWith is exportFiles by the given writer.
func exportWith(t *testing.T, s store.Store, format string, pageSize int, write writer) fstest.MapFS {
	t.Helper()
	files := map[string]*bytes.Buffer{}
	buf := func(name string) *bytes.Buffer { files[name] = &bytes.Buffer{}; return files[name] }
	var enc loaders.Encoder
	switch format {
	case "json":
		enc = loaders.NewJSONEncoder(buf("graph.json"))
	case "nquads":
		enc = loaders.NewNQuadsEncoder(buf("graph.nq"))
	case "csv":
		enc = loaders.NewCSVEncoder(buf("entities.csv"), buf("relations.csv"))
	case "graphml":
		enc = export.NewGraphMLEncoder(buf("graph.graphml"))
	}
	if _, err := write(context.Background(), s, enc, export.Options{PageSize: pageSize}); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	out := fstest.MapFS{}
	for name, b := range files {
		out[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	return out
}

func parse(t *testing.T, files fstest.MapFS) kg.Graph {
	t.Helper()
	g, err := loaders.ReadFS(files)
	if err != nil {
		t.Fatalf("parse export: %v", err)
	}
	return g
}

func load(t *testing.T, s store.Store, g kg.Graph) loaders.Report {
	t.Helper()
	rep, err := loaders.Load(context.Background(), s, g, loaders.Options{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return rep
}

// canonical is g as an export orders it, without positions and omitted
// fields (how a record was read, not what it holds): the form in which two
// graphs with the same records are equal.
func canonical(g kg.Graph) kg.Graph {
	out := kg.Graph{Entities: slices.Clone(g.Entities), Edges: slices.Clone(g.Edges)}
	for i := range out.Entities {
		e := &out.Entities[i]
		e.Pos, e.Omitted = kg.Pos{}, 0
		e.Aliases = sortedOrNil(e.Aliases)
		e.Sources = sortedOrNil(e.Sources)
		if len(e.Attrs) == 0 {
			e.Attrs = nil
		}
	}
	for i := range out.Edges {
		out.Edges[i].Pos, out.Edges[i].Omitted = kg.Pos{}, 0
	}
	slices.SortFunc(out.Entities, func(a, b kg.Entity) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Edges, func(a, b kg.Edge) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.Type, b.Type), strings.Compare(a.To, b.To))
	})
	return out
}

func sortedOrNil(vs []string) []string {
	if len(vs) == 0 {
		return nil
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	return slices.Compact(vs)
}

// requireSameGraph fails with the first record that differs.
func requireSameGraph(t *testing.T, want, got kg.Graph) {
	t.Helper()
	want, got = canonical(want), canonical(got)
	for i := range min(len(want.Entities), len(got.Entities)) {
		if !reflect.DeepEqual(want.Entities[i], got.Entities[i]) {
			t.Fatalf("entity %d differs:\nwant %+v\n got %+v", i, want.Entities[i], got.Entities[i])
		}
	}
	for i := range min(len(want.Edges), len(got.Edges)) {
		if !reflect.DeepEqual(want.Edges[i], got.Edges[i]) {
			t.Fatalf("edge %d differs:\nwant %s\n got %s", i, showEdge(want.Edges[i]), showEdge(got.Edges[i]))
		}
	}
	if len(want.Entities) != len(got.Entities) || len(want.Edges) != len(got.Edges) {
		t.Fatalf("want %d entities and %d edges, got %d and %d", len(want.Entities), len(want.Edges), len(got.Entities), len(got.Edges))
	}
}

func showEdge(e kg.Edge) string {
	var b bytes.Buffer
	enc := loaders.NewJSONEncoder(&b)
	_ = enc.Edge(&e)
	_ = enc.Close()
	return b.String()
}

// roundTrip checks, for every format, on the graph in s (which holds g):
// the export is g in canonical order; loading it into the graph it came
// from changes nothing; loading it into an empty graph and exporting again
// gives the same bytes.
func roundTrip(t *testing.T, s store.Store, g kg.Graph, pageSize int) {
	t.Helper()
	ctx := context.Background()
	defer storetest.Forget(s.Backend())
	for _, format := range formats {
		if err := s.DropAll(ctx); err != nil {
			t.Fatal(err)
		}
		load(t, s, g)
		first := exportFiles(t, s, format, pageSize)
		exported := parse(t, first)
		requireSameGraph(t, g, exported)
		rep := load(t, s, exported)
		if rep.Entities.Created+rep.Entities.Updated+rep.Edges.Created+rep.Edges.Updated != 0 {
			t.Errorf("%s: reloading the export into its graph changed it: %s", format, rep)
		}
		requireSameAfterReload(t, s, format, exported, first, func() fstest.MapFS { return exportFiles(t, s, format, pageSize) })
	}
}

// requireSameAfterReload loads an export into an empty graph and exports
// again: the files must be the first export's, byte for byte.
func requireSameAfterReload(t *testing.T, s store.Store, format string, exported kg.Graph, first fstest.MapFS, again func() fstest.MapFS) {
	t.Helper()
	if err := s.DropAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	load(t, s, exported)
	second := again()
	for name, f := range first {
		if !bytes.Equal(f.Data, second[name].Data) {
			t.Errorf("%s: %s differs after export, load into an empty graph, export", format, name)
		}
	}
}

func TestCuratedRoundTrip(t *testing.T) {
	g, err := loaders.ReadFS(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s store.Store) { roundTrip(t, s, g, 7) })
}

func TestGeneratedRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a generated graph several times")
	}
	g, err := gen.Graph(context.Background(), gen.Config{Entities: gen.MinEntities, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s store.Store) { roundTrip(t, s, g, 97) })
}

// everyField is a graph that sets every attribute and every edge property,
// with values that quoting could spoil.
func everyField(t *testing.T) kg.Graph {
	t.Helper()
	num := func(f float64) *float64 { return &f }
	src := kg.Entity{ID: "source:a", Kind: kg.Source, Name: "Source \"A\"", Aliases: []string{"Ä", "a\\b"},
		Description: "line one\nline two\ttab", Attrs: map[kg.Attr]string{
			kg.AttrURL: "https://example.org/a?b=c,d", kg.AttrPublisher: "Pub, Inc.", kg.AttrLanguage: "zh",
			kg.AttrPublished: "2024-02-29", kg.AttrRetrieved: "2025-01-02"}}
	src2 := kg.Entity{ID: "source:b", Kind: kg.Source, Name: "B", Attrs: map[kg.Attr]string{kg.AttrURL: "http://b.example"}}
	srcs := []string{"source:a", "source:b"}
	g := kg.Graph{Entities: []kg.Entity{src, src2,
		{ID: "material:dysprosium", Kind: kg.Material, Name: "Dysprosium", Aliases: []string{"Dy"}, Sources: srcs,
			Attrs: map[kg.Attr]string{kg.AttrSymbol: "Dy", kg.AttrAtomicNumber: "66", kg.AttrCategory: "rare earth"}},
		{ID: "control:c-1", Kind: kg.Control, Name: "Control 1", Sources: srcs, Attrs: map[kg.Attr]string{
			kg.AttrIssued: "2025-04-04", kg.AttrEffective: "2025-04-01", kg.AttrUntil: "2026-12-31",
			kg.AttrCode: "No. 18", kg.AttrCategory: "export control", kg.AttrURL: "https://c.example"}},
		{ID: "country:cn", Kind: kg.Country, Name: "China", Sources: srcs, Attrs: map[kg.Attr]string{kg.AttrCode: "CN"}},
		{ID: "country:us", Kind: kg.Country, Name: "United States", Sources: srcs},
		{ID: "event:e", Kind: kg.Event, Name: "Talks", Sources: srcs,
			Attrs: map[kg.Attr]string{kg.AttrOccurred: "2025-05-01", kg.AttrEnded: "2025-05-02"}},
		{ID: "statement:s", Kind: kg.Statement, Name: "Said", Sources: srcs,
			Attrs: map[kg.Attr]string{kg.AttrText: "We \"will\" act.", kg.AttrOccurred: "2025-05-03"}},
		{ID: "company:c", Kind: kg.Company, Name: "Magnets, Inc.", Sources: srcs,
			Attrs: map[kg.Attr]string{kg.AttrCode: "NYSE: MAG", kg.AttrCategory: "listed", kg.AttrURL: "https://c.example"}},
		{ID: "facility:f", Kind: kg.Facility, Name: "Plant \"F\"", Sources: srcs, Attrs: map[kg.Attr]string{
			kg.AttrStage: "magnet", kg.AttrStatus: "planned", kg.AttrOpenedYear: "2024", kg.AttrClosedYear: "2030",
			kg.AttrCapacity: "1000", kg.AttrCapacityUnit: "t magnets per year", kg.AttrCapacityYear: "2025"}},
	}, Edges: []kg.Edge{

		{From: "country:us", Type: "depends_on", To: "material:dysprosium", Sources: []string{"source:b", "source:a"},
			Since: "2024-01-01", Until: "2024-12-31", Role: "buyer", Share: num(0.69), Quantity: num(270000),
			Unit: "t REO", Confidence: "medium", Basis: "forecast", Supplier: "country:cn", Note: "sources \"disagree\",\nsee B"},
		{From: "control:c-1", Type: "restricts", To: "material:dysprosium", Sources: srcs, Share: num(1e-9), Quantity: num(0), Unit: "t"},
		{From: "event:e", Type: "about", To: "control:c-1", Sources: srcs},
		{From: "company:c", Type: "operates", To: "facility:f", Sources: srcs, Since: "2024-01-01"},
		{From: "company:c", Type: "licensed_under", To: "control:c-1", Sources: srcs, Since: "2025-06-01"},
		{From: "statement:s", Type: "about", To: "material:dysprosium", Sources: srcs, Quantity: num(12.5), Unit: "EUR bn"},
	}}
	// The fixture must keep up with the records: every attribute and every
	// edge property set somewhere, so that one that is dropped fails.
	for _, a := range kg.Attrs {
		if !slices.ContainsFunc(g.Entities, func(e kg.Entity) bool { return e.Attrs[a.Name] != "" }) {
			t.Fatalf("fixture sets no %s attribute", a.Name)
		}
	}
	full := reflect.ValueOf(g.Edges[0])
	for i := range full.NumField() {
		if name := full.Type().Field(i).Name; name != "Pos" && name != "Omitted" && full.Field(i).IsZero() {
			t.Fatalf("fixture's first edge does not set %s", name)
		}
	}
	return g
}

func TestEveryFieldRoundTrips(t *testing.T) {
	g := everyField(t)
	storetest.Each(t, func(t *testing.T, s store.Store) { roundTrip(t, s, g, 2) })
}

func TestDerivedPredicatesAreNotExported(t *testing.T) {
	g := everyField(t)
	storetest.Each(t, func(t *testing.T, s store.Store) {
		defer storetest.Forget(s.Backend())
		load(t, s, g)
		for _, format := range append(formats, "graphml") {
			for name, f := range exportFiles(t, s, format, 0) {
				for _, derived := range []string{"folded", "sortkey", "xid", kg.OpenSince, kg.OpenUntil, "T00:00:00"} {
					if bytes.Contains(f.Data, []byte(derived)) {
						t.Errorf("%s holds %q", name, derived)
					}
				}
			}
		}
	})
}

func TestEmptyGraphExportsLoadableFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		for _, format := range formats {
			if g := parse(t, exportFiles(t, s, format, 0)); len(g.Entities)+len(g.Edges) != 0 {
				t.Errorf("%s: an empty graph exported %d records", format, len(g.Entities)+len(g.Edges))
			}
		}
	})
}
