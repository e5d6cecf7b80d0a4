package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/kg"
)

// The fuzz targets feed arbitrary bytes to a format's parser and to
// validation. Neither may panic; the input either gets problems, each placed
// at a file and line, or is a valid graph that round-trips: validated again
// it is the same, and written in the native format it reads back the same.
// Seeds: the files under testdata, and testdata/fuzz/<target>.

func FuzzJSON(f *testing.F) {
	for _, seed := range seedFiles(f, "testdata/json/*.json") {
		f.Add(seed)
	}
	f.Add(renderJSON(syntheticGraph(1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := JSON{}.Parse("in.json", bytes.NewReader(data))
		ok := checkInput(t, g, err, "in.json")
		// The scanner agrees with encoding/json on what is JSON at all.
		valid := json.Valid(bytes.TrimPrefix(data, []byte("\ufeff")))
		if ok && !valid {
			t.Fatalf("accepted what encoding/json refuses:\n%q", data)
		}
		var ps Problems
		if valid && errors.As(err, &ps) {
			for _, p := range ps {
				if strings.HasPrefix(p.Msg, "malformed JSON") {
					t.Fatalf("%s, but encoding/json accepts:\n%q", p, data)
				}
			}
		}
	})
}

func FuzzCSV(f *testing.F) {
	ents, rels := seedFiles(f, "testdata/csv/*entities*.csv"), seedFiles(f, "testdata/csv/*relations*.csv")
	f.Add(ents[0], rels[0])
	e, r := renderCSV(syntheticGraph(1))
	f.Add(e, r)
	f.Fuzz(func(t *testing.T, entities, relations []byte) {
		var g kg.Graph
		var all Problems
		for _, in := range []struct {
			name string
			data []byte
		}{{"in-entities.csv", entities}, {"in-relations.csv", relations}} {
			part, err := CSV{}.Parse(in.name, bytes.NewReader(in.data))
			var ps Problems
			if err != nil && !errors.As(err, &ps) {
				t.Fatalf("%s: %v", in.name, err)
			}
			all = append(all, ps...)
			g.Append(part)
		}
		checkInput(t, g, all.Err(), "in-entities.csv", "in-relations.csv")
	})
}

func FuzzNQuads(f *testing.F) {
	for _, seed := range seedFiles(f, "testdata/nquads/*.nq") {
		f.Add(seed)
	}
	f.Add(renderNQuads(syntheticGraph(1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := NQuads{}.Parse("in.nq", bytes.NewReader(data))
		checkInput(t, g, err, "in.nq")
	})
}

func seedFiles(f *testing.F, pattern string) [][]byte {
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		f.Fatalf("no seed files %s", pattern)
	}
	var out [][]byte
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// checkInput checks what a parser made of an input, and reports whether the
// input was accepted whole.
func checkInput(t *testing.T, g kg.Graph, err error, files ...string) bool {
	t.Helper()
	if err != nil {
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("error %v is not a list of problems", err)
		}
		checkProblems(t, ps, files)
		return false
	}
	v, ps := validate(g, false)
	if len(ps) > 0 {
		checkProblems(t, ps, files)
		return false
	}
	again, ps := validate(v.graph, false)
	if len(ps) > 0 {
		t.Fatalf("a validated graph fails validation: %v", ps.Err())
	}
	assertSameGraph(t, again.graph, v.graph)
	data := renderJSON(v.graph)
	back, err := JSON{}.Parse("again.json", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("a valid graph written as JSON does not read back: %v\n%s", err, data)
	}
	reread, ps := validate(back, false)
	if len(ps) > 0 {
		t.Fatalf("a valid graph written as JSON does not validate: %v\n%s", ps.Err(), data)
	}
	assertSameGraph(t, reread.graph, v.graph)
	return true
}

// checkProblems checks that every problem is placed in one of the files, at
// a line, and says what it found in a bounded message.
func checkProblems(t *testing.T, ps Problems, files []string) {
	t.Helper()
	if len(ps) == 0 {
		t.Fatal("an error without problems")
	}
	for _, p := range ps {
		s := p.String()
		switch {
		case !slices.Contains(files, p.Pos.File) || p.Pos.Line < 1 || p.Pos.Col < 0:
			t.Fatalf("problem not placed at a file and line: %+v", p)
		case p.Msg == "":
			t.Fatalf("problem without a message: %+v", p)
		case len(s) > 1000:
			t.Fatalf("problem message of %d bytes: %.200s…", len(s), s)
		case !utf8.ValidString(s):
			t.Fatalf("problem is not UTF-8: %q", s)
		}
	}
	_ = ps.Error()
}

func assertSameGraph(t *testing.T, got, want kg.Graph) {
	t.Helper()
	if len(got.Entities) != len(want.Entities) || len(got.Edges) != len(want.Edges) {
		t.Fatalf("graph of %d entities and %d edges, want %d and %d",
			len(got.Entities), len(got.Edges), len(want.Entities), len(want.Edges))
	}
	for i := range got.Entities {
		if !sameEntity(got.Entities[i], want.Entities[i]) {
			t.Fatalf("entity %d:\n%#v\nwant\n%#v", i, got.Entities[i], want.Entities[i])
		}
	}
	for i := range got.Edges {
		if !sameEdge(got.Edges[i], want.Edges[i]) || got.Edges[i].Key() != want.Edges[i].Key() {
			t.Fatalf("edge %d:\n%#v\nwant\n%#v", i, got.Edges[i], want.Edges[i])
		}
	}
}
