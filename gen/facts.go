package gen

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// This file computes the facts of one entity from (seed, kind, index): its
// slug, name and what its edges depend on. Each is a pure function, called
// when the entity is written and again whenever an edge needs it.

// country is a row of countryTable, or the European Union.
type country struct {
	code, name string
	ofName     string // the name after a preposition: "the United States"
	aliases    []string
	pool       string // name pool of its officials
	eu         bool   // an EU member state
	parent     string // code of the country a territory belongs to
	union      bool
}

var countryRanks = sync.OnceValue(func() []*country {
	byCode := map[string]*country{}
	var table []*country
	eu := map[string]bool{}
	for _, c := range strings.Fields(euMembers) {
		eu[c] = true
	}
	for _, line := range strings.Split(countryTable, "\n") {
		f := strings.Split(line, "|")
		c := &country{code: f[0], name: f[1], ofName: f[1], pool: f[3], eu: eu[f[0]], parent: territoryOf[f[0]]}
		if withArticle[c.name] || strings.HasSuffix(c.name, " Islands") {
			c.ofName = "the " + c.name
		}
		if f[2] != "" {
			c.aliases = strings.Split(f[2], ";")
		}
		byCode[c.code] = c
		table = append(table, c)
	}
	byCode["EU"] = &country{code: "EU", name: "European Union", aliases: []string{"EU", "the Union"}, ofName: "the European Union", pool: "eu", union: true}
	var out []*country
	seen := map[string]bool{}
	for _, code := range strings.Fields(countryPriority) {
		out = append(out, byCode[code])
		seen[code] = true
	}
	for _, c := range table {
		if !seen[c.code] {
			out = append(out, c)
		}
	}
	return out
})

// vocabSlugs holds the slug of every vocabulary word that ids are made of,
// so that ids are cheap to recompute.
var vocabSlugs = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	add := func(ss ...string) {
		for _, s := range ss {
			m[s] = slug(s, 0)
		}
	}
	for _, e := range elements {
		add(e.name)
	}
	for _, f := range materialForms {
		add(f.name)
	}
	for _, t := range productTiers {
		for _, n := range t {
			add(n.name)
		}
	}
	for _, s := range sectors {
		add(s.words...)
	}
	add(places...)
	add(newsPublishers...)
	for _, p := range namePools {
		add(p.first...)
		add(p.last...)
	}
	for _, t := range eventTemplates {
		add(t.category)
	}
	return m
})

func vslug(s string) string {
	if v, ok := vocabSlugs()[s]; ok {
		return v
	}
	return slug(s, 0)
}

func join(parts ...string) string { return strings.Join(parts, "-") }

// Institutions come in three ranges: government bodies, international
// organisations and associations, and companies.
const (
	instGov = iota
	instOrg
	instCompany
)

type institution struct {
	name, slug, code, category, url string
	aliases                         []string
	class                           int
	country                         int // rank of its country (home country of a company)
	round                           int // government bodies: which body of its country
	sector                          int // companies
}

func (p *plan) institution(i int) institution {
	if i < p.gov { // government bodies are few and asked for often
		if p.govBodies[i].name == "" {
			p.govBodies[i] = p.makeInstitution(i)
		}
		return p.govBodies[i]
	}
	return p.makeInstitution(i)
}

func (p *plan) makeInstitution(i int) institution {
	r := newRNG(p.seed, streamFacts, kInstitution, i)
	nc := len(p.countries)
	switch {
	case i < p.gov:
		c, round := i%nc, i/nc
		ctry := p.countries[c]
		in := institution{class: instGov, country: c, round: round}
		switch {
		case ctry.union && round < len(unionBodies):
			b := unionBodies[round]
			in.name, in.code, in.category = b.name, b.code, b.category
			in.slug = slug(b.name, 0)
		case !ctry.union && round < len(govTemplates):
			t := govTemplates[round]
			in.name, in.category = fmt.Sprintf(t.format, ctry.ofName), t.category
			if strings.HasPrefix(t.format, "%s") {
				in.name = fmt.Sprintf(t.format, ctry.name)
			}
			in.code = govCodes[round] + "-" + ctry.code
			in.slug = slug(in.name, 0)
		default:
			t := pick(&r, regionalTemplates)
			place := pick(&r, places)
			in.name, in.category = fmt.Sprintf(t.format, place, ctry.name), t.category
			in.slug = join(vslug(place), strings.ToLower(ctry.code), strconv.Itoa(i))
		}
		in.url = "https://" + cut(in.slug, 40) + ".gov.example/"
		if in.code != "" && r.chance(50) {
			in.aliases = []string{strings.SplitN(in.code, "-", 2)[0]}
		}
		return in
	case i < p.gov+p.orgs:
		j := i - p.gov
		t := orgTemplates[j%len(orgTemplates)]
		region := orgRegions[(j/len(orgTemplates))%len(orgRegions)]
		in := institution{class: instOrg, country: r.skewed(nc, 60), category: t.category}
		in.name = fmt.Sprintf(t.format, region)
		if j < len(orgTemplates)*len(orgRegions) {
			in.slug = slug(in.name, 0)
		} else {
			in.slug = suffixed(in.name, i)
		}
		in.code = acronym(in.name)
		in.url = "https://" + cut(in.slug, 40) + ".org.example/"
		if r.chance(70) {
			in.aliases = []string{in.code}
		}
		return in
	}
	s := r.intn(len(sectors))
	sec := sectors[s]
	in := institution{class: instCompany, sector: s, category: sec.category}
	in.name, in.slug, in.url, in.aliases = firmName(&r, sec, i)
	in.country = r.skewed(nc, 60)
	return in
}

// firmName names firm i of a sector: a place, a word of its industry and a
// legal form ("Baotou Magnetics Co., Ltd."), with the slug of its id, its
// web address and, now and then, its short name as an alias.
func firmName(r *rng, sec sector, i int) (string, string, string, []string) {
	place, word, suffix := pick(r, places), pick(r, sec.words), pick(r, companySuffixes)
	var aliases []string
	if r.chance(40) {
		aliases = []string{place + " " + word}
	}
	return place + " " + word + " " + suffix, join(vslug(place), vslug(word), strconv.Itoa(i)),
		"https://www." + vslug(place) + "-" + vslug(word) + ".example/", aliases
}

// govCodes abbreviate govTemplates, in the same order.
var govCodes = []string{"MOC", "GAC", "MOI", "ECA", "MFA", "MNR", "GS", "TRO", "MOD", "ISO", "SRA", "CA"}

// acronym takes the capitals of a name's words: "European Raw Materials
// Alliance" → "ERMA".
func acronym(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if r := []rune(w)[0]; r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type official struct {
	name, slug, first, last string
	country                 int
	familyFirst             bool
}

func (p *plan) official(o int) official {
	r := newRNG(p.seed, streamFacts, kOfficial, o)
	c := r.skewed(len(p.countries), 60)
	culture := p.countries[c].pool
	if culture == "eu" {
		culture = pick(&r, unionPools)
	}
	pool := namePools[culture]
	first, last := pick(&r, pool.first), pick(&r, pool.last)
	of := official{first: first, last: last, country: c, familyFirst: familyFirst[culture]}
	if of.familyFirst {
		of.name = last + " " + first
		of.slug = join(vslug(last), vslug(first), strconv.Itoa(o))
	} else {
		of.name = first + " " + last
		of.slug = join(vslug(first), vslug(last), strconv.Itoa(o))
	}
	return of
}

type material struct {
	name, slug, category string
	elem                 int // its element; itself for a canonical one
	form                 int // -1 for a canonical one
}

// mineralForms are the forms that make sense for a mineral commodity.
var mineralForms = []int{4, 5, 12, 19, 20, 21, 22}

func (p *plan) material(m int) material {
	if m < p.elems {
		e := elements[m]
		return material{name: e.name, slug: vslug(e.name), category: e.category, elem: m, form: -1}
	}
	r, e, f := p.materialForm(m)
	form := materialForms[f]
	grade := pick(&r, materialGrades)
	return material{
		name:     grade + " " + lowerFirst(elements[e].name) + " " + form.name,
		slug:     join(vslug(elements[e].name), vslug(form.name), strconv.Itoa(m)),
		category: form.category, elem: e, form: f,
	}
}

// materialForm draws the element and form of a derived material, the first
// draws of its facts, and returns the generator for the rest.
func (p *plan) materialForm(m int) (r rng, elem, form int) {
	r = newRNG(p.seed, streamFacts, kMaterial, m)
	elem = r.skewed(p.elems, 70)
	form = r.intn(len(materialForms))
	if elements[elem].z == 0 {
		form = pick(&r, mineralForms)
	}
	return r, elem, form
}

type group struct {
	name, slug, category, url string
	aliases                   []string
	parent                    int // group it belongs to, -1 for none
	tag                       string
}

func (p *plan) group(g int) group {
	if g < p.canon {
		c := canonicalGroups[g]
		parent := c.parent
		if parent >= p.canon {
			parent = -1
		}
		return group{name: c.name, slug: slug(c.name, 0), category: c.category, aliases: c.aliases, parent: parent, tag: c.tag}
	}
	r := newRNG(p.seed, streamFacts, kGroup, g)
	t := pick(&r, groupTemplates)
	c := p.countries[r.skewed(len(p.countries), 50)]
	y := r.between(2010, 2025)
	gr := group{
		name:     fmt.Sprintf(t.format, c.name, y),
		slug:     join(strings.ToLower(c.code), t.key, strconv.Itoa(y), strconv.Itoa(g)),
		category: t.category, parent: -1,
	}
	if t.parent < p.canon {
		gr.parent = t.parent
	}
	if r.chance(40) {
		gr.url = "https://" + vslug(c.name) + ".gov.example/lists/" + t.key + "-" + strconv.Itoa(y)
	}
	return gr
}

type product struct {
	name, slug, category, model string
	tier, noun                  int
}

func (p *plan) tierOf(pr int) int {
	return sort.Search(len(p.tierStart)-1, func(t int) bool { return p.tierStart[t+1] > pr })
}

// productNoun finds the tier of product pr and draws its noun, the first
// draw of its facts, and returns the generator for the rest.
func (p *plan) productNoun(pr int) (r rng, tier, noun int) {
	r = newRNG(p.seed, streamFacts, kProduct, pr)
	tier = p.tierOf(pr)
	return r, tier, r.intn(len(productTiers[tier]))
}

func (p *plan) product(pr int) product {
	r, t, n := p.productNoun(pr)
	noun := productTiers[t][n]
	out := product{tier: t, noun: n, category: noun.category, slug: join(vslug(noun.name), strconv.Itoa(pr))}
	out.name = upperFirst(noun.name)
	if r.chance(60) {
		out.name = pick(&r, productQualifiers) + " " + lowerFirst(noun.name)
	}
	if r.chance(35) {
		switch l := pick(&r, modelLetters); l {
		case "N":
			out.model = l + strconv.Itoa(r.between(30, 60))
		case "Mk":
			out.model = l + " " + pick(&r, []string{"II", "III", "IV", "V", "VI"})
		default:
			out.model = l + "-" + strconv.Itoa(r.between(10, 990))
		}
		out.name += " " + out.model
	}
	return out
}

type control struct {
	name, slug, code, category, url string
	aliases                         []string
	issuer, coIssuer                int // government bodies; coIssuer -1 for none
	topic                           int // element it is about
	issued, effective, until        int // days; effective and until -1 when unset
	suspender                       bool
}

// isSuspender tells the controls that suspend others: about one in
// seventeen, never a hub.
func (p *plan) isSuspender(k int) bool {
	r := newRNG(p.seed, streamSuspend, kControl, k)
	return k >= 8 && r.chance(6)
}

// suspension is what a suspending control suspends, and over which days.
type suspension struct {
	targets      []int
	since, until int // until -1: open
}

func (p *plan) suspension(k int) suspension {
	r := newRNG(p.seed, streamSuspend, kControl, k)
	r.next() // the draw of isSuspender
	n := 1
	if r.chance(30) {
		n += r.between(1, 3)
	}
	var s suspension
	start := day2015
	nc := len(p.countries)
	for try := 0; len(s.targets) < n && try < 20*n; try++ {
		t := r.skewed(p.count[kControl], 70)
		if t == k || p.isSuspender(t) || containsInt(s.targets, t) {
			continue
		}
		// A country suspends its own controls.
		if len(s.targets) > 0 && p.controlIssuer(t)%nc != p.controlIssuer(s.targets[0])%nc {
			continue
		}
		s.targets = append(s.targets, t)
		issued, effective, _ := p.controlDates(t)
		start = max(start, issued, effective)
	}
	// Most suspensions come in 2023-2025, so that many are in force on the
	// dates walks are asked about.
	s.since = start + r.between(20, 200)
	if late := day(2025, 11, 15); start < late && r.chance(70) {
		s.since = max(s.since, r.dayIn(day2023, late))
	}
	s.until = -1
	if r.chance(80) {
		s.until = s.since + r.between(180, 540)
	}
	return s
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// controlDates draws when a control is issued, takes effect and ends.
func (p *plan) controlDates(k int) (issued, effective, until int) {
	r := newRNG(p.seed, streamDates, kControl, k)
	if p.isSuspender(k) {
		s := p.suspension(k)
		return s.since - r.between(0, 10), s.since, -1
	}
	if k < 3 { // the sweeping controls that became hubs
		issued = r.dayIn(day2023, day(2025, 6, 30))
		return issued, issued + 30, -1
	}
	issued = r.recentDay()
	effective, until = -1, -1
	if r.chance(70) {
		effective = issued + r.between(0, 90)
	}
	if r.chance(20) {
		until = max(issued, effective) + r.between(180, 1800)
	}
	return issued, effective, until
}

// controlIssuer is the government body that issued control k: the first
// draw of its facts.
func (p *plan) controlIssuer(k int) int {
	r := newRNG(p.seed, streamFacts, kControl, k)
	return r.skewed(p.gov, 85)
}

func (p *plan) control(k int) control {
	r := newRNG(p.seed, streamFacts, kControl, k)
	nc := len(p.countries)
	c := control{issuer: r.skewed(p.gov, 85), coIssuer: -1, topic: r.skewed(p.elems, 60)}
	c.suspender = p.isSuspender(k)
	if c.suspender { // issued by the country whose controls it suspends
		if s := p.suspension(k); len(s.targets) > 0 {
			target := p.controlIssuer(s.targets[0])
			c.issuer = target%nc + nc*r.intn(max(1, min(3, (p.gov-target%nc+nc-1)/nc)))
		}
	}
	c.issued, c.effective, c.until = p.controlDates(k)
	country := p.countries[c.issuer%nc]
	if r.chance(15) {
		rounds := (p.gov - c.issuer%nc + nc - 1) / nc
		if co := c.issuer%nc + nc*r.intn(rounds); co != c.issuer {
			c.coIssuer = co
		}
	}
	topic := lowerFirst(elements[c.topic].name)
	number := r.between(1, 120)
	y := year(c.issued)
	if c.suspender {
		c.category = "suspension notice"
		c.name = fmt.Sprintf(pick(&r, suspensionTitles), country.name, topic)
	} else {
		c.category = pick(&r, controlCategories)
		c.name = fmt.Sprintf(pick(&r, controlTitles), country.name, topic)
	}
	issuer := p.institution(c.issuer)
	prefix := issuer.code
	if prefix == "" {
		prefix = country.code
	}
	c.code = fmt.Sprintf("%s No. %d [%d]", prefix, number, y)
	c.slug = join(strings.ToLower(country.code), strconv.Itoa(y), strconv.Itoa(number), strconv.Itoa(k))
	if r.chance(50) {
		c.url = fmt.Sprintf("https://%s.gov.example/announcements/%d/%d", cut(issuer.slug, 40), y, number)
	}
	if r.chance(25) {
		c.aliases = []string{fmt.Sprintf("No. %d [%d]", number, y)}
	}
	return c
}

type event struct {
	name, slug, category string
	c1, c2, o1, o2, inst int
	elem, place          int
	occurred, ended      int // ended -1 when a single day
}

func (p *plan) event(e int) event {
	r := newRNG(p.seed, streamFacts, kEvent, e)
	nc, no := len(p.countries), p.count[kOfficial]
	t := r.intn(len(eventTemplates))
	ev := event{category: eventTemplates[t].category, c1: r.skewed(nc, 60), c2: r.skewed(nc, 60),
		o1: r.skewed(no, 40), o2: r.skewed(no, 40), inst: r.skewed(p.gov, 70), elem: r.skewed(p.elems, 60), place: r.intn(len(places))}
	if ev.c2 == ev.c1 {
		ev.c2 = (ev.c1 + 1) % nc
	}
	if ev.o2 == ev.o1 {
		ev.o2 = (ev.o1 + 1) % no
	}
	if r.chance(60) {
		ev.occurred = r.dayIn(day2024, dayEnd)
	} else {
		ev.occurred = r.dayIn(day2018, day(2026, 3, 31))
	}
	ev.ended = -1
	if r.chance(30) {
		ev.ended = ev.occurred + r.between(1, 3)
	}
	if eventTemplates[t].company {
		first := p.gov + p.orgs
		ev.inst = first + r.skewed(p.count[kInstitution]-first, 50)
	}
	name := fmt.Sprintf(eventTemplates[t].format, p.countries[ev.c1].name, p.countries[ev.c2].name, places[ev.place],
		lowerFirst(elements[ev.elem].name), p.official(ev.o1).last, p.official(ev.o2).last, p.institution(ev.inst).name)
	ev.name = upperFirst(name) + ", " + monthYear(ev.occurred)
	ev.slug = join(vslug(ev.category), strconv.Itoa(year(ev.occurred)), strconv.Itoa(e))
	return ev
}

// Who made a statement.
const (
	byOfficial = iota
	byInstitution
	byCountry
	byCompany
)

type statement struct {
	name, slug, text, topic string
	speakerKind, speaker    int
	elem, country           int
	occurred                int // -1 when unknown
}

func (p *plan) statement(s int) statement {
	r := newRNG(p.seed, streamFacts, kStatement, s)
	nc := len(p.countries)
	st := statement{elem: r.skewed(p.elems, 60), country: r.skewed(nc, 60), occurred: -1}
	var speaker string
	switch x := r.intn(10); {
	case x < 7:
		st.speakerKind, st.speaker = byOfficial, r.skewed(p.count[kOfficial], 50)
		speaker = p.official(st.speaker).name
	case x < 8:
		st.speakerKind, st.speaker = byInstitution, r.skewed(p.gov, 70)
		speaker = "The " + p.institution(st.speaker).name
	case x < 9:
		st.speakerKind, st.speaker = byCompany, r.skewed(p.count[kCompany], 60)
		speaker = p.company(st.speaker).name
	default:
		st.speakerKind, st.speaker = byCountry, r.skewed(nc, 60)
		speaker = "The government of " + p.countries[st.speaker].ofName
		if p.countries[st.speaker].union {
			speaker = "The European Union"
		}
	}
	t := statementTemplates[r.intn(len(statementTemplates))]
	st.topic = t.topic
	if r.chance(90) {
		if r.chance(65) {
			st.occurred = r.dayIn(day2024, dayEnd)
		} else {
			st.occurred = r.dayIn(day2019, day(2026, 3, 31))
		}
	}
	when := max(st.occurred, day2024) + r.between(10, 200)
	noun := pick(&r, productTiers[4])
	other := st.country
	if st.speakerKind == byCountry && other == st.speaker {
		other = (other + 1) % nc
	}
	elem := lowerFirst(elements[st.elem].name)
	st.text = fmt.Sprintf(t.format, speaker, elem, humanDate(when), p.countries[other].ofName, r.between(5, 80), noun.name+"s")
	short := strings.TrimPrefix(strings.TrimPrefix(speaker, "The government of "), "The ")
	st.name = upperFirst(short) + " on " + fmt.Sprintf(t.title, elem)
	if st.occurred >= 0 {
		st.name += ", " + monthYear(st.occurred)
	}
	st.slug = join(t.topic, vslug(elements[st.elem].name), strconv.Itoa(s))
	return st
}

func humanDate(n int) string {
	t := epoch.AddDate(0, 0, n)
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

type source struct {
	name, slug, url, publisher string
	published, retrieved       int // retrieved -1 when unset
}

func (p *plan) source(i int) source {
	r := newRNG(p.seed, streamFacts, kSource, i)
	var pub, pubSlug, idSlug, class string
	switch x := r.intn(10); {
	case x < 4:
		in := p.institution(r.skewed(p.gov, 80))
		pub, pubSlug, class = in.name, cut(in.slug, 60), "gov"
		if in.code != "" {
			idSlug = slug(in.code, 0) // "DG TRADE" → dg-trade
		}
	case x < 8:
		pub = newsPublishers[r.skewed(len(newsPublishers), 60)]
		pubSlug, class = vslug(pub), "news"
	default:
		place := pick(&r, places)
		pub = fmt.Sprintf(pick(&r, analystPublishers), place)
		pubSlug, class = slug(pub, 60), "analyst"
	}
	s := source{publisher: pub, retrieved: -1}
	if r.chance(60) {
		s.published = r.dayIn(day(2022, 1, 1), dayEnd)
	} else {
		s.published = r.dayIn(day2010, dayEnd)
	}
	if r.chance(70) {
		s.retrieved = min(dayEnd, s.published+r.between(0, 400))
	}
	topic := fmt.Sprintf(pick(&r, docTopics), lowerFirst(elements[r.skewed(p.elems, 60)].name))
	y := year(s.published)
	s.name = pick(&r, docTypes[class]) + ": " + upperFirst(topic) + " (" + monthYear(s.published) + ")"
	if idSlug == "" {
		idSlug = cut(pubSlug, 24)
	}
	s.slug = join(idSlug, strconv.Itoa(y), strconv.Itoa(i))
	s.url = fmt.Sprintf("https://%s.example/%d/%s-%d", pubSlug, y, slug(topic, 40), i)
	return s
}

// datePublications computes every source's publication day once: sources
// are about one entity in a hundred.
func (p *plan) datePublications() {
	n := p.count[kSource]
	p.published = make([]int, n)
	p.byPublished = make([]int, n)
	for i := range n {
		p.published[i] = p.source(i).published
		p.byPublished[i] = i
	}
	slices.SortStableFunc(p.byPublished, func(a, b int) int { return cmp.Compare(p.published[a], p.published[b]) })
}

// publishedFrom is the sources published on or after day d.
func (p *plan) publishedFrom(d int) []int {
	i, _ := slices.BinarySearchFunc(p.byPublished, d, func(s, d int) int { return cmp.Compare(p.published[s], d) })
	return p.byPublished[i:]
}
