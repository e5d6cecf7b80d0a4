package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/chokepoint/chokepoint/kg"
)

// Options configure the GraphQL handler.
type Options struct {
	MaxDepth      int  // deepest field nesting allowed (introspection not counted)
	MaxComplexity int  // cost limit; a list field costs its children times its page size
	Introspection bool // allow __schema and __type
	Logger        *slog.Logger
	// RequestID tells the id of the request a context belongs to, for logs.
	RequestID func(context.Context) string
	// OnError, if set, hears the code of every error returned to a client.
	OnError func(code string)
}

// Codes for limits, in extensions.code.
const (
	CodeDepthLimit      = "DEPTH_LIMIT"
	CodeComplexityLimit = "COMPLEXITY_LIMIT"
)

// NewHandler builds the GraphQL endpoint: POST and GET, a parsed-query LRU
// cache, automatic persisted queries, depth and complexity limits, coded
// errors that never leak internals, and panics turned into INTERNAL.
func NewHandler(r *Resolver, o Options) *handler.Server {
	es := costedSchema{NewExecutableSchema(Config{Resolvers: r})}
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(limits{es: es, maxDepth: o.MaxDepth, maxComplexity: o.MaxComplexity})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(withBatch(ctx))
	})
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	reqID := o.RequestID
	if reqID == nil {
		reqID = func(context.Context) string { return "" }
	}
	srv.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		gerr := present(ctx, err, logger, reqID)
		if o.OnError != nil {
			code, _ := gerr.Extensions["code"].(string)
			o.OnError(code)
		}
		return gerr
	})
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "request_id", reqID(ctx), "panic", fmt.Sprint(p))
		return kg.Errorf(kg.CodeInternal, "internal error")
	})
	return srv
}

// present maps an error to a GraphQL error with extensions.code. Coded
// errors show their message; anything else is logged and shown as INTERNAL
// without its text.
func present(ctx context.Context, err error, logger *slog.Logger, reqID func(context.Context) string) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var ke *kg.Error
	switch {
	case errors.As(err, &ke):
		gerr.Message = ke.Msg
		if msg, ok := backendMessages[ke.Code]; ok {
			// The backend's own words stay in the log.
			logger.ErrorContext(ctx, "request failed", "request_id", reqID(ctx), "code", ke.Code, "err", kg.Truncate(err.Error(), maxLogged))
			gerr.Message = msg
		}
		setCode(gerr, string(ke.Code))
	case errors.Is(err, context.DeadlineExceeded):
		gerr.Message = "the request took too long"
		setCode(gerr, string(kg.CodeTimeout))
	case gerr.Extensions != nil && gerr.Extensions["code"] != nil:
		// gqlgen's own: parse, validation, argument coercion, limits.
	default:
		logger.ErrorContext(ctx, "request failed", "request_id", reqID(ctx), "err", kg.Truncate(err.Error(), maxLogged))
		gerr.Message = "internal error"
		setCode(gerr, string(kg.CodeInternal))
	}
	bound(gerr)
	if id := reqID(ctx); id != "" {
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		gerr.Extensions["requestId"] = id
	}
	return gerr
}

// Errors are bounded whatever a client sends: gqlgen and gqlparser quote
// some values as they are (an enum value or an input field name from the
// variables), so messages and path elements are cut here as kg.Quote cuts
// ours, and logs keep only the start of an error.
const (
	maxMessage  = 1000
	maxPathName = kg.QuoteLimit
	maxLogged   = 2000
)

func bound(e *gqlerror.Error) {
	e.Message = kg.Truncate(e.Message, maxMessage)
	for i, p := range e.Path {
		if name, ok := p.(ast.PathName); ok {
			e.Path[i] = ast.PathName(kg.Truncate(string(name), maxPathName))
		}
	}
}

// backendMessages are what clients read for failures that are not theirs.
var backendMessages = map[kg.Code]string{
	kg.CodeInternal:    "internal error",
	kg.CodeUnavailable: "the graph store is unavailable; try again later",
	kg.CodeTimeout:     "the request took too long",
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// costedSchema prices list fields: a field with a page size costs its
// children times that size, so deep nesting of wide lists is refused.
type costedSchema struct{ graphql.ExecutableSchema }

func (c costedSchema) Complexity(ctx context.Context, typeName, field string, childComplexity int, args map[string]any) (int, bool) {
	var size struct {
		First int      `json:"first"`
		IDs   []string `json:"ids"`
	}
	if convert(args, &size) == nil {
		if size.First > 0 {
			return 1 + childComplexity*size.First, true
		}
		if size.IDs != nil {
			return 1 + childComplexity*len(size.IDs), true
		}
	}
	return 1 + childComplexity, true
}

// limits refuses operations nested deeper than maxDepth or costlier than
// maxComplexity, before anything runs.
type limits struct {
	es                      graphql.ExecutableSchema
	maxDepth, maxComplexity int
}

func (limits) ExtensionName() string                   { return "Limits" }
func (limits) Validate(graphql.ExecutableSchema) error { return nil }

func (l limits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if l.maxDepth > 0 {
		if d := depth(op.Operation.SelectionSet, op.Doc.Fragments, map[string]bool{}); d > l.maxDepth {
			err := gqlerror.Errorf("operation is nested %d deep, more than the limit of %d", d, l.maxDepth)
			errcode.Set(err, CodeDepthLimit)
			return err
		}
	}
	if l.maxComplexity > 0 {
		if c := complexity.Calculate(ctx, l.es, op.Operation, op.Variables); c > l.maxComplexity {
			err := gqlerror.Errorf("operation has complexity %d, more than the limit of %d: ask for smaller pages (first) or fewer nested lists", c, l.maxComplexity)
			errcode.Set(err, CodeComplexityLimit)
			return err
		}
	}
	return nil
}

// depth is the deepest field nesting of a selection set, following
// fragments; introspection fields do not count.
func depth(sel ast.SelectionSet, frags ast.FragmentDefinitionList, seen map[string]bool) int {
	deepest := 0
	for _, s := range sel {
		d := 0
		switch s := s.(type) {
		case *ast.Field:
			if len(s.Name) > 1 && s.Name[:2] == "__" {
				continue
			}
			d = 1 + depth(s.SelectionSet, frags, seen)
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, frags, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue // validation rejects cycles; never loop here
			}
			if f := frags.ForName(s.Name); f != nil {
				seen[s.Name] = true
				d = depth(f.SelectionSet, frags, seen)
				delete(seen, s.Name)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

var _ interface {
	graphql.OperationContextMutator
	graphql.HandlerExtension
} = limits{}

// DefaultTimeout bounds one request when the server sets no other.
const DefaultTimeout = 10 * time.Second
