package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

var versionCommand = &command{
	name:     "version",
	summary:  "Print the version, commit, Go and Dgraph engine versions",
	detail:   "Print the module version, the VCS commit it was built from (and whether the tree was dirty), the Go version and the Dgraph engine's module versions, all read from the binary's build info.",
	examples: []string{"chokepoint version", "chokepoint --version"},
	run: func(m *Main, _ context.Context) error {
		bi, _ := debug.ReadBuildInfo()
		return readVersion(bi).write(m.Stdout)
	},
}

// Modules whose versions say which Dgraph the embedded engine is.
const (
	dgraphModule     = "github.com/hypermodeinc/dgraph/v25"
	modusgraphModule = "github.com/hypermodeinc/modusgraph"
)

// buildVersion is what a binary knows about how it was built.
type buildVersion struct {
	Module, Commit, CommitTime string
	Dirty                      bool
	Go, Platform               string
	Dgraph, ModusGraph         string
}

// readVersion extracts the version fields from build info (nil when the
// binary has none); what is unknown reads "unknown".
func readVersion(bi *debug.BuildInfo) buildVersion {
	v := buildVersion{Module: "unknown", Commit: "unknown", Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, Dgraph: "unknown", ModusGraph: "unknown"}
	if bi == nil {
		return v
	}
	if bi.Main.Version != "" {
		v.Module = bi.Main.Version
	}
	v.Go = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.CommitTime = s.Value
		case "vcs.modified":
			v.Dirty = s.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		version := d.Version
		if d.Replace != nil {
			version = d.Replace.Version
		}
		switch d.Path {
		case dgraphModule:
			v.Dgraph = version
		case modusgraphModule:
			v.ModusGraph = version
		}
	}
	return v
}

func (v buildVersion) write(w io.Writer) error {
	commit := v.Commit
	if v.CommitTime != "" {
		commit += " " + v.CommitTime
	}
	if v.Dirty {
		commit += " (dirty)"
	}
	_, err := fmt.Fprintf(w, "chokepoint %s\ncommit     %s\ngo         %s %s\ndgraph     %s (embedded engine: modusgraph %s)\n",
		v.Module, commit, v.Go, v.Platform, v.Dgraph, v.ModusGraph)
	return err
}
