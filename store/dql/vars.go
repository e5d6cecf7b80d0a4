package dql

import (
	"fmt"
	"strings"
)

// Vars collects DQL query variables so that user values never appear in
// query text. Dgraph has no list-typed variables, so a list becomes one
// variable per item: [$v0, $v1, …].
type Vars struct {
	base  int // numbering starts here (see Fork)
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
	name := fmt.Sprintf("$v%d", v.base+len(v.names))
	v.names = append(v.names, name)
	v.types = append(v.types, typ)
	v.vals[name] = val
	return name
}

// Int registers an int value.
func (v *Vars) Int(n int) string { return v.Add("int", fmt.Sprint(n)) }

// List registers string values and returns "[$v0, $v1, …]".
func (v *Vars) List(vals []string) string {
	names := make([]string, len(vals))
	for i, s := range vals {
		names[i] = v.Add("string", s)
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// Fork returns an empty set whose names continue after v's, for a part of
// a query that may be dropped; Join adds it back when it is kept.
func (v *Vars) Fork() Vars { return Vars{base: v.base + len(v.names)} }

// Join adds the variables of a fork of v, taken after v's last Add.
func (v *Vars) Join(f Vars) {
	if f.base != v.base+len(v.names) {
		panic("dql: Join of a fork taken before later variables")
	}
	if v.vals == nil {
		v.vals = map[string]string{}
	}
	v.names = append(v.names, f.names...)
	v.types = append(v.types, f.types...)
	for k, val := range f.vals {
		v.vals[k] = val
	}
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
