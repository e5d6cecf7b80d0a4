package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"time"

	"github.com/chokepoint/chokepoint/gen"
)

// Options are everything one benchmark run needs.
type Options struct {
	Graph     gen.Config
	AsOf      string
	Endpoints Endpoints
	Run       Config
	// Ops, if set, keeps only these operations.
	Ops []string
	// Loads are timed loads of the same graph, by name, in seconds.
	Loads []Load
	// Mirror applies MirrorSchema to the alpha of Endpoints.DgraphGraphQL
	// first.
	Mirror bool
	// Log hears progress.
	Log func(format string, args ...any)
}

// Load is one timed load of the generated graph.
type Load struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	// RecordsPerSec is (entities + edges) / Seconds.
	RecordsPerSec float64 `json:"recordsPerSec"`
	// VsBaseline is this load's rate over the first load's.
	VsBaseline float64 `json:"vsFirst"`
}

// Report is a run's outcome, as printed and as JSON.
type Report struct {
	Started     time.Time      `json:"started"`
	Host        Host           `json:"host"`
	Picks       Picks          `json:"picks"`
	Concurrency int            `json:"concurrency"`
	Rounds      int            `json:"rounds"`
	RoundSecond float64        `json:"secondsPerRound"`
	Mirror      *MirrorReport  `json:"mirror,omitempty"`
	Results     []Result       `json:"results"`
	Ratios      []Ratio        `json:"ratios"`
	Procs       []ProcStat     `json:"processes"`
	Loads       []Load         `json:"loads,omitempty"`
	Failed      []string       `json:"failed,omitempty"`
	Targets     map[string]any `json:"targets"`
}

// Host describes the machine.
type Host struct {
	CPUs      int    `json:"cpus"`
	GoVersion string `json:"go"`
}

// Bench picks what to ask from the generated graph, checks every target's
// answers, and runs the cases. A case whose answers fail the checks is
// reported in Failed and not run; Bench then returns the report and an
// error.
func Bench(ctx context.Context, o Options) (Report, error) {
	logf := orNop(o.Log)
	rep := Report{
		Started: time.Now().UTC(), Host: Host{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()},
		Concurrency: o.Run.Concurrency, Rounds: o.Run.Rounds, RoundSecond: o.Run.PerRound.Seconds(),
		Targets: map[string]any{},
	}
	for _, t := range Targets {
		if u := o.Endpoints.url(t); u != "" {
			if err := CheckLoopback(u); err != nil {
				return rep, err
			}
			rep.Targets[t] = map[string]any{"url": u, "processes": targetProcs(t)}
		}
	}
	picks, err := pickTargets(ctx, o.Graph, o.AsOf, logf)
	if err != nil {
		return rep, err
	}
	rep.Picks = picks
	records := float64(picks.Entities + picks.Edges)
	for _, l := range o.Loads {
		l.RecordsPerSec = records / l.Seconds
		l.VsBaseline = o.Loads[0].Seconds / l.Seconds
		rep.Loads = append(rep.Loads, l)
	}
	if o.Mirror && o.Endpoints.DgraphGraphQL != "" {
		alpha, err := AlphaBase(o.Endpoints.DgraphGraphQL)
		if err != nil {
			return rep, err
		}
		logf("applying the mirrored GraphQL schema to %s", alpha)
		m, err := ApplyMirror(ctx, alpha, 10*time.Minute)
		rep.Mirror = &m
		if err != nil {
			return rep, err
		}
		logf("GraphQL schema applied; it altered %d predicates or types, restored by the DQL schema", len(m.Altered))
	}

	c := newClient(o.Run.Concurrency)
	all := plans(o.Endpoints, picks)
	var kept []plan
	for _, p := range all {
		if len(o.Ops) == 0 || slices.Contains(o.Ops, p.op) {
			kept = append(kept, p)
		}
	}
	// Check every answer, and that the lookups list the same ids on every
	// target.
	type answer struct {
		target string
		ids    [][]string
	}
	ref := map[string]answer{}
	var cases []Case
	failed := map[string]bool{}
	for _, p := range kept {
		got, err := p.verify(ctx, c, o.Run.Timeout)
		if err != nil {
			rep.Failed = append(rep.Failed, fmt.Sprintf("%s on %s: %v", p.op, p.target, err))
			failed[p.op+"|"+p.target] = true
			continue
		}
		if !p.compare {
			continue
		}
		// The first target to answer is the reference of the others.
		if ref, ok := ref[p.op]; ok {
			if i, same := sameIDs(got, ref.ids); !same {
				rep.Failed = append(rep.Failed, fmt.Sprintf("%s: %s and %s list different ids for request %d: %v vs %v",
					p.op, p.target, ref.target, i, at(got, i), at(ref.ids, i)))
				failed[p.op+"|"+p.target] = true
			}
			continue
		}
		ref[p.op] = answer{p.target, got}
	}
	for _, p := range kept {
		if failed[p.op+"|"+p.target] {
			continue
		}
		n := new(atomic.Uint64)
		cases = append(cases, Case{Op: p.op, Target: p.target, Procs: targetProcs(p.target), Do: p.do(c, n)})
	}
	logf("answers checked: %d cases to run, %d failed", len(cases), len(rep.Failed))
	cfg := o.Run
	cfg.Procs = append(cfg.Procs, selfProc())
	cfg.Baseline = DQL
	cfg.Pairs = [][2]string{{Cluster, DgraphGraphQL}, {Embedded, Cluster}}
	if cfg.Progress == nil {
		cfg.Progress = func(r int, op, target string, s Slot) {
			logf("round %d %-10s %-20s %8.1f req/s p50 %7.2f ms errors %d", r+1, op, target, s.RPS(), ms(s.P50), s.Errors)
		}
	}
	results, ratios, procs, err := Run(ctx, cfg, cases)
	if err != nil {
		return rep, err
	}
	rep.Results, rep.Ratios, rep.Procs = results, ratios, procs
	if len(rep.Failed) > 0 {
		return rep, fmt.Errorf("%d cases failed their checks: %s", len(rep.Failed), rep.Failed[0])
	}
	return rep, nil
}

func at(xs [][]string, i int) []string {
	if i >= 0 && i < len(xs) {
		return xs[i]
	}
	return nil
}

// orNop returns logf, or a logger that drops everything when logf is nil.
func orNop(logf func(string, ...any)) func(string, ...any) {
	if logf == nil {
		return func(string, ...any) {}
	}
	return logf
}

// pickTargets picks what to ask about from the generated graph, saying so:
// it walks the whole graph, which takes a while at 10^6 entities.
func pickTargets(ctx context.Context, cfg gen.Config, asOf string, logf func(string, ...any)) (Picks, error) {
	logf("picking targets from the generated graph (%d entities, seed %d)", cfg.Entities, cfg.Seed)
	return Pick(ctx, cfg, asOf)
}
