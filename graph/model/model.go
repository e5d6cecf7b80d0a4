// Package model holds the GraphQL models. Entities decode straight from
// Dgraph's JSON answer; relation lists are filled by the query planner and
// read back by response key, so no field resolver touches the store.
package model

import (
	"io"
	"strconv"

	"github.com/chokepoint/chokepoint/kg"
)

// Date is an ISO 8601 calendar date (2025-11-20).
type Date string

// ParseDate validates s as a calendar date.
func ParseDate(s string) (Date, error) {
	if _, err := kg.ParseDate(s); err != nil {
		return "", kg.Errorf(kg.CodeInvalid, "invalid date %s: want YYYY-MM-DD, e.g. 2025-11-20", kg.Quote(s))
	}
	return Date(s), nil
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return kg.Errorf(kg.CodeInvalid, "invalid date: want a string YYYY-MM-DD, got %T", v)
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

// Entity is any node of the graph.
type Entity interface {
	IsEntity()
	Base() *Node
}

// Node holds what every entity has, and every kind's typed attributes (a
// kind's GraphQL type exposes only its own).
type Node struct {
	ID          string
	Kind        EntityKind
	Name        string
	Aliases     []string
	Description *string
	Sources     []*Source
	Attributes

	// Relations holds the relation lists the planner fetched, by the
	// response key (alias or name) of the field that asked for them.
	Relations map[string]*RelationConnection
	// Suspensions are the intervals in which other controls suspend this
	// one, fetched when a control's status is asked for.
	Suspensions []kg.Interval
}

func textAttr(s string) *string { return &s }

func dateAttr(s string) *Date {
	d := Date(s)
	return &d
}

// intAttr reads a stored integer; the store only holds valid ones.
func intAttr(s string) *int {
	i, err := strconv.Atoi(s)
	if err != nil {
		return nil
	}
	return &i
}

// IsEntity implements Entity.
func (*Node) IsEntity() {}

// Base implements Entity.
func (n *Node) Base() *Node { return n }

// The entity types, one per kind.
type (
	Official    struct{ Node }
	Institution struct{ Node }
	Country     struct{ Node }
	Material    struct{ Node }
	Group       struct{ Node }
	Control     struct{ Node }
	Product     struct{ Node }
	Event       struct{ Node }
	Statement   struct{ Node }
	Source      struct{ Node }
	Company     struct{ Node }
	Facility    struct{ Node }
)

// NewEntity returns an empty entity of a kind's type.
func NewEntity(k kg.Kind) Entity {
	switch k {
	case kg.Official:
		return &Official{}
	case kg.Institution:
		return &Institution{}
	case kg.Country:
		return &Country{}
	case kg.Material:
		return &Material{}
	case kg.Group:
		return &Group{}
	case kg.Control:
		return &Control{}
	case kg.Product:
		return &Product{}
	case kg.Event:
		return &Event{}
	case kg.Statement:
		return &Statement{}
	case kg.Source:
		return &Source{}
	case kg.Company:
		return &Company{}
	case kg.Facility:
		return &Facility{}
	}
	return nil
}
