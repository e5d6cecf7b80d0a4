package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// scalarSchema declares every node predicate and the indexes the loaders and
// the API filter on. folded holds names and aliases in lower case without
// diacritics, so that "sefcovic" finds "Šefčovič".
var scalarSchema = []string{
	`xid: string @index(exact, trigram) @upsert .`,
	`name: string @index(exact, term, trigram, fulltext) .`,
	`aliases: [string] @index(exact, term, trigram, fulltext) .`,
	`folded: [string] @index(exact, term, trigram) .`,
	`description: string @index(fulltext) .`,
	`sources: [uid] @reverse .`,
	`symbol: string @index(exact) .`,
	`atomicNumber: int @index(int) .`,
	`code: string @index(exact) .`,
	`category: string @index(exact) .`,
	`url: string @index(exact) .`,
	`publisher: string @index(exact, term) .`,
	`text: string @index(fulltext) .`,
}

// NodePredicates lists the predicates every entity may carry, besides edges.
var NodePredicates = []string{
	"xid", "name", "aliases", "folded", "description", "sources",
	"symbol", "atomicNumber", "code", "category", "url", "publisher", "text",
}

// Schema is the DQL schema: node predicates, one reverse-indexed uid
// predicate per edge type, date predicates with a day index, and one Dgraph
// type per kind.
func Schema() string {
	var b strings.Builder
	for _, line := range scalarSchema {
		b.WriteString(line + "\n")
	}
	for _, a := range kg.DateAttrs {
		fmt.Fprintf(&b, "%s: datetime @index(day) .\n", a)
	}
	for _, t := range kg.EdgeTypes {
		fmt.Fprintf(&b, "%s: [uid] @reverse @count .\n", t.Name)
	}
	fields := append(append([]string{}, NodePredicates...), attrNames(kg.DateAttrs)...)
	fields = append(fields, kg.EdgeTypeNames()...)
	for _, k := range kg.Kinds {
		fmt.Fprintf(&b, "type %s {\n  %s\n}\n", k, strings.Join(fields, "\n  "))
	}
	return b.String()
}

func attrNames(as []kg.Attr) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
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
