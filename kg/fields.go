package kg

// FieldSet is a set of the fields a record may leave out: an entity's name,
// aliases, description, sources and typed attributes, and an edge's
// properties other than its sources. Ids, kind and edge type identify a
// record and cannot be left out. A set is one word, so that a million
// records read from a file cost no extra allocation.
type FieldSet uint64

// omittable lists the fields a FieldSet holds, each at its bit.
var omittable = func() []string {
	names := []string{"name", "aliases", "description", "sources"}
	names = append(names, AttrNames()...)
	return append(names, "since", "until", "role", "share", "quantity", "unit", "confidence", "supplier", "note", "basis")
}()

// FieldOf is the set of the one field name; it is empty for a field that
// cannot be left out.
func FieldOf(name string) FieldSet {
	for i, n := range omittable {
		if n == name {
			return 1 << i
		}
	}
	return 0
}

// Has reports whether the set holds field name.
func (s FieldSet) Has(name string) bool { f := FieldOf(name); return f != 0 && s&f != 0 }

// Names lists the fields of the set in a stable order.
func (s FieldSet) Names() []string {
	var out []string
	for i, n := range omittable {
		if s&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}
