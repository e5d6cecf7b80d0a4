package loaders_test

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

// The fixtures under testdata/csv and testdata/nquads hold the same graph.
const (
	usgs   = "source:usgs-mcs-2025"
	mofcom = "source:mofcom-2025-18"
	ec     = "source:ec-press-2025"
)

func float(f float64) *float64 { return &f }

// fixtureGraph is the graph of the fixtures, in their order, without positions.
func fixtureGraph() kg.Graph {
	return kg.Graph{
		Entities: []kg.Entity{
			{ID: usgs, Kind: kg.Source, Name: "USGS Mineral Commodity Summaries 2025: Rare Earths",
				Aliases: []string{"USGS MCS 2025"}, Attrs: map[kg.Attr]string{
					kg.AttrURL:       "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
					kg.AttrPublisher: "U.S. Geological Survey", kg.AttrPublished: "2025-01-31", kg.AttrRetrieved: "2025-11-20",
				}},
			{ID: mofcom, Kind: kg.Source, Name: "MOFCOM and GAC Announcement No. 18 of 2025", Attrs: map[kg.Attr]string{
				kg.AttrURL:       "https://www.mofcom.gov.cn/",
				kg.AttrPublisher: "Ministry of Commerce of the People's Republic of China", kg.AttrPublished: "2025-04-04",
				kg.AttrLanguage: "zh",
			}},
			{ID: ec, Kind: kg.Source, Name: "European Commission press material on critical raw materials",
				Attrs: map[kg.Attr]string{
					kg.AttrURL:       "https://ec.europa.eu/commission/presscorner/home/en",
					kg.AttrPublisher: "European Commission", kg.AttrRetrieved: "2025-11-20",
				}},
			{ID: "country:cn", Kind: kg.Country, Name: "China", Aliases: []string{"PRC", "People's Republic of China"},
				Sources: []string{usgs}, Attrs: map[kg.Attr]string{kg.AttrCode: "CN", kg.AttrCategory: "country"}},
			{ID: "country:eu", Kind: kg.Country, Name: "European Union", Aliases: []string{"EU"},
				Sources: []string{ec}, Attrs: map[kg.Attr]string{kg.AttrCode: "EU", kg.AttrCategory: "union"}},
			{ID: "official:maros-sefcovic", Kind: kg.Official, Name: "Maroš Šefčovič", Aliases: []string{"Maros Sefcovic"},
				Description: "European Commissioner for Trade and Economic Security.\n" +
					"Leads the EU's talks with China on export controls.",
				Sources: []string{ec}, Attrs: map[kg.Attr]string{}},
			{ID: "material:dysprosium", Kind: kg.Material, Name: "Dysprosium", Aliases: []string{"Dy"},
				Description: `A heavy rare earth element used in high-temperature "NdFeB" magnets.`,
				Sources:     []string{usgs}, Attrs: map[kg.Attr]string{
					kg.AttrSymbol: "Dy", kg.AttrAtomicNumber: "66", kg.AttrCategory: "heavy rare earth",
				}},
			{ID: "control:mofcom-2025-18", Kind: kg.Control, Name: "MOFCOM Announcement No. 18 (2025)",
				Aliases: []string{"Announcement 18"}, Description: "Export controls on seven medium and heavy rare earth items.",
				Sources: []string{mofcom}, Attrs: map[kg.Attr]string{
					kg.AttrCode: "2025-18", kg.AttrCategory: "export control", kg.AttrURL: "https://www.mofcom.gov.cn/",
					kg.AttrIssued: "2025-04-04", kg.AttrEffective: "2025-04-04",
				}},
			{ID: "product:ndfeb-magnet", Kind: kg.Product, Name: "NdFeB permanent magnet",
				Aliases: []string{"neodymium magnet", "NdFeB"}, Sources: []string{usgs, ec},
				Attrs: map[kg.Attr]string{kg.AttrCategory: "magnets"}},
		},
		Edges: []kg.Edge{
			{From: "official:maros-sefcovic", Type: "holds_role", To: "institution:european-commission",
				Role: "Commissioner for Trade and Economic Security", Since: "2024-12-01", Sources: []string{ec}},
			{From: "country:cn", Type: "produces", To: "group:rare-earth-elements", Since: "2024-01-01", Until: "2024-12-31",
				Share: float(0.69), Quantity: float(270000), Unit: "t REO", Sources: []string{usgs}},
			{From: "country:cn", Type: "holds_reserves", To: "group:rare-earth-elements",
				Quantity: float(44000000), Unit: "t REO", Sources: []string{usgs}},
			{From: "control:mofcom-2025-18", Type: "issued_by", To: "institution:mofcom", Sources: []string{mofcom}},
			{From: "control:mofcom-2025-18", Type: "restricts", To: "material:dysprosium", Since: "2025-04-04",
				Sources: []string{mofcom}},
			{From: "material:dysprosium", Type: "in_group", To: "group:rare-earth-elements", Sources: []string{usgs}},
			{From: "product:ndfeb-magnet", Type: "needs", To: "material:dysprosium", Share: float(0.04),
				Confidence: "medium", Note: "Share of magnet mass; sources give 2–6%.", Sources: []string{usgs, ec}},
			{From: "country:eu", Type: "depends_on", To: "material:dysprosium", Share: float(1), Confidence: "low",
				Supplier: "country:cn", Note: "For separated heavy rare earths, by the Commission's estimate.",
				Sources: []string{ec}},
		},
	}
}

// placed sets the positions of g's records, in order, from lists of lines.
func placed(t *testing.T, g kg.Graph, entityFile string, entityLines []int, edgeFile string, edgeLines []int) kg.Graph {
	t.Helper()
	if len(entityLines) != len(g.Entities) || len(edgeLines) != len(g.Edges) {
		t.Fatalf("placed: %d entity and %d edge lines for %d entities and %d edges",
			len(entityLines), len(edgeLines), len(g.Entities), len(g.Edges))
	}
	for i, line := range entityLines {
		g.Entities[i].Pos = kg.Pos{File: entityFile, Line: line}
	}
	for i, line := range edgeLines {
		g.Edges[i].Pos = kg.Pos{File: edgeFile, Line: line}
	}
	return g
}

// withoutPos clears every position, to compare graphs read from different formats.
func withoutPos(g kg.Graph) kg.Graph {
	g.Entities = slices.Clone(g.Entities)
	g.Edges = slices.Clone(g.Edges)
	for i := range g.Entities {
		g.Entities[i].Pos = kg.Pos{}
	}
	for i := range g.Edges {
		g.Edges[i].Pos = kg.Pos{}
	}
	return g
}

// number makes a *float64 printable and comparable by value.
func number(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

type fieldCheck struct {
	name      string
	got, want any
}

// assertGraph compares two graphs record by record and field by field.
func assertGraph(t *testing.T, got, want kg.Graph) {
	t.Helper()
	if len(got.Entities) != len(want.Entities) {
		t.Errorf("got %d entities, want %d", len(got.Entities), len(want.Entities))
	}
	for i := range min(len(got.Entities), len(want.Entities)) {
		g, w := got.Entities[i], want.Entities[i]
		assertFields(t, "entity "+w.ID, []fieldCheck{
			{"ID", g.ID, w.ID}, {"Kind", g.Kind, w.Kind}, {"Name", g.Name, w.Name}, {"Aliases", g.Aliases, w.Aliases},
			{"Description", g.Description, w.Description}, {"Sources", g.Sources, w.Sources},
			{"Attrs", g.Attrs, w.Attrs}, {"Pos", g.Pos, w.Pos},
		})
	}
	if len(got.Edges) != len(want.Edges) {
		t.Errorf("got %d edges, want %d", len(got.Edges), len(want.Edges))
	}
	for i := range min(len(got.Edges), len(want.Edges)) {
		g, w := got.Edges[i], want.Edges[i]
		assertFields(t, "edge "+w.From+" "+w.Type+" "+w.To, []fieldCheck{
			{"From", g.From, w.From}, {"Type", g.Type, w.Type}, {"To", g.To, w.To}, {"Sources", g.Sources, w.Sources},
			{"Since", g.Since, w.Since}, {"Until", g.Until, w.Until}, {"Role", g.Role, w.Role},
			{"Share", number(g.Share), number(w.Share)}, {"Quantity", number(g.Quantity), number(w.Quantity)},
			{"Unit", g.Unit, w.Unit}, {"Confidence", g.Confidence, w.Confidence}, {"Supplier", g.Supplier, w.Supplier},
			{"Note", g.Note, w.Note}, {"Pos", g.Pos, w.Pos},
		})
	}
}

func assertFields(t *testing.T, record string, checks []fieldCheck) {
	t.Helper()
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %s = %#v, want %#v", record, c.name, c.got, c.want)
		}
	}
}

// assertProblems checks that err lists exactly the wanted problems, in order.
func assertProblems(t *testing.T, err error, want []string) {
	t.Helper()
	var ps loaders.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error = %v, want loaders.Problems", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// parseFiles reads fixture files with one format into one graph.
func parseFiles(t *testing.T, f loaders.Format, names ...string) kg.Graph {
	t.Helper()
	var g kg.Graph
	for _, name := range names {
		file, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		part, err := f.Parse(name, file)
		file.Close()
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		g.Append(part)
	}
	return g
}

const (
	csvEntities  = "testdata/csv/entities.csv"
	csvRelations = "testdata/csv/relations.csv"
)

func TestCSVFixture(t *testing.T) {
	got := parseFiles(t, loaders.CSV{}, csvEntities, csvRelations)
	// Šefčovič's description spans lines 7 and 8.
	want := placed(t, fixtureGraph(), csvEntities, []int{2, 3, 4, 5, 6, 7, 9, 10, 11},
		csvRelations, []int{2, 3, 4, 5, 6, 7, 8, 9})
	assertGraph(t, got, want)
}

func TestCSVValid(t *testing.T) {
	tests := []struct {
		name, file, input string
		want              kg.Graph
	}{
		{
			name: "columns in any order, spaces trimmed, byte order mark",
			file: "entities.csv",
			input: "\ufeffname , kind,id,atomicNumber\n" +
				" Dysprosium ,material, material:dysprosium , +66\n",
			want: kg.Graph{Entities: []kg.Entity{{ID: "material:dysprosium", Kind: kg.Material, Name: "Dysprosium",
				Attrs: map[kg.Attr]string{kg.AttrAtomicNumber: "66"}, Pos: kg.Pos{File: "entities.csv", Line: 2}}}},
		},
		{
			name:  "edges file with empty cells and list items",
			file:  "dir/trade-EDGES-2025.csv",
			input: "to,from,sources,type,share\nmaterial:dy,country:cn,| source:a || source:b |,produces,\n",
			want: kg.Graph{Edges: []kg.Edge{{From: "country:cn", Type: "produces", To: "material:dy",
				Sources: []string{"source:a", "source:b"}, Pos: kg.Pos{File: "dir/trade-EDGES-2025.csv", Line: 2}}}},
		},
		{
			name:  "blank lines skipped, lines still counted",
			file:  "relations.csv",
			input: "from,type,to,sources\n\ncountry:cn,produces,material:dy,source:a\n",
			want: kg.Graph{Edges: []kg.Edge{{From: "country:cn", Type: "produces", To: "material:dy",
				Sources: []string{"source:a"}, Pos: kg.Pos{File: "relations.csv", Line: 3}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loaders.CSV{}.Parse(tt.file, strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			assertGraph(t, got, tt.want)
		})
	}
}

func TestCSVProblems(t *testing.T) {
	entityColumns := "id, kind, name, aliases, description, sources, " + strings.Join(kg.AttrNames(), ", ")
	const entityHeader = "id,kind,name,atomicNumber,description\n"
	const relationHeader = "from,type,to,sources,share,quantity\n"
	tests := []struct {
		name, file, input string
		want              []string
	}{
		{
			name:  "file name says neither entities nor relations",
			file:  "data/graph.csv",
			input: entityHeader,
			want: []string{"data/graph.csv: cannot tell entities from relations by the file name " +
				"(want *entities*.csv, *relations*.csv or *edges*.csv)"},
		},
		{
			name:  "file name says both",
			file:  "entities-relations.csv",
			input: entityHeader,
			want: []string{"entities-relations.csv: cannot tell entities from relations by the file name " +
				"(want *entities*.csv, *relations*.csv or *edges*.csv)"},
		},
		{
			name:  "empty file",
			file:  "entities.csv",
			input: "",
			want:  []string{"entities.csv:1: empty file: want a header row"},
		},
		{
			name:  "unknown column",
			file:  "entities.csv",
			input: "id,kind,name,colour\nmaterial:dy,Material,Dysprosium,grey\n",
			want:  []string{"entities.csv:1: colour: unknown column (want one of " + entityColumns + ")"},
		},
		{
			name:  "edge column in an entities file",
			file:  "entities.csv",
			input: "id,kind,name,share\n",
			want:  []string{"entities.csv:1: share: unknown column (want one of " + entityColumns + ")"},
		},
		{
			name:  "columns in the wrong case or misspelt",
			file:  "entities.csv",
			input: "ID,kind,Name,atomicnumber,publsher\n",
			want: []string{
				`entities.csv:1: ID: unknown column; did you mean "id"?`,
				`entities.csv:1: Name: unknown column; did you mean "name"?`,
				`entities.csv:1: atomicnumber: unknown column; did you mean "atomicNumber"?`,
				`entities.csv:1: publsher: unknown column; did you mean "publisher"?`,
				"entities.csv:1: id: missing required column",
				"entities.csv:1: name: missing required column",
			},
		},
		{
			name:  "relation columns in the wrong case",
			file:  "relations.csv",
			input: "from,type,to,Sources,Share\n",
			want: []string{
				`relations.csv:1: Sources: unknown column; did you mean "sources"?`,
				`relations.csv:1: Share: unknown column; did you mean "share"?`,
				"relations.csv:1: sources: missing required column",
			},
		},
		{
			name:  "duplicate column",
			file:  "relations.csv",
			input: "from,type,to,sources,to\n",
			want:  []string{"relations.csv:1: to: duplicate column"},
		},
		{
			name:  "missing required columns",
			file:  "relations.csv",
			input: "from,to,share\n",
			want: []string{
				"relations.csv:1: type: missing required column",
				"relations.csv:1: sources: missing required column",
			},
		},
		{
			name: "bad numbers",
			file: "relations.csv",
			input: relationHeader +
				"country:cn,produces,material:dy,source:a,69%,270000\n" +
				"country:cn,produces,material:tb,source:a,0.5,lots\n" +
				"country:cn,produces,material:nd,source:a,NaN,1e400\n",
			want: []string{
				`relations.csv:2: share: not a number: "69%"`,
				`relations.csv:3: quantity: not a number: "lots"`,
				`relations.csv:4: share: not a number: "NaN"`,
				`relations.csv:4: quantity: not a number: "1e400"`,
			},
		},
		{
			name:  "atomic number not an integer",
			file:  "entities.csv",
			input: entityHeader + "material:dy,Material,Dysprosium,66.5,\n",
			want:  []string{`entities.csv:2: atomicNumber: not an integer: "66.5"`},
		},
		{
			name:  "bare quote",
			file:  "entities.csv",
			input: entityHeader + "material:dy,Material,Dysprosium,66,the \"heavy\" one\nmaterial:tb,Material,Terbium,x,\n",
			want: []string{
				`entities.csv:2: malformed CSV: bare " in non-quoted-field`,
				`entities.csv:3: atomicNumber: not an integer: "x"`,
			},
		},
		{
			name:  "unterminated quote",
			file:  "entities.csv",
			input: entityHeader + "material:dy,Material,Dysprosium,66,\"heavy\n\n",
			want:  []string{`entities.csv:2: malformed CSV: extraneous or missing " in quoted-field`},
		},
		{
			name:  "wrong field count",
			file:  "relations.csv",
			input: relationHeader + "country:cn,produces,material:dy,source:a,0.5\ncountry:cn,produces,material:tb,source:a,0.5,1,2\n",
			want: []string{
				"relations.csv:2: malformed CSV: wrong number of fields (the header has 6)",
				"relations.csv:3: malformed CSV: wrong number of fields (the header has 6)",
			},
		},
		{
			name:  "quote error in a multi-line record reports the record's first line",
			file:  "entities.csv",
			input: entityHeader + "material:dy,Material,Dysprosium,66,\"one\ntwo\"x\n",
			want:  []string{`entities.csv:2: malformed CSV: extraneous or missing " in quoted-field`},
		},
		{
			name: "multi-line quoted fields report the record's first line",
			file: "entities.csv",
			input: entityHeader +
				"material:dy,Material,Dysprosium,sixty-six,\"one\ntwo\nthree\"\n" +
				"material:tb,Material,Terbium,65,\"one\n\ntwo\"\n" +
				"material:nd,Material,Neodymium,sixty,\n",
			want: []string{
				`entities.csv:2: atomicNumber: not an integer: "sixty-six"`,
				`entities.csv:8: atomicNumber: not an integer: "sixty"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loaders.CSV{}.Parse(tt.file, strings.NewReader(tt.input))
			assertProblems(t, err, tt.want)
		})
	}
}
