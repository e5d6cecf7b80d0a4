package store

import (
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// SourceSep joins source ids in an edge's sources facet: Dgraph facets are
// scalars.
const SourceSep = "|"

// EdgeFacets reads an edge's properties from the facets Dgraph returns on
// the far node of a walk: keys "alias|facet". Open validity bounds come
// back as "".
func EdgeFacets(item map[string]any, alias string) kg.Edge {
	str := func(name string) string {
		s, _ := item[alias+"|"+name].(string)
		return s
	}
	num := func(name string) *float64 {
		if f, ok := item[alias+"|"+name].(float64); ok {
			return &f
		}
		return nil
	}
	e := kg.Edge{
		Since: openBound(str("since")), Until: openBound(str("until")),
		Role: str("role"), Share: num("share"), Quantity: num("quantity"), Unit: str("unit"),
		Confidence: str("confidence"), Supplier: str("supplier"), Note: str("note"),
	}
	if s := str("sources"); s != "" {
		e.Sources = strings.Split(s, SourceSep)
	}
	return e
}

// openBound maps a stored facet datetime to YYYY-MM-DD, and the stored open
// bounds to "".
func openBound(s string) string {
	if len(s) >= 10 {
		s = s[:10]
	}
	if s == kg.OpenSince || s == kg.OpenUntil {
		return ""
	}
	return s
}
