// Package bench measures Chokepoint side by side with raw DQL and Dgraph's
// own GraphQL on graphs made by package gen: the same logical operations,
// sent to every target at a fixed concurrency in interleaved rounds, with
// throughput, latency percentiles, errors, and the CPU time and memory of
// each server process; and ratios against a baseline target taken round by
// round, so that the noise of a shared machine cancels out.
package bench

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Case is one logical operation against one target.
type Case struct {
	Op, Target string
	// Procs names the processes that serve this target (see Proc); the
	// CPU time per request of the target is theirs, added up.
	Procs []string
	// Do sends one request. It must return when ctx is done.
	Do func(ctx context.Context) error
}

// Config says how hard and how long to run.
type Config struct {
	// Concurrency is how many requests are in flight at once.
	Concurrency int
	// Rounds is how many times every case runs; each round runs every case
	// once, targets in a rotated order.
	Rounds int
	// PerRound is how long one case runs in one round.
	PerRound time.Duration
	// Timeout bounds one request.
	Timeout time.Duration
	// MaxRequests bounds the requests of one case in one round (0: 10^6).
	MaxRequests int
	// Procs are the processes to measure.
	Procs []Proc
	// Baseline is the target every other is compared with, per operation.
	Baseline string
	// Pairs are further comparisons: {target, versus}.
	Pairs [][2]string
	// Progress, if set, hears each case as it finishes a round.
	Progress func(round int, op, target string, s Slot)
}

// Slot is what one case did in one round.
type Slot struct {
	Requests, Errors int
	Elapsed          time.Duration
	// CPU is the CPU time each process used meanwhile, by name.
	CPU map[string]time.Duration
	// P50 of this slot's successful requests.
	P50 time.Duration
	// FirstError is the first error seen.
	FirstError string

	latencies []time.Duration
}

// RPS is successful requests per second.
func (s Slot) RPS() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests-s.Errors) / s.Elapsed.Seconds()
}

// cpuPerReq is the CPU time per successful request of the named processes.
func (s Slot) cpuPerReq(procs []string) time.Duration {
	ok := s.Requests - s.Errors
	if ok <= 0 {
		return 0
	}
	var sum time.Duration
	for _, p := range procs {
		sum += s.CPU[p]
	}
	return sum / time.Duration(ok)
}

// Result sums up one case over every round.
type Result struct {
	Op       string  `json:"op"`
	Target   string  `json:"target"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"reqPerSec"`
	P50ms    float64 `json:"p50ms"`
	P99ms    float64 `json:"p99ms"`
	// CPUms is CPU milliseconds per successful request, by process.
	CPUms map[string]float64 `json:"cpuMsPerReq"`
	// OwnCPUms is the target's own processes' CPU ms per request.
	OwnCPUms   float64 `json:"ownCpuMsPerReq"`
	FirstError string  `json:"firstError,omitempty"`
	// Skipped says why a case did not run (its answer failed checks).
	Skipped string `json:"skipped,omitempty"`

	slots []Slot
	procs []string
}

// Ratio compares one target with another on one operation: the median
// over rounds of the per-round ratios.
type Ratio struct {
	Op     string  `json:"op"`
	Target string  `json:"target"`
	Versus string  `json:"versus"`
	RPS    float64 `json:"reqPerSec"`
	P50    float64 `json:"p50"`
	CPU    float64 `json:"cpuPerReq"`
}

// ProcStat is what a measured process used over the whole run.
type ProcStat struct {
	Name      string  `json:"name"`
	PID       int     `json:"pid"`
	RSSStart  int64   `json:"rssStartKB"`
	RSSMax    int64   `json:"rssMaxKB"`
	RSSEnd    int64   `json:"rssEndKB"`
	CPUSecond float64 `json:"cpuSeconds"`
}

// Run runs every case for cfg.Rounds rounds of cfg.PerRound each. Within
// a round, cases run one at a time, operation by operation, with the
// targets of each operation in an order rotated by one every round, so
// that every target meets the same moments of a noisy machine. Every
// request is bounded by cfg.Timeout and every slot by cfg.PerRound plus
// one timeout and by cfg.MaxRequests: Run returns in bounded time.
func Run(ctx context.Context, cfg Config, cases []Case) ([]Result, []Ratio, []ProcStat, error) {
	if cfg.Concurrency < 1 || cfg.Rounds < 1 || cfg.PerRound <= 0 || cfg.Timeout <= 0 {
		return nil, nil, nil, fmt.Errorf("bench: concurrency, rounds, round time and timeout must be positive")
	}
	if cfg.MaxRequests <= 0 {
		cfg.MaxRequests = 1_000_000
	}
	watch, err := startProcs(cfg.Procs)
	if err != nil {
		return nil, nil, nil, err
	}
	procs := watch.procs
	// Group cases by operation, in first-seen order.
	var ops []string
	byOp := map[string][]int{}
	for i, c := range cases {
		if _, ok := byOp[c.Op]; !ok {
			ops = append(ops, c.Op)
		}
		byOp[c.Op] = append(byOp[c.Op], i)
	}
	results := make([]Result, len(cases))
	for i, c := range cases {
		results[i] = Result{Op: c.Op, Target: c.Target, procs: c.Procs}
	}
	for r := range cfg.Rounds {
		for _, op := range ops {
			idx := byOp[op]
			for j := range idx {
				i := idx[(j+r)%len(idx)]
				if err := ctx.Err(); err != nil {
					return nil, nil, nil, err
				}
				s := runSlot(ctx, cfg, procs, cases[i])
				watch.sample()
				results[i].slots = append(results[i].slots, s)
				if cfg.Progress != nil {
					cfg.Progress(r, cases[i].Op, cases[i].Target, s)
				}
			}
		}
	}
	stats := watch.end()
	for i := range results {
		results[i].sum(procs)
	}
	return results, ratios(cfg, results), stats, nil
}

// runSlot runs one case for one round.
func runSlot(ctx context.Context, cfg Config, procs []Proc, c Case) Slot {
	before := readCPU(procs)
	start := time.Now()
	deadline := start.Add(cfg.PerRound)
	ctx, cancel := context.WithDeadline(ctx, deadline.Add(cfg.Timeout))
	defer cancel()
	var (
		mu       sync.Mutex
		s        Slot
		issued   atomic.Int64
		wg       sync.WaitGroup
		firstErr error
	)
	for range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var n, errs int
			var werr error
			drive(ctx, deadline, cfg.Timeout, &issued, cfg.MaxRequests, c.Do, func(d time.Duration, err error) time.Duration {
				n++
				if err != nil {
					errs++
					if werr == nil {
						werr = err
					}
					return 0
				}
				lat = append(lat, d)
				return 0
			})
			mu.Lock()
			s.Requests += n
			s.Errors += errs
			s.latencies = append(s.latencies, lat...)
			if firstErr == nil && werr != nil {
				firstErr = werr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	s.Elapsed = time.Since(start)
	after := readCPU(procs)
	s.CPU = map[string]time.Duration{}
	for name, t := range after {
		s.CPU[name] = t - before[name]
	}
	if firstErr != nil {
		s.FirstError = firstErr.Error()
	}
	slices.Sort(s.latencies)
	s.P50 = percentile(s.latencies, 50)
	return s
}

// drive is one client: it sends requests one after another until the
// deadline, until ctx ends, or until the workers sharing issued have sent
// maxRequests; each request is bounded by timeout. done hears how long each
// took and how it ended, and may ask for a pause before the next (cut
// short at the deadline).
func drive(ctx context.Context, deadline time.Time, timeout time.Duration, issued *atomic.Int64, maxRequests int,
	do func(context.Context) error, done func(took time.Duration, err error) (pause time.Duration)) {
	for time.Now().Before(deadline) && ctx.Err() == nil && issued.Add(1) <= int64(maxRequests) {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		t0 := time.Now()
		err := do(rctx)
		took := time.Since(t0)
		cancel()
		if pause := min(done(took, err), time.Until(deadline)); pause > 0 {
			select {
			case <-time.After(pause):
			case <-ctx.Done():
			}
		}
	}
}

func readCPU(procs []Proc) map[string]time.Duration {
	out := make(map[string]time.Duration, len(procs))
	for _, p := range procs {
		if t, err := cpuTime(p.PID); err == nil {
			out[p.Name] = t
		}
	}
	return out
}

// percentile of sorted durations, nearest rank; 0 for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

func (r *Result) sum(procs []Proc) {
	var all []time.Duration
	cpu := map[string]time.Duration{}
	for _, s := range r.slots {
		r.Requests += s.Requests
		r.Errors += s.Errors
		r.Seconds += s.Elapsed.Seconds()
		all = append(all, s.latencies...)
		for name, t := range s.CPU {
			cpu[name] += t
		}
		if r.FirstError == "" {
			r.FirstError = s.FirstError
		}
	}
	slices.Sort(all)
	if r.Seconds > 0 {
		r.RPS = float64(r.Requests-r.Errors) / r.Seconds
	}
	r.P50ms = ms(percentile(all, 50))
	r.P99ms = ms(percentile(all, 99))
	r.CPUms = map[string]float64{}
	if ok := r.Requests - r.Errors; ok > 0 {
		for _, p := range procs {
			r.CPUms[p.Name] = ms(cpu[p.Name]) / float64(ok)
		}
		for _, p := range r.procs {
			r.OwnCPUms += ms(cpu[p]) / float64(ok)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// ratios compares, per operation and round, every target with the
// baseline and each pair, and keeps the median over rounds.
func ratios(cfg Config, results []Result) []Ratio {
	find := func(op, target string) *Result {
		for i := range results {
			if results[i].Op == op && results[i].Target == target && len(results[i].slots) > 0 {
				return &results[i]
			}
		}
		return nil
	}
	var out []Ratio
	add := func(a, b *Result) {
		if a == nil || b == nil || a == b {
			return
		}
		var rps, p50, cpu []float64
		for k := range min(len(a.slots), len(b.slots)) {
			sa, sb := a.slots[k], b.slots[k]
			if x, y := sa.RPS(), sb.RPS(); x > 0 && y > 0 {
				rps = append(rps, x/y)
			}
			if sa.P50 > 0 && sb.P50 > 0 {
				p50 = append(p50, float64(sa.P50)/float64(sb.P50))
			}
			if x, y := sa.cpuPerReq(a.procs), sb.cpuPerReq(b.procs); x > 0 && y > 0 {
				cpu = append(cpu, float64(x)/float64(y))
			}
		}
		out = append(out, Ratio{Op: a.Op, Target: a.Target, Versus: b.Target, RPS: median(rps), P50: median(p50), CPU: median(cpu)})
	}
	var ops []string
	for _, r := range results {
		if !slices.Contains(ops, r.Op) {
			ops = append(ops, r.Op)
		}
	}
	for _, op := range ops {
		base := find(op, cfg.Baseline)
		for i := range results {
			if results[i].Op == op && results[i].Target != cfg.Baseline {
				add(find(op, results[i].Target), base)
			}
		}
		for _, p := range cfg.Pairs {
			add(find(op, p[0]), find(op, p[1]))
		}
	}
	return out
}

// median of xs; 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// selfProc is this process, to measure what the load generator costs.
func selfProc() Proc { return Proc{Name: "bench", PID: os.Getpid()} }
