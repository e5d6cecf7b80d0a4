package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// holdingStore, once armed, holds the next request it is sent until the
// test releases it: a walk stays in its slot for as long as the test needs.
type holdingStore struct {
	store.Store
	armed   atomic.Bool
	held    chan struct{} // closed when a request is held
	release chan struct{}
}

func (s *holdingStore) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	if s.armed.CompareAndSwap(true, false) {
		close(s.held)
		select {
		case <-s.release:
		case <-ctx.Done():
		}
	}
	return s.Store.Query(ctx, q, vars)
}

type answer struct {
	status     int
	retryAfter string
	Data       map[string]json.RawMessage `json:"data"`
	Errors     []struct {
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (a answer) codes() []string {
	var out []string
	for _, e := range a.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

func postQuery(t *testing.T, url, query string) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(url+"/query", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Error(err)
		return answer{}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	if err := json.Unmarshal(data, &a); err != nil {
		t.Errorf("answer %s: %v", data, err)
	}
	return a
}

func TestFullWalkSlotsRefuseWalksNotLookups(t *testing.T) {
	const (
		walk   = `{ neighborhood(id: "material:dysprosium", depth: 1) { nodes { id } } }`
		lookup = `{ entity(id: "material:dysprosium") { name } }`
	)
	storetest.Each(t, func(t *testing.T, s store.Store) {
		seedForOneTest(t, s)
		hs := &holdingStore{Store: s, held: make(chan struct{}), release: make(chan struct{})}
		srv := newServer(t, hs, server.Config{Walks: admission.Config{Slots: 1, Queue: 0, Wait: time.Second}})

		// A walk takes the only slot and stays in it.
		hs.armed.Store(true)
		first := make(chan answer, 1)
		go func() { first <- postQuery(t, srv.URL, walk) }()
		select {
		case <-hs.held:
		case <-time.After(30 * time.Second):
			t.Fatal("the first walk never reached the store")
		}

		refused := postQuery(t, srv.URL, walk)
		if refused.status != http.StatusServiceUnavailable || refused.retryAfter != "1" {
			t.Errorf("second walk: status %d, Retry-After %q; want 503 and 1", refused.status, refused.retryAfter)
		}
		if codes := refused.codes(); len(codes) != 1 || codes[0] != "RETRY_LATER" {
			t.Errorf("second walk: codes %v, want [RETRY_LATER]", codes)
		}

		if _, metrics := get(t, srv.URL+"/metrics"); !strings.Contains(metrics, "chokepoint_walks_running 1") || !strings.Contains(metrics, `chokepoint_graphql_errors_total{code="RETRY_LATER"} 1`) {
			t.Errorf("metrics while the slot is held:\n%s", metrics)
		}

		if a := postQuery(t, srv.URL, lookup); a.status != http.StatusOK || len(a.Errors) > 0 || !strings.Contains(string(a.Data["entity"]), "Dysprosium") {
			t.Errorf("lookup while walks are full: status %d, codes %v, data %s", a.status, a.codes(), a.Data["entity"])
		}

		// An operation with both is refused as a whole: the refused walk
		// is non-null, so its error takes the operation's data with it.
		both := postQuery(t, srv.URL, `{ entity(id: "material:dysprosium") { name } neighborhood(id: "material:dysprosium", depth: 1) { nodes { id } } }`)
		if both.status != http.StatusServiceUnavailable || both.retryAfter != "1" {
			t.Errorf("lookup and walk: status %d, Retry-After %q; want 503 and 1", both.status, both.retryAfter)
		}

		close(hs.release)
		if a := <-first; a.status != http.StatusOK || len(a.Errors) > 0 {
			t.Errorf("held walk: status %d, codes %v", a.status, a.codes())
		}
		// Its slot is free again.
		if a := postQuery(t, srv.URL, walk); a.status != http.StatusOK || len(a.Errors) > 0 {
			t.Errorf("walk after the slot came free: status %d, codes %v", a.status, a.codes())
		}
	})
}

func TestAnOperationsWalksTakeTurns(t *testing.T) {
	var q strings.Builder
	q.WriteString("{")
	for i := range 5 {
		fmt.Fprintf(&q, ` w%d: neighborhood(id: "material:dysprosium", depth: 1) { nodes { id } }`, i)
	}
	q.WriteString(" }")
	storetest.Each(t, func(t *testing.T, s store.Store) {
		seedForOneTest(t, s)
		// One slot and no queue: five walks at once would see four refused.
		srv := newServer(t, s, server.Config{Walks: admission.Config{Slots: 1, Queue: 0, Wait: time.Second}})
		if a := postQuery(t, srv.URL, q.String()); a.status != http.StatusOK || len(a.Errors) > 0 || len(a.Data) != 5 {
			t.Errorf("five walks in one operation: status %d, codes %v, %d answers", a.status, a.codes(), len(a.Data))
		}
	})
}

// seedForOneTest loads the curated graph for one test and empties the store
// after it: the other tests of this package expect an empty one.
func seedForOneTest(t *testing.T, s store.Store) {
	t.Helper()
	if err := storetest.SeedCurated(s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.DropAll(context.Background()); err != nil {
			t.Error(err)
		}
	})
}
