package graph_test

import "testing"

// BenchmarkAnalyst measures each analyst field on the curated graph; dql/op
// counts the walk's levels, the lookup of its ends and the read of the
// entities it reached.
func BenchmarkAnalyst(b *testing.B) {
	cases := []struct{ name, query, want string }{
		{"neighborhood", `{ neighborhood(id: "institution:mofcom", depth: 2, asOf: "2025-11-20") { truncated nodes { id name } edges { from type to sources { id } } } }`, `"nodes"`},
		{"paths", `{ paths(from: "official:maros-sefcovic", to: "material:dysprosium", maxHops: 6, k: 3, asOf: "2025-11-20") { length nodes { id } edges { type sources { id } } } }`, `"length"`},
		{"paths-unconnected", `{ paths(from: "material:dysprosium", to: "material:bauxite-alumina-aluminium", maxHops: 4, k: 10, edgeTypes: [needs], asOf: "2025-11-20") { length } }`, `"paths"`},
		{"dependencyChain", `{ dependencyChain(id: "control:mofcom-2025-18", asOf: "2025-11-20") { truncated nodes { id name } edges { from type to sources { id } } } }`, `"nodes"`},
		{"exposure", `{ exposure(id: "control:mofcom-2025-18", asOf: "2025-11-20") { status restricted { entity { id } } products { distance entity { id } path { length } } parties { entity { id } via { share } } } }`, `"IN_FORCE"`},
		{"controlsInForce", `{ controlsInForce(asOf: "2025-11-20", material: "material:dysprosium") { id name } }`, `"control:mofcom-2025-18"`},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			e := newBenchEnv(b)
			e.run(b, []request{newRequest(b, c.query, nil)}, c.want)
		})
	}
}
