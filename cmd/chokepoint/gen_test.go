package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/store"
)

// readFile returns a file's bytes, gunzipped when its name ends in .gz.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestGenWritesFilesThatLoad(t *testing.T) {
	dir := t.TempDir()
	out := mustRun(t, "gen", "--entities", "1000", "--seed", "5", "--out", dir)
	if !strings.Contains(out, "generated 1000 entities,") || !strings.Contains(out, "graph.json") || !strings.Contains(out, "graph.rdf") {
		t.Fatalf("summary: %s", out)
	}
	if got, want := listDir(t, dir), []string{genJSON, genRDF, genSchema}; !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	if got := string(readFile(t, filepath.Join(dir, genSchema))); got != store.Schema() {
		t.Fatalf("schema.dql is not the DQL schema:\n%s", got)
	}
	// chokepoint load accepts the JSON as it is.
	rep := mustRun(t, "load", "--dsn", dsn(t), "--dry-run", filepath.Join(dir, genJSON))
	if !strings.Contains(rep, "would load: entities 1000 created, 0 updated, 0 unchanged") {
		t.Fatalf("dry run: %s", rep)
	}
}

func TestGenIsReproducible(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	mustRun(t, "gen", "--entities", "1000", "--seed", "9", "--out", a)
	t.Setenv("CHOKEPOINT_GEN_ENTITIES", "1000")
	t.Setenv("CHOKEPOINT_GEN_SEED", "9")
	mustRun(t, "gen", "--out", b, "--gzip")
	mustRun(t, "gen", "--out", c, "--format", "json")
	for _, tc := range []struct{ name, want, got string }{
		{"json, env", filepath.Join(a, genJSON), filepath.Join(b, genJSON)},
		{"nquads, gzip", filepath.Join(a, genRDF), filepath.Join(b, genRDF+".gz")},
		{"json only", filepath.Join(a, genJSON), filepath.Join(c, genJSON)},
	} {
		if !bytes.Equal(readFile(t, tc.want), readFile(t, tc.got)) {
			t.Errorf("%s: %s and %s differ", tc.name, tc.want, tc.got)
		}
	}
	if got := listDir(t, c); slices.Contains(got, genRDF) {
		t.Errorf("--format json wrote %v", got)
	}
}

func TestGenRejectsBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"gen"}, "--out"},
		{[]string{"gen", "--out", dir, "--entities", "10"}, "entities"},
		{[]string{"gen", "--out", dir, "--format", "csv"}, "unknown format"},
		{[]string{"gen", "--out", dir, "--seed", "x"}, "invalid value"},
		{[]string{"gen", "--out", dir, "extra"}, "takes no arguments"},
	} {
		if out, err := run(t, tc.args...); err == nil || !strings.Contains(err.Error()+out, tc.want) {
			t.Errorf("chokepoint %v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("a rejected gen left %v", got)
	}
}
