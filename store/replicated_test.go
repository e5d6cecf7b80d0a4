package store_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// The replicated-cluster test needs a cluster it may break: one started by
// scripts/dgraph-replicated.sh, its DSN in EnvReplicated, its directory in
// EnvReplicatedDir (and DGRAPH_PORT_OFFSET as it was started with).
const (
	EnvReplicated    = "CHOKEPOINT_TEST_REPLICATED"
	EnvReplicatedDir = "CHOKEPOINT_TEST_REPLICATED_DIR"
)

// replicated controls the cluster through the script.
type replicated struct {
	t   *testing.T
	dir string
}

func (r replicated) do(args ...string) string {
	r.t.Helper()
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "scripts", "dgraph-replicated.sh")
	out, err := exec.Command("bash", append(append([]string{script}, args...), r.dir)...).Output()
	if err != nil {
		r.t.Fatalf("dgraph-replicated.sh %s: %v", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

// load reads and writes from a few goroutines until stopped and counts the
// outcomes.
type load struct {
	ok, failed atomic.Int64
	writesOK   atomic.Int64
	stop       chan struct{}
	stopOnce   sync.Once
	wg         sync.WaitGroup
}

func startLoad(s store.Store) *load {
	l := &load{stop: make(chan struct{})}
	for i := range 4 {
		l.wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-l.stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				var err error
				if i == 0 && n%10 == 0 {
					err = s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
						_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`_:w <drill.write> "1" .`)})
						return err
					})
					if err == nil {
						l.writesOK.Add(1)
					}
				} else {
					_, err = s.Query(ctx, `{ q(func: eq(xid, "material:dysprosium")) { name } }`, nil)
				}
				cancel()
				if err != nil {
					l.failed.Add(1)
				} else {
					l.ok.Add(1)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	return l
}

// phase runs for d and returns the share of requests that succeeded in it.
func (l *load) phase(d time.Duration) (rate float64, n int64) {
	ok0, failed0 := l.ok.Load(), l.failed.Load()
	time.Sleep(d)
	ok, failed := l.ok.Load()-ok0, l.failed.Load()-failed0
	if ok+failed == 0 {
		return 0, 0
	}
	return float64(ok) / float64(ok+failed), ok + failed
}

func (l *load) end() {
	l.stopOnce.Do(func() { close(l.stop) })
	l.wg.Wait()
}

func waitMember(t *testing.T, s store.Store, addr, state string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		for _, m := range s.Members() {
			if m.Addr == addr && m.State == state {
				return time.Since(start)
			}
		}
		if time.Since(start) > within {
			t.Fatalf("%s not %s within %v: %+v", addr, state, within, s.Members())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReplicatedClusterFailover kills, hangs and restarts alphas of a
// three-alpha group under load: reads keep succeeding while one alpha is
// down or hung, a restarted alpha is back in rotation within seconds, and
// with quorum lost requests fail at once with UNAVAILABLE.
func TestReplicatedClusterFailover(t *testing.T) {
	dsn, dir := os.Getenv(EnvReplicated), os.Getenv(EnvReplicatedDir)
	if dsn == "" || dir == "" {
		t.Skipf("%s and %s are not set: no replicated cluster to break", EnvReplicated, EnvReplicatedDir)
	}
	r := replicated{t, dir}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.DropAll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := storetest.SeedCurated(s); err != nil {
		t.Fatal(err)
	}
	alphas := s.Members()
	if len(alphas) != 3 {
		t.Fatalf("want three alphas, got %+v", alphas)
	}
	l := startLoad(s)
	defer l.end()
	if rate, n := l.phase(3 * time.Second); rate < 1 {
		t.Fatalf("all up: %.4f of %d requests succeeded", rate, n)
	}

	leader := r.do("leader")
	follower := map[string]string{"0": "1", "1": "2", "2": "0"}[leader]
	other := map[string]string{"0": "2", "1": "0", "2": "1"}[leader]
	addrOf := func(i string) string { return alphas[i[0]-'0'].Addr }

	// A follower down: the group keeps its leader, nothing stalls.
	r.do("kill", follower)
	rate, n := l.phase(10 * time.Second)
	t.Logf("alpha %s (follower) killed: %.2f%% of %d requests succeeded", follower, 100*rate, n)
	if rate < 0.99 {
		t.Errorf("with one alpha of three down, %.2f%% of %d requests succeeded; want ≥ 99%%", 100*rate, n)
	}
	r.do("restart", follower)
	back := waitMember(t, s, addrOf(follower), store.StateHealthy, 10*time.Second)
	t.Logf("alpha %s back in rotation %v after it served again", follower, back.Round(time.Millisecond))

	// The leader down under writes: reads with a fresh timestamp wait until
	// a new leader applies commits again, so the probes take the followers
	// out for a few seconds and requests fail fast; they must come back.
	r.do("kill", leader)
	rate, n = l.phase(15 * time.Second)
	t.Logf("alpha %s (leader) killed under writes: %.2f%% of %d requests succeeded", leader, 100*rate, n)
	if rate, n := l.phase(3 * time.Second); rate < 0.99 {
		t.Errorf("15s after the leader was killed, %.2f%% of %d requests succeeded", 100*rate, n)
	}
	r.do("restart", leader)
	waitMember(t, s, addrOf(leader), store.StateHealthy, 10*time.Second)

	r.do("pause", other)
	waitMember(t, s, addrOf(other), store.StateUnhealthy, 5*time.Second)
	rate, n = l.phase(5 * time.Second)
	t.Logf("alpha %s hung: %.2f%% of %d requests succeeded", other, 100*rate, n)
	if rate < 0.99 {
		t.Errorf("with one alpha of three hung, %.2f%% of %d requests succeeded; want ≥ 99%%", 100*rate, n)
	}
	r.do("resume", other)
	waitMember(t, s, addrOf(other), store.StateHealthy, 10*time.Second)

	// Quorum lost: a write cannot commit, and reads after it wait for it.
	// Requests must fail at once, not at their deadline.
	l.end()
	r.do("kill", leader)
	r.do("kill", other)
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	err = s.Update(wctx, func(ctx context.Context, tx store.Txn) error {
		_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`_:w <drill.write> "1" .`)})
		return err
	})
	t.Logf("a write with quorum lost: %v after %v", err, time.Since(start).Round(time.Millisecond))
	if err == nil {
		t.Fatalf("a write committed without quorum")
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		start := time.Now()
		_, err := s.Query(qctx, `{ q(func: eq(xid, "material:dysprosium")) { name } }`, nil)
		cancel()
		if kg.CodeOf(err) == kg.CodeUnavailable && time.Since(start) < time.Second {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("quorum lost: a read took %v (err %v)", time.Since(start), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := s.Ping(ctx); kg.CodeOf(err) != kg.CodeUnavailable {
		t.Fatalf("Ping with quorum lost: %v", err)
	}
	r.do("restart", leader)
	r.do("restart", other)
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		if err := s.Ping(ctx); err == nil {
			t.Logf("quorum back: ready %v after both alphas served", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("not ready 30s after quorum came back: %v", s.Ping(ctx))
		}
	}
}
