package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// corePredicates are what every entity carries besides its typed
// attributes and edges. folded holds names, aliases and codes in lower case
// without diacritics, so that "sefcovic" finds "Šefčovič". sortkey
// (kg.SortKey) orders relation lists and has no index on purpose: Dgraph
// sorts on an indexed predicate by walking its index from the start, which
// for a short list means most of the index (about 4 ms of CPU a list at
// 50,000 entities), while an unindexed one is sorted from the list's own
// values. The root lists, dense in the index, keep name's exact index.
var corePredicates = []struct{ name, decl string }{
	{"xid", "string @index(exact, trigram) @upsert"},
	{"name", "string @index(exact, term, trigram, fulltext)"},
	{"sortkey", "string"},
	{"aliases", "[string] @index(exact, term, trigram, fulltext)"},
	{"folded", "[string] @index(exact, term, trigram)"},
	{"description", "string @index(fulltext)"},
	{"sources", "[uid] @reverse"},
}

// NodePredicates lists the predicates every entity may carry, besides
// edges: the core ones, then every typed attribute of kg.Attrs.
var NodePredicates = func() []string {
	var out []string
	for _, p := range corePredicates {
		out = append(out, p.name)
	}
	return append(out, kg.AttrNames()...)
}()

// Schema is the DQL schema: node predicates with the indexes the loaders
// and the API filter on, one reverse-indexed uid predicate per edge type,
// and one Dgraph type per kind.
func Schema() string {
	var b strings.Builder
	for _, p := range corePredicates {
		fmt.Fprintf(&b, "%s: %s .\n", p.name, p.decl)
	}
	for _, a := range kg.Attrs {
		if len(a.Index) == 0 {
			fmt.Fprintf(&b, "%s: %s .\n", a.Name, a.Type)
			continue
		}
		fmt.Fprintf(&b, "%s: %s @index(%s) .\n", a.Name, a.Type, strings.Join(a.Index, ", "))
	}
	for _, t := range kg.EdgeTypes {
		fmt.Fprintf(&b, "%s: [uid] @reverse @count .\n", t.Name)
	}
	fields := append(append([]string{}, NodePredicates...), kg.EdgeTypeNames()...)
	for _, k := range kg.Kinds {
		fmt.Fprintf(&b, "type %s {\n  %s\n}\n", k, strings.Join(fields, "\n  "))
	}
	return b.String()
}

// alterer is what applySchema needs from an adapter.
type alterer interface {
	alter(ctx context.Context, schema string) error
}

// applySchema is idempotent: Dgraph accepts the same schema again and only
// rebuilds indexes that changed.
func applySchema(ctx context.Context, s Store) error {
	a, ok := s.(alterer)
	if !ok {
		return fmt.Errorf("store %s cannot apply a schema", s.Backend())
	}
	if err := a.alter(ctx, Schema()); err != nil {
		return fmt.Errorf("apply schema: %w", err)
	}
	return nil
}
