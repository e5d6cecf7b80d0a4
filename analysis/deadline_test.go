package analysis_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// expiring is a context whose deadline passes when the test says so.
type expiring struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiring() *expiring {
	return &expiring{Context: context.Background(), done: make(chan struct{})}
}

func (c *expiring) expire()               { c.once.Do(func() { close(c.done) }) }
func (c *expiring) Done() <-chan struct{} { return c.done }

func (c *expiring) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// stubborn is a backend that does not stop for an ended context, as a
// Dgraph request already running may not: it answers every request in
// full, and the walk's deadline passes once it has answered `after` of
// them. late counts the requests sent after that.
type stubborn struct {
	store.Store
	deadline *expiring
	after    int64
	n, late  atomic.Int64
}

func (s *stubborn) Query(_ context.Context, q string, vars map[string]string) ([]byte, error) {
	if s.deadline.Err() != nil {
		s.late.Add(1)
	}
	if s.n.Add(1) == s.after {
		s.deadline.expire()
	}
	return s.Store.Query(context.Background(), q, vars)
}

func TestWalksStopAtTheirDeadline(t *testing.T) {
	walks := []struct {
		name string
		run  func(ctx context.Context, w *analysis.Walker) error
	}{
		{"neighborhood", func(ctx context.Context, w *analysis.Walker) error {
			_, err := w.Neighborhood(ctx, "institution:i1", 4, analysis.Both, nil, "2025-03-01", 0)
			return err
		}},
		{"dependency chain", func(ctx context.Context, w *analysis.Walker) error {
			_, err := w.DependencyChain(ctx, "control:c1", analysis.Downstream, 6, "2025-03-01", 0)
			return err
		}},
		{"exposure", func(ctx context.Context, w *analysis.Walker) error {
			_, err := w.Exposure(ctx, "control:c1", "2025-03-01", 6)
			return err
		}},
		{"paths", func(ctx context.Context, w *analysis.Walker) error {
			_, _, err := w.Paths(ctx, "official:o2", "product:p3", 6, 3, nil, "2025-03-01")
			return err
		}},
	}
	storetest.Seeded(t, seedFixture, func(t *testing.T, s store.Store) {
		for _, walk := range walks {
			t.Run(walk.name, func(t *testing.T) {
				// Reference: the walk takes more than one request when
				// nothing stops it.
				whole := &stubborn{Store: s, deadline: newExpiring(), after: -1}
				if err := walk.run(context.Background(), &analysis.Walker{Store: whole}); err != nil {
					t.Fatal(err)
				}
				if whole.n.Load() < 2 {
					t.Fatalf("the walk took %d request, want several", whole.n.Load())
				}
				// The deadline passes while its first request (the lookup
				// of its ends) is answered.
				cut := &stubborn{Store: s, deadline: newExpiring(), after: 1}
				err := walk.run(cut.deadline, &analysis.Walker{Store: cut})
				if kg.CodeOf(err) != kg.CodeTimeout {
					t.Errorf("error %v (%s), want TIMEOUT", err, kg.CodeOf(err))
				}
				if late := cut.late.Load(); late > 0 {
					t.Errorf("%d requests sent after the deadline, want none", late)
				}
			})
		}
	})
}
