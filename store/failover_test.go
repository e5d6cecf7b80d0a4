package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/dgo/v250/protos/api"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// How a fake alpha behaves.
const (
	up      int32 = iota
	down          // refuses connections: UNAVAILABLE at once
	hung          // accepts, never answers
	stalled       // answers best-effort reads only, as without a leader
)

// fakeAlpha is an in-process Dgraph alpha that answers every query with its
// own name and can be taken down or hung.
type fakeAlpha struct {
	api.DgraphClient // unused methods are nil: calling one panics
	name             string
	mode             atomic.Int32
	commitDown       atomic.Bool // fails commits only, after the transaction's requests
	requests         atomic.Int64
	mutations        atomic.Int64
	commits          atomic.Int64
}

// wait answers a request as the mode says; best-effort reads pass a stall.
func (f *fakeAlpha) wait(ctx context.Context, bestEffort bool) error {
	switch mode := f.mode.Load(); {
	case mode == down:
		return status.Error(codes.Unavailable, "connection refused")
	case mode == hung, mode == stalled && !bestEffort:
		<-ctx.Done()
		return status.FromContextError(ctx.Err()).Err()
	}
	return nil
}

func (f *fakeAlpha) Query(ctx context.Context, req *api.Request, _ ...grpc.CallOption) (*api.Response, error) {
	if req.Query != store.ProbeQuery {
		f.requests.Add(1)
	}
	if err := f.wait(ctx, req.BestEffort); err != nil {
		return nil, err
	}
	if len(req.Mutations) > 0 {
		f.mutations.Add(1)
		return &api.Response{Txn: &api.TxnContext{StartTs: 7}, Uids: map[string]string{"a": "0x1"}}, nil
	}
	return &api.Response{Json: []byte(fmt.Sprintf(`{"by":%q,"bestEffort":%t}`, f.name, req.BestEffort)), Txn: &api.TxnContext{StartTs: 7}}, nil
}

func (f *fakeAlpha) CommitOrAbort(ctx context.Context, tc *api.TxnContext, _ ...grpc.CallOption) (*api.TxnContext, error) {
	if tc.Aborted {
		return tc, nil
	}
	f.commits.Add(1)
	if f.commitDown.Load() {
		return nil, status.Error(codes.Unavailable, "connection reset")
	}
	return tc, f.wait(ctx, false)
}

func (f *fakeAlpha) Alter(ctx context.Context, _ *api.Operation, _ ...grpc.CallOption) (*api.Payload, error) {
	return &api.Payload{}, f.wait(ctx, false)
}

// fakeCluster opens a cluster store over n fake alphas, a0…; probeEvery as
// for store.OpenClusterOver.
func fakeCluster(t *testing.T, n int, probeEvery time.Duration) (store.Store, []*fakeAlpha) {
	t.Helper()
	fakes, addrs, clients := make([]*fakeAlpha, n), make([]string, n), make([]api.DgraphClient, n)
	for i := range n {
		fakes[i] = &fakeAlpha{name: fmt.Sprintf("a%d", i)}
		addrs[i], clients[i] = fakes[i].name+":9080", fakes[i]
	}
	s, err := store.OpenClusterOver(context.Background(), addrs, clients, probeEvery)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, fakes
}

func query(ctx context.Context, s store.Store) (string, error) {
	out, err := s.Query(ctx, `{ q(func: uid(0x1)) { uid } }`, nil)
	return string(out), err
}

func state(s store.Store, addr string) store.Member {
	for _, m := range s.Members() {
		if m.Addr == addr {
			return m
		}
	}
	return store.Member{}
}

// eventually polls cond for up to 5 s: a liveness bound, not a timing claim.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not within 5s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestClusterSpreadsReadsOverHealthyAlphas(t *testing.T) {
	s, fakes := fakeCluster(t, 3, 0)
	for range 30 {
		if _, err := query(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range fakes {
		if n := f.requests.Load(); n != 10 {
			t.Errorf("%s served %d of 30 reads, want 10", f.name, n)
		}
	}
}

func TestClusterMovesAReadFromADownAlpha(t *testing.T) {
	s, fakes := fakeCluster(t, 3, 0)
	fakes[1].mode.Store(down)
	for i := range 30 {
		if by, err := query(context.Background(), s); err != nil || strings.Contains(by, "a1") {
			t.Fatalf("read %d: %s, %v", i, by, err)
		}
	}
	if got := state(s, "a1:9080"); got.State != store.StateUnhealthy || got.Reason != "unreachable" {
		t.Fatalf("a1 = %+v, want unhealthy, unreachable", got)
	}
	if n := fakes[1].requests.Load(); n != 1 {
		t.Fatalf("a1 got %d reads, want 1: a down alpha leaves rotation at its first failure", n)
	}
}

func TestClusterMovesAReadFromAHungAlphaWithinItsDeadline(t *testing.T) {
	s, fakes := fakeCluster(t, 2, 0) // no probes: the attempt's own budget ends it
	fakes[0].mode.Store(hung)
	// Round-robin starts one of the two reads on a0: it must not wait there
	// past its budget (the deadline less the retry reserve).
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		by, err := query(ctx, s)
		cancel()
		if err != nil || !strings.Contains(by, "a1") {
			t.Fatalf("read %d with a hung alpha: %s, %v", i, by, err)
		}
	}
	if n := fakes[0].requests.Load(); n != 1 {
		t.Fatalf("a0 got %d reads, want 1", n)
	}
}

func TestClusterProbesTakeAHungAlphaOutAndBringItBack(t *testing.T) {
	s, fakes := fakeCluster(t, 3, 20*time.Millisecond)
	fakes[2].mode.Store(hung)
	eventually(t, "a2 out of rotation", func() bool { return state(s, "a2:9080").State == store.StateUnhealthy })
	if got := state(s, "a2:9080"); got.Reason != "timeout" {
		t.Fatalf("a2 = %+v, want reason timeout", got)
	}
	before := fakes[2].requests.Load()
	for range 20 {
		if _, err := query(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	if n := fakes[2].requests.Load() - before; n != 0 {
		t.Fatalf("a hung alpha out of rotation got %d reads", n)
	}
	fakes[2].mode.Store(up)
	eventually(t, "a2 back in rotation", func() bool { return state(s, "a2:9080").State == store.StateHealthy })
	eventually(t, "a2 serving reads again", func() bool {
		by, err := query(context.Background(), s)
		return err == nil && strings.Contains(by, "a2")
	})
}

func TestClusterEndsReadsWaitingOnAnAlphaThatLeavesRotation(t *testing.T) {
	s, fakes := fakeCluster(t, 1, 20*time.Millisecond)
	fakes[0].mode.Store(hung)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := query(ctx, s) // the last alpha: no budget of its own, only the probe can end it
	if kg.CodeOf(err) != kg.CodeUnavailable {
		t.Fatalf("read on the only alpha, hung: %v, want UNAVAILABLE", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v: the read waited for its deadline", d)
	}
}

func TestClusterServesStaleReadsWhileNoAlphaServesCurrentOnes(t *testing.T) {
	s, fakes := fakeCluster(t, 3, 20*time.Millisecond)
	for _, f := range fakes {
		f.mode.Store(stalled)
	}
	// A read that started before the probes saw the stall moves to a
	// best-effort read once they do, well before its deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	if out, err := query(ctx, s); err != nil || !strings.Contains(out, `"bestEffort":true`) {
		t.Fatalf("read during the stall: %s, %v", out, err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the read waited %v", d)
	}
	for _, m := range s.Members() {
		if m.State != store.StateDegraded || m.Reason != "stale reads only" {
			t.Fatalf("member %+v, want degraded", m)
		}
	}
	// A write waits for a new leader while stale reads are allowed (2 s
	// here); past that the stall is a lost quorum, and everything fails at
	// once.
	runs := 0
	if err := write(s, &runs); kg.CodeOf(err) != kg.CodeUnavailable || runs != 0 {
		t.Fatalf("write during the stall: %v after %d runs, want UNAVAILABLE", err, runs)
	}
	start = time.Now()
	if _, err := query(ctx, s); kg.CodeOf(err) != kg.CodeUnavailable || time.Since(start) > time.Second {
		t.Fatalf("read after the stale window: %v after %v, want UNAVAILABLE at once", err, time.Since(start))
	}
	for _, f := range fakes {
		f.mode.Store(up)
	}
	eventually(t, "current reads again", func() bool {
		out, err := query(ctx, s)
		return err == nil && strings.Contains(out, `"bestEffort":false`)
	})
}

func TestClusterWriteWaitsForANewLeader(t *testing.T) {
	s, fakes := fakeCluster(t, 3, 20*time.Millisecond)
	for _, f := range fakes {
		f.mode.Store(stalled)
	}
	eventually(t, "every alpha degraded", func() bool {
		for _, m := range s.Members() {
			if m.State != store.StateDegraded {
				return false
			}
		}
		return true
	})
	done := make(chan error, 1)
	runs := 0
	go func() { done <- write(s, &runs) }()
	time.Sleep(100 * time.Millisecond)
	for _, f := range fakes {
		f.mode.Store(up)
	}
	if err := <-done; err != nil || runs != 1 {
		t.Fatalf("write across a leader election: %v after %d runs", err, runs)
	}
}

func TestClusterFailsFastWhenNoAlphaIsHealthy(t *testing.T) {
	s, fakes := fakeCluster(t, 3, 0)
	sent := func() (n int64) {
		for _, f := range fakes {
			n += f.requests.Load()
		}
		return n
	}
	for _, f := range fakes {
		f.mode.Store(down)
	}
	if _, err := query(context.Background(), s); kg.CodeOf(err) != kg.CodeUnavailable {
		t.Fatalf("every alpha down: %v, want UNAVAILABLE", err)
	}
	if n := sent(); n != 3 {
		t.Fatalf("the read was sent %d times, want once to each alpha", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := query(ctx, s); kg.CodeOf(err) != kg.CodeUnavailable {
		t.Fatalf("no healthy alpha: %v, want UNAVAILABLE", err)
	}
	if err := s.Ping(ctx); kg.CodeOf(err) != kg.CodeUnavailable {
		t.Fatalf("Ping with no healthy alpha: %v, want UNAVAILABLE", err)
	}
	if n := sent(); n != 3 {
		t.Fatalf("%d reads were sent to alphas out of rotation", n-3)
	}
}

func TestClusterKeepsTheCallersDeadline(t *testing.T) {
	s, fakes := fakeCluster(t, 2, 0)
	fakes[0].mode.Store(hung)
	fakes[1].mode.Store(hung)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := query(ctx, s); kg.CodeOf(err) != kg.CodeTimeout {
		t.Fatalf("every alpha hung: %v, want TIMEOUT", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("returned %v after a 300ms deadline", d)
	}
}

// write upserts one node in a transaction, as the loaders do: read, then
// mutate. It counts how often it ran.
func write(s store.Store, runs *int) error {
	return s.Update(context.Background(), func(ctx context.Context, tx store.Txn) error {
		*runs++
		if _, err := tx.Query(ctx, `{ q(func: eq(xid, "material:a")) { uid } }`, nil); err != nil {
			return fmt.Errorf("resolve: %w", err)
		}
		_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(`_:a <xid> "material:a" .`)})
		return err
	})
}

func TestClusterMovesAWriteThatNeverReachedItsCommit(t *testing.T) {
	s, fakes := fakeCluster(t, 2, 0)
	fakes[0].mode.Store(down)
	runs := 0
	for range 2 { // one of them starts on a0
		if err := write(s, &runs); err != nil {
			t.Fatal(err)
		}
	}
	if runs != 3 || fakes[1].commits.Load() != 2 || fakes[0].commits.Load() != 0 {
		t.Fatalf("runs %d, commits a0 %d a1 %d: want 3 runs and both commits on a1",
			runs, fakes[0].commits.Load(), fakes[1].commits.Load())
	}
}

func TestClusterNeverRetriesAFailedCommit(t *testing.T) {
	s, fakes := fakeCluster(t, 2, 0)
	for _, f := range fakes {
		f.commitDown.Store(true)
	}
	runs := 0
	err := write(s, &runs)
	if kg.CodeOf(err) != kg.CodeUnavailable {
		t.Fatalf("commit lost: %v, want UNAVAILABLE", err)
	}
	if commits := fakes[0].commits.Load() + fakes[1].commits.Load(); runs != 1 || commits != 1 {
		t.Fatalf("runs %d, commits %d: a commit that may have been applied was sent again", runs, commits)
	}
}

func TestClusterStartsWhenAnyAlphaAnswers(t *testing.T) {
	fakes := []*fakeAlpha{{name: "a0"}, {name: "a1"}}
	fakes[0].mode.Store(down)
	s, err := store.OpenClusterOver(context.Background(), []string{"a0:9080", "a1:9080"},
		[]api.DgraphClient{fakes[0], fakes[1]}, 20*time.Millisecond)
	if err != nil {
		t.Fatalf("one alpha of two down: %v", err)
	}
	defer s.Close()
	if got := state(s, "a0:9080"); got.State != store.StateUnhealthy || got.Reason != "unreachable" {
		t.Fatalf("a0 = %+v", got)
	}
	fakes[0].mode.Store(up)
	eventually(t, "a0 joins once it answers", func() bool { return state(s, "a0:9080").State == store.StateHealthy })

	fakes[1].mode.Store(down)
	_, err = store.OpenClusterOver(context.Background(), []string{"a1:9080"}, []api.DgraphClient{fakes[1]}, 0)
	if kg.CodeOf(err) != kg.CodeUnavailable || !strings.Contains(err.Error(), "a1:9080 is unavailable") {
		t.Fatalf("every alpha down: %v, want UNAVAILABLE naming it", err)
	}
}

func TestClusterKeepsTheCauseForTheLogs(t *testing.T) {
	s, fakes := fakeCluster(t, 1, 0)
	fakes[0].mode.Store(down)
	if _, err := query(context.Background(), s); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("the cause is lost: %v", err)
	}
}
