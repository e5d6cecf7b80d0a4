package dql

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Node is one node of Dgraph's JSON answer, read once for every reader:
// its identity and kind, names, typed attributes in text form, sources,
// suspensions, the facets of the edge that led to it, and whatever nested
// lists and counts the query asked for under other aliases.
type Node struct {
	UID         string
	ID          string  // xid
	Kind        kg.Kind // "" for a node that is not an entity
	Name        string
	Aliases     []string
	Folded      []string
	Description string
	// Attrs holds the typed attributes as text (dates as YYYY-MM-DD).
	Attrs map[kg.Attr]string
	// Sources are the nodes of the entity's `sources` edge.
	Sources []Node
	// Suspensions are the intervals in which other controls suspend this
	// one (fetched with StatusFields).
	Suspensions []kg.Interval
	// Lists holds nested node lists by alias, such as a relation walk.
	Lists map[string][]Node
	// Counts holds count(…) values by alias.
	Counts map[string]int
	// facets of the edge that led here, keyed "alias|facet".
	facets map[string]any
}

// UnmarshalJSON reads one node of a DQL answer.
func (n *Node) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	for key, val := range raw {
		if err := n.set(key, val); err != nil {
			return fmt.Errorf("decode %s: %w", key, err)
		}
	}
	return nil
}

func (n *Node) set(key string, val json.RawMessage) error {
	switch key {
	case "uid":
		return json.Unmarshal(val, &n.UID)
	case "xid":
		return json.Unmarshal(val, &n.ID)
	case "name":
		return json.Unmarshal(val, &n.Name)
	case "description":
		return json.Unmarshal(val, &n.Description)
	case "aliases":
		return json.Unmarshal(val, &n.Aliases)
	case "folded":
		return json.Unmarshal(val, &n.Folded)
	case "sources":
		return json.Unmarshal(val, &n.Sources)
	case "dgraph.type":
		var types []string
		if err := json.Unmarshal(val, &types); err != nil {
			return err
		}
		for _, t := range types {
			if k, ok := kg.ParseKind(t); ok {
				n.Kind = k
			}
		}
		return nil
	case SuspensionsAlias:
		var susp []Node
		if err := json.Unmarshal(val, &susp); err != nil {
			return err
		}
		for _, s := range susp {
			e := s.Edge(SuspensionsAlias)
			n.Suspensions = append(n.Suspensions, kg.Interval{Since: e.Since, Until: e.Until})
		}
		return nil
	}
	if strings.Contains(key, "|") {
		var v any
		if err := json.Unmarshal(val, &v); err != nil {
			return err
		}
		if n.facets == nil {
			n.facets = map[string]any{}
		}
		n.facets[key] = v
		return nil
	}
	if a, ok := kg.LookupAttr(key); ok {
		return n.setAttr(a, val)
	}
	switch {
	case bytes.HasPrefix(val, []byte("[")):
		var list []Node
		if err := json.Unmarshal(val, &list); err != nil {
			return err
		}
		if n.Lists == nil {
			n.Lists = map[string][]Node{}
		}
		n.Lists[key] = list
	default:
		var c int
		if json.Unmarshal(val, &c) == nil {
			if n.Counts == nil {
				n.Counts = map[string]int{}
			}
			n.Counts[key] = c
		}
	}
	return nil
}

func (n *Node) setAttr(a kg.AttrSpec, val json.RawMessage) error {
	var text string
	switch a.Type {
	case kg.IntAttr:
		var i int64
		if err := json.Unmarshal(val, &i); err != nil {
			return err
		}
		text = strconv.FormatInt(i, 10)
	default:
		if err := json.Unmarshal(val, &text); err != nil {
			return err
		}
		if a.Type == kg.DateAttr && len(text) > 10 {
			text = text[:10] // a datetime: its day
		}
	}
	if n.Attrs == nil {
		n.Attrs = map[kg.Attr]string{}
	}
	n.Attrs[a.Name] = text
	return nil
}

// Edge reads the properties of the edge that led to this node under
// alias, from the facets Dgraph returns on it. Open validity bounds come
// back as "".
func (n *Node) Edge(alias string) kg.Edge {
	str := func(name string) string {
		s, _ := n.facets[alias+"|"+name].(string)
		return s
	}
	num := func(name string) *float64 {
		if f, ok := n.facets[alias+"|"+name].(float64); ok {
			return &f
		}
		return nil
	}
	e := kg.Edge{
		Since: openBound(str("since")), Until: openBound(str("until")),
		Role: str("role"), Share: num("share"), Quantity: num("quantity"), Unit: str("unit"),
		Confidence: str("confidence"), Supplier: str("supplier"), Note: str("note"),
	}
	if s := str("sources"); s != "" {
		e.Sources = strings.Split(s, SourceSep)
	}
	return e
}

// Status is a control's status on day d, from its StatusFields.
func (n *Node) Status(d string) kg.ControlStatus {
	return kg.StatusOn(n.Attrs[kg.AttrIssued], n.Attrs[kg.AttrEffective], n.Attrs[kg.AttrUntil], n.Suspensions, d)
}

// InForce reports whether a node acts on day d: a control only while in
// force, any other entity always.
func (n *Node) InForce(d string) bool {
	return n.Kind != kg.Control || n.Status(d) == kg.StatusInForce
}

// openBound maps a stored facet datetime to YYYY-MM-DD, and the stored open
// bounds to "".
func openBound(s string) string {
	if len(s) >= 10 {
		s = s[:10]
	}
	if s == kg.OpenSince || s == kg.OpenUntil {
		return ""
	}
	return s
}

// Decode reads the node list of each named block of a DQL answer.
func Decode(data []byte) (map[string][]Node, error) {
	var out map[string][]Node
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("decode dgraph answer: %w", err)
	}
	return out, nil
}
