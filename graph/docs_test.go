package graph_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

// docsDir holds the example operations that the docs and the playground show.
const docsDir = "../docs/queries"

// docAnswer is what an example must answer on the curated graph, "today"
// being 2025-11-20: fragments of its compact JSON answer that must be there,
// and some that must not.
type docAnswer struct {
	want, absent []string
	// trips bounds the round trips of an analyst walk (one per level, plus
	// the lookup of the start and the read of the entities reached); every
	// other operation takes exactly one.
	trips int
}

// docExpect has an entry for every file in docsDir, and only for those, so
// that an example cannot rot: each must run, in one round trip, and still
// say what it is there to show.
var docExpect = map[string]docAnswer{
	"01-material-profile.graphql": {want: []string{
		`"id":"material:dysprosium"`, `"symbol":"Dy"`, `"atomicNumber":66`,
		`"id":"group:usgs-heavy-ree"`, `"id":"group:eu-crm-hree"`, `"id":"group:eu-crma-magnet-rees"`,
		`"id":"control:mofcom-2025-18"`, `"code":"MOFCOM/GAC Announcement No. 18 [2025]"`, `"status":"IN_FORCE"`,
		`"id":"product:ndfeb-magnet"`, `"id":"product:wind-turbine-2mw"`, `"quantity":60,`, `"unit":"kg"`,
		`"publisher":"Holland`, `"id":"source:usgs-mcs-2025"`,
	}},
	"02-control-and-suspension.graphql": {want: []string{
		`"code":"MOFCOM/GAC Announcement No. 57 [2025]"`, `"effective":"2025-11-08"`,
		`"beforeEffect":"PENDING"`, `"duringSuspension":"SUSPENDED"`, `"afterSuspension":"IN_FORCE"`,
		`"id":"institution:mofcom"`, `"id":"institution:gac"`,
		`"totalCount":5}`, `"id":"material:holmium"`, `"id":"material:ytterbium"`, `"symbol":"Eu"`,
		`"id":"control:mofcom-2025-70"`, `"since":"2025-11-07"`, `"until":"2026-11-10"`,
	}},
	"03-search.graphql": {
		want: []string{
			`"search":[{"entity":{"__typename":"Official","aliases":["Maros Sefcovic"],"id":"official:maros-sefcovic"`,
			`"name":"Maroš Šefčovič"`, `"__typename":"Statement"`, `"id":"statement:sefcovic-senior-official-level"`,
		},
		absent: []string{`"kind":"EVENT"`, `"kind":"INSTITUTION"`, `"kind":"MATERIAL"`},
	},
	"04-controls-in-force.graphql": {
		want: []string{
			`"totalCount":11}`, `"hasNextPage":false`, `"id":"control:mofcom-2025-18"`, `"id":"control:mofcom-2023-23"`, `"id":"control:mofcom-2025-10"`,
			`"id":"control:mofcom-2025-70"`, `"id":"control:nl-nexperia-order-suspension"`, `"id":"institution:us-bis"`,
			`"status":"IN_FORCE"`,
		},
		absent: []string{`"SUSPENDED"`, `"PENDING"`, `"id":"control:mofcom-2025-57"`, `"id":"control:mofcom-2025-61"`},
	},
	"05-suspended-controls.graphql": {
		want: []string{
			`"totalCount":12}`, `"id":"control:mofcom-2025-57"`, `"id":"control:mofcom-2024-46-clause-2"`, `"id":"control:mofcom-2025-61"`,
			`"id":"control:nl-nexperia-order"`, `"id":"control:bis-affiliates-rule"`,
			`"id":"control:mofcom-2025-72"`, `"until":"2026-11-27"`, `"id":"control:mofcom-nexperia-exemptions"`,
			`"status":"SUSPENDED"`,
		},
		absent: []string{`"IN_FORCE"`, `"PENDING"`, `"id":"control:mofcom-2025-18"`},
	},
	"06-official-roles.graphql": {want: []string{
		`"id":"official:maros-sefcovic"`, `"id":"official:wang-wentao"`, `"role":"Minister of Commerce"`,
		`"id":"institution:european-commission"`, `"since":"2024-12-01"`, `"since":"2020-12-26"`,
		`"id":"event:sefcovic-wang-call-2025-10-21"`, `"role":"PRC Minister of Commerce"`, `"confidence":"LOW"`,
		`"id":"statement:sefcovic-senior-official-level"`,
		`"ministers":{"edges":`, `"id":"official:li-chenggang"`, `"id":"official:vincent-karremans"`, `"totalCount":3}`,
	}},
	"07-product-bill-of-materials.graphql": {want: []string{
		`"id":"product:electric-vehicle"`, `"id":"product:ev-traction-motor"`, `"id":"product:li-ion-battery"`,
		`"id":"product:ndfeb-magnet"`, `"symbol":"Nd"`, `"symbol":"Pr"`, `"symbol":"Dy"`, `"symbol":"Tb"`,
		`"id":"product:toyota-prius"`, `"id":"product:toyota-prius-motor"`, `"quantity":11.3`, `"unit":"kg Nd+Dy"`,
		`"id":"material:lanthanum"`,
	}},
	"08-conflicting-accounts.graphql": {want: []string{
		`"aliases":["Brussels talks",`, `"occurred":"2025-10-31"`, `"totalCount":5}`,
		`"id":"statement:ap-brussels-meeting"`, `"id":"statement:sefcovic-senior-official-level"`,
		`"id":"statement:politico-high-level-talks"`, `"confidence":"MEDIUM"`,
		`"id":"institution:associated-press"`, `"id":"institution:politico"`, `"publisher":"Politico (republished by DNyuz)"`,
		`"id":"official:wang-wentao"`,
	}},
	"09-eu-dependence.graphql": {want: []string{
		`"code":"EU"`, `"share":0.98`, `"share":0.9,`, `"supplier":"country:cn"`, `"confidence":"MEDIUM"`,
		`"id":"group:rare-earth-elements"`, `"id":"group:rare-earth-magnets"`,
		`"id":"source:politico-2025-11-01"`, `"published":"2025-11-01"`, `"id":"source:dw-blog-2025-07-24"`,
		`"quantity":517.8`, `"quantity":213.3`, `"unit":"EUR bn"`, `"id":"country:nl"`,
	}},
	"10-rare-earths-by-atomic-number.graphql": {
		want: []string{
			`"totalCount":17}`, `"hasNextPage":true`, `"hasPreviousPage":false`,
			`"edges":[{"cursor":`, `"id":"material:scandium"`, `"atomicNumber":21`, `"id":"material:gadolinium"`,
		},
		absent: []string{`"id":"material:terbium"`, `"id":"material:lutetium"`},
	},
	"11-generic-relations.graphql": {
		want: []string{
			`"totalCount":25}`, `"type":"issued_by"`, `"type":"part_of"`, `"type":"holds_role"`, `"direction":"IN"`,
			`"id":"institution:mofcom-bis"`, `"id":"official:wang-wentao"`, `"role":"Minister of Commerce"`,
			`"__typename":"Control"`, `"id":"control:mofcom-2025-57"`,
		},
		absent: []string{`"direction":"OUT"`, `"id":"country:cn"`},
	},
	"12-institution-overview.graphql": {want: []string{
		`"code":"MOFCOM"`, `"id":"official:wang-wentao"`, `"id":"official:li-chenggang"`, `"since":"2025-04-16"`,
		`"totalCount":22}`, `"id":"control:mofcom-2025-61"`, `"status":"PENDING"`, `"status":"SUSPENDED"`,
		`"id":"country:cn"`, `"id":"institution:mofcom-bis"`, `"id":"institution:gac"`, `"id":"institution:sasac"`, `"totalCount":3}`,
	}},
	"13-what-a-control-hits.graphql": {
		want: []string{
			`"totalCount":7}`, `"id":"material:scandium"`, `"id":"material:lutetium"`, `"id":"product:phosphors"`,
			`"id":"product:neutron-absorber"`, `"quantity":60,`,
			`"id":"product:smco-magnet"`, `"id":"product:phosphors"`,
		},
		absent: []string{`"id":"material:neodymium"`, `"id":"material:holmium"`},
	},
	"14-controls-issued-in-a-period.graphql": {
		want: []string{
			`"totalCount":11}`, `"id":"control:mofcom-nexperia-china-export-ban"`, `"issued":"2025-10-04"`,
			`"id":"control:mofcom-2025-61"`, `"effective":"2025-12-01"`, `"status":"PENDING"`, `"status":"SUSPENDED"`,
			`"id":"control:mofcom-2025-70"`, `"id":"control:mofcom-nexperia-exemptions"`,
		},
		absent: []string{`"id":"control:mofcom-2025-18"`, `"id":"control:mofcom-2025-72"`, `"id":"control:nl-nexperia-order"`},
	},
	"15-contested-figures.graphql": {want: []string{
		`"quantity":417,`, `"confidence":"LOW"`, `"id":"group:rare-earth-elements"`,
		`"id":"source:adamas-2026-f35"`,
		`"id":"statement:dod-f35-rare-earths"`, `"id":"statement:adamas-f35-rare-earths"`, `"quantity":70,`,
		`"id":"institution:adamas-intelligence"`,
	}},
	"16-exposure-of-a-control.graphql": {want: []string{
		`"status":"IN_FORCE"`, `"truncated":false`, `"id":"material:dysprosium"`, `"id":"material:yttrium"`,
		`"id":"product:smco-magnet"`, `"id":"product:ndfeb-magnet"`, `"id":"product:ev-traction-motor"`,
		`"type":"restricts"`, `"url":"https://hklaw.com/`, `"id":"country:eu"`, `"share":0.98`, `"supplier":"country:cn"`,
	}, absent: []string{`"id":"country:us"`, `"sources":[]`}, trips: 8},
	"17-dependency-chain-upstream.graphql": {want: []string{
		`"id":"material:neodymium"`, `"id":"material:dysprosium"`, `"id":"material:terbium"`,
		`"id":"control:mofcom-2025-18"`, `"id":"institution:mofcom"`, `"id":"institution:gac"`, `"type":"issued_by"`,
	}, absent: []string{`"id":"control:mofcom-2025-57"`, `"sources":[]`}, trips: 6},
	"18-paths-between-officials.graphql": {want: []string{
		`"length":2`, `"id":"event:eu-china-talks-2025-10-31"`, `"id":"event:sefcovic-wang-call-2025-10-21"`,
		`"type":"participant"`, `"confidence":"LOW"`,
	}, absent: []string{`"sources":[]`}, trips: 6},
	"19-neighborhood.graphql": {want: []string{
		`"id":"control:mofcom-2025-57"`, `"id":"control:mofcom-2025-62"`, `"type":"suspends"`,
		`"since":"2025-11-07"`, `"until":"2026-11-10"`, `"id":"institution:mofcom"`, `"id":"country:eu"`,
	}, absent: []string{`"sources":[]`}, trips: 3},
	"21-magnet-plants-exposed-to-a-control.graphql": {want: []string{
		`"status":"IN_FORCE"`, `"id":"facility:vac-horna-streda"`, `"stage":"COMPONENT"`, `"id":"country:sk"`,
		`"type":"needs"`, `"id":"company:jl-mag"`, `"type":"licensed_under"`, `"id":"company:vacuumschmelze"`,
	}, trips: 8},
	"22-plants-and-mines-behind-a-product.graphql": {want: []string{
		`"id":"facility:mp-independence"`, `"stage":"MAGNET"`, `"id":"facility:mt-weld"`, `"stage":"MINING"`,
		`"id":"facility:lynas-malaysia"`, `"stage":"SEPARATION"`, `"id":"control:mofcom-2025-18"`, `"status":"IN_FORCE"`,
		`"operatingStatus":"OPERATING"`, `"truncated":false`,
	}, trips: 8},
	"23-who-operates-a-stage-in-a-country.graphql": {want: []string{
		`"totalCount":5}`, `"id":"facility:mp-independence"`, `"id":"company:mp-materials"`, `"code":"MP"`,
		`"id":"facility:mp-10x"`, `"operatingStatus":"PLANNED"`, `"id":"facility:evac-sumter"`, `"stage":"MAGNET"`,
	}, absent: []string{`"id":"facility:neo-narva"`, `"id":"facility:jl-mag-baotou"`}},
	"24-products-exposed-and-through-which-materials.graphql": {want: []string{
		`"id":"product:ndfeb-magnet"`, `"item":{"id":"material:terbium"`, `"item":{"id":"material:dysprosium"`,
		`"item":{"id":"material:samarium"`, `"status":"IN_FORCE"`, `"truncated":false`, `"causeCount":7,`,
	}, trips: 8},
	"25-eu-critical-materials-and-their-controls.graphql": {want: []string{
		`"uncontrolled":{"edges":[`, `"id":"material:copper"`, `"id":"material:holmium"`, `"totalCount":35}`,
		`"direct":{"edges":[{"node":{"code":"MOFCOM/GAC Announcement No. 18 [2025]"`, `"id":"material:gallium"`, `"totalCount":12}`,
		`"id":"group:rare-earth-elements"`, `"id":"control:mofcom-2025-61-de-minimis"`, `"status":"PENDING"`,
	}},
	"26-how-controls-reach-an-item.graphql": {want: []string{
		`"id":"control:mofcom-2025-57"`, `"direct":true`, `"via":null`,
		`"id":"control:mofcom-2025-61-de-minimis"`, `"direct":false`, `"via":{"id":"group:rare-earth-elements"`,
	}, absent: []string{`"sources":[]`}},
	"20-controls-in-force-on-a-material.graphql": {want: []string{
		`"holmiumDuringSuspension":[]`, `"holmiumAfterSuspension":[{"effective":"2025-11-08","id":"control:mofcom-2025-57"`,
		`"dysprosium":[{"id":"control:mofcom-2025-18"`,
	}},
}

func TestDocQueries(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(docsDir, "*.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("%s has %d examples, want at least 10", docsDir, len(files))
	}
	onDisk := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		onDisk[name] = true
		if _, ok := docExpect[name]; !ok {
			t.Errorf("%s has no expectations: add it to docExpect", name)
		}
	}
	for name := range docExpect {
		if !onDisk[name] {
			t.Errorf("docExpect names %s, which is not in %s", name, docsDir)
		}
	}
	each(t, func(t *testing.T, e *env) {
		for _, f := range files {
			name := filepath.Base(f)
			t.Run(strings.TrimSuffix(name, ".graphql"), func(t *testing.T) {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				e.rec.Take()
				got := e.do(t, string(src)) // fails on any error in the answer
				exp := docExpect[name]
				if n := e.trips(); exp.trips == 0 && n != 1 || n > exp.trips && exp.trips > 0 {
					t.Errorf("round trips = %d, want %d", n, max(1, exp.trips))
				}
				mustContain(t, got, exp.want...)
				mustLack(t, got, exp.absent...)
			})
		}
	})
}

func mustLack(t *testing.T, got any, frags ...string) {
	t.Helper()
	s := js(got)
	for _, f := range frags {
		if strings.Contains(s, f) {
			t.Errorf("answer has %s, which it should not:\n%s", f, s)
		}
	}
}

// The EdgeType enum is kg's edge types, spelled alike, so that the planner
// takes its values as they are.
func TestEdgeTypeEnumIsTheModels(t *testing.T) {
	var values []string
	for _, v := range loadSchema(t).Types["EdgeType"].EnumValues {
		values = append(values, v.Name)
	}
	if !slices.Equal(values, kg.EdgeTypeNames()) {
		t.Errorf("enum EdgeType = %v, want kg.EdgeTypeNames() %v", values, kg.EdgeTypeNames())
	}
}
