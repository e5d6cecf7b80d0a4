package loaders

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// FieldChange is what a load does to one field of a record: it adds a value
// (Old empty), removes one (New empty) or changes it. A list field (aliases,
// sources) changes item by item, each item added or removed a change of its
// own, so that a long list does not hide which source went.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// Op is "+" for an added value, "-" for a removed one and "~" for a change.
func (c FieldChange) Op() string {
	switch {
	case c.Old == "":
		return "+"
	case c.New == "":
		return "-"
	}
	return "~"
}

// RecordDiff is what a load does to one entity (ID) or one edge (From, Type,
// To). Records left as they were have none.
type RecordDiff struct {
	ID      string        `json:"id,omitempty"`
	From    string        `json:"from,omitempty"`
	Type    string        `json:"type,omitempty"`
	To      string        `json:"to,omitempty"`
	Created bool          `json:"created,omitempty"`
	Changes []FieldChange `json:"changes"`
}

// Record names the record: an entity's id, or an edge as from -type-> to.
func (d RecordDiff) Record() string {
	if d.ID != "" {
		return d.ID
	}
	return fmt.Sprintf("%s -%s-> %s", d.From, d.Type, d.To)
}

// diffedScalars are the single-valued entity fields a diff shows: those a
// record gives. The sort key and folded names are derived from the name and
// aliases, so their changes show there.
var diffedScalars = append([]string{"name", "description"}, kg.AttrNames()...)

// entityChanges lists what writing want over have changes, field by field.
func entityChanges(have, want stored) []FieldChange {
	cs := scalarChanges(diffedScalars, have.values, want.values)
	for _, p := range []string{"aliases", "sources"} {
		cs = append(cs, listChanges(p, have.lists[p], want.lists[p])...)
	}
	return cs
}

// edgeScalarFacets are the facets other than sources, which change as a
// list.
var edgeScalarFacets = slices.DeleteFunc(slices.Clone(FacetNames), func(f string) bool { return f == facetSources })

// edgeChanges lists what writing the facets want over have changes. An
// open validity bound is stored as a sentinel date; the diff shows it as
// absent, as the record gives it.
func edgeChanges(have, want map[string]string) []FieldChange {
	h, w := givenFacets(have), givenFacets(want)
	cs := listChanges(facetSources, splitSources(h[facetSources]), splitSources(w[facetSources]))
	return append(cs, scalarChanges(edgeScalarFacets, h, w)...)
}

// givenFacets drops open validity bounds from canonical facets.
func givenFacets(f map[string]string) map[string]string {
	out := make(map[string]string, len(f))
	for k, v := range f {
		if k == facetSince && v == kg.OpenSince || k == facetUntil && v == kg.OpenUntil {
			continue
		}
		out[k] = v
	}
	return out
}

func splitSources(s string) []string {
	if s == "" {
		return nil
	}
	return sortedSet(strings.Split(s, dql.SourceSep))
}

// scalarChanges compares the fields, in their order, of two value maps.
func scalarChanges(fields []string, have, want map[string]string) []FieldChange {
	var cs []FieldChange
	for _, f := range fields {
		if h, w := have[f], want[f]; h != w {
			cs = append(cs, FieldChange{Field: f, Old: h, New: w})
		}
	}
	return cs
}

// listChanges compares two sorted sets: items removed, then items added.
func listChanges(field string, have, want []string) []FieldChange {
	var cs []FieldChange
	for _, h := range have {
		if _, found := slices.BinarySearch(want, h); !found {
			cs = append(cs, FieldChange{Field: field, Old: h})
		}
	}
	for _, w := range want {
		if _, found := slices.BinarySearch(have, w); !found {
			cs = append(cs, FieldChange{Field: field, New: w})
		}
	}
	return cs
}
