package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/chokepoint/chokepoint/graph/model"
	"github.com/chokepoint/chokepoint/kg"
)

// relationsOf returns the relation list the planner fetched for this field
// of n: the field resolvers only read memory.
func relationsOf(ctx context.Context, n *model.Node) (*model.RelationConnection, error) {
	key := graphql.GetFieldContext(ctx).Field.Alias
	if c, ok := n.Relations[key]; ok {
		return c, nil
	}
	return nil, kg.Errorf(kg.CodeInternal, "relation %q of %s was not planned", key, n.ID)
}

// controlStatus decides a control's status on asOf (default today).
func controlStatus(c *model.Control, asOf *model.Date, today string) model.ControlStatus {
	d := today
	if asOf != nil {
		d = string(*asOf)
	}
	deref := func(p *model.Date) string {
		if p == nil {
			return ""
		}
		return string(*p)
	}
	return model.ControlStatus(kg.StatusOn(deref(c.Issued), deref(c.Effective), deref(c.Until), c.Suspensions, d))
}
