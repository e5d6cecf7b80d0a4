package dql_test

import (
	"maps"
	"testing"

	"github.com/chokepoint/chokepoint/store/dql"
)

func TestVars(t *testing.T) {
	cases := []struct {
		name  string
		build func(v *dql.Vars) []string // returns the names handed out
		query string                     // Query("B")
		vals  map[string]string
	}{
		{"no variables: a plain block",
			func(v *dql.Vars) []string { return nil },
			"{\nB\n}", nil},
		{"one string",
			func(v *dql.Vars) []string { return []string{v.Add("string", `a "quoted" } value`)} },
			"query q($v0: string) {\nB\n}", map[string]string{"$v0": `a "quoted" } value`}},
		{"types in order",
			func(v *dql.Vars) []string {
				return []string{v.Add("string", "x"), v.Int(42), v.Add("float", "0.5"), v.Add("bool", "true")}
			},
			"query q($v0: string, $v1: int, $v2: float, $v3: bool) {\nB\n}",
			map[string]string{"$v0": "x", "$v1": "42", "$v2": "0.5", "$v3": "true"}},
		{"a list is one variable per item",
			func(v *dql.Vars) []string {
				n := v.Int(-1)
				v.List([]string{"material:a", "material:b"})
				return []string{n}
			},
			"query q($v0: int, $v1: string, $v2: string) {\nB\n}",
			map[string]string{"$v0": "-1", "$v1": "material:a", "$v2": "material:b"}},
		{"an empty list",
			func(v *dql.Vars) []string { v.List(nil); return nil },
			"{\nB\n}", nil},
		{"a kept fork continues the numbering",
			func(v *dql.Vars) []string {
				a := v.Add("string", "a")
				f := v.Fork()
				b := f.Add("string", "b")
				c := f.Int(3)
				v.Join(f)
				d := v.Add("string", "d")
				return []string{a, b, c, d}
			},
			"query q($v0: string, $v1: string, $v2: int, $v3: string) {\nB\n}",
			map[string]string{"$v0": "a", "$v1": "b", "$v2": "3", "$v3": "d"}},
		{"a dropped fork leaves no trace",
			func(v *dql.Vars) []string {
				a := v.Add("string", "a")
				f := v.Fork()
				f.Add("string", "dropped")
				b := v.Add("string", "b")
				return []string{a, b}
			},
			"query q($v0: string, $v1: string) {\nB\n}",
			map[string]string{"$v0": "a", "$v1": "b"}},
		{"a fork of a fork",
			func(v *dql.Vars) []string {
				f := v.Fork()
				a := f.Add("string", "a")
				g := f.Fork()
				b := g.Add("string", "b")
				f.Join(g)
				v.Join(f)
				c := v.Add("string", "c")
				return []string{a, b, c}
			},
			"query q($v0: string, $v1: string, $v2: string) {\nB\n}",
			map[string]string{"$v0": "a", "$v1": "b", "$v2": "c"}},
		{"joining an empty fork",
			func(v *dql.Vars) []string {
				a := v.Add("string", "a")
				v.Join(v.Fork())
				return []string{a, v.Add("string", "b")}
			},
			"query q($v0: string, $v1: string) {\nB\n}",
			map[string]string{"$v0": "a", "$v1": "b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v dql.Vars
			names := c.build(&v)
			for _, n := range names {
				if _, ok := v.Map()[n]; !ok {
					t.Errorf("name %s was handed out but is not sent (%v)", n, v.Map())
				}
			}
			if got := v.Query("B"); got != c.query {
				t.Errorf("Query = %q, want %q", got, c.query)
			}
			if got := v.Map(); !maps.Equal(got, c.vals) {
				t.Errorf("Map = %v, want %v", got, c.vals)
			}
		})
	}
}

func TestVarsListReturnsItsNames(t *testing.T) {
	var v dql.Vars
	v.Add("string", "first")
	if got := v.List([]string{"a", "b", "c"}); got != "[$v1, $v2, $v3]" {
		t.Fatalf("List = %q", got)
	}
	if got := v.List(nil); got != "[]" {
		t.Fatalf("List(nil) = %q", got)
	}
}

func TestJoinOfAStaleForkPanics(t *testing.T) {
	cases := []struct {
		name  string
		stale func(v *dql.Vars) dql.Vars
	}{
		{"fork taken before a later Add", func(v *dql.Vars) dql.Vars {
			f := v.Fork()
			f.Add("string", "x")
			v.Add("string", "later")
			return f
		}},
		{"second of two sibling forks", func(v *dql.Vars) dql.Vars {
			f, g := v.Fork(), v.Fork()
			f.Add("string", "x")
			g.Add("string", "y")
			v.Join(f)
			return g
		}},
		{"empty fork taken before a later Add", func(v *dql.Vars) dql.Vars {
			f := v.Fork()
			v.Int(1)
			return f
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v dql.Vars
			v.Add("string", "a")
			f := c.stale(&v)
			defer func() {
				if recover() == nil {
					t.Fatalf("Join of a stale fork did not panic; query %q", v.Query("B"))
				}
			}()
			v.Join(f)
		})
	}
}
