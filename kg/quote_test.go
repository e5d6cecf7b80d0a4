package kg_test

import (
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("a", kg.QuoteLimit-1) + "é" + strings.Repeat("b", 1<<20)
	cases := []struct{ name, in, want string }{
		{"short values are quoted whole", "material:dysprosium", `"material:dysprosium"`},
		{"quotes and newlines are escaped", "a\"b\nc", `"a\"b\nc"`},
		{"a value of exactly the limit is whole", strings.Repeat("x", kg.QuoteLimit), `"` + strings.Repeat("x", kg.QuoteLimit) + `"`},
		{"a long value is cut before a split character", long, `"` + strings.Repeat("a", kg.QuoteLimit-1) + `…" (1048677 bytes)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := kg.Quote(c.in); got != c.want {
				t.Fatalf("Quote = %s, want %s", got, c.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc…"},
		{"aé", 2, "a…"},
		{"abc", 0, "…"},
	}
	for _, c := range cases {
		if got := kg.Truncate(c.in, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
