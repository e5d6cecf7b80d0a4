package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionReadsTheBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.99.1",
		Main:      debug.Module{Path: "github.com/chokepoint/chokepoint", Version: "v1.2.3"},
		Deps: []*debug.Module{
			{Path: dgraphModule, Version: "v25.0.0"},
			{Path: modusgraphModule, Version: "v0.2.0", Replace: &debug.Module{Path: "../modusgraph", Version: "v0.2.1-local"}},
		},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abc"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}},
	}
	var out strings.Builder
	if err := readVersion(bi).write(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"chokepoint v1.2.3\n", "commit     0123abc 2026-01-02T03:04:05Z (dirty)\n", "go         go1.99.1 ", "dgraph     v25.0.0 (embedded engine: modusgraph v0.2.1-local)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version lacks %q:\n%s", want, out.String())
		}
	}
	if v := readVersion(nil); v.Commit != "unknown" || v.Dgraph != "unknown" || v.Go == "" {
		t.Errorf("without build info: %+v", v)
	}
}

// The test binary has build info too: its Dgraph module is the one in go.mod.
func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errOut := execute(t, args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "chokepoint ") || !strings.Contains(out, "dgraph     v25.") || !strings.Contains(out, "\ngo         go1.") {
			t.Errorf("chokepoint %v: exit %d, stderr %q, stdout:\n%s", args, code, errOut, out)
		}
	}
}
