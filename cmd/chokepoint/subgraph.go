package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chokepoint/chokepoint/analysis"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// subgraphConfig holds the flags that make export write the subgraph a walk
// reaches from --from instead of the whole graph.
type subgraphConfig struct {
	from                          string
	direction, depth, asOf, limit checkedFlag
}

// The walk's defaults are the API's: dependencyChain's maxDepth for
// DOWNSTREAM and UPSTREAM, neighborhood's depth for BOTH.
const (
	defaultChainDepth        = 6
	defaultNeighborhoodDepth = 1
)

func (c *subgraphConfig) defineFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.from, "from", "", "export only the subgraph a walk reaches from the entity with this `ID`")
	c.direction = checkedFlag{text: string(analysis.Downstream), check: func(s string) error {
		switch analysis.Direction(s) {
		case analysis.Downstream, analysis.Upstream, analysis.Both:
			return nil
		}
		return fmt.Errorf("want DOWNSTREAM, UPSTREAM or BOTH, got %q", s)
	}}
	fs.Var(&c.direction, "direction", "with --from: the walk's `DIRECTION`: DOWNSTREAM or UPSTREAM follow dependency edges as dependencyChain does; BOTH follows every edge either way, as neighborhood does")
	c.depth = checkedFlag{text: fmt.Sprintf("%d, or %d with --direction BOTH", defaultChainDepth, defaultNeighborhoodDepth), check: intBetween(0, analysis.MaxDepth)}
	fs.Var(&c.depth, "depth", fmt.Sprintf("with --from: how many hops the walk goes (`N`, 0 to %d)", analysis.MaxDepth))
	c.asOf = checkedFlag{text: "today (UTC)", check: func(s string) error {
		if _, err := kg.ParseDate(s); err != nil {
			return fmt.Errorf("want YYYY-MM-DD, got %q", s)
		}
		return nil
	}}
	fs.Var(&c.asOf, "as-of", "with --from: the `DATE` (YYYY-MM-DD) on which the walked edges must hold and controls be in force")
	c.limit = checkedFlag{text: strconv.Itoa(analysis.DefaultMaxNodes), check: intBetween(1, analysis.HardMaxNodes)}
	fs.Var(&c.limit, "limit", fmt.Sprintf("with --from: the most entities (`N`, at most %d) the walk keeps; a walk cut short says so on stderr", analysis.HardMaxNodes))
}

// walk runs the walk the flags describe, or returns nil without --from.
func (c *subgraphConfig) walk(ctx context.Context, st store.Store, now time.Time) (*analysis.Subgraph, error) {
	if c.from == "" {
		for _, f := range []*checkedFlag{&c.direction, &c.depth, &c.asOf, &c.limit} {
			if f.set {
				return nil, errors.New("export: --direction, --depth, --as-of and --limit choose a subgraph: give --from ID too")
			}
		}
		return nil, nil
	}
	dir := analysis.Direction(c.direction.text)
	depth := defaultChainDepth
	if dir == analysis.Both {
		depth = defaultNeighborhoodDepth
	}
	if c.depth.set {
		depth, _ = strconv.Atoi(c.depth.text)
	}
	asOf := now.UTC().Format(kg.DateLayout)
	if c.asOf.set {
		asOf = c.asOf.text
	}
	limit, _ := strconv.Atoi(c.limit.text)
	w := analysis.Walker{Store: st}
	if dir == analysis.Both {
		return w.Neighborhood(ctx, c.from, depth, dir, nil, asOf, limit)
	}
	return w.DependencyChain(ctx, c.from, dir, depth, asOf, limit)
}

// checkedFlag is a flag whose value is checked as it is set, so that a bad
// one is a usage error; text is the value given, or until then what help
// shows as the default.
type checkedFlag struct {
	text  string
	set   bool
	check func(string) error
}

func (f *checkedFlag) String() string {
	if f == nil {
		return ""
	}
	return f.text
}

func (f *checkedFlag) Set(s string) error {
	s = strings.TrimSpace(s)
	if err := f.check(s); err != nil {
		return err
	}
	f.text, f.set = s, true
	return nil
}

func intBetween(lo, hi int) func(string) error {
	return func(s string) error {
		if n, err := strconv.Atoi(s); err != nil || n < lo || n > hi {
			return fmt.Errorf("want a whole number from %d to %d, got %q", lo, hi, s)
		}
		return nil
	}
}
