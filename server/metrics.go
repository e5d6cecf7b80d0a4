package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

type metrics struct {
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	errors    *prometheus.CounterVec
	dql       *prometheus.HistogramVec
	dqlErrors *prometheus.CounterVec

	operations *operationLabels
}

func newMetrics(reg *prometheus.Registry, operations *operationLabels) *metrics {
	m := &metrics{
		operations: operations,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chokepoint_graphql_requests_total", Help: "GraphQL operations by operation name and outcome.",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chokepoint_graphql_request_duration_seconds", Help: "GraphQL operation latency by operation name.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chokepoint_graphql_errors_total", Help: "GraphQL errors by extensions.code.",
		}, []string{"code"}),
		dql: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chokepoint_dql_duration_seconds", Help: "Backend request latency (query or update).",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 18),
		}, []string{"kind"}),
		dqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chokepoint_dql_errors_total", Help: "Failed backend requests by error code.",
		}, []string{"kind", "code"}),
	}
	reg.MustRegister(m.requests, m.latency, m.errors, m.dql, m.dqlErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observeOperation(name string, failed bool, d time.Duration) {
	name = m.operations.label(name)
	outcome := "ok"
	if failed {
		outcome = "error"
	}
	m.requests.WithLabelValues(name, outcome).Inc()
	m.latency.WithLabelValues(name).Observe(d.Seconds())
}

func (m *metrics) countError(code string) { m.errors.WithLabelValues(code).Inc() }

// measuredStore times every backend request.
type measuredStore struct {
	store.Store
	m *metrics
}

func (s *measuredStore) observe(kind string, start time.Time, err error) {
	s.m.dql.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.dqlErrors.WithLabelValues(kind, string(kg.CodeOf(err))).Inc()
	}
}

func (s *measuredStore) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	start := time.Now()
	out, err := s.Store.Query(ctx, q, vars)
	s.observe("query", start, err)
	return out, err
}

func (s *measuredStore) Update(ctx context.Context, fn func(context.Context, store.Txn) error) error {
	start := time.Now()
	err := s.Store.Update(ctx, fn)
	s.observe("update", start, err)
	return err
}
