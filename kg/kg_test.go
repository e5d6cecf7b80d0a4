package kg_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

func TestParseKind(t *testing.T) {
	cases := []struct {
		in   string
		want kg.Kind
		ok   bool
	}{
		{"Material", kg.Material, true},
		{"material", kg.Material, true},
		{"MATERIAL", kg.Material, true},
		{"cOnTrOl", kg.Control, true},
		{"statement", kg.Statement, true},
		{"", "", false},
		{"materials", "", false},
		{" Material", "", false},
		{"mat", "", false},
	}
	for _, k := range kg.Kinds {
		cases = append(cases, struct {
			in   string
			want kg.Kind
			ok   bool
		}{string(k), k, true})
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%q", c.in), func(t *testing.T) {
			got, ok := kg.ParseKind(c.in)
			if got != c.want || ok != c.ok {
				t.Fatalf("ParseKind(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestLookupEdgeType(t *testing.T) {
	for _, et := range kg.EdgeTypes {
		t.Run(et.Name, func(t *testing.T) {
			got, ok := kg.LookupEdgeType(et.Name)
			if !ok || got.Name != et.Name || got.Doc != et.Doc || got.Downstream != et.Downstream {
				t.Fatalf("LookupEdgeType(%q) = %+v, %v", et.Name, got, ok)
			}
		})
	}
	cases := []struct {
		name       string
		from, to   kg.Kind
		downstream kg.Flow
	}{
		{"restricts", kg.Control, kg.Material, kg.Forward},
		{"needs", kg.Product, kg.Material, kg.Reverse},
		{"holds_role", kg.Official, kg.Institution, kg.NoFlow},
		{"suspends", kg.Control, kg.Control, kg.Forward},
	}
	for _, c := range cases {
		t.Run(c.name+" links its kinds", func(t *testing.T) {
			et, ok := kg.LookupEdgeType(c.name)
			if !ok || !slices.Contains(et.From, c.from) || !slices.Contains(et.To, c.to) || et.Downstream != c.downstream {
				t.Fatalf("LookupEdgeType(%q) = %+v, %v", c.name, et, ok)
			}
		})
	}
	for _, name := range []string{"", "Restricts", "restrict", "~restricts", "restricts "} {
		t.Run(fmt.Sprintf("unknown %q", name), func(t *testing.T) {
			if et, ok := kg.LookupEdgeType(name); ok {
				t.Fatalf("LookupEdgeType(%q) = %+v, want not found", name, et)
			}
		})
	}
}

func TestLookupAttr(t *testing.T) {
	cases := []struct {
		name string
		typ  kg.AttrType
		date bool
	}{
		{"symbol", kg.TextAttr, false},
		{"atomicNumber", kg.IntAttr, false},
		{"issued", kg.DateAttr, true},
		{"effective", kg.DateAttr, true},
		{"until", kg.DateAttr, true},
		{"text", kg.TextAttr, false},
		{"retrieved", kg.DateAttr, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, ok := kg.LookupAttr(c.name)
			if !ok || string(a.Name) != c.name || a.Type != c.typ || a.Name.IsDate() != c.date {
				t.Fatalf("LookupAttr(%q) = %+v, %v; want type %s", c.name, a, ok, c.typ)
			}
		})
	}
	for _, a := range kg.Attrs {
		t.Run("declared "+string(a.Name), func(t *testing.T) {
			if got, ok := kg.LookupAttr(string(a.Name)); !ok || got.Name != a.Name || got.Type != a.Type {
				t.Fatalf("LookupAttr(%q) = %+v, %v", a.Name, got, ok)
			}
		})
	}
	for _, name := range []string{"", "Symbol", "atomicnumber", "name", "xid", "since"} {
		t.Run(fmt.Sprintf("unknown %q", name), func(t *testing.T) {
			if a, ok := kg.LookupAttr(name); ok {
				t.Fatalf("LookupAttr(%q) = %+v, want not found", name, a)
			}
		})
	}
}
