package loaders

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Encoder writes records in a format. The encoders here write the formats
// the loaders read, so that what they write parses back into the same
// records (export has one-way ones, such as GraphML). An encoder writes
// records in the order it is given them, entities before edges; Close
// flushes the output (and ends it, for formats that have an end) without
// closing the writers underneath.
type Encoder interface {
	Entity(*kg.Entity) error
	Edge(*kg.Edge) error
	Close() error
}

// outputBuffer is how much an encoder buffers before writing.
const outputBuffer = 1 << 18

// NewJSONEncoder writes the native JSON format with one record per line,
// as docs/data-format.md lays it out:
//
//	{
//	  "entities": [
//	    {"id": …},
//	  ],
//	  "edges": [
//	    {"from": …}
//	  ]
//	}
//
// Keys come in a fixed order and absent values are left out, so the same
// records always give the same bytes.
func NewJSONEncoder(w io.Writer) Encoder {
	return &jsonEncoder{w: bufio.NewWriterSize(w, outputBuffer)}
}

type jsonEncoder struct {
	w       *bufio.Writer
	b       []byte
	section int // 0 before any record, 1 in entities, 2 in edges
	first   bool
}

func (s *jsonEncoder) open(section int) error {
	if section < s.section {
		return fmt.Errorf("json: records out of order: entities, then edges, then evidence")
	}
	for s.section < section {
		switch s.section {
		case 0:
			s.b = append(s.b, "{\n  \"entities\": ["...)
		case 1:
			s.b = append(s.b, "\n  ],\n  \"edges\": ["...)
		case 2:
			s.b = append(s.b, "\n  ],\n  \"evidence\": ["...)
		}
		s.section++
		s.first = true
	}
	if !s.first {
		s.b = append(s.b, ',')
	}
	s.first = false
	s.b = append(s.b, "\n    "...)
	return nil
}

// Entity implements Encoder.
func (s *jsonEncoder) Entity(e *kg.Entity) error {
	s.b = s.b[:0]
	if err := s.open(1); err != nil {
		return err
	}
	b := s.b
	b = appendJSONField(b, "id", e.ID, true)
	b = appendJSONField(b, "kind", string(e.Kind), false)
	b = appendJSONField(b, "name", e.Name, false)
	b = appendJSONList(b, "aliases", e.Aliases)
	if e.Description != "" {
		b = appendJSONField(b, "description", e.Description, false)
	}
	for _, a := range kg.Attrs {
		v, ok := e.Attrs[a.Name]
		if !ok {
			continue
		}
		if a.Type == kg.IntAttr {
			b = append(b, `, "`...)
			b = append(b, a.Name...)
			b = append(b, `": `...)
			b = append(b, v...)
			continue
		}
		b = appendJSONField(b, string(a.Name), v, false)
	}
	b = appendJSONList(b, "sources", e.Sources)
	s.b = append(b, '}')
	_, err := s.w.Write(s.b)
	return err
}

// Edge implements Encoder.
func (s *jsonEncoder) Edge(e *kg.Edge) error {
	s.b = s.b[:0]
	if err := s.open(2); err != nil {
		return err
	}
	b := s.b
	b = appendJSONField(b, "from", e.From, true)
	b = appendJSONField(b, "type", e.Type, false)
	b = appendJSONField(b, "to", e.To, false)
	for _, f := range []struct{ k, v string }{{"since", e.Since}, {"until", e.Until}, {"role", e.Role}} {
		if f.v != "" {
			b = appendJSONField(b, f.k, f.v, false)
		}
	}
	if e.Share != nil {
		b = append(b, `, "share": `...)
		b = strconv.AppendFloat(b, *e.Share, 'f', -1, 64)
	}
	if e.Quantity != nil {
		b = append(b, `, "quantity": `...)
		b = strconv.AppendFloat(b, *e.Quantity, 'f', -1, 64)
	}
	for _, f := range e.TextProps() {
		if f.Value != "" {
			b = appendJSONField(b, f.Name, f.Value, false)
		}
	}
	b = appendJSONList(b, "sources", e.Sources)
	s.b = append(b, '}')
	_, err := s.w.Write(s.b)
	return err
}

// EvidenceEncoder is an Encoder that also writes evidence records, after
// every entity and edge: the native JSON format's review files.
type EvidenceEncoder interface {
	Encoder
	Evidence(*kg.Evidence) error
}

var _ EvidenceEncoder = (*jsonEncoder)(nil)

// Evidence implements EvidenceEncoder.
func (s *jsonEncoder) Evidence(e *kg.Evidence) error {
	s.b = s.b[:0]
	if err := s.open(3); err != nil {
		return err
	}
	b := s.b
	b = appendJSONField(b, "record", e.Record, true)
	b = appendJSONField(b, "category", e.Category, false)
	b = appendJSONField(b, "status", e.Status, false)
	b = appendJSONField(b, "source", e.Source, false)
	b = append(b, `, "start": `...)
	b = strconv.AppendInt(b, int64(e.Start), 10)
	b = append(b, `, "end": `...)
	b = strconv.AppendInt(b, int64(e.End), 10)
	b = append(b, `, "confidence": `...)
	b = strconv.AppendFloat(b, e.Confidence, 'f', -1, 64)
	if e.Mention != "" {
		b = appendJSONField(b, "mention", e.Mention, false)
	}
	b = appendJSONField(b, "text", e.Text, false)
	s.b = append(b, '}')
	_, err := s.w.Write(s.b)
	return err
}

// Close implements Encoder.
func (s *jsonEncoder) Close() error {
	s.b = s.b[:0]
	for s.section < 2 { // an empty section is still an array
		_ = s.open(s.section + 1)
		s.b = s.b[:len(s.b)-len("\n    ")]
		s.first = true
	}
	s.b = append(s.b, "\n  ]\n}\n"...)
	if _, err := s.w.Write(s.b); err != nil {
		return err
	}
	return s.w.Flush()
}

func appendJSONField(b []byte, k, v string, first bool) []byte {
	if first {
		b = append(b, '{')
	} else {
		b = append(b, ", "...)
	}
	b = appendJSONString(b, k)
	b = append(b, ": "...)
	return appendJSONString(b, v)
}

func appendJSONList(b []byte, k string, vs []string) []byte {
	if len(vs) == 0 {
		return b
	}
	b = append(b, ", "...)
	b = appendJSONString(b, k)
	b = append(b, ": ["...)
	for i, v := range vs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, v)
	}
	return append(b, ']')
}

// appendJSONString quotes s as a JSON string, keeping non-ASCII text as is.
func appendJSONString(b []byte, s string) []byte { return dql.AppendQuoted(b, s, "0123456789abcdef") }

// NewNQuadsEncoder writes RDF N-Quads as the N-Quads loader reads them:
// subjects and objects are ids (<material:dysprosium>), one triple per
// field, edge properties as facets. It writes what a record says, not how
// the store keeps it: no xid, folded names, sort key or open validity bounds.
func NewNQuadsEncoder(w io.Writer) Encoder {
	return &nquadsEncoder{w: bufio.NewWriterSize(w, outputBuffer)}
}

type nquadsEncoder struct {
	w *bufio.Writer
	b []byte
}

// Entity implements Encoder.
func (s *nquadsEncoder) Entity(e *kg.Entity) error {
	b := s.b[:0]
	b = appendNQLiteral(b, e.ID, "dgraph.type", string(e.Kind))
	b = appendNQLiteral(b, e.ID, "name", e.Name)
	if e.Description != "" {
		b = appendNQLiteral(b, e.ID, "description", e.Description)
	}
	for _, a := range kg.Attrs {
		if v, ok := e.Attrs[a.Name]; ok {
			b = appendNQLiteral(b, e.ID, string(a.Name), v)
		}
	}
	for _, v := range e.Aliases {
		b = appendNQLiteral(b, e.ID, "aliases", v)
	}
	for _, v := range e.Sources {
		b = appendNQNodes(b, e.ID, "sources", v)
		b = append(b, " .\n"...)
	}
	s.b = b
	_, err := s.w.Write(b)
	return err
}

// Edge implements Encoder.
func (s *nquadsEncoder) Edge(e *kg.Edge) error {
	b := appendNQNodes(s.b[:0], e.From, e.Type, e.To)
	sep := " ("
	facet := func(k string) {
		b = append(b, sep...)
		b = append(b, k...)
		b = append(b, '=')
		sep = ", "
	}
	text := func(k, v string) {
		if v != "" {
			facet(k)
			b = dql.AppendLiteral(b, v)
		}
	}
	number := func(k string, v *float64) {
		if v != nil {
			facet(k)
			b = strconv.AppendFloat(b, *v, 'g', -1, 64)
		}
	}
	text(facetSources, strings.Join(e.Sources, dql.SourceSep))
	text(facetSince, e.Since)
	text(facetUntil, e.Until)
	text(facetRole, e.Role)
	number(facetShare, e.Share)
	number(facetQuantity, e.Quantity)
	for _, f := range e.TextProps() {
		text(f.Name, f.Value)
	}
	if sep == ", " {
		b = append(b, ')')
	}
	s.b = append(b, " .\n"...)
	_, err := s.w.Write(s.b)
	return err
}

// Close implements Encoder.
func (s *nquadsEncoder) Close() error { return s.w.Flush() }

func appendNQNodes(b []byte, subj, pred, obj string) []byte {
	b = append(b, '<')
	b = append(b, subj...)
	b = append(b, "> <"...)
	b = append(b, pred...)
	b = append(b, "> <"...)
	b = append(b, obj...)
	return append(b, '>')
}

func appendNQLiteral(b []byte, subj, pred, v string) []byte {
	b = append(b, '<')
	b = append(b, subj...)
	b = append(b, "> <"...)
	b = append(b, pred...)
	b = append(b, "> "...)
	b = dql.AppendLiteral(b, v)
	return append(b, " .\n"...)
}

// NewCSVEncoder writes the two CSV files the CSV loader reads: entities
// (every entity column, then every attribute column) and relations (from,
// type, to, then every edge property), lists joined with "|". A value the
// CSV loader would read back differently — an item holding "|", a value
// with spaces around it, which the loader trims — is an error: use JSON or
// N-Quads for such a graph.
func NewCSVEncoder(entities, relations io.Writer) Encoder {
	s := &csvEncoder{entsBuf: bufio.NewWriterSize(entities, outputBuffer), relsBuf: bufio.NewWriterSize(relations, outputBuffer)}
	s.ents, s.rels = csv.NewWriter(s.entsBuf), csv.NewWriter(s.relsBuf)
	return s
}

type csvEncoder struct {
	ents, rels       *csv.Writer
	entsBuf, relsBuf *bufio.Writer
	started          [2]bool
	row              []string
}

// csvEntityHeader and csvRelationHeader are the encoder's column orders.
var (
	csvEntityHeader   = append(append([]string{}, entityColumns...), kg.AttrNames()...)
	csvRelationHeader = append(append([]string{}, relationColumns...), FacetNames...)
)

func (s *csvEncoder) write(w *csv.Writer, i int, header []string) error {
	if !s.started[i] {
		s.started[i] = true
		if err := w.Write(header); err != nil {
			return err
		}
	}
	return w.Write(s.row)
}

// cell checks that v reads back as itself.
func (s *csvEncoder) cell(id, field, v string) (string, error) {
	if strings.TrimSpace(v) != v {
		return "", fmt.Errorf("csv: %s: %s: %q has spaces around it, which the CSV loader trims", id, field, v)
	}
	return v, nil
}

func (s *csvEncoder) list(id, field string, vs []string) (string, error) {
	for _, v := range vs {
		if strings.Contains(v, "|") || v != strings.TrimSpace(v) {
			return "", fmt.Errorf("csv: %s: %s: %q cannot be a list item (it holds \"|\" or spaces around it)", id, field, v)
		}
	}
	return strings.Join(vs, "|"), nil
}

// Entity implements Encoder.
func (s *csvEncoder) Entity(e *kg.Entity) error {
	s.row = s.row[:0]
	var errs []error
	add := func(v string, err error) {
		s.row = append(s.row, v)
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(e.ID, nil)
	add(string(e.Kind), nil)
	add(s.cell(e.ID, "name", e.Name))
	add(s.list(e.ID, "aliases", e.Aliases))
	add(s.cell(e.ID, "description", e.Description))
	add(s.list(e.ID, "sources", e.Sources))
	for _, a := range kg.Attrs {
		add(s.cell(e.ID, string(a.Name), e.Attrs[a.Name]))
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return s.write(s.ents, 0, csvEntityHeader)
}

// Edge implements Encoder.
func (s *csvEncoder) Edge(e *kg.Edge) error {
	id := e.From + " " + e.Type + " " + e.To
	number := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	sources, err := s.list(id, "sources", e.Sources)
	if err != nil {
		return err
	}
	s.row = append(s.row[:0], e.From, e.Type, e.To, sources, e.Since, e.Until)
	text := e.TextProps()
	for _, f := range append([]kg.Prop{{Name: "role", Value: e.Role}, {Name: "share", Value: number(e.Share)}, {Name: "quantity", Value: number(e.Quantity)}}, text[:]...) {
		v, err := s.cell(id, f.Name, f.Value)
		if err != nil {
			return err
		}
		s.row = append(s.row, v)
	}
	return s.write(s.rels, 1, csvRelationHeader)
}

// Close implements Encoder: it writes the header of a file that got no
// record, so that both files load.
func (s *csvEncoder) Close() error {
	for i, f := range []struct {
		w      *csv.Writer
		header []string
	}{{s.ents, csvEntityHeader}, {s.rels, csvRelationHeader}} {
		if !s.started[i] {
			s.started[i] = true
			if err := f.w.Write(f.header); err != nil {
				return err
			}
		}
		f.w.Flush()
		if err := f.w.Error(); err != nil {
			return err
		}
	}
	if err := s.entsBuf.Flush(); err != nil {
		return err
	}
	return s.relsBuf.Flush()
}
