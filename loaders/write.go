package loaders

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
	"github.com/chokepoint/chokepoint/store/dql"
)

// Options tune a load.
type Options struct {
	// DryRun validates and reports what would change, writing nothing.
	DryRun bool
	// BatchSize is how many records go in one transaction (default 1000).
	BatchSize int
	// Replace writes whole records: a field a record omits is removed
	// rather than kept as stored.
	Replace bool
	// Diff keeps in the Report what each record created or updated
	// changes, field by field (at most maxDiff records).
	Diff bool
	// Progress, if set, is called after each batch.
	Progress func(done, total int)
}

// Counts says how many records a load created, updated or left as they were.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Report is the outcome of a load.
type Report struct {
	Entities Counts `json:"entities"`
	Edges    Counts `json:"edges"`
	DryRun   bool   `json:"dryRun"`
	// Warnings are what the load let through but a reader should know:
	// edges whose every source is undated (checkSourceDates).
	Warnings []string `json:"warnings,omitempty"`
	// Diff is set when Options.Diff asks for it.
	Diff *Diff `json:"diff,omitempty"`
}

// Diff lists, per record created or updated, what a load adds, changes and
// removes, in the order written: at most maxDiff records, so that a bulk
// load's report stays small; LeftOut counts the rest.
type Diff struct {
	Records []RecordDiff `json:"records"`
	LeftOut int          `json:"leftOut,omitempty"`
}

// maxDiff bounds the records a Diff details.
const maxDiff = 10000

// merge adds the outcome of one committed batch.
func (r *Report) merge(b Report) {
	add(&r.Entities, b.Entities)
	add(&r.Edges, b.Edges)
	if r.Diff == nil || b.Diff == nil {
		return
	}
	for _, d := range b.Diff.Records {
		if len(r.Diff.Records) < maxDiff {
			r.Diff.Records = append(r.Diff.Records, d)
		} else {
			r.Diff.LeftOut++
		}
	}
}

// record adds a record's changes when the report keeps a diff; they are
// only worked out then.
func (r *Report) record(d func() RecordDiff) {
	if r.Diff != nil {
		r.Diff.Records = append(r.Diff.Records, d())
	}
}

// SameCounts reports whether two reports count the same records the same
// way, whatever their diffs and warnings.
func SameCounts(a, b Report) bool {
	return a.Entities == b.Entities && a.Edges == b.Edges && a.DryRun == b.DryRun
}

func (r Report) String() string {
	verb := "loaded"
	if r.DryRun {
		verb = "dry run, nothing written; would load"
	}
	return fmt.Sprintf("%s: entities %d created, %d updated, %d unchanged; edges %d created, %d updated, %d unchanged",
		verb, r.Entities.Created, r.Entities.Updated, r.Entities.Unchanged, r.Edges.Created, r.Edges.Updated, r.Edges.Unchanged)
}

const defaultBatch = 1000

// emptyReport is an empty report for a load with opt.
func emptyReport(opt Options) Report {
	r := Report{DryRun: opt.DryRun}
	if opt.Diff {
		r.Diff = &Diff{}
	}
	return r
}

// Load validates a whole input, then upserts it by id in batches: entities
// first (sources before the rest), then edges. Nothing is written when any
// record is invalid.
func Load(ctx context.Context, st store.Store, g kg.Graph, opt Options) (Report, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = defaultBatch
	}
	v, ps := validate(g, opt.Replace)
	published, err := resolveRefs(ctx, st, v.refs, &ps)
	if err != nil {
		return Report{}, err
	}
	for _, e := range v.graph.Entities {
		if e.Kind == kg.Source && e.Attrs[kg.AttrPublished] != "" {
			published[e.ID] = e.Attrs[kg.AttrPublished]
		}
	}
	warnings := checkSourceDates(v.graph.Edges, published, &ps)
	if err := checkMerged(ctx, st, &v, &ps); err != nil {
		return Report{}, err
	}
	if err := ps.Err(); err != nil {
		return Report{}, err
	}
	w := writer{st: st, opt: opt, report: emptyReport(opt), total: len(v.graph.Entities) + len(v.graph.Edges),
		input: &v, early: map[string]bool{}}
	w.report.Warnings = warnings
	ents := slices.Clone(v.graph.Entities)
	slices.SortStableFunc(ents, func(a, b kg.Entity) int {
		return boolInt(a.Kind != kg.Source) - boolInt(b.Kind != kg.Source)
	})
	for batch := range slices.Chunk(ents, opt.BatchSize) {
		if err := w.entities(ctx, batch); err != nil {
			return w.report, err
		}
	}
	for batch := range slices.Chunk(v.graph.Edges, opt.BatchSize) {
		if err := w.edges(ctx, batch); err != nil {
			return w.report, err
		}
	}
	return w.report, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// resolveRefs checks ids that the input uses but does not define against
// the graph, and returns the publication dates of the Sources among them.
func resolveRefs(ctx context.Context, st store.Store, refs []reference, ps *Problems) (map[string]string, error) {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.id
	}
	kinds := map[string]kg.Kind{}
	published := map[string]string{}
	for chunk := range slices.Chunk(sortedSet(ids), defaultBatch) {
		var vars dql.Vars
		q := vars.Query(fmt.Sprintf("q(func: eq(xid, %s)) { xid dgraph.type published }", vars.List(chunk)))
		var out struct {
			Q []struct {
				XID       string   `json:"xid"`
				Types     []string `json:"dgraph.type"`
				Published string   `json:"published"`
			} `json:"q"`
		}
		if err := store.QueryInto(ctx, st, q, vars.Map(), &out); err != nil {
			return nil, fmt.Errorf("check references: %w", err)
		}
		for _, n := range out.Q {
			if len(n.Types) > 0 {
				kinds[n.XID] = kg.Kind(n.Types[0])
			}
			if len(n.Published) >= 10 {
				published[n.XID] = n.Published[:10]
			}
		}
	}
	// A partial record of an entity the graph lacks is a new record
	// without its required fields: those are its problems, as if the
	// record had been refused before its references were checked.
	refused := map[kg.Pos]bool{}
	for _, r := range refs {
		if _, ok := kinds[r.id]; !ok && r.missing != nil {
			refused[r.pos] = true
			for _, f := range r.missing {
				addMissing(ps, r.pos, r.kind, f)
			}
		}
	}
	for _, r := range refs {
		k, ok := kinds[r.id]
		switch {
		case refused[r.pos]: // reported above
		case !ok:
			ps.add(r.pos, r.field, "%s is not defined in the input nor in the graph", r.id)
		case !slices.Contains(r.kinds, k):
			ps.add(r.pos, r.field, "%s is a %s; want %s", r.id, k, kindList(r.kinds))
		}
	}
	return published, nil
}

type writer struct {
	st     store.Store
	opt    Options
	report Report
	done   int
	total  int
	input  *validated
	// early holds the ids of Sources that this load created, with only
	// their id and kind, in a batch before their own, because a record
	// there cited them.
	early map[string]bool
}

func (w *writer) progress(n int) {
	w.done += n
	if w.opt.Progress != nil {
		w.opt.Progress(w.done, w.total)
	}
}

// entityFields is what the writer fetches to compare: every node predicate
// (the typed attributes from kg.Attrs).
var entityFields = "uid xid name sortkey aliases folded description " + strings.Join(kg.AttrNames(), " ") + " sources { xid }"

// stored is a node's current values in canonical text form.
type stored struct {
	uid    string
	values map[string]string   // scalar predicates
	lists  map[string][]string // list predicates, sorted
}

// storedOf is a node as read from the graph, in canonical form.
func storedOf(n *dql.Node) stored {
	s := stored{uid: n.UID, values: map[string]string{}, lists: map[string][]string{}}
	if n.Name != "" {
		s.values["name"] = n.Name
	}
	if n.SortKey != "" {
		s.values["sortkey"] = n.SortKey
	}
	if n.Description != "" {
		s.values["description"] = n.Description
	}
	for a, v := range n.Attrs {
		s.values[string(a)] = v
	}
	s.lists["aliases"] = sortedSet(n.Aliases)
	s.lists["folded"] = sortedSet(n.Folded)
	sources := make([]string, len(n.Sources))
	for i, src := range n.Sources {
		sources[i] = src.ID
	}
	s.lists["sources"] = sortedSet(sources)
	return s
}

// desired is an entity as the writer wants it stored.
func desired(e kg.Entity) stored {
	s := stored{values: map[string]string{"name": e.Name, "sortkey": kg.SortKey(e.Name, e.ID)}, lists: map[string][]string{}}
	if e.Description != "" {
		s.values["description"] = e.Description
	}
	for a, v := range e.Attrs {
		s.values[string(a)] = v
	}
	var folded []string
	for _, n := range e.SearchNames() {
		folded = append(folded, kg.Fold(n))
	}
	s.lists["aliases"] = sortedSet(e.Aliases)
	s.lists["folded"] = sortedSet(folded)
	s.lists["sources"] = sortedSet(e.Sources)
	return s
}

// lookup fetches nodes by xid, in a transaction or not, with the body fields
// (which may name more variables); each has a uid and an xid, or lookup
// fails.
func lookup(ctx context.Context, qr store.Querier, vars *dql.Vars, ids []string, fields string) (map[string]*dql.Node, error) {
	q := vars.Query(fmt.Sprintf("q(func: eq(xid, %s)) { %s }", vars.List(sortedSet(ids)), fields))
	var out struct{ Q []dql.Node }
	if err := store.QueryInto(ctx, qr, q, vars.Map(), &out); err != nil {
		return nil, err
	}
	nodes := make(map[string]*dql.Node, len(out.Q))
	for i, n := range out.Q {
		if n.UID == "" || n.ID == "" {
			return nil, fmt.Errorf("look up nodes: a node without uid or xid (%q, %q)", n.UID, n.ID)
		}
		nodes[n.ID] = &out.Q[i]
	}
	return nodes, nil
}

// write runs build inside a transaction and applies its mutation, unless
// this is a dry run. Counts are kept only once the transaction commits, so a
// retried transaction does not count twice.
func (w *writer) write(ctx context.Context, build func(ctx context.Context, tx store.Txn, m *nquads, c *Report) error) error {
	var counted Report
	err := w.st.Update(ctx, func(ctx context.Context, tx store.Txn) error {
		counted = emptyReport(w.opt)
		var m nquads
		if err := build(ctx, tx, &m, &counted); err != nil {
			return err
		}
		if w.opt.DryRun {
			return nil
		}
		_, err := tx.Mutate(ctx, store.Mutation{Set: []byte(m.set.String()), Del: []byte(m.del.String())})
		return err
	})
	if err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	w.report.merge(counted)
	return nil
}

func add(to *Counts, c Counts) {
	to.Created += c.Created
	to.Updated += c.Updated
	to.Unchanged += c.Unchanged
}

// entities upserts one batch of entities by xid. A record may cite a Source
// that neither the graph nor this batch holds yet, because the input defines
// it in a later batch: the batch creates that Source's node with its id and
// kind, so that the citation reaches it, and the Source's own batch writes
// the rest and counts it as created. So batch boundaries never change what
// is stored.
func (w *writer) entities(ctx context.Context, batch []kg.Entity) error {
	ids := make([]string, 0, len(batch))
	inBatch := make(map[string]bool, len(batch))
	for _, e := range batch {
		ids = append(ids, e.ID)
		ids = append(ids, e.Sources...)
		inBatch[e.ID] = true
	}
	ids = sortedSet(ids)
	blank := make(map[string]string, len(ids))
	for i, id := range ids {
		blank[id] = "n" + strconv.Itoa(i)
	}
	var ahead map[string]bool // Sources of later batches that this batch creates
	err := w.write(ctx, func(ctx context.Context, tx store.Txn, m *nquads, c *Report) error {
		ahead = map[string]bool{}
		nodes, err := lookup(ctx, tx, &dql.Vars{}, ids, entityFields)
		if err != nil {
			return err
		}
		// uid of every id the batch names: existing uid or a blank node.
		ref := func(id string) string {
			if n, ok := nodes[id]; ok {
				return node(n.UID)
			}
			return node(blank[id])
		}
		for _, e := range batch {
			for _, src := range e.Sources {
				if _, stored := nodes[src]; stored || inBatch[src] || ahead[src] {
					continue
				}
				kind, ok := w.input.kind(src)
				if !ok { // checked against the graph, but since removed from it
					return kg.Errorf(kg.CodeConflict, "%s: sources: %s is no longer in the graph", e.Pos, src)
				}
				m.setValue(ref(src), "xid", src)
				m.setValue(ref(src), "dgraph.type", string(kind))
				ahead[src] = true
			}
		}
		for _, e := range batch {
			raw, exists := nodes[e.ID]
			have := stored{values: map[string]string{}, lists: map[string][]string{}}
			if exists {
				have = storedOf(raw)
			}
			if !w.opt.Replace {
				e = mergeEntity(e, have)
			}
			want := desired(e)
			created := !exists || w.early[e.ID]
			if !exists {
				m.setValue(ref(e.ID), "xid", e.ID)
				m.setValue(ref(e.ID), "dgraph.type", string(e.Kind))
			}
			switch changed := writeNode(m, ref(e.ID), have, want, ref); {
			case created:
				c.Entities.Created++
			case changed:
				c.Entities.Updated++
			default:
				c.Entities.Unchanged++
				continue
			}
			c.record(func() RecordDiff {
				return RecordDiff{ID: e.ID, Created: created, Changes: entityChanges(have, want)}
			})
		}
		return nil
	})
	if err == nil && !w.opt.DryRun {
		for _, e := range batch {
			delete(w.early, e.ID)
		}
		for id := range ahead {
			w.early[id] = true
		}
	}
	w.progress(len(batch))
	return err
}

// scalarPredicates are the single-valued node predicates an entity record
// owns: once the record is merged with what is stored (mergeEntity),
// absent from it means absent from the graph. They are name,
// the sort key derived from it, description and every typed attribute of
// kg.Attrs.
var scalarPredicates = append([]string{"name", "sortkey", "description"}, kg.AttrNames()...)

// writeNode adds the changes from have to want; it reports whether there
// were any.
func writeNode(m *nquads, subj string, have, want stored, ref func(string) string) bool {
	changed := false
	for _, p := range scalarPredicates {
		h, w := have.values[p], want.values[p]
		if h == w {
			continue
		}
		changed = true
		if w == "" {
			m.delAll(subj, p)
		} else {
			m.setValue(subj, p, w)
		}
	}
	for _, p := range []string{"aliases", "folded", "sources"} {
		h, w := have.lists[p], want.lists[p]
		if slices.Equal(h, w) {
			continue
		}
		changed = true
		if len(h) > 0 {
			m.delAll(subj, p)
		}
		for _, v := range w {
			if p == "sources" {
				m.setEdge(subj, p, ref(v), "")
			} else {
				m.setValue(subj, p, v)
			}
		}
	}
	return changed
}

// storedEdges reads the `from` nodes of edges with, of their stored edges,
// only those to the edges' targets: a hub's other edges cost nothing.
func storedEdges(ctx context.Context, q store.Querier, edges []kg.Edge) (map[string]*dql.Node, error) {
	from := make([]string, len(edges))
	targets := map[string][]string{} // by edge type
	for i, e := range edges {
		from[i] = e.From
		targets[e.Type] = append(targets[e.Type], e.To)
	}
	var vars dql.Vars
	fields := "uid xid"
	for _, p := range slices.Sorted(maps.Keys(targets)) {
		fields += fmt.Sprintf(" %s @filter(eq(xid, %s)) @facets { xid }", p, vars.List(sortedSet(targets[p])))
	}
	return lookup(ctx, q, &vars, from, fields)
}

// storedEdge finds the stored edge of type pred from n to xid.
func storedEdge(n *dql.Node, pred, xid string) (kg.Edge, bool) {
	if n == nil {
		return kg.Edge{}, false
	}
	for i := range n.Lists[pred] {
		if t := &n.Lists[pred][i]; t.ID == xid {
			return t.Edge(pred), true
		}
	}
	return kg.Edge{}, false
}

// edges upserts one batch of edges, comparing facets with what is stored.
func (w *writer) edges(ctx context.Context, batch []kg.Edge) error {
	to := make([]string, len(batch))
	for i, e := range batch {
		to[i] = e.To
	}
	err := w.write(ctx, func(ctx context.Context, tx store.Txn, m *nquads, c *Report) error {
		froms, err := storedEdges(ctx, tx, batch)
		if err != nil {
			return err
		}
		tos, err := lookup(ctx, tx, &dql.Vars{}, to, "uid xid")
		if err != nil {
			return err
		}
		for _, e := range batch {
			f, t := froms[e.From], tos[e.To]
			if f == nil || t == nil {
				if !w.opt.DryRun { // checked against the graph, but since removed from it
					return kg.Errorf(kg.CodeConflict, "%s: edge %s -%s-> %s: an end is no longer in the graph", e.Pos, e.From, e.Type, e.To)
				}
				// In a dry run the endpoint may be an entity of this input
				// that has not been written.
				c.Edges.Created++
				c.record(func() RecordDiff {
					return RecordDiff{From: e.From, Type: e.Type, To: e.To, Created: true, Changes: edgeChanges(nil, edgeFacets(e))}
				})
				continue
			}
			stored, exists := storedEdge(f, e.Type, e.To)
			var have map[string]string
			if exists {
				have = edgeFacets(stored)
				if !w.opt.Replace {
					e = mergeEdge(e, stored)
				}
			}
			want := edgeFacets(e)
			switch {
			case !exists:
				c.Edges.Created++
			case maps.Equal(have, want):
				c.Edges.Unchanged++
				continue
			default:
				c.Edges.Updated++
			}
			c.record(func() RecordDiff {
				return RecordDiff{From: e.From, Type: e.Type, To: e.To, Created: !exists, Changes: edgeChanges(have, want)}
			})
			m.setEdge(node(f.UID), e.Type, node(t.UID), rdfFacets(want))
		}
		return nil
	})
	w.progress(len(batch))
	return err
}
