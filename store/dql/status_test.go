package dql_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// namer hands out s0, s1, … as StatusFilter's fresh variable names.
func namer() func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("s%d", n-1)
	}
}

var (
	definedVar = regexp.MustCompile(`^(\w+) as var\(`)
	usedVar    = regexp.MustCompile(`uid\((\w+)\)`)
)

func TestStatusFilter(t *testing.T) {
	const (
		started = "s0 as var(func: type(Control)) @filter(le(effective, $v0) OR (NOT has(effective) AND le(issued, $v0)))"
		live    = "s1 as var(func: uid(s0)) @filter(NOT has(until) OR ge(until, $v0))"
		susp    = "s2 as var(func: uid(s1)) @cascade { ~suspends @facets(le(since, $v0) AND ge(until, $v0)) { uid } }"
	)
	cases := []struct {
		status kg.ControlStatus
		blocks []string
		cond   string
	}{
		{kg.StatusPending, []string{started}, "NOT uid(s0)"},
		{kg.StatusLapsed, []string{started, live}, "uid(s0) AND NOT uid(s1)"},
		{kg.StatusSuspended, []string{started, live, susp}, "uid(s2)"},
		{kg.StatusInForce, []string{started, live, susp}, "uid(s1) AND NOT uid(s2)"},
	}
	for _, c := range cases {
		t.Run(string(c.status), func(t *testing.T) {
			var v dql.Vars
			blocks, cond := dql.StatusFilter(&v, namer(), c.status, "2025-11-20")
			if !slices.Equal(blocks, c.blocks) || cond != c.cond {
				t.Fatalf("StatusFilter(%s) =\n%s\ncondition %q\nwant\n%s\ncondition %q",
					c.status, strings.Join(blocks, "\n"), cond, strings.Join(c.blocks, "\n"), c.cond)
			}
			checkVarsUsed(t, blocks, cond)
			if m := v.Map(); len(m) != 1 || m["$v0"] != "2025-11-20" {
				t.Fatalf("variables = %v, want the day alone as $v0", m)
			}
			if strings.Contains(strings.Join(blocks, " ")+cond, "2025") {
				t.Fatal("the day appears in the query text")
			}
		})
	}
}

// checkVarsUsed fails unless every var block is used by the condition or a
// later block, and everything used is defined: Dgraph refuses a request
// with a variable defined and not used.
func checkVarsUsed(t *testing.T, blocks []string, cond string) {
	t.Helper()
	for i, b := range blocks {
		m := definedVar.FindStringSubmatch(b)
		if m == nil {
			t.Fatalf("block %q defines no variable", b)
		}
		used := false
		for _, later := range append(slices.Clone(blocks[i+1:]), cond) {
			for _, u := range usedVar.FindAllStringSubmatch(later, -1) {
				used = used || u[1] == m[1]
			}
		}
		if !used {
			t.Errorf("variable %s is defined and never used", m[1])
		}
	}
	for _, u := range usedVar.FindAllStringSubmatch(strings.Join(blocks, " ")+" "+cond, -1) {
		if !slices.ContainsFunc(blocks, func(b string) bool { return strings.HasPrefix(b, u[1]+" as var(") }) {
			t.Errorf("variable %s is used and not defined", u[1])
		}
	}
}

func TestStatusFilterContinuesNumbering(t *testing.T) {
	var v dql.Vars
	v.Add("string", "material:dysprosium")
	blocks, cond := dql.StatusFilter(&v, namer(), kg.StatusLapsed, "2026-01-01")
	if !strings.Contains(blocks[0], "le(effective, $v1)") || !strings.Contains(blocks[1], "ge(until, $v1)") {
		t.Fatalf("blocks do not use the day's variable $v1:\n%s", strings.Join(blocks, "\n"))
	}
	if v.Map()["$v1"] != "2026-01-01" || v.Map()["$v0"] != "material:dysprosium" {
		t.Fatalf("variables = %v", v.Map())
	}
	checkVarsUsed(t, blocks, cond)
}
