package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// fillers may stand between a verb of saying and its date or between the
// speaker and the verb: "said in a statement on Friday", "wrote on X early
// Saturday", "told reporters", "first reported", "had said".
var fillers = map[string]bool{
	"in": true, "a": true, "an": true, "the": true, "statement": true, "interview": true, "on": true, "x": true,
	"post": true, "posted": true, "to": true, "reporters": true, "journalists": true, "briefing": true,
	"news": true, "conference": true, "its": true, "his": true, "her": true, "their": true, "website": true,
	"has": true, "had": true, "have": true, "also": true, "first": true, "later": true, "earlier": true,
	"again": true, "separately": true, "previously": true, "himself": true, "herself": true, "itself": true,
	"then": true, "would": true, "will": true, "recently": true, "publicly": true, "latest": true, "annual": true,
	"summary": true, "report": true, "at": true, "time": true, "notice": true, "online": true,
}

// pronouns that stand for a person or an organisation.
var personPronouns = map[string]bool{"he": true, "she": true}
var orgPronouns = map[string]bool{"it": true, "they": true}

// describedNouns are the heads of descriptions that name a speaker
// already named: the ministry, the Commission, the government.
var describedNouns = map[string]bool{
	"ministry": true, "commission": true, "government": true, "agency": true, "bureau": true, "department": true,
	"council": true, "spokesperson": true, "spokesman": true, "spokeswoman": true, "minister": true,
	"commissioner": true, "president": true, "readout": true, "administration": true,
}

// statements finds the reported speech of a sentence: quotations with
// their attribution ("…," Gill said; said Gill; Gill said: "…"), reported
// clauses (X said that …; …, X said; according to X, …; X has put … at …),
// and a quotation standing alone, which continues the last speaker's.
// The speaker is the mention next to the verb, a pronoun (the last person
// or organisation that spoke), or a description (the ministry, the Dutch
// government); the date is the one next to the verb, else that of the same
// speaker's last statement nearby, else the article's.
func (d *doc) statements(st *sent) {
	if st.headline {
		return
	}
	d.readingStatements = true
	defer func() { d.readingStatements = false }()
	toks := st.toks
	quotes := quoteSpans(toks)
	found := false
	for _, cl := range clauses(toks) {
		cl[0] = max(cl[0], st.dateline)
		for v := cl[0]; v < cl[1]; v++ {
			t := &toks[v]
			if st.quoted[v] || !speechVerbs[t.fold] || !d.speechVerb(st, v, cl, quotes) {
				continue
			}
			s, ok := d.statement(st, v, cl, quotes)
			if !ok {
				continue
			}
			found = true
			d.record(st, s)
			if s.Direct {
				break // one quotation, one statement
			}
		}
	}
	// A quotation standing alone continues the last speaker's.
	if !found && len(quotes) > 0 && d.lastStatement != nil && st.para-d.lastStatementPara <= 1 && quotes[0][0] <= 1 {
		s := Statement{Speaker: d.lastStatement.Speaker, Direct: true, Date: d.lastStatement.Date}
		d.quoteText(st, quotes, &s)
		s.Evidence = d.evidence(st, st.start, st.start, 0.5)
		d.record(st, s)
	}
}

// speechVerb checks the uses of verbs that are not speech: "announced"
// without a clause or quotation (an event), "reported" after "was",
// "an estimated", "put" without "at", "according" without "to".
func (d *doc) speechVerb(st *sent, v int, cl [2]int, quotes [][2]int) bool {
	toks := st.toks
	t := &toks[v]
	prev := func(k int) *token {
		if k >= 0 {
			return &toks[k]
		}
		return nil
	}
	switch t.fold {
	case "according":
		return v+1 < len(toks) && toks[v+1].is("to")
	case "put", "puts":
		for k := v + 1; k < cl[1]; k++ {
			if toks[k].is("at") && k+1 < len(toks) && (toks[k+1].kind == tokNumber || toks[k+1].is("about", "around", "some", "roughly", "more", "over", "nearly")) {
				return true
			}
		}
		return false
	case "added", "adds":
		// "he added": with a quotation, a that-clause, or at the end
		if len(quotes) > 0 {
			return true
		}
		k := v + 1
		for k < cl[1] && (d.inDate(st, k) || toks[k].kind == tokPunct) {
			k++
		}
		return k >= cl[1] || toks[k].is("that")
	case "announced", "announces":
		if len(quotes) > 0 {
			return true
		}
		k := v + 1
		for k < cl[1] && (d.inDate(st, k) || toks[k].raw == "," || toks[k].is("in", "a", "statement", "on")) {
			k++
		}
		return k < cl[1] && (toks[k].is("that") || toks[k].raw == ":")
	case "confirmed", "confirms", "described", "describes":
		if len(quotes) > 0 {
			return true
		}
		for k := v + 1; k < min(cl[1], v+8); k++ {
			if toks[k].is("that") || toks[k].raw == ":" {
				return true
			}
			if toks[k].kind == tokWord && !fillers[toks[k].fold] && !d.inDate(st, k) {
				// confirmed them, described an upgraded dialogue: an
				// object; a statement when a speaker is named before
				return t.fold != "announced" && t.fold != "announces"
			}
		}
		return false
	case "reported", "reports", "estimated", "forecast":
		if p := prev(v - 1); p != nil && p.is("was", "were", "been", "be", "is", "are", "an", "the", "widely") {
			return false
		}
		// "Reuters reported the batch": a report of something, with no
		// clause, is no statement; "…, Xinhua reported" and "reported
		// that …" are
		if len(quotes) > 0 || d.endsClause(st, v, cl[1]) {
			return true
		}
		for k := v + 1; k < min(cl[1], v+8); k++ {
			if toks[k].is("that") || toks[k].raw == ":" {
				return true
			}
			if !(toks[k].kind == tokPunct || fillers[toks[k].fold] || d.inDate(st, k)) {
				break
			}
		}
		return !toks[v].is("reported", "reports")
	case "said", "says", "say":
		if p := prev(v - 1); p != nil && p.is("so", "was", "were", "be", "been", "is", "are") {
			return false
		}
	}
	return true
}

func (d *doc) inDate(st *sent, k int) bool {
	for _, dm := range st.dates {
		if dm.t0 <= k && k < dm.t1 {
			return true
		}
	}
	return false
}

// statement reads the statement of the verb at v.
func (d *doc) statement(st *sent, v int, cl [2]int, quotes [][2]int) (Statement, bool) {
	toks := st.toks
	var s Statement
	speaker, sp0, sp1 := "", -1, -1
	conf := 0.85
	if toks[v].is("according") {
		speaker, sp0, sp1 = d.npAfter(st, v+2)
		if speaker == "" {
			return s, false
		}
		conf = 0.8
		// text: what is not the attribution
		if sp0 <= cl[0]+3 {
			k := sp1
			for k < cl[1] && toks[k].raw != "," {
				k++
			}
			d.clauseText(st, k+1, cl[1], &s)
		} else {
			end := v
			if end > cl[0] && toks[end-1].raw == "," {
				end--
			}
			d.clauseText(st, cl[0], end, &s)
		}
	} else {
		// inverted: "said Gill", "said the ministry"
		if id, a, b := d.npAfter(st, v+1); id != "" && (len(quotes) > 0 || v > cl[0] && toks[v-1].raw == ",") {
			speaker, sp0, sp1 = id, a, b
		} else {
			speaker, sp0, sp1 = d.npBefore(st, v, cl[0])
			if sp0 >= 0 {
				sp0 = d.npStart(st, sp0, cl[0])
			}
		}
		if speaker == "" {
			return s, false
		}
		switch {
		case len(quotes) > 0:
			d.quoteText(st, quotes, &s)
		case sp0 > cl[0] && toks[sp0-1].raw == "," && sp0-1 > cl[0] && d.endsClause(st, v, cl[1]):
			// "…, the Commission said"
			d.clauseText(st, cl[0], sp0-1, &s)
		case sp0 > cl[0] && toks[sp0-1].raw == "," && sp0-1 > cl[0] && d.parenthetical(st, v, cl[1]) > 0:
			// "China holds …, the USGS estimates, ahead of Brazil …"
			var before, after Statement
			d.clauseText(st, cl[0], sp0-1, &before)
			d.clauseText(st, d.parenthetical(st, v, cl[1])+1, cl[1], &after)
			if before.Text != "" && after.Text != "" {
				s.Text, s.ID = before.Text+", "+after.Text, before.ID
			}
		case sp0 > v && toks[v-1].raw == ",":
			// "…, said Gill"
			d.clauseText(st, cl[0], v-1, &s)
		default:
			k := v + 1
			if th := thatAfter(toks, v, cl[1]); th > 0 {
				// told a regular briefing on Thursday that …
				k = th
			}
			for k < cl[1] && (fillers[toks[k].fold] && !toks[k].is("the", "a", "an", "its", "his", "her", "their") || d.inDate(st, k) || toks[k].raw == "," || toks[k].raw == ":" ||
				(toks[k].is("x") && k > 0 && toks[k-1].is("on"))) {
				k++
			}
			if k < cl[1] && toks[k].is("that") {
				k++
			}
			if toks[v].is("put", "puts") {
				k = v + 1
				s.Text, s.ID = "", ""
				start, end := toks[k].start, toks[cl[1]-1].end
				for end > start && toks[cl[1]-1].kind == tokPunct && !toks[cl[1]-1].is("%", ")", "”") && cl[1]-1 > k {
					cl[1]--
					end = toks[cl[1]-1].end
				}
				s.Text, s.ID = d.a.Text[start:end], d.spanID("statement", start, end)
				break
			}
			d.clauseText(st, k, cl[1], &s)
		}
	}
	if strings.TrimSpace(s.Text) == "" {
		return s, false
	}
	s.Speaker = speaker
	s.Date, conf = d.statementDate(st, v, sp0, sp1, cl, speaker, conf)
	evStart, evEnd := toks[min(v, sp0)].start, toks[max(v, sp1-1)].end
	s.Evidence = d.evidence(st, evStart, evEnd, conf)
	return s, true
}

// quoteText sets a statement's text to the quotations of the sentence.
func (d *doc) quoteText(st *sent, quotes [][2]int, s *Statement) {
	var parts []string
	first, last := -1, -1
	for _, q := range quotes {
		if q[1] <= q[0] {
			continue
		}
		a, b := st.toks[q[0]].start, st.toks[q[1]-1].end
		parts = append(parts, strings.TrimRight(d.a.Text[a:b], ",;: "))
		if first < 0 {
			first = a
		}
		last = b
	}
	s.Direct = true
	s.Text = strings.Join(parts, " … ")
	s.ID = d.spanID("statement", first, last)
}

// clauseText sets a statement's text to the tokens [a, b).
func (d *doc) clauseText(st *sent, a, b int, s *Statement) {
	toks := st.toks
	for a < b && (toks[a].raw == "," || toks[a].raw == ":" || toks[a].is("that")) {
		a++
	}
	for b > a && toks[b-1].kind == tokPunct && toks[b-1].raw != ")" && toks[b-1].raw != "%" && toks[b-1].raw != "”" && toks[b-1].raw != "\"" {
		b--
	}
	if b <= a {
		return
	}
	start, end := toks[a].start, toks[b-1].end
	s.Text = d.a.Text[start:end]
	s.ID = d.spanID("statement", start, end)
}

// spanID is the id of a record read from the characters [start, end) of
// the article: the kind, the article's slug and the span, so that
// extracting the same article again gives the same ids.
func (d *doc) spanID(kind string, start, end int) string {
	return fmt.Sprintf("%s:%s-%d-%d", kind, d.slug, d.off.char(start), d.off.char(end))
}

// statementDate is the date of the statement of the verb at v.
func (d *doc) statementDate(st *sent, v, sp0, sp1 int, cl [2]int, speaker string, conf float64) (date, float64) {
	toks := st.toks
	// "said at the time": the date the sentence gave before the verb, or
	// the last one before it
	if v+3 < len(toks) && toks[v+1].is("at") && toks[v+2].is("the") && toks[v+3].is("time") {
		for j := len(st.dates) - 1; j >= 0; j-- {
			if st.dates[j].t1 <= v {
				return st.dates[j].d, conf - 0.1
			}
		}
		if prev := d.lastDate(st); prev.prec != noDate {
			return prev, 0.6
		}
	}
	// right after the verb, past fillers: said Tuesday, said on Friday,
	// wrote on X early Saturday; before the "that" of its clause (told a
	// briefing on Thursday that); anywhere after "put … at". A week
	// ("said last week") is no day: the statement has none.
	th := thatAfter(toks, v, cl[1])
	for _, dm := range st.dates {
		if dm.t0 > v && dm.t0 <= v+6 && d.onlyFillers(st, v+1, dm.t0) || dm.t0 > v && dm.t0 < th ||
			toks[v].is("put", "puts") && dm.t0 > v && dm.t0 < cl[1] {
			return dm.d, conf
		}
	}
	// between the speaker and the verb: X on Friday said
	for _, dm := range st.dates {
		if sp1 >= 0 && dm.t0 >= sp1 && dm.t1 <= v && sp1 < v {
			return dm.d, conf
		}
	}
	// at the start of a sentence the speaker opens: On Monday, X said …
	subjectFirst := sp0 >= 0 && sp0 < v
	if subjectFirst {
		for _, dm := range st.dates {
			if dm.t0 <= cl[0]+1 && dm.t1 <= sp0 && d.onlyFillers(st, dm.t1, sp0) {
				return dm.d, conf
			}
		}
		// "At the time the Commission said": the date last given
		if sp0 >= 3 && toks[sp0-3].is("at") && toks[sp0-2].is("the") && toks[sp0-1].is("time") {
			if prev := d.lastDate(st); prev.prec != noDate {
				return prev, 0.6
			}
		}
	}
	// "It said": a pronoun for the speaker that the sentence before, in
	// the same paragraph, named with a date (The Commission presented its
	// plan on Dec. 3. It said …)
	if sp0 >= 0 && sp1 == sp0+1 && (personPronouns[toks[sp0].fold] || orgPronouns[toks[sp0].fold]) && st.idx > 0 {
		if prev := d.sents[st.idx-1]; prev.para == st.para {
			named := slices.ContainsFunc(prev.ments, func(m mention) bool { return m.id == speaker })
			for j := len(prev.dates) - 1; named && j >= 0; j-- {
				if prev.dates[j].d.prec == fullDay && prev.dates[j].prep != "until" {
					return prev.dates[j].d, conf - 0.15
				}
			}
		}
	}
	// the same speaker's last statement, in this paragraph or the one before
	if ls := d.lastStatement; ls != nil && ls.Speaker == speaker && st.para-d.lastStatementPara <= 1 && ls.Date.prec != noDate {
		return ls.Date, conf - 0.1
	}
	return d.pub, conf - 0.15
}

// parenthetical returns the comma that closes an attribution inside a
// sentence (", the USGS estimates,"), or 0.
func (d *doc) parenthetical(st *sent, v, end int) int {
	for k := v + 1; k < end; k++ {
		t := &st.toks[k]
		if t.raw == "," {
			return k
		}
		if t.kind == tokPunct || fillers[t.fold] || d.inDate(st, k) {
			continue
		}
		return 0
	}
	return 0
}

// thatAfter finds the "that" of a reported clause within a few words after
// the verb at v (told a regular briefing on Thursday that …), with no
// comma, quotation or other verb of saying between; 0 when there is none.
func thatAfter(toks []token, v, end int) int {
	for k := v + 1; k < end && k <= v+9; k++ {
		t := &toks[k]
		if t.is("that") {
			return k
		}
		if t.raw == "," || t.raw == "\"" || t.raw == "“" || speechVerbs[t.fold] || t.kind == tokNumber && !isDay(*t) {
			return 0
		}
	}
	return 0
}

// endsClause reports whether only fillers, dates and punctuation follow
// the verb at v in its clause: "…, the Commission said Tuesday."
func (d *doc) endsClause(st *sent, v, end int) bool {
	for k := v + 1; k < end; k++ {
		t := &st.toks[k]
		if t.kind == tokPunct || fillers[t.fold] || d.inDate(st, k) || t.is("early", "late", "x") {
			continue
		}
		return false
	}
	return true
}

// onlyFillers reports whether the tokens [a, b) are fillers or
// punctuation.
func (d *doc) onlyFillers(st *sent, a, b int) bool {
	for k := a; k < b; k++ {
		t := &st.toks[k]
		if t.kind == tokPunct || fillers[t.fold] || t.is("early", "late") {
			continue
		}
		return false
	}
	return true
}

// lastDate is the last date given before the sentence, in its paragraph.
func (d *doc) lastDate(st *sent) date {
	for k := st.idx - 1; k >= 0 && d.sents[k].para == st.para; k-- {
		s := d.sents[k]
		for j := len(s.dates) - 1; j >= 0; j-- {
			if s.dates[j].d.prec != noDate {
				return s.dates[j].d
			}
		}
	}
	return date{}
}

// npAfter finds a speaker that starts at token i: a mention (after "the"),
// or a description.
func (d *doc) npAfter(st *sent, i int) (string, int, int) {
	toks := st.toks
	j := i
	for j < len(toks) && j < i+3 && (toks[j].is("the", "a", "an") || d.countryByDemonym(&toks[j]) != "" && j+1 < len(toks) && !toks[j+1].title() && !describedNouns[toks[j+1].norm] ||
		toks[j].kind == tokWord && !toks[j].title() && (roleNouns[toks[j].norm] || titleWords[toks[j].norm] || toks[j].is("state", "news", "agency"))) {
		if id := d.description(st, j); id != "" && (j+1 >= len(toks) || toks[j+1].kind == tokPunct || !toks[j+1].title()) {
			return id, i, j + 1
		}
		j++
	}
	// a title before a name: said EU Trade Commissioner X
	k := j
	for k < len(toks) && k < j+6 {
		if m := st.mentionAt(k); m != nil {
			if d.isActor(m.id) && (!d.isOrg(m.id) || d.personAfter(st, m.t1) == nil) {
				return m.id, i, m.t1
			}
			if p := d.personAfter(st, m.t1); p != nil {
				return p.id, i, p.t1
			}
			k = m.t1
			continue
		}
		t := &toks[k]
		if t.kind == tokWord && (roleNouns[t.norm] || titleWords[t.norm] || d.countryByDemonym(t) != "") {
			k++
			continue
		}
		break
	}
	for k := j; k < len(toks) && k < j+3; k++ {
		if describedNouns[toks[k].norm] {
			if id := d.description(st, k); id != "" {
				return id, i, k + 1
			}
			break
		}
	}
	return "", -1, -1
}

// npStart extends the start of a speaker's phrase over what stands
// before the name: articles, titles, descriptors and organisations (the
// state news agency Xinhua, European Commission spokesperson Olof Gill).
func (d *doc) npStart(st *sent, i, c0 int) int {
	toks := st.toks
	limit := i - 8
	for i > c0 && i > limit {
		t := &toks[i-1]
		if m := st.mentionEndingAt(i - 1); m != nil && d.isOrg(m.id) {
			i = m.t0
			continue
		}
		if t.kind == tokWord && (t.is("the", "a", "an", "state", "news", "official", "government") || roleNouns[t.norm] ||
			titleWords[t.norm] && !t.is("and", "of", "for") || orgDescriptors[t.norm] || d.countryByDemonym(t) != "") {
			i--
			continue
		}
		if joiner(d.a.Text, t, toks[max(0, i-2)].end) {
			i--
			continue
		}
		break
	}
	return i
}

// personAfter is a person mention that follows token i past a title.
func (d *doc) personAfter(st *sent, i int) *mention {
	for k := i; k < len(st.toks) && k < i+5; k++ {
		if m := st.mentionAt(k); m != nil {
			if d.isPerson(m.id) {
				return m
			}
			k = m.t1 - 1
			continue
		}
		t := &st.toks[k]
		if !(t.kind == tokWord && (roleNouns[t.norm] || titleWords[t.norm])) {
			return nil
		}
	}
	return nil
}

// npBefore finds the speaker that ends right before the verb at v: past
// fillers and dates, and past an appositive between commas (Šefčovič, the
// EU's commissioner …, wrote).
func (d *doc) npBefore(st *sent, v, c0 int) (string, int, int) {
	toks := st.toks
	p := v - 1
	for p >= c0 {
		t := &toks[p]
		switch {
		case d.inDate(st, p):
			p--
			continue
		case t.kind == tokWord && fillers[t.fold] && !t.is("the", "a", "an", "its", "his", "her", "their", "x"):
			p--
			continue
		case t.raw == ",":
			// an appositive: jump to the comma that opens it
			q := p - 1
			for q >= c0 && toks[q].raw != "," {
				q--
			}
			if q < c0 {
				return "", -1, -1
			}
			p = q - 1
			continue
		}
		break
	}
	if p < c0 {
		return "", -1, -1
	}
	if m := st.mentionEndingAt(p); m != nil && d.isActor(m.id) {
		// the organisation in a title before a person is not the speaker
		return m.id, m.t0, m.t1
	}
	t := &toks[p]
	d.at(st, p)
	switch {
	case personPronouns[t.fold]:
		if id := d.lastPerson(); id != "" {
			return id, p, p + 1
		}
	case orgPronouns[t.fold]:
		if id := d.lastOrg(); id != "" {
			return id, p, p + 1
		}
	case describedNouns[t.norm]:
		if id := d.description(st, p); id != "" {
			q := p
			for q > c0 && (toks[q-1].is("the", "a") || d.countryByDemonym(&toks[q-1]) != "" || toks[q-1].kind == tokWord && !toks[q-1].title() && (titleWords[toks[q-1].norm] || roleNouns[toks[q-1].norm])) {
				q--
			}
			return id, q, p + 1
		}
	}
	return "", -1, -1
}

// description resolves a description ending at token p: the Dutch
// government (a country), the government (the last country named), the
// ministry or the Commission (the last institution so named), the
// commissioner or the spokesperson (the last person with such a post).
func (d *doc) description(st *sent, p int) string {
	toks := st.toks
	t := &toks[p]
	if !describedNouns[t.norm] {
		return ""
	}
	if p > 0 {
		if c := d.countryByDemonym(&toks[p-1]); c != "" && t.is("government", "administration") {
			return c
		}
		if m := st.mentionEndingAt(p - 1); m != nil && d.kind(m.id) == kg.Country && t.is("government") {
			return m.id
		}
	}
	// a capitalised description after a title (Commission spokesperson) is
	// a mention, handled before
	switch {
	case t.is("government", "administration"):
		for _, id := range d.recentIDs() {
			if d.kind(id) == kg.Country {
				return id
			}
		}
	case roleNouns[t.norm]:
		for _, r := range slices.Backward(d.res.Roles) {
			if nameWords(r.Role)[t.norm] {
				return r.Person
			}
		}
		return d.lastPerson()
	case t.is("readout"):
		// a Chinese readout: the country's
		for k := p - 1; k >= 0 && k >= p-3; k-- {
			if c := d.countryByDemonym(&toks[k]); c != "" {
				return c
			}
		}
		return ""
	default:
		return d.recentOrg(t.norm)
	}
	return ""
}

// lastPerson is the person who spoke last, else the last person named.
// Speakers count only while statements are read.
func (d *doc) lastPerson() string {
	if d.readingStatements && d.lastSpeakerPerson != "" {
		return d.lastSpeakerPerson
	}
	for _, id := range d.recentIDs() {
		if d.isPerson(id) {
			return id
		}
	}
	return ""
}

// lastOrg is the organisation that spoke last, else the last one named.
func (d *doc) lastOrg() string {
	if d.readingStatements && d.lastSpeakerOrg != "" {
		return d.lastSpeakerOrg
	}
	for _, id := range d.recentIDs() {
		if k := d.kind(id); k == kg.Institution || k == kg.Country {
			return id
		}
	}
	return ""
}

// record keeps a statement with what it is about: the entities and
// controls its text names, besides the speaker.
func (d *doc) record(st *sent, s Statement) {
	if s.ID == "" {
		return
	}
	for _, o := range d.res.Statements {
		if o.ID == s.ID {
			return
		}
	}
	a, b := d.textSpan(st, s)
	for _, m := range st.ments {
		if m.start >= a && m.end <= b && m.id != s.Speaker && m.kind != kg.Statement {
			s.About = append(s.About, m.id)
		}
	}
	s.About = append(s.About, st.controls...)
	s.About = uniqueSorted(s.About)
	d.res.Statements = append(d.res.Statements, s)
	last := &d.res.Statements[len(d.res.Statements)-1]
	d.lastStatement, d.lastStatementPara = last, st.para
	if d.isPerson(s.Speaker) {
		d.lastSpeakerPerson = s.Speaker
	} else {
		d.lastSpeakerOrg = s.Speaker
	}
}

// textSpan is where a statement's text lies in the article (bytes).
func (d *doc) textSpan(st *sent, s Statement) (int, int) {
	if i := strings.Index(d.a.Text[st.start:st.end], strings.SplitN(s.Text, " … ", 2)[0]); i >= 0 {
		return st.start + i, st.end
	}
	return st.start, st.end
}

// quoteSpans are the token ranges inside quotation marks.
func quoteSpans(toks []token) [][2]int {
	var out [][2]int
	open := -1
	for i := range toks {
		switch toks[i].raw {
		case "“":
			open = i + 1
		case "”":
			if open >= 0 {
				out = append(out, [2]int{open, i})
				open = -1
			}
		case "\"":
			if open >= 0 {
				out = append(out, [2]int{open, i})
				open = -1
			} else {
				open = i + 1
			}
		}
	}
	// short quoted words ("so-called" terms) are not quotations of speech
	return slices.DeleteFunc(out, func(q [2]int) bool { return q[1]-q[0] < 4 })
}

// clauses cuts a sentence at semicolons, and at ", and" / ", but" / ",
// while" when the parts on both sides have a verb of saying (… said it
// would grant exemptions, and on Nov. 9 it confirmed them), outside
// quotations.
func clauses(toks []token) [][2]int {
	var cuts []int
	inQuote := false
	for i := range toks {
		switch toks[i].raw {
		case "“", "”", "\"":
			inQuote = toks[i].raw == "“" || toks[i].raw == "\"" && !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if toks[i].raw == ";" || toks[i].raw == "," && i+1 < len(toks) && toks[i+1].is("and", "but", "while") {
			cuts = append(cuts, i)
		}
	}
	hasVerb := func(a, b int) bool {
		for k := a; k < b; k++ {
			if speechVerbs[toks[k].fold] && !toks[k].is("according", "put", "puts") {
				return true
			}
		}
		return false
	}
	var out [][2]int
	start := 0
	for n, c := range cuts {
		next := len(toks)
		if n+1 < len(cuts) {
			next = cuts[n+1]
		}
		if toks[c].raw == "," && !(hasVerb(start, c) && hasVerb(c, next)) {
			continue
		}
		out = append(out, [2]int{start, c})
		start = c + 1
		if toks[c].raw == "," {
			start = c + 2
		}
	}
	return append(out, [2]int{start, len(toks)})
}
