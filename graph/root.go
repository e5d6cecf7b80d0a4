package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
	"github.com/chokepoint/chokepoint/store/dql"
)

// An operation's planned root fields are planned together and answered by
// one DQL request; each root resolver then picks its own result by response
// key. Walk fields (walks.go) are ordinary resolvers that run alongside.

// rootPlan plans one root field into p and returns what reads its value
// from the answer.
type rootPlan func(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error)

// finisher turns the DQL answer into one root field's value.
type finisher func(resp answer, d *decoder) (any, error)

// rootPlans answers every planned root field of Query.
var rootPlans = map[string]rootPlan{
	"entity":          planEntity,
	"entities":        planEntities,
	"search":          planSearch,
	"officials":       listPlan(kg.Official, officialFilter, officialConnection),
	"institutions":    listPlan(kg.Institution, institutionFilter, institutionConnection),
	"materials":       listPlan(kg.Material, materialFilter, materialConnection),
	"controls":        listPlan(kg.Control, controlFilter, controlConnection),
	"products":        listPlan(kg.Product, productFilter, productConnection),
	"companies":       listPlan(kg.Company, companyFilter, companyConnection),
	"facilities":      listPlan(kg.Facility, facilityFilter, facilityConnection),
	"controlsInForce": planControlsInForce,
	"restrictionsOn":  planRestrictionsOn,
}

// walkFields are the root fields that walk the graph with package
// analysis, in requests of their own.
var walkFields = []string{"neighborhood", "paths", "dependencyChain", "exposure"}

// checkRootFields makes a Query field that is neither planned nor walked a
// start-up error rather than an answer that fails at run time.
func checkRootFields(s *ast.Schema) error {
	var missing, both []string
	for _, f := range s.Query.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		_, planned := rootPlans[f.Name]
		walked := slices.Contains(walkFields, f.Name)
		switch {
		case planned && walked:
			both = append(both, f.Name)
		case !planned && !walked:
			missing = append(missing, f.Name)
		}
	}
	if len(missing)+len(both) > 0 {
		return fmt.Errorf("graph: Query fields without a plan %v, or both planned and walked %v", missing, both)
	}
	return nil
}

type batchKey struct{}

// batch is the shared answer of one operation, and the turn its walk
// fields take (see enterWalk).
type batch struct {
	once     sync.Once
	results  map[string]rootResult
	walkTurn chan struct{}
}

type rootResult struct {
	value any
	err   error
}

// withBatch gives an operation its batch (see NewHandler).
func withBatch(ctx context.Context) context.Context {
	return context.WithValue(ctx, batchKey{}, &batch{walkTurn: make(chan struct{}, 1)})
}

// planned returns this planned root field's value, running the operation's
// request on the first call.
func planned[T any](ctx context.Context, r *Resolver) (T, error) {
	var zero T
	b, _ := ctx.Value(batchKey{}).(*batch)
	if b == nil {
		return zero, kg.Errorf(kg.CodeInternal, "operation has no batch: serve it through NewHandler")
	}
	b.once.Do(func() { b.results = r.execute(ctx) })
	res := b.results[graphql.GetFieldContext(ctx).Field.Alias]
	v, _ := res.value.(T)
	return v, res.err
}

// execute plans every planned root field in a planner of its own, merges
// those that plan, sends one DQL request and decodes it.
func (r *Resolver) execute(ctx context.Context) map[string]rootResult {
	op := graphql.GetOperationContext(ctx)
	p := r.newPlanner(op)
	results := map[string]rootResult{}
	finishers := map[string]finisher{}
	for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Query"}) {
		plan, ok := rootPlans[f.Name]
		if !ok {
			continue // a walk, or introspection
		}
		child := p.child()
		fin, err := plan(r, child, f)
		if err != nil {
			// A refused field leaves nothing in the request.
			results[f.Alias] = rootResult{err: err}
			continue
		}
		p.merge(child)
		finishers[f.Alias] = fin
	}
	if len(finishers) == 0 {
		return results
	}
	var resp answer
	var err error
	if len(p.blocks) > 0 {
		var data []byte
		data, err = r.Store.Query(ctx, p.query(), p.vars.Map())
		if err == nil {
			resp, err = decodeAnswer(data)
		}
	}
	d := r.decoder(ctx)
	for key, fin := range finishers {
		if err != nil {
			results[key] = rootResult{err: err}
			continue
		}
		v, ferr := fin(resp, d)
		results[key] = rootResult{value: v, err: ferr}
	}
	return results
}

// answer is a DQL answer: each block's nodes.
type answer map[string][]dql.Node

func decodeAnswer(data []byte) (answer, error) { return dql.Decode(data) }

// count reads a `{ n: count(uid) }` block.
func (a answer) count(block string) int {
	if ns := a[block]; len(ns) > 0 {
		return ns[0].Counts["n"]
	}
	return 0
}

// decoder reads answers, with edge sources from the catalog.
func (r *Resolver) decoder(ctx context.Context) *decoder {
	return &decoder{sources: func(ids []string) []*model.Source { return r.sources.Get(ctx, ids) }}
}

const maxIDs = 100

func planEntity(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	args, err := argsOf[struct {
		ID string `json:"id"`
	}](r.schema, p.op, f)
	if err != nil {
		return nil, err
	}
	np, err := p.node(f.Selections, entityTypes)
	if err != nil {
		return nil, err
	}
	a := p.name("entity")
	p.block(fmt.Sprintf("%s(func: eq(xid, %s), first: 1) { %s }", a, p.vars.Add("string", args.ID), np.body))
	return func(resp answer, d *decoder) (any, error) {
		if ns := resp[a]; len(ns) > 0 {
			return d.node(&ns[0], np), nil
		}
		return nil, nil
	}, nil
}

func planEntities(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	args, err := argsOf[struct {
		IDs []string `json:"ids"`
	}](r.schema, p.op, f)
	if err != nil {
		return nil, err
	}
	if len(args.IDs) > maxIDs {
		return nil, kg.Errorf(kg.CodeInvalid, "at most %d ids at once, got %d", maxIDs, len(args.IDs))
	}
	np, err := p.node(f.Selections, entityTypes)
	if err != nil {
		return nil, err
	}
	a := p.name("entities")
	if len(args.IDs) > 0 {
		p.block(fmt.Sprintf("%s(func: eq(xid, %s)) { %s }", a, p.vars.List(args.IDs), np.body))
	}
	return func(resp answer, d *decoder) (any, error) {
		byID := map[string]model.Entity{}
		for _, e := range d.nodes(resp[a], np) {
			byID[e.Base().ID] = e
		}
		out := make([]model.Entity, len(args.IDs))
		for i, id := range args.IDs {
			out[i] = byID[id]
		}
		return out, nil
	}, nil
}
