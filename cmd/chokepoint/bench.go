package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chokepoint/chokepoint/bench"
	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/kg"
)

// benchConfig holds the flags of chokepoint bench.
type benchConfig struct {
	entities, seed      int
	asOf                string
	dql, dgraphGraphQL  string
	cluster, embedded   string
	pids, ops, loads    string
	concurrency, rounds int
	perRound, timeout   time.Duration
	mirror, printMirror bool
	maxRequestsPerSlot  int
	jsonFile            string
	// The mixed workload.
	mix               bool
	targets           string
	lookups, analysts int
	think             time.Duration
}

var benchCommand = &command{
	name:    "bench",
	summary: "Measure raw DQL, Dgraph GraphQL and Chokepoint on a generated graph",
	detail: `Measure the same operations on raw DQL, Dgraph GraphQL and Chokepoint over a graph
made by gen (scripts/bench.sh runs it end to end; see BENCHMARKS.md). With --mix,
run lookup and analyst clients at once against each Chokepoint server in turn and
report latency per operation, RETRY_LATER and other errors by code, and the
servers' memory (scripts/mix.sh).`,
	examples: []string{
		"chokepoint bench --entities 20000 --dql http://127.0.0.1:8280/query --embedded http://127.0.0.1:18601/query",
		"chokepoint bench --mix --targets new=http://127.0.0.1:18601/query --pids new=4242",
		"chokepoint bench --print-mirror-schema",
	},
	// The graph's size and seed are gen's: one pair of variables for both.
	env: map[string]string{"entities": "CHOKEPOINT_GEN_ENTITIES", "seed": "CHOKEPOINT_GEN_SEED"},
	flags: func(m *Main, fs *flag.FlagSet) {
		m.benchCfg.flags(fs)
		fs.BoolVar(&m.asJSON, "json", false, "print JSON")
	},
	run: (*Main).runBench,
}

func (c *benchConfig) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.entities, "entities", 100_000, "entities of the generated graph that was loaded (as given to chokepoint gen)")
	fs.IntVar(&c.seed, "seed", 1, "seed of the generated graph (as given to chokepoint gen)")
	fs.StringVar(&c.asOf, "asof", "2025-11-20", "the date the operations ask about")
	fs.StringVar(&c.dql, "dql", "", "raw DQL target: the alpha's HTTP /query, e.g. http://127.0.0.1:8080/query")
	fs.StringVar(&c.dgraphGraphQL, "dgraph-graphql", "", "Dgraph GraphQL target: the alpha's /graphql, e.g. http://127.0.0.1:8080/graphql")
	fs.StringVar(&c.cluster, "cluster", "", "chokepoint serve over that alpha: its /query URL")
	fs.StringVar(&c.embedded, "embedded", "", "chokepoint serve on the embedded engine: its /query URL")
	fs.StringVar(&c.pids, "pids", "", "server processes to measure: alpha=PID,chokepoint-cluster=PID,chokepoint-embedded=PID")
	fs.StringVar(&c.ops, "ops", "", "operations to run (default all): "+strings.Join(bench.Ops, ","))
	fs.StringVar(&c.loads, "loads", "", "timed loads of the same graph to report: name=seconds,… (the first is the reference)")
	fs.IntVar(&c.concurrency, "concurrency", 8, "requests in flight at once")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds; each runs every operation on every target once, targets interleaved")
	fs.DurationVar(&c.perRound, "round-time", 5*time.Second, "how long each operation runs on each target in a round")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "time limit of one request")
	fs.IntVar(&c.maxRequestsPerSlot, "max-requests", 1_000_000, "most requests of one operation on one target in one round")
	fs.BoolVar(&c.mirror, "mirror-schema", false, "first apply the mirrored Dgraph GraphQL schema to the alpha of --dgraph-graphql (and restore and check its DQL schema)")
	fs.StringVar(&c.jsonFile, "json-file", "", "also write the report as JSON to this file")
	fs.BoolVar(&c.printMirror, "print-mirror-schema", false, "print the mirrored Dgraph GraphQL schema and exit")
	fs.BoolVar(&c.mix, "mix", false, "run the mixed workload instead: lookup and analyst clients at once against each of --targets in turn")
	fs.StringVar(&c.targets, "targets", "", "with --mix: chokepoint servers to load, name=URL,… (their /query URLs; --pids by the same names)")
	fs.IntVar(&c.lookups, "lookups", 24, "with --mix: clients sending lookups")
	fs.DurationVar(&c.think, "think", time.Second, "with --mix: pause of a lookup client after each answer")
	fs.IntVar(&c.analysts, "analysts", 8, "with --mix: clients sending analyst walks ("+strings.Join(bench.WalkOps, ", ")+" in turn)")
}

func (m *Main) runBench(ctx context.Context) error {
	c := m.benchCfg
	if c.printMirror {
		s, err := bench.MirrorSchema()
		if err != nil {
			return err
		}
		_, err = io.WriteString(m.Stdout, s)
		return err
	}
	cfg := gen.Config{Entities: c.entities, Seed: int64(c.seed)}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if _, err := time.Parse(kg.DateLayout, c.asOf); err != nil {
		return fmt.Errorf("--asof: want YYYY-MM-DD, got %q", c.asOf)
	}
	if c.mix {
		return m.runMix(ctx, cfg)
	}
	ep := bench.Endpoints{DQL: c.dql, DgraphGraphQL: c.dgraphGraphQL, Cluster: c.cluster, Embedded: c.embedded}
	if ep == (bench.Endpoints{}) {
		return errors.New("bench needs at least one target: --dql, --dgraph-graphql, --cluster or --embedded")
	}
	procs, err := bench.ParseProcs(c.pids)
	if err != nil {
		return fmt.Errorf("--pids: %w", err)
	}
	loads, err := parseLoads(c.loads)
	if err != nil {
		return fmt.Errorf("--loads: %w", err)
	}
	var ops []string
	for _, op := range strings.Split(c.ops, ",") {
		if op = strings.TrimSpace(op); op == "" {
			continue
		}
		if !slices.Contains(bench.Ops, op) {
			return fmt.Errorf("--ops: unknown operation %q (want some of %s)", op, strings.Join(bench.Ops, ","))
		}
		ops = append(ops, op)
	}
	rep, err := bench.Bench(ctx, bench.Options{
		Graph: cfg, AsOf: c.asOf, Endpoints: ep, Ops: ops, Loads: loads, Mirror: c.mirror,
		Run: bench.Config{
			Concurrency: c.concurrency, Rounds: c.rounds, PerRound: c.perRound, Timeout: c.timeout,
			MaxRequests: c.maxRequestsPerSlot, Procs: procs,
		},
		Log: func(format string, args ...any) { m.Log.Info(fmt.Sprintf(format, args...)) },
	})
	if rep.Results != nil || len(rep.Failed) > 0 {
		var werr error
		if m.asJSON {
			werr = rep.WriteJSON(m.Stdout)
		} else {
			werr = rep.WriteTable(m.Stdout)
		}
		if c.jsonFile != "" {
			if jerr := writeJSONFile(c.jsonFile, rep); werr == nil {
				werr = jerr
			}
		}
		if err == nil {
			err = werr
		}
	}
	return err
}

// runMix runs the mixed workload against --targets.
func (m *Main) runMix(ctx context.Context, graph gen.Config) error {
	c := m.benchCfg
	targets, err := parseTargets(c.targets)
	if err != nil {
		return fmt.Errorf("--targets: %w", err)
	}
	procs, err := bench.ParseProcs(c.pids)
	if err != nil {
		return fmt.Errorf("--pids: %w", err)
	}
	for _, p := range procs {
		i := slices.IndexFunc(targets, func(t bench.MixTarget) bool { return t.Name == p.Name })
		if i < 0 {
			return fmt.Errorf("--pids: %s is not among --targets", p.Name)
		}
		targets[i].PID = p.PID
	}
	rep, err := bench.Mix(ctx, bench.MixOptions{
		Graph: graph, AsOf: c.asOf, Targets: targets, Lookups: c.lookups, Analysts: c.analysts, Think: c.think,
		Rounds: c.rounds, PerRound: c.perRound, Timeout: c.timeout,
		Log: func(format string, args ...any) { m.Log.Info(fmt.Sprintf(format, args...)) },
	})
	if err != nil {
		return err
	}
	if c.jsonFile != "" {
		if err := writeJSONFile(c.jsonFile, rep); err != nil {
			return err
		}
	}
	if m.asJSON {
		return rep.WriteJSON(m.Stdout)
	}
	return rep.WriteTable(m.Stdout)
}

// parseTargets reads "name=URL,…".
func parseTargets(s string) ([]bench.MixTarget, error) {
	var out []bench.MixTarget
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		name, u, ok := strings.Cut(kv, "=")
		if !ok || name == "" || u == "" {
			return nil, fmt.Errorf("want name=URL, got %q", kv)
		}
		if slices.ContainsFunc(out, func(t bench.MixTarget) bool { return t.Name == name }) {
			return nil, fmt.Errorf("target %s named twice", name)
		}
		out = append(out, bench.MixTarget{Name: name, URL: u})
	}
	if len(out) == 0 {
		return nil, errors.New("want at least one name=URL")
	}
	return out, nil
}

// jsonWriter is a report that writes itself as JSON.
type jsonWriter interface{ WriteJSON(io.Writer) error }

func writeJSONFile(path string, rep jsonWriter) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// parseLoads reads "name=seconds,…".
func parseLoads(s string) ([]bench.Load, error) {
	var out []bench.Load
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		name, v, ok := strings.Cut(kv, "=")
		secs, err := strconv.ParseFloat(v, 64)
		if !ok || name == "" || err != nil || secs <= 0 {
			return nil, fmt.Errorf("want name=seconds, got %q", kv)
		}
		out = append(out, bench.Load{Name: name, Seconds: secs})
	}
	return out, nil
}
