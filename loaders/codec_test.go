package loaders

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// renderJSON writes g in the native format, one record per line.
func renderJSON(g kg.Graph) []byte {
	var b bytes.Buffer
	line := func(i int, v any) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n  ")
		js, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		b.Write(js)
	}
	b.WriteString(`{"entities": [`)
	for i, e := range g.Entities {
		m := map[string]any{"id": e.ID, "kind": e.Kind, "name": e.Name}
		if len(e.Aliases) > 0 {
			m["aliases"] = e.Aliases
		}
		if e.Description != "" {
			m["description"] = e.Description
		}
		if len(e.Sources) > 0 {
			m["sources"] = e.Sources
		}
		for a, v := range e.Attrs {
			if spec, _ := kg.LookupAttr(string(a)); spec.Type == kg.IntAttr {
				m[string(a)] = json.Number(v)
			} else {
				m[string(a)] = v
			}
		}
		line(i, m)
	}
	b.WriteString("\n],\n\"edges\": [")
	for i, e := range g.Edges {
		m := map[string]any{"from": e.From, "type": e.Type, "to": e.To}
		for k, v := range edgeText(e) {
			switch k {
			case facetSources:
				m[k] = e.Sources
			case facetShare:
				m[k] = *e.Share
			case facetQuantity:
				m[k] = *e.Quantity
			default:
				m[k] = v
			}
		}
		line(i, m)
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// edgeText is an edge's properties as text, as a relations file or the
// facets of N-Quads carry them; absent ones are left out.
func edgeText(e kg.Edge) map[string]string {
	f := map[string]string{}
	put := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	put(facetSources, strings.Join(e.Sources, "|"))
	put(facetSince, e.Since)
	put(facetUntil, e.Until)
	put(facetRole, e.Role)
	if e.Share != nil {
		f[facetShare] = strconv.FormatFloat(*e.Share, 'g', -1, 64)
	}
	if e.Quantity != nil {
		f[facetQuantity] = strconv.FormatFloat(*e.Quantity, 'g', -1, 64)
	}
	put(facetUnit, e.Unit)
	put(facetConfidence, e.Confidence)
	put(facetSupplier, e.Supplier)
	put(facetNote, e.Note)
	return f
}

// renderCSV writes g as an entities file and a relations file.
func renderCSV(g kg.Graph) (entities, relations []byte) {
	var eb, rb bytes.Buffer
	ew, rw := csv.NewWriter(&eb), csv.NewWriter(&rb)
	header := append(slices.Clone(entityColumns), kg.AttrNames()...)
	must(ew.Write(header))
	for _, e := range g.Entities {
		rec := []string{e.ID, string(e.Kind), e.Name, strings.Join(e.Aliases, "|"), e.Description, strings.Join(e.Sources, "|")}
		for _, a := range kg.Attrs {
			rec = append(rec, e.Attrs[a.Name])
		}
		must(ew.Write(rec))
	}
	header = append(slices.Clone(relationColumns), FacetNames...)
	must(rw.Write(header))
	for _, e := range g.Edges {
		props := edgeText(e)
		rec := []string{e.From, e.Type, e.To}
		for _, k := range FacetNames {
			rec = append(rec, props[k])
		}
		must(rw.Write(rec))
	}
	ew.Flush()
	rw.Flush()
	must(ew.Error())
	must(rw.Error())
	return eb.Bytes(), rb.Bytes()
}

// renderNQuads writes g as N-Quads: an entity's triples, then the edges.
func renderNQuads(g kg.Graph) []byte {
	var b bytes.Buffer
	for _, e := range g.Entities {
		subj := "<" + e.ID + ">"
		lit := func(pred, v string) { fmt.Fprintf(&b, "%s <%s> %s .\n", subj, pred, dql.Literal(v)) }
		lit("dgraph.type", string(e.Kind))
		lit("name", e.Name)
		for _, a := range e.Aliases {
			lit("aliases", a)
		}
		if e.Description != "" {
			lit("description", e.Description)
		}
		for _, a := range slices.Sorted(maps.Keys(e.Attrs)) {
			lit(string(a), e.Attrs[a])
		}
		for _, s := range e.Sources {
			fmt.Fprintf(&b, "%s <sources> <%s> .\n", subj, s)
		}
	}
	for _, e := range g.Edges {
		props := edgeText(e)
		var facets []string
		for _, k := range FacetNames {
			if v, ok := props[k]; ok {
				facets = append(facets, k+"="+dql.Literal(v))
			}
		}
		fmt.Fprintf(&b, "<%s> <%s> <%s> (%s) .\n", e.From, e.Type, e.To, strings.Join(facets, ", "))
	}
	return b.Bytes()
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// syntheticGraph builds a valid, self-contained graph with every kind of
// field: per unit, a source, a country, three materials with attributes,
// a control, a product, and edges with facets between them.
func syntheticGraph(units int) kg.Graph {
	var g kg.Graph
	f := func(v float64) *float64 { return &v }
	for i := range units {
		src := fmt.Sprintf("source:s%d", i)
		cited := []string{src}
		if i > 0 {
			cited = append(cited, fmt.Sprintf("source:s%d", i-1))
		}
		country, control, product := fmt.Sprintf("country:c%d", i), fmt.Sprintf("control:k%d", i), fmt.Sprintf("product:p%d", i)
		g.Entities = append(g.Entities,
			kg.Entity{ID: src, Kind: kg.Source, Name: fmt.Sprintf("Mineral Commodity Summaries, volume %d", i),
				Attrs: map[kg.Attr]string{kg.AttrURL: fmt.Sprintf("https://example.org/mcs/%d.pdf", i),
					kg.AttrPublisher: "Geological Survey", kg.AttrLanguage: "en", kg.AttrPublished: "2025-01-31"}},
			kg.Entity{ID: country, Kind: kg.Country, Name: fmt.Sprintf("Country %d", i), Aliases: []string{fmt.Sprintf("C%d", i)},
				Sources: cited, Attrs: map[kg.Attr]string{kg.AttrCode: "CN", kg.AttrCategory: "country"}},
			kg.Entity{ID: control, Kind: kg.Control, Name: fmt.Sprintf("Announcement No. %d", i),
				Description: "Export controls on medium and heavy rare earth items, with licences required for each shipment.",
				Sources:     cited, Attrs: map[kg.Attr]string{kg.AttrIssued: "2025-04-04", kg.AttrEffective: "2025-04-04",
					kg.AttrUntil: "2026-12-31", kg.AttrCode: fmt.Sprintf("2025-%d", i)}},
			kg.Entity{ID: product, Kind: kg.Product, Name: fmt.Sprintf("Permanent magnet, grade %d", i),
				Aliases: []string{"NdFeB", "neodymium magnet"}, Sources: cited, Attrs: map[kg.Attr]string{kg.AttrCategory: "magnets"}},
		)
		for j := range 3 {
			m := fmt.Sprintf("material:m%d-%d", i, j)
			g.Entities = append(g.Entities, kg.Entity{ID: m, Kind: kg.Material, Name: fmt.Sprintf("Élément %d-%d", i, j),
				Aliases: []string{fmt.Sprintf("E%d", j)}, Description: "A heavy rare earth element used in high-temperature magnets.",
				Sources: cited, Attrs: map[kg.Attr]string{kg.AttrSymbol: "Dy", kg.AttrAtomicNumber: strconv.Itoa(57 + j)}})
			g.Edges = append(g.Edges,
				kg.Edge{From: product, Type: "needs", To: m, Share: f(0.04 * float64(j+1)), Quantity: f(60), Unit: "kg",
					Confidence: "medium", Note: "Share of magnet mass; sources give 2–6%.", Sources: cited},
				kg.Edge{From: country, Type: "produces", To: m, Share: f(0.69), Quantity: f(270000), Unit: "t REO",
					Since: "2024-01-01", Until: "2024-12-31", Sources: []string{src}},
				kg.Edge{From: control, Type: "restricts", To: m, Since: "2025-04-04", Sources: []string{src}},
			)
		}
	}
	return g
}
