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
	// Reason says why it is out of rotation: unreachable, timeout, not ready
	// or not probed.
	Reason string `json:"reason,omitempty"`
	// Since is when it last entered or left rotation.
	Since time.Time `json:"since"`
}

// The states of a Member.
const (
	StateHealthy   = "healthy"
	StateUnhealthy = "unhealthy"
)
