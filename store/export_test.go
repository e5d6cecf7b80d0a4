package store

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/dgraph-io/dgo/v250/protos/api"
)

// OpenClusterOver opens a cluster store over in-process clients, one per
// address, with health-tracking timings short enough for tests: probes every
// probeEvery (a non-positive value leaves requests alone to drive the
// breakers), 100 ms per probe, a 200 ms reserve for a retry, stale reads for
// 2 s.
func OpenClusterOver(ctx context.Context, addrs []string, clients []api.DgraphClient, probeEvery time.Duration) (Store, error) {
	tune := tuning{
		openTimeout: time.Second, probeEvery: probeEvery, probeTimeout: 100 * time.Millisecond,
		timeoutsToOpen: 2, retryReserve: 200 * time.Millisecond, staleFor: 2 * time.Second,
	}
	if probeEvery <= 0 {
		tune.probeEvery = time.Hour
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	alphas := make([]*alpha, len(addrs))
	for i, addr := range addrs {
		alphas[i] = newAlpha(addr, clients[i], nil, log, tune.timeoutsToOpen)
	}
	return startCluster(ctx, alphas, tune, log)
}

// ProbeQuery is the read that probes and Ping send.
const ProbeQuery = probeQuery

// BackfillSortKeys lets the black-box tests run the backfill Open runs.
var BackfillSortKeys = backfillSortKeys
