package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// shutdownGrace is how long in-flight requests get once a stop is asked.
const shutdownGrace = 10 * time.Second

func (m *Main) runServe(ctx context.Context) error {
	st, err := m.open(ctx)
	if err != nil {
		return err
	}
	if m.serve.seed {
		if err := m.seedIfEmpty(ctx, st); err != nil {
			return err
		}
	}
	examples, err := queries.All()
	if err != nil {
		return err
	}
	h, err := server.New(ctx, st, server.Config{
		AllowedOrigins: server.SplitList(m.serve.corsOrigins),
		Limits:         m.serve.limits,
		Timeout:        m.serve.timeout, Introspection: m.serve.introspection, Token: m.serve.token,
		Examples: examples, OperationLabels: m.serve.operationLabels, Logger: m.Log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", m.serve.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.serve.addr, err)
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
