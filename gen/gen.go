// Package gen generates large, realistic Chokepoint graphs for benchmarks
// and scale tests: officials, institutions, countries, materials, groups,
// controls, products, events, statements, sources, companies and their
// facilities, linked by every edge type with heavy-tailed degrees.
//
// A graph is a pure function of its Config: the same config gives the same
// records in the same order, so the files written from it are byte-identical
// on every run and platform. Records are streamed: nothing is kept per
// entity, so memory does not grow with the size of the graph. An entity's
// id, name and the facts its edges depend on are recomputed from
// (seed, kind, index) wherever they are needed.
package gen

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store"
)

// Config selects one graph.
type Config struct {
	// Entities is how many entities to generate, from MinEntities to
	// MaxEntities; the mix of kinds and about five edges per entity scale
	// with it.
	Entities int
	// Seed picks one graph among all graphs of that size.
	Seed int64
}

// The sizes a config may ask for. Graphs are designed for 10^4 to 10^6
// entities; smaller ones are for tests.
const (
	MinEntities = 1_000
	MaxEntities = 10_000_000
)

// Validate reports a config that cannot be generated.
func (c Config) Validate() error {
	if c.Entities < MinEntities || c.Entities > MaxEntities {
		return kg.Errorf(kg.CodeInvalid, "entities: want %d to %d, got %d", MinEntities, MaxEntities, c.Entities)
	}
	return nil
}

// Kind ordinals follow kg.Kinds.
const (
	kOfficial = iota
	kInstitution
	kCountry
	kMaterial
	kGroup
	kControl
	kProduct
	kEvent
	kStatement
	kSource
	kCompany
	kFacility
	numKinds
)

func init() {
	want := []kg.Kind{kg.Official, kg.Institution, kg.Country, kg.Material, kg.Group, kg.Control, kg.Product, kg.Event, kg.Statement, kg.Source,
		kg.Company, kg.Facility}
	if !slices.Equal(kg.Kinds, want) {
		panic("gen: kind ordinals do not follow kg.Kinds")
	}
	sum := 0
	for _, w := range kindWeights {
		sum += w
	}
	if sum != 100 {
		panic("gen: kind weights do not add up to 100")
	}
}

// kindWeights is the mix of kinds in percent of the entities that are not
// countries (countries are a fixed set of at most 250).
var kindWeights = [numKinds]int{
	kOfficial: 10, kInstitution: 15, kMaterial: 5, kGroup: 1, kControl: 5,
	kProduct: 45, kEvent: 4, kStatement: 4, kSource: 1, kCompany: 4, kFacility: 6,
}

// entityOrder is the order kinds are written in: sources first, as the
// loaders write them, then the kinds that others refer to.
var entityOrder = []int{kSource, kCountry, kInstitution, kOfficial, kGroup, kMaterial, kProduct, kCompany, kFacility, kControl, kEvent, kStatement}

// plan holds the sizes and index ranges of one graph; everything else is
// computed from it and the seed.
type plan struct {
	seed  int64
	count [numKinds]int

	countries []*country // in rank order
	eu        int        // rank of the European Union

	gov, orgs int // institutions: [0, gov) government bodies, then orgs, then companies
	elems     int // materials [0, elems) are the canonical elements
	canon     int // groups [0, canon) are the canonical groups
	tierStart []int
	// facilities of stage s are [stageStart[s], stageStart[s+1])
	stageStart []int

	countryRank  map[string]int // code → rank, for the countries in the graph
	nounElements map[int][]int  // elements each product noun draws on
	magnetElems  []int          // elements magnet plants draw on
	govBodies    []institution  // facts of government bodies, computed once

	// ids of the lowest ranks, which most edges reach, computed once
	ids [numKinds][]string

	// published is each source's publication day, and byPublished the
	// sources in order of it, for datedSources.
	published   []int
	byPublished []int
}

// idCache is how many ids per kind are kept: with the hubs among them, most
// edges find both ends here. It bounds memory at a few tens of MB.
const idCache = 1 << 16

func newPlan(cfg Config) (*plan, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p := &plan{seed: cfg.Seed}
	n := cfg.Entities
	nc := min(250, max(20, n/200))
	rest := n - nc
	total := 0
	for k, w := range kindWeights {
		p.count[k] = rest * w / 100
		total += p.count[k]
	}
	p.count[kProduct] += rest - total
	p.count[kCountry] = nc

	p.countries = countryRanks()[:nc]
	p.countryRank = map[string]int{}
	for i, c := range p.countries {
		p.countryRank[c.code] = i
	}
	p.eu = p.countryRank["EU"]
	p.nounElements = map[int][]int{}
	ni := p.count[kInstitution]
	p.gov = max(ni/10, min(nc, ni/3))
	p.orgs = max(3, ni/50)
	p.elems = min(len(elements), p.count[kMaterial])
	p.canon = min(len(canonicalGroups), p.count[kGroup])

	np := p.count[kProduct]
	p.tierStart = make([]int, len(tierWeights)+1)
	acc := 0
	for t, w := range tierWeights {
		p.tierStart[t] = np * acc / 100
		acc += w
	}
	p.tierStart[len(tierWeights)] = np
	p.stageStart = stageRanges(p.count[kFacility])
	p.magnetElems = p.tagElements([]string{"magnet"})

	p.govBodies = make([]institution, p.gov)
	for k := range numKinds {
		p.ids[k] = make([]string, min(idCache, p.count[k]))
	}
	p.datePublications()
	return p, nil
}

// id returns the id of entity i of kind k.
func (p *plan) id(k, i int) string {
	if i >= len(p.ids[k]) {
		return p.makeID(k, i)
	}
	if p.ids[k][i] == "" {
		p.ids[k][i] = p.makeID(k, i)
	}
	return p.ids[k][i]
}

func (p *plan) makeID(k, i int) string {
	prefix := kg.Kinds[k].IDPrefix()
	switch k {
	case kCountry:
		return prefix + strings.ToLower(p.countries[i].code)
	case kInstitution:
		return prefix + p.institution(i).slug
	case kOfficial:
		return prefix + p.official(i).slug
	case kMaterial:
		return prefix + p.material(i).slug
	case kGroup:
		return prefix + p.group(i).slug
	case kProduct:
		return prefix + p.product(i).slug
	case kControl:
		return prefix + p.control(i).slug
	case kEvent:
		return prefix + p.event(i).slug
	case kStatement:
		return prefix + p.statement(i).slug
	case kSource:
		return prefix + p.source(i).slug
	case kCompany:
		return prefix + p.company(i).slug
	case kFacility:
		return prefix + p.facility(i).slug
	}
	panic(fmt.Sprintf("gen: unknown kind %d", k))
}

// Walk generates the graph of cfg and calls entity for every entity, then
// edge for every edge, in a fixed order. The records passed are reused
// between calls: copy what must outlive the call. Walk stops at the first
// error of a callback or when ctx is done.
func Walk(ctx context.Context, cfg Config, entity func(*kg.Entity) error, edge func(*kg.Edge) error) error {
	p, err := newPlan(cfg)
	if err != nil {
		return err
	}
	w := walker{ctx: ctx}
	e := kg.Entity{Attrs: map[kg.Attr]string{}}
	for _, k := range entityOrder {
		for i := range p.count[k] {
			if err := w.tick(); err != nil {
				return err
			}
			p.entity(&e, k, i)
			if err := entity(&e); err != nil {
				return err
			}
		}
	}
	out := edgeOut{p: p, emit: edge, seen: map[uint64]struct{}{}}
	for _, k := range entityOrder {
		for i := range p.count[k] {
			if err := w.tick(); err != nil {
				return err
			}
			out.begin(k, i)
			p.edges(&out, k, i)
			if out.err != nil {
				return out.err
			}
		}
	}
	return nil
}

// walker checks for cancellation every few thousand records.
type walker struct {
	ctx context.Context
	n   int
}

func (w *walker) tick() error {
	w.n++
	if w.n%4096 == 0 {
		return w.ctx.Err()
	}
	return nil
}

// Graph generates the graph of cfg in memory, for tests and small graphs.
func Graph(ctx context.Context, cfg Config) (kg.Graph, error) {
	var g kg.Graph
	err := Walk(ctx, cfg, func(e *kg.Entity) error {
		c := *e
		c.Aliases = slices.Clone(e.Aliases)
		c.Sources = slices.Clone(e.Sources)
		c.Attrs = maps.Clone(e.Attrs)
		g.Entities = append(g.Entities, c)
		return nil
	}, func(e *kg.Edge) error {
		c := *e
		c.Sources = slices.Clone(e.Sources)
		if e.Share != nil {
			v := *e.Share
			c.Share = &v
		}
		if e.Quantity != nil {
			v := *e.Quantity
			c.Quantity = &v
		}
		g.Edges = append(g.Edges, c)
		return nil
	})
	return g, err
}

// count adds a record to stats.
func count(s *store.Stats, e *kg.Entity, edge *kg.Edge) {
	if s.Entities == nil {
		s.Entities, s.Edges = map[kg.Kind]int{}, map[string]int{}
	}
	if e != nil {
		s.Entities[e.Kind]++
	}
	if edge != nil {
		s.Edges[edge.Type]++
	}
}
