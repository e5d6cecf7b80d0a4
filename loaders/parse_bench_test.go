package loaders

import (
	"bytes"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/kg"
)

// syntheticInput renders a synthetic graph of about size bytes.
func syntheticInput(size int, render func(kg.Graph) []byte) []byte {
	per := len(render(syntheticGraph(100))) / 100
	return render(syntheticGraph(size/per + 1))
}

// The parse benchmarks report throughput in MB/s. The JSON one reads about
// 100 MB, as a large input would; CSV and N-Quads about 20 MB each.
func BenchmarkParseJSON(b *testing.B) {
	data := syntheticInput(100<<20, renderJSON)
	benchParse(b, int64(len(data)), func() error {
		_, err := JSON{}.Parse("graph.json", bytes.NewReader(data))
		return err
	})
}

func BenchmarkParseCSV(b *testing.B) {
	ents, rels := renderCSV(syntheticGraph(1))
	per := len(ents) + len(rels)
	ents, rels = renderCSV(syntheticGraph(20<<20/per + 1))
	benchParse(b, int64(len(ents)+len(rels)), func() error {
		if _, err := (CSV{}).Parse("entities.csv", bytes.NewReader(ents)); err != nil {
			return err
		}
		_, err := CSV{}.Parse("relations.csv", bytes.NewReader(rels))
		return err
	})
}

func BenchmarkParseNQuads(b *testing.B) {
	data := syntheticInput(20<<20, renderNQuads)
	benchParse(b, int64(len(data)), func() error {
		_, err := NQuads{}.Parse("graph.nq", bytes.NewReader(data))
		return err
	})
}

// BenchmarkValidate measures the checks that need no store, on the graph of
// about 100 MB of JSON.
func BenchmarkValidate(b *testing.B) {
	data := syntheticInput(100<<20, renderJSON)
	g, err := JSON{}.Parse("graph.json", bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	benchParse(b, int64(len(data)), func() error { _, ps := validate(g, false); return ps.Err() })
}

// benchParse times parse on size bytes. Besides MB/s by the clock it reports
// cpu-MB/s, by the processor time the process used (the collector's
// included), which other work on a shared machine does not skew.
func benchParse(b *testing.B, size int64, parse func() error) {
	b.SetBytes(size)
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		start := cpuTime(b)
		if err := parse(); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime(b) - start
	}
	b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
}
