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

// Key identifies an edge: Dgraph keeps one edge per (from, type, to).
func (e Edge) Key() EdgeKey { return EdgeKey{e.From, e.Type, e.To} }

// EdgeKey identifies an edge.
type EdgeKey struct{ From, Type, To string }

// Graph is what a loader hands to the pipeline.
type Graph struct {
	Entities []Entity
	Edges    []Edge
}

// Append adds another graph's records to g.
func (g *Graph) Append(o Graph) {
	g.Entities = append(g.Entities, o.Entities...)
	g.Edges = append(g.Edges, o.Edges...)
}

// Edges without a stated start or end are stored with these bounds, so that
// "valid on date D" is one facet filter (since <= D <= until) in DQL; the API
// shows them as null.
const (
	OpenSince = "1000-01-01"
	OpenUntil = "9999-12-31"
)
