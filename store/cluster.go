package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dgraph-io/dgo/v250"
	"github.com/dgraph-io/dgo/v250/protos/api"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/chokepoint/chokepoint/kg"
)

// cluster talks to Dgraph alphas through dgo, round-robin.
type cluster struct {
	hosts []string
	conns []*grpc.ClientConn
	dg    *dgo.Dgraph
}

// maxMessage lifts gRPC's 4 MiB default; batches stay well below it anyway.
const maxMessage = 64 << 20

// openTimeout bounds the first contact so that a down cluster fails fast.
const openTimeout = 10 * time.Second

func openCluster(ctx context.Context, rest string) (*cluster, error) {
	hosts, err := clusterHosts(rest)
	if err != nil {
		return nil, err
	}
	c := &cluster{hosts: hosts}
	clients := make([]api.DgraphClient, 0, len(hosts))
	for _, h := range hosts {
		conn, err := grpc.NewClient(h,
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessage), grpc.MaxCallSendMsgSize(maxMessage)))
		if err != nil {
			c.Close()
			return nil, kg.Wrap(kg.CodeInvalid, err, "dgraph host %s", h)
		}
		c.conns = append(c.conns, conn)
		clients = append(clients, api.NewDgraphClient(conn))
	}
	c.dg = dgo.NewDgraphClient(clients...)
	pctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	for i, client := range clients {
		if _, err := client.CheckVersion(pctx, &api.Check{}); err != nil {
			c.Close()
			return nil, kg.Wrap(kg.CodeUnavailable, err, "dgraph alpha %s is unavailable", hosts[i])
		}
	}
	return c, nil
}

func (c *cluster) Backend() string { return "cluster" }

func (c *cluster) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	txn := c.dg.NewReadOnlyTxn()
	defer txn.Discard(ctx)
	resp, err := txn.QueryWithVars(ctx, q, vars)
	if err != nil {
		return nil, backendError("query", err)
	}
	return resp.GetJson(), nil
}

// Retry policy for aborted transactions.
const (
	maxAttempts = 8
	baseBackoff = 20 * time.Millisecond
	maxBackoff  = 1 * time.Second
)

func (c *cluster) Update(ctx context.Context, fn func(ctx context.Context, tx Txn) error) error {
	for attempt := 1; ; attempt++ {
		err := c.updateOnce(ctx, fn)
		if !errors.Is(err, dgo.ErrAborted) {
			return err
		}
		if attempt == maxAttempts {
			return kg.Wrap(kg.CodeConflict, err, "transaction aborted %d times by concurrent writers", attempt)
		}
		if err := sleepCtx(ctx, backoff(attempt)); err != nil {
			return backendError("update", err)
		}
	}
}

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

func (c *cluster) updateOnce(ctx context.Context, fn func(ctx context.Context, tx Txn) error) error {
	txn := c.dg.NewTxn()
	defer txn.Discard(ctx)
	if err := fn(ctx, clusterTxn{txn}); err != nil {
		return err
	}
	if err := txn.Commit(ctx); err != nil {
		if errors.Is(err, dgo.ErrAborted) {
			return err
		}
		return backendError("commit", err)
	}
	return nil
}

type clusterTxn struct{ txn *dgo.Txn }

func (t clusterTxn) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	resp, err := t.txn.QueryWithVars(ctx, q, vars)
	if err != nil {
		if errors.Is(err, dgo.ErrAborted) {
			return nil, err
		}
		return nil, backendError("query", err)
	}
	return resp.GetJson(), nil
}

func (t clusterTxn) Mutate(ctx context.Context, m Mutation) (map[string]string, error) {
	if m.Empty() {
		return map[string]string{}, nil
	}
	resp, err := t.txn.Mutate(ctx, &api.Mutation{SetNquads: m.Set, DelNquads: m.Del})
	if err != nil {
		if errors.Is(err, dgo.ErrAborted) {
			return nil, err
		}
		return nil, backendError("mutate", err)
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

// alterRetry runs a schema operation, retrying while the cluster says it is
// busy: an alter racing another one is aborted, and one that arrives while
// indexes are rebuilt is refused until they are done.
func (c *cluster) alterRetry(ctx context.Context, op string, o *api.Operation) error {
	for attempt := 1; ; attempt++ {
		err := c.dg.Alter(ctx, o)
		if err == nil {
			return nil
		}
		msg := strings.ToLower(err.Error())
		busy := strings.Contains(msg, "please retry") || strings.Contains(msg, "indexing") || status.Code(err) == codes.Aborted
		if !busy || attempt == maxAttempts {
			return backendError(op, err)
		}
		if err := sleepCtx(ctx, backoff(attempt)+100*time.Millisecond); err != nil {
			return backendError(op, err)
		}
	}
}

func (c *cluster) Ping(ctx context.Context) error {
	_, err := c.Query(ctx, `{ q(func: uid(0x1)) { uid } }`, nil)
	return err
}

func (c *cluster) Close() error {
	var errs []error
	for _, conn := range c.conns {
		errs = append(errs, conn.Close())
	}
	c.conns = nil
	return errors.Join(errs...)
}
