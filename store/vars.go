package store

import (
	"fmt"
	"strings"
)

// Vars collects DQL query variables so that user values never appear in
// query text. Dgraph has no list-typed variables, so a list becomes one
// variable per item: [$v0, $v1, …].
type Vars struct {
	names []string
	types []string
	vals  map[string]string
}

// Add registers a value of a DQL type (string, int, float, bool) and returns
// its $name for the query text.
func (v *Vars) Add(typ, val string) string {
	if v.vals == nil {
		v.vals = map[string]string{}
	}
	name := fmt.Sprintf("$v%d", len(v.names))
	v.names = append(v.names, name)
	v.types = append(v.types, typ)
	v.vals[name] = val
	return name
}

// List registers string values and returns "[$v0, $v1, …]".
func (v *Vars) List(vals []string) string {
	names := make([]string, len(vals))
	for i, s := range vals {
		names[i] = v.Add("string", s)
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// Query wraps DQL blocks in a named query with the variable declarations.
func (v *Vars) Query(blocks string) string {
	if len(v.names) == 0 {
		return "{\n" + blocks + "\n}"
	}
	decls := make([]string, len(v.names))
	for i, n := range v.names {
		decls[i] = n + ": " + v.types[i]
	}
	return "query q(" + strings.Join(decls, ", ") + ") {\n" + blocks + "\n}"
}

// Map returns the values to send with the query.
func (v *Vars) Map() map[string]string { return v.vals }

// Len is how many variables are registered, for Truncate.
func (v *Vars) Len() int { return len(v.names) }

// Truncate forgets the variables registered after the first n, when the
// part of a query that added them is dropped.
func (v *Vars) Truncate(n int) {
	for _, name := range v.names[n:] {
		delete(v.vals, name)
	}
	v.names, v.types = v.names[:n], v.types[:n]
}
