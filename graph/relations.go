package graph

import (
	"github.com/chokepoint/chokepoint/kg"
)

// edgeSpec is one predicate walked in one direction: In walks the reverse
// edge (~pred), from the edge's `to` back to its `from`.
type edgeSpec struct {
	Type string
	In   bool
}

// predicate is the DQL spelling of the walk.
func (e edgeSpec) predicate() string {
	if e.In {
		return "~" + e.Type
	}
	return e.Type
}

// relationFields maps each typed relation field ("GraphQLType.field") to the
// edge it walks. The generic `relations` field is planned from its
// arguments instead.
var relationFields = map[string]edgeSpec{
	"Official.roles":      {"holds_role", false},
	"Official.events":     {"participant", true},
	"Official.statements": {"said_by", true},

	"Institution.officials":      {"holds_role", true},
	"Institution.controlsIssued": {"issued_by", true},
	"Institution.parents":        {"part_of", false},
	"Institution.parts":          {"part_of", true},
	"Institution.produces":       {"produces", false},
	"Institution.targetedBy":     {"applies_to", true},

	"Country.institutions": {"part_of", true},
	"Country.produces":     {"produces", false},
	"Country.reserves":     {"holds_reserves", false},
	"Country.dependsOn":    {"depends_on", false},
	"Country.importsFrom":  {"imports_from", false},
	"Country.exportsTo":    {"exports_to", false},
	"Country.memberOf":     {"member_of", false},
	"Country.members":      {"member_of", true},
	"Country.targetedBy":   {"applies_to", true},

	"Material.groups":    {"in_group", false},
	"Material.controls":  {"restricts", true},
	"Material.neededBy":  {"needs", true},
	"Material.producers": {"produces", true},

	"Group.members":   {"in_group", true},
	"Group.groups":    {"in_group", false},
	"Group.controls":  {"restricts", true},
	"Group.neededBy":  {"needs", true},
	"Group.producers": {"produces", true},

	"Control.issuers":     {"issued_by", false},
	"Control.restricts":   {"restricts", false},
	"Control.appliesTo":   {"applies_to", false},
	"Control.suspends":    {"suspends", false},
	"Control.suspendedBy": {"suspends", true},

	"Product.needs":        {"needs", false},
	"Product.neededBy":     {"needs", true},
	"Product.restrictedBy": {"restricts", true},
	"Product.producers":    {"produces", true},
	"Product.groups":       {"in_group", false},

	"Event.participants": {"participant", false},
	"Event.about":        {"about", false},
	"Event.statements":   {"about", true},

	"Statement.saidBy": {"said_by", false},
	"Statement.about":  {"about", false},
}

// allEdgeSpecs lists every edge type in both directions, for `relations`
// without a type filter.
func allEdgeSpecs(types []string, dir string) []edgeSpec {
	if len(types) == 0 {
		types = kg.EdgeTypeNames()
	}
	var out []edgeSpec
	for _, t := range types {
		if dir != "IN" {
			out = append(out, edgeSpec{t, false})
		}
		if dir != "OUT" {
			out = append(out, edgeSpec{t, true})
		}
	}
	return out
}

// scalarPredicates maps entity fields to the node predicates they read.
var scalarPredicates = map[string]string{
	"name": "name", "aliases": "aliases", "description": "description",
	"symbol": "symbol", "atomicNumber": "atomicNumber", "code": "code", "category": "category",
	"url": "url", "publisher": "publisher", "text": "text",
	"issued": "issued", "effective": "effective", "until": "until", "occurred": "occurred",
	"ended": "ended", "published": "published", "retrieved": "retrieved",
}

// entityTypes are the GraphQL object types that implement Entity.
var entityTypes = func() []string {
	out := make([]string, len(kg.Kinds))
	for i, k := range kg.Kinds {
		out[i] = string(k)
	}
	return out
}()
