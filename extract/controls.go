package extract

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chokepoint/chokepoint/kg"
)

// controlHeads are the nouns (and a few participles) that refer to a
// control in the text.
var controlHeads = map[string]bool{
	"control": true, "curb": true, "restriction": true, "measure": true, "ban": true, "banned": true, "order": true,
	"rule": true, "notice": true, "announcement": true, "licence": true, "license": true, "exemption": true,
	"suspension": true, "pause": true, "requirement": true, "act": true, "controlled": true, "moratorium": true,
}

// specificHeads say enough on their own when only one or two controls
// carry the word in their names (exemptions, an order, a ban).
var specificHeads = map[string]bool{"exemption": true, "order": true, "ban": true, "banned": true, "licence": true, "license": true, "suspension": true, "act": true}

// genericWords say nothing about which control is meant.
var genericWords = map[string]bool{
	"china": true, "chinese": true, "export": true, "control": true, "on": true, "and": true, "of": true, "the": true,
	"for": true, "to": true, "in": true, "us": true, "dutch": true, "eu": true, "announcement": true, "no": true,
	"clause": true, "measure": true, "item": true, "product": true, "material": true, "raw": true, "critical": true,
	"strategic": true, "list": true, "crm": true, "annex": true, "usgs": true, "light": true, "element": true,
	"its": true, "new": true, "high": true, "end": true, "related": true, "good": true, "s": true, "2023": true,
	"2024": true, "2025": true, "a": true, "by": true, "with": true, "from": true, "or": true, "than": true,
	"more": true, "at": true, "least": true, "other": true, "further": true, "broader": true, "sweeping": true,
	"exporter": true, "that": true, "which": true, "it": true, "this": true, "these": true, "those": true,
	"seven": true, "five": true, "six": true, "twelve": true, "12": true, "month": true, "year": true, "one": true,
	"medium": true, "state": true, "prc": true, "people": true, "republic": true, "so": true, "called": true,
	"effect": true, "take": true, "due": true, "were": true, "was": true, "are": true, "is": true, "be": true,
	"had": true, "has": true, "have": true, "imposed": true, "announced": true, "issued": true, "would": true,
	"will": true, "all": true, "under": true, "also": true, "known": true, "as": true, "rule": true, "order": true,
	"ban": true, "banned": true, "suspension": true, "pause": true, "need": true, "requirement": true, "licence": true,
	"license": true, "notice": true, "restriction": true, "curb": true, "mofcom": true, "gac": true,
}

// contentWords are the words that tell a control by what it covers: of
// its name and aliases, and of the names of what it restricts and their
// groups.
func (ix *index) contentWords(c *known) map[string]bool {
	out := map[string]bool{}
	addName := func(s string) {
		for _, t := range nameTokens(s) {
			if t.kind == tokWord && !genericWords[t.norm] && len(t.norm) > 1 {
				out[t.norm] = true
			}
		}
	}
	addName(c.name)
	for _, a := range c.aliases {
		addName(a)
	}
	for _, item := range ix.restricts[c.id] {
		if k := ix.ents[item]; k != nil {
			addName(k.name)
			for _, a := range k.aliases {
				if len([]rune(a)) > 3 {
					addName(a)
				}
			}
		}
		for _, g := range ix.inGroup[item] {
			if k := ix.ents[g]; k != nil && g == "group:rare-earth-elements" || k != nil && strings.Contains(strings.ToLower(k.name), "rare earth") {
				addName(k.name)
				for _, a := range k.aliases {
					addName(a)
				}
			}
		}
	}
	return out
}

// controls finds the references to controls in a sentence: by official
// number (Announcement No. 61, Nos. 55 to 58, last December's No. 46), by
// name or alias, and by description (the October export controls, the
// controls of April 4, its 12-month suspension, exemptions, the order on
// Nexperia), narrowed by the month or day, issuer and content the words
// around give.
func (d *doc) controls(st *sent) {
	var found []string
	used := make([]bool, len(st.toks))
	add := func(ids []string, how string, t0, t1 int, conf float64) {
		ids = uniqueSorted(ids)
		if len(ids) == 0 {
			return
		}
		for k := t0; k < t1; k++ {
			used[k] = true
		}
		found = append(found, ids...)
		d.res.Controls = append(d.res.Controls, ControlRef{IDs: ids, How: how,
			Evidence: d.evidence(st, st.toks[t0].start, st.toks[t1-1].end, conf)})
	}
	suspendVerb := st.has("suspended", "suspends", "suspend", "paused", "pauses", "halted", "lifted")
	// by name or alias
	for _, m := range st.ments {
		if m.kind == kg.Control {
			ids := []string{m.id}
			if suspendVerb {
				ids = append(ids, d.suspenders(ids, date{}, 0)...)
			}
			add(ids, "name", m.t0, m.t1, 0.9)
		}
	}
	// by number
	for i := 0; i < len(st.toks); i++ {
		if used[i] {
			continue
		}
		ids, t0, t1 := d.numbered(st, i)
		if t1 > t0 {
			add(ids, "number", t0, t1, 0.95)
			i = t1 - 1
		}
	}
	// by description
	for i := range st.toks {
		t := &st.toks[i]
		if used[i] || t.kind != tokWord || !controlHeads[t.norm] || st.quoted[i] {
			continue
		}
		if t.is("act") && !t.title() || t.is("order") && i+1 < len(st.toks) && st.toks[i+1].is("to") {
			continue
		}
		ids, how, t0, t1, conf := d.described(st, i, used, suspendVerb)
		if len(ids) > 0 {
			add(ids, how, t0, t1, conf)
		}
	}
	st.controls = uniqueSorted(found)
}

// has reports whether the sentence holds one of the folded words outside
// quotations.
func (st *sent) has(words ...string) bool {
	for i := range st.toks {
		if !st.quoted[i] && st.toks[i].is(words...) {
			return true
		}
	}
	return false
}

// numbered reads a list of official numbers from token i: "No. 61",
// "Nos. 61 and 62", "No. 55 to 58", "Announcement 61", with a year
// written after it ([2025], of 2025) or a date before it (last December's
// Announcement No. 46); the year is otherwise the latest that has a
// control of that number on or before the article's date.
func (d *doc) numbered(st *sent, i int) ([]string, int, int) {
	toks := st.toks
	t := &toks[i]
	j := i
	switch {
	case t.is("no", "nos", "number", "numbers") && t.title():
		j = i + 1
		if j < len(toks) && toks[j].raw == "." {
			j++
		}
	case t.is("announcement", "announcements", "notice", "notices") && i+1 < len(toks) && toks[i+1].kind == tokNumber:
		j = i + 1
	default:
		return nil, 0, 0
	}
	if j >= len(toks) || toks[j].kind != tokNumber || toks[j].num != float64(int(toks[j].num)) {
		return nil, 0, 0
	}
	start := i
	if start > 0 && toks[start-1].is("announcement", "announcements", "notice", "notices") {
		start--
	}
	var nums []int
	k := j
	for k < len(toks) && toks[k].kind == tokNumber {
		n := int(toks[k].num)
		nums = append(nums, n)
		k++
		// a range: 55 to 58, 55-58
		if k+1 < len(toks) && (toks[k].is("to") || toks[k].raw == "-" || toks[k].raw == "–") && toks[k+1].kind == tokNumber {
			last := int(toks[k+1].num)
			for x := n + 1; x <= last && x-n <= 20; x++ {
				nums = append(nums, x)
			}
			k += 2
		}
		// a list: , 56, and 57, and No. 61
		save := k
		for k < len(toks) && (toks[k].raw == "," || toks[k].is("and", "or") || toks[k].is("no", "nos") || toks[k].raw == ".") {
			k++
		}
		if k >= len(toks) || toks[k].kind != tokNumber || k == save || isYear(toks[k]) {
			k = save
			break
		}
	}
	end := k
	year := 0
	// a year after: [2025], (2025), of 2025
	for y := end; y < len(toks) && y < end+3; y++ {
		if isYear(toks[y]) {
			if toks[y-1].raw == "[" || toks[y-1].raw == "(" || toks[y-1].is("of") {
				year = int(toks[y].num)
				end = y + 1
				if end < len(toks) && (toks[end].raw == "]" || toks[end].raw == ")") {
					end++
				}
			}
			break
		}
	}
	// a date before: last December's Announcement No. 46
	if year == 0 {
		for _, dm := range st.dates {
			if dm.t1 == start || dm.t1 == start-1 {
				year = dm.d.y
			}
		}
	}
	clause := 0
	for c := 0; c+1 < len(toks); c++ {
		switch {
		case toks[c].is("clause") && toks[c+1].kind == tokNumber:
			clause = int(toks[c+1].num)
		case toks[c+1].is("clause") && toks[c].is("first", "second", "third", "fourth"):
			clause = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4}[toks[c].fold]
		}
	}
	var ids []string
	for _, n := range nums {
		ids = append(ids, d.controlByNumber(n, year, clause)...)
	}
	return ids, start, end
}

// controlByNumber finds the controls of official number n: of year y when
// given, else of the latest year on or before the article's date. The
// control of a clause comes too when the sentence names the clause (the
// second clause of No. 46).
func (d *doc) controlByNumber(n, y, clause int) []string {
	best := 0
	for _, c := range d.x.ix.controls {
		if c.number != n {
			continue
		}
		if y != 0 && c.year != y {
			continue
		}
		if y == 0 && c.year > d.pub.y {
			continue
		}
		if c.year > best {
			best = c.year
		}
	}
	var out []string
	for _, c := range d.x.ix.controls {
		if c.number == n && c.year == best && best != 0 && (c.clause == "" || clause > 0 && clauseHolds(c.clause, clause)) {
			out = append(out, c.id)
		}
	}
	return out
}

// clauseHolds reports whether the clauses of a control's code ("2",
// "1(3)", "2–3") take in clause n.
func clauseHolds(spec string, n int) bool {
	lead := spec
	if i := strings.IndexAny(lead, "(–-"); i >= 0 {
		lead = lead[:i]
	}
	first, err := strconv.Atoi(lead)
	if err != nil {
		return false
	}
	if first == n {
		return true
	}
	for _, sep := range []string{"–", "-"} {
		if _, rest, ok := strings.Cut(spec, sep); ok {
			if last, err := strconv.Atoi(rest); err == nil && first <= n && n <= last {
				return true
			}
		}
	}
	return false
}

// described resolves a control named by description around the head noun
// at i: the months and days, issuer and content in its noun phrase and the
// phrase after it, and whether it speaks of a suspension.
func (d *doc) described(st *sent, i int, used []bool, suspendVerb bool) ([]string, string, int, int, float64) {
	toks := st.toks
	head := toks[i].norm
	// the noun phrase: modifiers before the head, and what follows up to
	// the clause's end
	t0 := i
	for t0 > 0 && i-t0 < 8 {
		p := &toks[t0-1]
		if p.kind == tokPunct && !joiner(d.a.Text, p, toks[max(0, t0-2)].end) || used[t0-1] || p.is("said", "and", "but", "after", "before", "than", "while", "that", "which", "who", "when", "where") || speechVerbs[p.fold] {
			break
		}
		t0--
	}
	t1 := i + 1
	long := t1 < len(toks) && toks[t1].is("cover", "covers", "on", "for", "of")
	// "the suspension of the October export controls on rare earths":
	// the suspension's phrase runs through the controls it names
	through := (head == "suspension" || head == "pause") && t1 < len(toks) && toks[t1].is("of")
	for t1 < len(toks) && t1-i < 25 {
		p := &toks[t1]
		if p.raw == "." || p.raw == ";" || p.raw == ":" || used[t1] || p.raw == "," && !long || st.quoted[t1] {
			break
		}
		if t1 > i+1 && (controlHeads[p.norm] && !p.is("controlled") && !through || speechVerbs[p.fold] && !p.is("put", "according") ||
			through && p.is("has", "have", "had", "is", "are", "was", "were", "will", "would", "remain", "remains", "also")) {
			break
		}
		t1++
	}
	var (
		days, monthsIn []date
		effective      bool
		issuerCountry  string
		issuer         string
		concepts       [][]string
		twelveMonths   bool
		suspension     = head == "suspension" || head == "pause" || head == "moratorium"
	)
	for _, dm := range st.dates {
		if dm.t0 < t0 || dm.t0 >= t1 {
			continue
		}
		if dm.prep == "until" || dm.prep == "till" || d.speechDate(st, dm) {
			continue
		}
		// a second month in the phrase counts only when joined by "and"
		// (announced in April and October), not after other words (the
		// October controls … in November)
		if len(days)+len(monthsIn) > 0 && dm.prep != "and" {
			continue
		}
		if dm.prep == "from" && (head != "controlled") || precededBy(toks, dm.t0, "effect", "effective", "apply") {
			effective = true
		}
		switch dm.d.prec {
		case fullDay:
			days = append(days, d.pastDate(dm))
		case monthOnly:
			monthsIn = append(monthsIn, d.pastDate(dm))
		}
	}
	var concept []string
	flush := func() {
		if len(concept) > 0 {
			concepts = append(concepts, concept)
			concept = nil
		}
	}
	for k := t0; k < t1; k++ {
		t := &toks[k]
		// the issuer: a country or body before the head (China's export
		// controls, the Dutch order) or after "by"
		issuerPlace := k < i && (k >= i-3 || t.poss) || k > 0 && toks[k-1].is("by", "with")
		if m := st.mentionAt(k); m != nil {
			switch d.kind(m.id) {
			case kg.Country:
				// the nearest before the head wins (the EU welcomed
				// China's suspension)
				if issuerPlace && (k < i || issuerCountry == "") {
					issuerCountry = m.id
				}
				flush()
				k = m.t1 - 1
				continue
			case kg.Institution:
				if d.x.ix.ents[m.id] != nil && issuerPlace && (k < i || issuer == "") {
					issuer = m.id
				}
			}
		}
		if c := d.countryByDemonym(t); c != "" && issuerPlace && (k < i || issuerCountry == "") {
			issuerCountry = c
		}
		if t.is("12", "twelve", "one") && k+1 < len(toks) && (toks[k+1].is("month", "year") || toks[k+1].raw == "-" && k+2 < len(toks) && toks[k+2].is("month")) ||
			t.is("year") && k > 0 && toks[k-1].is("a", "one") || t.is("year-long", "yearlong") {
			twelveMonths = true
		}
		if t.is("hold") && k > 0 && toks[k-1].is("on") {
			suspension = true
		}
		if t.kind == tokWord && !genericWords[t.norm] && !controlHeads[t.norm] && d.contentWord(t.norm) && !monthName(t) {
			concept = append(concept, t.norm)
			continue
		}
		if t.kind == tokPunct && joiner(d.a.Text, t, toks[max(0, k-1)].end) {
			continue
		}
		flush()
	}
	flush()
	if len(days)+len(monthsIn) == 0 {
		// a date of the sentence's verb: On Oct. 9 the ministry announced
		// further controls; controls China imposed in April
		for _, dm := range st.dates {
			if dm.prep == "until" || dm.prep == "till" || dm.prep == "since" && head != "controlled" {
				continue
			}
			if st.hasVerbNear(dm, "announced", "imposed", "issued", "introduced", "unveiled", "published", "adopted") {
				if dm.d.prec == fullDay {
					days = append(days, d.pastDate(dm))
				} else if dm.d.prec == monthOnly {
					monthsIn = append(monthsIn, d.pastDate(dm))
				}
				break
			}
		}
	}
	if head == "controlled" && len(days)+len(monthsIn) == 0 {
		return nil, "", 0, 0, 0
	}
	// candidates: controls issued on or before the article's date (and up
	// to a month after, for news of what is announced)
	limit := d.pub.time().AddDate(0, 1, 0)
	var base []*known
	for _, c := range d.x.ix.controls {
		if c.issued.prec != fullDay || c.issued.time().After(limit) {
			continue
		}
		if issuerCountry != "" && !d.issuedIn(c.id, issuerCountry) || issuer != "" && !slices.Contains(d.x.ix.issuedBy[c.id], issuer) {
			continue
		}
		base = append(base, c)
	}
	how, conf := "content", 0.6
	dated := base
	switch {
	case len(days) > 0:
		dated = filterControls(base, func(c *known) bool {
			return slices.ContainsFunc(days, func(d date) bool { return sameDay(c, d, effective) })
		})
		how, conf = "day", 0.85
	case len(monthsIn) > 0:
		dated = nil
		for _, m := range monthsIn {
			dated = append(dated, packages(filterControls(base, func(c *known) bool { return sameMonth(c, m, effective) }))...)
		}
		how, conf = "month", 0.75
	}
	datedOK := len(days)+len(monthsIn) > 0
	var picked []*known
	if len(concepts) > 0 {
		for _, cw := range concepts {
			for _, c := range dated {
				words := d.x.ix.content[c.id]
				all := true
				for _, w := range cw {
					if !words[w] {
						all = false
						break
					}
				}
				if all && !slices.Contains(picked, c) {
					picked = append(picked, c)
				}
			}
		}
		if len(picked) == 0 && datedOK {
			picked = dated
		}
	} else if datedOK {
		picked = dated
	}
	// a content match without a date: the date the article last gave, if
	// it picks some of them, or a head noun the controls' names carry
	if !datedOK && len(picked) > 1 {
		if disc := d.discourseDay(st); disc.prec == fullDay {
			if on := filterControls(picked, func(c *known) bool { return sameDay(c, disc, false) }); len(on) > 0 {
				picked, conf = on, 0.65
				datedOK = true
			}
		}
	}
	if !datedOK && len(picked) == 0 && len(concepts) == 0 && (head == "exemption" || head == "notice" && issuer != "") {
		// exemptions; notices issued with the General Administration of
		// Customs, on the day the article last gave
		picked = base
		if head == "notice" {
			picked = nil
			if disc := d.discourseDay(st); disc.prec == fullDay {
				picked = filterControls(base, func(c *known) bool { return sameDay(c, disc, false) })
				conf = 0.6
			}
		}
	}
	if len(picked) > 1 && specificHeads[head] {
		if named := filterControls(picked, func(c *known) bool { return c.words[head] }); len(named) > 0 {
			picked = named
		}
	}
	picked = d.collapseClauses(picked)
	suspend := suspension || suspendVerb && !suspension && len(picked) > 0
	var ids []string
	switch {
	case suspension && len(picked) > 0 && (datedOK || len(concepts) > 0):
		// the suspension of controls the phrase names
		targets := picked
		if head == "suspension" || head == "pause" {
			targets = filterControls(picked, func(c *known) bool { return len(d.x.ix.suspends[c.id]) == 0 })
		}
		ids = append(ids, d.suspenders(controlIDs(targets), date{}, 0)...)
		ids = append(ids, controlIDs(filterControls(targets, func(c *known) bool { return d.suspended(c.id) }))...)
		how = "effect"
	case suspension && (twelveMonths || issuerCountry != ""):
		// "its 12-month suspension": a control that suspends others
		months := 0
		if twelveMonths {
			months = 12
		}
		ids = d.suspenders(nil, date{}, months)
		if issuerCountry != "" {
			ids = slices.DeleteFunc(ids, func(id string) bool { return !d.issuedIn(id, issuerCountry) })
		}
		if len(ids) > 1 {
			ids = d.latest(ids)
		}
		how, conf = "effect", 0.7
	case suspension:
		// "the pause" alone says too little
	case !datedOK && len(concepts) > 0:
		// content alone names too much, unless the sentence suspends it
		// or a specific head narrows it to one or two
		switch {
		case suspendVerb:
			sus := filterControls(picked, func(c *known) bool { return d.suspended(c.id) })
			ids = append(controlIDs(sus), d.suspenders(controlIDs(sus), date{}, 0)...)
			how = "effect"
		case specificHeads[head] && len(picked) <= 2:
			ids = controlIDs(picked)
		}
	default:
		if len(picked) > 8 || !datedOK && len(picked) > 2 {
			return nil, "", 0, 0, 0
		}
		ids = controlIDs(picked)
		if suspend && suspendVerb && len(ids) > 0 {
			ids = append(ids, d.suspenders(ids, date{}, 0)...)
		}
	}
	return ids, how, t0, t1, conf
}

// pastDate is the date of a reference to a control: controls named by
// their month or day were issued before the article, so a date without
// its year that falls after the article's is the year before's (the
// December measures, in November).
func (d *doc) pastDate(dm dateMention) date {
	x := dm.d
	if dm.relative && x.time().After(d.pub.time()) && !(x.y == d.pub.y && x.m == d.pub.m) {
		x.y--
	}
	return x
}

// collapseClauses drops the controls of clauses whose announcement is
// among cs and shares their suspension: "the October controls" name No.
// 61, not each of its clauses; the second clause of No. 46, suspended on
// its own, stays.
func (d *doc) collapseClauses(cs []*known) []*known {
	parent := map[[2]int]*known{}
	for _, c := range cs {
		if c.number != 0 && c.clause == "" {
			parent[[2]int{c.number, c.year}] = c
		}
	}
	return filterControls(cs, func(c *known) bool {
		p := parent[[2]int{c.number, c.year}]
		return c.clause == "" || p == nil || d.suspended(p.id) != d.suspended(c.id)
	})
}

// packages keeps, of the controls of a month, those issued together:
// "the October controls" are the announcements of one day in October, not
// a measure against one company taken earlier that month. A day counts
// as a package when it has three controls or more; a month without one
// keeps all its controls.
func packages(cs []*known) []*known {
	byDay := map[string]int{}
	for _, c := range cs {
		byDay[c.attr(kg.AttrIssued)]++
	}
	var keep []*known
	for _, c := range cs {
		if byDay[c.attr(kg.AttrIssued)] >= 3 {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		return cs
	}
	return keep
}

func monthName(t *token) bool { _, ok := months[t.fold]; return ok && t.title() }

// contentWord reports whether some control of the graph covers w.
func (d *doc) contentWord(w string) bool { return d.x.ix.contentAll[w] }

// hasVerbNear reports whether one of the verbs stands within four words
// of the date.
func (st *sent) hasVerbNear(dm dateMention, verbs ...string) bool {
	for k := max(0, dm.t0-6); k < min(len(st.toks), dm.t1+6); k++ {
		if st.toks[k].is(verbs...) {
			return true
		}
	}
	return false
}

func precededBy(toks []token, i int, words ...string) bool {
	for k := max(0, i-3); k < i; k++ {
		if toks[k].is(words...) {
			return true
		}
	}
	return false
}

// discourseDay is the last full date the article gave before the sentence
// or in it: what a description without a date refers to.
func (d *doc) discourseDay(st *sent) date {
	for k := st.idx; k >= 0 && k >= st.idx-4; k-- {
		s := d.sents[k]
		for j := len(s.dates) - 1; j >= 0; j-- {
			if dm := s.dates[j]; dm.d.prec == fullDay && dm.prep != "until" && dm.prep != "from" {
				return dm.d
			}
		}
	}
	return date{}
}

// issuedIn reports whether a control was issued by an institution of
// country (or by the country).
func (d *doc) issuedIn(id, country string) bool {
	for _, iss := range d.x.ix.issuedBy[id] {
		if iss == country || d.x.ix.countryOf(iss) == country {
			return true
		}
	}
	return false
}

// suspended reports whether some control suspends id.
func (d *doc) suspended(id string) bool {
	for _, targets := range d.x.ix.suspends {
		if slices.Contains(targets, id) {
			return true
		}
	}
	return false
}

// suspenders are the controls that suspend any of targets (any control
// that suspends something when targets is nil), issued up to a month after
// the article, and running for about months when months > 0.
func (d *doc) suspenders(targets []string, _ date, months int) []string {
	limit := d.pub.time().AddDate(0, 1, 0)
	var out []string
	for _, c := range d.x.ix.controls {
		sus := d.x.ix.suspends[c.id]
		if len(sus) == 0 {
			continue
		}
		if targets != nil && !slices.ContainsFunc(sus, func(s string) bool { return slices.Contains(targets, s) }) {
			continue
		}
		iss, ok := parseDay(c.attr(kg.AttrIssued))
		if !ok || iss.time().After(limit) {
			continue
		}
		if months > 0 {
			until, ok := parseDay(c.attr(kg.AttrUntil))
			if !ok {
				continue
			}
			from := iss
			if eff, ok := parseDay(c.attr(kg.AttrEffective)); ok {
				from = eff
			}
			span := until.time().Sub(from.time()).Hours() / 24 / 30.44
			if span < float64(months)-1.5 || span > float64(months)+1.5 {
				continue
			}
		}
		out = append(out, c.id)
	}
	return out
}

// latest keeps the control issued last on or before the article's date,
// or the first issued after it when none was.
func (d *doc) latest(ids []string) []string {
	var before, after string
	var bt, at time.Time
	for _, id := range ids {
		iss, _ := parseDay(d.x.ix.ents[id].attr(kg.AttrIssued))
		t := iss.time()
		if !t.After(d.pub.time()) {
			if before == "" || t.After(bt) {
				before, bt = id, t
			}
		} else if after == "" || t.Before(at) {
			after, at = id, t
		}
	}
	if before != "" {
		return []string{before}
	}
	return []string{after}
}

func sameDay(c *known, d date, effective bool) bool {
	if effective {
		return c.effective == d
	}
	return c.issued == d
}

func sameMonth(c *known, d date, effective bool) bool {
	x := c.issued
	if effective {
		x = c.effective
	}
	return x.prec == fullDay && x.y == d.y && x.m == d.m
}

func filterControls(cs []*known, keep func(*known) bool) []*known {
	var out []*known
	for _, c := range cs {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

func controlIDs(cs []*known) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}

func uniqueSorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
