package graph

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// sourceCatalog keeps every Source in memory. Edge properties name their
// sources by id (Dgraph facets are scalars), and sources are few and change
// only with a load, so edges get full Source objects without a second
// request. The catalog reloads after a load in this process, and on a miss
// (a load by another process), at most once per refreshEvery.
type sourceCatalog struct {
	st   store.Store
	mu   sync.RWMutex
	byID map[string]*model.Source
	last time.Time
}

const refreshEvery = 5 * time.Second

// catalogQuery reads every Source with every attribute a source may have.
var catalogQuery = func() string {
	fields := []string{"xid", "dgraph.type", "name", "aliases", "description"}
	for _, a := range kg.KindAttrs[kg.Source].Allowed {
		fields = append(fields, string(a))
	}
	return "{ s(func: type(Source)) { " + strings.Join(fields, " ") + " } }"
}()

func newSourceCatalog(st store.Store) *sourceCatalog {
	return &sourceCatalog{st: st, byID: map[string]*model.Source{}}
}

// Refresh reloads the catalog.
func (c *sourceCatalog) Refresh(ctx context.Context) error {
	var out struct{ S []dql.Node }
	if err := store.QueryInto(ctx, c.st, catalogQuery, nil, &out); err != nil {
		return err
	}
	byID := make(map[string]*model.Source, len(out.S))
	var d decoder
	for i := range out.S {
		if s, ok := d.node(&out.S[i], nil).(*model.Source); ok {
			byID[s.ID] = s
		}
	}
	c.mu.Lock()
	c.byID, c.last = byID, time.Now()
	c.mu.Unlock()
	return nil
}

// lookup returns the sources with these ids, in order, and whether any was
// missing.
func (c *sourceCatalog) lookup(ids []string) ([]*model.Source, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*model.Source, 0, len(ids))
	missing := false
	for _, id := range ids {
		if s, ok := c.byID[id]; ok {
			out = append(out, s)
		} else {
			missing = true
		}
	}
	return out, missing
}

// Get returns the sources with these ids, reloading once if any is unknown.
func (c *sourceCatalog) Get(ctx context.Context, ids []string) []*model.Source {
	out, missing := c.lookup(ids)
	if !missing {
		return out
	}
	c.mu.RLock()
	stale := time.Since(c.last) > refreshEvery
	c.mu.RUnlock()
	if stale && c.Refresh(ctx) == nil {
		out, _ = c.lookup(ids)
	}
	return out
}
