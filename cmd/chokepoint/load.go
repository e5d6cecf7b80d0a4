package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

var loadCommand = &command{
	name:    "load",
	args:    "[FILE…]",
	summary: "Validate and upsert files into the graph (all or nothing per call)",
	detail: `Validate every FILE, then upsert its records by id; an invalid file writes nothing.
With no FILE, load the built-in curated dataset. A record updates the fields it gives
and keeps the others as stored; a JSON null removes a field, and --replace makes every
record whole (a field it leaves out is removed). Loads are idempotent: a load stopped
part-way is completed by running it again.`,
	examples: []string{
		"chokepoint load                                  # the curated dataset into ./chokepoint-data",
		"chokepoint load --dry-run my-controls.json       # validate and show what would change; write nothing",
		"chokepoint load --dry-run --json my.json         # the same report as JSON, for tools",
		"chokepoint load entities.csv edges.csv --dsn dgraph://127.0.0.1:9180",
	},
	flags: func(m *Main, fs *flag.FlagSet) {
		m.dsnFlag(fs)
		fs.BoolVar(&m.dryRun, "dry-run", false, "validate and show what would change, field by field; write nothing")
		fs.BoolVar(&m.asJSON, "json", false, "print the report, with every change, as JSON")
		fs.BoolVar(&m.replace, "replace", false, "replace whole records: a field a record leaves out is removed, not kept")
		fs.StringVar(&m.format, "format", "", "`FORMAT` of every FILE: json, csv or nquads (empty: from the extension)")
		fs.IntVar(&m.batch, "batch", 1000, "records per transaction")
	},
	run: (*Main).load,
}

func (m *Main) load(ctx context.Context) error {
	var (
		g   kg.Graph
		err error
	)
	if len(m.args) == 0 {
		g, err = loaders.ReadFS(data.FS)
	} else {
		g, err = loaders.ReadFiles(m.args, m.format)
	}
	if err != nil {
		return err
	}
	st, err := m.open(ctx)
	if err != nil {
		return err
	}
	progress, finish := m.progress(len(g.Entities) + len(g.Edges))
	start := time.Now()
	rep, err := loaders.Load(ctx, st, g, loaders.Options{DryRun: m.dryRun, Replace: m.replace, Diff: true, BatchSize: m.batch, Progress: progress})
	finish()
	if err != nil {
		var ps loaders.Problems
		if !errors.As(err, &ps) && rep.Entities != (loaders.Counts{}) {
			m.Log.Error("load stopped part-way; run the same load again to complete it (loads are idempotent)", "written", rep.String())
		}
		return err
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(m.Stderr, "warning:", w)
	}
	if m.asJSON {
		return printReportJSON(m.Stdout, rep)
	}
	limit := maxLoadDiffLines
	if m.dryRun {
		limit = 0
	}
	printDiff(m.Stdout, rep.Diff, limit)
	fmt.Fprintf(m.Stdout, "%s (%s)\n", rep, time.Since(start).Round(time.Millisecond))
	return nil
}

// progress shows a bar on a terminal and a log line every few seconds
// otherwise.
func (m *Main) progress(total int) (func(done, total int), func()) {
	if f, ok := m.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(m.Stderr), progressbar.OptionSetDescription("loading"),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		return func(done, _ int) { _ = bar.Set(done) }, func() { _ = bar.Finish() }
	}
	var last time.Time
	return func(done, total int) {
		if time.Since(last) >= 2*time.Second || done == total {
			last = time.Now()
			m.Log.Info("loading", "done", done, "total", total)
		}
	}, func() {}
}
