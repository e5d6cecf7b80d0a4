package loaders_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chokepoint/chokepoint/internal/storetest"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
	"github.com/chokepoint/chokepoint/store"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

const smallFile = "testdata/json/small.json"

func readSmall(t *testing.T) kg.Graph {
	t.Helper()
	g, err := loaders.ReadFiles([]string{smallFile}, "")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mustLoad(t *testing.T, s store.Store, g kg.Graph, opt loaders.Options) loaders.Report {
	t.Helper()
	rep, err := loaders.Load(context.Background(), s, g, opt)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return rep
}

func stats(t *testing.T, s store.Store) store.Stats {
	t.Helper()
	st, err := store.GetStats(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func query(t *testing.T, s store.Store, q string, vars map[string]string) map[string]any {
	t.Helper()
	data, err := s.Query(context.Background(), q, vars)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLoadRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		rep := mustLoad(t, s, readSmall(t), loaders.Options{})
		want := loaders.Report{Entities: loaders.Counts{Created: 9}, Edges: loaders.Counts{Created: 7}}
		if !loaders.SameCounts(rep, want) {
			t.Fatalf("report = %+v, want %+v", rep, want)
		}
		st := stats(t, s)
		if st.TotalEntities() != 9 || st.TotalEdges() != 7 || st.Entities[kg.Source] != 2 || st.Edges["needs"] != 1 {
			t.Fatalf("stats = %+v", st)
		}
		got := query(t, s, `query q($id: string) {
			q(func: eq(xid, $id)) { name aliases symbol atomicNumber description sources { xid }
				~needs @facets { xid } ~restricts { xid effective } } }`, map[string]string{"$id": "material:dysprosium"})
		js, _ := json.Marshal(got)
		for _, frag := range []string{
			`"name":"Dysprosium"`, `"aliases":["Dy"]`, `"atomicNumber":66`, `"symbol":"Dy"`,
			`"sources":[{"xid":"source:usgs"}]`,
			`"~needs|quantity":60`, `"~needs|share":0.04`, `"~needs|unit":"kg"`, `"~needs|confidence":"medium"`,
			`"~needs|sources":"source:usgs|source:news"`,
			`"effective":"2025-04-04T00:00:00Z"`,
		} {
			if !strings.Contains(string(js), frag) {
				t.Errorf("stored dysprosium lacks %s:\n%s", frag, js)
			}
		}
		// Every attribute of kg.Attrs is written, language too.
		got = query(t, s, `{ q(func: eq(xid, "source:usgs")) { language publisher published } }`, nil)
		if js, _ := json.Marshal(got); string(js) != `{"q":[{"language":"en","published":"2025-01-31T00:00:00Z","publisher":"USGS"}]}` {
			t.Errorf("stored source:usgs = %s", js)
		}
	})
}

func TestSearchFoldsDiacritics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		got := query(t, s, `query q($t: string) { q(func: anyofterms(folded, $t)) { xid } }`, map[string]string{"$t": kg.Fold("sefcovic")})
		if fmt.Sprint(got["q"]) != "[map[xid:official:sefcovic]]" {
			t.Fatalf("search sefcovic = %v", got)
		}
	})
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		g := readSmall(t)
		mustLoad(t, s, g, loaders.Options{})
		before := stats(t, s)
		rep := mustLoad(t, s, g, loaders.Options{})
		want := loaders.Report{Entities: loaders.Counts{Unchanged: 9}, Edges: loaders.Counts{Unchanged: 7}}
		if !loaders.SameCounts(rep, want) {
			t.Fatalf("second load report = %+v, want %+v", rep, want)
		}
		if after := stats(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("stats changed: %v → %v", before, after)
		}
	})
}

func TestChangedRecordsUpdateInPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		g := readSmall(t)
		mustLoad(t, s, g, loaders.Options{})
		for i, e := range g.Entities {
			if e.ID == "material:dysprosium" {
				g.Entities[i].Description = ""
				g.Entities[i].Aliases = []string{"Dy", "dysprosium metal"}
			}
		}
		for i, e := range g.Edges {
			if e.Type == "needs" {
				share := 0.05
				g.Edges[i].Share = &share
				g.Edges[i].Note = ""
			}
		}
		rep := mustLoad(t, s, g, loaders.Options{})
		want := loaders.Report{Entities: loaders.Counts{Updated: 1, Unchanged: 8}, Edges: loaders.Counts{Updated: 1, Unchanged: 6}}
		if !loaders.SameCounts(rep, want) {
			t.Fatalf("report = %+v, want %+v", rep, want)
		}
		got := query(t, s, `{ q(func: eq(xid, "material:dysprosium")) { count(uid) description aliases ~needs @facets { xid } } }`, nil)
		js, _ := json.Marshal(got)
		if strings.Contains(string(js), "description") || strings.Contains(string(js), "note") ||
			!strings.Contains(string(js), `"~needs|share":0.05`) || !strings.Contains(string(js), "dysprosium metal") {
			t.Fatalf("after update: %s", js)
		}
		if st := stats(t, s); st.TotalEntities() != 9 || st.TotalEdges() != 7 {
			t.Fatalf("update added records: %+v", st)
		}
	})
}

func TestSmallBatchesGiveTheSameGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		var calls int
		rep := mustLoad(t, s, readSmall(t), loaders.Options{BatchSize: 2, Progress: func(done, total int) {
			calls++
			if done > total {
				t.Errorf("progress %d of %d", done, total)
			}
		}})
		if rep.Entities.Created != 9 || rep.Edges.Created != 7 || calls != 9 {
			t.Fatalf("report %+v after %d batches", rep, calls)
		}
	})
}

func TestDryRunWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		rep := mustLoad(t, s, readSmall(t), loaders.Options{DryRun: true})
		if !rep.DryRun || rep.Entities.Created != 9 || rep.Edges.Created != 7 {
			t.Fatalf("dry-run report = %+v", rep)
		}
		if st := stats(t, s); st.TotalEntities() != 0 {
			t.Fatalf("dry run wrote: %+v", st)
		}
	})
}

func TestReferencesResolveAgainstTheGraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		extra := `{"entities": [{"id": "product:motor", "kind": "Product", "name": "Motor", "sources": ["source:news"]}],
		  "edges": [{"from": "product:motor", "type": "needs", "to": "product:magnet", "sources": ["source:news"]}]}`
		g, err := loaders.JSON{}.Parse("extra.json", strings.NewReader(extra))
		if err != nil {
			t.Fatal(err)
		}
		rep := mustLoad(t, s, g, loaders.Options{})
		if rep.Entities.Created != 1 || rep.Edges.Created != 1 {
			t.Fatalf("report = %+v", rep)
		}
	})
}

func TestConcurrentLoadsCreateNoDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s store.Store) {
		g := readSmall(t)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				if _, err := loaders.Load(context.Background(), s, g, loaders.Options{BatchSize: 3}); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent load: %v", err)
		}
		got := query(t, s, `{ q(func: has(xid)) { count(uid) } }`, nil)
		if fmt.Sprint(got["q"]) != "[map[count:9]]" {
			t.Fatalf("nodes after 4 concurrent loads = %v, want 9", got["q"])
		}
	})
}

// TestInvalidInputWritesNothing feeds one bad record at a time, next to good
// ones, and checks the message and that the graph stays as it was.
func TestInvalidInputWritesNothing(t *testing.T) {
	const src = `{"id": "source:s", "kind": "Source", "name": "S", "url": "https://example.org"},`
	cases := []struct {
		name, input, want string
	}{
		{"malformed json", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\",, }]}",
			"bad.json:3:col 21: malformed JSON: invalid character ',' looking for beginning of object key string"},
		{"truncated", "{\"entities\": [\n" + src, "bad.json:2: malformed JSON: unexpected end of file"},
		{"unknown kind", "{\"entities\": [\n" + src + "\n{\"id\": \"mineral:x\", \"kind\": \"Mineral\", \"name\": \"X\", \"sources\": [\"source:s\"]}]}",
			`bad.json:3: kind: unknown kind "Mineral"`},
		{"missing name", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\", \"kind\": \"Material\", \"sources\": [\"source:s\"]}]}",
			"bad.json:3: name: missing"},
		{"unknown field", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"X\", \"colour\": \"red\"}]}",
			"bad.json:3: colour: unknown field"},
		{"wrong type", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"X\", \"atomicNumber\": \"six\", \"sources\": [\"source:s\"]}]}",
			"bad.json:3: atomicNumber: wrong type: got string, want number"},
		{"bad date", "{\"entities\": [\n" + src + "\n{\"id\": \"control:x\", \"kind\": \"Control\", \"name\": \"X\", \"issued\": \"2025-13-01\", \"sources\": [\"source:s\"]}]}",
			`bad.json:3: issued: invalid date "2025-13-01" (want YYYY-MM-DD)`},
		{"language code", "{\"entities\": [\n{\"id\": \"source:s\", \"kind\": \"Source\", \"name\": \"S\", \"url\": \"https://example.org\", \"language\": \"ZH\"}]}",
			`bad.json:2: language: want an ISO 639-1 code of two lower-case letters (e.g. zh), got "ZH"`},
		{"language on a kind without it", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"X\", \"language\": \"zh\", \"sources\": [\"source:s\"]}]}",
			"bad.json:3: language: not an attribute of a Material"},
		{"attribute not allowed", "{\"entities\": [\n" + src + "\n{\"id\": \"official:x\", \"kind\": \"Official\", \"name\": \"X\", \"symbol\": \"X\", \"sources\": [\"source:s\"]}]}",
			"bad.json:3: symbol: not an attribute of a Official"},
		{"id prefix", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Material\", \"name\": \"X\", \"sources\": [\"source:s\"]}]}",
			`bad.json:3: id: id "product:x" of a Material must start with "material:"`},
		{"conflicting duplicate id", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"X\", \"sources\": [\"source:s\"]},\n{\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"Y\", \"sources\": [\"source:s\"]}]}",
			"bad.json:4: id: material:x is defined again with different data (first at bad.json:3)"},
		{"unknown edge type", "{\"entities\": [\n" + src + "\n{\"id\": \"material:x\", \"kind\": \"Material\", \"name\": \"X\", \"sources\": [\"source:s\"]}],\n\"edges\": [\n{\"from\": \"material:x\", \"type\": \"likes\", \"to\": \"material:dysprosium\", \"sources\": [\"source:s\"]}]}",
			`bad.json:5: type: unknown edge type "likes"`},
		{"dangling reference", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Product\", \"name\": \"X\", \"sources\": [\"source:s\"]}],\n\"edges\": [\n{\"from\": \"product:x\", \"type\": \"needs\", \"to\": \"material:unobtainium\", \"sources\": [\"source:s\"]}]}",
			"bad.json:5: to: material:unobtainium is not defined in the input nor in the graph"},
		{"edge kinds", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Product\", \"name\": \"X\", \"sources\": [\"source:s\"]}],\n\"edges\": [\n{\"from\": \"product:x\", \"type\": \"restricts\", \"to\": \"source:s\", \"sources\": [\"source:s\"]}]}",
			"bad.json:5: from: product:x is a Product; want Control"},
		{"edge without source", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Product\", \"name\": \"X\", \"sources\": [\"source:s\"]}],\n\"edges\": [\n{\"from\": \"product:x\", \"type\": \"needs\", \"to\": \"product:magnet2\"}]}",
			"bad.json:5: sources: missing: every edge needs at least one source"},
		{"share out of range", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Product\", \"name\": \"X\", \"sources\": [\"source:s\"]},\n{\"id\": \"product:y\", \"kind\": \"Product\", \"name\": \"Y\", \"sources\": [\"source:s\"]}],\n\"edges\": [\n{\"from\": \"product:x\", \"type\": \"needs\", \"to\": \"product:y\", \"share\": 1.5, \"sources\": [\"source:s\"]}]}",
			"bad.json:6: share: want a fraction from 0 to 1, got 1.5"},
		{"until before since", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Product\", \"name\": \"X\", \"sources\": [\"source:s\"]},\n{\"id\": \"product:y\", \"kind\": \"Product\", \"name\": \"Y\", \"sources\": [\"source:s\"]}],\n\"edges\": [\n{\"from\": \"product:x\", \"type\": \"needs\", \"to\": \"product:y\", \"since\": \"2025-02-01\", \"until\": \"2025-01-01\", \"sources\": [\"source:s\"]}]}",
			"bad.json:6: until: until 2025-01-01 is before since 2025-02-01"},
		{"source is not a Source", "{\"entities\": [\n" + src + "\n{\"id\": \"product:x\", \"kind\": \"Product\", \"name\": \"X\", \"sources\": [\"product:x\"]}]}",
			"bad.json:3: sources: product:x is a Product; want Source"},
	}
	storetest.Each(t, func(t *testing.T, s store.Store) {
		mustLoad(t, s, readSmall(t), loaders.Options{})
		before := stats(t, s)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				g, err := loaders.JSON{}.Parse("bad.json", strings.NewReader(c.input))
				if err == nil {
					_, err = loaders.Load(context.Background(), s, g, loaders.Options{})
				}
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("error = %v\nwant it to contain %q", err, c.want)
				}
				if after := stats(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Fatalf("invalid input changed the graph: %v → %v", before, after)
				}
			})
		}
	})
}
