// Package server is Chokepoint's HTTP face: the GraphQL endpoint, the
// playground, the analyst explorer, health and readiness probes, and
// Prometheus metrics, behind request ids, access logs, CORS and per-request
// timeouts.
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/graph"
	"github.com/chokepoint/chokepoint/graph/limits"
	"github.com/chokepoint/chokepoint/store"
)

// Config tunes the HTTP service.
type Config struct {
	// AllowedOrigins may call /query from a browser; "*" allows any.
	AllowedOrigins []string
	// Limits bound every GraphQL request; zero fields take limits.Defaults.
	Limits limits.Limits
	// Timeout bounds each GraphQL request, backend work included.
	Timeout       time.Duration
	Introspection bool
	// Examples are preloaded into the playground as tabs; their operation
	// names always get a metrics label of their own.
	Examples []queries.Example
	// OperationLabels is how many other operation names get a metrics label
	// of their own, the first seen; later ones count as "other". Zero takes
	// DefaultOperationLabels; negative labels none.
	OperationLabels int
	// Token, when set, is the bearer token /query and /metrics require.
	Token  string
	Logger *slog.Logger
	// Walks sizes the admission of analyst queries (the walk fields); the
	// zero Config means admission.DefaultConfig().
	Walks admission.Config
}

// New builds the service's handler over a store.
func New(ctx context.Context, st store.Store, cfg Config) (http.Handler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = graph.DefaultTimeout
	}
	reg := prometheus.NewRegistry()
	if cfg.OperationLabels == 0 {
		cfg.OperationLabels = DefaultOperationLabels
	}
	m := newMetrics(reg, newOperationLabels(cfg.Examples, cfg.OperationLabels))
	measured := &measuredStore{Store: st, m: m}
	res, err := graph.NewResolver(ctx, measured)
	if err != nil {
		return nil, err
	}
	if cfg.Walks == (admission.Config{}) {
		cfg.Walks = admission.DefaultConfig()
	}
	if res.Walks, err = admission.New("analyst queries", cfg.Walks); err != nil {
		return nil, err
	}
	registerAdmission(reg, res.Walks)
	gql := graph.NewHandler(res, graph.Options{
		Limits: cfg.Limits, Introspection: cfg.Introspection,
		Logger: cfg.Logger, RequestID: RequestID, OnError: m.countError,
	})
	gql.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		start := time.Now()
		resp := next(ctx)
		m.observeOperation(operationName(ctx), len(resp.Errors) > 0, time.Since(start))
		return resp
	})
	gql.AroundResponses(markRetryLater)

	play, err := playground(cfg.Examples)
	if err != nil {
		return nil, err
	}
	explore, err := explorer()
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/query", requireToken(cfg.Token, withTimeout(cfg.Timeout, withRetryLater(res.Walks.RetryAfter(), gql))))
	mux.Handle("GET /{$}", play)
	mux.Handle("GET /assets/", assetHandler())
	mux.Handle("GET /explore", explore)
	mux.HandleFunc("GET /explore/{$}", func(w http.ResponseWriter, r *http.Request) {
		// The page links its files relative to /explore.
		target := "../explore"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		// Ready means a read of a real predicate succeeds through the same
		// path as queries; the body adds each alpha's address and state
		// (never an error text: those go to the log).
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		body := readiness{Status: "ready", Backend: st.Backend()}
		code := http.StatusOK
		if err := st.Ping(ctx); err != nil {
			cfg.Logger.WarnContext(ctx, "not ready", "request_id", RequestID(ctx), "err", err)
			body.Status, code = "unavailable", http.StatusServiceUnavailable
		}
		body.Alphas = st.Members()
		writeJSON(w, code, body)
	})
	mux.Handle("GET /metrics", requireToken(cfg.Token, promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})))
	allowed, err := newCORS(cfg.AllowedOrigins, cfg.Logger)
	if err != nil {
		return nil, err
	}
	return withRequestID(accessLog(cfg.Logger, securityHeaders(allowed.wrap(mux)))), nil
}

// operationName is the name of the operation that ran, as its document
// names it; the name the client sent when the document did not parse.
func operationName(ctx context.Context) string {
	if !graphql.HasOperationContext(ctx) {
		return ""
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation != nil {
		return op.Operation.Name
	}
	return op.OperationName
}

// readiness is the body of /readyz.
type readiness struct {
	Status  string         `json:"status"`
	Backend string         `json:"backend"`
	Alphas  []store.Member `json:"alphas,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// withTimeout puts a deadline on the request's context: backend calls stop
// at it and the request answers TIMEOUT.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
