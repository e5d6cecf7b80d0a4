package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Read-only commands on a directory without a graph fail and create nothing.
func TestReadOnlyCommandsRefuseADirectoryWithoutAGraph(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo-dir")
	for _, args := range [][]string{
		{"stats", "--dsn", "file://" + dir},
		{"export", "--dsn", "file://" + dir},
		{"serve", "--seed=false", "--addr", "127.0.0.1:0", "--dsn", "file://" + dir},
	} {
		code, _, errOut := execute(t, args...)
		want := "chokepoint: file://" + dir + " holds no Chokepoint graph: load one first (chokepoint load --dsn file://" + dir + ") or check the path\n"
		if code != 1 || errOut != want {
			t.Errorf("chokepoint %v: exit %d, stderr %q; want exit 1 and %q", args, code, errOut, want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("chokepoint %v created %s", args, dir)
		}
	}
	// Once loaded, the same directory is a graph.
	mustRun(t, "load", "--dsn", "file://"+dir)
	if out := mustRun(t, "stats", "--dsn", "file://"+dir); !strings.Contains(out, "entities ") {
		t.Fatalf("stats after load: %s", out)
	}
}

func TestServeOnABusyPortFailsFastAndCreatesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := filepath.Join(t.TempDir(), "data")
	start := time.Now()
	code, _, errOut := execute(t, "serve", "--addr", busy.Addr().String(), "--dsn", "file://"+dir)
	took := time.Since(start)
	if code != 1 || !strings.Contains(errOut, "listen on "+busy.Addr().String()) || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if took > time.Second {
		t.Errorf("a busy port took %s to report", took)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("serve on a busy port created %s", dir)
	}
}

func TestFlagsMayFollowArguments(t *testing.T) {
	d := dsn(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "one.json")
	body := `{"entities": [{"id": "material:x", "kind": "Material", "name": "X", "sources": ["source:usgs-mcs-2025"]}]}`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "load", "--dsn", d)
	out := mustRun(t, "load", path, "--dsn", d, "--dry-run")
	if !strings.Contains(out, "would load: entities 1 created") {
		t.Fatalf("load FILE --dsn X --dry-run: %s", out)
	}
	// After -- a name that looks like a flag is a file.
	if _, err := run(t, "load", "--dsn", d, "--", "--dry-run"); err == nil || !strings.Contains(err.Error(), "--dry-run") {
		t.Fatalf("load -- --dry-run: %v, want the file --dry-run not found", err)
	}
}
