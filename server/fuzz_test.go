package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/docs/queries"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/server"
)

var (
	fuzzOnce    sync.Once
	fuzzHandler http.Handler
	fuzzErr     error
)

// curatedServer is the whole HTTP service over the curated graph, with
// introspection off so that its refusal is fuzzed too. It is built once
// per process: fuzz targets cannot use storetest.Seeded's subtests.
func curatedServer(tb testing.TB) http.Handler {
	tb.Helper()
	st := storetest.Open(tb, "embedded")
	fuzzOnce.Do(func() {
		if fuzzErr = storetest.SeedCurated(st); fuzzErr != nil {
			return
		}
		examples, err := queries.All()
		if err != nil {
			fuzzErr = err
			return
		}
		fuzzHandler, fuzzErr = server.New(context.Background(), st, server.Config{
			Examples: examples, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
	})
	if fuzzErr != nil {
		tb.Fatal(fuzzErr)
	}
	return fuzzHandler
}

// fuzzLimits are what any request may cost: an answer within seconds, of
// bounded size.
const (
	fuzzDeadline  = 5 * time.Second
	fuzzMaxAnswer = 2 << 20
)

// clientCodes are the codes a request may be answered with: its own
// mistakes and refusals, or a field's error. Never INTERNAL.
var clientCodes = map[string]bool{
	"BAD_REQUEST": true, "REQUEST_TOO_LARGE": true, "UNSUPPORTED_MEDIA_TYPE": true, "METHOD_NOT_ALLOWED": true,
	"GRAPHQL_PARSE_FAILED": true, "GRAPHQL_VALIDATION_FAILED": true, "PERSISTED_QUERY_NOT_FOUND": true,
	"QUERY_TOO_LARGE": true, "FIELD_LIMIT": true, "ALIAS_LIMIT": true, "FRAGMENT_LIMIT": true, "VARIABLE_LIMIT": true,
	"DEPTH_LIMIT": true, "COMPLEXITY_LIMIT": true, "INTROSPECTION_DISABLED": true,
	"INVALID_ARGUMENT": true, "NOT_FOUND": true,
}

// FuzzRequest sends whatever a client could to /query — documents,
// variables and bodies, by GET or POST with any content type — and checks
// that the service answers every one quickly, with bounded GraphQL JSON,
// a 2xx or 4xx status, and errors that carry a client's code, never
// INTERNAL. The hostile cases of the hardening work are its seed corpus
// (testdata/fuzz/FuzzRequest); the example operations are added here.
//
//	go test ./server -run '^$' -fuzz '^FuzzRequest$' -fuzztime 60s -fuzzminimizetime 200x
func FuzzRequest(f *testing.F) {
	examples, err := queries.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range examples {
		body, _ := json.Marshal(map[string]any{"query": e.Query, "variables": map[string]any{}})
		f.Add(false, "application/json", body, "")
		f.Add(true, "", []byte(nil), "query="+url.QueryEscape(e.Query))
	}
	h := curatedServer(f)
	f.Fuzz(func(t *testing.T, get bool, contentType string, body []byte, rawQuery string) {
		checkAnswer(t, h, get, contentType, body, rawQuery)
	})
}

func checkAnswer(t *testing.T, h http.Handler, get bool, contentType string, body []byte, rawQuery string) {
	method := http.MethodPost
	if get {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, "/query", strings.NewReader(string(body)))
	if err != nil {
		t.Skip() // not a request a client can send
	}
	req.URL.RawQuery = rawQuery
	req.Header.Set("Content-Type", contentType)
	ctx, cancel := context.WithTimeout(context.Background(), fuzzDeadline)
	defer cancel()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	start := time.Now()
	go func() { defer close(done); h.ServeHTTP(rec, req.WithContext(ctx)) }()
	select {
	case <-done:
	case <-time.After(2 * fuzzDeadline):
		t.Fatalf("no answer within %s", 2*fuzzDeadline)
	}
	took, answer := time.Since(start), rec.Body.Bytes()
	show := func() string {
		return string(answer[:min(len(answer), 2000)])
	}
	if took > fuzzDeadline {
		t.Errorf("answered in %s", took)
	}
	if len(answer) > fuzzMaxAnswer {
		t.Fatalf("answer of %d bytes", len(answer))
	}
	if rec.Code >= 500 {
		t.Fatalf("status %d: %s", rec.Code, show())
	}
	var resp struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(answer, &resp); err != nil {
		t.Fatalf("answer is not GraphQL JSON (%v): %d %s", err, rec.Code, show())
	}
	if rec.Code >= 400 && len(resp.Errors) == 0 {
		t.Fatalf("status %d without an error: %s", rec.Code, show())
	}
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if !clientCodes[code] {
			t.Fatalf("error code %q (%s), status %d", code, e.Message, rec.Code)
		}
	}
}
