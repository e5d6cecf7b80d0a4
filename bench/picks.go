package bench

import (
	"cmp"
	"context"
	"slices"

	"github.com/chokepoint/chokepoint/gen"
	"github.com/chokepoint/chokepoint/kg"
)

// Picks are the entities the operations ask about, chosen from the
// generated graph itself: the same config always gives the same picks.
type Picks struct {
	Entities int    `json:"entities"`
	Edges    int    `json:"edges"`
	Seed     int64  `json:"seed"`
	AsOf     string `json:"asOf"`
	// HubMaterial is the material most products need directly.
	HubMaterial string `json:"hubMaterial"`
	HubNeededBy int    `json:"hubNeededBy"`
	// Materials are ordinary materials: their count of direct dependants
	// is around the median of those that have any.
	Materials []string `json:"materials"`
	// Searches are the names of the ordinary materials, searched for.
	Searches []Search `json:"searches"`
	// HubControl is the control in force on AsOf that restricts the most
	// items on that day.
	HubControl   string `json:"hubControl"`
	HubRestricts int    `json:"hubRestricts"`
	// PathFrom and PathTo are an ordinary official and an entity
	// PathHops hops away from it over edges valid on AsOf (controls left
	// out), as far as the walk went within maxPathHops.
	PathFrom string `json:"pathFrom"`
	PathTo   string `json:"pathTo"`
	PathHops int    `json:"pathHops"`
}

// Search is a text to search for and the id it must find.
type Search struct {
	Text string `json:"text"`
	Want string `json:"want"`
}

// How many ordinary materials the lookups rotate over, and how far apart
// the ends of the paths operation are.
const (
	ordinaryMaterials = 8
	maxPathHops       = 4
)

// Pick walks the graph of cfg once and chooses what to ask about on day
// asOf.
func Pick(ctx context.Context, cfg gen.Config, asOf string) (Picks, error) {
	p := Picks{Seed: cfg.Seed, AsOf: asOf}
	type control struct{ issued, effective, until string }
	var (
		index     = map[string]int32{}
		ids       []string
		kinds     []kg.Kind
		names     = map[string]string{}
		controls  = map[string]control{}
		neededBy  = map[string]int{}
		restricts = map[string]int{}
		susp      = map[string][]kg.Interval{}
		adj       [][]int32
	)
	valid := func(e *kg.Edge) bool {
		return (e.Since == "" || e.Since <= asOf) && (e.Until == "" || asOf <= e.Until)
	}
	err := gen.Walk(ctx, cfg, func(e *kg.Entity) error {
		index[e.ID] = int32(len(ids))
		ids = append(ids, e.ID)
		kinds = append(kinds, e.Kind)
		switch e.Kind {
		case kg.Material:
			names[e.ID] = e.Name
		case kg.Control:
			controls[e.ID] = control{e.Attrs[kg.AttrIssued], e.Attrs[kg.AttrEffective], e.Attrs[kg.AttrUntil]}
		}
		return nil
	}, func(e *kg.Edge) error {
		if adj == nil {
			adj = make([][]int32, len(ids))
		}
		p.Edges++
		switch e.Type {
		case "needs":
			neededBy[e.To]++
		case "restricts":
			if valid(e) {
				restricts[e.From]++
			}
		case "suspends":
			susp[e.To] = append(susp[e.To], kg.Interval{Since: e.Since, Until: e.Until})
		}
		from, to := index[e.From], index[e.To]
		if valid(e) && kinds[from] != kg.Control && kinds[to] != kg.Control {
			adj[from] = append(adj[from], to)
			adj[to] = append(adj[to], from)
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	p.Entities = len(ids)
	if adj == nil {
		adj = make([][]int32, len(ids))
	}

	// Materials by how many products need them, most first, ties by id.
	var mats []string
	for id := range names {
		if neededBy[id] > 0 {
			mats = append(mats, id)
		}
	}
	slices.SortFunc(mats, func(a, b string) int { return cmp.Or(cmp.Compare(neededBy[b], neededBy[a]), cmp.Compare(a, b)) })
	if len(mats) > 0 {
		p.HubMaterial, p.HubNeededBy = mats[0], neededBy[mats[0]]
		mid := len(mats) / 2
		lo := max(1, mid-ordinaryMaterials/2)
		for _, id := range mats[lo:min(len(mats), lo+ordinaryMaterials)] {
			p.Materials = append(p.Materials, id)
			p.Searches = append(p.Searches, Search{Text: names[id], Want: id})
		}
	}

	// The control in force that restricts the most.
	var ctrls []string
	for id, c := range controls {
		if kg.StatusOn(c.issued, c.effective, c.until, susp[id], asOf) == kg.StatusInForce && restricts[id] > 0 {
			ctrls = append(ctrls, id)
		}
	}
	slices.SortFunc(ctrls, func(a, b string) int { return cmp.Or(cmp.Compare(restricts[b], restricts[a]), cmp.Compare(a, b)) })
	if len(ctrls) > 0 {
		p.HubControl, p.HubRestricts = ctrls[0], restricts[ctrls[0]]
	}

	// An ordinary official (median degree among those with any edge), and
	// the farthest entity a breadth-first walk from it reaches within
	// maxPathHops, the first met at that distance.
	var offs []int32
	for i, k := range kinds {
		if k == kg.Official && len(adj[i]) > 0 {
			offs = append(offs, int32(i))
		}
	}
	slices.SortFunc(offs, func(a, b int32) int {
		return cmp.Or(cmp.Compare(len(adj[a]), len(adj[b])), cmp.Compare(ids[a], ids[b]))
	})
	if len(offs) > 0 {
		from := offs[len(offs)/2]
		dist := map[int32]int{from: 0}
		frontier := []int32{from}
		far, farHops := from, 0
		for hop := 1; hop <= maxPathHops && len(frontier) > 0; hop++ {
			var next []int32
			for _, u := range frontier {
				for _, v := range adj[u] {
					if _, seen := dist[v]; !seen {
						dist[v] = hop
						next = append(next, v)
					}
				}
			}
			if len(next) > 0 {
				// The first of the products reached, else the first reached.
				far, farHops = next[0], hop
				for _, v := range next {
					if kinds[v] == kg.Product {
						far = v
						break
					}
				}
			}
			frontier = next
		}
		p.PathFrom, p.PathTo, p.PathHops = ids[from], ids[far], farHops
	}
	return p, nil
}
