// Package engineyield lets a holder of the embedded Dgraph engine give it up
// when another store in the process needs it.
//
// The engine is one per process: store refuses to open an embedded store
// while another is open. A holder that keeps a store open only to reuse it
// later — the shared test store of internal/storetest, which Go's example
// runner would otherwise find still open after a package's tests — registers
// a function that closes that store if nothing is using it. store calls it
// before refusing. Nothing registers in the chokepoint binary, so there the
// refusal stands.
package engineyield

import "sync"

var (
	mu    sync.Mutex
	yield func() bool
)

// Register sets the function Yield calls; nil removes it. The function
// closes its embedded store if it is idle and reports whether it did; it
// must not block.
func Register(f func() bool) {
	mu.Lock()
	defer mu.Unlock()
	yield = f
}

// Yield asks the registered holder to close its idle embedded store and
// reports whether it did.
func Yield() bool {
	mu.Lock()
	f := yield
	mu.Unlock()
	return f != nil && f()
}
