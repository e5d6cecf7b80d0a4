package bench

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/server"
	"github.com/chokepoint/chokepoint/store"
)

// BenchmarkServeLookup runs the lookup operation of chokepoint bench through
// Chokepoint's whole HTTP handler, in this process, on a generated graph
// already loaded at CHOKEPOINT_BENCH_DSN, so that a CPU profile shows where
// a served lookup spends its time (chokepoint serve has no pprof endpoint):
//
//	chokepoint gen --entities 20000 --seed 1 --out /tmp/g
//	chokepoint load --dsn file:///tmp/e /tmp/g/graph.json
//	CHOKEPOINT_BENCH_DSN=file:///tmp/e CHOKEPOINT_BENCH_ENTITIES=20000 \
//	  go test ./bench -run '^$' -bench ServeLookup -cpuprofile cpu.prof
//
// Without CHOKEPOINT_BENCH_DSN it is skipped.
func BenchmarkServeLookup(b *testing.B) {
	dsn := os.Getenv("CHOKEPOINT_BENCH_DSN")
	if dsn == "" {
		b.Skip("CHOKEPOINT_BENCH_DSN names no loaded generated graph")
	}
	entities, _ := strconv.Atoi(os.Getenv("CHOKEPOINT_BENCH_ENTITIES"))
	seed, _ := strconv.Atoi(os.Getenv("CHOKEPOINT_BENCH_SEED"))
	cfg := gen.Config{Entities: entities, Seed: int64(max(seed, 1))}
	ctx := context.Background()
	picks, err := Pick(ctx, cfg, "2025-11-20")
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	h, err := server.New(ctx, st, server.Config{Timeout: time.Minute,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	var lookup plan
	for _, p := range plans(Endpoints{Embedded: "http://127.0.0.1/query"}, picks) {
		if p.op == OpLookup {
			lookup = p
		}
	}
	serve := func(body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, v := range lookup.variants {
		if rec := serve(v.body); rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), errorsKey) {
			b.Fatalf("lookup failed (%d): %s", rec.Code, clip(rec.Body.Bytes(), 500))
		}
	}
	var n atomic.Uint64
	b.SetParallelism(4) // 8 in flight on two cores, as chokepoint bench runs
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			v := lookup.variants[(n.Add(1)-1)%uint64(len(lookup.variants))]
			if rec := serve(v.body); rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}
