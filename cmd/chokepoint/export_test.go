package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chokepoint/chokepoint/kg"
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

// runExportFile runs export --format format --out path with more flags and
// returns the file.
func runExportFile(t *testing.T, dsn, format, path string, more ...string) []byte {
	t.Helper()
	mustRun(t, append([]string{"export", "--dsn", dsn, "--format", format, "--out", path}, more...)...)
	return readFile(t, path)
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

// A subgraph export loads into an empty graph and, exported again from there
// with the same flags, gives the same bytes in every format; the export
// package checks which records it holds.
func TestSubgraphExportLoadsBackToTheSameBytes(t *testing.T) {
	from := dsn(t)
	mustRun(t, "load", "--dsn", from)
	walk := []string{"--from", "control:mofcom-2025-18", "--direction", "DOWNSTREAM", "--depth", "3", "--as-of", "2025-11-20"}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "again"), 0o755); err != nil {
		t.Fatal(err)
	}
	for format, name := range map[string]string{"json": "graph.json", "csv": "csv", "nquads": "graph.nq"} {
		out := filepath.Join(dir, name)
		files := []string{out}
		if format == "csv" {
			files = []string{filepath.Join(out, "entities.csv"), filepath.Join(out, "relations.csv")}
		}
		mustRun(t, append([]string{"export", "--dsn", from, "--format", format, "--out", out}, walk...)...)
		to := dsn(t)
		mustRun(t, append([]string{"load", "--dsn", to}, files...)...)
		again := filepath.Join(dir, "again", name)
		mustRun(t, append([]string{"export", "--dsn", to, "--format", format, "--out", again}, walk...)...)
		for _, f := range files {
			if !bytes.Equal(readFile(t, f), readFile(t, strings.Replace(f, out, again, 1))) {
				t.Errorf("%s: %s differs in the export of its reload", format, filepath.Base(f))
			}
		}
	}
	whole := runExportFile(t, from, "json", filepath.Join(dir, "whole.json"))
	near := runExportFile(t, from, "json", filepath.Join(dir, "near.json"), "--from", "control:mofcom-2025-18", "--depth", "1")
	if len(near) == 0 || len(near) >= len(whole) {
		t.Errorf("the depth-1 subgraph is %d bytes, the whole graph %d", len(near), len(whole))
	}
	requireGraphMLOf(t, string(near), runExportFile(t, from, "graphml", filepath.Join(dir, "near.graphml"), "--from", "control:mofcom-2025-18", "--depth", "1"))
}

func TestSubgraphExportRefusesBadFlags(t *testing.T) {
	from := dsn(t)
	mustRun(t, "load", "--dsn", from)
	_, err := run(t, "export", "--dsn", from, "--from", "control:nowhere")
	if kg.CodeOf(err) != kg.CodeNotFound {
		t.Errorf("unknown --from: err = %v, want NOT_FOUND", err)
	}
	for _, bad := range [][]string{
		{"--direction", "SIDEWAYS"}, {"--depth", "11"}, {"--depth", "-1"}, {"--as-of", "20 Nov 2025"}, {"--limit", "0"}, {"--limit", "5001"},
	} {
		args := append([]string{"export", "--dsn", from, "--from", "control:mofcom-2025-18"}, bad...)
		var usage *usageError
		if _, err := run(t, args...); !errors.As(err, &usage) {
			t.Errorf("%s: err = %v, want a usage error", strings.Join(bad, " "), err)
		}
	}
	if _, err := run(t, "export", "--dsn", from, "--depth", "2"); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("--depth without --from: err = %v", err)
	}
}
