package store

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/dgraph-io/dgo/v250"
	"github.com/dgraph-io/dgo/v250/protos/api"
	"google.golang.org/grpc"
)

// alpha is one Dgraph alpha of a cluster with its own connection and dgo
// client, so that the cluster, not dgo's random pick, chooses where each
// transaction goes, and a circuit breaker that keeps it out of rotation
// while it fails.
type alpha struct {
	addr string
	conn *grpc.ClientConn // nil when the client is not a network one (tests)
	dg   *dgo.Dgraph
	api  api.DgraphClient
	log  *slog.Logger
	// timeoutsToOpen is how many timeouts in a row take it out of rotation:
	// one slow answer on a busy machine is not a hung alpha.
	timeoutsToOpen int

	mu       sync.Mutex
	healthy  bool
	timeouts int       // consecutive timeouts
	reason   failure   // why it last left rotation
	since    time.Time // when it last entered or left rotation
	// down is cancelled when the alpha leaves rotation, which ends the
	// attempts still waiting on it; a fresh one is made when it returns.
	down     context.Context
	markDown context.CancelCauseFunc
}

// failure is the short, public class of an alpha's failure; the error itself
// is only logged.
type failure string

const (
	failUnreachable failure = "unreachable" // connection refused or lost
	failTimeout     failure = "timeout"     // no answer in time: hung, or quorum lost
	failNotReady    failure = "not ready"   // answers, but refuses requests
	failNeverProbed failure = "not probed"  // not yet seen
)

// errAlphaDown ends the attempts on an alpha that left rotation.
var errAlphaDown = errors.New("dgraph alpha left rotation")

func newAlpha(addr string, client api.DgraphClient, conn *grpc.ClientConn, log *slog.Logger, timeoutsToOpen int) *alpha {
	down, markDown := context.WithCancelCause(context.Background())
	markDown(errAlphaDown)
	return &alpha{
		addr: addr, conn: conn, api: client, dg: dgo.NewDgraphClient(client), log: log,
		timeoutsToOpen: timeoutsToOpen,
		reason:         failNeverProbed, since: time.Now(), down: down, markDown: markDown,
	}
}

func (a *alpha) isHealthy() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.healthy
}

// downSignal is done once the alpha is out of rotation.
func (a *alpha) downSignal() context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.down
}

// answered records an answer. Only a probe (or the first contact) puts an
// alpha back into rotation: requests go to healthy alphas only.
func (a *alpha) answered(restore bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.timeouts = 0
	if a.healthy || !restore {
		return
	}
	a.healthy, a.since = true, time.Now()
	a.down, a.markDown = context.WithCancelCause(context.Background())
	if a.reason != failNeverProbed {
		a.log.Info("dgraph alpha is back in rotation", "alpha", a.addr, "was", string(a.reason))
	}
	a.reason = ""
}

// failed records a failure of class f; a timeout takes the alpha out of
// rotation only after timeoutsToOpen of them in a row.
func (a *alpha) failed(f failure, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f == failTimeout {
		a.timeouts++
		if a.timeouts < a.timeoutsToOpen {
			return
		}
	}
	if !a.healthy {
		a.reason = f
		return
	}
	a.healthy, a.reason, a.since = false, f, time.Now()
	a.markDown(errAlphaDown)
	a.log.Warn("dgraph alpha taken out of rotation", "alpha", a.addr, "reason", string(f), "err", err)
}

// member is the alpha's health as the readiness probe shows it.
func (a *alpha) member() Member {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := Member{Addr: a.addr, State: StateHealthy, Since: a.since}
	if !a.healthy {
		m.State, m.Reason = StateUnhealthy, string(a.reason)
	}
	return m
}

// attempt derives the context of one attempt on the alpha: it ends at the
// caller's deadline, after budget (when > 0), or when the alpha leaves
// rotation, whichever comes first. The returned func releases it.
func (a *alpha) attempt(ctx context.Context, budget time.Duration) (context.Context, context.CancelFunc) {
	actx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(a.downSignal(), func() { cancel(errAlphaDown) })
	if budget <= 0 {
		return actx, func() { stop(); cancel(nil) }
	}
	tctx, cancelTimeout := context.WithTimeoutCause(actx, budget, errAttemptTimeout)
	return tctx, func() { stop(); cancelTimeout(); cancel(nil) }
}
