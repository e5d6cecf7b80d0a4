package export

// GraphML lives here rather than in loaders: the loaders' encoders write
// formats that load reads back, while GraphML is a one-way hand-off to graph
// tools (Gephi, yEd, Cytoscape, NetworkX's read_graphml) that nothing loads.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

// graphmlField is one GraphML attribute of a node or an edge: its key
// declaration and how a record gives its value ("" leaves it out).
type graphmlField[R any] struct {
	name  string
	typ   string // a GraphML attr.type: string, int or double
	value func(R) string
}

// graphmlNodeFields are an entity's fields, then every typed attribute:
// lists joined with "|", dates as their YYYY-MM-DD text.
var graphmlNodeFields = func() []graphmlField[*kg.Entity] {
	fields := []graphmlField[*kg.Entity]{
		{"kind", "string", func(e *kg.Entity) string { return string(e.Kind) }},
		{"name", "string", func(e *kg.Entity) string { return e.Name }},
		{"aliases", "string", func(e *kg.Entity) string { return strings.Join(e.Aliases, "|") }},
		{"description", "string", func(e *kg.Entity) string { return e.Description }},
		{"sources", "string", func(e *kg.Entity) string { return strings.Join(e.Sources, "|") }},
	}
	for _, a := range kg.Attrs {
		typ := "string"
		if a.Type == kg.IntAttr {
			typ = "int"
		}
		fields = append(fields, graphmlField[*kg.Entity]{string(a.Name), typ, func(e *kg.Entity) string { return e.Attrs[a.Name] }})
	}
	return fields
}()

// graphmlEdgeFields are an edge's type and every property.
var graphmlEdgeFields = []graphmlField[*kg.Edge]{
	{"type", "string", func(e *kg.Edge) string { return e.Type }},
	{"sources", "string", func(e *kg.Edge) string { return strings.Join(e.Sources, "|") }},
	{"since", "string", func(e *kg.Edge) string { return e.Since }},
	{"until", "string", func(e *kg.Edge) string { return e.Until }},
	{"role", "string", func(e *kg.Edge) string { return e.Role }},
	{"share", "double", func(e *kg.Edge) string { return formatNumber(e.Share) }},
	{"quantity", "double", func(e *kg.Edge) string { return formatNumber(e.Quantity) }},
	{"unit", "string", func(e *kg.Edge) string { return e.Unit }},
	{"confidence", "string", func(e *kg.Edge) string { return e.Confidence }},
	{"basis", "string", func(e *kg.Edge) string { return e.Basis }},
	{"supplier", "string", func(e *kg.Edge) string { return e.Supplier }},
	{"note", "string", func(e *kg.Edge) string { return e.Note }},
}

func formatNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// Key ids carry the element they are for: an entity attribute and an edge
// property may share a name (until), and GraphML key ids are document-wide.
const (
	graphmlNodeKeyPrefix = "n_"
	graphmlEdgeKeyPrefix = "e_"
)

const graphmlHeader = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`

// NewGraphMLEncoder writes one directed GraphML graph: every key declared
// first (GraphML wants keys before the graph), then a node per entity (its
// id the entity id) and an edge per edge (its id "from|type|to"), each with
// a data element per field it sets. It writes records in the order it is
// given them, one at a time, so the same records give the same bytes.
func NewGraphMLEncoder(w io.Writer) loaders.Encoder {
	return &graphmlEncoder{w: bufio.NewWriterSize(w, 1<<18)} // the loaders' encoders' buffer
}

type graphmlEncoder struct {
	w       *bufio.Writer
	b       bytes.Buffer // one record, written whole so that a write error stops the export
	started bool
}

// start writes the header and the key declarations, once.
func (s *graphmlEncoder) start() {
	if s.started {
		return
	}
	s.started = true
	s.b.WriteString(graphmlHeader)
	for _, f := range graphmlNodeFields {
		s.key(graphmlNodeKeyPrefix, "node", f.name, f.typ)
	}
	for _, f := range graphmlEdgeFields {
		s.key(graphmlEdgeKeyPrefix, "edge", f.name, f.typ)
	}
	s.b.WriteString("  <graph id=\"G\" edgedefault=\"directed\">\n")
}

func (s *graphmlEncoder) key(prefix, elem, name, typ string) {
	s.b.WriteString(`  <key id="` + prefix + name + `" for="` + elem + `" attr.name="` + name + `" attr.type="` + typ + "\"/>\n")
}

// Entity implements loaders.Encoder.
func (s *graphmlEncoder) Entity(e *kg.Entity) error {
	s.b.Reset()
	s.start()
	s.b.WriteString(`    <node id="`)
	s.text(e.ID)
	s.b.WriteString("\">\n")
	for _, f := range graphmlNodeFields {
		s.data(graphmlNodeKeyPrefix+f.name, f.value(e))
	}
	s.b.WriteString("    </node>\n")
	return s.writeRecord()
}

// Edge implements loaders.Encoder.
func (s *graphmlEncoder) Edge(e *kg.Edge) error {
	s.b.Reset()
	s.start()
	s.b.WriteString(`    <edge id="`)
	s.text(e.From + "|" + e.Type + "|" + e.To)
	s.b.WriteString(`" source="`)
	s.text(e.From)
	s.b.WriteString(`" target="`)
	s.text(e.To)
	s.b.WriteString("\">\n")
	for _, f := range graphmlEdgeFields {
		s.data(graphmlEdgeKeyPrefix+f.name, f.value(e))
	}
	s.b.WriteString("    </edge>\n")
	return s.writeRecord()
}

// Close implements loaders.Encoder: it ends the document, which holds every
// key even when no record came.
func (s *graphmlEncoder) Close() error {
	s.b.Reset()
	s.start()
	s.b.WriteString("  </graph>\n</graphml>\n")
	if err := s.writeRecord(); err != nil {
		return err
	}
	return s.w.Flush()
}

func (s *graphmlEncoder) data(key, v string) {
	if v == "" {
		return
	}
	s.b.WriteString(`      <data key="` + key + `">`)
	s.text(v)
	s.b.WriteString("</data>\n")
}

// text escapes v for both element text and attribute values: EscapeText
// escapes quotes and newlines too, and replaces what XML cannot hold.
func (s *graphmlEncoder) text(v string) {
	_ = xml.EscapeText(&s.b, []byte(v)) // a bytes.Buffer does not fail
}

func (s *graphmlEncoder) writeRecord() error {
	_, err := s.w.Write(s.b.Bytes())
	return err
}
