// Package store is Chokepoint's only door to Dgraph. Everything above it sees
// one small interface; two thin adapters implement it: the embedded engine
// (file://DIR, modusGraph in-process) and a Dgraph cluster (dgraph://host:port
// through dgo).
package store

import (
	"context"
	"log/slog"
	"net/url"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Store runs DQL against one graph.
type Store interface {
	// Query runs a read-only DQL query; every user value travels in vars.
	// It returns Dgraph's JSON answer.
	Query(ctx context.Context, q string, vars map[string]string) ([]byte, error)
	// Update runs fn in a read-write transaction and commits it. On a
	// cluster an aborted transaction is retried with a fresh one, so fn must
	// be safe to run again; on the embedded engine writers are serialised.
	Update(ctx context.Context, fn func(ctx context.Context, tx Txn) error) error
	// DropAll removes every node and re-applies the schema.
	DropAll(ctx context.Context) error
	// Ping reports whether the store can serve queries now: it reads a real
	// predicate through the same path as Query (on a cluster, a healthy
	// alpha, failing over like any read), so a backend that answers but
	// cannot read (a Dgraph group without quorum) is not ready.
	Ping(ctx context.Context) error
	// Members lists the servers behind the store and their health: a
	// cluster's alphas; nil for the embedded engine.
	Members() []Member
	// Backend names the adapter: "embedded" or "cluster".
	Backend() string
	Close() error
}

// Txn is one read-write transaction.
type Txn interface {
	Query(ctx context.Context, q string, vars map[string]string) ([]byte, error)
	// Mutate applies RDF N-Quads: Del first, then Set. It returns the uids
	// given to blank nodes, keyed by label without the "_:" prefix.
	Mutate(ctx context.Context, m Mutation) (map[string]string, error)
}

// Mutation is one write in RDF N-Quads.
type Mutation struct {
	Set []byte
	Del []byte
}

// Empty reports whether m writes nothing.
func (m Mutation) Empty() bool { return len(m.Set) == 0 && len(m.Del) == 0 }

// DefaultDSN is the embedded engine in ./chokepoint-data.
const DefaultDSN = "file://chokepoint-data"

// Open opens the store a DSN names, applies the schema and gives entities
// from older graphs the sort key relation lists are ordered by:
//
//	file://DIR                     embedded engine with its data in DIR
//	dgraph://host:9080[,host:9080]  Dgraph cluster; requests go round-robin over the healthy alphas
func Open(ctx context.Context, dsn string, opts ...Option) (Store, error) {
	o := options{log: slog.Default()}
	for _, opt := range opts {
		opt(&o)
	}
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok || rest == "" {
		return nil, kg.Errorf(kg.CodeInvalid, "invalid DSN %q: want file://DIR or dgraph://host:port[,host:port]", dsn)
	}
	var (
		s   Store
		err error
	)
	switch scheme {
	case "file":
		if o.existingOnly && !holdsGraph(rest) {
			return nil, kg.Wrap(kg.CodeNotFound, ErrNoGraph, "open %s", dsn)
		}
		s, err = openEmbedded(rest)
	case "dgraph":
		s, err = openCluster(ctx, rest, o.log)
	default:
		return nil, kg.Errorf(kg.CodeInvalid, "invalid DSN %q: unknown scheme %q (want file or dgraph)", dsn, scheme)
	}
	if err != nil {
		return nil, err
	}
	if err := applySchema(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	if err := backfillSortKeys(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Option tunes Open.
type Option func(*options)

type options struct {
	log          *slog.Logger
	existingOnly bool
}

// WithLogger sends the store's own events (an alpha leaving or rejoining
// rotation) to l instead of slog.Default().
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// clusterHosts splits "h1:9080,h2:9080?opts" into host:port pairs.
func clusterHosts(rest string) ([]string, error) {
	hostPart, _, _ := strings.Cut(rest, "?")
	hostPart = strings.TrimSuffix(hostPart, "/")
	var hosts []string
	for _, h := range strings.Split(hostPart, ",") {
		u, err := url.Parse("dgraph://" + h)
		if err != nil || u.Hostname() == "" || u.Port() == "" {
			return nil, kg.Errorf(kg.CodeInvalid, "invalid DSN host %q: want host:port", h)
		}
		hosts = append(hosts, u.Host)
	}
	return hosts, nil
}
