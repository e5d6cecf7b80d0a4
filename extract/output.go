package extract

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/loaders"
)

// Review is what extraction proposes for the graph: records in the native
// format, which `chokepoint load` takes, and the evidence of every
// candidate, records or not.
type Review struct {
	kg.Graph
}

// Build turns what articles gave into a review: the articles' Sources
// (unless the graph has them), the people and organisations the graph
// lacks, roles, statements, events and figures as records, each citing its
// article and carrying the passage it was read from in its note,
// description or text; and one evidence record per candidate. Candidates
// the graph already holds (mentions of its entities, its roles, its
// events, the controls referred to) are evidence only. The same record
// from two articles is one record citing both. Records come in a stable
// order, so the same articles give the same bytes.
func Build(results []*Result) Review {
	b := builder{ents: map[string]*kg.Entity{}, edges: map[kg.EdgeKey]*kg.Edge{}, seenEv: map[string]bool{}, events: map[string]Event{}}
	for _, r := range results {
		b.article(r)
	}
	var rv Review
	ids := make([]string, 0, len(b.ents))
	for id := range b.ents {
		ids = append(ids, id)
	}
	// Sources first, then the rest by id.
	slices.SortFunc(ids, func(a, c string) int {
		sa, sc := strings.HasPrefix(a, "source:"), strings.HasPrefix(c, "source:")
		if sa != sc {
			if sa {
				return -1
			}
			return 1
		}
		return strings.Compare(a, c)
	})
	for _, id := range ids {
		e := b.ents[id]
		slices.Sort(e.Sources)
		rv.Entities = append(rv.Entities, *e)
	}
	keys := make([]kg.EdgeKey, 0, len(b.edges))
	for k := range b.edges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, c kg.EdgeKey) int {
		return cmp.Or(strings.Compare(a.From, c.From), strings.Compare(a.Type, c.Type), strings.Compare(a.To, c.To))
	})
	for _, k := range keys {
		e := b.edges[k]
		slices.Sort(e.Sources)
		rv.Edges = append(rv.Edges, *e)
	}
	rv.Evidence = b.evidence
	return rv
}

// Write writes a review in the native JSON format: entities, edges, then
// the evidence.
func (rv Review) Write(w io.Writer) error {
	enc := loaders.NewJSONEncoder(w).(loaders.EvidenceEncoder)
	for i := range rv.Entities {
		if err := enc.Entity(&rv.Entities[i]); err != nil {
			return err
		}
	}
	for i := range rv.Edges {
		if err := enc.Edge(&rv.Edges[i]); err != nil {
			return err
		}
	}
	for i := range rv.Evidence {
		if err := enc.Evidence(&rv.Evidence[i]); err != nil {
			return err
		}
	}
	return enc.Close()
}

type builder struct {
	events   map[string]Event // new events of the run by class and day
	ents     map[string]*kg.Entity
	edges    map[kg.EdgeKey]*kg.Edge
	evidence []kg.Evidence
	seenEv   map[string]bool
	// of the article being built
	r   *Result
	src string
}

func (b *builder) article(r *Result) {
	b.r, b.src = r, r.Source.ID
	if !r.SourceKnown {
		src := r.Source
		b.entity(&src)
	}
	for _, m := range r.Mentions {
		status := "known"
		if !m.Known {
			status = "new"
			b.entity(&kg.Entity{ID: m.ID, Kind: m.Kind, Name: m.Name, Description: b.described("Named", m.Evidence),
				Sources: []string{b.src}, Attrs: map[kg.Attr]string{}})
		}
		b.addEvidence(m.ID, "entity", status, m.Evidence)
	}
	for _, ro := range r.Roles {
		key := kg.EdgeKey{From: ro.Person, Type: "holds_role", To: ro.Org}
		status := "known"
		if !ro.Known {
			status = "new"
			b.edge(kg.Edge{From: ro.Person, Type: "holds_role", To: ro.Org, Role: clipLine(ro.Role, 4000), Note: b.note(ro.Evidence)})
		}
		b.addEvidence(edgeRecord(key), "role", status, ro.Evidence)
	}
	for _, s := range r.Statements {
		b.statement(s)
	}
	for _, e := range r.Events {
		b.event(e)
	}
	for _, c := range r.Controls {
		for _, id := range c.IDs {
			b.addEvidence(id, "control", "known", c.Evidence)
		}
	}
	for _, f := range r.Figures {
		b.figure(f)
	}
}

// statement is a Statement record, said_by its speaker and about what it
// names.
func (b *builder) statement(s Statement) {
	if b.r.x.ix.statements[s.ID] {
		b.addEvidence(s.ID, "statement", "known", s.Evidence)
		return
	}
	e := &kg.Entity{ID: s.ID, Kind: kg.Statement, Name: b.statementName(s), Sources: []string{b.src},
		Attrs: map[kg.Attr]string{kg.AttrText: s.Text}}
	if day := s.Date.day(); day != "" {
		e.Attrs[kg.AttrOccurred] = day
	}
	e.Description = b.described("Reported", s.Evidence)
	if s.Date.prec == monthOnly || s.Date.prec == yearOnly {
		e.Description += " Said in " + s.Date.String() + "."
	}
	b.entity(e)
	if s.Speaker != "" {
		b.edge(kg.Edge{From: s.ID, Type: "said_by", To: s.Speaker, Note: b.note(s.Evidence)})
	}
	for _, a := range s.About {
		if a != s.Speaker {
			b.edge(kg.Edge{From: s.ID, Type: "about", To: a, Note: b.note(s.Evidence)})
		}
	}
	b.addEvidence(s.ID, "statement", "new", s.Evidence)
}

// event is an Event record with its participants and what it concerns; an
// event the graph holds gets only the links it lacks; one without a day is
// evidence only. The same meeting or announcement told by an earlier
// article of the run (same class and day, a participant in common) is
// that article's event, which then cites both.
func (b *builder) event(e Event) {
	id := e.ID
	if e.Date.day() == "" {
		if id == "" {
			id = fmt.Sprintf("event:%s-%d-%d", articleSlug(b.r.Article.URL), e.Evidence.Start, e.Evidence.End)
		}
		b.addEvidence(id, "event", "incomplete", e.Evidence)
		return
	}
	status := "known"
	if !e.Known {
		status = "new"
		key := e.Class() + " " + e.Date.day()
		if prev, ok := b.events[key]; ok && overlap(prev.Participants, e.Participants) {
			id = prev.ID
		} else {
			b.events[key] = e
		}
		desc := b.described("Reported", e.Evidence)
		if e.Place != "" {
			desc += " Place: " + e.Place + "."
		}
		b.entity(&kg.Entity{ID: id, Kind: kg.Event, Name: clipLine(e.name(b.r), 900), Description: desc, Sources: []string{b.src},
			Attrs: map[kg.Attr]string{kg.AttrOccurred: e.Date.day(), kg.AttrCategory: e.Category}})
	}
	b.addEvidence(id, "event", status, e.Evidence)
	for _, p := range e.Participants {
		b.link(kg.Edge{From: id, Type: "participant", To: p, Note: b.note(e.Evidence)}, "event", e.Evidence)
	}
	for _, a := range e.About {
		b.link(kg.Edge{From: id, Type: "about", To: a, Note: b.note(e.Evidence)}, "event", e.Evidence)
	}
}

// link adds an edge the graph lacks, with its evidence.
func (b *builder) link(e kg.Edge, category string, ev Evidence) {
	if b.r.known(e.Key()) {
		return
	}
	b.edge(e)
	b.addEvidence(edgeRecord(e.Key()), category, "new", ev)
}

// figure is a Statement record of the sentence that states it, about the
// entity it is a figure of with its amount and unit; without such an
// entity it is evidence only.
func (b *builder) figure(f Figure) {
	switch {
	case f.About == "":
		b.addEvidence(f.ID, "figure", "incomplete", f.Evidence)
		return
	case b.r.x.ix.statements[f.ID]:
		b.addEvidence(f.ID, "figure", "known", f.Evidence)
		return
	}
	e := &kg.Entity{ID: f.ID, Kind: kg.Statement, Name: clipLine(b.figureName(f), 900), Sources: []string{b.src},
		Attrs: map[kg.Attr]string{kg.AttrText: f.Evidence.Sentence}}
	if day := f.Date.day(); day != "" {
		e.Attrs[kg.AttrOccurred] = day
	}
	e.Description = b.described("Stated", f.Evidence)
	b.entity(e)
	q := f.Value
	unit := f.Unit
	if f.Per != "" {
		unit += " per " + f.Per
	}
	var parts []string
	for _, p := range []string{f.Measure, f.Qualifier, f.Period} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	note := b.note(f.Evidence)
	if len(parts) > 0 {
		note = strings.Join(parts, "; ") + ". " + note
	}
	b.edge(kg.Edge{From: f.ID, Type: "about", To: f.About, Quantity: &q, Unit: unit, Note: note})
	if f.Speaker != "" {
		b.edge(kg.Edge{From: f.ID, Type: "said_by", To: f.Speaker, Note: b.note(f.Evidence)})
	}
	b.addEvidence(f.ID, "figure", "new", f.Evidence)
}

// entity adds a record, or merges a second one of the same id: sources
// join, the first name and description stay.
func (b *builder) entity(e *kg.Entity) {
	if o, ok := b.ents[e.ID]; ok {
		for _, s := range e.Sources {
			if !slices.Contains(o.Sources, s) {
				o.Sources = append(o.Sources, s)
			}
		}
		return
	}
	cp := *e
	cp.Sources = slices.Clone(e.Sources)
	b.ents[e.ID] = &cp
}

// edge adds an edge citing the article, or merges it into the same edge of
// another article: sources join, notes follow each other.
func (b *builder) edge(e kg.Edge) {
	e.Sources = []string{b.src}
	k := e.Key()
	if o, ok := b.edges[k]; ok {
		if !slices.Contains(o.Sources, b.src) {
			o.Sources = append(o.Sources, b.src)
			if e.Note != "" && len(o.Note)+len(e.Note) < 30000 {
				o.Note += "\n" + e.Note
			}
		}
		return
	}
	b.edges[k] = &e
}

func (b *builder) addEvidence(record, category, status string, ev Evidence) {
	key := record + "\x00" + category + "\x00" + strconv.Itoa(ev.Start) + "\x00" + b.src
	if b.seenEv[key] {
		return
	}
	b.seenEv[key] = true
	b.evidence = append(b.evidence, kg.Evidence{Record: record, Category: category, Status: status, Source: b.src,
		Text: ev.Sentence, Start: ev.Start, End: ev.End, Mention: ev.Mention, Confidence: roundConf(ev.Confidence)})
}

func roundConf(c float64) float64 {
	c = max(0, min(1, c))
	r, _ := strconv.ParseFloat(strconv.FormatFloat(c, 'f', 2, 64), 64)
	return r
}

// note is the passage a record was read from, where, and how sure the
// reading is, for an edge's note.
func (b *builder) note(ev Evidence) string {
	return fmt.Sprintf("From %s, characters %d–%d: “%s” (extraction confidence %.2f)", b.r.Article.URL, ev.Start, ev.End,
		ev.Sentence, ev.Confidence)
}

// described is a new entity's description: how it was found and where.
func (b *builder) described(how string, ev Evidence) string {
	a := b.r.Article
	return fmt.Sprintf("%s in “%s” (%s, %s), characters %d–%d: “%s”", how, a.Title, a.URL, a.Published, ev.Start, ev.End, ev.Sentence)
}

func (b *builder) statementName(s Statement) string {
	who := "Unattributed"
	if s.Speaker != "" {
		who = b.r.name(s.Speaker)
	}
	return clipLine(who+": "+s.Text, 200)
}

func (b *builder) figureName(f Figure) string {
	name := figure{value: f.Value, unit: f.Unit, kind: f.Kind}.text()
	if f.Per != "" {
		name += " a " + f.Per
	}
	if f.Measure != "" {
		name += " (" + f.Measure + ")"
	}
	return clipLine(name+": "+b.r.name(f.About), 200)
}

// overlap reports whether two lists of participants share one, or either
// is empty.
func overlap(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	return slices.ContainsFunc(a, func(x string) bool { return slices.Contains(b, x) })
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// edgeRecord names an edge in evidence: "from type to".
func edgeRecord(k kg.EdgeKey) string { return k.From + " " + k.Type + " " + k.To }

// clipLine makes s one line of at most n bytes.
func clipLine(s string, n int) string { return clip(cleanLine(s), n) }
