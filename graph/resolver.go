// Package graph is the GraphQL layer: gqlgen's generated executor, thin
// resolvers, and the planner that answers each operation with one DQL
// request.
package graph

import (
	"context"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/store"
)

//go:generate go run ../internal/attrgen -out model/attrs_gen.go
//go:generate go tool gqlgen generate

// Resolver holds what the resolvers need.
type Resolver struct {
	Store   store.Store
	sources *sourceCatalog
	schema  *ast.Schema
	// Now tells the date that asOf defaults to; tests pin it.
	Now func() time.Time
	// Walks, if set, admits the walk fields: each holds one of its slots
	// while it runs, and is refused with RETRY_LATER when none comes free.
	Walks *admission.Gate
}

// NewResolver returns a resolver over st and loads the source catalog.
func NewResolver(ctx context.Context, st store.Store) (*Resolver, error) {
	r := &Resolver{Store: st, sources: newSourceCatalog(st), Now: time.Now}
	r.schema = NewExecutableSchema(Config{Resolvers: r}).Schema()
	if err := checkRootFields(r.schema); err != nil {
		return nil, err
	}
	if err := r.sources.Refresh(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// GraphChanged reloads what the resolver caches after a load.
func (r *Resolver) GraphChanged(ctx context.Context) error { return r.sources.Refresh(ctx) }

// today is the default asOf, in UTC.
func (r *Resolver) today() string { return r.Now().UTC().Format("2006-01-02") }
