package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"sort"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

var statsCommand = &command{
	name:    "stats",
	summary: "Count entities per kind and edges per type",
	detail: `Count the entities of each kind and the edges of each type. A file:// directory
that holds no graph is an error: stats never creates one.`,
	examples: []string{
		"chokepoint stats",
		"chokepoint stats --json --dsn file:///var/lib/chokepoint",
	},
	flags: func(m *Main, fs *flag.FlagSet) {
		m.dsnFlag(fs)
		fs.BoolVar(&m.asJSON, "json", false, "print JSON")
	},
	run: (*Main).stats,
}

func (m *Main) stats(ctx context.Context) error {
	st, err := m.open(ctx, store.ExistingOnly())
	if err != nil {
		return err
	}
	s, err := store.GetStats(ctx, st)
	if err != nil {
		return err
	}
	if m.asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	fmt.Fprintf(m.Stdout, "entities %d\n", s.TotalEntities())
	for _, k := range kg.Kinds {
		fmt.Fprintf(m.Stdout, "  %-12s %6d\n", k, s.Entities[k])
	}
	fmt.Fprintf(m.Stdout, "edges %d\n", s.TotalEdges())
	names := kg.EdgeTypeNames()
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(m.Stdout, "  %-15s %6d\n", n, s.Edges[n])
	}
	fmt.Fprintf(m.Stdout, "undated sources %d (no publication date)\n", s.UndatedSources)
	fmt.Fprintf(m.Stdout, "undated edges   %d (every source undated)\n", s.UndatedEdges)
	return nil
}
