package store_test

import (
	"context"
	"fmt"
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

// load reads from a few goroutines, and writes from one of them now and
// then, until stopped, and counts the outcomes.
type load struct {
	reads, writes counts
	stop          chan struct{}
	stopOnce      sync.Once
	wg            sync.WaitGroup
}

type counts struct{ ok, failed atomic.Int64 }

func (c *counts) add(err error) {
	if err != nil {
		c.failed.Add(1)
	} else {
		c.ok.Add(1)
	}
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
				if i == 0 && n%10 == 0 {
					l.writes.add(s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
						_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`_:w <drill.write> "1" .`)})
						return err
					}))
				} else {
					_, err := s.Query(ctx, `{ q(func: eq(xid, "material:dysprosium")) { name } }`, nil)
					l.reads.add(err)
				}
				cancel()
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	return l
}

// outcome is the share of requests that succeeded in a phase, and their number.
type outcome struct {
	rate float64
	n    int64
}

func (o outcome) String() string { return fmt.Sprintf("%.2f%% of %d", 100*o.rate, o.n) }

// phase runs for d and returns how reads and writes fared in it.
func (l *load) phase(d time.Duration) (reads, writes outcome) {
	r0, rf0, w0, wf0 := l.reads.ok.Load(), l.reads.failed.Load(), l.writes.ok.Load(), l.writes.failed.Load()
	time.Sleep(d)
	share := func(ok, failed int64) outcome {
		if ok+failed == 0 {
			return outcome{}
		}
		return outcome{float64(ok) / float64(ok+failed), ok + failed}
	}
	return share(l.reads.ok.Load()-r0, l.reads.failed.Load()-rf0), share(l.writes.ok.Load()-w0, l.writes.failed.Load()-wf0)
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
// three-alpha group under load: requests keep succeeding while one alpha is
// down or hung (the leader included), a restarted alpha is back in rotation
// within seconds, and with quorum lost writes and, after the stale-read
// window, reads fail at once with UNAVAILABLE.
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
	if reads, writes := l.phase(3 * time.Second); reads.rate < 1 || writes.rate < 1 {
		t.Fatalf("all up: reads %v, writes %v succeeded", reads, writes)
	}

	leader := r.do("leader")
	follower := map[string]string{"0": "1", "1": "2", "2": "0"}[leader]
	other := map[string]string{"0": "2", "1": "0", "2": "1"}[leader]
	addrOf := func(i string) string { return alphas[i[0]-'0'].Addr }
	// outage checks that reads kept succeeding through a phase of d.
	outage := func(what string, d time.Duration) {
		t.Helper()
		reads, writes := l.phase(d)
		t.Logf("%s: reads %v, writes %v succeeded", what, reads, writes)
		if reads.rate < 0.99 {
			t.Errorf("%s: reads %v succeeded; want ≥ 99%%", what, reads)
		}
	}

	// A follower down: the group keeps its leader, nothing stalls.
	r.do("kill", follower)
	outage("alpha "+follower+" (follower) killed", 10*time.Second)
	r.do("restart", follower)
	back := waitMember(t, s, addrOf(follower), store.StateHealthy, 10*time.Second)
	t.Logf("alpha %s back in rotation %v after it served again", follower, back.Round(time.Millisecond))

	// The leader down under writes: current reads wait until a new leader
	// applies commits again, and are served best-effort meanwhile; writes
	// wait for the new leader.
	r.do("kill", leader)
	outage("alpha "+leader+" (leader) killed", 15*time.Second)
	if _, writes := l.phase(3 * time.Second); writes.rate < 1 {
		t.Errorf("writes %v succeeded 15s after the leader was killed", writes)
	}
	r.do("restart", leader)
	waitMember(t, s, addrOf(leader), store.StateHealthy, 10*time.Second)

	r.do("pause", other)
	waitMember(t, s, addrOf(other), store.StateUnhealthy, 5*time.Second)
	outage("alpha "+other+" hung", 5*time.Second)
	r.do("resume", other)
	waitMember(t, s, addrOf(other), store.StateHealthy, 10*time.Second)

	// Quorum lost: a write cannot commit, and reads after it wait for it.
	// Requests must fail at once, not at their deadline.
	l.end()
	r.do("kill", leader)
	r.do("kill", other)
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	start := time.Now()
	err = s.Update(wctx, func(ctx context.Context, tx store.Txn) error {
		_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`_:w <drill.write> "1" .`)})
		return err
	})
	t.Logf("a write with quorum lost: %v after %v", err, time.Since(start).Round(time.Millisecond))
	if kg.CodeOf(err) != kg.CodeUnavailable || time.Since(start) > 25*time.Second {
		t.Fatalf("a write with quorum lost: %v after %v; want UNAVAILABLE once stale reads end (15 s)", err, time.Since(start))
	}
	// Reads are served best-effort until staleFor (15 s) after the last
	// current read, then refused at once.
	lost := time.Now()
	for {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		start := time.Now()
		_, err := s.Query(qctx, `{ q(func: eq(xid, "material:dysprosium")) { name } }`, nil)
		cancel()
		if kg.CodeOf(err) == kg.CodeUnavailable && time.Since(start) < time.Second {
			t.Logf("quorum lost: reads refused at once %v after the kill", time.Since(lost).Round(time.Millisecond))
			break
		}
		if err != nil && kg.CodeOf(err) != kg.CodeUnavailable || time.Since(start) > 3*time.Second {
			t.Fatalf("quorum lost: a read took %v: %v", time.Since(start), err)
		}
		if time.Since(lost) > 30*time.Second {
			t.Fatalf("quorum lost: reads still served after 30s")
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
