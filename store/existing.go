package store

import (
	"errors"
	"os"
	"path/filepath"
)

// ErrNoGraph is the cause of the error Open returns, with ExistingOnly, for
// a file:// directory the embedded engine has never written to.
var ErrNoGraph = errors.New("no Chokepoint graph there")

// ExistingOnly makes Open refuse a file:// directory that holds no graph
// instead of creating one there: read-only commands must not turn a mistyped
// path into a new, empty database. It changes nothing for dgraph:// DSNs.
func ExistingOnly() Option { return func(o *options) { o.existingOnly = true } }

// holdsGraph reports, without creating anything, whether dir has the
// engine's posting store: Badger writes its MANIFEST when it first opens.
func holdsGraph(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "p", "MANIFEST"))
	return err == nil && st.Mode().IsRegular()
}
