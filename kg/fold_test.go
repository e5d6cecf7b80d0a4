package kg_test

import (
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

func TestFold(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"diacritics and case", "Maroš Šefčovič", "maros sefcovic"},
		{"already folded", "maros sefcovic", "maros sefcovic"},
		{"upper case", "DYSPROSIUM", "dysprosium"},
		{"trims spaces", "  Dysprosium\t\n", "dysprosium"},
		{"keeps inner spaces", "rare  earth", "rare  earth"},
		{"precomposed accents", "Ministère de l'Économie", "ministere de l'economie"},
		{"combining accents", "Mine\u0301ral", "mineral"},
		{"umlauts", "Müller Größe", "muller große"},
		{"non-Latin script kept", "商务部", "商务部"},
		{"digits and punctuation kept", "No. 57 [2025]", "no. 57 [2025]"},
		{"empty", "", ""},
		{"only spaces", "   ", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := kg.Fold(c.in); got != c.want {
				t.Fatalf("Fold(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
