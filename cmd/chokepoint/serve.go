package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/graph/limits"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// shutdownGrace is how long in-flight requests get once a stop is asked.
const shutdownGrace = 10 * time.Second

// serveConfig holds the flags of chokepoint serve.
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

var serveCommand = &command{
	name:    "serve",
	summary: "Serve GraphQL at /query and the playground at /",
	detail: `Serve GraphQL at /query, the playground at /, /healthz, /readyz and /metrics.
With --seed (the default) an empty graph first gets the curated dataset; with
--seed=false a file:// directory that holds no graph is an error. The address is
taken before the store is opened, so a port in use fails at once.`,
	examples: []string{
		"chokepoint serve                                  # embedded graph, playground on http://localhost:8080/",
		"chokepoint serve --addr :9000 --dsn dgraph://127.0.0.1:9180 --seed=false",
		"CHOKEPOINT_TOKEN=s3cret chokepoint serve --cors-origins https://example.org",
	},
	// serve's variables predate the per-command names: CHOKEPOINT_<FLAG>.
	envPrefix: "CHOKEPOINT_",
	flags:     (*Main).serveFlags,
	run:       (*Main).runServe,
}

func (m *Main) serveFlags(fs *flag.FlagSet) {
	c := &m.serve
	m.dsnFlag(fs)
	fs.StringVar(&c.addr, "addr", "localhost:8080", "listen address `HOST:PORT` (port 0 picks a free one)")
	fs.BoolVar(&c.seed, "seed", true, "load the curated dataset when the graph is empty; false: serve an existing graph only")
	fs.StringVar(&c.corsOrigins, "cors-origins", "", "comma-separated origins allowed to call /query from a browser (* for any)")
	lim, def := &c.limits, limits.Defaults
	fs.IntVar(&lim.Depth, "max-depth", def.Depth, "deepest field nesting allowed in an operation")
	fs.IntVar(&lim.Complexity, "max-complexity", def.Complexity, "highest operation cost allowed (list fields cost their page size times their children)")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "time limit of one GraphQL request")
	fs.BoolVar(&c.introspection, "introspection", true, "allow schema introspection (and field suggestions in errors)")
	fs.StringVar(&c.token, "token", "", "bearer token required on /query and /metrics (empty: open)")
	fs.Int64Var(&lim.BodyBytes, "max-body-bytes", def.BodyBytes, "largest POST body to /query, in bytes (-1: no limit)")
	fs.IntVar(&lim.QueryBytes, "max-query-bytes", def.QueryBytes, "largest query document, in bytes (-1: no limit)")
	fs.IntVar(&lim.Fields, "max-fields", def.Fields, "most fields a query document may select, each fragment counted once (-1: no limit)")
	fs.IntVar(&lim.Aliases, "max-aliases", def.Aliases, "most aliases in a query document (-1: no limit)")
	fs.IntVar(&lim.Fragments, "max-fragments", def.Fragments, "most fragment definitions in a query document (-1: no limit)")
	fs.IntVar(&lim.Variables, "max-variables", def.Variables, "most variable definitions in a query document (-1: no limit)")
	fs.IntVar(&c.operationLabels, "metrics-operations", server.DefaultOperationLabels, "how many operation names besides the examples' get their own metrics label; later ones count as other")
	c.walkFlags(fs)
}

func (m *Main) runServe(ctx context.Context) error {
	if err := m.serve.walks.Validate(); err != nil {
		return err // before the store: a bad flag should not wait for the engine
	}
	// Listen first: a port in use fails in milliseconds, before the store
	// creates a data directory or seeds it.
	ln, err := net.Listen("tcp", m.serve.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.serve.addr, err)
	}
	defer ln.Close()
	h, st, err := m.serveHandler(ctx)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      m.serve.timeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	addr := ln.Addr().String()
	m.Log.Info("serving", "playground", "http://"+addr+"/", "graphql", "http://"+addr+"/query", "backend", st.Backend())
	if m.Listening != nil {
		m.Listening(addr)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	m.Log.Info("shutting down", "grace", shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveHandler opens the store (an existing graph only, unless seeding)
// and builds the HTTP handler over it.
func (m *Main) serveHandler(ctx context.Context) (http.Handler, store.Store, error) {
	var opts []store.Option
	if !m.serve.seed {
		opts = append(opts, store.ExistingOnly())
	}
	st, err := m.open(ctx, opts...)
	if err != nil {
		return nil, nil, err
	}
	if m.serve.seed {
		if err := m.seedIfEmpty(ctx, st); err != nil {
			return nil, nil, err
		}
	}
	examples, err := queries.All()
	if err != nil {
		return nil, nil, err
	}
	h, err := server.New(ctx, st, server.Config{
		AllowedOrigins: server.SplitList(m.serve.corsOrigins),
		Limits:         m.serve.limits,
		Timeout:        m.serve.timeout, Introspection: m.serve.introspection, Token: m.serve.token,
		Examples: examples, OperationLabels: m.serve.operationLabels, Logger: m.Log, Walks: m.serve.walks,
	})
	return h, st, err
}

// walkFlags sizes the admission of analyst queries: how many walks run at
// once, how many more wait, and for how long.
func (c *serveConfig) walkFlags(fs *flag.FlagSet) {
	def := admission.DefaultConfig()
	fs.IntVar(&c.walks.Slots, "walk-slots", def.Slots, "analyst queries (walks) that run at once")
	fs.IntVar(&c.walks.Queue, "walk-queue", def.Queue, "analyst queries that may wait for a slot; more are refused with RETRY_LATER")
	fs.DurationVar(&c.walks.Wait, "walk-wait", def.Wait, "longest wait for a slot (at most half the request's time left) before RETRY_LATER")
}

// seedIfEmpty loads the curated dataset into a graph that has no entities.
func (m *Main) seedIfEmpty(ctx context.Context, st store.Store) error {
	empty, err := store.IsEmpty(ctx, st)
	if err != nil || !empty {
		return err
	}
	g, err := loaders.ReadFS(data.FS)
	if err != nil {
		return err
	}
	rep, err := loaders.Load(ctx, st, g, loaders.Options{})
	if err != nil {
		return fmt.Errorf("seed the curated dataset: %w", err)
	}
	m.Log.Info("seeded the curated dataset", "report", rep.String())
	return nil
}
