package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/chokepoint/chokepoint/export"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

var exportCommand = &command{
	name:    "export",
	summary: "Write the graph, or the subgraph a walk reaches, in a format load reads or as GraphML",
	detail: `Write every entity and edge, with their sources and dates, in the native JSON, CSV
(entities.csv and relations.csv in --out DIR) or N-Quads, in a canonical order: the
same graph always gives the same bytes, and loading an export gives the graph back.
GraphML, in the same order, is for graph tools (Gephi, yEd, Cytoscape, NetworkX);
load does not read it.
A file:// directory that holds no graph is an error: export never creates one.

With --from ID, export writes only the subgraph a walk reaches from ID as of --as-of
(default today, UTC) within --depth hops: DOWNSTREAM (the default) and UPSTREAM walk as
the API's dependencyChain does, following dependency edges only; BOTH walks as
neighborhood does, every edge either way. The walk keeps at most --limit entities; when
it is cut short, export says so on stderr and writes what it reached. The file holds
every entity reached with all its fields, every edge the walk returned, and every entity
these refer to (the Sources they cite, the suppliers dependencies name, and what those
cite) even when the walk did not reach it, so that it loads on its own into an empty
graph. The order is the whole export's: the same graph and flags give the same bytes.
An id that no entity has is a NOT_FOUND error.`,
	examples: []string{
		"chokepoint export > graph.json",
		"chokepoint export --format csv --out backup/",
		"chokepoint export --format nquads --out graph.nq --dsn dgraph://127.0.0.1:9180",
		"chokepoint export --format graphml --out graph.graphml",
		"chokepoint export --from control:mofcom-2025-18 --depth 3 --as-of 2025-11-20 --out controls.json",
		"chokepoint export --from control:mofcom-2023-23 --direction BOTH --depth 2 --format graphml --out ga-ge.graphml",
	},
	flags: func(m *Main, fs *flag.FlagSet) {
		m.dsnFlag(fs)
		fs.StringVar(&m.format, "format", "json", "what to write: json, csv, nquads or graphml")
		fs.StringVar(&m.export.out, "out", "", "file to write (default: stdout); for csv, the directory to write entities.csv and relations.csv to")
		m.export.subgraph.defineFlags(fs)
	},
	run: (*Main).runExport,
}

// exportFormats are what --format takes: the formats load reads, and GraphML.
var exportFormats = []string{"json", "csv", "nquads", "graphml"}

// exportConfig holds the flags of `chokepoint export` besides --dsn and --format.
type exportConfig struct {
	out      string
	subgraph subgraphConfig
}

// runExport writes the whole graph, or the subgraph a walk reaches, in one
// of the formats load reads or as GraphML.
// Files are written under a temporary name and renamed once complete, so a
// failed export never leaves a half file where a good one was.
func (m *Main) runExport(ctx context.Context) error {
	if !slices.Contains(exportFormats, m.format) {
		return fmt.Errorf("unknown format %q (want json, csv, nquads or graphml)", m.format)
	}
	if m.format == "csv" && m.export.out == "" {
		return errors.New("export --format csv needs --out DIR: it writes two files, entities.csv and relations.csv")
	}
	st, err := m.open(ctx, store.ExistingOnly())
	if err != nil {
		return err
	}
	write := export.Write
	// The walk runs before any file is created: an unknown id leaves none.
	sub, err := m.export.subgraph.walk(ctx, st, time.Now())
	if err != nil {
		return err
	}
	if sub != nil {
		if sub.Truncated {
			m.Log.Warn("the walk reached more entities than --limit; exporting the ones it kept", "limit", m.export.subgraph.limit.text, "entities", len(sub.Nodes))
		}
		write = func(ctx context.Context, st store.Store, enc loaders.Encoder, opt export.Options) (export.Counts, error) {
			return export.WriteSubgraph(ctx, st, sub, enc, opt)
		}
	}
	var files []*pendingFile
	create := func(path string) (io.Writer, error) {
		f, err := newPendingFile(path)
		if err == nil {
			files = append(files, f)
		}
		return f, err
	}
	defer func() {
		for _, f := range files {
			f.abandon()
		}
	}()
	var enc loaders.Encoder
	switch out := m.export.out; {
	case m.format == "csv":
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		ents, err := create(filepath.Join(out, "entities.csv"))
		if err != nil {
			return err
		}
		rels, err := create(filepath.Join(out, "relations.csv"))
		if err != nil {
			return err
		}
		enc = loaders.NewCSVEncoder(ents, rels)
	default:
		w := m.Stdout
		if out != "" && out != "-" {
			if w, err = create(out); err != nil {
				return err
			}
		}
		switch m.format {
		case "json":
			enc = loaders.NewJSONEncoder(w)
		case "nquads":
			enc = loaders.NewNQuadsEncoder(w)
		case "graphml":
			enc = export.NewGraphMLEncoder(w)
		}
	}
	start := time.Now()
	n, err := write(ctx, st, enc, export.Options{})
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := f.commit(); err != nil {
			return err
		}
	}
	m.Log.Info("exported", "entities", n.Entities, "edges", n.Edges, "format", m.format, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// pendingFile is an output file written under a temporary name until commit.
type pendingFile struct {
	*os.File
	path string
	done bool
}

func newPendingFile(path string) (*pendingFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &pendingFile{File: f, path: path}, nil
}

// commit syncs the file and gives it its name.
func (f *pendingFile) commit() error {
	if err := f.Sync(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(f.Name(), f.path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	f.done = true
	return nil
}

// abandon removes the file unless it was committed.
func (f *pendingFile) abandon() {
	if !f.done {
		f.Close()
		os.Remove(f.Name())
	}
}
