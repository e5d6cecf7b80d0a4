// Package extract reads news articles and proposes candidate facts for the
// graph, each with the passage it was read from: the entities an article
// names (through the graph's own names, aliases and codes), the roles it
// gives people, the statements it reports with their speakers and dates,
// the meetings, calls and announcements it narrates, the controls it
// refers to and the figures it states.
//
// It works by rules and the graph's gazetteer, in one pass over each
// sentence; it needs no network and no model. The candidates go to a
// review file in the native JSON format (output.go), which `chokepoint
// load` takes once an analyst has kept what is right. Nothing is written
// to the graph here.
//
// The work is split by job: article.go, text.go and html.go read files;
// sentences.go and tokens.go cut text; gazetteer.go finds names; dates.go,
// figures.go and controls.go read dates, amounts and references to
// controls; people.go finds people, organisations and roles;
// attribution.go finds statements and events.go events; output.go and
// report.go write what was found.
package extract

import (
	"slices"
	"sort"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Extractor holds the graph that articles are matched against. It is safe
// for concurrent use.
type Extractor struct {
	ix  *index
	gaz *gazetteer
}

// New indexes a graph for extraction: its entities' names, aliases, codes
// and short forms, and the edges that roles, controls and events are
// checked against.
func New(g kg.Graph) *Extractor {
	ix := newIndex(g)
	return &Extractor{ix: ix, gaz: newGazetteer(ix)}
}

// Evidence is where a candidate was read: the sentence, its place in the
// article's text in characters, the words that name the candidate, and
// how sure the rules that found it are (0 to 1).
type Evidence struct {
	Sentence   string
	Start, End int
	Mention    string
	Confidence float64
}

// Mention is an entity an article names: one of the graph (Known) or a
// person or organisation the graph lacks, with the id proposed for it.
type Mention struct {
	ID    string
	Kind  kg.Kind
	Name  string
	Known bool
	// Count is how many times the article names it.
	Count    int
	Evidence Evidence
}

// Role is a post the article gives a person at an organisation.
type Role struct {
	Person, Org string
	Role        string
	// Known is set when the graph holds the same holds_role edge.
	Known    bool
	Evidence Evidence
}

// Statement is a reported speech act: who said what, and when.
type Statement struct {
	ID      string
	Speaker string // entity id; "" when the text does not tell
	Text    string // the quotation, or the reported clause
	Direct  bool   // a quotation
	Date    date
	About   []string // entities and controls the statement concerns
	// Figures are the amounts the statement states.
	Evidence Evidence
}

// DateString is the statement's date as YYYY-MM-DD, YYYY-MM or "".
func (s Statement) DateString() string { return s.Date.String() }

// Event is a meeting, call, talks, summit or announcement the article
// narrates.
type Event struct {
	ID string
	// Known is set when the graph holds the event (same day and kind).
	Known        bool
	Category     string // meeting, talks, summit, dialogue, call, announcement
	Date         date
	Place        string
	Participants []string
	About        []string
	Evidence     Evidence
}

// DateString is the event's date as YYYY-MM-DD, YYYY-MM or "".
func (e Event) DateString() string { return e.Date.String() }

// Class is the kind of event as scored: meeting (meetings, talks,
// summits, dialogues), call, or announcement.
func (e Event) Class() string { return eventClass(e.Category) }

// ControlRef is a reference to controls of the graph: by official number,
// alias, month, effect or content.
type ControlRef struct {
	IDs      []string
	How      string // number, name, month, day, effect, content
	Evidence Evidence
}

// Figure is an amount the article states.
type Figure struct {
	ID        string
	Value     float64
	Unit      string // EUR bn, USD bn, %, t, t REO, kg…
	Kind      string // money, percent, mass
	Qualifier string
	Per       string
	Period    string
	Measure   string
	About     string // the entity it is a figure of
	Speaker   string // who states it, when the sentence says
	Date      date
	Evidence  Evidence
}

// Result is what one article gives.
type Result struct {
	Article *Article
	// Source is the article's Source record; SourceKnown is set when the
	// graph already has a Source with its URL (Source.ID is then its id).
	Source      kg.Entity
	SourceKnown bool
	Mentions    []Mention
	Roles       []Role
	Statements  []Statement
	Events      []Event
	Controls    []ControlRef
	Figures     []Figure

	x        *Extractor
	newNames map[string]string
}

// name is the display name of an entity of the graph or of the article.
func (r *Result) name(id string) string {
	if k := r.x.ix.ents[id]; k != nil {
		return k.name
	}
	if n, ok := r.newNames[id]; ok {
		return n
	}
	return id
}

// known reports whether the graph holds an edge.
func (r *Result) known(k kg.EdgeKey) bool { return r.x.ix.edges[k] }

// sent is a sentence being read.
type sent struct {
	sentence
	idx   int
	toks  []token
	view  matchView
	ments []mention
	dates []dateMention
	// quoted marks the tokens inside quotation marks.
	quoted []bool
	// titles marks the tokens of role titles before or after a name.
	titles []bool
	// controls are the controls the sentence refers to.
	controls []string
	// headline is set for the article's title where the text repeats it:
	// it restates the story without dates, so no statement, event or
	// figure is read from it.
	headline bool
	// dateline is the first token after a wire dateline, or 0.
	dateline int
}

// doc is the state of one article while it is read.
type doc struct {
	x     *Extractor
	a     *Article
	pub   date
	slug  string
	off   *offsets
	sents []*sent
	// short holds the article's short forms of the people it has named.
	short map[string][]*entry
	// newEnts are the people and organisations the graph lacks.
	newEnts map[string]*newEntity
	// atSent and atTok are where the reading is: anaphors look back from
	// there.
	atSent *sent
	atTok  int
	res    *Result
	// figureSents maps a sentence to its figures, for statements.
	lastSpeakerPerson, lastSpeakerOrg string
	lastStatement                     *Statement
	readingStatements                 bool
	undated                           []undatedEvent
	// ctxYear is the last year the paragraph gave in full.
	ctxYear           int
	lastStatementPara int
	counts            map[string]int
	firstSeen         map[string]Evidence
	mentionOrder      []string
}

// Extract reads one article.
func (x *Extractor) Extract(a *Article) *Result {
	pub, _ := parseDay(a.Published)
	d := &doc{x: x, a: a, pub: pub, slug: articleSlug(a.URL), off: newOffsets(a.Text),
		short: map[string][]*entry{}, newEnts: map[string]*newEntity{}, res: &Result{Article: a, x: x, newNames: map[string]string{}},
		counts: map[string]int{}, firstSeen: map[string]Evidence{}}
	d.source()
	for i, s := range splitSentences(a.Text, a.paras) {
		d.sents = append(d.sents, d.read(i, s))
	}
	for _, pass := range []func(*sent){d.roles, d.controls, d.statements, d.events, d.figures} {
		for _, s := range d.sents {
			d.at(s, len(s.toks))
			pass(s)
		}
	}
	d.mergeUndated()
	d.finish()
	return d.res
}

// read tokenizes a sentence and finds its names and dates.
func (d *doc) read(i int, s sentence) *sent {
	st := &sent{sentence: s, idx: i}
	st.toks = tokenize(d.a.Text, s.start, s.end)
	st.view = newMatchView(d.a.Text, st.toks)
	st.quoted = quotedTokens(st.toks)
	st.titles = make([]bool, len(st.toks))
	kindOf := func(id string) kg.Kind {
		if k := d.x.ix.ents[id]; k != nil {
			return k.kind
		}
		if n := d.newEnts[id]; n != nil {
			return n.kind
		}
		return ""
	}
	caps := capsRuns(st.view.toks)
	st.ments = d.x.gaz.match(st.view, d.short, caps, kindOf, nil)
	// The names inside an event's name are mentions too (the EU–China
	// summit names the EU and China).
	for _, m := range st.ments {
		if m.kind != kg.Event {
			continue
		}
		var sub matchView
		for k, p := range st.view.pos {
			if p >= m.t0 && p < m.t1 {
				sub.toks = append(sub.toks, st.view.toks[k])
				sub.pos = append(sub.pos, p)
			}
		}
		eventOrControl := func(k kg.Kind) bool { return k == kg.Event || k == kg.Control }
		st.ments = append(st.ments, d.x.gaz.match(sub, nil, nil, kindOf, eventOrControl)...)
	}
	for _, m := range st.ments {
		if m.kind == kg.Official {
			d.addShortForms(m.id, d.x.ix.ents[m.id].name)
		}
	}
	d.findNew(st)
	sort.Slice(st.ments, func(a, b int) bool { return st.ments[a].t0 < st.ments[b].t0 })
	for _, m := range st.ments {
		d.note(st, m)
	}
	st.headline = d.isHeadline(s)
	if i == 0 || d.sents[i-1].para != s.para {
		d.ctxYear = 0
	}
	st.dates = findDates(st.toks, d.pub, d.ctxYear)
	for _, dm := range st.dates {
		if !dm.relative && dm.d.prec >= monthOnly {
			d.ctxYear = dm.d.y
		}
	}
	if dl := dateline(st.toks, d.isFirstOfPara(s)); dl > 0 {
		st.dateline = dl
		st.dates = slices.DeleteFunc(st.dates, func(dm dateMention) bool { return dm.t0 < dl })
	}
	return st
}

// isHeadline reports whether s is a paragraph of its own that repeats the
// article's title.
func (d *doc) isHeadline(s sentence) bool {
	p := d.a.paras[s.para]
	if s.start != p.start || s.end != p.end || d.a.Title == "" {
		return false
	}
	return strings.EqualFold(cleanLine(d.a.Text[s.start:s.end]), d.a.Title)
}

// isFirstOfPara reports whether s starts its paragraph.
func (d *doc) isFirstOfPara(s sentence) bool {
	return s.start == d.a.paras[s.para].start
}

// dateline finds the end of a wire dateline at the start of a paragraph
// ("BEIJING, Nov 8 (Reuters) -", "BRUSSELS (AP) —"): a place in capitals,
// then up to a dozen words and a dash between spaces. Its date is when the
// report was filed, not when anything happened.
func dateline(toks []token, first bool) int {
	if !first || len(toks) == 0 || !toks[0].upper() || toks[0].kind != tokWord {
		return 0
	}
	for k := 1; k < len(toks) && k < 16; k++ {
		t := &toks[k]
		if (t.raw == "-" || t.raw == "—" || t.raw == "–") && t.space {
			return k + 1
		}
	}
	return 0
}

// addShortForms lets the rest of the article name a person by a short
// form of the full name it has given.
func (d *doc) addShortForms(id, name string) {
	for _, f := range personShortForms(name) {
		e := makeEntry(id, kg.Official, f, byShort)
		if e == nil {
			continue
		}
		e.rules[0] = capitalised
		list := d.short[e.toks[0]]
		clash := false
		for _, o := range list {
			if o.id != id && equalToks(o.toks, e.toks) {
				clash = true
			}
			if o.id == id && equalToks(o.toks, e.toks) {
				clash = true
				break
			}
		}
		if !clash {
			d.short[e.toks[0]] = append(list, e)
		}
	}
}

func equalToks(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// note counts a mention and keeps the first one's evidence.
func (d *doc) note(st *sent, m mention) {
	if m.kind == kg.Control || m.kind == kg.Event {
		return
	}
	d.counts[m.id]++
	if _, ok := d.firstSeen[m.id]; !ok {
		d.firstSeen[m.id] = d.evidence(st, m.start, m.end, confidenceOf(m))
		d.mentionOrder = append(d.mentionOrder, m.id)
	}
}

// at sets where the reading is, for anaphors: before token i of st.
func (d *doc) at(st *sent, i int) { d.atSent, d.atTok = st, i }

// recentIDs lists the entities named before the reading's place, nearest
// first, from the last few sentences.
func (d *doc) recentIDs() []string {
	var out []string
	st := d.atSent
	if st == nil {
		return nil
	}
	for k := st.idx; k >= 0 && k >= st.idx-12; k-- {
		s := d.sents[k]
		for j := len(s.ments) - 1; j >= 0; j-- {
			m := s.ments[j]
			if k == st.idx && m.t0 >= d.atTok {
				continue
			}
			if m.kind != kg.Control && m.kind != kg.Event {
				out = append(out, m.id)
			}
		}
	}
	return out
}

func confidenceOf(m mention) float64 {
	switch {
	case m.isNew:
		return 0.6
	case m.how == byName:
		return 0.95
	case m.how == byAlias:
		return 0.9
	case m.how == byShort:
		return 0.85
	}
	return 0.8
}

// evidence is the sentence of st with the words from start to end (bytes).
func (d *doc) evidence(st *sent, start, end int, conf float64) Evidence {
	ev := Evidence{Sentence: d.a.Text[st.start:st.end], Start: d.off.char(st.start), End: d.off.char(st.end), Confidence: conf}
	if start < end {
		ev.Mention = d.a.Text[start:end]
	}
	return ev
}

// quotedTokens marks the tokens inside quotation marks.
func quotedTokens(toks []token) []bool {
	marks := make([]bool, len(toks))
	in := false
	for i := range toks {
		switch toks[i].raw {
		case "“":
			in = true
			continue
		case "”":
			in = false
			continue
		case "\"":
			in = !in
			continue
		}
		marks[i] = in
	}
	return marks
}

// mentionAt is the mention that covers token i of st.
func (st *sent) mentionAt(i int) *mention {
	for k := range st.ments {
		if st.ments[k].t0 <= i && i < st.ments[k].t1 {
			return &st.ments[k]
		}
	}
	return nil
}

// mentionEndingAt is the mention whose last token is i.
func (st *sent) mentionEndingAt(i int) *mention {
	for k := range st.ments {
		if st.ments[k].t1-1 == i {
			return &st.ments[k]
		}
	}
	return nil
}

// kind is the kind of an entity, known or new.
func (d *doc) kind(id string) kg.Kind {
	if k := d.x.ix.ents[id]; k != nil {
		return k.kind
	}
	if n := d.newEnts[id]; n != nil {
		return n.kind
	}
	return ""
}

// name is the display name of an entity, known or new.
func (d *doc) name(id string) string {
	if k := d.x.ix.ents[id]; k != nil {
		return k.name
	}
	if n := d.newEnts[id]; n != nil {
		return n.name
	}
	return id
}

// isPerson reports whether id is an official, known or new.
func (d *doc) isPerson(id string) bool { return d.kind(id) == kg.Official }

// isActor reports whether id can speak or take part: an official,
// institution, country or company.
func (d *doc) isActor(id string) bool {
	switch d.kind(id) {
	case kg.Official, kg.Institution, kg.Country, kg.Company:
		return true
	}
	return false
}

// finish gathers the mentions of the article.
func (d *doc) finish() {
	for id, n := range d.newEnts {
		d.res.newNames[id] = n.name
	}
	for _, id := range d.mentionOrder {
		m := Mention{ID: id, Kind: d.kind(id), Name: d.name(id), Count: d.counts[id], Evidence: d.firstSeen[id]}
		if _, ok := d.x.ix.ents[id]; ok {
			m.Known = true
		}
		d.res.Mentions = append(d.res.Mentions, m)
	}
}
