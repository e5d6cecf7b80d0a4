package store

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/dgraph-io/dgo/v250/protos/api"
	"github.com/hypermodeinc/modusgraph"

	"github.com/chokepoint/chokepoint/internal/engineyield"
	"github.com/chokepoint/chokepoint/kg"
)

// embeddedMu allows one embedded engine per process: the engine is a
// process-wide singleton.
var embeddedMu sync.Mutex

// embedded runs the modusGraph engine in this process, calling its namespace
// directly (no gRPC hop, no 4 MiB message cap).
type embedded struct {
	dir    string
	lock   *os.File
	engine *modusgraph.Engine
	ns     *modusgraph.Namespace
	// writeMu serialises Update so that its read-then-write is atomic: the
	// engine commits every mutation at once and has no multi-request
	// transactions.
	writeMu sync.Mutex
	closed  bool
}

const lockFile = "chokepoint.lock"

func openEmbedded(dir string) (*embedded, error) {
	if dir == "" {
		return nil, kg.Errorf(kg.CodeInvalid, "file:// DSN needs a directory, e.g. file://chokepoint-data")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, kg.Wrap(kg.CodeUnavailable, err, "create data directory %s", dir)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	// An idle holder of the engine (the shared test store) may give it up;
	// otherwise a second engine is refused.
	if !embeddedMu.TryLock() && !(engineyield.Yield() && embeddedMu.TryLock()) {
		lock.Close()
		return nil, kg.Errorf(kg.CodeConflict, "an embedded store is already open in this process; close it first")
	}
	routeEngineLogs(dir)
	engine, err := modusgraph.NewEngine(modusgraph.NewDefaultConfig(dir))
	if err != nil {
		embeddedMu.Unlock()
		lock.Close()
		return nil, kg.Wrap(kg.CodeUnavailable, err, "open embedded engine in %s", dir)
	}
	return &embedded{dir: dir, lock: lock, engine: engine, ns: engine.GetDefaultNamespace()}, nil
}

// lockDir takes an exclusive, non-blocking lock on DIR/chokepoint.lock before
// the engine starts: the engine's own lock failure kills the process instead
// of returning an error.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, kg.Wrap(kg.CodeUnavailable, err, "open lock file %s", path)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		owner, _ := os.ReadFile(path)
		f.Close()
		who := "another process"
		if pid := strings.TrimSpace(string(owner)); pid != "" {
			who = "process " + pid
		}
		msg := fmt.Sprintf("data directory %s is in use by %s: stop it, use another directory (--dsn file://DIR), or point --dsn at a Dgraph cluster (dgraph://host:9080)", dir, who)
		return nil, kg.Errorf(kg.CodeConflict, "%s", msg)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return f, nil
}

// routeEngineLogs sends the engine's glog files to DIR/log instead of the
// system temp directory.
func routeEngineLogs(dir string) {
	logDir := filepath.Join(dir, "log")
	if f := flag.Lookup("log_dir"); f != nil && f.Value.String() == "" && os.MkdirAll(logDir, 0o755) == nil {
		_ = f.Value.Set(logDir)
	}
}

func (e *embedded) Backend() string { return "embedded" }

func (e *embedded) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	resp, err := e.ns.QueryWithVars(ctx, q, vars)
	if err != nil {
		return nil, backendError("query", err)
	}
	return resp.GetJson(), nil
}

func (e *embedded) Update(ctx context.Context, fn func(ctx context.Context, tx Txn) error) error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if err := ctx.Err(); err != nil {
		return backendError("update", err)
	}
	return fn(ctx, embeddedTxn{e})
}

type embeddedTxn struct{ e *embedded }

func (t embeddedTxn) Query(ctx context.Context, q string, vars map[string]string) ([]byte, error) {
	return t.e.Query(ctx, q, vars)
}

func (t embeddedTxn) Mutate(ctx context.Context, m Mutation) (map[string]string, error) {
	if m.Empty() {
		return map[string]string{}, nil
	}
	uids, err := t.e.ns.Mutate(ctx, []*api.Mutation{{SetNquads: m.Set, DelNquads: m.Del}})
	if err != nil {
		return nil, backendError("mutate", err)
	}
	out := make(map[string]string, len(uids))
	for k, v := range uids {
		out[strings.TrimPrefix(k, "_:")] = "0x" + strconv.FormatUint(v, 16)
	}
	return out, nil
}

func (e *embedded) alter(ctx context.Context, schema string) error {
	return e.ns.AlterSchema(ctx, schema)
}

func (e *embedded) DropAll(ctx context.Context) error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if err := e.engine.DropAll(ctx); err != nil {
		return backendError("drop all", err)
	}
	return e.alter(ctx, Schema())
}

func (e *embedded) Ping(ctx context.Context) error {
	_, err := e.Query(ctx, probeQuery, nil)
	return err
}

func (e *embedded) Members() []Member { return nil }

func (e *embedded) Close() error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	modusgraph.Shutdown()
	embeddedMu.Unlock()
	return errors.Join(e.lock.Close())
}
