package extract

import (
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// eventTriggers are the words that narrate an event, by category.
var eventTriggers = map[string]string{
	"met": "meeting", "meet": "meeting", "meets": "meeting", "meeting": "meeting", "talks": "talks",
	"talk": "talks", "summit": "summit", "dialogue": "dialogue", "visit": "meeting", "visited": "meeting",
	"call": "call", "videoconference": "call", "video-conference": "call",
	"announced": "announcement", "issued": "announcement", "published": "announcement", "unveiled": "announcement",
	"presented": "announcement", "launched": "announcement", "public": "announcement",
	"phone": "call", "telephone": "call",
}

// eventClass groups categories as the evaluation scores them.
func eventClass(category string) string {
	switch category {
	case "meeting", "talks", "summit", "dialogue":
		return "meeting"
	case "call":
		return "call"
	}
	return "announcement"
}

// graphEventClass maps the categories the curated graph gives events.
func graphEventClass(category string) string {
	switch category {
	case "meeting", "talks", "summit", "dialogue":
		return "meeting"
	case "call":
		return "call"
	case "announcement", "policy", "legislation", "licensing":
		return "announcement"
	}
	return category
}

// events finds the meetings, talks, summits, calls and announcements a
// sentence narrates, with their date (the date nearest the trigger), place
// ("in Busan"), participants (the people and organisations of the clause,
// not those in titles or who only report it) and what they concern (the
// controls of the sentence). An event the graph holds on the same day, of
// the same class, is that event. Events of one class and date in an
// article are one event.
func (d *doc) events(st *sent) {
	if st.headline {
		return
	}
	toks := st.toks
	var triggers []int
	for i := range toks {
		cat, ok := eventTriggers[toks[i].fold]
		if !ok || st.quoted[i] || !d.trigger(st, i, cat) {
			continue
		}
		triggers = append(triggers, i)
	}
	if len(triggers) == 0 {
		return
	}
	// Each date goes to the trigger nearest before it, else after it,
	// within ten words; a date that belongs to a verb of saying (wrote on
	// X early Saturday) or to a dateline is no event's.
	type claim struct {
		dm   dateMention
		dist int
	}
	claims := map[int][]claim{}
	for _, dm := range st.dates {
		if dm.d.prec == noDate || dm.prep == "until" || dm.prep == "since" || dm.prep == "till" || d.speechDate(st, dm) {
			continue
		}
		// "by Oct. 21, when X spoke by phone with Y": the when-clause
		// happened on the date before it
		when := dm.t1+1 < len(toks) && toks[dm.t1].raw == "," && toks[dm.t1+1].is("when")
		best, bestDist := -1, 1<<30
		for _, tr := range triggers {
			dist := dm.t0 - tr
			if dist < 0 {
				dist = -dist*2 + 1
			}
			if when && tr > dm.t1 {
				dist = 1
			} else if tr < dm.t0 && clauseBetween(toks, tr, dm.t0) {
				// "the meeting came a month after the rule took effect on
				// Sept. 29": the date is another clause's
				continue
			}
			if dist < bestDist && dist <= 20 {
				best, bestDist = tr, dist
			}
		}
		if best >= 0 {
			claims[best] = append(claims[best], claim{dm, bestDist})
		}
	}
	// A trigger takes the nearest date it claimed; a date joined to that
	// one by "and" (in April and October) makes a second announcement.
	dateOf := map[int][]date{}
	for tr, cs := range claims {
		first := 0
		for k := range cs {
			if cs[k].dist < cs[first].dist {
				first = k
			}
		}
		dateOf[tr] = append(dateOf[tr], cs[first].dm.d)
		if eventClass(eventTriggers[toks[tr].fold]) == "announcement" {
			for k := first + 1; k < len(cs) && cs[k].dm.prep == "and" && cs[k].dm.t0 <= cs[k-1].dm.t1+1; k++ {
				dateOf[tr] = append(dateOf[tr], cs[k].dm.d)
			}
		}
	}
	for _, tr := range triggers {
		cat := eventTriggers[toks[tr].fold]
		if len(dateOf[tr]) == 0 {
			// an undated meeting or call is the article's one of its
			// class, if it has one: its participants join it
			if eventClass(cat) != "announcement" {
				d.undated = append(d.undated, undatedEvent{eventClass(cat), d.participants(st, tr)})
			}
			continue
		}
		// "the meeting", "the call": the event the article already told
		if tr > 0 && toks[tr-1].is("the", "this", "that") && eventClass(cat) != "announcement" && d.hasEvent(eventClass(cat)) {
			continue
		}
		_, c1 := eventClause(toks, tr)
		var parts []string
		if eventClass(cat) == "announcement" {
			parts = d.announcers(st, tr)
			if len(parts) == 0 && !d.passive(st, tr) {
				continue
			}
		} else {
			parts = d.participants(st, tr)
		}
		for _, dt := range dateOf[tr] {
			e := Event{Category: cat, Date: dt, Participants: uniqueSorted(parts)}
			e.Place = place(d.a.Text, toks, tr, c1)
			e.About = st.controls
			e.Evidence = d.evidence(st, toks[tr].start, toks[tr].end, 0.7)
			if len(e.Participants) > 0 {
				e.Evidence.Confidence = 0.8
			}
			d.addEvent(st, e)
		}
	}
}

// participants of a meeting or call are who the text has meet: the
// subject of "met" or of "held talks" ("X and Y met", "X held a call
// with Y"), the names after "between", "with" or "of" ("talks between A
// and B", "the meeting of A and B"), and the names inside the event's own
// noun phrase ("the EU–China summit"); not organisations in titles, those
// that only qualify another (China's Ministry of Commerce), nor who
// reports the event.
func (d *doc) participants(st *sent, tr int) []string {
	toks := st.toks
	var parts []string
	add := func(a, b int) {
		for _, m := range st.ments {
			if m.t0 >= a && m.t1 <= b && d.isActor(m.id) && !st.titles[m.t0] && !d.modifier(st, m) {
				parts = append(parts, m.id)
			}
		}
	}
	// after the trigger: between A and B, with B, of A and B
	k := tr + 1
	if k < len(toks) && toks[k].is("between", "with", "of", "among") {
		add(k+1, listEnd(d.a.Text, toks, k+1))
	}
	// the verb's subject: X and Y met; X held a call with Y
	verb := -1
	switch {
	case toks[tr].is("met", "meet", "meets", "visited", "talked"):
		verb = tr
	default:
		for j := tr - 1; j >= 0 && j >= tr-4; j-- {
			if toks[j].is("held", "hold", "holds", "had", "has", "have", "holding", "spoke", "speak", "speaks", "talked") {
				verb = j
				break
			}
			if !(toks[j].kind == tokWord && !toks[j].title() || joiner(d.a.Text, &toks[j], toks[max(0, j-1)].end)) {
				break
			}
		}
	}
	if verb >= 0 {
		if id, a, _ := d.npBefore(st, verb, 0); id != "" && d.isActor(id) {
			parts = append(parts, id)
			parts = append(parts, d.coordinated(st, a)...)
		}
	} else {
		// the noun phrase's own names: the EU–China summit
		j := tr
		for j > 0 && (toks[j-1].kind == tokWord && !toks[j-1].is("the", "a", "an", "this", "that", "its", "their") || joiner(d.a.Text, &toks[j-1], toks[max(0, j-2)].end)) && tr-j < 5 {
			j--
		}
		add(j, tr)
	}
	for _, m := range d.reportedBy(st) {
		parts = slices.DeleteFunc(parts, func(id string) bool { return id == m })
	}
	return uniqueSorted(parts)
}

// listEnd is where a list of names after a preposition ends: at
// punctuation or a preposition that starts what follows (on Friday, in
// Busan).
func listEnd(text string, toks []token, k int) int {
	for ; k < len(toks); k++ {
		t := &toks[k]
		if t.kind == tokPunct && !joiner(text, t, toks[max(0, k-1)].end) || t.is("on", "in", "at", "to", "that", "which", "who", "where", "over", "about", "for", "after", "before", "since") {
			return k
		}
	}
	return k
}

// coordinated are the names joined by "and" before the one that starts at
// a, past their titles: Maroš Šefčovič and Chinese Commerce Minister Wang
// Wentao.
func (d *doc) coordinated(st *sent, a int) []string {
	var out []string
	toks := st.toks
	for {
		k := a
		for k > 0 && (st.titles[k-1] || toks[k-1].is("the")) {
			k--
		}
		if k < 2 || !toks[k-1].is("and") {
			return out
		}
		m := st.mentionEndingAt(k - 2)
		if m == nil || !d.isActor(m.id) {
			return out
		}
		out = append(out, m.id)
		a = m.t0
	}
}

// undatedEvent is a meeting or call told without a date.
type undatedEvent struct {
	class        string
	participants []string
}

// mergeUndated gives the participants of undated meetings and calls to
// the article's one dated event of their class.
func (d *doc) mergeUndated() {
	for _, u := range d.undated {
		var only *Event
		n := 0
		for i := range d.res.Events {
			if d.res.Events[i].Class() == u.class {
				only = &d.res.Events[i]
				n++
			}
		}
		if n == 1 && len(u.participants) > 0 {
			only.Participants = uniqueSorted(append(only.Participants, u.participants...))
		}
	}
}

// clauseBetween reports whether a subordinate clause starts between the
// tokens a and b.
func clauseBetween(toks []token, a, b int) bool {
	for k := a + 1; k < b; k++ {
		if toks[k].is("after", "before", "since", "because", "while", "although", "until") {
			return true
		}
	}
	return false
}

// speechDate reports whether a date belongs to a verb of saying before it
// (said on Friday, wrote on X early Saturday).
func (d *doc) speechDate(st *sent, dm dateMention) bool {
	for v := max(0, dm.t0-6); v < dm.t0; v++ {
		if speechVerbs[st.toks[v].fold] && !st.toks[v].is("according", "put", "announced") && d.onlyFillers(st, v+1, dm.t0) {
			return true
		}
	}
	return false
}

// hasEvent reports whether the article has told an event of the class.
func (d *doc) hasEvent(class string) bool {
	for _, e := range d.res.Events {
		if e.Class() == class {
			return true
		}
	}
	return false
}

// announcers are who made an announcement: the subject before the verb
// (the ministry on Thursday announced), or who a passive names after "by"
// (published by the ministry).
func (d *doc) announcers(st *sent, tr int) []string {
	toks := st.toks
	if tr+1 < len(toks) && toks[tr+1].is("by") {
		if id, _, _ := d.npAfter(st, tr+2); id != "" {
			return []string{id}
		}
	}
	if d.passive(st, tr) {
		return nil
	}
	id, a, _ := d.npBefore(st, tr, 0)
	if id == "" || !d.isActor(id) {
		return nil
	}
	return append([]string{id}, d.coordinated(st, a)...)
}

// modifier reports whether a mention only qualifies the name after it:
// a possessive country before an organisation (China's Ministry of
// Commerce).
func (d *doc) modifier(st *sent, m mention) bool {
	last := &st.toks[m.t1-1]
	if !last.poss {
		return false
	}
	next := st.mentionAt(m.t1)
	return next != nil && d.isOrg(next.id)
}

// reportedBy are the speakers of the sentence's statements: they report
// an event, they do not take part in it.
func (d *doc) reportedBy(st *sent) []string {
	var out []string
	for _, s := range d.res.Statements {
		if s.Evidence.Start == d.off.char(st.start) {
			out = append(out, s.Speaker)
		}
	}
	return out
}

// trigger checks the uses of trigger words that narrate no event: "call"
// as a verb (called for), "talks" about nothing in particular, "issued"
// as part of "issues".
func (d *doc) trigger(st *sent, i int, cat string) bool {
	toks := st.toks
	prev := func() *token {
		if i > 0 {
			return &toks[i-1]
		}
		return nil
	}
	switch cat {
	case "call":
		p := prev()
		if toks[i].is("phone", "telephone") {
			// spoke by phone; a phone call is told by "call"
			return p != nil && p.is("by", "on") && !(i+1 < len(toks) && toks[i+1].is("call"))
		}
		return p != nil && p.is("a", "the", "phone", "video", "telephone", "their", "his", "her")
	case "talks", "meeting", "summit", "dialogue":
		return true
	case "announcement":
		// a verb with its actor before it, or a passive with "by"; "made
		// public"
		if toks[i].is("public") {
			return i > 0 && toks[i-1].is("made")
		}
		return !st.quoted[i]
	}
	return true
}

// passive reports whether a trigger at i is a passive participle ("…
// published by the ministry on Friday", "controls announced in October",
// "the order was made public").
func (d *doc) passive(st *sent, i int) bool {
	toks := st.toks
	j := i - 1
	if j >= 0 && toks[i].is("public") {
		j-- // made public
	}
	if j >= 0 && (toks[j].raw == "," || toks[j].kind == tokWord && (controlHeads[toks[j].norm] || toks[j].is("was", "were", "been", "be", "is", "are", "being"))) {
		return true
	}
	return i+1 < len(toks) && toks[i+1].is("by")
}

// eventClause is the clause around a trigger: from the last semicolon
// or "where"/"which" comma before it to the first semicolon, attribution
// or comma before a lower-case word after it (met in Busan, South Korea,
// on Thursday, three weeks after …).
func eventClause(toks []token, tr int) (int, int) {
	c0 := 0
	for k := tr - 1; k >= 0; k-- {
		if toks[k].raw == ";" || toks[k].raw == "," && k+1 < len(toks) && toks[k+1].is("where", "which", "while", "after") {
			c0 = k + 1
			break
		}
	}
	c1 := len(toks)
	for k := tr + 1; k < len(toks); k++ {
		if toks[k].raw == ";" {
			c1 = k
			break
		}
		if toks[k].raw == "," && k+1 < len(toks) && (toks[k+1].kind == tokWord && !toks[k+1].title() && !toks[k+1].is("and", "or") || toks[k+1].is("the", "according")) {
			c1 = k
			break
		}
	}
	return c0, c1
}

// place is the capitalised place after "in" near the trigger: in Busan,
// in Brussels.
func place(text string, toks []token, tr, c1 int) string {
	for k := max(0, tr-8); k < min(c1, tr+8); k++ {
		if !toks[k].is("in") || k+1 >= len(toks) {
			continue
		}
		t := &toks[k+1]
		if t.kind != tokWord || !t.title() || monthName(t) || notNames[t.fold] && !t.is("brussels", "beijing", "washington") {
			continue
		}
		if _, ok := weekdays[t.fold]; ok {
			continue
		}
		end := k + 2
		for end < len(toks) && toks[end].kind == tokWord && toks[end].title() && !monthName(&toks[end]) {
			end++
		}
		return cleanLine(text[t.start:toks[end-1].end])
	}
	return ""
}

// addEvent merges an event into one of the same class and date, or finds
// the graph's event of that day and class, or adds a new one.
func (d *doc) addEvent(st *sent, e Event) {
	for i := range d.res.Events {
		o := &d.res.Events[i]
		if o.Class() == e.Class() && o.Date == e.Date {
			o.Participants = uniqueSorted(append(o.Participants, e.Participants...))
			o.About = uniqueSorted(append(o.About, e.About...))
			if o.Place == "" {
				o.Place = e.Place
			}
			return
		}
	}
	if day := e.Date.day(); day != "" {
		for _, k := range d.x.ix.events {
			if k.attr(kg.AttrOccurred) == day && graphEventClass(k.attr(kg.AttrCategory)) == e.Class() {
				e.ID, e.Known = k.id, true
				break
			}
		}
		if e.ID == "" {
			e.ID = d.spanID("event", st.start, st.end)
		}
	}
	d.res.Events = append(d.res.Events, e)
}

// name is a display name for a new event: its category, who took part,
// where and when.
func (e Event) name(r *Result) string {
	var names []string
	for _, p := range e.Participants {
		names = append(names, r.name(p))
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString(strings.ToUpper(e.Category[:1]) + e.Category[1:])
	if len(names) > 0 {
		b.WriteString(": " + strings.Join(names, ", "))
	}
	if e.Place != "" {
		b.WriteString(", " + e.Place)
	}
	b.WriteString(", " + e.Date.String())
	return b.String()
}
