package loaders

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// Limits on the length of values, in bytes of UTF-8. Dgraph puts each index
// token of a value in a Badger key, and Badger refuses a key of more than
// 65,000 bytes (the embedded engine panics after committing part of the
// input): an exact index takes the whole value, a term or fulltext index each
// word. The limits leave room below that and are checked before anything is
// written.
const (
	maxIDLen    = 256      // ids: xid has an exact index
	maxNameLen  = 1000     // names and aliases: exact indexes, also folded
	maxShortLen = 4096     // other single-line values: exact-indexed attributes, role, unit
	maxTextLen  = 32 << 10 // description, text, note: a fulltext token may be one long word
)

// textRule says what a string field may hold.
type textRule struct {
	max int
	// label: one line with no control character at all and no
	// bidirectional formatting character; otherwise tabs and line breaks
	// are allowed.
	label bool
}

var (
	nameRule  = textRule{max: maxNameLen, label: true}
	shortRule = textRule{max: maxShortLen, label: true}
	longRule  = textRule{max: maxTextLen}
)

// attrRule is the rule for a text attribute: fulltext-indexed ones are
// long text, the others labels.
func attrRule(a kg.AttrSpec) textRule {
	if slices.Contains(a.Index, "fulltext") {
		return longRule
	}
	return shortRule
}

// checkText reports the first thing wrong with s: its length, bytes that are
// not UTF-8 (which would be stored as U+FFFD, so that every reload found the
// record changed), control characters, and in labels bidirectional
// formatting characters, which make an id or a name read as something else.
func checkText(pos kg.Pos, field, s string, r textRule, ps *Problems) bool {
	if len(s) > r.max {
		ps.add(pos, field, "%d bytes long; at most %d allowed", len(s), r.max)
		return false
	}
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		var what string
		switch {
		case c == utf8.RuneError && size == 1:
			ps.add(pos, field, "invalid UTF-8 at byte %d", i+1)
			return false
		case c < 0x20 || 0x7f <= c && c < 0xa0:
			if r.label || c != '\t' && c != '\n' && c != '\r' {
				what = "control character"
			}
		case r.label && isBidiControl(c):
			what = "bidirectional formatting character"
		}
		if what != "" {
			ps.add(pos, field, "%s %U at byte %d", what, c, i+1)
			return false
		}
		i += size
	}
	return true
}

// isBidiControl reports the characters that change the direction of the
// text around them: marks, embeddings, overrides and isolates.
func isBidiControl(c rune) bool {
	return c == 0x061c || c == 0x200e || c == 0x200f || 0x202a <= c && c <= 0x202e || 0x2066 <= c && c <= 0x2069
}

// idProblem says what is wrong with an id, or "".
func idProblem(id string) string {
	if len(id) > maxIDLen {
		return fmt.Sprintf("id of %d bytes; at most %d allowed", len(id), maxIDLen)
	}
	prefix, slug, ok := strings.Cut(id, ":")
	valid := ok && prefix != "" && slug != "" && slug[0] != '.' && slug[0] != '_' && slug[0] != '-'
	for i := 0; valid && i < len(prefix); i++ {
		valid = isLower(prefix[i])
	}
	for i := 0; valid && i < len(slug); i++ {
		c := slug[i]
		valid = isLower(c) || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
	}
	if !valid {
		return fmt.Sprintf("invalid id %q (want kind:slug, e.g. material:dysprosium)", clip(id))
	}
	return ""
}

// Dates run from 1000-01-02 to 9998-12-31: the store keeps an open end of an
// edge's validity as kg.OpenSince (1000-01-01) or kg.OpenUntil (9999-12-31),
// so those days cannot be given.
const (
	minYear = 1000
	maxYear = 9998
)

// dateOrder lists the dates of an entity that may not come before another:
// a control ends on or after it is issued and after it takes effect, an
// event ends on or after it began. A control may take effect before it is
// issued (a rule applied from its signature and published days later): it
// is in force from its effective date.
var dateOrder = []struct{ first, then kg.Attr }{
	{kg.AttrIssued, kg.AttrUntil},
	{kg.AttrEffective, kg.AttrUntil},
	{kg.AttrOccurred, kg.AttrEnded},
	{kg.AttrOpenedYear, kg.AttrClosedYear}, // years of four digits, which compare as text too
}

// reference is a use of an id that the input itself does not define; the
// graph must already hold it, with one of the kinds allowed.
type reference struct {
	id    string
	kinds []kg.Kind
	pos   kg.Pos
	field string
	// missing, when set, lists the fields a partial record of the entity
	// id omits: the graph must hold the entity for the record to update,
	// else each is missing, as in a new record.
	missing []string
	kind    kg.Kind // the partial record's
}

// validated is an input that passed the checks that need no store: records
// are unique, and refs lists what must already be in the graph.
type validated struct {
	graph kg.Graph
	index map[string]int // every id the input defines → its record in graph
	refs  []reference
}

// kind is the kind of an id the input defines.
func (v *validated) kind(id string) (kg.Kind, bool) {
	i, ok := v.index[id]
	if !ok {
		return "", false
	}
	return v.graph.Entities[i].Kind, true
}

// validate checks a whole input. It drops exact repeats of a record and
// reports a repeat with different data. When whole is set (Options.Replace)
// a record omits nothing: a field it leaves out is empty, and a required
// one missing.
func validate(g kg.Graph, whole bool) (validated, Problems) {
	var ps Problems
	v := validated{
		index: make(map[string]int, len(g.Entities)),
		graph: kg.Graph{Entities: make([]kg.Entity, 0, len(g.Entities)), Edges: make([]kg.Edge, 0, len(g.Edges))},
	}
	for _, e := range g.Entities {
		if whole {
			e.Omitted = 0
		}
		if !checkEntity(e, &ps) {
			continue
		}
		if i, seen := v.index[e.ID]; seen {
			if prev := v.graph.Entities[i]; !sameEntity(prev, e) {
				ps.add(e.Pos, "id", "%s is defined again with different data (first at %s)", e.ID, prev.Pos)
			}
			continue
		}
		v.index[e.ID] = len(v.graph.Entities)
		v.graph.Entities = append(v.graph.Entities, e)
		if fields := requiredOmitted(e); len(fields) > 0 {
			v.refs = append(v.refs, reference{id: e.ID, kinds: []kg.Kind{e.Kind}, pos: e.Pos, field: "id", missing: fields, kind: e.Kind})
		}
	}
	for _, e := range v.graph.Entities {
		for _, src := range e.Sources {
			v.need(src, sourceKinds, e.Pos, "sources", &ps)
		}
	}
	seenEdge := make(map[kg.EdgeKey]int, len(g.Edges)) // triple → its record in v.graph
	for _, e := range g.Edges {
		if whole {
			e.Omitted = 0
		}
		t, ok := checkEdge(e, &ps)
		if !ok {
			continue
		}
		if i, seen := seenEdge[e.Key()]; seen {
			if prev := v.graph.Edges[i]; !sameEdge(prev, e) {
				ps.add(e.Pos, "", "edge %s -%s-> %s is given again with different data (first at %s); Dgraph keeps one edge per triple: merge them", e.From, e.Type, e.To, prev.Pos)
			}
			continue
		}
		seenEdge[e.Key()] = len(v.graph.Edges)
		v.need(e.From, t.From, e.Pos, "from", &ps)
		v.need(e.To, t.To, e.Pos, "to", &ps)
		for _, src := range e.Sources {
			v.need(src, sourceKinds, e.Pos, "sources", &ps)
		}
		if e.Supplier != "" {
			v.need(e.Supplier, supplierKinds, e.Pos, "supplier", &ps)
		}
		v.graph.Edges = append(v.graph.Edges, e)
	}
	return v, ps
}

// The kinds a source and a supplier may be.
var (
	sourceKinds   = []kg.Kind{kg.Source}
	supplierKinds = []kg.Kind{kg.Country, kg.Institution}
)

// need checks a reference against the input's own ids, or records it for
// the store to resolve.
func (v *validated) need(id string, kinds []kg.Kind, pos kg.Pos, field string, ps *Problems) {
	if msg := idProblem(id); msg != "" {
		ps.add(pos, field, "%s", msg)
		return
	}
	if k, ok := v.kind(id); ok {
		if !slices.Contains(kinds, k) {
			ps.add(pos, field, "%s is a %s; want %s", id, k, kindList(kinds))
		}
		return
	}
	v.refs = append(v.refs, reference{id: id, kinds: kinds, pos: pos, field: field})
}

func kindList(ks []kg.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, " or ")
}

func checkEntity(e kg.Entity, ps *Problems) bool {
	n := len(*ps)
	spec, known := kg.KindAttrs[e.Kind]
	switch {
	case e.Kind == "":
		ps.add(e.Pos, "kind", "missing")
	case !known:
		ps.add(e.Pos, "kind", "unknown kind %q (want %s)", clip(string(e.Kind)), kindList(kg.Kinds))
	}
	switch msg := idProblem(e.ID); {
	case e.ID == "":
		ps.add(e.Pos, "id", "missing")
	case msg != "":
		ps.add(e.Pos, "id", "%s", msg)
	case known && !hasKindPrefix(e.ID, e.Kind):
		ps.add(e.Pos, "id", "id %q of a %s must start with %q", e.ID, e.Kind, e.Kind.IDPrefix())
	}
	switch {
	case e.Name == "" && e.Omitted&omitName != 0: // kept as stored; requiredOmitted checks there is one
	case strings.TrimSpace(e.Name) == "":
		addMissing(ps, e.Pos, e.Kind, "name")
	default:
		checkText(e.Pos, "name", e.Name, nameRule, ps)
	}
	for _, a := range e.Aliases {
		if strings.TrimSpace(a) == "" {
			ps.add(e.Pos, "aliases", "empty alias")
		} else if !checkText(e.Pos, "aliases", a, nameRule, ps) {
			break
		}
	}
	checkText(e.Pos, "description", e.Description, longRule, ps)
	if known {
		for _, a := range kg.Attrs {
			if val, ok := e.Attrs[a.Name]; ok {
				if !slices.Contains(spec.Allowed, a.Name) {
					ps.add(e.Pos, string(a.Name), "not an attribute of a %s", e.Kind)
					continue
				}
				checkAttr(e.Pos, a, val, ps)
			}
		}
		if known := countKnown(e.Attrs); known < len(e.Attrs) { // built in Go with a name kg.Attrs lacks
			for _, a := range slices.Sorted(maps.Keys(e.Attrs)) {
				if _, ok := kg.LookupAttr(string(a)); !ok {
					ps.add(e.Pos, fieldName(string(a)), "not an attribute of a %s", e.Kind)
				}
			}
		}
		for _, a := range spec.Required {
			if e.Attrs[a] == "" && e.Omitted&omitAttrs[a] == 0 {
				addMissing(ps, e.Pos, e.Kind, string(a))
			}
		}
		if e.Kind != kg.Source && len(e.Sources) == 0 && e.Omitted&omitSources == 0 {
			addMissing(ps, e.Pos, e.Kind, "sources")
		}
		if len(*ps) == n {
			crossEntity(e, ps)
		}
	}
	return len(*ps) == n
}

// crossEntity checks the order of an entity's dates; a date the record
// omits is kept as stored, unknown here, and checked once merged
// (checkMerged).
func crossEntity(e kg.Entity, ps *Problems) {
	for _, o := range dateOrder {
		checkOrder(e.Pos, string(o.first), e.Attrs[o.first], string(o.then), e.Attrs[o.then], ps)
	}
	if e.Attrs[kg.AttrCapacity] != "" && e.Attrs[kg.AttrCapacityUnit] == "" && e.Omitted&omitAttrs[kg.AttrCapacityUnit] == 0 {
		ps.add(e.Pos, string(kg.AttrCapacityUnit), "missing: a capacity needs a unit")
	}
}

// addMissing reports a field a new entity of kind needs.
func addMissing(ps *Problems, pos kg.Pos, kind kg.Kind, field string) {
	switch field {
	case "name":
		ps.add(pos, field, "missing")
	case "sources":
		ps.add(pos, field, "missing: every %s needs at least one source", kind)
	default:
		ps.add(pos, field, "missing (required for a %s)", kind)
	}
}

// requiredOmitted lists the fields a new entity of e's kind needs that e
// omits: e may only update an entity the graph already holds.
func requiredOmitted(e kg.Entity) []string {
	var out []string
	if e.Omitted&omitName != 0 {
		out = append(out, "name")
	}
	for _, a := range kg.KindAttrs[e.Kind].Required {
		if e.Omitted&omitAttrs[a] != 0 {
			out = append(out, string(a))
		}
	}
	if e.Kind != kg.Source && e.Omitted&omitSources != 0 {
		out = append(out, "sources")
	}
	return out
}

// countKnown counts the attributes of attrs that kg.Attrs declares.
func countKnown(attrs map[kg.Attr]string) int {
	n := 0
	for _, a := range kg.Attrs {
		if _, ok := attrs[a.Name]; ok {
			n++
		}
	}
	return n
}

// hasKindPrefix reports whether a valid id (all lower case) starts with
// the prefix of kind k ("material:"), without building the prefix.
func hasKindPrefix(id string, k kg.Kind) bool {
	return len(id) > len(k) && id[len(k)] == ':' && strings.EqualFold(id[:len(k)], string(k))
}

func checkAttr(pos kg.Pos, a kg.AttrSpec, val string, ps *Problems) {
	field := string(a.Name)
	switch a.Type {
	case kg.DateAttr:
		checkDate(pos, field, val, ps)
		return
	case kg.IntAttr:
		if _, err := strconv.Atoi(val); err != nil {
			ps.add(pos, field, "want an integer, got %q", clip(val))
			return
		}
	case kg.TextAttr:
		if !checkText(pos, field, val, attrRule(a), ps) {
			return
		}
	}
	switch a.Name {
	case kg.AttrAtomicNumber:
		if n, _ := strconv.Atoi(val); n < 1 || n > 200 {
			ps.add(pos, field, "want an integer from 1 to 200, got %q", val)
		}
	case kg.AttrOpenedYear, kg.AttrClosedYear, kg.AttrCapacityYear:
		if !isYear(val) {
			ps.add(pos, field, "want a year from %d to %d, got %s", minYear, maxYear, val)
		}
	case kg.AttrCapacity:
		if n, _ := strconv.Atoi(val); n <= 0 {
			ps.add(pos, field, "want an amount above 0, got %s", val)
		}
	case kg.AttrStage:
		if !slices.Contains(kg.Stages, val) {
			ps.add(pos, field, "unknown stage %q (want %s)", clip(val), strings.Join(kg.Stages, ", "))
		}
	case kg.AttrStatus:
		if !slices.Contains(kg.FacilityStatuses, val) {
			ps.add(pos, field, "unknown status %q (want %s)", clip(val), strings.Join(kg.FacilityStatuses, ", "))
		}
	case kg.AttrURL:
		if !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "http://") {
			ps.add(pos, field, "want an http(s) address, got %q", clip(val))
		}
	case kg.AttrLanguage:
		if len(val) != 2 || !isLower(val[0]) || !isLower(val[1]) {
			ps.add(pos, field, "want an ISO 639-1 code of two lower-case letters (e.g. zh), got %q", clip(val))
		}
	}
}

// checkDate checks a calendar date: its form, and that its year lies from
// minYear to maxYear and it is not an open bound.
func checkDate(pos kg.Pos, field, val string, ps *Problems) bool {
	if val == "" {
		return true
	}
	d, err := kg.ParseDate(val)
	switch {
	case err != nil:
		ps.add(pos, field, "invalid date %q (want YYYY-MM-DD)", clip(val))
	case d.Year() < minYear || d.Year() > maxYear:
		ps.add(pos, field, "date %s out of range (want a year from %d to %d)", val, minYear, maxYear)
	case val == kg.OpenSince:
		ps.add(pos, field, "date %s is reserved: it stands for an open start; leave the date out", val)
	default:
		return true
	}
	return false
}

// checkOrder reports an end date before its start; ISO dates compare as
// text. Dates that are not valid are reported on their own.
func checkOrder(pos kg.Pos, fromField, from, toField, to string, ps *Problems) {
	if from == "" || to == "" || to >= from || len(from) != len(to) {
		return
	}
	if validDate(from) && validDate(to) || isYear(from) && isYear(to) {
		ps.add(pos, toField, "%s %s is before %s %s", toField, to, fromField, from)
	}
}

func validDate(s string) bool { _, err := kg.ParseDate(s); return err == nil }

// isYear reports a year in the range dates have.
func isYear(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && minYear <= n && n <= maxYear
}

func checkEdge(e kg.Edge, ps *Problems) (kg.EdgeType, bool) {
	n := len(*ps)
	t, ok := kg.LookupEdgeType(e.Type)
	switch {
	case e.Type == "":
		ps.add(e.Pos, "type", "missing")
	case !ok:
		ps.add(e.Pos, "type", "unknown edge type %q (want one of %s)", clip(e.Type), strings.Join(kg.EdgeTypeNames(), ", "))
	}
	for _, f := range []struct{ name, val string }{{"from", e.From}, {"to", e.To}} {
		switch msg := idProblem(f.val); {
		case f.val == "":
			ps.add(e.Pos, f.name, "missing")
		case msg != "":
			ps.add(e.Pos, f.name, "%s", msg)
		}
	}
	if e.From != "" && e.From == e.To && idProblem(e.From) == "" {
		ps.add(e.Pos, "to", "an edge may not link %s to itself", e.From)
	}
	if len(e.Sources) == 0 {
		ps.add(e.Pos, "sources", "missing: every edge needs at least one source")
	}
	checkDate(e.Pos, "since", e.Since, ps)
	checkDate(e.Pos, "until", e.Until, ps)
	if e.Share != nil && !(0 <= *e.Share && *e.Share <= 1) { // NaN fails both
		ps.add(e.Pos, "share", "want a fraction from 0 to 1, got %v", *e.Share)
	}
	if q := e.Quantity; q != nil {
		switch {
		case math.IsNaN(*q) || math.IsInf(*q, 0):
			ps.add(e.Pos, "quantity", "want a finite number, got %v", *q)
		case *q < 0:
			ps.add(e.Pos, "quantity", "want an amount of 0 or more, got %v", *q)
		}
	}
	checkText(e.Pos, "role", e.Role, shortRule, ps)
	checkText(e.Pos, "unit", e.Unit, shortRule, ps)
	checkText(e.Pos, "note", e.Note, longRule, ps)
	if e.Confidence != "" && !slices.Contains(kg.Confidences, e.Confidence) {
		ps.add(e.Pos, "confidence", "unknown confidence %q (want %s)", clip(e.Confidence), strings.Join(kg.Confidences, ", "))
	}
	if e.Basis != "" && !slices.Contains(kg.Bases, e.Basis) {
		ps.add(e.Pos, "basis", "unknown basis %q (want %s)", clip(e.Basis), strings.Join(kg.Bases, ", "))
	}
	if ok {
		if e.Supplier != "" && t.Name != "depends_on" {
			ps.add(e.Pos, "supplier", "only %s edges name a supplier", "depends_on")
		}
		if len(*ps) == n {
			crossEdge(e, t, e.Omitted, ps)
		}
	}
	return t, len(*ps) == n
}

// crossEdge runs the checks that involve more than one property of an
// edge, or a property its type requires; a property in omitted is kept as
// stored, unknown here, and checked once merged (checkMerged).
func crossEdge(e kg.Edge, t kg.EdgeType, omitted kg.FieldSet, ps *Problems) {
	checkOrder(e.Pos, "since", e.Since, "until", e.Until, ps)
	if e.Quantity != nil && e.Unit == "" && omitted&omitUnit == 0 {
		ps.add(e.Pos, "unit", "missing: a quantity needs a unit")
	}
	for _, f := range t.Requires {
		if f == "role" && e.Role == "" && omitted&omitRole == 0 {
			ps.add(e.Pos, f, "missing (required on %s)", t.Name)
		}
	}
}

// sameEntity and sameEdge compare records without their positions.
func sameEntity(a, b kg.Entity) bool {
	a.Pos, b.Pos = kg.Pos{}, kg.Pos{}
	return reflect.DeepEqual(normalEntity(a), normalEntity(b))
}

func normalEntity(e kg.Entity) kg.Entity {
	if len(e.Aliases) == 0 {
		e.Aliases = nil
	}
	if len(e.Sources) == 0 {
		e.Sources = nil
	}
	if len(e.Attrs) == 0 {
		e.Attrs = nil
	}
	return e
}

func sameEdge(a, b kg.Edge) bool {
	return fmt.Sprint(edgeFacets(a)) == fmt.Sprint(edgeFacets(b))
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
