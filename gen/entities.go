package gen

import (
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// entity fills e with entity i of kind k. Attributes are set only where the
// kind allows them (kg.KindAttrs); every kind but Source cites sources.
func (p *plan) entity(e *kg.Entity, k, i int) {
	prefix := kg.Kinds[k].IDPrefix()
	e.Kind = kg.Kinds[k]
	e.Aliases = e.Aliases[:0]
	e.Sources = e.Sources[:0]
	e.Description = ""
	e.Pos = kg.Pos{}
	clear(e.Attrs)
	r := newRNG(p.seed, streamEntity, k, i)
	set := func(a kg.Attr, v string) {
		if v != "" {
			e.Attrs[a] = v
		}
	}
	setDay := func(a kg.Attr, d int) {
		if d >= 0 {
			e.Attrs[a] = date(d)
		}
	}
	elem := func() string { return lowerFirst(elements[r.skewed(p.elems, 60)].name) }
	describe := func(pct int, s string) {
		if r.chance(pct) {
			e.Description = s
		}
	}
	switch k {
	case kCountry:
		c := p.countries[i]
		e.ID, e.Name = prefix+strings.ToLower(c.code), c.name
		e.Aliases = append(e.Aliases, c.aliases...)
		set(kg.AttrCode, c.code)
		if c.union {
			set(kg.AttrCategory, "union")
		} else {
			set(kg.AttrCategory, "country")
		}
		describe(50, c.name+": "+pick(&r, countryPhrases)+" "+elem()+" and "+elem()+".")
	case kInstitution:
		in := p.institution(i)
		e.ID, e.Name = prefix+in.slug, in.name
		e.Aliases = append(e.Aliases, in.aliases...)
		set(kg.AttrCode, in.code)
		set(kg.AttrCategory, in.category)
		if in.class != instCompany || r.chance(60) {
			set(kg.AttrURL, in.url)
		}
		switch in.class {
		case instGov:
			describe(40, "Government body of "+p.countries[in.country].ofName+" with a say in trade in "+elem()+" and "+elem()+".")
		case instOrg:
			describe(40, upperFirst(in.category)+" of governments and companies working on "+elem()+" supply.")
		default:
			describe(40, upperFirst(in.category)+" based in "+p.countries[in.country].ofName+", active in "+elem()+" and "+elem()+".")
		}
	case kOfficial:
		o := p.official(i)
		e.ID, e.Name = prefix+o.slug, o.name
		if r.chance(25) {
			if o.familyFirst { // as western media write it
				e.Aliases = append(e.Aliases, o.first+" "+o.last)
			} else {
				e.Aliases = append(e.Aliases, string([]rune(o.first)[0])+". "+o.last)
			}
		}
		describe(40, "Official of "+p.countries[o.country].ofName+" who works on "+elem()+" supply and trade policy.")
	case kGroup:
		g := p.group(i)
		e.ID, e.Name = prefix+g.slug, g.name
		e.Aliases = append(e.Aliases, g.aliases...)
		set(kg.AttrCategory, g.category)
		set(kg.AttrURL, g.url)
		describe(40, "Materials listed as "+g.category+"; includes "+elem()+" and "+elem()+".")
	case kMaterial:
		m := p.material(i)
		e.ID, e.Name = prefix+m.slug, m.name
		el := elements[m.elem]
		set(kg.AttrCategory, m.category)
		if m.form < 0 {
			if el.symbol != "" {
				e.Aliases = append(e.Aliases, el.symbol)
				set(kg.AttrSymbol, el.symbol)
			}
			if el.z > 0 {
				set(kg.AttrAtomicNumber, strconv.Itoa(el.z))
			}
			describe(60, upperFirst(el.category)+"; used in "+pick(&r, pick(&r, productTiers[1:3])).name+"s.")
		} else {
			if el.symbol != "" && r.chance(15) {
				e.Aliases = append(e.Aliases, el.symbol+" "+materialForms[m.form].name)
			}
			describe(40, upperFirst(m.category)+" of "+lowerFirst(el.name)+", an input to "+pick(&r, productTiers[0]).name+".")
		}
	case kProduct:
		pr := p.product(i)
		e.ID, e.Name = prefix+pr.slug, pr.name
		set(kg.AttrCategory, pr.category)
		if pr.model != "" && r.chance(50) {
			e.Aliases = append(e.Aliases, pr.model)
		}
		describe(40, upperFirst(pr.category)+" product at tier "+strconv.Itoa(pr.tier)+" of its supply chain; needs "+elem()+".")
	case kControl:
		c := p.control(i)
		e.ID, e.Name = prefix+c.slug, c.name
		e.Aliases = append(e.Aliases, c.aliases...)
		set(kg.AttrCode, c.code)
		set(kg.AttrCategory, c.category)
		set(kg.AttrURL, c.url)
		setDay(kg.AttrIssued, c.issued)
		setDay(kg.AttrEffective, c.effective)
		setDay(kg.AttrUntil, c.until)
		topic := lowerFirst(elements[c.topic].name)
		if c.suspender {
			describe(50, "Suspends earlier measures on "+topic+" for a limited period.")
		} else {
			describe(50, "Requires a licence for exports of "+topic+" items and related technologies.")
		}
	case kEvent:
		ev := p.event(i)
		e.ID, e.Name = prefix+ev.slug, ev.name
		set(kg.AttrCategory, ev.category)
		setDay(kg.AttrOccurred, ev.occurred)
		setDay(kg.AttrEnded, ev.ended)
		describe(40, upperFirst(ev.category)+" involving "+p.countries[ev.c1].name+" and "+p.countries[ev.c2].name+"; "+lowerFirst(elements[ev.elem].name)+" was on the agenda.")
	case kStatement:
		st := p.statement(i)
		e.ID, e.Name = prefix+st.slug, st.name
		set(kg.AttrText, st.text)
		setDay(kg.AttrOccurred, st.occurred)
		describe(20, "Quoted in the press; the wording is reported, not official.")
	case kCompany:
		co := p.company(i)
		e.ID, e.Name = prefix+co.slug, co.name
		e.Aliases = append(e.Aliases, co.aliases...)
		set(kg.AttrCode, co.code)
		set(kg.AttrCategory, co.category)
		if r.chance(60) {
			set(kg.AttrURL, co.url)
		}
		describe(40, upperFirst(sectors[co.sector].category)+" based in "+p.countries[co.country].ofName+", working with "+
			elem()+" and "+elem()+".")
	case kFacility:
		p.facilityEntity(e, &r, i)
	case kSource:
		s := p.source(i)
		e.ID, e.Name = prefix+s.slug, s.name
		set(kg.AttrURL, s.url)
		set(kg.AttrPublisher, s.publisher)
		setDay(kg.AttrPublished, s.published)
		setDay(kg.AttrRetrieved, s.retrieved)
		return
	}
	e.Sources = p.sources(&r, e.Sources)
}

var countryPhrases = []string{"producer of", "importer of", "processor of", "holds reserves of", "large consumer of"}

// sources draws one to three distinct sources; a few sources are cited by
// very many records.
func (p *plan) sources(r *rng, dst []string) []string {
	var buf [3]int
	for _, s := range p.sourceIndexes(r, buf[:0]) {
		dst = append(dst, p.id(kSource, s))
	}
	return dst
}

// sourceIndexes draws the sources of a record as indexes.
func (p *plan) sourceIndexes(r *rng, picked []int) []int {
	n := 1
	switch x := r.intn(20); {
	case x < 2:
		n = 3
	case x < 7:
		n = 2
	}
	for range n {
		if s := r.skewed(p.count[kSource], 70); !containsInt(picked, s) {
			picked = append(picked, s)
		}
	}
	return picked
}

// facilityEntity fills the record of facility f: its stage, the years it
// opened and closed, the status its source reports where no year says it,
// and often its capacity.
func (p *plan) facilityEntity(e *kg.Entity, r *rng, f int) {
	fa := p.facility(f)
	fs := facilityStages[fa.stage]
	e.ID, e.Name = kg.Facility.IDPrefix()+fa.slug, fa.name
	e.Attrs[kg.AttrStage] = fs.name
	e.Attrs[kg.AttrCategory] = fa.category
	year := func(a kg.Attr, y int) {
		if y > 0 {
			e.Attrs[a] = strconv.Itoa(y)
		}
	}
	year(kg.AttrOpenedYear, fa.opened)
	year(kg.AttrClosedYear, fa.closed)
	switch {
	case fa.opened == 0:
		e.Attrs[kg.AttrStatus] = pick(r, reportedStatuses)
	case r.chance(30):
		e.Attrs[kg.AttrStatus] = fa.status()
	}
	if r.chance(70) {
		e.Attrs[kg.AttrCapacity] = strconv.Itoa(r.between(fs.capLo/50, fs.capHi/50) * 50)
		e.Attrs[kg.AttrCapacityUnit] = p.capacityUnit(fa)
		if r.chance(60) {
			year(kg.AttrCapacityYear, r.between(max(fa.opened, 2018), max(fa.opened, 2025)))
		}
	}
	operator := p.company(fa.operator)
	if r.chance(25) {
		e.Attrs[kg.AttrURL] = operator.url + "sites/" + fa.slug
	}
	if r.chance(40) {
		e.Description = upperFirst(fa.category) + " in " + p.countries[fa.country].ofName + ", run by " + operator.name +
			"; works with " + lowerFirst(elements[fa.elem].name) + "."
	}
}
