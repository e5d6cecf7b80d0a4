package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// JSON reads the native format: {"entities": [...], "edges": [...]}.
type JSON struct{}

// Name implements Format.
func (JSON) Name() string { return "json" }

// jsonEntity is an entity record as spelled in the native format.
type jsonEntity struct {
	ID           string   `json:"id"`
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Aliases      []string `json:"aliases"`
	Description  string   `json:"description"`
	Sources      []string `json:"sources"`
	Symbol       string   `json:"symbol"`
	AtomicNumber *int     `json:"atomicNumber"`
	Code         string   `json:"code"`
	Category     string   `json:"category"`
	URL          string   `json:"url"`
	Publisher    string   `json:"publisher"`
	Text         string   `json:"text"`
	Issued       string   `json:"issued"`
	Effective    string   `json:"effective"`
	Until        string   `json:"until"`
	Occurred     string   `json:"occurred"`
	Ended        string   `json:"ended"`
	Published    string   `json:"published"`
	Retrieved    string   `json:"retrieved"`
}

// jsonEdge is an edge record as spelled in the native format.
type jsonEdge struct {
	From       string   `json:"from"`
	Type       string   `json:"type"`
	To         string   `json:"to"`
	Sources    []string `json:"sources"`
	Since      string   `json:"since"`
	Until      string   `json:"until"`
	Role       string   `json:"role"`
	Share      *float64 `json:"share"`
	Quantity   *float64 `json:"quantity"`
	Unit       string   `json:"unit"`
	Confidence string   `json:"confidence"`
	Supplier   string   `json:"supplier"`
	Note       string   `json:"note"`
}

func (r jsonEntity) entity(pos kg.Pos) kg.Entity {
	attrs := map[kg.Attr]string{}
	set := func(a kg.Attr, v string) {
		if v != "" {
			attrs[a] = v
		}
	}
	set(kg.AttrSymbol, r.Symbol)
	if r.AtomicNumber != nil {
		attrs[kg.AttrAtomicNumber] = strconv.Itoa(*r.AtomicNumber)
	}
	set(kg.AttrCode, r.Code)
	set(kg.AttrCategory, r.Category)
	set(kg.AttrURL, r.URL)
	set(kg.AttrPublisher, r.Publisher)
	set(kg.AttrText, r.Text)
	set(kg.AttrIssued, r.Issued)
	set(kg.AttrEffective, r.Effective)
	set(kg.AttrUntil, r.Until)
	set(kg.AttrOccurred, r.Occurred)
	set(kg.AttrEnded, r.Ended)
	set(kg.AttrPublished, r.Published)
	set(kg.AttrRetrieved, r.Retrieved)
	return kg.Entity{
		ID: r.ID, Kind: normalKind(r.Kind), Name: r.Name, Aliases: r.Aliases,
		Description: r.Description, Sources: r.Sources, Attrs: attrs, Pos: pos,
	}
}

func (r jsonEdge) edge(pos kg.Pos) kg.Edge {
	return kg.Edge{
		From: r.From, Type: r.Type, To: r.To, Sources: r.Sources, Since: r.Since, Until: r.Until,
		Role: r.Role, Share: r.Share, Quantity: r.Quantity, Unit: r.Unit, Confidence: r.Confidence,
		Supplier: r.Supplier, Note: r.Note, Pos: pos,
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

// Parse implements Format. It reads the whole file, then walks it token by
// token so that each record's problems carry the record's line.
func (JSON) Parse(name string, r io.Reader) (kg.Graph, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return kg.Graph{}, fmt.Errorf("read %s: %w", name, err)
	}
	p := jsonParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	g := p.parse()
	return g, p.problems.Err()
}

type jsonParser struct {
	name     string
	data     []byte
	dec      *json.Decoder
	problems Problems
}

// lineAt returns the line of the first non-space byte at or after offset.
func (p *jsonParser) lineAt(offset int64) int {
	i := int(offset)
	for i < len(p.data) && strings.ContainsRune(" \t\r\n,:", rune(p.data[i])) {
		i++
	}
	return bytes.Count(p.data[:min(i, len(p.data))], []byte("\n")) + 1
}

func (p *jsonParser) pos() kg.Pos { return kg.Pos{File: p.name, Line: p.lineAt(p.dec.InputOffset())} }

// syntax records a fatal syntax error at the decoder's position.
func (p *jsonParser) syntax(err error) {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		p.problems.add(kg.Pos{File: p.name, Line: p.lineAt(se.Offset - 1)}, "", "malformed JSON: %s", se.Error())
		return
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		p.problems.add(kg.Pos{File: p.name, Line: p.lineAt(int64(len(p.data)))}, "", "malformed JSON: unexpected end of file")
		return
	}
	p.problems.add(p.pos(), "", "malformed JSON: %s", err.Error())
}

func (p *jsonParser) expectDelim(want json.Delim, what string) bool {
	pos := p.pos()
	tok, err := p.dec.Token()
	if err != nil {
		p.syntax(err)
		return false
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		p.problems.add(pos, "", "expected %s", what)
		return false
	}
	return true
}

func (p *jsonParser) parse() kg.Graph {
	var g kg.Graph
	if !p.expectDelim('{', `an object {"entities": [...], "edges": [...]}`) {
		return g
	}
	for p.dec.More() {
		pos := p.pos()
		tok, err := p.dec.Token()
		if err != nil {
			p.syntax(err)
			return g
		}
		key, _ := tok.(string)
		switch key {
		case "entities":
			if !collect(p, key, &g.Entities, jsonEntity.entity) {
				return g
			}
		case "edges":
			if !collect(p, key, &g.Edges, jsonEdge.edge) {
				return g
			}
		default:
			p.problems.add(pos, key, `unknown top-level field (want "entities" or "edges")`)
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				p.syntax(err)
				return g
			}
		}
	}
	if p.expectDelim('}', "end of object") {
		if _, err := p.dec.Token(); err != io.EOF {
			p.problems.add(p.pos(), "", "unexpected data after the top-level object")
		}
	}
	return g
}

// collect decodes every record of one array strictly as R and appends what
// convert makes of it.
func collect[R, T any](p *jsonParser, field string, out *[]T, convert func(R, kg.Pos) T) bool {
	return p.records(field, func(raw json.RawMessage, pos kg.Pos) {
		var r R
		if p.strict(raw, &r, pos) {
			*out = append(*out, convert(r, pos))
		}
	})
}

// records walks one array, calling each with every element and its line.
func (p *jsonParser) records(field string, each func(json.RawMessage, kg.Pos)) bool {
	if !p.expectDelim('[', fmt.Sprintf("%q to be an array", field)) {
		return false
	}
	for p.dec.More() {
		pos := p.pos()
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			p.syntax(err)
			return false
		}
		each(raw, pos)
	}
	return p.expectDelim(']', "end of array")
}

// strict decodes one record, rejecting unknown fields and wrong types.
func (p *jsonParser) strict(raw json.RawMessage, v any, pos kg.Pos) bool {
	if len(raw) == 0 || raw[0] != '{' {
		p.problems.add(pos, "", "expected a record object")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return true
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		p.problems.add(pos, te.Field, "wrong type: got %s, want %s", te.Value, jsonTypeName(te.Type.String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		p.problems.add(pos, field, "unknown field")
	default:
		p.problems.add(pos, "", "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return false
}

func jsonTypeName(goType string) string {
	switch strings.TrimPrefix(goType, "*") {
	case "string":
		return "string"
	case "int", "float64":
		return "number"
	case "[]string":
		return "array of strings"
	}
	return goType
}
