package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	gqltransport "github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/chokepoint/chokepoint/graph/limits"
	"github.com/chokepoint/chokepoint/graph/transport"
	"github.com/chokepoint/chokepoint/kg"
)

// Options configure the GraphQL handler.
type Options struct {
	// Limits bound every request; zero fields take limits.Defaults.
	Limits        limits.Limits
	Introspection bool // allow __schema and __type, and suggest field names in errors
	Logger        *slog.Logger
	// RequestID tells the id of the request a context belongs to, for logs.
	RequestID func(context.Context) string
	// OnError, if set, hears the code of every error returned to a client.
	OnError func(code string)
}

// Codes for limits, in extensions.code.
const (
	CodeDepthLimit      = limits.CodeDepthLimit
	CodeComplexityLimit = limits.CodeComplexityLimit
)

// NewHandler builds the GraphQL endpoint: POST and GET with a bounded body,
// a parsed-query LRU cache, automatic persisted queries, limits on the
// document, its depth and its cost decided before anything runs, coded
// errors that never leak internals, and panics turned into INTERNAL.
func NewHandler(r *Resolver, o Options) *handler.Server {
	lim := o.Limits.WithDefaults()
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r}))
	srv.AddTransport(gqltransport.Options{})
	srv.AddTransport(transport.HTTP{MaxBodyBytes: lim.BodyBytes})
	validated := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(validated)
	// Limits first: persisted queries store only documents it accepts.
	srv.Use(limits.Extension{Limits: lim, PageSize: pageSize, Introspection: o.Introspection, Validated: validated})
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)}})
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	// Without introspection, errors do not suggest field names either.
	srv.SetDisableSuggestion(!o.Introspection)
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

// pageSize prices list fields for the complexity limit: a field with a
// page size costs its children times that size, so deep nesting of wide
// lists is refused.
func pageSize(args map[string]any) (int, bool) {
	var size struct {
		First int      `json:"first"`
		IDs   []string `json:"ids"`
	}
	if convert(args, &size) == nil {
		if size.First > 0 {
			return size.First, true
		}
		if size.IDs != nil {
			return len(size.IDs), true
		}
	}
	return 0, false
}

// persistedQueries gives automatic persisted queries' own refusals (a hash
// that does not match its query, a malformed extension) a code, so that
// they answer 400 BAD_REQUEST rather than INTERNAL.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
	if err != nil && err.Extensions["code"] == nil {
		errcode.Set(err, transport.CodeBadRequest)
	}
	return err
}

// DefaultTimeout bounds one request when the server sets no other.
const DefaultTimeout = 10 * time.Second
