package dql_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// randomControls builds n controls with random issued, effective and until
// dates (some without effective or until) and random suspends edges with
// since and until (some open), as the loaders would read them from a file.
// It also returns the days the graph names, for checks on the boundaries.
func randomControls(rng *rand.Rand, n int) (kg.Graph, []string) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const window = 2 * 365
	var days []string
	date := func(d int) string {
		s := base.AddDate(0, 0, d).Format(kg.DateLayout)
		days = append(days, s)
		return s
	}
	src := []string{"source:s"}
	g := kg.Graph{Entities: []kg.Entity{{ID: "source:s", Kind: kg.Source, Name: "S", Attrs: map[kg.Attr]string{kg.AttrURL: "https://example.org"}}}}
	for i := range n {
		issued := rng.IntN(window)
		attrs := map[kg.Attr]string{kg.AttrIssued: date(issued)}
		start := issued
		if rng.IntN(10) < 7 {
			start = issued + rng.IntN(90)
			attrs[kg.AttrEffective] = date(start)
		}
		if rng.IntN(10) < 5 {
			attrs[kg.AttrUntil] = date(start + rng.IntN(window))
		}
		g.Entities = append(g.Entities, kg.Entity{
			ID: fmt.Sprintf("control:c%02d", i), Kind: kg.Control, Name: fmt.Sprintf("Control %d", i), Sources: src, Attrs: attrs,
		})
	}
	seen := map[[2]int]bool{}
	for range n {
		from, to := rng.IntN(n), rng.IntN(n)
		if from == to || seen[[2]int{from, to}] {
			continue
		}
		seen[[2]int{from, to}] = true
		lo, hi := rng.IntN(window), rng.IntN(window)
		lo, hi = min(lo, hi), max(lo, hi)
		e := kg.Edge{From: fmt.Sprintf("control:c%02d", from), Type: "suspends", To: fmt.Sprintf("control:c%02d", to), Sources: src}
		if rng.IntN(5) > 0 {
			e.Since = date(lo)
		}
		if rng.IntN(5) > 0 {
			e.Until = date(hi)
		}
		g.Edges = append(g.Edges, e)
	}
	return g, days
}

// TestStatusFilterAgreesWithStatusOn guards that the two spellings of the
// status rules, kg.StatusOn in Go and dql.StatusFilter in DQL, pick the same
// controls: on random controls and suspensions, for random days and the
// days the data names (and the days either side), every status's DQL
// selects exactly the controls whose Node.Status says so.
func TestStatusFilterAgreesWithStatusOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(57, 70)) // fixed: a failure reproduces
		g, named := randomControls(rng, 40)
		if _, err := loaders.Load(ctx, s, g, loaders.Options{}); err != nil {
			t.Fatalf("load: %v", err)
		}
		q := fmt.Sprintf("q(func: type(Control)) { uid xid dgraph.type %s }", strings.Join(dql.StatusFields, " "))
		var all struct{ Q []dql.Node }
		if err := store.QueryInto(ctx, s, "{"+q+"}", nil, &all); err != nil {
			t.Fatal(err)
		}
		if len(all.Q) != 40 {
			t.Fatalf("read %d controls, want 40", len(all.Q))
		}
		suspended := 0
		for _, n := range all.Q {
			if len(n.Suspensions) > 0 {
				suspended++
			}
		}
		if suspended < 10 || len(g.Edges) < 20 {
			t.Fatalf("only %d controls with suspensions (%d edges): the data proves little", suspended, len(g.Edges))
		}
		seen := map[kg.ControlStatus]int{}
		for _, day := range checkDays(rng, named, 30) {
			t.Run(day, func(t *testing.T) {
				want := map[kg.ControlStatus][]string{}
				for _, n := range all.Q {
					st := n.Status(day)
					want[st] = append(want[st], n.ID)
					seen[st]++
				}
				for _, st := range []kg.ControlStatus{kg.StatusPending, kg.StatusInForce, kg.StatusSuspended, kg.StatusLapsed} {
					got := filterIDs(t, s, st, day)
					if w := slices.Sorted(slices.Values(want[st])); !slices.Equal(got, w) {
						t.Errorf("%s on %s: DQL picks %v\nStatusOn says %v", st, day, got, w)
					}
				}
			})
		}
		for _, st := range []kg.ControlStatus{kg.StatusPending, kg.StatusInForce, kg.StatusSuspended, kg.StatusLapsed} {
			if seen[st] < 30 {
				t.Errorf("only %d (control, day) pairs are %s: the data proves little (%v)", seen[st], st, seen)
			}
		}
	})
}

// checkDays draws n days: a third at random, the rest among the days the
// data names and the days either side of them.
func checkDays(rng *rand.Rand, named []string, n int) []string {
	days := map[string]bool{}
	for len(days) < n {
		if len(days) < n/3 {
			days[time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3*365)).Format(kg.DateLayout)] = true
			continue
		}
		d, _ := kg.ParseDate(named[rng.IntN(len(named))])
		days[d.AddDate(0, 0, rng.IntN(3)-1).Format(kg.DateLayout)] = true
	}
	return slices.Sorted(maps.Keys(days))
}

// filterIDs runs the DQL of dql.StatusFilter and returns the ids it keeps.
func filterIDs(t *testing.T, s store.Store, st kg.ControlStatus, day string) []string {
	t.Helper()
	var vars dql.Vars
	n := 0
	name := func() string { n++; return fmt.Sprintf("f%d", n) }
	blocks, cond := dql.StatusFilter(&vars, name, st, day)
	q := vars.Query(strings.Join(blocks, "\n") + fmt.Sprintf("\nq(func: type(Control)) @filter(%s) { xid }", cond))
	var out struct{ Q []dql.Node }
	if err := store.QueryInto(context.Background(), s, q, vars.Map(), &out); err != nil {
		t.Fatalf("%s on %s: %v\n%s", st, day, err, q)
	}
	ids := []string{}
	for _, n := range out.Q {
		ids = append(ids, n.ID)
	}
	slices.Sort(ids)
	return ids
}
