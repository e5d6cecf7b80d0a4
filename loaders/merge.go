package loaders

import (
	"slices"

	"github.com/chokepoint/chokepoint/kg"
)

// A load merges a record into what is stored: the fields the record gives
// replace the stored ones, the fields it omits (kg.Entity.Omitted,
// kg.Edge.Omitted) keep their stored values, and the sources it gives are
// added to the stored ones, because a record citing one more source must
// not drop the citations it does not repeat. Options.Replace writes whole
// records instead, as if nothing were omitted.

// The bits of the omittable fields, looked up once.
var (
	omitName        = kg.FieldOf("name")
	omitAliases     = kg.FieldOf("aliases")
	omitDescription = kg.FieldOf("description")
	omitSources     = kg.FieldOf("sources")
	omitSince       = kg.FieldOf(facetSince)
	omitUntil       = kg.FieldOf(facetUntil)
	omitRole        = kg.FieldOf(facetRole)
	omitShare       = kg.FieldOf(facetShare)
	omitQuantity    = kg.FieldOf(facetQuantity)
	omitUnit        = kg.FieldOf(facetUnit)
	omitConfidence  = kg.FieldOf(facetConfidence)
	omitSupplier    = kg.FieldOf(facetSupplier)
	omitBasis       = kg.FieldOf(facetBasis)
	omitNote        = kg.FieldOf(facetNote)
	omitAttrs       = func() map[kg.Attr]kg.FieldSet {
		m := map[kg.Attr]kg.FieldSet{}
		for _, a := range kg.Attrs {
			m[a.Name] = kg.FieldOf(string(a.Name))
		}
		return m
	}()
)

// entityEmpties is the set of the fields an entity record leaves empty.
func entityEmpties(e kg.Entity) kg.FieldSet {
	var s kg.FieldSet
	if e.Name == "" {
		s |= omitName
	}
	if len(e.Aliases) == 0 {
		s |= omitAliases
	}
	if e.Description == "" {
		s |= omitDescription
	}
	if len(e.Sources) == 0 {
		s |= omitSources
	}
	for _, a := range kg.Attrs {
		if e.Attrs[a.Name] == "" {
			s |= omitAttrs[a.Name]
		}
	}
	return s
}

// edgeEmpties is the set of the properties, other than sources (which
// every edge record gives), that an edge record leaves empty.
func edgeEmpties(e kg.Edge) kg.FieldSet {
	var s kg.FieldSet
	for _, p := range []struct {
		field kg.FieldSet
		empty bool
	}{
		{omitSince, e.Since == ""}, {omitUntil, e.Until == ""}, {omitRole, e.Role == ""},
		{omitShare, e.Share == nil}, {omitQuantity, e.Quantity == nil}, {omitUnit, e.Unit == ""},
		{omitConfidence, e.Confidence == ""}, {omitSupplier, e.Supplier == ""}, {omitNote, e.Note == ""},
		{omitBasis, e.Basis == ""},
	} {
		if p.empty {
			s |= p.field
		}
	}
	return s
}

// omitEmpty marks every empty field of every record as omitted: in CSV and
// N-Quads an empty cell or a missing triple cannot say "remove", so it
// says "keep".
func omitEmpty(g *kg.Graph) {
	for i := range g.Entities {
		g.Entities[i].Omitted = entityEmpties(g.Entities[i])
	}
	for i := range g.Edges {
		g.Edges[i].Omitted = edgeEmpties(g.Edges[i])
	}
}

// mergeEntity fills the fields e omits with their stored values.
func mergeEntity(e kg.Entity, have stored) kg.Entity {
	keep := func(f kg.FieldSet) bool { return e.Omitted&f != 0 }
	if keep(omitName) {
		e.Name = have.values["name"]
	}
	if keep(omitDescription) {
		e.Description = have.values["description"]
	}
	if keep(omitAliases) {
		e.Aliases = have.lists["aliases"]
	}
	if keep(omitSources) || len(e.Sources) > 0 { // given empty (null, []) clears them
		e.Sources = sortedSet(append(slices.Clone(have.lists["sources"]), e.Sources...))
	}
	attrs := make(map[kg.Attr]string, len(e.Attrs))
	for _, a := range kg.Attrs {
		v := e.Attrs[a.Name]
		if keep(omitAttrs[a.Name]) {
			v = have.values[string(a.Name)]
		}
		if v != "" {
			attrs[a.Name] = v
		}
	}
	e.Attrs = attrs
	return e
}

// mergeEdge fills the properties e omits with those of the stored edge
// have, and adds have's sources after e's own, in e's order, so that a
// record that repeats every stored source leaves them as they are.
func mergeEdge(e, have kg.Edge) kg.Edge {
	keep := func(f kg.FieldSet) bool { return e.Omitted&f != 0 }
	for _, p := range []struct {
		field     kg.FieldSet
		dst, from *string
	}{
		{omitSince, &e.Since, &have.Since}, {omitUntil, &e.Until, &have.Until}, {omitRole, &e.Role, &have.Role},
		{omitUnit, &e.Unit, &have.Unit}, {omitConfidence, &e.Confidence, &have.Confidence},
		{omitSupplier, &e.Supplier, &have.Supplier}, {omitNote, &e.Note, &have.Note}, {omitBasis, &e.Basis, &have.Basis},
	} {
		if keep(p.field) {
			*p.dst = *p.from
		}
	}
	if keep(omitShare) {
		e.Share = have.Share
	}
	if keep(omitQuantity) {
		e.Quantity = have.Quantity
	}
	for _, src := range have.Sources {
		if !slices.Contains(e.Sources, src) {
			// Copied before the first append: e.Sources is the record's.
			e.Sources = append(slices.Clip(e.Sources), src)
		}
	}
	return e
}
