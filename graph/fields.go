package graph

import (
	"context"
	"strconv"
	"strings"

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

// facilityStage is a facility's stage as the API names it; every facility
// has one (the loaders require it).
func facilityStage(f *model.Facility) (model.FacilityStage, error) {
	if f.Stage == nil {
		return "", kg.Errorf(kg.CodeInternal, "facility %s has no stage", f.ID)
	}
	return model.FacilityStage(strings.ToUpper(*f.Stage)), nil
}

// facilityStatusFields are what facilityStatus reads.
var facilityStatusFields = []kg.Attr{kg.AttrOpenedYear, kg.AttrClosedYear, kg.AttrStatus}

// facilityStatus decides a facility's status in the year of asOf (default
// today), or nil when nothing says.
func facilityStatus(f *model.Facility, asOf *model.Date, today string) *model.FacilityStatus {
	d := today
	if asOf != nil {
		d = string(*asOf)
	}
	year, _ := strconv.Atoi(d[:4])
	text := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	reported := ""
	if f.ReportedStatus != nil {
		reported = *f.ReportedStatus
	}
	s := kg.FacilityStatusIn(text(f.OpenedYear), text(f.ClosedYear), reported, year)
	if s == "" {
		return nil
	}
	out := model.FacilityStatus(strings.ToUpper(s))
	return &out
}
