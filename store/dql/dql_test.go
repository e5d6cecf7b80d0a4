package dql_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

func TestStepPredicateAndBack(t *testing.T) {
	cases := []struct {
		step      dql.Step
		predicate string
		back      dql.Step
	}{
		{dql.Step{Type: "restricts"}, "restricts", dql.Step{Type: "restricts", Reverse: true}},
		{dql.Step{Type: "restricts", Reverse: true}, "~restricts", dql.Step{Type: "restricts"}},
		{dql.Step{Type: "in_group"}, "in_group", dql.Step{Type: "in_group", Reverse: true}},
		{dql.Step{Type: "suspends", Reverse: true}, "~suspends", dql.Step{Type: "suspends"}},
	}
	for _, c := range cases {
		t.Run(c.predicate, func(t *testing.T) {
			if got := c.step.Predicate(); got != c.predicate {
				t.Errorf("Predicate = %q, want %q", got, c.predicate)
			}
			if got := c.step.Back(); got != c.back {
				t.Errorf("Back = %+v, want %+v", got, c.back)
			}
			if got := c.step.Back().Back(); got != c.step {
				t.Errorf("Back().Back() = %+v, want %+v", got, c.step)
			}
		})
	}
}

func TestSteps(t *testing.T) {
	out := func(ts ...string) []dql.Step {
		var s []dql.Step
		for _, t := range ts {
			s = append(s, dql.Step{Type: t})
		}
		return s
	}
	in := func(ts ...string) []dql.Step {
		var s []dql.Step
		for _, t := range ts {
			s = append(s, dql.Step{Type: t, Reverse: true})
		}
		return s
	}
	all := kg.EdgeTypeNames()
	var allBoth []dql.Step
	for _, t := range all {
		allBoth = append(allBoth, dql.Step{Type: t}, dql.Step{Type: t, Reverse: true})
	}
	two := []string{"needs", "restricts"}
	cases := []struct {
		name  string
		types []string
		dir   string
		want  []dql.Step
	}{
		{"one type out", []string{"needs"}, "OUT", out("needs")},
		{"one type in", []string{"needs"}, "IN", in("needs")},
		{"one type both", []string{"needs"}, "BOTH", []dql.Step{{Type: "needs"}, {Type: "needs", Reverse: true}}},
		{"two types out, in the given order", two, "OUT", out("needs", "restricts")},
		{"two types in", two, "IN", in("needs", "restricts")},
		{"two types both, each out then in", two, "BOTH",
			[]dql.Step{{Type: "needs"}, {Type: "needs", Reverse: true}, {Type: "restricts"}, {Type: "restricts", Reverse: true}}},
		{"an unknown direction is both", two, "", []dql.Step{{Type: "needs"}, {Type: "needs", Reverse: true}, {Type: "restricts"}, {Type: "restricts", Reverse: true}}},
		{"lower case is not a direction", []string{"needs"}, "out", []dql.Step{{Type: "needs"}, {Type: "needs", Reverse: true}}},
		{"no types: every type out", nil, "OUT", out(all...)},
		{"no types: every type in", nil, "IN", in(all...)},
		{"no types: every type both", nil, "BOTH", allBoth},
		{"empty types: every type", []string{}, "OUT", out(all...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := dql.Steps(c.types, c.dir); !slices.Equal(got, c.want) {
				t.Fatalf("Steps(%v, %q) = %v\nwant %v", c.types, c.dir, got, c.want)
			}
		})
	}
}

func TestValidOn(t *testing.T) {
	cases := []struct {
		name, day string
		before    int // variables added before
		want      string
		vals      map[string]string
	}{
		{"no day: no filter", "", 0, "", map[string]string{}},
		{"a day becomes one variable used at both ends", "2025-11-20", 0,
			" @facets(le(since, $v0) AND ge(until, $v0))", map[string]string{"$v0": "2025-11-20"}},
		{"after other variables", "2025-11-20", 2,
			" @facets(le(since, $v2) AND ge(until, $v2))", map[string]string{"$v2": "2025-11-20"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v dql.Vars
			for i := range c.before {
				v.Int(i)
			}
			if got := dql.ValidOn(&v, c.day); got != c.want {
				t.Fatalf("ValidOn(%q) = %q, want %q", c.day, got, c.want)
			}
			got := v.Map()
			if len(got) != c.before+len(c.vals) {
				t.Fatalf("variables = %v, want %d new: %v", got, len(c.vals), c.vals)
			}
			for k, want := range c.vals {
				if got[k] != want {
					t.Fatalf("variable %s = %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

func ExampleValidOn() {
	var vars dql.Vars
	q := vars.Query(fmt.Sprintf("q(func: eq(xid, %s)) { xid holds_role%s @facets(role) { name } }",
		vars.Add("string", "official:maros-sefcovic"), dql.ValidOn(&vars, "2025-11-20")))
	fmt.Println(q)
	fmt.Println(vars.Map())
	// Output:
	// query q($v0: string, $v1: string) {
	// q(func: eq(xid, $v0)) { xid holds_role @facets(le(since, $v1) AND ge(until, $v1)) @facets(role) { name } }
	// }
	// map[$v0:official:maros-sefcovic $v1:2025-11-20]
}
