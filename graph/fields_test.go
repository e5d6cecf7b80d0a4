package graph_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// A fieldCase is one operation against the curated graph ("today" is
// 2025-11-20): fragments its compact JSON answer must hold and must not
// hold, and the schema fields ("Type.field") whose answer it checks.
type fieldCase struct {
	name   string
	covers []string
	query  string
	want   []string
	absent []string
}

// total is how totalCount ends a connection in the compact answer (keys
// sort, so it comes last), so that 2 does not match 20.
func total(n int) string { return fmt.Sprintf(`"totalCount":%d}`, n) }

// runCases runs each case on every backend, in one round trip each.
func runCases(t *testing.T, cases []fieldCase) {
	t.Helper()
	each(t, func(t *testing.T, e *env) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e.rec.Take()
				got := e.do(t, c.query)
				if n := e.trips(); n != 1 {
					t.Errorf("round trips = %d, want 1", n)
				}
				mustContain(t, got, c.want...)
				mustLack(t, got, c.absent...)
			})
		}
	})
}

// relationFieldCases check every relation field of every type on data the
// curated graph holds, and every property an edge can carry.
var relationFieldCases = []fieldCase{
	// Official
	{name: "Official.roles", covers: []string{"Official.roles", "Relation.role"},
		query: `{ entity(id: "official:wang-wentao") { ... on Official { roles { totalCount edges { type direction role since until sources { id } node { id } } } } } }`,
		want: []string{total(1), `"type":"holds_role"`, `"direction":"OUT"`, `"role":"Minister of Commerce"`, `"since":"2020-12-26"`,
			`"until":null`, `"id":"source:wikiwand-wang-wentao"`, `"id":"institution:mofcom"`}},
	{name: "Official.events", covers: []string{"Official.events"},
		query: `{ entity(id: "official:maros-sefcovic") { ... on Official { events { totalCount edges { type direction role confidence node { id } } } } } }`,
		want: []string{total(2), `"type":"participant"`, `"direction":"IN"`, `"id":"event:sefcovic-wang-call-2025-10-21"`,
			`"role":"EU Commissioner for Trade and Economic Security"`, `"id":"event:eu-china-talks-2025-10-31"`, `"confidence":"LOW"`}},
	{name: "Official.statements", covers: []string{"Official.statements"},
		query: `{ entity(id: "official:maros-sefcovic") { ... on Official { statements { totalCount edges { type direction node { id } } } } } }`,
		want: []string{total(4), `"type":"said_by"`, `"direction":"IN"`, `"id":"statement:sefcovic-senior-official-level"`, `"id":"statement:eu-licence-applications-2025-10-21"`,
			`"id":"statement:sefcovic-reaffirmed-commitment"`, `"id":"statement:sefcovic-general-licences-2025-12-15"`}},

	// Institution
	{name: "Institution.officials", covers: []string{"Institution.officials"},
		query: `{ entity(id: "institution:european-commission") { ... on Institution { officials { totalCount edges { role note node { id } } } } } }`,
		want: []string{total(3), `"id":"official:ursula-von-der-leyen"`, `"role":"President of the European Commission"`,
			`"id":"official:maros-sefcovic"`, `"id":"official:olof-gill"`, `"note":"In office since 1 Dec 2019; her second College took office on 1 Dec 2024."`},
		absent: []string{`"id":"official:wang-wentao"`}},
	{name: "Institution.controlsIssued", covers: []string{"Institution.controlsIssued"},
		query: `{ entity(id: "institution:us-bis") { ... on Institution { controlsIssued { totalCount edges { type direction node { id } } } } } }`,
		want:  []string{total(2), `"type":"issued_by"`, `"direction":"IN"`, `"id":"control:bis-affiliates-rule"`, `"id":"control:bis-affiliates-rule-suspension"`}},
	{name: "Institution.parents and parts", covers: []string{"Institution.parents", "Institution.parts"},
		query: `{ entity(id: "institution:nexperia") { ... on Institution {
		  parents { totalCount edges { type direction note node { id } } }
		  parts { totalCount edges { type direction note node { id } } } } } }`,
		want: []string{`"parents":{"edges":[{"direction":"OUT","node":{"id":"institution:wingtech"},"note":"Nexperia is a subsidiary of Wingtech."`,
			`"parts":{"edges":[{"direction":"IN","node":{"id":"institution:nexperia-china"}`, `"type":"part_of"`}},
	{name: "Institution.produces (none in the data)", covers: []string{"Institution.produces"},
		query: `{ entity(id: "institution:mofcom") { ... on Institution { produces { totalCount edges { node { id } } } } } }`,
		want:  []string{`"produces":{"edges":[],"totalCount":0}`}},
	{name: "Institution.targetedBy", covers: []string{"Institution.targetedBy"},
		query: `{ entity(id: "institution:nexperia-china") { ... on Institution { targetedBy { totalCount edges { type direction confidence note node { id } } } } } }`,
		want: []string{total(2), `"type":"applies_to"`, `"direction":"IN"`, `"id":"control:mofcom-nexperia-china-export-ban"`,
			`"confidence":"MEDIUM"`, `"id":"control:mofcom-nexperia-exemptions"`}},

	// Country
	{name: "Country.institutions", covers: []string{"Country.institutions"},
		query: `{ entity(id: "country:us") { ... on Country { institutions { totalCount edges { type direction node { id } } } } } }`,
		want: []string{total(5), `"type":"part_of"`, `"direction":"IN"`, `"id":"institution:us-bis"`, `"id":"institution:usgs"`, `"id":"institution:gao"`,
			`"id":"institution:us-dod"`, `"id":"institution:white-house"`}},
	{name: "Country.produces", covers: []string{"Country.produces"},
		query: `{ entity(id: "country:cn") { ... on Country { produces { totalCount edges { since until quantity unit share confidence node { id } } } } } }`,
		want: []string{total(3), `"quantity":270000,`, `"unit":"t REO"`, `"share":0.69,`, `"since":"2024-01-01"`, `"until":"2024-12-31"`,
			`"id":"group:rare-earth-elements"`, `"id":"material:separated-rare-earths"`, `"share":0.91,`, `"id":"group:rare-earth-magnets"`}},
	{name: "Country.reserves", covers: []string{"Country.reserves", "Relation.quantity", "Relation.unit"},
		query: `{ entity(id: "country:br") { ... on Country { reserves { totalCount edges { type quantity unit note sources { id } node { id } } } } } }`,
		want: []string{total(1), `"type":"holds_reserves"`, `"quantity":21000000,`, `"unit":"t REO"`, `"id":"source:usgs-mcs-2025-data-release"`,
			`"id":"group:rare-earth-elements"`}},
	{name: "Country.dependsOn", covers: []string{"Country.dependsOn"},
		query: `{ entity(id: "country:eu") { ... on Country { dependsOn { totalCount edges { share supplier confidence node { id } } } } } }`,
		want:  []string{total(2), `"share":0.98,`, `"share":0.9,`, `"supplier":"country:cn"`, `"confidence":"MEDIUM"`, `"id":"group:rare-earth-magnets"`}},
	{name: "Country.importsFrom and exportsTo", covers: []string{"Country.importsFrom", "Country.exportsTo"},
		query: `{ entity(id: "country:eu") { ... on Country {
		  importsFrom { totalCount edges { type quantity unit share node { id } } }
		  exportsTo { totalCount edges { type quantity unit share node { id } } } } } }`,
		want: []string{`"importsFrom":{"edges":[{"node":{"id":"country:cn"},"quantity":517.8,"share":0.213,"type":"imports_from","unit":"EUR bn"}],"totalCount":1}`,
			`"exportsTo":{"edges":[{"node":{"id":"country:cn"},"quantity":213.3,"share":0.083,"type":"exports_to","unit":"EUR bn"}],"totalCount":1}`}},
	{name: "Country.memberOf and members", covers: []string{"Country.memberOf", "Country.members"},
		query: `{ nl: entity(id: "country:nl") { ... on Country { memberOf { totalCount edges { type direction node { id } } } } }
		  eu: entity(id: "country:eu") { ... on Country { members(first: 30) { totalCount edges { type direction node { id } } } } } }`,
		want: []string{`"memberOf":{"edges":[{"direction":"OUT","node":{"id":"country:eu"},"type":"member_of"}],"totalCount":1}`,
			`{"direction":"IN","node":{"id":"country:nl"},"type":"member_of"}`, `{"direction":"IN","node":{"id":"country:ee"},"type":"member_of"}`,
			`"id":"country:de"`, `"id":"country:fr"`, total(27)}},
	{name: "Country.targetedBy", covers: []string{"Country.targetedBy"},
		query: `{ entity(id: "country:us") { ... on Country { targetedBy { totalCount edges { type note node { id } } } } } }`,
		want: []string{total(3), `"type":"applies_to"`, `"id":"control:mofcom-2024-46"`, `"note":"Clause 1 targets US military end users."`,
			`"id":"control:mofcom-2024-46-clause-2"`, `"id":"control:mofcom-2025-72"`}},

	// Material
	{name: "Material.groups: the sources disagree on gadolinium", covers: []string{"Material.groups"},
		query: `{ entity(id: "material:gadolinium") { ... on Material { groups { totalCount edges { type direction sources { id } node { id } } } } } }`,
		want: []string{total(4), `"type":"in_group"`, `"direction":"OUT"`, `"id":"group:usgs-light-ree"`, `"id":"source:usgs-earth-ree-2018"`,
			`"id":"group:eu-crm-hree"`, `"id":"source:doganasostenibile-2023-03-20"`, `"id":"group:rare-earth-elements"`, `"id":"group:eu-crma-magnet-rees"`},
		absent: []string{`"id":"group:usgs-heavy-ree"`}},
	{name: "Material.controls", covers: []string{"Material.controls"},
		query: `{ entity(id: "material:gallium") { ... on Material { controls { totalCount edges { type direction note node { id } } } } } }`,
		want: []string{total(2), `"type":"restricts"`, `"direction":"IN"`, `"id":"control:mofcom-2023-23"`, `"note":"Exports need a licence."`,
			`"id":"control:mofcom-2024-46-clause-2"`}},
	{name: "Material.neededBy", covers: []string{"Material.neededBy"},
		query: `{ entity(id: "material:gallium") { ... on Material { neededBy { totalCount edges { type direction node { id } } } } } }`,
		want: []string{total(4), `"type":"needs"`, `"direction":"IN"`, `"id":"product:gaas-gan-chips"`, `"id":"product:led"`,
			`"id":"product:laser-diode"`, `"id":"product:solar-cell"`}},
	{name: "Material.producers", covers: []string{"Material.producers"},
		query: `{ entity(id: "material:separated-rare-earths") { ... on Material { producers { totalCount edges { type direction share confidence node { id } } } } } }`,
		want:  []string{total(6), `"type":"produces"`, `"direction":"IN"`, `"share":0.91,`, `"confidence":"MEDIUM"`, `"id":"country:cn"`}},

	// Group
	{name: "Group.members", covers: []string{"Group.members"},
		query: `{ entity(id: "group:eu-crm-lree") { ... on Group { members { totalCount edges { type direction node { id } } } } } }`,
		want: []string{total(5), `"type":"in_group"`, `"direction":"IN"`, `"id":"material:cerium"`, `"id":"material:lanthanum"`,
			`"id":"material:neodymium"`, `"id":"material:praseodymium"`, `"id":"material:samarium"`},
		absent: []string{`"id":"material:gadolinium"`}},
	{name: "Group.members includes groups", covers: []string{"Group.members"},
		query: `{ entity(id: "group:rare-earth-elements") { ... on Group { members(first: 50) { totalCount edges { node { id } } } } } }`,
		want:  []string{total(22), `"id":"group:usgs-light-ree"`, `"id":"group:eu-crma-magnet-rees"`, `"id":"material:lutetium"`}},
	{name: "Group.groups", covers: []string{"Group.groups"},
		query: `{ entity(id: "group:eu-crm-hree") { ... on Group { groups { totalCount edges { type direction since confidence node { id } } } } } }`,
		want: []string{total(2), `"type":"in_group"`, `"direction":"OUT"`, `"id":"group:rare-earth-elements"`, `"id":"group:eu-crma-critical"`,
			`"since":"2024-05-23"`, `"confidence":"MEDIUM"`}},
	{name: "Group.controls", covers: []string{"Group.controls"},
		query: `{ entity(id: "group:rare-earth-elements") { ... on Group { controls { totalCount edges { type direction note node { id } } } } } }`,
		want:  []string{total(3), `"type":"restricts"`, `"direction":"IN"`, `"id":"control:mofcom-2025-61-de-minimis"`, `"note":"Foreign-made items whose Chinese-origin rare-earth content is 0.1 %`}},
	{name: "Group.neededBy", covers: []string{"Group.neededBy"},
		query:  `{ entity(id: "group:rare-earth-elements") { ... on Group { neededBy { totalCount edges { quantity unit confidence node { id } } } } } }`,
		want:   []string{total(2), `"id":"product:toyota-prius"`, `"quantity":11.3,`, `"id":"product:f-35"`, `"confidence":"MEDIUM"`, `"quantity":11,`},
		absent: []string{`"id":"product:ddg-51"`, `"id":"product:virginia-class-submarine"`}},
	{name: "Group.producers", covers: []string{"Group.producers"},
		query: `{ entity(id: "group:rare-earth-elements") { ... on Group { producers { totalCount edges { type direction quantity share node { id } } } } } }`,
		want: []string{total(8), `"type":"produces"`, `"direction":"IN"`, `"id":"country:cn"`, `"quantity":270000,`, `"share":0.69,`,
			`"id":"country:mm"`, `"id":"country:ru"`}},

	// Control
	{name: "Control.issuers", covers: []string{"Control.issuers"},
		query: `{ entity(id: "control:mofcom-2025-18") { ... on Control { issuers { totalCount edges { type direction sources { id } node { id } } } } } }`,
		want:  []string{total(2), `"type":"issued_by"`, `"direction":"OUT"`, `"id":"institution:mofcom"`, `"id":"institution:gac"`, `"id":"source:hklaw-2025-04"`}},
	{name: "Control.restricts", covers: []string{"Control.restricts"},
		query: `{ entity(id: "control:mofcom-2025-18") { ... on Control { restricts { totalCount edges { type direction note node { id } } } } } }`,
		want: []string{total(8), `"type":"restricts"`, `"direction":"OUT"`, `"id":"material:dysprosium"`, `"id":"material:scandium"`,
			`"id":"product:smco-magnet"`, `"note":"Samarium-cobalt magnet materials."`}},
	{name: "Control.appliesTo", covers: []string{"Control.appliesTo"},
		query: `{ entity(id: "control:mofcom-2025-70") { ... on Control { appliesTo { totalCount edges { type direction note node { id } } } } } }`,
		want:  []string{total(1), `"type":"applies_to"`, `"direction":"OUT"`, `"id":"country:eu"`, `"note":"Politico reports China confirmed`}},
	{name: "Control.suspends", covers: []string{"Control.suspends"},
		query: `{ entity(id: "control:mofcom-2025-70") { ... on Control { suspends { totalCount edges { type direction since until node { id } } } } } }`,
		want: []string{total(10), `"type":"suspends"`, `"direction":"OUT"`, `"since":"2025-11-07"`, `"until":"2026-11-10"`, `"id":"control:mofcom-2025-61-de-minimis"`,
			`"id":"control:mofcom-2025-55"`, `"id":"control:mofcom-2025-56"`, `"id":"control:mofcom-2025-57"`,
			`"id":"control:mofcom-2025-58"`, `"id":"control:mofcom-2025-61"`, `"id":"control:mofcom-2025-62"`}},
	{name: "Control.suspendedBy, open-ended", covers: []string{"Control.suspendedBy"},
		query: `{ entity(id: "control:nl-nexperia-order") { ... on Control { suspendedBy { totalCount edges { type direction since until node { id } } } } } }`,
		want:  []string{`"suspendedBy":{"edges":[{"direction":"IN","node":{"id":"control:nl-nexperia-order-suspension"},"since":"2025-11-19","type":"suspends","until":null}],"totalCount":1}`}},

	// Product
	{name: "Product.needs", covers: []string{"Product.needs"},
		query: `{ entity(id: "product:ndfeb-magnet") { ... on Product { needs { totalCount edges { type direction note node { id } } } } } }`,
		want: []string{total(5), `"type":"needs"`, `"direction":"OUT"`, `"id":"material:neodymium"`, `"id":"material:praseodymium"`,
			`"id":"material:dysprosium"`, `"id":"material:terbium"`, `"id":"material:boron"`, `"note":"The B in NdFeB."`}},
	{name: "Product.neededBy", covers: []string{"Product.neededBy"},
		query: `{ entity(id: "product:ndfeb-magnet") { ... on Product { neededBy { totalCount edges { type direction quantity unit node { id } } } } } }`,
		want: []string{total(5), `"type":"needs"`, `"direction":"IN"`, `"id":"product:ev-traction-motor"`, `"id":"product:toyota-prius-motor"`,
			`"quantity":null,`, `"unit":null`, `"id":"product:hard-disk-drive"`}},
	{name: "Product.restrictedBy", covers: []string{"Product.restrictedBy"},
		query: `{ entity(id: "product:smco-magnet") { ... on Product { restrictedBy { totalCount edges { type direction note node { id } } } } } }`,
		want:  []string{total(1), `"type":"restricts"`, `"direction":"IN"`, `"id":"control:mofcom-2025-18"`}},
	{name: "Product.producers: the magnet plants", covers: []string{"Product.producers"},
		query: `{ entity(id: "product:ndfeb-magnet") { ... on Product { producers(first: 50) { totalCount edges { type direction node { id } } } } } }`,
		want: []string{`"type":"produces"`, `"direction":"IN"`, `"id":"facility:neo-narva"`, `"id":"facility:mp-independence"`,
			`"id":"facility:jl-mag-baotou"`}},
	{name: "Product.groups", covers: []string{"Product.groups"},
		query: `{ entity(id: "product:ndfeb-magnet") { ... on Product { groups { totalCount edges { type direction node { id } } } } } }`,
		want:  []string{`"groups":{"edges":[{"direction":"OUT","node":{"id":"group:rare-earth-magnets"},"type":"in_group"}],"totalCount":1}`}},

	// Event
	{name: "Event.participants", covers: []string{"Event.participants"},
		query: `{ entity(id: "event:sefcovic-wang-call-2025-10-21") { ... on Event { participants { totalCount edges { type direction role node { id } } } } } }`,
		want: []string{total(2), `"type":"participant"`, `"direction":"OUT"`, `"id":"official:maros-sefcovic"`,
			`"role":"EU Commissioner for Trade and Economic Security"`, `"id":"official:wang-wentao"`, `"role":"PRC Minister of Commerce"`}},
	{name: "Event.about", covers: []string{"Event.about"},
		query: `{ entity(id: "event:eu-china-talks-2025-10-31") { ... on Event { about { totalCount edges { type direction note node { id } } } } } }`,
		want: []string{total(6), `"type":"about"`, `"direction":"OUT"`, `"id":"control:mofcom-2025-18"`, `"id":"control:mofcom-2025-62"`,
			`"id":"group:semiconductors"`, `"note":"European rules on semiconductor sales were also discussed."`}},
	{name: "Event.statements", covers: []string{"Event.statements"},
		query: `{ entity(id: "event:eu-china-talks-2025-10-31") { ... on Event { statements { totalCount edges { type direction confidence node { id } } } } } }`,
		want: []string{total(5), `"type":"about"`, `"direction":"IN"`, `"id":"statement:ap-brussels-meeting"`, `"confidence":"MEDIUM"`,
			`"id":"statement:politico-high-level-talks"`, `"id":"statement:sefcovic-senior-official-level"`}},

	// Statement
	{name: "Statement.saidBy", covers: []string{"Statement.saidBy"},
		query: `{ entity(id: "statement:gill-welcomes-suspension") { ... on Statement { saidBy { totalCount edges { type direction node { id } } } } } }`,
		want:  []string{total(2), `"type":"said_by"`, `"direction":"OUT"`, `"id":"official:olof-gill"`, `"id":"institution:european-commission"`}},
	{name: "Statement.about", covers: []string{"Statement.about"},
		query: `{ entity(id: "statement:politico-eu-99-percent") { ... on Statement { about { totalCount edges { type direction quantity unit confidence node { id } } } } } }`,
		want: []string{total(2), `"type":"about"`, `"direction":"OUT"`, `"quantity":99,`, `"unit":"% of EU rare-earth supply from China"`,
			`"confidence":"LOW"`, `"id":"group:rare-earth-elements"`, `"id":"country:cn"`}},

	// Company
	{name: "Company.locatedIn and facilities", covers: []string{"Company.locatedIn", "Company.facilities", "Relation.basis"},
		query: `{ entity(id: "company:lynas") { ... on Company {
		  locatedIn { totalCount edges { type direction node { id } } }
		  facilities { totalCount edges { type direction basis node { id } } } } } }`,
		want: []string{`"locatedIn":{"edges":[{"direction":"OUT","node":{"id":"country:au"},"type":"located_in"}],"totalCount":1}`,
			`"type":"operates"`, `"id":"facility:mt-weld"`, `"id":"facility:lynas-kalgoorlie"`, `"id":"facility:lynas-malaysia"`, `"basis":null`, total(3)}},
	{name: "Company.owners and holdings", covers: []string{"Company.owners", "Company.holdings"},
		query: `{ entity(id: "company:china-northern-rare-earth") { ... on Company {
		  owners { totalCount edges { type direction node { id } } }
		  holdings { totalCount edges { type direction share node { id } } } } } }`,
		want: []string{`"owners":{"edges":[{"direction":"IN","node":{"id":"company:baogang-group"},"type":"owns"}],"totalCount":1}`,
			`{"direction":"OUT","node":{"id":"company:northern-zhaobao-magnet"},"share":0.4,"type":"owns"}`,
			`{"direction":"OUT","node":{"id":"facility:nre-baotou-huamei-smelting"},"share":1,"type":"owns"}`}},
	{name: "Company.needs and produces (none in the data)", covers: []string{"Company.needs", "Company.produces"},
		query: `{ entity(id: "company:jl-mag") { ... on Company { needs { totalCount edges { type node { id } } } produces { totalCount } } } }`,
		want: []string{`"type":"needs"`, `"id":"material:dysprosium"`, `"id":"material:terbium"`, `"id":"material:neodymium"`,
			`"id":"material:praseodymium"`, total(4), `"produces":{"totalCount":0}`}},
	{name: "Company.supplies and suppliers", covers: []string{"Company.supplies", "Company.suppliers"},
		query: `{ entity(id: "company:china-northern-rare-earth") { ... on Company {
		  supplies { totalCount edges { type direction confidence node { id } } }
		  suppliers { totalCount edges { type direction node { id } } } } } }`,
		want: []string{`"supplies":{"edges":[{"confidence":"MEDIUM","direction":"OUT","node":{"id":"facility:xiamen-tungsten-changting"},"type":"supplies"}],"totalCount":1}`,
			`"suppliers":{"edges":[{"direction":"IN","node":{"id":"facility:bayan-obo"},"type":"supplies"}],"totalCount":1}`}},
	{name: "Company.licences and targetedBy (none in the data)", covers: []string{"Company.licences", "Company.targetedBy"},
		query: `{ entity(id: "company:jl-mag") { ... on Company {
		  licences { totalCount edges { type direction since confidence node { id } } } targetedBy { totalCount } } } }`,
		want: []string{total(2), `"type":"licensed_under"`, `"direction":"OUT"`, `"since":"2025-12-02"`, `"confidence":"MEDIUM"`,
			`"id":"control:mofcom-general-licences-2025"`, `"id":"control:mofcom-2025-18"`, `"targetedBy":{"totalCount":0}`}},
	{name: "Control.licensees", covers: []string{"Control.licensees"},
		query: `{ entity(id: "control:mofcom-general-licences-2025") { ... on Control { licensees { totalCount edges { type direction since node { id } } } } } }`,
		want: []string{total(3), `"type":"licensed_under"`, `"direction":"IN"`, `"since":"2025-12-02"`, `"id":"company:jl-mag"`,
			`"id":"company:ningbo-yunsheng"`, `"id":"company:zhong-ke-san-huan"`}},
	{name: "Country.located", covers: []string{"Country.located"},
		query: `{ entity(id: "country:ee") { ... on Country { located { totalCount edges { type direction node { id } } } } } }`,
		want:  []string{total(2), `"type":"located_in"`, `"direction":"IN"`, `"id":"facility:npm-silmet"`, `"id":"facility:neo-narva"`}},

	// Facility
	{name: "Facility.locatedIn, operators and owners", covers: []string{"Facility.locatedIn", "Facility.operators", "Facility.owners"},
		query: `{ entity(id: "facility:lynas-malaysia") { ... on Facility { stage capacity capacityUnit capacityYear openedYear operatingStatus(asOf: "2025-11-20")
		  locatedIn { edges { node { id } } } operators { edges { direction node { id } } } owners { totalCount } } } }`,
		want: []string{`"stage":"SEPARATION"`, `"capacity":10500`, `"capacityUnit":"t NdPr per year"`, `"capacityYear":2023`, `"openedYear":2012`,
			`"operatingStatus":"OPERATING"`, `"locatedIn":{"edges":[{"node":{"id":"country:my"}}]}`,
			`"operators":{"edges":[{"direction":"IN","node":{"id":"company:lynas"}}]}`, `"owners":{"totalCount":0}`}},
	{name: "Facility.produces and needs", covers: []string{"Facility.produces", "Facility.needs"},
		query: `{ entity(id: "facility:lynas-malaysia") { ... on Facility { produces { totalCount edges { type node { id } } } needs { totalCount edges { type node { id } } } } } }`,
		want: []string{`"id":"material:ndpr-oxide"`, `"id":"material:dysprosium"`, `"id":"material:mixed-rare-earth-carbonate"`,
			`"id":"material:rare-earth-concentrate"`, `"type":"produces"`, `"type":"needs"`}},
	{name: "Facility.supplies and suppliers", covers: []string{"Facility.supplies", "Facility.suppliers"},
		query: `{ entity(id: "facility:mt-weld") { ... on Facility { supplies { totalCount edges { direction node { id } } } suppliers { totalCount } } } }`,
		want:  []string{total(2), `"id":"facility:lynas-kalgoorlie"`, `"id":"facility:lynas-malaysia"`, `"direction":"OUT"`, `"suppliers":{"totalCount":0}`}},

	// Entity.relations, on every kind through the interface
	{name: "relations: types and direction", covers: []string{"Entity.relations"},
		query:  `{ entity(id: "official:maros-sefcovic") { relations(types: [holds_role, participant], direction: OUT) { totalCount edges { type direction role node { id } } } } }`,
		want:   []string{total(1), `"type":"holds_role"`, `"id":"institution:european-commission"`},
		absent: []string{`"direction":"IN"`, `"type":"participant"`}},
	{name: "relations: direction IN", covers: []string{"Entity.relations"},
		query:  `{ entity(id: "official:maros-sefcovic") { relations(types: [holds_role, participant], direction: IN) { totalCount edges { type direction node { id } } } } }`,
		want:   []string{total(2), `"type":"participant"`, `"id":"event:sefcovic-wang-call-2025-10-21"`, `"id":"event:eu-china-talks-2025-10-31"`},
		absent: []string{`"direction":"OUT"`, `"type":"holds_role"`}},
	{name: "relations: both directions, every type", covers: []string{"Entity.relations"},
		query: `{ entity(id: "official:wang-wentao") { relations { totalCount edges { type direction node { id } } } } }`,
		want: []string{total(5), `"direction":"OUT","node":{"id":"institution:mofcom"},"type":"holds_role"`,
			`"direction":"IN","node":{"id":"event:sefcovic-wang-call-2025-10-21"},"type":"participant"`,
			`"direction":"IN","node":{"id":"statement:politico-high-level-talks"},"type":"about"`}},
	{name: "relations: asOf", covers: []string{"Entity.relations"},
		query: `{ entity(id: "country:cn") {
		  y2024: relations(types: [produces], asOf: "2024-06-01") { totalCount edges { node { id } } }
		  y2025: relations(types: [produces], asOf: "2025-06-01") { totalCount edges { node { id } } } } }`,
		want: []string{`"y2024":{"edges":[`, `"y2025":{"edges":[{"node":{"id":"group:rare-earth-magnets"}}`, total(3), total(2)}},
	{name: "relations: a Source has none", covers: []string{"Entity.relations"},
		query: `{ entity(id: "source:usgs-mcs-2025") { relations { totalCount edges { type } } } }`,
		want:  []string{`"relations":{"edges":[],"totalCount":0}`}},

	// Edge properties and Source fields
	{name: "every edge property", covers: []string{"Relation.since", "Relation.until", "Relation.share", "Relation.confidence",
		"Relation.supplier", "Relation.note", "Relation.sources"},
		query: `{ entity(id: "country:us") { ... on Country { dependsOn { edges {
		  cursor type direction since until role share quantity unit confidence supplier note
		  sources { id kind name url publisher published retrieved } node { id kind } } } } } }`,
		want: []string{`"since":"2024-01-01"`, `"until":"2024-12-31"`, `"role":null`, `"share":0.8,`, `"quantity":null`, `"unit":null`,
			`"confidence":"MEDIUM"`, `"supplier":"country:cn"`, `"note":"USGS MCS 2025: net import reliance of 80%`,
			`"id":"source:usgs-mcs-2025"`, `"kind":"SOURCE"`, `"url":"https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf"`,
			`"publisher":"U.S. Geological Survey"`, `"retrieved":null`, `"node":{"id":"group:rare-earth-elements","kind":"GROUP"}`}},
	{name: "Source fields", covers: []string{"Source.url", "Source.publisher", "Source.published"},
		query: `{ entity(id: "source:politico-2025-11-01") { id kind name sources { id } ... on Source { url publisher published retrieved } } }`,
		want: []string{`"kind":"SOURCE"`, `"url":"https://dnyuz.com/2025/11/01/chinas-pause-on-rare-earth-export-controls-extends-to-eu"`,
			`"publisher":"Politico (republished by DNyuz)"`, `"published":"2025-11-01"`, `"retrieved":null`, `"sources":[]`}},
	{name: "entity sources", covers: []string{"Entity.sources", "Source.language"},
		query: `{ entity(id: "control:mofcom-2025-55") { sources { id url publisher language } ... on Control { url code } } }`,
		want: []string{`{"id":"source:mofcom-2025-55","language":"zh","publisher":"Ministry of Commerce of the People's Republic of China","url":"https://mofcom.gov.cn/`,
			`{"id":"source:chemradar-2025-70","language":"en","publisher":"ChemRadar"`,
			`"code":"MOFCOM/GAC Announcement No. 55 [2025]"`}},
}

func TestRelationFields(t *testing.T) { runCases(t, relationFieldCases) }

// Relation lists keep only the edges valid on asOf; totalCount agrees.
func TestRelationEdgesAsOf(t *testing.T) {
	runCases(t, []fieldCase{
		{name: "a role not yet held",
			query: `{ entity(id: "official:li-chenggang") { ... on Official {
			  before: roles(asOf: "2025-04-15") { totalCount edges { role } }
			  first: roles(asOf: "2025-04-16") { totalCount edges { since node { id } } } } } }`,
			want: []string{`"before":{"edges":[],"totalCount":0}`,
				`"first":{"edges":[{"node":{"id":"institution:mofcom"},"since":"2025-04-16"}],"totalCount":1}`}},
		{name: "an edge that has ended",
			query: `{ entity(id: "control:mofcom-2025-70") { ... on Control {
			  last: suspends(asOf: "2026-11-10") { totalCount }
			  after: suspends(asOf: "2026-11-11") { totalCount edges { node { id } } } } } }`,
			want: []string{`"last":{"totalCount":10}`, `"after":{"edges":[],"totalCount":0}`}},
		{name: "suspendedBy after the suspension",
			query: `{ entity(id: "control:mofcom-2025-57") { ... on Control {
			  during: suspendedBy(asOf: "2025-11-20") { totalCount edges { node { id } } }
			  after: suspendedBy(asOf: "2026-11-15") { totalCount } } } }`,
			want: []string{`"during":{"edges":[{"node":{"id":"control:mofcom-2025-70"}}],"totalCount":1}`, `"after":{"totalCount":0}`}},
		{name: "a figure for one year",
			query: `{ entity(id: "country:cn") { ... on Country {
			  in2024: produces(asOf: "2024-12-31") { totalCount }
			  in2025: produces(asOf: "2025-01-01") { totalCount edges { node { id } } } } } }`,
			want:   []string{`"in2024":{"totalCount":3}`, `"id":"group:rare-earth-magnets"`, total(2)},
			absent: []string{`"id":"group:rare-earth-elements"`}},
		{name: "membership from its first day",
			query: `{ entity(id: "material:gallium") { ... on Material {
			  before: groups(asOf: "2024-05-22") { totalCount }
			  from: groups(asOf: "2024-05-23") { totalCount edges { since node { id } } } } } }`,
			want: []string{`"before":{"totalCount":0}`, `"id":"group:eu-crma-strategic"`, `"id":"group:eu-crma-critical"`, total(2)}},
		{name: "open-ended edges hold on any date",
			query: `{ entity(id: "institution:mofcom") { ... on Institution {
			  old: officials(asOf: "2021-01-01") { totalCount edges { node { id } } }
			  parents(asOf: "1999-01-01") { totalCount } } } }`,
			want:   []string{`"old":{"edges":[{"node":{"id":"official:wang-wentao"}}],"totalCount":1}`, `"parents":{"totalCount":1}`},
			absent: []string{`"id":"official:li-chenggang"`}},
		{name: "relations with asOf over two types",
			query: `{ entity(id: "country:us") {
			  y2024: relations(types: [depends_on, produces], direction: OUT, asOf: "2024-12-31") { totalCount edges { type } }
			  y2025: relations(types: [depends_on, produces], direction: OUT, asOf: "2025-01-01") { totalCount edges { type } } } }`,
			want: []string{`"y2024":{"edges":[{"type":"depends_on"},{"type":"produces"}],"totalCount":2}`, `"y2025":{"edges":[],"totalCount":0}`}},
	})
}

func TestEntityAndEntities(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.rec.Take()
		var out struct {
			Entity   *struct{ ID string }
			Entities []*struct {
				ID, Kind, Name string
			}
		}
		err := e.c.Post(`{ entity(id: "material:unobtainium") { id }
		  entities(ids: ["official:wang-wentao", "material:unobtainium", "material:terbium", "official:wang-wentao"]) { id kind name } }`, &out)
		if err != nil {
			t.Fatal(err)
		}
		if n := e.trips(); n != 1 {
			t.Errorf("round trips = %d, want 1", n)
		}
		if out.Entity != nil {
			t.Errorf("entity of an unknown id = %+v, want null", out.Entity)
		}
		var ids []string
		for _, it := range out.Entities {
			if it == nil {
				ids = append(ids, "null")
			} else {
				ids = append(ids, it.ID)
			}
		}
		if want := []string{"official:wang-wentao", "null", "material:terbium", "official:wang-wentao"}; !slices.Equal(ids, want) {
			t.Errorf("entities = %v, want %v (order kept, null for the unknown id)", ids, want)
		}
		if len(out.Entities) == 4 && out.Entities[2] != nil && (out.Entities[2].Kind != "MATERIAL" || out.Entities[2].Name != "Terbium") {
			t.Errorf("terbium = %+v", out.Entities[2])
		}
	})
}

// Every filter of every list, alone and together.
func TestListFilters(t *testing.T) {
	runCases(t, []fieldCase{
		// officials
		{name: "officials institution",
			query:  `{ officials(filter: {institution: "institution:european-commission"}) { totalCount edges { node { id } } } }`,
			want:   []string{total(3), `"id":"official:maros-sefcovic"`, `"id":"official:olof-gill"`, `"id":"official:ursula-von-der-leyen"`},
			absent: []string{`"id":"official:wang-wentao"`}},
		{name: "officials role",
			query:  `{ officials(filter: {role: "minister"}) { totalCount edges { node { id } } } }`,
			want:   []string{total(3), `"id":"official:wang-wentao"`, `"id":"official:li-chenggang"`, `"id":"official:vincent-karremans"`},
			absent: []string{`"id":"official:maros-sefcovic"`, `"id":"official:donald-trump"`}},
		{name: "officials asOf",
			query:  `{ officials(filter: {asOf: "2025-01-01"}) { totalCount edges { node { id } } } }`,
			want:   []string{total(7), `"id":"official:wang-wentao"`, `"id":"official:maros-sefcovic"`, `"id":"official:olof-gill"`, `"id":"official:ursula-von-der-leyen"`},
			absent: []string{`"id":"official:li-chenggang"`, `"id":"official:xi-jinping"`}},
		{name: "officials institution and asOf",
			query: `{ before: officials(filter: {institution: "institution:mofcom", asOf: "2025-01-01"}) { totalCount edges { node { id } } }
			  after: officials(filter: {institution: "institution:mofcom", asOf: "2025-06-01"}) { totalCount } }`,
			want: []string{`"before":{"edges":[{"node":{"id":"official:wang-wentao"}}],"totalCount":1}`, `"after":{"totalCount":2}`}},
		{name: "officials institution, role and asOf",
			query:  `{ officials(filter: {institution: "institution:mofcom", role: "vice", asOf: "2025-06-01"}) { totalCount edges { node { id } } } }`,
			want:   []string{`"officials":{"edges":[{"node":{"id":"official:li-chenggang"}}],"totalCount":1}`},
			absent: []string{`"id":"official:wang-wentao"`}},
		{name: "officials without a filter",
			query: `{ officials(first: 50) { totalCount edges { node { id } } } }`,
			want:  []string{total(10), `"id":"official:donald-trump"`, `"id":"official:xi-jinping"`, `"id":"official:jiang-qianliang"`, `"id":"official:denis-redonnet"`}},

		// institutions
		{name: "materials of a group include its sub-groups' members",
			query:  `{ materials(filter: {group: "group:eu-crma-critical"}, first: 100) { totalCount edges { node { id } } } }`,
			want:   []string{total(47), `"id":"material:copper"`, `"id":"material:europium"`, `"id":"material:dysprosium"`},
			absent: []string{`"id":"group:eu-crm-hree"`}},
		{name: "materials with no control in force: the October rare-earth controls suspended",
			query:  `{ materials(filter: {group: "group:eu-crma-critical", controlled: false, asOf: "2025-11-20"}, first: 100) { totalCount edges { node { id } } } }`,
			want:   []string{total(35), `"id":"material:copper"`, `"id":"material:holmium"`, `"id":"material:europium"`},
			absent: []string{`"id":"material:dysprosium"`, `"id":"material:gallium"`, `"id":"material:antimony"`}},
		{name: "materials with a control in force after the suspension ends",
			query:  `{ materials(filter: {group: "group:eu-crma-critical", controlled: true, asOf: "2026-12-01"}, first: 100) { totalCount edges { node { id } } } }`,
			want:   []string{total(17), `"id":"material:holmium"`, `"id":"material:dysprosium"`, `"id":"material:gallium"`, `"id":"material:tungsten"`},
			absent: []string{`"id":"material:copper"`}},
		{name: "institutions partOf a country",
			query:  `{ institutions(filter: {partOf: "country:us"}) { totalCount edges { node { id } } } }`,
			want:   []string{total(5), `"id":"institution:us-bis"`, `"id":"institution:usgs"`, `"id":"institution:gao"`, `"id":"institution:us-dod"`, `"id":"institution:white-house"`},
			absent: []string{`"id":"institution:mofcom"`}},
		{name: "institutions partOf an institution",
			query: `{ institutions(filter: {partOf: "institution:european-commission"}) { totalCount edges { node { id } } } }`,
			want:  []string{`"institutions":{"edges":[{"node":{"id":"institution:dg-trade"}},{"node":{"id":"institution:eurostat"}}],"totalCount":2}`}},
		{name: "institutions category",
			query:  `{ institutions(filter: {category: "ministry"}) { totalCount edges { node { id category } } } }`,
			want:   []string{total(3), `"id":"institution:mofcom"`, `"id":"institution:nl-ministry-economic-affairs"`, `"id":"institution:us-dod"`},
			absent: []string{`"id":"institution:mofcom-bis"`}},
		{name: "institutions partOf and category",
			query: `{ institutions(filter: {partOf: "country:cn", category: "customs authority"}) { totalCount edges { node { id } } } }`,
			want:  []string{`"institutions":{"edges":[{"node":{"id":"institution:gac"}}],"totalCount":1}`}},

		// materials
		{name: "materials group",
			query:  `{ materials(filter: {group: "group:usgs-heavy-ree"}, first: 50) { totalCount edges { node { id } } } }`,
			want:   []string{total(8), `"id":"material:yttrium"`, `"id":"material:terbium"`, `"id":"material:lutetium"`},
			absent: []string{`"id":"material:gadolinium"`, `"id":"material:europium"`}},
		{name: "materials restrictedBy",
			query: `{ materials(filter: {restrictedBy: "control:mofcom-2025-57"}) { totalCount edges { node { id } } } }`,
			want: []string{total(5), `"id":"material:holmium"`, `"id":"material:erbium"`, `"id":"material:thulium"`,
				`"id":"material:europium"`, `"id":"material:ytterbium"`}},
		{name: "materials symbol",
			query: `{ materials(filter: {symbol: "Ga"}) { totalCount edges { node { id symbol } } } }`,
			want:  []string{`"materials":{"edges":[{"node":{"id":"material:gallium","symbol":"Ga"}}],"totalCount":1}`}},
		{name: "materials category",
			query:  `{ materials(filter: {category: "graphite"}) { totalCount edges { node { id } } } }`,
			want:   []string{total(5), `"id":"material:spherical-graphite"`, `"id":"material:battery-grade-graphite"`},
			absent: []string{`"id":"material:gallium"`}},
		{name: "materials group and restrictedBy",
			query: `{ materials(filter: {group: "group:eu-crma-strategic", restrictedBy: "control:mofcom-2023-23"}) { totalCount edges { node { id } } } }`,
			want:  []string{`"materials":{"edges":[{"node":{"id":"material:gallium"}},{"node":{"id":"material:germanium"}}],"totalCount":2}`}},

		// controls
		{name: "controls issuer",
			query: `{ controls(filter: {issuer: "institution:us-bis"}) { totalCount edges { node { id } } } }`,
			want:  []string{total(2), `"id":"control:bis-affiliates-rule"`, `"id":"control:bis-affiliates-rule-suspension"`}},
		{name: "controls status PENDING",
			query:  `{ controls(filter: {status: PENDING, asOf: "2025-10-20"}, first: 50) { totalCount edges { node { id status(asOf: "2025-10-20") } } } }`,
			want:   []string{total(12), `"id":"control:mofcom-2025-57"`, `"id":"control:mofcom-2025-70"`, `"id":"control:mofcom-2025-61-de-minimis"`, `"status":"PENDING"`},
			absent: []string{`"IN_FORCE"`, `"SUSPENDED"`, `"id":"control:mofcom-2025-62"`, `"id":"control:mofcom-2025-18"`, `"id":"control:mofcom-2025-61"`}},
		{name: "controls status PENDING today",
			query: `{ controls(filter: {status: PENDING}) { totalCount edges { node { id status } } } }`,
			want:  []string{total(3), `"id":"control:mofcom-2025-61-de-minimis"`, `"id":"control:mofcom-2025-61-technology"`, `"id":"control:mofcom-general-licences-2025"`}},
		{name: "controls status IN_FORCE after the suspension",
			query: `{ controls(filter: {status: IN_FORCE, asOf: "2026-11-15"}, first: 50) { totalCount edges { node { id status(asOf: "2026-11-15") } } } }`,
			want:  []string{total(21), `"id":"control:mofcom-2025-57"`, `"id":"control:mofcom-2025-61"`, `"id":"control:mofcom-2025-10"`, `"status":"IN_FORCE"`},
			absent: []string{`"id":"control:mofcom-2025-70"`, `"id":"control:mofcom-2024-46-clause-2"`, `"id":"control:nl-nexperia-order"`,
				`"SUSPENDED"`, `"LAPSED"`}},
		{name: "controls status SUSPENDED",
			query:  `{ controls(filter: {status: SUSPENDED}, first: 50) { totalCount edges { node { id status } } } }`,
			want:   []string{total(12), `"id":"control:mofcom-2025-57"`, `"id":"control:mofcom-2025-61"`, `"id":"control:nl-nexperia-order"`, `"id":"control:bis-affiliates-rule"`},
			absent: []string{`"IN_FORCE"`, `"PENDING"`}},
		{name: "controls status LAPSED",
			query: `{ controls(filter: {status: LAPSED, asOf: "2026-12-01"}) { totalCount edges { node { id status(asOf: "2026-12-01") } } } }`,
			want: []string{total(3), `"id":"control:mofcom-2025-70"`, `"id":"control:mofcom-2025-72"`,
				`"id":"control:bis-affiliates-rule-suspension"`, `"status":"LAPSED"`},
			absent: []string{`"IN_FORCE"`}},
		{name: "controls restricts a material",
			query: `{ controls(filter: {restricts: "material:gallium"}) { totalCount edges { node { id } } } }`,
			want:  []string{total(2), `"id":"control:mofcom-2023-23"`, `"id":"control:mofcom-2024-46-clause-2"`}},
		{name: "controls restricts a group and a product",
			query: `{ g: controls(filter: {restricts: "group:rare-earth-elements"}) { totalCount edges { node { id } } }
			  p: controls(filter: {restricts: "product:smco-magnet"}) { totalCount edges { node { id } } } }`,
			want: []string{`"g":{"edges":[{"node":{"id":"control:mofcom-2025-61-de-minimis"}},{"node":{"id":"control:mofcom-2025-61-origin-items"}},{"node":{"id":"control:mofcom-2025-61-technology"}}],"totalCount":3}`,
				`"p":{"edges":[{"node":{"id":"control:mofcom-2025-18"}}],"totalCount":1}`}},
		{name: "controls issuedFrom",
			query:  `{ controls(filter: {issuedFrom: "2025-11-01"}, orderBy: {field: ISSUED}) { totalCount edges { node { id issued } } } }`,
			want:   []string{total(6), `"edges":[{"node":{"id":"control:mofcom-nexperia-exemptions","issued":"2025-11-01"}}`, `"id":"control:mofcom-general-licences-2025"`},
			absent: []string{`"issued":"2025-10-`}},
		{name: "controls issuedTo",
			query: `{ controls(filter: {issuedTo: "2023-12-31"}) { totalCount edges { node { id } } } }`,
			want:  []string{total(2), `"id":"control:mofcom-2023-23"`, `"id":"control:mofcom-2023-graphite"`}},
		{name: "controls issued on one day, both bounds inclusive",
			query: `{ controls(filter: {issuedFrom: "2025-10-09", issuedTo: "2025-10-09"}) { totalCount } }`,
			want:  []string{`"controls":{"totalCount":10}`}},
		{name: "controls category",
			query: `{ controls(filter: {category: "suspension"}) { totalCount edges { node { id } } } }`,
			want: []string{total(4), `"id":"control:mofcom-2025-70"`, `"id":"control:mofcom-2025-72"`,
				`"id":"control:nl-nexperia-order-suspension"`, `"id":"control:bis-affiliates-rule-suspension"`}},
		{name: "controls every filter at once",
			query: `{ controls(filter: {issuer: "institution:gac", status: SUSPENDED, asOf: "2025-11-20", restricts: "material:holmium",
			  issuedFrom: "2025-10-01", issuedTo: "2025-10-31", category: "export control"}) { totalCount edges { node { id } } } }`,
			want: []string{`"controls":{"edges":[{"node":{"id":"control:mofcom-2025-57"}}],"totalCount":1}`}},

		// products
		{name: "products needs a material",
			query: `{ products(filter: {needs: "material:gallium"}) { totalCount edges { node { id } } } }`,
			want:  []string{total(4), `"id":"product:gaas-gan-chips"`, `"id":"product:solar-cell"`}},
		{name: "products needs a group and a product",
			query: `{ g: products(filter: {needs: "group:rare-earth-magnets"}) { totalCount edges { node { id } } }
			  p: products(filter: {needs: "product:ndfeb-magnet"}) { totalCount edges { node { id } } } }`,
			want: []string{`"g":{"edges":[{"node":{"id":"product:appliance-motor"}},{"node":{"id":"product:passenger-car"}}],"totalCount":2}`,
				`"p":{"edges":[{"node":{"id":"product:direct-drive-wind-generator"}},{"node":{"id":"product:ev-traction-motor"}},{"node":{"id":"product:hard-disk-drive"}},{"node":{"id":"product:smartphone"}},{"node":{"id":"product:toyota-prius-motor"}}],"totalCount":5}`}},
		{name: "products category",
			query: `{ products(filter: {category: "defence"}) { totalCount edges { node { id } } } }`,
			want:  []string{total(1), `"id":"product:f-35"`}},
		{name: "products needs and category",
			query:  `{ products(filter: {needs: "material:gallium", category: "semiconductor"}) { totalCount edges { node { id } } } }`,
			want:   []string{total(3), `"id":"product:led"`},
			absent: []string{`"id":"product:solar-cell"`}},
	})
}

// A list filtered by status agrees with the status field on the same day,
// for every status on dates where the data has each.
func TestStatusFilterAgreesWithStatusField(t *testing.T) {
	dates := []string{"2023-01-01", "2025-10-20", "2025-11-20", "2026-11-15", "2026-12-01"}
	seen := map[string]bool{}
	each(t, func(t *testing.T, e *env) {
		for _, d := range dates {
			var all struct {
				Controls struct {
					Edges []struct{ Node struct{ ID, Status string } }
				}
			}
			if err := e.c.Post(`query($d: Date) { controls(first: 100) { edges { node { id status(asOf: $d) } } } }`, &all, client.Var("d", d)); err != nil {
				t.Fatal(err)
			}
			want := map[string][]string{}
			for _, it := range all.Controls.Edges {
				want[it.Node.Status] = append(want[it.Node.Status], it.Node.ID)
				seen[it.Node.Status] = true
			}
			for _, s := range []string{"PENDING", "IN_FORCE", "SUSPENDED", "LAPSED"} {
				var got struct {
					Controls struct {
						TotalCount int
						Edges      []struct{ Node struct{ ID string } }
					}
				}
				e.rec.Take()
				err := e.c.Post(`query($d: Date, $s: ControlStatus) { controls(filter: {status: $s, asOf: $d}, first: 100) { totalCount edges { node { id } } } }`,
					&got, client.Var("d", d), client.Var("s", s))
				if err != nil {
					t.Fatalf("%s on %s: %v", s, d, err)
				}
				if n := e.trips(); n != 1 {
					t.Errorf("%s on %s: round trips = %d, want 1", s, d, n)
				}
				var ids []string
				for _, it := range got.Controls.Edges {
					ids = append(ids, it.Node.ID)
				}
				if !slices.Equal(ids, want[s]) || got.Controls.TotalCount != len(want[s]) {
					t.Errorf("%s on %s: filter gives %v (total %d), status field gives %v", s, d, ids, got.Controls.TotalCount, want[s])
				}
			}
		}
	})
	for _, s := range []string{"PENDING", "IN_FORCE", "SUSPENDED", "LAPSED"} {
		if !seen[s] {
			t.Errorf("no control is %s on any of %v: pick other dates", s, dates)
		}
	}
}

// Relation lists page with first/after; a list merged from several walks
// pages in the same order as the whole list.
func TestRelationPaging(t *testing.T) {
	type page struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       *string
		}
		Edges []struct {
			Cursor string
			Type   string
			Node   struct{ ID string }
		}
	}
	each(t, func(t *testing.T, e *env) {
		fetch := func(t *testing.T, q string, first int, after *string) page {
			t.Helper()
			var out struct{ Entity map[string]page }
			e.rec.Take()
			opts := []client.Option{client.Var("first", first)}
			if after != nil {
				opts = append(opts, client.Var("after", *after))
			}
			if err := e.c.Post(q, &out, opts...); err != nil {
				t.Fatal(err)
			}
			if n := e.trips(); n != 1 {
				t.Errorf("round trips = %d, want 1", n)
			}
			return out.Entity["list"]
		}
		for _, c := range []struct{ name, q string }{
			{"one walk", `query($first: Int, $after: String) { entity(id: "control:mofcom-2025-57") { ... on Control {
			  list: restricts(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor type node { id } } } } } }`},
			{"merged walks", `query($first: Int, $after: String) { entity(id: "official:wang-wentao") {
			  list: relations(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor type node { id } } } } }`},
		} {
			t.Run(c.name, func(t *testing.T) {
				whole := fetch(t, c.q, 50, nil)
				if whole.TotalCount != len(whole.Edges) || len(whole.Edges) < 3 || whole.PageInfo.HasNextPage || whole.PageInfo.HasPreviousPage {
					t.Fatalf("whole list: %+v", whole)
				}
				p1 := fetch(t, c.q, 1, nil)
				if len(p1.Edges) != 1 || !p1.PageInfo.HasNextPage || p1.PageInfo.HasPreviousPage || p1.TotalCount != whole.TotalCount ||
					p1.PageInfo.EndCursor == nil || *p1.PageInfo.EndCursor != p1.Edges[0].Cursor || p1.Edges[0].Node.ID != whole.Edges[0].Node.ID {
					t.Fatalf("page 1: %+v", p1)
				}
				p2 := fetch(t, c.q, 1, p1.PageInfo.EndCursor)
				if len(p2.Edges) != 1 || !p2.PageInfo.HasPreviousPage || !p2.PageInfo.HasNextPage || p2.TotalCount != whole.TotalCount ||
					p2.Edges[0].Node.ID != whole.Edges[1].Node.ID || p2.Edges[0].Cursor == p1.Edges[0].Cursor {
					t.Fatalf("page 2: %+v, want %s", p2, whole.Edges[1].Node.ID)
				}
				// Page one at a time to the end: the same items in the same order.
				var ids []string
				var after *string
				for range whole.TotalCount + 1 {
					p := fetch(t, c.q, 1, after)
					for _, it := range p.Edges {
						ids = append(ids, it.Type+" "+it.Node.ID)
					}
					if !p.PageInfo.HasNextPage {
						break
					}
					after = p.PageInfo.EndCursor
				}
				var want []string
				for _, it := range whole.Edges {
					want = append(want, it.Type+" "+it.Node.ID)
				}
				if !slices.Equal(ids, want) {
					t.Errorf("paged one at a time: %v\nwhole list: %v", ids, want)
				}
				// The last page, and an empty one past the end.
				last := fetch(t, c.q, 2, &whole.Edges[len(whole.Edges)-3].Cursor)
				if len(last.Edges) != 2 || last.PageInfo.HasNextPage || !last.PageInfo.HasPreviousPage {
					t.Errorf("last page: %+v", last)
				}
				past := fetch(t, c.q, 2, &whole.Edges[len(whole.Edges)-1].Cursor)
				if len(past.Edges) != 0 || past.PageInfo.HasNextPage || past.PageInfo.StartCursor != nil || past.TotalCount != whole.TotalCount {
					t.Errorf("past the end: %+v", past)
				}
			})
		}
	})
}

// Shapes that once made the planner answer wrongly.
func TestPlannerShapes(t *testing.T) {
	runCases(t, []fieldCase{
		// The status needs the dates even when they are not selected.
		{name: "status without the dates selected",
			query: `{ entity(id: "control:mofcom-2025-57") { ... on Control { before: status(asOf: "2025-10-20") now: status } } }`,
			want:  []string{`"before":"PENDING"`, `"now":"SUSPENDED"`}},
		{name: "status of list items without the dates selected",
			query: `{ controls(filter: {issuedFrom: "2025-10-09", issuedTo: "2025-10-09"}) { edges { node { id status } } } }`,
			want:  []string{`{"id":"control:mofcom-2025-61-de-minimis","status":"PENDING"}`, `{"id":"control:mofcom-2025-61","status":"SUSPENDED"}`, `{"id":"control:mofcom-2025-57","status":"SUSPENDED"}`}},
		// Two lists that walk alike but name their inner lists differently.
		{name: "alike walks, different inner aliases",
			query: `{ entity(id: "material:dysprosium") { ... on Material {
			  a: controls { edges { node { ... on Control { i1: issuers { totalCount } } } } }
			  b: controls { edges { node { ... on Control { i2: issuers { totalCount } } } } } } } }`,
			want: []string{`"a":{"edges":[{"node":{"i1":{"totalCount":2}}}]}`, `"b":{"edges":[{"node":{"i2":{"totalCount":2}}}]}`}},
		{name: "alike walks, one inner alias on different lists",
			query: `{ entity(id: "material:dysprosium") { ... on Material {
			  a: controls { edges { node { ... on Control { x: issuers { totalCount } y: restricts { totalCount } z: issuers { totalCount } } } } }
			  b: controls { edges { node { ... on Control { x: issuers { totalCount } y: restricts { totalCount } z: restricts { totalCount } } } } } } } }`,
			want: []string{`"a":{"edges":[{"node":{"x":{"totalCount":2},"y":{"totalCount":8},"z":{"totalCount":2}}}]}`,
				`"b":{"edges":[{"node":{"x":{"totalCount":2},"y":{"totalCount":8},"z":{"totalCount":8}}}]}`}},
		// sources asked for on the interface and again, with more, on a type.
		{name: "sources on the interface and on a type",
			query: `{ entity(id: "control:mofcom-2025-55") { sources { id } ... on Control { sources { url publisher } } } }`,
			want:  []string{`{"id":"source:mofcom-2025-55","publisher":"Ministry of Commerce of the People's Republic of China","url":"https://mofcom.gov.cn/`}},
		{name: "sources of list nodes on two types",
			query: `{ entity(id: "event:eu-china-talks-2025-10-31") { ... on Event { about { edges { node {
			  ... on Group { sources { id } } ... on Control { sources { url } } } } } } } }`,
			want: []string{`{"node":{"sources":[{"id":"source:ap-independent-2025-11-04"}]}}`, `{"url":"https://www.siliconexpert.com/`}},
		// A merged list sorts by name even when name is not selected.
		{name: "merged list without names",
			query: `{ entity(id: "official:wang-wentao") { relations(first: 2) { edges { type node { id } } } } }`,
			want:  []string{`"edges":[{"node":{"id":"statement:ap-brussels-meeting"},"type":"about"},{"node":{"id":"event:eu-china-talks-2025-10-31"},"type":"participant"}]`}},
		// One fragment spread in two places.
		{name: "a fragment in two places",
			query: `query { a: entity(id: "product:ev-traction-motor") { ...Needs } b: entity(id: "product:toyota-prius-motor") { ...Needs } }
			  fragment Needs on Entity { ... on Product { needs { edges { quantity node { id ... on Product { needs { totalCount } } } } } } }`,
			want: []string{`"a":{"needs":{"edges":[{"node":{"id":"product:ndfeb-magnet","needs":{"totalCount":5}},"quantity":null}]}}`,
				`"b":{"needs":{"edges":[{"node":{"id":"material:dysprosium"},"quantity":null},{"node":{"id":"product:ndfeb-magnet","needs":{"totalCount":5}},"quantity":null},{"node":{"id":"material:neodymium"},"quantity":2}]}}`}},
	})
}

// loadSchema reads schema.graphqls.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	sdl, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	return schema
}

// schemaRelationFields lists "Type.field" for every field of an Entity type
// that returns RelationConnection!, with whether it takes asOf; relations
// is listed once, as Entity.relations.
func schemaRelationFields(t *testing.T) (map[string]bool, *ast.Schema) {
	t.Helper()
	schema := loadSchema(t)
	out := map[string]bool{}
	for _, def := range schema.Types {
		if def.Kind != ast.Object || !slices.Contains(def.Interfaces, "Entity") {
			continue
		}
		for _, f := range def.Fields {
			if f.Type.NamedType != "RelationConnection" || !f.Type.NonNull {
				continue
			}
			key := def.Name + "." + f.Name
			if f.Name == "relations" {
				key = "Entity.relations"
			}
			out[key] = f.Arguments.ForName("asOf") != nil
		}
	}
	if len(out) < 40 {
		t.Fatalf("found only %d relation fields in the schema", len(out))
	}
	return out, schema
}

// Every relation field of the schema, and every edge property, is checked
// against data by some case above.
func TestFieldCasesCoverTheSchema(t *testing.T) {
	fields, schema := schemaRelationFields(t)
	covered := map[string]bool{}
	for _, c := range relationFieldCases {
		for _, f := range c.covers {
			covered[f] = true
			typ, name, _ := strings.Cut(f, ".")
			if def := schema.Types[typ]; def == nil || def.Fields.ForName(name) == nil {
				t.Errorf("case %q covers %s, which the schema does not have", c.name, f)
			}
		}
	}
	for f := range fields {
		if !covered[f] {
			t.Errorf("no case checks %s: add one to relationFieldCases", f)
		}
	}
	for _, f := range schema.Types["Relation"].Fields {
		switch f.Name {
		case "cursor", "type", "direction", "node":
			continue // every case reads these
		}
		if !covered["Relation."+f.Name] {
			t.Errorf("no case checks the edge property Relation.%s", f.Name)
		}
	}
}

// Every relation field of every Entity type is planned: asking for it on a
// real entity of that type answers without error (an unplanned field
// answers INTERNAL "was not planned").
func TestEveryRelationFieldIsPlanned(t *testing.T) {
	fields, _ := schemaRelationFields(t)
	sample := map[string]string{
		"Official": "official:wang-wentao", "Institution": "institution:mofcom", "Country": "country:eu",
		"Material": "material:dysprosium", "Group": "group:rare-earth-elements", "Control": "control:mofcom-2025-57",
		"Product": "product:ndfeb-magnet", "Event": "event:eu-china-talks-2025-10-31",
		"Statement": "statement:ap-brussels-meeting", "Source": "source:usgs-mcs-2025",
		"Company": "company:lynas", "Facility": "facility:lynas-malaysia",
	}
	keys := make([]string, 0, len(fields))
	for f := range fields {
		if f != "Entity.relations" {
			keys = append(keys, f)
		}
	}
	slices.Sort(keys)
	each(t, func(t *testing.T, e *env) {
		for _, f := range keys {
			t.Run(f, func(t *testing.T) {
				typ, name, _ := strings.Cut(f, ".")
				id, ok := sample[typ]
				if !ok {
					t.Fatalf("no sample entity of type %s", typ)
				}
				sel := "{ totalCount pageInfo { hasNextPage endCursor } edges { cursor type direction sources { id } node { __typename id } } }"
				body := fmt.Sprintf("a: %s(first: 3) %s", name, sel)
				if fields[f] {
					body += fmt.Sprintf(" b: %s(asOf: \"2025-11-20\", first: 3) %s", name, sel)
				}
				q := fmt.Sprintf(`{ entity(id: %q) { __typename ... on %s { %s } } }`, id, typ, body)
				e.rec.Take()
				got := e.do(t, q)
				if n := e.trips(); n != 1 {
					t.Errorf("round trips = %d, want 1", n)
				}
				mustContain(t, got, fmt.Sprintf(`"__typename":%q`, typ))
			})
		}
	})
}

// Ordered lists page consistently: one page at a time gives the whole list,
// and items without the value ordered by come last, by name.
func TestListOrderPaging(t *testing.T) {
	type item struct {
		ID, Name     string
		AtomicNumber *int
		Effective    *string
	}
	type list struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    *string
		}
		Edges []struct{ Node item }
	}
	lists := []struct{ name, q, field string }{
		{"materials", `query($first: Int, $after: String, $order: OrderBy) { l: materials(orderBy: $order, first: $first, after: $after) {
		  totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id name atomicNumber } } } }`, "ATOMIC_NUMBER"},
		{"controls", `query($first: Int, $after: String, $order: OrderBy) { l: controls(orderBy: $order, first: $first, after: $after) {
		  totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id name effective } } } }`, "EFFECTIVE"},
		{"filtered materials", `query($first: Int, $after: String, $order: OrderBy) { l: materials(filter: {group: "group:eu-crma-critical"}, orderBy: $order, first: $first, after: $after) {
		  totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id name atomicNumber } } } }`, "ATOMIC_NUMBER"},
	}
	each(t, func(t *testing.T, e *env) {
		fetch := func(t *testing.T, q string, order map[string]any, first int, after *string) list {
			t.Helper()
			var out struct{ L list }
			opts := []client.Option{client.Var("first", first), client.Var("order", order)}
			if after != nil {
				opts = append(opts, client.Var("after", *after))
			}
			e.rec.Take()
			if err := e.c.Post(q, &out, opts...); err != nil {
				t.Fatal(err)
			}
			if n := e.trips(); n != 1 {
				t.Errorf("round trips = %d, want 1", n)
			}
			return out.L
		}
		for _, l := range lists {
			for _, field := range []string{"NAME", l.field} {
				for _, dir := range []string{"ASC", "DESC"} {
					t.Run(l.name+" "+field+" "+dir, func(t *testing.T) {
						order := map[string]any{"field": field, "direction": dir}
						whole := fetch(t, l.q, order, 100, nil)
						if len(whole.Edges) != whole.TotalCount || whole.PageInfo.HasNextPage {
							t.Fatalf("whole list: %d items, totalCount %d", len(whole.Edges), whole.TotalCount)
						}
						var want, got []string
						for _, it := range whole.Edges {
							want = append(want, it.Node.ID)
						}
						var after *string
						for page := 0; ; page++ {
							p := fetch(t, l.q, order, 7, after)
							if p.TotalCount != whole.TotalCount || p.PageInfo.HasPreviousPage != (page > 0) {
								t.Errorf("page %d: totalCount %d, hasPreviousPage %v", page, p.TotalCount, p.PageInfo.HasPreviousPage)
							}
							for _, it := range p.Edges {
								got = append(got, it.Node.ID)
							}
							if !p.PageInfo.HasNextPage || page > whole.TotalCount {
								break
							}
							after = p.PageInfo.EndCursor
						}
						if !slices.Equal(got, want) {
							t.Errorf("paged by 7:\n%v\nwhole list:\n%v", got, want)
						}
						// Items without the value come last, by name; the
						// others in the order asked, ties by name.
						lacks := func(it item) bool {
							return (field == "ATOMIC_NUMBER" && it.AtomicNumber == nil) || (field == "EFFECTIVE" && it.Effective == nil)
						}
						key := func(it item) string {
							switch {
							case field == "ATOMIC_NUMBER" && it.AtomicNumber != nil:
								return fmt.Sprintf("%04d", *it.AtomicNumber)
							case field == "EFFECTIVE" && it.Effective != nil:
								return *it.Effective
							}
							return it.Name
						}
						for i := 1; i < len(whole.Edges); i++ {
							a, b := whole.Edges[i-1].Node, whole.Edges[i].Node
							var ok bool
							switch {
							case lacks(a) && !lacks(b):
								ok = false
							case lacks(a) && lacks(b):
								ok = a.Name <= b.Name
							case lacks(b):
								ok = true
							case key(a) == key(b):
								ok = a.Name <= b.Name
							case dir == "ASC":
								ok = key(a) < key(b)
							default:
								ok = key(a) > key(b)
							}
							if !ok {
								t.Errorf("%s (%s) before %s (%s)", a.ID, key(a), b.ID, key(b))
							}
						}
					})
				}
			}
		}
	})
}
