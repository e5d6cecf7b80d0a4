package gen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// small is the size of the graphs loaded into the store.
const small = 2000

// write generates cfg in both formats.
func write(t testing.TB, cfg gen.Config) (jsonOut, nquads []byte, stats store.Stats) {
	t.Helper()
	var j, n bytes.Buffer
	stats, err := gen.Write(context.Background(), cfg, &j, &n)
	if err != nil {
		t.Fatalf("write %+v: %v", cfg, err)
	}
	return j.Bytes(), n.Bytes(), stats
}

func TestSameConfigSameBytes(t *testing.T) {
	base := gen.Config{Entities: small, Seed: 7}
	j0, n0, _ := write(t, base)
	for _, tc := range []struct {
		name string
		cfg  gen.Config
		same bool
	}{
		{"same config", base, true},
		{"another seed", gen.Config{Entities: small, Seed: 8}, false},
		{"another size", gen.Config{Entities: small + 1, Seed: 7}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j, n, _ := write(t, tc.cfg)
			if got := bytes.Equal(j, j0); got != tc.same {
				t.Errorf("JSON equal = %v, want %v", got, tc.same)
			}
			if got := bytes.Equal(n, n0); got != tc.same {
				t.Errorf("N-Quads equal = %v, want %v", got, tc.same)
			}
		})
	}
	// Another seed is another graph, not the same graph renamed: most
	// entity ids differ.
	g1 := graph(t, gen.Config{Entities: small, Seed: 7})
	g2 := graph(t, gen.Config{Entities: small, Seed: 8})
	ids := map[string]bool{}
	for _, e := range g1.Entities {
		ids[e.ID] = true
	}
	shared := 0
	for _, e := range g2.Entities {
		if ids[e.ID] {
			shared++
		}
	}
	if shared > len(g2.Entities)/2 {
		t.Errorf("seeds 7 and 8 share %d of %d ids", shared, len(g2.Entities))
	}
}

func TestRejectsBadSizes(t *testing.T) {
	for _, n := range []int{0, -1, gen.MinEntities - 1, gen.MaxEntities + 1} {
		if _, err := gen.Write(context.Background(), gen.Config{Entities: n}, io.Discard, nil); kg.CodeOf(err) != kg.CodeInvalid {
			t.Errorf("entities %d: err = %v, want INVALID_ARGUMENT", n, err)
		}
	}
}

func TestWriteStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := gen.Write(ctx, gen.Config{Entities: 20_000}, io.Discard, io.Discard); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func graph(t testing.TB, cfg gen.Config) kg.Graph {
	t.Helper()
	g, err := gen.Graph(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestLoadersAndNQuadsAgree loads a generated graph twice into an emptied
// store: its JSON through the loaders, as `chokepoint load` does, and its
// N-Quads applied as they are, as `dgraph live` does. Both must store the
// same graph.
func TestLoadersAndNQuadsAgree(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, "embedded")
	defer storetest.Forget("embedded")
	jsonOut, nquads, stats := write(t, gen.Config{Entities: small, Seed: 3})

	var loaded string
	t.Run("json loads without problems", func(t *testing.T) {
		g, err := loaders.JSON{}.Parse("graph.json", bytes.NewReader(jsonOut))
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		if err := s.DropAll(ctx); err != nil {
			t.Fatal(err)
		}
		rep, err := loaders.Load(ctx, s, g, loaders.Options{})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		want := loaders.Report{Entities: loaders.Counts{Created: stats.TotalEntities()}, Edges: loaders.Counts{Created: stats.TotalEdges()}}
		if !loaders.SameCounts(rep, want) {
			t.Fatalf("report = %+v, want %+v", rep, want)
		}
		checkStats(t, s, stats)
		loaded = dump(t, s)
	})
	t.Run("nquads store the same graph", func(t *testing.T) {
		if loaded == "" {
			t.Skip("the JSON load failed")
		}
		if err := s.DropAll(ctx); err != nil {
			t.Fatal(err)
		}
		err := s.Update(ctx, func(ctx context.Context, tx store.Txn) error {
			_, err := tx.Mutate(ctx, store.Mutation{Set: nquads})
			return err
		})
		if err != nil {
			t.Fatalf("apply N-Quads: %v", err)
		}
		checkStats(t, s, stats)
		if got := dump(t, s); got != loaded {
			t.Fatalf("N-Quads and loaders store different graphs:\n%s", firstDiff(loaded, got))
		}
	})
}

// checkStats compares the store's counts with what the generator wrote.
func checkStats(t *testing.T, s store.Store, want store.Stats) {
	t.Helper()
	got, err := store.GetStats(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kg.Kinds {
		if got.Entities[k] != want.Entities[k] {
			t.Errorf("%s: %d stored, %d generated", k, got.Entities[k], want.Entities[k])
		}
	}
	for _, et := range kg.EdgeTypes {
		if got.Edges[et.Name] != want.Edges[et.Name] {
			t.Errorf("%s: %d stored, %d generated", et.Name, got.Edges[et.Name], want.Edges[et.Name])
		}
	}
}

// dump reads every node with all its predicates, and every edge with its
// facets, in a canonical text form: one line per node, sorted by id, lists
// sorted, uids left out.
func dump(t *testing.T, s store.Store) string {
	t.Helper()
	fields := []string{"xid", "dgraph.type", "sources { xid }"}
	for _, p := range store.NodePredicates {
		if p != "xid" && p != "sources" {
			fields = append(fields, p)
		}
	}
	for _, et := range kg.EdgeTypes {
		fields = append(fields, et.Name+" @facets { xid }")
	}
	data, err := s.Query(context.Background(), "{ q(func: has(xid)) { "+strings.Join(fields, " ")+" } }", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Q []map[string]any `json:"q"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	lines := make([]string, 0, len(out.Q))
	for _, n := range out.Q {
		for k, v := range n {
			list, ok := v.([]any)
			if !ok {
				continue
			}
			sort.Slice(list, func(i, j int) bool { return canonical(t, list[i]) < canonical(t, list[j]) })
			n[k] = list
		}
		lines = append(lines, canonical(t, n))
	}
	if len(lines) < small {
		t.Fatalf("dump holds %d nodes, want at least %d", len(lines), small)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// canonical encodes a value as JSON; maps come out with sorted keys.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstDiff shows where two dumps first differ, with some context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] == g[i] {
			continue
		}
		at := 0
		for at < min(len(w[i]), len(g[i])) && w[i][at] == g[i][at] {
			at++
		}
		window := func(s string) string { return s[max(0, at-150):min(len(s), at+150)] }
		return fmt.Sprintf("node %d, at byte %d:\nloaders: …%s…\nnquads:  …%s…", i, at, window(w[i]), window(g[i]))
	}
	return fmt.Sprintf("loaders stored %d nodes, nquads %d", len(w), len(g))
}

// TestGraphIsRealistic checks a 20,000-entity graph against the data model
// and the shape benchmarks rely on: every kind and edge type, valid kinds at
// both ends, required attributes and facets, heavy-tailed degrees, deep
// product chains with cycles, dated edges, controls in every status, and a
// supply chain of companies and facilities.
func TestGraphIsRealistic(t *testing.T) {
	const n = 20_000
	g := graph(t, gen.Config{Entities: n, Seed: 1})
	if len(g.Entities) != n {
		t.Fatalf("%d entities, want %d", len(g.Entities), n)
	}

	kindOf := map[string]kg.Kind{}
	perKind := map[kg.Kind]int{}
	var diacritics, aliased int
	controls := map[string]kg.Entity{}
	for _, e := range g.Entities {
		if _, dup := kindOf[e.ID]; dup {
			t.Fatalf("id %s is given twice", e.ID)
		}
		if !strings.HasPrefix(e.ID, e.Kind.IDPrefix()) || !idForm.MatchString(e.ID) {
			t.Errorf("%s: not an id of a %s", e.ID, e.Kind)
		}
		kindOf[e.ID] = e.Kind
		perKind[e.Kind]++
		spec := kg.KindAttrs[e.Kind]
		for a := range e.Attrs {
			if !slices.Contains(spec.Allowed, a) {
				t.Errorf("%s: %s is not an attribute of a %s", e.ID, a, e.Kind)
			}
		}
		for _, a := range spec.Required {
			if e.Attrs[a] == "" {
				t.Errorf("%s: required %s missing", e.ID, a)
			}
		}
		if (e.Kind == kg.Source) != (len(e.Sources) == 0) {
			t.Errorf("%s: %d sources", e.ID, len(e.Sources))
		}
		if !isASCII(e.Name) {
			diacritics++
		}
		if len(e.Aliases) > 0 {
			aliased++
		}
		if e.Kind == kg.Control {
			controls[e.ID] = e
		}
	}
	for _, e := range g.Entities {
		for _, s := range e.Sources {
			if kindOf[s] != kg.Source {
				t.Fatalf("%s cites %s, not a generated source", e.ID, s)
			}
		}
	}
	if diacritics < n/100 || aliased < n/20 {
		t.Errorf("%d names with diacritics, %d entities with aliases: too few for search", diacritics, aliased)
	}
	mix := map[kg.Kind][2]float64{ // share of all entities, in percent
		kg.Product: {40, 55}, kg.Material: {4, 7}, kg.Group: {0.8, 1.5}, kg.Institution: {13, 19},
		kg.Official: {9, 13}, kg.Control: {4, 7}, kg.Event: {3, 6}, kg.Statement: {3, 6}, kg.Source: {0.8, 1.5},
		kg.Company: {3, 5}, kg.Facility: {5, 7},
	}
	for _, k := range kg.Kinds {
		share := 100 * float64(perKind[k]) / n
		if r, ok := mix[k]; ok && (share < r[0] || share > r[1]) {
			t.Errorf("%s: %.1f%% of entities, want %.1f%% to %.1f%%", k, share, r[0], r[1])
		}
	}
	if c := perKind[kg.Country]; c < 20 || c > 250 {
		t.Errorf("%d countries", c)
	}

	perType := map[string]int{}
	degree := map[string]int{}
	seen := map[kg.EdgeKey]bool{}
	needs := map[string][]string{}
	suspensions := map[string][]kg.Interval{}
	var dated, ended, endedRoles, confident int
	for _, e := range g.Edges {
		et, ok := kg.LookupEdgeType(e.Type)
		if !ok {
			t.Fatalf("unknown edge type %q", e.Type)
		}
		perType[e.Type]++
		if seen[e.Key()] {
			t.Fatalf("edge %v is given twice", e.Key())
		}
		seen[e.Key()] = true
		if !slices.Contains(et.From, kindOf[e.From]) || !slices.Contains(et.To, kindOf[e.To]) || e.From == e.To {
			t.Fatalf("%s %s -> %s %s: not what %s links", kindOf[e.From], e.From, kindOf[e.To], e.To, e.Type)
		}
		if len(e.Sources) == 0 {
			t.Fatalf("%v has no source", e.Key())
		}
		for _, s := range e.Sources {
			if kindOf[s] != kg.Source {
				t.Fatalf("%v cites %s", e.Key(), s)
			}
		}
		if slices.Contains(et.Requires, "role") && e.Role == "" {
			t.Errorf("%v has no role", e.Key())
		}
		if e.Share != nil && (*e.Share < 0 || *e.Share > 1) || e.Quantity != nil && (*e.Quantity < 0 || e.Unit == "") {
			t.Errorf("%v: share %v, quantity %v %q", e.Key(), e.Share, e.Quantity, e.Unit)
		}
		if e.Confidence != "" {
			confident++
			if !slices.Contains(kg.Confidences, e.Confidence) {
				t.Errorf("%v: confidence %q", e.Key(), e.Confidence)
			}
		}
		if e.Supplier != "" && (e.Type != "depends_on" || kindOf[e.Supplier] != kg.Country && kindOf[e.Supplier] != kg.Institution) {
			t.Errorf("%v: supplier %s", e.Key(), e.Supplier)
		}
		if e.Since != "" && e.Until != "" && e.Until < e.Since {
			t.Errorf("%v: until %s before since %s", e.Key(), e.Until, e.Since)
		}
		if e.Since != "" || e.Until != "" {
			dated++
		}
		if e.Until != "" {
			ended++
			if e.Type == "holds_role" {
				endedRoles++
			}
		}
		degree[e.From]++
		degree[e.To]++
		switch e.Type {
		case "needs":
			needs[e.From] = append(needs[e.From], e.To)
		case "suspends":
			suspensions[e.To] = append(suspensions[e.To], kg.Interval{Since: e.Since, Until: e.Until})
		}
	}
	for _, et := range kg.EdgeTypes {
		if perType[et.Name] == 0 {
			t.Errorf("no %s edges", et.Name)
		}
	}
	if per := float64(len(g.Edges)) / n; per < 4 || per > 6 {
		t.Errorf("%.2f edges per entity, want about 5", per)
	}
	if dated < len(g.Edges)/10 || ended < len(g.Edges)/50 || endedRoles == 0 || confident < len(g.Edges)/100 {
		t.Errorf("%d dated edges, %d ended, %d ended roles, %d with a confidence: too few", dated, ended, endedRoles, confident)
	}

	maxID, maxDegree := "", 0
	var degrees []int
	for id, d := range degree {
		degrees = append(degrees, d)
		if d > maxDegree {
			maxID, maxDegree = id, d
		}
	}
	if maxDegree < 1000 || maxDegree >= 10_000 {
		t.Errorf("max degree %d (%s), want thousands", maxDegree, maxID)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(degrees)))
	median := degrees[len(degrees)/2]
	if median > 10 || degrees[len(degrees)/1000] < 20*median {
		t.Errorf("degrees are not heavy-tailed: median %d, top 0.1%% from %d", median, degrees[len(degrees)/1000])
	}

	if depth := longestNeedsChain(needs); depth < 6 {
		t.Errorf("longest needs chain from a product that nothing needs: %d hops, want at least 6", depth)
	}
	if !hasCycle(needs) {
		t.Error("no cycle among needs edges")
	}

	statuses := map[kg.ControlStatus]int{}
	for id, c := range controls {
		statuses[kg.StatusOn(c.Attrs[kg.AttrIssued], c.Attrs[kg.AttrEffective], c.Attrs[kg.AttrUntil], suspensions[id], "2025-11-20")]++
	}
	for _, s := range []kg.ControlStatus{kg.StatusPending, kg.StatusInForce, kg.StatusSuspended, kg.StatusLapsed} {
		if statuses[s] == 0 {
			t.Errorf("no control is %s on 2025-11-20: %v", s, statuses)
		}
	}
	t.Logf("%d edges %v; max degree %d (%s); median degree %d; control statuses on 2025-11-20 %v",
		len(g.Edges), perType, maxDegree, maxID, median, statuses)
	checkSupplyChain(t, g)
}

// checkSupplyChain checks companies and facilities: every facility has one
// operator and one location, every company a seat; all stages are present,
// with fewer mines than magnet or component plants, most of them in one
// hub country; supplies run mostly from a stage to the next; plants take
// in and put out what their stage does; owners hold shares in chains and
// states own some; licences are granted after their control is issued;
// controls, events and statements name companies too.
func checkSupplyChain(t *testing.T, g kg.Graph) {
	ents := map[string]kg.Entity{}
	stages := map[string]int{}
	for _, e := range g.Entities {
		ents[e.ID] = e
		if e.Kind != kg.Facility {
			continue
		}
		stages[e.Attrs[kg.AttrStage]]++
		if o, c := e.Attrs[kg.AttrOpenedYear], e.Attrs[kg.AttrClosedYear]; c != "" && (o == "" || c < o) {
			t.Errorf("%s: opened %q, closed %q", e.ID, o, c)
		}
		if (e.Attrs[kg.AttrCapacity] == "") != (e.Attrs[kg.AttrCapacityUnit] == "") {
			t.Errorf("%s: capacity %q in %q", e.ID, e.Attrs[kg.AttrCapacity], e.Attrs[kg.AttrCapacityUnit])
		}
	}
	for _, s := range kg.Stages {
		if stages[s] == 0 {
			t.Errorf("no %s facility: %v", s, stages)
		}
	}
	if stages["mining"] >= stages["magnet"] || stages["mining"] >= stages["component"] {
		t.Errorf("facilities by stage %v: want fewer mines than magnet and component plants", stages)
	}

	stageOf := func(id string) string { return ents[id].Attrs[kg.AttrStage] }
	kindOf := func(id string) kg.Kind { return ents[id].Kind }
	operators, located, hosts := map[string]int{}, map[string]int{}, map[string]int{}
	owned := map[string][]string{}
	out := map[string]map[string][]string{} // facility → edge type → targets
	var supplies, forward, stateOwned, licences int
	toCompany := map[string]int{}
	for _, e := range g.Edges {
		if kindOf(e.To) == kg.Company {
			toCompany[e.Type]++
		}
		if kindOf(e.From) == kg.Facility {
			if out[e.From] == nil {
				out[e.From] = map[string][]string{}
			}
			out[e.From][e.Type] = append(out[e.From][e.Type], e.To)
		}
		switch e.Type {
		case "operates":
			operators[e.To]++
		case "located_in":
			located[e.From]++
			if kindOf(e.From) == kg.Facility {
				hosts[e.To]++
			}
		case "owns":
			owned[e.To] = append(owned[e.To], e.From)
			if e.Share == nil {
				t.Errorf("%v: no share", e.Key())
			}
			if kindOf(e.From) == kg.Country {
				stateOwned++
			}
		case "supplies":
			// Recyclers feed back and component plants sell to firms.
			if s := stageOf(e.From); kindOf(e.To) == kg.Facility && s != "" && s != "component" && s != "recycling" {
				supplies++
				if slices.Index(kg.Stages, stageOf(e.To)) == slices.Index(kg.Stages, s)+1 {
					forward++
				}
			}
		case "licensed_under":
			licences++
			if e.Since == "" || e.Since < ents[e.To].Attrs[kg.AttrIssued] {
				t.Errorf("%v: licence granted on %q, control issued %s", e.Key(), e.Since, ents[e.To].Attrs[kg.AttrIssued])
			}
		}
	}
	for id, e := range ents {
		switch {
		case e.Kind == kg.Facility && (operators[id] != 1 || located[id] != 1):
			t.Errorf("%s: %d operators, %d locations", id, operators[id], located[id])
		case e.Kind == kg.Company && located[id] != 1:
			t.Errorf("%s: %d seats", id, located[id])
		}
	}
	hub, most := "", 0
	for c, n := range hosts {
		if n > most || n == most && c < hub {
			hub, most = c, n
		}
	}
	if hub != "country:cn" || most < stages["separation"] {
		t.Errorf("%s hosts the most facilities (%d): want China, with many", hub, most)
	}
	if supplies == 0 || forward < supplies*3/4 {
		t.Errorf("%d of %d supplies between facilities go to the next stage: want most", forward, supplies)
	}

	// Plants take in and put out what their stage does.
	isREE := func(id string) bool { return ents[id].Attrs[kg.AttrCategory] == "rare earth element" }
	var wrong []string
	for id, edges := range out {
		ok := true
		switch stageOf(id) {
		case "mining":
			ok = len(edges["needs"]) == 0 && len(edges["produces"]) > 0 &&
				!slices.ContainsFunc(edges["produces"], func(to string) bool { return kindOf(to) == kg.Product })
		case "magnet":
			ok = slices.ContainsFunc(edges["needs"], isREE) && len(edges["produces"]) > 0 &&
				!slices.ContainsFunc(edges["produces"], func(to string) bool { return kindOf(to) != kg.Product })
		case "component":
			ok = slices.ContainsFunc(edges["produces"], func(to string) bool { return kindOf(to) == kg.Product })
		}
		if !ok {
			wrong = append(wrong, id)
		}
	}
	if len(wrong) > len(out)/50 {
		sort.Strings(wrong)
		t.Errorf("%d facilities take in or put out what their stage does not, e.g. %s: %v", len(wrong), wrong[0], out[wrong[0]])
	}

	// Ownership forms chains: a company owned by a company that is owned.
	chains := 0
	for id, owners := range owned {
		if kindOf(id) == kg.Company && slices.ContainsFunc(owners, func(o string) bool { return kindOf(o) == kg.Company && len(owned[o]) > 0 }) {
			chains++
		}
	}
	if chains == 0 || stateOwned == 0 || licences == 0 {
		t.Errorf("%d companies in ownership chains, %d stakes held by states, %d licences: want some of each", chains, stateOwned, licences)
	}
	for _, typ := range []string{"applies_to", "participant", "said_by"} {
		if toCompany[typ] == 0 {
			t.Errorf("no %s edge to a company: %v", typ, toCompany)
		}
	}
	t.Logf("facilities by stage %v; %s hosts %d; %d of %d supplies between facilities go to the next stage; %d ownership chains",
		stages, hub, most, forward, supplies, chains)
}

// idForm is the form of an id (docs/data-format.md).
var idForm = regexp.MustCompile(`^[a-z]+:[a-z0-9][a-z0-9._-]*$`)

func isASCII(s string) bool { return utf8.RuneCountInString(s) == len(s) }

// longestNeedsChain walks needs edges breadth-first from products that no
// product needs, and returns the farthest any walk gets: how deep a
// dependency walk can go.
func longestNeedsChain(needs map[string][]string) int {
	needed := map[string]bool{}
	for _, tos := range needs {
		for _, to := range tos {
			needed[to] = true
		}
	}
	var roots []string
	for from := range needs {
		if !needed[from] {
			roots = append(roots, from)
		}
	}
	sort.Strings(roots)
	best := 0
	for _, root := range roots[:min(len(roots), 200)] {
		dist := map[string]int{root: 0}
		queue := []string{root}
		for len(queue) > 0 {
			at := queue[0]
			queue = queue[1:]
			for _, to := range needs[at] {
				if _, ok := dist[to]; !ok {
					dist[to] = dist[at] + 1
					best = max(best, dist[to])
					queue = append(queue, to)
				}
			}
		}
	}
	return best
}

// hasCycle reports whether needs edges close a loop.
func hasCycle(needs map[string][]string) bool {
	const (
		open = 1
		done = 2
	)
	state := map[string]int{}
	var visit func(string) bool
	visit = func(n string) bool {
		switch state[n] {
		case open:
			return true
		case done:
			return false
		}
		state[n] = open
		for _, to := range needs[n] {
			if visit(to) {
				return true
			}
		}
		state[n] = done
		return false
	}
	for n := range needs {
		if visit(n) {
			return true
		}
	}
	return false
}

// BenchmarkWrite measures generation in both formats, without disk.
func BenchmarkWrite(b *testing.B) {
	cfg := gen.Config{Entities: 10_000, Seed: 1}
	var stats store.Stats
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if stats, err = gen.Write(context.Background(), cfg, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.TotalEntities()*b.N)/b.Elapsed().Seconds(), "entities/s")
	b.ReportMetric(float64(stats.TotalEdges()*b.N)/b.Elapsed().Seconds(), "edges/s")
}
