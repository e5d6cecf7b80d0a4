package loaders

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// CSV reads entities.csv and relations.csv files.
type CSV struct{}

// Name implements Format.
func (CSV) Name() string { return "csv" }

// isAttr reports whether name is a typed attribute of kg.Attrs: an
// attribute column of an entities file, an attribute predicate of N-Quads.
func isAttr(name string) bool {
	_, ok := kg.LookupAttr(name)
	return ok
}

// attrValue checks an attribute's text as its type wants: an integer is kept
// in canonical form ("+66" → "66"); dates and text are checked by validation.
func attrValue(a kg.Attr, v string) (string, error) {
	spec, _ := kg.LookupAttr(string(a))
	if spec.Type != kg.IntAttr {
		return v, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return "", fmt.Errorf("not an integer: %q", clip(v))
	}
	return strconv.Itoa(n), nil
}

// splitList splits a list cell or facet ("a | b|") into its non-empty items.
func splitList(s string) []string {
	var items []string
	for item := range strings.SplitSeq(s, "|") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// parseNumber reads a share or quantity. NaN and infinities are refused: NaN
// would pass a range check such as share in [0, 1], and JSON cannot carry either.
func parseNumber(s string) (*float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("not a number: %q", clip(s))
	}
	return &f, nil
}

// edgeProps sets an edge's optional properties from their text: the columns
// of a relations file beyond from, type and to, and the facets of N-Quads.
var edgeProps = map[string]func(e *kg.Edge, v string) error{
	"sources":    func(e *kg.Edge, v string) error { e.Sources = splitList(v); return nil },
	"since":      func(e *kg.Edge, v string) error { e.Since = v; return nil },
	"until":      func(e *kg.Edge, v string) error { e.Until = v; return nil },
	"role":       func(e *kg.Edge, v string) error { e.Role = v; return nil },
	"share":      func(e *kg.Edge, v string) (err error) { e.Share, err = parseNumber(v); return err },
	"quantity":   func(e *kg.Edge, v string) (err error) { e.Quantity, err = parseNumber(v); return err },
	"unit":       func(e *kg.Edge, v string) error { e.Unit = v; return nil },
	"confidence": func(e *kg.Edge, v string) error { e.Confidence = v; return nil },
	"basis":      func(e *kg.Edge, v string) error { e.Basis = v; return nil },
	"supplier":   func(e *kg.Edge, v string) error { e.Supplier = v; return nil },
	"note":       func(e *kg.Edge, v string) error { e.Note = v; return nil },
}

// setEdgeProp sets one property of e, reporting a bad value at e.Pos. An empty
// value means absent. It returns false when key names no edge property.
func setEdgeProp(e *kg.Edge, key, v string, ps *Problems) bool {
	set, ok := edgeProps[key]
	if !ok {
		return false
	}
	if v == "" {
		return true
	}
	if err := set(e, v); err != nil {
		ps.add(e.Pos, key, "%v", err)
	}
	return true
}

// Columns by file kind: besides these, an entities file may have attribute
// columns and a relations file edge property columns.
var (
	entityColumns    = []string{"id", "kind", "name", "aliases", "description", "sources"}
	entityRequired   = []string{"id", "kind", "name"}
	relationColumns  = []string{"from", "type", "to"}
	relationRequired = []string{"from", "type", "to", "sources"}
)

// csvColumn is a known column of a file.
type csvColumn struct {
	name string
	i    int  // its index in a record
	attr bool // a typed attribute of an entities file
}

// csvParser reads one file, entities or relations.
type csvParser struct {
	name      string
	entities  bool // an entities file, else a relations file
	header    []string
	cols      map[string]int // known column → its index
	knownCols []csvColumn    // known columns in header order
	problems  Problems
}

// Parse implements Format.
func (CSV) Parse(name string, r io.Reader) (kg.Graph, error) {
	p := csvParser{name: name}
	var g kg.Graph
	var ok bool
	if p.entities, ok = csvFileKind(name); !ok {
		p.problems.add(kg.Pos{File: name}, "",
			"cannot tell entities from relations by the file name (want *entities*.csv, *relations*.csv or *edges*.csv)")
		return g, p.problems.Err()
	}
	cr := csv.NewReader(r) // FieldsPerRecord 0: every record must be as wide as the header
	header, err := cr.Read()
	if err == io.EOF {
		p.problems.add(p.pos(1), "", "empty file: want a header row")
		return g, p.problems.Err()
	}
	if err != nil {
		if err := p.readError(err); err != nil {
			return g, err
		}
		return g, p.problems.Err()
	}
	p.readHeader(header)
	cr.ReuseRecord = true // only the slice is reused: each record's cells are new strings
	var ents chunked[kg.Entity]
	var edges chunked[kg.Edge]
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := p.readError(err); err != nil {
				return g, err
			}
			continue // the reader resumes after the bad record
		}
		line, _ := cr.FieldPos(0) // the record's first line, even when a quoted cell spans lines
		if p.entities {
			ents.add(p.entity(rec, p.pos(line)))
		} else {
			edges.add(p.edge(rec, p.pos(line)))
		}
	}
	g.Entities, g.Edges = ents.appendTo(nil), edges.appendTo(nil)
	omitEmpty(&g)
	return g, p.problems.Err()
}

// csvFileKind tells an entities file from a relations file by its base name.
func csvFileKind(name string) (entities, ok bool) {
	base := strings.ToLower(filepath.Base(name))
	match := func(pattern string) bool { m, _ := filepath.Match(pattern, base); return m }
	ent := match("*entities*.csv")
	rel := match("*relations*.csv") || match("*edges*.csv")
	return ent, ent != rel
}

func (p *csvParser) pos(line int) kg.Pos { return kg.Pos{File: p.name, Line: line} }

// readError records a CSV syntax error as a problem. Any other error (I/O)
// ends the file and is returned.
func (p *csvParser) readError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", p.name, err)
	}
	msg := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		msg = fmt.Sprintf("wrong number of fields (the header has %d)", len(p.header))
	}
	// The record's first line, like other problems of a record: for a quote
	// that never closes, where it opened.
	p.problems.add(p.pos(pe.StartLine), "", "malformed CSV: %s", msg)
	return nil
}

// known reports whether col is a column of this kind of file.
func (p *csvParser) known(col string) bool {
	if p.entities {
		return slices.Contains(entityColumns, col) || isAttr(col)
	}
	_, prop := edgeProps[col]
	return slices.Contains(relationColumns, col) || prop
}

// columnNames lists the columns of this kind of file.
func (p *csvParser) columnNames() []string {
	if p.entities {
		return append(slices.Clone(entityColumns), kg.AttrNames()...)
	}
	return append(slices.Clone(relationColumns), FacetNames...)
}

func (p *csvParser) readHeader(header []string) {
	p.header = header
	p.cols = map[string]int{}
	given := map[string]bool{}
	names := p.columnNames()
	for i, col := range header {
		if i == 0 {
			col = strings.TrimPrefix(col, "\ufeff") // spreadsheets save UTF-8 with a byte order mark
		}
		col = strings.TrimSpace(col)
		header[i] = col
		switch {
		case !p.known(col):
			p.problems.add(p.pos(1), fieldName(col), "unknown column%s", unknownHint(col, names))
		case given[col]:
			p.problems.add(p.pos(1), fieldName(col), "duplicate column")
		default:
			p.cols[col] = i
			p.knownCols = append(p.knownCols, csvColumn{name: col, i: i, attr: p.entities && isAttr(col)})
		}
		given[col] = true
	}
	required := entityRequired
	if !p.entities {
		required = relationRequired
	}
	for _, col := range required {
		if _, ok := p.cols[col]; !ok {
			p.problems.add(p.pos(1), col, "missing required column")
		}
	}
}

// cell returns a record's value in a column, "" when the file has no such
// column. Values are trimmed to forgive the spaces people put after commas.
func (p *csvParser) cell(rec []string, col string) string {
	i, ok := p.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// columns calls each with the known columns in header order, so that a
// record's problems come in the order of its cells.
func (p *csvParser) columns(each func(col csvColumn)) {
	for _, c := range p.knownCols {
		each(c)
	}
}

func (p *csvParser) entity(rec []string, pos kg.Pos) kg.Entity {
	e := kg.Entity{
		ID: p.cell(rec, "id"), Kind: normalKind(p.cell(rec, "kind")), Name: p.cell(rec, "name"),
		Aliases: splitList(p.cell(rec, "aliases")), Description: p.cell(rec, "description"),
		Sources: splitList(p.cell(rec, "sources")), Attrs: map[kg.Attr]string{}, Pos: pos,
	}
	p.columns(func(col csvColumn) {
		v := strings.TrimSpace(rec[col.i])
		if !col.attr || v == "" {
			return
		}
		v, err := attrValue(kg.Attr(col.name), v)
		if err != nil {
			p.problems.add(pos, col.name, "%v", err)
			return
		}
		e.Attrs[kg.Attr(col.name)] = v
	})
	return e
}

func (p *csvParser) edge(rec []string, pos kg.Pos) kg.Edge {
	e := kg.Edge{From: p.cell(rec, "from"), Type: p.cell(rec, "type"), To: p.cell(rec, "to"), Pos: pos}
	p.columns(func(col csvColumn) { setEdgeProp(&e, col.name, strings.TrimSpace(rec[col.i]), &p.problems) })
	return e
}
