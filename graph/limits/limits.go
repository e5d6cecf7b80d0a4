// Package limits bounds the work one GraphQL request may ask for, and
// decides it before that work starts.
//
// gqlgen validates a document before any extension sees it, and validation
// (gqlparser's OverlappingFieldsCanBeMerged) is quadratic in fields that
// share a response name: 4,000 repeated fields take seconds of CPU. So the
// document's size and shape are checked before gqlgen parses and validates
// it, on the raw text and a parse of its own (parsing is linear). Depth and
// cost need the validated document and the variables; they are measured
// after validation in one pass that measures each fragment once, so the
// work stays linear in the document however often fragments are spread.
package limits

// Limits are the bounds of one request. Zero takes the default; a negative
// value removes the bound.
type Limits struct {
	BodyBytes  int64 // bytes of a POST body
	QueryBytes int   // bytes of the query document
	Fields     int   // field selections in the document, each fragment counted once
	Aliases    int   // fields under an alias
	Fragments  int   // fragment definitions
	Variables  int   // variable definitions
	Depth      int   // deepest field nesting, fragments expanded; introspection not counted
	Complexity int   // cost: the objects an answer can hold (leaves are free), a page's items times its size
}

// Defaults are generous for hand-written and generated client queries (the
// example operations are under 1.6 KB) and keep the worst document cheap:
// 500 fields sharing one response name, the quadratic case of validation,
// are answered in 20–90 ms on a busy two-core machine, where 4,000 took 9 s.
var Defaults = Limits{
	BodyBytes:  1 << 20,
	QueryBytes: 64 << 10,
	Fields:     500,
	Aliases:    100,
	Fragments:  100,
	Variables:  100,
	Depth:      12,
	// Measured at 10^6 edges: a one-screen question (34 EU-critical
	// materials with the controls on each and their issuers, first 50)
	// costs 46,201 and answers in 15 ms; the slowest shape found at the
	// bound, nested reverse lists over hub materials, takes 1–2 s, as the
	// same shape did under the old pricing's bound of 20,000.
	Complexity: 50000,
}

// WithDefaults fills every zero bound from Defaults.
func (l Limits) WithDefaults() Limits {
	pick := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	if l.BodyBytes == 0 {
		l.BodyBytes = Defaults.BodyBytes
	}
	pick(&l.QueryBytes, Defaults.QueryBytes)
	pick(&l.Fields, Defaults.Fields)
	pick(&l.Aliases, Defaults.Aliases)
	pick(&l.Fragments, Defaults.Fragments)
	pick(&l.Variables, Defaults.Variables)
	pick(&l.Depth, Defaults.Depth)
	pick(&l.Complexity, Defaults.Complexity)
	return l
}

// over reports whether n passes a bound (negative: none).
func over[N int | int64](n, bound N) bool { return bound >= 0 && n > bound }

// Codes in extensions.code of the refusals.
const (
	CodeQueryTooLarge   = "QUERY_TOO_LARGE"
	CodeFieldLimit      = "FIELD_LIMIT"
	CodeAliasLimit      = "ALIAS_LIMIT"
	CodeFragmentLimit   = "FRAGMENT_LIMIT"
	CodeVariableLimit   = "VARIABLE_LIMIT"
	CodeDepthLimit      = "DEPTH_LIMIT"
	CodeComplexityLimit = "COMPLEXITY_LIMIT"
	CodeIntrospection   = "INTROSPECTION_DISABLED"
)
