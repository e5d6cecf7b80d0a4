package gen

import (
	"slices"

	"github.com/chokepoint/chokepoint/kg"
)

// Edge type ordinals follow kg.EdgeTypes.
const (
	tHoldsRole = iota
	tPartOf
	tMemberOf
	tInGroup
	tIssuedBy
	tRestricts
	tSuspends
	tAppliesTo
	tNeeds
	tProduces
	tHoldsReserves
	tDependsOn
	tImportsFrom
	tExportsTo
	tParticipant
	tSaidBy
	tAbout
	tOperates
	tLocatedIn
	tOwns
	tSupplies
	tLicensedUnder
	numEdgeTypes
)

var edgeTypeNames = []string{
	"holds_role", "part_of", "member_of", "in_group", "issued_by", "restricts", "suspends", "applies_to", "needs",
	"produces", "holds_reserves", "depends_on", "imports_from", "exports_to", "participant", "said_by", "about",
	"operates", "located_in", "owns", "supplies", "licensed_under",
}

func init() {
	if !slices.Equal(kg.EdgeTypeNames(), edgeTypeNames) {
		panic("gen: edge type ordinals do not follow kg.EdgeTypes")
	}
}

// edgeOut builds the out-edges of one entity and hands each to emit. All
// edges of an entity are made together, so a repeated (type, target) is
// caught here without remembering the rest of the graph.
type edgeOut struct {
	p    *plan
	emit func(*kg.Edge) error
	err  error

	r                 rng
	fromKind, fromIdx int
	from              string
	seen              map[uint64]struct{}

	e          kg.Edge
	sources    []string
	sourceIdx  []int
	since      int // the edge's since as a day, -1 when it has none
	share, qty float64
}

func (o *edgeOut) begin(k, i int) {
	o.fromKind, o.fromIdx = k, i
	o.from = o.p.id(k, i)
	o.r = newRNG(o.p.seed, streamEdges, k, i)
	if len(o.seen) > 256 { // a hub's set: do not keep clearing its buckets
		o.seen = map[uint64]struct{}{}
	} else {
		clear(o.seen)
	}
}

// edge starts an edge to entity i of kind k. It reports false, and the edge
// is dropped, for a loop or a repeat of a (type, target) pair: Dgraph keeps
// one edge per triple.
func (o *edgeOut) edge(t, k, i int) bool {
	if !o.fresh(t, k, i, 0) {
		return false
	}
	o.e = kg.Edge{From: o.from, Type: edgeTypeNames[t], To: o.p.id(k, i), Sources: o.sources}
	return true
}

// edgeIn starts an edge from entity i of kind k to the entity whose edges
// are being made. A company or facility has one operator and few owners,
// facts of its own: they are drawn with its edges, and no other entity
// makes edges of those types, so the triple is still made once.
func (o *edgeOut) edgeIn(t, k, i int) bool {
	if !o.fresh(t, k, i, 1) {
		return false
	}
	o.e = kg.Edge{From: o.p.id(k, i), Type: edgeTypeNames[t], To: o.from, Sources: o.sources}
	return true
}

// fresh reports whether an edge of type t between the current entity and
// entity i of kind k, in direction in (1: towards the current entity), is
// neither a loop nor a repeat, and draws its sources.
func (o *edgeOut) fresh(t, k, i int, in uint64) bool {
	if o.err != nil || k == o.fromKind && i == o.fromIdx {
		return false
	}
	key := uint64(t)<<56 | in<<55 | uint64(k)<<48 | uint64(i)
	if _, dup := o.seen[key]; dup {
		return false
	}
	o.seen[key] = struct{}{}
	o.sourceIdx = o.p.sourceIndexes(&o.r, o.sourceIdx[:0])
	o.sources = o.sources[:0]
	for _, s := range o.sourceIdx {
		o.sources = append(o.sources, o.p.id(kSource, s))
	}
	o.since = -1
	return true
}

func (o *edgeOut) send() {
	if o.err == nil {
		o.datedSources()
		o.err = o.emit(&o.e)
	}
}

// datedSources keeps an edge from resting only on documents published
// before it starts to hold, which the loaders refuse: the last source
// drawn gives way to one published on or after the edge's since, or, when
// no document is that late, the edge is marked as announced ahead.
func (o *edgeOut) datedSources() {
	if o.since < 0 {
		return
	}
	for _, s := range o.sourceIdx {
		if o.p.published[s] >= o.since {
			return
		}
	}
	later := o.p.publishedFrom(o.since)
	if len(later) == 0 {
		o.e.Basis = "announced"
		return
	}
	s := later[o.r.intn(len(later))]
	if !containsInt(o.sourceIdx, s) {
		o.sourceIdx[len(o.sourceIdx)-1] = s
		o.sources[len(o.sources)-1] = o.p.id(kSource, s)
	}
}

func (o *edgeOut) setShare(v float64) { o.share = v; o.e.Share = &o.share }

func (o *edgeOut) setQuantity(v float64, unit string) {
	o.qty = v
	o.e.Quantity = &o.qty
	o.e.Unit = unit
}

func (o *edgeOut) setSince(d int) { o.e.Since, o.since = date(d), d }

func (o *edgeOut) setUntil(d int) { o.e.Until = date(d) }

// validity dates pctSince percent of edges from a day, and pctUntil percent
// to a day: relations that began or ended.
func (o *edgeOut) validity(pctSince, pctUntil int) {
	since := -1
	if o.r.chance(pctSince) {
		since = o.r.dayIn(day2015, dayEnd)
		o.setSince(since)
	}
	if o.r.chance(pctUntil) {
		o.setUntil(max(since, o.r.dayIn(day2018, dayEnd)) + o.r.between(30, 700))
	}
}

// annual makes a figure a yearly one: since 1 January, until 31 December.
func (o *edgeOut) annual(pct int) {
	if o.r.chance(pct) {
		y := o.r.between(2019, 2024)
		o.setSince(day(y, 1, 1))
		o.setUntil(day(y, 12, 31))
	}
}

// doubt marks pct percent of edges as figures the sources doubt.
func (o *edgeOut) doubt(pct int) {
	if o.r.chance(pct) {
		o.e.Confidence = pick(&o.r, kg.Confidences)
		if o.e.Confidence != "high" || o.r.chance(30) {
			o.e.Note = pick(&o.r, doubtNotes)
		}
	}
}

// edges makes the out-edges of entity i of kind k.
func (p *plan) edges(o *edgeOut, k, i int) {
	switch k {
	case kCountry:
		p.countryEdges(o, i)
	case kInstitution:
		p.institutionEdges(o, i)
	case kOfficial:
		p.officialEdges(o, i)
	case kGroup:
		if g := p.group(i); g.parent >= 0 && o.edge(tInGroup, kGroup, g.parent) {
			o.send()
		}
	case kMaterial:
		p.materialEdges(o, i)
	case kProduct:
		p.productEdges(o, i)
	case kControl:
		p.controlEdges(o, i)
	case kEvent:
		p.eventEdges(o, i)
	case kStatement:
		p.statementEdges(o, i)
	case kCompany:
		p.companyEdges(o, i)
	case kFacility:
		p.facilityEdges(o, i)
	}
}

func (p *plan) countryEdges(o *edgeOut, c int) {
	r := &o.r
	ctry := p.countries[c]
	nc, nm := len(p.countries), p.count[kMaterial]
	if pi, ok := p.countryRank[ctry.parent]; ok && o.edge(tPartOf, kCountry, pi) {
		o.send()
	}
	if ctry.eu && o.edge(tMemberOf, kCountry, p.eu) {
		o.send()
	}
	for n := r.intn(4); n > 0; n-- {
		if o.edge(tMemberOf, kInstitution, p.gov+r.skewed(p.orgs, 50)) {
			o.validity(30, 3)
			o.send()
		}
	}
	// The top producers produce a large part of all materials.
	for n := min(nm/2, 2+nm/(8*(c+1))+r.intn(4)); n > 0; n-- {
		if m := r.skewed(nm, 60); o.edge(tProduces, kMaterial, m) {
			unit := pick(r, producesUnits)
			if slices.Contains(elements[p.material(m).elem].tags, "ree") {
				unit = "t REO"
			}
			o.setQuantity(float64(r.between(1, 3000)*10), unit)
			if r.chance(40) {
				o.setShare(r.fraction(1, 900, 1000))
			}
			o.annual(60)
			o.doubt(5)
			o.send()
		}
	}
	if r.chance(20) && o.edge(tProduces, kGroup, r.zipf(p.canon)) {
		o.setQuantity(float64(r.between(1, 30000)*10), "t REO")
		o.annual(80)
		o.send()
	}
	for n := min(nm/4, 1+nm/(40*(c+1))); n > 0; n-- {
		if o.edge(tHoldsReserves, kMaterial, r.skewed(nm, 60)) {
			o.setQuantity(float64(r.between(1, 50000)*1000), "t")
			o.doubt(8)
			o.send()
		}
	}
	if r.chance(15) && o.edge(tHoldsReserves, kGroup, r.zipf(p.canon)) {
		o.setQuantity(float64(r.between(1, 44000)*1000), "t REO")
		o.send()
	}
	for n := r.pareto(2, nm/4); n > 0; n-- {
		if o.edge(tDependsOn, kMaterial, r.skewed(nm, 70)) {
			if s := r.zipf(nc); s != c {
				o.e.Supplier = p.id(kCountry, s)
			}
			o.setShare(r.fraction(50, 1000, 1000))
			o.validity(20, 5)
			o.doubt(6)
			o.send()
		}
	}
	if r.chance(20) && o.edge(tDependsOn, kGroup, r.zipf(p.canon)) {
		o.setShare(r.fraction(300, 1000, 1000))
		o.e.Supplier = p.id(kCountry, 0)
		o.send()
	}
	if r.chance(30) && o.edge(tDependsOn, kCountry, r.zipf(nc)) {
		o.validity(20, 5)
		o.send()
	}
	for _, t := range []int{tImportsFrom, tExportsTo} {
		for n := 2 + nc/(4*(c+1)) + r.intn(4); n > 0; n-- {
			if o.edge(t, kCountry, r.skewed(nc, 70)) {
				o.setQuantity(float64(r.between(1, 9000)), pick(r, tradeUnits))
				if r.chance(50) {
					o.setShare(r.fraction(1, 600, 1000))
				}
				o.annual(70)
				o.send()
			}
		}
	}
}

func (p *plan) institutionEdges(o *edgeOut, i int) {
	r := &o.r
	in := p.institution(i)
	nm := p.count[kMaterial]
	firstCompany := p.gov + p.orgs
	switch in.class {
	case instGov:
		if o.edge(tPartOf, kCountry, in.country) {
			o.send()
		}
		if in.round > 0 && r.chance(40) && o.edge(tPartOf, kInstitution, in.country) {
			o.send()
		}
		if r.chance(10) && o.edge(tMemberOf, kInstitution, p.gov+r.skewed(p.orgs, 50)) {
			o.send()
		}
		return
	case instOrg:
		if r.chance(20) && o.edge(tMemberOf, kInstitution, p.gov+r.intn(p.orgs)) {
			o.validity(30, 0)
			o.send()
		}
		return
	}
	if i > firstCompany && r.chance(35) && o.edge(tPartOf, kInstitution, firstCompany+r.skewed(i-firstCompany, 60)) {
		o.validity(15, 5)
		if r.chance(50) {
			o.setShare(r.fraction(100, 1000, 1000))
			o.e.Note = "equity held by the parent"
		}
		o.send()
	}
	if r.chance(40) && o.edge(tMemberOf, kInstitution, p.gov+r.skewed(p.orgs, 50)) {
		o.validity(20, 5)
		o.send()
	}
	sec := sectors[in.sector]
	if sec.materials {
		for n := r.pareto(1, nm/4); n > 0; n-- {
			if o.edge(tProduces, kMaterial, r.skewed(nm, 60)) {
				o.setQuantity(float64(r.between(1, 20000)), pick(r, producesUnits))
				if r.chance(20) {
					o.setShare(r.fraction(1, 300, 1000))
				}
				o.annual(40)
				o.doubt(4)
				o.send()
			}
		}
	} else {
		for n := r.pareto(2, 400); n > 0; n-- {
			t := pick(r, sec.tiers)
			lo, size := p.tierStart[t], p.tierStart[t+1]-p.tierStart[t]
			if size > 0 && o.edge(tProduces, kProduct, lo+r.skewed(size, 50)) {
				if r.chance(30) {
					o.setQuantity(float64(r.between(1, 500)*100), "units")
				}
				o.validity(20, 5)
				o.send()
			}
		}
		if r.chance(3) && o.edge(tProduces, kGroup, r.intn(p.count[kGroup])) {
			o.send()
		}
	}
	for n := r.pareto(1, 200); n > 0; n-- {
		var ok bool
		if r.chance(70) {
			ok = o.edge(tDependsOn, kMaterial, r.skewed(nm, 70))
		} else {
			ok = o.edge(tDependsOn, kProduct, r.skewed(p.tierStart[2], 50))
		}
		if !ok {
			continue
		}
		if r.chance(60) {
			if r.chance(50) {
				o.e.Supplier = p.id(kCountry, r.zipf(len(p.countries)))
			} else if s := firstCompany + r.skewed(p.count[kInstitution]-firstCompany, 60); s != i {
				o.e.Supplier = p.id(kInstitution, s)
			}
		}
		if r.chance(40) {
			o.setShare(r.fraction(10, 1000, 1000))
		}
		o.validity(15, 5)
		o.doubt(3)
		o.send()
	}
	if r.chance(5) && o.edge(tDependsOn, kGroup, r.zipf(p.canon)) {
		o.send()
	}
}

func (p *plan) officialEdges(o *edgeOut, i int) {
	r := &o.r
	of := p.official(i)
	nc := len(p.countries)
	firstCompany := p.gov + p.orgs
	n := 1
	if r.chance(25) {
		n++
	}
	if r.chance(10) {
		n++
	}
	end := -1 // start of the role after this one
	for j := range n {
		var ok bool
		var roles []string
		switch x := r.intn(100); {
		case x < 65 && of.country < p.gov:
			rounds := (p.gov - of.country + nc - 1) / nc
			ok, roles = o.edge(tHoldsRole, kInstitution, of.country+nc*r.zipf(rounds)), govRoles
		case x < 88:
			ok, roles = o.edge(tHoldsRole, kInstitution, firstCompany+r.skewed(p.count[kInstitution]-firstCompany, 50)), companyRoles
		default:
			ok, roles = o.edge(tHoldsRole, kCountry, of.country), countryRoles
		}
		if !ok {
			continue
		}
		o.e.Role = pick(r, roles)
		if j == 0 { // the current role
			since := r.dayIn(day2018, dayEnd)
			if r.chance(85) {
				o.setSince(since)
			}
			end = since
			if r.chance(10) { // ended recently
				o.setUntil(min(dayEnd, since+r.between(60, 900)))
			}
		} else { // an earlier role, ended before the next began
			until := end - r.between(1, 400)
			since := until - r.between(200, 2500)
			o.setSince(since)
			o.setUntil(until)
			end = since
		}
		o.send()
	}
}

// tagGroup is the canonical group of the elements with a tag, or -1.
func (p *plan) tagGroup(tag string) int {
	for g := range p.canon {
		if canonicalGroups[g].tag == tag {
			return g
		}
	}
	return -1
}

func (p *plan) materialEdges(o *edgeOut, m int) {
	r := &o.r
	mat := p.material(m)
	el := elements[mat.elem]
	generated := p.count[kGroup] - p.canon
	if mat.form < 0 {
		for g := range p.canon {
			if slices.Contains(el.tags, canonicalGroups[g].tag) && o.edge(tInGroup, kGroup, g) {
				if r.chance(10) {
					o.setSince(r.dayIn(day2015, dayEnd))
				}
				o.send()
			}
		}
		if generated > 0 {
			for n := r.between(0, 3); n > 0; n-- {
				if o.edge(tInGroup, kGroup, p.canon+r.skewed(generated, 50)) {
					o.send()
				}
			}
		}
		return
	}
	if g := p.tagGroup(el.tags[0]); g >= 0 && r.chance(50) && o.edge(tInGroup, kGroup, g) {
		o.send()
	}
	if generated > 0 && r.chance(40) && o.edge(tInGroup, kGroup, p.canon+r.skewed(generated, 50)) {
		o.validity(10, 5)
		o.send()
	}
}

// tagElements lists the elements that carry a tag.
func (p *plan) tagElements(tags []string) []int {
	var out []int
	for e := range p.elems {
		for _, t := range tags {
			if slices.Contains(elements[e].tags, t) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

func (p *plan) productEdges(o *edgeOut, i int) {
	r := &o.r
	pr := p.product(i)
	noun := productTiers[pr.tier][pr.noun]
	nm := p.count[kMaterial]
	needsMaterial := func(m int) {
		if !o.edge(tNeeds, kMaterial, m) {
			return
		}
		if r.chance(60) {
			o.setQuantity(float64(r.between(1, 20000))/10, pick(r, needsUnits[:3]))
		}
		if r.chance(25) {
			o.setShare(r.fraction(1, 500, 1000))
		}
		o.validity(15, 5)
		o.doubt(4)
		if o.e.Note == "" && r.chance(4) {
			o.e.Note = pick(r, needsNotes[:3])
		}
		o.send()
	}
	needsProduct := func(t, rank int, note string) {
		lo, size := p.tierStart[t], p.tierStart[t+1]-p.tierStart[t]
		if size == 0 {
			return
		}
		if rank < 0 || rank >= size {
			rank = r.skewed(size, 60)
		}
		if !o.edge(tNeeds, kProduct, lo+rank) {
			return
		}
		if r.chance(60) {
			o.setQuantity(float64(r.between(1, 64)), "units")
		}
		o.validity(15, 5)
		o.e.Note = note
		o.send()
	}
	relevant := p.elementsFor(pr.tier, pr.noun, noun.tags)
	rank := i - p.tierStart[pr.tier]
	if pr.tier == 0 {
		n := r.pareto(4, 40)
		for j := range n {
			if j < 2 && len(relevant) > 0 {
				needsMaterial(pick(r, relevant))
			} else {
				needsMaterial(r.skewed(nm, 75))
			}
		}
	} else {
		if rank < hubProducts { // hubs need the hub of the same rank below
			needsProduct(pr.tier-1, rank, "")
		}
		for n := r.pareto(2, 60); n > 0; n-- {
			needsProduct(pr.tier-1, -1, "")
		}
		if pr.tier >= 2 && r.chance(50) {
			needsProduct(pr.tier-2-r.intn(pr.tier-1), -1, "")
		}
		if r.chance(70) {
			for n := r.pareto(1, 8); n > 0; n-- {
				if len(relevant) > 0 && r.chance(50) {
					needsMaterial(pick(r, relevant))
				} else {
					needsMaterial(r.skewed(nm, 75))
				}
			}
		}
	}
	// Some products need a product of a higher tier: tooling and recycled
	// feedstock. When a hub needs the hub of its rank above, which needs it
	// in turn, the supply chain has a cycle.
	if pr.tier+1 < len(productTiers) {
		switch {
		case rank < hubProducts && r.chance(50):
			needsProduct(pr.tier+1, rank, pick(r, needsNotes[3:]))
		case r.chance(1):
			needsProduct(pr.tier+1, -1, pick(r, needsNotes[3:]))
		}
	}
	if r.chance(4) {
		if g := p.tagGroup(noun.tags[0]); g >= 0 && o.edge(tNeeds, kGroup, g) {
			o.setShare(r.fraction(1, 300, 1000))
			o.send()
		}
	}
	if r.chance(20) && o.edge(tInGroup, kGroup, r.skewed(p.count[kGroup], 50)) {
		o.send()
	}
}

// hubProducts is how many products at the top of each tier are hubs that
// need each other across tiers.
const hubProducts = 8

// elementsFor caches the elements a product noun draws on.
func (p *plan) elementsFor(tier, noun int, tags []string) []int {
	key := tier<<8 | noun
	if els, ok := p.nounElements[key]; ok {
		return els
	}
	els := p.tagElements(tags)
	p.nounElements[key] = els
	return els
}

func (p *plan) controlEdges(o *edgeOut, k int) {
	r := &o.r
	c := p.control(k)
	nm, ng := p.count[kMaterial], p.count[kGroup]
	firstCompany := p.gov + p.orgs
	companies := p.count[kInstitution] - firstCompany
	start := max(c.issued, c.effective)
	if o.edge(tIssuedBy, kInstitution, c.issuer) {
		o.send()
	}
	if c.coIssuer >= 0 && o.edge(tIssuedBy, kInstitution, c.coIssuer) {
		o.send()
	}
	if c.suspender {
		s := p.suspension(k)
		for _, t := range s.targets {
			if o.edge(tSuspends, kControl, t) {
				o.setSince(s.since)
				if s.until >= 0 {
					o.setUntil(s.until)
				}
				o.send()
			}
		}
		return
	}
	restrict := func(kind, i int) {
		if !o.edge(tRestricts, kind, i) {
			return
		}
		if r.chance(15) {
			o.e.Note = pick(r, restrictNotes)
		}
		if r.chance(6) { // an item added by a later amendment
			o.setSince(start + r.between(30, 400))
		}
		o.doubt(2)
		o.send()
	}
	restrict(kMaterial, c.topic)
	if k < 3 { // sweeping controls: a large share of all materials and groups
		for n := max(50, nm/5); n > 0; n-- {
			restrict(kMaterial, r.intn(nm))
		}
		for n := max(5, ng/3); n > 0; n-- {
			restrict(kGroup, r.intn(ng))
		}
	} else {
		for n := r.pareto(3, 300) - 1; n > 0; n-- {
			switch x := r.intn(100); {
			case x < 75:
				restrict(kMaterial, r.skewed(nm, 60))
			case x < 90:
				restrict(kGroup, r.skewed(ng, 60))
			default:
				restrict(kProduct, r.skewed(p.tierStart[2], 60))
			}
		}
	}
	applies := func(kind, i int) {
		if o.edge(tAppliesTo, kind, i) {
			if r.chance(10) {
				o.setSince(start + r.between(0, 200))
			}
			o.send()
		}
	}
	if k >= 3 && k < 6 { // entity lists: many companies
		for n := max(20, (companies+p.count[kCompany])/50); n > 0; n-- {
			if r.chance(50) {
				applies(kCompany, r.intn(p.count[kCompany]))
			} else {
				applies(kInstitution, firstCompany+r.intn(companies))
			}
		}
		return
	}
	n := 0
	switch x := r.intn(10); {
	case x < 5:
		n = 1
	case x < 7:
		n = r.between(2, 3)
	}
	issuerCountry := c.issuer % len(p.countries)
	for ; n > 0; n-- {
		switch x := r.intn(100); {
		case x < 50:
			if t := r.skewed(len(p.countries), 60); t != issuerCountry {
				applies(kCountry, t)
			}
		case x < 85:
			applies(p.firm(r))
		default:
			applies(kProduct, r.skewed(p.tierStart[3], 50))
		}
	}
}

func (p *plan) eventEdges(o *edgeOut, e int) {
	r := &o.r
	ev := p.event(e)
	participant := func(kind, i int) {
		if o.edge(tParticipant, kind, i) {
			if r.chance(30) {
				o.e.Role = pick(r, eventRoles)
			}
			o.send()
		}
	}
	// The countries, officials and institution its name mentions took part.
	participant(kCountry, ev.c1)
	participant(kCountry, ev.c2)
	participant(kOfficial, ev.o1)
	participant(kOfficial, ev.o2)
	participant(kInstitution, ev.inst)
	for n := r.pareto(2, 40) - 2; n > 0; n-- {
		switch x := r.intn(10); {
		case x < 5:
			participant(kOfficial, r.skewed(p.count[kOfficial], 40))
		case x < 7:
			participant(kInstitution, r.skewed(p.count[kInstitution], 50))
		case x < 8:
			participant(kCompany, r.skewed(p.count[kCompany], 50))
		default:
			participant(kCountry, r.skewed(len(p.countries), 60))
		}
	}
	p.about(o, ev.elem, kEvent)
}

func (p *plan) statementEdges(o *edgeOut, s int) {
	st := p.statement(s)
	kind := [...]int{byOfficial: kOfficial, byInstitution: kInstitution, byCountry: kCountry, byCompany: kCompany}[st.speakerKind]
	if o.edge(tSaidBy, kind, st.speaker) {
		o.send()
	}
	p.about(o, st.elem, kStatement)
}

// about links an event or a statement to what it concerns: its material,
// then controls, events, other statements and more.
func (p *plan) about(o *edgeOut, elem, from int) {
	r := &o.r
	if o.edge(tAbout, kMaterial, elem) {
		if from == kStatement && r.chance(15) {
			o.setQuantity(float64(r.between(1, 900)*100), "t")
		}
		o.send()
	}
	for n := r.between(0, 2) + boolInt(r.chance(40)); n > 0; n-- {
		var kind, i int
		switch x := r.intn(100); {
		case x < 45:
			kind, i = kControl, r.skewed(p.count[kControl], 60)
		case x < 65:
			kind, i = kEvent, r.skewed(p.count[kEvent], 40)
		case x < 72:
			kind, i = kStatement, r.skewed(p.count[kStatement], 40)
		case x < 80:
			kind, i = kProduct, r.skewed(p.count[kProduct], 60)
		case x < 86:
			kind, i = kGroup, r.skewed(p.count[kGroup], 60)
		case x < 92:
			kind, i = kCountry, r.skewed(len(p.countries), 60)
		case x < 96:
			kind, i = kInstitution, r.skewed(p.count[kInstitution], 60)
		default:
			kind, i = kOfficial, r.skewed(p.count[kOfficial], 60)
		}
		if o.edge(tAbout, kind, i) {
			o.send()
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
