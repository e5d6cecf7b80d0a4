package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// newEntity is a person or organisation that the graph lacks.
type newEntity struct {
	id, name string
	kind     kg.Kind
}

// roleNouns name posts; a title holds at least one (folded, singular).
var roleNouns = map[string]bool{
	"minister": true, "commissioner": true, "spokesperson": true, "spokesman": true, "spokeswoman": true,
	"president": true, "premier": true, "secretary": true, "director": true, "director-general": true,
	"chairman": true, "chairwoman": true, "chair": true, "chief": true, "head": true, "ambassador": true,
	"representative": true, "governor": true, "envoy": true, "negotiator": true, "chancellor": true,
	"deputy": true, "adviser": true, "advisor": true, "ceo": true, "official": true, "leader": true,
	"vice": true, "senator": true, "lawmaker": true, "commissioners": true,
}

// titleWords may stand in a title besides role nouns and organisations:
// the field of a post and its grade.
var titleWords = map[string]bool{
	"trade": true, "commerce": true, "economic": true, "affair": true, "foreign": true, "finance": true,
	"industry": true, "security": true, "energy": true, "economy": true, "prime": true, "general": true,
	"international": true, "executive": true, "senior": true, "top": true, "former": true, "acting": true,
	"state": true, "interior": true, "defence": true, "defense": true, "and": true, "for": true, "of": true,
	"export": true, "control": true, "customs": true, "raw": true, "material": true, "transparency": true,
	"interinstitutional": true, "relation": true, "digital": true, "climate": true, "european": true,
}

// demonyms name a country by its adjective, keyed by the country's code.
var demonyms = map[string]string{
	"chinese": "CN", "european": "EU", "dutch": "NL", "american": "US", "us": "US", "japanese": "JP",
	"german": "DE", "french": "FR", "british": "GB", "indian": "IN", "russian": "RU", "australian": "AU",
	"brazilian": "BR", "vietnamese": "VN", "canadian": "CA", "malaysian": "MY", "italian": "IT", "spanish": "ES",
	"polish": "PL", "belgian": "BE", "swedish": "SE",
}

// countryByDemonym finds the graph's country a demonym names.
func (d *doc) countryByDemonym(t *token) string {
	code, ok := demonyms[t.fold]
	if !ok || !t.title() && !t.upper() {
		return ""
	}
	for _, c := range d.x.ix.countries {
		if c.attr(kg.AttrCode) == code {
			return c.id
		}
	}
	return ""
}

// orgHeads end (or start, before "of") the names of organisations.
var orgHeads = map[string]bool{
	"ministry": true, "commission": true, "agency": true, "bureau": true, "office": true, "department": true,
	"council": true, "administration": true, "institute": true, "association": true, "chamber": true,
	"bank": true, "group": true, "corporation": true, "corp": true, "inc": true, "ltd": true, "company": true,
	"authority": true, "time": true, "post": true, "journal": true, "new": true, "press": true, "parliament": true,
	"federation": true, "union": true, "committee": true, "service": true, "board": true, "court": true,
	"organisation": true, "organization": true, "foundation": true, "tribune": true, "herald": true,
	"daily": true, "gazette": true, "network": true, "broadcasting": true, "reuter": true,
}

// orgDescriptors before a single name say it is an organisation: the
// news agency Xinhua, the chipmaker Nexperia.
var orgDescriptors = map[string]bool{
	"agency": true, "chipmaker": true, "company": true, "firm": true, "group": true, "carmaker": true,
	"miner": true, "producer": true, "maker": true, "outlet": true, "newspaper": true, "broadcaster": true,
	"manufacturer": true, "supplier": true, "tabloid": true, "daily": true,
}

// notNames are capitalised words that do not start or make a name.
var notNames = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "but": true, "and": true, "or": true,
	"it": true, "its": true, "he": true, "she": true, "they": true, "we": true, "i": true, "this": true, "that": true,
	"these": true, "those": true, "there": true, "here": true, "after": true, "before": true, "while": true,
	"when": true, "as": true, "for": true, "with": true, "from": true, "by": true, "of": true, "to": true,
	"under": true, "most": true, "other": true, "both": true, "all": true, "some": true, "many": true,
	"his": true, "her": true, "their": true, "our": true, "if": true, "since": true, "until": true, "than": true,
	"according": true, "mr": true, "ms": true, "mrs": true, "dr": true, "also": true,
	"explainer": true, "related": true, "evaluation": true, "days": true, "day": true, "week": true,
	"reserve": true, "mining": true, "processing": true, "trade": true, "washington": true, "beijing": true,
	"brussels": true, "president": true, "minister": true, "commissioner": true, "spokesperson": true,
}

// groupNouns are plural nouns for groups of people that stand first in a
// sentence with a capital (Analysts said …): speakers, not names.
var groupNouns = map[string]bool{
	"analyst": true, "official": true, "expert": true, "source": true, "diplomat": true, "critic": true,
	"trader": true, "economist": true, "investor": true, "executive": true, "people": true, "lawmaker": true,
	"minister": true, "observer": true, "resident": true, "company": true, "firm": true, "manufacturer": true,
	"producer": true, "exporter": true, "importer": true, "negotiator": true, "leader": true, "government": true,
	"industry": true, "business": true, "carmaker": true, "supplier": true, "buyer": true, "user": true,
}

// nameWord reports whether t may be a word of a name: capitalised, and
// not a function word, a month, a weekday, a demonym or a word of titles.
func nameWord(t *token) bool {
	if t.kind != tokWord || !t.title() || notNames[t.fold] && !t.midName || roleNouns[t.norm] || titleWords[t.norm] || groupNouns[t.norm] {
		return false
	}
	if _, ok := months[t.fold]; ok {
		return false
	}
	if _, ok := weekdays[t.fold]; ok {
		return false
	}
	if _, ok := demonyms[t.fold]; ok {
		return false
	}
	return true
}

// speechVerbs report what someone said.
var speechVerbs = map[string]bool{
	"said": true, "say": true, "says": true, "told": true, "tell": true, "tells": true, "added": true, "adds": true,
	"wrote": true, "writes": true, "posted": true, "stated": true, "states": true, "noted": true, "notes": true,
	"warned": true, "warns": true, "stressed": true, "confirmed": true, "confirms": true, "urged": true,
	"argued": true, "insisted": true, "explained": true, "declared": true, "acknowledged": true, "commented": true,
	"reported": true, "reports": true, "estimates": true, "estimated": true, "announced": true, "announces": true,
	"described": true, "describes": true, "predicted": true, "forecast": true, "according": true, "put": true,
	"puts": true, "tweeted": true, "cautioned": true, "emphasised": true, "emphasized": true, "denied": true,
}

// findNew finds people and organisations the graph lacks: capitalised
// names next to a title ("spokesperson Arianna Podestà"), in an
// appositive ("Jiang Qianliang, who heads …"), before or after a verb of
// saying, after an organisation's descriptor ("news agency Xinhua"), or
// ending with the head noun of an organisation's name (Global Times,
// Commerce Department). The id proposed is the kind and the name's slug.
func (d *doc) findNew(st *sent) {
	toks := st.toks
	// A capitalised pronoun inside a sentence, before another capitalised
	// word, is a name (spokesperson He Yadong).
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].is("he", "she") && toks[i].title() && toks[i-1].kind == tokWord && toks[i+1].kind == tokWord && toks[i+1].title() {
			toks[i].midName = true
		}
	}
	covered := make([]bool, len(toks))
	for _, m := range st.ments {
		for i := m.t0; i < m.t1; i++ {
			covered[i] = true
		}
	}
	for i := 0; i < len(toks); i++ {
		if covered[i] || st.quoted[i] || !nameWord(&toks[i]) && !(toks[i].upper() && toks[i].kind == tokWord && len(toks[i].raw) >= 2) {
			continue
		}
		// the run of capitalised words from i, with "of", "and", "for"
		// between capitalised words of an organisation's name
		j := i
		for j < len(toks) && !covered[j] && !st.quoted[j] {
			t := &toks[j]
			if t.kind == tokWord && (t.title() || t.upper()) && (!notNames[t.fold] || t.midName) || j > i && t.kind == tokWord && t.title() && (t.is("trade") || t.is("reserve")) {
				j++
				if t.poss {
					break
				}
				continue
			}
			if j > i && (t.is("of", "and", "for") || joiner(d.a.Text, t, toks[j-1].end)) && j+1 < len(toks) && !covered[j+1] &&
				toks[j+1].kind == tokWord && toks[j+1].title() && !notNames[toks[j+1].fold] {
				j++
				continue
			}
			break
		}
		if j == i {
			continue
		}
		kind, start, end := d.classify(st, i, j)
		if kind == "" {
			i = j - 1
			continue
		}
		name := cleanLine(d.a.Text[toks[start].start:toks[end-1].end])
		id := d.newID(kind, name)
		d.newEnts[id] = &newEntity{id: id, name: name, kind: kind}
		st.ments = append(st.ments, mention{id: id, kind: kind, t0: start, t1: end,
			start: toks[start].start, end: toks[end-1].end, isNew: true})
		for k := start; k < end; k++ {
			covered[k] = true
		}
		if kind == kg.Official {
			d.addShortForms(id, name)
		}
		i = j - 1
	}
}

// classify decides what the run of capitalised tokens [i, j) is: a
// person, an organisation, or neither (""); it returns the tokens of the
// name.
func (d *doc) classify(st *sent, i, j int) (kg.Kind, int, int) {
	toks := st.toks
	// Leading words that belong to a title (EU Trade Commissioner X)
	// are not part of a name.
	start := i
	for start < j && (roleNouns[toks[start].norm] || titleWords[toks[start].norm] || !nameWord(&toks[start]) && !toks[start].upper()) {
		start++
	}
	if start >= j {
		return "", i, j
	}
	words := j - start
	last := &toks[j-1]
	// An organisation: its name ends with a head noun (Global Times,
	// Commerce Department) or starts with one before "of" (Ministry of
	// Foreign Affairs).
	if words >= 2 && orgHeads[last.norm] || words >= 3 && orgHeads[toks[i].norm] && toks[i+1].is("of") {
		s := i
		for s < j && notNames[toks[s].fold] {
			s++
		}
		if d.x.ix.ents[kg.Institution.IDPrefix()+slug(d.a.Text[toks[s].start:toks[j-1].end])] == nil {
			return kg.Institution, s, j
		}
		return "", i, j
	}
	prev := func(k int) *token {
		if k >= 0 {
			return &toks[k]
		}
		return nil
	}
	next := func(k int) *token {
		if k < len(toks) {
			return &toks[k]
		}
		return nil
	}
	before := prev(start - 1)
	after := next(j)
	afterSpeech := after != nil && speechVerbs[after.fold] && after.fold != "put" ||
		after != nil && j+1 < len(toks) && after.kind == tokWord && !after.title() && speechVerbs[toks[j+1].fold] && toks[j+1].fold != "put"
	beforeSpeech := before != nil && speechVerbs[before.fold] && before.fold != "according" && before.fold != "put"
	// A single word: an organisation if a descriptor precedes it or it
	// speaks ("Xinhua reported"); never a person.
	if words == 1 {
		t := &toks[start]
		if len([]rune(t.raw)) < 3 {
			return "", i, j
		}
		if before != nil && orgDescriptors[before.norm] || afterSpeech || beforeSpeech {
			return kg.Institution, start, j
		}
		return "", i, j
	}
	if words > 4 {
		return "", i, j
	}
	// A person: two to four name words next to a title, an appositive, or
	// a verb of saying.
	titled := start > i && (roleNouns[toks[start-1].norm] || titleWords[toks[start-1].norm]) ||
		before != nil && roleNouns[before.norm]
	appositive := after != nil && after.raw == "," && j+1 < len(toks) && (toks[j+1].is("who", "the", "a", "an") || roleNouns[toks[j+1].norm]) ||
		after != nil && after.is("of") && j+1 < len(toks) && (toks[j+1].is("the") || st.mentionAt(j+1) != nil)
	if titled || appositive || afterSpeech || beforeSpeech {
		return kg.Official, start, j
	}
	return "", i, j
}

// newID proposes an id for a new entity from its name; a name whose id
// an entity of the graph already has gets a suffix.
func (d *doc) newID(kind kg.Kind, name string) string {
	base := kind.IDPrefix() + slug(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "))
	id := base
	for n := 2; d.x.ix.ents[id] != nil; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// slug is a name as an id's slug: lower case, diacritics gone, words
// joined by dashes, at most 80 bytes.
func slug(s string) string {
	out := dashed(s, false, 80)
	if out == "" {
		out = "x"
	}
	return out
}

// roles finds the posts the sentence gives people: a title before the
// name (Chinese Commerce Minister Wang Wentao, European Commission
// spokesperson Olof Gill, the bloc's trade chief Maroš Šefčovič), an
// appositive after it (Maroš Šefčovič, the EU's commissioner for trade…;
// Jiang Qianliang, who heads the ministry's export-control bureau), "of"
// and an organisation (Denis Redonnet of the European Commission's trade
// department), and "<organisation>, led by <title> <name>".
func (d *doc) roles(st *sent) {
	for k := range st.ments {
		m := st.ments[k]
		if d.kind(m.id) != kg.Official {
			continue
		}
		if t0, t1, ok := d.titleBefore(st, m.t0); ok {
			d.role(st, m, t0, t1)
		}
		if t0, t1, ok := d.titleAfter(st, m.t1); ok {
			d.role(st, m, t0, t1)
		}
	}
}

// titleBefore finds a title right before token i: role nouns, fields,
// organisations, demonyms and possessives, with at least one role noun.
func (d *doc) titleBefore(st *sent, i int) (int, int, bool) {
	toks := st.toks
	j := i
	hasRole := false
	for j > 0 {
		t := &toks[j-1]
		if m := st.mentionEndingAt(j - 1); m != nil && d.isOrg(m.id) {
			j = m.t0
			continue
		}
		if t.is("and") {
			break
		}
		if t.kind == tokWord && (roleNouns[t.norm] || titleWords[t.norm] || d.countryByDemonym(t) != "" ||
			t.is("the") && j < i || t.poss && j < i) {
			if roleNouns[t.norm] {
				hasRole = true
			}
			if t.is("the") {
				j--
				break
			}
			j--
			continue
		}
		if joiner(d.a.Text, t, toks[max(0, j-2)].end) {
			j--
			continue
		}
		break
	}
	if !hasRole || j == i {
		return 0, 0, false
	}
	// "trade" alone or "and" at the start is no title
	for j < i && toks[j].is("and", "of", "for") {
		j++
	}
	return j, i, true
}

// titleAfter finds an appositive title after token i: ", the EU's
// commissioner for …,", ", who heads …,", " of the European Commission's …".
func (d *doc) titleAfter(st *sent, i int) (int, int, bool) {
	toks := st.toks
	if i >= len(toks) {
		return 0, 0, false
	}
	start := i
	switch {
	case toks[i].raw == ",":
		start = i + 1
	case toks[i].is("of"):
		start = i
	default:
		return 0, 0, false
	}
	end := start
	for end < len(toks) && toks[end].raw != "," && toks[end].raw != "." && toks[end].raw != ";" && !speechVerbs[toks[end].fold] {
		end++
	}
	if toks[i].is("of") {
		// "of the European Commission's trade department": the organisation
		// and the few nouns after it, not the verb that follows (led …)
		k := start
		for k < end && st.mentionAt(k) == nil {
			k++
		}
		if m := st.mentionAt(k); m != nil && k < end {
			k = m.t1
			n := 0
			for k < end && n < 3 && (toks[k].kind == tokWord && !toks[k].title() && !clauseVerbs[toks[k].fold] || joiner(d.a.Text, &toks[k], toks[k-1].end)) {
				k++
				n++
			}
			end = k
		}
	}
	if end == start || end-start > 14 {
		return 0, 0, false
	}
	hasRole, hasOrg := false, false
	for k := start; k < end; k++ {
		if roleNouns[toks[k].norm] || toks[k].is("heads", "leads", "led", "runs") {
			hasRole = true
		}
		if m := st.mentionAt(k); m != nil && d.isOrg(m.id) || toks[k].is("ministry", "commission", "bureau", "department", "government") {
			hasOrg = true
		}
	}
	if toks[i].is("of") && !hasOrg || toks[i].raw == "," && !hasRole {
		return 0, 0, false
	}
	return start, end, true
}

// clauseVerbs end a title that runs into the rest of its clause.
var clauseVerbs = map[string]bool{
	"led": true, "leads": true, "met": true, "held": true, "heads": true, "headed": true, "was": true, "is": true,
	"were": true, "are": true, "has": true, "had": true, "have": true, "will": true, "would": true, "spoke": true,
	"wrote": true, "took": true, "attended": true, "joined": true, "and": true, "but": true,
}

// isOrg reports whether id is an institution, country or company.
func (d *doc) isOrg(id string) bool {
	switch d.kind(id) {
	case kg.Institution, kg.Country, kg.Company:
		return true
	}
	return false
}

// role resolves the organisation of a title and records the role.
func (d *doc) role(st *sent, m mention, t0, t1 int) {
	toks := st.toks
	for k := t0; k < t1; k++ {
		st.titles[k] = true
	}
	org, conf := "", 0.0
	var country string
	// An organisation named in the title; an institution wins over a country.
	for k := t0; k < t1; k++ {
		if om := st.mentionAt(k); om != nil && om.id != m.id && d.isOrg(om.id) {
			if d.kind(om.id) == kg.Country {
				country = om.id
			} else {
				org, conf = om.id, 0.9
			}
			k = om.t1 - 1
			continue
		}
		if c := d.countryByDemonym(&toks[k]); c != "" && country == "" {
			country = c
		}
		// the ministry's …: the last institution so named
		if toks[k].is("ministry", "commission", "bureau", "department", "agency") && k > t0 && toks[k-1].is("the") && org == "" {
			d.at(st, k)
			if id := d.recentOrg(toks[k].norm); id != "" {
				org, conf = id, 0.65
			}
		}
	}
	roleText := d.roleText(st, t0, t1)
	words := titleNorms(toks[t0:t1])
	if org == "" {
		// A post the graph knows the person holds.
		if r, ok := d.storedRole(m.id, words); ok {
			org, conf = r, 0.85
		}
	}
	if org == "" && country != "" {
		if id := d.bodyOf(country, words); id != "" {
			org, conf = id, 0.8
		} else {
			org, conf = country, 0.75
		}
	}
	if org == "" {
		if id := d.bodyOf("", words); id != "" {
			org, conf = id, 0.6
		}
	}
	if org == "" || roleText == "" {
		return
	}
	// A post the graph gives the person in a body of the organisation the
	// title names, that the title's words fit, is that post: the
	// Commission's trade department is its Directorate-General for Trade.
	if inner, ok := d.storedRole(m.id, words); ok && inner != org && d.x.ix.within(inner, org) {
		org, conf = inner, max(conf, 0.85)
	}
	key := kg.EdgeKey{From: m.id, Type: "holds_role", To: org}
	for _, r := range d.res.Roles {
		if r.Person == m.id && r.Org == org {
			return
		}
	}
	start, end := toks[min(t0, m.t0)].start, toks[max(t1, m.t1)-1].end
	d.res.Roles = append(d.res.Roles, Role{Person: m.id, Org: org, Role: roleText, Known: d.x.ix.edges[key],
		Evidence: d.evidence(st, start, end, conf)})
}

// roleText is the post of a title without its organisation, country,
// articles and possessives: "Commerce Minister", "spokesperson".
func (d *doc) roleText(st *sent, t0, t1 int) string {
	toks := st.toks
	var words []string
	glue := false
	for k := t0; k < t1; k++ {
		t := &toks[k]
		if om := st.mentionAt(k); om != nil && d.isOrg(om.id) {
			k = om.t1 - 1
			continue
		}
		// export-control: the joiner keeps its words together
		if k > t0 && joiner(d.a.Text, t, toks[k-1].end) && len(words) > 0 {
			words[len(words)-1] += t.raw
			glue = true
			continue
		}
		if glue && len(words) > 0 && t.kind == tokWord {
			words[len(words)-1] += t.raw
			glue = false
			continue
		}
		glue = false
		if d.countryByDemonym(t) != "" || t.is("the", "a", "an", "who", "its", "his", "her") || t.poss || t.kind == tokPunct {
			if t.poss && (roleNouns[t.norm] || titleWords[t.norm]) {
				words = append(words, t.raw)
			}
			continue
		}
		words = append(words, t.raw)
	}
	for len(words) > 0 && (words[0] == "of" || words[0] == "and" || words[0] == "for") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// titleNorms are the content words of a title.
func titleNorms(toks []token) []string {
	var out []string
	for i := range toks {
		if toks[i].kind == tokWord && !toks[i].is("the", "of", "and", "for", "a", "an", "who") {
			out = append(out, toks[i].norm)
		}
	}
	return out
}

// storedRole is the organisation of a post the graph says the person
// holds, when the title shares a word with the post or its organisation's
// name (Trade Commissioner ~ Commissioner for Trade and Economic Security).
func (d *doc) storedRole(person string, words []string) (string, bool) {
	best, bestScore := "", 0
	for _, r := range d.x.ix.roles[person] {
		have := nameWords(r.role + " " + d.name(r.org))
		score := 0
		for _, w := range words {
			if have[w] || have[stem(w)] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = r.org, score
		}
	}
	return best, bestScore > 0
}

// nameWords are the norms and stems of the words of a name.
func nameWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, t := range nameTokens(s) {
		out[t.norm] = true
		out[stem(t.norm)] = true
	}
	return out
}

// stem cuts a word to its first six letters: minister ~ ministry,
// commissioner ~ commission.
func stem(w string) string {
	if len(w) > 6 {
		return w[:6]
	}
	return w
}

// bodyOf finds the institution a post belongs to: among the institutions
// of country (all of them when country is ""), the one whose name shares
// the post's stem (Minister → Ministry, Commissioner → Commission) and
// most of its field words (Commerce). A tie is no answer.
func (d *doc) bodyOf(country string, words []string) string {
	var roleStems []string
	for _, w := range words {
		if roleNouns[w] && w != "official" && w != "head" && w != "chief" {
			roleStems = append(roleStems, stem(w))
		}
	}
	if len(roleStems) == 0 {
		return ""
	}
	best, bestScore, tie := "", 0, false
	ids := make([]string, 0)
	for id, k := range d.x.ix.ents {
		if k.kind != kg.Institution {
			continue
		}
		if country != "" && d.x.ix.countryOf(id) != country {
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		have := d.x.ix.ents[id].words
		if !slices.ContainsFunc(roleStems, func(s string) bool { return have[s] }) {
			continue
		}
		score := 1
		for _, w := range words {
			if !roleNouns[w] && titleWords[w] && have[w] {
				score++
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = id, score, false
		case score == bestScore:
			tie = true
		}
	}
	if tie || country == "" && bestScore < 2 {
		return ""
	}
	return best
}

// recentOrg is the institution last named whose name holds noun
// ("the ministry" after "Ministry of Commerce").
func (d *doc) recentOrg(noun string) string {
	for _, id := range d.recentIDs() {
		if d.kind(id) != kg.Institution {
			continue
		}
		if k := d.x.ix.ents[id]; k != nil && k.words[noun] || d.x.ix.ents[id] == nil && nameWords(d.name(id))[noun] {
			return id
		}
	}
	return ""
}
