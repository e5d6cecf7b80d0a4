package limits

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Extension applies Limits to every operation of a gqlgen server. Use it
// before any other extension that reads the query (automatic persisted
// queries), so that nothing stores a document it refuses.
type Extension struct {
	Limits   Limits // with defaults filled
	PageSize PageSize
	// Introspection allows __schema and __type.
	Introspection bool
	// Validated is gqlgen's query cache: a document found there has passed
	// these limits and validation already, and is not parsed again.
	Validated graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = Extension{}

func (Extension) ExtensionName() string                   { return "Limits" }
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters runs before gqlgen parses and validates.
func (e Extension) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if raw.Query == "" {
		return nil // a persisted query's hash: its text was checked when it was stored
	}
	if e.Validated != nil {
		if _, ok := e.Validated.Get(ctx, raw.Query); ok {
			return nil
		}
	}
	return e.Limits.CheckDocument(raw.Query)
}

// MutateOperationContext runs after validation, before anything executes.
func (e Extension) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	depth, cost, err := Measure(ctx, op.Doc, op.Operation, op.Variables, e.PageSize, e.Introspection)
	switch {
	case err != nil:
		return err
	case over(depth, e.Limits.Depth):
		return refuse(CodeDepthLimit, "operation is nested %d deep, more than the limit of %d", depth, e.Limits.Depth)
	case over(cost, e.Limits.Complexity):
		return refuse(CodeComplexityLimit, "operation has complexity %d, more than the limit of %d: ask for smaller pages (first) or fewer nested lists", cost, e.Limits.Complexity)
	}
	return nil
}
