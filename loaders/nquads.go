package loaders

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// NQuads reads RDF N-Quads in Dgraph's dialect, one triple per line:
//
//	<subject> <predicate> object [graph-label] [(facet=value, …)] .
type NQuads struct{}

// Name implements Format.
func (NQuads) Name() string { return "nquads" }

// maxNQuadLine bounds a line; bufio.Scanner's 64 KiB default is too small for
// long statement texts.
const maxNQuadLine = 1 << 20

// Parse implements Format. It reads every triple first, because a blank node
// takes its id from an <xid> or <dgraph.type> triple that may come later.
func (NQuads) Parse(name string, r io.Reader) (kg.Graph, error) {
	b := nqBuilder{
		name: name, xids: map[string]string{}, types: map[string]string{}, reported: map[string]bool{},
		firstLine: map[string]int{}, entities: map[string]*kg.Entity{}, listed: map[nqListItem]bool{},
	}
	var triples chunked[nqTriple]
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxNQuadLine)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		t, err := parseNQuad(text)
		if err != nil {
			b.problems.add(b.pos(line), "", "malformed triple: %v", err)
			continue
		}
		t.line = line
		triples.add(t)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		b.problems.add(b.pos(line+1), "", "line longer than %d bytes", maxNQuadLine)
	} else if err != nil {
		return kg.Graph{}, fmt.Errorf("read %s: %w", name, err)
	}
	g := b.build(&triples)
	omitEmpty(&g)
	return g, b.problems.Err()
}

// nqTermKind tells the three kinds of term apart.
type nqTermKind int

const (
	nqIRI     nqTermKind = iota + 1 // <iri>
	nqBlank                         // _:label
	nqLiteral                       // "text", with any ^^<type> or @lang dropped
)

// nqTerm is one term; val is the IRI without <>, the label without _:, or
// the literal's unescaped text.
type nqTerm struct {
	kind nqTermKind
	val  string
}

type nqFacet struct{ key, val string }

type nqTriple struct {
	line            int
	subj, pred, obj nqTerm
	facets          []nqFacet
}

// parseNQuad parses one non-blank, non-comment line.
func parseNQuad(line string) (nqTriple, error) {
	sc := nqScanner{s: line}
	var t nqTriple
	var err error
	if t.subj, err = sc.term("subject"); err != nil {
		return t, err
	}
	if t.subj.kind == nqLiteral {
		return t, errors.New("the subject must be <iri> or _:blank, not a literal")
	}
	if t.pred, err = sc.term("predicate"); err != nil {
		return t, err
	}
	if t.pred.kind != nqIRI {
		return t, errors.New("the predicate must be an <iri>")
	}
	if t.obj, err = sc.term("object"); err != nil {
		return t, err
	}
	sc.skipSpace()
	if sc.at("<") || sc.at("_:") { // the graph label of a quad: not used
		if _, err := sc.term("graph label"); err != nil {
			return t, err
		}
		sc.skipSpace()
	}
	if sc.at("(") {
		if t.facets, err = sc.facets(); err != nil {
			return t, err
		}
		sc.skipSpace()
	}
	if !sc.at(".") {
		return t, errors.New(`want "." at the end of the triple`)
	}
	sc.i++
	sc.skipSpace()
	if sc.i < len(sc.s) && !sc.at("#") {
		return t, errors.New(`unexpected text after "."`)
	}
	return t, nil
}

// nqScanner walks one line.
type nqScanner struct {
	s string
	i int
}

func (sc *nqScanner) at(prefix string) bool { return strings.HasPrefix(sc.s[sc.i:], prefix) }

func (sc *nqScanner) skipSpace() {
	for sc.i < len(sc.s) && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t') {
		sc.i++
	}
}

// term reads one term; what names it in errors.
func (sc *nqScanner) term(what string) (nqTerm, error) {
	sc.skipSpace()
	switch {
	case sc.at("<"):
		iri, err := sc.iri()
		if err != nil {
			return nqTerm{}, fmt.Errorf("%s: %w", what, err)
		}
		return nqTerm{nqIRI, iri}, nil
	case sc.at("_:"):
		start := sc.i + 2
		end := start
		for end < len(sc.s) && isLabelByte(sc.s[end]) {
			end++
		}
		for end > start && sc.s[end-1] == '.' { // a label may hold dots but not end with one: "_:a." ends a triple
			end--
		}
		if end == start {
			return nqTerm{}, fmt.Errorf("%s: empty blank node label", what)
		}
		sc.i = end
		return nqTerm{nqBlank, sc.s[start:end]}, nil
	case sc.at(`"`):
		text, err := sc.quoted()
		if err != nil {
			return nqTerm{}, fmt.Errorf("%s: %w", what, err)
		}
		// The datatype or language of a literal does not matter here: every
		// field is read as text and checked by the pipeline.
		if sc.at("^^") {
			sc.i += 2
			if !sc.at("<") {
				return nqTerm{}, fmt.Errorf("%s: want <datatype> after ^^", what)
			}
			if _, err := sc.iri(); err != nil {
				return nqTerm{}, fmt.Errorf("%s: datatype: %w", what, err)
			}
		} else if sc.at("@") {
			sc.i++
			start := sc.i
			for sc.i < len(sc.s) && (isLetterOrDigit(sc.s[sc.i]) || sc.s[sc.i] == '-') {
				sc.i++
			}
			if sc.i == start {
				return nqTerm{}, fmt.Errorf("%s: empty language tag after @", what)
			}
		}
		return nqTerm{nqLiteral, text}, nil
	}
	return nqTerm{}, fmt.Errorf(`want the %s: <iri>, _:blank or "literal"`, what)
}

// iri reads <…> and returns what is between the brackets.
func (sc *nqScanner) iri() (string, error) {
	end := strings.IndexByte(sc.s[sc.i:], '>')
	if end < 0 {
		return "", errors.New(`missing ">"`)
	}
	iri := sc.s[sc.i+1 : sc.i+end]
	if iri == "" || strings.ContainsAny(iri, " \t<\"") {
		return "", fmt.Errorf("bad IRI %s", shown("<"+iri+">"))
	}
	sc.i += end + 1
	return iri, nil
}

// quoted reads a "…" string and resolves its escapes.
func (sc *nqScanner) quoted() (string, error) {
	start := sc.i + 1
	if end := strings.IndexAny(sc.s[start:], `"\`); end >= 0 && sc.s[start+end] == '"' { // no escapes
		sc.i = start + end + 1
		return sc.s[start : start+end], nil
	}
	var b strings.Builder
	for i := sc.i + 1; i < len(sc.s); {
		switch c := sc.s[i]; c {
		case '"':
			sc.i = i + 1
			return b.String(), nil
		case '\\':
			r, n, err := unescape(sc.s[i:])
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
			i += n
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", errors.New("unterminated string")
}

// unescape decodes the escape sequence at the start of s, returning the rune
// and the bytes it took.
func unescape(s string) (rune, int, error) {
	if len(s) < 2 {
		return 0, 0, errors.New(`lone "\" at the end of the line`)
	}
	switch s[1] {
	case '"', '\'', '\\':
		return rune(s[1]), 2, nil
	case 'n':
		return '\n', 2, nil
	case 't':
		return '\t', 2, nil
	case 'r':
		return '\r', 2, nil
	case 'b':
		return '\b', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'u', 'U':
		n := 4
		if s[1] == 'U' {
			n = 8
		}
		if len(s) >= 2+n {
			if v, err := strconv.ParseUint(s[2:2+n], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
				return rune(v), 2 + n, nil
			}
		}
		return 0, 0, fmt.Errorf(`bad escape %q: want %d hex digits of a code point`, s[:min(len(s), 2+n)], n)
	}
	return 0, 0, fmt.Errorf("bad escape %q", s[:2])
}

// facets reads "(key=value, key="text", …)". Values are kept as text: the
// edge properties they set parse them like CSV cells.
func (sc *nqScanner) facets() ([]nqFacet, error) {
	sc.i++ // (
	sc.skipSpace()
	if sc.at(")") {
		sc.i++
		return nil, nil
	}
	var fs []nqFacet
	for {
		sc.skipSpace()
		start := sc.i
		for sc.i < len(sc.s) && (isLetterOrDigit(sc.s[sc.i]) || sc.s[sc.i] == '_') {
			sc.i++
		}
		f := nqFacet{key: sc.s[start:sc.i]}
		if f.key == "" {
			return nil, errors.New("facets: want key=value")
		}
		sc.skipSpace()
		if !sc.at("=") {
			return nil, fmt.Errorf(`facet %s: want "="`, f.key)
		}
		sc.i++
		sc.skipSpace()
		if sc.at(`"`) {
			v, err := sc.quoted()
			if err != nil {
				return nil, fmt.Errorf("facet %s: %w", f.key, err)
			}
			f.val = v
		} else { // a bare number, boolean or date
			start := sc.i
			for sc.i < len(sc.s) && !strings.ContainsRune(",) \t", rune(sc.s[sc.i])) {
				sc.i++
			}
			if f.val = sc.s[start:sc.i]; f.val == "" {
				return nil, fmt.Errorf("facet %s: missing value", f.key)
			}
		}
		fs = append(fs, f)
		sc.skipSpace()
		switch {
		case sc.at(","):
			sc.i++
		case sc.at(")"):
			sc.i++
			return fs, nil
		default:
			return nil, errors.New(`facets: want "," or ")"`)
		}
	}
}

func isLetterOrDigit(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isLabelByte(c byte) bool { return isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' }

// nqBuilder turns triples into records.
type nqBuilder struct {
	name      string
	problems  Problems
	xids      map[string]string // blank label → id from its first <xid> triple
	types     map[string]string // blank label → its first <dgraph.type>
	reported  map[string]bool   // blank labels already reported as unresolvable
	firstLine map[string]int    // id → line of its first triple as a subject
	entities  map[string]*kg.Entity
	order     []string // entity ids in order of definition
	edges     chunked[kg.Edge]
	listed    map[nqListItem]bool // items of list fields (aliases, sources) already added
}

type nqListItem struct{ id, pred, v string }

// nqFields are the node predicates besides typed attributes and edges;
// sources, last, is the one whose object is a node.
var nqFields = []string{"xid", "dgraph.type", "name", "description", "aliases", "sources"}

func (b *nqBuilder) pos(line int) kg.Pos { return kg.Pos{File: b.name, Line: line} }

func (b *nqBuilder) build(triples *chunked[nqTriple]) kg.Graph {
	triples.each(func(t *nqTriple) {
		if t.subj.kind != nqBlank || t.obj.kind != nqLiteral {
			return
		}
		switch t.pred.val {
		case "xid":
			if _, ok := b.xids[t.subj.val]; !ok {
				b.xids[t.subj.val] = t.obj.val
			}
		case "dgraph.type":
			if _, ok := b.types[t.subj.val]; !ok {
				b.types[t.subj.val] = t.obj.val
			}
		}
	})
	triples.each(func(t *nqTriple) {
		subj, ok := b.node(t.subj, t.line)
		if !ok {
			return
		}
		if _, ok := b.firstLine[subj]; !ok {
			b.firstLine[subj] = t.line
		}
		if _, ok := kg.LookupEdgeType(t.pred.val); ok {
			b.edge(*t, subj)
		} else {
			b.field(*t, subj)
		}
	})
	g := kg.Graph{Entities: make([]kg.Entity, 0, len(b.order))}
	for _, id := range b.order {
		g.Entities = append(g.Entities, *b.entities[id])
	}
	g.Edges = b.edges.appendTo(nil)
	return g
}

// node resolves a subject or object to an entity id.
func (b *nqBuilder) node(t nqTerm, line int) (string, bool) {
	if t.kind == nqIRI {
		if !strings.Contains(t.val, ":") { // e.g. a Dgraph uid <0x1a>
			b.problems.add(b.pos(line), "", "%s is not a <kind:slug> id", shown("<"+t.val+">"))
			return "", false
		}
		return t.val, true
	}
	if id, ok := b.xids[t.val]; ok {
		return id, true
	}
	if kind, ok := b.types[t.val]; ok {
		return normalKind(kind).IDPrefix() + t.val, true
	}
	if !b.reported[t.val] { // once, at its first line
		b.reported[t.val] = true
		b.problems.add(b.pos(line), "", "blank node _:%s has no xid and no dgraph.type", t.val)
	}
	return "", false
}

// entity returns the entity with this id, defining it on first use.
func (b *nqBuilder) entity(id string) *kg.Entity {
	e, ok := b.entities[id]
	if !ok {
		e = &kg.Entity{ID: id, Attrs: map[kg.Attr]string{}, Pos: b.pos(b.firstLine[id])}
		b.entities[id] = e
		b.order = append(b.order, id)
	}
	return e
}

func (b *nqBuilder) edge(t nqTriple, from string) {
	pos := b.pos(t.line)
	if t.obj.kind == nqLiteral {
		b.problems.add(pos, t.pred.val, "want a node object, not a literal")
		return
	}
	to, ok := b.node(t.obj, t.line)
	if !ok {
		return
	}
	e := kg.Edge{From: from, Type: t.pred.val, To: to, Pos: pos}
	for _, f := range t.facets {
		if !setEdgeProp(&e, f.key, f.val, &b.problems) {
			b.problems.add(pos, fieldName(f.key), "unknown facet%s", unknownHint(f.key, FacetNames))
		}
	}
	b.edges.add(e)
}

// field applies a triple whose predicate is not an edge type.
func (b *nqBuilder) field(t nqTriple, id string) {
	pos, pred := b.pos(t.line), t.pred.val
	scalar := slices.Contains(nqFields[:len(nqFields)-1], pred) || isAttr(pred)
	if !scalar && pred != "sources" {
		known := append(append(slices.Clone(nqFields), kg.AttrNames()...), kg.EdgeTypeNames()...)
		b.problems.add(pos, fieldName(pred), "unknown predicate%s", unknownHint(pred, known))
		return
	}
	if len(t.facets) > 0 {
		b.problems.add(pos, pred, "facets are only read on edges")
	}
	if pred == "sources" {
		if t.obj.kind == nqLiteral {
			b.problems.add(pos, pred, "want a node such as <source:x>, not a literal")
			return
		}
		if src, ok := b.node(t.obj, t.line); ok && b.first(id, pred, src) {
			e := b.entity(id)
			e.Sources = append(e.Sources, src)
		}
		return
	}
	if t.obj.kind != nqLiteral {
		b.problems.add(pos, pred, "want a literal, not a node")
		return
	}
	v := t.obj.val
	switch pred {
	case "xid": // names the node, so it does not define an entity
		if v != id {
			b.problems.add(pos, pred, "%q differs from the node's id %q", v, id)
		}
	case "dgraph.type":
		e := b.entity(id)
		kind := string(e.Kind)
		b.once(pos, pred, &kind, string(normalKind(v)))
		e.Kind = kg.Kind(kind)
	case "name":
		b.once(pos, pred, &b.entity(id).Name, v)
	case "description":
		b.once(pos, pred, &b.entity(id).Description, v)
	case "aliases":
		e := b.entity(id)
		if b.first(id, pred, v) {
			e.Aliases = append(e.Aliases, v)
		}
	default:
		e := b.entity(id)
		v, err := attrValue(kg.Attr(pred), v)
		if err != nil {
			b.problems.add(pos, pred, "%v", err)
			return
		}
		cur := e.Attrs[kg.Attr(pred)]
		b.once(pos, pred, &cur, v)
		if cur != "" {
			e.Attrs[kg.Attr(pred)] = cur
		}
	}
}

// first reports whether this is the first triple that adds v to the list
// pred of entity id; repeats add nothing.
func (b *nqBuilder) first(id, pred, v string) bool {
	k := nqListItem{id, pred, v}
	if b.listed[k] {
		return false
	}
	b.listed[k] = true
	return true
}

// once sets a single-valued field; a second, different value is a problem.
func (b *nqBuilder) once(pos kg.Pos, field string, cur *string, v string) {
	switch {
	case *cur == "":
		*cur = v
	case *cur != v:
		b.problems.add(pos, field, "given twice with different values: %q and %q", *cur, v)
	}
}
