package loaders

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

var idPattern = regexp.MustCompile(`^[a-z]+:[a-z0-9][a-z0-9._-]*$`)

// reference is a use of an id that the input itself does not define; the
// graph must already hold it, with one of the kinds allowed.
type reference struct {
	id    string
	kinds []kg.Kind
	pos   kg.Pos
	field string
}

// validated is an input that passed the checks that need no store: records
// are unique, and refs lists what must already be in the graph.
type validated struct {
	graph kg.Graph
	kinds map[string]kg.Kind // kind of every id the input defines
	refs  []reference
}

// validate checks a whole input. It drops exact repeats of a record and
// reports a repeat with different data.
func validate(g kg.Graph) (validated, Problems) {
	var ps Problems
	v := validated{kinds: map[string]kg.Kind{}}
	first := map[string]kg.Entity{}
	for _, e := range g.Entities {
		if !checkEntity(e, &ps) {
			continue
		}
		if prev, seen := first[e.ID]; seen {
			if !sameEntity(prev, e) {
				ps.add(e.Pos, "id", "%s is defined again with different data (first at %s)", e.ID, prev.Pos)
			}
			continue
		}
		first[e.ID] = e
		v.kinds[e.ID] = e.Kind
		v.graph.Entities = append(v.graph.Entities, e)
	}
	for _, e := range v.graph.Entities {
		for _, src := range e.Sources {
			v.need(src, []kg.Kind{kg.Source}, e.Pos, "sources", &ps)
		}
	}
	seenEdge := map[kg.EdgeKey]kg.Edge{}
	for _, e := range g.Edges {
		t, ok := checkEdge(e, &ps)
		if !ok {
			continue
		}
		if prev, seen := seenEdge[e.Key()]; seen {
			if !sameEdge(prev, e) {
				ps.add(e.Pos, "", "edge %s -%s-> %s is given again with different data (first at %s); Dgraph keeps one edge per triple: merge them", e.From, e.Type, e.To, prev.Pos)
			}
			continue
		}
		seenEdge[e.Key()] = e
		v.need(e.From, t.From, e.Pos, "from", &ps)
		v.need(e.To, t.To, e.Pos, "to", &ps)
		for _, src := range e.Sources {
			v.need(src, []kg.Kind{kg.Source}, e.Pos, "sources", &ps)
		}
		if e.Supplier != "" {
			v.need(e.Supplier, []kg.Kind{kg.Country, kg.Institution}, e.Pos, "supplier", &ps)
		}
		v.graph.Edges = append(v.graph.Edges, e)
	}
	return v, ps
}

// need checks a reference against the input's own ids, or records it for
// the store to resolve.
func (v *validated) need(id string, kinds []kg.Kind, pos kg.Pos, field string, ps *Problems) {
	if !idPattern.MatchString(id) {
		ps.add(pos, field, "invalid id %q (want kind:slug, e.g. material:dysprosium)", id)
		return
	}
	if k, ok := v.kinds[id]; ok {
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
		ps.add(e.Pos, "kind", "unknown kind %q (want %s)", e.Kind, kindList(kg.Kinds))
	}
	switch {
	case e.ID == "":
		ps.add(e.Pos, "id", "missing")
	case !idPattern.MatchString(e.ID):
		ps.add(e.Pos, "id", "invalid id %q (want kind:slug, e.g. material:dysprosium)", e.ID)
	case known && !strings.HasPrefix(e.ID, e.Kind.IDPrefix()):
		ps.add(e.Pos, "id", "id %q of a %s must start with %q", e.ID, e.Kind, e.Kind.IDPrefix())
	}
	if strings.TrimSpace(e.Name) == "" {
		ps.add(e.Pos, "name", "missing")
	}
	if known {
		for a, val := range e.Attrs {
			if !slices.Contains(spec.Allowed, a) {
				ps.add(e.Pos, string(a), "not an attribute of a %s", e.Kind)
				continue
			}
			checkAttr(e.Pos, a, val, ps)
		}
		for _, a := range spec.Required {
			if e.Attrs[a] == "" {
				ps.add(e.Pos, string(a), "missing (required for a %s)", e.Kind)
			}
		}
		if e.Kind != kg.Source && len(e.Sources) == 0 {
			ps.add(e.Pos, "sources", "missing: every %s needs at least one source", e.Kind)
		}
		checkInterval(e.Pos, string(kg.AttrEffective), e.Attrs[kg.AttrEffective], string(kg.AttrUntil), e.Attrs[kg.AttrUntil], ps)
		checkInterval(e.Pos, string(kg.AttrOccurred), e.Attrs[kg.AttrOccurred], string(kg.AttrEnded), e.Attrs[kg.AttrEnded], ps)
	}
	for _, a := range e.Aliases {
		if strings.TrimSpace(a) == "" {
			ps.add(e.Pos, "aliases", "empty alias")
		}
	}
	return len(*ps) == n
}

func checkAttr(pos kg.Pos, a kg.Attr, val string, ps *Problems) {
	switch {
	case a.IsDate():
		checkDate(pos, string(a), val, ps)
	case a == kg.AttrAtomicNumber:
		if n, err := strconv.Atoi(val); err != nil || n < 1 || n > 200 {
			ps.add(pos, string(a), "want an integer from 1 to 200, got %q", val)
		}
	case a == kg.AttrURL:
		if !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "http://") {
			ps.add(pos, string(a), "want an http(s) address, got %q", clip(val))
		}
	case a == kg.AttrLanguage:
		if len(val) != 2 || !isLower(val[0]) || !isLower(val[1]) {
			ps.add(pos, string(a), "want an ISO 639-1 code of two lower-case letters (e.g. zh), got %q", clip(val))
		}
	}
}

func checkDate(pos kg.Pos, field, val string, ps *Problems) bool {
	if val == "" {
		return true
	}
	if _, err := kg.ParseDate(val); err != nil {
		ps.add(pos, field, "invalid date %q (want YYYY-MM-DD)", val)
		return false
	}
	return true
}

// checkInterval reports an end date before its start; dates are ISO so they
// compare as text.
func checkInterval(pos kg.Pos, fromField, from, toField, to string, ps *Problems) {
	if from != "" && to != "" && to < from {
		if _, e1 := kg.ParseDate(from); e1 == nil {
			if _, e2 := kg.ParseDate(to); e2 == nil {
				ps.add(pos, toField, "%s %s is before %s %s", toField, to, fromField, from)
			}
		}
	}
}

func checkEdge(e kg.Edge, ps *Problems) (kg.EdgeType, bool) {
	n := len(*ps)
	t, ok := kg.LookupEdgeType(e.Type)
	switch {
	case e.Type == "":
		ps.add(e.Pos, "type", "missing")
	case !ok:
		ps.add(e.Pos, "type", "unknown edge type %q (want one of %s)", e.Type, strings.Join(kg.EdgeTypeNames(), ", "))
	}
	for _, f := range []struct{ name, val string }{{"from", e.From}, {"to", e.To}} {
		if f.val == "" {
			ps.add(e.Pos, f.name, "missing")
		}
	}
	if e.From != "" && e.From == e.To {
		ps.add(e.Pos, "to", "an edge may not link %s to itself", e.From)
	}
	if len(e.Sources) == 0 {
		ps.add(e.Pos, "sources", "missing: every edge needs at least one source")
	}
	okSince := checkDate(e.Pos, "since", e.Since, ps)
	okUntil := checkDate(e.Pos, "until", e.Until, ps)
	if okSince && okUntil {
		checkInterval(e.Pos, "since", e.Since, "until", e.Until, ps)
	}
	if e.Share != nil && (math.IsNaN(*e.Share) || *e.Share < 0 || *e.Share > 1) {
		ps.add(e.Pos, "share", "want a fraction from 0 to 1, got %v", *e.Share)
	}
	if e.Quantity != nil && (math.IsNaN(*e.Quantity) || math.IsInf(*e.Quantity, 0)) {
		ps.add(e.Pos, "quantity", "want a finite number")
	}
	if e.Quantity != nil && e.Unit == "" {
		ps.add(e.Pos, "unit", "missing: a quantity needs a unit")
	}
	if e.Confidence != "" && !slices.Contains(kg.Confidences, e.Confidence) {
		ps.add(e.Pos, "confidence", "unknown confidence %q (want %s)", e.Confidence, strings.Join(kg.Confidences, ", "))
	}
	if ok {
		for _, f := range t.Requires {
			if f == "role" && e.Role == "" {
				ps.add(e.Pos, f, "missing (required on %s)", t.Name)
			}
		}
		if e.Supplier != "" && t.Name != "depends_on" {
			ps.add(e.Pos, "supplier", "only %s edges name a supplier", "depends_on")
		}
	}
	return t, len(*ps) == n
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
