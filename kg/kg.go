// Package kg holds Chokepoint's domain vocabulary: entity kinds, edge types,
// the in-memory graph that every loader produces, and the error codes shared
// by the store, the loaders and the API.
package kg

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kind is the type of an entity. Its string form is the Dgraph type name.
type Kind string

// The entity kinds.
const (
	Official    Kind = "Official"
	Institution Kind = "Institution"
	Country     Kind = "Country"
	Material    Kind = "Material"
	Group       Kind = "Group"
	Control     Kind = "Control"
	Product     Kind = "Product"
	Event       Kind = "Event"
	Statement   Kind = "Statement"
	Source      Kind = "Source"
	Company     Kind = "Company"
	Facility    Kind = "Facility"
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{Official, Institution, Country, Material, Group, Control, Product, Event, Statement, Source, Company, Facility}

// ParseKind accepts a kind in any letter case ("material", "MATERIAL").
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if strings.EqualFold(string(k), s) {
			return k, true
		}
	}
	return "", false
}

// IDPrefix is the prefix that ids of this kind carry, e.g. "material:".
func (k Kind) IDPrefix() string { return strings.ToLower(string(k)) + ":" }

// Attr names an optional typed attribute of an entity, as spelled in the
// native JSON format, as CSV column headers, as the Dgraph predicate and as
// the GraphQL field.
type Attr string

// AttrType is how an attribute's value is typed: its Dgraph scalar type.
type AttrType string

// The attribute types.
const (
	TextAttr AttrType = "string"
	IntAttr  AttrType = "int"
	DateAttr AttrType = "datetime" // a calendar date, YYYY-MM-DD
)

// AttrSpec declares one typed attribute. This table is the one place an
// attribute is declared: the DQL schema, the loaders' fields and columns,
// the stored-value comparison and the API's decoding all derive from it
// (plus the GraphQL field in schema.graphqls).
type AttrSpec struct {
	Name Attr
	Type AttrType
	// Index lists the Dgraph tokenizers of its index (dates: "day").
	Index []string
	Doc   string
}

// The typed attributes.
const (
	AttrSymbol       Attr = "symbol"
	AttrAtomicNumber Attr = "atomicNumber"
	AttrCode         Attr = "code"
	AttrCategory     Attr = "category"
	AttrURL          Attr = "url"
	AttrPublisher    Attr = "publisher"
	AttrLanguage     Attr = "language"
	AttrText         Attr = "text"
	AttrIssued       Attr = "issued"
	AttrEffective    Attr = "effective"
	AttrUntil        Attr = "until"
	AttrOccurred     Attr = "occurred"
	AttrEnded        Attr = "ended"
	AttrPublished    Attr = "published"
	AttrRetrieved    Attr = "retrieved"
	AttrStage        Attr = "stage"
	AttrStatus       Attr = "reportedStatus"
	AttrOpenedYear   Attr = "openedYear"
	AttrClosedYear   Attr = "closedYear"
	AttrCapacity     Attr = "capacity"
	AttrCapacityUnit Attr = "capacityUnit"
	AttrCapacityYear Attr = "capacityYear"
)

// Attrs declares every typed attribute, in a stable order.
var Attrs = []AttrSpec{
	{AttrSymbol, TextAttr, []string{"exact"}, "chemical symbol"},
	{AttrAtomicNumber, IntAttr, []string{"int"}, "atomic number"},
	{AttrCode, TextAttr, []string{"exact"}, "ISO code of a country, official number of a control"},
	{AttrCategory, TextAttr, []string{"exact"}, "free classification (product sector, institution type)"},
	{AttrURL, TextAttr, []string{"exact"}, "web address of a source or an official document"},
	{AttrPublisher, TextAttr, []string{"exact", "term"}, "who published a source"},
	{AttrLanguage, TextAttr, []string{"exact"}, "language a source is written in (ISO 639-1 code, e.g. zh)"},
	{AttrText, TextAttr, []string{"fulltext"}, "the words of a statement"},
	{AttrIssued, DateAttr, []string{"day"}, "date a control was issued"},
	{AttrEffective, DateAttr, []string{"day"}, "date a control takes effect"},
	{AttrUntil, DateAttr, []string{"day"}, "last day a control is in force"},
	{AttrOccurred, DateAttr, []string{"day"}, "date an event took place or a statement was made"},
	{AttrEnded, DateAttr, []string{"day"}, "last day of a multi-day event"},
	{AttrPublished, DateAttr, []string{"day"}, "date a source was published"},
	{AttrRetrieved, DateAttr, []string{"day"}, "date a source was read"},
	{AttrStage, TextAttr, []string{"exact"}, "supply-chain stage of a facility (one of Stages)"},
	{AttrStatus, TextAttr, []string{"exact"}, "a facility's status as its source states it (one of FacilityStatuses), for when no year says it"},
	{AttrOpenedYear, IntAttr, []string{"int"}, "year a facility began (or is planned to begin) operating"},
	{AttrClosedYear, IntAttr, []string{"int"}, "year a facility closed"},
	{AttrCapacity, IntAttr, []string{"int"}, "a facility's capacity per year, in capacityUnit"},
	{AttrCapacityUnit, TextAttr, nil, "unit of capacity, e.g. t REO per year"},
	{AttrCapacityYear, IntAttr, nil, "year the capacity figure is for"},
}

// LookupAttr finds an attribute by name, exactly as spelled.
func LookupAttr(name string) (AttrSpec, bool) {
	for _, a := range Attrs {
		if string(a.Name) == name {
			return a, true
		}
	}
	return AttrSpec{}, false
}

// AttrNames lists the attribute names in declaration order.
func AttrNames() []string {
	out := make([]string, len(Attrs))
	for i, a := range Attrs {
		out[i] = string(a.Name)
	}
	return out
}

// DateAttrs are the attributes that hold calendar dates (YYYY-MM-DD).
var DateAttrs = func() []Attr {
	var out []Attr
	for _, a := range Attrs {
		if a.Type == DateAttr {
			out = append(out, a.Name)
		}
	}
	return out
}()

// IsDate reports whether a holds a calendar date.
func (a Attr) IsDate() bool { return slices.Contains(DateAttrs, a) }

// KindAttrs says which attributes each kind may carry; the first ones listed
// in Required must be present.
var KindAttrs = map[Kind]struct{ Allowed, Required []Attr }{
	Official:    {},
	Institution: {Allowed: []Attr{AttrCode, AttrCategory, AttrURL}},
	Country:     {Allowed: []Attr{AttrCode, AttrCategory}},
	Material:    {Allowed: []Attr{AttrSymbol, AttrAtomicNumber, AttrCategory}},
	Group:       {Allowed: []Attr{AttrCategory, AttrURL}},
	Control: {
		Allowed:  []Attr{AttrCode, AttrCategory, AttrURL, AttrIssued, AttrEffective, AttrUntil},
		Required: []Attr{AttrIssued},
	},
	Product:   {Allowed: []Attr{AttrCategory}},
	Event:     {Allowed: []Attr{AttrCategory, AttrOccurred, AttrEnded}, Required: []Attr{AttrOccurred}},
	Statement: {Allowed: []Attr{AttrText, AttrOccurred}, Required: []Attr{AttrText}},
	Source:    {Allowed: []Attr{AttrURL, AttrPublisher, AttrLanguage, AttrPublished, AttrRetrieved}, Required: []Attr{AttrURL}},
	Company:   {Allowed: []Attr{AttrCode, AttrCategory, AttrURL}},
	Facility: {
		Allowed: []Attr{AttrStage, AttrStatus, AttrOpenedYear, AttrClosedYear, AttrCapacity, AttrCapacityUnit, AttrCapacityYear,
			AttrCategory, AttrURL},
		Required: []Attr{AttrStage},
	},
}

// Stages are the supply-chain stages of a facility, from the ground to
// the part: a mine, a separation or refining plant, a metal or alloy
// plant, a magnet plant, a component plant, and recycling.
var Stages = []string{"mining", "separation", "metal", "magnet", "component", "recycling"}

// FacilityStatuses are the states of a facility over time.
var FacilityStatuses = []string{"planned", "operating", "closed"}

// FacilityStatusIn is a facility's status in a year, from the years it
// opened and closed (as stored: "" when unknown) and the status its source
// reports: closed from the year it closed, operating from the year it
// opened, planned before; the reported status for the years no date
// covers, unless it says closed while the facility closes later. "" when
// nothing says. The API's status filter (graph's facilityStatusCond)
// encodes the same rule in DQL.
func FacilityStatusIn(opened, closed, reported string, year int) string {
	num := func(s string) (int, bool) { n, err := strconv.Atoi(s); return n, err == nil }
	c, hasClosed := num(closed)
	o, hasOpened := num(opened)
	switch {
	case hasClosed && c <= year:
		return "closed"
	case hasOpened && o <= year:
		return "operating"
	case hasOpened:
		return "planned"
	case reported == "closed" && hasClosed:
		return ""
	}
	return reported
}

// EdgeType describes one relation: which kinds it links and what it means.
type EdgeType struct {
	Name string
	From []Kind
	To   []Kind
	// Doc says what "from → to" means.
	Doc string
	// Requires lists facets every edge of this type must carry.
	Requires []string
	// Downstream says which way "what depends on it" runs along this edge:
	// Forward when the `to` end depends on the `from` end (a control → the
	// item it restricts), Reverse when the `from` end depends on the `to`
	// end (a product → the material it needs), NoFlow for edges that carry
	// no dependency (roles, statements).
	Downstream Flow
}

// Flow is the dependency direction of an edge type.
type Flow int

// The flows.
const (
	NoFlow Flow = iota
	Forward
	Reverse
)

var everyKind = []Kind{Official, Institution, Country, Material, Group, Control, Product, Event, Statement, Company, Facility}

// Firms are the kinds that make, buy and hold things: institutions (which
// include state bodies and firms filed before companies were a kind of
// their own), companies and facilities.
var firms = []Kind{Institution, Company, Facility}

// EdgeTypes is the closed set of relations. Each is stored as a Dgraph
// predicate of the same name with a reverse index.
var EdgeTypes = []EdgeType{
	{Name: "holds_role", From: []Kind{Official}, To: []Kind{Institution, Country},
		Doc: "an official holds a role at an institution (role, since, until)", Requires: []string{"role"}},
	{Name: "part_of", From: []Kind{Institution, Country}, To: []Kind{Institution, Country},
		Doc: "an institution is a body, subsidiary or territory of another", Downstream: Reverse},
	{Name: "member_of", From: []Kind{Country, Institution}, To: []Kind{Country, Institution, Group},
		Doc: "a country or institution is a member of a union, bloc or group"},
	{Name: "in_group", From: []Kind{Material, Product, Group}, To: []Kind{Group},
		Doc: "a material belongs to a classification or list, as the source defines it", Downstream: Forward},
	{Name: "issued_by", From: []Kind{Control}, To: []Kind{Institution},
		Doc: "a control was issued by an institution", Downstream: Reverse},
	{Name: "restricts", From: []Kind{Control}, To: []Kind{Material, Product, Group},
		Doc: "a control restricts exports or use of an item", Downstream: Forward},
	{Name: "suspends", From: []Kind{Control}, To: []Kind{Control},
		Doc: "a control suspends another over an interval (since, until)", Downstream: Forward},
	{Name: "applies_to", From: []Kind{Control}, To: []Kind{Country, Institution, Company, Product},
		Doc: "a control targets a country, institution, company or product", Downstream: Forward},
	{Name: "needs", From: []Kind{Product, Company, Facility}, To: []Kind{Material, Product, Group},
		Doc: "a product, company or facility needs a material or component as input (quantity, unit, share)", Downstream: Reverse},
	{Name: "produces", From: []Kind{Country, Institution, Company, Facility}, To: []Kind{Material, Product, Group},
		Doc: "a country, firm or facility produces an item (quantity, unit, share of world output, dates)", Downstream: Forward},
	{Name: "holds_reserves", From: []Kind{Country}, To: []Kind{Material, Group},
		Doc: "a country holds reserves of a material (quantity, unit)"},
	{Name: "depends_on", From: []Kind{Country, Institution}, To: []Kind{Material, Product, Group, Country},
		Doc: "a country or institution depends on an item or supplier (share, supplier)", Downstream: Reverse},
	{Name: "imports_from", From: []Kind{Country}, To: []Kind{Country},
		Doc: "a country imports goods from another (quantity, unit, share)", Downstream: Reverse},
	{Name: "exports_to", From: []Kind{Country}, To: []Kind{Country},
		Doc: "a country exports goods to another (quantity, unit, share)"},
	{Name: "participant", From: []Kind{Event}, To: []Kind{Official, Institution, Country, Company},
		Doc: "an official, institution, country or company took part in an event (role)"},
	{Name: "said_by", From: []Kind{Statement}, To: []Kind{Official, Institution, Country, Company},
		Doc: "who made a statement"},
	{Name: "about", From: []Kind{Event, Statement}, To: everyKind,
		Doc: "what an event or statement concerns (quantity and unit for stated figures)"},
	{Name: "operates", From: []Kind{Company}, To: []Kind{Facility},
		Doc: "a company operates a facility (since, until)", Downstream: Reverse},
	{Name: "located_in", From: []Kind{Company, Facility}, To: []Kind{Country},
		Doc: "a facility lies in a country; a company has its seat there"},
	{Name: "owns", From: []Kind{Company, Country, Institution}, To: []Kind{Company, Facility},
		Doc: "an owner holds a company or facility (share, since, until)", Downstream: Reverse},
	{Name: "supplies", From: firms, To: []Kind{Company, Facility, Institution, Country},
		Doc: "a firm or facility supplies another, or a country's market (quantity, unit, share, dates)", Downstream: Forward},
	{Name: "licensed_under", From: []Kind{Company, Institution}, To: []Kind{Control},
		Doc: "a firm was granted a licence under a control (since: the date granted)", Downstream: Reverse},
}

// LookupEdgeType finds an edge type by name.
func LookupEdgeType(name string) (EdgeType, bool) {
	for _, t := range EdgeTypes {
		if t.Name == name {
			return t, true
		}
	}
	return EdgeType{}, false
}

// EdgeTypeNames lists the edge type names in declaration order.
func EdgeTypeNames() []string {
	names := make([]string, len(EdgeTypes))
	for i, t := range EdgeTypes {
		names[i] = t.Name
	}
	return names
}

// Confidence levels for facts that sources report with doubt or disagree on.
// An edge without a confidence is an uncontested fact of its source.
var Confidences = []string{"high", "medium", "low"}

// Bases say why an edge's sources may all predate its since date: they
// announced it ahead ("announced": a rule that takes effect later, a
// suspension that runs on) or forecast it ("forecast": a planned plant's
// output).
var Bases = []string{"announced", "forecast"}

// Pos is where a record came from, for error messages.
type Pos struct {
	File string
	Line int
	// Col is the byte column, from 1, when the line alone does not place
	// the record (a line that holds several records, a syntax error); 0
	// otherwise.
	Col int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:col %d", p.File, p.Line, p.Col)
}
