package store

import "time"

// probeQuery is what readiness means: a read of a real, indexed predicate,
// which needs the alpha to be in its group with a quorum, unlike a query that
// touches no predicate. It costs one index seek.
const probeQuery = `{ q(func: has(xid), first: 1) { uid } }`

// Member is the health of one server behind a store, as the readiness probe
// shows it: its address and a short state, never the error itself.
type Member struct {
	Addr  string `json:"addr"`
	State string `json:"state"`
	// Reason says why it is not healthy: unreachable, timeout, not ready,
	// not probed, or stale reads only.
	Reason string `json:"reason,omitempty"`
	// Since is when it last entered or left rotation.
	Since time.Time `json:"since"`
}

// The states of a Member: healthy serves current reads and writes;
// degraded answers reads from the data it has applied only (its group has no
// leader, or no quorum); unhealthy does not answer.
const (
	StateHealthy   = "healthy"
	StateDegraded  = "degraded"
	StateUnhealthy = "unhealthy"
)
