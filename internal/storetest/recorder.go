package storetest

import (
	"context"
	"maps"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chokepoint/chokepoint/data"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

// Recorder wraps a store and keeps every read request: its DQL text, its
// variables and its error. Tests count round trips with it and check that
// user values travel only as variables.
type Recorder struct {
	store.Store
	// CountOnly keeps no request, only their number: for benchmarks.
	CountOnly bool
	n         atomic.Int64
	mu        sync.Mutex
	reqs      []Request
}

// Request is one recorded read.
type Request struct {
	Query string
	Vars  map[string]string
	Err   error
}

// Query implements store.Store.
func (r *Recorder) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	out, err := r.Store.Query(ctx, q, vars)
	r.n.Add(1)
	if r.CountOnly {
		return out, err
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, Request{Query: q, Vars: maps.Clone(vars), Err: err})
	r.mu.Unlock()
	return out, err
}

// Count is how many reads were sent since the last Take or Reset.
func (r *Recorder) Count() int64 { return r.n.Load() }

// Take returns the requests recorded since the last Take, leaving out the
// source catalog's reloads, which carry no user value.
func (r *Recorder) Take() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Request
	for _, q := range r.reqs {
		if len(q.Vars) == 0 && strings.Contains(q.Query, "type(Source)") {
			continue
		}
		out = append(out, q)
	}
	r.reqs = nil
	r.n.Store(0)
	return out
}

// SeedCurated loads the curated dataset built into the binary.
func SeedCurated(s store.Store) error {
	g, err := loaders.ReadFS(data.FS)
	if err != nil {
		return err
	}
	_, err = loaders.Load(context.Background(), s, g, loaders.Options{})
	return err
}
