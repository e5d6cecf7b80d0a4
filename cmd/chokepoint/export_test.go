package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		out := filepath.Join(dir, name+".json")
		mustRun(t, "export", "--dsn", to, "--out", out)
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s: the export of its reload differs from the first export", name)
		}
	}
	if _, err := run(t, "export", "--dsn", from, "--format", "csv"); err == nil || !strings.Contains(err.Error(), "--out DIR") {
		t.Errorf("csv without --out: err = %v", err)
	}
	if _, err := run(t, "export", "--dsn", from, "--format", "xml"); err == nil {
		t.Error("--format xml: no error")
	}
}
