package loaders

import (
	"context"
	"fmt"
	"slices"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// A few checks compare two fields of a record: a date that may not come
// before another, a quantity and its unit, the role a type requires. A
// partial record may give one of the two and keep the other as stored;
// validate cannot see the stored one, so checkMerged reads it and checks
// the record as the load would write it, before anything is written. Only
// such records cost a read.

// needsStoredEntity reports whether a check of e pairs a field it gives
// with one it keeps as stored: an order of dates, a capacity and its unit.
func needsStoredEntity(e kg.Entity) bool {
	given := func(a kg.Attr) bool { return e.Attrs[a] != "" }
	kept := func(a kg.Attr) bool { return e.Omitted&omitAttrs[a] != 0 }
	for _, o := range dateOrder {
		if halfGiven(given(o.first), kept(o.first), given(o.then), kept(o.then)) {
			return true
		}
	}
	return given(kg.AttrCapacity) && kept(kg.AttrCapacityUnit) ||
		kept(kg.AttrCapacity) && !given(kg.AttrCapacityUnit) && !kept(kg.AttrCapacityUnit)
}

// needsStoredEdge reports whether a check of e involves a property it keeps
// as stored.
func needsStoredEdge(e kg.Edge) bool {
	t, _ := kg.LookupEdgeType(e.Type)
	kept := func(f kg.FieldSet) bool { return e.Omitted&f != 0 }
	return halfGiven(e.Since != "", kept(omitSince), e.Until != "", kept(omitUntil)) ||
		e.Quantity != nil && kept(omitUnit) ||
		kept(omitQuantity) && e.Unit == "" && !kept(omitUnit) ||
		slices.Contains(t.Requires, "role") && kept(omitRole)
}

// halfGiven reports whether one of two values is given and the other kept.
func halfGiven(aGiven, aKept, bGiven, bKept bool) bool {
	return aGiven && bKept || bGiven && aKept
}

// checkMerged runs the checks of crossEntity and crossEdge on the records
// that need a stored value, merged with what the graph holds.
func checkMerged(ctx context.Context, q store.Querier, v *validated, ps *Problems) error {
	var ents []kg.Entity
	for _, e := range v.graph.Entities {
		if needsStoredEntity(e) {
			ents = append(ents, e)
		}
	}
	var edges []kg.Edge
	for _, e := range v.graph.Edges {
		if needsStoredEdge(e) {
			edges = append(edges, e)
		}
	}
	for batch := range slices.Chunk(ents, defaultBatch) {
		ids := make([]string, len(batch))
		for i, e := range batch {
			ids[i] = e.ID
		}
		nodes, err := lookup(ctx, q, &dql.Vars{}, ids, entityFields)
		if err != nil {
			return fmt.Errorf("read stored records: %w", err)
		}
		for _, e := range batch {
			n, exists := nodes[e.ID]
			have := stored{values: map[string]string{}, lists: map[string][]string{}}
			if exists {
				have = storedOf(n)
			}
			merged := mergeEntity(e, have)
			merged.Omitted = 0
			mergedProblems(exists, ps, func(ps *Problems) { crossEntity(merged, ps) })
		}
	}
	for batch := range slices.Chunk(edges, defaultBatch) {
		froms, err := storedEdges(ctx, q, batch)
		if err != nil {
			return fmt.Errorf("read stored records: %w", err)
		}
		for _, e := range batch {
			t, _ := kg.LookupEdgeType(e.Type)
			have, exists := storedEdge(froms[e.From], e.Type, e.To)
			if exists {
				e = mergeEdge(e, have)
			}
			mergedProblems(exists, ps, func(ps *Problems) { crossEdge(e, t, 0, ps) })
		}
	}
	return nil
}

// mergedProblems adds what check finds; when a stored record was merged
// in, each message says so, since the record alone does not show the
// value at fault.
func mergedProblems(merged bool, ps *Problems, check func(*Problems)) {
	var found Problems
	check(&found)
	for _, p := range found {
		if merged {
			p.Msg += " (with the fields the record leaves out as stored)"
		}
		*ps = append(*ps, p)
	}
}
