package bench

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chokepoint/chokepoint/gen"
)

// A mixed workload is what a public service meets: many clients asking
// cheap lookups while a few run analyst walks that cost a thousand times
// more. Mix sends both at once to one Chokepoint server at a time and
// reports how each operation fares — above all whether the lookups keep
// their latency while the walks queue or are turned away.

// MixOptions are everything one mixed run needs.
type MixOptions struct {
	Graph   gen.Config
	AsOf    string
	Targets []MixTarget
	// Lookups clients send the lookup operation, pausing Think after each
	// answer as someone reading it would (their starts spread over one
	// Think); Analysts clients go round the walk operations (WalkOps), each
	// starting at a different one, and send the next walk at once.
	Lookups, Analysts int
	Think             time.Duration
	// Rounds run every target once each for PerRound, targets in an order
	// rotated by one every round.
	Rounds   int
	PerRound time.Duration
	// Timeout bounds one request.
	Timeout time.Duration
	// Log hears progress.
	Log func(format string, args ...any)
}

// MixTarget is one Chokepoint server: a name for the report, its /query
// URL, and its process id to measure (0: not measured).
type MixTarget struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	PID  int    `json:"pid,omitempty"`
}

// MixReport is a mixed run's outcome.
type MixReport struct {
	Started     time.Time   `json:"started"`
	Host        Host        `json:"host"`
	Picks       Picks       `json:"picks"`
	Lookups     int         `json:"lookupClients"`
	Analysts    int         `json:"analystClients"`
	ThinkMs     float64     `json:"lookupThinkMs"`
	Rounds      int         `json:"rounds"`
	RoundSecond float64     `json:"secondsPerRound"`
	Results     []MixResult `json:"results"`
	Procs       []ProcStat  `json:"processes"`
}

// MixResult is one operation on one target over every round.
type MixResult struct {
	Target   string `json:"target"`
	Op       string `json:"op"`
	Requests int    `json:"requests"`
	// OK are the requests answered without error; OKPerSec over the
	// target's time; P50ms and P99ms their latency.
	OK       int     `json:"ok"`
	OKPerSec float64 `json:"okPerSec"`
	P50ms    float64 `json:"p50ms"`
	P99ms    float64 `json:"p99ms"`
	// Outcomes counts every request by outcome (see outcome): "ok",
	// "RETRY_LATER", "TIMEOUT", "client timeout"…
	Outcomes map[string]int `json:"outcomes"`
	// RefusedP50ms is how long a RETRY_LATER took to come back.
	RefusedP50ms float64 `json:"refusedP50ms,omitempty"`
	// MaxMs is the longest any request took, whatever its outcome: work
	// that outlives its deadline shows here.
	MaxMs      float64 `json:"maxMs"`
	FirstError string  `json:"firstError,omitempty"`
}

// OpAllWalks sums up every walk operation of a target in one result.
const OpAllWalks = "walks"

// tally is what one client saw of one operation.
type tally struct {
	ok, refused []time.Duration
	longest     time.Duration
	outcomes    map[string]int
	firstErr    error
}

func (t *tally) add(took time.Duration, err error) {
	if t.outcomes == nil {
		t.outcomes = map[string]int{}
	}
	o := outcome(err)
	t.outcomes[o]++
	t.longest = max(t.longest, took)
	switch {
	case err == nil:
		t.ok = append(t.ok, took)
	case o == RetryLater:
		t.refused = append(t.refused, took)
	case t.firstErr == nil:
		t.firstErr = err
	}
}

func (t *tally) merge(o *tally) {
	t.ok = append(t.ok, o.ok...)
	t.refused = append(t.refused, o.refused...)
	t.longest = max(t.longest, o.longest)
	if t.outcomes == nil {
		t.outcomes = map[string]int{}
	}
	for k, v := range o.outcomes {
		t.outcomes[k] += v
	}
	if t.firstErr == nil {
		t.firstErr = o.firstErr
	}
}

// RetryLater is the code with which a server turns work away for now.
const RetryLater = "RETRY_LATER"

// retryAfter is how long a client waits after err, as the server asked.
func retryAfter(err error) time.Duration {
	var se *statusError
	if errors.As(err, &se) {
		return se.retryAfter
	}
	return 0
}

// Mix checks every target's answers, then runs the mixed workload.
func Mix(ctx context.Context, o MixOptions) (MixReport, error) {
	logf := orNop(o.Log)
	rep := MixReport{
		Started: time.Now().UTC(), Host: Host{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()},
		Lookups: o.Lookups, Analysts: o.Analysts, ThinkMs: ms(o.Think), Rounds: o.Rounds, RoundSecond: o.PerRound.Seconds(),
	}
	switch {
	case len(o.Targets) == 0:
		return rep, errors.New("mix: no target")
	case o.Lookups < 0 || o.Analysts < 0 || o.Lookups+o.Analysts == 0:
		return rep, errors.New("mix: want lookup or analyst clients")
	case o.Rounds < 1 || o.PerRound <= 0 || o.Timeout <= 0 || o.Think < 0:
		return rep, errors.New("mix: rounds, round time and timeout must be positive, think time not negative")
	}
	var procs []Proc
	for _, t := range o.Targets {
		if err := CheckLoopback(t.URL); err != nil {
			return rep, err
		}
		if t.PID > 0 {
			procs = append(procs, Proc{Name: t.Name, PID: t.PID})
		}
	}
	procs = append(procs, selfProc())
	picks, err := pickTargets(ctx, o.Graph, o.AsOf, logf)
	if err != nil {
		return rep, err
	}
	rep.Picks = picks

	c := newClient(o.Lookups + o.Analysts)
	type target struct {
		MixTarget
		lookup *plan
		walks  []*plan
		totals map[string]*tally
		took   time.Duration
	}
	var targets []*target
	for _, mt := range o.Targets {
		t := &target{MixTarget: mt, totals: map[string]*tally{}}
		for _, op := range append([]string{OpLookup}, WalkOps...) {
			vs := chokepointVariants(op, picks)
			if len(vs) == 0 {
				return rep, fmt.Errorf("mix: the graph gives nothing to ask for %s", op)
			}
			p := &plan{op: op, target: mt.Name, url: mt.URL, ctype: "application/json", variants: vs}
			if err := verifyPatiently(ctx, c, p, o.Timeout); err != nil {
				return rep, fmt.Errorf("%s on %s: %w", op, mt.Name, err)
			}
			if op == OpLookup {
				t.lookup = p
			} else {
				t.walks = append(t.walks, p)
			}
			t.totals[op] = &tally{}
		}
		targets = append(targets, t)
	}
	logf("answers checked on %d targets", len(targets))

	stats, err := startProcs(procs)
	if err != nil {
		return rep, err
	}
	for r := range o.Rounds {
		for j := range targets {
			t := targets[(j+r)%len(targets)]
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			start := time.Now()
			slot := mixSlot(ctx, o, c, t.lookup, t.walks)
			t.took += time.Since(start)
			stats.sample()
			for op, tl := range slot {
				t.totals[op].merge(tl)
			}
			lk := slot[OpLookup]
			logf("round %d %-12s lookups p99 %7.1f ms, outcomes %v; walks %v", r+1, t.Name,
				ms(percentile(sorted(lk.ok), 99)), lk.outcomes, walkOutcomes(slot))
		}
	}
	rep.Procs = stats.end()
	for _, t := range targets {
		all := &tally{}
		for _, op := range append([]string{OpLookup}, WalkOps...) {
			rep.Results = append(rep.Results, mixResult(t.Name, op, t.totals[op], t.took))
			if op != OpLookup {
				all.merge(t.totals[op])
			}
		}
		rep.Results = append(rep.Results, mixResult(t.Name, OpAllWalks, all, t.took))
	}
	return rep, nil
}

// verifyPatiently checks a plan's answers, trying again a few times when
// the server says it is busy or out of time: the run is about exactly
// that, and a busy machine may say so before the run starts.
func verifyPatiently(ctx context.Context, c *client, p *plan, timeout time.Duration) error {
	const tries = 3
	for i := 1; ; i++ {
		_, err := p.verify(ctx, c, timeout)
		if o := outcome(err); i == tries || o != RetryLater && o != "TIMEOUT" {
			return err
		}
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// mixSlot runs the mixed workload against one target for one round and
// returns what each operation saw.
func mixSlot(ctx context.Context, o MixOptions, c *client, lookup *plan, walks []*plan) map[string]*tally {
	deadline := time.Now().Add(o.PerRound)
	ctx, cancel := context.WithDeadline(ctx, deadline.Add(o.Timeout))
	defer cancel()
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		issued atomic.Int64
		out    = map[string]*tally{}
	)
	merge := func(seen map[string]*tally) {
		mu.Lock()
		defer mu.Unlock()
		for op, t := range seen {
			if out[op] == nil {
				out[op] = &tally{}
			}
			out[op].merge(t)
		}
	}
	type operation struct {
		name string
		do   func(context.Context) error
	}
	ops := func(ps ...*plan) []operation {
		out := make([]operation, len(ps))
		for i, p := range ps {
			out[i] = operation{p.op, p.do(c, new(atomic.Uint64))}
		}
		return out
	}
	lookups, analyses := ops(lookup), ops(walks...)
	// A client goes round its operations from the first-th, pausing think
	// after each answer; it backs off as long as the server asks
	// (Retry-After) when that is longer, as a well-behaved client does.
	client := func(ops []operation, first int, delay, think time.Duration) {
		defer wg.Done()
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return
		}
		seen := map[string]*tally{}
		k := first
		var cur operation
		do := func(ctx context.Context) error {
			cur = ops[k%len(ops)]
			k++
			return cur.do(ctx)
		}
		drive(ctx, deadline, o.Timeout, &issued, 1_000_000_000, do, func(took time.Duration, err error) time.Duration {
			if seen[cur.name] == nil {
				seen[cur.name] = &tally{}
			}
			seen[cur.name].add(took, err)
			return max(think, retryAfter(err))
		})
		merge(seen)
	}
	for i := range o.Lookups {
		wg.Add(1)
		go client(lookups, i, o.Think*time.Duration(i)/time.Duration(o.Lookups), o.Think)
	}
	for i := range o.Analysts {
		wg.Add(1)
		go client(analyses, i, 0, 0)
	}
	wg.Wait()
	for _, p := range append([]*plan{lookup}, walks...) {
		if out[p.op] == nil {
			out[p.op] = &tally{}
		}
	}
	return out
}

func mixResult(target, op string, t *tally, took time.Duration) MixResult {
	ok, refused := sorted(t.ok), sorted(t.refused)
	r := MixResult{Target: target, Op: op, OK: len(ok), P50ms: ms(percentile(ok, 50)), P99ms: ms(percentile(ok, 99)),
		RefusedP50ms: ms(percentile(refused, 50)), MaxMs: ms(t.longest), Outcomes: maps.Clone(t.outcomes)}
	if r.Outcomes == nil {
		r.Outcomes = map[string]int{}
	}
	for _, n := range r.Outcomes {
		r.Requests += n
	}
	if took > 0 {
		r.OKPerSec = float64(r.OK) / took.Seconds()
	}
	if t.firstErr != nil {
		r.FirstError = clip([]byte(t.firstErr.Error()), 300)
	}
	return r
}

func walkOutcomes(slot map[string]*tally) map[string]int {
	out := map[string]int{}
	for _, op := range WalkOps {
		if t := slot[op]; t != nil {
			for k, v := range t.outcomes {
				out[k] += v
			}
		}
	}
	return out
}

func sorted(ds []time.Duration) []time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s
}
