package bench

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// BenchmarkServe runs every operation of chokepoint bench (lookup,
// lookup-hub, search, chain, paths, exposure) through Chokepoint's whole
// HTTP handler, in this process, one sub-benchmark per operation class, 8
// requests in flight as chokepoint bench sends them. By default it
// generates a graph of 3,000 entities (about 15,000 edges) and loads it into
// the embedded engine first, a size that fits CI; CHOKEPOINT_BENCH_DSN names
// a generated graph loaded already instead, with CHOKEPOINT_BENCH_ENTITIES
// and CHOKEPOINT_BENCH_SEED as given to chokepoint gen. A CPU profile then
// shows where a served operation spends its time (chokepoint serve has no
// pprof endpoint):
//
//	chokepoint gen --entities 20000 --seed 1 --out /tmp/g
//	chokepoint load --dsn file:///tmp/e /tmp/g/graph.json
//	CHOKEPOINT_BENCH_DSN=file:///tmp/e CHOKEPOINT_BENCH_ENTITIES=20000 \
//	  go test ./bench -run '^$' -bench 'Serve/lookup$' -cpuprofile cpu.prof
//
// inFlight is how many requests the benchmark keeps in flight.
const inFlight = 8

func BenchmarkServe(b *testing.B) {
	ctx := context.Background()
	cfg, st := benchGraph(b)
	picks, err := Pick(ctx, cfg, "2025-11-20")
	if err != nil {
		b.Fatal(err)
	}
	// A slot for each of the requests in flight: the benchmark measures
	// the work, not the admission gate, which would answer 503 to the rest.
	h, err := server.New(ctx, st, server.Config{Timeout: time.Minute, Walks: admission.Config{Slots: inFlight, Queue: inFlight, Wait: time.Minute},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	serve := func(body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, p := range plans(Endpoints{Embedded: "http://127.0.0.1/query"}, picks) {
		b.Run(p.op, func(b *testing.B) {
			for _, v := range p.variants {
				if rec := serve(v.body); rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), errorsKey) {
					b.Fatalf("%s failed (%d): %s", p.op, rec.Code, clip(rec.Body.Bytes(), 500))
				}
			}
			var n atomic.Uint64
			b.SetParallelism(max(1, inFlight/runtime.GOMAXPROCS(0)))
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					v := p.variants[(n.Add(1)-1)%uint64(len(p.variants))]
					if rec := serve(v.body); rec.Code != http.StatusOK {
						b.Errorf("status %d", rec.Code)
						return
					}
				}
			})
		})
	}
}

// benchGraph is the generated graph BenchmarkServe asks about, and its store.
func benchGraph(b *testing.B) (gen.Config, store.Store) {
	b.Helper()
	ctx := context.Background()
	if dsn := os.Getenv("CHOKEPOINT_BENCH_DSN"); dsn != "" {
		entities, _ := strconv.Atoi(os.Getenv("CHOKEPOINT_BENCH_ENTITIES"))
		seed, _ := strconv.Atoi(os.Getenv("CHOKEPOINT_BENCH_SEED"))
		st, err := store.Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return gen.Config{Entities: entities, Seed: int64(max(seed, 1))}, st
	}
	cfg := gen.Config{Entities: 3000, Seed: 1}
	g, err := gen.Graph(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	st := storetest.Open(b, "embedded")
	if err := st.DropAll(ctx); err != nil {
		b.Fatal(err)
	}
	storetest.Forget("embedded")
	if _, err := loaders.Load(ctx, st, g, loaders.Options{}); err != nil {
		b.Fatal(err)
	}
	return cfg, st
}

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
