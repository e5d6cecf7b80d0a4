package graph_test

import (
	"math"
	"testing"

	"github.com/chokepoint/chokepoint/graph"
)

func TestScore(t *testing.T) {
	// coverage is the penalty for a name longer than the query:
	// 0.05 × (1 − runes(q)/runes(name)).
	coverage := func(q, name int) float64 { return 0.05 * (1 - math.Min(1, float64(q)/float64(name))) }
	cases := []struct {
		name  string
		q     string
		names []string
		want  float64
	}{
		{"exact name", "dysprosium", []string{"dysprosium"}, 1},
		{"exact alias beats the name", "dy", []string{"dysprosium", "dy"}, 1},
		{"exact with diacritics folded on both sides", "maros sefcovic", []string{"maros sefcovic"}, 1},
		{"all words of the query", "sefcovic", []string{"maros sefcovic"}, 0.85 - coverage(8, 14)},
		{"all words in another order", "earth rare", []string{"rare earth elements"}, 0.85 - coverage(10, 19)},
		{"words split on punctuation", "wang", []string{"šefčovič–wang"}, 0.85 - coverage(4, 13)},
		{"prefix of the name", "dyspro", []string{"dysprosium"}, 0.8 - coverage(6, 10)},
		{"prefix across words", "rare ea", []string{"rare earth elements"}, 0.8 - coverage(7, 19)},
		{"prefix of a word", "magn", []string{"permanent magnet"}, 0.7 - coverage(4, 16)},
		{"typo: one letter missing", "dysprosim", []string{"dysprosium"}, 0.5 - coverage(9, 10)},
		{"typo: one letter extra, no coverage penalty", "dysprosiumm", []string{"dysprosium"}, 0.5},
		{"typo: two edits", "dysprsim", []string{"dysprosium"}, 0.4 - coverage(8, 10)},
		{"typo counted by letter, not byte", "sefcovic", []string{"šefcovic"}, 0.5},
		{"three edits is no match", "dyspsim", []string{"dysprosium"}, 0},
		{"some shared words", "china rare earth", []string{"rare earth elements"}, 0.3*2/3 - coverage(16, 19)},
		{"one shared word of three", "china rare metals", []string{"rare earth elements"}, 0.3*1/3 - coverage(17, 19)},
		{"best of several names", "dyspro", []string{"rare earth elements", "dysprosium", "dy"}, 0.8 - coverage(6, 10)},
		{"no match", "tungsten", []string{"dysprosium", "rare earth elements"}, 0},
		{"no names", "tungsten", nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := graph.Score(c.q, c.names)
			if math.Abs(got-c.want) > 1e-9 {
				t.Fatalf("Score(%q, %q) = %v, want %v", c.q, c.names, got, c.want)
			}
		})
	}
}

// TestScoreRanks checks the order of the kinds of match, and that among
// matches of one kind the name the query covers more of ranks first.
func TestScoreRanks(t *testing.T) {
	ranked := []struct {
		name  string
		q     string
		names []string
	}{
		{"exact", "rare earth", []string{"rare earth"}},
		{"all words, long name", "rare earth", []string{"rare earth elements and their many compounds and alloys"}},
		{"prefix, long name", "rare earth e", []string{"rare earth elements and their many compounds and alloys"}},
		{"word prefix, long name", "elem", []string{"rare earth elements and their many compounds and alloys"}},
		{"one typo", "rare erth", []string{"rare earth"}},
		{"two typos", "rare ert", []string{"rare earth"}},
		{"all of the shared words", "rare earths market", []string{"rare market"}},
		{"half the words shared", "rare metals", []string{"rare earth elements"}},
	}
	for i := 1; i < len(ranked); i++ {
		a, b := ranked[i-1], ranked[i]
		t.Run(a.name+" over "+b.name, func(t *testing.T) {
			sa, sb := graph.Score(a.q, a.names), graph.Score(b.q, b.names)
			if sa <= sb || sb <= 0 {
				t.Fatalf("%s scores %v, %s scores %v: want the first higher and both above 0", a.name, sa, b.name, sb)
			}
		})
	}
	ties := []struct {
		name        string
		q           string
		short, long string
	}{
		{"all words", "sefcovic", "maros sefcovic", "maros sefcovic european commissioner"},
		{"prefix", "dyspro", "dysprosium", "dysprosium oxide"},
		{"word prefix", "magn", "magnet", "permanent magnet"},
		{"shared words", "rare earth prices", "rare earth", "rare earth elements"},
	}
	for _, c := range ties {
		t.Run("coverage breaks a tie: "+c.name, func(t *testing.T) {
			s, l := graph.Score(c.q, []string{c.short}), graph.Score(c.q, []string{c.long})
			if s <= l || l <= 0 {
				t.Fatalf("Score(%q) of %q = %v, of %q = %v: want the shorter name higher", c.q, c.short, s, c.long, l)
			}
		})
	}
}
