package loaders

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Facet names as stored on Dgraph edges.
const (
	facetSources    = "sources"
	facetSince      = "since"
	facetUntil      = "until"
	facetRole       = "role"
	facetShare      = "share"
	facetQuantity   = "quantity"
	facetUnit       = "unit"
	facetConfidence = "confidence"
	facetSupplier   = "supplier"
	facetBasis      = "basis"
	facetNote       = "note"
)

// FacetNames lists every edge facet, in the order they are written.
var FacetNames = []string{facetSources, facetSince, facetUntil, facetRole, facetShare, facetQuantity, facetUnit, facetConfidence, facetBasis, facetSupplier, facetNote}

// edgeFacets is an edge's properties in canonical text form (dates as
// YYYY-MM-DD, numbers in shortest form); absent properties are left out, but
// for open validity bounds, which are stored as kg.OpenSince/kg.OpenUntil.
func edgeFacets(e kg.Edge) map[string]string {
	f := map[string]string{}
	put := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	put(facetSources, strings.Join(e.Sources, dql.SourceSep))
	f[facetSince] = cmp.Or(e.Since, kg.OpenSince)
	f[facetUntil] = cmp.Or(e.Until, kg.OpenUntil)
	put(facetRole, e.Role)
	if e.Share != nil {
		f[facetShare] = formatNumber(*e.Share)
	}
	if e.Quantity != nil {
		f[facetQuantity] = formatNumber(*e.Quantity)
	}
	put(facetUnit, e.Unit)
	put(facetConfidence, e.Confidence)
	put(facetBasis, e.Basis)
	put(facetSupplier, e.Supplier)
	put(facetNote, e.Note)
	return f
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// rdfFacets renders canonical facets for an N-Quad: dates as datetimes,
// numbers always as floats (so 270000 and 0.5 share one facet type), the rest
// as strings.
func rdfFacets(f map[string]string) string {
	var parts []string
	for _, k := range FacetNames {
		v, ok := f[k]
		if !ok {
			continue
		}
		switch k {
		case facetSince, facetUntil:
			parts = append(parts, k+"="+v+"T00:00:00Z")
		case facetShare, facetQuantity:
			if !strings.ContainsAny(v, ".eE") {
				v += ".0"
			}
			parts = append(parts, k+"="+v)
		default:
			parts = append(parts, k+"="+dql.Literal(v))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// nquads accumulates the set and delete halves of a mutation.
type nquads struct{ set, del strings.Builder }

func (q *nquads) setValue(node, pred, value string) {
	fmt.Fprintf(&q.set, "%s <%s> %s .\n", node, pred, dql.Literal(value))
}

func (q *nquads) setEdge(from, pred, to, facets string) {
	fmt.Fprintf(&q.set, "%s <%s> %s%s .\n", from, pred, to, facets)
}

func (q *nquads) delAll(node, pred string) {
	fmt.Fprintf(&q.del, "%s <%s> * .\n", node, pred)
}

// node renders a uid or a blank node label for N-Quads.
func node(uid string) string {
	if strings.HasPrefix(uid, "0x") {
		return "<" + uid + ">"
	}
	return "_:" + uid
}

// sortedSet returns the distinct values of vs, sorted.
func sortedSet(vs []string) []string {
	out := slices.Clone(vs)
	slices.Sort(out)
	return slices.Compact(out)
}
