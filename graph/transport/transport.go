// Package transport reads GraphQL requests from HTTP: POST with a JSON body
// of bounded size, and GET with URL parameters. Whatever a client sends
// wrong — a body too large, a batch, variables that are not an object, an
// unsupported method or media type — it answers with a 4xx status and a
// GraphQL error whose extensions.code says what, never as an internal error
// and never quoting the body.
//
// Answers follow GraphQL over HTTP: a client that accepts
// application/graphql-response+json gets that media type, a 4xx status and
// no data entry when the request fails before it runs (parse, validation,
// variables, the limits); any other client gets application/json and, for
// a well-formed request, 200 whatever its errors.
package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Codes in extensions.code of the refusals made here.
const (
	CodeBadRequest           = "BAD_REQUEST"
	CodeRequestTooLarge      = "REQUEST_TOO_LARGE"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
)

// codePersistedQueryNotFound is how automatic persisted queries ask for the
// text of a hash they do not know: a step of that protocol, answered 200,
// as Apollo clients expect (they give up on persisted queries after a 400).
const codePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"

// maxErrors is how many errors a refusal lists; a document can hold
// thousands of mistakes, and the answer stays small.
const maxErrors = 20

// HTTP is the transport for every method but OPTIONS (gqlgen's Options
// transport answers those): GET and POST are read, the others refused.
type HTTP struct {
	// MaxBodyBytes bounds a POST body; a larger one is refused with 413
	// without being read.
	MaxBodyBytes int64
}

var _ graphql.Transport = HTTP{}

func (HTTP) Supports(r *http.Request) bool { return r.Method != http.MethodOptions }

func (t HTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := negotiate(r.Header.Values("Accept"))
	w.Header().Set("Content-Type", media)
	var params *graphql.RawParams
	var err *gqlerror.Error
	start := graphql.Now()
	switch r.Method {
	case http.MethodGet:
		params, err = fromURL(r.URL)
	case http.MethodPost:
		params, err = t.fromBody(w, r)
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		err = refuse(CodeMethodNotAllowed, "method %s is not allowed: use POST, or GET for queries", r.Method)
	}
	if err != nil {
		// Response middleware may read the operation context: give it an empty one.
		ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{})
		answer(w, exec.DispatchError(ctx, gqlerror.List{err}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	op, errs := exec.CreateOperationContext(ctx, params)
	if errs == nil && r.Method == http.MethodGet && op.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST, OPTIONS")
		errs = gqlerror.List{refuse(CodeMethodNotAllowed, "a GET request can only run a query: send a %s with POST", op.Operation.Operation)}
	}
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, op), shorten(errs))
		if media == mediaJSON && wellFormed(resp.Errors) {
			write(w, http.StatusOK, resp)
			return
		}
		answer(w, resp)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, op)
	write(w, http.StatusOK, responses(ctx))
}

// answer writes a refusal with the status its first error's code calls for.
func answer(w http.ResponseWriter, resp *graphql.Response) {
	write(w, statusOf(resp.Errors), resp)
}

func write(w http.ResponseWriter, status int, resp *graphql.Response) {
	var b []byte
	var err error
	if status >= 400 && w.Header().Get("Content-Type") == mediaGraphQL {
		// A request that did not run has no data entry, not a null one.
		b, err = json.Marshal(struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
	} else {
		b, err = json.Marshal(resp)
	}
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}],"data":null}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// statusOf is the status of a request refused before it ran: 400 for a
// client's mistake unless a more precise status says it better.
func statusOf(errs gqlerror.List) int {
	if len(errs) == 0 {
		return http.StatusBadRequest
	}
	code, _ := errs[0].Extensions["code"].(string)
	switch code {
	case CodeRequestTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeUnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case codePersistedQueryNotFound:
		return http.StatusOK
	case "TIMEOUT", "UNAVAILABLE":
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// shorten keeps the first maxErrors errors and says how many more there were.
func shorten(errs gqlerror.List) gqlerror.List {
	if len(errs) <= maxErrors {
		return errs
	}
	more := &gqlerror.Error{Message: fmt.Sprintf("%d more errors not shown", len(errs)-maxErrors), Extensions: errs[0].Extensions}
	return append(errs[:maxErrors:maxErrors], more)
}

// request is a POST body. Decoding into typed fields refuses a batch (an
// array) or variables that are not an object with a type error that names
// the field, never with a panic.
type request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

func (t HTTP) fromBody(w http.ResponseWriter, r *http.Request) (*graphql.RawParams, *gqlerror.Error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, refuse(CodeUnsupportedMediaType, "send the request as Content-Type: application/json")
	}
	tooLarge := refuse(CodeRequestTooLarge, "the request body is larger than the limit of %d bytes", t.MaxBodyBytes)
	if t.MaxBodyBytes > 0 && r.ContentLength > t.MaxBodyBytes {
		return nil, tooLarge // refused before a byte of it is read
	}
	body := r.Body
	if t.MaxBodyBytes > 0 {
		body = http.MaxBytesReader(w, r.Body, t.MaxBodyBytes)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			return nil, tooLarge
		}
		return nil, refuse(CodeBadRequest, "the request body could not be read")
	}
	var req request
	if err := decodeJSON(raw, &req); err != nil {
		return nil, badJSON(err)
	}
	return params(req)
}

func fromURL(u *url.URL) (*graphql.RawParams, *gqlerror.Error) {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, refuse(CodeBadRequest, "the URL's query string is malformed")
	}
	req := request{Query: q.Get("query"), OperationName: q.Get("operationName")}
	for _, p := range []struct {
		name string
		into *map[string]any
	}{{"variables", &req.Variables}, {"extensions", &req.Extensions}} {
		if v := q.Get(p.name); v != "" {
			if err := decodeJSON([]byte(v), p.into); err != nil {
				return nil, refuse(CodeBadRequest, "the %s parameter must be a JSON object", p.name)
			}
		}
	}
	return params(req)
}

func params(req request) (*graphql.RawParams, *gqlerror.Error) {
	if req.Query == "" && req.Extensions["persistedQuery"] == nil {
		return nil, refuse(CodeBadRequest, "the request has no query")
	}
	return &graphql.RawParams{
		Query: req.Query, OperationName: req.OperationName, Variables: req.Variables, Extensions: req.Extensions,
	}, nil
}

// decodeJSON decodes exactly one JSON value, numbers kept as json.Number
// as gqlgen expects.
func decodeJSON(raw []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

var errTrailing = errors.New("data after the JSON object")

// badJSON says what is wrong with a body without quoting it.
func badJSON(err error) *gqlerror.Error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "" && typeErr.Value == "array":
		return refuse(CodeBadRequest, "batched requests are not supported: send one operation per request, as a JSON object")
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return refuse(CodeBadRequest, "the request body must be a JSON object, not %s", typeErr.Value)
	case errors.As(err, &typeErr):
		return refuse(CodeBadRequest, "%s must be %s, not %s", typeErr.Field, expected[typeErr.Field], typeErr.Value)
	case errors.As(err, &syntaxErr):
		return refuse(CodeBadRequest, "the request body is not valid JSON (at byte %d)", syntaxErr.Offset)
	case errors.Is(err, errTrailing):
		return refuse(CodeBadRequest, "the request body holds more than one JSON value: send one operation per request")
	}
	return refuse(CodeBadRequest, "the request body is not a complete JSON object")
}

var expected = map[string]string{
	"query": "a string", "operationName": "a string", "variables": "a JSON object", "extensions": "a JSON object",
}

func refuse(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, code)
	return err
}

// The response media types.
const (
	mediaJSON    = "application/json"
	mediaGraphQL = "application/graphql-response+json"
)

// negotiate picks the response media type from Accept headers:
// application/graphql-response+json when the client accepts it at least as
// well as application/json, else application/json (also with no Accept, as
// clients written before the former existed expect).
func negotiate(accept []string) string {
	best, bestQ := mediaJSON, -1.0
	for _, h := range accept {
		for part := range strings.SplitSeq(h, ",") {
			typ, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if v, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
			switch {
			case q <= 0:
			case typ == mediaGraphQL && q >= bestQ:
				best, bestQ = mediaGraphQL, q
			case (typ == mediaJSON || typ == "*/*" || typ == "application/*") && q > bestQ:
				best, bestQ = mediaJSON, q
			}
		}
	}
	return best
}

// wellFormed reports whether request errors are the GraphQL request's own
// (it would not parse, validate or coerce its variables, or it asks for
// too much), which application/json answers with 200, rather than the
// server's (busy, timed out, unavailable), which keep their status.
func wellFormed(errs gqlerror.List) bool {
	switch statusOf(errs) {
	case http.StatusServiceUnavailable, http.StatusRequestEntityTooLarge, http.StatusMethodNotAllowed:
		return false
	}
	code, _ := errs[0].Extensions["code"].(string)
	return code != CodeBadRequest // a malformed persisted-query extension
}
