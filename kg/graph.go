package kg

import "time"

// DateLayout is the only date form Chokepoint reads and writes (ISO 8601 calendar date).
const DateLayout = "2006-01-02"

// ParseDate parses a calendar date such as 2025-11-20.
func ParseDate(s string) (time.Time, error) { return time.Parse(DateLayout, s) }

// Entity is one node as a loader read it.
type Entity struct {
	ID          string
	Kind        Kind
	Name        string
	Aliases     []string
	Description string
	// Sources are ids of Source entities that support the entity's attributes.
	Sources []string
	// Attrs holds the typed attributes in text form (dates as YYYY-MM-DD).
	Attrs map[Attr]string
	// Omitted lists the fields the record does not give: a load keeps
	// their stored values (unless it replaces whole records). Records
	// built in Go leave it empty, and so give every field.
	Omitted FieldSet
	Pos     Pos
}

// SearchNames are the texts that search matches an entity by: its name,
// its aliases, and its code (a control's official number, a company's
// ticker, a country's ISO code), which analysts type as often as names.
func (e *Entity) SearchNames() []string {
	out := make([]string, 0, 2+len(e.Aliases))
	out = append(out, e.Name)
	out = append(out, e.Aliases...)
	if code := e.Attrs[AttrCode]; code != "" {
		out = append(out, code)
	}
	return out
}

// Edge is one relation as a loader read it, with its properties (Dgraph facets).
type Edge struct {
	From, Type, To string
	// Sources are ids of Source entities; every edge has at least one.
	Sources    []string
	Since      string // first day the relation holds (YYYY-MM-DD)
	Until      string // last day the relation holds (YYYY-MM-DD)
	Role       string
	Share      *float64 // fraction in [0, 1]
	Quantity   *float64
	Unit       string
	Confidence string // "", "high", "medium" or "low"
	// Basis is "" for a fact its sources report, or one of Bases when
	// they announce or forecast it ahead of its since date.
	Basis    string
	Supplier string // id of the supplier a dependency is on
	Note     string
	// Omitted lists the properties the record does not give, as for
	// Entity.Omitted.
	Omitted FieldSet
	Pos     Pos
}

// Prop is one named text property of an edge.
type Prop struct{ Name, Value string }

// TextProps are an edge's text properties after its numbers, in the order
// every format writes them: unit, confidence, basis, supplier, note.
func (e *Edge) TextProps() [5]Prop {
	return [5]Prop{{"unit", e.Unit}, {"confidence", e.Confidence}, {"basis", e.Basis}, {"supplier", e.Supplier}, {"note", e.Note}}
}

// Key identifies an edge: Dgraph keeps one edge per (from, type, to).
func (e Edge) Key() EdgeKey { return EdgeKey{e.From, e.Type, e.To} }

// EdgeKey identifies an edge.
type EdgeKey struct{ From, Type, To string }

// Graph is what a loader hands to the pipeline.
type Graph struct {
	Entities []Entity
	Edges    []Edge
	// Evidence is what a review file says of where its records were read
	// (chokepoint extract): loads check it and store nothing of it.
	Evidence []Evidence
}

// Append adds another graph's records to g.
func (g *Graph) Append(o Graph) {
	g.Entities = append(g.Entities, o.Entities...)
	g.Edges = append(g.Edges, o.Edges...)
	g.Evidence = append(g.Evidence, o.Evidence...)
}

// Evidence says where a candidate record of a review file was read: a
// passage of a source, its place, and how sure the reading is. It
// describes a record; it is not one, and the graph does not keep it (the
// records carry their own evidence in their notes and descriptions).
type Evidence struct {
	// Record is what the passage supports: an entity's id, or an edge as
	// "from type to".
	Record string
	// Category is what was read: one of EvidenceCategories.
	Category string
	// Status is how the record stands to the graph: one of
	// EvidenceStatuses.
	Status string
	// Source is the id of the Source the passage is in.
	Source string
	// Text is the passage, a sentence.
	Text string
	// Start and End are the passage's place in the source's text, in
	// characters from 0, End excluded.
	Start, End int
	// Mention is the words of the passage that name the candidate.
	Mention string
	// Confidence is how sure the reading is, from 0 to 1.
	Confidence float64
	Pos        Pos
}

// EvidenceCategories are what a piece of evidence is about: a mention of
// an entity, a role, a statement, an event, a reference to a control, a
// figure.
var EvidenceCategories = []string{"entity", "role", "statement", "event", "control", "figure"}

// EvidenceStatuses say how a record stands to the graph: new (the file
// holds it and the graph does not), known (the graph holds it already; the
// file need not), incomplete (the text lacks what a record needs, such as
// the day of an event: there is no record, only the evidence).
var EvidenceStatuses = []string{"new", "known", "incomplete"}

// Edges without a stated start or end are stored with these bounds, so that
// "valid on date D" is one facet filter (since <= D <= until) in DQL; the API
// shows them as null.
const (
	OpenSince = "1000-01-01"
	OpenUntil = "9999-12-31"
)
