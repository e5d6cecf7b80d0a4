package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/dgo/v250"
	"github.com/dgraph-io/dgo/v250/protos/api"
	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"

	"github.com/chokepoint/chokepoint/kg"
)

// cluster talks to Dgraph alphas, one connection and dgo client each. It
// sends every transaction to the next healthy alpha (round-robin), moves a
// failed read (or a write that never reached its commit) to another one at
// once, and probes every alpha in the background to take a failing one out
// of rotation and put it back when it answers again.
//
// When no alpha serves current reads but some answer best-effort ones (the
// group is electing a new leader, which takes seconds after its leader dies
// while writes are in flight), reads are served best-effort, from what those
// alphas have applied, for up to staleFor after the last current read; then
// requests fail at once with UNAVAILABLE (the group has lost its quorum).
type cluster struct {
	alphas []*alpha
	tune   tuning
	next   atomic.Uint64 // round-robin position

	stopProbes context.CancelFunc
	probesDone chan struct{}
	closeOnce  sync.Once
}

// tuning holds the timings of health tracking; tests shorten them.
type tuning struct {
	// openTimeout bounds the first contact, so that a down cluster fails fast.
	openTimeout time.Duration
	// probeEvery and probeTimeout pace the background probe of each alpha.
	probeEvery, probeTimeout time.Duration
	// timeoutsToOpen timeouts in a row take an alpha out of rotation.
	timeoutsToOpen int
	// retryReserve is the time an attempt leaves for another alpha.
	retryReserve time.Duration
	// staleFor is how long reads may be served best-effort once no alpha
	// serves current reads.
	staleFor time.Duration
}

var defaultTuning = tuning{
	openTimeout:    10 * time.Second,
	probeEvery:     time.Second,
	probeTimeout:   500 * time.Millisecond,
	timeoutsToOpen: 2,
	retryReserve:   2 * time.Second,
	staleFor:       15 * time.Second,
}

// maxMessage lifts gRPC's 4 MiB default; batches stay well below it anyway.
const maxMessage = 64 << 20

// dialOptions are the gRPC settings of one alpha's connection.
func dialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessage), grpc.MaxCallSendMsgSize(maxMessage)),
		// A restarted alpha is dialled again within a second, not after
		// gRPC's default backoff of up to two minutes.
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           grpcbackoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
			MinConnectTimeout: 2 * time.Second,
		}),
		// A hung alpha's connection is closed once it has sent nothing for
		// 12 s while requests wait on it (10 s is gRPC's floor): that ends
		// waits without a deadline of their own, such as a load's.
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 10 * time.Second, Timeout: 2 * time.Second}),
	}
}

func openCluster(ctx context.Context, rest string, log *slog.Logger) (*cluster, error) {
	hosts, err := clusterHosts(rest)
	if err != nil {
		return nil, err
	}
	alphas := make([]*alpha, 0, len(hosts))
	for _, h := range hosts {
		conn, err := grpc.NewClient(h, dialOptions()...)
		if err != nil {
			for _, a := range alphas {
				a.conn.Close()
			}
			return nil, kg.Wrap(kg.CodeInvalid, err, "dgraph host %s", h)
		}
		alphas = append(alphas, newAlpha(h, api.NewDgraphClient(conn), conn, log, defaultTuning.timeoutsToOpen))
	}
	return startCluster(ctx, alphas, defaultTuning, log)
}

// startCluster contacts every alpha at once and starts when any answers;
// the others join when the background probe finds them answering.
func startCluster(ctx context.Context, alphas []*alpha, tune tuning, log *slog.Logger) (*cluster, error) {
	c := &cluster{alphas: alphas, tune: tune, probesDone: make(chan struct{})}
	errs := make([]error, len(alphas))
	var wg sync.WaitGroup
	for i, a := range alphas {
		wg.Go(func() { errs[i] = c.probe(ctx, a, tune.openTimeout) })
	}
	wg.Wait()
	var down []string
	for i, a := range alphas {
		if errs[i] != nil {
			down = append(down, a.addr+" is unavailable")
			log.Warn("dgraph alpha does not answer; starting without it", "alpha", a.addr, "err", errs[i])
		}
	}
	if len(down) == len(alphas) {
		c.closeConns()
		return nil, kg.Wrap(kg.CodeUnavailable, errors.Join(errs...), "no dgraph alpha answers: %s", strings.Join(down, "; "))
	}
	pctx, stop := context.WithCancel(context.Background())
	c.stopProbes = stop
	go c.probeLoop(pctx)
	return c, nil
}

// probeLoop probes every alpha each probeEvery, all at once.
func (c *cluster) probeLoop(ctx context.Context) {
	defer close(c.probesDone)
	t := time.NewTicker(c.tune.probeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var wg sync.WaitGroup
		for _, a := range c.alphas {
			wg.Go(func() { _ = c.probe(ctx, a, c.tune.probeTimeout) })
		}
		wg.Wait()
	}
}

// probe reads probeQuery on one alpha within timeout and records the
// outcome: an answer puts the alpha (back) into rotation, any failure counts
// against it. When the current read fails but the alpha is reachable, a
// best-effort read tells whether it can still serve stale reads.
func (c *cluster) probe(ctx context.Context, a *alpha, timeout time.Duration) error {
	err := probeRead(ctx, a, timeout, false)
	if err == nil {
		a.answered(true)
		return nil
	}
	if ctx.Err() != nil {
		return err
	}
	f, _ := classify(ctx, ctx, err)
	if errors.Is(err, errAttemptTimeout) {
		f = failTimeout
	} else if f == "" {
		f = failNotReady // it answers, but not this query: it cannot serve
	}
	a.failed(f, err)
	if f != failUnreachable {
		a.answeredStale(probeRead(ctx, a, timeout, true) == nil)
	}
	return err
}

// probeRead sends probeQuery, a current read or a best-effort one; a timeout
// comes back as errAttemptTimeout.
func probeRead(ctx context.Context, a *alpha, timeout time.Duration, best bool) error {
	pctx, cancel := context.WithTimeoutCause(ctx, timeout, errAttemptTimeout)
	defer cancel()
	txn := a.dg.NewReadOnlyTxn()
	if best {
		txn = txn.BestEffort()
	}
	_, err := txn.Query(pctx, probeQuery)
	if err != nil && ctx.Err() == nil && context.Cause(pctx) == errAttemptTimeout {
		return fmt.Errorf("%w: %w", errAttemptTimeout, err)
	}
	return err
}

func (c *cluster) Backend() string { return "cluster" }

func (c *cluster) Members() []Member {
	out := make([]Member, len(c.alphas))
	for i, a := range c.alphas {
		out[i] = a.member()
	}
	return out
}

// try is one alpha asked for one kind of read (best: best-effort).
type try struct {
	a    *alpha
	best bool
}

// pick returns the next alpha not yet tried that serves current reads (best
// false) or best-effort ones (best true), nil when none is left, and whether
// yet another one would be left after it.
func (c *cluster) pick(tried []try, best bool) (*alpha, bool) {
	n := len(c.alphas)
	start := int(c.next.Add(1) % uint64(n))
	var chosen *alpha
	for i := range n {
		a := c.alphas[(start+i)%n]
		if !a.serves(best) || slices.Contains(tried, try{a, best}) {
			continue
		}
		if chosen != nil {
			return chosen, true
		}
		chosen = a
	}
	return chosen, false
}

// pickRead picks an alpha for a read: one that serves current reads, or
// else, while stale reads are allowed, one that answers best-effort ones.
func (c *cluster) pickRead(tried []try) (a *alpha, another, best bool) {
	if a, another := c.pick(tried, false); a != nil {
		return a, another, false
	}
	if !c.staleAllowed() {
		return nil, false, false
	}
	a, another = c.pick(tried, true)
	return a, another, true
}

// staleAllowed reports whether an alpha served current reads within staleFor.
func (c *cluster) staleAllowed() bool {
	var last time.Time
	for _, a := range c.alphas {
		if t := a.currentAt(); t.After(last) {
			last = t
		}
	}
	return !last.IsZero() && time.Since(last) <= c.tune.staleFor
}

// noAlpha is the answer when no healthy alpha is left to try: at once, not
// after a timeout.
func (c *cluster) noAlpha(op string, last error) error {
	if last == nil {
		var states []string
		for _, m := range c.Members() {
			states = append(states, m.Addr+": "+m.Reason)
		}
		last = errors.New("alphas out of rotation: " + strings.Join(states, ", "))
	}
	return kg.Wrap(kg.CodeUnavailable, last, "dgraph is unavailable (%s): no healthy alpha", op)
}

// failover runs do on a healthy alpha and, when that alpha fails rather than
// the request, at once on another one, each alpha at most once per kind of
// read. Only for work that is safe to repeat: reads, and alters (the same
// schema or drop applied twice is applied once). A read (read true) may fall
// back to best-effort (do's best) as pickRead says, and an attempt that
// another alpha could take over gets a bounded share of the caller's time
// (attemptBudget).
func (c *cluster) failover(ctx context.Context, op string, read bool, do func(ctx context.Context, a *alpha, best bool) error) error {
	var (
		tried []try
		last  error
	)
	for {
		var (
			a             *alpha
			another, best bool
		)
		if read {
			a, another, best = c.pickRead(tried)
		} else {
			a, another = c.pick(tried, false)
		}
		if a == nil {
			return c.noAlpha(op, last)
		}
		tried = append(tried, try{a, best})
		var budget time.Duration
		if read {
			budget = attemptBudget(ctx, c.tune.retryReserve, another)
		}
		actx, done := a.attempt(ctx, budget, best)
		err := do(actx, a, best)
		f, retry := classify(ctx, actx, err)
		done()
		if err == nil {
			a.answered(false)
			return nil
		}
		if f != "" {
			a.failed(f, err)
		}
		if !retry {
			return backendError(op, err)
		}
		last = err
	}
}

func (c *cluster) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	var out []byte
	err := c.failover(ctx, "query", true, func(ctx context.Context, a *alpha, best bool) error {
		txn := a.dg.NewReadOnlyTxn()
		if best {
			txn = txn.BestEffort()
		}
		resp, err := txn.QueryWithVars(ctx, q, vars)
		out = resp.GetJson()
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Retry policy for aborted transactions.
const (
	maxAttempts = 8
	baseBackoff = 20 * time.Millisecond
	maxBackoff  = 1 * time.Second
)

// Update runs fn in a transaction on a healthy alpha. An aborted transaction
// is retried with a fresh one after a backoff. A transaction whose alpha
// failed before the commit was sent is retried at once on another alpha:
// nothing of it was committed (Dgraph keeps a transaction's mutations
// pending until its commit), so running fn again cannot apply anything
// twice. With no healthy alpha left it waits for one while the group may be
// electing a leader (waitCurrent). A failed commit is never retried, since
// it may have been applied: the caller gets UNAVAILABLE (the loaders'
// writes are upserts by xid, so running the same load again completes it).
func (c *cluster) Update(ctx context.Context, fn func(ctx context.Context, tx Txn) error) error {
	var (
		tried         []try
		last          error
		aborts, moves int
	)
	for {
		a, _ := c.pick(tried, false)
		if a == nil {
			if moves >= maxAttempts || !c.waitCurrent(ctx) {
				return c.noAlpha("update", last)
			}
			tried = nil
			continue
		}
		err := c.updateOn(ctx, a, fn)
		var lost *lostAlpha
		switch {
		case err == nil:
			return nil
		case errors.As(err, &lost):
			moves++
			tried, last = append(tried, try{a, false}), lost.err
		case errors.Is(err, dgo.ErrAborted):
			aborts++
			if aborts == maxAttempts {
				return kg.Wrap(kg.CodeConflict, err, "transaction aborted %d times by concurrent writers", aborts)
			}
			if err := sleepCtx(ctx, backoff(aborts)); err != nil {
				return backendError("update", err)
			}
		default:
			return err
		}
	}
}

// waitCurrent waits until an alpha serves current reads and writes, as it
// does when the group has elected a new leader, and reports whether one
// does. It waits only while some alpha is degraded (answers, but without a
// leader) and gives up at the caller's deadline or once no alpha has served
// current reads for staleFor: then the group has lost its quorum.
func (c *cluster) waitCurrent(ctx context.Context) bool {
	t := time.NewTicker(c.tune.probeEvery / 4)
	defer t.Stop()
	for {
		if a, _ := c.pick(nil, false); a != nil {
			return true
		}
		if degraded, _ := c.pick(nil, true); degraded == nil || !c.staleAllowed() {
			return false // nothing answers, or the stall has lasted too long
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}

// lostAlpha is an Update attempt that its alpha failed before the commit.
type lostAlpha struct{ err error }

func (l *lostAlpha) Error() string { return "dgraph alpha failed before the commit: " + l.err.Error() }

// backoff grows exponentially with full jitter.
func backoff(attempt int) time.Duration {
	d := min(baseBackoff<<(attempt-1), maxBackoff)
	return time.Duration(rand.Int64N(int64(d)) + 1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *cluster) updateOn(ctx context.Context, a *alpha, fn func(ctx context.Context, tx Txn) error) error {
	actx, done := a.attempt(ctx, 0, false)
	defer done()
	txn := a.dg.NewTxn()
	defer txn.Discard(actx)
	tx := &clusterTxn{txn: txn, alpha: a, caller: ctx}
	err := fn(actx, tx)
	if lost := tx.lostTo(); lost != nil {
		return &lostAlpha{err: lost}
	}
	if err != nil {
		return err
	}
	if err := txn.Commit(actx); err != nil {
		if errors.Is(err, dgo.ErrAborted) {
			return err
		}
		if f, _ := classify(ctx, actx, err); f != "" {
			a.failed(f, err)
		}
		return backendError("commit", err)
	}
	a.answered(false)
	return nil
}

// clusterTxn is a transaction pinned to one alpha. It remembers whether that
// alpha failed under it, which makes the whole attempt safe to move.
type clusterTxn struct {
	txn    *dgo.Txn
	alpha  *alpha
	caller context.Context

	mu   sync.Mutex
	lost error
}

func (t *clusterTxn) lostTo() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lost
}

// check classifies a failed request of the transaction.
func (t *clusterTxn) check(ctx context.Context, op string, err error) error {
	if errors.Is(err, dgo.ErrAborted) {
		return err
	}
	f, retry := classify(t.caller, ctx, err)
	if f != "" {
		t.alpha.failed(f, err)
	}
	if retry {
		t.mu.Lock()
		t.lost = err
		t.mu.Unlock()
	}
	return backendError(op, err)
}

func (t *clusterTxn) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	resp, err := t.txn.QueryWithVars(ctx, q, vars)
	if err != nil {
		return nil, t.check(ctx, "query", err)
	}
	return resp.GetJson(), nil
}

func (t *clusterTxn) Mutate(ctx context.Context, m Mutation) (map[string]string, error) {
	if m.Empty() {
		return map[string]string{}, nil
	}
	resp, err := t.txn.Mutate(ctx, &api.Mutation{SetNquads: m.Set, DelNquads: m.Del})
	if err != nil {
		return nil, t.check(ctx, "mutate", err)
	}
	return resp.GetUids(), nil
}

func (c *cluster) alter(ctx context.Context, schema string) error {
	return c.alterRetry(ctx, "alter schema", &api.Operation{Schema: schema})
}

func (c *cluster) DropAll(ctx context.Context) error {
	if err := c.alterRetry(ctx, "drop all", &api.Operation{DropAll: true}); err != nil {
		return err
	}
	return c.alter(ctx, Schema())
}

// alterRetry runs a schema operation on a healthy alpha (another one if that
// one fails), retrying while the cluster says it is busy: an alter racing
// another one is aborted, and one that arrives while indexes are rebuilt is
// refused until they are done.
func (c *cluster) alterRetry(ctx context.Context, op string, o *api.Operation) error {
	for attempt := 1; ; attempt++ {
		err := c.failover(ctx, op, false, func(ctx context.Context, a *alpha, _ bool) error {
			return a.dg.Alter(ctx, o)
		})
		if err == nil {
			return nil
		}
		msg := strings.ToLower(err.Error())
		busy := strings.Contains(msg, "please retry") || strings.Contains(msg, "indexing") || status.Code(err) == codes.Aborted
		if !busy || attempt == maxAttempts {
			return err
		}
		if err := sleepCtx(ctx, backoff(attempt)+100*time.Millisecond); err != nil {
			return backendError(op, err)
		}
	}
}

func (c *cluster) Ping(ctx context.Context) error {
	_, err := c.Query(ctx, probeQuery, nil)
	return err
}

func (c *cluster) Close() error {
	var err error
	c.closeOnce.Do(func() {
		if c.stopProbes != nil {
			c.stopProbes()
			<-c.probesDone
		}
		err = c.closeConns()
	})
	return err
}

func (c *cluster) closeConns() error {
	var errs []error
	for _, a := range c.alphas {
		if a.conn != nil {
			errs = append(errs, a.conn.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close dgraph connections: %w", err)
	}
	return nil
}
