package loaders

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// JSON reads the native format: {"entities": [...], "edges": [...]}.
type JSON struct{}

// Name implements Format.
func (JSON) Name() string { return "json" }

// Parse implements Format. It reads the whole file, then scans it once,
// keeping the line and column of every record as it goes, so that parsing
// takes time in proportion to the file's size. Keys are matched exactly: an
// unknown key, a key in the wrong case or a key given twice is a problem of
// its record. The first syntax error ends the file.
func (JSON) Parse(name string, r io.Reader) (kg.Graph, error) {
	data, err := readAll(r)
	if err != nil {
		return kg.Graph{}, fmt.Errorf("read %s: %w", name, err)
	}
	p := jsonParser{name: name, data: data, line: 1, interned: map[string]string{}}
	g := p.parse()
	return g, p.problems.Err()
}

// jsonKind is the type of a JSON value, as named in problems.
type jsonKind string

const (
	jsonString  jsonKind = "string"
	jsonNumber  jsonKind = "number"
	jsonStrings jsonKind = "array of strings"
	jsonObject  jsonKind = "object"
	jsonArray   jsonKind = "array"
	jsonBool    jsonKind = "boolean"
	jsonNull    jsonKind = "null"
)

// jsonValue is a decoded field value: a string, a list of strings, or the
// text of a number.
type jsonValue struct {
	str  string
	list []string
}

// jsonField is one key a record may carry: the value it wants and how it
// sets the record. set reports a bad value as an error. Values of fields
// that intern are kinds, edge types, source ids, dates and other short
// values that many records repeat: the parser keeps one copy of each.
type jsonField[T any] struct {
	name   string
	want   jsonKind
	set    func(rec *T, v jsonValue) error
	intern bool
	field  kg.FieldSet // kg.FieldOf(name): empty for keys that identify the record
}

// jsonFields is the key table of one record type.
type jsonFields[T any] struct {
	list  []jsonField[T]
	index map[string]int
	names []string
	// omit sets the record's omitted fields: those it leaves empty but
	// for the cleared ones, given as null or [].
	omit func(rec *T, cleared kg.FieldSet)
}

func newJSONFields[T any](list []jsonField[T], omit func(rec *T, cleared kg.FieldSet)) *jsonFields[T] {
	fs := &jsonFields[T]{list: list, index: map[string]int{}, omit: omit}
	for i, f := range list {
		list[i].field = kg.FieldOf(f.name)
		fs.index[f.name] = i
		fs.names = append(fs.names, f.name)
	}
	return fs
}

// entityJSONFields are the keys of an entity record: the core fields, then
// one per typed attribute of kg.Attrs.
var entityJSONFields = func() *jsonFields[kg.Entity] {
	list := []jsonField[kg.Entity]{
		{name: "id", want: jsonString, set: func(e *kg.Entity, v jsonValue) error { e.ID = v.str; return nil }},
		{name: "kind", want: jsonString, set: func(e *kg.Entity, v jsonValue) error { e.Kind = normalKind(v.str); return nil }, intern: true},
		{name: "name", want: jsonString, set: func(e *kg.Entity, v jsonValue) error { e.Name = v.str; return nil }},
		{name: "aliases", want: jsonStrings, set: func(e *kg.Entity, v jsonValue) error { e.Aliases = v.list; return nil }},
		{name: "description", want: jsonString, set: func(e *kg.Entity, v jsonValue) error { e.Description = v.str; return nil }},
		{name: "sources", want: jsonStrings, set: func(e *kg.Entity, v jsonValue) error { e.Sources = v.list; return nil }, intern: true},
	}
	for _, a := range kg.Attrs {
		want := jsonString
		if a.Type == kg.IntAttr {
			want = jsonNumber
		}
		set := func(e *kg.Entity, v jsonValue) error {
			if v.str == "" {
				return nil // an empty value is an absent one, as in a CSV cell
			}
			val, err := attrValue(a.Name, v.str)
			if err == nil {
				e.Attrs[a.Name] = val
			}
			return err
		}
		list = append(list, jsonField[kg.Entity]{name: string(a.Name), want: want, set: set, intern: attrRule(a) == shortRule || a.Type == kg.DateAttr})
	}
	return newJSONFields(list, func(e *kg.Entity, cleared kg.FieldSet) { e.Omitted = entityEmpties(*e) &^ cleared })
}()

// edgeJSONFields are the keys of an edge record: its ends and type, then one
// per edge property (FacetNames); share and quantity are numbers, sources a
// list, the rest strings.
var edgeJSONFields = func() *jsonFields[kg.Edge] {
	list := []jsonField[kg.Edge]{
		{name: "from", want: jsonString, set: func(e *kg.Edge, v jsonValue) error { e.From = v.str; return nil }},
		{name: "type", want: jsonString, set: func(e *kg.Edge, v jsonValue) error { e.Type = v.str; return nil }, intern: true},
		{name: "to", want: jsonString, set: func(e *kg.Edge, v jsonValue) error { e.To = v.str; return nil }},
	}
	for _, name := range FacetNames {
		f := jsonField[kg.Edge]{name: name, want: jsonString, intern: name != facetNote}
		switch name {
		case facetSources:
			f.want = jsonStrings
			f.set = func(e *kg.Edge, v jsonValue) error { e.Sources = v.list; return nil }
		case facetShare, facetQuantity:
			f.want = jsonNumber
			fallthrough
		default:
			set := edgeProps[name]
			f.set = func(e *kg.Edge, v jsonValue) error {
				if v.str == "" {
					return nil
				}
				return set(e, v.str)
			}
		}
		list = append(list, f)
	}
	return newJSONFields(list, func(e *kg.Edge, cleared kg.FieldSet) { e.Omitted = edgeEmpties(*e) &^ cleared })
}()

// evidenceJSONFields are the keys of an evidence record of a review file.
// Their values are checked as they are read; what a record must give is
// checked once it is read (checkEvidence).
var evidenceJSONFields = func() *jsonFields[kg.Evidence] {
	str := func(set func(*kg.Evidence, string)) func(*kg.Evidence, jsonValue) error {
		return func(e *kg.Evidence, v jsonValue) error { set(e, v.str); return nil }
	}
	oneOf := func(name string, allowed []string, set func(*kg.Evidence, string)) func(*kg.Evidence, jsonValue) error {
		return func(e *kg.Evidence, v jsonValue) error {
			if !slices.Contains(allowed, v.str) {
				return fmt.Errorf("%q is not a %s (want %s)", clip(v.str), name, strings.Join(allowed, ", "))
			}
			set(e, v.str)
			return nil
		}
	}
	offset := func(set func(*kg.Evidence, int)) func(*kg.Evidence, jsonValue) error {
		return func(e *kg.Evidence, v jsonValue) error {
			n, err := strconv.Atoi(v.str)
			if err != nil || n < 0 {
				return fmt.Errorf("%s is not a character offset (want an integer of 0 or more)", shown(v.str))
			}
			set(e, n)
			return nil
		}
	}
	list := []jsonField[kg.Evidence]{
		{name: "record", want: jsonString, set: str(func(e *kg.Evidence, s string) { e.Record = s })},
		{name: "category", want: jsonString, intern: true, set: oneOf("category", kg.EvidenceCategories, func(e *kg.Evidence, s string) { e.Category = s })},
		{name: "status", want: jsonString, intern: true, set: oneOf("status", kg.EvidenceStatuses, func(e *kg.Evidence, s string) { e.Status = s })},
		{name: "source", want: jsonString, intern: true, set: str(func(e *kg.Evidence, s string) { e.Source = s })},
		{name: "text", want: jsonString, set: str(func(e *kg.Evidence, s string) { e.Text = s })},
		{name: "start", want: jsonNumber, set: offset(func(e *kg.Evidence, n int) { e.Start = n })},
		{name: "end", want: jsonNumber, set: offset(func(e *kg.Evidence, n int) { e.End = n })},
		{name: "mention", want: jsonString, set: str(func(e *kg.Evidence, s string) { e.Mention = s })},
		{name: "confidence", want: jsonNumber, set: func(e *kg.Evidence, v jsonValue) error {
			f, err := strconv.ParseFloat(v.str, 64)
			if err != nil || f < 0 || f > 1 {
				return fmt.Errorf("%s is not a confidence (want a number from 0 to 1)", shown(v.str))
			}
			e.Confidence = f
			return nil
		}},
	}
	fs := newJSONFields(list, func(*kg.Evidence, kg.FieldSet) {})
	for i := range fs.list {
		fs.list[i].field = 0 // nothing of evidence is merged: null is a wrong type
	}
	return fs
}()

// checkEvidence reports what an evidence record lacks or gets wrong as a
// whole: the keys it must give, its source's id, its texts and its span.
// Offsets start at -1 before the record is read, so that a missing one
// shows.
func checkEvidence(ps *Problems, e *kg.Evidence) {
	for _, f := range []struct {
		name    string
		missing bool
	}{{"record", e.Record == ""}, {"category", e.Category == ""}, {"status", e.Status == ""}, {"source", e.Source == ""},
		{"text", e.Text == ""}, {"start", e.Start < 0}, {"end", e.End < 0}} {
		if f.missing {
			ps.add(e.Pos, f.name, "missing")
		}
	}
	if e.Source != "" {
		if msg := idProblem(e.Source); msg != "" {
			ps.add(e.Pos, "source", "%s", msg)
		} else if !strings.HasPrefix(e.Source, kg.Source.IDPrefix()) {
			ps.add(e.Pos, "source", "%s is not the id of a Source", shown(e.Source))
		}
	}
	if e.Record != "" && strings.TrimSpace(e.Record) == "" {
		ps.add(e.Pos, "record", "blank")
	}
	checkText(e.Pos, "record", e.Record, shortRule, ps)
	checkText(e.Pos, "text", e.Text, longRule, ps)
	checkText(e.Pos, "mention", e.Mention, longRule, ps)
	if e.Start >= 0 && e.End >= 0 && e.End < e.Start {
		ps.add(e.Pos, "end", "%d is before start %d", e.End, e.Start)
	}
}

// normalKind maps any letter case of a known kind to its canonical name and
// leaves unknown kinds as they are, for validation to report.
func normalKind(s string) kg.Kind {
	if k, ok := kg.ParseKind(s); ok {
		return k
	}
	return kg.Kind(s)
}

// maxJSONDepth bounds the nesting of values that are skipped, as
// encoding/json does.
const maxJSONDepth = 10000

// errJSONSyntax ends a parse; the problem is already recorded.
var errJSONSyntax = errors.New("malformed JSON")

// jsonParser scans one file. Newlines can only appear between tokens, so
// skipSpace alone keeps the line count.
type jsonParser struct {
	name      string
	data      []byte
	i         int // next byte
	line      int // line of data[i]
	lineStart int // offset of the first byte of that line
	problems  Problems
	seen      []bool // keys given so far in the current record
	buf       []byte // scratch for strings with escapes
	interned  map[string]string
}

// maxInterned bounds how many distinct values the parser keeps one copy of:
// the values worth it are few, and a larger table costs more to grow than
// it saves.
const maxInterned = 1 << 14

// intern returns b as a string, sharing one copy of each value.
func (p *jsonParser) intern(b []byte) string {
	if s, ok := p.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.interned) < maxInterned {
		p.interned[s] = s
	}
	return s
}

func (p *jsonParser) skipSpace() {
	for ; p.i < len(p.data); p.i++ {
		switch p.data[p.i] {
		case ' ', '\t', '\r':
		case '\n':
			p.line++
			p.lineStart = p.i + 1
		default:
			return
		}
	}
}

// skipSpaceAt skips space after a token on line and returns the position of
// what follows: its line, and its column when it shares line with that
// token (so a record that starts its line is placed by the line alone).
func (p *jsonParser) skipSpaceAt(line int) kg.Pos {
	p.skipSpace()
	pos := kg.Pos{File: p.name, Line: p.line}
	if p.line == line {
		pos.Col = p.i - p.lineStart + 1
	}
	return pos
}

// at is the exact position of byte offset off on the current line.
func (p *jsonParser) at(off int) kg.Pos {
	return kg.Pos{File: p.name, Line: p.line, Col: off - p.lineStart + 1}
}

// fail records a syntax error at the current byte, in the words of
// encoding/json, and returns errJSONSyntax.
func (p *jsonParser) fail(context string) error {
	if p.i >= len(p.data) {
		p.problems.add(kg.Pos{File: p.name, Line: p.line}, "", "malformed JSON: unexpected end of file")
	} else {
		p.problems.add(p.at(p.i), "", "malformed JSON: %s %s", invalidChar(p.data[p.i:]), context)
	}
	return errJSONSyntax
}

// invalidChar names the character at the start of b as encoding/json does.
func invalidChar(b []byte) string {
	switch r, _ := utf8.DecodeRune(b); {
	case b[0] == '\'':
		return `invalid character '\''`
	case b[0] == '"':
		return `invalid character '"'`
	case r == utf8.RuneError:
		return fmt.Sprintf("invalid byte 0x%02x", b[0])
	default:
		q := strconv.QuoteRune(r)
		return "invalid character '" + q[1:len(q)-1] + "'"
	}
}

func (p *jsonParser) peek() byte {
	if p.i < len(p.data) {
		return p.data[p.i]
	}
	return 0
}

func (p *jsonParser) parse() kg.Graph {
	var g kg.Graph
	if len(p.data) >= 3 && string(p.data[:3]) == "\ufeff" { // editors save UTF-8 with a byte order mark
		p.i = 3
	}
	p.skipSpace()
	if p.peek() != '{' {
		if kindOf(p.peek()) != "" {
			p.problems.add(kg.Pos{File: p.name, Line: p.line}, "", `expected an object {"entities": [...], "edges": [...]}`)
		} else {
			_ = p.fail("looking for beginning of value")
		}
		return g
	}
	given := map[string]bool{}
	err := p.object(func(k []byte, pos kg.Pos) error {
		key := string(k)
		if given[key] {
			p.problems.add(pos, fieldName(key), "given twice")
			return p.skipValue(0)
		}
		given[key] = true
		switch key {
		case "entities":
			return collect(p, key, entityJSONFields, &g.Entities, func(e *kg.Entity) { e.Attrs = map[kg.Attr]string{} },
				func(e *kg.Entity, pos kg.Pos) { e.Pos = pos })
		case "edges":
			return collect(p, key, edgeJSONFields, &g.Edges, nil, func(e *kg.Edge, pos kg.Pos) { e.Pos = pos })
		case "evidence":
			n := len(g.Evidence)
			err := collect(p, key, evidenceJSONFields, &g.Evidence, func(e *kg.Evidence) { e.Start, e.End = -1, -1 },
				func(e *kg.Evidence, pos kg.Pos) { e.Pos = pos })
			for i := n; i < len(g.Evidence); i++ {
				checkEvidence(&p.problems, &g.Evidence[i])
			}
			return err
		}
		p.problems.add(pos, fieldName(key), "unknown top-level field%s", unknownHint(key, []string{"entities", "edges", "evidence"}))
		return p.skipValue(0)
	})
	if err != nil {
		return g
	}
	p.skipSpace()
	if p.i < len(p.data) {
		p.problems.add(p.at(p.i), "", "unexpected data after the top-level object")
	}
	return g
}

// kindOf names the kind of value that starts with c, or "" for none.
func kindOf(c byte) jsonKind {
	switch {
	case c == '"':
		return jsonString
	case c == '{':
		return jsonObject
	case c == '[':
		return jsonArray
	case c == 't' || c == 'f':
		return jsonBool
	case c == 'n':
		return jsonNull
	case c == '-' || '0' <= c && c <= '9':
		return jsonNumber
	}
	return ""
}

// object walks the object at p.i ('{'), calling each with every key and its
// position, with p.i at the key's value; each must consume the value. The
// key's bytes are only good until the value is read.
func (p *jsonParser) object(each func(key []byte, pos kg.Pos) error) error {
	p.i++
	for first := true; ; first = false {
		pos := p.skipSpaceAt(p.line)
		if first && p.peek() == '}' {
			p.i++
			return nil
		}
		if p.peek() != '"' {
			return p.fail("looking for beginning of object key string")
		}
		key, err := p.stringBytes()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.peek() != ':' {
			return p.fail("after object key")
		}
		p.i++
		p.skipSpace()
		if err := each(key, pos); err != nil {
			return err
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.fail("after object key:value pair")
		}
	}
}

// array walks the array at p.i ('['), calling each with p.i at every
// element and the element's position; each must consume the element.
func (p *jsonParser) array(each func(pos kg.Pos) error) error {
	p.i++
	for first := true; ; first = false {
		pos := p.skipSpaceAt(p.line)
		if first && p.peek() == ']' {
			p.i++
			return nil
		}
		if err := each(pos); err != nil {
			return err
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return p.fail("after array element")
		}
	}
}

// collect reads the array of records under a top-level key. A record with
// problems is left out, so that validation reports only whole records.
func collect[T any](p *jsonParser, key string, fields *jsonFields[T], out *[]T, init func(*T), place func(*T, kg.Pos)) error {
	var order []int
	if p.peek() != '[' {
		if kindOf(p.peek()) == "" {
			return p.fail("looking for beginning of value")
		}
		p.problems.add(p.at(p.i), "", "expected %q to be an array", key)
		return errJSONSyntax
	}
	var chunks chunked[T]
	err := p.array(func(pos kg.Pos) error {
		if p.peek() != '{' {
			if kindOf(p.peek()) != "" {
				p.problems.add(pos, "", "expected a record object")
			}
			return p.skipValue(0)
		}
		rec := chunks.next()
		if init != nil {
			init(rec)
		}
		place(rec, pos)
		ok, err := record(p, pos, fields, &order, rec)
		if !ok {
			chunks.drop()
		}
		return err
	})
	*out = chunks.appendTo(*out)
	return err
}

// record decodes one record object into rec, reporting unknown keys, keys
// given twice and values of the wrong type at the record's position.
//
// Records of a file tend to give their keys in one order: order holds the
// fields of the previous record's keys, and a key that matches its place
// there needs no map lookup.
func record[T any](p *jsonParser, pos kg.Pos, fields *jsonFields[T], order *[]int, rec *T) (ok bool, err error) {
	if cap(p.seen) < len(fields.list) {
		p.seen = make([]bool, len(fields.list))
	}
	seen := p.seen[:len(fields.list)]
	clear(seen)
	n := len(p.problems)
	var cleared kg.FieldSet
	k := 0 // place of the key in the record
	err = p.object(func(key []byte, _ kg.Pos) error {
		i, known := -1, false
		if k < len(*order) && (*order)[k] >= 0 && string(key) == fields.list[(*order)[k]].name {
			i, known = (*order)[k], true
		} else {
			i, known = fields.index[string(key)]
			if !known {
				i = -1
			}
			if k < len(*order) {
				(*order)[k] = i
			} else {
				*order = append(*order, i)
			}
		}
		k++
		switch {
		case !known:
			p.problems.add(pos, fieldName(string(key)), "unknown field%s", unknownHint(string(key), fields.names))
			return p.skipValue(0)
		case seen[i]:
			p.problems.add(pos, fieldName(string(key)), "given twice")
			return p.skipValue(0)
		}
		seen[i] = true
		f := fields.list[i]
		v, got, err := p.value(f.want, f.intern)
		if err != nil {
			return err
		}
		switch {
		case got == jsonNull && f.field != 0: // removes the stored value; the record's stays empty
			cleared |= f.field
			return nil
		case got != f.want:
			p.problems.add(pos, f.name, "wrong type: got %s, want %s", got, f.want)
			return nil
		case got == jsonStrings && len(v.list) == 0: // sets an empty list
			cleared |= f.field
		}
		if err := f.set(rec, v); err != nil {
			p.problems.add(pos, f.name, "%v", err)
		}
		return nil
	})
	fields.omit(rec, cleared)
	return err == nil && len(p.problems) == n, err
}

// value reads the value at p.i. When it is of the kind wanted it is decoded;
// any other value is checked and skipped. got is the kind it was, or for an
// array that is not all strings, jsonArray.
func (p *jsonParser) value(want jsonKind, intern bool) (v jsonValue, got jsonKind, err error) {
	str := func() (string, error) {
		b, err := p.stringBytes()
		if intern {
			return p.intern(b), err
		}
		return string(b), err
	}
	got = kindOf(p.peek())
	switch {
	case got == jsonString && want == jsonString:
		v.str, err = str()
	case got == jsonNumber && want == jsonNumber:
		v.str, err = p.number()
	case got == jsonArray && want == jsonStrings:
		got = jsonStrings
		err = p.array(func(kg.Pos) error {
			if p.peek() != '"' {
				got = jsonArray
				return p.skipValue(1)
			}
			s, err := str()
			v.list = append(v.list, s)
			return err
		})
	default:
		err = p.skipValue(0)
	}
	return v, got, err
}

// skipValue checks and skips the value at p.i.
func (p *jsonParser) skipValue(depth int) error {
	if depth > maxJSONDepth {
		p.problems.add(p.at(p.i), "", "malformed JSON: exceeded max depth")
		return errJSONSyntax
	}
	switch kindOf(p.peek()) {
	case jsonString:
		_, err := p.stringBytes()
		return err
	case jsonNumber:
		_, err := p.number()
		return err
	case jsonObject:
		return p.object(func([]byte, kg.Pos) error { return p.skipValue(depth + 1) })
	case jsonArray:
		return p.array(func(kg.Pos) error { return p.skipValue(depth + 1) })
	case jsonBool, jsonNull:
		return p.literal()
	}
	return p.fail("looking for beginning of value")
}

// literal reads true, false or null.
func (p *jsonParser) literal() error {
	var word string
	switch p.data[p.i] {
	case 't':
		word = "true"
	case 'f':
		word = "false"
	default:
		word = "null"
	}
	for j := 0; j < len(word); j++ {
		if p.peek() != word[j] {
			return p.fail("in literal " + word)
		}
		p.i++
	}
	return nil
}

// number reads a number and returns its text.
func (p *jsonParser) number() (string, error) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	switch c := p.peek(); {
	case c == '0':
		p.i++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return "", p.fail("in numeric literal")
	}
	if p.peek() == '.' {
		p.i++
		if !isDigit(p.peek()) {
			return "", p.fail("after decimal point in numeric literal")
		}
		p.digits()
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if !isDigit(p.peek()) {
			return "", p.fail("in exponent of numeric literal")
		}
		p.digits()
	}
	return string(p.data[start:p.i]), nil
}

func (p *jsonParser) digits() {
	for isDigit(p.peek()) {
		p.i++
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (p *jsonParser) string() (string, error) {
	b, err := p.stringBytes()
	return string(b), err
}

// stringBytes reads a string and returns its unescaped bytes, which alias
// the input or the parser's scratch buffer until the next call. Bytes that
// are not UTF-8 are kept as they are, and an escaped lone surrogate becomes
// the bytes of its code point, so that validation reports both as invalid
// UTF-8 (encoding/json would quietly turn them into U+FFFD).
func (p *jsonParser) stringBytes() ([]byte, error) {
	p.i++ // "
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			return p.data[start : p.i-1], nil
		case c == '\\':
			p.buf = append(p.buf[:0], p.data[start:p.i]...)
			return p.escaped()
		case c < 0x20:
			return nil, p.fail("in string literal")
		}
		p.i++
	}
	return nil, p.fail("in string literal")
}

// escaped finishes a string that holds escapes, from p.i.
func (p *jsonParser) escaped() ([]byte, error) {
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			return p.buf, nil
		case c < 0x20:
			return nil, p.fail("in string literal")
		case c != '\\':
			p.buf = append(p.buf, c)
			p.i++
			continue
		}
		p.i++ // \
		switch e := p.peek(); e {
		case '"', '\\', '/':
			p.buf = append(p.buf, e)
		case 'b':
			p.buf = append(p.buf, '\b')
		case 'f':
			p.buf = append(p.buf, '\f')
		case 'n':
			p.buf = append(p.buf, '\n')
		case 'r':
			p.buf = append(p.buf, '\r')
		case 't':
			p.buf = append(p.buf, '\t')
		case 'u':
			r, err := p.hex4()
			if err != nil {
				return nil, err
			}
			if 0xD800 <= r && r < 0xDC00 && p.i+6 <= len(p.data) && p.data[p.i] == '\\' && p.data[p.i+1] == 'u' {
				save := p.i
				p.i++
				lo, err := p.hex4()
				if err != nil {
					return nil, err
				}
				if 0xDC00 <= lo && lo < 0xE000 {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				} else {
					p.i = save // a lone high surrogate; the next escape stands alone
				}
			}
			p.buf = appendCodePoint(p.buf, r)
			continue
		default:
			return nil, p.fail("in string escape code")
		}
		p.i++
	}
	return nil, p.fail("in string literal")
}

// hex4 reads the four hex digits after \u, with p.i at the u.
func (p *jsonParser) hex4() (rune, error) {
	p.i++ // u
	var r rune
	for range 4 {
		c := p.peek()
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.fail("in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(d)
		p.i++
	}
	return r, nil
}

// appendCodePoint appends r in UTF-8, writing a surrogate as its three
// bytes (which are not valid UTF-8) rather than as U+FFFD.
func appendCodePoint(b []byte, r rune) []byte {
	if 0xD800 <= r && r < 0xE000 {
		return append(b, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}
