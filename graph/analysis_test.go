package graph_test

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
)

func TestAnalystFieldsOnTheCuratedGraph(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		chain := func(id, asOf string) string {
			t.Helper()
			return js(e.do(t, `query($id: ID!, $d: Date) { dependencyChain(id: $id, asOf: $d) { truncated nodes { id } edges { from to type sources { id } } } }`+"\n",
				client.Var("id", id), client.Var("d", asOf)))
		}
		inForce := chain("control:mofcom-2025-18", "2025-11-20")
		for _, want := range []string{`"id":"material:dysprosium"`, `"id":"product:ndfeb-magnet"`, `"id":"product:electric-vehicle"`, `"id":"country:eu"`} {
			if !strings.Contains(inForce, want) {
				t.Errorf("No. 18 downstream lacks %s", want)
			}
		}
		if strings.Contains(inForce, `"sources":[]`) {
			t.Errorf("an edge without sources: %s", inForce)
		}
		// No. 57 takes effect on 2025-11-08 and is suspended by No. 70 from
		// 2025-11-07 to 2026-11-10: it reaches nothing until the suspension lapses.
		for _, d := range []string{"2025-11-01", "2025-11-20"} {
			if got := chain("control:mofcom-2025-57", d); strings.Contains(got, "material:holmium") {
				t.Errorf("No. 57 reaches holmium on %s: %s", d, got)
			}
		}
		if got := chain("control:mofcom-2025-57", "2026-11-15"); !strings.Contains(got, "material:holmium") {
			t.Errorf("No. 57 does not come back after its suspension lapses: %s", got)
		}

		ex := js(e.do(t, `{ exposure(id: "control:mofcom-2025-18", asOf: "2025-11-20") { status truncated
		  restricted { entity { id } distance }
		  products { entity { id } distance path { length edges { type } } }
		  parties { entity { id } distance via { type share supplier sources { id } } path { nodes { id } } } } }`))
		for _, want := range []string{`"status":"IN_FORCE"`, `"id":"material:dysprosium"`, `"id":"product:ndfeb-magnet"`,
			`"id":"country:eu"`, `"share":0.98`, `"supplier":"country:cn"`} {
			if !strings.Contains(ex, want) {
				t.Errorf("exposure lacks %s: %s", want, ex)
			}
		}

		cif := js(e.do(t, `{ controlsInForce(asOf: "2025-11-20", material: "material:dysprosium") { id status(asOf: "2025-11-20") } }`))
		if !strings.Contains(cif, "control:mofcom-2025-18") || strings.Contains(cif, "SUSPENDED") || strings.Contains(cif, "mofcom-2025-57") {
			t.Errorf("controls in force on dysprosium: %s", cif)
		}
		// Through a group at any depth: after the suspension, the clauses of
		// No. 61 reach holmium through the rare earths group; controlsInForce
		// and restrictionsOn agree.
		cif = js(e.do(t, `{ controlsInForce(asOf: "2026-12-01", material: "material:holmium") { id } }`))
		ro := js(e.do(t, `{ restrictionsOn(item: "material:holmium", asOf: "2026-12-01") { control { id } direct via { id } } }`))
		for _, id := range []string{"control:mofcom-2025-57", "control:mofcom-2025-61-de-minimis"} {
			if !strings.Contains(cif, id) || !strings.Contains(ro, id) {
				t.Errorf("%s missing: controlsInForce %s, restrictionsOn %s", id, cif, ro)
			}
		}
		if !strings.Contains(ro, `{"control":{"id":"control:mofcom-2025-57"},"direct":true,"via":null}`) ||
			!strings.Contains(ro, `{"control":{"id":"control:mofcom-2025-61-de-minimis"},"direct":false,"via":{"id":"group:rare-earth-elements"}}`) {
			t.Errorf("restrictionsOn holmium: %s", ro)
		}
		if ro := js(e.do(t, `{ restrictionsOn(item: "material:holmium", asOf: "2025-12-01") { control { id } } }`)); ro != `{"restrictionsOn":[]}` {
			t.Errorf("restrictionsOn holmium during the suspension: %s", ro)
		}

		paths := js(e.do(t, `{ paths(from: "official:maros-sefcovic", to: "official:wang-wentao", k: 3) { length nodes { id } edges { type from to sources { id } } } }`))
		if !strings.Contains(paths, `"length":`) || strings.Contains(paths, `"sources":[]`) {
			t.Errorf("paths Šefčovič → Wang: %s", paths)
		}

		n := js(e.do(t, `{ neighborhood(id: "institution:mofcom", edgeTypes: [issued_by]) { truncated nodes { id } } }`))
		if !strings.Contains(n, "control:mofcom-2025-18") {
			t.Errorf("neighbourhood of MOFCOM by issued_by: %s", n)
		}
	})
}

func TestAnalystFieldsRefuseBadBounds(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for _, q := range []string{
			`{ paths(from: "material:dysprosium", to: "material:terbium", k: 11) { length } }`,
			`{ paths(from: "material:dysprosium", to: "material:terbium", maxHops: 11) { length } }`,
			`{ dependencyChain(id: "material:dysprosium", maxDepth: 11) { truncated } }`,
			`{ neighborhood(id: "material:dysprosium", limit: 100000) { truncated } }`,
		} {
			if _, code := e.errorOf(t, q); code != "INVALID_ARGUMENT" {
				t.Errorf("%s: code %s", q, code)
			}
		}
		// Edge types are an enum: an unknown one fails validation.
		if _, code := e.errorOf(t, `{ neighborhood(id: "material:dysprosium", edgeTypes: [likes]) { truncated } }`); code != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("an unknown edge type: code %s", code)
		}
		if _, code := e.errorOf(t, `{ exposure(id: "control:none") { truncated } }`); code != "NOT_FOUND" {
			t.Errorf("exposure of a missing id: code %s", code)
		}
	})
}
