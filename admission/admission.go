// Package admission bounds how much expensive work runs at once: a fixed
// number of slots, a bounded queue in front of them and a bounded wait in
// that queue. Work that finds the queue full, or waits too long, is refused
// with RETRY_LATER at once rather than piling up, so the work that does
// not pass through the gate — cheap lookups — keeps its share of the CPU,
// and callers hear early that they should come back.
package admission

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/chokepoint/chokepoint/kg"
)

// Config sizes a gate.
type Config struct {
	// Slots is how many may run at once.
	Slots int
	// Queue is how many more may wait for a slot; 0 refuses whoever finds
	// every slot taken.
	Queue int
	// Wait is the longest wait in the queue. A caller whose context has a
	// deadline waits at most half the time it has left, keeping the other
	// half for the work itself.
	Wait time.Duration
}

// DefaultConfig leaves half the processors to work that does not pass
// through the gate: max(1, GOMAXPROCS/2) slots, four waiting per slot, one
// second of wait.
func DefaultConfig() Config {
	slots := max(1, runtime.GOMAXPROCS(0)/2)
	return Config{Slots: slots, Queue: 4 * slots, Wait: time.Second}
}

// Validate reports a config that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Slots < 1:
		return fmt.Errorf("admission: slots must be at least 1, got %d", c.Slots)
	case c.Queue < 0:
		return fmt.Errorf("admission: queue must not be negative, got %d", c.Queue)
	case c.Wait < 0:
		return fmt.Errorf("admission: wait must not be negative, got %s", c.Wait)
	}
	return nil
}

// Why a gate refused.
var (
	ErrQueueFull = errors.New("every slot is taken and the queue is full")
	ErrWaited    = errors.New("no slot came free in time")
)

// Gate admits at most Slots callers at once. A freed slot goes to a caller
// already waiting before any newcomer (blocked channel senders are served
// in order).
type Gate struct {
	what string
	cfg  Config
	// A token in slots is a running caller; in queue, a waiting one.
	slots, queue chan struct{}
}

// New returns a gate sized by c; what names the work it admits in the
// message of a refusal ("analyst queries").
func New(what string, c Config) (*Gate, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &Gate{what: what, cfg: c, slots: make(chan struct{}, c.Slots), queue: make(chan struct{}, c.Queue)}, nil
}

// Config is what the gate was built with.
func (g *Gate) Config() Config { return g.cfg }

// RetryAfter is what to tell a refused caller: about one queue wait, and
// at least a second (HTTP's Retry-After counts whole seconds).
func (g *Gate) RetryAfter() time.Duration {
	return max(time.Second, g.cfg.Wait.Round(time.Second))
}

// Enter takes a slot, waiting in the queue if every slot is taken. The
// caller calls leave when its work is done (later calls do nothing). A refusal is
// a kg.Error with code RETRY_LATER (wrapping ErrQueueFull or ErrWaited); a
// context that ends while waiting gives TIMEOUT or UNAVAILABLE, as a
// backend call cut short would. A caller that is refused holds nothing.
func (g *Gate) Enter(ctx context.Context) (leave func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, kg.Stopped(err)
	}
	select {
	case g.slots <- struct{}{}:
		return g.leaver(), nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, g.busy(ErrQueueFull)
	}
	defer func() { <-g.queue }()
	wait := g.cfg.Wait
	if dl, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(dl)/2)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leaver(), nil
	case <-timer.C:
		return nil, g.busy(ErrWaited)
	case <-ctx.Done():
		return nil, kg.Stopped(ctx.Err())
	}
}

// leaver frees the slot taken, once: a second call must not free a slot
// that another caller holds.
func (g *Gate) leaver() func() {
	var once sync.Once
	return func() { once.Do(func() { <-g.slots }) }
}

// Running and Waiting tell how many callers hold a slot and how many wait.
func (g *Gate) Running() int { return len(g.slots) }
func (g *Gate) Waiting() int { return len(g.queue) }

func (g *Gate) busy(why error) error {
	return kg.Wrap(kg.CodeRetryLater, why, "too many %s are running; retry later", g.what)
}
