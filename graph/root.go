package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
)

// An operation's root fields are planned together and answered by one DQL
// request; each root resolver then picks its own result by response key.

type batchKey struct{}

// batch is the shared answer of one operation.
type batch struct {
	once    sync.Once
	results map[string]rootResult
}

type rootResult struct {
	value any
	err   error
}

// WithBatch gives an operation its batch; install it with AroundOperations.
func WithBatch(ctx context.Context) context.Context {
	return context.WithValue(ctx, batchKey{}, &batch{})
}

// finisher turns the DQL answer into one root field's value.
type finisher func(resp map[string]json.RawMessage, d *decoder) (any, error)

// rootPlanners plan each root field by name.
var rootPlanners = map[string]func(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error){}

// rootWalkers answer root fields that walk the graph level by level, with
// requests of their own (package analysis says why).
var rootWalkers = map[string]func(ctx context.Context, r *Resolver, f graphql.CollectedField) (any, error){}

// root returns this root field's value, running the operation's request on
// the first call.
func (r *Resolver) root(ctx context.Context) (any, error) {
	b, _ := ctx.Value(batchKey{}).(*batch)
	if b == nil {
		b = &batch{} // an executor without the middleware: plan alone
	}
	b.once.Do(func() { b.results = r.execute(ctx) })
	key := graphql.GetFieldContext(ctx).Field.Alias
	res, ok := b.results[key]
	if !ok {
		return nil, kg.Errorf(kg.CodeInternal, "no plan for field %q", key)
	}
	return res.value, res.err
}

// execute plans every root field, sends one DQL request and decodes it.
func (r *Resolver) execute(ctx context.Context) map[string]rootResult {
	op := graphql.GetOperationContext(ctx)
	p := newPlanner(op, r.today())
	results := map[string]rootResult{}
	finishers := map[string]finisher{}
	for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Query"}) {
		if walk, ok := rootWalkers[f.Name]; ok {
			v, err := walk(ctx, r, f)
			results[f.Alias] = rootResult{value: v, err: err}
			continue
		}
		plan, ok := rootPlanners[f.Name]
		if !ok {
			continue // introspection
		}
		// A field whose arguments are refused leaves nothing in the request:
		// Dgraph rejects a var block that nothing uses, and walks it planned
		// name the variables forgotten here.
		blocks, vars, rels := len(p.blocks), p.vars.Len(), maps.Clone(p.rels)
		fin, err := plan(r, p, f)
		if err != nil {
			p.blocks = p.blocks[:blocks]
			p.vars.Truncate(vars)
			p.rels = rels
			results[f.Alias] = rootResult{err: err}
			continue
		}
		finishers[f.Alias] = fin
	}
	if len(finishers) == 0 {
		return results
	}
	var resp map[string]json.RawMessage
	var err error
	if len(p.blocks) > 0 {
		var data []byte
		data, err = r.Store.Query(ctx, p.query(), p.vars.Map())
		if err == nil {
			err = json.Unmarshal(data, &resp)
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

// decoder reads answers, with edge sources from the catalog.
func (r *Resolver) decoder(ctx context.Context) *decoder {
	return &decoder{sources: func(ids []string) []*model.Source { return r.sources.Get(ctx, ids) }}
}

// nodes decodes a block's list of nodes.
func nodes(resp map[string]json.RawMessage, block string) ([]map[string]any, error) {
	raw, ok := resp[block]
	if !ok {
		return nil, nil
	}
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("decode %s: %w", block, err)
	}
	return out, nil
}

// count reads a `{ n: count(uid) }` block.
func count(resp map[string]json.RawMessage, block string) int {
	var out []struct {
		N int `json:"n"`
	}
	if raw, ok := resp[block]; ok && json.Unmarshal(raw, &out) == nil && len(out) > 0 {
		return out[0].N
	}
	return 0
}

func init() {
	rootPlanners["entity"] = planEntity
	rootPlanners["entities"] = planEntities
}

const maxIDs = 100

func planEntity(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	id, _ := f.ArgumentMap(p.op.Variables)["id"].(string)
	p.memSortLevel = 1 // one entity: its lists may be fetched whole and sorted here
	np, err := p.node(f.Selections, entityTypes)
	p.memSortLevel = 0
	if err != nil {
		return nil, err
	}
	a := p.name("entity")
	p.block(fmt.Sprintf("%s(func: eq(xid, %s), first: 1) { %s }", a, p.vars.Add("string", id), np.body))
	return func(resp map[string]json.RawMessage, d *decoder) (any, error) {
		ns, err := nodes(resp, a)
		if err != nil || len(ns) == 0 {
			return nil, err
		}
		return d.node(ns[0], np), nil
	}, nil
}

func planEntities(r *Resolver, p *planner, f graphql.CollectedField) (finisher, error) {
	ids, err := stringList(f.ArgumentMap(p.op.Variables)["ids"])
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, kg.Errorf(kg.CodeInvalid, "at most %d ids at once, got %d", maxIDs, len(ids))
	}
	np, err := p.node(f.Selections, entityTypes)
	if err != nil {
		return nil, err
	}
	a := p.name("entities")
	if len(ids) > 0 {
		p.block(fmt.Sprintf("%s(func: eq(xid, %s)) { %s }", a, p.vars.List(ids), np.body))
	}
	return func(resp map[string]json.RawMessage, d *decoder) (any, error) {
		ns, err := nodes(resp, a)
		if err != nil {
			return nil, err
		}
		byID := map[string]model.Entity{}
		for _, raw := range ns {
			if e := d.node(raw, np); e != nil {
				byID[e.Base().ID] = e
			}
		}
		out := make([]model.Entity, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return out, nil
	}, nil
}

// rootAs converts a root result to the resolver's return type.
func rootAs[T any](v any, err error) (T, error) {
	t, _ := v.(T)
	return t, err
}
