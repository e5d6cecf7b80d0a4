package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/graph/limits"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

const usage = `chokepoint — who controls which critical materials, and what depends on them

Usage:
  chokepoint serve [--addr HOST:PORT] [--dsn DSN] [--seed=true] [--cors-origins LIST] [--max-depth N]
                   [--max-complexity N] [--timeout D] [--introspection=true] [--token T]
                   [--max-body-bytes N] [--max-query-bytes N] [--max-fields N] [--max-aliases N]
                   [--max-fragments N] [--max-variables N] [--metrics-operations N]
                   [--walk-slots N] [--walk-queue N] [--walk-wait D]
      Serve GraphQL at /query and the playground at /; seeds the curated dataset into an empty graph.
  chokepoint load  [--dsn DSN] [--dry-run] [--format json|csv|nquads] [--batch N] [FILE…]
      Validate and upsert files (all or nothing per call); with no FILE, the built-in curated dataset.
  chokepoint stats [--dsn DSN] [--json]
      Count entities per kind and edges per type.
  chokepoint export [--dsn DSN] [--format json|csv|nquads] [--out PATH]
      Write the whole graph in a format load reads, in a canonical order (stdout by default; csv: --out DIR).
  chokepoint gen   --out DIR [--entities N] [--seed S] [--format json|nquads|both] [--gzip]
      Generate a large realistic graph for benchmarks: DIR/graph.json for load, DIR/graph.rdf and
      DIR/schema.dql for dgraph live. The same N and S always give the same files.
  chokepoint bench [--entities N] [--seed S] [--dql URL] [--dgraph-graphql URL] [--cluster URL] [--embedded URL]
                   [--pids alpha=PID,…] [--concurrency 8] [--rounds 3] [--round-time 5s] [--mirror-schema] [--json]
      Measure the same operations on raw DQL, Dgraph GraphQL and Chokepoint over a graph made by gen
      (scripts/bench.sh runs it end to end; see BENCHMARKS.md).
  chokepoint bench --mix --targets NAME=URL,… [--pids NAME=PID,…] [--lookups 24] [--analysts 8] [--think 1s]
      Mixed load: lookup and analyst clients at once against each Chokepoint server in turn; latency
      per operation, RETRY_LATER and other errors by code, and the servers' memory (scripts/mix.sh).

DSN: file://DIR (embedded engine, default file://chokepoint-data) or dgraph://host:9080[,host:9080].
Every flag falls back to an environment variable: --dsn → CHOKEPOINT_DSN, --max-depth → CHOKEPOINT_MAX_DEPTH, …
`

// Main is the program: parse flags, run one command, release what it opened.
// End-to-end tests drive it as the binary would.
type Main struct {
	Stdout, Stderr io.Writer
	Log            *slog.Logger

	cmd  string
	args []string

	dsn    string
	dryRun bool
	format string
	batch  int
	asJSON bool

	serve    serveConfig
	generate genConfig
	export   exportConfig
	benchCfg benchConfig
	// Listening, if set, hears the address serve listens on (port 0 picks one).
	Listening func(addr string)

	st store.Store
}

type serveConfig struct {
	addr          string
	seed          bool
	corsOrigins   string
	limits        limits.Limits
	timeout       time.Duration
	introspection bool
	token         string
	// operationLabels is how many operation names besides the examples' get a metrics label.
	operationLabels int
	walks           admission.Config
}

// NewMain returns a Main writing to the process's stdout and stderr.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
}

// envOr returns the environment variable's value, or def when unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// ParseFlags reads the command and its flags.
func (m *Main) ParseFlags(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(m.Stderr, usage)
		return flag.ErrHelp
	}
	m.cmd = args[0]
	fs := flag.NewFlagSet(m.cmd, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	if m.cmd != "gen" && m.cmd != "bench" { // gen writes files, bench talks HTTP
		fs.StringVar(&m.dsn, "dsn", envOr("CHOKEPOINT_DSN", store.DefaultDSN), "graph store: file://DIR or dgraph://host:port[,host:port] (env CHOKEPOINT_DSN)")
	}
	env := envFlags{fs: fs}
	switch m.cmd {
	case "serve":
		env.String(&m.serve.addr, "addr", "CHOKEPOINT_ADDR", "localhost:8080", "listen address")
		env.Bool(&m.serve.seed, "seed", "CHOKEPOINT_SEED", true, "load the curated dataset when the graph is empty")
		env.String(&m.serve.corsOrigins, "cors-origins", "CHOKEPOINT_CORS_ORIGINS", "", "comma-separated origins allowed to call /query from a browser (* for any)")
		lim, def := &m.serve.limits, limits.Defaults
		env.Int(&lim.Depth, "max-depth", "CHOKEPOINT_MAX_DEPTH", def.Depth, "deepest field nesting allowed in an operation")
		env.Int(&lim.Complexity, "max-complexity", "CHOKEPOINT_MAX_COMPLEXITY", def.Complexity, "highest operation cost allowed (list fields cost their page size times their children)")
		env.Duration(&m.serve.timeout, "timeout", "CHOKEPOINT_TIMEOUT", 10*time.Second, "time limit of one GraphQL request")
		env.Bool(&m.serve.introspection, "introspection", "CHOKEPOINT_INTROSPECTION", true, "allow schema introspection (and field suggestions in errors)")
		env.String(&m.serve.token, "token", "CHOKEPOINT_TOKEN", "", "bearer token required on /query and /metrics (none: open)")
		env.Int64(&lim.BodyBytes, "max-body-bytes", "CHOKEPOINT_MAX_BODY_BYTES", def.BodyBytes, "largest POST body to /query, in bytes (-1: no limit)")
		env.Int(&lim.QueryBytes, "max-query-bytes", "CHOKEPOINT_MAX_QUERY_BYTES", def.QueryBytes, "largest query document, in bytes (-1: no limit)")
		env.Int(&lim.Fields, "max-fields", "CHOKEPOINT_MAX_FIELDS", def.Fields, "most fields a query document may select, each fragment counted once (-1: no limit)")
		env.Int(&lim.Aliases, "max-aliases", "CHOKEPOINT_MAX_ALIASES", def.Aliases, "most aliases in a query document (-1: no limit)")
		env.Int(&lim.Fragments, "max-fragments", "CHOKEPOINT_MAX_FRAGMENTS", def.Fragments, "most fragment definitions in a query document (-1: no limit)")
		env.Int(&lim.Variables, "max-variables", "CHOKEPOINT_MAX_VARIABLES", def.Variables, "most variable definitions in a query document (-1: no limit)")
		env.Int(&m.serve.operationLabels, "metrics-operations", "CHOKEPOINT_METRICS_OPERATIONS", server.DefaultOperationLabels, "how many operation names besides the examples' get their own metrics label; later ones count as other")
		m.serve.walkFlags(&env)
	case "load":
		fs.BoolVar(&m.dryRun, "dry-run", false, "validate and report what would change; write nothing")
		fs.StringVar(&m.format, "format", "", "format of every FILE: json, csv or nquads (default: from the extension)")
		fs.IntVar(&m.batch, "batch", 1000, "records per transaction")
	case "stats":
		fs.BoolVar(&m.asJSON, "json", false, "print JSON")
	case "export":
		m.export.flags(fs, &m.format)
	case "gen":
		env.Int(&m.generate.entities, "entities", "CHOKEPOINT_GEN_ENTITIES", 100_000, "how many entities to generate (1000 to 10000000)")
		env.Int(&m.generate.seed, "seed", "CHOKEPOINT_GEN_SEED", 1, "which graph of that size to generate")
		fs.StringVar(&m.generate.out, "out", "", "directory to write graph.json, graph.rdf and schema.dql to")
		fs.StringVar(&m.format, "format", "both", "what to write: json, nquads or both")
		fs.BoolVar(&m.generate.gzip, "gzip", false, "compress the N-Quads to graph.rdf.gz (dgraph live reads it as is)")
	case "bench":
		m.benchCfg.flags(fs, &env)
		fs.BoolVar(&m.asJSON, "json", false, "print JSON")
	default:
		fmt.Fprint(m.Stderr, usage)
		return fmt.Errorf("unknown command %q", m.cmd)
	}
	if env.err != nil {
		return env.err
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	m.args = fs.Args()
	if m.cmd != "load" && len(m.args) > 0 {
		return fmt.Errorf("%s takes no arguments, got %q", m.cmd, m.args)
	}
	return nil
}

// Run executes the parsed command.
func (m *Main) Run(ctx context.Context) error {
	switch m.cmd {
	case "load":
		return m.load(ctx)
	case "stats":
		return m.stats(ctx)
	case "serve":
		return m.runServe(ctx)
	case "export":
		return m.runExport(ctx)
	case "gen":
		return m.runGen(ctx)
	case "bench":
		return m.runBench(ctx)
	}
	return fmt.Errorf("unknown command %q", m.cmd)
}

// Close releases the store.
func (m *Main) Close() error {
	if m.st == nil {
		return nil
	}
	err := m.st.Close()
	m.st = nil
	return err
}

func (m *Main) open(ctx context.Context) (store.Store, error) {
	if m.st == nil {
		st, err := store.Open(ctx, m.dsn, store.WithLogger(m.Log))
		if err != nil {
			return nil, err
		}
		m.st = st
	}
	return m.st, nil
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
	rep, err := loaders.Load(ctx, st, g, loaders.Options{DryRun: m.dryRun, BatchSize: m.batch, Progress: progress})
	finish()
	if err != nil {
		var ps loaders.Problems
		if !errors.As(err, &ps) && rep.Entities != (loaders.Counts{}) {
			m.Log.Error("load stopped part-way; run the same load again to complete it (loads are idempotent)", "written", rep.String())
		}
		return err
	}
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

func (m *Main) stats(ctx context.Context) error {
	st, err := m.open(ctx)
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
	return nil
}
