package server

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/kg"
)

// The admission of analyst queries in HTTP terms: gauges of the walk gate,
// and refusals answered as 503 with Retry-After.

// registerAdmission exports how many walks hold a slot and how many wait;
// refusals are counted among the errors by code (RETRY_LATER).
func registerAdmission(reg prometheus.Registerer, g *admission.Gate) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "chokepoint_walks_running", Help: "Analyst queries (walks) holding a slot of the admission gate.",
		}, func() float64 { return float64(g.Running()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "chokepoint_walks_waiting", Help: "Analyst queries (walks) waiting for a slot.",
		}, func() float64 { return float64(g.Waiting()) }),
	)
}

// A field refused with RETRY_LATER is an error inside a GraphQL answer,
// which gqlgen sends with 200. Clients, proxies and load balancers act on
// the status line, so such an answer goes out as 503 with Retry-After; its
// body still holds whatever the other fields answered.

type refusedKey struct{}

// withRetryLater lets markRetryLater turn the answer of the request into
// 503 with a Retry-After of after (whole seconds, at least one).
func withRetryLater(after time.Duration, next http.Handler) http.Handler {
	secs := strconv.Itoa(max(1, int(after/time.Second)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &retryLaterWriter{ResponseWriter: w, retryAfter: secs}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), refusedKey{}, &rw.refused)))
	})
}

// markRetryLater is a gqlgen response middleware: it notes an answer that
// carries RETRY_LATER before the transport writes it.
func markRetryLater(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil && hasCode(resp.Errors, string(kg.CodeRetryLater)) {
		if refused, ok := ctx.Value(refusedKey{}).(*atomic.Bool); ok {
			refused.Store(true)
		}
	}
	return resp
}

func hasCode(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c == code {
			return true
		}
	}
	return false
}

// retryLaterWriter sends 503 and Retry-After instead of 200 once the
// answer is marked refused.
type retryLaterWriter struct {
	http.ResponseWriter
	retryAfter  string
	refused     atomic.Bool
	wroteHeader bool
}

func (w *retryLaterWriter) WriteHeader(code int) {
	if !w.wroteHeader && code == http.StatusOK && w.refused.Load() {
		w.Header().Set("Retry-After", w.retryAfter)
		code = http.StatusServiceUnavailable
	}
	w.wroteHeader = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *retryLaterWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *retryLaterWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
