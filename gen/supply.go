package gen

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// This file makes the supply chain proper: companies, the facilities they
// operate from the mine to the component plant, who owns them, where they
// are, what they take in and put out, and whom they supply.

// Stage ordinals follow kg.Stages.
const (
	sMining = iota
	sSeparation
	sMetal
	sMagnet
	sComponent
	sRecycling
	numStages
)

func init() {
	names := make([]string, len(facilityStages))
	sum := 0
	for s, st := range facilityStages {
		names[s] = st.name
		sum += st.weight
	}
	if len(names) != numStages || !slices.Equal(names, kg.Stages) || sum != 100 {
		panic("gen: facility stages do not follow kg.Stages or do not add up to 100")
	}
}

// hubCountry is the rank of the first country, China: the largest
// processor, home of most state-owned champions and of most licences.
const hubCountry = 0

// hubCompanies is how many of the first companies, which operate and own
// the most, are the hub country's state-owned groups.
const hubCompanies = 4

// stageRanges lays n facilities out by stage, in stage order: every stage
// has at least one, the rest follow the weights of facilityStages.
func stageRanges(n int) []int {
	out := make([]int, numStages+1)
	acc := 0
	for s, st := range facilityStages {
		out[s] = s + (n-numStages)*acc/100
		acc += st.weight
	}
	out[numStages] = n
	return out
}

func (p *plan) stageOf(f int) int {
	return sort.Search(numStages, func(s int) bool { return p.stageStart[s+1] > f })
}

// facilityAt draws a facility of stage s; the first of a stage are its
// large plants, which many supply.
func (p *plan) facilityAt(r *rng, s int) int {
	lo, size := p.stageStart[s], p.stageStart[s+1]-p.stageStart[s]
	return lo + r.skewed(size, 50)
}

// company is a firm of the supply chain: it operates facilities, holds
// stakes in others and export licences.
type company struct {
	name, slug, code, category, url string
	aliases                         []string
	country, sector                 int
	state, listed                   bool
}

// companyHome is the rank of company c's home country: the first draw of
// its facts, which each of its facilities asks for.
func (p *plan) companyHome(c int) int {
	r := newRNG(p.seed, streamFacts, kCompany, c)
	home := r.skewed(len(p.countries), 60)
	if c < hubCompanies {
		return hubCountry
	}
	return home
}

func (p *plan) company(c int) company {
	r := newRNG(p.seed, streamFacts, kCompany, c)
	r.next() // the draw of companyHome
	co := company{country: p.companyHome(c), sector: r.intn(len(sectors))}
	statePct := 15
	switch {
	case c < hubCompanies:
		statePct = 100
	case co.country == hubCountry:
		statePct = 50
	}
	switch x := r.intn(100); {
	case x < statePct:
		co.state, co.category = true, "state-owned"
	case x < statePct+35:
		co.listed, co.category = true, "listed"
	case x < statePct+43:
		co.category = "joint venture"
	default:
		co.category = "private"
	}
	co.name, co.slug, co.url, co.aliases = firmName(&r, sectors[co.sector], c)
	switch {
	case co.listed:
		co.code = pick(&r, exchanges) + ": " + strconv.Itoa(r.between(1000, 699_999))
	case r.chance(50): // a registry number
		co.code = p.countries[co.country].code + "-" + strconv.Itoa(r.between(10_000_000, 99_999_999))
	}
	return co
}

// facility is a plant at one stage of the supply chain.
type facility struct {
	name, slug, category string
	stage, elem          int // elem: the element it mines, refines or turns into magnets
	operator, country    int
	opened, closed       int // years; 0 when not known
}

func (p *plan) facility(f int) facility {
	r := newRNG(p.seed, streamFacts, kFacility, f)
	st := p.stageOf(f)
	fs := facilityStages[st]
	fa := facility{stage: st, operator: r.skewed(p.count[kCompany], 60)}
	switch {
	case r.chance(fs.hubPct):
		fa.country = hubCountry
	case r.chance(50): // at home
		fa.country = p.companyHome(fa.operator)
	default:
		fa.country = r.skewed(len(p.countries), 60)
	}
	if len(p.magnetElems) > 0 && (st == sMagnet || st == sComponent || r.chance(50)) {
		fa.elem = pick(&r, p.magnetElems)
	} else {
		fa.elem = r.skewed(p.elems, 60)
	}
	fa.category = pick(&r, fs.categories)
	place := pick(&r, places)
	fa.name = place + " " + titleCase(fa.category)
	fa.slug = join(vslug(place), fs.name, strconv.Itoa(f))
	switch x := r.intn(100); {
	case x < 10: // planned
		fa.opened = r.between(2026, 2030)
	case x < 85:
		oldest := 1985
		if st == sMining { // mines outlive the plants downstream
			oldest = 1955
		}
		fa.opened = r.between(oldest, 2025)
		if fa.opened <= 2022 && r.chance(10) {
			fa.closed = r.between(fa.opened+3, 2025)
		}
	}
	return fa
}

// status is what a facility's years say of it in 2025.
func (fa facility) status() string {
	switch {
	case fa.closed > 0:
		return "closed"
	case fa.opened > 2025:
		return "planned"
	}
	return "operating"
}

// rareEarth reports whether material m is, or is made of, a rare earth,
// whose amounts are counted as rare-earth oxide.
func (p *plan) rareEarth(m int) bool {
	return slices.Contains(elements[p.material(m).elem].tags, "ree")
}

// capacityUnit is the unit of a facility's capacity: tonnes of rare-earth
// oxide only for rare earths.
func (p *plan) capacityUnit(fa facility) string {
	unit := facilityStages[fa.stage].unit
	if strings.Contains(unit, "REO") && !p.rareEarth(fa.elem) {
		return "t per year"
	}
	return unit
}

// materialIn draws a derived material of one of the form categories cats,
// trying a few times; -1 when none turned up.
func (p *plan) materialIn(r *rng, cats ...string) int {
	derived := p.count[kMaterial] - p.elems
	if derived <= 0 {
		return -1
	}
	for range 24 {
		m := p.elems + r.skewed(derived, 50)
		if _, _, f := p.materialForm(m); slices.Contains(cats, materialForms[f].category) {
			return m
		}
	}
	return -1
}

// productWith draws a product of one of tiers whose noun draws on tag,
// trying a few times; -1 when none turned up.
func (p *plan) productWith(r *rng, tiers []int, tag string) int {
	for range 32 {
		t := pick(r, tiers)
		lo, size := p.tierStart[t], p.tierStart[t+1]-p.tierStart[t]
		if size == 0 {
			continue
		}
		pr := lo + r.skewed(size, 50)
		if _, _, n := p.productNoun(pr); slices.Contains(productTiers[t][n].tags, tag) {
			return pr
		}
	}
	return -1
}

// unitFor is the unit of an amount of an item: units of a product, tonnes
// of a material, tonnes of oxide of a rare earth.
func (p *plan) unitFor(kind, i int) string {
	switch {
	case kind == kProduct:
		return "units"
	case kind == kGroup || kind == kMaterial && p.rareEarth(i):
		return "t REO"
	}
	return "t"
}

// stake hands out the shares of one company or facility, in per mille,
// so that its owners never hold more than all of it.
type stake struct{ left int }

// own makes entity i of kind k an owner of the entity whose edges are
// being made, with a share from lo to hi per mille of what is left; none
// when less than lo is left.
func (p *plan) own(o *edgeOut, s *stake, k, i, lo, hi int) {
	if s.left < lo || !o.edgeIn(tOwns, k, i) {
		return
	}
	share := o.r.between(lo, min(hi, s.left))
	s.left -= share
	o.setShare(float64(share) / 1000)
	o.validity(20, 3)
	o.send()
}

// firm draws another firm: a company, or one of the firms filed as
// institutions.
func (p *plan) firm(r *rng) (kind, i int) {
	first := p.gov + p.orgs
	if firms := p.count[kInstitution] - first; firms > 0 && r.chance(40) {
		return kInstitution, first + r.skewed(firms, 60)
	}
	return kCompany, r.skewed(p.count[kCompany], 60)
}

func (p *plan) companyEdges(o *edgeOut, c int) {
	r := &o.r
	co := p.company(c)
	if o.edge(tLocatedIn, kCountry, co.country) {
		o.send()
	}
	// Owners: the state, or a group the company belongs to (one made
	// before it, so that groups form chains), and now and then a minority
	// holder.
	s := stake{left: 1000}
	switch {
	case co.state:
		p.own(o, &s, kCountry, co.country, 510, 1000)
	case c > 0 && r.chance(45):
		p.own(o, &s, kCompany, r.skewed(c, 60), 510, 1000)
	}
	if r.chance(20) {
		k, i := p.firm(r)
		p.own(o, &s, k, i, 50, 350)
	}
	licencePct := 20
	if co.country == hubCountry {
		licencePct = 60
	}
	if r.chance(licencePct) {
		p.licences(o, co.country)
	}
	sec := sectors[co.sector]
	if sec.materials && r.chance(40) { // its output as a whole, as it reports it
		for n := r.between(1, 2); n > 0; n-- {
			m := r.skewed(p.count[kMaterial], 60)
			p.flow(o, tProduces, kMaterial, m)
		}
	}
	if sec.key == "trading" { // traders buy from mines and refineries and sell on
		for n := r.pareto(1, 20); n > 0; n-- {
			k, i := p.buyer(r, r.between(sMining, sMetal))
			p.supply(o, k, i, "t")
		}
	}
}

// licences grants a company export licences under controls of its home
// country, which licenses the exporter, from after the control applies.
func (p *plan) licences(o *edgeOut, home int) {
	r := &o.r
	nc := len(p.countries)
	for n := r.between(1, 3); n > 0; n-- {
		for range 8 {
			k := r.skewed(p.count[kControl], 60)
			if p.isSuspender(k) || p.controlIssuer(k)%nc != home {
				continue
			}
			issued, effective, until := p.controlDates(k)
			since := max(issued, effective) + r.between(14, 300)
			if since <= dayEnd && (until < 0 || since <= until) && o.edge(tLicensedUnder, kControl, k) {
				o.setSince(since)
				o.send()
			}
			break
		}
	}
}

func (p *plan) facilityEdges(o *edgeOut, f int) {
	r := &o.r
	fa := p.facility(f)
	if o.edgeIn(tOperates, kCompany, fa.operator) {
		if fa.opened > 0 && fa.opened <= 2025 && r.chance(60) {
			o.setSince(day(fa.opened, 1, 1))
		}
		if fa.closed > 0 {
			o.setUntil(day(fa.closed, 12, 31))
		}
		o.send()
	}
	if o.edge(tLocatedIn, kCountry, fa.country) {
		o.send()
	}
	// Owners: now and then the state it lies in, a joint-venture partner,
	// and most often its operator, of what is left.
	s := stake{left: 1000}
	if r.chance(5) {
		p.own(o, &s, kCountry, fa.country, 100, 500)
	}
	if r.chance(20) {
		k, i := p.firm(r)
		p.own(o, &s, k, i, 100, 490)
	}
	if r.chance(60) {
		p.own(o, &s, kCompany, fa.operator, 510, 1000)
	}
	p.facilityInputs(o, fa)
	p.facilityOutputs(o, fa)
	unit := "t"
	if fa.stage == sComponent {
		unit = "units"
	}
	for n := r.pareto(1, 30); n > 0; n-- {
		k, i := p.buyer(r, fa.stage)
		p.supply(o, k, i, unit)
	}
}

// Elements the plants of some stages draw on: among the first elements,
// which every graph has.
const (
	elemCopper = 0
	elemIron   = 2
)

// Product tiers the plants of some stages make or take in.
var (
	magnetTiers    = []int{0, 1} // alloy powder and strip, magnets
	magnetTier     = []int{1}    // finished magnets
	componentTiers = []int{1, 2} // sensors, motors, generators
)

// facilityInputs links a plant to what it takes in: refineries and metal
// plants the element they process, magnet plants rare earths (with iron
// and boron), component plants magnets, recyclers scrap and worn-out parts.
func (p *plan) facilityInputs(o *edgeOut, fa facility) {
	r := &o.r
	switch fa.stage {
	case sSeparation, sMetal:
		p.flow(o, tNeeds, kMaterial, fa.elem)
	case sMagnet:
		p.flow(o, tNeeds, kMaterial, fa.elem)
		for n := r.between(1, 3); n > 0; n-- {
			p.flow(o, tNeeds, kMaterial, pick(r, p.magnetElems))
		}
		if r.chance(50) {
			p.flow(o, tNeeds, kMaterial, elemIron)
		}
	case sComponent:
		for n := r.between(1, 3); n > 0; n-- {
			p.flow(o, tNeeds, kProduct, p.productWith(r, magnetTier, "magnet"))
		}
		if r.chance(50) {
			p.flow(o, tNeeds, kMaterial, elemCopper)
		}
	case sRecycling:
		p.flow(o, tNeeds, kMaterial, p.materialIn(r, "secondary raw material"))
		if r.chance(40) {
			p.flow(o, tNeeds, kProduct, p.productWith(r, componentTiers, "magnet"))
		}
	}
}

// facilityOutputs links a plant to what it puts out: mines and refineries
// their element (and ore, concentrate or compounds), metal plants metal,
// magnet plants magnets, component plants parts, recyclers the element
// they recover.
func (p *plan) facilityOutputs(o *edgeOut, fa facility) {
	r := &o.r
	switch fa.stage {
	case sMagnet:
		for n := r.between(1, 2); n > 0; n-- {
			p.flow(o, tProduces, kProduct, p.productWith(r, magnetTiers, "magnet"))
		}
		return
	case sComponent:
		for n := r.between(1, 3); n > 0; n-- {
			if r.chance(60) {
				p.flow(o, tProduces, kProduct, p.productWith(r, componentTiers, "magnet"))
			} else {
				t := pick(r, componentTiers)
				p.flow(o, tProduces, kProduct, p.tierStart[t]+r.skewed(p.tierStart[t+1]-p.tierStart[t], 50))
			}
		}
		return
	}
	p.flow(o, tProduces, kMaterial, fa.elem)
	var forms []string
	switch fa.stage {
	case sMining:
		if p.rareEarth(fa.elem) && r.chance(40) { // mixed rare earths
			p.flow(o, tProduces, kGroup, p.tagGroup("ree"))
		}
		forms = []string{"ore", "concentrate"}
	case sSeparation:
		forms = []string{"compound"}
	default:
		forms = []string{"refined metal", "alloy"}
	}
	if r.chance(40) {
		p.flow(o, tProduces, kMaterial, p.materialIn(r, forms...))
	}
}

// flow links a firm or plant to an input (tNeeds) or an output
// (tProduces): often with a yearly amount, now and then with its share of
// the whole. Nothing is linked to an item of index -1.
func (p *plan) flow(o *edgeOut, t, kind, i int) {
	r := &o.r
	if i < 0 || !o.edge(t, kind, i) {
		return
	}
	if r.chance(50) {
		o.setQuantity(float64(r.between(1, 2000)*10), p.unitFor(kind, i))
	}
	if r.chance(15) {
		o.setShare(r.fraction(1, 400, 1000))
	}
	o.annual(40)
	o.doubt(3)
	o.send()
}

// buyer draws whom a plant of stage s supplies: mostly a plant of the next
// stage, now and then one a stage further (an integrated chain) or a firm;
// component plants sell to firms and markets, recyclers feed refineries and
// metal plants.
func (p *plan) buyer(r *rng, s int) (kind, i int) {
	x := r.intn(100)
	switch {
	case s == sRecycling:
		return kFacility, p.facilityAt(r, sSeparation+r.intn(2))
	case s == sComponent || x < 6:
		if r.chance(20) { // a country's market
			return kCountry, r.skewed(len(p.countries), 60)
		}
		return p.firm(r)
	case x < 14 && s+2 <= sComponent:
		return kFacility, p.facilityAt(r, s+2)
	}
	return kFacility, p.facilityAt(r, s+1)
}

// supply links a supplier to a buyer, with the amount of a year in unit or
// the days the contract runs.
func (p *plan) supply(o *edgeOut, kind, i int, unit string) {
	r := &o.r
	if !o.edge(tSupplies, kind, i) {
		return
	}
	if r.chance(50) {
		o.setQuantity(float64(r.between(1, 5000)*10), unit)
	}
	if r.chance(30) { // of what the buyer takes in
		o.setShare(r.fraction(50, 1000, 1000))
	}
	if r.chance(50) {
		o.annual(100)
	} else {
		o.validity(30, 8)
	}
	o.doubt(3)
	o.send()
}

// titleCase capitalises every word: "sintered magnet plant" → "Sintered
// Magnet Plant".
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return strings.Join(words, " ")
}
