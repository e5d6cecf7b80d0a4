package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/server"
)

// The dql target must send what Chokepoint's planner sends for the same
// operation: the requests are compared with the planner's, as recorded.
func TestDQLIsThePlannersRequest(t *testing.T) {
	rec := &storetest.Recorder{Store: storetest.Open(t, "embedded")}
	h, err := server.New(context.Background(), rec, server.Config{Timeout: time.Minute,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		cp, dql  variant
		wantVars int
	}{
		{"lookup", cpLookup("material:copper"), dqlLookup("material:copper"), 3},
		{"search one word", cpSearch(Search{Text: "Nickel"}), dqlSearch(Search{Text: "Nickel"}), 4},
		{"search two words", cpSearch(Search{Text: "rare earth"}), dqlSearch(Search{Text: "rare earth"}), 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec.Take()
			req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(c.cp.body))
			req.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(httptest.NewRecorder(), req)
			got := rec.Take()
			if len(got) != 1 {
				t.Fatalf("the planner sent %d requests, want 1", len(got))
			}
			var sent struct {
				Query     string            `json:"query"`
				Variables map[string]string `json:"variables"`
			}
			if err := json.Unmarshal(c.dql.body, &sent); err != nil {
				t.Fatal(err)
			}
			if got[0].Query != sent.Query {
				t.Errorf("planner:\n%s\nbench:\n%s", got[0].Query, sent.Query)
			}
			if !maps.Equal(got[0].Vars, sent.Variables) || len(sent.Variables) != c.wantVars {
				t.Errorf("planner's variables %q, bench's %q", got[0].Vars, sent.Variables)
			}
		})
	}
}
