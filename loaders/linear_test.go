package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/kg"
)

// TestParseTimeIsLinear reads inputs of about 256 KB and 2 MB of every
// shape in every format, and validates them: the larger may take about eight
// times as long (up to 24 is let pass), not 64. (The JSON loader once counted lines from the start
// of the file for every record; the N-Quads loader searched an entity's
// aliases for every alias it added.)
func TestParseTimeIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	oneLine := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte(" ")) }
	// aliases renders one entity with about size bytes of aliases.
	aliases := func(size int, render func(kg.Graph) []byte) []byte {
		g := func(n int) kg.Graph {
			e := kg.Entity{ID: "material:dy", Kind: kg.Material, Name: "Dysprosium", Sources: []string{"source:s"}}
			for i := range n {
				e.Aliases = append(e.Aliases, fmt.Sprintf("alias %d", i))
			}
			src := kg.Entity{ID: "source:s", Kind: kg.Source, Name: "S", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org"}}
			return kg.Graph{Entities: []kg.Entity{src, e}}
		}
		per := len(render(g(1000))) / 1000
		return render(g(size / per))
	}
	entitiesCSV := func(g kg.Graph) []byte { e, _ := renderCSV(g); return e }
	relationsCSV := func(g kg.Graph) []byte { _, r := renderCSV(g); return r }
	cases := []struct {
		name, file string
		f          Format
		input      func(size int) []byte
	}{
		{"json records", "g.json", JSON{}, func(n int) []byte { return syntheticInput(n, renderJSON) }},
		{"json one line", "g.json", JSON{}, func(n int) []byte { return oneLine(syntheticInput(n, renderJSON)) }},
		{"json aliases", "g.json", JSON{}, func(n int) []byte { return aliases(n, renderJSON) }},
		{"csv entities", "g-entities.csv", CSV{}, func(n int) []byte { return syntheticInput(n, entitiesCSV) }},
		{"csv relations", "g-relations.csv", CSV{}, func(n int) []byte { return syntheticInput(n, relationsCSV) }},
		{"csv aliases", "g-entities.csv", CSV{}, func(n int) []byte { return aliases(n, entitiesCSV) }},
		{"csv columns", "g-entities.csv", CSV{}, func(n int) []byte {
			return []byte("id,kind" + strings.Repeat(",name", n/5) + "\n")
		}},
		{"nquads records", "g.nq", NQuads{}, func(n int) []byte { return syntheticInput(n, renderNQuads) }},
		{"nquads aliases", "g.nq", NQuads{}, func(n int) []byte { return aliases(n, renderNQuads) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			small, large := c.input(256<<10), c.input(2<<20)
			defer debug.SetGCPercent(debug.SetGCPercent(-1)) // time the work, not the collector
			run := func(data []byte) time.Duration {
				best := time.Duration(1 << 62)
				for range 3 {
					runtime.GC()
					start := cpuTime(t)
					g, err := c.f.Parse(c.file, bytes.NewReader(data))
					var ps Problems
					if err != nil && !errors.As(err, &ps) {
						t.Fatal(err)
					}
					validate(g, false)
					best = min(best, cpuTime(t)-start)
				}
				return best
			}
			ts, tl := run(small), run(large)
			ratio := float64(tl) / float64(ts) * float64(len(small)) / float64(len(large)) * 8
			t.Logf("%d bytes: %v; %d bytes: %v; 8× the input, %.1f× the time", len(small), ts, len(large), tl, ratio)
			if ratio > 24 {
				t.Errorf("8× the input took %.1f× the time", ratio)
			}
		})
	}
}

// cpuTime is the processor time this process has used: unlike the clock,
// it does not count the time other processes hold the processor.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
