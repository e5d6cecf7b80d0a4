package admission_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/admission"
	"github.com/chokepoint/chokepoint/kg"
)

// forever is a queue wait no test reaches: whoever waits is released by
// the test, not by the clock.
const forever = time.Hour

func newGate(t *testing.T, slots, queue int, wait time.Duration) *admission.Gate {
	t.Helper()
	g, err := admission.New("walks", admission.Config{Slots: slots, Queue: queue, Wait: wait})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func enter(t *testing.T, g *admission.Gate) func() {
	t.Helper()
	leave, err := g.Enter(context.Background())
	if err != nil {
		t.Fatalf("enter: %v", err)
	}
	return leave
}

// enterAsync enters in a goroutine; the channel hears the outcome.
type outcome struct {
	leave func()
	err   error
}

func enterAsync(ctx context.Context, g *admission.Gate) <-chan outcome {
	c := make(chan outcome, 1)
	go func() {
		leave, err := g.Enter(ctx)
		c <- outcome{leave, err}
	}()
	return c
}

// waitUntil polls a condition that another goroutine is about to make
// true; the bound only catches a hang.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("still not %s after 10s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func wantCode(t *testing.T, err error, code kg.Code, cause error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := kg.CodeOf(err); got != code {
		t.Errorf("code %s (%v), want %s", got, err, code)
	}
	if cause != nil && !errors.Is(err, cause) {
		t.Errorf("error %v does not wrap %v", err, cause)
	}
}

func TestSlotsAdmitUpToTheirNumber(t *testing.T) {
	g := newGate(t, 2, 0, forever)
	a, b := enter(t, g), enter(t, g)
	if g.Running() != 2 {
		t.Fatalf("running %d, want 2", g.Running())
	}
	_, err := g.Enter(context.Background())
	wantCode(t, err, kg.CodeRetryLater, admission.ErrQueueFull)
	a()
	c := enter(t, g)
	b()
	c()
	if g.Running() != 0 || g.Waiting() != 0 {
		t.Errorf("running %d, waiting %d after every leave, want 0 and 0", g.Running(), g.Waiting())
	}
}

func TestQueuedCallerGetsTheFreedSlot(t *testing.T) {
	g := newGate(t, 1, 1, forever)
	holder := enter(t, g)
	queued := enterAsync(context.Background(), g)
	waitUntil(t, "queued", func() bool { return g.Waiting() == 1 })

	// The queue is full: a third caller is refused at once, holding nothing.
	_, err := g.Enter(context.Background())
	wantCode(t, err, kg.CodeRetryLater, admission.ErrQueueFull)
	if g.Running() != 1 || g.Waiting() != 1 {
		t.Fatalf("running %d, waiting %d after a refusal, want 1 and 1", g.Running(), g.Waiting())
	}

	holder()
	got := <-queued
	if got.err != nil {
		t.Fatalf("queued caller: %v", got.err)
	}
	if g.Running() != 1 || g.Waiting() != 0 {
		t.Errorf("running %d, waiting %d, want the queued caller running alone", g.Running(), g.Waiting())
	}
	got.leave()
}

func TestWaitEndsInRetryLater(t *testing.T) {
	g := newGate(t, 1, 4, time.Millisecond)
	holder := enter(t, g)
	defer holder()
	_, err := g.Enter(context.Background())
	wantCode(t, err, kg.CodeRetryLater, admission.ErrWaited)
	if g.Running() != 1 || g.Waiting() != 0 {
		t.Errorf("running %d, waiting %d, want only the holder", g.Running(), g.Waiting())
	}
}

func TestWaitIsBoundedByTheCallersDeadline(t *testing.T) {
	// The gate would wait an hour; a caller with a millisecond left waits
	// at most half of it, so this returns (refused, or timed out if the
	// deadline passed first) instead of queueing for the hour.
	g := newGate(t, 1, 1, forever)
	holder := enter(t, g)
	defer holder()
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := g.Enter(ctx)
	if code := kg.CodeOf(err); code != kg.CodeRetryLater && code != kg.CodeTimeout {
		t.Errorf("code %s (%v), want RETRY_LATER or TIMEOUT", code, err)
	}
}

func TestCancelWhileQueuedTakesNothing(t *testing.T) {
	g := newGate(t, 1, 1, forever)
	holder := enter(t, g)
	ctx, cancel := context.WithCancel(context.Background())
	queued := enterAsync(ctx, g)
	waitUntil(t, "queued", func() bool { return g.Waiting() == 1 })
	cancel()
	got := <-queued
	wantCode(t, got.err, kg.CodeUnavailable, context.Canceled)
	if got.leave != nil {
		t.Error("a canceled caller got a leave func")
	}
	if g.Running() != 1 || g.Waiting() != 0 {
		t.Fatalf("running %d, waiting %d, want only the holder", g.Running(), g.Waiting())
	}
	holder()
	if g.Running() != 0 {
		t.Fatalf("running %d after the holder left, want 0", g.Running())
	}
	enter(t, g)()
}

func TestEndedContextIsTimeoutWithoutWaiting(t *testing.T) {
	g := newGate(t, 1, 1, forever)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := g.Enter(ctx)
	wantCode(t, err, kg.CodeTimeout, context.DeadlineExceeded)
	if g.Running() != 0 {
		t.Errorf("running %d, want 0: an ended context takes no slot", g.Running())
	}
}

func TestLeavingTwiceFreesOneSlot(t *testing.T) {
	g := newGate(t, 1, 0, forever)
	first := enter(t, g)
	first()
	second := enter(t, g)
	first() // must not free the slot the second caller holds
	if _, err := g.Enter(context.Background()); err == nil {
		t.Fatal("a third caller got in while the second held the only slot")
	}
	second()
}

func TestManyCallersNeverExceedTheSlotsAndLeakNothing(t *testing.T) {
	const slots = 3
	g := newGate(t, slots, 5, 50*time.Millisecond)
	var running, most atomic.Int32
	var admitted, refused atomic.Int32
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				leave, err := g.Enter(context.Background())
				if err != nil {
					if kg.CodeOf(err) != kg.CodeRetryLater {
						t.Errorf("code %s, want RETRY_LATER", kg.CodeOf(err))
					}
					refused.Add(1)
					continue
				}
				admitted.Add(1)
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				running.Add(-1)
				leave()
			}
		}()
	}
	wg.Wait()
	if most.Load() > slots {
		t.Errorf("%d ran at once, want at most %d", most.Load(), slots)
	}
	if admitted.Load() == 0 {
		t.Error("nobody was admitted")
	}
	if admitted.Load()+refused.Load() != 64*50 {
		t.Errorf("%d admitted + %d refused, want %d", admitted.Load(), refused.Load(), 64*50)
	}
	if g.Running() != 0 || g.Waiting() != 0 {
		t.Errorf("running %d, waiting %d at the end, want 0 and 0", g.Running(), g.Waiting())
	}
}

func TestConfig(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  admission.Config
		ok   bool
	}{
		{"default", admission.DefaultConfig(), true},
		{"no queue", admission.Config{Slots: 1}, true},
		{"no slots", admission.Config{Slots: 0, Queue: 1, Wait: time.Second}, false},
		{"negative queue", admission.Config{Slots: 1, Queue: -1}, false},
		{"negative wait", admission.Config{Slots: 1, Wait: -time.Second}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := admission.New("walks", c.cfg)
			if (err == nil) != c.ok {
				t.Errorf("New(%+v): %v, want ok %v", c.cfg, err, c.ok)
			}
		})
	}
	if d := admission.DefaultConfig(); d.Slots < 1 || d.Queue < d.Slots || d.Wait <= 0 {
		t.Errorf("default %+v: want at least one slot, a queue and a wait", d)
	}
}

func TestRetryAfterIsWholeSecondsAtLeastOne(t *testing.T) {
	for _, c := range []struct{ wait, want time.Duration }{
		{0, time.Second}, {200 * time.Millisecond, time.Second}, {time.Second, time.Second}, {2400 * time.Millisecond, 2 * time.Second},
	} {
		g := newGate(t, 1, 0, c.wait)
		if got := g.RetryAfter(); got != c.want {
			t.Errorf("wait %s: retry after %s, want %s", c.wait, got, c.want)
		}
	}
}
