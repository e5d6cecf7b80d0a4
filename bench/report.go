package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as readable tables.
func (r Report) WriteTable(w io.Writer) error {
	p := r.Picks
	writePicks(w, p)
	fmt.Fprintf(w, "run: concurrency %d, %d rounds of %.0f s per case, targets interleaved\n\n", r.Concurrency, r.Rounds, r.RoundSecond)

	var procs []string
	for _, ps := range r.Procs {
		procs = append(procs, ps.Name)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "op\ttarget\treq/s\tp50 ms\tp99 ms\terrors\town CPU ms/req\t"
	for _, n := range procs {
		head += n + " ms/req\t"
	}
	fmt.Fprintln(tw, head)
	for _, res := range r.Results {
		line := fmt.Sprintf("%s\t%s\t%.1f\t%.2f\t%.2f\t%d\t%.2f\t", res.Op, res.Target, res.RPS, res.P50ms, res.P99ms, res.Errors, res.OwnCPUms)
		for _, n := range procs {
			line += fmt.Sprintf("%.2f\t", res.CPUms[n])
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(r.Ratios) > 0 {
		fmt.Fprintln(w, "\nratios (median over rounds of the per-round ratio; req/s > 1 is faster, p50 and CPU < 1 are better)")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "op\ttarget\tversus\treq/s\tp50\tCPU/req\t")
		for _, q := range r.Ratios {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t\n", q.Op, q.Target, q.Versus, q.RPS, q.P50, q.CPU)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	if err := writeProcs(w, r.Procs); err != nil {
		return err
	}

	if len(r.Loads) > 0 {
		fmt.Fprintf(w, "\nloads of the same graph (%d entities + %d edges)\n", p.Entities, p.Edges)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "load\tseconds\trecords/s\tvs %s\t\n", r.Loads[0].Name)
		for _, l := range r.Loads {
			fmt.Fprintf(tw, "%s\t%.1f\t%.0f\t%.2f\t\n", l.Name, l.Seconds, l.RecordsPerSec, l.VsBaseline)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if r.Mirror != nil {
		fmt.Fprintf(w, "\nDgraph GraphQL schema: applying it altered %d Chokepoint predicates or types (Dgraph GraphQL cannot declare @count); the DQL schema applied again restored them: %v\n",
			len(r.Mirror.Altered), r.Mirror.Restored)
	}
	if len(r.Failed) > 0 {
		fmt.Fprintf(w, "\nFAILED CHECKS (not run):\n  %s\n", strings.Join(r.Failed, "\n  "))
	}
	return nil
}

func writePicks(w io.Writer, p Picks) {
	fmt.Fprintf(w, "graph: %d entities, %d edges (seed %d); as of %s\n", p.Entities, p.Edges, p.Seed, p.AsOf)
	fmt.Fprintf(w, "picks: hub material %s (%d products need it), %d ordinary materials, hub control %s (restricts %d), paths %s → %s (%d hops)\n",
		p.HubMaterial, p.HubNeededBy, len(p.Materials), p.HubControl, p.HubRestricts, p.PathFrom, p.PathTo, p.PathHops)
}

func writeProcs(w io.Writer, procs []ProcStat) error {
	if len(procs) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nprocesses (RSS from VmRSS, sampled after every slot)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "process\tpid\tRSS start MB\tRSS max MB\tRSS end MB\tCPU s\t")
	for _, ps := range procs {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.0f\t%.0f\t%.1f\t\n", ps.Name, ps.PID, float64(ps.RSSStart)/1024, float64(ps.RSSMax)/1024, float64(ps.RSSEnd)/1024, ps.CPUSecond)
	}
	return tw.Flush()
}

// WriteJSON writes the report as indented JSON.
func (r MixReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report as readable tables.
func (r MixReport) WriteTable(w io.Writer) error {
	writePicks(w, r.Picks)
	fmt.Fprintf(w, "mix: %d lookup clients (pausing %.0f ms after each answer) and %d analyst clients (%s in turn, no pause) at once; %d rounds of %.0f s per target, targets interleaved; clients wait out Retry-After\n\n",
		r.Lookups, r.ThinkMs, r.Analysts, strings.Join(WalkOps, ", "), r.Rounds, r.RoundSecond)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\top\trequests\tok\tok/s\tp50 ms\tp99 ms\t"+RetryLater+"\trefused p50 ms\tmax ms\tother outcomes\t")
	for _, res := range r.Results {
		var other []string
		for _, o := range slices.Sorted(maps.Keys(res.Outcomes)) {
			if o != OutcomeOK && o != RetryLater {
				other = append(other, fmt.Sprintf("%s %d", o, res.Outcomes[o]))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%d\t%.1f\t%.0f\t%s\t\n", res.Target, res.Op, res.Requests, res.OK, res.OKPerSec,
			res.P50ms, res.P99ms, res.Outcomes[RetryLater], res.RefusedP50ms, res.MaxMs, strings.Join(other, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeProcs(w, r.Procs)
}
