package extract

import (
	"slices"
	"strings"
	"unicode"

	"github.com/chokepoint/chokepoint/kg"
)

// matchHow says how a mention was found.
type matchHow uint8

const (
	byName    matchHow = iota // the entity's name
	byAlias                   // one of its aliases or its code
	byVariant                 // a short form of its name (see variants)
	byShort                   // a person's surname after the full name in the same article
)

// caseRule is how the case of an entry's token must be matched.
type caseRule uint8

const (
	anyCase     caseRule = iota
	capitalised          // a one-word name written with a capital: Commission, not commission
	exactUpper           // a short acronym: EU, not Eu
	notLower             // a longer acronym: MOFCOM or Mofcom, not mofcom
)

// entry is one name of an entity, as the tokens it matches.
type entry struct {
	toks  []string // norms
	rules []caseRule
	id    string
	how   matchHow
	// lower is set for a name written in lower case (critical raw
	// materials): a common noun, not the start of a longer proper name.
	lower bool
}

// gazetteer finds the graph's entities in text by their names, aliases,
// codes and the short forms of their names.
type gazetteer struct {
	byFirst map[string][]*entry // by the norm of the first token, longest first
}

// codeStoplist holds two-letter country codes that are also common
// capitalised words or abbreviations (IT for information technology).
var codeStoplist = map[string]bool{
	"IT": true, "AT": true, "BE": true, "DE": true, "ES": true, "IN": true, "NO": true, "OR": true, "ON": true,
	"IS": true, "TO": true, "AN": true, "AM": true, "PM": true, "ID": true, "OK": true, "WE": true, "HE": true,
	"ME": true, "MY": true, "SO": true, "US": false, "EU": false, "UK": false, "AI": true, "TV": true, "GO": true,
}

// newGazetteer builds the entries of every entity of ix but controls'
// official numbers, which controls.go reads as patterns.
func newGazetteer(ix *index) *gazetteer {
	g := &gazetteer{byFirst: map[string][]*entry{}}
	type key string
	seen := map[key]map[string]matchHow{} // entry tokens → ids and how
	var all []*entry
	add := func(id, text string, how matchHow) {
		e := makeEntry(id, ix.ents[id].kind, text, how)
		if e == nil {
			return
		}
		k := key(strings.Join(e.toks, " "))
		if seen[k] == nil {
			seen[k] = map[string]matchHow{}
		}
		if prev, ok := seen[k][id]; ok && prev <= how {
			return
		}
		seen[k][id] = how
		all = append(all, e)
	}
	ids := make([]string, 0, len(ix.ents))
	for id := range ix.ents {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		k := ix.ents[id]
		add(id, k.name, byName)
		for _, a := range k.aliases {
			add(id, a, byAlias)
		}
		if c := k.attr(kg.AttrCode); c != "" && k.kind != kg.Control {
			if k.kind != kg.Country || !codeStoplist[c] {
				add(id, c, byAlias)
			}
		}
		for _, v := range variants(ix, k) {
			add(id, v, byVariant)
		}
	}
	// A short form two entities share names neither; names and aliases
	// stay, and a mention of one of them is decided where it is found.
	for _, e := range all {
		k := key(strings.Join(e.toks, " "))
		if e.how == byVariant && len(seen[k]) > 1 {
			continue
		}
		g.byFirst[e.toks[0]] = append(g.byFirst[e.toks[0]], e)
	}
	for _, list := range g.byFirst {
		slices.SortStableFunc(list, func(a, b *entry) int { return len(b.toks) - len(a.toks) })
	}
	return g
}

// makeEntry tokenizes one name. Names of one or two characters are left
// out unless they are an acronym of two capitals (EU, UK): element symbols
// (Dy, Y) and the like would match ordinary words.
func makeEntry(id string, kind kg.Kind, text string, how matchHow) *entry {
	toks := nameTokens(text)
	if len(toks) == 0 {
		return nil
	}
	if len(toks) == 1 {
		r := []rune(toks[0].raw)
		if len(r) == 1 || len(r) == 2 && !toks[0].upper() {
			return nil
		}
	}
	e := &entry{id: id, how: how, lower: text == strings.ToLower(text)}
	for i := range toks {
		t := &toks[i]
		e.toks = append(e.toks, t.norm)
		rule := anyCase
		n := len([]rune(t.raw))
		switch {
		case t.kind == tokWord && t.upper() && n <= 3:
			rule = exactUpper
		case t.kind == tokWord && t.upper():
			rule = notLower
		case len(toks) == 1 && t.title() && properKind(kind):
			rule = capitalised
		}
		e.rules = append(e.rules, rule)
	}
	return e
}

// properKind reports whether the names of a kind are proper names, which
// a text writes with a capital: people, bodies, countries, firms, events
// and controls. Materials, groups and products are common nouns.
func properKind(k kg.Kind) bool {
	switch k {
	case kg.Material, kg.Group, kg.Product:
		return false
	}
	return true
}

// ok reports whether token t satisfies rule.
func (r caseRule) ok(t *token) bool {
	switch r {
	case exactUpper:
		return t.upper()
	case notLower:
		return t.title()
	case capitalised:
		return t.title()
	}
	return true
}

// headNouns name the kind of body an institution is ("Ministry of
// Commerce"); such a name is also written "Commerce Ministry".
var headNouns = map[string]bool{
	"ministry": true, "department": true, "bureau": true, "office": true, "administration": true, "agency": true,
}

// variants are the short forms of a name that reports use and the data
// need not list: the part before a comma (Bureau of Industry and Security,
// U.S. Department of Commerce) or a parenthesis; for institutions, the
// name without the country it is of or starts with (Ministry of Commerce of
// the People's Republic of China → Ministry of Commerce) and, for a
// ministry, department, bureau, office, administration or agency, the
// inverted form (Commerce Ministry). Only forms of two words or more count.
func variants(ix *index, k *known) []string {
	if k.kind == kg.Official {
		return nil
	}
	var out []string
	addv := func(s string) {
		s = strings.TrimSpace(s)
		if len(strings.Fields(s)) >= 2 && s != k.name && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	bases := []string{k.name}
	if i := strings.Index(k.name, ", "); i > 0 {
		bases = append(bases, k.name[:i])
	}
	if i := strings.Index(k.name, " ("); i > 0 {
		bases = append(bases, k.name[:i])
	}
	for _, b := range bases[1:] {
		addv(b)
	}
	if k.kind == kg.Material || k.kind == kg.Product {
		// "Artificial graphite anode material": artificial graphite anode
		for _, suffix := range []string{" material", " materials"} {
			if s, ok := strings.CutSuffix(k.name, suffix); ok {
				addv(s)
			}
		}
		return out
	}
	if k.kind != kg.Institution {
		return out
	}
	// the countries' names and codes, longest first, so that "of the
	// People's Republic of China" goes before "of China"
	var countryNames []string
	for _, c := range ix.countries {
		countryNames = append(countryNames, c.name)
		countryNames = append(countryNames, c.aliases...)
		if code := c.attr(kg.AttrCode); code != "" {
			countryNames = append(countryNames, code, strings.Join(strings.Split(code, ""), ".")+".")
		}
	}
	slices.SortStableFunc(countryNames, func(a, b string) int { return len(b) - len(a) })
	for _, b := range bases {
		short := b
		for _, cn := range countryNames {
			for _, tail := range []string{" of the " + cn, " of " + cn} {
				if s, ok := strings.CutSuffix(short, tail); ok {
					short = s
				}
			}
			for _, head := range []string{cn + " ", "The " + cn + " "} {
				if s, ok := strings.CutPrefix(short, head); ok {
					short = s
				}
			}
		}
		addv(short)
		// Ministry of Commerce → Commerce Ministry
		words := strings.Fields(short)
		if len(words) >= 3 && len(words) <= 5 && headNouns[strings.ToLower(words[0])] && strings.EqualFold(words[1], "of") {
			addv(strings.Join(words[2:], " ") + " " + words[0])
		}
	}
	return out
}

// mention is an entity found in a sentence.
type mention struct {
	id         string
	kind       kg.Kind
	t0, t1     int // tokens of the sentence, t1 exclusive
	start, end int // bytes of the article text
	how        matchHow
	isNew      bool // a person or organisation the graph lacks
}

// matchView is a sentence's tokens without joiners, as names match them.
type matchView struct {
	toks []token
	pos  []int // index of each in the sentence's tokens
}

func newMatchView(text string, toks []token) matchView {
	v := matchView{toks: make([]token, 0, len(toks)), pos: make([]int, 0, len(toks))}
	prevEnd := -1
	for i := range toks {
		if joiner(text, &toks[i], prevEnd) {
			prevEnd = toks[i].end
			continue
		}
		prevEnd = toks[i].end
		v.toks = append(v.toks, toks[i])
		v.pos = append(v.pos, i)
	}
	return v
}

// match finds entries of the gazetteer (and of extra, the article's own
// short forms) in the sentence, longest first, left to right. A place
// where two entities match equally well, by name or by alias, gives
// nothing: the text does not say which it is.
func (g *gazetteer) match(v matchView, extra map[string][]*entry, allCaps []bool, kindOf func(string) kg.Kind, skip func(kg.Kind) bool) []mention {
	var out []mention
	for i := 0; i < len(v.toks); {
		t := &v.toks[i]
		if t.kind == tokPunct {
			i++
			continue
		}
		var best []*entry
		bestLen := 0
		try := func(list []*entry) {
			for _, e := range list {
				if len(e.toks) < bestLen {
					break
				}
				if !e.matches(v.toks, i, allCaps) || skip != nil && skip(kindOf(e.id)) {
					continue
				}
				// "Critical Raw Materials Act" is not "critical raw materials"
				if e.lower && i+len(e.toks) < len(v.toks) && v.toks[i].title() && v.toks[i+len(e.toks)].kind == tokWord && v.toks[i+len(e.toks)].title() &&
					v.toks[i+len(e.toks)-1].end+1 == v.toks[i+len(e.toks)].start {
					continue
				}
				if len(e.toks) > bestLen {
					best, bestLen = best[:0], len(e.toks)
				}
				if !slices.ContainsFunc(best, func(b *entry) bool { return b.id == e.id }) {
					best = append(best, e)
				}
			}
		}
		try(g.byFirst[t.norm])
		try(extra[t.norm])
		if bestLen == 0 {
			i++
			continue
		}
		// Prefer a name to an alias to a short form when entities tie.
		slices.SortStableFunc(best, func(a, b *entry) int { return int(a.how) - int(b.how) })
		if len(best) == 1 || best[0].how < best[1].how {
			e := best[0]
			last := v.toks[i+bestLen-1]
			out = append(out, mention{id: e.id, kind: kindOf(e.id), t0: v.pos[i], t1: v.pos[i+bestLen-1] + 1,
				start: t.start, end: last.end, how: e.how})
		}
		i += bestLen
	}
	return out
}

// matches reports whether e matches the tokens from i: the same norms,
// each token's case rule kept, and no acronym found inside a run of
// capitals (a headline or a dateline in capitals).
func (e *entry) matches(toks []token, i int, allCaps []bool) bool {
	if i+len(e.toks) > len(toks) {
		return false
	}
	for j, n := range e.toks {
		t := &toks[i+j]
		if t.norm != n {
			return false
		}
		if !e.rules[j].ok(t) {
			return false
		}
		if e.rules[j] != anyCase && allCaps != nil && allCaps[i+j] {
			return false
		}
	}
	return true
}

// capsRuns marks the words of runs of three or more words in capitals,
// punctuation between them ignored.
func capsRuns(toks []token) []bool {
	marks := make([]bool, len(toks))
	var run []int
	end := func() {
		if len(run) >= 3 {
			for _, j := range run {
				marks[j] = true
			}
		}
		run = run[:0]
	}
	for i := range toks {
		t := &toks[i]
		switch {
		case t.kind == tokPunct:
		case t.kind == tokWord && t.upper() && len(t.raw) >= 2:
			run = append(run, i)
		default:
			end()
		}
	}
	end()
	return marks
}

// personShortForms are the forms of a person's name that the same article
// uses after the full name: the family name (Šefčovič, Wang, von der
// Leyen), and the first word (for names written family name first: Xi).
func personShortForms(name string) []string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return nil
	}
	var out []string
	particles := map[string]bool{"von": true, "van": true, "der": true, "de": true, "da": true, "di": true, "le": true, "la": true, "del": true, "den": true}
	i := len(words) - 1
	for i > 1 && particles[strings.ToLower(words[i-1])] {
		i--
	}
	out = append(out, strings.Join(words[i:], " "))
	if first := words[0]; len([]rune(first)) >= 2 && unicode.IsUpper([]rune(first)[0]) {
		out = append(out, first)
	}
	return out
}
