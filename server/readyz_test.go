package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// alphasStore reports cluster members over the embedded engine; with ready
// false its probe fails as a cluster's does when no alpha can serve.
type alphasStore struct {
	store.Store
	ready   bool
	members []store.Member
}

func (s alphasStore) Ping(ctx context.Context) error {
	if s.ready {
		return s.Store.Ping(ctx)
	}
	return kg.Wrap(kg.CodeUnavailable, errors.New("dial tcp 10.0.0.7:9080: connection refused"), "dgraph is unavailable (query): no healthy alpha")
}

func (alphasStore) Backend() string { return "cluster" }

func (s alphasStore) Members() []store.Member { return s.members }

func TestReadyzShowsEachAlpha(t *testing.T) {
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	members := []store.Member{
		{Addr: "10.0.0.6:9080", State: store.StateHealthy, Since: since},
		{Addr: "10.0.0.7:9080", State: store.StateUnhealthy, Reason: "unreachable", Since: since},
	}
	for _, tc := range []struct {
		name   string
		ready  bool
		code   int
		status string
	}{
		{"one alpha serves", true, http.StatusOK, "ready"},
		{"none serves", false, http.StatusServiceUnavailable, "unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, alphasStore{storetest.Open(t, "embedded"), tc.ready, members}, server.Config{})
			resp, body := get(t, srv.URL+"/readyz")
			var got struct {
				Status, Backend string
				Alphas          []map[string]any
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil || resp.StatusCode != tc.code {
				t.Fatalf("readyz: %d %s (%v)", resp.StatusCode, body, err)
			}
			if got.Status != tc.status || got.Backend != "cluster" || len(got.Alphas) != 2 ||
				got.Alphas[1]["addr"] != "10.0.0.7:9080" || got.Alphas[1]["state"] != "unhealthy" || got.Alphas[1]["reason"] != "unreachable" {
				t.Fatalf("readyz body: %s", body)
			}
			if _, ok := got.Alphas[0]["reason"]; ok {
				t.Fatalf("a healthy alpha has a reason: %s", body)
			}
			if strings.Contains(body, "connection refused") {
				t.Fatalf("readyz shows the error text: %s", body)
			}
		})
	}
}
