package extract

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// known is what extract knows of one entity of the graph.
type known struct {
	id      string
	kind    kg.Kind
	name    string
	aliases []string
	attrs   map[kg.Attr]string
	// for controls: the official number, its year, and the clauses of it
	// the control is ("2", "1(3)", "2–3"; "" for the whole announcement),
	// from its code
	number, year int
	clause       string
	// issued and effective are a control's dates, when it has them.
	issued, effective date
	// words are the norms and stems of the words of its name and aliases.
	words map[string]bool
}

func (k *known) attr(a kg.Attr) string { return k.attrs[a] }

// roleEdge is a holds_role edge of the graph.
type roleEdge struct{ org, role string }

// index is the part of the graph extract matches articles against: the
// entities and the edges that roles, controls and events are checked on.
type index struct {
	ents         map[string]*known
	roles        map[string][]roleEdge // official → roles
	partOf       map[string][]string   // institution → what it is part of
	members      map[string][]string   // country or institution → its parts
	suspends     map[string][]string   // control → the controls it suspends
	restricts    map[string][]string   // control → items
	inGroup      map[string][]string   // item → groups
	issuedBy     map[string][]string   // control → issuers
	participants map[string][]string   // event → participants
	edges        map[kg.EdgeKey]bool
	sourceByURL  map[string]string
	statements   map[string]bool // ids of the graph's statements
	controls     []*known
	events       []*known
	countries    []*known
	// content holds the words that tell each control by what it covers,
	// and contentAll all of them.
	content    map[string]map[string]bool
	contentAll map[string]bool
}

var codeNumber = regexp.MustCompile(`No\. ?(\d+) \[(\d{4})\](?:, clauses? ([0-9().–-]+))?`)

// newIndex indexes a graph: entities, and the edges of the types extract
// looks at.
func newIndex(g kg.Graph) *index {
	ix := &index{
		ents: map[string]*known{}, roles: map[string][]roleEdge{}, partOf: map[string][]string{},
		members: map[string][]string{}, suspends: map[string][]string{}, restricts: map[string][]string{},
		inGroup: map[string][]string{}, issuedBy: map[string][]string{}, participants: map[string][]string{},
		edges: map[kg.EdgeKey]bool{}, sourceByURL: map[string]string{}, statements: map[string]bool{},
	}
	for i := range g.Entities {
		e := &g.Entities[i]
		if e.Kind == kg.Source {
			if u := e.Attrs[kg.AttrURL]; u != "" {
				ix.sourceByURL[normalURL(u)] = e.ID
			}
			continue
		}
		if e.Kind == kg.Statement {
			ix.statements[e.ID] = true
			continue
		}
		k := &known{id: e.ID, kind: e.Kind, name: e.Name, aliases: e.Aliases, attrs: e.Attrs}
		if k.attrs == nil {
			k.attrs = map[kg.Attr]string{}
		}
		ix.ents[e.ID] = k
		k.words = nameWords(e.Name)
		for _, a := range e.Aliases {
			for w := range nameWords(a) {
				k.words[w] = true
			}
		}
		k.issued, _ = parseDay(k.attrs[kg.AttrIssued])
		k.effective, _ = parseDay(k.attrs[kg.AttrEffective])
		switch e.Kind {
		case kg.Control:
			for _, s := range append([]string{e.Attrs[kg.AttrCode]}, e.Aliases...) {
				if m := codeNumber.FindStringSubmatch(s); m != nil {
					k.number, _ = strconv.Atoi(m[1])
					k.year, _ = strconv.Atoi(m[2])
					k.clause = m[3]
					break
				}
			}
			ix.controls = append(ix.controls, k)
		case kg.Event:
			ix.events = append(ix.events, k)
		case kg.Country:
			ix.countries = append(ix.countries, k)
		}
	}
	for _, e := range g.Edges {
		ix.edges[e.Key()] = true
		switch e.Type {
		case "holds_role":
			ix.roles[e.From] = append(ix.roles[e.From], roleEdge{org: e.To, role: e.Role})
		case "part_of", "member_of":
			ix.partOf[e.From] = append(ix.partOf[e.From], e.To)
			ix.members[e.To] = append(ix.members[e.To], e.From)
		case "suspends":
			ix.suspends[e.From] = append(ix.suspends[e.From], e.To)
		case "restricts":
			ix.restricts[e.From] = append(ix.restricts[e.From], e.To)
		case "in_group":
			ix.inGroup[e.From] = append(ix.inGroup[e.From], e.To)
		case "issued_by":
			ix.issuedBy[e.From] = append(ix.issuedBy[e.From], e.To)
		case "participant":
			ix.participants[e.From] = append(ix.participants[e.From], e.To)
		}
	}
	byID := func(a, b *known) int { return strings.Compare(a.id, b.id) }
	slices.SortFunc(ix.controls, byID)
	slices.SortFunc(ix.events, byID)
	slices.SortFunc(ix.countries, byID)
	ix.content, ix.contentAll = map[string]map[string]bool{}, map[string]bool{}
	for _, c := range ix.controls {
		ix.content[c.id] = ix.contentWords(c)
		for w := range ix.content[c.id] {
			ix.contentAll[w] = true
		}
	}
	return ix
}

// normalURL is a URL as sources are matched by: no fragment, no trailing
// slash, the scheme and host in lower case.
func normalURL(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimSuffix(u, "/")
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		host, path, _ := strings.Cut(rest, "/")
		u = strings.ToLower(u[:i]) + "://" + strings.ToLower(host)
		if path != "" {
			u += "/" + path
		}
	}
	return u
}

// countryOf is the country an institution belongs to, following part_of.
func (ix *index) countryOf(id string) string {
	seen := map[string]bool{}
	for id != "" && !seen[id] {
		seen[id] = true
		if k := ix.ents[id]; k != nil && k.kind == kg.Country {
			return id
		}
		next := ""
		for _, p := range ix.partOf[id] {
			if k := ix.ents[p]; k != nil && (k.kind == kg.Country || k.kind == kg.Institution) {
				next = p
				break
			}
		}
		id = next
	}
	return ""
}

// within reports whether an institution is part of another, at any depth.
func (ix *index) within(id, outer string) bool {
	seen := map[string]bool{}
	for queue := []string{id}; len(queue) > 0; queue = queue[1:] {
		cur := queue[0]
		if seen[cur] {
			continue
		}
		seen[cur] = true
		for _, p := range ix.partOf[cur] {
			if p == outer {
				return true
			}
			queue = append(queue, p)
		}
	}
	return false
}

// LoadGraph reads from a store what extract matches articles against:
// every entity but statements (names, aliases and the attributes that
// dates and numbers are checked on; sources only by their URL) and the
// edges that roles, controls and events are checked on. It reads in pages
// of 1,000 entities and writes nothing.
func LoadGraph(ctx context.Context, st store.Store) (kg.Graph, error) {
	var g kg.Graph
	edgeTypes := []string{"holds_role", "part_of", "member_of", "suspends", "restricts", "in_group", "issued_by", "participant", "about"}
	fields := "xid dgraph.type name aliases code url issued effective until occurred category"
	for _, t := range edgeTypes {
		fields += fmt.Sprintf(" %s @facets(role) { xid }", t)
	}
	after := ""
	const page = 1000
	seen := map[string]bool{}
	for {
		var vars dql.Vars
		root := "has(xid)"
		if after != "" {
			root = fmt.Sprintf("gt(xid, %s)", vars.Add("string", after))
		}
		// Statements come by id and kind only: their words are no names.
		q := vars.Query(fmt.Sprintf("q(func: %s, orderasc: xid, first: %d) @filter(NOT type(Statement)) { %s }\n"+
			"s(func: %s, orderasc: xid, first: %d) @filter(type(Statement)) { xid dgraph.type }", root, page, fields, root, page))
		var out struct{ Q, S []dql.Node }
		if err := store.QueryInto(ctx, st, q, vars.Map(), &out); err != nil {
			return g, fmt.Errorf("extract: read the graph: %w", err)
		}
		for i := range out.Q {
			n := &out.Q[i]
			if n.Kind == "" || seen[n.ID] {
				continue
			}
			seen[n.ID] = true
			g.Entities = append(g.Entities, kg.Entity{ID: n.ID, Kind: n.Kind, Name: n.Name, Aliases: n.Aliases, Attrs: n.Attrs})
			for _, t := range edgeTypes {
				for j := range n.Lists[t] {
					to := &n.Lists[t][j]
					e := to.Edge(t)
					e.From, e.Type, e.To = n.ID, t, to.ID
					g.Edges = append(g.Edges, e)
				}
			}
		}
		for i := range out.S {
			if id := out.S[i].ID; !seen[id] {
				seen[id] = true
				g.Entities = append(g.Entities, kg.Entity{ID: id, Kind: kg.Statement})
			}
		}
		// A block shorter than a page has nothing more after "after"; the
		// next page starts after the earliest last id of the full ones
		// (what the other block read again is skipped).
		next := ""
		for _, b := range [][]dql.Node{out.Q, out.S} {
			if len(b) == page && (next == "" || b[len(b)-1].ID < next) {
				next = b[len(b)-1].ID
			}
		}
		if next == "" {
			return g, nil
		}
		after = next
	}
}
