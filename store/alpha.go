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
//
// An alpha is in one of three states. Healthy: it serves current reads and
// writes. Degraded: current reads time out there but it answers best-effort
// reads from what it has applied, as the alphas of a group do while it
// elects a new leader (or has lost its quorum). Unhealthy: it does not
// answer at all (down, hung, or refusing requests).
type alpha struct {
	addr string
	conn *grpc.ClientConn // nil when the client is not a network one (tests)
	dg   *dgo.Dgraph
	log  *slog.Logger
	// timeoutsToOpen is how many timeouts in a row take it out of rotation:
	// one slow answer on a busy machine is not a hung alpha.
	timeoutsToOpen int

	mu       sync.Mutex
	current  bool      // serves current reads and writes (healthy)
	answers  bool      // answers best-effort reads (healthy or degraded)
	timeouts int       // consecutive timeouts
	reason   failure   // why it last left rotation
	since    time.Time // when its state last changed
	// lastCurrent is when it last served current reads.
	lastCurrent time.Time
	// notCurrent and silent are cancelled when it stops serving current
	// reads and when it stops answering at all: that ends the attempts
	// still waiting on it. Fresh ones are made when it comes back.
	notCurrent, silent context.Context
	markNotCurrent     context.CancelCauseFunc
	markSilent         context.CancelCauseFunc
}

// failure is the short, public class of an alpha's failure; the error itself
// is only logged.
type failure string

const (
	failUnreachable failure = "unreachable"      // connection refused or lost
	failTimeout     failure = "timeout"          // no answer in time: hung, or no leader or quorum
	failNotReady    failure = "not ready"        // answers, but refuses requests
	failNeverProbed failure = "not probed"       // not yet seen
	failStaleOnly   failure = "stale reads only" // degraded: answers best-effort reads only
)

// errAlphaDown ends the attempts on an alpha that left rotation.
var errAlphaDown = errors.New("dgraph alpha left rotation")

func newAlpha(addr string, client api.DgraphClient, conn *grpc.ClientConn, log *slog.Logger, timeoutsToOpen int) *alpha {
	a := &alpha{
		addr: addr, conn: conn, dg: dgo.NewDgraphClient(client), log: log,
		timeoutsToOpen: timeoutsToOpen, reason: failNeverProbed, since: time.Now(),
	}
	a.notCurrent, a.markNotCurrent = gone()
	a.silent, a.markSilent = gone()
	return a
}

// gone is a context that is already cancelled with errAlphaDown.
func gone() (context.Context, context.CancelCauseFunc) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errAlphaDown)
	return ctx, cancel
}

// serves reports whether the alpha takes current reads (best false) or
// best-effort reads (best true).
func (a *alpha) serves(best bool) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if best {
		return a.answers
	}
	return a.current
}

// currentAt is the last time the alpha served current reads (now if it does).
func (a *alpha) currentAt() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.current {
		return time.Now()
	}
	return a.lastCurrent
}

// answered records a current read or a commit that succeeded. Only a probe
// (or the first contact) puts an alpha back into rotation: requests go to
// alphas in rotation only.
func (a *alpha) answered(restore bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.timeouts = 0
	if a.current || !restore {
		return
	}
	if a.reason != failNeverProbed {
		a.log.Info("dgraph alpha is back in rotation", "alpha", a.addr, "was", string(a.reason))
	}
	a.current, a.reason = true, ""
	a.notCurrent, a.markNotCurrent = context.WithCancelCause(context.Background())
	a.setAnswers(true)
	a.since = time.Now()
}

// answeredStale records what a probe found when current reads timed out:
// whether the alpha answers best-effort reads.
func (a *alpha) answeredStale(ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.current {
		return // not (yet) out of rotation for current reads
	}
	if a.setAnswers(ok) && ok {
		a.log.Warn("dgraph alpha answers stale reads only", "alpha", a.addr)
	}
}

// setAnswers turns best-effort reads on or off and reports a change; a.mu
// is held.
func (a *alpha) setAnswers(ok bool) bool {
	if ok == a.answers {
		return false
	}
	if ok {
		a.silent, a.markSilent = context.WithCancelCause(context.Background())
	} else {
		a.markSilent(errAlphaDown)
	}
	a.answers, a.since = ok, time.Now()
	return true
}

// failed records a failure of class f. A timeout takes the alpha out of
// rotation for current reads only after timeoutsToOpen of them in a row,
// any other failure at once. An unreachable alpha answers nothing; for the
// others the probe finds whether they still answer best-effort reads (an
// alpha without a quorum refuses current reads but serves those).
func (a *alpha) failed(f failure, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch f {
	case failTimeout:
		a.timeouts++
		if a.timeouts < a.timeoutsToOpen {
			return
		}
	case failUnreachable:
		a.setAnswers(false)
	}
	a.reason = f
	if !a.current {
		return
	}
	a.current, a.since, a.lastCurrent = false, time.Now(), time.Now()
	a.markNotCurrent(errAlphaDown)
	a.log.Warn("dgraph alpha taken out of rotation", "alpha", a.addr, "reason", string(f), "err", err)
}

// member is the alpha's health as the readiness probe shows it.
func (a *alpha) member() Member {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := Member{Addr: a.addr, Since: a.since}
	switch {
	case a.current:
		m.State = StateHealthy
	case a.answers:
		m.State, m.Reason = StateDegraded, string(failStaleOnly)
	default:
		m.State, m.Reason = StateUnhealthy, string(a.reason)
	}
	return m
}

// attempt derives the context of one attempt on the alpha: it ends at the
// caller's deadline, after budget (when > 0), or when the alpha stops
// serving that kind of read (best: best-effort), whichever comes first. The
// returned func releases it.
func (a *alpha) attempt(ctx context.Context, budget time.Duration, best bool) (context.Context, context.CancelFunc) {
	a.mu.Lock()
	signal := a.notCurrent
	if best {
		signal = a.silent
	}
	a.mu.Unlock()
	actx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(signal, func() { cancel(errAlphaDown) })
	if budget <= 0 {
		return actx, func() { stop(); cancel(nil) }
	}
	tctx, cancelTimeout := context.WithTimeoutCause(actx, budget, errAttemptTimeout)
	return tctx, func() { stop(); cancelTimeout(); cancel(nil) }
}
