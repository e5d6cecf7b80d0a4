package export

import (
	"context"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// WriteSubgraph writes what a walk reached as a graph that loads on its own
// into an empty store: every entity of sub with all its fields as stored
// (a walk reads only names and status), the edges of sub with all their
// properties as stored, and every entity these records refer to, reached
// or not — the Sources they cite and the suppliers dependencies name — with
// what those refer to in turn, since load refuses a reference to an entity
// that neither the input nor the graph defines. The order is Write's:
// entities by id, then edges by (from, type, to). It closes enc when all
// went well.
//
// The records are held in memory until written, which a walk's node cap
// (analysis.HardMaxNodes) bounds.
func WriteSubgraph(ctx context.Context, st store.Store, sub *analysis.Subgraph, enc loaders.Encoder, opt Options) (Counts, error) {
	r := newReader(st, opt)
	ids := make([]string, len(sub.Nodes))
	for i, n := range sub.Nodes {
		ids[i] = n.ID
	}
	walked := map[kg.EdgeKey]bool{}
	for _, e := range sub.Edges {
		walked[e.Key()] = true
	}

	var edges []kg.Edge
	var referred []string
	err := r.pagesOf(ctx, ids, edgeFields, func(n *dql.Node) error {
		for _, e := range edgesOf(n) {
			if walked[e.Key()] {
				edges = append(edges, e)
				referred = append(referred, e.Sources...)
				if e.Supplier != "" {
					referred = append(referred, e.Supplier)
				}
			}
		}
		return nil
	})
	if err != nil {
		return Counts{}, err
	}
	if len(edges) != len(walked) {
		return Counts{}, kg.Errorf(kg.CodeConflict, "export: %d edges of the walk are no longer in the graph: export a graph no load is writing to", len(walked)-len(edges))
	}

	entities, err := r.entitiesReferred(ctx, ids, referred)
	if err != nil {
		return Counts{}, err
	}
	c := Counts{Entities: len(entities), Edges: len(edges)}
	for i := range entities {
		if err := enc.Entity(&entities[i]); err != nil {
			return c, err
		}
	}
	// pagesOf reads nodes in id order and edgesOf sorts each node's edges
	// by type and target: edges are in (from, type, to) order already.
	for i := range edges {
		if err := enc.Edge(&edges[i]); err != nil {
			return c, err
		}
	}
	return c, enc.Close()
}

// entitiesReferred reads the entities of ids and, until none is missing,
// those of the ids in referred and of the sources the entities read cite,
// sorted by id.
func (r *reader) entitiesReferred(ctx context.Context, ids, referred []string) ([]kg.Entity, error) {
	var entities []kg.Entity
	have := map[string]bool{}
	for len(ids) > 0 {
		for _, id := range ids {
			have[id] = true
		}
		err := r.pagesOf(ctx, ids, entityFields, func(n *dql.Node) error {
			e, err := entityOf(n)
			entities = append(entities, e)
			referred = append(referred, e.Sources...)
			return err
		})
		if err != nil {
			return nil, err
		}
		ids = nil
		for _, id := range sortedSet(referred) {
			if !have[id] {
				ids = append(ids, id)
			}
		}
		referred = nil
	}
	slices.SortFunc(entities, func(a, b kg.Entity) int { return strings.Compare(a.ID, b.ID) })
	return entities, nil
}
