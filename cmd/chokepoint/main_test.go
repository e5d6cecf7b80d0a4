package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// run executes one command line as the binary would and returns its output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, &errOut
	m.Log = slog.New(slog.NewTextHandler(&errOut, nil))
	err := m.ParseFlags(args)
	if err == nil {
		err = m.Run(context.Background())
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return out.String() + errOut.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("chokepoint %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// dsn is a fresh embedded graph; the loader and store suites cover the cluster.
func dsn(t *testing.T) string { return "file://" + t.TempDir() }

func TestLoadCuratedTwiceKeepsStats(t *testing.T) {
	d := dsn(t)
	first := mustRun(t, "load", "--dsn", d)
	if !regexp.MustCompile(`entities [1-9][0-9]* created, 0 updated, 0 unchanged; edges [1-9][0-9]* created, 0 updated, 0 unchanged`).MatchString(first) {
		t.Fatalf("first load: %s", first)
	}
	before := mustRun(t, "stats", "--dsn", d)
	second := mustRun(t, "load", "--dsn", d)
	if !strings.Contains(second, "entities 0 created, 0 updated") || !strings.Contains(second, "edges 0 created, 0 updated") {
		t.Fatalf("second load changed records: %s", second)
	}
	if after := mustRun(t, "stats", "--dsn", d); after != before {
		t.Fatalf("stats changed after the second load:\n%s\n%s", before, after)
	}
}

func TestMalformedFilesAreRejectedWithTheirLine(t *testing.T) {
	d := dsn(t)
	mustRun(t, "load", "--dsn", d)
	before := mustRun(t, "stats", "--dsn", d)
	dir := t.TempDir()
	files := map[string]struct{ body, want string }{
		"bad.json": {"{\"entities\": [\n  {\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"X\", \"sources\": [\"source:nowhere\"]}\n]}",
			"bad.json:2: sources: source:nowhere is not defined in the input nor in the graph"},
		"bad_entities.csv": {"id,kind,name,sources\nmaterial:x,Material,X,source:usgs-mcs-2025\nmaterial:y,Material,\"Y,source:usgs-mcs-2025\n",
			"bad_entities.csv:3: malformed CSV"},
		"bad.nq": {"<material:x> <name> \"X\" .\n<material:x> <dgraph.type> \"Material\" .\n<material:x> <colour> \"red\" .\n",
			"bad.nq:3: colour: unknown predicate"},
	}
	for name, f := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(f.body), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := run(t, "load", "--dsn", d, path)
			if err == nil || !strings.Contains(err.Error(), f.want) || !strings.Contains(err.Error(), "nothing was written") {
				t.Fatalf("load %s: err = %v\nwant it to contain %q\n%s", name, err, f.want, out)
			}
			if after := mustRun(t, "stats", "--dsn", d); after != before {
				t.Fatalf("stats changed:\n%s\n%s", before, after)
			}
		})
	}
}

func TestUnknownCommandAndFlags(t *testing.T) {
	for _, args := range [][]string{{"explode"}, {"load", "--nope"}, {"stats", "extra"}, {"load", "--format", "xml", "x.xml"}} {
		if _, err := run(t, args...); err == nil {
			t.Errorf("chokepoint %v: no error", args)
		}
	}
}
