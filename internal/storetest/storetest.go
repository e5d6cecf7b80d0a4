// Package storetest runs a test against every backend available: the
// embedded engine always, and a Dgraph cluster when CHOKEPOINT_TEST_DGRAPH
// holds a dgraph:// DSN.
package storetest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/chokepoint/chokepoint/internal/engineyield"
	"github.com/chokepoint/chokepoint/store"
)

// EnvCluster names the variable that points tests at a cluster.
const EnvCluster = "CHOKEPOINT_TEST_DGRAPH"

var (
	mu     sync.Mutex
	opened = map[string]store.Store{}
	seeded = map[string]bool{}
	// embeddedDir holds the shared embedded store's data, from its first
	// open to the end of the process.
	embeddedDir string
	// holders counts the tests that have the shared embedded store.
	holders int
)

func init() { engineyield.Register(yieldEmbedded) }

// Main runs a package's tests, then closes the stores they opened. Use it
// from TestMain: the embedded engine is one per process, so a package's
// tests share it.
func Main(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	for _, s := range opened {
		s.Close()
	}
	if embeddedDir != "" {
		os.RemoveAll(embeddedDir)
	}
	return code
}

// yieldEmbedded gives up the engine for a store opened elsewhere in the
// process when no test has the shared embedded store: Go runs a package's
// examples after its tests in the same process, and each example opens an
// engine of its own. The shared store is closed; the next Open reopens it on
// the same directory, data and all. It refuses rather than wait while
// storetest is busy, which it is when Open itself is opening the engine.
func yieldEmbedded() bool {
	if !mu.TryLock() {
		return false
	}
	defer mu.Unlock()
	s, ok := opened["embedded"]
	if !ok || holders > 0 {
		return false
	}
	delete(opened, "embedded")
	s.Close()
	return true
}

// Open returns the shared store of a backend ("embedded" or "cluster"),
// opening it on first use; it skips the test when the cluster is not
// configured. The store is t's until t ends: the embedded one may be closed
// once no test has it (see yieldEmbedded), and the next Open reopens it.
func Open(t testing.TB, backend string) store.Store {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	s, ok := opened[backend]
	if !ok {
		s = open(t, backend)
		opened[backend] = s
	}
	if backend == "embedded" {
		holders++
		t.Cleanup(func() {
			mu.Lock()
			defer mu.Unlock()
			holders--
		})
	}
	return s
}

// open opens a backend's store; mu is held.
func open(t testing.TB, backend string) store.Store {
	t.Helper()
	var dsn string
	switch backend {
	case "embedded":
		if embeddedDir == "" {
			dir, err := os.MkdirTemp("", "chokepoint-test-")
			if err != nil {
				t.Fatal(err)
			}
			embeddedDir = dir
		}
		dsn = "file://" + embeddedDir
	case "cluster":
		dsn = os.Getenv(EnvCluster)
		if dsn == "" {
			t.Skipf("%s is not set: no cluster to test against", EnvCluster)
		}
		if !strings.HasPrefix(dsn, "dgraph://") {
			t.Fatalf("%s=%q: want a dgraph:// DSN", EnvCluster, dsn)
		}
		// Test packages run in parallel and each empties the graph: one
		// package at a time may use the cluster, until its process ends.
		if err := lockCluster(dsn); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("unknown backend %q", backend)
	}
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s store: %v", backend, err)
	}
	return s
}

// EmbeddedDir is the data directory of the shared embedded store, once open.
func EmbeddedDir() string {
	mu.Lock()
	defer mu.Unlock()
	return embeddedDir
}

// Backends lists the backends every store test runs on.
var Backends = []string{"embedded", "cluster"}

// Each runs fn as a subtest per backend, on an emptied graph.
func Each(t *testing.T, fn func(t *testing.T, s store.Store)) {
	t.Helper()
	for _, b := range Backends {
		t.Run(b, func(t *testing.T) {
			s := Open(t, b)
			mu.Lock()
			seeded[b] = false
			mu.Unlock()
			if err := s.DropAll(context.Background()); err != nil {
				t.Fatalf("drop all: %v", err)
			}
			fn(t, s)
		})
	}
}

// Seeded runs fn per backend on a graph that seed filled once for the
// whole package; the tests must only read it.
func Seeded(t *testing.T, seed func(s store.Store) error, fn func(t *testing.T, s store.Store)) {
	t.Helper()
	for _, b := range Backends {
		t.Run(b, func(t *testing.T) {
			s := Open(t, b)
			seedOnce(t, b, s, seed)
			fn(t, s)
		})
	}
}

func seedOnce(t *testing.T, backend string, s store.Store, seed func(store.Store) error) {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if seeded[backend] {
		return
	}
	if err := s.DropAll(context.Background()); err != nil {
		t.Fatalf("drop all: %v", err)
	}
	if err := seed(s); err != nil {
		t.Fatalf("seed: %v", err)
	}
	seeded[backend] = true
}

// lockCluster takes a lock shared by every test process on this machine,
// held until the process exits.
func lockCluster(dsn string) error {
	name := strings.NewReplacer("/", "_", ":", "_", ",", "_").Replace(dsn)
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "chokepoint-test-"+name+".lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	clusterLock = f // kept: a collected *os.File closes, and its lock goes with it
	return nil
}

// clusterLock holds the cluster lock until the process exits.
var clusterLock *os.File

// Forget tells Seeded that a test replaced the graph of a backend.
func Forget(backend string) {
	mu.Lock()
	defer mu.Unlock()
	seeded[backend] = false
}
