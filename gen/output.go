package gen

import (
	"bufio"
	"cmp"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Write generates the graph of cfg once and writes it in every format that
// has a writer: native JSON (as `chokepoint load` reads it) to jsonOut, RDF
// N-Quads (as Chokepoint's loader stores the graph, for `dgraph live`) to
// nquadsOut. Either may be nil. It returns what it wrote, counted per kind
// and edge type.
func Write(ctx context.Context, cfg Config, jsonOut, nquadsOut io.Writer) (store.Stats, error) {
	var (
		stats store.Stats
		sinks []loaders.Encoder
	)
	if jsonOut != nil {
		sinks = append(sinks, loaders.NewJSONEncoder(jsonOut))
	}
	if nquadsOut != nil {
		sinks = append(sinks, &nquadSink{w: bufio.NewWriterSize(nquadsOut, 1<<18)})
	}
	err := Walk(ctx, cfg, func(e *kg.Entity) error {
		count(&stats, e, nil)
		for _, s := range sinks {
			if err := s.Entity(e); err != nil {
				return err
			}
		}
		return nil
	}, func(e *kg.Edge) error {
		count(&stats, nil, e)
		for _, s := range sinks {
			if err := s.Edge(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return stats, err
	}
	for _, s := range sinks {
		if err := s.Close(); err != nil {
			return stats, err
		}
	}
	return stats, nil
}

// nquadSink writes the graph exactly as the loaders store it (see
// loaders/write.go): every entity's xid, dgraph.type, name, description,
// typed attributes, aliases, folded names and sources (uid edges to the
// Source nodes), and every edge with its facets, open validity bounds
// included. Nodes are blank nodes named by their id (_:material:dysprosium),
// so dgraph live maps every mention of an id to one node.
type nquadSink struct {
	w    *bufio.Writer
	b    []byte
	list []string // folded names of the current entity
	// folder removes diacritics as kg.Fold does, without building a
	// transformer chain per name.
	folder transform.Transformer
}

// fold is kg.Fold (the equivalence test holds them to each other).
func (s *nquadSink) fold(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			if s.folder == nil {
				s.folder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			}
			if out, _, err := transform.String(s.folder, name); err == nil {
				name = out
			}
			break
		}
	}
	return strings.ToLower(strings.TrimSpace(name))
}

func (s *nquadSink) Entity(e *kg.Entity) error {
	b := s.b[:0]
	subj := "_:" + e.ID
	b = nqValue(b, subj, "xid", e.ID, "")
	b = nqValue(b, subj, "dgraph.type", string(e.Kind), "")
	b = nqValue(b, subj, "name", e.Name, "")
	if e.Description != "" {
		b = nqValue(b, subj, "description", e.Description, "")
	}
	for _, a := range kg.Attrs { // the typed attributes, in the order the loaders write them
		v, ok := e.Attrs[a.Name]
		if !ok {
			continue
		}
		switch a.Type {
		case kg.DateAttr:
			b = nqValue(b, subj, string(a.Name), v+"T00:00:00Z", "xs:dateTime")
		case kg.IntAttr:
			b = nqValue(b, subj, string(a.Name), v, "xs:int")
		default:
			b = nqValue(b, subj, string(a.Name), v, "")
		}
	}
	for _, v := range s.sorted(e.Aliases) {
		b = nqValue(b, subj, "aliases", v, "")
	}
	b = nqValue(b, subj, "sortkey", kg.SortKey(e.Name, e.ID), "")
	s.list = s.list[:0]
	for _, n := range e.SearchNames() {
		s.list = append(s.list, s.fold(n))
	}
	for _, v := range s.sorted(s.list) {
		b = nqValue(b, subj, "folded", v, "")
	}
	for _, v := range s.sorted(e.Sources) {
		b = append(b, subj...)
		b = append(b, " <sources> _:"...)
		b = append(b, v...)
		b = append(b, " .\n"...)
	}
	s.b = b
	_, err := s.w.Write(b)
	return err
}

// sorted returns a sorted copy of vs without repeats, as the loaders store
// list predicates.
func (s *nquadSink) sorted(vs []string) []string {
	if len(vs) < 2 {
		return vs
	}
	out := append(make([]string, 0, len(vs)), vs...)
	slices.Sort(out)
	return slices.Compact(out)
}

// Edge writes one edge with the facets the loaders store: sources joined by
// dql.SourceSep, since and until always (open bounds as kg.OpenSince and
// kg.OpenUntil), numbers as floats.
func (s *nquadSink) Edge(e *kg.Edge) error {
	b := s.b[:0]
	b = append(b, "_:"...)
	b = append(b, e.From...)
	b = append(b, " <"...)
	b = append(b, e.Type...)
	b = append(b, "> _:"...)
	b = append(b, e.To...)
	b = append(b, " (sources="...)
	b = dql.AppendLiteral(b, strings.Join(e.Sources, dql.SourceSep))
	b = append(b, ", since="...)
	b = append(b, cmp.Or(e.Since, kg.OpenSince)...)
	b = append(b, "T00:00:00Z, until="...)
	b = append(b, cmp.Or(e.Until, kg.OpenUntil)...)
	b = append(b, "T00:00:00Z"...)
	if e.Role != "" {
		b = append(b, ", role="...)
		b = dql.AppendLiteral(b, e.Role)
	}
	if e.Share != nil {
		b = append(b, ", share="...)
		b = appendFacetNumber(b, *e.Share)
	}
	if e.Quantity != nil {
		b = append(b, ", quantity="...)
		b = appendFacetNumber(b, *e.Quantity)
	}
	for _, f := range e.TextProps() {
		if f.Value != "" {
			b = append(b, ", "...)
			b = append(b, f.Name...)
			b = append(b, '=')
			b = dql.AppendLiteral(b, f.Value)
		}
	}
	b = append(b, ") .\n"...)
	s.b = b
	_, err := s.w.Write(b)
	return err
}

func (s *nquadSink) Close() error { return s.w.Flush() }

// appendFacetNumber writes a number as the loaders do: shortest form, and
// always as a float (270000 → 270000.0) so that one facet has one type.
func appendFacetNumber(b []byte, f float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, f, 'g', -1, 64)
	if !strings.ContainsAny(string(b[start:]), ".eE") {
		b = append(b, ".0"...)
	}
	return b
}

func nqValue(b []byte, subj, pred, v, typ string) []byte {
	b = append(b, subj...)
	b = append(b, " <"...)
	b = append(b, pred...)
	b = append(b, "> "...)
	b = dql.AppendLiteral(b, v)
	if typ != "" {
		b = append(b, "^^<"...)
		b = append(b, typ...)
		b = append(b, '>')
	}
	return append(b, " .\n"...)
}
