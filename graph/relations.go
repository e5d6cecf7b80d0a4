package graph

import (
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// relationFields maps each typed relation field ("GraphQLType.field") to the
// edge it walks. The generic `relations` field is planned from its
// arguments instead.
var relationFields = map[string]dql.Step{
	"Official.roles":      {Type: "holds_role"},
	"Official.events":     {Type: "participant", Reverse: true},
	"Official.statements": {Type: "said_by", Reverse: true},

	"Institution.officials":      {Type: "holds_role", Reverse: true},
	"Institution.controlsIssued": {Type: "issued_by", Reverse: true},
	"Institution.parents":        {Type: "part_of"},
	"Institution.parts":          {Type: "part_of", Reverse: true},
	"Institution.produces":       {Type: "produces"},
	"Institution.targetedBy":     {Type: "applies_to", Reverse: true},

	"Country.institutions": {Type: "part_of", Reverse: true},
	"Country.produces":     {Type: "produces"},
	"Country.reserves":     {Type: "holds_reserves"},
	"Country.dependsOn":    {Type: "depends_on"},
	"Country.importsFrom":  {Type: "imports_from"},
	"Country.exportsTo":    {Type: "exports_to"},
	"Country.memberOf":     {Type: "member_of"},
	"Country.members":      {Type: "member_of", Reverse: true},
	"Country.targetedBy":   {Type: "applies_to", Reverse: true},

	"Material.groups":    {Type: "in_group"},
	"Material.controls":  {Type: "restricts", Reverse: true},
	"Material.neededBy":  {Type: "needs", Reverse: true},
	"Material.producers": {Type: "produces", Reverse: true},

	"Group.members":   {Type: "in_group", Reverse: true},
	"Group.groups":    {Type: "in_group"},
	"Group.controls":  {Type: "restricts", Reverse: true},
	"Group.neededBy":  {Type: "needs", Reverse: true},
	"Group.producers": {Type: "produces", Reverse: true},

	"Control.issuers":     {Type: "issued_by"},
	"Control.restricts":   {Type: "restricts"},
	"Control.appliesTo":   {Type: "applies_to"},
	"Control.suspends":    {Type: "suspends"},
	"Control.suspendedBy": {Type: "suspends", Reverse: true},

	"Product.needs":        {Type: "needs"},
	"Product.neededBy":     {Type: "needs", Reverse: true},
	"Product.restrictedBy": {Type: "restricts", Reverse: true},
	"Product.producers":    {Type: "produces", Reverse: true},
	"Product.groups":       {Type: "in_group"},

	"Event.participants": {Type: "participant"},
	"Event.about":        {Type: "about"},
	"Event.statements":   {Type: "about", Reverse: true},

	"Statement.saidBy": {Type: "said_by"},
	"Statement.about":  {Type: "about"},

	"Country.located":   {Type: "located_in", Reverse: true},
	"Control.licensees": {Type: "licensed_under", Reverse: true},

	"Company.locatedIn":  {Type: "located_in"},
	"Company.facilities": {Type: "operates"},
	"Company.owners":     {Type: "owns", Reverse: true},
	"Company.holdings":   {Type: "owns"},
	"Company.produces":   {Type: "produces"},
	"Company.needs":      {Type: "needs"},
	"Company.supplies":   {Type: "supplies"},
	"Company.suppliers":  {Type: "supplies", Reverse: true},
	"Company.licences":   {Type: "licensed_under"},
	"Company.targetedBy": {Type: "applies_to", Reverse: true},

	"Facility.locatedIn": {Type: "located_in"},
	"Facility.operators": {Type: "operates", Reverse: true},
	"Facility.owners":    {Type: "owns", Reverse: true},
	"Facility.produces":  {Type: "produces"},
	"Facility.needs":     {Type: "needs"},
	"Facility.supplies":  {Type: "supplies"},
	"Facility.suppliers": {Type: "supplies", Reverse: true},
}

// scalarPredicates are the entity fields read straight from the node
// predicate of the same name: the core ones and every typed attribute.
var scalarPredicates = func() map[string]bool {
	out := map[string]bool{"name": true, "aliases": true, "description": true}
	for _, a := range kg.Attrs {
		out[string(a.Name)] = true
	}
	return out
}()

// entityTypes are the GraphQL object types that implement Entity.
var entityTypes = func() []string {
	out := make([]string, len(kg.Kinds))
	for i, k := range kg.Kinds {
		out[i] = string(k)
	}
	return out
}()
