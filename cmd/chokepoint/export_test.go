package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chokepoint/chokepoint/loaders"
)

// An export written by the command loads into an empty graph and exports
// again to the same bytes, whichever format carried it; the export package
// tests the same on both backends and on generated graphs.
func TestExportLoadsBackToTheSameBytes(t *testing.T) {
	from := dsn(t)
	mustRun(t, "load", "--dsn", from)
	want := mustRun(t, "export", "--dsn", from, "--out", "-")
	want = want[:strings.LastIndex(want, "}\n")+2] // the log line follows on stderr
	dir := t.TempDir()
	mustRun(t, "export", "--dsn", from, "--format", "csv", "--out", filepath.Join(dir, "csv"))
	mustRun(t, "export", "--dsn", from, "--format", "nquads", "--out", filepath.Join(dir, "graph.nq"))
	for name, files := range map[string][]string{
		"csv":    {filepath.Join(dir, "csv", "entities.csv"), filepath.Join(dir, "csv", "relations.csv")},
		"nquads": {filepath.Join(dir, "graph.nq")},
	} {
		to := dsn(t)
		mustRun(t, append([]string{"load", "--dsn", to}, files...)...)
		if got := runExportFile(t, to, "json", filepath.Join(dir, name+".json")); string(got) != want {
			t.Errorf("%s: the export of its reload differs from the first export", name)
		}
	}
	requireGraphMLOf(t, want, runExportFile(t, from, "graphml", filepath.Join(dir, "graph.graphml")))
	if _, err := run(t, "export", "--dsn", from, "--format", "csv"); err == nil || !strings.Contains(err.Error(), "--out DIR") {
		t.Errorf("csv without --out: err = %v", err)
	}
	if _, err := run(t, "export", "--dsn", from, "--format", "xml"); err == nil {
		t.Error("--format xml: no error")
	}
}

// runExportFile runs export --format format --out path and returns the file.
func runExportFile(t *testing.T, dsn, format, path string) []byte {
	t.Helper()
	mustRun(t, "export", "--dsn", dsn, "--format", format, "--out", path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// requireGraphMLOf checks that doc is well-formed XML with a node per
// entity and an edge per edge of the JSON export jsonDoc; the export
// package checks every field.
func requireGraphMLOf(t *testing.T, jsonDoc string, doc []byte) {
	t.Helper()
	g, err := loaders.ReadFS(fstest.MapFS{"graph.json": {Data: []byte(jsonDoc)}})
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Graph struct {
			Nodes []struct{} `xml:"node"`
			Edges []struct{} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("graphml: %v", err)
	}
	if len(d.Graph.Nodes) != len(g.Entities) || len(d.Graph.Edges) != len(g.Edges) || len(g.Edges) == 0 {
		t.Errorf("graphml has %d nodes and %d edges, the graph %d entities and %d edges",
			len(d.Graph.Nodes), len(d.Graph.Edges), len(g.Entities), len(g.Edges))
	}
}
